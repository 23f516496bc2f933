/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * srcaddr_preload.c - LD_PRELOAD shim that gives outgoing IPv4
 * connections to the loopback network a chosen loopback source address.
 *
 * Linux picks 127.0.0.1 as the source address for every destination in
 * 127.0.0.0/8, so all test clients would look like one client to the
 * server. With this shim preloaded and NETSESS_SRCADDR=127.0.x.y in the
 * environment, connect() on an unbound AF_INET socket first bind()s it to
 * that address (port 0: the kernel picks the port), so the server sees the
 * connection coming from 127.0.x.y and reports that address as the
 * session's client name.
 *
 * Only destinations inside 127.0.0.0/8 are touched, and only source
 * addresses inside 127.0.0.0/8 are accepted: the shim never makes a
 * connection leave the loopback interface. Any other socket, or a missing
 * or invalid NETSESS_SRCADDR, passes through unchanged.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

typedef int (*srcaddr_connect_fn)(int, const struct sockaddr *, socklen_t);

int connect(int fd, const struct sockaddr *addr, socklen_t len);

/* True when a is inside 127.0.0.0/8 (network byte order in s_addr). */
static int srcaddr_is_loopback(struct in_addr a)
{
	return (ntohl(a.s_addr) >> 24) == 127;
}

/* The source address from NETSESS_SRCADDR, or 0 when unset or unusable. */
static int srcaddr_from_env(struct in_addr *out)
{
	const char *s = getenv("NETSESS_SRCADDR");

	if (s == NULL || *s == '\0')
		return 0;
	if (inet_pton(AF_INET, s, out) != 1)
		return 0;
	return srcaddr_is_loopback(*out);
}

/* True when fd is not bound yet (local port 0). */
static int srcaddr_is_unbound(int fd)
{
	struct sockaddr_in local;
	socklen_t len = sizeof(local);

	memset(&local, 0, sizeof(local));
	if (getsockname(fd, (struct sockaddr *)&local, &len) != 0)
		return 0;
	return local.sin_family == AF_INET && local.sin_port == 0 &&
	       local.sin_addr.s_addr == htonl(INADDR_ANY);
}

/*
 * Bind fd to src:0 before an IPv4 connect to the loopback network.
 * Returns 0 when the connect may go ahead, -1 (errno set by bind) when the
 * wanted source address could not be bound: the connection then fails
 * rather than silently coming from 127.0.0.1.
 */
static int srcaddr_bind_before_connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	struct sockaddr_in dst;
	struct sockaddr_in src;
	int saved = errno;

	if (addr == NULL || len < (socklen_t)sizeof(dst) || addr->sa_family != AF_INET)
		return 0;
	memcpy(&dst, addr, sizeof(dst));
	if (!srcaddr_is_loopback(dst.sin_addr))
		return 0;
	memset(&src, 0, sizeof(src));
	src.sin_family = AF_INET;
	src.sin_port = 0;
	if (!srcaddr_from_env(&src.sin_addr) || !srcaddr_is_unbound(fd))
		return 0;
	if (bind(fd, (const struct sockaddr *)&src, sizeof(src)) != 0)
		return -1;
	errno = saved;
	return 0;
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	static srcaddr_connect_fn real_connect;

	if (real_connect == NULL) {
		void *sym = dlsym(RTLD_NEXT, "connect");

		if (sym == NULL) {
			errno = ENOSYS;
			return -1;
		}
		/* POSIX guarantees the object/function pointer round trip. */
		memcpy(&real_connect, &sym, sizeof(real_connect));
	}
	if (srcaddr_bind_before_connect(fd, addr, len) != 0)
		return -1;
	return real_connect(fd, addr, len);
}
