/*
 * The server's private state, shared by the files of src/server/. The
 * binding only sees include/sw_server.h.
 */
#ifndef SW_SERVER_INTERNAL_H
#define SW_SERVER_INTERNAL_H

#include "sw_server.h"
#include "sw_buffer.h"
#include "sw_ipc.h"
#include "sw_msgqueue.h"
#include "sw_output.h"
#include "sw_process_pool.h"
#include "sw_reactor.h"
#include "sw_socket.h"

#include <pthread.h>

/*
 * One entry per live session, in memory shared by every process of the
 * server. Written by the master (main thread on accept, reactor thread on
 * close), read by workers to route send() to the owning reactor thread and to
 * fail fast on closed sessions. The reactor thread re-checks the session id
 * against its connection, so a stale read here can never misdeliver.
 */
typedef struct {
	uint32_t session_id;       /* 0: free */
	int32_t fd;
	uint16_t reactor_id;
	uint16_t closing;          /* a worker asked to close it: further sends fail */
	uint32_t last_active;      /* reactor clock (s) of its last input: heartbeat() in workers */
	uint64_t out_bytes;        /* output pending in the reactor (written by its thread) */
	uint64_t inflight_bytes;   /* sent by workers, not yet taken by the reactor (atomic add/sub) */
	/* for getClientInfo(), dispatch_mode 4 and 5, protect(): written at accept, then rarely */
	uint32_t connect_time;     /* unix time of the accept */
	uint32_t uid;              /* bind(): dispatch_mode 5; 0: not bound */
	uint16_t listener;         /* index of the listening port */
	uint16_t remote_port;
	uint8_t family;            /* AF_INET, AF_INET6 */
	uint8_t protect;           /* protect(): the heartbeat leaves it open */
	uint8_t remote_addr[16];   /* network order; IPv4 in the first 4 bytes */
} sw_session_t;

_Static_assert(sizeof(sw_session_t) == 64, "a session entry is one cache line (BENCH.md M1)");

/*
 * Counters of one (reactor thread, worker) channel, each written by one side.
 * A message's sequence number is the value of `dispatched` once it is queued.
 * When a worker dies, the messages it had read but not handled are the ones
 * in (done, read]; the manager then sets done = read, so the counters stay
 * consistent for the replacement, which handles what is still in the socket.
 */
typedef struct {
	uint64_t dispatched;       /* messages queued by the reactor thread */
	char pad1[56];
	uint64_t done;             /* messages handled (or dropped) by the worker */
	uint64_t read;             /* messages taken out of the socket by the worker */
	/*
	 * Set while the worker takes datagrams out of the socket and counts
	 * them: a worker killed in between took an unknown number, so all that
	 * is outstanding counts as lost (its connections are closed, not left
	 * waiting for an answer that cannot come).
	 */
	uint32_t reading;
	char pad2[44];
} sw_channel_stats_t;

/* Commands to a reactor thread, written whole (< PIPE_BUF) to its command pipe. */
enum sw_reactor_command_type {
	SW_REACTOR_CMD_STOP = 1,        /* write what is pending (bounded by max_wait_time), close all, end */
	SW_REACTOR_CMD_WORKER_DIED = 2, /* close connections whose messages died with the worker */
	SW_REACTOR_CMD_PAUSE = 3,       /* shutdown: stop reading clients, flush the queues to the workers */
};

typedef struct {
	uint32_t type;
	int32_t worker_id;
	uint64_t done;             /* the dead worker's counters on this channel at its death */
	uint64_t read;
} sw_reactor_command_t;

typedef struct {
	pid_t pid;
	uint32_t started;          /* times this worker slot was started */
	uint64_t requests;         /* onReceive calls completed by the current process */
	uint64_t total_requests;   /* ... by every process of this slot */
	uint32_t start_gen;        /* reload generation when the current process started */
	uint8_t ready;             /* onWorkerStart has returned */
	uint8_t exit_planned;      /* the process is leaving on purpose (SIGTERM, stop(), max_request) */
	uint8_t busy;              /* inside a callback (dispatch_mode 3 avoids it) */
	int64_t down_until_ms;     /* crash loop: no process before this (monotonic ms); 0: none */
	/* task workers */
	uint64_t tasks_queued;     /* tasks sent to this slot (atomic add by the senders) */
	uint64_t tasks_done;       /* tasks this slot finished (or lost with a dead process) */
	int32_t cur_task_src;      /* worker whose task is being read or handled, -1: none */
	uint32_t cur_task_id;
	uint8_t cur_task_wait;     /* its sender waits in taskwait */
	int64_t cur_task_since_ms; /* when that task was taken (monotonic ms), for choose_task_worker() */
} sw_worker_info_t;

/* Everything the processes of one server share (one anonymous MAP_SHARED mapping). */
typedef struct {
	pid_t master_pid;
	pid_t manager_pid;
	int64_t start_time;
	uint32_t conn_count;       /* open connections (atomic) */
	uint64_t accept_count;     /* written by the master's main thread only */
	uint64_t close_count;      /* atomic */
	uint64_t refused_count;    /* connections closed at accept: over max_connection (atomic) */
	uint64_t refuse_unlogged;  /* ... of which not yet in a log line (atomic; any accepting process logs them) */
	int64_t refuse_logged_ms;  /* monotonic time of the last such line (atomic) */
	uint32_t reload_gen;       /* reload requests seen by the manager (all workers) */
	uint32_t task_reload_gen;  /* ... including those for task workers only */
	uint32_t reload_count;     /* reloads completed */
	uint8_t shutting_down;     /* the master stopped accepting: workers drain, then exit */
	uint32_t reactors_drained; /* reactor threads that stopped reading and emptied their queues */
	uint32_t last_session_id;  /* atomic: the last id handed out */
	uint32_t session_mask;     /* slots - 1 */
	sw_worker_info_t *workers;         /* [worker_num + task_worker_num] */
	sw_channel_stats_t *stats;         /* [reactor_num * worker_num] */
	sw_session_t *sessions;            /* [session_mask + 1] */
	char *holds;                       /* [worker_num + task_worker_num] message queue holds, or NULL */
	size_t hold_stride;
	uint64_t queue_tasks;              /* task_ipc_mode 3: tasks sent and not yet taken by a task worker */
	size_t map_size;
} sw_shared_t;

typedef struct {
	sw_event_source_t src;     /* src.fd is the listening socket */
	sw_frame_config_t frame;   /* framing of this port's connections */
	bool own_frame;            /* set by Port::set(); otherwise the server's framing at start */
	bool dgram;                /* UDP, UDP6, unix dgram: read by a reactor thread, no connections */
	int sock_fd;               /* the descriptor's number, kept for getClientInfo() after src.fd is closed here */
	bool reuse_port;           /* enable_reuse_port (BASE): src.fd only holds the port; each worker listens itself */
	sw_sock_type_t type;
	char host[128];            /* address, or the socket path of a unix port */
	int port;
} sw_listener_t;

/*
 * A client connection in the master, indexed by its descriptor. Only the
 * owning reactor thread touches it after the main thread handed it over with
 * epoll_ctl(), so it needs no lock. Kept small: an idle connection costs
 * this struct and nothing else.
 */
typedef struct {
	sw_event_source_t src;
	uint32_t session_id;
	uint8_t active;
	uint8_t connect_sent;      /* CONNECT dispatched to a worker */
	uint8_t closing;           /* close once the output is written */
	uint8_t listener;
	int32_t last_worker;       /* worker that got this connection's last message */
	/*
	 * Sequence numbers (low 32 bits, on last_worker's channel) of the first
	 * message dispatched since the connection was last seen idle, and of the
	 * last one: if a worker dies, the connection lost a message when this
	 * range meets the range the worker had read but not handled.
	 */
	uint32_t first_seq;
	uint32_t last_seq;
	uint32_t last_recv;        /* reactor clock (s) of the last input: heartbeat */
	uint8_t recv_paused;       /* pause() from a worker */
	uint8_t throttled;         /* its worker's channel is too full: not read for now */
	uint8_t buffer_full;       /* onBufferFull sent, onBufferEmpty not yet */
	uint8_t http_state;        /* SW_CONN_HTTP_* */
	uint16_t http_pending;     /* HTTP requests dispatched whose response has not ended */
	uint8_t peer_eof;          /* the client half-closed: close once its messages are answered */
	uint8_t spare;
	struct sw_conn_io *io;     /* buffers, only while a partial frame or output is pending */
} sw_connection_t;

_Static_assert(sizeof(sw_connection_t) <= 64, "an idle connection must stay small (BENCH.md M1)");

/* sw_connection_t.http_state */
enum {
	SW_CONN_HTTP_STARTED = 0x1,  /* part of a response went out, not its end */
	SW_CONN_HTTP_LAST = 0x2,     /* a request without keep-alive was dispatched: read no more */
	SW_CONN_HTTP_EOF = 0x4,      /* the client half-closed: close once the pending requests are answered */
};

/* A connection's buffers: they exist only while something is pending. */
typedef struct sw_conn_io {
	sw_output_t out;           /* pending output (memory and file ranges) */
	sw_buffer_t in;            /* incomplete frame */
	size_t scan_pos;           /* where the eof search resumes in `in` */
	size_t need;               /* size of the frame in `in`, when known */
	sw_http_reader_t http;     /* HTTP: the request in `in` */
	uint32_t http_since;       /* HTTP: reactor clock + 1 when its partial head started; 0: none */
} sw_conn_io_t;

typedef struct sw_reactor_thread {
	sw_reactor_t reactor;
	/*
	 * The loop its connections are registered with: &reactor for a reactor
	 * thread; in SWOOLE_BASE the worker's own loop (the worker is its own
	 * reactor thread, and the two talk through loopback queues).
	 */
	sw_reactor_t *loop;
	bool base;                         /* SWOOLE_BASE: the connections of this process's table are all its own */
	uint32_t fd_first, fd_step;        /* its descriptors: fd_first, fd_first + fd_step, ... */
	pthread_t thread;
	int id;
	sw_server_t *serv;
	sw_ipc_outq_t *to_worker;          /* [worker_num], master ends of this thread's channels */
	sw_event_source_t *chan_src;       /* [worker_num] */
	sw_ipc_assembler_t *from_worker;   /* [worker_num] */
	uint8_t *flush_pending;            /* [worker_num]: queue has data to write */
	char *read_buf;                    /* SW_READ_BUFFER_SIZE */
	char *ipc_bufs;                    /* SW_IPC_BATCH datagram slots */
	char *packet_buf;                  /* a datagram of a UDP port, after its sw_ipc_packet_t */
	uint64_t packets_dropped;          /* datagrams dropped because a worker's queue was full */
	sw_event_source_t cmd_src;         /* read end of the command pipe */
	int *close_list;                   /* descriptors to close after the current batch */
	uint32_t close_count, close_cap;
	uint32_t rr;                       /* round-robin position */
	uint32_t out_count;                /* connections with pending output */
	uint32_t throttled_count;          /* connections not read because their channel is full */
	uint32_t eof_waiting;              /* half-closed connections waiting for their answers (peer_eof) */
	uint32_t *eof_fds;                 /* [eof_waiting] their descriptors */
	uint32_t eof_cap;
	uint32_t http_partial_count;       /* connections with a partial HTTP head (header timeout) */
	uint32_t next_http_sweep_s;
	uint32_t now_s;                    /* coarse clock: seconds since the server started */
	uint32_t next_heartbeat_s;
	bool paused;                       /* shutdown: no more reading from clients */
	bool http_grace;                   /* paused, but HTTP connections are still read (sw_http_conn_grace_*) */
	int64_t http_grace_start_ms, http_grace_end_ms;
	int64_t http_grace_poll_ms;
	bool drained_reported;             /* counted in shm->reactors_drained */
	bool stopping;                     /* finishing the pending output, then ending */
	bool msgq_backlog;                 /* ipc_mode 2: a full queue refused messages; retry soon */
	int64_t stop_deadline_ms;
} sw_reactor_thread_t;

/* A worker process's own state. */
typedef struct {
	sw_server_t *serv;
	int id;
	sw_reactor_t reactor;
	sw_event_source_t *chan_src;       /* [reactor_num] */
	sw_ipc_outq_t *to_reactor;         /* [reactor_num] */
	sw_ipc_assembler_t *from_reactor;  /* [reactor_num] */
	char *ipc_bufs;
	sw_event_source_t sig_src;
	bool exiting;                      /* abnormal end (exit(), uncaught error): no onWorkerStop */
	bool stopping;                     /* planned end: finish the message in progress, then leave */
	bool draining;                     /* server shutdown: handle everything dispatched, then leave */
	int exit_code;
	uint64_t request_limit;            /* max_request plus this worker's grace; 0: none */
	uint64_t *done_pending;            /* [reactor_num]: done counters to publish once replies are out */
	bool done_dirty;
	/* inbox (tasks, results, pipe messages) */
	bool task_worker;
	sw_event_source_t inbox_src;
	sw_ipc_assembler_t *inbox_asm;     /* [all workers]: one per sender */
	uint32_t next_task_id;
	uint64_t tasks_handled;            /* task workers: for task_max_request */
	bool finished;                     /* task workers: finish() was called for the current task */
	struct sw_task_wait *waiting;      /* taskwait in progress */
	sw_buffer_t stash;                 /* messages that came during a taskwait, handled after it */
	int cur_listener;                  /* port of the connection whose event is being handled */
	struct sw_reactor_thread *base;    /* SWOOLE_BASE: this worker's connections (src/server/base.c) */
	sw_msgq_relay_t relay;             /* message queue modes: feeds the queue into the loop */
	sw_msgq_msg_t *msgq_buf;           /* a task being sent through the task queue */
} sw_worker_t;

struct sw_server {
	sw_server_mode_t mode;
	sw_server_config_t config;
	sw_server_callbacks_t cb;
	void *user_data;

	sw_listener_t *listeners;
	int listener_count;
	uint32_t user_process_num;         /* sw_server_add_user_process(): pool slots after the workers */

	sw_process_role_t role;
	int exit_code;
	int worker_id;
	bool started;
	bool finished;                     /* start() has returned in the master: nothing runs any more */
	volatile int running;

	sw_shared_t *shm;
	int (*channels)[2];                /* [reactor_num * worker_num]: [0] master end, [1] worker end */
	int (*cmd_pipes)[2];               /* [reactor_num]: commands to each reactor thread (master and manager write) */
	/*
	 * [worker_num + task_worker_num]: every worker process's inbox, a unix
	 * datagram socketpair: [0] is written by any process of the server
	 * (each datagram is atomic; messages are reassembled per sender), [1] is
	 * read by the owner only. Tasks, results and pipe messages travel here.
	 */
	int (*inboxes)[2];
	/* ipc_mode 2 / task_ipc_mode 2 and 3 (src/server/msgq.c) */
	sw_msgq_t task_queue;
	sw_msgq_t worker_queue;
	size_t msgq_msg_max;               /* bytes of one queue message we send (type excluded); 0: no queues */

	/* master */
	sw_reactor_t main_reactor;
	sw_event_source_t sig_src;
	sw_reactor_thread_t *threads;
	sw_connection_t *conns;            /* [conn_cap], indexed by descriptor */
	uint32_t conn_cap;
	bool shutting_down;
	bool failed;                       /* stopped because the manager died unasked */
	int64_t clock_base_ms;             /* monotonic time at start: the reactor clocks count from it */
	size_t buffer_high;                /* buffer_high_watermark in effect */
	uint32_t heartbeat_idle;           /* heartbeat_idle_time in effect */
	int64_t shutdown_started_ms;
	pid_t manager_pid;

	/* manager */
	sw_process_pool_t pool;
	bool reloading;                    /* a rolling reload is under way */
	int64_t reload_started_ms;

	/* worker */
	sw_worker_t *worker;
};

static inline sw_channel_stats_t *sw_server_channel_stats(sw_server_t *serv, int reactor_id, int worker_id)
{
	return &serv->shm->stats[reactor_id * (int) serv->config.worker_num + worker_id];
}

static inline int *sw_server_channel(sw_server_t *serv, int reactor_id, int worker_id)
{
	return serv->channels[reactor_id * (int) serv->config.worker_num + worker_id];
}

/* A worker's loop in SWOOLE_BASE carries this id: its ptr is the worker, not a reactor thread. */
#define SW_REACTOR_ID_BASE (-2)

/* The reactor thread behind a loop's event: the thread itself, or a SWOOLE_BASE worker's. */
static inline sw_reactor_thread_t *sw_thread_of(sw_reactor_t *reactor)
{
	return reactor->id == SW_REACTOR_ID_BASE ? ((sw_worker_t *) reactor->ptr)->base
											 : (sw_reactor_thread_t *) reactor->ptr;
}

static inline bool sw_thread_owns(const sw_reactor_thread_t *t, uint32_t fd)
{
	return t->base || fd % t->fd_step == t->fd_first;
}

/* Shutdown: an HTTP connection still read during the grace period (sw_http_conn_grace_begin()). */
static inline bool sw_http_conn_in_grace(const sw_reactor_thread_t *t, const sw_connection_t *conn)
{
	return t->http_grace && t->serv->listeners[conn->listener].frame.mode == SW_FRAME_HTTP;
}

/* shared.c */
int sw_shared_create(sw_server_t *serv);
void sw_shared_destroy(sw_server_t *serv);
/* Allocates a session for fd (main thread only). Returns its id, 0 when the table is full. */
uint32_t sw_session_alloc(sw_server_t *serv, int fd, int reactor_id, int listener, const sw_sockaddr_t *peer);
/* A slot being filled by sw_session_alloc(): never a live id. */
#define SW_SESSION_RESERVED UINT32_MAX
static inline sw_session_t *sw_session_slot(sw_server_t *serv, uint32_t session_id)
{
	return &serv->shm->sessions[session_id & serv->shm->session_mask];
}
void sw_session_free(sw_server_t *serv, uint32_t session_id);
/* The session entry for id, or NULL (with the error set) if it is not live. */
const sw_session_t *sw_session_find(sw_server_t *serv, uint32_t session_id);

/* TCP options of a listening socket (keepalive, defer accept, fast open), from the settings. */
void sw_server_apply_listen_options(sw_server_t *serv, sw_listener_t *l, int fd);

/* The largest message a worker may get: package_max_length, or more on a port that set its own. */
static inline size_t sw_server_max_frame(sw_server_t *serv)
{
	size_t m = serv->config.package_max_length;
	int i;

	for (i = 0; i < serv->listener_count; i++) {
		m = SW_MAX(m, serv->listeners[i].frame.max_length);
	}
	return m;
}

/* master.c */
int sw_master_run(sw_server_t *serv);
/* server.c: the pid file appears once the server is up (after onStart). */
void sw_server_write_pid_file(sw_server_t *serv);

/* reactor_thread.c */
int sw_reactor_threads_start(sw_server_t *serv);
void sw_reactor_threads_stop(sw_server_t *serv);
/* The reactor thread's hooks, for a SWOOLE_BASE worker's loop to call. */
void sw_reactor_thread_after_events(sw_reactor_thread_t *t);
void sw_reactor_thread_before_wait(sw_reactor_thread_t *t, int *timeout_ms);
/* Takes in what worker w wrote so far (PROCESS: reads its channel; BASE: nothing to do). */
void sw_reactor_thread_drain_channel(sw_reactor_thread_t *t, int w);
/* Stops reading clients (shutdown); pending output still goes out. */
void sw_reactor_thread_pause(sw_reactor_thread_t *t);
/* Feeds one datagram a worker sent (reassembled per worker) to the connections. */
void sw_reactor_thread_feed(sw_reactor_thread_t *t, int worker_id, const char *dgram, size_t len);

/* base.c: SWOOLE_BASE, every worker accepts and serves its own connections */
int sw_base_worker_init(sw_worker_t *worker);
/* The worker's loop hooks: the reactor side's work, looped until both directions are quiet. */
void sw_base_worker_after_events(sw_worker_t *worker);
void sw_base_worker_before_wait(sw_worker_t *worker, int *timeout_ms);
/* A planned stop begins: the listening sockets are closed in this worker at once. */
void sw_base_worker_stop_accepting(sw_worker_t *worker);
/* Planned stop: no more accepting; pending output gets max_wait_time; every connection is closed (onClose). */
void sw_base_worker_shutdown(sw_worker_t *worker);
/* Worker side: one datagram from the reactor side (worker.c). */
void sw_worker_feed(sw_worker_t *worker, int reactor_id, const char *dgram, size_t len);

/* connection.c (all in the owning reactor thread, but adopt) */
typedef struct {
	sw_reactor_thread_t *t;
	sw_connection_t *conn;
	bool failed;               /* a frame could not be dispatched: close the connection */
} sw_frame_ctx_t;

/* An accepted descriptor over max_connection (or the table): logged, closed, true. */
bool sw_conn_refuse_over_limit(sw_server_t *serv, int fd, const sw_sockaddr_t *peer);
/* Hands an accepted connection to its reactor thread (main thread). */
int sw_reactor_thread_adopt(sw_server_t *serv, int fd, int listener, const sw_sockaddr_t *peer);
/* ... to thread t (SWOOLE_BASE: the worker's own). */
int sw_conn_adopt(sw_reactor_thread_t *t, int fd, int listener, const sw_sockaddr_t *peer);
int sw_conn_dispatch(sw_reactor_thread_t *t, sw_connection_t *conn, int type, const char *data, size_t len);
/* A datagram of a UDP / unix dgram port, to the worker its sender hashes to. */
void sw_packet_event(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events);
void sw_conn_event(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events);
void sw_conn_handle_worker_message(sw_reactor_thread_t *t, const sw_ipc_message_t *msg);
sw_connection_t *sw_conn_by_session(sw_reactor_thread_t *t, uint32_t session_id);
/* Writes what is pending: SW_OK all written, SW_AGAIN socket full, SW_ERR closed. */
int sw_conn_flush(sw_reactor_thread_t *t, sw_connection_t *conn);
/* Closes and tells a worker (onClose) if one heard of the connection. */
void sw_conn_close(sw_reactor_thread_t *t, sw_connection_t *conn);
/* Forgets the connection without telling anyone. */
void sw_conn_release(sw_reactor_thread_t *t, sw_connection_t *conn);
/* Resumes reading the connections held back by a full channel to worker_id, once it drained. */
void sw_conn_unthrottle(sw_reactor_thread_t *t, int worker_id);
/* Closes the half-closed connections whose messages are all answered. */
void sw_conn_check_eof(sw_reactor_thread_t *t);
/* Closes this thread's connections idle for heartbeat_idle_time. */
void sw_conn_heartbeat(sw_reactor_thread_t *t);

/* msgq.c: SysV message queues (ipc_mode 2, task_ipc_mode 2 and 3) */
/* Reads the kernel limits, warns about them and opens the queues (master, before fork). */
int sw_server_msgq_open(sw_server_t *serv);
/* Manager, when every worker ended: drops (counts, logs) the tasks nobody handled, removing their files. */
void sw_server_drop_leftover_tasks(sw_server_t *serv);
/* Removes the queues this server created. */
void sw_server_msgq_close(sw_server_t *serv);
static inline sw_msgq_hold_t *sw_server_hold(sw_server_t *serv, int worker_id)
{
	return (sw_msgq_hold_t *) (serv->shm->holds + serv->shm->hold_stride * (size_t) worker_id);
}
/* Starts (stops) the relay of a worker or task worker that reads a queue; no-op otherwise. */
int sw_worker_relay_start(sw_worker_t *worker);
void sw_worker_relay_stop(sw_worker_t *worker);
/* Manager: puts back a message a dead worker had taken from a queue but not delivered. */
void sw_server_msgq_recover(sw_server_t *serv, int worker_id);
/* Sends a task through the task queue (task_ipc_mode 2: to dst; 3: to whoever is free). */
int sw_task_queue_send(sw_server_t *serv, sw_worker_t *worker, int dst, const sw_ipc_header_t *hdr,
		const char *data, size_t len, int timeout_ms);
/* Replaces a message's file payload (SW_IPC_TMPFILE) by the file's content; buf is owned by the caller after. */
int sw_task_tmpfile_load(sw_server_t *serv, const sw_ipc_message_t *msg, char **buf, size_t *len);

/* connection.c, for http_conn.c */
sw_conn_io_t *sw_conn_io_get(sw_connection_t *conn);
void sw_conn_io_release_if_idle(sw_reactor_thread_t *t, sw_connection_t *conn);
/* Writes data to the client now, or queues it behind pending output. May close the connection. */
void sw_conn_write(sw_reactor_thread_t *t, sw_connection_t *conn, const char *data, size_t len);
/* Closes once the pending output is written. */
void sw_conn_close_after_output(sw_reactor_thread_t *t, sw_connection_t *conn);
int sw_conn_dispatch_prefixed(sw_reactor_thread_t *t, sw_connection_t *conn, int type, const void *prefix,
		size_t prefix_len, const char *data, size_t len);

/* http_conn.c (owning reactor thread) */
void sw_http_conn_input(sw_reactor_thread_t *t, sw_connection_t *conn, char *data, size_t n);
/* A worker's reply for an HTTP connection went through: track where its response stands. */
void sw_http_conn_replied(sw_reactor_thread_t *t, sw_connection_t *conn, uint32_t send_flags);
/* Its worker died with a request of this connection: answer 502 if nothing was sent yet, then close. */
void sw_http_conn_worker_died(sw_reactor_thread_t *t, sw_connection_t *conn);
/* Closes (408) the connections whose request head takes longer than http_header_timeout. */
void sw_http_conn_sweep(sw_reactor_thread_t *t);
/* The reactor's part of io_free: a partial head no longer waits. */
void sw_http_conn_io_freed(sw_reactor_thread_t *t, sw_conn_io_t *io);
/* Paused for shutdown: keep reading the HTTP connections for SW_HTTP_SHUTDOWN_GRACE_MS. */
void sw_http_conn_grace_begin(sw_reactor_thread_t *t);
/* From before_wait while the grace lasts: ends it when due (closing the idle connections). */
void sw_http_conn_grace_check(sw_reactor_thread_t *t, int *timeout_ms);

/* manager.c */
int sw_manager_main(sw_server_t *serv);

/* worker.c */
int sw_worker_main(sw_server_t *serv, int worker_id);
int sw_worker_stop_self(sw_server_t *serv);

/* task.c */
static inline uint32_t sw_server_total_workers(sw_server_t *serv)
{
	return serv->config.worker_num + serv->config.task_worker_num;
}
int sw_inboxes_create(sw_server_t *serv);
void sw_inboxes_free(sw_server_t *serv);
/* In a worker process after fork: keep the write ends and its own read end. */
void sw_inbox_keep_own(sw_server_t *serv, int worker_id);
int sw_inbox_init(sw_worker_t *worker);
void sw_inbox_free(sw_worker_t *worker);
/* Handles what came into the inbox (and what a taskwait set aside). */
void sw_inbox_event(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events);
void sw_inbox_handle_stash(sw_worker_t *worker);
/* Manager: a task worker died; tell the sender of its task, if any, that no result comes. */
void sw_task_worker_died(sw_server_t *serv, int worker_id);

#endif
