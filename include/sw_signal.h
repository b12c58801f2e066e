/*
 * Signals into the loop: handlers only record the signal and write one byte
 * to a non-blocking self-pipe; the loop reads the pipe and handles what was
 * recorded. Works in every process and leaves the signal mask alone, so
 * programs that a PHP script execs see ordinary signal dispositions.
 */
#ifndef SW_SIGNAL_H
#define SW_SIGNAL_H

#include "sw_core.h"

/* Creates the self-pipe (once per process; call again after fork to renew it). */
int sw_signal_init(void);
/* Descriptor to watch for reading; -1 before sw_signal_init(). */
int sw_signal_fd(void);
/* Starts catching signo (handler only records it). */
int sw_signal_catch(int signo);
/* Restores the default disposition. */
int sw_signal_default(int signo);
int sw_signal_ignore(int signo);
/* Drains the pipe and returns the next pending signal, or 0 when none is left. */
int sw_signal_next(void);
/* Whether a signal was recorded and not yet taken by sw_signal_next(); no system call. */
bool sw_signal_pending(void);
/* Restores defaults for every caught signal and closes the pipe. */
void sw_signal_reset(void);
/* Blocks (or unblocks) the server's signals in the calling thread. */
int sw_signal_block_thread(bool block);
const char *sw_signal_name(int signo);

#endif
