//! NTLM NEGOTIATE / CHALLENGE / AUTHENTICATE decoding and AV_PAIR lists
//! ([MS-NLMP] 2.2): never a panic, and what decodes re-encodes to the same
//! fields.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sspi::packages::ntlm::messages::*;

fuzz_target!(|data: &[u8]| {
    if let Ok(n) = Negotiate::decode(data) {
        assert_eq!(Negotiate::decode(&n.encode()).unwrap().flags, n.flags);
    }
    if let Ok(c) = Challenge::decode(data) {
        if let Ok(av) = AvPairs::parse(c.target_info) {
            let _ = (av.flags(), av.timestamp());
            for (_, v) in &av.pairs {
                let _ = from_utf16le(v, "AV value");
            }
        }
        let _ = from_utf16le(c.target_name, "target name");
        let again = c.encode();
        let d = Challenge::decode(&again).expect("re-encoded CHALLENGE decodes");
        assert_eq!(
            (d.flags, d.target_name, d.server_challenge, d.target_info),
            (c.flags, c.target_name, c.server_challenge, c.target_info)
        );
    }
    if let Ok(a) = Authenticate::decode(data) {
        let _ = from_utf16le(a.user, "user");
        let _ = from_utf16le(a.domain, "domain");
        let again = a.encode();
        let d = Authenticate::decode(&again).expect("re-encoded AUTHENTICATE decodes");
        assert_eq!(
            (d.lm_response, d.nt_response, d.domain, d.user),
            (a.lm_response, a.nt_response, a.domain, a.user)
        );
        assert_eq!(
            (d.workstation, d.encrypted_session_key, d.flags),
            (a.workstation, a.encrypted_session_key, a.flags)
        );
    }
    let _ = AvPairs::parse(data);
});
