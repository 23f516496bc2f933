/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_smb2neg.c - libFuzzer harness for the SMB2 NEGOTIATE reply decoder
 * and the transport header reader (src/smb2neg.c): a server's first answer
 * to a connection that requires encryption.
 */
#include <stdlib.h>
#include <string.h>

#include "smb2neg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ns_smb2neg_result r;
	size_t len;

	if (size >= 4)
		(void)ns_smb2neg_frame_len(data, &len);
	if (ns_smb2neg_decode_reply(data, size, &r) == 0) {
		(void)ns_smb2_dialect_name(r.dialect);
		(void)ns_smb2_cipher_name(r.cipher);
	}
	return 0;
}
