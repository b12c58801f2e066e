/*
 * Process-shared locks and the atomic wait/wakeup, each between real
 * processes: a lock held in one process blocks another; lockwait gives up
 * after its timeout; a mutex whose owner died is recovered; readers share a
 * rwlock; a wakeup from one process releases a waiter in another.
 */
#define _GNU_SOURCE
#include <check.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sw_atomic.h"
#include "sw_lock.h"
#include "sw_shm.h"

static const sw_lock_type_t all_types[] = {
	SW_LOCK_MUTEX, SW_LOCK_RWLOCK, SW_LOCK_SPINLOCK, SW_LOCK_SEM, SW_LOCK_FILELOCK,
};

static char lock_path[64];

static sw_lock_t *make_lock(sw_lock_type_t type)
{
	sw_lock_t *l;

	snprintf(lock_path, sizeof(lock_path), "/tmp/sw-test-lock-%d", (int) getpid());
	l = sw_lock_new(type, lock_path);
	ck_assert_msg(l != NULL, "%s: create failed (%d)", sw_lock_type_name(type), sw_error_get());
	return l;
}

static void drop_lock(sw_lock_t *l)
{
	sw_lock_free(l);
	unlink(lock_path);
}

/* Runs fn(lock) in a child process and returns its exit code. */
static int in_child(sw_lock_t *l, int (*fn)(sw_lock_t *))
{
	int st;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		_exit(fn(l));
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static int child_trylock(sw_lock_t *l)
{
	int rc = sw_lock_trylock(l);

	if (rc == SW_OK) {
		sw_lock_unlock(l);
		return 0;
	}
	return rc == SW_AGAIN ? 1 : 2;
}

static int child_trylock_read(sw_lock_t *l)
{
	int rc = sw_lock_trylock_read(l);

	if (rc == SW_OK) {
		sw_lock_unlock(l);
		return 0;
	}
	return rc == SW_AGAIN ? 1 : 2;
}

/* Milliseconds lockwait(150) took to give up, or -1 if it got the lock. */
static int child_lockwait_ms(sw_lock_t *l)
{
	int64_t t0 = sw_time_ms();
	int rc = sw_lock_lockwait(l, 150);
	int64_t took = sw_time_ms() - t0;

	if (rc != SW_AGAIN || sw_error_get() != ETIMEDOUT) {
		return 255;
	}
	return (int) SW_MIN(took / 10, 254);   /* in units of 10 ms */
}

START_TEST(test_held_lock_blocks_other_process)
{
	int i;

	for (i = 0; i < (int) (sizeof(all_types) / sizeof(all_types[0])); i++) {
		sw_lock_t *l = make_lock(all_types[i]);
		const char *name = sw_lock_type_name(all_types[i]);
		int tens_ms;

		/* free: another process gets it */
		ck_assert_msg(in_child(l, child_trylock) == 0, "%s: free lock refused", name);
		ck_assert_int_eq(sw_lock_lock(l), SW_OK);
		ck_assert_msg(in_child(l, child_trylock) == 1, "%s: held lock taken by another process", name);
		tens_ms = in_child(l, child_lockwait_ms);
		ck_assert_msg(tens_ms >= 14 && tens_ms <= 60, "%s: lockwait(150 ms) gave up after ~%d0 ms", name, tens_ms);
		ck_assert_int_eq(sw_lock_unlock(l), SW_OK);
		ck_assert_msg(in_child(l, child_trylock) == 0, "%s: released lock refused", name);
		drop_lock(l);
	}
}
END_TEST

static int child_lock_and_exit(sw_lock_t *l)
{
	return sw_lock_lock(l) == SW_OK ? 0 : 1;
}

START_TEST(test_mutex_owner_died)
{
	sw_lock_t *l = make_lock(SW_LOCK_MUTEX);

	/* the child exits holding the mutex */
	ck_assert_int_eq(in_child(l, child_lock_and_exit), 0);
	ck_assert_int_eq(sw_lock_lockwait(l, 2000), SW_LOCK_RECOVERED);
	ck_assert_int_eq(sw_lock_unlock(l), SW_OK);
	/* afterwards it is an ordinary mutex again */
	ck_assert_int_eq(sw_lock_lock(l), SW_OK);
	ck_assert_int_eq(sw_lock_lock(l), SW_ERR);   /* relock by the owner: EDEADLK, not a hang */
	ck_assert_int_eq(sw_error_get(), EDEADLK);
	ck_assert_int_eq(sw_lock_unlock(l), SW_OK);
	drop_lock(l);
}
END_TEST

START_TEST(test_filelock_released_by_death)
{
	sw_lock_t *l = make_lock(SW_LOCK_FILELOCK);

	ck_assert_int_eq(in_child(l, child_lock_and_exit), 0);
	/* the kernel dropped the dead process's record lock */
	ck_assert_int_eq(sw_lock_trylock(l), SW_OK);
	ck_assert_int_eq(sw_lock_unlock(l), SW_OK);
	drop_lock(l);
}
END_TEST

START_TEST(test_rwlock_readers_share)
{
	sw_lock_t *l = make_lock(SW_LOCK_RWLOCK);

	ck_assert_int_eq(sw_lock_lock_read(l), SW_OK);
	ck_assert_int_eq(in_child(l, child_trylock_read), 0);   /* a second reader gets in */
	ck_assert_int_eq(in_child(l, child_trylock), 1);        /* a writer does not */
	ck_assert_int_eq(sw_lock_unlock(l), SW_OK);
	ck_assert_int_eq(sw_lock_lock(l), SW_OK);
	ck_assert_int_eq(in_child(l, child_trylock_read), 1);   /* no reader while written */
	ck_assert_int_eq(sw_lock_unlock(l), SW_OK);
	drop_lock(l);
}
END_TEST

static int child_unlock(sw_lock_t *l)
{
	return sw_lock_unlock(l) == SW_OK ? 0 : 1;
}

START_TEST(test_sem_released_by_other_process)
{
	sw_lock_t *l = make_lock(SW_LOCK_SEM);

	ck_assert_int_eq(sw_lock_lock(l), SW_OK);
	ck_assert_int_eq(in_child(l, child_unlock), 0);
	ck_assert_int_eq(sw_lock_trylock(l), SW_OK);
	ck_assert_int_eq(sw_lock_unlock(l), SW_OK);
	drop_lock(l);
}
END_TEST

START_TEST(test_bad_arguments)
{
	ck_assert_ptr_null(sw_lock_new((sw_lock_type_t) 42, NULL));
	ck_assert_int_eq(sw_error_get(), SW_ERROR_INVALID_PARAMS);
	ck_assert_ptr_null(sw_lock_new(SW_LOCK_FILELOCK, ""));
	ck_assert_ptr_null(sw_lock_new(SW_LOCK_FILELOCK, "/nonexistent-dir/x/y"));
	ck_assert_int_eq(sw_error_get(), ENOENT);
}
END_TEST

/* {{{ atomic */
START_TEST(test_atomic_counters)
{
	uint32_t *u = sw_shm_alloc(sizeof(uint32_t));
	int64_t *l = sw_shm_alloc(sizeof(int64_t));

	ck_assert_uint_eq(sw_atomic_u32_add(u, 5), 5);
	ck_assert_uint_eq(sw_atomic_u32_sub(u, 6), UINT32_MAX);   /* unsigned wrap */
	ck_assert(sw_atomic_u32_cmpset(u, UINT32_MAX, 3));
	ck_assert(!sw_atomic_u32_cmpset(u, 4, 9));
	ck_assert_uint_eq(sw_atomic_u32_get(u), 3);
	sw_atomic_i64_set(l, INT64_MAX);
	ck_assert_int_eq(sw_atomic_i64_add(l, 1), INT64_MIN);
	ck_assert_int_eq(sw_atomic_i64_sub(l, 1), INT64_MAX);
	ck_assert(sw_atomic_i64_cmpset(l, INT64_MAX, -1));
	ck_assert_int_eq(sw_atomic_i64_get(l), -1);
	sw_shm_free(u, sizeof(uint32_t));
	sw_shm_free(l, sizeof(int64_t));
}
END_TEST

START_TEST(test_atomic_wait_timeout_and_pending)
{
	uint32_t *u = sw_shm_alloc(sizeof(uint32_t));
	int64_t t0 = sw_time_ms(), took;

	ck_assert_int_eq(sw_atomic_wait(u, 120), SW_AGAIN);
	took = sw_time_ms() - t0;
	ck_assert_int_eq(sw_error_get(), ETIMEDOUT);
	ck_assert_msg(took >= 110 && took < 1000, "wait(120 ms) took %lld ms", (long long) took);
	/* a wakeup posted before the wait is not lost, and is consumed */
	ck_assert_int_eq(sw_atomic_wakeup(u, 1), 0);
	ck_assert_uint_eq(*u, 1);
	ck_assert_int_eq(sw_atomic_wait(u, 0), SW_OK);
	ck_assert_uint_eq(*u, 0);
	/* any other non-zero value: returns at once and stays */
	*u = 7;
	ck_assert_int_eq(sw_atomic_wait(u, 1000), SW_OK);
	ck_assert_uint_eq(*u, 7);
	sw_shm_free(u, sizeof(uint32_t));
}
END_TEST

START_TEST(test_atomic_wakeup_across_processes)
{
	uint32_t *u = sw_shm_alloc(sizeof(uint32_t) * 2);
	uint32_t *ready = u + 1;
	pid_t pids[2];
	int i, st, woken = 0;
	int64_t t0;

	for (i = 0; i < 2; i++) {
		pids[i] = fork();
		ck_assert_int_ge(pids[i], 0);
		if (pids[i] == 0) {
			sw_atomic_u32_add(ready, 1);
			_exit(sw_atomic_wait(u, 5000) == SW_OK ? 0 : 1);
		}
	}
	while (sw_atomic_u32_get(ready) < 2) {
		usleep(1000);
	}
	/* the children are (about to be) asleep in FUTEX_WAIT */
	usleep(50000);
	t0 = sw_time_ms();
	for (i = 0; i < 100 && woken < 2; i++) {
		int n = sw_atomic_wakeup(u, 2);

		ck_assert_int_ge(n, 0);
		woken += n;
		if (woken < 2) {
			usleep(10000);
		}
	}
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(waitpid(pids[i], &st, 0), pids[i]);
		ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "waiter %d did not see the wakeup", i);
	}
	ck_assert_msg(sw_time_ms() - t0 < 2000, "waiters released late");
	sw_shm_free(u, sizeof(uint32_t) * 2);
}
END_TEST
/* }}} */

static Suite *lock_suite(void)
{
	Suite *s = suite_create("lock");
	TCase *tc = tcase_create("locks");
	TCase *at = tcase_create("atomic");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_held_lock_blocks_other_process);
	tcase_add_test(tc, test_mutex_owner_died);
	tcase_add_test(tc, test_filelock_released_by_death);
	tcase_add_test(tc, test_rwlock_readers_share);
	tcase_add_test(tc, test_sem_released_by_other_process);
	tcase_add_test(tc, test_bad_arguments);
	suite_add_tcase(s, tc);

	tcase_set_timeout(at, 30);
	tcase_add_test(at, test_atomic_counters);
	tcase_add_test(at, test_atomic_wait_timeout_and_pending);
	tcase_add_test(at, test_atomic_wakeup_across_processes);
	suite_add_tcase(s, at);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(lock_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
