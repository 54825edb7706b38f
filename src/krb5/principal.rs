//! Kerberos principal names (RFC 4120 section 6.2) as the file formats
//! store them: a name type, a realm and components.
use std::fmt;

use super::error::{ConfigError, ConfigErrorKind, ConfigResult};

/// Name types (RFC 4120 section 6.2).
pub mod name_type {
    pub const UNKNOWN: i32 = 0;
    pub const PRINCIPAL: i32 = 1;
    pub const SRV_INST: i32 = 2;
    pub const SRV_HST: i32 = 3;
    pub const ENTERPRISE: i32 = 10;
    pub const WELLKNOWN: i32 = 11;
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Principal {
    pub name_type: i32,
    pub realm: String,
    pub components: Vec<String>,
}

impl Principal {
    pub fn new(name_type: i32, realm: &str, components: &[&str]) -> Self {
        Principal {
            name_type,
            realm: realm.to_string(),
            components: components.iter().map(|c| c.to_string()).collect(),
        }
    }

    /// Parses MIT's text form `comp/comp@REALM` with `\` escapes (`\/`,
    /// `\@`, `\n`, `\t`, `\b`, `\0`, `\\`). Without a realm, `default_realm`
    /// is used. Name type: NT-PRINCIPAL (NT-SRV-INST for `krbtgt/...`).
    pub fn parse(text: &str, default_realm: Option<&str>) -> ConfigResult<Principal> {
        let mut components = Vec::new();
        let mut cur = String::new();
        let mut realm: Option<String> = None;
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    let e = chars.next().ok_or_else(|| {
                        ConfigError::new(
                            ConfigErrorKind::Malformed,
                            format!("principal {text:?} ends in a backslash"),
                        )
                    })?;
                    let target = if let Some(r) = realm.as_mut() {
                        r
                    } else {
                        &mut cur
                    };
                    target.push(match e {
                        'n' => '\n',
                        't' => '\t',
                        'b' => '\u{8}',
                        '0' => '\0',
                        other => other,
                    });
                }
                '/' if realm.is_none() => components.push(std::mem::take(&mut cur)),
                '@' if realm.is_none() => {
                    components.push(std::mem::take(&mut cur));
                    realm = Some(String::new());
                }
                '@' | '/' => {
                    return Err(ConfigError::new(
                        ConfigErrorKind::Malformed,
                        format!("principal {text:?} has an unescaped {c:?} in its realm"),
                    ))
                }
                c => {
                    if let Some(r) = realm.as_mut() {
                        r.push(c)
                    } else {
                        cur.push(c)
                    }
                }
            }
        }
        if realm.is_none() {
            components.push(cur);
        }
        let realm = match realm {
            Some(r) => r,
            None => default_realm
                .ok_or_else(|| {
                    ConfigError::new(
                        ConfigErrorKind::NotFound,
                        format!("principal {text:?} has no realm and there is no default realm"),
                    )
                })?
                .to_string(),
        };
        if text.is_empty() || components.iter().all(String::is_empty) {
            return Err(ConfigError::new(
                ConfigErrorKind::Malformed,
                format!("empty principal name {text:?}"),
            ));
        }
        let name_type = if components.len() == 2 && components[0] == "krbtgt" {
            name_type::SRV_INST
        } else {
            name_type::PRINCIPAL
        };
        Ok(Principal {
            name_type,
            realm,
            components,
        })
    }

    /// The default salt (RFC 4120 section 4): realm then the components.
    pub fn salt(&self) -> Vec<u8> {
        let mut s = self.realm.as_bytes().to_vec();
        for c in &self.components {
            s.extend_from_slice(c.as_bytes());
        }
        s
    }

    /// Same realm and components (name types are not compared, as MIT's
    /// krb5_principal_compare does not).
    pub fn matches(&self, other: &Principal) -> bool {
        self.realm == other.realm && self.components == other.components
    }

    /// The name without the realm, escaped.
    pub fn unparse_no_realm(&self) -> String {
        self.components
            .iter()
            .map(|c| escape(c))
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// MIT's quoting (krb5_unparse_name), the same in components and realm:
/// `parse` refuses an unescaped '/' in a realm.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '/' => out.push_str("\\/"),
            '@' => out.push_str("\\@"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\0' => out.push_str("\\0"),
            c => out.push(c),
        }
    }
    out
}

impl fmt::Display for Principal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.unparse_no_realm(), escape(&self.realm))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_print() {
        let p = Principal::parse("HTTP/web.example.com@EXAMPLE.COM", None).unwrap();
        assert_eq!(p.components, ["HTTP", "web.example.com"]);
        assert_eq!(p.realm, "EXAMPLE.COM");
        assert_eq!(p.to_string(), "HTTP/web.example.com@EXAMPLE.COM");
        let p = Principal::parse("a\\/b@R", None).unwrap();
        assert_eq!(p.components, ["a/b"]);
        assert_eq!(p.to_string(), "a\\/b@R");
        let p = Principal::parse("krbtgt/R", Some("R")).unwrap();
        assert_eq!(p.name_type, name_type::SRV_INST);
        assert_eq!(p.salt(), b"RkrbtgtR");
        assert!(Principal::parse("alice", None).is_err());
        // A '/' in the realm is escaped as MIT escapes it, and parses back
        // (fuzz/krb5_config found the unescaped form; MIT refuses it).
        let p = Principal::parse("a@B\\/C", None).unwrap();
        assert_eq!(p.realm, "B/C");
        assert_eq!(p.to_string(), "a@B\\/C");
        assert_eq!(Principal::parse(&p.to_string(), None).unwrap(), p);
        assert!(Principal::parse("a@B/C", None).is_err());
        assert!(Principal::parse("", Some("R")).is_err());
    }
}
