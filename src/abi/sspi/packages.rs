//! Package lookup and SecPkgInfo blocks: EnumerateSecurityPackagesA/W,
//! QuerySecurityPackageInfoA/W and FreeContextBuffer.
use std::ffi::{c_char, c_void};

use super::alloc::{self, Block};
use super::status::run;
use super::strings::{self, Charset};
use super::types::*;
use crate::core::{Error, Result};
use crate::packages::{self, Package, PackageInfo};

/// Finds a package by its SSPI name (case-insensitive).
pub fn find(name: &str) -> Result<&'static dyn Package> {
    #[cfg(test)]
    if let Some(p) = super::tests::mock::find(name) {
        return Ok(p);
    }
    packages::by_name(name).ok_or_else(|| Error::PackageNotFound(name.to_string()))
}

/// One block holding `infos.len()` SecPkgInfo entries followed by their
/// strings, so one FreeContextBuffer releases all of it. SecPkgInfoA and
/// SecPkgInfoW share one layout; `cs` decides the strings' encoding.
pub fn info_block(infos: &[&PackageInfo], cs: Charset) -> Result<Block> {
    let entry = std::mem::size_of::<SecPkgInfoW>();
    let head = entry * infos.len();
    let strs: usize = infos
        .iter()
        .map(|i| strings::encoded_len(i.name, cs) + strings::encoded_len(i.comment, cs))
        .sum();
    let mut block = Block::zeroed(head + strs)?;
    let base = block.as_ptr();
    let mut off = head;
    let mut entries = Vec::with_capacity(infos.len());
    for i in infos {
        let mut put = |s: &str| {
            let n = strings::encoded_len(s, cs);
            strings::encode_into(&mut block.bytes_mut()[off..off + n], s, cs);
            // wrapping_add: plain address arithmetic inside the block.
            let p = base.wrapping_add(off) as *mut u16;
            off += n;
            p
        };
        let name = put(i.name);
        let comment = put(i.comment);
        entries.push(SecPkgInfoW {
            fCapabilities: i.capabilities,
            wVersion: i.version,
            wRPCID: i.rpc_id,
            cbMaxToken: i.max_token,
            Name: name,
            Comment: comment,
        });
    }
    for (k, e) in entries.into_iter().enumerate() {
        // SAFETY: entry k lies within the first `head` bytes of the block,
        // which calloc aligned for any type.
        unsafe { (base.add(k * entry) as *mut SecPkgInfoW).write(e) };
    }
    Ok(block)
}

fn enumerate(cs: Charset) -> Result<(u32, Block)> {
    let infos: Vec<&PackageInfo> = packages::all().iter().map(|p| p.info()).collect();
    Ok((infos.len() as u32, info_block(&infos, cs)?))
}

/// Shared by A and W.
///
/// # Safety
/// The pointers are NULL or writable.
unsafe fn enumerate_out(pc: *mut ULONG, pp: *mut *mut c_void, cs: Charset) -> Result<i32> {
    if pc.is_null() || pp.is_null() {
        return Err(Error::InvalidParameter("NULL output pointer"));
    }
    let (n, block) = enumerate(cs)?;
    // SAFETY: both checked non-NULL; writable per the caller.
    unsafe {
        pc.write_unaligned(n);
        pp.write_unaligned(block.into_raw());
    }
    Ok(SEC_E_OK)
}

/// Shared by A and W.
///
/// # Safety
/// `pp` is NULL or writable.
unsafe fn query_info_out(name: Option<String>, pp: *mut *mut c_void, cs: Charset) -> Result<i32> {
    if pp.is_null() {
        return Err(Error::InvalidParameter("NULL ppPackageInfo"));
    }
    let name = name.ok_or_else(|| Error::PackageNotFound("(NULL)".into()))?;
    let block = info_block(&[find(&name)?.info()], cs)?;
    // SAFETY: checked non-NULL; writable per the caller.
    unsafe { pp.write_unaligned(block.into_raw()) };
    Ok(SEC_E_OK)
}

/// Lists the installed security packages.
///
/// On SEC_E_OK, `*pcPackages` is the count and `*ppPackageInfo` one
/// library-owned block (array and strings) that the caller releases with
/// one FreeContextBuffer. Neither pointer may be NULL
/// (SEC_E_INVALID_PARAMETER). Thread-safe.
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-enumeratesecuritypackagesw>
///
/// # Safety
/// Both pointers are NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn EnumerateSecurityPackagesW(
    pcPackages: *mut ULONG,
    ppPackageInfo: *mut *mut SecPkgInfoW,
) -> SECURITY_STATUS {
    run("EnumerateSecurityPackagesW", || {
        // SAFETY: forwarded contract.
        unsafe { enumerate_out(pcPackages, ppPackageInfo as *mut *mut c_void, Charset::Wide) }
    })
}

/// ANSI form of [`EnumerateSecurityPackagesW`] (strings as UTF-8).
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-enumeratesecuritypackagesa>
///
/// # Safety
/// As [`EnumerateSecurityPackagesW`].
#[no_mangle]
pub unsafe extern "C" fn EnumerateSecurityPackagesA(
    pcPackages: *mut ULONG,
    ppPackageInfo: *mut *mut SecPkgInfoA,
) -> SECURITY_STATUS {
    run("EnumerateSecurityPackagesA", || {
        // SAFETY: forwarded contract.
        unsafe { enumerate_out(pcPackages, ppPackageInfo as *mut *mut c_void, Charset::Ansi) }
    })
}

/// Describes one package by name (case-insensitive).
///
/// On SEC_E_OK `*ppPackageInfo` is a library-owned block released with
/// FreeContextBuffer. Unknown or NULL name → SEC_E_SECPKG_NOT_FOUND; NULL
/// `ppPackageInfo` → SEC_E_INVALID_PARAMETER. Thread-safe.
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-querysecuritypackageinfow>
///
/// # Safety
/// `pszPackageName` is NULL or NUL-terminated; `ppPackageInfo` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn QuerySecurityPackageInfoW(
    pszPackageName: *const SEC_WCHAR,
    ppPackageInfo: *mut *mut SecPkgInfoW,
) -> SECURITY_STATUS {
    run("QuerySecurityPackageInfoW", || {
        // SAFETY: forwarded contract.
        let name = unsafe { strings::wide_z(pszPackageName) }?;
        // SAFETY: forwarded contract.
        unsafe { query_info_out(name, ppPackageInfo as *mut *mut c_void, Charset::Wide) }
    })
}

/// ANSI form of [`QuerySecurityPackageInfoW`].
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-querysecuritypackageinfoa>
///
/// # Safety
/// As [`QuerySecurityPackageInfoW`].
#[no_mangle]
pub unsafe extern "C" fn QuerySecurityPackageInfoA(
    pszPackageName: *const SEC_CHAR,
    ppPackageInfo: *mut *mut SecPkgInfoA,
) -> SECURITY_STATUS {
    run("QuerySecurityPackageInfoA", || {
        // SAFETY: forwarded contract.
        let name = unsafe { strings::ansi_z(pszPackageName as *const c_char) }?;
        // SAFETY: forwarded contract.
        unsafe { query_info_out(name, ppPackageInfo as *mut *mut c_void, Charset::Ansi) }
    })
}

/// Frees memory this library returned (package info, allocated tokens,
/// attribute strings and buffers). NULL → SEC_E_OK. Each pointer is freed
/// once; thread-safe.
/// <https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-freecontextbuffer>
///
/// # Safety
/// `pvContextBuffer` is NULL or a pointer this library returned and that
/// has not been freed.
#[no_mangle]
pub unsafe extern "C" fn FreeContextBuffer(pvContextBuffer: *mut c_void) -> SECURITY_STATUS {
    run("FreeContextBuffer", || {
        // SAFETY: forwarded contract.
        unsafe { alloc::free(pvContextBuffer) };
        Ok(SEC_E_OK)
    })
}
