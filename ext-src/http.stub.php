<?php

/**
 * @generate-class-entries
 * @generate-legacy-arginfo 80100
 */

namespace Swoole\Http {
    /**
     * An HTTP/1.x server: the reactor threads read and check every request;
     * onRequest($request, $response) runs in a worker with a complete one.
     * @not-serializable
     */
    class Server extends \Swoole\Server
    {
    }

    /** @not-serializable */
    #[\AllowDynamicProperties]
    class Request
    {
        public int $fd = 0;
        /** Header fields, names in lower case. */
        public ?array $header = null;
        public ?array $server = null;
        public ?array $cookie = null;
        public ?array $get = null;
        public ?array $post = null;
        public ?array $files = null;
        public ?array $tmpfiles = null;

        public function rawContent(): string|false {}

        /** @implementation-alias Swoole\Http\Request::rawContent */
        public function getContent(): string|false {}

        /** The request as it came: head then body. */
        public function getData(): string|false {}

        public function getMethod(): string|false {}
    }

    /** @not-serializable */
    #[\AllowDynamicProperties]
    class Response
    {
        public int $fd = 0;
        public ?array $header = null;
        public ?array $cookie = null;

        public function status(int $http_code, string $reason = ""): bool {}

        /** @implementation-alias Swoole\Http\Response::status */
        public function setStatusCode(int $http_code, string $reason = ""): bool {}

        public function header(string $key, string|array|null $value, bool $format = true): bool {}

        /** @implementation-alias Swoole\Http\Response::header */
        public function setHeader(string $key, string|array|null $value, bool $format = true): bool {}

        public function cookie(string $name, string $value = "", int $expires = 0, string $path = "",
            string $domain = "", bool $secure = false, bool $httponly = false, string $samesite = "",
            string $priority = ""): bool {}

        /** @implementation-alias Swoole\Http\Response::cookie */
        public function setCookie(string $name, string $value = "", int $expires = 0, string $path = "",
            string $domain = "", bool $secure = false, bool $httponly = false, string $samesite = "",
            string $priority = ""): bool {}

        public function rawCookie(string $name, string $value = "", int $expires = 0, string $path = "",
            string $domain = "", bool $secure = false, bool $httponly = false, string $samesite = "",
            string $priority = ""): bool {}

        public function write(string $content): bool {}

        public function end(?string $content = null): bool {}

        public function sendfile(string $filename, int $offset = 0, int $length = 0): bool {}

        public function redirect(string $location, int $http_code = 302): bool {}

        public function isWritable(): bool {}

        public function detach(): bool {}

        public static function create(object|int $server = -1, int $fd = -1): Response|false {}
    }
}
