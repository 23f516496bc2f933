# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli.mk: the netsess command.
#
# cli_args_test: argument parsing, the table, the JSON and the messages,
# linked against the same objects as the program (src/cli/local.mk).
# cli_test.sh: the program against a real Samba that it starts itself.

check_PROGRAMS += tests/unit/cli_args_test
tests_unit_cli_args_test_SOURCES = tests/unit/cli_args_test.c
tests_unit_cli_args_test_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(JSONC_CFLAGS)
tests_unit_cli_args_test_LDADD = src/cli/libnetsess-cli.la src/libnetsess.la \
	$(CMOCKA_LIBS) $(JSONC_LIBS)

TESTS += tests/unit/cli_args_test tests/integration/cli_test.sh \
	tests/integration/cli_addc_test.sh
EXTRA_DIST += tests/integration/cli_test.sh tests/integration/cli_addc_test.sh
