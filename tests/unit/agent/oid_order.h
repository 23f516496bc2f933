/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * oid_order.h - the order of SNMP indexes, for the tests that check a
 * table's key comparison against it: a GETNEXT walks rows in the
 * lexicographic order of their sub-identifiers (RFC 3416, 4.2.2), so a
 * table that sorts its rows by name must sort them exactly so.
 */
#ifndef NSD_TEST_OID_ORDER_H
#define NSD_TEST_OID_ORDER_H

#include <stddef.h>
#include <stdint.h>

#define ORDER_NAME_MAX 6 /* room for 5 octets and the NUL */

/* Fills names[0..n) with names of 1..maxlen (< ORDER_NAME_MAX) octets,
 * pseudo-random from seed, over an alphabet with '.', DEL and octets
 * above 127: the places where a signed or a text comparison goes wrong. */
void order_names(char names[][ORDER_NAME_MAX], size_t n, size_t maxlen, unsigned seed);

/* -1, 0 or 1 as index a comes before, with or after index b. */
int order_oid_cmp(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);

/* -1, 0 or 1: the sign of a comparison function's result. */
int order_sign(int v);

#endif
