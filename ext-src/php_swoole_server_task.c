/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/*
 * Task workers and messages between the worker processes: task(),
 * taskwait(), taskWaitMulti(), finish(), sendMessage(), and the encoding of
 * the values they carry. A string travels as it is; any other value is
 * serialized with PHP's serializer and marked with PHP_SWOOLE_TASK_SERIALIZED
 * in the flags the core carries untouched, and restored on the other side.
 *
 * The callables given to task() are kept per process in the object struct,
 * by task id (ids are the calling worker's own), until their result comes;
 * the core callbacks onTask, onFinish and onPipeMessage are in
 * php_swoole_server.c with the others.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "ext/standard/php_var.h"
#include "zend_exceptions.h"
#include "zend_smart_str.h"

#include "php_swoole.h"
#include "php_swoole_server.h"
#include "sw_server.h"

/* {{{ task data */
bool php_swoole_server_task_pack(zval *data, zend_string **out, uint32_t *flags)
{
	php_serialize_data_t var_hash;
	smart_str buf = {0};

	ZVAL_DEREF(data);
	if (Z_TYPE_P(data) == IS_STRING) {
		*out = zend_string_copy(Z_STR_P(data));
		*flags = 0;
		return true;
	}
	PHP_VAR_SERIALIZE_INIT(var_hash);
	php_var_serialize(&buf, data, &var_hash);
	PHP_VAR_SERIALIZE_DESTROY(var_hash);
	if (UNEXPECTED(EG(exception))) {
		smart_str_free(&buf);
		return false;
	}
	*out = smart_str_extract(&buf);
	*flags = PHP_SWOOLE_TASK_SERIALIZED;
	return true;
}

void php_swoole_server_task_unpack(const char *data, size_t len, uint32_t flags, const char *what, zval *out)
{
	php_unserialize_data_t var_hash;
	const unsigned char *p = (const unsigned char *) data;
	zval *value;

	if (!(flags & PHP_SWOOLE_TASK_SERIALIZED)) {
		ZVAL_STRINGL_FAST(out, data, len);
		return;
	}
	PHP_VAR_UNSERIALIZE_INIT(var_hash);
	/* Owned by var_hash, as unserialize() does it: values it refers to stay valid until the end. */
	value = var_tmp_var(&var_hash);
	if (php_var_unserialize(value, &p, p + len, &var_hash)) {
		ZVAL_COPY(out, value);
	} else {
		ZVAL_NULL(out);
		/* Not php_error_docref(): in a callback it would name start(), the method the callbacks run under. */
		if (!EG(exception)) {
			zend_error(E_WARNING,
					"Swoole\\Server: the %s could not be unserialized (error at offset %zd of %zu bytes); null is "
					"used instead",
					what, (ssize_t) ((const char *) p - data), len);
		}
	}
	PHP_VAR_UNSERIALIZE_DESTROY(var_hash);
}
/* }}} */

/* {{{ the callables given to task() */
static void php_swoole_server_task_callback_dtor(zval *entry)
{
	php_swoole_server_callback_t *cb = Z_PTR_P(entry);

	zval_ptr_dtor(&cb->callable);
	efree(cb);
}

void php_swoole_server_task_callbacks_free(php_swoole_server_t *intern)
{
	if (intern->task_callbacks) {
		zend_hash_destroy(intern->task_callbacks);
		FREE_HASHTABLE(intern->task_callbacks);
		intern->task_callbacks = NULL;
	}
}

static void php_swoole_server_task_callback_keep(
		php_swoole_server_t *intern, uint32_t task_id, zend_fcall_info *fci, zend_fcall_info_cache *fcc)
{
	php_swoole_server_callback_t *cb = emalloc(sizeof(*cb));

	if (!intern->task_callbacks) {
		ALLOC_HASHTABLE(intern->task_callbacks);
		zend_hash_init(intern->task_callbacks, 8, NULL, php_swoole_server_task_callback_dtor, 0);
	}
	ZVAL_COPY(&cb->callable, &fci->function_name);
	/* As on(): a trampoline (__call) is not kept, zend_call_function() looks it up again. */
	zend_release_fcall_info_cache(fcc);
	cb->fcc = *fcc;
	/* An id used again (after 2^32 tasks) replaces a callable whose result never came. */
	zend_hash_index_update_ptr(intern->task_callbacks, task_id, cb);
}

bool php_swoole_server_task_callback_take(
		php_swoole_server_t *intern, uint32_t task_id, php_swoole_server_callback_t *callable)
{
	php_swoole_server_callback_t *cb;

	if (!intern->task_callbacks || !(cb = zend_hash_index_find_ptr(intern->task_callbacks, task_id))) {
		return false;
	}
	/* The reference moves to the caller; the entry goes without releasing it. */
	*callable = *cb;
	ZVAL_UNDEF(&cb->callable);
	zend_hash_index_del(intern->task_callbacks, task_id);
	return true;
}
/* }}} */

/* {{{ checks */

/*
 * task(), taskwait(), taskWaitMulti(): only a worker process (not a task
 * worker) of a running server with task workers hands out tasks.
 */
static bool php_swoole_server_check_task_caller(php_swoole_server_t *intern)
{
	const char *why = NULL;
	int code = SW_ERROR_SERVER_INVALID_CALLER;

	if (!intern->started) {
		why = "the server is not started: tasks are given from worker processes, in server callbacks";
	} else if (intern->finished) {
		why = "the server is not running";
		code = SW_ERROR_SERVER_NOT_RUNNING;
	} else if (sw_server_is_task_worker(intern->serv)) {
		why = "a task worker cannot give tasks: only worker processes can";
	} else if (sw_server_role(intern->serv) == SW_ROLE_MASTER) {
		why = "the master process (onStart, onShutdown) cannot give tasks: only worker processes can";
	} else if (sw_server_role(intern->serv) != SW_ROLE_WORKER) {
		why = "the manager process cannot give tasks: only worker processes can";
	} else if (sw_server_config(intern->serv)->task_worker_num == 0) {
		why = "there are no task workers: set task_worker_num";
		code = SW_ERROR_WRONG_OPERATION;
	}
	if (why) {
		sw_error_set(code);
		php_error_docref(NULL, E_WARNING, "%s", why);
		return false;
	}
	return true;
}

/* A task's destination: -1 (the least busy task worker) or a task worker id, worker_num + k. */
static bool php_swoole_server_check_task_worker_id(php_swoole_server_t *intern, zend_long worker_id)
{
	const sw_server_config_t *c = sw_server_config(intern->serv);

	if (worker_id == -1 ||
			(worker_id >= (zend_long) c->worker_num && worker_id < (zend_long) c->worker_num + c->task_worker_num)) {
		return true;
	}
	sw_error_set(SW_ERROR_INVALID_PARAMS);
	php_error_docref(NULL, E_WARNING,
			"invalid task worker id " ZEND_LONG_FMT ": expected -1 (the least busy task worker) or %u to %u (the task "
			"workers' ids follow the workers')",
			worker_id, c->worker_num, c->worker_num + c->task_worker_num - 1);
	return false;
}

/* taskwait(), taskWaitMulti(): seconds >= 0; longer than the core can wait is cut to PHP_SWOOLE_TASK_WAIT_MAX. */
static bool php_swoole_server_check_timeout(uint32_t arg_num, double *timeout)
{
	if (zend_isnan(*timeout) || *timeout < 0) {
		zend_argument_value_error(arg_num, "must be a number of seconds greater than or equal to 0");
		return false;
	}
	if (*timeout > PHP_SWOOLE_TASK_WAIT_MAX) {
		*timeout = PHP_SWOOLE_TASK_WAIT_MAX;
	}
	return true;
}

/* The core refused a task: why, in the caller's terms. */
static ZEND_COLD void php_swoole_server_task_error(const char *what)
{
	php_error_docref(NULL, E_WARNING, "%s: %s", what, sw_strerror(sw_error_get()));
}
/* }}} */

PHP_METHOD(Swoole_Server, task)
{
	php_swoole_server_t *intern;
	zval *data;
	zend_long dst_worker_id = -1;
	zend_fcall_info fci = empty_fcall_info;
	zend_fcall_info_cache fcc = empty_fcall_info_cache;
	zend_string *packed;
	uint32_t flags, task_id;
	int rc;

	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_ZVAL(data)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(dst_worker_id)
		Z_PARAM_FUNC_OR_NULL(fci, fcc)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (!php_swoole_server_check_task_caller(intern) || !php_swoole_server_check_task_worker_id(intern, dst_worker_id)) {
		RETURN_FALSE;
	}
	if (!php_swoole_server_task_pack(data, &packed, &flags)) {
		RETURN_THROWS();
	}
	rc = sw_server_task(intern->serv, ZSTR_VAL(packed), ZSTR_LEN(packed), flags, (int) dst_worker_id, &task_id);
	zend_string_release(packed);
	if (rc != SW_OK) {
		php_swoole_server_task_error("the task could not be given to a task worker");
		RETURN_FALSE;
	}
	if (ZEND_FCI_INITIALIZED(fci)) {
		php_swoole_server_task_callback_keep(intern, task_id, &fci, &fcc);
	}
	RETURN_LONG((zend_long) task_id);
}

/* {{{ taskwait(), taskWaitMulti() */

/*
 * The results as they come, kept as bytes: they are unserialized once the
 * core's wait is over, so that no PHP code (__wakeup()) runs inside it.
 */
typedef struct {
	zend_string **data;            /* [n]: NULL until the result came */
	uint32_t *flags;
} php_swoole_task_results_t;

static void php_swoole_server_task_wait_result(void *ctx, size_t index, const char *data, size_t len, uint32_t flags)
{
	php_swoole_task_results_t *results = ctx;

	if (results->data[index]) {
		return;
	}
	results->data[index] = zend_string_init(data, len, 0);
	results->flags[index] = flags;
}

/*
 * Gives the n packed tasks out and waits; keys NULL: the result of the only
 * task in return_value (false when it did not come), else the results under
 * the keys of the tasks they belong to.
 */
static void php_swoole_server_task_wait(php_swoole_server_t *intern, zend_string **packed, const uint32_t *flags,
		zval *keys, size_t n, double timeout, zend_long dst_worker_id, zval *return_value)
{
	size_t max_length = sw_server_config(intern->serv)->package_max_length;
	sw_task_t *tasks;
	php_swoole_task_results_t results;
	size_t i, got;

	/*
	 * Said here: the core would report any task that could not be given as a
	 * result that did not come in time.
	 */
	for (i = 0; i < n; i++) {
		if (ZSTR_LEN(packed[i]) > max_length) {
			sw_error_set(SW_ERROR_TASK_PACKAGE_TOO_BIG);
			php_error_docref(NULL, E_WARNING, "the %s is %zu bytes, longer than package_max_length (%zu)",
					keys ? "data of a task" : "data", ZSTR_LEN(packed[i]), max_length);
			if (!keys) {
				RETURN_FALSE;
			}
		}
	}
	tasks = safe_emalloc(n, sizeof(*tasks), 0);
	results.data = ecalloc(n, sizeof(*results.data));
	results.flags = ecalloc(n, sizeof(*results.flags));
	for (i = 0; i < n; i++) {
		tasks[i].data = ZSTR_VAL(packed[i]);
		tasks[i].len = ZSTR_LEN(packed[i]);
		tasks[i].flags = flags[i];
		tasks[i].dst_worker_id = (int) dst_worker_id;
	}
	sw_error_set(0);
	got = sw_server_task_wait(intern->serv, tasks, n, timeout, php_swoole_server_task_wait_result, &results);
	if (got < n && sw_error_get() == 0) {
		sw_error_set(SW_ERROR_TASK_TIMEOUT);
	}
	if (keys) {
		array_init_size(return_value, (uint32_t) got);
	} else {
		RETVAL_FALSE;
	}
	for (i = 0; i < n; i++) {
		zval value;

		if (!results.data[i]) {
			continue;
		}
		if (!EG(exception)) {
			php_swoole_server_task_unpack(
					ZSTR_VAL(results.data[i]), ZSTR_LEN(results.data[i]), results.flags[i], "task result", &value);
			if (EG(exception)) {
				zval_ptr_dtor(&value);
			} else if (!keys) {
				ZVAL_COPY_VALUE(return_value, &value);
			} else if (Z_TYPE(keys[i]) == IS_STRING) {
				zend_symtable_update(Z_ARRVAL_P(return_value), Z_STR(keys[i]), &value);
			} else {
				zend_hash_index_update(Z_ARRVAL_P(return_value), Z_LVAL(keys[i]), &value);
			}
		}
		zend_string_release(results.data[i]);
	}
	efree(results.data);
	efree(results.flags);
	efree(tasks);
}
/* }}} */

PHP_METHOD(Swoole_Server, taskwait)
{
	php_swoole_server_t *intern;
	zval *data;
	double timeout = 0.5;
	zend_long dst_worker_id = -1;
	zend_string *packed;
	uint32_t flags;

	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_ZVAL(data)
		Z_PARAM_OPTIONAL
		Z_PARAM_DOUBLE(timeout)
		Z_PARAM_LONG(dst_worker_id)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (!php_swoole_server_check_timeout(2, &timeout)) {
		RETURN_THROWS();
	}
	if (!php_swoole_server_check_task_caller(intern) || !php_swoole_server_check_task_worker_id(intern, dst_worker_id)) {
		RETURN_FALSE;
	}
	if (!php_swoole_server_task_pack(data, &packed, &flags)) {
		RETURN_THROWS();
	}
	php_swoole_server_task_wait(intern, &packed, &flags, NULL, 1, timeout, dst_worker_id, return_value);
	zend_string_release(packed);
	if (EG(exception)) {
		RETURN_THROWS();
	}
}

PHP_METHOD(Swoole_Server, taskWaitMulti)
{
	php_swoole_server_t *intern;
	HashTable *ht;
	double timeout = 0.5;
	zend_string **packed, *key;
	uint32_t *flags;
	zend_ulong index;
	zval *keys, *data;
	size_t n, i = 0;
	bool ok = true;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_ARRAY_HT(ht)
		Z_PARAM_OPTIONAL
		Z_PARAM_DOUBLE(timeout)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (!php_swoole_server_check_timeout(2, &timeout)) {
		RETURN_THROWS();
	}
	if (!php_swoole_server_check_task_caller(intern)) {
		RETURN_FALSE;
	}
	n = zend_hash_num_elements(ht);
	if (n == 0) {
		RETURN_EMPTY_ARRAY();
	}
	packed = safe_emalloc(n, sizeof(*packed), 0);
	flags = safe_emalloc(n, sizeof(*flags), 0);
	keys = safe_emalloc(n, sizeof(*keys), 0);
	ZEND_HASH_FOREACH_KEY_VAL(ht, index, key, data) {
		if (!php_swoole_server_task_pack(data, &packed[i], &flags[i])) {
			ok = false;
			break;
		}
		if (key) {
			ZVAL_STR_COPY(&keys[i], key);
		} else {
			ZVAL_LONG(&keys[i], (zend_long) index);
		}
		i++;
	} ZEND_HASH_FOREACH_END();
	if (ok) {
		php_swoole_server_task_wait(intern, packed, flags, keys, n, timeout, -1, return_value);
	}
	while (i-- > 0) {
		zend_string_release(packed[i]);
		zval_ptr_dtor(&keys[i]);
	}
	efree(packed);
	efree(flags);
	efree(keys);
	if (EG(exception)) {
		zval_ptr_dtor(return_value);
		ZVAL_NULL(return_value);
		RETURN_THROWS();
	}
}

PHP_METHOD(Swoole_Server, finish)
{
	php_swoole_server_t *intern;
	zval *data;
	zend_string *packed;
	uint32_t flags;
	int rc;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ZVAL(data)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (!intern->started || intern->finished || !sw_server_is_task_worker(intern->serv) || !intern->in_task) {
		sw_error_set(SW_ERROR_SERVER_INVALID_CALLER);
		php_error_docref(NULL, E_WARNING, "can only be called in a task worker, while onTask runs");
		RETURN_FALSE;
	}
	if (intern->task_finished) {
		sw_error_set(SW_ERROR_WRONG_OPERATION);
		php_error_docref(NULL, E_WARNING, "the result of this task was already sent: a task has one result");
		RETURN_FALSE;
	}
	if (!php_swoole_server_task_pack(data, &packed, &flags)) {
		RETURN_THROWS();
	}
	rc = sw_server_finish(intern->serv, ZSTR_VAL(packed), ZSTR_LEN(packed), flags);
	zend_string_release(packed);
	if (rc != SW_OK) {
		php_swoole_server_task_error("the result could not be sent");
		RETURN_FALSE;
	}
	intern->task_finished = true;
	RETURN_TRUE;
}

PHP_METHOD(Swoole_Server, sendMessage)
{
	php_swoole_server_t *intern;
	zval *message;
	zend_long dst_worker_id;
	zend_string *packed;
	uint32_t flags, total;
	int rc, self;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_ZVAL(message)
		Z_PARAM_LONG(dst_worker_id)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (!intern->started || intern->finished || sw_server_role(intern->serv) != SW_ROLE_WORKER) {
		sw_error_set(SW_ERROR_SERVER_INVALID_CALLER);
		php_error_docref(NULL, E_WARNING, "can only be called in a worker or task worker process, from a server callback");
		RETURN_FALSE;
	}
	/* Every process runs a copy of the same object: without a callback here, there is none there. */
	if (Z_ISUNDEF(intern->callbacks[PHP_SWOOLE_SERVER_ON_PIPE_MESSAGE].callable)) {
		sw_error_set(SW_ERROR_WRONG_OPERATION);
		php_error_docref(NULL, E_WARNING,
				"there is no pipeMessage callback to receive the message: register one with "
				"$server->on('pipeMessage', ...) before start()");
		RETURN_FALSE;
	}
	total = sw_server_config(intern->serv)->worker_num + sw_server_config(intern->serv)->task_worker_num;
	self = sw_server_worker_id(intern->serv);
	if (dst_worker_id < 0 || dst_worker_id >= (zend_long) total || dst_worker_id == self) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		php_error_docref(NULL, E_WARNING,
				"invalid worker id " ZEND_LONG_FMT ": expected 0 to %u (workers, then task workers), other than the "
				"calling process's own %d",
				dst_worker_id, total - 1, self);
		RETURN_FALSE;
	}
	if (!php_swoole_server_task_pack(message, &packed, &flags)) {
		RETURN_THROWS();
	}
	rc = sw_server_send_message(intern->serv, (int) dst_worker_id, ZSTR_VAL(packed), ZSTR_LEN(packed), flags);
	zend_string_release(packed);
	if (rc != SW_OK) {
		php_swoole_server_task_error("the message could not be sent");
		RETURN_FALSE;
	}
	RETURN_TRUE;
}
