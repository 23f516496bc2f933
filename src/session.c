/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session.c - NetSessionEnum, NetSessionGetInfo and NetSessionDel with the
 * semantics Windows documents, whatever the server ([MS-SRVS] 3.1.4.5
 * NetrSessionEnum, 3.1.4.6 NetrSessionDel).
 *
 * What Samba does differently, and how the answer is made the same:
 *   - it ignores the client and user filters: they are applied here too,
 *     and an empty filtered result gives NERR_ClientNameNotFound or
 *     NERR_UserNotFound as on Windows;
 *   - it serves levels 0 and 1 only: 2, 10 and 502 are answered from
 *     level 1 and level_served says so;
 *   - its NetrSessionDel answers ERROR_ACCESS_DENIED when nothing matched:
 *     an enumeration with the same filters tells that from a real refusal;
 *   - it ends every session when neither name is given: such a delete is
 *     refused here with ERROR_INVALID_PARAMETER before anything is sent;
 *   - deleting the session that carries our own pipe ends the connection
 *     before the reply is sent: the outcome is learnt by enumerating over
 *     a new connection (ses_del_check_gone).
 */
#include "netsess.h"

#include "context.h"
#include "srvsvc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* NULL or "" as the server name: the local computer. */
#define SES_LOCAL_HOST "127.0.0.1"
/* Cap on an encoded request stub (three strings of at most
 * NDR_MAX_STRING_UNITS units each fit easily). */
#define SES_REQUEST_LIMIT (64u * 1024u)

/* One request's names, normalised. */
struct ses_query {
	char *host;       /* server, no backslashes */
	char *server_unc; /* "\\host", the ServerName parameter */
	char *client;     /* client, no backslashes; NULL: not specified */
	char *client_unc; /* "\\client" or NULL */
	const char *user; /* NULL: not specified */
};

/* Entries gathered over the pages of one enumeration. */
struct ses_acc {
	struct netsess_session *items;
	size_t count;
	size_t cap;
};

/* Skips one leading "\\" ([MS-SRVS] UNC computer names). */
static const char *ses_skip_unc(const char *name)
{
	if (name != NULL && name[0] == '\\' && name[1] == '\\')
		return name + 2;
	return name;
}

/* A name as given, without "\\"; NULL when not specified (NULL or ""). */
static const char *ses_name(const char *name)
{
	name = ses_skip_unc(name);
	return name == NULL || *name == '\0' ? NULL : name;
}

/* A user name; NULL when not specified (NULL or ""). */
static const char *ses_user(const char *user)
{
	return user == NULL || *user == '\0' ? NULL : user;
}

/* A host name or IPv4/DNS address: what may follow smb:// unescaped. */
static bool ses_host_valid(const char *h)
{
	for (; *h != '\0'; h++) {
		unsigned char c = (unsigned char)*h;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '-' || c == '_'))
			return false;
	}
	return true;
}

static char *ses_unc(const char *name)
{
	size_t n = strlen(name);
	char *s = malloc(n + 3);

	if (s == NULL)
		return NULL;
	s[0] = '\\';
	s[1] = '\\';
	memcpy(s + 2, name, n + 1);
	return s;
}

static void ses_query_clear(struct ses_query *q)
{
	free(q->host);
	free(q->server_unc);
	free(q->client);
	free(q->client_unc);
	memset(q, 0, sizeof(*q));
}

static netsess_status_t ses_query_init(struct ses_query *q, const char *server, const char *client,
                                       const char *user)
{
	const char *host = ses_name(server);

	memset(q, 0, sizeof(*q));
	if (host == NULL)
		host = SES_LOCAL_HOST;
	if (!ses_host_valid(host))
		return NERR_InvalidComputer;
	q->user = ses_user(user);
	client = ses_name(client);
	q->host = strdup(host);
	q->server_unc = ses_unc(host);
	if (q->host == NULL || q->server_unc == NULL)
		goto out_nomem;
	if (client != NULL) {
		q->client = strdup(client);
		q->client_unc = ses_unc(client);
		if (q->client == NULL || q->client_unc == NULL)
			goto out_nomem;
	}
	return NERR_Success;

out_nomem:
	ses_query_clear(q);
	return ERROR_NOT_ENOUGH_MEMORY;
}

static void ses_acc_clear(struct ses_acc *acc)
{
	size_t i;

	for (i = 0; i < acc->count; i++)
		ns_srvsvc_session_clear(&acc->items[i]);
	free(acc->items);
	memset(acc, 0, sizeof(*acc));
}

/* Moves the entries of one page into acc; rep keeps empty shells. */
static netsess_status_t ses_acc_take(struct ses_acc *acc, struct ns_srvsvc_enum_rep *rep)
{
	size_t i;

	if (rep->count > SRVSVC_MAX_ENTRIES - acc->count)
		return NETSESS_E_PROTOCOL;
	if (rep->count > acc->cap - acc->count) {
		size_t cap = acc->cap != 0 ? acc->cap : 16;
		struct netsess_session *items;

		while (cap - acc->count < rep->count)
			cap *= 2;
		items = realloc(acc->items, cap * sizeof(*items));
		if (items == NULL)
			return ERROR_NOT_ENOUGH_MEMORY;
		acc->items = items;
		acc->cap = cap;
	}
	for (i = 0; i < rep->count; i++) {
		acc->items[acc->count++] = rep->entries[i];
		memset(&rep->entries[i], 0, sizeof(rep->entries[i]));
	}
	return NERR_Success;
}

/* One NetrSessionEnum request and its decoded reply.  *spent counts the
 * reply bytes of the whole enumeration against the context's budget. */
static netsess_status_t ses_enum_call(netsess_ctx *ctx, const struct ses_query *q,
                                      const struct ns_srvsvc_enum_req *req,
                                      struct ns_srvsvc_enum_rep *rep, size_t *spent)
{
	struct ns_ndr_push push;
	netsess_status_t st;
	uint8_t *reply = NULL;
	size_t len = 0;
	bool lost = false;

	ns_ndr_push_init(&push, SES_REQUEST_LIMIT);
	st = ns_srvsvc_session_enum_encode(req, &push);
	if (st != NERR_Success)
		goto out_free_push;
	st = ns_ctx_call(ctx, q->host, SRVSVC_OPNUM_SESSION_ENUM, push.data, push.size,
	                 NS_CALL_IDEMPOTENT, &reply, &len, &lost);
	if (st != NERR_Success)
		goto out_free_push;
	if (len > ns_ctx_enum_budget(ctx) - *spent) {
		st = NETSESS_E_PROTOCOL;
		free(reply);
		goto out_free_push;
	}
	*spent += len;
	st = ns_srvsvc_session_enum_decode(reply, len, req->level, rep);
	free(reply);
out_free_push:
	ns_ndr_push_free(&push);
	return st;
}

/*
 * Every page of one enumeration at one wire level: loop while the server
 * says ERROR_MORE_DATA, resuming where it left off ([MS-SRVS] 3.1.4.5).  A
 * non-zero resume handle alone means nothing (Samba always sets one).  A
 * server that never stops paging is cut off by the context's byte budget.
 * Returns the server's status when it is an error.
 */
static netsess_status_t ses_enum_pages(netsess_ctx *ctx, const struct ses_query *q, uint32_t level,
                                       struct ses_acc *acc)
{
	struct ns_srvsvc_enum_req req = {
	    .server = q->server_unc,
	    .client = q->client_unc,
	    .user = q->user,
	    .level = level,
	    .pref_max_len = ns_ctx_pref_max_len(ctx),
	    .resume_handle = 0,
	};
	size_t spent = 0;

	for (;;) {
		struct ns_srvsvc_enum_rep rep;
		netsess_status_t st;
		bool more;

		memset(&rep, 0, sizeof(rep));
		st = ses_enum_call(ctx, q, &req, &rep, &spent);
		if (st != NERR_Success)
			return st;
		st = rep.status;
		more = st == ERROR_MORE_DATA;
		if (st == NERR_Success || more)
			st = ses_acc_take(acc, &rep);
		if (st == NERR_Success && more && !rep.has_resume)
			st = NETSESS_E_PROTOCOL;
		if (st == NERR_Success && more && rep.count == 0) {
			/* Not even one entry fitted: ask for more room, up to
			 * MAX_PREFERRED_LENGTH, so the loop always advances. */
			if (req.pref_max_len == 0xFFFFFFFFu)
				st = NETSESS_E_PROTOCOL;
			else if (req.pref_max_len > 0x7FFFFFFFu)
				req.pref_max_len = 0xFFFFFFFFu;
			else
				req.pref_max_len *= 2;
		}
		req.resume_handle = rep.resume_handle;
		ns_srvsvc_enum_rep_clear(&rep);
		if (st != NERR_Success || !more)
			return st;
	}
}

static bool ses_needs_level1(uint32_t level)
{
	return level == 2 || level == 10 || level == 502;
}

/*
 * Fetches all sessions for level; *served is the level the entries carry.
 * Level 0 with a user filter is fetched at level 1, which has the user
 * names to filter on, and cut down to level 0 afterwards.
 */
static netsess_status_t ses_fetch(netsess_ctx *ctx, const struct ses_query *q, uint32_t level,
                                  struct ses_acc *acc, uint32_t *served)
{
	uint32_t wire = level;
	netsess_status_t st;

	if (level == 0 && q->user != NULL)
		wire = 1;
	if (ses_needs_level1(wire) && ns_ctx_host_lacks_levels(ctx, q->host))
		wire = 1;
	st = ses_enum_pages(ctx, q, wire, acc);
	if (st == ERROR_INVALID_LEVEL && ses_needs_level1(wire)) {
		ses_acc_clear(acc);
		ns_ctx_note_host_lacks_levels(ctx, q->host);
		wire = 1;
		st = ses_enum_pages(ctx, q, wire, acc);
	}
	if (st != NERR_Success) {
		ses_acc_clear(acc);
		return st;
	}
	*served = level == 0 ? 0 : wire;
	return NERR_Success;
}

/*
 * Session and idle times in seconds.  Samba computes them as now minus the
 * logon time, so a session opened within the current second can come back
 * as (uint32_t)-1; no real session is 68 years old, so a value with the top
 * bit set is read as 0.
 */
static uint32_t ses_seconds(uint32_t v)
{
	return v > INT32_MAX ? 0 : v;
}

/* Clears the fields that level does not carry; makes the times sane. */
static void ses_project(struct netsess_session *s, uint32_t level)
{
	if (!netsess_level_has_user(level)) {
		free(s->user);
		s->user = NULL;
	}
	if (!netsess_level_has_opens(level))
		s->opens = 0;
	if (!netsess_level_has_times(level)) {
		s->time = 0;
		s->idle_time = 0;
	}
	s->time = ses_seconds(s->time);
	s->idle_time = ses_seconds(s->idle_time);
	if (!netsess_level_has_flags(level))
		s->user_flags = 0;
	if (!netsess_level_has_client_type(level)) {
		free(s->client_type);
		s->client_type = NULL;
	}
	if (!netsess_level_has_transport(level)) {
		free(s->transport);
		s->transport = NULL;
	}
}

/* Client names carry no "\\" in a result. */
static void ses_strip_client(struct netsess_session *s)
{
	const char *c = ses_skip_unc(s->client);

	if (c != NULL && c != s->client)
		memmove(s->client, c, strlen(c) + 1);
}

/*
 * Normalises, filters (client and user, case-insensitively, as Windows
 * compares computer and account names) and cuts entries to served level;
 * drops the ones that do not match.
 */
static void ses_filter(struct ses_acc *acc, const struct ses_query *q, uint32_t served)
{
	size_t i, kept = 0;

	for (i = 0; i < acc->count; i++) {
		struct netsess_session *s = &acc->items[i];

		ses_strip_client(s);
		if ((q->client != NULL && !netsess_name_equal(s->client, q->client)) ||
		    (q->user != NULL && !netsess_name_equal(s->user, q->user))) {
			ns_srvsvc_session_clear(s);
			continue;
		}
		ses_project(s, served);
		acc->items[kept++] = *s;
	}
	acc->count = kept;
}

/* The whole NetSessionEnum after the arguments were checked. */
static netsess_status_t ses_enum(netsess_ctx *ctx, const struct ses_query *q, uint32_t level,
                                 struct netsess_session_list **out)
{
	struct netsess_session_list *list;
	struct ses_acc acc = {NULL, 0, 0};
	uint32_t served = level;
	netsess_status_t st;

	st = ses_fetch(ctx, q, level, &acc, &served);
	if (st != NERR_Success)
		return st;
	ses_filter(&acc, q, served);
	if (acc.count == 0 && (q->client != NULL || q->user != NULL)) {
		ses_acc_clear(&acc);
		return q->client != NULL ? NERR_ClientNameNotFound : NERR_UserNotFound;
	}
	list = calloc(1, sizeof(*list));
	if (list == NULL) {
		ses_acc_clear(&acc);
		return ERROR_NOT_ENOUGH_MEMORY;
	}
	list->level_requested = level;
	list->level_served = served;
	list->count = acc.count;
	list->total = (uint32_t)acc.count;
	list->items = acc.items;
	*out = list;
	return NERR_Success;
}

void netsess_session_list_free(struct netsess_session_list *list)
{
	size_t i;

	if (list == NULL)
		return;
	for (i = 0; i < list->count; i++)
		ns_srvsvc_session_clear(&list->items[i]);
	free(list->items);
	free(list);
}

netsess_status_t netsess_session_enum(netsess_ctx *ctx, const char *servername,
                                      const char *unc_client_name, const char *username,
                                      uint32_t level, struct netsess_session_list **out)
{
	struct ses_query q;
	netsess_status_t st;

	if (out != NULL)
		*out = NULL;
	if (ctx == NULL || out == NULL)
		return ERROR_INVALID_PARAMETER;
	ns_ctx_begin(ctx);
	if (!netsess_level_valid(level))
		return ERROR_INVALID_LEVEL;
	st = ses_query_init(&q, servername, unc_client_name, username);
	if (st != NERR_Success)
		return st;
	st = ses_enum(ctx, &q, level, out);
	ses_query_clear(&q);
	return st;
}

netsess_status_t netsess_session_get_info(netsess_ctx *ctx, const char *servername,
                                          const char *unc_client_name, const char *username,
                                          uint32_t level, struct netsess_session_list **out)
{
	if (out != NULL)
		*out = NULL;
	if (ses_name(unc_client_name) == NULL || ses_user(username) == NULL)
		return ERROR_INVALID_PARAMETER;
	return netsess_session_enum(ctx, servername, unc_client_name, username, level, out);
}

/* One NetrSessionDel; *result is the server's NET_API_STATUS. */
static netsess_status_t ses_del_call(netsess_ctx *ctx, const struct ses_query *q,
                                     netsess_status_t *result, bool *lost)
{
	struct ns_ndr_push push;
	netsess_status_t st;
	uint8_t *reply = NULL;
	size_t len = 0;

	ns_ndr_push_init(&push, SES_REQUEST_LIMIT);
	st = ns_srvsvc_session_del_encode(q->server_unc, q->client_unc, q->user, &push);
	if (st != NERR_Success)
		goto out_free_push;
	st = ns_ctx_call(ctx, q->host, SRVSVC_OPNUM_SESSION_DEL, push.data, push.size,
	                 NS_CALL_AT_MOST_ONCE, &reply, &len, lost);
	if (st != NERR_Success)
		goto out_free_push;
	st = ns_srvsvc_session_del_decode(reply, len, result);
	free(reply);
out_free_push:
	ns_ndr_push_free(&push);
	return st;
}

/* How often, and how far apart, a lost delete looks again at sessions
 * that Samba is still ending (it stops their smbd asynchronously). */
#define SES_SETTLE_ROUNDS 5
#define SES_SETTLE_FIRST_MS 50
/* The longest pause between two looks while waiting for del_settle_ms. */
#define SES_SETTLE_MAX_PAUSE_MS 400

static void ses_pause_ms(unsigned ms)
{
	struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/*
 * Whether the sessions matching q are gone, as far as the server lists
 * them.  Our own connection (the one this enumeration runs on) is a
 * session of our account and matches q whenever a target of the delete
 * did, so a list holding exactly one session of our account counts as
 * gone.  Without an account name of our own (an anonymous logon), one
 * remaining session is taken for our connection.
 *   NERR_Success           gone (*gone true) or still listed (*gone false)
 *   NETSESS_E_TRANSPORT    nothing matched, not even our connection
 *                          (*gone true): gone, but a lost delete cannot
 *                          have ended our connection (see below)
 *   other                  the enumeration failed
 */
static netsess_status_t ses_matches_gone(netsess_ctx *ctx, const struct ses_query *q, bool *gone)
{
	const char *self = ns_ctx_account(ctx);
	struct netsess_session_list *list = NULL;
	netsess_status_t st;

	*gone = false;
	st = ses_enum(ctx, q, 1, &list);
	if (st == NERR_ClientNameNotFound || st == NERR_UserNotFound) {
		*gone = true;
		return NETSESS_E_TRANSPORT;
	}
	if (st != NERR_Success)
		return st;
	*gone = list->count == 1 && (self == NULL || netsess_name_equal(list->items[0].user, self));
	netsess_session_list_free(list);
	return NERR_Success;
}

/*
 * The reply to a delete never came.  A delete that ends the session
 * carrying our own pipe does that (Samba stops that smbd before the reply
 * is sent).  The sessions matching q are listed over a new connection:
 *   - only that new connection: our own connection was among the targets,
 *     the delete was carried out and every other match is gone: success;
 *   - nothing at all: our connection did not match, so the delete did not
 *     end it; what became of the delete is unknown: NETSESS_E_TRANSPORT;
 *   - other sessions too: looked at again a few times while Samba ends
 *     them, then NETSESS_E_TRANSPORT.
 */
static netsess_status_t ses_del_check_gone(netsess_ctx *ctx, const struct ses_query *q)
{
	unsigned pause = SES_SETTLE_FIRST_MS;
	int round;

	for (round = 1;; round++) {
		netsess_status_t st;
		bool gone;

		st = ses_matches_gone(ctx, q, &gone);
		if (st != NERR_Success)
			return st;
		if (gone)
			return NERR_Success;
		if (round == SES_SETTLE_ROUNDS)
			return NETSESS_E_TRANSPORT;
		ses_pause_ms(pause);
		pause *= 2;
	}
}

/*
 * NetrSessionDel returns before Samba has torn the sessions down (it tells
 * each session's smbd to exit and answers at once), so an enumeration made
 * right after can still list them.  With del_settle_ms set, a successful
 * delete waits, with growing pauses, until the matching sessions are gone
 * or the bound has passed.  Whatever the enumerations say, the delete's
 * own status stands: the wait only decides when the caller hears it.
 */
static void ses_del_settle(netsess_ctx *ctx, const struct ses_query *q)
{
	unsigned bound = ns_ctx_del_settle_ms(ctx);
	uint64_t deadline = netsess_monotonic_ms() + bound;
	unsigned pause = SES_SETTLE_FIRST_MS / 2;

	if (bound == 0)
		return;
	for (;;) {
		uint64_t now;
		bool gone;

		if (ses_matches_gone(ctx, q, &gone) != NERR_Success || gone)
			return;
		now = netsess_monotonic_ms();
		if (now >= deadline)
			return;
		if (pause > deadline - now)
			pause = (unsigned)(deadline - now);
		ses_pause_ms(pause);
		pause = pause * 2 > SES_SETTLE_MAX_PAUSE_MS ? SES_SETTLE_MAX_PAUSE_MS : pause * 2;
	}
}

/* Samba's ERROR_ACCESS_DENIED for "nothing matched" vs a real refusal. */
static netsess_status_t ses_del_denied(netsess_ctx *ctx, const struct ses_query *q)
{
	struct netsess_session_list *list = NULL;
	netsess_status_t st;

	st = ses_enum(ctx, q, 1, &list);
	netsess_session_list_free(list);
	if (st == NERR_ClientNameNotFound || st == NERR_UserNotFound)
		return NERR_ClientNameNotFound;
	return ERROR_ACCESS_DENIED;
}

netsess_status_t netsess_session_del(netsess_ctx *ctx, const char *servername,
                                     const char *unc_client_name, const char *username)
{
	netsess_status_t st, result = NERR_Success;
	struct ses_query q;
	bool lost = false;

	if (ctx == NULL)
		return ERROR_INVALID_PARAMETER;
	ns_ctx_begin(ctx);
	/* Both unspecified would end every session on Samba: never sent. */
	if (ses_name(unc_client_name) == NULL && ses_user(username) == NULL)
		return ERROR_INVALID_PARAMETER;
	st = ses_query_init(&q, servername, unc_client_name, username);
	if (st != NERR_Success)
		return st;
	st = ses_del_call(ctx, &q, &result, &lost);
	if (st == NETSESS_E_TRANSPORT && lost)
		st = ses_del_check_gone(ctx, &q);
	else if (st == NERR_Success && result == ERROR_ACCESS_DENIED)
		st = ses_del_denied(ctx, &q);
	else if (st == NERR_Success && result == NERR_UserNotFound)
		st = NERR_ClientNameNotFound;
	else if (st == NERR_Success)
		st = result;
	if (st == NERR_Success)
		ses_del_settle(ctx, &q);
	ses_query_clear(&q);
	return st;
}
