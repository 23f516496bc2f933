/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_ndr.c - libFuzzer harness for the NDR string decoder and the
 * UTF-8 / UTF-16LE converters: whatever decodes must re-encode to the
 * same UTF-8.
 */
#include <stdlib.h>
#include <string.h>

#include "ndr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ns_ndr_pull p;
	char *s = NULL, *nul, *back = NULL;
	uint8_t *u = NULL;
	size_t units;

	ns_ndr_pull_init(&p, data, size);
	if (ns_ndr_pull_wstring(&p, NDR_MAX_STRING_UNITS, &s) == NERR_Success) {
		if (ns_ndr_utf8_to_utf16le(s, &u, &units) != NERR_Success)
			abort();
		if (ns_ndr_utf16le_to_utf8(u, units, &back) != NERR_Success || strcmp(s, back) != 0)
			abort();
		free(back);
		free(u);
		free(s);
	}
	/* The raw input as UTF-8. */
	nul = malloc(size + 1);
	if (nul == NULL)
		return 0;
	memcpy(nul, data, size);
	nul[size] = '\0';
	if (ns_ndr_utf8_to_utf16le(nul, &u, &units) == NERR_Success) {
		if (ns_ndr_utf16le_to_utf8(u, units, &back) != NERR_Success ||
		    strcmp(nul, back) != 0)
			abort();
		free(back);
		free(u);
	}
	free(nul);
	return 0;
}
