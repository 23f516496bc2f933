/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * transport_smbc.c - \PIPE\srvsvc through libsmbclient.
 *
 * The pipe is opened as the file smb://host:port/IPC$/srvsvc.  Each PDU is
 * written with one smbc_write (one message on a message-mode pipe); reads
 * ask for exactly the bytes wanted, because libsmbclient keeps reading
 * until a read is filled.
 *
 * Every transport has its own SMBCCTX, its own credentials (handed to the
 * authentication callback through the context's user data) and so its own
 * SMB connection.
 *
 * Threads: libsmbclient keeps process-wide state (its talloc stack, the
 * loaded configuration, the debug state) that is only made per-thread by
 * smbc_thread_posix().  libsmbclient.h declares it, but builds exist that
 * do not export it (Debian 12's 4.17), so it is looked up at run time: when
 * present it is called once and transports in different threads run in
 * parallel; when absent every libsmbclient call in the process is
 * serialised by one lock.  Creating and freeing an SMBCCTX is serialised
 * either way.
 *
 * libsmbclient sets its global state up when the first SMBCCTX is made and
 * tears it down when the last is freed; set up again, it leaks (116 bytes
 * per round in reopen_logs, seen with valgrind) and rereads smb.conf.  One
 * idle SMBCCTX, made on first use and kept for the life of the process,
 * holds that state once: reconnecting then costs only the connection.
 *
 * SIGPIPE: a write on a connection the server closed raises SIGPIPE in the
 * calling thread; it is blocked around each libsmbclient call and a
 * SIGPIPE raised meanwhile is consumed, so that the caller's program is
 * never killed by it.
 *
 * libsmbclient's own diagnostics go to a callback that drops them: the
 * library never prints.
 *
 * netsess_preload() makes the anchor context early and sets up what
 * Samba would otherwise load on the first session setup (see there), for
 * a process that forks its workers afterwards.
 *
 * Signing and encryption, as libsmbclient 4.17 allows them (each checked
 * against Samba 4.17 with smbstatus):
 *   - it has no per-connection signing setter, but requires signing on the
 *     whole session whenever encryption is requested at all; so "required"
 *     signing requests encryption (smbstatus then shows the session signed,
 *     not only IPC$), "if required" and "off" leave signing to the client
 *     configuration (sign IPC$; SMB2 cannot switch signing off);
 *   - encryption "if required" is requested: libsmbclient encrypts when the
 *     server demands it (SMB2_SESSION_FLAG_ENCRYPT_DATA) and signs always;
 *   - encryption "required": libsmbclient's connection to IPC$ never turns
 *     SMB3 encryption on, whatever smbc_setOptionSmbEncryptionLevel or a
 *     "client smb encrypt" in smb.conf say (its SMBC_server path does not
 *     call smb2cli_session_encryption_on; smbstatus shows "-").  Its second,
 *     "attribute" connection does: the one smbc_getxattr makes to "*IPC$"
 *     with cli_full_connection_creds, which honours the required level and
 *     fails rather than stay in clear.  So the pipe is opened on that
 *     connection (a URL with the share name "*IPC$" finds it in the server
 *     cache), and the plain connection made on the way is closed at
 *     once.  Before that, one SMB2 NEGOTIATE (smb2neg.c) asks the server
 *     whether it can encrypt at all: a server that cannot is refused with
 *     NETSESS_E_NOT_SUPPORTED, and libsmbclient never reaches the point
 *     where it would print its own complaint to standard output.  The
 *     attribute connection dials port 445 (then 139) whatever the URL
 *     says, so required encryption is refused for a server on another
 *     port: that connection would reach another server, or none.
 *
 * The SMB client configuration: libsmbclient keeps one configuration per
 * process, read from smb.conf.  Before each connection a small private
 * one is loaded on top (smbc_setConfiguration) with what the library
 * needs whatever smb.conf says: SMB3 as the lowest dialect for required
 * encryption, and no name cache (Samba caches a name's address for 11
 * minutes in a file shared by the machine; the system resolver, asked
 * first, is the only one consulted).
 *
 * Kerberos: with a credential cache in the parameters (a keytab context),
 * KRB5CCNAME names it while the connection is made and is restored after:
 * libsmbclient's Kerberos (Samba's own library) takes the default cache of
 * the process and has no setter for another.  Connections are made one at
 * a time (under tsmbc_ctx_lock), as the configuration, the environment and
 * libsmbclient's debug hook are process-wide.
 *
 * Failures: libsmbclient reduces a failed session setup to errno, which
 * cannot tell a password from a refused NTLM (NT_STATUS_NTLM_BLOCKED
 * becomes EINVAL, as do a wrong Kerberos service name and most other
 * logon errors).  While a connection is made, its debug messages (level
 * 3) go to a hook that keeps the lines that say why a logon failed; they
 * decide NETSESS_E_NTLM_DISABLED and become the failure's detail.
 */
#include "transport.h"

#include "auth_file.h"
#include "smb2neg.h"

#include <libsmbclient.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

/* How libsmbclient words a session setup that NTLM was refused for
 * (NT_STATUS_NTLM_BLOCKED, libcli/util/nterr.c). */
#define TSMBC_NTLM_BLOCKED "The authentication failed because NTLM was blocked."
/* Debug level that shows why a session setup failed. */
#define TSMBC_CAPTURE_LEVEL 3
/* The only port an encrypted connection can be made to (see below). */
#define TSMBC_ENCRYPT_PORT 445u

struct smbc_pipe {
	struct ns_transport base;
	SMBCCTX *sc;
	SMBCFILE *fh;
	char *username;
	char *password;
	char *domain;
	/* libsmbclient's own server cache hook, wrapped by tsmbc_cache_srv */
	smbc_add_cached_srv_fn add_cached_srv;
	/* set once connect, session setup and tree connect all succeeded */
	bool server_up;
	/* the servers libsmbclient cached: to IPC$, and its "*IPC$" attribute
	 * connection; how many were added in all */
	SMBCSRV *plain_srv;
	SMBCSRV *attr_srv;
	unsigned srv_added;
	/* why a logon failed, from libsmbclient's debug messages */
	char why_spnego[160];
	char why_krb5[200];
};

/* Serialises SMBCCTX creation and freeing; guards the two below. */
static pthread_mutex_t tsmbc_ctx_lock = PTHREAD_MUTEX_INITIALIZER;
/* Serialises every libsmbclient call when it lacks thread support. */
static pthread_mutex_t tsmbc_call_lock = PTHREAD_MUTEX_INITIALIZER;
static bool tsmbc_serialise;
static bool tsmbc_threads_set;
/* Keeps libsmbclient initialised; never connects; process lifetime. */
static SMBCCTX *tsmbc_anchor;

/* State saved around one libsmbclient call. */
struct tsmbc_guard {
	sigset_t old_mask;
	bool sigpipe_pending;
};

/*
 * Once, before libsmbclient is first used, under tsmbc_ctx_lock: every
 * later reader of tsmbc_serialise took that lock after this ran.
 */
static void tsmbc_init_threads(void)
{
	void *sym = dlsym(RTLD_DEFAULT, "smbc_thread_posix");
	void (*thread_posix)(void);

	if (sym == NULL) {
		tsmbc_serialise = true;
		return;
	}
	/* POSIX: a dlsym() result converts to a function pointer. */
	memcpy(&thread_posix, &sym, sizeof(thread_posix));
	thread_posix();
}

static bool tsmbc_sigpipe_pending(void)
{
	sigset_t pending;

	sigemptyset(&pending);
	return sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1;
}

static void tsmbc_enter(struct tsmbc_guard *g)
{
	sigset_t block;

	if (tsmbc_serialise)
		pthread_mutex_lock(&tsmbc_call_lock);
	sigemptyset(&block);
	sigaddset(&block, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &block, &g->old_mask);
	g->sigpipe_pending = tsmbc_sigpipe_pending();
}

static void tsmbc_leave(struct tsmbc_guard *g)
{
	if (!g->sigpipe_pending && tsmbc_sigpipe_pending()) {
		const struct timespec zero = {0, 0};
		sigset_t pipe_only;

		sigemptyset(&pipe_only);
		sigaddset(&pipe_only, SIGPIPE);
		while (sigtimedwait(&pipe_only, NULL, &zero) < 0 && errno == EINTR)
			;
	}
	pthread_sigmask(SIG_SETMASK, &g->old_mask, NULL);
	if (tsmbc_serialise)
		pthread_mutex_unlock(&tsmbc_call_lock);
}

static void tsmbc_drop_log(void *priv, int level, const char *msg)
{
	(void)priv;
	(void)level;
	(void)msg;
}

/* Copies a credential into a fixed buffer of libsmbclient's. */
static void tsmbc_put(char *buf, int len, const char *s)
{
	if (buf == NULL || len <= 0 || s == NULL)
		return;
	snprintf(buf, (size_t)len, "%s", s);
}

/* smbc_get_auth_data_with_context_fn: the credentials of this pipe. */
static void tsmbc_auth(SMBCCTX *c, const char *srv, const char *shr, char *wg, int wglen, char *un,
                       int unlen, char *pw, int pwlen)
{
	const struct smbc_pipe *p = smbc_getOptionUserData(c);

	(void)srv;
	(void)shr;
	if (p == NULL)
		return;
	if (p->domain != NULL)
		tsmbc_put(wg, wglen, p->domain);
	tsmbc_put(un, unlen, p->username != NULL ? p->username : "");
	tsmbc_put(pw, pwlen, p->password != NULL ? p->password : "");
}

/*
 * libsmbclient caches a server once the TCP connection, the session setup
 * and the IPC$ tree connect have all succeeded: wrapping its cache hook
 * tells whether a failed open failed before or after that point.
 */
static int tsmbc_cache_srv(SMBCCTX *c, SMBCSRV *srv, const char *server, const char *share,
                           const char *workgroup, const char *username)
{
	struct smbc_pipe *p = smbc_getOptionUserData(c);

	p->server_up = true;
	p->srv_added++;
	if (strcmp(share, "*IPC$") == 0)
		p->attr_srv = srv;
	else
		p->plain_srv = srv;
	return p->add_cached_srv(c, srv, server, share, workgroup, username);
}

/* Copies the rest of msg after prefix, without its line end, to buf. */
static bool tsmbc_keep(const char *msg, const char *prefix, char *buf, size_t len)
{
	size_t n = strlen(prefix);

	if (strncmp(msg, prefix, n) != 0)
		return false;
	snprintf(buf, len, "%s", msg + n);
	buf[strcspn(buf, "\r\n")] = '\0';
	return true;
}

/* smbc_debug_callback_fn while a connection is made: keeps the lines that
 * say why a session setup failed (libsmbclient 4.17 wording). */
static void tsmbc_capture_log(void *priv, int level, const char *msg)
{
	struct smbc_pipe *p = priv;

	(void)level;
	if (p == NULL || msg == NULL)
		return;
	if (tsmbc_keep(msg, "SPNEGO login failed: ", p->why_spnego, sizeof(p->why_spnego)))
		return;
	if (tsmbc_keep(msg, "gse_get_client_auth_token: ", p->why_krb5, sizeof(p->why_krb5)))
		return;
	if (strncmp(msg, "Kerberos auth with ", 19) == 0 || strncmp(msg, "Kinit for ", 10) == 0)
		tsmbc_keep(msg, "", p->why_krb5, sizeof(p->why_krb5));
}

/*
 * errno after a failed smbc_open, measured against Samba 4.17:
 * ECONNREFUSED when nothing listens; ETIMEDOUT when nothing answers;
 * EACCES for a rejected session setup (libsmbclient turns its EPERM into
 * EACCES, so a refused IPC$ tree connect reads the same; it does not
 * happen on IPC$ in practice); ENOENT for a pipe the server lacks.
 */
static netsess_status_t tsmbc_open_errno(int e, bool server_up)
{
	switch (e) {
	case ECONNREFUSED:
		return NETSESS_E_CONNECTION_REFUSED;
	case ETIMEDOUT:
		return NETSESS_E_TIMEOUT;
	case ENOMEM:
		return ERROR_NOT_ENOUGH_MEMORY;
	case EHOSTUNREACH:
	case ENETUNREACH:
		return NETSESS_E_HOST_NOT_FOUND;
	case EPERM:
	case EACCES:
		return server_up ? ERROR_ACCESS_DENIED : NETSESS_E_LOGON_FAILURE;
	default:
		return server_up ? NETSESS_E_PIPE_UNAVAILABLE : NETSESS_E_TRANSPORT;
	}
}

/* errno after a failed read or write on the open pipe. */
static netsess_status_t tsmbc_io_errno(int e)
{
	switch (e) {
	case ETIMEDOUT:
		return NETSESS_E_TIMEOUT;
	case ENOMEM:
		return ERROR_NOT_ENOUGH_MEMORY;
	default:
		return NETSESS_E_TRANSPORT;
	}
}

static netsess_status_t tsmbc_write(struct ns_transport *t, const uint8_t *buf, size_t len)
{
	struct smbc_pipe *p = (struct smbc_pipe *)t;
	struct tsmbc_guard g;
	ssize_t n;
	int e;

	if (len > (size_t)SSIZE_MAX)
		return ERROR_INVALID_PARAMETER;
	tsmbc_enter(&g);
	errno = 0;
	n = smbc_getFunctionWrite(p->sc)(p->sc, p->fh, buf, len);
	e = errno;
	tsmbc_leave(&g);
	if (n < 0)
		return tsmbc_io_errno(e);
	if ((size_t)n != len)
		return NETSESS_E_TRANSPORT;
	return NERR_Success;
}

/* Each smbc_read waits at most the context's timeout; the deadline stops
 * a server that keeps sending a few bytes at a time. */
static netsess_status_t tsmbc_read(struct ns_transport *t, uint8_t *buf, size_t len,
                                   uint64_t deadline_ms)
{
	struct smbc_pipe *p = (struct smbc_pipe *)t;
	size_t got = 0;

	while (got < len) {
		struct tsmbc_guard g;
		ssize_t n;
		int e;

		if (deadline_ms != 0 && ns_transport_now_ms() >= deadline_ms)
			return NETSESS_E_TIMEOUT;
		tsmbc_enter(&g);
		errno = 0;
		n = smbc_getFunctionRead(p->sc)(p->sc, p->fh, buf + got, len - got);
		e = errno;
		tsmbc_leave(&g);
		if (n < 0)
			return tsmbc_io_errno(e);
		if (n == 0)
			return NETSESS_E_TRANSPORT;
		got += (size_t)n;
	}
	return NERR_Success;
}

static void tsmbc_free(struct smbc_pipe *p)
{
	struct tsmbc_guard g;

	if (p->sc != NULL) {
		pthread_mutex_lock(&tsmbc_ctx_lock);
		tsmbc_enter(&g);
		if (p->fh != NULL)
			smbc_getFunctionClose(p->sc)(p->sc, p->fh);
		smbc_free_context(p->sc, 1);
		tsmbc_leave(&g);
		pthread_mutex_unlock(&tsmbc_ctx_lock);
	}
	free(p->username);
	ns_secret_free(p->password);
	free(p->domain);
	free(p);
}

static void tsmbc_close(struct ns_transport *t)
{
	if (t != NULL)
		tsmbc_free((struct smbc_pipe *)t);
}

static const struct ns_transport_ops tsmbc_ops = {
    .write = tsmbc_write,
    .read = tsmbc_read,
    .close = tsmbc_close,
};

static smbc_smb_encrypt_level tsmbc_encrypt_level(const struct ns_transport_params *params)
{
	if (params->encryption == NETSESS_SMB_REQUIRED)
		return SMBC_ENCRYPTLEVEL_REQUIRE;
	if (params->encryption == NETSESS_SMB_IF_REQUIRED ||
	    params->signing == NETSESS_SMB_REQUIRED)
		return SMBC_ENCRYPTLEVEL_REQUEST;
	return SMBC_ENCRYPTLEVEL_NONE;
}

/* Makes the anchor context once; the caller holds tsmbc_ctx_lock. */
static netsess_status_t tsmbc_hold_library(void)
{
	SMBCCTX *sc;

	if (tsmbc_anchor != NULL)
		return NERR_Success;
	sc = smbc_new_context();
	if (sc == NULL)
		return ERROR_NOT_ENOUGH_MEMORY;
	smbc_setLogCallback(sc, NULL, tsmbc_drop_log);
	smbc_setDebug(sc, 0);
	smbc_setFunctionAuthDataWithContext(sc, tsmbc_auth);
	smbc_setUser(sc, "");
	if (smbc_init_context(sc) == NULL) {
		smbc_free_context(sc, 1);
		return ERROR_NOT_ENOUGH_MEMORY;
	}
	tsmbc_anchor = sc;
	return NERR_Success;
}

/* Creates and initialises p->sc for params. */
static netsess_status_t tsmbc_new_context(struct smbc_pipe *p,
                                          const struct ns_transport_params *params)
{
	int timeout = params->timeout_ms > INT_MAX ? INT_MAX : (int)params->timeout_ms;
	netsess_status_t st = NERR_Success;
	struct tsmbc_guard g;
	SMBCCTX *sc;

	pthread_mutex_lock(&tsmbc_ctx_lock);
	if (!tsmbc_threads_set) {
		tsmbc_init_threads();
		tsmbc_threads_set = true;
	}
	tsmbc_enter(&g);
	st = tsmbc_hold_library();
	if (st != NERR_Success)
		goto out_unlock;
	sc = smbc_new_context();
	if (sc == NULL) {
		st = ERROR_NOT_ENOUGH_MEMORY;
		goto out_unlock;
	}
	smbc_setLogCallback(sc, NULL, tsmbc_drop_log);
	smbc_setDebug(sc, 0);
	smbc_setOptionUserData(sc, p);
	smbc_setFunctionAuthDataWithContext(sc, tsmbc_auth);
	p->add_cached_srv = smbc_getFunctionAddCachedServer(sc);
	smbc_setFunctionAddCachedServer(sc, tsmbc_cache_srv);
	smbc_setOptionNoAutoAnonymousLogin(sc, true);
	smbc_setOptionUseKerberos(sc, params->kerberos);
	smbc_setOptionFallbackAfterKerberos(sc, false);
	smbc_setOptionUseCCache(sc, false);
	smbc_setOptionSmbEncryptionLevel(sc, tsmbc_encrypt_level(params));
	smbc_setTimeout(sc, timeout);
	smbc_setPort(sc, params->port);
	smbc_setUser(sc, params->username != NULL ? params->username : "");
	if (params->domain != NULL)
		smbc_setWorkgroup(sc, params->domain);
	if (smbc_init_context(sc) == NULL) {
		st = errno == ENOMEM ? ERROR_NOT_ENOUGH_MEMORY : NETSESS_E_TRANSPORT;
		smbc_free_context(sc, 1);
		goto out_unlock;
	}
	p->sc = sc;
out_unlock:
	tsmbc_leave(&g);
	pthread_mutex_unlock(&tsmbc_ctx_lock);
	return st;
}

/*
 * A name that does not resolve is reported as such before libsmbclient
 * tries: its own resolver would fall back to NetBIOS broadcasts.
 */
static netsess_status_t tsmbc_resolve(const char *host)
{
	struct addrinfo hints, *res = NULL;
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(host, NULL, &hints, &res);
	if (rc == 0) {
		freeaddrinfo(res);
		return NERR_Success;
	}
	if (rc == EAI_MEMORY)
		return ERROR_NOT_ENOUGH_MEMORY;
	return NETSESS_E_HOST_NOT_FOUND;
}

static bool tsmbc_strdup(char **dst, const char *s)
{
	*dst = NULL;
	if (s == NULL)
		return true;
	*dst = strdup(s);
	return *dst != NULL;
}

/* Writes a one-line explanation to params->detail, when there is room. */
static void tsmbc_detail(const struct ns_transport_params *params, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void tsmbc_detail(const struct ns_transport_params *params, const char *fmt, ...)
{
	va_list ap;

	if (params->detail == NULL || params->detail_len == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(params->detail, params->detail_len, fmt, ap);
	va_end(ap);
}

/* Waits until fd is ready for events or deadline_ms has passed. */
static int tsmbc_wait_fd(int fd, short events, uint64_t deadline_ms)
{
	struct pollfd pfd = {.fd = fd, .events = events};
	uint64_t now;
	int rc;

	for (;;) {
		now = ns_transport_now_ms();
		if (now >= deadline_ms)
			return -1;
		rc =
		    poll(&pfd, 1, (int)(deadline_ms - now > INT_MAX ? INT_MAX : deadline_ms - now));
		if (rc > 0)
			return 0;
		if (rc < 0 && errno != EINTR)
			return -1;
	}
}

/* Connects a non-blocking TCP socket to host:port before deadline_ms;
 * -1 with the last failure's errno in *err. */
static int tsmbc_tcp_connect(const char *host, uint16_t port, uint64_t deadline_ms, int *err_out)
{
	struct addrinfo hints, *res = NULL, *ai;
	char service[8];
	int fd = -1;

	*err_out = EHOSTUNREACH;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(service, sizeof(service), "%u", (unsigned)port);
	if (getaddrinfo(host, service, &hints, &res) != 0)
		return -1;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		int err = 0;
		socklen_t elen = sizeof(err);

		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		            ai->ai_protocol);
		if (fd < 0) {
			*err_out = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		err = errno;
		if (err == EINPROGRESS) {
			if (tsmbc_wait_fd(fd, POLLOUT, deadline_ms) != 0)
				err = ETIMEDOUT;
			else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0)
				err = errno;
			if (err == 0)
				break;
		}
		*err_out = err;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

static int tsmbc_send_all(int fd, const uint8_t *buf, size_t len, uint64_t deadline_ms)
{
	while (len > 0) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);

		if (n > 0) {
			buf += n;
			len -= (size_t)n;
		} else if (n < 0 && errno != EAGAIN && errno != EINTR) {
			return -1;
		} else if (tsmbc_wait_fd(fd, POLLOUT, deadline_ms) != 0) {
			return -1;
		}
	}
	return 0;
}

static int tsmbc_recv_all(int fd, uint8_t *buf, size_t len, uint64_t deadline_ms)
{
	while (len > 0) {
		ssize_t n = recv(fd, buf, len, 0);

		if (n > 0) {
			buf += n;
			len -= (size_t)n;
		} else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
			return -1;
		} else if (tsmbc_wait_fd(fd, POLLIN, deadline_ms) != 0) {
			return -1;
		}
	}
	return 0;
}

/*
 * Asks the server what it offers (one SMB2 NEGOTIATE, no logon) and
 * refuses, with NETSESS_E_NOT_SUPPORTED, a server that cannot encrypt.
 */
static netsess_status_t tsmbc_probe_encryption(const struct ns_transport_params *params)
{
	uint64_t deadline =
	    ns_transport_now_ms() + (params->timeout_ms ? params->timeout_ms : 10000);
	uint8_t req[NS_SMB2NEG_REQUEST_LEN], salt[32], hdr[4], *rep = NULL;
	struct ns_smb2neg_result r;
	netsess_status_t st;
	size_t len;
	int fd, err;

	if (getrandom(salt, sizeof(salt), 0) != (ssize_t)sizeof(salt))
		memset(salt, 0x5a, sizeof(salt)); /* a salt need not be secret */
	ns_smb2neg_encode_request(req, salt);
	fd = tsmbc_tcp_connect(params->host, params->port, deadline, &err);
	if (fd < 0)
		return tsmbc_open_errno(err, false);
	st = NETSESS_E_PROTOCOL;
	if (tsmbc_send_all(fd, req, sizeof(req), deadline) != 0 ||
	    tsmbc_recv_all(fd, hdr, sizeof(hdr), deadline) != 0) {
		st = ns_transport_now_ms() >= deadline ? NETSESS_E_TIMEOUT : NETSESS_E_TRANSPORT;
		goto out;
	}
	if (!ns_smb2neg_frame_len(hdr, &len))
		goto out;
	rep = malloc(len > 0 ? len : 1);
	if (rep == NULL) {
		st = ERROR_NOT_ENOUGH_MEMORY;
		goto out;
	}
	if (tsmbc_recv_all(fd, rep, len, deadline) != 0) {
		st = ns_transport_now_ms() >= deadline ? NETSESS_E_TIMEOUT : NETSESS_E_TRANSPORT;
		goto out;
	}
	if (ns_smb2neg_decode_reply(rep, len, &r) != 0) {
		tsmbc_detail(params, "the server's SMB2 NEGOTIATE reply is not one");
		goto out;
	}
	st = NERR_Success;
	if (r.dialect < NS_SMB2_DIALECT_300) {
		tsmbc_detail(params, "the server speaks %s at most; SMB encryption needs SMB 3",
		             ns_smb2_dialect_name(r.dialect));
		st = NETSESS_E_NOT_SUPPORTED;
	} else if (r.cipher == NS_SMB2_CIPHER_NONE) {
		tsmbc_detail(params,
		             "the server offers no SMB3 cipher with %s (encryption is "
		             "switched off on the server)",
		             ns_smb2_dialect_name(r.dialect));
		st = NETSESS_E_NOT_SUPPORTED;
	}
out:
	free(rep);
	close(fd);
	return st;
}

/*
 * Loads the private part of the client configuration (see the top of this
 * file) from a file that exists only while it is read.  Under
 * tsmbc_ctx_lock.
 */
static netsess_status_t tsmbc_load_config(SMBCCTX *sc, const struct ns_transport_params *params)
{
	const char *tmp = secure_getenv("TMPDIR");
	char path[PATH_MAX];
	FILE *f;
	int fd, rc;

	if (tmp == NULL || tmp[0] != '/')
		tmp = "/tmp";
	if (snprintf(path, sizeof(path), "%s/netsess-smbconf-XXXXXX", tmp) >= (int)sizeof(path))
		return NETSESS_E_TRANSPORT;
	fd = mkstemp(path);
	if (fd < 0)
		return NETSESS_E_TRANSPORT;
	f = fdopen(fd, "w");
	if (f == NULL) {
		close(fd);
		unlink(path);
		return NETSESS_E_TRANSPORT;
	}
	fprintf(f,
	        "[global]\n"
	        "\tname cache timeout = 0\n"
	        "\tclient min protocol = %s\n",
	        params->encryption == NETSESS_SMB_REQUIRED ? "SMB3_00" : "SMB2_02");
	rc = fclose(f);
	if (rc == 0)
		rc = smbc_setConfiguration(sc, path);
	unlink(path);
	return rc == 0 ? NERR_Success : NETSESS_E_TRANSPORT;
}

/* KRB5CCNAME as it was before a connection, to be put back after. */
struct tsmbc_env {
	bool set;
	char *old;
};

static netsess_status_t tsmbc_env_enter(struct tsmbc_env *e, const char *ccache)
{
	const char *old = getenv("KRB5CCNAME");

	e->set = false;
	e->old = NULL;
	if (ccache == NULL)
		return NERR_Success;
	if (old != NULL && (e->old = strdup(old)) == NULL)
		return ERROR_NOT_ENOUGH_MEMORY;
	if (setenv("KRB5CCNAME", ccache, 1) != 0) {
		free(e->old);
		return ERROR_NOT_ENOUGH_MEMORY;
	}
	e->set = true;
	return NERR_Success;
}

static void tsmbc_env_leave(struct tsmbc_env *e)
{
	if (!e->set)
		return;
	if (e->old != NULL)
		setenv("KRB5CCNAME", e->old, 1);
	else
		unsetenv("KRB5CCNAME");
	free(e->old);
}

/*
 * Opens srvsvc on the encrypted attribute connection, share "*IPC$" (see
 * the top of this file) and closes the plain one made on the way.
 * Returns the file, or NULL with errno set.
 */
static SMBCFILE *tsmbc_open_encrypted(struct smbc_pipe *p, const char *host, uint16_t port,
                                      bool *attr_failed)
{
	char url[320], buf[64];
	unsigned before;
	SMBCFILE *fh;
	int e;

	*attr_failed = false;
	snprintf(url, sizeof(url), "smb://%s:%u/IPC$", host, (unsigned)port);
	errno = 0;
	/* The attribute asked for does not matter: the connection is made
	 * before the name is looked at. */
	smbc_getFunctionGetxattr(p->sc)(p->sc, url, "system.nt_sec_desc.revision", buf,
	                                sizeof(buf));
	e = errno;
	if (p->attr_srv == NULL) {
		*attr_failed = p->plain_srv != NULL;
		errno = e != 0 ? e : ENOTSUP;
		return NULL;
	}
	snprintf(url, sizeof(url), "smb://%s:%u/*IPC$/srvsvc", host, (unsigned)port);
	before = p->srv_added;
	fh = smbc_getFunctionOpen(p->sc)(p->sc, url, O_RDWR, 0);
	e = errno;
	if (fh != NULL && p->srv_added != before) {
		/* Not opened on the encrypted connection: never use it. */
		smbc_getFunctionClose(p->sc)(p->sc, fh);
		*attr_failed = true;
		errno = ENOTSUP;
		return NULL;
	}
	if (fh != NULL && p->plain_srv != NULL) {
		smbc_getFunctionRemoveUnusedServer(p->sc)(p->sc, p->plain_srv);
		p->plain_srv = NULL;
	}
	errno = e;
	return fh;
}

/* The status of a failed open, from errno and what the debug hook kept. */
static netsess_status_t tsmbc_open_status(const struct smbc_pipe *p,
                                          const struct ns_transport_params *params, int e,
                                          bool attr_failed)
{
	if (attr_failed) {
		tsmbc_detail(params, "the server did not set up an encrypted session (%s)",
		             strerror(e));
		return e == ENOMEM ? ERROR_NOT_ENOUGH_MEMORY : NETSESS_E_NOT_SUPPORTED;
	}
	if (p->why_spnego[0] != '\0' || p->why_krb5[0] != '\0') {
		/* A session setup failed: the lines say why. */
		tsmbc_detail(params, "%s", p->why_krb5[0] != '\0' ? p->why_krb5 : p->why_spnego);
		if (strcmp(p->why_spnego, TSMBC_NTLM_BLOCKED) == 0)
			return NETSESS_E_NTLM_DISABLED;
		if (e == ENOMEM)
			return ERROR_NOT_ENOUGH_MEMORY;
		if (!p->server_up)
			return NETSESS_E_LOGON_FAILURE;
	}
	return tsmbc_open_errno(e, p->server_up);
}

/*
 * Makes the connection and opens the pipe, one connection at a time in the
 * process (the configuration, KRB5CCNAME and the debug hook are shared).
 */
static netsess_status_t tsmbc_connect(struct smbc_pipe *p, const struct ns_transport_params *params)
{
	struct tsmbc_guard g;
	struct tsmbc_env env;
	bool attr_failed = false;
	netsess_status_t st;
	char url[320];
	int n, e = 0;

	n = snprintf(url, sizeof(url), "smb://%s:%u/IPC$/srvsvc", params->host,
	             (unsigned)params->port);
	if (n < 0 || (size_t)n >= sizeof(url))
		return ERROR_INVALID_PARAMETER;
	pthread_mutex_lock(&tsmbc_ctx_lock);
	tsmbc_enter(&g);
	st = tsmbc_load_config(p->sc, params);
	if (st == NERR_Success)
		st = tsmbc_env_enter(&env, params->ccache);
	if (st != NERR_Success)
		goto out_unlock;
	smbc_setLogCallback(p->sc, p, tsmbc_capture_log);
	smbc_setDebug(p->sc, TSMBC_CAPTURE_LEVEL);
	errno = 0;
	if (params->encryption == NETSESS_SMB_REQUIRED)
		p->fh = tsmbc_open_encrypted(p, params->host, params->port, &attr_failed);
	else
		p->fh = smbc_getFunctionOpen(p->sc)(p->sc, url, O_RDWR, 0);
	e = errno;
	smbc_setDebug(p->sc, 0);
	smbc_setLogCallback(p->sc, NULL, tsmbc_drop_log);
	tsmbc_env_leave(&env);
	if (p->fh == NULL)
		st = tsmbc_open_status(p, params, e, attr_failed);
out_unlock:
	tsmbc_leave(&g);
	pthread_mutex_unlock(&tsmbc_ctx_lock);
	return st;
}

netsess_status_t ns_transport_smbc_open(const struct ns_transport_params *params, void *arg,
                                        struct ns_transport **out)
{
	struct smbc_pipe *p;
	netsess_status_t st;

	(void)arg;
	if (params == NULL || params->host == NULL || out == NULL || params->port == 0 ||
	    strlen(params->host) > 255)
		return ERROR_INVALID_PARAMETER;
	*out = NULL;
	st = tsmbc_resolve(params->host);
	if (st != NERR_Success)
		return st;
	if (params->encryption == NETSESS_SMB_REQUIRED) {
		/* The attribute connection dials 445 (then 139) whatever the
		 * URL says (libsmbclient 4.17 smbsock_connect): on another
		 * port it would reach another server, or none. */
		if (params->port != TSMBC_ENCRYPT_PORT) {
			tsmbc_detail(params,
			             "required encryption needs the server on port 445 "
			             "(this SMB client makes its encrypted connection there)");
			return NETSESS_E_NOT_SUPPORTED;
		}
		st = tsmbc_probe_encryption(params);
		if (st != NERR_Success)
			return st;
	}
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return ERROR_NOT_ENOUGH_MEMORY;
	p->base.ops = &tsmbc_ops;
	if (!tsmbc_strdup(&p->username, params->username) ||
	    !tsmbc_strdup(&p->password, params->password) ||
	    !tsmbc_strdup(&p->domain, params->domain)) {
		st = ERROR_NOT_ENOUGH_MEMORY;
		goto out_free_pipe;
	}
	st = tsmbc_new_context(p, params);
	if (st != NERR_Success)
		goto out_free_pipe;
	st = tsmbc_connect(p, params);
	if (st != NERR_Success)
		goto out_free_pipe;
	*out = &p->base;
	return NERR_Success;

out_free_pipe:
	tsmbc_free(p);
	return st;
}

/* ---- preloading ---------------------------------------------------------- */

/*
 * Samba loads its authentication modules (gensec: SPNEGO, NTLMSSP,
 * Kerberos, which is a module file) on the first session setup, in
 * gensec_init().  That function is exported by Samba's libgensec, a
 * private library, so it is looked up at run time like smbc_thread_posix;
 * it is idempotent and the first session setup then finds it done.  It
 * returns an NTSTATUS, a uint32_t or a struct holding one depending on
 * Samba's build; on these ABIs both come back in a register, so calling it
 * as a function returning uint32_t is sound whichever it is.  Elsewhere
 * the first session setup of each process loads them, as without
 * preloading.
 */
#if defined(__x86_64__) || defined(__aarch64__) || (defined(__riscv) && __riscv_xlen == 64)
#define TSMBC_PRELOAD_GENSEC 1
#endif

static void tsmbc_preload_gensec(void)
{
#ifdef TSMBC_PRELOAD_GENSEC
	void *sym = dlsym(RTLD_DEFAULT, "gensec_init");
	uint32_t (*init)(void);

	if (sym == NULL)
		return;
	memcpy(&init, &sym, sizeof(init));
	(void)init(); /* a failure is the first session setup's to report */
#endif
}

/*
 * Samba converts names between UTF-16LE and its "dos charset" (CP850
 * unless smb.conf says otherwise) with iconv, whose converter modules are
 * loaded on first use and unloaded when no descriptor uses them: one of
 * each direction, kept for the life of the process, keeps them loaded.
 */
static iconv_t tsmbc_iconv_keep[2] = {(iconv_t)-1, (iconv_t)-1};

static void tsmbc_preload_iconv(void)
{
	if (tsmbc_iconv_keep[0] == (iconv_t)-1)
		tsmbc_iconv_keep[0] = iconv_open("UTF-16LE", "CP850");
	if (tsmbc_iconv_keep[1] == (iconv_t)-1)
		tsmbc_iconv_keep[1] = iconv_open("CP850", "UTF-16LE");
}

/* A lookup of the local host loads the name service modules of the
 * "hosts" database (nsswitch.conf); files answer it, no network. */
static void tsmbc_preload_resolver(void)
{
	struct addrinfo hints, *res = NULL;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo("localhost", NULL, &hints, &res) == 0)
		freeaddrinfo(res);
}

netsess_status_t netsess_preload(void)
{
	netsess_status_t st;
	struct tsmbc_guard g;

	pthread_mutex_lock(&tsmbc_ctx_lock);
	if (!tsmbc_threads_set) {
		tsmbc_init_threads();
		tsmbc_threads_set = true;
	}
	tsmbc_enter(&g);
	st = tsmbc_hold_library();
	if (st == NERR_Success) {
		tsmbc_preload_gensec();
		tsmbc_preload_iconv();
	}
	tsmbc_leave(&g);
	pthread_mutex_unlock(&tsmbc_ctx_lock);
	tsmbc_preload_resolver();
	return st;
}
