#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# ../errors.sh with netsessd as an SNMP agent of its own, no snmpd
# (NSD_MODE=standalone: tests/integration/lib/snmp.sh).
NSD_MODE=standalone exec bash "$(dirname "$0")/../errors.sh" "$@"
