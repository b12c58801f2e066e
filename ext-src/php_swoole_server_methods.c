/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/*
 * Methods of Swoole\Server that act on a running server: output (send,
 * sendfile, close), flow control (pause, resume), heartbeat, lifecycle
 * (shutdown, reload, stop) and introspection. The object, the settings, the
 * callbacks and start() are in php_swoole_server.c.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "zend_exceptions.h"

#include "php_swoole.h"
#include "php_swoole_server.h"
#include "sw_server.h"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

static bool php_swoole_server_check_worker(php_swoole_server_t *intern)
{
	if (!intern->started || sw_server_role(intern->serv) != SW_ROLE_WORKER) {
		sw_error_set(SW_ERROR_SERVER_INVALID_CALLER);
		php_error_docref(NULL, E_WARNING, "can only be called in a worker process, from a server callback");
		return false;
	}
	/* A task worker has no channel to the reactor threads: what it sent would be lost. */
	if (sw_server_is_task_worker(intern->serv)) {
		sw_error_set(SW_ERROR_SERVER_INVALID_CALLER);
		php_error_docref(NULL, E_WARNING,
				"cannot be called in a task worker yet: return the data from onTask (or finish() it) and act on "
				"the connection in the worker's onFinish");
		return false;
	}
	return true;
}

/* The server is up and this process is one of its own (master callbacks, manager, workers). */
static bool php_swoole_server_check_running(php_swoole_server_t *intern)
{
	if (!intern->started || intern->finished || !sw_server_is_running(intern->serv)) {
		sw_error_set(SW_ERROR_SERVER_NOT_RUNNING);
		php_error_docref(NULL, E_WARNING, "the server is not running");
		return false;
	}
	return true;
}

/*
 * A worker id given to a method: -1 (the calling worker) when allow_self, or
 * 0..worker_num-1, and the task workers' ids after them when allow_task.
 */
static bool php_swoole_server_check_worker_id(
		php_swoole_server_t *intern, zend_long worker_id, bool allow_self, bool allow_task)
{
	const sw_server_config_t *c = sw_server_config(intern->serv);
	uint32_t max = c->worker_num + (allow_task ? c->task_worker_num : 0);

	if ((allow_self && worker_id == -1) || (worker_id >= 0 && worker_id < (zend_long) max)) {
		return true;
	}
	sw_error_set(SW_ERROR_INVALID_PARAMS);
	php_error_docref(NULL, E_WARNING, "invalid worker id " ZEND_LONG_FMT ": expected %s0 to %u%s", worker_id,
			allow_self ? "-1 (the calling worker) or " : "", max - 1,
			allow_task && c->task_worker_num > 0 ? " (workers, then task workers)" : "");
	return false;
}

static bool php_swoole_server_check_fd(zend_long fd)
{
	if (fd <= 0 || fd > (zend_long) UINT32_MAX) {
		sw_error_set(SW_ERROR_SESSION_INVALID_ID);
		php_error_docref(NULL, E_WARNING, "invalid fd " ZEND_LONG_FMT, fd);
		return false;
	}
	return true;
}

PHP_METHOD(Swoole_Server, send)
{
	php_swoole_server_t *intern;
	zend_long fd;
	zend_string *data;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_LONG(fd)
		Z_PARAM_STR(data)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (!php_swoole_server_check_worker(intern) || !php_swoole_server_check_fd(fd)) {
		RETURN_FALSE;
	}
	if (ZSTR_LEN(data) == 0) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		php_error_docref(NULL, E_WARNING, "data to send is empty");
		RETURN_FALSE;
	}
	/*
	 * No warning on failure: a closed session, SW_ERROR_OUTPUT_BUFFER_OVERFLOW
	 * (a client that does not read) and SW_ERROR_DATA_LENGTH_TOO_LARGE are
	 * normal outcomes the caller handles with getLastError().
	 */
	RETURN_BOOL(sw_server_send(intern->serv, (sw_session_id_t) fd, ZSTR_VAL(data), ZSTR_LEN(data)) == SW_OK);
}

/* The core refused the file or the range: looked at again only to tell which. */
static ZEND_COLD void php_swoole_server_sendfile_range_error(zend_string *filename, zend_long offset, zend_long length)
{
	zend_stat_t st;

	if (VCWD_STAT(ZSTR_VAL(filename), &st) != 0 || !S_ISREG(st.st_mode)) {
		php_error_docref(NULL, E_WARNING, "cannot send %s: not a regular file", ZSTR_VAL(filename));
		return;
	}
	php_error_docref(NULL, E_WARNING,
			"cannot send %s: offset " ZEND_LONG_FMT " and length " ZEND_LONG_FMT " are outside its " ZEND_LONG_FMT
			" bytes",
			ZSTR_VAL(filename), offset, length, (zend_long) st.st_size);
}

PHP_METHOD(Swoole_Server, sendfile)
{
	php_swoole_server_t *intern;
	zend_long fd, offset = 0, length = 0;
	zend_string *filename;
	int code;

	ZEND_PARSE_PARAMETERS_START(2, 4)
		Z_PARAM_LONG(fd)
		Z_PARAM_PATH_STR(filename)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(offset)
		Z_PARAM_LONG(length)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (!php_swoole_server_check_worker(intern) || !php_swoole_server_check_fd(fd)) {
		RETURN_FALSE;
	}
	if (offset < 0 || length < 0) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		php_error_docref(NULL, E_WARNING, "cannot send %s: %s must be >= 0, got " ZEND_LONG_FMT,
				ZSTR_VAL(filename), offset < 0 ? "offset" : "length", offset < 0 ? offset : length);
		RETURN_FALSE;
	}
	if (sw_server_sendfile(intern->serv, (sw_session_id_t) fd, ZSTR_VAL(filename), (off_t) offset,
				(size_t) length) == SW_OK) {
		RETURN_TRUE;
	}
	/* A file that cannot be sent is the caller's mistake: say why. A closed session is not. */
	code = sw_error_get();
	if (code == SW_ERROR_INVALID_PARAMS) {
		php_swoole_server_sendfile_range_error(filename, offset, length);
	} else if (code > 0 && code < 1000) {
		php_error_docref(NULL, E_WARNING, "cannot send %s: %s", ZSTR_VAL(filename), sw_strerror(code));
	}
	RETURN_FALSE;
}

PHP_METHOD(Swoole_Server, close)
{
	php_swoole_server_t *intern;
	zend_long fd;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_LONG(fd)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (!php_swoole_server_check_worker(intern) || !php_swoole_server_check_fd(fd)) {
		RETURN_FALSE;
	}
	RETURN_BOOL(sw_server_close(intern->serv, (sw_session_id_t) fd) == SW_OK);
}

/* pause() and resume(): the core's error (closed session, ...) stays for getLastError(). */
static void php_swoole_server_flow(INTERNAL_FUNCTION_PARAMETERS, bool pause)
{
	php_swoole_server_t *intern;
	zend_long fd;
	int rc;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_LONG(fd)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (!php_swoole_server_check_worker(intern) || !php_swoole_server_check_fd(fd)) {
		RETURN_FALSE;
	}
	rc = pause ? sw_server_pause(intern->serv, (sw_session_id_t) fd)
			: sw_server_resume(intern->serv, (sw_session_id_t) fd);
	RETURN_BOOL(rc == SW_OK);
}

PHP_METHOD(Swoole_Server, pause)
{
	php_swoole_server_flow(INTERNAL_FUNCTION_PARAM_PASSTHRU, true);
}

PHP_METHOD(Swoole_Server, resume)
{
	php_swoole_server_flow(INTERNAL_FUNCTION_PARAM_PASSTHRU, false);
}

/*
 * How long a connection must have been silent for heartbeat(): the
 * configured idle time, else twice the check interval, else 60 seconds.
 * (The core prefers its own value from the settings when it has one.)
 */
static uint32_t php_swoole_server_idle_seconds(sw_server_t *serv)
{
	const sw_server_config_t *c = sw_server_config(serv);

	if (c->heartbeat_idle_time > 0) {
		return c->heartbeat_idle_time;
	}
	if (c->heartbeat_check_interval > 0) {
		return c->heartbeat_check_interval * 2;
	}
	return PHP_SWOOLE_HEARTBEAT_DEFAULT_IDLE;
}

PHP_METHOD(Swoole_Server, heartbeat)
{
	php_swoole_server_t *intern;
	bool close_them = true;
	sw_session_id_t *ids;
	size_t max, found, i;
	uint32_t idle;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_BOOL(close_them)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (!php_swoole_server_check_worker(intern)) {
		RETURN_FALSE;
	}
	idle = php_swoole_server_idle_seconds(intern->serv);
	/*
	 * Listed first and closed afterwards, so that a list longer than the
	 * buffer can be asked again without closing anything twice.
	 */
	max = 256;
	ids = safe_emalloc(max, sizeof(*ids), 0);
	while ((found = sw_server_heartbeat(intern->serv, false, idle, ids, max)) > max) {
		max = found + 64;
		ids = safe_erealloc(ids, max, sizeof(*ids), 0);
	}
	array_init_size(return_value, (uint32_t) found);
	for (i = 0; i < found; i++) {
		if (close_them) {
			sw_server_close(intern->serv, ids[i]);
		}
		add_next_index_long(return_value, (zend_long) ids[i]);
	}
	efree(ids);
}

PHP_METHOD(Swoole_Server, shutdown)
{
	php_swoole_server_t *intern;

	ZEND_PARSE_PARAMETERS_NONE();

	PHP_SWOOLE_SERVER_FETCH(intern);
	/* After start() returned, the master pid the core remembers is this script's own. */
	if (!php_swoole_server_check_running(intern)) {
		RETURN_FALSE;
	}
	RETURN_BOOL(sw_server_shutdown(intern->serv) == SW_OK);
}

PHP_METHOD(Swoole_Server, reload)
{
	php_swoole_server_t *intern;
	bool only_task_workers = false;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_BOOL(only_task_workers)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (!php_swoole_server_check_running(intern)) {
		RETURN_FALSE;
	}
	if (sw_server_reload(intern->serv, only_task_workers) != SW_OK) {
		php_error_docref(NULL, E_WARNING, "cannot reload the %s: %s", only_task_workers ? "task workers" : "workers",
				sw_strerror(sw_error_get()));
		RETURN_FALSE;
	}
	RETURN_TRUE;
}

PHP_METHOD(Swoole_Server, stop)
{
	php_swoole_server_t *intern;
	zend_long worker_id = -1;
	bool wait_event = false;

	ZEND_PARSE_PARAMETERS_START(0, 2)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(worker_id)
		Z_PARAM_BOOL(wait_event)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (!php_swoole_server_check_running(intern) || !php_swoole_server_check_worker_id(intern, worker_id, true, false)) {
		RETURN_FALSE;
	}
	if (worker_id == -1 && sw_server_role(intern->serv) != SW_ROLE_WORKER) {
		sw_error_set(SW_ERROR_SERVER_INVALID_CALLER);
		php_error_docref(NULL, E_WARNING, "worker id -1 means the calling worker: outside a worker, name one");
		RETURN_FALSE;
	}
	if (sw_server_stop_worker(intern->serv, (int) worker_id, wait_event) != SW_OK) {
		php_error_docref(NULL, E_WARNING, "cannot stop worker " ZEND_LONG_FMT ": %s",
				worker_id == -1 ? (zend_long) sw_server_worker_id(intern->serv) : worker_id,
				sw_strerror(sw_error_get()));
		RETURN_FALSE;
	}
	RETURN_TRUE;
}

PHP_METHOD(Swoole_Server, stats)
{
	php_swoole_server_t *intern;
	sw_server_stats_t st;
	zval workers;
	int id;

	ZEND_PARSE_PARAMETERS_NONE();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (!php_swoole_server_check_running(intern)) {
		RETURN_FALSE;
	}
	if (sw_server_stats(intern->serv, &st) != SW_OK) {
		php_error_docref(NULL, E_WARNING, "cannot read the statistics: %s", sw_strerror(sw_error_get()));
		RETURN_FALSE;
	}
	/* The task workers follow the workers, by id. */
	array_init_size(&workers, st.worker_num + st.task_worker_num);
	for (id = 0; id < (int) (st.worker_num + st.task_worker_num); id++) {
		sw_worker_stats_t ws;
		zval w;

		/* A slot that cannot be read shows as a slot without a process. */
		sw_server_worker_stats(intern->serv, id, &ws);
		array_init_size(&w, 6);
		add_assoc_long(&w, "pid", ws.pid);
		add_assoc_bool(&w, "idle", ws.idle);
		add_assoc_long(&w, "start_count", ws.start_count);
		add_assoc_long(&w, "request_count", (zend_long) ws.request_count);
		add_assoc_long(&w, "total_request_count", (zend_long) ws.total_request_count);
		add_assoc_long(&w, "dispatch_count", (zend_long) ws.dispatch_count);
		add_index_zval(&workers, id, &w);
	}

	array_init_size(return_value, 15);
	add_assoc_long(return_value, "start_time", (zend_long) st.start_time);
	add_assoc_long(return_value, "connection_num", st.connection_num);
	add_assoc_long(return_value, "accept_count", (zend_long) st.accept_count);
	add_assoc_long(return_value, "close_count", (zend_long) st.close_count);
	add_assoc_long(return_value, "refused_count", (zend_long) st.refused_count);
	add_assoc_long(return_value, "worker_num", st.worker_num);
	add_assoc_long(return_value, "idle_worker_num", st.idle_worker_num);
	add_assoc_long(return_value, "task_worker_num", st.task_worker_num);
	add_assoc_long(return_value, "tasking_num", st.tasking_num);
	add_assoc_long(return_value, "request_count", (zend_long) st.request_count);
	add_assoc_long(return_value, "dispatch_count", (zend_long) st.dispatch_count);
	add_assoc_long(return_value, "reload_count", st.reload_count);
	add_assoc_long(return_value, "worker_request_count", (zend_long) st.worker_request_count);
	add_assoc_long(return_value, "worker_dispatch_count", (zend_long) st.worker_dispatch_count);
	add_assoc_zval(return_value, "workers", &workers);
}

PHP_METHOD(Swoole_Server, getWorkerId)
{
	php_swoole_server_t *intern;
	int worker_id;

	ZEND_PARSE_PARAMETERS_NONE();

	PHP_SWOOLE_SERVER_FETCH(intern);
	worker_id = sw_server_worker_id(intern->serv);
	if (!intern->started || worker_id < 0) {
		RETURN_FALSE;
	}
	RETURN_LONG(worker_id);
}

PHP_METHOD(Swoole_Server, getWorkerPid)
{
	php_swoole_server_t *intern;
	zend_long worker_id = -1;
	sw_worker_stats_t ws;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(worker_id)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (worker_id == -1) {
		if (!intern->started || sw_server_worker_id(intern->serv) < 0) {
			RETURN_FALSE;
		}
		RETURN_LONG(getpid());
	}
	if (!php_swoole_server_check_running(intern) || !php_swoole_server_check_worker_id(intern, worker_id, false, true)) {
		RETURN_FALSE;
	}
	if (sw_server_worker_stats(intern->serv, (int) worker_id, &ws) != SW_OK || ws.pid <= 0) {
		RETURN_FALSE;
	}
	RETURN_LONG(ws.pid);
}

PHP_METHOD(Swoole_Server, getManagerPid)
{
	php_swoole_server_t *intern;

	ZEND_PARSE_PARAMETERS_NONE();

	PHP_SWOOLE_SERVER_FETCH(intern);
	RETURN_LONG(intern->started && !intern->finished ? sw_server_manager_pid(intern->serv) : 0);
}

PHP_METHOD(Swoole_Server, getMasterPid)
{
	php_swoole_server_t *intern;

	ZEND_PARSE_PARAMETERS_NONE();

	PHP_SWOOLE_SERVER_FETCH(intern);
	RETURN_LONG(intern->started && !intern->finished ? sw_server_master_pid(intern->serv) : 0);
}

PHP_METHOD(Swoole_Server, getWorkerStatus)
{
	php_swoole_server_t *intern;
	zend_long worker_id = -1;
	sw_worker_stats_t ws;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(worker_id)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (worker_id == -1) {
		worker_id = intern->started ? sw_server_worker_id(intern->serv) : -1;
		if (worker_id < 0) {
			RETURN_FALSE;
		}
	}
	if (!php_swoole_server_check_running(intern) || !php_swoole_server_check_worker_id(intern, worker_id, false, true)) {
		RETURN_FALSE;
	}
	if (sw_server_worker_stats(intern->serv, (int) worker_id, &ws) != SW_OK) {
		RETURN_FALSE;
	}
	if (ws.pid <= 0) {
		RETURN_LONG(PHP_SWOOLE_WORKER_EXIT);
	}
	RETURN_LONG(ws.idle ? PHP_SWOOLE_WORKER_IDLE : PHP_SWOOLE_WORKER_BUSY);
}

PHP_METHOD(Swoole_Server, getLastError)
{
	ZEND_PARSE_PARAMETERS_NONE();

	RETURN_LONG(sw_error_get());
}


PHP_METHOD(Swoole_Server, sendto)
{
	php_swoole_server_t *intern;
	zend_string *addr, *data;
	zend_long port, server_socket = -1;

	ZEND_PARSE_PARAMETERS_START(3, 4)
		Z_PARAM_STR(addr)
		Z_PARAM_LONG(port)
		Z_PARAM_STR(data)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(server_socket)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (!intern->started || sw_server_role(intern->serv) != SW_ROLE_WORKER) {
		sw_error_set(SW_ERROR_SERVER_INVALID_CALLER);
		php_error_docref(NULL, E_WARNING, "can only be called in a worker process, from a server callback");
		RETURN_FALSE;
	}
	if (port < 0 || port > 65535) {
		zend_argument_value_error(2, "must be between 0 and 65535 (0 for a unix socket path)");
		RETURN_THROWS();
	}
	if (sw_server_sendto(intern->serv, ZSTR_VAL(addr), (int) port, ZSTR_VAL(data), ZSTR_LEN(data), (int) server_socket) !=
			SW_OK) {
		php_error_docref(NULL, E_WARNING, "sendto(%s:" ZEND_LONG_FMT "): %s", ZSTR_VAL(addr), port,
				sw_strerror(sw_error_get()));
		RETURN_FALSE;
	}
	RETURN_TRUE;
}
