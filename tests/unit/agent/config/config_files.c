/* SPDX-License-Identifier: GPL-3.0-or-later */
/* config_files.c - see config_files.h. */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "config_files.h"

char cf_dir[PATH_MAX];

char *cf_printf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int rc;

	va_start(ap, fmt);
	rc = vasprintf(&s, fmt, ap);
	va_end(ap);
	assert_true(rc >= 0);
	return s;
}

void cf_write(const char *name, const char *data, size_t len, mode_t mode)
{
	char *path = cf_printf("%s/%s", cf_dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(close(fd), 0);
	free(path);
}

void cf_write_text(const char *name, const char *text, mode_t mode)
{
	cf_write(name, text, strlen(text), mode);
}

char *cf_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(1u << 20);
	size_t n;

	assert_non_null(f);
	assert_non_null(buf);
	n = fread(buf, 1, (1u << 20) - 1, f);
	assert_true(feof(f));
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

char *cf_copy(const char *name)
{
	char *src = cf_printf("%s/%s", CONFIGS, name);
	size_t len;
	char *data = cf_read(src, &len);

	cf_write(name, data, len, 0644);
	free(data);
	free(src);
	return cf_printf("%s/%s", cf_dir, name);
}

int cf_setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	char *templ = cf_printf("%s/nsdconfXXXXXX", tmp && *tmp ? tmp : "/tmp");

	(void)state;
	if (mkdtemp(templ) == NULL || realpath(templ, cf_dir) == NULL) {
		free(templ);
		return -1;
	}
	free(templ);
	cf_write_text("fs1.secret", "pw1\n", 0600);
	cf_write_text("fs2.auth", "username = u2\npassword = pw2\ndomain = D2\n", 0600);
	cf_write("netsessd.keytab", "\x05\x02\0\0", 4, 0600);
	cf_write_text("snmp-access.conf", "rocommunity c0mmunity-s3cret 127.0.0.1\n", 0600);
	cf_write_text("public.secret", "pw-public\n", 0644);
	return 0;
}

int cf_teardown(void **state)
{
	DIR *d = opendir(cf_dir);
	struct dirent *de;

	(void)state;
	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			unlinkat(dirfd(d), de->d_name, 0);
	}
	closedir(d);
	return rmdir(cf_dir);
}
