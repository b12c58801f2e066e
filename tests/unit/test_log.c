/*
 * Logging: level filtering before formatting, the exact line layout with role
 * and pid, one write per line (also across processes), truncation of long
 * messages, and the texts of sw_strerror().
 */
#define _GNU_SOURCE
#include <check.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sw_log.h"

static char log_path[64];

static void setup(void)
{
	int fd;

	snprintf(log_path, sizeof(log_path), "/tmp/sw_test_log_XXXXXX");
	fd = mkstemp(log_path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(sw_log_open(log_path), SW_OK);
	sw_logger.level = SW_LOG_DEBUG;
	sw_log_set_role(SW_ROLE_MASTER, -1);
}

static void teardown(void)
{
	sw_log_close();
	unlink(log_path);
}

/* The whole log file, NUL-terminated; *len gets its size. Caller frees. */
static char *slurp(size_t *len)
{
	struct stat st;
	char *buf;
	int fd = open(log_path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fstat(fd, &st), 0);
	buf = malloc((size_t) st.st_size + 1);
	ck_assert_ptr_nonnull(buf);
	n = read(fd, buf, (size_t) st.st_size);
	ck_assert_int_eq(n, st.st_size);
	buf[n] = '\0';
	close(fd);
	if (len != NULL) {
		*len = (size_t) n;
	}
	return buf;
}

static size_t count_char(const char *s, size_t n, char c)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		k += s[i] == c;
	}
	return k;
}

static void assert_matches(const char *text, const char *pattern)
{
	regex_t re;
	int rc;

	ck_assert_int_eq(regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB), 0);
	rc = regexec(&re, text, 0, NULL, 0);
	regfree(&re);
	ck_assert_msg(rc == 0, "line \"%s\" does not match /%s/", text, pattern);
}

/* The fixed prefix of a line: "[date time.ms <role><pid>[.<id>]] LEVEL\t". */
#define TS_RE "^\\[[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3} "

START_TEST(test_level_filtering)
{
	static const int levels[] = {SW_LOG_DEBUG, SW_LOG_TRACE, SW_LOG_INFO, SW_LOG_NOTICE, SW_LOG_WARNING,
			SW_LOG_ERROR, SW_LOG_NONE};
	size_t k;

	for (k = 0; k < sizeof(levels) / sizeof(levels[0]); k++) {
		char *text;
		size_t len;
		int lvl;

		ck_assert_int_eq(ftruncate(sw_logger.fd, 0), 0);
		sw_logger.level = levels[k];
		for (lvl = SW_LOG_DEBUG; lvl <= SW_LOG_ERROR; lvl++) {
			sw_log(lvl, "message at %d", lvl);
		}
		text = slurp(&len);
		/* Exactly the levels at or above the threshold, in order. */
		ck_assert_uint_eq(count_char(text, len, '\n'), (size_t) (SW_LOG_ERROR + 1 - SW_MIN(levels[k], SW_LOG_ERROR + 1)));
		for (lvl = SW_LOG_DEBUG; lvl <= SW_LOG_ERROR; lvl++) {
			char needle[32];

			snprintf(needle, sizeof(needle), "\tmessage at %d\n", lvl);
			if (lvl >= levels[k]) {
				ck_assert_msg(strstr(text, needle) != NULL, "level %d missing at threshold %d", lvl, levels[k]);
			} else {
				ck_assert_msg(strstr(text, needle) == NULL, "level %d written at threshold %d", lvl, levels[k]);
			}
		}
		free(text);
	}
}
END_TEST

static int side_effects;

static int bump(void)
{
	return ++side_effects;
}

/* The level is checked before anything is formatted or evaluated. */
START_TEST(test_filtered_args_not_evaluated)
{
	size_t len;
	char *text;

	side_effects = 0;
	sw_logger.level = SW_LOG_WARNING;
	sw_debug("%d", bump());
	sw_info("%d", bump());
	sw_notice("%d", bump());
	ck_assert_int_eq(side_effects, 0);
	sw_warn("%d", bump());
	ck_assert_int_eq(side_effects, 1);
	sw_logger.level = SW_LOG_NONE;
	sw_error("%d", bump());
	ck_assert_int_eq(side_effects, 1);
	text = slurp(&len);
	ck_assert_uint_eq(count_char(text, len, '\n'), 1);
	free(text);
}
END_TEST

START_TEST(test_line_layout_master)
{
	char pattern[256], *text;
	size_t len;

	sw_log_set_role(SW_ROLE_MASTER, -1);
	sw_warn("hello %s %d", "world", 42);
	text = slurp(&len);
	ck_assert_uint_gt(len, 0);
	ck_assert_int_eq(text[len - 1], '\n');
	ck_assert_uint_eq(count_char(text, len, '\n'), 1);
	text[len - 1] = '\0';
	snprintf(pattern, sizeof(pattern), TS_RE "#%d\\] WARNING\thello world 42$", (int) getpid());
	assert_matches(text, pattern);
	free(text);
}
END_TEST

START_TEST(test_line_layout_roles)
{
	static const struct {
		sw_process_role_t role;
		int worker_id;
		int level;
		const char *prefix; /* role and pid part, %d is the pid */
		const char *level_name;
	} cases[] = {
		{SW_ROLE_MANAGER, -1, SW_LOG_INFO, "\\$%d\\]", "INFO"},
		{SW_ROLE_WORKER, 3, SW_LOG_NOTICE, "\\*%d\\.3\\]", "NOTICE"},
		{SW_ROLE_WORKER, 0, SW_LOG_ERROR, "\\*%d\\.0\\]", "ERROR"},
		{SW_ROLE_TASK_WORKER, 17, SW_LOG_DEBUG, "\\^%d\\.17\\]", "DEBUG"},
		{SW_ROLE_MASTER, -1, SW_LOG_TRACE, "#%d\\]", "TRACE"},
	};
	size_t k;

	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		char pattern[256], rolepart[64], *text;
		size_t len;

		ck_assert_int_eq(ftruncate(sw_logger.fd, 0), 0);
		sw_log_set_role(cases[k].role, cases[k].worker_id);
		ck_assert_int_eq(sw_logger.role, cases[k].role);
		ck_assert_int_eq(sw_logger.worker_id, cases[k].worker_id);
		sw_log(cases[k].level, "case %zu", k);
		text = slurp(&len);
		ck_assert_uint_eq(count_char(text, len, '\n'), 1);
		ck_assert_int_eq(text[len - 1], '\n');
		text[len - 1] = '\0';
		snprintf(rolepart, sizeof(rolepart), cases[k].prefix, (int) getpid());
		snprintf(pattern, sizeof(pattern), TS_RE "%s %s\tcase %zu$", rolepart, cases[k].level_name, k);
		assert_matches(text, pattern);
		free(text);
	}
}
END_TEST

/* Out-of-range levels given to sw_log_write directly are clamped, never index past the names. */
START_TEST(test_out_of_range_level_clamped)
{
	char pattern[256], *text, *nl;
	size_t len;

	sw_log_write(-5, "low");
	sw_log_write(99, "high");
	text = slurp(&len);
	ck_assert_uint_eq(count_char(text, len, '\n'), 2);
	nl = strchr(text, '\n');
	*nl = '\0';
	text[len - 1] = '\0';
	snprintf(pattern, sizeof(pattern), TS_RE "#%d\\] DEBUG\tlow$", (int) getpid());
	assert_matches(text, pattern);
	snprintf(pattern, sizeof(pattern), TS_RE "#%d\\] ERROR\thigh$", (int) getpid());
	assert_matches(nl + 1, pattern);
	free(text);
}
END_TEST

START_TEST(test_one_line_per_call)
{
	char *text, *line, *save = NULL;
	size_t len;
	int i;

	for (i = 0; i < 500; i++) {
		sw_info("line number %d of the test", i);
	}
	text = slurp(&len);
	ck_assert_uint_eq(count_char(text, len, '\n'), 500);
	i = 0;
	for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char expect[64];
		size_t el, ll = strlen(line);

		snprintf(expect, sizeof(expect), "\tline number %d of the test", i);
		el = strlen(expect);
		ck_assert_uint_gt(ll, el);
		ck_assert_str_eq(line + ll - el, expect);
		i++;
	}
	ck_assert_int_eq(i, 500);
	free(text);
}
END_TEST

/* Length of the fixed prefix of a line ("[...] WARNING\t"), measured on a short line. */
static size_t prefix_length(void)
{
	char *text, *tab;
	size_t len, n;

	ck_assert_int_eq(ftruncate(sw_logger.fd, 0), 0);
	sw_warn("x");
	text = slurp(&len);
	tab = strchr(text, '\t');
	ck_assert_ptr_nonnull(tab);
	n = (size_t) (tab + 1 - text);
	free(text);
	ck_assert_int_eq(ftruncate(sw_logger.fd, 0), 0);
	return n;
}

START_TEST(test_long_message_truncated)
{
	size_t prefix = prefix_length(), len, i;
	char *msg = malloc(5001), *text;

	ck_assert_ptr_nonnull(msg);
	for (i = 0; i < 5000; i++) {
		msg[i] = (char) ('a' + i % 26);
	}
	msg[5000] = '\0';
	sw_warn("%s", msg);
	sw_warn("after");
	text = slurp(&len);
	/* Two lines: the long one cut, newline kept, and the next one intact. */
	ck_assert_uint_eq(count_char(text, len, '\n'), 2);
	{
		char *nl = strchr(text, '\n');
		size_t first = (size_t) (nl - text) + 1;

		ck_assert_uint_le(first, SW_LOG_LINE_MAX);
		/* Truncation uses the line buffer, it does not drop the message. */
		ck_assert_uint_ge(first, SW_LOG_LINE_MAX - 2);
		ck_assert_int_eq(text[prefix - 1], '\t');
		/* What was kept is exactly the start of the message. */
		ck_assert_int_eq(memcmp(text + prefix, msg, first - 1 - prefix), 0);
		ck_assert_str_eq(nl + 1 + prefix, "after\n");
	}
	free(text);
	free(msg);
}
END_TEST

/* A message that fits exactly is not cut. */
START_TEST(test_message_that_fits_is_whole)
{
	size_t prefix = prefix_length(), len, room, i;
	char *msg, *text;

	/* A line of SW_LOG_LINE_MAX - 1 bytes including the newline leaves room for a NUL. */
	room = SW_LOG_LINE_MAX - 1 - prefix - 1;
	msg = malloc(room + 1);
	ck_assert_ptr_nonnull(msg);
	for (i = 0; i < room; i++) {
		msg[i] = (char) ('A' + i % 26);
	}
	msg[room] = '\0';
	sw_warn("%s", msg);
	text = slurp(&len);
	ck_assert_uint_eq(len, prefix + room + 1);
	ck_assert_int_eq(memcmp(text + prefix, msg, room), 0);
	ck_assert_int_eq(text[len - 1], '\n');
	free(text);
	free(msg);
}
END_TEST

START_TEST(test_log_to_pipe)
{
	int fds[2], saved = sw_logger.fd;
	char buf[512];
	ssize_t n;

	ck_assert_int_eq(pipe(fds), 0);
	sw_logger.fd = fds[1];
	sw_logger.level = SW_LOG_NOTICE;
	sw_info("not this");
	sw_error("through a pipe %d", 7);
	sw_logger.fd = saved;
	close(fds[1]);
	n = read(fds[0], buf, sizeof(buf) - 1);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	ck_assert_uint_eq(count_char(buf, (size_t) n, '\n'), 1);
	ck_assert_int_eq(buf[n - 1], '\n');
	ck_assert_ptr_nonnull(strstr(buf, "] ERROR\tthrough a pipe 7\n"));
	ck_assert_ptr_null(strstr(buf, "not this"));
	/* One write() per line: the reader got it in one piece, and nothing else follows. */
	ck_assert_int_eq(read(fds[0], buf, sizeof(buf)), 0);
	close(fds[0]);
}
END_TEST

START_TEST(test_open_appends_and_errors)
{
	char *text;
	size_t len;
	int fd;

	sw_info("first");
	/* Reopening the same file appends. */
	ck_assert_int_eq(sw_log_open(log_path), SW_OK);
	sw_info("second");
	text = slurp(&len);
	ck_assert_uint_eq(count_char(text, len, '\n'), 2);
	ck_assert_ptr_nonnull(strstr(text, "\tfirst\n"));
	ck_assert_ptr_nonnull(strstr(text, "\tsecond\n"));
	free(text);

	/* A path that cannot be opened fails with errno and leaves the current target. */
	fd = sw_logger.fd;
	ck_assert_int_eq(sw_log_open("/nonexistent-dir/sw/test.log"), SW_ERR);
	ck_assert_int_eq(sw_error_get(), ENOENT);
	ck_assert_int_eq(sw_logger.fd, fd);
	sw_info("third");
	text = slurp(&len);
	ck_assert_ptr_nonnull(strstr(text, "\tthird\n"));
	free(text);

	/* NULL and "" go back to stderr. */
	ck_assert_int_eq(sw_log_open(NULL), SW_OK);
	ck_assert_int_eq(sw_logger.fd, STDERR_FILENO);
	ck_assert_int_eq(sw_log_open(log_path), SW_OK);
	ck_assert_int_gt(sw_logger.fd, STDERR_FILENO);
	ck_assert_int_eq(sw_log_open(""), SW_OK);
	ck_assert_int_eq(sw_logger.fd, STDERR_FILENO);
	/* Closing stderr-as-target does not close stderr. */
	sw_log_close();
	ck_assert_int_ne(fcntl(STDERR_FILENO, F_GETFD), -1);
}
END_TEST

START_TEST(test_errno_preserved)
{
	int fd = sw_logger.fd;

	errno = EAGAIN;
	sw_info("keeps errno");
	ck_assert_int_eq(errno, EAGAIN);
	/* Also when the write itself fails. */
	sw_logger.fd = 1000;
	ck_assert_int_eq(fcntl(1000, F_GETFD), -1);
	errno = EINTR;
	sw_error("lost");
	ck_assert_int_eq(errno, EINTR);
	sw_logger.fd = fd;
}
END_TEST

/* Several processes appending at once: every line arrives whole. */
START_TEST(test_concurrent_processes_whole_lines)
{
	enum { PROCS = 4, LINES = 300 };
	char *text, *line, *save = NULL;
	size_t len;
	int p, counts[PROCS] = {0};

	for (p = 0; p < PROCS; p++) {
		pid_t pid = fork();

		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			char pad[600];
			int i;

			memset(pad, 'a' + p, sizeof(pad) - 1);
			pad[sizeof(pad) - 1] = '\0';
			sw_log_set_role(SW_ROLE_WORKER, p);
			for (i = 0; i < LINES; i++) {
				sw_info("proc=%d i=%d %s end", p, i, pad + (i % 500));
			}
			_exit(0);
		}
	}
	for (p = 0; p < PROCS; p++) {
		int st;

		ck_assert_int_gt(wait(&st), 0);
		ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	text = slurp(&len);
	ck_assert_uint_eq(count_char(text, len, '\n'), PROCS * LINES);
	for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		int who, i, n = 0;
		const char *body = strchr(line, '\t');
		size_t k, padlen;

		ck_assert_ptr_nonnull(body);
		ck_assert_int_eq(sscanf(body + 1, "proc=%d i=%d %n", &who, &i, &n), 2);
		ck_assert(who >= 0 && who < PROCS);
		padlen = 599 - (size_t) (i % 500);
		for (k = 0; k < padlen; k++) {
			ck_assert_int_eq(body[1 + n + k], 'a' + who);
		}
		ck_assert_str_eq(body + 1 + n + padlen, " end");
		counts[who]++;
	}
	for (p = 0; p < PROCS; p++) {
		ck_assert_int_eq(counts[p], LINES);
	}
	free(text);
}
END_TEST

START_TEST(test_strerror_server_codes)
{
	ck_assert_str_eq(sw_strerror(0), "Success");
	ck_assert_str_eq(sw_strerror(SW_ERROR_MALLOC_FAIL), "Memory allocation failed");
	ck_assert_str_eq(sw_strerror(SW_ERROR_SESSION_NOT_EXIST), "Session does not exist");
	ck_assert_str_eq(sw_strerror(SW_ERROR_SESSION_CLOSED_BY_CLIENT), "Session closed by client");
	ck_assert_str_eq(sw_strerror(SW_ERROR_OUTPUT_BUFFER_OVERFLOW), "Output buffer overflow");
	ck_assert_ptr_nonnull(strstr(sw_strerror(SW_ERROR_PACKAGE_LENGTH_TOO_LARGE), "package_max_length"));
	ck_assert_ptr_nonnull(strstr(sw_strerror(SW_ERROR_DATA_LENGTH_TOO_LARGE), "buffer_output_size"));
	ck_assert_ptr_nonnull(strstr(sw_strerror(SW_ERROR_IPC_PROTOCOL), "IPC"));
	ck_assert_str_eq(sw_strerror(SW_ERROR_SERVER_NOT_RUNNING), "Server is not running");
	ck_assert_str_eq(sw_strerror(SW_ERROR_SERVER_ONLY_START_ONE), "Only one server can be started in a process");
	/* Unassigned numbers, server range or not. */
	ck_assert_str_eq(sw_strerror(1000), "Unknown error");
	ck_assert_str_eq(sw_strerror(9999), "Unknown error");
	ck_assert_str_eq(sw_strerror(-1), "Unknown error");
}
END_TEST

START_TEST(test_strerror_errno_values)
{
	int codes[] = {ENOENT, EAGAIN, EINVAL, ECONNRESET, EPIPE, ETIMEDOUT, EMFILE};
	size_t k;
	int c;

	for (k = 0; k < sizeof(codes) / sizeof(codes[0]); k++) {
		ck_assert_str_eq(sw_strerror(codes[k]), strerror(codes[k]));
	}
	ck_assert_str_eq(sw_strerror(ENOENT), "No such file or directory");
	/* Never NULL, never empty, whatever the number. */
	for (c = -10; c < 10100; c++) {
		const char *s = sw_strerror(c);

		ck_assert_ptr_nonnull(s);
		ck_assert_uint_gt(strlen(s), 0);
	}
}
END_TEST

static void *set_error_in_thread(void *arg)
{
	sw_error_set(*(int *) arg);
	*(int *) arg = sw_error_get();
	return NULL;
}

START_TEST(test_last_error_is_per_thread)
{
	pthread_t th;
	int other = SW_ERROR_SESSION_CLOSED;

	sw_error_set(SW_ERROR_IPC_PROTOCOL);
	ck_assert_int_eq(pthread_create(&th, NULL, set_error_in_thread, &other), 0);
	ck_assert_int_eq(pthread_join(th, NULL), 0);
	ck_assert_int_eq(other, SW_ERROR_SESSION_CLOSED);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_IPC_PROTOCOL);
}
END_TEST

static Suite *log_suite(void)
{
	Suite *s = suite_create("log");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 15);
	tcase_add_test(tc, test_level_filtering);
	tcase_add_test(tc, test_filtered_args_not_evaluated);
	tcase_add_test(tc, test_line_layout_master);
	tcase_add_test(tc, test_line_layout_roles);
	tcase_add_test(tc, test_out_of_range_level_clamped);
	tcase_add_test(tc, test_one_line_per_call);
	tcase_add_test(tc, test_long_message_truncated);
	tcase_add_test(tc, test_message_that_fits_is_whole);
	tcase_add_test(tc, test_log_to_pipe);
	tcase_add_test(tc, test_open_appends_and_errors);
	tcase_add_test(tc, test_errno_preserved);
	tcase_add_test(tc, test_concurrent_processes_whole_lines);
	tcase_add_test(tc, test_strerror_server_codes);
	tcase_add_test(tc, test_strerror_errno_values);
	tcase_add_test(tc, test_last_error_is_per_thread);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(log_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
