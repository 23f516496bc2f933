/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * syntax.c - SnmpAdminString and the instances of SMB-SESSION-MIB's tables
 * (syntax.h).
 */
#include "syntax.h"

#include <string.h>

#include "core/utf8.h"

bool nsd_admin_string_ok(const unsigned char *s, size_t len)
{
	return memchr(s, '\0', len) == NULL && nsd_utf8_valid(s, len);
}

/* One non-IMPLIED OCTET STRING index at idx[*pos]: its length (min..max)
 * and that many octet sub-identifiers, copied into buf as a C string. */
static bool syntax_string(const oid *idx, size_t len, size_t *pos, size_t min, size_t max,
                          char *buf)
{
	size_t n, i;

	if (*pos >= len || idx[*pos] < min || idx[*pos] > max)
		return false;
	n = (size_t)idx[(*pos)++];
	if (len - *pos < n)
		return false;
	for (i = 0; i < n; i++) {
		if (idx[*pos + i] > 255)
			return false;
		buf[i] = (char)(unsigned char)idx[*pos + i];
	}
	buf[n] = '\0';
	*pos += n;
	return nsd_admin_string_ok((const unsigned char *)buf, n);
}

bool nsd_server_index_parse(const oid *idx, size_t len, unsigned *server)
{
	if (len != 1 || idx[0] < 1 || idx[0] > NSD_SERVER_INDEX_MAX)
		return false;
	if (server)
		*server = (unsigned)idx[0];
	return true;
}

bool nsd_session_index_parse(const oid *idx, size_t len, struct nsd_session_index *out)
{
	struct nsd_session_index tmp;
	size_t pos = 1;

	if (!out)
		out = &tmp;
	if (len < 1 || !nsd_server_index_parse(idx, 1, &out->server))
		return false;
	if (!syntax_string(idx, len, &pos, NSD_CLIENT_MIN, NSD_CLIENT_MAX, out->client) ||
	    !syntax_string(idx, len, &pos, 0, NSD_USER_MAX, out->user))
		return false;
	return pos == len;
}
