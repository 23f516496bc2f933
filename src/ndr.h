/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ndr.h - NDR20 primitives (C706 chapter 14, little-endian only).
 *
 * Pure functions over bounded buffers; no I/O.  Alignment is counted from
 * the start of the buffer, which is the start of the stub ([MS-RPCE]
 * 2.2.2.6: NDR alignment is relative to the stub).  Every length and count
 * read from the wire is checked without overflow and capped.
 *
 * All functions return NERR_Success, NETSESS_E_PROTOCOL (malformed or
 * truncated input, count over its cap) or ERROR_NOT_ENOUGH_MEMORY.
 */
#ifndef NETSESS_NDR_H
#define NETSESS_NDR_H

#include "netsess.h"

/* Upper bound of any string we accept, in UTF-16 code units. */
#define NDR_MAX_STRING_UNITS 4096u

/* Reading: the cursor never moves past size. */
struct ns_ndr_pull {
	const uint8_t *data;
	size_t size;
	size_t off;
};

void ns_ndr_pull_init(struct ns_ndr_pull *p, const uint8_t *data, size_t size);
netsess_status_t ns_ndr_pull_align(struct ns_ndr_pull *p, size_t n);
netsess_status_t ns_ndr_pull_u8(struct ns_ndr_pull *p, uint8_t *v);
netsess_status_t ns_ndr_pull_u16(struct ns_ndr_pull *p, uint16_t *v); /* aligns 2 */
netsess_status_t ns_ndr_pull_u32(struct ns_ndr_pull *p, uint32_t *v); /* aligns 4 */
/* Unique/full pointer referent id; *present is false for NULL. */
netsess_status_t ns_ndr_pull_ptr(struct ns_ndr_pull *p, bool *present);
/* Conformant varying UTF-16LE string (max_count, offset, actual_count,
 * units), converted to UTF-8.  offset 0, actual_count <= max_count <=
 * max_units (itself capped at NDR_MAX_STRING_UNITS) are enforced; the
 * terminating NUL, if any, is dropped; an embedded NUL or an unpaired
 * surrogate is NETSESS_E_PROTOCOL.  *out is the caller's (free()). */
netsess_status_t ns_ndr_pull_wstring(struct ns_ndr_pull *p, size_t max_units, char **out);
/* Remaining bytes. */
size_t ns_ndr_pull_remaining(const struct ns_ndr_pull *p);

/* Writing: a growable buffer with a hard cap (limit).  A push that would
 * go past limit gives ERROR_NOT_ENOUGH_MEMORY; on any failure the content
 * is unspecified and the caller discards it. */
struct ns_ndr_push {
	uint8_t *data;
	size_t size;
	size_t cap;
	size_t limit;
	uint32_t next_referent;
};

/*
 * Makes room for n more bytes after the len bytes in use of *data (*cap
 * allocated), growing geometrically from at least first bytes and never
 * past limit.  ERROR_NOT_ENOUGH_MEMORY when len + n would pass limit or
 * realloc fails; *data and *cap are then unchanged.  *data stays the
 * caller's.
 */
netsess_status_t ns_ndr_buf_reserve(uint8_t **data, size_t *cap, size_t len, size_t n, size_t limit,
                                    size_t first);

void ns_ndr_push_init(struct ns_ndr_push *p, size_t limit);
/* Frees the buffer; safe on a zeroed or already freed struct. */
void ns_ndr_push_free(struct ns_ndr_push *p);
netsess_status_t ns_ndr_push_align(struct ns_ndr_push *p, size_t n); /* zero pad */
netsess_status_t ns_ndr_push_u8(struct ns_ndr_push *p, uint8_t v);
netsess_status_t ns_ndr_push_u16(struct ns_ndr_push *p, uint16_t v);
netsess_status_t ns_ndr_push_u32(struct ns_ndr_push *p, uint32_t v);
netsess_status_t ns_ndr_push_bytes(struct ns_ndr_push *p, const void *b, size_t n);
/* Unique pointer: a fresh non-zero referent id when present, else 0. */
netsess_status_t ns_ndr_push_ptr(struct ns_ndr_push *p, bool present);
/* Conformant varying string from UTF-8, NUL terminated on the wire.
 * Invalid UTF-8, or more than NDR_MAX_STRING_UNITS units with the NUL,
 * gives ERROR_INVALID_PARAMETER. */
netsess_status_t ns_ndr_push_wstring(struct ns_ndr_push *p, const char *utf8);
/* [in,string,unique] wchar_t *: referent (or 0), then the string. */
netsess_status_t ns_ndr_push_unique_wstring(struct ns_ndr_push *p, const char *utf8);

/* UTF-8 <-> UTF-16LE helpers (exposed for tests).  On NERR_Success *out
 * is the caller's (free()); see ndr.c for the rules. */
netsess_status_t ns_ndr_utf16le_to_utf8(const uint8_t *in, size_t units, char **out);
netsess_status_t ns_ndr_utf8_to_utf16le(const char *in, uint8_t **out, size_t *units);

#endif
