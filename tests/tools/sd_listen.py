#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""sd_listen.py SOCKET LOG - the receiving end of sd_notify(3), as systemd
has it: a unix datagram socket at SOCKET (give its path to the program as
NOTIFY_SOCKET).  Each message is appended to LOG as one line, "PID<TAB>TEXT",
PID being the sender's process as the kernel reports it (SO_PASSCRED, which
is how systemd tells the main process from its children) and TEXT the
message with its newlines written as "|".  Runs until SIGTERM."""
import os
import signal
import socket
import struct
import sys


def main():
    path, log = sys.argv[1], sys.argv[2]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
    sock.bind(path + ".new")
    os.rename(path + ".new", path)  # the socket appears ready to use
    creds_size = socket.CMSG_SPACE(struct.calcsize("3i"))
    with open(log, "a", encoding="utf-8") as out:
        while True:
            data, ancdata, _, _ = sock.recvmsg(4096, creds_size)
            pid = 0
            for level, kind, value in ancdata:
                if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                    pid = struct.unpack("3i", value[: struct.calcsize("3i")])[0]
            text = data.decode("utf-8", "replace").rstrip("\n").replace("\n", "|")
            out.write(f"{pid}\t{text}\n")
            out.flush()


if __name__ == "__main__":
    main()
