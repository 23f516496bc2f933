#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/enum.sh - time one `netsess enum` against N live sessions on a
# private Samba, side by side with Samba's own `rpcclient -c 'netsessenum 1'`.
#
# Usage: bench/enum.sh [SESSIONS [RUNS]]      (as root; defaults 100 and 20)
# Environment: NETSESS (path of the netsess binary; default the build tree's
# src/cli/netsess, or the one on PATH).
#
# Both commands do the same work: one SMB connection and login, open
# \PIPE\srvsvc, bind, NetrSessionEnum level 1, print every entry.  Each run
# is a fresh process.  hyperfine is used when installed (apt-get install
# hyperfine), otherwise a plain loop reports mean, min and max.
set -euo pipefail

sessions=${1:-100}
runs=${2:-20}
here=$(cd "$(dirname "$0")" && pwd)
top=${top_srcdir:-$(cd "$here/.." && pwd)}
build=${top_builddir:-$top}
netsess=${NETSESS:-$build/src/cli/netsess}
[ -x "$netsess" ] || netsess=$(command -v netsess) || {
	echo "enum.sh: no netsess binary (build first or set NETSESS)" >&2
	exit 1
}
# In a build tree src/cli/netsess is libtool's wrapper script, which runs a
# shell and sed before the program: time the program itself.
if [ -x "$(dirname "$netsess")/.libs/netsess" ]; then
	export LD_LIBRARY_PATH="$build/src/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	netsess=$(dirname "$netsess")/.libs/netsess
fi

# shellcheck source=../tests/integration/lib/samba.sh
. "$top/tests/integration/lib/samba.sh"
# shellcheck source=lib.sh
. "$here/lib.sh"
samba_start
echo "holding $sessions sessions ..." >&2
samba_hold_sessions "$sessions" nstest1

ns_cmd="$netsess enum '\\\\$SAMBA_HOST' -p $SAMBA_PORT -U '$SAMBA_ADMIN_USER%$SAMBA_ADMIN_PASS' --level 1"
rpc_cmd="rpcclient -p $SAMBA_PORT -s $SAMBA_CONF -U '$SAMBA_ADMIN_USER%$SAMBA_ADMIN_PASS' -c 'netsessenum 1' $SAMBA_HOST"

# Sanity: both see every session (ours adds its own connection).
seen=$(eval "$ns_cmd" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
echo "netsess enum sees $seen sessions ($sessions held + its own)" >&2
[ "$seen" -ge "$sessions" ] || { echo "enum.sh: netsess saw too few sessions" >&2; exit 1; }

echo "== $sessions sessions, $runs runs each, $(nproc) cores =="
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine -N --warmup 3 --runs "$runs" -n "netsess enum --level 1" "$ns_cmd" \
		-n "rpcclient netsessenum 1" "$rpc_cmd" 2>&1
else
	bench_measure "netsess enum --level 1" "$runs" bash -c "$ns_cmd"
	bench_measure "rpcclient netsessenum 1" "$runs" bash -c "$rpc_cmd"
fi
