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
         * Column types for column(): TYPE_INT a signed 64-bit integer, TYPE_FLOAT a double,
         * TYPE_STRING a string of at most the column's size in bytes.
         * @var int
         * @cvalue SW_TABLE_INT
         */
        public const TYPE_INT = UNKNOWN;
        /**
         * A double column.
         * @var int
         * @cvalue SW_TABLE_FLOAT
         */
        public const TYPE_FLOAT = UNKNOWN;
        /**
         * A string column of at most its size in bytes.
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

        /** Whether a row with this key exists. */
        public function exists(string $key): bool {}

        /**
         * Alias of exists().
         * @alias Swoole\Table::exists
         */
        public function exist(string $key): bool {}

        /** Removes a row; false when there was none. */
        public function del(string $key): bool {}

        /**
         * Alias of del().
         * @alias Swoole\Table::del
         */
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

        /** foreach over the rows (key => row array), in bucket order: starts again at the first row. */
        public function rewind(): void {}

        /** Whether the iteration is at a row. */
        public function valid(): bool {}

        /** The current row as an array, or false at the end. */
        public function current(): array|false {}

        /** The current row's key, or false at the end. */
        public function key(): string|false {}

        /** Moves to the next row. */
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
