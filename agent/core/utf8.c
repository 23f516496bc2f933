/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * utf8.c - well-formed UTF-8 (utf8.h): the table of RFC 3629 4, which
 * names the second octet's range for each first octet, so that overlong
 * forms, surrogates and values above U+10FFFF are refused by ranges alone.
 */
#include "utf8.h"

size_t nsd_utf8_seq(const unsigned char *s, size_t len)
{
	unsigned char b, lo = 0x80, hi = 0xBF;
	size_t n, k;

	if (len == 0)
		return 0;
	b = s[0];
	if (b < 0x80)
		return 1;
	if (b >= 0xC2 && b <= 0xDF)
		n = 2;
	else if (b >= 0xE0 && b <= 0xEF)
		n = 3;
	else if (b >= 0xF0 && b <= 0xF4)
		n = 4;
	else
		return 0; /* a continuation octet, C0, C1 (overlong), F5..FF */
	/* RFC 3629 4: UTF8-3 = E0 A0-BF / ED 80-9F (no surrogate) ...,
	 * UTF8-4 = F0 90-BF / F4 80-8F (nothing above U+10FFFF). */
	if (b == 0xE0)
		lo = 0xA0;
	else if (b == 0xED)
		hi = 0x9F;
	else if (b == 0xF0)
		lo = 0x90;
	else if (b == 0xF4)
		hi = 0x8F;
	if (len < n || s[1] < lo || s[1] > hi)
		return 0;
	for (k = 2; k < n; k++)
		if (s[k] < 0x80 || s[k] > 0xBF)
			return 0;
	return n;
}

bool nsd_utf8_valid(const unsigned char *s, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		n = nsd_utf8_seq(s + i, len - i);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}
