//! The KDC client fed hostile replies: AS-REP and KRB-ERROR to an AS-REQ
//! (alice's key from the fixture keytab), or TGS-REP and KRB-ERROR to a
//! TGS-REQ (alice's fixture TGT). The first byte picks AS (even) or TGS
//! (odd); the rest, split at `SEP`, are the KDC's replies in turn (the
//! client retries after PREAUTH_REQUIRED and clock-skew errors). Replies
//! recorded from MIT's KDC decrypt with the fixtures, since a fuzzing
//! build sends a fixed nonce.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sspi::krb5::client::{AsOptions, KdcClient, TgsOptions};

fuzz_target!(|data: &[u8]| {
    fuzzkit::init();
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let replies: Vec<Vec<u8>> = fuzzkit::split(rest)
        .into_iter()
        .map(<[u8]>::to_vec)
        .collect();
    let client = KdcClient::new(fuzzkit::krb5_config());
    // The clock as when the seeds were recorded (a KDC time offset, as a
    // client learns one), so that recorded tickets have not yet expired.
    let now = sspi::packages::kerberos::asn1::now().0;
    let back = (fuzzkit::tgt().authtime as i64 - now) as i32;
    sspi::krb5::client::set_kdc_time_offset(fuzzkit::REALM, Some((back, 0)));
    sspi::fuzzing::replay_kdc(Some(replies));
    let got = if mode & 1 == 0 {
        client.initial_creds_keytab(
            &fuzzkit::principal(fuzzkit::CLIENT),
            fuzzkit::client_keytab(),
            &AsOptions::default(),
        )
    } else {
        client.service_ticket(
            fuzzkit::tgt(),
            &fuzzkit::principal(fuzzkit::SERVICE),
            &TgsOptions::default(),
        )
    };
    sspi::fuzzing::replay_kdc(Some(Vec::new()));
    if let Ok(c) = got {
        // A credential is only ever for what was asked.
        let want = if mode & 1 == 0 {
            format!("krbtgt/{0}@{0}", fuzzkit::REALM)
        } else {
            fuzzkit::SERVICE.to_string()
        };
        assert!(c.server.matches(&fuzzkit::principal(&want)), "{}", c.server);
        assert!(c.session_key().is_some());
    }
});
