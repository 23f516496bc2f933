/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dcerpc.c - DCE/RPC connection-oriented PDUs (C706 chapter 12,
 * [MS-RPCE] 2.2.2): one presentation context, NDR20, no authentication.
 *
 * Every decoder checks the common header first, then that the buffer holds
 * exactly frag_length bytes, then reads the body through a bounded cursor.
 */
#include "dcerpc.h"

#include "ndr.h"

#include <stdlib.h>
#include <string.h>

/* 4b324fc8-1670-01d3-1278-5a47bf6ee188 v3.0 ([MS-SRVS] 1.9), with the
 * first three fields little-endian as on the wire. */
const struct ns_dcerpc_syntax ns_dcerpc_srvsvc_syntax = {
    {0xc8, 0x4f, 0x32, 0x4b, 0x70, 0x16, 0xd3, 0x01, 0x12, 0x78, 0x5a, 0x47, 0xbf, 0x6e, 0xe1,
     0x88},
    3,
    0,
};

/* 8a885d04-1ceb-11c9-9fe8-08002b104860 v2.0 (C706 appendix I). */
const struct ns_dcerpc_syntax ns_dcerpc_ndr20_syntax = {
    {0x04, 0x5d, 0x88, 0x8a, 0xeb, 0x1c, 0xc9, 0x11, 0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48,
     0x60},
    2,
    0,
};

#define DCERPC_BIND_LEN 72u
#define DCERPC_FAULT_MIN_LEN 28u   /* status u32 at offset 24 */
#define DCERPC_AUTH_TRAILER_LEN 8u /* C706 13.2.6.1 sec_trailer */
#define DCERPC_DREP_INT_LE 0x10u   /* C706 14.1: drep[0] high nibble 1 */

static void dcerpc_put_u16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
}

static void dcerpc_put_u32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

static uint16_t dcerpc_get_u16(const uint8_t *b)
{
	return (uint16_t)(b[0] | (uint16_t)b[1] << 8);
}

static uint32_t dcerpc_get_u32(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* C706 12.6.3.1 common header: rpc_vers, rpc_vers_minor, PTYPE,
 * pfc_flags, packed_drep[4], frag_length, auth_length, call_id. */
static void dcerpc_hdr_put(uint8_t *b, uint8_t ptype, uint8_t flags, uint16_t frag_len,
                           uint32_t call_id)
{
	b[0] = 5;
	b[1] = 0;
	b[2] = ptype;
	b[3] = flags;
	b[4] = DCERPC_DREP_INT_LE; /* little-endian integers, ASCII */
	b[5] = 0;                  /* IEEE floating point */
	b[6] = 0;
	b[7] = 0;
	dcerpc_put_u16(b + 8, frag_len);
	dcerpc_put_u16(b + 10, 0);
	dcerpc_put_u32(b + 12, call_id);
}

netsess_status_t ns_dcerpc_hdr_decode(const uint8_t *buf, size_t len, size_t max_frag,
                                      struct ns_dcerpc_hdr *out)
{
	memset(out, 0, sizeof(*out));
	if (buf == NULL || len < DCERPC_HDR_LEN)
		return NETSESS_E_PROTOCOL;
	if (buf[0] != 5 || buf[1] != 0)
		return NETSESS_E_PROTOCOL;
	/* Only little-endian integers and ASCII characters are spoken here. */
	if (buf[4] != DCERPC_DREP_INT_LE)
		return NETSESS_E_PROTOCOL;
	out->ptype = buf[2];
	out->flags = buf[3];
	out->frag_len = dcerpc_get_u16(buf + 8);
	out->auth_len = dcerpc_get_u16(buf + 10);
	out->call_id = dcerpc_get_u32(buf + 12);
	if (out->frag_len < DCERPC_HDR_LEN || out->frag_len > max_frag)
		return NETSESS_E_PROTOCOL;
	return NERR_Success;
}

/*
 * Checks the header of a whole PDU: valid, exactly len bytes, of call_id.
 * *body_end is where the body stops, before any authentication trailer
 * (C706 13.2.6.1: sec_trailer of 8 bytes then auth_length bytes at the
 * end of the PDU); *auth_pad the pad length recorded in the sec_trailer.
 */
static netsess_status_t dcerpc_pdu_open(const uint8_t *pdu, size_t len, uint32_t call_id,
                                        struct ns_dcerpc_hdr *h, size_t *body_end, size_t *auth_pad)
{
	size_t trailer;

	if (ns_dcerpc_hdr_decode(pdu, len, UINT16_MAX, h) != NERR_Success)
		return NETSESS_E_PROTOCOL;
	if (h->frag_len != len || h->call_id != call_id)
		return NETSESS_E_PROTOCOL;
	*body_end = h->frag_len;
	*auth_pad = 0;
	if (h->auth_len == 0)
		return NERR_Success;
	trailer = (size_t)h->auth_len + DCERPC_AUTH_TRAILER_LEN;
	if (trailer > h->frag_len - DCERPC_HDR_LEN)
		return NETSESS_E_PROTOCOL;
	*body_end = h->frag_len - trailer;
	*auth_pad = pdu[*body_end + 2]; /* auth_type, auth_level, auth_pad_length */
	return NERR_Success;
}

/* C706 12.6.4.3 bind: max_xmit_frag, max_recv_frag, assoc_group_id,
 * p_cont_list_t with one p_cont_elem_t of one transfer syntax. */
netsess_status_t ns_dcerpc_bind_encode(uint8_t *buf, size_t cap, uint32_t call_id,
                                       uint16_t max_xmit, uint16_t max_recv,
                                       const struct ns_dcerpc_syntax *abstract, size_t *len)
{
	const struct ns_dcerpc_syntax *syn[2] = {abstract, &ns_dcerpc_ndr20_syntax};
	uint8_t *b;
	size_t i;

	*len = 0;
	if (buf == NULL || abstract == NULL || cap < DCERPC_BIND_LEN)
		return ERROR_INVALID_PARAMETER;
	dcerpc_hdr_put(buf, DCERPC_PT_BIND, DCERPC_PFC_FIRST_FRAG | DCERPC_PFC_LAST_FRAG,
	               DCERPC_BIND_LEN, call_id);
	dcerpc_put_u16(buf + 16, max_xmit);
	dcerpc_put_u16(buf + 18, max_recv);
	dcerpc_put_u32(buf + 20, 0); /* assoc_group_id: a new association */
	buf[24] = 1;                 /* n_context_elem */
	buf[25] = buf[26] = buf[27] = 0;
	dcerpc_put_u16(buf + 28, 0); /* p_cont_id */
	buf[30] = 1;                 /* n_transfer_syn */
	buf[31] = 0;
	for (i = 0; i < 2; i++) {
		b = buf + 32 + 20 * i;
		memcpy(b, syn[i]->uuid, 16);
		dcerpc_put_u16(b + 16, syn[i]->major);
		dcerpc_put_u16(b + 18, syn[i]->minor);
	}
	*len = DCERPC_BIND_LEN;
	return NERR_Success;
}

static bool dcerpc_syntax_equal(const uint8_t *b, const struct ns_dcerpc_syntax *s)
{
	return memcmp(b, s->uuid, 16) == 0 && dcerpc_get_u16(b + 16) == s->major &&
	       dcerpc_get_u16(b + 18) == s->minor;
}

/*
 * C706 12.6.4.4 bind_ack: max_xmit_frag, max_recv_frag, assoc_group_id,
 * sec_addr (u16 length including the NUL, then that many bytes; parsed by
 * length only), padding to 4 from the PDU start, p_result_list_t (n_results
 * u8, 3 reserved, n_results x {result u16, reason u16, transfer syntax}).
 */
static netsess_status_t dcerpc_bind_ack_decode(const uint8_t *pdu, size_t body_end,
                                               struct ns_dcerpc_bind_result *out)
{
	struct ns_ndr_pull p;
	uint16_t sec_len;
	uint8_t n_results;
	const uint8_t *r;

	/* The cursor covers the PDU so that alignment counts from its start. */
	ns_ndr_pull_init(&p, pdu, body_end);
	p.off = DCERPC_HDR_LEN;
	if (ns_ndr_pull_u16(&p, &out->max_xmit) != NERR_Success ||
	    ns_ndr_pull_u16(&p, &out->max_recv) != NERR_Success ||
	    ns_ndr_pull_u32(&p, &out->assoc_group) != NERR_Success ||
	    ns_ndr_pull_u16(&p, &sec_len) != NERR_Success)
		return NETSESS_E_PROTOCOL;
	if (sec_len > ns_ndr_pull_remaining(&p))
		return NETSESS_E_PROTOCOL;
	p.off += sec_len;
	if (ns_ndr_pull_align(&p, 4) != NERR_Success ||
	    ns_ndr_pull_u8(&p, &n_results) != NERR_Success)
		return NETSESS_E_PROTOCOL;
	if (n_results == 0 || ns_ndr_pull_remaining(&p) < 3 ||
	    (ns_ndr_pull_remaining(&p) - 3) / 24 < n_results)
		return NETSESS_E_PROTOCOL;
	r = pdu + p.off + 3; /* first p_result_t */
	out->result = dcerpc_get_u16(r);
	out->reason = dcerpc_get_u16(r + 2);
	if (out->result != 0)
		return NETSESS_E_BIND_REJECTED;
	if (!dcerpc_syntax_equal(r + 4, &ns_dcerpc_ndr20_syntax))
		return NETSESS_E_PROTOCOL;
	/* C706 12.6.3.1: every implementation receives 1432-byte fragments;
	 * anything smaller is not a usable negotiation. */
	if (out->max_xmit < DCERPC_MIN_FRAG || out->max_recv < DCERPC_MIN_FRAG)
		return NETSESS_E_PROTOCOL;
	return NERR_Success;
}

/* C706 12.6.4.5 bind_nak: provider_reject_reason u16, then the supported
 * versions (not needed here). */
static netsess_status_t dcerpc_bind_nak_decode(const uint8_t *pdu, size_t body_end,
                                               struct ns_dcerpc_bind_result *out)
{
	if (body_end - DCERPC_HDR_LEN < 2)
		return NETSESS_E_PROTOCOL;
	out->nak_reason = dcerpc_get_u16(pdu + DCERPC_HDR_LEN);
	return NETSESS_E_BIND_REJECTED;
}

netsess_status_t ns_dcerpc_bind_reply_decode(const uint8_t *pdu, size_t len, uint32_t call_id,
                                             struct ns_dcerpc_bind_result *out)
{
	struct ns_dcerpc_hdr h;
	size_t body_end, auth_pad;
	netsess_status_t st;

	memset(out, 0, sizeof(*out));
	st = dcerpc_pdu_open(pdu, len, call_id, &h, &body_end, &auth_pad);
	if (st != NERR_Success)
		return st;
	switch (h.ptype) {
	case DCERPC_PT_BIND_ACK:
		return dcerpc_bind_ack_decode(pdu, body_end, out);
	case DCERPC_PT_BIND_NAK:
		return dcerpc_bind_nak_decode(pdu, body_end, out);
	default:
		return NETSESS_E_PROTOCOL;
	}
}

/*
 * C706 12.6.4.9 request: alloc_hint, p_cont_id, opnum, stub.  Fragments
 * other than the last carry a multiple of 8 stub bytes, so that every
 * fragment boundary stays 8-aligned relative to the stub.
 */
netsess_status_t ns_dcerpc_request_encode(uint8_t *buf, size_t cap, uint32_t call_id,
                                          uint16_t opnum, const uint8_t *stub, size_t stub_len,
                                          size_t off, size_t max_frag, size_t *consumed,
                                          size_t *len)
{
	size_t room, n;
	uint8_t flags = 0;

	*consumed = 0;
	*len = 0;
	if (buf == NULL || (stub == NULL && stub_len != 0) || off > stub_len ||
	    stub_len > UINT32_MAX || max_frag > UINT16_MAX || max_frag < DCERPC_REQUEST_HDR_LEN + 8)
		return ERROR_INVALID_PARAMETER;
	room = max_frag - DCERPC_REQUEST_HDR_LEN;
	n = stub_len - off;
	if (n > room)
		n = room & ~(size_t)7;
	if (cap < DCERPC_REQUEST_HDR_LEN || n > cap - DCERPC_REQUEST_HDR_LEN)
		return ERROR_INVALID_PARAMETER;
	if (off == 0)
		flags |= DCERPC_PFC_FIRST_FRAG;
	if (n == stub_len - off)
		flags |= DCERPC_PFC_LAST_FRAG;
	dcerpc_hdr_put(buf, DCERPC_PT_REQUEST, flags, (uint16_t)(DCERPC_REQUEST_HDR_LEN + n),
	               call_id);
	dcerpc_put_u32(buf + 16, (uint32_t)stub_len); /* alloc_hint */
	dcerpc_put_u16(buf + 20, 0);                  /* p_cont_id */
	dcerpc_put_u16(buf + 22, opnum);
	if (n > 0)
		memcpy(buf + DCERPC_REQUEST_HDR_LEN, stub + off, n);
	*consumed = n;
	*len = DCERPC_REQUEST_HDR_LEN + n;
	return NERR_Success;
}

/* C706 12.6.4.10 response: alloc_hint, p_cont_id, cancel_count, reserved,
 * stub (minus the authentication padding, if a trailer is present). */
static netsess_status_t dcerpc_response_body(const uint8_t *pdu, const struct ns_dcerpc_hdr *h,
                                             size_t body_end, size_t auth_pad,
                                             struct ns_dcerpc_frag *out)
{
	if (body_end < DCERPC_RESPONSE_HDR_LEN)
		return NETSESS_E_PROTOCOL;
	if (dcerpc_get_u16(pdu + 20) != 0) /* the only context we bound */
		return NETSESS_E_PROTOCOL;
	if (auth_pad > body_end - DCERPC_RESPONSE_HDR_LEN)
		return NETSESS_E_PROTOCOL;
	out->flags = h->flags;
	out->stub = pdu + DCERPC_RESPONSE_HDR_LEN;
	out->stub_len = body_end - DCERPC_RESPONSE_HDR_LEN - auth_pad;
	return NERR_Success;
}

netsess_status_t ns_dcerpc_response_decode(const uint8_t *pdu, size_t len, uint32_t call_id,
                                           struct ns_dcerpc_frag *out, uint32_t *fault)
{
	struct ns_dcerpc_hdr h;
	size_t body_end, auth_pad;
	netsess_status_t st;

	memset(out, 0, sizeof(*out));
	if (fault != NULL)
		*fault = 0;
	st = dcerpc_pdu_open(pdu, len, call_id, &h, &body_end, &auth_pad);
	if (st != NERR_Success)
		return st;
	switch (h.ptype) {
	case DCERPC_PT_RESPONSE:
		return dcerpc_response_body(pdu, &h, body_end, auth_pad, out);
	case DCERPC_PT_FAULT:
		/* C706 12.6.4.7 fault: status at offset 24. */
		if (body_end < DCERPC_FAULT_MIN_LEN)
			return NETSESS_E_PROTOCOL;
		if (fault != NULL)
			*fault = dcerpc_get_u32(pdu + 24);
		return NETSESS_E_RPC_FAULT;
	default:
		return NETSESS_E_PROTOCOL;
	}
}

void ns_dcerpc_reasm_init(struct ns_dcerpc_reasm *r, size_t limit)
{
	memset(r, 0, sizeof(*r));
	r->limit = limit;
}

void ns_dcerpc_reasm_free(struct ns_dcerpc_reasm *r)
{
	free(r->data);
	ns_dcerpc_reasm_init(r, r->limit);
}

/* C706 12.6.3.1: the stubs of the fragments of one call, from FIRST_FRAG
 * to LAST_FRAG, concatenated.  NDR is decoded only afterwards. */
netsess_status_t ns_dcerpc_reasm_add(struct ns_dcerpc_reasm *r, const struct ns_dcerpc_frag *f)
{
	bool first = (f->flags & DCERPC_PFC_FIRST_FRAG) != 0;
	netsess_status_t st;

	if (r->done || first == r->first_seen)
		return NETSESS_E_PROTOCOL;
	if (f->stub_len > 0 && f->stub == NULL)
		return NETSESS_E_PROTOCOL;
	if (r->len > r->limit || f->stub_len > r->limit - r->len)
		return NETSESS_E_PROTOCOL;
	st = ns_ndr_buf_reserve(&r->data, &r->cap, r->len, f->stub_len, r->limit, 4096);
	if (st != NERR_Success)
		return st;
	if (f->stub_len > 0)
		memcpy(r->data + r->len, f->stub, f->stub_len);
	r->len += f->stub_len;
	r->first_seen = true;
	if (f->flags & DCERPC_PFC_LAST_FRAG)
		r->done = true;
	return NERR_Success;
}
