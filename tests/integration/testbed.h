/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * testbed.h - what the C integration tests of libnetsess share: commands of
 * the shell test bed (tests/integration/lib/samba.sh or addc.sh) run from
 * a test case, and "client user" lines, sorted, in which the library's
 * view of a server's sessions is compared with smbstatus's.
 *
 * Include after cmocka.h.  A test program calls testbed_init() first.
 */
#ifndef NETSESS_TESTBED_H
#define NETSESS_TESTBED_H

#include <stdbool.h>
#include <stddef.h>

#include "netsess.h"

#define SNAP_MAX_LINES 256

/* "client user" lines, sorted; a NULL user is "-". */
struct snap {
	char *line[SNAP_MAX_LINES];
	size_t n;
};

/* program names the test in messages; lib_var is the environment variable
 * that holds the path of the shell library to source; with fold_case, the
 * lines are kept in lower case (a domain server says "NETSESS\MEM1$" where
 * smbstatus says "NETSESS\mem1$": names are equal regardless of ASCII case,
 * as netsess_name_equal has it). */
void testbed_init(const char *program, const char *lib_var, bool fold_case);

/* The value of an environment variable the runner script sets; exits with
 * a message when it is missing. */
const char *env_or_die(const char *name);

/* Runs a bash script after sourcing the shell library; its stdout goes to
 * *out (may be NULL).  Returns the exit status. */
int harness(const char *script, char **out);
void harness_ok(const char *script);

void snap_add(struct snap *s, const char *client, const char *user);
void snap_sort(struct snap *s);
void snap_free(struct snap *s);
/* The lines a harness command printed, sorted. */
void snap_harness(struct snap *s, const char *script);
/* The sessions of a list, sorted. */
void snap_list(struct snap *s, const struct netsess_session_list *l);
void snap_print(const char *what, const struct snap *s);
/* a (the library's view) equals b (smbstatus); both printed if not. */
void snap_assert_equal(const struct snap *a, const struct snap *b);

#endif
