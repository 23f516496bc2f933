/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procs.c - supervision of the helper processes (procs.h).
 */
#include "procs.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "core/loop.h"

struct nsd_proc {
	struct nsd_proc *prev, *next;
	pid_t pid;
	bool killed;
	bool reaped;            /* an exit reaped before nsd_proc_add */
	int status;             /* when reaped */
	struct nsd_timer grace; /* SIGKILL when it runs out; or the early exit */
	nsd_proc_exit_fn fn;
	void *arg;
};

static struct nsd_proc *procs;
static size_t nprocs;

/* Exits of children nobody supervised when they were reaped. */
#define PROC_UNCLAIMED_MAX 256u
static struct {
	pid_t pid;
	int status;
	uint64_t at_ms;
} unclaimed[PROC_UNCLAIMED_MAX];
static size_t nunclaimed;

static void proc_kill(struct nsd_proc *p)
{
	nsd_timer_stop(&p->grace);
	if (!p->killed && !p->reaped)
		kill(p->pid, SIGKILL);
	p->killed = true;
}

static void proc_on_grace(void *arg)
{
	proc_kill(arg);
}

/* Drops the exits kept longer than NSD_PROC_UNCLAIMED_MS. */
static void unclaimed_expire(uint64_t now)
{
	size_t i = 0;

	while (i < nunclaimed) {
		if (now - unclaimed[i].at_ms > NSD_PROC_UNCLAIMED_MS)
			unclaimed[i] = unclaimed[--nunclaimed];
		else
			i++;
	}
}

static void unclaimed_keep(pid_t pid, int status)
{
	uint64_t now = nsd_now_ms();
	size_t i, oldest = 0;

	unclaimed_expire(now);
	if (nunclaimed == PROC_UNCLAIMED_MAX) {
		for (i = 1; i < nunclaimed; i++)
			if (unclaimed[i].at_ms < unclaimed[oldest].at_ms)
				oldest = i;
		unclaimed[oldest] = unclaimed[--nunclaimed];
	}
	unclaimed[nunclaimed].pid = pid;
	unclaimed[nunclaimed].status = status;
	unclaimed[nunclaimed].at_ms = now;
	nunclaimed++;
}

/* The kept exit of pid, taken out of the list; false when none. */
static bool unclaimed_take(pid_t pid, int *status)
{
	size_t i;

	unclaimed_expire(nsd_now_ms());
	for (i = 0; i < nunclaimed; i++) {
		if (unclaimed[i].pid == pid) {
			*status = unclaimed[i].status;
			unclaimed[i] = unclaimed[--nunclaimed];
			return true;
		}
	}
	return false;
}

static void proc_remove(struct nsd_proc *p)
{
	nsd_timer_stop(&p->grace);
	if (p->prev)
		p->prev->next = p->next;
	else
		procs = p->next;
	if (p->next)
		p->next->prev = p->prev;
	nprocs--;
	free(p);
}

/* An exit that came before nsd_proc_add: told from the loop. */
static void proc_on_early(void *arg)
{
	struct nsd_proc *p = arg;
	nsd_proc_exit_fn fn = p->fn;
	void *fn_arg = p->arg;
	int status = p->status;

	proc_remove(p);
	if (fn)
		fn(fn_arg, status);
}

struct nsd_proc *nsd_proc_add(pid_t pid, nsd_proc_exit_fn fn, void *arg)
{
	struct nsd_proc *p = calloc(1, sizeof(*p));
	int status;

	if (!p) {
		if (!unclaimed_take(pid, &status)) {
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
		}
		return NULL;
	}
	p->pid = pid;
	p->fn = fn;
	p->arg = arg;
	nsd_timer_init(&p->grace, proc_on_grace, p);
	if (unclaimed_take(pid, &p->status)) {
		p->reaped = true;
		nsd_timer_init(&p->grace, proc_on_early, p);
		if (nsd_timer_start(&p->grace, 0) != 0) {
			free(p);
			return NULL;
		}
	}
	p->next = procs;
	if (procs)
		procs->prev = p;
	procs = p;
	nprocs++;
	return p;
}

pid_t nsd_proc_pid(const struct nsd_proc *p)
{
	return p->pid;
}

void nsd_proc_end(struct nsd_proc *p, unsigned grace_ms)
{
	if (p->reaped)
		return; /* its exit is on its way */
	if (grace_ms == 0 || nsd_timer_start(&p->grace, grace_ms) != 0)
		proc_kill(p);
}

void nsd_proc_forget(struct nsd_proc *p)
{
	p->fn = NULL;
	p->arg = NULL;
}

static struct nsd_proc *proc_find(pid_t pid)
{
	struct nsd_proc *p;

	for (p = procs; p; p = p->next)
		if (p->pid == pid && !p->reaped)
			return p;
	return NULL;
}

void nsd_proc_reap(void)
{
	for (;;) {
		struct nsd_proc *p;
		nsd_proc_exit_fn fn;
		void *arg;
		int status;
		pid_t pid = waitpid(-1, &status, WNOHANG);

		if (pid < 0 && errno == EINTR)
			continue;
		if (pid <= 0)
			return;
		p = proc_find(pid);
		if (!p) {
			unclaimed_keep(pid, status);
			continue;
		}
		fn = p->fn;
		arg = p->arg;
		proc_remove(p);
		if (fn)
			fn(arg, status);
	}
}

size_t nsd_proc_count(void)
{
	return nprocs;
}

void nsd_proc_kill_all(void)
{
	struct nsd_proc *p;

	for (p = procs; p; p = p->next)
		proc_kill(p);
}

void nsd_proc_describe(int status, char *buf, size_t cap)
{
	const char *name;

	if (WIFSIGNALED(status)) {
		name = sigabbrev_np(WTERMSIG(status));
		if (name)
			snprintf(buf, cap, "ended by signal SIG%s", name);
		else
			snprintf(buf, cap, "ended by signal %d", WTERMSIG(status));
	} else if (WIFEXITED(status)) {
		snprintf(buf, cap, "exited with status %d", WEXITSTATUS(status));
	} else {
		snprintf(buf, cap, "ended");
	}
}
