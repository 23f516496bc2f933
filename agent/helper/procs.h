/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procs.h - the helper processes netsessd has started, from their start
 * until they are reaped.
 *
 * A process is ended by closing its socket (it exits at EOF) and, when it
 * has not exited after a grace period, or at once when it must not run
 * on, by SIGKILL.  It is reaped when SIGCHLD says so (nsd_proc_reap(), from
 * the signal self-pipe), never by a loop that sleeps; its owner then hears
 * its wait status.  A pid is only ever signalled before it is reaped, so it
 * cannot have been reused.
 */
#ifndef NETSESSD_HELPER_PROCS_H
#define NETSESSD_HELPER_PROCS_H

#include <stddef.h>
#include <sys/types.h>

/* How long the exit of a child nobody supervises yet is kept. */
#define NSD_PROC_UNCLAIMED_MS 10000u

struct nsd_proc;

/* Called once when the process has been reaped, with its wait status. */
typedef void (*nsd_proc_exit_fn)(void *arg, int status);

/*
 * Takes a started process under supervision; fn may be NULL (nobody to
 * tell).  When the process has already been reaped (an exit kept for
 * NSD_PROC_UNCLAIMED_MS), fn is called from the loop with its status.
 * Returns NULL when out of memory; the process is then killed and reaped
 * at once.
 */
struct nsd_proc *nsd_proc_add(pid_t pid, nsd_proc_exit_fn fn, void *arg);
pid_t nsd_proc_pid(const struct nsd_proc *p);
/* Kills the process after grace_ms unless it has exited by then (0: at
 * once).  A shorter grace than one already set wins. */
void nsd_proc_end(struct nsd_proc *p, unsigned grace_ms);
/* The owner goes away: no exit callback any more.  The process is still
 * ended and reaped. */
void nsd_proc_forget(struct nsd_proc *p);

/* Reaps every child that has ended (SIGCHLD). */
void nsd_proc_reap(void);
/* Processes not reaped yet. */
size_t nsd_proc_count(void);
/* Kills every process at once (netsessd is exiting). */
void nsd_proc_kill_all(void);

/* A wait status in words: "ended by signal SIGSEGV", "exited with status
 * 1". */
void nsd_proc_describe(int status, char *buf, size_t cap);

#endif
