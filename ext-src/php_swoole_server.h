/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

#ifndef PHP_SWOOLE_SERVER_H
#define PHP_SWOOLE_SERVER_H

#include "php.h"
#include "sw_server.h"

/* What getWorkerStatus() returns (SWOOLE_WORKER_*, the classic values). */
#define PHP_SWOOLE_WORKER_BUSY 1
#define PHP_SWOOLE_WORKER_IDLE 2
#define PHP_SWOOLE_WORKER_EXIT 3

/* heartbeat(): idle seconds when neither heartbeat_idle_time nor heartbeat_check_interval is set. */
#define PHP_SWOOLE_HEARTBEAT_DEFAULT_IDLE 60

/*
 * Flags of the data of a task, a task result or a pipe message (the core
 * carries them untouched): bit 0 set means the bytes are the value as
 * php_var_serialize() wrote it; clear means a PHP string, byte for byte.
 */
#define PHP_SWOOLE_TASK_SERIALIZED 1

/* taskwait() and taskWaitMulti(): a longer timeout is cut to this many seconds (the core waits in ms, in an int). */
#define PHP_SWOOLE_TASK_WAIT_MAX 2000000.0

/* Swoole\Server (alias swoole_server) */
extern zend_class_entry *php_swoole_server_ce;

/* Registers Swoole\Server; called from the module's MINIT. */
void php_swoole_server_minit(int module_number);

/*
 * The server whose start() is running in this process (set in the master
 * before anything is forked, so every process of the server sees it), or
 * NULL. Timers and Swoole\Event use it to find the process's event loop.
 */
extern sw_server_t *php_swoole_server_started;

/*
 * Calls a callable that is not one of the server's events (a timer, an
 * event on a descriptor) in a process of the server, with the server's rules
 * for callbacks: an uncaught exception is reported as PHP reports it and
 * ends a worker with 255 (the master: the server shuts down), exit() ends
 * the process with its status, a fatal error ends it with 255. Releases args.
 */
void php_swoole_server_call_foreign(sw_server_t *serv, zval *callable, zend_fcall_info_cache *fcc, zval *args,
		uint32_t argc);

/*
 * The framing switches as given to set(). The core keeps only the mode they
 * result in, and set() may be called more than once, so the binding keeps
 * them: open_eof_split implies the eof check, and turning it off must not
 * turn off an open_eof_check given on its own.
 */
typedef struct {
	bool open_eof_check;
	bool open_eof_split;
	bool open_length_check;
} php_swoole_frame_switches_t;

/* Settings given to set(), checked but not yet applied. */
typedef struct {
	sw_server_config_t config;     /* numeric and boolean settings */
	php_swoole_frame_switches_t frame_switches;
	zend_string *log_file;         /* borrowed from the settings array; NULL: unchanged */
	zend_string *pid_file;
	zend_string *user;             /* checked to exist */
	zend_string *group;            /* checked to exist */
	zend_string *chroot;           /* checked to be a directory */
	zend_string *task_tmpdir;      /* checked to be a writable directory */
} php_swoole_pending_config_t;

/* Checks one setting into pending. false: an exception was thrown (or true with a warning for unknown keys). */
bool php_swoole_server_check_setting(zend_string *key, zval *value, php_swoole_pending_config_t *pending);

/*
 * After every key was checked: the settings that depend on each other
 * (framing mode, package_eof, the watermarks), as start() would check them.
 * false: an exception was thrown.
 */
bool php_swoole_server_check_setting_combination(php_swoole_pending_config_t *pending);

/* The binding's defaults that the core leaves unset (the framing length field: 'N', offsets 0 and 4). */
void php_swoole_server_setting_init(sw_server_t *serv);

/* Applies what php_swoole_server_check_setting() accepted to the core's configuration. */
void php_swoole_server_apply_setting(sw_server_t *serv, php_swoole_pending_config_t *pending);

/*
 * At start(), after validation. Adds to defaults (arrays) the values of the keys
 * the user did not give (given: $server->setting, may be NULL), and to
 * effective the values the server will use where they differ from what was
 * given (reactor_num and reload_concurrency are capped at worker_num; a
 * buffer_high_watermark or heartbeat_idle_time of 0 shows the derived value).
 */
void php_swoole_server_setting_defaults(sw_server_t *serv, HashTable *given, zval *defaults, zval *effective);

/*
 * The object behind Swoole\Server, shared by php_swoole_server.c (object,
 * settings, callbacks, start) and php_swoole_server_methods.c (the methods
 * that act on a running server).
 */
typedef enum {
	PHP_SWOOLE_SERVER_ON_START = 0,
	PHP_SWOOLE_SERVER_ON_SHUTDOWN,
	PHP_SWOOLE_SERVER_ON_MANAGER_START,
	PHP_SWOOLE_SERVER_ON_MANAGER_STOP,
	PHP_SWOOLE_SERVER_ON_WORKER_START,
	PHP_SWOOLE_SERVER_ON_WORKER_STOP,
	PHP_SWOOLE_SERVER_ON_CONNECT,
	PHP_SWOOLE_SERVER_ON_RECEIVE,
	PHP_SWOOLE_SERVER_ON_CLOSE,
	PHP_SWOOLE_SERVER_ON_WORKER_ERROR,
	PHP_SWOOLE_SERVER_ON_BUFFER_FULL,
	PHP_SWOOLE_SERVER_ON_BUFFER_EMPTY,
	PHP_SWOOLE_SERVER_ON_TASK,
	PHP_SWOOLE_SERVER_ON_FINISH,
	PHP_SWOOLE_SERVER_ON_PIPE_MESSAGE,
	PHP_SWOOLE_SERVER_ON_PACKET,
	PHP_SWOOLE_SERVER_ON_REQUEST,  /* Swoole\Http\Server only */
	PHP_SWOOLE_SERVER_EVENT_COUNT
} php_swoole_server_event_t;

typedef struct {
	zval callable;                 /* IS_UNDEF when no callback is registered */
	zend_fcall_info_cache fcc;
} php_swoole_server_callback_t;

typedef struct {
	sw_server_t *serv;
	php_swoole_server_callback_t callbacks[PHP_SWOOLE_SERVER_EVENT_COUNT];
	php_swoole_frame_switches_t frame_switches; /* as given to set() so far */
	bool started;                  /* start() was called (copied into every child) */
	bool finished;                 /* master: start() returned, the server is down */
	/* Master only: how its own callbacks ended, acted upon when start() returns. */
	bool master_fatal;             /* uncaught exception or fatal error in onStart/onShutdown */
	bool master_bailed_out;        /* a fatal error: no more PHP code may run in the callbacks */
	bool master_exit;              /* exit() in onStart/onShutdown */
	int master_exit_status;
	/*
	 * Workers: the callables given to task() whose result has not come yet,
	 * task id => php_swoole_server_callback_t *; created by the first such
	 * task() of this process (NULL until then), an entry removed when its
	 * result comes.
	 */
	HashTable *task_callbacks;
	/* Task workers: onTask is running (finish() is allowed) and whether finish() sent its result. */
	bool in_task;
	bool task_finished;
	/* $server->connections (a Swoole\Connection\Iterator that points back here without a reference) */
	zend_object *connections;
	/* Swoole\Server\Port objects by listener index (owned); port_callbacks: some port has its own */
	zend_object **ports;
	uint32_t port_count;
	bool port_callbacks;
	/* addProcess(): the Swoole\Process objects (owned), by user process index */
	zend_object **user_processes;
	uint32_t user_process_count;
	/* Swoole\Http\Server: its state (php_swoole_http.h); NULL for a plain server. */
	struct php_swoole_http_server *http;
	zend_object std;
} php_swoole_server_t;

static inline php_swoole_server_t *php_swoole_server_from_obj(zend_object *obj)
{
	return (php_swoole_server_t *) ((char *) obj - XtOffsetOf(php_swoole_server_t, std));
}

#define Z_SWOOLE_SERVER_P(zv) php_swoole_server_from_obj(Z_OBJ_P(zv))

/*
 * Task data (php_swoole_server_task.c). pack: a string as it is (flags 0),
 * anything else serialized (PHP_SWOOLE_TASK_SERIALIZED); *out is a new
 * reference to release. false: serializing threw (EG(exception) is set).
 */
bool php_swoole_server_task_pack(zval *data, zend_string **out, uint32_t *flags);
/*
 * unpack: the value the sender packed into out. Bytes that do not unserialize
 * give a warning naming what (task data, task result, pipe message) and NULL.
 * An exception thrown by the value's __unserialize()/__wakeup() stays pending.
 */
void php_swoole_server_task_unpack(const char *data, size_t len, uint32_t flags, const char *what, zval *out);
/* Swoole\Server\Port (php_swoole_server_port.c) */
void php_swoole_server_port_minit(zend_class_entry *ce);
/* A Port for listener index, appended to $server->ports; out gets a new reference. */
void php_swoole_server_port_add(php_swoole_server_t *intern, int index, const char *host, int port_number,
		int type, zval *out);
void php_swoole_server_ports_free(php_swoole_server_t *intern);
void php_swoole_server_ports_gc(php_swoole_server_t *intern, zend_get_gc_buffer *gc_buffer);
/* The callback for a connection event in a worker: its port's own, else the server's. */
php_swoole_server_callback_t *php_swoole_server_port_callback(php_swoole_server_t *intern, sw_session_id_t session_id,
		php_swoole_server_event_t event);
bool php_swoole_server_port_has(zend_object *port, php_swoole_server_event_t event);
bool php_swoole_server_ports_have(php_swoole_server_t *intern, php_swoole_server_event_t event);
/* An event's index by name (case-insensitive, "on" prefix allowed), or -1. */
int php_swoole_server_event_by_name(const char *name, size_t len);

/* $server->connections (php_swoole_server_connections.c) */
void php_swoole_server_connections_minit(zend_class_entry *iterator_ce);
void php_swoole_server_connections_attach(php_swoole_server_t *intern, zval *iterator);
void php_swoole_server_connections_detach(php_swoole_server_t *intern);

/* Releases the callables that task() kept (free_obj). */
void php_swoole_server_task_callbacks_free(php_swoole_server_t *intern);
/*
 * A result came for task_id: the callable task() kept for it, taken out of
 * the table (copied into callable; false when there is none).
 */
bool php_swoole_server_task_callback_take(php_swoole_server_t *intern, uint32_t task_id,
		php_swoole_server_callback_t *callable);

/* Calls the callback of an event (nothing when none is registered); releases args. */
void php_swoole_server_invoke_event(php_swoole_server_t *intern, php_swoole_server_event_t event, zval *args,
		uint32_t argc);

/* Fetches the object of the current method; throws if __construct() did not complete. */
#define PHP_SWOOLE_SERVER_FETCH(intern)                                                            \
	do {                                                                                           \
		(intern) = Z_SWOOLE_SERVER_P(ZEND_THIS);                                                   \
		if (UNEXPECTED(!(intern)->serv)) {                                                         \
			zend_throw_error(NULL, "Swoole\\Server object is not initialized: its constructor did not run"); \
			RETURN_THROWS();                                                                       \
		}                                                                                          \
	} while (0)

#endif /* PHP_SWOOLE_SERVER_H */
