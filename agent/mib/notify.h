/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * notify.h - SMB-SESSION-MIB's notifications (send_v2trap).
 */
#ifndef NETSESSD_MIB_NOTIFY_H
#define NETSESSD_MIB_NOTIFY_H

#include "netsess.h"

struct nsd_requester;
struct nsd_srv;

/* smbSessionDeleted: the outcome of one NetrSessionDel, asked for by
 * (NULL: not known). */
void nsd_notify_deleted(const struct nsd_srv *srv, const char *client, const char *user,
                        const struct nsd_requester *by, netsess_status_t code);
/* smbServerStatusChanged: srv's status as it is now. */
void nsd_notify_status(const struct nsd_srv *srv);

#endif
