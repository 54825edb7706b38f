//! Tracing, like MIT's KRB5_TRACE: set SSPI_SHIM_TRACE to a file path (or
//! "/dev/stderr") and each step and each error's cause is appended there.
//! Read per call, so a program may set it after loading the library.
//! Never given secrets.
use std::fmt::Arguments;
use std::io::Write;

pub const ENV: &str = "SSPI_SHIM_TRACE";

pub fn enabled() -> bool {
    std::env::var_os(ENV).is_some_and(|v| !v.is_empty())
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
