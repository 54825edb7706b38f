//! The acceptor's in-process replay cache (RFC 4120 3.2.3): an
//! authenticator seen before within the clock skew is refused. Keyed by
//! client, server, ctime, cusec and a hash of the encrypted authenticator.
use std::collections::HashMap;

use once_cell::sync::Lazy;
use parking_lot::Mutex;
use sha2::{Digest, Sha256};

use super::codes::{kerberos_error, KRB5KRB_AP_ERR_REPEAT};
use crate::core::Result;

type Entry = (String, String, i64, u32, [u8; 32]);

static CACHE: Lazy<Mutex<HashMap<Entry, i64>>> = Lazy::new(|| Mutex::new(HashMap::new()));

/// Forgets every authenticator (fuzzing builds: each input starts afresh).
#[cfg(feature = "fuzzing")]
pub fn clear() {
    CACHE.lock().clear();
}

/// Records the authenticator, or reports KRB5KRB_AP_ERR_REPEAT.
pub fn check(
    client: &str,
    server: &str,
    ctime: i64,
    cusec: u32,
    ciphertext: &[u8],
    now: i64,
    skew: i64,
) -> Result<()> {
    let key = (
        client.to_string(),
        server.to_string(),
        ctime,
        cusec,
        Sha256::digest(ciphertext).into(),
    );
    let mut c = CACHE.lock();
    c.retain(|_, exp| *exp > now);
    if c.contains_key(&key) {
        return Err(kerberos_error(
            KRB5KRB_AP_ERR_REPEAT,
            format!("authenticator from {client} to {server} already seen"),
        ));
    }
    c.insert(key, ctime + skew);
    Ok(())
}
