/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/*
 * The connection API of Swoole\Server: getClientInfo(), getClientList(),
 * exists(), protect(), bind(), and $server->connections (a
 * Swoole\Connection\Iterator). Everything reads the shared session table, so
 * it works in every process of a running server.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "zend_interfaces.h"

#include "php_swoole.h"
#include "php_swoole_server.h"
#include "sw_server.h"

/* getClientList() returns at most this many ids per call, as Swoole does. */
#define PHP_SWOOLE_CLIENT_LIST_MAX 100

zend_class_entry *php_swoole_connection_iterator_ce;
static zend_object_handlers php_swoole_connection_iterator_handlers;

typedef struct {
	php_swoole_server_t *server;   /* not a reference: the server clears it when it goes */
	sw_session_id_t current;       /* 0: past the end */
	zend_long index;
	zend_object std;
} php_swoole_connection_iterator_t;

static inline php_swoole_connection_iterator_t *php_swoole_connection_iterator_from_obj(zend_object *obj)
{
	return (php_swoole_connection_iterator_t *) ((char *) obj - XtOffsetOf(php_swoole_connection_iterator_t, std));
}

/* A running server this process belongs to (master callbacks, manager, workers). */
static bool php_swoole_server_connections_ready(php_swoole_server_t *intern)
{
	return intern != NULL && intern->serv != NULL && intern->started && !intern->finished &&
			sw_server_is_running(intern->serv);
}

static bool php_swoole_server_connections_check(php_swoole_server_t *intern)
{
	if (!php_swoole_server_connections_ready(intern)) {
		sw_error_set(SW_ERROR_SERVER_NOT_RUNNING);
		php_error_docref(NULL, E_WARNING, "the server is not running");
		return false;
	}
	return true;
}

static bool php_swoole_server_connections_fd(zend_long fd)
{
	if (fd <= 0 || fd > (zend_long) UINT32_MAX) {
		sw_error_set(SW_ERROR_SESSION_INVALID_ID);
		php_error_docref(NULL, E_WARNING, "invalid fd " ZEND_LONG_FMT, fd);
		return false;
	}
	return true;
}

static void php_swoole_server_connection_info_array(const sw_conn_info_t *info, zval *out)
{
	array_init_size(out, 12);
	add_assoc_long(out, "server_port", info->server_port);
	add_assoc_long(out, "server_fd", info->server_fd);
	add_assoc_long(out, "socket_type", info->socket_type);
	add_assoc_long(out, "remote_port", info->remote_port);
	add_assoc_string(out, "remote_ip", (char *) info->remote_ip);
	add_assoc_long(out, "reactor_id", info->reactor_id);
	add_assoc_long(out, "connect_time", (zend_long) info->connect_time);
	add_assoc_long(out, "last_time", (zend_long) info->last_time);
	add_assoc_long(out, "close_errno", 0);
	if (info->uid != 0) {
		add_assoc_long(out, "uid", (zend_long) info->uid);
	}
	add_assoc_bool(out, "protected", info->protect);
}

PHP_METHOD(Swoole_Server, getClientInfo)
{
	php_swoole_server_t *intern;
	zend_long fd, reactor_id = -1;
	bool ignore_error = false;
	sw_conn_info_t info;

	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_LONG(fd)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(reactor_id)
		Z_PARAM_BOOL(ignore_error)
	ZEND_PARSE_PARAMETERS_END();
	(void) reactor_id; /* the session table knows the reactor thread */

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (!php_swoole_server_connections_check(intern) || !php_swoole_server_connections_fd(fd)) {
		RETURN_FALSE;
	}
	if (sw_server_connection_info(intern->serv, (sw_session_id_t) fd, &info) != SW_OK) {
		/* A closed or unknown connection is an answer, not a mistake: no warning (ignoreError is implied). */
		(void) ignore_error;
		RETURN_FALSE;
	}
	php_swoole_server_connection_info_array(&info, return_value);
}

PHP_METHOD(Swoole_Server, getClientList)
{
	php_swoole_server_t *intern;
	zend_long start = 0, count = 10;
	sw_session_id_t ids[PHP_SWOOLE_CLIENT_LIST_MAX];
	size_t n, i;

	ZEND_PARSE_PARAMETERS_START(0, 2)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(start)
		Z_PARAM_LONG(count)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (start < 0 || start > (zend_long) UINT32_MAX) {
		zend_argument_value_error(1, "must be a connection id (fd) >= 0");
		RETURN_THROWS();
	}
	if (count < 1 || count > PHP_SWOOLE_CLIENT_LIST_MAX) {
		zend_argument_value_error(2, "must be between 1 and %d", PHP_SWOOLE_CLIENT_LIST_MAX);
		RETURN_THROWS();
	}
	if (!php_swoole_server_connections_check(intern)) {
		RETURN_FALSE;
	}
	n = sw_server_connection_list(intern->serv, (sw_session_id_t) start, ids, (size_t) count);
	array_init_size(return_value, (uint32_t) n);
	for (i = 0; i < n; i++) {
		add_next_index_long(return_value, (zend_long) ids[i]);
	}
}

PHP_METHOD(Swoole_Server, exists)
{
	php_swoole_server_t *intern;
	sw_conn_info_t info;
	zend_long fd;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_LONG(fd)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (!php_swoole_server_connections_ready(intern) || fd <= 0 || fd > (zend_long) UINT32_MAX) {
		RETURN_FALSE;
	}
	RETURN_BOOL(sw_server_connection_info(intern->serv, (sw_session_id_t) fd, &info) == SW_OK);
}

PHP_METHOD(Swoole_Server, protect)
{
	php_swoole_server_t *intern;
	zend_long fd;
	bool on = true;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_LONG(fd)
		Z_PARAM_OPTIONAL
		Z_PARAM_BOOL(on)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (!php_swoole_server_connections_check(intern) || !php_swoole_server_connections_fd(fd)) {
		RETURN_FALSE;
	}
	if (sw_server_protect(intern->serv, (sw_session_id_t) fd, on) != SW_OK) {
		php_error_docref(NULL, E_WARNING, "connection " ZEND_LONG_FMT ": %s", fd, sw_strerror(sw_error_get()));
		RETURN_FALSE;
	}
	RETURN_TRUE;
}

PHP_METHOD(Swoole_Server, bind)
{
	php_swoole_server_t *intern;
	zend_long fd, uid;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_LONG(fd)
		Z_PARAM_LONG(uid)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_SERVER_FETCH(intern);
	if (uid <= 0 || uid > (zend_long) UINT32_MAX) {
		zend_argument_value_error(2, "must be between 1 and %u", UINT32_MAX);
		RETURN_THROWS();
	}
	if (!php_swoole_server_connections_check(intern) || !php_swoole_server_connections_fd(fd)) {
		RETURN_FALSE;
	}
	if (sw_server_config(intern->serv)->dispatch_mode != SW_DISPATCH_UIDMOD) {
		sw_error_set(SW_ERROR_WRONG_OPERATION);
		php_error_docref(NULL, E_WARNING, "bind() needs dispatch_mode 5 (SWOOLE_DISPATCH_UIDMOD), the server has %u",
				sw_server_config(intern->serv)->dispatch_mode);
		RETURN_FALSE;
	}
	if (sw_server_bind_uid(intern->serv, (sw_session_id_t) fd, (uint32_t) uid) != SW_OK) {
		php_error_docref(NULL, E_WARNING, "connection " ZEND_LONG_FMT ": %s", fd, sw_strerror(sw_error_get()));
		RETURN_FALSE;
	}
	RETURN_TRUE;
}

/* {{{ Swoole\Connection\Iterator: foreach ($server->connections as $fd), count(), isset(), [$fd] */

static sw_session_id_t php_swoole_connection_iterator_after(php_swoole_connection_iterator_t *it, sw_session_id_t id)
{
	sw_session_id_t next;

	if (!php_swoole_server_connections_ready(it->server)) {
		return 0;
	}
	return sw_server_connection_list(it->server->serv, id, &next, 1) == 1 ? next : 0;
}

#define PHP_SWOOLE_ITERATOR_FETCH() php_swoole_connection_iterator_from_obj(Z_OBJ_P(ZEND_THIS))

PHP_METHOD(Swoole_Connection_Iterator, rewind)
{
	php_swoole_connection_iterator_t *it = PHP_SWOOLE_ITERATOR_FETCH();

	ZEND_PARSE_PARAMETERS_NONE();
	it->index = 0;
	it->current = php_swoole_connection_iterator_after(it, 0);
}

PHP_METHOD(Swoole_Connection_Iterator, valid)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_BOOL(PHP_SWOOLE_ITERATOR_FETCH()->current != 0);
}

PHP_METHOD(Swoole_Connection_Iterator, current)
{
	php_swoole_connection_iterator_t *it = PHP_SWOOLE_ITERATOR_FETCH();

	ZEND_PARSE_PARAMETERS_NONE();
	if (it->current == 0) {
		RETURN_NULL();
	}
	RETURN_LONG((zend_long) it->current);
}

PHP_METHOD(Swoole_Connection_Iterator, key)
{
	php_swoole_connection_iterator_t *it = PHP_SWOOLE_ITERATOR_FETCH();

	ZEND_PARSE_PARAMETERS_NONE();
	if (it->current == 0) {
		RETURN_NULL();
	}
	RETURN_LONG(it->index);
}

PHP_METHOD(Swoole_Connection_Iterator, next)
{
	php_swoole_connection_iterator_t *it = PHP_SWOOLE_ITERATOR_FETCH();

	ZEND_PARSE_PARAMETERS_NONE();
	if (it->current != 0) {
		it->current = php_swoole_connection_iterator_after(it, it->current);
		it->index++;
	}
}

PHP_METHOD(Swoole_Connection_Iterator, count)
{
	php_swoole_connection_iterator_t *it = PHP_SWOOLE_ITERATOR_FETCH();
	sw_server_stats_t st;

	ZEND_PARSE_PARAMETERS_NONE();
	if (!php_swoole_server_connections_ready(it->server) || sw_server_stats(it->server->serv, &st) != SW_OK) {
		RETURN_LONG(0);
	}
	RETURN_LONG((zend_long) st.connection_num);
}

static bool php_swoole_connection_iterator_offset(zval *offset, sw_session_id_t *id)
{
	zend_long fd = zval_get_long(offset);

	if (fd <= 0 || fd > (zend_long) UINT32_MAX) {
		return false;
	}
	*id = (sw_session_id_t) fd;
	return true;
}

PHP_METHOD(Swoole_Connection_Iterator, offsetExists)
{
	php_swoole_connection_iterator_t *it = PHP_SWOOLE_ITERATOR_FETCH();
	sw_conn_info_t info;
	sw_session_id_t id;
	zval *offset;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ZVAL(offset)
	ZEND_PARSE_PARAMETERS_END();
	RETURN_BOOL(php_swoole_server_connections_ready(it->server) && php_swoole_connection_iterator_offset(offset, &id) &&
			sw_server_connection_info(it->server->serv, id, &info) == SW_OK);
}

PHP_METHOD(Swoole_Connection_Iterator, offsetGet)
{
	php_swoole_connection_iterator_t *it = PHP_SWOOLE_ITERATOR_FETCH();
	sw_conn_info_t info;
	sw_session_id_t id;
	zval *offset;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ZVAL(offset)
	ZEND_PARSE_PARAMETERS_END();
	if (!php_swoole_server_connections_ready(it->server) || !php_swoole_connection_iterator_offset(offset, &id) ||
			sw_server_connection_info(it->server->serv, id, &info) != SW_OK) {
		RETURN_FALSE;
	}
	php_swoole_server_connection_info_array(&info, return_value);
}

PHP_METHOD(Swoole_Connection_Iterator, offsetSet)
{
	zval *offset, *value;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_ZVAL(offset)
		Z_PARAM_ZVAL(value)
	ZEND_PARSE_PARAMETERS_END();
	zend_throw_error(NULL, "Swoole\\Connection\\Iterator is read-only");
}

PHP_METHOD(Swoole_Connection_Iterator, offsetUnset)
{
	zval *offset;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ZVAL(offset)
	ZEND_PARSE_PARAMETERS_END();
	zend_throw_error(NULL, "Swoole\\Connection\\Iterator is read-only");
}

static zend_object *php_swoole_connection_iterator_create(zend_class_entry *ce)
{
	php_swoole_connection_iterator_t *it = zend_object_alloc(sizeof(php_swoole_connection_iterator_t), ce);

	zend_object_std_init(&it->std, ce);
	object_properties_init(&it->std, ce);
	it->std.handlers = &php_swoole_connection_iterator_handlers;
	return &it->std;
}

static void php_swoole_connection_iterator_free(zend_object *obj)
{
	php_swoole_connection_iterator_t *it = php_swoole_connection_iterator_from_obj(obj);

	if (it->server != NULL && it->server->connections == obj) {
		it->server->connections = NULL;
	}
	zend_object_std_dtor(obj);
}

void php_swoole_server_connections_attach(php_swoole_server_t *intern, zval *iterator)
{
	php_swoole_connection_iterator_t *it;

	object_init_ex(iterator, php_swoole_connection_iterator_ce);
	it = php_swoole_connection_iterator_from_obj(Z_OBJ_P(iterator));
	it->server = intern;
	intern->connections = Z_OBJ_P(iterator);
}

void php_swoole_server_connections_detach(php_swoole_server_t *intern)
{
	if (intern->connections != NULL) {
		php_swoole_connection_iterator_from_obj(intern->connections)->server = NULL;
		intern->connections = NULL;
	}
}

void php_swoole_server_connections_minit(zend_class_entry *iterator_ce)
{
	php_swoole_connection_iterator_ce = iterator_ce;
	php_swoole_connection_iterator_ce->create_object = php_swoole_connection_iterator_create;
	memcpy(&php_swoole_connection_iterator_handlers, &std_object_handlers, sizeof(zend_object_handlers));
	php_swoole_connection_iterator_handlers.offset = XtOffsetOf(php_swoole_connection_iterator_t, std);
	php_swoole_connection_iterator_handlers.free_obj = php_swoole_connection_iterator_free;
	php_swoole_connection_iterator_handlers.clone_obj = NULL;
}
/* }}} */
