//! MIT FILE credential cache parsing (versions 3 and 4): never a panic,
//! and a parsed cache written back (version 4) parses to the same cache.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sspi::krb5::ccache::Ccache;

fuzz_target!(|data: &[u8]| {
    let Ok(cc) = Ccache::parse(data, None) else {
        return;
    };
    for c in &cc.credentials {
        let _ = (c.session_key(), c.config_entry(), c.is_config());
    }
    let _ = cc.find(&cc.principal);
    let _ = cc.config("pa_type", Some(&cc.principal));
    let again = Ccache::parse(&cc.to_bytes(), None).expect("a written cache parses");
    assert!(again == cc, "ccache round trip changed the cache");
});
