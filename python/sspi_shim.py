"""sspi_shim: a small ctypes binding to libsspi (sspi-shim's SSPI face).

    import sspi_shim
    client = sspi_shim.ClientContext("alice", "Passw0rd!", domain="EXAMPLE")
    server = sspi_shim.ServerContext()          # validates against NTLM_USER_FILE
    token = client.step()
    while not (client.complete and server.complete):
        token = server.step(token)
        if not client.complete:
            token = client.step(token)
    blob = client.encrypt(b"hello")             # signature(16) || sealed data
    assert server.decrypt(blob) == b"hello"

The library is found through the SSPI_SHIM_LIB environment variable (a path),
else as ``libsspi.so.1`` on the normal search path.  Only ctypes is used.
All types follow Microsoft's sspi.h with Windows' LLP64 sizes: ULONG is 32
bits, ULONG_PTR is pointer sized, WCHAR is UTF-16 (uint16).
"""

import ctypes
import os
from ctypes import (POINTER, Structure, byref, c_int32, c_int64, c_size_t,
                    c_uint16, c_uint32, c_ubyte, c_char_p, c_void_p, cast)

__all__ = [
    "SSPIError", "Credentials", "ClientContext", "ServerContext", "lib",
    "SecHandle", "SecBuffer", "SecBufferDesc", "SEC_WINNT_AUTH_IDENTITY_W",
    "SEC_WINNT_AUTH_IDENTITY_A", "SecPkgContext_Sizes", "SecPkgInfoW",
]

# --- status codes (winerror.h) -------------------------------------------
SEC_E_OK = 0x00000000
SEC_I_CONTINUE_NEEDED = 0x00090312
SEC_I_COMPLETE_NEEDED = 0x00090313
SEC_I_COMPLETE_AND_CONTINUE = 0x00090314
SEC_E_INSUFFICIENT_MEMORY = 0x80090300
SEC_E_INVALID_HANDLE = 0x80090301
SEC_E_UNSUPPORTED_FUNCTION = 0x80090302
SEC_E_INTERNAL_ERROR = 0x80090304
SEC_E_SECPKG_NOT_FOUND = 0x80090305
SEC_E_INVALID_TOKEN = 0x80090308
SEC_E_LOGON_DENIED = 0x8009030C
SEC_E_NO_CREDENTIALS = 0x8009030E
SEC_E_MESSAGE_ALTERED = 0x8009030F
SEC_E_OUT_OF_SEQUENCE = 0x80090310
SEC_E_BUFFER_TOO_SMALL = 0x80090321
SEC_E_BAD_BINDINGS = 0x80090346
SEC_E_INVALID_PARAMETER = 0x8009035D
SEC_E_QOP_NOT_SUPPORTED = 0x8009030A

STATUS_NAMES = {v: k for k, v in list(globals().items()) if k.startswith("SEC_")}

# --- constants (sspi.h) -----------------------------------------------------
SECPKG_CRED_INBOUND = 0x1
SECPKG_CRED_OUTBOUND = 0x2
SECBUFFER_VERSION = 0
SECBUFFER_EMPTY = 0
SECBUFFER_DATA = 1
SECBUFFER_TOKEN = 2
SECBUFFER_CHANNEL_BINDINGS = 14
SECURITY_NATIVE_DREP = 0x10
SECQOP_WRAP_NO_ENCRYPT = 0x80000001
SEC_WINNT_AUTH_IDENTITY_ANSI = 0x1
SEC_WINNT_AUTH_IDENTITY_UNICODE = 0x2

SECPKG_ATTR_SIZES = 0
SECPKG_ATTR_NAMES = 1
SECPKG_ATTR_LIFESPAN = 2
SECPKG_ATTR_SESSION_KEY = 9
SECPKG_ATTR_PACKAGE_INFO = 10
SECPKG_ATTR_FLAGS = 14
SECPKG_ATTR_NEGOTIATION_INFO = 12
SECPKG_NEGOTIATION_COMPLETE = 0
SECPKG_NEGOTIATION_IN_PROGRESS = 2
SECPKG_CRED_ATTR_NAMES = 1

ISC_REQ_MUTUAL_AUTH = 0x2
ISC_REQ_REPLAY_DETECT = 0x4
ISC_REQ_SEQUENCE_DETECT = 0x8
ISC_REQ_CONFIDENTIALITY = 0x10
ISC_REQ_ALLOCATE_MEMORY = 0x100
ISC_REQ_CONNECTION = 0x800
ISC_REQ_INTEGRITY = 0x10000
ISC_RET_MUTUAL_AUTH = 0x2
ISC_RET_CONFIDENTIALITY = 0x10
ISC_RET_INTEGRITY = 0x10000

ASC_REQ_REPLAY_DETECT = 0x4
ASC_REQ_SEQUENCE_DETECT = 0x8
ASC_REQ_CONFIDENTIALITY = 0x10
ASC_REQ_ALLOCATE_MEMORY = 0x100
ASC_REQ_CONNECTION = 0x800
ASC_REQ_INTEGRITY = 0x20000
ASC_RET_CONFIDENTIALITY = 0x10
ASC_RET_INTEGRITY = 0x20000

DEFAULT_ISC_FLAGS = (ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY | ISC_REQ_REPLAY_DETECT
                     | ISC_REQ_SEQUENCE_DETECT | ISC_REQ_CONNECTION | ISC_REQ_ALLOCATE_MEMORY)
DEFAULT_ASC_FLAGS = (ASC_REQ_CONFIDENTIALITY | ASC_REQ_INTEGRITY | ASC_REQ_REPLAY_DETECT
                     | ASC_REQ_SEQUENCE_DETECT | ASC_REQ_CONNECTION | ASC_REQ_ALLOCATE_MEMORY)

ULONG = c_uint32
LONG = c_int32
SECURITY_STATUS = c_int32
MAX_TOKEN = 2888  # NTLM's cbMaxToken
TimeStamp = c_int64  # FILETIME units; 8 bytes, same layout as SECURITY_INTEGER


# --- structures ---------------------------------------------------------------
class SecHandle(Structure):
    _fields_ = [("dwLower", c_size_t), ("dwUpper", c_size_t)]


CredHandle = CtxtHandle = SecHandle


class SecBuffer(Structure):
    _fields_ = [("cbBuffer", ULONG), ("BufferType", ULONG), ("pvBuffer", c_void_p)]


class SecBufferDesc(Structure):
    _fields_ = [("ulVersion", ULONG), ("cBuffers", ULONG), ("pBuffers", POINTER(SecBuffer))]


class SEC_WINNT_AUTH_IDENTITY_W(Structure):
    _fields_ = [("User", POINTER(c_uint16)), ("UserLength", ULONG),
                ("Domain", POINTER(c_uint16)), ("DomainLength", ULONG),
                ("Password", POINTER(c_uint16)), ("PasswordLength", ULONG),
                ("Flags", ULONG)]


class SEC_WINNT_AUTH_IDENTITY_EXW(Structure):
    _fields_ = [("Version", ULONG), ("Length", ULONG),
                ("User", POINTER(c_uint16)), ("UserLength", ULONG),
                ("Domain", POINTER(c_uint16)), ("DomainLength", ULONG),
                ("Password", POINTER(c_uint16)), ("PasswordLength", ULONG),
                ("Flags", ULONG), ("PackageList", POINTER(c_uint16)), ("PackageListLength", ULONG)]


SEC_WINNT_AUTH_IDENTITY_VERSION = 0x200


class SEC_WINNT_AUTH_IDENTITY_A(Structure):
    _fields_ = [("User", POINTER(c_ubyte)), ("UserLength", ULONG),
                ("Domain", POINTER(c_ubyte)), ("DomainLength", ULONG),
                ("Password", POINTER(c_ubyte)), ("PasswordLength", ULONG),
                ("Flags", ULONG)]


class SecPkgInfoW(Structure):
    _fields_ = [("fCapabilities", ULONG), ("wVersion", c_uint16), ("wRPCID", c_uint16),
                ("cbMaxToken", ULONG), ("Name", POINTER(c_uint16)), ("Comment", POINTER(c_uint16))]


class SecPkgContext_Sizes(Structure):
    _fields_ = [("cbMaxToken", ULONG), ("cbMaxSignature", ULONG),
                ("cbBlockSize", ULONG), ("cbSecurityTrailer", ULONG)]


class SecPkgContext_NamesW(Structure):
    _fields_ = [("sUserName", POINTER(c_uint16))]


class SecPkgContext_SessionKey(Structure):
    _fields_ = [("SessionKeyLength", ULONG), ("SessionKey", POINTER(c_ubyte))]


class SecPkgContext_Flags(Structure):
    _fields_ = [("Flags", ULONG)]


class SecPkgContext_Lifespan(Structure):
    _fields_ = [("tsStart", TimeStamp), ("tsExpiry", TimeStamp)]


class SecPkgContext_PackageInfoW(Structure):
    _fields_ = [("PackageInfo", POINTER(SecPkgInfoW))]


class SecPkgContext_NegotiationInfoW(Structure):
    _fields_ = [("PackageInfo", POINTER(SecPkgInfoW)), ("NegotiationState", ULONG)]


class SecPkgCredentials_NamesW(Structure):
    _fields_ = [("sUserName", POINTER(c_uint16))]


class SEC_CHANNEL_BINDINGS(Structure):
    _fields_ = [(n, ULONG) for n in (
        "dwInitiatorAddrType", "cbInitiatorLength", "dwInitiatorOffset",
        "dwAcceptorAddrType", "cbAcceptorLength", "dwAcceptorOffset",
        "cbApplicationDataLength", "dwApplicationDataOffset")]


# --- library loading --------------------------------------------------------
def _load():
    path = os.environ.get("SSPI_SHIM_LIB") or "libsspi.so.1"
    dll = ctypes.CDLL(path)
    P, H = c_void_p, POINTER(SecHandle)
    sigs = {
        "AcquireCredentialsHandleW": [P, P, ULONG, P, P, P, P, H, POINTER(TimeStamp)],
        "AcquireCredentialsHandleA": [c_char_p, c_char_p, ULONG, P, P, P, P, H, POINTER(TimeStamp)],
        "FreeCredentialsHandle": [H],
        "InitializeSecurityContextW": [H, H, P, ULONG, ULONG, ULONG, POINTER(SecBufferDesc), ULONG,
                                       H, POINTER(SecBufferDesc), POINTER(ULONG), POINTER(TimeStamp)],
        "AcceptSecurityContext": [H, H, POINTER(SecBufferDesc), ULONG, ULONG, H,
                                  POINTER(SecBufferDesc), POINTER(ULONG), POINTER(TimeStamp)],
        "DeleteSecurityContext": [H],
        "CompleteAuthToken": [H, POINTER(SecBufferDesc)],
        "QueryContextAttributesW": [H, ULONG, P],
        "QueryCredentialsAttributesW": [H, ULONG, P],
        "EncryptMessage": [H, ULONG, POINTER(SecBufferDesc), ULONG],
        "DecryptMessage": [H, POINTER(SecBufferDesc), ULONG, POINTER(ULONG)],
        "MakeSignature": [H, ULONG, POINTER(SecBufferDesc), ULONG],
        "VerifySignature": [H, POINTER(SecBufferDesc), ULONG, POINTER(ULONG)],
        "FreeContextBuffer": [P],
        "QuerySecurityPackageInfoW": [P, POINTER(POINTER(SecPkgInfoW))],
        "EnumerateSecurityPackagesW": [POINTER(ULONG), POINTER(POINTER(SecPkgInfoW))],
    }
    for name, argtypes in sigs.items():
        fn = getattr(dll, name)
        fn.argtypes = argtypes
        fn.restype = SECURITY_STATUS
    return dll


lib = _load()


# --- helpers ------------------------------------------------------------------
class SSPIError(Exception):
    """A failed SSPI call; ``status`` is the SECURITY_STATUS as an unsigned 32-bit value."""

    def __init__(self, function, status):
        self.function = function
        self.status = status & 0xFFFFFFFF
        name = STATUS_NAMES.get(self.status, "unknown")
        super().__init__("%s failed: 0x%08X (%s)" % (function, self.status, name))


def _check(function, status, ok=(SEC_E_OK,)):
    status &= 0xFFFFFFFF
    if status not in ok:
        raise SSPIError(function, status)
    return status


def wstr(text):
    """A NUL-terminated UTF-16 array for a Python str (ctypes' c_wchar is 32-bit on Linux)."""
    units = text.encode("utf-16-le")
    n = len(units) // 2
    arr = (c_uint16 * (n + 1)).from_buffer_copy(units + b"\0\0")
    return arr, n


def read_wstr(ptr):
    """Read a NUL-terminated UTF-16 string from a POINTER(c_uint16)."""
    if not ptr:
        return None
    out = []
    i = 0
    while ptr[i] != 0:
        out.append(ptr[i])
        i += 1
    return b"".join(u.to_bytes(2, "little") for u in out).decode("utf-16-le", "surrogatepass")


def _desc(buffers):
    arr = (SecBuffer * len(buffers))(*buffers)
    return SecBufferDesc(SECBUFFER_VERSION, len(buffers), arr), arr


def _bytes_buffer(btype, data, size=None):
    """A SecBuffer over a fresh ctypes byte array (kept alive by the caller)."""
    size = len(data) if size is None else size
    backing = (c_ubyte * max(size, 1))()
    ctypes.memmove(backing, data, len(data))
    return SecBuffer(size, btype, cast(backing, c_void_p)), backing


def _buffer_bytes(buf):
    if not buf.pvBuffer or buf.cbBuffer == 0:
        return b""
    return ctypes.string_at(buf.pvBuffer, buf.cbBuffer)


def package_info(name="NTLM"):
    """(name, wRPCID, cbMaxToken, fCapabilities) of a security package."""
    pinfo = POINTER(SecPkgInfoW)()
    pkg, _ = wstr(name)
    _check("QuerySecurityPackageInfoW", lib.QuerySecurityPackageInfoW(pkg, byref(pinfo)))
    try:
        p = pinfo.contents
        return read_wstr(p.Name), p.wRPCID, p.cbMaxToken, p.fCapabilities
    finally:
        lib.FreeContextBuffer(pinfo)



class Credentials:
    """A credential handle.  usage is 'initiate' or 'accept'.

    With user None the package's default credentials are used (for NTLM:
    NTLM_USER_FILE for the login name; for an acceptor, NTLM_USER_FILE is
    the user database).
    """

    def __init__(self, usage="initiate", user=None, password=None, domain=None, package="NTLM",
                 package_list=None):
        """package_list (e.g. "!NTLM") sends SEC_WINNT_AUTH_IDENTITY_EXW's PackageList."""
        self.handle = SecHandle()
        self.expiry = TimeStamp()
        self._alive = False
        use = SECPKG_CRED_OUTBOUND if usage == "initiate" else SECPKG_CRED_INBOUND
        keep = []
        auth = None
        if user is not None:
            if package_list is None:
                ident = SEC_WINNT_AUTH_IDENTITY_W()
            else:
                ident = SEC_WINNT_AUTH_IDENTITY_EXW()
                ident.Version = SEC_WINNT_AUTH_IDENTITY_VERSION
                ident.Length = ctypes.sizeof(SEC_WINNT_AUTH_IDENTITY_EXW)
                arr, n = wstr(package_list)
                keep.append(arr)
                ident.PackageList = cast(arr, POINTER(c_uint16))
                ident.PackageListLength = n
            for field, value in (("User", user), ("Domain", domain), ("Password", password)):
                if value is not None:
                    arr, n = wstr(value)
                    keep.append(arr)
                    setattr(ident, field, cast(arr, POINTER(c_uint16)))
                    setattr(ident, field + "Length", n)
            ident.Flags = SEC_WINNT_AUTH_IDENTITY_UNICODE
            keep.append(ident)
            auth = byref(ident)
        pkg, _ = wstr(package)
        _check("AcquireCredentialsHandleW",
               lib.AcquireCredentialsHandleW(None, pkg, use, None, auth, None, None,
                                             byref(self.handle), byref(self.expiry)))
        self._alive = True

    def user_name(self):
        names = SecPkgCredentials_NamesW()
        _check("QueryCredentialsAttributesW",
               lib.QueryCredentialsAttributesW(byref(self.handle), SECPKG_CRED_ATTR_NAMES, byref(names)))
        try:
            return read_wstr(names.sUserName)
        finally:
            lib.FreeContextBuffer(names.sUserName)

    def close(self):
        if self._alive:
            self._alive = False
            _check("FreeCredentialsHandle", lib.FreeCredentialsHandle(byref(self.handle)))

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


class _Context:
    _usage = None

    def __init__(self, credentials, flags):
        self.credentials = credentials
        self.flags = flags
        self.handle = SecHandle()
        self.expiry = TimeStamp()
        self.attributes = 0
        self.complete = False
        self.last_status = None  # raw status of the last step, before any CompleteAuthToken
        self._started = False
        self._sizes = None

    def _in_desc(self, token, channel_bindings):
        bufs, keep = [], []
        if token is not None:
            b, k = _bytes_buffer(SECBUFFER_TOKEN, token)
            bufs.append(b)
            keep.append(k)
        if channel_bindings is not None:
            b, k = _bytes_buffer(SECBUFFER_CHANNEL_BINDINGS, channel_bindings)
            bufs.append(b)
            keep.append(k)
        if not bufs:
            return None, keep
        desc, arr = _desc(bufs)
        keep.append(arr)
        return desc, keep

    def _out_buffer(self):
        """The output token buffer: library-allocated with ALLOCATE_MEMORY, else our own."""
        if self.flags & ISC_REQ_ALLOCATE_MEMORY:  # same bit as ASC_REQ_ALLOCATE_MEMORY
            return SecBuffer(0, SECBUFFER_TOKEN, None), None
        return _bytes_buffer(SECBUFFER_TOKEN, b"", MAX_TOKEN)

    def _finish_step(self, function, status, outdesc):
        status &= 0xFFFFFFFF
        self.last_status = status
        out = outdesc.pBuffers[0]
        if status in (SEC_I_COMPLETE_NEEDED, SEC_I_COMPLETE_AND_CONTINUE):
            # Documented SSPI protocol: the caller completes the token.  (Windows'
            # NTLM never asks for this; other SSPI implementations may.)
            _check("CompleteAuthToken", lib.CompleteAuthToken(byref(self.handle), byref(outdesc)))
            status = SEC_E_OK if status == SEC_I_COMPLETE_NEEDED else SEC_I_CONTINUE_NEEDED
        token = _buffer_bytes(out)
        if out.pvBuffer and self.flags & ISC_REQ_ALLOCATE_MEMORY:
            lib.FreeContextBuffer(out.pvBuffer)
        if status == SEC_E_OK:
            self.complete = True
        elif status != SEC_I_CONTINUE_NEEDED:
            raise SSPIError(function, status)
        return token

    # message protection -------------------------------------------------
    def sizes(self):
        if self._sizes is None:
            s = SecPkgContext_Sizes()
            _check("QueryContextAttributesW",
                   lib.QueryContextAttributesW(byref(self.handle), SECPKG_ATTR_SIZES, byref(s)))
            self._sizes = s
        return self._sizes

    def encrypt_parts(self, data, qop=0):
        """EncryptMessage over [TOKEN, DATA]; returns (signature, sealed data)."""
        tok, ktok = _bytes_buffer(SECBUFFER_TOKEN, b"", self.sizes().cbSecurityTrailer)
        dat, kdat = _bytes_buffer(SECBUFFER_DATA, data)
        desc, arr = _desc([tok, dat])
        _check("EncryptMessage", lib.EncryptMessage(byref(self.handle), qop, byref(desc), 0))
        return _buffer_bytes(arr[0]), _buffer_bytes(arr[1])

    def encrypt(self, data, qop=0):
        """Seal data; returns signature || sealed data (the GSS/pyspnego wrap layout)."""
        sig, sealed = self.encrypt_parts(data, qop)
        return sig + sealed

    def decrypt_parts(self, signature, sealed):
        """DecryptMessage over [TOKEN, DATA]; returns (plaintext, qop)."""
        tok, ktok = _bytes_buffer(SECBUFFER_TOKEN, signature)
        dat, kdat = _bytes_buffer(SECBUFFER_DATA, sealed)
        desc, arr = _desc([tok, dat])
        qop = ULONG(0)
        _check("DecryptMessage", lib.DecryptMessage(byref(self.handle), byref(desc), 0, byref(qop)))
        return _buffer_bytes(arr[1]), qop.value

    def decrypt(self, blob):
        trailer = self.sizes().cbSecurityTrailer
        return self.decrypt_parts(blob[:trailer], blob[trailer:])[0]

    def sign(self, data):
        """MakeSignature over [DATA, TOKEN]; returns the signature."""
        dat, kdat = _bytes_buffer(SECBUFFER_DATA, data)
        tok, ktok = _bytes_buffer(SECBUFFER_TOKEN, b"", self.sizes().cbMaxSignature)
        desc, arr = _desc([dat, tok])
        _check("MakeSignature", lib.MakeSignature(byref(self.handle), 0, byref(desc), 0))
        return _buffer_bytes(arr[1])

    def verify(self, data, signature):
        """VerifySignature; raises SSPIError on a bad signature, returns the QOP."""
        dat, kdat = _bytes_buffer(SECBUFFER_DATA, data)
        tok, ktok = _bytes_buffer(SECBUFFER_TOKEN, signature)
        desc, arr = _desc([dat, tok])
        qop = ULONG(0)
        _check("VerifySignature", lib.VerifySignature(byref(self.handle), byref(desc), 0, byref(qop)))
        return qop.value

    # attributes -----------------------------------------------------------
    @property
    def session_key(self):
        k = SecPkgContext_SessionKey()
        _check("QueryContextAttributesW",
               lib.QueryContextAttributesW(byref(self.handle), SECPKG_ATTR_SESSION_KEY, byref(k)))
        try:
            return ctypes.string_at(k.SessionKey, k.SessionKeyLength)
        finally:
            lib.FreeContextBuffer(k.SessionKey)

    @property
    def client_name(self):
        n = SecPkgContext_NamesW()
        _check("QueryContextAttributesW",
               lib.QueryContextAttributesW(byref(self.handle), SECPKG_ATTR_NAMES, byref(n)))
        try:
            return read_wstr(n.sUserName)
        finally:
            lib.FreeContextBuffer(n.sUserName)

    @property
    def negotiation_info(self):
        """SECPKG_ATTR_NEGOTIATION_INFO: (package name, NegotiationState)."""
        p = SecPkgContext_NegotiationInfoW()
        _check("QueryContextAttributesW",
               lib.QueryContextAttributesW(byref(self.handle), SECPKG_ATTR_NEGOTIATION_INFO, byref(p)))
        try:
            return read_wstr(p.PackageInfo.contents.Name), p.NegotiationState
        finally:
            lib.FreeContextBuffer(p.PackageInfo)

    @property
    def package_name(self):
        p = SecPkgContext_PackageInfoW()
        _check("QueryContextAttributesW",
               lib.QueryContextAttributesW(byref(self.handle), SECPKG_ATTR_PACKAGE_INFO, byref(p)))
        try:
            return read_wstr(p.PackageInfo.contents.Name)
        finally:
            lib.FreeContextBuffer(p.PackageInfo)

    def close(self):
        if self._started:
            self._started = False
            _check("DeleteSecurityContext", lib.DeleteSecurityContext(byref(self.handle)))

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class ClientContext(_Context):
    """An initiator.  user may be 'user' (with domain), 'DOMAIN\\user' or 'user@domain';
    with user None the default credentials (NTLM_USER_FILE) are used."""

    def __init__(self, user=None, password=None, domain=None, target=None,
                 flags=DEFAULT_ISC_FLAGS, package="NTLM", credentials=None, channel_bindings=None):
        if credentials is None:
            credentials = Credentials("initiate", user, password, domain, package)
        super().__init__(credentials, flags)
        self.channel_bindings = channel_bindings
        self._target = wstr(target)[0] if target else None

    def step(self, token=None):
        """Run InitializeSecurityContextW; returns the token to send (b'' if none)."""
        indesc, keep = self._in_desc(token, self.channel_bindings)
        out, backing = self._out_buffer()
        outdesc = SecBufferDesc(SECBUFFER_VERSION, 1, ctypes.pointer(out))
        attrs = ULONG(0)
        status = lib.InitializeSecurityContextW(
            byref(self.credentials.handle), byref(self.handle) if self._started else None,
            self._target, self.flags, 0, SECURITY_NATIVE_DREP,
            byref(indesc) if indesc is not None else None, 0,
            byref(self.handle), byref(outdesc), byref(attrs), byref(self.expiry))
        if (status & 0xFFFFFFFF) in (SEC_E_OK, SEC_I_CONTINUE_NEEDED, SEC_I_COMPLETE_NEEDED,
                                     SEC_I_COMPLETE_AND_CONTINUE):
            self._started = True
        self.attributes = attrs.value
        return self._finish_step("InitializeSecurityContextW", status, outdesc)


class ServerContext(_Context):
    """An acceptor.  With no credentials, default acceptor credentials are
    acquired (NTLM validates clients against NTLM_USER_FILE)."""

    def __init__(self, flags=DEFAULT_ASC_FLAGS, package="NTLM", credentials=None, channel_bindings=None,
                 user=None, password=None, domain=None):
        if credentials is None:
            credentials = Credentials("accept", user, password, domain, package)
        super().__init__(credentials, flags)
        self.channel_bindings = channel_bindings

    def step(self, token):
        """Run AcceptSecurityContext; returns the token to send back (b'' if none)."""
        indesc, keep = self._in_desc(token, self.channel_bindings)
        out, backing = self._out_buffer()
        outdesc = SecBufferDesc(SECBUFFER_VERSION, 1, ctypes.pointer(out))
        attrs = ULONG(0)
        status = lib.AcceptSecurityContext(
            byref(self.credentials.handle), byref(self.handle) if self._started else None,
            byref(indesc), self.flags, SECURITY_NATIVE_DREP, byref(self.handle),
            byref(outdesc), byref(attrs), byref(self.expiry))
        if (status & 0xFFFFFFFF) in (SEC_E_OK, SEC_I_CONTINUE_NEEDED, SEC_I_COMPLETE_NEEDED,
                                     SEC_I_COMPLETE_AND_CONTINUE):
            self._started = True
        self.attributes = attrs.value
        return self._finish_step("AcceptSecurityContext", status, outdesc)


def channel_bindings_blob(application_data):
    """A SEC_CHANNEL_BINDINGS struct followed by its application data (e.g. tls-server-end-point)."""
    cb = SEC_CHANNEL_BINDINGS()
    cb.cbApplicationDataLength = len(application_data)
    cb.dwApplicationDataOffset = ctypes.sizeof(SEC_CHANNEL_BINDINGS)
    return bytes(cb) + application_data
