//! RFC 4121 4.1.1 authenticator checksum (type 0x8003): Lgth (16, LE),
//! Bnd (MD5 of the channel bindings, zeros when none), Flags (GSS_C_*
//! bits, LE), then, when delegating, DlgOpt (1, LE), Dlgth and a KRB-CRED.
use crate::core::flags::Flags;
use crate::core::{Error, Result};

pub const CKSUM_TYPE: i64 = 0x8003;

/// GSS_C_* flag bits (RFC 2744) carried in the checksum.
const GSS_DELEG: u32 = 1;
const GSS_MUTUAL: u32 = 2;
const GSS_REPLAY: u32 = 4;
const GSS_SEQUENCE: u32 = 8;
const GSS_CONF: u32 = 16;
const GSS_INTEG: u32 = 32;

const MAP: [(u32, Flags); 6] = [
    (GSS_DELEG, Flags::DELEGATE),
    (GSS_MUTUAL, Flags::MUTUAL),
    (GSS_REPLAY, Flags::REPLAY_DETECT),
    (GSS_SEQUENCE, Flags::SEQUENCE_DETECT),
    (GSS_CONF, Flags::CONFIDENTIALITY),
    (GSS_INTEG, Flags::INTEGRITY),
];

pub fn to_gss(f: Flags) -> u32 {
    MAP.iter()
        .filter(|(_, c)| f.contains(*c))
        .fold(0, |a, (g, _)| a | g)
}

pub fn from_gss(g: u32) -> Flags {
    let mut f = Flags::NONE;
    for (b, c) in MAP {
        if g & b != 0 {
            f |= c;
        }
    }
    f
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthChecksum {
    pub bindings: [u8; 16],
    pub flags: Flags,
    /// The KRB-CRED of a delegated TGT.
    pub deleg: Option<Vec<u8>>,
    /// GSS_C_DCE_STYLE (0x1000): the initiator wants the three-leg exchange.
    pub dce: bool,
}

impl AuthChecksum {
    pub fn encode(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(24 + self.deleg.as_ref().map_or(0, |d| d.len() + 4));
        v.extend_from_slice(&16u32.to_le_bytes());
        v.extend_from_slice(&self.bindings);
        let mut f = to_gss(self.flags);
        if self.deleg.is_some() {
            f |= GSS_DELEG;
        } else {
            f &= !GSS_DELEG;
        }
        v.extend_from_slice(&f.to_le_bytes());
        if let Some(d) = &self.deleg {
            v.extend_from_slice(&1u16.to_le_bytes());
            v.extend_from_slice(&(d.len() as u16).to_le_bytes());
            v.extend_from_slice(d);
        }
        v
    }

    pub fn decode(b: &[u8]) -> Result<AuthChecksum> {
        let bad = |w: &str| Error::InvalidToken(format!("authenticator checksum: {w}"));
        if b.len() < 24 {
            return Err(bad("shorter than 24 bytes"));
        }
        let lgth = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        if lgth != 16 {
            return Err(bad("Lgth is not 16"));
        }
        let mut bindings = [0u8; 16];
        bindings.copy_from_slice(&b[4..20]);
        let g = u32::from_le_bytes([b[20], b[21], b[22], b[23]]);
        let mut deleg = None;
        if g & GSS_DELEG != 0 && b.len() >= 28 {
            let opt = u16::from_le_bytes([b[24], b[25]]);
            let n = u16::from_le_bytes([b[26], b[27]]) as usize;
            if opt != 1 {
                return Err(bad("DlgOpt is not 1"));
            }
            deleg = Some(
                b.get(28..28 + n)
                    .ok_or_else(|| bad("truncated Deleg"))?
                    .to_vec(),
            );
        }
        let mut flags = from_gss(g);
        if deleg.is_none() {
            flags.remove(Flags::DELEGATE);
        }
        Ok(AuthChecksum {
            bindings,
            flags,
            deleg,
            dce: g & 0x1000 != 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_layout() {
        let c = AuthChecksum {
            bindings: [7; 16],
            flags: Flags::MUTUAL | Flags::CONFIDENTIALITY | Flags::INTEGRITY,
            deleg: None,
            dce: false,
        };
        let e = c.encode();
        assert_eq!(e.len(), 24);
        assert_eq!(&e[..4], &[16, 0, 0, 0]);
        assert_eq!(&e[20..], &[0x32, 0, 0, 0]);
        assert_eq!(AuthChecksum::decode(&e).unwrap(), c);
        let d = AuthChecksum {
            deleg: Some(vec![0x76, 1, 2]),
            ..c.clone()
        };
        let back = AuthChecksum::decode(&d.encode()).unwrap();
        assert!(back.flags.contains(Flags::DELEGATE));
        assert_eq!(back.deleg.as_deref(), Some(&[0x76, 1, 2][..]));
        assert!(AuthChecksum::decode(&e[..23]).is_err());
    }
}
