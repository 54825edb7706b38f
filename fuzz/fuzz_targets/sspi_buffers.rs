//! SecBufferDesc decoding through the C entry points: on an NTLM context
//! pair established through the SSPI face, descriptors built from the
//! input (any ulVersion, 0 to 70 buffers, any BufferType with attribute
//! bits, NULL pvBuffer with a nonzero cbBuffer, short buffers) go to
//! DecryptMessage, VerifySignature, EncryptMessage, MakeSignature, and to
//! AcceptSecurityContext / InitializeSecurityContextW as the input of a
//! fresh context's step. Only documented status codes may come back.
//!
//! Input: operations split at `SEP`; each an opcode byte, a descriptor
//! byte (bit 0: ulVersion from the next 4 bytes; bit 1: NULL pBuffers),
//! a buffer count, then per buffer a type byte, a flags byte (bit 0 NULL
//! pvBuffer), a length byte, and that many bytes of contents (fewer if the
//! input runs out).
#![no_main]
use std::ffi::c_void;
use std::ptr::null_mut;

use fuzzkit::sspi_c::{self, Pair};
use libfuzzer_sys::fuzz_target;
use sspi::abi::sspi::context::DeleteSecurityContext;
use sspi::abi::sspi::messages::*;
use sspi::abi::sspi::types::*;

const TYPES: [ULONG; 12] = [
    SECBUFFER_EMPTY,
    SECBUFFER_DATA,
    SECBUFFER_TOKEN,
    SECBUFFER_PADDING,
    SECBUFFER_STREAM,
    SECBUFFER_EXTRA,
    SECBUFFER_CHANNEL_BINDINGS,
    SECBUFFER_DATA | SECBUFFER_READONLY_WITH_CHECKSUM,
    SECBUFFER_DATA | SECBUFFER_READONLY,
    SECBUFFER_TOKEN | SECBUFFER_READONLY,
    SECBUFFER_STREAM_HEADER,
    SECBUFFER_MISSING,
];

struct Built {
    desc: SecBufferDesc,
    _bufs: Vec<SecBuffer>,
    _mem: Vec<Vec<u8>>,
}

fn take<'a>(b: &mut &'a [u8], n: usize) -> &'a [u8] {
    let (h, t) = b.split_at(n.min(b.len()));
    *b = t;
    h
}

fn build(mut b: &[u8]) -> Built {
    let ctl = take(&mut b, 1).first().copied().unwrap_or(0);
    let version = if ctl & 1 != 0 {
        let v = take(&mut b, 4);
        let mut w = [0u8; 4];
        w[..v.len()].copy_from_slice(v);
        u32::from_le_bytes(w)
    } else {
        SECBUFFER_VERSION
    };
    let count = take(&mut b, 1).first().copied().unwrap_or(0) as usize % 71;
    let mut mem: Vec<Vec<u8>> = Vec::with_capacity(count);
    let mut specs = Vec::with_capacity(count);
    for _ in 0..count {
        let h = take(&mut b, 3);
        let (ty, fl, len) = (
            *h.first().unwrap_or(&0),
            *h.get(1).unwrap_or(&0),
            *h.get(2).unwrap_or(&0) as usize,
        );
        let ty = if (ty as usize) < TYPES.len() {
            TYPES[ty as usize]
        } else {
            ty as ULONG
        };
        mem.push(take(&mut b, len).to_vec());
        specs.push((ty, fl & 1 != 0, len));
    }
    let mut bufs: Vec<SecBuffer> = specs
        .iter()
        .zip(mem.iter_mut())
        .map(|(&(ty, null, len), m)| SecBuffer {
            // A NULL buffer claims its stated length; a real one its own.
            cbBuffer: if null { len as ULONG } else { m.len() as ULONG },
            BufferType: ty,
            pvBuffer: if null {
                null_mut()
            } else {
                m.as_mut_ptr() as *mut c_void
            },
        })
        .collect();
    let p = if ctl & 2 != 0 || bufs.is_empty() && ctl & 4 != 0 {
        null_mut()
    } else {
        bufs.as_mut_ptr()
    };
    Built {
        desc: SecBufferDesc {
            ulVersion: version,
            cBuffers: count as ULONG,
            pBuffers: p,
        },
        _bufs: bufs,
        _mem: mem,
    }
}

/// What any call may answer for hostile buffers.
const OK_STATUS: [SECURITY_STATUS; 12] = [
    SEC_E_OK,
    SEC_I_CONTINUE_NEEDED,
    SEC_E_INVALID_TOKEN,
    SEC_E_INVALID_PARAMETER,
    SEC_E_MESSAGE_ALTERED,
    SEC_E_OUT_OF_SEQUENCE,
    SEC_E_BUFFER_TOO_SMALL,
    SEC_E_INSUFFICIENT_MEMORY,
    SEC_E_INCOMPLETE_MESSAGE,
    SEC_E_LOGON_DENIED,
    SEC_E_UNSUPPORTED_FUNCTION,
    SEC_E_BAD_BINDINGS,
];

fn check(st: SECURITY_STATUS, what: &str) {
    assert!(
        OK_STATUS.contains(&st) || st == SEC_E_QOP_NOT_SUPPORTED || st == SEC_E_DOWNGRADE_DETECTED,
        "{what}: unexpected status {st:#x}"
    );
}

fuzz_target!(|data: &[u8]| {
    fuzzkit::init();
    let mut pair = Pair::new();
    for op in fuzzkit::split(data) {
        let Some((&code, rest)) = op.split_first() else {
            continue;
        };
        let mut built = build(rest);
        let d: *mut SecBufferDesc = &mut built.desc;
        let mut qop: ULONG = 0;
        // SAFETY: live context handles; `d` describes `count` buffers that
        // exist (or NULL pBuffers / NULL pvBuffer, which the library must
        // reject), each as long as its cbBuffer says.
        let st = unsafe {
            match code % 8 {
                0 => DecryptMessage(&mut pair.server, d, 0, &mut qop),
                1 => DecryptMessage(&mut pair.client, d, 0, &mut qop),
                2 => VerifySignature(&mut pair.server, d, 0, &mut qop),
                3 => EncryptMessage(&mut pair.client, 0, d, 0),
                4 => MakeSignature(&mut pair.client, 0, d, 0),
                5 => EncryptMessage(&mut pair.client, SECQOP_WRAP_NO_ENCRYPT, d, 0),
                6 => {
                    // A fresh acceptor's first step.
                    let mut ctx = sspi_c::null_handle();
                    let (st, _) = sspi_c::step(false, &mut pair.scred, &mut ctx, true, Some(d));
                    if st == SEC_E_OK || st == SEC_I_CONTINUE_NEEDED {
                        DeleteSecurityContext(&mut ctx);
                    }
                    st
                }
                _ => {
                    // A fresh initiator's second step.
                    let mut ctx = sspi_c::null_handle();
                    let (st, _) = sspi_c::step(true, &mut pair.ccred, &mut ctx, true, None);
                    assert_eq!(st, SEC_I_CONTINUE_NEEDED);
                    let (st, _) = sspi_c::step(true, &mut pair.ccred, &mut ctx, false, Some(d));
                    DeleteSecurityContext(&mut ctx);
                    st
                }
            }
        };
        check(st, &format!("op {}", code % 8));
    }
});
