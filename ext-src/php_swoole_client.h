/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/* Swoole\Client (synchronous only). */
#ifndef PHP_SWOOLE_CLIENT_H
#define PHP_SWOOLE_CLIENT_H

/* The second constructor argument (Swoole's values). */
#define PHP_SWOOLE_SOCK_SYNC 0
#define PHP_SWOOLE_SOCK_ASYNC 1

/* Registers Swoole\Client (alias swoole_client); called from the module's MINIT. */
void php_swoole_client_minit(int module_number);

#endif /* PHP_SWOOLE_CLIENT_H */
