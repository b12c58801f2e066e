#ifndef PHP_SWOOLE_INFO_H
#define PHP_SWOOLE_INFO_H

/* The rows of phpinfo() / php --ri swoole after the version: what is built in and what this kernel offers. */
void php_swoole_info_print_features(void);

#endif
