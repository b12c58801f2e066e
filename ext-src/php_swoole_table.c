/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/*
 * Swoole\Table: the PHP face of the shared hash table in src/memory/table.c.
 * PHP values are converted and checked before the core takes any lock, so
 * no PHP code (a __toString(), an error handler) ever runs under a row lock
 * and a refused set() changes nothing.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"

#include "php_swoole.h"
#include "php_swoole_memory.h"
#include "sw_table.h"

#include "table_arginfo.h"

typedef struct {
	sw_table_t *table;
	/* iteration state (per object, per process) */
	sw_table_iter_t iter;
	bool iter_valid;
	char iter_key[SW_TABLE_KEY_MAX + 1];
	size_t iter_key_len;
	char *iter_data;
	zend_object std;
} php_swoole_table_t;

static zend_class_entry *php_swoole_table_ce;
static zend_object_handlers php_swoole_table_handlers;

static inline php_swoole_table_t *php_swoole_table_from_obj(zend_object *obj)
{
	return (php_swoole_table_t *) ((char *) obj - XtOffsetOf(php_swoole_table_t, std));
}

#define Z_SWOOLE_TABLE_P(zv) php_swoole_table_from_obj(Z_OBJ_P(zv))

static zend_object *php_swoole_table_create_object(zend_class_entry *ce)
{
	php_swoole_table_t *intern = zend_object_alloc(sizeof(php_swoole_table_t), ce);

	memset(intern, 0, XtOffsetOf(php_swoole_table_t, std));
	zend_object_std_init(&intern->std, ce);
	object_properties_init(&intern->std, ce);
	intern->std.handlers = &php_swoole_table_handlers;
	return &intern->std;
}

static void php_swoole_table_release(php_swoole_table_t *intern)
{
	if (intern->table) {
		sw_table_free(intern->table);
		intern->table = NULL;
	}
	if (intern->iter_data) {
		efree(intern->iter_data);
		intern->iter_data = NULL;
	}
	intern->iter_valid = false;
}

static void php_swoole_table_free_obj(zend_object *object)
{
	php_swoole_table_release(php_swoole_table_from_obj(object));
	zend_object_std_dtor(object);
}

/* The table of $this; throws unless it was constructed (and, if created, created). */
static sw_table_t *php_swoole_table_get(zval *zobj, bool created)
{
	php_swoole_table_t *intern = Z_SWOOLE_TABLE_P(zobj);

	if (intern->table == NULL) {
		zend_throw_exception(php_swoole_exception_ce, "The table is not usable: it was destroyed or never constructed",
				SW_ERROR_WRONG_OPERATION);
		return NULL;
	}
	if (created && !sw_table_is_created(intern->table)) {
		zend_throw_exception(php_swoole_exception_ce, "The table must be created first: call create()",
				SW_ERROR_WRONG_OPERATION);
		return NULL;
	}
	return intern->table;
}

#define PHP_SWOOLE_TABLE_OR_THROW(t, created)                                                      \
	do {                                                                                           \
		(t) = php_swoole_table_get(ZEND_THIS, (created));                                          \
		if ((t) == NULL) {                                                                         \
			RETURN_THROWS();                                                                       \
		}                                                                                          \
	} while (0)

/* Warns about a refused operation, naming the key; sets the last error. */
static void php_swoole_table_warn(int code, zend_string *key, const char *detail)
{
	sw_error_set(code);
	if (code == SW_ERROR_TABLE_KEY_TOO_LONG) {
		php_error_docref(NULL, E_WARNING, "key of %zu bytes is too long (the limit is %d bytes)", ZSTR_LEN(key),
				SW_TABLE_KEY_MAX);
		return;
	}
	php_error_docref(NULL, E_WARNING, "%s%s%s (key \"%.*s\")", sw_strerror(code), detail ? ": " : "", detail ? detail : "",
			(int) MIN(ZSTR_LEN(key), SW_TABLE_KEY_MAX + 1), ZSTR_VAL(key));
}

static bool php_swoole_table_key_ok(zend_string *key)
{
	if (ZSTR_LEN(key) > SW_TABLE_KEY_MAX) {
		php_swoole_table_warn(SW_ERROR_TABLE_KEY_TOO_LONG, key, NULL);
		return false;
	}
	return true;
}

static const char *php_swoole_table_type_name(sw_table_type_t type)
{
	switch (type) {
	case SW_TABLE_INT:
		return "int";
	case SW_TABLE_FLOAT:
		return "float";
	default:
		return "string";
	}
}

/*
 * Converts one PHP value for a column. Accepted: for int, int / float /
 * bool / null / numeric string (floats are truncated); for float, the same
 * without truncation; for string, string / int / float / bool / null.
 * false after a warning naming the column.
 */
static bool php_swoole_table_convert(const sw_table_column_t *col, zval *zv, sw_table_value_t *out, zend_string **tmp)
{
	zend_long lval;
	double dval;
	zend_uchar t;

	ZVAL_DEREF(zv);
	out->column = col;
	*tmp = NULL;
	if (col->type == SW_TABLE_STRING) {
		switch (Z_TYPE_P(zv)) {
		case IS_STRING:
			out->s = Z_STRVAL_P(zv);
			out->len = Z_STRLEN_P(zv);
			break;
		case IS_LONG:
		case IS_DOUBLE:
		case IS_TRUE:
		case IS_FALSE:
		case IS_NULL:
			*tmp = zval_get_string(zv);
			out->s = ZSTR_VAL(*tmp);
			out->len = ZSTR_LEN(*tmp);
			break;
		default:
			php_error_docref(NULL, E_WARNING, "column \"%s\" is a string column, %s given", col->name,
					zend_zval_type_name(zv));
			sw_error_set(SW_ERROR_TABLE_WRONG_TYPE);
			return false;
		}
		if (out->len > col->size) {
			php_error_docref(NULL, E_WARNING,
					"value of %zu bytes does not fit column \"%s\" (string of %u bytes); the row was not changed",
					out->len, col->name, col->size);
			sw_error_set(SW_ERROR_TABLE_VALUE_TOO_LONG);
			return false;
		}
		return true;
	}
	switch (Z_TYPE_P(zv)) {
	case IS_LONG:
		lval = Z_LVAL_P(zv);
		dval = (double) lval;
		break;
	case IS_DOUBLE:
		dval = Z_DVAL_P(zv);
		lval = zend_dval_to_lval(dval);
		break;
	case IS_TRUE:
		lval = 1;
		dval = 1;
		break;
	case IS_FALSE:
	case IS_NULL:
		lval = 0;
		dval = 0;
		break;
	case IS_STRING:
		t = is_numeric_string(Z_STRVAL_P(zv), Z_STRLEN_P(zv), &lval, &dval, false);
		if (t == IS_LONG) {
			dval = (double) lval;
			break;
		}
		if (t == IS_DOUBLE) {
			lval = zend_dval_to_lval(dval);
			break;
		}
		ZEND_FALLTHROUGH;
	default:
		php_error_docref(NULL, E_WARNING, "column \"%s\" is %s %s column, %s given", col->name,
				col->type == SW_TABLE_INT ? "an" : "a", php_swoole_table_type_name(col->type),
				Z_TYPE_P(zv) == IS_STRING ? "a non-numeric string" : zend_zval_type_name(zv));
		sw_error_set(SW_ERROR_TABLE_WRONG_TYPE);
		return false;
	}
	out->i = (int64_t) lval;
	out->f = dval;
	return true;
}

static void php_swoole_table_value_to_zval(const sw_table_value_t *v, zval *zv)
{
	switch (v->column->type) {
	case SW_TABLE_INT:
		ZVAL_LONG(zv, (zend_long) v->i);
		break;
	case SW_TABLE_FLOAT:
		ZVAL_DOUBLE(zv, v->f);
		break;
	default:
		ZVAL_STRINGL(zv, v->s, v->len);
		break;
	}
}

/* The row's data as an array, columns in declaration order. */
static void php_swoole_table_row_to_array(sw_table_t *t, const char *data, zval *arr)
{
	size_t i, n = sw_table_column_count(t);

	array_init_size(arr, (uint32_t) n);
	for (i = 0; i < n; i++) {
		const sw_table_column_t *col = sw_table_column_at(t, i);
		sw_table_value_t v;
		zval zv;

		sw_table_value_read(col, data, &v);
		php_swoole_table_value_to_zval(&v, &zv);
		zend_hash_str_add_new(Z_ARRVAL_P(arr), col->name, col->name_len, &zv);
	}
}

PHP_METHOD(Swoole_Table, __construct)
{
	php_swoole_table_t *intern = Z_SWOOLE_TABLE_P(ZEND_THIS);
	zend_long size;
	double proportion = SW_TABLE_CONFLICT_PROPORTION_DEFAULT;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_LONG(size)
		Z_PARAM_OPTIONAL
		Z_PARAM_DOUBLE(proportion)
	ZEND_PARSE_PARAMETERS_END();

	if (intern->table) {
		zend_throw_error(NULL, "Cannot call constructor twice");
		RETURN_THROWS();
	}
	if (size < 1 || (zend_ulong) size > SW_TABLE_SIZE_MAX) {
		zend_argument_value_error(1, "must be between 1 and %u", SW_TABLE_SIZE_MAX);
		RETURN_THROWS();
	}
	if (!(proportion >= 0 && proportion <= 1)) {
		zend_argument_value_error(2, "must be between 0 and 1");
		RETURN_THROWS();
	}
	intern->table = sw_table_new((size_t) size, proportion);
	if (intern->table == NULL) {
		zend_throw_exception(php_swoole_exception_ce, "Could not allocate the table", sw_error_get());
		RETURN_THROWS();
	}
}

PHP_METHOD(Swoole_Table, column)
{
	sw_table_t *t;
	zend_string *name;
	zend_long type, size = 0;

	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_STR(name)
		Z_PARAM_LONG(type)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(size)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_TABLE_OR_THROW(t, false);
	if (sw_table_is_created(t)) {
		zend_throw_exception(php_swoole_exception_ce, "Cannot add a column after create()", SW_ERROR_WRONG_OPERATION);
		RETURN_THROWS();
	}
	if (ZSTR_LEN(name) == 0 || ZSTR_LEN(name) > SW_TABLE_COLUMN_NAME_MAX) {
		zend_argument_value_error(1, "must be between 1 and %d bytes long", SW_TABLE_COLUMN_NAME_MAX);
		RETURN_THROWS();
	}
	if (type != SW_TABLE_INT && type != SW_TABLE_FLOAT && type != SW_TABLE_STRING) {
		zend_argument_value_error(2, "must be Swoole\\Table::TYPE_INT, Swoole\\Table::TYPE_FLOAT or Swoole\\Table::TYPE_STRING");
		RETURN_THROWS();
	}
	if (type == SW_TABLE_STRING && (size < 1 || size > SW_TABLE_STRING_MAX)) {
		zend_argument_value_error(3, "must be between 1 and %d for a string column", SW_TABLE_STRING_MAX);
		RETURN_THROWS();
	}
	if (sw_table_column_find(t, ZSTR_VAL(name), ZSTR_LEN(name))) {
		zend_argument_value_error(1, "names a column that already exists (\"%s\")", ZSTR_VAL(name));
		RETURN_THROWS();
	}
	if (sw_table_column_add(t, ZSTR_VAL(name), ZSTR_LEN(name), (sw_table_type_t) type, (size_t) size) != SW_OK) {
		zend_throw_exception(php_swoole_exception_ce, "Could not add the column", sw_error_get());
		RETURN_THROWS();
	}
	RETURN_TRUE;
}

PHP_METHOD(Swoole_Table, create)
{
	php_swoole_table_t *intern = Z_SWOOLE_TABLE_P(ZEND_THIS);
	sw_table_t *t;

	ZEND_PARSE_PARAMETERS_NONE();

	PHP_SWOOLE_TABLE_OR_THROW(t, false);
	if (sw_table_is_created(t)) {
		zend_throw_exception(php_swoole_exception_ce, "The table was already created", SW_ERROR_WRONG_OPERATION);
		RETURN_THROWS();
	}
	if (sw_table_column_count(t) == 0) {
		zend_throw_exception(php_swoole_exception_ce, "The table has no column: call column() before create()",
				SW_ERROR_WRONG_OPERATION);
		RETURN_THROWS();
	}
	if (sw_table_create(t) != SW_OK) {
		int err = sw_error_get();

		zend_throw_exception_ex(php_swoole_exception_ce, err, "Could not map %zu bytes of shared memory for the table: %s",
				sw_table_memory_size(t), sw_strerror(err));
		RETURN_THROWS();
	}
	intern->iter_data = emalloc(SW_MAX(sw_table_data_size(t), 1));
	RETURN_TRUE;
}

PHP_METHOD(Swoole_Table, destroy)
{
	ZEND_PARSE_PARAMETERS_NONE();

	php_swoole_table_release(Z_SWOOLE_TABLE_P(ZEND_THIS));
	RETURN_TRUE;
}

PHP_METHOD(Swoole_Table, set)
{
	sw_table_t *t;
	zend_string *key, *name;
	HashTable *row;
	zval *zv;
	sw_table_value_t stack_values[16], *values;
	zend_string *stack_tmps[16], **tmps;
	uint32_t n, i = 0;
	bool ok = true;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(key)
		Z_PARAM_ARRAY_HT(row)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_TABLE_OR_THROW(t, true);
	if (!php_swoole_table_key_ok(key)) {
		RETURN_FALSE;
	}
	n = zend_hash_num_elements(row);
	values = n <= 16 ? stack_values : safe_emalloc(n, sizeof(*values), 0);
	tmps = n <= 16 ? stack_tmps : safe_emalloc(n, sizeof(*tmps), 0);
	ZEND_HASH_FOREACH_STR_KEY_VAL(row, name, zv) {
		const sw_table_column_t *col;

		if (name == NULL) {
			php_error_docref(NULL, E_WARNING, "column names must be strings, an integer key was given");
			sw_error_set(SW_ERROR_TABLE_NO_COLUMN);
			ok = false;
			break;
		}
		col = sw_table_column_find(t, ZSTR_VAL(name), ZSTR_LEN(name));
		if (col == NULL) {
			php_error_docref(NULL, E_WARNING, "no column \"%s\" in the table; the row was not changed", ZSTR_VAL(name));
			sw_error_set(SW_ERROR_TABLE_NO_COLUMN);
			ok = false;
			break;
		}
		if (!php_swoole_table_convert(col, zv, &values[i], &tmps[i])) {
			ok = false;
			break;
		}
		i++;
	} ZEND_HASH_FOREACH_END();

	if (ok && sw_table_set(t, ZSTR_VAL(key), ZSTR_LEN(key), values, i) != SW_OK) {
		php_swoole_table_warn(sw_error_get(), key, NULL);
		ok = false;
	}
	while (i > 0) {
		i--;
		if (tmps[i]) {
			zend_string_release(tmps[i]);
		}
	}
	if (values != stack_values) {
		efree(values);
		efree(tmps);
	}
	RETURN_BOOL(ok);
}

PHP_METHOD(Swoole_Table, get)
{
	sw_table_t *t;
	zend_string *key, *field = NULL;
	const sw_table_column_t *col = NULL;
	sw_table_value_t v;
	char stack[512], *data;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(key)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(field)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_TABLE_OR_THROW(t, true);
	if (!php_swoole_table_key_ok(key)) {
		RETURN_FALSE;
	}
	if (field) {
		col = sw_table_column_find(t, ZSTR_VAL(field), ZSTR_LEN(field));
		if (col == NULL) {
			php_error_docref(NULL, E_WARNING, "no column \"%s\" in the table", ZSTR_VAL(field));
			sw_error_set(SW_ERROR_TABLE_NO_COLUMN);
			RETURN_FALSE;
		}
	}
	data = sw_table_data_size(t) <= sizeof(stack) ? stack : emalloc(sw_table_data_size(t));
	if (sw_table_get(t, ZSTR_VAL(key), ZSTR_LEN(key), data) != SW_OK) {
		RETVAL_FALSE;
	} else if (col) {
		sw_table_value_read(col, data, &v);
		php_swoole_table_value_to_zval(&v, return_value);
	} else {
		php_swoole_table_row_to_array(t, data, return_value);
	}
	if (data != stack) {
		efree(data);
	}
}

PHP_METHOD(Swoole_Table, exists)
{
	sw_table_t *t;
	zend_string *key;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(key)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_TABLE_OR_THROW(t, true);
	if (!php_swoole_table_key_ok(key)) {
		RETURN_FALSE;
	}
	RETURN_BOOL(sw_table_exists(t, ZSTR_VAL(key), ZSTR_LEN(key)));
}

PHP_METHOD(Swoole_Table, del)
{
	sw_table_t *t;
	zend_string *key;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(key)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_TABLE_OR_THROW(t, true);
	if (!php_swoole_table_key_ok(key)) {
		RETURN_FALSE;
	}
	RETURN_BOOL(sw_table_del(t, ZSTR_VAL(key), ZSTR_LEN(key)) == SW_OK);
}

/*
 * ArrayAccess: the same as get/set/exists/del with the offset as the key
 * (an integer offset is its decimal text). A row is an array, a copy:
 * $table[$k]['col'] = 1 changes nothing in the table (PHP says so).
 */
static zend_string *php_swoole_table_offset_key(zval *offset)
{
	if (Z_TYPE_P(offset) == IS_NULL) {
		zend_throw_error(NULL, "Swoole\\Table has no next key: give one ($table[$key] = [...])");
		return NULL;
	}
	if (Z_TYPE_P(offset) != IS_STRING && Z_TYPE_P(offset) != IS_LONG) {
		zend_type_error("Swoole\\Table keys are strings (or integers), %s given", zend_zval_type_name(offset));
		return NULL;
	}
	return zval_get_string(offset);
}

static void php_swoole_table_call(zval *object, const char *method, zval *return_value, uint32_t argc, zval *argv)
{
	zend_function *fn = zend_hash_str_find_ptr(&Z_OBJCE_P(object)->function_table, method, strlen(method));

	zend_call_known_instance_method(fn, Z_OBJ_P(object), return_value, argc, argv);
}

PHP_METHOD(Swoole_Table, offsetGet)
{
	zval *offset, key;
	zend_string *k;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ZVAL(offset)
	ZEND_PARSE_PARAMETERS_END();

	if ((k = php_swoole_table_offset_key(offset)) == NULL) {
		RETURN_THROWS();
	}
	ZVAL_STR(&key, k);
	php_swoole_table_call(ZEND_THIS, "get", return_value, 1, &key);
	zval_ptr_dtor(&key);
}

PHP_METHOD(Swoole_Table, offsetSet)
{
	zval *offset, *value, args[2], rv;
	zend_string *k;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_ZVAL(offset)
		Z_PARAM_ZVAL(value)
	ZEND_PARSE_PARAMETERS_END();

	if ((k = php_swoole_table_offset_key(offset)) == NULL) {
		RETURN_THROWS();
	}
	if (Z_TYPE_P(value) != IS_ARRAY) {
		zend_string_release(k);
		zend_type_error("a Swoole\\Table row is an array of columns, %s given", zend_zval_type_name(value));
		RETURN_THROWS();
	}
	ZVAL_STR(&args[0], k);
	ZVAL_COPY_VALUE(&args[1], value);
	ZVAL_UNDEF(&rv);
	php_swoole_table_call(ZEND_THIS, "set", &rv, 2, args);
	zval_ptr_dtor(&rv);
	zval_ptr_dtor(&args[0]);
}

PHP_METHOD(Swoole_Table, offsetExists)
{
	zval *offset, key;
	zend_string *k;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ZVAL(offset)
	ZEND_PARSE_PARAMETERS_END();

	if ((k = php_swoole_table_offset_key(offset)) == NULL) {
		RETURN_THROWS();
	}
	ZVAL_STR(&key, k);
	php_swoole_table_call(ZEND_THIS, "exists", return_value, 1, &key);
	zval_ptr_dtor(&key);
}

PHP_METHOD(Swoole_Table, offsetUnset)
{
	zval *offset, key, rv;
	zend_string *k;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ZVAL(offset)
	ZEND_PARSE_PARAMETERS_END();

	if ((k = php_swoole_table_offset_key(offset)) == NULL) {
		RETURN_THROWS();
	}
	ZVAL_STR(&key, k);
	ZVAL_UNDEF(&rv);
	php_swoole_table_call(ZEND_THIS, "del", &rv, 1, &key);
	zval_ptr_dtor(&rv);
	zval_ptr_dtor(&key);
}

static void php_swoole_table_add(INTERNAL_FUNCTION_PARAMETERS, bool negate)
{
	sw_table_t *t;
	zend_string *key, *name;
	zval *by = NULL;
	const sw_table_column_t *col;
	sw_table_value_t delta, result;

	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_STR(key)
		Z_PARAM_STR(name)
		Z_PARAM_OPTIONAL
		Z_PARAM_NUMBER(by)
	ZEND_PARSE_PARAMETERS_END();

	PHP_SWOOLE_TABLE_OR_THROW(t, true);
	if (!php_swoole_table_key_ok(key)) {
		RETURN_FALSE;
	}
	col = sw_table_column_find(t, ZSTR_VAL(name), ZSTR_LEN(name));
	if (col == NULL) {
		php_error_docref(NULL, E_WARNING, "no column \"%s\" in the table", ZSTR_VAL(name));
		sw_error_set(SW_ERROR_TABLE_NO_COLUMN);
		RETURN_FALSE;
	}
	if (col->type == SW_TABLE_STRING) {
		php_error_docref(NULL, E_WARNING, "column \"%s\" is a string column: only int and float columns can be %s",
				col->name, negate ? "decremented" : "incremented");
		sw_error_set(SW_ERROR_TABLE_WRONG_TYPE);
		RETURN_FALSE;
	}
	memset(&delta, 0, sizeof(delta));
	if (by == NULL) {
		delta.i = 1;
		delta.f = 1;
	} else if (Z_TYPE_P(by) == IS_LONG) {
		delta.i = Z_LVAL_P(by);
		delta.f = (double) Z_LVAL_P(by);
	} else {
		delta.f = Z_DVAL_P(by);
		delta.i = zend_dval_to_lval(Z_DVAL_P(by));
	}
	if (negate) {
		delta.i = (int64_t) (0 - (uint64_t) delta.i);
		delta.f = -delta.f;
	}
	if (sw_table_incr(t, ZSTR_VAL(key), ZSTR_LEN(key), col, &delta, &result) != SW_OK) {
		php_swoole_table_warn(sw_error_get(), key, NULL);
		RETURN_FALSE;
	}
	php_swoole_table_value_to_zval(&result, return_value);
}

PHP_METHOD(Swoole_Table, incr)
{
	php_swoole_table_add(INTERNAL_FUNCTION_PARAM_PASSTHRU, false);
}

PHP_METHOD(Swoole_Table, decr)
{
	php_swoole_table_add(INTERNAL_FUNCTION_PARAM_PASSTHRU, true);
}

PHP_METHOD(Swoole_Table, count)
{
	php_swoole_table_t *intern = Z_SWOOLE_TABLE_P(ZEND_THIS);

	ZEND_PARSE_PARAMETERS_NONE();

	RETURN_LONG(intern->table ? (zend_long) sw_table_count(intern->table) : 0);
}

PHP_METHOD(Swoole_Table, getSize)
{
	sw_table_t *t;
	sw_table_stats_t st;

	ZEND_PARSE_PARAMETERS_NONE();

	PHP_SWOOLE_TABLE_OR_THROW(t, false);
	sw_table_stats(t, &st);
	RETURN_LONG((zend_long) st.bucket_num);
}

PHP_METHOD(Swoole_Table, getMemorySize)
{
	sw_table_t *t;

	ZEND_PARSE_PARAMETERS_NONE();

	PHP_SWOOLE_TABLE_OR_THROW(t, false);
	RETURN_LONG((zend_long) sw_table_memory_size(t));
}

PHP_METHOD(Swoole_Table, stats)
{
	php_swoole_table_t *intern = Z_SWOOLE_TABLE_P(ZEND_THIS);
	sw_table_stats_t st;

	ZEND_PARSE_PARAMETERS_NONE();

	if (intern->table == NULL || !sw_table_is_created(intern->table)) {
		RETURN_FALSE;
	}
	sw_table_stats(intern->table, &st);
	array_init(return_value);
	add_assoc_long(return_value, "num", (zend_long) st.rows);
	add_assoc_long(return_value, "conflict_count", (zend_long) st.conflict_count);
	add_assoc_long(return_value, "conflict_max_level", (zend_long) st.conflict_max_level);
	add_assoc_long(return_value, "insert_count", (zend_long) st.insert_count);
	add_assoc_long(return_value, "update_count", (zend_long) st.update_count);
	add_assoc_long(return_value, "delete_count", (zend_long) st.delete_count);
	add_assoc_long(return_value, "available_slice_num", (zend_long) st.pool_free);
	add_assoc_long(return_value, "total_slice_num", (zend_long) st.pool_num);
	add_assoc_long(return_value, "bucket_num", (zend_long) st.bucket_num);
	add_assoc_long(return_value, "lock_recovered", (zend_long) st.lock_recovered);
	add_assoc_long(return_value, "memory_size", (zend_long) st.memory_size);
}

/* {{{ Iterator */
static void php_swoole_table_iter_fetch(php_swoole_table_t *intern)
{
	intern->iter_valid = intern->table && sw_table_is_created(intern->table) &&
			sw_table_iter_next(intern->table, &intern->iter, intern->iter_key, &intern->iter_key_len,
					intern->iter_data) == SW_OK;
}

PHP_METHOD(Swoole_Table, rewind)
{
	php_swoole_table_t *intern = Z_SWOOLE_TABLE_P(ZEND_THIS);

	ZEND_PARSE_PARAMETERS_NONE();

	intern->iter.bucket = 0;
	intern->iter.depth = 0;
	php_swoole_table_iter_fetch(intern);
}

PHP_METHOD(Swoole_Table, valid)
{
	ZEND_PARSE_PARAMETERS_NONE();

	RETURN_BOOL(Z_SWOOLE_TABLE_P(ZEND_THIS)->iter_valid);
}

PHP_METHOD(Swoole_Table, current)
{
	php_swoole_table_t *intern = Z_SWOOLE_TABLE_P(ZEND_THIS);

	ZEND_PARSE_PARAMETERS_NONE();

	if (!intern->iter_valid) {
		RETURN_FALSE;
	}
	php_swoole_table_row_to_array(intern->table, intern->iter_data, return_value);
}

PHP_METHOD(Swoole_Table, key)
{
	php_swoole_table_t *intern = Z_SWOOLE_TABLE_P(ZEND_THIS);

	ZEND_PARSE_PARAMETERS_NONE();

	if (!intern->iter_valid) {
		RETURN_FALSE;
	}
	RETURN_STRINGL(intern->iter_key, intern->iter_key_len);
}

PHP_METHOD(Swoole_Table, next)
{
	php_swoole_table_t *intern = Z_SWOOLE_TABLE_P(ZEND_THIS);

	ZEND_PARSE_PARAMETERS_NONE();

	if (intern->iter_valid) {
		php_swoole_table_iter_fetch(intern);
	}
}
/* }}} */

void php_swoole_table_minit(int module_number)
{
	php_swoole_table_ce = register_class_Swoole_Table(zend_ce_iterator, zend_ce_countable, zend_ce_arrayaccess);
	php_swoole_table_ce->create_object = php_swoole_table_create_object;
	zend_register_class_alias("swoole_table", php_swoole_table_ce);

	memcpy(&php_swoole_table_handlers, &std_object_handlers, sizeof(zend_object_handlers));
	php_swoole_table_handlers.offset = XtOffsetOf(php_swoole_table_t, std);
	php_swoole_table_handlers.free_obj = php_swoole_table_free_obj;
	php_swoole_table_handlers.clone_obj = NULL;
}
