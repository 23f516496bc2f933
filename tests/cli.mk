# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli.mk: the netsess command.
#
# Unit tests, linked against the same objects as the program
# (src/cli/local.mk):
#   cli_args_test      argument parsing, the table, the JSON and the messages
#   cli_check_test     netsess check: ranges, counts, the status line
#   cli_help_test      --help and --version
#   cli_password_test  the password prompt, on a pseudo-terminal
# cli_test.sh: the program against a real Samba that it starts itself.
# cli_check.sh: netsess check, each exit status against a real Samba.

CLI_TEST_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(JSONC_CFLAGS)
CLI_TEST_LIBS = src/cli/libnetsess-cli.la src/libnetsess.la $(CMOCKA_LIBS) $(JSONC_LIBS)

check_PROGRAMS += tests/unit/cli_args_test tests/unit/cli_check_test \
	tests/unit/cli_help_test tests/unit/cli_password_test
tests_unit_cli_args_test_SOURCES = tests/unit/cli_args_test.c
tests_unit_cli_args_test_CFLAGS = $(CLI_TEST_CFLAGS)
tests_unit_cli_args_test_LDADD = $(CLI_TEST_LIBS)
tests_unit_cli_check_test_SOURCES = tests/unit/cli_check_test.c
tests_unit_cli_check_test_CFLAGS = $(CLI_TEST_CFLAGS)
tests_unit_cli_check_test_LDADD = $(CLI_TEST_LIBS)
tests_unit_cli_help_test_SOURCES = tests/unit/cli_help_test.c
tests_unit_cli_help_test_CFLAGS = $(CLI_TEST_CFLAGS)
tests_unit_cli_help_test_LDADD = $(CLI_TEST_LIBS)
tests_unit_cli_password_test_SOURCES = tests/unit/cli_password_test.c
tests_unit_cli_password_test_CFLAGS = $(CLI_TEST_CFLAGS) -pthread
tests_unit_cli_password_test_LDADD = $(CLI_TEST_LIBS) -lutil -lpthread

TESTS += tests/unit/cli_args_test tests/unit/cli_check_test \
	tests/unit/cli_help_test tests/unit/cli_password_test \
	tests/integration/cli_test.sh tests/integration/cli_check.sh \
	tests/integration/cli_addc_test.sh
EXTRA_DIST += tests/integration/cli_test.sh tests/integration/cli_check.sh \
	tests/integration/cli_addc_test.sh tests/integration/lib/cli.sh
