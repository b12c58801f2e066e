/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/*
 * Settings of Swoole\Server: every key and value of set() is checked here,
 * before anything is applied or forked; a bad value throws Swoole\Exception
 * naming the key, what is allowed and what was given.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "zend_exceptions.h"
#include "zend_smart_str.h"

#include "php_swoole.h"
#include "php_swoole_server.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>


/* A short description of a rejected value, for error messages. */
static zend_string *php_swoole_describe_value(zval *value)
{
	smart_str buf = {0};

	switch (Z_TYPE_P(value)) {
		case IS_NULL:
			smart_str_appends(&buf, "null");
			break;
		case IS_FALSE:
			smart_str_appends(&buf, "false");
			break;
		case IS_TRUE:
			smart_str_appends(&buf, "true");
			break;
		case IS_LONG:
			smart_str_append_long(&buf, Z_LVAL_P(value));
			break;
		case IS_DOUBLE:
			smart_str_appends(&buf, "float ");
			smart_str_append_printf(&buf, "%.*G", (int) EG(precision), Z_DVAL_P(value));
			break;
		case IS_STRING:
			smart_str_appends(&buf, "string \"");
			if (Z_STRLEN_P(value) > 40) {
				smart_str_appendl(&buf, Z_STRVAL_P(value), 40);
				smart_str_appends(&buf, "...");
			} else {
				smart_str_appendl(&buf, Z_STRVAL_P(value), Z_STRLEN_P(value));
			}
			smart_str_appendc(&buf, '"');
			break;
		case IS_OBJECT:
			smart_str_appends(&buf, "object of class ");
			smart_str_append(&buf, Z_OBJCE_P(value)->name);
			break;
		default:
			smart_str_appends(&buf, zend_zval_type_name(value));
			break;
	}
	smart_str_0(&buf);
	return buf.s;
}

static ZEND_COLD void php_swoole_setting_error(const char *key, const char *expected, zval *value)
{
	zend_string *got = php_swoole_describe_value(value);

	zend_throw_exception_ex(php_swoole_exception_ce, SW_ERROR_INVALID_PARAMS, "%s: expected %s, got %s", key,
			expected, ZSTR_VAL(got));
	zend_string_release(got);
}

static bool php_swoole_double_to_long(double d, zend_long *out)
{
	if (!zend_finite(d) || d != floor(d) || !ZEND_DOUBLE_FITS_LONG(d)) {
		return false;
	}
	*out = (zend_long) d;
	return true;
}

/* An int, a numeric string or a float with an integral value. */
static bool php_swoole_zval_to_long(zval *value, zend_long *out)
{
	zend_long lval;
	double dval;
	int type;

	switch (Z_TYPE_P(value)) {
		case IS_LONG:
			*out = Z_LVAL_P(value);
			return true;
		case IS_DOUBLE:
			return php_swoole_double_to_long(Z_DVAL_P(value), out);
		case IS_STRING:
			type = is_numeric_string(Z_STRVAL_P(value), Z_STRLEN_P(value), &lval, &dval, false);
			if (type == IS_LONG) {
				*out = lval;
				return true;
			}
			if (type == IS_DOUBLE) {
				return php_swoole_double_to_long(dval, out);
			}
			return false;
		default:
			return false;
	}
}

/*
 * An integer in [min, max]. has_max: max is a documented limit (the message
 * names the range); otherwise it is only the C type's bound.
 */
static bool php_swoole_setting_long(
		const char *key, zval *value, zend_long min, zend_long max, bool has_max, zend_long *out)
{
	char expected[96];

	if (php_swoole_zval_to_long(value, out) && *out >= min && *out <= max) {
		return true;
	}
	if (has_max || (php_swoole_zval_to_long(value, out) && *out > max)) {
		snprintf(expected, sizeof(expected), "an integer between " ZEND_LONG_FMT " and " ZEND_LONG_FMT, min, max);
	} else {
		snprintf(expected, sizeof(expected), "an integer >= " ZEND_LONG_FMT, min);
	}
	php_swoole_setting_error(key, expected, value);
	return false;
}

/* true/false, or the integers 1/0 that classic configurations use. */
static bool php_swoole_setting_bool(const char *key, zval *value, bool *out)
{
	switch (Z_TYPE_P(value)) {
		case IS_TRUE:
			*out = true;
			return true;
		case IS_FALSE:
			*out = false;
			return true;
		case IS_LONG:
			if (Z_LVAL_P(value) == 0 || Z_LVAL_P(value) == 1) {
				*out = Z_LVAL_P(value) == 1;
				return true;
			}
			break;
		default:
			break;
	}
	php_swoole_setting_error(key, "a boolean", value);
	return false;
}

static bool php_swoole_setting_path(const char *key, zval *value, bool allow_empty, zend_string **out)
{
	if (Z_TYPE_P(value) == IS_STRING && (allow_empty || Z_STRLEN_P(value) > 0) &&
			!memchr(Z_STRVAL_P(value), '\0', Z_STRLEN_P(value))) {
		*out = Z_STR_P(value);
		return true;
	}
	php_swoole_setting_error(key, allow_empty ? "a file path" : "a non-empty file path", value);
	return false;
}

static bool php_swoole_setting_dispatch_mode(zval *value, uint32_t *out)
{
	zend_long mode;

	if (php_swoole_zval_to_long(value, &mode)) {
		switch (mode) {
			case SW_DISPATCH_ROUND:
			case SW_DISPATCH_FDMOD:
			case SW_DISPATCH_IDLE:
				*out = (uint32_t) mode;
				return true;
			case SW_DISPATCH_IPMOD:
			case SW_DISPATCH_UIDMOD:
				zend_throw_exception_ex(php_swoole_exception_ce, SW_ERROR_INVALID_PARAMS,
						"dispatch_mode: %s (%d) is not supported yet; use 1 (round robin), 2 (fd modulo) "
						"or 3 (idle worker)",
						mode == SW_DISPATCH_IPMOD ? "SWOOLE_DISPATCH_IPMOD" : "SWOOLE_DISPATCH_UIDMOD", (int) mode);
				return false;
			default:
				break;
		}
	}
	php_swoole_setting_error("dispatch_mode", "1 (round robin), 2 (fd modulo) or 3 (idle worker)", value);
	return false;
}


/* Checks one setting into pending. false: an exception was thrown. */
bool php_swoole_server_check_setting(zend_string *key, zval *value, php_swoole_pending_config_t *pending)
{
	sw_server_config_t *c = &pending->config;
	const char *k = ZSTR_VAL(key);
	zend_long l;

#define KEY_IS(name) zend_string_equals_literal(key, name)
	if (KEY_IS("worker_num")) {
		if (!php_swoole_setting_long(k, value, 1, SW_MAX_WORKER_NUM, true, &l)) {
			return false;
		}
		c->worker_num = (uint32_t) l;
	} else if (KEY_IS("reactor_num")) {
		if (!php_swoole_setting_long(k, value, 1, SW_MAX_REACTOR_NUM, true, &l)) {
			return false;
		}
		c->reactor_num = (uint32_t) l;
	} else if (KEY_IS("dispatch_mode")) {
		return php_swoole_setting_dispatch_mode(value, &c->dispatch_mode);
	} else if (KEY_IS("backlog")) {
		if (!php_swoole_setting_long(k, value, 1, INT_MAX, false, &l)) {
			return false;
		}
		c->backlog = (int) l;
	} else if (KEY_IS("max_connection") || KEY_IS("max_conn")) {
		if (!php_swoole_setting_long(k, value, 1, INT_MAX, false, &l)) {
			return false;
		}
		c->max_connection = (uint32_t) l;
	} else if (KEY_IS("open_tcp_nodelay")) {
		return php_swoole_setting_bool(k, value, &c->open_tcp_nodelay);
	} else if (KEY_IS("log_level")) {
		if (!php_swoole_setting_long(k, value, SW_LOG_DEBUG, SW_LOG_NONE, true, &l)) {
			return false;
		}
		c->log_level = (int) l;
	} else if (KEY_IS("log_file")) {
		return php_swoole_setting_path(k, value, false, &pending->log_file);
	} else if (KEY_IS("daemonize")) {
		return php_swoole_setting_bool(k, value, &c->daemonize);
	} else if (KEY_IS("pid_file")) {
		return php_swoole_setting_path(k, value, true, &pending->pid_file);
	} else if (KEY_IS("max_wait_time")) {
		if (!php_swoole_setting_long(k, value, 1, INT_MAX, false, &l)) {
			return false;
		}
		c->max_wait_time = (uint32_t) l;
	} else if (KEY_IS("buffer_output_size")) {
		if (!php_swoole_setting_long(k, value, 1, INT_MAX, false, &l)) {
			return false;
		}
		c->buffer_output_size = (size_t) l;
	} else if (KEY_IS("package_max_length")) {
		if (!php_swoole_setting_long(k, value, 1024, INT_MAX, false, &l)) {
			return false;
		}
		c->package_max_length = (size_t) l;
	} else if (KEY_IS("enable_coroutine")) {
		/* Accepted for compatibility: this server has no coroutines. */
	} else {
		php_error_docref(NULL, E_WARNING, "unsupported setting \"%s\" ignored", k);
	}
#undef KEY_IS
	return true;
}
