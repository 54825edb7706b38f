//! The C boundary: the only module with `unsafe` and `extern "C"`.
//! Every export is one guarded call (see `boundary`).
pub mod boundary;
pub mod gss;
