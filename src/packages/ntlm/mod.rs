//! NTLM ([MS-NLMP]). Placeholder until the package lands.
use std::sync::Arc;

use crate::core::context::SecurityContext;
use crate::core::credential::{CredRequest, Credential, PackageCredential};
use crate::core::flags::Flags;
use crate::core::{Error, Result};
use crate::packages::{Package, PackageInfo};

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
    fn acquire(&self, _req: &CredRequest) -> Result<Box<dyn PackageCredential>> {
        Err(Error::Unsupported("NTLM"))
    }
    fn initiator(
        &self,
        _c: Arc<Credential>,
        _t: Option<&str>,
        _f: Flags,
    ) -> Result<Box<dyn SecurityContext>> {
        Err(Error::Unsupported("NTLM"))
    }
    fn acceptor(&self, _c: Arc<Credential>, _f: Flags) -> Result<Box<dyn SecurityContext>> {
        Err(Error::Unsupported("NTLM"))
    }
}
