<?php

/**
 * @generate-class-entries
 * @generate-legacy-arginfo 80100
 */

namespace {
    /**
     * Swoole\Process\Pool: no IPC between the pool and its workers.
     * @var int
     * @cvalue PHP_SWOOLE_IPC_NONE
     */
    const SWOOLE_IPC_NONE = UNKNOWN;
    /**
     * Swoole\Process\Pool: workers receive messages from a SysV message queue (onMessage).
     * @var int
     * @cvalue PHP_SWOOLE_IPC_MSGQUEUE
     */
    const SWOOLE_IPC_MSGQUEUE = UNKNOWN;
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
        public const PIPE_TYPE_STREAM = UNKNOWN;
        /**
         * A datagram socketpair (message boundaries kept).
         * @var int
         * @cvalue SOCK_DGRAM
         */
        public const PIPE_TYPE_DGRAM = UNKNOWN;
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
