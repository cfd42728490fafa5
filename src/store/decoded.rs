//! A cache of decoded values for the keys rewritten at almost every event (a garden's state,
//! its running rituals), so that the engine does not decode the same bytes it encoded a
//! moment before.
//!
//! Each entry keeps the exact bytes its value was decoded from or encoded to, and a lookup
//! hits only when the store holds those very bytes: `decode(raw) == value` holds for every
//! entry, so the cache can never answer something the store does not say, whatever was
//! committed, refused or written by someone else in between. It saves the decoding, not
//! the read.

use std::any::Any;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, PoisonError};

use super::Tree;

/// Entries kept at most; when full the cache starts over (a garden's hot keys come back at
/// its next event), which bounds memory without bookkeeping on the hot path.
const CAPACITY: usize = 4_096;

struct Entry {
    raw: Vec<u8>,
    value: Box<dyn Any + Send + Sync>,
}

/// Decoded values by tree and key, each with the bytes it stands for.
#[derive(Default)]
pub struct DecodedCache {
    entries: Mutex<HashMap<(Tree, Vec<u8>), Entry>>,
}

impl fmt::Debug for DecodedCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let len = self.lock().len();
        f.debug_struct("DecodedCache")
            .field("entries", &len)
            .finish()
    }
}

impl DecodedCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(Tree, Vec<u8>), Entry>> {
        // Entries are inserted whole: a panic while the lock is held leaves no half entry.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The value decoded from exactly `raw` under this key, if it is known.
    pub fn get<T: Clone + Send + Sync + 'static>(
        &self,
        tree: Tree,
        key: &[u8],
        raw: &[u8],
    ) -> Option<T> {
        let entries = self.lock();
        let entry = entries.get(&(tree, key.to_vec()))?;
        if entry.raw != raw {
            return None;
        }
        entry.value.downcast_ref::<T>().cloned()
    }

    /// Like [`DecodedCache::get`], but moves the value out instead of cloning it: for values
    /// read to be changed and written back at once (a run), whose next version replaces
    /// the entry anyway.
    pub fn take<T: Send + Sync + 'static>(&self, tree: Tree, key: &[u8], raw: &[u8]) -> Option<T> {
        let mut entries = self.lock();
        let k = (tree, key.to_vec());
        if entries.get(&k)?.raw != raw {
            return None;
        }
        let entry = entries.remove(&k)?;
        entry.value.downcast::<T>().ok().map(|b| *b)
    }

    /// Remembers that `raw` decodes to `value` under this key.
    pub fn put<T: Send + Sync + 'static>(&self, tree: Tree, key: Vec<u8>, raw: Vec<u8>, value: T) {
        let mut entries = self.lock();
        if entries.len() >= CAPACITY && !entries.contains_key(&(tree, key.clone())) {
            entries.clear();
        }
        entries.insert(
            (tree, key),
            Entry {
                raw,
                value: Box::new(value),
            },
        );
    }

    /// How many entries are kept (for tests).
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// True when nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hit_needs_the_same_bytes_and_the_same_type() {
        let cache = DecodedCache::new();
        cache.put(Tree::Runs, b"k".to_vec(), b"raw1".to_vec(), 7u32);
        assert_eq!(cache.get::<u32>(Tree::Runs, b"k", b"raw1"), Some(7));
        assert_eq!(cache.get::<u32>(Tree::Runs, b"k", b"raw2"), None);
        assert_eq!(cache.get::<u64>(Tree::Runs, b"k", b"raw1"), None);
        assert_eq!(cache.get::<u32>(Tree::Gardens, b"k", b"raw1"), None);
        assert_eq!(cache.take::<u32>(Tree::Runs, b"k", b"raw2"), None);
        assert_eq!(cache.take::<u32>(Tree::Runs, b"k", b"raw1"), Some(7));
        assert_eq!(cache.get::<u32>(Tree::Runs, b"k", b"raw1"), None, "taken");
    }

    #[test]
    fn a_full_cache_starts_over() {
        let cache = DecodedCache::new();
        for n in 0..CAPACITY as u32 {
            cache.put(Tree::Runs, n.to_be_bytes().to_vec(), Vec::new(), n);
        }
        assert_eq!(cache.len(), CAPACITY);
        cache.put(Tree::Runs, b"new".to_vec(), Vec::new(), 0u32);
        assert_eq!(cache.len(), 1);
    }
}
