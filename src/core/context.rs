//! Security contexts: the trait every package's context implements, and
//! the object a context handle refers to.
use std::sync::Arc;
use std::time::SystemTime;

use zeroize::Zeroizing;

use crate::core::bindings::ChannelBindings;
use crate::core::credential::Credential;
use crate::core::flags::Flags;
use crate::core::iov::{IoBuf, IoKind};
use crate::core::{Error, Result};
use crate::packages::PackageInfo;

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
    /// gss_wrap's single-token form. The default frames the token as the
    /// package's header (`sizes().security_trailer` bytes at most) followed
    /// by the protected data, as NTLM (gss-ntlmssp) does; packages whose
    /// tokens are shaped otherwise (RFC 4121 Wrap) override both.
    fn wrap_token(&mut self, msg: &[u8], conf: bool) -> Result<(Vec<u8>, bool)> {
        let s = self.sizes();
        let h = s.security_trailer.max(s.max_signature) as usize;
        // One allocation: the header's room, then the message, protected in place.
        let mut tok = Vec::with_capacity(h + msg.len());
        tok.resize(h, 0);
        tok.extend_from_slice(msg);
        let (hdr, data) = tok.split_at_mut(h);
        let mut iov = [
            IoBuf::new(IoKind::Header, hdr),
            IoBuf::new(IoKind::Data, data),
        ];
        let sealed = self.wrap(&mut iov, conf, 0)?;
        let n = iov[0].len.min(h);
        if n < h {
            tok.copy_within(h.., n);
            tok.truncate(n + msg.len());
        }
        Ok((tok, sealed))
    }
    /// Opens a `wrap_token` token: returns the message and whether it was sealed.
    fn unwrap_token(&mut self, token: &[u8]) -> Result<(Vec<u8>, bool)> {
        let s = self.sizes();
        let h = s.security_trailer.max(s.max_signature) as usize;
        if token.len() < h {
            return Err(Error::InvalidToken(format!(
                "wrap token of {} bytes is shorter than its {h}-byte header",
                token.len()
            )));
        }
        let mut hdr = token[..h].to_vec();
        let mut data = token[h..].to_vec(); // decrypted in place
        let mut iov = [
            IoBuf::new(IoKind::Header, &mut hdr),
            IoBuf::new(IoKind::Data, &mut data),
        ];
        let sealed = self.unwrap(&mut iov, 0)?;
        Ok((data, sealed))
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
}

/// What a context handle refers to.
pub struct Context {
    /// Kept alive for the context's lifetime: Windows lets a caller free the
    /// credential handle while contexts made from it live on.
    pub cred: Arc<Credential>,
    pub inner: Box<dyn SecurityContext>,
}
