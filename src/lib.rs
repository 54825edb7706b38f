//! sspi-shim: Windows' SSPI and MIT-compatible GSSAPI for Linux from one library.
//!
//! Layers (see DESIGN.md): `abi` is the only module with `unsafe` and
//! `extern "C"`; it checks and converts C arguments and calls the
//! package-neutral `core`, which dispatches to the security `packages`.
#![deny(unsafe_code)]

pub mod core;
pub mod crypto;
pub mod krb5;
pub mod packages;

/// Test hooks for the fuzz targets under `fuzz/`; see the module.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;

#[allow(unsafe_code)]
pub mod abi;
