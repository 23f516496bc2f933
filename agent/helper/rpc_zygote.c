/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rpc_zygote.c - the zygote's loop and the double fork of each helper
 * (rpc_zygote.h).
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

struct zy_request {
	uint32_t id;
	uint32_t index;
	int fd; /* the helper's socket; -1: none came */
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
 * FORK with at most one descriptor. */
static int zy_receive(struct zy_request *req)
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
		n = recvmsg(NSD_HELPER_FD, &mh, MSG_CMSG_CLOEXEC);
	} while (n < 0 && errno == EINTR);
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

/* In the new helper: what it must not share with its siblings, then its
 * server's requests.  Never returns. */
static void zy_become_helper(const struct zy_request *req, char *label, size_t cap,
                             int (*serve)(int fd))
{
	unsigned seed;

	if (dup2(req->fd, NSD_HELPER_FD) < 0)
		_exit(EXIT_FAILURE);
	close(req->fd);
	memset(label, 0, cap);
	snprintf(label, cap, "%u", req->index);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (getrandom(&seed, sizeof(seed), 0) != (ssize_t)sizeof(seed))
		seed = (unsigned)getpid() ^ (unsigned)time(NULL);
	srandom(seed);
	mallopt(M_MMAP_THRESHOLD, ZY_MMAP_THRESHOLD);
	exit(serve(NSD_HELPER_FD));
}

/* The intermediate process: forks the helper, tells the zygote its pid
 * (or -errno) through the pipe, exits. */
static void zy_intermediate(const struct zy_request *req, int report, char *label, size_t cap,
                            int (*serve)(int fd))
{
	int32_t v;
	pid_t pid = fork();

	if (pid == 0) {
		close(report);
		zy_become_helper(req, label, cap, serve);
	}
	v = pid > 0 ? (int32_t)pid : -(int32_t)errno;
	if (write(report, &v, sizeof(v)) != (ssize_t)sizeof(v))
		_exit(EXIT_FAILURE);
	_exit(EXIT_SUCCESS);
}

/* Forks the helper of req.  Returns its pid, or 0 with *err set. */
static pid_t zy_fork_helper(const struct zy_request *req, char *label, size_t cap,
                            int (*serve)(int fd), uint32_t *err)
{
	int report[2], status;
	int32_t v = 0;
	ssize_t n;
	pid_t mid;

	if (pipe2(report, O_CLOEXEC) != 0) {
		*err = (uint32_t)errno;
		return 0;
	}
	mid = fork();
	if (mid == 0) {
		close(report[0]);
		zy_intermediate(req, report[1], label, cap, serve);
	}
	if (mid < 0) {
		*err = (uint32_t)errno;
		close(report[0]);
		close(report[1]);
		return 0;
	}
	close(report[1]);
	do {
		n = read(report[0], &v, sizeof(v));
	} while (n < 0 && errno == EINTR);
	close(report[0]);
	/* Once it has exited, the helper is netsessd's child. */
	while (waitpid(mid, &status, 0) < 0 && errno == EINTR)
		;
	if (n != (ssize_t)sizeof(v)) {
		*err = ECHILD;
		return 0;
	}
	if (v <= 0) {
		*err = v < 0 ? (uint32_t)-v : ECHILD;
		return 0;
	}
	*err = 0;
	return (pid_t)v;
}

int nsd_zygote_run(char *label, size_t cap, int (*serve)(int fd))
{
	struct nsd_zmsg ready = {.kind = NSD_ZMSG_READY, .version = NSD_ZMSG_VERSION};

	if (zy_send(&ready) != 0)
		return EXIT_FAILURE;
	for (;;) {
		struct nsd_zmsg out = {.kind = NSD_ZMSG_FORKED};
		struct zy_request req;
		int rc = zy_receive(&req);

		if (rc == 0)
			return EXIT_SUCCESS;
		if (rc < 0)
			return EXIT_FAILURE;
		out.id = req.id;
		out.err = zy_check_socket(req.fd);
		if (out.err == 0)
			out.pid = (uint32_t)zy_fork_helper(&req, label, cap, serve, &out.err);
		if (out.err > NSD_ZMSG_ERRNO_MAX)
			out.err = EIO;
		if (req.fd >= 0)
			close(req.fd);
		if (zy_send(&out) != 0)
			return EXIT_FAILURE;
	}
}
