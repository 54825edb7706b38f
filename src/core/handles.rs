//! Tables of opaque handles: a slot index plus a generation counter, so a
//! stale, double-freed, zeroed or made-up handle is found out instead of
//! dereferenced. The lock is held only to look up, insert or remove; work
//! runs on the object's own lock.
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use once_cell::sync::Lazy;
use parking_lot::Mutex;

use crate::core::context::Context;
use crate::core::credential::Credential;
use crate::core::{Error, Result};

/// A handle as a 64-bit value: tag (8 bits) | generation (24) | index (32).
/// Never zero, so it never equals a NULL handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Handle(pub u64);

struct Slot<T> {
    generation: u32,
    value: Option<Arc<T>>,
}

struct Slots<T> {
    slots: Vec<Slot<T>>,
    free: Vec<u32>,
    live: usize,
}

pub struct HandleTable<T> {
    tag: u8,
    inner: Mutex<Slots<T>>,
    /// Handles removed so far: while it stands still, every handle maps to
    /// what it mapped to before (see `with_context`).
    removals: AtomicU64,
}

const GEN_MASK: u32 = 0x00FF_FFFF;

impl<T> HandleTable<T> {
    /// `tag` tells tables apart, so a context handle passed where a
    /// credential is expected is rejected. Must be nonzero.
    pub const fn new(tag: u8) -> Self {
        HandleTable {
            tag,
            inner: Mutex::new(Slots {
                slots: Vec::new(),
                free: Vec::new(),
                live: 0,
            }),
            removals: AtomicU64::new(0),
        }
    }

    fn pack(&self, index: u32, generation: u32) -> Handle {
        Handle(((self.tag as u64) << 56) | ((generation as u64) << 32) | index as u64)
    }

    fn unpack(&self, h: Handle) -> Result<(usize, u32)> {
        if (h.0 >> 56) as u8 != self.tag {
            return Err(Error::InvalidHandle);
        }
        Ok((
            (h.0 & 0xFFFF_FFFF) as usize,
            ((h.0 >> 32) as u32) & GEN_MASK,
        ))
    }

    pub fn insert(&self, value: Arc<T>) -> Handle {
        let mut s = self.inner.lock();
        s.live += 1;
        if let Some(i) = s.free.pop() {
            let slot = &mut s.slots[i as usize];
            slot.value = Some(value);
            let generation = slot.generation;
            return self.pack(i, generation);
        }
        let i = s.slots.len() as u32;
        s.slots.push(Slot {
            generation: 1,
            value: Some(value),
        });
        self.pack(i, 1)
    }

    pub fn get(&self, h: Handle) -> Result<Arc<T>> {
        let (i, generation) = self.unpack(h)?;
        let s = self.inner.lock();
        match s.slots.get(i) {
            Some(Slot {
                generation: g,
                value: Some(v),
            }) if *g == generation => Ok(Arc::clone(v)),
            _ => Err(Error::InvalidHandle),
        }
    }

    /// Puts `value` behind a live handle in place of its object (MIT's
    /// in-place gss_canonicalize_name); holders of the old object keep it.
    pub fn replace(&self, h: Handle, value: Arc<T>) -> Result<Arc<T>> {
        let (i, generation) = self.unpack(h)?;
        let mut s = self.inner.lock();
        match s.slots.get_mut(i) {
            Some(Slot {
                generation: g,
                value: Some(v),
            }) if *g == generation => Ok(std::mem::replace(v, value)),
            _ => Err(Error::InvalidHandle),
        }
    }

    /// Removes the handle; the object is dropped when its last user lets go.
    pub fn remove(&self, h: Handle) -> Result<Arc<T>> {
        let (i, generation) = self.unpack(h)?;
        let mut s = self.inner.lock();
        let slot = match s.slots.get_mut(i) {
            Some(slot) if slot.generation == generation && slot.value.is_some() => slot,
            _ => return Err(Error::InvalidHandle),
        };
        let v = slot.value.take().ok_or(Error::InvalidHandle)?;
        self.removals.fetch_add(1, Ordering::Release);
        // Skip generation 0 so a zeroed handle never matches.
        slot.generation = (slot.generation + 1) & GEN_MASK;
        if slot.generation == 0 {
            slot.generation = 1;
        }
        s.free.push(i as u32);
        s.live -= 1;
        Ok(v)
    }

    fn removals(&self) -> u64 {
        self.removals.load(Ordering::Acquire)
    }

    /// Live handles in this table (for leak tests).
    pub fn live(&self) -> usize {
        self.inner.lock().live
    }
}

/// Credential handles of both faces.
pub static CREDENTIALS: Lazy<HandleTable<Credential>> = Lazy::new(|| HandleTable::new(0xC1));
/// Context handles of both faces; each context has its own lock.
pub static CONTEXTS: Lazy<HandleTable<Mutex<Context>>> = Lazy::new(|| HandleTable::new(0xC7));

/// Removes a context handle and closes the context at once, so its keys
/// go now even while a racing call or a thread's `Recent` holds it.
pub fn delete_context(h: Handle) -> Result<()> {
    CONTEXTS.remove(h)?.lock().close();
    Ok(())
}

/// The contexts a thread used last, for per-message calls (SSPI's
/// Encrypt/Decrypt/MakeSignature/VerifySignature, GSS's wrap/unwrap/
/// get_mic/verify_mic and their iov forms): a lookup in the table takes
/// its lock and a reference count, four of the six atomic operations such
/// a call made, about a tenth of sealing a 64-byte message. An entry is
/// good while the table's removal count is the one it was cached under:
/// until then the table still maps its handle to its context.
struct Recent {
    removals: u64,
    entries: [Option<(Handle, Arc<Mutex<Context>>)>; RECENT],
    next: usize,
}

/// A client and a server context per thread, and room for a few more.
const RECENT: usize = 4;

thread_local! {
    static THIS_THREAD: RefCell<Recent> = const {
        RefCell::new(Recent { removals: 0, entries: [None, None, None, None], next: 0 })
    };
}

impl Recent {
    /// Takes `h`'s entry out, if good; forgets every entry once any handle
    /// has been removed.
    fn take(&mut self, h: Handle, removals: u64) -> Option<Arc<Mutex<Context>>> {
        if self.removals != removals {
            self.entries = Default::default();
            self.removals = removals;
            return None;
        }
        let e = self
            .entries
            .iter_mut()
            .find(|e| matches!(e, Some((k, _)) if *k == h))?;
        e.take().map(|(_, c)| c)
    }

    /// Keeps `ctx` for `h` if nothing was removed since `removals`.
    fn put(&mut self, h: Handle, ctx: Arc<Mutex<Context>>, removals: u64) {
        if self.removals != removals || CONTEXTS.removals() != removals {
            return;
        }
        let i = match self.entries.iter().position(Option::is_none) {
            Some(i) => i,
            None => {
                self.next = (self.next + 1) % RECENT;
                self.next
            }
        };
        self.entries[i] = Some((h, ctx));
    }
}

/// Runs `f` on the context behind `h`, through this thread's `Recent`;
/// `Err` only when `h` is not a live context handle. A context deleted
/// while `f` runs elsewhere may still reach `f`, closed (`Context::is_closed`).
pub fn with_context<R>(h: Handle, f: impl FnOnce(&Mutex<Context>) -> R) -> Result<R> {
    let removals = CONTEXTS.removals();
    // try_with: a thread-exit destructor may call in after the cache is gone.
    let cached = THIS_THREAD
        .try_with(|r| r.borrow_mut().take(h, removals))
        .ok()
        .flatten();
    let ctx = match cached {
        Some(c) => c,
        None => CONTEXTS.get(h)?,
    };
    let r = f(&ctx);
    let _ = THIS_THREAD.try_with(|r| r.borrow_mut().put(h, ctx, removals));
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_and_forged_handles_are_rejected() {
        let t: HandleTable<u32> = HandleTable::new(0x42);
        let h = t.insert(Arc::new(7));
        assert_eq!(*t.get(h).unwrap(), 7);
        assert_eq!(t.remove(h).map(|v| *v), Ok(7));
        assert_eq!(t.get(h).err(), Some(Error::InvalidHandle));
        assert_eq!(t.remove(h).err(), Some(Error::InvalidHandle));
        let h2 = t.insert(Arc::new(8));
        assert_ne!(h, h2, "a reused slot gets a new generation");
        assert_eq!(t.get(h).err(), Some(Error::InvalidHandle));
        assert_eq!(t.get(Handle(0)).err(), Some(Error::InvalidHandle));
        assert_eq!(t.get(Handle(u64::MAX)).err(), Some(Error::InvalidHandle));
        let other: HandleTable<u32> = HandleTable::new(0x43);
        assert_eq!(other.get(h2).err(), Some(Error::InvalidHandle));
        assert_eq!(t.live(), 1);
    }

    /// A context whose drop is seen.
    struct Probe(Arc<std::sync::atomic::AtomicBool>);

    impl Drop for Probe {
        fn drop(&mut self) {
            self.0.store(true, Ordering::SeqCst);
        }
    }

    impl crate::core::context::SecurityContext for Probe {
        fn package(&self) -> &'static crate::packages::PackageInfo {
            crate::packages::by_name("NTLM").expect("NTLM").info()
        }
        fn step(
            &mut self,
            _: &crate::core::context::StepInput<'_>,
        ) -> Result<crate::core::context::StepOutput> {
            Err(Error::InvalidHandle)
        }
        fn is_complete(&self) -> bool {
            true
        }
        fn is_initiator(&self) -> bool {
            true
        }
        fn flags(&self) -> crate::core::flags::Flags {
            crate::core::flags::Flags::NONE
        }
        fn sizes(&self) -> crate::core::context::Sizes {
            Default::default()
        }
        fn client_name(&self) -> Option<String> {
            None
        }
        fn server_name(&self) -> Option<String> {
            None
        }
    }

    fn probe() -> (Handle, Arc<std::sync::atomic::AtomicBool>) {
        let dropped = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let ntlm = crate::packages::by_name("NTLM").expect("NTLM");
        let ctx = Context::new(ntlm, Box::new(Probe(Arc::clone(&dropped))));
        (CONTEXTS.insert(Arc::new(Mutex::new(ctx))), dropped)
    }

    fn closed(h: Handle) -> Result<bool> {
        with_context(h, |c| c.lock().is_closed())
    }

    /// A thread's recently used contexts never outlive their handles, and
    /// deleting a context drops its state at once though another thread
    /// still holds it.
    #[test]
    fn recent_contexts_follow_deletions() {
        let (a, a_dropped) = probe();
        let (b, _) = probe();
        let (go, wait) = std::sync::mpsc::channel::<()>();
        let (done, seen) = std::sync::mpsc::channel::<Result<bool>>();
        std::thread::scope(|s| {
            s.spawn(move || {
                // Cached here, then deleted by the other thread.
                done.send(closed(a)).unwrap();
                done.send(closed(b)).unwrap();
                wait.recv().unwrap();
                done.send(closed(a)).unwrap();
                done.send(closed(b)).unwrap();
            });
            assert_eq!(seen.recv().unwrap(), Ok(false));
            assert_eq!(seen.recv().unwrap(), Ok(false));
            delete_context(a).unwrap();
            assert!(a_dropped.load(Ordering::SeqCst), "dropped at deletion");
            go.send(()).unwrap();
            assert_eq!(seen.recv().unwrap(), Err(Error::InvalidHandle));
            assert_eq!(seen.recv().unwrap(), Ok(false), "others still good");
        });
        // The same thread: cached, deleted, its slot reused.
        assert_eq!(closed(b), Ok(false));
        delete_context(b).unwrap();
        assert_eq!(closed(b), Err(Error::InvalidHandle));
        assert_eq!(delete_context(b), Err(Error::InvalidHandle));
        let (c, _) = probe();
        assert_ne!(b, c);
        assert_eq!(closed(b), Err(Error::InvalidHandle));
        assert_eq!(closed(c), Ok(false));
        delete_context(c).unwrap();
    }
}
