//! RFC 4121 4.2.6.1 MIC tokens: TOK_ID 04 04, flags, five 0xFF filler
//! bytes, SND_SEQ (64-bit big-endian), then the checksum (key usage 23
//! acceptor / 25 initiator) over the message followed by the 16-byte header.
use super::session::{Session, HEADER_LEN};
use crate::core::{Error, Result};

pub const TOK_MIC: [u8; 2] = [0x04, 0x04];

fn header(flags: u8, seq: u64) -> [u8; HEADER_LEN] {
    let mut h = [0xffu8; HEADER_LEN];
    h[0..2].copy_from_slice(&TOK_MIC);
    h[2] = flags;
    h[8..16].copy_from_slice(&seq.to_be_bytes());
    h
}

/// A MIC token over the concatenation of `parts`.
pub fn make(s: &mut Session, parts: &[&[u8]]) -> Result<Vec<u8>> {
    s.check_cfx()?;
    let seq = s.next_send_seq();
    let h = header(s.send_flags(), seq);
    let mut data = Vec::with_capacity(parts.iter().map(|p| p.len()).sum::<usize>() + HEADER_LEN);
    for p in parts {
        data.extend_from_slice(p);
    }
    data.extend_from_slice(&h);
    let mut tok = h.to_vec();
    tok.extend_from_slice(&s.sign_send.checksum(&data));
    Ok(tok)
}

/// Verifies a MIC token over `parts`: MessageAltered if the checksum
/// fails, OutOfSequence for a replayed or (with sequence detection)
/// reordered token.
pub fn verify(s: &mut Session, parts: &[&[u8]], token: &[u8]) -> Result<()> {
    s.check_cfx()?;
    let ck = s.key.enctype.checksum_size();
    if token.len() != HEADER_LEN + ck {
        return Err(Error::InvalidToken(format!(
            "MIC token of {} bytes (expected {})",
            token.len(),
            HEADER_LEN + ck
        )));
    }
    let (h, sum) = token.split_at(HEADER_LEN);
    if h[0..2] != TOK_MIC || h[3..8] != [0xff; 5] {
        return Err(Error::InvalidToken("not an RFC 4121 MIC token".into()));
    }
    s.check_recv_flags(h[2])?;
    let mut data = Vec::with_capacity(parts.iter().map(|p| p.len()).sum::<usize>() + HEADER_LEN);
    for p in parts {
        data.extend_from_slice(p);
    }
    data.extend_from_slice(h);
    s.sign_recv.verify_checksum(&data, sum)?;
    let mut seq = [0u8; 8];
    seq.copy_from_slice(&h[8..16]);
    s.recv.check(u64::from_be_bytes(seq))
}
