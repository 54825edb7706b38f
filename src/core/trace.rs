//! Tracing, like MIT's KRB5_TRACE: set SSPI_SHIM_TRACE to a file path (or
//! "/dev/stderr") and each step and each error's cause is appended there.
//! Read again whenever a credential is acquired (as MIT reads KRB5_TRACE
//! when it makes a krb5 context), so a program may set it after loading
//! the library; not per call, where the environment lock, the scan of
//! `environ` and a copy of the value cost 4-5% of an NTLM handshake.
//! Never given secrets.
use std::fmt::Arguments;
use std::io::Write;
use std::sync::atomic::{AtomicU8, Ordering};

pub const ENV: &str = "SSPI_SHIM_TRACE";

const UNREAD: u8 = 0;
const OFF: u8 = 1;
const ON: u8 = 2;
static STATE: AtomicU8 = AtomicU8::new(UNREAD);

/// Reads SSPI_SHIM_TRACE again; says whether tracing is now on.
pub fn refresh() -> bool {
    let on = std::env::var_os(ENV).is_some_and(|v| !v.is_empty());
    STATE.store(if on { ON } else { OFF }, Ordering::Relaxed);
    on
}

pub fn enabled() -> bool {
    match STATE.load(Ordering::Relaxed) {
        ON => true,
        OFF => false,
        _ => refresh(),
    }
}

pub fn log(args: Arguments<'_>) {
    let Some(path) = std::env::var_os(ENV).filter(|v| !v.is_empty()) else {
        return;
    };
    let line = format!("[{}] sspi-shim: {}\n", std::process::id(), args);
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = f.write_all(line.as_bytes());
    }
}

/// `trace!("step {}: {}", n, err)` — formats only when tracing is on.
#[macro_export]
macro_rules! trace {
    ($($arg:tt)*) => {
        if $crate::core::trace::enabled() {
            $crate::core::trace::log(format_args!($($arg)*));
        }
    };
}
