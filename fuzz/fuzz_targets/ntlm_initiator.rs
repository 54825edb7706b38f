//! The NTLM initiator fed a hostile CHALLENGE (after its own NEGOTIATE),
//! then, once established, wrap tokens to open. Parts split at `SEP`.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sspi::core::context::StepInput;
use sspi::core::credential::CredUse;
use sspi::core::flags::Flags;

fuzz_target!(|data: &[u8]| {
    fuzzkit::init();
    let parts = fuzzkit::split(data);
    let ntlm = fuzzkit::package("ntlm");
    let req = Flags(
        Flags::INTEGRITY.0
            | Flags::CONFIDENTIALITY.0
            | Flags::REPLAY_DETECT.0
            | Flags::SEQUENCE_DETECT.0,
    );
    let mut ctx = ntlm
        .initiator(
            fuzzkit::ntlm_cred(CredUse::Outbound),
            Some("HTTP/server.test.sspi"),
            req,
        )
        .unwrap();
    ctx.step(&StepInput::default()).unwrap();
    for p in parts {
        if ctx.is_complete() {
            let _ = ctx.unwrap_token(p);
            continue;
        }
        match ctx.step(&StepInput {
            token: p,
            bindings: None,
        }) {
            Ok(out) => {
                assert!(out.complete && ctx.is_complete());
                assert!(!out.token.is_empty());
                let _ = (ctx.flags(), ctx.sizes(), ctx.session_key());
            }
            Err(_) => break,
        }
    }
});
