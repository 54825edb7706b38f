//! Security contexts: the trait every package's context implements, and
//! the object a context handle refers to.
use std::time::SystemTime;

use zeroize::Zeroizing;

use crate::core::bindings::ChannelBindings;
use crate::core::flags::Flags;
use crate::core::iov::{IoBuf, IoKind};
use crate::core::{Error, Result};
use crate::packages::{Package, PackageInfo};

/// Input to one step of context establishment.
#[derive(Debug, Default)]
pub struct StepInput<'a> {
    /// The peer's token; empty on the initiator's first call.
    pub token: &'a [u8],
    pub bindings: Option<&'a ChannelBindings>,
}

/// Result of one step: a token to send (possibly empty) and whether the
/// context is now established.
#[derive(Debug)]
pub struct StepOutput {
    pub token: Vec<u8>,
    pub complete: bool,
}

/// SecPkgContext_Sizes, which GSSAPI also derives its limits from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sizes {
    pub max_token: u32,
    pub max_signature: u32,
    pub block_size: u32,
    pub security_trailer: u32,
}

/// SecPkgContext_KeyInfo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo {
    pub signature_algorithm_name: String,
    pub encrypt_algorithm_name: String,
    pub key_size: u32,
    pub signature_algorithm: u32,
    pub encrypt_algorithm: u32,
}

/// A package's context state machine and message protection. Methods a
/// package lacks keep the default, which reports `Unsupported`; the faces
/// turn that into SEC_E_UNSUPPORTED_FUNCTION / GSS_S_UNAVAILABLE.
pub trait SecurityContext: Send {
    /// The package that owns this context (for Negotiate, the chosen one
    /// once known).
    fn package(&self) -> &'static PackageInfo;
    /// Consumes the peer's token and produces the next one.
    fn step(&mut self, input: &StepInput<'_>) -> Result<StepOutput>;
    fn is_complete(&self) -> bool;
    fn is_initiator(&self) -> bool;
    /// Flags actually granted (not merely requested).
    fn flags(&self) -> Flags;
    fn sizes(&self) -> Sizes;
    /// The authenticated client (on the acceptor) or our own name (initiator).
    fn client_name(&self) -> Option<String>;
    /// The target/server name.
    fn server_name(&self) -> Option<String>;
    fn expiry(&self) -> Option<SystemTime> {
        None
    }
    fn session_key(&self) -> Result<Zeroizing<Vec<u8>>> {
        Err(Error::Unsupported("session key"))
    }
    fn key_info(&self) -> Result<KeyInfo> {
        Err(Error::Unsupported("key info"))
    }
    /// Writes a signature over the Data and SignOnly buffers into the Header buffer.
    fn sign(&mut self, _iov: &mut [IoBuf<'_>], _seq: u32) -> Result<()> {
        Err(Error::Unsupported("sign"))
    }
    /// Checks the Header buffer's signature over the Data and SignOnly buffers.
    fn verify(&mut self, _iov: &mut [IoBuf<'_>], _seq: u32) -> Result<()> {
        Err(Error::Unsupported("verify"))
    }
    /// Protects Data buffers in place and fills Header/Padding/Trailer.
    /// Returns whether confidentiality was applied.
    fn wrap(&mut self, _iov: &mut [IoBuf<'_>], _conf: bool, _seq: u32) -> Result<bool> {
        Err(Error::Unsupported("wrap"))
    }
    /// Checks and decrypts in place. Returns whether the message was sealed.
    fn unwrap(&mut self, _iov: &mut [IoBuf<'_>], _seq: u32) -> Result<bool> {
        Err(Error::Unsupported("unwrap"))
    }
    /// gss_wrap's single-token form, written into `out` (the GSS face
    /// passes memory it hands to the caller, so the token is protected in
    /// place and never copied again). The default frames the token as the
    /// package's header (`sizes().security_trailer` bytes at most) followed
    /// by the protected data, as NTLM (gss-ntlmssp) does; packages whose
    /// tokens are shaped otherwise (RFC 4121 Wrap) override both `_into`s.
    fn wrap_token_into(&mut self, msg: &[u8], conf: bool, out: &mut dyn TokenBuf) -> Result<bool> {
        let s = self.sizes();
        let h = s.security_trailer.max(s.max_signature) as usize;
        let tok = out.fill(h, msg)?;
        let (hdr, data) = tok.split_at_mut(h);
        let mut iov = [
            IoBuf::new(IoKind::Header, hdr),
            IoBuf::new(IoKind::Data, data),
        ];
        let sealed = self.wrap(&mut iov, conf, 0)?;
        let n = iov[0].len.min(h);
        if n < h {
            tok.copy_within(h.., n);
            out.truncate(n + msg.len());
        }
        Ok(sealed)
    }
    /// Opens a `wrap_token_into` token into `out`; returns whether it was sealed.
    fn unwrap_token_into(&mut self, token: &[u8], out: &mut dyn TokenBuf) -> Result<bool> {
        let s = self.sizes();
        let h = s.security_trailer.max(s.max_signature) as usize;
        if token.len() < h {
            return Err(Error::InvalidToken(format!(
                "wrap token of {} bytes is shorter than its {h}-byte header",
                token.len()
            )));
        }
        let mut hdr = token[..h].to_vec();
        let data = out.fill(0, &token[h..])?; // decrypted in place
        let mut iov = [
            IoBuf::new(IoKind::Header, &mut hdr),
            IoBuf::new(IoKind::Data, data),
        ];
        self.unwrap(&mut iov, 0)
    }
    /// `wrap_token_into` a new Vec.
    fn wrap_token(&mut self, msg: &[u8], conf: bool) -> Result<(Vec<u8>, bool)> {
        let mut v = Vec::new();
        let sealed = self.wrap_token_into(msg, conf, &mut v)?;
        Ok((v, sealed))
    }
    /// `unwrap_token_into` a new Vec: the message and whether it was sealed.
    fn unwrap_token(&mut self, token: &[u8]) -> Result<(Vec<u8>, bool)> {
        let mut v = Vec::new();
        let sealed = self.unwrap_token_into(token, &mut v)?;
        Ok((v, sealed))
    }
    /// SPNEGO: whether this mechanism makes the mechListMIC exchange
    /// mandatory once it has completed (RFC 4178 5; [MS-SPNG] 3.1.5.1:
    /// NTLM does when its AUTHENTICATE message carried a MIC). MIT's
    /// SPNEGO asks gss-ntlmssp the same through GSS_SPNEGO_REQUIRE_MIC.
    fn requires_mech_list_mic(&self) -> bool {
        false
    }
    /// SPNEGO: called right after this context signed (`outgoing`) or
    /// verified the mechListMIC. NTLM resets that direction's RC4 state
    /// so the first application message starts from a fresh keystream,
    /// as Windows does ([MS-SPNG] 3.3.5.1) and MIT asks of gss-ntlmssp
    /// (its reset-crypto context option); others ignore it.
    fn mech_list_mic_done(&mut self, _outgoing: bool) {}
    /// A credential the initiator delegated to us (Kerberos forwarded TGT),
    /// taken once by the acceptor's face.
    fn take_delegated(&mut self) -> Option<Box<dyn crate::core::credential::PackageCredential>> {
        None
    }
    /// Serialized state for ExportSecurityContext / gss_export_sec_context.
    fn export(&self) -> Result<Zeroizing<Vec<u8>>> {
        Err(Error::Unsupported("export"))
    }
    /// Only a deleted context's stand-in says yes (see `Context::close`).
    fn is_closed(&self) -> bool {
        false
    }
}

/// Memory for a token its receiver will own: a Vec, or in the GSS face a
/// malloc'd buffer handed to the C caller.
pub trait TokenBuf {
    /// Replaces the contents with `zeros` zero bytes followed by `body` and
    /// returns them, to be worked on in place.
    fn fill(&mut self, zeros: usize, body: &[u8]) -> Result<&mut [u8]>;
    /// Shortens the contents to `len` bytes.
    fn truncate(&mut self, len: usize);
}

impl TokenBuf for Vec<u8> {
    fn fill(&mut self, zeros: usize, body: &[u8]) -> Result<&mut [u8]> {
        self.clear();
        self.reserve(zeros + body.len());
        self.resize(zeros, 0);
        self.extend_from_slice(body);
        Ok(&mut self[..])
    }
    fn truncate(&mut self, len: usize) {
        Vec::truncate(self, len);
    }
}

/// What a context handle refers to.
pub struct Context {
    /// The credential's package (Negotiate's context names the negotiated
    /// one only once it is known).
    pub package: &'static dyn Package,
    pub inner: Box<dyn SecurityContext>,
}

impl Context {
    pub fn new(package: &'static dyn Package, inner: Box<dyn SecurityContext>) -> Self {
        Context { package, inner }
    }

    /// Drops the package's state (keys, names) now, whoever else still
    /// holds this context: a call racing the deletion, or a thread's cache
    /// of recently used contexts (`core::handles::with_context`). What is
    /// left refuses every operation.
    pub fn close(&mut self) {
        let package = self.inner.package();
        self.inner = Box::new(Closed(package));
    }

    pub fn is_closed(&self) -> bool {
        self.inner.is_closed()
    }
}

/// A deleted context's stand-in.
struct Closed(&'static PackageInfo);

impl SecurityContext for Closed {
    fn package(&self) -> &'static PackageInfo {
        self.0
    }
    fn step(&mut self, _input: &StepInput<'_>) -> Result<StepOutput> {
        Err(Error::InvalidHandle)
    }
    fn is_complete(&self) -> bool {
        false
    }
    fn is_initiator(&self) -> bool {
        false
    }
    fn flags(&self) -> Flags {
        Flags::NONE
    }
    fn sizes(&self) -> Sizes {
        Sizes::default()
    }
    fn client_name(&self) -> Option<String> {
        None
    }
    fn server_name(&self) -> Option<String> {
        None
    }
    fn is_closed(&self) -> bool {
        true
    }
}
