#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "sw_process.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int sw_process_set_affinity(int cpu)
{
	cpu_set_t set;
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1) {
		n = 1;
	}
	CPU_ZERO(&set);
	CPU_SET((int) (cpu % n), &set);
	if (sched_setaffinity(0, sizeof(set), &set) < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	return SW_OK;
}

static int fail(char *errbuf, size_t errlen, const char *what, const char *name, int err)
{
	snprintf(errbuf, errlen, "%s \"%s\" failed: %s", what, name, err ? strerror(err) : "no such entry");
	sw_error_set(err ? err : SW_ERROR_INVALID_PARAMS);
	return SW_ERR;
}

int sw_process_lookup_ids(const char *user, const char *group, long *uid, long *gid)
{
	struct passwd *pw = NULL;
	struct group *gr = NULL;

	*uid = -1;
	*gid = -1;
	if (user != NULL && user[0] != '\0') {
		if ((pw = getpwnam(user)) == NULL) {
			return SW_ERR;
		}
		*uid = (long) pw->pw_uid;
		*gid = (long) pw->pw_gid;
	}
	if (group != NULL && group[0] != '\0') {
		if ((gr = getgrnam(group)) == NULL) {
			return SW_ERR;
		}
		*gid = (long) gr->gr_gid;
	}
	return SW_OK;
}

int sw_process_drop_privileges(const char *user, const char *group, const char *chroot_dir, char *errbuf,
		size_t errlen)
{
	struct passwd *pw = NULL;
	struct group *gr = NULL;
	gid_t gid;

	/* Look the names up before chroot: the new root may have no /etc. */
	if (user != NULL && user[0] != '\0') {
		errno = 0;
		pw = getpwnam(user);
		if (pw == NULL) {
			return fail(errbuf, errlen, "user lookup", user, errno);
		}
	}
	if (group != NULL && group[0] != '\0') {
		errno = 0;
		gr = getgrnam(group);
		if (gr == NULL) {
			return fail(errbuf, errlen, "group lookup", group, errno);
		}
	}
	if (chroot_dir != NULL && chroot_dir[0] != '\0') {
		if (chroot(chroot_dir) < 0) {
			return fail(errbuf, errlen, "chroot", chroot_dir, errno);
		}
		if (chdir("/") < 0) {
			return fail(errbuf, errlen, "chdir to the new root", chroot_dir, errno);
		}
	}
	if (pw == NULL && gr == NULL) {
		return SW_OK;
	}
	gid = gr != NULL ? gr->gr_gid : pw->pw_gid;
	if (setgid(gid) < 0) {
		return fail(errbuf, errlen, "setgid for", gr != NULL ? group : user, errno);
	}
	if (pw != NULL) {
		/* Drop the supplementary groups of root before giving up the user. */
		if (initgroups(pw->pw_name, gid) < 0) {
			return fail(errbuf, errlen, "initgroups for", user, errno);
		}
		if (setuid(pw->pw_uid) < 0) {
			return fail(errbuf, errlen, "setuid to", user, errno);
		}
	} else if (setgroups(1, &gid) < 0) {
		return fail(errbuf, errlen, "setgroups for", group, errno);
	}
	return SW_OK;
}
