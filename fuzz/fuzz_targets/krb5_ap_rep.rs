//! The Kerberos initiator's AP-REP check (RFC 4120 3.2.5) and KRB-ERROR
//! tokens from the acceptor, for an AP-REQ made with the fixture service
//! ticket at the seeds' fixed authenticator time.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sspi::packages::kerberos::initiator::{ap_rep, krb_error, Sent};
use sspi::packages::kerberos::{OID_KRB5, OID_MS_KRB5};

fuzz_target!(|data: &[u8]| {
    fuzzkit::init();
    let t = fuzzkit::service_ticket();
    let session_key = t.session_key().expect("fixture session key");
    let sent = Sent {
        token: Vec::new(),
        subkey: session_key.clone(),
        session_key,
        seq: 1,
        ctime: fuzzkit::AP_CTIME,
        cusec: fuzzkit::AP_CUSEC,
    };
    let _ = ap_rep(|m| m == OID_KRB5 || m == OID_MS_KRB5, data, &sent);
    let _ = krb_error(data);
    let _ = sspi::krb5::asn1::parse_krb_error(data).map(|e| e.to_error("fuzz"));
});
