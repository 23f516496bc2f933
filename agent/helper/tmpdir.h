/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tmpdir.h - the private directory of one helper process: its TMPDIR,
 * where the library keeps the credential cache of a keytab (and the
 * SMB client's private configuration while it loads it).
 *
 * netsessd makes it once the zygote has started the process, before the
 * process opens its context (OPEN names it), and removes it once the
 * process has been reaped, so that nothing of a process it had to kill
 * (a call past its deadline, netsessd stopping) stays on disk: a killed
 * process cannot remove its own ticket.
 */
#ifndef NETSESSD_HELPER_TMPDIR_H
#define NETSESSD_HELPER_TMPDIR_H

#include <stddef.h>

/*
 * Makes "<TMPDIR>/netsessd-rpc.<server_index>.XXXXXX" (TMPDIR of netsessd,
 * /tmp when unset or relative), mode 0700.  Returns 0 with the path in
 * *path (the caller's, to free), or an errno value.
 */
int nsd_tmpdir_make(unsigned server_index, char **path);

/*
 * Removes dir with what a helper left in it: files, and directories of
 * files (one level, as the library makes them).  A symbolic link is
 * removed, never followed.  A dir that no longer exists is fine.  Returns
 * 0, or the errno value of the first removal that failed.
 */
int nsd_tmpdir_remove(const char *dir);

#endif
