/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config_files.h - a private folder for the configuration tests: copies of
 * tests/configs files beside the secret files they name, written with the
 * modes the tests need (git keeps no modes).
 */
#ifndef NETSESSD_TEST_CONFIG_FILES_H
#define NETSESSD_TEST_CONFIG_FILES_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

#ifndef NSD_TEST_SRCDIR
#error "NSD_TEST_SRCDIR must name the source tree"
#endif
#define CONFIGS NSD_TEST_SRCDIR "/tests/configs"

/* The private folder, by its real path (messages name real paths).  It
 * holds, mode 0600: fs1.secret ("pw1"), fs2.auth (password "pw2"),
 * netsessd.keytab, snmp-access.conf (community "c0mmunity-s3cret"); mode
 * 0644: public.secret ("pw-public"). */
extern char cf_dir[PATH_MAX];

/* cmocka group setup and teardown: make and remove cf_dir. */
int cf_setup(void **state);
int cf_teardown(void **state);

/* asprintf that fails the test when memory runs out. */
char *cf_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Writes cf_dir/name with exactly this mode. */
void cf_write(const char *name, const char *data, size_t len, mode_t mode);
void cf_write_text(const char *name, const char *text, mode_t mode);
/* The whole file at path, NUL-terminated; the caller frees it. */
char *cf_read(const char *path, size_t *len);
/* Copies tests/configs/name into cf_dir; returns the copy's path. */
char *cf_copy(const char *name);

#endif
