"""Captures RFC 4121 tokens made by MIT's own libgssapi_krb5 (ctypes), with
the key that made them (GSS_C_INQ_SSPI_SESSION_KEY), for the Kerberos
package's known-answer tests. Run inside a realm where alice has a ticket
for host/localhost and KRB5_KTNAME holds its key:
    python3 capture_mit_tokens.py > src/packages/kerberos/testdata/mit_tokens.txt
"""
import ctypes as C

L = C.CDLL("libgssapi_krb5.so.2")


class Buf(C.Structure):
    _fields_ = [("length", C.c_size_t), ("value", C.c_void_p)]


class Oid(C.Structure):
    _fields_ = [("length", C.c_uint32), ("elements", C.c_void_p)]


class BufSet(C.Structure):
    _fields_ = [("count", C.c_size_t), ("elements", C.POINTER(Buf))]


def data(b):
    return C.string_at(b.value, b.length) if b.length else b""


def buf(bs):
    keep = C.create_string_buffer(bs, len(bs))
    b = Buf(len(bs), C.cast(keep, C.c_void_p))
    b._keep = keep
    return b


def check(major, what):
    if major & 0xFFFF0000:
        raise SystemExit(f"{what}: major 0x{major:x}")


minor = C.c_uint32()
hb = C.POINTER(Oid).in_dll(L, "GSS_C_NT_HOSTBASED_SERVICE")
krb5 = C.POINTER(Oid).in_dll(L, "gss_mech_krb5")
name = C.c_void_p()
check(L.gss_import_name(C.byref(minor), C.byref(buf(b"host@localhost")), hb, C.byref(name)), "import")
ictx, actx = C.c_void_p(), C.c_void_p()
flags = 2 | 4 | 8 | 16 | 32  # mutual, replay, sequence, conf, integ
t1, t2, t3 = Buf(), Buf(), Buf()
check(L.gss_init_sec_context(C.byref(minor), None, C.byref(ictx), name, krb5, flags, 0, None, None,
                             None, C.byref(t1), None, None), "init 1")
check(L.gss_accept_sec_context(C.byref(minor), C.byref(actx), None, C.byref(t1), None, None, None,
                               C.byref(t2), None, None, None), "accept")
check(L.gss_init_sec_context(C.byref(minor), None, C.byref(ictx), name, krb5, flags, 0, None,
                             C.byref(t2), None, C.byref(t3), None, None), "init 2")

sspi_key = bytes([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02, 0x05, 0x05])
keep = C.create_string_buffer(sspi_key, len(sspi_key))
oid = Oid(len(sspi_key), C.cast(keep, C.c_void_p))
bs = C.POINTER(BufSet)()
check(L.gss_inquire_sec_context_by_oid(C.byref(minor), ictx, C.byref(oid), C.byref(bs)), "session key")
key = data(bs.contents.elements[0])
etype_oid = data(bs.contents.elements[1])
print("key", key.hex())
print("enctype", etype_oid[-1])

msg = b"MIT made this token"
print("msg", msg.hex())
for side, ctx in (("initiator", ictx), ("acceptor", actx)):
    out = Buf()
    check(L.gss_get_mic(C.byref(minor), ctx, 0, C.byref(buf(msg)), C.byref(out)), "mic")
    print(f"{side}_mic", data(out).hex())
    for conf in (1, 0):
        out = Buf()
        state = C.c_int()
        check(L.gss_wrap(C.byref(minor), ctx, conf, 0, C.byref(buf(msg)), C.byref(state), C.byref(out)), "wrap")
        print(f"{side}_wrap_{'conf' if conf else 'integ'}", data(out).hex())
