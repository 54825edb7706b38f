//! Time helpers. Expiry is carried as `SystemTime`; the faces convert to
//! FILETIME (SSPI) or seconds remaining (GSSAPI).
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// 100 ns intervals between 1601-01-01 and 1970-01-01.
pub const FILETIME_UNIX_EPOCH: i64 = 116_444_736_000_000_000;

/// Windows FILETIME (100 ns since 1601) of `t`.
pub fn to_filetime(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => FILETIME_UNIX_EPOCH + (d.as_nanos() / 100) as i64,
        Err(e) => FILETIME_UNIX_EPOCH - (e.duration().as_nanos() / 100) as i64,
    }
}

/// The largest FILETIME Windows uses for "never expires".
pub const FILETIME_NEVER: i64 = 0x7FFF_FFFF_FFFF_FFFF;

/// Seconds from now until `t` (0 when past).
pub fn seconds_until(t: SystemTime) -> u64 {
    t.duration_since(SystemTime::now())
        .unwrap_or(Duration::ZERO)
        .as_secs()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn filetime_of_unix_epoch() {
        assert_eq!(to_filetime(UNIX_EPOCH), FILETIME_UNIX_EPOCH);
        assert_eq!(
            to_filetime(UNIX_EPOCH + Duration::from_secs(1)),
            FILETIME_UNIX_EPOCH + 10_000_000
        );
    }
}
