//! The KDC client against a real MIT KDC on loopback (ffi-tests/lib/krb5-realm.sh).
//! One #[test] runs every check in order: the realm, KRB5_CONFIG and the
//! caches are process-wide. Skipped (with the reason printed) only when
//! MIT's krb5kdc is not installed.
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sspi::core::Error;
use sspi::crypto::{self, Enctype};
use sspi::krb5::ccache::{self, CcacheLocation};
use sspi::krb5::client::{self, AsOptions, KdcClient, TgsOptions};
use sspi::krb5::config::Krb5Config;
use sspi::krb5::errors::*;
use sspi::krb5::keytab::Keytab;
use sspi::krb5::{asn1, Principal};

const REALM: &str = "TEST.SSPI";

/// The running realm; Drop stops the KDC and removes the directory.
struct Realm {
    dir: PathBuf,
    pid: i32,
    conf: PathBuf,
}

impl Drop for Realm {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.pid.to_string()).status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn start_realm() -> Option<Realm> {
    if !Path::new("/usr/sbin/krb5kdc").exists() && which("krb5kdc").is_none() {
        eprintln!("skipped: MIT krb5kdc is not installed (apt-get install krb5-kdc krb5-admin-server krb5-user)");
        return None;
    }
    let script = r#"
set -e
KRB5_REALM_NO_TRAP=1 KRB5_REALM_KEEP=1
export KRB5_REALM_NO_TRAP KRB5_REALM_KEEP
. ffi-tests/lib/krb5-realm.sh
krb5_realm_start TEST.SSPI >&2
echo "DIR=$KRB5_REALM_DIR"
echo "PID=$KRB5_KDC_PID"
echo "CONF=$KRB5_CONFIG"
krb5_addprinc_opts "+requires_preauth -e aes256-cts-hmac-sha1-96:normal" alice pw-alice
krb5_addprinc_opts "+requires_preauth -e aes128-cts-hmac-sha1-96:normal" bob pw-bob
krb5_addprinc_opts "+requires_preauth -e aes256-cts-hmac-sha384-192:normal" carol pw-carol
krb5_addprinc_opts "-e aes128-cts-hmac-sha256-128:normal" dave pw-dave
krb5_addprinc_opts "+requires_preauth -e arcfour-hmac:normal" rita pw-rita
krb5_addprinc_opts "-e aes256-cts-hmac-sha1-96:normal" host/localhost
krb5_ktadd "$KRB5_REALM_DIR/host.keytab" host/localhost
krb5_ktadd "$KRB5_REALM_DIR/alice.keytab" alice
krb5_kinit alice pw-alice "FILE:$KRB5_REALM_DIR/kinit.cc"
"#;
    let out = Command::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("bash");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let get = |k: &str| {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{k}=")))
            .map(str::to_string)
    };
    // Stop what was started even when a later step failed.
    let realm = match (get("DIR"), get("PID"), get("CONF")) {
        (Some(d), Some(p), Some(c)) => Realm {
            dir: d.into(),
            pid: p.parse().expect("pid"),
            conf: c.into(),
        },
        _ => panic!(
            "realm did not start:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        ),
    };
    assert!(
        out.status.success(),
        "realm setup failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(realm)
}

fn which(tool: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join(tool))
            .find(|f| f.exists())
    })
}

fn p(name: &str) -> Principal {
    Principal::parse(name, Some(REALM)).unwrap()
}

fn code_of(r: Result<ccache::Credential, Error>) -> (i32, String) {
    match r {
        Err(Error::Kerberos { code, message }) => (code, message),
        other => panic!("expected a Kerberos error, got {other:?}"),
    }
}

/// A krb5.conf like the realm's with `edit` applied to its text.
fn variant(realm: &Realm, name: &str, edit: impl Fn(String) -> String) -> KdcClient {
    let text = std::fs::read_to_string(&realm.conf).unwrap();
    let path = realm.dir.join(name);
    std::fs::write(&path, edit(text)).unwrap();
    KdcClient::new(Krb5Config::load_from(vec![path]).unwrap())
}

/// Decrypts a service ticket with the service's keytab and returns the
/// session key inside: proves the KDC issued it for that service and
/// that the credential carries the same key.
fn ticket_session_key(cred: &ccache::Credential, keytab: &Keytab) -> Vec<u8> {
    let ticket: picky_krb::data_types::Ticket = asn1::decode(&cred.ticket, "Ticket").unwrap();
    let enc = &ticket.0.enc_part.0;
    let etype = asn1::int_value(&enc.etype.0).unwrap() as i32;
    let entry = keytab
        .find(&cred.server, None, Some(etype))
        .expect("service key");
    let plain = asn1::unseal(&entry.key().unwrap(), crypto::usage::KDC_REP_TICKET, enc).unwrap();
    let part: picky_krb::data_types::EncTicketPart = asn1::decode(&plain, "EncTicketPart").unwrap();
    let (_, key) = asn1::key_parts(&part.0.key.0).unwrap();
    key.to_vec()
}

#[test]
fn kdc_client_against_mit_kdc() {
    let Some(realm) = start_realm() else { return };
    let kdc = KdcClient::new(Krb5Config::load_from(vec![realm.conf.clone()]).unwrap());
    let opts = AsOptions::default();
    let host = client::server_principal("host/localhost", REALM).unwrap();
    let host_kt = Keytab::read(&realm.dir.join("host.keytab")).unwrap();

    // TGTs with a password for each AES enctype (preauth with
    // ETYPE-INFO2 salt and s2kparams), and without preauth (dave).
    // Each principal has only a key of that enctype: success proves the
    // string-to-key and the reply decryption for it.
    for (user, pw, _only_key) in [
        ("alice", "pw-alice", Enctype::Aes256CtsHmacSha196),
        ("bob", "pw-bob", Enctype::Aes128CtsHmacSha196),
        ("carol", "pw-carol", Enctype::Aes256CtsHmacSha384192),
        ("dave", "pw-dave", Enctype::Aes128CtsHmacSha256128),
    ] {
        let tgt = kdc
            .initial_creds_password(&p(user), pw, &opts)
            .unwrap_or_else(|e| panic!("{user}: {e}"));
        assert_eq!(tgt.server, p(&format!("krbtgt/{REALM}")), "{user}");
        assert!(tgt.client.matches(&p(user)));
        assert!(tgt.endtime > tgt.authtime);
        assert!(tgt.ticket_flags & ccache::flags::INITIAL != 0);
        assert!(tgt.ticket_flags & ccache::flags::FORWARDABLE != 0);
        assert!(tgt.session_key().is_some());
        // The KDC chose the principal's only long-term enctype for the reply.
        let st = kdc
            .service_ticket(&tgt, &host, &TgsOptions::default())
            .unwrap_or_else(|e| panic!("{user} service ticket: {e}"));
        assert_eq!(ticket_session_key(&st, &host_kt), *st.key, "{user}");
    }

    // Wrong password: with required preauth the KDC refuses the timestamp;
    // without, the reply does not decrypt.
    let (code, msg) = code_of(kdc.initial_creds_password(&p("alice"), "wrong", &opts));
    assert_eq!(code, KRB5KDC_ERR_PREAUTH_FAILED, "{msg}");
    assert!(msg.starts_with("Preauthentication failed"), "{msg}");
    let (code, _) = code_of(kdc.initial_creds_password(&p("dave"), "wrong", &opts));
    assert_eq!(code, KRB5KRB_AP_ERR_BAD_INTEGRITY);

    // Unknown client.
    let (code, msg) = code_of(kdc.initial_creds_password(&p("nobody"), "x", &opts));
    assert_eq!(code, KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN, "{msg}");
    assert!(
        msg.starts_with("Client not found in Kerberos database"),
        "{msg}"
    );

    // Service ticket and an unknown service.
    let tgt = kdc
        .initial_creds_password(&p("alice"), "pw-alice", &opts)
        .unwrap();
    assert_eq!(tgt.key_enctype, Enctype::Aes256CtsHmacSha196.id());
    let st = kdc
        .service_ticket(&tgt, &host, &TgsOptions::default())
        .unwrap();
    assert_eq!(st.server, host);
    assert_eq!(st.server.name_type, 2);
    assert!(st.ticket_flags & ccache::flags::FORWARDABLE != 0);
    let nohost = client::server_principal("host/nowhere.invalid", REALM).unwrap();
    let (code, msg) = code_of(kdc.service_ticket(&tgt, &nohost, &TgsOptions::default()));
    assert_eq!(code, KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN, "{msg}");
    assert!(
        msg.starts_with("Server not found in Kerberos database"),
        "{msg}"
    );

    // A forwarded TGT for delegation.
    let fwd = kdc.forwarded_tgt(&tgt).unwrap();
    assert!(fwd.ticket_flags & ccache::flags::FORWARDED != 0);
    assert_eq!(fwd.server, tgt.server);
    // ... carried in a KRB-CRED sealed under a service session key, and
    // usable by the receiver against the KDC.
    let sk = st.session_key().unwrap();
    let krb_cred =
        sspi::krb5::cred::encode_krb_cred(std::slice::from_ref(&fwd), Some(&sk)).unwrap();
    let got = sspi::krb5::cred::decode_krb_cred(&krb_cred, &[&sk]).unwrap();
    assert_eq!(got, vec![fwd.clone()]);
    let via_fwd = kdc
        .service_ticket(&got[0], &host, &TgsOptions::default())
        .unwrap();
    assert_eq!(ticket_session_key(&via_fwd, &host_kt), *via_fwd.key);

    // Client keytab.
    let alice_kt = Keytab::read(&realm.dir.join("alice.keytab")).unwrap();
    let kt_tgt = kdc
        .initial_creds_keytab(&p("alice"), &alice_kt, &opts)
        .unwrap();
    assert_eq!(kt_tgt.server, tgt.server);
    std::env::set_var("KRB5_CLIENT_KTNAME", realm.dir.join("alice.keytab"));
    let env_kt_tgt = kdc.initial_creds_client_keytab(&p("alice"), &opts).unwrap();
    assert_eq!(env_kt_tgt.server, tgt.server);
    let (code, _) = code_of(kdc.initial_creds_client_keytab(&p("bob"), &opts));
    assert_eq!(code, KRB5_KT_NOTFOUND);
    std::env::set_var("KRB5_CLIENT_KTNAME", realm.dir.join("missing.keytab"));
    let (code, msg) = code_of(kdc.initial_creds_client_keytab(&p("alice"), &opts));
    assert_eq!(code, KRB5_KT_NOTFOUND, "{msg}");
    std::env::remove_var("KRB5_CLIENT_KTNAME");

    // RC4: allowed by the realm's krb5.conf; refused when the client
    // configuration does not allow it (the only key is RC4).
    let rc4 = kdc
        .initial_creds_password(&p("rita"), "pw-rita", &opts)
        .unwrap();
    // (the session key is the KDC's choice: AES; the reply was RC4-sealed)
    assert!(rc4.session_key().is_some());
    let rc4_st = kdc
        .service_ticket(&rc4, &host, &TgsOptions::default())
        .unwrap();
    assert_eq!(ticket_session_key(&rc4_st, &host_kt), *rc4_st.key);
    let strict = variant(&realm, "strict.conf", |t| {
        t.replace("allow_weak_crypto = true", "allow_weak_crypto = false")
            .replace("allow_rc4 = true", "allow_rc4 = false")
    });
    let (code, msg) = code_of(strict.initial_creds_password(&p("rita"), "pw-rita", &opts));
    assert_eq!(code, KRB5KDC_ERR_ETYPE_NOSUPP, "{msg}");

    // Clock skew: with our clock an hour behind, the KDC answers
    // KRB_AP_ERR_SKEW with its time; one retry with that offset works,
    // for the preauth timestamp and for the TGS authenticator.
    client::set_kdc_time_offset(REALM, Some((-3600, 0)));
    let skewed = kdc
        .initial_creds_password(&p("alice"), "pw-alice", &opts)
        .unwrap();
    let (off, _) = client::kdc_time_offset(REALM).unwrap();
    assert!(off.abs() < 60, "offset after the retry: {off}");
    client::set_kdc_time_offset(REALM, Some((-3600, 0)));
    kdc.service_ticket(&skewed, &host, &TgsOptions::default())
        .unwrap();
    let (off, _) = client::kdc_time_offset(REALM).unwrap();
    assert!(off.abs() < 60, "offset after the TGS retry: {off}");
    client::set_kdc_time_offset(REALM, None);

    // Over TCP only (every request is over udp_preference_limit).
    let tcp_only = variant(&realm, "tcp.conf", |t| {
        t.replace(
            "[libdefaults]\n",
            "[libdefaults]\n    udp_preference_limit = 1\n",
        )
    });
    let tcp_tgt = tcp_only
        .initial_creds_password(&p("bob"), "pw-bob", &opts)
        .unwrap();
    tcp_only
        .service_ticket(&tcp_tgt, &host, &TgsOptions::default())
        .unwrap();

    // KDC down: nothing listens on the port.
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let port = std::fs::read_to_string(&realm.conf)
        .unwrap()
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("kdc = 127.0.0.1:")
                .map(str::to_string)
        })
        .unwrap();
    let down = variant(&realm, "down.conf", |t| {
        t.replace(&format!("127.0.0.1:{port}"), &format!("127.0.0.1:{free}"))
    });
    let t = Instant::now();
    let (code, msg) = code_of(down.initial_creds_password(&p("alice"), "pw-alice", &opts));
    assert_eq!(code, KRB5_KDC_UNREACH);
    assert!(msg.contains("TEST.SSPI"), "{msg}");
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());

    // TGT and service ticket in a FILE cache that MIT's klist lists.
    let cc_path = realm.dir.join("ours.cc");
    let loc = CcacheLocation::File(cc_path.clone());
    client::store_new(&loc, &tgt).unwrap();
    ccache::store(&loc, &st).unwrap();
    let klist = Command::new("klist")
        .arg("-c")
        .arg(format!("FILE:{}", cc_path.display()))
        .env("KRB5_CONFIG", &realm.conf)
        .output()
        .expect("klist");
    let listed = String::from_utf8_lossy(&klist.stdout);
    assert!(klist.status.success(), "{listed}");
    assert!(
        listed.contains("Default principal: alice@TEST.SSPI"),
        "{listed}"
    );
    assert!(listed.contains("krbtgt/TEST.SSPI@TEST.SSPI"), "{listed}");
    assert!(listed.contains("host/localhost@TEST.SSPI"), "{listed}");
    // And MIT's kvno uses our TGT from that cache.
    let kvno = Command::new("kvno")
        .arg("-c")
        .arg(format!("FILE:{}", cc_path.display()))
        .arg("host/localhost")
        .env("KRB5_CONFIG", &realm.conf)
        .output()
        .expect("kvno");
    assert!(
        kvno.status.success(),
        "{}",
        String::from_utf8_lossy(&kvno.stderr)
    );

    // A cache made by MIT's kinit: its TGT gets us a service ticket.
    let kinit_cc = CcacheLocation::File(realm.dir.join("kinit.cc"));
    assert_eq!(client::ccache_principal(&kinit_cc).unwrap(), p("alice"));
    let mit_tgt = client::get_tgt_from_ccache(&kinit_cc, None).unwrap();
    let st2 = kdc
        .service_ticket(&mit_tgt, &host, &TgsOptions::default())
        .unwrap();
    assert_eq!(ticket_session_key(&st2, &host_kt), *st2.key);
    let cached = kdc
        .get_credentials(&kinit_cc, &host, &TgsOptions::default())
        .unwrap();
    let again = kdc
        .get_credentials(&kinit_cc, &host, &TgsOptions::default())
        .unwrap();
    assert_eq!(
        cached.ticket, again.ticket,
        "second call served from the cache"
    );
    let (code, _) = code_of(client::get_tgt_from_ccache(
        &CcacheLocation::File(realm.dir.join("missing.cc")),
        None,
    ));
    assert_eq!(code, KRB5_FCC_NOFILE);

    // The free functions read KRB5_CONFIG per call.
    std::env::set_var("KRB5_CONFIG", &realm.conf);
    let env_tgt = client::initial_creds_password(&p("bob"), "pw-bob").unwrap();
    client::service_ticket(&env_tgt, &host, &TgsOptions::default()).unwrap();

    // Timing: TGT (two AS round trips with preauth) + service ticket.
    let n = 20;
    let t = Instant::now();
    for _ in 0..n {
        let tgt = kdc
            .initial_creds_password(&p("alice"), "pw-alice", &opts)
            .unwrap();
        kdc.service_ticket(&tgt, &host, &TgsOptions::default())
            .unwrap();
    }
    let per = t.elapsed().as_secs_f64() * 1000.0 / n as f64;
    let t = Instant::now();
    for _ in 0..n {
        kdc.service_ticket(&tgt, &host, &TgsOptions::default())
            .unwrap();
    }
    let tgs = t.elapsed().as_secs_f64() * 1000.0 / n as f64;
    eprintln!("timing: TGT (aes256, preauth, 4096 PBKDF2 iterations) + service ticket: {per:.2} ms; service ticket alone: {tgs:.2} ms");
    let _ = Arc::clone(&kdc.config);
}
