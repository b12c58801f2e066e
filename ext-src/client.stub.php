<?php

/**
 * @generate-class-entries
 * @generate-legacy-arginfo 80100
 */

namespace {
    /**
     * Client modes (second argument of new Swoole\Client()): SWOOLE_SOCK_SYNC, blocking calls
     * with timeouts, the only one supported; SWOOLE_SOCK_ASYNC is refused.
     * @var int
     * @cvalue PHP_SWOOLE_SOCK_SYNC
     */
    const SWOOLE_SOCK_SYNC = UNKNOWN;
    /**
     * Refused by new Swoole\Client() (no client event loop here).
     * @var int
     * @cvalue PHP_SWOOLE_SOCK_ASYNC
     */
    const SWOOLE_SOCK_ASYNC = UNKNOWN;
}

namespace Swoole {
    /**
     * A synchronous (blocking, with timeouts) TCP/UDP/unix socket client.
     * SWOOLE_SOCK_ASYNC is refused: this extension has no coroutines or
     * client event loop.
     * @not-serializable
     */
    class Client
    {
        /**
         * Flags of send() and recv(), as the C library's MSG_* (out-of-band data).
         * @var int
         * @cvalue MSG_OOB
         */
        public const MSG_OOB = UNKNOWN;
        /**
         * recv(): look at the data without taking it.
         * @var int
         * @cvalue MSG_PEEK
         */
        public const MSG_PEEK = UNKNOWN;
        /**
         * Do not block: false (errCode EAGAIN) when nothing can be done now.
         * @var int
         * @cvalue MSG_DONTWAIT
         */
        public const MSG_DONTWAIT = UNKNOWN;
        /**
         * recv(): wait for exactly $size bytes (unless the peer closes).
         * @var int
         * @cvalue MSG_WAITALL
         */
        public const MSG_WAITALL = UNKNOWN;

        /** errno or SW_ERROR_* code of the last failure; 0 after a success. */
        public int $errCode = 0;
        /** Text of $errCode. */
        public string $errMsg = "";
        /** The socket's descriptor while it is open, else -1. */
        public int $sock = -1;
        /** The socket type given to the constructor (SWOOLE_SOCK_TCP, ...). */
        public int $type = 0;
        /** What set() accepted. */
        public ?array $setting = null;

        /**
         * A client of socket type $sockType (SWOOLE_SOCK_TCP, _TCP6, _UDP, _UDP6, _UNIX_STREAM,
         * _UNIX_DGRAM); nothing is opened before connect(). SWOOLE_SOCK_ASYNC throws.
         */
        public function __construct(int $sockType, int $isAsync = SWOOLE_SOCK_SYNC) {}

        /**
         * Settings, checked as the server checks them: open_eof_check, open_eof_split,
         * package_eof, open_length_check, package_length_type, package_length_offset,
         * package_body_offset, package_max_length; timeout, connect_timeout,
         * read_timeout, write_timeout (seconds; negative: no limit).
         */
        public function set(array $settings): bool {}

        /**
         * Connects ($host: address, name, or a path for unix sockets). $timeout also becomes
         * the read and write timeout unless set() gave one. $flag is ignored.
         */
        public function connect(string $host, int $port = 0, float $timeout = 0.5, int $sock_flag = 0): bool {}

        /** Sends all of $data; the byte count, or false. */
        public function send(string $data, int $flag = 0): int|false {}

        /** One datagram to $ip:$port (UDP and unix datagram clients). */
        public function sendto(string $ip, int $port, string $data): bool {}

        /**
         * Up to $size bytes (with Client::MSG_WAITALL: exactly $size unless the peer closes),
         * or with framing on, exactly one frame; "" when the peer closed; false on error
         * or timeout (errCode ETIMEDOUT).
         */
        public function recv(int $size = 65536, int $flag = 0): string|false {}

        /** Whether connect() succeeded and the socket is not closed (by close() or a failed call). */
        public function isConnected(): bool {}

        /** ['host' => ..., 'port' => ...] of this end. */
        public function getsockname(): array|false {}

        /** ['host' => ..., 'port' => ...] of the other end. */
        public function getpeername(): array|false {}

        /** Closes the socket; false when it was not open. $force is accepted and ignored. */
        public function close(bool $force = false): bool {}
    }
}
