<?php

/**
 * @generate-class-entries
 * @generate-legacy-arginfo 80100
 */

namespace {
    /** Every $ms milliseconds: $callback(int $timerId, ...$params). Returns the timer id. */
    function swoole_timer_tick(int $ms, callable $callback, mixed ...$params): int|false {}

    /** Once, after $ms milliseconds: $callback(...$params). Returns the timer id. */
    function swoole_timer_after(int $ms, callable $callback, mixed ...$params): int|false {}

    /** As Swoole\Timer::exists(). */
    function swoole_timer_exists(int $timer_id): bool {}

    /** As Swoole\Timer::info(). */
    function swoole_timer_info(int $timer_id): ?array {}

    /** As Swoole\Timer::stats(). */
    function swoole_timer_stats(): array {}

    /** As Swoole\Timer::list(). */
    function swoole_timer_list(): Swoole\Timer\Iterator {}

    /** As Swoole\Timer::clear(). */
    function swoole_timer_clear(int $timer_id): bool {}

    /** As Swoole\Timer::clearAll(). */
    function swoole_timer_clear_all(): bool {}
}

namespace Swoole {
    /**
     * Millisecond timers in the calling process's event loop (a server worker's, or the
     * script's, run at its end). Callbacks run in the process that added them.
     * @not-serializable
     */
    final class Timer
    {
        /**
         * Calls $callback(int $timerId, ...$params) every $ms milliseconds (1 .. 2147483647) in this
         * process's event loop, until clear(). Returns the timer id (ids are never reused).
         */
        public static function tick(int $ms, callable $callback, mixed ...$params): int|false {}

        /** Calls $callback(...$params) once, $ms milliseconds (0 .. 2147483647) from now. */
        public static function after(int $ms, callable $callback, mixed ...$params): int|false {}

        /** Whether a timer with this id will still run. */
        public static function exists(int $timer_id): bool {}

        /**
         * exec_msec (ms until it runs next), exec_count, interval (0 for after()), round (the loop
         * pass it was added in) and removed; null when there is no such timer.
         */
        public static function info(int $timer_id): ?array {}

        /** initialized, num (live timers) and round (loop passes that ran timers). */
        public static function stats(): array {}

        /** The ids of the live timers of this process. */
        public static function list(): Timer\Iterator {}

        /** Cancels a timer (also from inside its own callback); false when there is none. */
        public static function clear(int $timer_id): bool {}

        /** Cancels every timer of this process. */
        public static function clearAll(): bool {}
    }
}

namespace Swoole\Timer {
    /**
     * What Swoole\Timer::list() returns: the timer ids, iterable and countable.
     * @not-serializable
     */
    final class Iterator extends \ArrayIterator
    {
    }
}
