<?php

/**
 * @generate-class-entries
 * @generate-legacy-arginfo 80100
 */

namespace {
    /**
     * @var int
     * @cvalue SW_LOCK_FILELOCK
     */
    const SWOOLE_FILELOCK = UNKNOWN;
    /**
     * @var int
     * @cvalue SW_LOCK_MUTEX
     */
    const SWOOLE_MUTEX = UNKNOWN;
    /**
     * @var int
     * @cvalue SW_LOCK_SEM
     */
    const SWOOLE_SEM = UNKNOWN;
    /**
     * @var int
     * @cvalue SW_LOCK_RWLOCK
     */
    const SWOOLE_RWLOCK = UNKNOWN;
    /**
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
         * @var int
         * @cvalue SW_LOCK_FILELOCK
         */
        public const FILELOCK = UNKNOWN;
        /**
         * @var int
         * @cvalue SW_LOCK_MUTEX
         */
        public const MUTEX = UNKNOWN;
        /**
         * @var int
         * @cvalue SW_LOCK_SEM
         */
        public const SEM = UNKNOWN;
        /**
         * @var int
         * @cvalue SW_LOCK_RWLOCK
         */
        public const RWLOCK = UNKNOWN;
        /**
         * @var int
         * @cvalue SW_LOCK_SPINLOCK
         */
        public const SPINLOCK = UNKNOWN;

        /** The errno of the last failed call (EBUSY, ETIMEDOUT, EDEADLK, EPERM, ...), 0 after success. */
        public int $errCode = 0;

        /** $filename is required by (and only used for) SWOOLE_FILELOCK. */
        public function __construct(int $type = SWOOLE_MUTEX, string $filename = "") {}

        public function lock(): bool {}

        public function trylock(): bool {}

        public function unlock(): bool {}

        /** A shared (read) lock for SWOOLE_RWLOCK and SWOOLE_FILELOCK; the exclusive lock for the others. */
        public function lock_read(): bool {}

        public function trylock_read(): bool {}

        /** As lock(), giving up after $timeout seconds (false, errCode ETIMEDOUT). */
        public function lockwait(float $timeout = 1.0): bool {}
    }
}
