/*
 * Memory shared by a process and the children it forks afterwards
 * (anonymous MAP_SHARED mappings). Pages are zero and touched lazily.
 */
#ifndef SW_SHM_H
#define SW_SHM_H

#include "sw_core.h"

void *sw_shm_alloc(size_t size);
void sw_shm_free(void *ptr, size_t size);

#endif
