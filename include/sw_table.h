/*
 * A fixed-size hash table in memory shared across fork() (Swoole\Table).
 *
 * Shape: a power-of-two array of buckets, each holding one row inline and
 * its own lock, plus an overflow pool of rows (conflict_proportion x the
 * bucket count) chained from the buckets whose first row is taken. The whole
 * table is one anonymous MAP_SHARED mapping made by sw_table_create(), so
 * processes forked afterwards (manager, workers, task workers) share it.
 *
 * Capacity: a key whose bucket is free always fits; a key that collides
 * needs a pool row. set() on a new key fails with SW_ERROR_TABLE_FULL when
 * the key's bucket is taken and the pool is exhausted. With random keys and
 * the default proportion 0.2, the first failure comes after roughly 70% of
 * `size` rows (tests/unit/test_table.c measures it); size the table with
 * margin or raise the proportion.
 *
 * Locking: each bucket has a robust, process-shared pthread mutex guarding
 * its row and its chain; the pool's free list has one more. Lock order is
 * always bucket, then pool. A process killed while it holds a bucket lock
 * does not freeze the table: the next locker gets EOWNERDEAD, marks the
 * mutex consistent and goes on. Every structural change is a single store
 * made after the row it publishes is complete (a deleted first row only
 * clears its `used` flag), so the chain stays valid; only the row being
 * written at the moment of the kill may hold a mix of old and new columns.
 *
 * Columns: SW_TABLE_INT (int64), SW_TABLE_FLOAT (double), SW_TABLE_STRING
 * (up to `size` bytes, binary safe). Longer strings are refused, never cut.
 * Keys: 0 to SW_TABLE_KEY_MAX bytes, binary safe; longer keys are refused.
 */
#ifndef SW_TABLE_H
#define SW_TABLE_H

#include "sw_core.h"

#define SW_TABLE_KEY_MAX 63
#define SW_TABLE_COLUMN_NAME_MAX 255
/* Largest string column: a row is copied on every get(). */
#define SW_TABLE_STRING_MAX (16 * 1024 * 1024)
/* Largest number of rows (buckets) a table may be created with. */
#define SW_TABLE_SIZE_MAX (1u << 30)
#define SW_TABLE_CONFLICT_PROPORTION_DEFAULT 0.2

typedef enum {
	SW_TABLE_INT = 1,
	SW_TABLE_FLOAT = 6,
	SW_TABLE_STRING = 7,
} sw_table_type_t;

typedef struct {
	char *name;
	size_t name_len;
	sw_table_type_t type;
	uint32_t size;      /* declared size: the string capacity; 8 for numbers */
	uint32_t offset;    /* where the value starts in a row's data */
	uint32_t index;     /* position in the column list */
} sw_table_column_t;

/* One column's value, in or out. */
typedef struct {
	const sw_table_column_t *column;
	int64_t i;
	double f;
	const char *s;      /* SW_TABLE_STRING: points into the caller's buffer */
	size_t len;
} sw_table_value_t;

typedef struct {
	size_t rows;                /* rows in use */
	size_t bucket_num;
	size_t pool_num;            /* overflow rows in total */
	size_t pool_free;           /* overflow rows available */
	uint64_t conflict_count;    /* inserts that needed an overflow row */
	uint32_t conflict_max_level;/* longest chain seen; 0 until a key needed an overflow row */
	uint64_t insert_count;
	uint64_t update_count;
	uint64_t delete_count;
	uint64_t lock_recovered;    /* locks taken over from a process that died holding them */
	size_t memory_size;
} sw_table_stats_t;

/* Iteration position; start with {0, 0}. */
typedef struct {
	size_t bucket;
	size_t depth;
} sw_table_iter_t;

typedef struct sw_table_s sw_table_t;

/*
 * A table of `size` buckets (rounded up to a power of two) and an overflow
 * pool of ceil(buckets x conflict_proportion) rows. conflict_proportion is
 * in [0, 1]. NULL with SW_ERROR_INVALID_PARAMS for sizes out of range.
 */
sw_table_t *sw_table_new(size_t size, double conflict_proportion);
/* Unmaps the table in this process and frees the handle. */
void sw_table_free(sw_table_t *t);

/*
 * Adds a column; only before sw_table_create(). size: the capacity of a
 * string column (1..SW_TABLE_STRING_MAX), ignored for numbers. SW_ERR
 * (SW_ERROR_INVALID_PARAMS; SW_ERROR_WRONG_OPERATION after create).
 */
int sw_table_column_add(sw_table_t *t, const char *name, size_t name_len, sw_table_type_t type, size_t size);
const sw_table_column_t *sw_table_column_find(const sw_table_t *t, const char *name, size_t name_len);
size_t sw_table_column_count(const sw_table_t *t);
const sw_table_column_t *sw_table_column_at(const sw_table_t *t, size_t index);

/* Maps and initialises the shared memory. SW_ERR if already created, no column, or mmap failed. */
int sw_table_create(sw_table_t *t);
bool sw_table_is_created(const sw_table_t *t);
/* Bytes the shared mapping takes (what it will take, before create). */
size_t sw_table_memory_size(const sw_table_t *t);
/* Bytes of one row's data: the size of the buffer sw_table_get() fills. */
size_t sw_table_data_size(const sw_table_t *t);

/*
 * Inserts the row or updates it: the given columns are written, the others
 * are kept (existing row) or zero (new row). Checked before anything is
 * written, so a refused set() changes nothing. SW_ERR with
 * SW_ERROR_TABLE_KEY_TOO_LONG, SW_ERROR_TABLE_VALUE_TOO_LONG,
 * SW_ERROR_TABLE_WRONG_TYPE or SW_ERROR_TABLE_FULL.
 */
int sw_table_set(sw_table_t *t, const char *key, size_t key_len, const sw_table_value_t *values, size_t n);
/* Copies the row's data (sw_table_data_size() bytes). SW_ERR, SW_ERROR_TABLE_NOT_FOUND when absent. */
int sw_table_get(sw_table_t *t, const char *key, size_t key_len, void *data);
bool sw_table_exists(sw_table_t *t, const char *key, size_t key_len);
/* SW_ERR with SW_ERROR_TABLE_NOT_FOUND when there was no such row. */
int sw_table_del(sw_table_t *t, const char *key, size_t key_len);
/*
 * Adds by->i (int column) or by->f (float column) to the column, creating
 * the row (zeroed) when absent, and returns the new value in *result.
 * Integers wrap around on overflow. SW_ERR: string column
 * (SW_ERROR_TABLE_WRONG_TYPE), key too long, table full.
 */
int sw_table_incr(sw_table_t *t, const char *key, size_t key_len, const sw_table_column_t *col,
		const sw_table_value_t *by, sw_table_value_t *result);
size_t sw_table_count(const sw_table_t *t);

/* Decodes one column from a row's data as sw_table_get() copied it. */
void sw_table_value_read(const sw_table_column_t *col, const void *data, sw_table_value_t *out);

/*
 * Copies the row at or after *it into key (SW_TABLE_KEY_MAX + 1 bytes),
 * *key_len and data, and moves *it past it. SW_OK, or SW_ERR at the end.
 * Rows inserted or deleted during the walk may be missed or seen twice;
 * each row copied is consistent (copied under its bucket's lock).
 */
int sw_table_iter_next(sw_table_t *t, sw_table_iter_t *it, char *key, size_t *key_len, void *data);

void sw_table_stats(const sw_table_t *t, sw_table_stats_t *stats);

/* The bucket a key hashes to (tests use it to build collisions). */
size_t sw_table_bucket_of(const sw_table_t *t, const char *key, size_t key_len);

#endif
