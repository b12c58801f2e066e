/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/*
 * Swoole\Process: a child process running a PHP callable, with a unix
 * socketpair to its parent, an optional SysV message queue, and static
 * helpers (kill, wait, signal, alarm, daemon, setAffinity).
 *
 * A child never returns into the parent's script: when its callback (and
 * then its event loop) is done it flushes its output and _exit()s, so the
 * parent's shutdown functions and destructors never run twice. Signal
 * callbacks are dispatched from the event loop through the core's
 * self-pipe (src/os/signal.c); the handler itself only records the signal.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "main/php_output.h"
#include "zend_exceptions.h"

#include "php_swoole.h"
#include "php_swoole_event.h"
#include "php_swoole_process.h"
#include "php_swoole_server.h"
#include "sw_signal.h"

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "process_arginfo.h"

#define PHP_SWOOLE_SIGNAL_MAX 65
#define PHP_SWOOLE_MSGQ_NOWAIT 256

zend_class_entry *php_swoole_process_ce;
static zend_object_handlers php_swoole_process_handlers;

/* Signal callbacks of this process, by signal number (see php_swoole_process_signals_after_fork()). */
static php_swoole_callable_t php_swoole_signal_cbs[PHP_SWOOLE_SIGNAL_MAX];

void (*php_swoole_process_sigterm_hook)(void);

/* {{{ object */
static zend_object *php_swoole_process_create_object(zend_class_entry *ce)
{
	php_swoole_process_t *p = zend_object_alloc(sizeof(php_swoole_process_t), ce);

	memset(p, 0, XtOffsetOf(php_swoole_process_t, std));
	ZVAL_UNDEF(&p->cb.callable);
	p->pipe_fds[0] = p->pipe_fds[1] = -1;
	p->fd = -1;
	p->msgq_id = -1;
	zend_object_std_init(&p->std, ce);
	object_properties_init(&p->std, ce);
	p->std.handlers = &php_swoole_process_handlers;
	return &p->std;
}

static void php_swoole_process_free_obj(zend_object *object)
{
	php_swoole_process_t *p = php_swoole_process_from_obj(object);
	int i;

	php_swoole_callable_free(&p->cb);
	for (i = 0; i < 2; i++) {
		if (p->pipe_fds[i] >= 0 && p->pipe_fds[i] != p->fd) {
			close(p->pipe_fds[i]);
		}
	}
	if (p->fd >= 0) {
		close(p->fd);
	}
	zend_object_std_dtor(&p->std);
}

static HashTable *php_swoole_process_get_gc(zend_object *object, zval **table, int *n)
{
	php_swoole_process_t *p = php_swoole_process_from_obj(object);

	if (Z_ISUNDEF(p->cb.callable)) {
		*table = NULL;
		*n = 0;
	} else {
		*table = &p->cb.callable;
		*n = 1;
	}
	return zend_std_get_properties(object);
}

static void php_swoole_process_set_long(php_swoole_process_t *p, const char *name, size_t len, zend_long v)
{
	zend_update_property_long(php_swoole_process_ce, &p->std, name, len, v);
}

#define PHP_SWOOLE_PROCESS_SET(p, name, v) php_swoole_process_set_long((p), name, sizeof(name) - 1, (zend_long) (v))
/* }}} */

/* {{{ children */
ZEND_NORETURN void php_swoole_process_child_exit(int code)
{
	zend_try {
		php_output_end_all();
	} zend_end_try();
	fflush(stdout);
	fflush(stderr);
	_exit(code);
}

/* After a callback: -1 when nothing is pending, else the code the child ends with. */
static int php_swoole_process_settle(void)
{
	zend_object *ex = EG(exception);
	int code;

	if (ex == NULL) {
		return -1;
	}
	if (zend_is_unwind_exit(ex)) {
		code = (int) EG(exit_status);
		zend_clear_exception();
		return code;
	}
	if (zend_is_graceful_exit(ex)) {
		zend_clear_exception();
		return 0;
	}
#ifdef zend_try_exception_handler
	zend_try_exception_handler();
#endif
	if (EG(exception)) {
		zend_exception_error(EG(exception), E_ERROR);
	}
	if (EG(exception)) {
		zend_clear_exception();
	}
	return 255;
}

int php_swoole_process_child_call(php_swoole_callable_t *cb, zval *args, uint32_t argc)
{
	zend_execute_data *execute_data = EG(current_execute_data);
	volatile int code = -1;
	zend_fcall_info fci;
	zval retval;
	uint32_t i;

	zend_try {
		fci.size = sizeof(fci);
		ZVAL_COPY_VALUE(&fci.function_name, &cb->callable);
		fci.object = NULL;
		fci.retval = &retval;
		fci.params = args;
		fci.param_count = argc;
		fci.named_params = NULL;
		ZVAL_UNDEF(&retval);
		if (!EG(exception)) {
			zend_call_function(&fci, &cb->fcc);
		}
		zval_ptr_dtor(&retval);
		code = php_swoole_process_settle();
	} zend_catch {
		/* A fatal error: it was reported; nothing more of this child's PHP runs. */
		EG(current_execute_data) = execute_data;
		code = 255;
	} zend_end_try();
	for (i = 0; i < argc; i++) {
		zval_ptr_dtor(&args[i]);
	}
	return code;
}

/* The event loop of a child, after its callback: same rules as the callback. */
int php_swoole_process_run_loop(void)
{
	zend_execute_data *execute_data = EG(current_execute_data);
	volatile int code = -1;

	zend_try {
		php_swoole_loop_wait();
		code = php_swoole_process_settle();
	} zend_catch {
		EG(current_execute_data) = execute_data;
		code = 255;
	} zend_end_try();
	return code;
}

int php_swoole_process_run_child(zend_object *object)
{
	php_swoole_process_t *p = php_swoole_process_from_obj(object);
	zval args[1];
	int code;

	p->is_child = true;
	p->pid = getpid();
	php_swoole_loop_after_fork();
	php_swoole_process_signals_after_fork();
	if (p->pipe_fds[0] >= 0) {
		close(p->pipe_fds[0]);
		p->pipe_fds[0] = -1;
	}
	p->fd = p->pipe_fds[1];
	p->pipe_fds[1] = -1;
	if (p->redirect && p->fd >= 0) {
		if (dup2(p->fd, STDIN_FILENO) < 0 || dup2(p->fd, STDOUT_FILENO) < 0) {
			php_error_docref(NULL, E_WARNING, "cannot redirect stdin/stdout to the pipe: %s", strerror(errno));
		}
	}
	PHP_SWOOLE_PROCESS_SET(p, "pid", p->pid);
	PHP_SWOOLE_PROCESS_SET(p, "pipe", p->fd >= 0 ? p->fd : 0);
	ZVAL_OBJ_COPY(&args[0], object);
	code = php_swoole_process_child_call(&p->cb, args, 1);
	if (code < 0) {
		code = php_swoole_process_run_loop();
	}
	return code < 0 ? 0 : code;
}
/* }}} */

bool php_swoole_process_attach_to_server(zend_object *object)
{
	php_swoole_process_t *p = php_swoole_process_from_obj(object);

	if (Z_ISUNDEF(p->cb.callable)) {
		zend_throw_error(NULL, "Swoole\\Process object is not initialized: its constructor did not run");
		return false;
	}
	if (p->server_owned) {
		php_error_docref(NULL, E_WARNING, "this process was already added to a server");
		return false;
	}
	if (p->pid > 0 || p->is_child) {
		php_error_docref(NULL, E_WARNING, "this process was already started (pid %d): add it before start()",
				(int) p->pid);
		return false;
	}
	if (p->pipe_type != 0 && p->pipe_fds[0] < 0) {
		if (socketpair(AF_UNIX, p->pipe_type | SOCK_CLOEXEC, 0, p->pipe_fds) < 0) {
			php_error_docref(NULL, E_WARNING, "socketpair() failed: %s", strerror(errno));
			return false;
		}
	}
	/* The child's end stays open here too: every restart of the process takes it again. */
	p->fd = p->pipe_fds[0];
	p->server_owned = true;
	PHP_SWOOLE_PROCESS_SET(p, "pipe", p->fd >= 0 ? p->fd : 0);
	return true;
}

/* {{{ signals */
void php_swoole_process_signals_after_fork(void)
{
	/* The parent's callables are not released here: their objects are the parent's. */
	php_swoole_process_sigterm_hook = NULL;
	memset(php_swoole_signal_cbs, 0, sizeof(php_swoole_signal_cbs));
	{
		int i;

		for (i = 0; i < PHP_SWOOLE_SIGNAL_MAX; i++) {
			ZVAL_UNDEF(&php_swoole_signal_cbs[i].callable);
		}
	}
	/*
	 * Restores the defaults of what the parent caught (a server worker's
	 * SIGTERM handler, a pool manager's SIGCHLD...) and drops the self-pipe
	 * shared with the parent. A child is not a server process either, even
	 * when a server's worker started it: it gets a loop of its own.
	 */
	sw_signal_reset();
	php_swoole_server_started = NULL;
}

static void php_swoole_process_signal_event(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events)
{
	int signo;

	(void) src;
	(void) events;
	while ((signo = sw_signal_next()) != 0) {
		if (!reactor->running || signo >= PHP_SWOOLE_SIGNAL_MAX) {
			continue;
		}
		if (!Z_ISUNDEF(php_swoole_signal_cbs[signo].callable)) {
			zval args[1];

			ZVAL_LONG(&args[0], signo);
			php_swoole_loop_call(&php_swoole_signal_cbs[signo], args, 1);
		} else if (signo == SIGTERM && php_swoole_process_sigterm_hook != NULL) {
			php_swoole_process_sigterm_hook();
		}
	}
}

void php_swoole_loop_signal_watch(bool on)
{
	sw_reactor_t *reactor;

	if (on && !php_swoole_loop.signal_watched) {
		reactor = php_swoole_loop_get("Swoole\\Process::signal()");
		if (reactor == NULL) {
			return;
		}
		if (sw_reactor_add(reactor, &php_swoole_loop.signal_src, sw_signal_fd(), SW_EVENT_READ,
					php_swoole_process_signal_event, NULL) != SW_OK) {
			php_error_docref(NULL, E_WARNING, "cannot watch signals: %s", sw_strerror(sw_error_get()));
			return;
		}
		php_swoole_loop.signal_watched = true;
		php_swoole_loop.signal_reactor = reactor;
	} else if (!on && php_swoole_loop.signal_watched) {
		sw_reactor_del(php_swoole_loop.signal_reactor, &php_swoole_loop.signal_src);
		php_swoole_loop.signal_watched = false;
		php_swoole_loop.signal_reactor = NULL;
	}
}

PHP_METHOD(Swoole_Process, signal)
{
	zend_long signo;
	zend_fcall_info fci = empty_fcall_info;
	zend_fcall_info_cache fcc = empty_fcall_info_cache;
	php_swoole_callable_t *cb;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_LONG(signo)
		Z_PARAM_OPTIONAL
		Z_PARAM_FUNC_OR_NULL(fci, fcc)
	ZEND_PARSE_PARAMETERS_END();

	if (signo <= 0 || signo >= PHP_SWOOLE_SIGNAL_MAX) {
		zend_argument_value_error(1, "must be a signal number between 1 and %d", PHP_SWOOLE_SIGNAL_MAX - 1);
		RETURN_THROWS();
	}
	if (signo == SIGKILL || signo == SIGSTOP) {
		php_error_docref(NULL, E_WARNING, "signal " ZEND_LONG_FMT " cannot be caught", signo);
		RETURN_FALSE;
	}
	if (php_swoole_server_started != NULL) {
		php_error_docref(NULL, E_WARNING, "not available in the processes of a Swoole\\Server: the server handles "
				"their signals");
		RETURN_FALSE;
	}
	php_swoole_loop_timers(); /* after a fork: start from a clean state */
	cb = &php_swoole_signal_cbs[signo];
	if (!ZEND_FCI_INITIALIZED(fci)) {
		if (Z_ISUNDEF(cb->callable)) {
			RETURN_TRUE;
		}
		sw_signal_default((int) signo);
		php_swoole_callable_free(cb);
		php_swoole_loop.signals--;
		if (php_swoole_loop.signals == 0) {
			php_swoole_loop_signal_watch(false);
		}
		RETURN_TRUE;
	}
	if (sw_signal_fd() < 0 && sw_signal_init() != SW_OK) {
		php_error_docref(NULL, E_WARNING, "cannot create the signal pipe: %s", sw_strerror(sw_error_get()));
		RETURN_FALSE;
	}
	if (Z_ISUNDEF(cb->callable)) {
		php_swoole_loop_signal_watch(true);
		if (!php_swoole_loop.signal_watched) {
			RETURN_FALSE;
		}
		php_swoole_loop.signals++;
	}
	php_swoole_callable_set(cb, &fci, &fcc);
	if (sw_signal_catch((int) signo) != SW_OK) {
		php_error_docref(NULL, E_WARNING, "cannot catch signal " ZEND_LONG_FMT ": %s", signo,
				sw_strerror(sw_error_get()));
		RETURN_FALSE;
	}
	RETURN_TRUE;
}
/* }}} */

/* {{{ Swoole\Process */
PHP_METHOD(Swoole_Process, __construct)
{
	php_swoole_process_t *p = php_swoole_process_from_obj(Z_OBJ_P(ZEND_THIS));
	zend_fcall_info fci;
	zend_fcall_info_cache fcc;
	bool redirect = false, coroutine = false;
	zend_long pipe_type = SOCK_DGRAM;

	ZEND_PARSE_PARAMETERS_START(1, 4)
		Z_PARAM_FUNC(fci, fcc)
		Z_PARAM_OPTIONAL
		Z_PARAM_BOOL(redirect)
		Z_PARAM_LONG(pipe_type)
		Z_PARAM_BOOL(coroutine)
	ZEND_PARSE_PARAMETERS_END();

	if (coroutine) {
		zend_throw_exception(php_swoole_exception_ce, "coroutines are not supported by this implementation",
				SW_ERROR_INVALID_PARAMS);
		RETURN_THROWS();
	}
	if (pipe_type != 0 && pipe_type != SOCK_STREAM && pipe_type != SOCK_DGRAM) {
		zend_argument_value_error(3, "must be 0 (no pipe), 1 (SOCK_STREAM) or 2 (SOCK_DGRAM)");
		RETURN_THROWS();
	}
	if (redirect) {
		/* stdio over a datagram socket would cut reads into messages: always a stream. */
		pipe_type = SOCK_STREAM;
	}
	php_swoole_callable_set(&p->cb, &fci, &fcc);
	p->redirect = redirect;
	p->pipe_type = (int) pipe_type;
}

static php_swoole_process_t *php_swoole_process_this(zval *zthis)
{
	return php_swoole_process_from_obj(Z_OBJ_P(zthis));
}

PHP_METHOD(Swoole_Process, start)
{
	php_swoole_process_t *p = php_swoole_process_this(ZEND_THIS);
	pid_t pid;

	ZEND_PARSE_PARAMETERS_NONE();

	if (Z_ISUNDEF(p->cb.callable)) {
		zend_throw_error(NULL, "Swoole\\Process object is not initialized: its constructor did not run");
		RETURN_THROWS();
	}
	if (p->pid > 0 && !p->is_child) {
		php_error_docref(NULL, E_WARNING, "the process was already started (pid %d)", (int) p->pid);
		RETURN_FALSE;
	}
	if (p->server_owned) {
		php_error_docref(NULL, E_WARNING, "this process belongs to a server ($server->addProcess()): its manager starts it");
		RETURN_FALSE;
	}
	if (p->pipe_type != 0 && p->pipe_fds[0] < 0) {
		if (socketpair(AF_UNIX, p->pipe_type | SOCK_CLOEXEC, 0, p->pipe_fds) < 0) {
			php_error_docref(NULL, E_WARNING, "socketpair() failed: %s", strerror(errno));
			RETURN_FALSE;
		}
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		php_error_docref(NULL, E_WARNING, "fork() failed: %s", strerror(errno));
		RETURN_FALSE;
	}
	if (pid == 0) {
		php_swoole_process_child_exit(php_swoole_process_run_child(Z_OBJ_P(ZEND_THIS)));
	}
	if (p->pipe_fds[1] >= 0) {
		close(p->pipe_fds[1]);
		p->pipe_fds[1] = -1;
	}
	p->fd = p->pipe_fds[0];
	p->pipe_fds[0] = -1;
	p->pid = pid;
	PHP_SWOOLE_PROCESS_SET(p, "pid", pid);
	PHP_SWOOLE_PROCESS_SET(p, "pipe", p->fd >= 0 ? p->fd : 0);
	RETURN_LONG(pid);
}

static bool php_swoole_process_has_pipe(php_swoole_process_t *p)
{
	if (p->fd < 0) {
		php_error_docref(NULL, E_WARNING, "no pipe: the process has none, was not started, or it was closed");
		return false;
	}
	return true;
}

/* Waits until fd is ready for events (a non-blocking descriptor given by the user, or after EAGAIN). */
static void php_swoole_process_poll(int fd, short events)
{
	struct pollfd pfd = {.fd = fd, .events = events};

	(void) poll(&pfd, 1, -1);
}

PHP_METHOD(Swoole_Process, write)
{
	php_swoole_process_t *p = php_swoole_process_this(ZEND_THIS);
	zend_string *data;
	size_t done = 0;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(data)
	ZEND_PARSE_PARAMETERS_END();

	if (!php_swoole_process_has_pipe(p)) {
		RETURN_FALSE;
	}
	if (ZSTR_LEN(data) == 0) {
		RETURN_LONG(0);
	}
	while (done < ZSTR_LEN(data)) {
		ssize_t n = write(p->fd, ZSTR_VAL(data) + done, ZSTR_LEN(data) - done);

		if (n < 0) {
			if (errno == EINTR) {
				continue;
			}
			if (errno == EAGAIN) {
				php_swoole_process_poll(p->fd, POLLOUT);
				continue;
			}
			php_error_docref(NULL, E_WARNING, "write() to the pipe failed: %s", strerror(errno));
			RETURN_FALSE;
		}
		done += (size_t) n;
		if (p->pipe_type == SOCK_DGRAM) {
			break; /* one message */
		}
	}
	RETURN_LONG((zend_long) done);
}

PHP_METHOD(Swoole_Process, read)
{
	php_swoole_process_t *p = php_swoole_process_this(ZEND_THIS);
	zend_long size = 8192;
	zend_string *buf;
	ssize_t n;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(size)
	ZEND_PARSE_PARAMETERS_END();

	if (size <= 0 || size > 64 * 1024 * 1024) {
		zend_argument_value_error(1, "must be between 1 and 67108864");
		RETURN_THROWS();
	}
	if (!php_swoole_process_has_pipe(p)) {
		RETURN_FALSE;
	}
	buf = zend_string_alloc((size_t) size, 0);
	for (;;) {
		n = read(p->fd, ZSTR_VAL(buf), (size_t) size);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n < 0 && errno == EAGAIN) {
			php_swoole_process_poll(p->fd, POLLIN);
			continue;
		}
		break;
	}
	if (n < 0) {
		zend_string_efree(buf);
		php_error_docref(NULL, E_WARNING, "read() from the pipe failed: %s", strerror(errno));
		RETURN_FALSE;
	}
	ZSTR_LEN(buf) = (size_t) n;
	ZSTR_VAL(buf)[n] = '\0';
	RETURN_NEW_STR(buf);
}

PHP_METHOD(Swoole_Process, close)
{
	php_swoole_process_t *p = php_swoole_process_this(ZEND_THIS);
	zend_long which = 0;
	int rc;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(which)
	ZEND_PARSE_PARAMETERS_END();

	if (p->fd < 0) {
		RETURN_FALSE;
	}
	if (which == 1) {
		rc = shutdown(p->fd, SHUT_RD);
	} else if (which == 2) {
		rc = shutdown(p->fd, SHUT_WR);
	} else {
		rc = close(p->fd);
		p->fd = -1;
		PHP_SWOOLE_PROCESS_SET(p, "pipe", 0);
	}
	RETURN_BOOL(rc == 0);
}

PHP_METHOD(Swoole_Process, exit)
{
	php_swoole_process_t *p = php_swoole_process_this(ZEND_THIS);
	zend_long status = 0;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(status)
	ZEND_PARSE_PARAMETERS_END();

	if (!p->is_child) {
		php_error_docref(NULL, E_WARNING, "exit() ends the child process: call it from the child's callback");
		return;
	}
	EG(exit_status) = (int) (status & 0xff);
	zend_throw_unwind_exit();
}

PHP_METHOD(Swoole_Process, exec)
{
	zend_string *file;
	HashTable *args;
	char **argv;
	zval *arg;
	uint32_t n = 0;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(file)
		Z_PARAM_ARRAY_HT(args)
	ZEND_PARSE_PARAMETERS_END();

	argv = safe_emalloc(zend_hash_num_elements(args) + 2, sizeof(char *), 0);
	argv[n++] = ZSTR_VAL(file);
	ZEND_HASH_FOREACH_VAL(args, arg) {
		convert_to_string(arg);
		argv[n++] = Z_STRVAL_P(arg);
	} ZEND_HASH_FOREACH_END();
	argv[n] = NULL;
	fflush(stdout);
	execv(ZSTR_VAL(file), argv);
	efree(argv);
	php_error_docref(NULL, E_WARNING, "execv(%s) failed: %s", ZSTR_VAL(file), strerror(errno));
	RETURN_FALSE;
}

PHP_METHOD(Swoole_Process, name)
{
	zend_string *name;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(name)
	ZEND_PARSE_PARAMETERS_END();

	if (ZSTR_LEN(name) == 0 || memchr(ZSTR_VAL(name), '\0', ZSTR_LEN(name))) {
		zend_argument_value_error(1, "must be a non-empty string without null bytes");
		RETURN_THROWS();
	}
	RETURN_BOOL(php_swoole_set_process_name(ZSTR_VAL(name), ZSTR_LEN(name), false));
}
/* }}} */

/* {{{ message queue */
PHP_METHOD(Swoole_Process, useQueue)
{
	php_swoole_process_t *p = php_swoole_process_this(ZEND_THIS);
	zend_long key = 0, mode = 2, capacity = -1;
	int id;

	ZEND_PARSE_PARAMETERS_START(0, 3)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(key)
		Z_PARAM_LONG(mode)
		Z_PARAM_LONG(capacity)
	ZEND_PARSE_PARAMETERS_END();

	/* Key 0: a queue private to this object, shared with its children through fork(). */
	id = msgget(key == 0 ? IPC_PRIVATE : (key_t) key, IPC_CREAT | 0600);
	if (id < 0) {
		php_error_docref(NULL, E_WARNING, "msgget() failed: %s", strerror(errno));
		RETURN_FALSE;
	}
	if (capacity > 0) {
		struct msqid_ds ds;

		if (msgctl(id, IPC_STAT, &ds) == 0) {
			ds.msg_qbytes = (msglen_t) capacity;
			if (msgctl(id, IPC_SET, &ds) < 0) {
				php_error_docref(NULL, E_WARNING, "cannot set the queue's capacity: %s", strerror(errno));
			}
		}
	}
	p->msgq_id = id;
	p->msgq_mode = (long) mode;
	zend_update_property_long(php_swoole_process_ce, &p->std, ZEND_STRL("msgQueueId"), id);
	zend_update_property_long(php_swoole_process_ce, &p->std, ZEND_STRL("msgQueueKey"), key);
	RETURN_TRUE;
}

static bool php_swoole_process_has_queue(php_swoole_process_t *p)
{
	if (p->msgq_id < 0) {
		php_error_docref(NULL, E_WARNING, "no message queue: call useQueue() first");
		return false;
	}
	return true;
}

PHP_METHOD(Swoole_Process, statQueue)
{
	php_swoole_process_t *p = php_swoole_process_this(ZEND_THIS);
	struct msqid_ds ds;

	ZEND_PARSE_PARAMETERS_NONE();

	if (!php_swoole_process_has_queue(p)) {
		RETURN_FALSE;
	}
	if (msgctl(p->msgq_id, IPC_STAT, &ds) < 0) {
		php_error_docref(NULL, E_WARNING, "msgctl(IPC_STAT) failed: %s", strerror(errno));
		RETURN_FALSE;
	}
	array_init(return_value);
	add_assoc_long(return_value, "queue_num", (zend_long) ds.msg_qnum);
	add_assoc_long(return_value, "queue_bytes", (zend_long) ds.__msg_cbytes);
}

PHP_METHOD(Swoole_Process, freeQueue)
{
	php_swoole_process_t *p = php_swoole_process_this(ZEND_THIS);
	int rc;

	ZEND_PARSE_PARAMETERS_NONE();

	if (!php_swoole_process_has_queue(p)) {
		RETURN_FALSE;
	}
	rc = msgctl(p->msgq_id, IPC_RMID, NULL);
	p->msgq_id = -1;
	RETURN_BOOL(rc == 0);
}

PHP_METHOD(Swoole_Process, push)
{
	php_swoole_process_t *p = php_swoole_process_this(ZEND_THIS);
	zend_string *data;
	struct {
		long mtype;
		char mtext[65536];
	} *msg;
	int rc;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(data)
	ZEND_PARSE_PARAMETERS_END();

	if (!php_swoole_process_has_queue(p)) {
		RETURN_FALSE;
	}
	if (ZSTR_LEN(data) == 0 || ZSTR_LEN(data) > sizeof(msg->mtext)) {
		zend_argument_value_error(1, "must be between 1 and %zu bytes long", sizeof(msg->mtext));
		RETURN_THROWS();
	}
	msg = emalloc(sizeof(long) + ZSTR_LEN(data));
	msg->mtype = 1;
	memcpy(msg->mtext, ZSTR_VAL(data), ZSTR_LEN(data));
	do {
		rc = msgsnd(p->msgq_id, msg, ZSTR_LEN(data), (p->msgq_mode & PHP_SWOOLE_MSGQ_NOWAIT) ? IPC_NOWAIT : 0);
	} while (rc < 0 && errno == EINTR);
	efree(msg);
	if (rc < 0 && errno != EAGAIN) {
		php_error_docref(NULL, E_WARNING, "msgsnd() failed: %s", strerror(errno));
	}
	RETURN_BOOL(rc == 0);
}

PHP_METHOD(Swoole_Process, pop)
{
	php_swoole_process_t *p = php_swoole_process_this(ZEND_THIS);
	zend_long size = 65536;
	struct {
		long mtype;
		char mtext[1];
	} *msg;
	ssize_t n;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(size)
	ZEND_PARSE_PARAMETERS_END();

	if (size <= 0 || size > 65536) {
		zend_argument_value_error(1, "must be between 1 and 65536");
		RETURN_THROWS();
	}
	if (!php_swoole_process_has_queue(p)) {
		RETURN_FALSE;
	}
	msg = emalloc(sizeof(long) + (size_t) size);
	do {
		n = msgrcv(p->msgq_id, msg, (size_t) size, 0,
				MSG_NOERROR | ((p->msgq_mode & PHP_SWOOLE_MSGQ_NOWAIT) ? IPC_NOWAIT : 0));
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		efree(msg);
		RETURN_FALSE;
	}
	RETVAL_STRINGL(msg->mtext, (size_t) n);
	efree(msg);
}
/* }}} */

/* {{{ static helpers */
PHP_METHOD(Swoole_Process, kill)
{
	zend_long pid, signo = SIGTERM;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_LONG(pid)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(signo)
	ZEND_PARSE_PARAMETERS_END();

	if (kill((pid_t) pid, (int) signo) < 0) {
		sw_error_set(errno);
		RETURN_FALSE;
	}
	RETURN_TRUE;
}

PHP_METHOD(Swoole_Process, wait)
{
	bool blocking = true;
	int status;
	pid_t pid;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_BOOL(blocking)
	ZEND_PARSE_PARAMETERS_END();

	do {
		pid = waitpid(-1, &status, blocking ? 0 : WNOHANG);
	} while (pid < 0 && errno == EINTR);
	if (pid <= 0) {
		RETURN_FALSE;
	}
	array_init(return_value);
	add_assoc_long(return_value, "pid", pid);
	add_assoc_long(return_value, "code", WIFEXITED(status) ? WEXITSTATUS(status) : 0);
	add_assoc_long(return_value, "signal", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

PHP_METHOD(Swoole_Process, alarm)
{
	zend_long usec, type = ITIMER_REAL;
	struct itimerval t;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_LONG(usec)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(type)
	ZEND_PARSE_PARAMETERS_END();

	if (type != ITIMER_REAL && type != ITIMER_VIRTUAL && type != ITIMER_PROF) {
		zend_argument_value_error(2, "must be ITIMER_REAL (0), ITIMER_VIRTUAL (1) or ITIMER_PROF (2)");
		RETURN_THROWS();
	}
	if (usec < 0) {
		zend_argument_value_error(1, "must be greater than or equal to 0");
		RETURN_THROWS();
	}
	t.it_value.tv_sec = (time_t) (usec / 1000000);
	t.it_value.tv_usec = (suseconds_t) (usec % 1000000);
	t.it_interval = t.it_value;
	if (setitimer((int) type, &t, NULL) < 0) {
		php_error_docref(NULL, E_WARNING, "setitimer() failed: %s", strerror(errno));
		RETURN_FALSE;
	}
	RETURN_TRUE;
}

PHP_METHOD(Swoole_Process, daemon)
{
	bool nochdir = true, noclose = true;

	ZEND_PARSE_PARAMETERS_START(0, 2)
		Z_PARAM_OPTIONAL
		Z_PARAM_BOOL(nochdir)
		Z_PARAM_BOOL(noclose)
	ZEND_PARSE_PARAMETERS_END();

	fflush(stdout);
	fflush(stderr);
	if (daemon(nochdir, noclose) < 0) {
		php_error_docref(NULL, E_WARNING, "daemon() failed: %s", strerror(errno));
		RETURN_FALSE;
	}
	RETURN_TRUE;
}

PHP_METHOD(Swoole_Process, setAffinity)
{
	HashTable *cpus;
	cpu_set_t set;
	zval *cpu;
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY_HT(cpus)
	ZEND_PARSE_PARAMETERS_END();

	if (zend_hash_num_elements(cpus) == 0) {
		zend_argument_value_error(1, "must name at least one CPU");
		RETURN_THROWS();
	}
	CPU_ZERO(&set);
	ZEND_HASH_FOREACH_VAL(cpus, cpu) {
		zend_long n = zval_get_long(cpu);

		if (n < 0 || n >= ncpu || n >= CPU_SETSIZE) {
			php_error_docref(NULL, E_WARNING, "CPU " ZEND_LONG_FMT " does not exist (this machine has %ld)", n, ncpu);
			RETURN_FALSE;
		}
		CPU_SET((int) n, &set);
	} ZEND_HASH_FOREACH_END();
	if (sched_setaffinity(0, sizeof(set), &set) < 0) {
		php_error_docref(NULL, E_WARNING, "sched_setaffinity() failed: %s", strerror(errno));
		RETURN_FALSE;
	}
	RETURN_TRUE;
}
/* }}} */

void php_swoole_process_minit(int module_number)
{
	zend_class_entry *pool_ce;
	int i;

	register_process_symbols(module_number);
	php_swoole_process_ce = register_class_Swoole_Process();
	php_swoole_process_ce->create_object = php_swoole_process_create_object;
	zend_register_class_alias("swoole_process", php_swoole_process_ce);
	memcpy(&php_swoole_process_handlers, &std_object_handlers, sizeof(zend_object_handlers));
	php_swoole_process_handlers.offset = XtOffsetOf(php_swoole_process_t, std);
	php_swoole_process_handlers.free_obj = php_swoole_process_free_obj;
	php_swoole_process_handlers.get_gc = php_swoole_process_get_gc;
	php_swoole_process_handlers.clone_obj = NULL;
	for (i = 0; i < PHP_SWOOLE_SIGNAL_MAX; i++) {
		ZVAL_UNDEF(&php_swoole_signal_cbs[i].callable);
	}
	pool_ce = register_class_Swoole_Process_Pool();
	php_swoole_process_pool_minit(pool_ce);
}
