/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * context.c - netsess_ctx: options, the open pipe and the one-reconnect
 * rule.
 *
 * The pipe stays open across calls.  A broken connection is reopened and
 * rebound once per call; a request that may have reached the server is
 * only resent when it is idempotent (NetrSessionEnum), never for
 * NetrSessionDel, whose outcome session.c learns from an enumeration.
 */
#include "context.h"

#include "auth_file.h"
#include "dcerpc.h"
#include "krb5_creds.h"
#include "rpc.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CTX_DEFAULT_PORT 445u
#define CTX_DEFAULT_TIMEOUT_MS 10000u
#define CTX_MAX_PREFERRED_LENGTH 0xFFFFFFFFu /* [MS-SRVS] 2.2.2.2 */

struct netsess_ctx {
	char *username;
	char *password;
	char *domain;
	char *account; /* username without a domain part */
	bool kerberos;
	enum netsess_smb_policy signing;
	enum netsess_smb_policy encryption;
	uint16_t port;
	unsigned timeout_ms;
	uint32_t pref_max_len;
	uint16_t max_frag;
	unsigned del_settle_ms;
	size_t enum_budget; /* NS_ENUM_MAX_BYTES unless a test lowers it */

	struct ns_krb5 *krb5; /* tickets from the keytab, or NULL */
	char detail[256];     /* explanation of the last failure, "" none */

	ns_transport_open_fn open_fn;
	void *open_arg;

	struct ns_transport *t;  /* open pipe, or NULL */
	char *host;              /* the host t is connected to */
	struct ns_rpc rpc;       /* association bound on t */
	uint32_t fault;          /* fault status of the last call */
	char *lacks_levels_host; /* host that serves only levels 0 and 1 */
};

/* Copies s (NULL stays NULL) into *dst; false when out of memory. */
static bool ctx_strdup(char **dst, const char *s)
{
	*dst = NULL;
	if (s == NULL)
		return true;
	*dst = strdup(s);
	return *dst != NULL;
}

/* "DOMAIN\user", "DOMAIN/user" and "user@REALM" name the account "user". */
static char *ctx_account_of(const char *username)
{
	const char *s = username, *sep;
	size_t n;

	sep = strpbrk(s, "\\/");
	if (sep != NULL)
		s = sep + 1;
	n = strcspn(s, "@");
	return strndup(s, n);
}

/*
 * The name to log on with when Kerberos is asked for without one: the
 * calling user's login name, the principal kinit assumes.  libsmbclient
 * would otherwise take the empty name for an anonymous logon and never
 * try Kerberos at all.
 */
static netsess_status_t ctx_login_name(char **out)
{
	struct passwd pw, *found = NULL;
	char buf[4096];

	*out = NULL;
	if (getpwuid_r(getuid(), &pw, buf, sizeof(buf), &found) != 0 || found == NULL)
		return ERROR_INVALID_PARAMETER;
	*out = strdup(pw.pw_name);
	return *out != NULL ? NERR_Success : ERROR_NOT_ENOUGH_MEMORY;
}

static bool ctx_policy_valid(enum netsess_smb_policy p)
{
	return p == NETSESS_SMB_OFF || p == NETSESS_SMB_IF_REQUIRED || p == NETSESS_SMB_REQUIRED;
}

/* Copies the options; credentials missing from them come from the file. */
static netsess_status_t ctx_copy_options(netsess_ctx *ctx, const struct netsess_options *o)
{
	struct ns_auth a = {NULL, NULL, NULL};
	netsess_status_t st;

	if (!ctx_policy_valid(o->signing) || !ctx_policy_valid(o->encryption))
		return ERROR_INVALID_PARAMETER;
	if (o->max_frag != 0 && o->max_frag < DCERPC_MIN_FRAG)
		return ERROR_INVALID_PARAMETER;
	if (o->auth_file != NULL) {
		st = ns_auth_file_read(o->auth_file, &a);
		if (st != NERR_Success)
			return st;
	}
	st = ERROR_NOT_ENOUGH_MEMORY;
	if (!ctx_strdup(&ctx->username, o->username != NULL ? o->username : a.username) ||
	    !ctx_strdup(&ctx->password, o->password != NULL ? o->password : a.password) ||
	    !ctx_strdup(&ctx->domain, o->domain != NULL ? o->domain : a.domain))
		goto out_clear_auth;
	ctx->kerberos = o->kerberos;
	if (o->keytab != NULL) {
		/* The keytab is the secret: a password beside it is a mistake. */
		st = ERROR_INVALID_PARAMETER;
		if (ctx->password != NULL && ctx->password[0] != '\0')
			goto out_clear_auth;
		st = ns_krb5_new(ctx->username, o->keytab, &ctx->krb5);
		if (st != NERR_Success)
			goto out_clear_auth;
		ctx->kerberos = true;
	}
	if (ctx->kerberos && (ctx->username == NULL || ctx->username[0] == '\0')) {
		free(ctx->username);
		st = ctx_login_name(&ctx->username);
		if (st != NERR_Success)
			goto out_clear_auth;
	}
	ctx->signing = o->signing;
	ctx->encryption = o->encryption;
	if (o->port != 0)
		ctx->port = o->port;
	if (o->timeout_ms != 0)
		ctx->timeout_ms = o->timeout_ms;
	if (o->pref_max_len != 0)
		ctx->pref_max_len = o->pref_max_len;
	if (o->max_frag != 0)
		ctx->max_frag = o->max_frag;
	ctx->del_settle_ms = o->del_settle_ms;
	st = NERR_Success;
out_clear_auth:
	ns_auth_clear(&a);
	return st;
}

netsess_status_t netsess_ctx_new(const struct netsess_options *opts, netsess_ctx **out)
{
	netsess_ctx *ctx;
	netsess_status_t st;

	if (out == NULL)
		return ERROR_INVALID_PARAMETER;
	*out = NULL;
	ctx = calloc(1, sizeof(*ctx));
	if (ctx == NULL)
		return ERROR_NOT_ENOUGH_MEMORY;
	ctx->signing = NETSESS_SMB_IF_REQUIRED;
	ctx->encryption = NETSESS_SMB_OFF;
	ctx->port = CTX_DEFAULT_PORT;
	ctx->timeout_ms = CTX_DEFAULT_TIMEOUT_MS;
	ctx->pref_max_len = CTX_MAX_PREFERRED_LENGTH;
	ctx->max_frag = DCERPC_DEFAULT_FRAG;
	ctx->enum_budget = NS_ENUM_MAX_BYTES;
	ctx->open_fn = ns_transport_smbc_open;
	ns_rpc_init(&ctx->rpc);
	if (opts != NULL) {
		st = ctx_copy_options(ctx, opts);
		if (st != NERR_Success)
			goto out_free_ctx;
	}
	if (ctx->username != NULL) {
		ctx->account = ctx_account_of(ctx->username);
		if (ctx->account == NULL) {
			st = ERROR_NOT_ENOUGH_MEMORY;
			goto out_free_ctx;
		}
	}
	*out = ctx;
	return NERR_Success;

out_free_ctx:
	netsess_ctx_free(ctx);
	return st;
}

/* Closes the pipe and forgets the association; the options stay. */
static void ctx_close(netsess_ctx *ctx)
{
	ns_rpc_clear(&ctx->rpc);
	if (ctx->t != NULL)
		ctx->t->ops->close(ctx->t);
	ctx->t = NULL;
	free(ctx->host);
	ctx->host = NULL;
}

void netsess_ctx_free(netsess_ctx *ctx)
{
	if (ctx == NULL)
		return;
	ctx_close(ctx);
	free(ctx->username);
	ns_secret_free(ctx->password);
	free(ctx->domain);
	free(ctx->account);
	free(ctx->lacks_levels_host);
	ns_krb5_free(ctx->krb5);
	free(ctx);
}

/* The transport takes the timeout when it connects: reconnect to apply. */
void netsess_ctx_set_timeout(netsess_ctx *ctx, unsigned timeout_ms)
{
	if (ctx == NULL || timeout_ms == 0 || timeout_ms == ctx->timeout_ms)
		return;
	ctx->timeout_ms = timeout_ms;
	ctx_close(ctx);
}

void netsess_ctx_set_del_settle(netsess_ctx *ctx, unsigned del_settle_ms)
{
	if (ctx != NULL)
		ctx->del_settle_ms = del_settle_ms;
}

uint32_t netsess_ctx_fault(const netsess_ctx *ctx)
{
	return ctx != NULL ? ctx->fault : 0;
}

void netsess_ctx_disconnect(netsess_ctx *ctx)
{
	if (ctx != NULL)
		ctx_close(ctx);
}

void ns_ctx_set_transport(netsess_ctx *ctx, ns_transport_open_fn fn, void *arg)
{
	ctx_close(ctx);
	ctx->open_fn = fn != NULL ? fn : ns_transport_smbc_open;
	ctx->open_arg = arg;
}

void ns_ctx_begin(netsess_ctx *ctx)
{
	ctx->fault = 0;
	ctx->detail[0] = '\0';
}

unsigned netsess_ctx_tickets(const netsess_ctx *ctx)
{
	return ctx != NULL && ctx->krb5 != NULL ? ns_krb5_count(ctx->krb5) : 0;
}

int64_t netsess_ctx_ticket_end(const netsess_ctx *ctx)
{
	return ctx != NULL && ctx->krb5 != NULL ? (int64_t)ns_krb5_endtime(ctx->krb5) : 0;
}

const char *netsess_ctx_detail(const netsess_ctx *ctx)
{
	return ctx != NULL && ctx->detail[0] != '\0' ? ctx->detail : NULL;
}

uint32_t ns_ctx_pref_max_len(const netsess_ctx *ctx)
{
	return ctx->pref_max_len;
}

size_t ns_ctx_enum_budget(const netsess_ctx *ctx)
{
	return ctx->enum_budget;
}

void ns_ctx_set_enum_budget(netsess_ctx *ctx, size_t bytes)
{
	ctx->enum_budget = bytes;
}

const char *ns_ctx_account(const netsess_ctx *ctx)
{
	return ctx->account;
}

unsigned ns_ctx_del_settle_ms(const netsess_ctx *ctx)
{
	return ctx->del_settle_ms;
}

bool ns_ctx_host_lacks_levels(const netsess_ctx *ctx, const char *host)
{
	return ctx->lacks_levels_host != NULL && strcmp(ctx->lacks_levels_host, host) == 0;
}

void ns_ctx_note_host_lacks_levels(netsess_ctx *ctx, const char *host)
{
	char *copy = strdup(host);

	/* Out of memory only costs a second request next time. */
	if (copy == NULL)
		return;
	free(ctx->lacks_levels_host);
	ctx->lacks_levels_host = copy;
}

/* Opens \PIPE\srvsvc on host and binds to srvsvc. */
static netsess_status_t ctx_connect(netsess_ctx *ctx, const char *host)
{
	struct ns_transport_params p = {
	    .host = host,
	    .port = ctx->port,
	    .username = ctx->username,
	    .password = ctx->password,
	    .domain = ctx->domain,
	    .kerberos = ctx->kerberos,
	    .ccache = ctx->krb5 != NULL ? ns_krb5_ccache(ctx->krb5) : NULL,
	    .signing = ctx->signing,
	    .encryption = ctx->encryption,
	    .timeout_ms = ctx->timeout_ms,
	    .detail = ctx->detail,
	    .detail_len = sizeof(ctx->detail),
	};
	struct ns_transport *t = NULL;
	netsess_status_t st;

	ctx_close(ctx);
	ctx->host = strdup(host);
	if (ctx->host == NULL)
		return ERROR_NOT_ENOUGH_MEMORY;
	st = ctx->open_fn(&p, ctx->open_arg, &t);
	if (st != NERR_Success)
		goto out_close;
	ctx->t = t;
	ns_rpc_set_timeout(&ctx->rpc, ctx->timeout_ms, NULL);
	st = ns_rpc_bind(&ctx->rpc, t, ctx->max_frag);
	if (st != NERR_Success)
		goto out_close;
	if (ctx->lacks_levels_host != NULL && strcmp(ctx->lacks_levels_host, host) != 0) {
		free(ctx->lacks_levels_host);
		ctx->lacks_levels_host = NULL;
	}
	return NERR_Success;

out_close:
	ctx_close(ctx);
	return st;
}

/*
 * With a keytab: gets a ticket when the context has none or its ticket is
 * near its end (force: at once, after a Kerberos failure).  A new ticket
 * closes the open pipe, so that no connection outlives the ticket it was
 * made with (the server ends the session when that ticket expires).
 */
static netsess_status_t ctx_ticket(netsess_ctx *ctx, bool force)
{
	netsess_status_t st;
	bool acquired;

	if (ctx->krb5 == NULL)
		return NERR_Success;
	st = ns_krb5_ensure(ctx->krb5, time(NULL), force, &acquired, ctx->detail,
	                    sizeof(ctx->detail));
	if (st == NERR_Success && acquired)
		ctx_close(ctx);
	return st;
}

/* ctx_connect, once more with a new ticket when a keytab context's logon
 * failed: the cached ticket may have been refused (expired, revoked, a
 * key changed on the server) before its time. */
static netsess_status_t ctx_connect_ticket(netsess_ctx *ctx, const char *host)
{
	netsess_status_t st = ctx_connect(ctx, host);

	if (st != NETSESS_E_LOGON_FAILURE || ctx->krb5 == NULL)
		return st;
	st = ctx_ticket(ctx, true);
	if (st != NERR_Success)
		return st;
	ctx->detail[0] = '\0';
	return ctx_connect(ctx, host);
}

netsess_status_t ns_ctx_call(netsess_ctx *ctx, const char *host, uint16_t opnum,
                             const uint8_t *stub, size_t len, enum ns_call_retry retry,
                             uint8_t **reply, size_t *reply_len, bool *reply_lost)
{
	netsess_status_t st;
	bool reused;

	*reply = NULL;
	*reply_len = 0;
	*reply_lost = false;
	st = ctx_ticket(ctx, false);
	if (st != NERR_Success)
		return st;
	reused = ctx->t != NULL && strcmp(ctx->host, host) == 0;
	for (;;) {
		bool sent = false;

		if (!reused) {
			st = ctx_connect_ticket(ctx, host);
			if (st != NERR_Success)
				return st;
		}
		st = ns_rpc_call(&ctx->rpc, opnum, stub, len, reply, reply_len, &sent);
		if (st == NERR_Success)
			return st;
		if (st == NETSESS_E_RPC_FAULT) {
			/* A fault is a whole PDU: the pipe is still in step. */
			ctx->fault = ctx->rpc.fault;
			return st;
		}
		/* Anything else may leave unread bytes behind: start afresh. */
		ctx_close(ctx);
		if (st != NETSESS_E_TRANSPORT)
			return st;
		if (sent && retry == NS_CALL_AT_MOST_ONCE) {
			*reply_lost = true;
			return st;
		}
		/* Only a pipe opened by an earlier call may have gone stale;
		 * after one reconnect the error stands. */
		if (!reused)
			return st;
		reused = false;
	}
}
