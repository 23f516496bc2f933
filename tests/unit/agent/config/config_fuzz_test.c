/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config_fuzz_test.c - hostile files through nsd_config_load (under
 * valgrind, as every unit test): every truncation of good-full.xml, and
 * 600 variants of it mutated by a fixed pseudo-random sequence (bytes
 * changed, spans cut or repeated, markup inserted, the encoding changed).  Each load must end
 * with either a config that keeps the documented invariants and no
 * message, or no config and at least one message "FILE..." on one line,
 * of printable text, that quotes no secret; and nothing may be written to
 * stderr (libxml2 reports some input errors there unless told not to).
 */
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

#include "agent/config/nsd_config.h"
#include "config_files.h"

#define MUTANTS 600

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

/* xorshift64: the same sequence on every run. */
static unsigned rnd(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state % n);
}

static void check_config(const struct nsd_config *cfg)
{
	for (size_t i = 0; i < cfg->nservers; i++) {
		const struct nsd_server *s = &cfg->servers[i];

		assert_non_null(s->name);
		assert_non_null(s->host);
		assert_in_range(s->index, 1, 65535);
		if (i > 0)
			assert_true(s->index > cfg->servers[i - 1].index);
		switch (s->cred_kind) {
		case NSD_CRED_PASSWORD_FILE:
			assert_true(s->username && s->password_file && !s->keytab);
			break;
		case NSD_CRED_AUTH_FILE:
			assert_true(s->auth_file && !s->username && !s->keytab);
			break;
		case NSD_CRED_KERBEROS:
			assert_true(!s->username && !s->auth_file && !s->keytab);
			break;
		case NSD_CRED_KEYTAB:
			assert_true(s->principal && s->keytab && !s->username);
			break;
		default:
			fail_msg("credential kind %d", (int)s->cred_kind);
		}
	}
	assert_true((cfg->lanmgr_server == NULL) == (cfg->lanmgr_index == 0));
}

static void check_messages(const char *path, const struct nsd_config_errors *e)
{
	assert_true(e->count > 0);
	for (size_t i = 0; i < e->count; i++) {
		const char *m = e->messages[i];

		assert_memory_equal(m, path, strlen(path));
		for (const char *p = m; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				fail_msg("control byte 0x%02x in: %s", (unsigned char)*p, m);
		assert_null(strstr(m, "pw1"));
		assert_null(strstr(m, "c0mmunity-s3cret"));
	}
}

/* Loads data as cf_dir/fuzz.xml, with stderr going to cf_dir/stderr, and
 * checks what comes back. */
static void load_bytes(const char *data, size_t len)
{
	char *path = cf_printf("%s/fuzz.xml", cf_dir);
	char *err_path = cf_printf("%s/stderr", cf_dir);
	int err = open(err_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	int saved = dup(STDERR_FILENO);
	struct nsd_config_errors e;
	struct nsd_config *cfg;
	struct stat st;

	cf_write("fuzz.xml", data, len, 0644);
	assert_true(err >= 0 && saved >= 0);
	assert_int_equal(dup2(err, STDERR_FILENO), STDERR_FILENO);
	cfg = nsd_config_load(path, &e);
	assert_int_equal(dup2(saved, STDERR_FILENO), STDERR_FILENO);
	assert_int_equal(fstat(err, &st), 0);
	if (st.st_size != 0)
		fail_msg("stderr got %lld bytes", (long long)st.st_size);
	close(saved);
	close(err);
	free(err_path);
	if (cfg != NULL) {
		assert_int_equal(e.count, 0);
		check_config(cfg);
	} else {
		check_messages(path, &e);
	}
	nsd_config_free(cfg);
	nsd_config_errors_clear(&e);
	free(path);
}

static void test_every_truncation(void **state)
{
	size_t len;
	char *full = cf_read(CONFIGS "/good-full.xml", &len);

	(void)state;
	for (size_t n = 0; n <= len; n++)
		load_bytes(full, n);
	free(full);
}

/* One random edit of buf (len bytes, room for 4096). */
static size_t mutate(char *buf, size_t len)
{
	static const char *const tokens[] = {
	    "<server name='x' host='h'><credentials kerberos='yes'/></server>",
	    "<server>",
	    "</server>",
	    "<smb/>",
	    "<credentials/>",
	    "<agentx/>",
	    "<snmp listen=','/>",
	    "<lanmgr-compat server=''/>",
	    " index='0'",
	    " index='65535'",
	    " port='99999999999'",
	    " timeout='0.0001'",
	    "&amp;",
	    "&#0;",
	    "&#x85;",
	    "&unknown;",
	    "<![CDATA[x]]>",
	    "<!-- c -->",
	    "<?pi x?>",
	    "<!DOCTYPE x>",
	    " xmlns='urn:x'",
	    " xmlns='a&#9;&#127;'",
	    " a:b='c'",
	    "\xc3\xa9",
	    "\xff\xfe",
	    "'",
	    "\"",
	    "<",
	    ">",
	    "/",
	    "=",
	    "\n",
	    "\0",
	};
	size_t at = len ? rnd((unsigned)len) : 0, span = 1 + rnd(64);

	if (span > len - at)
		span = len - at;
	switch (rnd(4)) {
	case 0: /* a byte changed */
		if (len > 0)
			buf[at] = (char)rnd(256);
		return len;
	case 1: /* a span cut */
		memmove(buf + at, buf + at + span, len - at - span);
		return len - span;
	case 2: /* a span repeated */
		if (len + span > 4096)
			return len;
		memmove(buf + at + span, buf + at, len - at);
		return len + span;
	default: { /* markup inserted */
		const char *t = tokens[rnd(sizeof(tokens) / sizeof(tokens[0]))];
		size_t tl = t[0] != '\0' ? strlen(t) : 1;

		if (len + tl > 4096)
			return len;
		memmove(buf + at + tl, buf + at, len - at);
		memcpy(buf + at, t, tl);
		return len + tl;
	}
	}
}

/* Replaces the encoding of buf's XML declaration with one of a few that
 * need a conversion; returns the new length. */
static size_t reencode(char *buf, size_t len)
{
	static const char *const encodings[] = {"SHIFT_JIS",  "UTF-32",    "UTF-16",
	                                        "ISO-8859-1", "EBCDIC-US", "no-such-encoding"};
	const char *end = strstr(buf, "?>");
	char head[80];
	size_t hl, rest;

	assert_non_null(end);
	rest = len - (size_t)(end + 2 - buf);
	hl = (size_t)snprintf(head, sizeof(head), "<?xml version=\"1.0\" encoding=\"%s\"?>",
	                      encodings[rnd(sizeof(encodings) / sizeof(encodings[0]))]);
	memmove(buf + hl, end + 2, rest);
	memcpy(buf, head, hl);
	return hl + rest;
}

static void test_mutants(void **state)
{
	size_t len;
	char *full = cf_read(CONFIGS "/good-full.xml", &len);
	char *buf = malloc(4096);

	(void)state;
	assert_non_null(buf);
	assert_true(len < 4000);
	for (int i = 0; i < MUTANTS; i++) {
		size_t n = len, edits = 1 + rnd(4);

		memcpy(buf, full, len);
		if (rnd(4) == 0)
			n = reencode(buf, n);
		while (edits-- > 0)
			n = mutate(buf, n);
		load_bytes(buf, n);
	}
	free(buf);
	free(full);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_truncation),
	    cmocka_unit_test(test_mutants),
	};

	return cmocka_run_group_tests_name("config_fuzz", tests, cf_setup, cf_teardown);
}
