//! MIT keytab parsing (0x501 and 0x502): never a panic, and a parsed
//! keytab written back (0x502) parses to the same entries.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sspi::krb5::keytab::Keytab;

fuzz_target!(|data: &[u8]| {
    let Ok(kt) = Keytab::parse(data, None) else {
        return;
    };
    for e in &kt.entries {
        let _ = e.key();
        let _ = kt.find(&e.principal, Some(e.kvno), Some(e.enctype));
        let _ = e.principal.to_string();
    }
    let again = Keytab::parse(&kt.to_bytes(), None).expect("a written keytab parses");
    assert!(again == kt, "keytab round trip changed the entries");
});
