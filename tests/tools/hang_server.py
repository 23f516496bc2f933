#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A file server that hangs: a TCP listener on 127.0.0.1 that accepts
every connection, reads what it is sent and never answers.

hang_server.py PORTFILE [LOGFILE]

The port it listens on goes to PORTFILE (written whole: a reader never sees
half of it).  With LOGFILE, "open N" and "close N" are appended for every
connection.  It ends when its parent (the test's shell) does.
"""
import os
import selectors
import socket
import sys


def main():
    portfile = sys.argv[1]
    log = open(sys.argv[2], "a", buffering=1) if len(sys.argv) > 2 else None
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(64)
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % srv.getsockname()[1])
    os.rename(portfile + ".tmp", portfile)
    sel = selectors.DefaultSelector()
    sel.register(srv, selectors.EVENT_READ, 0)
    parent, n = os.getppid(), 0
    while os.getppid() == parent:
        for key, _ in sel.select(1.0):
            if key.fileobj is srv:
                conn, _ = srv.accept()
                n += 1
                sel.register(conn, selectors.EVENT_READ, n)
                if log:
                    log.write("open %d\n" % n)
                continue
            try:
                data = key.fileobj.recv(65536)
            except OSError:
                data = b""
            if not data:
                sel.unregister(key.fileobj)
                key.fileobj.close()
                if log:
                    log.write("close %d\n" % key.data)


if __name__ == "__main__":
    main()
