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
#include "php_swoole_http.h"

#include <grp.h>
#include <limits.h>
#include <math.h>
#include <pwd.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>


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

/* task_tmpdir: checked to be a directory this process can create files in. */
static bool php_swoole_setting_task_tmpdir(zval *value, zend_string **out)
{
	struct stat st;

	if (!php_swoole_setting_name("task_tmpdir", value, "the path of an existing writable directory")) {
		return false;
	}
	if (stat(Z_STRVAL_P(value), &st) != 0 || !S_ISDIR(st.st_mode) || access(Z_STRVAL_P(value), W_OK | X_OK) != 0) {
		php_swoole_setting_error("task_tmpdir", "the path of an existing writable directory", value);
		return false;
	}
	*out = Z_STR_P(value);
	return true;
}

static bool php_swoole_setting_ipc_mode(const char *key, zval *value, zend_long max, const char *allowed,
		uint32_t *out)
{
	zend_long mode;

	if (php_swoole_zval_to_long(value, &mode) && mode >= 1 && mode <= max) {
		*out = (uint32_t) mode;
		return true;
	}
	php_swoole_setting_error(key, allowed, value);
	return false;
}

static bool php_swoole_setting_dispatch_mode(zval *value, uint32_t *out)
{
	zend_long mode;

	if (php_swoole_zval_to_long(value, &mode) && mode >= SW_DISPATCH_ROUND && mode <= SW_DISPATCH_UIDMOD) {
		*out = (uint32_t) mode;
		return true;
	}
	php_swoole_setting_error("dispatch_mode",
			"1 (round robin), 2 (fd modulo), 3 (idle worker), 4 (client IP hash) or 5 (uid set by bind())", value);
	return false;
}

/* package_eof: the 1 to 8 bytes that end a frame. */
static bool php_swoole_setting_package_eof(zval *value, sw_frame_config_t *frame)
{
	char expected[64];

	if (Z_TYPE_P(value) == IS_STRING && Z_STRLEN_P(value) >= 1 && Z_STRLEN_P(value) <= SW_FRAME_EOF_MAX) {
		memset(frame->eof, 0, sizeof(frame->eof));
		memcpy(frame->eof, Z_STRVAL_P(value), Z_STRLEN_P(value));
		frame->eof_len = (uint8_t) Z_STRLEN_P(value);
		return true;
	}
	snprintf(expected, sizeof(expected), "a string of 1 to %d bytes", SW_FRAME_EOF_MAX);
	php_swoole_setting_error("package_eof", expected, value);
	return false;
}

/* package_length_type: one pack() code, as the core's framing reads it. */
static bool php_swoole_setting_length_type(zval *value, sw_frame_config_t *frame)
{
	if (Z_TYPE_P(value) == IS_STRING && Z_STRLEN_P(value) == 1 && sw_frame_length_size(Z_STRVAL_P(value)[0]) > 0) {
		frame->length_type = Z_STRVAL_P(value)[0];
		return true;
	}
	php_swoole_setting_error("package_length_type",
			"one of the pack() codes c, C, s, S, n, N, v, V, l, L, q, Q, J, P", value);
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
	} else if (KEY_IS("enable_reuse_port")) {
		return php_swoole_setting_bool(k, value, &c->enable_reuse_port);
	} else if (KEY_IS("open_tcp_keepalive")) {
		return php_swoole_setting_bool(k, value, &c->open_tcp_keepalive);
	} else if (KEY_IS("tcp_keepidle") || KEY_IS("tcp_keepinterval") || KEY_IS("tcp_keepcount") ||
			KEY_IS("tcp_defer_accept") || KEY_IS("tcp_fastopen")) {
		/* seconds (or a probe count, or a queue length): what the kernel's TCP options take */
		if (!php_swoole_setting_long(k, value, 0, 32767, true, &l)) {
			return false;
		}
		if (KEY_IS("tcp_keepidle")) {
			c->tcp_keepidle = (uint32_t) l;
		} else if (KEY_IS("tcp_keepinterval")) {
			c->tcp_keepinterval = (uint32_t) l;
		} else if (KEY_IS("tcp_keepcount")) {
			c->tcp_keepcount = (uint32_t) l;
		} else if (KEY_IS("tcp_defer_accept")) {
			c->tcp_defer_accept = (uint32_t) l;
		} else {
			c->tcp_fastopen = (uint32_t) l;
		}
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
	} else if (KEY_IS("open_eof_check")) {
		return php_swoole_setting_bool(k, value, &pending->frame_switches.open_eof_check);
	} else if (KEY_IS("open_eof_split")) {
		return php_swoole_setting_bool(k, value, &pending->frame_switches.open_eof_split);
	} else if (KEY_IS("package_eof")) {
		return php_swoole_setting_package_eof(value, &c->frame);
	} else if (KEY_IS("open_length_check")) {
		return php_swoole_setting_bool(k, value, &pending->frame_switches.open_length_check);
	} else if (KEY_IS("package_length_type")) {
		return php_swoole_setting_length_type(value, &c->frame);
	} else if (KEY_IS("package_length_offset")) {
		if (!php_swoole_setting_long(k, value, 0, UINT32_MAX, false, &l)) {
			return false;
		}
		c->frame.length_offset = (uint32_t) l;
	} else if (KEY_IS("package_body_offset")) {
		if (!php_swoole_setting_long(k, value, 0, UINT32_MAX, false, &l)) {
			return false;
		}
		c->frame.body_offset = (uint32_t) l;
	} else if (KEY_IS("socket_buffer_size")) {
		if (!php_swoole_setting_long(k, value, 1024, INT_MAX, false, &l)) {
			return false;
		}
		c->socket_buffer_size = (size_t) l;
	} else if (KEY_IS("buffer_high_watermark")) {
		if (!php_swoole_setting_long(k, value, 0, INT_MAX, false, &l)) {
			return false;
		}
		c->buffer_high_watermark = (size_t) l;
	} else if (KEY_IS("buffer_low_watermark")) {
		if (!php_swoole_setting_long(k, value, 0, INT_MAX, false, &l)) {
			return false;
		}
		c->buffer_low_watermark = (size_t) l;
	} else if (KEY_IS("heartbeat_check_interval")) {
		if (!php_swoole_setting_long(k, value, 0, INT_MAX, false, &l)) {
			return false;
		}
		c->heartbeat_check_interval = (uint32_t) l;
	} else if (KEY_IS("heartbeat_idle_time")) {
		if (!php_swoole_setting_long(k, value, 0, INT_MAX, false, &l)) {
			return false;
		}
		c->heartbeat_idle_time = (uint32_t) l;
	} else if (KEY_IS("task_worker_num")) {
		if (!php_swoole_setting_long(k, value, 0, SW_MAX_WORKER_NUM, true, &l)) {
			return false;
		}
		c->task_worker_num = (uint32_t) l;
	} else if (KEY_IS("task_ipc_mode")) {
		return php_swoole_setting_ipc_mode(k, value, 3,
				"1 (unix sockets), 2 (message queue, chosen task worker) or 3 (message queue, first free task worker)",
				&c->task_ipc_mode);
	} else if (KEY_IS("ipc_mode")) {
		return php_swoole_setting_ipc_mode(k, value, 2, "1 (unix sockets) or 2 (message queue)", &c->ipc_mode);
	} else if (KEY_IS("task_max_request")) {
		if (!php_swoole_setting_long(k, value, 0, UINT32_MAX, false, &l)) {
			return false;
		}
		c->task_max_request = (uint32_t) l;
	} else if (KEY_IS("task_tmpdir")) {
		return php_swoole_setting_task_tmpdir(value, &pending->task_tmpdir);
	} else if (KEY_IS("message_queue_key")) {
		/* A SysV IPC key (key_t) for the task queue; the workers' queue (ipc_mode 2) uses key + 1. */
		if (!php_swoole_setting_long(k, value, 0, INT32_MAX - 1, true, &l)) {
			return false;
		}
		c->message_queue_key = (long) l;
	} else if (KEY_IS("enable_coroutine") || KEY_IS("task_enable_coroutine")) {
		/* Accepted for compatibility: this server has no coroutines. */
	} else if (php_swoole_http_is_setting(k)) {
		/* Checked by Swoole\Http\Server::start() (php_swoole_http_server.c). */
	} else {
		php_error_docref(NULL, E_WARNING, "unsupported setting \"%s\" ignored", k);
	}
#undef KEY_IS
	return true;
}

/* pending output at which onBufferFull fires: the setting, or 3/4 of socket_buffer_size. */
static size_t php_swoole_setting_high_watermark(const sw_server_config_t *c)
{
	return c->buffer_high_watermark > 0 ? c->buffer_high_watermark : c->socket_buffer_size / 4 * 3;
}

/*
 * The framing mode from the switches, checked with the effective
 * package_max_length exactly as start() will check it, so that the mistake
 * is reported by the set() that made it.
 */
static bool php_swoole_setting_check_frame(php_swoole_pending_config_t *pending)
{
	sw_server_config_t *c = &pending->config;
	const php_swoole_frame_switches_t *sw = &pending->frame_switches;
	bool eof = sw->open_eof_check || sw->open_eof_split;
	const char *eof_key = sw->open_eof_check ? "open_eof_check" : "open_eof_split";
	sw_frame_config_t frame;
	char errbuf[256];

	if (eof && sw->open_length_check) {
		zend_throw_exception_ex(php_swoole_exception_ce, SW_ERROR_INVALID_PARAMS,
				"%s and open_length_check cannot both be on: a port frames its input either by an eof or by "
				"a length field",
				eof_key);
		return false;
	}
	if (eof && c->frame.eof_len == 0) {
		zend_throw_exception_ex(php_swoole_exception_ce, SW_ERROR_INVALID_PARAMS,
				"%s needs package_eof: the 1 to %d bytes that end each frame", eof_key, SW_FRAME_EOF_MAX);
		return false;
	}
	c->frame.mode = eof ? SW_FRAME_EOF : (sw->open_length_check ? SW_FRAME_LENGTH : SW_FRAME_NONE);
	c->frame.eof_split = eof && sw->open_eof_split;

	frame = c->frame;
	frame.max_length = c->package_max_length;
	errbuf[0] = '\0';
	if (sw_frame_config_check(&frame, errbuf, sizeof(errbuf)) != SW_OK) {
		zend_throw_exception(php_swoole_exception_ce, errbuf[0] ? errbuf : "invalid framing settings",
				SW_ERROR_INVALID_PARAMS);
		return false;
	}
	return true;
}

bool php_swoole_server_check_setting_combination(php_swoole_pending_config_t *pending)
{
	const sw_server_config_t *c = &pending->config;

	if (!php_swoole_setting_check_frame(pending)) {
		return false;
	}
	/* Stricter than start(): also against the default high watermark, which follows socket_buffer_size. */
	if (c->buffer_low_watermark >= php_swoole_setting_high_watermark(c)) {
		zend_throw_exception_ex(php_swoole_exception_ce, SW_ERROR_INVALID_PARAMS,
				"buffer_low_watermark (%zu) must be below buffer_high_watermark (%zu%s)", c->buffer_low_watermark,
				php_swoole_setting_high_watermark(c),
				c->buffer_high_watermark > 0 ? "" : ": by default 3/4 of socket_buffer_size");
		return false;
	}
	return true;
}

void php_swoole_server_setting_init(sw_server_t *serv)
{
	sw_frame_config_t *frame = &sw_server_config(serv)->frame;

	/* As in the classic Swoole: a 4-byte big-endian length at offset 0, the body right after it. */
	if (frame->length_type == 0) {
		frame->length_type = 'N';
		frame->length_offset = 0;
		frame->body_offset = 4;
	}
}

void php_swoole_server_apply_setting(sw_server_t *serv, php_swoole_pending_config_t *pending)
{
	sw_server_config_t *config = sw_server_config(serv);
	char *log_file = config->log_file;
	char *pid_file = config->pid_file;
	char *user = config->user;
	char *group = config->group;
	char *chroot_dir = config->chroot;
	char *task_tmpdir = config->task_tmpdir;

	/* The string members are owned by the core and go through its setters. */
	*config = pending->config;
	config->task_tmpdir = task_tmpdir;
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
	if (pending->task_tmpdir) {
		sw_server_set_task_tmpdir(serv, ZSTR_VAL(pending->task_tmpdir));
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
	add_assoc_long(defaults, "task_worker_num", config->task_worker_num);
	if (config->task_worker_num > 0) {
		add_assoc_long(defaults, "task_ipc_mode", config->task_ipc_mode);
		add_assoc_long(defaults, "task_max_request", config->task_max_request);
	}
	add_assoc_long(defaults, "ipc_mode", config->ipc_mode);

	if (config->frame.mode == SW_FRAME_LENGTH) {
		add_assoc_stringl(defaults, "package_length_type", &config->frame.length_type, 1);
		add_assoc_long(defaults, "package_length_offset", config->frame.length_offset);
		add_assoc_long(defaults, "package_body_offset", config->frame.body_offset);
	}
	add_assoc_long(defaults, "socket_buffer_size", (zend_long) config->socket_buffer_size);
	/* 0 means "3/4 of socket_buffer_size": show the figure in use. */
	if (config->buffer_high_watermark == 0) {
		add_assoc_long(effective, "buffer_high_watermark", (zend_long) php_swoole_setting_high_watermark(config));
	}
	add_assoc_long(defaults, "buffer_low_watermark", (zend_long) config->buffer_low_watermark);
	add_assoc_long(defaults, "heartbeat_check_interval", config->heartbeat_check_interval);
	if (config->heartbeat_check_interval > 0 && config->heartbeat_idle_time == 0) {
		add_assoc_long(effective, "heartbeat_idle_time", (zend_long) config->heartbeat_check_interval * 2);
	}
}
