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

/* Swoole\Server (alias swoole_server) */
extern zend_class_entry *php_swoole_server_ce;

/* Registers Swoole\Server; called from the module's MINIT. */
void php_swoole_server_minit(int module_number);

#endif /* PHP_SWOOLE_SERVER_H */
