//! Credentials: the package-neutral request and the object a credential
//! handle refers to.
use std::any::Any;
use std::time::SystemTime;

use zeroize::Zeroizing;

use crate::packages::Package;

/// Which way a credential may be used (SECPKG_CRED_*, GSS_C_INITIATE/ACCEPT/BOTH).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredUse {
    Outbound,
    Inbound,
    Both,
}

impl CredUse {
    pub fn can_initiate(self) -> bool {
        matches!(self, CredUse::Outbound | CredUse::Both)
    }
    pub fn can_accept(self) -> bool {
        matches!(self, CredUse::Inbound | CredUse::Both)
    }
}

/// Explicit user credentials (SEC_WINNT_AUTH_IDENTITY, gss_acquire_cred_with_password).
/// `domain` is empty when none was given.
#[derive(Clone)]
pub struct Identity {
    pub user: String,
    pub domain: String,
    pub password: Zeroizing<String>,
}

impl std::fmt::Debug for Identity {
    // Never print the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("user", &self.user)
            .field("domain", &self.domain)
            .finish_non_exhaustive()
    }
}

// The password is Zeroizing: dropping an Identity wipes it.
impl zeroize::ZeroizeOnDrop for Identity {}

impl Identity {
    /// Splits `DOMAIN\user` and `user@domain`; a plain `user` has no domain.
    pub fn parse_user(name: &str) -> (String, String) {
        if let Some((d, u)) = name.split_once('\\') {
            (u.to_string(), d.to_string())
        } else if let Some((u, d)) = name.rsplit_once('@') {
            (u.to_string(), d.to_string())
        } else {
            (name.to_string(), String::new())
        }
    }
}

/// What the caller asked for when acquiring credentials.
#[derive(Debug, Clone)]
pub struct CredRequest {
    pub usage: CredUse,
    /// pszPrincipal / desired_name, when given.
    pub principal: Option<String>,
    /// Explicit auth data, when given.
    pub identity: Option<Identity>,
    /// SEC_WINNT_AUTH_IDENTITY_EX PackageList ("!NTLM", "Kerberos", ...).
    pub package_list: Option<String>,
    /// gss_acquire_cred_from's credential store (`ccache`, `client_keytab`,
    /// `keytab`, ...), in the caller's order; empty otherwise.
    pub store: Vec<(String, String)>,
}

impl CredRequest {
    /// A request with only a usage (default credentials).
    pub fn new(usage: CredUse) -> Self {
        CredRequest {
            usage,
            principal: None,
            identity: None,
            package_list: None,
            store: Vec::new(),
        }
    }

    /// The value of credential store key `key`, if given.
    pub fn store_value(&self, key: &str) -> Option<&str> {
        self.store
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// A package's own credential state.
pub trait PackageCredential: Send + Sync {
    /// The principal name (SECPKG_CRED_ATTR_NAMES, gss_inquire_cred).
    fn name(&self) -> String;
    /// When the credential expires; `None` for never.
    fn expiry(&self) -> Option<SystemTime> {
        None
    }
    /// For the owning package to get its concrete type back.
    fn as_any(&self) -> &dyn Any;
}

/// What a credential handle refers to.
pub struct Credential {
    pub package: &'static dyn Package,
    pub usage: CredUse,
    pub inner: Box<dyn PackageCredential>,
}

impl Credential {
    /// Acquires credentials from `package`.
    pub fn acquire(package: &'static dyn Package, req: &CredRequest) -> crate::core::Result<Self> {
        crate::core::trace::refresh();
        let inner = package.acquire(req)?;
        Ok(Credential {
            package,
            usage: req.usage,
            inner,
        })
    }
}
