//! NTLM cryptography ([MS-NLMP] 3.3.2, 3.4.4, 3.4.5): NTOWFv1/v2, the
//! NTLMv2 and LMv2 responses, key exchange, SIGNKEY/SEALKEY, the MAC with
//! extended session security, and the RC4 sealing state.
//!
//! RC4 is `crate::crypto::rc4` rather than the `rc4` crate: that crate's
//! one-byte-block stream wrapper is slow on bulk data and cannot step
//! back, which the receive path does after a rejected message; sealing
//! makes its keystream during the MAC's MD5 (`crate::crypto::md5_rc4`).
use hmac::{Hmac, Mac};
use md4::Md4;
use md5::{Digest, Md5};
use zeroize::Zeroizing;

use super::messages::utf16le;

pub type Key16 = Zeroizing<[u8; 16]>;

/// A keyed HMAC-MD5 (NTOWFv2 as a key, the signing keys): pads pre-hashed
/// and wiped on drop.
pub use crate::crypto::md5_rc4::HmacMd5 as KeyedMd5;

/// HMAC_MD5 over the concatenation of `parts` ([MS-NLMP] 6).
pub fn hmac_md5(key: &[u8], parts: &[&[u8]]) -> [u8; 16] {
    let mut mac = <Hmac<Md5> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

/// NTOWFv1: MD4(UNICODE(Passwd)) ([MS-NLMP] 3.3.1), the "NT hash".
pub fn nt_hash(password: &str) -> Key16 {
    let pw = Zeroizing::new(utf16le(password));
    let mut h = Md4::new();
    h.update(&pw[..]);
    Zeroizing::new(h.finalize().into())
}

/// Uppercase as Windows' RtlUpcaseUnicodeString does: one character to
/// one character, leaving characters whose uppercase is longer alone.
fn upcase(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut u = c.to_uppercase();
            match (u.next(), u.next()) {
                (Some(x), None) => x,
                _ => c,
            }
        })
        .collect()
}

/// NTOWFv2 = HMAC_MD5(NT hash, UNICODE(Uppercase(User) || UserDom))
/// ([MS-NLMP] 3.3.2). Also LMOWFv2.
pub fn ntowfv2(nt_hash: &[u8; 16], user: &str, domain: &str) -> KeyedMd5 {
    let mut id = upcase(user);
    id.push_str(domain);
    let id16 = utf16le(&id);
    let v2 = Zeroizing::new(hmac_md5(nt_hash, &[&id16]));
    KeyedMd5::new(&v2[..])
}

/// The fixed start of NTLMv2_CLIENT_CHALLENGE ([MS-NLMP] 2.2.2.7):
/// RespType, HiRespType, Reserved1..2, TimeStamp, ChallengeFromClient,
/// Reserved3. The AV pairs and a final Z(4) follow it in `temp`.
pub const TEMP_FIXED_LEN: usize = 28;

/// Writes `temp` ([MS-NLMP] 3.3.2) into `out`:
/// 0x01 0x01 Z(6) Time ClientChallenge Z(4) ServerName Z(4).
pub fn put_temp(out: &mut Vec<u8>, time: u64, client_challenge: &[u8; 8], av_pairs: &[u8]) {
    out.extend_from_slice(&[1, 1, 0, 0, 0, 0, 0, 0]);
    out.extend_from_slice(&time.to_le_bytes());
    out.extend_from_slice(client_challenge);
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(av_pairs);
    out.extend_from_slice(&[0; 4]);
}

/// NTProofStr = HMAC_MD5(ResponseKeyNT, ServerChallenge || temp).
pub fn nt_proof(response_key: &KeyedMd5, server_challenge: &[u8; 8], temp: &[u8]) -> [u8; 16] {
    response_key.mac(&[server_challenge, temp])
}

/// LMv2 response: HMAC_MD5(ResponseKeyLM, ServerChallenge || ClientChallenge)
/// || ClientChallenge ([MS-NLMP] 3.3.2).
pub fn lmv2_response(
    response_key: &KeyedMd5,
    server_challenge: &[u8; 8],
    client_challenge: &[u8; 8],
) -> [u8; 24] {
    let h = response_key.mac(&[server_challenge, client_challenge]);
    let mut out = [0u8; 24];
    out[..16].copy_from_slice(&h);
    out[16..].copy_from_slice(client_challenge);
    out
}

/// SessionBaseKey = HMAC_MD5(ResponseKeyNT, NTProofStr); for NTLMv2 it is
/// also the KeyExchangeKey ([MS-NLMP] 3.3.2, 3.4.5.1).
pub fn session_base_key(response_key: &KeyedMd5, proof: &[u8; 16]) -> Key16 {
    Zeroizing::new(response_key.mac(&[proof]))
}

/// RC4K(key, data) one-shot: EncryptedRandomSessionKey ([MS-NLMP] 3.1.5.1.2).
pub fn rc4k(key: &[u8; 16], data: &[u8; 16]) -> Key16 {
    let mut out = Zeroizing::new(*data);
    Rc4::new(key).apply(&mut out[..]);
    out
}

const CLIENT_SIGN: &[u8] = b"session key to client-to-server signing key magic constant\0";
const SERVER_SIGN: &[u8] = b"session key to server-to-client signing key magic constant\0";
const CLIENT_SEAL: &[u8] = b"session key to client-to-server sealing key magic constant\0";
const SERVER_SEAL: &[u8] = b"session key to server-to-client sealing key magic constant\0";

fn md5_key(key: &[u8; 16], magic: &[u8]) -> Key16 {
    let mut h = Md5::new();
    h.update(key);
    h.update(magic);
    Zeroizing::new(h.finalize().into())
}

/// SIGNKEY ([MS-NLMP] 3.4.5.2) with extended session security.
pub fn sign_key(exported: &[u8; 16], client_to_server: bool) -> Key16 {
    md5_key(
        exported,
        if client_to_server {
            CLIENT_SIGN
        } else {
            SERVER_SIGN
        },
    )
}

/// SEALKEY ([MS-NLMP] 3.4.5.3) with extended session security and
/// NTLMSSP_NEGOTIATE_128 (the only strength we negotiate).
pub fn seal_key(exported: &[u8; 16], client_to_server: bool) -> Key16 {
    md5_key(
        exported,
        if client_to_server {
            CLIENT_SEAL
        } else {
            SERVER_SEAL
        },
    )
}

/// RC4 ([MS-NLMP] 6, RC4Init/RC4): the sealing handle of one direction,
/// with keystream made ahead while the MAC is computed.
pub use crate::crypto::md5_rc4::Keystream;
pub use crate::crypto::rc4::Rc4;

/// One direction's message-protection state: signing key, sealing handle
/// and sequence number ([MS-NLMP] 3.4.4, 3.4.3; connection-oriented).
#[derive(Clone)]
pub struct Direction {
    pub sign_key: KeyedMd5,
    pub rc4: Keystream,
    /// Kept for [`Direction::reset_rc4`], which SPNEGO asks for after the
    /// mechListMIC: re-keying needs no new key derivation.
    seal_key: Key16,
    pub seq: u32,
}

// The signing key (HmacMd5), the sealing key (Zeroizing) and the sealing
// stream (Keystream) wipe themselves on drop.
impl zeroize::ZeroizeOnDrop for Direction {}

impl Direction {
    pub fn new(exported: &[u8; 16], client_to_server: bool) -> Self {
        let seal_key = seal_key(exported, client_to_server);
        Direction {
            sign_key: KeyedMd5::new(&sign_key(exported, client_to_server)[..]),
            rc4: Keystream::new(Rc4::new(&seal_key[..])),
            seal_key,
            seq: 0,
        }
    }

    /// Restarts the sealing handle from its key; the signing key and the
    /// sequence number stay.
    pub fn reset_rc4(&mut self) {
        self.rc4.restart(&self.seal_key[..]);
    }

    /// HMAC_MD5(SigningKey, SeqNum || Message)[0..8] over the message parts
    /// ([MS-NLMP] 3.4.4.2), before RC4; the sealing stream makes keystream
    /// ahead meanwhile.
    pub fn checksum<'a>(&mut self, seq: u32, parts: impl Iterator<Item = &'a [u8]>) -> [u8; 8] {
        let mut mac = self.sign_key.start();
        mac.update_filling(&seq.to_le_bytes(), &mut self.rc4);
        for p in parts {
            mac.update_filling(p, &mut self.rc4);
        }
        let full = self.sign_key.finish_filling(mac, &mut self.rc4);
        let mut c = [0u8; 8];
        c.copy_from_slice(&full[..8]);
        c
    }
}

/// Assembles NTLMSSP_MESSAGE_SIGNATURE with ESS ([MS-NLMP] 2.2.2.9.1):
/// Version 1, Checksum (8), SeqNum (4).
pub fn signature(checksum: &[u8; 8], seq: u32) -> [u8; 16] {
    let mut sig = [0u8; 16];
    sig[0] = 1;
    sig[4..12].copy_from_slice(checksum);
    sig[12..].copy_from_slice(&seq.to_le_bytes());
    sig
}

#[cfg(test)]
pub(crate) fn hex(s: &str) -> Vec<u8> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// [MS-NLMP] 4.2.4 (NTLMv2 Authentication) published vectors.
#[cfg(test)]
mod tests {
    use super::super::messages::{put_av, put_eol, AV_NB_COMPUTER_NAME, AV_NB_DOMAIN_NAME};
    use super::*;

    const SERVER_CHALLENGE: [u8; 8] = [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef];
    const CLIENT_CHALLENGE: [u8; 8] = [0xaa; 8];
    const RANDOM_SESSION_KEY: [u8; 16] = [0x55; 16];

    fn v2_key() -> KeyedMd5 {
        ntowfv2(&nt_hash("Password"), "User", "Domain")
    }

    /// The 4.2.4 target info: NbDomainName "Domain", NbComputerName "Server", EOL.
    fn target_info() -> Vec<u8> {
        let mut ti = Vec::new();
        put_av(&mut ti, AV_NB_DOMAIN_NAME, &utf16le("Domain"));
        put_av(&mut ti, AV_NB_COMPUTER_NAME, &utf16le("Server"));
        put_eol(&mut ti);
        ti
    }

    #[test]
    fn nt_hash_4_2_2_1_2() {
        assert_eq!(
            &nt_hash("Password")[..],
            &hex("a4f49c406510bdcab6824ee7c30fd852")[..]
        );
    }

    #[test]
    fn ntowfv2_4_2_4_1_1() {
        let mut id = utf16le("USER");
        id.extend_from_slice(&utf16le("Domain"));
        let v2 = hmac_md5(&nt_hash("Password")[..], &[&id]);
        assert_eq!(&v2[..], &hex("0c868a403bfd7a93a3001ef22ef02e3f")[..]);
        // The keyed form computes the same MACs as the raw key.
        assert_eq!(v2_key().mac(&[b"abc"]), hmac_md5(&v2, &[b"abc"]));
    }

    #[test]
    fn lmv2_response_4_2_4_2_1() {
        let r = lmv2_response(&v2_key(), &SERVER_CHALLENGE, &CLIENT_CHALLENGE);
        assert_eq!(
            &r[..],
            &hex("86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa")[..]
        );
    }

    #[test]
    fn ntlmv2_response_session_key_4_2_4() {
        let mut temp = Vec::new();
        put_temp(&mut temp, 0, &CLIENT_CHALLENGE, &target_info());
        assert_eq!(
            temp,
            hex(
                "0101000000000000 0000000000000000 aaaaaaaaaaaaaaaa 00000000
                 02000c0044006f006d00610069006e00 01000c005300650072007600650072000000000000000000"
            )
        );
        let proof = nt_proof(&v2_key(), &SERVER_CHALLENGE, &temp);
        assert_eq!(&proof[..], &hex("68cd0ab851e51c96aabc927bebef6a1c")[..]);
        let base = session_base_key(&v2_key(), &proof);
        assert_eq!(&base[..], &hex("8de40ccadbc14a82f15cb0ad0de95ca3")[..]);
        let enc = rc4k(&base, &RANDOM_SESSION_KEY);
        assert_eq!(&enc[..], &hex("c5dad2544fc9799094ce1ce90bc9d03e")[..]);
        // And back, as the acceptor does.
        let mut e = [0u8; 16];
        e.copy_from_slice(&enc[..]);
        assert_eq!(*rc4k(&base, &e), RANDOM_SESSION_KEY);
    }

    #[test]
    fn sign_and_seal_keys_4_2_4_4() {
        assert_eq!(
            &seal_key(&RANDOM_SESSION_KEY, true)[..],
            &hex("59f600973cc4960a25480a7c196e4c58")[..]
        );
        assert_eq!(
            &sign_key(&RANDOM_SESSION_KEY, true)[..],
            &hex("4788dc861b4782f35d43fd98fe1a2d39")[..]
        );
    }

    #[test]
    fn gss_wrapex_4_2_4_4() {
        let mut d = Direction::new(&RANDOM_SESSION_KEY, true);
        let mut data = utf16le("Plaintext");
        let checksum = d.checksum(0, std::iter::once(&data[..]));
        assert_eq!(&checksum[..], &hex("7035 2851 f256 4309")[..]);
        d.rc4.apply(&mut data);
        assert_eq!(data, hex("54e50165bf1936dc996020c1811b0f06fb5f"));
        let mut c = checksum;
        d.rc4.apply(&mut c);
        assert_eq!(
            &signature(&c, 0)[..],
            &hex("01000000 7fb38ec5c55d4976 00000000")[..]
        );
    }
}
