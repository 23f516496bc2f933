/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rowwait.c - when every server's row is in the table, for bench/servers.sh.
 *
 *   rowwait PEER COMMUNITY PREFIX SUFFIX N START_MS LIMIT_S INTERVAL_MS
 *
 * Every INTERVAL_MS, GETs the cells PREFIX.i.SUFFIX (numeric OIDs) for the
 * servers i in 1..N whose cell has not been seen yet, ROWWAIT_PER_PDU to a
 * request, SNMPv2c, until each has been seen; then GETs all N once more,
 * to show them all there at once.  START_MS is when the measured process
 * was started (milliseconds since the epoch, CLOCK_REALTIME); the program
 * prints one line:
 *
 *   rows N of N after T ms (K checks)
 *
 * where T is from START_MS to the answer of the check that found the last
 * row.  Exits 0; 1 (with "rows M of N ...") when LIMIT_S seconds passed
 * first or the final check lacked a row; 2 on bad usage.  One process and
 * one session for all requests, and a few hundred varbinds per check: a
 * walk of the table (every server's hundred rows) or a command per check
 * would take the agent's and the machine's time from what is measured.
 */
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Varbinds in one GET: well inside a UDP datagram with their answers. */
#define ROWWAIT_PER_PDU 100u

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void sleep_ms(double ms)
{
	struct timespec ts;

	if (ms <= 0)
		return;
	ts.tv_sec = (time_t)(ms / 1000.0);
	ts.tv_nsec = (long)((ms - (double)ts.tv_sec * 1000.0) * 1e6);
	nanosleep(&ts, NULL);
}

struct target {
	oid prefix[MAX_OID_LEN], suffix[MAX_OID_LEN];
	size_t prefix_len, suffix_len;
};

/* The OID of server i's cell; false when it would be too long. */
static bool cell_oid(const struct target *t, unsigned i, oid *name, size_t *len)
{
	if (t->prefix_len + 1 + t->suffix_len > MAX_OID_LEN)
		return false;
	memcpy(name, t->prefix, t->prefix_len * sizeof(oid));
	name[t->prefix_len] = i;
	memcpy(name + t->prefix_len + 1, t->suffix, t->suffix_len * sizeof(oid));
	*len = t->prefix_len + 1 + t->suffix_len;
	return true;
}

/* Server i of a varbind's name (0: not one of ours). */
static unsigned cell_index(const struct target *t, const netsnmp_variable_list *v)
{
	if (v->name_length != t->prefix_len + 1 + t->suffix_len ||
	    memcmp(v->name, t->prefix, t->prefix_len * sizeof(oid)) != 0)
		return 0;
	return (unsigned)v->name[t->prefix_len];
}

/*
 * One GET of the cells of the servers first..last not seen yet (all of
 * them when recheck); marks those answered with a value.  Returns how
 * many were asked, or -1 when the request failed.
 */
static int check_some(netsnmp_session *ss, const struct target *t, bool *seen, unsigned n,
                      unsigned first, unsigned last, bool recheck)
{
	netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GET), *resp = NULL;
	netsnmp_variable_list *v;
	oid name[MAX_OID_LEN];
	size_t len;
	unsigned i;
	int asked = 0, st;

	for (i = first; i <= last; i++) {
		if ((seen[i] && !recheck) || !cell_oid(t, i, name, &len))
			continue;
		snmp_add_null_var(pdu, name, len);
		asked++;
	}
	if (asked == 0) {
		snmp_free_pdu(pdu);
		return 0;
	}
	st = snmp_synch_response(ss, pdu, &resp);
	if (st != STAT_SUCCESS || !resp || resp->errstat != SNMP_ERR_NOERROR) {
		if (resp)
			snmp_free_pdu(resp);
		return -1;
	}
	for (v = resp->variables; v; v = v->next_variable) {
		unsigned k = cell_index(t, v);
		bool value = v->type != SNMP_NOSUCHOBJECT && v->type != SNMP_NOSUCHINSTANCE &&
		             v->type != SNMP_ENDOFMIBVIEW;

		if (k >= 1 && k <= n)
			seen[k] = value;
	}
	snmp_free_pdu(resp);
	return asked;
}

/* One pass over all servers; the number seen afterwards. */
static unsigned check_all(netsnmp_session *ss, const struct target *t, bool *seen, unsigned n,
                          bool recheck)
{
	unsigned first, count = 0, i;

	for (first = 1; first <= n; first += ROWWAIT_PER_PDU) {
		unsigned last = first + ROWWAIT_PER_PDU - 1;

		check_some(ss, t, seen, n, first, last < n ? last : n, recheck);
	}
	for (i = 1; i <= n; i++)
		count += seen[i];
	return count;
}

int main(int argc, char **argv)
{
	netsnmp_session session, *ss;
	struct target t;
	double start, limit, interval, found_at = 0;
	unsigned n, have = 0, checks = 0;
	bool *seen;

	if (argc != 9) {
		fprintf(stderr, "usage: rowwait PEER COMMUNITY PREFIX SUFFIX N START_MS LIMIT_S "
		                "INTERVAL_MS\n");
		return 2;
	}
	n = (unsigned)strtoul(argv[5], NULL, 10);
	start = atof(argv[6]);
	limit = start + atof(argv[7]) * 1000.0;
	interval = atof(argv[8]);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_LOAD_HOST_FILES, 1);
	setenv("MIBS", "", 1);
	init_snmp("rowwait");
	t.prefix_len = t.suffix_len = MAX_OID_LEN;
	seen = calloc((size_t)n + 1, sizeof(*seen));
	if (n == 0 || !seen || !read_objid(argv[3], t.prefix, &t.prefix_len) ||
	    !read_objid(argv[4], t.suffix, &t.suffix_len)) {
		fprintf(stderr, "rowwait: bad N or OID\n");
		return 2;
	}
	snmp_sess_init(&session);
	session.peername = argv[1];
	session.version = SNMP_VERSION_2c;
	session.community = (u_char *)argv[2];
	session.community_len = strlen(argv[2]);
	session.timeout = 5000000;
	session.retries = 0;
	ss = snmp_open(&session);
	if (!ss) {
		snmp_perror("rowwait");
		return 1;
	}
	while (have < n && now_ms() < limit) {
		double t0 = now_ms();

		have = check_all(ss, &t, seen, n, false);
		checks++;
		if (have == n)
			found_at = now_ms();
		else
			sleep_ms(interval - (now_ms() - t0));
	}
	if (have == n)
		have = check_all(ss, &t, seen, n, true);
	printf("rows %u of %u after %.0f ms (%u checks)\n", have, n,
	       (have == n ? found_at : now_ms()) - start, checks);
	snmp_close(ss);
	free(seen);
	return have == n ? 0 : 1;
}
