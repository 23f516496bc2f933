/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * smb2neg.c - the SMB2 NEGOTIATE request and reply ([MS-SMB2] 2.2.3,
 * 2.2.4), pure functions over byte buffers (see smb2neg.h).
 *
 * Offsets in the SMB2 message count from the start of its 64-byte header
 * ([MS-SMB2] 2.2.1), not from the 4-byte transport header before it.
 */
#include "smb2neg.h"

#include <string.h>

#define SMB2_HDR_LEN 64u
#define SMB2_NEGOTIATE 0x0000u
#define SMB2_NEG_REQ_SIZE 36u  /* [MS-SMB2] 2.2.3 StructureSize */
#define SMB2_NEG_REP_SIZE 65u  /* [MS-SMB2] 2.2.4 StructureSize */
#define SMB2_NEG_REP_FIXED 64u /* the reply body without its buffers */
#define SMB2_SIGNING_ENABLED 0x0001u
#define SMB2_SIGNING_REQUIRED 0x0002u
#define SMB2_CAP_ENCRYPTION 0x00000040u
#define SMB2_PREAUTH_INTEGRITY_CAPABILITIES 0x0001u
#define SMB2_ENCRYPTION_CAPABILITIES 0x0002u
#define SMB2_SHA512 0x0001u
/* At most this many negotiate contexts are looked at in a reply. */
#define SMB2_MAX_CONTEXTS 64u

static const uint16_t smb2neg_dialects[] = {
    NS_SMB2_DIALECT_202, NS_SMB2_DIALECT_210, NS_SMB2_DIALECT_300,
    NS_SMB2_DIALECT_302, NS_SMB2_DIALECT_311,
};
#define SMB2NEG_NDIALECTS (sizeof(smb2neg_dialects) / sizeof(smb2neg_dialects[0]))

/* Strongest first: the server picks by its own preference anyway. */
static const uint16_t smb2neg_ciphers[] = {
    NS_SMB2_CIPHER_AES128_GCM,
    NS_SMB2_CIPHER_AES128_CCM,
    NS_SMB2_CIPHER_AES256_GCM,
    NS_SMB2_CIPHER_AES256_CCM,
};
#define SMB2NEG_NCIPHERS (sizeof(smb2neg_ciphers) / sizeof(smb2neg_ciphers[0]))

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) | ((uint32_t)get16(p + 2) << 16);
}

static size_t align8(size_t off)
{
	return (off + 7u) & ~(size_t)7u;
}

void ns_smb2neg_encode_request(uint8_t buf[NS_SMB2NEG_REQUEST_LEN], const uint8_t salt[32])
{
	uint8_t *m = buf + 4; /* the SMB2 message */
	size_t off, ctx1, ctx2, i;

	memset(buf, 0, NS_SMB2NEG_REQUEST_LEN);
	/* [MS-SMB2] 2.1: zero byte, then a 24-bit big-endian length. */
	buf[1] = 0;
	buf[2] = (uint8_t)((NS_SMB2NEG_REQUEST_LEN - 4u) >> 8);
	buf[3] = (uint8_t)(NS_SMB2NEG_REQUEST_LEN - 4u);
	/* [MS-SMB2] 2.2.1.2 sync header: ProtocolId, StructureSize, ...,
	 * Command NEGOTIATE, CreditRequest 1, MessageId 0. */
	m[0] = 0xFE;
	m[1] = 'S';
	m[2] = 'M';
	m[3] = 'B';
	put16(m + 4, SMB2_HDR_LEN);
	put16(m + 12, SMB2_NEGOTIATE);
	put16(m + 14, 1);
	/* [MS-SMB2] 2.2.3 NEGOTIATE request. */
	off = SMB2_HDR_LEN;
	put16(m + off, SMB2_NEG_REQ_SIZE);
	put16(m + off + 2, (uint16_t)SMB2NEG_NDIALECTS);
	put16(m + off + 4, SMB2_SIGNING_ENABLED);
	put32(m + off + 8, SMB2_CAP_ENCRYPTION);
	/* ClientGuid (off + 12, 16 bytes) stays zero: nothing is resumed. */
	for (i = 0; i < SMB2NEG_NDIALECTS; i++)
		put16(m + off + SMB2_NEG_REQ_SIZE + 2 * i, smb2neg_dialects[i]);
	ctx1 = align8(off + SMB2_NEG_REQ_SIZE + 2 * SMB2NEG_NDIALECTS);
	put32(m + off + 28, (uint32_t)ctx1); /* NegotiateContextOffset */
	put16(m + off + 32, 2);              /* NegotiateContextCount */
	/* 2.2.3.1.1 PREAUTH_INTEGRITY_CAPABILITIES: SHA-512 and a salt. */
	put16(m + ctx1, SMB2_PREAUTH_INTEGRITY_CAPABILITIES);
	put16(m + ctx1 + 2, 6 + 32);
	put16(m + ctx1 + 8, 1);
	put16(m + ctx1 + 10, 32);
	put16(m + ctx1 + 12, SMB2_SHA512);
	memcpy(m + ctx1 + 14, salt, 32);
	/* 2.2.3.1.2 ENCRYPTION_CAPABILITIES. */
	ctx2 = align8(ctx1 + 8 + 6 + 32);
	put16(m + ctx2, SMB2_ENCRYPTION_CAPABILITIES);
	put16(m + ctx2 + 2, (uint16_t)(2 + 2 * SMB2NEG_NCIPHERS));
	put16(m + ctx2 + 8, (uint16_t)SMB2NEG_NCIPHERS);
	for (i = 0; i < SMB2NEG_NCIPHERS; i++)
		put16(m + ctx2 + 10 + 2 * i, smb2neg_ciphers[i]);
}

bool ns_smb2neg_frame_len(const uint8_t hdr[4], size_t *len)
{
	size_t n = ((size_t)hdr[1] << 16) | ((size_t)hdr[2] << 8) | hdr[3];

	if (hdr[0] != 0 || n > NS_SMB2NEG_MAX_REPLY)
		return false;
	*len = n;
	return true;
}

/* The cipher of a 3.1.1 reply: its ENCRYPTION_CAPABILITIES context. */
static int smb2neg_cipher_311(const uint8_t *m, size_t len, size_t off, uint16_t count,
                              uint16_t *cipher)
{
	uint16_t i;

	*cipher = NS_SMB2_CIPHER_NONE;
	if (count > SMB2_MAX_CONTEXTS)
		return -1;
	for (i = 0; i < count; i++) {
		uint16_t type, dlen;

		off = align8(off); /* size_t: a 32-bit offset cannot wrap */
		if (off > len || 8u > len - off)
			return -1;
		type = get16(m + off);
		dlen = get16(m + off + 2);
		if (dlen > len - off - 8u)
			return -1;
		if (type == SMB2_ENCRYPTION_CAPABILITIES) {
			/* The server answers with exactly one cipher. */
			if (dlen < 4 || get16(m + off + 8) != 1)
				return -1;
			*cipher = get16(m + off + 10);
		}
		off += 8u + dlen;
	}
	return 0;
}

int ns_smb2neg_decode_reply(const uint8_t *m, size_t len, struct ns_smb2neg_result *out)
{
	const uint8_t *b;
	uint16_t count;

	memset(out, 0, sizeof(*out));
	if (len < SMB2_HDR_LEN + SMB2_NEG_REP_FIXED)
		return -1;
	if (m[0] != 0xFE || m[1] != 'S' || m[2] != 'M' || m[3] != 'B' ||
	    get16(m + 4) != SMB2_HDR_LEN || get32(m + 8) != 0 || get16(m + 12) != SMB2_NEGOTIATE)
		return -1;
	b = m + SMB2_HDR_LEN;
	if (get16(b) != SMB2_NEG_REP_SIZE)
		return -1;
	out->signing_required = (get16(b + 2) & SMB2_SIGNING_REQUIRED) != 0;
	out->dialect = get16(b + 4);
	count = get16(b + 6);
	switch (out->dialect) {
	case NS_SMB2_DIALECT_311:
		return smb2neg_cipher_311(m, len, get32(b + 60), count, &out->cipher);
	case NS_SMB2_DIALECT_300:
	case NS_SMB2_DIALECT_302:
		if (get32(b + 24) & SMB2_CAP_ENCRYPTION)
			out->cipher = NS_SMB2_CIPHER_AES128_CCM;
		return 0;
	case NS_SMB2_DIALECT_202:
	case NS_SMB2_DIALECT_210:
		return 0;
	default:
		return -1; /* a dialect that was not offered */
	}
}

const char *ns_smb2_dialect_name(uint16_t dialect)
{
	switch (dialect) {
	case NS_SMB2_DIALECT_202:
		return "SMB 2.0.2";
	case NS_SMB2_DIALECT_210:
		return "SMB 2.1";
	case NS_SMB2_DIALECT_300:
		return "SMB 3.0";
	case NS_SMB2_DIALECT_302:
		return "SMB 3.0.2";
	case NS_SMB2_DIALECT_311:
		return "SMB 3.1.1";
	}
	return "unknown";
}

const char *ns_smb2_cipher_name(uint16_t cipher)
{
	switch (cipher) {
	case NS_SMB2_CIPHER_NONE:
		return "none";
	case NS_SMB2_CIPHER_AES128_CCM:
		return "AES-128-CCM";
	case NS_SMB2_CIPHER_AES128_GCM:
		return "AES-128-GCM";
	case NS_SMB2_CIPHER_AES256_CCM:
		return "AES-256-CCM";
	case NS_SMB2_CIPHER_AES256_GCM:
		return "AES-256-GCM";
	}
	return "unknown";
}
