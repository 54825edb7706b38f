//! NTLM ([MS-NLMP]): NTLMv2 with extended session security, 128-bit keys,
//! key exchange, MIC, channel bindings, signing and sealing.
//!
//! Files: `messages` (wire format, 2.2), `crypto` (3.3.2, 3.4), `protect`
//! (message protection over iovecs), `context` (client and server state
//! machines), `credentials` (identities and NTLM_USER_FILE), `config`
//! (LM_COMPAT_LEVEL, host names).
use std::sync::Arc;

use crate::core::context::SecurityContext;
use crate::core::credential::{CredRequest, Credential, PackageCredential};
use crate::core::flags::Flags;
use crate::core::{Error, Result};
use crate::packages::{Package, PackageInfo};

pub mod config;
pub mod context;
pub mod credentials;
pub mod crypto;
pub mod messages;
pub mod protect;
#[cfg(test)]
mod tests;

use context::{ntlm_cred, NtlmContext};
use credentials::NtlmCredential;

pub struct Ntlm;

pub static INFO: PackageInfo = PackageInfo {
    name: "NTLM",
    comment: "NTLM Security Package",
    capabilities: 0x0008_2B37,
    version: 1,
    rpc_id: 10,
    max_token: 2888,
    oids: &[&[0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a]],
};

impl Package for Ntlm {
    fn info(&self) -> &'static PackageInfo {
        &INFO
    }

    fn acquire(&self, req: &CredRequest) -> Result<Box<dyn PackageCredential>> {
        Ok(Box::new(NtlmCredential::acquire(req)?))
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
        let key = ntlm_cred(&cred)?.identity.clone().ok_or_else(|| {
            Error::NoCredentials(
                "this NTLM credential has no user to authenticate as \
                 (no identity given and none found in NTLM_USER_FILE)"
                    .into(),
            )
        })?;
        Ok(Box::new(NtlmContext::client(key, target, req)))
    }

    fn acceptor(&self, cred: Arc<Credential>, _req: Flags) -> Result<Box<dyn SecurityContext>> {
        if !cred.usage.can_accept() {
            return Err(Error::UnknownCredentials(
                "an outbound-only credential cannot accept".into(),
            ));
        }
        ntlm_cred(&cred)?;
        Ok(Box::new(NtlmContext::server(cred)))
    }
}
