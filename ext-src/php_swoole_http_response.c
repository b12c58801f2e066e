/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/*
 * Swoole\Http\Response: collects status, headers and cookies, then writes
 * the response through the server's send path. end() sends one message with
 * Content-Length; write() switches to chunked transfer (HTTP/1.1) or to a
 * body ended by closing the connection (HTTP/1.0). A response never carries
 * both Content-Length and Transfer-Encoding. The last message of each
 * response is flagged SW_SEND_HTTP_END so the reactor knows it was answered.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "ext/standard/url.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "zend_smart_str.h"

#include "php_swoole.h"
#include "php_swoole_http.h"
#include "sw_http.h"
#include "sw_server.h"

#include <sys/stat.h>
#include <zlib.h>

static zend_object_handlers php_swoole_http_response_handlers;

/* {{{ object */
static zend_object *php_swoole_http_response_create_object(zend_class_entry *ce)
{
	php_swoole_http_response_t *intern = zend_object_alloc(sizeof(php_swoole_http_response_t), ce);

	memset(intern, 0, XtOffsetOf(php_swoole_http_response_t, std));
	intern->status = 200;
	intern->version_minor = 1;
	intern->keep_alive = true;
	zend_object_std_init(&intern->std, ce);
	object_properties_init(&intern->std, ce);
	intern->std.handlers = &php_swoole_http_response_handlers;
	return &intern->std;
}

static void php_swoole_http_response_free_obj(zend_object *object)
{
	php_swoole_http_response_t *intern = php_swoole_http_response_from_obj(object);

	/* Forgotten: the client must not wait for an answer that never comes. */
	if (intern->server != NULL && !intern->ended && !intern->detached && intern->server->serv != NULL &&
			sw_server_worker_id(intern->server->serv) >= 0) {
		intern->ended = true;
		if (!intern->started) {
			php_swoole_http_send_error(intern->server, intern->fd, 500);
		} else {
			sw_server_close(intern->server->serv, intern->fd);
		}
	}
	if (intern->server && intern->server->http && intern->server->http->current == intern) {
		intern->server->http->current = NULL;
	}
	if (intern->reason) {
		zend_string_release(intern->reason);
	}
	if (intern->headers) {
		zend_array_destroy(intern->headers);
	}
	if (intern->cookies) {
		zend_array_destroy(intern->cookies);
	}
	zend_object_std_dtor(&intern->std);
}

void php_swoole_http_response_init(zval *zv, php_swoole_server_t *server, uint32_t fd)
{
	php_swoole_http_response_t *intern;

	object_init_ex(zv, php_swoole_http_response_ce);
	intern = php_swoole_http_response_from_obj(Z_OBJ_P(zv));
	intern->server = server;
	intern->fd = fd;
	ZVAL_LONG(OBJ_PROP_NUM(Z_OBJ_P(zv), 0), (zend_long) fd);
}
/* }}} */

/* A response made by the server (not new'ed by the script) that may still be written. */
static php_swoole_http_response_t *php_swoole_http_response_writable(zval *zthis, const char *what)
{
	php_swoole_http_response_t *intern = php_swoole_http_response_from_obj(Z_OBJ_P(zthis));

	if (intern->server == NULL) {
		php_error_docref(NULL, E_WARNING, "this response was not made by the server");
		return NULL;
	}
	if (intern->ended) {
		php_error_docref(NULL, E_WARNING, "cannot %s: the response has already ended", what);
		return NULL;
	}
	if (intern->detached) {
		php_error_docref(NULL, E_WARNING, "cannot %s: the response was detached; use Response::create()", what);
		return NULL;
	}
	return intern;
}

/* {{{ the head */
static bool php_swoole_http_has_header(php_swoole_http_response_t *r, const char *name, size_t len)
{
	zend_string *key;

	if (r->headers == NULL) {
		return false;
	}
	ZEND_HASH_FOREACH_STR_KEY(r->headers, key) {
		if (key && ZSTR_LEN(key) == len && strncasecmp(ZSTR_VAL(key), name, len) == 0) {
			return true;
		}
	} ZEND_HASH_FOREACH_END();
	return false;
}

static bool php_swoole_http_no_body_status(int status)
{
	return (status >= 100 && status < 200) || status == 204 || status == 304;
}

/*
 * Status line and headers. body_len >= 0: Content-Length; -1: chunked
 * (HTTP/1.1) or close-delimited (1.0); -2: none at all (1xx, 204, 304).
 */
static void php_swoole_http_build_head(php_swoole_http_response_t *r, smart_str *out, zend_long body_len,
		const char *encoding)
{
	zend_string *key;
	zval *val;
	char date[32];

	smart_str_appends(out, r->version_minor == 0 ? "HTTP/1.0 " : "HTTP/1.1 ");
	smart_str_append_long(out, r->status);
	smart_str_appendc(out, ' ');
	if (r->reason) {
		smart_str_append(out, r->reason);
	} else {
		smart_str_appends(out, sw_http_reason(r->status));
	}
	smart_str_appends(out, "\r\n");
	if (!php_swoole_http_has_header(r, ZEND_STRL("Server"))) {
		smart_str_appends(out, "Server: swoole-http-server\r\n");
	}
	if (!php_swoole_http_has_header(r, ZEND_STRL("Date"))) {
		smart_str_appends(out, "Date: ");
		smart_str_appends(out, sw_http_date(time(NULL), date));
		smart_str_appends(out, "\r\n");
	}
	if (r->keep_alive && r->server != NULL && r->server->serv != NULL && sw_server_is_stopping(r->server->serv)) {
		/* The server is stopping: a load balancer must not send more on this connection. */
		r->keep_alive = false;
	}
	if (!php_swoole_http_has_header(r, ZEND_STRL("Connection"))) {
		smart_str_appends(out, r->keep_alive ? "Connection: keep-alive\r\n" : "Connection: close\r\n");
	}
	if (body_len != -2 && !php_swoole_http_has_header(r, ZEND_STRL("Content-Type"))) {
		smart_str_appends(out, "Content-Type: text/html\r\n");
	}
	if (r->headers) {
		ZEND_HASH_FOREACH_STR_KEY_VAL(r->headers, key, val) {
			/* The framing is the server's: the application's own values would contradict it. */
			if (!key || zend_string_equals_literal_ci(key, "Content-Length") ||
					zend_string_equals_literal_ci(key, "Transfer-Encoding")) {
				continue;
			}
			if (encoding != NULL && zend_string_equals_literal_ci(key, "Content-Encoding")) {
				continue;
			}
			smart_str_append(out, key);
			smart_str_appends(out, ": ");
			smart_str_append(out, Z_STR_P(val));
			smart_str_appends(out, "\r\n");
		} ZEND_HASH_FOREACH_END();
	}
	if (r->cookies) {
		ZEND_HASH_FOREACH_VAL(r->cookies, val) {
			smart_str_appends(out, "Set-Cookie: ");
			smart_str_append(out, Z_STR_P(val));
			smart_str_appends(out, "\r\n");
		} ZEND_HASH_FOREACH_END();
	}
	if (encoding != NULL) {
		smart_str_appends(out, "Content-Encoding: ");
		smart_str_appends(out, encoding);
		smart_str_appends(out, "\r\nVary: Accept-Encoding\r\n");
	}
	if (body_len >= 0) {
		smart_str_appends(out, "Content-Length: ");
		smart_str_append_long(out, body_len);
		smart_str_appends(out, "\r\n");
	} else if (body_len == -1 && r->version_minor > 0) {
		smart_str_appends(out, "Transfer-Encoding: chunked\r\n");
	}
	smart_str_appends(out, "\r\n");
}
/* }}} */

/* {{{ compression */
static bool php_swoole_http_compressible_type(php_swoole_http_response_t *r)
{
	zend_string *key;
	zval *val;

	if (r->headers == NULL) {
		return true; /* text/html */
	}
	ZEND_HASH_FOREACH_STR_KEY_VAL(r->headers, key, val) {
		if (key && zend_string_equals_literal_ci(key, "Content-Type")) {
			const char *t = Z_STRVAL_P(val);

			return strncasecmp(t, "text/", 5) == 0 || strncasecmp(t, "application/json", 16) == 0 ||
					strncasecmp(t, "application/javascript", 22) == 0 || strncasecmp(t, "application/xml", 15) == 0 ||
					strstr(t, "+xml") != NULL || strstr(t, "+json") != NULL;
		}
	} ZEND_HASH_FOREACH_END();
	return true;
}

/* gzip or zlib-wrapped deflate of body; NULL when it should go as it is. */
static zend_string *php_swoole_http_compress(php_swoole_http_response_t *r, zend_string *body, const char **encoding)
{
	php_swoole_http_server_t *h = r->server->http;
	z_stream zs;
	zend_string *out;
	int rc;

	if (!h->compression || r->accept_encoding == 0 || ZSTR_LEN(body) < h->compression_min_length ||
			php_swoole_http_has_header(r, ZEND_STRL("Content-Encoding")) || !php_swoole_http_compressible_type(r)) {
		return NULL;
	}
	memset(&zs, 0, sizeof(zs));
	if (deflateInit2(&zs, h->compression_level, Z_DEFLATED, r->accept_encoding == PHP_SWOOLE_HTTP_GZIP ? 31 : 15, 8,
				Z_DEFAULT_STRATEGY) != Z_OK) {
		return NULL;
	}
	out = zend_string_alloc(deflateBound(&zs, ZSTR_LEN(body)), 0);
	zs.next_in = (Bytef *) ZSTR_VAL(body);
	zs.avail_in = (uInt) ZSTR_LEN(body);
	zs.next_out = (Bytef *) ZSTR_VAL(out);
	zs.avail_out = (uInt) ZSTR_LEN(out);
	rc = deflate(&zs, Z_FINISH);
	if (rc != Z_STREAM_END) {
		deflateEnd(&zs);
		zend_string_efree(out);
		return NULL;
	}
	ZSTR_LEN(out) = zs.total_out;
	ZSTR_VAL(out)[ZSTR_LEN(out)] = '\0';
	deflateEnd(&zs);
	*encoding = r->accept_encoding == PHP_SWOOLE_HTTP_GZIP ? "gzip" : "deflate";
	return out;
}
/* }}} */

static bool php_swoole_http_send(php_swoole_http_response_t *r, const char *data, size_t len, uint32_t flags)
{
	if (sw_server_send_ex(r->server->serv, r->fd, data, len, flags) != SW_OK) {
		php_error_docref(NULL, E_WARNING, "cannot send the response to #%u: %s", r->fd, sw_strerror(sw_error_get()));
		return false;
	}
	return true;
}

/* After the last byte of a response: a connection that is not kept alive closes. */
static void php_swoole_http_finish(php_swoole_http_response_t *r)
{
	r->ended = true;
	if (!r->keep_alive || (r->started && r->version_minor == 0)) {
		sw_server_close(r->server->serv, r->fd);
	}
}

/* {{{ methods */
PHP_METHOD(Swoole_Http_Response, status)
{
	php_swoole_http_response_t *r;
	zend_long code;
	zend_string *reason = NULL;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_LONG(code)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(reason)
	ZEND_PARSE_PARAMETERS_END();

	r = php_swoole_http_response_writable(ZEND_THIS, "set the status");
	if (r == NULL) {
		RETURN_FALSE;
	}
	if (r->started) {
		php_error_docref(NULL, E_WARNING, "cannot set the status: the head was already sent by write()");
		RETURN_FALSE;
	}
	if (code < 100 || code > 999) {
		zend_argument_value_error(1, "must be between 100 and 999");
		RETURN_THROWS();
	}
	if (reason && (memchr(ZSTR_VAL(reason), '\r', ZSTR_LEN(reason)) || memchr(ZSTR_VAL(reason), '\n', ZSTR_LEN(reason)))) {
		zend_argument_value_error(2, "must not contain CR or LF");
		RETURN_THROWS();
	}
	r->status = (int) code;
	if (r->reason) {
		zend_string_release(r->reason);
		r->reason = NULL;
	}
	if (reason && ZSTR_LEN(reason) > 0) {
		r->reason = zend_string_copy(reason);
	}
	RETURN_TRUE;
}

static bool php_swoole_http_valid_header_part(zend_string *s, bool name)
{
	size_t i;

	for (i = 0; i < ZSTR_LEN(s); i++) {
		unsigned char c = (unsigned char) ZSTR_VAL(s)[i];

		if (c == '\r' || c == '\n' || c == '\0' || (name && (c == ':' || c == ' ' || c == '\t'))) {
			return false;
		}
	}
	return !name || ZSTR_LEN(s) > 0;
}

/* "content-type" -> "Content-Type" */
static zend_string *php_swoole_http_format_name(zend_string *name)
{
	zend_string *out = zend_string_init(ZSTR_VAL(name), ZSTR_LEN(name), 0);
	bool up = true;
	size_t i;

	for (i = 0; i < ZSTR_LEN(out); i++) {
		char c = ZSTR_VAL(out)[i];

		ZSTR_VAL(out)[i] = up ? (char) toupper((unsigned char) c) : (char) tolower((unsigned char) c);
		up = c == '-';
	}
	return out;
}

PHP_METHOD(Swoole_Http_Response, header)
{
	php_swoole_http_response_t *r;
	zend_string *key, *name;
	zval *value, *item, copy;
	bool format = true;

	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_STR(key)
		Z_PARAM_ZVAL(value)
		Z_PARAM_OPTIONAL
		Z_PARAM_BOOL(format)
	ZEND_PARSE_PARAMETERS_END();

	r = php_swoole_http_response_writable(ZEND_THIS, "set a header");
	if (r == NULL) {
		RETURN_FALSE;
	}
	if (r->started) {
		php_error_docref(NULL, E_WARNING, "cannot set a header: the head was already sent by write()");
		RETURN_FALSE;
	}
	if (!php_swoole_http_valid_header_part(key, true)) {
		php_error_docref(NULL, E_WARNING, "invalid header name");
		RETURN_FALSE;
	}
	name = format ? php_swoole_http_format_name(key) : zend_string_copy(key);
	if (r->headers == NULL) {
		r->headers = zend_new_array(8);
	}
	if (Z_TYPE_P(value) == IS_NULL) {
		zend_hash_del(r->headers, name);
		zend_string_release(name);
		RETURN_TRUE;
	}
	if (Z_TYPE_P(value) == IS_ARRAY) {
		/* Several values of one field are joined, as a list. */
		smart_str joined = {0};

		ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(value), item) {
			zend_string *s = zval_get_string(item);

			if (joined.s) {
				smart_str_appends(&joined, ", ");
			}
			smart_str_append(&joined, s);
			zend_string_release(s);
		} ZEND_HASH_FOREACH_END();
		smart_str_0(&joined);
		ZVAL_STR(&copy, joined.s ? joined.s : ZSTR_EMPTY_ALLOC());
	} else {
		ZVAL_STR(&copy, zval_get_string(value));
	}
	if (!php_swoole_http_valid_header_part(Z_STR(copy), false)) {
		zval_ptr_dtor(&copy);
		zend_string_release(name);
		php_error_docref(NULL, E_WARNING, "header value must not contain CR, LF or NUL");
		RETURN_FALSE;
	}
	zend_hash_update(r->headers, name, &copy);
	zend_string_release(name);
	RETURN_TRUE;
}

static void php_swoole_http_cookie(INTERNAL_FUNCTION_PARAMETERS, bool encode)
{
	php_swoole_http_response_t *r;
	zend_string *name, *value = NULL, *path = NULL, *domain = NULL, *samesite = NULL, *priority = NULL;
	zend_long expires = 0;
	bool secure = false, httponly = false;
	smart_str c = {0};
	zval zc;

	ZEND_PARSE_PARAMETERS_START(1, 9)
		Z_PARAM_STR(name)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(value)
		Z_PARAM_LONG(expires)
		Z_PARAM_STR(path)
		Z_PARAM_STR(domain)
		Z_PARAM_BOOL(secure)
		Z_PARAM_BOOL(httponly)
		Z_PARAM_STR(samesite)
		Z_PARAM_STR(priority)
	ZEND_PARSE_PARAMETERS_END();

	r = php_swoole_http_response_writable(ZEND_THIS, "set a cookie");
	if (r == NULL) {
		RETURN_FALSE;
	}
	if (ZSTR_LEN(name) == 0 || strpbrk(ZSTR_VAL(name), "=,; \t\r\n\013\014") != NULL) {
		php_error_docref(NULL, E_WARNING, "cookie names must not be empty or contain any of \"=,; \\t\\r\\n\\013\\014\"");
		RETURN_FALSE;
	}
	if (!encode && value && strpbrk(ZSTR_VAL(value), ",; \t\r\n\013\014") != NULL) {
		php_error_docref(NULL, E_WARNING, "raw cookie values must not contain any of \",; \\t\\r\\n\\013\\014\"");
		RETURN_FALSE;
	}
	smart_str_append(&c, name);
	smart_str_appendc(&c, '=');
	if (value == NULL || ZSTR_LEN(value) == 0) {
		/* An empty value deletes the cookie, as setcookie() does. */
		smart_str_appends(&c, "deleted; expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0");
	} else {
		if (encode) {
			zend_string *e = php_raw_url_encode(ZSTR_VAL(value), ZSTR_LEN(value));

			smart_str_append(&c, e);
			zend_string_release(e);
		} else {
			smart_str_append(&c, value);
		}
		if (expires > 0) {
			char date[32];
			zend_long max_age = expires - (zend_long) time(NULL);

			smart_str_appends(&c, "; expires=");
			smart_str_appends(&c, sw_http_date((time_t) expires, date));
			smart_str_appends(&c, "; Max-Age=");
			smart_str_append_long(&c, max_age > 0 ? max_age : 0);
		}
	}
	if (path && ZSTR_LEN(path)) {
		smart_str_appends(&c, "; path=");
		smart_str_append(&c, path);
	}
	if (domain && ZSTR_LEN(domain)) {
		smart_str_appends(&c, "; domain=");
		smart_str_append(&c, domain);
	}
	if (secure) {
		smart_str_appends(&c, "; secure");
	}
	if (httponly) {
		smart_str_appends(&c, "; HttpOnly");
	}
	if (samesite && ZSTR_LEN(samesite)) {
		smart_str_appends(&c, "; SameSite=");
		smart_str_append(&c, samesite);
	}
	if (priority && ZSTR_LEN(priority)) {
		smart_str_appends(&c, "; Priority=");
		smart_str_append(&c, priority);
	}
	smart_str_0(&c);
	if (memchr(ZSTR_VAL(c.s), '\r', ZSTR_LEN(c.s)) != NULL || memchr(ZSTR_VAL(c.s), '\n', ZSTR_LEN(c.s)) != NULL) {
		smart_str_free(&c);
		php_error_docref(NULL, E_WARNING, "cookie attributes must not contain CR or LF");
		RETURN_FALSE;
	}
	if (r->cookies == NULL) {
		r->cookies = zend_new_array(4);
	}
	ZVAL_STR(&zc, c.s);
	zend_hash_next_index_insert(r->cookies, &zc);
	RETURN_TRUE;
}

PHP_METHOD(Swoole_Http_Response, cookie)
{
	php_swoole_http_cookie(INTERNAL_FUNCTION_PARAM_PASSTHRU, true);
}

PHP_METHOD(Swoole_Http_Response, rawCookie)
{
	php_swoole_http_cookie(INTERNAL_FUNCTION_PARAM_PASSTHRU, false);
}

PHP_METHOD(Swoole_Http_Response, write)
{
	php_swoole_http_response_t *r;
	zend_string *content;
	smart_str out = {0};
	bool ok;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(content)
	ZEND_PARSE_PARAMETERS_END();

	r = php_swoole_http_response_writable(ZEND_THIS, "write()");
	if (r == NULL) {
		RETURN_FALSE;
	}
	if (!r->started) {
		if (r->version_minor == 0) {
			/* HTTP/1.0 has no chunked coding: the body ends with the connection, and the head says so. */
			r->keep_alive = false;
		}
		php_swoole_http_build_head(r, &out, -1, NULL);
		r->started = true;
	}
	if (r->head) {
		/* HEAD: the head only. */
	} else if (r->version_minor > 0) {
		if (ZSTR_LEN(content) == 0) {
			/* An empty chunk would end the body: nothing to send. */
		} else {
			char size[24];
			int n = snprintf(size, sizeof(size), "%zx\r\n", ZSTR_LEN(content));

			smart_str_appendl(&out, size, (size_t) n);
			smart_str_append(&out, content);
			smart_str_appends(&out, "\r\n");
		}
	} else {
		smart_str_append(&out, content);
	}
	if (out.s == NULL) {
		RETURN_TRUE;
	}
	ok = php_swoole_http_send(r, ZSTR_VAL(out.s), ZSTR_LEN(out.s), 0);
	smart_str_free(&out);
	RETURN_BOOL(ok);
}

PHP_METHOD(Swoole_Http_Response, end)
{
	php_swoole_http_response_t *r;
	zend_string *content = NULL, *compressed = NULL;
	const char *encoding = NULL;
	smart_str out = {0};
	bool ok;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(content)
	ZEND_PARSE_PARAMETERS_END();

	r = php_swoole_http_response_writable(ZEND_THIS, "end()");
	if (r == NULL) {
		RETURN_FALSE;
	}
	if (r->started) {
		/* After write(): the rest as one more chunk, then the last chunk. */
		if (!r->head && content && ZSTR_LEN(content) > 0) {
			if (r->version_minor > 0) {
				char size[24];
				int n = snprintf(size, sizeof(size), "%zx\r\n", ZSTR_LEN(content));

				smart_str_appendl(&out, size, (size_t) n);
				smart_str_append(&out, content);
				smart_str_appends(&out, "\r\n");
			} else {
				smart_str_append(&out, content);
			}
		}
		if (r->version_minor > 0 && !r->head) {
			smart_str_appends(&out, "0\r\n\r\n");
		}
		smart_str_0(&out);
		ok = php_swoole_http_send(r, out.s ? ZSTR_VAL(out.s) : "", out.s ? ZSTR_LEN(out.s) : 0, SW_SEND_HTTP_END);
		smart_str_free(&out);
		php_swoole_http_finish(r);
		RETURN_BOOL(ok);
	}
	if (php_swoole_http_no_body_status(r->status)) {
		php_swoole_http_build_head(r, &out, -2, NULL);
	} else {
		zend_string *body = content ? content : ZSTR_EMPTY_ALLOC();

		compressed = php_swoole_http_compress(r, body, &encoding);
		if (compressed) {
			body = compressed;
		}
		php_swoole_http_build_head(r, &out, (zend_long) ZSTR_LEN(body), encoding);
		if (!r->head) {
			smart_str_append(&out, body);
		}
	}
	smart_str_0(&out);
	ok = php_swoole_http_send(r, ZSTR_VAL(out.s), ZSTR_LEN(out.s), SW_SEND_HTTP_END);
	smart_str_free(&out);
	if (compressed) {
		zend_string_release(compressed);
	}
	php_swoole_http_finish(r);
	RETURN_BOOL(ok);
}

PHP_METHOD(Swoole_Http_Response, sendfile)
{
	php_swoole_http_response_t *r;
	zend_string *file;
	zend_long offset = 0, length = 0;
	smart_str out = {0};
	struct stat st;
	zval ct;

	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_PATH_STR(file)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(offset)
		Z_PARAM_LONG(length)
	ZEND_PARSE_PARAMETERS_END();

	r = php_swoole_http_response_writable(ZEND_THIS, "sendfile()");
	if (r == NULL) {
		RETURN_FALSE;
	}
	if (r->started) {
		php_error_docref(NULL, E_WARNING, "cannot sendfile() after write()");
		RETURN_FALSE;
	}
	if (stat(ZSTR_VAL(file), &st) != 0 || !S_ISREG(st.st_mode)) {
		php_error_docref(NULL, E_WARNING, "%s is not a readable file", ZSTR_VAL(file));
		RETURN_FALSE;
	}
	if (offset < 0 || offset > st.st_size || length < 0 || length > st.st_size - offset) {
		php_error_docref(NULL, E_WARNING, "offset " ZEND_LONG_FMT " and length " ZEND_LONG_FMT " are outside %s",
				offset, length, ZSTR_VAL(file));
		RETURN_FALSE;
	}
	if (length == 0) {
		length = (zend_long) st.st_size - offset;
	}
	if (!php_swoole_http_has_header(r, ZEND_STRL("Content-Type"))) {
		if (r->headers == NULL) {
			r->headers = zend_new_array(8);
		}
		ZVAL_STRING(&ct, sw_http_mime_type(ZSTR_VAL(file), ZSTR_LEN(file)));
		zend_hash_str_update(r->headers, ZEND_STRL("Content-Type"), &ct);
	}
	php_swoole_http_build_head(r, &out, length, NULL);
	smart_str_0(&out);
	if (r->head || length == 0) {
		php_swoole_http_send(r, ZSTR_VAL(out.s), ZSTR_LEN(out.s), SW_SEND_HTTP_END);
	} else if (php_swoole_http_send(r, ZSTR_VAL(out.s), ZSTR_LEN(out.s), 0) &&
			sw_server_sendfile_ex(r->server->serv, r->fd, ZSTR_VAL(file), (off_t) offset, (size_t) length,
					SW_SEND_HTTP_END) != SW_OK) {
		/* The head went out without its body: closing is the only honest end. */
		php_error_docref(NULL, E_WARNING, "sendfile(%s) failed: %s", ZSTR_VAL(file), sw_strerror(sw_error_get()));
		sw_server_close(r->server->serv, r->fd);
	}
	smart_str_free(&out);
	php_swoole_http_finish(r);
	RETURN_TRUE;
}

PHP_METHOD(Swoole_Http_Response, redirect)
{
	php_swoole_http_response_t *r;
	zend_string *location;
	zend_long code = 302;
	zval loc;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(location)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(code)
	ZEND_PARSE_PARAMETERS_END();

	r = php_swoole_http_response_writable(ZEND_THIS, "redirect()");
	if (r == NULL) {
		RETURN_FALSE;
	}
	if (code < 300 || code > 399) {
		zend_argument_value_error(2, "must be a 3xx status");
		RETURN_THROWS();
	}
	if (strpbrk(ZSTR_VAL(location), "\r\n") != NULL) {
		zend_argument_value_error(1, "must not contain CR or LF");
		RETURN_THROWS();
	}
	r->status = (int) code;
	if (r->headers == NULL) {
		r->headers = zend_new_array(8);
	}
	ZVAL_STR_COPY(&loc, location);
	zend_hash_str_update(r->headers, ZEND_STRL("Location"), &loc);
	zend_call_method_with_0_params(Z_OBJ_P(ZEND_THIS), php_swoole_http_response_ce, NULL, "end", return_value);
}

PHP_METHOD(Swoole_Http_Response, isWritable)
{
	php_swoole_http_response_t *r = php_swoole_http_response_from_obj(Z_OBJ_P(ZEND_THIS));

	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_BOOL(r->server != NULL && !r->ended && !r->detached);
}

PHP_METHOD(Swoole_Http_Response, detach)
{
	php_swoole_http_response_t *r;

	ZEND_PARSE_PARAMETERS_NONE();
	r = php_swoole_http_response_writable(ZEND_THIS, "detach()");
	if (r == NULL) {
		RETURN_FALSE;
	}
	r->detached = true;
	RETURN_TRUE;
}

/* The server of this worker process: the one whose onRequest is running or ran here. */
static php_swoole_server_t *php_swoole_http_current_server;

PHP_METHOD(Swoole_Http_Response, create)
{
	zval *zserver = NULL;
	zend_long fd = -1;
	php_swoole_server_t *server = php_swoole_http_current_server;

	ZEND_PARSE_PARAMETERS_START(0, 2)
		Z_PARAM_OPTIONAL
		Z_PARAM_ZVAL(zserver)
		Z_PARAM_LONG(fd)
	ZEND_PARSE_PARAMETERS_END();

	if (zserver && Z_TYPE_P(zserver) == IS_OBJECT) {
		if (!instanceof_function(Z_OBJCE_P(zserver), php_swoole_http_server_ce)) {
			zend_argument_type_error(1, "must be a Swoole\\Http\\Server or an int");
			RETURN_THROWS();
		}
		server = Z_SWOOLE_SERVER_P(zserver);
	} else if (zserver && Z_TYPE_P(zserver) == IS_LONG) {
		fd = Z_LVAL_P(zserver);
	}
	if (server == NULL || server->serv == NULL || sw_server_worker_id(server->serv) < 0) {
		php_error_docref(NULL, E_WARNING, "Response::create() works only in a worker of a running Swoole\\Http\\Server");
		RETURN_FALSE;
	}
	if (fd <= 0 || fd > UINT32_MAX) {
		zend_argument_value_error(2, "must be the fd of a connection");
		RETURN_THROWS();
	}
	php_swoole_http_response_init(return_value, server, (uint32_t) fd);
}
/* }}} */

void php_swoole_http_response_set_server(php_swoole_server_t *server)
{
	php_swoole_http_current_server = server;
}

void php_swoole_http_response_minit(void)
{
	php_swoole_http_response_ce->create_object = php_swoole_http_response_create_object;
	zend_register_class_alias("swoole_http_response", php_swoole_http_response_ce);
	memcpy(&php_swoole_http_response_handlers, &std_object_handlers, sizeof(zend_object_handlers));
	php_swoole_http_response_handlers.offset = XtOffsetOf(php_swoole_http_response_t, std);
	php_swoole_http_response_handlers.free_obj = php_swoole_http_response_free_obj;
	php_swoole_http_response_handlers.clone_obj = NULL;
}
