//! Tables of opaque handles: a slot index plus a generation counter, so a
//! stale, double-freed, zeroed or made-up handle is found out instead of
//! dereferenced. The lock is held only to look up, insert or remove; work
//! runs on the object's own lock.
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
        // Skip generation 0 so a zeroed handle never matches.
        slot.generation = (slot.generation + 1) & GEN_MASK;
        if slot.generation == 0 {
            slot.generation = 1;
        }
        s.free.push(i as u32);
        s.live -= 1;
        Ok(v)
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
}
