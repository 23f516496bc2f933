/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * utf8.h - UTF-8 checks for text that came from a server (RFC 3629).
 *
 * Names in a session list are whatever the server sent.  Before they reach
 * a terminal or a JSON document they are checked here, so that a malformed
 * byte sequence or a control character cannot garble either.
 */
#ifndef NETSESS_CLI_UTF8_H
#define NETSESS_CLI_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length (1 to 4) of the well-formed UTF-8 sequence at s[0..n), 0 when the
 * bytes there are not one (RFC 3629 section 4: no overlongs, no
 * surrogates, nothing above U+10FFFF).  *cp receives the code point.  n is
 * the number of bytes available; n == 0 gives 0. */
size_t cli_utf8_seq(const char *s, size_t n, uint32_t *cp);

/* A copy of s in which every byte that is not part of a well-formed
 * sequence is replaced by U+FFFD.  Caller frees; NULL when out of memory. */
char *cli_utf8_sanitize(const char *s);

#endif
