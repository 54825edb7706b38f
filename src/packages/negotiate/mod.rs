//! Negotiate: SPNEGO ([RFC 4178]) with Microsoft's behaviour ([MS-SPNG]).
//! It holds a sub-context of the negotiated package from the registry
//! (`packages::by_oid`), never a copy of one.
//!
//! Files: `der` (DER reader/writer), `tokens` (NegTokenInit, NegTokenInit2,
//! NegTokenResp), `credentials` (one sub-credential per usable mechanism,
//! PackageList, gss_set_neg_mechs), `context` (initiator and acceptor).
//!
//! A small DER codec of our own rather than picky-krb's gss_api types: the
//! mechListMIC must be computed over the MechTypeList bytes exactly as
//! received (a serde round trip re-encodes them), NegTokenInit2's negHints
//! has no picky type, and it keeps picky-krb's dependency tree out of a
//! package that needs ~200 lines of tag-length-value.
use std::sync::Arc;

use crate::core::context::SecurityContext;
use crate::core::credential::{CredRequest, Credential, PackageCredential};
use crate::core::flags::Flags;
use crate::core::{Error, Result};
use crate::packages::{Package, PackageInfo};

pub mod context;
pub mod credentials;
pub mod der;
#[cfg(test)]
mod tests;
pub mod tokens;

use context::NegotiateContext;
use credentials::NegotiateCredential;

pub struct Negotiate;

/// Windows' SecPkgInfo for Negotiate (wRPCID 9 = RPC_C_AUTHN_GSS_NEGOTIATE).
pub static INFO: PackageInfo = PackageInfo {
    name: "Negotiate",
    comment: "Microsoft Package Negotiator",
    capabilities: 0x0008_3BB3,
    version: 1,
    rpc_id: 9,
    max_token: 48256,
    oids: &[tokens::SPNEGO_OID],
};

fn negotiate_cred(cred: &Credential) -> Result<&NegotiateCredential> {
    credentials::of(cred)
        .ok_or_else(|| Error::UnknownCredentials("not a Negotiate credential".into()))
}

impl Package for Negotiate {
    fn info(&self) -> &'static PackageInfo {
        &INFO
    }

    fn acquire(&self, req: &CredRequest) -> Result<Box<dyn PackageCredential>> {
        Ok(Box::new(NegotiateCredential::acquire(req)?))
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
        negotiate_cred(&cred)?;
        Ok(Box::new(NegotiateContext::new(cred, true, target, req)))
    }

    fn acceptor(&self, cred: Arc<Credential>, req: Flags) -> Result<Box<dyn SecurityContext>> {
        if !cred.usage.can_accept() {
            return Err(Error::UnknownCredentials(
                "an outbound-only credential cannot accept".into(),
            ));
        }
        negotiate_cred(&cred)?;
        Ok(Box::new(NegotiateContext::new(cred, false, None, req)))
    }
}

/// A Negotiate credential whose only mechanism is `cred` (of another
/// package): SPNEGO over a mechanism credential, as MIT's mechglue does
/// when a program acquired a default credential and an SPNEGO token comes.
pub fn over(cred: Arc<Credential>) -> Result<Credential> {
    Ok(Credential {
        package: &NEGOTIATE,
        usage: cred.usage,
        inner: Box::new(NegotiateCredential::over(cred)?),
    })
}

pub static NEGOTIATE: Negotiate = Negotiate;
