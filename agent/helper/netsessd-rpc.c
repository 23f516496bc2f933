/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rpcchild.c - netsessd-rpc, the RPC process of one managed server.
 *
 *   netsessd-rpc SERVER_INDEX      (started by netsessd only)
 *
 * netsessd starts one per managed server (agent/rpcproc.c) with its end of
 * a socketpair as descriptor NSD_RPC_CHILD_FD.  It reads requests in the
 * messages of rpcmsg.h, carries each out with libnetsess on the one
 * context it holds, and writes the reply: OPEN creates the context
 * (netsess_ctx_new, the credentials arriving over the socketpair), ENUM
 * and DEL call netsess_session_enum and netsess_session_del.  All the
 * semantics (the delete that ends its own pipe included) stay in the
 * library; this program only carries calls.
 *
 * It is single-threaded, so libsmbclient, which is not thread-safe in
 * every build, has the process to itself.  It never logs: failures go back
 * as status codes.  It exits when netsessd closes its end (EOF), and at
 * once on a malformed request; netsessd sees EOF and reports
 * NETSESS_E_TRANSPORT.  SERVER_INDEX only names the process for ps.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rpcmsg.h"
#include "rpcproc.h"

enum { CHILD_EXIT_USAGE = 2 };

/* The largest request: an OPEN of seven strings at their cap, and room
 * for its integers. */
#define CHILD_REQUEST_MAX (8u * (4u + NSD_RPCMSG_STR_MAX))

struct child {
	int fd;
	netsess_ctx *ctx; /* after OPEN */
};

/* 0, 1 and 2 open (on /dev/null when they are not), so that nothing the
 * libraries open lands there; every descriptor above ours closed. */
static void child_descriptors(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0)
			continue;
		if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) < 0)
			_exit(1);
	}
	closefrom(NSD_RPC_CHILD_FD + 1);
}

static bool child_fd_is_socket(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
}

/* Reads exactly n octets.  0 at a clean EOF before the first octet, 1 when
 * done, -1 on an error or a short read. */
static int child_read(int fd, uint8_t *buf, size_t n)
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

static int child_write(int fd, const uint8_t *buf, size_t n)
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
static int child_read_request(int fd, uint8_t **body, size_t *len)
{
	uint8_t hdr[NSD_RPCMSG_HEADER];
	uint8_t *buf;
	int rc;

	rc = child_read(fd, hdr, sizeof(hdr));
	if (rc <= 0)
		return rc;
	if (nsd_rpcmsg_frame_length(hdr, len) != NERR_Success || *len > CHILD_REQUEST_MAX)
		return -1;
	buf = malloc(*len);
	if (!buf)
		return -1;
	if (child_read(fd, buf, *len) != 1) {
		free(buf);
		return -1;
	}
	*body = buf;
	return 1;
}

static netsess_status_t child_open(struct child *c, const struct nsd_rpcmsg_request *req,
                                   struct nsd_rpcmsg_frame *reply)
{
	struct netsess_options opts;
	netsess_status_t st;

	if (req->version != NSD_RPCMSG_VERSION || c->ctx)
		st = NETSESS_E_PROTOCOL;
	else {
		nsd_rpcmsg_request_options(req, &opts);
		st = netsess_ctx_new(&opts, &c->ctx);
	}
	return nsd_rpcmsg_encode_open_reply(st, reply);
}

static netsess_status_t child_enum(struct child *c, const struct nsd_rpcmsg_request *req,
                                   struct nsd_rpcmsg_frame *reply)
{
	struct netsess_session_list *list = NULL;
	netsess_status_t st, enc;

	st = netsess_session_enum(c->ctx, req->server, req->client, req->user, req->level, &list);
	enc = nsd_rpcmsg_encode_enum_reply(st, list, reply);
	netsess_session_list_free(list);
	if (enc == ERROR_INVALID_PARAMETER) /* more than a message may carry */
		enc = nsd_rpcmsg_encode_enum_reply(NETSESS_E_PROTOCOL, NULL, reply);
	return enc;
}

static netsess_status_t child_del(struct child *c, const struct nsd_rpcmsg_request *req,
                                  struct nsd_rpcmsg_frame *reply)
{
	netsess_status_t st;

	st = netsess_session_del(c->ctx, req->server, req->client, req->user);
	return nsd_rpcmsg_encode_del_reply(st, reply);
}

/* Carries out one request and writes its reply; -1 ends the process. */
static int child_serve(struct child *c, const uint8_t *body, size_t len)
{
	struct nsd_rpcmsg_request req;
	struct nsd_rpcmsg_frame reply = {NULL, 0};
	netsess_status_t st;
	int rc = -1;

	if (nsd_rpcmsg_decode_request(body, len, &req) != NERR_Success)
		return -1;
	if (req.kind != NSD_RPCMSG_OPEN && !c->ctx)
		goto out_clear; /* a call before the context: out of step */
	switch (req.kind) {
	case NSD_RPCMSG_OPEN:
		st = child_open(c, &req, &reply);
		break;
	case NSD_RPCMSG_ENUM:
		st = child_enum(c, &req, &reply);
		break;
	case NSD_RPCMSG_DEL:
		st = child_del(c, &req, &reply);
		break;
	default:
		goto out_clear;
	}
	if (st == NERR_Success)
		rc = child_write(c->fd, reply.data, reply.len);
	nsd_rpcmsg_frame_free(&reply);
out_clear:
	nsd_rpcmsg_request_clear(&req);
	return rc;
}

int main(int argc, char **argv)
{
	struct child c = {NSD_RPC_CHILD_FD, NULL};
	int status = EXIT_SUCCESS;

	if (argc != 2 || argv[1][0] == '\0' || argv[1][strspn(argv[1], "0123456789")] != '\0' ||
	    !child_fd_is_socket(NSD_RPC_CHILD_FD)) {
		fprintf(stderr, "%s: internal program of netsessd, not to be run by hand\n",
		        NSD_RPC_PROGRAM);
		return CHILD_EXIT_USAGE;
	}
	/* netsessd manages this process: a write to a closed connection is
	 * an error to return, and the terminal's signals are netsessd's. */
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	child_descriptors();
	for (;;) {
		uint8_t *body = NULL;
		size_t len = 0;
		int rc = child_read_request(c.fd, &body, &len);

		if (rc == 0)
			break;
		if (rc > 0)
			rc = child_serve(&c, body, len);
		if (body) {
			explicit_bzero(body, len);
			free(body);
		}
		if (rc < 0) {
			status = EXIT_FAILURE;
			break;
		}
	}
	netsess_ctx_free(c.ctx);
	close(c.fd);
	return status;
}
