//! Kerberos V5 (RFC 4120 AP exchange) as a GSS mechanism (RFC 4121) and
//! the SSPI "Kerberos" package.
//!
//! Files: `token` (RFC 2743 framing), `asn1` (picky-krb glue),
//! `authcksum` (the 0x8003 checksum), `initiator` / `acceptor` (the AP
//! exchange), `replay` (replay cache), `session`, `mic`, `wrap`, `seq`
//! (RFC 4121 per-message tokens), `credentials` (ccache and keytab),
//! `tickets` (the one place that will call the KDC client), `target`
//! (the target name to a service principal, hostname canonicalization
//! as MIT does), `codes`
//! (MIT com_err codes), `context` (the state machine).
use std::sync::Arc;

use crate::core::context::SecurityContext;
use crate::core::credential::{CredRequest, Credential, PackageCredential};
use crate::core::flags::Flags;
use crate::core::{Error, Result};
use crate::krb5::canon::SystemResolver;
use crate::krb5::config::Krb5Config;
use crate::packages::{Package, PackageInfo};

pub mod acceptor;
pub mod asn1;
pub mod authcksum;
pub mod codes;
pub mod context;
pub mod credentials;
pub mod initiator;
pub mod krbcred;
pub mod mic;
pub mod rc4;
pub mod replay;
pub mod seq;
pub mod session;
pub mod target;
#[cfg(test)]
mod tests;
pub mod tickets;
pub mod token;
pub mod wrap;

/// 1.2.840.113554.1.2.2 (RFC 1964): the krb5 mechanism.
pub const OID_KRB5: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02];
/// 1.2.840.48018.1.2.2: Microsoft's (mis-encoded) krb5 OID, accepted.
pub const OID_MS_KRB5: &[u8] = &[0x2a, 0x86, 0x48, 0x82, 0xf7, 0x12, 0x01, 0x02, 0x02];

pub struct Kerberos;

pub static INFO: PackageInfo = PackageInfo {
    name: "Kerberos",
    comment: "Microsoft Kerberos V1.0",
    // Windows' value: integrity, privacy, token only, datagram, connection,
    // multi-required, extended error, impersonation, accept Win32 names,
    // negotiable, GSS compatible, logon, delegation, read-only checksum,
    // restricted tokens, negotiable2.
    capabilities: 0x000F_3BBF,
    version: 1,
    rpc_id: 16,
    max_token: 48000,
    oids: &[OID_KRB5, OID_MS_KRB5],
};

impl Package for Kerberos {
    fn info(&self) -> &'static PackageInfo {
        &INFO
    }

    fn acquire(&self, req: &CredRequest) -> Result<Box<dyn PackageCredential>> {
        Ok(Box::new(credentials::acquire(req)?))
    }

    fn initiator(
        &self,
        cred: Arc<Credential>,
        target: Option<&str>,
        req: Flags,
    ) -> Result<Box<dyn SecurityContext>> {
        if !cred.usage.can_initiate() {
            return Err(Error::UnknownCredentials(
                "an inbound-only credential cannot initiate".into(),
            ));
        }
        if req.contains(Flags::DCE_STYLE) {
            return Err(Error::Unsupported(
                "Kerberos DCE style (three-leg AP exchange)",
            ));
        }
        if context::kcred(&cred)?.ccache.is_none() {
            return Err(Error::NoCredentials(
                "this Kerberos credential has no credential cache".into(),
            ));
        }
        let target = target.filter(|t| !t.is_empty()).ok_or_else(|| {
            Error::TargetUnknown("Kerberos needs a target name (service/host)".into())
        })?;
        let cfg = Krb5Config::load()?;
        let server = target::Target::resolve(&cfg, target, &SystemResolver)?;
        Ok(Box::new(context::KerberosContext::initiator(
            cred, server, req,
        )))
    }

    fn acceptor(&self, cred: Arc<Credential>, req: Flags) -> Result<Box<dyn SecurityContext>> {
        if !cred.usage.can_accept() {
            return Err(Error::UnknownCredentials(
                "an outbound-only credential cannot accept".into(),
            ));
        }
        context::kcred(&cred)?;
        Ok(Box::new(context::KerberosContext::acceptor(cred, req)))
    }
}
