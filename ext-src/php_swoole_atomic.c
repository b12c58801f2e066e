/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/*
 * Swoole\Atomic (32-bit unsigned) and Swoole\Atomic\Long (signed 64-bit).
 * Each object owns one small anonymous shared mapping, so a counter made
 * before fork() is the same counter in every process. A mapping is never
 * reused for another counter (a child may still be using it), which is why
 * counters should be created once, before start(), not per request.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "zend_exceptions.h"

#include "php_swoole.h"
#include "php_swoole_memory.h"
#include "sw_atomic.h"
#include "sw_shm.h"

#include "atomic_arginfo.h"

/* Longest wait() in seconds (the core counts milliseconds in an int64). */
#define PHP_SWOOLE_ATOMIC_WAIT_MAX 1e9

typedef struct {
	void *value;        /* uint32_t (Atomic) or int64_t (Atomic\Long) in shared memory */
	zend_object std;
} php_swoole_atomic_t;

static zend_class_entry *php_swoole_atomic_ce;
static zend_class_entry *php_swoole_atomic_long_ce;
static zend_object_handlers php_swoole_atomic_handlers;

static inline php_swoole_atomic_t *php_swoole_atomic_from_obj(zend_object *obj)
{
	return (php_swoole_atomic_t *) ((char *) obj - XtOffsetOf(php_swoole_atomic_t, std));
}

static zend_object *php_swoole_atomic_create_object(zend_class_entry *ce)
{
	php_swoole_atomic_t *intern = zend_object_alloc(sizeof(php_swoole_atomic_t), ce);

	intern->value = NULL;
	zend_object_std_init(&intern->std, ce);
	object_properties_init(&intern->std, ce);
	intern->std.handlers = &php_swoole_atomic_handlers;
	return &intern->std;
}

static void php_swoole_atomic_free_obj(zend_object *object)
{
	php_swoole_atomic_t *intern = php_swoole_atomic_from_obj(object);

	if (intern->value) {
		sw_shm_free(intern->value, sizeof(int64_t));
		intern->value = NULL;
	}
	zend_object_std_dtor(object);
}

/* The shared value of $this; throws if the constructor did not run. */
static void *php_swoole_atomic_value(zval *zobj)
{
	php_swoole_atomic_t *intern = php_swoole_atomic_from_obj(Z_OBJ_P(zobj));

	if (intern->value == NULL) {
		zend_throw_error(NULL, "%s was not constructed", ZSTR_VAL(Z_OBJCE_P(zobj)->name));
	}
	return intern->value;
}

#define PHP_SWOOLE_ATOMIC_OR_THROW(p)                                                              \
	do {                                                                                           \
		(p) = php_swoole_atomic_value(ZEND_THIS);                                                  \
		if ((p) == NULL) {                                                                         \
			RETURN_THROWS();                                                                       \
		}                                                                                          \
	} while (0)

static void php_swoole_atomic_construct(INTERNAL_FUNCTION_PARAMETERS, bool is_long)
{
	php_swoole_atomic_t *intern = php_swoole_atomic_from_obj(Z_OBJ_P(ZEND_THIS));
	zend_long value = 0;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(value)
	ZEND_PARSE_PARAMETERS_END();

	if (intern->value) {
		zend_throw_error(NULL, "Cannot call constructor twice");
		RETURN_THROWS();
	}
	intern->value = sw_shm_alloc(sizeof(int64_t));
	if (intern->value == NULL) {
		zend_throw_exception_ex(php_swoole_exception_ce, sw_error_get(), "Could not map shared memory: %s",
				sw_strerror(sw_error_get()));
		RETURN_THROWS();
	}
	if (is_long) {
		sw_atomic_i64_set(intern->value, (int64_t) value);
	} else {
		sw_atomic_u32_set(intern->value, (uint32_t) value);
	}
}

/* {{{ Swoole\Atomic */
PHP_METHOD(Swoole_Atomic, __construct)
{
	php_swoole_atomic_construct(INTERNAL_FUNCTION_PARAM_PASSTHRU, false);
}

PHP_METHOD(Swoole_Atomic, add)
{
	uint32_t *p;
	zend_long v = 1;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(v)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_ATOMIC_OR_THROW(p);
	RETURN_LONG(sw_atomic_u32_add(p, (uint32_t) v));
}

PHP_METHOD(Swoole_Atomic, sub)
{
	uint32_t *p;
	zend_long v = 1;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(v)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_ATOMIC_OR_THROW(p);
	RETURN_LONG(sw_atomic_u32_sub(p, (uint32_t) v));
}

PHP_METHOD(Swoole_Atomic, get)
{
	uint32_t *p;

	ZEND_PARSE_PARAMETERS_NONE();

	PHP_SWOOLE_ATOMIC_OR_THROW(p);
	RETURN_LONG(sw_atomic_u32_get(p));
}

PHP_METHOD(Swoole_Atomic, set)
{
	uint32_t *p;
	zend_long v;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_LONG(v)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_ATOMIC_OR_THROW(p);
	sw_atomic_u32_set(p, (uint32_t) v);
}

PHP_METHOD(Swoole_Atomic, cmpset)
{
	uint32_t *p;
	zend_long cmp, set;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_LONG(cmp)
		Z_PARAM_LONG(set)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_ATOMIC_OR_THROW(p);
	/* a value the counter can never hold never compares equal */
	if (cmp < 0 || (zend_ulong) cmp > UINT32_MAX) {
		RETURN_FALSE;
	}
	RETURN_BOOL(sw_atomic_u32_cmpset(p, (uint32_t) cmp, (uint32_t) set));
}

PHP_METHOD(Swoole_Atomic, wait)
{
	uint32_t *p;
	double timeout = 1.0;
	int64_t ms;
	int rc;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_DOUBLE(timeout)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_ATOMIC_OR_THROW(p);
	if (timeout < 0) {
		ms = -1;
	} else {
		ms = (int64_t) (MIN(timeout, PHP_SWOOLE_ATOMIC_WAIT_MAX) * 1000 + 0.5);
	}
	rc = sw_atomic_wait(p, ms);
	RETURN_BOOL(rc == SW_OK);
}

PHP_METHOD(Swoole_Atomic, wakeup)
{
	uint32_t *p;
	zend_long n = 1;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(n)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_ATOMIC_OR_THROW(p);
	if (n < 1 || n > INT_MAX) {
		zend_argument_value_error(1, "must be between 1 and %d", INT_MAX);
		RETURN_THROWS();
	}
	RETURN_BOOL(sw_atomic_wakeup(p, (int) n) >= 0);
}
/* }}} */

/* {{{ Swoole\Atomic\Long */
PHP_METHOD(Swoole_Atomic_Long, __construct)
{
	php_swoole_atomic_construct(INTERNAL_FUNCTION_PARAM_PASSTHRU, true);
}

PHP_METHOD(Swoole_Atomic_Long, add)
{
	int64_t *p;
	zend_long v = 1;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(v)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_ATOMIC_OR_THROW(p);
	RETURN_LONG((zend_long) sw_atomic_i64_add(p, (int64_t) v));
}

PHP_METHOD(Swoole_Atomic_Long, sub)
{
	int64_t *p;
	zend_long v = 1;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(v)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_ATOMIC_OR_THROW(p);
	RETURN_LONG((zend_long) sw_atomic_i64_sub(p, (int64_t) v));
}

PHP_METHOD(Swoole_Atomic_Long, get)
{
	int64_t *p;

	ZEND_PARSE_PARAMETERS_NONE();

	PHP_SWOOLE_ATOMIC_OR_THROW(p);
	RETURN_LONG((zend_long) sw_atomic_i64_get(p));
}

PHP_METHOD(Swoole_Atomic_Long, set)
{
	int64_t *p;
	zend_long v;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_LONG(v)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_ATOMIC_OR_THROW(p);
	sw_atomic_i64_set(p, (int64_t) v);
}

PHP_METHOD(Swoole_Atomic_Long, cmpset)
{
	int64_t *p;
	zend_long cmp, set;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_LONG(cmp)
		Z_PARAM_LONG(set)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_ATOMIC_OR_THROW(p);
	RETURN_BOOL(sw_atomic_i64_cmpset(p, (int64_t) cmp, (int64_t) set));
}
/* }}} */

void php_swoole_atomic_minit(int module_number)
{
	memcpy(&php_swoole_atomic_handlers, &std_object_handlers, sizeof(zend_object_handlers));
	php_swoole_atomic_handlers.offset = XtOffsetOf(php_swoole_atomic_t, std);
	php_swoole_atomic_handlers.free_obj = php_swoole_atomic_free_obj;
	php_swoole_atomic_handlers.clone_obj = NULL;

	php_swoole_atomic_ce = register_class_Swoole_Atomic();
	php_swoole_atomic_ce->create_object = php_swoole_atomic_create_object;
	zend_register_class_alias("swoole_atomic", php_swoole_atomic_ce);

	php_swoole_atomic_long_ce = register_class_Swoole_Atomic_Long();
	php_swoole_atomic_long_ce->create_object = php_swoole_atomic_create_object;
	zend_register_class_alias("swoole_atomic_long", php_swoole_atomic_long_ce);
}
