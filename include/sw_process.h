/*
 * Process-level helpers for children of the server: privileges, CPU
 * affinity. They report errors through errbuf and the last error.
 */
#ifndef SW_PROCESS_H
#define SW_PROCESS_H

#include "sw_core.h"

/* Pins the calling process to one CPU (cpu % number of CPUs). */
int sw_process_set_affinity(int cpu);
/*
 * chroot (if chroot_dir), then the group (group, or the user's primary group)
 * and supplementary groups, then the user. NULL or empty values are skipped.
 */
int sw_process_drop_privileges(const char *user, const char *group, const char *chroot_dir, char *errbuf,
		size_t errlen);
/*
 * The uid and gid that sw_process_drop_privileges() would switch to (-1 for
 * what it leaves unchanged). SW_ERR when a name does not resolve.
 */
int sw_process_lookup_ids(const char *user, const char *group, long *uid, long *gid);

#endif
