/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procs.c - supervision of the helper processes (procs.h).
 */
#include "procs.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "core/loop.h"

struct nsd_proc {
	struct nsd_proc *prev, *next;
	pid_t pid;
	bool killed;
	struct nsd_timer grace; /* SIGKILL when it runs out */
	uint64_t kill_at;       /* when it does (nsd_now_ms) */
	nsd_proc_exit_fn fn;
	void *arg;
};

static struct nsd_proc *procs;
static size_t nprocs;

static void proc_kill(struct nsd_proc *p)
{
	nsd_timer_stop(&p->grace);
	if (!p->killed)
		kill(p->pid, SIGKILL);
	p->killed = true;
}

static void proc_on_grace(void *arg)
{
	proc_kill(arg);
}

struct nsd_proc *nsd_proc_add(pid_t pid, nsd_proc_exit_fn fn, void *arg)
{
	struct nsd_proc *p = calloc(1, sizeof(*p));
	int status;

	if (!p) {
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		return NULL;
	}
	p->pid = pid;
	p->fn = fn;
	p->arg = arg;
	nsd_timer_init(&p->grace, proc_on_grace, p);
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
	uint64_t at = nsd_now_ms() + grace_ms;

	/* A grace that runs out sooner stands. */
	if (p->killed || (nsd_timer_running(&p->grace) && p->kill_at <= at))
		return;
	if (grace_ms == 0 || nsd_timer_start(&p->grace, grace_ms) != 0) {
		proc_kill(p);
		return;
	}
	p->kill_at = at;
}

void nsd_proc_forget(struct nsd_proc *p)
{
	p->fn = NULL;
	p->arg = NULL;
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

static struct nsd_proc *proc_find(pid_t pid)
{
	struct nsd_proc *p;

	for (p = procs; p; p = p->next)
		if (p->pid == pid)
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
		if (!p)
			continue;
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
