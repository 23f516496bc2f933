/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * auth_file.c - private secret files.
 *
 * An smbclient-style authentication file ("username = ...", "password = ...",
 * "domain = ..."), or a file whose first line is a password.  Both must be
 * regular files that neither group nor others may access: a secret that
 * others can read is refused, as ssh and ntpd refuse theirs.  Every buffer
 * that held file contents is wiped before it is freed.
 */
#include "auth_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* No secret file is anywhere near this large. */
#define SECRET_FILE_MAX 65536u

void ns_secret_free(char *secret)
{
	if (secret == NULL)
		return;
	explicit_bzero(secret, strlen(secret));
	free(secret);
}

void ns_auth_clear(struct ns_auth *a)
{
	if (a == NULL)
		return;
	free(a->username);
	ns_secret_free(a->password);
	free(a->domain);
	a->username = NULL;
	a->password = NULL;
	a->domain = NULL;
}

/* Records why a file is refused (r may be NULL); returns
 * NETSESS_E_AUTH_FILE. */
static netsess_status_t auth_refuse(struct netsess_auth_file_report *r,
                                    enum netsess_auth_file_error error)
{
	if (r != NULL)
		r->error = error;
	return NETSESS_E_AUTH_FILE;
}

/* ns_secret_file_check, saying why into r (may be NULL). */
static netsess_status_t auth_check_fd(int fd, struct netsess_auth_file_report *r)
{
	struct stat st;

	if (fstat(fd, &st) != 0) {
		if (r != NULL)
			r->errno_value = errno;
		return auth_refuse(r, NETSESS_AUTH_FILE_UNREADABLE);
	}
	if (r != NULL)
		r->mode = (unsigned)(st.st_mode & 07777);
	if (!S_ISREG(st.st_mode))
		return auth_refuse(r, NETSESS_AUTH_FILE_NOT_REGULAR);
	if ((st.st_mode & 077) != 0)
		return auth_refuse(r, NETSESS_AUTH_FILE_NOT_PRIVATE);
	return NERR_Success;
}

netsess_status_t ns_secret_file_check(int fd)
{
	return auth_check_fd(fd, NULL);
}

/* Why open(O_NOFOLLOW) failed. */
static netsess_status_t auth_open_failed(int err, struct netsess_auth_file_report *r)
{
	if (err == ENOENT || err == ENOTDIR)
		return auth_refuse(r, NETSESS_AUTH_FILE_NOT_FOUND);
	if (err == ELOOP)
		return auth_refuse(r, NETSESS_AUTH_FILE_SYMLINK);
	if (r != NULL)
		r->errno_value = err;
	return auth_refuse(r, NETSESS_AUTH_FILE_UNREADABLE);
}

/* The 1-based number of the line in which at lies. */
static unsigned auth_line_of(const char *buf, const char *at)
{
	unsigned line = 1;

	for (; buf < at; buf++)
		if (*buf == '\n')
			line++;
	return line;
}

/* Opens path the way every secret file is opened: no final symlink, no
 * blocking on a FIFO, no controlling terminal. */
static int auth_open(const char *path)
{
	return open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
}

netsess_status_t ns_secret_path_check(const char *path)
{
	netsess_status_t st;
	int fd;

	if (path == NULL)
		return ERROR_INVALID_PARAMETER;
	fd = auth_open(path);
	if (fd < 0)
		return NETSESS_E_AUTH_FILE;
	st = auth_check_fd(fd, NULL);
	close(fd);
	return st;
}

/*
 * Opens path without following a final symlink and without blocking on a
 * FIFO, checks it, and reads it whole into a NUL-terminated buffer.  On
 * success *out (len bytes plus the NUL) is the caller's, to be wiped.  Why
 * a file is refused goes into r (may be NULL).
 */
static netsess_status_t auth_slurp(const char *path, char **out, size_t *len,
                                   struct netsess_auth_file_report *r)
{
	netsess_status_t st;
	char *buf, *nul;
	size_t n = 0;
	int fd;

	if (path == NULL || out == NULL)
		return ERROR_INVALID_PARAMETER;
	fd = auth_open(path);
	if (fd < 0)
		return auth_open_failed(errno, r);
	st = auth_check_fd(fd, r);
	if (st != NERR_Success)
		goto out_close;
	buf = malloc(SECRET_FILE_MAX + 1);
	if (buf == NULL) {
		st = ERROR_NOT_ENOUGH_MEMORY;
		goto out_close;
	}
	for (;;) {
		ssize_t got = read(fd, buf + n, SECRET_FILE_MAX + 1 - n);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			if (r != NULL)
				r->errno_value = errno;
			st = auth_refuse(r, NETSESS_AUTH_FILE_UNREADABLE);
			goto out_wipe;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > SECRET_FILE_MAX) {
			st = auth_refuse(r, NETSESS_AUTH_FILE_TOO_LARGE);
			goto out_wipe;
		}
	}
	nul = memchr(buf, '\0', n);
	if (nul != NULL) {
		if (r != NULL)
			r->line = auth_line_of(buf, nul);
		st = auth_refuse(r, NETSESS_AUTH_FILE_MALFORMED);
		goto out_wipe;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	close(fd);
	return NERR_Success;

out_wipe:
	explicit_bzero(buf, n);
	free(buf);
out_close:
	close(fd);
	return st;
}

static bool auth_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Trims blanks (and a CR of CRLF) from both ends of [s, e); returns s. */
static char *auth_trim(char *s, char *e)
{
	while (s < e && auth_is_space(*s))
		s++;
	while (e > s && auth_is_space(e[-1]))
		e--;
	*e = '\0';
	return s;
}

/* One "key = value" line into a; duplicates and unknown keys are errors. */
static netsess_status_t auth_parse_line(char *line, char *end, struct ns_auth *a)
{
	char *eq = memchr(line, '=', (size_t)(end - line));
	char *key, *val, **slot, *copy;

	if (eq == NULL)
		return NETSESS_E_AUTH_FILE;
	key = auth_trim(line, eq);
	val = auth_trim(eq + 1, end);
	if (strcasecmp(key, "username") == 0)
		slot = &a->username;
	else if (strcasecmp(key, "password") == 0)
		slot = &a->password;
	else if (strcasecmp(key, "domain") == 0)
		slot = &a->domain;
	else
		return NETSESS_E_AUTH_FILE;
	if (*slot != NULL)
		return NETSESS_E_AUTH_FILE;
	copy = strdup(val);
	if (copy == NULL)
		return ERROR_NOT_ENOUGH_MEMORY;
	*slot = copy;
	return NERR_Success;
}

/* The whole file into a; a bad line's number goes into r (may be NULL). */
static netsess_status_t auth_parse(char *buf, size_t len, struct ns_auth *a,
                                   struct netsess_auth_file_report *r)
{
	char *p = buf, *end = buf + len;
	unsigned line = 0;

	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *eol = nl != NULL ? nl : end;
		char *s = p;
		netsess_status_t st;

		line++;
		while (s < eol && auth_is_space(*s))
			s++;
		if (s < eol && *s != '#' && *s != ';') {
			st = auth_parse_line(s, eol, a);
			if (st == NETSESS_E_AUTH_FILE && r != NULL)
				r->line = line;
			if (st == NETSESS_E_AUTH_FILE)
				return auth_refuse(r, NETSESS_AUTH_FILE_MALFORMED);
			if (st != NERR_Success)
				return st;
		}
		p = eol < end ? eol + 1 : end;
	}
	return NERR_Success;
}

/* ns_auth_file_read, saying why into r (may be NULL). */
static netsess_status_t auth_file_read(const char *path, struct ns_auth *out,
                                       struct netsess_auth_file_report *r)
{
	struct ns_auth a = {NULL, NULL, NULL};
	netsess_status_t st;
	char *buf;
	size_t len;

	if (out == NULL)
		return ERROR_INVALID_PARAMETER;
	st = auth_slurp(path, &buf, &len, r);
	if (st != NERR_Success)
		return st;
	st = auth_parse(buf, len, &a, r);
	explicit_bzero(buf, len);
	free(buf);
	if (st != NERR_Success) {
		ns_auth_clear(&a);
		return st;
	}
	*out = a;
	return NERR_Success;
}

netsess_status_t ns_auth_file_read(const char *path, struct ns_auth *out)
{
	return auth_file_read(path, out, NULL);
}

netsess_status_t netsess_auth_file_check(const char *path, struct netsess_auth_file_report *report)
{
	struct ns_auth a = {NULL, NULL, NULL};
	netsess_status_t st;

	if (report == NULL)
		return ERROR_INVALID_PARAMETER;
	memset(report, 0, sizeof(*report));
	st = auth_file_read(path, &a, report);
	ns_auth_clear(&a);
	return st;
}

const char *netsess_auth_file_error_text(enum netsess_auth_file_error error)
{
	switch (error) {
	case NETSESS_AUTH_FILE_OK:
		return "usable";
	case NETSESS_AUTH_FILE_NOT_FOUND:
		return "not found";
	case NETSESS_AUTH_FILE_UNREADABLE:
		return "cannot be read";
	case NETSESS_AUTH_FILE_SYMLINK:
		return "is a symbolic link (not followed)";
	case NETSESS_AUTH_FILE_NOT_REGULAR:
		return "is not a regular file";
	case NETSESS_AUTH_FILE_NOT_PRIVATE:
		return "must not be group- or world-readable";
	case NETSESS_AUTH_FILE_TOO_LARGE:
		return "is too large (more than 64 KiB)";
	case NETSESS_AUTH_FILE_MALFORMED:
		return "is malformed (each line: username = ..., password = ... or domain = ..., "
		       "each at most once)";
	}
	return "is refused";
}

netsess_status_t ns_password_file_read(const char *path, char **out)
{
	netsess_status_t st;
	char *buf, *pw;
	size_t len, n;

	if (out == NULL)
		return ERROR_INVALID_PARAMETER;
	st = auth_slurp(path, &buf, &len, NULL);
	if (st != NERR_Success)
		return st;
	n = strcspn(buf, "\n");
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	pw = strndup(buf, n);
	explicit_bzero(buf, len);
	free(buf);
	if (pw == NULL)
		return ERROR_NOT_ENOUGH_MEMORY;
	*out = pw;
	return NERR_Success;
}
