/*
 * A supervised pool of child processes: spawn, reap, respawn with back-off,
 * stop gracefully with a deadline. Used by the manager for workers (and later
 * task workers). The pool never blocks in a signal handler and never calls
 * exit(): the child's body is a function whose return value is the exit code,
 * and the caller decides how a child process ends.
 */
#ifndef SW_PROCESS_POOL_H
#define SW_PROCESS_POOL_H

#include "sw_core.h"

typedef struct sw_process_pool sw_process_pool_t;

typedef enum {
	SW_CHILD_EMPTY = 0,    /* slot has no process (not yet started, or waiting to respawn) */
	SW_CHILD_RUNNING,
	SW_CHILD_STOPPING,     /* SIGTERM sent, waiting for exit */
} sw_child_state_t;

typedef struct {
	pid_t pid;
	int id;                       /* slot index */
	sw_child_state_t state;
	int64_t started_ms;           /* when the current process was forked */
	int64_t stop_sent_ms;         /* when SIGTERM was sent (STOPPING) */
	int64_t respawn_at_ms;        /* earliest respawn time after a fast exit */
	uint32_t fast_exits;          /* consecutive deaths right after start */
	uint32_t spawn_count;         /* total forks of this slot */
} sw_child_t;

typedef struct {
	int id;
	pid_t pid;
	int exit_code;               /* valid when signo == 0 */
	int signo;                   /* signal that killed it, or 0 */
	bool expected;               /* the pool asked it to stop */
} sw_child_exit_t;

struct sw_process_pool {
	sw_child_t *children;
	int count;
	bool running;                /* false once stopping: nothing is respawned */
	int max_wait_ms;             /* SIGKILL a stopping child after this long */
	/*
	 * Runs in the child right after fork(); its return value is handed back
	 * by sw_process_pool_spawn() in the child (see there).
	 */
	int (*child_main)(sw_process_pool_t *pool, int id);
	/* Called in the parent for every reaped child. */
	void (*on_exit)(sw_process_pool_t *pool, const sw_child_exit_t *ex);
	/*
	 * Optional: says whether an exit the pool did not ask for was planned by
	 * the child itself (e.g. a worker recycled after max_request). A planned
	 * exit is reported as expected and respawned at once, without back-off.
	 */
	bool (*exit_planned)(sw_process_pool_t *pool, const sw_child_exit_t *ex);
	void *ptr;
};

int sw_process_pool_init(sw_process_pool_t *pool, int count);
void sw_process_pool_free(sw_process_pool_t *pool);

/*
 * Forks slot `id`. In the parent returns SW_OK (or SW_ERR if fork failed; the
 * slot is scheduled for a later retry). In the child runs child_main and
 * returns its result through *child_exit_code with the return value 1: the
 * caller (the manager) must then leave its own loop and end the process with
 * that code.
 */
int sw_process_pool_spawn(sw_process_pool_t *pool, int id, int *child_exit_code);
/* Forks every slot; same child convention as sw_process_pool_spawn(). */
int sw_process_pool_start(sw_process_pool_t *pool, int *child_exit_code);

/*
 * Reaps every exited child (waitpid(-1, WNOHANG) loop), calls on_exit for
 * each and marks slots for respawn. Returns the number reaped.
 */
int sw_process_pool_reap(sw_process_pool_t *pool);
/*
 * Respawns empty slots whose back-off has passed, and SIGKILLs stopping
 * children past max_wait_ms. Returns 1 in a child (see spawn), 0 otherwise.
 * *next_ms receives how many ms until the next deadline (-1: none).
 */
int sw_process_pool_tick(sw_process_pool_t *pool, int *child_exit_code, int *next_ms);

/* Sends SIGTERM to one child (it is respawned when it exits, if running). */
int sw_process_pool_stop_child(sw_process_pool_t *pool, int id);
/* Stops respawning and sends SIGTERM to every child. */
void sw_process_pool_shutdown(sw_process_pool_t *pool);
/* Number of slots with a live process. */
int sw_process_pool_alive(const sw_process_pool_t *pool);
/* Slot of a pid, or -1. */
int sw_process_pool_find(const sw_process_pool_t *pool, pid_t pid);

#endif
