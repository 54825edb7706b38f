use super::*;
use crate::krb5::principal::name_type;

/// `kinit -f alice` then `kvno HTTP/localhost` against a throw-away MIT
/// 1.20 KDC (realm TEST.SSPI; see testdata/README.md).
const MIT_CCACHE: &[u8] = include_bytes!("../testdata/alice.ccache");

fn tmpdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("sspi-cc-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn parses_mit_kinit_ccache() {
    let cc = Ccache::parse(MIT_CCACHE, None).unwrap();
    assert_eq!(cc.kdc_offset, Some((0, 0)));
    assert_eq!(cc.principal.to_string(), "alice@TEST.SSPI");
    assert_eq!(cc.principal.name_type, name_type::PRINCIPAL);
    assert_eq!(cc.credentials.len(), 3);
    // The configuration entry kinit writes, kept but not a ticket.
    let tgt_name = Principal::parse("krbtgt/TEST.SSPI@TEST.SSPI", None).unwrap();
    assert_eq!(cc.config("fast_avail", Some(&tgt_name)), Some(&b"yes"[..]));
    assert_eq!(cc.tickets().count(), 2);
    // As `klist -ef` printed: 11/23/26 18:03:33 .. 11/24/26 04:03:33,
    // renew until 11/24/26 18:03:33 (UTC), aes256-cts-hmac-sha1-96.
    let tgt = cc.find(&tgt_name).unwrap();
    let http = cc
        .find(&Principal::parse("HTTP/localhost@TEST.SSPI", None).unwrap())
        .unwrap();
    for c in [tgt, http] {
        assert_eq!(c.client, cc.principal);
        assert_eq!(c.starttime, 1795457013);
        assert_eq!(c.authtime, 1795457013);
        assert_eq!(c.endtime, 1795493013);
        assert_eq!(c.renew_till, 1795543413);
        assert_eq!(c.key_enctype, 18);
        assert_eq!(
            c.session_key().unwrap().enctype,
            Enctype::Aes256CtsHmacSha196
        );
        assert!(!c.is_skey);
        assert!(c.addresses.is_empty() && c.authdata.is_empty() && c.second_ticket.is_empty());
        assert_eq!(c.ticket[0], 0x61, "a DER [APPLICATION 1] Ticket");
    }
    // Flags FRI and FRT.
    assert_eq!(
        tgt.ticket_flags & (flags::FORWARDABLE | flags::RENEWABLE | flags::INITIAL),
        flags::FORWARDABLE | flags::RENEWABLE | flags::INITIAL
    );
    assert_eq!(http.ticket_flags & flags::INITIAL, 0);
    assert_ne!(http.ticket_flags & flags::TRANSIT_POLICY_CHECKED, 0);
    assert_eq!(tgt.server.name_type, name_type::SRV_INST);
    // Our writer gives back MIT's bytes exactly.
    assert_eq!(cc.to_bytes(), MIT_CCACHE);
}

#[test]
fn reads_version_3() {
    let cc = Ccache::parse(MIT_CCACHE, None).unwrap();
    let mut v3 = Vec::new();
    v3.put_u16(VERSION_3);
    write_principal(&mut v3, &cc.principal);
    for c in &cc.credentials {
        let mut one = Vec::new();
        write_credential(&mut one, c);
        // Version 3 stores the key's enctype twice: insert the copy.
        let mut at = 0;
        let mut r = Reader::new(&one, None);
        read_principal(&mut r).unwrap();
        read_principal(&mut r).unwrap();
        at += r.pos();
        let et = [one[at], one[at + 1]];
        one.splice(at + 2..at + 2, et);
        v3.extend_from_slice(&one);
    }
    let parsed = Ccache::parse(&v3, None).unwrap();
    assert_eq!(parsed.credentials, cc.credentials);
    assert_eq!(parsed.kdc_offset, None);
}

#[test]
fn errors_name_file_and_offset() {
    let err = Ccache::parse(&MIT_CCACHE[..300], Some(Path::new("/tmp/cc"))).unwrap_err();
    assert!(err.to_string().starts_with("/tmp/cc: byte "), "{err}");
    let err = Ccache::parse(&[5, 1, 0, 0], None).unwrap_err();
    assert!(err.to_string().contains("version"), "{err}");
}

#[test]
fn file_initialize_store_read_and_klist() {
    let dir = tmpdir("file");
    let path = dir.join("cc");
    let loc = resolve(&format!("FILE:{}", path.display())).unwrap();
    let mit = Ccache::parse(MIT_CCACHE, None).unwrap();
    initialize(&loc, &mit.principal).unwrap();
    for c in &mit.credentials {
        store(&loc, c).unwrap();
    }
    let back = read(&loc).unwrap();
    assert_eq!(back.credentials, mit.credentials);
    assert_eq!(back.principal, mit.principal);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );

    // MIT's klist must read what we wrote.
    match std::process::Command::new("klist")
        .arg("-c")
        .arg(format!("FILE:{}", path.display()))
        .output()
    {
        Ok(out) => {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "klist failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                text.contains("Default principal: alice@TEST.SSPI"),
                "{text}"
            );
            assert!(text.contains("krbtgt/TEST.SSPI@TEST.SSPI"), "{text}");
            assert!(text.contains("HTTP/localhost@TEST.SSPI"), "{text}");
        }
        Err(_) => {
            println!("klist not found: skipping the MIT interop check (apt-get install krb5-user)")
        }
    }
    destroy(&loc).unwrap();
    assert!(!path.exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn memory_caches() {
    let loc = resolve("MEMORY:unit-test").unwrap();
    assert!(read(&loc).is_err());
    let p = Principal::parse("bob@R", None).unwrap();
    initialize(&loc, &p).unwrap();
    let c = Credential::new_config(&p, "pa_type", None, b"2");
    store(&loc, &c).unwrap();
    let cc = read(&loc).unwrap();
    assert_eq!(cc.config("pa_type", None), Some(&b"2"[..]));
    assert_eq!(cc.tickets().count(), 0);
    destroy(&loc).unwrap();
    assert!(read(&loc).is_err());
}

#[test]
fn names_and_collections() {
    let (uid, _) = fsutil::uids();
    assert_eq!(
        resolve("FILE:/tmp/krb5cc_%{uid}").unwrap(),
        CcacheLocation::File(PathBuf::from(format!("/tmp/krb5cc_{uid}")))
    );
    assert_eq!(
        resolve("/tmp/plain").unwrap(),
        CcacheLocation::File(PathBuf::from("/tmp/plain"))
    );
    assert!(resolve("KEYRING:persistent:0").is_err());
    let dir = tmpdir("dir");
    let name = format!("DIR:{}", dir.display());
    assert_eq!(
        resolve(&name).unwrap(),
        CcacheLocation::File(dir.join("tkt"))
    );
    std::fs::write(dir.join("tktA"), b"").unwrap();
    std::fs::write(dir.join("tktB"), b"").unwrap();
    dir_set_primary(&dir, &dir.join("tktB")).unwrap();
    assert_eq!(
        resolve(&name).unwrap(),
        CcacheLocation::File(dir.join("tktB"))
    );
    assert_eq!(
        dir_list(&dir).unwrap(),
        vec![dir.join("tktB"), dir.join("tktA")]
    );
    assert_eq!(
        resolve(&format!("DIR::{}/tktA", dir.display())).unwrap(),
        CcacheLocation::File(dir.join("tktA"))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn default_override_is_per_thread_and_returns_the_old_one() {
    assert_eq!(set_default_override(Some("MEMORY:a".into())), None);
    assert_eq!(default_name(None), "MEMORY:a");
    assert_eq!(
        set_default_override(Some("FILE:/tmp/b".into())).as_deref(),
        Some("MEMORY:a")
    );
    std::thread::spawn(|| assert_eq!(default_override(), None))
        .join()
        .unwrap();
    assert_eq!(set_default_override(None).as_deref(), Some("FILE:/tmp/b"));
    assert_ne!(default_name(None), "FILE:/tmp/b");
}
