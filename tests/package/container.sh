# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# container.sh - a throw-away copy of this machine with systemd as its init,
# for the package test: the packages are installed, run as a systemd service
# and purged there, and this machine is left exactly as it was.
#
#     . tests/package/container.sh
#     ct_start [NSPAWN_OPTION...]  # boots; installs the cleanup trap
#                                  # (e.g. --bind-ro=DIR: nspawn gives the
#                                  # container a /tmp of its own)
#     ct_run dpkg -i ...           # a command inside, as root
#     ct_stop                      # powers off, removes everything
#
# How: the container's root is an overlay whose lower layer is this
# machine's root file system and whose upper layer is a tmpfs, so it sees
# every installed program and this source tree, and whatever it writes
# (packages, users, /etc) is gone when it stops.  systemd-nspawn boots the
# real systemd (the one Debian runs as PID 1) in it, to an empty target of
# our own, netsess-test.target, so no other service starts.  The
# container shares this machine's network: servers a test starts inside on
# 127.0.0.1 are reachable from both sides.  It runs in cgroups of its own
# (nspawn --keep-unit needs one, and systemd inside must never see the
# machine's root cgroup as its own).
#
# Needs root, systemd-container (systemd-nspawn), overlayfs and nsenter.
# Every failure prints "container.sh: ..." and returns non-zero.
#
# Variables: CT_ROOT (the container's root, from this side), CT_PID (its
# systemd, as this side numbers it), CT_NAME, CT_LOG (nspawn's output).
# CT_TIMEOUT bounds every wait (60 s).

CT_TIMEOUT=${CT_TIMEOUT:-60}

_ct_die() {
	echo "container.sh: $*" >&2
	return 1
}

# _ct_cgroup_dirs: the cgroup directories to put the container in, one per
# hierarchy that tracks processes (cgroup v2, and systemd's v1 named one on
# hybrid machines).
_ct_cgroup_dirs() {
	if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
		echo "/sys/fs/cgroup/$CT_NAME"
		return 0
	fi
	[ -d /sys/fs/cgroup/unified ] && echo "/sys/fs/cgroup/unified/$CT_NAME"
	[ -d /sys/fs/cgroup/systemd ] && echo "/sys/fs/cgroup/systemd/$CT_NAME"
	return 0
}

ct_start() {
	local p dirs d
	for p in systemd-nspawn nsenter mount umount; do
		command -v "$p" >/dev/null 2>&1 ||
			_ct_die "required program '$p' not found (apt-get install systemd-container util-linux)" ||
			return 1
	done
	[ "$(id -u)" = 0 ] || _ct_die "must run as root" || return 1
	CT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/netsess-ct.XXXXXX") || return 1
	CT_NAME=netsess-${CT_DIR##*.}
	CT_ROOT=$CT_DIR/root
	CT_LOG=$CT_DIR.log
	trap ct_stop EXIT
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
	mount -t tmpfs -o mode=0700 tmpfs "$CT_DIR" || _ct_die "cannot mount a tmpfs" || return 1
	mkdir "$CT_DIR/upper" "$CT_DIR/work" "$CT_ROOT" || return 1
	mount -t overlay overlay -o "lowerdir=/,upperdir=$CT_DIR/upper,workdir=$CT_DIR/work" \
		"$CT_ROOT" || _ct_die "cannot mount the overlay root" || return 1
	mkdir -p "$CT_ROOT/etc/systemd/system" || return 1
	cat >"$CT_ROOT/etc/systemd/system/netsess-test.target" <<'EOF'
[Unit]
Description=netsessd package test (nothing else starts)
EOF
	dirs=$(_ct_cgroup_dirs)
	[ -n "$dirs" ] || _ct_die "no cgroup hierarchy found under /sys/fs/cgroup" || return 1
	for d in $dirs; do
		mkdir "$d" || _ct_die "cannot create cgroup $d" || return 1
	done
	(
		for d in $dirs; do
			echo "$BASHPID" >"$d/cgroup.procs" || exit 1
		done
		exec systemd-nspawn --quiet --register=no --keep-unit --link-journal=no \
			--machine="$CT_NAME" --directory="$CT_ROOT" \
			"$@" --boot systemd.unit=netsess-test.target
	) </dev/null >"$CT_LOG" 2>&1 &
	CT_NSPAWN_PID=$!
	_ct_wait_booted || {
		tail -n 30 "$CT_LOG" >&2
		return 1
	}
}

# _ct_wait_booted: the container's systemd has reached its target.
_ct_wait_booted() {
	local deadline=$((SECONDS + CT_TIMEOUT)) state
	CT_PID=
	while :; do
		kill -0 "$CT_NSPAWN_PID" 2>/dev/null || _ct_die "systemd-nspawn exited" || return 1
		[ -n "$CT_PID" ] || CT_PID=$(ps -o pid= --ppid "$CT_NSPAWN_PID" | tr -d ' ' | head -n 1)
		if [ -n "$CT_PID" ]; then
			state=$(ct_run systemctl is-system-running 2>/dev/null)
			case $state in
			running) return 0 ;;
			degraded)
				ct_run systemctl --failed --no-pager >&2
				_ct_die "the container booted degraded"
				return 1
				;;
			esac
		fi
		((SECONDS < deadline)) || _ct_die "the container did not boot in ${CT_TIMEOUT}s" ||
			return 1
		sleep 0.2
	done
}

# ct_run COMMAND...: run COMMAND inside the container, as root, in its
# namespaces (mount, UTS, IPC, PID, cgroup), in the current folder.
ct_run() {
	nsenter --target "$CT_PID" --mount --uts --ipc --pid --cgroup --wdns="$PWD" -- "$@"
}

ct_stop() {
	local deadline d
	[ -n "${CT_DIR:-}" ] || return 0
	if [ -n "${CT_NSPAWN_PID:-}" ] && kill -0 "$CT_NSPAWN_PID" 2>/dev/null; then
		[ -n "${CT_PID:-}" ] && ct_run systemctl --no-block poweroff >/dev/null 2>&1
		deadline=$((SECONDS + CT_TIMEOUT))
		while kill -0 "$CT_NSPAWN_PID" 2>/dev/null && ((SECONDS < deadline)); do
			sleep 0.2
		done
		kill -KILL "$CT_NSPAWN_PID" 2>/dev/null
		wait "$CT_NSPAWN_PID" 2>/dev/null
	fi
	umount "$CT_ROOT" 2>/dev/null || umount -l "$CT_ROOT" 2>/dev/null
	umount "$CT_DIR" 2>/dev/null || umount -l "$CT_DIR" 2>/dev/null
	rmdir "$CT_DIR" 2>/dev/null
	for d in $(_ct_cgroup_dirs); do
		[ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
	done
	rm -rf "/run/systemd/nspawn/propagate/$CT_NAME"
	rm -f "$CT_LOG"
	unset CT_DIR CT_PID CT_NSPAWN_PID
}
