/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config_test.c - the netsessd configuration file: good files load into the
 * documented values, and every bad file is refused with "FILE:LINE:"
 * messages that say what is wrong.
 *
 * Each file of tests/configs is copied into a private temporary folder next
 * to the secret files it names, which this test writes with the modes it
 * needs (git keeps no modes).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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
#include <libxml/parser.h>
#include <libxml/relaxng.h>

#include "agent/nsd_config.h"

#ifndef NSD_TEST_SRCDIR
#error "NSD_TEST_SRCDIR must name the source tree"
#endif

#define SCHEMA NSD_TEST_SRCDIR "/agent/netsessd.rng"
#define CONFIGS NSD_TEST_SRCDIR "/tests/configs"

/* The private folder (its real path: messages name real paths). */
static char g_dir[PATH_MAX];

static char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xasprintf(const char *fmt, ...)
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

/* Writes g_dir/name with exactly this mode (umask notwithstanding). */
static void write_file(const char *name, const char *data, size_t len, mode_t mode)
{
	char *path = xasprintf("%s/%s", g_dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(close(fd), 0);
	free(path);
}

static void write_text(const char *name, const char *text, mode_t mode)
{
	write_file(name, text, strlen(text), mode);
}

static char *read_source(const char *path, size_t *len)
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

/* Copies tests/configs/name into g_dir; returns the copy's path. */
static char *copy_config(const char *name)
{
	char *src = xasprintf("%s/%s", CONFIGS, name);
	size_t len;
	char *data = read_source(src, &len);

	write_file(name, data, len, 0644);
	free(data);
	free(src);
	return xasprintf("%s/%s", g_dir, name);
}

/* Replaces each '@' of pattern with g_dir. */
static char *expand(const char *pattern)
{
	size_t n = 1;
	char *out, *o;

	for (const char *p = pattern; *p != '\0'; p++)
		n += *p == '@' ? strlen(g_dir) : 1;
	out = o = malloc(n);
	assert_non_null(out);
	for (const char *p = pattern; *p != '\0'; p++) {
		if (*p == '@') {
			strcpy(o, g_dir);
			o += strlen(g_dir);
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

/* The messages must be exactly expected[] ('@' stands for g_dir). */
static void assert_errors(const struct nsd_config_errors *e, const char *const *expected)
{
	size_t n = 0;
	bool same;

	while (expected[n] != NULL)
		n++;
	same = e->count == n;
	for (size_t i = 0; same && i < n; i++) {
		char *want = expand(expected[i]);

		same = strcmp(e->messages[i], want) == 0;
		free(want);
	}
	if (!same) {
		for (size_t i = 0; i < e->count; i++)
			print_message("got:  %s\n", e->messages[i]);
		for (size_t i = 0; i < n; i++)
			print_message("want: %s\n", expected[i]);
	}
	assert_true(same);
}

static struct nsd_config *load_copy(const char *name, struct nsd_config_errors *e)
{
	char *path = copy_config(name);
	struct nsd_config *cfg = nsd_config_load(path, SCHEMA, e);

	free(path);
	return cfg;
}

/* Loads a configuration that must be good. */
static struct nsd_config *load_good(const char *name)
{
	struct nsd_config_errors e;
	struct nsd_config *cfg = load_copy(name, &e);

	for (size_t i = 0; i < e.count; i++)
		print_message("unexpected: %s\n", e.messages[i]);
	assert_int_equal(e.count, 0);
	assert_non_null(cfg);
	return cfg;
}

static const struct nsd_server *find_server(const struct nsd_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->nservers; i++)
		if (strcmp(cfg->servers[i].name, name) == 0)
			return &cfg->servers[i];
	fail_msg("no server %s", name);
	return NULL;
}

static void assert_path_in_dir(const char *path, const char *name)
{
	char *want = xasprintf("%s/%s", g_dir, name);

	assert_string_equal(path, want);
	free(want);
}

/* ---- fixtures ---------------------------------------------------------- */

static int group_setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	char *templ = xasprintf("%s/nsdconfXXXXXX", tmp && *tmp ? tmp : "/tmp");

	(void)state;
	if (mkdtemp(templ) == NULL || realpath(templ, g_dir) == NULL) {
		free(templ);
		return -1;
	}
	free(templ);
	write_text("fs1.secret", "pw1\n", 0600);
	write_text("fs2.auth", "username = u2\npassword = pw2\ndomain = D2\n", 0600);
	write_text("public.secret", "pw-public\n", 0644);
	return 0;
}

static int group_teardown(void **state)
{
	DIR *d = opendir(g_dir);
	struct dirent *de;

	(void)state;
	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			unlinkat(dirfd(d), de->d_name, 0);
	}
	closedir(d);
	return rmdir(g_dir);
}

/* ---- good files -------------------------------------------------------- */

static void test_good_full(void **state)
{
	struct nsd_config *cfg = load_good("good-full.xml");
	const struct nsd_server *s;

	(void)state;
	assert_string_equal(cfg->agentx_address, "tcp:127.0.0.1:7705");
	assert_int_equal(cfg->ping_interval, 5);
	assert_int_equal(cfg->nservers, 4);
	/* In index order; fs4 takes the next unused index after fs2's 3. */
	assert_string_equal(cfg->servers[0].name, "fs2");
	assert_int_equal(cfg->servers[0].index, 3);
	assert_string_equal(cfg->servers[1].name, "fs4");
	assert_int_equal(cfg->servers[1].index, 4);
	assert_string_equal(cfg->servers[2].name, "fs1");
	assert_int_equal(cfg->servers[2].index, 7);
	assert_string_equal(cfg->servers[3].name, "fs3");
	assert_int_equal(cfg->servers[3].index, 65535);

	s = find_server(cfg, "fs1");
	assert_int_equal(s->line, 5); /* where the start tag begins */
	assert_string_equal(s->host, "fs1.example.com");
	assert_int_equal(s->port, 4450);
	assert_int_equal(s->poll_interval_ms, 2500);
	assert_int_equal(s->timeout_ms, 3000);
	assert_int_equal(s->delete_timeout_ms, 250);
	assert_int_equal(s->cred_kind, NSD_CRED_PASSWORD_FILE);
	assert_string_equal(s->username, "svc-snmp");
	assert_string_equal(s->domain, "EXAMPLE");
	assert_path_in_dir(s->password_file, "fs1.secret");
	assert_null(s->auth_file);
	assert_int_equal(s->signing, NETSESS_SMB_REQUIRED);
	assert_int_equal(s->encryption, NETSESS_SMB_IF_REQUIRED);

	s = find_server(cfg, "fs2");
	assert_int_equal(s->line, 10);
	assert_string_equal(s->host, "192.0.2.10");
	assert_int_equal(s->port, 445);
	assert_int_equal(s->cred_kind, NSD_CRED_AUTH_FILE);
	assert_path_in_dir(s->auth_file, "fs2.auth");
	assert_null(s->username);
	assert_null(s->password_file);
	assert_int_equal(s->signing, NETSESS_SMB_OFF);
	assert_int_equal(s->encryption, NETSESS_SMB_REQUIRED); /* "yes" */

	s = find_server(cfg, "fs3");
	assert_string_equal(s->host, "192.0.2.10");
	assert_int_equal(s->poll_interval_ms, 86400000);
	assert_int_equal(s->timeout_ms, 100);
	assert_int_equal(s->delete_timeout_ms, 60000);
	assert_int_equal(s->cred_kind, NSD_CRED_KERBEROS);
	assert_int_equal(s->signing, NETSESS_SMB_IF_REQUIRED); /* empty <smb/> */
	assert_int_equal(s->encryption, NETSESS_SMB_OFF);

	s = find_server(cfg, "fs4");
	assert_int_equal(s->poll_interval_ms, 1000);
	assert_int_equal(s->timeout_ms, 600000);
	assert_int_equal(s->delete_timeout_ms, 100);
	assert_string_equal(s->username, "alice");
	assert_null(s->domain);
	assert_int_equal(s->encryption, NETSESS_SMB_REQUIRED);
	nsd_config_free(cfg);
}

static void test_good_minimal(void **state)
{
	struct nsd_config *cfg = load_good("good-minimal.xml");
	const struct nsd_server *s = &cfg->servers[0];
	char *path = xasprintf("%s/good-minimal.xml", g_dir);

	(void)state;
	assert_string_equal(cfg->path, path);
	assert_null(cfg->agentx_address);
	assert_int_equal(cfg->ping_interval, NSD_DEFAULT_PING_INTERVAL);
	assert_int_equal(cfg->nservers, 1);
	assert_int_equal(s->index, 1);
	assert_string_equal(s->name, "only");
	assert_string_equal(s->host, "localhost");
	assert_int_equal(s->line, 2);
	assert_int_equal(s->port, 445);
	assert_int_equal(s->poll_interval_ms, 30000);
	assert_int_equal(s->timeout_ms, 10000);
	assert_int_equal(s->delete_timeout_ms, 800);
	assert_int_equal(s->cred_kind, NSD_CRED_KERBEROS);
	assert_null(s->username);
	assert_null(s->domain);
	assert_null(s->password_file);
	assert_null(s->auth_file);
	assert_int_equal(s->signing, NETSESS_SMB_IF_REQUIRED);
	assert_int_equal(s->encryption, NETSESS_SMB_OFF);
	free(path);
	nsd_config_free(cfg);
}

static void test_good_implicit(void **state)
{
	/* a -> 1, b = 5, c -> 6, d = 2, e -> 3, f = 4, g -> 7 (5 and 6 taken). */
	static const char *const by_index[] = {"a", "d", "e", "f", "b", "c", "g"};
	struct nsd_config *cfg = load_good("good-implicit.xml");

	(void)state;
	assert_int_equal(cfg->ping_interval, 20); /* <agentx> may come anywhere */
	assert_int_equal(cfg->nservers, 7);
	for (size_t i = 0; i < 7; i++) {
		assert_int_equal(cfg->servers[i].index, i + 1);
		assert_string_equal(cfg->servers[i].name, by_index[i]);
	}
	nsd_config_free(cfg);
}

/* An absolute secret path is kept as it is. */
static void test_absolute_secret_path(void **state)
{
	char *xml = xasprintf("<netsessd><server name='a' host='h'>"
	                      "<credentials username='u' password-file='%s/fs1.secret'/>"
	                      "</server></netsessd>\n",
	                      g_dir);
	char *path = xasprintf("%s/abs.xml", g_dir);
	struct nsd_config_errors e;
	struct nsd_config *cfg;

	(void)state;
	write_text("abs.xml", xml, 0644);
	cfg = nsd_config_load(path, SCHEMA, &e);
	assert_int_equal(e.count, 0);
	assert_non_null(cfg);
	assert_path_in_dir(cfg->servers[0].password_file, "fs1.secret");
	nsd_config_free(cfg);
	free(path);
	free(xml);
}

/* A relative configuration path: secrets are still found, by full path. */
static void test_relative_config_path(void **state)
{
	char cwd[PATH_MAX];
	struct nsd_config_errors e;
	struct nsd_config *cfg;
	char *copy = copy_config("good-full.xml");

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(g_dir), 0);
	cfg = nsd_config_load("good-full.xml", SCHEMA, &e);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(e.count, 0);
	assert_non_null(cfg);
	assert_string_equal(cfg->path, "good-full.xml");
	assert_path_in_dir(find_server(cfg, "fs1")->password_file, "fs1.secret");
	nsd_config_free(cfg);
	free(copy);
}

/* docs/netsessd.conf.example.xml passes everything but, where its secret
 * files do not exist, the secret-file check. */
static void test_docs_example(void **state)
{
	const char *path = NSD_TEST_SRCDIR "/docs/netsessd.conf.example.xml";
	struct nsd_config_errors e;
	struct nsd_config *cfg = nsd_config_load(path, SCHEMA, &e);

	(void)state;
	for (size_t i = 0; i < e.count; i++) {
		const char *m = e.messages[i];

		print_message("%s\n", m);
		assert_non_null(strstr(m, "-file \"/etc/netsessd/"));
		assert_non_null(strstr(m, "\": No such file or directory"));
	}
	assert_true(cfg != NULL || e.count > 0);
	nsd_config_free(cfg);
	nsd_config_errors_clear(&e);
}

/* ---- bad files --------------------------------------------------------- */

struct bad_case {
	const char *file;
	const char *expected[10];
};

static const struct bad_case bad_cases[] = {
    {"bad-malformed.xml",
     {"@/bad-malformed.xml:4: Opening and ending tag mismatch: server line 2 and serve"}},
    {"bad-empty.xml", {"@/bad-empty.xml:1: Document is empty"}},
    {"bad-doctype.xml", {"@/bad-doctype.xml: a DOCTYPE is not allowed"}},
    {"bad-root.xml", {"@/bad-root.xml:2: the root element is <netsess>, not <netsessd>"}},
    {"bad-no-server.xml", {"@/bad-no-server.xml:1: <netsessd>: at least one <server> is required"}},
    {"bad-unknown-element.xml", {"@/bad-unknown-element.xml:4: <server>: unknown element <share>"}},
    {"bad-unknown-attribute.xml",
     {"@/bad-unknown-attribute.xml:2: <agentx>: unknown attribute \"retries\""}},
    {"bad-password-attribute.xml",
     {"@/bad-password-attribute.xml:3: <credentials>: unknown attribute \"password\"",
      "@/bad-password-attribute.xml:3: <credentials>: missing attribute \"password-file\""}},
    {"bad-structure.xml",
     {"@/bad-structure.xml:1: <netsessd>: unknown attribute \"version\"",
      "@/bad-structure.xml:3: <server>: missing attribute \"host\"",
      "@/bad-structure.xml:5: <server>: text is not allowed here",
      "@/bad-structure.xml:7: <server>: more than one <smb>",
      "@/bad-structure.xml:9: <netsessd>: more than one <agentx>"}},
    {"bad-values.xml",
     {"@/bad-values.xml:2: <agentx>: ping-interval \"0\" is out of range 1..3600",
      "@/bad-values.xml:3: <server>: port \"445x\" is not a whole number",
      "@/bad-values.xml:3: <server>: poll-interval \"0\" is out of range 1..86400 seconds",
      "@/bad-values.xml:3: <server>: timeout \"1.2345\" is not a number of seconds "
      "(at most 3 decimals)",
      "@/bad-values.xml:3: <server>: delete-timeout \"61\" is out of range 0.1..60 seconds",
      "@/bad-values.xml:6: <credentials>: kerberos \"no\" is not one of: yes",
      "@/bad-values.xml:7: <smb>: signing \"maybe\" is not one of: off, if_required, "
      "required",
      "@/bad-values.xml:7: <smb>: encrypt \"on\" is not one of: no, if_required, required, "
      "yes",
      "@/bad-values.xml:9: <server>: host is not a DNS name or an IP address"}},
    {"bad-index-range.xml",
     {"@/bad-index-range.xml:2: <server>: index \"0\" is out of range 1..65535",
      "@/bad-index-range.xml:3: <server>: index \"65536\" is out of range 1..65535",
      "@/bad-index-range.xml:4: <server>: index \"-1\" is not a whole number"}},
    {"bad-index-exhausted.xml",
     {"@/bad-index-exhausted.xml:3: <server>: no free index after 65535"}},
    {"bad-duplicate-name.xml",
     {"@/bad-duplicate-name.xml:4: <server>: name \"fs1\" is already used at line 2"}},
    {"bad-duplicate-index.xml",
     {"@/bad-duplicate-index.xml:4: <server>: index 2 is already used at line 2"}},
    {"bad-two-credentials.xml",
     {"@/bad-two-credentials.xml:3: <credentials>: give exactly one of: username and "
      "password-file, auth-file, kerberos=\"yes\"",
      "@/bad-two-credentials.xml:8: <server>: more than one <credentials>"}},
    {"bad-credentials-incomplete.xml",
     {"@/bad-credentials-incomplete.xml:3: <credentials>: missing attribute "
      "\"password-file\"",
      "@/bad-credentials-incomplete.xml:6: <credentials>: missing attribute \"username\"",
      "@/bad-credentials-incomplete.xml:9: <credentials>: give exactly one of: username and "
      "password-file, auth-file, kerberos=\"yes\"",
      "@/bad-credentials-incomplete.xml:11: <server>: missing element <credentials>"}},
    {"bad-missing-secret.xml",
     {"@/bad-missing-secret.xml:3: <credentials>: password-file \"@/missing.secret\": "
      "No such file or directory",
      "@/bad-missing-secret.xml:6: <credentials>: auth-file "
      "\"/nonexistent/netsessd/fs2.auth\": No such file or directory"}},
    {"bad-public-secret.xml",
     {"@/bad-public-secret.xml:3: <credentials>: password-file \"@/public.secret\" is "
      "accessible by group or others (mode 0644); make it private (chmod 600)",
      "@/bad-public-secret.xml:6: <credentials>: auth-file \"@/public.secret\" is "
      "accessible by group or others (mode 0644); make it private (chmod 600)"}},
};

static void test_bad(void **state)
{
	const struct bad_case *c = *state;
	struct nsd_config_errors e;
	struct nsd_config *cfg = load_copy(c->file, &e);

	assert_null(cfg);
	assert_errors(&e, c->expected);
	/* No secret, from a file or from a misplaced attribute, is quoted. */
	for (size_t i = 0; i < e.count; i++) {
		assert_null(strstr(e.messages[i], "Sup3r-S3cret"));
		assert_null(strstr(e.messages[i], "pw-public"));
		assert_null(strstr(e.messages[i], "pw1"));
	}
	nsd_config_errors_clear(&e);
	assert_int_equal(e.count, 0);
	assert_null(e.messages);
}

/* A secret file given through a symbolic link, or a folder, is refused. */
static void test_secret_not_a_file(void **state)
{
	static const char *const expected[] = {
	    "@/link.xml:1: <credentials>: password-file \"@/link.secret\" is a symbolic link",
	    "@/link.xml:1: <credentials>: auth-file \"@/.\" is not a regular file",
	    NULL,
	};
	char *target = xasprintf("%s/fs1.secret", g_dir);
	char *link = xasprintf("%s/link.secret", g_dir);
	char *path = xasprintf("%s/link.xml", g_dir);
	struct nsd_config_errors e;

	(void)state;
	unlink(link);
	assert_int_equal(symlink(target, link), 0);
	write_text("link.xml",
	           "<netsessd><server name='a' host='h'>"
	           "<credentials username='u' password-file='link.secret'/></server>"
	           "<server name='b' host='h'><credentials auth-file='.'/></server></netsessd>\n",
	           0644);
	assert_null(nsd_config_load(path, SCHEMA, &e));
	assert_errors(&e, expected);
	nsd_config_errors_clear(&e);
	free(path);
	free(link);
	free(target);
}

static void test_missing_config(void **state)
{
	static const char *const expected[] = {"@/none.xml: No such file or directory", NULL};
	char *path = xasprintf("%s/none.xml", g_dir);
	struct nsd_config_errors e;

	(void)state;
	assert_null(nsd_config_load(path, SCHEMA, &e));
	assert_errors(&e, expected);
	nsd_config_errors_clear(&e);
	free(path);
}

static void test_config_too_large(void **state)
{
	static const char *const expected[] = {"@/big.xml: larger than 1048576 bytes", NULL};
	size_t len = (1u << 20) + 1;
	char *data = malloc(len);
	char *path = xasprintf("%s/big.xml", g_dir);
	struct nsd_config_errors e;

	(void)state;
	assert_non_null(data);
	memset(data, ' ', len);
	write_file("big.xml", data, len, 0644);
	assert_null(nsd_config_load(path, SCHEMA, &e));
	assert_errors(&e, expected);
	nsd_config_errors_clear(&e);
	free(path);
	free(data);
}

/* errs may be NULL; the free functions take NULL. */
static void test_null_errors(void **state)
{
	char *path = copy_config("bad-values.xml");

	(void)state;
	assert_null(nsd_config_load(path, SCHEMA, NULL));
	nsd_config_free(NULL);
	nsd_config_errors_clear(NULL);
	nsd_server_auth_clear(NULL);
	free(path);
}

/* ---- the schema -------------------------------------------------------- */

static void test_schema_missing(void **state)
{
	static const char *const expected[] = {"@/none.rng: No such file or directory", NULL};
	char *path = copy_config("good-minimal.xml");
	char *schema = xasprintf("%s/none.rng", g_dir);
	struct nsd_config_errors e;

	(void)state;
	assert_null(nsd_config_load(path, schema, &e));
	assert_errors(&e, expected);
	nsd_config_errors_clear(&e);
	free(schema);
	free(path);
}

/*
 * A file the schema refuses is refused even when netsessd's own checks find
 * nothing, with the schema's message: checked with a narrower copy of the
 * schema (ports and indexes up to 1000) and a file using port 1445.
 */
static void test_schema_errors_reported(void **state)
{
	static const char from[] = "<param name=\"maxInclusive\">65535</param>";
	static const char to[] = "<param name=\"maxInclusive\">1000</param>";
	size_t len;
	char *rng = read_source(SCHEMA, &len);
	char *at = strstr(rng, from);
	char *path = copy_config("schema-strict.xml");
	char *schema = xasprintf("%s/strict.rng", g_dir);
	char *prefix = xasprintf("%s/schema-strict.xml:2: ", g_dir);
	struct nsd_config_errors e;

	(void)state;
	assert_non_null(at);
	memmove(at + strlen(to), at + strlen(from), strlen(at + strlen(from)) + 1);
	memcpy(at, to, strlen(to));
	write_text("strict.rng", rng, 0644);
	assert_null(nsd_config_load(path, schema, &e));
	for (size_t i = 0; i < e.count; i++)
		print_message("%s\n", e.messages[i]);
	assert_int_equal(e.count, 1);
	assert_memory_equal(e.messages[0], prefix, strlen(prefix));
	assert_non_null(strstr(e.messages[0], "port"));
	nsd_config_errors_clear(&e);
	/* The same file passes the real schema. */
	nsd_config_free(load_good("schema-strict.xml"));
	free(prefix);
	free(schema);
	free(path);
	free(rng);
}

/* NULL means $NETSESSD_SCHEMA, else the installed schema. */
static void test_schema_env(void **state)
{
	static const char *const expected[] = {"@/elsewhere.rng: No such file or directory", NULL};
	char *path = copy_config("good-minimal.xml");
	char *missing = xasprintf("%s/elsewhere.rng", g_dir);
	struct nsd_config_errors e;
	struct nsd_config *cfg;

	(void)state;
	assert_int_equal(setenv(NSD_SCHEMA_ENV, SCHEMA, 1), 0);
	assert_string_equal(nsd_config_schema_path(), SCHEMA);
	cfg = nsd_config_load(path, NULL, &e);
	assert_int_equal(e.count, 0);
	assert_non_null(cfg);
	nsd_config_free(cfg);

	assert_int_equal(setenv(NSD_SCHEMA_ENV, missing, 1), 0);
	assert_null(nsd_config_load(path, NULL, &e));
	assert_errors(&e, expected);
	nsd_config_errors_clear(&e);

	assert_int_equal(setenv(NSD_SCHEMA_ENV, "", 1), 0);
	assert_string_equal(nsd_config_schema_path(), NSD_SCHEMA_PATH);
	assert_int_equal(unsetenv(NSD_SCHEMA_ENV), 0);
	assert_string_equal(nsd_config_schema_path(), NSD_SCHEMA_PATH);
	free(missing);
	free(path);
}

/* ---- the schema and netsessd's own checks agree ------------------------ */

static void quiet_error(void *data, xmlErrorPtr err)
{
	(void)data;
	(void)err;
}

/* Validates path with the schema alone: 1 valid, 0 invalid. */
static int schema_accepts(const char *path)
{
	xmlRelaxNGParserCtxtPtr pctxt = xmlRelaxNGNewParserCtxt(SCHEMA);
	xmlRelaxNGPtr schema = xmlRelaxNGParse(pctxt);
	xmlRelaxNGValidCtxtPtr vctxt = xmlRelaxNGNewValidCtxt(schema);
	xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
	int rc;

	assert_non_null(schema);
	assert_non_null(vctxt);
	assert_non_null(doc);
	xmlRelaxNGSetValidStructuredErrors(vctxt, quiet_error, NULL);
	rc = xmlRelaxNGValidateDoc(vctxt, doc);
	assert_true(rc >= 0);
	xmlFreeDoc(doc);
	xmlRelaxNGFreeValidCtxt(vctxt);
	xmlRelaxNGFree(schema);
	xmlRelaxNGFreeParserCtxt(pctxt);
	return rc == 0;
}

enum where { AGENTX, SERVER, CREDENTIALS, SMB };

struct value_case {
	enum where where;
	const char *attrs; /* the element's attributes */
	bool valid;
};

/*
 * Boundaries of every value: the schema and netsessd must both accept or
 * both refuse.  SERVER cases give all of <server>'s attributes; the others
 * are added to a valid file.
 */
static const struct value_case value_cases[] = {
    {AGENTX, "ping-interval='1'", true},
    {AGENTX, "ping-interval='3600'", true},
    {AGENTX, "ping-interval='0'", false},
    {AGENTX, "ping-interval='3601'", false},
    {AGENTX, "ping-interval='1.5'", false},
    {AGENTX, "ping-interval='+5'", false},
    {AGENTX, "address='unix:/run/agentx/master'", true},
    {AGENTX, "address=''", false},
    {AGENTX, "address='a&#10;b'", false},
    {SERVER, "name='a' host='h' index='1'", true},
    {SERVER, "name='a' host='h' index='65535'", true},
    {SERVER, "name='a' host='h' index='007'", true},
    {SERVER, "name='a' host='h' index='0'", false},
    {SERVER, "name='a' host='h' index='65536'", false},
    {SERVER, "name='a' host='h' index='99999999999'", false},
    {SERVER, "name='a' host='h' index=' 1'", false},
    {SERVER, "name='a' host='h' port='1'", true},
    {SERVER, "name='a' host='h' port='65535'", true},
    {SERVER, "name='a' host='h' port='0'", false},
    {SERVER, "name='a' host='h' port='65536'", false},
    {SERVER, "name='a' host='h' port='-1'", false},
    {SERVER, "name='a' host='h' poll-interval='1'", true},
    {SERVER, "name='a' host='h' poll-interval='1.5'", true},
    {SERVER, "name='a' host='h' poll-interval='86400'", true},
    {SERVER, "name='a' host='h' poll-interval='86400.000'", true},
    {SERVER, "name='a' host='h' poll-interval='0.999'", false},
    {SERVER, "name='a' host='h' poll-interval='86400.001'", false},
    {SERVER, "name='a' host='h' poll-interval='.5'", false},
    {SERVER, "name='a' host='h' poll-interval='5.'", false},
    {SERVER, "name='a' host='h' poll-interval='1e3'", false},
    {SERVER, "name='a' host='h' poll-interval='2.0001'", false},
    {SERVER, "name='a' host='h' timeout='0.1'", true},
    {SERVER, "name='a' host='h' timeout='600'", true},
    {SERVER, "name='a' host='h' timeout='0.099'", false},
    {SERVER, "name='a' host='h' timeout='600.001'", false},
    {SERVER, "name='a' host='h' timeout='0'", false},
    {SERVER, "name='a' host='h' delete-timeout='0.1'", true},
    {SERVER, "name='a' host='h' delete-timeout='60'", true},
    {SERVER, "name='a' host='h' delete-timeout='0.05'", false},
    {SERVER, "name='a' host='h' delete-timeout='60.5'", false},
    {SERVER, "name='fs 1 (Paris)' host='h'", true},
    {SERVER, "name='\xc3\xa9t\xc3\xa9' host='h'", true},
    {SERVER, "name='' host='h'", false},
    {SERVER, "name='a&#9;b' host='h'", false},
    {SERVER, "name='a&#x85;b' host='h'", false},
    {SERVER, "name='a' host='fe80::1%eth0'", false},
    {SERVER, "name='a' host='2001:db8::1'", false},
    {SERVER, "name='a' host='192.0.2.1'", true},
    {SERVER, "name='a' host='a b'", false},
    {SERVER, "name='a' host='[::1]'", false},
    {SERVER, "name='a' host='h/x'", false},
    {SERVER, "name='a' host=''", false},
    {SERVER, "host='h'", false},
    {SERVER, "name='a'", false},
    {CREDENTIALS, "kerberos='yes'", true},
    {CREDENTIALS, "kerberos='no'", false},
    {CREDENTIALS, "kerberos='YES'", false},
    {CREDENTIALS, "username='u' password-file='fs1.secret'", true},
    {CREDENTIALS, "username='u' domain='D' password-file='fs1.secret'", true},
    {CREDENTIALS, "username='' password-file='fs1.secret'", false},
    {CREDENTIALS, "username='u' domain='' password-file='fs1.secret'", false},
    {CREDENTIALS, "username='u' password-file=''", false},
    {CREDENTIALS, "domain='D' password-file='fs1.secret'", false},
    {CREDENTIALS, "auth-file='fs2.auth'", true},
    {CREDENTIALS, "auth-file='fs2.auth' kerberos='yes'", false},
    {CREDENTIALS, "auth-file='fs2.auth' username='u' password-file='fs1.secret'", false},
    {CREDENTIALS, "", false},
    {SMB, "", true},
    {SMB, "signing='off' encrypt='no'", true},
    {SMB, "signing='if_required' encrypt='if_required'", true},
    {SMB, "signing='required' encrypt='required'", true},
    {SMB, "encrypt='yes'", true},
    {SMB, "signing='yes'", false},
    {SMB, "signing='no'", false},
    {SMB, "encrypt='off'", false},
    {SMB, "signing=''", false},
    {SMB, "sign='off'", false},
};

static void check_value_case(const char *agentx, const char *server, const char *cred,
                             const char *smb, bool valid)
{
	char *xml = xasprintf("<netsessd>\n<agentx %s/>\n<server %s>\n<credentials %s/>\n"
	                      "<smb %s/>\n</server>\n</netsessd>\n",
	                      agentx, server, cred, smb);
	char *path = xasprintf("%s/value.xml", g_dir);
	struct nsd_config_errors e;
	struct nsd_config *cfg;
	bool ours;
	int theirs;

	write_text("value.xml", xml, 0644);
	cfg = nsd_config_load(path, SCHEMA, &e);
	ours = cfg != NULL;
	theirs = schema_accepts(path);
	if (ours != valid || theirs != valid) {
		print_message("%s", xml);
		for (size_t i = 0; i < e.count; i++)
			print_message("  %s\n", e.messages[i]);
		fail_msg("expected %s; netsessd %s, schema %s", valid ? "valid" : "invalid",
		         ours ? "accepts" : "refuses", theirs ? "accepts" : "refuses");
	}
	/* Every refusal names the line of the offending element. */
	for (size_t i = 0; i < e.count; i++)
		assert_non_null(strstr(e.messages[i], "/value.xml:"));
	nsd_config_errors_clear(&e);
	nsd_config_free(cfg);
	free(path);
	free(xml);
}

static void test_values_agree(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(value_cases) / sizeof(value_cases[0]); i++) {
		const struct value_case *c = &value_cases[i];

		check_value_case(c->where == AGENTX ? c->attrs : "",
		                 c->where == SERVER ? c->attrs : "name='a' host='h'",
		                 c->where == CREDENTIALS ? c->attrs : "kerberos='yes'",
		                 c->where == SMB ? c->attrs : "", c->valid);
	}
}

/* Length limits, in characters: name 63, host 253, strings 255. */
static void test_lengths_agree(void **state)
{
	static const struct {
		enum where where;
		const char *before, *after; /* around the long value */
		int len;
		bool valid;
	} cases[] = {
	    {SERVER, "name='", "' host='h'", 63, true},
	    {SERVER, "name='", "' host='h'", 64, false},
	    {SERVER, "name='a' host='", "'", 253, true},
	    {SERVER, "name='a' host='", "'", 254, false},
	    {CREDENTIALS, "username='", "' password-file='fs1.secret'", 255, true},
	    {CREDENTIALS, "username='", "' password-file='fs1.secret'", 256, false},
	    {AGENTX, "address='", "'", 255, true},
	    {AGENTX, "address='", "'", 256, false},
	};
	char name[127], *attrs;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *v = malloc((size_t)cases[i].len + 1);

		assert_non_null(v);
		memset(v, 'x', (size_t)cases[i].len);
		v[cases[i].len] = '\0';
		attrs = xasprintf("%s%s%s", cases[i].before, v, cases[i].after);
		check_value_case(cases[i].where == AGENTX ? attrs : "",
		                 cases[i].where == SERVER ? attrs : "name='a' host='h'",
		                 cases[i].where == CREDENTIALS ? attrs : "kerberos='yes'", "",
		                 cases[i].valid);
		free(attrs);
		free(v);
	}
	/* 63 two-byte characters are 63 characters. */
	for (int i = 0; i < 63; i++)
		memcpy(name + 2 * i, "\xc3\xa9", 2);
	name[126] = '\0';
	attrs = xasprintf("name='%s' host='h'", name);
	check_value_case("", attrs, "kerberos='yes'", "", true);
	free(attrs);
}

/* The schema refuses exactly the bad files that break its rules; the
 * others break rules only netsessd checks. */
static void test_bad_files_and_schema(void **state)
{
	static const struct {
		const char *file;
		bool schema_valid;
	} files[] = {
	    {"bad-root.xml", false},
	    {"bad-no-server.xml", false},
	    {"bad-unknown-element.xml", false},
	    {"bad-unknown-attribute.xml", false},
	    {"bad-password-attribute.xml", false},
	    {"bad-structure.xml", false},
	    {"bad-values.xml", false},
	    {"bad-index-range.xml", false},
	    {"bad-two-credentials.xml", false},
	    {"bad-credentials-incomplete.xml", false},
	    {"bad-index-exhausted.xml", true},
	    {"bad-duplicate-name.xml", true},
	    {"bad-duplicate-index.xml", true},
	    {"bad-missing-secret.xml", true},
	    {"bad-public-secret.xml", true},
	    {"good-full.xml", true},
	    {"good-minimal.xml", true},
	    {"good-implicit.xml", true},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *path = xasprintf("%s/%s", CONFIGS, files[i].file);

		if (schema_accepts(path) != files[i].schema_valid)
			fail_msg("%s: the schema should %s it", files[i].file,
			         files[i].schema_valid ? "accept" : "refuse");
		free(path);
	}
}

/* Past 50 messages, the list says that more were left out. */
static void test_too_many_errors(void **state)
{
	char *xml = xasprintf("%s", "<netsessd>\n");
	char *path = xasprintf("%s/many.xml", g_dir);
	struct nsd_config_errors e;
	char *done, *last;

	(void)state;
	for (int i = 0; i < 60; i++) {
		char *more = xasprintf("%s<server name='s%d' host='h' port='0'>"
		                       "<credentials kerberos='yes'/></server>\n",
		                       xml, i);

		free(xml);
		xml = more;
	}
	done = xasprintf("%s</netsessd>\n", xml);

	free(xml);
	write_text("many.xml", done, 0644);
	assert_null(nsd_config_load(path, SCHEMA, &e));
	assert_int_equal(e.count, 51);
	for (size_t i = 0; i < 50; i++) {
		char *want =
		    xasprintf("%s:%zu: <server>: port \"0\" is out of range 1..65535", path, i + 2);

		assert_string_equal(e.messages[i], want);
		free(want);
	}
	last = xasprintf("%s: more errors not shown", path);

	assert_string_equal(e.messages[50], last);
	free(last);
	nsd_config_errors_clear(&e);
	free(done);
	free(path);
}

/* ---- nsd_server_options ------------------------------------------------ */

static void test_options_password_file(void **state)
{
	struct nsd_config *cfg = load_good("good-full.xml");
	const struct nsd_server *s = find_server(cfg, "fs1");
	struct nsd_server_auth h;
	struct netsess_options o;

	(void)state;
	assert_int_equal(nsd_server_options(s, &h, &o), NERR_Success);
	assert_string_equal(o.username, "svc-snmp");
	assert_string_equal(o.password, "pw1");
	assert_string_equal(o.domain, "EXAMPLE");
	assert_ptr_equal(o.username, h.username);
	assert_ptr_equal(o.password, h.password);
	assert_ptr_equal(o.domain, h.domain);
	assert_null(o.auth_file);
	assert_false(o.kerberos);
	assert_int_equal(o.port, 4450);
	assert_int_equal(o.timeout_ms, 3000);
	assert_int_equal(o.signing, NETSESS_SMB_REQUIRED);
	assert_int_equal(o.encryption, NETSESS_SMB_IF_REQUIRED);
	nsd_server_auth_clear(&h);
	assert_null(h.username);
	assert_null(h.password);
	assert_null(h.domain);

	s = find_server(cfg, "fs4"); /* no domain */
	assert_int_equal(nsd_server_options(s, &h, &o), NERR_Success);
	assert_string_equal(o.username, "alice");
	assert_string_equal(o.password, "pw1");
	assert_null(o.domain);
	assert_int_equal(o.port, 445);
	nsd_server_auth_clear(&h);
	nsd_config_free(cfg);
}

static void test_options_auth_file_and_kerberos(void **state)
{
	struct nsd_config *cfg = load_good("good-full.xml");
	const struct nsd_server *s = find_server(cfg, "fs2");
	struct nsd_server_auth h;
	struct netsess_options o;

	(void)state;
	assert_int_equal(nsd_server_options(s, &h, &o), NERR_Success);
	assert_ptr_equal(o.auth_file, s->auth_file);
	assert_null(o.username);
	assert_null(o.password);
	assert_false(o.kerberos);
	assert_int_equal(o.signing, NETSESS_SMB_OFF);
	assert_int_equal(o.encryption, NETSESS_SMB_REQUIRED);
	nsd_server_auth_clear(&h);

	s = find_server(cfg, "fs3");
	assert_int_equal(nsd_server_options(s, &h, &o), NERR_Success);
	assert_true(o.kerberos);
	assert_null(o.username);
	assert_null(o.password);
	assert_null(o.auth_file);
	assert_int_equal(o.timeout_ms, 100);
	nsd_server_auth_clear(&h);
	nsd_config_free(cfg);
}

/* The worker reads the secret later: a file made public since is refused. */
static void test_options_secret_made_public(void **state)
{
	struct nsd_config *cfg = load_good("good-full.xml");
	char *secret = xasprintf("%s/fs1.secret", g_dir);
	struct nsd_server_auth h;
	struct netsess_options o;

	(void)state;
	assert_int_equal(chmod(secret, 0640), 0);
	assert_int_equal(nsd_server_options(find_server(cfg, "fs1"), &h, &o), NETSESS_E_AUTH_FILE);
	assert_int_equal(chmod(secret, 0600), 0);
	assert_null(h.username);
	assert_null(h.password);
	assert_null(h.domain);
	assert_null(h.auth_file);
	nsd_config_free(cfg);
	free(secret);
}

int main(void)
{
	static const struct CMUnitTest base[] = {
	    cmocka_unit_test(test_good_full),
	    cmocka_unit_test(test_good_minimal),
	    cmocka_unit_test(test_good_implicit),
	    cmocka_unit_test(test_absolute_secret_path),
	    cmocka_unit_test(test_relative_config_path),
	    cmocka_unit_test(test_docs_example),
	    cmocka_unit_test(test_secret_not_a_file),
	    cmocka_unit_test(test_missing_config),
	    cmocka_unit_test(test_config_too_large),
	    cmocka_unit_test(test_null_errors),
	    cmocka_unit_test(test_schema_missing),
	    cmocka_unit_test(test_schema_errors_reported),
	    cmocka_unit_test(test_schema_env),
	    cmocka_unit_test(test_values_agree),
	    cmocka_unit_test(test_lengths_agree),
	    cmocka_unit_test(test_bad_files_and_schema),
	    cmocka_unit_test(test_too_many_errors),
	    cmocka_unit_test(test_options_password_file),
	    cmocka_unit_test(test_options_auth_file_and_kerberos),
	    cmocka_unit_test(test_options_secret_made_public),
	};
	enum { NBASE = sizeof(base) / sizeof(base[0]) };
	enum { NBAD = sizeof(bad_cases) / sizeof(bad_cases[0]) };
	struct CMUnitTest tests[NBASE + NBAD];

	memcpy(tests, base, sizeof(base));
	for (size_t i = 0; i < NBAD; i++) {
		tests[NBASE + i] = (struct CMUnitTest){
		    .name = bad_cases[i].file,
		    .test_func = test_bad,
		    .initial_state = (void *)(uintptr_t)&bad_cases[i],
		};
	}
	return _cmocka_run_group_tests("config", tests, NBASE + NBAD, group_setup, group_teardown);
}
