# SPDX-License-Identifier: GPL-3.0-or-later
# tests/deploy.mk: netsessd as an administrator deploys it.
#
# - tests/lint/unit_security.sh: the systemd unit's exposure, as
#   systemd-analyze security rates it, is at most 2.5;
# - tests/integration/sdnotify.sh: what systemd hears from netsessd
#   (READY=1, STATUS= following the AgentX session, STOPPING=1);
# - tests/integration/security_guide.sh: docs/security.md's master agent
#   configuration, taken from the guide, against snmpd, netsessd and Samba;
# - tests/integration/security_standalone.sh: its section 5, netsessd as
#   an SNMP agent of its own with the guide's access file (the two take
#   turns: they share the guide's accounts).
#
# The Debian packages are tested by tests/package/run.sh, a stage of its
# own after "make check" in .ci/run (it builds, installs and purges them in
# a container booted with systemd); see README.md, "Packages".

TESTS += tests/lint/unit_security.sh
# The unit is built even when configure leaves it out of make install.
check_DATA = agent/service/netsessd.service

TESTS += tests/integration/sdnotify.sh tests/integration/security_guide.sh \
	tests/integration/security_standalone.sh

EXTRA_DIST += \
	tests/lint/unit_security.sh \
	tests/integration/sdnotify.sh \
	tests/integration/security_guide.sh \
	tests/integration/security_standalone.sh \
	tests/integration/lib/docs.sh tests/integration/lib/guide.sh \
	tests/tools/sd_listen.py \
	tests/package/run.sh \
	tests/package/inside.sh \
	tests/package/container.sh
