/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * smb2neg_test.c - the SMB2 NEGOTIATE request and reply (src/smb2neg.c).
 *
 * The request is compared with one built by an independent encoder (a
 * short Python script that follows [MS-SMB2] 2.2.3 field by field, with the
 * salt 00 01 .. 1f); the reply is one a real Samba 4.17 AD DC sent to that
 * request (SMB 3.1.1, signing required, AES-128-GCM).  Variants of it
 * cover the other dialects and every field that can be out of bounds, and
 * every truncation of it is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "smb2neg.h"

#include <stdlib.h>
#include <string.h>

static const uint8_t python_request[182] = {
    0x00, 0x00, 0x00, 0xb2, 0xfe, 0x53, 0x4d, 0x42, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x24, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x70, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x02, 0x10, 0x02, 0x00, 0x03, 0x02, 0x03,
    0x11, 0x03, 0x00, 0x00, 0x01, 0x00, 0x26, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x20, 0x00,
    0x01, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d,
    0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d,
    0x1e, 0x1f, 0x00, 0x00, 0x02, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x02, 0x00,
    0x01, 0x00, 0x04, 0x00, 0x03, 0x00,
};

static const uint8_t samba_reply[284] = {
    0xfe, 0x53, 0x4d, 0x42, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x41, 0x00, 0x03, 0x00, 0x11, 0x03, 0x02, 0x00, 0x64, 0x63, 0x31, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x00,
    0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x80, 0x00, 0x3c, 0xad, 0xdf, 0xca, 0x4c, 0x81, 0xdd, 0x01,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x60, 0x00, 0xe0, 0x00, 0x00, 0x00,
    0x60, 0x5e, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02, 0xa0, 0x54, 0x30, 0x52, 0xa0, 0x24,
    0x30, 0x22, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x82, 0xf7, 0x12, 0x01, 0x02, 0x02, 0x06, 0x09, 0x2a,
    0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02, 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82,
    0x37, 0x02, 0x02, 0x0a, 0xa3, 0x2a, 0x30, 0x28, 0xa0, 0x26, 0x1b, 0x24, 0x6e, 0x6f, 0x74, 0x5f,
    0x64, 0x65, 0x66, 0x69, 0x6e, 0x65, 0x64, 0x5f, 0x69, 0x6e, 0x5f, 0x52, 0x46, 0x43, 0x34, 0x31,
    0x37, 0x38, 0x40, 0x70, 0x6c, 0x65, 0x61, 0x73, 0x65, 0x5f, 0x69, 0x67, 0x6e, 0x6f, 0x72, 0x65,
    0x01, 0x00, 0x26, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x20, 0x00, 0x01, 0x00, 0x80, 0xbd,
    0x97, 0x51, 0x4b, 0x8f, 0x44, 0xfe, 0xb2, 0x17, 0x3d, 0x6d, 0xf5, 0x47, 0xca, 0xc5, 0x49, 0xc2,
    0xf3, 0xe8, 0x5f, 0x7a, 0xa8, 0x6d, 0x5e, 0xc9, 0xc3, 0x0a, 0xc3, 0x0d, 0x63, 0x9f, 0x00, 0x00,
    0x02, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00,
};

/* Offsets in samba_reply (from the SMB2 header). */
#define REP_STATUS 8
#define REP_DIALECT (64 + 4)
#define REP_CTX_COUNT (64 + 6)
#define REP_CAPS (64 + 24)
#define REP_CTX_OFFSET (64 + 60)
#define REP_CIPHER_COUNT (284 - 4)
#define REP_CIPHER (284 - 2)

static uint8_t *reply_copy(void)
{
	uint8_t *r = malloc(sizeof(samba_reply));

	assert_non_null(r);
	memcpy(r, samba_reply, sizeof(samba_reply));
	return r;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void test_request_matches_independent_encoder(void **state)
{
	uint8_t buf[NS_SMB2NEG_REQUEST_LEN], salt[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(salt); i++)
		salt[i] = (uint8_t)i;
	assert_int_equal(sizeof(python_request), NS_SMB2NEG_REQUEST_LEN);
	ns_smb2neg_encode_request(buf, salt);
	assert_memory_equal(buf, python_request, sizeof(buf));
}

static void test_samba_reply(void **state)
{
	struct ns_smb2neg_result r;

	(void)state;
	assert_int_equal(ns_smb2neg_decode_reply(samba_reply, sizeof(samba_reply), &r), 0);
	assert_int_equal(r.dialect, NS_SMB2_DIALECT_311);
	assert_int_equal(r.cipher, NS_SMB2_CIPHER_AES128_GCM);
	assert_true(r.signing_required);
	assert_string_equal(ns_smb2_dialect_name(r.dialect), "SMB 3.1.1");
	assert_string_equal(ns_smb2_cipher_name(r.cipher), "AES-128-GCM");
}

static void test_every_truncation_refused(void **state)
{
	struct ns_smb2neg_result r;
	size_t n;

	(void)state;
	for (n = 0; n < sizeof(samba_reply); n++) {
		uint8_t *cut = malloc(n > 0 ? n : 1);

		assert_non_null(cut);
		memcpy(cut, samba_reply, n);
		assert_int_equal(ns_smb2neg_decode_reply(cut, n, &r), -1);
		free(cut);
	}
}

/* 3.1.1 with its cipher set to none: encryption switched off. */
static void test_311_without_cipher(void **state)
{
	struct ns_smb2neg_result r;
	uint8_t *rep = reply_copy();

	(void)state;
	put16(rep + REP_CIPHER, NS_SMB2_CIPHER_NONE);
	assert_int_equal(ns_smb2neg_decode_reply(rep, sizeof(samba_reply), &r), 0);
	assert_int_equal(r.cipher, NS_SMB2_CIPHER_NONE);
	/* ... or with no ENCRYPTION_CAPABILITIES context at all. */
	put16(rep + REP_CTX_COUNT, 1);
	assert_int_equal(ns_smb2neg_decode_reply(rep, sizeof(samba_reply), &r), 0);
	assert_int_equal(r.cipher, NS_SMB2_CIPHER_NONE);
	free(rep);
}

/* 3.0 and 3.0.2 say it in the capabilities; 2.x cannot encrypt. */
static void test_older_dialects(void **state)
{
	static const struct {
		uint16_t dialect;
		uint8_t caps;
		uint16_t cipher;
	} cases[] = {
	    {NS_SMB2_DIALECT_302, 0x40, NS_SMB2_CIPHER_AES128_CCM},
	    {NS_SMB2_DIALECT_300, 0x40, NS_SMB2_CIPHER_AES128_CCM},
	    {NS_SMB2_DIALECT_300, 0x00, NS_SMB2_CIPHER_NONE},
	    {NS_SMB2_DIALECT_210, 0x40, NS_SMB2_CIPHER_NONE},
	    {NS_SMB2_DIALECT_202, 0x00, NS_SMB2_CIPHER_NONE},
	};
	struct ns_smb2neg_result r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t *rep = reply_copy();

		put16(rep + REP_DIALECT, cases[i].dialect);
		rep[REP_CAPS] = cases[i].caps;
		assert_int_equal(ns_smb2neg_decode_reply(rep, sizeof(samba_reply), &r), 0);
		assert_int_equal(r.dialect, cases[i].dialect);
		assert_int_equal(r.cipher, cases[i].cipher);
		free(rep);
	}
}

static void test_bad_replies(void **state)
{
	struct ns_smb2neg_result r;
	uint8_t *rep;

	(void)state;
	/* A failure status (STATUS_NOT_SUPPORTED). */
	rep = reply_copy();
	rep[REP_STATUS] = 0xbb;
	rep[REP_STATUS + 3] = 0xc0;
	assert_int_equal(ns_smb2neg_decode_reply(rep, sizeof(samba_reply), &r), -1);
	free(rep);
	/* A dialect that was not offered. */
	rep = reply_copy();
	put16(rep + REP_DIALECT, 0x02FF);
	assert_int_equal(ns_smb2neg_decode_reply(rep, sizeof(samba_reply), &r), -1);
	free(rep);
	/* Two ciphers in the answer. */
	rep = reply_copy();
	put16(rep + REP_CIPHER_COUNT, 2);
	assert_int_equal(ns_smb2neg_decode_reply(rep, sizeof(samba_reply), &r), -1);
	free(rep);
	/* More contexts than there are bytes, and more than the cap. */
	rep = reply_copy();
	put16(rep + REP_CTX_COUNT, 3);
	assert_int_equal(ns_smb2neg_decode_reply(rep, sizeof(samba_reply), &r), -1);
	put16(rep + REP_CTX_COUNT, 0xFFFF);
	assert_int_equal(ns_smb2neg_decode_reply(rep, sizeof(samba_reply), &r), -1);
	free(rep);
	/* A context offset that would wrap at 32 bits once aligned. */
	rep = reply_copy();
	rep[REP_CTX_OFFSET] = 0xF9;
	rep[REP_CTX_OFFSET + 1] = 0xFF;
	rep[REP_CTX_OFFSET + 2] = 0xFF;
	rep[REP_CTX_OFFSET + 3] = 0xFF;
	assert_int_equal(ns_smb2neg_decode_reply(rep, sizeof(samba_reply), &r), -1);
	free(rep);
	/* A NEGOTIATE response whose StructureSize is not 65 ([MS-SMB2]
	 * 2.2.4). */
	rep = reply_copy();
	put16(rep + 64, 64);
	assert_int_equal(ns_smb2neg_decode_reply(rep, sizeof(samba_reply), &r), -1);
	free(rep);
	/* Not SMB2 at all. */
	rep = reply_copy();
	rep[0] = 0xFF;
	assert_int_equal(ns_smb2neg_decode_reply(rep, sizeof(samba_reply), &r), -1);
	free(rep);
}

/*
 * The names the library's failure details use ("the server speaks SMB 2.1
 * at most"): every dialect of [MS-SMB2] 2.2.3 and cipher of 2.2.3.1.2 by
 * its name in the specification, anything else "unknown".
 */
static void test_names(void **state)
{
	struct code_name {
		uint16_t code;
		const char *name;
	};
	static const struct code_name dialects[] = {
	    {0x0202, "SMB 2.0.2"}, {0x0210, "SMB 2.1"}, {0x0300, "SMB 3.0"}, {0x0302, "SMB 3.0.2"},
	    {0x0311, "SMB 3.1.1"}, {0x02FF, "unknown"}, {0x0000, "unknown"},
	};
	static const struct code_name ciphers[] = {
	    {0x0000, "none"},        {0x0001, "AES-128-CCM"}, {0x0002, "AES-128-GCM"},
	    {0x0003, "AES-256-CCM"}, {0x0004, "AES-256-GCM"}, {0x0005, "unknown"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(dialects) / sizeof(dialects[0]); i++)
		assert_string_equal(ns_smb2_dialect_name(dialects[i].code), dialects[i].name);
	for (i = 0; i < sizeof(ciphers) / sizeof(ciphers[0]); i++)
		assert_string_equal(ns_smb2_cipher_name(ciphers[i].code), ciphers[i].name);
}

static void test_frame_len(void **state)
{
	static const uint8_t ok[4] = {0x00, 0x00, 0x01, 0x1c};
	static const uint8_t keepalive[4] = {0x85, 0x00, 0x00, 0x00};
	static const uint8_t huge[4] = {0x00, 0x01, 0x00, 0x01};
	size_t len = 0;

	(void)state;
	assert_true(ns_smb2neg_frame_len(ok, &len));
	assert_int_equal(len, 284);
	assert_false(ns_smb2neg_frame_len(keepalive, &len));
	assert_false(ns_smb2neg_frame_len(huge, &len));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_request_matches_independent_encoder),
	    cmocka_unit_test(test_samba_reply),
	    cmocka_unit_test(test_every_truncation_refused),
	    cmocka_unit_test(test_311_without_cipher),
	    cmocka_unit_test(test_older_dialects),
	    cmocka_unit_test(test_bad_replies),
	    cmocka_unit_test(test_frame_len),
	    cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
