<?php

/**
 * @generate-class-entries
 * @generate-legacy-arginfo 80100
 */

namespace Swoole\Http {
    /**
     * An HTTP/1.x server: the reactor threads read and check every request;
     * onRequest($request, $response) runs in a worker with a complete one.
     * Malformed requests are answered by the server itself (400, 408, 413, 431,
     * 505, ...) and never reach PHP; keep-alive and pipelining are handled.
     * On SIGTERM every response says Connection: close, and a request already
     * sent on a kept-alive connection is still answered (docs/deployment.md).
     *
     * HTTP settings of set(), besides Swoole\Server's (docs/http.md):
     * - http_parse_post (bool, default true): urlencoded and multipart bodies into $post.
     * - http_parse_cookie (bool, default true): the Cookie header into $cookie.
     * - http_parse_files (bool, default true): multipart files written to upload_tmp_dir, in $files.
     * - upload_tmp_dir (existing directory, default /tmp).
     * - http_compression (bool, default true): gzip or deflate by Accept-Encoding (zlib).
     * - http_compression_level / http_gzip_level (int 1..9, default 1).
     * - compression_min_length (int, default 20): smaller bodies go uncompressed.
     * - enable_static_handler (bool, default false), document_root (required with it),
     *   static_handler_locations (list of URL prefixes, default all), http_index_files (list):
     *   files served by the reactor threads with sendfile(), before PHP; never outside document_root.
     * - http_max_header_size (int, default 16 KiB): a larger request head gets 431.
     * - http_header_timeout (int seconds, default 30, 0 none): a head slower than this gets 408.
     * - package_max_length (default 2 MiB): a larger request body gets 413.
     * - open_http_protocol: always on for this class.
     * - open_tcp_nodelay: default true here.
     * @not-serializable
     */
    class Server extends \Swoole\Server
    {
    }

    /**
     * One request, as onRequest gets it; built in the worker from what the
     * reactor thread checked. Its uploaded files are removed after the callback.
     * @not-serializable
     */
    #[\AllowDynamicProperties]
    class Request
    {
        /** The connection (session id), for Swoole\Server methods and Response::create(). */
        public int $fd = 0;
        /** Header fields, names in lower case; a repeated name keeps the last value. */
        public ?array $header = null;
        /**
         * request_method, request_uri (the path), path_info, query_string (when there is one),
         * server_protocol, server_port, remote_addr, remote_port, request_time, request_time_float,
         * master_time.
         */
        public ?array $server = null;
        /** Cookies as $_COOKIE has them (values URL-decoded), when http_parse_cookie. */
        public ?array $cookie = null;
        /** The query string parsed as $_GET. */
        public ?array $get = null;
        /** urlencoded and multipart fields parsed as $_POST, when http_parse_post. */
        public ?array $post = null;
        /** Multipart files as $_FILES (name, type, tmp_name, error, size), when http_parse_files. */
        public ?array $files = null;
        /** The temporary files written for this request (removed after onRequest). */
        public ?array $tmpfiles = null;

        /** The body, decoded when it came chunked ("" when there is none). */
        public function rawContent(): string|false {}

        /**
         * Alias of rawContent().
         * @implementation-alias Swoole\Http\Request::rawContent
         */
        public function getContent(): string|false {}

        /** The request as it came: head then body. */
        public function getData(): string|false {}

        /** The request method, as sent (GET, POST, ...). */
        public function getMethod(): string|false {}
    }

    /**
     * The answer to one request: set status, headers and cookies, then end() once, or
     * write() several chunks and end(). A response neither ended nor detach()ed when it is
     * dropped (onRequest returned) is answered 500, or its connection closed if part of it
     * was sent: the client never waits for nothing. Writing methods return false once the
     * response is ended.
     * @not-serializable
     */
    #[\AllowDynamicProperties]
    class Response
    {
        /** The connection the response goes to. */
        public int $fd = 0;
        /** Headers set so far (name => value). */
        public ?array $header = null;
        /** Set-Cookie lines set so far. */
        public ?array $cookie = null;

        /** Sets the status code (100..999) and optionally the reason phrase (default: the standard one). */
        public function status(int $http_code, string $reason = ""): bool {}

        /**
         * Alias of status().
         * @implementation-alias Swoole\Http\Response::status
         */
        public function setStatusCode(int $http_code, string $reason = ""): bool {}

        /**
         * Sets a header; an array value is joined with ", ", null removes it. $format writes the
         * name in canonical case (content-type as Content-Type). CR, LF or NUL is refused.
         */
        public function header(string $key, string|array|null $value, bool $format = true): bool {}

        /**
         * Alias of header().
         * @implementation-alias Swoole\Http\Response::header
         */
        public function setHeader(string $key, string|array|null $value, bool $format = true): bool {}

        /**
         * Adds a Set-Cookie header, the value URL-encoded; an empty value deletes the cookie.
         * $samesite: Lax, Strict or None; $priority: Low, Medium or High.
         */
        public function cookie(string $name, string $value = "", int $expires = 0, string $path = "",
            string $domain = "", bool $secure = false, bool $httponly = false, string $samesite = "",
            string $priority = ""): bool {}

        /**
         * Alias of cookie().
         * @implementation-alias Swoole\Http\Response::cookie
         */
        public function setCookie(string $name, string $value = "", int $expires = 0, string $path = "",
            string $domain = "", bool $secure = false, bool $httponly = false, string $samesite = "",
            string $priority = ""): bool {}

        /** As cookie(), with the value sent as it is (not URL-encoded). */
        public function rawCookie(string $name, string $value = "", int $expires = 0, string $path = "",
            string $domain = "", bool $secure = false, bool $httponly = false, string $samesite = "",
            string $priority = ""): bool {}

        /**
         * Sends a chunk of the body: the head goes with the first call, then each chunk with
         * Transfer-Encoding: chunked (HTTP/1.0: the body ends with the connection). end() finishes.
         */
        public function write(string $content): bool {}

        /**
         * Sends the head (with Content-Length, compressed when the client accepts it) and
         * $content, and finishes the response. Once per response.
         */
        public function end(?string $content = null): bool {}

        /**
         * Sends the head (Content-Type from the file's extension unless set) and $length bytes of
         * the file from $offset (0: to the end) with the kernel's sendfile(); finishes the response.
         */
        public function sendfile(string $filename, int $offset = 0, int $length = 0): bool {}

        /** Answers $http_code (301, 302, 303, 307, 308...) with a Location header, and finishes. */
        public function redirect(string $location, int $http_code = 302): bool {}

        /** Whether the response can still be written: not ended and not detached. */
        public function isWritable(): bool {}

        /**
         * Leaves the response unanswered when onRequest returns, to be answered later through
         * Response::create($fd) in the same worker (from a timer, say).
         */
        public function detach(): bool {}

        /**
         * A response for connection $fd of the running HTTP server, in a worker: create($fd) or
         * create($server, $fd). A warning and false outside a worker.
         */
        public static function create(object|int $server = -1, int $fd = -1): Response|false {}
    }
}
