/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * utf8.c - UTF-8 well-formedness (RFC 3629 section 4, the table of
 * well-formed byte sequences).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/utf8.h"

/* Bounds of the second byte for a lead byte (RFC 3629 section 4). */
static void cli_utf8_second_range(unsigned char lead, unsigned char *lo, unsigned char *hi)
{
	*lo = 0x80;
	*hi = 0xBF;
	if (lead == 0xE0)
		*lo = 0xA0; /* no overlong 3-byte forms */
	else if (lead == 0xED)
		*hi = 0x9F; /* no surrogates */
	else if (lead == 0xF0)
		*lo = 0x90; /* no overlong 4-byte forms */
	else if (lead == 0xF4)
		*hi = 0x8F; /* nothing above U+10FFFF */
}

static size_t cli_utf8_len_of_lead(unsigned char b)
{
	if (b < 0x80)
		return 1;
	if (b >= 0xC2 && b <= 0xDF)
		return 2;
	if (b >= 0xE0 && b <= 0xEF)
		return 3;
	if (b >= 0xF0 && b <= 0xF4)
		return 4;
	return 0;
}

size_t cli_utf8_seq(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char lo, hi;
	size_t len, i;
	uint32_t v;

	if (n == 0)
		return 0;
	len = cli_utf8_len_of_lead(u[0]);
	if (len == 0 || len > n)
		return 0;
	if (len == 1) {
		*cp = u[0];
		return 1;
	}
	cli_utf8_second_range(u[0], &lo, &hi);
	if (u[1] < lo || u[1] > hi)
		return 0;
	v = u[0] & (0xFFu >> (len + 1));
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (u[i] & 0x3Fu);
	}
	*cp = v;
	return len;
}

char *cli_utf8_sanitize(const char *s)
{
	static const char repl[] = "\xEF\xBF\xBD"; /* U+FFFD */
	size_t n = strlen(s), i = 0, o = 0;
	char *out;

	/* Each input byte becomes at most 3 output bytes. */
	if (n > (SIZE_MAX - 1) / 3)
		return NULL;
	out = malloc(n * 3 + 1);
	if (out == NULL)
		return NULL;
	while (i < n) {
		uint32_t cp;
		size_t len = cli_utf8_seq(s + i, n - i, &cp);

		if (len == 0) {
			memcpy(out + o, repl, 3);
			o += 3;
			i++;
			continue;
		}
		memcpy(out + o, s + i, len);
		o += len;
		i += len;
	}
	out[o] = '\0';
	return out;
}
