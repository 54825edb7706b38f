//! NTLM wire messages ([MS-NLMP] 2.2): NEGOTIATE, CHALLENGE and
//! AUTHENTICATE, AV pairs and VERSION. Parsing never panics: every field
//! is bounds-checked and a malformed message is `Error::InvalidToken`.
use crate::core::{Error, Result};

/// "NTLMSSP\0" ([MS-NLMP] 2.2.1.1 Signature).
pub const SIGNATURE: &[u8; 8] = b"NTLMSSP\0";

/// MessageType values ([MS-NLMP] 2.2.1.1-2.2.1.3).
pub const NEGOTIATE_TYPE: u32 = 1;
pub const CHALLENGE_TYPE: u32 = 2;
pub const AUTHENTICATE_TYPE: u32 = 3;

// NegotiateFlags ([MS-NLMP] 2.2.2.5).
pub const NEGOTIATE_UNICODE: u32 = 0x0000_0001;
pub const NEGOTIATE_OEM: u32 = 0x0000_0002;
pub const REQUEST_TARGET: u32 = 0x0000_0004;
pub const NEGOTIATE_SIGN: u32 = 0x0000_0010;
pub const NEGOTIATE_SEAL: u32 = 0x0000_0020;
pub const NEGOTIATE_DATAGRAM: u32 = 0x0000_0040;
pub const NEGOTIATE_LM_KEY: u32 = 0x0000_0080;
pub const NEGOTIATE_NTLM: u32 = 0x0000_0200;
pub const NEGOTIATE_ANONYMOUS: u32 = 0x0000_0800;
pub const NEGOTIATE_OEM_DOMAIN_SUPPLIED: u32 = 0x0000_1000;
pub const NEGOTIATE_OEM_WORKSTATION_SUPPLIED: u32 = 0x0000_2000;
pub const NEGOTIATE_ALWAYS_SIGN: u32 = 0x0000_8000;
pub const TARGET_TYPE_DOMAIN: u32 = 0x0001_0000;
pub const TARGET_TYPE_SERVER: u32 = 0x0002_0000;
pub const NEGOTIATE_EXTENDED_SESSIONSECURITY: u32 = 0x0008_0000;
pub const NEGOTIATE_IDENTIFY: u32 = 0x0010_0000;
pub const REQUEST_NON_NT_SESSION_KEY: u32 = 0x0040_0000;
pub const NEGOTIATE_TARGET_INFO: u32 = 0x0080_0000;
pub const NEGOTIATE_VERSION: u32 = 0x0200_0000;
pub const NEGOTIATE_128: u32 = 0x2000_0000;
pub const NEGOTIATE_KEY_EXCH: u32 = 0x4000_0000;
pub const NEGOTIATE_56: u32 = 0x8000_0000;

// AV_PAIR AvId values ([MS-NLMP] 2.2.2.1).
pub const AV_EOL: u16 = 0;
pub const AV_NB_COMPUTER_NAME: u16 = 1;
pub const AV_NB_DOMAIN_NAME: u16 = 2;
pub const AV_DNS_COMPUTER_NAME: u16 = 3;
pub const AV_DNS_DOMAIN_NAME: u16 = 4;
pub const AV_FLAGS: u16 = 6;
pub const AV_TIMESTAMP: u16 = 7;
pub const AV_TARGET_NAME: u16 = 9;
pub const AV_CHANNEL_BINDINGS: u16 = 10;

/// MsvAvFlags bit: the AUTHENTICATE_MESSAGE carries a MIC ([MS-NLMP] 2.2.2.1).
pub const AV_FLAG_MIC_PRESENT: u32 = 0x0000_0002;

/// VERSION ([MS-NLMP] 2.2.2.10) as Windows 10 sends it: 10.0 build 19041,
/// NTLMSSP_REVISION_W2K3 (15).
pub const VERSION_WINDOWS_10: [u8; 8] = [10, 0, 0x61, 0x4a, 0, 0, 0, 0x0f];

/// Fixed part of the AUTHENTICATE_MESSAGE up to and including the MIC
/// ([MS-NLMP] 2.2.1.3): the MIC sits at bytes 72..88.
pub const AUTH_HEADER_LEN: usize = 88;
pub const MIC_OFFSET: usize = 72;
const NEGOTIATE_LEN: usize = 40;
const CHALLENGE_HEADER_LEN: usize = 56;

fn bad(why: &str) -> Error {
    Error::InvalidToken(format!("NTLM: {why}"))
}

fn u16_at(b: &[u8], off: usize) -> Result<u16> {
    b.get(off..off + 2)
        .map(|s| u16::from_le_bytes([s[0], s[1]]))
        .ok_or_else(|| bad("message truncated"))
}

fn u32_at(b: &[u8], off: usize) -> Result<u32> {
    b.get(off..off + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
        .ok_or_else(|| bad("message truncated"))
}

/// A payload field (Len, MaxLen, BufferOffset: [MS-NLMP] 2.2.1.1) resolved
/// to its bytes, with the offset kept for overlap checks.
fn field_at<'m>(msg: &'m [u8], off: usize, name: &str) -> Result<(&'m [u8], usize)> {
    let len = u16_at(msg, off)? as usize;
    let start = u32_at(msg, off + 4)? as usize;
    if len == 0 {
        return Ok((&[], start));
    }
    let end = start
        .checked_add(len)
        .ok_or_else(|| bad("field offset overflows"))?;
    msg.get(start..end)
        .map(|s| (s, start))
        .ok_or_else(|| Error::InvalidToken(format!("NTLM: {name} field lies outside the message")))
}

fn check_header(msg: &[u8], ty: u32, name: &str) -> Result<()> {
    if msg.len() < 12 || &msg[..8] != SIGNATURE {
        return Err(Error::InvalidToken(format!(
            "NTLM: not an NTLMSSP {name} message"
        )));
    }
    let got = u32_at(msg, 8)?;
    if got != ty {
        return Err(Error::InvalidToken(format!(
            "NTLM: expected {name} (type {ty}), got message type {got}"
        )));
    }
    Ok(())
}

/// Appends a payload field descriptor at `hdr_off` pointing at `data`,
/// which is appended to `out`.
fn put_field(out: &mut Vec<u8>, hdr_off: usize, data: &[u8]) {
    let off = out.len() as u32;
    let len = data.len() as u16;
    out[hdr_off..hdr_off + 2].copy_from_slice(&len.to_le_bytes());
    out[hdr_off + 2..hdr_off + 4].copy_from_slice(&len.to_le_bytes());
    out[hdr_off + 4..hdr_off + 8].copy_from_slice(&off.to_le_bytes());
    out.extend_from_slice(data);
}

/// UTF-16LE bytes of `s` (the "UNICODE" encoding of [MS-NLMP] 2.2).
pub fn utf16le(s: &str) -> Vec<u8> {
    let mut v = Vec::with_capacity(s.len() * 2);
    for u in s.encode_utf16() {
        v.extend_from_slice(&u.to_le_bytes());
    }
    v
}

/// Decodes UTF-16LE from the peer.
pub fn from_utf16le(b: &[u8], what: &str) -> Result<String> {
    if !b.len().is_multiple_of(2) {
        return Err(Error::InvalidToken(format!(
            "NTLM: {what} has an odd byte length"
        )));
    }
    let units = b.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]]));
    char::decode_utf16(units)
        .collect::<std::result::Result<String, _>>()
        .map_err(|_| Error::InvalidToken(format!("NTLM: {what} is not valid UTF-16")))
}

// ---------------------------------------------------------------- AV pairs

/// AV_PAIR list ([MS-NLMP] 2.2.2.1), borrowed from a message.
#[derive(Debug, Default, Clone)]
pub struct AvPairs<'a> {
    pub pairs: Vec<(u16, &'a [u8])>,
}

impl<'a> AvPairs<'a> {
    /// Parses pairs up to MsvAvEOL, which must be present.
    pub fn parse(mut b: &'a [u8]) -> Result<Self> {
        let mut pairs = Vec::with_capacity(8);
        loop {
            if b.len() < 4 {
                return Err(bad("target info is not terminated by MsvAvEOL"));
            }
            let id = u16::from_le_bytes([b[0], b[1]]);
            let len = u16::from_le_bytes([b[2], b[3]]) as usize;
            let value = b
                .get(4..4 + len)
                .ok_or_else(|| bad("AV pair runs past the end of target info"))?;
            if id == AV_EOL {
                return Ok(AvPairs { pairs });
            }
            pairs.push((id, value));
            b = &b[4 + len..];
        }
    }

    pub fn get(&self, id: u16) -> Option<&'a [u8]> {
        self.pairs.iter().find(|(i, _)| *i == id).map(|(_, v)| *v)
    }

    /// MsvAvFlags, 0 when absent or malformed.
    pub fn flags(&self) -> u32 {
        match self.get(AV_FLAGS) {
            Some(v) if v.len() == 4 => u32::from_le_bytes([v[0], v[1], v[2], v[3]]),
            _ => 0,
        }
    }

    /// MsvAvTimestamp (FILETIME), when present.
    pub fn timestamp(&self) -> Option<u64> {
        match self.get(AV_TIMESTAMP) {
            Some(v) if v.len() == 8 => {
                let mut t = [0u8; 8];
                t.copy_from_slice(v);
                Some(u64::from_le_bytes(t))
            }
            _ => None,
        }
    }
}

/// Appends one AV_PAIR.
pub fn put_av(out: &mut Vec<u8>, id: u16, value: &[u8]) {
    out.extend_from_slice(&id.to_le_bytes());
    out.extend_from_slice(&(value.len() as u16).to_le_bytes());
    out.extend_from_slice(value);
}

/// Appends MsvAvEOL.
pub fn put_eol(out: &mut Vec<u8>) {
    out.extend_from_slice(&[0, 0, 0, 0]);
}

// ---------------------------------------------------------------- NEGOTIATE

/// NEGOTIATE_MESSAGE ([MS-NLMP] 2.2.1.1). We send neither domain nor
/// workstation (as Windows does), so only the flags matter.
#[derive(Debug, Clone, Copy)]
pub struct Negotiate {
    pub flags: u32,
}

impl Negotiate {
    pub fn encode(&self) -> Vec<u8> {
        let mut m = Vec::with_capacity(NEGOTIATE_LEN);
        m.extend_from_slice(SIGNATURE);
        m.extend_from_slice(&NEGOTIATE_TYPE.to_le_bytes());
        m.extend_from_slice(&self.flags.to_le_bytes());
        // DomainNameFields and WorkstationFields: empty, offset = end of header.
        for _ in 0..2 {
            m.extend_from_slice(&[0, 0, 0, 0]);
            m.extend_from_slice(&(NEGOTIATE_LEN as u32).to_le_bytes());
        }
        m.extend_from_slice(&VERSION_WINDOWS_10);
        m
    }

    pub fn decode(msg: &[u8]) -> Result<Self> {
        check_header(msg, NEGOTIATE_TYPE, "NEGOTIATE")?;
        let flags = u32_at(msg, 12)?;
        // Old clients send a 16-byte message without the field descriptors.
        if msg.len() >= 32 {
            if flags & NEGOTIATE_OEM_DOMAIN_SUPPLIED != 0 {
                field_at(msg, 16, "DomainName")?;
            }
            if flags & NEGOTIATE_OEM_WORKSTATION_SUPPLIED != 0 {
                field_at(msg, 24, "Workstation")?;
            }
        } else if msg.len() != 16 {
            return Err(bad("NEGOTIATE message truncated"));
        }
        Ok(Negotiate { flags })
    }
}

// ---------------------------------------------------------------- CHALLENGE

/// CHALLENGE_MESSAGE ([MS-NLMP] 2.2.1.2), borrowed from the message bytes.
#[derive(Debug, Clone)]
pub struct Challenge<'a> {
    pub flags: u32,
    pub target_name: &'a [u8],
    pub server_challenge: [u8; 8],
    pub target_info: &'a [u8],
}

impl<'a> Challenge<'a> {
    pub fn encode(&self) -> Vec<u8> {
        let mut m = Vec::with_capacity(
            CHALLENGE_HEADER_LEN + self.target_name.len() + self.target_info.len(),
        );
        m.extend_from_slice(SIGNATURE);
        m.extend_from_slice(&CHALLENGE_TYPE.to_le_bytes());
        m.extend_from_slice(&[0; 8]); // TargetNameFields, filled below
        m.extend_from_slice(&self.flags.to_le_bytes());
        m.extend_from_slice(&self.server_challenge);
        m.extend_from_slice(&[0; 8]); // Reserved
        m.extend_from_slice(&[0; 8]); // TargetInfoFields, filled below
        m.extend_from_slice(&VERSION_WINDOWS_10);
        put_field(&mut m, 12, self.target_name);
        put_field(&mut m, 40, self.target_info);
        m
    }

    pub fn decode(msg: &'a [u8]) -> Result<Self> {
        check_header(msg, CHALLENGE_TYPE, "CHALLENGE")?;
        if msg.len() < 48 {
            return Err(bad("CHALLENGE message truncated"));
        }
        let flags = u32_at(msg, 20)?;
        let (target_name, _) = field_at(msg, 12, "TargetName")?;
        let mut server_challenge = [0u8; 8];
        server_challenge.copy_from_slice(&msg[24..32]);
        let (target_info, _) = field_at(msg, 40, "TargetInfo")?;
        Ok(Challenge {
            flags,
            target_name,
            server_challenge,
            target_info,
        })
    }
}

// ---------------------------------------------------------------- AUTHENTICATE

/// AUTHENTICATE_MESSAGE ([MS-NLMP] 2.2.1.3), borrowed from the message.
#[derive(Debug, Clone, Default)]
pub struct Authenticate<'a> {
    pub lm_response: &'a [u8],
    pub nt_response: &'a [u8],
    pub domain: &'a [u8],
    pub user: &'a [u8],
    pub workstation: &'a [u8],
    pub encrypted_session_key: &'a [u8],
    pub flags: u32,
    /// The smallest offset of a nonempty payload field: a MIC at 72..88 is
    /// only there if the payload starts at or after 88.
    pub payload_start: usize,
}

impl<'a> Authenticate<'a> {
    /// Encodes with a zero MIC (always 88-byte header: VERSION and MIC).
    /// Payload order is Windows': domain, user, workstation, LM, NT, key.
    pub fn encode(&self) -> Vec<u8> {
        let payload = self.domain.len()
            + self.user.len()
            + self.workstation.len()
            + self.lm_response.len()
            + self.nt_response.len()
            + self.encrypted_session_key.len();
        let mut m = Vec::with_capacity(AUTH_HEADER_LEN + payload);
        m.extend_from_slice(SIGNATURE);
        m.extend_from_slice(&AUTHENTICATE_TYPE.to_le_bytes());
        m.resize(60, 0); // six field descriptors, filled below
        m.extend_from_slice(&self.flags.to_le_bytes());
        m.extend_from_slice(&VERSION_WINDOWS_10);
        m.extend_from_slice(&[0; 16]); // MIC
        put_field(&mut m, 28, self.domain);
        put_field(&mut m, 36, self.user);
        put_field(&mut m, 44, self.workstation);
        put_field(&mut m, 12, self.lm_response);
        put_field(&mut m, 20, self.nt_response);
        put_field(&mut m, 52, self.encrypted_session_key);
        m
    }

    pub fn decode(msg: &'a [u8]) -> Result<Self> {
        check_header(msg, AUTHENTICATE_TYPE, "AUTHENTICATE")?;
        if msg.len() < 64 {
            return Err(bad("AUTHENTICATE message truncated"));
        }
        let mut payload_start = msg.len();
        let mut get = |off: usize, name: &str| -> Result<&'a [u8]> {
            let (b, start) = field_at(msg, off, name)?;
            if !b.is_empty() {
                payload_start = payload_start.min(start);
            }
            Ok(b)
        };
        let lm_response = get(12, "LmChallengeResponse")?;
        let nt_response = get(20, "NtChallengeResponse")?;
        let domain = get(28, "DomainName")?;
        let user = get(36, "UserName")?;
        let workstation = get(44, "Workstation")?;
        let encrypted_session_key = get(52, "EncryptedRandomSessionKey")?;
        let flags = u32_at(msg, 60)?;
        Ok(Authenticate {
            lm_response,
            nt_response,
            domain,
            user,
            workstation,
            encrypted_session_key,
            flags,
            payload_start,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiate_round_trip_and_version() {
        let m = Negotiate { flags: 0xe208_8297 }.encode();
        assert_eq!(m.len(), 40);
        assert_eq!(Negotiate::decode(&m).unwrap().flags, 0xe208_8297);
        assert_eq!(&m[32..40], &VERSION_WINDOWS_10);
        assert_eq!(m[39], 15, "NTLMSSP_REVISION_W2K3");
    }

    #[test]
    fn challenge_round_trip() {
        let mut ti = Vec::new();
        put_av(&mut ti, AV_NB_DOMAIN_NAME, &utf16le("Domain"));
        put_av(&mut ti, AV_TIMESTAMP, &7u64.to_le_bytes());
        put_eol(&mut ti);
        let name = utf16le("Domain");
        let c = Challenge {
            flags: 0xe28a_8233,
            target_name: &name,
            server_challenge: [1, 2, 3, 4, 5, 6, 7, 8],
            target_info: &ti,
        };
        let m = c.encode();
        let d = Challenge::decode(&m).unwrap();
        assert_eq!(d.flags, 0xe28a_8233);
        assert_eq!(d.target_name, &name[..]);
        assert_eq!(d.server_challenge, [1, 2, 3, 4, 5, 6, 7, 8]);
        let av = AvPairs::parse(d.target_info).unwrap();
        assert_eq!(av.timestamp(), Some(7));
        assert_eq!(av.get(AV_NB_DOMAIN_NAME), Some(&name[..]));
    }

    #[test]
    fn authenticate_round_trip() {
        let a = Authenticate {
            lm_response: &[0; 24],
            nt_response: &[9; 60],
            domain: b"d\0",
            user: b"u\0",
            workstation: b"w\0",
            encrypted_session_key: &[5; 16],
            flags: 0x1234,
            payload_start: 0,
        };
        let m = a.encode();
        let d = Authenticate::decode(&m).unwrap();
        assert_eq!(d.nt_response, &[9; 60][..]);
        assert_eq!(d.user, b"u\0");
        assert_eq!(d.encrypted_session_key, &[5; 16][..]);
        assert_eq!(d.payload_start, AUTH_HEADER_LEN);
    }

    #[test]
    fn garbage_never_panics() {
        let mut x: u32 = 12345;
        for n in 0..400 {
            let mut b = Vec::with_capacity(n);
            for _ in 0..n {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                b.push((x >> 16) as u8);
            }
            if n >= 12 {
                b[..8].copy_from_slice(SIGNATURE);
                b[8] = (n % 3 + 1) as u8;
                b[9..12].fill(0);
            }
            let _ = Negotiate::decode(&b);
            let _ = Challenge::decode(&b);
            let _ = Authenticate::decode(&b);
            let _ = AvPairs::parse(&b);
        }
    }
}
