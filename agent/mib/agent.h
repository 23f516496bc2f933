/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * agent.h - the SNMP agent netsessd is, in one of two modes:
 *
 *   AgentX subagent (the default)   Net-SNMP's agent library as a subagent
 *       of a master agent (snmpd) at an AgentX address (-x, <agentx>);
 *       the master receives the requests, checks access and sends the
 *       notifications.
 *   standalone (<snmp listen>)      Net-SNMP's agent library as master:
 *       netsessd receives requests itself on the <snmp listen> addresses,
 *       checks them against the <snmp access> file (Net-SNMP's VACM and
 *       USM tokens) and sends notifications to the destinations named
 *       there.  No AgentX, no SMUX.
 *
 * In standalone mode Net-SNMP reads the access file and its own state,
 * nothing else: its search path (SNMPCONFPATH) is the persistent
 * directory alone, $SNMP_PERSISTENT_DIR or NSD_STATE_DIR, where it keeps
 * netsessd.conf (snmpEngineID, snmpEngineBoots); never /etc/snmp or
 * ~/.snmp.  The users of createUser lines exist while their line is in
 * the access file: they are not kept in the persistent state.
 *
 * Which tables are registered is not this module's business: netsessd
 * registers them between nsd_agent_init() and nsd_agent_start(), the same
 * way in both modes.
 */
#ifndef NETSESSD_MIB_AGENT_H
#define NETSESSD_MIB_AGENT_H

#include <stdbool.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

struct nsd_requester;

/* The SNMP side of a configuration. */
struct nsd_agent_conf {
	const char *listen;     /* <snmp listen>: standalone; NULL: AgentX subagent */
	const char *access;     /* <snmp access>; NULL: no access at all */
	const char *agentx;     /* the master's address (-x or <agentx>); NULL: Net-SNMP's */
	unsigned ping_interval; /* <agentx ping-interval>, seconds */
};

/* Sets Net-SNMP up in the mode of conf (copied) and initialises the agent
 * library (init_agent) and, standalone, the MIB modules it serves besides
 * SMB-SESSION-MIB.  Register the tables after this.  Returns 0, or -1
 * (logged). */
int nsd_agent_init(const struct nsd_agent_conf *conf);

/* Reads the configuration files (init_snmp): the subagent connects to
 * its master; the standalone agent reads its access file, listens and
 * sends coldStart.  Returns 0, or -1 (logged: it cannot listen). */
int nsd_agent_start(void);

/* True in standalone mode. */
bool nsd_agent_standalone(void);

/* SIGHUP with a configuration of conf: standalone, the access file is
 * read again (Net-SNMP's update_config) when it, or its name, changed;
 * what needs a restart (the mode, the listen addresses, the AgentX
 * address or ping interval) is logged as such. */
void nsd_agent_reload(const struct nsd_agent_conf *conf);

/* Who sent the request of reqinfo (core/requester.h): its transport
 * address, security model and SNMPv3 security name, never a community;
 * as a subagent, only that it came from the master. */
void nsd_agent_requester(const netsnmp_agent_request_info *reqinfo, struct nsd_requester *out);

#endif
