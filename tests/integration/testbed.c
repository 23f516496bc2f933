/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * testbed.c - the shell test bed from a C test case, and the comparison of
 * session lists with smbstatus (testbed.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testbed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *tb_program = "test";
static const char *tb_lib_var = "NETSESS_SAMBA_LIB";
static bool tb_fold_case;

void testbed_init(const char *program, const char *lib_var, bool fold_case)
{
	tb_program = program;
	tb_lib_var = lib_var;
	tb_fold_case = fold_case;
}

const char *env_or_die(const char *name)
{
	const char *v = getenv(name);

	if (v == NULL || *v == '\0') {
		fprintf(stderr, "%s: %s is not set (run %s.sh)\n", tb_program, name,
		        tb_program);
		exit(1);
	}
	return v;
}

/* Reads fd to its end into a string. */
static char *read_all(int fd)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	ssize_t r;

	assert_non_null(buf);
	while ((r = read(fd, buf + len, cap - len - 1)) > 0) {
		len += (size_t)r;
		if (cap - len < 2) {
			cap *= 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
	}
	buf[len] = '\0';
	return buf;
}

int harness(const char *script, char **out)
{
	char *buf, *cmd;
	int fds[2], status;
	pid_t pid;

	assert_true(asprintf(&cmd, ". \"$%s\" && %s", tb_lib_var, script) > 0);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execl("/bin/bash", "bash", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	buf = read_all(fds[0]);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	free(cmd);
	if (out != NULL)
		*out = buf;
	else
		free(buf);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

void harness_ok(const char *script)
{
	assert_int_equal(harness(script, NULL), 0);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends a line that the snapshot now owns. */
static void snap_take(struct snap *s, char *line)
{
	char *c;

	assert_true(s->n < SNAP_MAX_LINES);
	if (tb_fold_case)
		for (c = line; *c != '\0'; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
	s->line[s->n++] = line;
}

void snap_add(struct snap *s, const char *client, const char *user)
{
	char *line;

	assert_true(asprintf(&line, "%s %s", client, user != NULL ? user : "-") > 0);
	snap_take(s, line);
}

void snap_sort(struct snap *s)
{
	qsort(s->line, s->n, sizeof(s->line[0]), cmp_str);
}

void snap_free(struct snap *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->line[i]);
	s->n = 0;
}

void snap_harness(struct snap *s, const char *script)
{
	char *out = NULL, *save = NULL, *line, *copy;

	s->n = 0;
	assert_int_equal(harness(script, &out), 0);
	for (line = strtok_r(out, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		copy = strdup(line);
		assert_non_null(copy);
		snap_take(s, copy);
	}
	free(out);
	snap_sort(s);
}

void snap_list(struct snap *s, const struct netsess_session_list *l)
{
	size_t i;

	s->n = 0;
	for (i = 0; i < l->count; i++)
		snap_add(s, l->items[i].client, l->items[i].user);
	snap_sort(s);
}

void snap_print(const char *what, const struct snap *s)
{
	size_t i;

	fprintf(stderr, "  %s (%zu):\n", what, s->n);
	for (i = 0; i < s->n; i++)
		fprintf(stderr, "    %s\n", s->line[i]);
}

void snap_assert_equal(const struct snap *a, const struct snap *b)
{
	size_t i;
	bool same = a->n == b->n;

	for (i = 0; same && i < a->n; i++)
		same = strcmp(a->line[i], b->line[i]) == 0;
	if (!same) {
		snap_print("library", a);
		snap_print("smbstatus", b);
	}
	assert_true(same);
}
