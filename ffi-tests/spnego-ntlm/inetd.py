"""A one-connection inetd on loopback: `inetd.py PORTFILE CMD...` binds
127.0.0.1 on a free port, writes the port to PORTFILE, accepts one
connection and runs CMD with the socket as its stdin and stdout (what
`gss-server -inetd` expects), then exits with CMD's status. Gives up after
30 seconds without a connection."""
import socket
import subprocess
import sys

portfile, cmd = sys.argv[1], sys.argv[2:]
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(1)
s.settimeout(30)
with open(portfile + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
import os
os.rename(portfile + ".tmp", portfile)
conn, _ = s.accept()
s.close()
try:
    rc = subprocess.run(cmd, stdin=conn.fileno(), stdout=conn.fileno(), timeout=60).returncode
except subprocess.TimeoutExpired:
    rc = 124
conn.close()
sys.exit(rc)
