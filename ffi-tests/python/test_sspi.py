"""sspi-shim through ctypes alone (python/sspi_shim.py): NTLM handshake,
message protection, attributes and error cases, both sides in-process."""
import ctypes
import os
import unittest
from ctypes import byref

import sspi_shim as S

DOMAIN, USER, PASSWORD = os.environ["TEST_DOMAIN"], os.environ["TEST_USER"], os.environ["TEST_PASSWORD"]


def handshake(client, server):
    """Run the exchange, asserting NTLM's status sequence on both sides."""
    t1 = client.step()
    self_check(client.last_status == S.SEC_I_CONTINUE_NEEDED, "ISC leg 1 %r" % client.last_status)
    self_check(t1[:8] == b"NTLMSSP\0" and t1[8] == 1, "NEGOTIATE message")
    t2 = server.step(t1)
    self_check(server.last_status == S.SEC_I_CONTINUE_NEEDED, "ASC leg 1 %r" % server.last_status)
    self_check(t2[:8] == b"NTLMSSP\0" and t2[8] == 2, "CHALLENGE message")
    t3 = client.step(t2)
    self_check(client.last_status == S.SEC_E_OK, "ISC leg 2 %r" % client.last_status)
    self_check(t3[:8] == b"NTLMSSP\0" and t3[8] == 3, "AUTHENTICATE message")
    t4 = server.step(t3)
    self_check(server.last_status == S.SEC_E_OK, "ASC leg 2 %r" % server.last_status)
    self_check(t4 == b"", "no fourth token")
    return t1, t2, t3


def self_check(cond, what):
    if not cond:
        raise AssertionError(what)


class Handshake(unittest.TestCase):
    def test_package_info(self):
        name, rpcid, maxtok, _caps = S.package_info("NTLM")
        self.assertEqual((name, rpcid, maxtok), ("NTLM", 10, 2888))
        with self.assertRaises(S.SSPIError) as cm:
            S.package_info("NoSuchPackage")
        self.assertEqual(cm.exception.status, S.SEC_E_SECPKG_NOT_FOUND)

    def _pair(self, **kw):
        c = S.ClientContext(kw.get("user", USER), PASSWORD, domain=kw.get("domain", DOMAIN),
                            target="HTTP/server.example.com")
        s = S.ServerContext()
        self.addCleanup(c.close)
        self.addCleanup(s.close)
        handshake(c, s)
        return c, s

    def test_user_forms(self):
        for kw, expect in (({}, "%s\\%s" % (DOMAIN, USER)),
                           ({"user": "%s\\%s" % (DOMAIN, USER), "domain": None}, "%s\\%s" % (DOMAIN, USER)),
                           ({"user": "%s@%s" % (USER, DOMAIN), "domain": None}, None)):
            with self.subTest(**kw):
                c, s = self._pair(**kw)
                if expect:
                    self.assertEqual(s.client_name, expect)
                else:  # UPN form: the server's rendering of the name is the package's choice
                    self.assertIn(USER.lower(), s.client_name.lower())

    def test_attributes(self):
        c, s = self._pair()
        self.assertEqual(c.session_key, s.session_key)
        self.assertEqual(len(c.session_key), 16)
        self.assertTrue(c.attributes & S.ISC_RET_CONFIDENTIALITY and c.attributes & S.ISC_RET_INTEGRITY)
        self.assertFalse(c.attributes & S.ISC_RET_MUTUAL_AUTH)
        self.assertTrue(s.attributes & S.ASC_RET_CONFIDENTIALITY and s.attributes & S.ASC_RET_INTEGRITY)
        self.assertNotEqual(c.expiry.value, 0)
        sz = c.sizes()
        self.assertEqual((sz.cbMaxToken, sz.cbMaxSignature, sz.cbSecurityTrailer), (2888, 16, 16))
        self.assertEqual(c.package_name, "NTLM")
        self.assertEqual(s.package_name, "NTLM")
        self.assertEqual(c.credentials.user_name(), "%s\\%s" % (DOMAIN, USER))

    def test_default_credentials_from_user_file(self):
        c = S.ClientContext(target="host/localhost")  # no auth data: NTLM_USER_FILE + $USER
        s = S.ServerContext()
        self.addCleanup(c.close)
        self.addCleanup(s.close)
        handshake(c, s)
        self.assertEqual(s.client_name, "%s\\%s" % (os.environ["DEFAULT_DOMAIN"], os.environ["USER"]))

    def test_protection(self):
        c, s = self._pair()
        for i in range(5):
            m = b"message %d " % i * (i * 50 + 1)
            sig, sealed = c.encrypt_parts(m)
            self.assertEqual(len(sig), 16)
            self.assertEqual(len(sealed), len(m))
            self.assertNotEqual(sealed, m)
            self.assertEqual(s.decrypt_parts(sig, sealed), (m, 0))
            self.assertEqual(c.decrypt(s.encrypt(m)), m)
            self.assertEqual(s.verify(m, c.sign(m)), 0)
            self.assertEqual(c.verify(m, s.sign(m)), 0)

    def test_wrap_no_encrypt(self):
        c, s = self._pair()
        sig, data = c.encrypt_parts(b"plain but signed", qop=S.SECQOP_WRAP_NO_ENCRYPT)
        self.assertEqual(data, b"plain but signed")
        self.assertEqual(len(sig), 16)
        s.verify(data, sig)  # the trailer is the NTLM signature of the plaintext
        sig, data = c.encrypt_parts(b"also signed only", qop=S.SECQOP_WRAP_NO_ENCRYPT)
        # DecryptMessage (NTLM) documents pfQOP = SECQOP_WRAP_NO_ENCRYPT for such a message
        self.assertEqual(s.decrypt_parts(sig, data), (b"also signed only", S.SECQOP_WRAP_NO_ENCRYPT))
        self.assertEqual(s.decrypt(c.encrypt(b"next")), b"next")


class Errors(unittest.TestCase):
    def test_wrong_password(self):
        c = S.ClientContext(USER, PASSWORD + "!", domain=DOMAIN)
        s = S.ServerContext()
        t = s.step(c.step())
        t = c.step(t)  # the client cannot know
        with self.assertRaises(S.SSPIError) as cm:
            s.step(t)
        self.assertEqual(cm.exception.status, S.SEC_E_LOGON_DENIED)

    def test_unknown_user(self):
        c = S.ClientContext("mallory", PASSWORD, domain=DOMAIN)
        s = S.ServerContext()
        with self.assertRaises(S.SSPIError) as cm:
            s.step(c.step(s.step(c.step())))
        self.assertEqual(cm.exception.status, S.SEC_E_LOGON_DENIED)

    def _pair(self):
        c = S.ClientContext(USER, PASSWORD, domain=DOMAIN)
        s = S.ServerContext()
        handshake(c, s)
        return c, s

    def test_tampered_message(self):
        c, s = self._pair()
        sig, sealed = c.encrypt_parts(b"attack at dawn")
        sealed = bytes([sealed[0] ^ 1]) + sealed[1:]
        with self.assertRaises(S.SSPIError) as cm:
            s.decrypt_parts(sig, sealed)
        self.assertEqual(cm.exception.status, S.SEC_E_MESSAGE_ALTERED)

    def test_tampered_signature(self):
        c, s = self._pair()
        sig = bytearray(c.sign(b"data"))
        sig[4] ^= 0xFF
        with self.assertRaises(S.SSPIError) as cm:
            s.verify(b"data", bytes(sig))
        self.assertEqual(cm.exception.status, S.SEC_E_MESSAGE_ALTERED)

    def test_channel_bindings(self):
        a = S.channel_bindings_blob(b"tls-server-end-point:" + b"A" * 32)
        b = S.channel_bindings_blob(b"tls-server-end-point:" + b"B" * 32)
        c = S.ClientContext(USER, PASSWORD, domain=DOMAIN, channel_bindings=a)
        s = S.ServerContext(channel_bindings=a)
        handshake(c, s)
        c = S.ClientContext(USER, PASSWORD, domain=DOMAIN, channel_bindings=a)
        s = S.ServerContext(channel_bindings=b)
        with self.assertRaises(S.SSPIError) as cm:
            s.step(c.step(s.step(c.step())))
        self.assertIn(cm.exception.status, (S.SEC_E_BAD_BINDINGS, S.SEC_E_LOGON_DENIED))

    def test_garbage_token(self):
        s = S.ServerContext()
        with self.assertRaises(S.SSPIError) as cm:
            s.step(b"this is not an NTLM message at all")
        self.assertEqual(cm.exception.status, S.SEC_E_INVALID_TOKEN)

    def test_invalid_handles(self):
        forged = S.SecHandle(0x1234, 0x5678)
        zero = S.SecHandle(0, 0)
        for h in (forged, zero):
            self.assertEqual(S.lib.DeleteSecurityContext(byref(h)) & 0xFFFFFFFF, S.SEC_E_INVALID_HANDLE)
            self.assertEqual(S.lib.FreeCredentialsHandle(byref(h)) & 0xFFFFFFFF, S.SEC_E_INVALID_HANDLE)
            sz = S.SecPkgContext_Sizes()
            self.assertEqual(S.lib.QueryContextAttributesW(byref(h), S.SECPKG_ATTR_SIZES, byref(sz)) & 0xFFFFFFFF,
                             S.SEC_E_INVALID_HANDLE)
        c, s = self._pair()
        c.sizes()  # cached, so sign() below reaches MakeSignature itself
        stale = S.SecHandle(c.handle.dwLower, c.handle.dwUpper)
        c.close()
        self.assertEqual(S.lib.DeleteSecurityContext(byref(stale)) & 0xFFFFFFFF, S.SEC_E_INVALID_HANDLE)
        with self.assertRaises(S.SSPIError) as cm:
            c.sign(b"x")  # c.handle is the freed handle
        self.assertEqual((cm.exception.function, cm.exception.status), ("MakeSignature", S.SEC_E_INVALID_HANDLE))
        with self.assertRaises(S.SSPIError) as cm:
            c.decrypt(s.encrypt(b"y"))
        self.assertEqual((cm.exception.function, cm.exception.status), ("DecryptMessage", S.SEC_E_INVALID_HANDLE))
        cred = S.Credentials("initiate", USER, PASSWORD, DOMAIN)
        stale_cred = S.SecHandle(cred.handle.dwLower, cred.handle.dwUpper)
        cred.close()
        self.assertEqual(S.lib.FreeCredentialsHandle(byref(stale_cred)) & 0xFFFFFFFF, S.SEC_E_INVALID_HANDLE)


if __name__ == "__main__":
    unittest.main()
