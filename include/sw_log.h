/*
 * Logging: one line per event, written with a single write() so lines from
 * threads and processes never interleave. The level is checked before the
 * message is formatted. Never call from a signal handler.
 */
#ifndef SW_LOG_H
#define SW_LOG_H

#include "sw_core.h"

enum sw_log_level {
	SW_LOG_DEBUG = 0,
	SW_LOG_TRACE = 1,
	SW_LOG_INFO = 2,
	SW_LOG_NOTICE = 3,
	SW_LOG_WARNING = 4,
	SW_LOG_ERROR = 5,
	SW_LOG_NONE = 6,
};

/* Role letters used in log lines: '#' master, '$' manager, '*' worker, '^' task worker, '@' user process. */
typedef enum {
	SW_ROLE_MASTER = 0,
	SW_ROLE_MANAGER = 1,
	SW_ROLE_WORKER = 2,
	SW_ROLE_TASK_WORKER = 3,
	/* the foreground process left behind by daemonize: it only exits */
	SW_ROLE_DAEMON_PARENT = 4,
	/* a user process of a server ($server->addProcess()), a child of the manager */
	SW_ROLE_USER_PROCESS = 5,
} sw_process_role_t;

typedef struct {
	int level;
	int fd;                 /* where lines go; 2 (stderr) by default */
	sw_process_role_t role;
	int worker_id;          /* -1 outside workers */
} sw_logger_t;

extern sw_logger_t sw_logger;

/* Opens (O_APPEND) the log file, or uses stderr when path is NULL or empty. */
int sw_log_open(const char *path);
void sw_log_close(void);
/*
 * Reopens the log file at its path (after logrotate moved it), keeping the
 * descriptor number; with also_stdio, stdout and stderr follow it too
 * (a daemon's PHP output goes to the log). No-op when logging to stderr.
 */
int sw_log_reopen(void);
void sw_log_set_stdio(bool also_stdio);
/*
 * Log files are created with mode SW_LOG_FILE_MODE (before the umask). With
 * an owner set (uid/gid >= 0; -1 leaves one unchanged), every open and
 * reopen done with the rights to do so hands the file to that owner, so
 * workers that dropped privileges can reopen it after logrotate.
 */
#define SW_LOG_FILE_MODE 0640
void sw_log_set_owner(long uid, long gid);
void sw_log_set_role(sw_process_role_t role, int worker_id);
void sw_log_write(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define sw_log(lvl_, ...)                                                                          \
	do {                                                                                           \
		if ((lvl_) >= sw_logger.level) {                                                           \
			sw_log_write((lvl_), __VA_ARGS__);                                                     \
		}                                                                                          \
	} while (0)

#define sw_debug(...) sw_log(SW_LOG_DEBUG, __VA_ARGS__)
#define sw_info(...) sw_log(SW_LOG_INFO, __VA_ARGS__)
#define sw_notice(...) sw_log(SW_LOG_NOTICE, __VA_ARGS__)
#define sw_warn(...) sw_log(SW_LOG_WARNING, __VA_ARGS__)
#define sw_error(...) sw_log(SW_LOG_ERROR, __VA_ARGS__)

#endif
