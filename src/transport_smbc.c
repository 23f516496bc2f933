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
 *   - encryption "required" cannot be had: asked for it, libsmbclient 4.17
 *     still leaves the session unencrypted (smbstatus shows "-", where
 *     smbclient --client-protection=encrypt shows AES-128-GCM), and it has
 *     no way to tell whether a connection is encrypted.  A requirement that
 *     cannot be met or checked is refused: NETSESS_E_NOT_SUPPORTED.
 */
#include "transport.h"

#include "auth_file.h"

#include <libsmbclient.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <limits.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

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
	return p->add_cached_srv(c, srv, server, share, workgroup, username);
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

netsess_status_t ns_transport_smbc_open(const struct ns_transport_params *params, void *arg,
                                        struct ns_transport **out)
{
	struct tsmbc_guard g;
	struct smbc_pipe *p;
	netsess_status_t st;
	char url[320];
	int n, e;

	(void)arg;
	if (params == NULL || params->host == NULL || out == NULL || params->port == 0)
		return ERROR_INVALID_PARAMETER;
	*out = NULL;
	if (params->encryption == NETSESS_SMB_REQUIRED)
		return NETSESS_E_NOT_SUPPORTED;
	n = snprintf(url, sizeof(url), "smb://%s:%u/IPC$/srvsvc", params->host,
	             (unsigned)params->port);
	if (n < 0 || (size_t)n >= sizeof(url))
		return ERROR_INVALID_PARAMETER;
	st = tsmbc_resolve(params->host);
	if (st != NERR_Success)
		return st;
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
	tsmbc_enter(&g);
	errno = 0;
	p->fh = smbc_getFunctionOpen(p->sc)(p->sc, url, O_RDWR, 0);
	e = errno;
	tsmbc_leave(&g);
	if (p->fh == NULL) {
		st = tsmbc_open_errno(e, p->server_up);
		goto out_free_pipe;
	}
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
