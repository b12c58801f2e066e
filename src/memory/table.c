/*
 * Swoole\Table's core: a hash table in one anonymous shared mapping (see
 * sw_table.h for the shape, the capacity and the locking rules).
 *
 * Memory layout of the mapping:
 *
 *   [header: pool lock, free list, counters]
 *   [bucket 0: lock | row] ... [bucket N-1: lock | row]
 *   [pool row 0] ... [pool row P-1]
 *
 * A row is a fixed header (chain link, used flag, key) followed by the
 * column data. Chain links are pool indexes + 1 (0 ends the chain).
 *
 * Crash safety: a row becomes visible through one store (`used = 1` for a
 * bucket's own row, `prev->next = idx` for a pool row) made after the row is
 * complete; a row leaves through one store too (`used = 0`, or unlinking).
 * The column handle (names, offsets) is ordinary memory: it is fixed at
 * create() and copied by fork() like the rest of the process.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "sw_table.h"
#include "sw_shm.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#define SW_TABLE_ALIGN(n) (((n) + 7) & ~(size_t) 7)

typedef struct {
	uint32_t next;          /* pool index + 1 of the next row in the chain; 0: last */
	uint8_t used;
	uint8_t key_len;
	char key[SW_TABLE_KEY_MAX + 1];
	/* column data follows, 8-byte aligned */
} sw_table_row_t;

typedef struct {
	pthread_mutex_t lock;
	/* the bucket's own row follows */
} sw_table_bucket_t;

typedef struct {
	pthread_mutex_t pool_lock;
	uint32_t free_head;     /* pool index + 1 of the first free pool row; 0: none */
	uint32_t pool_free;
	uint64_t rows;
	uint64_t conflict_count;
	uint32_t conflict_max_level;
	uint64_t insert_count;
	uint64_t update_count;
	uint64_t delete_count;
	uint64_t lock_recovered;
} sw_table_header_t;

struct sw_table_s {
	size_t bucket_num;
	size_t pool_num;
	sw_table_column_t *columns;
	size_t column_num;
	size_t data_size;       /* column data of one row */
	size_t row_size;        /* header + data */
	size_t bucket_size;     /* lock + row */
	size_t memory_size;
	uint64_t seed;
	char *memory;
	sw_table_header_t *header;
	char *buckets;
	char *pool;
};

#define ROW_HEADER_SIZE SW_TABLE_ALIGN(sizeof(sw_table_row_t))

static inline char *row_data(sw_table_row_t *row)
{
	return (char *) row + ROW_HEADER_SIZE;
}

static inline sw_table_bucket_t *bucket_at(const sw_table_t *t, size_t i)
{
	return (sw_table_bucket_t *) (t->buckets + i * t->bucket_size);
}

static inline sw_table_row_t *bucket_row(sw_table_bucket_t *b)
{
	return (sw_table_row_t *) ((char *) b + SW_TABLE_ALIGN(sizeof(sw_table_bucket_t)));
}

/* idx is a chain link (pool index + 1). */
static inline sw_table_row_t *pool_row(const sw_table_t *t, uint32_t idx)
{
	return (sw_table_row_t *) (t->pool + (size_t) (idx - 1) * t->row_size);
}

/* {{{ hashing */
static inline uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* FNV-1a over the key, started from the table's random seed, then mixed. */
static uint64_t table_hash(const sw_table_t *t, const char *key, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ t->seed;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char) key[i];
		h *= 0x100000001b3ULL;
	}
	return mix64(h ^ len);
}

size_t sw_table_bucket_of(const sw_table_t *t, const char *key, size_t key_len)
{
	return (size_t) (table_hash(t, key, key_len) & (t->bucket_num - 1));
}
/* }}} */

/* {{{ locks */
static void mutex_init_shared(pthread_mutex_t *m)
{
	pthread_mutexattr_t attr;

	pthread_mutexattr_init(&attr);
	pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(m, &attr);
	pthread_mutexattr_destroy(&attr);
}

static void table_lock(sw_table_t *t, pthread_mutex_t *m)
{
	int rc = pthread_mutex_lock(m);

	if (rc == EOWNERDEAD) {
		/* Its owner died inside a critical section; see the file comment. */
		pthread_mutex_consistent(m);
		__atomic_add_fetch(&t->header->lock_recovered, 1, __ATOMIC_RELAXED);
	}
}

static void table_unlock(pthread_mutex_t *m)
{
	pthread_mutex_unlock(m);
}
/* }}} */

/* {{{ creation */
static size_t round_pow2(size_t n)
{
	size_t p = 1;

	while (p < n) {
		p <<= 1;
	}
	return p;
}

sw_table_t *sw_table_new(size_t size, double conflict_proportion)
{
	sw_table_t *t;

	if (size < 1 || size > SW_TABLE_SIZE_MAX || !(conflict_proportion >= 0 && conflict_proportion <= 1)) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (t == NULL) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return NULL;
	}
	t->bucket_num = round_pow2(size);
	/* ceil() without libm */
	t->pool_num = (size_t) ((double) t->bucket_num * conflict_proportion);
	if ((double) t->pool_num < (double) t->bucket_num * conflict_proportion) {
		t->pool_num++;
	}
	return t;
}

void sw_table_free(sw_table_t *t)
{
	size_t i;

	if (t == NULL) {
		return;
	}
	/* The mutexes are not destroyed: forked processes may still be using them. */
	if (t->memory) {
		sw_shm_free(t->memory, t->memory_size);
	}
	for (i = 0; i < t->column_num; i++) {
		free(t->columns[i].name);
	}
	free(t->columns);
	free(t);
}

int sw_table_column_add(sw_table_t *t, const char *name, size_t name_len, sw_table_type_t type, size_t size)
{
	sw_table_column_t *cols, *c;
	size_t width;

	if (t->memory) {
		sw_error_set(SW_ERROR_WRONG_OPERATION);
		return SW_ERR;
	}
	if (name_len == 0 || name_len > SW_TABLE_COLUMN_NAME_MAX || sw_table_column_find(t, name, name_len)) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	switch (type) {
	case SW_TABLE_INT:
	case SW_TABLE_FLOAT:
		size = 8;
		width = 8;
		break;
	case SW_TABLE_STRING:
		if (size < 1 || size > SW_TABLE_STRING_MAX) {
			sw_error_set(SW_ERROR_INVALID_PARAMS);
			return SW_ERR;
		}
		/* a 32-bit length, then the bytes */
		width = SW_TABLE_ALIGN(sizeof(uint32_t) + size);
		break;
	default:
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	if (t->data_size + width > UINT32_MAX / 2) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	cols = realloc(t->columns, (t->column_num + 1) * sizeof(*cols));
	if (cols == NULL) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	t->columns = cols;
	c = &cols[t->column_num];
	c->name = malloc(name_len + 1);
	if (c->name == NULL) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	memcpy(c->name, name, name_len);
	c->name[name_len] = '\0';
	c->name_len = name_len;
	c->type = type;
	c->size = (uint32_t) size;
	c->offset = (uint32_t) t->data_size;
	c->index = (uint32_t) t->column_num;
	t->data_size += width;
	t->column_num++;
	return SW_OK;
}

const sw_table_column_t *sw_table_column_find(const sw_table_t *t, const char *name, size_t name_len)
{
	size_t i;

	for (i = 0; i < t->column_num; i++) {
		if (t->columns[i].name_len == name_len && memcmp(t->columns[i].name, name, name_len) == 0) {
			return &t->columns[i];
		}
	}
	return NULL;
}

size_t sw_table_column_count(const sw_table_t *t)
{
	return t->column_num;
}

const sw_table_column_t *sw_table_column_at(const sw_table_t *t, size_t index)
{
	return index < t->column_num ? &t->columns[index] : NULL;
}

/* Sizes of the mapping's parts; SW_ERR when they do not fit a size_t. */
static int table_layout(sw_table_t *t)
{
	size_t buckets, pool;

	t->row_size = ROW_HEADER_SIZE + SW_TABLE_ALIGN(t->data_size);
	t->bucket_size = SW_TABLE_ALIGN(sizeof(sw_table_bucket_t)) + t->row_size;
	if (t->bucket_num > SIZE_MAX / t->bucket_size || (t->pool_num > 0 && t->pool_num > SIZE_MAX / t->row_size)) {
		return SW_ERR;
	}
	buckets = t->bucket_num * t->bucket_size;
	pool = t->pool_num * t->row_size;
	if (buckets > SIZE_MAX / 2 || pool > SIZE_MAX / 2) {
		return SW_ERR;
	}
	t->memory_size = SW_TABLE_ALIGN(sizeof(sw_table_header_t)) + buckets + pool;
	return SW_OK;
}

size_t sw_table_memory_size(const sw_table_t *t)
{
	sw_table_t copy = *t;

	if (t->memory) {
		return t->memory_size;
	}
	return table_layout(&copy) == SW_OK ? copy.memory_size : 0;
}

size_t sw_table_data_size(const sw_table_t *t)
{
	return t->data_size;
}

bool sw_table_is_created(const sw_table_t *t)
{
	return t->memory != NULL;
}

int sw_table_create(sw_table_t *t)
{
	size_t i;

	if (t->memory || t->column_num == 0) {
		sw_error_set(SW_ERROR_WRONG_OPERATION);
		return SW_ERR;
	}
	if (table_layout(t) != SW_OK) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	if (getrandom(&t->seed, sizeof(t->seed), GRND_NONBLOCK) != (ssize_t) sizeof(t->seed)) {
		t->seed = mix64((uint64_t) time(NULL) ^ ((uint64_t) getpid() << 32) ^ (uint64_t) (uintptr_t) t);
	}
	/* Fresh anonymous pages are zero: every row starts unused and unlinked. */
	t->memory = sw_shm_alloc(t->memory_size);
	if (t->memory == NULL) {
		return SW_ERR;
	}
	t->header = (sw_table_header_t *) t->memory;
	t->buckets = t->memory + SW_TABLE_ALIGN(sizeof(sw_table_header_t));
	t->pool = t->buckets + t->bucket_num * t->bucket_size;

	mutex_init_shared(&t->header->pool_lock);
	for (i = 0; i < t->bucket_num; i++) {
		mutex_init_shared(&bucket_at(t, i)->lock);
	}
	/* The free list threads every pool row in order: row i links to i + 1. */
	for (i = 0; i < t->pool_num; i++) {
		pool_row(t, (uint32_t) i + 1)->next = i + 1 < t->pool_num ? (uint32_t) i + 2 : 0;
	}
	t->header->free_head = t->pool_num > 0 ? 1 : 0;
	t->header->pool_free = (uint32_t) t->pool_num;
	return SW_OK;
}
/* }}} */

/* {{{ pool */
static uint32_t pool_take(sw_table_t *t)
{
	uint32_t idx;

	table_lock(t, &t->header->pool_lock);
	idx = t->header->free_head;
	if (idx != 0) {
		t->header->free_head = pool_row(t, idx)->next;
		t->header->pool_free--;
	}
	table_unlock(&t->header->pool_lock);
	return idx;
}

static void pool_give(sw_table_t *t, uint32_t idx)
{
	table_lock(t, &t->header->pool_lock);
	pool_row(t, idx)->next = t->header->free_head;
	t->header->free_head = idx;
	t->header->pool_free++;
	table_unlock(&t->header->pool_lock);
}
/* }}} */

/* {{{ rows */
static inline bool row_is(const sw_table_row_t *row, const char *key, size_t len)
{
	return row->used && row->key_len == len && memcmp(row->key, key, len) == 0;
}

/* The row holding key in the bucket's chain, or NULL. Bucket locked. */
static sw_table_row_t *chain_find(sw_table_t *t, sw_table_bucket_t *b, const char *key, size_t len)
{
	sw_table_row_t *row = bucket_row(b);

	for (;;) {
		if (row_is(row, key, len)) {
			return row;
		}
		if (row->next == 0) {
			return NULL;
		}
		row = pool_row(t, row->next);
	}
}

static void row_fill_key(sw_table_row_t *row, const char *key, size_t len, size_t data_size)
{
	row->key_len = (uint8_t) len;
	memcpy(row->key, key, len);
	memset(row_data(row), 0, data_size);
}

/*
 * Finds the key's row, or makes one (zeroed, not yet visible: *fresh set;
 * the caller fills it and calls row_publish()). Bucket locked. NULL with
 * SW_ERROR_TABLE_FULL.
 */
static sw_table_row_t *chain_find_or_add(sw_table_t *t, sw_table_bucket_t *b, const char *key, size_t len,
		bool *fresh, sw_table_row_t **link_from, uint32_t *link_idx)
{
	sw_table_row_t *head = bucket_row(b), *row, *last;
	uint32_t idx, level = 1;

	*fresh = false;
	*link_from = NULL;
	*link_idx = 0;
	row = chain_find(t, b, key, len);
	if (row) {
		return row;
	}
	*fresh = true;
	if (!head->used) {
		/* The bucket's own row is free (never used, or deleted with a chain behind it). */
		row_fill_key(head, key, len, t->data_size);
		return head;
	}
	last = head;
	while (last->next != 0) {
		last = pool_row(t, last->next);
		level++;
	}
	idx = pool_take(t);
	if (idx == 0) {
		sw_error_set(SW_ERROR_TABLE_FULL);
		return NULL;
	}
	row = pool_row(t, idx);
	row->next = 0;
	row->used = 1;
	row_fill_key(row, key, len, t->data_size);
	*link_from = last;
	*link_idx = idx;
	__atomic_add_fetch(&t->header->conflict_count, 1, __ATOMIC_RELAXED);
	level++;
	if (level > __atomic_load_n(&t->header->conflict_max_level, __ATOMIC_RELAXED)) {
		__atomic_store_n(&t->header->conflict_max_level, level, __ATOMIC_RELAXED);
	}
	return row;
}

/* Makes a fresh row visible with one store. */
static void row_publish(sw_table_t *t, sw_table_row_t *row, sw_table_row_t *link_from, uint32_t link_idx)
{
	if (link_from) {
		__atomic_store_n(&link_from->next, link_idx, __ATOMIC_RELEASE);
	} else {
		__atomic_store_n(&row->used, 1, __ATOMIC_RELEASE);
	}
	__atomic_add_fetch(&t->header->rows, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&t->header->insert_count, 1, __ATOMIC_RELAXED);
}

static void value_write(const sw_table_value_t *v, char *data)
{
	const sw_table_column_t *c = v->column;
	char *p = data + c->offset;
	uint32_t len;

	switch (c->type) {
	case SW_TABLE_INT:
		memcpy(p, &v->i, sizeof(int64_t));
		break;
	case SW_TABLE_FLOAT:
		memcpy(p, &v->f, sizeof(double));
		break;
	case SW_TABLE_STRING:
		len = (uint32_t) v->len;
		memcpy(p, &len, sizeof(len));
		memcpy(p + sizeof(len), v->s, v->len);
		break;
	}
}

void sw_table_value_read(const sw_table_column_t *col, const void *data, sw_table_value_t *out)
{
	const char *p = (const char *) data + col->offset;
	uint32_t len;

	memset(out, 0, sizeof(*out));
	out->column = col;
	switch (col->type) {
	case SW_TABLE_INT:
		memcpy(&out->i, p, sizeof(int64_t));
		break;
	case SW_TABLE_FLOAT:
		memcpy(&out->f, p, sizeof(double));
		break;
	case SW_TABLE_STRING:
		memcpy(&len, p, sizeof(len));
		/* a torn row (writer killed) must not make us read past the column */
		out->len = SW_MIN(len, col->size);
		out->s = p + sizeof(len);
		break;
	}
}

static int check_key(const sw_table_t *t, size_t len)
{
	if (t->memory == NULL) {
		sw_error_set(SW_ERROR_WRONG_OPERATION);
		return SW_ERR;
	}
	if (len > SW_TABLE_KEY_MAX) {
		sw_error_set(SW_ERROR_TABLE_KEY_TOO_LONG);
		return SW_ERR;
	}
	return SW_OK;
}

static sw_table_bucket_t *lock_bucket(sw_table_t *t, const char *key, size_t len)
{
	sw_table_bucket_t *b = bucket_at(t, sw_table_bucket_of(t, key, len));

	table_lock(t, &b->lock);
	return b;
}
/* }}} */

/* {{{ operations */
int sw_table_set(sw_table_t *t, const char *key, size_t key_len, const sw_table_value_t *values, size_t n)
{
	sw_table_bucket_t *b;
	sw_table_row_t *row, *link_from;
	uint32_t link_idx;
	bool fresh;
	size_t i;

	if (check_key(t, key_len) != SW_OK) {
		return SW_ERR;
	}
	for (i = 0; i < n; i++) {
		const sw_table_column_t *c = values[i].column;

		if (c == NULL || c < t->columns || c >= t->columns + t->column_num) {
			sw_error_set(SW_ERROR_TABLE_NO_COLUMN);
			return SW_ERR;
		}
		if (c->type == SW_TABLE_STRING && values[i].len > c->size) {
			sw_error_set(SW_ERROR_TABLE_VALUE_TOO_LONG);
			return SW_ERR;
		}
	}
	b = lock_bucket(t, key, key_len);
	row = chain_find_or_add(t, b, key, key_len, &fresh, &link_from, &link_idx);
	if (row == NULL) {
		table_unlock(&b->lock);
		return SW_ERR;
	}
	for (i = 0; i < n; i++) {
		value_write(&values[i], row_data(row));
	}
	if (fresh) {
		row_publish(t, row, link_from, link_idx);
	} else {
		__atomic_add_fetch(&t->header->update_count, 1, __ATOMIC_RELAXED);
	}
	table_unlock(&b->lock);
	return SW_OK;
}

int sw_table_get(sw_table_t *t, const char *key, size_t key_len, void *data)
{
	sw_table_bucket_t *b;
	sw_table_row_t *row;

	if (check_key(t, key_len) != SW_OK) {
		return SW_ERR;
	}
	b = lock_bucket(t, key, key_len);
	row = chain_find(t, b, key, key_len);
	if (row && data) {
		memcpy(data, row_data(row), t->data_size);
	}
	table_unlock(&b->lock);
	if (row == NULL) {
		sw_error_set(SW_ERROR_TABLE_NOT_FOUND);
		return SW_ERR;
	}
	return SW_OK;
}

bool sw_table_exists(sw_table_t *t, const char *key, size_t key_len)
{
	return sw_table_get(t, key, key_len, NULL) == SW_OK;
}

int sw_table_del(sw_table_t *t, const char *key, size_t key_len)
{
	sw_table_bucket_t *b;
	sw_table_row_t *head, *prev, *row;
	uint32_t idx;

	if (check_key(t, key_len) != SW_OK) {
		return SW_ERR;
	}
	b = lock_bucket(t, key, key_len);
	head = bucket_row(b);
	if (row_is(head, key, key_len)) {
		/* The bucket's own row stays in place (its chain hangs from it); it is only marked free. */
		__atomic_store_n(&head->used, 0, __ATOMIC_RELEASE);
		goto deleted;
	}
	prev = head;
	while ((idx = prev->next) != 0) {
		row = pool_row(t, idx);
		if (row_is(row, key, key_len)) {
			__atomic_store_n(&prev->next, row->next, __ATOMIC_RELEASE);
			pool_give(t, idx);
			goto deleted;
		}
		prev = row;
	}
	table_unlock(&b->lock);
	sw_error_set(SW_ERROR_TABLE_NOT_FOUND);
	return SW_ERR;

deleted:
	table_unlock(&b->lock);
	__atomic_sub_fetch(&t->header->rows, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&t->header->delete_count, 1, __ATOMIC_RELAXED);
	return SW_OK;
}

int sw_table_incr(sw_table_t *t, const char *key, size_t key_len, const sw_table_column_t *col,
		const sw_table_value_t *by, sw_table_value_t *result)
{
	sw_table_bucket_t *b;
	sw_table_row_t *row, *link_from;
	uint32_t link_idx;
	bool fresh;
	sw_table_value_t v;

	if (check_key(t, key_len) != SW_OK) {
		return SW_ERR;
	}
	if (col == NULL || col < t->columns || col >= t->columns + t->column_num) {
		sw_error_set(SW_ERROR_TABLE_NO_COLUMN);
		return SW_ERR;
	}
	if (col->type == SW_TABLE_STRING) {
		sw_error_set(SW_ERROR_TABLE_WRONG_TYPE);
		return SW_ERR;
	}
	b = lock_bucket(t, key, key_len);
	row = chain_find_or_add(t, b, key, key_len, &fresh, &link_from, &link_idx);
	if (row == NULL) {
		table_unlock(&b->lock);
		return SW_ERR;
	}
	sw_table_value_read(col, row_data(row), &v);
	if (col->type == SW_TABLE_INT) {
		v.i = (int64_t) ((uint64_t) v.i + (uint64_t) by->i);
	} else {
		v.f += by->f;
	}
	value_write(&v, row_data(row));
	if (fresh) {
		row_publish(t, row, link_from, link_idx);
	} else {
		__atomic_add_fetch(&t->header->update_count, 1, __ATOMIC_RELAXED);
	}
	table_unlock(&b->lock);
	if (result) {
		*result = v;
	}
	return SW_OK;
}

size_t sw_table_count(const sw_table_t *t)
{
	if (t->memory == NULL) {
		return 0;
	}
	return (size_t) __atomic_load_n(&t->header->rows, __ATOMIC_RELAXED);
}

int sw_table_iter_next(sw_table_t *t, sw_table_iter_t *it, char *key, size_t *key_len, void *data)
{
	if (t->memory == NULL) {
		return SW_ERR;
	}
	for (; it->bucket < t->bucket_num; it->bucket++, it->depth = 0) {
		sw_table_bucket_t *b = bucket_at(t, it->bucket);
		sw_table_row_t *row = bucket_row(b);
		size_t d = 0;

		table_lock(t, &b->lock);
		for (;;) {
			if (d >= it->depth && row->used) {
				*key_len = row->key_len;
				memcpy(key, row->key, row->key_len);
				key[row->key_len] = '\0';
				memcpy(data, row_data(row), t->data_size);
				table_unlock(&b->lock);
				it->depth = d + 1;
				return SW_OK;
			}
			if (row->next == 0) {
				break;
			}
			row = pool_row(t, row->next);
			d++;
		}
		table_unlock(&b->lock);
	}
	return SW_ERR;
}

void sw_table_stats(const sw_table_t *t, sw_table_stats_t *s)
{
	memset(s, 0, sizeof(*s));
	s->bucket_num = t->bucket_num;
	s->pool_num = t->pool_num;
	s->memory_size = sw_table_memory_size(t);
	if (t->memory == NULL) {
		s->pool_free = t->pool_num;
		return;
	}
	s->rows = (size_t) __atomic_load_n(&t->header->rows, __ATOMIC_RELAXED);
	s->pool_free = __atomic_load_n(&t->header->pool_free, __ATOMIC_RELAXED);
	s->conflict_count = __atomic_load_n(&t->header->conflict_count, __ATOMIC_RELAXED);
	s->conflict_max_level = __atomic_load_n(&t->header->conflict_max_level, __ATOMIC_RELAXED);
	s->insert_count = __atomic_load_n(&t->header->insert_count, __ATOMIC_RELAXED);
	s->update_count = __atomic_load_n(&t->header->update_count, __ATOMIC_RELAXED);
	s->delete_count = __atomic_load_n(&t->header->delete_count, __ATOMIC_RELAXED);
	s->lock_recovered = __atomic_load_n(&t->header->lock_recovered, __ATOMIC_RELAXED);
}
/* }}} */
