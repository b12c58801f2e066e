<?php

/**
 * @generate-class-entries
 * @generate-legacy-arginfo 80100
 */

namespace {
    /**
     * The extension's version, as swoole_version() and phpversion("swoole") give it.
     * @var string
     * @cvalue SW_VERSION
     */
    const SWOOLE_VERSION = UNKNOWN;
    /**
     * The version as one number: major * 10000 + minor * 100 + release.
     * @var int
     * @cvalue SW_VERSION_ID
     */
    const SWOOLE_VERSION_ID = UNKNOWN;
    /**
     * The major version number.
     * @var int
     * @cvalue SW_MAJOR_VERSION
     */
    const SWOOLE_MAJOR_VERSION = UNKNOWN;
    /**
     * The minor version number.
     * @var int
     * @cvalue SW_MINOR_VERSION
     */
    const SWOOLE_MINOR_VERSION = UNKNOWN;
    /**
     * The release (patch) version number.
     * @var int
     * @cvalue SW_RELEASE_VERSION
     */
    const SWOOLE_RELEASE_VERSION = UNKNOWN;

    /**
     * Kinds of error numbers for swoole_strerror()'s second argument: an errno value or one of the extension's codes.
     * @var int
     * @cvalue PHP_SWOOLE_STRERROR_SYSTEM
     */
    const SWOOLE_STRERROR_SYSTEM = UNKNOWN;
    /**
     * A getaddrinfo() error code.
     * @var int
     * @cvalue PHP_SWOOLE_STRERROR_GAI
     */
    const SWOOLE_STRERROR_GAI = UNKNOWN;
    /**
     * An h_errno (resolver) code.
     * @var int
     * @cvalue PHP_SWOOLE_STRERROR_DNS
     */
    const SWOOLE_STRERROR_DNS = UNKNOWN;
    /**
     * One of the extension's codes (SW_ERROR_*), or an errno value.
     * @var int
     * @cvalue PHP_SWOOLE_STRERROR_SWOOLE
     */
    const SWOOLE_STRERROR_SWOOLE = UNKNOWN;

    /**
     * Server modes (Swoole\Server's third argument): every worker accepts and serves its own connections.
     * @var int
     * @cvalue SW_MODE_BASE
     */
    const SWOOLE_BASE = UNKNOWN;
    /**
     * The master's reactor threads own the connections and dispatch to the workers (the default).
     * @var int
     * @cvalue SW_MODE_PROCESS
     */
    const SWOOLE_PROCESS = UNKNOWN;

    /**
     * Socket types of servers, ports and clients: TCP over IPv4.
     * @var int
     * @cvalue SW_SOCK_TCP
     */
    const SWOOLE_SOCK_TCP = UNKNOWN;
    /**
     * UDP over IPv4 (onPacket).
     * @var int
     * @cvalue SW_SOCK_UDP
     */
    const SWOOLE_SOCK_UDP = UNKNOWN;
    /**
     * TCP over IPv6.
     * @var int
     * @cvalue SW_SOCK_TCP6
     */
    const SWOOLE_SOCK_TCP6 = UNKNOWN;
    /**
     * UDP over IPv6 (onPacket).
     * @var int
     * @cvalue SW_SOCK_UDP6
     */
    const SWOOLE_SOCK_UDP6 = UNKNOWN;
    /**
     * A unix datagram socket (the host is its path; onPacket).
     * @var int
     * @cvalue SW_SOCK_UNIX_DGRAM
     */
    const SWOOLE_SOCK_UNIX_DGRAM = UNKNOWN;
    /**
     * A unix stream socket (the host is its path).
     * @var int
     * @cvalue SW_SOCK_UNIX_STREAM
     */
    const SWOOLE_SOCK_UNIX_STREAM = UNKNOWN;

    /**
     * Log levels (the log_level setting, swoole_async_set()): everything, 0.
     * @var int
     * @cvalue SW_LOG_DEBUG
     */
    const SWOOLE_LOG_DEBUG = UNKNOWN;
    /**
     * Trace lines and above, 1.
     * @var int
     * @cvalue SW_LOG_TRACE
     */
    const SWOOLE_LOG_TRACE = UNKNOWN;
    /**
     * Informational lines and above, 2 (the default).
     * @var int
     * @cvalue SW_LOG_INFO
     */
    const SWOOLE_LOG_INFO = UNKNOWN;
    /**
     * Notices and above, 3.
     * @var int
     * @cvalue SW_LOG_NOTICE
     */
    const SWOOLE_LOG_NOTICE = UNKNOWN;
    /**
     * Warnings and errors, 4.
     * @var int
     * @cvalue SW_LOG_WARNING
     */
    const SWOOLE_LOG_WARNING = UNKNOWN;
    /**
     * Errors only, 5.
     * @var int
     * @cvalue SW_LOG_ERROR
     */
    const SWOOLE_LOG_ERROR = UNKNOWN;
    /**
     * Nothing, 6.
     * @var int
     * @cvalue SW_LOG_NONE
     */
    const SWOOLE_LOG_NONE = UNKNOWN;

    /**
     * Dispatch modes (the dispatch_mode setting): 1, round robin.
     * @var int
     * @cvalue SW_DISPATCH_ROUND
     */
    const SWOOLE_DISPATCH_ROUND = UNKNOWN;
    /**
     * 2, by connection: all of a connection's events go to one worker (the default).
     * @var int
     * @cvalue SW_DISPATCH_FDMOD
     */
    const SWOOLE_DISPATCH_FDMOD = UNKNOWN;
    /**
     * 3, the least busy worker.
     * @var int
     * @cvalue SW_DISPATCH_IDLE
     */
    const SWOOLE_DISPATCH_IDLE_WORKER = UNKNOWN;
    /**
     * 4, by client address.
     * @var int
     * @cvalue SW_DISPATCH_IPMOD
     */
    const SWOOLE_DISPATCH_IPMOD = UNKNOWN;
    /**
     * 5, by the uid given to Swoole\Server::bind() (by connection until then).
     * @var int
     * @cvalue SW_DISPATCH_UIDMOD
     */
    const SWOOLE_DISPATCH_UIDMOD = UNKNOWN;

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
