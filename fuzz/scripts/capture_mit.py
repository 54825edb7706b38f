"""Seeds from MIT's own libgssapi_krb5 (ctypes), run by fuzz/seed.sh inside
the throw-away realm: a krb5 AP-REQ and AP-REP for host/localhost, and
SPNEGO tokens (krb5 inside); with GSS_MECH_CONFIG naming gss-ntlmssp,
gss-ntlmssp's NTLM NEGOTIATE / CHALLENGE / AUTHENTICATE and a wrap token.
    python3 capture_mit.py krb5|ntlm CORPUS_DIR
"""
import ctypes as C
import os
import sys

SEP = b"\xfe\xedSEP\xfe"
L = C.CDLL("libgssapi_krb5.so.2")


class Buf(C.Structure):
    _fields_ = [("length", C.c_size_t), ("value", C.c_void_p)]


class Oid(C.Structure):
    _fields_ = [("length", C.c_uint32), ("elements", C.c_void_p)]


def data(b):
    return C.string_at(b.value, b.length) if b.length else b""


def buf(bs):
    keep = C.create_string_buffer(bs, len(bs))
    b = Buf(len(bs), C.cast(keep, C.c_void_p))
    b._keep = keep
    return b


def oid(bs):
    keep = C.create_string_buffer(bs, len(bs))
    o = Oid(len(bs), C.cast(keep, C.c_void_p))
    o._keep = keep
    return o


def put(corpus, target, name, content):
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(content)


def handshake(mech, flags, name_text=b"host@localhost"):
    """Both sides in this process; returns the tokens and both contexts."""
    minor = C.c_uint32()
    hb = C.POINTER(Oid).in_dll(L, "GSS_C_NT_HOSTBASED_SERVICE")
    name = C.c_void_p()
    assert L.gss_import_name(C.byref(minor), C.byref(buf(name_text)), hb, C.byref(name)) == 0
    ictx, actx = C.c_void_p(), C.c_void_p()
    toks = []
    inp = None
    for _ in range(4):
        out = Buf()
        maj = L.gss_init_sec_context(C.byref(minor), None, C.byref(ictx), name, C.byref(mech), flags, 0,
                                     None, C.byref(inp) if inp else None, None, C.byref(out), None, None)
        if maj & 0xFFFF0000:
            raise SystemExit(f"init: major 0x{maj:x} minor {minor.value}")
        if out.length:
            toks.append(data(out))
        else:
            break
        rep = Buf()
        maj2 = L.gss_accept_sec_context(C.byref(minor), C.byref(actx), None, C.byref(buf(toks[-1])), None,
                                        None, None, C.byref(rep), None, None, None)
        if maj2 & 0xFFFF0000:
            raise SystemExit(f"accept: major 0x{maj2:x} minor {minor.value}")
        if rep.length:
            toks.append(data(rep))
            inp = buf(toks[-1])
        if maj == 0 and maj2 == 0:
            break
        if maj2 == 0 and not rep.length:
            break
    return toks, ictx, actx


def wrap(ctx, msg, conf=1):
    minor = C.c_uint32()
    out = Buf()
    state = C.c_int()
    assert L.gss_wrap(C.byref(minor), ctx, conf, 0, C.byref(buf(msg)), C.byref(state), C.byref(out)) == 0
    return data(out)


def main():
    mode, corpus = sys.argv[1], sys.argv[2]
    flags = 2 | 4 | 8 | 16 | 32
    if mode == "krb5":
        krb5 = oid(bytes.fromhex("2a864886f712010202"))
        toks, _, _ = handshake(krb5, flags)
        put(corpus, "krb5_ap_req", "mit_ap_req", b"\x02" + toks[0])
        put(corpus, "krb5_ap_req", "mit_ap_req_cb_any", b"\x00" + toks[0])
        if len(toks) > 1:
            put(corpus, "krb5_ap_rep", "mit_ap_rep", toks[1])
        spnego = oid(bytes.fromhex("2b0601050502"))
        toks, _, _ = handshake(spnego, flags)
        for i, t in enumerate(toks):
            put(corpus, "spnego_tokens", f"mit_krb5_{i}", t)
        put(corpus, "spnego_context", "mit_krb5_init", b"\x00" + toks[0])
        if len(toks) > 1:
            put(corpus, "spnego_context", "mit_krb5_resp", b"\x01" + SEP.join(toks[1::2]))
    else:
        ntlm = oid(bytes.fromhex("2b06010401823702020a"))
        toks, ictx, actx = handshake(ntlm, flags)
        names = ["negotiate", "challenge", "authenticate"]
        for n, t in zip(names, toks):
            put(corpus, "ntlm_messages", f"gssntlmssp_{n}", t)
        w = wrap(ictx, b"gss-ntlmssp sealed")
        put(corpus, "ntlm_acceptor", "gssntlmssp_neg_auth", SEP.join([toks[0], toks[2], w]))
        put(corpus, "ntlm_initiator", "gssntlmssp_challenge", toks[1])
        spnego = oid(bytes.fromhex("2b0601050502"))
        toks, _, _ = handshake(spnego, flags)
        for i, t in enumerate(toks):
            put(corpus, "spnego_tokens", f"mit_ntlmssp_{i}", t)
        put(corpus, "spnego_context", "mit_ntlmssp_acceptor", b"\x00" + SEP.join(toks[0::2]))
        put(corpus, "spnego_context", "mit_ntlmssp_initiator", b"\x01" + SEP.join(toks[1::2]))


main()
