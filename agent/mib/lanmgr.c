/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lanmgr.c - how netsessd's rows read in LanMgr-Mib-II's svSessionTable
 * (lanmgr.h).
 */
#include "lanmgr.h"

#include <string.h>
#include <strings.h>

int nsd_lm_key_fits(const char *client, const char *user)
{
	size_t lc = client ? strlen(client) : 0;
	size_t lu = user ? strlen(user) : 0;

	return lc >= 1 && lc <= NSD_LM_CLIENT_MAX && lu >= 1 && lu <= NSD_LM_USER_MAX;
}

size_t nsd_lm_index(const char *client, const char *user, uint32_t *buf, size_t cap)
{
	size_t lc, lu, n = 0, i;

	if (!nsd_lm_key_fits(client, user))
		return 0;
	lc = strlen(client);
	lu = strlen(user);
	if (cap < 2 || lc + lu > cap - 2)
		return 0;
	buf[n++] = (uint32_t)lc;
	for (i = 0; i < lc; i++)
		buf[n++] = (unsigned char)client[i];
	buf[n++] = (uint32_t)lu;
	for (i = 0; i < lu; i++)
		buf[n++] = (unsigned char)user[i];
	return n;
}

/* One name of an index at idx[*at]: its length within 1..max, then as
 * many octets 1..255, copied to buf (max + 1 octets). */
static bool lm_index_name(const oid *idx, size_t len, size_t *at, size_t max, char *buf)
{
	size_t n, i;

	if (*at >= len || idx[*at] < 1 || idx[*at] > max)
		return false;
	n = (size_t)idx[(*at)++];
	if (n > len - *at)
		return false;
	for (i = 0; i < n; i++) {
		oid c = idx[*at + i];

		if (c < 1 || c > 255)
			return false;
		buf[i] = (char)(unsigned char)c;
	}
	buf[n] = '\0';
	*at += n;
	return true;
}

bool nsd_lm_index_parse(const oid *idx, size_t len, struct nsd_lm_key *out)
{
	struct nsd_lm_key k;
	size_t at = 0;

	if (!lm_index_name(idx, len, &at, NSD_LM_CLIENT_MAX, k.client) ||
	    !lm_index_name(idx, len, &at, NSD_LM_USER_MAX, k.user) || at != len)
		return false;
	if (out)
		*out = k;
	return true;
}

/* The client types of LAN Manager servers, as NetSessionEnum level 2 names
 * them, and the values LanMgr-Mib-II gives them. */
static const struct {
	const char *name;
	int type;
} lm_cltypes[] = {
    {"DOWN LEVEL", NSD_LM_CLTYPE_DOWN_LEVEL},  {"DOS LM 1.0", NSD_LM_CLTYPE_DOS_LM},
    {"DOS LM 2.0", NSD_LM_CLTYPE_DOS_LM_2},    {"OS/2 LM 1.0", NSD_LM_CLTYPE_OS2_LM_1},
    {"OS/2 LM 2.0", NSD_LM_CLTYPE_OS2_LM_2},   {"DOS LM 2.1", NSD_LM_CLTYPE_DOS_LM_2_1},
    {"OS/2 LM 2.1", NSD_LM_CLTYPE_OS2_LM_2_1}, {"AFP 1.1", NSD_LM_CLTYPE_AFP_1_1},
    {"AFP 2.0", NSD_LM_CLTYPE_AFP_2_0},        {"NT", NSD_LM_CLTYPE_NT_3_1},
};

static int lm_blank(char c)
{
	return c == ' ' || c == '\t';
}

int nsd_lm_client_type(const char *cltype_name)
{
	const char *s = cltype_name ? cltype_name : "";
	size_t n, i;

	while (lm_blank(*s))
		s++;
	n = strlen(s);
	while (n > 0 && lm_blank(s[n - 1]))
		n--;
	for (i = 0; i < sizeof(lm_cltypes) / sizeof(lm_cltypes[0]); i++)
		if (strlen(lm_cltypes[i].name) == n && strncasecmp(s, lm_cltypes[i].name, n) == 0)
			return lm_cltypes[i].type;
	return NSD_LM_CLTYPE_NT_3_1;
}

long nsd_lm_integer(uint32_t v)
{
	return v > 2147483647u ? 2147483647L : (long)v;
}
