/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_config.c - libFuzzer harness for netsessd's configuration loader:
 * each input is written as a file beside private secret files and loaded
 * with nsd_config_load.  A config must come back with no message, or no
 * config with messages of one line of printable text each.  Seed:
 * tests/configs/.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent/config/nsd_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/fuzz_configXXXXXX";
static char path[sizeof(dir) + 16];

static void put(const char *name, const char *text, mode_t mode)
{
	char p[sizeof(dir) + 32];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0 || write(fd, text, strlen(text)) < 0 || close(fd) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nsd_config_errors e;
	struct nsd_config *cfg;
	int fd;

	if (path[0] == '\0') {
		if (mkdtemp(dir) == NULL)
			abort();
		put("fs1.secret", "pw1\n", 0600);
		put("fs2.auth", "username = u\npassword = p\n", 0600);
		put("netsessd.keytab", "k", 0600);
		put("snmp-access.conf", "rouser u\n", 0600);
		put("public.secret", "p\n", 0644);
		snprintf(path, sizeof(path), "%s/fuzz.xml", dir);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size || close(fd) != 0)
		abort();
	cfg = nsd_config_load(path, &e);
	if ((cfg == NULL) == (e.count == 0))
		abort();
	for (size_t i = 0; i < e.count; i++)
		for (const char *p = e.messages[i]; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				abort(); /* a message on one line of text */
	nsd_config_free(cfg);
	nsd_config_errors_clear(&e);
	return 0;
}
