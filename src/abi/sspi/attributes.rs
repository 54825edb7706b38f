//! QueryContextAttributesA/W.
use std::ffi::c_void;
use std::time::SystemTime;

use super::alloc::Block;
use super::flags;
use super::handle;
use super::packages::info_block;
use super::status::run;
use super::strings::{self, Charset};
use super::types::*;
use crate::core::time::{to_filetime, FILETIME_NEVER};
use crate::core::{Error, Result};

/// Writes `v` to the caller's attribute buffer.
///
/// # Safety
/// `buf` is non-NULL and points to writable storage for a `T`.
unsafe fn put<T>(buf: *mut c_void, v: T) {
    // SAFETY: per the caller.
    unsafe { (buf as *mut T).write_unaligned(v) }
}

/// A name attribute, or `IncompleteContext` when the package does not
/// know it yet.
fn name(n: Option<String>, cs: Charset) -> Result<Block> {
    strings::alloc(&n.ok_or(Error::IncompleteContext)?, cs)
}

/// The one implementation of QueryContextAttributes. All values (and
/// allocations) are built first; the caller's struct is written last.
///
/// # Safety
/// As the exports.
unsafe fn query(
    ph: *mut CtxtHandle,
    attr: ULONG,
    buf: *mut c_void,
    cs: Charset,
) -> Result<SECURITY_STATUS> {
    // SAFETY: forwarded contract.
    let ctx = handle::context(unsafe { handle::require(ph) }?)?;
    if buf.is_null() {
        return Err(Error::InvalidParameter("NULL pBuffer"));
    }
    let c = ctx.lock();
    let ctx = &c.inner;
    match attr {
        SECPKG_ATTR_SIZES => {
            let s = ctx.sizes();
            // SAFETY: `buf` is non-NULL and, per the caller, a SecPkgContext_Sizes.
            unsafe {
                put(
                    buf,
                    SecPkgContext_Sizes {
                        cbMaxToken: s.max_token,
                        cbMaxSignature: s.max_signature,
                        cbBlockSize: s.block_size,
                        cbSecurityTrailer: s.security_trailer,
                    },
                )
            }
        }
        SECPKG_ATTR_NAMES => {
            let n = name(ctx.client_name(), cs)?;
            // SAFETY: SecPkgContext_NamesA/W is one pointer.
            unsafe { put(buf, n.into_raw()) }
        }
        SECPKG_ATTR_LIFESPAN => {
            let v = SecPkgContext_Lifespan {
                tsStart: to_filetime(SystemTime::now()),
                tsExpiry: ctx.expiry().map_or(FILETIME_NEVER, to_filetime),
            };
            // SAFETY: per the caller, a SecPkgContext_Lifespan.
            unsafe { put(buf, v) }
        }
        SECPKG_ATTR_SESSION_KEY => {
            let key = ctx.session_key()?;
            let b = Block::copy_of(&key)?;
            let v = SecPkgContext_SessionKey {
                SessionKeyLength: key.len() as u32,
                SessionKey: b.into_raw() as *mut u8,
            };
            // SAFETY: per the caller, a SecPkgContext_SessionKey.
            unsafe { put(buf, v) }
        }
        SECPKG_ATTR_PACKAGE_INFO | SECPKG_ATTR_NEGOTIATION_INFO => {
            // NEGOTIATION_INFO names the package being (or already)
            // negotiated; PACKAGE_INFO names the credential's package
            // (Negotiate) until the context is established and the
            // negotiated one after, as Windows reports them.
            let info = if attr == SECPKG_ATTR_PACKAGE_INFO && !ctx.is_complete() {
                c.package.info()
            } else {
                ctx.package()
            };
            let b = info_block(&[info], cs)?;
            let p = b.into_raw() as *mut SecPkgInfoW;
            if attr == SECPKG_ATTR_PACKAGE_INFO {
                // SAFETY: per the caller, a SecPkgContext_PackageInfoA/W
                // (one pointer; A and W share the layout).
                unsafe { put(buf, SecPkgContext_PackageInfoW { PackageInfo: p }) }
            } else {
                let state = if ctx.is_complete() {
                    SECPKG_NEGOTIATION_COMPLETE
                } else {
                    SECPKG_NEGOTIATION_IN_PROGRESS
                };
                // SAFETY: per the caller, a SecPkgContext_NegotiationInfoA/W.
                unsafe {
                    put(
                        buf,
                        SecPkgContext_NegotiationInfoW {
                            PackageInfo: p,
                            NegotiationState: state,
                        },
                    )
                }
            }
        }
        SECPKG_ATTR_FLAGS => {
            let f = flags::to_ret(ctx.flags(), ctx.is_initiator());
            // SAFETY: per the caller, a SecPkgContext_Flags.
            unsafe { put(buf, SecPkgContext_Flags { Flags: f }) }
        }
        SECPKG_ATTR_NATIVE_NAMES => {
            // A side the package does not name (an NTLM acceptor has no
            // server name) is NULL; neither known is an incomplete context.
            let (client, server) = (ctx.client_name(), ctx.server_name());
            if client.is_none() && server.is_none() {
                return Err(Error::IncompleteContext);
            }
            let client = client.map(|n| strings::alloc(&n, cs)).transpose()?;
            let server = server.map(|n| strings::alloc(&n, cs)).transpose()?;
            let raw =
                |b: Option<Block>| b.map_or(std::ptr::null_mut(), |b| b.into_raw() as *mut u16);
            let v = SecPkgContext_NativeNamesW {
                sClientName: raw(client),
                sServerName: raw(server),
            };
            // SAFETY: per the caller, a SecPkgContext_NativeNamesA/W.
            unsafe { put(buf, v) }
        }
        SECPKG_ATTR_KEY_INFO => {
            let k = ctx.key_info()?;
            let sig = strings::alloc(&k.signature_algorithm_name, cs)?;
            let enc = strings::alloc(&k.encrypt_algorithm_name, cs)?;
            let v = SecPkgContext_KeyInfoW {
                sSignatureAlgorithmName: sig.into_raw() as *mut u16,
                sEncryptAlgorithmName: enc.into_raw() as *mut u16,
                KeySize: k.key_size,
                SignatureAlgorithm: k.signature_algorithm,
                EncryptAlgorithm: k.encrypt_algorithm,
            };
            // SAFETY: per the caller, a SecPkgContext_KeyInfoA/W.
            unsafe { put(buf, v) }
        }
        SECPKG_ATTR_STREAM_SIZES => return Err(Error::Unsupported("stream sizes")),
        _ => return Err(Error::Unsupported("context attribute")),
    }
    Ok(SEC_E_OK)
}

/// Queries a context attribute into the caller's `pBuffer` (the struct the
/// attribute names). Supported: SECPKG_ATTR_SIZES, NAMES, LIFESPAN,
/// SESSION_KEY, PACKAGE_INFO, NEGOTIATION_INFO, FLAGS, NATIVE_NAMES,
/// KEY_INFO (NATIVE_NAMES gives NULL for a name the package does not
/// know); STREAM_SIZES and unknown attributes →
/// SEC_E_UNSUPPORTED_FUNCTION. Strings, the session key and SecPkgInfo
/// pointers inside the result are library-owned: free each with
/// FreeContextBuffer. Names not yet known (handshake incomplete) →
/// SEC_E_OUT_OF_SEQUENCE. Thread-safe; serialized with other calls on the
/// same context.
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-querycontextattributesw>
///
/// # Safety
/// `phContext` is NULL or readable; `pBuffer` is NULL or points to
/// writable storage of the attribute's struct.
#[no_mangle]
pub unsafe extern "C" fn QueryContextAttributesW(
    phContext: *mut CtxtHandle,
    ulAttribute: ULONG,
    pBuffer: *mut c_void,
) -> SECURITY_STATUS {
    run("QueryContextAttributesW", || {
        // SAFETY: forwarded contract.
        unsafe { query(phContext, ulAttribute, pBuffer, Charset::Wide) }
    })
}

/// ANSI form of [`QueryContextAttributesW`] (strings as UTF-8).
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-querycontextattributesa>
///
/// # Safety
/// As [`QueryContextAttributesW`].
#[no_mangle]
pub unsafe extern "C" fn QueryContextAttributesA(
    phContext: *mut CtxtHandle,
    ulAttribute: ULONG,
    pBuffer: *mut c_void,
) -> SECURITY_STATUS {
    run("QueryContextAttributesA", || {
        // SAFETY: forwarded contract.
        unsafe { query(phContext, ulAttribute, pBuffer, Charset::Ansi) }
    })
}
