//! The package-neutral core: errors, flags, credentials, contexts, handle
//! tables. Nothing here knows which C face called it.
pub mod bindings;
pub mod context;
pub mod credential;
pub mod error;
pub mod flags;
pub mod handles;
pub mod iov;
pub mod time;
pub mod trace;

pub use error::{Error, Result};
