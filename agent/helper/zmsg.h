/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * zmsg.h - the messages between netsessd and the zygote (netsessd-rpc
 * zygote, the process that forks the helper of each server): pure
 * encoders and decoders of fixed-size records, no I/O.
 *
 * They travel on a SOCK_SEQPACKET socketpair, one message a packet, so
 * that a FORK carries the descriptor of the new helper's end of its own
 * socketpair (SCM_RIGHTS) and no message is ever split or merged.  Each is
 * NSD_ZMSG_SIZE octets: four little-endian u32 fields.
 *
 *   kind    id   a        b
 *   READY   0    version  0      the zygote, once, when its libraries are
 *                                loaded and initialised
 *   FORK    id   index    0      netsessd: start the helper of server
 *                                index (1..NSD_ZMSG_INDEX_MAX), with one
 *                                descriptor attached
 *   FORKED  id   pid      errno  the zygote, to FORK id: the helper runs
 *                                as pid (errno 0), or could not be
 *                                started (pid 0, errno 1..4095)
 *
 * The zygote answers FORKs in the order they came.  version is
 * NSD_ZMSG_VERSION on both sides.
 */
#ifndef NETSESSD_HELPER_ZMSG_H
#define NETSESSD_HELPER_ZMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NSD_ZMSG_VERSION 1u
#define NSD_ZMSG_SIZE 16u
/* smbServerIndex's range (SMB-SESSION-MIB): the helper writes it over
 * its argument "zygote", so it has at most 6 digits. */
#define NSD_ZMSG_INDEX_MAX 65535u
/* The errno values a FORKED may carry. */
#define NSD_ZMSG_ERRNO_MAX 4095u

enum nsd_zmsg_kind {
	NSD_ZMSG_READY = 1,
	NSD_ZMSG_FORK = 2,
	NSD_ZMSG_FORKED = 3,
};

struct nsd_zmsg {
	enum nsd_zmsg_kind kind;
	uint32_t id;
	uint32_t version; /* READY */
	uint32_t index;   /* FORK */
	uint32_t pid;     /* FORKED: > 0 when err is 0, else 0 */
	uint32_t err;     /* FORKED: an errno value, 0: started */
};

/* Writes m as NSD_ZMSG_SIZE octets.  m must be valid (nsd_zmsg_valid). */
void nsd_zmsg_encode(const struct nsd_zmsg *m, uint8_t out[NSD_ZMSG_SIZE]);

/* Reads a packet of len octets into *m.  False (and *m zeroed) when it is
 * not exactly one valid message: wrong length, unknown kind, a field out
 * of its range or set where it must be 0. */
bool nsd_zmsg_decode(const uint8_t *buf, size_t len, struct nsd_zmsg *m);

/* True when m is a message nsd_zmsg_decode() would accept. */
bool nsd_zmsg_valid(const struct nsd_zmsg *m);

#endif
