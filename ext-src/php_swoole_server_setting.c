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

#include <grp.h>
#include <limits.h>
#include <math.h>
#include <pwd.h>
#include <stdio.h>
#include <sys/stat.h>


/* A short description of a rejected value, for error messages. */
static zend_string *php_swoole_describe_value(zval *value)
{
	smart_str buf = {0};
	size_t i;

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
			for (i = 0; i < Z_STRLEN_P(value) && i < 40; i++) {
				/* A null byte would end the message early. */
				if (Z_STRVAL_P(value)[i] == '\0') {
					smart_str_appends(&buf, "\\0");
				} else {
					smart_str_appendc(&buf, Z_STRVAL_P(value)[i]);
				}
			}
			if (Z_STRLEN_P(value) > 40) {
				smart_str_appends(&buf, "...");
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

/* A non-empty string without null bytes, for names the system looks up. */
static bool php_swoole_setting_name(const char *key, zval *value, const char *expected)
{
	if (Z_TYPE_P(value) == IS_STRING && Z_STRLEN_P(value) > 0 &&
			!memchr(Z_STRVAL_P(value), '\0', Z_STRLEN_P(value))) {
		return true;
	}
	php_swoole_setting_error(key, expected, value);
	return false;
}

/*
 * user, group: looked up now, so a typo fails set() in the script instead of
 * every worker failing to start. Workers look the name up again before they
 * drop privileges.
 */
static bool php_swoole_setting_user(zval *value, zend_string **out)
{
	if (!php_swoole_setting_name("user", value, "the name of an existing user")) {
		return false;
	}
	if (getpwnam(Z_STRVAL_P(value)) == NULL) {
		php_swoole_setting_error("user", "the name of an existing user", value);
		return false;
	}
	*out = Z_STR_P(value);
	return true;
}

static bool php_swoole_setting_group(zval *value, zend_string **out)
{
	if (!php_swoole_setting_name("group", value, "the name of an existing group")) {
		return false;
	}
	if (getgrnam(Z_STRVAL_P(value)) == NULL) {
		php_swoole_setting_error("group", "the name of an existing group", value);
		return false;
	}
	*out = Z_STR_P(value);
	return true;
}

static bool php_swoole_setting_chroot(zval *value, zend_string **out)
{
	struct stat st;

	if (!php_swoole_setting_name("chroot", value, "the path of an existing directory")) {
		return false;
	}
	if (stat(Z_STRVAL_P(value), &st) != 0 || !S_ISDIR(st.st_mode)) {
		php_swoole_setting_error("chroot", "the path of an existing directory", value);
		return false;
	}
	*out = Z_STR_P(value);
	return true;
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
	} else if (KEY_IS("max_request")) {
		if (!php_swoole_setting_long(k, value, 0, UINT32_MAX, false, &l)) {
			return false;
		}
		c->max_request = (uint32_t) l;
	} else if (KEY_IS("max_request_grace")) {
		if (!php_swoole_setting_long(k, value, 0, INT32_MAX, false, &l)) {
			return false;
		}
		c->max_request_grace = (int32_t) l;
	} else if (KEY_IS("reload_concurrency")) {
		/* Above worker_num it means "all at once": start() caps it, as the core caps reactor_num. */
		if (!php_swoole_setting_long(k, value, 1, SW_MAX_WORKER_NUM, true, &l)) {
			return false;
		}
		c->reload_concurrency = (uint32_t) l;
	} else if (KEY_IS("user")) {
		return php_swoole_setting_user(value, &pending->user);
	} else if (KEY_IS("group")) {
		return php_swoole_setting_group(value, &pending->group);
	} else if (KEY_IS("chroot")) {
		return php_swoole_setting_chroot(value, &pending->chroot);
	} else if (KEY_IS("open_cpu_affinity")) {
		return php_swoole_setting_bool(k, value, &c->open_cpu_affinity);
	} else if (KEY_IS("enable_coroutine")) {
		/* Accepted for compatibility: this server has no coroutines. */
	} else {
		php_error_docref(NULL, E_WARNING, "unsupported setting \"%s\" ignored", k);
	}
#undef KEY_IS
	return true;
}

void php_swoole_server_apply_setting(sw_server_t *serv, php_swoole_pending_config_t *pending)
{
	sw_server_config_t *config = sw_server_config(serv);
	char *log_file = config->log_file;
	char *pid_file = config->pid_file;
	char *user = config->user;
	char *group = config->group;
	char *chroot_dir = config->chroot;

	/* The string members are owned by the core and go through its setters. */
	*config = pending->config;
	config->log_file = log_file;
	config->pid_file = pid_file;
	config->user = user;
	config->group = group;
	config->chroot = chroot_dir;
	if (pending->log_file) {
		sw_server_set_log_file(serv, ZSTR_VAL(pending->log_file));
	}
	if (pending->pid_file) {
		sw_server_set_pid_file(serv, ZSTR_LEN(pending->pid_file) ? ZSTR_VAL(pending->pid_file) : NULL);
	}
	if (pending->user) {
		sw_server_set_user(serv, ZSTR_VAL(pending->user));
	}
	if (pending->group) {
		sw_server_set_group(serv, ZSTR_VAL(pending->group));
	}
	if (pending->chroot) {
		sw_server_set_chroot(serv, ZSTR_VAL(pending->chroot));
	}
}

void php_swoole_server_setting_defaults(sw_server_t *serv, HashTable *given, zval *defaults, zval *effective)
{
	sw_server_config_t *config = sw_server_config(serv);

	/* The core caps reactor_num at start(); a reload cannot take out more workers than there are. */
	if (config->reactor_num > config->worker_num) {
		add_assoc_long(effective, "reactor_num", config->worker_num);
	}
	if (config->reload_concurrency > config->worker_num) {
		config->reload_concurrency = config->worker_num;
		add_assoc_long(effective, "reload_concurrency", config->reload_concurrency);
	}

	add_assoc_long(defaults, "worker_num", config->worker_num);
	add_assoc_long(defaults, "reactor_num", SW_MIN(config->reactor_num, config->worker_num));
	add_assoc_long(defaults, "dispatch_mode", config->dispatch_mode);
	add_assoc_long(defaults, "backlog", config->backlog);
	if (!given || !zend_hash_str_exists(given, ZEND_STRL("max_conn"))) {
		add_assoc_long(defaults, "max_connection", config->max_connection);
	}
	add_assoc_long(defaults, "max_wait_time", config->max_wait_time);
	add_assoc_long(defaults, "buffer_output_size", (zend_long) config->buffer_output_size);
	add_assoc_long(defaults, "package_max_length", (zend_long) config->package_max_length);
	add_assoc_long(defaults, "log_level", config->log_level);
	add_assoc_long(defaults, "max_request", config->max_request);
	add_assoc_long(defaults, "reload_concurrency", config->reload_concurrency);
}
