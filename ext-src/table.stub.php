<?php

/**
 * @generate-class-entries
 * @generate-legacy-arginfo 80100
 */

namespace Swoole {
    /**
     * A fixed-size table of rows in shared memory. Create it (column() ... create())
     * before Server::start(): the manager, workers and task workers inherit it.
     * @not-serializable
     */
    final class Table implements \Iterator, \Countable, \ArrayAccess
    {
        /**
         * @var int
         * @cvalue SW_TABLE_INT
         */
        public const TYPE_INT = UNKNOWN;
        /**
         * @var int
         * @cvalue SW_TABLE_FLOAT
         */
        public const TYPE_FLOAT = UNKNOWN;
        /**
         * @var int
         * @cvalue SW_TABLE_STRING
         */
        public const TYPE_STRING = UNKNOWN;

        /**
         * $size buckets (rounded up to a power of two) and an overflow pool of
         * ceil(buckets * $conflictProportion) rows; $conflictProportion in [0, 1].
         */
        public function __construct(int $size, float $conflictProportion = 0.2) {}

        /** Adds a column before create(). $size: the capacity in bytes of a string column (ignored for numbers). */
        public function column(string $name, int $type, int $size = 0): bool {}

        /** Allocates the shared memory. */
        public function create(): bool {}

        /** Releases this process's mapping; the table cannot be used afterwards in this process. */
        public function destroy(): bool {}

        /** Inserts or updates a row; false and a warning on a long key, unknown column, bad value or a full table. */
        public function set(string $key, array $value): bool {}

        /** The row as an array, one field, or false when there is no such row. */
        public function get(string $key, ?string $field = null): array|string|int|float|false {}

        public function exists(string $key): bool {}

        /** @alias Swoole\Table::exists */
        public function exist(string $key): bool {}

        public function del(string $key): bool {}

        /** @alias Swoole\Table::del */
        public function delete(string $key): bool {}

        /** Adds to an int or float column (the row is created when absent); the new value, or false. */
        public function incr(string $key, string $column, int|float $incrby = 1): int|float|false {}

        /** Subtracts from an int or float column (the row is created when absent); the new value, or false. */
        public function decr(string $key, string $column, int|float $decrby = 1): int|float|false {}

        /** Rows in the table. */
        public function count(): int {}

        /** Buckets: the size given to the constructor rounded up to a power of two. */
        public function getSize(): int {}

        /** Bytes of shared memory the table takes (or will take, before create()). */
        public function getMemorySize(): int {}

        /** Counters of the table, or false before create(). */
        public function stats(): array|false {}

        public function rewind(): void {}

        public function valid(): bool {}

        public function current(): array|false {}

        public function key(): string|false {}

        public function next(): void {}

        /** $table[$key]: get($key) (the row as an array, or false). */
        public function offsetGet(mixed $offset): mixed {}

        /** $table[$key] = [...]: set($key, $value); the value must be an array of columns. */
        public function offsetSet(mixed $offset, mixed $value): void {}

        /** isset($table[$key]): exists($key). */
        public function offsetExists(mixed $offset): bool {}

        /** unset($table[$key]): del($key). */
        public function offsetUnset(mixed $offset): void {}
    }
}
