"""NTLM interop between sspi-shim (through python/sspi_shim.py, ctypes) and
pyspnego's pure-Python NTLM.

Message formats: pyspnego's NTLM wrap() output is signature(16) || sealed data
(like gss-ntlmssp); sspi_shim's encrypt() is EncryptMessage over
[SECBUFFER_TOKEN(16), SECBUFFER_DATA] joined in the same order, and decrypt()
splits at cbSecurityTrailer.  pyspnego's sign() is the 16-byte NTLM signature,
the same bytes as MakeSignature's SECBUFFER_TOKEN.

The environment must set NTLM_USER_FILE (run.sh writes it): pyspnego's
acceptor and ours both read it.
"""
import os
import unittest

import spnego
import spnego.exceptions
from spnego.channel_bindings import GssChannelBindings

import sspi_shim as S

DOMAIN, USER, PASSWORD = os.environ["TEST_DOMAIN"], os.environ["TEST_USER"], os.environ["TEST_PASSWORD"]
MESSAGES = [b"first message", b"", b"\x00" * 1, bytes(range(256)) * 5, b"last"]


def run_handshake(initiator_step, acceptor_step, max_rounds=4):
    """Pass tokens until both sides report completion; returns the number of legs."""
    token = initiator_step(None)
    legs = 1
    while token:
        token = acceptor_step(token)
        legs += 1
        if token:
            token = initiator_step(token)
            legs += 1
        if legs > 2 * max_rounds:
            raise AssertionError("handshake did not finish")
    return legs


class OurClientTheirServer(unittest.TestCase):
    def setUp(self):
        self.client = S.ClientContext(USER, PASSWORD, domain=DOMAIN)
        self.server = spnego.server(protocol="ntlm")
        run_handshake(self.client.step, self.server.step)

    def tearDown(self):
        self.client.close()

    def test_handshake(self):
        self.assertTrue(self.client.complete)
        self.assertTrue(self.server.complete)
        self.assertEqual(self.client.last_status, S.SEC_E_OK)
        self.assertEqual(self.server.client_principal, "%s\\%s" % (DOMAIN, USER))
        self.assertEqual(self.client.session_key, self.server.session_key)
        self.assertEqual(len(self.client.session_key), 16)
        self.assertTrue(self.client.attributes & S.ISC_RET_CONFIDENTIALITY)
        self.assertTrue(self.client.attributes & S.ISC_RET_INTEGRITY)
        self.assertFalse(self.client.attributes & S.ISC_RET_MUTUAL_AUTH)

    def test_protection_both_ways(self):
        for m in MESSAGES:
            blob = self.client.encrypt(m)
            self.assertEqual(len(blob), 16 + len(m))
            if len(m) > 4:
                self.assertNotIn(m, blob)
            self.assertEqual(self.server.unwrap(blob).data, m)
            w = self.server.wrap(m).data
            self.assertEqual(self.client.decrypt(w), m)
            sig = self.client.sign(m)
            self.assertEqual(len(sig), 16)
            self.server.verify(m, sig)
            sig = self.server.sign(m)
            self.assertEqual(self.client.verify(m, sig), 0)

    def test_their_tampered_wrap_rejected(self):
        w = bytearray(self.server.wrap(b"do not touch me").data)
        w[20] ^= 0x01
        with self.assertRaises(S.SSPIError) as cm:
            self.client.decrypt(bytes(w))
        self.assertEqual(cm.exception.status, S.SEC_E_MESSAGE_ALTERED)

    def test_their_bad_signature_rejected(self):
        sig = bytearray(self.server.sign(b"payload"))
        sig[5] ^= 0x80
        with self.assertRaises(S.SSPIError) as cm:
            self.client.verify(b"payload", bytes(sig))
        self.assertEqual(cm.exception.status, S.SEC_E_MESSAGE_ALTERED)

    def test_our_tampered_message_rejected_by_them(self):
        blob = bytearray(self.client.encrypt(b"do not touch me"))
        blob[-1] ^= 0x01
        with self.assertRaises(spnego.exceptions.SpnegoError):
            self.server.unwrap(bytes(blob))


class TheirClientOurServer(unittest.TestCase):
    def setUp(self):
        self.client = spnego.client("%s\\%s" % (DOMAIN, USER), PASSWORD, protocol="ntlm")
        self.server = S.ServerContext()  # default acceptor credentials: NTLM_USER_FILE
        run_handshake(lambda t: self.client.step(t), self.server.step)

    def tearDown(self):
        self.server.close()

    def test_handshake(self):
        self.assertTrue(self.client.complete)
        self.assertTrue(self.server.complete)
        self.assertEqual(self.server.last_status, S.SEC_E_OK)
        self.assertEqual(self.server.client_name, "%s\\%s" % (DOMAIN, USER))
        self.assertEqual(self.client.session_key, self.server.session_key)
        self.assertEqual(self.server.package_name, "NTLM")

    def test_protection_both_ways(self):
        for m in MESSAGES:
            w = self.client.wrap(m).data
            self.assertEqual(self.server.decrypt(w), m)
            blob = self.server.encrypt(m)
            self.assertEqual(self.client.unwrap(blob).data, m)
            sig = self.client.sign(m)
            self.assertEqual(self.server.verify(m, sig), 0)
            sig = self.server.sign(m)
            self.client.verify(m, sig)

    def test_replay_rejected(self):
        w = self.client.wrap(b"once").data
        self.assertEqual(self.server.decrypt(w), b"once")
        with self.assertRaises(S.SSPIError) as cm:
            self.server.decrypt(w)
        # NTLM cannot tell a replay from an alteration (the RC4 stream and the
        # sequence number both moved on): accept either.
        self.assertIn(cm.exception.status, (S.SEC_E_OUT_OF_SEQUENCE, S.SEC_E_MESSAGE_ALTERED))


class ChannelBindings(unittest.TestCase):
    """Both sides hash the bindings as RFC 2744's gss_channel_bindings_struct
    (MS-NLMP MsvAvChannelBindings): SEC_CHANNEL_BINDINGS with application
    data only must hash like pyspnego's GssChannelBindings(application_data=...)."""

    APP = b"tls-server-end-point:" + bytes(range(32))
    OTHER = b"tls-server-end-point:" + bytes(range(1, 33))

    def test_our_client_their_server(self):
        client = S.ClientContext(USER, PASSWORD, domain=DOMAIN, channel_bindings=S.channel_bindings_blob(self.APP))
        server = spnego.server(protocol="ntlm", channel_bindings=GssChannelBindings(application_data=self.APP))
        run_handshake(client.step, server.step)
        self.assertTrue(server.complete)
        client.close()

    def test_our_client_their_server_mismatch(self):
        client = S.ClientContext(USER, PASSWORD, domain=DOMAIN, channel_bindings=S.channel_bindings_blob(self.APP))
        server = spnego.server(protocol="ntlm", channel_bindings=GssChannelBindings(application_data=self.OTHER))
        with self.assertRaises(spnego.exceptions.SpnegoError):
            run_handshake(client.step, server.step)
        client.close()

    def test_their_client_our_server(self):
        client = spnego.client("%s\\%s" % (DOMAIN, USER), PASSWORD, protocol="ntlm",
                               channel_bindings=GssChannelBindings(application_data=self.APP))
        server = S.ServerContext(channel_bindings=S.channel_bindings_blob(self.APP))
        run_handshake(lambda t: client.step(t), server.step)
        self.assertEqual(server.last_status, S.SEC_E_OK)
        server.close()

    def test_their_client_our_server_mismatch(self):
        client = spnego.client("%s\\%s" % (DOMAIN, USER), PASSWORD, protocol="ntlm",
                               channel_bindings=GssChannelBindings(application_data=self.APP))
        server = S.ServerContext(channel_bindings=S.channel_bindings_blob(self.OTHER))
        with self.assertRaises(S.SSPIError) as cm:
            run_handshake(lambda t: client.step(t), server.step)
        # Windows: SEC_E_BAD_BINDINGS; some acceptors fold it into the logon failure
        self.assertIn(cm.exception.status, (S.SEC_E_BAD_BINDINGS, S.SEC_E_LOGON_DENIED))


class WrongPassword(unittest.TestCase):
    def test_our_client_wrong_password_to_their_server(self):
        client = S.ClientContext(USER, PASSWORD + "x", domain=DOMAIN)
        server = spnego.server(protocol="ntlm")
        with self.assertRaises(spnego.exceptions.SpnegoError):
            run_handshake(client.step, server.step)
        self.assertFalse(server.complete)
        client.close()

    def test_their_client_wrong_password_to_our_server(self):
        client = spnego.client("%s\\%s" % (DOMAIN, USER), PASSWORD + "x", protocol="ntlm")
        server = S.ServerContext()
        with self.assertRaises(S.SSPIError) as cm:
            run_handshake(lambda t: client.step(t), server.step)
        self.assertEqual(cm.exception.function, "AcceptSecurityContext")
        self.assertEqual(cm.exception.status, S.SEC_E_LOGON_DENIED)
        self.assertFalse(server.complete)

    def test_their_client_unknown_user_to_our_server(self):
        client = spnego.client("%s\\nosuchuser" % DOMAIN, PASSWORD, protocol="ntlm")
        server = S.ServerContext()
        with self.assertRaises(S.SSPIError) as cm:
            run_handshake(lambda t: client.step(t), server.step)
        self.assertEqual(cm.exception.status, S.SEC_E_LOGON_DENIED)


if __name__ == "__main__":
    unittest.main()
