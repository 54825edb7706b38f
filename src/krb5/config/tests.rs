use super::*;

const SAMPLE: &str = r#"
# A comment
; another comment
[libdefaults]
    default_realm = EXAMPLE.COM
    dns_lookup_kdc = false
    rdns = no
    dns_canonicalize_hostname = fallback
    udp_preference_limit = 1
    clockskew = 5m
    ticket_lifetime = 10h
    renew_lifetime = 7d
    forwardable = true
    default_ccache_name = FILE:/tmp/krb5cc_%{uid}
    permitted_enctypes = aes256-cts aes128-cts-hmac-sha1-96 rc4-hmac
    default_tkt_enctypes = DEFAULT -rc4-hmac
    allow_weak_crypto = true
    OTHER.ORG = {
        forwardable = false
    }

[realms]
    EXAMPLE.COM = {
        kdc = kdc1.example.com:88
        kdc = kdc2.example.com
        admin_server = kadmin.example.com
        v4_name_convert = {
            host = {
                rcmd = host
            }
        }
    }
    OTHER.ORG = {
        kdc = 127.0.0.1:10088, [::1]:10088
    }

[domain_realm]
    .example.com = EXAMPLE.COM
    example.com = EXAMPLE.COM
    special.example.com = OTHER.ORG
    .other.org = OTHER.ORG
"#;

fn sample() -> Krb5Config {
    Krb5Config::parse_str(SAMPLE, Path::new("/etc/krb5.conf")).unwrap()
}

#[test]
fn lookups() {
    let c = sample();
    assert_eq!(c.default_realm().as_deref(), Some("EXAMPLE.COM"));
    assert_eq!(
        c.kdcs("EXAMPLE.COM"),
        ["kdc1.example.com:88", "kdc2.example.com"]
    );
    assert_eq!(c.kdcs("OTHER.ORG"), ["127.0.0.1:10088", "[::1]:10088"]);
    assert_eq!(c.admin_servers("EXAMPLE.COM"), ["kadmin.example.com"]);
    assert!(c.kdcs("NOPE").is_empty());
    assert_eq!(
        c.string(&["realms", "EXAMPLE.COM", "v4_name_convert", "host", "rcmd"])
            .as_deref(),
        Some("host")
    );
    assert_eq!(
        c.subsection_names(&["realms"]),
        ["EXAMPLE.COM", "OTHER.ORG"]
    );
    assert_eq!(
        c.location(&["libdefaults", "rdns"]),
        Some((PathBuf::from("/etc/krb5.conf"), 7))
    );
}

#[test]
fn domain_realm() {
    let c = sample();
    assert_eq!(
        c.realm_for_host("www.example.com").as_deref(),
        Some("EXAMPLE.COM")
    );
    assert_eq!(
        c.realm_for_host("a.b.example.com").as_deref(),
        Some("EXAMPLE.COM")
    );
    assert_eq!(
        c.realm_for_host("EXAMPLE.COM").as_deref(),
        Some("EXAMPLE.COM")
    );
    assert_eq!(
        c.realm_for_host("special.example.com").as_deref(),
        Some("OTHER.ORG")
    );
    assert_eq!(
        c.realm_for_host("x.other.org.").as_deref(),
        Some("OTHER.ORG")
    );
    assert_eq!(c.realm_for_host("other.org"), None);
    assert_eq!(c.realm_for_host("unknown.net"), None);
}

#[test]
fn libdefaults() {
    let c = sample();
    let d = c.libdefaults(None).unwrap();
    assert_eq!(d.default_realm.as_deref(), Some("EXAMPLE.COM"));
    assert!(!d.dns_lookup_kdc);
    assert!(!d.rdns);
    assert_eq!(d.dns_canonicalize_hostname, Canonicalize::Fallback);
    assert_eq!(d.udp_preference_limit, 1);
    assert_eq!(d.clockskew, 300);
    assert_eq!(d.ticket_lifetime, 36000);
    assert_eq!(d.renew_lifetime, 7 * 86400);
    assert!(d.forwardable);
    assert!(d.allow_weak_crypto);
    assert!(!d.allow_rc4);
    assert_eq!(
        d.default_ccache_name.as_deref(),
        Some("FILE:/tmp/krb5cc_%{uid}")
    );
    assert_eq!(
        d.permitted_enctypes,
        [
            Enctype::Aes256CtsHmacSha196,
            Enctype::Aes128CtsHmacSha196,
            Enctype::Rc4Hmac
        ]
    );
    // DEFAULT here is the permitted list; rc4 removed.
    assert_eq!(
        d.default_tkt_enctypes,
        [Enctype::Aes256CtsHmacSha196, Enctype::Aes128CtsHmacSha196]
    );
    assert_eq!(d.default_tgs_enctypes, d.permitted_enctypes);
    // A realm's own [libdefaults] subsection wins.
    assert!(!c.libdefaults(Some("OTHER.ORG")).unwrap().forwardable);
    // Defaults with an empty file.
    let empty = Krb5Config::parse_str("", Path::new("/x"))
        .unwrap()
        .libdefaults(None)
        .unwrap();
    assert!(empty.dns_lookup_kdc && empty.rdns && !empty.forwardable);
    assert_eq!(
        (
            empty.clockskew,
            empty.ticket_lifetime,
            empty.udp_preference_limit
        ),
        (300, 86400, 1465)
    );
    assert_eq!(empty.permitted_enctypes, Enctype::ALL);
}

#[test]
fn durations() {
    for (s, v) in [
        ("3600", 3600),
        ("10h", 36000),
        ("1d", 86400),
        ("24:00:00", 86400),
        ("10:30", 37800),
        ("1d 2h 3m 4s", 93784),
        ("1d10h", 122400),
        ("10h 0m 0s", 36000),
        ("7d 0h 0m 0s", 604800),
        ("1d 2:00:00", 93600),
        ("-5m", -300),
    ] {
        assert_eq!(parse_duration(s), Some(v), "{s}");
    }
    for s in ["", "abc", "10x", "1:99", "h"] {
        assert_eq!(parse_duration(s), None, "{s}");
    }
    // Out of range is malformed, not an overflow (fuzz/krb5_config found
    // the clock form: `clockskew = 1111111111111111111:1111`).
    for s in [
        "1111111111111111111:1111",
        "1d 9223372036854775807:00",
        "--9223372036854775808",
        "9223372036854775807d",
        "2147483648",
        "-2147483649",
        "24856d",
    ] {
        assert_eq!(parse_duration(s), None, "{s}");
    }
    assert_eq!(parse_duration("2147483647"), Some(2147483647));
}

#[test]
fn enctype_lists() {
    use Enctype::*;
    assert_eq!(
        parse_enctype_list("aes", &[]),
        [
            Aes256CtsHmacSha196,
            Aes128CtsHmacSha196,
            Aes256CtsHmacSha384192,
            Aes128CtsHmacSha256128
        ]
    );
    assert_eq!(
        parse_enctype_list("DEFAULT -rc4-hmac", &Enctype::ALL),
        Enctype::ALL[..4]
    );
    assert_eq!(
        parse_enctype_list("arcfour-hmac,aes256-cts-hmac-sha1-96 des3-cbc-sha1", &[]),
        [Rc4Hmac, Aes256CtsHmacSha196]
    );
    assert_eq!(
        parse_enctype_list("aes-sha2 +rc4 -aes256-sha2", &[]),
        [Aes128CtsHmacSha256128, Rc4Hmac]
    );
}

#[test]
fn final_markers_and_multiple_files() {
    let dir = std::env::temp_dir().join(format!("sspi-conf-final-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let a = dir.join("a.conf");
    let b = dir.join("b.conf");
    std::fs::write(&a, "[libdefaults]\n default_realm = A.ORG\n[realms]\n A.ORG = {\n  kdc = a1\n }*\n B.ORG = {\n  kdc = b1\n }\n").unwrap();
    std::fs::write(&b, "[libdefaults]\n default_realm = B.ORG\n[realms]\n A.ORG = {\n  kdc = a2\n }\n B.ORG = {\n  kdc = b2\n }\n").unwrap();
    let c = Krb5Config::from_files(&[a.clone(), dir.join("missing.conf"), b.clone()]).unwrap();
    assert_eq!(c.default_realm().as_deref(), Some("A.ORG"));
    assert_eq!(
        c.kdcs("A.ORG"),
        ["a1"],
        "final: the later file adds nothing"
    );
    assert_eq!(c.kdcs("B.ORG"), ["b1", "b2"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn includes_and_cache() {
    let dir = std::env::temp_dir().join(format!("sspi-conf-incl-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("d")).unwrap();
    let main = dir.join("krb5.conf");
    std::fs::write(
        &main,
        format!(
            "include {}/inc.conf\nincludedir {}/d\n[libdefaults]\n default_realm = MAIN.ORG\n",
            dir.display(),
            dir.display()
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("inc.conf"),
        "[realms]\n INC.ORG = {\n kdc = inc\n }\n",
    )
    .unwrap();
    std::fs::write(dir.join("d/one"), "[realms]\n D1.ORG = {\n kdc = d1\n }\n").unwrap();
    std::fs::write(dir.join("d/skip.bak~"), "this is [not parsed\n").unwrap();
    std::fs::write(dir.join("d/.hidden"), "nor [this\n").unwrap();
    let c = Krb5Config::from_files(std::slice::from_ref(&main)).unwrap();
    assert_eq!(c.kdcs("INC.ORG"), ["inc"]);
    assert_eq!(c.kdcs("D1.ORG"), ["d1"]);
    assert_eq!(c.default_realm().as_deref(), Some("MAIN.ORG"));

    // load_from() (what load() does with KRB5_CONFIG's list) reuses the
    // parse until a file read changes. Tests leave KRB5_CONFIG alone: the
    // environment is shared by every test thread.
    let paths = vec![dir.join("nothing"), main.clone()];
    let first = Krb5Config::load_from(paths.clone()).unwrap();
    assert_eq!(first.default_realm().as_deref(), Some("MAIN.ORG"));
    assert!(
        Arc::ptr_eq(&first, &Krb5Config::load_from(paths.clone()).unwrap()),
        "cached"
    );
    std::fs::write(dir.join("d/two"), "[realms]\n D2.ORG = {\n kdc = d2\n }\n").unwrap();
    let third = Krb5Config::load_from(paths.clone()).unwrap();
    assert_eq!(
        third.kdcs("D2.ORG"),
        ["d2"],
        "a new includedir file is seen"
    );
    std::fs::write(&main, "[libdefaults]\n default_realm = CHANGED.ORG\n").unwrap();
    assert_eq!(
        Krb5Config::load_from(paths)
            .unwrap()
            .default_realm()
            .as_deref(),
        Some("CHANGED.ORG")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn errors_name_file_and_line() {
    let p = Path::new("/etc/bad.conf");
    let cases = [
        (
            "[libdefaults]\n  default_realm\n",
            2,
            "expected 'tag = value'",
        ),
        ("default_realm = X\n", 1, "before the first [section]"),
        ("[realms]\n R = {\n  kdc = a\n", 2, "never closed"),
        ("[realms]\n}\n", 2, "without a matching"),
        ("[realms\n", 1, "without ']'"),
        ("include relative.conf\n", 1, "absolute path"),
    ];
    for (text, line, msg) in cases {
        let err = Krb5Config::parse_str(text, p).unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.starts_with(&format!("/etc/bad.conf:{line}: ")),
            "{shown}"
        );
        assert!(shown.contains(msg), "{shown}");
    }
    let c = Krb5Config::parse_str("[libdefaults]\n\n forwardable = maybe\n", p).unwrap();
    let err = c.libdefaults(None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "/etc/bad.conf:3: libdefaults.forwardable = \"maybe\" is not a boolean"
    );
    // At the package boundary it is a "no credentials" error with the place.
    let core: crate::core::Error = err.into();
    assert!(matches!(core, crate::core::Error::NoCredentials(ref m) if m.contains("bad.conf:3")));
}

#[test]
fn quoted_values() {
    let c = Krb5Config::parse_str("[s]\n a = \"x y\\tz\"\n", Path::new("/q")).unwrap();
    assert_eq!(c.string(&["s", "a"]).as_deref(), Some("x y\tz"));
}

/// Debian's own /etc/krb5.conf (from krb5-config), when installed, parses.
#[test]
fn parses_system_krb5_conf_if_present() {
    let p = Path::new("/etc/krb5.conf");
    if p.exists() {
        let c = Krb5Config::from_files(&[p.to_path_buf()]).unwrap();
        c.libdefaults(None).unwrap();
    } else {
        println!("no /etc/krb5.conf: skipped");
    }
}
