/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config_test.c - the netsessd configuration file (agent/config/): good
 * files load into the documented values, every bad file is refused with
 * exactly its "FILE:LINE: text" messages, and the schema
 * agent/config/netsessd.rng judges every test file and every boundary value
 * as netsessd's own rules do.
 *
 * Each file of tests/configs is copied into a private folder next to the
 * secret files it names (config_files.h).
 */
#include <dirent.h>
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

#include "agent/config/cfg.h"
#include "agent/config/nsd_config.h"
#include "config_files.h"

#define SCHEMA NSD_TEST_SRCDIR "/agent/config/netsessd.rng"

/* Replaces each '@' of pattern with cf_dir. */
static char *expand(const char *pattern)
{
	size_t n = 1;
	char *out, *o;

	for (const char *p = pattern; *p != '\0'; p++)
		n += *p == '@' ? strlen(cf_dir) : 1;
	out = o = malloc(n);
	assert_non_null(out);
	for (const char *p = pattern; *p != '\0'; p++) {
		if (*p == '@') {
			strcpy(o, cf_dir);
			o += strlen(cf_dir);
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

/* The messages must be exactly expected[] ('@' stands for cf_dir). */
static void assert_messages(const struct nsd_config_errors *e, const char *const *expected)
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
	char *path = cf_copy(name);
	struct nsd_config *cfg = nsd_config_load(path, e);

	free(path);
	return cfg;
}

/* Loads a configuration that must be good, with these warnings. */
static struct nsd_config *load_good(const char *name, const char *const *warnings)
{
	static const char *const none[] = {NULL};
	struct nsd_config_errors e;
	struct nsd_config *cfg = load_copy(name, &e);

	for (size_t i = 0; i < e.count; i++)
		print_message("unexpected: %s\n", e.messages[i]);
	assert_int_equal(e.count, 0);
	assert_non_null(cfg);
	assert_messages(&cfg->warnings, warnings ? warnings : none);
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

static void assert_in_dir(const char *path, const char *name)
{
	char *want = cf_printf("%s/%s", cf_dir, name);

	assert_string_equal(path, want);
	free(want);
}

/* ---- good files -------------------------------------------------------- */

/* good-full.xml has both <agentx> and <snmp>. */
static const char *const full_warnings[] = {
    "@/good-full.xml:4: warning: <agentx> is not used: with <snmp>, netsessd is a standalone "
    "SNMP agent",
    NULL,
};

static void test_good_full(void **state)
{
	struct nsd_config *cfg = load_good("good-full.xml", full_warnings);
	const struct nsd_server *s;

	(void)state;
	assert_string_equal(cfg->agentx_address, "tcp:127.0.0.1:7705");
	assert_int_equal(cfg->ping_interval, 5);
	assert_string_equal(cfg->snmp_listen, "udp:127.0.0.1:1161,tcp:127.0.0.1:1161");
	assert_in_dir(cfg->snmp_access, "snmp-access.conf");
	assert_string_equal(cfg->lanmgr_server, "fs2");
	assert_int_equal(cfg->lanmgr_index, 3);
	assert_int_equal(cfg->lanmgr_line, 6);
	assert_int_equal(cfg->nservers, 5);
	/* In index order; fs4 takes the next unused index after fs2's 3. */
	static const struct {
		const char *name;
		unsigned index;
	} order[] = {{"fs2", 3}, {"fs4", 4}, {"fs1", 7}, {"dc1", 12}, {"fs3", 65535}};
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(cfg->servers[i].name, order[i].name);
		assert_int_equal(cfg->servers[i].index, order[i].index);
	}

	s = find_server(cfg, "fs1");
	assert_int_equal(s->line, 7); /* where the start tag begins */
	assert_string_equal(s->host, "fs1.example.com");
	assert_int_equal(s->port, 4450);
	assert_int_equal(s->poll_interval_ms, 2500);
	assert_int_equal(s->timeout_ms, 3000);
	assert_int_equal(s->delete_timeout_ms, 250);
	assert_int_equal(s->delete_mode, NSD_DELETE_ASYNC);
	assert_int_equal(s->cred_kind, NSD_CRED_PASSWORD_FILE);
	assert_string_equal(s->username, "svc-snmp");
	assert_string_equal(s->domain, "EXAMPLE");
	assert_in_dir(s->password_file, "fs1.secret");
	assert_null(s->auth_file);
	assert_null(s->principal);
	assert_null(s->keytab);
	assert_int_equal(s->signing, NETSESS_SMB_REQUIRED);
	assert_int_equal(s->encryption, NETSESS_SMB_IF_REQUIRED);

	s = find_server(cfg, "fs2");
	assert_int_equal(s->line, 13);
	assert_string_equal(s->host, "192.0.2.10");
	assert_int_equal(s->port, 445);
	assert_int_equal(s->delete_mode, NSD_DELETE_SYNC);
	assert_int_equal(s->cred_kind, NSD_CRED_AUTH_FILE);
	assert_in_dir(s->auth_file, "fs2.auth");
	assert_null(s->username);
	assert_null(s->password_file);
	assert_int_equal(s->signing, NETSESS_SMB_OFF);
	assert_int_equal(s->encryption, NETSESS_SMB_REQUIRED); /* "yes" */

	s = find_server(cfg, "fs4");
	assert_int_equal(s->poll_interval_ms, 1000);
	assert_int_equal(s->timeout_ms, 600000);
	assert_int_equal(s->delete_timeout_ms, 100);
	assert_string_equal(s->username, "alice");
	assert_null(s->domain);
	assert_int_equal(s->encryption, NETSESS_SMB_REQUIRED);

	s = find_server(cfg, "dc1");
	assert_int_equal(s->cred_kind, NSD_CRED_KEYTAB);
	assert_string_equal(s->principal, "svc-netsess@EXAMPLE.LAN");
	assert_in_dir(s->keytab, "netsessd.keytab");
	assert_null(s->username);
	assert_null(s->password_file);
	assert_null(s->auth_file);
	assert_int_equal(s->encryption, NETSESS_SMB_OFF); /* "no" */

	s = find_server(cfg, "fs3");
	assert_string_equal(s->host, "192.0.2.10");
	assert_int_equal(s->poll_interval_ms, 86400000);
	assert_int_equal(s->timeout_ms, 100);
	assert_int_equal(s->delete_timeout_ms, 60000);
	assert_int_equal(s->cred_kind, NSD_CRED_KERBEROS);
	assert_null(s->principal);
	assert_int_equal(s->signing, NETSESS_SMB_IF_REQUIRED);
	assert_int_equal(s->encryption, NETSESS_SMB_OFF); /* "off" */
	nsd_config_free(cfg);
}

static void test_good_minimal(void **state)
{
	struct nsd_config *cfg = load_good("good-minimal.xml", NULL);
	const struct nsd_server *s = &cfg->servers[0];
	char *path = cf_printf("%s/good-minimal.xml", cf_dir);

	(void)state;
	assert_string_equal(cfg->path, path);
	assert_null(cfg->agentx_address);
	assert_int_equal(cfg->ping_interval, NSD_DEFAULT_PING_INTERVAL);
	assert_null(cfg->snmp_listen);
	assert_null(cfg->snmp_access);
	assert_null(cfg->lanmgr_server);
	assert_int_equal(cfg->lanmgr_index, 0);
	assert_int_equal(cfg->nservers, 1);
	assert_int_equal(s->index, 1);
	assert_string_equal(s->name, "only");
	assert_string_equal(s->host, "localhost");
	assert_int_equal(s->line, 2);
	assert_int_equal(s->port, 445);
	assert_int_equal(s->poll_interval_ms, 30000);
	assert_int_equal(s->timeout_ms, 10000);
	assert_int_equal(s->delete_timeout_ms, 800);
	assert_int_equal(s->delete_mode, NSD_DELETE_SYNC);
	assert_int_equal(s->cred_kind, NSD_CRED_KERBEROS);
	assert_null(s->username);
	assert_null(s->domain);
	assert_null(s->password_file);
	assert_null(s->auth_file);
	assert_null(s->principal);
	assert_null(s->keytab);
	assert_int_equal(s->signing, NETSESS_SMB_IF_REQUIRED);
	assert_int_equal(s->encryption, NETSESS_SMB_OFF);
	free(path);
	nsd_config_free(cfg);
}

static void test_good_implicit(void **state)
{
	/* a -> 1, b = 5, c -> 6, d = 2, e -> 3, f = 4, g -> 7 (5 and 6 taken). */
	static const char *const by_index[] = {"a", "d", "e", "f", "b", "c", "g"};
	struct nsd_config *cfg = load_good("good-implicit.xml", NULL);

	(void)state;
	assert_int_equal(cfg->ping_interval, 20); /* <agentx> may come anywhere */
	assert_int_equal(cfg->nservers, 7);
	for (size_t i = 0; i < 7; i++) {
		assert_int_equal(cfg->servers[i].index, i + 1);
		assert_string_equal(cfg->servers[i].name, by_index[i]);
	}
	nsd_config_free(cfg);
}

/* No server is valid: the daemon serves empty tables until a reload. */
static void test_good_no_server(void **state)
{
	static const char *const warnings[] = {
	    "@/good-no-server.xml:1: warning: no <server>: the tables stay empty until a reload "
	    "adds one",
	    NULL,
	};
	struct nsd_config *cfg = load_good("good-no-server.xml", warnings);

	(void)state;
	assert_int_equal(cfg->nservers, 0);
	assert_null(cfg->servers);
	assert_null(cfg->snmp_listen);
	nsd_config_free(cfg);
}

static void test_good_standalone(void **state)
{
	struct nsd_config *cfg = load_good("good-standalone.xml", NULL);
	const struct nsd_server *s = &cfg->servers[0];

	(void)state;
	assert_string_equal(cfg->snmp_listen, "udp:127.0.0.1:1161");
	assert_null(cfg->snmp_access); /* no access at all */
	assert_null(cfg->agentx_address);
	assert_string_equal(cfg->lanmgr_server, "fs 1");
	assert_int_equal(cfg->lanmgr_index, 1);
	assert_int_equal(s->cred_kind, NSD_CRED_KEYTAB);
	assert_string_equal(s->principal, "svc/fs1");
	nsd_config_free(cfg);
}

/* An absolute secret path is kept as it is. */
static void test_absolute_secret_path(void **state)
{
	char *xml = cf_printf("<netsessd><server name='a' host='h'>"
	                      "<credentials username='u' password-file='%s/fs1.secret'/>"
	                      "</server></netsessd>\n",
	                      cf_dir);
	char *path = cf_printf("%s/abs.xml", cf_dir);
	struct nsd_config_errors e;
	struct nsd_config *cfg;

	(void)state;
	cf_write_text("abs.xml", xml, 0644);
	cfg = nsd_config_load(path, &e);
	assert_int_equal(e.count, 0);
	assert_non_null(cfg);
	assert_in_dir(cfg->servers[0].password_file, "fs1.secret");
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
	char *copy = cf_copy("good-full.xml");

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(cf_dir), 0);
	cfg = nsd_config_load("good-full.xml", &e);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(e.count, 0);
	assert_non_null(cfg);
	assert_string_equal(cfg->path, "good-full.xml");
	assert_in_dir(find_server(cfg, "fs1")->password_file, "fs1.secret");
	assert_in_dir(cfg->snmp_access, "snmp-access.conf");
	nsd_config_free(cfg);
	free(copy);
}

/*
 * docs/netsessd.conf.example.xml breaks no rule but, where its secret files
 * do not exist, the secret-file one.  The server that requires
 * encryption uses port 445, the only one where the library can give it
 * (tests/integration/agent/example_config.sh runs the file against a
 * domain).
 */
static void test_docs_example(void **state)
{
	const char *path = NSD_TEST_SRCDIR "/docs/netsessd.conf.example.xml";
	struct nsd_config_errors e;
	struct nsd_config *cfg = cfg_load_file(path, CFG_SCHEMA_RULES, &e);

	(void)state;
	assert_int_equal(e.count, 0);
	assert_non_null(cfg);
	assert_true(cfg->nservers >= 3);
	for (size_t i = 0; i < cfg->nservers; i++)
		if (cfg->servers[i].encryption == NETSESS_SMB_REQUIRED)
			assert_int_equal(cfg->servers[i].port, 445);
	nsd_config_free(cfg);
	cfg = nsd_config_load(path, &e);
	for (size_t i = 0; i < e.count; i++) {
		print_message("%s\n", e.messages[i]);
		assert_non_null(strstr(e.messages[i], " \"/etc/netsessd/"));
		assert_non_null(strstr(e.messages[i], "\": No such file or directory"));
	}
	assert_true(cfg != NULL || e.count > 0);
	nsd_config_free(cfg);
	nsd_config_errors_clear(&e);
}

/* The EXAMPLE section of netsessd.conf(5) is a valid file. */
static void test_man_page_example(void **state)
{
	size_t len;
	char *man = cf_read(NSD_TEST_SRCDIR "/docs/netsessd.conf.5", &len);
	char *start = strstr(man, "\n.SH EXAMPLE\n.nf\n"), *end;
	char *path = cf_printf("%s/man-example.xml", cf_dir);
	struct nsd_config_errors e;
	struct nsd_config *cfg;

	(void)state;
	assert_non_null(start);
	start += strlen("\n.SH EXAMPLE\n.nf\n");
	end = strstr(start, "\n.fi\n");
	assert_non_null(end);
	end[1] = '\0';
	assert_null(strchr(start, '\\')); /* no roff escapes: the text is the file */
	cf_write_text("man-example.xml", start, 0644);
	cfg = cfg_load_file(path, CFG_SCHEMA_RULES, &e);
	for (size_t i = 0; i < e.count; i++)
		print_message("%s\n", e.messages[i]);
	assert_non_null(cfg);
	assert_true(cfg->nservers >= 2);
	nsd_config_free(cfg);
	free(path);
	free(man);
}

/* ---- bad files --------------------------------------------------------- */

#define EXACTLY_ONE                                                                                \
	"<credentials>: give exactly one of: username and password-file, auth-file, "              \
	"kerberos=\"yes\", principal and keytab"
#define NOT_PRIVATE(attr, file)                                                                    \
	"<credentials>: " attr " \"@/" file "\" is accessible by group or others (mode 0644); "    \
	"make it private (chmod 600)"

struct bad_case {
	const char *file;
	const char *expected[12];
};

static const struct bad_case bad_cases[] = {
    {"bad-malformed.xml",
     {"@/bad-malformed.xml:4: Opening and ending tag mismatch: server line 2 and serve"}},
    {"bad-empty.xml", {"@/bad-empty.xml:1: Document is empty"}},
    {"bad-doctype.xml", {"@/bad-doctype.xml:2: a DOCTYPE is not allowed"}},
    {"bad-root.xml", {"@/bad-root.xml:2: the root element is <netsess>, not <netsessd>"}},
    {"bad-namespace.xml", {"@/bad-namespace.xml:1: <netsessd>: namespaces are not allowed"}},
    {"bad-namespace-uri.xml",
     {"@/bad-namespace-uri.xml:1: xmlns: 'a?b?c' is not a valid URI",
      "@/bad-namespace-uri.xml:1: <netsessd>: namespaces are not allowed"}},
    {"bad-namespace-attribute.xml",
     {"@/bad-namespace-attribute.xml:3: <server>: namespaces are not allowed"}},
    {"bad-unknown-element.xml", {"@/bad-unknown-element.xml:4: <server>: unknown element <share>"}},
    {"bad-unknown-attribute.xml",
     {"@/bad-unknown-attribute.xml:2: <agentx>: unknown attribute \"retries\"",
      "@/bad-unknown-attribute.xml:3: <server>: unknown attribute \"weight\""}},
    {"bad-password-attribute.xml",
     {"@/bad-password-attribute.xml:3: <credentials>: unknown attribute \"password\"",
      "@/bad-password-attribute.xml:3: <credentials>: missing attribute \"password-file\""}},
    {"bad-structure.xml",
     {"@/bad-structure.xml:1: <netsessd>: unknown attribute \"version\"",
      "@/bad-structure.xml:3: <server>: missing attribute \"host\"",
      "@/bad-structure.xml:4: <server>: text is not allowed here",
      "@/bad-structure.xml:7: <server>: more than one <smb>",
      "@/bad-structure.xml:9: <netsessd>: more than one <agentx>"}},
    {"bad-values.xml",
     {"@/bad-values.xml:2: <agentx>: ping-interval \"0\" is out of range 1..3600",
      "@/bad-values.xml:3: <server>: port \"445x\" is not a whole number",
      "@/bad-values.xml:3: <server>: poll-interval \"0\" is out of range 1..86400 seconds",
      "@/bad-values.xml:3: <server>: timeout \"1.2345\" is not a number of seconds "
      "(at most 3 decimals)",
      "@/bad-values.xml:3: <server>: delete-timeout \"61\" is out of range 0.1..60 seconds",
      "@/bad-values.xml:3: <server>: delete-mode \"later\" is not one of: sync, async",
      "@/bad-values.xml:6: <credentials>: kerberos \"no\" is not one of: yes",
      "@/bad-values.xml:7: <smb>: signing \"maybe\" is not one of: off, if_required, "
      "required",
      "@/bad-values.xml:7: <smb>: encrypt \"on\" is not one of: off, if_required, required, "
      "no, yes",
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
     {"@/bad-two-credentials.xml:3: " EXACTLY_ONE,
      "@/bad-two-credentials.xml:8: <server>: more than one <credentials>"}},
    {"bad-credentials-incomplete.xml",
     {"@/bad-credentials-incomplete.xml:3: <credentials>: missing attribute "
      "\"password-file\"",
      "@/bad-credentials-incomplete.xml:6: <credentials>: missing attribute \"username\"",
      "@/bad-credentials-incomplete.xml:9: " EXACTLY_ONE,
      "@/bad-credentials-incomplete.xml:11: <server>: missing element <credentials>"}},
    {"bad-missing-secret.xml",
     {"@/bad-missing-secret.xml:3: <credentials>: password-file \"@/missing.secret\": "
      "No such file or directory",
      "@/bad-missing-secret.xml:6: <credentials>: auth-file "
      "\"/nonexistent/netsessd/fs2.auth\": No such file or directory"}},
    {"bad-public-secret.xml",
     {"@/bad-public-secret.xml:3: " NOT_PRIVATE("password-file", "public.secret"),
      "@/bad-public-secret.xml:6: " NOT_PRIVATE("auth-file", "public.secret")}},
    {"bad-keytab.xml",
     {"@/bad-keytab.xml:3: <credentials>: missing attribute \"keytab\"",
      "@/bad-keytab.xml:6: <credentials>: missing attribute \"principal\"",
      "@/bad-keytab.xml:9: " NOT_PRIVATE("keytab", "public.secret"),
      "@/bad-keytab.xml:12: " EXACTLY_ONE,
      "@/bad-keytab.xml:16: <credentials>: keytab \"@/missing.keytab\": No such file or "
      "directory"}},
    {"bad-lanmgr.xml",
     {"@/bad-lanmgr.xml:2: <lanmgr-compat>: server \"FS1\" is not the name of a <server>",
      "@/bad-lanmgr.xml:3: <netsessd>: more than one <lanmgr-compat>"}},
    {"bad-lanmgr-unknown.xml",
     {"@/bad-lanmgr-unknown.xml:4: <lanmgr-compat>: server \"FS1\" is not the name of a "
      "<server>"}},
    {"bad-snmp.xml",
     {"@/bad-snmp.xml:2: <snmp>: missing attribute \"listen\"",
      "@/bad-snmp.xml:3: <netsessd>: more than one <snmp>"}},
    {"bad-snmp-access.xml",
     {"@/bad-snmp-access.xml:2: <snmp>: listen must be transport addresses separated by "
      "commas, without blanks",
      "@/bad-snmp-access.xml:2: <snmp>: access \"@/public.secret\" is accessible by group or "
      "others (mode 0644); make it private (chmod 600)"}},
};

static void test_bad(void **state)
{
	const struct bad_case *c = *state;
	struct nsd_config_errors e;
	struct nsd_config *cfg = load_copy(c->file, &e);

	assert_null(cfg);
	assert_messages(&e, c->expected);
	/* No secret, from a file or from a misplaced attribute, is quoted. */
	for (size_t i = 0; i < e.count; i++) {
		assert_null(strstr(e.messages[i], "Sup3r-S3cret"));
		assert_null(strstr(e.messages[i], "pw-public"));
		assert_null(strstr(e.messages[i], "pw1"));
		assert_null(strstr(e.messages[i], "c0mmunity-s3cret"));
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
	char *target = cf_printf("%s/fs1.secret", cf_dir);
	char *link = cf_printf("%s/link.secret", cf_dir);
	char *path = cf_printf("%s/link.xml", cf_dir);
	struct nsd_config_errors e;

	(void)state;
	unlink(link);
	assert_int_equal(symlink(target, link), 0);
	cf_write_text(
	    "link.xml",
	    "<netsessd><server name='a' host='h'>"
	    "<credentials username='u' password-file='link.secret'/></server>"
	    "<server name='b' host='h'><credentials auth-file='.'/></server></netsessd>\n",
	    0644);
	assert_null(nsd_config_load(path, &e));
	assert_messages(&e, expected);
	nsd_config_errors_clear(&e);
	free(path);
	free(link);
	free(target);
}

static void test_missing_config(void **state)
{
	static const char *const expected[] = {"@/none.xml: No such file or directory", NULL};
	char *path = cf_printf("%s/none.xml", cf_dir);
	struct nsd_config_errors e;

	(void)state;
	assert_null(nsd_config_load(path, &e));
	assert_messages(&e, expected);
	nsd_config_errors_clear(&e);
	free(path);
}

static void test_config_is_a_folder(void **state)
{
	static const char *const expected[] = {"@: not a regular file", NULL};
	struct nsd_config_errors e;

	(void)state;
	assert_null(nsd_config_load(cf_dir, &e));
	assert_messages(&e, expected);
	nsd_config_errors_clear(&e);
}

static void test_config_too_large(void **state)
{
	static const char *const expected[] = {"@/big.xml: larger than 1048576 bytes", NULL};
	size_t len = (1u << 20) + 1;
	char *data = malloc(len);
	char *path = cf_printf("%s/big.xml", cf_dir);
	struct nsd_config_errors e;

	(void)state;
	assert_non_null(data);
	memset(data, ' ', len);
	cf_write("big.xml", data, len, 0644);
	assert_null(nsd_config_load(path, &e));
	assert_messages(&e, expected);
	nsd_config_errors_clear(&e);
	free(path);
	free(data);
}

/* errs may be NULL; the free functions take NULL. */
static void test_null_errors(void **state)
{
	char *path = cf_copy("bad-values.xml");

	(void)state;
	assert_null(nsd_config_load(path, NULL));
	assert_null(nsd_config_load(NULL, NULL));
	nsd_config_free(NULL);
	nsd_config_errors_clear(NULL);
	free(path);
}

/* Past 50 messages, the list says that more were left out. */
static void test_too_many_errors(void **state)
{
	char *xml = cf_printf("%s", "<netsessd>\n");
	char *path = cf_printf("%s/many.xml", cf_dir);
	struct nsd_config_errors e;
	char *done, *last;

	(void)state;
	for (int i = 0; i < 60; i++) {
		char *more = cf_printf("%s<server name='s%d' host='h' port='0'>"
		                       "<credentials kerberos='yes'/></server>\n",
		                       xml, i);

		free(xml);
		xml = more;
	}
	done = cf_printf("%s</netsessd>\n", xml);
	free(xml);
	cf_write_text("many.xml", done, 0644);
	assert_null(nsd_config_load(path, &e));
	assert_int_equal(e.count, 51);
	for (size_t i = 0; i < 50; i++) {
		char *want =
		    cf_printf("%s:%zu: <server>: port \"0\" is out of range 1..65535", path, i + 2);

		assert_string_equal(e.messages[i], want);
		free(want);
	}
	last = cf_printf("%s: more errors not shown", path);
	assert_string_equal(e.messages[50], last);
	free(last);
	nsd_config_errors_clear(&e);
	free(done);
	free(path);
}

/* ---- nsd_server_same --------------------------------------------------- */

/* Every field but the line decides; a second load of the same file gives
 * the same servers. */
static void test_server_same(void **state)
{
	struct nsd_config *a = load_good("good-full.xml", full_warnings);
	struct nsd_config *b = nsd_config_load(a->path, NULL);
	const struct nsd_server *s = find_server(a, "fs1");
	char other[] = "other";

	(void)state;
	assert_non_null(b);
	for (size_t i = 0; i < a->nservers; i++) {
		assert_true(nsd_server_same(&a->servers[i], &b->servers[i]));
		for (size_t j = 0; j < a->nservers; j++)
			if (j != i)
				assert_false(nsd_server_same(&a->servers[i], &b->servers[j]));
	}
	struct nsd_server t = *s;

	t.line++;
	assert_true(nsd_server_same(s, &t));
	for (int field = 1; field <= 17; field++) {
		t = *s;
		switch (field) {
		case 1:
			t.index++;
			break;
		case 2:
			t.name = other;
			break;
		case 3:
			t.host = other;
			break;
		case 4:
			t.port++;
			break;
		case 5:
			t.poll_interval_ms++;
			break;
		case 6:
			t.timeout_ms++;
			break;
		case 7:
			t.delete_timeout_ms++;
			break;
		case 8:
			t.delete_mode = NSD_DELETE_SYNC;
			break;
		case 9:
			t.cred_kind = NSD_CRED_AUTH_FILE;
			break;
		case 10:
			t.username = other;
			break;
		case 11:
			t.domain = NULL;
			break;
		case 12:
			t.password_file = other;
			break;
		case 13:
			t.auth_file = other;
			break;
		case 14:
			t.principal = other;
			break;
		case 15:
			t.keytab = other;
			break;
		case 16:
			t.signing = NETSESS_SMB_OFF;
			break;
		case 17:
			t.encryption = NETSESS_SMB_OFF;
			break;
		}
		if (nsd_server_same(s, &t) || nsd_server_same(&t, s))
			fail_msg("a change of field %d goes unnoticed", field);
	}
	nsd_config_free(b);
	nsd_config_free(a);
}

/* ---- the schema agrees ------------------------------------------------- */

static void quiet_error(void *data, xmlErrorPtr err)
{
	(void)data;
	(void)err;
}

/* Validates path with the schema: true when valid.  A file that is not
 * well-formed, or has a DOCTYPE (which netsessd refuses), is not. */
static bool schema_accepts(const char *path)
{
	xmlRelaxNGParserCtxtPtr pctxt = xmlRelaxNGNewParserCtxt(SCHEMA);
	xmlRelaxNGPtr schema = xmlRelaxNGParse(pctxt);
	xmlRelaxNGValidCtxtPtr vctxt = xmlRelaxNGNewValidCtxt(schema);
	xmlDocPtr doc =
	    xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	int rc = 1;

	assert_non_null(schema);
	assert_non_null(vctxt);
	xmlRelaxNGSetValidStructuredErrors(vctxt, quiet_error, NULL);
	if (doc != NULL && doc->intSubset == NULL)
		rc = xmlRelaxNGValidateDoc(vctxt, doc);
	assert_true(rc >= 0);
	xmlFreeDoc(doc);
	xmlRelaxNGFreeValidCtxt(vctxt);
	xmlRelaxNGFree(schema);
	xmlRelaxNGFreeParserCtxt(pctxt);
	return rc == 0;
}

/* netsessd's verdict with the rules the schema states too. */
static bool rules_accept(const char *path, struct nsd_config_errors *e)
{
	struct nsd_config *cfg = cfg_load_file(path, CFG_SCHEMA_RULES, e);

	nsd_config_free(cfg);
	return cfg != NULL;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Every file of tests/configs: the schema and netsessd agree, and every
 * file is tested above (good ones load, bad ones have their messages). */
static void test_every_file_agrees_with_schema(void **state)
{
	DIR *d = opendir(CONFIGS);
	struct dirent *de;
	size_t files = 0, accepted = 0;

	(void)state;
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		char *path = cf_printf("%s/%s", CONFIGS, de->d_name);
		struct nsd_config_errors e;
		bool ours, theirs, listed = false;

		if (!has_suffix(de->d_name, ".xml")) {
			free(path);
			continue;
		}
		files++;
		ours = rules_accept(path, &e);
		theirs = schema_accepts(path);
		accepted += theirs;
		if (ours != theirs) {
			for (size_t i = 0; i < e.count; i++)
				print_message("  %s\n", e.messages[i]);
			fail_msg("%s: netsessd %s it, the schema %s it", de->d_name,
			         ours ? "accepts" : "refuses", theirs ? "accepts" : "refuses");
		}
		nsd_config_errors_clear(&e);
		for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++)
			listed |= strcmp(bad_cases[i].file, de->d_name) == 0;
		if (listed == (strncmp(de->d_name, "good-", 5) == 0))
			fail_msg("%s: neither a good file nor a listed bad one", de->d_name);
		free(path);
	}
	closedir(d);
	assert_true(files >= 25);
	assert_true(accepted > 5 && accepted < files - 5);
}

enum where { AGENTX, SNMP, LANMGR, SERVER, CREDENTIALS, SMB };

struct value_case {
	enum where where;
	const char *attrs; /* the element's attributes */
	bool valid;
};

/*
 * Boundaries of every value: the schema and netsessd must both accept or
 * both refuse.  SERVER cases give all of <server>'s attributes; the others
 * are added to a valid file whose one server is named "a".
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
    {SNMP, "listen='udp:127.0.0.1:1161'", true},
    {SNMP, "listen='udp:127.0.0.1:1161,tcp:[::1]:1161,unix:/run/netsessd/snmp'", true},
    {SNMP, "listen='1161'", true},
    {SNMP, "listen='1161' access='snmp-access.conf'", true},
    {SNMP, "listen=''", false},
    {SNMP, "listen='udp:1161,'", false},
    {SNMP, "listen=',udp:1161'", false},
    {SNMP, "listen='udp:1161,,udp:1162'", false},
    {SNMP, "listen='udp:1161, udp:1162'", false},
    {SNMP, "listen='udp:1161&#9;'", false},
    {SNMP, "listen='udp:1161' access=''", false},
    {SNMP, "access='snmp-access.conf'", false},
    {SNMP, "listen='udp:1161' community='public'", false},
    {LANMGR, "server='a'", true},
    {LANMGR, "server='any name, checked later'", true},
    {LANMGR, "", false},
    {LANMGR, "server=''", false},
    {LANMGR, "server='a&#10;'", false},
    {LANMGR, "server='a' index='1'", false},
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
    {SERVER, "name='a' host='h' poll-interval='9999999999.999'", false},
    {SERVER, "name='a' host='h' timeout='0.1'", true},
    {SERVER, "name='a' host='h' timeout='600'", true},
    {SERVER, "name='a' host='h' timeout='0.099'", false},
    {SERVER, "name='a' host='h' timeout='600.001'", false},
    {SERVER, "name='a' host='h' timeout='0'", false},
    {SERVER, "name='a' host='h' delete-timeout='0.1'", true},
    {SERVER, "name='a' host='h' delete-timeout='60'", true},
    {SERVER, "name='a' host='h' delete-timeout='0.05'", false},
    {SERVER, "name='a' host='h' delete-timeout='60.5'", false},
    {SERVER, "name='a' host='h' delete-mode='sync'", true},
    {SERVER, "name='a' host='h' delete-mode='async'", true},
    {SERVER, "name='a' host='h' delete-mode='ASYNC'", false},
    {SERVER, "name='a' host='h' delete-mode=''", false},
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
    {CREDENTIALS, "principal='svc-netsess@EXAMPLE.LAN' keytab='netsessd.keytab'", true},
    {CREDENTIALS, "principal='cifs/fs1' keytab='netsessd.keytab'", true},
    {CREDENTIALS, "principal='svc@EXAMPLE.LAN'", false},
    {CREDENTIALS, "keytab='netsessd.keytab'", false},
    {CREDENTIALS, "principal='' keytab='netsessd.keytab'", false},
    {CREDENTIALS, "principal='svc' keytab=''", false},
    {CREDENTIALS, "principal='svc' keytab='netsessd.keytab' kerberos='yes'", false},
    {CREDENTIALS, "principal='svc' keytab='netsessd.keytab' domain='D'", false},
    {CREDENTIALS, "", false},
    {SMB, "", true},
    {SMB, "signing='off' encrypt='off'", true},
    {SMB, "signing='off' encrypt='no'", true},
    {SMB, "signing='if_required' encrypt='if_required'", true},
    {SMB, "signing='required' encrypt='required'", true},
    {SMB, "encrypt='yes'", true},
    {SMB, "signing='yes'", false},
    {SMB, "signing='no'", false},
    {SMB, "encrypt='desired'", false},
    {SMB, "signing=''", false},
    {SMB, "sign='off'", false},
};

/* One file with top (the top-level element, <agentx/> when NULL) and one
 * server; the schema and netsessd must both judge it valid or not. */
static void check_value_case(const char *top, const char *server, const char *cred, const char *smb,
                             bool valid)
{
	char *xml = cf_printf("<netsessd>\n%s\n<server %s>\n<credentials %s/>\n"
	                      "<smb %s/>\n</server>\n</netsessd>\n",
	                      top ? top : "<agentx/>", server, cred, smb);
	char *path = cf_printf("%s/value.xml", cf_dir);
	struct nsd_config_errors e;
	bool ours, theirs;

	cf_write_text("value.xml", xml, 0644);
	ours = rules_accept(path, &e);
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
	free(path);
	free(xml);
}

static void check_case(enum where where, const char *attrs, bool valid)
{
	static const char *const top[] = {
	    [AGENTX] = "agentx", [SNMP] = "snmp", [LANMGR] = "lanmgr-compat"};
	char *element = where <= LANMGR ? cf_printf("<%s %s/>", top[where], attrs) : NULL;

	check_value_case(element, where == SERVER ? attrs : "name='a' host='h'",
	                 where == CREDENTIALS ? attrs : "kerberos='yes'", where == SMB ? attrs : "",
	                 valid);
	free(element);
}

static void test_values_agree(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(value_cases) / sizeof(value_cases[0]); i++)
		check_case(value_cases[i].where, value_cases[i].attrs, value_cases[i].valid);
}

/* Length limits, in characters: names 63, host 253, strings 255, listen
 * 1024, paths 4095. */
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
	    {CREDENTIALS, "principal='", "' keytab='k'", 255, true},
	    {CREDENTIALS, "principal='", "' keytab='k'", 256, false},
	    {CREDENTIALS, "auth-file='", "'", 4095, true},
	    {CREDENTIALS, "auth-file='", "'", 4096, false},
	    {AGENTX, "address='", "'", 255, true},
	    {AGENTX, "address='", "'", 256, false},
	    {SNMP, "listen='", "'", 1024, true},
	    {SNMP, "listen='", "'", 1025, false},
	    {LANMGR, "server='", "'", 63, true},
	    {LANMGR, "server='", "'", 64, false},
	};
	char name[127], *attrs;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *v = malloc((size_t)cases[i].len + 1);

		assert_non_null(v);
		memset(v, 'x', (size_t)cases[i].len);
		v[cases[i].len] = '\0';
		attrs = cf_printf("%s%s%s", cases[i].before, v, cases[i].after);
		check_case(cases[i].where, attrs, cases[i].valid);
		free(attrs);
		free(v);
	}
	/* 63 two-byte characters are 63 characters. */
	for (int i = 0; i < 63; i++)
		memcpy(name + 2 * i, "\xc3\xa9", 2);
	name[126] = '\0';
	attrs = cf_printf("name='%s' host='h'", name);
	check_case(SERVER, attrs, true);
	free(attrs);
}

int main(void)
{
	static const struct CMUnitTest base[] = {
	    cmocka_unit_test(test_good_full),
	    cmocka_unit_test(test_good_minimal),
	    cmocka_unit_test(test_good_implicit),
	    cmocka_unit_test(test_good_no_server),
	    cmocka_unit_test(test_good_standalone),
	    cmocka_unit_test(test_absolute_secret_path),
	    cmocka_unit_test(test_relative_config_path),
	    cmocka_unit_test(test_docs_example),
	    cmocka_unit_test(test_man_page_example),
	    cmocka_unit_test(test_secret_not_a_file),
	    cmocka_unit_test(test_missing_config),
	    cmocka_unit_test(test_config_is_a_folder),
	    cmocka_unit_test(test_config_too_large),
	    cmocka_unit_test(test_null_errors),
	    cmocka_unit_test(test_too_many_errors),
	    cmocka_unit_test(test_server_same),
	    cmocka_unit_test(test_every_file_agrees_with_schema),
	    cmocka_unit_test(test_values_agree),
	    cmocka_unit_test(test_lengths_agree),
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
	return _cmocka_run_group_tests("config", tests, NBASE + NBAD, cf_setup, cf_teardown);
}
