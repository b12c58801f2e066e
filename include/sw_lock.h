/*
 * Locks shared between a process and the children it forks afterwards.
 *
 * The lock object itself lives in an anonymous shared mapping (sw_lock_new()
 * maps it), so a lock created before fork() is the same lock in every
 * process of the tree. Kinds, with Swoole's numbering:
 *
 * - SW_LOCK_MUTEX: a robust, process-shared pthread mutex. If its owner dies
 *   while holding it, the next locker gets it (SW_LOCK_RECOVERED tells it so).
 *   Only the owner may unlock it.
 * - SW_LOCK_RWLOCK: a process-shared pthread rwlock (writers exclusive,
 *   readers shared). Not recoverable: a holder that dies leaves it held.
 * - SW_LOCK_SPINLOCK: a process-shared pthread spinlock, for very short
 *   critical sections. Not recoverable.
 * - SW_LOCK_SEM: an unnamed process-shared POSIX semaphore with value 1.
 *   Any process may release it. Not recoverable.
 * - SW_LOCK_FILELOCK: a POSIX record lock (fcntl F_SETLKW) on a file. These
 *   locks belong to a process: the kernel releases them when it dies, a
 *   child does not inherit its parent's lock, and a process that holds it
 *   can take it again without blocking. The descriptor opened at creation
 *   is inherited over fork(); record locks belong to the process, not to
 *   the descriptor, so every process locks for itself through it.
 */
#ifndef SW_LOCK_H
#define SW_LOCK_H

#include "sw_core.h"

typedef enum {
	SW_LOCK_RWLOCK = 1,
	SW_LOCK_FILELOCK = 2,
	SW_LOCK_MUTEX = 3,
	SW_LOCK_SEM = 4,
	SW_LOCK_SPINLOCK = 5,
} sw_lock_type_t;

/* Returned by the locking calls when the previous owner died holding a mutex. */
#define SW_LOCK_RECOVERED 1

typedef struct sw_lock_s sw_lock_t;

/*
 * Creates a lock of the given type in a new shared mapping. path is needed
 * (and only used) for SW_LOCK_FILELOCK; the file is created if missing.
 * NULL on error (last error: SW_ERROR_INVALID_PARAMS or errno).
 */
sw_lock_t *sw_lock_new(sw_lock_type_t type, const char *path);
/*
 * Releases this process's handle (unmaps, closes the file); processes that
 * still hold the lock's memory keep it working.
 */
void sw_lock_free(sw_lock_t *lock);

sw_lock_type_t sw_lock_type(const sw_lock_t *lock);
/* The name of a lock type ("mutex", ...) or NULL if it is not one. */
const char *sw_lock_type_name(int type);

/*
 * Exclusive lock. SW_OK, SW_LOCK_RECOVERED (mutex whose owner died), or
 * SW_ERR with the last error set (EDEADLK when this thread already holds a
 * mutex, ...).
 */
int sw_lock_lock(sw_lock_t *lock);
/* As sw_lock_lock, but SW_AGAIN (last error EBUSY) instead of waiting. */
int sw_lock_trylock(sw_lock_t *lock);
/* As sw_lock_lock, but gives up after timeout_ms (SW_AGAIN, last error ETIMEDOUT). */
int sw_lock_lockwait(sw_lock_t *lock, int64_t timeout_ms);
/* Shared lock: a read lock for SW_LOCK_RWLOCK, the exclusive lock for the other kinds. */
int sw_lock_lock_read(sw_lock_t *lock);
int sw_lock_trylock_read(sw_lock_t *lock);
/* SW_OK or SW_ERR (EPERM: a mutex that this thread does not own). */
int sw_lock_unlock(sw_lock_t *lock);

#endif
