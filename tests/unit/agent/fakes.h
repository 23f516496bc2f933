/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fakes.h - stand-ins for the neighbours of the core modules in the unit
 * tests, each recording what it was asked:
 *   - the log: Net-SNMP's snmp_log(), under the real agent/core/log.c
 *     (fakelog.c, which the helper tests link alone);
 *   - a server's helper (agent/helper/client.h): calls wait until the test
 *     sends and finishes them;
 *   - the rows of smbSessionTable (agent/core/rows.h), smbServerTable's
 *     rows, the notifications and LanMgr-Mib-II's objects (agent/mib/).
 * They stand in for Net-SNMP and the helper processes, which these tests
 * leave out on purpose; tests/integration/ runs the real ones.
 */
#ifndef NETSESSD_TESTS_FAKES_H
#define NETSESSD_TESTS_FAKES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "helper/client.h"
#include "helper/msg.h"

/* ---- the log ---- */
/* True when a line logged since the last fake_log_clear() holds text. */
bool fake_log_has(const char *text);
/* How many of those lines hold text. */
size_t fake_log_count(const char *text);
void fake_log_clear(void);
void fake_log_dump(void);

/* ---- helpers and their calls ---- */
struct fake_call {
	struct fake_call *next;
	struct nsd_helper *h;
	enum nsd_msg_kind kind;
	char *client, *user; /* DEL */
	uint64_t answer_by;  /* DEL */
	unsigned limit_ms;
	bool sent; /* in flight: it can no longer be withdrawn */
	nsd_call_fn fn;
	void *cookie;
};
/* Calls not finished, oldest first, of any helper. */
struct fake_call *fake_calls(void);
size_t fake_ncalls(void);
/* The oldest call of a kind, or NULL. */
struct fake_call *fake_call_of(enum nsd_msg_kind kind);
/* Marks c in flight. */
void fake_call_send(struct fake_call *c);
/* Finishes c with status (and list, for an ENUM; taken). */
void fake_call_finish(struct fake_call *c, netsess_status_t status,
                      struct netsess_session_list *list);
/* Finishes c with a failure and the library's words for it (the
 * result's detail). */
void fake_call_finish_detail(struct fake_call *c, netsess_status_t status, const char *detail);
/* A session list of n sessions: client "10.0.0.I", user "uI". */
struct netsess_session_list *fake_list(size_t n);

/* The configuration helpers were made with, and how many are alive. */
const struct nsd_helper_conf *fake_helper_conf(const struct nsd_helper *h);
size_t fake_helpers(void);
bool fake_helper_closing(const struct nsd_helper *h);

/* ---- rows, tables, notifications ---- */
struct fake_rows_state {
	size_t updates;        /* nsd_rows_update calls */
	size_t last_count;     /* rows in the last update */
	size_t prunes;         /* nsd_rows_prune calls */
	char last_prune[128];  /* "client|user", "*" for NULL */
	uint32_t prune_result; /* what nsd_rows_prune returns */
	size_t removed;        /* nsd_rows_remove_server calls */
	size_t srvtab_rows;    /* smbServerTable rows now */
	size_t notify_deleted; /* smbSessionDeleted sent */
	uint32_t last_deleted_code;
	char last_deleted[128]; /* "client|user", "" for NULL */
	/* who asked, as nsd_requester_describe says it; "" for NULL */
	char last_deleted_by[160];
	size_t notify_status;   /* smbServerStatusChanged sent */
	int last_status;
	unsigned lanmgr_index;        /* nsd_rows_lanmgr: the server listed */
	const struct nsd_srv *lm_srv; /* nsd_lmtab_serve, nsd_lmtab_forget */
	bool lm_registered;           /* served since the last nsd_lmtab_serve(NULL) */
	size_t lm_serves;             /* nsd_lmtab_serve calls */
};
extern struct fake_rows_state fake_rows;
void fake_rows_reset(void);

#endif
