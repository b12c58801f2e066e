/*
 * Log lines: "[2026-11-23 13:00:00.123 #1234.M] WARNING message\n", built in
 * a stack buffer and written with one write() so concurrent writers never
 * interleave within a line (the file is opened with O_APPEND).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "sw_log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static char *log_path;
static bool log_stdio;
static long owner_uid = -1, owner_gid = -1;

sw_logger_t sw_logger = {
	.level = SW_LOG_INFO,
	.fd = STDERR_FILENO,
	.role = SW_ROLE_MASTER,
	.worker_id = -1,
};

static const char *const level_names[] = {"DEBUG", "TRACE", "INFO", "NOTICE", "WARNING", "ERROR"};

void sw_log_set_owner(long uid, long gid)
{
	owner_uid = uid;
	owner_gid = gid;
}

/*
 * Only a process that may (root, before dropping privileges) changes the
 * owner; for the others fchown fails with EPERM, which is expected: they
 * reopen a file that a privileged process already handed over.
 */
static void give_to_owner(int fd)
{
	if ((owner_uid >= 0 || owner_gid >= 0) && geteuid() == 0) {
		if (fchown(fd, (uid_t) owner_uid, (gid_t) owner_gid) < 0) {
			sw_error_set(errno);
		}
	}
}

int sw_log_open(const char *path)
{
	int fd;

	if (path == NULL || path[0] == '\0') {
		sw_log_close();
		return SW_OK;
	}
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, SW_LOG_FILE_MODE);
	if (fd < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	give_to_owner(fd);
	sw_log_close();
	sw_logger.fd = fd;
	log_path = strdup(path);
	return SW_OK;
}

void sw_log_set_stdio(bool also_stdio)
{
	log_stdio = also_stdio;
}

int sw_log_reopen(void)
{
	int fd;

	if (log_path == NULL || sw_logger.fd <= STDERR_FILENO) {
		return SW_OK;
	}
	fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, SW_LOG_FILE_MODE);
	if (fd < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	give_to_owner(fd);
	/* Same descriptor number: nothing else holding it needs to know. */
	if (dup3(fd, sw_logger.fd, O_CLOEXEC) < 0) {
		sw_error_set(errno);
		close(fd);
		return SW_ERR;
	}
	if (log_stdio) {
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
	}
	close(fd);
	return SW_OK;
}

void sw_log_close(void)
{
	if (sw_logger.fd > STDERR_FILENO) {
		close(sw_logger.fd);
	}
	sw_logger.fd = STDERR_FILENO;
	free(log_path);
	log_path = NULL;
}

void sw_log_set_role(sw_process_role_t role, int worker_id)
{
	sw_logger.role = role;
	sw_logger.worker_id = worker_id;
}

void sw_log_write(int level, const char *fmt, ...)
{
	static const char role_chars[] = {'#', '$', '*', '^', '#', '@', '?', '?'};
	char line[SW_LOG_LINE_MAX];
	struct timeval tv;
	struct tm tm;
	size_t n;
	int w;
	va_list args;
	int saved_errno = errno;

	if (level < SW_LOG_DEBUG) {
		level = SW_LOG_DEBUG;
	} else if (level > SW_LOG_ERROR) {
		level = SW_LOG_ERROR;
	}
	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	n = strftime(line, sizeof(line), "[%Y-%m-%d %H:%M:%S", &tm);
	if (sw_logger.worker_id >= 0) {
		w = snprintf(line + n, sizeof(line) - n, ".%03d %c%d.%d] %s\t", (int) (tv.tv_usec / 1000),
				role_chars[sw_logger.role & 7], (int) getpid(), sw_logger.worker_id, level_names[level]);
	} else {
		w = snprintf(line + n, sizeof(line) - n, ".%03d %c%d] %s\t", (int) (tv.tv_usec / 1000),
				role_chars[sw_logger.role & 7], (int) getpid(), level_names[level]);
	}
	n += (size_t) w;
	va_start(args, fmt);
	w = vsnprintf(line + n, sizeof(line) - n, fmt, args);
	va_end(args);
	if (w < 0) {
		w = 0;
	}
	n += (size_t) w;
	if (n > sizeof(line) - 2) {
		n = sizeof(line) - 2;
	}
	line[n++] = '\n';
	/* A failed log write has nowhere to be reported. */
	if (write(sw_logger.fd, line, n) < 0) {
		errno = saved_errno;
	}
	errno = saved_errno;
}
