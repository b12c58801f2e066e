<?php
/**
 * IDE stubs for the swoole extension 0.1.0, assembled from its *.stub.php
 * files by tools/gen_stubs.php: do not edit, regenerate.
 *
 * Callback signatures: Swoole\Server::on() (and Server\Port::on(), Process\Pool::on()).
 * Settings: Swoole\Server::set() and Swoole\Http\Server; docs/settings.md, docs/http.md.
 */

// ---- from swoole.stub.php

namespace {
    /**
     * The extension's version, as swoole_version() and phpversion("swoole") give it.
     * @var string
     * @cvalue SW_VERSION
     */
    const SWOOLE_VERSION = '0.1.0';
    /**
     * The version as one number: major * 10000 + minor * 100 + release.
     * @var int
     * @cvalue SW_VERSION_ID
     */
    const SWOOLE_VERSION_ID = 100;
    /**
     * The major version number.
     * @var int
     * @cvalue SW_MAJOR_VERSION
     */
    const SWOOLE_MAJOR_VERSION = 0;
    /**
     * The minor version number.
     * @var int
     * @cvalue SW_MINOR_VERSION
     */
    const SWOOLE_MINOR_VERSION = 1;
    /**
     * The release (patch) version number.
     * @var int
     * @cvalue SW_RELEASE_VERSION
     */
    const SWOOLE_RELEASE_VERSION = 0;

    /**
     * Kinds of error numbers for swoole_strerror()'s second argument: an errno value or one of the extension's codes.
     * @var int
     * @cvalue PHP_SWOOLE_STRERROR_SYSTEM
     */
    const SWOOLE_STRERROR_SYSTEM = 0;
    /**
     * A getaddrinfo() error code.
     * @var int
     * @cvalue PHP_SWOOLE_STRERROR_GAI
     */
    const SWOOLE_STRERROR_GAI = 1;
    /**
     * An h_errno (resolver) code.
     * @var int
     * @cvalue PHP_SWOOLE_STRERROR_DNS
     */
    const SWOOLE_STRERROR_DNS = 2;
    /**
     * One of the extension's codes (SW_ERROR_*), or an errno value.
     * @var int
     * @cvalue PHP_SWOOLE_STRERROR_SWOOLE
     */
    const SWOOLE_STRERROR_SWOOLE = 9;

    /**
     * Server modes (Swoole\Server's third argument): every worker accepts and serves its own connections.
     * @var int
     * @cvalue SW_MODE_BASE
     */
    const SWOOLE_BASE = 1;
    /**
     * The master's reactor threads own the connections and dispatch to the workers (the default).
     * @var int
     * @cvalue SW_MODE_PROCESS
     */
    const SWOOLE_PROCESS = 2;

    /**
     * Socket types of servers, ports and clients: TCP over IPv4.
     * @var int
     * @cvalue SW_SOCK_TCP
     */
    const SWOOLE_SOCK_TCP = 1;
    /**
     * UDP over IPv4 (onPacket).
     * @var int
     * @cvalue SW_SOCK_UDP
     */
    const SWOOLE_SOCK_UDP = 2;
    /**
     * TCP over IPv6.
     * @var int
     * @cvalue SW_SOCK_TCP6
     */
    const SWOOLE_SOCK_TCP6 = 3;
    /**
     * UDP over IPv6 (onPacket).
     * @var int
     * @cvalue SW_SOCK_UDP6
     */
    const SWOOLE_SOCK_UDP6 = 4;
    /**
     * A unix datagram socket (the host is its path; onPacket).
     * @var int
     * @cvalue SW_SOCK_UNIX_DGRAM
     */
    const SWOOLE_SOCK_UNIX_DGRAM = 5;
    /**
     * A unix stream socket (the host is its path).
     * @var int
     * @cvalue SW_SOCK_UNIX_STREAM
     */
    const SWOOLE_SOCK_UNIX_STREAM = 6;

    /**
     * Log levels (the log_level setting, swoole_async_set()): everything, 0.
     * @var int
     * @cvalue SW_LOG_DEBUG
     */
    const SWOOLE_LOG_DEBUG = 0;
    /**
     * Trace lines and above, 1.
     * @var int
     * @cvalue SW_LOG_TRACE
     */
    const SWOOLE_LOG_TRACE = 1;
    /**
     * Informational lines and above, 2 (the default).
     * @var int
     * @cvalue SW_LOG_INFO
     */
    const SWOOLE_LOG_INFO = 2;
    /**
     * Notices and above, 3.
     * @var int
     * @cvalue SW_LOG_NOTICE
     */
    const SWOOLE_LOG_NOTICE = 3;
    /**
     * Warnings and errors, 4.
     * @var int
     * @cvalue SW_LOG_WARNING
     */
    const SWOOLE_LOG_WARNING = 4;
    /**
     * Errors only, 5.
     * @var int
     * @cvalue SW_LOG_ERROR
     */
    const SWOOLE_LOG_ERROR = 5;
    /**
     * Nothing, 6.
     * @var int
     * @cvalue SW_LOG_NONE
     */
    const SWOOLE_LOG_NONE = 6;

    /**
     * Dispatch modes (the dispatch_mode setting): 1, round robin.
     * @var int
     * @cvalue SW_DISPATCH_ROUND
     */
    const SWOOLE_DISPATCH_ROUND = 1;
    /**
     * 2, by connection: all of a connection's events go to one worker (the default).
     * @var int
     * @cvalue SW_DISPATCH_FDMOD
     */
    const SWOOLE_DISPATCH_FDMOD = 2;
    /**
     * 3, the least busy worker.
     * @var int
     * @cvalue SW_DISPATCH_IDLE
     */
    const SWOOLE_DISPATCH_IDLE_WORKER = 3;
    /**
     * 4, by client address.
     * @var int
     * @cvalue SW_DISPATCH_IPMOD
     */
    const SWOOLE_DISPATCH_IPMOD = 4;
    /**
     * 5, by the uid given to Swoole\Server::bind() (by connection until then).
     * @var int
     * @cvalue SW_DISPATCH_UIDMOD
     */
    const SWOOLE_DISPATCH_UIDMOD = 5;

    /** The extension's version (SWOOLE_VERSION). */
    function swoole_version(): string {}

    /** Sets the title ps shows (and the 15-byte name top shows) for the calling process. */
    function swoole_set_process_name(string $name): bool {}

    /**
     * Text for an error number. SWOOLE_STRERROR_SYSTEM (default) and
     * SWOOLE_STRERROR_SWOOLE: an errno value (below 1000) or one of this
     * extension's codes (SW_ERROR_*); SWOOLE_STRERROR_GAI: a getaddrinfo()
     * code; SWOOLE_STRERROR_DNS: an h_errno code.
     */
    function swoole_strerror(int $errno, int $error_type = SWOOLE_STRERROR_SYSTEM): string {}

    /** Last error of the extension's core in this process (0 when none). */
    function swoole_last_error(): int {}

    /** The C library's errno as the last system call left it. */
    function swoole_errno(): int {}

    /** Resets swoole_last_error() (and errno) to 0. */
    function swoole_clear_error(): void {}

    /** Processors online. */
    function swoole_cpu_num(): int {}

    /** IPv4 address of each interface that is up, except loopback: [interface name => address]. */
    function swoole_get_local_ip(): array {}
}

namespace Swoole {
    /**
     * What the extension throws for bad arguments and settings (naming the key and the allowed
     * values) and for failures before a server starts (a port that cannot be bound).
     */
    class Exception extends \Exception
    {
    }
}

// ---- from ext-src/atomic.stub.php

namespace Swoole {
    /**
     * A 32-bit unsigned counter in shared memory (values wrap modulo 2^32).
     * Create it before Server::start() so that every process shares it.
     * @not-serializable
     */
    final class Atomic
    {
        /** A counter starting at $value (taken modulo 2^32). */
        public function __construct(int $value = 0) {}

        /** Adds and returns the new value. */
        public function add(int $add_value = 1): int {}

        /** Subtracts and returns the new value. */
        public function sub(int $sub_value = 1): int {}

        /** The current value. */
        public function get(): int {}

        /** Stores $value (modulo 2^32). */
        public function set(int $value): void {}

        /** Sets $new_value if the counter equals $cmp_value; true if it did. */
        public function cmpset(int $cmp_value, int $new_value): bool {}

        /**
         * Returns true at once if the value is not 0 (a value of exactly 1, a
         * posted wakeup, is reset to 0); otherwise sleeps until wakeup() (true)
         * or for $timeout seconds (false, swoole_errno() = ETIMEDOUT).
         * A negative $timeout waits without a limit.
         */
        public function wait(float $timeout = 1.0): bool {}

        /** Sets the value to 1 if it is 0 and wakes up to $count waiters. */
        public function wakeup(int $count = 1): bool {}
    }
}

namespace Swoole\Atomic {
    /**
     * A signed 64-bit counter in shared memory (wraps around on overflow).
     * @not-serializable
     */
    final class Long
    {
        /** A counter starting at $value. */
        public function __construct(int $value = 0) {}

        /** Adds and returns the new value. */
        public function add(int $add_value = 1): int {}

        /** Subtracts and returns the new value. */
        public function sub(int $sub_value = 1): int {}

        /** The current value. */
        public function get(): int {}

        /** Stores $value. */
        public function set(int $value): void {}

        /** Sets $new_value if the counter equals $cmp_value; true if it did. */
        public function cmpset(int $cmp_value, int $new_value): bool {}
    }
}

// ---- from ext-src/client.stub.php

namespace {
    /**
     * Client modes (second argument of new Swoole\Client()): SWOOLE_SOCK_SYNC, blocking calls
     * with timeouts, the only one supported; SWOOLE_SOCK_ASYNC is refused.
     * @var int
     * @cvalue PHP_SWOOLE_SOCK_SYNC
     */
    const SWOOLE_SOCK_SYNC = 0;
    /**
     * Refused by new Swoole\Client() (no client event loop here).
     * @var int
     * @cvalue PHP_SWOOLE_SOCK_ASYNC
     */
    const SWOOLE_SOCK_ASYNC = 1;
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
        public const MSG_OOB = 1;
        /**
         * recv(): look at the data without taking it.
         * @var int
         * @cvalue MSG_PEEK
         */
        public const MSG_PEEK = 2;
        /**
         * Do not block: false (errCode EAGAIN) when nothing can be done now.
         * @var int
         * @cvalue MSG_DONTWAIT
         */
        public const MSG_DONTWAIT = 64;
        /**
         * recv(): wait for exactly $size bytes (unless the peer closes).
         * @var int
         * @cvalue MSG_WAITALL
         */
        public const MSG_WAITALL = 256;

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

// ---- from ext-src/event.stub.php

namespace {
    /**
     * Watch a descriptor for readability (Swoole\Event::add() flags).
     * @var int
     * @cvalue PHP_SWOOLE_EVENT_READ
     */
    const SWOOLE_EVENT_READ = 512;
    /**
     * Watch a descriptor for writability.
     * @var int
     * @cvalue PHP_SWOOLE_EVENT_WRITE
     */
    const SWOOLE_EVENT_WRITE = 1024;

    /**
     * Watches $fd (an int, a stream resource, or an ext/sockets Socket) in this process's event loop.
     * @param mixed $fd
     */
    function swoole_event_add(mixed $fd, ?callable $read_callback = null, ?callable $write_callback = null,
        int $events = SWOOLE_EVENT_READ): int|false {}

    /**
     * As Swoole\Event::set().
     * @param mixed $fd
     */
    function swoole_event_set(mixed $fd, ?callable $read_callback = null, ?callable $write_callback = null,
        ?int $events = null): bool {}

    /**
     * As Swoole\Event::del().
     * @param mixed $fd
     */
    function swoole_event_del(mixed $fd): bool {}

    /**
     * As Swoole\Event::isset().
     * @param mixed $fd
     */
    function swoole_event_isset(mixed $fd, int $events = SWOOLE_EVENT_READ | SWOOLE_EVENT_WRITE): bool {}

    /** As Swoole\Event::wait(). */
    function swoole_event_wait(): void {}

    /** As Swoole\Event::exit(). */
    function swoole_event_exit(): void {}

    /** As Swoole\Event::defer(). */
    function swoole_event_defer(callable $callback): bool {}

    /** As Swoole\Event::cycle(): $callback at the end of every loop iteration; null removes it. */
    function swoole_event_cycle(?callable $callback, bool $before = false): bool {}

    /** Global options: log_level (0 .. 6); unknown keys are ignored with a notice. */
    function swoole_async_set(array $settings): bool {}
}

namespace Swoole {
    /**
     * The event loop of the calling process: in a server worker its loop, in a plain script
     * one that runs at the end of the script (or in wait()). Descriptors, timers, defer.
     * @not-serializable
     */
    final class Event
    {
        /**
         * Watches $fd for $events; the callbacks get $fd back as their only argument. Returns the
         * descriptor number, or false with a warning (already watched, not a descriptor, no loop).
         * @param mixed $fd
         */
        public static function add(mixed $fd, ?callable $read_callback = null, ?callable $write_callback = null,
            int $events = SWOOLE_EVENT_READ): int|false {}

        /**
         * Changes the callbacks and/or the events of a watched descriptor; a null argument keeps
         * what was set.
         * @param mixed $fd
         */
        public static function set(mixed $fd, ?callable $read_callback = null, ?callable $write_callback = null,
            ?int $events = null): bool {}

        /**
         * Stops watching $fd; false with a warning when it is not watched.
         * @param mixed $fd
         */
        public static function del(mixed $fd): bool {}

        /**
         * Whether $fd is watched for any of $events.
         * @param mixed $fd
         */
        public static function isset(mixed $fd, int $events = SWOOLE_EVENT_READ | SWOOLE_EVENT_WRITE): bool {}

        /** Runs the script's loop until no timer, event, defer or signal callback is left, or exit(). */
        public static function wait(): void {}

        /** Makes wait() return after the current iteration (scripts only). */
        public static function exit(): void {}

        /** Calls $callback once, at the end of the current loop iteration (in the order given). */
        public static function defer(callable $callback): true {}

        /**
         * Calls $callback at the end of every loop iteration, after the events and timers: after the
         * deferred callbacks, or before them with $before. One callback per process: a new one
         * replaces the old, null removes it. It does not keep the loop running by itself.
         */
        public static function cycle(?callable $callback, bool $before = false): bool {}

        /**
         * Internal: what runs the loop at the end of a script, registered as a shutdown function
         * when the first timer, event or defer is added. Does nothing after a fatal error.
         */
        public static function rshutdown(): void {}
    }
}

// ---- from ext-src/http.stub.php

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

// ---- from ext-src/lock.stub.php

namespace {
    /**
     * Lock types for new Swoole\Lock(): a POSIX record lock on a file (shared and exclusive).
     * @var int
     * @cvalue SW_LOCK_FILELOCK
     */
    const SWOOLE_FILELOCK = 2;
    /**
     * A robust process-shared mutex: if its holder dies, the next locker gets it.
     * @var int
     * @cvalue SW_LOCK_MUTEX
     */
    const SWOOLE_MUTEX = 3;
    /**
     * A process-shared semaphore of value 1.
     * @var int
     * @cvalue SW_LOCK_SEM
     */
    const SWOOLE_SEM = 4;
    /**
     * A process-shared read/write lock (lock_read() shared, lock() exclusive).
     * @var int
     * @cvalue SW_LOCK_RWLOCK
     */
    const SWOOLE_RWLOCK = 1;
    /**
     * A process-shared spinlock, for very short critical sections.
     * @var int
     * @cvalue SW_LOCK_SPINLOCK
     */
    const SWOOLE_SPINLOCK = 5;
}

namespace Swoole {
    /**
     * A lock shared by the processes forked after its creation.
     * @not-serializable
     */
    final class Lock
    {
        /**
         * As SWOOLE_FILELOCK.
         * @var int
         * @cvalue SW_LOCK_FILELOCK
         */
        public const FILELOCK = 2;
        /**
         * As SWOOLE_MUTEX.
         * @var int
         * @cvalue SW_LOCK_MUTEX
         */
        public const MUTEX = 3;
        /**
         * As SWOOLE_SEM.
         * @var int
         * @cvalue SW_LOCK_SEM
         */
        public const SEM = 4;
        /**
         * As SWOOLE_RWLOCK.
         * @var int
         * @cvalue SW_LOCK_RWLOCK
         */
        public const RWLOCK = 1;
        /**
         * As SWOOLE_SPINLOCK.
         * @var int
         * @cvalue SW_LOCK_SPINLOCK
         */
        public const SPINLOCK = 5;

        /** The errno of the last failed call (EBUSY, ETIMEDOUT, EDEADLK, EPERM, ...), 0 after success. */
        public int $errCode = 0;

        /** $filename is required by (and only used for) SWOOLE_FILELOCK. */
        public function __construct(int $type = SWOOLE_MUTEX, string $filename = "") {}

        /** Takes the lock (exclusive), waiting as long as it takes; false and errCode on error (EDEADLK, ...). */
        public function lock(): bool {}

        /** Takes the lock if it is free; false (errCode EBUSY) at once if not. */
        public function trylock(): bool {}

        /** Releases the lock (shared or exclusive); false and errCode (EPERM) when not held. */
        public function unlock(): bool {}

        /** A shared (read) lock for SWOOLE_RWLOCK and SWOOLE_FILELOCK; the exclusive lock for the others. */
        public function lock_read(): bool {}

        /** As lock_read(), false (errCode EBUSY) at once when it cannot be had. */
        public function trylock_read(): bool {}

        /** As lock(), giving up after $timeout seconds (false, errCode ETIMEDOUT). */
        public function lockwait(float $timeout = 1.0): bool {}
    }
}

// ---- from ext-src/process.stub.php

namespace {
    /**
     * Swoole\Process\Pool: no IPC between the pool and its workers.
     * @var int
     * @cvalue PHP_SWOOLE_IPC_NONE
     */
    const SWOOLE_IPC_NONE = 0;
    /**
     * Swoole\Process\Pool: workers receive messages from a SysV message queue (onMessage).
     * @var int
     * @cvalue PHP_SWOOLE_IPC_MSGQUEUE
     */
    const SWOOLE_IPC_MSGQUEUE = 2;
}

namespace Swoole {
    /**
     * A child process running a PHP callback, with an optional unix socketpair to it (write(),
     * read()) and an optional SysV message queue (push(), pop()); plus signal, wait, kill and
     * daemon helpers for the calling process.
     * @not-serializable
     */
    class Process
    {
        /**
         * Pipe types of the constructor: a stream socketpair.
         * @var int
         * @cvalue SOCK_STREAM
         */
        public const PIPE_TYPE_STREAM = 1;
        /**
         * A datagram socketpair (message boundaries kept).
         * @var int
         * @cvalue SOCK_DGRAM
         */
        public const PIPE_TYPE_DGRAM = 2;
        /**
         * No pipe.
         * @var int
         */
        public const PIPE_TYPE_NONE = 0;
        /**
         * close(): shut the reading direction down.
         * @var int
         */
        public const PIPE_READ = 1;
        /**
         * close(): shut the writing direction down.
         * @var int
         */
        public const PIPE_WRITE = 2;
        /**
         * useQueue() mode flag: pop() and push() do not block.
         * @var int
         */
        public const IPC_NOWAIT = 256;

        /** The child's pid once start() returned (in the child: its own pid). */
        public int $pid = 0;
        /** This process's end of the pipe (a descriptor number), or 0 without a pipe. */
        public int $pipe = 0;
        /** The worker id in a Swoole\Process\Pool, else -1. */
        public int $id = -1;
        /** The SysV message queue's id after useQueue(), else null. */
        public ?int $msgQueueId = null;
        /** The key useQueue() was given, else null. */
        public ?int $msgQueueKey = null;

        /**
         * $callback(Swoole\Process $process) runs in the child. $pipeType: 0 none, 1 SOCK_STREAM,
         * 2 SOCK_DGRAM (a unix socketpair). $redirectStdinStdout: the child's stdin and stdout are its
         * end of the pipe (implies a stream pipe). Coroutines are not supported.
         */
        public function __construct(callable $callback, bool $redirectStdinStdout = false, int $pipeType = 2,
            bool $enableCoroutine = false) {}

        /** Forks the child; returns its pid (false on failure, with a warning). */
        public function start(): int|false {}

        /** Writes all of $data to the pipe (blocking); returns the bytes written or false. */
        public function write(string $data): int|false {}

        /** Reads up to $size bytes from the pipe (blocking); false on error. */
        public function read(int $size = 8192): string|false {}

        /** 0: closes this end; PIPE_READ / PIPE_WRITE: shuts one direction down. */
        public function close(int $which = 0): bool {}

        /** In the child: ends it with $status once the current PHP frames unwind (as exit()). */
        public function exit(int $status = 0): void {}

        /** In the child: replaces it with the program $execFile and $args (argv[1..]). False on failure. */
        public function exec(string $execFile, array $args): bool {}

        /** Sets the process title. */
        public function name(string $name): bool {}

        /** Uses a SysV message queue (key 0: one private to this object and its children) for push()/pop(). */
        public function useQueue(int $key = 0, int $mode = 2, int $capacity = -1): bool {}

        /** queue_num and queue_bytes of the message queue, or false. */
        public function statQueue(): array|false {}

        /** Removes the message queue. */
        public function freeQueue(): bool {}

        /** Sends $data (at most 65536 bytes) through the message queue. */
        public function push(string $data): bool {}

        /** Receives one message (blocking unless mode has IPC_NOWAIT); false when none. */
        public function pop(int $size = 65536): string|false {}

        /** Sends $signal to $pid ($signal 0: only checks that it exists); false, with swoole_last_error() the errno, on failure. */
        public static function kill(int $pid, int $signal = 15): bool {}

        /** Reaps one child: ['pid' => , 'code' => , 'signal' => ], or false when there is none (yet). */
        public static function wait(bool $blocking = true): array|false {}

        /**
         * Calls $callback(int $signal) from the event loop (never inside the handler) when $signal
         * arrives; null restores the default. A registered signal keeps the script's loop running.
         * Not in the processes of a Swoole\Server (the server owns their signals).
         */
        public static function signal(int $signal, ?callable $callback = null): bool {}

        /** Interval timer (setitimer): SIGALRM every $usec microseconds (0 stops it). */
        public static function alarm(int $usec, int $type = 0): bool {}

        /** Detaches from the terminal (fork, setsid); keeps the cwd and stdio unless told otherwise. */
        public static function daemon(bool $nochdir = true, bool $noclose = true): bool {}

        /** Pins this process to the given CPUs. */
        public static function setAffinity(array $cpus): bool {}
    }
}

namespace Swoole\Process {
    /**
     * A supervised group of worker processes without a network server: the calling process
     * becomes their manager, forks them, respawns those that exit, and stops them on SIGTERM.
     * With SWOOLE_IPC_MSGQUEUE each worker gets the messages of a SysV queue (onMessage).
     * @not-serializable
     */
    final class Pool
    {
        /** The manager's pid while the pool runs. */
        public int $master_pid = 0;
        /** In a worker: its id (0 .. workerNum-1); -1 in the manager. */
        public int $workerId = -1;

        /**
         * $workerNum workers; $ipcType SWOOLE_IPC_NONE or SWOOLE_IPC_MSGQUEUE (with $msgqueueKey,
         * 0 for a private queue). Coroutines are not supported.
         */
        public function __construct(int $workerNum, int $ipcType = SWOOLE_IPC_NONE, int $msgqueueKey = 0,
            bool $enableCoroutine = false) {}

        /** WorkerStart($pool, $workerId), WorkerStop($pool, $workerId), Message($pool, $data). */
        public function on(string $name, callable $callback): bool {}

        /**
         * Runs the pool in this process (the manager) until SIGTERM or shutdown(): forks the workers
         * and respawns them when they exit. Returns true in the manager when the pool stopped.
         */
        public function start(): bool {}

        /** In a worker: its Swoole\Process (pid, id, exit() ...). */
        public function getProcess(int $workerId = -1): Process|false {}

        /** Stops the pool (from the manager or any worker). */
        public function shutdown(): bool {}
    }
}

// ---- from ext-src/server.stub.php

namespace {
    /**
     * Worker states, as Swoole\Server::getWorkerStatus() returns them:
     * a worker handling, or with messages waiting for it.
     * @var int
     * @cvalue PHP_SWOOLE_WORKER_BUSY
     */
    const SWOOLE_WORKER_BUSY = 1;
    /**
     * A live worker with nothing dispatched to it left to handle.
     * @var int
     * @cvalue PHP_SWOOLE_WORKER_IDLE
     */
    const SWOOLE_WORKER_IDLE = 2;
    /**
     * A worker slot without a process (between a worker's end and its replacement).
     * @var int
     * @cvalue PHP_SWOOLE_WORKER_EXIT
     */
    const SWOOLE_WORKER_EXIT = 3;
}

namespace Swoole {
    /**
     * A multi-process TCP/UDP/unix socket server. new Server() binds the first port at once
     * (a port that cannot be bound throws); set() and on() configure it; start() forks the
     * manager and the workers, runs until SIGTERM or shutdown(), and returns true.
     *
     * SWOOLE_PROCESS (the default): the master's reactor threads own the connections and
     * hand complete messages to the workers over unix sockets (or a SysV message queue);
     * SWOOLE_BASE: every worker accepts and serves its own connections. In both, the
     * manager process forks, reaps and replaces the workers (docs/architecture.md,
     * docs/processes-and-signals.md).
     *
     * The properties are filled in by the server: in a worker, $worker_id, $worker_pid and
     * $taskworker describe the calling process.
     * @not-serializable
     */
    #[\AllowDynamicProperties]
    class Server
    {
        /** The address the first port is bound to. */
        public string $host = "";
        /** The port the listener is bound to (the kernel's choice when 0 was asked for). */
        public int $port = 0;
        /** SWOOLE_PROCESS or SWOOLE_BASE. */
        public int $mode = 0;
        /** The first port's socket type: SWOOLE_SOCK_TCP, _TCP6, _UDP, _UDP6, _UNIX_STREAM or _UNIX_DGRAM. */
        public int $type = 0;
        /** What set() accepted, merged over earlier calls; completed with the defaults by start(). */
        public array $setting = [];
        /** The master's pid while the server runs. */
        public int $master_pid = 0;
        /** The manager's pid while the server runs. */
        public int $manager_pid = 0;
        /** In a worker or task worker: its id (task workers follow the workers); -1 elsewhere. */
        public int $worker_id = -1;
        /** In a worker or task worker: its pid; 0 elsewhere. */
        public int $worker_pid = 0;
        /** True in a task worker. */
        public bool $taskworker = false;
        /** The live connections: foreach gives their ids ($fd), count() how many, [$fd] getClientInfo($fd). */
        public Connection\Iterator $connections;
        /** @var array<int, Server\Port> The listening ports: the constructor's first, then addlistener()'s. */
        public array $ports = [];

        /**
         * Binds the first port now: $host an IPv4/IPv6 address (or a path for the unix socket
         * types), $port 0 for a free one (read it back from $port). $mode SWOOLE_PROCESS or
         * SWOOLE_BASE; $sockType one of the SWOOLE_SOCK_* constants. Throws Swoole\Exception
         * when the address cannot be bound, naming it and the reason. One server per process.
         */
        public function __construct(string $host, int $port = 0, int $mode = SWOOLE_PROCESS, int $sockType = SWOOLE_SOCK_TCP) {}

        /**
         * Checks and records settings; only before start(). Throws Swoole\Exception naming a bad key.
         * An unknown key is ignored with a warning naming it. docs/settings.md has them by group
         * with their defaults; Swoole\Http\Server adds the HTTP settings (see that class).
         *
         * Processes:
         * - worker_num (int 1..1024, default the CPU count): worker processes.
         * - reactor_num (int 1..128, default the CPU count, at most worker_num): reactor threads
         *   in the master (SWOOLE_PROCESS).
         * - max_wait_time (int seconds >= 1, default 3): how long a stopping or reloading worker may
         *   take to finish before it is SIGKILLed.
         * - daemonize (bool, default false): detach from the terminal; the foreground process exits 0.
         * - pid_file (path, default none): holds the master's pid while the server runs.
         * - log_file (path, default stderr): the server's log lines (and PHP's output when
         *   daemonized); reopened on SIGRTMIN.
         * - log_level (SWOOLE_LOG_DEBUG 0 .. SWOOLE_LOG_ERROR 5, SWOOLE_LOG_NONE 6; default
         *   SWOOLE_LOG_INFO 2).
         * - enable_coroutine, task_enable_coroutine: accepted and ignored (no coroutines here).
         *
         * Dispatch (SWOOLE_PROCESS):
         * - dispatch_mode (default 2): 1 round robin, 2 by connection (fd), 3 the least busy worker,
         *   4 by client address, 5 by uid (bind()). Modes 1 and 3 send one connection's events to
         *   different workers, so onConnect/onClose may overtake onReceive: start() warns when
         *   those callbacks are set.
         *
         * Listening sockets and connections:
         * - backlog (int, default 512): listen() backlog.
         * - max_connection / max_conn (int, default the descriptor limit, at most 100000): more
         *   connections are refused and logged.
         * - open_tcp_nodelay (bool, default false; true for Swoole\Http\Server): TCP_NODELAY.
         * - open_tcp_keepalive (bool, default false), tcp_keepidle, tcp_keepinterval, tcp_keepcount
         *   (int seconds / count, default 0 = the kernel's): TCP keepalive probes.
         * - tcp_defer_accept (int seconds, default 0 = off): TCP_DEFER_ACCEPT.
         * - tcp_fastopen (int queue length, default 0 = off): TCP Fast Open.
         * - enable_reuse_port (bool, default false): SWOOLE_BASE only, each worker listens on its own
         *   SO_REUSEPORT socket.
         * - buffer_output_size (int, default 2 MiB): the largest single send().
         *
         * Lifecycle settings:
         * - max_request (int >= 0, default 0 = never): a worker exits gracefully after this many
         *   requests (after the current one) and is replaced; what was dispatched to it is kept
         *   for its replacement.
         * - max_request_grace (int >= 0, default max_request / 2): each worker recycles after
         *   max_request plus a random share of up to this many requests, so that workers do not
         *   all recycle at once; 0 turns the spread off.
         * - reload_concurrency (int 1..1024, default 1): how many workers a rolling reload takes
         *   out of rotation at once; values above worker_num act as worker_num.
         * - user, group (existing names, checked here): workers drop privileges to them before
         *   onWorkerStart (group overrides the user's group); the master and the manager keep theirs.
         * - chroot (an existing directory, checked here): workers chroot to it before dropping privileges.
         * - open_cpu_affinity (bool, default false): pins worker i to CPU i % (number of CPUs).
         *
         * Framing settings (done by the reactor threads; onReceive gets one frame per call):
         * - open_eof_check (bool, default false): each onReceive gets data that ends with
         *   package_eof (possibly several frames).
         * - open_eof_split (bool, default false): each onReceive gets exactly one frame ending with
         *   package_eof; implies open_eof_check.
         * - package_eof (string of 1 to 8 bytes, no default): required by both eof settings.
         * - open_length_check (bool, default false): each onReceive gets exactly one frame of
         *   package_body_offset + length bytes, the length read from the frame's header. Cannot be
         *   combined with the eof settings.
         * - package_length_type (a pack() code: c C s S n N v V l L q Q J P, default "N"),
         *   package_length_offset (int >= 0, default 0), package_body_offset (int >= 0, default 4):
         *   the length field's type and position, and where the body starts.
         * - package_max_length bounds every frame; a larger or malformed frame closes that one
         *   connection and is logged.
         * Framing settings that contradict each other throw here, naming the keys.
         *
         * Flow control and idle connections:
         * - socket_buffer_size (int >= 1024, default 2 MiB): output a connection may have pending;
         *   send() beyond it returns false with error 1008 (output buffer overflow).
         * - buffer_high_watermark (int >= 0, default 0 = 3/4 of socket_buffer_size): onBufferFull
         *   fires when a connection's pending output reaches it.
         * - buffer_low_watermark (int >= 0, default 0): onBufferEmpty fires when it falls back to it;
         *   must be below the high watermark.
         * - heartbeat_check_interval (int seconds >= 0, default 0 = off): how often the reactor
         *   threads close the connections idle for heartbeat_idle_time (onClose runs).
         * - heartbeat_idle_time (int seconds >= 0, default 2 x heartbeat_check_interval): how long
         *   a connection may send nothing.
         *
         * Task workers:
         * - task_worker_num (int 0..1024, default 0): task worker processes; their worker ids follow
         *   the workers' (worker_num + k). With task workers, start() needs an onTask callback.
         * - task_ipc_mode (default 1): 1, unix sockets to the chosen or least busy task worker; 2, a SysV
         *   message queue to the chosen or least busy task worker; 3, a SysV message queue whose tasks the
         *   first free task worker takes (task() cannot choose one).
         * - ipc_mode (default 1): reactor threads to workers over 1, unix sockets, or 2, a SysV message queue.
         * - task_max_request (int >= 0, default 0 = never): a task worker is replaced after this many tasks.
         * - task_tmpdir (an existing writable directory, checked here; default /tmp): task data larger than
         *   one queue message goes through a file here.
         * - message_queue_key (int 0..2147483646, default 0 = private queues): the task queue's key; ipc_mode 2
         *   uses key + 1. An existing queue is used and kept; one the server created is removed at stop.
         * - task_enable_coroutine: accepted and ignored (this server has no coroutines).
         */
        public function set(array $settings): bool {}

        /**
         * Registers a callback; only before start(). Event names are case-insensitive, with or
         * without the "on" prefix; an unknown name throws. The callbacks and where they run:
         *
         * - start(Server $server): master, once the ports listen and the manager runs.
         * - shutdown(Server $server): master, after every other process stopped.
         * - managerStart(Server $server), managerStop(Server $server): the manager.
         * - workerStart(Server $server, int $workerId), workerStop(Server $server, int $workerId):
         *   each worker and task worker (a task worker's id is worker_num + k); load the
         *   application here so that a reload picks up changed code.
         * - workerError(Server $server, int $workerId, int $workerPid, int $exitCode, int $signal):
         *   the manager, after a worker died unplanned (it is then replaced).
         * - connect(Server $server, int $fd, int $reactorId), close(Server $server, int $fd, int $reactorId):
         *   a worker, when a stream connection opens or closes.
         * - receive(Server $server, int $fd, int $reactorId, string $data): a worker, for data of a
         *   stream connection (one frame per call with the framing settings). Required for TCP ports
         *   unless the server is an HTTP server.
         * - packet(Server $server, string $data, array $clientInfo): a worker, for a datagram of a
         *   UDP or unix dgram port; $clientInfo has address, port and server_socket.
         * - task(Server $server, int $taskId, int $srcWorkerId, mixed $data): mixed: a task worker;
         *   what it returns (other than null) is the task's result. Required with task_worker_num.
         * - finish(Server $server, int $taskId, mixed $data): the worker that sent the task, with
         *   its result.
         * - pipeMessage(Server $server, int $srcWorkerId, mixed $message): the worker or task worker
         *   sendMessage() addressed.
         * - bufferFull(Server $server, int $fd), bufferEmpty(Server $server, int $fd): a worker,
         *   when a connection's pending output crosses buffer_high_watermark / buffer_low_watermark.
         * - request(Http\Request $request, Http\Response $response): Swoole\Http\Server only, a
         *   worker, for each complete request.
         *
         * An exception a callback does not catch is logged and ends that worker, which is
         * replaced (an HTTP client waiting on it gets a 500 or 502, never silence).
         */
        public function on(string $event, callable $callback): bool {}

        /**
         * Runs the server: forks the manager and the workers, then serves until SIGTERM/SIGINT or
         * shutdown(). Returns true after a clean stop (false when it could not start or its
         * manager died); in a daemonized server only the daemon returns. Settings are checked
         * before anything is forked.
         */
        public function start(): bool {}

        /**
         * Queues $data for the connection; only in a worker. Returns false, without a warning,
         * when the connection is closed or closing, and when:
         * - 1008 (output buffer overflow): the connection's pending output would pass
         *   socket_buffer_size (the client does not read fast enough; wait for onBufferEmpty);
         * - 1203 (data length too large): $data is larger than buffer_output_size.
         * getLastError() tells which.
         */
        public function send(int $fd, string $data): bool {}

        /**
         * Queues $length bytes of a file from $offset ($length 0: to the end), written with the
         * kernel's sendfile() after what was sent before; only in a worker. The file is checked
         * now: a warning and false (getLastError() is the errno) when it cannot be read, is not a
         * regular file, or the range is outside it; false without a warning when the connection
         * is closed.
         */
        public function sendfile(int $fd, string $filename, int $offset = 0, int $length = 0): bool {}

        /**
         * Closes a connection once its pending output is written; onClose follows. False when it
         * is already closed. Works in every worker.
         */
        public function close(int $fd): bool {}

        /**
         * Stops reading from a connection (its data waits in the kernel, and TCP slows the client
         * down) until resume(); only in a worker. False when the connection is closed.
         */
        public function pause(int $fd): bool {}

        /** Reads again from a connection paused with pause(); only in a worker. */
        public function resume(int $fd): bool {}

        /**
         * The fds of the connections that sent nothing for heartbeat_idle_time seconds (if it is
         * 0: twice heartbeat_check_interval; if both are 0: 60 seconds), closing them when
         * $ifCloseConnection (onClose runs for each). Only in a worker; false elsewhere.
         */
        public function heartbeat(bool $ifCloseConnection = true): array|false {}

        /**
         * Stops the server gracefully, as SIGTERM to the master, from any of its processes:
         * listening sockets close, workers finish what was dispatched to them, onShutdown runs
         * and start() returns. False when the server is not running.
         */
        public function shutdown(): bool {}

        /**
         * Rolling reload of every worker (as SIGUSR1 to the manager), or of the task workers only
         * (as SIGUSR2): each worker finishes its current request and is replaced, at most
         * reload_concurrency at a time, each replacement running before the next worker stops.
         * A reload requested during a reload is merged into it. Works from onStart, the manager
         * and the workers; a warning and false when the server is not running.
         */
        public function reload(bool $only_reload_taskworker = false): bool {}

        /**
         * Stops one worker gracefully; the manager replaces it. -1 (only inside a worker) is the
         * calling worker, which ends after the current callback. What was dispatched to the worker
         * and not yet handled goes to its replacement.
         */
        public function stop(int $workerId = -1, bool $waitEvent = false): bool {}

        /**
         * Counters of the running server: start_time, connection_num, accept_count, close_count,
         * refused_count (connections closed at accept: over max_connection),
         * worker_num, idle_worker_num, task_worker_num, tasking_num, request_count, dispatch_count,
         * reload_count, worker_request_count and worker_dispatch_count (of the calling worker; 0
         * elsewhere), and workers: per worker id, task workers after the workers, [pid, idle,
         * start_count, request_count, total_request_count, dispatch_count] (a task worker's requests
         * are its tasks). A warning and false when the server is not running.
         */
        public function stats(): array|false {}

        /**
         * The id of the calling worker (0..worker_num-1) or task worker (worker_num + k); false
         * outside them.
         */
        public function getWorkerId(): int|false {}

        /**
         * The pid of a worker or task worker: -1 is the calling one (false outside them); false for
         * a slot that has no process at the moment.
         */
        public function getWorkerPid(int $workerId = -1): int|false {}

        /** The manager's pid while the server runs; 0 otherwise. */
        public function getManagerPid(): int {}

        /** The master's pid while the server runs; 0 otherwise. */
        public function getMasterPid(): int {}

        /**
         * SWOOLE_WORKER_BUSY, SWOOLE_WORKER_IDLE or SWOOLE_WORKER_EXIT for a worker or task worker
         * id (-1: the calling one, false outside them).
         */
        public function getWorkerStatus(int $workerId = -1): int|false {}

        /**
         * Hands $data to a task worker and returns at once: the task id (the calling worker's own
         * numbering), or false with a warning. Only in a worker (not in a task worker, the master or
         * the manager, nor before start()); getLastError() tells why it failed. $dstWorkerId: -1 (the
         * least busy task worker) or a task worker id (worker_num + k). A string travels as it is,
         * any other value serialized. The result goes to $finishCallback($server, $taskId, $data) if
         * given, else to onFinish; with neither it is dropped with a warning.
         */
        public function task(mixed $data, int $dstWorkerId = -1, ?callable $finishCallback = null): int|false {}

        /**
         * Hands $data to a task worker and waits up to $timeout seconds for its result: the result,
         * or false when it did not come in time (getLastError() 2003), the task worker ended without
         * one, or the task could not be given (a warning). Same callers and $dstWorkerId as task().
         * Results of other tasks and pipe messages that come meanwhile are handled after the call.
         */
        public function taskwait(mixed $data, float $timeout = 0.5, int $dstWorkerId = -1): mixed {}

        /**
         * Hands every value of $tasks to the least busy task workers and waits up to $timeout seconds
         * for all results: an array of the results under the keys of the tasks they belong to; those
         * that did not come in time are absent. False, with a warning, where task() would be.
         */
        public function taskWaitMulti(array $tasks, float $timeout = 0.5): array|false {}

        /**
         * In a task worker, while onTask runs: sends $data back as the task's result (to onFinish, the
         * task's callback or the waiting taskwait()). A task has one result: onTask's return value
         * is not sent after finish().
         */
        public function finish(mixed $data): bool {}

        /**
         * From a worker or task worker to another one (ids 0 .. worker_num + task_worker_num - 1, not
         * its own): onPipeMessage($server, $srcWorkerId, $message) runs there. Needs a pipeMessage
         * callback; a string travels as it is, any other value serialized.
         */
        public function sendMessage(mixed $message, int $dstWorkerId): bool {}

        /** The error code of the calling process's last failed server call (swoole_strerror() explains it). */
        public function getLastError(): int {}

        /**
         * A connection's details (server_port, server_fd, socket_type, remote_ip, remote_port,
         * reactor_id, connect_time, last_time, close_errno, uid when bound, protected), or false
         * when it is closed or never existed. Works in every process of a running server.
         */
        public function getClientInfo(int $fd, int $reactorId = -1, bool $ignoreError = false): array|false {}

        /**
         * Alias of getClientInfo().
         * @implementation-alias Swoole\Server::getClientInfo
         */
        public function connection_info(int $fd, int $reactorId = -1, bool $ignoreError = false): array|false {}

        /** Up to $findCount (1..100) ids of live connections greater than $startFd, ascending. */
        public function getClientList(int $startFd = 0, int $findCount = 10): array|false {}

        /**
         * Alias of getClientList().
         * @implementation-alias Swoole\Server::getClientList
         */
        public function connection_list(int $startFd = 0, int $findCount = 10): array|false {}

        /** Whether the connection is open. */
        public function exists(int $fd): bool {}

        /**
         * Alias of exists().
         * @implementation-alias Swoole\Server::exists
         */
        public function exist(int $fd): bool {}

        /** A protected connection is left open by the heartbeat. */
        public function protect(int $fd, bool $isProtected = true): bool {}

        /**
         * dispatch_mode 5: the connection's events go to worker $uid % worker_num from now on
         * (before, as with dispatch_mode 2). Once per connection.
         */
        public function bind(int $fd, int $uid): bool {}

        /**
         * In the master (from onStart), a worker or a task worker: a timer in that process's loop,
         * as Swoole\Timer::tick(). Not in the manager.
         */
        public function tick(int $ms, callable $callback, mixed ...$params): int|false {}

        /** As Swoole\Timer::after(), in the calling server process. */
        public function after(int $ms, callable $callback, mixed ...$params): int|false {}

        /** As Swoole\Timer::clear(). */
        public function clearTimer(int $timer_id): bool {}

        /**
         * Another listening port, bound at once (before start()): a port that cannot be bound throws
         * naming the address and the reason. Its Port::set() and Port::on() give it framing and
         * callbacks of its own; otherwise the server's apply.
         */
        public function addlistener(string $host, int $port, int $sockType = SWOOLE_SOCK_TCP): Server\Port {}

        /**
         * In a worker: a datagram to $ip:$port (or to a unix socket path, port 0) from the server's
         * datagram port $serverSocket (onPacket's $clientInfo['server_socket']), or from its first
         * datagram port of that address family.
         */
        public function sendto(string $ip, int $port, string $data, int $serverSocket = -1): bool {}

        /**
         * Before start(): a process of the server's own, beside the workers. The manager forks it
         * after the workers and runs the Process's callback in it (then its event loop, while
         * anything is registered); whenever it ends, or dies, it is started again (with a back-off
         * when it dies right after starting). reload() leaves it alone; it is stopped (SIGTERM,
         * then SIGKILL after max_wait_time) with the server. It drops privileges like the workers
         * (user, group, chroot). Its pipe is created now: in the master and in every worker,
         * $process->write() sends to it and $process->read() reads what it writes.
         * Returns its index (0, 1, ...), or false with a warning (already added or started).
         */
        public function addProcess(\Swoole\Process $process): int|false {}

        /**
         * Alias of addlistener().
         * @implementation-alias Swoole\Server::addlistener
         */
        public function listen(string $host, int $port, int $sockType = SWOOLE_SOCK_TCP): Server\Port {}
    }
}

namespace Swoole\Server {
    /**
     * One listening port of a server ($server->ports, addlistener()).
     * @not-serializable
     */
    final class Port
    {
        public string $host = "";
        /** The port bound (the kernel's choice when 0 was asked for). */
        public int $port = 0;
        public int $type = 0;
        /** What set() accepted. */
        public array $setting = [];

        /**
         * Framing of this port's connections: open_eof_check, open_eof_split, package_eof,
         * open_length_check, package_length_type, package_length_offset, package_body_offset,
         * package_max_length. Keys given start from the server's framing; other keys warn.
         */
        public function set(array $settings): bool {}

        /** connect, receive, close, bufferFull, bufferEmpty or packet for this port. */
        public function on(string $event, callable $callback): bool {}

        /** The callback this port has for $event (not the server's), or null. */
        public function getCallback(string $event): ?callable {}
    }
}

namespace Swoole\Connection {
    /**
     * $server->connections: iterates the ids of the live connections (ascending), counts them,
     * and gives getClientInfo($fd) for $connections[$fd]. Read-only.
     * @not-serializable
     */
    final class Iterator implements \Iterator, \Countable, \ArrayAccess
    {
        /** Starts again from the lowest live connection id. */
        public function rewind(): void {}
        /** Whether the iteration is at a live connection. */
        public function valid(): bool {}
        /** The current connection id ($fd). */
        public function current(): mixed {}
        /** The position in the iteration (0, 1, ...). */
        public function key(): mixed {}
        /** Moves to the next live connection id. */
        public function next(): void {}
        /** How many connections are open now. */
        public function count(): int {}
        /** Whether connection $offset is open. */
        public function offsetExists(mixed $offset): bool {}
        /** getClientInfo($offset): the connection's details, or false. */
        public function offsetGet(mixed $offset): mixed {}
        /** Not allowed: throws (the list is read-only). */
        public function offsetSet(mixed $offset, mixed $value): void {}
        /** Not allowed: throws (close() closes a connection). */
        public function offsetUnset(mixed $offset): void {}
    }
}

// ---- from ext-src/table.stub.php

namespace Swoole {
    /**
     * A fixed-size table of rows in shared memory. Create it (column() ... create())
     * before Server::start(): the manager, workers and task workers inherit it.
     * @not-serializable
     */
    final class Table implements \Iterator, \Countable, \ArrayAccess
    {
        /**
         * Column types for column(): TYPE_INT a signed 64-bit integer, TYPE_FLOAT a double,
         * TYPE_STRING a string of at most the column's size in bytes.
         * @var int
         * @cvalue SW_TABLE_INT
         */
        public const TYPE_INT = 1;
        /**
         * A double column.
         * @var int
         * @cvalue SW_TABLE_FLOAT
         */
        public const TYPE_FLOAT = 6;
        /**
         * A string column of at most its size in bytes.
         * @var int
         * @cvalue SW_TABLE_STRING
         */
        public const TYPE_STRING = 7;

        /**
         * $size buckets (rounded up to a power of two) and an overflow pool of
         * ceil(buckets * $conflictProportion) rows; $conflictProportion in [0, 1].
         */
        public function __construct(int $size, float $conflictProportion = 0.2) {}

        /** Adds a column before create(). $size: the capacity in bytes of a string column (ignored for numbers). */
        public function column(string $name, int $type, int $size = 0): bool {}

        /** Allocates the shared memory. */
        public function create(): bool {}

        /** Releases this process's mapping; the table cannot be used afterwards in this process. */
        public function destroy(): bool {}

        /** Inserts or updates a row; false and a warning on a long key, unknown column, bad value or a full table. */
        public function set(string $key, array $value): bool {}

        /** The row as an array, one field, or false when there is no such row. */
        public function get(string $key, ?string $field = null): array|string|int|float|false {}

        /** Whether a row with this key exists. */
        public function exists(string $key): bool {}

        /**
         * Alias of exists().
         * @alias Swoole\Table::exists
         */
        public function exist(string $key): bool {}

        /** Removes a row; false when there was none. */
        public function del(string $key): bool {}

        /**
         * Alias of del().
         * @alias Swoole\Table::del
         */
        public function delete(string $key): bool {}

        /** Adds to an int or float column (the row is created when absent); the new value, or false. */
        public function incr(string $key, string $column, int|float $incrby = 1): int|float|false {}

        /** Subtracts from an int or float column (the row is created when absent); the new value, or false. */
        public function decr(string $key, string $column, int|float $decrby = 1): int|float|false {}

        /** Rows in the table. */
        public function count(): int {}

        /** Buckets: the size given to the constructor rounded up to a power of two. */
        public function getSize(): int {}

        /** Bytes of shared memory the table takes (or will take, before create()). */
        public function getMemorySize(): int {}

        /** Counters of the table, or false before create(). */
        public function stats(): array|false {}

        /** foreach over the rows (key => row array), in bucket order: starts again at the first row. */
        public function rewind(): void {}

        /** Whether the iteration is at a row. */
        public function valid(): bool {}

        /** The current row as an array, or false at the end. */
        public function current(): array|false {}

        /** The current row's key, or false at the end. */
        public function key(): string|false {}

        /** Moves to the next row. */
        public function next(): void {}

        /** $table[$key]: get($key) (the row as an array, or false). */
        public function offsetGet(mixed $offset): mixed {}

        /** $table[$key] = [...]: set($key, $value); the value must be an array of columns. */
        public function offsetSet(mixed $offset, mixed $value): void {}

        /** isset($table[$key]): exists($key). */
        public function offsetExists(mixed $offset): bool {}

        /** unset($table[$key]): del($key). */
        public function offsetUnset(mixed $offset): void {}
    }
}

// ---- from ext-src/timer.stub.php

namespace {
    /** Every $ms milliseconds: $callback(int $timerId, ...$params). Returns the timer id. */
    function swoole_timer_tick(int $ms, callable $callback, mixed ...$params): int|false {}

    /** Once, after $ms milliseconds: $callback(...$params). Returns the timer id. */
    function swoole_timer_after(int $ms, callable $callback, mixed ...$params): int|false {}

    /** As Swoole\Timer::exists(). */
    function swoole_timer_exists(int $timer_id): bool {}

    /** As Swoole\Timer::info(). */
    function swoole_timer_info(int $timer_id): ?array {}

    /** As Swoole\Timer::stats(). */
    function swoole_timer_stats(): array {}

    /** As Swoole\Timer::list(). */
    function swoole_timer_list(): Swoole\Timer\Iterator {}

    /** As Swoole\Timer::clear(). */
    function swoole_timer_clear(int $timer_id): bool {}

    /** As Swoole\Timer::clearAll(). */
    function swoole_timer_clear_all(): bool {}
}

namespace Swoole {
    /**
     * Millisecond timers in the calling process's event loop (a server worker's, or the
     * script's, run at its end). Callbacks run in the process that added them.
     * @not-serializable
     */
    final class Timer
    {
        /**
         * Calls $callback(int $timerId, ...$params) every $ms milliseconds (1 .. 2147483647) in this
         * process's event loop, until clear(). Returns the timer id (ids are never reused).
         */
        public static function tick(int $ms, callable $callback, mixed ...$params): int|false {}

        /** Calls $callback(...$params) once, $ms milliseconds (0 .. 2147483647) from now. */
        public static function after(int $ms, callable $callback, mixed ...$params): int|false {}

        /** Whether a timer with this id will still run. */
        public static function exists(int $timer_id): bool {}

        /**
         * exec_msec (ms until it runs next), exec_count, interval (0 for after()), round (the loop
         * pass it was added in) and removed; null when there is no such timer.
         */
        public static function info(int $timer_id): ?array {}

        /** initialized, num (live timers) and round (loop passes that ran timers). */
        public static function stats(): array {}

        /** The ids of the live timers of this process. */
        public static function list(): Timer\Iterator {}

        /** Cancels a timer (also from inside its own callback); false when there is none. */
        public static function clear(int $timer_id): bool {}

        /** Cancels every timer of this process. */
        public static function clearAll(): bool {}
    }
}

namespace Swoole\Timer {
    /**
     * What Swoole\Timer::list() returns: the timer ids, iterable and countable.
     * @not-serializable
     */
    final class Iterator extends \ArrayIterator
    {
    }
}
