/*
 * Wait and wakeup on a shared 32-bit counter with futex(2). The counter is
 * the futex word: 0 means "nothing posted", so a waiter sleeps only while
 * it reads 0, and a wakeup that comes before the wait is not lost (the
 * waiter sees 1 and returns at once).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "sw_atomic.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long futex(uint32_t *uaddr, int op, uint32_t val, const struct timespec *timeout)
{
	return syscall(SYS_futex, uaddr, op, val, timeout, NULL, 0);
}

int sw_atomic_wait(uint32_t *p, int64_t timeout_ms)
{
	int64_t deadline = timeout_ms >= 0 ? sw_time_ms() + timeout_ms : 0;
	struct timespec ts;
	long rc;

	for (;;) {
		if (sw_atomic_u32_get(p) != 0) {
			sw_atomic_u32_cmpset(p, 1, 0);
			return SW_OK;
		}
		if (timeout_ms >= 0) {
			int64_t left = deadline - sw_time_ms();

			if (left <= 0) {
				sw_error_set(ETIMEDOUT);
				return SW_AGAIN;
			}
			/* FUTEX_WAIT takes a relative timeout on CLOCK_MONOTONIC. */
			ts.tv_sec = left / 1000;
			ts.tv_nsec = (long) (left % 1000) * 1000000L;
		}
		rc = futex(p, FUTEX_WAIT, 0, timeout_ms >= 0 ? &ts : NULL);
		if (rc == 0) {
			/*
			 * Only sw_atomic_wakeup() wakes this address, so a return of 0
			 * is a wakeup even when another woken waiter already reset
			 * the value: wakeup(n) releases n waiters.
			 */
			sw_atomic_u32_cmpset(p, 1, 0);
			return SW_OK;
		}
		if (errno == EAGAIN || errno == EINTR || errno == ETIMEDOUT) {
			/* value changed before we slept, a signal, or time is up: the loop decides */
			continue;
		}
		sw_error_set(errno);
		return SW_ERR;
	}
}

int sw_atomic_wakeup(uint32_t *p, int n)
{
	long rc;

	if (n <= 0) {
		n = 1;
	}
	sw_atomic_u32_cmpset(p, 0, 1);
	rc = futex(p, FUTEX_WAKE, (uint32_t) n, NULL);
	if (rc < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	return (int) SW_MIN(rc, (long) INT_MAX);
}
