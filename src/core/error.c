/*
 * The per-thread last error, error texts and clocks.
 */
#include "sw_core.h"

#include <string.h>
#include <time.h>

static __thread int sw_last_error;

void sw_error_set(int code)
{
	sw_last_error = code;
}

int sw_error_get(void)
{
	return sw_last_error;
}

const char *sw_strerror(int code)
{
	switch (code) {
	case 0:
		return "Success";
	case SW_ERROR_MALLOC_FAIL:
		return "Memory allocation failed";
	case SW_ERROR_SYSTEM_CALL_FAIL:
		return "System call failed";
	case SW_ERROR_INVALID_PARAMS:
		return "Invalid parameters";
	case SW_ERROR_WRONG_OPERATION:
		return "Wrong operation";
	case SW_ERROR_SESSION_CLOSED_BY_SERVER:
		return "Session closed by server";
	case SW_ERROR_SESSION_CLOSED_BY_CLIENT:
		return "Session closed by client";
	case SW_ERROR_SESSION_CLOSING:
		return "Session is closing";
	case SW_ERROR_SESSION_CLOSED:
		return "Session is closed";
	case SW_ERROR_SESSION_NOT_EXIST:
		return "Session does not exist";
	case SW_ERROR_SESSION_INVALID_ID:
		return "Invalid session id";
	case SW_ERROR_OUTPUT_BUFFER_OVERFLOW:
		return "Output buffer overflow";
	case SW_ERROR_SESSION_UID_BOUND:
		return "The connection is bound to another uid already";
	case SW_ERROR_SESSION_NOT_OWNER:
		return "SWOOLE_BASE: the connection belongs to another worker (send and close from the worker that accepted it)";
	case SW_ERROR_SESSION_UID_SAME:
		return "The connection is bound to this uid already";
	case SW_ERROR_PACKAGE_MALFORMED:
		return "Malformed package (impossible length field)";
	case SW_ERROR_PACKAGE_LENGTH_TOO_LARGE:
		return "Package is longer than package_max_length";
	case SW_ERROR_DATA_LENGTH_TOO_LARGE:
		return "Data is longer than buffer_output_size";
	case SW_ERROR_IPC_PROTOCOL:
		return "Malformed or out-of-order IPC message";
	case SW_ERROR_TASK_PACKAGE_TOO_BIG:
		return "Task data is longer than package_max_length";
	case SW_ERROR_TASK_DISPATCH_FAIL:
		return "No task worker could take the task";
	case SW_ERROR_TASK_TIMEOUT:
		return "Task timed out";
	case SW_ERROR_TASK_DST_MODE3:
		return "With task_ipc_mode 3 the first free task worker takes each task: dstWorkerId must be -1";
	case SW_ERROR_TABLE_FULL:
		return "Table is full (the key's bucket is taken and the overflow pool is exhausted)";
	case SW_ERROR_TABLE_KEY_TOO_LONG:
		return "Table key is too long";
	case SW_ERROR_TABLE_VALUE_TOO_LONG:
		return "String is longer than its table column";
	case SW_ERROR_TABLE_NOT_FOUND:
		return "No such row in the table";
	case SW_ERROR_TABLE_NO_COLUMN:
		return "No such column in the table";
	case SW_ERROR_TABLE_WRONG_TYPE:
		return "Wrong type for this table column";
	case SW_ERROR_CLIENT_NO_CONNECTION:
		return "The client is not connected";
	case SW_ERROR_CLIENT_TIMEOUT:
		return "Client operation timed out";
	case SW_ERROR_SERVER_MUST_CREATED_BEFORE_CLIENT:
		return "The server must be created before the client";
	case SW_ERROR_SERVER_NOT_RUNNING:
		return "Server is not running";
	case SW_ERROR_SERVER_ONLY_START_ONE:
		return "Only one server can be started in a process";
	case SW_ERROR_SERVER_INVALID_CALLER:
		return "This call is not allowed in this process";
	case SW_ERROR_SERVER_NO_DGRAM_PORT:
		return "The server has no datagram port for this address family (or no such server socket)";
	default:
		break;
	}
	if (code > 0 && code < 1000) {
		return strerror(code);
	}
	return "Unknown error";
}

int64_t sw_time_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

double sw_time_float(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}
