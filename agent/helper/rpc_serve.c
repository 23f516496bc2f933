/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rpc_serve.c - one server's requests in its helper (rpc_serve.h).
 */
#include "rpc_serve.h"

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth_file.h"
#include "msg.h"

struct rpc {
	int fd;
	netsess_ctx *ctx; /* after OPEN */
	char *tmpdir;     /* OPEN's, removed at exit when empty */
};

/* Reads exactly n octets.  0 at a clean EOF before the first octet, 1 when
 * done, -1 on an error or a short read. */
static int rpc_read(int fd, uint8_t *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);

		if (r > 0) {
			got += (size_t)r;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		return r == 0 && got == 0 ? 0 : -1;
	}
	return 1;
}

static int rpc_write(int fd, const uint8_t *buf, size_t n)
{
	size_t off = 0;

	while (off < n) {
		ssize_t w = write(fd, buf + off, n - off);

		if (w > 0) {
			off += (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		return -1;
	}
	return 0;
}

/* One request's body (the caller's); 0 at EOF, -1 on anything wrong. */
static int rpc_read_request(int fd, uint8_t **body, size_t *len)
{
	uint8_t hdr[NSD_MSG_HEADER];
	uint8_t *buf;
	int rc;

	rc = rpc_read(fd, hdr, sizeof(hdr));
	if (rc <= 0)
		return rc;
	if (nsd_msg_frame_length(hdr, len) != NERR_Success || *len > NSD_MSG_REQUEST_MAX)
		return -1;
	buf = malloc(*len);
	if (!buf)
		return -1;
	if (rpc_read(fd, buf, *len) != 1) {
		free(buf);
		return -1;
	}
	*body = buf;
	return 1;
}

/* The context an OPEN asks for; the password is read from its file here
 * and wiped as soon as the library has its own copy. */
static netsess_status_t rpc_ctx_new(struct rpc *r, const struct nsd_msg_request *req)
{
	struct netsess_options opts;
	char *password = NULL;
	netsess_status_t st;

	memset(&opts, 0, sizeof(opts));
	/* Before the context exists: the library reads TMPDIR when it makes
	 * its private directories. */
	if (req->tmpdir) {
		r->tmpdir = strdup(req->tmpdir);
		if (!r->tmpdir || setenv("TMPDIR", req->tmpdir, 1) != 0)
			return ERROR_NOT_ENOUGH_MEMORY;
	}
	if (req->password_file) {
		st = ns_password_file_read(req->password_file, &password);
		if (st != NERR_Success)
			return st;
	}
	opts.username = req->username;
	opts.password = password;
	opts.domain = req->domain;
	opts.auth_file = req->auth_file;
	opts.keytab = req->keytab; /* username is then its principal */
	opts.kerberos = req->kerberos;
	opts.signing = req->signing;
	opts.encryption = req->encryption;
	opts.port = req->port;
	opts.timeout_ms = req->timeout_ms;
	opts.pref_max_len = req->pref_max_len;
	opts.max_frag = req->max_frag;
	st = netsess_ctx_new(&opts, &r->ctx);
	ns_secret_free(password);
	return st;
}

static netsess_status_t rpc_open(struct rpc *r, const struct nsd_msg_request *req,
                                 struct nsd_msg_frame *reply)
{
	netsess_status_t st;

	if (req->version != NSD_MSG_VERSION || r->ctx)
		st = NETSESS_E_PROTOCOL;
	else
		st = rpc_ctx_new(r, req);
	return nsd_msg_encode_open_reply(req->id, st, reply);
}

/* What the last call left in the context, for its reply.  detail is
 * copied to buf, cut to what a message carries. */
static struct nsd_msg_context rpc_context(const struct rpc *r, char *buf, size_t cap)
{
	const char *detail = netsess_ctx_detail(r->ctx);
	struct nsd_msg_context c = {netsess_ctx_tickets(r->ctx), netsess_ctx_ticket_end(r->ctx),
	                            NULL};

	if (c.ticket_end < 0)
		c.ticket_end = 0;
	if (detail) {
		snprintf(buf, cap, "%s", detail);
		c.detail = buf;
	}
	return c;
}

static netsess_status_t rpc_enum(struct rpc *r, const struct nsd_msg_request *req,
                                 struct nsd_msg_frame *reply)
{
	struct netsess_session_list *list = NULL;
	char detail[NSD_MSG_DETAIL_MAX + 1];
	struct nsd_msg_context c;
	netsess_status_t st, enc;

	st = netsess_session_enum(r->ctx, req->server, req->client, req->user, req->level, &list);
	c = rpc_context(r, detail, sizeof(detail));
	enc = nsd_msg_encode_enum_reply(req->id, st, list, &c, reply);
	netsess_session_list_free(list);
	if (enc == ERROR_INVALID_PARAMETER) /* more than a message may carry */
		enc = nsd_msg_encode_enum_reply(req->id, NETSESS_E_PROTOCOL, NULL, &c, reply);
	return enc;
}

static netsess_status_t rpc_del(struct rpc *r, const struct nsd_msg_request *req,
                                struct nsd_msg_frame *reply)
{
	char detail[NSD_MSG_DETAIL_MAX + 1];
	struct nsd_msg_context c;
	netsess_status_t st;

	netsess_ctx_set_del_settle(r->ctx, req->settle_ms);
	st = netsess_session_del(r->ctx, req->server, req->client, req->user);
	c = rpc_context(r, detail, sizeof(detail));
	return nsd_msg_encode_del_reply(req->id, st, &c, reply);
}

/* Carries out one request and writes its reply; -1 ends the process. */
static int rpc_serve(struct rpc *r, const uint8_t *body, size_t len)
{
	struct nsd_msg_request req;
	struct nsd_msg_frame reply = {NULL, 0};
	netsess_status_t st;
	int rc = -1;

	if (nsd_msg_decode_request(body, len, &req) != NERR_Success)
		return -1;
	if (req.kind != NSD_MSG_OPEN && !r->ctx)
		goto out_clear; /* a call before the context: out of step */
	switch (req.kind) {
	case NSD_MSG_OPEN:
		st = rpc_open(r, &req, &reply);
		break;
	case NSD_MSG_ENUM:
		st = rpc_enum(r, &req, &reply);
		break;
	case NSD_MSG_DEL:
		st = rpc_del(r, &req, &reply);
		break;
	default:
		goto out_clear;
	}
	if (st == NERR_Success)
		rc = rpc_write(r->fd, reply.data, reply.len);
	nsd_msg_frame_free(&reply);
out_clear:
	nsd_msg_request_clear(&req);
	return rc;
}

int nsd_rpc_serve(int fd)
{
	struct rpc r = {fd, NULL, NULL};
	int status = EXIT_SUCCESS;

	for (;;) {
		uint8_t *body = NULL;
		size_t len = 0;
		int rc = rpc_read_request(r.fd, &body, &len);

		if (rc == 0)
			break;
		if (rc > 0)
			rc = rpc_serve(&r, body, len);
		free(body);
		if (rc < 0) {
			status = EXIT_FAILURE;
			break;
		}
		/* Idle until the next call (a poll-interval, usually): the
		 * pages freed inside the heap (an enumeration's strings) go
		 * back to the kernel instead of staying this helper's. */
		malloc_trim(0);
	}
	/* The context removes its credential cache; then the directory
	 * netsessd made for this process goes, when nothing else is left
	 * in it (netsessd removes it too, once this process is reaped). */
	netsess_ctx_free(r.ctx);
	if (r.tmpdir)
		rmdir(r.tmpdir);
	free(r.tmpdir);
	close(r.fd);
	return status;
}
