/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/*
 * Swoole\Server\Port: one listening port of a server. $server->ports lists
 * them (the constructor's first); addlistener()/listen() add more before
 * start(). A port's set() gives its connections framing of their own, and
 * its on() callbacks of their own (connect, receive, close, bufferFull,
 * bufferEmpty); what a port leaves out, the server's settings and callbacks
 * provide.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "zend_exceptions.h"

#include "php_swoole.h"
#include "php_swoole_server.h"
#include "sw_server.h"

zend_class_entry *php_swoole_server_port_ce;
static zend_object_handlers php_swoole_server_port_handlers;

typedef struct {
	php_swoole_server_t *server;   /* not a reference: the server owns its ports and clears this */
	int index;                     /* the core's listener index */
	php_swoole_server_callback_t callbacks[PHP_SWOOLE_SERVER_EVENT_COUNT];
	php_swoole_frame_switches_t frame_switches;
	bool has_frame;                /* set() gave framing settings */
	zend_object std;
} php_swoole_server_port_t;

static inline php_swoole_server_port_t *php_swoole_server_port_from_obj(zend_object *obj)
{
	return (php_swoole_server_port_t *) ((char *) obj - XtOffsetOf(php_swoole_server_port_t, std));
}

/* The events a port may have callbacks of its own for. */
static bool php_swoole_server_port_event_allowed(int event)
{
	return event == PHP_SWOOLE_SERVER_ON_CONNECT || event == PHP_SWOOLE_SERVER_ON_RECEIVE ||
			event == PHP_SWOOLE_SERVER_ON_CLOSE || event == PHP_SWOOLE_SERVER_ON_BUFFER_FULL ||
			event == PHP_SWOOLE_SERVER_ON_BUFFER_EMPTY || event == PHP_SWOOLE_SERVER_ON_PACKET;
}

/* Settings a port may have of its own: its framing. */
static bool php_swoole_server_port_setting_allowed(zend_string *key)
{
	static const char *const keys[] = {"open_eof_check", "open_eof_split", "package_eof", "open_length_check",
			"package_length_type", "package_length_offset", "package_body_offset", "package_max_length", NULL};
	int i;

	for (i = 0; keys[i]; i++) {
		if (zend_string_equals_cstr(key, keys[i], strlen(keys[i]))) {
			return true;
		}
	}
	return false;
}

php_swoole_server_callback_t *php_swoole_server_port_callback(php_swoole_server_t *intern, sw_session_id_t session_id,
		php_swoole_server_event_t event)
{
	int listener;

	(void) session_id;
	if (intern->port_callbacks) {
		listener = sw_server_current_listener(intern->serv);
		if (listener >= 0 && (uint32_t) listener < intern->port_count) {
			php_swoole_server_port_t *port = php_swoole_server_port_from_obj(intern->ports[listener]);

			if (!Z_ISUNDEF(port->callbacks[event].callable)) {
				return &port->callbacks[event];
			}
		}
	}
	return &intern->callbacks[event];
}

bool php_swoole_server_port_has(zend_object *port, php_swoole_server_event_t event)
{
	return !Z_ISUNDEF(php_swoole_server_port_from_obj(port)->callbacks[event].callable);
}

bool php_swoole_server_ports_have(php_swoole_server_t *intern, php_swoole_server_event_t event)
{
	uint32_t i;

	for (i = 0; i < intern->port_count; i++) {
		if (!Z_ISUNDEF(php_swoole_server_port_from_obj(intern->ports[i])->callbacks[event].callable)) {
			return true;
		}
	}
	return false;
}

void php_swoole_server_ports_gc(php_swoole_server_t *intern, zend_get_gc_buffer *gc_buffer)
{
	uint32_t i;
	int e;

	for (i = 0; i < intern->port_count; i++) {
		php_swoole_server_port_t *port = php_swoole_server_port_from_obj(intern->ports[i]);

		for (e = 0; e < PHP_SWOOLE_SERVER_EVENT_COUNT; e++) {
			if (!Z_ISUNDEF(port->callbacks[e].callable)) {
				zend_get_gc_buffer_add_zval(gc_buffer, &port->callbacks[e].callable);
			}
		}
	}
}

void php_swoole_server_ports_free(php_swoole_server_t *intern)
{
	uint32_t i;

	for (i = 0; i < intern->port_count; i++) {
		php_swoole_server_port_from_obj(intern->ports[i])->server = NULL;
		OBJ_RELEASE(intern->ports[i]);
	}
	efree(intern->ports);
	intern->ports = NULL;
	intern->port_count = 0;
}

void php_swoole_server_port_add(php_swoole_server_t *intern, int index, const char *host, int port_number,
		int type, zval *out)
{
	php_swoole_server_port_t *port;
	zval ports, *current, rv;

	object_init_ex(out, php_swoole_server_port_ce);
	port = php_swoole_server_port_from_obj(Z_OBJ_P(out));
	port->server = intern;
	port->index = index;
	zend_update_property_string(php_swoole_server_port_ce, Z_OBJ_P(out), ZEND_STRL("host"), host);
	zend_update_property_long(php_swoole_server_port_ce, Z_OBJ_P(out), ZEND_STRL("port"), port_number);
	zend_update_property_long(php_swoole_server_port_ce, Z_OBJ_P(out), ZEND_STRL("type"), type);

	intern->ports = safe_erealloc(intern->ports, intern->port_count + 1, sizeof(zend_object *), 0);
	intern->ports[intern->port_count++] = Z_OBJ_P(out);
	GC_ADDREF(Z_OBJ_P(out));

	current = zend_read_property(php_swoole_server_ce, &intern->std, ZEND_STRL("ports"), 1, &rv);
	if (Z_TYPE_P(current) == IS_ARRAY) {
		ZVAL_ARR(&ports, zend_array_dup(Z_ARRVAL_P(current)));
	} else {
		array_init(&ports);
	}
	Z_ADDREF_P(out);
	add_next_index_zval(&ports, out);
	zend_update_property(php_swoole_server_ce, &intern->std, ZEND_STRL("ports"), &ports);
	zval_ptr_dtor(&ports);
}

#define PHP_SWOOLE_PORT_FETCH(port)                                                                \
	do {                                                                                           \
		(port) = php_swoole_server_port_from_obj(Z_OBJ_P(ZEND_THIS));                              \
		if (UNEXPECTED(!(port)->server)) {                                                         \
			zend_throw_error(NULL, "Swoole\\Server\\Port: its server is gone");                      \
			RETURN_THROWS();                                                                       \
		}                                                                                          \
	} while (0)

static bool php_swoole_server_port_turns_on(HashTable *settings, const char *key)
{
	zval *v = zend_hash_str_find_deref(settings, key, strlen(key));

	return v != NULL && zend_is_true(v);
}

PHP_METHOD(Swoole_Server_Port, set)
{
	php_swoole_server_port_t *port;
	php_swoole_pending_config_t pending;
	sw_frame_config_t frame;
	HashTable *settings;
	zend_string *key;
	zval *value, merged, rv, *current;
	bool framing = false;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY_HT(settings)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_PORT_FETCH(port);
	if (port->server->started) {
		zend_throw_exception(php_swoole_exception_ce, "cannot change the settings of a port of a server that was started",
				SW_ERROR_WRONG_OPERATION);
		RETURN_THROWS();
	}
	/* Starts from the server's settings (or what this port had), as the server's set() does. */
	memset(&pending, 0, sizeof(pending));
	pending.config = *sw_server_config(port->server->serv);
	pending.frame_switches = port->has_frame ? port->frame_switches : port->server->frame_switches;
	/* Turning one framing on replaces the other that the port would inherit, unless given too. */
	if (php_swoole_server_port_turns_on(settings, "open_length_check") &&
			!zend_hash_str_exists(settings, ZEND_STRL("open_eof_check")) &&
			!zend_hash_str_exists(settings, ZEND_STRL("open_eof_split"))) {
		pending.frame_switches.open_eof_check = pending.frame_switches.open_eof_split = false;
	}
	if ((php_swoole_server_port_turns_on(settings, "open_eof_check") ||
				php_swoole_server_port_turns_on(settings, "open_eof_split")) &&
			!zend_hash_str_exists(settings, ZEND_STRL("open_length_check"))) {
		pending.frame_switches.open_length_check = false;
	}
	ZEND_HASH_FOREACH_STR_KEY_VAL(settings, key, value) {
		ZVAL_DEREF(value);
		if (!key || !php_swoole_server_port_setting_allowed(key)) {
			php_error_docref(NULL, E_WARNING,
					"\"%s\" is not a setting of a port (a port has its own framing: open_eof_check, "
					"open_eof_split, package_eof, open_length_check, package_length_type, package_length_offset, "
					"package_body_offset, package_max_length); ignored; set it on the server",
					key ? ZSTR_VAL(key) : "(integer key)");
			continue;
		}
		if (!php_swoole_server_check_setting(key, value, &pending)) {
			RETURN_THROWS();
		}
		framing = true;
	} ZEND_HASH_FOREACH_END();
	if (!php_swoole_server_check_setting_combination(&pending)) {
		RETURN_THROWS();
	}
	if (framing) {
		frame = pending.config.frame;
		if (frame.mode == SW_FRAME_LENGTH && frame.length_type == 0) {
			frame.length_type = 'N';
			frame.length_offset = 0;
			frame.body_offset = 4;
		}
		frame.max_length = pending.config.package_max_length;
		sw_server_listener_set_frame(port->server->serv, port->index, &frame);
		port->frame_switches = pending.frame_switches;
		port->has_frame = true;
	}
	current = zend_read_property(php_swoole_server_port_ce, &port->std, ZEND_STRL("setting"), 1, &rv);
	if (Z_TYPE_P(current) == IS_ARRAY) {
		ZVAL_ARR(&merged, zend_array_dup(Z_ARRVAL_P(current)));
	} else {
		array_init(&merged);
	}
	zend_hash_merge(Z_ARRVAL(merged), settings, zval_add_ref, true);
	zend_update_property(php_swoole_server_port_ce, &port->std, ZEND_STRL("setting"), &merged);
	zval_ptr_dtor(&merged);
	RETURN_TRUE;
}

PHP_METHOD(Swoole_Server_Port, on)
{
	php_swoole_server_port_t *port;
	php_swoole_server_callback_t *cb;
	zend_string *name;
	zend_fcall_info fci;
	zend_fcall_info_cache fcc;
	int event;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(name)
		Z_PARAM_FUNC(fci, fcc)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_PORT_FETCH(port);
	event = php_swoole_server_event_by_name(ZSTR_VAL(name), ZSTR_LEN(name));
	if (event < 0 || !php_swoole_server_port_event_allowed(event)) {
		zend_throw_exception_ex(php_swoole_exception_ce, SW_ERROR_INVALID_PARAMS,
				"a port has no event \"%s\": a port's own events are connect, receive, close, bufferFull, "
				"bufferEmpty and packet (the others belong to the server)",
				ZSTR_VAL(name));
		RETURN_THROWS();
	}
	if (port->server->started) {
		sw_error_set(SW_ERROR_WRONG_OPERATION);
		php_error_docref(NULL, E_WARNING, "cannot register a callback: the server was already started");
		RETURN_FALSE;
	}
	cb = &port->callbacks[event];
	zval_ptr_dtor(&cb->callable);
	ZVAL_COPY(&cb->callable, &fci.function_name);
	zend_release_fcall_info_cache(&fcc);
	cb->fcc = fcc;
	port->server->port_callbacks = true;
	RETURN_TRUE;
}

PHP_METHOD(Swoole_Server_Port, getCallback)
{
	php_swoole_server_port_t *port;
	zend_string *name;
	int event;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(name)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_PORT_FETCH(port);
	event = php_swoole_server_event_by_name(ZSTR_VAL(name), ZSTR_LEN(name));
	if (event < 0 || Z_ISUNDEF(port->callbacks[event].callable)) {
		RETURN_NULL();
	}
	RETURN_COPY(&port->callbacks[event].callable);
}

static zend_object *php_swoole_server_port_create(zend_class_entry *ce)
{
	php_swoole_server_port_t *port = zend_object_alloc(sizeof(php_swoole_server_port_t), ce);
	int i;

	zend_object_std_init(&port->std, ce);
	object_properties_init(&port->std, ce);
	port->std.handlers = &php_swoole_server_port_handlers;
	for (i = 0; i < PHP_SWOOLE_SERVER_EVENT_COUNT; i++) {
		ZVAL_UNDEF(&port->callbacks[i].callable);
	}
	return &port->std;
}

static void php_swoole_server_port_free(zend_object *obj)
{
	php_swoole_server_port_t *port = php_swoole_server_port_from_obj(obj);
	int i;

	for (i = 0; i < PHP_SWOOLE_SERVER_EVENT_COUNT; i++) {
		zval_ptr_dtor(&port->callbacks[i].callable);
		ZVAL_UNDEF(&port->callbacks[i].callable);
	}
	zend_object_std_dtor(obj);
}

static HashTable *php_swoole_server_port_get_gc(zend_object *obj, zval **table, int *n)
{
	php_swoole_server_port_t *port = php_swoole_server_port_from_obj(obj);
	zend_get_gc_buffer *gc_buffer = zend_get_gc_buffer_create();
	int i;

	for (i = 0; i < PHP_SWOOLE_SERVER_EVENT_COUNT; i++) {
		if (!Z_ISUNDEF(port->callbacks[i].callable)) {
			zend_get_gc_buffer_add_zval(gc_buffer, &port->callbacks[i].callable);
		}
	}
	zend_get_gc_buffer_use(gc_buffer, table, n);
	return zend_std_get_properties(obj);
}

void php_swoole_server_port_minit(zend_class_entry *ce)
{
	php_swoole_server_port_ce = ce;
	ce->create_object = php_swoole_server_port_create;
	memcpy(&php_swoole_server_port_handlers, &std_object_handlers, sizeof(zend_object_handlers));
	php_swoole_server_port_handlers.offset = XtOffsetOf(php_swoole_server_port_t, std);
	php_swoole_server_port_handlers.free_obj = php_swoole_server_port_free;
	php_swoole_server_port_handlers.get_gc = php_swoole_server_port_get_gc;
	php_swoole_server_port_handlers.clone_obj = NULL;
}
