//! NTLM configuration read from the environment per call, as gss-ntlmssp
//! does: LM_COMPAT_LEVEL and NTLM_USER_FILE; plus this host's names.
use super::messages::utf16le;
use once_cell::sync::Lazy;

/// gss-ntlmssp's environment variable for the LAN Manager compatibility
/// level (Windows' LmCompatibilityLevel, 0..=5).
pub const LM_COMPAT_ENV: &str = "LM_COMPAT_LEVEL";
/// The gss-ntlmssp user database: `DOMAIN:user:password` a line.
pub const USER_FILE_ENV: &str = "NTLM_USER_FILE";
/// gss_acquire_cred_from's credential store key for the same file.
pub const USER_FILE_STORE_KEY: &str = "ntlm_user_file";
/// Level used when LM_COMPAT_LEVEL is unset or not a number in 0..=5.
pub const DEFAULT_LM_COMPAT_LEVEL: u8 = 3;

/// The LM compatibility level now in force.
///
/// Client: below 3 Windows would send NTLMv1/LM responses; this library
/// only implements NTLMv2 and sends it at every level. Acceptor: NTLMv1 and
/// LM responses are refused at every level (Error::Downgrade); the message
/// says whether the level would have allowed them.
pub fn lm_compat_level() -> u8 {
    match std::env::var(LM_COMPAT_ENV) {
        Ok(v) => match v.trim().parse::<u8>() {
            Ok(n) if n <= 5 => n,
            _ => {
                crate::trace!(
                    "NTLM: ignoring {LM_COMPAT_ENV}={v:?}, using {DEFAULT_LM_COMPAT_LEVEL}"
                );
                DEFAULT_LM_COMPAT_LEVEL
            }
        },
        Err(_) => DEFAULT_LM_COMPAT_LEVEL,
    }
}

/// Why an NTLMv1/LM response was refused, for Error::Downgrade.
pub fn v1_refusal() -> String {
    let level = lm_compat_level();
    if level >= 5 {
        format!("NTLMv1/LM responses are refused ({LM_COMPAT_ENV}={level} accepts NTLMv2 only)")
    } else {
        format!(
            "NTLMv1/LM responses are not supported by this library \
             (even though {LM_COMPAT_ENV}={level} would allow them); use NTLMv2"
        )
    }
}

/// The path in NTLM_USER_FILE, if set and nonempty.
pub fn user_file() -> Option<std::path::PathBuf> {
    std::env::var_os(USER_FILE_ENV)
        .filter(|v| !v.is_empty())
        .map(Into::into)
}

/// This host's names for the CHALLENGE's target info.
#[derive(Debug)]
pub struct HostNames {
    /// DNS name as the kernel reports it (may lack a domain part).
    pub dns: String,
    /// NetBIOS computer name: first label, uppercase, at most 15 characters.
    pub netbios: String,
    /// DNS domain: the part after the first dot, possibly empty.
    pub dns_domain: String,
    /// `netbios`, `dns` and `dns_domain` in UTF-16LE, as they go on the
    /// wire in every CHALLENGE and AUTHENTICATE.
    pub netbios16: Vec<u8>,
    pub dns16: Vec<u8>,
    pub dns_domain16: Vec<u8>,
}

pub static HOST: Lazy<HostNames> = Lazy::new(|| {
    let raw = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .unwrap_or_default();
    let dns = match raw.trim() {
        "" => "localhost".to_string(),
        h => h.to_string(),
    };
    let (first, domain) = dns.split_once('.').unwrap_or((&dns, ""));
    let netbios: String = first.to_uppercase().chars().take(15).collect();
    HostNames {
        netbios16: utf16le(&netbios),
        dns16: utf16le(&dns),
        dns_domain16: utf16le(domain),
        netbios,
        dns_domain: domain.to_string(),
        dns: dns.clone(),
    }
});

/// The domain an acceptor announces when neither its credential nor
/// NTLM_USER_FILE names one.
pub const DEFAULT_DOMAIN: &str = "WORKGROUP";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_are_sane() {
        assert!(!HOST.dns.is_empty());
        assert!(HOST.netbios.chars().count() <= 15);
        assert!(!HOST.netbios.contains('.'));
    }

    #[test]
    fn refusal_names_the_variable() {
        assert!(v1_refusal().contains(LM_COMPAT_ENV));
    }
}
