//! krb5.conf (MIT profile syntax) parsing and the lookups the library
//! makes on the result; principal name parsing on the values.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sspi::crypto::Enctype;
use sspi::krb5::config::{parse_bool, parse_duration, parse_enctype_list, Krb5Config};
use sspi::krb5::Principal;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(cfg) = Krb5Config::parse_str(text, Path::new("fuzz.conf")) else {
        return;
    };
    let realm = cfg.default_realm();
    let _ = cfg.libdefaults(None);
    let r = realm.as_deref().unwrap_or("TEST.SSPI");
    let _ = cfg.libdefaults(Some(r));
    let _ = (cfg.kdcs(r), cfg.admin_servers(r), cfg.master_kdcs(r));
    let _ = cfg.realm_for_host("host.sub.test.sspi");
    let _ = cfg.realm_for_host("localhost");
    for name in cfg.subsection_names(&["realms"]) {
        let _ = (cfg.kdcs(&name), cfg.realm_list(&name, "auth_to_local"));
    }
    for tag in [
        "ticket_lifetime",
        "clockskew",
        "default_tkt_enctypes",
        "forwardable",
    ] {
        for v in cfg.values(&["libdefaults", tag]) {
            let _ = (parse_bool(&v), parse_duration(&v));
            let _ = parse_enctype_list(&v, &Enctype::ALL);
        }
        let _ = cfg.location(&["libdefaults", tag]);
    }
    if let Some(line) = text.lines().next() {
        if let Ok(p) = Principal::parse(line, realm.as_deref()) {
            let again = Principal::parse(&p.to_string(), None)
                .unwrap_or_else(|e| panic!("{p:?} unparsed as {p} does not parse: {e}"));
            assert!(again.matches(&p), "{p:?} -> {again:?}");
        }
    }
});
