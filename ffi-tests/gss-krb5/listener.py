"""Loopback listener for MIT's gss-server: accepts on 127.0.0.1 and runs
`gss-server -inetd ...` per connection with the socket as stdin/stdout
(gss-server itself would bind every interface). Writes the port to the
file named by argv[1]; the rest of argv is the server command."""
import socket
import subprocess
import sys

s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(8)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
import os
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    c, _ = s.accept()
    subprocess.Popen(sys.argv[2:], stdin=c.fileno(), stdout=c.fileno(),
                     stderr=open(sys.argv[1] + ".stderr", "a"), close_fds=True)
    c.close()
