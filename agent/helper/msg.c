/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * msg.c - encoders and decoders of the netsessd / netsessd-rpc messages
 * (msg.h has the format).  Pure: no I/O, no global state.
 *
 * An encoder runs its body function twice: once to measure the frame and
 * check every cap, once to write it into a buffer of exactly that size.
 * A decoder walks a cursor whose every read checks the remaining octets
 * first, in a form that cannot overflow (n > len - off).
 */
#include "msg.h"

#include <stdlib.h>
#include <string.h>

/* The fewest octets one encoded session takes: four string lengths and
 * four integers. */
#define RM_SESSION_MIN 32u

/* ---- writing ---------------------------------------------------------- */

struct rm_put {
	uint8_t *buf; /* NULL while measuring */
	size_t len;   /* octets written (or measured), header included */
	bool bad;     /* a value does not fit: ERROR_INVALID_PARAMETER */
};

/* Room for n more octets within the frame cap. */
static bool rm_room(struct rm_put *w, size_t n)
{
	if (w->bad || n > (size_t)NSD_MSG_HEADER + NSD_MSG_FRAME_MAX - w->len) {
		w->bad = true;
		return false;
	}
	return true;
}

static void rm_put_bytes(struct rm_put *w, const void *src, size_t n)
{
	if (!rm_room(w, n))
		return;
	if (w->buf && n > 0)
		memcpy(w->buf + w->len, src, n);
	w->len += n;
}

static void rm_store_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void rm_put_u8(struct rm_put *w, uint8_t v)
{
	rm_put_bytes(w, &v, 1);
}

static void rm_put_u16(struct rm_put *w, uint16_t v)
{
	uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};

	rm_put_bytes(w, b, sizeof(b));
}

static void rm_put_u32(struct rm_put *w, uint32_t v)
{
	uint8_t b[4];

	rm_store_u32(b, v);
	rm_put_bytes(w, b, sizeof(b));
}

static void rm_put_u64(struct rm_put *w, uint64_t v)
{
	rm_put_u32(w, (uint32_t)v);
	rm_put_u32(w, (uint32_t)(v >> 32));
}

static void rm_put_str(struct rm_put *w, const char *s)
{
	size_t n;

	if (!s) {
		rm_put_u32(w, NSD_MSG_NULL);
		return;
	}
	n = strlen(s);
	if (n > NSD_MSG_STR_MAX) {
		w->bad = true;
		return;
	}
	rm_put_u32(w, (uint32_t)n);
	rm_put_bytes(w, s, n);
}

static void rm_put_policy(struct rm_put *w, enum netsess_smb_policy p)
{
	if (p != NETSESS_SMB_OFF && p != NETSESS_SMB_IF_REQUIRED && p != NETSESS_SMB_REQUIRED) {
		w->bad = true;
		return;
	}
	rm_put_u8(w, (uint8_t)p);
}

typedef void (*rm_body_fn)(struct rm_put *w, const void *arg);

/* Measures, allocates and writes one frame. */
static netsess_status_t rm_encode(rm_body_fn body, const void *arg, struct nsd_msg_frame *out)
{
	struct rm_put w = {NULL, NSD_MSG_HEADER, false};
	size_t size;

	out->data = NULL;
	out->len = 0;
	body(&w, arg);
	if (w.bad)
		return ERROR_INVALID_PARAMETER;
	size = w.len;
	w.buf = malloc(size);
	if (!w.buf)
		return ERROR_NOT_ENOUGH_MEMORY;
	w.len = NSD_MSG_HEADER;
	body(&w, arg);
	rm_store_u32(w.buf, (uint32_t)(size - NSD_MSG_HEADER));
	out->data = w.buf;
	out->len = size;
	return NERR_Success;
}

void nsd_msg_frame_free(struct nsd_msg_frame *f)
{
	if (!f)
		return;
	free(f->data);
	f->data = NULL;
	f->len = 0;
}

/* ---- requests --------------------------------------------------------- */

struct rm_open {
	uint32_t id;
	const struct nsd_msg_open *o;
};

static void rm_body_open(struct rm_put *w, const void *arg)
{
	const struct rm_open *a = arg;
	const struct nsd_msg_open *o = a->o;

	rm_put_u8(w, NSD_MSG_OPEN);
	rm_put_u32(w, a->id);
	rm_put_u32(w, NSD_MSG_VERSION);
	rm_put_str(w, o->username);
	rm_put_str(w, o->domain);
	rm_put_str(w, o->password_file);
	rm_put_str(w, o->auth_file);
	rm_put_str(w, o->keytab);
	rm_put_u8(w, o->kerberos ? 1 : 0);
	rm_put_policy(w, o->signing);
	rm_put_policy(w, o->encryption);
	rm_put_u16(w, o->port);
	rm_put_u32(w, o->timeout_ms);
	rm_put_u32(w, o->pref_max_len);
	rm_put_u16(w, o->max_frag);
	rm_put_str(w, o->tmpdir);
}

netsess_status_t nsd_msg_encode_open(uint32_t id, const struct nsd_msg_open *open,
                                     struct nsd_msg_frame *out)
{
	const struct rm_open a = {id, open};

	if (!open) {
		out->data = NULL;
		out->len = 0;
		return ERROR_INVALID_PARAMETER;
	}
	return rm_encode(rm_body_open, &a, out);
}

/* The names of an ENUM or DEL request. */
struct rm_call {
	enum nsd_msg_kind kind;
	uint32_t id;
	const char *server;
	const char *client;
	const char *user;
	uint32_t value; /* ENUM: level; DEL: settle_ms */
};

static void rm_body_call(struct rm_put *w, const void *arg)
{
	const struct rm_call *c = arg;

	rm_put_u8(w, (uint8_t)c->kind);
	rm_put_u32(w, c->id);
	rm_put_str(w, c->server);
	rm_put_str(w, c->client);
	rm_put_str(w, c->user);
	rm_put_u32(w, c->value);
}

netsess_status_t nsd_msg_encode_enum(uint32_t id, const char *server, const char *client,
                                     const char *user, uint32_t level, struct nsd_msg_frame *out)
{
	const struct rm_call c = {NSD_MSG_ENUM, id, server, client, user, level};

	return rm_encode(rm_body_call, &c, out);
}

netsess_status_t nsd_msg_encode_del(uint32_t id, const char *server, const char *client,
                                    const char *user, uint32_t settle_ms, struct nsd_msg_frame *out)
{
	const struct rm_call c = {NSD_MSG_DEL, id, server, client, user, settle_ms};

	return rm_encode(rm_body_call, &c, out);
}

/* ---- replies ---------------------------------------------------------- */

struct rm_reply {
	enum nsd_msg_kind kind;
	uint32_t id;
	netsess_status_t status;
	const struct netsess_session_list *list;
	const struct nsd_msg_context *ctx; /* NULL: nothing to tell */
};

static void rm_put_context(struct rm_put *w, const struct nsd_msg_context *c)
{
	static const struct nsd_msg_context none = {0, 0, NULL};

	if (!c)
		c = &none;
	if (c->ticket_end < 0 || (c->detail && strlen(c->detail) > NSD_MSG_DETAIL_MAX)) {
		w->bad = true;
		return;
	}
	rm_put_u32(w, c->tickets);
	rm_put_u64(w, (uint64_t)c->ticket_end);
	rm_put_str(w, c->detail);
}

static void rm_put_session(struct rm_put *w, const struct netsess_session *s)
{
	rm_put_str(w, s->client);
	rm_put_str(w, s->user);
	rm_put_u32(w, s->opens);
	rm_put_u32(w, s->time);
	rm_put_u32(w, s->idle_time);
	rm_put_u32(w, s->user_flags);
	rm_put_str(w, s->client_type);
	rm_put_str(w, s->transport);
}

static void rm_body_reply(struct rm_put *w, const void *arg)
{
	const struct rm_reply *r = arg;
	const struct netsess_session_list *l = r->list;
	size_t i;

	rm_put_u8(w, (uint8_t)r->kind);
	rm_put_u32(w, r->id);
	rm_put_u32(w, r->status);
	if (r->kind == NSD_MSG_OPEN) {
		rm_put_u32(w, NSD_MSG_VERSION);
		return;
	}
	rm_put_context(w, r->ctx);
	if (r->kind != NSD_MSG_ENUM || r->status != NERR_Success)
		return;
	if (!l || l->count > NSD_MSG_SESSIONS_MAX || (l->count > 0 && !l->items)) {
		w->bad = true;
		return;
	}
	rm_put_u32(w, l->level_requested);
	rm_put_u32(w, l->level_served);
	rm_put_u32(w, l->total);
	rm_put_u32(w, (uint32_t)l->count);
	for (i = 0; i < l->count && !w->bad; i++)
		rm_put_session(w, &l->items[i]);
}

netsess_status_t nsd_msg_encode_open_reply(uint32_t id, netsess_status_t status,
                                           struct nsd_msg_frame *out)
{
	const struct rm_reply r = {NSD_MSG_OPEN, id, status, NULL, NULL};

	return rm_encode(rm_body_reply, &r, out);
}

netsess_status_t nsd_msg_encode_enum_reply(uint32_t id, netsess_status_t status,
                                           const struct netsess_session_list *list,
                                           const struct nsd_msg_context *ctx,
                                           struct nsd_msg_frame *out)
{
	const struct rm_reply r = {NSD_MSG_ENUM, id, status, list, ctx};

	return rm_encode(rm_body_reply, &r, out);
}

netsess_status_t nsd_msg_encode_del_reply(uint32_t id, netsess_status_t status,
                                          const struct nsd_msg_context *ctx,
                                          struct nsd_msg_frame *out)
{
	const struct rm_reply r = {NSD_MSG_DEL, id, status, NULL, ctx};

	return rm_encode(rm_body_reply, &r, out);
}

/* ---- reading ---------------------------------------------------------- */

struct rm_get {
	const uint8_t *p;
	size_t len;
	size_t off;
	bool bad;   /* malformed: NETSESS_E_PROTOCOL */
	bool nomem; /* ERROR_NOT_ENOUGH_MEMORY */
};

static const uint8_t *rm_take(struct rm_get *r, size_t n)
{
	const uint8_t *at;

	if (r->bad || r->nomem)
		return NULL;
	if (n > r->len - r->off) {
		r->bad = true;
		return NULL;
	}
	at = r->p + r->off;
	r->off += n;
	return at;
}

static uint32_t rm_load_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint8_t rm_get_u8(struct rm_get *r)
{
	const uint8_t *p = rm_take(r, 1);

	return p ? p[0] : 0;
}

static uint16_t rm_get_u16(struct rm_get *r)
{
	const uint8_t *p = rm_take(r, 2);

	return p ? (uint16_t)(p[0] | p[1] << 8) : 0;
}

static uint32_t rm_get_u32(struct rm_get *r)
{
	const uint8_t *p = rm_take(r, 4);

	return p ? rm_load_u32(p) : 0;
}

static uint64_t rm_get_u64(struct rm_get *r)
{
	uint64_t lo = rm_get_u32(r);

	return lo | (uint64_t)rm_get_u32(r) << 32;
}

/* A string of at most max octets, NULL when absent (or on error: check
 * r->bad / r->nomem). */
static char *rm_get_str_max(struct rm_get *r, uint32_t max)
{
	uint32_t n = rm_get_u32(r);
	const uint8_t *p;
	char *s;

	if (r->bad || r->nomem || n == NSD_MSG_NULL)
		return NULL;
	if (n > max) {
		r->bad = true;
		return NULL;
	}
	p = rm_take(r, n);
	if (!p)
		return NULL;
	if (memchr(p, '\0', n)) {
		r->bad = true;
		return NULL;
	}
	s = malloc((size_t)n + 1);
	if (!s) {
		r->nomem = true;
		return NULL;
	}
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

static char *rm_get_str(struct rm_get *r)
{
	return rm_get_str_max(r, NSD_MSG_STR_MAX);
}

static enum netsess_smb_policy rm_get_policy(struct rm_get *r)
{
	uint8_t v = rm_get_u8(r);

	if (v > NETSESS_SMB_REQUIRED)
		r->bad = true;
	return v == 1 ? NETSESS_SMB_IF_REQUIRED : v == 2 ? NETSESS_SMB_REQUIRED : NETSESS_SMB_OFF;
}

static netsess_status_t rm_result(const struct rm_get *r)
{
	if (r->nomem)
		return ERROR_NOT_ENOUGH_MEMORY;
	if (r->bad || r->off != r->len)
		return NETSESS_E_PROTOCOL;
	return NERR_Success;
}

netsess_status_t nsd_msg_frame_length(const uint8_t hdr[NSD_MSG_HEADER], size_t *len)
{
	uint32_t n = rm_load_u32(hdr);

	*len = 0;
	if (n == 0 || n > NSD_MSG_FRAME_MAX)
		return NETSESS_E_PROTOCOL;
	*len = n;
	return NERR_Success;
}

/* ---- requests --------------------------------------------------------- */

void nsd_msg_request_clear(struct nsd_msg_request *req)
{
	if (!req)
		return;
	free(req->username);
	free(req->domain);
	free(req->password_file);
	free(req->auth_file);
	free(req->keytab);
	free(req->tmpdir);
	free(req->server);
	free(req->client);
	free(req->user);
	memset(req, 0, sizeof(*req));
}

static void rm_get_open(struct rm_get *r, struct nsd_msg_request *q)
{
	uint8_t kerberos;

	q->version = rm_get_u32(r);
	q->username = rm_get_str(r);
	q->domain = rm_get_str(r);
	q->password_file = rm_get_str(r);
	q->auth_file = rm_get_str(r);
	q->keytab = rm_get_str(r);
	kerberos = rm_get_u8(r);
	if (kerberos > 1)
		r->bad = true;
	q->kerberos = kerberos == 1;
	q->signing = rm_get_policy(r);
	q->encryption = rm_get_policy(r);
	q->port = rm_get_u16(r);
	q->timeout_ms = rm_get_u32(r);
	q->pref_max_len = rm_get_u32(r);
	q->max_frag = rm_get_u16(r);
	q->tmpdir = rm_get_str(r);
}

netsess_status_t nsd_msg_decode_request(const uint8_t *body, size_t len,
                                        struct nsd_msg_request *out)
{
	struct rm_get r = {body, len, 0, false, false};
	netsess_status_t st;

	memset(out, 0, sizeof(*out));
	if (!body)
		return NETSESS_E_PROTOCOL;
	out->kind = (enum nsd_msg_kind)rm_get_u8(&r);
	out->id = rm_get_u32(&r);
	switch (out->kind) {
	case NSD_MSG_OPEN:
		rm_get_open(&r, out);
		break;
	case NSD_MSG_ENUM:
	case NSD_MSG_DEL:
		out->server = rm_get_str(&r);
		out->client = rm_get_str(&r);
		out->user = rm_get_str(&r);
		if (out->kind == NSD_MSG_ENUM)
			out->level = rm_get_u32(&r);
		else
			out->settle_ms = rm_get_u32(&r);
		break;
	default:
		r.bad = true;
		break;
	}
	st = rm_result(&r);
	if (st != NERR_Success)
		nsd_msg_request_clear(out);
	return st;
}

/* ---- replies ---------------------------------------------------------- */

static void rm_get_session(struct rm_get *r, struct netsess_session *s)
{
	s->client = rm_get_str(r);
	s->user = rm_get_str(r);
	s->opens = rm_get_u32(r);
	s->time = rm_get_u32(r);
	s->idle_time = rm_get_u32(r);
	s->user_flags = rm_get_u32(r);
	s->client_type = rm_get_str(r);
	s->transport = rm_get_str(r);
}

/* The session list of a successful ENUM reply; NULL on error. */
static struct netsess_session_list *rm_get_list(struct rm_get *r)
{
	struct netsess_session_list *l = calloc(1, sizeof(*l));
	uint32_t count;
	size_t i;

	if (!l) {
		r->nomem = true;
		return NULL;
	}
	l->level_requested = rm_get_u32(r);
	l->level_served = rm_get_u32(r);
	l->total = rm_get_u32(r);
	count = rm_get_u32(r);
	/* Capped, and no more entries than the octets left can hold, before
	 * anything is allocated for them. */
	if (!r->bad && (count > NSD_MSG_SESSIONS_MAX || count > (r->len - r->off) / RM_SESSION_MIN))
		r->bad = true;
	if (!r->bad && count > 0) {
		l->items = calloc(count, sizeof(*l->items));
		if (!l->items)
			r->nomem = true;
	}
	for (i = 0; i < count && !r->bad && !r->nomem; i++) {
		rm_get_session(r, &l->items[i]);
		l->count = i + 1; /* what list_free must free */
	}
	if (r->bad || r->nomem) {
		netsess_session_list_free(l);
		return NULL;
	}
	return l;
}

void nsd_msg_reply_clear(struct nsd_msg_reply *rep)
{
	if (!rep)
		return;
	netsess_session_list_free(rep->list);
	free(rep->detail);
	memset(rep, 0, sizeof(*rep));
}

static void rm_get_context(struct rm_get *r, struct nsd_msg_reply *rep)
{
	uint64_t end;

	rep->tickets = rm_get_u32(r);
	end = rm_get_u64(r);
	if (end > (uint64_t)INT64_MAX)
		r->bad = true;
	rep->ticket_end = r->bad ? 0 : (int64_t)end;
	rep->detail = rm_get_str_max(r, NSD_MSG_DETAIL_MAX);
}

netsess_status_t nsd_msg_decode_reply(const uint8_t *body, size_t len, struct nsd_msg_reply *out)
{
	struct rm_get r = {body, len, 0, false, false};
	netsess_status_t st;

	memset(out, 0, sizeof(*out));
	if (!body)
		return NETSESS_E_PROTOCOL;
	out->kind = (enum nsd_msg_kind)rm_get_u8(&r);
	if (out->kind != NSD_MSG_OPEN && out->kind != NSD_MSG_ENUM && out->kind != NSD_MSG_DEL)
		r.bad = true;
	out->id = rm_get_u32(&r);
	out->status = rm_get_u32(&r);
	if (out->kind == NSD_MSG_OPEN)
		out->version = rm_get_u32(&r);
	else if (!r.bad)
		rm_get_context(&r, out);
	if (out->kind == NSD_MSG_ENUM && out->status == NERR_Success && !r.bad && !r.nomem)
		out->list = rm_get_list(&r);
	st = rm_result(&r);
	if (st != NERR_Success)
		nsd_msg_reply_clear(out);
	return st;
}
