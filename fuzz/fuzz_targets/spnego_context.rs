//! The Negotiate (SPNEGO) state machines over NTLM fed hostile tokens:
//! the first byte picks the acceptor (even) or the initiator (odd); the
//! rest is the peer's tokens split at `SEP`. The initiator makes its own
//! first token before reading any; once a context is established the
//! remaining parts are opened as wrap tokens.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sspi::core::context::StepInput;
use sspi::core::credential::CredUse;
use sspi::core::flags::Flags;

fuzz_target!(|data: &[u8]| {
    fuzzkit::init();
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let neg = fuzzkit::package("negotiate");
    let req = Flags(Flags::INTEGRITY.0 | Flags::CONFIDENTIALITY.0 | Flags::MUTUAL.0);
    let mut ctx = if mode & 1 == 0 {
        neg.acceptor(fuzzkit::spnego_cred(CredUse::Inbound), Flags::NONE)
            .unwrap()
    } else {
        let mut c = neg
            .initiator(
                fuzzkit::spnego_cred(CredUse::Outbound),
                Some("HTTP/server.test.sspi"),
                req,
            )
            .unwrap();
        c.step(&StepInput::default()).unwrap();
        c
    };
    for p in fuzzkit::split(rest) {
        if ctx.is_complete() {
            let _ = ctx.unwrap_token(p);
            continue;
        }
        match ctx.step(&StepInput {
            token: p,
            bindings: None,
        }) {
            Ok(out) => {
                if out.complete {
                    assert!(ctx.is_complete());
                    let _ = (ctx.client_name(), ctx.flags(), ctx.sizes(), ctx.package());
                }
            }
            Err(_) => break,
        }
    }
});
