/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * msg_test.c - the netsessd / netsessd-rpc messages (agent/helper/msg.h):
 * frames byte for byte, every truncation refused, oversized lengths and
 * counts refused before anything is allocated for them, round trips; ids
 * carried both ways; no field for a password.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helper/msg.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ------------------------------------------------------------ */

/* The body of an encoded frame, after checking its length prefix. */
static const uint8_t *body_of(const struct nsd_msg_frame *f, size_t *len)
{
	assert_true(f->len >= NSD_MSG_HEADER);
	assert_int_equal(nsd_msg_frame_length(f->data, len), NERR_Success);
	assert_int_equal(*len, f->len - NSD_MSG_HEADER);
	return f->data + NSD_MSG_HEADER;
}

static void assert_frame(const struct nsd_msg_frame *f, const uint8_t *want, size_t n)
{
	assert_int_equal(f->len, n);
	assert_memory_equal(f->data, want, n);
}

/* A copy in a buffer of exactly n octets, so that valgrind sees any read
 * past the end. */
static uint8_t *exact_copy(const uint8_t *p, size_t n)
{
	uint8_t *c = malloc(n ? n : 1);

	assert_non_null(c);
	if (n)
		memcpy(c, p, n);
	return c;
}

static netsess_status_t decode_request_exact(const uint8_t *p, size_t n,
                                             struct nsd_msg_request *req)
{
	uint8_t *c = exact_copy(p, n);
	netsess_status_t st = nsd_msg_decode_request(c, n, req);

	free(c);
	return st;
}

static netsess_status_t decode_reply_exact(const uint8_t *p, size_t n, struct nsd_msg_reply *rep)
{
	uint8_t *c = exact_copy(p, n);
	netsess_status_t st = nsd_msg_decode_reply(c, n, rep);

	free(c);
	return st;
}

static void assert_str(const char *want, const char *have)
{
	if (!want)
		assert_null(have);
	else
		assert_string_equal(want, have);
}

/* ---- frame headers ------------------------------------------------------ */

static void test_frame_length(void **state)
{
	static const struct {
		uint8_t hdr[4];
		netsess_status_t st;
		size_t len;
	} cases[] = {
	    {{0x00, 0x00, 0x00, 0x00}, NETSESS_E_PROTOCOL, 0},
	    {{0x01, 0x00, 0x00, 0x00}, NERR_Success, 1},
	    {{0x13, 0x00, 0x00, 0x00}, NERR_Success, 19},
	    {{0x00, 0x01, 0x00, 0x00}, NERR_Success, 256},
	    {{0x00, 0x00, 0x00, 0x04}, NERR_Success, 64u * 1024u * 1024u},
	    {{0x01, 0x00, 0x00, 0x04}, NETSESS_E_PROTOCOL, 0},
	    {{0x00, 0x00, 0x00, 0x80}, NETSESS_E_PROTOCOL, 0},
	    {{0xfe, 0xff, 0xff, 0xff}, NETSESS_E_PROTOCOL, 0},
	    {{0xff, 0xff, 0xff, 0xff}, NETSESS_E_PROTOCOL, 0},
	};
	size_t i, len;

	(void)state;
	for (i = 0; i < N(cases); i++) {
		len = 12345;
		assert_int_equal(nsd_msg_frame_length(cases[i].hdr, &len), cases[i].st);
		assert_int_equal(len, cases[i].len);
	}
}

/* ---- requests, byte for byte --------------------------------------------- */

static const uint8_t del_frame[] = {
    0x1b, 0x00, 0x00, 0x00,                /* length 27 */
    0x03,                                  /* DEL */
    0x07, 0x00, 0x00, 0x00,                /* id 7 */
    0x03, 0x00, 0x00, 0x00, 's', 'r', 'v', /* server */
    0xff, 0xff, 0xff, 0xff,                /* client: none */
    0x03, 0x00, 0x00, 0x00, 'b', 'o', 'b', /* user */
    0x90, 0x01, 0x00, 0x00,                /* settle_ms 400 */
};

static const uint8_t enum_frame[] = {
    0x19, 0x00, 0x00, 0x00,                  /* length 25 */
    0x02,                                    /* ENUM */
    0x04, 0x03, 0x02, 0x01,                  /* id 0x01020304 */
    0x01, 0x00, 0x00, 0x00, 'h',             /* server */
    0x03, 0x00, 0x00, 0x00, '\\', '\\', 'c', /* client */
    0x00, 0x00, 0x00, 0x00,                  /* user: "" */
    0xf6, 0x01, 0x00, 0x00,                  /* level 502 */
};

static const uint8_t open_frame[] = {
    0x3b, 0x00, 0x00, 0x00,                /* length 59 */
    0x01,                                  /* OPEN */
    0x01, 0x00, 0x00, 0x00,                /* id 1 */
    0x03, 0x00, 0x00, 0x00,                /* version 3 */
    0x03, 0x00, 0x00, 0x00, 's', 'v', 'c', /* username */
    0x02, 0x00, 0x00, 0x00, 'E', 'X',      /* domain */
    0x03, 0x00, 0x00, 0x00, '/', 'p', 'w', /* password_file */
    0xff, 0xff, 0xff, 0xff,                /* auth_file: none */
    0xff, 0xff, 0xff, 0xff,                /* keytab: none */
    0x00,                                  /* kerberos */
    0x02,                                  /* signing: required */
    0x01,                                  /* encryption: if required */
    0x3d, 0x01,                            /* port 317 */
    0x88, 0x13, 0x00, 0x00,                /* timeout 5000 ms */
    0xff, 0xff, 0xff, 0xff,                /* pref_max_len */
    0xb8, 0x10,                            /* max_frag 4280 */
    0x03, 0x00, 0x00, 0x00, '/', 't', 'd', /* tmpdir */
};

static struct nsd_msg_open open_args(void)
{
	struct nsd_msg_open o;

	memset(&o, 0, sizeof(o));
	o.username = "svc";
	o.domain = "EX";
	o.password_file = "/pw";
	o.signing = NETSESS_SMB_REQUIRED;
	o.encryption = NETSESS_SMB_IF_REQUIRED;
	o.port = 317;
	o.timeout_ms = 5000;
	o.pref_max_len = 0xFFFFFFFFu;
	o.max_frag = 4280;
	o.tmpdir = "/td";
	return o;
}

static void test_encode_requests(void **state)
{
	struct nsd_msg_open o = open_args();
	struct nsd_msg_frame f;

	(void)state;
	assert_int_equal(nsd_msg_encode_del(7, "srv", NULL, "bob", 400, &f), NERR_Success);
	assert_frame(&f, del_frame, sizeof(del_frame));
	nsd_msg_frame_free(&f);
	assert_null(f.data);
	assert_int_equal(f.len, 0);

	assert_int_equal(nsd_msg_encode_enum(0x01020304u, "h", "\\\\c", "", 502, &f), NERR_Success);
	assert_frame(&f, enum_frame, sizeof(enum_frame));
	nsd_msg_frame_free(&f);

	assert_int_equal(nsd_msg_encode_open(1, &o, &f), NERR_Success);
	assert_frame(&f, open_frame, sizeof(open_frame));
	nsd_msg_frame_free(&f);
	nsd_msg_frame_free(NULL);
}

static void test_decode_requests(void **state)
{
	struct nsd_msg_request q;

	(void)state;
	assert_int_equal(decode_request_exact(del_frame + 4, sizeof(del_frame) - 4, &q),
	                 NERR_Success);
	assert_int_equal(q.kind, NSD_MSG_DEL);
	assert_int_equal(q.id, 7);
	assert_string_equal(q.server, "srv");
	assert_null(q.client);
	assert_string_equal(q.user, "bob");
	assert_int_equal(q.settle_ms, 400);
	nsd_msg_request_clear(&q);
	assert_null(q.server);

	assert_int_equal(decode_request_exact(enum_frame + 4, sizeof(enum_frame) - 4, &q),
	                 NERR_Success);
	assert_int_equal(q.kind, NSD_MSG_ENUM);
	assert_int_equal(q.id, 0x01020304u);
	assert_string_equal(q.server, "h");
	assert_string_equal(q.client, "\\\\c");
	assert_string_equal(q.user, "");
	assert_int_equal(q.level, 502);
	nsd_msg_request_clear(&q);

	assert_int_equal(decode_request_exact(open_frame + 4, sizeof(open_frame) - 4, &q),
	                 NERR_Success);
	assert_int_equal(q.kind, NSD_MSG_OPEN);
	assert_int_equal(q.id, 1);
	assert_int_equal(q.version, NSD_MSG_VERSION);
	assert_string_equal(q.username, "svc");
	assert_string_equal(q.domain, "EX");
	assert_string_equal(q.password_file, "/pw");
	assert_null(q.auth_file);
	assert_null(q.keytab);
	assert_false(q.kerberos);
	assert_int_equal(q.signing, NETSESS_SMB_REQUIRED);
	assert_int_equal(q.encryption, NETSESS_SMB_IF_REQUIRED);
	assert_int_equal(q.port, 317);
	assert_int_equal(q.timeout_ms, 5000);
	assert_int_equal(q.pref_max_len, 0xFFFFFFFFu);
	assert_int_equal(q.max_frag, 4280);
	assert_string_equal(q.tmpdir, "/td");
	nsd_msg_request_clear(&q);
	assert_null(q.tmpdir);
	nsd_msg_request_clear(NULL);
}

/* Malformed request bodies: each is refused and leaves nothing behind. */
static void test_bad_requests(void **state)
{
	static const struct {
		const char *what;
		uint8_t b[48];
		size_t n;
	} cases[] = {
	    {"empty body", {0}, 0},
	    {"kind only", {0x03}, 1},
	    {"kind 0", {0x00, 0, 0, 0, 0}, 5},
	    {"kind 4", {0x04, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff}, 9},
	    {"kind 255", {0xff, 0, 0, 0, 0}, 5},
	    {"DEL, no names", {0x03, 0, 0, 0, 0}, 5},
	    {"string longer than the cap", {0x03, 0, 0, 0, 0, 0x01, 0x40, 0x00, 0x00, 'x'}, 10},
	    {"string length UINT32_MAX - 1", {0x03, 0, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff, 'x'}, 10},
	    {"string longer than the body",
	     {0x03, 0, 0, 0, 0, 0x04, 0x00, 0x00, 0x00, 'a', 'b', 'c'},
	     12},
	    {"string with a NUL",
	     {0x03, 0,    0,    0,    0,    0x03, 0x00, 0x00, 0x00, 'a', 0x00, 'c',
	      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0,    0,   0,    0},
	     24},
	    {"trailing octet",
	     {0x03, 0,    0,    0,    0,    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	      0xff, 0x01, 0x00, 0x00, 0x00, 'u',  0,    0,    0,    0,    0x00},
	     23},
	    {"DEL without its settle_ms",
	     {0x03, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	      0xff},
	     17},
	    {"ENUM without its level",
	     {0x02, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	      0xff},
	     17},
	    {"OPEN, kerberos 2",
	     {0x01, 0,    0,    0,    0,    0x02, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
	      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	      0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x00, 0xbd, 0x01, 0x00, 0x00,
	      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff},
	     48},
	    {"OPEN, signing 3",
	     {0x01, 0,    0,    0,    0,    0x02, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
	      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	      0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x03, 0x00, 0xbd, 0x01, 0x00, 0x00,
	      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff},
	     48},
	    {"OPEN, encryption 255",
	     {0x01, 0,    0,    0,    0,    0x02, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
	      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	      0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0xff, 0xbd, 0x01, 0x00, 0x00,
	      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff},
	     48},
	};
	static const uint8_t good_open[] = {
	    0x01, 0,    0,    0,    0,    0x02, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x00, 0x02, 0xbd, 0x01, 0x00, 0x00,
	    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,
	};
	struct nsd_msg_request q;
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++) {
		netsess_status_t st = decode_request_exact(cases[i].b, cases[i].n, &q);

		if (st != NETSESS_E_PROTOCOL)
			fail_msg("%s: status 0x%x, not NETSESS_E_PROTOCOL", cases[i].what,
			         (unsigned)st);
		assert_null(q.server);
		assert_null(q.client);
		assert_null(q.user);
		assert_null(q.password_file);
	}
	/* The same OPEN with valid flags passes: the cases above differ in
	 * one octet only. */
	assert_int_equal(decode_request_exact(good_open, sizeof(good_open), &q), NERR_Success);
	assert_true(q.kerberos);
	assert_int_equal(q.encryption, NETSESS_SMB_REQUIRED);
	assert_int_equal(q.port, 445);
	assert_null(q.tmpdir);
	nsd_msg_request_clear(&q);
	assert_int_equal(nsd_msg_decode_request(NULL, 0, &q), NETSESS_E_PROTOCOL);
}

/* ---- replies, byte for byte ---------------------------------------------- */

static const uint8_t open_reply_frame[] = {
    0x0d, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, /* OPEN, id 1 */
    0x09, 0x00, 0x00, 0x20,                               /* NETSESS_E_AUTH_FILE */
    0x03, 0x00, 0x00, 0x00,                               /* version 3 */
};
static const uint8_t del_reply_frame[] = {
    0x1b, 0x00, 0x00, 0x00, 0x03, 0x07, 0x00, 0x00, 0x00, /* DEL, id 7 */
    0x08, 0x09, 0x00, 0x00,                               /* NERR_ClientNameNotFound */
    0x02, 0x00, 0x00, 0x00,                               /* tickets 2 */
    0x00, 0xbc, 0xa0, 0x65, 0x00, 0x00, 0x00, 0x00,       /* ticket_end 1705032704 */
    0x02, 0x00, 0x00, 0x00, 'o',  'k',                    /* detail */
};
static const uint8_t enum_fail_frame[] = {
    0x19, 0x00, 0x00, 0x00, 0x02, 0x05, 0x00, 0x00, 0x00, /* ENUM, id 5 */
    0x04, 0x00, 0x00, 0x20,                               /* NETSESS_E_TIMEOUT */
    0x00, 0x00, 0x00, 0x00,                               /* tickets 0 */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,       /* ticket_end 0 */
    0xff, 0xff, 0xff, 0xff,                               /* detail: none */
};
static const uint8_t enum_reply_frame[] = {
    0x4e, 0x00, 0x00, 0x00,                         /* length 78 */
    0x02,                                           /* ENUM */
    0x05, 0x00, 0x00, 0x00,                         /* id 5 */
    0x00, 0x00, 0x00, 0x00,                         /* NERR_Success */
    0x01, 0x00, 0x00, 0x00,                         /* tickets 1 */
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, /* ticket_end INT64_MAX */
    0xff, 0xff, 0xff, 0xff,                         /* detail: none */
    0xf6, 0x01, 0x00, 0x00,                         /* level_requested 502 */
    0x01, 0x00, 0x00, 0x00,                         /* level_served 1 */
    0x07, 0x00, 0x00, 0x00,                         /* total 7 */
    0x01, 0x00, 0x00, 0x00,                         /* count 1 */
    0x02, 0x00, 0x00, 0x00, 'c',  '1',              /* client */
    0x03, 0x00, 0x00, 0x00, 'b',  'o',  'b',        /* user */
    0x02, 0x00, 0x00, 0x00,                         /* opens */
    0xff, 0xff, 0xff, 0x7f,                         /* time INT32_MAX */
    0x00, 0x00, 0x00, 0x00,                         /* idle_time */
    0x03, 0x00, 0x00, 0x00,                         /* user_flags */
    0xff, 0xff, 0xff, 0xff,                         /* client_type: none */
    0x00, 0x00, 0x00, 0x00,                         /* transport: "" */
};

static struct netsess_session one_session = {
    .client = (char[]){"c1"},
    .user = (char[]){"bob"},
    .opens = 2,
    .time = 0x7FFFFFFFu,
    .idle_time = 0,
    .user_flags = NETSESS_SESS_GUEST | NETSESS_SESS_NOENCRYPTION,
    .client_type = NULL,
    .transport = (char[]){""},
};

static const struct nsd_msg_context del_context = {2, 1705032704, "ok"};
static const struct nsd_msg_context enum_context = {1, INT64_MAX, NULL};

static void test_encode_replies(void **state)
{
	struct netsess_session_list l = {502, 1, 7, 1, &one_session};
	const struct nsd_msg_context none = {0, 0, NULL};
	struct nsd_msg_frame f;

	(void)state;
	assert_int_equal(nsd_msg_encode_open_reply(1, NETSESS_E_AUTH_FILE, &f), NERR_Success);
	assert_frame(&f, open_reply_frame, sizeof(open_reply_frame));
	nsd_msg_frame_free(&f);

	assert_int_equal(nsd_msg_encode_del_reply(7, NERR_ClientNameNotFound, &del_context, &f),
	                 NERR_Success);
	assert_frame(&f, del_reply_frame, sizeof(del_reply_frame));
	nsd_msg_frame_free(&f);

	/* A failed enumeration carries no list, whatever is passed; no
	 * context is an empty one. */
	assert_int_equal(nsd_msg_encode_enum_reply(5, NETSESS_E_TIMEOUT, &l, NULL, &f),
	                 NERR_Success);
	assert_frame(&f, enum_fail_frame, sizeof(enum_fail_frame));
	nsd_msg_frame_free(&f);
	assert_int_equal(nsd_msg_encode_enum_reply(5, NETSESS_E_TIMEOUT, &l, &none, &f),
	                 NERR_Success);
	assert_frame(&f, enum_fail_frame, sizeof(enum_fail_frame));
	nsd_msg_frame_free(&f);

	assert_int_equal(nsd_msg_encode_enum_reply(5, NERR_Success, &l, &enum_context, &f),
	                 NERR_Success);
	assert_frame(&f, enum_reply_frame, sizeof(enum_reply_frame));
	nsd_msg_frame_free(&f);
}

static void test_decode_replies(void **state)
{
	static const uint8_t kind_4[] = {0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
	struct nsd_msg_reply r;
	const struct netsess_session *s;

	(void)state;
	assert_int_equal(decode_reply_exact(open_reply_frame + 4, sizeof(open_reply_frame) - 4, &r),
	                 NERR_Success);
	assert_int_equal(r.kind, NSD_MSG_OPEN);
	assert_int_equal(r.id, 1);
	assert_int_equal(r.status, NETSESS_E_AUTH_FILE);
	assert_int_equal(r.version, NSD_MSG_VERSION);
	assert_null(r.list);

	assert_int_equal(decode_reply_exact(del_reply_frame + 4, sizeof(del_reply_frame) - 4, &r),
	                 NERR_Success);
	assert_int_equal(r.kind, NSD_MSG_DEL);
	assert_int_equal(r.id, 7);
	assert_int_equal(r.status, NERR_ClientNameNotFound);
	assert_int_equal(r.tickets, 2);
	assert_int_equal(r.ticket_end, 1705032704);
	assert_string_equal(r.detail, "ok");
	nsd_msg_reply_clear(&r);
	assert_null(r.detail);

	assert_int_equal(decode_reply_exact(enum_fail_frame + 4, sizeof(enum_fail_frame) - 4, &r),
	                 NERR_Success);
	assert_int_equal(r.kind, NSD_MSG_ENUM);
	assert_int_equal(r.id, 5);
	assert_int_equal(r.status, NETSESS_E_TIMEOUT);
	assert_int_equal(r.tickets, 0);
	assert_int_equal(r.ticket_end, 0);
	assert_null(r.detail);
	assert_null(r.list);

	assert_int_equal(decode_reply_exact(enum_reply_frame + 4, sizeof(enum_reply_frame) - 4, &r),
	                 NERR_Success);
	assert_int_equal(r.status, NERR_Success);
	assert_int_equal(r.tickets, 1);
	assert_true(r.ticket_end == INT64_MAX);
	assert_null(r.detail);
	assert_non_null(r.list);
	assert_int_equal(r.list->level_requested, 502);
	assert_int_equal(r.list->level_served, 1);
	assert_int_equal(r.list->total, 7);
	assert_int_equal(r.list->count, 1);
	s = &r.list->items[0];
	assert_string_equal(s->client, "c1");
	assert_string_equal(s->user, "bob");
	assert_int_equal(s->opens, 2);
	assert_int_equal(s->time, 0x7FFFFFFFu);
	assert_int_equal(s->idle_time, 0);
	assert_int_equal(s->user_flags, 3);
	assert_null(s->client_type);
	assert_string_equal(s->transport, "");
	netsess_session_list_free(r.list);

	/* An unknown kind. */
	assert_int_equal(decode_reply_exact(kind_4, sizeof(kind_4), &r), NETSESS_E_PROTOCOL);
	assert_int_equal(nsd_msg_decode_reply(NULL, 0, &r), NETSESS_E_PROTOCOL);
}

/* Session counts: over the cap, over what the body can hold, UINT32_MAX;
 * each refused before the entries are allocated. */
static void test_bad_counts(void **state)
{
	static const uint32_t counts[] = {
	    2,           3,           1000u,      NSD_MSG_SESSIONS_MAX, NSD_MSG_SESSIONS_MAX + 1,
	    0x7FFFFFFFu, 0xFFFFFFFEu, 0xFFFFFFFFu};
	uint8_t body[sizeof(enum_reply_frame) - 4];
	struct nsd_msg_reply r;
	/* kind, id, status, the context, three levels/total */
	size_t i, at = 1 + 4 + 4 + 16 + 12;

	(void)state;
	memcpy(body, enum_reply_frame + 4, sizeof(body));
	for (i = 0; i < N(counts); i++) {
		body[at] = (uint8_t)counts[i];
		body[at + 1] = (uint8_t)(counts[i] >> 8);
		body[at + 2] = (uint8_t)(counts[i] >> 16);
		body[at + 3] = (uint8_t)(counts[i] >> 24);
		assert_int_equal(decode_reply_exact(body, sizeof(body), &r), NETSESS_E_PROTOCOL);
		assert_null(r.list);
	}
	/* Count 0 with the entry left behind: trailing octets. */
	memset(body + at, 0, 4);
	assert_int_equal(decode_reply_exact(body, sizeof(body), &r), NETSESS_E_PROTOCOL);
	/* Count 0 and nothing after it: an empty list. */
	assert_int_equal(decode_reply_exact(body, at + 4, &r), NERR_Success);
	assert_non_null(r.list);
	assert_int_equal(r.list->count, 0);
	netsess_session_list_free(r.list);
}

/* ---- truncations --------------------------------------------------------- */

static void test_truncations(void **state)
{
	static const struct {
		const uint8_t *frame;
		size_t len;
		bool request;
		enum nsd_msg_kind kind;
	} frames[] = {
	    {del_frame, sizeof(del_frame), true, NSD_MSG_DEL},
	    {enum_frame, sizeof(enum_frame), true, NSD_MSG_ENUM},
	    {open_frame, sizeof(open_frame), true, NSD_MSG_OPEN},
	    {open_reply_frame, sizeof(open_reply_frame), false, NSD_MSG_OPEN},
	    {del_reply_frame, sizeof(del_reply_frame), false, NSD_MSG_DEL},
	    {enum_fail_frame, sizeof(enum_fail_frame), false, NSD_MSG_ENUM},
	    {enum_reply_frame, sizeof(enum_reply_frame), false, NSD_MSG_ENUM},
	};
	struct nsd_msg_request q;
	struct nsd_msg_reply r;
	size_t i, n;

	(void)state;
	for (i = 0; i < N(frames); i++) {
		const uint8_t *body = frames[i].frame + 4;
		size_t len = frames[i].len - 4;

		for (n = 0; n < len; n++) {
			if (frames[i].request) {
				assert_int_equal(decode_request_exact(body, n, &q),
				                 NETSESS_E_PROTOCOL);
				assert_null(q.server);
				assert_null(q.username);
			} else {
				assert_int_equal(decode_reply_exact(body, n, &r),
				                 NETSESS_E_PROTOCOL);
				assert_null(r.list);
			}
		}
	}
}

/* ---- encoder limits -------------------------------------------------------- */

static void test_encode_limits(void **state)
{
	char *big = malloc(NSD_MSG_STR_MAX + 2);
	struct nsd_msg_open o = open_args();
	struct nsd_msg_request q;
	struct nsd_msg_frame f;
	struct netsess_session_list l;
	struct netsess_session *many;
	size_t len, i;
	const uint8_t *body;

	(void)state;
	assert_non_null(big);
	memset(big, 'x', NSD_MSG_STR_MAX + 1);
	big[NSD_MSG_STR_MAX + 1] = '\0';
	/* One octet over the cap. */
	assert_int_equal(nsd_msg_encode_del(1, big, NULL, "u", 0, &f), ERROR_INVALID_PARAMETER);
	assert_null(f.data);
	assert_int_equal(f.len, 0);
	o.password_file = big;
	assert_int_equal(nsd_msg_encode_open(1, &o, &f), ERROR_INVALID_PARAMETER);
	assert_null(f.data);
	/* At the cap: it goes through and comes back whole, within what a
	 * helper reads. */
	big[NSD_MSG_STR_MAX] = '\0';
	o.username = o.domain = o.auth_file = o.keytab = o.tmpdir = big;
	assert_int_equal(nsd_msg_encode_open(1, &o, &f), NERR_Success);
	body = body_of(&f, &len);
	assert_true(len <= NSD_MSG_REQUEST_MAX);
	assert_int_equal(decode_request_exact(body, len, &q), NERR_Success);
	assert_string_equal(q.password_file, big);
	assert_string_equal(q.auth_file, big);
	assert_string_equal(q.keytab, big);
	assert_string_equal(q.tmpdir, big);
	nsd_msg_request_clear(&q);
	nsd_msg_frame_free(&f);

	/* Policies out of range. */
	o = open_args();
	o.signing = (enum netsess_smb_policy)3;
	assert_int_equal(nsd_msg_encode_open(1, &o, &f), ERROR_INVALID_PARAMETER);
	assert_int_equal(nsd_msg_encode_open(1, NULL, &f), ERROR_INVALID_PARAMETER);

	/* A successful enumeration needs its list; the count is capped. */
	assert_int_equal(nsd_msg_encode_enum_reply(1, NERR_Success, NULL, NULL, &f),
	                 ERROR_INVALID_PARAMETER);
	l = (struct netsess_session_list){502, 1, 0, NSD_MSG_SESSIONS_MAX + 1, &one_session};
	assert_int_equal(nsd_msg_encode_enum_reply(1, NERR_Success, &l, NULL, &f),
	                 ERROR_INVALID_PARAMETER);
	l.items = NULL;
	l.count = 1;
	assert_int_equal(nsd_msg_encode_enum_reply(1, NERR_Success, &l, NULL, &f),
	                 ERROR_INVALID_PARAMETER);

	/* Over NSD_MSG_FRAME_MAX in all: 4100 sessions of four strings at
	 * the cap (every entry shares the same strings). */
	many = calloc(4100, sizeof(*many));
	assert_non_null(many);
	for (i = 0; i < 4100; i++) {
		many[i].client = big;
		many[i].user = big;
		many[i].client_type = big;
		many[i].transport = big;
	}
	l = (struct netsess_session_list){502, 502, 4100, 4100, many};
	assert_int_equal(nsd_msg_encode_enum_reply(1, NERR_Success, &l, NULL, &f),
	                 ERROR_INVALID_PARAMETER);
	assert_null(f.data);
	free(many);
	free(big);
}

/* ---- round trips ------------------------------------------------------------ */

static void test_round_trip_requests(void **state)
{
	static const char *const names[] = {NULL, "", "a", "\\\\10.0.0.5", "\xc3\xa9t\xc3\xa9"};
	struct nsd_msg_request q;
	struct nsd_msg_frame f;
	struct nsd_msg_open o;
	const uint8_t *body;
	size_t i, j, len;

	(void)state;
	for (i = 0; i < N(names); i++) {
		for (j = 0; j < N(names); j++) {
			assert_int_equal(nsd_msg_encode_enum((uint32_t)(i * 10 + j), names[j],
			                                     names[i], names[j], 0xFFFFFFFFu, &f),
			                 NERR_Success);
			body = body_of(&f, &len);
			assert_int_equal(decode_request_exact(body, len, &q), NERR_Success);
			assert_int_equal(q.kind, NSD_MSG_ENUM);
			assert_int_equal(q.id, i * 10 + j);
			assert_str(names[j], q.server);
			assert_str(names[i], q.client);
			assert_str(names[j], q.user);
			assert_int_equal(q.level, 0xFFFFFFFFu);
			nsd_msg_request_clear(&q);
			nsd_msg_frame_free(&f);

			assert_int_equal(nsd_msg_encode_del(0xFFFFFFFFu, NULL, names[i], names[j],
			                                    0xFFFFFFFFu, &f),
			                 NERR_Success);
			body = body_of(&f, &len);
			assert_int_equal(decode_request_exact(body, len, &q), NERR_Success);
			assert_int_equal(q.kind, NSD_MSG_DEL);
			assert_int_equal(q.id, 0xFFFFFFFFu);
			assert_null(q.server);
			assert_str(names[i], q.client);
			assert_str(names[j], q.user);
			assert_int_equal(q.settle_ms, 0xFFFFFFFFu);
			nsd_msg_request_clear(&q);
			nsd_msg_frame_free(&f);
		}
	}

	memset(&o, 0, sizeof(o));
	o.auth_file = "/etc/netsessd/fs1.auth";
	o.keytab = "/etc/netsessd/svc.keytab";
	o.kerberos = true;
	o.port = 0xFFFF;
	o.timeout_ms = 0xFFFFFFFFu;
	o.max_frag = 0xFFFF;
	assert_int_equal(nsd_msg_encode_open(0, &o, &f), NERR_Success);
	body = body_of(&f, &len);
	assert_int_equal(decode_request_exact(body, len, &q), NERR_Success);
	assert_int_equal(q.id, 0);
	assert_null(q.username);
	assert_null(q.domain);
	assert_null(q.password_file);
	assert_string_equal(q.auth_file, "/etc/netsessd/fs1.auth");
	assert_string_equal(q.keytab, "/etc/netsessd/svc.keytab");
	assert_true(q.kerberos);
	assert_int_equal(q.signing, NETSESS_SMB_OFF);
	assert_int_equal(q.encryption, NETSESS_SMB_OFF);
	assert_int_equal(q.port, 0xFFFF);
	assert_int_equal(q.timeout_ms, 0xFFFFFFFFu);
	assert_int_equal(q.pref_max_len, 0);
	assert_int_equal(q.max_frag, 0xFFFF);
	nsd_msg_request_clear(&q);
	nsd_msg_frame_free(&f);
}

static void test_round_trip_list(void **state)
{
	enum { COUNT = 300 };
	struct netsess_session *items = calloc(COUNT, sizeof(*items));
	struct netsess_session_list l = {10, 10, 12345, COUNT, items};
	char names[COUNT][4][24];
	struct nsd_msg_reply r;
	struct nsd_msg_frame f;
	const uint8_t *body;
	size_t i, len;

	(void)state;
	assert_non_null(items);
	for (i = 0; i < COUNT; i++) {
		snprintf(names[i][0], sizeof(names[i][0]), "10.0.%zu.%zu", i / 250, i % 250);
		snprintf(names[i][1], sizeof(names[i][1]), "user%zu", i);
		snprintf(names[i][2], sizeof(names[i][2]), "SMB %zu", i % 4);
		snprintf(names[i][3], sizeof(names[i][3]), "\\Device\\Tcp%zu", i % 5);
		items[i].client = names[i][0];
		items[i].user = i % 7 == 0 ? NULL : names[i][1];
		items[i].opens = (uint32_t)i;
		items[i].time = 0xFFFFFFFFu - (uint32_t)i;
		items[i].idle_time = (uint32_t)i * 3u;
		items[i].user_flags = (uint32_t)i & 3u;
		items[i].client_type = i % 2 ? names[i][2] : NULL;
		items[i].transport = i % 3 ? names[i][3] : NULL;
	}
	assert_int_equal(nsd_msg_encode_enum_reply(77, NERR_Success, &l, NULL, &f), NERR_Success);
	body = body_of(&f, &len);
	assert_int_equal(decode_reply_exact(body, len, &r), NERR_Success);
	assert_int_equal(r.id, 77);
	assert_int_equal(r.status, NERR_Success);
	assert_int_equal(r.list->level_requested, 10);
	assert_int_equal(r.list->level_served, 10);
	assert_int_equal(r.list->total, 12345);
	assert_int_equal(r.list->count, COUNT);
	for (i = 0; i < COUNT; i++) {
		const struct netsess_session *a = &items[i], *b = &r.list->items[i];

		assert_str(a->client, b->client);
		assert_str(a->user, b->user);
		assert_int_equal(a->opens, b->opens);
		assert_int_equal(a->time, b->time);
		assert_int_equal(a->idle_time, b->idle_time);
		assert_int_equal(a->user_flags, b->user_flags);
		assert_str(a->client_type, b->client_type);
		assert_str(a->transport, b->transport);
	}
	netsess_session_list_free(r.list);
	/* Every truncation of a long list fails too (a sample of cut points
	 * keeps the test fast; the byte-table frames above are cut at every
	 * octet). */
	for (i = 0; i < len; i += 1 + i / 64) {
		assert_int_equal(decode_reply_exact(body, i, &r), NETSESS_E_PROTOCOL);
		assert_null(r.list);
	}
	nsd_msg_frame_free(&f);
	free(items);
}

static void test_round_trip_statuses(void **state)
{
	static const netsess_status_t codes[] = {
	    NERR_Success,      ERROR_ACCESS_DENIED,         NERR_ClientNameNotFound,
	    NETSESS_E_TIMEOUT, NETSESS_E_PROTOCOL,          NETSESS_E_TRANSPORT,
	    0xFFFFFFFFu,       NETSESS_E_CONNECTION_REFUSED};
	struct nsd_msg_reply r;
	struct nsd_msg_frame f;
	const uint8_t *body;
	size_t i, len;

	(void)state;
	for (i = 0; i < N(codes); i++) {
		assert_int_equal(nsd_msg_encode_del_reply((uint32_t)i, codes[i], NULL, &f),
		                 NERR_Success);
		body = body_of(&f, &len);
		assert_int_equal(decode_reply_exact(body, len, &r), NERR_Success);
		assert_int_equal(r.kind, NSD_MSG_DEL);
		assert_int_equal(r.id, i);
		assert_int_equal(r.status, codes[i]);
		nsd_msg_frame_free(&f);

		assert_int_equal(nsd_msg_encode_open_reply((uint32_t)i + 100, codes[i], &f),
		                 NERR_Success);
		body = body_of(&f, &len);
		assert_int_equal(decode_reply_exact(body, len, &r), NERR_Success);
		assert_int_equal(r.kind, NSD_MSG_OPEN);
		assert_int_equal(r.id, i + 100);
		assert_int_equal(r.status, codes[i]);
		assert_int_equal(r.version, NSD_MSG_VERSION);
		nsd_msg_frame_free(&f);
	}
}

/* The context of a reply: the detail and the ticket's end are capped on
 * both sides; a detail may hold any octet but NUL (the daemon makes it
 * safe for its log). */
static void test_context_limits(void **state)
{
	char *detail = malloc(NSD_MSG_DETAIL_MAX + 2);
	struct nsd_msg_context c = {7, 1, NULL};
	struct nsd_msg_reply r;
	struct nsd_msg_frame f;
	const uint8_t *body;
	size_t len, at = 1 + 4 + 4; /* the context after kind, id, status */

	(void)state;
	assert_non_null(detail);
	memset(detail, 'd', NSD_MSG_DETAIL_MAX + 1);
	detail[NSD_MSG_DETAIL_MAX + 1] = '\0';
	c.detail = detail;
	assert_int_equal(nsd_msg_encode_del_reply(1, NETSESS_E_LOGON_FAILURE, &c, &f),
	                 ERROR_INVALID_PARAMETER);
	assert_null(f.data);
	assert_int_equal(nsd_msg_encode_enum_reply(1, NETSESS_E_LOGON_FAILURE, NULL, &c, &f),
	                 ERROR_INVALID_PARAMETER);
	/* At the cap: through, and back whole. */
	detail[NSD_MSG_DETAIL_MAX] = '\0';
	assert_int_equal(nsd_msg_encode_del_reply(1, NETSESS_E_LOGON_FAILURE, &c, &f),
	                 NERR_Success);
	body = body_of(&f, &len);
	assert_int_equal(decode_reply_exact(body, len, &r), NERR_Success);
	assert_string_equal(r.detail, detail);
	assert_int_equal(r.tickets, 7);
	nsd_msg_reply_clear(&r);
	nsd_msg_frame_free(&f);
	{
		/* A body built by hand: a detail of NSD_MSG_DETAIL_MAX + 1
		 * octets, which the body holds: over the decoder's cap. */
		size_t n = at + 16 + NSD_MSG_DETAIL_MAX + 1;
		uint8_t *b = calloc(1, n);

		assert_non_null(b);
		b[0] = NSD_MSG_DEL;
		b[at + 12] = (uint8_t)(NSD_MSG_DETAIL_MAX + 1);
		b[at + 13] = (uint8_t)((NSD_MSG_DETAIL_MAX + 1) >> 8);
		memset(b + at + 16, 'd', NSD_MSG_DETAIL_MAX + 1);
		assert_int_equal(decode_reply_exact(b, n, &r), NETSESS_E_PROTOCOL);
		assert_null(r.detail);
		/* One octet less, length to match: accepted. */
		b[at + 12] = (uint8_t)NSD_MSG_DETAIL_MAX;
		b[at + 13] = (uint8_t)(NSD_MSG_DETAIL_MAX >> 8);
		assert_int_equal(decode_reply_exact(b, n - 1, &r), NERR_Success);
		assert_int_equal(strlen(r.detail), NSD_MSG_DETAIL_MAX);
		nsd_msg_reply_clear(&r);
		free(b);
	}
	free(detail);

	/* A ticket's end before the Epoch cannot be sent; one over
	 * INT64_MAX cannot be read. */
	c = (struct nsd_msg_context){1, -1, NULL};
	assert_int_equal(nsd_msg_encode_del_reply(1, NERR_Success, &c, &f),
	                 ERROR_INVALID_PARAMETER);
	{
		uint8_t b[sizeof(del_reply_frame) - 4];

		memcpy(b, del_reply_frame + 4, sizeof(b));
		b[at + 4 + 7] = 0x80; /* ticket_end 0x8000...0065a0bc00 */
		assert_int_equal(decode_reply_exact(b, sizeof(b), &r), NETSESS_E_PROTOCOL);
		assert_null(r.detail);
		/* A detail with a NUL. */
		memcpy(b, del_reply_frame + 4, sizeof(b));
		b[sizeof(b) - 1] = '\0';
		assert_int_equal(decode_reply_exact(b, sizeof(b), &r), NETSESS_E_PROTOCOL);
	}

	/* Control octets travel as they are. */
	c = (struct nsd_msg_context){0, 0, "a\nb\x1b[31m\x7f"};
	assert_int_equal(nsd_msg_encode_enum_reply(3, NETSESS_E_LOGON_FAILURE, NULL, &c, &f),
	                 NERR_Success);
	body = body_of(&f, &len);
	assert_int_equal(decode_reply_exact(body, len, &r), NERR_Success);
	assert_string_equal(r.detail, "a\nb\x1b[31m\x7f");
	assert_null(r.list);
	nsd_msg_reply_clear(&r);
	nsd_msg_reply_clear(NULL);
	nsd_msg_frame_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_frame_length),    cmocka_unit_test(test_encode_requests),
	    cmocka_unit_test(test_decode_requests), cmocka_unit_test(test_bad_requests),
	    cmocka_unit_test(test_encode_replies),  cmocka_unit_test(test_decode_replies),
	    cmocka_unit_test(test_bad_counts),      cmocka_unit_test(test_truncations),
	    cmocka_unit_test(test_encode_limits),   cmocka_unit_test(test_round_trip_requests),
	    cmocka_unit_test(test_round_trip_list), cmocka_unit_test(test_round_trip_statuses),
	    cmocka_unit_test(test_context_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
