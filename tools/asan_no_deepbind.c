/*
 * Preloaded in front of the ASan runtime by tools/asan_smoke.sh: PHP 8.2
 * opens extensions with RTLD_DEEPBIND, which the sanitizer runtime refuses
 * (the library would bind to libc's malloc, not the intercepted one). This
 * dlopen() drops that flag and hands the call on to the next definition,
 * the runtime's own interceptor. Test tooling only; never part of the
 * extension.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>

void *dlopen(const char *file, int mode)
{
	static void *(*next)(const char *, int);

	if (next == NULL) {
		next = (void *(*)(const char *, int)) dlsym(RTLD_NEXT, "dlopen");
	}
#ifdef RTLD_DEEPBIND
	mode &= ~RTLD_DEEPBIND;
#endif
	return next(file, mode);
}
