#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tcp_relay.py - forward one local TCP port to another, for fault injection.

    tcp_relay.py LISTEN_PORT TARGET_PORT

Listens on 127.0.0.1:LISTEN_PORT and relays every connection, byte for
byte, to 127.0.0.1:TARGET_PORT.  The integration tests put it between
netsessd and the real test Samba to cut the network on demand: killing the
relay closes every relayed connection and refuses new ones (a server that
went away); starting it again on the same port brings the server back.
The real thing cannot be unplugged here, hence this stand-in for the wire.

It prints "listening" on stdout once the port is bound, and exits when its
parent process is gone.
"""
import os
import selectors
import socket
import sys


def main():
    listen_port, target_port = int(sys.argv[1]), int(sys.argv[2])
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", listen_port))
    srv.listen(64)
    print("listening", flush=True)

    sel = selectors.DefaultSelector()
    sel.register(srv, selectors.EVENT_READ, None)
    parent = os.getppid()

    def close_pair(a, b):
        for s in (a, b):
            try:
                sel.unregister(s)
            except (KeyError, ValueError):
                pass
            s.close()

    while os.getppid() == parent:
        for key, _ in sel.select(1.0):
            if key.fileobj is srv:
                conn, _ = srv.accept()
                try:
                    up = socket.create_connection(("127.0.0.1", target_port))
                except OSError:
                    conn.close()
                    continue
                sel.register(conn, selectors.EVENT_READ, up)
                sel.register(up, selectors.EVENT_READ, conn)
                continue
            peer = key.data
            try:
                data = key.fileobj.recv(65536)
            except OSError:
                data = b""
            if not data:
                close_pair(key.fileobj, peer)
                continue
            try:
                peer.sendall(data)
            except OSError:
                close_pair(key.fileobj, peer)


if __name__ == "__main__":
    main()
