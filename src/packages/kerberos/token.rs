//! RFC 2743 3.1 initial-context-token framing as RFC 4121 4.1 uses it:
//! 0x60, DER length, the mechanism OID (tag 06), then a two-byte TOK_ID
//! (RFC 1964 1.1: 01 00 AP-REQ, 02 00 AP-REP, 03 00 KRB-ERROR) and the
//! Kerberos message.
use crate::core::{Error, Result};

pub const TOK_AP_REQ: [u8; 2] = [0x01, 0x00];
pub const TOK_AP_REP: [u8; 2] = [0x02, 0x00];
pub const TOK_KRB_ERROR: [u8; 2] = [0x03, 0x00];

fn der_len(out: &mut Vec<u8>, n: usize) {
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes = (n as u64).to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (8 - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

/// Frames `msg` under `mech` (OID contents) with `tok_id`.
pub fn wrap(mech: &[u8], tok_id: [u8; 2], msg: &[u8]) -> Vec<u8> {
    let inner = 2 + mech.len() + 2 + msg.len();
    let mut out = Vec::with_capacity(inner + 8);
    out.push(0x60);
    der_len(&mut out, inner);
    out.push(0x06);
    out.push(mech.len() as u8);
    out.extend_from_slice(mech);
    out.extend_from_slice(&tok_id);
    out.extend_from_slice(msg);
    out
}

fn bad(why: &str) -> Error {
    Error::InvalidToken(format!("krb5 mechanism token: {why}"))
}

/// Parses a framed token strictly: the outer length must cover exactly the
/// rest of the token. Returns (mechanism OID contents, TOK_ID, message).
pub fn unwrap(token: &[u8]) -> Result<(&[u8], [u8; 2], &[u8])> {
    if token.first() != Some(&0x60) {
        return Err(bad("does not start with the 0x60 application tag"));
    }
    let first = *token.get(1).ok_or_else(|| bad("truncated length"))?;
    let (len, mut i) = if first < 0x80 {
        (first as usize, 2usize)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 {
            return Err(bad("unsupported length encoding"));
        }
        let bytes = token.get(2..2 + n).ok_or_else(|| bad("truncated length"))?;
        if bytes[0] == 0 {
            return Err(bad("non-minimal length"));
        }
        let len = bytes.iter().fold(0usize, |a, b| (a << 8) | *b as usize);
        if len < 0x80 {
            return Err(bad("non-minimal length"));
        }
        (len, 2 + n)
    };
    if token.len() - i != len {
        return Err(bad("length does not match the token size"));
    }
    if token.get(i) != Some(&0x06) {
        return Err(bad("no mechanism OID"));
    }
    let olen = *token.get(i + 1).ok_or_else(|| bad("truncated OID"))? as usize;
    if olen >= 0x80 {
        return Err(bad("OID too long"));
    }
    i += 2;
    let mech = token.get(i..i + olen).ok_or_else(|| bad("truncated OID"))?;
    i += olen;
    let tok = token.get(i..i + 2).ok_or_else(|| bad("no TOK_ID"))?;
    Ok((mech, [tok[0], tok[1]], &token[i + 2..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    const KRB5: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02];

    #[test]
    fn round_trip_short_and_long() {
        for n in [0usize, 10, 200, 70_000] {
            let msg = vec![0xabu8; n];
            let t = wrap(KRB5, TOK_AP_REQ, &msg);
            let (m, id, body) = unwrap(&t).unwrap();
            assert_eq!((m, id, body), (KRB5, TOK_AP_REQ, &msg[..]));
        }
    }

    #[test]
    fn strict_parsing() {
        let t = wrap(KRB5, TOK_AP_REP, b"hello");
        assert!(unwrap(&t[..t.len() - 1]).is_err(), "short");
        let mut long = t.clone();
        long.push(0);
        assert!(unwrap(&long).is_err(), "trailing garbage");
        let mut bad_tag = t.clone();
        bad_tag[0] = 0x61;
        assert!(unwrap(&bad_tag).is_err());
        assert!(unwrap(&[0x60, 0x81, 0x05, 0x06]).is_err(), "non-minimal");
        assert!(unwrap(&[]).is_err());
        // A real MIT AP-REQ prefix: 60 82 LL LL 06 09 <krb5> 01 00.
        let mut mit = vec![0x60, 0x82, 0x01, 0x00, 0x06, 0x09];
        mit.extend_from_slice(KRB5);
        mit.extend_from_slice(&[1, 0]);
        mit.resize(4 + 0x100, 0x6e);
        assert_eq!(unwrap(&mit).unwrap().1, TOK_AP_REQ);
    }
}
