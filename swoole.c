/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/*
 * The module: constants, Swoole\Exception, the swoole_* functions and the
 * phpinfo() section. Each class family lives in ext-src/ and registers itself
 * from MINIT.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "ext/standard/info.h"
#include "zend_exceptions.h"

#include "php_swoole.h"
#include "php_swoole_server.h"
#include "php_swoole_event.h"
#include "php_swoole_process.h"
#include "php_swoole_memory.h"
#include "php_swoole_functions.h"
#include "php_swoole_client.h"
#include "php_swoole_http.h"
#include "php_swoole_info.h"
#include "sw_core.h"
#include "sw_log.h"
#include "sw_server.h"

#include "swoole_arginfo.h"

#ifdef HAVE_SYS_PRCTL_H
#include <sys/prctl.h>
#endif

#define PHP_SWOOLE_AUTHOR "the swoole reimplementation contributors"
/* The kernel keeps 15 bytes of a thread name (TASK_COMM_LEN - 1). */
#define PHP_SWOOLE_COMM_MAX 15

zend_class_entry *php_swoole_exception_ce;

static bool php_swoole_set_cli_title(const char *name, size_t len)
{
	zend_function *fn = zend_hash_str_find_ptr(CG(function_table), ZEND_STRL("cli_set_process_title"));
	zval arg, retval;
	int saved_error_reporting;
	bool ok;

	if (!fn) {
		/* Not the CLI SAPI: the kernel name below is all we can set. */
		return true;
	}
	ZVAL_STRINGL(&arg, name, len);
	ZVAL_UNDEF(&retval);
	/* Its own warning would name cli_set_process_title(); our caller reports instead. */
	saved_error_reporting = EG(error_reporting);
	EG(error_reporting) = 0;
	zend_call_known_function(fn, NULL, NULL, &retval, 1, &arg, NULL);
	EG(error_reporting) = saved_error_reporting;
	ok = Z_TYPE(retval) == IS_TRUE;
	zval_ptr_dtor(&retval);
	zval_ptr_dtor(&arg);
	return ok;
}

bool php_swoole_set_process_name(const char *name, size_t len, bool quiet)
{
	bool ok = php_swoole_set_cli_title(name, len);

#ifdef HAVE_PR_SET_NAME
	{
		char comm[PHP_SWOOLE_COMM_MAX + 1];
		size_t n = MIN(len, PHP_SWOOLE_COMM_MAX);

		memcpy(comm, name, n);
		comm[n] = '\0';
		if (prctl(PR_SET_NAME, comm, 0, 0, 0) != 0) {
			ok = false;
		}
	}
#endif
	if (!ok && !quiet) {
		php_error_docref(NULL, E_WARNING, "Could not set the process name to \"%s\"", name);
	}
	return ok;
}

PHP_FUNCTION(swoole_version)
{
	ZEND_PARSE_PARAMETERS_NONE();

	RETURN_STRING(SW_VERSION);
}

PHP_FUNCTION(swoole_set_process_name)
{
	zend_string *name;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(name)
	ZEND_PARSE_PARAMETERS_END();

	if (ZSTR_LEN(name) == 0) {
		zend_argument_value_error(1, "cannot be empty");
		RETURN_THROWS();
	}
	if (memchr(ZSTR_VAL(name), '\0', ZSTR_LEN(name))) {
		zend_argument_value_error(1, "must not contain any null bytes");
		RETURN_THROWS();
	}
	RETURN_BOOL(php_swoole_set_process_name(ZSTR_VAL(name), ZSTR_LEN(name), false));
}

PHP_FUNCTION(swoole_last_error)
{
	ZEND_PARSE_PARAMETERS_NONE();

	RETURN_LONG(sw_error_get());
}

PHP_MINIT_FUNCTION(swoole)
{
#if defined(ZTS) && defined(COMPILE_DL_SWOOLE)
	ZEND_TSRMLS_CACHE_UPDATE();
#endif
	register_swoole_symbols(module_number);

	php_swoole_exception_ce = register_class_Swoole_Exception(zend_ce_exception);
	zend_register_class_alias("swoole_exception", php_swoole_exception_ce);

	php_swoole_server_minit(module_number);
	php_swoole_event_minit(module_number);
	php_swoole_timer_minit(module_number);
	php_swoole_process_minit(module_number);
	php_swoole_table_minit(module_number);
	php_swoole_atomic_minit(module_number);
	php_swoole_lock_minit(module_number);
	php_swoole_client_minit(module_number);
	php_swoole_http_minit(module_number);
	return SUCCESS;
}

PHP_RINIT_FUNCTION(swoole)
{
#if defined(ZTS) && defined(COMPILE_DL_SWOOLE)
	ZEND_TSRMLS_CACHE_UPDATE();
#endif
	return SUCCESS;
}

PHP_MINFO_FUNCTION(swoole)
{
	php_info_print_table_start();
	php_info_print_table_header(2, "swoole support", "enabled");
	php_info_print_table_row(2, "Version", SW_VERSION);
	php_info_print_table_row(2, "Author", PHP_SWOOLE_AUTHOR);
	php_info_print_table_end();

	php_swoole_info_print_features();
}

zend_module_entry swoole_module_entry = {
	STANDARD_MODULE_HEADER,
	"swoole",
	ext_functions,
	PHP_MINIT(swoole),
	NULL,
	PHP_RINIT(swoole),
	NULL,
	PHP_MINFO(swoole),
	PHP_SWOOLE_VERSION,
	STANDARD_MODULE_PROPERTIES
};

#ifdef COMPILE_DL_SWOOLE
#ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
#endif
ZEND_GET_MODULE(swoole)
#endif
