//! The C boundary: the only module with `unsafe` and `extern "C"`.
//! Every export is one guarded call (see `boundary`).
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]
#![deny(clippy::missing_safety_doc)]
pub mod boundary;
pub mod gss;
pub mod heap;
pub mod sspi;
