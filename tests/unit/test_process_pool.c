/*
 * The process pool with real processes and real signals: spawn, kill -9 and
 * respawn, back-off for children that die at start, graceful shutdown, and
 * SIGKILL for children that ignore SIGTERM.
 *
 * Every child the pool forks leaves through _exit() right where spawn/tick
 * returns 1, so no child ever runs the rest of a test or the check framework.
 * Children also die with their test process (PR_SET_PDEATHSIG), so a failing
 * or timed-out test leaves no orphans behind.
 */
#define _GNU_SOURCE
#include <check.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sw_log.h"
#include "sw_process_pool.h"

#define MAX_EXITS 64

/* What on_exit saw, in the test process. */
typedef struct {
	sw_child_exit_t ex;
	int64_t respawn_delay_ms;   /* respawn_at_ms - now, as seen in on_exit */
	uint32_t fast_exits;
} exit_record_t;

static exit_record_t exits[MAX_EXITS];
static int exit_count;
static pid_t test_pid;
static char log_path[64];

static volatile sig_atomic_t got_term;

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long) (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
	}
}

static void record_exit(sw_process_pool_t *pool, const sw_child_exit_t *ex)
{
	if (exit_count < MAX_EXITS) {
		exits[exit_count].ex = *ex;
		exits[exit_count].respawn_delay_ms = pool->children[ex->id].respawn_at_ms - sw_time_ms();
		exits[exit_count].fast_exits = pool->children[ex->id].fast_exits;
	}
	exit_count++;
}

/* Ties a child's life to the test process, whatever happens to the test. */
static void child_setup(void)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != test_pid) {
		_exit(99);
	}
}

static void on_term(int signo)
{
	(void) signo;
	got_term = 1;
}

/*
 * Waits for SIGTERM and returns 10 + id. SIGTERM is blocked in the test
 * process before the fork, so one sent before the handler exists stays
 * pending instead of killing the child by default action.
 */
static int child_wait_term(sw_process_pool_t *pool, int id)
{
	struct sigaction sa;
	sigset_t none;

	(void) pool;
	child_setup();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&none);
	while (!got_term) {
		sigsuspend(&none);
	}
	return 10 + id;
}

static int child_exit_7(sw_process_pool_t *pool, int id)
{
	(void) pool;
	(void) id;
	return 7;
}

static int child_ignore_term(sw_process_pool_t *pool, int id)
{
	sigset_t none;

	(void) pool;
	(void) id;
	child_setup();
	signal(SIGTERM, SIG_IGN);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (;;) {
		pause();
	}
	return 0;
}

static void block_term(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
}

static void setup(void)
{
	int rc;

	exit_count = 0;
	memset(exits, 0, sizeof(exits));
	test_pid = getpid();
	block_term();
	snprintf(log_path, sizeof(log_path), "/tmp/sw_pool_test_%d.log", (int) getpid());
	unlink(log_path);
	rc = sw_log_open(log_path);
	ck_assert_int_eq(rc, SW_OK);
	sw_logger.level = SW_LOG_DEBUG;
}

static void teardown(void)
{
	sw_log_close();
	unlink(log_path);
}

static bool log_contains(const char *needle)
{
	char buf[16384];
	ssize_t n;
	FILE *f = fopen(log_path, "r");

	if (f == NULL) {
		return false;
	}
	n = (ssize_t) fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n < 0 ? 0 : n] = '\0';
	return strstr(buf, needle) != NULL;
}

static void start_or_exit(sw_process_pool_t *pool, int expect)
{
	int code = -1;
	int rc = sw_process_pool_start(pool, &code);

	if (rc == 1) {
		_exit(code);
	}
	ck_assert_int_eq(rc, expect);
}

static int tick_or_exit(sw_process_pool_t *pool)
{
	int code = -1;
	int next_ms = -2;

	if (sw_process_pool_tick(pool, &code, &next_ms) == 1) {
		_exit(code);
	}
	return next_ms;
}

/* Reaps until `n` exits were recorded in total, or the time runs out. */
static void reap_until_exits(sw_process_pool_t *pool, int n, int timeout_ms)
{
	int64_t end = sw_time_ms() + timeout_ms;

	while (exit_count < n && sw_time_ms() < end) {
		sw_process_pool_reap(pool);
		if (exit_count < n) {
			sleep_ms(2);
		}
	}
	ck_assert_int_ge(exit_count, n);
}

/* Drives the pool like a manager loop until no child is alive. */
static void drive_until_empty(sw_process_pool_t *pool, int timeout_ms)
{
	int64_t end = sw_time_ms() + timeout_ms;
	int next_ms;

	while (sw_process_pool_alive(pool) > 0 && sw_time_ms() < end) {
		sw_process_pool_reap(pool);
		next_ms = tick_or_exit(pool);
		if (sw_process_pool_alive(pool) > 0) {
			sleep_ms(next_ms >= 0 && next_ms < 5 ? next_ms : 5);
		}
	}
	ck_assert_int_eq(sw_process_pool_alive(pool), 0);
}

/* Stops whatever a test left running and frees the pool. */
static void pool_cleanup(sw_process_pool_t *pool)
{
	pool->max_wait_ms = 200;
	sw_process_pool_shutdown(pool);
	drive_until_empty(pool, 3000);
	sw_process_pool_free(pool);
}

static void init_pool(sw_process_pool_t *pool, int count, int (*child_main)(sw_process_pool_t *, int))
{
	ck_assert_int_eq(sw_process_pool_init(pool, count), SW_OK);
	pool->child_main = child_main;
	pool->on_exit = record_exit;
}

START_TEST(test_start_three_alive)
{
	sw_process_pool_t pool;
	int i;
	int j;

	init_pool(&pool, 3, child_wait_term);
	start_or_exit(&pool, SW_OK);

	ck_assert_int_eq(sw_process_pool_alive(&pool), 3);
	for (i = 0; i < 3; i++) {
		sw_child_t *c = &pool.children[i];

		ck_assert_int_eq(c->id, i);
		ck_assert_int_eq(c->state, SW_CHILD_RUNNING);
		ck_assert_int_gt(c->pid, 0);
		ck_assert_int_eq(kill(c->pid, 0), 0);
		ck_assert_int_eq(c->spawn_count, 1);
		ck_assert_int_eq(sw_process_pool_find(&pool, c->pid), i);
		for (j = 0; j < i; j++) {
			ck_assert_int_ne(pool.children[j].pid, c->pid);
		}
	}
	ck_assert_int_eq(sw_process_pool_find(&pool, getpid()), -1);
	ck_assert_int_eq(sw_process_pool_find(&pool, 0), -1);
	/* Everything is up: nothing to do and no deadline. */
	ck_assert_int_eq(tick_or_exit(&pool), -1);
	ck_assert_int_eq(sw_process_pool_reap(&pool), 0);
	ck_assert_int_eq(exit_count, 0);

	pool_cleanup(&pool);
}
END_TEST

START_TEST(test_kill9_respawns)
{
	sw_process_pool_t pool;
	pid_t old;
	pid_t fresh;

	init_pool(&pool, 3, child_wait_term);
	start_or_exit(&pool, SW_OK);
	/* Outlive the fast-exit window so the respawn is immediate. */
	sleep_ms(SW_RESPAWN_FAST_EXIT_MS + 100);

	old = pool.children[1].pid;
	ck_assert_int_eq(kill(old, SIGKILL), 0);
	reap_until_exits(&pool, 1, 2000);

	ck_assert_int_eq(exit_count, 1);
	ck_assert_int_eq(exits[0].ex.id, 1);
	ck_assert_int_eq(exits[0].ex.pid, old);
	ck_assert_int_eq(exits[0].ex.signo, SIGKILL);
	ck_assert(!exits[0].ex.expected);
	ck_assert_int_eq(exits[0].fast_exits, 0);
	ck_assert_int_le(exits[0].respawn_delay_ms, 0);
	ck_assert_int_eq(pool.children[1].state, SW_CHILD_EMPTY);
	ck_assert_int_eq(sw_process_pool_alive(&pool), 2);
	ck_assert_int_eq(sw_process_pool_find(&pool, old), -1);
	ck_assert(log_contains("signal SIGKILL"));

	ck_assert_int_eq(tick_or_exit(&pool), -1);
	fresh = pool.children[1].pid;
	ck_assert_int_eq(sw_process_pool_alive(&pool), 3);
	ck_assert_int_eq(pool.children[1].state, SW_CHILD_RUNNING);
	ck_assert_int_gt(fresh, 0);
	ck_assert_int_ne(fresh, old);
	ck_assert_int_eq(kill(fresh, 0), 0);
	ck_assert_int_eq(pool.children[1].spawn_count, 2);
	ck_assert_int_eq(pool.children[0].spawn_count, 1);
	ck_assert_int_eq(pool.children[2].spawn_count, 1);

	pool_cleanup(&pool);
}
END_TEST

START_TEST(test_fast_exit_backs_off)
{
	sw_process_pool_t pool;
	int64_t end;
	int next_ms;
	int i;
	uint32_t spawns;

	init_pool(&pool, 1, child_exit_7);
	start_or_exit(&pool, SW_OK);

	/* A manager loop for 1.5 s: sleep exactly as long as tick asks. */
	end = sw_time_ms() + 1500;
	while (sw_time_ms() < end) {
		sw_process_pool_reap(&pool);
		next_ms = tick_or_exit(&pool);
		if (next_ms < 0 || next_ms > 5) {
			next_ms = 5;
		}
		sleep_ms(next_ms);
	}
	spawns = pool.children[0].spawn_count;
	/* 0, +100, +200, +400, +800 ms: a tight loop would give thousands. */
	ck_assert_uint_ge(spawns, 3);
	ck_assert_uint_le(spawns, 6);
	ck_assert_int_ge(exit_count, 3);
	for (i = 0; i < exit_count && i < MAX_EXITS; i++) {
		int64_t want = (int64_t) SW_RESPAWN_BACKOFF_MIN_MS << i;

		ck_assert_int_eq(exits[i].ex.exit_code, 7);
		ck_assert_int_eq(exits[i].ex.signo, 0);
		ck_assert(!exits[i].ex.expected);
		ck_assert_uint_eq(exits[i].fast_exits, (uint32_t) i + 1);
		ck_assert_int_le(exits[i].respawn_delay_ms, want);
		ck_assert_int_gt(exits[i].respawn_delay_ms, want - 50);
		if (i > 0) {
			ck_assert_int_gt(exits[i].respawn_delay_ms, exits[i - 1].respawn_delay_ms);
		}
	}
	ck_assert(log_contains("exit code 7"));
	ck_assert(log_contains("respawning in 200 ms"));

	pool_cleanup(&pool);
}
END_TEST

static int child_exit_0(sw_process_pool_t *pool, int id)
{
	(void) pool;
	(void) id;
	return 0;
}

/* The child's own planned exit (a recycled worker): code 0 counts, code 7 does not. */
static bool planned_if_code_0(sw_process_pool_t *pool, const sw_child_exit_t *ex)
{
	(void) pool;
	return ex->signo == 0 && ex->exit_code == 0;
}

START_TEST(test_planned_exit_no_backoff)
{
	sw_process_pool_t pool;
	int64_t end;
	int next_ms, i;

	init_pool(&pool, 1, child_exit_0);
	pool.exit_planned = planned_if_code_0;
	start_or_exit(&pool, SW_OK);

	/* Each child exits at once with 0: planned, so it comes back at once every time. */
	end = sw_time_ms() + 600;
	while (sw_time_ms() < end) {
		sw_process_pool_reap(&pool);
		next_ms = tick_or_exit(&pool);
		if (next_ms < 0 || next_ms > 5) {
			next_ms = 5;
		}
		sleep_ms(next_ms);
	}
	/* With back-off there would be 3 or 4 spawns in 600 ms; without, many more. */
	ck_assert_uint_ge(pool.children[0].spawn_count, 10);
	ck_assert_int_ge(exit_count, 9);
	for (i = 0; i < exit_count && i < MAX_EXITS; i++) {
		ck_assert(exits[i].ex.expected);
		ck_assert_uint_eq(exits[i].fast_exits, 0);
		ck_assert_int_le(exits[i].respawn_delay_ms, 0);
	}
	ck_assert(!log_contains("exited unexpectedly"));
	pool_cleanup(&pool);

	/* The same hook does not excuse a real failure. */
	exit_count = 0;
	init_pool(&pool, 1, child_exit_7);
	pool.exit_planned = planned_if_code_0;
	start_or_exit(&pool, SW_OK);
	reap_until_exits(&pool, 1, 2000);
	ck_assert_int_eq(exit_count, 1);
	ck_assert(!exits[0].ex.expected);
	ck_assert_uint_eq(exits[0].fast_exits, 1);
	ck_assert_int_gt(exits[0].respawn_delay_ms, 0);
	pool_cleanup(&pool);
}
END_TEST

START_TEST(test_backoff_is_capped)
{
	sw_process_pool_t pool;

	init_pool(&pool, 1, child_exit_7);
	start_or_exit(&pool, SW_OK);
	/* Many crashes in a row already: the next delay must hit the cap, not overflow. */
	pool.children[0].fast_exits = 1000;
	reap_until_exits(&pool, 1, 2000);

	ck_assert_int_eq(exits[0].ex.exit_code, 7);
	ck_assert_int_le(exits[0].respawn_delay_ms, SW_RESPAWN_BACKOFF_MAX_MS);
	ck_assert_int_gt(exits[0].respawn_delay_ms, SW_RESPAWN_BACKOFF_MAX_MS - 50);
	/* Nothing respawns yet, and tick says when it will. */
	{
		int next_ms = tick_or_exit(&pool);

		ck_assert_int_gt(next_ms, SW_RESPAWN_BACKOFF_MAX_MS - 100);
		ck_assert_int_le(next_ms, SW_RESPAWN_BACKOFF_MAX_MS);
	}
	ck_assert_int_eq(sw_process_pool_alive(&pool), 0);
	ck_assert_uint_eq(pool.children[0].spawn_count, 1);

	pool_cleanup(&pool);
}
END_TEST

START_TEST(test_shutdown_reaps_all_no_respawn)
{
	sw_process_pool_t pool;
	bool seen[3] = {false, false, false};
	int i;

	init_pool(&pool, 3, child_wait_term);
	start_or_exit(&pool, SW_OK);

	sw_process_pool_shutdown(&pool);
	ck_assert(!pool.running);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(pool.children[i].state, SW_CHILD_STOPPING);
	}
	drive_until_empty(&pool, 2000);

	ck_assert_int_eq(exit_count, 3);
	for (i = 0; i < 3; i++) {
		int id = exits[i].ex.id;

		ck_assert(id >= 0 && id < 3);
		ck_assert(!seen[id]);
		seen[id] = true;
		ck_assert(exits[i].ex.expected);
		ck_assert_int_eq(exits[i].ex.signo, 0);
		ck_assert_int_eq(exits[i].ex.exit_code, 10 + id);
	}
	/* Stopped means stopped: a later tick forks nothing and waits for nothing. */
	sleep_ms(150);
	ck_assert_int_eq(tick_or_exit(&pool), -1);
	ck_assert_int_eq(sw_process_pool_reap(&pool), 0);
	ck_assert_int_eq(sw_process_pool_alive(&pool), 0);
	for (i = 0; i < 3; i++) {
		ck_assert_uint_eq(pool.children[i].spawn_count, 1);
	}
	ck_assert(!log_contains("unexpectedly"));

	sw_process_pool_free(&pool);
}
END_TEST

START_TEST(test_sigterm_ignored_gets_sigkill)
{
	sw_process_pool_t pool;
	int64_t t0;
	int64_t took;
	int next_ms;

	init_pool(&pool, 1, child_ignore_term);
	pool.max_wait_ms = 300;
	start_or_exit(&pool, SW_OK);
	/* Let the child install SIG_IGN, so SIGTERM really is ignored. */
	sleep_ms(100);

	t0 = sw_time_ms();
	sw_process_pool_shutdown(&pool);
	next_ms = tick_or_exit(&pool);
	ck_assert_int_gt(next_ms, 200);
	ck_assert_int_le(next_ms, 300);
	drive_until_empty(&pool, 2000);
	took = sw_time_ms() - t0;

	ck_assert_int_ge(took, 290);
	ck_assert_int_lt(took, 1000);
	ck_assert_int_eq(exit_count, 1);
	ck_assert_int_eq(exits[0].ex.signo, SIGKILL);
	ck_assert(exits[0].ex.expected);
	ck_assert(log_contains("max_wait_time exceeded"));
	ck_assert_int_eq(tick_or_exit(&pool), -1);

	sw_process_pool_free(&pool);
}
END_TEST

START_TEST(test_stop_child_respawns_at_once)
{
	sw_process_pool_t pool;
	pid_t old;

	init_pool(&pool, 2, child_wait_term);
	start_or_exit(&pool, SW_OK);
	old = pool.children[0].pid;

	/* A stop on purpose is no crash: no back-off even right after start. */
	ck_assert_int_eq(sw_process_pool_stop_child(&pool, 0), SW_OK);
	ck_assert_int_eq(pool.children[0].state, SW_CHILD_STOPPING);
	ck_assert_int_eq(sw_process_pool_alive(&pool), 2);
	reap_until_exits(&pool, 1, 2000);

	ck_assert_int_eq(exits[0].ex.id, 0);
	ck_assert_int_eq(exits[0].ex.pid, old);
	ck_assert(exits[0].ex.expected);
	ck_assert_int_eq(exits[0].ex.exit_code, 10);
	ck_assert_int_eq(exits[0].fast_exits, 0);
	ck_assert_int_eq(tick_or_exit(&pool), -1);
	ck_assert_int_eq(sw_process_pool_alive(&pool), 2);
	ck_assert_int_ne(pool.children[0].pid, old);
	ck_assert_uint_eq(pool.children[0].spawn_count, 2);
	ck_assert_uint_eq(pool.children[1].spawn_count, 1);

	pool_cleanup(&pool);
}
END_TEST

START_TEST(test_reap_consumes_foreign_children)
{
	sw_process_pool_t pool;
	pid_t other;
	int st;

	init_pool(&pool, 1, child_wait_term);
	start_or_exit(&pool, SW_OK);

	other = fork();
	ck_assert_int_ge(other, 0);
	if (other == 0) {
		_exit(5);
	}
	sleep_ms(100);
	ck_assert_int_eq(sw_process_pool_reap(&pool), 0);
	ck_assert_int_eq(exit_count, 0);
	ck_assert_int_eq(sw_process_pool_alive(&pool), 1);
	/* Reaped and dropped: the foreign child is gone, not a zombie. */
	ck_assert_int_eq(waitpid(other, &st, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);

	pool_cleanup(&pool);
}
END_TEST

START_TEST(test_invalid_use)
{
	sw_process_pool_t pool;
	int code = -1;

	ck_assert_int_eq(sw_process_pool_init(&pool, 0), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_INVALID_PARAMS);

	init_pool(&pool, 2, child_wait_term);
	ck_assert(pool.running);
	ck_assert_int_eq(pool.max_wait_ms, SW_DEFAULT_MAX_WAIT_TIME * 1000);
	ck_assert_int_eq(sw_process_pool_alive(&pool), 0);
	ck_assert_int_eq(sw_process_pool_spawn(&pool, 2, &code), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_INVALID_PARAMS);
	ck_assert_int_eq(sw_process_pool_spawn(&pool, -1, &code), SW_ERR);
	ck_assert_int_eq(sw_process_pool_stop_child(&pool, 0), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_WRONG_OPERATION);
	ck_assert_int_eq(sw_process_pool_stop_child(&pool, 5), SW_ERR);
	ck_assert_int_eq(sw_process_pool_find(&pool, -1), -1);

	if (sw_process_pool_spawn(&pool, 1, &code) == 1) {
		_exit(code);
	}
	ck_assert_int_eq(pool.children[1].state, SW_CHILD_RUNNING);
	/* A busy slot cannot be forked twice. */
	ck_assert_int_eq(sw_process_pool_spawn(&pool, 1, &code), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_WRONG_OPERATION);
	ck_assert_int_eq(sw_process_pool_alive(&pool), 1);

	pool_cleanup(&pool);
	ck_assert_ptr_null(pool.children);
}
END_TEST

static Suite *process_pool_suite(void)
{
	Suite *s = suite_create("process_pool");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 15);
	tcase_add_test(tc, test_start_three_alive);
	tcase_add_test(tc, test_kill9_respawns);
	tcase_add_test(tc, test_fast_exit_backs_off);
	tcase_add_test(tc, test_planned_exit_no_backoff);
	tcase_add_test(tc, test_backoff_is_capped);
	tcase_add_test(tc, test_shutdown_reaps_all_no_respawn);
	tcase_add_test(tc, test_sigterm_ignored_gets_sigkill);
	tcase_add_test(tc, test_stop_child_respawns_at_once);
	tcase_add_test(tc, test_reap_consumes_foreign_children);
	tcase_add_test(tc, test_invalid_use);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(process_pool_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
