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
