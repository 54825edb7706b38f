//! Security packages and the one registry that finds them by name or OID.
use std::sync::Arc;

use crate::core::context::SecurityContext;
use crate::core::credential::{CredRequest, Credential, PackageCredential};
use crate::core::flags::Flags;
use crate::core::Result;

pub mod kerberos;
pub mod negotiate;
pub mod ntlm;

/// What SecPkgInfo and gss_indicate_mechs report for a package.
#[derive(Debug)]
pub struct PackageInfo {
    /// SSPI name ("NTLM", "Kerberos", "Negotiate").
    pub name: &'static str,
    pub comment: &'static str,
    /// SECPKG_FLAG_* bits, Windows' values.
    pub capabilities: u32,
    pub version: u16,
    /// DCE RPC authentication service id (wRPCID).
    pub rpc_id: u16,
    /// cbMaxToken.
    pub max_token: u32,
    /// GSSAPI mechanism OIDs, DER contents without tag and length; the
    /// first is the one the package reports as its own.
    pub oids: &'static [&'static [u8]],
}

/// One security package. Everything a face needs goes through this trait
/// and `SecurityContext`, so a package is written once for both faces.
pub trait Package: Send + Sync {
    fn info(&self) -> &'static PackageInfo;
    fn acquire(&self, req: &CredRequest) -> Result<Box<dyn PackageCredential>>;
    /// A context that will send the first token. `target` is the SPN
    /// (`service/host`) or other target name the caller gave.
    fn initiator(
        &self,
        cred: Arc<Credential>,
        target: Option<&str>,
        req: Flags,
    ) -> Result<Box<dyn SecurityContext>>;
    /// A context that will receive the first token.
    fn acceptor(&self, cred: Arc<Credential>, req: Flags) -> Result<Box<dyn SecurityContext>>;
}

static KERBEROS: kerberos::Kerberos = kerberos::Kerberos;
static NTLM: ntlm::Ntlm = ntlm::Ntlm;

/// Every package, in the order EnumerateSecurityPackages lists them
/// (Negotiate first, as Windows).
pub fn all() -> &'static [&'static dyn Package] {
    // Windows' order: Negotiate, Kerberos, NTLM.
    static ALL: [&'static dyn Package; 3] = [&negotiate::NEGOTIATE, &KERBEROS, &NTLM];
    &ALL
}

/// Finds a package by its SSPI name, ignoring case as Windows does.
pub fn by_name(name: &str) -> Option<&'static dyn Package> {
    all()
        .iter()
        .copied()
        .find(|p| p.info().name.eq_ignore_ascii_case(name))
}

/// Finds a package by one of its mechanism OIDs (DER contents).
pub fn by_oid(oid: &[u8]) -> Option<&'static dyn Package> {
    all().iter().copied().find(|p| p.info().oids.contains(&oid))
}
