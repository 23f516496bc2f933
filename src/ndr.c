/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ndr.c - NDR20 primitives (C706 chapter 14), little-endian only.
 *
 * Every bounds check compares a length with what is left (n > size - off),
 * so it cannot wrap, and the cursor offset is never advanced before the
 * check has passed.  A pointer into the buffer is only formed once the
 * bytes are known to be there.
 */
#include "ndr.h"

#include <stdlib.h>
#include <string.h>

/* First referent id handed out by ns_ndr_push_ptr(); ids then grow by 4, the
 * way Samba numbers them.  Any non-zero value is valid (C706 14.3.10). */
#define NDR_FIRST_REFERENT 0x00020000u

/* ------------------------------------------------------------------ */
/* Reading                                                            */
/* ------------------------------------------------------------------ */

void ns_ndr_pull_init(struct ns_ndr_pull *p, const uint8_t *data, size_t size)
{
	p->data = data;
	p->size = size;
	p->off = 0;
}

size_t ns_ndr_pull_remaining(const struct ns_ndr_pull *p)
{
	return p->off <= p->size ? p->size - p->off : 0;
}

/* Checks that n bytes remain; the one bounds check every pull goes through. */
static netsess_status_t ndr_pull_need(const struct ns_ndr_pull *p, size_t n)
{
	if (p->off > p->size || n > p->size - p->off)
		return NETSESS_E_PROTOCOL;
	return NERR_Success;
}

/* Alignment is relative to the start of the stub ([MS-RPCE] 2.2.2.6).  The
 * padding content is not checked: C706 14.2.2 leaves it unspecified. */
netsess_status_t ns_ndr_pull_align(struct ns_ndr_pull *p, size_t n)
{
	size_t pad;

	if (n == 0 || (n & (n - 1)) != 0)
		return NETSESS_E_PROTOCOL;
	pad = (n - (p->off & (n - 1))) & (n - 1);
	if (ndr_pull_need(p, pad) != NERR_Success)
		return NETSESS_E_PROTOCOL;
	p->off += pad;
	return NERR_Success;
}

/* Claims n bytes aligned to n: *at is where they start.  Nothing moves
 * unless padding and value both fit. */
static netsess_status_t ndr_pull_take(struct ns_ndr_pull *p, size_t n, size_t *at)
{
	size_t pad;

	if (p->off > p->size)
		return NETSESS_E_PROTOCOL;
	pad = (n - (p->off & (n - 1))) & (n - 1);
	if (pad > p->size - p->off || n > p->size - p->off - pad)
		return NETSESS_E_PROTOCOL;
	*at = p->off + pad;
	p->off = *at + n;
	return NERR_Success;
}

netsess_status_t ns_ndr_pull_u8(struct ns_ndr_pull *p, uint8_t *v)
{
	if (ndr_pull_need(p, 1) != NERR_Success)
		return NETSESS_E_PROTOCOL;
	*v = p->data[p->off];
	p->off += 1;
	return NERR_Success;
}

netsess_status_t ns_ndr_pull_u16(struct ns_ndr_pull *p, uint16_t *v)
{
	const uint8_t *b;
	size_t at;

	if (ndr_pull_take(p, 2, &at) != NERR_Success)
		return NETSESS_E_PROTOCOL;
	b = p->data + at;
	*v = (uint16_t)(b[0] | (uint16_t)b[1] << 8);
	return NERR_Success;
}

netsess_status_t ns_ndr_pull_u32(struct ns_ndr_pull *p, uint32_t *v)
{
	const uint8_t *b;
	size_t at;

	if (ndr_pull_take(p, 4, &at) != NERR_Success)
		return NETSESS_E_PROTOCOL;
	b = p->data + at;
	*v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	return NERR_Success;
}

/* C706 14.3.10: a unique pointer is a referent id, 0 meaning NULL.  Only
 * zero versus non-zero matters; the values themselves are not checked. */
netsess_status_t ns_ndr_pull_ptr(struct ns_ndr_pull *p, bool *present)
{
	uint32_t id;

	if (ns_ndr_pull_u32(p, &id) != NERR_Success)
		return NETSESS_E_PROTOCOL;
	*present = id != 0;
	return NERR_Success;
}

/*
 * C706 14.3.4.2 conformant varying array of wchar_t with [string]: u32
 * max_count, u32 offset, u32 actual_count, then actual_count UTF-16LE units.
 * A [string] without size_is is marshalled with max_count equal to the
 * length, so max_count is capped like actual_count.  An embedded NUL would
 * silently shorten the C string: it is refused.  Only a final NUL is
 * dropped.
 */
netsess_status_t ns_ndr_pull_wstring(struct ns_ndr_pull *p, size_t max_units, char **out)
{
	uint32_t max_count, offset, actual;
	const uint8_t *units;
	netsess_status_t st;
	size_t n, i;

	*out = NULL;
	if (max_units > NDR_MAX_STRING_UNITS)
		max_units = NDR_MAX_STRING_UNITS;
	if (ns_ndr_pull_u32(p, &max_count) != NERR_Success ||
	    ns_ndr_pull_u32(p, &offset) != NERR_Success ||
	    ns_ndr_pull_u32(p, &actual) != NERR_Success)
		return NETSESS_E_PROTOCOL;
	if (offset != 0 || actual > max_count || max_count > max_units)
		return NETSESS_E_PROTOCOL;
	n = actual;
	if (ndr_pull_need(p, 2 * n) != NERR_Success)
		return NETSESS_E_PROTOCOL;
	units = p->data + p->off;
	if (n > 0 && units[2 * n - 2] == 0 && units[2 * n - 1] == 0)
		n--;
	for (i = 0; i < n; i++)
		if (units[2 * i] == 0 && units[2 * i + 1] == 0)
			return NETSESS_E_PROTOCOL;
	st = ns_ndr_utf16le_to_utf8(units, n, out);
	if (st != NERR_Success)
		return st;
	p->off += 2 * (size_t)actual;
	return NERR_Success;
}

/* ------------------------------------------------------------------ */
/* Writing                                                            */
/* ------------------------------------------------------------------ */

void ns_ndr_push_init(struct ns_ndr_push *p, size_t limit)
{
	memset(p, 0, sizeof(*p));
	p->limit = limit;
	p->next_referent = NDR_FIRST_REFERENT;
}

void ns_ndr_push_free(struct ns_ndr_push *p)
{
	free(p->data);
	p->data = NULL;
	p->size = 0;
	p->cap = 0;
}

netsess_status_t ns_ndr_buf_reserve(uint8_t **data, size_t *cap, size_t len, size_t n, size_t limit,
                                    size_t first)
{
	size_t want;
	uint8_t *nd;

	if (len > limit || n > limit - len)
		return ERROR_NOT_ENOUGH_MEMORY;
	if (n <= *cap - len)
		return NERR_Success;
	want = *cap < first ? first : *cap;
	while (want < limit && want - len < n)
		want = want > limit / 2 ? limit : want * 2;
	if (want > limit)
		want = limit;
	nd = realloc(*data, want);
	if (nd == NULL)
		return ERROR_NOT_ENOUGH_MEMORY;
	*data = nd;
	*cap = want;
	return NERR_Success;
}

netsess_status_t ns_ndr_push_bytes(struct ns_ndr_push *p, const void *b, size_t n)
{
	netsess_status_t st;

	if (n == 0)
		return NERR_Success;
	st = ns_ndr_buf_reserve(&p->data, &p->cap, p->size, n, p->limit, 64);
	if (st != NERR_Success)
		return st;
	memcpy(p->data + p->size, b, n);
	p->size += n;
	return NERR_Success;
}

/* Zero padding up to a multiple of n from the start of the stub. */
netsess_status_t ns_ndr_push_align(struct ns_ndr_push *p, size_t n)
{
	static const uint8_t zeros[8];
	size_t pad;

	if (n == 0 || n > sizeof(zeros) || (n & (n - 1)) != 0)
		return ERROR_INVALID_PARAMETER;
	pad = (n - (p->size & (n - 1))) & (n - 1);
	return ns_ndr_push_bytes(p, zeros, pad);
}

netsess_status_t ns_ndr_push_u8(struct ns_ndr_push *p, uint8_t v)
{
	return ns_ndr_push_bytes(p, &v, 1);
}

netsess_status_t ns_ndr_push_u16(struct ns_ndr_push *p, uint16_t v)
{
	uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
	netsess_status_t st;

	st = ns_ndr_push_align(p, 2);
	if (st != NERR_Success)
		return st;
	return ns_ndr_push_bytes(p, b, sizeof(b));
}

netsess_status_t ns_ndr_push_u32(struct ns_ndr_push *p, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
	netsess_status_t st;

	st = ns_ndr_push_align(p, 4);
	if (st != NERR_Success)
		return st;
	return ns_ndr_push_bytes(p, b, sizeof(b));
}

netsess_status_t ns_ndr_push_ptr(struct ns_ndr_push *p, bool present)
{
	uint32_t id = 0;

	if (present) {
		if (p->next_referent == 0)
			p->next_referent = NDR_FIRST_REFERENT;
		id = p->next_referent;
		p->next_referent += 4;
	}
	return ns_ndr_push_u32(p, id);
}

/* C706 14.3.4.2: max_count, offset 0, actual_count, units, NUL included.
 * Nothing is written after the last unit: the next scalar aligns itself. */
netsess_status_t ns_ndr_push_wstring(struct ns_ndr_push *p, const char *utf8)
{
	netsess_status_t st;
	uint8_t *units;
	size_t n;

	if (utf8 == NULL)
		return ERROR_INVALID_PARAMETER;
	st = ns_ndr_utf8_to_utf16le(utf8, &units, &n);
	if (st != NERR_Success)
		return st;
	n++; /* the terminating NUL */
	st = ns_ndr_push_u32(p, (uint32_t)n);
	if (st == NERR_Success)
		st = ns_ndr_push_u32(p, 0);
	if (st == NERR_Success)
		st = ns_ndr_push_u32(p, (uint32_t)n);
	if (st == NERR_Success)
		st = ns_ndr_push_bytes(p, units, 2 * n);
	free(units);
	return st;
}

netsess_status_t ns_ndr_push_unique_wstring(struct ns_ndr_push *p, const char *utf8)
{
	netsess_status_t st;

	st = ns_ndr_push_ptr(p, utf8 != NULL);
	if (st != NERR_Success || utf8 == NULL)
		return st;
	return ns_ndr_push_wstring(p, utf8);
}

/* ------------------------------------------------------------------ */
/* UTF-16LE <-> UTF-8 (RFC 2781, RFC 3629)                            */
/* ------------------------------------------------------------------ */

static uint16_t ndr_utf16_unit(const uint8_t *in, size_t i)
{
	return (uint16_t)(in[2 * i] | (uint16_t)in[2 * i + 1] << 8);
}

/* Reads the code point at units[*i], advancing *i.  An unpaired surrogate
 * is an error (RFC 2781 2.2). */
static bool ndr_utf16_next(const uint8_t *in, size_t units, size_t *i, uint32_t *cp)
{
	uint16_t hi = ndr_utf16_unit(in, *i), lo;

	*i += 1;
	if (hi < 0xD800 || hi > 0xDFFF) {
		*cp = hi;
		return true;
	}
	if (hi > 0xDBFF || *i >= units)
		return false;
	lo = ndr_utf16_unit(in, *i);
	if (lo < 0xDC00 || lo > 0xDFFF)
		return false;
	*i += 1;
	*cp = 0x10000u + (((uint32_t)hi - 0xD800u) << 10) + ((uint32_t)lo - 0xDC00u);
	return true;
}

static size_t ndr_utf8_len(uint32_t cp)
{
	if (cp < 0x80)
		return 1;
	if (cp < 0x800)
		return 2;
	if (cp < 0x10000)
		return 3;
	return 4;
}

static size_t ndr_utf8_put(uint8_t *o, uint32_t cp)
{
	size_t n = ndr_utf8_len(cp);

	switch (n) {
	case 1:
		o[0] = (uint8_t)cp;
		break;
	case 2:
		o[0] = (uint8_t)(0xC0 | cp >> 6);
		o[1] = (uint8_t)(0x80 | (cp & 0x3F));
		break;
	case 3:
		o[0] = (uint8_t)(0xE0 | cp >> 12);
		o[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (uint8_t)(0x80 | (cp & 0x3F));
		break;
	default:
		o[0] = (uint8_t)(0xF0 | cp >> 18);
		o[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3F));
		o[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
		o[3] = (uint8_t)(0x80 | (cp & 0x3F));
		break;
	}
	return n;
}

/* Two passes: validate and measure, then write; *out is NUL terminated. */
netsess_status_t ns_ndr_utf16le_to_utf8(const uint8_t *in, size_t units, char **out)
{
	size_t i = 0, len = 0;
	uint32_t cp;
	uint8_t *o;

	*out = NULL;
	if (units > NDR_MAX_STRING_UNITS)
		return NETSESS_E_PROTOCOL;
	while (i < units) {
		if (!ndr_utf16_next(in, units, &i, &cp))
			return NETSESS_E_PROTOCOL;
		len += ndr_utf8_len(cp);
	}
	o = malloc(len + 1);
	if (o == NULL)
		return ERROR_NOT_ENOUGH_MEMORY;
	len = 0;
	i = 0;
	while (i < units) {
		ndr_utf16_next(in, units, &i, &cp);
		len += ndr_utf8_put(o + len, cp);
	}
	o[len] = '\0';
	*out = (char *)o;
	return NERR_Success;
}

/* Decodes one UTF-8 sequence of s[*i ..], refusing overlong forms,
 * surrogates and values above U+10FFFF (RFC 3629 3). */
static bool ndr_utf8_next(const uint8_t *s, size_t *i, uint32_t *cp)
{
	static const uint32_t min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};
	uint8_t b = s[*i];
	size_t n, k;
	uint32_t v;

	if (b < 0x80) {
		n = 1;
		v = b;
	} else if ((b & 0xE0) == 0xC0) {
		n = 2;
		v = b & 0x1Fu;
	} else if ((b & 0xF0) == 0xE0) {
		n = 3;
		v = b & 0x0Fu;
	} else if ((b & 0xF8) == 0xF0) {
		n = 4;
		v = b & 0x07u;
	} else {
		return false;
	}
	for (k = 1; k < n; k++) {
		b = s[*i + k]; /* a NUL here stops the loop: it is no continuation */
		if ((b & 0xC0) != 0x80)
			return false;
		v = v << 6 | (b & 0x3Fu);
	}
	if (v < min_cp[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return false;
	*i += n;
	*cp = v;
	return true;
}

/* *out holds *units UTF-16LE units followed by one zero unit; it is the
 * caller's (free()).  Invalid UTF-8 or more than NDR_MAX_STRING_UNITS - 1
 * units gives ERROR_INVALID_PARAMETER. */
netsess_status_t ns_ndr_utf8_to_utf16le(const char *in, uint8_t **out, size_t *units)
{
	const uint8_t *s = (const uint8_t *)in;
	size_t i = 0, n = 0;
	uint32_t cp;
	uint8_t *o;

	*out = NULL;
	*units = 0;
	if (in == NULL)
		return ERROR_INVALID_PARAMETER;
	while (s[i] != 0) {
		if (!ndr_utf8_next(s, &i, &cp))
			return ERROR_INVALID_PARAMETER;
		n += cp >= 0x10000 ? 2 : 1;
		if (n >= NDR_MAX_STRING_UNITS)
			return ERROR_INVALID_PARAMETER;
	}
	o = malloc(2 * (n + 1));
	if (o == NULL)
		return ERROR_NOT_ENOUGH_MEMORY;
	n = 0;
	i = 0;
	while (s[i] != 0) {
		ndr_utf8_next(s, &i, &cp);
		if (cp >= 0x10000) {
			uint32_t c = cp - 0x10000;
			uint16_t hi = (uint16_t)(0xD800 | c >> 10),
			         lo = (uint16_t)(0xDC00 | (c & 0x3FF));

			o[2 * n] = (uint8_t)hi;
			o[2 * n + 1] = (uint8_t)(hi >> 8);
			o[2 * n + 2] = (uint8_t)lo;
			o[2 * n + 3] = (uint8_t)(lo >> 8);
			n += 2;
		} else {
			o[2 * n] = (uint8_t)cp;
			o[2 * n + 1] = (uint8_t)(cp >> 8);
			n += 1;
		}
	}
	o[2 * n] = 0;
	o[2 * n + 1] = 0;
	*out = o;
	*units = n;
	return NERR_Success;
}
