/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_dcerpc.c - libFuzzer harness for the DCE/RPC PDU decoders and the
 * reassembly of fragments.  The input is read as a sequence of PDUs, each
 * one as long as its own frag_length says (or the rest of the input).
 */
#include <stdlib.h>
#include <string.h>

#include "dcerpc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ns_dcerpc_bind_result br;
	struct ns_dcerpc_reasm r;
	size_t off = 0;

	(void)ns_dcerpc_bind_reply_decode(data, size, 1, &br);
	ns_dcerpc_reasm_init(&r, 8192);
	while (off < size && !r.done) {
		struct ns_dcerpc_hdr h;
		struct ns_dcerpc_frag f;
		uint32_t fault;
		size_t len = size - off;

		if (ns_dcerpc_hdr_decode(data + off, len, 65535, &h) == NERR_Success &&
		    h.frag_len <= len)
			len = h.frag_len;
		if (ns_dcerpc_response_decode(data + off, len, 2, &f, &fault) == NERR_Success) {
			if (f.stub_len > len || (f.stub_len > 0 && f.stub < data + off))
				abort();
			if (ns_dcerpc_reasm_add(&r, &f) != NERR_Success)
				break;
		}
		off += len;
	}
	if (r.len > r.limit)
		abort();
	ns_dcerpc_reasm_free(&r);
	return 0;
}
