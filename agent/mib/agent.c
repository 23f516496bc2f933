/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * agent.c - the SNMP agent netsessd is: an AgentX subagent, or a
 * standalone agent of its own (agent.h).
 *
 * Standalone, Net-SNMP's agent library runs as master, as in snmpd, with
 * three differences that keep it to what netsessd needs:
 *   - what it reads: SNMPCONFPATH is the persistent directory alone (its
 *     netsessd.conf, Net-SNMP's state) and the access file is its
 *     optional configuration file (snmpd -C -c FILE reads the same way,
 *     but without its state);
 *   - which MIB modules it serves: an explicit list for init_agent's and
 *     init_mib_modules()'s should_init(), as "snmpd -I" takes it
 *     (AGENT_MODULES below); everything else Net-SNMP would initialise,
 *     SMUX among them, is not;
 *   - which tokens the access file may hold: those of the agent's own
 *     process (agentaddress, agentuser, master agentx, ...) and those
 *     that would put code or data into it (perl, injectHandler, table)
 *     are taken back, so that Net-SNMP warns about them ("Unknown
 *     token") with their file and line instead of acting on them.
 */
#include "agent.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <net-snmp/agent/mib_modules.h>

#include "core/log.h"
#include "core/requester.h"

#ifndef NSD_STATE_DIR
#error "NSD_STATE_DIR must name netsessd's persistent directory"
#endif
#ifndef NSD_VERSION
#define NSD_VERSION "unknown"
#endif

#define AGENT_APP "netsessd"

/*
 * The modules of the standalone agent (Net-SNMP's module names):
 *   vacm_conf, usmConf   the access file's tokens: VACM (view, group,
 *                        access, rocommunity, rwcommunity, rouser,
 *                        rwuser, com2sec, ...) and USM (createUser)
 *   system_mib, sysORTable
 *                        SNMPv2-MIB's system group (RFC 3418)
 *   snmp_mib, setSerialNo
 *                        SNMPv2-MIB's snmp group (its counters,
 *                        snmpEnableAuthenTraps) and snmpSetSerialNo
 *   snmpEngine           SNMP-FRAMEWORK-MIB's snmpEngine group (RFC 3411):
 *                        snmpEngineID, Boots, Time, MaxMessageSize
 *   snmpMPDStats, usmStats
 *                        the SNMP-MPD-MIB and USM counters that SNMPv3
 *                        engine discovery and time synchronisation report
 *                        (RFC 3412, RFC 3414)
 * Not served: the VACM and USM tables (the access file is the only source
 * of users and rights; a manager cannot add one), the host's interfaces,
 * addresses, processes, disks or routes, the notification and target
 * tables, AgentX and SMUX.
 */
#define AGENT_MODULES                                                                              \
	"vacm_conf,usmConf,system_mib,sysORTable,snmp_mib,setSerialNo,snmpEngine,snmpMPDStats,"    \
	"usmStats"

/*
 * Tokens Net-SNMP registers that have no place in netsessd's access file:
 *   - snmpd's process: the listening address is <snmp listen>, the
 *     process's user the service's, and there is no AgentX master
 *     (agentaddress, agentuser, agentgroup, leave_pidfile, quit, master,
 *     agentxsocket, agentxperms, agentxTimeout, agentxRetries);
 *   - code or data of the agent itself: Perl run inside netsessd (Debian's
 *     library embeds it), handlers injected into the tables, tables made
 *     from configuration lines (perl, perlInitFile, disablePerl,
 *     injectHandler, table, add_row).
 * Names as registered: unregister_app_config_handler compares them
 * exactly.  (The AgentX ones stay registered for agentx.conf, which
 * Net-SNMP would look for in the persistent directory only.)
 */
static const char *const agent_unused_tokens[] = {
    "agentaddress", "agentuser",     "agentgroup",    "leave_pidfile", "quit", "master",
    "agentxsocket", "agentxperms",   "agentxTimeout", "agentxRetries", "perl", "perlInitFile",
    "disablePerl",  "injectHandler", "table",         "add_row",
};

/* What netsessd answers in sysDescr.0 and sysObjectID.0 unless the access
 * file says otherwise (sysDescr, sysObjectID): the agent, not the host
 * (Net-SNMP's defaults are uname's line and netSnmpAgentOIDs.linux).
 * sysObjectID is smbSessionMIB (mib.h, NSD_OID_ROOT). */
#define AGENT_SYSDESCR "netsessd " NSD_VERSION ": SMB sessions of Windows and Samba servers"
#define AGENT_SYSOBJECTID ".1.3.6.1.4.1.8072.9999.9999.445"

static struct {
	bool standalone;
	char *listen;
	char *access;
	char *agentx;
	unsigned ping_interval;
	struct stat access_st; /* the access file when it was read */
	bool access_read;
} agent;

bool nsd_agent_standalone(void)
{
	return agent.standalone;
}

static char *agent_strdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static bool agent_str_same(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

/* ------------------------------------------------------------------ */
/* AgentX subagent                                                     */
/* ------------------------------------------------------------------ */

/* The role is set before init_agent, so that the subagent's own tokens
 * exist (agentxPingInterval). */
static int agent_init_subagent(void)
{
	netsnmp_enable_subagent();
	if (agent.agentx)
		netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET,
		                      agent.agentx);
	if (init_agent(AGENT_APP) != 0)
		return -1;
	/* Reconnect after a master restart within this many seconds. */
	netsnmp_ds_set_int(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL,
	                   (int)agent.ping_interval);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Standalone                                                          */
/* ------------------------------------------------------------------ */

/* Calls the handler of token as a line of the access file would, so that
 * the file can still say otherwise.  Returns 0, or -1 with no handler. */
static int agent_config_default(const char *token, const char *value)
{
	struct config_line *l;
	char line[256];

	for (l = read_config_get_handlers(AGENT_APP); l; l = l->next) {
		if (l->config_token && strcasecmp(l->config_token, token) == 0 && l->parse_line) {
			snprintf(line, sizeof(line), "%s", value);
			l->parse_line(token, line);
			return 0;
		}
	}
	return -1;
}

/* The persistent directory: $SNMP_PERSISTENT_DIR (the service sets it),
 * or netsessd's own, never Net-SNMP's (/var/lib/snmp, snmpd's). */
static const char *agent_state_dir(void)
{
	const char *dir = getenv("SNMP_PERSISTENT_DIR");

	return dir && *dir ? dir : NSD_STATE_DIR;
}

/*
 * The users of createUser lines belong to the access file: marked
 * volatile once read, so that Net-SNMP does not keep them in its
 * persistent file (usm_save_users saves ST_NONVOLATILE ones), and a user
 * whose line is removed is gone at the next reload or start.  Other
 * users (none are made otherwise here: usmUserTable is not served) keep
 * their storage type.
 */
static int agent_users_volatile(int major, int minor, void *serverarg, void *clientarg)
{
	struct usmUser *u;

	(void)major;
	(void)minor;
	(void)serverarg;
	(void)clientarg;
	for (u = usm_get_userList(); u; u = u->next)
		if (u->userStorageType == ST_NONVOLATILE)
			u->userStorageType = ST_VOLATILE;
	return SNMPERR_SUCCESS;
}

/* Before the access file is read again: its users go (see above). */
static void agent_users_drop(void)
{
	struct usmUser *u = usm_get_userList(), *next;

	for (; u; u = next) {
		next = u->next;
		if (u->userStorageType == ST_VOLATILE) {
			usm_remove_user(u);
			usm_free_user(u);
		}
	}
}

static void agent_access_stat(void)
{
	agent.access_read = agent.access && stat(agent.access, &agent.access_st) == 0;
}

static bool agent_access_changed(void)
{
	struct stat st;

	if (!agent.access)
		return false;
	if (stat(agent.access, &st) != 0 || !agent.access_read)
		return true;
	return st.st_dev != agent.access_st.st_dev || st.st_ino != agent.access_st.st_ino ||
	       st.st_size != agent.access_st.st_size ||
	       st.st_mtim.tv_sec != agent.access_st.st_mtim.tv_sec ||
	       st.st_mtim.tv_nsec != agent.access_st.st_mtim.tv_nsec ||
	       st.st_ctim.tv_sec != agent.access_st.st_ctim.tv_sec ||
	       st.st_ctim.tv_nsec != agent.access_st.st_ctim.tv_nsec;
}

/* Net-SNMP's optional configuration file is a comma-separated list. */
static int agent_set_access(void)
{
	if (agent.access && strchr(agent.access, ',')) {
		nsd_log(LOG_ERR, "the access file's name cannot hold a comma: %s", agent.access);
		return -1;
	}
	netsnmp_ds_set_string(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_OPTIONALCONFIG, agent.access);
	return 0;
}

static int agent_init_standalone(void)
{
	char modules[] = AGENT_MODULES; /* add_to_init_list writes into it */
	const char *dir = agent_state_dir();
	size_t i;

	/* What Net-SNMP reads: the persistent directory (SNMPCONFPATH set
	 * means nothing else: read_config_files_of_type) and the access
	 * file; where it writes: the persistent directory. */
	set_persistent_directory(dir);
	/* What Net-SNMP names as its search path in its messages. */
	set_configuration_directory(dir);
	/* No MIB file either: the agent needs none, and the access file
	 * names OIDs numerically (as on Debian, whose snmp.conf says
	 * "mibs :"). */
	if (setenv("SNMPCONFPATH", dir, 1) != 0 || unsetenv("SNMP_PERSISTENT_FILE") != 0 ||
	    setenv("MIBS", "", 1) != 0 || setenv("MIBDIRS", "", 1) != 0) {
		nsd_log(LOG_ERR, "cannot set Net-SNMP's search path: %s", strerror(errno));
		return -1;
	}
	/* One "Connection from" line per request (TCP wrappers) would bury
	 * the log; "dontLogTCPWrappersConnects no" in the access file brings
	 * them back. */
	netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID,
	                       NETSNMP_DS_AGENT_DONT_LOG_TCPWRAPPERS_CONNECTS, 1);
	if (agent_set_access() != 0)
		return -1;
	add_to_init_list(modules);
	if (init_agent(AGENT_APP) != 0)
		return -1;
	init_mib_modules();
	for (i = 0; i < sizeof(agent_unused_tokens) / sizeof(agent_unused_tokens[0]); i++)
		unregister_app_config_handler(agent_unused_tokens[i]);
	if (agent_config_default("sysDescr", AGENT_SYSDESCR) != 0 ||
	    agent_config_default("sysObjectID", AGENT_SYSOBJECTID) != 0)
		nsd_log(LOG_WARNING, "sysDescr, sysObjectID: no default could be set");
	snmp_register_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_POST_READ_CONFIG,
	                       agent_users_volatile, NULL);
	return 0;
}

int nsd_agent_init(const struct nsd_agent_conf *conf)
{
	agent.standalone = conf->listen != NULL;
	agent.listen = agent_strdup(conf->listen);
	agent.access = agent_strdup(conf->access);
	agent.agentx = agent_strdup(conf->agentx);
	agent.ping_interval = conf->ping_interval;
	if ((conf->listen && !agent.listen) || (conf->access && !agent.access) ||
	    (conf->agentx && !agent.agentx)) {
		nsd_log(LOG_ERR, "out of memory");
		return -1;
	}
	return agent.standalone ? agent_init_standalone() : agent_init_subagent();
}

int nsd_agent_start(void)
{
	const char *ports;

	init_snmp(AGENT_APP);
	if (!agent.standalone)
		return 0;
	agent_access_stat();
	/* Belt and braces: no AgentX master, whatever was read. */
	netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_AGENTX_MASTER, 0);
	ports = netsnmp_ds_get_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_PORTS);
	if (ports && strcmp(ports, agent.listen) != 0)
		nsd_log(LOG_WARNING, "not listening on %s: <snmp listen> says where", ports);
	netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_PORTS, agent.listen);
	if (init_master_agent() != 0) {
		nsd_log(LOG_ERR, "cannot listen on %s", agent.listen);
		return -1;
	}
	/* The new snmpEngineBoots is kept at once (RFC 3414 2.2.2), as
	 * snmpd does. */
	snmp_store(AGENT_APP);
	/* RFC 3418 coldStart: the agent has (re)initialised itself. */
	send_easy_trap(SNMP_TRAP_COLDSTART, 0);
	return 0;
}

void nsd_agent_reload(const struct nsd_agent_conf *conf)
{
	bool renamed;

	if ((conf->listen != NULL) != agent.standalone) {
		nsd_log(LOG_WARNING, "reload: %s takes effect when netsessd restarts",
		        conf->listen ? "<snmp> (a standalone SNMP agent)"
		                     : "AgentX subagent mode (no <snmp>)");
		return;
	}
	if (!agent.standalone) {
		if (!agent_str_same(agent.agentx, conf->agentx) ||
		    agent.ping_interval != conf->ping_interval)
			nsd_log(LOG_WARNING, "reload: a new AgentX address or ping interval takes "
			                     "effect when netsessd restarts");
		return;
	}
	if (!agent_str_same(agent.listen, conf->listen))
		nsd_log(LOG_WARNING,
		        "reload: the new <snmp listen> takes effect when netsessd "
		        "restarts; still listening on %s",
		        agent.listen);
	renamed = !agent_str_same(agent.access, conf->access);
	if (renamed) {
		char *access = agent_strdup(conf->access);

		if (conf->access && !access) {
			nsd_log(LOG_ERR,
			        "reload: out of memory; the access file is not read again");
			return;
		}
		free(agent.access);
		agent.access = access;
		if (agent_set_access() != 0)
			return;
	} else if (!agent_access_changed()) {
		return;
	}
	/* Net-SNMP's own reload, as snmpd's SIGHUP: every token's free
	 * function, then the files again.  Requests under way keep the
	 * access they were granted. */
	agent_users_drop();
	update_config();
	agent_access_stat();
	nsd_log(LOG_NOTICE, "reload: access file %s read again",
	        agent.access ? agent.access : "(none: no access is granted)");
}

/* ------------------------------------------------------------------ */
/* Who sent a request                                                  */
/* ------------------------------------------------------------------ */

/* "udp:192.0.2.20:43817", "tcp6:[2001:db8::1]:50000" from an IP
 * transport's address pair; false for another kind of transport. */
static bool agent_ip_address(const netsnmp_transport *t, const void *data, size_t len, char *buf,
                             size_t cap)
{
	const netsnmp_indexed_addr_pair *ap = data;
	const char *proto = t && (t->flags & NETSNMP_TRANSPORT_FLAG_STREAM) ? "tcp" : "udp";
	char a[INET6_ADDRSTRLEN];

	if (!data || len != sizeof(*ap))
		return false;
	switch (ap->remote_addr.sa.sa_family) {
	case AF_INET:
		if (!inet_ntop(AF_INET, &ap->remote_addr.sin.sin_addr, a, sizeof(a)))
			return false;
		snprintf(buf, cap, "%s:%s:%u", proto, a, ntohs(ap->remote_addr.sin.sin_port));
		return true;
#ifdef NETSNMP_ENABLE_IPV6
	case AF_INET6:
		if (!inet_ntop(AF_INET6, &ap->remote_addr.sin6.sin6_addr, a, sizeof(a)))
			return false;
		snprintf(buf, cap, "%s6:[%s]:%u", proto, a, ntohs(ap->remote_addr.sin6.sin6_port));
		return true;
#endif
	default:
		return false;
	}
}

/* The manager's address: from the address pair, or as the transport
 * writes it (f_fmtaddr) for another kind, control octets as '?'. */
static void agent_address(netsnmp_session *sess, const netsnmp_pdu *pdu, char *buf, size_t cap)
{
	netsnmp_transport *t = sess ? snmp_sess_transport(snmp_sess_pointer(sess)) : NULL;
	char *text;

	buf[0] = '\0';
	if (agent_ip_address(t, pdu->transport_data, pdu->transport_data_length, buf, cap))
		return;
	if (!t)
		return;
	text = netsnmp_transport_peer_string(t, pdu->transport_data, pdu->transport_data_length);
	if (text) {
		nsd_log_name(text, buf, cap);
		free(text);
	}
}

void nsd_agent_requester(const netsnmp_agent_request_info *reqinfo, struct nsd_requester *out)
{
	const netsnmp_agent_session *asp = reqinfo ? reqinfo->asp : NULL;
	const netsnmp_pdu *pdu = asp ? asp->pdu : NULL;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (!agent.standalone) {
		out->agentx = true;
		return;
	}
	if (!pdu)
		return;
	out->model = pdu->securityModel;
	agent_address(asp->session, pdu, out->address, sizeof(out->address));
	/* SNMPv1 and v2c have no name but the community, which is never
	 * told (RFC 3584 5.2.1 maps it to a securityName of the agent's
	 * own, com2sec's, which would say nothing). */
	if (pdu->securityModel == SNMP_SEC_MODEL_SNMPv1 ||
	    pdu->securityModel == SNMP_SEC_MODEL_SNMPv2c || !pdu->securityName)
		return;
	n = pdu->securityNameLen < NSD_REQ_NAME_MAX ? pdu->securityNameLen : NSD_REQ_NAME_MAX;
	memcpy(out->name, pdu->securityName, n);
	out->name[n] = '\0';
	nsd_log_name(out->name, out->name, sizeof(out->name));
}
