//! The Kerberos acceptor (RFC 4120 3.2.3, RFC 4121 4.1) fed hostile
//! AP-REQ tokens, with the service keytab of the fixtures. The clock skew
//! allowed is wide enough that the recorded seeds stay current, so the
//! fuzzer gets past the time checks to the checksum, channel bindings,
//! delegation and AP-REP paths. The first byte picks whether channel
//! bindings are expected (bit 0) and which acceptor name is required
//! (bit 1: the service's own, else any).
#![no_main]
use libfuzzer_sys::fuzz_target;
use sspi::core::bindings::ChannelBindings;
use sspi::packages::kerberos::acceptor::{accept, Params};
use sspi::packages::kerberos::{OID_KRB5, OID_MS_KRB5};

fuzz_target!(|data: &[u8]| {
    fuzzkit::init();
    let Some((&mode, tok)) = data.split_first() else {
        return;
    };
    let cb = ChannelBindings::application(b"tls-server-end-point:fuzz");
    let service = fuzzkit::principal(fuzzkit::SERVICE);
    let p = Params {
        mech_ok: &|m: &[u8]| m == OID_KRB5 || m == OID_MS_KRB5,
        reply_mech: OID_KRB5,
        keytab: fuzzkit::service_keytab(),
        keytab_name: "FILE:fixtures/service.keytab",
        acceptor: (mode & 2 != 0).then_some(&service),
        bindings: (mode & 1 != 0).then_some(&cb),
        // About 100 years: recorded tickets and authenticators stay valid.
        skew: 100 * 366 * 86_400,
        // No replay cache: every input is a fresh authenticator.
        rcache: &sspi::packages::kerberos::replay::Cache::None,
    };
    if let Ok(a) = accept(&p, tok) {
        assert!(a.server.matches(&service) || mode & 2 == 0);
        if let Some(r) = &a.reply {
            assert!(!r.is_empty());
        }
    }
});
