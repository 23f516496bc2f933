/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * srvsvc_test.c - NetrSessionEnum and NetrSessionDel stubs against vectors
 * marshalled by Samba (tests/vectors/srvsvc_vectors.h), plus the worked
 * examples of the reference, truncations and corrupted counts, strings and
 * referents; and the answers of a real Samba (tests/vectors/samba_capture.h)
 * compared with what Samba's own decoder read in them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dcerpc.h"
#include "srvsvc.h"
#include "../vectors/dcerpc_vectors.h"
#include "../vectors/samba_capture.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))
#define PUSH_LIMIT 65536u

static uint8_t *dup_exact(const uint8_t *b, size_t n)
{
	uint8_t *c = malloc(n > 0 ? n : 1);

	assert_non_null(c);
	if (n > 0)
		memcpy(c, b, n);
	return c;
}

static void set_u32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

static uint32_t get_u32(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static const struct vec_enum_rep *find_rep(const char *name)
{
	size_t i;

	for (i = 0; i < N_ELEM(vec_enum_reps); i++)
		if (strcmp(vec_enum_reps[i].name, name) == 0)
			return &vec_enum_reps[i];
	fail_msg("no vector %s", name);
	return NULL;
}

static void assert_opt_string(const char *got, const char *want)
{
	if (want == NULL)
		assert_null(got);
	else
		assert_string_equal(got, want);
}

static void assert_entries(const struct ns_srvsvc_enum_rep *r, const struct vec_session *want,
                           size_t count)
{
	size_t i;

	assert_int_equal(r->count, count);
	if (count == 0) {
		assert_null(r->entries);
		return;
	}
	for (i = 0; i < count; i++) {
		const struct netsess_session *s = &r->entries[i];

		assert_opt_string(s->client, want[i].client);
		assert_opt_string(s->user, want[i].user);
		assert_int_equal(s->opens, want[i].opens);
		assert_int_equal(s->time, want[i].time);
		assert_int_equal(s->idle_time, want[i].idle_time);
		assert_int_equal(s->user_flags, want[i].user_flags);
		assert_opt_string(s->client_type, want[i].client_type);
		assert_opt_string(s->transport, want[i].transport);
	}
}

static void assert_rep_empty(const struct ns_srvsvc_enum_rep *r)
{
	assert_int_equal(r->count, 0);
	assert_null(r->entries);
	assert_int_equal(r->level, 0);
	assert_int_equal(r->status, 0);
	assert_false(r->has_resume);
}

/* ------------------------------------------------------------------ */
/* Requests                                                           */
/* ------------------------------------------------------------------ */

static void test_enum_request_vectors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < N_ELEM(vec_enum_reqs); i++) {
		const struct vec_enum_req *v = &vec_enum_reqs[i];
		struct ns_srvsvc_enum_req req = {v->server, v->client,       v->user,
		                                 v->level,  v->pref_max_len, v->resume_handle};
		struct ns_ndr_push p;

		print_message("case %s\n", v->name);
		ns_ndr_push_init(&p, PUSH_LIMIT);
		assert_int_equal(ns_srvsvc_session_enum_encode(&req, &p), NERR_Success);
		assert_int_equal(p.size, v->len);
		assert_memory_equal(p.data, v->stub, v->len);
		ns_ndr_push_free(&p);
	}
}

/* [MS-SRVS] reference example: level 10, ClientName \\10.0.0.5, 80 bytes. */
static void test_enum_request_worked_example(void **state)
{
	static const uint8_t want[80] = {
	    0x00, 0x00, 0x00, 0x00, /* 00 ServerName NULL */
	    0x00, 0x00, 0x02, 0x00, /* 04 ClientName referent */
	    0x0b, 0x00, 0x00, 0x00, /* 08 max_count 11 */
	    0x00, 0x00, 0x00, 0x00, /* 0C offset */
	    0x0b, 0x00, 0x00, 0x00, /* 10 actual_count 11 */
	    '\\', 0,    '\\', 0,    '1', 0,   '0', 0,   '.', 0, '0',
	    0,    '.',  0,    '0',  0,   '.', 0,   '5', 0,   0, 0, /* 14..29 "\\10.0.0.5" NUL */
	    0x00, 0x00,                                            /* 2A pad */
	    0x00, 0x00, 0x00, 0x00,                                /* 2C UserName NULL */
	    0x0a, 0x00, 0x00, 0x00,                                /* 30 Level */
	    0x0a, 0x00, 0x00, 0x00,                                /* 34 discriminant */
	    0x04, 0x00, 0x02, 0x00,                                /* 38 container referent */
	    0x00, 0x00, 0x00, 0x00,                                /* 3C EntriesRead */
	    0x00, 0x00, 0x00, 0x00,                                /* 40 Buffer NULL */
	    0xff, 0xff, 0xff, 0xff,                                /* 44 PreferedMaximumLength */
	    0x08, 0x00, 0x02, 0x00,                                /* 48 ResumeHandle referent */
	    0x00, 0x00, 0x00, 0x00,                                /* 4C *ResumeHandle */
	};
	struct ns_srvsvc_enum_req req = {NULL, "\\\\10.0.0.5", NULL, 10, 0xFFFFFFFFu, 0};
	struct ns_ndr_push p;

	(void)state;
	ns_ndr_push_init(&p, PUSH_LIMIT);
	assert_int_equal(ns_srvsvc_session_enum_encode(&req, &p), NERR_Success);
	assert_int_equal(p.size, 80);
	assert_memory_equal(p.data, want, 80);
	assert_int_equal(vec_enum_reqs[0].len, 80);
	assert_memory_equal(vec_enum_reqs[0].stub, want, 80);
	ns_ndr_push_free(&p);
}

/* An empty name is sent as NULL, like an absent one. */
static void test_enum_request_empty_is_null(void **state)
{
	struct ns_srvsvc_enum_req a = {"", "", "", 1, 0xFFFFFFFFu, 0};
	struct ns_srvsvc_enum_req b = {NULL, NULL, NULL, 1, 0xFFFFFFFFu, 0};
	struct ns_ndr_push pa, pb;

	(void)state;
	ns_ndr_push_init(&pa, PUSH_LIMIT);
	ns_ndr_push_init(&pb, PUSH_LIMIT);
	assert_int_equal(ns_srvsvc_session_enum_encode(&a, &pa), NERR_Success);
	assert_int_equal(ns_srvsvc_session_enum_encode(&b, &pb), NERR_Success);
	assert_int_equal(pa.size, pb.size);
	assert_memory_equal(pa.data, pb.data, pa.size);
	ns_ndr_push_free(&pa);
	ns_ndr_push_free(&pb);
}

static void test_enum_request_errors(void **state)
{
	static const uint32_t bad_levels[] = {3, 11, 101, 501, 503, 0xFFFFFFFFu};
	struct ns_srvsvc_enum_req req = {NULL, NULL, NULL, 0, 0xFFFFFFFFu, 0};
	struct ns_ndr_push p;
	size_t i;

	(void)state;
	for (i = 0; i < N_ELEM(bad_levels); i++) {
		req.level = bad_levels[i];
		ns_ndr_push_init(&p, PUSH_LIMIT);
		assert_int_equal(ns_srvsvc_session_enum_encode(&req, &p), ERROR_INVALID_LEVEL);
		assert_int_equal(p.size, 0);
		ns_ndr_push_free(&p);
	}
	req.level = 1;
	req.client = "\\\\bad\xff";
	ns_ndr_push_init(&p, PUSH_LIMIT);
	assert_int_equal(ns_srvsvc_session_enum_encode(&req, &p), ERROR_INVALID_PARAMETER);
	ns_ndr_push_free(&p);
	req.client = "\\\\host";
	ns_ndr_push_init(&p, 40); /* too small for the request */
	assert_int_equal(ns_srvsvc_session_enum_encode(&req, &p), ERROR_NOT_ENOUGH_MEMORY);
	ns_ndr_push_free(&p);
	assert_int_equal(ns_srvsvc_session_enum_encode(NULL, &p), ERROR_INVALID_PARAMETER);
	assert_int_equal(ns_srvsvc_session_enum_encode(&req, NULL), ERROR_INVALID_PARAMETER);
}

static void test_del_request_vectors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < N_ELEM(vec_del_reqs); i++) {
		const struct vec_del_req *v = &vec_del_reqs[i];
		struct ns_ndr_push p;

		print_message("case %s\n", v->name);
		ns_ndr_push_init(&p, PUSH_LIMIT);
		assert_int_equal(ns_srvsvc_session_del_encode(v->server, v->client, v->user, &p),
		                 NERR_Success);
		assert_int_equal(p.size, v->len);
		assert_memory_equal(p.data, v->stub, v->len);
		ns_ndr_push_free(&p);
	}
}

/* Reference example: NetrSessionDel \\10.0.0.5 / bob, 68 bytes. */
static void test_del_request_worked_example(void **state)
{
	static const uint8_t want[68] = {
	    0x00, 0x00, 0x00, 0x00, /* ServerName NULL */
	    0x00, 0x00, 0x02, 0x00, /* ClientName referent */
	    0x0b, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b, 0x00, 0x00, 0x00,
	    '\\', 0,    '\\', 0,    '1',  0,    '0',  0,    '.',  0,    '0',  0,
	    '.',  0,    '0',  0,    '.',  0,    '5',  0,    0,    0,    0x00, 0x00, /* pad */
	    0x04, 0x00, 0x02, 0x00, /* UserName referent */
	    0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
	    0x62, 0x00, 0x6f, 0x00, 0x62, 0x00, 0x00, 0x00, /* "bob", no trailing pad */
	};
	struct ns_ndr_push p;

	(void)state;
	ns_ndr_push_init(&p, PUSH_LIMIT);
	assert_int_equal(ns_srvsvc_session_del_encode(NULL, "\\\\10.0.0.5", "bob", &p),
	                 NERR_Success);
	assert_int_equal(p.size, 68);
	assert_memory_equal(p.data, want, 68);
	ns_ndr_push_free(&p);
}

/* Both names unspecified: refused, nothing written. */
static void test_del_request_refuses_all_sessions(void **state)
{
	static const char *const none[] = {NULL, ""};
	struct ns_ndr_push p;
	size_t i, j;

	(void)state;
	for (i = 0; i < 2; i++) {
		for (j = 0; j < 2; j++) {
			ns_ndr_push_init(&p, PUSH_LIMIT);
			assert_int_equal(
			    ns_srvsvc_session_del_encode("\\\\srv", none[i], none[j], &p),
			    ERROR_INVALID_PARAMETER);
			assert_int_equal(p.size, 0);
			assert_null(p.data);
			ns_ndr_push_free(&p);
		}
	}
	assert_int_equal(ns_srvsvc_session_del_encode(NULL, "\\\\c", "u", NULL),
	                 ERROR_INVALID_PARAMETER);
	/* One empty, the other given: the empty one goes as NULL. */
	{
		struct ns_ndr_push a, b;

		ns_ndr_push_init(&a, PUSH_LIMIT);
		ns_ndr_push_init(&b, PUSH_LIMIT);
		assert_int_equal(ns_srvsvc_session_del_encode("", "", "alice", &a), NERR_Success);
		assert_int_equal(ns_srvsvc_session_del_encode(NULL, NULL, "alice", &b),
		                 NERR_Success);
		assert_int_equal(a.size, b.size);
		assert_memory_equal(a.data, b.data, a.size);
		ns_ndr_push_free(&a);
		ns_ndr_push_free(&b);
	}
}

/* ------------------------------------------------------------------ */
/* Responses                                                          */
/* ------------------------------------------------------------------ */

static void test_del_response_vectors(void **state)
{
	size_t i, n;

	(void)state;
	for (i = 0; i < N_ELEM(vec_del_reps); i++) {
		const struct vec_del_rep *v = &vec_del_reps[i];
		netsess_status_t result = 0xAAAA;

		assert_int_equal(ns_srvsvc_session_del_decode(v->stub, v->len, &result),
		                 NERR_Success);
		assert_int_equal(result, v->status);
		for (n = 0; n < v->len; n++) {
			uint8_t *c = dup_exact(v->stub, n);

			assert_int_equal(ns_srvsvc_session_del_decode(c, n, &result),
			                 NETSESS_E_PROTOCOL);
			free(c);
		}
	}
	{
		static const uint8_t five[5] = {0};
		netsess_status_t result;

		assert_int_equal(ns_srvsvc_session_del_decode(five, 5, &result),
		                 NETSESS_E_PROTOCOL);
		assert_int_equal(ns_srvsvc_session_del_decode(NULL, 4, &result),
		                 NETSESS_E_PROTOCOL);
	}
}

static void test_enum_response_vectors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < N_ELEM(vec_enum_reps); i++) {
		const struct vec_enum_rep *v = &vec_enum_reps[i];
		uint8_t *c = dup_exact(v->stub, v->len);
		struct ns_srvsvc_enum_rep r;

		print_message("case %s\n", v->name);
		assert_int_equal(ns_srvsvc_session_enum_decode(c, v->len, v->level_requested, &r),
		                 NERR_Success);
		assert_int_equal(r.level, v->level);
		assert_entries(&r, v->entries, v->count);
		assert_int_equal(r.total_entries, v->total_entries);
		assert_int_equal(r.has_resume, v->has_resume);
		assert_int_equal(r.resume_handle, v->resume_handle);
		assert_int_equal(r.status, v->status);
		ns_srvsvc_enum_rep_clear(&r);
		ns_srvsvc_enum_rep_clear(&r);
		free(c);
	}
}

/* Reference example: the 188-byte level-10 response with two entries. */
static void test_enum_response_worked_example(void **state)
{
	const struct vec_enum_rep *v = find_rep("ref_level10_188");
	struct ns_srvsvc_enum_rep r;

	(void)state;
	assert_int_equal(v->len, 188);
	assert_int_equal(get_u32(v->stub + 0), 10);  /* Level */
	assert_int_equal(get_u32(v->stub + 4), 10);  /* discriminant */
	assert_int_equal(get_u32(v->stub + 12), 2);  /* EntriesRead */
	assert_int_equal(get_u32(v->stub + 20), 2);  /* max_count */
	assert_int_equal(get_u32(v->stub + 184), 0); /* status */
	assert_int_equal(ns_srvsvc_session_enum_decode(v->stub, v->len, 10, &r), NERR_Success);
	assert_int_equal(r.count, 2);
	assert_string_equal(r.entries[0].client, "\\\\10.0.0.5");
	assert_string_equal(r.entries[0].user, "bob");
	assert_int_equal(r.entries[0].time, 30);
	assert_int_equal(r.entries[0].idle_time, 10);
	assert_string_equal(r.entries[1].client, "\\\\10.0.0.6");
	assert_string_equal(r.entries[1].user, "alice");
	assert_int_equal(r.entries[1].time, 4000);
	assert_null(r.entries[1].client_type);
	assert_int_equal(r.total_entries, 2);
	assert_true(r.has_resume);
	ns_srvsvc_enum_rep_clear(&r);
}

/* Every truncation of every response fails cleanly with nothing held; a
 * trailing byte fails too. */
static void test_enum_response_truncations(void **state)
{
	size_t i, n, total = 0;

	(void)state;
	for (i = 0; i < N_ELEM(vec_enum_reps); i++) {
		const struct vec_enum_rep *v = &vec_enum_reps[i];
		struct ns_srvsvc_enum_rep r;
		uint8_t *c;

		for (n = 0; n < v->len; n++) {
			c = dup_exact(v->stub, n);
			memset(&r, 0x55, sizeof(r));
			assert_int_equal(
			    ns_srvsvc_session_enum_decode(c, n, v->level_requested, &r),
			    NETSESS_E_PROTOCOL);
			assert_rep_empty(&r);
			free(c);
			total++;
		}
		c = malloc(v->len + 1);
		assert_non_null(c);
		memcpy(c, v->stub, v->len);
		c[v->len] = 0;
		assert_int_equal(
		    ns_srvsvc_session_enum_decode(c, v->len + 1, v->level_requested, &r),
		    NETSESS_E_PROTOCOL);
		assert_rep_empty(&r);
		free(c);
	}
	print_message("%zu truncations\n", total);
}

/* The same for the 120-entry response that Samba would fragment. */
static void test_big_response_truncations(void **state)
{
	const struct vec_frags *v = NULL;
	size_t i, n;

	(void)state;
	for (i = 0; i < N_ELEM(vec_frag_sets); i++)
		if (strcmp(vec_frag_sets[i].name, "rep_big_samba") == 0)
			v = &vec_frag_sets[i];
	assert_non_null(v);
	for (n = 0; n < v->stub_len; n++) {
		uint8_t *c = dup_exact(v->stub, n);
		struct ns_srvsvc_enum_rep r;

		assert_int_equal(ns_srvsvc_session_enum_decode(c, n, 1, &r), NETSESS_E_PROTOCOL);
		assert_rep_empty(&r);
		free(c);
	}
}

/* The several-entries response patched at known offsets. */
struct patch_case {
	const char *vector;
	size_t at;
	uint32_t value;
	netsess_status_t status;
	const char *why;
	size_t at2; /* a second patch when non-zero */
	uint32_t value2;
};

/*
 * Offsets in l1_several (level 1, 3 entries): 0 level, 4 discriminant,
 * 8 container referent, 12 EntriesRead, 16 Buffer referent, 20 max_count,
 * 24 + 24*i entry i {cname ref, user ref, opens, time, idle, flags},
 * 96 first string (cname of entry 0: max, offset, actual, units).
 */
static const struct patch_case patch_cases[] = {
    {"l1_several", 12, 0xFFFFFFFFu, NETSESS_E_PROTOCOL, "EntriesRead 0xFFFFFFFF", 0, 0},
    {"l1_several", 20, 0xFFFFFFFFu, NETSESS_E_PROTOCOL, "max_count 0xFFFFFFFF", 0, 0},
    {"l1_several", 12, 4, NETSESS_E_PROTOCOL, "EntriesRead above max_count", 0, 0},
    {"l1_several", 20, 2, NETSESS_E_PROTOCOL, "max_count below EntriesRead", 0, 0},
    {"l1_several", 0, 2, NETSESS_E_PROTOCOL, "level differs from discriminant", 0, 0},
    {"l1_several", 4, 502, NETSESS_E_PROTOCOL, "discriminant differs from level", 0, 0},
    {"l1_several", 16, 0, NETSESS_E_PROTOCOL, "Buffer NULL with 3 entries", 0, 0},
    {"l1_several", 8, 0, NETSESS_E_PROTOCOL, "container NULL, rest left over", 0, 0},
    {"l1_several", 24, 0, NETSESS_E_PROTOCOL, "cname referent dropped", 0, 0},
    {"l1_several", 96, 0xFFFFFFFFu, NETSESS_E_PROTOCOL, "string max_count huge", 0, 0},
    {"l1_several", 100, 1, NETSESS_E_PROTOCOL, "string offset 1", 0, 0},
    {"l1_several", 104, 0xFFFFFFFFu, NETSESS_E_PROTOCOL, "string actual huge", 0, 0},
    {"l1_several", 104, 10, NETSESS_E_PROTOCOL, "string actual above max", 0, 0},
    {"l1_several", 96, NDR_MAX_STRING_UNITS + 1, NETSESS_E_PROTOCOL, "string above cap", 0, 0},
    {"l1_several", 28, 0, NETSESS_E_PROTOCOL, "user referent dropped", 0, 0},
    {"l1_null_strings", 24, 0x00020000, NETSESS_E_PROTOCOL, "referent where NULL was", 0, 0},
    {"l1_empty_null_buffer", 12, 1, NETSESS_E_PROTOCOL, "Buffer NULL with 1 entry", 0, 0},
    {"l1_empty_array", 20, 1, NETSESS_E_PROTOCOL, "max_count 1 for 0 entries", 0, 0},
    {"l1_empty_array", 12, SRVSVC_MAX_ENTRIES + 1, NETSESS_E_PROTOCOL, "above the cap", 0, 0},
    {"l0_several", 12, 1000, NETSESS_E_PROTOCOL, "count beyond the bytes left", 20, 1000},
    {"l502_several", 12, 9, NETSESS_E_PROTOCOL, "9 x 32 bytes > what is left", 20, 9},
    {"l1_several", 12, SRVSVC_MAX_ENTRIES + 1, NETSESS_E_PROTOCOL, "cap", 20,
     SRVSVC_MAX_ENTRIES + 1},
    {"l1_several", 12, 0xFFFFFFFFu, NETSESS_E_PROTOCOL, "both 0xFFFFFFFF", 20, 0xFFFFFFFFu},
    {"l1_several", 24, 0x12345678, NERR_Success, "any non-zero referent", 0, 0},
    {"l1_several", 96, 20, NERR_Success, "string max_count above actual", 0, 0},
};

static void test_enum_response_patched(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < N_ELEM(patch_cases); i++) {
		const struct patch_case *pc = &patch_cases[i];
		const struct vec_enum_rep *v = find_rep(pc->vector);
		uint8_t *c = dup_exact(v->stub, v->len);
		struct ns_srvsvc_enum_rep r;

		print_message("case %s\n", pc->why);
		assert_true(pc->at + 4 <= v->len);
		set_u32(c + pc->at, pc->value);
		if (pc->at2 != 0)
			set_u32(c + pc->at2, pc->value2);
		assert_int_equal(ns_srvsvc_session_enum_decode(c, v->len, v->level_requested, &r),
		                 pc->status);
		if (pc->status == NERR_Success)
			assert_entries(&r, v->entries, v->count);
		else
			assert_rep_empty(&r);
		ns_srvsvc_enum_rep_clear(&r);
		free(c);
	}
}

/* A large EntriesRead with enough bytes behind it to pass the remaining
 * bytes check, but an invalid first string: no leak, clean failure. */
static void test_enum_response_large_count_fails_late(void **state)
{
	size_t count = 5000, len = 24 + 4 * count + 4 * 4, i;
	uint8_t *c = calloc(1, len);
	struct ns_srvsvc_enum_rep r;

	(void)state;
	assert_non_null(c);
	set_u32(c + 0, 0);
	set_u32(c + 4, 0);
	set_u32(c + 8, 0x20000);
	set_u32(c + 12, (uint32_t)count);
	set_u32(c + 16, 0x20004);
	set_u32(c + 20, (uint32_t)count);
	for (i = 0; i < count; i++)
		set_u32(c + 24 + 4 * i, 0x20008);
	assert_int_equal(ns_srvsvc_session_enum_decode(c, len, 0, &r), NETSESS_E_PROTOCOL);
	assert_rep_empty(&r);
	free(c);
}

/* The level actually served must be the one requested unless the server
 * reports an error. */
static void test_enum_response_level_mismatch(void **state)
{
	const struct vec_enum_rep *one = find_rep("l1_one");
	const struct vec_enum_rep *err = find_rep("l10_error_other_level");
	const struct vec_enum_rep *more = find_rep("l2_more_data");
	struct ns_srvsvc_enum_rep r;

	(void)state;
	assert_int_equal(ns_srvsvc_session_enum_decode(one->stub, one->len, 10, &r),
	                 NETSESS_E_PROTOCOL);
	assert_rep_empty(&r);
	assert_int_equal(ns_srvsvc_session_enum_decode(more->stub, more->len, 502, &r),
	                 NETSESS_E_PROTOCOL);
	assert_int_equal(ns_srvsvc_session_enum_decode(err->stub, err->len, 10, &r), NERR_Success);
	assert_int_equal(r.level, 1);
	assert_int_equal(r.status, ERROR_INVALID_LEVEL);
	ns_srvsvc_enum_rep_clear(&r);
}

/* A level the union has no arm for: only its empty default arm. */
static void test_enum_response_unknown_level(void **state)
{
	uint8_t b[20] = {0};
	struct ns_srvsvc_enum_rep r;

	(void)state;
	set_u32(b + 0, 3);
	set_u32(b + 4, 3);
	set_u32(b + 8, 0);  /* TotalEntries */
	set_u32(b + 12, 0); /* ResumeHandle NULL */
	set_u32(b + 16, ERROR_INVALID_LEVEL);
	assert_int_equal(ns_srvsvc_session_enum_decode(b, sizeof(b), 10, &r), NERR_Success);
	assert_int_equal(r.level, 3);
	assert_int_equal(r.status, ERROR_INVALID_LEVEL);
	assert_int_equal(r.count, 0);
	assert_false(r.has_resume);
	set_u32(b + 16, NERR_Success);
	assert_int_equal(ns_srvsvc_session_enum_decode(b, sizeof(b), 10, &r), NETSESS_E_PROTOCOL);
	assert_int_equal(ns_srvsvc_session_enum_decode(NULL, 0, 10, &r), NETSESS_E_PROTOCOL);
	assert_int_equal(ns_srvsvc_session_enum_decode(NULL, 4, 10, &r), NETSESS_E_PROTOCOL);
}

/* Paging fields of an ERROR_MORE_DATA answer. */
static void test_enum_response_more_data(void **state)
{
	static const uint32_t levels[] = {0, 1, 2, 10, 502};
	size_t i;

	(void)state;
	for (i = 0; i < N_ELEM(levels); i++) {
		char name[32];
		const struct vec_enum_rep *v;
		struct ns_srvsvc_enum_rep r;

		snprintf(name, sizeof(name), "l%u_more_data", (unsigned)levels[i]);
		v = find_rep(name);
		assert_int_equal(ns_srvsvc_session_enum_decode(v->stub, v->len, levels[i], &r),
		                 NERR_Success);
		assert_int_equal(r.status, ERROR_MORE_DATA);
		assert_int_equal(r.count, 2);
		assert_int_equal(r.total_entries, 5);
		assert_true(r.has_resume);
		assert_int_equal(r.resume_handle, 2);
		ns_srvsvc_enum_rep_clear(&r);
	}
}

/* Fragmented responses (Samba's cut at 4256 and odd cuts mid-string):
 * PDU decode, reassembly and NDR decode together. */
static void test_fragmented_responses(void **state)
{
	size_t i, k;

	(void)state;
	for (i = 0; i < N_ELEM(vec_frag_sets); i++) {
		const struct vec_frags *v = &vec_frag_sets[i];
		struct ns_srvsvc_enum_rep r;
		struct ns_dcerpc_reasm ra;

		if (strncmp(v->name, "rep_", 4) != 0)
			continue;
		print_message("case %s\n", v->name);
		ns_dcerpc_reasm_init(&ra, 1u << 20);
		for (k = 0; k < v->count; k++) {
			struct ns_dcerpc_frag f;
			uint32_t fault;

			assert_int_equal(ns_dcerpc_response_decode(v->frags[k].pdu, v->frags[k].len,
			                                           v->call_id, &f, &fault),
			                 NERR_Success);
			assert_int_equal(ns_dcerpc_reasm_add(&ra, &f), NERR_Success);
		}
		assert_true(ra.done);
		if (strcmp(v->name, "rep_big_samba") == 0) {
			assert_int_equal(ns_srvsvc_session_enum_decode(ra.data, ra.len, 1, &r),
			                 NERR_Success);
			assert_entries(&r, rep_big_entries, 120);
			assert_int_equal(r.total_entries, 120);
		} else {
			assert_int_equal(ns_srvsvc_session_enum_decode(ra.data, ra.len, 10, &r),
			                 NERR_Success);
			assert_entries(&r, find_rep("ref_level10_188")->entries, 2);
		}
		ns_srvsvc_enum_rep_clear(&r);
		ns_dcerpc_reasm_free(&ra);
	}
}

static void test_clear_is_safe(void **state)
{
	struct ns_srvsvc_enum_rep r;
	struct netsess_session s;

	(void)state;
	ns_srvsvc_enum_rep_clear(NULL);
	ns_srvsvc_session_clear(NULL);
	memset(&r, 0, sizeof(r));
	ns_srvsvc_enum_rep_clear(&r);
	memset(&s, 0, sizeof(s));
	s.client = malloc(4);
	s.user = malloc(4);
	s.client_type = malloc(4);
	s.transport = malloc(4);
	ns_srvsvc_session_clear(&s);
	assert_null(s.client);
	assert_null(s.transport);
	ns_srvsvc_session_clear(&s);
}

/* The stub of a captured call, reassembled; the caller frees it. */
static uint8_t *capture_stub(const struct cap_call *c, size_t *len)
{
	struct ns_dcerpc_reasm r;
	size_t k;

	ns_dcerpc_reasm_init(&r, 1u << 20);
	for (k = 0; k < c->nfrags; k++) {
		struct ns_dcerpc_frag f;
		uint32_t fault;

		assert_int_equal(ns_dcerpc_response_decode(c->frags[k].pdu, c->frags[k].len,
		                                           c->call_id, &f, &fault),
		                 NERR_Success);
		assert_int_equal(ns_dcerpc_reasm_add(&r, &f), NERR_Success);
	}
	assert_true(r.done);
	*len = r.len;
	return r.data; /* ownership moves to the caller */
}

/* Real Samba: our requests are the bytes it answered, and our decoder
 * reads its answers as Samba's decoder does (82 sessions at levels 0 and
 * 1, 124 for levels 2, 10 and 502, 5 for a delete matching nothing). */
static void test_capture_calls(void **state)
{
	size_t i, n;

	(void)state;
	for (i = 0; i < N_ELEM(cap_calls); i++) {
		const struct cap_call *c = &cap_calls[i];
		struct ns_ndr_push p;
		uint8_t *stub;
		size_t len;

		if (c->fault != 0)
			continue;
		print_message("case %s\n", c->name);
		ns_ndr_push_init(&p, PUSH_LIMIT);
		if (c->opnum == SRVSVC_OPNUM_SESSION_ENUM) {
			struct ns_srvsvc_enum_req req = {c->server, c->client,   c->user,
			                                 c->level,  0xFFFFFFFFu, 0};

			assert_int_equal(ns_srvsvc_session_enum_encode(&req, &p), NERR_Success);
		} else {
			assert_int_equal(
			    ns_srvsvc_session_del_encode(c->server, c->client, c->user, &p),
			    NERR_Success);
		}
		assert_int_equal(p.size, c->request_len);
		assert_memory_equal(p.data, c->request_stub, c->request_len);
		ns_ndr_push_free(&p);

		stub = capture_stub(c, &len);
		if (c->opnum == SRVSVC_OPNUM_SESSION_ENUM) {
			struct ns_srvsvc_enum_rep r;

			assert_int_equal(ns_srvsvc_session_enum_decode(stub, len, c->level, &r),
			                 NERR_Success);
			assert_int_equal(r.level, c->rep_level);
			assert_entries(&r, c->entries, c->count);
			assert_int_equal(r.total_entries, c->total_entries);
			assert_int_equal(r.has_resume, c->has_resume);
			assert_int_equal(r.resume_handle, c->resume_handle);
			assert_int_equal(r.status, c->status);
			ns_srvsvc_enum_rep_clear(&r);
			for (n = 0; n < len; n++) {
				uint8_t *cut = dup_exact(stub, n);

				assert_int_equal(
				    ns_srvsvc_session_enum_decode(cut, n, c->level, &r),
				    NETSESS_E_PROTOCOL);
				assert_rep_empty(&r);
				free(cut);
			}
		} else {
			netsess_status_t result;

			assert_int_equal(ns_srvsvc_session_del_decode(stub, len, &result),
			                 NERR_Success);
			assert_int_equal(result, c->status);
		}
		free(stub);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_enum_request_vectors),
	    cmocka_unit_test(test_enum_request_worked_example),
	    cmocka_unit_test(test_enum_request_empty_is_null),
	    cmocka_unit_test(test_enum_request_errors),
	    cmocka_unit_test(test_del_request_vectors),
	    cmocka_unit_test(test_del_request_worked_example),
	    cmocka_unit_test(test_del_request_refuses_all_sessions),
	    cmocka_unit_test(test_del_response_vectors),
	    cmocka_unit_test(test_enum_response_vectors),
	    cmocka_unit_test(test_enum_response_worked_example),
	    cmocka_unit_test(test_enum_response_truncations),
	    cmocka_unit_test(test_big_response_truncations),
	    cmocka_unit_test(test_enum_response_patched),
	    cmocka_unit_test(test_enum_response_large_count_fails_late),
	    cmocka_unit_test(test_enum_response_level_mismatch),
	    cmocka_unit_test(test_enum_response_unknown_level),
	    cmocka_unit_test(test_enum_response_more_data),
	    cmocka_unit_test(test_fragmented_responses),
	    cmocka_unit_test(test_clear_is_safe),
	    cmocka_unit_test(test_capture_calls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
