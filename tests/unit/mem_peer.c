/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mem_peer.c - the in-memory srvsvc server (see mem_peer.h: a fake for
 * fault injection and for the Windows personality, nothing more).
 *
 * A connection is a pair of byte queues.  A write hands the peer one whole
 * PDU; the peer answers at once by queueing the reply bytes, which reads
 * then take.  A read that would have to wait for bytes that never come
 * fails with NETSESS_E_TIMEOUT (or NETSESS_E_TRANSPORT once the connection
 * is gone), as the real transport would after its timeout.
 */
#include "mem_peer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PEER_DEFAULT_FRAG 4280u
#define PEER_MIN_FRAG 1432u
#define PEER_ENTRY_COST 64u /* bytes of PreferedMaximumLength per entry */
#define PEER_QUEUE 16u
#define PEER_MAX_PREFERRED 0xFFFFFFFFu

#define PT_REQUEST 0u
#define PT_RESPONSE 2u
#define PT_FAULT 3u
#define PT_BIND 11u
#define PT_BIND_ACK 12u
#define PT_BIND_NAK 13u
#define PFC_FIRST 0x01u
#define PFC_LAST 0x02u

#define ST_OK 0u
#define ST_ACCESS_DENIED 5u
#define ST_INVALID_PARAMETER 87u
#define ST_INVALID_LEVEL 124u
#define ST_MORE_DATA 234u
#define ST_USER_NOT_FOUND 2221u
#define ST_CLIENT_NOT_FOUND 2312u
#define ST_INVALID_COMPUTER 2351u
#define FAULT_OP_RNG 0x1C010002u
#define FAULT_BAD_STUB 0x000006F7u

struct peer_sess {
	char *client;
	char *user;
	uint32_t opens;
	uint32_t time;
	uint32_t idle_time;
	uint32_t user_flags;
	char *client_type;
	char *transport;
	unsigned conn;   /* the connection this session is, or 0 */
	unsigned ending; /* ended: still listed by this many enumerations */
};

/* A growable byte buffer; NDR alignment counts from its start. */
struct pbuf {
	uint8_t *d;
	size_t len;
	size_t cap;
	uint32_t ref;
};

struct mem_conn {
	struct ns_transport base;
	struct mem_peer *peer;
	struct mem_conn *next;
	unsigned id;
	bool dead;
	bool bound;
	uint16_t max_xmit; /* largest fragment the peer sends */
	struct pbuf in;    /* request stub being reassembled */
	uint32_t in_call_id;
	uint16_t in_opnum;
	bool in_open;
	enum mem_peer_fault in_fault;
	struct pbuf out; /* bytes for the client to read */
	size_t out_off;
};

struct mem_peer {
	enum mem_peer_personality personality;
	struct peer_sess *sess;
	size_t n;
	size_t cap;
	bool own_sessions;
	unsigned linger;
	bool admin;
	bool can_delete;
	size_t chunk;
	uint16_t max_recv;
	uint32_t fault_status;
	enum mem_peer_fault bind_fault;
	enum mem_peer_fault queue[PEER_QUEUE];
	size_t qhead;
	size_t qlen;
	netsess_status_t open_fail;
	unsigned open_fail_n;
	unsigned next_conn;
	struct mem_conn *conns;
	struct mem_peer_stats stats;
};

/* ---- memory ------------------------------------------------------------ */

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n != 0 ? n : 1);

	if (q == NULL) {
		fprintf(stderr, "mem_peer: out of memory\n");
		abort();
	}
	return q;
}

static char *xstrdup(const char *s)
{
	size_t n;
	char *d;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	d = xrealloc(NULL, n);
	memcpy(d, s, n);
	return d;
}

static void copy_field(char *dst, size_t cap, const char *s)
{
	snprintf(dst, cap, "%s", s != NULL ? s : "(null)");
}

/* ---- byte buffers -------------------------------------------------------- */

static void pb_put(struct pbuf *b, const void *p, size_t n)
{
	if (n > b->cap - b->len) {
		size_t cap = b->cap != 0 ? b->cap : 256;

		while (cap - b->len < n)
			cap *= 2;
		b->d = xrealloc(b->d, cap);
		b->cap = cap;
	}
	if (n > 0)
		memcpy(b->d + b->len, p, n);
	b->len += n;
}

static void pb_free(struct pbuf *b)
{
	free(b->d);
	memset(b, 0, sizeof(*b));
}

static void pb_u8(struct pbuf *b, uint8_t v)
{
	pb_put(b, &v, 1);
}

static void pb_u16(struct pbuf *b, uint16_t v)
{
	uint8_t x[2] = {(uint8_t)v, (uint8_t)(v >> 8)};

	pb_put(b, x, 2);
}

static void pb_raw_u32(struct pbuf *b, uint32_t v)
{
	uint8_t x[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};

	pb_put(b, x, 4);
}

static void pb_align4(struct pbuf *b)
{
	static const uint8_t pad[4] = {0xAA, 0xAA, 0xAA, 0xAA}; /* arbitrary, as NDR allows */

	if (b->len % 4 != 0)
		pb_put(b, pad, 4 - b->len % 4);
}

/* NDR u32: aligned to 4 from the start of the stub. */
static void pb_u32(struct pbuf *b, uint32_t v)
{
	pb_align4(b);
	pb_raw_u32(b, v);
}

/* Unique pointer: referents 0x00020000 + 4n, as Samba numbers them. */
static void pb_ptr(struct pbuf *b, bool present)
{
	if (!present) {
		pb_u32(b, 0);
		return;
	}
	b->ref = b->ref == 0 ? 0x00020000u : b->ref + 4;
	pb_u32(b, b->ref);
}

/* UTF-8 to UTF-16LE units; returns the count written (no NUL). */
static size_t utf8_to_units(const char *s, uint16_t *u)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t n = 0;

	while (*p != 0) {
		uint32_t cp;

		if (*p < 0x80) {
			cp = *p++;
		} else if ((*p & 0xE0) == 0xC0) {
			cp = (uint32_t)(*p++ & 0x1F) << 6;
			cp |= *p++ & 0x3Fu;
		} else if ((*p & 0xF0) == 0xE0) {
			cp = (uint32_t)(*p++ & 0x0F) << 12;
			cp |= (uint32_t)(*p++ & 0x3F) << 6;
			cp |= *p++ & 0x3Fu;
		} else {
			cp = (uint32_t)(*p++ & 0x07) << 18;
			cp |= (uint32_t)(*p++ & 0x3F) << 12;
			cp |= (uint32_t)(*p++ & 0x3F) << 6;
			cp |= *p++ & 0x3Fu;
		}
		if (cp >= 0x10000) {
			cp -= 0x10000;
			u[n++] = (uint16_t)(0xD800 | cp >> 10);
			u[n++] = (uint16_t)(0xDC00 | (cp & 0x3FF));
		} else {
			u[n++] = (uint16_t)cp;
		}
	}
	return n;
}

/* Conformant varying string, NUL included (C706 14.3.4). */
static void pb_wstr(struct pbuf *b, const char *s)
{
	uint16_t *u = xrealloc(NULL, (strlen(s) + 1) * sizeof(uint16_t));
	size_t n = utf8_to_units(s, u), i;

	pb_u32(b, (uint32_t)n + 1);
	pb_u32(b, 0);
	pb_u32(b, (uint32_t)n + 1);
	for (i = 0; i < n; i++)
		pb_u16(b, u[i]);
	pb_u16(b, 0);
	free(u);
}

/* ---- reading a request stub --------------------------------------------- */

struct rd {
	const uint8_t *d;
	size_t len;
	size_t off;
	bool bad;
};

static uint32_t rd_u32(struct rd *r)
{
	uint32_t v;
	size_t pad = (4 - r->off % 4) % 4;

	if (r->bad || pad > r->len - r->off || 4 > r->len - r->off - pad) {
		r->bad = true;
		return 0;
	}
	r->off += pad;
	v = (uint32_t)r->d[r->off] | (uint32_t)r->d[r->off + 1] << 8 |
	    (uint32_t)r->d[r->off + 2] << 16 | (uint32_t)r->d[r->off + 3] << 24;
	r->off += 4;
	return v;
}

/* [string,unique] wchar_t *: NULL or a heap UTF-8 copy (BMP and pairs). */
static char *rd_ustr(struct rd *r)
{
	uint32_t max, offset, actual, i;
	char *s, *o;

	if (rd_u32(r) == 0 || r->bad)
		return NULL;
	max = rd_u32(r);
	offset = rd_u32(r);
	actual = rd_u32(r);
	if (r->bad || offset != 0 || actual > max || actual > 65536 ||
	    2 * (size_t)actual > r->len - r->off) {
		r->bad = true;
		return NULL;
	}
	s = o = xrealloc(NULL, 4 * (size_t)actual + 1);
	for (i = 0; i < actual; i++) {
		uint32_t cp = (uint32_t)r->d[r->off + 2 * i] | (uint32_t)r->d[r->off + 2 * i + 1]
		                                                   << 8;

		if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < actual) {
			uint32_t lo = (uint32_t)r->d[r->off + 2 * i + 2] |
			              (uint32_t)r->d[r->off + 2 * i + 3] << 8;

			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			i++;
		}
		if (cp == 0)
			break;
		if (cp < 0x80) {
			*o++ = (char)cp;
		} else if (cp < 0x800) {
			*o++ = (char)(0xC0 | cp >> 6);
			*o++ = (char)(0x80 | (cp & 0x3F));
		} else if (cp < 0x10000) {
			*o++ = (char)(0xE0 | cp >> 12);
			*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
			*o++ = (char)(0x80 | (cp & 0x3F));
		} else {
			*o++ = (char)(0xF0 | cp >> 18);
			*o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
			*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
			*o++ = (char)(0x80 | (cp & 0x3F));
		}
	}
	*o = '\0';
	r->off += 2 * (size_t)actual;
	return s;
}

/* ---- PDUs ---------------------------------------------------------------- */

static void pdu_hdr(struct pbuf *b, uint8_t ptype, uint8_t flags, uint16_t frag_len,
                    uint32_t call_id)
{
	pb_u8(b, 5);
	pb_u8(b, 0);
	pb_u8(b, ptype);
	pb_u8(b, flags);
	pb_raw_u32(b, 0x00000010u); /* drep: little-endian, ASCII, IEEE */
	pb_u16(b, frag_len);
	pb_u16(b, 0);
	pb_raw_u32(b, call_id);
}

static const uint8_t ndr20_syntax[20] = {0x04, 0x5d, 0x88, 0x8a, 0xeb, 0x1c, 0xc9,
                                         0x11, 0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10,
                                         0x48, 0x60, 0x02, 0x00, 0x00, 0x00};

/* C706 12.6.4.4 bind_ack, sec_addr "\PIPE\srvsvc". */
static void send_bind_ack(struct mem_conn *c, uint32_t call_id, uint16_t result)
{
	static const char addr[] = "\\PIPE\\srvsvc";
	struct pbuf *b = &c->out;
	size_t start = b->len;

	pdu_hdr(b, PT_BIND_ACK, PFC_FIRST | PFC_LAST, 68, call_id);
	pb_u16(b, c->max_xmit);
	pb_u16(b, c->peer->max_recv);
	pb_raw_u32(b, 0x00012345u);
	pb_u16(b, (uint16_t)sizeof(addr));
	pb_put(b, addr, sizeof(addr));
	pb_u8(b, 0); /* pad to 40 */
	pb_u8(b, 1); /* n_results */
	pb_u8(b, 0);
	pb_u16(b, 0);
	pb_u16(b, result);
	pb_u16(b, result != 0 ? 1 : 0);
	pb_put(b, ndr20_syntax, sizeof(ndr20_syntax));
	if (b->len - start != 68) {
		fprintf(stderr, "mem_peer: bind_ack is %zu bytes\n", b->len - start);
		abort();
	}
}

/* C706 12.6.4.5 bind_nak: reason, one supported version (5.0). */
static void send_bind_nak(struct mem_conn *c, uint32_t call_id)
{
	pdu_hdr(&c->out, PT_BIND_NAK, PFC_FIRST | PFC_LAST, 21, call_id);
	pb_u16(&c->out, 4); /* protocol_version_not_supported */
	pb_u8(&c->out, 1);
	pb_u8(&c->out, 5);
	pb_u8(&c->out, 0);
}

static void send_fault(struct mem_conn *c, uint32_t call_id, uint32_t status)
{
	pdu_hdr(&c->out, PT_FAULT, PFC_FIRST | PFC_LAST, 32, call_id);
	pb_raw_u32(&c->out, 0); /* alloc_hint */
	pb_u16(&c->out, 0);     /* p_cont_id */
	pb_u8(&c->out, 0);      /* cancel_count */
	pb_u8(&c->out, 0);
	pb_raw_u32(&c->out, status);
	pb_raw_u32(&c->out, 0);
}

/* Cuts stub into response fragments (C706 12.6.4.10), misbehaving as f. */
static void send_response(struct mem_conn *c, uint32_t call_id, const struct pbuf *stub,
                          enum mem_peer_fault f)
{
	size_t room = (size_t)c->max_xmit - 24, off = 0, len = stub->len;

	if (c->peer->chunk != 0 && c->peer->chunk < room)
		room = c->peer->chunk;
	if (f == MEM_PEER_TRUNCATED)
		len = len >= 3 ? len - 3 : 0;
	do {
		size_t n = len - off < room ? len - off : room;
		uint8_t flags =
		    (uint8_t)((off == 0 ? PFC_FIRST : 0) | (off + n == len ? PFC_LAST : 0));
		uint16_t frag_len = (uint16_t)(24 + n);
		size_t start = c->out.len;

		if (f == MEM_PEER_OVERSIZED)
			frag_len = (uint16_t)(c->max_xmit + 8);
		pdu_hdr(&c->out, PT_RESPONSE, flags, frag_len,
		        f == MEM_PEER_WRONG_CALL_ID ? call_id + 1 : call_id);
		if (f == MEM_PEER_BAD_VERSION)
			c->out.d[start] = 4;
		pb_raw_u32(&c->out, (uint32_t)len); /* alloc_hint */
		pb_u16(&c->out, 0);
		pb_u8(&c->out, 0);
		pb_u8(&c->out, 0);
		pb_put(&c->out, stub->d + off, n);
		off += n;
		c->peer->stats.response_frags++;
	} while (off < len);
}

/* ---- sessions ------------------------------------------------------------ */

static const char *skip_unc(const char *s)
{
	if (s != NULL && s[0] == '\\' && s[1] == '\\')
		return s + 2;
	return s;
}

static const char *opt(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

static bool name_eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcasecmp(a, b) == 0;
}

static bool sess_match(const struct peer_sess *s, const char *client, const char *user)
{
	return (client == NULL || name_eq(s->client, client)) &&
	       (user == NULL || name_eq(s->user, user));
}

static void sess_free(struct peer_sess *s)
{
	free(s->client);
	free(s->user);
	free(s->client_type);
	free(s->transport);
}

static void peer_add(struct mem_peer *p, const struct mem_peer_session *s, unsigned conn)
{
	struct peer_sess *d;

	if (p->n == p->cap) {
		p->cap = p->cap != 0 ? 2 * p->cap : 16;
		p->sess = xrealloc(p->sess, p->cap * sizeof(*p->sess));
	}
	d = &p->sess[p->n++];
	d->client = xstrdup(s->client);
	d->user = xstrdup(s->user);
	d->opens = s->opens;
	d->time = s->time;
	d->idle_time = s->idle_time;
	d->user_flags = s->user_flags;
	d->client_type = xstrdup(s->client_type);
	d->transport = xstrdup(s->transport);
	d->conn = conn;
	d->ending = 0;
}

static struct mem_conn *peer_conn(struct mem_peer *p, unsigned id)
{
	struct mem_conn *c;

	for (c = p->conns; c != NULL; c = c->next)
		if (c->id == id)
			return c;
	return NULL;
}

/* Ends the matching sessions; a session that is a live connection takes
 * the connection with it (Samba's MSG_SHUTDOWN ends the smbd).  With
 * linger, ended sessions stay listed for a while. */
static size_t peer_kill(struct mem_peer *p, const char *client, const char *user)
{
	size_t i, kept = 0, killed = 0;

	for (i = 0; i < p->n; i++) {
		struct peer_sess *s = &p->sess[i];

		if (s->ending != 0 || !sess_match(s, client, user)) {
			p->sess[kept++] = *s;
			continue;
		}
		if (s->conn != 0) {
			struct mem_conn *c = peer_conn(p, s->conn);

			if (c != NULL)
				c->dead = true;
			s->conn = 0;
		}
		killed++;
		if (p->linger > 0) {
			s->ending = p->linger;
			p->sess[kept++] = *s;
		} else {
			sess_free(s);
		}
	}
	p->n = kept;
	return killed;
}

/* One enumeration went by: ending sessions come closer to their end. */
static void peer_age(struct mem_peer *p)
{
	size_t i, kept = 0;

	for (i = 0; i < p->n; i++) {
		struct peer_sess *s = &p->sess[i];

		if (s->ending == 1) {
			sess_free(s);
			continue;
		}
		if (s->ending > 1)
			s->ending--;
		p->sess[kept++] = *s;
	}
	p->n = kept;
}

/* ---- NetrSessionEnum ([MS-SRVS] 3.1.4.5) --------------------------------- */

static bool level_known(uint32_t level)
{
	return level == 0 || level == 1 || level == 2 || level == 10 || level == 502;
}

static void put_fixed(struct pbuf *b, const struct peer_sess *s, uint32_t level)
{
	pb_ptr(b, s->client != NULL);
	if (level == 0)
		return;
	pb_ptr(b, s->user != NULL);
	if (level != 10)
		pb_u32(b, s->opens);
	pb_u32(b, s->time);
	pb_u32(b, s->idle_time);
	if (level == 10)
		return;
	pb_u32(b, s->user_flags);
	if (level == 2 || level == 502)
		pb_ptr(b, s->client_type != NULL);
	if (level == 502)
		pb_ptr(b, s->transport != NULL);
}

static void put_deferred(struct pbuf *b, const struct peer_sess *s, uint32_t level)
{
	if (s->client != NULL)
		pb_wstr(b, s->client);
	if (level != 0 && s->user != NULL)
		pb_wstr(b, s->user);
	if ((level == 2 || level == 502) && s->client_type != NULL)
		pb_wstr(b, s->client_type);
	if (level == 502 && s->transport != NULL)
		pb_wstr(b, s->transport);
}

struct enum_result {
	uint32_t status;
	const struct peer_sess **items; /* the page */
	size_t count;
	uint32_t total;
	uint32_t resume;
};

static void enum_windows(struct mem_peer *p, const char *client, const char *user, uint32_t pref,
                         uint32_t resume, struct enum_result *r)
{
	const char *c = skip_unc(client);
	size_t i, nmatch = 0, start, room;
	const struct peer_sess **all;

	if (client != NULL && c == client) {
		r->status = ST_INVALID_COMPUTER;
		return;
	}
	all = xrealloc(NULL, (p->n + 1) * sizeof(*all));
	for (i = 0; i < p->n; i++)
		if (sess_match(&p->sess[i], c, user))
			all[nmatch++] = &p->sess[i];
	if (nmatch == 0 && (client != NULL || user != NULL)) {
		free(all);
		r->status = client != NULL ? ST_CLIENT_NOT_FOUND : ST_USER_NOT_FOUND;
		return;
	}
	start = resume < nmatch ? resume : nmatch;
	room = pref == PEER_MAX_PREFERRED ? nmatch : pref / PEER_ENTRY_COST;
	r->total = (uint32_t)nmatch;
	r->items = all;
	if (room >= nmatch - start) {
		r->count = nmatch - start;
		r->status = ST_OK;
		r->resume = 0;
	} else {
		r->count = room;
		r->status = ST_MORE_DATA;
		r->resume = (uint32_t)(start + room);
	}
	memmove(all, all + start, r->count * sizeof(*all));
}

static void enum_samba(struct mem_peer *p, struct enum_result *r)
{
	size_t i;

	r->items = xrealloc(NULL, (p->n + 1) * sizeof(*r->items));
	for (i = 0; i < p->n; i++)
		r->items[i] = &p->sess[i];
	r->count = p->n;
	r->total = (uint32_t)p->n;
	r->resume = (uint32_t)p->n;
	r->status = ST_OK;
}

static void put_enum_reply(struct pbuf *b, uint32_t level, const struct enum_result *r)
{
	size_t i;

	pb_u32(b, level);
	pb_u32(b, level);
	if (level_known(level)) {
		pb_ptr(b, true);
		pb_u32(b, (uint32_t)r->count);
		pb_ptr(b, r->count > 0);
		if (r->count > 0) {
			pb_u32(b, (uint32_t)r->count);
			for (i = 0; i < r->count; i++)
				put_fixed(b, r->items[i], level);
			for (i = 0; i < r->count; i++)
				put_deferred(b, r->items[i], level);
		}
	}
	pb_u32(b, r->total);
	pb_ptr(b, true);
	pb_u32(b, r->resume);
	pb_u32(b, r->status);
}

/* Returns false when the request stub is malformed. */
static bool do_enum(struct mem_peer *p, struct rd *r, struct pbuf *reply)
{
	struct enum_result res = {0};
	char *server, *client, *user;
	uint32_t level, disc, pref, resume = 0;
	bool ok;

	server = rd_ustr(r);
	client = rd_ustr(r);
	user = rd_ustr(r);
	level = rd_u32(r);
	disc = rd_u32(r);
	if (level_known(level) && rd_u32(r) != 0) {
		(void)rd_u32(r); /* EntriesRead */
		(void)rd_u32(r); /* Buffer: NULL in a request */
	}
	pref = rd_u32(r);
	if (rd_u32(r) != 0)
		resume = rd_u32(r);
	ok = !r->bad && r->off == r->len && disc == level;
	p->stats.enums++;
	p->stats.last_level = level;
	p->stats.last_pref_max_len = pref;
	copy_field(p->stats.last_server, sizeof(p->stats.last_server), server);
	copy_field(p->stats.last_client, sizeof(p->stats.last_client), client);
	copy_field(p->stats.last_user, sizeof(p->stats.last_user), user);
	if (ok) {
		if (!p->admin)
			res.status = ST_ACCESS_DENIED;
		else if (!level_known(level) ||
		         (p->personality == MEM_PEER_SAMBA && level != 0 && level != 1))
			res.status = ST_INVALID_LEVEL;
		else if (p->personality == MEM_PEER_SAMBA)
			enum_samba(p, &res);
		else
			enum_windows(p, opt(client), opt(user), pref, resume, &res);
		if (res.status != ST_OK && res.status != ST_MORE_DATA)
			res.count = 0;
		put_enum_reply(reply, level, &res);
		peer_age(p);
	}
	free(res.items);
	free(server);
	free(client);
	free(user);
	return ok;
}

/* ---- NetrSessionDel ([MS-SRVS] 3.1.4.6) ---------------------------------- */

static uint32_t del_windows(struct mem_peer *p, const char *client, const char *user)
{
	const char *c = skip_unc(client);

	if (client == NULL && user == NULL)
		return ST_INVALID_PARAMETER;
	if (client != NULL && c == client)
		return ST_CLIENT_NOT_FOUND;
	if (peer_kill(p, c, user) == 0)
		return client != NULL ? ST_CLIENT_NOT_FOUND : ST_USER_NOT_FOUND;
	return ST_OK;
}

static uint32_t del_samba(struct mem_peer *p, const char *client, const char *user)
{
	const char *c = opt(skip_unc(client));

	if (c == NULL && user == NULL)
		p->stats.dels_unfiltered++;
	return peer_kill(p, c, user) == 0 ? ST_ACCESS_DENIED : ST_OK;
}

static bool do_del(struct mem_peer *p, struct rd *r, struct pbuf *reply)
{
	char *server = rd_ustr(r), *client = rd_ustr(r), *user = rd_ustr(r);
	bool ok = !r->bad && r->off == r->len;
	uint32_t status;

	p->stats.dels++;
	copy_field(p->stats.last_server, sizeof(p->stats.last_server), server);
	copy_field(p->stats.last_client, sizeof(p->stats.last_client), client);
	copy_field(p->stats.last_user, sizeof(p->stats.last_user), user);
	if (ok) {
		if (opt(client) == NULL && opt(user) == NULL && p->personality == MEM_PEER_WINDOWS)
			p->stats.dels_unfiltered++;
		if (!p->admin || !p->can_delete)
			status = ST_ACCESS_DENIED;
		else if (p->personality == MEM_PEER_SAMBA)
			status = del_samba(p, client, opt(user));
		else
			status = del_windows(p, opt(client), opt(user));
		pb_u32(reply, status);
	}
	free(server);
	free(client);
	free(user);
	return ok;
}

/* ---- the connection ------------------------------------------------------ */

static enum mem_peer_fault peer_next_fault(struct mem_peer *p)
{
	enum mem_peer_fault f;

	if (p->qlen == 0)
		return MEM_PEER_OK;
	f = p->queue[p->qhead];
	p->qhead = (p->qhead + 1) % PEER_QUEUE;
	p->qlen--;
	return f;
}

/* A whole request has arrived: carry it out and queue the answer. */
static void conn_call(struct mem_conn *c)
{
	struct mem_peer *p = c->peer;
	enum mem_peer_fault f = c->in_fault;
	struct pbuf reply = {0};
	struct rd r = {c->in.d, c->in.len, 0, false};
	bool ok;

	if (f == MEM_PEER_SILENT)
		return;
	if (f == MEM_PEER_DROP_IGNORED) {
		c->dead = true;
		return;
	}
	if (f == MEM_PEER_RPC_FAULT) {
		send_fault(c, c->in_call_id, p->fault_status);
		return;
	}
	if (c->in_opnum == 12) {
		ok = do_enum(p, &r, &reply);
	} else if (c->in_opnum == 13) {
		ok = do_del(p, &r, &reply);
	} else {
		send_fault(c, c->in_call_id, FAULT_OP_RNG);
		return;
	}
	if (f == MEM_PEER_DROP_AFTER)
		c->dead = true;
	if (!ok)
		send_fault(c, c->in_call_id, FAULT_BAD_STUB);
	else if (!c->dead)
		send_response(c, c->in_call_id, &reply, f);
	pb_free(&reply);
}

static uint16_t get16(const uint8_t *b)
{
	return (uint16_t)(b[0] | b[1] << 8);
}

static uint32_t get32(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static netsess_status_t conn_bind(struct mem_conn *c, const uint8_t *pdu, size_t len)
{
	struct mem_peer *p = c->peer;
	enum mem_peer_fault f = p->bind_fault;
	uint16_t client_recv;

	p->bind_fault = MEM_PEER_OK;
	p->stats.binds++;
	if (len < 72)
		return NETSESS_E_TRANSPORT;
	client_recv = get16(pdu + 18);
	c->max_xmit = client_recv < PEER_DEFAULT_FRAG ? client_recv : PEER_DEFAULT_FRAG;
	if (f == MEM_PEER_SILENT)
		return NERR_Success;
	if (f == MEM_PEER_BIND_NAK) {
		send_bind_nak(c, get32(pdu + 12));
		return NERR_Success;
	}
	c->bound = f != MEM_PEER_BIND_REJECT;
	send_bind_ack(c, get32(pdu + 12), f == MEM_PEER_BIND_REJECT ? 2 : 0);
	return NERR_Success;
}

static netsess_status_t conn_request(struct mem_conn *c, const uint8_t *pdu, size_t len)
{
	struct mem_peer *p = c->peer;
	uint8_t flags = pdu[3];

	if (len < 24 || !c->bound)
		return NETSESS_E_TRANSPORT;
	p->stats.request_frags++;
	if (len > p->max_recv)
		p->stats.oversized_requests++;
	if (flags & PFC_FIRST) {
		c->in.len = 0;
		c->in_open = true;
		c->in_call_id = get32(pdu + 12);
		c->in_opnum = get16(pdu + 22);
		c->in_fault = peer_next_fault(p);
	}
	if (!c->in_open || get32(pdu + 12) != c->in_call_id)
		return NETSESS_E_TRANSPORT;
	if (c->in_fault == MEM_PEER_DROP_BEFORE) {
		c->dead = true;
		return NETSESS_E_TRANSPORT;
	}
	pb_put(&c->in, pdu + 24, len - 24);
	if (flags & PFC_LAST) {
		c->in_open = false;
		conn_call(c);
	}
	return NERR_Success;
}

static netsess_status_t conn_write(struct ns_transport *t, const uint8_t *buf, size_t len)
{
	struct mem_conn *c = (struct mem_conn *)t;

	if (c->dead)
		return NETSESS_E_TRANSPORT;
	if (len < 16 || buf[0] != 5 || buf[1] != 0 || get16(buf + 8) != len)
		return NETSESS_E_TRANSPORT;
	switch (buf[2]) {
	case PT_BIND:
		return conn_bind(c, buf, len);
	case PT_REQUEST:
		return conn_request(c, buf, len);
	default:
		return NETSESS_E_TRANSPORT;
	}
}

/* Nothing here waits, so the deadline never comes into play. */
static netsess_status_t conn_read(struct ns_transport *t, uint8_t *buf, size_t len,
                                  uint64_t deadline_ms)
{
	struct mem_conn *c = (struct mem_conn *)t;

	(void)deadline_ms;

	if (len > c->out.len - c->out_off)
		return c->dead ? NETSESS_E_TRANSPORT : NETSESS_E_TIMEOUT;
	memcpy(buf, c->out.d + c->out_off, len);
	c->out_off += len;
	if (c->out_off == c->out.len) {
		c->out.len = 0;
		c->out_off = 0;
	}
	return NERR_Success;
}

/* The connection ends: so does its own session. */
static void conn_close(struct ns_transport *t)
{
	struct mem_conn *c = (struct mem_conn *)t, **pp;
	struct mem_peer *p;
	size_t i, kept = 0;

	if (c == NULL)
		return;
	p = c->peer;
	for (pp = &p->conns; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	for (i = 0; i < p->n; i++) {
		if (p->sess[i].conn == c->id)
			sess_free(&p->sess[i]);
		else
			p->sess[kept++] = p->sess[i];
	}
	p->n = kept;
	p->stats.live_conns--;
	pb_free(&c->in);
	pb_free(&c->out);
	free(c);
}

static const struct ns_transport_ops conn_ops = {
    .write = conn_write,
    .read = conn_read,
    .close = conn_close,
};

netsess_status_t mem_peer_open(const struct ns_transport_params *params, void *arg,
                               struct ns_transport **out)
{
	struct mem_peer *p = arg;
	struct mem_conn *c;

	p->stats.opens++;
	copy_field(p->stats.last_host, sizeof(p->stats.last_host), params->host);
	copy_field(p->stats.last_username, sizeof(p->stats.last_username), params->username);
	p->stats.last_port = params->port;
	p->stats.last_timeout_ms = params->timeout_ms;
	if (p->open_fail_n > 0) {
		p->open_fail_n--;
		return p->open_fail;
	}
	c = xrealloc(NULL, sizeof(*c));
	memset(c, 0, sizeof(*c));
	c->base.ops = &conn_ops;
	c->peer = p;
	c->id = ++p->next_conn;
	c->next = p->conns;
	p->conns = c;
	p->stats.live_conns++;
	if (p->own_sessions) {
		struct mem_peer_session s = {
		    "127.0.0.1", params->username != NULL ? params->username : "", 0, 0, 0, 0, "",
		    ""};

		peer_add(p, &s, c->id);
	}
	*out = &c->base;
	return NERR_Success;
}

/* ---- configuration ------------------------------------------------------- */

struct mem_peer *mem_peer_new(enum mem_peer_personality personality)
{
	struct mem_peer *p = xrealloc(NULL, sizeof(*p));

	memset(p, 0, sizeof(*p));
	p->personality = personality;
	p->admin = true;
	p->can_delete = true;
	p->max_recv = PEER_DEFAULT_FRAG;
	p->fault_status = FAULT_OP_RNG;
	return p;
}

void mem_peer_free(struct mem_peer *p)
{
	size_t i;

	if (p == NULL)
		return;
	if (p->conns != NULL) {
		fprintf(stderr, "mem_peer: freed with a connection still open\n");
		abort();
	}
	for (i = 0; i < p->n; i++)
		sess_free(&p->sess[i]);
	free(p->sess);
	free(p);
}

void mem_peer_add(struct mem_peer *p, const struct mem_peer_session *s)
{
	peer_add(p, s, 0);
}

void mem_peer_add_simple(struct mem_peer *p, const char *client, const char *user)
{
	struct mem_peer_session s = {client, user, 1, 60, 5, 0, "", "\\Device\\NetbiosSmb"};

	peer_add(p, &s, 0);
}

size_t mem_peer_count(const struct mem_peer *p, const char *client, const char *user)
{
	size_t i, n = 0;

	for (i = 0; i < p->n; i++)
		if (p->sess[i].ending == 0 && sess_match(&p->sess[i], client, user))
			n++;
	return n;
}

void mem_peer_set_own_sessions(struct mem_peer *p, bool on)
{
	p->own_sessions = on;
}

void mem_peer_set_linger(struct mem_peer *p, unsigned n)
{
	p->linger = n;
}

void mem_peer_set_admin(struct mem_peer *p, bool admin)
{
	p->admin = admin;
}

void mem_peer_set_can_delete(struct mem_peer *p, bool can_delete)
{
	p->can_delete = can_delete;
}

void mem_peer_set_response_chunk(struct mem_peer *p, size_t bytes)
{
	p->chunk = bytes;
}

void mem_peer_set_max_recv(struct mem_peer *p, uint16_t max_recv)
{
	p->max_recv = max_recv < PEER_MIN_FRAG ? PEER_MIN_FRAG : max_recv;
}

void mem_peer_set_fault_status(struct mem_peer *p, uint32_t status)
{
	p->fault_status = status;
}

void mem_peer_fail_bind(struct mem_peer *p, enum mem_peer_fault f)
{
	p->bind_fault = f;
}

void mem_peer_fail_call(struct mem_peer *p, enum mem_peer_fault f)
{
	if (p->qlen == PEER_QUEUE) {
		fprintf(stderr, "mem_peer: fault queue full\n");
		abort();
	}
	p->queue[(p->qhead + p->qlen) % PEER_QUEUE] = f;
	p->qlen++;
}

void mem_peer_fail_open(struct mem_peer *p, netsess_status_t status, unsigned n)
{
	p->open_fail = status;
	p->open_fail_n = n;
}

void mem_peer_drop_all(struct mem_peer *p)
{
	struct mem_conn *c;

	for (c = p->conns; c != NULL; c = c->next)
		c->dead = true;
}

const struct mem_peer_stats *mem_peer_stats(const struct mem_peer *p)
{
	return &p->stats;
}
