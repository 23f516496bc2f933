/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * transport.h - how DCE/RPC PDUs reach \PIPE\srvsvc.
 *
 * A transport is a small table of functions.  The RPC layer never knows how
 * bytes move: libsmbclient sits behind transport_smbc.c, and unit tests put
 * an in-memory peer here.  Each function returns a netsess_status_t:
 * NETSESS_E_TIMEOUT, NETSESS_E_TRANSPORT (broken connection), ...
 */
#ifndef NETSESS_TRANSPORT_H
#define NETSESS_TRANSPORT_H

#include "netsess.h"

struct ns_transport;

/* The time base of read deadlines: netsess_monotonic_ms(). */
static inline uint64_t ns_transport_now_ms(void)
{
	return netsess_monotonic_ms();
}

struct ns_transport_ops {
	/* Writes one whole PDU (one message on the pipe). */
	netsess_status_t (*write)(struct ns_transport *t, const uint8_t *buf, size_t len);
	/* Reads exactly len bytes, or fails.  Once ns_transport_now_ms() has
	 * reached deadline_ms (0: none) no further wait begins: the read
	 * fails with NETSESS_E_TIMEOUT. */
	netsess_status_t (*read)(struct ns_transport *t, uint8_t *buf, size_t len,
	                         uint64_t deadline_ms);
	/* Closes the pipe and frees t.  NULL-safe at the call site. */
	void (*close)(struct ns_transport *t);
};

struct ns_transport {
	const struct ns_transport_ops *ops;
};

/* Where and how to connect; strings are borrowed for the call. */
struct ns_transport_params {
	const char *host; /* name or address, no backslashes */
	uint16_t port;
	const char *username;
	const char *password;
	const char *domain;
	bool kerberos;
	const char *ccache; /* Kerberos credential cache to log on from
	                       ("FILE:..."); NULL: the caller's default */
	enum netsess_smb_policy signing;
	enum netsess_smb_policy encryption;
	unsigned timeout_ms;
	char *detail;      /* on failure, a one-line explanation beyond the
	                      status (the server's or the Kerberos library's
	                      words), NUL-terminated; may be NULL */
	size_t detail_len; /* bytes at detail */
};

/* A constructor: opens \PIPE\srvsvc on params->host.  On success *out is
 * the caller's, released with (*out)->ops->close(*out). */
typedef netsess_status_t (*ns_transport_open_fn)(const struct ns_transport_params *params,
                                                 void *arg, struct ns_transport **out);

/* libsmbclient: smb://host[:port]/IPC$/srvsvc.  arg is unused. */
netsess_status_t ns_transport_smbc_open(const struct ns_transport_params *params, void *arg,
                                        struct ns_transport **out);

#endif
