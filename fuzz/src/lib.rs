//! Shared pieces of the fuzz targets: splitting one input into several
//! messages, the fixtures (fuzz/fixtures, made by `seedgen` against a real
//! MIT KDC) and the credentials the state machines run with.
//!
//! Nothing here touches the network: `init` points KRB5_CONFIG at the
//! fixture krb5.conf and makes every KDC request fail at once unless a
//! target queues replies (`sspi::fuzzing::replay_kdc`).
use std::path::{Path, PathBuf};
use std::sync::{Arc, Once, OnceLock};

use sspi::core::credential::{CredRequest, CredUse, Credential, Identity};
use sspi::crypto::{Enctype, Key};
use sspi::krb5::ccache::{Ccache, Credential as CcCred};
use sspi::krb5::config::Krb5Config;
use sspi::krb5::keytab::Keytab;
use sspi::krb5::Principal;
use sspi::packages::{by_name, Package};

/// Separates the messages of one input (peer tokens fed in turn).
pub const SEP: &[u8] = b"\xfe\xedSEP\xfe";

/// The realm, users and services of the fixtures.
pub const REALM: &str = "TEST.SSPI";
pub const CLIENT: &str = "alice@TEST.SSPI";
pub const SERVICE: &str = "host/localhost@TEST.SSPI";
/// NTLM user of the in-process handshakes (any DOMAIN:user:password).
pub const NTLM_USER: (&str, &str, &str) = ("alice", "TEST", "s3cret-Pw");
/// The authenticator time of the AP-REQ seeds, so that the AP-REP target
/// can check them (2024-01-01T00:00:00Z and a fixed microsecond).
pub const AP_CTIME: i64 = 1_704_067_200;
pub const AP_CUSEC: u32 = 123_456;

/// `data` cut at each `SEP`.
pub fn split(data: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut rest = data;
    while let Some(i) = rest.windows(SEP.len()).position(|w| w == SEP) {
        out.push(&rest[..i]);
        rest = &rest[i + SEP.len()..];
    }
    out.push(rest);
    out
}

/// `parts` joined with `SEP` (for seedgen).
pub fn join(parts: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(SEP);
        }
        out.extend_from_slice(p);
    }
    out
}

pub fn fuzz_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture_path(name: &str) -> PathBuf {
    fuzz_dir().join("fixtures").join(name)
}

/// A fixture's bytes; run fuzz/seed.sh if they are missing.
pub fn fixture(name: &str) -> Vec<u8> {
    let p = fixture_path(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e} (run fuzz/seed.sh)", p.display()))
}

/// Once per process: the fixture krb5.conf and keytab in the environment,
/// no KDC reachable.
pub fn init() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::env::set_var("KRB5_CONFIG", fixture_path("krb5.conf"));
        std::env::set_var("KRB5_KTNAME", fixture_path("service.keytab"));
        std::env::set_var("KRB5CCNAME", "MEMORY:fuzz");
        std::env::remove_var("SSPI_SHIM_TRACE");
        std::env::remove_var("NTLM_USER_FILE");
    });
    sspi::fuzzing::replay_kdc(Some(Vec::new()));
}

pub fn package(name: &str) -> &'static dyn Package {
    by_name(name).expect("package is registered")
}

pub fn ntlm_identity() -> Identity {
    let (user, domain, password) = NTLM_USER;
    Identity {
        user: user.into(),
        domain: domain.into(),
        password: password.to_string().into(),
    }
}

/// An NTLM credential for `usage` with the fixed user.
pub fn ntlm_cred(usage: CredUse) -> Arc<Credential> {
    let mut req = CredRequest::new(usage);
    req.identity = Some(ntlm_identity());
    Arc::new(Credential::acquire(package("ntlm"), &req).expect("NTLM credential"))
}

/// A Negotiate credential over NTLM only.
pub fn spnego_cred(usage: CredUse) -> Arc<Credential> {
    Arc::new(sspi::packages::negotiate::over(ntlm_cred(usage)).expect("Negotiate credential"))
}

pub fn krb5_config() -> Arc<Krb5Config> {
    static C: OnceLock<Arc<Krb5Config>> = OnceLock::new();
    C.get_or_init(|| {
        let text = String::from_utf8(fixture("krb5.conf")).expect("UTF-8 krb5.conf");
        Arc::new(Krb5Config::parse_str(&text, Path::new("fixtures/krb5.conf")).expect("krb5.conf"))
    })
    .clone()
}

fn keytab(name: &str) -> Keytab {
    Keytab::parse(&fixture(name), None).expect("fixture keytab")
}

pub fn client_keytab() -> &'static Keytab {
    static K: OnceLock<Keytab> = OnceLock::new();
    K.get_or_init(|| keytab("client.keytab"))
}

pub fn service_keytab() -> &'static Keytab {
    static K: OnceLock<Keytab> = OnceLock::new();
    K.get_or_init(|| keytab("service.keytab"))
}

/// alice's cache: her TGT and a ticket for `SERVICE`.
pub fn ccache() -> &'static Ccache {
    static C: OnceLock<Ccache> = OnceLock::new();
    C.get_or_init(|| Ccache::parse(&fixture("alice.ccache"), None).expect("fixture ccache"))
}

pub fn principal(s: &str) -> Principal {
    Principal::parse(s, Some(REALM)).expect("principal")
}

fn ticket_for(server: &Principal) -> &'static CcCred {
    ccache()
        .credentials
        .iter()
        .find(|c| !c.is_config() && c.server.matches(server))
        .unwrap_or_else(|| panic!("no ticket for {server} in fixtures/alice.ccache"))
}

pub fn tgt() -> &'static CcCred {
    ticket_for(&principal(&format!("krbtgt/{REALM}@{REALM}")))
}

pub fn service_ticket() -> &'static CcCred {
    ticket_for(&principal(SERVICE))
}

/// src/packages/kerberos/testdata/mit_tokens.txt: an MIT context's key
/// and enctype, and the tokens MIT made with it (name, hex or decimal).
fn mit_tokens() -> &'static Vec<(String, String)> {
    static T: OnceLock<Vec<(String, String)>> = OnceLock::new();
    T.get_or_init(|| {
        let p = fuzz_dir().join("../src/packages/kerberos/testdata/mit_tokens.txt");
        let text = std::fs::read_to_string(&p).expect("mit_tokens.txt");
        text.lines()
            .filter_map(|l| l.split_once(' '))
            .map(|(k, v)| (k.to_string(), v.trim().to_string()))
            .collect()
    })
}

fn mit_raw(name: &str) -> &'static str {
    &mit_tokens()
        .iter()
        .find(|(k, _)| k == name)
        .unwrap_or_else(|| panic!("{name} not in mit_tokens.txt"))
        .1
}

/// One of mit_tokens.txt's hex values.
pub fn mit(name: &str) -> Vec<u8> {
    unhex(mit_raw(name))
}

/// The key of mit_tokens.txt.
pub fn mit_key() -> Key {
    let et: i32 = mit_raw("enctype").parse().expect("enctype number");
    Key::new(Enctype::from_id(et).expect("enctype"), &mit("key")).expect("key")
}

/// A fixed RC4-HMAC key (RFC 4757 tokens).
pub fn rc4_key() -> Key {
    Key::new(Enctype::Rc4Hmac, &[0x5a; 16]).expect("RC4 key")
}

pub fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// Thin helpers over the SSPI C entry points (the targets that fuzz the
/// C boundary call the exported functions exactly as a C program would).
pub mod sspi_c {
    use std::ffi::c_void;
    use std::ptr::null_mut;

    use sspi::abi::sspi::context::*;
    use sspi::abi::sspi::credentials::*;
    use sspi::abi::sspi::packages::FreeContextBuffer;
    use sspi::abi::sspi::types::*;

    /// NUL-terminated UTF-16.
    pub fn wide(s: &str) -> Vec<u16> {
        s.encode_utf16().chain(std::iter::once(0)).collect()
    }

    pub fn null_handle() -> SecHandle {
        SecHandle {
            dwLower: 0,
            dwUpper: 0,
        }
    }

    /// AcquireCredentialsHandleW for `package` with `auth` (or NULL).
    ///
    /// # Safety
    /// `auth` is NULL or an identity structure whose non-NULL strings are
    /// valid for their stated lengths.
    pub unsafe fn acquire(
        package: &str,
        usage: ULONG,
        auth: *mut c_void,
    ) -> (SECURITY_STATUS, CredHandle) {
        let pkg = wide(package);
        let mut cred = null_handle();
        let mut exp: TimeStamp = 0;
        // SAFETY: valid strings and out pointers; `auth` per the caller.
        let st = unsafe {
            AcquireCredentialsHandleW(
                std::ptr::null(),
                pkg.as_ptr(),
                usage,
                null_mut(),
                auth,
                None,
                null_mut(),
                &mut cred,
                &mut exp,
            )
        };
        (st, cred)
    }

    /// An NTLM credential of the fixed user, through the C face.
    pub fn ntlm_cred(usage: ULONG) -> CredHandle {
        let (user, domain, password) = super::NTLM_USER;
        let mut u: Vec<u16> = user.encode_utf16().collect();
        let mut d: Vec<u16> = domain.encode_utf16().collect();
        let mut p: Vec<u16> = password.encode_utf16().collect();
        let mut id = SEC_WINNT_AUTH_IDENTITY_W {
            User: u.as_mut_ptr(),
            UserLength: u.len() as ULONG,
            Domain: d.as_mut_ptr(),
            DomainLength: d.len() as ULONG,
            Password: p.as_mut_ptr(),
            PasswordLength: p.len() as ULONG,
            Flags: SEC_WINNT_AUTH_IDENTITY_UNICODE,
        };
        // SAFETY: `id` points at live strings of the stated lengths.
        let (st, cred) = unsafe { acquire("NTLM", usage, &mut id as *mut _ as *mut c_void) };
        assert_eq!(st, SEC_E_OK, "NTLM credential");
        cred
    }

    pub const REQ: ULONG = ISC_REQ_CONFIDENTIALITY
        | ISC_REQ_INTEGRITY
        | ISC_REQ_REPLAY_DETECT
        | ISC_REQ_SEQUENCE_DETECT
        | ISC_REQ_ALLOCATE_MEMORY;

    /// One ISC (`initiator`) or ASC step with `input` (or none) and an
    /// allocated output token, which is returned.
    pub fn step(
        initiator: bool,
        cred: &mut CredHandle,
        ctx: &mut CtxtHandle,
        first: bool,
        input: Option<*mut SecBufferDesc>,
    ) -> (SECURITY_STATUS, Vec<u8>) {
        let mut out_buf = SecBuffer {
            cbBuffer: 0,
            BufferType: SECBUFFER_TOKEN,
            pvBuffer: null_mut(),
        };
        let mut out = SecBufferDesc {
            ulVersion: SECBUFFER_VERSION,
            cBuffers: 1,
            pBuffers: &mut out_buf,
        };
        let mut attrs: ULONG = 0;
        let mut exp: TimeStamp = 0;
        let target = wide("HTTP/server.test.sspi");
        let ctx_in: *mut CtxtHandle = if first { null_mut() } else { ctx };
        let input = input.unwrap_or(null_mut());
        // SAFETY: every pointer is valid or NULL; the descriptors hold
        // the buffers they claim (the caller's part of the contract).
        let st = unsafe {
            if initiator {
                InitializeSecurityContextW(
                    cred,
                    ctx_in,
                    target.as_ptr(),
                    REQ,
                    0,
                    SECURITY_NATIVE_DREP,
                    input,
                    0,
                    ctx,
                    &mut out,
                    &mut attrs,
                    &mut exp,
                )
            } else {
                AcceptSecurityContext(
                    cred,
                    ctx_in,
                    input,
                    REQ,
                    SECURITY_NATIVE_DREP,
                    ctx,
                    &mut out,
                    &mut attrs,
                    &mut exp,
                )
            }
        };
        let mut tok = Vec::new();
        if !out_buf.pvBuffer.is_null() {
            // SAFETY: the library allocated cbBuffer bytes for the token.
            tok = unsafe {
                std::slice::from_raw_parts(out_buf.pvBuffer as *const u8, out_buf.cbBuffer as usize)
            }
            .to_vec();
            // SAFETY: allocated by the library, freed once.
            unsafe { FreeContextBuffer(out_buf.pvBuffer) };
        }
        (st, tok)
    }

    /// A token as a one-buffer input descriptor (the Vec keeps the buffer).
    pub fn token_desc(tok: &mut [u8], buf: &mut SecBuffer) -> SecBufferDesc {
        *buf = SecBuffer {
            cbBuffer: tok.len() as ULONG,
            BufferType: SECBUFFER_TOKEN,
            pvBuffer: tok.as_mut_ptr() as *mut c_void,
        };
        SecBufferDesc {
            ulVersion: SECBUFFER_VERSION,
            cBuffers: 1,
            pBuffers: buf,
        }
    }

    /// An established NTLM client and server context pair.
    pub struct Pair {
        pub ccred: CredHandle,
        pub scred: CredHandle,
        pub client: CtxtHandle,
        pub server: CtxtHandle,
    }

    impl Pair {
        pub fn new() -> Pair {
            let mut p = Pair {
                ccred: ntlm_cred(SECPKG_CRED_OUTBOUND),
                scred: ntlm_cred(SECPKG_CRED_INBOUND),
                client: null_handle(),
                server: null_handle(),
            };
            let (st, mut nego) = step(true, &mut p.ccred, &mut p.client, true, None);
            assert_eq!(st, SEC_I_CONTINUE_NEEDED);
            let mut b = SecBuffer {
                cbBuffer: 0,
                BufferType: 0,
                pvBuffer: null_mut(),
            };
            let mut d = token_desc(&mut nego, &mut b);
            let (st, mut chal) = step(false, &mut p.scred, &mut p.server, true, Some(&mut d));
            assert_eq!(st, SEC_I_CONTINUE_NEEDED);
            let mut d = token_desc(&mut chal, &mut b);
            let (st, mut auth) = step(true, &mut p.ccred, &mut p.client, false, Some(&mut d));
            assert_eq!(st, SEC_E_OK);
            let mut d = token_desc(&mut auth, &mut b);
            let (st, _) = step(false, &mut p.scred, &mut p.server, false, Some(&mut d));
            assert_eq!(st, SEC_E_OK);
            p
        }
    }

    impl Default for Pair {
        fn default() -> Self {
            Pair::new()
        }
    }

    impl Drop for Pair {
        fn drop(&mut self) {
            // SAFETY: handles this pair made; each freed once.
            unsafe {
                DeleteSecurityContext(&mut self.client);
                DeleteSecurityContext(&mut self.server);
                FreeCredentialsHandle(&mut self.ccred);
                FreeCredentialsHandle(&mut self.scred);
            }
        }
    }
}
