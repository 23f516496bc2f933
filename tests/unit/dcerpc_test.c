/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dcerpc_test.c - DCE/RPC PDUs against vectors packed by Samba's encoder
 * (tests/vectors/dcerpc_vectors.h): bind, bind_ack, bind_nak, request
 * fragmentation, response, fault, call_id matching, reassembly; and
 * against PDUs received from a real Samba (tests/vectors/samba_capture.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dcerpc.h"
#include "../vectors/dcerpc_vectors.h"
#include "../vectors/samba_capture.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

static uint8_t *dup_exact(const uint8_t *b, size_t n)
{
	uint8_t *c = malloc(n > 0 ? n : 1);

	assert_non_null(c);
	if (n > 0)
		memcpy(c, b, n);
	return c;
}

static void set_u16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
}

static void test_bind_encode(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < N_ELEM(vec_binds); i++) {
		const struct vec_bind *v = &vec_binds[i];
		uint8_t buf[128];
		size_t len = 0;

		memset(buf, 0xEE, sizeof(buf));
		assert_int_equal(ns_dcerpc_bind_encode(buf, sizeof(buf), v->call_id, v->max_xmit,
		                                       v->max_recv, &ns_dcerpc_srvsvc_syntax, &len),
		                 NERR_Success);
		assert_int_equal(len, 72);
		assert_int_equal(len, v->pdu.len);
		assert_memory_equal(buf, v->pdu.pdu, len);
		assert_int_equal(buf[72], 0xEE); /* nothing written past the PDU */
	}
}

static void test_bind_encode_bad_args(void **state)
{
	uint8_t buf[72];
	size_t len = 1;

	(void)state;
	assert_int_equal(
	    ns_dcerpc_bind_encode(buf, 71, 1, 4280, 4280, &ns_dcerpc_srvsvc_syntax, &len),
	    ERROR_INVALID_PARAMETER);
	assert_int_equal(len, 0);
	assert_int_equal(ns_dcerpc_bind_encode(buf, sizeof(buf), 1, 4280, 4280, NULL, &len),
	                 ERROR_INVALID_PARAMETER);
	assert_int_equal(
	    ns_dcerpc_bind_encode(buf, sizeof(buf), 1, 4280, 4280, &ns_dcerpc_srvsvc_syntax, &len),
	    NERR_Success);
	assert_int_equal(len, 72);
}

/* The bind we send is a valid PDU by our own header rules too. */
static void test_bind_header_round_trip(void **state)
{
	struct ns_dcerpc_hdr h;
	uint8_t buf[72];
	size_t len;

	(void)state;
	assert_int_equal(
	    ns_dcerpc_bind_encode(buf, sizeof(buf), 42, 4280, 4280, &ns_dcerpc_srvsvc_syntax, &len),
	    NERR_Success);
	assert_int_equal(ns_dcerpc_hdr_decode(buf, len, 4280, &h), NERR_Success);
	assert_int_equal(h.ptype, DCERPC_PT_BIND);
	assert_int_equal(h.flags, DCERPC_PFC_FIRST_FRAG | DCERPC_PFC_LAST_FRAG);
	assert_int_equal(h.frag_len, 72);
	assert_int_equal(h.auth_len, 0);
	assert_int_equal(h.call_id, 42);
}

struct hdr_case {
	const char *name;
	size_t at; /* byte to change, or SIZE_MAX for none */
	uint8_t value;
	size_t len; /* bytes handed to the decoder */
	size_t max_frag;
	netsess_status_t status;
};

static const struct hdr_case hdr_cases[] = {
    {"valid", SIZE_MAX, 0, 16, 4280, NERR_Success},
    {"valid at max_frag", SIZE_MAX, 0, 16, 212, NERR_Success},
    {"frag_len above max_frag", SIZE_MAX, 0, 16, 211, NETSESS_E_PROTOCOL},
    {"15 bytes", SIZE_MAX, 0, 15, 4280, NETSESS_E_PROTOCOL},
    {"0 bytes", SIZE_MAX, 0, 0, 4280, NETSESS_E_PROTOCOL},
    {"rpc_vers 4", 0, 4, 16, 4280, NETSESS_E_PROTOCOL},
    {"rpc_vers 6", 0, 6, 16, 4280, NETSESS_E_PROTOCOL},
    {"rpc_vers_minor 1", 1, 1, 16, 4280, NETSESS_E_PROTOCOL},
    {"big-endian drep", 4, 0x00, 16, 4280, NETSESS_E_PROTOCOL},
    {"EBCDIC drep", 4, 0x11, 16, 4280, NETSESS_E_PROTOCOL},
    {"frag_len 15", 8, 15, 16, 4280, NETSESS_E_PROTOCOL},
    {"frag_len 0", 8, 0, 16, 4280, NETSESS_E_PROTOCOL},
    {"frag_len 16", 8, 16, 16, 4280, NERR_Success},
};

static void test_hdr_decode_table(void **state)
{
	const struct vec_response *ok = &vec_responses[0]; /* 212-byte response */
	size_t i;

	(void)state;
	assert_int_equal(ok->pdu.len, 212);
	for (i = 0; i < N_ELEM(hdr_cases); i++) {
		const struct hdr_case *c = &hdr_cases[i];
		uint8_t b[16];
		uint8_t *copy;
		struct ns_dcerpc_hdr h;

		print_message("case %s\n", c->name);
		memcpy(b, ok->pdu.pdu, 16);
		if (c->at != SIZE_MAX)
			b[c->at] = c->value;
		if (c->at == 8)
			b[9] = 0;
		copy = dup_exact(b, c->len);
		assert_int_equal(ns_dcerpc_hdr_decode(copy, c->len, c->max_frag, &h), c->status);
		if (c->status == NERR_Success) {
			assert_int_equal(h.ptype, DCERPC_PT_RESPONSE);
			assert_int_equal(h.call_id, 2);
		}
		free(copy);
	}
	/* frag_len 0xFFFF against the largest max_frag. */
	{
		uint8_t b[16];
		struct ns_dcerpc_hdr h;

		memcpy(b, ok->pdu.pdu, 16);
		set_u16(b + 8, 0xFFFF);
		assert_int_equal(ns_dcerpc_hdr_decode(b, 16, SIZE_MAX, &h), NERR_Success);
		assert_int_equal(h.frag_len, 0xFFFF);
		assert_int_equal(ns_dcerpc_hdr_decode(b, 16, 0xFFFE, &h), NETSESS_E_PROTOCOL);
	}
}

static void test_bind_replies(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < N_ELEM(vec_bind_replies); i++) {
		const struct vec_bind_reply *v = &vec_bind_replies[i];
		uint8_t *copy = dup_exact(v->pdu.pdu, v->pdu.len);
		struct ns_dcerpc_bind_result r;

		print_message("case %s\n", v->pdu.name);
		memset(&r, 0xAA, sizeof(r));
		assert_int_equal(ns_dcerpc_bind_reply_decode(copy, v->pdu.len, 1, &r), v->status);
		if (v->status == NERR_Success || v->status == NETSESS_E_BIND_REJECTED) {
			assert_int_equal(r.max_xmit, v->max_xmit);
			assert_int_equal(r.max_recv, v->max_recv);
			assert_int_equal(r.assoc_group, v->assoc_group);
			assert_int_equal(r.nak_reason, v->nak_reason);
			assert_int_equal(r.result, v->result);
			assert_int_equal(r.reason, v->reason);
		}
		free(copy);
	}
}

/* Every truncation of a bind_ack fails: handed short (len != frag_len),
 * and with frag_len rewritten to match the short length. */
static void test_bind_ack_truncations(void **state)
{
	size_t i, n;

	(void)state;
	for (i = 0; i < N_ELEM(vec_bind_replies); i++) {
		const struct vec_bind_reply *v = &vec_bind_replies[i];
		struct ns_dcerpc_bind_result r;

		if (v->status != NERR_Success)
			continue;
		for (n = 0; n < v->pdu.len; n++) {
			uint8_t *copy = dup_exact(v->pdu.pdu, n);

			assert_int_equal(ns_dcerpc_bind_reply_decode(copy, n, 1, &r),
			                 NETSESS_E_PROTOCOL);
			if (n >= 10)
				set_u16(copy + 8, (uint16_t)n);
			assert_int_equal(ns_dcerpc_bind_reply_decode(copy, n, 1, &r),
			                 NETSESS_E_PROTOCOL);
			free(copy);
		}
	}
}

static void test_bind_nak_truncations(void **state)
{
	const struct vec_bind_reply *v = NULL;
	struct ns_dcerpc_bind_result r;
	size_t i, n;

	(void)state;
	for (i = 0; i < N_ELEM(vec_bind_replies); i++)
		if (strcmp(vec_bind_replies[i].pdu.name, "bind_nak_version") == 0)
			v = &vec_bind_replies[i];
	assert_non_null(v);
	for (n = 0; n < 18; n++) {
		uint8_t *copy = dup_exact(v->pdu.pdu, n);

		if (n >= 10)
			set_u16(copy + 8, (uint16_t)n);
		assert_int_equal(ns_dcerpc_bind_reply_decode(copy, n, 1, &r), NETSESS_E_PROTOCOL);
		free(copy);
	}
}

/* Header corruptions of a valid bind_ack. */
static void test_bind_ack_corruptions(void **state)
{
	const struct vec_bind_reply *v = &vec_bind_replies[0];
	struct ns_dcerpc_bind_result r;
	uint8_t *copy;

	(void)state;
	assert_string_equal(v->pdu.name, "bind_ack_pipe");
	copy = dup_exact(v->pdu.pdu, v->pdu.len);
	assert_int_equal(ns_dcerpc_bind_reply_decode(copy, v->pdu.len, 2, &r), NETSESS_E_PROTOCOL);
	set_u16(copy + 24, 0xFFFF); /* secondary address longer than the PDU */
	assert_int_equal(ns_dcerpc_bind_reply_decode(copy, v->pdu.len, 1, &r), NETSESS_E_PROTOCOL);
	memcpy(copy, v->pdu.pdu, v->pdu.len);
	set_u16(copy + 10, 0xFFFF); /* auth_len past the PDU */
	assert_int_equal(ns_dcerpc_bind_reply_decode(copy, v->pdu.len, 1, &r), NETSESS_E_PROTOCOL);
	memcpy(copy, v->pdu.pdu, v->pdu.len);
	copy[2] = DCERPC_PT_RESPONSE;
	assert_int_equal(ns_dcerpc_bind_reply_decode(copy, v->pdu.len, 1, &r), NETSESS_E_PROTOCOL);
	memcpy(copy, v->pdu.pdu, v->pdu.len);
	copy[4] = 0;
	assert_int_equal(ns_dcerpc_bind_reply_decode(copy, v->pdu.len, 1, &r), NETSESS_E_PROTOCOL);
	free(copy);
}

static void test_responses(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < N_ELEM(vec_responses); i++) {
		const struct vec_response *v = &vec_responses[i];
		uint8_t *copy = dup_exact(v->pdu.pdu, v->pdu.len);
		struct ns_dcerpc_frag f;
		uint32_t fault = 0xAAAAAAAA;

		print_message("case %s\n", v->pdu.name);
		assert_int_equal(ns_dcerpc_response_decode(copy, v->pdu.len, 2, &f, &fault),
		                 v->status);
		assert_int_equal(fault, v->fault);
		if (v->status == NERR_Success) {
			assert_int_equal(f.stub_len, v->stub_len);
			assert_int_equal(f.flags, DCERPC_PFC_FIRST_FRAG | DCERPC_PFC_LAST_FRAG);
			if (v->stub_len > 0)
				assert_memory_equal(f.stub, response_ref188_stub, v->stub_len);
		} else {
			assert_null(f.stub);
			assert_int_equal(f.stub_len, 0);
		}
		/* The same PDU for another call is never accepted. */
		assert_int_equal(
		    ns_dcerpc_response_decode(copy, v->pdu.len, 0x12345678, &f, &fault),
		    NETSESS_E_PROTOCOL);
		free(copy);
	}
}

static void test_fault_without_out_param(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < N_ELEM(vec_responses); i++) {
		const struct vec_response *v = &vec_responses[i];
		struct ns_dcerpc_frag f;

		if (v->status != NETSESS_E_RPC_FAULT)
			continue;
		assert_int_equal(ns_dcerpc_response_decode(v->pdu.pdu, v->pdu.len, 2, &f, NULL),
		                 NETSESS_E_RPC_FAULT);
	}
}

/*
 * Every truncation of every response and fault: handed short it always
 * fails; with frag_len rewritten, a response of at least 24 bytes is a
 * shorter valid fragment (NDR catches the rest), anything else fails.
 */
static void test_response_truncations(void **state)
{
	size_t i, n;

	(void)state;
	for (i = 0; i < N_ELEM(vec_responses); i++) {
		const struct vec_response *v = &vec_responses[i];

		if (v->status != NERR_Success && v->status != NETSESS_E_RPC_FAULT)
			continue;
		for (n = 0; n < v->pdu.len; n++) {
			uint8_t *copy = dup_exact(v->pdu.pdu, n);
			struct ns_dcerpc_frag f;
			uint32_t fault;
			netsess_status_t st;

			assert_int_equal(ns_dcerpc_response_decode(copy, n, 2, &f, &fault),
			                 NETSESS_E_PROTOCOL);
			if (n >= 10) {
				set_u16(copy + 8, (uint16_t)n);
				st = ns_dcerpc_response_decode(copy, n, 2, &f, &fault);
				if (n < 24 || (v->status == NETSESS_E_RPC_FAULT && n < 28)) {
					assert_int_equal(st, NETSESS_E_PROTOCOL);
				} else if (st == NERR_Success) {
					assert_true(f.stub >= copy && f.stub_len <= n - 24);
				} else {
					assert_true(st == NETSESS_E_PROTOCOL ||
					            st == NETSESS_E_RPC_FAULT);
				}
			}
			free(copy);
		}
	}
}

static void test_response_corruptions(void **state)
{
	const struct vec_response *v = &vec_responses[0];
	const struct vec_response *a = &vec_responses[1];
	struct ns_dcerpc_frag f;
	uint32_t fault;
	uint8_t *copy;

	(void)state;
	assert_string_equal(v->pdu.name, "response_ref188");
	assert_string_equal(a->pdu.name, "response_auth_trailer");
	copy = dup_exact(v->pdu.pdu, v->pdu.len);
	set_u16(copy + 20, 1); /* another presentation context */
	assert_int_equal(ns_dcerpc_response_decode(copy, v->pdu.len, 2, &f, &fault),
	                 NETSESS_E_PROTOCOL);
	memcpy(copy, v->pdu.pdu, v->pdu.len);
	copy[2] = DCERPC_PT_REQUEST;
	assert_int_equal(ns_dcerpc_response_decode(copy, v->pdu.len, 2, &f, &fault),
	                 NETSESS_E_PROTOCOL);
	memcpy(copy, v->pdu.pdu, v->pdu.len);
	set_u16(copy + 10, (uint16_t)(v->pdu.len - 16 - 8 + 1)); /* trailer too long */
	assert_int_equal(ns_dcerpc_response_decode(copy, v->pdu.len, 2, &f, &fault),
	                 NETSESS_E_PROTOCOL);
	set_u16(copy + 10, (uint16_t)(v->pdu.len - 16 - 8)); /* fits, but no stub room */
	assert_int_equal(ns_dcerpc_response_decode(copy, v->pdu.len, 2, &f, &fault),
	                 NETSESS_E_PROTOCOL);
	free(copy);

	/* The authentication padding is counted against the stub: 240-byte
	 * PDU, 216 before the trailer, 192 of stub and padding. */
	assert_int_equal(a->pdu.len, 240);
	copy = dup_exact(a->pdu.pdu, a->pdu.len);
	copy[240 - 24 + 2] = 192;
	assert_int_equal(ns_dcerpc_response_decode(copy, a->pdu.len, 2, &f, &fault), NERR_Success);
	assert_int_equal(f.stub_len, 0);
	copy[240 - 24 + 2] = 193;
	assert_int_equal(ns_dcerpc_response_decode(copy, a->pdu.len, 2, &f, &fault),
	                 NETSESS_E_PROTOCOL);
	copy[240 - 24 + 2] = 0xFF;
	assert_int_equal(ns_dcerpc_response_decode(copy, a->pdu.len, 2, &f, &fault),
	                 NETSESS_E_PROTOCOL);
	free(copy);
}

/* Requests: our fragmenter produces the fragments of the vectors. */
static void test_request_fragments(void **state)
{
	size_t i, k;

	(void)state;
	for (i = 0; i < N_ELEM(vec_frag_sets); i++) {
		const struct vec_frags *v = &vec_frag_sets[i];
		size_t off = 0;
		uint16_t opnum;

		if (strncmp(v->name, "req_", 4) != 0)
			continue;
		print_message("case %s\n", v->name);
		opnum = v->frags[0].pdu[22];
		for (k = 0; k < v->count; k++) {
			uint8_t buf[4280];
			size_t consumed, len;

			assert_int_equal(ns_dcerpc_request_encode(buf, sizeof(buf), v->call_id,
			                                          opnum, v->stub, v->stub_len, off,
			                                          v->max_frag, &consumed, &len),
			                 NERR_Success);
			assert_int_equal(len, v->frags[k].len);
			assert_memory_equal(buf, v->frags[k].pdu, len);
			assert_true(len <= v->max_frag);
			off += consumed;
		}
		assert_int_equal(off, v->stub_len);
	}
}

static void test_request_bad_args(void **state)
{
	static const uint8_t stub[64];
	uint8_t buf[128];
	size_t consumed = 1, len = 1;

	(void)state;
	assert_int_equal(ns_dcerpc_request_encode(buf, sizeof(buf), 1, 12, stub, sizeof(stub), 0,
	                                          31, &consumed, &len),
	                 ERROR_INVALID_PARAMETER);
	assert_int_equal(consumed, 0);
	assert_int_equal(len, 0);
	assert_int_equal(ns_dcerpc_request_encode(buf, sizeof(buf), 1, 12, stub, sizeof(stub), 65,
	                                          4280, &consumed, &len),
	                 ERROR_INVALID_PARAMETER);
	assert_int_equal(ns_dcerpc_request_encode(buf, sizeof(buf), 1, 12, stub, sizeof(stub), 0,
	                                          70000, &consumed, &len),
	                 ERROR_INVALID_PARAMETER);
	assert_int_equal(ns_dcerpc_request_encode(buf, 24 + 63, 1, 12, stub, sizeof(stub), 0, 4280,
	                                          &consumed, &len),
	                 ERROR_INVALID_PARAMETER);
	assert_int_equal(ns_dcerpc_request_encode(buf, 24 + 64, 1, 12, stub, sizeof(stub), 0, 4280,
	                                          &consumed, &len),
	                 NERR_Success);
	assert_int_equal(consumed, 64);
	assert_int_equal(len, 88);
	assert_int_equal(buf[3], DCERPC_PFC_FIRST_FRAG | DCERPC_PFC_LAST_FRAG);
	/* The smallest usable fragment carries 8 stub bytes. */
	assert_int_equal(ns_dcerpc_request_encode(buf, sizeof(buf), 1, 12, stub, sizeof(stub), 8,
	                                          32, &consumed, &len),
	                 NERR_Success);
	assert_int_equal(consumed, 8);
	assert_int_equal(buf[3], 0);
	assert_int_equal(
	    ns_dcerpc_request_encode(buf, sizeof(buf), 1, 12, NULL, 4, 0, 4280, &consumed, &len),
	    ERROR_INVALID_PARAMETER);
}

/* Responses: decode every fragment, reassemble, get the stub back. */
static void test_reassembly(void **state)
{
	size_t i, k;

	(void)state;
	for (i = 0; i < N_ELEM(vec_frag_sets); i++) {
		const struct vec_frags *v = &vec_frag_sets[i];
		struct ns_dcerpc_reasm r;

		if (strncmp(v->name, "rep_", 4) != 0)
			continue;
		print_message("case %s\n", v->name);
		ns_dcerpc_reasm_init(&r, v->stub_len);
		for (k = 0; k < v->count; k++) {
			uint8_t *copy = dup_exact(v->frags[k].pdu, v->frags[k].len);
			struct ns_dcerpc_frag f;
			uint32_t fault;

			assert_false(r.done);
			assert_int_equal(ns_dcerpc_response_decode(copy, v->frags[k].len,
			                                           v->call_id, &f, &fault),
			                 NERR_Success);
			assert_int_equal(ns_dcerpc_reasm_add(&r, &f), NERR_Success);
			free(copy);
		}
		assert_true(r.done);
		assert_int_equal(r.len, v->stub_len);
		assert_memory_equal(r.data, v->stub, v->stub_len);
		ns_dcerpc_reasm_free(&r);
		ns_dcerpc_reasm_free(&r);
		assert_null(r.data);
	}
}

/* One byte over the limit fails wherever the fragments are cut. */
static void test_reassembly_limit(void **state)
{
	size_t i, k;

	(void)state;
	for (i = 0; i < N_ELEM(vec_frag_sets); i++) {
		const struct vec_frags *v = &vec_frag_sets[i];
		struct ns_dcerpc_reasm r;
		netsess_status_t st = NERR_Success;

		if (strncmp(v->name, "rep_", 4) != 0)
			continue;
		ns_dcerpc_reasm_init(&r, v->stub_len - 1);
		for (k = 0; k < v->count && st == NERR_Success; k++) {
			struct ns_dcerpc_frag f;
			uint32_t fault;

			assert_int_equal(ns_dcerpc_response_decode(v->frags[k].pdu, v->frags[k].len,
			                                           v->call_id, &f, &fault),
			                 NERR_Success);
			st = ns_dcerpc_reasm_add(&r, &f);
		}
		assert_int_equal(st, NETSESS_E_PROTOCOL);
		assert_true(r.len <= r.limit);
		ns_dcerpc_reasm_free(&r);
	}
}

static void test_reassembly_order(void **state)
{
	static const uint8_t a[3] = {1, 2, 3};
	struct ns_dcerpc_frag first = {DCERPC_PFC_FIRST_FRAG, a, 3};
	struct ns_dcerpc_frag mid = {0, a, 3};
	struct ns_dcerpc_frag last = {DCERPC_PFC_LAST_FRAG, a, 3};
	struct ns_dcerpc_frag both = {DCERPC_PFC_FIRST_FRAG | DCERPC_PFC_LAST_FRAG, a, 0};
	struct ns_dcerpc_frag bad = {DCERPC_PFC_FIRST_FRAG, NULL, 3};
	struct ns_dcerpc_reasm r;

	(void)state;
	ns_dcerpc_reasm_init(&r, 100);
	assert_int_equal(ns_dcerpc_reasm_add(&r, &mid), NETSESS_E_PROTOCOL); /* no FIRST yet */
	assert_int_equal(ns_dcerpc_reasm_add(&r, &last), NETSESS_E_PROTOCOL);
	assert_int_equal(ns_dcerpc_reasm_add(&r, &bad), NETSESS_E_PROTOCOL);
	assert_int_equal(ns_dcerpc_reasm_add(&r, &first), NERR_Success);
	assert_int_equal(ns_dcerpc_reasm_add(&r, &first), NETSESS_E_PROTOCOL); /* FIRST again */
	assert_int_equal(ns_dcerpc_reasm_add(&r, &mid), NERR_Success);
	assert_int_equal(ns_dcerpc_reasm_add(&r, &last), NERR_Success);
	assert_true(r.done);
	assert_int_equal(r.len, 9);
	assert_int_equal(ns_dcerpc_reasm_add(&r, &mid), NETSESS_E_PROTOCOL); /* after LAST */
	ns_dcerpc_reasm_free(&r);

	/* A single empty fragment is a complete empty stub. */
	ns_dcerpc_reasm_init(&r, 0);
	assert_int_equal(ns_dcerpc_reasm_add(&r, &both), NERR_Success);
	assert_true(r.done);
	assert_int_equal(r.len, 0);
	ns_dcerpc_reasm_free(&r);

	/* Limit exactly reached, then one byte more. */
	ns_dcerpc_reasm_init(&r, 6);
	assert_int_equal(ns_dcerpc_reasm_add(&r, &first), NERR_Success);
	assert_int_equal(ns_dcerpc_reasm_add(&r, &mid), NERR_Success);
	assert_int_equal(ns_dcerpc_reasm_add(&r, &last), NETSESS_E_PROTOCOL);
	assert_int_equal(r.len, 6);
	ns_dcerpc_reasm_free(&r);
}

/* Real Samba: the bind we send is the one it answered; its bind_ack
 * (secondary address "\\pipe\\srvsvc", 4280/4280) and its rejection of an
 * unknown interface. */
static void test_capture_bind(void **state)
{
	struct ns_dcerpc_bind_result r;
	uint8_t buf[72];
	uint8_t *copy;
	size_t len, n;

	(void)state;
	assert_int_equal(
	    ns_dcerpc_bind_encode(buf, sizeof(buf), 1, 4280, 4280, &ns_dcerpc_srvsvc_syntax, &len),
	    NERR_Success);
	assert_int_equal(len, sizeof(cap_bind));
	assert_memory_equal(buf, cap_bind, len);

	copy = dup_exact(cap_bind_ack, sizeof(cap_bind_ack));
	assert_int_equal(ns_dcerpc_bind_reply_decode(copy, sizeof(cap_bind_ack), 1, &r),
	                 NERR_Success);
	assert_int_equal(r.max_xmit, 4280);
	assert_int_equal(r.max_recv, 4280);
	assert_int_equal(r.assoc_group, cap_bind_ack[20] | cap_bind_ack[21] << 8);
	assert_int_not_equal(r.assoc_group, 0);
	assert_int_equal(r.result, 0);
	assert_int_equal(ns_dcerpc_bind_reply_decode(copy, sizeof(cap_bind_ack), 2, &r),
	                 NETSESS_E_PROTOCOL);
	free(copy);
	for (n = 0; n < sizeof(cap_bind_ack); n++) {
		copy = dup_exact(cap_bind_ack, n);
		if (n >= 10)
			set_u16(copy + 8, (uint16_t)n);
		assert_int_equal(ns_dcerpc_bind_reply_decode(copy, n, 1, &r), NETSESS_E_PROTOCOL);
		free(copy);
	}

	assert_int_equal(
	    ns_dcerpc_bind_reply_decode(cap_bind_reject, sizeof(cap_bind_reject), 1, &r),
	    NETSESS_E_BIND_REJECTED);
	assert_int_equal(r.result, 2); /* provider rejection */
	assert_int_equal(r.reason, 1); /* abstract syntax not supported */
}

/* Real Samba: responses (one and two fragments) and a fault. */
static void test_capture_calls(void **state)
{
	size_t i, k;

	(void)state;
	for (i = 0; i < N_ELEM(cap_calls); i++) {
		const struct cap_call *c = &cap_calls[i];
		struct ns_dcerpc_reasm r;
		size_t total = 0;

		print_message("case %s\n", c->name);
		ns_dcerpc_reasm_init(&r, 1u << 20);
		for (k = 0; k < c->nfrags; k++) {
			uint8_t *copy = dup_exact(c->frags[k].pdu, c->frags[k].len);
			struct ns_dcerpc_frag f;
			uint32_t fault = 0;
			netsess_status_t st;

			st = ns_dcerpc_response_decode(copy, c->frags[k].len, c->call_id, &f,
			                               &fault);
			if (c->fault != 0) {
				assert_int_equal(st, NETSESS_E_RPC_FAULT);
				assert_int_equal(fault, c->fault);
				assert_string_equal(netsess_fault_name(fault),
				                    "nca_s_op_rng_error");
			} else {
				assert_int_equal(st, NERR_Success);
				assert_true(c->frags[k].len <= DCERPC_DEFAULT_FRAG);
				assert_int_equal(ns_dcerpc_reasm_add(&r, &f), NERR_Success);
				total += f.stub_len;
			}
			assert_int_equal(ns_dcerpc_response_decode(copy, c->frags[k].len,
			                                           c->call_id + 1, &f, &fault),
			                 NETSESS_E_PROTOCOL);
			free(copy);
		}
		if (c->fault == 0) {
			assert_true(r.done);
			assert_int_equal(r.len, total);
		}
		ns_dcerpc_reasm_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bind_encode),
	    cmocka_unit_test(test_bind_encode_bad_args),
	    cmocka_unit_test(test_bind_header_round_trip),
	    cmocka_unit_test(test_hdr_decode_table),
	    cmocka_unit_test(test_bind_replies),
	    cmocka_unit_test(test_bind_ack_truncations),
	    cmocka_unit_test(test_bind_nak_truncations),
	    cmocka_unit_test(test_bind_ack_corruptions),
	    cmocka_unit_test(test_responses),
	    cmocka_unit_test(test_fault_without_out_param),
	    cmocka_unit_test(test_response_truncations),
	    cmocka_unit_test(test_response_corruptions),
	    cmocka_unit_test(test_request_fragments),
	    cmocka_unit_test(test_request_bad_args),
	    cmocka_unit_test(test_reassembly),
	    cmocka_unit_test(test_reassembly_limit),
	    cmocka_unit_test(test_reassembly_order),
	    cmocka_unit_test(test_capture_bind),
	    cmocka_unit_test(test_capture_calls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
