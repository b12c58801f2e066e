<?php

/**
 * @generate-class-entries
 * @generate-legacy-arginfo 80100
 */

namespace Swoole {
    /**
     * A 32-bit unsigned counter in shared memory (values wrap modulo 2^32).
     * Create it before Server::start() so that every process shares it.
     * @not-serializable
     */
    final class Atomic
    {
        /** A counter starting at $value (taken modulo 2^32). */
        public function __construct(int $value = 0) {}

        /** Adds and returns the new value. */
        public function add(int $add_value = 1): int {}

        /** Subtracts and returns the new value. */
        public function sub(int $sub_value = 1): int {}

        /** The current value. */
        public function get(): int {}

        /** Stores $value (modulo 2^32). */
        public function set(int $value): void {}

        /** Sets $new_value if the counter equals $cmp_value; true if it did. */
        public function cmpset(int $cmp_value, int $new_value): bool {}

        /**
         * Returns true at once if the value is not 0 (a value of exactly 1, a
         * posted wakeup, is reset to 0); otherwise sleeps until wakeup() (true)
         * or for $timeout seconds (false, swoole_errno() = ETIMEDOUT).
         * A negative $timeout waits without a limit.
         */
        public function wait(float $timeout = 1.0): bool {}

        /** Sets the value to 1 if it is 0 and wakes up to $count waiters. */
        public function wakeup(int $count = 1): bool {}
    }
}

namespace Swoole\Atomic {
    /**
     * A signed 64-bit counter in shared memory (wraps around on overflow).
     * @not-serializable
     */
    final class Long
    {
        /** A counter starting at $value. */
        public function __construct(int $value = 0) {}

        /** Adds and returns the new value. */
        public function add(int $add_value = 1): int {}

        /** Subtracts and returns the new value. */
        public function sub(int $sub_value = 1): int {}

        /** The current value. */
        public function get(): int {}

        /** Stores $value. */
        public function set(int $value): void {}

        /** Sets $new_value if the counter equals $cmp_value; true if it did. */
        public function cmpset(int $cmp_value, int $new_value): bool {}
    }
}
