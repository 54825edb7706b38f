//! ISC_REQ_*/ASC_REQ_* → core `Flags`, and core `Flags` → ISC_RET_*/ASC_RET_*.
use crate::core::flags::Flags;

use super::types::*;

/// (core flag, ISC bit, ASC bit). ISC_REQ_* and ISC_RET_* share these
/// bits; the ASC_REQ_* and ASC_RET_* ones agree as well.
const MAP: &[(Flags, u32, u32)] = &[
    (Flags::DELEGATE, ISC_REQ_DELEGATE, ASC_REQ_DELEGATE),
    (Flags::MUTUAL, ISC_REQ_MUTUAL_AUTH, ASC_REQ_MUTUAL_AUTH),
    (
        Flags::REPLAY_DETECT,
        ISC_REQ_REPLAY_DETECT,
        ASC_REQ_REPLAY_DETECT,
    ),
    (
        Flags::SEQUENCE_DETECT,
        ISC_REQ_SEQUENCE_DETECT,
        ASC_REQ_SEQUENCE_DETECT,
    ),
    (
        Flags::CONFIDENTIALITY,
        ISC_REQ_CONFIDENTIALITY,
        ASC_REQ_CONFIDENTIALITY,
    ),
    (
        Flags::USE_SESSION_KEY,
        ISC_REQ_USE_SESSION_KEY,
        ASC_REQ_USE_SESSION_KEY,
    ),
    (
        Flags::DCE_STYLE,
        ISC_REQ_USE_DCE_STYLE,
        ASC_REQ_USE_DCE_STYLE,
    ),
    (Flags::DATAGRAM, ISC_REQ_DATAGRAM, ASC_REQ_DATAGRAM),
    (Flags::CONNECTION, ISC_REQ_CONNECTION, ASC_REQ_CONNECTION),
    (
        Flags::EXTENDED_ERROR,
        ISC_REQ_EXTENDED_ERROR,
        ASC_REQ_EXTENDED_ERROR,
    ),
    (Flags::INTEGRITY, ISC_REQ_INTEGRITY, ASC_REQ_INTEGRITY),
    (Flags::IDENTIFY, ISC_REQ_IDENTIFY, ASC_REQ_IDENTIFY),
    (
        Flags::NULL_SESSION,
        ISC_REQ_NULL_SESSION,
        ASC_REQ_ALLOW_NULL_SESSION,
    ),
];

/// The core flags an ISC_REQ_* mask asks for.
pub fn from_isc_req(req: u32) -> Flags {
    let mut f = Flags::NONE;
    for &(flag, isc, _) in MAP {
        if req & isc != 0 {
            f |= flag;
        }
    }
    f
}

/// The core flags an ASC_REQ_* mask asks for.
pub fn from_asc_req(req: u32) -> Flags {
    let mut f = Flags::NONE;
    for &(flag, _, asc) in MAP {
        if req & asc != 0 {
            f |= flag;
        }
    }
    f
}

/// Granted core flags as ISC_RET_* (initiator) or ASC_RET_* (acceptor)
/// bits. An anonymous context reports the NULL_SESSION bit.
pub fn to_ret(granted: Flags, initiator: bool) -> u32 {
    let mut r = 0;
    for &(flag, isc, asc) in MAP {
        if granted.contains(flag) {
            r |= if initiator { isc } else { asc };
        }
    }
    if granted.contains(Flags::ANONYMOUS) {
        r |= if initiator {
            ISC_RET_NULL_SESSION
        } else {
            ASC_RET_NULL_SESSION
        };
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn ret_bits_follow_the_side() {
        let g = Flags::INTEGRITY | Flags::CONFIDENTIALITY | Flags::CONNECTION;
        assert_eq!(
            to_ret(g, true),
            ISC_RET_INTEGRITY | ISC_RET_CONFIDENTIALITY | ISC_RET_CONNECTION
        );
        assert_eq!(
            to_ret(g, false),
            ASC_RET_INTEGRITY | ASC_RET_CONFIDENTIALITY | ASC_RET_CONNECTION
        );
        assert_eq!(
            from_isc_req(ISC_REQ_INTEGRITY | ISC_REQ_ALLOCATE_MEMORY),
            Flags::INTEGRITY
        );
        assert_eq!(from_asc_req(ASC_REQ_INTEGRITY), Flags::INTEGRITY);
    }
}
