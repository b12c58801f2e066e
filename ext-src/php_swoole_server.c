/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/*
 * Swoole\Server: turns PHP settings into the core's sw_server_config_t and
 * PHP callables into the core's C callbacks.
 *
 * The core forks the manager and the workers from inside sw_server_start(),
 * so every process of the server runs on a copy of the same PHP object. The
 * per-process state (callbacks, flags) is therefore kept in the object struct
 * itself, never in process-wide arrays. sw_server_start() returns in every
 * process; in a child that means "your work is over" and the child ends here,
 * it never falls through to the PHP code after $server->start().
 *
 * The methods that act on a running server (send, sendfile, pause, heartbeat,
 * reload, stats, ...) are in php_swoole_server_methods.c; those of the task
 * workers and of the messages between workers (task, taskwait, finish,
 * sendMessage, ...) and the task data's encoding in php_swoole_server_task.c.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "main/php_output.h"
#include "zend_attributes.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "zend_smart_str.h"

#include "php_swoole.h"
#include "php_swoole_server.h"
#include "sw_server.h"

#include "php_swoole_http.h"
#include "php_swoole_process.h"
#include "server_arginfo.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <unistd.h>

/* Indexed by php_swoole_server_event_t; the names on() accepts, as documented. */
static const char *const php_swoole_server_event_names[PHP_SWOOLE_SERVER_EVENT_COUNT] = {
	"start",
	"shutdown",
	"managerStart",
	"managerStop",
	"workerStart",
	"workerStop",
	"connect",
	"receive",
	"close",
	"workerError",
	"bufferFull",
	"bufferEmpty",
	"task",
	"finish",
	"pipeMessage",
	"packet",
	"request",
};

/* Events of the classic API that this server does not deliver yet. */
static const char *const php_swoole_server_pending_events[] = {
	"workerExit", "beforeReload", "afterReload", "beforeShutdown",
};

zend_class_entry *php_swoole_server_ce;
static zend_object_handlers php_swoole_server_handlers;

sw_server_t *php_swoole_server_started;

/* The pseudo event of timer and Swoole\Event callbacks (php_swoole_server_call_foreign). */
#define PHP_SWOOLE_SERVER_ON_FOREIGN PHP_SWOOLE_SERVER_EVENT_COUNT

/* {{{ object handlers */
static zend_object *php_swoole_server_create_object(zend_class_entry *ce)
{
	php_swoole_server_t *intern = zend_object_alloc(sizeof(php_swoole_server_t), ce);
	int i;

	memset(intern, 0, XtOffsetOf(php_swoole_server_t, std));
	for (i = 0; i < PHP_SWOOLE_SERVER_EVENT_COUNT; i++) {
		ZVAL_UNDEF(&intern->callbacks[i].callable);
	}
	zend_object_std_init(&intern->std, ce);
	object_properties_init(&intern->std, ce);
	intern->std.handlers = &php_swoole_server_handlers;
	return &intern->std;
}

static void php_swoole_server_free_obj(zend_object *object)
{
	php_swoole_server_t *intern = php_swoole_server_from_obj(object);
	int i;

	for (i = 0; i < PHP_SWOOLE_SERVER_EVENT_COUNT; i++) {
		zval_ptr_dtor(&intern->callbacks[i].callable);
		ZVAL_UNDEF(&intern->callbacks[i].callable);
	}
	php_swoole_server_task_callbacks_free(intern);
	php_swoole_server_connections_detach(intern);
	php_swoole_server_ports_free(intern);
	php_swoole_http_server_free(intern);
	if (intern->user_processes) {
		uint32_t k;

		for (k = 0; k < intern->user_process_count; k++) {
			OBJ_RELEASE(intern->user_processes[k]);
		}
		efree(intern->user_processes);
		intern->user_processes = NULL;
	}
	if (intern->serv) {
		sw_server_free(intern->serv);
		intern->serv = NULL;
	}
	zend_object_std_dtor(&intern->std);
}

/* Closures that capture $server form cycles through the stored callbacks. */
static HashTable *php_swoole_server_get_gc(zend_object *object, zval **table, int *n)
{
	php_swoole_server_t *intern = php_swoole_server_from_obj(object);
	zend_get_gc_buffer *gc_buffer = zend_get_gc_buffer_create();
	int i;

	for (i = 0; i < PHP_SWOOLE_SERVER_EVENT_COUNT; i++) {
		if (!Z_ISUNDEF(intern->callbacks[i].callable)) {
			zend_get_gc_buffer_add_zval(gc_buffer, &intern->callbacks[i].callable);
		}
	}
	php_swoole_server_ports_gc(intern, gc_buffer);
	{
		uint32_t k;

		for (k = 0; k < intern->user_process_count; k++) {
			zend_get_gc_buffer_add_obj(gc_buffer, intern->user_processes[k]);
		}
	}
	if (intern->task_callbacks) {
		php_swoole_server_callback_t *cb;

		ZEND_HASH_FOREACH_PTR(intern->task_callbacks, cb) {
			zend_get_gc_buffer_add_zval(gc_buffer, &cb->callable);
		} ZEND_HASH_FOREACH_END();
	}
	zend_get_gc_buffer_use(gc_buffer, table, n);
	return zend_std_get_properties(object);
}
/* }}} */

/* {{{ properties */
static void php_swoole_server_set_long(php_swoole_server_t *intern, const char *name, size_t len, zend_long value)
{
	zend_update_property_long(php_swoole_server_ce, &intern->std, name, len, value);
}

#define PHP_SWOOLE_SERVER_SET_LONG(intern, name, value)                                            \
	php_swoole_server_set_long((intern), name, sizeof(name) - 1, (zend_long) (value))

static zval *php_swoole_server_read_setting(php_swoole_server_t *intern, zval *rv)
{
	return zend_read_property(php_swoole_server_ce, &intern->std, ZEND_STRL("setting"), 1, rv);
}
/* }}} */

/* {{{ settings (checked, applied and completed in php_swoole_server_setting.c) */

/*
 * Merges src into $server->setting: overwrite, the values of src win (set(),
 * and the values in effect at start()); otherwise only missing keys are added
 * (the defaults, at start()).
 */
static void php_swoole_server_merge_setting(php_swoole_server_t *intern, HashTable *src, bool overwrite)
{
	zval rv, merged;
	zval *current = php_swoole_server_read_setting(intern, &rv);

	if (Z_TYPE_P(current) == IS_ARRAY) {
		ZVAL_ARR(&merged, zend_array_dup(Z_ARRVAL_P(current)));
	} else {
		array_init(&merged);
	}
	zend_hash_merge(Z_ARRVAL(merged), src, zval_add_ref, overwrite);
	zend_update_property(php_swoole_server_ce, &intern->std, ZEND_STRL("setting"), &merged);
	zval_ptr_dtor(&merged);
}

/* After validation: record the values in effect, and the defaults of the keys the user left out. */
static void php_swoole_server_complete_setting(php_swoole_server_t *intern)
{
	zval rv, defaults, effective;
	zval *current = php_swoole_server_read_setting(intern, &rv);

	array_init(&defaults);
	array_init(&effective);
	php_swoole_server_setting_defaults(
			intern->serv, Z_TYPE_P(current) == IS_ARRAY ? Z_ARRVAL_P(current) : NULL, &defaults, &effective);
	php_swoole_server_merge_setting(intern, Z_ARRVAL(defaults), false);
	php_swoole_server_merge_setting(intern, Z_ARRVAL(effective), true);
	zval_ptr_dtor(&defaults);
	zval_ptr_dtor(&effective);
}
/* }}} */

/* {{{ calling PHP from the core's callbacks */

/*
 * Ends a child process (manager, worker) without returning to the script:
 * the code after $server->start() belongs to the master. Only this process's
 * PHP output is flushed; _exit() because the atexit handlers and stdio
 * buffers are the master's.
 */
static ZEND_NORETURN void php_swoole_server_child_exit(int code)
{
	zend_try {
		php_output_end_all();
	} zend_end_try();
	fflush(stdout);
	fflush(stderr);
	_exit(code);
}

/* How a callback ended when it did not return normally. */
static void php_swoole_server_end_process(
		php_swoole_server_t *intern, php_swoole_server_event_t event, int status, bool fatal)
{
	sw_server_t *serv = intern->serv;

	switch (sw_server_role(serv)) {
		case SW_ROLE_WORKER:
		case SW_ROLE_TASK_WORKER:
			sw_server_worker_exit(serv, status);
			break;
		case SW_ROLE_MANAGER:
			/* The manager cannot end on its own without taking the server down: say so. */
			if (event != PHP_SWOOLE_SERVER_ON_MANAGER_STOP) {
				sw_server_shutdown(serv);
			}
			break;
		case SW_ROLE_MASTER:
		default:
			if (fatal) {
				intern->master_fatal = true;
			} else if (!intern->master_exit) {
				intern->master_exit = true;
				intern->master_exit_status = status;
			}
			if (event == PHP_SWOOLE_SERVER_ON_START || event == PHP_SWOOLE_SERVER_ON_FOREIGN) {
				sw_server_shutdown(serv);
			}
			break;
	}
}

/*
 * An exception escaped a callback: exit() is a request to end the process
 * with its status; anything else is reported as PHP reports an uncaught
 * exception (the user's exception handler first), and ends the process with
 * 255 as a fatal error would.
 */
static void php_swoole_server_handle_exception(php_swoole_server_t *intern, php_swoole_server_event_t event)
{
	zend_object *ex = EG(exception);

	if (zend_is_unwind_exit(ex)) {
		int status = (int) EG(exit_status);

		zend_clear_exception();
		php_swoole_server_end_process(intern, event, status, false);
		return;
	}
	if (zend_is_graceful_exit(ex)) {
		zend_clear_exception();
		return;
	}
	if (intern->http) {
		php_swoole_http_server_before_fatal(intern);
	}
#ifdef zend_try_exception_handler
	zend_try_exception_handler();
#endif
	if (EG(exception)) {
		zend_exception_error(EG(exception), E_ERROR);
	}
	if (EG(exception)) {
		zend_clear_exception();
	}
	php_swoole_server_end_process(intern, event, 255, true);
}

/*
 * What is done with a callback's return value, inside the same guard as the
 * call (it may throw or raise a fatal error like the callback itself); NULL:
 * the value is dropped. Not called when the callback threw.
 */
typedef void (*php_swoole_server_result_fn)(php_swoole_server_t *intern, zval *retval);

/*
 * An exception pending before the call (thrown while the arguments were made,
 * by an unserialized value's __wakeup() for instance) skips the call and is
 * reported as if the callback had thrown it.
 */
static void php_swoole_server_call(php_swoole_server_t *intern, php_swoole_server_event_t event,
		php_swoole_server_callback_t *cb, zval *args, uint32_t argc, php_swoole_server_result_fn on_result)
{
	zend_fcall_info fci;
	zval retval;

	fci.size = sizeof(fci);
	ZVAL_COPY_VALUE(&fci.function_name, &cb->callable);
	fci.object = NULL;
	fci.retval = &retval;
	fci.params = args;
	fci.param_count = argc;
	fci.named_params = NULL;

	ZVAL_UNDEF(&retval);
	if (EXPECTED(!EG(exception))) {
		zend_call_function(&fci, &cb->fcc);
		if (on_result && !EG(exception) && !Z_ISUNDEF(retval)) {
			on_result(intern, &retval);
		}
	}
	zval_ptr_dtor(&retval);
	if (UNEXPECTED(EG(exception))) {
		php_swoole_server_handle_exception(intern, event);
	}
}

/*
 * Calls a PHP callable for an event with args[0] = $server, and releases the
 * args. A fatal error (bailout) never unwinds through the core's frames: a
 * child ends at once with 255; the master stops the server and re-raises the
 * fatal error when start() returns.
 */
static void php_swoole_server_invoke_callable(php_swoole_server_t *intern, php_swoole_server_event_t event,
		php_swoole_server_callback_t *cb, zval *args, uint32_t argc, php_swoole_server_result_fn on_result)
{
	zend_execute_data *execute_data = EG(current_execute_data);
	volatile bool bailed_out = false;
	uint32_t i;

	if (Z_ISUNDEF(cb->callable) || intern->master_bailed_out) {
		goto cleanup;
	}
	zend_try {
		php_swoole_server_call(intern, event, cb, args, argc, on_result);
	} zend_catch {
		bailed_out = true;
	} zend_end_try();

	if (bailed_out) {
		EG(current_execute_data) = execute_data;
		if (sw_server_role(intern->serv) != SW_ROLE_MASTER) {
			if (intern->http) {
				php_swoole_http_server_before_fatal(intern);
			}
			php_swoole_server_child_exit(255);
		}
		intern->master_bailed_out = true;
		intern->master_fatal = true;
		if (event == PHP_SWOOLE_SERVER_ON_START || event == PHP_SWOOLE_SERVER_ON_FOREIGN) {
			sw_server_shutdown(intern->serv);
		}
	}
cleanup:
	for (i = 0; i < argc; i++) {
		zval_ptr_dtor(&args[i]);
	}
}

/* Calls the registered callback of an event (nothing when there is none). */
static void php_swoole_server_invoke(
		php_swoole_server_t *intern, php_swoole_server_event_t event, zval *args, uint32_t argc)
{
	php_swoole_server_invoke_callable(intern, event, &intern->callbacks[event], args, argc, NULL);
}

void php_swoole_server_invoke_event(php_swoole_server_t *intern, php_swoole_server_event_t event, zval *args,
		uint32_t argc)
{
	php_swoole_server_invoke(intern, event, args, argc);
}

static inline php_swoole_server_t *php_swoole_server_of(sw_server_t *serv)
{
	return (php_swoole_server_t *) sw_server_user_data(serv);
}

void php_swoole_server_call_foreign(sw_server_t *serv, zval *callable, zend_fcall_info_cache *fcc, zval *args,
		uint32_t argc)
{
	php_swoole_server_callback_t cb;

	ZVAL_COPY_VALUE(&cb.callable, callable);
	cb.fcc = *fcc;
	php_swoole_server_invoke_callable(php_swoole_server_of(serv), PHP_SWOOLE_SERVER_ON_FOREIGN, &cb, args, argc, NULL);
}

static void php_swoole_server_set_title(const char *fmt, int id)
{
	char title[64];
	int len = snprintf(title, sizeof(title), fmt, id);

	php_swoole_set_process_name(title, (size_t) MIN(len, (int) sizeof(title) - 1), true);
}

static void php_swoole_server_on_start(sw_server_t *serv)
{
	php_swoole_server_t *intern = php_swoole_server_of(serv);
	zval args[1];

	php_swoole_server_set_title("php: master process", 0);
	PHP_SWOOLE_SERVER_SET_LONG(intern, "master_pid", sw_server_master_pid(serv));
	PHP_SWOOLE_SERVER_SET_LONG(intern, "manager_pid", sw_server_manager_pid(serv));
	ZVAL_OBJ_COPY(&args[0], &intern->std);
	php_swoole_server_invoke(intern, PHP_SWOOLE_SERVER_ON_START, args, 1);
}

static void php_swoole_server_on_shutdown(sw_server_t *serv)
{
	php_swoole_server_t *intern = php_swoole_server_of(serv);
	zval args[1];

	ZVAL_OBJ_COPY(&args[0], &intern->std);
	php_swoole_server_invoke(intern, PHP_SWOOLE_SERVER_ON_SHUTDOWN, args, 1);
}

static void php_swoole_server_on_manager_start(sw_server_t *serv)
{
	php_swoole_server_t *intern = php_swoole_server_of(serv);
	zval args[1];

	php_swoole_server_set_title("php: manager process", 0);
	PHP_SWOOLE_SERVER_SET_LONG(intern, "master_pid", sw_server_master_pid(serv));
	PHP_SWOOLE_SERVER_SET_LONG(intern, "manager_pid", getpid());
	ZVAL_OBJ_COPY(&args[0], &intern->std);
	php_swoole_server_invoke(intern, PHP_SWOOLE_SERVER_ON_MANAGER_START, args, 1);
}

/* In the child the manager forked for user process `index`: runs its Process like start() would. */
static int php_swoole_server_on_user_process(sw_server_t *serv, int index)
{
	php_swoole_server_t *intern = php_swoole_server_of(serv);

	if (index < 0 || (uint32_t) index >= intern->user_process_count) {
		return 255;
	}
	return php_swoole_process_run_child(intern->user_processes[index]);
}

static void php_swoole_server_on_manager_stop(sw_server_t *serv)
{
	php_swoole_server_t *intern = php_swoole_server_of(serv);
	zval args[1];

	ZVAL_OBJ_COPY(&args[0], &intern->std);
	php_swoole_server_invoke(intern, PHP_SWOOLE_SERVER_ON_MANAGER_STOP, args, 1);
}

static void php_swoole_server_on_worker_start(sw_server_t *serv, int worker_id)
{
	php_swoole_server_t *intern = php_swoole_server_of(serv);
	bool task_worker = sw_server_is_task_worker(serv);
	zval args[2];

	/* Task workers too, with their own ids (worker_num + k), as in the classic server. */
	php_swoole_server_set_title(task_worker ? "php: task worker process %d" : "php: worker process %d", worker_id);
	PHP_SWOOLE_SERVER_SET_LONG(intern, "master_pid", sw_server_master_pid(serv));
	PHP_SWOOLE_SERVER_SET_LONG(intern, "manager_pid", sw_server_manager_pid(serv));
	PHP_SWOOLE_SERVER_SET_LONG(intern, "worker_id", worker_id);
	PHP_SWOOLE_SERVER_SET_LONG(intern, "worker_pid", getpid());
	zend_update_property_bool(php_swoole_server_ce, &intern->std, ZEND_STRL("taskworker"), task_worker);
	ZVAL_OBJ_COPY(&args[0], &intern->std);
	ZVAL_LONG(&args[1], worker_id);
	php_swoole_server_invoke(intern, PHP_SWOOLE_SERVER_ON_WORKER_START, args, 2);
}

static void php_swoole_server_on_worker_stop(sw_server_t *serv, int worker_id)
{
	php_swoole_server_t *intern = php_swoole_server_of(serv);
	zval args[2];

	ZVAL_OBJ_COPY(&args[0], &intern->std);
	ZVAL_LONG(&args[1], worker_id);
	php_swoole_server_invoke(intern, PHP_SWOOLE_SERVER_ON_WORKER_STOP, args, 2);
}

static void php_swoole_server_on_connect(sw_server_t *serv, sw_session_id_t session_id, int reactor_id)
{
	php_swoole_server_t *intern = php_swoole_server_of(serv);
	zval args[3];

	ZVAL_OBJ_COPY(&args[0], &intern->std);
	ZVAL_LONG(&args[1], (zend_long) session_id);
	ZVAL_LONG(&args[2], reactor_id);
	php_swoole_server_invoke_callable(
			intern, PHP_SWOOLE_SERVER_ON_CONNECT, php_swoole_server_port_callback(intern, session_id, PHP_SWOOLE_SERVER_ON_CONNECT), args, 3, NULL);
}

static void php_swoole_server_on_receive(
		sw_server_t *serv, sw_session_id_t session_id, int reactor_id, const char *data, size_t len)
{
	php_swoole_server_t *intern = php_swoole_server_of(serv);
	zval args[4];

	ZVAL_OBJ_COPY(&args[0], &intern->std);
	ZVAL_LONG(&args[1], (zend_long) session_id);
	ZVAL_LONG(&args[2], reactor_id);
	ZVAL_STRINGL_FAST(&args[3], data, len);
	php_swoole_server_invoke_callable(
			intern, PHP_SWOOLE_SERVER_ON_RECEIVE, php_swoole_server_port_callback(intern, session_id, PHP_SWOOLE_SERVER_ON_RECEIVE), args, 4, NULL);
}

static void php_swoole_server_on_close(sw_server_t *serv, sw_session_id_t session_id, int reactor_id)
{
	php_swoole_server_t *intern = php_swoole_server_of(serv);
	zval args[3];

	ZVAL_OBJ_COPY(&args[0], &intern->std);
	ZVAL_LONG(&args[1], (zend_long) session_id);
	ZVAL_LONG(&args[2], reactor_id);
	php_swoole_server_invoke_callable(
			intern, PHP_SWOOLE_SERVER_ON_CLOSE, php_swoole_server_port_callback(intern, session_id, PHP_SWOOLE_SERVER_ON_CLOSE), args, 3, NULL);
}

static void php_swoole_server_on_worker_error(sw_server_t *serv, int worker_id, pid_t pid, int exit_code, int signo)
{
	php_swoole_server_t *intern = php_swoole_server_of(serv);
	zval args[5];

	ZVAL_OBJ_COPY(&args[0], &intern->std);
	ZVAL_LONG(&args[1], worker_id);
	ZVAL_LONG(&args[2], pid);
	ZVAL_LONG(&args[3], exit_code);
	ZVAL_LONG(&args[4], signo);
	php_swoole_server_invoke(intern, PHP_SWOOLE_SERVER_ON_WORKER_ERROR, args, 5);
}

/* The watermark events take no reactor id, as in the classic API: onBufferFull($server, $fd). */
static void php_swoole_server_on_buffer_event(
		sw_server_t *serv, php_swoole_server_event_t event, sw_session_id_t session_id)
{
	php_swoole_server_t *intern = php_swoole_server_of(serv);
	zval args[2];

	ZVAL_OBJ_COPY(&args[0], &intern->std);
	ZVAL_LONG(&args[1], (zend_long) session_id);
	php_swoole_server_invoke_callable(intern, event, php_swoole_server_port_callback(intern, session_id, event), args, 2,
			NULL);
}

static void php_swoole_server_on_buffer_full(sw_server_t *serv, sw_session_id_t session_id, int reactor_id)
{
	php_swoole_server_on_buffer_event(serv, PHP_SWOOLE_SERVER_ON_BUFFER_FULL, session_id);
}

static void php_swoole_server_on_buffer_empty(sw_server_t *serv, sw_session_id_t session_id, int reactor_id)
{
	php_swoole_server_on_buffer_event(serv, PHP_SWOOLE_SERVER_ON_BUFFER_EMPTY, session_id);
}

/* onTask's return value, unless finish() already sent the result: sent back as finish() would. */
static void php_swoole_server_task_result(php_swoole_server_t *intern, zval *retval)
{
	zend_string *data;
	uint32_t flags;

	if (Z_TYPE_P(retval) == IS_NULL || intern->task_finished) {
		return;
	}
	if (!php_swoole_server_task_pack(retval, &data, &flags)) {
		return; /* the exception is reported as thrown by onTask */
	}
	if (sw_server_finish(intern->serv, ZSTR_VAL(data), ZSTR_LEN(data), flags) == SW_OK) {
		intern->task_finished = true;
	} else {
		/* zend_error(): php_error_docref() would name start(), the method the callbacks run under. */
		zend_error(E_WARNING, "Swoole\\Server: the return value of onTask could not be sent back as its result: %s",
				sw_strerror(sw_error_get()));
	}
	zend_string_release(data);
}

static void php_swoole_server_on_task(
		sw_server_t *serv, uint32_t task_id, int src_worker_id, const char *data, size_t len, uint32_t flags)
{
	php_swoole_server_t *intern = php_swoole_server_of(serv);
	zval args[4];

	ZVAL_OBJ_COPY(&args[0], &intern->std);
	ZVAL_LONG(&args[1], (zend_long) task_id);
	ZVAL_LONG(&args[2], src_worker_id);
	php_swoole_server_task_unpack(data, len, flags, "task data", &args[3]);
	intern->in_task = true;
	intern->task_finished = false;
	php_swoole_server_invoke_callable(intern, PHP_SWOOLE_SERVER_ON_TASK, &intern->callbacks[PHP_SWOOLE_SERVER_ON_TASK],
			args, 4, php_swoole_server_task_result);
	intern->in_task = false;
}

/*
 * A result of task(): to the callable given to that task() if there was one,
 * else to onFinish; with neither it is dropped with a warning, as the
 * classic server does. A task lost with its task worker gives false.
 */
static void php_swoole_server_on_finish(
		sw_server_t *serv, uint32_t task_id, const char *data, size_t len, uint32_t flags)
{
	php_swoole_server_t *intern = php_swoole_server_of(serv);
	php_swoole_server_callback_t own, *cb = &intern->callbacks[PHP_SWOOLE_SERVER_ON_FINISH];
	bool has_own = php_swoole_server_task_callback_take(intern, task_id, &own);
	zval args[3];

	if (has_own) {
		cb = &own;
	} else if (Z_ISUNDEF(cb->callable)) {
		zend_error(E_WARNING,
				"Swoole\\Server: the result of task %u is dropped: there is no finish callback (register one with "
				"$server->on('finish', ...) or give one to task())",
				task_id);
		return;
	}
	ZVAL_OBJ_COPY(&args[0], &intern->std);
	ZVAL_LONG(&args[1], (zend_long) task_id);
	if (flags & SW_TASK_FAILED) {
		/* the task worker died with this task: false, so the caller can answer its client */
		ZVAL_FALSE(&args[2]);
	} else {
		php_swoole_server_task_unpack(data, len, flags, "task result", &args[2]);
	}
	php_swoole_server_invoke_callable(intern, PHP_SWOOLE_SERVER_ON_FINISH, cb, args, 3, NULL);
	if (has_own) {
		zval_ptr_dtor(&own.callable);
	}
}

static void php_swoole_server_on_pipe_message(
		sw_server_t *serv, int src_worker_id, const char *data, size_t len, uint32_t flags)
{
	php_swoole_server_t *intern = php_swoole_server_of(serv);
	zval args[3];

	ZVAL_OBJ_COPY(&args[0], &intern->std);
	ZVAL_LONG(&args[1], src_worker_id);
	php_swoole_server_task_unpack(data, len, flags, "pipe message", &args[2]);
	php_swoole_server_invoke(intern, PHP_SWOOLE_SERVER_ON_PIPE_MESSAGE, args, 3);
}

static void php_swoole_server_on_packet(sw_server_t *serv, const char *data, size_t len, const sw_packet_from_t *from)
{
	php_swoole_server_t *intern = php_swoole_server_of(serv);
	zval args[3];

	ZVAL_OBJ_COPY(&args[0], &intern->std);
	ZVAL_STRINGL_FAST(&args[1], data, len);
	array_init_size(&args[2], 4);
	add_assoc_long(&args[2], "server_socket", from->server_fd);
	add_assoc_long(&args[2], "server_port", from->server_port);
	add_assoc_string(&args[2], "address", (char *) from->address);
	add_assoc_long(&args[2], "port", from->port);
	php_swoole_server_invoke_callable(
			intern, PHP_SWOOLE_SERVER_ON_PACKET, php_swoole_server_port_callback(intern, 0, PHP_SWOOLE_SERVER_ON_PACKET),
			args, 3, NULL);
}

/*
 * Start callbacks always run (titles, properties); the others only when PHP
 * listens, so the core does not even send their messages to the workers.
 * Task results always go up: a task() may have been given its own callable.
 */
static void php_swoole_server_install_callbacks(php_swoole_server_t *intern)
{
	sw_server_callbacks_t *cb = sw_server_callbacks(intern->serv);

#define HAS(event) (!Z_ISUNDEF(intern->callbacks[event].callable) || php_swoole_server_ports_have(intern, event))
	cb->on_start = php_swoole_server_on_start;
	cb->on_manager_start = php_swoole_server_on_manager_start;
	cb->on_worker_start = php_swoole_server_on_worker_start;
	cb->on_receive = php_swoole_server_on_receive;
	cb->on_shutdown = HAS(PHP_SWOOLE_SERVER_ON_SHUTDOWN) ? php_swoole_server_on_shutdown : NULL;
	cb->on_manager_stop = HAS(PHP_SWOOLE_SERVER_ON_MANAGER_STOP) ? php_swoole_server_on_manager_stop : NULL;
	cb->on_worker_stop = HAS(PHP_SWOOLE_SERVER_ON_WORKER_STOP) ? php_swoole_server_on_worker_stop : NULL;
	cb->on_connect = HAS(PHP_SWOOLE_SERVER_ON_CONNECT) ? php_swoole_server_on_connect : NULL;
	cb->on_close = HAS(PHP_SWOOLE_SERVER_ON_CLOSE) ? php_swoole_server_on_close : NULL;
	cb->on_worker_error = HAS(PHP_SWOOLE_SERVER_ON_WORKER_ERROR) ? php_swoole_server_on_worker_error : NULL;
	cb->on_buffer_full = HAS(PHP_SWOOLE_SERVER_ON_BUFFER_FULL) ? php_swoole_server_on_buffer_full : NULL;
	cb->on_buffer_empty = HAS(PHP_SWOOLE_SERVER_ON_BUFFER_EMPTY) ? php_swoole_server_on_buffer_empty : NULL;
	cb->on_task = HAS(PHP_SWOOLE_SERVER_ON_TASK) ? php_swoole_server_on_task : NULL;
	cb->on_finish = php_swoole_server_on_finish;
	cb->on_pipe_message = HAS(PHP_SWOOLE_SERVER_ON_PIPE_MESSAGE) ? php_swoole_server_on_pipe_message : NULL;
	cb->on_packet = HAS(PHP_SWOOLE_SERVER_ON_PACKET) ? php_swoole_server_on_packet : NULL;
	cb->on_user_process = intern->user_process_count > 0 ? php_swoole_server_on_user_process : NULL;
#undef HAS
}
/* }}} */

/* {{{ event names */
static int php_swoole_server_find_event(const char *name, size_t len)
{
	int i;

	for (i = 0; i < PHP_SWOOLE_SERVER_EVENT_COUNT; i++) {
		const char *known = php_swoole_server_event_names[i];

		if (strlen(known) == len && zend_binary_strcasecmp(known, len, name, len) == 0) {
			return i;
		}
	}
	return -1;
}

int php_swoole_server_event_by_name(const char *name, size_t len)
{
	int event = php_swoole_server_find_event(name, len);

	if (event < 0 && len > 2 && zend_binary_strncasecmp(name, 2, "on", 2, 2) == 0) {
		event = php_swoole_server_find_event(name + 2, len - 2);
	}
	return event;
}

static bool php_swoole_server_is_pending_event(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(php_swoole_server_pending_events) / sizeof(php_swoole_server_pending_events[0]); i++) {
		const char *known = php_swoole_server_pending_events[i];

		if (strlen(known) == len && zend_binary_strcasecmp(known, len, name, len) == 0) {
			return true;
		}
	}
	return false;
}

static ZEND_COLD void php_swoole_server_unknown_event(zend_string *given)
{
	smart_str names = {0};
	int i;

	for (i = 0; i < PHP_SWOOLE_SERVER_EVENT_COUNT; i++) {
		if (i > 0) {
			smart_str_appends(&names, ", ");
		}
		smart_str_appends(&names, php_swoole_server_event_names[i]);
	}
	smart_str_0(&names);
	zend_throw_exception_ex(php_swoole_exception_ce, SW_ERROR_INVALID_PARAMS,
			"unknown event \"%s\"; valid events (case-insensitive, with or without \"on\"): %s", ZSTR_VAL(given),
			ZSTR_VAL(names.s));
	smart_str_free(&names);
}
/* }}} */

static const char *php_swoole_sock_type_name(zend_long type)
{
	switch (type) {
		case SW_SOCK_TCP:
			return "SWOOLE_SOCK_TCP";
		case SW_SOCK_UDP:
			return "SWOOLE_SOCK_UDP";
		case SW_SOCK_TCP6:
			return "SWOOLE_SOCK_TCP6";
		case SW_SOCK_UDP6:
			return "SWOOLE_SOCK_UDP6";
		case SW_SOCK_UNIX_DGRAM:
			return "SWOOLE_SOCK_UNIX_DGRAM";
		case SW_SOCK_UNIX_STREAM:
			return "SWOOLE_SOCK_UNIX_STREAM";
		default:
			return NULL;
	}
}

PHP_METHOD(Swoole_Server, __construct)
{
	php_swoole_server_t *intern = Z_SWOOLE_SERVER_P(ZEND_THIS);
	zend_string *host;
	zend_long port = 0, mode = SW_MODE_PROCESS, sock_type = SW_SOCK_TCP;
	char errbuf[256];
	sw_server_t *serv;
	int index;

	ZEND_PARSE_PARAMETERS_START(1, 4)
		Z_PARAM_STR(host)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(port)
		Z_PARAM_LONG(mode)
		Z_PARAM_LONG(sock_type)
	ZEND_PARSE_PARAMETERS_END();

	if (intern->serv) {
		zend_throw_error(NULL, "Swoole\\Server::__construct() cannot be called twice");
		RETURN_THROWS();
	}
	if (ZSTR_LEN(host) == 0 || memchr(ZSTR_VAL(host), '\0', ZSTR_LEN(host))) {
		zend_argument_value_error(1, "must be a non-empty address without null bytes");
		RETURN_THROWS();
	}
	if (port < 0 || port > 65535) {
		zend_argument_value_error(2, "must be between 0 and 65535");
		RETURN_THROWS();
	}
	if (mode != SW_MODE_PROCESS && mode != SW_MODE_BASE) {
		zend_argument_value_error(3, "must be SWOOLE_PROCESS or SWOOLE_BASE");
		RETURN_THROWS();
	}
	if (!php_swoole_sock_type_name(sock_type)) {
		zend_argument_value_error(4, "must be one of the SWOOLE_SOCK_* constants");
		RETURN_THROWS();
	}

	serv = sw_server_new((sw_server_mode_t) mode);
	if (!serv) {
		zend_throw_exception_ex(php_swoole_exception_ce, sw_error_get(), "cannot create the server: %s",
				sw_strerror(sw_error_get()));
		RETURN_THROWS();
	}
	php_swoole_server_setting_init(serv);
	errbuf[0] = '\0';
	/* Binds now, in the script's process, before anything is forked. */
	index = sw_server_add_listener(serv, ZSTR_VAL(host), (int) port, (sw_sock_type_t) sock_type, errbuf, sizeof(errbuf));
	if (index < 0) {
		int code = sw_error_get();

		sw_server_free(serv);
		zend_throw_exception(php_swoole_exception_ce, errbuf[0] ? errbuf : sw_strerror(code), code);
		RETURN_THROWS();
	}
	sw_server_set_user_data(serv, intern);
	intern->serv = serv;

	zend_update_property_str(php_swoole_server_ce, &intern->std, ZEND_STRL("host"), host);
	PHP_SWOOLE_SERVER_SET_LONG(intern, "port", sw_server_listener_port(serv, index));
	PHP_SWOOLE_SERVER_SET_LONG(intern, "mode", mode);
	PHP_SWOOLE_SERVER_SET_LONG(intern, "type", sock_type);
	{
		zval connections, port0;

		php_swoole_server_port_add(intern, index, ZSTR_VAL(host), sw_server_listener_port(serv, index), (int) sock_type,
				&port0);
		zval_ptr_dtor(&port0);
		php_swoole_server_connections_attach(intern, &connections);
		zend_update_property(php_swoole_server_ce, &intern->std, ZEND_STRL("connections"), &connections);
		zval_ptr_dtor(&connections);
	}
}

PHP_METHOD(Swoole_Server, set)
{
	php_swoole_server_t *intern;
	php_swoole_pending_config_t pending;
	HashTable *settings;
	zend_string *key;
	zend_ulong index;
	zval *value;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY_HT(settings)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (intern->started) {
		zend_throw_exception(php_swoole_exception_ce, "cannot change the settings of a server that was started",
				SW_ERROR_WRONG_OPERATION);
		RETURN_THROWS();
	}

	memset(&pending, 0, sizeof(pending));
	pending.config = *sw_server_config(intern->serv);
	pending.frame_switches = intern->frame_switches;
	ZEND_HASH_FOREACH_KEY_VAL(settings, index, key, value) {
		ZVAL_DEREF(value);
		if (!key) {
			php_error_docref(NULL, E_WARNING, "unsupported setting \"" ZEND_ULONG_FMT "\" ignored", index);
			continue;
		}
		if (!php_swoole_server_check_setting(key, value, &pending)) {
			RETURN_THROWS();
		}
	} ZEND_HASH_FOREACH_END();
	if (!php_swoole_server_check_setting_combination(&pending)) {
		RETURN_THROWS();
	}

	php_swoole_server_apply_setting(intern->serv, &pending);
	intern->frame_switches = pending.frame_switches;
	php_swoole_server_merge_setting(intern, settings, true);
	RETURN_TRUE;
}

PHP_METHOD(Swoole_Server, on)
{
	php_swoole_server_t *intern;
	php_swoole_server_callback_t *cb;
	zend_string *name;
	zend_fcall_info fci;
	zend_fcall_info_cache fcc;
	const char *event_name;
	size_t event_len;
	int event;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(name)
		Z_PARAM_FUNC(fci, fcc)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_SERVER_FETCH(intern);

	event_name = ZSTR_VAL(name);
	event_len = ZSTR_LEN(name);
	event = php_swoole_server_find_event(event_name, event_len);
	if (event < 0 && event_len > 2 && zend_binary_strncasecmp(event_name, 2, "on", 2, 2) == 0) {
		event_name += 2;
		event_len -= 2;
		event = php_swoole_server_find_event(event_name, event_len);
	}
	if (event < 0) {
		if (php_swoole_server_is_pending_event(event_name, event_len)) {
			zend_throw_exception_ex(php_swoole_exception_ce, SW_ERROR_INVALID_PARAMS,
					"event \"%s\" is not supported yet", ZSTR_VAL(name));
		} else {
			php_swoole_server_unknown_event(name);
		}
		RETURN_THROWS();
	}
	if (intern->started) {
		sw_error_set(SW_ERROR_WRONG_OPERATION);
		php_error_docref(NULL, E_WARNING, "cannot register the %s callback: the server was already started",
				php_swoole_server_event_names[event]);
		RETURN_FALSE;
	}

	cb = &intern->callbacks[event];
	zval_ptr_dtor(&cb->callable);
	ZVAL_COPY(&cb->callable, &fci.function_name);
	/* A trampoline (__call) is not kept: zend_call_function() looks it up per call. */
	zend_release_fcall_info_cache(&fcc);
	cb->fcc = fcc;
	RETURN_TRUE;
}

PHP_METHOD(Swoole_Server, start)
{
	php_swoole_server_t *intern;
	char errbuf[256];
	volatile int rc = SW_ERR;
	volatile bool bailed_out = false;

	ZEND_PARSE_PARAMETERS_NONE();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (intern->started) {
		sw_error_set(SW_ERROR_SERVER_ONLY_START_ONE);
		php_error_docref(NULL, E_WARNING, "the server was already started");
		RETURN_FALSE;
	}
	if (intern->http) {
		if (!php_swoole_http_server_prepare(intern)) {
			RETURN_THROWS();
		}
	} else {
		uint32_t i;

		/* A stream port needs onReceive, a datagram port onPacket: the server's, or its own. */
		for (i = 0; i < intern->port_count; i++) {
			bool dgram = sw_server_listener_is_dgram(intern->serv, (int) i);
			php_swoole_server_event_t need = dgram ? PHP_SWOOLE_SERVER_ON_PACKET : PHP_SWOOLE_SERVER_ON_RECEIVE;

			if (Z_ISUNDEF(intern->callbacks[need].callable) && !php_swoole_server_port_has(intern->ports[i], need)) {
				zend_throw_exception_ex(php_swoole_exception_ce, SW_ERROR_WRONG_OPERATION,
						"no %s callback%s: register one with $server->on('%s', ...) (or on every %s port) "
						"before start()",
						dgram ? "packet" : "receive", intern->port_count > 1 ? " for every port" : "",
						dgram ? "packet" : "receive", dgram ? "datagram" : "stream");
				RETURN_THROWS();
			}
		}
	}
	if (sw_server_config(intern->serv)->task_worker_num > 0 &&
			Z_ISUNDEF(intern->callbacks[PHP_SWOOLE_SERVER_ON_TASK].callable)) {
		zend_throw_exception_ex(php_swoole_exception_ce, SW_ERROR_WRONG_OPERATION,
				"task_worker_num is %u but there is no onTask callback: register one with $server->on('task', ...) "
				"before start()",
				sw_server_config(intern->serv)->task_worker_num);
		RETURN_THROWS();
	}
	errbuf[0] = '\0';
	if (sw_server_validate(intern->serv, errbuf, sizeof(errbuf)) != SW_OK) {
		zend_throw_exception(php_swoole_exception_ce, errbuf[0] ? errbuf : "invalid server configuration",
				SW_ERROR_INVALID_PARAMS);
		RETURN_THROWS();
	}
	php_swoole_server_complete_setting(intern);
	PHP_SWOOLE_SERVER_SET_LONG(intern, "master_pid", getpid());
	php_swoole_server_install_callbacks(intern);
	if (intern->http) {
		php_swoole_http_server_install(intern);
	}
	intern->started = true;
	php_swoole_server_started = intern->serv;

	zend_try {
		rc = sw_server_start(intern->serv);
	} zend_catch {
		bailed_out = true;
	} zend_end_try();

	if (sw_server_role(intern->serv) != SW_ROLE_MASTER) {
		php_swoole_server_child_exit(bailed_out ? 255 : sw_server_exit_code(intern->serv));
	}
	intern->finished = true;
	php_swoole_server_started = NULL;
	if (bailed_out || intern->master_bailed_out) {
		/* A fatal error in onStart/onShutdown: the server is down, now end the script as PHP would. */
		zend_bailout();
	}
	if (intern->master_fatal) {
		/* The uncaught exception was reported; the script ends like after any fatal error. */
		EG(exit_status) = 255;
		zend_bailout();
	}
	if (intern->master_exit) {
		EG(exit_status) = intern->master_exit_status;
		zend_throw_unwind_exit();
		RETURN_THROWS();
	}
	if (rc != SW_OK) {
		zend_throw_exception_ex(php_swoole_exception_ce, sw_error_get(), "the server could not start: %s",
				sw_strerror(sw_error_get()));
		RETURN_THROWS();
	}
	RETURN_TRUE;
}

PHP_METHOD(Swoole_Server, addProcess)
{
	php_swoole_server_t *intern;
	zval *zprocess;
	int index;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_OBJECT_OF_CLASS(zprocess, php_swoole_process_ce)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (intern->started) {
		zend_throw_exception(php_swoole_exception_ce, "cannot add a process to a server that was started: call "
				"addProcess() before start()", SW_ERROR_WRONG_OPERATION);
		RETURN_THROWS();
	}
	if (!php_swoole_process_attach_to_server(Z_OBJ_P(zprocess))) {
		if (EG(exception)) {
			RETURN_THROWS();
		}
		RETURN_FALSE;
	}
	index = sw_server_add_user_process(intern->serv);
	if (index < 0) {
		php_swoole_process_from_obj(Z_OBJ_P(zprocess))->server_owned = false;
		php_error_docref(NULL, E_WARNING, "too many user processes (%u)", intern->user_process_count);
		RETURN_FALSE;
	}
	intern->user_processes = safe_erealloc(intern->user_processes, (size_t) index + 1, sizeof(zend_object *), 0);
	GC_ADDREF(Z_OBJ_P(zprocess));
	intern->user_processes[index] = Z_OBJ_P(zprocess);
	intern->user_process_count = (uint32_t) index + 1;
	RETURN_LONG(index);
}

PHP_METHOD(Swoole_Server, addlistener)
{
	php_swoole_server_t *intern;
	zend_string *host;
	zend_long port, sock_type = SW_SOCK_TCP;
	char errbuf[256];
	int index;

	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_STR(host)
		Z_PARAM_LONG(port)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(sock_type)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (intern->started) {
		zend_throw_exception(php_swoole_exception_ce, "cannot add a port to a server that was started",
				SW_ERROR_WRONG_OPERATION);
		RETURN_THROWS();
	}
	if (port < 0 || port > 65535) {
		zend_argument_value_error(2, "must be between 0 and 65535");
		RETURN_THROWS();
	}
	index = sw_server_add_listener(intern->serv, ZSTR_VAL(host), (int) port, (sw_sock_type_t) sock_type, errbuf,
			sizeof(errbuf));
	if (index < 0) {
		zend_throw_exception_ex(php_swoole_exception_ce, sw_error_get(), "%s", errbuf);
		RETURN_THROWS();
	}
	php_swoole_server_port_add(intern, index, ZSTR_VAL(host), sw_server_listener_port(intern->serv, index),
			(int) sock_type, return_value);
}

void php_swoole_server_minit(int module_number)
{
	register_server_symbols(module_number);
	php_swoole_server_ce = register_class_Swoole_Server();
	php_swoole_server_ce->create_object = php_swoole_server_create_object;
	zend_register_class_alias("swoole_server", php_swoole_server_ce);
	php_swoole_server_connections_minit(
			register_class_Swoole_Connection_Iterator(zend_ce_iterator, zend_ce_countable, zend_ce_arrayaccess));
	php_swoole_server_port_minit(register_class_Swoole_Server_Port());

	memcpy(&php_swoole_server_handlers, &std_object_handlers, sizeof(zend_object_handlers));
	php_swoole_server_handlers.offset = XtOffsetOf(php_swoole_server_t, std);
	php_swoole_server_handlers.free_obj = php_swoole_server_free_obj;
	php_swoole_server_handlers.get_gc = php_swoole_server_get_gc;
	php_swoole_server_handlers.clone_obj = NULL;
}
