/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/* The swoole_* utility functions (ext-src/php_swoole_functions.c). */
#ifndef PHP_SWOOLE_FUNCTIONS_H
#define PHP_SWOOLE_FUNCTIONS_H

/* swoole_strerror()'s second argument (Swoole's numbering). */
#define PHP_SWOOLE_STRERROR_SYSTEM 0
#define PHP_SWOOLE_STRERROR_GAI 1
#define PHP_SWOOLE_STRERROR_DNS 2
#define PHP_SWOOLE_STRERROR_SWOOLE 9

#endif /* PHP_SWOOLE_FUNCTIONS_H */
