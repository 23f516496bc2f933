/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * utf8.h - UTF-8 as RFC 3629 defines it, for the names a manager writes
 * (SnmpAdminString, RFC 3411) and the names the log quotes.  Pure.
 */
#ifndef NETSESSD_CORE_UTF8_H
#define NETSESSD_CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* The length (1..4) of the well-formed UTF-8 sequence at s[0 .. len), or 0
 * when there is none: a stray continuation octet, a truncated sequence,
 * an overlong form, a surrogate (U+D800..U+DFFF), a value above U+10FFFF
 * or the octets C0, C1, F5..FF (RFC 3629 3 and 4). */
size_t nsd_utf8_seq(const unsigned char *s, size_t len);

/* True when s[0 .. len) is well-formed UTF-8 throughout. */
bool nsd_utf8_valid(const unsigned char *s, size_t len);

#endif
