//! End-to-end tests of the gss_* exports over a test-only loopback
//! package (until NTLM lands): a context inserted in CONTEXTS the way
//! gss_init_sec_context does, then message protection, inquiry and
//! deletion through the exported functions. A separate test binary, so
//! its contexts never show in the SSPI tests' leak counts of CONTEXTS.
use std::any::Any;
use std::sync::Arc;

use parking_lot::Mutex;

use sspi::abi::gss::context::*;
use sspi::abi::gss::ffi;
use sspi::abi::gss::messages::*;
use sspi::abi::gss::misc::gss_release_buffer;
use sspi::abi::gss::names::gss_release_name;
use sspi::abi::gss::types::*;
use sspi::core::context::{Context, SecurityContext, Sizes, StepInput, StepOutput};
use sspi::core::credential::{CredRequest, CredUse, Credential, PackageCredential};
use sspi::core::flags::Flags;
use sspi::core::handles::CONTEXTS;
use sspi::core::iov::{find, for_each_signed, IoBuf, IoKind};
use sspi::core::{Error, Result};
use sspi::packages::{Package, PackageInfo};

static INFO: PackageInfo = PackageInfo {
    name: "Loopback",
    comment: "test only",
    capabilities: 0,
    version: 1,
    rpc_id: 0,
    max_token: 64,
    oids: &[&[0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a]],
};

struct Loop;
struct LoopCred;
impl PackageCredential for LoopCred {
    fn name(&self) -> String {
        "DOM\\alice".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Package for Loop {
    fn info(&self) -> &'static PackageInfo {
        &INFO
    }
    fn acquire(&self, _r: &CredRequest) -> Result<Box<dyn PackageCredential>> {
        Ok(Box::new(LoopCred))
    }
    fn initiator(
        &self,
        _c: Arc<Credential>,
        _t: Option<&str>,
        _f: Flags,
    ) -> Result<Box<dyn SecurityContext>> {
        Ok(Box::new(LoopCtx { done: true }))
    }
    fn acceptor(&self, _c: Arc<Credential>, _f: Flags) -> Result<Box<dyn SecurityContext>> {
        Ok(Box::new(LoopCtx { done: true }))
    }
}

/// Signature: 16 bytes, the first 4 the wrapping sum of the signed bytes.
struct LoopCtx {
    done: bool,
}

fn sum(iov: &[IoBuf<'_>]) -> [u8; 16] {
    let mut s: u32 = 0;
    for_each_signed(iov, |d| {
        for &b in d {
            s = s.wrapping_mul(31).wrapping_add(u32::from(b));
        }
    });
    let mut out = [0u8; 16];
    out[..4].copy_from_slice(&s.to_le_bytes());
    out
}

impl SecurityContext for LoopCtx {
    fn package(&self) -> &'static PackageInfo {
        &INFO
    }
    fn step(&mut self, _i: &StepInput<'_>) -> Result<StepOutput> {
        Ok(StepOutput {
            token: vec![],
            complete: true,
        })
    }
    fn is_complete(&self) -> bool {
        self.done
    }
    fn is_initiator(&self) -> bool {
        true
    }
    fn flags(&self) -> Flags {
        Flags::INTEGRITY | Flags::CONFIDENTIALITY | Flags::MUTUAL
    }
    fn sizes(&self) -> Sizes {
        Sizes {
            max_token: 64,
            max_signature: 16,
            block_size: 0,
            security_trailer: 16,
        }
    }
    fn client_name(&self) -> Option<String> {
        Some("DOM\\alice".into())
    }
    fn server_name(&self) -> Option<String> {
        Some("HTTP/web.example".into())
    }
    fn sign(&mut self, iov: &mut [IoBuf<'_>], _s: u32) -> Result<()> {
        let sig = sum(iov);
        let h = find(iov, IoKind::Header).ok_or(Error::InvalidParameter("no header"))?;
        if h.buf.len() < 16 {
            return Err(Error::BufferTooSmall);
        }
        h.buf[..16].copy_from_slice(&sig);
        h.len = 16;
        Ok(())
    }
    fn verify(&mut self, iov: &mut [IoBuf<'_>], _s: u32) -> Result<()> {
        let sig = sum(iov);
        let h = find(iov, IoKind::Header).ok_or(Error::InvalidParameter("no header"))?;
        if h.data() != sig {
            return Err(Error::MessageAltered);
        }
        Ok(())
    }
    fn wrap(&mut self, iov: &mut [IoBuf<'_>], conf: bool, s: u32) -> Result<bool> {
        self.sign(iov, s)?;
        if conf {
            for b in iov.iter_mut().filter(|b| b.kind == IoKind::Data) {
                b.buf.iter_mut().for_each(|x| *x ^= 0x5a);
            }
        }
        Ok(conf)
    }
    fn unwrap(&mut self, iov: &mut [IoBuf<'_>], s: u32) -> Result<bool> {
        for b in iov.iter_mut().filter(|b| b.kind == IoKind::Data) {
            b.buf.iter_mut().for_each(|x| *x ^= 0x5a);
        }
        self.verify(iov, s)?;
        Ok(true)
    }
}

static LOOP: Loop = Loop;

fn new_ctx() -> gss_ctx_id_t {
    let req = CredRequest {
        usage: CredUse::Both,
        principal: None,
        identity: None,
        package_list: None,
        store: Vec::new(),
    };
    let cred = Arc::new(Credential::acquire(&LOOP, &req).unwrap());
    let inner = LOOP.initiator(cred, None, Flags::NONE).unwrap();
    ffi::to_ptr(CONTEXTS.insert(Arc::new(Mutex::new(Context::new(&LOOP, inner)))))
}

/// gss_unwrap of `tok` into `out`: (major, minor) status.
fn unwrap(
    ctx: gss_ctx_id_t,
    tok: &gss_buffer_desc,
    out: &mut gss_buffer_desc,
) -> (OM_uint32, OM_uint32) {
    let (mut minor, mut conf) = (0, 0);
    let major = gss_unwrap(&mut minor, ctx, tok, out, &mut conf, std::ptr::null_mut());
    (major, minor)
}

fn buf(b: &[u8]) -> gss_buffer_desc {
    gss_buffer_desc {
        length: b.len(),
        value: b.as_ptr() as *mut _,
    }
}

#[test]
fn wrap_unwrap_mic_through_exports() {
    let ctx = new_ctx();
    let mut minor = 0;
    let msg = b"hello, gss";
    let mut tok = ffi::empty_buffer();
    let mut conf = 0;
    assert_eq!(
        gss_wrap(&mut minor, ctx, 1, 0, &buf(msg), &mut conf, &mut tok),
        GSS_S_COMPLETE
    );
    assert_eq!(conf, 1);
    assert_eq!(tok.length, 16 + msg.len(), "signature || sealed data");
    let mut out = ffi::empty_buffer();
    assert_eq!(unwrap(ctx, &tok, &mut out).0, GSS_S_COMPLETE);
    assert_eq!(ffi::bytes(&out), msg);
    gss_release_buffer(&mut minor, &mut out);
    // Tamper: a flipped byte is GSS_S_BAD_SIG and writes nothing.
    let mut bad = ffi::bytes(&tok).to_vec();
    bad[20] ^= 1;
    let (major, bad_minor) = unwrap(ctx, &buf(&bad), &mut out);
    assert_eq!(major, GSS_S_BAD_SIG);
    assert!(out.value.is_null());
    assert_ne!(bad_minor, 0);
    gss_release_buffer(&mut minor, &mut tok);

    let mut mic = ffi::empty_buffer();
    assert_eq!(
        gss_get_mic(&mut minor, ctx, 0, &buf(msg), &mut mic),
        GSS_S_COMPLETE
    );
    assert_eq!(mic.length, 16);
    assert_eq!(
        gss_verify_mic(&mut minor, ctx, &buf(msg), &mic, std::ptr::null_mut()),
        GSS_S_COMPLETE
    );
    assert_eq!(
        gss_verify_mic(&mut minor, ctx, &buf(b"other"), &mic, std::ptr::null_mut()),
        GSS_S_BAD_SIG
    );
    gss_release_buffer(&mut minor, &mut mic);

    let mut limit = 0;
    assert_eq!(
        gss_wrap_size_limit(&mut minor, ctx, 1, 0, 1000, &mut limit),
        GSS_S_COMPLETE
    );
    assert_eq!(limit, 984);

    let (mut flags, mut open, mut local) = (0, 0, 0);
    let mut targ: gss_name_t = std::ptr::null_mut();
    assert_eq!(
        gss_inquire_context(
            &mut minor,
            ctx,
            std::ptr::null_mut(),
            &mut targ,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            &mut flags,
            &mut local,
            &mut open
        ),
        GSS_S_COMPLETE
    );
    assert_eq!(open, 1);
    assert_eq!(local, 1);
    assert!(flags & GSS_C_CONF_FLAG != 0 && flags & GSS_C_PROT_READY_FLAG != 0);
    assert!(!targ.is_null());
    assert_eq!(
        sspi::abi::gss::names::lookup(targ).unwrap().text,
        "HTTP@web.example"
    );
    assert_eq!(gss_release_name(&mut minor, &mut targ), GSS_S_COMPLETE);

    let mut h = ctx;
    assert_eq!(
        gss_delete_sec_context(&mut minor, &mut h, std::ptr::null_mut()),
        GSS_S_COMPLETE
    );
    assert!(h.is_null());
    let mut out = ffi::empty_buffer();
    assert_eq!(
        gss_wrap(&mut minor, ctx, 1, 0, &buf(msg), &mut conf, &mut out),
        GSS_S_NO_CONTEXT
    );
}

#[test]
fn iov_wrap_with_allocation_and_stream_unwrap() {
    let ctx = new_ctx();
    let mut minor = 0;
    let mut data = *b"iov payload";
    let mut iov = [
        gss_iov_buffer_desc {
            type_: GSS_IOV_BUFFER_TYPE_HEADER | GSS_IOV_BUFFER_FLAG_ALLOCATE,
            buffer: ffi::empty_buffer(),
        },
        gss_iov_buffer_desc {
            type_: GSS_IOV_BUFFER_TYPE_DATA,
            buffer: buf(&data),
        },
        gss_iov_buffer_desc {
            type_: GSS_IOV_BUFFER_TYPE_PADDING | GSS_IOV_BUFFER_FLAG_ALLOCATE,
            buffer: ffi::empty_buffer(),
        },
    ];
    iov[1].buffer.value = data.as_mut_ptr() as *mut _;
    let mut conf = 0;
    assert_eq!(
        gss_wrap_iov(&mut minor, ctx, 1, 0, &mut conf, iov.as_mut_ptr(), 3),
        GSS_S_COMPLETE
    );
    assert_eq!(iov[0].buffer.length, 16);
    assert!(iov[0].type_ & GSS_IOV_BUFFER_FLAG_ALLOCATED != 0);
    assert_ne!(&data, b"iov payload");
    // Stream form: header || data in one buffer.
    let mut stream = ffi::bytes(&iov[0].buffer).to_vec();
    stream.extend_from_slice(&data);
    let mut iov2 = [
        gss_iov_buffer_desc {
            type_: GSS_IOV_BUFFER_TYPE_STREAM,
            buffer: buf(&stream),
        },
        gss_iov_buffer_desc {
            type_: GSS_IOV_BUFFER_TYPE_DATA,
            buffer: ffi::empty_buffer(),
        },
    ];
    iov2[0].buffer.value = stream.as_mut_ptr() as *mut _;
    assert_eq!(
        gss_unwrap_iov(
            &mut minor,
            ctx,
            &mut conf,
            std::ptr::null_mut(),
            iov2.as_mut_ptr(),
            2
        ),
        GSS_S_COMPLETE
    );
    assert_eq!(ffi::bytes(&iov2[1].buffer), b"iov payload");
    assert_eq!(
        gss_release_iov_buffer(&mut minor, iov.as_mut_ptr(), 3),
        GSS_S_COMPLETE
    );
    assert!(iov[0].buffer.value.is_null());

    let mut mic_iov = [
        gss_iov_buffer_desc {
            type_: GSS_IOV_BUFFER_TYPE_DATA,
            buffer: buf(b"abc"),
        },
        gss_iov_buffer_desc {
            type_: GSS_IOV_BUFFER_TYPE_MIC_TOKEN | GSS_IOV_BUFFER_FLAG_ALLOCATE,
            buffer: ffi::empty_buffer(),
        },
    ];
    assert_eq!(
        gss_get_mic_iov(&mut minor, ctx, 0, mic_iov.as_mut_ptr(), 2),
        GSS_S_COMPLETE
    );
    assert_eq!(mic_iov[1].buffer.length, 16);
    assert_eq!(
        gss_verify_mic_iov(
            &mut minor,
            ctx,
            std::ptr::null_mut(),
            mic_iov.as_mut_ptr(),
            2
        ),
        GSS_S_COMPLETE
    );
    assert_eq!(
        gss_release_iov_buffer(&mut minor, mic_iov.as_mut_ptr(), 2),
        GSS_S_COMPLETE
    );
    let mut h = ctx;
    assert_eq!(
        gss_delete_sec_context(&mut minor, &mut h, std::ptr::null_mut()),
        GSS_S_COMPLETE
    );
}

/// A failed first step leaves empty outputs, as MIT's mechglue does:
/// libpq reads output_token.length from an uninitialised descriptor after
/// a failure and frees the value when the length is non-zero.
#[test]
fn failed_steps_empty_their_outputs() {
    let junk = 0x5a5a_5a5a_usize as *mut std::ffi::c_void;
    let mut minor = 0;
    let mut ctx: gss_ctx_id_t = std::ptr::null_mut();
    let mut out = gss_buffer_desc {
        length: 77,
        value: junk,
    };
    let mut mech: gss_OID = junk.cast();
    let major = gss_init_sec_context(
        &mut minor,
        std::ptr::null_mut(),
        &mut ctx,
        std::ptr::null_mut(), // no target: fails
        std::ptr::null(),
        0,
        0,
        std::ptr::null(),
        std::ptr::null(),
        &mut mech,
        &mut out,
        std::ptr::null_mut(),
        std::ptr::null_mut(),
    );
    assert_ne!(major & 0xffff_0000, 0, "init must fail without a target");
    assert_eq!((out.length, out.value), (0, std::ptr::null_mut()));
    assert!(mech.is_null());
    assert!(ctx.is_null());

    let mut out = gss_buffer_desc {
        length: 77,
        value: junk,
    };
    let mut src: gss_name_t = junk.cast();
    let mut mech: gss_OID = junk.cast();
    let mut deleg: gss_cred_id_t = junk.cast();
    let token = buf(b"not a token");
    let major = gss_accept_sec_context(
        &mut minor,
        std::ptr::null_mut(), // no context_handle: fails
        std::ptr::null_mut(),
        &token,
        std::ptr::null(),
        &mut src,
        &mut mech,
        &mut out,
        std::ptr::null_mut(),
        std::ptr::null_mut(),
        &mut deleg,
    );
    assert_ne!(
        major & 0xffff_0000,
        0,
        "accept must fail without a context_handle"
    );
    assert_eq!((out.length, out.value), (0, std::ptr::null_mut()));
    assert!(src.is_null() && mech.is_null() && deleg.is_null());
}

/// A large token released with gss_release_buffer is kept and handed out
/// again for the next large token (glibc would otherwise trim it off the
/// heap and fault it back in); what it held before must not show through.
/// The only test here with buffers that large, so no other takes the spare.
#[test]
fn released_large_buffer_is_reused_cleanly() {
    let ctx = new_ctx();
    let mut minor = 0;
    let mut conf = 0;
    let first: Vec<u8> = (0..600 * 1024).map(|i| (i % 251) as u8).collect();
    let mut tok = ffi::empty_buffer();
    assert_eq!(
        gss_wrap(&mut minor, ctx, 1, 0, &buf(&first), &mut conf, &mut tok),
        GSS_S_COMPLETE
    );
    let released = tok.value;
    gss_release_buffer(&mut minor, &mut tok);

    let second: Vec<u8> = (0..300 * 1024).map(|i| (i % 13) as u8).collect();
    assert_eq!(
        gss_wrap(&mut minor, ctx, 1, 0, &buf(&second), &mut conf, &mut tok),
        GSS_S_COMPLETE
    );
    assert_eq!(tok.value, released, "the spare buffer was reused");
    assert_eq!(tok.length, 16 + second.len());
    let mut out = ffi::empty_buffer();
    assert_eq!(unwrap(ctx, &tok, &mut out).0, GSS_S_COMPLETE);
    assert_eq!(ffi::bytes(&out), &second[..]);
    gss_release_buffer(&mut minor, &mut out);
    gss_release_buffer(&mut minor, &mut tok);
    assert!(tok.value.is_null());
    let mut ctx = ctx;
    gss_delete_sec_context(&mut minor, &mut ctx, std::ptr::null_mut());
}
