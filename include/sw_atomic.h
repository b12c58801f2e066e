/*
 * Atomic counters in shared memory, and a futex-based wait/wakeup on a
 * 32-bit counter (the protocol of Swoole\Atomic::wait() and wakeup()).
 *
 * The counter must live in memory shared by the processes that use it
 * (sw_shm_alloc()); the futex calls are the process-shared variant (no
 * FUTEX_PRIVATE_FLAG), so waiters and wakers may be different processes.
 */
#ifndef SW_ATOMIC_H
#define SW_ATOMIC_H

#include "sw_core.h"

static inline uint32_t sw_atomic_u32_add(uint32_t *p, uint32_t v)
{
	return __atomic_add_fetch(p, v, __ATOMIC_SEQ_CST);
}

static inline uint32_t sw_atomic_u32_sub(uint32_t *p, uint32_t v)
{
	return __atomic_sub_fetch(p, v, __ATOMIC_SEQ_CST);
}

static inline uint32_t sw_atomic_u32_get(uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

static inline void sw_atomic_u32_set(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_SEQ_CST);
}

static inline bool sw_atomic_u32_cmpset(uint32_t *p, uint32_t cmp, uint32_t set)
{
	return __atomic_compare_exchange_n(p, &cmp, set, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

/* Signed 64-bit counters wrap like unsigned ones instead of overflowing (no UB). */
static inline int64_t sw_atomic_i64_add(int64_t *p, int64_t v)
{
	return (int64_t) __atomic_add_fetch((uint64_t *) p, (uint64_t) v, __ATOMIC_SEQ_CST);
}

static inline int64_t sw_atomic_i64_sub(int64_t *p, int64_t v)
{
	return (int64_t) __atomic_sub_fetch((uint64_t *) p, (uint64_t) v, __ATOMIC_SEQ_CST);
}

static inline int64_t sw_atomic_i64_get(int64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

static inline void sw_atomic_i64_set(int64_t *p, int64_t v)
{
	__atomic_store_n(p, v, __ATOMIC_SEQ_CST);
}

static inline bool sw_atomic_i64_cmpset(int64_t *p, int64_t cmp, int64_t set)
{
	return __atomic_compare_exchange_n(p, &cmp, set, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

/*
 * Waits for a wakeup on *p:
 * - if *p is non-zero, returns SW_OK at once; a value of exactly 1 (a
 *   pending wakeup) is consumed, i.e. reset to 0;
 * - otherwise sleeps until sw_atomic_wakeup() (SW_OK, *p reset to 0; each
 *   of the n waiters a wakeup releases returns SW_OK) or until
 *   timeout_ms passes (SW_AGAIN, last error ETIMEDOUT). timeout_ms < 0 waits
 *   without a limit. An interrupting signal does not end the wait early.
 */
int sw_atomic_wait(uint32_t *p, int64_t timeout_ms);
/*
 * Posts a wakeup: if *p is 0 it becomes 1, and up to n waiters are woken.
 * Returns how many were woken, or SW_ERR.
 */
int sw_atomic_wakeup(uint32_t *p, int n);

#endif
