<?php

/**
 * @generate-class-entries
 * @generate-legacy-arginfo 80100
 */

namespace {
    /**
     * Lock types for new Swoole\Lock(): a POSIX record lock on a file (shared and exclusive).
     * @var int
     * @cvalue SW_LOCK_FILELOCK
     */
    const SWOOLE_FILELOCK = UNKNOWN;
    /**
     * A robust process-shared mutex: if its holder dies, the next locker gets it.
     * @var int
     * @cvalue SW_LOCK_MUTEX
     */
    const SWOOLE_MUTEX = UNKNOWN;
    /**
     * A process-shared semaphore of value 1.
     * @var int
     * @cvalue SW_LOCK_SEM
     */
    const SWOOLE_SEM = UNKNOWN;
    /**
     * A process-shared read/write lock (lock_read() shared, lock() exclusive).
     * @var int
     * @cvalue SW_LOCK_RWLOCK
     */
    const SWOOLE_RWLOCK = UNKNOWN;
    /**
     * A process-shared spinlock, for very short critical sections.
     * @var int
     * @cvalue SW_LOCK_SPINLOCK
     */
    const SWOOLE_SPINLOCK = UNKNOWN;
}

namespace Swoole {
    /**
     * A lock shared by the processes forked after its creation.
     * @not-serializable
     */
    final class Lock
    {
        /**
         * As SWOOLE_FILELOCK.
         * @var int
         * @cvalue SW_LOCK_FILELOCK
         */
        public const FILELOCK = UNKNOWN;
        /**
         * As SWOOLE_MUTEX.
         * @var int
         * @cvalue SW_LOCK_MUTEX
         */
        public const MUTEX = UNKNOWN;
        /**
         * As SWOOLE_SEM.
         * @var int
         * @cvalue SW_LOCK_SEM
         */
        public const SEM = UNKNOWN;
        /**
         * As SWOOLE_RWLOCK.
         * @var int
         * @cvalue SW_LOCK_RWLOCK
         */
        public const RWLOCK = UNKNOWN;
        /**
         * As SWOOLE_SPINLOCK.
         * @var int
         * @cvalue SW_LOCK_SPINLOCK
         */
        public const SPINLOCK = UNKNOWN;

        /** The errno of the last failed call (EBUSY, ETIMEDOUT, EDEADLK, EPERM, ...), 0 after success. */
        public int $errCode = 0;

        /** $filename is required by (and only used for) SWOOLE_FILELOCK. */
        public function __construct(int $type = SWOOLE_MUTEX, string $filename = "") {}

        /** Takes the lock (exclusive), waiting as long as it takes; false and errCode on error (EDEADLK, ...). */
        public function lock(): bool {}

        /** Takes the lock if it is free; false (errCode EBUSY) at once if not. */
        public function trylock(): bool {}

        /** Releases the lock (shared or exclusive); false and errCode (EPERM) when not held. */
        public function unlock(): bool {}

        /** A shared (read) lock for SWOOLE_RWLOCK and SWOOLE_FILELOCK; the exclusive lock for the others. */
        public function lock_read(): bool {}

        /** As lock_read(), false (errCode EBUSY) at once when it cannot be had. */
        public function trylock_read(): bool {}

        /** As lock(), giving up after $timeout seconds (false, errCode ETIMEDOUT). */
        public function lockwait(float $timeout = 1.0): bool {}
    }
}
