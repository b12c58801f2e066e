/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/* The shared-memory classes: Swoole\Table, Swoole\Atomic(\Long), Swoole\Lock. */
#ifndef PHP_SWOOLE_MEMORY_H
#define PHP_SWOOLE_MEMORY_H

/* Each registers its class family (and aliases); called from the module's MINIT. */
void php_swoole_table_minit(int module_number);
void php_swoole_atomic_minit(int module_number);
void php_swoole_lock_minit(int module_number);

#endif /* PHP_SWOOLE_MEMORY_H */
