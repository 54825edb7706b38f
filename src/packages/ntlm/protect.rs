//! Message protection after the handshake ([MS-NLMP] 3.4): sign/verify
//! (MakeSignature, gss_get_mic) and wrap/unwrap (EncryptMessage, gss_wrap)
//! with extended session security, over the core's scatter/gather buffers.
//!
//! Each direction has its own signing key, RC4 sealing handle and sequence
//! number. The receive side works on a copy of its RC4 state and commits
//! only when the signature verifies, so a forged or replayed message does
//! not desynchronize the context for the next genuine one (Windows and
//! gss-ntlmssp do desynchronize; this is stricter, not looser: a rejected
//! message never changes state).
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::crypto::{signature, Direction};
use super::messages::{NEGOTIATE_KEY_EXCH, NEGOTIATE_SEAL};
use crate::core::iov::{IoBuf, IoKind};
use crate::core::{Error, Result};

pub const SIGNATURE_LEN: usize = 16;

/// Keys are derived on first use: a context that only authenticates (HTTP,
/// most SMB/LDAP binds) never pays for the four RC4 key schedules.
pub struct Session {
    flags: u32,
    initiator: bool,
    exported: Zeroizing<[u8; 16]>,
    send: Option<Direction>,
    recv: Option<Direction>,
}

fn signed_parts<'i>(iov: &'i [IoBuf<'_>]) -> impl Iterator<Item = &'i [u8]> {
    iov.iter()
        .filter(|b| matches!(b.kind, IoKind::Data | IoKind::SignOnly))
        .map(|b| b.data())
}

fn header_index(iov: &[IoBuf<'_>]) -> Result<usize> {
    iov.iter()
        .position(|b| b.kind == IoKind::Header)
        .ok_or_else(|| Error::InvalidToken("NTLM: no token buffer for the signature".into()))
}

/// Reads the 16-byte signature from the Header buffer.
fn read_signature(iov: &[IoBuf<'_>]) -> Result<(usize, [u8; 16])> {
    let h = header_index(iov)?;
    let d = iov[h].data();
    if d.len() < SIGNATURE_LEN {
        return Err(Error::InvalidToken(format!(
            "NTLM: signature is {} bytes, expected 16",
            d.len()
        )));
    }
    let mut sig = [0u8; 16];
    sig.copy_from_slice(&d[..SIGNATURE_LEN]);
    Ok((h, sig))
}

/// Applies `rc4` to every Data buffer in order.
fn crypt_data(rc4: &mut super::crypto::Rc4, iov: &mut [IoBuf<'_>]) {
    for b in iov.iter_mut().filter(|b| b.kind == IoKind::Data) {
        let n = b.len.min(b.buf.len());
        rc4.apply(&mut b.buf[..n]);
    }
}

impl Session {
    /// Keys for the side that `initiator` says we are; `flags` are the
    /// negotiated NegotiateFlags.
    pub fn new(exported: &[u8; 16], flags: u32, initiator: bool) -> Self {
        Session {
            flags,
            initiator,
            exported: Zeroizing::new(*exported),
            send: None,
            recv: None,
        }
    }

    fn send(&mut self) -> &mut Direction {
        let (k, client) = (&self.exported, self.initiator);
        self.send.get_or_insert_with(|| Direction::new(k, client))
    }

    fn recv(&mut self) -> &mut Direction {
        let (k, client) = (&self.exported, !self.initiator);
        self.recv.get_or_insert_with(|| Direction::new(k, client))
    }

    /// Re-keys one direction's RC4 handle from its sealing key, keeping
    /// its sequence number: after the SPNEGO mechListMIC ([MS-SPNG]
    /// 3.3.5.1; gss-ntlmssp's reset-crypto option does the same, sequence
    /// numbers untouched, so the first application message is seq 1).
    pub fn reset_rc4(&mut self, outgoing: bool) {
        let (k, initiator) = (&self.exported, self.initiator);
        let (slot, client_to_server) = if outgoing {
            (&mut self.send, initiator)
        } else {
            (&mut self.recv, !initiator)
        };
        if let Some(d) = slot {
            let seq = d.seq;
            *d = Direction::new(k, client_to_server);
            d.seq = seq;
        }
    }

    fn key_exch(&self) -> bool {
        self.flags & NEGOTIATE_KEY_EXCH != 0
    }

    pub fn can_seal(&self) -> bool {
        self.flags & NEGOTIATE_SEAL != 0
    }

    fn header_room(iov: &[IoBuf<'_>]) -> Result<usize> {
        let h = header_index(iov)?;
        if iov[h].buf.len() < SIGNATURE_LEN {
            return Err(Error::BufferTooSmall);
        }
        Ok(h)
    }

    /// MAC ([MS-NLMP] 3.4.4.2) of the outgoing message; `seal` first
    /// encrypts the Data buffers with the same RC4 handle (3.4.3).
    fn protect(&mut self, iov: &mut [IoBuf<'_>], seal: bool) -> Result<()> {
        let h = Self::header_room(iov)?;
        let key_exch = self.key_exch();
        let send = self.send();
        let seq = send.seq;
        let mut checksum = send.checksum(seq, signed_parts(iov));
        if seal {
            crypt_data(&mut send.rc4, iov);
        }
        if key_exch {
            send.rc4.apply(&mut checksum);
        }
        let sig = signature(&checksum, seq);
        let hdr = &mut iov[h];
        hdr.buf[..SIGNATURE_LEN].copy_from_slice(&sig);
        hdr.len = SIGNATURE_LEN;
        send.seq = seq.wrapping_add(1);
        Ok(())
    }

    pub fn sign(&mut self, iov: &mut [IoBuf<'_>]) -> Result<()> {
        self.protect(iov, false)
    }

    /// Returns whether the Data buffers were encrypted.
    pub fn wrap(&mut self, iov: &mut [IoBuf<'_>], conf: bool) -> Result<bool> {
        let seal = conf && self.can_seal();
        self.protect(iov, seal)?;
        Ok(seal)
    }

    /// gss_wrap as gss-ntlmssp does it: with `conf` the data is sealed even
    /// when NEGOTIATE_SEAL was not negotiated (gss-ntlmssp ignores the
    /// flag and always seals; MIT's gss-client asks for no
    /// GSS_C_CONF_FLAG yet wraps with conf_req_flag 1).
    pub fn wrap_gss(&mut self, iov: &mut [IoBuf<'_>], conf: bool) -> Result<bool> {
        self.protect(iov, conf)?;
        Ok(conf)
    }

    /// Checks `sig` against the message as it now stands in `iov`, with
    /// `rc4` the receive handle positioned after any decryption.
    fn check(
        recv: &Direction,
        key_exch: bool,
        rc4: &mut super::crypto::Rc4,
        iov: &[IoBuf<'_>],
        sig: &[u8; 16],
    ) -> bool {
        let expect = recv.checksum(recv.seq, signed_parts(iov));
        let mut got = [0u8; 8];
        got.copy_from_slice(&sig[4..12]);
        if key_exch {
            rc4.apply(&mut got);
        }
        let version_ok = sig[..4] == [1, 0, 0, 0];
        version_ok & bool::from(expect.ct_eq(&got))
    }

    /// The sequence number field must be the next one we expect; a
    /// signature for another position is a replay or reordering.
    fn check_seq(recv: &Direction, sig: &[u8; 16]) -> Result<()> {
        let seq = u32::from_le_bytes([sig[12], sig[13], sig[14], sig[15]]);
        if seq != recv.seq {
            return Err(Error::OutOfSequence);
        }
        Ok(())
    }

    pub fn verify(&mut self, iov: &mut [IoBuf<'_>]) -> Result<()> {
        let (_, sig) = read_signature(iov)?;
        let key_exch = self.key_exch();
        let recv = self.recv();
        Self::check_seq(recv, &sig)?;
        let mut rc4 = recv.rc4.clone();
        if !Self::check(recv, key_exch, &mut rc4, iov, &sig) {
            return Err(Error::MessageAltered);
        }
        std::mem::swap(&mut recv.rc4, &mut rc4);
        recv.seq = recv.seq.wrapping_add(1);
        Ok(())
    }

    /// Decrypts and verifies; returns whether the message was sealed. When
    /// sealing was negotiated a message is tried as sealed first, then as
    /// signed only (SECQOP_WRAP_NO_ENCRYPT / conf_req_flag false).
    pub fn unwrap(&mut self, iov: &mut [IoBuf<'_>]) -> Result<bool> {
        let sealable = self.can_seal();
        self.unwrap_as(iov, sealable)
    }

    /// gss_unwrap: a gss-ntlmssp peer seals whether or not NEGOTIATE_SEAL
    /// was negotiated, so sealed is always tried first.
    pub fn unwrap_gss(&mut self, iov: &mut [IoBuf<'_>]) -> Result<bool> {
        self.unwrap_as(iov, true)
    }

    fn unwrap_as(&mut self, iov: &mut [IoBuf<'_>], sealable: bool) -> Result<bool> {
        if !sealable {
            self.verify(iov)?;
            return Ok(false);
        }
        let (_, sig) = read_signature(iov)?;
        let key_exch = self.key_exch();
        let recv = self.recv();
        Self::check_seq(recv, &sig)?;
        // One working copy of the RC4 state; the committed one stays as it
        // was until the signature verifies.
        let mut rc4 = recv.rc4.clone();
        crypt_data(&mut rc4, iov);
        if Self::check(recv, key_exch, &mut rc4, iov, &sig) {
            std::mem::swap(&mut recv.rc4, &mut rc4);
            recv.seq = recv.seq.wrapping_add(1);
            return Ok(true);
        }
        // Restore the caller's bytes (RC4 is its own inverse), then try
        // the message as signed only.
        crypt_data(&mut recv.rc4.clone(), iov);
        let mut rc4 = recv.rc4.clone();
        if Self::check(recv, key_exch, &mut rc4, iov, &sig) {
            std::mem::swap(&mut recv.rc4, &mut rc4);
            recv.seq = recv.seq.wrapping_add(1);
            return Ok(false);
        }
        Err(Error::MessageAltered)
    }
}
