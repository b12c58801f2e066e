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
/* Slots of the declared properties, in the order of http.stub.php. */
enum {
	PROP_FD = 0,
	PROP_HEADER,
	PROP_SERVER,
	PROP_COOKIE,
	PROP_GET,
	PROP_POST,
	PROP_FILES,
	PROP_TMPFILES,
};

/*
 * Straight into the property's slot: the object was just made and nothing
 * else refers to it, and the values have the declared types. Takes value.
 */
static void php_swoole_http_set_prop(zval *zreq, int slot, zval *value)
{
	zval *p = OBJ_PROP_NUM(Z_OBJ_P(zreq), slot);

	zval_ptr_dtor(p);
	ZVAL_COPY_VALUE(p, value);
}

/* The keys of $request->server, made once (interned): no allocation per request. */
enum {
	SK_REQUEST_METHOD = 0,
	SK_REQUEST_URI,
	SK_PATH_INFO,
	SK_QUERY_STRING,
	SK_REQUEST_TIME,
	SK_REQUEST_TIME_FLOAT,
	SK_SERVER_PROTOCOL,
	SK_SERVER_PORT,
	SK_REMOTE_PORT,
	SK_REMOTE_ADDR,
	SK_MASTER_TIME,
	SK_COUNT,
};

static const char *const php_swoole_http_server_key_names[SK_COUNT] = {
	"request_method", "request_uri", "path_info", "query_string", "request_time", "request_time_float",
	"server_protocol", "server_port", "remote_port", "remote_addr", "master_time",
};

static zend_string *php_swoole_http_server_keys[SK_COUNT];
static zend_string *php_swoole_http_proto[2];

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

	HashTable *ht;
	zend_string **k = php_swoole_http_server_keys;

	array_init_size(&arr, 16);
	ht = Z_ARRVAL(arr);
	ZVAL_STRINGL_FAST(&tmp, req->method, req->method_len);
	zend_hash_add_new(ht, k[SK_REQUEST_METHOD], &tmp);
	ZVAL_STRINGL_FAST(&tmp, req->path, req->path_len);
	zend_hash_add_new(ht, k[SK_REQUEST_URI], &tmp);
	Z_TRY_ADDREF(tmp);
	zend_hash_add_new(ht, k[SK_PATH_INFO], &tmp);
	if (req->query != NULL) {
		ZVAL_STRINGL_FAST(&tmp, req->query, req->query_len);
		zend_hash_add_new(ht, k[SK_QUERY_STRING], &tmp);
	}
	ZVAL_LONG(&tmp, (zend_long) meta->recv_time);
	zend_hash_add_new(ht, k[SK_REQUEST_TIME], &tmp);
	ZVAL_DOUBLE(&tmp, meta->recv_time);
	zend_hash_add_new(ht, k[SK_REQUEST_TIME_FLOAT], &tmp);
	ZVAL_INTERNED_STR(&tmp, php_swoole_http_proto[req->version_minor == 0 ? 0 : 1]);
	zend_hash_add_new(ht, k[SK_SERVER_PROTOCOL], &tmp);
	ZVAL_LONG(&tmp, server->http->port);
	zend_hash_add_new(ht, k[SK_SERVER_PORT], &tmp);
	if (sw_server_session_peer(server->serv, fd, ip, sizeof(ip), &port) == SW_OK) {
		ZVAL_LONG(&tmp, port);
		zend_hash_add_new(ht, k[SK_REMOTE_PORT], &tmp);
		ZVAL_STRING(&tmp, ip);
		zend_hash_add_new(ht, k[SK_REMOTE_ADDR], &tmp);
	}
	ZVAL_LONG(&tmp, (zend_long) meta->recv_time);
	zend_hash_add_new(ht, k[SK_MASTER_TIME], &tmp);
	php_swoole_http_set_prop(zreq, PROP_SERVER, &arr);
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
	php_swoole_http_set_prop(zreq, PROP_FD, &tmp);
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
	php_swoole_http_set_prop(zreq, PROP_HEADER, &headers);
	php_swoole_http_build_server(zreq, server, fd, meta, req);
	if (req->query != NULL) {
		php_swoole_http_parse_query(req->query, req->query_len, &tmp);
		php_swoole_http_set_prop(zreq, PROP_GET, &tmp);
	}
	if (cookie != NULL && server->http->parse_cookie) {
		php_swoole_http_parse_cookie(cookie->value, cookie->value_len, &tmp);
		php_swoole_http_set_prop(zreq, PROP_COOKIE, &tmp);
	}
	if (ctype != NULL && meta->body_len > 0 && server->http->parse_post) {
		if (ctype->value_len >= 33 && strncasecmp(ctype->value, "application/x-www-form-urlencoded", 33) == 0) {
			php_swoole_http_parse_query(body, meta->body_len, &tmp);
			php_swoole_http_set_prop(zreq, PROP_POST, &tmp);
		} else if (ctype->value_len >= 19 && strncasecmp(ctype->value, "multipart/form-data", 19) == 0) {
			zval files;

			array_init(&tmp);
			array_init(&files);
			php_swoole_http_parse_multipart(server, intern, ctype, body, meta->body_len, &tmp, &files);
			php_swoole_http_set_prop(zreq, PROP_POST, &tmp);
			if (zend_hash_num_elements(Z_ARRVAL(files)) > 0) {
				php_swoole_http_set_prop(zreq, PROP_FILES, &files);
			} else {
				zval_ptr_dtor(&files);
			}
			if (intern->tmp_files != NULL) {
				zend_string *path;
				zval list;

				array_init(&list);
				ZEND_HASH_FOREACH_STR_KEY(intern->tmp_files, path) {
					add_next_index_str(&list, zend_string_copy(path));
				} ZEND_HASH_FOREACH_END();
				php_swoole_http_set_prop(zreq, PROP_TMPFILES, &list);
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
	int i;

	for (i = 0; i < SK_COUNT; i++) {
		php_swoole_http_server_keys[i] = zend_string_init_interned(php_swoole_http_server_key_names[i],
				strlen(php_swoole_http_server_key_names[i]), 1);
	}
	php_swoole_http_proto[0] = zend_string_init_interned(ZEND_STRL("HTTP/1.0"), 1);
	php_swoole_http_proto[1] = zend_string_init_interned(ZEND_STRL("HTTP/1.1"), 1);
	php_swoole_http_request_ce->create_object = php_swoole_http_request_create_object;
	zend_register_class_alias("swoole_http_request", php_swoole_http_request_ce);
	memcpy(&php_swoole_http_request_handlers, &std_object_handlers, sizeof(zend_object_handlers));
	php_swoole_http_request_handlers.offset = XtOffsetOf(php_swoole_http_request_t, std);
	php_swoole_http_request_handlers.free_obj = php_swoole_http_request_free_obj;
	php_swoole_http_request_handlers.clone_obj = NULL;
}
