//! The guard every exported function runs inside: a panic never crosses
//! into C; it is logged and becomes the face's internal-error status.
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::core::trace;

/// Runs `f`, turning a panic into `on_panic`. `name` is the export's name,
/// for the trace.
pub fn guard<T>(name: &'static str, on_panic: T, f: impl FnOnce() -> T) -> T {
    // AssertUnwindSafe: after a panic the only state we touch again is
    // behind parking_lot locks (not poisoned) and handle tables whose
    // invariants hold between statements.
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(v) => v,
        Err(p) => {
            let why = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            trace::log(format_args!("{name}: panic caught: {why}"));
            on_panic
        }
    }
}
