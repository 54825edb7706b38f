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
// The feature makes NTLM's keys predictable: refuse it outside cargo-fuzz
// (which passes `--cfg fuzzing`), so no real build can carry it.
#[cfg(all(feature = "fuzzing", not(fuzzing)))]
compile_error!("the `fuzzing` feature is for cargo-fuzz builds (RUSTFLAGS=--cfg fuzzing) only");

#[allow(unsafe_code)]
pub mod abi;
