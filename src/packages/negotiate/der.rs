//! The few DER pieces SPNEGO needs (X.690 8.1 identifier and length
//! octets, definite form only): a bounds-checked reader and TLV writer.
use crate::core::{Error, Result};

pub const SEQUENCE: u8 = 0x30;
pub const OID: u8 = 0x06;
pub const OCTET_STRING: u8 = 0x04;
pub const ENUMERATED: u8 = 0x0a;
pub const BIT_STRING: u8 = 0x03;
pub const GENERAL_STRING: u8 = 0x1b;
/// [APPLICATION 0] constructed: RFC 2743 3.1 InitialContextToken.
pub const APPLICATION_0: u8 = 0x60;

/// Context-specific constructed tag `[n]`.
pub const fn ctx(n: u8) -> u8 {
    0xa0 | n
}

fn bad(what: &str) -> Error {
    Error::InvalidToken(format!("SPNEGO: {what}"))
}

/// One TLV read from the front of a buffer.
#[derive(Debug, Clone, Copy)]
pub struct Tlv<'a> {
    pub tag: u8,
    pub value: &'a [u8],
    /// Tag, length and value as they appear on the wire.
    pub raw: &'a [u8],
}

/// Reads consecutive TLVs out of `data`.
pub struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Reader { data }
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    pub fn peek_tag(&self) -> Option<u8> {
        self.data.first().copied()
    }

    /// The next TLV. Multi-byte tags, the indefinite form and lengths that
    /// run past the buffer are errors.
    pub fn read(&mut self) -> Result<Tlv<'a>> {
        let d = self.data;
        let tag = *d
            .first()
            .ok_or_else(|| bad("token ends where a field was due"))?;
        if tag & 0x1f == 0x1f {
            return Err(bad("multi-byte tags are not used by SPNEGO"));
        }
        let first = *d.get(1).ok_or_else(|| bad("truncated length"))?;
        let (len, hdr) = if first < 0x80 {
            (first as usize, 2)
        } else {
            let n = (first & 0x7f) as usize;
            if n == 0 || n > 4 {
                return Err(bad("unsupported length form"));
            }
            let bytes = d.get(2..2 + n).ok_or_else(|| bad("truncated length"))?;
            let len = bytes.iter().fold(0usize, |a, &b| (a << 8) | b as usize);
            (len, 2 + n)
        };
        let end = hdr
            .checked_add(len)
            .filter(|&e| e <= d.len())
            .ok_or_else(|| bad("field runs past the end of the token"))?;
        self.data = &d[end..];
        Ok(Tlv {
            tag,
            value: &d[hdr..end],
            raw: &d[..end],
        })
    }

    /// The next TLV, which must carry `tag`.
    pub fn expect(&mut self, tag: u8, what: &str) -> Result<Tlv<'a>> {
        let t = self.read()?;
        if t.tag != tag {
            return Err(bad(&format!(
                "expected {what} (tag {tag:#04x}), found tag {:#04x}",
                t.tag
            )));
        }
        Ok(t)
    }

    /// The next TLV if it carries `tag`.
    pub fn optional(&mut self, tag: u8) -> Result<Option<Tlv<'a>>> {
        if self.peek_tag() == Some(tag) {
            self.read().map(Some)
        } else {
            Ok(None)
        }
    }
}

/// Appends a definite-form DER length.
fn put_len(out: &mut Vec<u8>, n: usize) {
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes = n.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

/// `tag`, length, `value`.
pub fn tlv(tag: u8, value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() + 6);
    out.push(tag);
    put_len(&mut out, value.len());
    out.extend_from_slice(value);
    out
}

/// `tag` around the concatenation of `parts`.
pub fn tlv_of(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    tlv(tag, &parts.concat())
}
