#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""pysnmp_client.py - SMB-SESSION-MIB through an SNMP stack independent of
Net-SNMP: pysnmp (Debian's python3-pysnmp4), with the MIB compiled from its
text by pysmi, for the integration tests.

    pysnmp_client.py HOST PORT COMMUNITY COMMAND [ARGS]

Commands (v2c, one try of up to 20 s per request, like the Net-SNMP tools
of the tests):
    raw next|bulk OID...
        walk each OID's subtree by number, without the MIB, with GETNEXT
        or GETBULK; one line per varbind: "OID TYPE VALUE", VALUE an
        integer or the octets in hex ("-" when empty).
    netsnmp FILE
        the same lines from a Net-SNMP walk saved with
        -m NONE -On -Ox -Ot -Oe -OU (so that both can be compared).
    sessions
        walk smbSessionCount by name; pysnmp decodes each index with the
        MIB's INDEX clause: "SERVER CLIENT USER COUNT" lines (user "-"
        when empty), sorted.
    servers
        smbServerName, smbServerStatus (the MIB's label) and
        smbServerLastPollAge by name: "INDEX NAME STATUS AGE" lines.
    set-rowstatus SERVER CLIENT USER VALUE
        SET smbSessionRowStatus.SERVER."CLIENT"."USER" to VALUE, the
        instance built by pysnmp from the index values and the MIB; prints
        the error-status name (noError, wrongValue, ...) and the instance.

MIB modules are searched in $MIBDIRS (colon-separated); pysmi compiles them
into a private directory ($PYSNMP_MIB_CACHE, default a temporary one).
"""
import os
import shutil
import sys
import tempfile

from pysnmp.hlapi import (CommunityData, ContextData, Integer32,
                          ObjectIdentity, ObjectType, SnmpEngine,
                          UdpTransportTarget, bulkCmd, nextCmd, setCmd)
from pysnmp.proto.rfc1905 import EndOfMibView, NoSuchInstance, NoSuchObject
from pysnmp.smi import compiler

MIB = "SMB-SESSION-MIB"

# ASN.1 application types by pysnmp class, named as Net-SNMP prints them.
TYPES = {
    "Integer": "INTEGER", "Integer32": "INTEGER",
    "OctetString": "STRING",
    "Gauge32": "Gauge32", "Unsigned32": "Gauge32",
    "Counter32": "Counter32", "Counter64": "Counter64",
    "TimeTicks": "Timeticks",
    "ObjectIdentifier": "OID", "ObjectName": "OID",
    "IpAddress": "IpAddress",
}


def value_text(value):
    if isinstance(value, (NoSuchObject, NoSuchInstance)):
        raise SystemExit("unexpected exception value %s" % type(value).__name__)
    kind = TYPES.get(type(value).__name__)
    if kind is None:
        # Subclasses made from the MIB (textual conventions) report their
        # base class.
        for base in type(value).__mro__:
            if base.__name__ in TYPES:
                kind = TYPES[base.__name__]
                break
    if kind is None:
        raise SystemExit("unexpected value type %s" % type(value).__name__)
    if kind == "STRING":
        octets = bytes(value.asOctets())
        return kind, octets.hex() if octets else "-"
    if kind == "OID":
        return kind, str(value)
    return kind, str(int(value))


class Client:
    def __init__(self, host, port, community):
        self.engine = SnmpEngine()
        self.auth = CommunityData(community, mpModel=1)
        self.target = UdpTransportTarget((host, int(port)), timeout=20, retries=0)
        self.cache = None

    def load_mib(self):
        cache = os.environ.get("PYSNMP_MIB_CACHE")
        if not cache:
            self.cache = cache = tempfile.mkdtemp(prefix="pysnmp-mibs.")
        dirs = [d for d in os.environ.get("MIBDIRS", "").split(":") if d]
        if not dirs:
            raise SystemExit("MIBDIRS is not set")
        mib_builder = self.engine.getMibBuilder()
        compiler.addMibCompiler(mib_builder, sources=["file://" + d for d in dirs],
                                destination=cache)
        mib_builder.loadModules(MIB)

    def close(self):
        if self.cache:
            shutil.rmtree(self.cache, ignore_errors=True)

    def walk(self, objects, bulk=False, lookup=False):
        if bulk:
            gen = bulkCmd(self.engine, self.auth, self.target, ContextData(), 0, 25,
                          *objects, lexicographicMode=False, lookupMib=lookup)
        else:
            gen = nextCmd(self.engine, self.auth, self.target, ContextData(),
                          *objects, lexicographicMode=False, lookupMib=lookup)
        for err_ind, err_stat, err_idx, var_binds in gen:
            if err_ind:
                raise SystemExit("walk failed: %s" % err_ind)
            if err_stat:
                raise SystemExit("walk failed: %s at %s" % (err_stat.prettyPrint(), err_idx))
            yield var_binds


def cmd_raw(client, mode, *oids):
    if mode not in ("next", "bulk"):
        raise SystemExit("raw: next or bulk, not %s" % mode)
    for oid in oids:
        for var_binds in client.walk([ObjectType(ObjectIdentity(oid.lstrip(".")))],
                                     bulk=(mode == "bulk")):
            for name, value in var_binds:
                # The agent's endOfMibView at the end of its view: pysnmp's
                # GETBULK walk hands it over as a last varbind, snmpwalk
                # prints it as a message; neither is a value of the subtree.
                if isinstance(value, EndOfMibView):
                    continue
                kind, text = value_text(value)
                print(".%s %s %s" % (name, kind, text))


def cmd_netsnmp(path):
    """Net-SNMP's -m NONE -On -Ox -Ot -Oe -OU walk output, normalised."""
    entries = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("."):
                oid, _, rest = line.partition(" = ")
                entries.append([oid, rest])
            elif entries:  # a hex string continues on the next line
                entries[-1][1] += " " + line.strip()
    for oid, rest in entries:
        if rest.startswith("No more variables left in this MIB View"):
            # snmpwalk shows the endOfMibView that ends a walk at the end
            # of the agent's view; it is not a value of the subtree.
            continue
        kind, _, val = rest.partition(": ")
        if rest.isdigit():  # -Ot prints a TimeTicks value bare
            kind, val = "Timeticks", rest
        if rest == '""':
            kind, val = "STRING", ""
        if kind in ("Hex-STRING", "STRING"):
            text = "".join(val.split()).lower() or "-"
            kind = "STRING"
        elif kind in ("INTEGER", "Gauge32", "Counter32", "Counter64", "Timeticks"):
            text = val.split()[0]
        else:
            raise SystemExit("unexpected Net-SNMP line: %s = %s" % (oid, rest))
        print("%s %s %s" % (oid, kind, text))


def cmd_sessions(client):
    client.load_mib()
    rows = []
    obj = ObjectType(ObjectIdentity(MIB, "smbSessionCount"))
    for var_binds in client.walk([obj], lookup=True):
        for name, value in var_binds:
            _, symbol, index = name.getMibSymbol()
            if symbol != "smbSessionCount":
                raise SystemExit("walk left the column: %s" % symbol)
            server, client_name, user = index
            rows.append("%d %s %s %d" % (int(server), client_name.asOctets().decode(),
                                         user.asOctets().decode() or "-", int(value)))
    for row in sorted(rows):
        print(row)


def cmd_servers(client):
    client.load_mib()
    objs = [ObjectType(ObjectIdentity(MIB, c))
            for c in ("smbServerName", "smbServerStatus", "smbServerLastPollAge")]
    for var_binds in client.walk(objs, lookup=True):
        (n_name, name), (_, status), (_, age) = var_binds
        index = n_name.getMibSymbol()[2][0]
        print("%d %s %s %d" % (int(index), name.asOctets().decode(), status.prettyPrint(),
                               int(age)))


def cmd_set_rowstatus(client, server, client_name, user, value):
    client.load_mib()
    obj = ObjectType(ObjectIdentity(MIB, "smbSessionRowStatus", int(server), client_name, user),
                     Integer32(int(value)))
    err_ind, err_stat, _, var_binds = next(setCmd(client.engine, client.auth, client.target,
                                                  ContextData(), obj, lookupMib=True))
    if err_ind:
        raise SystemExit("set failed: %s" % err_ind)
    name = err_stat.prettyPrint() if err_stat else "noError"
    print("%s .%s" % (name, var_binds[0][0].asTuple() and
                      ".".join(str(x) for x in var_binds[0][0].asTuple())))


def main():
    if len(sys.argv) < 5:
        raise SystemExit(__doc__)
    cmd, args = sys.argv[4], sys.argv[5:]
    if cmd == "netsnmp":
        cmd_netsnmp(args[0])
        return
    client = Client(*sys.argv[1:4])
    try:
        if cmd == "raw":
            cmd_raw(client, *args)
        elif cmd == "sessions":
            cmd_sessions(client)
        elif cmd == "servers":
            cmd_servers(client)
        elif cmd == "set-rowstatus":
            cmd_set_rowstatus(client, *args)
        else:
            raise SystemExit("unknown command %s" % cmd)
    finally:
        client.close()


if __name__ == "__main__":
    main()
