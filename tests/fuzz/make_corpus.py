#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# make_corpus.py - write the seed corpora of the fuzz targets from the byte
# vectors of the wire-format unit tests (tests/vectors/*.h, made by Samba's
# own encoder and captured from a real Samba):
#
#   corpus/srvsvc/  NetrSessionEnum / NetrSessionDel response stubs, each
#                   prefixed with the byte fuzz_srvsvc.c reads as the level
#                   (0, 1, 2, 3, 4 for levels 0, 1, 2, 10, 502)
#   corpus/dcerpc/  bind_ack, bind_nak, response and fault PDUs, and the
#                   fragments of captured multi-fragment answers, joined
#   corpus/ndr/     the conformant varying strings at the start of the
#                   request stubs after their referent id, and their text
#
# Usage (from the top of the source tree):
#   python3 tests/fuzz/make_corpus.py tests/vectors tests/fuzz/corpus
# The corpora are committed; run this again after the vectors change.

import hashlib
import os
import re
import sys

ARRAY = re.compile(
    r"static const uint8_t (\w+)\[(\d+)\] = \{([^}]*)\};", re.MULTILINE)
LEVEL_BYTE = {"l0": 0, "l1": 1, "l2": 2, "l10": 3, "l502": 4}


def arrays(path):
    """name -> bytes of every uint8_t array of a generated header."""
    with open(path, encoding="ascii") as f:
        text = f.read()
    out = {}
    for name, size, body in ARRAY.findall(text):
        data = bytes(int(x, 16) for x in re.findall(r"0x([0-9a-fA-F]{2})", body))
        if len(data) != int(size):
            sys.exit("make_corpus: %s: %d bytes, declared %s" % (name, len(data), size))
        out[name] = data
    return out


SEEN = set()


def write(folder, name, data):
    """One seed file, named after its vector; identical inputs once."""
    digest = hashlib.sha1(data).hexdigest()[:12]
    if (folder, digest) in SEEN:
        return
    SEEN.add((folder, digest))
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "%s-%s" % (name, digest)), "wb") as f:
        f.write(data)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make_corpus.py VECTORS_DIR CORPUS_DIR")
    vec, out = sys.argv[1], sys.argv[2]
    srv = arrays(os.path.join(vec, "srvsvc_vectors.h"))
    rpc = arrays(os.path.join(vec, "dcerpc_vectors.h"))
    cap = arrays(os.path.join(vec, "samba_capture.h"))

    for name, data in srv.items():
        m = re.match(r"enum_rep_(l\d+)_", name)
        if m:
            write(os.path.join(out, "srvsvc"), name, bytes([LEVEL_BYTE[m.group(1)]]) + data)
        elif name == "enum_rep_ref_level10_188":
            write(os.path.join(out, "srvsvc"), name, bytes([3]) + data)
        elif name.startswith("del_rep_"):
            write(os.path.join(out, "srvsvc"), name, bytes([0]) + data)
        elif name.startswith(("enum_req_", "del_req_")):
            # After the server name's referent id: a conformant varying
            # string, what fuzz_ndr.c decodes first.
            write(os.path.join(out, "ndr"), name, data[4:])

    for name, data in rpc.items():
        if name.startswith(("bind_ack", "bind_nak", "bind_reply", "response", "fault")):
            write(os.path.join(out, "dcerpc"), name, data)

    # Captured answers: every fragment of one call, in order, as one input.
    frags = {}
    for name, data in cap.items():
        m = re.match(r"(cap_\w+)_frag(\d+)$", name)
        if m:
            frags.setdefault(m.group(1), []).append((int(m.group(2)), data))
        elif name in ("cap_bind_ack", "cap_bind_reject"):
            write(os.path.join(out, "dcerpc"), name, data)
    for call, parts in frags.items():
        write(os.path.join(out, "dcerpc"), call, b"".join(d for _, d in sorted(parts)))

    for text in ("127.0.0.1", "\\\\fs1.example.com", "bj\u00f6rn", "\u6771\u4eac",
                 "\U0001f600", ""):
        write(os.path.join(out, "ndr"), "utf8", text.encode("utf-8"))


if __name__ == "__main__":
    main()
