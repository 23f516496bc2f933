/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rpc_zygote_test.c - the zygote's side (agent/helper/rpc_zygote.c),
 * run in a child of this test with a serve function of the test's own
 * that reports what the helper was given: each helper is adopted by the
 * test (a child subreaper, as netsessd is) by the time the zygote answers,
 * and the zygote is left with no child; its socket is NSD_HELPER_FD and the zygote's own is
 * gone; it carries its index in its label; it is not dumpable; two
 * helpers draw different numbers from random() and from GnuTLS; it exits
 * with what serve returns.  A FORK without a stream socket is answered
 * with an error; a malformed packet ends the zygote.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "helper/rpc_zygote.h"
#include "helper/spawn.h"
#include "helper/zmsg.h"

/* The zygote's argument, as its argv would hold it. */
static char label[] = NSD_ZYGOTE_ARG;

/* What a helper reports on its socket, then waits for EOF; exits 7. */
static int report_serve(int fd)
{
	unsigned char rnd[8];
	char line[512];
	int seqpackets = 0, streams = 0, type, i, n;
	socklen_t len = sizeof(type);
	bool stream = getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_STREAM;
	char c;

	/* No SOCK_SEQPACKET socket, the zygote's kind, is left open. */
	for (i = 0; i < 1024; i++) {
		len = sizeof(type);
		if (getsockopt(i, SOL_SOCKET, SO_TYPE, &type, &len) != 0)
			continue;
		seqpackets += type == SOCK_SEQPACKET;
		streams += type == SOCK_STREAM;
	}
	gnutls_rnd(GNUTLS_RND_NONCE, rnd, sizeof(rnd));
	n = snprintf(line, sizeof(line),
	             "pid=%ld fd=%d stream=%d seqpackets=%d streams=%d label=%s dumpable=%d "
	             "random=%ld gnutls=%02x%02x%02x%02x%02x%02x%02x%02x\n",
	             (long)getpid(), fd, stream, seqpackets, streams, label,
	             prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), random(), rnd[0], rnd[1], rnd[2], rnd[3],
	             rnd[4], rnd[5], rnd[6], rnd[7]);
	if (write(fd, line, (size_t)n) != n)
		return 1;
	while (read(fd, &c, 1) > 0)
		;
	return 7;
}

struct fx {
	pid_t zygote;
	int ctl; /* our end of its socket */
};

/* The fixture, also reachable from the forked processes (which valgrind
 * checks for leaks when they exit). */
static struct fx *volatile current;

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	unsigned char warm[8];
	int sv[2];

	assert_non_null(f);
	current = f;
	assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0);
	/* The zygote's generators are set up before it forks, as libraries
	 * initialised in a zygote would have them. */
	gnutls_rnd(GNUTLS_RND_NONCE, warm, sizeof(warm));
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
	f->zygote = fork();
	assert_true(f->zygote >= 0);
	if (f->zygote == 0) {
		/* Either end may be descriptor 3 itself. */
		int s = fcntl(sv[1], F_DUPFD, 10);

		close(sv[0]);
		close(sv[1]);
		if (s < 0 || dup2(s, NSD_HELPER_FD) < 0)
			_exit(100);
		close(s);
		_exit(nsd_zygote_run(label, sizeof(label), report_serve));
	}
	close(sv[1]);
	f->ctl = sv[0];
	*state = f;
	return 0;
}

static int zygote_status(struct fx *f)
{
	int status;

	assert_int_equal(waitpid(f->zygote, &status, 0), f->zygote);
	f->zygote = 0;
	return status;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	close(f->ctl);
	if (f->zygote)
		assert_int_equal(WEXITSTATUS(zygote_status(f)), 0);
	current = NULL;
	free(f);
	return 0;
}

static struct nsd_zmsg receive(struct fx *f)
{
	uint8_t buf[NSD_ZMSG_SIZE + 1];
	struct nsd_zmsg m;
	ssize_t n = recv(f->ctl, buf, sizeof(buf), 0);

	assert_true(nsd_zmsg_decode(buf, (size_t)(n < 0 ? 0 : n), &m));
	return m;
}

/* Sends FORK with fd attached (none when fd < 0). */
static void send_fork(struct fx *f, uint32_t id, uint32_t index, int fd)
{
	struct nsd_zmsg m = {.kind = NSD_ZMSG_FORK, .id = id, .index = index};
	union {
		struct cmsghdr align;
		char space[CMSG_SPACE(sizeof(int))];
	} ctl;
	uint8_t buf[NSD_ZMSG_SIZE];
	struct iovec iov = {buf, sizeof(buf)};
	struct msghdr mh;
	struct cmsghdr *c;

	nsd_zmsg_encode(&m, buf);
	memset(&mh, 0, sizeof(mh));
	memset(&ctl, 0, sizeof(ctl));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if (fd >= 0) {
		mh.msg_control = ctl.space;
		mh.msg_controllen = sizeof(ctl.space);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	assert_int_equal(sendmsg(f->ctl, &mh, 0), (ssize_t)sizeof(buf));
}

struct helper {
	pid_t pid;
	int fd;
	char report[512];
};

/* Sends FORK id with a new stream socket; h->fd is our end. */
static void ask_helper(struct fx *f, uint32_t id, uint32_t index, struct helper *h)
{
	int sv[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	send_fork(f, id, index, sv[1]);
	close(sv[1]);
	h->fd = sv[0];
}

/* FORKED id: the helper's pid, its report read. */
static void take_helper(struct fx *f, uint32_t id, struct helper *h)
{
	struct nsd_zmsg m = receive(f);
	ssize_t n;

	assert_int_equal(m.kind, NSD_ZMSG_FORKED);
	assert_int_equal(m.id, id);
	assert_int_equal(m.err, 0);
	h->pid = (pid_t)m.pid;
	n = read(h->fd, h->report, sizeof(h->report) - 1);
	assert_true(n > 0);
	h->report[n] = '\0';
}

/* FORK index; the helper's pid from FORKED, its report read. */
static void fork_helper(struct fx *f, uint32_t id, uint32_t index, struct helper *h)
{
	ask_helper(f, id, index, h);
	take_helper(f, id, h);
}

/* The value of key in a report ("" when absent). */
static const char *field(const struct helper *h, const char *key, char *buf, size_t cap)
{
	char pat[32];
	const char *p;

	snprintf(pat, sizeof(pat), "%s=", key);
	p = strstr(h->report, pat);
	buf[0] = '\0';
	if (p)
		snprintf(buf, cap, "%.*s", (int)strcspn(p + strlen(pat), " \n"), p + strlen(pat));
	return buf;
}

/* Ends the helper (EOF) and returns its exit status: we reap it. */
static int end_helper(struct helper *h)
{
	int status;

	close(h->fd);
	assert_int_equal(waitpid(h->pid, &status, 0), h->pid);
	return status;
}

/* The PPid line of /proc/PID/status. */
static long proc_ppid(pid_t pid)
{
	char path[64], line[256];
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "PPid:", 5) == 0)
			v = strtol(line + 5, NULL, 10);
	fclose(f);
	return v;
}

/* The children of pid, as the kernel lists them. */
static void children_of(pid_t pid, char *buf, size_t cap)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/task/%ld/children", (long)pid, (long)pid);
	buf[0] = '\0';
	f = fopen(path, "r");
	assert_non_null(f);
	if (!fgets(buf, (int)cap, f))
		buf[0] = '\0';
	fclose(f);
}

static void test_helpers(void **state)
{
	struct fx *f = *state;
	struct helper a, b;
	char v[64], w[64], kids[256];
	struct nsd_zmsg m;
	int status;

	m = receive(f);
	assert_int_equal(m.kind, NSD_ZMSG_READY);
	assert_int_equal(m.version, NSD_ZMSG_VERSION);
	fork_helper(f, 1, 42, &a);
	fork_helper(f, 2, 65535, &b);
	snprintf(w, sizeof(w), "%ld", (long)a.pid);
	assert_string_equal(field(&a, "pid", v, sizeof(v)), w);
	/* Adopted by us once FORKED was sent (until then, while the
	 * intermediate process exits, its parent may still be that). */
	assert_int_equal(proc_ppid(a.pid), getpid());
	assert_int_equal(proc_ppid(b.pid), getpid());
	children_of(f->zygote, kids, sizeof(kids));
	assert_string_equal(kids, ""); /* the intermediate processes are reaped */
	assert_string_equal(field(&a, "fd", v, sizeof(v)), "3");
	assert_string_equal(field(&a, "stream", v, sizeof(v)), "1");
	assert_string_equal(field(&a, "seqpackets", v, sizeof(v)), "0");
	assert_string_equal(field(&a, "streams", v, sizeof(v)), "1");
	assert_string_equal(field(&a, "label", v, sizeof(v)), "42");
	assert_string_equal(field(&b, "label", v, sizeof(v)), "65535");
	assert_string_equal(field(&a, "dumpable", v, sizeof(v)), "0");
	/* random() of the zygote's state would be glibc's first value for the
	 * default seed; each helper reseeds it, and GnuTLS reseeds too. */
	assert_string_not_equal(field(&a, "random", v, sizeof(v)),
	                        field(&b, "random", w, sizeof(w)));
	assert_string_not_equal(field(&a, "random", v, sizeof(v)), "1804289383");
	assert_string_not_equal(field(&a, "gnutls", v, sizeof(v)),
	                        field(&b, "gnutls", w, sizeof(w)));
	status = end_helper(&a);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 7);
	status = end_helper(&b);
	assert_int_equal(WEXITSTATUS(status), 7);
}

/* FORKs sent together (the zygote takes those waiting as one batch, and
 * more than a batch holds): each is answered in order with a helper of
 * its own, adopted by us, that holds its own socket and no sibling's; a
 * helper ended early ends alone (its socket's EOF reaches us). */
static void test_many(void **state)
{
	enum { N = 40 };
	struct fx *f = *state;
	struct helper h[N];
	char v[64], w[64], kids[256];
	struct nsd_zmsg m;
	int i, status;
	char c;

	m = receive(f);
	assert_int_equal(m.kind, NSD_ZMSG_READY);
	for (i = 0; i < N; i++)
		ask_helper(f, (uint32_t)(100 + i), (uint32_t)(i + 1), &h[i]);
	for (i = 0; i < N; i++) {
		take_helper(f, (uint32_t)(100 + i), &h[i]);
		snprintf(w, sizeof(w), "%d", i + 1);
		assert_string_equal(field(&h[i], "label", v, sizeof(v)), w);
		assert_string_equal(field(&h[i], "streams", v, sizeof(v)), "1");
		assert_string_equal(field(&h[i], "seqpackets", v, sizeof(v)), "0");
		assert_int_equal(proc_ppid(h[i].pid), getpid());
		if (i > 0)
			assert_int_not_equal(h[i].pid, h[i - 1].pid);
	}
	children_of(f->zygote, kids, sizeof(kids));
	assert_string_equal(kids, "");
	/* The helper in the middle of the first batch ends; we see its
	 * socket close, although its siblings came from the same process. */
	kill(h[5].pid, SIGKILL);
	assert_int_equal(read(h[5].fd, &c, 1), 0);
	close(h[5].fd);
	assert_int_equal(waitpid(h[5].pid, &status, 0), h[5].pid);
	assert_true(WIFSIGNALED(status));
	for (i = 0; i < N; i++)
		if (i != 5)
			assert_int_equal(WEXITSTATUS(end_helper(&h[i])), 7);
}

/* A FORK without a descriptor, or with one that is not a stream socket,
 * is answered with an error; the zygote goes on. */
static void test_bad_descriptors(void **state)
{
	struct fx *f = *state;
	struct helper a;
	struct nsd_zmsg m;
	int sv[2];

	m = receive(f);
	assert_int_equal(m.kind, NSD_ZMSG_READY);
	send_fork(f, 5, 1, -1);
	m = receive(f);
	assert_int_equal(m.kind, NSD_ZMSG_FORKED);
	assert_int_equal(m.id, 5);
	assert_int_equal(m.pid, 0);
	assert_int_equal(m.err, EBADF);
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv), 0);
	send_fork(f, 6, 1, sv[1]);
	m = receive(f);
	assert_int_equal(m.id, 6);
	assert_int_equal(m.err, EPROTOTYPE);
	close(sv[0]);
	close(sv[1]);
	fork_helper(f, 7, 3, &a);
	assert_int_equal(WEXITSTATUS(end_helper(&a)), 7);
}

/* Anything but a FORK of the right size ends the zygote (status 1). */
static void test_malformed(void **state)
{
	struct fx *f = *state;
	struct nsd_zmsg m;
	int status;

	m = receive(f);
	assert_int_equal(m.kind, NSD_ZMSG_READY);
	assert_int_equal(send(f->ctl, "\x02\0\0\0", 4, 0), 4);
	status = zygote_status(f);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_helpers),
	    T(test_many),
	    T(test_bad_descriptors),
	    T(test_malformed),
	};
#undef T

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
