"""SPNEGO interop between sspi-shim's Negotiate package (SSPI face, through
python/sspi_shim.py) and pyspnego's own SPNEGO (protocol="negotiate" with
NegotiateOptions.use_negotiate, which falls back to NTLM: there is no
Kerberos here).  Checks the mechListMIC exchange both ways and message
protection after it (NTLM's RC4 state is reset after the mechListMIC on
both sides, so a mismatch shows up as a failed unwrap).
"""
import os
import unittest

import spnego
import spnego.exceptions

import sspi_shim as S

DOMAIN, USER, PASSWORD = os.environ["TEST_DOMAIN"], os.environ["TEST_USER"], os.environ["TEST_PASSWORD"]
MESSAGES = [b"first message", b"x", bytes(range(256)) * 5, b"last"]
NEG = spnego.NegotiateOptions.use_negotiate


def run_handshake(initiator_step, acceptor_step, max_legs=8):
    """Pass tokens until neither side has one to send; returns the tokens."""
    tokens = [initiator_step(None)]
    turn = acceptor_step
    while tokens[-1]:
        tokens.append(turn(tokens[-1]))
        turn = initiator_step if turn is acceptor_step else acceptor_step
        if len(tokens) > max_legs:
            raise AssertionError("handshake did not finish")
    return tokens


def their_client(password=PASSWORD, protocol="negotiate"):
    return spnego.client("%s\\%s" % (DOMAIN, USER), password, hostname="server.example",
                         protocol=protocol, options=NEG if protocol == "negotiate" else 0)


class OurClientTheirServer(unittest.TestCase):
    def setUp(self):
        self.client = S.ClientContext(USER, PASSWORD, domain=DOMAIN, package="Negotiate",
                                      target="host/server.example")
        self.server = spnego.server(protocol="negotiate", options=NEG)
        self.tokens = run_handshake(self.client.step, self.server.step)

    def tearDown(self):
        self.client.close()

    def test_handshake(self):
        self.assertTrue(self.client.complete)
        self.assertTrue(self.server.complete)
        # NegTokenInit (framed), then NegTokenResp x3: CHALLENGE, AUTHENTICATE
        # + mechListMIC, accept-completed + mechListMIC.
        self.assertEqual(self.tokens[0][:1], b"\x60")
        self.assertEqual(len([t for t in self.tokens if t]), 4)
        self.assertEqual(self.server.negotiated_protocol, "ntlm")
        self.assertEqual(self.server.client_principal, "%s\\%s" % (DOMAIN, USER))
        self.assertEqual(self.client.session_key, self.server.session_key)
        self.assertEqual(self.client.package_name, "NTLM")
        self.assertEqual(self.client.negotiation_info, ("NTLM", S.SECPKG_NEGOTIATION_COMPLETE))

    def test_protection_both_ways(self):
        for m in MESSAGES:
            self.assertEqual(self.server.unwrap(self.client.encrypt(m)).data, m)
            self.assertEqual(self.client.decrypt(self.server.wrap(m).data), m)
            self.server.verify(m, self.client.sign(m))
            self.assertEqual(self.client.verify(m, self.server.sign(m)), 0)

    def test_their_tampered_wrap_rejected(self):
        w = bytearray(self.server.wrap(b"do not touch me").data)
        w[20] ^= 0x01
        with self.assertRaises(S.SSPIError) as cm:
            self.client.decrypt(bytes(w))
        self.assertEqual(cm.exception.status, S.SEC_E_MESSAGE_ALTERED)


class TheirClientOurServer(unittest.TestCase):
    def setUp(self):
        self.client = their_client()
        self.server = S.ServerContext(package="Negotiate")  # NTLM_USER_FILE
        self.tokens = run_handshake(lambda t: self.client.step(t), self.server.step)

    def tearDown(self):
        self.server.close()

    def test_handshake(self):
        self.assertTrue(self.client.complete)
        self.assertTrue(self.server.complete)
        self.assertEqual(len([t for t in self.tokens if t]), 4)
        self.assertEqual(self.client.negotiated_protocol, "ntlm")
        self.assertEqual(self.server.client_name, "%s\\%s" % (DOMAIN, USER))
        self.assertEqual(self.client.session_key, self.server.session_key)
        self.assertEqual(self.server.package_name, "NTLM")
        self.assertEqual(self.server.negotiation_info, ("NTLM", S.SECPKG_NEGOTIATION_COMPLETE))

    def test_protection_both_ways(self):
        for m in MESSAGES:
            self.assertEqual(self.server.decrypt(self.client.wrap(m).data), m)
            self.assertEqual(self.client.unwrap(self.server.encrypt(m)).data, m)
            self.assertEqual(self.server.verify(m, self.client.sign(m)), 0)
            self.client.verify(m, self.server.sign(m))


class InProgressAttributes(unittest.TestCase):
    def test_package_info_before_and_after(self):
        client = S.ClientContext(USER, PASSWORD, domain=DOMAIN, package="Negotiate")
        server = spnego.server(protocol="negotiate", options=NEG)
        t = client.step(None)
        # Before the acceptor answered: Negotiate, nothing chosen yet.
        self.assertEqual(client.package_name, "Negotiate")
        self.assertEqual(client.negotiation_info, ("Negotiate", S.SECPKG_NEGOTIATION_IN_PROGRESS))
        t = client.step(server.step(t))
        # NTLM chosen, context still in progress.
        self.assertEqual(client.package_name, "Negotiate")
        self.assertEqual(client.negotiation_info, ("NTLM", S.SECPKG_NEGOTIATION_IN_PROGRESS))
        while t:
            t = server.step(t)
            if t:
                t = client.step(t)
        self.assertTrue(client.complete)
        self.assertEqual(client.package_name, "NTLM")
        client.close()


class EmptyFirstToken(unittest.TestCase):
    """An empty first token to the acceptor gets NegTokenInit2 (negHints),
    as from Windows; the initiator then starts as usual."""

    def test_neg_token_init2_then_handshake(self):
        server = S.ServerContext(package="Negotiate")
        hint = server.step(b"")
        self.assertFalse(server.complete)
        self.assertEqual(hint[:1], b"\x60")
        self.assertIn(b"not_defined_in_RFC4178@please_ignore", hint)
        self.assertIn(bytes.fromhex("060a2b06010401823702020a"), hint)  # NTLM listed
        client = their_client()
        run_handshake(lambda t: client.step(t), server.step)
        self.assertTrue(server.complete)
        self.assertEqual(server.package_name, "NTLM")
        server.close()

    def test_ntlm_refuses_an_empty_token(self):
        server = S.ServerContext(package="NTLM")
        with self.assertRaises(S.SSPIError) as cm:
            server.step(b"")
        self.assertEqual(cm.exception.status, S.SEC_E_INVALID_TOKEN)


class RawNtlmToNegotiate(unittest.TestCase):
    """A bare NTLMSSP token sent to a Negotiate acceptor is handled as NTLM
    (as Windows does): pyspnego with protocol="ntlm"."""

    def test_raw_ntlm(self):
        client = their_client(protocol="ntlm")
        server = S.ServerContext(package="Negotiate")
        toks = run_handshake(lambda t: client.step(t), server.step)
        self.assertTrue(toks[0].startswith(b"NTLMSSP\0"))
        self.assertTrue(server.complete)
        self.assertEqual(server.package_name, "NTLM")
        self.assertEqual(server.decrypt(client.wrap(b"raw").data), b"raw")
        server.close()


class Failures(unittest.TestCase):
    def test_their_client_wrong_password(self):
        client = their_client(password=PASSWORD + "x")
        server = S.ServerContext(package="Negotiate")
        with self.assertRaises(S.SSPIError) as cm:
            run_handshake(lambda t: client.step(t), server.step)
        self.assertEqual(cm.exception.status, S.SEC_E_LOGON_DENIED)
        server.close()

    def test_our_client_wrong_password(self):
        client = S.ClientContext(USER, PASSWORD + "x", domain=DOMAIN, package="Negotiate")
        server = spnego.server(protocol="negotiate", options=NEG)
        with self.assertRaises(spnego.exceptions.SpnegoError):
            run_handshake(client.step, server.step)
        self.assertFalse(server.complete)
        client.close()

    def test_tampered_mech_list_mic_rejected(self):
        client = their_client()
        server = S.ServerContext(package="Negotiate")
        t = server.step(client.step(None))
        t = bytearray(client.step(t))
        # The mechListMIC is the token's last 16 bytes; flip its checksum.
        t[-9] ^= 0x01
        with self.assertRaises(S.SSPIError) as cm:
            server.step(bytes(t))
        # The package reports MessageAltered; the SSPI face turns an
        # integrity failure during AcceptSecurityContext into LOGON_DENIED.
        self.assertIn(cm.exception.status, (S.SEC_E_MESSAGE_ALTERED, S.SEC_E_LOGON_DENIED))
        self.assertFalse(server.complete)
        server.close()

    def test_package_list_excludes_ntlm(self):
        with self.assertRaises(S.SSPIError) as cm:
            S.Credentials("initiate", USER, PASSWORD, DOMAIN, "Negotiate", package_list="!NTLM")
        self.assertEqual(cm.exception.status, S.SEC_E_NO_CREDENTIALS)


if __name__ == "__main__":
    unittest.main()
