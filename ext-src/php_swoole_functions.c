/*
  +----------------------------------------------------------------------+
  | swoole: an event-driven network server for PHP                       |
  +----------------------------------------------------------------------+
  | Licensed under the Apache License, Version 2.0                       |
  +----------------------------------------------------------------------+
*/

/*
 * Utility functions: error texts and numbers, processor count, local
 * addresses. Declared in swoole.stub.php with the module's other functions
 * (swoole_version(), swoole_last_error() and swoole_set_process_name() are
 * in swoole.c).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"

#include "php_swoole.h"
#include "php_swoole_functions.h"
#include "sw_core.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <unistd.h>

PHP_FUNCTION(swoole_strerror)
{
	zend_long code, type = PHP_SWOOLE_STRERROR_SYSTEM;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_LONG(code)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(type)
	ZEND_PARSE_PARAMETERS_END();

	if (code < INT_MIN || code > INT_MAX) {
		code = INT_MAX;
	}
	switch (type) {
	case PHP_SWOOLE_STRERROR_GAI:
		RETURN_STRING(gai_strerror((int) code));
	case PHP_SWOOLE_STRERROR_DNS:
		RETURN_STRING(hstrerror((int) code));
	default:
		/* both errno values and the extension's codes: the core tells them apart */
		RETURN_STRING(sw_strerror((int) code));
	}
}

PHP_FUNCTION(swoole_errno)
{
	ZEND_PARSE_PARAMETERS_NONE();

	RETURN_LONG(errno);
}

PHP_FUNCTION(swoole_clear_error)
{
	ZEND_PARSE_PARAMETERS_NONE();

	sw_error_set(0);
	errno = 0;
}

PHP_FUNCTION(swoole_cpu_num)
{
	long n;

	ZEND_PARSE_PARAMETERS_NONE();

	n = sysconf(_SC_NPROCESSORS_ONLN);
	RETURN_LONG(n > 0 ? n : 1);
}

PHP_FUNCTION(swoole_get_local_ip)
{
	struct ifaddrs *list, *ifa;
	char ip[INET_ADDRSTRLEN];

	ZEND_PARSE_PARAMETERS_NONE();

	if (getifaddrs(&list) != 0) {
		sw_error_set(errno);
		php_error_docref(NULL, E_WARNING, "getifaddrs() failed: %s", strerror(errno));
		RETURN_EMPTY_ARRAY();
	}
	array_init(return_value);
	for (ifa = list; ifa; ifa = ifa->ifa_next) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *) ifa->ifa_addr;

		if (sin == NULL || sin->sin_family != AF_INET || !(ifa->ifa_flags & IFF_UP) || (ifa->ifa_flags & IFF_LOOPBACK)) {
			continue;
		}
		/* 127.0.0.0/8 on an interface not flagged as loopback is still loopback */
		if ((ntohl(sin->sin_addr.s_addr) >> 24) == 127) {
			continue;
		}
		if (inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof(ip)) == NULL) {
			continue;
		}
		/* an interface with several addresses: the first one, as Swoole does */
		if (!zend_hash_str_exists(Z_ARRVAL_P(return_value), ifa->ifa_name, strlen(ifa->ifa_name))) {
			add_assoc_string(return_value, ifa->ifa_name, ip);
		}
	}
	freeifaddrs(list);
}
