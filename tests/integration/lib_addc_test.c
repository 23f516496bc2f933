/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lib_addc_test.c - libnetsess in a real Active Directory domain: a Samba
 * AD DC and a member server joined to it, started by lib_addc.sh with
 * tests/integration/lib/addc.sh.
 *
 * The service account logs on from its keytab (netsess_options.keytab);
 * smbstatus of the server, through addc_sessions and addc_status_lines, is
 * the ground truth every case compares with.  Sessions are held by real
 * smbclient processes (Kerberos) from distinct loopback addresses.  On
 * Samba domain servers a session's user is "DOMAIN\name", in smbstatus and
 * in NetrSessionEnum alike, and NetrSessionDel matches that whole name.
 *
 * The cases that restart the DC (encryption switched off, SMB 2.1 only,
 * NTLM disabled) come last.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "netsess.h"
#include "testbed.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NSTEST1 "NETSESS\\nstest1"
#define NSTEST2 "NETSESS\\nstest2"
#define SVC "NETSESS\\svc-netsess"

static size_t snap_count(const struct snap *s, const char *line)
{
	size_t i, n = 0;

	for (i = 0; i < s->n; i++)
		n += strcasecmp(s->line[i], line) == 0;
	return n;
}

static const char *dc(void)
{
	return env_or_die("ADDC_HOST");
}

/* A context that logs on as the given account from its keytab. */
static netsess_ctx *ctx_keytab_of(const char *principal, const char *keytab,
                                  enum netsess_smb_policy signing,
                                  enum netsess_smb_policy encryption)
{
	struct netsess_options o = {
	    .username = principal,
	    .keytab = keytab,
	    .signing = signing,
	    .encryption = encryption,
	    .timeout_ms = 20000,
	    .del_settle_ms = 20000,
	};
	netsess_ctx *ctx = NULL;

	assert_int_equal(netsess_ctx_new(&o, &ctx), NERR_Success);
	return ctx;
}

static netsess_ctx *ctx_svc(void)
{
	return ctx_keytab_of(env_or_die("ADDC_SVC_PRINCIPAL"), env_or_die("ADDC_SVC_KEYTAB"),
	                     NETSESS_SMB_IF_REQUIRED, NETSESS_SMB_OFF);
}

/* Frees ctx and waits until its sessions have left the server. */
static void ctx_done(netsess_ctx *ctx, const char *server, const char *user)
{
	char *wait;

	netsess_ctx_free(ctx);
	assert_true(asprintf(&wait, "addc_wait_session_count %s 0 127.0.0.1 '%s'", server, user) >
	            0);
	harness_ok(wait);
	free(wait);
}

static void expect(netsess_ctx *ctx, netsess_status_t got, netsess_status_t want)
{
	if (got != want)
		fprintf(stderr, "  got %s (%#x), want %s; detail: %s\n", netsess_status_name(got),
		        got, netsess_status_name(want),
		        netsess_ctx_detail(ctx) != NULL ? netsess_ctx_detail(ctx) : "-");
	assert_int_equal(got, want);
}

/* Enumerates host at level 1 and compares with smbstatus of server. */
static void assert_enum_matches(netsess_ctx *ctx, const char *host, const char *server)
{
	struct netsess_session_list *l = NULL;
	struct snap got = {{NULL}, 0}, truth = {{NULL}, 0};
	char *script;

	expect(ctx, netsess_session_enum(ctx, host, NULL, NULL, 1, &l), NERR_Success);
	snap_list(&got, l);
	assert_true(asprintf(&script, "addc_sessions %s", server) > 0);
	snap_harness(&truth, script);
	free(script);
	snap_assert_equal(&got, &truth);
	/* Our own logon, as the service account, is one of them. */
	assert_true(snap_count(&got, "127.0.0.1 " SVC) >= 1);
	fprintf(stderr, "  %s: %zu sessions, same as smbstatus\n", host, l->count);
	netsess_session_list_free(l);
	snap_free(&got);
	snap_free(&truth);
}

/* ---- the held sessions (group setup) ------------------------------------ */

static int group_setup(void **state)
{
	(void)state;
	testbed_init("lib_addc_test", "NETSESS_ADDC_LIB", true);
	env_or_die("NETSESS_ADDC_LIB");
	if (harness("addc_hold_session dc 127.0.0.2 nstest1 && "
	            "addc_hold_session dc 127.0.0.3 nstest2 && "
	            "addc_hold_session dc 127.0.0.4 nstest1",
	            NULL) != 0)
		return -1;
	return 0;
}

/* ---- cases ---------------------------------------------------------------- */

static void test_keytab_enum(void **state)
{
	netsess_ctx *ctx = ctx_svc();
	time_t now = time(NULL);

	(void)state;
	assert_int_equal(netsess_ctx_tickets(ctx), 0);
	assert_enum_matches(ctx, dc(), "dc");
	/* One ticket, from the keytab, valid for hours (the DC's default). */
	assert_int_equal(netsess_ctx_tickets(ctx), 1);
	assert_true(netsess_ctx_ticket_end(ctx) > now + 3600);
	assert_null(netsess_ctx_detail(ctx));
	/* A second call reuses the connection and the ticket. */
	assert_enum_matches(ctx, dc(), "dc");
	assert_int_equal(netsess_ctx_tickets(ctx), 1);
	ctx_done(ctx, "dc", SVC);
}

static void test_keytab_info(void **state)
{
	struct netsess_session_list *l = NULL;
	netsess_ctx *ctx = ctx_svc();

	(void)state;
	expect(ctx, netsess_session_get_info(ctx, dc(), "\\\\127.0.0.3", NSTEST2, 1, &l),
	       NERR_Success);
	assert_int_equal(l->count, 1);
	assert_string_equal(l->items[0].client, "127.0.0.3");
	assert_string_equal(l->items[0].user, NSTEST2);
	netsess_session_list_free(l);
	/* A user with no session from that client. */
	expect(ctx, netsess_session_get_info(ctx, dc(), "\\\\127.0.0.3", NSTEST1, 1, &l),
	       NERR_ClientNameNotFound);
	ctx_done(ctx, "dc", SVC);
}

static void test_keytab_del_ends_exactly_that_session(void **state)
{
	struct snap before = {{NULL}, 0}, after = {{NULL}, 0};
	netsess_ctx *ctx = ctx_svc();
	size_t i;

	(void)state;
	snap_harness(&before, "addc_sessions dc");
	assert_int_equal(snap_count(&before, "127.0.0.4 " NSTEST1), 1);
	expect(ctx, netsess_session_del(ctx, dc(), "\\\\127.0.0.4", NSTEST1), NERR_Success);
	harness_ok("addc_wait_session_count dc 0 127.0.0.4 'NETSESS\\nstest1'");
	ctx_done(ctx, "dc", SVC);
	/* Every other session is still there, after a wait that would have
	 * let an ended one go. */
	harness_ok("sleep 2");
	snap_harness(&after, "addc_sessions dc");
	for (i = 0; i < before.n; i++) {
		if (strcasecmp(before.line[i], "127.0.0.4 " NSTEST1) == 0 ||
		    strncmp(before.line[i], "127.0.0.1 ", 10) == 0)
			continue;
		if (snap_count(&after, before.line[i]) != 1) {
			snap_print("before", &before);
			snap_print("after", &after);
			fail_msg("%s was ended too", before.line[i]);
		}
	}
	assert_int_equal(snap_count(&after, "127.0.0.4 " NSTEST1), 0);
	snap_free(&before);
	snap_free(&after);
}

/* The member server: a domain file server managed by Kerberos. */
static void test_member_server(void **state)
{
	const char *mem = env_or_die("ADDC_MEMBER_HOST");
	struct snap after = {{NULL}, 0};
	netsess_ctx *ctx = ctx_svc();

	(void)state;
	harness_ok("addc_hold_session member 127.0.0.5 nstest2 && "
	           "addc_hold_session member 127.0.0.6 nstest1");
	assert_enum_matches(ctx, mem, "member");
	expect(ctx, netsess_session_del(ctx, mem, "\\\\127.0.0.5", NSTEST2), NERR_Success);
	harness_ok("addc_wait_session_count member 0 127.0.0.5 'NETSESS\\nstest2'");
	ctx_done(ctx, "member", SVC);
	harness_ok("sleep 2");
	snap_harness(&after, "addc_sessions member");
	assert_int_equal(snap_count(&after, "127.0.0.6 " NSTEST1), 1);
	snap_free(&after);
}

/* Only BUILTIN\Administrators: Samba lets it enumerate, not delete
 * ([MS-SRVS] NetrSessionDel on Samba wants root or Domain Admins). */
static void test_least_privilege(void **state)
{
	char keytab[512];
	struct netsess_session_list *l = NULL;
	struct snap after = {{NULL}, 0};
	netsess_ctx *ctx;

	(void)state;
	snprintf(keytab, sizeof(keytab), "%s/keytabs/svc-builtin.keytab", env_or_die("ADDC_DIR"));
	ctx = ctx_keytab_of("svc-builtin@NETSESS.TEST", keytab, NETSESS_SMB_IF_REQUIRED,
	                    NETSESS_SMB_OFF);
	expect(ctx, netsess_session_enum(ctx, dc(), NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	expect(ctx, netsess_session_del(ctx, dc(), "\\\\127.0.0.2", NSTEST1), ERROR_ACCESS_DENIED);
	ctx_done(ctx, "dc", "NETSESS\\svc-builtin");
	harness_ok("sleep 2");
	snap_harness(&after, "addc_sessions dc");
	assert_int_equal(snap_count(&after, "127.0.0.2 " NSTEST1), 1);
	snap_free(&after);

	/* Server Operators, the Windows answer, is not enough on Samba. */
	snprintf(keytab, sizeof(keytab), "%s/keytabs/svc-srvops.keytab", env_or_die("ADDC_DIR"));
	ctx = ctx_keytab_of("svc-srvops@NETSESS.TEST", keytab, NETSESS_SMB_IF_REQUIRED,
	                    NETSESS_SMB_OFF);
	expect(ctx, netsess_session_enum(ctx, dc(), NULL, NULL, 1, &l), ERROR_ACCESS_DENIED);
	ctx_done(ctx, "dc", "NETSESS\\svc-srvops");
}

/* The path of the context's private credential cache: the one directory
 * netsess-krb5-* under this test's own TMPDIR. */
static char *private_ccache(void)
{
	const char *tmp = env_or_die("TMPDIR");
	DIR *d = opendir(tmp);
	struct dirent *e;
	char *path = NULL;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "netsess-krb5-", 13) == 0) {
			free(path);
			assert_true(asprintf(&path, "%s/%s/ccache", tmp, e->d_name) > 0);
			n++;
		}
	closedir(d);
	assert_int_equal(n, 1);
	return path;
}

/* The cache is lost (as if the ticket had gone): the next logon fails,
 * the context gets a new ticket from the keytab and the call works. */
static void test_renewal_after_kerberos_failure(void **state)
{
	struct netsess_session_list *l = NULL;
	netsess_ctx *ctx = ctx_svc();
	char *cc;

	(void)state;
	expect(ctx, netsess_session_enum(ctx, dc(), NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	if (netsess_ctx_tickets(ctx) != 1)
		fprintf(stderr, "  tickets %u after one call; detail %s\n",
		        netsess_ctx_tickets(ctx),
		        netsess_ctx_detail(ctx) ? netsess_ctx_detail(ctx) : "-");
	assert_int_equal(netsess_ctx_tickets(ctx), 1);
	cc = private_ccache();
	assert_int_equal(access(cc, R_OK), 0);
	assert_int_equal(unlink(cc), 0);
	netsess_ctx_disconnect(ctx);
	expect(ctx, netsess_session_enum(ctx, dc(), NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	assert_int_equal(netsess_ctx_tickets(ctx), 2);
	assert_int_equal(access(cc, R_OK), 0);
	fprintf(stderr, "  cache removed: a new ticket, the call worked\n");
	/* The directory goes with the context. */
	ctx_done(ctx, "dc", SVC);
	assert_int_not_equal(access(cc, F_OK), 0);
	free(cc);
}

/*
 * Tickets of 6 minutes (ticket_lifetime in the krb5.conf of this case): a
 * ticket is replaced once less than 5 minutes are left, so the call after
 * a minute's wait gets a new one, on a new connection, and works.
 */
static void test_renewal_before_expiry(void **state)
{
	struct netsess_session_list *l = NULL;
	char *conf, *script, *old = NULL;
	netsess_ctx *ctx;
	time_t end;

	(void)state;
	if (getenv("KRB5_CONFIG") != NULL)
		old = strdup(getenv("KRB5_CONFIG"));
	assert_true(asprintf(&conf, "%s/short-tickets.conf", env_or_die("ADDC_DIR")) > 0);
	assert_true(asprintf(&script, "addc_krb5_conf '%s' 'ticket_lifetime = 6m'", conf) > 0);
	harness_ok(script);
	setenv("KRB5_CONFIG", conf, 1);
	ctx = ctx_svc();
	expect(ctx, netsess_session_enum(ctx, dc(), NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	assert_int_equal(netsess_ctx_tickets(ctx), 1);
	end = (time_t)netsess_ctx_ticket_end(ctx);
	assert_true(end <= time(NULL) + 360);
	/* Until 5 minutes before the end, and one second more. */
	while (time(NULL) < end - 300 + 1)
		sleep(1);
	expect(ctx, netsess_session_enum(ctx, dc(), NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	assert_int_equal(netsess_ctx_tickets(ctx), 2);
	assert_true(netsess_ctx_ticket_end(ctx) > end);
	fprintf(stderr, "  ticket renewed %ld s before its end\n", (long)(end - time(NULL)));
	ctx_done(ctx, "dc", SVC);
	if (old != NULL)
		setenv("KRB5_CONFIG", old, 1);
	else
		unsetenv("KRB5_CONFIG");
	free(old);
	free(conf);
	free(script);
}

/* The Encryption and Signing columns of our own session on the DC. */
static void own_protection(char *enc, size_t enc_len, char *sig, size_t sig_len)
{
	char *out = NULL, proto[32], e[64], s[64];
	int n;

	assert_int_equal(harness("addc_status_lines dc 127.0.0.1 'NETSESS\\svc-netsess'", &out), 0);
	fprintf(stderr, "  smbstatus: %s", out);
	/* PID user group machine (ipv4:...) protocol encryption signing */
	n = sscanf(out, "%*s %*s %*s %*s %*s %31s %63s %63s", proto, e, s);
	assert_int_equal(n, 3);
	/* Exactly one session of ours: nothing left in clear beside it. */
	n = 0;
	for (const char *c = out; *c != '\0'; c++)
		n += *c == '\n';
	assert_int_equal(n, 1);
	snprintf(enc, enc_len, "%s", e);
	snprintf(sig, sig_len, "%s", s);
	free(out);
}

static void test_encryption_required(void **state)
{
	struct netsess_session_list *l = NULL;
	char enc[64], sig[64];
	netsess_ctx *ctx;

	(void)state;
	ctx = ctx_keytab_of(env_or_die("ADDC_SVC_PRINCIPAL"), env_or_die("ADDC_SVC_KEYTAB"),
	                    NETSESS_SMB_IF_REQUIRED, NETSESS_SMB_REQUIRED);
	expect(ctx, netsess_session_enum(ctx, dc(), NULL, NULL, 1, &l), NERR_Success);
	assert_true(l->count >= 1);
	netsess_session_list_free(l);
	own_protection(enc, sizeof(enc), sig, sizeof(sig));
	assert_string_not_equal(enc, "-");
	assert_non_null(strstr(enc, "AES"));
	assert_string_not_equal(sig, "-");
	ctx_done(ctx, "dc", SVC);

	/* Without it, the same server leaves the session unencrypted. */
	ctx = ctx_svc();
	expect(ctx, netsess_session_enum(ctx, dc(), NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	own_protection(enc, sizeof(enc), sig, sizeof(sig));
	assert_string_equal(enc, "-");
	ctx_done(ctx, "dc", SVC);
}

static void test_signing_required(void **state)
{
	struct netsess_session_list *l = NULL;
	char enc[64], sig[64];
	netsess_ctx *ctx;

	(void)state;
	ctx = ctx_keytab_of(env_or_die("ADDC_SVC_PRINCIPAL"), env_or_die("ADDC_SVC_KEYTAB"),
	                    NETSESS_SMB_REQUIRED, NETSESS_SMB_OFF);
	expect(ctx, netsess_session_enum(ctx, dc(), NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	own_protection(enc, sizeof(enc), sig, sizeof(sig));
	assert_string_not_equal(sig, "-");
	assert_null(strstr(sig, "partial"));
	ctx_done(ctx, "dc", SVC);
}

/* A server that cannot encrypt: refused with a clear reason, and no logon
 * was even attempted. */
static void encryption_refused(const char *restart, const char *reason)
{
	struct netsess_session_list *l = NULL;
	struct snap after = {{NULL}, 0};
	netsess_ctx *ctx;

	harness_ok(restart);
	ctx = ctx_keytab_of(env_or_die("ADDC_SVC_PRINCIPAL"), env_or_die("ADDC_SVC_KEYTAB"),
	                    NETSESS_SMB_IF_REQUIRED, NETSESS_SMB_REQUIRED);
	expect(ctx, netsess_session_enum(ctx, dc(), NULL, NULL, 1, &l), NETSESS_E_NOT_SUPPORTED);
	assert_null(l);
	assert_non_null(netsess_ctx_detail(ctx));
	fprintf(stderr, "  %s: %s\n", netsess_status_name(NETSESS_E_NOT_SUPPORTED),
	        netsess_ctx_detail(ctx));
	assert_non_null(strstr(netsess_ctx_detail(ctx), reason));
	snap_harness(&after, "addc_sessions dc");
	assert_int_equal(snap_count(&after, "127.0.0.1 " SVC), 0);
	snap_free(&after);
	netsess_ctx_free(ctx);
}

static void test_encryption_unavailable(void **state)
{
	(void)state;
	encryption_refused("addc_restart 'server smb encrypt=off'", "no SMB3 cipher");
	encryption_refused("addc_restart 'server smb encrypt=' 'server max protocol=SMB2_10'",
	                   "SMB 2.1");
	harness_ok("addc_restart 'server max protocol='");
}

static const struct netsess_options *admin_password(void)
{
	static struct netsess_options o;

	memset(&o, 0, sizeof(o));
	o.username = env_or_die("ADDC_ADMIN_USER");
	o.password = env_or_die("ADDC_ADMIN_PASS");
	o.domain = "NETSESS";
	o.timeout_ms = 20000;
	return &o;
}

/* With NTLM allowed (the DC's default), a password logon works. */
static void test_password_logon(void **state)
{
	struct netsess_session_list *l = NULL;
	netsess_ctx *pw = NULL;

	(void)state;
	assert_int_equal(netsess_ctx_new(admin_password(), &pw), NERR_Success);
	expect(pw, netsess_session_enum(pw, dc(), NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	assert_int_equal(netsess_ctx_tickets(pw), 0);
	ctx_done(pw, "dc", "NETSESS\\Administrator");
}

/* "ntlm auth = disabled": the keytab works, a password is refused with
 * the status that says why. */
static void test_ntlm_disabled(void **state)
{
	struct netsess_session_list *l = NULL;
	netsess_ctx *pw = NULL, *kt;

	(void)state;
	harness_ok("addc_restart 'ntlm auth=disabled'");
	kt = ctx_svc();
	assert_enum_matches(kt, dc(), "dc");
	ctx_done(kt, "dc", SVC);
	assert_int_equal(netsess_ctx_new(admin_password(), &pw), NERR_Success);
	expect(pw, netsess_session_enum(pw, dc(), NULL, NULL, 1, &l), NETSESS_E_NTLM_DISABLED);
	assert_non_null(netsess_ctx_detail(pw));
	fprintf(stderr, "  password: %s (%s) [%s]\n", netsess_status_name(NETSESS_E_NTLM_DISABLED),
	        netsess_status_description(NETSESS_E_NTLM_DISABLED), netsess_ctx_detail(pw));
	assert_non_null(strstr(netsess_ctx_detail(pw), "NTLM"));
	netsess_ctx_free(pw);
}

/* After each case: no private credential cache is left behind. */
static int no_cache_left(void **state)
{
	DIR *d = opendir(env_or_die("TMPDIR"));
	struct dirent *e;
	int n = 0;

	(void)state;
	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "netsess-krb5-", 13) == 0) {
			fprintf(stderr, "  left behind: %s\n", e->d_name);
			n++;
		}
	closedir(d);
	return n == 0 ? 0 : -1;
}

#define CASE(f) cmocka_unit_test_teardown(f, no_cache_left)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    CASE(test_keytab_enum),
	    CASE(test_password_logon),
	    CASE(test_keytab_info),
	    CASE(test_keytab_del_ends_exactly_that_session),
	    CASE(test_member_server),
	    CASE(test_least_privilege),
	    CASE(test_renewal_after_kerberos_failure),
	    CASE(test_renewal_before_expiry),
	    CASE(test_encryption_required),
	    CASE(test_signing_required),
	    CASE(test_encryption_unavailable),
	    CASE(test_ntlm_disabled),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
