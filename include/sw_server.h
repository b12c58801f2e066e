/*
 * The server core's public interface, used by the PHP binding (ext-src/) and
 * by examples/c_echo_server.c. Plain C: callbacks are function pointers and
 * the binding keeps its own state behind user_data.
 *
 * Process model (SW_MODE_PROCESS): the master's main thread accepts and
 * handles signals; reactor_num reactor threads own the connections (a
 * connection belongs to thread fd % reactor_num), read, dispatch to workers
 * and write replies; the manager process, forked before any thread exists,
 * forks and supervises worker_num workers. Every (reactor thread, worker)
 * pair has its own unix datagram socketpair, so each direction of each
 * channel has exactly one writer and needs no lock.
 *
 * Connections are named by a session id (what PHP sees as $fd): a 32-bit
 * number that is not reused while the connection lives, so a late send()
 * to a closed connection can never reach a newer client on the same fd.
 */
#ifndef SW_SERVER_H
#define SW_SERVER_H

#include "sw_core.h"
#include "sw_http.h"
#include "sw_log.h"
#include "sw_protocol.h"

typedef uint32_t sw_session_id_t;
typedef struct sw_server sw_server_t;

typedef enum {
	SW_MODE_BASE = 1,
	SW_MODE_PROCESS = 2,
} sw_server_mode_t;

typedef enum {
	SW_SOCK_TCP = 1,
	SW_SOCK_UDP = 2,
	SW_SOCK_TCP6 = 3,
	SW_SOCK_UDP6 = 4,
	SW_SOCK_UNIX_DGRAM = 5,
	SW_SOCK_UNIX_STREAM = 6,
} sw_sock_type_t;

enum sw_dispatch_mode {
	SW_DISPATCH_ROUND = 1,   /* round robin: onConnect/onClose may reach other workers than onReceive */
	SW_DISPATCH_FDMOD = 2,   /* by connection: every event of a connection goes to one worker */
	SW_DISPATCH_IDLE = 3,    /* first idle worker: like 1 for ordering */
	SW_DISPATCH_IPMOD = 4,
	SW_DISPATCH_UIDMOD = 5,
};

typedef struct {
	uint32_t worker_num;         /* >= 1; default: number of CPUs */
	uint32_t reactor_num;        /* >= 1; default: number of CPUs; never more than worker_num */
	uint32_t dispatch_mode;      /* enum sw_dispatch_mode, default 2 */
	int backlog;
	uint32_t max_connection;
	bool open_tcp_nodelay;
	int log_level;               /* enum sw_log_level */
	char *log_file;              /* owned; NULL: stderr */
	bool daemonize;
	char *pid_file;              /* owned; NULL: none */
	uint32_t max_wait_time;      /* seconds a stopping worker may take before SIGKILL */
	size_t buffer_output_size;   /* largest single send() */
	size_t package_max_length;   /* largest message through IPC */
	uint32_t max_request;        /* recycle a worker after this many requests; 0: never */
	int32_t max_request_grace;   /* up to this many more, chosen per worker; -1: max_request / 2 */
	uint32_t reload_concurrency; /* workers out of rotation at once during a reload (>= 1) */
	char *user;                  /* owned; workers drop privileges to this user (and its group) */
	char *group;                 /* owned; overrides the user's group */
	char *chroot;                /* owned; workers chroot here before dropping privileges */
	bool open_cpu_affinity;      /* pin worker i to CPU i % cpus */
	sw_frame_config_t frame;     /* framing of incoming data (open_eof_check, open_length_check, ...) */
	size_t socket_buffer_size;   /* pending output a connection may hold; send() beyond it fails */
	size_t buffer_high_watermark; /* onBufferFull when pending output reaches it (0: 3/4 of socket_buffer_size) */
	size_t buffer_low_watermark; /* onBufferEmpty when it falls back to it after a full */
	uint32_t heartbeat_check_interval; /* seconds between idle checks; 0: none */
	uint32_t heartbeat_idle_time; /* seconds without input before a connection is closed (0: 2 x interval) */
	uint32_t task_worker_num;    /* task worker processes; their ids follow the workers' (worker_num + k) */
	uint32_t task_ipc_mode;      /* 1: unix sockets; 2: SysV queue, to a chosen worker; 3: SysV queue, first free */
	uint32_t ipc_mode;           /* reactor threads to workers: 1 unix sockets, 2 a SysV message queue */
	long message_queue_key;      /* the task queue's key (the workers' is key + 1); 0: private queues */
	char *task_tmpdir;           /* owned; task payloads too big for one queue message go here */
	uint32_t task_max_request;   /* recycle a task worker after this many tasks; 0: never */
	/* listening sockets (TCP), applied at start */
	bool open_tcp_keepalive;     /* SO_KEEPALIVE on accepted connections */
	uint32_t tcp_keepidle;       /* seconds idle before the first probe (0: the kernel's) */
	uint32_t tcp_keepinterval;   /* seconds between probes (0: the kernel's) */
	uint32_t tcp_keepcount;      /* probes before the connection is dropped (0: the kernel's) */
	uint32_t tcp_defer_accept;   /* seconds accept waits for the first data (0: off) */
	uint32_t tcp_fastopen;       /* TCP Fast Open queue length (0: off) */
	bool enable_reuse_port;      /* SWOOLE_BASE: each worker listens on its own SO_REUSEPORT socket */
	/* HTTP (frame.mode SW_FRAME_HTTP): the reactor threads read whole requests, see sw_http.h */
	size_t http_max_header_size; /* request line + header fields; 431 beyond */
	uint32_t http_header_timeout; /* seconds a request head may take to arrive (408, close); 0: none */
	sw_http_static_config_t http_static; /* document_root NULL: no static handler; owned strings */
} sw_server_config_t;

/* What stats() reports; every figure is counted, none estimated. */
typedef struct {
	int64_t start_time;          /* unix time the server started */
	uint32_t connection_num;     /* open connections */
	uint64_t accept_count;       /* connections accepted */
	uint64_t close_count;        /* connections closed */
	uint64_t refused_count;      /* connections refused at accept (over max_connection) */
	uint32_t worker_num;
	uint32_t idle_worker_num;    /* live workers with nothing dispatched and unhandled */
	uint32_t task_worker_num;
	uint32_t tasking_num;
	uint64_t request_count;      /* onReceive calls completed by all workers */
	uint64_t dispatch_count;     /* messages (connect, receive, close) dispatched to workers */
	uint32_t reload_count;       /* reloads completed */
	uint64_t worker_request_count;   /* the calling worker process's requests (0 elsewhere) */
	uint64_t worker_dispatch_count;  /* messages dispatched to the calling worker's slot */
} sw_server_stats_t;

typedef struct {
	pid_t pid;                   /* 0 while the slot has no process */
	bool idle;
	uint32_t start_count;        /* processes this slot has had */
	uint64_t request_count;      /* requests of its current process */
	uint64_t total_request_count; /* requests of every process of this slot */
	uint64_t dispatch_count;     /* messages dispatched to this slot */
} sw_worker_stats_t;

/* A datagram's sender, for onPacket. */
typedef struct {
	int listener;
	int server_fd;               /* the socket it came in on: sendto() from it to answer */
	int server_port;
	char address[108];           /* IP text, or the sender's socket path (may be empty: unbound sender) */
	int port;
} sw_packet_from_t;

/* One connection, as getClientInfo() reports it. */
typedef struct {
	sw_session_id_t session_id;
	int reactor_id;
	int server_fd;               /* the listening socket it came through */
	int server_port;
	int socket_type;             /* sw_sock_type_t */
	char remote_ip[46];          /* text; empty for unix sockets */
	int remote_port;
	int64_t connect_time;        /* unix time */
	int64_t last_time;           /* unix time of its last input (1 s resolution) */
	uint32_t uid;                /* bind(); 0: not bound */
	bool protect;
} sw_conn_info_t;

typedef struct {
	/* master, main thread, after the manager and the reactor threads started */
	void (*on_start)(sw_server_t *serv);
	/* master, main thread, after every other process ended, before start() returns */
	void (*on_shutdown)(sw_server_t *serv);
	/* manager process */
	void (*on_manager_start)(sw_server_t *serv);
	void (*on_manager_stop)(sw_server_t *serv);
	/* worker processes */
	void (*on_worker_start)(sw_server_t *serv, int worker_id);
	void (*on_worker_stop)(sw_server_t *serv, int worker_id);
	void (*on_connect)(sw_server_t *serv, sw_session_id_t session_id, int reactor_id);
	void (*on_receive)(sw_server_t *serv, sw_session_id_t session_id, int reactor_id, const char *data,
			size_t len);
	void (*on_close)(sw_server_t *serv, sw_session_id_t session_id, int reactor_id);
	/* manager process, for every worker that ended without being asked to */
	void (*on_worker_error)(sw_server_t *serv, int worker_id, pid_t pid, int exit_code, int signo);
	/* worker: the connection's pending output crossed the high (full) or the low (empty) watermark */
	void (*on_buffer_full)(sw_server_t *serv, sw_session_id_t session_id, int reactor_id);
	void (*on_buffer_empty)(sw_server_t *serv, sw_session_id_t session_id, int reactor_id);
	/*
	 * Task workers: a task from worker src_worker_id. `flags` are the
	 * sender's, untouched (the binding marks serialized values). The result
	 * goes back with sw_server_finish() during the call.
	 */
	void (*on_task)(sw_server_t *serv, uint32_t task_id, int src_worker_id, const char *data, size_t len,
			uint32_t flags);
	/*
	 * Workers: the result of one of their task() calls (not of taskwait).
	 * When the task worker died with the task, data is NULL, len 0 and flags
	 * has SW_TASK_FAILED: the caller learns that no result will come.
	 */
	void (*on_finish)(sw_server_t *serv, uint32_t task_id, const char *data, size_t len, uint32_t flags);
	/* Workers and task workers: sendMessage() from another process of the server. */
	void (*on_pipe_message)(sw_server_t *serv, int src_worker_id, const char *data, size_t len, uint32_t flags);
	/* workers: a datagram of a UDP or unix dgram port */
	void (*on_packet)(sw_server_t *serv, const char *data, size_t len, const sw_packet_from_t *from);
	/*
	 * A user process (sw_server_add_user_process()), in the child the manager
	 * forked for it: runs its body and returns the exit code. The manager
	 * starts it again when it ends, and stops it with the server.
	 */
	int (*on_user_process)(sw_server_t *serv, int index);
} sw_server_callbacks_t;

/* on_finish flags: set by the core, never by senders (the binding's own flags use the low bits) */
#define SW_TASK_FAILED 0x80000000u

/* One task of sw_server_task_wait(). */
typedef struct {
	const char *data;
	size_t len;
	uint32_t flags;
	int dst_worker_id;           /* a task worker id (worker_num + k), or -1: the least busy */
} sw_task_t;

/* A result of sw_server_task_wait(): index into the tasks given. */
typedef void (*sw_task_result_cb_t)(void *ctx, size_t index, const char *data, size_t len, uint32_t flags);

sw_server_t *sw_server_new(sw_server_mode_t mode);
void sw_server_free(sw_server_t *serv);

/* Defaults are in place after sw_server_new(); change them before start. */
sw_server_config_t *sw_server_config(sw_server_t *serv);
sw_server_callbacks_t *sw_server_callbacks(sw_server_t *serv);
void sw_server_set_log_file(sw_server_t *serv, const char *path);
void sw_server_set_pid_file(sw_server_t *serv, const char *path);
void sw_server_set_user_data(sw_server_t *serv, void *data);
void *sw_server_user_data(sw_server_t *serv);

/*
 * Creates, binds and listens (in the calling process, before any fork).
 * Returns the listener index, or SW_ERR with a message in errbuf naming the
 * address and the system's reason.
 */
int sw_server_add_listener(sw_server_t *serv, const char *host, int port, sw_sock_type_t type, char *errbuf,
		size_t errlen);
/*
 * Adds a user process before start: the manager forks it after the workers,
 * restarts it whenever it ends (with the workers' back-off when it dies
 * right after starting), leaves it alone on reload and stops it with the
 * server. Its body is cb.on_user_process. Returns its index (0, 1, ...).
 */
int sw_server_add_user_process(sw_server_t *serv);
int sw_server_user_process_count(sw_server_t *serv);

/* Port the listener is bound to (useful with port 0). */
int sw_server_listener_port(sw_server_t *serv, int index);
/* Whether the listener takes datagrams (UDP, unix dgram) rather than connections. */
bool sw_server_listener_is_dgram(sw_server_t *serv, int index);
/*
 * sendto() in a worker: a datagram to ip:port (or to a unix socket path, port 0)
 * from server_socket, or from the first datagram port of that address family
 * when server_socket is -1.
 */
int sw_server_sendto(sw_server_t *serv, const char *addr, int port, const char *data, size_t len, int server_socket);
/* Port::set(): framing of this listener's connections; the others follow the server's at start. */
int sw_server_listener_set_frame(sw_server_t *serv, int index, const sw_frame_config_t *frame);
/* The listener a live connection came through, or -1. */
int sw_server_session_listener(sw_server_t *serv, sw_session_id_t session_id);
/* In a worker's connection callback (connect, receive, close, buffer): the listener of that connection. */
int sw_server_current_listener(sw_server_t *serv);
int sw_server_listener_count(sw_server_t *serv);

/*
 * Checks the configuration; SW_ERR with a message naming the setting in errbuf.
 */
int sw_server_validate(sw_server_t *serv, char *errbuf, size_t errlen);

/*
 * Runs the server. In the master it returns SW_OK after a full shutdown, or
 * SW_ERR if it could not start or stopped because the manager died unasked. It also returns in every child process
 * (manager, worker) when that process's work is over: then
 * sw_server_role() is not SW_ROLE_MASTER and the caller must end the process
 * with sw_server_exit_code(). The core itself never calls exit().
 */
int sw_server_start(sw_server_t *serv);

sw_process_role_t sw_server_role(sw_server_t *serv);
int sw_server_exit_code(sw_server_t *serv);
int sw_server_worker_id(sw_server_t *serv);     /* -1 outside workers */
pid_t sw_server_master_pid(sw_server_t *serv);
pid_t sw_server_manager_pid(sw_server_t *serv);
bool sw_server_is_running(sw_server_t *serv);
/* The master began a graceful stop: an HTTP response then closes its connection. */
bool sw_server_is_stopping(sw_server_t *serv);

/*
 * In a worker: queue data for a session. SW_ERR with the error set when the
 * session is closed or unknown (SW_ERROR_SESSION_NOT_EXIST), or the data is
 * larger than buffer_output_size (SW_ERROR_DATA_LENGTH_TOO_LARGE).
 */
int sw_server_send(sw_server_t *serv, sw_session_id_t session_id, const char *data, size_t len);

/* Flags of sw_server_send_ex() and sw_server_sendfile_ex(). */
enum {
	SW_SEND_HTTP_END = 0x1,      /* the last bytes of an HTTP response: the reactor counts it answered */
};
int sw_server_send_ex(sw_server_t *serv, sw_session_id_t session_id, const char *data, size_t len, uint32_t flags);
int sw_server_sendfile_ex(sw_server_t *serv, sw_session_id_t session_id, const char *path, off_t offset,
		size_t length, uint32_t flags);
/* In a worker: writes its queued replies now (before an exit that would lose them). */
int sw_server_flush(sw_server_t *serv);
/* Address of a session's peer (text) and port; SW_ERR when the session is not live. */
int sw_server_session_peer(sw_server_t *serv, sw_session_id_t session_id, char *ip, size_t iplen, int *port);
/* Sets document_root (resolved with realpath), the locations and the index files of the static handler. */
int sw_server_set_http_static(sw_server_t *serv, const char *document_root, const char *const *locations,
		size_t location_count, const char *const *index_files, size_t index_count);
/* In a worker: close a session once its pending output is written. */
int sw_server_close(sw_server_t *serv, sw_session_id_t session_id);
/* From any process of the server: graceful shutdown (SIGTERM to the master). */
int sw_server_shutdown(sw_server_t *serv);
/* In a worker: leave the event loop after the current callback (graceful exit). */
void sw_server_worker_exit(sw_server_t *serv, int exit_code);

/*
 * Rolling reload of every worker (SIGUSR1 to the manager), or of the task
 * workers only. Allowed from any process of a running server.
 */
int sw_server_reload(sw_server_t *serv, bool only_task_workers);
/*
 * Stops one worker, which is then respawned; -1 in a worker means itself
 * (after the current callback). The worker finishes its current message and
 * leaves what was dispatched to it for its replacement.
 */
int sw_server_stop_worker(sw_server_t *serv, int worker_id, bool wait_event);
int sw_server_stats(sw_server_t *serv, sw_server_stats_t *out);

/*
 * In a worker: queue length bytes of a file from offset (length 0: to the
 * end), written with sendfile() after what was sent before. The file is
 * checked now: SW_ERR with errno set if it cannot be read or the range is
 * outside it.
 */
int sw_server_sendfile(sw_server_t *serv, sw_session_id_t session_id, const char *path, off_t offset, size_t length);
/* In a worker: stop / restart reading a connection (its data waits in the kernel). */
int sw_server_pause(sw_server_t *serv, sw_session_id_t session_id);
int sw_server_resume(sw_server_t *serv, sw_session_id_t session_id);
/*
 * In a worker: the sessions idle longer than heartbeat_idle_time (or, when it
 * is 0, than idle_seconds); closes them when close_them. Fills up to max ids
 * and returns how many were found (which may be more than max).
 */
size_t sw_server_heartbeat(sw_server_t *serv, bool close_them, uint32_t idle_seconds, sw_session_id_t *ids,
		size_t max);
int sw_server_worker_stats(sw_server_t *serv, int worker_id, sw_worker_stats_t *out);
/*
 * In a worker: hands a task to a task worker (dst_worker_id, or -1 for the
 * least busy) and returns at once; *task_id identifies its onFinish. Fails
 * (SW_ERR, error set) in task workers, outside workers, with no task
 * workers, or when the task worker's queue stays full for
 * SW_TASK_SEND_WAIT_MS.
 */
int sw_server_task(sw_server_t *serv, const char *data, size_t len, uint32_t flags, int dst_worker_id,
		uint32_t *task_id);
/*
 * In a worker: hands n tasks out and waits for their results up to timeout
 * seconds; cb gets each result as it comes. Other messages that arrive
 * meanwhile are kept and handled after the call. Returns how many results
 * came (n when all did).
 */
size_t sw_server_task_wait(sw_server_t *serv, const sw_task_t *tasks, size_t n, double timeout,
		sw_task_result_cb_t cb, void *ctx);
/* In a task worker, while it handles a task: sends that task's result back. */
int sw_server_finish(sw_server_t *serv, const char *data, size_t len, uint32_t flags);
/* From a worker or task worker to another one (onPipeMessage there). */
int sw_server_send_message(sw_server_t *serv, int dst_worker_id, const char *data, size_t len, uint32_t flags);
bool sw_server_is_task_worker(sw_server_t *serv);

/*
 * The event loop of the calling process, for timers and watched descriptors
 * of the binding: the master's main thread (once start() runs the callbacks),
 * a worker's or a task worker's loop. NULL in the manager (it has no reactor)
 * and outside a running server.
 */
struct sw_reactor *sw_server_loop(sw_server_t *serv);

/* Setters for the owned strings of the configuration. */
void sw_server_set_user(sw_server_t *serv, const char *user);
void sw_server_set_group(sw_server_t *serv, const char *group);
void sw_server_set_chroot(sw_server_t *serv, const char *path);
void sw_server_set_task_tmpdir(sw_server_t *serv, const char *path);

/*
 * Connections, from any process of a running server (the session table is
 * shared): SW_ERR with 1004 (closed) or 1005 (never existed) when it is not
 * live. The list gives live ids greater than start, ascending, at most max.
 */
int sw_server_connection_info(sw_server_t *serv, sw_session_id_t session_id, sw_conn_info_t *out);
size_t sw_server_connection_list(sw_server_t *serv, sw_session_id_t start, sw_session_id_t *out, size_t max);
/* protect(): the heartbeat leaves the connection open. */
int sw_server_protect(sw_server_t *serv, sw_session_id_t session_id, bool on);
/* bind() (dispatch_mode 5): its events go to worker uid % worker_num from now on; once per connection. */
int sw_server_bind_uid(sw_server_t *serv, sw_session_id_t session_id, uint32_t uid);

#endif
