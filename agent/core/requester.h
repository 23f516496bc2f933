/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * requester.h - who asked for a delete, as far as netsessd can tell: the
 * manager whose SET started it.  mib/ fills it from the request
 * (mib/agent.h); the delete module carries it to its log lines and to
 * smbSessionDeleted.
 *
 *   standalone agent   the manager's transport address, the security
 *                      model, and for SNMPv3 the security name (the USM
 *                      user); never a community string;
 *   AgentX subagent    nothing but that: the master does not say who sent
 *                      a request (RFC 2741 carries no address, community
 *                      or user).
 */
#ifndef NETSESSD_CORE_REQUESTER_H
#define NETSESSD_CORE_REQUESTER_H

#include <stdbool.h>
#include <stddef.h>

/* Net-SNMP transport syntax with the port, "udp6:[addr%scope]:65535" at
 * the longest for the usual transports; longer ones are cut. */
#define NSD_REQ_ADDRESS_MAX 95u
/* SnmpAdminString (SIZE (1..32)) of usmUserName (RFC 3414). */
#define NSD_REQ_NAME_MAX 32u

/* SnmpSecurityModel (RFC 3411): 0 is "not known" here. */
enum nsd_req_model {
	NSD_REQ_MODEL_UNKNOWN = 0,
	NSD_REQ_MODEL_V1 = 1,
	NSD_REQ_MODEL_V2C = 2,
	NSD_REQ_MODEL_USM = 3,
	NSD_REQ_MODEL_TSM = 4,
};

struct nsd_requester {
	bool agentx; /* it came from an AgentX master: nothing else is known */
	int model;   /* enum nsd_req_model, or another SnmpSecurityModel */
	/* "udp:192.0.2.20:43817"; "" when not known */
	char address[NSD_REQ_ADDRESS_MAX + 1];
	/* the securityName of SNMPv3 (USM, TSM); "" for SNMPv1 and v2c,
	 * whose only name would be the community */
	char name[NSD_REQ_NAME_MAX + 1];
};

/* "v1", "v2c", "usm", "tsm", "model N" for another one, "unknown". */
const char *nsd_requester_model_name(int model, char *buf, size_t cap);

/*
 * The requester as a log line ends (after " by "), each name made safe
 * (control octets as '?') and quoted with '"' and '\' escaped:
 *   udp:127.0.0.1:4711 usm user="ops"
 *   udp:127.0.0.1:4711 v2c
 *   agentx
 * Returns buf; truncates to cap - 1 octets.
 */
const char *nsd_requester_describe(const struct nsd_requester *r, char *buf, size_t cap);
/* Long enough for any nsd_requester_describe(). */
#define NSD_REQ_DESCRIBE_MAX (NSD_REQ_ADDRESS_MAX + 2 * NSD_REQ_NAME_MAX + 32u)

#endif
