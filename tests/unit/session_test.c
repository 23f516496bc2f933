/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session_test.c - NetSessionEnum/GetInfo/Del semantics and the context's
 * connection rules, against the in-memory peer in both personalities
 * (tests/unit/mem_peer.h).  Each test states what a caller would check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "context.h"
#include "mem_peer.h"
#include "netsess.h"

#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct fx {
	struct mem_peer *peer;
	netsess_ctx *ctx;
};

static netsess_ctx *ctx_on(struct mem_peer *peer, const struct netsess_options *o)
{
	netsess_ctx *ctx = NULL;

	assert_int_equal(netsess_ctx_new(o, &ctx), NERR_Success);
	ns_ctx_set_transport(ctx, mem_peer_open, peer);
	return ctx;
}

static int fx_setup(void **state, enum mem_peer_personality p)
{
	struct netsess_options o = {.username = "root", .password = "secret"};
	struct fx *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	f->peer = mem_peer_new(p);
	f->ctx = ctx_on(f->peer, &o);
	*state = f;
	return 0;
}

static int setup_windows(void **state)
{
	return fx_setup(state, MEM_PEER_WINDOWS);
}

static int setup_samba(void **state)
{
	return fx_setup(state, MEM_PEER_SAMBA);
}

/* Every test also checks that no unfiltered delete ever went out. */
static int teardown(void **state)
{
	struct fx *f = *state;

	netsess_ctx_free(f->ctx);
	assert_int_equal(mem_peer_stats(f->peer)->dels_unfiltered, 0);
	assert_int_equal(mem_peer_stats(f->peer)->live_conns, 0);
	mem_peer_free(f->peer);
	free(f);
	return 0;
}

static void add_three(struct mem_peer *p)
{
	mem_peer_add_simple(p, "10.0.0.2", "alice");
	mem_peer_add_simple(p, "10.0.0.3", "bob");
	mem_peer_add_simple(p, "10.0.0.4", "alice");
}

/* The list holds client/user exactly once each, in any order. */
static bool list_has(const struct netsess_session_list *l, const char *client, const char *user)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		if (strcmp(l->items[i].client, client) == 0 &&
		    (user == NULL ||
		     (l->items[i].user != NULL && strcmp(l->items[i].user, user) == 0)))
			return true;
	return false;
}

/* ---- NetSessionEnum ------------------------------------------------------ */

static void test_enum_lists_every_session(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	add_three(f->peer);
	assert_int_equal(netsess_session_enum(f->ctx, "\\\\srv", NULL, NULL, 1, &l), NERR_Success);
	assert_int_equal(l->count, 3);
	assert_int_equal(l->total, 3);
	assert_int_equal(l->level_requested, 1);
	assert_int_equal(l->level_served, 1);
	assert_true(list_has(l, "10.0.0.2", "alice"));
	assert_true(list_has(l, "10.0.0.3", "bob"));
	assert_true(list_has(l, "10.0.0.4", "alice"));
	assert_int_equal(l->items[0].opens, 1);
	assert_int_equal(l->items[0].time, 60);
	assert_int_equal(l->items[0].idle_time, 5);
	assert_null(l->items[0].client_type);
	assert_null(l->items[0].transport);
	netsess_session_list_free(l);
}

static void test_enum_no_sessions_is_empty_success(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 10, &l), NERR_Success);
	assert_int_equal(l->count, 0);
	assert_int_equal(l->total, 0);
	netsess_session_list_free(l);
}

static void test_enum_client_filter(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	add_three(f->peer);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", "\\\\10.0.0.3", NULL, 1, &l),
	                 NERR_Success);
	assert_int_equal(l->count, 1);
	assert_true(list_has(l, "10.0.0.3", "bob"));
	assert_string_equal(mem_peer_stats(f->peer)->last_client, "\\\\10.0.0.3");
	netsess_session_list_free(l);

	/* Without the backslashes: accepted, and sent with them. */
	assert_int_equal(netsess_session_enum(f->ctx, "srv", "10.0.0.3", NULL, 1, &l),
	                 NERR_Success);
	assert_int_equal(l->count, 1);
	assert_string_equal(mem_peer_stats(f->peer)->last_client, "\\\\10.0.0.3");
	netsess_session_list_free(l);
}

static void test_enum_user_filter_ignores_case(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	add_three(f->peer);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, "ALICE", 1, &l), NERR_Success);
	assert_int_equal(l->count, 2);
	assert_true(list_has(l, "10.0.0.2", "alice"));
	assert_true(list_has(l, "10.0.0.4", "alice"));
	assert_string_equal(mem_peer_stats(f->peer)->last_user, "ALICE");
	netsess_session_list_free(l);
}

static void test_enum_both_filters(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	add_three(f->peer);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", "\\\\10.0.0.4", "alice", 10, &l),
	                 NERR_Success);
	assert_int_equal(l->count, 1);
	assert_true(list_has(l, "10.0.0.4", "alice"));
	netsess_session_list_free(l);
}

static void test_enum_no_match_gives_windows_codes(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = (struct netsess_session_list *)&l;

	add_three(f->peer);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", "\\\\10.9.9.9", NULL, 1, &l),
	                 NERR_ClientNameNotFound);
	assert_null(l);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, "carol", 1, &l),
	                 NERR_UserNotFound);
	assert_null(l);
	/* Both given, neither matching together: the client code. */
	assert_int_equal(netsess_session_enum(f->ctx, "srv", "10.0.0.3", "alice", 1, &l),
	                 NERR_ClientNameNotFound);
	assert_null(l);
}

static void test_enum_server_name_forms(void **state)
{
	struct fx *f = *state;
	const struct mem_peer_stats *st = mem_peer_stats(f->peer);
	struct netsess_session_list *l = NULL;

	assert_int_equal(netsess_session_enum(f->ctx, NULL, NULL, NULL, 0, &l), NERR_Success);
	netsess_session_list_free(l);
	assert_string_equal(st->last_host, "127.0.0.1");
	assert_string_equal(st->last_server, "\\\\127.0.0.1");

	assert_int_equal(netsess_session_enum(f->ctx, "", NULL, NULL, 0, &l), NERR_Success);
	netsess_session_list_free(l);
	assert_string_equal(st->last_host, "127.0.0.1");

	assert_int_equal(netsess_session_enum(f->ctx, "\\\\fs1.example", NULL, NULL, 0, &l),
	                 NERR_Success);
	netsess_session_list_free(l);
	assert_string_equal(st->last_host, "fs1.example");
	assert_string_equal(st->last_server, "\\\\fs1.example");

	assert_int_equal(netsess_session_enum(f->ctx, "fs2", NULL, NULL, 0, &l), NERR_Success);
	netsess_session_list_free(l);
	assert_string_equal(st->last_host, "fs2");
	assert_int_equal(st->opens, 3);
}

static void test_enum_rejects_bad_server_name(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	assert_int_equal(netsess_session_enum(f->ctx, "\\\\srv\\share", NULL, NULL, 1, &l),
	                 NERR_InvalidComputer);
	assert_int_equal(netsess_session_enum(f->ctx, "srv/x", NULL, NULL, 1, &l),
	                 NERR_InvalidComputer);
	assert_int_equal(netsess_session_enum(f->ctx, "a@b", NULL, NULL, 1, &l),
	                 NERR_InvalidComputer);
	assert_null(l);
	assert_int_equal(mem_peer_stats(f->peer)->opens, 0);
}

static void test_enum_invalid_level_sends_nothing(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;
	uint32_t bad[] = {3, 11, 501, 503, 0xFFFFFFFFu};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, bad[i], &l),
		                 ERROR_INVALID_LEVEL);
	assert_null(l);
	assert_int_equal(mem_peer_stats(f->peer)->opens, 0);
}

static void test_enum_bad_arguments(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	assert_int_equal(netsess_session_enum(NULL, "srv", NULL, NULL, 1, &l),
	                 ERROR_INVALID_PARAMETER);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, NULL),
	                 ERROR_INVALID_PARAMETER);
	assert_int_equal(mem_peer_stats(f->peer)->opens, 0);
}

/* Windows serves every level itself. */
static void test_enum_levels_windows(void **state)
{
	struct fx *f = *state;
	struct mem_peer_session s = {"10.0.0.7",
	                             "dave",
	                             4,
	                             300,
	                             30,
	                             NETSESS_SESS_GUEST,
	                             "Windows 10",
	                             "\\Device\\NetbiosSmb"};
	struct netsess_session_list *l = NULL;

	mem_peer_add(f->peer, &s);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 502, &l), NERR_Success);
	assert_int_equal(l->level_served, 502);
	assert_string_equal(l->items[0].client, "10.0.0.7");
	assert_string_equal(l->items[0].user, "dave");
	assert_int_equal(l->items[0].opens, 4);
	assert_int_equal(l->items[0].time, 300);
	assert_int_equal(l->items[0].idle_time, 30);
	assert_int_equal(l->items[0].user_flags, NETSESS_SESS_GUEST);
	assert_string_equal(l->items[0].client_type, "Windows 10");
	assert_string_equal(l->items[0].transport, "\\Device\\NetbiosSmb");
	netsess_session_list_free(l);

	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 10, &l), NERR_Success);
	assert_int_equal(l->level_served, 10);
	assert_string_equal(l->items[0].user, "dave");
	assert_int_equal(l->items[0].time, 300);
	assert_int_equal(l->items[0].opens, 0);
	assert_null(l->items[0].client_type);
	netsess_session_list_free(l);

	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 2, &l), NERR_Success);
	assert_int_equal(l->level_served, 2);
	assert_string_equal(l->items[0].client_type, "Windows 10");
	assert_null(l->items[0].transport);
	netsess_session_list_free(l);

	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 0, &l), NERR_Success);
	assert_int_equal(l->level_served, 0);
	assert_string_equal(l->items[0].client, "10.0.0.7");
	assert_null(l->items[0].user);
	netsess_session_list_free(l);
	assert_int_equal(mem_peer_stats(f->peer)->enums, 4);
}

/* Samba: 2, 10 and 502 come from level 1, once learnt without asking again. */
static void test_enum_levels_samba_fall_back(void **state)
{
	struct fx *f = *state;
	const struct mem_peer_stats *st = mem_peer_stats(f->peer);
	struct netsess_session_list *l = NULL;
	uint32_t levels[] = {2, 10, 502};
	size_t i;

	add_three(f->peer);
	for (i = 0; i < 3; i++) {
		assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, levels[i], &l),
		                 NERR_Success);
		assert_int_equal(l->level_requested, levels[i]);
		assert_int_equal(l->level_served, 1);
		assert_int_equal(l->count, 3);
		assert_non_null(l->items[0].user);
		assert_null(l->items[0].client_type);
		assert_null(l->items[0].transport);
		assert_int_equal(st->last_level, 1);
		netsess_session_list_free(l);
	}
	/* One refused request (level 2), then level 1 each time. */
	assert_int_equal(st->enums, 4);
}

/* Level 0 carries no user name: with a user filter it is fetched at 1. */
static void test_enum_level0_user_filter(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	add_three(f->peer);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, "bob", 0, &l), NERR_Success);
	assert_int_equal(l->level_served, 0);
	assert_int_equal(l->count, 1);
	assert_string_equal(l->items[0].client, "10.0.0.3");
	assert_null(l->items[0].user);
	assert_int_equal(l->items[0].time, 0);
	assert_int_equal(mem_peer_stats(f->peer)->last_level, 1);
	netsess_session_list_free(l);
}

/* Windows pages by PreferedMaximumLength: loop on ERROR_MORE_DATA. */
static void test_enum_pages_on_more_data(void **state)
{
	struct fx *f = *state;
	struct netsess_options o = {.username = "root", .pref_max_len = 3 * 64};
	struct netsess_session_list *l = NULL;
	netsess_ctx *ctx = ctx_on(f->peer, &o);
	char name[32];
	int i;

	for (i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "10.1.0.%d", i);
		mem_peer_add_simple(f->peer, name, "pager");
	}
	assert_int_equal(netsess_session_enum(ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	assert_int_equal(l->count, 10);
	for (i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "10.1.0.%d", i);
		assert_true(list_has(l, name, "pager"));
	}
	assert_int_equal(mem_peer_stats(f->peer)->enums, 4);
	assert_int_equal(mem_peer_stats(f->peer)->last_pref_max_len, 3 * 64);
	netsess_session_list_free(l);
	netsess_ctx_free(ctx);
}

/* A server that keeps paging is cut off once the replies of one
 * enumeration exceed the context's byte budget; under it, all arrives. */
static void test_enum_pages_stop_at_budget(void **state)
{
	struct fx *f = *state;
	struct netsess_options o = {.username = "root", .pref_max_len = 64};
	struct netsess_session_list *l = NULL;
	netsess_ctx *ctx = ctx_on(f->peer, &o);
	char name[32];
	int i;

	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "10.2.0.%d", i);
		mem_peer_add_simple(f->peer, name, "pager");
	}
	ns_ctx_set_enum_budget(ctx, 2000);
	assert_int_equal(netsess_session_enum(ctx, "srv", NULL, NULL, 1, &l), NETSESS_E_PROTOCOL);
	assert_null(l);
	assert_true(mem_peer_stats(f->peer)->enums < 40);
	ns_ctx_set_enum_budget(ctx, NS_ENUM_MAX_BYTES);
	assert_int_equal(netsess_session_enum(ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	assert_int_equal(l->count, 40);
	netsess_session_list_free(l);
	netsess_ctx_free(ctx);
}

/* A PreferedMaximumLength too small for one entry still gets everything. */
static void test_enum_pages_grow_when_nothing_fits(void **state)
{
	struct fx *f = *state;
	struct netsess_options o = {.username = "root", .pref_max_len = 10};
	struct netsess_session_list *l = NULL;
	netsess_ctx *ctx = ctx_on(f->peer, &o);

	add_three(f->peer);
	assert_int_equal(netsess_session_enum(ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	assert_int_equal(l->count, 3);
	assert_true(mem_peer_stats(f->peer)->last_pref_max_len >= 64);
	netsess_session_list_free(l);
	netsess_ctx_free(ctx);
}

/* Samba sets a non-zero resume handle with success: one request only. */
static void test_enum_nonzero_resume_is_not_more(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	add_three(f->peer);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	assert_int_equal(l->count, 3);
	assert_int_equal(mem_peer_stats(f->peer)->enums, 1);
	netsess_session_list_free(l);
}

static void test_enum_default_pref_max_len(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	assert_int_equal(mem_peer_stats(f->peer)->last_pref_max_len, 0xFFFFFFFFu);
}

static void test_enum_access_denied(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	add_three(f->peer);
	mem_peer_set_admin(f->peer, false);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l),
	                 ERROR_ACCESS_DENIED);
	assert_null(l);
}

static void test_enum_strips_backslashes_from_results(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	mem_peer_add_simple(f->peer, "\\\\WS01", "erin");
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	assert_string_equal(l->items[0].client, "WS01");
	netsess_session_list_free(l);
}

/* Samba sends (uint32_t)-1 seconds for a session opened within the current
 * second; the caller sees 0, and a real age is left alone. */
static void test_enum_times_over_int32_read_as_zero(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;
	struct mem_peer_session young = {"10.0.0.7",  "carol", 0,    0xFFFFFFFFu,
	                                 0xFFFFFFFFu, 0,       NULL, NULL};
	struct mem_peer_session old = {"10.0.0.8", "dave", 2, 86400u, 0x7FFFFFFFu, 0, NULL, NULL};

	mem_peer_add(f->peer, &young);
	mem_peer_add(f->peer, &old);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	assert_int_equal(l->count, 2);
	for (size_t i = 0; i < l->count; i++) {
		if (strcmp(l->items[i].client, "10.0.0.7") == 0) {
			assert_int_equal(l->items[i].time, 0);
			assert_int_equal(l->items[i].idle_time, 0);
		} else {
			assert_int_equal(l->items[i].time, 86400u);
			assert_int_equal(l->items[i].idle_time, 0x7FFFFFFFu);
		}
	}
	netsess_session_list_free(l);
}

static void test_enum_utf8_names(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	mem_peer_add_simple(f->peer, "10.0.0.8", "j\xc3\xbcrgen");
	mem_peer_add_simple(f->peer, "10.0.0.9", "\xe5\xbc\xa0\xe4\xb8\x89");
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, "j\xc3\xbcrgen", 1, &l),
	                 NERR_Success);
	assert_int_equal(l->count, 1);
	assert_string_equal(l->items[0].user, "j\xc3\xbcrgen");
	netsess_session_list_free(l);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", "10.0.0.9", NULL, 1, &l),
	                 NERR_Success);
	assert_string_equal(l->items[0].user, "\xe5\xbc\xa0\xe4\xb8\x89");
	netsess_session_list_free(l);
}

/* 200 sessions at level 502, answered 16 stub bytes per fragment. */
static void test_enum_many_fragments(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;
	char name[32];
	int i;

	for (i = 0; i < 200; i++) {
		struct mem_peer_session s = {name, "frag", 1, 2, 3, 0, "", "tcp"};

		snprintf(name, sizeof(name), "10.2.%d.%d", i / 250, i % 250);
		mem_peer_add(f->peer, &s);
	}
	mem_peer_set_response_chunk(f->peer, 16);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 502, &l), NERR_Success);
	assert_int_equal(l->count, 200);
	assert_true(list_has(l, "10.2.0.199", "frag"));
	assert_true(mem_peer_stats(f->peer)->response_frags > 200);
	netsess_session_list_free(l);
}

/* A request larger than the server's max_recv_frag goes in fragments. */
static void test_enum_request_fragments(void **state)
{
	struct fx *f = *state;
	const struct mem_peer_stats *st = mem_peer_stats(f->peer);
	struct netsess_session_list *l = NULL;
	char client[1200];

	memset(client, 'c', sizeof(client) - 1);
	client[sizeof(client) - 1] = '\0';
	mem_peer_add_simple(f->peer, client, "long");
	mem_peer_add_simple(f->peer, "10.0.0.2", "short");
	mem_peer_set_max_recv(f->peer, 1432);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", client, NULL, 1, &l), NERR_Success);
	assert_int_equal(l->count, 1);
	assert_string_equal(l->items[0].user, "long");
	assert_true(st->request_frags >= 2);
	assert_int_equal(st->oversized_requests, 0);
	assert_string_equal(st->last_user, "(null)");
	netsess_session_list_free(l);
}

/* ---- NetSessionGetInfo --------------------------------------------------- */

static void test_get_info_needs_both_names(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	add_three(f->peer);
	assert_int_equal(netsess_session_get_info(f->ctx, "srv", NULL, "bob", 1, &l),
	                 ERROR_INVALID_PARAMETER);
	assert_int_equal(netsess_session_get_info(f->ctx, "srv", "\\\\10.0.0.3", NULL, 1, &l),
	                 ERROR_INVALID_PARAMETER);
	assert_int_equal(netsess_session_get_info(f->ctx, "srv", "\\\\", "", 1, &l),
	                 ERROR_INVALID_PARAMETER);
	assert_null(l);
	assert_int_equal(mem_peer_stats(f->peer)->opens, 0);
}

static void test_get_info_finds_one(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	add_three(f->peer);
	assert_int_equal(netsess_session_get_info(f->ctx, "srv", "\\\\10.0.0.4", "alice", 10, &l),
	                 NERR_Success);
	assert_int_equal(l->count, 1);
	assert_string_equal(l->items[0].client, "10.0.0.4");
	assert_string_equal(l->items[0].user, "alice");
	netsess_session_list_free(l);
	assert_int_equal(netsess_session_get_info(f->ctx, "srv", "10.0.0.3", "alice", 1, &l),
	                 NERR_ClientNameNotFound);
	assert_null(l);
}

/* ---- NetSessionDel ------------------------------------------------------- */

static void test_del_both_unspecified_sends_nothing(void **state)
{
	struct fx *f = *state;

	add_three(f->peer);
	assert_int_equal(netsess_session_del(f->ctx, "srv", NULL, NULL), ERROR_INVALID_PARAMETER);
	assert_int_equal(netsess_session_del(f->ctx, "srv", "", ""), ERROR_INVALID_PARAMETER);
	assert_int_equal(netsess_session_del(f->ctx, "srv", "\\\\", NULL), ERROR_INVALID_PARAMETER);
	assert_int_equal(netsess_session_del(f->ctx, NULL, NULL, ""), ERROR_INVALID_PARAMETER);
	assert_int_equal(netsess_session_del(NULL, "srv", "x", "y"), ERROR_INVALID_PARAMETER);
	assert_int_equal(mem_peer_stats(f->peer)->opens, 0);
	assert_int_equal(mem_peer_stats(f->peer)->dels, 0);
	assert_int_equal(mem_peer_count(f->peer, NULL, NULL), 3);
}

static void test_del_by_client(void **state)
{
	struct fx *f = *state;

	add_three(f->peer);
	assert_int_equal(netsess_session_del(f->ctx, "\\\\srv", "\\\\10.0.0.2", NULL),
	                 NERR_Success);
	assert_int_equal(mem_peer_count(f->peer, "10.0.0.2", NULL), 0);
	assert_int_equal(mem_peer_count(f->peer, NULL, NULL), 2);
	assert_string_equal(mem_peer_stats(f->peer)->last_client, "\\\\10.0.0.2");
	assert_string_equal(mem_peer_stats(f->peer)->last_user, "(null)");

	/* Without backslashes too. */
	assert_int_equal(netsess_session_del(f->ctx, "srv", "10.0.0.3", NULL), NERR_Success);
	assert_int_equal(mem_peer_count(f->peer, NULL, NULL), 1);
	assert_string_equal(mem_peer_stats(f->peer)->last_client, "\\\\10.0.0.3");
}

static void test_del_by_user(void **state)
{
	struct fx *f = *state;

	add_three(f->peer);
	assert_int_equal(netsess_session_del(f->ctx, "srv", NULL, "alice"), NERR_Success);
	assert_int_equal(mem_peer_count(f->peer, NULL, "alice"), 0);
	assert_int_equal(mem_peer_count(f->peer, "10.0.0.3", "bob"), 1);
	assert_string_equal(mem_peer_stats(f->peer)->last_client, "(null)");
}

static void test_del_by_both(void **state)
{
	struct fx *f = *state;

	add_three(f->peer);
	mem_peer_add_simple(f->peer, "10.0.0.2", "bob");
	assert_int_equal(netsess_session_del(f->ctx, "srv", "10.0.0.2", "bob"), NERR_Success);
	assert_int_equal(mem_peer_count(f->peer, "10.0.0.2", "bob"), 0);
	assert_int_equal(mem_peer_count(f->peer, "10.0.0.2", "alice"), 1);
	assert_int_equal(mem_peer_count(f->peer, NULL, NULL), 3);
}

/* Nothing matched: 2312 on every server (Samba says 5, told apart by an
 * enumeration). */
static void test_del_no_match_is_client_not_found(void **state)
{
	struct fx *f = *state;

	add_three(f->peer);
	assert_int_equal(netsess_session_del(f->ctx, "srv", "\\\\10.9.9.9", NULL),
	                 NERR_ClientNameNotFound);
	assert_int_equal(netsess_session_del(f->ctx, "srv", NULL, "carol"),
	                 NERR_ClientNameNotFound);
	assert_int_equal(netsess_session_del(f->ctx, "srv", "10.0.0.3", "alice"),
	                 NERR_ClientNameNotFound);
	assert_int_equal(mem_peer_count(f->peer, NULL, NULL), 3);
	assert_int_equal(mem_peer_stats(f->peer)->dels, 3);
}

static void test_del_samba_no_match_asks_enum(void **state)
{
	struct fx *f = *state;

	add_three(f->peer);
	assert_int_equal(netsess_session_del(f->ctx, "srv", "10.9.9.9", NULL),
	                 NERR_ClientNameNotFound);
	assert_int_equal(mem_peer_stats(f->peer)->dels, 1);
	assert_int_equal(mem_peer_stats(f->peer)->enums, 1);
}

static void test_del_access_denied(void **state)
{
	struct fx *f = *state;

	add_three(f->peer);
	mem_peer_set_admin(f->peer, false);
	assert_int_equal(netsess_session_del(f->ctx, "srv", "10.0.0.2", NULL), ERROR_ACCESS_DENIED);
	assert_int_equal(mem_peer_count(f->peer, NULL, NULL), 3);
}

/* May enumerate but not delete, and something matched: a real refusal. */
static void test_del_denied_with_matches_stays_denied(void **state)
{
	struct fx *f = *state;

	add_three(f->peer);
	mem_peer_set_can_delete(f->peer, false);
	assert_int_equal(netsess_session_del(f->ctx, "srv", "10.0.0.2", NULL), ERROR_ACCESS_DENIED);
	/* Refused and nothing matched anyway: there is no such session. */
	assert_int_equal(netsess_session_del(f->ctx, "srv", "10.9.9.9", NULL),
	                 NERR_ClientNameNotFound);
	assert_int_equal(mem_peer_count(f->peer, NULL, NULL), 3);
}

/* Deleting our own account's sessions ends our own connection: the reply
 * never comes; a new connection shows them gone and the context goes on. */
static void test_del_own_session(void **state)
{
	struct fx *f = *state;
	const struct mem_peer_stats *st = mem_peer_stats(f->peer);
	struct netsess_session_list *l = NULL;

	mem_peer_set_own_sessions(f->peer, true);
	add_three(f->peer);
	mem_peer_add_simple(f->peer, "10.0.0.5", "root");
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, "root", 1, &l), NERR_Success);
	assert_int_equal(l->count, 2);
	netsess_session_list_free(l);

	assert_int_equal(netsess_session_del(f->ctx, "srv", NULL, "root"), NERR_Success);
	assert_int_equal(st->opens, 2);
	assert_int_equal(mem_peer_count(f->peer, "10.0.0.5", NULL), 0);
	assert_int_equal(mem_peer_count(f->peer, NULL, "root"), 1); /* the new connection */
	assert_int_equal(mem_peer_count(f->peer, NULL, "alice"), 2);

	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	assert_int_equal(l->count, 4);
	netsess_session_list_free(l);
	assert_int_equal(st->opens, 2);
}

static void test_del_own_client_address(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	mem_peer_set_own_sessions(f->peer, true);
	add_three(f->peer);
	assert_int_equal(netsess_session_del(f->ctx, "srv", "\\\\127.0.0.1", NULL), NERR_Success);
	assert_int_equal(mem_peer_count(f->peer, NULL, NULL), 4);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	assert_int_equal(l->count, 4);
	netsess_session_list_free(l);
}

/* The reply is lost and the sessions are still there: not a success. */
static void test_del_lost_reply_sessions_remain(void **state)
{
	struct fx *f = *state;

	add_three(f->peer);
	mem_peer_fail_call(f->peer, MEM_PEER_DROP_IGNORED);
	assert_int_equal(netsess_session_del(f->ctx, "srv", NULL, "alice"), NETSESS_E_TRANSPORT);
	assert_int_equal(mem_peer_count(f->peer, NULL, NULL), 3);
	/* Never sent a second time. */
	assert_int_equal(mem_peer_stats(f->peer)->dels, 0);
}

/* The reply is lost although the delete could not have ended our own
 * connection: the outcome is unknown, and the delete is not sent again. */
static void test_del_lost_reply_not_ours(void **state)
{
	struct fx *f = *state;

	add_three(f->peer);
	mem_peer_fail_call(f->peer, MEM_PEER_DROP_AFTER);
	assert_int_equal(netsess_session_del(f->ctx, "srv", NULL, "alice"), NETSESS_E_TRANSPORT);
	assert_int_equal(mem_peer_count(f->peer, NULL, NULL), 1);
	assert_int_equal(mem_peer_stats(f->peer)->dels, 1);
}

/* Samba ends the other matching sessions asynchronously: they are looked
 * at again until only our new connection is left. */
static void test_del_own_session_settles(void **state)
{
	struct fx *f = *state;

	mem_peer_set_own_sessions(f->peer, true);
	mem_peer_set_linger(f->peer, 3);
	add_three(f->peer);
	mem_peer_add_simple(f->peer, "10.0.0.5", "root");
	assert_int_equal(netsess_session_del(f->ctx, "srv", NULL, "root"), NERR_Success);
	assert_int_equal(mem_peer_stats(f->peer)->dels, 1);
	assert_int_equal(mem_peer_stats(f->peer)->opens, 2);
	assert_true(mem_peer_stats(f->peer)->enums >= 3);
	assert_int_equal(mem_peer_count(f->peer, NULL, "root"), 1);
}

/* ... but not for ever. */
static void test_del_own_session_never_settles(void **state)
{
	struct fx *f = *state;

	mem_peer_set_own_sessions(f->peer, true);
	mem_peer_set_linger(f->peer, 100);
	mem_peer_add_simple(f->peer, "10.0.0.5", "root");
	assert_int_equal(netsess_session_del(f->ctx, "srv", NULL, "root"), NETSESS_E_TRANSPORT);
	assert_int_equal(mem_peer_stats(f->peer)->dels, 1);
	assert_int_equal(mem_peer_stats(f->peer)->enums, 5);
}

/* With del_settle_ms, a delete returns once the ended sessions have left
 * the enumeration: here they linger for 3 more enumerations. */
static void test_del_settle_waits_until_gone(void **state)
{
	struct fx *f = *state;
	struct netsess_options o = {.username = "root", .password = "secret",
	                            .del_settle_ms = 5000};
	netsess_ctx *ctx = ctx_on(f->peer, &o);
	struct netsess_session_list *l = NULL;

	add_three(f->peer);
	mem_peer_set_linger(f->peer, 3);
	assert_int_equal(netsess_session_del(ctx, "srv", NULL, "alice"), NERR_Success);
	/* 3 enumerations still listed them, the 4th did not. */
	assert_int_equal(mem_peer_stats(f->peer)->enums, 4);
	/* The next enumeration a caller makes no longer lists them. */
	assert_int_equal(netsess_session_enum(ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	assert_int_equal(l->count, 1);
	assert_string_equal(l->items[0].user, "bob");
	netsess_session_list_free(l);
	netsess_ctx_free(ctx);
}

/* The wait has a bound; the delete's status stands after it. */
static void test_del_settle_is_bounded(void **state)
{
	struct fx *f = *state;
	struct netsess_options o = {.username = "root", .password = "secret",
	                            .del_settle_ms = 300};
	netsess_ctx *ctx = ctx_on(f->peer, &o);
	uint64_t t0 = netsess_monotonic_ms(), elapsed;

	add_three(f->peer);
	mem_peer_set_linger(f->peer, 1000);
	assert_int_equal(netsess_session_del(ctx, "srv", NULL, "alice"), NERR_Success);
	elapsed = netsess_monotonic_ms() - t0;
	assert_true(elapsed >= 300);
	assert_true(mem_peer_stats(f->peer)->enums >= 2);
	netsess_ctx_free(ctx);
}

/* netsess_ctx_set_del_settle changes the bound for the next deletes. */
static void test_del_settle_set_later(void **state)
{
	struct fx *f = *state;

	add_three(f->peer);
	mem_peer_set_linger(f->peer, 3);
	netsess_ctx_set_del_settle(f->ctx, 5000);
	assert_int_equal(netsess_session_del(f->ctx, "srv", NULL, "alice"), NERR_Success);
	assert_int_equal(mem_peer_stats(f->peer)->enums, 4);
	netsess_ctx_set_del_settle(f->ctx, 0);
	assert_int_equal(netsess_session_del(f->ctx, "srv", NULL, "bob"), NERR_Success);
	assert_int_equal(mem_peer_stats(f->peer)->enums, 4);
}

/* Without the option (the default) the delete answers at once: no
 * enumeration follows a success. */
static void test_del_settle_off_by_default(void **state)
{
	struct fx *f = *state;

	add_three(f->peer);
	mem_peer_set_linger(f->peer, 3);
	assert_int_equal(netsess_session_del(f->ctx, "srv", NULL, "alice"), NERR_Success);
	assert_int_equal(mem_peer_stats(f->peer)->enums, 0);
}

/* A failed delete does not wait. */
static void test_del_settle_not_after_failure(void **state)
{
	struct fx *f = *state;
	struct netsess_options o = {.username = "root", .password = "secret",
	                            .del_settle_ms = 5000};
	netsess_ctx *ctx = ctx_on(f->peer, &o);

	add_three(f->peer);
	mem_peer_set_can_delete(f->peer, false);
	assert_int_equal(netsess_session_del(ctx, "srv", NULL, "alice"), ERROR_ACCESS_DENIED);
	/* Only the enumeration that told "refused" from "nothing matched". */
	assert_true(mem_peer_stats(f->peer)->enums <= 1);
	netsess_ctx_free(ctx);
}

/* ---- the shared name rule and clock ------------------------------------ */

static void test_name_equal(void **state)
{
	(void)state;
	assert_true(netsess_name_equal("Alice", "alice"));
	assert_true(netsess_name_equal("10.0.0.5", "10.0.0.5"));
	assert_true(netsess_name_equal("", ""));
	assert_false(netsess_name_equal("alice", "alicia"));
	assert_false(netsess_name_equal("alice", NULL));
	assert_false(netsess_name_equal(NULL, "alice"));
	assert_false(netsess_name_equal(NULL, NULL));
	/* ASCII case only: UTF-8 octets beyond ASCII must match exactly. */
	assert_false(netsess_name_equal("\xc3\xa9", "\xc3\x89"));
}

static void test_monotonic_clock(void **state)
{
	uint64_t a, b;
	struct timespec ts = {0, 20 * 1000000L};

	(void)state;
	a = netsess_monotonic_ms();
	nanosleep(&ts, NULL);
	b = netsess_monotonic_ms();
	assert_true(a > 0);
	assert_true(b >= a + 20);
}

/* A pipe that went stale before the delete was sent: resent once. */
static void test_del_on_stale_pipe_is_resent(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	add_three(f->peer);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	mem_peer_drop_all(f->peer);
	assert_int_equal(netsess_session_del(f->ctx, "srv", "10.0.0.3", NULL), NERR_Success);
	assert_int_equal(mem_peer_stats(f->peer)->opens, 2);
	assert_int_equal(mem_peer_stats(f->peer)->dels, 1);
	assert_int_equal(mem_peer_count(f->peer, NULL, NULL), 2);
}

/* ---- the context: one pipe, reconnect once -------------------------------- */

static void test_pipe_kept_across_calls(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;
	int i;

	add_three(f->peer);
	for (i = 0; i < 5; i++) {
		assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l),
		                 NERR_Success);
		netsess_session_list_free(l);
	}
	assert_int_equal(netsess_session_del(f->ctx, "srv", "10.0.0.2", NULL), NERR_Success);
	assert_int_equal(mem_peer_stats(f->peer)->opens, 1);
	assert_int_equal(mem_peer_stats(f->peer)->binds, 1);
	assert_int_equal(mem_peer_stats(f->peer)->live_conns, 1);
}

static void test_reconnect_once_when_broken(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	add_three(f->peer);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	mem_peer_drop_all(f->peer);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	assert_int_equal(l->count, 3);
	netsess_session_list_free(l);
	assert_int_equal(mem_peer_stats(f->peer)->opens, 2);
	assert_int_equal(mem_peer_stats(f->peer)->binds, 2);
}

/* An idempotent call whose reply is lost on a reused pipe is resent. */
static void test_reconnect_after_lost_enum_reply(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	add_three(f->peer);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	mem_peer_fail_call(f->peer, MEM_PEER_DROP_AFTER);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	assert_int_equal(l->count, 3);
	netsess_session_list_free(l);
	assert_int_equal(mem_peer_stats(f->peer)->opens, 2);
	assert_int_equal(mem_peer_stats(f->peer)->enums, 3);
}

static void test_reconnect_only_once(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	add_three(f->peer);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	mem_peer_drop_all(f->peer);
	mem_peer_fail_call(f->peer, MEM_PEER_DROP_BEFORE);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l),
	                 NETSESS_E_TRANSPORT);
	assert_null(l);
	assert_int_equal(mem_peer_stats(f->peer)->opens, 2);
	/* The next call starts afresh and works. */
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	assert_int_equal(mem_peer_stats(f->peer)->opens, 3);
}

/* A pipe opened by this very call that breaks is not retried. */
static void test_fresh_pipe_failure_not_retried(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	mem_peer_fail_call(f->peer, MEM_PEER_DROP_AFTER);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l),
	                 NETSESS_E_TRANSPORT);
	assert_int_equal(mem_peer_stats(f->peer)->opens, 1);
}

static void test_open_failure_is_returned(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;
	netsess_status_t codes[] = {NETSESS_E_LOGON_FAILURE,  NETSESS_E_CONNECTION_REFUSED,
	                            NETSESS_E_HOST_NOT_FOUND, NETSESS_E_PIPE_UNAVAILABLE,
	                            NETSESS_E_TIMEOUT,        ERROR_ACCESS_DENIED};
	size_t i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		mem_peer_fail_open(f->peer, codes[i], 1);
		assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l), codes[i]);
		assert_null(l);
		mem_peer_fail_open(f->peer, codes[i], 1);
		assert_int_equal(netsess_session_del(f->ctx, "srv", "x", NULL), codes[i]);
	}
	assert_int_equal(mem_peer_stats(f->peer)->opens, 2 * i);
}

static void test_new_server_new_pipe(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	assert_int_equal(netsess_session_enum(f->ctx, "a", NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	assert_int_equal(netsess_session_enum(f->ctx, "b", NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	assert_int_equal(mem_peer_stats(f->peer)->opens, 2);
	assert_int_equal(mem_peer_stats(f->peer)->live_conns, 1);
	assert_string_equal(mem_peer_stats(f->peer)->last_host, "b");
}

static void test_disconnect_and_timeout(void **state)
{
	struct fx *f = *state;
	const struct mem_peer_stats *st = mem_peer_stats(f->peer);
	struct netsess_session_list *l = NULL;

	assert_int_equal(netsess_session_enum(f->ctx, "a", NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	assert_int_equal(st->last_timeout_ms, 10000);
	assert_int_equal(st->last_port, 445);
	netsess_ctx_disconnect(f->ctx);
	assert_int_equal(st->live_conns, 0);
	netsess_ctx_set_timeout(f->ctx, 2500);
	assert_int_equal(netsess_session_enum(f->ctx, "a", NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	assert_int_equal(st->opens, 2);
	assert_int_equal(st->last_timeout_ms, 2500);
	/* A new timeout applies from the next call on. */
	netsess_ctx_set_timeout(f->ctx, 700);
	assert_int_equal(netsess_session_enum(f->ctx, "a", NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	assert_int_equal(st->last_timeout_ms, 700);
	/* Zero is ignored. */
	netsess_ctx_set_timeout(f->ctx, 0);
	assert_int_equal(netsess_session_enum(f->ctx, "a", NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	assert_int_equal(st->opens, 3);
	netsess_ctx_disconnect(NULL);
	netsess_ctx_set_timeout(NULL, 5);
}

/* ---- errors from below the server's status -------------------------------- */

static void test_rpc_fault_keeps_pipe(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	mem_peer_set_fault_status(f->peer, 0x1C010003u);
	mem_peer_fail_call(f->peer, MEM_PEER_RPC_FAULT);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l),
	                 NETSESS_E_RPC_FAULT);
	assert_int_equal(netsess_ctx_fault(f->ctx), 0x1C010003u);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	assert_int_equal(netsess_ctx_fault(f->ctx), 0);
	assert_int_equal(mem_peer_stats(f->peer)->opens, 1);

	mem_peer_fail_call(f->peer, MEM_PEER_RPC_FAULT);
	assert_int_equal(netsess_session_del(f->ctx, "srv", "x", NULL), NETSESS_E_RPC_FAULT);
	assert_int_equal(netsess_ctx_fault(f->ctx), 0x1C010003u);
	assert_int_equal(netsess_ctx_fault(NULL), 0);
}

static void test_bind_rejected(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	mem_peer_fail_bind(f->peer, MEM_PEER_BIND_NAK);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l),
	                 NETSESS_E_BIND_REJECTED);
	mem_peer_fail_bind(f->peer, MEM_PEER_BIND_REJECT);
	assert_int_equal(netsess_session_del(f->ctx, "srv", "x", NULL), NETSESS_E_BIND_REJECTED);
	assert_int_equal(mem_peer_stats(f->peer)->live_conns, 0);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
}

/* Malformed replies are protocol errors; the next call starts afresh. */
static void test_malformed_replies(void **state)
{
	struct fx *f = *state;
	enum mem_peer_fault faults[] = {MEM_PEER_WRONG_CALL_ID, MEM_PEER_TRUNCATED,
	                                MEM_PEER_BAD_VERSION, MEM_PEER_OVERSIZED};
	struct netsess_session_list *l = NULL;
	size_t i;

	add_three(f->peer);
	for (i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		mem_peer_fail_call(f->peer, faults[i]);
		assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l),
		                 NETSESS_E_PROTOCOL);
		assert_null(l);
		assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l),
		                 NERR_Success);
		assert_int_equal(l->count, 3);
		netsess_session_list_free(l);
	}
	mem_peer_fail_call(f->peer, MEM_PEER_TRUNCATED);
	assert_int_equal(netsess_session_del(f->ctx, "srv", "10.0.0.2", NULL), NETSESS_E_PROTOCOL);
}

static void test_silent_server_times_out(void **state)
{
	struct fx *f = *state;
	struct netsess_session_list *l = NULL;

	mem_peer_fail_call(f->peer, MEM_PEER_SILENT);
	assert_int_equal(netsess_session_enum(f->ctx, "srv", NULL, NULL, 1, &l), NETSESS_E_TIMEOUT);
	mem_peer_fail_bind(f->peer, MEM_PEER_SILENT);
	assert_int_equal(netsess_session_del(f->ctx, "srv", "x", NULL), NETSESS_E_TIMEOUT);
	assert_int_equal(mem_peer_stats(f->peer)->opens, 2);
}

/* ---- options -------------------------------------------------------------- */

static void test_ctx_options(void **state)
{
	struct fx *f = *state;
	struct netsess_options bad_sign = {.signing = (enum netsess_smb_policy)3};
	struct netsess_options bad_enc = {.encryption = (enum netsess_smb_policy)7};
	struct netsess_options bad_frag = {.max_frag = 1431};
	struct netsess_options ok = {
	    .username = "DOM\\op", .port = 4455, .timeout_ms = 1234, .max_frag = 1432};
	struct netsess_session_list *l = NULL;
	netsess_ctx *ctx = (netsess_ctx *)&ctx;

	assert_int_equal(netsess_ctx_new(&bad_sign, &ctx), ERROR_INVALID_PARAMETER);
	assert_null(ctx);
	assert_int_equal(netsess_ctx_new(&bad_enc, &ctx), ERROR_INVALID_PARAMETER);
	assert_int_equal(netsess_ctx_new(&bad_frag, &ctx), ERROR_INVALID_PARAMETER);
	assert_int_equal(netsess_ctx_new(&ok, NULL), ERROR_INVALID_PARAMETER);
	assert_int_equal(netsess_ctx_new(NULL, &ctx), NERR_Success);
	netsess_ctx_free(ctx);
	netsess_ctx_free(NULL);
	netsess_session_list_free(NULL);

	ctx = ctx_on(f->peer, &ok);
	add_three(f->peer);
	assert_int_equal(netsess_session_enum(ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	assert_int_equal(mem_peer_stats(f->peer)->last_port, 4455);
	assert_int_equal(mem_peer_stats(f->peer)->last_timeout_ms, 1234);
	assert_string_equal(mem_peer_stats(f->peer)->last_username, "DOM\\op");
	netsess_ctx_free(ctx);
}

/* Kerberos without a user name logs on as the calling user, never with the
 * empty name that libsmbclient takes for an anonymous logon. */
static void test_ctx_kerberos_names_the_login_user(void **state)
{
	struct fx *f = *state;
	const struct passwd *me = getpwuid(getuid());
	struct netsess_options o = {.kerberos = true};
	struct netsess_session_list *l = NULL;
	netsess_ctx *ctx;
	char login[256];

	assert_non_null(me);
	snprintf(login, sizeof(login), "%s", me->pw_name);
	ctx = ctx_on(f->peer, &o);
	assert_int_equal(netsess_session_enum(ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	assert_string_equal(mem_peer_stats(f->peer)->last_username, login);
	assert_string_equal(ns_ctx_account(ctx), login);
	netsess_ctx_free(ctx);

	o.username = "";
	ctx = ctx_on(f->peer, &o);
	assert_int_equal(netsess_session_enum(ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	assert_string_equal(mem_peer_stats(f->peer)->last_username, login);
	netsess_ctx_free(ctx);

	/* A name given explicitly is kept. */
	o.username = "op@EXAMPLE.ORG";
	ctx = ctx_on(f->peer, &o);
	assert_int_equal(netsess_session_enum(ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	assert_string_equal(mem_peer_stats(f->peer)->last_username, "op@EXAMPLE.ORG");
	assert_string_equal(ns_ctx_account(ctx), "op");
	netsess_ctx_free(ctx);
}

static char *write_file(const char *text, mode_t mode)
{
	char *path = strdup("/tmp/netsess-session-test-XXXXXX");
	int fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
	return path;
}

static void test_ctx_auth_file(void **state)
{
	struct fx *f = *state;
	char *good = write_file("username = fileuser\npassword = p w\ndomain = D\n", 0600);
	char *open_to_all = write_file("username = x\n", 0644);
	struct netsess_options o = {.auth_file = good};
	struct netsess_session_list *l = NULL;
	netsess_ctx *ctx = NULL;

	ctx = ctx_on(f->peer, &o);
	assert_int_equal(netsess_session_enum(ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	assert_string_equal(mem_peer_stats(f->peer)->last_username, "fileuser");
	netsess_ctx_free(ctx);

	/* A user name given explicitly wins over the file's. */
	o.username = "explicit";
	ctx = ctx_on(f->peer, &o);
	assert_int_equal(netsess_session_enum(ctx, "srv", NULL, NULL, 1, &l), NERR_Success);
	netsess_session_list_free(l);
	assert_string_equal(mem_peer_stats(f->peer)->last_username, "explicit");
	netsess_ctx_free(ctx);

	o.auth_file = open_to_all;
	assert_int_equal(netsess_ctx_new(&o, &ctx), NETSESS_E_AUTH_FILE);
	assert_null(ctx);
	o.auth_file = "/nonexistent/netsess/auth";
	assert_int_equal(netsess_ctx_new(&o, &ctx), NETSESS_E_AUTH_FILE);
	unlink(good);
	unlink(open_to_all);
	free(good);
	free(open_to_all);
}

#define BOTH(t)                                                                                    \
	cmocka_unit_test_setup_teardown(t, setup_windows, teardown),                               \
	    cmocka_unit_test_setup_teardown(t, setup_samba, teardown)
#define WIN(t) cmocka_unit_test_setup_teardown(t, setup_windows, teardown)
#define SMB(t) cmocka_unit_test_setup_teardown(t, setup_samba, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    BOTH(test_enum_lists_every_session),
	    BOTH(test_enum_no_sessions_is_empty_success),
	    BOTH(test_enum_client_filter),
	    BOTH(test_enum_user_filter_ignores_case),
	    BOTH(test_enum_both_filters),
	    BOTH(test_enum_no_match_gives_windows_codes),
	    BOTH(test_enum_server_name_forms),
	    BOTH(test_enum_rejects_bad_server_name),
	    BOTH(test_enum_invalid_level_sends_nothing),
	    BOTH(test_enum_bad_arguments),
	    WIN(test_enum_levels_windows),
	    SMB(test_enum_levels_samba_fall_back),
	    BOTH(test_enum_level0_user_filter),
	    WIN(test_enum_pages_on_more_data),
	    WIN(test_enum_pages_stop_at_budget),
	    WIN(test_enum_pages_grow_when_nothing_fits),
	    SMB(test_enum_nonzero_resume_is_not_more),
	    BOTH(test_enum_default_pref_max_len),
	    BOTH(test_enum_access_denied),
	    BOTH(test_enum_strips_backslashes_from_results),
	    BOTH(test_enum_utf8_names),
	    BOTH(test_enum_times_over_int32_read_as_zero),
	    BOTH(test_enum_many_fragments),
	    BOTH(test_enum_request_fragments),
	    BOTH(test_get_info_needs_both_names),
	    BOTH(test_get_info_finds_one),
	    BOTH(test_del_both_unspecified_sends_nothing),
	    BOTH(test_del_by_client),
	    BOTH(test_del_by_user),
	    BOTH(test_del_by_both),
	    BOTH(test_del_no_match_is_client_not_found),
	    SMB(test_del_samba_no_match_asks_enum),
	    BOTH(test_del_access_denied),
	    BOTH(test_del_denied_with_matches_stays_denied),
	    BOTH(test_del_own_session),
	    BOTH(test_del_own_client_address),
	    BOTH(test_del_lost_reply_sessions_remain),
	    BOTH(test_del_lost_reply_not_ours),
	    BOTH(test_del_own_session_settles),
	    BOTH(test_del_own_session_never_settles),
	    BOTH(test_del_settle_waits_until_gone),
	    BOTH(test_del_settle_is_bounded),
	    BOTH(test_del_settle_set_later),
	    BOTH(test_del_settle_off_by_default),
	    BOTH(test_del_settle_not_after_failure),
	    WIN(test_name_equal),
	    WIN(test_monotonic_clock),
	    BOTH(test_del_on_stale_pipe_is_resent),
	    BOTH(test_pipe_kept_across_calls),
	    BOTH(test_reconnect_once_when_broken),
	    BOTH(test_reconnect_after_lost_enum_reply),
	    BOTH(test_reconnect_only_once),
	    BOTH(test_fresh_pipe_failure_not_retried),
	    BOTH(test_open_failure_is_returned),
	    BOTH(test_new_server_new_pipe),
	    BOTH(test_disconnect_and_timeout),
	    BOTH(test_rpc_fault_keeps_pipe),
	    BOTH(test_bind_rejected),
	    BOTH(test_malformed_replies),
	    BOTH(test_silent_server_times_out),
	    WIN(test_ctx_options),
	    WIN(test_ctx_kerberos_names_the_login_user),
	    WIN(test_ctx_auth_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
