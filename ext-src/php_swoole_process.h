/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/*
 * Swoole\Process and Swoole\Process\Pool, shared between
 * php_swoole_process.c and php_swoole_process_pool.c, and the entry points
 * another part of the binding (the server's manager) can use to run a
 * Process in a child it forked itself.
 */
#ifndef PHP_SWOOLE_PROCESS_H
#define PHP_SWOOLE_PROCESS_H

#include "php.h"
#include "php_swoole_event.h"

#define PHP_SWOOLE_IPC_NONE 0
#define PHP_SWOOLE_IPC_MSGQUEUE 2

typedef struct {
	php_swoole_callable_t cb;
	bool redirect;                 /* the child's stdin/stdout are its end of the pipe */
	int pipe_type;                 /* 0, SOCK_STREAM or SOCK_DGRAM */
	int pipe_fds[2];               /* before start(): [0] the parent's end, [1] the child's; -1 when closed */
	int fd;                        /* this process's end after start(), or -1 */
	pid_t pid;                     /* the child's pid (0 before start()) */
	bool is_child;                 /* this copy runs in the child */
	bool server_owned;             /* given to $server->addProcess(): the server's manager starts it */
	int msgq_id;                   /* -1: no queue */
	long msgq_mode;                /* 2: blocking; | IPC_NOWAIT */
	zend_object std;
} php_swoole_process_t;

static inline php_swoole_process_t *php_swoole_process_from_obj(zend_object *obj)
{
	return (php_swoole_process_t *) ((char *) obj - XtOffsetOf(php_swoole_process_t, std));
}

extern zend_class_entry *php_swoole_process_ce;

/* Registers Swoole\Process and Swoole\Process\Pool (MINIT). */
void php_swoole_process_minit(int module_number);
void php_swoole_process_pool_minit(zend_class_entry *pool_ce);

/*
 * In a child that was just forked (by start(), or by another part of the
 * binding such as the server's manager): sets the Process up as the child
 * (its pipe end, stdio redirection, a fresh event loop without the parent's
 * timers, events and signal callbacks), runs its callback, then the event
 * loop while anything is registered. Returns the exit code the child must
 * end with (exit() gives its status, an uncaught exception or a fatal error
 * 255); the caller ends the process (php_swoole_process_child_exit()).
 */
int php_swoole_process_run_child(zend_object *process);
/*
 * $server->addProcess(): makes the Process the server's (its manager starts
 * and restarts it). Its pipe is created now, so that every process of the
 * server (master, workers) holds the parent's end and can write() to it or
 * read() from it. false with a warning when it cannot be added.
 */
bool php_swoole_process_attach_to_server(zend_object *process);
/* Ends a child process: flushes PHP's output, then _exit(code) (the parent's atexit handlers are not ours). */
ZEND_NORETURN void php_swoole_process_child_exit(int code);
/*
 * Calls a callable in a child process with the child's rules: returns -1
 * when it returned normally, else the exit code (exit() status, 255 after
 * an uncaught exception, reported as PHP reports it, or a fatal error).
 */
int php_swoole_process_child_call(php_swoole_callable_t *cb, zval *args, uint32_t argc);
/* A child's event loop (after its callback), with the same rules: -1 when it just ended, else the exit code. */
int php_swoole_process_run_loop(void);
/* Called for SIGTERM when no PHP callback is registered for it (a pool worker ends its loop). */
extern void (*php_swoole_process_sigterm_hook)(void);
/* In a new child: forgets the parent's signal callbacks, restores default dispositions, and is no server process. */
void php_swoole_process_signals_after_fork(void);

#endif /* PHP_SWOOLE_PROCESS_H */
