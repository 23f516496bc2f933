#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""getlat.py - the latency of SNMP GETs (async.sh's threshold, and
bench/pending_sets.sh), sent at a steady rate whatever
the answers do (open loop), so that a GET held up by the agent does not
delay the next one: each GET is timed on its own, from its sending to its
answer.

    getlat.py HOST PORT COMMUNITY SECONDS RATE OID...

sends RATE GETs a second (v2c, the OIDs in turn, one varbind each) for
SECONDS seconds, waits up to 20 s for the last answers, and prints one
line: "n=N lost=L p50=.. p90=.. p99=.. max=.. ms" (L: no answer within
20 s).  Values are checked: an answer that is an exception
(noSuchInstance...) or an error counts as lost.
"""
import select
import socket
import sys
import time


def length(n):
    if n < 128:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, v):
    return bytes([tag]) + length(len(v)) + v


def integer(n):
    return tlv(2, n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big", signed=True))


def oid(text):
    subs = [int(x) for x in text.strip(".").split(".")]
    out = bytes([subs[0] * 40 + subs[1]])
    for x in subs[2:]:
        enc = [x & 0x7F]
        x >>= 7
        while x:
            enc.append(0x80 | (x & 0x7F))
            x >>= 7
        out += bytes(reversed(enc))
    return tlv(6, out)


def get(community, reqid, name):
    vb = tlv(0x30, tlv(0x30, oid(name) + tlv(5, b"")))
    pdu = tlv(0xA0, integer(reqid) + integer(0) + integer(0) + vb)
    return tlv(0x30, integer(1) + tlv(4, community.encode()) + pdu)


def parse(buf):
    """(request-id, ok) of an answer."""
    def hdr(pos):
        tag, n = buf[pos], buf[pos + 1]
        pos += 2
        if n & 0x80:
            k = n & 0x7F
            n = int.from_bytes(buf[pos:pos + k], "big")
            pos += k
        return tag, pos, pos + n

    _, s, _ = hdr(0)
    _, _, pos = hdr(s)           # version
    _, _, pos = hdr(pos)         # community
    _, s, _ = hdr(pos)           # PDU
    _, vs, ve = hdr(s)
    reqid = int.from_bytes(buf[vs:ve], "big", signed=True)
    _, vs, ve = hdr(ve)
    status = int.from_bytes(buf[vs:ve], "big")
    _, _, pos = hdr(ve)          # error-index
    _, s, _ = hdr(pos)           # varbind list
    _, s, _ = hdr(s)             # varbind
    _, _, pos = hdr(s)           # name
    vtag = buf[pos]
    return reqid, status == 0 and vtag not in (0x80, 0x81, 0x82)


def main(argv):
    if len(argv) < 7:
        sys.stderr.write(__doc__)
        return 2
    host, port, community = argv[1], int(argv[2]), argv[3]
    seconds, rate, oids = float(argv[4]), float(argv[5]), argv[6:]
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setblocking(False)
    sent, lat, bad = {}, [], 0
    start = time.monotonic()
    end = start + seconds
    reqid = 1000
    next_send = start
    while True:
        now = time.monotonic()
        if now >= end and not sent:
            break
        if now >= end + 20:
            break
        if now < end and now >= next_send:
            reqid += 1
            sock.sendto(get(community, reqid, oids[reqid % len(oids)]), (host, port))
            sent[reqid] = time.monotonic()
            next_send += 1.0 / rate
            continue
        wait = max(0.0, min(next_send - now, 0.05)) if now < end else 0.05
        r, _, _ = select.select([sock], [], [], wait)
        if r:
            buf = sock.recv(65535)
            t = time.monotonic()
            rid, ok = parse(buf)
            if rid in sent:
                if ok:
                    lat.append((t - sent.pop(rid)) * 1000.0)
                else:
                    sent.pop(rid)
                    bad += 1
    lost = len(sent) + bad
    lat.sort()

    def pct(p):
        return lat[min(len(lat) - 1, int(p / 100.0 * len(lat)))] if lat else float("nan")

    print("n=%d lost=%d p50=%.1f p90=%.1f p99=%.1f max=%.1f ms"
          % (len(lat), lost, pct(50), pct(90), pct(99), lat[-1] if lat else float("nan")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
