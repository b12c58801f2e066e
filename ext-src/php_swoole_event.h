/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/*
 * The event loop of the PHP process, shared by Swoole\Timer, Swoole\Event
 * and Swoole\Process: which reactor the timers and watched descriptors live
 * on, and how their PHP callbacks are called.
 *
 * In a script (CLI), the loop is the binding's own reactor, run by
 * Swoole\Event::wait() or, at the end of the script, by a shutdown function
 * registered when the first timer, event or defer is added. In a process of
 * a running Swoole\Server (master main thread, worker, task worker) it is
 * that process's reactor, already running; there the callbacks follow the
 * server's rules for exceptions and exit().
 */
#ifndef PHP_SWOOLE_EVENT_H
#define PHP_SWOOLE_EVENT_H

#include "php.h"
#include "sw_reactor.h"
#include "sw_timer.h"
#include "sw_server.h"

typedef struct {
	zval callable;                 /* IS_UNDEF when none */
	zend_fcall_info_cache fcc;
} php_swoole_callable_t;

/*
 * Process-wide state of the loop. One per process: a child created by
 * fork() (server workers, Swoole\Process) starts with an empty one (see
 * php_swoole_loop_after_fork()). Not thread-safe: the extension is NTS.
 */
typedef struct {
	pid_t pid;                     /* the process this state belongs to (0: never used) */
	sw_timer_heap_t timers;
	sw_reactor_t own;              /* the script's loop, when not in a server process */
	bool own_ready;
	sw_server_t *serv;             /* the server whose process this is, or NULL */
	bool shutdown_registered;      /* the end-of-script loop is registered */
	bool running;                  /* the script's loop is running (wait()) */
	bool broken;                   /* a fatal error unwound through the loop: it never runs again */
	HashTable *events;             /* fd => php_swoole_event_t *, descriptors watched with Event::add */
	HashTable *defers;             /* callables queued by Event::defer(), run in order */
	bool defer_scheduled;          /* the reactor will call the queue at the end of its iteration */
	uint32_t signals;              /* signal callbacks registered (they keep the loop alive) */
	sw_event_source_t signal_src;  /* the signal self-pipe, watched while signals > 0 */
	bool signal_watched;
	sw_reactor_t *signal_reactor;
	php_swoole_callable_t cycle;   /* Event::cycle(), IS_UNDEF when none */
	sw_reactor_t *cycle_reactor;   /* the loop it is installed in */
} php_swoole_loop_t;

extern php_swoole_loop_t php_swoole_loop;

/* Registers Swoole\Event and the swoole_event_* / swoole_async_set functions (MINIT). */
void php_swoole_event_minit(int module_number);
/* Registers Swoole\Timer and the swoole_timer_* functions (MINIT). */
void php_swoole_timer_minit(int module_number);

/*
 * The reactor of this process, with the timers attached; creates the
 * script's own loop on first use (and registers the end-of-script run).
 * NULL with a warning where there is no loop (the server's manager).
 */
sw_reactor_t *php_swoole_loop_get(const char *what);
/* The timer heap of this process (after a fork: a fresh, empty one). */
sw_timer_heap_t *php_swoole_loop_timers(void);
/* Whether anything keeps the script's loop alive: timers, events, defers, signal callbacks. */
bool php_swoole_loop_alive(void);
/* Runs the script's loop until nothing keeps it alive or Event::exit(); no-op in server processes. */
void php_swoole_loop_wait(void);
/*
 * In a child right after fork(): forget the parent's timers, events and
 * defers without releasing them (their objects belong to the parent and
 * their destructors must not run here) and close the inherited epoll set.
 */
void php_swoole_loop_after_fork(void);

/*
 * Calls a loop callback (timer, event, defer, signal) with argc args, which
 * it releases. In a server process: the server's rules. In a script: an
 * exception stops the loop and is left to propagate from wait() (so PHP
 * reports it as uncaught); the remaining callbacks of that pass are skipped.
 */
void php_swoole_loop_call(php_swoole_callable_t *cb, zval *args, uint32_t argc);

/* Stores a callable (copy) into cb; releases what cb held. */
void php_swoole_callable_set(php_swoole_callable_t *cb, zend_fcall_info *fci, zend_fcall_info_cache *fcc);
void php_swoole_callable_free(php_swoole_callable_t *cb);

/* Signal callbacks (Swoole\Process::signal); php_swoole_process.c dispatches them. */
void php_swoole_loop_signal_watch(bool on);
void php_swoole_process_dispatch_signal(int signo);

#endif /* PHP_SWOOLE_EVENT_H */
