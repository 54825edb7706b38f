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

/// Builds DER in one buffer. A constructed field is written in place and
/// its length filled in once its contents are known (moving them up when
/// the length needs more than one octet), so nesting allocates nothing.
pub struct Writer {
    out: Vec<u8>,
}

impl Writer {
    /// `capacity`: the expected encoding size, to allocate once.
    pub fn with_capacity(capacity: usize) -> Self {
        Writer {
            out: Vec::with_capacity(capacity),
        }
    }

    /// A primitive field: `tag`, length, `value`.
    pub fn tlv(&mut self, tag: u8, value: &[u8]) {
        self.nested(tag, |w| w.raw(value));
    }

    /// A constructed field: `tag` around what `contents` writes.
    pub fn nested(&mut self, tag: u8, contents: impl FnOnce(&mut Writer)) {
        self.out.extend_from_slice(&[tag, 0]);
        let start = self.out.len();
        contents(self);
        let n = self.out.len() - start;
        if n < 0x80 {
            self.out[start - 1] = n as u8;
            return;
        }
        let bytes = n.to_be_bytes();
        let long = &bytes[bytes.iter().take_while(|&&b| b == 0).count()..];
        self.out[start - 1] = 0x80 | long.len() as u8;
        self.out.splice(start..start, long.iter().copied());
    }

    /// Bytes that are already DER (a field kept as received).
    pub fn raw(&mut self, der: &[u8]) {
        self.out.extend_from_slice(der);
    }

    pub fn finish(self) -> Vec<u8> {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::Writer;

    /// X.690 8.1.3 definite lengths, written out case by case.
    fn length(n: usize) -> Vec<u8> {
        match n {
            0..=0x7f => vec![n as u8],
            0x80..=0xff => vec![0x81, n as u8],
            0x100..=0xffff => vec![0x82, (n >> 8) as u8, n as u8],
            _ => vec![0x83, (n >> 16) as u8, (n >> 8) as u8, n as u8],
        }
    }

    #[test]
    fn nested_lengths_in_every_form() {
        for n in [0usize, 1, 127, 128, 251, 252, 255, 256, 300, 65535, 65536] {
            let value = vec![0x5a; n];
            let mut w = Writer::with_capacity(0);
            w.nested(0x30, |w| {
                w.tlv(0x04, &value);
                w.tlv(0x05, &[]);
            });
            let mut inner = vec![0x04];
            inner.extend(length(n));
            inner.extend(&value);
            inner.extend([0x05, 0x00]);
            let mut want = vec![0x30];
            want.extend(length(inner.len()));
            want.extend(inner);
            assert_eq!(w.finish(), want, "n = {n}");
        }
    }
}
