/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_srvsvc.c - libFuzzer harness for the NetrSessionEnum and
 * NetrSessionDel response decoders.  The first byte picks the level the
 * request asked for; the rest is the stub.  A decoded result is checked
 * for consistency and freed.
 */
#include <stdlib.h>
#include <string.h>

#include "srvsvc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t levels[] = {0, 1, 2, 10, 502};
	struct ns_srvsvc_enum_rep rep;
	netsess_status_t result;
	size_t i;

	if (size < 1)
		return 0;
	if (ns_srvsvc_session_enum_decode(data + 1, size - 1, levels[data[0] % 5], &rep) ==
	    NERR_Success) {
		if (rep.count > 0 && rep.entries == NULL)
			abort();
		for (i = 0; i < rep.count; i++)
			if (rep.entries[i].client != NULL &&
			    strlen(rep.entries[i].client) > 4 * 4096)
				abort();
		ns_srvsvc_enum_rep_clear(&rep);
	} else if (rep.entries != NULL || rep.count != 0) {
		abort();
	}
	(void)ns_srvsvc_session_del_decode(data + 1, size - 1, &result);
	return 0;
}
