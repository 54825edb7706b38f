//! The state an established context protects messages with (RFC 4121
//! 4.2): one key for both directions (the acceptor subkey when the AP-REP
//! carried one, else the initiator's subkey, else the ticket session key),
//! the four key usages derived once, and the 64-bit sequence numbers.
use zeroize::Zeroizing;

use super::seq::SeqState;
use crate::core::context::{KeyInfo, Sizes};
use crate::core::{Error, Result};
use crate::crypto::{usage, DerivedKeys, Enctype, Key};

/// RFC 4121 4.2.2 token flags.
pub const FLAG_SENT_BY_ACCEPTOR: u8 = 0x01;
pub const FLAG_SEALED: u8 = 0x02;
pub const FLAG_ACCEPTOR_SUBKEY: u8 = 0x04;

/// The RFC 4121 token header length.
pub const HEADER_LEN: usize = 16;
/// MS-KILE 3.4.5.4.1: the EC Windows puts in sealed Wrap tokens.
pub const WINDOWS_EC: usize = 16;

pub const MAX_TOKEN: u32 = 48000;

pub struct Session {
    pub initiator: bool,
    pub acceptor_subkey: bool,
    pub key: Key,
    pub seal_send: DerivedKeys,
    pub seal_recv: DerivedKeys,
    pub sign_send: DerivedKeys,
    pub sign_recv: DerivedKeys,
    pub send_seq: u64,
    pub recv: SeqState,
}

// The session key (Key) and the four DerivedKeys wipe themselves on drop.
impl zeroize::ZeroizeOnDrop for Session {}

impl Session {
    pub fn new(
        initiator: bool,
        key: Key,
        acceptor_subkey: bool,
        send_seq: u64,
        recv: SeqState,
    ) -> Result<Session> {
        let (seal_s, seal_r, sign_s, sign_r) = if initiator {
            (
                usage::GSS_INITIATOR_SEAL,
                usage::GSS_ACCEPTOR_SEAL,
                usage::GSS_INITIATOR_SIGN,
                usage::GSS_ACCEPTOR_SIGN,
            )
        } else {
            (
                usage::GSS_ACCEPTOR_SEAL,
                usage::GSS_INITIATOR_SEAL,
                usage::GSS_ACCEPTOR_SIGN,
                usage::GSS_INITIATOR_SIGN,
            )
        };
        Ok(Session {
            initiator,
            acceptor_subkey,
            seal_send: DerivedKeys::new(&key, seal_s)?,
            seal_recv: DerivedKeys::new(&key, seal_r)?,
            sign_send: DerivedKeys::new(&key, sign_s)?,
            sign_recv: DerivedKeys::new(&key, sign_r)?,
            key,
            send_seq,
            recv,
        })
    }

    /// RC4-HMAC contexts use RFC 4757's token formats (`rc4`), not these.
    pub fn check_cfx(&self) -> Result<()> {
        if self.key.enctype == Enctype::Rc4Hmac {
            return Err(Error::Internal(
                "RFC 4121 token asked of an RC4-HMAC context".into(),
            ));
        }
        Ok(())
    }

    /// Flags byte of the tokens we send.
    pub fn send_flags(&self) -> u8 {
        let mut f = 0;
        if !self.initiator {
            f |= FLAG_SENT_BY_ACCEPTOR;
        }
        if self.acceptor_subkey {
            f |= FLAG_ACCEPTOR_SUBKEY;
        }
        f
    }

    /// Checks the direction and key flags of a received token.
    pub fn check_recv_flags(&self, flags: u8) -> Result<()> {
        let from_acceptor = flags & FLAG_SENT_BY_ACCEPTOR != 0;
        if from_acceptor != self.initiator {
            return Err(Error::InvalidToken(
                "per-message token sent in our own direction (reflected)".into(),
            ));
        }
        if flags & FLAG_ACCEPTOR_SUBKEY != 0 && !self.acceptor_subkey {
            return Err(Error::InvalidToken(
                "token claims an acceptor subkey this context does not have".into(),
            ));
        }
        if flags & FLAG_ACCEPTOR_SUBKEY == 0 && self.acceptor_subkey {
            return Err(Error::InvalidToken(
                "token does not use the acceptor subkey".into(),
            ));
        }
        Ok(())
    }

    pub fn next_send_seq(&mut self) -> u64 {
        let s = self.send_seq;
        self.send_seq = self.send_seq.wrapping_add(1);
        s
    }

    pub fn session_key(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(self.key.bytes().to_vec())
    }
}

/// SecPkgContext_Sizes for a context whose per-message key has `enctype`
/// (AES-SHA1: 28-byte signatures, 76-byte sealed-token header as
/// Windows lays it out: header, EC 16, encrypted header, HMAC, confounder).
pub fn sizes(enctype: Option<Enctype>) -> Sizes {
    let e = enctype.unwrap_or(Enctype::Aes256CtsHmacSha196);
    if e == Enctype::Rc4Hmac {
        return Sizes {
            max_token: MAX_TOKEN,
            max_signature: super::rc4::MIC_LEN,
            block_size: 1,
            security_trailer: super::rc4::MAX_HEADER,
        };
    }
    let ck = e.checksum_size() as u32;
    let conf = e.confounder_size() as u32;
    Sizes {
        max_token: MAX_TOKEN,
        max_signature: HEADER_LEN as u32 + ck,
        block_size: 1,
        security_trailer: HEADER_LEN as u32 + WINDOWS_EC as u32 + HEADER_LEN as u32 + ck + conf,
    }
}

pub fn key_info(key: &Key) -> KeyInfo {
    let sig = match key.enctype {
        Enctype::Aes128CtsHmacSha196 => "HMAC-SHA1-96-AES128",
        Enctype::Aes256CtsHmacSha196 => "HMAC-SHA1-96-AES256",
        Enctype::Aes128CtsHmacSha256128 => "HMAC-SHA256-128-AES128",
        Enctype::Aes256CtsHmacSha384192 => "HMAC-SHA384-192-AES256",
        Enctype::Rc4Hmac => "HMAC-MD5-RC4",
    };
    KeyInfo {
        signature_algorithm_name: sig.to_string(),
        encrypt_algorithm_name: key.enctype.name().to_string(),
        key_size: (key.enctype.key_size() * 8) as u32,
        signature_algorithm: key.enctype.checksum_type() as u32,
        encrypt_algorithm: key.enctype.id() as u32,
    }
}
