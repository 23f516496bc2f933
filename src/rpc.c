/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rpc.c - the DCE/RPC call path: bind, then encode, send fragments,
 * receive fragments, reassemble.  PDU bytes are built and checked by
 * dcerpc.c; this file only moves them through the transport.
 */
#include "rpc.h"

#include "dcerpc.h"

#include <stdlib.h>
#include <string.h>

void ns_rpc_init(struct ns_rpc *r)
{
	memset(r, 0, sizeof(*r));
}

void ns_rpc_clear(struct ns_rpc *r)
{
	if (r == NULL)
		return;
	free(r->buf);
	memset(r, 0, sizeof(*r));
}

static uint64_t rpc_now(const struct ns_rpc *r)
{
	return r->clock != NULL ? r->clock() : ns_transport_now_ms();
}

/* When the call starting now must be over; 0 without a timeout. */
static uint64_t rpc_deadline(const struct ns_rpc *r)
{
	return r->timeout_ms != 0 ? rpc_now(r) + r->timeout_ms : 0;
}

/* C706 12.6.3.1: call_id is chosen by the client; 0 is never used here. */
static uint32_t rpc_next_call_id(struct ns_rpc *r)
{
	r->call_id++;
	if (r->call_id == 0)
		r->call_id = 1;
	return r->call_id;
}

/*
 * Reads one PDU into r->buf: the 16-byte common header first, then exactly
 * frag_len - 16 bytes.  Asking the pipe for more than the PDU would block
 * until the timeout, because the SMB client keeps reading to fill it.
 */
static netsess_status_t rpc_read_pdu(struct ns_rpc *r, uint64_t deadline, struct ns_dcerpc_hdr *h)
{
	netsess_status_t st;

	st = r->t->ops->read(r->t, r->buf, DCERPC_HDR_LEN, deadline);
	if (st != NERR_Success)
		return st;
	/* Also holds frag_len to [DCERPC_HDR_LEN, recv_frag]: r->buf's size. */
	st = ns_dcerpc_hdr_decode(r->buf, DCERPC_HDR_LEN, r->recv_frag, h);
	if (st != NERR_Success)
		return st;
	if (h->frag_len == DCERPC_HDR_LEN)
		return NERR_Success;
	return r->t->ops->read(r->t, r->buf + DCERPC_HDR_LEN, h->frag_len - DCERPC_HDR_LEN,
	                       deadline);
}

netsess_status_t ns_rpc_bind(struct ns_rpc *r, struct ns_transport *t, uint16_t max_frag)
{
	struct ns_dcerpc_bind_result br;
	struct ns_dcerpc_hdr h;
	ns_rpc_clock_fn clock;
	netsess_status_t st;
	unsigned timeout_ms;
	uint32_t call_id;
	size_t len;

	if (r == NULL || t == NULL || max_frag < DCERPC_MIN_FRAG)
		return ERROR_INVALID_PARAMETER;
	timeout_ms = r->timeout_ms;
	clock = r->clock;
	ns_rpc_clear(r);
	ns_rpc_set_timeout(r, timeout_ms, clock);
	r->buf = malloc(max_frag);
	if (r->buf == NULL)
		return ERROR_NOT_ENOUGH_MEMORY;
	r->t = t;
	r->xmit_frag = max_frag;
	r->recv_frag = max_frag;
	r->max_reply = NS_RPC_MAX_REPLY;
	call_id = rpc_next_call_id(r);
	st = ns_dcerpc_bind_encode(r->buf, max_frag, call_id, max_frag, max_frag,
	                           &ns_dcerpc_srvsvc_syntax, &len);
	if (st != NERR_Success)
		return st;
	st = t->ops->write(t, r->buf, len);
	if (st != NERR_Success)
		return st;
	st = rpc_read_pdu(r, rpc_deadline(r), &h);
	if (st != NERR_Success)
		return st;
	memset(&br, 0, sizeof(br));
	st = ns_dcerpc_bind_reply_decode(r->buf, h.frag_len, call_id, &br);
	if (st != NERR_Success)
		return st;
	/* C706 12.6.3.1: no party may offer less than must_recv_frag_size. */
	if (br.max_recv < DCERPC_MIN_FRAG)
		return NETSESS_E_PROTOCOL;
	if (br.max_recv < r->xmit_frag)
		r->xmit_frag = br.max_recv;
	return NERR_Success;
}

void ns_rpc_set_timeout(struct ns_rpc *r, unsigned timeout_ms, ns_rpc_clock_fn clock)
{
	r->timeout_ms = timeout_ms;
	r->clock = clock;
}

/* Writes the request stub as one or more request fragments. */
static netsess_status_t rpc_send_request(struct ns_rpc *r, uint32_t call_id, uint16_t opnum,
                                         const uint8_t *stub, size_t stub_len)
{
	size_t off = 0;

	do {
		size_t consumed = 0, len = 0;
		netsess_status_t st;

		st = ns_dcerpc_request_encode(r->buf, r->xmit_frag, call_id, opnum, stub, stub_len,
		                              off, r->xmit_frag, &consumed, &len);
		if (st != NERR_Success)
			return st;
		if (consumed == 0 && off < stub_len)
			return ERROR_INVALID_PARAMETER;
		st = r->t->ops->write(r->t, r->buf, len);
		if (st != NERR_Success)
			return st;
		off += consumed;
	} while (off < stub_len);
	return NERR_Success;
}

/*
 * Reads response fragments of call_id until LAST_FRAG (C706 12.6.4.10).
 * The fragments may add up to r->max_reply bytes, headers included, and
 * must all have arrived by deadline (0: no limit).
 */
static netsess_status_t rpc_recv_response(struct ns_rpc *r, uint32_t call_id, uint64_t deadline,
                                          struct ns_dcerpc_reasm *ra)
{
	size_t received = 0;

	do {
		struct ns_dcerpc_frag frag;
		struct ns_dcerpc_hdr h;
		netsess_status_t st;
		uint32_t fault = 0;

		if (deadline != 0 && rpc_now(r) >= deadline)
			return NETSESS_E_TIMEOUT;
		st = rpc_read_pdu(r, deadline, &h);
		if (st != NERR_Success)
			return st;
		if (h.frag_len > r->max_reply - received)
			return NETSESS_E_PROTOCOL;
		received += h.frag_len;
		st = ns_dcerpc_response_decode(r->buf, h.frag_len, call_id, &frag, &fault);
		if (st == NETSESS_E_RPC_FAULT)
			r->fault = fault;
		if (st != NERR_Success)
			return st;
		st = ns_dcerpc_reasm_add(ra, &frag);
		if (st != NERR_Success)
			return st;
	} while (!ra->done);
	return NERR_Success;
}

netsess_status_t ns_rpc_call(struct ns_rpc *r, uint16_t opnum, const uint8_t *stub, size_t stub_len,
                             uint8_t **reply, size_t *reply_len, bool *sent)
{
	struct ns_dcerpc_reasm ra;
	netsess_status_t st;
	uint64_t deadline;
	uint32_t call_id;

	*sent = false;
	*reply = NULL;
	*reply_len = 0;
	if (r->t == NULL || r->buf == NULL || (stub == NULL && stub_len > 0))
		return ERROR_INVALID_PARAMETER;
	r->fault = 0;
	deadline = rpc_deadline(r);
	call_id = rpc_next_call_id(r);
	st = rpc_send_request(r, call_id, opnum, stub, stub_len);
	if (st != NERR_Success)
		return st;
	*sent = true;
	ns_dcerpc_reasm_init(&ra, r->max_reply);
	st = rpc_recv_response(r, call_id, deadline, &ra);
	if (st != NERR_Success)
		goto out_free_reasm;
	/* The reassembly buffer is malloc'd by dcerpc.c: hand it over. */
	*reply = ra.data;
	*reply_len = ra.len;
	ra.data = NULL;
	ra.len = 0;
out_free_reasm:
	ns_dcerpc_reasm_free(&ra);
	return st;
}
