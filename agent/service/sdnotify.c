/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sdnotify.c - netsessd's readiness and status for systemd (sd_notify(3)).
 *
 * The AgentX session opens and closes inside Net-SNMP, at times netsessd
 * does not choose: the first attempt happens in init_snmp(), and after the
 * master goes away the subagent retries every agentxPingInterval seconds.
 * Net-SNMP's subagent (agent/mibgroup/agentx/subagent.c) announces both
 * edges through application callbacks: SNMPD_CALLBACK_INDEX_START once
 * subagent_open_master_session() has an open session, and
 * SNMPD_CALLBACK_INDEX_STOP when the master disconnects us
 * (handle_agentx_packet) or stops answering pings (agentx_check_session).
 * This module listens to those two and turns them into STATUS= lines.
 *
 * Readiness is not tied to the session: a subagent whose master is not
 * up yet is still a working service that will connect later, so systemd
 * must not hold back (or time out) the units ordered after it.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>
#include <net-snmp/agent/agent_callbacks.h>

/* NSD_SD_NOTIFY: set by the build when libsystemd is there (configure
 * --with-libsystemd). */
#ifdef NSD_SD_NOTIFY
#include <systemd/sd-daemon.h>
#endif

#include "sdnotify.h"

static bool session_open;
static bool ready;
/* Standalone: the addresses netsessd listens on; "" as a subagent. */
static char listening[1025];

/* Sends one sd_notify message; 0 when there is no $NOTIFY_SOCKET. */
static void sd_send(const char *msg)
{
#ifdef NSD_SD_NOTIFY
	static bool warned;
	int rc = sd_notify(0, msg);

	if (rc < 0 && !warned) {
		snmp_log(LOG_WARNING, "cannot notify systemd: %s\n", strerror(-rc));
		warned = true;
	}
#else
	(void)msg;
#endif
}

/* The master's address as Net-SNMP uses it (-x, the configuration, or
 * its compiled-in default). */
static const char *agentx_address(void)
{
	const char *addr =
	    netsnmp_ds_get_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET);

	return addr ? addr : NETSNMP_AGENTX_SOCKET;
}

/* "STATUS=..." for the session as it is now, after PREFIX (e.g. "READY=1\n"). */
static void send_status(const char *prefix)
{
	char msg[1536];

	if (listening[0])
		snprintf(msg, sizeof(msg), "%sSTATUS=SNMP agent listening on %s", prefix,
		         listening);
	else if (session_open)
		snprintf(msg, sizeof(msg), "%sSTATUS=AgentX session open with the master at %s",
		         prefix, agentx_address());
	else
		snprintf(msg, sizeof(msg),
		         "%sSTATUS=No AgentX session: waiting for the master at %s "
		         "(retrying every %d s)",
		         prefix, agentx_address(),
		         netsnmp_ds_get_int(NETSNMP_DS_APPLICATION_ID,
		                            NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL));
	sd_send(msg);
}

/* SNMPD_CALLBACK_INDEX_START / _STOP (serverarg: the AgentX session). */
static int on_session(int major, int minor, void *serverarg, void *clientarg)
{
	bool open = minor == SNMPD_CALLBACK_INDEX_START;

	(void)major;
	(void)serverarg;
	(void)clientarg;
	if (open != session_open) {
		session_open = open;
		/* Before READY=1 the state goes out with it. */
		if (ready)
			send_status("");
	}
	return SNMPERR_SUCCESS;
}

void nsd_sd_watch_agentx(void)
{
	/* No client argument: Net-SNMP frees those at shutdown. */
	snmp_register_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_START, on_session,
	                       NULL);
	snmp_register_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_STOP, on_session,
	                       NULL);
}

void nsd_sd_standalone(const char *listen)
{
	snprintf(listening, sizeof(listening), "%s", listen ? listen : "");
}

void nsd_sd_ready(void)
{
	ready = true;
	send_status("READY=1\n");
}

void nsd_sd_stopping(void)
{
	sd_send("STOPPING=1\nSTATUS=Stopping");
}
