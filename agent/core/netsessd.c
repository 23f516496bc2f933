/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * netsessd.c - the SNMP agent publishing SMB-SESSION-MIB: an AgentX
 * subagent, or with <snmp> a standalone agent of its own (mib/agent.h).
 *
 *   netsessd [-c FILE] [-f] [-n] [-x AGENTX_ADDRESS] [-L LOGOPTS] [-d]
 *
 * One thread, one loop: Net-SNMP's agent_check_and_process() serves the
 * requests (the master's, or the managers'), runs the timers (polls,
 * deadlines, delete-timeouts)
 * and, through one epoll descriptor (loop.h), the helper sockets and the
 * signal self-pipe.  Each managed server has a helper process
 * (netsessd-rpc) that makes its library calls.
 *
 * Stopping (SIGTERM, SIGINT): the servers are retired, SETs still waiting
 * for a delete get their answer (within their delete-timeout), the helpers
 * are killed and reaped, and netsessd exits, which ends its AgentX
 * session (see teardown).  A second signal exits at once.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "core/delete.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/rows.h"
#include "core/signals.h"
#include "core/srvset.h"
#include "helper/procs.h"
#include "helper/zygote.h"
#include "mib/agent.h"
#include "mib/tables.h"
#include "service/sdnotify.h"
#include "config/nsd_config.h"

#ifndef NSD_VERSION
#define NSD_VERSION "unknown"
#endif
#ifndef NSD_CONFIG_PATH
#error "NSD_CONFIG_PATH must name the default configuration file"
#endif

#define NSD_APP "netsessd"
/* Once the helpers are killed, how long netsessd waits to reap them (a
 * thousand killed at once take a while to exit on a busy machine). */
#define NSD_REAP_WAIT_MS 2000u
/* Once every SET has its answer, how long netsessd waits for the master
 * to finish their transactions (UndoSet, CleanupSet). */
#define NSD_SETS_WAIT_MS 500u

enum { EXIT_USAGE = 2 };

struct nsd_args {
	const char *config;
	const char *agentx;
	bool foreground;
	bool check;
	bool debug;
	bool log_set; /* -L given */
};

/* Where netsessd is in its life. */
enum nsd_phase {
	NSD_RUNNING,
	NSD_STOPPING, /* servers retired; SETs still wait for their deletes */
	NSD_REAPING,  /* helpers killed; waiting for them to be reaped */
	NSD_DONE,
};

static struct {
	const char *config_path;
	const char *agentx_arg; /* -x */
	struct nsd_srvset servers;
	enum nsd_phase phase;
	bool forced; /* a second signal: exit at once */
	struct nsd_watch sig_watch;
	struct nsd_timer reap_wait;
	struct nsd_timer sets_wait;
	bool sets_waited; /* sets_wait has run out */
} nsd;

static void usage(FILE *out)
{
	fprintf(
	    out,
	    "Usage: netsessd [-c FILE] [-f] [-n] [-x AGENTX_ADDRESS] [-L LOGOPTS] [-d]\n"
	    "SNMP agent publishing the sessions of SMB servers (SMB-SESSION-MIB): an AgentX\n"
	    "subagent, or with <snmp> in the configuration an SNMP agent of its own.\n"
	    "\n"
	    "  -c FILE            configuration file (XML; default " NSD_CONFIG_PATH ")\n"
	    "  -f                 stay in the foreground and log to stderr\n"
	    "  -n                 check the configuration, print \"configuration OK\" and exit\n"
	    "  -x ADDRESS         AgentX address of the master agent, overriding the file\n"
	    "                     (e.g. unix:/var/agentx/master, tcp:localhost:705); not\n"
	    "                     used with <snmp>\n"
	    "  -L LOGOPTS         Net-SNMP log options, as for snmpd (-Lf FILE, -Ls daemon, "
	    "-Le)\n"
	    "  -d                 log every poll and delete (debug)\n"
	    "  -h, --help         show this help\n"
	    "  -V, --version      show the version\n"
	    "\n"
	    "Signals: SIGHUP reloads the configuration, SIGTERM stops (a second one at once).\n");
}

/* Parses the command line; -L is handed to Net-SNMP at once (it may take
 * the next argument, as snmpd's does).  Returns -1 to exit with *status. */
static int parse_args(int argc, char **argv, struct nsd_args *args, int *status)
{
	static const struct option longopts[] = {
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	memset(args, 0, sizeof(*args));
	args->config = NSD_CONFIG_PATH;
	while ((c = getopt_long(argc, argv, "c:fnx:L:dhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			args->config = optarg;
			break;
		case 'f':
			args->foreground = true;
			break;
		case 'n':
			args->check = true;
			break;
		case 'x':
			args->agentx = optarg;
			break;
		case 'L':
			if (snmp_log_options(optarg, argc, argv) != 0) {
				fprintf(stderr, "netsessd: invalid log option -L%s\n", optarg);
				*status = EXIT_USAGE;
				return -1;
			}
			args->log_set = true;
			break;
		case 'd':
			args->debug = true;
			break;
		case 'h':
			usage(stdout);
			*status = 0;
			return -1;
		case 'V':
			printf("netsessd %s (Net-SNMP %s)\n", NSD_VERSION, netsnmp_get_version());
			*status = 0;
			return -1;
		default:
			usage(stderr);
			*status = EXIT_USAGE;
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "netsessd: unexpected argument: %s\n", argv[optind]);
		*status = EXIT_USAGE;
		return -1;
	}
	return 0;
}

/* Loads the file, printing its errors or warnings ("FILE:LINE: text") on
 * stderr. */
static struct nsd_config *load_config(const char *path)
{
	struct nsd_config_errors errs;
	struct nsd_config *cfg;
	size_t i;

	memset(&errs, 0, sizeof(errs));
	cfg = nsd_config_load(path, &errs);
	if (!cfg) {
		for (i = 0; i < errs.count; i++)
			fprintf(stderr, "%s\n", errs.messages[i]);
		if (errs.count == 0)
			fprintf(stderr, "%s: cannot be loaded\n", path);
	}
	for (i = 0; cfg && i < cfg->warnings.count; i++)
		fprintf(stderr, "%s\n", cfg->warnings.messages[i]);
	nsd_config_errors_clear(&errs);
	return cfg;
}

/* The SNMP side of cfg; -x overrides <agentx address>. */
static void agent_conf(const struct nsd_config *cfg, struct nsd_agent_conf *ac)
{
	ac->listen = cfg->snmp_listen;
	ac->access = cfg->snmp_access;
	ac->agentx = nsd.agentx_arg ? nsd.agentx_arg : cfg->agentx_address;
	ac->ping_interval = cfg->ping_interval ? cfg->ping_interval : NSD_DEFAULT_PING_INTERVAL;
}

/* SIGHUP: the file again; a bad one is logged and the one in force kept. */
static void reload(void)
{
	struct nsd_config_errors errs;
	struct nsd_config *cfg;
	struct nsd_agent_conf ac;
	size_t i;

	nsd_log(LOG_NOTICE, "SIGHUP: reloading %s", nsd.config_path);
	memset(&errs, 0, sizeof(errs));
	cfg = nsd_config_load(nsd.config_path, &errs);
	if (!cfg) {
		nsd_log(LOG_ERR, "reload: %s has errors; the configuration in force is kept",
		        nsd.config_path);
		for (i = 0; i < errs.count; i++)
			nsd_log(LOG_ERR, "%s", errs.messages[i]);
		nsd_config_errors_clear(&errs);
		return;
	}
	nsd_config_errors_clear(&errs);
	for (i = 0; i < cfg->warnings.count; i++)
		nsd_log(LOG_WARNING, "%s", cfg->warnings.messages[i]);
	/* New helpers read smb.conf and run the netsessd-rpc of now. */
	nsd_zygote_restart();
	agent_conf(cfg, &ac);
	nsd_agent_reload(&ac);
	nsd_srvset_apply(&nsd.servers, cfg);
}

static const char *signal_name(int signo)
{
	return signo == SIGINT ? "SIGINT" : "SIGTERM";
}

static void on_reap_wait(void *arg)
{
	(void)arg;
	nsd_log(LOG_WARNING, "%zu helper processes not reaped %u ms after they were killed",
	        nsd_proc_count(), NSD_REAP_WAIT_MS);
	nsd.phase = NSD_DONE;
}

static void on_sets_wait(void *arg)
{
	(void)arg;
	nsd_log(LOG_WARNING,
	        "%zu SET transactions not finished by the master %u ms after their "
	        "answer",
	        nsd_tables_sets_open(), NSD_SETS_WAIT_MS);
	nsd.sets_waited = true;
}

/* SIGTERM or SIGINT. */
static void on_stop_signal(int signo)
{
	if (nsd.phase == NSD_RUNNING) {
		nsd_log(LOG_NOTICE, "%s: stopping", signal_name(signo));
		nsd_sd_stopping();
		nsd_srvset_stop(&nsd.servers);
		nsd.phase = NSD_STOPPING;
		return;
	}
	nsd_log(LOG_NOTICE, "%s again: exiting without waiting for pending SETs",
	        signal_name(signo));
	nsd.forced = true;
	nsd.phase = NSD_DONE;
}

/* The signal self-pipe is readable. */
static void on_signals(void *arg, uint32_t events)
{
	int signo;

	(void)arg;
	(void)events;
	while ((signo = nsd_sig_take()) != 0) {
		if (signo == SIGCHLD)
			nsd_proc_reap();
		else if (signo == SIGHUP && nsd.phase == NSD_RUNNING)
			reload();
		else if (signo == SIGTERM || signo == SIGINT)
			on_stop_signal(signo);
	}
}

/* Every SET has its answer and the master has finished its transaction
 * (or has been given NSD_SETS_WAIT_MS to). */
static bool sets_done(void)
{
	if (nsd_del_waiting() > 0)
		return false;
	if (nsd_tables_sets_open() == 0 || nsd.sets_waited)
		return true;
	if (!nsd_timer_running(&nsd.sets_wait))
		nsd_timer_start(&nsd.sets_wait, NSD_SETS_WAIT_MS);
	return false;
}

/* After each turn of the loop: how far stopping has come. */
static void step(void)
{
	if (nsd.phase == NSD_STOPPING && sets_done()) {
		/* What is still under way (polls, late deletes) is not waited
		 * for. */
		nsd_timer_stop(&nsd.sets_wait);
		nsd_srvset_abort(&nsd.servers);
		nsd_zygote_stop();
		nsd.phase = NSD_REAPING;
		nsd_timer_start(&nsd.reap_wait, NSD_REAP_WAIT_MS);
	}
	if (nsd.phase == NSD_REAPING && !nsd_srvset_busy(&nsd.servers) && nsd_proc_count() == 0)
		nsd.phase = NSD_DONE;
}

static void setup_logging(const struct nsd_args *args)
{
	if (args->log_set)
		return;
	if (args->foreground)
		snmp_enable_stderrlog();
	else
		snmp_enable_syslog_ident(NSD_APP, LOG_DAEMON);
}

/* Net-SNMP in the mode of the configuration (mib/agent.h), then the
 * tables, the same in both modes, then the agent starts: the subagent
 * connects to its master, the standalone agent listens. */
static int setup_agent(const struct nsd_config *cfg)
{
	struct nsd_agent_conf ac;

	agent_conf(cfg, &ac);
	if (nsd_agent_init(&ac) != 0)
		return -1;
	if (nsd_rows_init() != 0 || nsd_srvtab_register() != 0 || nsd_sesstab_register() != 0) {
		snmp_log(LOG_ERR, "cannot register SMB-SESSION-MIB tables\n");
		return -1;
	}
	/* Before init_snmp: the first AgentX connection is made inside it. */
	if (nsd_agent_standalone())
		nsd_sd_standalone(cfg->snmp_listen);
	else
		nsd_sd_watch_agentx();
	return nsd_agent_start();
}

static int setup_events(void)
{
	nsd.sig_watch.fd = -1;
	nsd_timer_init(&nsd.reap_wait, on_reap_wait, NULL);
	nsd_timer_init(&nsd.sets_wait, on_sets_wait, NULL);
	if (nsd_loop_open() != 0 ||
	    nsd_watch_start(&nsd.sig_watch, nsd_sig_fd(), EPOLLIN, on_signals, NULL) != 0) {
		snmp_log(LOG_ERR, "cannot set up the event loop: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * netsessd leaves without Net-SNMP's snmp_shutdown(): its AgentX Close is
 * a synchronous exchange made from inside Net-SNMP's own SHUTDOWN
 * callback, and when the master closes the connection meanwhile (the
 * master and netsessd stopped together, as a service manager or a test
 * harness does) Net-SNMP 5.9.3 runs its disconnect handler right there:
 * it unregisters the callback that is running, which trips the callback
 * lock's assertion ("lock in _callback_lock sleeps more than 100
 * milliseconds", "netsnmp_assert lock_holded < 100 failed"), and
 * schedules a reconnect ("reconnecting in N") after netsessd said it had
 * stopped.  Unregistering the tables one by one would make the same
 * exchanges from the same kind of callback.  So the persistent state is
 * saved, and closing the socket at exit ends the session: the master then
 * drops every registration of it (RFC 2741 7.1.9).
 */
static void teardown(void)
{
	nsd_timer_stop(&nsd.reap_wait);
	nsd_timer_stop(&nsd.sets_wait);
	nsd_watch_stop(&nsd.sig_watch);
	nsd_loop_close();
	snmp_store(NSD_APP);
	nsd_sig_close();
	nsd_srvset_free(&nsd.servers);
}

static int run(const struct nsd_args *args, struct nsd_config *cfg)
{
	const char *addr;

	/* Signals first: one that arrives while Net-SNMP starts up waits in
	 * the self-pipe instead of ending the process. */
	if (nsd_sig_init() != 0) {
		snmp_log(LOG_ERR, "cannot set up signal handling: %s\n", strerror(errno));
		nsd_config_free(cfg);
		return EXIT_FAILURE;
	}
	if (setup_agent(cfg) != 0 || setup_events() != 0) {
		nsd_config_free(cfg);
		teardown();
		return EXIT_FAILURE;
	}
	addr = args->agentx ? args->agentx : cfg->agentx_address;
	if (nsd_agent_standalone()) {
		if (args->agentx)
			nsd_log(LOG_WARNING,
			        "-x %s is not used: with <snmp>, netsessd is an SNMP "
			        "agent of its own",
			        args->agentx);
		nsd_log(LOG_NOTICE,
		        "netsessd %s starting: %zu servers, SNMP agent on %s, access file %s",
		        NSD_VERSION, cfg->nservers, cfg->snmp_listen,
		        cfg->snmp_access ? cfg->snmp_access : "(none: no access is granted)");
	} else {
		nsd_log(LOG_NOTICE,
		        "netsessd %s starting: %zu servers, AgentX master %s, ping every %u s",
		        NSD_VERSION, cfg->nservers, addr ? addr : "(Net-SNMP default)",
		        cfg->ping_interval ? cfg->ping_interval : NSD_DEFAULT_PING_INTERVAL);
	}
	nsd_srvset_apply(&nsd.servers, cfg);
	/* The configuration is in force: ready, whether or not the master
	 * has answered yet (STATUS= says so). */
	nsd_sd_ready();
	while (nsd.phase != NSD_DONE) {
		agent_check_and_process(1);
		step();
	}
	if (nsd.forced) {
		/* No goodbye to the master: it drops the session when the
		 * socket closes. */
		nsd_proc_kill_all();
		return EXIT_SUCCESS;
	}
	nsd_log(LOG_NOTICE, "netsessd stopped");
	teardown();
	return EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	struct nsd_args args;
	struct nsd_config *cfg;
	char *config_path;
	int status = EXIT_SUCCESS;
	int rc;

	if (parse_args(argc, argv, &args, &status) != 0)
		return status;
	nsd_debug = args.debug;
	nsd.agentx_arg = args.agentx;
	cfg = load_config(args.config);
	if (!cfg)
		return EXIT_FAILURE;
	if (args.check) {
		printf("configuration OK\n");
		nsd_config_free(cfg);
		return EXIT_SUCCESS;
	}
	/* SIGHUP reads the file again after the daemon has changed to "/". */
	config_path = realpath(args.config, NULL);
	nsd.config_path = config_path ? config_path : args.config;
	signal(SIGPIPE, SIG_IGN);
	setup_logging(&args);
	if (!args.foreground && netsnmp_daemonize(1, snmp_stderrlog_status()) < 0) {
		fprintf(stderr, "netsessd: cannot become a daemon: %s\n", strerror(errno));
		nsd_config_free(cfg);
		free(config_path);
		return EXIT_FAILURE;
	}
	rc = run(&args, cfg);
	free(config_path);
	return rc;
}
