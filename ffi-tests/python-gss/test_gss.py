"""NTLM through gss_* from Python ctypes alone (python/sspi_shim_gss.py)."""
import ctypes
import os
import unittest

import sspi_shim_gss as gss

USER = os.environ["TEST_USER"]          # DOMAIN\user, in NTLM_USER_FILE
PASSWORD = os.environ["TEST_PASSWORD"]


def handshake(cred=None, acred=None, flags=None):
    kw = {} if flags is None else {"flags": flags}
    client = gss.InitContext("host@localhost", cred=cred, **kw)
    server = gss.AcceptContext(acred)
    token = client.step()
    rounds = 0
    while not (client.complete and server.complete):
        rounds += 1
        if rounds > 4:
            raise AssertionError("handshake does not finish")
        token = server.step(token)
        if token and not client.complete:
            token = client.step(token)
    return client, server


class Handshake(unittest.TestCase):
    def setUp(self):
        self.cred = gss.acquire_cred_with_password(USER, PASSWORD)

    def test_handshake_names_and_flags(self):
        client, server = handshake(self.cred)
        self.assertEqual(server.client, USER)
        self.assertTrue(client.flags & gss.GSS_C_CONF_FLAG)
        self.assertTrue(client.flags & gss.GSS_C_INTEG_FLAG)
        src, targ = client.names()
        self.assertEqual(src, USER)
        self.assertEqual(targ, "host@localhost")

    def test_acceptor_with_explicit_default_credential(self):
        acred = gss.acquire_cred(None, gss.NTLM, gss.GSS_C_ACCEPT)
        client, server = handshake(self.cred, acred)
        self.assertEqual(server.client, USER)

    def test_wrong_password_is_refused_with_a_clear_text(self):
        bad = gss.acquire_cred_with_password(USER, "not-the-password")
        with self.assertRaises(gss.GSSError) as cm:
            handshake(bad)
        e = cm.exception
        self.assertEqual(e.call, "gss_accept_sec_context")
        self.assertEqual(gss.routine_error(e.major), gss.GSS_S_FAILURE)
        self.assertIn("wrong password", " ".join(e.texts))

    def test_unknown_user_is_refused(self):
        bad = gss.acquire_cred_with_password("NOWHERE\\nobody", "x")
        with self.assertRaises(gss.GSSError) as cm:
            handshake(bad)
        self.assertIn("unknown user", " ".join(cm.exception.texts))


class Messages(unittest.TestCase):
    def setUp(self):
        self.client, self.server = handshake(gss.acquire_cred_with_password(USER, PASSWORD))

    def tearDown(self):
        self.client.close()
        self.server.close()

    def test_wrap_unwrap_both_ways(self):
        for size in (0, 1, 64, 1000, 70000):
            msg = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
            tok = self.client.wrap(msg)
            self.assertEqual(len(tok), len(msg) + 16)
            if size >= 16:
                self.assertNotIn(msg[:16], tok, "sealed")
            self.assertEqual(self.server.unwrap(tok), (msg, True))
            self.assertEqual(self.client.unwrap(self.server.wrap(msg)), (msg, True))

    def test_wrap_without_confidentiality(self):
        tok = self.client.wrap(b"integrity only", conf=False)
        self.assertIn(b"integrity only", tok)
        self.assertEqual(self.server.unwrap(tok), (b"integrity only", False))

    def test_tampered_token_is_bad_sig(self):
        tok = bytearray(self.client.wrap(b"pay 100"))
        tok[-1] ^= 1
        with self.assertRaises(gss.GSSError) as cm:
            self.server.unwrap(bytes(tok))
        self.assertEqual(gss.routine_error(cm.exception.major), gss.GSS_S_BAD_SIG)

    def test_mic_both_ways(self):
        mic = self.client.get_mic(b"signed")
        self.assertEqual(len(mic), 16)
        self.server.verify_mic(b"signed", mic)
        self.client.verify_mic(b"back", self.server.get_mic(b"back"))
        with self.assertRaises(gss.GSSError) as cm:
            self.server.verify_mic(b"signeD", self.client.get_mic(b"signed"))
        self.assertEqual(gss.routine_error(cm.exception.major), gss.GSS_S_BAD_SIG)


class Status(unittest.TestCase):
    def test_major_texts_are_mits(self):
        self.assertEqual(gss.display_status(gss.GSS_S_NO_CONTEXT, gss.GSS_C_GSS_CODE),
                         ["No context has been established"])
        self.assertEqual(gss.display_status(gss.GSS_S_BAD_SIG, gss.GSS_C_GSS_CODE),
                         ["A token had an invalid Message Integrity Check (MIC)"])
        self.assertEqual(gss.display_status(gss.GSS_S_CONTINUE_NEEDED, gss.GSS_C_GSS_CODE),
                         ["The routine must be called again to complete its function"])

    def test_no_credentials_text_names_the_user_file(self):
        with self.assertRaises(gss.GSSError) as cm:
            gss.acquire_cred("NOWHERE\\nobody", gss.NTLM, gss.GSS_C_INITIATE)
        self.assertEqual(gss.routine_error(cm.exception.major), gss.GSS_S_NO_CRED)
        self.assertTrue(cm.exception.texts[-1].startswith("No credentials are available"),
                        cm.exception.texts)


class BadHandles(unittest.TestCase):
    def test_forged_context_is_no_context(self):
        ctx = gss.InitContext("host@localhost")
        ctx.handle = gss.gss_ctx_id_t(0x1234_5678)
        for call in (lambda: ctx.wrap(b"x"), lambda: ctx.unwrap(b"y" * 20),
                     lambda: ctx.get_mic(b"z"), lambda: ctx.verify_mic(b"z", b"m" * 16)):
            with self.assertRaises(gss.GSSError) as cm:
                call()
            self.assertEqual(gss.routine_error(cm.exception.major), gss.GSS_S_NO_CONTEXT)
        ctx.handle = gss.gss_ctx_id_t()

    def test_deleted_context_is_no_context(self):
        client, server = handshake(gss.acquire_cred_with_password(USER, PASSWORD))
        stale = gss.gss_ctx_id_t(client.handle.value)
        client.close()
        self.assertIsNone(client.handle.value, "delete sets the handle to GSS_C_NO_CONTEXT")
        client.handle = stale
        with self.assertRaises(gss.GSSError) as cm:
            client.wrap(b"after delete")
        self.assertEqual(gss.routine_error(cm.exception.major), gss.GSS_S_NO_CONTEXT)
        client.handle = gss.gss_ctx_id_t()

    def test_forged_credential_is_no_cred(self):
        forged = gss.Credential(gss.gss_cred_id_t(0x4242))
        with self.assertRaises(gss.GSSError) as cm:
            gss.InitContext("host@localhost", cred=forged).step()
        self.assertEqual(gss.routine_error(cm.exception.major), gss.GSS_S_NO_CRED)
        minor = gss.OM_uint32()
        self.assertEqual(gss.routine_error(
            gss.lib.gss_release_cred(ctypes.byref(minor), ctypes.byref(forged.handle))),
            gss.GSS_S_NO_CRED)
        forged.handle = gss.gss_cred_id_t()


if __name__ == "__main__":
    unittest.main()
