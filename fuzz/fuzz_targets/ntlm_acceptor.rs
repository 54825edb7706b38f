//! The NTLM acceptor fed hostile messages: NEGOTIATE, then AUTHENTICATE,
//! then (once established) wrap tokens to open; an optional leading
//! SEC_CHANNEL_BINDINGS application blob. Parts are split at `SEP`:
//! `[bindings SEP] NEGOTIATE SEP AUTHENTICATE SEP token...` where the
//! first part is taken as bindings when it does not start "NTLMSSP".
#![no_main]
use libfuzzer_sys::fuzz_target;
use sspi::core::bindings::ChannelBindings;
use sspi::core::context::StepInput;
use sspi::core::credential::CredUse;
use sspi::core::flags::Flags;

fuzz_target!(|data: &[u8]| {
    fuzzkit::init();
    let mut parts = fuzzkit::split(data);
    let bindings = match parts.first() {
        Some(p) if parts.len() > 1 && !p.starts_with(b"NTLMSSP") => {
            let cb = ChannelBindings::application(p);
            parts.remove(0);
            Some(cb)
        }
        _ => None,
    };
    let ntlm = fuzzkit::package("ntlm");
    let mut ctx = ntlm
        .acceptor(fuzzkit::ntlm_cred(CredUse::Inbound), Flags::NONE)
        .unwrap();
    for p in parts {
        if ctx.is_complete() {
            if let Ok((msg, _)) = ctx.unwrap_token(p) {
                assert!(msg.len() <= p.len());
            }
            let mut sig = p.to_vec();
            let _ = ctx.verify(
                &mut [sspi::core::iov::IoBuf::new(
                    sspi::core::iov::IoKind::Header,
                    &mut sig,
                )],
                0,
            );
            continue;
        }
        let r = ctx.step(&StepInput {
            token: p,
            bindings: bindings.as_ref(),
        });
        match r {
            Ok(out) if out.complete => {
                assert!(ctx.is_complete());
                let _ = (
                    ctx.client_name(),
                    ctx.flags(),
                    ctx.sizes(),
                    ctx.session_key(),
                );
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
});
