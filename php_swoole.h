/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

#ifndef PHP_SWOOLE_H
#define PHP_SWOOLE_H

#include "sw_config.h"

extern zend_module_entry swoole_module_entry;
#define phpext_swoole_ptr &swoole_module_entry

#define PHP_SWOOLE_VERSION SW_VERSION

#if defined(ZTS) && defined(COMPILE_DL_SWOOLE)
ZEND_TSRMLS_CACHE_EXTERN()
#endif

/* Swoole\Exception, thrown by every class of the extension. */
extern zend_class_entry *php_swoole_exception_ce;

/*
 * Sets the process title (cli_set_process_title() when the SAPI has it) and
 * the kernel's 15-byte thread name. quiet: no warning on failure.
 */
bool php_swoole_set_process_name(const char *name, size_t len, bool quiet);

#endif /* PHP_SWOOLE_H */
