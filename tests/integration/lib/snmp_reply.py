#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""snmp_reply.py - the SNMP answers of the bad-input matrix, exactly:
error-status, error-index and the varbinds, read from the packet itself.

    snmp_reply.py dump
        stdin: the output of a Net-SNMP tool run with -d (packet dumps);
        the last packet received is decoded.
    snmp_reply.py send HOST PORT HEX
        send the octets HEX as one UDP datagram and decode the answer, if
        one comes within 3 s ("noResponse" when none does).
    snmp_reply.py next OIDFILE OID [N]
        the N (default 1) instances that follow OID in OIDFILE (one
        numeric OID a line, any order), in OID order; "endOfMibView" when
        there are no more.

dump and send print "STATUS INDEX" (the RFC 3416 name of error-status,
and error-index), then one line per varbind: "OID KIND", KIND being the
ASN.1 type's name, or noSuchObject, noSuchInstance, endOfMibView.

The decoder is the few lines of BER (X.690) an SNMPv1/v2c message needs; a
message it cannot decode gives "undecodable" and exit status 1.
"""
import socket
import sys

STATUS = [
    "noError", "tooBig", "noSuchName", "badValue", "readOnly", "genErr",
    "noAccess", "wrongType", "wrongLength", "wrongEncoding", "wrongValue",
    "noCreation", "inconsistentValue", "resourceUnavailable", "commitFailed",
    "undoFailed", "authorizationError", "notWritable", "inconsistentName",
]

KINDS = {
    0x02: "INTEGER", 0x04: "OCTET-STRING", 0x05: "NULL", 0x06: "OID",
    0x40: "IpAddress", 0x41: "Counter32", 0x42: "Gauge32", 0x43: "TimeTicks",
    0x44: "Opaque", 0x46: "Counter64",
    0x80: "noSuchObject", 0x81: "noSuchInstance", 0x82: "endOfMibView",
}


class Undecodable(Exception):
    pass


def tlv(buf, pos):
    """(tag, value start, value end) of the TLV at pos."""
    if pos + 2 > len(buf):
        raise Undecodable("truncated")
    tag, n = buf[pos], buf[pos + 1]
    pos += 2
    if n & 0x80:
        k = n & 0x7F
        if k == 0 or k > 4 or pos + k > len(buf):
            raise Undecodable("bad length")
        n = int.from_bytes(buf[pos:pos + k], "big")
        pos += k
    if pos + n > len(buf):
        raise Undecodable("truncated")
    return tag, pos, pos + n


def integer(buf, pos):
    tag, s, e = tlv(buf, pos)
    if tag != 0x02:
        raise Undecodable("not an INTEGER")
    return int.from_bytes(buf[s:e], "big", signed=True), e


def oid_text(octets):
    subs, v = [], 0
    for b in octets:
        v = v << 7 | (b & 0x7F)
        if not b & 0x80:
            subs.append(v)
            v = 0
    if not subs:
        raise Undecodable("empty OID")
    first = subs[0]
    head = [min(first // 40, 2), first - 40 * min(first // 40, 2)]
    return "." + ".".join(str(x) for x in head + subs[1:])


def decode(buf):
    """Lines: "STATUS INDEX", then "OID KIND" per varbind."""
    tag, s, e = tlv(buf, 0)
    if tag != 0x30:
        raise Undecodable("not a SEQUENCE")
    _, pos = integer(buf, s)                 # version
    tag, _, pos = tlv(buf, pos)               # community
    if tag != 0x04:
        raise Undecodable("no community")
    tag, s, e = tlv(buf, pos)                 # the PDU
    if tag & 0xE0 != 0xA0:
        raise Undecodable("not a PDU")
    _, pos = integer(buf, s)                  # request-id
    status, pos = integer(buf, pos)
    index, pos = integer(buf, pos)
    name = STATUS[status] if 0 <= status < len(STATUS) else str(status)
    lines = ["%s %d" % (name, index)]
    tag, s, e = tlv(buf, pos)                 # varbind list
    pos = s
    while pos < e:
        _, vs, ve = tlv(buf, pos)
        tag, os_, oe = tlv(buf, vs)
        if tag != 0x06:
            raise Undecodable("varbind without OID")
        vtag, _, _ = tlv(buf, oe)
        lines.append("%s %s" % (oid_text(buf[os_:oe]), KINDS.get(vtag, "0x%02x" % vtag)))
        pos = ve
    return lines


def last_received(text):
    """The octets of the last "Received" packet of a -d dump."""
    packet, cur = None, None
    for line in text.splitlines():
        if line.startswith("Received "):
            cur = bytearray()
            packet = cur
            continue
        if cur is not None:
            head, sep, rest = line.partition(": ")
            if sep and len(head) == 4 and head.isdigit():
                # "0000: 30 58 02 01  01 04 ...    0X....": 16 octets at
                # most, before the text column.
                for word in rest[:52].split():
                    if len(word) == 2:
                        cur.append(int(word, 16))
            else:
                cur = None
    return bytes(packet) if packet is not None else None


def oid_key(oid):
    return [int(x) for x in oid.strip(".").split(".")]


def main(argv):
    if len(argv) >= 2 and argv[1] == "dump":
        buf = last_received(sys.stdin.read())
        if buf is None:
            print("noResponse")
            return 0
    elif len(argv) == 5 and argv[1] == "send":
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.settimeout(3.0)
        sock.sendto(bytes.fromhex(argv[4]), (argv[2], int(argv[3])))
        try:
            buf = sock.recv(65535)
        except socket.timeout:
            print("noResponse")
            return 0
    elif len(argv) in (4, 5) and argv[1] == "next":
        with open(argv[2]) as f:
            oids = sorted({line.split()[0] for line in f if line.strip()}, key=oid_key)
        want = oid_key(argv[3])
        n = int(argv[4]) if len(argv) == 5 else 1
        after = [o for o in oids if oid_key(o) > want][:n]
        print("\n".join(after + ["endOfMibView"] * (n - len(after))))
        return 0
    else:
        sys.stderr.write(__doc__)
        return 2
    try:
        print("\n".join(decode(buf)))
    except Undecodable as e:
        print("undecodable (%s)" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
