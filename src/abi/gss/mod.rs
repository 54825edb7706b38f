//! The GSSAPI face, binary-compatible with MIT's libgssapi_krb5.so.2
//! (krb5 1.20): types and constants, OID data symbols, status codes and
//! messages, and the gss_* functions split by concern. Every export is one
//! `boundary::guard` call over safe Rust that returns
//! `GssResult<OM_uint32>`; `ffi::status` writes the minor code.
//!
//! The exports take raw pointers from C and are `extern "C" fn`, not
//! `unsafe fn`, as rustls-ffi does: Rust code never calls them, and every
//! dereference goes through `ffi`, which checks NULL and states why it is
//! sound (the caller's RFC 2744 contract).
#![allow(clippy::not_unsafe_ptr_arg_deref)]
#![allow(clippy::too_many_arguments)]

pub mod context;
pub mod creds;
pub mod ffi;
pub mod krb5_ext;
pub mod messages;
pub mod misc;
pub mod names;
pub mod oid_sets;
pub mod oids;
pub mod status;
pub mod types;
pub mod unavailable;
