/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli_password_test.c - the password prompt on a real pseudo-terminal
 * (openpty): the prompt is shown, what is typed is not echoed, the
 * terminal's settings come back afterwards, also after end of input, an
 * over-long line or a signal, and /dev/tty is the terminal asked.
 *
 * The other side of the terminal, the "user", is a thread (or, for
 * /dev/tty, the parent of a process whose controlling terminal the pty
 * is) that waits for the prompt before it types: the prompt is written
 * once echo is off and pending input is flushed, so typing earlier would
 * be lost, as it would for a real user.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "cli/password.h"

#define PROMPT "Password for [EXAMPLE\\bob]: "
/* Bound of every wait for the other side, in milliseconds. */
#define WAIT_MS 20000

/* ---- the user at the other end of the terminal ---------------------------- */

struct user {
	int master;
	int slave;
	const char *typed; /* what to type once the prompt is seen */
	size_t typed_len;
	bool interrupt;          /* send SIGINT to victim instead of typing */
	pthread_t victim;        /* the thread reading the password */
	atomic_bool done;        /* the reader has returned */
	bool saw_prompt;         /* the prompt was read from the master */
	bool echo_off_at_prompt; /* ECHO was clear when the prompt appeared */
	char seen[8192];         /* everything the terminal showed */
	size_t nseen;
};

/* Reads what the terminal shows into u->seen until want appears (or, with
 * want NULL, until nothing comes for a short while or EIO).  False on
 * timeout. */
static bool user_read_until(struct user *u, const char *want, int idle_ms)
{
	int waited = 0;

	while (waited < WAIT_MS) {
		struct pollfd p = {.fd = u->master, .events = POLLIN};
		int r = poll(&p, 1, 50);
		ssize_t n;

		if (want != NULL && u->nseen > 0) {
			u->seen[u->nseen] = '\0';
			if (strstr(u->seen, want) != NULL)
				return true;
		}
		if (r == 0) {
			waited += 50;
			if (want == NULL && waited >= idle_ms)
				return true;
			continue;
		}
		n = read(u->master, u->seen + u->nseen, sizeof(u->seen) - 1 - u->nseen);
		if (n <= 0)
			return want == NULL;
		u->nseen += (size_t)n;
		u->seen[u->nseen] = '\0';
	}
	return false;
}

static void *user_main(void *arg)
{
	struct user *u = arg;
	struct termios now;
	int i;

	u->saw_prompt = user_read_until(u, PROMPT, 0);
	if (!u->saw_prompt)
		return NULL;
	if (tcgetattr(u->slave, &now) == 0)
		u->echo_off_at_prompt = (now.c_lflag & ECHO) == 0;
	if (u->interrupt) {
		/* A signal that lands between the prompt and the read is
		 * caught but does not end the read: send until it returns. */
		for (i = 0; i < WAIT_MS / 20 && !atomic_load(&u->done); i++) {
			pthread_kill(u->victim, SIGINT);
			usleep(20000);
		}
		return NULL;
	}
	if (write(u->master, u->typed, u->typed_len) != (ssize_t)u->typed_len)
		return NULL;
	user_read_until(u, NULL, 200); /* the newline ECHONL shows */
	return NULL;
}

struct pty {
	int master;
	int slave;
	struct termios before;
};

static void pty_open(struct pty *p)
{
	assert_int_equal(openpty(&p->master, &p->slave, NULL, NULL, NULL), 0);
	assert_int_equal(tcgetattr(p->slave, &p->before), 0);
	assert_true(p->before.c_lflag & ECHO); /* a fresh pty echoes */
}

/* The terminal's settings are as they were before the prompt. */
static void pty_assert_restored(const struct pty *p)
{
	struct termios after;

	assert_int_equal(tcgetattr(p->slave, &after), 0);
	assert_int_equal(after.c_lflag, p->before.c_lflag);
	assert_int_equal(after.c_iflag, p->before.c_iflag);
	assert_int_equal(after.c_oflag, p->before.c_oflag);
}

static void pty_close(struct pty *p)
{
	close(p->master);
	close(p->slave);
}

/* cli_password_read on p's slave while a user types text; *rc, *err and
 * *pw are the outcome. */
static void read_with_user(struct pty *p, struct user *u, const char *text, size_t len, int *rc,
                           int *err, char **pw)
{
	pthread_t th;

	memset(u, 0, sizeof(*u));
	u->master = p->master;
	u->slave = p->slave;
	u->typed = text;
	u->typed_len = len;
	u->victim = pthread_self();
	atomic_init(&u->done, false);
	*pw = NULL;
	assert_int_equal(pthread_create(&th, NULL, user_main, u), 0);
	*rc = cli_password_read(p->slave, PROMPT, pw);
	*err = errno;
	atomic_store(&u->done, true);
	assert_int_equal(pthread_join(th, NULL), 0);
}

/* ---- cases ----------------------------------------------------------------- */

static void test_typed_password(void **state)
{
	static const char typed[] = "s3cr3t with spaces\n";
	struct pty p;
	struct user u;
	char *pw;
	int rc, err;

	(void)state;
	pty_open(&p);
	read_with_user(&p, &u, typed, strlen(typed), &rc, &err, &pw);
	assert_true(u.saw_prompt);
	assert_int_equal(rc, 0);
	assert_string_equal(pw, "s3cr3t with spaces");
	/* Shown: the prompt, then only a newline (ECHONL); never the secret. */
	assert_true(u.echo_off_at_prompt);
	assert_null(strstr(u.seen, "s3cr3t"));
	assert_non_null(strstr(u.seen, PROMPT "\r\n"));
	pty_assert_restored(&p);
	cli_password_free(pw);
	pty_close(&p);
}

static void test_empty_line_is_empty_password(void **state)
{
	struct pty p;
	struct user u;
	char *pw;
	int rc, err;

	(void)state;
	pty_open(&p);
	read_with_user(&p, &u, "\n", 1, &rc, &err, &pw);
	assert_int_equal(rc, 0);
	assert_string_equal(pw, "");
	cli_password_free(pw);
	pty_close(&p);
}

/* ^D on an empty line: end of input, not an empty password. */
static void test_end_of_input(void **state)
{
	struct pty p;
	struct user u;
	char eof;
	char *pw;
	int rc, err;

	(void)state;
	pty_open(&p);
	eof = (char)p.before.c_cc[VEOF];
	read_with_user(&p, &u, &eof, 1, &rc, &err, &pw);
	assert_int_equal(rc, -1);
	assert_int_equal(err, ENODATA);
	assert_null(pw);
	pty_assert_restored(&p);
	pty_close(&p);
}

static void test_too_long(void **state)
{
	size_t n = CLI_PW_MAX + 10;
	char *line = malloc(n + 1);
	struct pty p;
	struct user u;
	char *pw;
	int rc, err;

	(void)state;
	assert_non_null(line);
	memset(line, 'a', n);
	line[n] = '\n';
	pty_open(&p);
	read_with_user(&p, &u, line, n + 1, &rc, &err, &pw);
	assert_int_equal(rc, -1);
	assert_int_equal(err, EMSGSIZE);
	assert_null(pw);
	pty_assert_restored(&p);
	pty_close(&p);
	free(line);

	/* Exactly CLI_PW_MAX bytes are accepted. */
	line = malloc(CLI_PW_MAX + 1);
	assert_non_null(line);
	memset(line, 'b', CLI_PW_MAX);
	line[CLI_PW_MAX] = '\n';
	pty_open(&p);
	read_with_user(&p, &u, line, CLI_PW_MAX + 1, &rc, &err, &pw);
	assert_int_equal(rc, 0);
	assert_int_equal(strlen(pw), CLI_PW_MAX);
	cli_password_free(pw);
	pty_close(&p);
	free(line);
}

static atomic_int sigint_seen;

static void on_sigint(int sig)
{
	(void)sig;
	atomic_fetch_add(&sigint_seen, 1);
}

/* ^C while the prompt waits: echo comes back, then the signal reaches the
 * program's own handler, which is in place again. */
static void test_signal_restores_terminal(void **state)
{
	struct sigaction sa, now;
	struct pty p;
	struct user u;
	char *pw;
	int rc, err;

	(void)state;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGINT, &sa, NULL), 0);
	atomic_init(&sigint_seen, 0);
	pty_open(&p);

	memset(&u, 0, sizeof(u));
	{
		pthread_t th;

		u.master = p.master;
		u.slave = p.slave;
		u.interrupt = true;
		u.victim = pthread_self();
		atomic_init(&u.done, false);
		pw = NULL;
		assert_int_equal(pthread_create(&th, NULL, user_main, &u), 0);
		rc = cli_password_read(p.slave, PROMPT, &pw);
		err = errno;
		atomic_store(&u.done, true);
		assert_int_equal(pthread_join(th, NULL), 0);
	}
	assert_true(u.saw_prompt);
	assert_int_equal(rc, -1);
	assert_int_equal(err, EINTR);
	assert_null(pw);
	assert_true(atomic_load(&sigint_seen) >= 1);
	pty_assert_restored(&p);
	assert_int_equal(sigaction(SIGINT, NULL, &now), 0);
	assert_ptr_equal(now.sa_handler, on_sigint);
	pty_close(&p);
	signal(SIGINT, SIG_DFL);
}

static void test_not_a_terminal(void **state)
{
	int fds[2];
	char *pw = NULL;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	errno = 0;
	assert_int_equal(cli_password_read(fds[0], PROMPT, &pw), -1);
	assert_int_equal(errno, ENOTTY);
	assert_null(pw);
	close(fds[0]);
	close(fds[1]);
}

/* ---- /dev/tty: a child process whose controlling terminal is the pty ---- */

/* In the child: a new session, and slave_path as its controlling terminal
 * when given.  Writes "rc errno password" to out and exits. */
static void child_prompt(const char *slave_path, int out)
{
	char *pw = NULL, line[CLI_PW_MAX + 64];
	int fd = -1, rc, err, n;

	if (setsid() < 0)
		exit(10);
	if (slave_path != NULL) {
		fd = open(slave_path, O_RDWR); /* no O_NOCTTY: becomes the ctty */
		if (fd < 0)
			exit(11);
	}
	rc = cli_password_prompt(PROMPT, &pw);
	err = errno;
	n = snprintf(line, sizeof(line), "%d %d %s", rc, rc == 0 ? 0 : err, pw != NULL ? pw : "-");
	cli_password_free(pw);
	if (write(out, line, (size_t)n) != n)
		exit(12);
	if (fd >= 0)
		close(fd);
	close(out);
	exit(0);
}

/* Runs child_prompt in a child (which closes master and slave, ours); the
 * parent types typed once the prompt shows (when master >= 0).  Returns
 * what the child reported. */
static char *run_child(int master, int slave, const char *slave_path, const char *typed,
                       struct user *u)
{
	int fds[2], status;
	char *got = calloc(1, CLI_PW_MAX + 64);
	ssize_t n;
	pid_t pid;

	assert_non_null(got);
	assert_int_equal(pipe(fds), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		if (master >= 0)
			close(master);
		if (slave >= 0)
			close(slave);
		child_prompt(slave_path, fds[1]);
	}
	close(fds[1]);
	if (master >= 0) {
		memset(u, 0, sizeof(*u));
		u->master = master;
		u->slave = -1;
		assert_true(user_read_until(u, PROMPT, 0));
		assert_int_equal(write(master, typed, strlen(typed)), (ssize_t)strlen(typed));
	}
	n = read(fds[0], got, CLI_PW_MAX + 63);
	assert_true(n > 0);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	return got;
}

static void test_dev_tty(void **state)
{
	struct user u;
	char name[64], *got;
	int master, slave;

	(void)state;
	assert_int_equal(openpty(&master, &slave, name, NULL, NULL), 0);
	/* The child opens the slave by name, as its terminal; ours stays open
	 * meanwhile, or the master would read EIO until the child has it. */
	got = run_child(master, slave, name, "typed-on-tty\n", &u);
	assert_string_equal(got, "0 0 typed-on-tty");
	assert_null(strstr(u.seen, "typed-on-tty"));
	free(got);
	close(slave);
	close(master);
}

/* No controlling terminal (cron, a monitoring system): refused at once. */
static void test_no_terminal(void **state)
{
	char want[32], *got;

	(void)state;
	got = run_child(-1, -1, NULL, NULL, NULL);
	snprintf(want, sizeof(want), "-1 %d -", ENXIO);
	assert_string_equal(got, want);
	free(got);
}

static void test_source_and_free(void **state)
{
	struct cli_args a;

	(void)state;
	memset(&a, 0, sizeof(a));
	assert_int_equal(cli_password_source(&a, NULL), CLI_PW_PROMPT);
	a.auth_file = "/x";
	assert_int_equal(cli_password_source(&a, "env"), CLI_PW_NONE);
	cli_password_free(NULL);
	cli_password_free(strdup("wiped"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_typed_password),
	    cmocka_unit_test(test_empty_line_is_empty_password),
	    cmocka_unit_test(test_end_of_input),
	    cmocka_unit_test(test_too_long),
	    cmocka_unit_test(test_signal_restores_terminal),
	    cmocka_unit_test(test_not_a_terminal),
	    cmocka_unit_test(test_dev_tty),
	    cmocka_unit_test(test_no_terminal),
	    cmocka_unit_test(test_source_and_free),
	};

	return cmocka_run_group_tests_name("cli_password", tests, NULL, NULL);
}
