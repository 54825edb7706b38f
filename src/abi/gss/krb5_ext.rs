//! MIT's krb5-specific process settings: krb5_gss_register_acceptor_identity
//! (the acceptor keytab for the whole process) and gss_krb5_ccache_name (the
//! credential cache for this thread). They set the overrides in
//! `krb5::keytab` and `krb5::ccache` that every package reads through
//! `krb5::default_keytab` / `krb5::default_ccache`.
use std::cell::RefCell;
use std::ffi::{c_char, CString};

use super::ffi::{self, put};
use super::status::{minor, GssErr, GssResult};
use super::types::*;
use crate::abi::boundary::guard;
use crate::krb5::{ccache, config::Krb5Config, keytab};

/// `krb5_gss_register_acceptor_identity(keytab)` (MIT): acceptors in this
/// process use the keytab `keytab` (a name such as `FILE:/path` or a
/// path) instead of KRB5_KTNAME or krb5.conf's. NULL clears it. Nothing
/// is read until an acceptor needs the keytab. Thread-safe.
#[no_mangle]
pub extern "C" fn krb5_gss_register_acceptor_identity(keytab_name: *const c_char) -> OM_uint32 {
    guard("krb5_gss_register_acceptor_identity", GSS_S_FAILURE, || {
        if keytab_name.is_null() {
            keytab::set_acceptor_override(None);
            return GSS_S_COMPLETE;
        }
        match ffi::cstr(keytab_name) {
            Some(name) => {
                keytab::set_acceptor_override(Some(name.to_string()));
                GSS_S_COMPLETE
            }
            None => GSS_S_FAILURE,
        }
    })
}

thread_local! {
    /// The string the last gss_krb5_ccache_name call on this thread
    /// returned in `*out_name`; valid until the next call, as in MIT.
    static OLD_NAME: RefCell<Option<CString>> = const { RefCell::new(None) };
}

/// The default cache name this thread would use now.
fn effective_ccache_name() -> String {
    let configured = Krb5Config::load()
        .ok()
        .and_then(|c| c.libdefault("default_ccache_name", None));
    ccache::default_name(configured.as_deref())
}

fn ccache_name(name: *const c_char, out_name: *mut *const c_char) -> GssResult<OM_uint32> {
    let new = if name.is_null() {
        None
    } else {
        Some(
            ffi::cstr(name)
                .ok_or(GssErr::new(GSS_S_FAILURE, minor::INVALID_PARAMETER))?
                .to_string(),
        )
    };
    let old = if out_name.is_null() {
        None
    } else {
        Some(CString::new(effective_ccache_name()).map_err(|_| GssErr::major(GSS_S_FAILURE))?)
    };
    ccache::set_default_override(new);
    if let Some(old) = old {
        OLD_NAME.with(|o| {
            let mut o = o.borrow_mut();
            let p = o.insert(old).as_ptr();
            put(out_name, p);
        });
    }
    Ok(GSS_S_COMPLETE)
}

/// `gss_krb5_ccache_name(minor, name, out_name)` (MIT): the Kerberos
/// mechanism uses cache `name` (e.g. `FILE:/tmp/cc`, `MEMORY:x`; NULL: back
/// to the default) for this thread, before KRB5CCNAME. `*out_name` (may be
/// NULL) receives the name in effect before the call, owned by the library
/// and valid until this thread's next call.
#[no_mangle]
pub extern "C" fn gss_krb5_ccache_name(
    minor: *mut OM_uint32,
    name: *const c_char,
    out_name: *mut *const c_char,
) -> OM_uint32 {
    guard("gss_krb5_ccache_name", GSS_S_FAILURE, || {
        ffi::call(minor, || ccache_name(name, out_name))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ccache_name_returns_the_previous_name() {
        let mut old: *const c_char = std::ptr::null();
        let a = CString::new("MEMORY:gss-test-a").unwrap();
        let b = CString::new("MEMORY:gss-test-b").unwrap();
        assert_eq!(ccache_name(a.as_ptr(), &mut old), Ok(GSS_S_COMPLETE));
        assert!(!old.is_null());
        assert_eq!(ccache_name(b.as_ptr(), &mut old), Ok(GSS_S_COMPLETE));
        // SAFETY: `old` points at this thread's OLD_NAME, live until the next call.
        let was = unsafe { std::ffi::CStr::from_ptr(old) }.to_str().unwrap();
        assert_eq!(was, "MEMORY:gss-test-a");
        assert_eq!(
            ccache::default_override().as_deref(),
            Some("MEMORY:gss-test-b")
        );
        assert_eq!(
            ccache_name(std::ptr::null(), std::ptr::null_mut()),
            Ok(GSS_S_COMPLETE)
        );
        assert_eq!(ccache::default_override(), None);
    }
}
