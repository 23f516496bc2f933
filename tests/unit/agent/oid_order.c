/* SPDX-License-Identifier: GPL-3.0-or-later */
/* oid_order.c - the order of SNMP indexes (oid_order.h). */
#include "oid_order.h"

#include <stdlib.h>

void order_names(char names[][ORDER_NAME_MAX], size_t n, size_t maxlen, unsigned seed)
{
	static const char alphabet[] = {'a', 'b', '.', '\x7f', '\x80', '\xff'};
	size_t i, k;

	srand(seed);
	for (i = 0; i < n; i++) {
		size_t len = 1 + (size_t)rand() % maxlen;

		for (k = 0; k < len; k++)
			names[i][k] = alphabet[(size_t)rand() % sizeof(alphabet)];
		names[i][len] = '\0';
	}
}

int order_oid_cmp(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t i;

	for (i = 0; i < na && i < nb; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return na == nb ? 0 : (na < nb ? -1 : 1);
}

int order_sign(int v)
{
	return (v > 0) - (v < 0);
}
