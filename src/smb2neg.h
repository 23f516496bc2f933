/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * smb2neg.h - the SMB2 NEGOTIATE exchange ([MS-SMB2] 2.2.3, 2.2.4), as a
 * pure wire format: what a server offers before anyone logs on.
 *
 * The library asks this of a server before it connects with required
 * encryption: libsmbclient 4.17, asked to encrypt a server that cannot,
 * writes its complaint to standard output, and the library never prints.
 * The request offers every dialect from 2.0.2 to 3.1.1 and every SMB3
 * cipher; the reply tells the dialect chosen and the cipher, if any.
 * Messages carry their 4-byte direct-TCP header ([MS-SMB2] 2.1).
 */
#ifndef NETSESS_SMB2NEG_H
#define NETSESS_SMB2NEG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NS_SMB2_DIALECT_202 0x0202u
#define NS_SMB2_DIALECT_210 0x0210u
#define NS_SMB2_DIALECT_300 0x0300u
#define NS_SMB2_DIALECT_302 0x0302u
#define NS_SMB2_DIALECT_311 0x0311u

/* [MS-SMB2] 2.2.3.1.2 Cipher identifiers; 0: none. */
#define NS_SMB2_CIPHER_NONE 0x0000u
#define NS_SMB2_CIPHER_AES128_CCM 0x0001u
#define NS_SMB2_CIPHER_AES128_GCM 0x0002u
#define NS_SMB2_CIPHER_AES256_CCM 0x0003u
#define NS_SMB2_CIPHER_AES256_GCM 0x0004u

/* The request is this long, transport header included. */
#define NS_SMB2NEG_REQUEST_LEN 182u
/* Replies longer than this (security blob included) are refused. */
#define NS_SMB2NEG_MAX_REPLY 65536u

struct ns_smb2neg_result {
	uint16_t dialect;      /* NS_SMB2_DIALECT_* */
	uint16_t cipher;       /* NS_SMB2_CIPHER_*, NONE when no encryption */
	bool signing_required; /* SMB2_NEGOTIATE_SIGNING_REQUIRED */
};

/* Writes the request to buf (NS_SMB2NEG_REQUEST_LEN bytes); salt is the
 * 32-byte preauthentication salt ([MS-SMB2] 2.2.3.1.1). */
void ns_smb2neg_encode_request(uint8_t buf[NS_SMB2NEG_REQUEST_LEN], const uint8_t salt[32]);

/* The length the 4-byte transport header announces; false when it is not
 * a session message or longer than NS_SMB2NEG_MAX_REPLY. */
bool ns_smb2neg_frame_len(const uint8_t hdr[4], size_t *len);

/*
 * Decodes the reply after its transport header (len bytes).  Returns 0, or
 * -1 when it is not a successful SMB2 NEGOTIATE reply (wrong protocol id,
 * command, status or structure size, or any field out of bounds).
 * For 3.1.1 the cipher comes from the ENCRYPTION_CAPABILITIES context; for
 * 3.0 and 3.0.2 from SMB2_GLOBAL_CAP_ENCRYPTION (AES-128-CCM); earlier
 * dialects have none.
 */
int ns_smb2neg_decode_reply(const uint8_t *buf, size_t len, struct ns_smb2neg_result *out);

/* "SMB 3.1.1", "SMB 2.1", ...; "unknown" otherwise.  Static storage. */
const char *ns_smb2_dialect_name(uint16_t dialect);
/* "AES-128-GCM", ...; "none" for 0.  Static storage. */
const char *ns_smb2_cipher_name(uint16_t cipher);

#endif
