/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sdnotify.h - netsessd's state as systemd sees it (sd_notify(3), a
 * Type=notify service): READY=1 once the configuration is in force,
 * STATUS= saying whether the AgentX session with the master is open (or,
 * standalone, where netsessd listens),
 * STOPPING=1 when it begins to stop.
 *
 * Every function does nothing when netsessd was not started by systemd
 * (no $NOTIFY_SOCKET) or was built without libsystemd.  All of them run
 * on the thread that runs Net-SNMP.
 */
#ifndef NETSESSD_SDNOTIFY_H
#define NETSESSD_SDNOTIFY_H

/* Follows the AgentX session from now on.  Call it after init_agent()
 * and before init_snmp(): the first connection attempt happens inside
 * init_snmp(). */
void nsd_sd_watch_agentx(void);

/* Standalone mode (no AgentX session): STATUS= names the addresses
 * netsessd listens on, listen (copied). */
void nsd_sd_standalone(const char *listen);

/* The configuration is loaded and its servers are started: READY=1 with
 * the current STATUS.  Later changes of the session are sent as they
 * happen. */
void nsd_sd_ready(void);

/* netsessd begins to stop (SIGTERM): STOPPING=1. */
void nsd_sd_stopping(void);

#endif
