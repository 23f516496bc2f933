# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# zabbix.sh - a private Zabbix 6.0 for the integration tests: a PostgreSQL
# cluster, zabbix_server and the Zabbix frontend's API (served by PHP's
# built-in web server), all from Debian 12's packages, in one temporary
# directory $ZBX_DIR, on free ports of 127.0.0.1.  Source it from bash after
# lib/agent_test.sh:
#
#     zbx_start                 # database, schema, server, API; logged in
#     zbx_api METHOD JSON       # one API call; prints its "result" as JSON
#     zbx_server_stop; zbx_server_launch [MIBDIRS MIBS]
#                               restart the server alone, with or without
#                               MIBs loaded in its Net-SNMP library
#     zbx_stop                  # also runs on exit (the caller's trap)
#
# Debian's frontend reads its configuration from the fixed path
# /etc/zabbix/zabbix.conf.php; the tests must not write there, so zbx_start
# serves a copy of /usr/share/zabbix whose CConfigFile points into $ZBX_DIR.
#
# A missing program is a failure ("zabbix.sh: ..." on stderr, non-zero).
# Needs root (it runs PostgreSQL as the postgres user).

ZBX_TIMEOUT=${ZBX_TIMEOUT:-120}
ZBX_PG_BIN=${ZBX_PG_BIN:-/usr/lib/postgresql/15/bin}
ZBX_SQL=/usr/share/zabbix-server-pgsql
ZBX_UI=/usr/share/zabbix
ZBX_PYTHON=${PYTHON:-/usr/bin/python3}

_zbx_die() {
	echo "zabbix.sh: $*" >&2
	return 1
}

_zbx_wait() {
	local what=$1 deadline=$((SECONDS + ZBX_TIMEOUT))
	shift
	until "$@"; do
		if ((SECONDS >= deadline)); then
			_zbx_die "timed out after ${ZBX_TIMEOUT}s waiting for $what"
			return 1
		fi
		sleep 0.5
	done
}

_zbx_port() {
	local p
	for _ in $(seq 200); do
		p=$((20000 + (RANDOM % 12768)))
		if [ -z "$(ss -Htan "( sport = :$p )" 2>/dev/null)" ]; then
			echo "$p"
			return 0
		fi
	done
	_zbx_die "no free TCP port"
}

_zbx_pg() {
	runuser -u postgres -- "$@"
}

_zbx_psql() {
	_zbx_pg "$ZBX_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$ZBX_DIR/pg" -p "$ZBX_PG_PORT" \
		-U zabbix "$@"
}

_zbx_db() {
	local f
	mkdir -p "$ZBX_DIR/pg" && chown postgres: "$ZBX_DIR/pg" || return 1
	_zbx_pg "$ZBX_PG_BIN/initdb" -D "$ZBX_DIR/pg/data" -U zabbix -A trust -E UTF8 \
		--locale=C.UTF-8 --no-sync >"$ZBX_DIR/initdb.log" 2>&1 ||
		_zbx_die "initdb failed: $(tail -n 5 "$ZBX_DIR/initdb.log")" || return 1
	ZBX_PG_PORT=$(_zbx_port) || return 1
	_zbx_pg "$ZBX_PG_BIN/pg_ctl" -D "$ZBX_DIR/pg/data" -l "$ZBX_DIR/pg/postgres.log" -w \
		-o "-p $ZBX_PG_PORT -k $ZBX_DIR/pg -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
		start >"$ZBX_DIR/pg_ctl.log" 2>&1 ||
		_zbx_die "PostgreSQL does not start: $(tail -n 5 "$ZBX_DIR/pg/postgres.log")" || return 1
	ZBX_PG_UP=1
	_zbx_psql -d postgres -c "CREATE DATABASE zabbix ENCODING 'UTF8' TEMPLATE template0" ||
		return 1
	# One transaction each (data.sql is one already): quicker to load.
	for f in schema images data; do
		set -- -1
		[ "$f" != data ] || set --
		zcat "$ZBX_SQL/$f.sql.gz" | _zbx_psql "$@" -d zabbix >"$ZBX_DIR/load-$f.log" 2>&1 ||
			_zbx_die "loading $f.sql failed: $(tail -n 5 "$ZBX_DIR/load-$f.log")" || return 1
	done
}

_zbx_server() {
	ZBX_SERVER_PORT=$(_zbx_port) || return 1
	mkdir -p "$ZBX_DIR/run"
	cat >"$ZBX_DIR/zabbix_server.conf" <<EOF
# Private Zabbix server for the netsessd tests; everything is in $ZBX_DIR.
ListenIP=127.0.0.1
ListenPort=$ZBX_SERVER_PORT
LogFile=$ZBX_DIR/zabbix_server.log
LogFileSize=0
DebugLevel=3
PidFile=$ZBX_DIR/zabbix_server.pid
SocketDir=$ZBX_DIR/run
DBHost=$ZBX_DIR/pg
DBPort=$ZBX_PG_PORT
DBName=zabbix
DBUser=zabbix
AllowRoot=1
CacheUpdateFrequency=1
StartPollers=2
StartPreprocessors=1
StartLLDProcessors=1
StartTrappers=2
StartPingers=0
StartDiscoverers=0
StartHTTPPollers=0
StartPollersUnreachable=1
StartAlerters=1
StartEscalators=1
StartDBSyncers=1
StartTimers=1
Timeout=10
EOF
	zbx_server_launch
}

# zbx_server_launch [MIBDIRS MIBS]: start zabbix_server.  Its SNMP pollers
# use Net-SNMP, which prints string indexes of a loaded MIB quoted
# (1."10.0.0.5"."bob"), others numerically.  Without arguments it runs as
# on a stock Debian system, whose /etc/snmp/snmp.conf says "mibs :" (no MIB
# loaded); with them, with those MIB directories and modules loaded.
zbx_server_launch() {
	mkdir -p "$ZBX_DIR/snmp"
	if [ $# -eq 0 ]; then
		echo "mibs :" >"$ZBX_DIR/snmp/snmp.conf"
		env -u MIBS -u MIBDIRS SNMPCONFPATH="$ZBX_DIR/snmp" \
			zabbix_server -c "$ZBX_DIR/zabbix_server.conf" -f </dev/null \
			>>"$ZBX_DIR/zabbix_server.out" 2>&1 &
	else
		: >"$ZBX_DIR/snmp/snmp.conf"
		env MIBDIRS="$1" MIBS="$2" SNMPCONFPATH="$ZBX_DIR/snmp" \
			zabbix_server -c "$ZBX_DIR/zabbix_server.conf" -f </dev/null \
			>>"$ZBX_DIR/zabbix_server.out" 2>&1 &
	fi
	ZBX_SERVER_PID=$!
	_zbx_wait "zabbix_server to listen on $ZBX_SERVER_PORT" _zbx_server_listening || {
		tail -n 20 "$ZBX_DIR/zabbix_server.log" "$ZBX_DIR/zabbix_server.out" >&2 2>/dev/null
		return 1
	}
}

# zbx_server_stop: stop zabbix_server alone (the database and API stay).
zbx_server_stop() {
	[ -n "${ZBX_SERVER_PID:-}" ] || return 0
	kill -TERM "$ZBX_SERVER_PID" 2>/dev/null
	_zbx_wait "zabbix_server to exit" _zbx_server_gone || kill -KILL "$ZBX_SERVER_PID" 2>/dev/null
	wait "$ZBX_SERVER_PID" 2>/dev/null
	ZBX_SERVER_PID=
}

_zbx_server_listening() {
	kill -0 "$ZBX_SERVER_PID" 2>/dev/null || return 2
	[ -n "$(ss -Htln "( sport = :$ZBX_SERVER_PORT )" 2>/dev/null)" ]
}

_zbx_frontend() {
	ZBX_WEB_PORT=$(_zbx_port) || return 1
	cp -a "$ZBX_UI" "$ZBX_DIR/ui" || return 1
	sed -i "s|const CONFIG_FILE_PATH = '/etc/zabbix/zabbix.conf.php';|const CONFIG_FILE_PATH = '$ZBX_DIR/zabbix.conf.php';|" \
		"$ZBX_DIR/ui/include/classes/core/CConfigFile.php"
	grep -qF "$ZBX_DIR/zabbix.conf.php" "$ZBX_DIR/ui/include/classes/core/CConfigFile.php" ||
		_zbx_die "cannot point the frontend's CConfigFile at $ZBX_DIR" || return 1
	cat >"$ZBX_DIR/zabbix.conf.php" <<EOF
<?php
\$DB['TYPE']     = ZBX_DB_POSTGRESQL;
\$DB['SERVER']   = '$ZBX_DIR/pg';
\$DB['PORT']     = '$ZBX_PG_PORT';
\$DB['DATABASE'] = 'zabbix';
\$DB['USER']     = 'zabbix';
\$DB['PASSWORD'] = '';
\$DB['SCHEMA']   = '';
\$DB['ENCRYPTION'] = false;
\$DB['KEY_FILE'] = '';
\$DB['CERT_FILE'] = '';
\$DB['CA_FILE'] = '';
\$DB['VERIFY_HOST'] = false;
\$DB['CIPHER_LIST'] = '';
\$DB['VAULT_URL'] = '';
\$DB['VAULT_DB_PATH'] = '';
\$DB['VAULT_TOKEN'] = '';
\$DB['DOUBLE_IEEE754'] = true;
\$ZBX_SERVER      = '127.0.0.1';
\$ZBX_SERVER_PORT = '$ZBX_SERVER_PORT';
\$ZBX_SERVER_NAME = 'netsessd-test';
\$IMAGE_FORMAT_DEFAULT = IMAGE_FORMAT_PNG;
EOF
	php -S "127.0.0.1:$ZBX_WEB_PORT" -t "$ZBX_DIR/ui" </dev/null >"$ZBX_DIR/php.log" 2>&1 &
	ZBX_PHP_PID=$!
	_zbx_wait "the Zabbix API on $ZBX_WEB_PORT" _zbx_api_up
}

_zbx_api_up() {
	kill -0 "$ZBX_PHP_PID" 2>/dev/null || return 2
	ZBX_AUTH= zbx_api apiinfo.version '{}' >/dev/null 2>&1
}

# zbx_api METHOD PARAMS_JSON: the call's result as JSON on stdout; an API
# error is printed on stderr and fails.
zbx_api() {
	"$ZBX_PYTHON" - "http://127.0.0.1:$ZBX_WEB_PORT/api_jsonrpc.php" "$1" "$2" "${ZBX_AUTH:-}" <<'PY'
import json, sys, urllib.request
url, method, params, auth = sys.argv[1:5]
body = {"jsonrpc": "2.0", "method": method, "params": json.loads(params), "id": 1}
if auth:
    body["auth"] = auth
req = urllib.request.Request(url, json.dumps(body).encode(),
                             {"Content-Type": "application/json-rpc"})
with urllib.request.urlopen(req, timeout=60) as r:
    answer = json.loads(r.read())
if "error" in answer:
    sys.exit("%s: %s" % (method, json.dumps(answer["error"])))
print(json.dumps(answer["result"]))
PY
}

zbx_start() {
	local p
	for p in zabbix_server php runuser zcat "$ZBX_PG_BIN/initdb" "$ZBX_PG_BIN/pg_ctl" "$ZBX_PG_BIN/psql"; do
		command -v "$p" >/dev/null 2>&1 ||
			_zbx_die "required program $p not found (install zabbix-server-pgsql zabbix-frontend-php php-cli php-pgsql postgresql)" ||
			return 1
	done
	[ -r "$ZBX_UI/api_jsonrpc.php" ] || _zbx_die "$ZBX_UI is missing (install zabbix-frontend-php)" || return 1
	ZBX_DIR=$(mktemp -d "${TMPDIR:-/tmp}/netsess-zabbix.XXXXXX") || return 1
	# PostgreSQL runs as postgres and must reach $ZBX_DIR/pg.
	chmod 0711 "$ZBX_DIR"
	_zbx_install_trap
	_zbx_db || return 1
	_zbx_server || return 1
	_zbx_frontend || return 1
	ZBX_AUTH=$(zbx_api user.login '{"username": "Admin", "password": "zabbix"}' | tr -d '"') ||
		_zbx_die "cannot log in to the API as Admin" || return 1
	export ZBX_AUTH
}

zbx_stop() {
	[ -n "${ZBX_DIR:-}" ] || return 0
	[ -z "${ZBX_PHP_PID:-}" ] || { kill "$ZBX_PHP_PID" 2>/dev/null; wait "$ZBX_PHP_PID" 2>/dev/null; }
	zbx_server_stop
	[ -z "${ZBX_PG_UP:-}" ] ||
		_zbx_pg "$ZBX_PG_BIN/pg_ctl" -D "$ZBX_DIR/pg/data" -m immediate -w stop >/dev/null 2>&1
	if [ -n "${ZBX_KEEP:-}" ]; then
		echo "zabbix.sh: keeping $ZBX_DIR" >&2
	else
		rm -rf "$ZBX_DIR"
	fi
	unset ZBX_DIR ZBX_PHP_PID ZBX_SERVER_PID ZBX_PG_UP
}

# _zbx_install_trap: zbx_stop on exit, before the EXIT trap set so far
# (lib/snmp.sh and lib/samba.sh install theirs).
_zbx_install_trap() {
	local old words
	old=$(trap -p EXIT)
	case $old in
	*zbx_stop*) ;;
	'') trap zbx_stop EXIT ;;
	*)
		eval "words=($old)"
		_ZBX_OLD_EXIT_TRAP=${words[2]}
		trap 'zbx_stop; eval "$_ZBX_OLD_EXIT_TRAP"' EXIT
		;;
	esac
}

_zbx_server_gone() {
	! kill -0 "$ZBX_SERVER_PID" 2>/dev/null
}
