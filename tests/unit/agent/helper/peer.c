/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * peer.c - a stand-in for netsessd-rpc, built as netsessd-rpc beside
 * tests/unit/agent/helper/client_test and zygote_test, which
 * agent/helper/spawn.c then starts (it runs the netsessd-rpc beside the
 * running program) as "netsessd-rpc zygote".  The zygote is the real one
 * (agent/helper/rpc_zygote.c); the helpers it forks are stand-ins that
 * speak the messages of msg.h on descriptor 3 and misbehave on request,
 * so that the daemon's side can be tested without a server.
 *
 * The zygote itself misbehaves when the file /tmp/nsd-zpeer.PPID (PPID:
 * the test's pid) says so, in its first line:
 *   exit        exits with status 3 before it says READY;
 *   badversion  says READY with version 99;
 *   garbage     says READY, then answers a FORK with 5 octets;
 *   wrongid     says READY, then answers a FORK with another id;
 *   hang        says READY, then never answers.
 *
 * The helpers:
 *
 *   OPEN  username "badversion": answers with version 99;
 *         username "openfail": answers NETSESS_E_AUTH_FILE;
 *         username "slowopen": answers after 300 ms;
 *         anything else: NERR_Success.
 *   ENUM  server "ok": a list of `level` sessions;
 *         "args": one session telling what the process was given: client
 *         argv[1], user its open descriptors ("0,1,2,3"), client_type its
 *         blocked signals (SigBlk), transport what descriptor 0 is, opens
 *         its parent's pid, idle_time whether it is dumpable;
 *         "env": one session per environment variable, its name as user;
 *         "hang": never answers; "trickle": half a frame, then nothing;
 *         "garbage": a frame of an unknown kind; "zerolen": a length of 0;
 *         "huge": a length of 0xFFFFFFFF; "wrongkind": a DEL reply;
 *         "wrongid": the reply of another id; "crash": abort();
 *         "exit": exit status 7; "local": NETSESS_E_TRANSPORT (a status
 *         from below the RPC layer); "extra": answers, then sends a frame
 *         nobody asked for; "idle-exit": answers, then exits with status 0;
 *         "krb": an empty list, and a context that has obtained one
 *         Kerberos ticket per ENUM of this process so far, the Nth ending
 *         at 2000000000 + N; "krb-same": the same, always one ticket;
 *         "krb-fail": the same context, with NETSESS_E_LOGON_FAILURE;
 *         "detail": NETSESS_E_NTLM_DISABLED with a detail holding a
 *         newline; "tmpdir": one session whose client is the tmpdir OPEN
 *         named, after writing the file netsess-krb5-t/ccache there, as
 *         the library would.
 *   DEL   answers NERR_ClientNameNotFound; for the user "settle", the
 *         settle_ms it was given, as the status; for the client
 *         "\\\\slow" (as a C literal) it waits 300 ms first; for the
 *         client "\\\\hang" it never answers.
 * It exits at EOF.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "helper/msg.h"
#include "helper/rpc_zygote.h"
#include "helper/spawn.h"
#include "helper/zmsg.h"

extern char **environ;

#define PEER_FD 3

/* OPEN's tmpdir; the ENUMs this process has answered. */
static char *peer_tmpdir;
static uint32_t peer_enums;

static int peer_read(uint8_t *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(PEER_FD, buf + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

static void peer_write(const void *buf, size_t n)
{
	const uint8_t *p = buf;

	while (n > 0) {
		ssize_t w = write(PEER_FD, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			exit(1);
		p += w;
		n -= (size_t)w;
	}
}

static void peer_send(netsess_status_t st, struct nsd_msg_frame *f)
{
	if (st != NERR_Success)
		exit(1);
	peer_write(f->data, f->len);
	nsd_msg_frame_free(f);
}

/* "0,1,2,3": the open descriptors, the one reading them aside. */
static void peer_fds(char *buf, size_t cap)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n[64], count = 0, i, j;
	size_t len = 0;

	buf[0] = '\0';
	if (!d)
		return;
	while ((e = readdir(d)) != NULL && count < 64) {
		if (e->d_name[0] != '.' && atoi(e->d_name) != dirfd(d))
			n[count++] = atoi(e->d_name);
	}
	closedir(d);
	for (i = 1; i < count; i++)
		for (j = i; j > 0 && n[j - 1] > n[j]; j--) {
			int t = n[j];

			n[j] = n[j - 1];
			n[j - 1] = t;
		}
	for (i = 0; i < count && len < cap; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%d", i ? "," : "", n[i]);
}

/* The SigBlk line of /proc/self/status. */
static void peer_sigblk(char *buf, size_t cap)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];

	buf[0] = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "SigBlk: %63s", buf) == 1)
			break;
	fclose(f);
	(void)cap;
}

static void peer_args(uint32_t id, const char *label)
{
	char fds[256], blk[64], in[256];
	ssize_t n = readlink("/proc/self/fd/0", in, sizeof(in) - 1);
	struct netsess_session s = {0};
	struct netsess_session_list l = {1, 1, 1, 1, &s};
	struct nsd_msg_frame f;
	char client[32];

	in[n > 0 ? n : 0] = '\0';
	peer_fds(fds, sizeof(fds));
	peer_sigblk(blk, sizeof(blk));
	snprintf(client, sizeof(client), "%s", label);
	s.client = client;
	s.user = fds;
	s.client_type = blk;
	s.transport = in;
	s.opens = (uint32_t)getppid();
	s.idle_time = (uint32_t)prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
	peer_send(nsd_msg_encode_enum_reply(id, NERR_Success, &l, NULL, &f), &f);
}

static void peer_list(uint32_t id, uint32_t count)
{
	struct netsess_session *items = calloc(count ? count : 1, sizeof(*items));
	struct netsess_session_list l = {502, 1, count, count, items};
	struct nsd_msg_frame f;
	uint32_t i;

	if (!items)
		exit(1);
	for (i = 0; i < count; i++) {
		items[i].client = malloc(16);
		items[i].user = malloc(16);
		if (!items[i].client || !items[i].user)
			exit(1);
		snprintf(items[i].client, 16, "10.%u.%u.%u", i >> 16 & 255, i >> 8 & 255, i & 255);
		snprintf(items[i].user, 16, "u%u", i);
		items[i].opens = i;
	}
	peer_send(nsd_msg_encode_enum_reply(id, NERR_Success, &l, NULL, &f), &f);
	for (i = 0; i < count; i++) {
		free(items[i].client);
		free(items[i].user);
	}
	free(items);
}

/* One session per environment variable: its name as the user. */
static void peer_env(uint32_t id)
{
	size_t n = 0, i;
	struct netsess_session *items;
	struct netsess_session_list l;
	struct nsd_msg_frame f;

	while (environ[n])
		n++;
	items = calloc(n ? n : 1, sizeof(*items));
	if (!items)
		exit(1);
	char client[] = "env";

	for (i = 0; i < n; i++) {
		items[i].client = client;
		items[i].user = strndup(environ[i], strcspn(environ[i], "="));
	}
	l = (struct netsess_session_list){1, 1, (uint32_t)n, n, items};
	peer_send(nsd_msg_encode_enum_reply(id, NERR_Success, &l, NULL, &f), &f);
	for (i = 0; i < n; i++)
		free(items[i].user);
	free(items);
}

/* An empty list from a context that has obtained n tickets. */
static void peer_krb(uint32_t id, uint32_t n)
{
	const struct nsd_msg_context c = {n, 2000000000 + (int64_t)n, NULL};
	struct netsess_session_list l = {1, 1, 0, 0, NULL};
	struct nsd_msg_frame f;

	peer_send(nsd_msg_encode_enum_reply(id, NERR_Success, &l, &c, &f), &f);
}

/* A credential cache in the tmpdir, as the library makes it; its path as
 * the one session's client. */
static void peer_tmpdir_files(uint32_t id)
{
	char sub[4096], file[4200];
	struct netsess_session s = {0};
	struct netsess_session_list l = {1, 1, 1, 1, &s};
	struct nsd_msg_frame f;
	FILE *fp;

	if (!peer_tmpdir)
		exit(1);
	snprintf(sub, sizeof(sub), "%s/netsess-krb5-t", peer_tmpdir);
	snprintf(file, sizeof(file), "%s/ccache", sub);
	if (mkdir(sub, 0700) != 0 && errno != EEXIST)
		exit(1);
	fp = fopen(file, "w");
	if (!fp)
		exit(1);
	fputs("ticket\n", fp);
	fclose(fp);
	s.client = peer_tmpdir;
	peer_send(nsd_msg_encode_enum_reply(id, NERR_Success, &l, NULL, &f), &f);
}

static void peer_enum(const struct nsd_msg_request *q, const char *label)
{
	static const uint8_t garbage[] = {0x09, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00,
	                                  0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
	static const uint8_t zerolen[] = {0x00, 0x00, 0x00, 0x00};
	static const uint8_t huge[] = {0xff, 0xff, 0xff, 0xff};
	const char *what = q->server ? q->server : "";
	struct nsd_msg_frame f;

	peer_enums++;
	if (strcmp(what, "ok") == 0 || strcmp(what, "extra") == 0 ||
	    strcmp(what, "idle-exit") == 0) {
		peer_list(q->id, q->level);
		if (strcmp(what, "extra") == 0)
			peer_list(q->id + 1, 1);
		if (strcmp(what, "idle-exit") == 0)
			exit(0);
	} else if (strcmp(what, "args") == 0) {
		peer_args(q->id, label);
	} else if (strcmp(what, "env") == 0) {
		peer_env(q->id);
	} else if (strcmp(what, "hang") == 0) {
		for (;;)
			pause();
	} else if (strcmp(what, "garbage") == 0) {
		peer_write(garbage, sizeof(garbage));
	} else if (strcmp(what, "zerolen") == 0) {
		peer_write(zerolen, sizeof(zerolen));
	} else if (strcmp(what, "huge") == 0) {
		peer_write(huge, sizeof(huge));
	} else if (strcmp(what, "wrongkind") == 0) {
		peer_send(nsd_msg_encode_del_reply(q->id, NERR_Success, NULL, &f), &f);
	} else if (strcmp(what, "wrongid") == 0) {
		peer_send(nsd_msg_encode_enum_reply(q->id + 1, NETSESS_E_TIMEOUT, NULL, NULL, &f),
		          &f);
	} else if (strcmp(what, "crash") == 0) {
		abort();
	} else if (strcmp(what, "exit") == 0) {
		exit(7);
	} else if (strcmp(what, "local") == 0) {
		peer_send(nsd_msg_encode_enum_reply(q->id, NETSESS_E_TRANSPORT, NULL, NULL, &f),
		          &f);
	} else if (strcmp(what, "krb") == 0 || strcmp(what, "krb-same") == 0) {
		peer_krb(q->id, strcmp(what, "krb-same") == 0 ? 1 : peer_enums);
	} else if (strcmp(what, "krb-fail") == 0) {
		const struct nsd_msg_context c = {peer_enums, 2000000000 + (int64_t)peer_enums,
		                                  "Server principal cifs/x@EX not found"};

		peer_send(nsd_msg_encode_enum_reply(q->id, NETSESS_E_LOGON_FAILURE, NULL, &c, &f),
		          &f);
	} else if (strcmp(what, "detail") == 0) {
		const struct nsd_msg_context c = {0, 0, "NTLM was\nblocked"};

		peer_send(nsd_msg_encode_enum_reply(q->id, NETSESS_E_NTLM_DISABLED, NULL, &c, &f),
		          &f);
	} else if (strcmp(what, "tmpdir") == 0) {
		peer_tmpdir_files(q->id);
	} else {
		peer_send(nsd_msg_encode_enum_reply(q->id, ERROR_INVALID_PARAMETER, NULL, NULL, &f),
		          &f);
	}
}

static void peer_trickle(uint32_t id)
{
	struct nsd_msg_frame f;

	if (nsd_msg_encode_enum_reply(id, NETSESS_E_TIMEOUT, NULL, NULL, &f) != NERR_Success)
		exit(1);
	peer_write(f.data, f.len / 2);
	nsd_msg_frame_free(&f);
	for (;;)
		pause();
}

static void peer_sleep_ms(unsigned ms)
{
	struct timespec ts = {(time_t)(ms / 1000u), (long)(ms % 1000u) * 1000000L};

	while (nanosleep(&ts, &ts) != 0)
		;
}

static void peer_open(const struct nsd_msg_request *q)
{
	static const uint8_t badversion[] = {0x0d, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	                                     0x00, 0x00, 0x00, 0x00, 0x63, 0x00, 0x00, 0x00};
	uint8_t bad[sizeof(badversion)];
	struct nsd_msg_frame f;
	const char *user = q->username ? q->username : "";

	if (strcmp(user, "badversion") == 0) {
		memcpy(bad, badversion, sizeof(bad));
		bad[5] = (uint8_t)q->id;
		peer_write(bad, sizeof(bad));
		return;
	}
	if (strcmp(user, "slowopen") == 0)
		peer_sleep_ms(300);
	if (q->tmpdir && !(peer_tmpdir = strdup(q->tmpdir)))
		exit(1);
	peer_send(
	    nsd_msg_encode_open_reply(
	        q->id, strcmp(user, "openfail") == 0 ? NETSESS_E_AUTH_FILE : NERR_Success, &f),
	    &f);
}

static void peer_del(const struct nsd_msg_request *q)
{
	struct nsd_msg_frame f;

	if (q->client && strcmp(q->client, "\\\\slow") == 0)
		peer_sleep_ms(300);
	if (q->client && strcmp(q->client, "\\\\hang") == 0)
		for (;;)
			pause();
	if (q->user && strcmp(q->user, "settle") == 0)
		peer_send(nsd_msg_encode_del_reply(q->id, q->settle_ms, NULL, &f), &f);
	else
		peer_send(nsd_msg_encode_del_reply(q->id, NERR_ClientNameNotFound, NULL, &f), &f);
}

static const char *peer_label = "";

/* The helper: requests until EOF. */
static int peer_serve(int fd)
{
	(void)fd; /* PEER_FD */
	for (;;) {
		struct nsd_msg_request q;
		uint8_t hdr[4], *body;
		size_t len;

		if (peer_read(hdr, sizeof(hdr)) != 0)
			return 0;
		if (nsd_msg_frame_length(hdr, &len) != NERR_Success)
			return 1;
		body = malloc(len);
		if (!body || peer_read(body, len) != 0 ||
		    nsd_msg_decode_request(body, len, &q) != NERR_Success)
			return 1;
		free(body);
		if (q.kind == NSD_MSG_OPEN)
			peer_open(&q);
		else if (q.kind == NSD_MSG_ENUM && q.server && strcmp(q.server, "trickle") == 0)
			peer_trickle(q.id);
		else if (q.kind == NSD_MSG_ENUM)
			peer_enum(&q, peer_label);
		else
			peer_del(&q);
		nsd_msg_request_clear(&q);
	}
}

/* ---- a zygote that misbehaves ---- */

static void zpeer_send(const struct nsd_zmsg *m)
{
	uint8_t buf[NSD_ZMSG_SIZE];

	nsd_zmsg_encode(m, buf);
	if (send(PEER_FD, buf, sizeof(buf), MSG_NOSIGNAL) != (ssize_t)sizeof(buf))
		exit(1);
}

/* The next FORK's id (its descriptor closed); exits at EOF. */
static uint32_t zpeer_next_fork(void)
{
	uint8_t buf[NSD_ZMSG_SIZE];
	char space[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {buf, sizeof(buf)};
	struct msghdr mh;
	struct cmsghdr *c;
	struct nsd_zmsg m;
	ssize_t n;

	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = space;
	mh.msg_controllen = sizeof(space);
	n = recvmsg(PEER_FD, &mh, 0);
	if (n <= 0)
		exit(0);
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		int fd;

		memcpy(&fd, CMSG_DATA(c), sizeof(fd));
		close(fd);
	}
	if (!nsd_zmsg_decode(buf, (size_t)n, &m))
		exit(1);
	return m.id;
}

/* What /tmp/nsd-zpeer.PPID asks for ("" when nothing). */
static void zpeer_mode(char *mode, size_t cap)
{
	char path[64];
	FILE *f;

	mode[0] = '\0';
	snprintf(path, sizeof(path), "/tmp/nsd-zpeer.%ld", (long)getppid());
	f = fopen(path, "r");
	if (!f)
		return;
	if (fgets(mode, (int)cap, f))
		mode[strcspn(mode, "\n")] = '\0';
	fclose(f);
}

static int zpeer_run(char *label, size_t cap)
{
	struct nsd_zmsg ready = {.kind = NSD_ZMSG_READY, .version = NSD_ZMSG_VERSION};
	struct nsd_zmsg forked = {.kind = NSD_ZMSG_FORKED, .pid = 1};
	char mode[32];

	zpeer_mode(mode, sizeof(mode));
	if (mode[0] == '\0')
		return nsd_zygote_run(label, cap, peer_serve);
	if (strcmp(mode, "exit") == 0)
		return 3;
	if (strcmp(mode, "badversion") == 0)
		ready.version = 99;
	zpeer_send(&ready);
	for (;;) {
		uint32_t id = zpeer_next_fork();

		if (strcmp(mode, "garbage") == 0) {
			if (send(PEER_FD, "\x03\0\0\0\x01", 5, MSG_NOSIGNAL) != 5)
				exit(1);
		} else if (strcmp(mode, "wrongid") == 0) {
			forked.id = id + 1;
			zpeer_send(&forked);
		}
	}
}

int main(int argc, char **argv)
{
	const struct rlimit no_core = {0, 0};

	setrlimit(RLIMIT_CORE, &no_core); /* "crash" leaves no core file */
	if (argc == 2 && strcmp(argv[1], NSD_ZYGOTE_ARG) == 0) {
		/* Each helper's argv[1] becomes its index. */
		peer_label = argv[1];
		return zpeer_run(argv[1], strlen(argv[1]) + 1);
	}
	peer_label = argc > 1 ? argv[1] : "";
	return peer_serve(PEER_FD);
}
