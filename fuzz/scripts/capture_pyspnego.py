"""Seeds from pyspnego (pure-Python NTLM and SPNEGO), run by fuzz/seed.sh
with the build/venv python: NTLM NEGOTIATE / CHALLENGE / AUTHENTICATE and
wrap tokens, SPNEGO over NTLM.
    python capture_pyspnego.py CORPUS_DIR   (NTLM_USER_FILE set)
"""
import os
import sys

import spnego

SEP = b"\xfe\xedSEP\xfe"
corpus = sys.argv[1]


def put(target, name, content):
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(content)


def run(protocol):
    c = spnego.client("TEST\\alice", "s3cret-Pw", hostname="server.test.sspi", service="HTTP",
                      protocol=protocol)
    s = spnego.server(protocol=protocol)
    toks = []
    tok = c.step()
    while tok:
        toks.append(tok)
        rep = s.step(tok)
        if not rep:
            break
        toks.append(rep)
        tok = c.step(rep)
    return toks, c, s


toks, c, s = run("ntlm")
for n, t in zip(["negotiate", "challenge", "authenticate"], toks):
    put("ntlm_messages", f"pyspnego_{n}", t)
w = c.wrap(b"pyspnego sealed").data
put("ntlm_acceptor", "pyspnego_neg_auth", SEP.join([toks[0], toks[2], w]))
put("ntlm_initiator", "pyspnego_challenge", toks[1])
put("ntlm_initiator", "pyspnego_challenge_wrap", SEP.join([toks[1], s.wrap(b"server").data]))

toks, c, s = run("negotiate")
for i, t in enumerate(toks):
    put("spnego_tokens", f"pyspnego_{i}", t)
put("spnego_context", "pyspnego_acceptor", b"\x00" + SEP.join(toks[0::2]))
put("spnego_context", "pyspnego_initiator", b"\x01" + SEP.join(toks[1::2]))
