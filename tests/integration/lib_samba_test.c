/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lib_samba_test.c - libnetsess against a real Samba.
 *
 * Run by lib_samba.sh, which starts a private Samba with
 * tests/integration/lib/samba.sh and exports its SAMBA_* variables and
 * NETSESS_SAMBA_LIB (the path of samba.sh).  Sessions are held by real
 * smbclient processes from distinct loopback addresses (the address is
 * the session's client name); smbstatus, through samba_sessions, is the
 * ground truth every case compares with, before and after.
 *
 * The library's own connection is a session too: 127.0.0.1 as root.  The
 * snapshots are taken while that connection is open, so it is on both
 * sides of every comparison.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "netsess.h"
#include "testbed.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* smbstatus -b as samba_sessions sees it. */
static void snap_samba(struct snap *s)
{
	snap_harness(s, "samba_sessions");
}

/* Copies from into to, leaving out lines that match client/user (NULL:
 * any), as a delete with those names should. */
static void snap_without(struct snap *to, const struct snap *from, const char *client,
                         const char *user)
{
	size_t i;

	to->n = 0;
	for (i = 0; i < from->n; i++) {
		char c[128], u[128];

		assert_int_equal(sscanf(from->line[i], "%127s %127s", c, u), 2);
		if ((client == NULL || strcmp(c, client) == 0) &&
		    (user == NULL || strcmp(u, user) == 0))
			continue;
		snap_add(to, c, u);
	}
	snap_sort(to);
}

static size_t snap_count(const struct snap *s, const char *client, const char *user)
{
	size_t i, n = 0;

	for (i = 0; i < s->n; i++) {
		char c[128], u[128];

		assert_int_equal(sscanf(s->line[i], "%127s %127s", c, u), 2);
		if ((client == NULL || strcmp(c, client) == 0) &&
		    (user == NULL || strcmp(u, user) == 0))
			n++;
	}
	return n;
}

static netsess_ctx *ctx_as(const char *user, const char *password)
{
	struct netsess_options o = {
	    .username = user,
	    .password = password,
	    .port = (uint16_t)atoi(env_or_die("SAMBA_PORT")),
	    .timeout_ms = 20000,
	};
	netsess_ctx *ctx = NULL;

	assert_int_equal(netsess_ctx_new(&o, &ctx), NERR_Success);
	return ctx;
}

static netsess_ctx *ctx_admin(void)
{
	return ctx_as(env_or_die("SAMBA_ADMIN_USER"), env_or_die("SAMBA_ADMIN_PASS"));
}

/* Frees ctx and waits until its session has left smbstatus, so that the
 * next case starts from the held sessions alone. */
static void ctx_done(netsess_ctx *ctx, const char *user)
{
	char *wait;

	netsess_ctx_free(ctx);
	assert_true(asprintf(&wait, "samba_wait_session_count 0 127.0.0.1 '%s'", user) > 0);
	harness_ok(wait);
	free(wait);
}

static const char *host(void)
{
	return env_or_die("SAMBA_HOST");
}

/* Enumerates at level; *l is the caller's. */
static void enum_ok(netsess_ctx *ctx, uint32_t level, struct netsess_session_list **l)
{
	netsess_status_t st = netsess_session_enum(ctx, host(), NULL, NULL, level, l);

	if (st != NERR_Success)
		fprintf(stderr, "  enum: %s (%u)\n", netsess_status_name(st), st);
	assert_int_equal(st, NERR_Success);
}

/* The library's list and smbstatus agree, our own connection included. */
static void assert_enum_matches_samba(netsess_ctx *ctx, struct snap *truth)
{
	struct netsess_session_list *l = NULL;
	struct snap got = {{NULL}, 0};

	enum_ok(ctx, 1, &l);
	snap_list(&got, l);
	snap_samba(truth);
	snap_assert_equal(&got, truth);
	netsess_session_list_free(l);
	snap_free(&got);
}

/*
 * Nothing was ended by what came before: the sessions are exactly before.
 * Samba ends a session after it has answered the delete (it tells that
 * session's smbd to shut down), so a session ended by mistake can still
 * be listed for a moment.  So the check waits for a later end to take
 * effect first: a canary session is held and ended, and once it has left
 * smbstatus every end ordered before it has had its time too.
 */
static void assert_nothing_ended(netsess_ctx *ctx, const struct snap *before)
{
	struct snap after = {{NULL}, 0};

	harness_ok("samba_hold_session 127.0.0.200 nstest3");
	assert_int_equal(netsess_session_del(ctx, host(), "127.0.0.200", NULL), NERR_Success);
	harness_ok("samba_wait_session_count 0 127.0.0.200");
	assert_enum_matches_samba(ctx, &after);
	snap_assert_equal(&after, before);
	snap_free(&after);
}

/* ---- the baseline sessions (group setup) --------------------------------- */

static int group_setup(void **state)
{
	(void)state;
	testbed_init("lib_samba_test", "NETSESS_SAMBA_LIB", false);
	env_or_die("NETSESS_SAMBA_LIB");
	if (harness("samba_hold_session 127.0.0.2 nstest1 && "
	            "samba_hold_session 127.0.0.3 nstest2 && "
	            "samba_hold_session 127.0.0.4 nstest1",
	            NULL) != 0)
		return -1;
	return 0;
}

/* ---- cases ---------------------------------------------------------------- */

static void test_enum_lists_exactly_live_sessions(void **state)
{
	struct netsess_session_list *l = NULL;
	struct snap before = {{NULL}, 0}, got = {{NULL}, 0}, truth = {{NULL}, 0};
	netsess_ctx *ctx = ctx_admin();

	(void)state;
	/* Before our connection exists: the held sessions only. */
	snap_samba(&before);
	assert_int_equal(snap_count(&before, "127.0.0.1", NULL), 0);
	assert_true(snap_count(&before, "127.0.0.2", "nstest1") == 1);
	assert_true(snap_count(&before, "127.0.0.3", "nstest2") == 1);
	assert_true(snap_count(&before, "127.0.0.4", "nstest1") == 1);

	enum_ok(ctx, 1, &l);
	assert_int_equal(l->level_served, 1);
	assert_int_equal(l->count, l->total);
	snap_list(&got, l);
	/* What we got is what was there, plus our own connection. */
	snap_add(&before, "127.0.0.1", env_or_die("SAMBA_ADMIN_USER"));
	snap_sort(&before);
	snap_assert_equal(&got, &before);
	/* And smbstatus agrees while our connection is still open. */
	snap_samba(&truth);
	snap_assert_equal(&got, &truth);
	fprintf(stderr, "  enum: %zu sessions, same as smbstatus\n", l->count);
	netsess_session_list_free(l);
	snap_free(&before);
	snap_free(&got);
	snap_free(&truth);
	ctx_done(ctx, env_or_die("SAMBA_ADMIN_USER"));
}

/* 2, 10 and 502 are answered from level 1; 0 lists the clients. */
static void test_levels_served_from_1(void **state)
{
	uint32_t levels[] = {2, 10, 502};
	struct snap truth = {{NULL}, 0}, got = {{NULL}, 0};
	struct netsess_session_list *l = NULL;
	netsess_ctx *ctx = ctx_admin();
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		enum_ok(ctx, levels[i], &l);
		assert_int_equal(l->level_requested, levels[i]);
		assert_int_equal(l->level_served, 1);
		assert_null(l->items[0].client_type);
		assert_null(l->items[0].transport);
		snap_list(&got, l);
		snap_samba(&truth);
		snap_assert_equal(&got, &truth);
		snap_free(&got);
		snap_free(&truth);
		netsess_session_list_free(l);
	}
	enum_ok(ctx, 0, &l);
	assert_int_equal(l->level_served, 0);
	snap_samba(&truth);
	assert_int_equal(l->count, truth.n);
	for (i = 0; i < l->count; i++) {
		assert_null(l->items[i].user);
		assert_true(snap_count(&truth, l->items[i].client, NULL) > 0);
	}
	snap_free(&truth);
	netsess_session_list_free(l);
	ctx_done(ctx, env_or_die("SAMBA_ADMIN_USER"));
}

/* Samba ignores the filters; the library applies them. */
static void test_enum_filters(void **state)
{
	struct netsess_session_list *l = NULL;
	netsess_ctx *ctx = ctx_admin();

	(void)state;
	assert_int_equal(netsess_session_enum(ctx, host(), "\\\\127.0.0.3", NULL, 1, &l),
	                 NERR_Success);
	assert_int_equal(l->count, 1);
	assert_string_equal(l->items[0].client, "127.0.0.3");
	assert_string_equal(l->items[0].user, "nstest2");
	netsess_session_list_free(l);

	assert_int_equal(netsess_session_enum(ctx, host(), NULL, "nstest1", 10, &l), NERR_Success);
	assert_int_equal(l->count, 2);
	assert_string_equal(l->items[0].user, "nstest1");
	assert_string_equal(l->items[1].user, "nstest1");
	netsess_session_list_free(l);

	assert_int_equal(netsess_session_enum(ctx, host(), "127.0.0.250", NULL, 1, &l),
	                 NERR_ClientNameNotFound);
	assert_int_equal(netsess_session_enum(ctx, host(), NULL, "nobody", 1, &l),
	                 NERR_UserNotFound);
	ctx_done(ctx, env_or_die("SAMBA_ADMIN_USER"));
}

static void test_info_finds_one(void **state)
{
	struct netsess_session_list *l = NULL;
	netsess_ctx *ctx = ctx_admin();

	(void)state;
	assert_int_equal(netsess_session_get_info(ctx, host(), "\\\\127.0.0.3", "nstest2", 1, &l),
	                 NERR_Success);
	assert_int_equal(l->count, 1);
	assert_string_equal(l->items[0].client, "127.0.0.3");
	assert_string_equal(l->items[0].user, "nstest2");
	netsess_session_list_free(l);
	assert_int_equal(netsess_session_get_info(ctx, host(), "127.0.0.3", "nstest1", 1, &l),
	                 NERR_ClientNameNotFound);
	assert_null(l);
	ctx_done(ctx, env_or_die("SAMBA_ADMIN_USER"));
}

/* A delete ends exactly the sessions it names: smbstatus before/after. */
static void check_del(const char *client, const char *user)
{
	struct snap before = {{NULL}, 0}, want = {{NULL}, 0}, after = {{NULL}, 0};
	netsess_ctx *ctx = ctx_admin();
	char *wait;

	assert_enum_matches_samba(ctx, &before);
	assert_true(snap_count(&before, client, user) > 0);
	snap_without(&want, &before, client, user);
	assert_int_equal(netsess_session_del(ctx, host(), client, user), NERR_Success);
	/* Samba ends a session by stopping its smbd: wait until it is gone. */
	assert_true(asprintf(&wait, "samba_wait_session_count 0 '%s' '%s'",
	                     client != NULL ? client : "", user != NULL ? user : "") > 0);
	harness_ok(wait);
	free(wait);
	assert_enum_matches_samba(ctx, &after);
	snap_assert_equal(&after, &want);
	fprintf(stderr, "  del %s/%s: %zu -> %zu sessions\n", client ? client : "NULL",
	        user ? user : "NULL", before.n, after.n);
	snap_free(&before);
	snap_free(&want);
	snap_free(&after);
	ctx_done(ctx, env_or_die("SAMBA_ADMIN_USER"));
}

static void test_del_by_client(void **state)
{
	(void)state;
	harness_ok("samba_hold_session 127.0.0.10 nstest1 && "
	           "samba_hold_session 127.0.0.10 nstest2 && "
	           "samba_hold_session 127.0.0.11 nstest1");
	check_del("127.0.0.10", NULL);
}

static void test_del_by_client_unc(void **state)
{
	struct snap before = {{NULL}, 0};
	netsess_ctx *ctx = ctx_admin();

	(void)state;
	harness_ok("samba_hold_session 127.0.0.12 nstest3");
	assert_int_equal(netsess_session_del(ctx, host(), "\\\\127.0.0.12", NULL), NERR_Success);
	harness_ok("samba_wait_session_count 0 127.0.0.12");
	assert_enum_matches_samba(ctx, &before);
	assert_int_equal(snap_count(&before, "127.0.0.12", NULL), 0);
	snap_free(&before);
	ctx_done(ctx, env_or_die("SAMBA_ADMIN_USER"));
}

static void test_del_by_user(void **state)
{
	(void)state;
	harness_ok("samba_hold_session 127.0.0.20 nstest3 && "
	           "samba_hold_session 127.0.0.21 nstest3");
	check_del(NULL, "nstest3");
}

static void test_del_by_both(void **state)
{
	(void)state;
	harness_ok("samba_hold_session 127.0.0.30 nstest1 && "
	           "samba_hold_session 127.0.0.30 nstest2");
	check_del("127.0.0.30", "nstest2");
}

static void test_del_no_session_gives_2312(void **state)
{
	struct snap before = {{NULL}, 0};
	netsess_ctx *ctx = ctx_admin();

	(void)state;
	assert_enum_matches_samba(ctx, &before);
	assert_int_equal(netsess_session_del(ctx, host(), "\\\\127.0.0.99", NULL),
	                 NERR_ClientNameNotFound);
	assert_int_equal(netsess_session_del(ctx, host(), "127.0.0.2", "nstest3"),
	                 NERR_ClientNameNotFound);
	assert_nothing_ended(ctx, &before);
	snap_free(&before);
	ctx_done(ctx, env_or_die("SAMBA_ADMIN_USER"));
}

static void test_del_both_null_gives_87(void **state)
{
	struct snap before = {{NULL}, 0};
	netsess_ctx *ctx = ctx_admin();

	(void)state;
	assert_enum_matches_samba(ctx, &before);
	assert_true(before.n >= 4);
	assert_int_equal(netsess_session_del(ctx, host(), NULL, NULL), ERROR_INVALID_PARAMETER);
	assert_int_equal(netsess_session_del(ctx, host(), "", ""), ERROR_INVALID_PARAMETER);
	assert_int_equal(netsess_session_del(ctx, host(), "\\\\", NULL), ERROR_INVALID_PARAMETER);
	assert_nothing_ended(ctx, &before);
	snap_free(&before);
	ctx_done(ctx, env_or_die("SAMBA_ADMIN_USER"));
}

static void test_wrong_password(void **state)
{
	struct netsess_session_list *l = NULL;
	netsess_ctx *ctx = ctx_as(env_or_die("SAMBA_ADMIN_USER"), "not-the-password");

	(void)state;
	assert_int_equal(netsess_session_enum(ctx, host(), NULL, NULL, 1, &l),
	                 NETSESS_E_LOGON_FAILURE);
	assert_int_equal(netsess_session_del(ctx, host(), "127.0.0.2", NULL),
	                 NETSESS_E_LOGON_FAILURE);
	netsess_ctx_free(ctx);
	ctx = ctx_as("no-such-user", "x");
	assert_int_equal(netsess_session_enum(ctx, host(), NULL, NULL, 1, &l),
	                 NETSESS_E_LOGON_FAILURE);
	netsess_ctx_free(ctx);
}

/* A port nothing listens on: bound once, then released. */
static uint16_t free_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	close(fd);
	return ntohs(a.sin_port);
}

static void test_nothing_listening(void **state)
{
	struct netsess_options o = {.username = "root", .password = "x", .port = free_port()};
	struct netsess_session_list *l = NULL;
	netsess_ctx *ctx = NULL;

	(void)state;
	assert_int_equal(netsess_ctx_new(&o, &ctx), NERR_Success);
	assert_int_equal(netsess_session_enum(ctx, "127.0.0.1", NULL, NULL, 1, &l),
	                 NETSESS_E_CONNECTION_REFUSED);
	assert_int_equal(netsess_session_del(ctx, "127.0.0.1", "127.0.0.2", NULL),
	                 NETSESS_E_CONNECTION_REFUSED);
	netsess_ctx_free(ctx);
}

/* A server that accepts the connection and never answers. */
static void test_silent_server_times_out(void **state)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	struct netsess_options o = {.username = "root", .password = "x", .timeout_ms = 1500};
	struct netsess_session_list *l = NULL;
	netsess_ctx *ctx = NULL;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	(void)state;
	assert_true(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	/* The kernel completes the handshake; nobody ever reads. */
	assert_int_equal(listen(fd, 8), 0);
	o.port = ntohs(a.sin_port);
	assert_int_equal(netsess_ctx_new(&o, &ctx), NERR_Success);
	assert_int_equal(netsess_session_enum(ctx, "127.0.0.1", NULL, NULL, 1, &l),
	                 NETSESS_E_TIMEOUT);
	assert_null(l);
	netsess_ctx_free(ctx);
	close(fd);
}

static void test_non_admin_gives_5(void **state)
{
	struct snap before = {{NULL}, 0}, after = {{NULL}, 0};
	struct netsess_session_list *l = NULL;
	netsess_ctx *admin = ctx_admin();
	netsess_ctx *ctx = ctx_as("nstest1", env_or_die("SAMBA_PASS_nstest1"));

	(void)state;
	assert_enum_matches_samba(admin, &before);
	assert_int_equal(netsess_session_enum(ctx, host(), NULL, NULL, 1, &l), ERROR_ACCESS_DENIED);
	assert_int_equal(netsess_session_del(ctx, host(), "127.0.0.2", NULL), ERROR_ACCESS_DENIED);
	assert_int_equal(netsess_session_del(ctx, host(), NULL, "nstest2"), ERROR_ACCESS_DENIED);
	netsess_ctx_free(ctx);
	/* nstest1's own connection came and went; everything else stayed. */
	harness_ok("samba_wait_session_count 0 127.0.0.1 nstest1");
	assert_enum_matches_samba(admin, &after);
	snap_assert_equal(&after, &before);
	snap_free(&before);
	snap_free(&after);
	ctx_done(admin, env_or_die("SAMBA_ADMIN_USER"));
}

/* The Signing column of smbstatus -b for our own connection. */
static char *own_signing(void)
{
	char *out = NULL;

	assert_int_equal(harness("smbstatus -s \"$SAMBA_CONF\" -b 2>/dev/null | "
	                         "awk '$2 == \"root\" && $4 == \"127.0.0.1\" { print $NF }'",
	                         &out),
	                 0);
	out[strcspn(out, "\n")] = '\0';
	return out;
}

/* Credentials from an authentication file; signing and encryption. */
static void test_auth_file_signing_encryption(void **state)
{
	struct netsess_options o = {
	    .auth_file = env_or_die("SAMBA_ADMIN_AUTHFILE"),
	    .port = (uint16_t)atoi(env_or_die("SAMBA_PORT")),
	};
	struct netsess_session_list *l = NULL;
	struct snap truth = {{NULL}, 0};
	netsess_ctx *ctx = NULL;
	char *sig;

	(void)state;
	/* Default: Samba signs IPC$ only ("partial"). */
	assert_int_equal(netsess_ctx_new(&o, &ctx), NERR_Success);
	assert_enum_matches_samba(ctx, &truth);
	snap_free(&truth);
	sig = own_signing();
	fprintf(stderr, "  signing by default: %s\n", sig);
	assert_non_null(strstr(sig, "partial("));
	free(sig);
	ctx_done(ctx, env_or_die("SAMBA_ADMIN_USER"));

	/* Required signing: the whole session is signed. */
	o.signing = NETSESS_SMB_REQUIRED;
	assert_int_equal(netsess_ctx_new(&o, &ctx), NERR_Success);
	assert_enum_matches_samba(ctx, &truth);
	snap_free(&truth);
	sig = own_signing();
	fprintf(stderr, "  signing required: %s\n", sig);
	assert_null(strstr(sig, "partial("));
	assert_string_not_equal(sig, "-");
	assert_string_not_equal(sig, "");
	free(sig);
	ctx_done(ctx, env_or_die("SAMBA_ADMIN_USER"));

	/* Encryption if the server wants it: works against this server. */
	o.signing = NETSESS_SMB_IF_REQUIRED;
	o.encryption = NETSESS_SMB_IF_REQUIRED;
	assert_int_equal(netsess_ctx_new(&o, &ctx), NERR_Success);
	assert_enum_matches_samba(ctx, &truth);
	snap_free(&truth);
	ctx_done(ctx, env_or_die("SAMBA_ADMIN_USER"));

	/* Required encryption with this server, on a port other than 445:
	 * refused with the reason, nothing sent (the encrypted connection
	 * would dial 445; lib_addc.sh checks the cipher on a server that
	 * listens there). */
	o.encryption = NETSESS_SMB_REQUIRED;
	assert_int_equal(netsess_ctx_new(&o, &ctx), NERR_Success);
	assert_int_equal(netsess_session_enum(ctx, host(), NULL, NULL, 1, &l),
	                 NETSESS_E_NOT_SUPPORTED);
	assert_null(l);
	assert_non_null(netsess_ctx_detail(ctx));
	assert_non_null(strstr(netsess_ctx_detail(ctx), "port 445"));
	netsess_ctx_free(ctx);
}

/* Deleting root's sessions ends the library's own connection too: the
 * reply never comes, the outcome comes from a new connection, and the
 * context goes on working. */
static void test_del_own_sessions(void **state)
{
	struct snap before = {{NULL}, 0}, after = {{NULL}, 0}, want = {{NULL}, 0};
	const char *root = env_or_die("SAMBA_ADMIN_USER");
	netsess_ctx *ctx = ctx_admin();

	(void)state;
	harness_ok("samba_hold_session 127.0.0.40 root");
	assert_enum_matches_samba(ctx, &before);
	assert_int_equal(snap_count(&before, "127.0.0.1", root), 1);
	assert_int_equal(snap_count(&before, "127.0.0.40", root), 1);
	assert_int_equal(netsess_session_del(ctx, host(), NULL, root), NERR_Success);
	harness_ok("samba_wait_session_count 0 127.0.0.40 root");
	/* Now: everything but root's sessions, and the new connection. */
	snap_without(&want, &before, NULL, root);
	snap_add(&want, "127.0.0.1", root);
	snap_sort(&want);
	assert_enum_matches_samba(ctx, &after);
	snap_assert_equal(&after, &want);

	/* The same through the client address of our own connection. */
	snap_free(&before);
	snap_free(&after);
	assert_int_equal(netsess_session_del(ctx, host(), "127.0.0.1", NULL), NERR_Success);
	assert_enum_matches_samba(ctx, &after);
	snap_assert_equal(&after, &want);
	snap_free(&after);
	snap_free(&want);
	ctx_done(ctx, env_or_die("SAMBA_ADMIN_USER"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_enum_lists_exactly_live_sessions),
	    cmocka_unit_test(test_levels_served_from_1),
	    cmocka_unit_test(test_enum_filters),
	    cmocka_unit_test(test_info_finds_one),
	    cmocka_unit_test(test_del_by_client),
	    cmocka_unit_test(test_del_by_client_unc),
	    cmocka_unit_test(test_del_by_user),
	    cmocka_unit_test(test_del_by_both),
	    cmocka_unit_test(test_del_no_session_gives_2312),
	    cmocka_unit_test(test_del_both_null_gives_87),
	    cmocka_unit_test(test_wrong_password),
	    cmocka_unit_test(test_nothing_listening),
	    cmocka_unit_test(test_silent_server_times_out),
	    cmocka_unit_test(test_non_admin_gives_5),
	    cmocka_unit_test(test_auth_file_signing_encryption),
	    cmocka_unit_test(test_del_own_sessions),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
