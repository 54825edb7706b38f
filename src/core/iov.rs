//! Scatter/gather buffers for message protection: one shape serves SSPI's
//! SecBufferDesc (EncryptMessage, MakeSignature) and GSSAPI's iov calls
//! (gss_wrap_iov, gss_get_mic_iov); gss_wrap and gss_get_mic build one.

/// What a buffer holds, in package-neutral terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoKind {
    /// Data to protect: encrypted in place when sealing, signed always.
    Data,
    /// Data that is signed but neither encrypted nor changed
    /// (SECBUFFER_READONLY_WITH_CHECKSUM, GSS_IOV_BUFFER_TYPE_SIGN_ONLY).
    SignOnly,
    /// The token or signature (SECBUFFER_TOKEN, GSS_IOV_BUFFER_TYPE_HEADER).
    Header,
    /// Cipher padding (SECBUFFER_PADDING, GSS_IOV_BUFFER_TYPE_PADDING).
    Padding,
    /// Trailer (GSS_IOV_BUFFER_TYPE_TRAILER).
    Trailer,
    /// A buffer the package neither reads nor writes.
    Ignore,
}

/// One buffer. `buf` is the caller's memory (its capacity); packages set
/// `len` to the bytes they used for Header/Padding/Trailer outputs.
#[derive(Debug)]
pub struct IoBuf<'a> {
    pub kind: IoKind,
    pub buf: &'a mut [u8],
    pub len: usize,
}

impl<'a> IoBuf<'a> {
    pub fn new(kind: IoKind, buf: &'a mut [u8]) -> Self {
        let len = buf.len();
        IoBuf { kind, buf, len }
    }
    pub fn data(&self) -> &[u8] {
        &self.buf[..self.len.min(self.buf.len())]
    }
}

/// The first buffer of `kind`, if any.
pub fn find<'b, 'a>(iov: &'b mut [IoBuf<'a>], kind: IoKind) -> Option<&'b mut IoBuf<'a>> {
    iov.iter_mut().find(|b| b.kind == kind)
}

/// Feeds every signed buffer (Data and SignOnly), in order, to `f`.
pub fn for_each_signed(iov: &[IoBuf<'_>], mut f: impl FnMut(&[u8])) {
    for b in iov {
        if matches!(b.kind, IoKind::Data | IoKind::SignOnly) {
            f(b.data());
        }
    }
}
