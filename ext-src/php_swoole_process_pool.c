/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/*
 * Swoole\Process\Pool: the calling process becomes a manager that keeps
 * workerNum children alive, on the core's process pool
 * (src/os/process_pool.c: reaping, respawn with back-off, SIGKILL after a
 * grace period). The manager's loop waits on the core's signal self-pipe
 * with the pool's next deadline as timeout.
 *
 * A worker runs onWorkerStart; then, with SWOOLE_IPC_MSGQUEUE, it takes
 * messages from the queue (onMessage) until SIGTERM; otherwise it runs its
 * event loop while anything (a timer, an event) is registered. Then
 * onWorkerStop runs and the worker exits with 0; the manager starts a new
 * one. SIGTERM during onWorkerStart ends the worker at once (default
 * disposition); afterwards it ends the loop and onWorkerStop runs.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "zend_exceptions.h"

#include "php_swoole.h"
#include "php_swoole_process.h"
#include "sw_log.h"
#include "sw_process_pool.h"
#include "sw_signal.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <unistd.h>
#ifdef HAVE_SYS_PRCTL_H
#include <sys/prctl.h>
#endif

/* How long a worker waits on its signals between two looks at an empty message queue. */
#define PHP_SWOOLE_POOL_MSG_POLL_MS 10
#define PHP_SWOOLE_POOL_MSG_MAX 65536

typedef enum {
	PHP_SWOOLE_POOL_ON_WORKER_START = 0,
	PHP_SWOOLE_POOL_ON_WORKER_STOP,
	PHP_SWOOLE_POOL_ON_MESSAGE,
	PHP_SWOOLE_POOL_EVENT_COUNT
} php_swoole_pool_event_t;

static const char *const php_swoole_pool_event_names[PHP_SWOOLE_POOL_EVENT_COUNT] = {
	"WorkerStart", "WorkerStop", "Message",
};

typedef struct {
	sw_process_pool_t pool;
	bool pool_ready;
	int worker_num;
	int ipc_type;
	zend_long msgq_key;
	int msgq_id;
	bool started;
	bool is_worker;
	int worker_id;
	pid_t manager_pid;
	php_swoole_callable_t callbacks[PHP_SWOOLE_POOL_EVENT_COUNT];
	zend_object std;
} php_swoole_pool_t;

static zend_object_handlers php_swoole_pool_handlers;
static zend_class_entry *php_swoole_pool_ce;

static inline php_swoole_pool_t *php_swoole_pool_from_obj(zend_object *obj)
{
	return (php_swoole_pool_t *) ((char *) obj - XtOffsetOf(php_swoole_pool_t, std));
}

/* {{{ object */
static zend_object *php_swoole_pool_create_object(zend_class_entry *ce)
{
	php_swoole_pool_t *intern = zend_object_alloc(sizeof(php_swoole_pool_t), ce);
	int i;

	memset(intern, 0, XtOffsetOf(php_swoole_pool_t, std));
	for (i = 0; i < PHP_SWOOLE_POOL_EVENT_COUNT; i++) {
		ZVAL_UNDEF(&intern->callbacks[i].callable);
	}
	intern->msgq_id = -1;
	intern->worker_id = -1;
	zend_object_std_init(&intern->std, ce);
	object_properties_init(&intern->std, ce);
	intern->std.handlers = &php_swoole_pool_handlers;
	return &intern->std;
}

static void php_swoole_pool_free_obj(zend_object *object)
{
	php_swoole_pool_t *intern = php_swoole_pool_from_obj(object);
	int i;

	for (i = 0; i < PHP_SWOOLE_POOL_EVENT_COUNT; i++) {
		php_swoole_callable_free(&intern->callbacks[i]);
	}
	if (intern->pool_ready) {
		sw_process_pool_free(&intern->pool);
	}
	zend_object_std_dtor(&intern->std);
}

static HashTable *php_swoole_pool_get_gc(zend_object *object, zval **table, int *n)
{
	php_swoole_pool_t *intern = php_swoole_pool_from_obj(object);
	zend_get_gc_buffer *gc_buffer = zend_get_gc_buffer_create();
	int i;

	for (i = 0; i < PHP_SWOOLE_POOL_EVENT_COUNT; i++) {
		if (!Z_ISUNDEF(intern->callbacks[i].callable)) {
			zend_get_gc_buffer_add_zval(gc_buffer, &intern->callbacks[i].callable);
		}
	}
	zend_get_gc_buffer_use(gc_buffer, table, n);
	return zend_std_get_properties(object);
}
/* }}} */

/* {{{ worker */
static int php_swoole_pool_call(php_swoole_pool_t *intern, php_swoole_pool_event_t event, zval *extra)
{
	zval args[2];

	if (Z_ISUNDEF(intern->callbacks[event].callable)) {
		if (extra) {
			zval_ptr_dtor(extra);
		}
		return -1;
	}
	ZVAL_OBJ_COPY(&args[0], &intern->std);
	if (extra) {
		ZVAL_COPY_VALUE(&args[1], extra);
	}
	return php_swoole_process_child_call(&intern->callbacks[event], args, extra ? 2 : 1);
}

/* Whether SIGTERM (or SIGINT) came since the last look. */
static bool php_swoole_pool_stop_requested(int timeout_ms)
{
	int signo;
	bool stop = false;

	if (timeout_ms > 0 && !sw_signal_pending()) {
		struct pollfd pfd = {.fd = sw_signal_fd(), .events = POLLIN};

		(void) poll(&pfd, 1, timeout_ms);
	}
	while ((signo = sw_signal_next()) != 0) {
		if (signo == SIGTERM) {
			stop = true;
		}
	}
	return stop;
}

static int php_swoole_pool_messages(php_swoole_pool_t *intern)
{
	struct {
		long mtype;
		char mtext[PHP_SWOOLE_POOL_MSG_MAX];
	} *msg = emalloc(sizeof(*msg));
	int code = -1;

	while (code < 0) {
		ssize_t n = msgrcv(intern->msgq_id, msg, sizeof(msg->mtext), 0, IPC_NOWAIT | MSG_NOERROR);

		if (n >= 0) {
			zval data;

			ZVAL_STRINGL(&data, msg->mtext, (size_t) n);
			code = php_swoole_pool_call(intern, PHP_SWOOLE_POOL_ON_MESSAGE, &data);
			if (php_swoole_pool_stop_requested(0)) {
				break;
			}
			continue;
		}
		if (errno != ENOMSG && errno != EINTR && errno != EAGAIN) {
			php_error_docref(NULL, E_WARNING, "msgrcv() failed: %s", strerror(errno));
			code = 255;
			break;
		}
		if (php_swoole_pool_stop_requested(PHP_SWOOLE_POOL_MSG_POLL_MS)) {
			break;
		}
	}
	efree(msg);
	return code;
}

static void php_swoole_pool_sigterm(void)
{
	sw_reactor_t *reactor = php_swoole_loop_get("the pool worker's loop");

	if (reactor != NULL) {
		sw_reactor_stop(reactor);
	}
}

static int php_swoole_pool_child_main(sw_process_pool_t *pool, int id)
{
	php_swoole_pool_t *intern = pool->ptr;
	zval zid;
	int code;

	intern->is_worker = true;
	intern->worker_id = id;
	php_swoole_loop_after_fork();
	php_swoole_process_signals_after_fork();
	sw_log_set_role(SW_ROLE_WORKER, id);
#ifdef HAVE_PR_SET_PDEATHSIG
	prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
	zend_update_property_long(php_swoole_pool_ce, &intern->std, ZEND_STRL("workerId"), id);

	ZVAL_LONG(&zid, id);
	code = php_swoole_pool_call(intern, PHP_SWOOLE_POOL_ON_WORKER_START, &zid);
	if (code < 0) {
		/* From now on SIGTERM ends the worker's wait instead of the process. */
		if (sw_signal_init() == SW_OK && sw_signal_catch(SIGTERM) == SW_OK) {
			if (intern->ipc_type == PHP_SWOOLE_IPC_MSGQUEUE) {
				code = php_swoole_pool_messages(intern);
			} else if (php_swoole_loop_alive()) {
				php_swoole_process_sigterm_hook = php_swoole_pool_sigterm;
				php_swoole_loop_signal_watch(true);
				code = php_swoole_process_run_loop();
			}
		}
	}
	if (code < 0) {
		ZVAL_LONG(&zid, id);
		code = php_swoole_pool_call(intern, PHP_SWOOLE_POOL_ON_WORKER_STOP, &zid);
	}
	return code < 0 ? 0 : code;
}
/* }}} */

/* {{{ manager */

/*
 * A worker that ends with 0 after running a while did what it was written
 * to do: it is replaced at once and quietly. One that ends that way right
 * after its start is still respawned with the pool's back-off, so a worker
 * whose callback returns at once cannot make the manager fork in a tight loop.
 */
static bool php_swoole_pool_exit_planned(sw_process_pool_t *pool, const sw_child_exit_t *ex)
{
	return ex->signo == 0 && ex->exit_code == 0 &&
			sw_time_ms() - pool->children[ex->id].started_ms >= SW_RESPAWN_FAST_EXIT_MS;
}

static void php_swoole_pool_manager_loop(php_swoole_pool_t *intern)
{
	sw_process_pool_t *pool = &intern->pool;
	int code, next, signo;

	for (;;) {
		if (!pool->running && sw_process_pool_alive(pool) == 0) {
			break;
		}
		if (sw_process_pool_tick(pool, &code, &next) == 1) {
			php_swoole_process_child_exit(code);
		}
		if (!sw_signal_pending()) {
			struct pollfd pfd = {.fd = sw_signal_fd(), .events = POLLIN};

			(void) poll(&pfd, 1, next < 0 ? 1000 : next);
		}
		while ((signo = sw_signal_next()) != 0) {
			if (signo == SIGTERM || signo == SIGINT) {
				sw_process_pool_shutdown(pool);
			} else if (signo == SIGUSR1 && pool->running) {
				int i;

				for (i = 0; i < pool->count; i++) {
					sw_process_pool_stop_child(pool, i);
				}
			}
		}
		sw_process_pool_reap(pool);
	}
}

PHP_METHOD(Swoole_Process_Pool, __construct)
{
	php_swoole_pool_t *intern = php_swoole_pool_from_obj(Z_OBJ_P(ZEND_THIS));
	zend_long worker_num, ipc_type = PHP_SWOOLE_IPC_NONE, msgq_key = 0;
	bool coroutine = false;

	ZEND_PARSE_PARAMETERS_START(1, 4)
		Z_PARAM_LONG(worker_num)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(ipc_type)
		Z_PARAM_LONG(msgq_key)
		Z_PARAM_BOOL(coroutine)
	ZEND_PARSE_PARAMETERS_END();

	if (worker_num <= 0 || worker_num > SW_MAX_WORKER_NUM) {
		zend_argument_value_error(1, "must be between 1 and %d", SW_MAX_WORKER_NUM);
		RETURN_THROWS();
	}
	if (ipc_type != PHP_SWOOLE_IPC_NONE && ipc_type != PHP_SWOOLE_IPC_MSGQUEUE) {
		zend_throw_exception(php_swoole_exception_ce,
				"only SWOOLE_IPC_NONE and SWOOLE_IPC_MSGQUEUE are supported by Swoole\\Process\\Pool",
				SW_ERROR_INVALID_PARAMS);
		RETURN_THROWS();
	}
	if (coroutine) {
		zend_throw_exception(php_swoole_exception_ce, "coroutines are not supported by this implementation",
				SW_ERROR_INVALID_PARAMS);
		RETURN_THROWS();
	}
	intern->worker_num = (int) worker_num;
	intern->ipc_type = (int) ipc_type;
	intern->msgq_key = msgq_key;
}

PHP_METHOD(Swoole_Process_Pool, on)
{
	php_swoole_pool_t *intern = php_swoole_pool_from_obj(Z_OBJ_P(ZEND_THIS));
	zend_string *name;
	zend_fcall_info fci;
	zend_fcall_info_cache fcc;
	const char *n;
	size_t len;
	int i;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(name)
		Z_PARAM_FUNC(fci, fcc)
	ZEND_PARSE_PARAMETERS_END();

	n = ZSTR_VAL(name);
	len = ZSTR_LEN(name);
	if (len > 2 && strncasecmp(n, "on", 2) == 0) {
		n += 2;
		len -= 2;
	}
	for (i = 0; i < PHP_SWOOLE_POOL_EVENT_COUNT; i++) {
		if (strlen(php_swoole_pool_event_names[i]) == len && strncasecmp(php_swoole_pool_event_names[i], n, len) == 0) {
			php_swoole_callable_set(&intern->callbacks[i], &fci, &fcc);
			RETURN_TRUE;
		}
	}
	zend_throw_exception_ex(php_swoole_exception_ce, SW_ERROR_INVALID_PARAMS,
			"unknown event \"%s\"; Swoole\\Process\\Pool has WorkerStart, WorkerStop and Message", ZSTR_VAL(name));
	RETURN_THROWS();
}

PHP_METHOD(Swoole_Process_Pool, start)
{
	php_swoole_pool_t *intern = php_swoole_pool_from_obj(Z_OBJ_P(ZEND_THIS));
	int code, rc;

	ZEND_PARSE_PARAMETERS_NONE();

	if (intern->worker_num == 0) {
		zend_throw_error(NULL, "Swoole\\Process\\Pool object is not initialized: its constructor did not run");
		RETURN_THROWS();
	}
	if (intern->started) {
		php_error_docref(NULL, E_WARNING, "the pool was already started");
		RETURN_FALSE;
	}
	if (intern->ipc_type == PHP_SWOOLE_IPC_MSGQUEUE) {
		if (Z_ISUNDEF(intern->callbacks[PHP_SWOOLE_POOL_ON_MESSAGE].callable)) {
			zend_throw_exception(php_swoole_exception_ce, "SWOOLE_IPC_MSGQUEUE needs an onMessage callback",
					SW_ERROR_WRONG_OPERATION);
			RETURN_THROWS();
		}
		intern->msgq_id = msgget(intern->msgq_key ? (key_t) intern->msgq_key : IPC_PRIVATE, IPC_CREAT | 0666);
		if (intern->msgq_id < 0) {
			php_error_docref(NULL, E_WARNING, "msgget() failed: %s", strerror(errno));
			RETURN_FALSE;
		}
	} else if (Z_ISUNDEF(intern->callbacks[PHP_SWOOLE_POOL_ON_WORKER_START].callable)) {
		zend_throw_exception(php_swoole_exception_ce, "no WorkerStart callback: register one with on('WorkerStart', ...)",
				SW_ERROR_WRONG_OPERATION);
		RETURN_THROWS();
	}
	if (sw_process_pool_init(&intern->pool, intern->worker_num) != SW_OK) {
		php_error_docref(NULL, E_WARNING, "cannot create the pool: %s", sw_strerror(sw_error_get()));
		RETURN_FALSE;
	}
	intern->pool_ready = true;
	intern->pool.ptr = intern;
	intern->pool.child_main = php_swoole_pool_child_main;
	intern->pool.exit_planned = php_swoole_pool_exit_planned;
	intern->started = true;
	intern->manager_pid = getpid();
	zend_update_property_long(php_swoole_pool_ce, &intern->std, ZEND_STRL("master_pid"), intern->manager_pid);

	if (sw_signal_init() != SW_OK || sw_signal_catch(SIGCHLD) != SW_OK || sw_signal_catch(SIGTERM) != SW_OK ||
			sw_signal_catch(SIGINT) != SW_OK || sw_signal_catch(SIGUSR1) != SW_OK) {
		php_error_docref(NULL, E_WARNING, "cannot set up the manager's signals: %s", sw_strerror(sw_error_get()));
		RETURN_FALSE;
	}
	fflush(stdout);
	fflush(stderr);
	rc = sw_process_pool_start(&intern->pool, &code);
	if (rc == 1) {
		php_swoole_process_child_exit(code);
	}
	php_swoole_pool_manager_loop(intern);
	sw_signal_reset();
	if (intern->msgq_id >= 0 && intern->msgq_key == 0) {
		msgctl(intern->msgq_id, IPC_RMID, NULL);
	}
	intern->started = false;
	RETURN_TRUE;
}

PHP_METHOD(Swoole_Process_Pool, getProcess)
{
	php_swoole_pool_t *intern = php_swoole_pool_from_obj(Z_OBJ_P(ZEND_THIS));
	zend_long worker_id = -1;
	php_swoole_process_t *p;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(worker_id)
	ZEND_PARSE_PARAMETERS_END();

	if (!intern->is_worker || (worker_id >= 0 && worker_id != intern->worker_id)) {
		php_error_docref(NULL, E_WARNING, "getProcess() gives the calling worker's own process only");
		RETURN_FALSE;
	}
	object_init_ex(return_value, php_swoole_process_ce);
	p = php_swoole_process_from_obj(Z_OBJ_P(return_value));
	p->is_child = true;
	p->pid = getpid();
	zend_update_property_long(php_swoole_process_ce, Z_OBJ_P(return_value), ZEND_STRL("pid"), p->pid);
	zend_update_property_long(php_swoole_process_ce, Z_OBJ_P(return_value), ZEND_STRL("id"), intern->worker_id);
}

PHP_METHOD(Swoole_Process_Pool, shutdown)
{
	php_swoole_pool_t *intern = php_swoole_pool_from_obj(Z_OBJ_P(ZEND_THIS));

	ZEND_PARSE_PARAMETERS_NONE();

	if (!intern->started) {
		RETURN_FALSE;
	}
	if (intern->is_worker) {
		RETURN_BOOL(kill(intern->manager_pid, SIGTERM) == 0);
	}
	sw_process_pool_shutdown(&intern->pool);
	RETURN_TRUE;
}
/* }}} */

void php_swoole_process_pool_minit(zend_class_entry *pool_ce)
{
	php_swoole_pool_ce = pool_ce;
	pool_ce->create_object = php_swoole_pool_create_object;
	memcpy(&php_swoole_pool_handlers, &std_object_handlers, sizeof(zend_object_handlers));
	php_swoole_pool_handlers.offset = XtOffsetOf(php_swoole_pool_t, std);
	php_swoole_pool_handlers.free_obj = php_swoole_pool_free_obj;
	php_swoole_pool_handlers.get_gc = php_swoole_pool_get_gc;
	php_swoole_pool_handlers.clone_obj = NULL;
}
