//! The guard every exported function runs inside: a panic never crosses
//! into C; it is logged and becomes the face's internal-error status.
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use crate::core::trace;

/// Runs `f`, turning a panic into `on_panic`. `name` is the export's name,
/// for the trace.
pub fn guard<T>(name: &'static str, on_panic: T, f: impl FnOnce() -> T) -> T {
    FORK_HANDLER.call_once(register_fork_handler);
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

static FORK_HANDLER: Once = Once::new();

extern "C" fn after_fork_in_child() {
    crate::crypto::random::forked();
}

/// The random pools (`crypto::random`) must be drawn again in a forked
/// child. Registered on the first call into the library, before any pool
/// exists. glibc's pthread_atfork records our object's handle, so the
/// handler goes away if the library is dlclose()d.
fn register_fork_handler() {
    // SAFETY: registers a plain function that only touches an atomic.
    let rc = unsafe { libc::pthread_atfork(None, None, Some(after_fork_in_child)) };
    if rc != 0 {
        trace::log(format_args!(
            "pthread_atfork failed ({rc}): random bytes unpooled"
        ));
        crate::crypto::random::never_pool();
    }
}
