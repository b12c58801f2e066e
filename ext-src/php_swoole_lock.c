/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/*
 * Swoole\Lock over the process-shared locks of src/memory/lock.c. Calls
 * return true or false and set $errCode (and the last error) to the errno of
 * a failure; a mutex taken over from a process that died holding it is
 * reported with an E_NOTICE, since what that process was protecting may be
 * half done.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "zend_exceptions.h"

#include "php_swoole.h"
#include "php_swoole_memory.h"
#include "sw_lock.h"

#include "lock_arginfo.h"

/* Longest lockwait() in seconds. */
#define PHP_SWOOLE_LOCK_WAIT_MAX 1e9

typedef struct {
	sw_lock_t *lock;
	zend_object std;
} php_swoole_lock_t;

static zend_class_entry *php_swoole_lock_ce;
static zend_object_handlers php_swoole_lock_handlers;

static inline php_swoole_lock_t *php_swoole_lock_from_obj(zend_object *obj)
{
	return (php_swoole_lock_t *) ((char *) obj - XtOffsetOf(php_swoole_lock_t, std));
}

static zend_object *php_swoole_lock_create_object(zend_class_entry *ce)
{
	php_swoole_lock_t *intern = zend_object_alloc(sizeof(php_swoole_lock_t), ce);

	intern->lock = NULL;
	zend_object_std_init(&intern->std, ce);
	object_properties_init(&intern->std, ce);
	intern->std.handlers = &php_swoole_lock_handlers;
	return &intern->std;
}

static void php_swoole_lock_free_obj(zend_object *object)
{
	php_swoole_lock_t *intern = php_swoole_lock_from_obj(object);

	if (intern->lock) {
		sw_lock_free(intern->lock);
		intern->lock = NULL;
	}
	zend_object_std_dtor(object);
}

static sw_lock_t *php_swoole_lock_get(zval *zobj)
{
	php_swoole_lock_t *intern = php_swoole_lock_from_obj(Z_OBJ_P(zobj));

	if (intern->lock == NULL) {
		zend_throw_error(NULL, "Swoole\\Lock was not constructed");
	}
	return intern->lock;
}

/* Turns a core result into the PHP one, keeping $errCode up to date. */
static bool php_swoole_lock_result(zval *zobj, sw_lock_t *lock, int rc)
{
	zend_long code = 0;

	if (rc == SW_LOCK_RECOVERED) {
		php_error_docref(NULL, E_NOTICE,
				"the previous owner of this %s died while holding it; the lock was recovered, the data it "
				"protected may be inconsistent", sw_lock_type_name(sw_lock_type(lock)));
	} else if (rc != SW_OK) {
		code = sw_error_get();
	}
	zend_update_property_long(php_swoole_lock_ce, Z_OBJ_P(zobj), ZEND_STRL("errCode"), code);
	return rc == SW_OK || rc == SW_LOCK_RECOVERED;
}

#define PHP_SWOOLE_LOCK_CALL(fn)                                                                   \
	do {                                                                                           \
		sw_lock_t *lock_;                                                                          \
		ZEND_PARSE_PARAMETERS_NONE();                                                              \
		lock_ = php_swoole_lock_get(ZEND_THIS);                                                    \
		if (lock_ == NULL) {                                                                       \
			RETURN_THROWS();                                                                       \
		}                                                                                          \
		RETURN_BOOL(php_swoole_lock_result(ZEND_THIS, lock_, fn(lock_)));                          \
	} while (0)

PHP_METHOD(Swoole_Lock, __construct)
{
	php_swoole_lock_t *intern = php_swoole_lock_from_obj(Z_OBJ_P(ZEND_THIS));
	zend_long type = SW_LOCK_MUTEX;
	zend_string *filename = NULL;

	ZEND_PARSE_PARAMETERS_START(0, 2)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(type)
		Z_PARAM_PATH_STR(filename)
	ZEND_PARSE_PARAMETERS_END();

	if (intern->lock) {
		zend_throw_error(NULL, "Cannot call constructor twice");
		RETURN_THROWS();
	}
	if (type < INT_MIN || type > INT_MAX || sw_lock_type_name((int) type) == NULL) {
		zend_argument_value_error(1, "must be one of SWOOLE_MUTEX, SWOOLE_RWLOCK, SWOOLE_SPINLOCK, SWOOLE_SEM or "
				"SWOOLE_FILELOCK");
		RETURN_THROWS();
	}
	if (type == SW_LOCK_FILELOCK && (filename == NULL || ZSTR_LEN(filename) == 0)) {
		zend_argument_value_error(2, "must name a file for SWOOLE_FILELOCK");
		RETURN_THROWS();
	}
	intern->lock = sw_lock_new((sw_lock_type_t) type, filename ? ZSTR_VAL(filename) : NULL);
	if (intern->lock == NULL) {
		int err = sw_error_get();

		zend_throw_exception_ex(php_swoole_exception_ce, err, "Could not create the %s: %s",
				sw_lock_type_name((int) type), sw_strerror(err));
		RETURN_THROWS();
	}
}

PHP_METHOD(Swoole_Lock, lock)
{
	PHP_SWOOLE_LOCK_CALL(sw_lock_lock);
}

PHP_METHOD(Swoole_Lock, trylock)
{
	PHP_SWOOLE_LOCK_CALL(sw_lock_trylock);
}

PHP_METHOD(Swoole_Lock, unlock)
{
	PHP_SWOOLE_LOCK_CALL(sw_lock_unlock);
}

PHP_METHOD(Swoole_Lock, lock_read)
{
	PHP_SWOOLE_LOCK_CALL(sw_lock_lock_read);
}

PHP_METHOD(Swoole_Lock, trylock_read)
{
	PHP_SWOOLE_LOCK_CALL(sw_lock_trylock_read);
}

PHP_METHOD(Swoole_Lock, lockwait)
{
	sw_lock_t *lock;
	double timeout = 1.0;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_DOUBLE(timeout)
	ZEND_PARSE_PARAMETERS_END();

	lock = php_swoole_lock_get(ZEND_THIS);
	if (lock == NULL) {
		RETURN_THROWS();
	}
	if (!(timeout >= 0)) {
		timeout = 0;
	}
	timeout = MIN(timeout, PHP_SWOOLE_LOCK_WAIT_MAX);
	RETURN_BOOL(php_swoole_lock_result(ZEND_THIS, lock, sw_lock_lockwait(lock, (int64_t) (timeout * 1000 + 0.5))));
}

void php_swoole_lock_minit(int module_number)
{
	register_lock_symbols(module_number);
	php_swoole_lock_ce = register_class_Swoole_Lock();
	php_swoole_lock_ce->create_object = php_swoole_lock_create_object;
	zend_register_class_alias("swoole_lock", php_swoole_lock_ce);

	memcpy(&php_swoole_lock_handlers, &std_object_handlers, sizeof(zend_object_handlers));
	php_swoole_lock_handlers.offset = XtOffsetOf(php_swoole_lock_t, std);
	php_swoole_lock_handlers.free_obj = php_swoole_lock_free_obj;
	php_swoole_lock_handlers.clone_obj = NULL;
}
