//! Random bytes for keys, challenges, nonces and confounders: the kernel's
//! getrandom, drawn 256 bytes at a time into a pool per thread, because a
//! system call costs about 250 ns on these virtual machines (the two of an
//! NTLM handshake were 7% of it, and a Kerberos wrap made one per message).
//! Each byte is handed out once and wiped from the pool as it goes.
//!
//! A forked child must not hand out the bytes its parent will: the C-ABI
//! layer registers [`forked`] with pthread_atfork, and a pool filled before
//! the latest fork is drawn again. (A child made by a raw clone() system
//! call, which runs no fork handlers, is not covered; glibc's fork() and
//! posix_spawn() are.)
use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use zeroize::Zeroize;

const POOL: usize = 256;
/// Larger requests go to the kernel directly.
const LARGEST_POOLED: usize = 64;

static FORKS: AtomicU64 = AtomicU64::new(0);
static UNPOOLED: AtomicBool = AtomicBool::new(false);

/// Runs in the child after fork(): every pool is stale there.
pub fn forked() {
    FORKS.fetch_add(1, Ordering::Relaxed);
}

struct Pool {
    bytes: [u8; POOL],
    next: usize,
    forks: u64,
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

thread_local! {
    static POOLS: RefCell<Pool> = const {
        RefCell::new(Pool { bytes: [0; POOL], next: POOL, forks: 0 })
    };
}

/// Every draw goes to the kernel from now on: for when the fork handler
/// could not be registered.
pub fn never_pool() {
    UNPOOLED.store(true, Ordering::Relaxed);
}

/// Fills `buf` with bytes from the kernel's CSPRNG.
pub fn fill(buf: &mut [u8]) -> Result<(), getrandom::Error> {
    if buf.len() > LARGEST_POOLED || UNPOOLED.load(Ordering::Relaxed) {
        return getrandom::getrandom(buf);
    }
    POOLS
        .try_with(|pool| {
            let mut p = pool.borrow_mut();
            let forks = FORKS.load(Ordering::Relaxed);
            if p.forks != forks || POOL - p.next < buf.len() {
                getrandom::getrandom(&mut p.bytes)?;
                p.next = 0;
                p.forks = forks;
            }
            let taken = p.next..p.next + buf.len();
            buf.copy_from_slice(&p.bytes[taken.clone()]);
            p.bytes[taken].zeroize();
            p.next += buf.len();
            Ok(())
        })
        // This thread's pool is already gone (a thread-exit destructor).
        .unwrap_or_else(|_| getrandom::getrandom(buf))
}

#[cfg(test)]
mod tests {
    use super::{fill, forked, POOL};

    #[test]
    fn bytes_are_never_handed_out_twice() {
        // Draws that span several pool refills never repeat a 16-byte
        // value (a repeat would mean a pool was handed out twice).
        let mut seen = std::collections::HashSet::new();
        for _ in 0..(4 * POOL / 16) {
            let mut b = [0u8; 16];
            fill(&mut b).unwrap();
            assert!(seen.insert(b), "a 16-byte draw repeated");
        }
    }

    #[test]
    fn a_fork_discards_the_pool() {
        let mut a = [0u8; 8];
        fill(&mut a).unwrap();
        // What the pool would hand out next, taken from a copy of it.
        let next = super::POOLS.with(|p| {
            let p = p.borrow();
            let mut n = [0u8; 8];
            n.copy_from_slice(&p.bytes[p.next..p.next + 8]);
            n
        });
        forked();
        let mut b = [0u8; 8];
        fill(&mut b).unwrap();
        assert_ne!(b, next, "the pre-fork pool was used after a fork");
        // Handed-out bytes are wiped from the pool.
        super::POOLS.with(|p| {
            let p = p.borrow();
            assert!(p.bytes[..p.next].iter().all(|&x| x == 0));
        });
    }

    #[test]
    fn large_requests_bypass_the_pool() {
        let mut big = [0u8; 1024];
        fill(&mut big).unwrap();
        assert!(big.iter().any(|&x| x != 0));
    }
}
