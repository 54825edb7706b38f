//! Reading and writing the integers and counted strings of MIT's binary
//! file formats, with errors that give the byte offset.
use std::path::Path;

use super::error::{ConfigError, ConfigResult};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Endian {
    Big,
    /// Old format versions (keytab 0x501, ccache 1 and 2) use the host's
    /// byte order; this library assumes a little-endian host for them.
    Little,
}

pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    pub endian: Endian,
    path: Option<&'a Path>,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8], path: Option<&'a Path>) -> Self {
        Reader {
            data,
            pos: 0,
            endian: Endian::Big,
            path,
        }
    }
    pub fn pos(&self) -> usize {
        self.pos
    }
    pub fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }
    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }
    pub fn err(&self, message: impl Into<String>) -> ConfigError {
        ConfigError::at_offset(self.path, self.pos, message)
    }
    pub fn bytes(&mut self, n: usize, what: &str) -> ConfigResult<&'a [u8]> {
        if self.remaining() < n {
            return Err(self.err(format!(
                "truncated {what}: need {n} bytes, {} left",
                self.remaining()
            )));
        }
        let out = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }
    pub fn skip(&mut self, n: usize, what: &str) -> ConfigResult<()> {
        self.bytes(n, what).map(|_| ())
    }
    pub fn u8(&mut self, what: &str) -> ConfigResult<u8> {
        Ok(self.bytes(1, what)?[0])
    }
    pub fn u16(&mut self, what: &str) -> ConfigResult<u16> {
        let b: [u8; 2] = self.bytes(2, what)?.try_into().expect("2 bytes");
        Ok(match self.endian {
            Endian::Big => u16::from_be_bytes(b),
            Endian::Little => u16::from_le_bytes(b),
        })
    }
    pub fn u32(&mut self, what: &str) -> ConfigResult<u32> {
        let b: [u8; 4] = self.bytes(4, what)?.try_into().expect("4 bytes");
        Ok(match self.endian {
            Endian::Big => u32::from_be_bytes(b),
            Endian::Little => u32::from_le_bytes(b),
        })
    }
    /// A string with a 16-bit length.
    pub fn data16(&mut self, what: &str) -> ConfigResult<&'a [u8]> {
        let n = self.u16(what)? as usize;
        self.bytes(n, what)
    }
    /// A string with a 32-bit length.
    pub fn data32(&mut self, what: &str) -> ConfigResult<&'a [u8]> {
        let n = self.u32(what)? as usize;
        self.bytes(n, what)
    }
    pub fn utf8(&self, bytes: &[u8], what: &str) -> ConfigResult<String> {
        String::from_utf8(bytes.to_vec()).map_err(|_| self.err(format!("{what} is not UTF-8")))
    }
}

/// Big-endian writers (every format version this library writes is big-endian).
pub trait Put {
    fn put_u8(&mut self, v: u8);
    fn put_u16(&mut self, v: u16);
    fn put_u32(&mut self, v: u32);
    fn put_data16(&mut self, d: &[u8]);
    fn put_data32(&mut self, d: &[u8]);
}

impl Put for Vec<u8> {
    fn put_u8(&mut self, v: u8) {
        self.push(v);
    }
    fn put_u16(&mut self, v: u16) {
        self.extend_from_slice(&v.to_be_bytes());
    }
    fn put_u32(&mut self, v: u32) {
        self.extend_from_slice(&v.to_be_bytes());
    }
    fn put_data16(&mut self, d: &[u8]) {
        self.put_u16(d.len() as u16);
        self.extend_from_slice(d);
    }
    fn put_data32(&mut self, d: &[u8]) {
        self.put_u32(d.len() as u32);
        self.extend_from_slice(d);
    }
}
