//! The SSPI face: Windows' SSPI exports and function tables over the core.
//! Every export is one `status::run` call: the panic guard, argument
//! checks and conversion, a safe implementation returning `core::Result`,
//! and the one mapping to SECURITY_STATUS.
// Windows spells its functions, parameters and fields this way.
#![allow(non_snake_case, non_camel_case_types)]

pub mod alloc;
pub mod attributes;
pub mod buffers;
pub mod context;
pub mod credentials;
pub mod flags;
pub mod handle;
pub mod identity;
pub mod messages;
pub mod packages;
pub mod status;
pub mod strings;
pub mod table;
pub mod types;
pub mod unsupported;

#[cfg(test)]
mod tests;
