/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rpc_zygote.c - the zygote's loop and the forks of the helpers, a batch
 * at a time through an intermediate process (rpc_zygote.h).
 */
#include "rpc_zygote.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "spawn.h"
#include "zmsg.h"

/* Allocations from this size on are mapped apart and unmapped when freed
 * (glibc's default start value, kept fixed). */
#define ZY_MMAP_THRESHOLD (128 * 1024)

/* The most FORKs one intermediate process serves. */
#define ZY_BATCH 16u

struct zy_request {
	uint32_t id;
	uint32_t index;
	int fd; /* the helper's socket; -1: none came */
};

/* FORKs taken together: their helpers come from one intermediate
 * process. */
struct zy_batch {
	struct zy_request req[ZY_BATCH];
	uint32_t err[ZY_BATCH]; /* 0: forked, pid[i] set */
	pid_t pid[ZY_BATCH];
	size_t n;
};

static int zy_send(const struct nsd_zmsg *m)
{
	uint8_t buf[NSD_ZMSG_SIZE];
	ssize_t n;

	nsd_zmsg_encode(m, buf);
	do {
		n = send(NSD_HELPER_FD, buf, sizeof(buf), MSG_NOSIGNAL);
	} while (n < 0 && errno == EINTR);
	return n == (ssize_t)sizeof(buf) ? 0 : -1;
}

/* The descriptors of an SCM_RIGHTS message: the first in *fd, any other
 * closed (true when there was one). */
static bool zy_take_fds(struct msghdr *mh, int *fd)
{
	struct cmsghdr *c;
	bool extra = false;

	for (c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		size_t k, n;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (k = 0; k < n; k++) {
			int one;

			memcpy(&one, CMSG_DATA(c) + k * sizeof(int), sizeof(one));
			if (*fd < 0) {
				*fd = one;
			} else {
				close(one);
				extra = true;
			}
		}
	}
	return extra;
}

/* The next FORK: 1 with *req filled, 0 at EOF, -1 when it is not one
 * FORK with at most one descriptor; with MSG_DONTWAIT in flags, 2 when
 * none is waiting. */
static int zy_receive(struct zy_request *req, int flags)
{
	uint8_t buf[NSD_ZMSG_SIZE + 1]; /* one more: a longer packet is seen */
	union {
		struct cmsghdr align;
		char space[CMSG_SPACE(4 * sizeof(int))];
	} ctl;
	struct iovec iov = {buf, sizeof(buf)};
	struct msghdr mh;
	struct nsd_zmsg m;
	ssize_t n;
	bool extra;

	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = ctl.space;
	mh.msg_controllen = sizeof(ctl.space);
	do {
		n = recvmsg(NSD_HELPER_FD, &mh, MSG_CMSG_CLOEXEC | flags);
	} while (n < 0 && errno == EINTR);
	if (n < 0 && (flags & MSG_DONTWAIT) && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 2;
	if (n == 0)
		return 0;
	if (n < 0)
		return -1;
	req->fd = -1;
	extra = zy_take_fds(&mh, &req->fd);
	if (extra || (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) ||
	    !nsd_zmsg_decode(buf, (size_t)n, &m) || m.kind != NSD_ZMSG_FORK) {
		if (req->fd >= 0)
			close(req->fd);
		return -1;
	}
	req->id = m.id;
	req->index = m.index;
	return 1;
}

/* 0 when fd is a stream socket a helper can serve on, else an errno. */
static uint32_t zy_check_socket(int fd)
{
	int type = 0;
	socklen_t len = sizeof(type);

	if (fd < 0)
		return EBADF;
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0)
		return ENOTSOCK;
	return type == SOCK_STREAM ? 0 : EPROTOTYPE;
}

/* In the new helper of b->req[i]: what it must not share with its
 * siblings, then its server's requests.  Never returns. */
static void zy_become_helper(const struct zy_batch *b, size_t i, char *label, size_t cap,
                             int (*serve)(int fd))
{
	unsigned seed;
	size_t k;

	if (dup2(b->req[i].fd, NSD_HELPER_FD) < 0)
		_exit(EXIT_FAILURE);
	/* Its own socket is NSD_HELPER_FD now; the others of the batch are
	 * its siblings' (a copy kept here would hide their end from
	 * netsessd). */
	for (k = 0; k < b->n; k++)
		if (b->req[k].fd >= 0)
			close(b->req[k].fd);
	memset(label, 0, cap);
	snprintf(label, cap, "%u", b->req[i].index);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (getrandom(&seed, sizeof(seed), 0) != (ssize_t)sizeof(seed))
		seed = (unsigned)getpid() ^ (unsigned)time(NULL);
	srandom(seed);
	mallopt(M_MMAP_THRESHOLD, ZY_MMAP_THRESHOLD);
	exit(serve(NSD_HELPER_FD));
}

/* The intermediate process: forks the helper of each request of b that
 * has a socket, one after the other, tells the zygote each one's pid (or
 * -errno) through the pipe as soon as it has it, and exits. */
static void zy_intermediate(const struct zy_batch *b, int report, char *label, size_t cap,
                            int (*serve)(int fd))
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		int32_t v;
		pid_t pid;

		if (b->err[i] != 0)
			continue;
		pid = fork();
		if (pid == 0) {
			close(report);
			zy_become_helper(b, i, label, cap, serve);
		}
		v = pid > 0 ? (int32_t)pid : -(int32_t)errno;
		if (write(report, &v, sizeof(v)) != (ssize_t)sizeof(v))
			_exit(EXIT_FAILURE);
	}
	_exit(EXIT_SUCCESS);
}

/*
 * Forks the helpers of the requests of b whose err is 0, through one
 * intermediate process, and sets each one's pid, or its err.  Returns
 * once the intermediate process has exited: every helper is then
 * netsessd's child.
 */
static void zy_fork_batch(struct zy_batch *b, char *label, size_t cap, int (*serve)(int fd))
{
	int report[2], status, fork_err;
	pid_t mid;
	size_t i;

	if (pipe2(report, O_CLOEXEC) != 0) {
		for (i = 0; i < b->n; i++)
			if (b->err[i] == 0)
				b->err[i] = (uint32_t)errno;
		return;
	}
	mid = fork();
	if (mid == 0) {
		close(report[0]);
		zy_intermediate(b, report[1], label, cap, serve);
	}
	fork_err = mid < 0 ? errno : 0;
	close(report[1]);
	for (i = 0; i < b->n; i++) {
		int32_t v = 0;
		ssize_t n = 0;

		if (b->err[i] != 0)
			continue;
		if (mid < 0) {
			b->err[i] = (uint32_t)fork_err;
			continue;
		}
		do {
			n = read(report[0], &v, sizeof(v));
		} while (n < 0 && errno == EINTR);
		if (n != (ssize_t)sizeof(v) || v == 0)
			b->err[i] = ECHILD; /* the intermediate process died */
		else if (v < 0)
			b->err[i] = (uint32_t)-v;
		else
			b->pid[i] = (pid_t)v;
	}
	close(report[0]);
	/* Once it has exited, the helpers are netsessd's children. */
	if (mid > 0)
		while (waitpid(mid, &status, 0) < 0 && errno == EINTR)
			;
}

/*
 * The FORKs waiting: the first one blocks, the others are taken while
 * there are any, up to ZY_BATCH.  Returns 1 with b filled (b->n >= 1),
 * 0 at EOF with nothing received, -1 on a malformed packet with nothing
 * received; *end is set to 0 (EOF) or -1 (malformed) when one came after
 * the batch's requests, which are served first.
 */
static int zy_receive_batch(struct zy_batch *b, int *end)
{
	int rc;

	b->n = 0;
	*end = 1;
	rc = zy_receive(&b->req[0], 0);
	if (rc <= 0)
		return rc;
	b->n = 1;
	while (b->n < ZY_BATCH) {
		rc = zy_receive(&b->req[b->n], MSG_DONTWAIT);
		if (rc == 2)
			break;
		if (rc <= 0) {
			*end = rc;
			break;
		}
		b->n++;
	}
	return 1;
}

int nsd_zygote_run(char *label, size_t cap, int (*serve)(int fd))
{
	struct nsd_zmsg ready = {.kind = NSD_ZMSG_READY, .version = NSD_ZMSG_VERSION};
	struct zy_batch b;

	if (zy_send(&ready) != 0)
		return EXIT_FAILURE;
	for (;;) {
		int end, rc = zy_receive_batch(&b, &end);
		size_t i;

		if (rc == 0)
			return EXIT_SUCCESS;
		if (rc < 0)
			return EXIT_FAILURE;
		for (i = 0; i < b.n; i++) {
			b.err[i] = zy_check_socket(b.req[i].fd);
			b.pid[i] = 0;
		}
		zy_fork_batch(&b, label, cap, serve);
		for (i = 0; i < b.n; i++) {
			struct nsd_zmsg out = {.kind = NSD_ZMSG_FORKED, .id = b.req[i].id};

			out.err = b.err[i] > NSD_ZMSG_ERRNO_MAX ? EIO : b.err[i];
			out.pid = out.err == 0 ? (uint32_t)b.pid[i] : 0;
			if (b.req[i].fd >= 0)
				close(b.req[i].fd);
			if (zy_send(&out) != 0)
				rc = -1;
		}
		if (rc < 0)
			return EXIT_FAILURE;
		if (end <= 0)
			return end == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
	}
}
