"""A one-shot inetd on loopback: listen on 127.0.0.1 (port 0 = any free),
write the port to PORTFILE, then for each of COUNT connections run CMD with
the connected socket as its stdin and stdout (as inetd does for
`gss-server -inetd`), and exit with the first nonzero status of CMD.

usage: inetd.py PORTFILE COUNT CMD [ARG...]
"""
import os
import socket
import subprocess
import sys


def main(argv):
    portfile, count, cmd = argv[1], int(argv[2]), argv[3:]
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    srv.settimeout(30)
    tmp = portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.getsockname()[1])
    os.rename(tmp, portfile)
    status = 0
    for _ in range(count):
        conn, _ = srv.accept()
        with conn:
            rc = subprocess.call(cmd, stdin=conn, stdout=conn, timeout=30)
        if rc and not status:
            status = rc
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
