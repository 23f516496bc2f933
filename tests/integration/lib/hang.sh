# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# hang.sh - a managed server that hangs, for the tests and benchmarks that
# need one: tests/tools/hang_server.py accepts on 127.0.0.1, reads and
# never answers.  Source it after lib/snmp.sh (snmp_wait).
#
# hang_start: starts it; HANG_PORT is its port, HANG_LOG the file where it
#   writes "open N" and "close N" for every connection.
# hang_stop: stops it and removes its folder (for the caller's EXIT trap).

HANG_TOOL=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../tools" && pwd)/hang_server.py

hang_start() {
	command -v python3 >/dev/null || {
		echo "hang.sh: python3 is required" >&2
		return 1
	}
	HANG_DIR=$(mktemp -d /tmp/nsd-hang.XXXXXX) || return 1
	HANG_LOG=$HANG_DIR/connections
	: >"$HANG_LOG"
	python3 "$HANG_TOOL" "$HANG_DIR/port" "$HANG_LOG" </dev/null >/dev/null 2>&1 &
	HANG_PID=$!
	snmp_wait "the hanging server to listen" test -s "$HANG_DIR/port" || return 1
	HANG_PORT=$(cat "$HANG_DIR/port")
}

hang_stop() {
	if [ -n "${HANG_PID:-}" ]; then
		kill "$HANG_PID" 2>/dev/null
		wait "$HANG_PID" 2>/dev/null
		HANG_PID=
	fi
	[ -z "${HANG_DIR:-}" ] || rm -rf "$HANG_DIR"
}
