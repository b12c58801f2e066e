/*
 * Common definitions of the core: return codes, the per-thread last error,
 * branch hints, and small helpers. Plain C, no Zend.
 */
#ifndef SW_CORE_H
#define SW_CORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <sys/types.h>

#include "sw_config.h"

#define SW_OK 0
#define SW_ERR -1
#define SW_AGAIN -2

#define sw_likely(x) __builtin_expect(!!(x), 1)
#define sw_unlikely(x) __builtin_expect(!!(x), 0)

#define SW_MIN(a, b) ((a) < (b) ? (a) : (b))
#define SW_MAX(a, b) ((a) > (b) ? (a) : (b))

/*
 * Error numbers: below 1000 they are errno values; from 1000 on they belong to
 * the server (the numbering follows the classic Swoole codes users check).
 */
enum sw_error_code {
	SW_ERROR_MALLOC_FAIL = 501,
	SW_ERROR_SYSTEM_CALL_FAIL = 502,
	SW_ERROR_INVALID_PARAMS = 503,
	SW_ERROR_WRONG_OPERATION = 505,

	SW_ERROR_SESSION_CLOSED_BY_SERVER = 1001,
	SW_ERROR_SESSION_CLOSED_BY_CLIENT = 1002,
	SW_ERROR_SESSION_CLOSING = 1003,
	SW_ERROR_SESSION_CLOSED = 1004,
	SW_ERROR_SESSION_NOT_EXIST = 1005,
	SW_ERROR_SESSION_INVALID_ID = 1006,
	SW_ERROR_OUTPUT_BUFFER_OVERFLOW = 1008,
	SW_ERROR_SESSION_UID_BOUND = 1009,
	SW_ERROR_SESSION_UID_SAME = 1010,
	SW_ERROR_SESSION_NOT_OWNER = 1011,
	SW_ERROR_PACKAGE_MALFORMED = 1201,
	SW_ERROR_PACKAGE_LENGTH_TOO_LARGE = 1202,
	SW_ERROR_DATA_LENGTH_TOO_LARGE = 1203,
	SW_ERROR_IPC_PROTOCOL = 1210,

	SW_ERROR_TASK_PACKAGE_TOO_BIG = 2001,
	SW_ERROR_TASK_DISPATCH_FAIL = 2002,
	SW_ERROR_TASK_TIMEOUT = 2003,
	SW_ERROR_TASK_DST_MODE3 = 2004,

	/* shared memory (Swoole\Table) and the sync client: this project's own numbers */
	SW_ERROR_TABLE_FULL = 7001,
	SW_ERROR_TABLE_KEY_TOO_LONG = 7002,
	SW_ERROR_TABLE_VALUE_TOO_LONG = 7003,
	SW_ERROR_TABLE_NOT_FOUND = 7004,
	SW_ERROR_TABLE_NO_COLUMN = 7005,
	SW_ERROR_TABLE_WRONG_TYPE = 7006,
	SW_ERROR_CLIENT_NO_CONNECTION = 7101,
	SW_ERROR_CLIENT_TIMEOUT = 7102,

	SW_ERROR_SERVER_MUST_CREATED_BEFORE_CLIENT = 9001,
	SW_ERROR_SERVER_NOT_RUNNING = 9003,
	SW_ERROR_SERVER_ONLY_START_ONE = 9006,
	SW_ERROR_SERVER_INVALID_CALLER = 9008,
	SW_ERROR_SERVER_NO_DGRAM_PORT = 9009,
};

/* Last error of the calling thread. */
void sw_error_set(int code);
int sw_error_get(void);
/* Text for an errno value or a server error code; never NULL. */
const char *sw_strerror(int code);

/* Monotonic clock in milliseconds and microseconds. */
int64_t sw_time_ms(void);
double sw_time_float(void);

#endif
