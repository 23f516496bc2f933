/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rpc_test.c - the real helper program, agent/netsessd-rpc, as the
 * zygote netsessd starts and through the helpers it forks, spoken to over
 * sockets as netsessd does, in what needs no server: a helper is this
 * test's child (adopted, as netsessd adopts them), named by its index,
 * with descriptors 0-3 only; it reads the password file OPEN names itself,
 * with the library's rule (a regular, private file, not a symbolic link),
 * and the password is then in its memory and not in the zygote's; it
 * passes a keytab to the library, which checks it the same way, and sends
 * back with each reply what the call left in the context (the tickets,
 * the library's words for a failure); it takes the directory OPEN names
 * as its TMPDIR and leaves nothing there; it refuses a request before
 * OPEN and a frame that is not a message; the zygote and the helpers are
 * not dumpable; run by hand, it says what it is.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "helper/msg.h"
#include "helper/spawn.h"
#include "helper/zmsg.h"

#ifndef NSD_TEST_RPC
#error "NSD_TEST_RPC must name the built netsessd-rpc"
#endif

struct fx {
	char dir[64];
	pid_t zygote;
	int ctl;
	pid_t pid;
	int fd;
	uint32_t next_id;
};

/* Runs argv with the socket as NSD_HELPER_FD, as user uid (when we are
 * root) or as ourselves. */
static pid_t run_as(uid_t uid, int sock, char *const argv[])
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		if (sock >= 0)
			dup2(sock, NSD_HELPER_FD);
		if (getuid() == 0 && (setgid(uid) != 0 || setuid(uid) != 0))
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

/* Starts "netsessd-rpc zygote" as uid and waits for its READY. */
static void zygote_start(struct fx *f, uid_t uid)
{
	char prog[] = NSD_TEST_RPC, arg[] = NSD_ZYGOTE_ARG;
	char *argv[] = {prog, arg, NULL};
	uint8_t buf[NSD_ZMSG_SIZE];
	struct nsd_zmsg m;
	int sv[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
	f->zygote = run_as(uid, sv[1], argv);
	close(sv[1]);
	f->ctl = sv[0];
	assert_int_equal(recv(f->ctl, buf, sizeof(buf), 0), (ssize_t)sizeof(buf));
	assert_true(nsd_zmsg_decode(buf, sizeof(buf), &m));
	assert_int_equal(m.kind, NSD_ZMSG_READY);
	assert_int_equal(m.version, NSD_ZMSG_VERSION);
}

/* Asks the zygote for the helper of server 4, as netsessd does. */
static void start(struct fx *f)
{
	struct nsd_zmsg m = {.kind = NSD_ZMSG_FORK, .id = ++f->next_id, .index = 4};
	union {
		struct cmsghdr align;
		char space[CMSG_SPACE(sizeof(int))];
	} ctl;
	uint8_t buf[NSD_ZMSG_SIZE];
	struct iovec iov = {buf, sizeof(buf)};
	struct msghdr mh;
	struct cmsghdr *c;
	int sv[2];

	if (!f->zygote)
		zygote_start(f, getuid());
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	nsd_zmsg_encode(&m, buf);
	memset(&mh, 0, sizeof(mh));
	memset(&ctl, 0, sizeof(ctl));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = ctl.space;
	mh.msg_controllen = sizeof(ctl.space);
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &sv[1], sizeof(int));
	assert_int_equal(sendmsg(f->ctl, &mh, 0), (ssize_t)sizeof(buf));
	close(sv[1]);
	assert_int_equal(recv(f->ctl, buf, sizeof(buf), 0), (ssize_t)sizeof(buf));
	assert_true(nsd_zmsg_decode(buf, sizeof(buf), &m));
	assert_int_equal(m.kind, NSD_ZMSG_FORKED);
	assert_int_equal(m.id, f->next_id);
	assert_int_equal(m.err, 0);
	f->pid = (pid_t)m.pid;
	f->fd = sv[0];
}

/* Closes our end and returns the helper's wait status: it is our child. */
static int stop(struct fx *f)
{
	int status;

	close(f->fd);
	assert_int_equal(waitpid(f->pid, &status, 0), f->pid);
	return status;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/nsd-rpc-test.XXXXXX");
	if (!f || !mkdtemp(f->dir))
		return -1;
	*state = f;
	return 0;
}

/* The zygote exits 0 when its socket is closed. */
static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];
	int status;

	if (f->zygote) {
		close(f->ctl);
		assert_int_equal(waitpid(f->zygote, &status, 0), f->zygote);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static void send_frame(struct fx *f, struct nsd_msg_frame *fr)
{
	assert_int_equal(write(f->fd, fr->data, fr->len), (ssize_t)fr->len);
	nsd_msg_frame_free(fr);
}

static void read_all(int fd, uint8_t *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);

		assert_true(r > 0);
		got += (size_t)r;
	}
}

/* The next reply; its kind and id must be these. */
static struct nsd_msg_reply reply(struct fx *f, enum nsd_msg_kind kind, uint32_t id)
{
	uint8_t hdr[NSD_MSG_HEADER], *body;
	struct nsd_msg_reply r;
	size_t len;

	read_all(f->fd, hdr, sizeof(hdr));
	assert_int_equal(nsd_msg_frame_length(hdr, &len), NERR_Success);
	body = malloc(len);
	assert_non_null(body);
	read_all(f->fd, body, len);
	assert_int_equal(nsd_msg_decode_reply(body, len, &r), NERR_Success);
	free(body);
	assert_int_equal(r.kind, kind);
	assert_int_equal(r.id, id);
	return r;
}

/* OPEN naming the password file path; the status of its reply. */
static netsess_status_t open_with(struct fx *f, const char *path)
{
	struct nsd_msg_open o;
	struct nsd_msg_frame fr;
	struct nsd_msg_reply r;

	memset(&o, 0, sizeof(o));
	o.username = "svc";
	o.password_file = path;
	o.timeout_ms = 1000;
	assert_int_equal(nsd_msg_encode_open(11, &o, &fr), NERR_Success);
	send_frame(f, &fr);
	r = reply(f, NSD_MSG_OPEN, 11);
	assert_int_equal(r.version, NSD_MSG_VERSION);
	return r.status;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

/* OPEN with a keytab and a principal, and a tmpdir; its status. */
static netsess_status_t open_keytab(struct fx *f, const char *keytab, const char *password_file,
                                    const char *tmpdir)
{
	struct nsd_msg_open o;
	struct nsd_msg_frame fr;
	struct nsd_msg_reply r;

	memset(&o, 0, sizeof(o));
	o.username = "svc@NETSESS.TEST";
	o.keytab = keytab;
	o.password_file = password_file;
	o.tmpdir = tmpdir;
	o.timeout_ms = 1000;
	assert_int_equal(nsd_msg_encode_open(21, &o, &fr), NERR_Success);
	send_frame(f, &fr);
	r = reply(f, NSD_MSG_OPEN, 21);
	return r.status;
}

/*
 * Keytabs: one that others may read is refused at OPEN, as is one beside
 * a password; a private one opens.  A keytab that holds no key: the
 * enumeration fails before any connection, with the library's reason in
 * the reply, no ticket, and the library's directory in the TMPDIR OPEN
 * named, which is empty again once the helper has exited.
 */
static void test_keytab(void **state)
{
	struct fx *f = *state;
	char open_kt[128], kt[128], pw[128], tmp[128], cmd[256];
	struct nsd_msg_frame fr;
	struct nsd_msg_reply r;

	snprintf(open_kt, sizeof(open_kt), "%s/open.keytab", f->dir);
	snprintf(kt, sizeof(kt), "%s/svc.keytab", f->dir);
	snprintf(pw, sizeof(pw), "%s/svc.pw", f->dir);
	snprintf(tmp, sizeof(tmp), "%s/tmp", f->dir);
	write_file(open_kt, "not a keytab\n", 0644);
	write_file(kt, "not a keytab\n", 0600);
	write_file(pw, "Secret-1\n", 0600);
	assert_int_equal(mkdir(tmp, 0700), 0);

	start(f);
	assert_int_equal(open_keytab(f, open_kt, NULL, NULL), NETSESS_E_AUTH_FILE);
	assert_int_equal(stop(f), 0);
	start(f);
	assert_int_equal(open_keytab(f, kt, pw, NULL), ERROR_INVALID_PARAMETER);
	assert_int_equal(stop(f), 0);

	start(f);
	assert_int_equal(open_keytab(f, kt, NULL, tmp), NERR_Success);
	assert_int_equal(nsd_msg_encode_enum(22, "fs1.invalid", NULL, NULL, 1, &fr), NERR_Success);
	send_frame(f, &fr);
	r = reply(f, NSD_MSG_ENUM, 22);
	assert_int_equal(r.status, NETSESS_E_AUTH_FILE);
	assert_int_equal(r.tickets, 0);
	assert_int_equal(r.ticket_end, 0);
	assert_non_null(r.detail);
	{
		static const char want[] = "Kerberos: no key for svc@NETSESS.TEST from keytab ";

		if (strncmp(r.detail, want, strlen(want)) != 0)
			fail_msg("detail: %s", r.detail);
	}
	assert_non_null(strstr(r.detail, kt));
	nsd_msg_reply_clear(&r);
	/* The library made its private directory in the helper's TMPDIR. */
	snprintf(cmd, sizeof(cmd), "test -d %s/netsess-krb5-*", tmp);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(stop(f), 0);
	/* Gone at exit, with the directory itself. */
	assert_int_equal(access(tmp, F_OK), -1);
	assert_int_equal(errno, ENOENT);
}

/* A private password file: the context opens; a call that needs no
 * server (a delete naming nobody) is answered by the library. */
static void test_private_file(void **state)
{
	struct fx *f = *state;
	char path[128];
	struct nsd_msg_frame fr;
	struct nsd_msg_reply r;

	snprintf(path, sizeof(path), "%s/fs1.pw", f->dir);
	write_file(path, "Secret-1\n", 0600);
	start(f);
	assert_int_equal(open_with(f, path), NERR_Success);
	assert_int_equal(nsd_msg_encode_del(12, "fs1", NULL, NULL, 0, &fr), NERR_Success);
	send_frame(f, &fr);
	r = reply(f, NSD_MSG_DEL, 12);
	assert_int_equal(r.status, ERROR_INVALID_PARAMETER);
	assert_int_equal(stop(f), 0);
}

/* Files the library's rule refuses: readable by others, missing, a
 * symbolic link, not a regular file.  The helper says so and lives on
 * for netsessd to end. */
static void test_refused_files(void **state)
{
	struct fx *f = *state;
	char open_pw[128], link_pw[128], good[128], missing[128];

	snprintf(open_pw, sizeof(open_pw), "%s/open.pw", f->dir);
	snprintf(good, sizeof(good), "%s/good.pw", f->dir);
	snprintf(link_pw, sizeof(link_pw), "%s/link.pw", f->dir);
	snprintf(missing, sizeof(missing), "%s/missing.pw", f->dir);
	write_file(open_pw, "Secret-1\n", 0644);
	write_file(good, "Secret-1\n", 0600);
	assert_int_equal(symlink(good, link_pw), 0);
	start(f);
	assert_int_equal(open_with(f, open_pw), NETSESS_E_AUTH_FILE);
	assert_int_equal(stop(f), 0);
	start(f);
	assert_int_equal(open_with(f, missing), NETSESS_E_AUTH_FILE);
	assert_int_equal(stop(f), 0);
	start(f);
	assert_int_equal(open_with(f, link_pw), NETSESS_E_AUTH_FILE);
	assert_int_equal(stop(f), 0);
	start(f);
	assert_int_equal(open_with(f, f->dir), NETSESS_E_AUTH_FILE);
	assert_int_equal(stop(f), 0);
}

/* Out of step: a call before OPEN ends the process; an OPEN of another
 * version is refused. */
static void test_out_of_step(void **state)
{
	struct fx *f = *state;
	struct nsd_msg_frame fr;
	uint8_t b;
	int status;

	start(f);
	assert_int_equal(nsd_msg_encode_enum(1, "fs1", NULL, NULL, 1, &fr), NERR_Success);
	send_frame(f, &fr);
	assert_int_equal(read(f->fd, &b, 1), 0); /* EOF: it has gone */
	status = stop(f);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);

	/* A frame that is not a message at all. */
	start(f);
	assert_int_equal(write(f->fd, "\x02\x00\x00\x00\x09\x09", 6), 6);
	assert_int_equal(read(f->fd, &b, 1), 0);
	status = stop(f);
	assert_int_equal(WEXITSTATUS(status), 1);
}

/* The owner of /proc/PID/status. */
static uid_t proc_owner(pid_t pid)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	assert_int_equal(stat(path, &st), 0);
	return st.st_uid;
}

/* Waits (at most 10 s) until pid runs prog. */
static void wait_exec(pid_t pid, const char *prog)
{
	char path[64], buf[256];
	int i, fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%ld/cmdline", (long)pid);
	for (i = 0; i < 1000; i++) {
		fd = open(path, O_RDONLY);
		assert_true(fd >= 0);
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		buf[n > 0 ? n : 0] = '\0';
		if (strcmp(buf, prog) == 0)
			return;
		usleep(10000);
	}
	fail_msg("%ld does not run %s", (long)pid, prog);
}

/*
 * Not dumpable: the kernel then gives its /proc files to root, so that
 * only a process with CAP_SYS_PTRACE reads its memory or environment, and
 * writes no core file of it.  Seen from outside when it runs as another
 * user than root: its /proc/PID/status is root's, while that of a program
 * that keeps the default (sleep) is its user's.  So for the zygote and for
 * a helper it forked.
 */
static void test_not_dumpable(void **state)
{
	struct fx *f = *state;
	uid_t uid = getuid() == 0 ? 65534 : getuid();
	char sleep_prog[] = "/bin/sleep", secs[] = "30";
	char *sleep_argv[] = {sleep_prog, secs, NULL};
	uid_t helper_owner, zygote_owner, other_owner;
	pid_t other;
	int status;

	other = run_as(uid, -1, sleep_argv);
	zygote_start(f, uid);
	start(f);
	/* sleep runs once its exec is done: its cmdline is sleep's. */
	wait_exec(other, sleep_prog);
	/* Once it answers, it has run past its first line. */
	assert_int_equal(open_with(f, "/nonexistent"), NETSESS_E_AUTH_FILE);
	helper_owner = proc_owner(f->pid);
	zygote_owner = proc_owner(f->zygote);
	other_owner = proc_owner(other);
	kill(other, SIGKILL);
	waitpid(other, &status, 0);
	assert_int_equal(stop(f), 0);
	assert_int_equal(other_owner, uid);
	assert_int_equal(helper_owner, 0);
	assert_int_equal(zygote_owner, 0);
}

/* "0,1,2,3": the descriptors of pid. */
static void proc_fds(pid_t pid, char *buf, size_t cap)
{
	char path[64];
	int n[64], count = 0, i, j;
	size_t len = 0;
	struct dirent *e;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%ld/fd", (long)pid);
	d = opendir(path);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL && count < 64)
		if (e->d_name[0] != '.')
			n[count++] = atoi(e->d_name);
	closedir(d);
	for (i = 1; i < count; i++)
		for (j = i; j > 0 && n[j - 1] > n[j]; j--) {
			int t = n[j];

			n[j] = n[j - 1];
			n[j - 1] = t;
		}
	buf[0] = '\0';
	for (i = 0; i < count && len < cap; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%d", i ? "," : "", n[i]);
}

/* A file of /proc/PID, whole (at most cap - 1 octets); its length. */
static size_t proc_file(pid_t pid, const char *name, char *buf, size_t cap)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%ld/%s", (long)pid, name);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, buf, cap - 1);
	close(fd);
	assert_true(n >= 0);
	buf[n] = '\0';
	return (size_t)n;
}

/*
 * What a non-dumpable process keeps to itself (its descriptors, its
 * memory) only a process with CAP_SYS_PTRACE may read: as root the test
 * reads it; otherwise (the package build runs these tests unprivileged)
 * it checks that it may not.
 */
static bool may_look(pid_t pid)
{
	char path[64];
	DIR *d;

	if (geteuid() == 0)
		return true;
	snprintf(path, sizeof(path), "/proc/%ld/fd", (long)pid);
	d = opendir(path);
	if (d)
		closedir(d);
	assert_null(d);
	assert_int_equal(errno, EACCES);
	return false;
}

/* A helper as netsessd's supervision sees it. */
static void test_helper_process(void **state)
{
	struct fx *f = *state;
	char buf[512], want[64];
	size_t n;

	start(f);
	assert_int_equal(open_with(f, "/nonexistent"), NETSESS_E_AUTH_FILE);
	if (may_look(f->pid)) {
		proc_fds(f->pid, buf, sizeof(buf));
		assert_string_equal(buf, "0,1,2,3");
		proc_fds(f->zygote, buf, sizeof(buf));
		assert_string_equal(buf, "0,1,2,3");
	}
	/* "netsessd-rpc 4": the index over the zygote's argument. */
	n = proc_file(f->pid, "cmdline", buf, sizeof(buf));
	assert_true(n > strlen(buf) + 1);
	assert_string_equal(strrchr(buf, '/') ? strrchr(buf, '/') + 1 : buf, NSD_HELPER_PROGRAM);
	assert_string_equal(buf + strlen(buf) + 1, "4");
	n = proc_file(f->zygote, "cmdline", buf, sizeof(buf));
	assert_string_equal(buf + strlen(buf) + 1, NSD_ZYGOTE_ARG);
	/* Our child, adopted; the zygote keeps none. */
	proc_file(f->pid, "status", buf, sizeof(buf));
	snprintf(want, sizeof(want), "\nPPid:\t%ld\n", (long)getpid());
	assert_non_null(strstr(buf, want));
	snprintf(buf, sizeof(buf), "task/%ld/children", (long)f->zygote);
	proc_file(f->zygote, buf, buf, sizeof(buf));
	assert_string_equal(buf, "");
	assert_int_equal(stop(f), 0);
}

/* True when the readable memory of pid holds text. */
static bool memory_holds(pid_t pid, const char *text)
{
	char path[64], line[512];
	bool found = false;
	FILE *maps;
	int mem;

	snprintf(path, sizeof(path), "/proc/%ld/maps", (long)pid);
	maps = fopen(path, "r");
	assert_non_null(maps);
	snprintf(path, sizeof(path), "/proc/%ld/mem", (long)pid);
	mem = open(path, O_RDONLY);
	assert_true(mem >= 0);
	while (!found && fgets(line, sizeof(line), maps)) {
		unsigned long lo, hi;
		char perms[8];
		uint8_t *buf;
		ssize_t got;

		if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) != 3 || perms[0] != 'r' ||
		    strstr(line, "[vvar]") || strstr(line, "[vsyscall]"))
			continue;
		buf = malloc(hi - lo);
		assert_non_null(buf);
		got = pread(mem, buf, hi - lo, (off_t)lo);
		if (got > 0 && memmem(buf, (size_t)got, text, strlen(text)))
			found = true;
		free(buf);
	}
	close(mem);
	fclose(maps);
	return found;
}

/* The password is read in the helper: it is in the helper's memory (the
 * library holds it for the connection) and never in the zygote's. */
static void test_secret_not_in_zygote(void **state)
{
	struct fx *f = *state;
	char path[128];

	snprintf(path, sizeof(path), "%s/fs1.pw", f->dir);
	write_file(path, "Zy-Secret-4711\n", 0600);
	start(f);
	assert_int_equal(open_with(f, path), NERR_Success);
	if (may_look(f->zygote)) {
		assert_true(memory_holds(f->pid, "Zy-Secret-4711"));
		assert_false(memory_holds(f->zygote, "Zy-Secret-4711"));
	}
	assert_int_equal(stop(f), 0);
	start(f);
	if (may_look(f->pid))
		assert_false(memory_holds(f->pid, "Zy-Secret-4711"));
	assert_int_equal(stop(f), 0);
}

static void by_hand(const char *argv1)
{
	int status;
	pid_t pid;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 2);
		close(NSD_HELPER_FD);
		execl(NSD_TEST_RPC, NSD_HELPER_PROGRAM, argv1, (char *)NULL);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 2);
}

/* Run by hand, with or without its argument: a message, exit status 2. */
static void test_by_hand(void **state)
{
	(void)state;
	by_hand("1");
	by_hand(NSD_ZYGOTE_ARG);
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_private_file),   T(test_refused_files),  T(test_keytab),
	    T(test_out_of_step),    T(test_not_dumpable),   T(test_helper_process),
	    T(test_secret_not_in_zygote), T(test_by_hand),
	};
#undef T

	signal(SIGPIPE, SIG_IGN);
	/* The helpers are adopted by this process, as by netsessd. */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
