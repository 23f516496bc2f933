/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rpcproc.c - a server's RPC process, the parent side: starting it, one
 * request and its reply under a deadline, ending it (rpcproc.h).
 *
 * The process is started with posix_spawn(), never a bare fork(): the
 * daemon is threaded.  Its only open descriptors are /dev/null as 0 and
 * 1, the daemon's stderr as 2 and its end of the socketpair as
 * NSD_RPC_CHILD_FD; every other descriptor is closed on the way
 * (closefrom), whether close-on-exec or not (Net-SNMP's sockets are not).
 * The workers run with every signal blocked; the process starts with none
 * blocked and every signal at its default action.  Our end of the
 * socketpair is close-on-exec, so no other process inherits it, and the
 * RPC process sees EOF as soon as we close it.
 *
 * A process is only ever killed before it is reaped, so its pid cannot
 * have been reused.
 */
#include "rpcproc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rpcmsg.h"

#ifndef NSD_RPC_PATH
#error "NSD_RPC_PATH must name the installed netsessd-rpc"
#endif
#ifndef NSD_SBINDIR
#error "NSD_SBINDIR must name the folder netsessd is installed in"
#endif

/* The library's call timeout when the options leave it at 0. */
#define RPC_DEFAULT_TIMEOUT_MS 10000u
/* A reply buffer starts this large and doubles as octets arrive, so a
 * process cannot make us allocate more than twice what it sent. */
#define RPC_READ_CHUNK (64u * 1024u)

struct nsd_rpc {
	char label[16]; /* argv[1]: the server index */
	pid_t pid;      /* 0: no process */
	int fd;         /* our end of the socketpair; -1: none */
	uint64_t call_ms;
	bool has_event;
	char event[200];
};

/* ---- the program -------------------------------------------------------- */

static pthread_once_t rpc_program_once = PTHREAD_ONCE_INIT;
static char rpc_program[PATH_MAX];

/*
 * The installed netsessd runs $(libexecdir)/netsessd/netsessd-rpc.  One
 * run from anywhere else (the build tree, make distcheck) runs the
 * netsessd-rpc beside it when there is one.
 */
static void rpc_find_program(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;
	int len;

	snprintf(rpc_program, sizeof(rpc_program), "%s", NSD_RPC_PATH);
	if (n <= 0)
		return;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return;
	*slash = '\0';
	if (strcmp(exe, NSD_SBINDIR) == 0)
		return;
	len = snprintf(rpc_program, sizeof(rpc_program), "%s/%s", exe, NSD_RPC_PROGRAM);
	if (len < 0 || (size_t)len >= sizeof(rpc_program) || access(rpc_program, X_OK) != 0)
		snprintf(rpc_program, sizeof(rpc_program), "%s", NSD_RPC_PATH);
}

/* ---- bookkeeping ------------------------------------------------------- */

static void rpc_event(struct nsd_rpc *rpc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void rpc_event(struct nsd_rpc *rpc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rpc->event, sizeof(rpc->event), fmt, ap);
	va_end(ap);
	rpc->has_event = true;
}

static uint64_t rpc_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void rpc_sleep_ms(unsigned ms)
{
	struct timespec ts = {(time_t)(ms / 1000u), (long)(ms % 1000u) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* "ended by signal SIGSEGV", "exited with status 1". */
static void rpc_describe_status(int status, char *buf, size_t cap)
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

/* Waits up to ms for the process to end; true (and *status) once reaped. */
static bool rpc_wait_exit(pid_t pid, unsigned ms, int *status)
{
	uint64_t until = rpc_now_ms() + ms;
	unsigned pause = 1;

	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid)
			return true;
		if (r < 0 && errno == ECHILD) {
			*status = 0; /* reaped elsewhere (SIGCHLD ignored) */
			return true;
		}
		if (r < 0 && errno != EINTR)
			return false;
		if (rpc_now_ms() >= until)
			return false;
		rpc_sleep_ms(pause);
		pause = pause >= 32 ? 50 : pause * 2;
	}
}

static void rpc_reap_now(pid_t pid, int *status)
{
	while (waitpid(pid, status, 0) < 0) {
		if (errno != EINTR) {
			*status = 0;
			return;
		}
	}
}

/*
 * Closes our end and reaps the process: killed at once when kill_now,
 * else given NSD_RPC_EXIT_GRACE_MS to end by itself.  Returns its wait
 * status.
 */
static int rpc_end(struct nsd_rpc *rpc, bool kill_now)
{
	int status = 0;

	if (rpc->fd >= 0)
		close(rpc->fd);
	rpc->fd = -1;
	if (rpc->pid <= 0)
		return 0;
	if (kill_now || !rpc_wait_exit(rpc->pid, NSD_RPC_EXIT_GRACE_MS, &status)) {
		kill(rpc->pid, SIGKILL);
		rpc_reap_now(rpc->pid, &status);
	}
	rpc->pid = 0;
	return status;
}

/* A failed exchange ends the process; the event says how. */
static void rpc_fail(struct nsd_rpc *rpc, netsess_status_t st, const char *when)
{
	long pid = (long)rpc->pid;
	char how[64];
	int status;

	switch (st) {
	case NETSESS_E_TIMEOUT:
		rpc_end(rpc, true);
		rpc_event(rpc, "RPC process %ld gave no answer within %llu ms: killed", pid,
		          (unsigned long long)rpc->call_ms);
		break;
	case NETSESS_E_PROTOCOL:
		rpc_end(rpc, true);
		rpc_event(rpc, "RPC process %ld sent a malformed message: killed", pid);
		break;
	default:
		status = rpc_end(rpc, false);
		rpc_describe_status(status, how, sizeof(how));
		rpc_event(rpc, "RPC process %ld %s %s", pid, how, when);
		break;
	}
}

/* ---- starting ---------------------------------------------------------- */

static int rpc_spawn_setup(posix_spawn_file_actions_t *fa, posix_spawnattr_t *attr, int child_fd)
{
	sigset_t none, dfl;
	int rc;

	rc = posix_spawn_file_actions_addopen(fa, 0, "/dev/null", O_RDONLY, 0);
	if (rc == 0)
		rc = posix_spawn_file_actions_addopen(fa, 1, "/dev/null", O_WRONLY, 0);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(fa, child_fd, NSD_RPC_CHILD_FD);
	if (rc == 0)
		rc = posix_spawn_file_actions_addclosefrom_np(fa, NSD_RPC_CHILD_FD + 1);
	if (rc != 0)
		return rc;
	sigemptyset(&none);
	sigfillset(&dfl);
	rc = posix_spawnattr_setflags(attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	if (rc == 0)
		rc = posix_spawnattr_setsigmask(attr, &none);
	if (rc == 0)
		rc = posix_spawnattr_setsigdefault(attr, &dfl);
	return rc;
}

static int rpc_spawn_fd(const struct nsd_rpc *rpc, int child_fd, pid_t *pid)
{
	char prog[] = NSD_RPC_PROGRAM;
	char label[sizeof(rpc->label)];
	char *argv[] = {prog, label, NULL};
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int rc;

	memcpy(label, rpc->label, sizeof(label));
	rc = posix_spawn_file_actions_init(&fa);
	if (rc != 0)
		return rc;
	rc = posix_spawnattr_init(&attr);
	if (rc != 0)
		goto out_destroy_fa;
	rc = rpc_spawn_setup(&fa, &attr, child_fd);
	if (rc == 0)
		rc = posix_spawn(pid, rpc_program, &fa, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
out_destroy_fa:
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

static netsess_status_t rpc_spawn(struct nsd_rpc *rpc)
{
	pid_t pid;
	int sv[2], rc;

	pthread_once(&rpc_program_once, rpc_find_program);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		rc = errno;
		goto out_event;
	}
	rc = rpc_spawn_fd(rpc, sv[1], &pid);
	close(sv[1]);
	if (rc != 0) {
		close(sv[0]);
		goto out_event;
	}
	rpc->pid = pid;
	rpc->fd = sv[0];
	if (fcntl(sv[0], F_SETFL, O_NONBLOCK) != 0) {
		rc = errno;
		rpc_end(rpc, true);
		goto out_event;
	}
	return NERR_Success;

out_event:
	rpc_event(rpc, "cannot start %s: %s", rpc_program, strerrordesc_np(rc));
	return rc == ENOMEM ? ERROR_NOT_ENOUGH_MEMORY : NETSESS_E_TRANSPORT;
}

/* ---- one exchange ------------------------------------------------------ */

/* Waits until the socket is ready for events or the deadline passes. */
static netsess_status_t rpc_poll(const struct nsd_rpc *rpc, short events, uint64_t deadline)
{
	for (;;) {
		struct pollfd p = {.fd = rpc->fd, .events = events};
		uint64_t now = rpc_now_ms();
		int n;

		if (now >= deadline)
			return NETSESS_E_TIMEOUT;
		n = poll(&p, 1, deadline - now > INT_MAX ? INT_MAX : (int)(deadline - now));
		if (n > 0)
			return NERR_Success;
		if (n < 0 && errno != EINTR)
			return NETSESS_E_TRANSPORT;
	}
}

static netsess_status_t rpc_send(const struct nsd_rpc *rpc, const struct nsd_rpcmsg_frame *f,
                                 uint64_t deadline)
{
	size_t off = 0;

	while (off < f->len) {
		ssize_t n = send(rpc->fd, f->data + off, f->len - off, MSG_NOSIGNAL);
		netsess_status_t st;

		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
			return NETSESS_E_TRANSPORT; /* EPIPE, ECONNRESET: it is gone */
		st = rpc_poll(rpc, POLLOUT, deadline);
		if (st != NERR_Success)
			return st;
	}
	return NERR_Success;
}

/* Reads exactly n octets; EOF before them is NETSESS_E_TRANSPORT. */
static netsess_status_t rpc_recv(const struct nsd_rpc *rpc, uint8_t *buf, size_t n,
                                 uint64_t deadline)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = recv(rpc->fd, buf + got, n - got, 0);
		netsess_status_t st;

		if (r > 0) {
			got += (size_t)r;
			continue;
		}
		if (r == 0)
			return NETSESS_E_TRANSPORT;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return NETSESS_E_TRANSPORT;
		st = rpc_poll(rpc, POLLIN, deadline);
		if (st != NERR_Success)
			return st;
	}
	return NERR_Success;
}

/* One frame's body, the caller's on success. */
static netsess_status_t rpc_recv_frame(const struct nsd_rpc *rpc, uint64_t deadline, uint8_t **body,
                                       size_t *len)
{
	uint8_t hdr[NSD_RPCMSG_HEADER];
	size_t want, got = 0, cap;
	netsess_status_t st;
	uint8_t *buf;

	*body = NULL;
	*len = 0;
	st = rpc_recv(rpc, hdr, sizeof(hdr), deadline);
	if (st == NERR_Success)
		st = nsd_rpcmsg_frame_length(hdr, &want);
	if (st != NERR_Success)
		return st;
	cap = want < RPC_READ_CHUNK ? want : RPC_READ_CHUNK;
	buf = malloc(cap);
	if (!buf)
		return ERROR_NOT_ENOUGH_MEMORY;
	for (;;) {
		uint8_t *bigger;

		st = rpc_recv(rpc, buf + got, cap - got, deadline);
		if (st != NERR_Success)
			goto out_free_buf;
		got = cap;
		if (got == want)
			break;
		cap = cap > want - cap ? want : cap * 2;
		bigger = realloc(buf, cap);
		if (!bigger) {
			st = ERROR_NOT_ENOUGH_MEMORY;
			goto out_free_buf;
		}
		buf = bigger;
	}
	*body = buf;
	*len = want;
	return NERR_Success;

out_free_buf:
	free(buf);
	return st;
}

/*
 * Sends a request and decodes its reply.  Any failure but the decoder
 * running out of memory (the stream is then still in step) ends the
 * process.
 */
static netsess_status_t rpc_call(struct nsd_rpc *rpc, const struct nsd_rpcmsg_frame *req,
                                 enum nsd_rpcmsg_kind kind, struct nsd_rpcmsg_reply *rep)
{
	uint64_t deadline = rpc_now_ms() + rpc->call_ms;
	netsess_status_t st;
	uint8_t *body = NULL;
	size_t len = 0;
	bool in_step = false;

	memset(rep, 0, sizeof(*rep));
	if (rpc->pid <= 0)
		return NETSESS_E_TRANSPORT;
	st = rpc_send(rpc, req, deadline);
	if (st == NERR_Success)
		st = rpc_recv_frame(rpc, deadline, &body, &len);
	if (st == NERR_Success) {
		in_step = true;
		st = nsd_rpcmsg_decode_reply(body, len, kind, rep);
	}
	free(body);
	if (st != NERR_Success && !(in_step && st == ERROR_NOT_ENOUGH_MEMORY))
		rpc_fail(rpc, st, "during a call");
	return st;
}

/* ---- the interface ----------------------------------------------------- */

struct nsd_rpc *nsd_rpc_new(unsigned server_index)
{
	struct nsd_rpc *rpc = calloc(1, sizeof(*rpc));

	if (!rpc)
		return NULL;
	snprintf(rpc->label, sizeof(rpc->label), "%u", server_index);
	rpc->fd = -1;
	rpc->call_ms = 2ull * RPC_DEFAULT_TIMEOUT_MS + NSD_RPC_MARGIN_MS;
	return rpc;
}

void nsd_rpc_free(struct nsd_rpc *rpc)
{
	if (!rpc)
		return;
	nsd_rpc_ctx_free(rpc);
	free(rpc);
}

void nsd_rpc_ctx_free(struct nsd_rpc *rpc)
{
	if (rpc)
		rpc_end(rpc, false);
}

long nsd_rpc_pid(const struct nsd_rpc *rpc)
{
	return rpc ? (long)rpc->pid : 0;
}

bool nsd_rpc_ready(struct nsd_rpc *rpc)
{
	struct pollfd p;
	uint8_t octet;
	long pid;
	char how[64];
	int status;

	if (rpc->pid <= 0)
		return false;
	p.fd = rpc->fd;
	p.events = POLLIN;
	p.revents = 0;
	if (poll(&p, 1, 0) == 0)
		return true;
	/* Idle, it has nothing to say: it ended, or it is misbehaving. */
	pid = (long)rpc->pid;
	if (recv(rpc->fd, &octet, 1, MSG_PEEK) > 0) {
		rpc_end(rpc, true);
		rpc_event(rpc, "RPC process %ld sent a message nobody asked for: killed", pid);
		return false;
	}
	status = rpc_end(rpc, false);
	rpc_describe_status(status, how, sizeof(how));
	rpc_event(rpc, "RPC process %ld %s while idle", pid, how);
	return false;
}

netsess_status_t nsd_rpc_ctx_new(struct nsd_rpc *rpc, const struct netsess_options *opts)
{
	struct nsd_rpcmsg_frame req;
	struct nsd_rpcmsg_reply rep;
	uint64_t timeout;
	netsess_status_t st;

	nsd_rpc_ctx_free(rpc);
	st = nsd_rpcmsg_encode_open(opts, &req);
	if (st != NERR_Success)
		return st;
	timeout = opts->timeout_ms ? opts->timeout_ms : RPC_DEFAULT_TIMEOUT_MS;
	rpc->call_ms = 2 * timeout + NSD_RPC_MARGIN_MS;
	st = rpc_spawn(rpc);
	if (st == NERR_Success)
		st = rpc_call(rpc, &req, NSD_RPCMSG_OPEN, &rep);
	nsd_rpcmsg_frame_free(&req);
	if (st != NERR_Success)
		goto out_end;
	if (rep.version != NSD_RPCMSG_VERSION) {
		rpc_event(rpc, "RPC process %ld speaks version %u of the messages, not %u: killed",
		          (long)rpc->pid, rep.version, NSD_RPCMSG_VERSION);
		rpc_end(rpc, true);
		return NETSESS_E_PROTOCOL;
	}
	st = rep.status;
out_end:
	if (st != NERR_Success)
		nsd_rpc_ctx_free(rpc);
	return st;
}

netsess_status_t nsd_rpc_session_enum(struct nsd_rpc *rpc, const char *servername,
                                      const char *unc_client_name, const char *username,
                                      uint32_t level, struct netsess_session_list **out)
{
	struct nsd_rpcmsg_frame req;
	struct nsd_rpcmsg_reply rep;
	netsess_status_t st;

	if (!out)
		return ERROR_INVALID_PARAMETER;
	*out = NULL;
	if (rpc->pid <= 0)
		return NETSESS_E_TRANSPORT;
	st = nsd_rpcmsg_encode_enum(servername, unc_client_name, username, level, &req);
	if (st != NERR_Success)
		return st;
	st = rpc_call(rpc, &req, NSD_RPCMSG_ENUM, &rep);
	nsd_rpcmsg_frame_free(&req);
	if (st != NERR_Success)
		return st;
	*out = rep.list;
	return rep.status;
}

netsess_status_t nsd_rpc_session_del(struct nsd_rpc *rpc, const char *servername,
                                     const char *unc_client_name, const char *username)
{
	struct nsd_rpcmsg_frame req;
	struct nsd_rpcmsg_reply rep;
	netsess_status_t st;

	if (rpc->pid <= 0)
		return NETSESS_E_TRANSPORT;
	st = nsd_rpcmsg_encode_del(servername, unc_client_name, username, &req);
	if (st != NERR_Success)
		return st;
	st = rpc_call(rpc, &req, NSD_RPCMSG_DEL, &rep);
	nsd_rpcmsg_frame_free(&req);
	return st != NERR_Success ? st : rep.status;
}

bool nsd_rpc_take_event(struct nsd_rpc *rpc, char *buf, size_t cap)
{
	if (!rpc->has_event)
		return false;
	rpc->has_event = false;
	if (cap > 0)
		snprintf(buf, cap, "%s", rpc->event);
	return true;
}
