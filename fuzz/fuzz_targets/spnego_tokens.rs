//! SPNEGO NegTokenInit / NegTokenInit2 / NegTokenResp decoding (RFC 4178,
//! [MS-SPNG]): never a panic, and a decoded token re-encodes to one that
//! decodes to the same fields.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sspi::packages::negotiate::tokens::{decode, framed_mech, NegToken};

fuzz_target!(|data: &[u8]| {
    let _ = framed_mech(data);
    match decode(data) {
        Ok(NegToken::Init(mut i)) => {
            let again = decode(&i.encode()).expect("re-encoded NegTokenInit decodes");
            i.hint_name = None;
            assert_eq!(again, NegToken::Init(i.clone()));
            let _ = decode(&i.encode_init2()).expect("NegTokenInit2 decodes");
        }
        Ok(NegToken::Resp(r)) => {
            let again = decode(&r.encode()).expect("re-encoded NegTokenResp decodes");
            assert_eq!(again, NegToken::Resp(r));
        }
        Err(_) => {}
    }
});
