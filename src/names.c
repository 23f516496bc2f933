/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * names.c - the rules the library and its callers share: when two SMB
 * names are the same name, and the clock every timeout is measured on.
 * Kept here once so that the library, netsess and netsessd cannot
 * disagree.
 */
#include "netsess.h"

#include <strings.h>
#include <time.h>

/* SMB computer and account names compare without regard to ASCII case
 * ([MS-SRVS] 3.1.4.5 compares ClientName and UserName as Windows compares
 * names; Samba uses strequal(), which ignores ASCII case). */
bool netsess_name_equal(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcasecmp(a, b) == 0;
}

uint64_t netsess_monotonic_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}
