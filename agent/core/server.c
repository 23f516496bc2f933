/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * server.c - what every module says of a server the same way.
 */
#include "server.h"

#include <stdio.h>
#include <string.h>

void nsd_srv_address(const struct nsd_srv *srv, char *buf, size_t cap)
{
	const char *host = srv->cfg->host;

	if (srv->cfg->port == 0 || srv->cfg->port == NSD_DEFAULT_PORT)
		snprintf(buf, cap, "%s", host);
	else if (strchr(host, ':'))
		snprintf(buf, cap, "[%s]:%u", host, srv->cfg->port);
	else
		snprintf(buf, cap, "%s:%u", host, srv->cfg->port);
}
