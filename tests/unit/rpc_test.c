/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rpc_test.c - the call path (src/rpc.c): bind and fragment negotiation,
 * one call = encode, send fragments, read header then exactly the rest,
 * reassemble; call_id matching; the three error kinds kept apart.
 *
 * Two transports: the in-memory peer (mem_peer.h), and a scripted one
 * below that replays fixed bytes and records every read and write size.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mem_peer.h"
#include "rpc.h"

#include <stdlib.h>
#include <string.h>

/* ---- a scripted transport ------------------------------------------------ */

#define SCRIPT_MAX 64

struct script {
	struct ns_transport base;
	uint8_t in[16384]; /* bytes the "server" sends */
	size_t in_len;
	size_t in_off;
	size_t reads[SCRIPT_MAX];
	uint64_t deadlines[SCRIPT_MAX]; /* the deadline of each read */
	size_t nreads;
	size_t writes[SCRIPT_MAX];
	size_t nwrites;
	bool endless;      /* after in[], response fragments without LAST_FRAG */
	uint16_t gen_size; /* their frag_length: 24 to 4280 (0: 4280) */
	uint8_t gen[4280]; /* the fragment being replayed when endless */
	size_t gen_len;
	size_t gen_off;
	size_t gen_count;
	bool fail_writes;
};

static void put16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *b, uint32_t v)
{
	put16(b, (uint16_t)v);
	put16(b + 2, (uint16_t)(v >> 16));
}

static size_t hdr(uint8_t *b, uint8_t ptype, uint8_t flags, uint16_t frag_len, uint32_t call_id)
{
	memset(b, 0, 16);
	b[0] = 5;
	b[2] = ptype;
	b[3] = flags;
	b[4] = 0x10;
	put16(b + 8, frag_len);
	put32(b + 12, call_id);
	return 16;
}

/* A bind_ack (68 bytes) for call_id 1 with the given frag sizes. */
static void script_bind_ack(struct script *s, uint16_t max_xmit, uint16_t max_recv)
{
	static const uint8_t ndr20[20] = {0x04, 0x5d, 0x88, 0x8a, 0xeb, 0x1c, 0xc9,
	                                  0x11, 0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10,
	                                  0x48, 0x60, 0x02, 0x00, 0x00, 0x00};
	uint8_t *b = s->in + s->in_len;

	hdr(b, 12, 3, 68, 1);
	put16(b + 16, max_xmit);
	put16(b + 18, max_recv);
	put32(b + 20, 0x1234);
	put16(b + 24, 13);
	memcpy(b + 26, "\\PIPE\\srvsvc", 13);
	b[39] = 0;
	b[40] = 1;
	memset(b + 41, 0, 7);
	memcpy(b + 48, ndr20, 20);
	s->in_len += 68;
}

/* One response fragment carrying stub[0..n). */
static void script_response(struct script *s, uint8_t flags, uint32_t call_id, const void *stub,
                            size_t n)
{
	uint8_t *b = s->in + s->in_len;

	hdr(b, 2, flags, (uint16_t)(24 + n), call_id);
	put32(b + 16, (uint32_t)n);
	memset(b + 20, 0, 4);
	memcpy(b + 24, stub, n);
	s->in_len += 24 + n;
}

static void script_raw(struct script *s, const void *bytes, size_t n)
{
	memcpy(s->in + s->in_len, bytes, n);
	s->in_len += n;
}

static netsess_status_t script_write(struct ns_transport *t, const uint8_t *buf, size_t len)
{
	struct script *s = (struct script *)t;

	(void)buf;
	if (s->nwrites < SCRIPT_MAX)
		s->writes[s->nwrites++] = len;
	return s->fail_writes ? NETSESS_E_TRANSPORT : NERR_Success;
}

/* Endless mode: the next response fragment of call 2 (gen_size bytes);
 * only the first carries FIRST_FRAG and none LAST_FRAG. */
static void script_generate(struct script *s)
{
	uint16_t size = s->gen_size != 0 ? s->gen_size : 4280;

	hdr(s->gen, 2, s->gen_count == 0 ? 1 : 0, size, 2);
	memset(s->gen + 16, 0, sizeof(s->gen) - 16);
	s->gen_len = size;
	s->gen_off = 0;
	s->gen_count++;
}

static netsess_status_t script_read(struct ns_transport *t, uint8_t *buf, size_t len,
                                    uint64_t deadline_ms)
{
	struct script *s = (struct script *)t;

	if (s->nreads < SCRIPT_MAX) {
		s->deadlines[s->nreads] = deadline_ms;
		s->reads[s->nreads++] = len;
	}
	if (len <= s->in_len - s->in_off) {
		memcpy(buf, s->in + s->in_off, len);
		s->in_off += len;
		return NERR_Success;
	}
	if (!s->endless)
		return NETSESS_E_TRANSPORT;
	if (s->gen_off == s->gen_len)
		script_generate(s);
	if (len > s->gen_len - s->gen_off)
		return NETSESS_E_TRANSPORT;
	memcpy(buf, s->gen + s->gen_off, len);
	s->gen_off += len;
	return NERR_Success;
}

static void script_close(struct ns_transport *t)
{
	(void)t;
}

static const struct ns_transport_ops script_ops = {
    .write = script_write,
    .read = script_read,
    .close = script_close,
};

static struct script *script_new(void)
{
	struct script *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	s->base.ops = &script_ops;
	return s;
}

/* A script that answers the bind with 4280 both ways, and r bound over it;
 * the tests then queue the replies to their calls. */
static struct script *script_bound(struct ns_rpc *r)
{
	struct script *s = script_new();

	script_bind_ack(s, 4280, 4280);
	ns_rpc_init(r);
	assert_int_equal(ns_rpc_bind(r, &s->base, 4280), NERR_Success);
	return s;
}

static void script_free(struct script *s, struct ns_rpc *r)
{
	ns_rpc_clear(r);
	free(s);
}

/* A call of opnum 12 with the one-byte stub "x". */
static netsess_status_t call_x(struct ns_rpc *r, uint8_t **reply, size_t *len, bool *sent)
{
	return ns_rpc_call(r, 12, (const uint8_t *)"x", 1, reply, len, sent);
}

/* ---- tests with the scripted transport ----------------------------------- */

static void test_bind_negotiates_fragment_sizes(void **state)
{
	struct script *s = script_new();
	struct ns_rpc r;

	(void)state;
	script_bind_ack(s, 4280, 1432);
	ns_rpc_init(&r);
	assert_int_equal(ns_rpc_bind(&r, &s->base, 4280), NERR_Success);
	assert_int_equal(r.xmit_frag, 1432);
	assert_int_equal(r.recv_frag, 4280);
	assert_int_equal(r.call_id, 1);
	assert_int_equal(s->nwrites, 1);
	assert_int_equal(s->writes[0], 72);
	/* header first, then exactly the rest */
	assert_int_equal(s->nreads, 2);
	assert_int_equal(s->reads[0], 16);
	assert_int_equal(s->reads[1], 68 - 16);
	script_free(s, &r);
}

static void test_bind_keeps_smaller_own_size(void **state)
{
	struct script *s = script_new();
	struct ns_rpc r;

	(void)state;
	script_bind_ack(s, 4280, 4280);
	ns_rpc_init(&r);
	assert_int_equal(ns_rpc_bind(&r, &s->base, 2048), NERR_Success);
	assert_int_equal(r.xmit_frag, 2048);
	assert_int_equal(r.recv_frag, 2048);
	script_free(s, &r);
}

static void test_bind_refuses_tiny_frag(void **state)
{
	struct script *s = script_new();
	struct ns_rpc r;

	(void)state;
	ns_rpc_init(&r);
	assert_int_equal(ns_rpc_bind(&r, &s->base, 1431), ERROR_INVALID_PARAMETER);
	assert_int_equal(ns_rpc_bind(&r, NULL, 4280), ERROR_INVALID_PARAMETER);
	assert_int_equal(s->nwrites, 0);
	script_free(s, &r);
}

/* Fragments are reassembled; each is read as 16 bytes then the rest. */
static void test_call_reassembles_fragments(void **state)
{
	struct script *s;
	uint8_t *reply = NULL;
	size_t len = 0;
	struct ns_rpc r;
	bool sent = false;

	(void)state;
	s = script_bound(&r);
	script_response(s, 1, 2, "abcdefgh", 8);
	script_response(s, 0, 2, "ijklmnop", 8);
	script_response(s, 2, 2, "qr", 2);
	assert_int_equal(ns_rpc_call(&r, 12, (const uint8_t *)"stub", 4, &reply, &len, &sent),
	                 NERR_Success);
	assert_true(sent);
	assert_int_equal(len, 18);
	assert_memory_equal(reply, "abcdefghijklmnopqr", 18);
	assert_int_equal(r.call_id, 2);
	assert_int_equal(s->nreads, 8);
	assert_int_equal(s->reads[2], 16);
	assert_int_equal(s->reads[3], 24 + 8 - 16);
	assert_int_equal(s->reads[6], 16);
	assert_int_equal(s->reads[7], 24 + 2 - 16);
	assert_int_equal(s->writes[1], 24 + 4);
	free(reply);
	script_free(s, &r);
}

/* A request larger than the server accepts goes out in fragments, none
 * larger than the negotiated size. */
static void test_call_fragments_request(void **state)
{
	struct script *s = script_new();
	uint8_t stub[5000], *reply = NULL;
	size_t len = 0, i, total = 0;
	struct ns_rpc r;
	bool sent = false;

	(void)state;
	memset(stub, 0x5A, sizeof(stub));
	script_bind_ack(s, 4280, 1432);
	script_response(s, 3, 2, "ok", 2);
	ns_rpc_init(&r);
	assert_int_equal(ns_rpc_bind(&r, &s->base, 4280), NERR_Success);
	assert_int_equal(ns_rpc_call(&r, 12, stub, sizeof(stub), &reply, &len, &sent),
	                 NERR_Success);
	assert_true(s->nwrites >= 5);
	for (i = 1; i < s->nwrites; i++) {
		assert_true(s->writes[i] <= 1432);
		total += s->writes[i] - 24;
	}
	assert_int_equal(total, sizeof(stub));
	free(reply);
	script_free(s, &r);
}

static void test_call_rejects_other_call_id(void **state)
{
	struct script *s;
	uint8_t *reply = (uint8_t *)&reply;
	size_t len = 1;
	struct ns_rpc r;
	bool sent = false;

	(void)state;
	s = script_bound(&r);
	script_response(s, 1, 2, "abcdefgh", 8);
	script_response(s, 2, 7, "ijkl", 4); /* a stray call_id mid-call */
	assert_int_equal(call_x(&r, &reply, &len, &sent), NETSESS_E_PROTOCOL);
	assert_null(reply);
	assert_int_equal(len, 0);
	script_free(s, &r);
}

static void test_call_rejects_bad_fragment_order(void **state)
{
	struct script *s;
	uint8_t *reply = NULL;
	size_t len = 0;
	struct ns_rpc r;
	bool sent = false;

	(void)state;
	s = script_bound(&r);
	script_response(s, 1, 2, "abcdefgh", 8);
	script_response(s, 1, 2, "ijkl", 4); /* FIRST_FRAG twice */
	assert_int_equal(call_x(&r, &reply, &len, &sent), NETSESS_E_PROTOCOL);
	assert_null(reply);
	script_free(s, &r);
}

/* A header announcing fewer than 16 bytes, or more than we accept. */
static void test_call_rejects_bad_frag_length(void **state)
{
	uint16_t lens[] = {0, 15, 4281, 0xFFFF};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		uint8_t h[16], *reply = NULL;
		size_t len = 0;
		struct ns_rpc r;
		struct script *s = script_bound(&r);
		bool sent = false;

		hdr(h, 2, 3, lens[i], 2);
		script_raw(s, h, sizeof(h));
		assert_int_equal(call_x(&r, &reply, &len, &sent), NETSESS_E_PROTOCOL);
		/* nothing beyond the header was asked for */
		assert_int_equal(s->reads[s->nreads - 1], 16);
		script_free(s, &r);
	}
}

/* The transport's own error comes back unchanged, and *sent tells
 * whether the request was out. */
static void test_call_transport_errors_pass_through(void **state)
{
	struct script *s;
	uint8_t *reply = NULL;
	size_t len = 0;
	struct ns_rpc r;
	bool sent = true;

	(void)state;
	s = script_bound(&r);
	script_raw(s, "\x05\x00\x02\x03\x10\x00\x00\x00\x40\x00", 10); /* cut short */
	assert_int_equal(call_x(&r, &reply, &len, &sent), NETSESS_E_TRANSPORT);
	assert_true(sent);
	s->fail_writes = true;
	assert_int_equal(call_x(&r, &reply, &len, &sent), NETSESS_E_TRANSPORT);
	assert_false(sent);
	script_free(s, &r);
}

/* A server that never ends its response is cut off at the stub cap. */
static void test_call_caps_reassembly(void **state)
{
	struct script *s;
	uint8_t *reply = NULL;
	size_t len = 0;
	struct ns_rpc r;
	bool sent = false;

	(void)state;
	s = script_bound(&r);
	s->endless = true;
	assert_int_equal(call_x(&r, &reply, &len, &sent), NETSESS_E_PROTOCOL);
	assert_null(reply);
	script_free(s, &r);
}

/* Empty fragments without LAST_FRAG add nothing to the stub; their
 * headers still count against the cap, so they cannot go on for ever. */
static void test_call_caps_empty_fragments(void **state)
{
	struct script *s;
	uint8_t *reply = NULL;
	size_t len = 0;
	struct ns_rpc r;
	bool sent = false;

	(void)state;
	s = script_bound(&r);
	s->endless = true;
	s->gen_size = 24;
	assert_int_equal(r.max_reply, NS_RPC_MAX_REPLY);
	r.max_reply = 64 * 1024; /* the same rule, reached sooner */
	assert_int_equal(call_x(&r, &reply, &len, &sent), NETSESS_E_PROTOCOL);
	assert_null(reply);
	assert_int_equal(s->gen_count, 64 * 1024 / 24 + 1);
	script_free(s, &r);
}

/* A clock that moves one second each time it is read. */
static uint64_t fake_now_ms;

static uint64_t fake_clock(void)
{
	fake_now_ms += 1000;
	return fake_now_ms;
}

/* A reply that keeps coming, each fragment in time, still ends when the
 * call's timeout has passed. */
static void test_call_timeout_bounds_whole_reply(void **state)
{
	struct script *s;
	uint8_t *reply = NULL;
	size_t len = 0;
	struct ns_rpc r;
	bool sent = false;

	(void)state;
	s = script_bound(&r);
	s->endless = true;
	ns_rpc_set_timeout(&r, 5000, fake_clock);
	assert_int_equal(call_x(&r, &reply, &len, &sent), NETSESS_E_TIMEOUT);
	assert_true(sent);
	assert_null(reply);
	/* the clock is read once at the start and once before each fragment */
	assert_int_equal(s->gen_count, 4);
	script_free(s, &r);
}

/* The bind and every read of a call carry the deadline to the transport,
 * which stops a reply trickling in within one fragment; none without a
 * timeout. */
static void test_call_deadline_reaches_transport(void **state)
{
	struct script *s = script_new();
	uint8_t *reply = NULL;
	size_t len = 0, i;
	struct ns_rpc r;
	bool sent = false;

	(void)state;
	script_bind_ack(s, 4280, 4280);
	script_response(s, 1, 2, "abcdefgh", 8);
	script_response(s, 2, 2, "ij", 2);
	script_response(s, 3, 3, "kl", 2);
	ns_rpc_init(&r);
	fake_now_ms = 0;
	ns_rpc_set_timeout(&r, 60000, fake_clock);
	assert_int_equal(ns_rpc_bind(&r, &s->base, 4280), NERR_Success);
	assert_int_equal(r.timeout_ms, 60000); /* kept by the bind */
	assert_int_equal(s->nreads, 2);
	assert_true(s->deadlines[0] == 61000 && s->deadlines[1] == 61000);
	assert_int_equal(call_x(&r, &reply, &len, &sent), NERR_Success);
	assert_int_equal(s->nreads, 6);
	for (i = 2; i < 6; i++)
		assert_true(s->deadlines[i] == 62000);
	free(reply);
	reply = NULL;
	ns_rpc_set_timeout(&r, 0, fake_clock);
	assert_int_equal(call_x(&r, &reply, &len, &sent), NERR_Success);
	assert_int_equal(s->nreads, 8);
	assert_true(s->deadlines[6] == 0 && s->deadlines[7] == 0);
	free(reply);
	ns_rpc_clear(&r);
	assert_int_equal(r.timeout_ms, 0);
	free(s);
}

/* Within the timeout a reply of several fragments arrives whole. */
static void test_call_timeout_allows_reply_in_time(void **state)
{
	struct script *s;
	uint8_t *reply = NULL;
	size_t len = 0;
	struct ns_rpc r;
	bool sent = false;

	(void)state;
	s = script_bound(&r);
	script_response(s, 1, 2, "abcdefgh", 8);
	script_response(s, 2, 2, "ij", 2);
	ns_rpc_set_timeout(&r, 3000, fake_clock);
	assert_int_equal(call_x(&r, &reply, &len, &sent), NERR_Success);
	assert_int_equal(len, 10);
	assert_memory_equal(reply, "abcdefghij", 10);
	free(reply);
	script_free(s, &r);
}

static void test_call_needs_bind(void **state)
{
	uint8_t *reply = NULL;
	size_t len = 0;
	struct ns_rpc r;
	bool sent = true;

	(void)state;
	ns_rpc_init(&r);
	assert_int_equal(call_x(&r, &reply, &len, &sent), ERROR_INVALID_PARAMETER);
	assert_false(sent);
	ns_rpc_clear(&r);
	ns_rpc_clear(NULL);
}

/* ---- tests with the in-memory peer --------------------------------------- */

struct peer_fx {
	struct mem_peer *peer;
	struct ns_transport *t;
	struct ns_rpc r;
};

static int peer_setup(void **state)
{
	struct ns_transport_params p = {.host = "srv", .port = 445, .username = "u"};
	struct peer_fx *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	f->peer = mem_peer_new(MEM_PEER_WINDOWS);
	if (mem_peer_open(&p, f->peer, &f->t) != NERR_Success)
		return -1;
	ns_rpc_init(&f->r);
	*state = f;
	return 0;
}

static int peer_teardown(void **state)
{
	struct peer_fx *f = *state;

	ns_rpc_clear(&f->r);
	f->t->ops->close(f->t);
	mem_peer_free(f->peer);
	free(f);
	return 0;
}

/* NetrSessionDel stub for client "\\x", no server, no user. */
static const uint8_t del_stub[] = {
    0x00, 0x00, 0x00, 0x00,                         /* ServerName NULL */
    0x00, 0x00, 0x02, 0x00, 0x04, 0x00, 0x00, 0x00, /* referent, max 4 */
    0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, /* offset 0, actual 4 */
    0x5c, 0x00, 0x5c, 0x00, 0x78, 0x00, 0x00, 0x00, /* "\\x" */
    0x00, 0x00, 0x00, 0x00,                         /* UserName NULL */
};

static void test_peer_call_roundtrip(void **state)
{
	struct peer_fx *f = *state;
	uint8_t *reply = NULL;
	size_t len = 0;
	bool sent = false;

	mem_peer_add_simple(f->peer, "x", "u");
	assert_int_equal(ns_rpc_bind(&f->r, f->t, 4280), NERR_Success);
	assert_int_equal(ns_rpc_call(&f->r, 13, del_stub, sizeof(del_stub), &reply, &len, &sent),
	                 NERR_Success);
	assert_true(sent);
	assert_int_equal(len, 4);
	assert_memory_equal(reply, "\0\0\0\0", 4);
	assert_int_equal(mem_peer_count(f->peer, NULL, NULL), 0);
	free(reply);
	/* again: nothing matches now */
	assert_int_equal(ns_rpc_call(&f->r, 13, del_stub, sizeof(del_stub), &reply, &len, &sent),
	                 NERR_Success);
	assert_memory_equal(reply, "\x08\x09\0\0", 4); /* 2312 */
	free(reply);
	assert_int_equal(f->r.call_id, 3);
}

/* Transport, malformed reply and fault are three different answers. */
static void test_peer_three_error_kinds(void **state)
{
	struct peer_fx *f = *state;
	uint8_t *reply = NULL;
	size_t len = 0;
	bool sent = false;

	assert_int_equal(ns_rpc_bind(&f->r, f->t, 4280), NERR_Success);

	mem_peer_set_fault_status(f->peer, 0x000006F7u);
	mem_peer_fail_call(f->peer, MEM_PEER_RPC_FAULT);
	assert_int_equal(ns_rpc_call(&f->r, 13, del_stub, sizeof(del_stub), &reply, &len, &sent),
	                 NETSESS_E_RPC_FAULT);
	assert_int_equal(f->r.fault, 0x000006F7u);
	assert_true(sent);

	/* an unknown opnum is the server's fault too */
	assert_int_equal(ns_rpc_call(&f->r, 99, del_stub, sizeof(del_stub), &reply, &len, &sent),
	                 NETSESS_E_RPC_FAULT);
	assert_int_equal(f->r.fault, 0x1C010002u);

	mem_peer_fail_call(f->peer, MEM_PEER_WRONG_CALL_ID);
	assert_int_equal(ns_rpc_call(&f->r, 13, del_stub, sizeof(del_stub), &reply, &len, &sent),
	                 NETSESS_E_PROTOCOL);
	assert_int_equal(f->r.fault, 0);

	mem_peer_fail_call(f->peer, MEM_PEER_DROP_BEFORE);
	assert_int_equal(ns_rpc_call(&f->r, 13, del_stub, sizeof(del_stub), &reply, &len, &sent),
	                 NETSESS_E_TRANSPORT);
	assert_false(sent);
	assert_null(reply);
}

static void test_peer_lost_reply_is_sent(void **state)
{
	struct peer_fx *f = *state;
	uint8_t *reply = NULL;
	size_t len = 0;
	bool sent = false;

	assert_int_equal(ns_rpc_bind(&f->r, f->t, 4280), NERR_Success);
	mem_peer_fail_call(f->peer, MEM_PEER_DROP_AFTER);
	assert_int_equal(ns_rpc_call(&f->r, 13, del_stub, sizeof(del_stub), &reply, &len, &sent),
	                 NETSESS_E_TRANSPORT);
	assert_true(sent);
	assert_int_equal(mem_peer_stats(f->peer)->dels, 1);
}

static void test_peer_bind_nak_and_reject(void **state)
{
	struct peer_fx *f = *state;

	mem_peer_fail_bind(f->peer, MEM_PEER_BIND_NAK);
	assert_int_equal(ns_rpc_bind(&f->r, f->t, 4280), NETSESS_E_BIND_REJECTED);
	mem_peer_fail_bind(f->peer, MEM_PEER_BIND_REJECT);
	assert_int_equal(ns_rpc_bind(&f->r, f->t, 4280), NETSESS_E_BIND_REJECTED);
	assert_int_equal(ns_rpc_bind(&f->r, f->t, 4280), NERR_Success);
}

static void test_peer_timeout(void **state)
{
	struct peer_fx *f = *state;
	uint8_t *reply = NULL;
	size_t len = 0;
	bool sent = false;

	assert_int_equal(ns_rpc_bind(&f->r, f->t, 4280), NERR_Success);
	mem_peer_fail_call(f->peer, MEM_PEER_SILENT);
	assert_int_equal(ns_rpc_call(&f->r, 13, del_stub, sizeof(del_stub), &reply, &len, &sent),
	                 NETSESS_E_TIMEOUT);
	assert_true(sent);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bind_negotiates_fragment_sizes),
	    cmocka_unit_test(test_bind_keeps_smaller_own_size),
	    cmocka_unit_test(test_bind_refuses_tiny_frag),
	    cmocka_unit_test(test_call_reassembles_fragments),
	    cmocka_unit_test(test_call_fragments_request),
	    cmocka_unit_test(test_call_rejects_other_call_id),
	    cmocka_unit_test(test_call_rejects_bad_fragment_order),
	    cmocka_unit_test(test_call_rejects_bad_frag_length),
	    cmocka_unit_test(test_call_transport_errors_pass_through),
	    cmocka_unit_test(test_call_caps_reassembly),
	    cmocka_unit_test(test_call_caps_empty_fragments),
	    cmocka_unit_test(test_call_timeout_bounds_whole_reply),
	    cmocka_unit_test(test_call_timeout_allows_reply_in_time),
	    cmocka_unit_test(test_call_deadline_reaches_transport),
	    cmocka_unit_test(test_call_needs_bind),
	    cmocka_unit_test_setup_teardown(test_peer_call_roundtrip, peer_setup, peer_teardown),
	    cmocka_unit_test_setup_teardown(test_peer_three_error_kinds, peer_setup, peer_teardown),
	    cmocka_unit_test_setup_teardown(test_peer_lost_reply_is_sent, peer_setup,
	                                    peer_teardown),
	    cmocka_unit_test_setup_teardown(test_peer_bind_nak_and_reject, peer_setup,
	                                    peer_teardown),
	    cmocka_unit_test_setup_teardown(test_peer_timeout, peer_setup, peer_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
