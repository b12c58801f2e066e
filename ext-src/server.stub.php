<?php

/**
 * @generate-class-entries
 * @generate-legacy-arginfo 80100
 */

namespace {
    /**
     * Worker states, as Swoole\Server::getWorkerStatus() returns them:
     * a worker handling, or with messages waiting for it.
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
