<?php

/**
 * @generate-class-entries
 * @generate-legacy-arginfo 80100
 */

namespace {
    /**
     * Watch a descriptor for readability (Swoole\Event::add() flags).
     * @var int
     * @cvalue PHP_SWOOLE_EVENT_READ
     */
    const SWOOLE_EVENT_READ = UNKNOWN;
    /**
     * Watch a descriptor for writability.
     * @var int
     * @cvalue PHP_SWOOLE_EVENT_WRITE
     */
    const SWOOLE_EVENT_WRITE = UNKNOWN;

    /**
     * Watches $fd (an int, a stream resource, or an ext/sockets Socket) in this process's event loop.
     * @param mixed $fd
     */
    function swoole_event_add(mixed $fd, ?callable $read_callback = null, ?callable $write_callback = null,
        int $events = SWOOLE_EVENT_READ): int|false {}

    /**
     * As Swoole\Event::set().
     * @param mixed $fd
     */
    function swoole_event_set(mixed $fd, ?callable $read_callback = null, ?callable $write_callback = null,
        ?int $events = null): bool {}

    /**
     * As Swoole\Event::del().
     * @param mixed $fd
     */
    function swoole_event_del(mixed $fd): bool {}

    /**
     * As Swoole\Event::isset().
     * @param mixed $fd
     */
    function swoole_event_isset(mixed $fd, int $events = SWOOLE_EVENT_READ | SWOOLE_EVENT_WRITE): bool {}

    /** As Swoole\Event::wait(). */
    function swoole_event_wait(): void {}

    /** As Swoole\Event::exit(). */
    function swoole_event_exit(): void {}

    /** As Swoole\Event::defer(). */
    function swoole_event_defer(callable $callback): bool {}

    /** As Swoole\Event::cycle(): $callback at the end of every loop iteration; null removes it. */
    function swoole_event_cycle(?callable $callback, bool $before = false): bool {}

    /** Global options: log_level (0 .. 6); unknown keys are ignored with a notice. */
    function swoole_async_set(array $settings): bool {}
}

namespace Swoole {
    /**
     * The event loop of the calling process: in a server worker its loop, in a plain script
     * one that runs at the end of the script (or in wait()). Descriptors, timers, defer.
     * @not-serializable
     */
    final class Event
    {
        /**
         * Watches $fd for $events; the callbacks get $fd back as their only argument. Returns the
         * descriptor number, or false with a warning (already watched, not a descriptor, no loop).
         * @param mixed $fd
         */
        public static function add(mixed $fd, ?callable $read_callback = null, ?callable $write_callback = null,
            int $events = SWOOLE_EVENT_READ): int|false {}

        /**
         * Changes the callbacks and/or the events of a watched descriptor; a null argument keeps
         * what was set.
         * @param mixed $fd
         */
        public static function set(mixed $fd, ?callable $read_callback = null, ?callable $write_callback = null,
            ?int $events = null): bool {}

        /**
         * Stops watching $fd; false with a warning when it is not watched.
         * @param mixed $fd
         */
        public static function del(mixed $fd): bool {}

        /**
         * Whether $fd is watched for any of $events.
         * @param mixed $fd
         */
        public static function isset(mixed $fd, int $events = SWOOLE_EVENT_READ | SWOOLE_EVENT_WRITE): bool {}

        /** Runs the script's loop until no timer, event, defer or signal callback is left, or exit(). */
        public static function wait(): void {}

        /** Makes wait() return after the current iteration (scripts only). */
        public static function exit(): void {}

        /** Calls $callback once, at the end of the current loop iteration (in the order given). */
        public static function defer(callable $callback): true {}

        /**
         * Calls $callback at the end of every loop iteration, after the events and timers: after the
         * deferred callbacks, or before them with $before. One callback per process: a new one
         * replaces the old, null removes it. It does not keep the loop running by itself.
         */
        public static function cycle(?callable $callback, bool $before = false): bool {}

        /**
         * Internal: what runs the loop at the end of a script, registered as a shutdown function
         * when the first timer, event or defer is added. Does nothing after a fatal error.
         */
        public static function rshutdown(): void {}
    }
}
