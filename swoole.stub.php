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

    /** Text for an errno value or a server error code. */
    function swoole_strerror(int $errno): string {}

    /** Last error of the server core in this process (0 when none). */
    function swoole_last_error(): int {}
}

namespace Swoole {
    class Exception extends \Exception
    {
    }
}
