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

/* What getWorkerStatus() returns (SWOOLE_WORKER_*, the classic values). */
#define PHP_SWOOLE_WORKER_BUSY 1
#define PHP_SWOOLE_WORKER_IDLE 2
#define PHP_SWOOLE_WORKER_EXIT 3

/* Swoole\Server (alias swoole_server) */
extern zend_class_entry *php_swoole_server_ce;

/* Registers Swoole\Server; called from the module's MINIT. */
void php_swoole_server_minit(int module_number);

/* Settings given to set(), checked but not yet applied. */
typedef struct {
	sw_server_config_t config;     /* numeric and boolean settings */
	zend_string *log_file;         /* borrowed from the settings array; NULL: unchanged */
	zend_string *pid_file;
	zend_string *user;             /* checked to exist */
	zend_string *group;            /* checked to exist */
	zend_string *chroot;           /* checked to be a directory */
} php_swoole_pending_config_t;

/* Checks one setting into pending. false: an exception was thrown (or true with a warning for unknown keys). */
bool php_swoole_server_check_setting(zend_string *key, zval *value, php_swoole_pending_config_t *pending);

/* Applies what php_swoole_server_check_setting() accepted to the core's configuration. */
void php_swoole_server_apply_setting(sw_server_t *serv, php_swoole_pending_config_t *pending);

/*
 * At start(), after validation. Adds to defaults (arrays) the values of the keys
 * the user did not give (given: $server->setting, may be NULL), and to
 * effective the values the server will use where they differ from what was
 * given (reactor_num and reload_concurrency are capped at worker_num).
 */
void php_swoole_server_setting_defaults(sw_server_t *serv, HashTable *given, zval *defaults, zval *effective);

#endif /* PHP_SWOOLE_SERVER_H */
