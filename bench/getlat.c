/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * getlat.c - the latency of SNMP GETs, one at a time, for bench/servers.sh.
 *
 *   getlat PEER COMMUNITY OID SECONDS INTERVAL_MS
 *
 * Sends a GET of OID (numeric) to PEER (e.g. udp:127.0.0.1:1161), SNMPv2c,
 * every INTERVAL_MS for SECONDS, each waiting for its answer (5 s, no
 * retry), and prints one line:
 *
 *   gets N errors E p50 A p90 B p99 C max D (ms)
 *
 * An answer that is not a value of OID (a timeout, an error status, an
 * exception) counts as an error and not in the latencies.  One process and
 * one session for all requests, so that what is measured is the agent's
 * time, not the start of a command.
 */
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double percentile(const double *v, size_t n, double p)
{
	size_t i;

	if (n == 0)
		return 0;
	i = (size_t)(p * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

/* One GET: its latency in ms, or a negative value when it failed. */
static double one_get(netsnmp_session *ss, const oid *name, size_t len)
{
	netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GET), *resp = NULL;
	double t0, t1;
	int st, ok;

	snmp_add_null_var(pdu, name, len);
	t0 = now_ms();
	st = snmp_synch_response(ss, pdu, &resp);
	t1 = now_ms();
	ok = st == STAT_SUCCESS && resp && resp->errstat == SNMP_ERR_NOERROR && resp->variables &&
	     resp->variables->type != SNMP_NOSUCHOBJECT &&
	     resp->variables->type != SNMP_NOSUCHINSTANCE &&
	     resp->variables->type != SNMP_ENDOFMIBVIEW;
	if (resp)
		snmp_free_pdu(resp);
	return ok ? t1 - t0 : -1.0;
}

int main(int argc, char **argv)
{
	netsnmp_session session, *ss;
	oid name[MAX_OID_LEN];
	size_t len = MAX_OID_LEN, n = 0, cap, errors = 0;
	double *lat, end, seconds, interval;

	if (argc != 6) {
		fprintf(stderr, "usage: getlat PEER COMMUNITY OID SECONDS INTERVAL_MS\n");
		return 2;
	}
	seconds = atof(argv[4]);
	interval = atof(argv[5]);
	cap = (size_t)(seconds * 1000.0 / (interval > 0 ? interval : 1)) + 16;
	lat = calloc(cap, sizeof(*lat));
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_LOAD_HOST_FILES, 1);
	setenv("MIBS", "", 1);
	init_snmp("getlat");
	if (!lat || !read_objid(argv[3], name, &len)) {
		fprintf(stderr, "getlat: bad OID %s\n", argv[3]);
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
		snmp_perror("getlat");
		return 1;
	}
	end = now_ms() + seconds * 1000.0;
	while (now_ms() < end && n < cap) {
		double t0 = now_ms(), l = one_get(ss, name, len), rest;

		if (l < 0)
			errors++;
		else
			lat[n++] = l;
		rest = interval - (now_ms() - t0);
		if (rest > 0) {
			struct timespec ts = {
			    (time_t)(rest / 1000.0),
			    (long)((rest - (double)(long)(rest / 1000.0) * 1000.0) * 1e6)};

			nanosleep(&ts, NULL);
		}
	}
	qsort(lat, n, sizeof(*lat), cmp_double);
	printf("gets %zu errors %zu p50 %.2f p90 %.2f p99 %.2f max %.2f (ms)\n", n, errors,
	       percentile(lat, n, 0.50), percentile(lat, n, 0.90), percentile(lat, n, 0.99),
	       n ? lat[n - 1] : 0.0);
	snmp_close(ss);
	free(lat);
	return 0;
}
