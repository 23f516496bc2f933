/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ndr_test.c - NDR20 primitives: alignment, bounds, referents, strings and
 * UTF-16LE <-> UTF-8 conversion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ndr.h"

/* A heap copy of exactly n bytes, so that any read past n is caught by the
 * address sanitizer or valgrind. */
static uint8_t *dup_exact(const uint8_t *b, size_t n)
{
	uint8_t *c = malloc(n > 0 ? n : 1);

	assert_non_null(c);
	if (n > 0)
		memcpy(c, b, n);
	return c;
}

static void test_pull_scalars_le(void **state)
{
	static const uint8_t b[] = {0xAB, 0xFF, 0x34, 0x12, 0x78, 0x56, 0x34, 0x12};
	struct ns_ndr_pull p;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;

	(void)state;
	ns_ndr_pull_init(&p, b, sizeof(b));
	assert_int_equal(ns_ndr_pull_u8(&p, &u8), NERR_Success);
	assert_int_equal(u8, 0xAB);
	/* u16 aligns to 2: the byte at 1 is padding. */
	assert_int_equal(ns_ndr_pull_u16(&p, &u16), NERR_Success);
	assert_int_equal(u16, 0x1234);
	assert_int_equal(p.off, 4);
	assert_int_equal(ns_ndr_pull_u32(&p, &u32), NERR_Success);
	assert_int_equal(u32, 0x12345678);
	assert_int_equal(ns_ndr_pull_remaining(&p), 0);
	assert_int_equal(ns_ndr_pull_u8(&p, &u8), NETSESS_E_PROTOCOL);
}

/* Alignment counts from the start of the buffer, not from the cursor. */
static void test_pull_align_from_start(void **state)
{
	static const uint8_t b[12] = {1, 0, 0, 0, 0, 2, 0, 0, 3, 0, 0, 0};
	struct ns_ndr_pull p;
	uint8_t u8;
	uint32_t u32;

	(void)state;
	ns_ndr_pull_init(&p, b, sizeof(b));
	assert_int_equal(ns_ndr_pull_u8(&p, &u8), NERR_Success);
	assert_int_equal(ns_ndr_pull_u32(&p, &u32), NERR_Success);
	assert_int_equal(p.off, 8);
	assert_int_equal(u32, 0x00000200);
	p.off = 5;
	assert_int_equal(ns_ndr_pull_align(&p, 8), NERR_Success);
	assert_int_equal(p.off, 8);
	assert_int_equal(ns_ndr_pull_align(&p, 8), NERR_Success);
	assert_int_equal(p.off, 8);
	p.off = 9;
	assert_int_equal(ns_ndr_pull_align(&p, 8), NETSESS_E_PROTOCOL); /* 16 > 12 */
	assert_int_equal(p.off, 9);
	assert_int_equal(ns_ndr_pull_align(&p, 3), NETSESS_E_PROTOCOL);
	assert_int_equal(ns_ndr_pull_align(&p, 0), NETSESS_E_PROTOCOL);
}

/* Every truncation of a u32 fails and leaves the cursor where it was. */
static void test_pull_truncated_scalars(void **state)
{
	static const uint8_t b[4] = {1, 2, 3, 4};
	struct ns_ndr_pull p;
	uint16_t u16;
	uint32_t u32;
	bool present;
	size_t n;

	(void)state;
	for (n = 0; n < 4; n++) {
		uint8_t *c = dup_exact(b, n);

		ns_ndr_pull_init(&p, c, n);
		assert_int_equal(ns_ndr_pull_u32(&p, &u32), NETSESS_E_PROTOCOL);
		assert_int_equal(ns_ndr_pull_ptr(&p, &present), NETSESS_E_PROTOCOL);
		assert_int_equal(p.off, 0);
		if (n < 2)
			assert_int_equal(ns_ndr_pull_u16(&p, &u16), NETSESS_E_PROTOCOL);
		free(c);
	}
}

/*
 * A cursor near the end of the address space: the checks must not wrap.
 * The data pointer is never dereferenced because every check fails first.
 */
static void check_cursor_at_edge(size_t size, size_t off)
{
	static const uint8_t dummy[8];
	struct ns_ndr_pull p;
	uint16_t u16;
	uint32_t u32;
	bool present;
	char *s = NULL;

	ns_ndr_pull_init(&p, dummy, size);
	p.off = off;
	assert_int_equal(ns_ndr_pull_remaining(&p), size - off);
	assert_int_equal(ns_ndr_pull_u32(&p, &u32), NETSESS_E_PROTOCOL);
	assert_int_equal(ns_ndr_pull_ptr(&p, &present), NETSESS_E_PROTOCOL);
	assert_int_equal(ns_ndr_pull_wstring(&p, 100, &s), NETSESS_E_PROTOCOL);
	assert_null(s);
	if (size - off < 2)
		assert_int_equal(ns_ndr_pull_u16(&p, &u16), NETSESS_E_PROTOCOL);
	assert_int_equal(p.off, off);
	/* Padding alone may still fit; it must never wrap. */
	if ((8 - off % 8) % 8 > size - off) {
		assert_int_equal(ns_ndr_pull_align(&p, 8), NETSESS_E_PROTOCOL);
		assert_int_equal(p.off, off);
	} else {
		assert_int_equal(ns_ndr_pull_align(&p, 8), NERR_Success);
		assert_true(p.off >= off && p.off <= size);
	}
}

static void test_pull_cursor_size_max(void **state)
{
	(void)state;
	check_cursor_at_edge(SIZE_MAX, SIZE_MAX - 1);
	check_cursor_at_edge(SIZE_MAX, SIZE_MAX - 3);
	check_cursor_at_edge(SIZE_MAX, SIZE_MAX);
}

static void test_pull_cursor_uint32_max(void **state)
{
	(void)state;
	check_cursor_at_edge(UINT32_MAX, (size_t)UINT32_MAX - 1);
	check_cursor_at_edge(UINT32_MAX, (size_t)UINT32_MAX - 2);
#if SIZE_MAX > UINT32_MAX
	check_cursor_at_edge((size_t)UINT32_MAX + 1, (size_t)UINT32_MAX - 1);
#endif
}

/* A corrupted cursor (off past size) never reads. */
static void test_pull_cursor_past_end(void **state)
{
	static const uint8_t b[4];
	struct ns_ndr_pull p;
	uint8_t u8;

	(void)state;
	ns_ndr_pull_init(&p, b, 4);
	p.off = 5;
	assert_int_equal(ns_ndr_pull_remaining(&p), 0);
	assert_int_equal(ns_ndr_pull_u8(&p, &u8), NETSESS_E_PROTOCOL);
	assert_int_equal(ns_ndr_pull_align(&p, 2), NETSESS_E_PROTOCOL);
}

static void test_pull_ptr_zero_nonzero(void **state)
{
	static const uint8_t b[] = {0,    0,    0,    0,    0x00, 0x00, 0x02, 0x00,
	                            0xff, 0xff, 0xff, 0xff, 0x01, 0,    0,    0};
	struct ns_ndr_pull p;
	bool present = true;

	(void)state;
	ns_ndr_pull_init(&p, b, sizeof(b));
	assert_int_equal(ns_ndr_pull_ptr(&p, &present), NERR_Success);
	assert_false(present);
	assert_int_equal(ns_ndr_pull_ptr(&p, &present), NERR_Success);
	assert_true(present);
	assert_int_equal(ns_ndr_pull_ptr(&p, &present), NERR_Success);
	assert_true(present);
	assert_int_equal(ns_ndr_pull_ptr(&p, &present), NERR_Success);
	assert_true(present);
}

struct wstring_case {
	const char *name;
	const uint8_t *bytes;
	size_t len;
	size_t max_units;
	netsess_status_t status;
	const char *expect;
	size_t end; /* cursor after success */
};

#define BYTES(...) (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})
#define U32(v)                                                                                     \
	(uint8_t)(v), (uint8_t)((v) >> 8), (uint8_t)((v) >> 16), (uint8_t)((uint32_t)(v) >> 24)

static const struct wstring_case wstring_cases[] = {
    {"bob with NUL", BYTES(U32(4), U32(0), U32(4), 'b', 0, 'o', 0, 'b', 0, 0, 0), 100, NERR_Success,
     "bob", 20},
    {"bob without NUL", BYTES(U32(3), U32(0), U32(3), 'b', 0, 'o', 0, 'b', 0), 100, NERR_Success,
     "bob", 18},
    {"empty", BYTES(U32(1), U32(0), U32(1), 0, 0), 100, NERR_Success, "", 14},
    {"zero units", BYTES(U32(0), U32(0), U32(0)), 100, NERR_Success, "", 12},
    {"max above actual", BYTES(U32(6), U32(0), U32(2), 'a', 0, 0, 0), 100, NERR_Success, "a", 16},
    {"J\xc3\xb6rg", BYTES(U32(5), U32(0), U32(5), 'J', 0, 0xf6, 0, 'r', 0, 'g', 0, 0, 0), 100,
     NERR_Success, "J\xc3\xb6rg", 22},
    {"CJK", BYTES(U32(3), U32(0), U32(3), 0x71, 0x5c, 0x30, 0x75, 0, 0), 100, NERR_Success,
     "\xe5\xb1\xb1\xe7\x94\xb0", 18},
    {"surrogate pair", BYTES(U32(3), U32(0), U32(3), 0x3d, 0xd8, 0x00, 0xde, 0, 0), 100,
     NERR_Success, "\xf0\x9f\x98\x80", 18},
    {"U+10FFFF", BYTES(U32(2), U32(0), U32(2), 0xff, 0xdb, 0xff, 0xdf), 100, NERR_Success,
     "\xf4\x8f\xbf\xbf", 16},
    {"U+FFFF and U+E000", BYTES(U32(2), U32(0), U32(2), 0xff, 0xff, 0x00, 0xe0), 100, NERR_Success,
     "\xef\xbf\xbf\xee\x80\x80", 16},
    {"offset not zero", BYTES(U32(4), U32(1), U32(3), 'o', 0, 'b', 0, 0, 0), 100,
     NETSESS_E_PROTOCOL, NULL, 0},
    {"actual above max", BYTES(U32(2), U32(0), U32(3), 'b', 0, 'o', 0, 0, 0), 100,
     NETSESS_E_PROTOCOL, NULL, 0},
    {"max_count huge", BYTES(U32(0xFFFFFFFFu), U32(0), U32(1), 0, 0), 100, NETSESS_E_PROTOCOL, NULL,
     0},
    {"actual huge", BYTES(U32(0xFFFFFFFFu), U32(0), U32(0xFFFFFFFFu), 0, 0), 100,
     NETSESS_E_PROTOCOL, NULL, 0},
    {"above caller cap", BYTES(U32(4), U32(0), U32(4), 'b', 0, 'o', 0, 'b', 0, 0, 0), 3,
     NETSESS_E_PROTOCOL, NULL, 0},
    {"cap exactly", BYTES(U32(4), U32(0), U32(4), 'b', 0, 'o', 0, 'b', 0, 0, 0), 4, NERR_Success,
     "bob", 20},
    {"units truncated", BYTES(U32(4), U32(0), U32(4), 'b', 0, 'o', 0, 'b', 0, 0), 100,
     NETSESS_E_PROTOCOL, NULL, 0},
    {"header truncated", BYTES(U32(4), U32(0), 4, 0), 100, NETSESS_E_PROTOCOL, NULL, 0},
    {"embedded NUL", BYTES(U32(4), U32(0), U32(4), 'b', 0, 0, 0, 'b', 0, 0, 0), 100,
     NETSESS_E_PROTOCOL, NULL, 0},
    {"lone high surrogate at end", BYTES(U32(2), U32(0), U32(2), 0x3d, 0xd8, 0, 0), 100,
     NETSESS_E_PROTOCOL, NULL, 0},
    {"lone high surrogate, no NUL", BYTES(U32(1), U32(0), U32(1), 0x3d, 0xd8), 100,
     NETSESS_E_PROTOCOL, NULL, 0},
    {"lone low surrogate", BYTES(U32(3), U32(0), U32(3), 'a', 0, 0x00, 0xde, 0, 0), 100,
     NETSESS_E_PROTOCOL, NULL, 0},
    {"high then not low", BYTES(U32(3), U32(0), U32(3), 0x3d, 0xd8, 'a', 0, 0, 0), 100,
     NETSESS_E_PROTOCOL, NULL, 0},
    {"swapped pair", BYTES(U32(3), U32(0), U32(3), 0x00, 0xde, 0x3d, 0xd8, 0, 0), 100,
     NETSESS_E_PROTOCOL, NULL, 0},
};

static void test_pull_wstring_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(wstring_cases) / sizeof(wstring_cases[0]); i++) {
		const struct wstring_case *c = &wstring_cases[i];
		uint8_t *b = dup_exact(c->bytes, c->len);
		struct ns_ndr_pull p;
		char *s = (char *)1;

		print_message("case %s\n", c->name);
		ns_ndr_pull_init(&p, b, c->len);
		assert_int_equal(ns_ndr_pull_wstring(&p, c->max_units, &s), c->status);
		if (c->status == NERR_Success) {
			assert_string_equal(s, c->expect);
			assert_int_equal(p.off, c->end);
		} else {
			assert_null(s);
		}
		free(s);
		free(b);
	}
}

/* The string header aligns to 4 from the start of the buffer. */
static void test_pull_wstring_aligns(void **state)
{
	static const uint8_t b[] = {7, 0xEE, 0xEE, 0xEE, U32(2), U32(0), U32(2), 'x', 0, 0, 0};
	struct ns_ndr_pull p;
	uint8_t u8;
	char *s;

	(void)state;
	ns_ndr_pull_init(&p, b, sizeof(b));
	assert_int_equal(ns_ndr_pull_u8(&p, &u8), NERR_Success);
	assert_int_equal(ns_ndr_pull_wstring(&p, 10, &s), NERR_Success);
	assert_string_equal(s, "x");
	assert_int_equal(ns_ndr_pull_remaining(&p), 0);
	free(s);
}

/* NDR_MAX_STRING_UNITS is a ceiling even for a caller asking for more. */
static void test_pull_wstring_global_cap(void **state)
{
	size_t units = NDR_MAX_STRING_UNITS + 1, len = 12 + 2 * units, i;
	uint8_t *b = calloc(1, len);
	struct ns_ndr_pull p;
	char *s = NULL;

	(void)state;
	assert_non_null(b);
	for (i = 0; i < 3; i++) {
		uint32_t v = i == 1 ? 0 : (uint32_t)units;

		b[4 * i] = (uint8_t)v;
		b[4 * i + 1] = (uint8_t)(v >> 8);
	}
	for (i = 0; i + 1 < units; i++)
		b[12 + 2 * i] = 'a';
	ns_ndr_pull_init(&p, b, len);
	assert_int_equal(ns_ndr_pull_wstring(&p, SIZE_MAX, &s), NETSESS_E_PROTOCOL);
	assert_null(s);

	/* Exactly at the cap: accepted. */
	units = NDR_MAX_STRING_UNITS;
	b[0] = b[8] = (uint8_t)units;
	b[1] = b[9] = (uint8_t)(units >> 8);
	ns_ndr_pull_init(&p, b, 12 + 2 * units);
	b[12 + 2 * (units - 1)] = 0;
	assert_int_equal(ns_ndr_pull_wstring(&p, SIZE_MAX, &s), NERR_Success);
	assert_int_equal(strlen(s), units - 1);
	free(s);
	free(b);
}

struct utf8_case {
	const char *utf8;
	const uint8_t *utf16;
	size_t units;
};

static const struct utf8_case utf8_valid[] = {
    {"", (const uint8_t *)"", 0},
    {"abc", (const uint8_t *)"a\0b\0c\0", 3},
    {"J\xc3\xb6rg", (const uint8_t *)"J\0\xf6\0r\0g\0", 4},
    {"\xe5\xb1\xb1\xe7\x94\xb0", (const uint8_t *)"\x71\x5c\x30\x75", 2},
    {"\xf0\x9f\x98\x80", (const uint8_t *)"\x3d\xd8\x00\xde", 2},
    {"\xf4\x8f\xbf\xbf", (const uint8_t *)"\xff\xdb\xff\xdf", 2},
    {"\xef\xbf\xbf", (const uint8_t *)"\xff\xff", 1},
    {"\xc2\x80\xdf\xbf\xe0\xa0\x80", (const uint8_t *)"\x80\x00\xff\x07\x00\x08", 3},
    {"\xed\x9f\xbf\xee\x80\x80", (const uint8_t *)"\xff\xd7\x00\xe0", 2},
};

static const char *const utf8_invalid[] = {
    "\x80",                     /* stray continuation */
    "a\xbf",                    /* stray continuation after ASCII */
    "\xc3",                     /* truncated 2-byte */
    "\xe6\x9d",                 /* truncated 3-byte */
    "\xf0\x9f\x98",             /* truncated 4-byte */
    "\xc3(",                    /* bad continuation */
    "\xc0\x80",                 /* overlong NUL */
    "\xc1\xbf",                 /* overlong */
    "\xe0\x80\xaf",             /* overlong '/' */
    "\xe0\x9f\xbf",             /* overlong */
    "\xf0\x8f\xbf\xbf",         /* overlong */
    "\xed\xa0\x80",             /* encoded high surrogate */
    "\xed\xbf\xbf",             /* encoded low surrogate */
    "\xed\xa0\xbd\xed\xb8\x80", /* CESU-8 pair */
    "\xf4\x90\x80\x80",         /* above U+10FFFF */
    "\xf8\x88\x80\x80\x80",     /* 5-byte form */
    "\xfe",
    "\xff",
};

static void test_utf8_to_utf16_valid(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(utf8_valid) / sizeof(utf8_valid[0]); i++) {
		const struct utf8_case *c = &utf8_valid[i];
		uint8_t *u = NULL;
		size_t units = 99;
		char *back = NULL;

		assert_int_equal(ns_ndr_utf8_to_utf16le(c->utf8, &u, &units), NERR_Success);
		assert_int_equal(units, c->units);
		assert_memory_equal(u, c->utf16, 2 * units);
		assert_int_equal(u[2 * units], 0);
		assert_int_equal(u[2 * units + 1], 0);
		assert_int_equal(ns_ndr_utf16le_to_utf8(u, units, &back), NERR_Success);
		assert_string_equal(back, c->utf8);
		free(back);
		free(u);
	}
}

static void test_utf8_to_utf16_invalid(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(utf8_invalid) / sizeof(utf8_invalid[0]); i++) {
		uint8_t *u = (uint8_t *)1;
		size_t units = 99;

		print_message("invalid %zu\n", i);
		assert_int_equal(ns_ndr_utf8_to_utf16le(utf8_invalid[i], &u, &units),
		                 ERROR_INVALID_PARAMETER);
		assert_null(u);
		assert_int_equal(units, 0);
	}
	{
		uint8_t *u;
		size_t units;

		assert_int_equal(ns_ndr_utf8_to_utf16le(NULL, &u, &units), ERROR_INVALID_PARAMETER);
	}
}

/* One unit is kept for the NUL: 4095 units fit, 4096 do not; a surrogate
 * pair counts two. */
static void test_utf8_length_cap(void **state)
{
	size_t n = NDR_MAX_STRING_UNITS + 8;
	char *s = malloc(n + 1);
	uint8_t *u;
	size_t units;

	(void)state;
	assert_non_null(s);
	memset(s, 'a', NDR_MAX_STRING_UNITS - 1);
	s[NDR_MAX_STRING_UNITS - 1] = '\0';
	assert_int_equal(ns_ndr_utf8_to_utf16le(s, &u, &units), NERR_Success);
	assert_int_equal(units, NDR_MAX_STRING_UNITS - 1);
	free(u);
	s[NDR_MAX_STRING_UNITS - 1] = 'a';
	s[NDR_MAX_STRING_UNITS] = '\0';
	assert_int_equal(ns_ndr_utf8_to_utf16le(s, &u, &units), ERROR_INVALID_PARAMETER);
	memcpy(s + NDR_MAX_STRING_UNITS - 2, "\xf0\x9f\x98\x80", 5);
	assert_int_equal(ns_ndr_utf8_to_utf16le(s, &u, &units), ERROR_INVALID_PARAMETER);
	free(s);
}

static void test_utf16_to_utf8_invalid(void **state)
{
	static const uint8_t lone_hi[] = {0x3d, 0xd8};
	static const uint8_t lone_lo[] = {0x00, 0xde, 'a', 0};
	static const uint8_t hi_hi[] = {0x3d, 0xd8, 0x3d, 0xd8, 0x00, 0xde};
	char *s = (char *)1;

	(void)state;
	assert_int_equal(ns_ndr_utf16le_to_utf8(lone_hi, 1, &s), NETSESS_E_PROTOCOL);
	assert_null(s);
	assert_int_equal(ns_ndr_utf16le_to_utf8(lone_lo, 2, &s), NETSESS_E_PROTOCOL);
	assert_int_equal(ns_ndr_utf16le_to_utf8(hi_hi, 3, &s), NETSESS_E_PROTOCOL);
	assert_int_equal(ns_ndr_utf16le_to_utf8(hi_hi, NDR_MAX_STRING_UNITS + 1, &s),
	                 NETSESS_E_PROTOCOL);
	assert_null(s);
}

static void test_push_scalars_and_padding(void **state)
{
	static const uint8_t want[] = {0x01, 0x00, 0x34, 0x12, 0x78, 0x56, 0x34, 0x12,
	                               0x02, 0x00, 0x00, 0x00, 0xef, 0xbe, 0xad, 0xde};
	struct ns_ndr_push p;

	(void)state;
	ns_ndr_push_init(&p, 1024);
	assert_int_equal(ns_ndr_push_u8(&p, 1), NERR_Success);
	assert_int_equal(ns_ndr_push_u16(&p, 0x1234), NERR_Success);
	assert_int_equal(ns_ndr_push_u32(&p, 0x12345678), NERR_Success);
	assert_int_equal(ns_ndr_push_u8(&p, 2), NERR_Success);
	assert_int_equal(ns_ndr_push_u32(&p, 0xdeadbeef), NERR_Success);
	assert_int_equal(p.size, sizeof(want));
	assert_memory_equal(p.data, want, sizeof(want));
	assert_int_equal(ns_ndr_push_align(&p, 8), NERR_Success);
	assert_int_equal(p.size, 16);
	assert_int_equal(ns_ndr_push_align(&p, 3), ERROR_INVALID_PARAMETER);
	ns_ndr_push_free(&p);
	ns_ndr_push_free(&p);
	assert_null(p.data);
}

/* The hard cap: nothing is written past limit, and a failed push leaves
 * the buffer as it was. */
static void test_push_limit(void **state)
{
	struct ns_ndr_push p;
	uint32_t i;

	(void)state;
	ns_ndr_push_init(&p, 6);
	assert_int_equal(ns_ndr_push_u32(&p, 1), NERR_Success);
	assert_int_equal(ns_ndr_push_u32(&p, 2), ERROR_NOT_ENOUGH_MEMORY);
	assert_int_equal(p.size, 4);
	assert_int_equal(ns_ndr_push_u16(&p, 3), NERR_Success);
	assert_int_equal(ns_ndr_push_u8(&p, 4), ERROR_NOT_ENOUGH_MEMORY);
	assert_int_equal(p.size, 6);
	ns_ndr_push_free(&p);

	ns_ndr_push_init(&p, 0);
	assert_int_equal(ns_ndr_push_u8(&p, 1), ERROR_NOT_ENOUGH_MEMORY);
	assert_int_equal(ns_ndr_push_bytes(&p, "", 0), NERR_Success);
	ns_ndr_push_free(&p);

	/* Growth across many reallocations up to exactly the limit. */
	ns_ndr_push_init(&p, 40000);
	for (i = 0; i < 10000; i++)
		assert_int_equal(ns_ndr_push_u32(&p, i), NERR_Success);
	assert_int_equal(p.size, 40000);
	assert_true(p.cap <= p.limit);
	assert_int_equal(p.data[4 * 9999], (uint8_t)9999);
	assert_int_equal(ns_ndr_push_u8(&p, 0), ERROR_NOT_ENOUGH_MEMORY);
	assert_int_equal(ns_ndr_push_wstring(&p, "x"), ERROR_NOT_ENOUGH_MEMORY);
	ns_ndr_push_free(&p);

	/* A string that does not fit. */
	ns_ndr_push_init(&p, 16);
	assert_int_equal(ns_ndr_push_wstring(&p, "abc"), ERROR_NOT_ENOUGH_MEMORY);
	ns_ndr_push_free(&p);
}

static void test_push_referents(void **state)
{
	static const uint8_t want[] = {0x00, 0x00, 0x02, 0x00, 0, 0, 0, 0, 0x04, 0x00, 0x02, 0x00};
	struct ns_ndr_push p;

	(void)state;
	ns_ndr_push_init(&p, 64);
	assert_int_equal(ns_ndr_push_ptr(&p, true), NERR_Success);
	assert_int_equal(ns_ndr_push_ptr(&p, false), NERR_Success);
	assert_int_equal(ns_ndr_push_ptr(&p, true), NERR_Success);
	assert_int_equal(p.size, sizeof(want));
	assert_memory_equal(p.data, want, sizeof(want));
	ns_ndr_push_free(&p);

	/* A zeroed struct still gives non-zero ids. */
	memset(&p, 0, sizeof(p));
	p.limit = 8;
	assert_int_equal(ns_ndr_push_ptr(&p, true), NERR_Success);
	assert_int_not_equal(p.data[0] | p.data[1] | p.data[2] | p.data[3], 0);
	ns_ndr_push_free(&p);
}

static void test_push_wstring(void **state)
{
	static const uint8_t bob[] = {U32(0x20000), U32(4), U32(0), U32(4), 'b',   0, 'o', 0,
	                              'b',          0,      0,      0,      U32(0)};
	static const uint8_t empty[] = {U32(1), U32(0), U32(1), 0, 0};
	struct ns_ndr_push p;

	(void)state;
	ns_ndr_push_init(&p, 256);
	assert_int_equal(ns_ndr_push_unique_wstring(&p, "bob"), NERR_Success);
	assert_int_equal(ns_ndr_push_unique_wstring(&p, NULL), NERR_Success);
	assert_int_equal(p.size, sizeof(bob));
	assert_memory_equal(p.data, bob, sizeof(bob));
	ns_ndr_push_free(&p);

	ns_ndr_push_init(&p, 256);
	assert_int_equal(ns_ndr_push_wstring(&p, ""), NERR_Success);
	assert_int_equal(p.size, sizeof(empty)); /* no trailing pad */
	assert_memory_equal(p.data, empty, sizeof(empty));
	assert_int_equal(ns_ndr_push_wstring(&p, NULL), ERROR_INVALID_PARAMETER);
	assert_int_equal(ns_ndr_push_wstring(&p, "\xc0\x80"), ERROR_INVALID_PARAMETER);
	assert_int_equal(ns_ndr_push_unique_wstring(&p, "\xed\xa0\x80"), ERROR_INVALID_PARAMETER);
	ns_ndr_push_free(&p);
}

/* push then pull gives back the same UTF-8, whatever the alignment. */
static void test_wstring_round_trip(void **state)
{
	static const char *const names[] = {"",
	                                    "a",
	                                    "J\xc3\xb6rg",
	                                    "\xe5\xb1\xb1\xe7\x94\xb0",
	                                    "emoji\xf0\x9f\x98\x80!",
	                                    "\xf4\x8f\xbf\xbf"};
	size_t i, lead;

	(void)state;
	for (lead = 0; lead < 4; lead++) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			struct ns_ndr_push w;
			struct ns_ndr_pull r;
			uint8_t *copy;
			uint8_t u8;
			size_t k;
			char *s;

			ns_ndr_push_init(&w, 1024);
			for (k = 0; k < lead; k++)
				assert_int_equal(ns_ndr_push_u8(&w, 0xAA), NERR_Success);
			assert_int_equal(ns_ndr_push_wstring(&w, names[i]), NERR_Success);
			copy = dup_exact(w.data, w.size);
			ns_ndr_pull_init(&r, copy, w.size);
			for (k = 0; k < lead; k++)
				assert_int_equal(ns_ndr_pull_u8(&r, &u8), NERR_Success);
			assert_int_equal(ns_ndr_pull_wstring(&r, 100, &s), NERR_Success);
			assert_string_equal(s, names[i]);
			assert_int_equal(ns_ndr_pull_remaining(&r), 0);
			free(s);
			free(copy);
			ns_ndr_push_free(&w);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pull_scalars_le),
	    cmocka_unit_test(test_pull_align_from_start),
	    cmocka_unit_test(test_pull_truncated_scalars),
	    cmocka_unit_test(test_pull_cursor_size_max),
	    cmocka_unit_test(test_pull_cursor_uint32_max),
	    cmocka_unit_test(test_pull_cursor_past_end),
	    cmocka_unit_test(test_pull_ptr_zero_nonzero),
	    cmocka_unit_test(test_pull_wstring_table),
	    cmocka_unit_test(test_pull_wstring_aligns),
	    cmocka_unit_test(test_pull_wstring_global_cap),
	    cmocka_unit_test(test_utf8_to_utf16_valid),
	    cmocka_unit_test(test_utf8_to_utf16_invalid),
	    cmocka_unit_test(test_utf8_length_cap),
	    cmocka_unit_test(test_utf16_to_utf8_invalid),
	    cmocka_unit_test(test_push_scalars_and_padding),
	    cmocka_unit_test(test_push_limit),
	    cmocka_unit_test(test_push_referents),
	    cmocka_unit_test(test_push_wstring),
	    cmocka_unit_test(test_wstring_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
