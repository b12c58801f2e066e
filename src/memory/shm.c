#include "sw_shm.h"

#include <errno.h>
#include <sys/mman.h>

void *sw_shm_alloc(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		sw_error_set(errno);
		return NULL;
	}
	return p;
}

void sw_shm_free(void *ptr, size_t size)
{
	if (ptr != NULL) {
		munmap(ptr, size);
	}
}
