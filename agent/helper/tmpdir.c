/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tmpdir.c - a helper process's private directory (tmpdir.h).
 *
 * The removal works on directory descriptors (openat with O_NOFOLLOW,
 * unlinkat), so that what the process left there cannot send it
 * elsewhere: a symbolic link is an entry to unlink like any other.
 */
#include "tmpdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* How deep a helper's files lie: the library's directory, then its
 * files. */
#define TMPDIR_DEPTH 2

int nsd_tmpdir_make(unsigned server_index, char **path)
{
	const char *base = getenv("TMPDIR");
	char *dir;

	*path = NULL;
	if (!base || base[0] != '/')
		base = "/tmp";
	if (asprintf(&dir, "%s/netsessd-rpc.%u.XXXXXX", base, server_index) < 0)
		return ENOMEM;
	if (!mkdtemp(dir)) {
		int err = errno;

		free(dir);
		return err;
	}
	*path = dir;
	return 0;
}

/* Empties the directory open as fd (which this closes); depth counts the
 * levels still allowed below it.  Returns 0 or the first errno. */
static int tmpdir_empty(int fd, int depth)
{
	DIR *d = fdopendir(fd);
	struct dirent *e;
	int err = 0;

	if (!d) {
		err = errno;
		close(fd);
		return err;
	}
	while ((e = readdir(d)) != NULL) {
		int sub, rc;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (unlinkat(dirfd(d), e->d_name, 0) == 0 || errno == ENOENT)
			continue;
		if (errno != EISDIR || depth == 0) {
			err = err ? err : errno;
			continue;
		}
		sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		rc = sub < 0 ? errno : tmpdir_empty(sub, depth - 1);
		if (rc == 0 && unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR) != 0)
			rc = errno;
		if (rc != 0 && !err)
			err = rc;
	}
	closedir(d);
	return err;
}

int nsd_tmpdir_remove(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int err;

	if (fd < 0)
		return errno == ENOENT ? 0 : errno;
	err = tmpdir_empty(fd, TMPDIR_DEPTH - 1);
	if (rmdir(dir) != 0 && errno != ENOENT && !err)
		err = errno;
	return err;
}
