/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * netsessd.c - the AgentX subagent publishing SMB-SESSION-MIB.
 *
 *   netsessd -c FILE [-f] [-n] [-x AGENTX_ADDRESS] [-L LOGOPTS] [-d]
 *
 * One agent thread runs Net-SNMP (every SNMP and library call happens
 * here); one worker thread per managed server, each driving its own RPC
 * process (netsessd-rpc), does the RPC work and reports through a channel
 * the agent thread watches.  Signals arrive
 * through a self-pipe.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chan.h"
#include "nsd.h"
#include "signals.h"

#ifndef NSD_VERSION
#define NSD_VERSION "unknown"
#endif

#define NSD_APP "netsessd"

enum { EXIT_USAGE = 2 };

struct nsd_args {
	const char *config;
	const char *agentx;
	bool foreground;
	bool check;
	bool debug;
	bool log_set; /* -L given */
};

static struct nsd_agent agent;
static bool force_exit;

static void usage(FILE *out)
{
	fprintf(
	    out,
	    "Usage: netsessd -c FILE [-f] [-n] [-x AGENTX_ADDRESS] [-L LOGOPTS] [-d]\n"
	    "AgentX subagent publishing the sessions of SMB servers (SMB-SESSION-MIB).\n"
	    "\n"
	    "  -c FILE            configuration file (XML)\n"
	    "  -f                 stay in the foreground and log to stderr\n"
	    "  -n                 check the configuration, print \"configuration OK\" and exit\n"
	    "  -x ADDRESS         AgentX address of the master agent, overriding the file\n"
	    "                     (e.g. unix:/var/agentx/master, tcp:localhost:705)\n"
	    "  -L LOGOPTS         Net-SNMP log options, as for snmpd (-Lf FILE, -Ls daemon, "
	    "-Le)\n"
	    "  -d                 log every poll and delete (debug)\n"
	    "  -h, --help         show this help\n"
	    "  -V, --version      show the version\n"
	    "\n"
	    "Signals: SIGHUP reloads the configuration, SIGTERM stops.\n");
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
	if (!args->config) {
		fprintf(stderr, "netsessd: -c FILE is required\n");
		usage(stderr);
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

static const char *signal_name(int signo)
{
	switch (signo) {
	case SIGHUP:
		return "SIGHUP";
	case SIGTERM:
		return "SIGTERM";
	case SIGINT:
		return "SIGINT";
	default:
		return "signal";
	}
}

static void on_signal(int fd, void *arg)
{
	struct nsd_agent *a = arg;
	int signo;

	(void)fd;
	while ((signo = nsd_sig_take()) != 0) {
		if (signo == SIGHUP) {
			if (a->stopping)
				continue;
			nsd_log(LOG_NOTICE, "SIGHUP: reloading %s", a->config_path);
			nsd_srvset_reload(a);
			continue;
		}
		if (a->stopping) {
			nsd_log(LOG_NOTICE, "%s again: exiting without waiting for the workers",
			        signal_name(signo));
			force_exit = true;
			continue;
		}
		nsd_log(LOG_NOTICE, "%s: stopping", signal_name(signo));
		nsd_srvset_stop_all(a);
	}
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

/* Net-SNMP as an AgentX subagent (the role is set before init_agent, so
 * the subagent's own configuration tokens exist). */
static int setup_agent(const struct nsd_args *args, const struct nsd_config *cfg)
{
	const char *addr = args->agentx ? args->agentx : cfg->agentx_address;

	netsnmp_enable_subagent();
	if (addr)
		netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET, addr);
	if (init_agent(NSD_APP) != 0)
		return -1;
	/* Reconnect after a master restart within this many seconds. */
	netsnmp_ds_set_int(
	    NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL,
	    (int)(cfg->ping_interval ? cfg->ping_interval : NSD_DEFAULT_PING_INTERVAL));
	if (nsd_srvtab_register(&agent) != 0 || nsd_sesstab_register(&agent) != 0) {
		snmp_log(LOG_ERR, "cannot register SMB-SESSION-MIB tables\n");
		return -1;
	}
	init_snmp(NSD_APP);
	return 0;
}

static int setup_events(void)
{
	agent.chan = nsd_chan_new();
	if (!agent.chan) {
		snmp_log(LOG_ERR, "cannot set up the event descriptors: %s\n", strerror(errno));
		return -1;
	}
	if (register_readfd(nsd_sig_fd(), on_signal, &agent) != FD_REGISTERED_OK ||
	    register_readfd(nsd_chan_fd(agent.chan), nsd_srvset_on_chan, &agent) !=
	        FD_REGISTERED_OK) {
		snmp_log(LOG_ERR, "cannot watch the event descriptors\n");
		return -1;
	}
	return 0;
}

static void teardown(void)
{
	if (agent.chan)
		unregister_readfd(nsd_chan_fd(agent.chan));
	if (nsd_sig_fd() >= 0)
		unregister_readfd(nsd_sig_fd());
	nsd_sesstab_unregister(&agent);
	nsd_srvtab_unregister(&agent);
	snmp_shutdown(NSD_APP);
	nsd_sig_close();
	nsd_chan_free(agent.chan);
	agent.chan = NULL;
	nsd_srvset_free(&agent);
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
	if (setup_agent(args, cfg) != 0 || setup_events() != 0) {
		nsd_config_free(cfg);
		teardown();
		return EXIT_FAILURE;
	}
	addr = args->agentx ? args->agentx : cfg->agentx_address;
	nsd_log(LOG_NOTICE, "netsessd %s starting: %zu servers, AgentX master %s, ping every %u s",
	        NSD_VERSION, cfg->nservers, addr ? addr : "(Net-SNMP default)",
	        cfg->ping_interval ? cfg->ping_interval : NSD_DEFAULT_PING_INTERVAL);
	nsd_srvset_apply(&agent, cfg);
	while (!force_exit && !(agent.stopping && !nsd_srvset_busy(&agent)))
		agent_check_and_process(1);
	if (force_exit) {
		snmp_shutdown(NSD_APP);
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
	agent.config_path = config_path ? config_path : args.config;
	signal(SIGPIPE, SIG_IGN);
	setup_logging(&args);
	/* Before any thread starts: fork() keeps only the calling thread. */
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
