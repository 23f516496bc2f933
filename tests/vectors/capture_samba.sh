#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# capture_samba.sh - record real exchanges with Samba on \PIPE\srvsvc into
# tests/vectors/samba_capture.h (see tests/vectors/README).
#
# Usage, as root, from the top of the source tree:
#     tests/vectors/capture_samba.sh [OUTPUT]
# Starts a private Samba on a free loopback port (tests/integration/lib/
# samba.sh), holds sessions open from 127.0.0.2 and from 80 addresses in
# 127.0.100.0/24 (enough for a level-1 answer of several fragments), then
# runs capture_samba.py.  Needs python3-samba.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/samba_capture.h}
# shellcheck source=../integration/lib/samba.sh
. "$here/../integration/lib/samba.sh"
samba_start
samba_hold_session 127.0.0.2 nstest1
samba_hold_sessions 80 nstest2
/usr/bin/python3 "$here/capture_samba.py" "$out"
samba_stop
echo "wrote $out"
