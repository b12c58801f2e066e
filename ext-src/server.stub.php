<?php

/**
 * @generate-class-entries
 * @generate-legacy-arginfo 80100
 */

namespace {
    /* What Swoole\Server::getWorkerStatus() returns */
    /**
     * A worker handling, or with messages waiting for it.
     * @var int
     * @cvalue PHP_SWOOLE_WORKER_BUSY
     */
    const SWOOLE_WORKER_BUSY = UNKNOWN;
    /**
     * A live worker with nothing dispatched to it left to handle.
     * @var int
     * @cvalue PHP_SWOOLE_WORKER_IDLE
     */
    const SWOOLE_WORKER_IDLE = UNKNOWN;
    /**
     * A worker slot without a process (between a worker's end and its replacement).
     * @var int
     * @cvalue PHP_SWOOLE_WORKER_EXIT
     */
    const SWOOLE_WORKER_EXIT = UNKNOWN;
}

namespace Swoole {
    /** @not-serializable */
    #[\AllowDynamicProperties]
    class Server
    {
        public string $host = "";
        /** The port the listener is bound to (the kernel's choice when 0 was asked for). */
        public int $port = 0;
        public int $mode = 0;
        public int $type = 0;
        /** What set() accepted, merged over earlier calls; completed with the defaults by start(). */
        public array $setting = [];
        public int $master_pid = 0;
        public int $manager_pid = 0;
        public int $worker_id = -1;
        public int $worker_pid = 0;
        public bool $taskworker = false;

        public function __construct(string $host, int $port = 0, int $mode = SWOOLE_PROCESS, int $sockType = SWOOLE_SOCK_TCP) {}

        /**
         * Checks and records settings; only before start(). Throws Swoole\Exception naming a bad key.
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
         */
        public function set(array $settings): bool {}

        public function on(string $event, callable $callback): bool {}

        public function start(): bool {}

        public function send(int $fd, string $data): bool {}

        public function close(int $fd): bool {}

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
         * worker_num, idle_worker_num, task_worker_num, tasking_num, request_count, dispatch_count,
         * reload_count, worker_request_count and worker_dispatch_count (of the calling worker; 0
         * elsewhere), and workers: per worker id, [pid, idle, start_count, request_count,
         * total_request_count, dispatch_count]. A warning and false when the server is not running.
         */
        public function stats(): array|false {}

        /** The id of the calling worker (0..worker_num-1); false outside workers. */
        public function getWorkerId(): int|false {}

        /**
         * The pid of a worker: -1 is the calling worker (false outside workers); false for a
         * worker slot that has no process at the moment.
         */
        public function getWorkerPid(int $workerId = -1): int|false {}

        /** The manager's pid while the server runs; 0 otherwise. */
        public function getManagerPid(): int {}

        /** The master's pid while the server runs; 0 otherwise. */
        public function getMasterPid(): int {}

        /**
         * SWOOLE_WORKER_BUSY, SWOOLE_WORKER_IDLE or SWOOLE_WORKER_EXIT for a worker id (-1: the
         * calling worker, false outside workers).
         */
        public function getWorkerStatus(int $workerId = -1): int|false {}

        public function getLastError(): int {}
    }
}
