"""sspi_shim_gss: a small ctypes binding to the GSSAPI face of libsspi
(the MIT krb5 1.20 gss_* ABI), enough for NTLM through gss_* alone.

    import sspi_shim_gss as gss
    cred = gss.acquire_cred_with_password("EXAMPLE\\\\alice", "Passw0rd!", gss.NTLM)
    client = gss.InitContext("host@localhost", cred=cred, mech=gss.NTLM)
    server = gss.AcceptContext()         # default acceptor: NTLM_USER_FILE
    token = client.step()
    while not (client.complete and server.complete):
        token = server.step(token)
        if token and not client.complete:
            token = client.step(token)
    assert server.unwrap(client.wrap(b"hi")) == (b"hi", True)

The library is found through SSPI_SHIM_LIB (a path), else ``libsspi.so.1``;
any MIT-compatible libgssapi_krb5.so.2 path works too. Only ctypes is used.
Every object that holds a gss handle releases it in ``close()`` (also on
garbage collection); every buffer the library returns is copied into
Python bytes and released with gss_release_buffer at once.
"""

import ctypes
import os
from ctypes import (POINTER, Structure, byref, c_char_p, c_int, c_size_t,
                    c_uint32, c_void_p)

__all__ = [
    "GSSError", "Name", "Credential", "InitContext", "AcceptContext",
    "acquire_cred", "acquire_cred_with_password", "display_status", "lib",
    "NTLM", "NT_USER_NAME", "NT_HOSTBASED_SERVICE",
]

OM_uint32 = c_uint32

# --- status codes and flags (MIT gssapi.h) ---------------------------------
GSS_S_COMPLETE = 0
GSS_S_CONTINUE_NEEDED = 1
GSS_C_CALLING_ERROR_OFFSET = 24
GSS_C_ROUTINE_ERROR_OFFSET = 16
GSS_S_BAD_MECH = 1 << 16
GSS_S_BAD_NAME = 2 << 16
GSS_S_BAD_SIG = 6 << 16
GSS_S_NO_CRED = 7 << 16
GSS_S_NO_CONTEXT = 8 << 16
GSS_S_DEFECTIVE_TOKEN = 9 << 16
GSS_S_FAILURE = 13 << 16
GSS_S_UNAVAILABLE = 16 << 16
GSS_C_GSS_CODE = 1
GSS_C_MECH_CODE = 2

GSS_C_DELEG_FLAG = 1
GSS_C_MUTUAL_FLAG = 2
GSS_C_REPLAY_FLAG = 4
GSS_C_SEQUENCE_FLAG = 8
GSS_C_CONF_FLAG = 16
GSS_C_INTEG_FLAG = 32

GSS_C_BOTH = 0
GSS_C_INITIATE = 1
GSS_C_ACCEPT = 2


def routine_error(major):
    """The routine-error field of a major status (GSS_ROUTINE_ERROR)."""
    return major & (0xFF << GSS_C_ROUTINE_ERROR_OFFSET)


def is_error(major):
    """GSS_ERROR: a calling or routine error bit is set."""
    return (major & 0xFFFF0000) != 0


# --- types ---------------------------------------------------------------
class gss_buffer_desc(Structure):
    _fields_ = [("length", c_size_t), ("value", c_void_p)]


class gss_OID_desc(Structure):
    _fields_ = [("length", OM_uint32), ("elements", c_void_p)]


class gss_OID_set_desc(Structure):
    _fields_ = [("count", c_size_t), ("elements", POINTER(gss_OID_desc))]


gss_buffer_t = POINTER(gss_buffer_desc)
gss_OID = POINTER(gss_OID_desc)
gss_OID_set = POINTER(gss_OID_set_desc)
gss_name_t = c_void_p
gss_cred_id_t = c_void_p
gss_ctx_id_t = c_void_p


class OID:
    """An OID whose DER contents stay alive as long as the object."""

    def __init__(self, der):
        self.der = bytes(der)
        self._buf = ctypes.create_string_buffer(self.der, len(self.der))
        self.desc = gss_OID_desc(len(self.der), ctypes.cast(self._buf, c_void_p))

    def ptr(self):
        return byref(self.desc)

    def __eq__(self, other):
        return isinstance(other, OID) and other.der == self.der

    def __hash__(self):
        return hash(self.der)

    def __repr__(self):
        return "OID(%s)" % self.der.hex()


NTLM = OID(b"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a")  # 1.3.6.1.4.1.311.2.2.10
NT_USER_NAME = OID(b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x01")
NT_HOSTBASED_SERVICE = OID(b"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x04")


def _load():
    path = os.environ.get("SSPI_SHIM_LIB") or "libsspi.so.1"
    return ctypes.CDLL(path)


lib = _load()

_P = POINTER
_SIGS = {
    "gss_import_name": (_P(OM_uint32), gss_buffer_t, gss_OID, _P(gss_name_t)),
    "gss_display_name": (_P(OM_uint32), gss_name_t, gss_buffer_t, _P(gss_OID)),
    "gss_release_name": (_P(OM_uint32), _P(gss_name_t)),
    "gss_acquire_cred": (_P(OM_uint32), gss_name_t, OM_uint32, gss_OID_set, c_int,
                         _P(gss_cred_id_t), _P(gss_OID_set), _P(OM_uint32)),
    "gss_acquire_cred_with_password": (_P(OM_uint32), gss_name_t, gss_buffer_t, OM_uint32,
                                       gss_OID_set, c_int, _P(gss_cred_id_t), _P(gss_OID_set),
                                       _P(OM_uint32)),
    "gss_release_cred": (_P(OM_uint32), _P(gss_cred_id_t)),
    "gss_init_sec_context": (_P(OM_uint32), gss_cred_id_t, _P(gss_ctx_id_t), gss_name_t, gss_OID,
                             OM_uint32, OM_uint32, c_void_p, gss_buffer_t, _P(gss_OID),
                             gss_buffer_t, _P(OM_uint32), _P(OM_uint32)),
    "gss_accept_sec_context": (_P(OM_uint32), _P(gss_ctx_id_t), gss_cred_id_t, gss_buffer_t,
                               c_void_p, _P(gss_name_t), _P(gss_OID), gss_buffer_t,
                               _P(OM_uint32), _P(OM_uint32), _P(gss_cred_id_t)),
    "gss_delete_sec_context": (_P(OM_uint32), _P(gss_ctx_id_t), gss_buffer_t),
    "gss_wrap": (_P(OM_uint32), gss_ctx_id_t, c_int, OM_uint32, gss_buffer_t, _P(c_int),
                 gss_buffer_t),
    "gss_unwrap": (_P(OM_uint32), gss_ctx_id_t, gss_buffer_t, gss_buffer_t, _P(c_int),
                   _P(OM_uint32)),
    "gss_get_mic": (_P(OM_uint32), gss_ctx_id_t, OM_uint32, gss_buffer_t, gss_buffer_t),
    "gss_verify_mic": (_P(OM_uint32), gss_ctx_id_t, gss_buffer_t, gss_buffer_t, _P(OM_uint32)),
    "gss_display_status": (_P(OM_uint32), OM_uint32, c_int, gss_OID, _P(OM_uint32),
                           gss_buffer_t),
    "gss_release_buffer": (_P(OM_uint32), gss_buffer_t),
    "gss_release_oid_set": (_P(OM_uint32), _P(gss_OID_set)),
    "gss_inquire_context": (_P(OM_uint32), gss_ctx_id_t, _P(gss_name_t), _P(gss_name_t),
                            _P(OM_uint32), _P(gss_OID), _P(OM_uint32), _P(c_int), _P(c_int)),
}
for _name, _args in _SIGS.items():
    _f = getattr(lib, _name)
    _f.argtypes = list(_args)
    _f.restype = OM_uint32


def _take(buf):
    """Copies a library-owned buffer into bytes and releases it."""
    try:
        return ctypes.string_at(buf.value, buf.length) if buf.length else b""
    finally:
        minor = OM_uint32()
        lib.gss_release_buffer(byref(minor), byref(buf))


def _inbuf(data):
    """A gss_buffer_desc over `data`; keep the returned pair alive."""
    data = bytes(data)
    raw = ctypes.create_string_buffer(data, len(data)) if data else None
    return gss_buffer_desc(len(data), ctypes.cast(raw, c_void_p) if raw else None), raw


def display_status(code, kind, mech=None):
    """All messages gss_display_status gives for `code`, in order."""
    out, ctx = [], OM_uint32(0)
    while True:
        minor, buf = OM_uint32(), gss_buffer_desc()
        major = lib.gss_display_status(byref(minor), code, kind,
                                       mech.ptr() if mech else None, byref(ctx), byref(buf))
        if is_error(major):
            raise GSSError(major, minor.value, "gss_display_status")
        out.append(_take(buf).decode("utf-8", "replace"))
        if ctx.value == 0:
            return out


class GSSError(Exception):
    """A failed gss_* call: `major`, `minor` and their display texts."""

    def __init__(self, major, minor, call):
        self.major, self.minor, self.call = major, minor, call
        try:
            texts = display_status(major, GSS_C_GSS_CODE)
            if minor:
                texts += display_status(minor, GSS_C_MECH_CODE, NTLM)
        except GSSError:
            texts = []
        self.texts = texts
        super().__init__("%s: major 0x%08x minor 0x%08x: %s" % (call, major, minor, "; ".join(texts)))


def _check(major, minor, call):
    if is_error(major):
        raise GSSError(major, minor.value, call)
    return major


def _oid_set(mech):
    if mech is None:
        return None, None
    arr = (gss_OID_desc * 1)(mech.desc)
    s = gss_OID_set_desc(1, arr)
    return byref(s), (s, arr)


class Name:
    """gss_import_name of `text` with name type `oid`."""

    def __init__(self, text, oid=NT_USER_NAME):
        self.handle = gss_name_t()
        buf, keep = _inbuf(text.encode())
        minor = OM_uint32()
        _check(lib.gss_import_name(byref(minor), byref(buf), oid.ptr(), byref(self.handle)),
               minor, "gss_import_name")
        del keep

    @classmethod
    def _own(cls, handle):
        n = cls.__new__(cls)
        n.handle = handle
        return n

    def __str__(self):
        minor, buf = OM_uint32(), gss_buffer_desc()
        _check(lib.gss_display_name(byref(minor), self.handle, byref(buf), None),
               minor, "gss_display_name")
        return _take(buf).decode()

    def close(self):
        if getattr(self, "handle", None) and self.handle.value:
            lib.gss_release_name(byref(OM_uint32()), byref(self.handle))

    __del__ = close


class Credential:
    """A gss_cred_id_t; see acquire_cred and acquire_cred_with_password."""

    def __init__(self, handle):
        self.handle = handle

    def close(self):
        if getattr(self, "handle", None) and self.handle.value:
            lib.gss_release_cred(byref(OM_uint32()), byref(self.handle))

    __del__ = close


def acquire_cred(name=None, mech=NTLM, usage=GSS_C_ACCEPT):
    """gss_acquire_cred for `name` (None: GSS_C_NO_NAME, the default)."""
    h, minor = gss_cred_id_t(), OM_uint32()
    mechs, keep = _oid_set(mech)
    n = Name(name) if name else None
    try:
        _check(lib.gss_acquire_cred(byref(minor), n.handle if n else None, 0, mechs, usage,
                                    byref(h), None, None), minor, "gss_acquire_cred")
    finally:
        if n:
            n.close()
    del keep
    return Credential(h)


def acquire_cred_with_password(user, password, mech=NTLM, usage=GSS_C_INITIATE):
    """gss_acquire_cred_with_password for `user` ("DOMAIN\\\\user" or "user@DOMAIN")."""
    h, minor = gss_cred_id_t(), OM_uint32()
    mechs, keep = _oid_set(mech)
    n = Name(user)
    pw, pkeep = _inbuf(password.encode())
    try:
        _check(lib.gss_acquire_cred_with_password(byref(minor), n.handle, byref(pw), 0, mechs,
                                                  usage, byref(h), None, None),
               minor, "gss_acquire_cred_with_password")
    finally:
        n.close()
    del keep, pkeep
    return Credential(h)


class _Context:
    def __init__(self):
        self.handle = gss_ctx_id_t()
        self.complete = False
        self.flags = 0

    def wrap(self, data, conf=True):
        """gss_wrap: returns the token."""
        minor, out, state = OM_uint32(), gss_buffer_desc(), c_int()
        buf, keep = _inbuf(data)
        _check(lib.gss_wrap(byref(minor), self.handle, 1 if conf else 0, 0, byref(buf),
                            byref(state), byref(out)), minor, "gss_wrap")
        del keep
        return _take(out)

    def unwrap(self, token):
        """gss_unwrap: returns (message, whether it was sealed)."""
        minor, out, state, qop = OM_uint32(), gss_buffer_desc(), c_int(), OM_uint32()
        buf, keep = _inbuf(token)
        _check(lib.gss_unwrap(byref(minor), self.handle, byref(buf), byref(out), byref(state),
                              byref(qop)), minor, "gss_unwrap")
        del keep
        return _take(out), bool(state.value)

    def get_mic(self, data):
        minor, out = OM_uint32(), gss_buffer_desc()
        buf, keep = _inbuf(data)
        _check(lib.gss_get_mic(byref(minor), self.handle, 0, byref(buf), byref(out)),
               minor, "gss_get_mic")
        del keep
        return _take(out)

    def verify_mic(self, data, mic):
        minor, qop = OM_uint32(), OM_uint32()
        b1, k1 = _inbuf(data)
        b2, k2 = _inbuf(mic)
        _check(lib.gss_verify_mic(byref(minor), self.handle, byref(b1), byref(b2), byref(qop)),
               minor, "gss_verify_mic")
        del k1, k2

    def names(self):
        """(source, target) display names from gss_inquire_context."""
        minor, src, targ = OM_uint32(), gss_name_t(), gss_name_t()
        _check(lib.gss_inquire_context(byref(minor), self.handle, byref(src), byref(targ), None,
                                       None, None, None, None), minor, "gss_inquire_context")
        s, t = Name._own(src), Name._own(targ)
        try:
            return (str(s) if src.value else None, str(t) if targ.value else None)
        finally:
            s.close()
            t.close()

    def close(self):
        if getattr(self, "handle", None) and self.handle.value:
            lib.gss_delete_sec_context(byref(OM_uint32()), byref(self.handle), None)

    __del__ = close


class InitContext(_Context):
    """An initiator for `target` (a GSS_C_NT_HOSTBASED_SERVICE name)."""

    def __init__(self, target, cred=None, mech=NTLM,
                 flags=GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG | GSS_C_MUTUAL_FLAG):
        super().__init__()
        self.target = Name(target, NT_HOSTBASED_SERVICE)
        self.cred, self.mech, self.req_flags = cred, mech, flags

    def step(self, token=b""):
        minor, out, flags = OM_uint32(), gss_buffer_desc(), OM_uint32()
        buf, keep = _inbuf(token)
        major = _check(lib.gss_init_sec_context(
            byref(minor), self.cred.handle if self.cred else None, byref(self.handle),
            self.target.handle, self.mech.ptr() if self.mech else None, self.req_flags, 0, None,
            byref(buf), None, byref(out), byref(flags), None), minor, "gss_init_sec_context")
        del keep
        self.complete = major == GSS_S_COMPLETE
        self.flags = flags.value
        return _take(out)


class AcceptContext(_Context):
    """An acceptor (cred None: GSS_C_NO_CREDENTIAL, mechanism from the token)."""

    def __init__(self, cred=None):
        super().__init__()
        self.cred = cred
        self.client = None

    def step(self, token):
        minor, out, flags, src = OM_uint32(), gss_buffer_desc(), OM_uint32(), gss_name_t()
        buf, keep = _inbuf(token)
        major = _check(lib.gss_accept_sec_context(
            byref(minor), byref(self.handle), self.cred.handle if self.cred else None,
            byref(buf), None, byref(src), None, byref(out), byref(flags), None, None),
            minor, "gss_accept_sec_context")
        del keep
        self.complete = major == GSS_S_COMPLETE
        self.flags = flags.value
        if src.value:
            n = Name._own(src)
            try:
                self.client = str(n)
            finally:
                n.close()
        return _take(out)
