/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/*
 * Swoole\Client in SWOOLE_SOCK_SYNC mode, over the core client
 * (src/os/client.c). The socket is made by connect() (or by the first
 * sendto() of a datagram client) and released by close(); connect() may be
 * called again afterwards. Framing settings are those of the server and are
 * checked by the same core function (sw_frame_config_check()).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>

#include "php.h"
#include "zend_exceptions.h"

#include "php_swoole.h"
#include "php_swoole_client.h"
#include "sw_client.h"

#include "client_arginfo.h"

/* Longest timeout in seconds (the core counts milliseconds in an int). */
#define PHP_SWOOLE_CLIENT_TIMEOUT_MAX 2000000.0

typedef struct {
	sw_client_t cli;
	bool open;                  /* cli holds a socket */
	sw_sock_type_t type;
	sw_frame_config_t frame;
	double connect_timeout;     /* seconds; < 0: no limit */
	double read_timeout;        /* NAN: follow the connect() timeout */
	double write_timeout;
	zend_object std;
} php_swoole_client_t;

static zend_class_entry *php_swoole_client_ce;
static zend_object_handlers php_swoole_client_handlers;

static inline php_swoole_client_t *php_swoole_client_from_obj(zend_object *obj)
{
	return (php_swoole_client_t *) ((char *) obj - XtOffsetOf(php_swoole_client_t, std));
}

#define Z_SWOOLE_CLIENT_P(zv) php_swoole_client_from_obj(Z_OBJ_P(zv))

static zend_object *php_swoole_client_create_object(zend_class_entry *ce)
{
	php_swoole_client_t *intern = zend_object_alloc(sizeof(php_swoole_client_t), ce);

	memset(intern, 0, XtOffsetOf(php_swoole_client_t, std));
	intern->cli.fd = -1;
	intern->connect_timeout = 0.5;
	intern->read_timeout = NAN;
	intern->write_timeout = NAN;
	intern->frame.mode = SW_FRAME_NONE;
	intern->frame.max_length = SW_DEFAULT_PACKAGE_MAX_LENGTH;
	intern->frame.length_type = 'N';
	intern->frame.body_offset = 4;
	zend_object_std_init(&intern->std, ce);
	object_properties_init(&intern->std, ce);
	intern->std.handlers = &php_swoole_client_handlers;
	return &intern->std;
}

static void php_swoole_client_shut(php_swoole_client_t *intern)
{
	if (intern->open) {
		sw_client_close(&intern->cli);
		intern->open = false;
	}
}

static void php_swoole_client_free_obj(zend_object *object)
{
	php_swoole_client_shut(php_swoole_client_from_obj(object));
	zend_object_std_dtor(object);
}

static void php_swoole_client_set_error(zval *zobj, int code)
{
	zend_update_property_long(php_swoole_client_ce, Z_OBJ_P(zobj), ZEND_STRL("errCode"), code);
	zend_update_property_string(php_swoole_client_ce, Z_OBJ_P(zobj), ZEND_STRL("errMsg"), code ? sw_strerror(code) : "");
	sw_error_set(code);
}

static void php_swoole_client_set_sock(zval *zobj, int fd)
{
	zend_update_property_long(php_swoole_client_ce, Z_OBJ_P(zobj), ZEND_STRL("sock"), fd);
}

static int php_swoole_client_ms(double seconds)
{
	if (seconds < 0) {
		return -1;
	}
	return (int) (MIN(seconds, PHP_SWOOLE_CLIENT_TIMEOUT_MAX) * 1000 + 0.5);
}

static int php_swoole_client_timeout(php_swoole_client_t *intern, bool write)
{
	double t = write ? intern->write_timeout : intern->read_timeout;

	return php_swoole_client_ms(zend_isnan(t) ? intern->connect_timeout : t);
}

/* Creates the socket if there is none yet. */
static bool php_swoole_client_open(zval *zobj, php_swoole_client_t *intern)
{
	if (intern->open) {
		return true;
	}
	if (sw_client_create(&intern->cli, intern->type) != SW_OK) {
		php_swoole_client_set_error(zobj, sw_error_get());
		php_error_docref(NULL, E_WARNING, "socket() failed: %s", sw_strerror(sw_error_get()));
		return false;
	}
	intern->cli.frame = intern->frame;
	intern->open = true;
	php_swoole_client_set_sock(zobj, intern->cli.fd);
	return true;
}

PHP_METHOD(Swoole_Client, __construct)
{
	php_swoole_client_t *intern = Z_SWOOLE_CLIENT_P(ZEND_THIS);
	zend_long type, async = PHP_SWOOLE_SOCK_SYNC;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_LONG(type)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(async)
	ZEND_PARSE_PARAMETERS_END();

	if (async == PHP_SWOOLE_SOCK_ASYNC) {
		zend_throw_exception(php_swoole_exception_ce,
				"SWOOLE_SOCK_ASYNC is not supported: this Swoole\\Client is synchronous only (use SWOOLE_SOCK_SYNC)",
				SW_ERROR_INVALID_PARAMS);
		RETURN_THROWS();
	}
	if (async != PHP_SWOOLE_SOCK_SYNC) {
		zend_argument_value_error(2, "must be SWOOLE_SOCK_SYNC");
		RETURN_THROWS();
	}
	if (type < SW_SOCK_TCP || type > SW_SOCK_UNIX_STREAM) {
		zend_argument_value_error(1, "must be one of SWOOLE_SOCK_TCP, SWOOLE_SOCK_UDP, SWOOLE_SOCK_TCP6, "
				"SWOOLE_SOCK_UDP6, SWOOLE_SOCK_UNIX_STREAM or SWOOLE_SOCK_UNIX_DGRAM");
		RETURN_THROWS();
	}
	intern->type = (sw_sock_type_t) type;
	zend_update_property_long(php_swoole_client_ce, Z_OBJ_P(ZEND_THIS), ZEND_STRL("type"), type);
}

/* {{{ set() */
static bool php_swoole_client_bad(const char *key, const char *expected)
{
	zend_throw_exception_ex(php_swoole_exception_ce, SW_ERROR_INVALID_PARAMS, "Invalid setting '%s': expected %s", key,
			expected);
	return false;
}

static bool php_swoole_client_long(zval *v, const char *key, zend_long min, zend_long max, zend_long *out)
{
	if (Z_TYPE_P(v) != IS_LONG || Z_LVAL_P(v) < min || Z_LVAL_P(v) > max) {
		char expected[96];

		snprintf(expected, sizeof(expected), "an int from " ZEND_LONG_FMT " to " ZEND_LONG_FMT, min, max);
		return php_swoole_client_bad(key, expected);
	}
	*out = Z_LVAL_P(v);
	return true;
}

static bool php_swoole_client_seconds(zval *v, const char *key, double *out)
{
	if (Z_TYPE_P(v) != IS_LONG && Z_TYPE_P(v) != IS_DOUBLE) {
		return php_swoole_client_bad(key, "a number of seconds (negative: no limit)");
	}
	*out = zval_get_double(v);
	return !zend_isnan(*out) || php_swoole_client_bad(key, "a number of seconds (negative: no limit)");
}

/*
 * Reads the whole (merged) settings array into frame and timeouts; throws
 * naming the first bad key. Keys this client does not know are ignored, so
 * one array can configure a server and its clients.
 */
static bool php_swoole_client_parse(HashTable *ht, sw_frame_config_t *frame, double t[4])
{
	bool eof_check = false, eof_split = false, length_check = false;
	zend_string *key;
	zval *v;
	zend_long l;
	char errbuf[256];

	ZEND_HASH_FOREACH_STR_KEY_VAL(ht, key, v) {
		if (key == NULL) {
			continue;
		}
		ZVAL_DEREF(v);
		if (zend_string_equals_literal(key, "open_eof_check")) {
			eof_check = zend_is_true(v);
		} else if (zend_string_equals_literal(key, "open_eof_split")) {
			eof_split = zend_is_true(v);
		} else if (zend_string_equals_literal(key, "open_length_check")) {
			length_check = zend_is_true(v);
		} else if (zend_string_equals_literal(key, "package_eof")) {
			if (Z_TYPE_P(v) != IS_STRING || Z_STRLEN_P(v) < 1 || Z_STRLEN_P(v) > SW_FRAME_EOF_MAX) {
				return php_swoole_client_bad("package_eof", "a string of 1 to 8 bytes");
			}
			memcpy(frame->eof, Z_STRVAL_P(v), Z_STRLEN_P(v));
			frame->eof_len = (uint8_t) Z_STRLEN_P(v);
		} else if (zend_string_equals_literal(key, "package_length_type")) {
			if (Z_TYPE_P(v) != IS_STRING || Z_STRLEN_P(v) != 1 || sw_frame_length_size(Z_STRVAL_P(v)[0]) == 0) {
				return php_swoole_client_bad("package_length_type", "one of c C s S n N v V l L q Q J P");
			}
			frame->length_type = Z_STRVAL_P(v)[0];
		} else if (zend_string_equals_literal(key, "package_length_offset")) {
			if (!php_swoole_client_long(v, "package_length_offset", 0, UINT32_MAX / 2, &l)) {
				return false;
			}
			frame->length_offset = (uint32_t) l;
		} else if (zend_string_equals_literal(key, "package_body_offset")) {
			if (!php_swoole_client_long(v, "package_body_offset", 0, UINT32_MAX / 2, &l)) {
				return false;
			}
			frame->body_offset = (uint32_t) l;
		} else if (zend_string_equals_literal(key, "package_max_length")) {
			if (!php_swoole_client_long(v, "package_max_length", 1, ZEND_LONG_MAX, &l)) {
				return false;
			}
			frame->max_length = (size_t) l;
		} else if (zend_string_equals_literal(key, "timeout")) {
			if (!php_swoole_client_seconds(v, "timeout", &t[0])) {
				return false;
			}
			t[1] = t[2] = t[3] = t[0];
		} else if (zend_string_equals_literal(key, "connect_timeout")) {
			if (!php_swoole_client_seconds(v, "connect_timeout", &t[1])) {
				return false;
			}
		} else if (zend_string_equals_literal(key, "read_timeout")) {
			if (!php_swoole_client_seconds(v, "read_timeout", &t[2])) {
				return false;
			}
		} else if (zend_string_equals_literal(key, "write_timeout")) {
			if (!php_swoole_client_seconds(v, "write_timeout", &t[3])) {
				return false;
			}
		}
	} ZEND_HASH_FOREACH_END();

	if (length_check && (eof_check || eof_split)) {
		return php_swoole_client_bad("open_length_check", "not to be combined with open_eof_check or open_eof_split");
	}
	frame->mode = length_check ? SW_FRAME_LENGTH : (eof_check || eof_split) ? SW_FRAME_EOF : SW_FRAME_NONE;
	frame->eof_split = eof_split;
	if (frame->mode == SW_FRAME_EOF && frame->eof_len == 0) {
		return php_swoole_client_bad("package_eof", "the 1 to 8 bytes that end each frame (needed by open_eof_check)");
	}
	if (sw_frame_config_check(frame, errbuf, sizeof(errbuf)) != SW_OK) {
		zend_throw_exception_ex(php_swoole_exception_ce, SW_ERROR_INVALID_PARAMS, "Invalid framing settings: %s", errbuf);
		return false;
	}
	return true;
}

PHP_METHOD(Swoole_Client, set)
{
	php_swoole_client_t *intern = Z_SWOOLE_CLIENT_P(ZEND_THIS);
	HashTable *settings;
	zval merged, *old, rv;
	sw_frame_config_t frame;
	double t[4];

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY_HT(settings)
	ZEND_PARSE_PARAMETERS_END();

	/* set() may be called several times: the settings accumulate */
	old = zend_read_property(php_swoole_client_ce, Z_OBJ_P(ZEND_THIS), ZEND_STRL("setting"), 1, &rv);
	if (old && Z_TYPE_P(old) == IS_ARRAY) {
		ZVAL_ARR(&merged, zend_array_dup(Z_ARRVAL_P(old)));
	} else {
		array_init(&merged);
	}
	zend_hash_merge(Z_ARRVAL(merged), settings, zval_add_ref, 1);

	memset(&frame, 0, sizeof(frame));
	frame.max_length = SW_DEFAULT_PACKAGE_MAX_LENGTH;
	frame.length_type = 'N';
	frame.body_offset = 4;
	t[0] = NAN;
	t[1] = intern->connect_timeout;
	t[2] = intern->read_timeout;
	t[3] = intern->write_timeout;
	if (!php_swoole_client_parse(Z_ARRVAL(merged), &frame, t)) {
		zval_ptr_dtor(&merged);
		RETURN_THROWS();
	}
	intern->frame = frame;
	intern->connect_timeout = t[1];
	intern->read_timeout = t[2];
	intern->write_timeout = t[3];
	if (intern->open) {
		intern->cli.frame = frame;
	}
	zend_update_property(php_swoole_client_ce, Z_OBJ_P(ZEND_THIS), ZEND_STRL("setting"), &merged);
	zval_ptr_dtor(&merged);
	RETURN_TRUE;
}
/* }}} */

PHP_METHOD(Swoole_Client, connect)
{
	php_swoole_client_t *intern = Z_SWOOLE_CLIENT_P(ZEND_THIS);
	zend_string *host;
	zend_long port = 0, flag = 0;
	double timeout = NAN;
	bool timeout_given = false;

	ZEND_PARSE_PARAMETERS_START(1, 4)
		Z_PARAM_STR(host)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(port)
		Z_PARAM_DOUBLE(timeout)
		Z_PARAM_LONG(flag)
	ZEND_PARSE_PARAMETERS_END();

	(void) flag;
	if (ZEND_NUM_ARGS() >= 3) {
		timeout_given = true;
	}
	if (intern->open && intern->cli.connected) {
		php_error_docref(NULL, E_WARNING, "the client is already connected; close() it first");
		php_swoole_client_set_error(ZEND_THIS, EISCONN);
		RETURN_FALSE;
	}
	if (timeout_given) {
		intern->connect_timeout = timeout;
	}
	if (!php_swoole_client_open(ZEND_THIS, intern)) {
		RETURN_FALSE;
	}
	if (sw_client_connect(&intern->cli, ZSTR_VAL(host), (int) MIN(MAX(port, -1), 65536),
				php_swoole_client_ms(intern->connect_timeout)) != SW_OK) {
		int err = sw_error_get();

		php_swoole_client_set_error(ZEND_THIS, err);
		php_error_docref(NULL, E_WARNING, "connect to %s:" ZEND_LONG_FMT " failed: %s", ZSTR_VAL(host), port,
				err == SW_ERROR_INVALID_PARAMS ? "invalid host or port" : sw_strerror(err));
		/* a failed connect leaves the socket unusable: start afresh next time */
		php_swoole_client_shut(intern);
		php_swoole_client_set_sock(ZEND_THIS, -1);
		RETURN_FALSE;
	}
	php_swoole_client_set_error(ZEND_THIS, 0);
	RETURN_TRUE;
}

PHP_METHOD(Swoole_Client, send)
{
	php_swoole_client_t *intern = Z_SWOOLE_CLIENT_P(ZEND_THIS);
	zend_string *data;
	zend_long flag = 0;
	ssize_t n;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(data)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(flag)
	ZEND_PARSE_PARAMETERS_END();

	(void) flag;
	if (!intern->open || !intern->cli.connected) {
		php_swoole_client_set_error(ZEND_THIS, SW_ERROR_CLIENT_NO_CONNECTION);
		php_error_docref(NULL, E_WARNING, "the client is not connected");
		RETURN_FALSE;
	}
	n = sw_client_send(&intern->cli, ZSTR_VAL(data), ZSTR_LEN(data), php_swoole_client_timeout(intern, true));
	if (n < 0) {
		php_swoole_client_set_error(ZEND_THIS, sw_error_get());
		RETURN_FALSE;
	}
	php_swoole_client_set_error(ZEND_THIS, 0);
	RETURN_LONG((zend_long) n);
}

PHP_METHOD(Swoole_Client, sendto)
{
	php_swoole_client_t *intern = Z_SWOOLE_CLIENT_P(ZEND_THIS);
	zend_string *ip, *data;
	zend_long port;

	ZEND_PARSE_PARAMETERS_START(3, 3)
		Z_PARAM_STR(ip)
		Z_PARAM_LONG(port)
		Z_PARAM_STR(data)
	ZEND_PARSE_PARAMETERS_END();

	if (intern->type != SW_SOCK_UDP && intern->type != SW_SOCK_UDP6 && intern->type != SW_SOCK_UNIX_DGRAM) {
		php_error_docref(NULL, E_WARNING, "sendto() is for datagram clients (SWOOLE_SOCK_UDP, SWOOLE_SOCK_UDP6, "
				"SWOOLE_SOCK_UNIX_DGRAM)");
		php_swoole_client_set_error(ZEND_THIS, SW_ERROR_WRONG_OPERATION);
		RETURN_FALSE;
	}
	if (!php_swoole_client_open(ZEND_THIS, intern)) {
		RETURN_FALSE;
	}
	if (sw_client_sendto(&intern->cli, ZSTR_VAL(ip), (int) MIN(MAX(port, -1), 65536), ZSTR_VAL(data), ZSTR_LEN(data)) < 0) {
		php_swoole_client_set_error(ZEND_THIS, sw_error_get());
		RETURN_FALSE;
	}
	php_swoole_client_set_error(ZEND_THIS, 0);
	RETURN_TRUE;
}

PHP_METHOD(Swoole_Client, recv)
{
	php_swoole_client_t *intern = Z_SWOOLE_CLIENT_P(ZEND_THIS);
	zend_long size = 65536, flags = 0;
	zend_string *buf;
	ssize_t n;

	ZEND_PARSE_PARAMETERS_START(0, 2)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(size)
		Z_PARAM_LONG(flags)
	ZEND_PARSE_PARAMETERS_END();

	if (!intern->open || (!intern->cli.connected && intern->cli.stream)) {
		php_swoole_client_set_error(ZEND_THIS, SW_ERROR_CLIENT_NO_CONNECTION);
		php_error_docref(NULL, E_WARNING, "the client is not connected");
		RETURN_FALSE;
	}
	if (intern->cli.stream && intern->frame.mode != SW_FRAME_NONE) {
		const char *frame;
		size_t len;

		if (sw_client_recv_frame(&intern->cli, &frame, &len, php_swoole_client_timeout(intern, false)) != SW_OK) {
			int err = sw_error_get();

			php_swoole_client_set_error(ZEND_THIS, err);
			if (err == SW_ERROR_PACKAGE_LENGTH_TOO_LARGE || err == SW_ERROR_PACKAGE_MALFORMED) {
				php_error_docref(NULL, E_WARNING, "%s; the stream cannot be resynchronised, close the client",
						sw_strerror(err));
			}
			RETURN_FALSE;
		}
		php_swoole_client_set_error(ZEND_THIS, 0);
		if (frame == NULL) {
			RETURN_EMPTY_STRING();
		}
		RETURN_STRINGL(frame, len);
	}
	if (size <= 0) {
		zend_argument_value_error(1, "must be greater than 0");
		RETURN_THROWS();
	}
	buf = zend_string_alloc((size_t) size, 0);
	n = sw_client_recv(&intern->cli, ZSTR_VAL(buf), (size_t) size, (flags & MSG_WAITALL) != 0, (flags & MSG_PEEK) != 0,
			(flags & MSG_DONTWAIT) ? 0 : php_swoole_client_timeout(intern, false));
	if (n < 0) {
		zend_string_efree(buf);
		php_swoole_client_set_error(ZEND_THIS, sw_error_get());
		RETURN_FALSE;
	}
	php_swoole_client_set_error(ZEND_THIS, 0);
	if ((size_t) n < (size_t) size) {
		buf = zend_string_truncate(buf, (size_t) n, 0);
	}
	ZSTR_VAL(buf)[n] = '\0';
	RETURN_NEW_STR(buf);
}

PHP_METHOD(Swoole_Client, isConnected)
{
	php_swoole_client_t *intern = Z_SWOOLE_CLIENT_P(ZEND_THIS);

	ZEND_PARSE_PARAMETERS_NONE();

	RETURN_BOOL(intern->open && intern->cli.connected);
}

static void php_swoole_client_address(INTERNAL_FUNCTION_PARAMETERS, bool peer)
{
	php_swoole_client_t *intern = Z_SWOOLE_CLIENT_P(ZEND_THIS);
	char host[256];
	int port;

	ZEND_PARSE_PARAMETERS_NONE();

	if (!intern->open) {
		php_swoole_client_set_error(ZEND_THIS, SW_ERROR_CLIENT_NO_CONNECTION);
		RETURN_FALSE;
	}
	if (sw_client_address(&intern->cli, peer, host, sizeof(host), &port) != SW_OK) {
		php_swoole_client_set_error(ZEND_THIS, sw_error_get());
		RETURN_FALSE;
	}
	array_init(return_value);
	add_assoc_string(return_value, "host", host);
	add_assoc_long(return_value, "port", port);
}

PHP_METHOD(Swoole_Client, getsockname)
{
	php_swoole_client_address(INTERNAL_FUNCTION_PARAM_PASSTHRU, false);
}

PHP_METHOD(Swoole_Client, getpeername)
{
	php_swoole_client_address(INTERNAL_FUNCTION_PARAM_PASSTHRU, true);
}

PHP_METHOD(Swoole_Client, close)
{
	php_swoole_client_t *intern = Z_SWOOLE_CLIENT_P(ZEND_THIS);
	bool force = false;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_BOOL(force)
	ZEND_PARSE_PARAMETERS_END();

	(void) force;
	if (!intern->open) {
		php_swoole_client_set_error(ZEND_THIS, SW_ERROR_CLIENT_NO_CONNECTION);
		RETURN_FALSE;
	}
	php_swoole_client_shut(intern);
	php_swoole_client_set_sock(ZEND_THIS, -1);
	RETURN_TRUE;
}

void php_swoole_client_minit(int module_number)
{
	register_client_symbols(module_number);
	php_swoole_client_ce = register_class_Swoole_Client();
	php_swoole_client_ce->create_object = php_swoole_client_create_object;
	zend_register_class_alias("swoole_client", php_swoole_client_ce);

	memcpy(&php_swoole_client_handlers, &std_object_handlers, sizeof(zend_object_handlers));
	php_swoole_client_handlers.offset = XtOffsetOf(php_swoole_client_t, std);
	php_swoole_client_handlers.free_obj = php_swoole_client_free_obj;
	php_swoole_client_handlers.clone_obj = NULL;
}
