//! Message protection after the handshake ([MS-NLMP] 3.4): sign/verify
//! (MakeSignature, gss_get_mic) and wrap/unwrap (EncryptMessage, gss_wrap)
//! with extended session security, over the core's scatter/gather buffers.
//!
//! Each direction has its own signing key, RC4 sealing handle and sequence
//! number. The receive side steps its RC4 stream back when the signature
//! does not verify, so a forged or replayed message does
//! not desynchronize the context for the next genuine one (Windows and
//! gss-ntlmssp do desynchronize; this is stricter, not looser: a rejected
//! message never changes state).
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::crypto::{signature, Direction};
use super::messages::NEGOTIATE_KEY_EXCH;
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

/// Data is sealed and unsealed a window at a time, as much as the
/// sealing stream makes ahead (see `crypto::md5_rc4::Keystream`), so that
/// its keystream is made while MD5 hashes the window before it.
const WINDOW: usize = 256;

/// Seals the Data buffers in place and returns the checksum of the
/// plaintext ([MS-NLMP] 3.4.4.2, before its RC4): each window is hashed,
/// then encrypted with keystream made ahead.
fn seal_and_checksum(send: &mut Direction, seq: u32, iov: &mut [IoBuf<'_>]) -> [u8; 8] {
    let mut mac = send.sign_key.start();
    mac.update_filling(&seq.to_le_bytes(), &mut send.rc4);
    for b in iov.iter_mut() {
        let n = b.len.min(b.buf.len());
        match b.kind {
            IoKind::SignOnly => mac.update_filling(&b.buf[..n], &mut send.rc4),
            IoKind::Data => {
                for w in b.buf[..n].chunks_mut(WINDOW) {
                    mac.update_filling(w, &mut send.rc4);
                    send.rc4.apply(w);
                }
            }
            _ => {}
        }
    }
    first8(send.sign_key.finish_filling(mac, &mut send.rc4))
}

/// Decrypts the Data buffers in place and returns the checksum of the
/// plaintext: each window is decrypted with keystream made ahead, then
/// hashed.
fn unseal_and_checksum(recv: &mut Direction, iov: &mut [IoBuf<'_>]) -> [u8; 8] {
    let mut mac = recv.sign_key.start();
    mac.update_filling(&recv.seq.to_le_bytes(), &mut recv.rc4);
    for b in iov.iter_mut() {
        let n = b.len.min(b.buf.len());
        match b.kind {
            IoKind::SignOnly => mac.update_filling(&b.buf[..n], &mut recv.rc4),
            IoKind::Data => {
                for w in b.buf[..n].chunks_mut(WINDOW) {
                    recv.rc4.apply(w);
                    mac.update_filling(w, &mut recv.rc4);
                }
            }
            _ => {}
        }
    }
    first8(recv.sign_key.finish_filling(mac, &mut recv.rc4))
}

fn first8(full: [u8; 16]) -> [u8; 8] {
    let mut c = [0u8; 8];
    c.copy_from_slice(&full[..8]);
    c
}

/// Bytes in the Data buffers (what `crypt_data` runs through RC4).
fn data_len(iov: &[IoBuf<'_>]) -> usize {
    iov.iter()
        .filter(|b| b.kind == IoKind::Data)
        .map(|b| b.len.min(b.buf.len()))
        .sum()
}

/// Applies `rc4` to every Data buffer in order.
fn crypt_data(rc4: &mut super::crypto::Keystream, iov: &mut [IoBuf<'_>]) {
    for b in iov.iter_mut().filter(|b| b.kind == IoKind::Data) {
        let n = b.len.min(b.buf.len());
        rc4.apply(&mut b.buf[..n]);
    }
}

// The exported session key is Zeroizing; each Direction wipes its keys.
impl zeroize::ZeroizeOnDrop for Session {}

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
        let slot = if outgoing {
            &mut self.send
        } else {
            &mut self.recv
        };
        if let Some(d) = slot {
            d.reset_rc4();
        }
    }

    fn key_exch(&self) -> bool {
        self.flags & NEGOTIATE_KEY_EXCH != 0
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
        let mut checksum = if seal {
            seal_and_checksum(send, seq, iov)
        } else {
            send.checksum(seq, signed_parts(iov))
        };
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

    /// Returns whether the Data buffers were encrypted. A caller asking
    /// for confidentiality gets it even when NEGOTIATE_SEAL was not
    /// negotiated: gss-ntlmssp and pyspnego seal every wrap token whatever
    /// the flags (gss-client never asks for GSS_C_CONF_FLAG, yet wraps),
    /// and the keys do not depend on that flag.
    pub fn wrap(&mut self, iov: &mut [IoBuf<'_>], conf: bool) -> Result<bool> {
        self.protect(iov, conf)?;
        Ok(conf)
    }

    /// Checks `sig` against the message as it now stands in `iov`.
    fn check(
        recv: &mut Direction,
        key_exch: bool,
        iov: &[IoBuf<'_>],
        sig: &[u8; 16],
    ) -> (bool, usize) {
        let expect = recv.checksum(recv.seq, signed_parts(iov));
        Self::check_against(recv, key_exch, expect, sig)
    }

    /// Compares the message's checksum `expect` with the one in `sig`.
    /// With key exchange the checksum is RC4-encrypted, so this consumes
    /// eight bytes of `recv.rc4`; returns how many it consumed with the
    /// verdict, so a caller can rewind.
    fn check_against(
        recv: &mut Direction,
        key_exch: bool,
        expect: [u8; 8],
        sig: &[u8; 16],
    ) -> (bool, usize) {
        let mut got = [0u8; 8];
        got.copy_from_slice(&sig[4..12]);
        let used = if key_exch {
            recv.rc4.apply(&mut got);
            got.len()
        } else {
            0
        };
        let version_ok = sig[..4] == [1, 0, 0, 0];
        (version_ok & bool::from(expect.ct_eq(&got)), used)
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
        let (ok, used) = Self::check(recv, key_exch, iov, &sig);
        if !ok {
            recv.rc4.rewind(used);
            return Err(Error::MessageAltered);
        }
        recv.seq = recv.seq.wrapping_add(1);
        Ok(())
    }

    /// Decrypts and verifies; returns whether the message was sealed. A
    /// message is tried as sealed first, then as signed only
    /// (SECQOP_WRAP_NO_ENCRYPT / conf_req_flag false); sealed even when
    /// NEGOTIATE_SEAL was not negotiated, as gss-ntlmssp sends it (see
    /// `wrap`). The receive state is rewound after a failed try, so a
    /// rejected message changes nothing.
    pub fn unwrap(&mut self, iov: &mut [IoBuf<'_>]) -> Result<bool> {
        let (_, sig) = read_signature(iov)?;
        let key_exch = self.key_exch();
        let recv = self.recv();
        Self::check_seq(recv, &sig)?;
        let n = data_len(iov);
        let expect = unseal_and_checksum(recv, iov);
        let (ok, used) = Self::check_against(recv, key_exch, expect, &sig);
        if ok {
            recv.seq = recv.seq.wrapping_add(1);
            return Ok(true);
        }
        // Restore the caller's bytes (RC4 is its own inverse) and the
        // state, then try the message as signed only.
        recv.rc4.rewind(n + used);
        crypt_data(&mut recv.rc4, iov);
        recv.rc4.rewind(n);
        let (ok, used) = Self::check(recv, key_exch, iov, &sig);
        if ok {
            recv.seq = recv.seq.wrapping_add(1);
            return Ok(false);
        }
        recv.rc4.rewind(used);
        Err(Error::MessageAltered)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(n: usize, seed: u8) -> Vec<u8> {
        (0..n)
            .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
            .collect()
    }

    /// The fused seal/unseal equal the definition: HMAC over seq and the
    /// plaintext parts, RC4 over the Data buffers in order, for sizes that
    /// cross both windows and with SignOnly buffers between Data buffers.
    #[test]
    fn fused_paths_match_the_definition() {
        let key = [7u8; 16];
        for sizes in [
            vec![0usize],
            vec![1],
            vec![64],
            vec![255, 256, 257],
            vec![4095, 3, 4097],
            vec![10_000],
        ] {
            let parts: Vec<Vec<u8>> = sizes
                .iter()
                .enumerate()
                .map(|(i, &n)| bytes(n, i as u8))
                .collect();
            let signonly = bytes(33, 99);
            // Reference: checksum over the plaintext parts, then RC4.
            let mut reference = Direction::new(&key, true);
            let mut plain_parts: Vec<&[u8]> = vec![&parts[0]];
            plain_parts.push(&signonly);
            for p in &parts[1..] {
                plain_parts.push(p);
            }
            let want_sum = reference.checksum(5, plain_parts.iter().copied());
            let mut want_cipher = parts.clone();
            for c in want_cipher.iter_mut() {
                reference.rc4.apply(c);
            }

            // Fused sender.
            let mut send = Direction::new(&key, true);
            let mut data = parts.clone();
            let mut so = signonly.clone();
            {
                let (first, rest) = data.split_first_mut().expect("at least one part");
                let mut iov = vec![
                    IoBuf::new(IoKind::Data, first),
                    IoBuf::new(IoKind::SignOnly, &mut so),
                ];
                for r in rest.iter_mut() {
                    iov.push(IoBuf::new(IoKind::Data, r));
                }
                assert_eq!(seal_and_checksum(&mut send, 5, &mut iov), want_sum);
            }
            assert_eq!(data, want_cipher, "ciphertext for sizes {sizes:?}");
            assert_eq!(so, signonly, "SignOnly buffers are not encrypted");

            // Fused receiver gets the plaintext and the same checksum back.
            let mut recv = Direction::new(&key, true);
            recv.seq = 5;
            {
                let (first, rest) = data.split_first_mut().expect("at least one part");
                let mut iov = vec![
                    IoBuf::new(IoKind::Data, first),
                    IoBuf::new(IoKind::SignOnly, &mut so),
                ];
                for r in rest.iter_mut() {
                    iov.push(IoBuf::new(IoKind::Data, r));
                }
                assert_eq!(unseal_and_checksum(&mut recv, &mut iov), want_sum);
            }
            assert_eq!(data, parts, "plaintext for sizes {sizes:?}");
        }
    }
}
