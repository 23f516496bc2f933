/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * spawn.c - starting the zygote, netsessd-rpc zygote (spawn.h).
 *
 * posix_spawn(), which does not copy the daemon's address space, with
 * every descriptor but the four the zygote needs closed on the way
 * (closefrom), whether close-on-exec or not: Net-SNMP's sockets are not.
 * Our end of the socketpair is close-on-exec, so no process started later
 * inherits it and the zygote sees EOF as soon as netsessd closes its end.
 *
 * The environment is reduced to an allow-list: the helpers the zygote
 * forks inherit it, hold a password and talk to servers netsessd does not
 * control, so they get what libsmbclient, Kerberos and the C library
 * read, and nothing of netsessd's own (Net-SNMP's variables, whatever the
 * service manager or the administrator's shell exported).
 */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef NSD_RPC_PATH
#error "NSD_RPC_PATH must name the installed netsessd-rpc"
#endif
#ifndef NSD_SBINDIR
#error "NSD_SBINDIR must name the folder netsessd is installed in"
#endif

extern char **environ;

/* Variables kept whole: the home and search path, the time zone and
 * temporary folder, the Kerberos ticket cache, configuration and keytabs
 * (MIT krb5), and smb.conf's location. */
static const char *const spawn_env_names[] = {
    "HOME",
    "PATH",
    "TZ",
    "TMPDIR",
    "LANG",
    "LANGUAGE",
    "KRB5CCNAME",
    "KRB5_CONFIG",
    "KRB5_KTNAME",
    "KRB5_CLIENT_KTNAME",
    "KRB5RCACHEDIR",
    "KRB5_TRACE",
    "SMB_CONF_PATH",
};

/* Families kept by prefix: the locale, and the cwrap test wrappers
 * (nss_wrapper, socket_wrapper, resolv_wrapper, uid_wrapper) that let a
 * test run libsmbclient against a private domain. */
static const char *const spawn_env_prefixes[] = {
    "LC_", "NSS_WRAPPER", "SOCKET_WRAPPER", "RESOLV_WRAPPER", "UID_WRAPPER",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

int nsd_spawn_env_kept(const char *entry)
{
	const char *eq = strchr(entry, '=');
	size_t n, i;

	if (!eq)
		return 0;
	n = (size_t)(eq - entry);
	for (i = 0; i < N(spawn_env_names); i++)
		if (strlen(spawn_env_names[i]) == n && memcmp(entry, spawn_env_names[i], n) == 0)
			return 1;
	for (i = 0; i < N(spawn_env_prefixes); i++)
		if (strncmp(entry, spawn_env_prefixes[i], strlen(spawn_env_prefixes[i])) == 0)
			return 1;
	return 0;
}

/* A NULL-terminated copy of the kept entries (pointers into environ). */
static char **spawn_env(void)
{
	size_t n = 0, k = 0, i;
	char **env;

	while (environ && environ[n])
		n++;
	env = calloc(n + 1, sizeof(*env));
	if (!env)
		return NULL;
	for (i = 0; i < n; i++)
		if (nsd_spawn_env_kept(environ[i]))
			env[k++] = environ[i];
	return env;
}

/* ---- the program -------------------------------------------------------- */

static char spawn_program[PATH_MAX];

/*
 * The installed netsessd runs $(libexecdir)/netsessd/netsessd-rpc.  One
 * run from anywhere else (the build tree, make distcheck) runs the
 * netsessd-rpc beside it when there is one.
 */
static void spawn_find_program(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;
	int len;

	snprintf(spawn_program, sizeof(spawn_program), "%s", NSD_RPC_PATH);
	if (n <= 0)
		return;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return;
	*slash = '\0';
	if (strcmp(exe, NSD_SBINDIR) == 0)
		return;
	len = snprintf(spawn_program, sizeof(spawn_program), "%s/%s", exe, NSD_HELPER_PROGRAM);
	if (len < 0 || (size_t)len >= sizeof(spawn_program) || access(spawn_program, X_OK) != 0)
		snprintf(spawn_program, sizeof(spawn_program), "%s", NSD_RPC_PATH);
}

const char *nsd_spawn_program(void)
{
	if (spawn_program[0] == '\0')
		spawn_find_program();
	return spawn_program;
}

/* ---- starting ---------------------------------------------------------- */

static int spawn_setup(posix_spawn_file_actions_t *fa, posix_spawnattr_t *attr, int child_fd)
{
	sigset_t none, dfl;
	int rc;

	rc = posix_spawn_file_actions_addopen(fa, 0, "/dev/null", O_RDONLY, 0);
	if (rc == 0)
		rc = posix_spawn_file_actions_addopen(fa, 1, "/dev/null", O_WRONLY, 0);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(fa, child_fd, NSD_HELPER_FD);
	if (rc == 0)
		rc = posix_spawn_file_actions_addclosefrom_np(fa, NSD_HELPER_FD + 1);
	if (rc != 0)
		return rc;
	sigemptyset(&none);
	sigfillset(&dfl);
	rc = posix_spawnattr_setflags(attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	if (rc == 0)
		rc = posix_spawnattr_setsigmask(attr, &none);
	if (rc == 0)
		rc = posix_spawnattr_setsigdefault(attr, &dfl);
	return rc;
}

static int spawn_run(int child_fd, pid_t *pid)
{
	char prog[] = NSD_HELPER_PROGRAM;
	char arg[] = NSD_ZYGOTE_ARG;
	char *argv[] = {prog, arg, NULL};
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	char **env;
	int rc;

	env = spawn_env();
	if (!env)
		return ENOMEM;
	rc = posix_spawn_file_actions_init(&fa);
	if (rc != 0)
		goto out_free_env;
	rc = posix_spawnattr_init(&attr);
	if (rc != 0)
		goto out_destroy_fa;
	rc = spawn_setup(&fa, &attr, child_fd);
	if (rc == 0)
		rc = posix_spawn(pid, nsd_spawn_program(), &fa, &attr, argv, env);
	posix_spawnattr_destroy(&attr);
out_destroy_fa:
	posix_spawn_file_actions_destroy(&fa);
out_free_env:
	free(env);
	return rc;
}

int nsd_spawn_zygote(int *fd, pid_t *pid)
{
	int sv[2], rc;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sv) != 0)
		return errno;
	/* The zygote's end blocks: it serves one request at a time. */
	if (fcntl(sv[1], F_SETFL, 0) != 0) {
		rc = errno;
		goto out_close;
	}
	rc = spawn_run(sv[1], pid);
	if (rc != 0)
		goto out_close;
	close(sv[1]);
	*fd = sv[0];
	return 0;

out_close:
	close(sv[0]);
	close(sv[1]);
	return rc;
}
