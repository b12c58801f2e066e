/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/*
 * Swoole\Http\Server, Request and Response. The reactor threads (core,
 * src/server/http_conn.c) hand each worker complete, checked requests; this
 * binding turns one into a Request object, runs onRequest, and writes the
 * Response through the server's send path.
 */
#ifndef PHP_SWOOLE_HTTP_H
#define PHP_SWOOLE_HTTP_H

#include "php.h"
#include "php_swoole_server.h"
#include "sw_http.h"

extern zend_class_entry *php_swoole_http_server_ce;
extern zend_class_entry *php_swoole_http_request_ce;
extern zend_class_entry *php_swoole_http_response_ce;

/* Accept-Encoding choices */
#define PHP_SWOOLE_HTTP_GZIP 1
#define PHP_SWOOLE_HTTP_DEFLATE 2

/* The HTTP settings, read from $server->setting by start(). */
typedef struct php_swoole_http_server {
	bool parse_post;
	bool parse_cookie;
	bool parse_files;
	bool compression;
	int compression_level;
	size_t compression_min_length;
	zend_string *upload_tmp_dir;
	int port;
	/* Worker: the response of the request being handled (for a 500 if the worker dies in onRequest). */
	struct php_swoole_http_response *current;
} php_swoole_http_server_t;

typedef struct php_swoole_http_response {
	php_swoole_server_t *server;   /* not a reference: the server object outlives every response */
	uint32_t fd;
	int status;
	zend_string *reason;
	HashTable *headers;            /* name as given (or formatted) => string */
	HashTable *cookies;            /* list of Set-Cookie values */
	uint8_t version_minor;
	uint8_t accept_encoding;       /* PHP_SWOOLE_HTTP_GZIP / DEFLATE, 0: none */
	bool keep_alive;
	bool head;                     /* HEAD: headers only */
	bool started;                  /* write() sent the head (chunked) */
	bool ended;
	bool detached;
	zend_object std;
} php_swoole_http_response_t;

typedef struct {
	zend_string *data;             /* head then body, as the reactor handed them */
	uint32_t head_len;
	HashTable *tmp_files;          /* upload files to remove when the request ends (unless moved) */
	zend_object std;
} php_swoole_http_request_t;

static inline php_swoole_http_response_t *php_swoole_http_response_from_obj(zend_object *obj)
{
	return (php_swoole_http_response_t *) ((char *) obj - XtOffsetOf(php_swoole_http_response_t, std));
}

static inline php_swoole_http_request_t *php_swoole_http_request_from_obj(zend_object *obj)
{
	return (php_swoole_http_request_t *) ((char *) obj - XtOffsetOf(php_swoole_http_request_t, std));
}

void php_swoole_http_minit(int module_number);
void php_swoole_http_response_minit(void);
void php_swoole_http_request_minit(void);

/* The setting keys handled here (so Swoole\Server::set() does not warn about them). */
bool php_swoole_http_is_setting(const char *key);
/* start(): checks the callbacks and the HTTP settings; false with an exception thrown. */
bool php_swoole_http_server_prepare(php_swoole_server_t *intern);
/* start(): after the server's callbacks are installed, takes over on_receive. */
void php_swoole_http_server_install(php_swoole_server_t *intern);
void php_swoole_http_server_free(php_swoole_server_t *intern);
/* The worker is about to die in onRequest: answer 500 if the response has not started, and flush. */
void php_swoole_http_server_before_fatal(php_swoole_server_t *intern);

/* A new Response object for fd (Response::create() and each request). */
void php_swoole_http_response_init(zval *zv, php_swoole_server_t *server, uint32_t fd);
/* Request parsing helpers (php_swoole_http_request.c). */
void php_swoole_http_request_build(zval *zreq, php_swoole_server_t *server, uint32_t fd,
		const sw_http_dispatch_t *meta, const char *head, const char *body, const sw_http_request_t *req);
/* The server Response::create() uses in this process. */
void php_swoole_http_response_set_server(php_swoole_server_t *server);
/* Sends a canned error response with the end flag, then closes. */
void php_swoole_http_send_error(php_swoole_server_t *server, uint32_t fd, int status);

#endif /* PHP_SWOOLE_HTTP_H */
