/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/*
 * Swoole\Http\Request: built in the worker from a request the reactor read.
 * Query strings, urlencoded bodies and cookies go through PHP's own variable
 * registration (php_default_treat_data, php_register_variable_ex), so
 * a[]=1&a[]=2 and b[x]=1 come out exactly as in $_GET; multipart bodies
 * through the core's streaming parser, files into upload_tmp_dir, known to
 * is_uploaded_file() and move_uploaded_file(), and removed with the request
 * unless moved.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "SAPI.h"
#include "main/php_variables.h"
#include "ext/standard/url.h"
#include "zend_exceptions.h"
#include "zend_smart_str.h"

#include "php_swoole.h"
#include "php_swoole_http.h"
#include "sw_http.h"
#include "sw_server.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static zend_object_handlers php_swoole_http_request_handlers;

/* {{{ object */
static zend_object *php_swoole_http_request_create_object(zend_class_entry *ce)
{
	php_swoole_http_request_t *intern = zend_object_alloc(sizeof(php_swoole_http_request_t), ce);

	memset(intern, 0, XtOffsetOf(php_swoole_http_request_t, std));
	zend_object_std_init(&intern->std, ce);
	object_properties_init(&intern->std, ce);
	intern->std.handlers = &php_swoole_http_request_handlers;
	return &intern->std;
}

/* Upload files still where they were written (not moved) go with the request. */
static void php_swoole_http_request_remove_files(php_swoole_http_request_t *intern)
{
	zend_string *path;

	if (intern->tmp_files == NULL) {
		return;
	}
	ZEND_HASH_FOREACH_STR_KEY(intern->tmp_files, path) {
		if (SG(rfc1867_uploaded_files) && zend_hash_exists(SG(rfc1867_uploaded_files), path)) {
			unlink(ZSTR_VAL(path));
			zend_hash_del(SG(rfc1867_uploaded_files), path);
		}
	} ZEND_HASH_FOREACH_END();
	zend_hash_destroy(intern->tmp_files);
	FREE_HASHTABLE(intern->tmp_files);
	intern->tmp_files = NULL;
}

static void php_swoole_http_request_free_obj(zend_object *object)
{
	php_swoole_http_request_t *intern = php_swoole_http_request_from_obj(object);

	php_swoole_http_request_remove_files(intern);
	if (intern->data) {
		zend_string_release(intern->data);
	}
	zend_object_std_dtor(&intern->std);
}
/* }}} */

/* {{{ parsing */
static void php_swoole_http_set_prop(zval *zreq, const char *name, size_t len, zval *value)
{
	zend_update_property(php_swoole_http_request_ce, Z_OBJ_P(zreq), name, len, value);
	zval_ptr_dtor(value);
}

/* a=1&b[]=2 into arr, as PHP fills $_GET (arg_separator.input, max_input_vars, name mangling). */
static void php_swoole_http_parse_query(const char *s, size_t len, zval *arr)
{
	array_init(arr);
	if (len > 0) {
		php_default_treat_data(PARSE_STRING, estrndup(s, len), arr);
	}
}

/* Cookie: a=1; b=2 as PHP fills $_COOKIE: values URL-decoded, the first of two equal names wins. */
static void php_swoole_http_parse_cookie(const char *s, size_t len, zval *arr)
{
	const char *end = s + len;

	array_init(arr);
	while (s < end) {
		const char *semi = memchr(s, ';', (size_t) (end - s)), *eq;
		const char *stop = semi ? semi : end;
		char *name;
		size_t name_len;
		zval val;

		while (s < stop && (*s == ' ' || *s == '\t')) {
			s++;
		}
		eq = memchr(s, '=', (size_t) (stop - s));
		if (eq != NULL && eq > s) {
			name = estrndup(s, (size_t) (eq - s));
			name_len = php_url_decode(name, (size_t) (eq - s));
			name[name_len] = '\0';
			if (!zend_symtable_str_exists(Z_ARRVAL_P(arr), name, name_len)) {
				zend_string *v = zend_string_init(eq + 1, (size_t) (stop - eq - 1), 0);

				ZSTR_LEN(v) = php_url_decode(ZSTR_VAL(v), ZSTR_LEN(v));
				ZVAL_STR(&val, v);
				php_register_variable_ex(name, &val, arr);
			}
			efree(name);
		}
		s = semi ? semi + 1 : end;
	}
}

/* {{{ multipart */
typedef struct {
	php_swoole_server_t *server;
	php_swoole_http_request_t *req;
	zval *post;
	zval *files;
	bool parse_files;
	/* the part being read */
	char *name;
	zend_string *filename;
	zend_string *type;
	smart_str value;               /* a field's value */
	int fd;                        /* a file's descriptor, -1 when not writing one */
	zend_string *tmp_name;
	size_t size;
	int error;                     /* UPLOAD_ERR_* */
} php_swoole_http_multipart_ctx_t;

#define PHP_SWOOLE_UPLOAD_ERR_OK 0
#define PHP_SWOOLE_UPLOAD_ERR_NO_FILE 4
#define PHP_SWOOLE_UPLOAD_ERR_CANT_WRITE 7

static int php_swoole_http_mp_part(void *arg, const sw_multipart_part_t *part)
{
	php_swoole_http_multipart_ctx_t *ctx = arg;

	ctx->name = estrndup(part->name, part->name_len);
	ctx->fd = -1;
	ctx->size = 0;
	ctx->error = PHP_SWOOLE_UPLOAD_ERR_OK;
	if (part->filename == NULL) {
		return 0;
	}
	ctx->filename = zend_string_init(part->filename, part->filename_len, 0);
	ctx->type = part->content_type ? zend_string_init(part->content_type, part->content_type_len, 0)
								   : zend_string_init(ZEND_STRL("application/octet-stream"), 0);
	if (part->filename_len == 0) {
		ctx->error = PHP_SWOOLE_UPLOAD_ERR_NO_FILE;
		return 0;
	}
	if (ctx->parse_files) {
		char path[MAXPATHLEN];

		snprintf(path, sizeof(path), "%s/swoole.upfile.XXXXXX", ZSTR_VAL(ctx->server->http->upload_tmp_dir));
		ctx->fd = mkstemp(path);
		if (ctx->fd < 0) {
			php_error_docref(NULL, E_WARNING, "cannot create an upload file in %s: %s",
					ZSTR_VAL(ctx->server->http->upload_tmp_dir), strerror(errno));
			ctx->error = PHP_SWOOLE_UPLOAD_ERR_CANT_WRITE;
			return 0;
		}
		ctx->tmp_name = zend_string_init(path, strlen(path), 0);
	}
	return 0;
}

static int php_swoole_http_mp_data(void *arg, const char *data, size_t len)
{
	php_swoole_http_multipart_ctx_t *ctx = arg;

	if (ctx->filename == NULL) {
		smart_str_appendl(&ctx->value, data, len);
		return 0;
	}
	ctx->size += len;
	while (ctx->fd >= 0 && len > 0) {
		ssize_t n = write(ctx->fd, data, len);

		if (n < 0) {
			if (errno == EINTR) {
				continue;
			}
			ctx->error = PHP_SWOOLE_UPLOAD_ERR_CANT_WRITE;
			break;
		}
		data += n;
		len -= (size_t) n;
	}
	return 0;
}

static void php_swoole_http_mp_reset(php_swoole_http_multipart_ctx_t *ctx)
{
	if (ctx->name) {
		efree(ctx->name);
		ctx->name = NULL;
	}
	if (ctx->filename) {
		zend_string_release(ctx->filename);
		ctx->filename = NULL;
	}
	if (ctx->type) {
		zend_string_release(ctx->type);
		ctx->type = NULL;
	}
	if (ctx->tmp_name) {
		zend_string_release(ctx->tmp_name);
		ctx->tmp_name = NULL;
	}
	if (ctx->fd >= 0) {
		close(ctx->fd);
		ctx->fd = -1;
	}
	smart_str_free(&ctx->value);
}

static int php_swoole_http_mp_end(void *arg)
{
	php_swoole_http_multipart_ctx_t *ctx = arg;
	zval v, file;

	if (ctx->filename == NULL) {
		smart_str_0(&ctx->value);
		if (ctx->value.s) {
			ZVAL_STR_COPY(&v, ctx->value.s);
		} else {
			ZVAL_EMPTY_STRING(&v);
		}
		php_register_variable_ex(ctx->name, &v, ctx->post);
		php_swoole_http_mp_reset(ctx);
		return 0;
	}
	if (ctx->fd >= 0) {
		close(ctx->fd);
		ctx->fd = -1;
	}
	if (!ctx->parse_files) {
		php_swoole_http_mp_reset(ctx);
		return 0;
	}
	array_init(&file);
	add_assoc_str(&file, "name", zend_string_copy(ctx->filename));
	add_assoc_str(&file, "type", zend_string_copy(ctx->type));
	if (ctx->tmp_name && ctx->error == PHP_SWOOLE_UPLOAD_ERR_OK) {
		add_assoc_str(&file, "tmp_name", zend_string_copy(ctx->tmp_name));
	} else {
		add_assoc_stringl(&file, "tmp_name", "", 0);
	}
	add_assoc_long(&file, "error", ctx->error);
	add_assoc_long(&file, "size", ctx->error == PHP_SWOOLE_UPLOAD_ERR_OK ? (zend_long) ctx->size : 0);
	if (ctx->tmp_name) {
		if (ctx->req->tmp_files == NULL) {
			ALLOC_HASHTABLE(ctx->req->tmp_files);
			zend_hash_init(ctx->req->tmp_files, 4, NULL, NULL, 0);
		}
		zend_hash_add_empty_element(ctx->req->tmp_files, ctx->tmp_name);
		/* So that is_uploaded_file() and move_uploaded_file() accept it. */
		if (SG(rfc1867_uploaded_files) == NULL) {
			ALLOC_HASHTABLE(SG(rfc1867_uploaded_files));
			zend_hash_init(SG(rfc1867_uploaded_files), 8, NULL, NULL, 0);
		}
		zend_hash_add_empty_element(SG(rfc1867_uploaded_files), ctx->tmp_name);
		if (ctx->error != PHP_SWOOLE_UPLOAD_ERR_OK) {
			unlink(ZSTR_VAL(ctx->tmp_name));
		}
	}
	/* $files['a'] for name="a"; the simple names Swoole users rely on (no array-style grouping). */
	add_assoc_zval_ex(ctx->files, ctx->name, strlen(ctx->name), &file);
	php_swoole_http_mp_reset(ctx);
	return 0;
}

static const sw_multipart_callbacks_t php_swoole_http_mp_callbacks = {
	php_swoole_http_mp_part,
	php_swoole_http_mp_data,
	php_swoole_http_mp_end,
};

static void php_swoole_http_parse_multipart(php_swoole_server_t *server, php_swoole_http_request_t *req,
		const sw_http_header_t *ct, const char *body, size_t len, zval *post, zval *files)
{
	php_swoole_http_multipart_ctx_t ctx = {0};
	sw_multipart_t *mp = emalloc(sizeof(sw_multipart_t));

	ctx.server = server;
	ctx.req = req;
	ctx.post = post;
	ctx.files = files;
	ctx.parse_files = server->http->parse_files;
	ctx.fd = -1;
	if (sw_multipart_init(mp, ct->value, ct->value_len, &php_swoole_http_mp_callbacks, &ctx) != SW_OK ||
			sw_multipart_feed(mp, body, len) != SW_OK || sw_multipart_finish(mp) != SW_OK) {
		php_error_docref(NULL, E_WARNING, "malformed multipart/form-data body: fields parsed so far are kept");
	}
	php_swoole_http_mp_reset(&ctx);
	efree(mp);
}
/* }}} */

static void php_swoole_http_build_server(zval *zreq, php_swoole_server_t *server, uint32_t fd,
		const sw_http_dispatch_t *meta, const sw_http_request_t *req)
{
	zval arr, tmp;
	char ip[64];
	int port = 0;

	array_init_size(&arr, 16);
	add_assoc_stringl(&arr, "request_method", req->method, req->method_len);
	add_assoc_stringl(&arr, "request_uri", req->path, req->path_len);
	add_assoc_stringl(&arr, "path_info", req->path, req->path_len);
	if (req->query != NULL) {
		add_assoc_stringl(&arr, "query_string", req->query, req->query_len);
	}
	add_assoc_long(&arr, "request_time", (zend_long) meta->recv_time);
	add_assoc_double(&arr, "request_time_float", meta->recv_time);
	add_assoc_string(&arr, "server_protocol", req->version_minor == 0 ? "HTTP/1.0" : "HTTP/1.1");
	add_assoc_long(&arr, "server_port", server->http->port);
	if (sw_server_session_peer(server->serv, fd, ip, sizeof(ip), &port) == SW_OK) {
		add_assoc_long(&arr, "remote_port", port);
		add_assoc_string(&arr, "remote_addr", ip);
	}
	add_assoc_long(&arr, "master_time", (zend_long) meta->recv_time);
	ZVAL_COPY_VALUE(&tmp, &arr);
	php_swoole_http_set_prop(zreq, ZEND_STRL("server"), &tmp);
}

void php_swoole_http_request_build(zval *zreq, php_swoole_server_t *server, uint32_t fd,
		const sw_http_dispatch_t *meta, const char *head, const char *body, const sw_http_request_t *req)
{
	php_swoole_http_request_t *intern;
	const sw_http_header_t *cookie = NULL, *ctype = NULL;
	zval headers, tmp;
	uint32_t i;

	object_init_ex(zreq, php_swoole_http_request_ce);
	intern = php_swoole_http_request_from_obj(Z_OBJ_P(zreq));
	intern->data = zend_string_init(head, (size_t) meta->head_len + meta->body_len, 0);
	intern->head_len = meta->head_len;

	ZVAL_LONG(&tmp, fd);
	php_swoole_http_set_prop(zreq, ZEND_STRL("fd"), &tmp);
	array_init_size(&headers, req->header_count);
	for (i = 0; i < req->header_count; i++) {
		const sw_http_header_t *h = &req->headers[i];
		zend_string *name = zend_string_alloc(h->name_len, 0);

		zend_str_tolower_copy(ZSTR_VAL(name), h->name, h->name_len);
		ZVAL_STRINGL_FAST(&tmp, h->value, h->value_len);
		zend_symtable_update(Z_ARRVAL(headers), name, &tmp);
		if (zend_string_equals_literal(name, "cookie")) {
			cookie = h;
		} else if (zend_string_equals_literal(name, "content-type")) {
			ctype = h;
		}
		zend_string_release(name);
	}
	php_swoole_http_set_prop(zreq, ZEND_STRL("header"), &headers);
	php_swoole_http_build_server(zreq, server, fd, meta, req);
	if (req->query != NULL) {
		php_swoole_http_parse_query(req->query, req->query_len, &tmp);
		php_swoole_http_set_prop(zreq, ZEND_STRL("get"), &tmp);
	}
	if (cookie != NULL && server->http->parse_cookie) {
		php_swoole_http_parse_cookie(cookie->value, cookie->value_len, &tmp);
		php_swoole_http_set_prop(zreq, ZEND_STRL("cookie"), &tmp);
	}
	if (ctype != NULL && meta->body_len > 0 && server->http->parse_post) {
		if (ctype->value_len >= 33 && strncasecmp(ctype->value, "application/x-www-form-urlencoded", 33) == 0) {
			php_swoole_http_parse_query(body, meta->body_len, &tmp);
			php_swoole_http_set_prop(zreq, ZEND_STRL("post"), &tmp);
		} else if (ctype->value_len >= 19 && strncasecmp(ctype->value, "multipart/form-data", 19) == 0) {
			zval files;

			array_init(&tmp);
			array_init(&files);
			php_swoole_http_parse_multipart(server, intern, ctype, body, meta->body_len, &tmp, &files);
			php_swoole_http_set_prop(zreq, ZEND_STRL("post"), &tmp);
			if (zend_hash_num_elements(Z_ARRVAL(files)) > 0) {
				php_swoole_http_set_prop(zreq, ZEND_STRL("files"), &files);
			} else {
				zval_ptr_dtor(&files);
			}
		}
	}
}
/* }}} */

/* {{{ methods */
static php_swoole_http_request_t *php_swoole_http_request_fetch(zval *zthis)
{
	php_swoole_http_request_t *intern = php_swoole_http_request_from_obj(Z_OBJ_P(zthis));

	if (intern->data == NULL) {
		zend_throw_error(NULL, "Swoole\\Http\\Request: this object was not made by the server");
		return NULL;
	}
	return intern;
}

PHP_METHOD(Swoole_Http_Request, rawContent)
{
	php_swoole_http_request_t *intern;

	ZEND_PARSE_PARAMETERS_NONE();
	intern = php_swoole_http_request_fetch(ZEND_THIS);
	if (intern == NULL) {
		RETURN_THROWS();
	}
	RETURN_STRINGL(ZSTR_VAL(intern->data) + intern->head_len, ZSTR_LEN(intern->data) - intern->head_len);
}

PHP_METHOD(Swoole_Http_Request, getData)
{
	php_swoole_http_request_t *intern;

	ZEND_PARSE_PARAMETERS_NONE();
	intern = php_swoole_http_request_fetch(ZEND_THIS);
	if (intern == NULL) {
		RETURN_THROWS();
	}
	RETURN_STR_COPY(intern->data);
}

PHP_METHOD(Swoole_Http_Request, getMethod)
{
	php_swoole_http_request_t *intern;
	const char *sp;

	ZEND_PARSE_PARAMETERS_NONE();
	intern = php_swoole_http_request_fetch(ZEND_THIS);
	if (intern == NULL) {
		RETURN_THROWS();
	}
	sp = memchr(ZSTR_VAL(intern->data), ' ', ZSTR_LEN(intern->data));
	if (sp == NULL) {
		RETURN_FALSE;
	}
	RETURN_STRINGL(ZSTR_VAL(intern->data), (size_t) (sp - ZSTR_VAL(intern->data)));
}
/* }}} */

void php_swoole_http_request_minit(void)
{
	php_swoole_http_request_ce->create_object = php_swoole_http_request_create_object;
	zend_register_class_alias("swoole_http_request", php_swoole_http_request_ce);
	memcpy(&php_swoole_http_request_handlers, &std_object_handlers, sizeof(zend_object_handlers));
	php_swoole_http_request_handlers.offset = XtOffsetOf(php_swoole_http_request_t, std);
	php_swoole_http_request_handlers.free_obj = php_swoole_http_request_free_obj;
	php_swoole_http_request_handlers.clone_obj = NULL;
}
