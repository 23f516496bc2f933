/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * zmsg.c - the netsessd / zygote messages (zmsg.h has the format).  Pure:
 * no I/O, no global state.
 */
#include "zmsg.h"

#include <string.h>

static void zm_put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t zm_get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

bool nsd_zmsg_valid(const struct nsd_zmsg *m)
{
	switch (m->kind) {
	case NSD_ZMSG_READY:
		return m->id == 0 && m->index == 0 && m->pid == 0 && m->err == 0;
	case NSD_ZMSG_FORK:
		return m->index >= 1 && m->index <= NSD_ZMSG_INDEX_MAX && m->version == 0 &&
		       m->pid == 0 && m->err == 0;
	case NSD_ZMSG_FORKED:
		if (m->version != 0 || m->index != 0)
			return false;
		/* A pid_t is positive and fits 31 bits. */
		if (m->err == 0)
			return m->pid >= 1 && m->pid <= 0x7FFFFFFFu;
		return m->pid == 0 && m->err <= NSD_ZMSG_ERRNO_MAX;
	}
	return false;
}

void nsd_zmsg_encode(const struct nsd_zmsg *m, uint8_t out[NSD_ZMSG_SIZE])
{
	uint32_t a = 0, b = 0;

	switch (m->kind) {
	case NSD_ZMSG_READY:
		a = m->version;
		break;
	case NSD_ZMSG_FORK:
		a = m->index;
		break;
	case NSD_ZMSG_FORKED:
		a = m->pid;
		b = m->err;
		break;
	}
	zm_put_u32(out, (uint32_t)m->kind);
	zm_put_u32(out + 4, m->id);
	zm_put_u32(out + 8, a);
	zm_put_u32(out + 12, b);
}

bool nsd_zmsg_decode(const uint8_t *buf, size_t len, struct nsd_zmsg *m)
{
	uint32_t kind, a, b;

	memset(m, 0, sizeof(*m));
	if (len != NSD_ZMSG_SIZE)
		return false;
	kind = zm_get_u32(buf);
	a = zm_get_u32(buf + 8);
	b = zm_get_u32(buf + 12);
	m->id = zm_get_u32(buf + 4);
	switch (kind) {
	case NSD_ZMSG_READY:
		m->kind = NSD_ZMSG_READY;
		m->version = a;
		if (b != 0)
			goto bad;
		break;
	case NSD_ZMSG_FORK:
		m->kind = NSD_ZMSG_FORK;
		m->index = a;
		if (b != 0)
			goto bad;
		break;
	case NSD_ZMSG_FORKED:
		m->kind = NSD_ZMSG_FORKED;
		m->pid = a;
		m->err = b;
		break;
	default:
		goto bad;
	}
	if (nsd_zmsg_valid(m))
		return true;
bad:
	memset(m, 0, sizeof(*m));
	return false;
}
