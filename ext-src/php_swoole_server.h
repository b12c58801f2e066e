/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

#ifndef PHP_SWOOLE_SERVER_H
#define PHP_SWOOLE_SERVER_H

#include "php.h"
#include "sw_server.h"

/* Swoole\Server (alias swoole_server) */
extern zend_class_entry *php_swoole_server_ce;

/* Registers Swoole\Server; called from the module's MINIT. */
void php_swoole_server_minit(int module_number);

/* Settings given to set(), checked but not yet applied. */
typedef struct {
	sw_server_config_t config;     /* numeric and boolean settings */
	zend_string *log_file;         /* borrowed from the settings array; NULL: unchanged */
	zend_string *pid_file;
} php_swoole_pending_config_t;

/* Checks one setting into pending. false: an exception was thrown (or true with a warning for unknown keys). */
bool php_swoole_server_check_setting(zend_string *key, zval *value, php_swoole_pending_config_t *pending);

#endif /* PHP_SWOOLE_SERVER_H */
