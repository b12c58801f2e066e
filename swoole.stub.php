<?php

/**
 * @generate-class-entries
 * @generate-legacy-arginfo 80100
 */

namespace {
    /**
     * @var string
     * @cvalue SW_VERSION
     */
    const SWOOLE_VERSION = UNKNOWN;
    /**
     * @var int
     * @cvalue SW_VERSION_ID
     */
    const SWOOLE_VERSION_ID = UNKNOWN;
    /**
     * @var int
     * @cvalue SW_MAJOR_VERSION
     */
    const SWOOLE_MAJOR_VERSION = UNKNOWN;
    /**
     * @var int
     * @cvalue SW_MINOR_VERSION
     */
    const SWOOLE_MINOR_VERSION = UNKNOWN;
    /**
     * @var int
     * @cvalue SW_RELEASE_VERSION
     */
    const SWOOLE_RELEASE_VERSION = UNKNOWN;

    /* What the second argument of swoole_strerror() says the number is */
    /**
     * @var int
     * @cvalue PHP_SWOOLE_STRERROR_SYSTEM
     */
    const SWOOLE_STRERROR_SYSTEM = UNKNOWN;
    /**
     * @var int
     * @cvalue PHP_SWOOLE_STRERROR_GAI
     */
    const SWOOLE_STRERROR_GAI = UNKNOWN;
    /**
     * @var int
     * @cvalue PHP_SWOOLE_STRERROR_DNS
     */
    const SWOOLE_STRERROR_DNS = UNKNOWN;
    /**
     * @var int
     * @cvalue PHP_SWOOLE_STRERROR_SWOOLE
     */
    const SWOOLE_STRERROR_SWOOLE = UNKNOWN;

    /* Server modes */
    /**
     * @var int
     * @cvalue SW_MODE_BASE
     */
    const SWOOLE_BASE = UNKNOWN;
    /**
     * @var int
     * @cvalue SW_MODE_PROCESS
     */
    const SWOOLE_PROCESS = UNKNOWN;

    /* Socket types */
    /**
     * @var int
     * @cvalue SW_SOCK_TCP
     */
    const SWOOLE_SOCK_TCP = UNKNOWN;
    /**
     * @var int
     * @cvalue SW_SOCK_UDP
     */
    const SWOOLE_SOCK_UDP = UNKNOWN;
    /**
     * @var int
     * @cvalue SW_SOCK_TCP6
     */
    const SWOOLE_SOCK_TCP6 = UNKNOWN;
    /**
     * @var int
     * @cvalue SW_SOCK_UDP6
     */
    const SWOOLE_SOCK_UDP6 = UNKNOWN;
    /**
     * @var int
     * @cvalue SW_SOCK_UNIX_DGRAM
     */
    const SWOOLE_SOCK_UNIX_DGRAM = UNKNOWN;
    /**
     * @var int
     * @cvalue SW_SOCK_UNIX_STREAM
     */
    const SWOOLE_SOCK_UNIX_STREAM = UNKNOWN;

    /* Log levels (the log_level setting) */
    /**
     * @var int
     * @cvalue SW_LOG_DEBUG
     */
    const SWOOLE_LOG_DEBUG = UNKNOWN;
    /**
     * @var int
     * @cvalue SW_LOG_TRACE
     */
    const SWOOLE_LOG_TRACE = UNKNOWN;
    /**
     * @var int
     * @cvalue SW_LOG_INFO
     */
    const SWOOLE_LOG_INFO = UNKNOWN;
    /**
     * @var int
     * @cvalue SW_LOG_NOTICE
     */
    const SWOOLE_LOG_NOTICE = UNKNOWN;
    /**
     * @var int
     * @cvalue SW_LOG_WARNING
     */
    const SWOOLE_LOG_WARNING = UNKNOWN;
    /**
     * @var int
     * @cvalue SW_LOG_ERROR
     */
    const SWOOLE_LOG_ERROR = UNKNOWN;
    /**
     * @var int
     * @cvalue SW_LOG_NONE
     */
    const SWOOLE_LOG_NONE = UNKNOWN;

    /* Dispatch modes (the dispatch_mode setting) */
    /**
     * @var int
     * @cvalue SW_DISPATCH_ROUND
     */
    const SWOOLE_DISPATCH_ROUND = UNKNOWN;
    /**
     * @var int
     * @cvalue SW_DISPATCH_FDMOD
     */
    const SWOOLE_DISPATCH_FDMOD = UNKNOWN;
    /**
     * @var int
     * @cvalue SW_DISPATCH_IDLE
     */
    const SWOOLE_DISPATCH_IDLE_WORKER = UNKNOWN;
    /**
     * @var int
     * @cvalue SW_DISPATCH_IPMOD
     */
    const SWOOLE_DISPATCH_IPMOD = UNKNOWN;
    /**
     * @var int
     * @cvalue SW_DISPATCH_UIDMOD
     */
    const SWOOLE_DISPATCH_UIDMOD = UNKNOWN;

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
    class Exception extends \Exception
    {
    }
}
