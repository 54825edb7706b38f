//! RFC 4121 4.2.6.2 Wrap tokens: TOK_ID 05 04, flags (SentByAcceptor,
//! Sealed, AcceptorSubkey), 0xFF, EC, RRC, SND_SEQ, then
//! - sealed: E(data | EC filler bytes | header with RRC 0), key usage 22/24;
//! - integrity only: data | checksum over (data | header with EC and RRC 0),
//!   EC = the checksum length;
//!
//! The part after the header rotated right by RRC (4.2.5).
//!
//! Shapes produced:
//! - gss_wrap (one token) and gss_wrap_iov with a TRAILER buffer: MIT's,
//!   EC 0 and RRC 0, the trailer (or the token's tail) holding the rest;
//! - iovecs without a trailer (SSPI EncryptMessage: TOKEN, DATA, PADDING):
//!   Windows' (MS-KILE 3.4.5.4.1): EC 16, RRC 28 (12 unsealed) in the
//!   header, but rotated by EC + RRC so that all of the trailer lands in
//!   the token buffer before the in-place encrypted data.
//!
//! Opening accepts both: the rotation by RRC is tried, then by RRC + EC;
//! the MAC decides which is right.
use std::borrow::Cow;

use super::session::{Session, FLAG_SEALED, HEADER_LEN, WINDOWS_EC};
use crate::core::context::TokenBuf;
use crate::core::iov::{IoBuf, IoKind};
use crate::core::{Error, Result};

pub const TOK_WRAP: [u8; 2] = [0x05, 0x04];

fn header(flags: u8, ec: u16, rrc: u16, seq: u64) -> [u8; HEADER_LEN] {
    let mut h = [0u8; HEADER_LEN];
    h[0..2].copy_from_slice(&TOK_WRAP);
    h[2] = flags;
    h[3] = 0xff;
    h[4..6].copy_from_slice(&ec.to_be_bytes());
    h[6..8].copy_from_slice(&rrc.to_be_bytes());
    h[8..16].copy_from_slice(&seq.to_be_bytes());
    h
}

fn rotate_right(v: &mut [u8], n: usize) {
    if !v.is_empty() {
        v.rotate_right(n % v.len());
    }
}

fn rotate_left(v: &mut [u8], n: usize) {
    if !v.is_empty() {
        v.rotate_left(n % v.len());
    }
}

/// Protects `data` into `out`: the 16-byte header, then the rest rotated
/// right (by nothing in MIT's shape). `windows` picks Windows' EC/RRC over
/// MIT's EC 0 / RRC 0. Sealing encrypts straight into `out`, the message
/// copied in, MACed and encrypted a chunk at a time.
pub fn seal_into(
    s: &mut Session,
    data: &[u8],
    conf: bool,
    windows: bool,
    out: &mut dyn TokenBuf,
) -> Result<()> {
    s.check_cfx()?;
    let ck = s.key.enctype.checksum_size();
    let seq = s.next_send_seq();
    if conf {
        let ec = if windows { WINDOWS_EC } else { 0 };
        let rrc = if windows { HEADER_LEN + ck } else { 0 };
        let flags = s.send_flags() | FLAG_SEALED;
        let filler = [0u8; WINDOWS_EC];
        // The encrypted copy of the header has RRC 0 (4.2.4).
        let inner = header(flags, ec as u16, 0, seq);
        let body_len = data.len() + ec + HEADER_LEN + s.seal_send.enctype.overhead();
        let tok = out.fill(HEADER_LEN + body_len, &[])?;
        let (h, body) = tok.split_at_mut(HEADER_LEN);
        h.copy_from_slice(&header(flags, ec as u16, rrc as u16, seq));
        s.seal_send
            .encrypt_into(&[data, &filler[..ec], &inner], body)?;
        rotate_right(body, if windows { ec + rrc } else { 0 });
    } else {
        let rrc = if windows { ck } else { 0 };
        let flags = s.send_flags();
        let sum = s
            .seal_send
            .checksum_parts(&[data, &header(flags, 0, 0, seq)]);
        let tok = out.fill(HEADER_LEN + data.len() + ck, &[])?;
        let (h, body) = tok.split_at_mut(HEADER_LEN);
        h.copy_from_slice(&header(flags, ck as u16, rrc as u16, seq));
        body[..data.len()].copy_from_slice(data);
        body[data.len()..].copy_from_slice(&sum);
        rotate_right(body, rrc);
    }
    Ok(())
}

/// `body` rotated left by `n`, borrowed when that changes nothing.
fn rotated_left(body: &[u8], n: usize) -> Cow<'_, [u8]> {
    if body.is_empty() || n.is_multiple_of(body.len()) {
        Cow::Borrowed(body)
    } else {
        let mut v = body.to_vec();
        rotate_left(&mut v, n);
        Cow::Owned(v)
    }
}

/// Opens a Wrap token given as its header and the rest, writing the
/// message into `out`; returns whether it was sealed. A sealed token is
/// decrypted straight into `out`, a chunk at a time.
pub fn open_into(s: &mut Session, h: &[u8], body: &[u8], out: &mut dyn TokenBuf) -> Result<bool> {
    s.check_cfx()?;
    if h.len() != HEADER_LEN || h[0..2] != TOK_WRAP || h[3] != 0xff {
        return Err(Error::InvalidToken("not an RFC 4121 Wrap token".into()));
    }
    let flags = h[2];
    s.check_recv_flags(flags)?;
    let ec = u16::from_be_bytes([h[4], h[5]]) as usize;
    let rrc = u16::from_be_bytes([h[6], h[7]]) as usize;
    let mut seq = [0u8; 8];
    seq.copy_from_slice(&h[8..16]);
    let seq = u64::from_be_bytes(seq);
    let mut rotations = vec![rrc];
    if ec != 0 {
        rotations.push(rrc + ec);
    }
    let sealed = flags & FLAG_SEALED != 0;
    let ck = s.key.enctype.checksum_size();
    let mut opened = false;
    for r in rotations {
        let b = rotated_left(body, r);
        if sealed {
            // The plaintext is the message, EC filler bytes and the header.
            let Some(plain_len) = b.len().checked_sub(s.seal_recv.enctype.overhead()) else {
                continue;
            };
            let msg_len = plain_len.saturating_sub(ec + HEADER_LEN);
            let mut short = [0u8; WINDOWS_EC + HEADER_LEN];
            let mut long = Vec::new();
            let tail = if plain_len - msg_len <= short.len() {
                &mut short[..plain_len - msg_len]
            } else {
                long.resize(plain_len - msg_len, 0);
                &mut long[..]
            };
            let msg = out.fill(msg_len, &[])?;
            if s.seal_recv
                .decrypt_into(&b, &mut [msg, &mut *tail])
                .is_err()
            {
                continue;
            }
            if plain_len < ec + HEADER_LEN {
                return Err(Error::InvalidToken("sealed Wrap token too short".into()));
            }
            // The encrypted copy of the header, RRC zeroed (4.2.4).
            let mut expect = [0u8; HEADER_LEN];
            expect.copy_from_slice(h);
            expect[6] = 0;
            expect[7] = 0;
            if tail[ec..] != expect {
                return Err(Error::MessageAltered);
            }
            opened = true;
            break;
        } else {
            if b.len() < ck {
                return Err(Error::InvalidToken("Wrap token too short".into()));
            }
            let (msg, sum) = b.split_at(b.len() - ck);
            let signed = [msg, &header(flags, 0, 0, seq)[..]];
            if s.seal_recv.verify_checksum_parts(&signed, sum).is_ok() {
                out.fill(0, msg)?;
                opened = true;
                break;
            }
        }
    }
    if !opened {
        return Err(Error::MessageAltered);
    }
    s.recv.check(seq)?;
    Ok(sealed)
}

/// gss_wrap into `out`: MIT's single token, header | E(data | header)
/// rotated by 0. Returns whether it was sealed.
pub fn wrap_token_into(
    s: &mut Session,
    msg: &[u8],
    conf: bool,
    out: &mut dyn TokenBuf,
) -> Result<bool> {
    seal_into(s, msg, conf, false, out)?;
    Ok(conf)
}

/// gss_unwrap into `out`; returns whether the token was sealed.
pub fn unwrap_token_into(s: &mut Session, token: &[u8], out: &mut dyn TokenBuf) -> Result<bool> {
    if token.len() < HEADER_LEN {
        return Err(Error::InvalidToken(
            "Wrap token shorter than its header".into(),
        ));
    }
    let (h, body) = token.split_at(HEADER_LEN);
    open_into(s, h, body, out)
}

/// [`wrap_token_into`] a new Vec.
pub fn wrap_token(s: &mut Session, msg: &[u8], conf: bool) -> Result<(Vec<u8>, bool)> {
    let mut tok = Vec::new();
    let sealed = wrap_token_into(s, msg, conf, &mut tok)?;
    Ok((tok, sealed))
}

/// [`unwrap_token_into`] a new Vec: the message and whether it was sealed.
pub fn unwrap_token(s: &mut Session, token: &[u8]) -> Result<(Vec<u8>, bool)> {
    let mut msg = Vec::new();
    let sealed = unwrap_token_into(s, token, &mut msg)?;
    Ok((msg, sealed))
}

fn index_of(iov: &[IoBuf<'_>], kind: IoKind) -> Option<usize> {
    iov.iter().position(|b| b.kind == kind)
}

fn data_concat(iov: &[IoBuf<'_>]) -> Vec<u8> {
    let mut v = Vec::new();
    for b in iov.iter().filter(|b| b.kind == IoKind::Data) {
        v.extend_from_slice(b.data());
    }
    v
}

fn scatter_data(iov: &mut [IoBuf<'_>], mut src: &[u8]) {
    for b in iov.iter_mut().filter(|b| b.kind == IoKind::Data) {
        let n = b.len.min(b.buf.len());
        let (now, rest) = src.split_at(n.min(src.len()));
        b.buf[..now.len()].copy_from_slice(now);
        src = rest;
    }
}

/// EncryptMessage / gss_wrap_iov: Data buffers protected in place, the
/// token header (and, without a Trailer buffer, the whole trailer) in the
/// Header buffer, Padding set empty.
pub fn wrap_iov(s: &mut Session, iov: &mut [IoBuf<'_>], conf: bool) -> Result<bool> {
    if conf && index_of(iov, IoKind::SignOnly).is_some() {
        return Err(Error::Unsupported(
            "Kerberos sealing with sign-only buffers (GSS_WrapEx)",
        ));
    }
    let hi = index_of(iov, IoKind::Header).ok_or(Error::InvalidParameter(
        "Kerberos message protection needs a token (header) buffer",
    ))?;
    let ti = index_of(iov, IoKind::Trailer);
    let data = data_concat(iov);
    let windows = ti.is_none();
    let mut tok = Vec::new();
    seal_into(s, &data, conf, windows, &mut tok)?;
    let (h, body) = tok.split_at(HEADER_LEN);
    let prefix = if windows {
        body.len() - data.len()
    } else if conf {
        s.key.enctype.confounder_size()
    } else {
        0
    };
    let suffix = body.len() - prefix - data.len();
    if iov[hi].buf.len() < HEADER_LEN + prefix {
        return Err(Error::BufferTooSmall);
    }
    if let Some(t) = ti {
        if iov[t].buf.len() < suffix {
            return Err(Error::BufferTooSmall);
        }
        iov[t].buf[..suffix].copy_from_slice(&body[prefix + data.len()..]);
        iov[t].len = suffix;
    }
    iov[hi].buf[..HEADER_LEN].copy_from_slice(h);
    iov[hi].buf[HEADER_LEN..HEADER_LEN + prefix].copy_from_slice(&body[..prefix]);
    iov[hi].len = HEADER_LEN + prefix;
    if let Some(p) = index_of(iov, IoKind::Padding) {
        iov[p].len = 0;
    }
    scatter_data(iov, &body[prefix..prefix + data.len()]);
    Ok(conf)
}

/// DecryptMessage / gss_unwrap_iov: the inverse of `wrap_iov` (either
/// layout, and MIT's or Windows' rotation).
pub fn unwrap_iov(s: &mut Session, iov: &mut [IoBuf<'_>]) -> Result<bool> {
    let hi = index_of(iov, IoKind::Header).ok_or(Error::InvalidParameter(
        "Kerberos message protection needs a token (header) buffer",
    ))?;
    let hdr = iov[hi].data().to_vec();
    if hdr.len() < HEADER_LEN {
        return Err(Error::InvalidToken(
            "token buffer shorter than a Wrap header".into(),
        ));
    }
    let data = data_concat(iov);
    let mut stream = hdr[HEADER_LEN..].to_vec();
    stream.extend_from_slice(&data);
    if let Some(t) = index_of(iov, IoKind::Trailer) {
        stream.extend_from_slice(iov[t].data());
    }
    let mut msg = Vec::new();
    let sealed = open_into(s, &hdr[..HEADER_LEN], &stream, &mut msg)?;
    if msg.len() != data.len() {
        return Err(Error::InvalidToken(format!(
            "Wrap token carries {} bytes, the data buffers hold {}",
            msg.len(),
            data.len()
        )));
    }
    scatter_data(iov, &msg);
    Ok(sealed)
}
