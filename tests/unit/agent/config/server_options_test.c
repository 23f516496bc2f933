/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * server_options_test.c - nsd_server_options(): the library options of a
 * configured server, its password read from its file (the part the RPC
 * helper takes over; goes with agent/config/server_options.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "agent/config/server_options.h"
#include "config_files.h"

static struct nsd_config *load_full(void)
{
	char *path = cf_copy("good-full.xml");
	struct nsd_config *cfg = nsd_config_load(path, NULL);

	assert_non_null(cfg);
	free(path);
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

static void test_password_file(void **state)
{
	struct nsd_config *cfg = load_full();
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

static void test_auth_file_kerberos_keytab(void **state)
{
	struct nsd_config *cfg = load_full();
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

	/* The library takes no keytab: the helper will. */
	s = find_server(cfg, "dc1");
	assert_int_equal(nsd_server_options(s, &h, &o), NETSESS_E_NOT_SUPPORTED);
	assert_null(h.username);
	nsd_config_free(cfg);
}

/* The secret is read later: a file made public since is refused. */
static void test_secret_made_public(void **state)
{
	struct nsd_config *cfg = load_full();
	char *secret = cf_printf("%s/fs1.secret", cf_dir);
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
	nsd_server_auth_clear(NULL);
	nsd_config_free(cfg);
	free(secret);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_password_file),
	    cmocka_unit_test(test_auth_file_kerberos_keytab),
	    cmocka_unit_test(test_secret_made_public),
	};

	return cmocka_run_group_tests_name("server_options", tests, cf_setup, cf_teardown);
}
