/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/*
 * The process's event loop (see php_swoole_event.h), Swoole\Event, the
 * swoole_event_* functions and swoole_async_set().
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "main/php_network.h"
#include "main/php_streams.h"
#include "ext/standard/basic_functions.h"
#include "zend_exceptions.h"

/*
 * ext/sockets may be loaded or not at run time: only the layout of its
 * object is used (no symbol of it), and the class is recognised by name.
 * Its header declares everything only under HAVE_SOCKETS.
 */
#if defined(__has_include)
#if __has_include("ext/sockets/php_sockets.h")
#ifndef HAVE_SOCKETS
#define HAVE_SOCKETS 1
#endif
#include "ext/sockets/php_sockets.h"
#define PHP_SWOOLE_HAVE_SOCKETS_H 1
#endif
#endif

#include "php_swoole.h"
#include "php_swoole_event.h"
#include "php_swoole_server.h"
#include "sw_log.h"

/* The classic values of SWOOLE_EVENT_READ / SWOOLE_EVENT_WRITE. */
#define PHP_SWOOLE_EVENT_READ 512
#define PHP_SWOOLE_EVENT_WRITE 1024

#include "event_arginfo.h"

#include <unistd.h>

php_swoole_loop_t php_swoole_loop;

/* A descriptor watched with Event::add(). */
typedef struct {
	sw_event_source_t src;
	sw_reactor_t *reactor;         /* the loop it is registered with */
	int fd;
	zval socket;                   /* what was given (keeps a stream or Socket alive) */
	php_swoole_callable_t read_cb;
	php_swoole_callable_t write_cb;
	uint32_t busy;                 /* callbacks of this event running now */
	bool deleted;                  /* del() while busy: freed when the callbacks are done */
} php_swoole_event_t;

/* {{{ callables */
void php_swoole_callable_set(php_swoole_callable_t *cb, zend_fcall_info *fci, zend_fcall_info_cache *fcc)
{
	zval_ptr_dtor(&cb->callable);
	ZVAL_COPY(&cb->callable, &fci->function_name);
	/* A trampoline (__call) is not kept: zend_call_function() looks it up per call. */
	zend_release_fcall_info_cache(fcc);
	cb->fcc = *fcc;
}

void php_swoole_callable_free(php_swoole_callable_t *cb)
{
	zval_ptr_dtor(&cb->callable);
	ZVAL_UNDEF(&cb->callable);
}
/* }}} */

/* {{{ the loop */
void php_swoole_loop_after_fork(void)
{
	if (php_swoole_loop.own_ready) {
		/* The epoll set is shared with the parent: closing our reference leaves theirs alone. */
		close(php_swoole_loop.own.epfd);
		php_swoole_loop.own.epfd = -1;
		php_swoole_loop.own_ready = false;
	}
	sw_timer_heap_init(&php_swoole_loop.timers);
	php_swoole_loop.events = NULL;
	php_swoole_loop.defers = NULL;
	php_swoole_loop.defer_scheduled = false;
	php_swoole_loop.running = false;
	php_swoole_loop.signals = 0;
	php_swoole_loop.signal_watched = false;
	php_swoole_loop.signal_reactor = NULL;
	/* The parent's callable is the parent's to release; the child's loop has no cycle callback. */
	ZVAL_UNDEF(&php_swoole_loop.cycle.callable);
	php_swoole_loop.cycle_reactor = NULL;
	php_swoole_loop.serv = NULL;
	php_swoole_loop.pid = getpid();
}

/* A forked child (server worker, Swoole\Process) never uses what its parent had registered. */
static void php_swoole_loop_check_process(void)
{
	pid_t pid = getpid();

	if (php_swoole_loop.pid == 0) {
		sw_timer_heap_init(&php_swoole_loop.timers);
		php_swoole_loop.pid = pid;
	} else if (php_swoole_loop.pid != pid) {
		php_swoole_loop_after_fork();
	}
}

sw_timer_heap_t *php_swoole_loop_timers(void)
{
	php_swoole_loop_check_process();
	return &php_swoole_loop.timers;
}

static void php_swoole_loop_register_shutdown(void)
{
	php_shutdown_function_entry entry;
	zval name;

	if (php_swoole_loop.shutdown_registered) {
		return;
	}
	memset(&entry, 0, sizeof(entry));
	ZVAL_STRING(&name, "Swoole\\Event::rshutdown");
	if (zend_fcall_info_init(&name, 0, &entry.fci, &entry.fci_cache, NULL, NULL) != SUCCESS) {
		zval_ptr_dtor(&name);
		php_error_docref(NULL, E_WARNING, "cannot register the event loop to run at the end of the script");
		return;
	}
	/* The entry now owns the name. */
	append_user_shutdown_function(&entry);
	php_swoole_loop.shutdown_registered = true;
}

/* The server process's loop, or NULL when this is not (or no longer) a process of a running server. */
static sw_reactor_t *php_swoole_loop_server_reactor(bool *in_server)
{
	sw_server_t *serv = php_swoole_server_started;

	*in_server = false;
	if (serv == NULL) {
		return NULL;
	}
	switch (sw_server_role(serv)) {
		case SW_ROLE_MASTER:
			/* Before start() runs the loop (or after it ended) the script's loop is used. */
			return sw_server_loop(serv);
		case SW_ROLE_DAEMON_PARENT:
			return NULL;
		default:
			*in_server = true;
			return sw_server_loop(serv);
	}
}

sw_reactor_t *php_swoole_loop_get(const char *what)
{
	sw_reactor_t *reactor;
	bool in_server;

	php_swoole_loop_check_process();
	reactor = php_swoole_loop_server_reactor(&in_server);
	if (reactor != NULL) {
		php_swoole_loop.serv = php_swoole_server_started;
		reactor->timers = &php_swoole_loop.timers;
		return reactor;
	}
	if (in_server) {
		php_error_docref(NULL, E_WARNING, "%s is not available in the server's manager process: it has no event loop",
				what);
		return NULL;
	}
	php_swoole_loop.serv = NULL;
	if (!php_swoole_loop.own_ready) {
		if (sw_reactor_init(&php_swoole_loop.own) != SW_OK) {
			php_error_docref(NULL, E_WARNING, "cannot create the event loop: %s", sw_strerror(sw_error_get()));
			return NULL;
		}
		php_swoole_loop.own_ready = true;
	}
	php_swoole_loop.own.timers = &php_swoole_loop.timers;
	php_swoole_loop_register_shutdown();
	return &php_swoole_loop.own;
}

bool php_swoole_loop_alive(void)
{
	return sw_timer_heap_count(&php_swoole_loop.timers) > 0 ||
			(php_swoole_loop.events && zend_hash_num_elements(php_swoole_loop.events) > 0) ||
			(php_swoole_loop.defers && zend_hash_num_elements(php_swoole_loop.defers) > 0) ||
			php_swoole_loop.signals > 0;
}

void php_swoole_loop_call(php_swoole_callable_t *cb, zval *args, uint32_t argc)
{
	zend_fcall_info fci;
	zval retval;
	uint32_t i;

	if (php_swoole_loop.serv != NULL) {
		zval callable;

		/* The callable may be released by its own callback (Timer::clear, Event::del): hold it. */
		ZVAL_COPY(&callable, &cb->callable);
		php_swoole_server_call_foreign(php_swoole_loop.serv, &callable, &cb->fcc, args, argc);
		zval_ptr_dtor(&callable);
		return;
	}
	if (!EG(exception) && !Z_ISUNDEF(cb->callable)) {
		fci.size = sizeof(fci);
		ZVAL_COPY(&fci.function_name, &cb->callable);
		fci.object = NULL;
		fci.retval = &retval;
		fci.params = args;
		fci.param_count = argc;
		fci.named_params = NULL;
		ZVAL_UNDEF(&retval);
		zend_call_function(&fci, &cb->fcc);
		zval_ptr_dtor(&retval);
		zval_ptr_dtor(&fci.function_name);
	}
	for (i = 0; i < argc; i++) {
		zval_ptr_dtor(&args[i]);
	}
	if (EG(exception) && php_swoole_loop.running) {
		/* Uncaught: the loop ends and wait() lets it propagate, as PHP reports it. */
		sw_reactor_stop(&php_swoole_loop.own);
	}
}

static void php_swoole_loop_before_wait(sw_reactor_t *reactor, int *timeout_ms)
{
	(void) timeout_ms;
	if (EG(exception) || !php_swoole_loop_alive()) {
		sw_reactor_stop(reactor);
	}
}

void php_swoole_loop_wait(void)
{
	sw_reactor_t *reactor;
	volatile bool bailed_out = false;

	php_swoole_loop_check_process();
	if (php_swoole_loop.running || php_swoole_loop.broken || EG(exception)) {
		return;
	}
	reactor = php_swoole_loop_get("the event loop");
	if (reactor == NULL || reactor != &php_swoole_loop.own) {
		return; /* a server process: its loop is running already */
	}
	reactor->before_wait = php_swoole_loop_before_wait;
	php_swoole_loop.running = true;
	zend_try {
		if (sw_reactor_run(reactor) != SW_OK) {
			php_error_docref(NULL, E_WARNING, "the event loop failed: %s", sw_strerror(sw_error_get()));
		}
	} zend_catch {
		bailed_out = true;
	} zend_end_try();
	php_swoole_loop.running = false;
	if (bailed_out) {
		/* A fatal error in a callback: the loop's state is half-way through a pass; never run it again. */
		php_swoole_loop.broken = true;
		zend_bailout();
	}
}
/* }}} */

/* {{{ descriptors */
static void php_swoole_event_free(php_swoole_event_t *ev)
{
	php_swoole_callable_free(&ev->read_cb);
	php_swoole_callable_free(&ev->write_cb);
	zval_ptr_dtor(&ev->socket);
	efree(ev);
}

/* The descriptor of an int, a stream resource, or an ext/sockets Socket; -1 with a warning. */
static int php_swoole_event_fd_of(zval *zfd)
{
	if (Z_TYPE_P(zfd) == IS_LONG) {
		if (Z_LVAL_P(zfd) < 0 || Z_LVAL_P(zfd) > INT_MAX) {
			php_error_docref(NULL, E_WARNING, "invalid descriptor " ZEND_LONG_FMT, Z_LVAL_P(zfd));
			return -1;
		}
		return (int) Z_LVAL_P(zfd);
	}
	if (Z_TYPE_P(zfd) == IS_RESOURCE) {
		php_stream *stream;
		php_socket_t fd = -1;

		php_stream_from_zval_no_verify(stream, zfd);
		if (stream == NULL) {
			php_error_docref(NULL, E_WARNING, "the resource is not a stream");
			return -1;
		}
		if (php_stream_can_cast(stream, PHP_STREAM_AS_FD_FOR_SELECT | PHP_STREAM_CAST_INTERNAL) == SUCCESS &&
				php_stream_cast(stream, PHP_STREAM_AS_FD_FOR_SELECT | PHP_STREAM_CAST_INTERNAL, (void **) &fd, 0) ==
						SUCCESS &&
				fd >= 0) {
			return (int) fd;
		}
		if (php_stream_can_cast(stream, PHP_STREAM_AS_FD | PHP_STREAM_CAST_INTERNAL) == SUCCESS &&
				php_stream_cast(stream, PHP_STREAM_AS_FD | PHP_STREAM_CAST_INTERNAL, (void **) &fd, 0) == SUCCESS &&
				fd >= 0) {
			return (int) fd;
		}
		php_error_docref(NULL, E_WARNING, "the stream has no descriptor to watch");
		return -1;
	}
#ifdef PHP_SWOOLE_HAVE_SOCKETS_H
	if (Z_TYPE_P(zfd) == IS_OBJECT && zend_string_equals_literal_ci(Z_OBJCE_P(zfd)->name, "Socket") &&
			Z_OBJCE_P(zfd)->type == ZEND_INTERNAL_CLASS) {
		php_socket *sock = (php_socket *) ((char *) Z_OBJ_P(zfd) - XtOffsetOf(php_socket, std));

		if (sock->bsd_socket < 0) {
			php_error_docref(NULL, E_WARNING, "the Socket is closed");
			return -1;
		}
		return (int) sock->bsd_socket;
	}
#endif
	php_error_docref(NULL, E_WARNING, "expected a descriptor number, a stream or a Socket, %s given",
			zend_zval_type_name(zfd));
	return -1;
}

static uint32_t php_swoole_event_mask(zend_long flags)
{
	uint32_t mask = 0;

	if (flags & PHP_SWOOLE_EVENT_READ) {
		mask |= SW_EVENT_READ;
	}
	if (flags & PHP_SWOOLE_EVENT_WRITE) {
		mask |= SW_EVENT_WRITE;
	}
	return mask;
}

static php_swoole_event_t *php_swoole_event_find(int fd)
{
	php_swoole_loop_check_process();
	if (php_swoole_loop.events == NULL) {
		return NULL;
	}
	return zend_hash_index_find_ptr(php_swoole_loop.events, (zend_ulong) fd);
}

static void php_swoole_event_remove(php_swoole_event_t *ev)
{
	if (ev->src.events != 0 || ev->reactor != NULL) {
		sw_reactor_del(ev->reactor, &ev->src);
	}
	zend_hash_index_del(php_swoole_loop.events, (zend_ulong) ev->fd);
	if (ev->busy > 0) {
		ev->deleted = true;
	} else {
		php_swoole_event_free(ev);
	}
}

static void php_swoole_event_call(php_swoole_event_t *ev, php_swoole_callable_t *cb)
{
	zval args[1];

	ZVAL_COPY(&args[0], &ev->socket);
	php_swoole_loop_call(cb, args, 1);
}

static void php_swoole_event_handler(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events)
{
	php_swoole_event_t *ev = src->ptr;
	bool handled = false;

	if (!reactor->running) {
		return; /* the process is leaving its loop (exit(), an uncaught exception) */
	}
	ev->busy++;
	if ((events & SW_EVENT_READ) && (ev->src.events & SW_EVENT_READ) && !Z_ISUNDEF(ev->read_cb.callable)) {
		php_swoole_event_call(ev, &ev->read_cb);
		handled = true;
	}
	/* Errors and hang-ups are for the write callback too: its write() will report them. */
	if (!ev->deleted && (events & (SW_EVENT_WRITE | SW_EVENT_ERROR)) && (ev->src.events & SW_EVENT_WRITE) &&
			!Z_ISUNDEF(ev->write_cb.callable) && reactor->running) {
		php_swoole_event_call(ev, &ev->write_cb);
		handled = true;
	}
	ev->busy--;
	if (ev->deleted) {
		if (ev->busy == 0) {
			php_swoole_event_free(ev);
		}
		return;
	}
	if (!handled && (events & SW_EVENT_ERROR)) {
		/* Level-triggered: a hang-up nobody handles would wake the loop forever. */
		php_error_docref(NULL, E_WARNING, "descriptor %d was closed or failed and has no callback for it: removed "
				"from the event loop", ev->fd);
		php_swoole_event_remove(ev);
	}
}

static bool php_swoole_event_check_callbacks(uint32_t mask, php_swoole_callable_t *read_cb,
		php_swoole_callable_t *write_cb)
{
	if ((mask & SW_EVENT_READ) && Z_ISUNDEF(read_cb->callable)) {
		zend_value_error("SWOOLE_EVENT_READ needs a read callback");
		return false;
	}
	if ((mask & SW_EVENT_WRITE) && Z_ISUNDEF(write_cb->callable)) {
		zend_value_error("SWOOLE_EVENT_WRITE needs a write callback");
		return false;
	}
	if (mask == 0) {
		zend_value_error("events must contain SWOOLE_EVENT_READ and/or SWOOLE_EVENT_WRITE");
		return false;
	}
	return true;
}

static void php_swoole_event_add(INTERNAL_FUNCTION_PARAMETERS)
{
	zval *zfd;
	zend_fcall_info rfci = empty_fcall_info, wfci = empty_fcall_info;
	zend_fcall_info_cache rfcc = empty_fcall_info_cache, wfcc = empty_fcall_info_cache;
	zend_long flags = PHP_SWOOLE_EVENT_READ;
	php_swoole_event_t *ev;
	sw_reactor_t *reactor;
	uint32_t mask;
	int fd;

	ZEND_PARSE_PARAMETERS_START(1, 4)
		Z_PARAM_ZVAL(zfd)
		Z_PARAM_OPTIONAL
		Z_PARAM_FUNC_OR_NULL(rfci, rfcc)
		Z_PARAM_FUNC_OR_NULL(wfci, wfcc)
		Z_PARAM_LONG(flags)
	ZEND_PARSE_PARAMETERS_END();

	fd = php_swoole_event_fd_of(zfd);
	if (fd < 0) {
		RETURN_FALSE;
	}
	if (php_swoole_event_find(fd) != NULL) {
		php_error_docref(NULL, E_WARNING, "descriptor %d is already in the event loop: use Swoole\\Event::set()", fd);
		RETURN_FALSE;
	}
	mask = php_swoole_event_mask(flags);
	ev = ecalloc(1, sizeof(*ev));
	ZVAL_UNDEF(&ev->read_cb.callable);
	ZVAL_UNDEF(&ev->write_cb.callable);
	if (ZEND_FCI_INITIALIZED(rfci)) {
		php_swoole_callable_set(&ev->read_cb, &rfci, &rfcc);
	}
	if (ZEND_FCI_INITIALIZED(wfci)) {
		php_swoole_callable_set(&ev->write_cb, &wfci, &wfcc);
	}
	ZVAL_COPY(&ev->socket, zfd);
	ev->fd = fd;
	if (!php_swoole_event_check_callbacks(mask, &ev->read_cb, &ev->write_cb)) {
		php_swoole_event_free(ev);
		RETURN_THROWS();
	}
	reactor = php_swoole_loop_get("Swoole\\Event::add()");
	if (reactor == NULL) {
		php_swoole_event_free(ev);
		RETURN_FALSE;
	}
	if (sw_reactor_add(reactor, &ev->src, fd, mask, php_swoole_event_handler, ev) != SW_OK) {
		php_error_docref(NULL, E_WARNING, "cannot watch descriptor %d: %s", fd, sw_strerror(sw_error_get()));
		php_swoole_event_free(ev);
		RETURN_FALSE;
	}
	ev->reactor = reactor;
	if (php_swoole_loop.events == NULL) {
		ALLOC_HASHTABLE(php_swoole_loop.events);
		zend_hash_init(php_swoole_loop.events, 8, NULL, NULL, 0);
	}
	zend_hash_index_update_ptr(php_swoole_loop.events, (zend_ulong) fd, ev);
	RETURN_LONG(fd);
}

static void php_swoole_event_set(INTERNAL_FUNCTION_PARAMETERS)
{
	zval *zfd;
	zend_fcall_info rfci = empty_fcall_info, wfci = empty_fcall_info;
	zend_fcall_info_cache rfcc = empty_fcall_info_cache, wfcc = empty_fcall_info_cache;
	zend_long flags = 0;
	bool flags_null = true;
	php_swoole_callable_t read_cb, write_cb;
	php_swoole_event_t *ev;
	uint32_t mask;
	int fd;

	ZEND_PARSE_PARAMETERS_START(1, 4)
		Z_PARAM_ZVAL(zfd)
		Z_PARAM_OPTIONAL
		Z_PARAM_FUNC_OR_NULL(rfci, rfcc)
		Z_PARAM_FUNC_OR_NULL(wfci, wfcc)
		Z_PARAM_LONG_OR_NULL(flags, flags_null)
	ZEND_PARSE_PARAMETERS_END();

	fd = php_swoole_event_fd_of(zfd);
	if (fd < 0) {
		RETURN_FALSE;
	}
	ev = php_swoole_event_find(fd);
	if (ev == NULL) {
		php_error_docref(NULL, E_WARNING, "descriptor %d is not in the event loop: use Swoole\\Event::add()", fd);
		RETURN_FALSE;
	}
	mask = flags_null ? ev->src.events : php_swoole_event_mask(flags);
	/* Checked on copies first: a refused set() changes nothing. */
	ZVAL_COPY_VALUE(&read_cb.callable, &ev->read_cb.callable);
	read_cb.fcc = ev->read_cb.fcc;
	ZVAL_COPY_VALUE(&write_cb.callable, &ev->write_cb.callable);
	write_cb.fcc = ev->write_cb.fcc;
	if (ZEND_FCI_INITIALIZED(rfci)) {
		ZVAL_COPY_VALUE(&read_cb.callable, &rfci.function_name);
	}
	if (ZEND_FCI_INITIALIZED(wfci)) {
		ZVAL_COPY_VALUE(&write_cb.callable, &wfci.function_name);
	}
	if (!php_swoole_event_check_callbacks(mask, &read_cb, &write_cb)) {
		RETURN_THROWS();
	}
	if (ZEND_FCI_INITIALIZED(rfci)) {
		php_swoole_callable_set(&ev->read_cb, &rfci, &rfcc);
	}
	if (ZEND_FCI_INITIALIZED(wfci)) {
		php_swoole_callable_set(&ev->write_cb, &wfci, &wfcc);
	}
	if (sw_reactor_set(ev->reactor, &ev->src, mask) != SW_OK) {
		php_error_docref(NULL, E_WARNING, "cannot change the events of descriptor %d: %s", fd,
				sw_strerror(sw_error_get()));
		RETURN_FALSE;
	}
	RETURN_TRUE;
}

static void php_swoole_event_del(INTERNAL_FUNCTION_PARAMETERS)
{
	zval *zfd;
	php_swoole_event_t *ev;
	int fd;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ZVAL(zfd)
	ZEND_PARSE_PARAMETERS_END();

	fd = php_swoole_event_fd_of(zfd);
	if (fd < 0) {
		RETURN_FALSE;
	}
	ev = php_swoole_event_find(fd);
	if (ev == NULL) {
		php_error_docref(NULL, E_WARNING, "descriptor %d is not in the event loop", fd);
		RETURN_FALSE;
	}
	php_swoole_event_remove(ev);
	RETURN_TRUE;
}

static void php_swoole_event_isset(INTERNAL_FUNCTION_PARAMETERS)
{
	zval *zfd;
	zend_long flags = PHP_SWOOLE_EVENT_READ | PHP_SWOOLE_EVENT_WRITE;
	php_swoole_event_t *ev;
	int fd;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_ZVAL(zfd)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(flags)
	ZEND_PARSE_PARAMETERS_END();

	fd = php_swoole_event_fd_of(zfd);
	if (fd < 0) {
		RETURN_FALSE;
	}
	ev = php_swoole_event_find(fd);
	RETURN_BOOL(ev != NULL && (ev->src.events & php_swoole_event_mask(flags)) != 0);
}
/* }}} */

/* {{{ defer */
static void php_swoole_event_run_defers(sw_reactor_t *reactor, void *data)
{
	HashTable *queue = php_swoole_loop.defers;
	php_swoole_callable_t *cb;

	(void) data;
	php_swoole_loop.defer_scheduled = false;
	if (queue == NULL || php_swoole_loop.pid != getpid()) {
		return;
	}
	/* Taken over first: what these callbacks defer runs in the next iteration. */
	php_swoole_loop.defers = NULL;
	ZEND_HASH_FOREACH_PTR(queue, cb) {
		/* A process leaving its loop (exit(), an uncaught exception) runs no more PHP. */
		if (reactor->running) {
			php_swoole_loop_call(cb, NULL, 0);
		}
		php_swoole_callable_free(cb);
		efree(cb);
	} ZEND_HASH_FOREACH_END();
	zend_hash_destroy(queue);
	FREE_HASHTABLE(queue);
}

static void php_swoole_event_defer(INTERNAL_FUNCTION_PARAMETERS)
{
	zend_fcall_info fci;
	zend_fcall_info_cache fcc;
	php_swoole_callable_t *cb;
	sw_reactor_t *reactor;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_FUNC(fci, fcc)
	ZEND_PARSE_PARAMETERS_END();

	reactor = php_swoole_loop_get("Swoole\\Event::defer()");
	if (reactor == NULL) {
		RETURN_FALSE;
	}
	if (!php_swoole_loop.defer_scheduled) {
		if (sw_reactor_defer(reactor, php_swoole_event_run_defers, NULL) != SW_OK) {
			php_error_docref(NULL, E_WARNING, "cannot defer: %s", sw_strerror(sw_error_get()));
			RETURN_FALSE;
		}
		php_swoole_loop.defer_scheduled = true;
	}
	if (php_swoole_loop.defers == NULL) {
		ALLOC_HASHTABLE(php_swoole_loop.defers);
		zend_hash_init(php_swoole_loop.defers, 8, NULL, NULL, 0);
	}
	cb = emalloc(sizeof(*cb));
	ZVAL_UNDEF(&cb->callable);
	php_swoole_callable_set(cb, &fci, &fcc);
	zend_hash_next_index_insert_ptr(php_swoole_loop.defers, cb);
	RETURN_TRUE;
}
/* {{{ cycle */
static void php_swoole_event_run_cycle(sw_reactor_t *reactor, void *data)
{
	php_swoole_callable_t cb;

	(void) data;
	if (!reactor->running || Z_ISUNDEF(php_swoole_loop.cycle.callable) || php_swoole_loop.pid != getpid()) {
		return;
	}
	/* Held for the call: the callback may replace or remove itself. */
	cb = php_swoole_loop.cycle;
	Z_TRY_ADDREF(cb.callable);
	php_swoole_loop_call(&cb, NULL, 0);
	zval_ptr_dtor(&cb.callable);
}

static void php_swoole_event_cycle_remove(void)
{
	if (php_swoole_loop.cycle_reactor != NULL) {
		sw_reactor_set_cycle(php_swoole_loop.cycle_reactor, NULL, NULL, false);
		php_swoole_loop.cycle_reactor = NULL;
	}
	if (!Z_ISUNDEF(php_swoole_loop.cycle.callable)) {
		php_swoole_callable_free(&php_swoole_loop.cycle);
	}
}

static void php_swoole_event_cycle(INTERNAL_FUNCTION_PARAMETERS)
{
	zend_fcall_info fci = empty_fcall_info;
	zend_fcall_info_cache fcc = empty_fcall_info_cache;
	bool before = false;
	sw_reactor_t *reactor;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_FUNC_OR_NULL(fci, fcc)
		Z_PARAM_OPTIONAL
		Z_PARAM_BOOL(before)
	ZEND_PARSE_PARAMETERS_END();

	/* In a forked child, what the parent installed is not this process's. */
	php_swoole_loop_check_process();
	if (!ZEND_FCI_INITIALIZED(fci)) {
		php_swoole_event_cycle_remove();
		RETURN_TRUE;
	}
	reactor = php_swoole_loop_get("Swoole\\Event::cycle()");
	if (reactor == NULL) {
		RETURN_FALSE;
	}
	php_swoole_event_cycle_remove();
	php_swoole_callable_set(&php_swoole_loop.cycle, &fci, &fcc);
	sw_reactor_set_cycle(reactor, php_swoole_event_run_cycle, NULL, before);
	php_swoole_loop.cycle_reactor = reactor;
	RETURN_TRUE;
}
/* }}} */

/* {{{ end of the script */

/* Releases what is left after the script's loop ended (Event::exit(), an uncaught exception). */
static void php_swoole_loop_release(void)
{
	php_swoole_event_t *ev;
	php_swoole_callable_t *cb;

	if (php_swoole_loop.pid != getpid() || php_swoole_loop.running) {
		return;
	}
	if (php_swoole_loop.events != NULL) {
		HashTable *events = php_swoole_loop.events;

		php_swoole_loop.events = NULL;
		ZEND_HASH_FOREACH_PTR(events, ev) {
			sw_reactor_del(ev->reactor, &ev->src);
			php_swoole_event_free(ev);
		} ZEND_HASH_FOREACH_END();
		zend_hash_destroy(events);
		FREE_HASHTABLE(events);
	}
	if (php_swoole_loop.defers != NULL) {
		HashTable *defers = php_swoole_loop.defers;

		php_swoole_loop.defers = NULL;
		ZEND_HASH_FOREACH_PTR(defers, cb) {
			php_swoole_callable_free(cb);
			efree(cb);
		} ZEND_HASH_FOREACH_END();
		zend_hash_destroy(defers);
		FREE_HASHTABLE(defers);
	}
	php_swoole_event_cycle_remove();
	if (!php_swoole_loop.timers.running) {
		sw_timer_heap_free(&php_swoole_loop.timers);
	}
	if (php_swoole_loop.own_ready) {
		sw_reactor_free(&php_swoole_loop.own);
		php_swoole_loop.own_ready = false;
	}
	php_swoole_loop.defer_scheduled = false;
}

static bool php_swoole_script_failed(void)
{
	if (!PG(last_error_message)) {
		return false;
	}
	switch (PG(last_error_type)) {
		case E_ERROR:
		case E_CORE_ERROR:
		case E_COMPILE_ERROR:
		case E_USER_ERROR:
		case E_PARSE:
		case E_RECOVERABLE_ERROR:
			return true;
		default:
			return false;
	}
}
/* }}} */

/* {{{ swoole_async_set */
static void php_swoole_async_set(INTERNAL_FUNCTION_PARAMETERS)
{
	HashTable *settings;
	zend_string *key;
	zval *value;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY_HT(settings)
	ZEND_PARSE_PARAMETERS_END();

	ZEND_HASH_FOREACH_STR_KEY_VAL(settings, key, value) {
		ZVAL_DEREF(value);
		if (key != NULL && zend_string_equals_literal(key, "log_level")) {
			zend_long level = zval_get_long(value);

			if (level < SW_LOG_DEBUG || level > SW_LOG_NONE) {
				zend_argument_value_error(1, "log_level must be between SWOOLE_LOG_DEBUG and SWOOLE_LOG_NONE");
				RETURN_THROWS();
			}
			sw_logger.level = (int) level;
		} else {
			php_error_docref(NULL, E_NOTICE, "unknown option \"%s\" ignored", key ? ZSTR_VAL(key) : "(numeric key)");
		}
	} ZEND_HASH_FOREACH_END();
	RETURN_TRUE;
}
/* }}} */

/* {{{ PHP API */
PHP_FUNCTION(swoole_event_add)
{
	php_swoole_event_add(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

PHP_FUNCTION(swoole_event_set)
{
	php_swoole_event_set(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

PHP_FUNCTION(swoole_event_del)
{
	php_swoole_event_del(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

PHP_FUNCTION(swoole_event_isset)
{
	php_swoole_event_isset(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

PHP_FUNCTION(swoole_event_wait)
{
	ZEND_PARSE_PARAMETERS_NONE();
	php_swoole_loop_wait();
}

static void php_swoole_event_exit(void)
{
	php_swoole_loop_check_process();
	if (php_swoole_loop.serv != NULL || php_swoole_server_started != NULL) {
		php_error_docref(NULL, E_WARNING, "a server process's event loop is the server's: it cannot be exited");
		return;
	}
	if (php_swoole_loop.running) {
		sw_reactor_stop(&php_swoole_loop.own);
	}
}

PHP_FUNCTION(swoole_event_exit)
{
	ZEND_PARSE_PARAMETERS_NONE();
	php_swoole_event_exit();
}

PHP_FUNCTION(swoole_event_defer)
{
	php_swoole_event_defer(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

PHP_FUNCTION(swoole_event_cycle)
{
	php_swoole_event_cycle(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

PHP_FUNCTION(swoole_async_set)
{
	php_swoole_async_set(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

PHP_METHOD(Swoole_Event, add)
{
	php_swoole_event_add(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

PHP_METHOD(Swoole_Event, set)
{
	php_swoole_event_set(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

PHP_METHOD(Swoole_Event, del)
{
	php_swoole_event_del(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

PHP_METHOD(Swoole_Event, isset)
{
	php_swoole_event_isset(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

PHP_METHOD(Swoole_Event, wait)
{
	ZEND_PARSE_PARAMETERS_NONE();
	php_swoole_loop_wait();
}

PHP_METHOD(Swoole_Event, exit)
{
	ZEND_PARSE_PARAMETERS_NONE();
	php_swoole_event_exit();
}

PHP_METHOD(Swoole_Event, defer)
{
	php_swoole_event_defer(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

PHP_METHOD(Swoole_Event, cycle)
{
	php_swoole_event_cycle(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

PHP_METHOD(Swoole_Event, rshutdown)
{
	ZEND_PARSE_PARAMETERS_NONE();

	if (php_swoole_loop.pid != getpid()) {
		return; /* a forked child's copy of the registration: its loop is not this one */
	}
	if (!php_swoole_script_failed() && !EG(exception)) {
		php_swoole_loop_wait();
	}
	if (!EG(exception)) {
		php_swoole_loop_release();
	}
}
/* }}} */

void php_swoole_event_minit(int module_number)
{
	zend_class_entry *ce;

	register_event_symbols(module_number);
	zend_register_functions(NULL, ext_functions, NULL, MODULE_PERSISTENT);
	ce = register_class_Swoole_Event();
	zend_register_class_alias("swoole_event", ce);
}
