//! Package-neutral context flags. The SSPI face maps ISC_REQ_*/ASC_REQ_*
//! and ISC_RET_*/ASC_RET_* to these; the GSSAPI face maps GSS_C_*_FLAG.
use std::ops::{BitAnd, BitOr, BitOrAssign};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Flags(pub u32);

impl Flags {
    pub const NONE: Flags = Flags(0);
    pub const DELEGATE: Flags = Flags(1 << 0);
    pub const MUTUAL: Flags = Flags(1 << 1);
    pub const REPLAY_DETECT: Flags = Flags(1 << 2);
    pub const SEQUENCE_DETECT: Flags = Flags(1 << 3);
    pub const CONFIDENTIALITY: Flags = Flags(1 << 4);
    pub const INTEGRITY: Flags = Flags(1 << 5);
    pub const ANONYMOUS: Flags = Flags(1 << 6);
    pub const IDENTIFY: Flags = Flags(1 << 7);
    pub const DATAGRAM: Flags = Flags(1 << 8);
    pub const CONNECTION: Flags = Flags(1 << 9);
    pub const USE_SESSION_KEY: Flags = Flags(1 << 10);
    pub const NULL_SESSION: Flags = Flags(1 << 11);
    pub const EXTENDED_ERROR: Flags = Flags(1 << 12);
    /// GSS_C_DCE_STYLE / ISC_REQ_USE_DCE_STYLE.
    pub const DCE_STYLE: Flags = Flags(1 << 13);

    pub fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }
    pub fn intersects(self, other: Flags) -> bool {
        self.0 & other.0 != 0
    }
    pub fn remove(&mut self, other: Flags) {
        self.0 &= !other.0;
    }
}

impl BitOr for Flags {
    type Output = Flags;
    fn bitor(self, rhs: Flags) -> Flags {
        Flags(self.0 | rhs.0)
    }
}
impl BitOrAssign for Flags {
    fn bitor_assign(&mut self, rhs: Flags) {
        self.0 |= rhs.0;
    }
}
impl BitAnd for Flags {
    type Output = Flags;
    fn bitand(self, rhs: Flags) -> Flags {
        Flags(self.0 & rhs.0)
    }
}
