/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/*
 * Swoole\Http\Server: a Swoole\Server whose port speaks HTTP/1.x. The
 * reactor threads read and check the requests (frame mode SW_FRAME_HTTP);
 * here, in the worker, each complete request becomes a Request and a
 * Response, and onRequest runs. Static files are answered here too, before
 * any PHP code, when enable_static_handler is on.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "zend_attributes.h"
#include "zend_exceptions.h"

#include "php_swoole.h"
#include "php_swoole_http.h"
#include "php_swoole_server.h"
#include "sw_http.h"
#include "sw_server.h"

#include "http_arginfo.h"

#include <stdio.h>
#include <sys/stat.h>

zend_class_entry *php_swoole_http_server_ce;
zend_class_entry *php_swoole_http_request_ce;
zend_class_entry *php_swoole_http_response_ce;

static const char *const php_swoole_http_settings[] = {
	"http_parse_post", "http_parse_cookie", "http_parse_files", "upload_tmp_dir", "http_compression",
	"http_compression_level", "compression_min_length", "http_gzip_level", "enable_static_handler",
	"document_root", "static_handler_locations", "http_index_files", "http_max_header_size",
	"http_header_timeout", "open_http_protocol",
};

bool php_swoole_http_is_setting(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(php_swoole_http_settings) / sizeof(php_swoole_http_settings[0]); i++) {
		if (strcmp(key, php_swoole_http_settings[i]) == 0) {
			return true;
		}
	}
	return false;
}

static zend_never_inline ZEND_COLD bool php_swoole_http_setting_error(const char *key, const char *expected)
{
	zend_throw_exception_ex(php_swoole_exception_ce, SW_ERROR_INVALID_PARAMS, "%s: must be %s", key, expected);
	return false;
}

static bool php_swoole_http_setting_bool(HashTable *s, const char *key, bool *out)
{
	zval *v = zend_hash_str_find_deref(s, key, strlen(key));

	if (v == NULL) {
		return true;
	}
	if (Z_TYPE_P(v) != IS_TRUE && Z_TYPE_P(v) != IS_FALSE && Z_TYPE_P(v) != IS_LONG) {
		return php_swoole_http_setting_error(key, "a bool");
	}
	*out = zend_is_true(v);
	return true;
}

static bool php_swoole_http_setting_long(HashTable *s, const char *key, zend_long min, zend_long max, zend_long *out)
{
	zval *v = zend_hash_str_find_deref(s, key, strlen(key));
	char expected[96];

	if (v == NULL) {
		return true;
	}
	if (Z_TYPE_P(v) != IS_LONG || Z_LVAL_P(v) < min || Z_LVAL_P(v) > max) {
		snprintf(expected, sizeof(expected), "an int between " ZEND_LONG_FMT " and " ZEND_LONG_FMT, min, max);
		return php_swoole_http_setting_error(key, expected);
	}
	*out = Z_LVAL_P(v);
	return true;
}

/* A list of strings (static_handler_locations, http_index_files) into a C array of borrowed pointers. */
static bool php_swoole_http_setting_list(HashTable *s, const char *key, const char **items, size_t max, size_t *n)
{
	zval *v = zend_hash_str_find_deref(s, key, strlen(key)), *item;

	*n = 0;
	if (v == NULL) {
		return true;
	}
	if (Z_TYPE_P(v) != IS_ARRAY) {
		return php_swoole_http_setting_error(key, "an array of strings");
	}
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(v), item) {
		ZVAL_DEREF(item);
		if (Z_TYPE_P(item) != IS_STRING || Z_STRLEN_P(item) == 0 || *n == max) {
			return php_swoole_http_setting_error(key, "an array of at most 64 non-empty strings");
		}
		items[(*n)++] = Z_STRVAL_P(item);
	} ZEND_HASH_FOREACH_END();
	return true;
}

static bool php_swoole_http_static_settings(php_swoole_server_t *intern, HashTable *s)
{
	bool enabled = false;
	const char *locations[64], *index_files[64];
	size_t nloc, nidx, i;
	zval *root;

	if (!php_swoole_http_setting_bool(s, "enable_static_handler", &enabled) ||
			!php_swoole_http_setting_list(s, "static_handler_locations", locations, 64, &nloc) ||
			!php_swoole_http_setting_list(s, "http_index_files", index_files, 64, &nidx)) {
		return false;
	}
	for (i = 0; i < nloc; i++) {
		if (locations[i][0] != '/') {
			return php_swoole_http_setting_error("static_handler_locations", "a list of paths starting with /");
		}
	}
	if (!enabled) {
		sw_server_set_http_static(intern->serv, NULL, NULL, 0, NULL, 0);
		return true;
	}
	root = zend_hash_str_find_deref(s, ZEND_STRL("document_root"));
	if (root == NULL || Z_TYPE_P(root) != IS_STRING || Z_STRLEN_P(root) == 0) {
		return php_swoole_http_setting_error("document_root", "a directory when enable_static_handler is on");
	}
	if (sw_server_set_http_static(intern->serv, Z_STRVAL_P(root), locations, nloc, index_files, nidx) != SW_OK) {
		zend_throw_exception_ex(php_swoole_exception_ce, SW_ERROR_INVALID_PARAMS, "document_root: %s: %s",
				Z_STRVAL_P(root), sw_strerror(sw_error_get()));
		return false;
	}
	return true;
}

bool php_swoole_http_server_prepare(php_swoole_server_t *intern)
{
	php_swoole_http_server_t *h = intern->http;
	sw_server_config_t *c = sw_server_config(intern->serv);
	zval rv, *setting;
	HashTable *s;
	zend_long l;
	zval *dir;

	if (Z_ISUNDEF(intern->callbacks[PHP_SWOOLE_SERVER_ON_REQUEST].callable)) {
		zend_throw_exception(php_swoole_exception_ce,
				"no request callback: register one with $server->on('request', ...) before start()",
				SW_ERROR_WRONG_OPERATION);
		return false;
	}
	setting = zend_read_property(php_swoole_server_ce, &intern->std, ZEND_STRL("setting"), 1, &rv);
	s = Z_TYPE_P(setting) == IS_ARRAY ? Z_ARRVAL_P(setting) : (HashTable *) &zend_empty_array;
	if (!php_swoole_http_setting_bool(s, "http_parse_post", &h->parse_post) ||
			!php_swoole_http_setting_bool(s, "http_parse_cookie", &h->parse_cookie) ||
			!php_swoole_http_setting_bool(s, "http_parse_files", &h->parse_files) ||
			!php_swoole_http_setting_bool(s, "http_compression", &h->compression)) {
		return false;
	}
	l = h->compression_level;
	if (!php_swoole_http_setting_long(s, "http_gzip_level", 1, 9, &l) ||
			!php_swoole_http_setting_long(s, "http_compression_level", 1, 9, &l)) {
		return false;
	}
	h->compression_level = (int) l;
	l = (zend_long) h->compression_min_length;
	if (!php_swoole_http_setting_long(s, "compression_min_length", 0, INT_MAX, &l)) {
		return false;
	}
	h->compression_min_length = (size_t) l;
	l = (zend_long) c->http_max_header_size;
	if (!php_swoole_http_setting_long(s, "http_max_header_size", 256, 1024 * 1024, &l)) {
		return false;
	}
	c->http_max_header_size = (size_t) l;
	l = c->http_header_timeout;
	if (!php_swoole_http_setting_long(s, "http_header_timeout", 0, 86400, &l)) {
		return false;
	}
	c->http_header_timeout = (uint32_t) l;
	dir = zend_hash_str_find_deref(s, ZEND_STRL("upload_tmp_dir"));
	if (dir != NULL) {
		struct stat st;

		if (Z_TYPE_P(dir) != IS_STRING || stat(Z_STRVAL_P(dir), &st) != 0 || !S_ISDIR(st.st_mode)) {
			return php_swoole_http_setting_error("upload_tmp_dir", "an existing directory");
		}
		zend_string_release(h->upload_tmp_dir);
		h->upload_tmp_dir = zend_string_copy(Z_STR_P(dir));
	}
	if (!php_swoole_http_static_settings(intern, s)) {
		return false;
	}
	/*
	 * Responses to pipelined requests go out as separate small writes: with
	 * Nagle's algorithm each would wait for the client's delayed ACK (40 ms).
	 * On unless the application said otherwise.
	 */
	if (zend_hash_str_find(s, ZEND_STRL("open_tcp_nodelay")) == NULL) {
		c->open_tcp_nodelay = true;
	}
	c->frame.mode = SW_FRAME_HTTP;
	h->port = (int) zval_get_long(zend_read_property(php_swoole_server_ce, &intern->std, ZEND_STRL("port"), 1, &rv));
	return true;
}

void php_swoole_http_server_free(php_swoole_server_t *intern)
{
	if (intern->http) {
		if (intern->http->upload_tmp_dir) {
			zend_string_release(intern->http->upload_tmp_dir);
		}
		efree(intern->http);
		intern->http = NULL;
	}
}

void php_swoole_http_send_error(php_swoole_server_t *server, uint32_t fd, int status)
{
	char buf[512];
	size_t n = sw_http_error_response(status, buf, sizeof(buf));

	sw_server_send_ex(server->serv, fd, buf, n, SW_SEND_HTTP_END);
	sw_server_close(server->serv, fd);
}

void php_swoole_http_server_before_fatal(php_swoole_server_t *intern)
{
	php_swoole_http_response_t *resp = intern->http->current;

	if (resp == NULL || resp->ended || resp->detached) {
		return;
	}
	resp->ended = true;
	if (!resp->started) {
		php_swoole_http_send_error(intern, resp->fd, 500);
	} else {
		sw_server_close(intern->serv, resp->fd);
	}
	sw_server_flush(intern->serv);
}

/* {{{ static files: answered here, before any PHP code */
static bool php_swoole_http_static(php_swoole_server_t *intern, uint32_t fd, const sw_http_request_t *req)
{
	const sw_http_static_config_t *cfg = &sw_server_config(intern->serv)->http_static;
	sw_http_static_file_t f;
	const sw_http_header_t *ims;
	char head[1024], date[32], mtime[32];
	bool head_only;
	int n, rc;

	if (cfg->document_root == NULL) {
		return false;
	}
	head_only = req->method_len == 4 && memcmp(req->method, "HEAD", 4) == 0;
	if (!head_only && !(req->method_len == 3 && memcmp(req->method, "GET", 3) == 0)) {
		return false;
	}
	rc = sw_http_static_resolve(cfg, req->path, req->path_len, &f);
	if (rc == SW_HTTP_STATIC_NONE) {
		return false;
	}
	if (rc == SW_HTTP_STATIC_ERROR) {
		php_swoole_http_send_error(intern, fd, f.status);
		return true;
	}
	ims = sw_http_find_header(req, "if-modified-since");
	sw_http_date(time(NULL), date);
	sw_http_date(f.mtime, mtime);
	if (ims != NULL) {
		time_t since = sw_http_parse_date(ims->value, ims->value_len);

		if (since >= 0 && f.mtime <= since) {
			n = snprintf(head, sizeof(head),
					"HTTP/1.1 304 Not Modified\r\nServer: swoole-http-server\r\nDate: %s\r\nLast-Modified: %s\r\n"
					"Connection: %s\r\n\r\n",
					date, mtime, (req->flags & SW_HTTP_KEEP_ALIVE) ? "keep-alive" : "close");
			sw_server_send_ex(intern->serv, fd, head, (size_t) n, SW_SEND_HTTP_END);
			goto done;
		}
	}
	n = snprintf(head, sizeof(head),
			"HTTP/1.1 200 OK\r\nServer: swoole-http-server\r\nDate: %s\r\nLast-Modified: %s\r\nContent-Type: %s\r\n"
			"Content-Length: %lld\r\nConnection: %s\r\n\r\n",
			date, mtime, sw_http_mime_type(f.path, strlen(f.path)), (long long) f.size,
			(req->flags & SW_HTTP_KEEP_ALIVE) ? "keep-alive" : "close");
	if (head_only || f.size == 0) {
		sw_server_send_ex(intern->serv, fd, head, (size_t) n, SW_SEND_HTTP_END);
	} else {
		sw_server_send_ex(intern->serv, fd, head, (size_t) n, 0);
		if (sw_server_sendfile_ex(intern->serv, fd, f.path, 0, (size_t) f.size, SW_SEND_HTTP_END) != SW_OK) {
			sw_server_close(intern->serv, fd);
		}
	}
done:
	if (!(req->flags & SW_HTTP_KEEP_ALIVE)) {
		sw_server_close(intern->serv, fd);
	}
	return true;
}
/* }}} */

/* gzip or deflate from Accept-Encoding ("gzip;q=0" refuses gzip); gzip preferred. */
static uint8_t php_swoole_http_accept_encoding(const char *s, size_t len)
{
	bool gzip = false, deflate = false;
	size_t i = 0;

	while (i < len) {
		size_t start, stop, semi;
		bool refused = false;

		while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == ',')) {
			i++;
		}
		start = i;
		while (i < len && s[i] != ',') {
			i++;
		}
		semi = start;
		while (semi < i && s[semi] != ';' && s[semi] != ' ' && s[semi] != '\t') {
			semi++;
		}
		stop = semi;
		/* q=0, q=0.0, q=0.00...: not acceptable */
		for (; semi < i; semi++) {
			if ((s[semi] == 'q' || s[semi] == 'Q') && semi + 1 < i && s[semi + 1] == '=') {
				size_t k = semi + 2;

				refused = k < i && s[k] == '0';
				for (k++; refused && k < i && s[k] != ' ' && s[k] != ';'; k++) {
					if (s[k] != '.' && s[k] != '0') {
						refused = false;
					}
				}
				break;
			}
		}
		if (refused) {
			continue;
		}
		if (stop - start == 4 && strncasecmp(s + start, "gzip", 4) == 0) {
			gzip = true;
		} else if (stop - start == 7 && strncasecmp(s + start, "deflate", 7) == 0) {
			deflate = true;
		}
	}
	return gzip ? PHP_SWOOLE_HTTP_GZIP : (deflate ? PHP_SWOOLE_HTTP_DEFLATE : 0);
}

/* A message from a reactor thread: one complete request (or an error to answer in turn). */
static void php_swoole_http_server_on_receive(
		sw_server_t *serv, sw_session_id_t session_id, int reactor_id, const char *data, size_t len)
{
	php_swoole_server_t *intern = (php_swoole_server_t *) sw_server_user_data(serv);
	sw_http_dispatch_t meta;
	sw_http_request_t req;
	const char *head;
	zval args[3];

	if (len < sizeof(meta)) {
		return;
	}
	memcpy(&meta, data, sizeof(meta));
	if (meta.status != 0) {
		php_swoole_http_send_error(intern, session_id, meta.status);
		return;
	}
	head = data + sizeof(meta);
	if ((size_t) meta.head_len + meta.body_len + sizeof(meta) != len ||
			sw_http_parse_head(head, meta.head_len, &req) != SW_OK) {
		php_error_docref(NULL, E_WARNING, "malformed request message from reactor %d", reactor_id);
		php_swoole_http_send_error(intern, session_id, 500);
		return;
	}
	if (php_swoole_http_static(intern, session_id, &req)) {
		return;
	}
	ZVAL_OBJ_COPY(&args[0], &intern->std);
	php_swoole_http_request_build(&args[1], intern, session_id, &meta, head, head + meta.head_len, &req);
	php_swoole_http_response_init(&args[2], intern, session_id);
	{
		php_swoole_http_response_t *resp = php_swoole_http_response_from_obj(Z_OBJ(args[2]));

		resp->version_minor = req.version_minor;
		resp->keep_alive = (req.flags & SW_HTTP_KEEP_ALIVE) != 0;
		resp->head = req.method_len == 4 && memcmp(req.method, "HEAD", 4) == 0;
		if (intern->http->compression) {
			const sw_http_header_t *ae = sw_http_find_header(&req, "accept-encoding");

			if (ae != NULL) {
				resp->accept_encoding = php_swoole_http_accept_encoding(ae->value, ae->value_len);
			}
		}
		intern->http->current = resp;
	}
	/* The callback gets $server only through closures: onRequest($request, $response). */
	zval_ptr_dtor(&args[0]);
	php_swoole_server_invoke_event(intern, PHP_SWOOLE_SERVER_ON_REQUEST, &args[1], 2);
	intern->http->current = NULL;
}

void php_swoole_http_server_install(php_swoole_server_t *intern)
{
	sw_server_callbacks_t *cb = sw_server_callbacks(intern->serv);

	cb->on_receive = php_swoole_http_server_on_receive;
	php_swoole_http_response_set_server(intern);
}

/* Swoole\Http\Server objects carry their HTTP state from construction on. */
static zend_object *(*php_swoole_server_create_object_parent)(zend_class_entry *ce);

static zend_object *php_swoole_http_server_create_object(zend_class_entry *ce)
{
	zend_object *obj = php_swoole_server_create_object_parent(ce);
	php_swoole_server_t *intern = php_swoole_server_from_obj(obj);
	php_swoole_http_server_t *h = ecalloc(1, sizeof(*h));

	h->parse_post = true;
	h->parse_cookie = true;
	h->parse_files = true;
	h->compression = true;
	h->compression_level = 1;
	h->compression_min_length = 20;
	h->upload_tmp_dir = zend_string_init(ZEND_STRL("/tmp"), 0);
	intern->http = h;
	return obj;
}

void php_swoole_http_minit(int module_number)
{
	(void) module_number;
	php_swoole_http_server_ce = register_class_Swoole_Http_Server(php_swoole_server_ce);
	php_swoole_server_create_object_parent = php_swoole_server_ce->create_object;
	php_swoole_http_server_ce->create_object = php_swoole_http_server_create_object;
	zend_register_class_alias("swoole_http_server", php_swoole_http_server_ce);
	php_swoole_http_request_ce = register_class_Swoole_Http_Request();
	php_swoole_http_response_ce = register_class_Swoole_Http_Response();
	php_swoole_http_request_minit();
	php_swoole_http_response_minit();
}
