//! RFC 4757 7.2 and 7.3: per-message tokens for RC4-HMAC (enctype 23)
//! session keys, in RFC 1964's shape and RFC 2743 framing: MIC (TOK_ID
//! 01 01) and Wrap (02 01) with SGN_ALG 0x0011 (HMAC-MD5), SEAL_ALG
//! 0x0010 (RC4) or 0xffff, the sequence number encrypted under a key
//! derived from the checksum, a confounder, and one byte of padding.
use hmac::{Hmac, Mac};
use md5::{Digest, Md5};
use zeroize::Zeroizing;

use super::session::Session;
use super::token;
use super::OID_KRB5;
use crate::core::iov::{IoBuf, IoKind};
use crate::core::{Error, Result};
use crate::crypto::rc4::Rc4;

const TOK_MIC: [u8; 2] = [0x01, 0x01];
const TOK_WRAP: [u8; 2] = [0x02, 0x01];
const SGN_ALG_HMAC_MD5: [u8; 2] = [0x11, 0x00];
const SEAL_ALG_RC4: [u8; 2] = [0x10, 0x00];
const SEAL_ALG_NONE: [u8; 2] = [0xff, 0xff];
/// RFC 4757 key usages for the checksum (MIC 15, Wrap 13).
const USAGE_MIC: u32 = 15;
const USAGE_WRAP: u32 = 13;
/// Framing (0x60, up to 4 length bytes, the OID, TOK_ID) plus the 32-byte
/// Wrap header: the most a Wrap token's header part can take.
pub const MAX_HEADER: u32 = 1 + 5 + 2 + 9 + 32;
/// A framed MIC token: 0x60 len 06 09 <oid> 01 01 + 22 bytes.
pub const MIC_LEN: u32 = 2 + 2 + 9 + 2 + 22;

fn hmac(key: &[u8], parts: &[&[u8]]) -> Zeroizing<[u8; 16]> {
    let mut m = <Hmac<Md5> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    for p in parts {
        m.update(p);
    }
    Zeroizing::new(m.finalize().into_bytes().into())
}

fn checksum(key: &[u8], usage: u32, hdr: &[u8], parts: &[&[u8]]) -> [u8; 8] {
    let ksign = hmac(key, &[b"signaturekey\0"]);
    let mut md = Md5::new();
    md.update(usage.to_le_bytes());
    md.update(hdr);
    for p in parts {
        md.update(p);
    }
    let full = hmac(&ksign[..], &[&md.finalize()]);
    let mut out = [0u8; 8];
    out.copy_from_slice(&full[..8]);
    out
}

/// SND_SEQ: the sequence number (big-endian) and the direction (00s from
/// the initiator, FFs from the acceptor), RC4 under HMAC(HMAC(K, 0), cksum).
fn crypt_seq(key: &[u8], cksum: &[u8; 8], seq8: &mut [u8; 8]) {
    let k0 = hmac(key, &[&[0u8; 4]]);
    let kseq = hmac(&k0[..], &[cksum]);
    Rc4::new(&kseq[..]).apply(seq8);
}

/// The sealing key for one message: HMAC(HMAC(K ^ 0xF0, 0), seq).
fn kcrypt(key: &[u8], seq: &[u8]) -> Zeroizing<[u8; 16]> {
    let klocal: Zeroizing<Vec<u8>> = Zeroizing::new(key.iter().map(|b| b ^ 0xf0).collect());
    let k0 = hmac(&klocal, &[&[0u8; 4]]);
    hmac(&k0[..], &[seq])
}

fn direction(from_acceptor: bool) -> [u8; 4] {
    if from_acceptor {
        [0xff; 4]
    } else {
        [0; 4]
    }
}

fn plain_seq(s: &mut Session) -> [u8; 8] {
    let mut b = [0u8; 8];
    b[..4].copy_from_slice(&(s.next_send_seq() as u32).to_be_bytes());
    b[4..].copy_from_slice(&direction(!s.initiator));
    b
}

/// Checks the peer's direction bytes and the sequence window.
fn check_seq(s: &mut Session, seq8: &[u8; 8]) -> Result<()> {
    if seq8[4..] != direction(s.initiator) {
        return Err(Error::InvalidToken(
            "RC4 token sent in our own direction (reflected)".into(),
        ));
    }
    s.recv
        .check_u32(u32::from_be_bytes([seq8[0], seq8[1], seq8[2], seq8[3]]))
}

fn unframe(tok: &[u8], want: [u8; 2]) -> Result<&[u8]> {
    let (mech, id, body) = token::unwrap(tok)?;
    if !super::INFO.oids.contains(&mech) || id != want {
        return Err(Error::InvalidToken(
            "not an RFC 4757 token of this kind".into(),
        ));
    }
    Ok(body)
}

pub fn mic(s: &mut Session, data: &[u8]) -> Result<Vec<u8>> {
    let key = s.key.bytes().to_vec();
    let hdr = [
        TOK_MIC[0],
        TOK_MIC[1],
        SGN_ALG_HMAC_MD5[0],
        SGN_ALG_HMAC_MD5[1],
        0xff,
        0xff,
        0xff,
        0xff,
    ];
    let ck = checksum(&key, USAGE_MIC, &hdr, &[data]);
    let mut seq = plain_seq(s);
    crypt_seq(&key, &ck, &mut seq);
    let mut body = hdr[2..].to_vec();
    body.extend_from_slice(&seq);
    body.extend_from_slice(&ck);
    Ok(token::wrap(OID_KRB5, TOK_MIC, &body))
}

pub fn verify_mic(s: &mut Session, data: &[u8], tok: &[u8]) -> Result<()> {
    let b = unframe(tok, TOK_MIC)?;
    if b.len() != 22 || b[0..2] != SGN_ALG_HMAC_MD5 || b[2..6] != [0xff; 4] {
        return Err(Error::InvalidToken("malformed RFC 4757 MIC token".into()));
    }
    let key = s.key.bytes().to_vec();
    let mut hdr = TOK_MIC.to_vec();
    hdr.extend_from_slice(&b[0..6]);
    let ck: [u8; 8] = b[14..22].try_into().expect("8 bytes");
    if !crate::crypto::ct_eq(&checksum(&key, USAGE_MIC, &hdr, &[data]), &ck) {
        return Err(Error::MessageAltered);
    }
    let mut seq: [u8; 8] = b[6..14].try_into().expect("8 bytes");
    crypt_seq(&key, &ck, &mut seq);
    check_seq(s, &seq)
}

pub fn wrap(s: &mut Session, data: &[u8], conf: bool) -> Result<Vec<u8>> {
    let key = s.key.bytes().to_vec();
    let seal = if conf { SEAL_ALG_RC4 } else { SEAL_ALG_NONE };
    let hdr = [
        TOK_WRAP[0],
        TOK_WRAP[1],
        SGN_ALG_HMAC_MD5[0],
        SGN_ALG_HMAC_MD5[1],
        seal[0],
        seal[1],
        0xff,
        0xff,
    ];
    let mut confounder = [0u8; 8];
    crate::crypto::random::fill(&mut confounder)
        .map_err(|e| Error::Internal(format!("random: {e}")))?;
    let mut body_data = Vec::with_capacity(8 + data.len() + 1);
    body_data.extend_from_slice(&confounder);
    body_data.extend_from_slice(data);
    body_data.push(1); // one byte of padding (RC4's block size is 1)
    let ck = checksum(&key, USAGE_WRAP, &hdr, &[&body_data]);
    let plain = plain_seq(s);
    if conf {
        Rc4::new(&kcrypt(&key, &plain[..4])[..]).apply(&mut body_data);
    }
    let mut seq = plain;
    crypt_seq(&key, &ck, &mut seq);
    let mut body = hdr[2..].to_vec();
    body.extend_from_slice(&seq);
    body.extend_from_slice(&ck);
    body.extend_from_slice(&body_data);
    Ok(token::wrap(OID_KRB5, TOK_WRAP, &body))
}

pub fn unwrap(s: &mut Session, tok: &[u8]) -> Result<(Vec<u8>, bool)> {
    let b = unframe(tok, TOK_WRAP)?;
    if b.len() < 6 + 8 + 8 + 8 + 1 || b[0..2] != SGN_ALG_HMAC_MD5 || b[4..6] != [0xff; 2] {
        return Err(Error::InvalidToken("malformed RFC 4757 Wrap token".into()));
    }
    let sealed = match [b[2], b[3]] {
        SEAL_ALG_RC4 => true,
        SEAL_ALG_NONE => false,
        _ => return Err(Error::InvalidToken("unknown RFC 4757 SEAL_ALG".into())),
    };
    let key = s.key.bytes().to_vec();
    let ck: [u8; 8] = b[14..22].try_into().expect("8 bytes");
    let mut seq: [u8; 8] = b[6..14].try_into().expect("8 bytes");
    crypt_seq(&key, &ck, &mut seq);
    let mut body = b[22..].to_vec();
    if sealed {
        Rc4::new(&kcrypt(&key, &seq[..4])[..]).apply(&mut body);
    }
    let mut hdr = TOK_WRAP.to_vec();
    hdr.extend_from_slice(&b[0..6]);
    if !crate::crypto::ct_eq(&checksum(&key, USAGE_WRAP, &hdr, &[&body]), &ck) {
        return Err(Error::MessageAltered);
    }
    let pad = *body.last().expect("length checked") as usize;
    if pad == 0
        || pad > 8
        || body.len() < 8 + pad
        || body[body.len() - pad..].iter().any(|&p| p as usize != pad)
    {
        return Err(Error::InvalidToken("bad RFC 4757 Wrap padding".into()));
    }
    check_seq(s, &seq)?;
    Ok((body[8..body.len() - pad].to_vec(), sealed))
}

/// EncryptMessage / gss_wrap_iov: the framed header (with the confounder)
/// in the Header buffer, Data in place, the pad byte in the Padding buffer.
pub fn wrap_iov(s: &mut Session, iov: &mut [IoBuf<'_>], conf: bool) -> Result<bool> {
    if iov.iter().any(|b| b.kind == IoKind::SignOnly) {
        return Err(Error::Unsupported(
            "RC4-HMAC message protection with sign-only buffers",
        ));
    }
    let hi = iov
        .iter()
        .position(|b| b.kind == IoKind::Header)
        .ok_or(Error::InvalidParameter(
            "Kerberos message protection needs a token (header) buffer",
        ))?;
    let pi = iov
        .iter()
        .position(|b| b.kind == IoKind::Padding)
        .ok_or(Error::InvalidParameter(
            "RC4-HMAC message protection needs a padding buffer",
        ))?;
    let mut data = Vec::new();
    for b in iov.iter().filter(|b| b.kind == IoKind::Data) {
        data.extend_from_slice(b.data());
    }
    let tok = wrap(s, &data, conf)?;
    let h = tok.len() - data.len() - 1;
    if iov[hi].buf.len() < h || iov[pi].buf.is_empty() {
        return Err(Error::BufferTooSmall);
    }
    iov[hi].buf[..h].copy_from_slice(&tok[..h]);
    iov[hi].len = h;
    iov[pi].buf[0] = tok[tok.len() - 1];
    iov[pi].len = 1;
    let mut src = &tok[h..tok.len() - 1];
    for b in iov.iter_mut().filter(|b| b.kind == IoKind::Data) {
        let n = b.len.min(b.buf.len());
        b.buf[..n].copy_from_slice(&src[..n]);
        src = &src[n..];
    }
    Ok(conf)
}

pub fn unwrap_iov(s: &mut Session, iov: &mut [IoBuf<'_>]) -> Result<bool> {
    let mut tok = Vec::new();
    let mut dlen = 0;
    for kind in [
        IoKind::Header,
        IoKind::Data,
        IoKind::Padding,
        IoKind::Trailer,
    ] {
        for b in iov.iter().filter(|b| b.kind == kind) {
            tok.extend_from_slice(b.data());
            if kind == IoKind::Data {
                dlen += b.data().len();
            }
        }
    }
    let (msg, sealed) = unwrap(s, &tok)?;
    if msg.len() > dlen {
        return Err(Error::InvalidToken(
            "RC4 Wrap token larger than its data buffers".into(),
        ));
    }
    let mut src = &msg[..];
    for b in iov.iter_mut().filter(|b| b.kind == IoKind::Data) {
        let n = b.len.min(b.buf.len()).min(src.len());
        b.buf[..n].copy_from_slice(&src[..n]);
        b.len = n;
        src = &src[n..];
    }
    Ok(sealed)
}
