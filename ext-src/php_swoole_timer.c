/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/*
 * Swoole\Timer, the swoole_timer_* functions, and $server->tick(),
 * after(), clearTimer(). The timers live in the core's heap
 * (src/core/timer.c) of this process's loop (php_swoole_event.c); each
 * carries its PHP callable and parameters as its data.
 *
 * Callback arguments, as in Swoole: a tick's callback gets the timer id
 * first, then the parameters given to tick(); an after()'s callback gets
 * only the parameters.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "ext/spl/spl_array.h"
#include "zend_exceptions.h"

#include "php_swoole.h"
#include "php_swoole_event.h"
#include "php_swoole_server.h"

#include "timer_arginfo.h"

typedef struct {
	php_swoole_callable_t cb;
	zval *params;
	uint32_t param_count;
} php_swoole_timer_data_t;

static zend_class_entry *php_swoole_timer_iterator_ce;

static int php_swoole_timer_cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;

	return x < y ? -1 : x > y;
}

static void php_swoole_timer_free_data(sw_timer_heap_t *heap, sw_timer_t *timer)
{
	php_swoole_timer_data_t *td = timer->data;
	uint32_t i;

	(void) heap;
	if (td == NULL) {
		return;
	}
	timer->data = NULL;
	php_swoole_callable_free(&td->cb);
	for (i = 0; i < td->param_count; i++) {
		zval_ptr_dtor(&td->params[i]);
	}
	if (td->params) {
		efree(td->params);
	}
	efree(td);
}

static void php_swoole_timer_callback(sw_timer_heap_t *heap, sw_timer_t *timer)
{
	php_swoole_timer_data_t *td = timer->data;
	zval *args;
	uint32_t argc = 0, i;
	sw_reactor_t *reactor = heap->ptr;

	/* Leaving the loop (exit(), an uncaught exception): no more PHP in this pass. */
	if (td == NULL || (reactor != NULL && !reactor->running)) {
		return;
	}
	args = safe_emalloc(td->param_count + 1, sizeof(zval), 0);
	if (timer->interval_ms > 0) {
		ZVAL_LONG(&args[argc++], (zend_long) timer->id);
	}
	for (i = 0; i < td->param_count; i++) {
		ZVAL_COPY(&args[argc++], &td->params[i]);
	}
	/* The data stays alive through the call even if the callback clears its own timer. */
	php_swoole_loop_call(&td->cb, args, argc);
	efree(args);
}

/* Adds a timer to this process's loop; returns its id, or 0 (a warning or an exception was raised). */
static zend_long php_swoole_timer_add(zend_long ms, bool tick, zend_fcall_info *fci, zend_fcall_info_cache *fcc,
		zval *params, uint32_t param_count, const char *what)
{
	php_swoole_timer_data_t *td;
	sw_reactor_t *reactor;
	sw_timer_heap_t *heap;
	sw_timer_t *timer;
	uint32_t i;

	if (ms < (tick ? 1 : 0) || ms > SW_TIMER_MAX_MS) {
		zend_argument_value_error(1, "must be between %d and %" PRId64, tick ? 1 : 0, (int64_t) SW_TIMER_MAX_MS);
		return 0;
	}
	reactor = php_swoole_loop_get(what);
	if (reactor == NULL) {
		return 0;
	}
	heap = php_swoole_loop_timers();
	heap->free_data = php_swoole_timer_free_data;
	heap->ptr = reactor;

	td = ecalloc(1, sizeof(*td));
	ZVAL_UNDEF(&td->cb.callable);
	php_swoole_callable_set(&td->cb, fci, fcc);
	if (param_count > 0) {
		td->params = safe_emalloc(param_count, sizeof(zval), 0);
		for (i = 0; i < param_count; i++) {
			ZVAL_COPY(&td->params[i], &params[i]);
		}
		td->param_count = param_count;
	}
	timer = sw_timer_add(heap, sw_timer_clock_ceil_ms(), ms, tick ? ms : 0, php_swoole_timer_callback, td);
	if (timer == NULL) {
		sw_timer_t fake = {.data = td};

		php_swoole_timer_free_data(heap, &fake);
		php_error_docref(NULL, E_WARNING, "cannot add the timer: %s", sw_strerror(sw_error_get()));
		return 0;
	}
	return (zend_long) timer->id;
}

static void php_swoole_timer_add_fn(INTERNAL_FUNCTION_PARAMETERS, bool tick, const char *what)
{
	zend_long ms;
	zend_fcall_info fci;
	zend_fcall_info_cache fcc;
	zval *params = NULL;
	uint32_t param_count = 0;
	zend_long id;

	ZEND_PARSE_PARAMETERS_START(2, -1)
		Z_PARAM_LONG(ms)
		Z_PARAM_FUNC(fci, fcc)
		Z_PARAM_VARIADIC('*', params, param_count)
	ZEND_PARSE_PARAMETERS_END();

	id = php_swoole_timer_add(ms, tick, &fci, &fcc, params, param_count, what);
	if (id == 0) {
		if (EG(exception)) {
			RETURN_THROWS();
		}
		RETURN_FALSE;
	}
	RETURN_LONG(id);
}

static void php_swoole_timer_clear(INTERNAL_FUNCTION_PARAMETERS)
{
	zend_long id;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_LONG(id)
	ZEND_PARSE_PARAMETERS_END();

	RETURN_BOOL(sw_timer_del(php_swoole_loop_timers(), (int64_t) id) == SW_OK);
}

static void php_swoole_timer_clear_all(INTERNAL_FUNCTION_PARAMETERS)
{
	ZEND_PARSE_PARAMETERS_NONE();

	sw_timer_heap_clear(php_swoole_loop_timers());
	RETURN_TRUE;
}

static void php_swoole_timer_exists(INTERNAL_FUNCTION_PARAMETERS)
{
	zend_long id;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_LONG(id)
	ZEND_PARSE_PARAMETERS_END();

	RETURN_BOOL(sw_timer_find(php_swoole_loop_timers(), (int64_t) id) != NULL);
}

static void php_swoole_timer_info(INTERNAL_FUNCTION_PARAMETERS)
{
	zend_long id;
	sw_timer_t *timer;
	int64_t left;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_LONG(id)
	ZEND_PARSE_PARAMETERS_END();

	timer = sw_timer_find(php_swoole_loop_timers(), (int64_t) id);
	if (timer == NULL) {
		RETURN_NULL();
	}
	left = timer->expire_ms - sw_time_ms();
	array_init(return_value);
	add_assoc_long(return_value, "exec_msec", (zend_long) SW_MAX(left, 0));
	add_assoc_long(return_value, "exec_count", (zend_long) timer->exec_count);
	add_assoc_long(return_value, "interval", (zend_long) timer->interval_ms);
	add_assoc_long(return_value, "round", (zend_long) timer->round);
	add_assoc_bool(return_value, "removed", timer->removed);
}

static void php_swoole_timer_stats(INTERNAL_FUNCTION_PARAMETERS)
{
	sw_timer_heap_t *heap;

	ZEND_PARSE_PARAMETERS_NONE();

	heap = php_swoole_loop_timers();
	array_init(return_value);
	add_assoc_bool(return_value, "initialized", heap->next_id > 1);
	add_assoc_long(return_value, "num", (zend_long) sw_timer_heap_count(heap));
	add_assoc_long(return_value, "round", (zend_long) heap->round);
}

static void php_swoole_timer_list(INTERNAL_FUNCTION_PARAMETERS)
{
	sw_timer_heap_t *heap;
	uint32_t n, i;
	int64_t *ids;
	zval arr, ctor_ret;

	ZEND_PARSE_PARAMETERS_NONE();

	heap = php_swoole_loop_timers();
	n = sw_timer_heap_count(heap);
	ids = n ? safe_emalloc(n, sizeof(int64_t), 0) : NULL;
	n = n ? sw_timer_heap_ids(heap, ids, n) : 0;
	/* In the order they were added, whatever the index's order. */
	if (n > 1) {
		qsort(ids, n, sizeof(int64_t), php_swoole_timer_cmp_id);
	}
	array_init_size(&arr, n);
	for (i = 0; i < n; i++) {
		add_next_index_long(&arr, (zend_long) ids[i]);
	}
	if (ids) {
		efree(ids);
	}
	object_init_ex(return_value, php_swoole_timer_iterator_ce);
	ZVAL_UNDEF(&ctor_ret);
	zend_call_known_instance_method_with_1_params(
			php_swoole_timer_iterator_ce->constructor, Z_OBJ_P(return_value), &ctor_ret, &arr);
	zval_ptr_dtor(&ctor_ret);
	zval_ptr_dtor(&arr);
}

/* {{{ functions */
PHP_FUNCTION(swoole_timer_tick)
{
	php_swoole_timer_add_fn(INTERNAL_FUNCTION_PARAM_PASSTHRU, true, "swoole_timer_tick()");
}

PHP_FUNCTION(swoole_timer_after)
{
	php_swoole_timer_add_fn(INTERNAL_FUNCTION_PARAM_PASSTHRU, false, "swoole_timer_after()");
}

PHP_FUNCTION(swoole_timer_exists)
{
	php_swoole_timer_exists(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

PHP_FUNCTION(swoole_timer_info)
{
	php_swoole_timer_info(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

PHP_FUNCTION(swoole_timer_stats)
{
	php_swoole_timer_stats(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

PHP_FUNCTION(swoole_timer_list)
{
	php_swoole_timer_list(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

PHP_FUNCTION(swoole_timer_clear)
{
	php_swoole_timer_clear(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

PHP_FUNCTION(swoole_timer_clear_all)
{
	php_swoole_timer_clear_all(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}
/* }}} */

/* {{{ Swoole\Timer */
PHP_METHOD(Swoole_Timer, tick)
{
	php_swoole_timer_add_fn(INTERNAL_FUNCTION_PARAM_PASSTHRU, true, "Swoole\\Timer::tick()");
}

PHP_METHOD(Swoole_Timer, after)
{
	php_swoole_timer_add_fn(INTERNAL_FUNCTION_PARAM_PASSTHRU, false, "Swoole\\Timer::after()");
}

PHP_METHOD(Swoole_Timer, exists)
{
	php_swoole_timer_exists(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

PHP_METHOD(Swoole_Timer, info)
{
	php_swoole_timer_info(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

PHP_METHOD(Swoole_Timer, stats)
{
	php_swoole_timer_stats(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

PHP_METHOD(Swoole_Timer, list)
{
	php_swoole_timer_list(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

PHP_METHOD(Swoole_Timer, clear)
{
	php_swoole_timer_clear(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

PHP_METHOD(Swoole_Timer, clearAll)
{
	php_swoole_timer_clear_all(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}
/* }}} */

/* {{{ $server->tick(), after(), clearTimer() */

/* Only in a process of this server that has a loop: not before start(), not in the manager. */
static bool php_swoole_timer_check_server(zval *zserver)
{
	php_swoole_server_t *intern = Z_SWOOLE_SERVER_P(zserver);

	if (intern->serv == NULL || intern->serv != php_swoole_server_started || sw_server_loop(intern->serv) == NULL) {
		zend_throw_exception(php_swoole_exception_ce,
				"server timers run in the server's processes: call tick()/after() from onStart, onWorkerStart or "
				"another callback of a worker or task worker (not before start(), not in the manager)",
				SW_ERROR_SERVER_NOT_RUNNING);
		return false;
	}
	return true;
}

PHP_METHOD(Swoole_Server, tick)
{
	if (!php_swoole_timer_check_server(ZEND_THIS)) {
		RETURN_THROWS();
	}
	php_swoole_timer_add_fn(INTERNAL_FUNCTION_PARAM_PASSTHRU, true, "Swoole\\Server::tick()");
}

PHP_METHOD(Swoole_Server, after)
{
	if (!php_swoole_timer_check_server(ZEND_THIS)) {
		RETURN_THROWS();
	}
	php_swoole_timer_add_fn(INTERNAL_FUNCTION_PARAM_PASSTHRU, false, "Swoole\\Server::after()");
}

PHP_METHOD(Swoole_Server, clearTimer)
{
	php_swoole_timer_clear(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}
/* }}} */

void php_swoole_timer_minit(int module_number)
{
	zend_class_entry *ce;

	zend_register_functions(NULL, ext_functions, NULL, MODULE_PERSISTENT);
	ce = register_class_Swoole_Timer();
	zend_register_class_alias("swoole_timer", ce);
	php_swoole_timer_iterator_ce = register_class_Swoole_Timer_Iterator(spl_ce_ArrayIterator);
	(void) module_number;
}
