#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# capture_samba.py - record real DCE/RPC exchanges with a Samba server on
# \PIPE\srvsvc and write them as tests/vectors/samba_capture.h.
#
# Run by capture_samba.sh, which starts a private Samba (never on port 445)
# with live sessions and exports SAMBA_HOST, SAMBA_PORT, SAMBA_ADMIN_USER
# and SAMBA_ADMIN_PASS.  The pipe is opened through libsmbclient (ctypes);
# the PDUs sent are packed by Samba's Python bindings; every PDU received
# is stored byte for byte.  The expected values written next to each
# response are what Samba's own NDR decoder (ndr_unpack_out) makes of the
# same bytes.

import ctypes
import os
import struct
import sys
from urllib.parse import quote

from samba.dcerpc import dcerpc, misc, srvsvc
from samba.ndr import ndr_pack, ndr_pack_in, ndr_unpack_out

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_vectors as gv  # noqa: E402

O_RDWR = 2


class Pipe:
    """\\PIPE\\srvsvc through libsmbclient: one PDU per write, and reads of
    the 16-byte header then exactly frag_length - 16 bytes."""

    def __init__(self, lib, url):
        self.lib = lib
        self.fd = lib.smbc_open(url.encode(), O_RDWR, 0)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "smbc_open " + url)

    def write(self, data):
        buf = ctypes.create_string_buffer(data, len(data))
        n = self.lib.smbc_write(self.fd, buf, len(data))
        if n != len(data):
            raise OSError(ctypes.get_errno(), "smbc_write")

    def read_exact(self, n):
        out = b""
        while len(out) < n:
            buf = ctypes.create_string_buffer(n - len(out))
            got = self.lib.smbc_read(self.fd, buf, n - len(out))
            if got <= 0:
                raise OSError(ctypes.get_errno(), "smbc_read")
            out += buf.raw[:got]
        return out

    def read_pdu(self):
        hdr = self.read_exact(16)
        frag_len = struct.unpack_from("<H", hdr, 8)[0]
        return hdr + self.read_exact(frag_len - 16)

    def call(self, pdus):
        """Sends request fragments, returns the response fragments."""
        for p in pdus:
            self.write(p)
        out = []
        while True:
            pdu = self.read_pdu()
            out.append(pdu)
            if pdu[2] != dcerpc.DCERPC_PKT_RESPONSE or pdu[3] & 2:
                return out

    def close(self):
        self.lib.smbc_close(self.fd)


def open_lib():
    lib = ctypes.CDLL("libsmbclient.so.0", use_errno=True)
    lib.smbc_new_context.restype = ctypes.c_void_p
    lib.smbc_init_context.restype = ctypes.c_void_p
    lib.smbc_init_context.argtypes = [ctypes.c_void_p]
    lib.smbc_set_context.argtypes = [ctypes.c_void_p]
    lib.smbc_setTimeout.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.smbc_setPort.argtypes = [ctypes.c_void_p, ctypes.c_uint16]
    lib.smbc_open.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_int]
    lib.smbc_write.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t]
    lib.smbc_write.restype = ctypes.c_ssize_t
    lib.smbc_read.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t]
    lib.smbc_read.restype = ctypes.c_ssize_t
    ctx = lib.smbc_new_context()
    lib.smbc_setTimeout(ctx, 20000)
    lib.smbc_setPort(ctx, int(os.environ["SAMBA_PORT"]))
    if not lib.smbc_init_context(ctx):
        raise OSError("smbc_init_context")
    lib.smbc_set_context(ctx)
    return lib


def bind(pipe, call_id, abstract=gv.SRVSVC):
    ctx = dcerpc.ctx_list()
    ctx.context_id = 0
    ctx.num_transfer_syntaxes = 1
    ctx.abstract_syntax = gv.syntax(abstract)
    ctx.transfer_syntaxes = [gv.syntax(gv.NDR20)]
    b = dcerpc.bind()
    b.max_xmit_frag = 4280
    b.max_recv_frag = 4280
    b.assoc_group_id = 0
    b.num_contexts = 1
    b.ctx_list = [ctx]
    b.auth_info = b""
    pdu = gv.packet(dcerpc.DCERPC_PKT_BIND, call_id, b)
    pipe.write(pdu)
    return pdu, pipe.read_pdu()


def enum_out(level, stub):
    r = srvsvc.NetSessEnum()
    ndr_unpack_out(r, stub)
    entries = []
    ctr = r.out_info_ctr.ctr
    if ctr is not None and ctr.array is not None:
        for info in ctr.array:
            e = dict(client=None, user=None, opens=0, time=0, idle=0, flags=0, cltype=None,
                     transport=None)
            for f in gv.LEVEL_FIELDS[r.out_info_ctr.level]:
                e[f] = getattr(info, gv.SAMBA_FIELD[f])
            entries.append(e)
    status = r.result[0] if isinstance(r.result, tuple) else r.result
    return dict(level=r.out_info_ctr.level, entries=entries, total=r.out_totalentries,
                resume=r.out_resume_handle, status=status)


def session_rows(entries):
    return "\n".join("\t{%s, %s, %uu, %uu, %uu, %uu, %s, %s}," % (
        gv.c_string(e["client"]), gv.c_string(e["user"]), e["opens"], e["time"], e["idle"],
        e["flags"], gv.c_string(e["cltype"]), gv.c_string(e["transport"])) for e in entries)


def main():
    out_path = sys.argv[1]
    lib = open_lib()
    url = "smb://%s:%s@%s/IPC$/srvsvc" % (quote(os.environ["SAMBA_ADMIN_USER"], safe=""),
                                          quote(os.environ["SAMBA_ADMIN_PASS"], safe=""),
                                          os.environ["SAMBA_HOST"])
    out = ["""/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * samba_capture.h - GENERATED by tests/vectors/capture_samba.sh; do not edit.
 *
 * PDUs received from a real Samba server (%s) on \\PIPE\\srvsvc, with the
 * values Samba's own NDR decoder reads in them.  See tests/vectors/README.
 */
""" % gv.samba_version()]
    out.append("""#ifndef SAMBA_CAPTURE_H
#define SAMBA_CAPTURE_H

#include "dcerpc_vectors.h"

/* One exchange: the request stub sent (call_id, opnum) and the response
 * PDUs received; for NetrSessionEnum, what Samba's decoder read in them. */
struct cap_call {
	const char *name;
	uint32_t call_id;
	uint16_t opnum;
	uint32_t level; /* requested */
	const char *server, *client, *user; /* the request's names */
	const uint8_t *request_stub;
	size_t request_len;
	const struct vec_pdu *frags;
	size_t nfrags;
	uint32_t fault;       /* 0, or the fault status */
	uint32_t rep_level;
	size_t count;
	const struct vec_session *entries;
	uint32_t total_entries;
	bool has_resume;
	uint32_t resume_handle;
	uint32_t status;
};
""")

    pipe = Pipe(lib, url)
    bind_pdu, ack = bind(pipe, 1)
    out.append(gv.c_bytes("cap_bind", bind_pdu))
    out.append(gv.c_bytes("cap_bind_ack", ack))

    calls = []
    call_id = 1
    requests = []
    names = (None, None, None)
    for level in (0, 1, 2, 10, 502):
        requests.append(("enum_l%d" % level, 12, level, names,
                         gv.enum_request(None, None, None, level, 0xFFFFFFFF, 0)))
    names = ("\\\\" + os.environ["SAMBA_HOST"], "\\\\192.0.2.1", "nobody")
    requests.append(("enum_l1_filters", 12, 1, names,
                     gv.enum_request(names[0], names[1], names[2], 1, 0xFFFFFFFF, 0)))
    # A client name no session has: Samba matches nothing and says 5.
    names = (None, "\\\\192.0.2.1", None)
    requests.append(("del_nomatch", 13, 0, names, gv.del_request(*names)))
    requests.append(("opnum_out_of_range", 200, 0, (None, None, None), b"\x00" * 8))
    for (name, opnum, level, names, stub) in requests:
        call_id += 1
        pdus = gv.fragment_request(call_id, opnum, stub, 4280)
        frags = pipe.call(pdus)
        calls.append((name, call_id, opnum, level, names, stub, frags))
    pipe.close()

    # A bind for an interface the pipe does not serve.
    pipe = Pipe(lib, url)
    bad_bind, reject = bind(pipe, 1, ("12345678-1234-abcd-ef00-0123456789ab", 1))
    pipe.close()
    out.append(gv.c_bytes("cap_bind_reject", reject))

    rows = []
    for (name, cid, opnum, level, names, stub, frags) in calls:
        ident = "cap_" + name
        out.append(gv.c_bytes(ident + "_req", stub))
        refs = []
        for i, f in enumerate(frags):
            out.append(gv.c_bytes("%s_frag%d" % (ident, i), f))
            refs.append("{%s, %s_frag%d, %d}" % (gv.c_string("%s_frag%d" % (ident, i)),
                                                  ident, i, len(f)))
        out.append("static const struct vec_pdu %s_frags[] = {\n\t%s,\n};" %
                   (ident, ",\n\t".join(refs)))
        fault = 0
        exp = dict(level=0, entries=[], total=0, resume=None, status=0)
        if frags[0][2] == dcerpc.DCERPC_PKT_FAULT:
            fault = struct.unpack_from("<I", frags[0], 24)[0]
        else:
            stub_out = b"".join(f[24:] for f in frags)
            if opnum == 12:
                exp = enum_out(level, stub_out)
            else:
                exp["status"] = struct.unpack("<I", stub_out)[0]
        ents = "NULL"
        if exp["entries"]:
            out.append("static const struct vec_session %s_entries[] = {\n%s\n};" %
                       (ident, session_rows(exp["entries"])))
            ents = ident + "_entries"
        rows.append("\t{%s, %uu, %uu, %uu, %s, %s, %s, %s_req, %d, %s_frags, %d, 0x%08xu, %uu, "
                    "%d, %s, %uu, %s, %uu, %uu}," % (
                        gv.c_string(name), cid, opnum, level, gv.c_string(names[0]),
                        gv.c_string(names[1]), gv.c_string(names[2]), ident, len(stub), ident,
                        len(frags), fault, exp["level"], len(exp["entries"]), ents,
                        exp["total"], "false" if exp["resume"] is None else "true",
                        exp["resume"] or 0, exp["status"]))
    out.append("static const struct cap_call cap_calls[] = {\n%s\n};" % "\n".join(rows))
    out.append("#endif\n")
    with open(out_path, "w", encoding="ascii") as f:
        f.write("\n\n".join(out))


if __name__ == "__main__":
    main()
