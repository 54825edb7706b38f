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
use super::session::{Session, FLAG_SEALED, HEADER_LEN, WINDOWS_EC};
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

/// Protects `data`: returns the 16-byte header and the (rotated) rest.
/// `windows` picks Windows' EC/RRC over MIT's EC 0 / RRC 0.
pub fn seal(
    s: &mut Session,
    data: &[u8],
    conf: bool,
    windows: bool,
) -> Result<([u8; HEADER_LEN], Vec<u8>)> {
    s.check_cfx()?;
    let ck = s.key.enctype.checksum_size();
    let seq = s.next_send_seq();
    if conf {
        let ec = if windows { WINDOWS_EC } else { 0 };
        let rrc = if windows { HEADER_LEN + ck } else { 0 };
        let h = header(s.send_flags() | FLAG_SEALED, ec as u16, rrc as u16, seq);
        let mut pt = Vec::with_capacity(data.len() + ec + HEADER_LEN);
        pt.extend_from_slice(data);
        pt.resize(data.len() + ec, 0);
        pt.extend_from_slice(&header(s.send_flags() | FLAG_SEALED, ec as u16, 0, seq));
        let mut ct = s.seal_send.encrypt(&pt)?;
        rotate_right(&mut ct, if windows { ec + rrc } else { 0 });
        Ok((h, ct))
    } else {
        let rrc = if windows { ck } else { 0 };
        let h = header(s.send_flags(), ck as u16, rrc as u16, seq);
        let mut signed = Vec::with_capacity(data.len() + HEADER_LEN);
        signed.extend_from_slice(data);
        signed.extend_from_slice(&header(s.send_flags(), 0, 0, seq));
        let sum = s.seal_send.checksum(&signed);
        let mut body = Vec::with_capacity(data.len() + ck);
        body.extend_from_slice(data);
        body.extend_from_slice(&sum);
        rotate_right(&mut body, rrc);
        Ok((h, body))
    }
}

/// Opens a Wrap token given as its header and the rest; returns the
/// message and whether it was sealed.
pub fn open(s: &mut Session, h: &[u8], body: &[u8]) -> Result<(Vec<u8>, bool)> {
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
    let mut out = None;
    for r in rotations {
        let mut b = body.to_vec();
        rotate_left(&mut b, r);
        if sealed {
            let Ok(pt) = s.seal_recv.decrypt(&b) else {
                continue;
            };
            if pt.len() < ec + HEADER_LEN {
                return Err(Error::InvalidToken("sealed Wrap token too short".into()));
            }
            let (msg, tail) = pt.split_at(pt.len() - HEADER_LEN);
            // The encrypted copy of the header, RRC zeroed (4.2.4).
            let mut expect = [0u8; HEADER_LEN];
            expect.copy_from_slice(h);
            expect[6] = 0;
            expect[7] = 0;
            if tail != expect {
                return Err(Error::MessageAltered);
            }
            out = Some(msg[..msg.len() - ec].to_vec());
            break;
        } else {
            if b.len() < ck {
                return Err(Error::InvalidToken("Wrap token too short".into()));
            }
            let (msg, sum) = b.split_at(b.len() - ck);
            let mut signed = Vec::with_capacity(msg.len() + HEADER_LEN);
            signed.extend_from_slice(msg);
            signed.extend_from_slice(&header(flags, 0, 0, seq));
            if s.seal_recv.verify_checksum(&signed, sum).is_ok() {
                out = Some(msg.to_vec());
                break;
            }
        }
    }
    let msg = out.ok_or(Error::MessageAltered)?;
    s.recv.check(seq)?;
    Ok((msg, sealed))
}

/// gss_wrap: MIT's single token, header | E(data | header) rotated by 0.
pub fn wrap_token(s: &mut Session, msg: &[u8], conf: bool) -> Result<(Vec<u8>, bool)> {
    let (h, body) = seal(s, msg, conf, false)?;
    let mut tok = Vec::with_capacity(HEADER_LEN + body.len());
    tok.extend_from_slice(&h);
    tok.extend_from_slice(&body);
    Ok((tok, conf))
}

pub fn unwrap_token(s: &mut Session, token: &[u8]) -> Result<(Vec<u8>, bool)> {
    if token.len() < HEADER_LEN {
        return Err(Error::InvalidToken(
            "Wrap token shorter than its header".into(),
        ));
    }
    let (h, body) = token.split_at(HEADER_LEN);
    open(s, h, body)
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
    let (h, body) = seal(s, &data, conf, windows)?;
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
    iov[hi].buf[..HEADER_LEN].copy_from_slice(&h);
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
    let (msg, sealed) = open(s, &hdr[..HEADER_LEN], &stream)?;
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
