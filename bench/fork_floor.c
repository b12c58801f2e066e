/*
 * fork_floor: the reference for workload R1 (max_request => 1), in the spirit of
 * floor_echo: what fork() + exit alone cost on this machine, with no PHP, no
 * server and no request. A parent that has PARENT_MB MiB of memory written
 * keeps SLOTS children alive; each child writes CHILD_PAGES distinct pages of
 * the inherited memory (copy-on-write faults, as a worker touching its heap,
 * stack and data does) and exits at once; the parent reaps it and forks the
 * next one. Any server that forks a process per request cannot do more
 * requests per second than this prints.
 *
 * Output, one line: forks=N secs=F forks_per_s=F parent_mb=N child_pages=N slots=N
 * Usage: fork_floor [-d SECS] [-m PARENT_MB] [-p CHILD_PAGES] [-s SLOTS]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static pid_t spawn(char *mem, size_t size, long pages)
{
	pid_t pid = fork();

	if (pid == 0) {
		long i;

		for (i = 0; i < pages && (size_t) i * 4096 < size; i++) {
			mem[(size_t) i * 4096] = (char) i;
		}
		_exit(0);
	}
	return pid;
}

int main(int argc, char **argv)
{
	double secs = 5, t0, t;
	long mb = 8, pages = 100, slots = 2, forks = 0, i;
	int opt;
	size_t size;
	char *mem;

	while ((opt = getopt(argc, argv, "d:m:p:s:")) != -1) {
		switch (opt) {
		case 'd': secs = atof(optarg); break;
		case 'm': mb = atol(optarg); break;
		case 'p': pages = atol(optarg); break;
		case 's': slots = atol(optarg); break;
		default:
			fprintf(stderr, "usage: fork_floor [-d SECS] [-m PARENT_MB] [-p CHILD_PAGES] [-s SLOTS]\n");
			return 2;
		}
	}
	if (secs <= 0 || mb < 1 || pages < 0 || slots < 1) {
		fprintf(stderr, "fork_floor: bad arguments\n");
		return 2;
	}
	size = (size_t) mb << 20;
	mem = malloc(size);
	if (mem == NULL) {
		return 2;
	}
	memset(mem, 1, size);

	t0 = now();
	for (i = 0; i < slots; i++) {
		if (spawn(mem, size, pages) < 0) {
			fprintf(stderr, "fork_floor: fork: %s\n", strerror(errno));
			return 1;
		}
	}
	for (;;) {
		int status;
		pid_t pid = waitpid(-1, &status, 0);

		if (pid < 0) {
			if (errno == EINTR) {
				continue;
			}
			break;
		}
		forks++;
		t = now();
		if (t - t0 >= secs) {
			continue; /* reap the others, fork no more */
		}
		if (spawn(mem, size, pages) < 0) {
			fprintf(stderr, "fork_floor: fork: %s\n", strerror(errno));
			return 1;
		}
	}
	t = now() - t0;
	printf("forks=%ld secs=%.2f forks_per_s=%.1f parent_mb=%ld child_pages=%ld slots=%ld\n", forks, t, forks / t, mb,
			pages, slots);
	return forks > 0 ? 0 : 1;
}
