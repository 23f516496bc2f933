#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# cli_addc_test.sh - netsess in a real Active Directory domain: a private
# Samba AD DC (tests/integration/lib/addc.sh), the service account logging
# on from its keytab, smbstatus of the DC as the ground truth.
#
# What a user would check: enum lists the live sessions, info finds one,
# del ends exactly the one asked for; a keytab that others may read is
# refused; --encrypt gives an encrypted session; with "ntlm auth =
# disabled" the keytab still works and a password gets
# NETSESS_E_NTLM_DISABLED with its reason.  Missing programs make the test
# fail; it never skips.
#
# The checks are run through check() and eval:
# shellcheck disable=SC2016

[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u

here=$(cd "$(dirname "$0")" && pwd)
top_builddir=${top_builddir:-$here/../..}
NETSESS=${NETSESS:-$top_builddir/src/cli/netsess}
# shellcheck source=tests/integration/lib/addc.sh
. "$here/lib/addc.sh" || exit 1

NETSESS_RUNNER=addc_run
# shellcheck source=tests/integration/lib/cli.sh
. "$here/lib/cli.sh" || exit 1

# svc ARGS...: netsess as the service account, from its keytab.
svc() {
	ns --keytab "$ADDC_SVC_KEYTAB" -U "$ADDC_SVC_PRINCIPAL" "$@"
}

# "client user" rows of the table (lower case), sorted.
rows() { tail -n +2 "$T/out" | awk '{ print tolower($1), tolower($2) }' | LC_ALL=C sort; }
# smbstatus of the DC, same form.
truth() { addc_sessions dc | awk '{ print tolower($1), tolower($2) }' | LC_ALL=C sort; }

addc_start || exit 1
echo "# AD DC test bed: started in ${ADDC_START_SECONDS}s"
addc_hold_session dc 127.0.0.2 nstest1 || exit 1
addc_hold_session dc 127.0.0.3 nstest2 || exit 1
addc_hold_session dc 127.0.0.4 nstest1 || exit 1
SRV="\\\\$ADDC_HOST"
SELF="127.0.0.1 netsess\\svc-netsess"

svc enum "$SRV"
rows >"$T/rows"
truth | grep -vxF "$SELF" >"$T/truth"
{
	cat "$T/truth"
	echo "$SELF"
} | LC_ALL=C sort >"$T/want"
check "enum --keytab: exactly the live sessions (and our own)" \
	eval 'rc_is 0 && diff "$T/want" "$T/rows" >/dev/null'

svc info "$SRV" '\\127.0.0.3' 'NETSESS\nstest2'
check "info --keytab: the one session of NETSESS\\nstest2 from 127.0.0.3" \
	eval 'rc_is 0 && [ "$(rows)" = "127.0.0.3 netsess\\nstest2" ]'

svc del "$SRV" '\\127.0.0.4' 'NETSESS\nstest1'
check "del --keytab: success message" \
	eval 'rc_is 0 && grep -qx "The specified session(s) has been successfully deleted" "$T/out"'
check "del --keytab: that session is gone" addc_wait_session_count dc 0 127.0.0.4 'NETSESS\nstest1'
sleep 2
check "del --keytab: the others are still there" \
	eval '[ "$(addc_session_count dc 127.0.0.2 "NETSESS\\nstest1")" = 1 ] &&
		[ "$(addc_session_count dc 127.0.0.3 "NETSESS\\nstest2")" = 1 ]'

cp "$ADDC_SVC_KEYTAB" "$T/open.keytab" && chmod 0644 "$T/open.keytab"
ns --keytab "$T/open.keytab" -U "$ADDC_SVC_PRINCIPAL" enum "$SRV"
check "a keytab others may read: NETSESS_E_AUTH_FILE" api_error "NETSESS_E_AUTH_FILE (0x20000009)"

ns --keytab "$ADDC_SVC_KEYTAB" -U "nstest1@$ADDC_REALM" enum "$SRV"
check "a keytab without the principal's key: NETSESS_E_AUTH_FILE, with the reason" \
	eval 'api_error "NETSESS_E_AUTH_FILE (0x20000009)" && err_has "[Kerberos: no key for nstest1@NETSESS.TEST"'

# An alias that resolves but has no service principal.
echo "$ADDC_ADDR files.netsess.test" >>"$ADDC_DIR/hosts"
svc enum '\\files.netsess.test'
check "a name without an SPN: NETSESS_E_LOGON_FAILURE, with the reason" \
	eval 'api_error "NETSESS_E_LOGON_FAILURE (0x20000003)" &&
		err_has "Server principal cifs/files.netsess.test@NETSESS.TEST not found"'

svc --encrypt enum "$SRV"
check "--encrypt with a keytab: the listing" eval 'rc_is 0 && grep -q "127.0.0.2" "$T/out"'

addc_restart "ntlm auth=disabled" || exit 1
svc enum "$SRV"
check "ntlm auth = disabled: the keytab still works" eval 'rc_is 0 && rows | grep -qxF "$SELF"'
ns -U "$ADDC_ADMIN_USER%$ADDC_ADMIN_PASS" -W "$ADDC_DOMAIN" enum "$SRV"
check "ntlm auth = disabled: a password gets NETSESS_E_NTLM_DISABLED and why" \
	eval 'api_error "NETSESS_E_NTLM_DISABLED (0x2000000C)" && err_has "[The authentication failed because NTLM was blocked.]"'

addc_stop
finish
