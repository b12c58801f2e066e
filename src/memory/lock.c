/*
 * Process-shared locks (see sw_lock.h). The pthread objects and the
 * semaphore live in an anonymous shared mapping so that they stay the same
 * object across fork(); the handle (type, file descriptor) is ordinary
 * memory that fork() copies.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "sw_lock.h"
#include "sw_shm.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef union {
	pthread_mutex_t mutex;
	pthread_rwlock_t rwlock;
	pthread_spinlock_t spin;
	sem_t sem;
} sw_lock_shared_t;

struct sw_lock_s {
	sw_lock_type_t type;
	int fd;                     /* SW_LOCK_FILELOCK */
	sw_lock_shared_t *shared;   /* the other kinds */
};

/* Polling step of the waits that have no timed primitive (spinlock, file lock). */
#define SW_LOCK_POLL_US 500

const char *sw_lock_type_name(int type)
{
	switch (type) {
	case SW_LOCK_RWLOCK:
		return "rwlock";
	case SW_LOCK_FILELOCK:
		return "filelock";
	case SW_LOCK_MUTEX:
		return "mutex";
	case SW_LOCK_SEM:
		return "sem";
	case SW_LOCK_SPINLOCK:
		return "spinlock";
	default:
		return NULL;
	}
}

static int lock_init_shared(sw_lock_t *lock)
{
	sw_lock_shared_t *s = lock->shared;
	int rc = 0;

	switch (lock->type) {
	case SW_LOCK_MUTEX: {
		pthread_mutexattr_t attr;

		pthread_mutexattr_init(&attr);
		pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
		/* A worker killed while holding the lock must not freeze the others. */
		pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
		/* Relocking from the owner reports EDEADLK instead of hanging for ever. */
		pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
		rc = pthread_mutex_init(&s->mutex, &attr);
		pthread_mutexattr_destroy(&attr);
		break;
	}
	case SW_LOCK_RWLOCK: {
		pthread_rwlockattr_t attr;

		pthread_rwlockattr_init(&attr);
		pthread_rwlockattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
		rc = pthread_rwlock_init(&s->rwlock, &attr);
		pthread_rwlockattr_destroy(&attr);
		break;
	}
	case SW_LOCK_SPINLOCK:
		rc = pthread_spin_init(&s->spin, PTHREAD_PROCESS_SHARED);
		break;
	case SW_LOCK_SEM:
		rc = sem_init(&s->sem, 1, 1) == 0 ? 0 : errno;
		break;
	default:
		rc = EINVAL;
		break;
	}
	return rc;
}

sw_lock_t *sw_lock_new(sw_lock_type_t type, const char *path)
{
	sw_lock_t *lock;
	int rc;

	if (sw_lock_type_name(type) == NULL || (type == SW_LOCK_FILELOCK && (path == NULL || path[0] == '\0'))) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return NULL;
	}
	lock = calloc(1, sizeof(*lock));
	if (lock == NULL) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return NULL;
	}
	lock->type = type;
	lock->fd = -1;
	if (type == SW_LOCK_FILELOCK) {
		lock->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
		if (lock->fd < 0) {
			sw_error_set(errno);
			free(lock);
			return NULL;
		}
		return lock;
	}
	lock->shared = sw_shm_alloc(sizeof(sw_lock_shared_t));
	if (lock->shared == NULL) {
		free(lock);
		return NULL;
	}
	rc = lock_init_shared(lock);
	if (rc != 0) {
		sw_shm_free(lock->shared, sizeof(sw_lock_shared_t));
		free(lock);
		sw_error_set(rc);
		return NULL;
	}
	return lock;
}

void sw_lock_free(sw_lock_t *lock)
{
	if (lock == NULL) {
		return;
	}
	/*
	 * The pthread object is not destroyed: a forked process may still use
	 * it. Unmapping only ends this process's view of it.
	 */
	if (lock->shared) {
		sw_shm_free(lock->shared, sizeof(sw_lock_shared_t));
	}
	if (lock->fd >= 0) {
		close(lock->fd);
	}
	free(lock);
}

sw_lock_type_t sw_lock_type(const sw_lock_t *lock)
{
	return lock->type;
}

/* Maps a pthread-style result (0 or an errno value) to the return convention. */
static int lock_result(int rc)
{
	if (rc == 0) {
		return SW_OK;
	}
	sw_error_set(rc);
	if (rc == EBUSY || rc == ETIMEDOUT) {
		return SW_AGAIN;
	}
	return SW_ERR;
}

static int mutex_result(sw_lock_t *lock, int rc)
{
	if (rc == EOWNERDEAD) {
		/* The dead owner's critical section may be half done; the caller is told. */
		pthread_mutex_consistent(&lock->shared->mutex);
		return SW_LOCK_RECOVERED;
	}
	return lock_result(rc);
}

static int file_lock(sw_lock_t *lock, short type, bool wait)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	for (;;) {
		if (fcntl(lock->fd, wait ? F_SETLKW : F_SETLK, &fl) == 0) {
			return SW_OK;
		}
		if (errno == EINTR && wait) {
			continue;
		}
		if (errno == EACCES || errno == EAGAIN) {
			sw_error_set(EBUSY);
			return SW_AGAIN;
		}
		sw_error_set(errno);
		return SW_ERR;
	}
}

static int sem_wait_retry(sem_t *sem)
{
	while (sem_wait(sem) != 0) {
		if (errno != EINTR) {
			sw_error_set(errno);
			return SW_ERR;
		}
	}
	return SW_OK;
}

int sw_lock_lock(sw_lock_t *lock)
{
	switch (lock->type) {
	case SW_LOCK_MUTEX:
		return mutex_result(lock, pthread_mutex_lock(&lock->shared->mutex));
	case SW_LOCK_RWLOCK:
		return lock_result(pthread_rwlock_wrlock(&lock->shared->rwlock));
	case SW_LOCK_SPINLOCK:
		return lock_result(pthread_spin_lock(&lock->shared->spin));
	case SW_LOCK_SEM:
		return sem_wait_retry(&lock->shared->sem);
	case SW_LOCK_FILELOCK:
		return file_lock(lock, F_WRLCK, true);
	}
	sw_error_set(SW_ERROR_INVALID_PARAMS);
	return SW_ERR;
}

int sw_lock_trylock(sw_lock_t *lock)
{
	switch (lock->type) {
	case SW_LOCK_MUTEX:
		return mutex_result(lock, pthread_mutex_trylock(&lock->shared->mutex));
	case SW_LOCK_RWLOCK:
		return lock_result(pthread_rwlock_trywrlock(&lock->shared->rwlock));
	case SW_LOCK_SPINLOCK:
		return lock_result(pthread_spin_trylock(&lock->shared->spin));
	case SW_LOCK_SEM:
		if (sem_trywait(&lock->shared->sem) == 0) {
			return SW_OK;
		}
		return lock_result(errno == EAGAIN ? EBUSY : errno);
	case SW_LOCK_FILELOCK:
		return file_lock(lock, F_WRLCK, false);
	}
	sw_error_set(SW_ERROR_INVALID_PARAMS);
	return SW_ERR;
}

int sw_lock_lock_read(sw_lock_t *lock)
{
	if (lock->type == SW_LOCK_RWLOCK) {
		return lock_result(pthread_rwlock_rdlock(&lock->shared->rwlock));
	}
	if (lock->type == SW_LOCK_FILELOCK) {
		return file_lock(lock, F_RDLCK, true);
	}
	return sw_lock_lock(lock);
}

int sw_lock_trylock_read(sw_lock_t *lock)
{
	if (lock->type == SW_LOCK_RWLOCK) {
		return lock_result(pthread_rwlock_tryrdlock(&lock->shared->rwlock));
	}
	if (lock->type == SW_LOCK_FILELOCK) {
		return file_lock(lock, F_RDLCK, false);
	}
	return sw_lock_trylock(lock);
}

int sw_lock_unlock(sw_lock_t *lock)
{
	switch (lock->type) {
	case SW_LOCK_MUTEX:
		return lock_result(pthread_mutex_unlock(&lock->shared->mutex));
	case SW_LOCK_RWLOCK:
		return lock_result(pthread_rwlock_unlock(&lock->shared->rwlock));
	case SW_LOCK_SPINLOCK:
		return lock_result(pthread_spin_unlock(&lock->shared->spin));
	case SW_LOCK_SEM:
		if (sem_post(&lock->shared->sem) == 0) {
			return SW_OK;
		}
		sw_error_set(errno);
		return SW_ERR;
	case SW_LOCK_FILELOCK:
		return file_lock(lock, F_UNLCK, false);
	}
	sw_error_set(SW_ERROR_INVALID_PARAMS);
	return SW_ERR;
}

/* Absolute CLOCK_REALTIME deadline, as the timed pthread and semaphore calls want it. */
static struct timespec deadline_after(int64_t ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (long) (ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

/* For the kinds without a timed wait: try, sleep a little, until the deadline. */
static int poll_until(sw_lock_t *lock, int64_t timeout_ms)
{
	int64_t deadline = sw_time_ms() + timeout_ms;
	struct timespec step = {0, SW_LOCK_POLL_US * 1000L};
	int rc;

	for (;;) {
		rc = sw_lock_trylock(lock);
		if (rc != SW_AGAIN) {
			return rc;
		}
		if (sw_time_ms() >= deadline) {
			sw_error_set(ETIMEDOUT);
			return SW_AGAIN;
		}
		nanosleep(&step, NULL);
	}
}

int sw_lock_lockwait(sw_lock_t *lock, int64_t timeout_ms)
{
	struct timespec ts;

	if (timeout_ms < 0) {
		timeout_ms = 0;
	}
	ts = deadline_after(timeout_ms);
	switch (lock->type) {
	case SW_LOCK_MUTEX:
		return mutex_result(lock, pthread_mutex_timedlock(&lock->shared->mutex, &ts));
	case SW_LOCK_RWLOCK:
		return lock_result(pthread_rwlock_timedwrlock(&lock->shared->rwlock, &ts));
	case SW_LOCK_SEM:
		while (sem_timedwait(&lock->shared->sem, &ts) != 0) {
			if (errno != EINTR) {
				return lock_result(errno);
			}
		}
		return SW_OK;
	case SW_LOCK_SPINLOCK:
	case SW_LOCK_FILELOCK:
		return poll_until(lock, timeout_ms);
	}
	sw_error_set(SW_ERROR_INVALID_PARAMS);
	return SW_ERR;
}
