//! The read-your-writes overlay the engine works through while handling one event: nothing
//! reaches the store until the whole event has succeeded, and then in one
//! [`Store::apply`], so a refused or failed event leaves no trace.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Bound;

use serde::{Serialize, de::DeserializeOwned};

use super::{Batch, Store, StoreError, Tree, Write, decode, encode};

/// Buffered writes over a store, read back before the store's own values.
///
/// A key written twice keeps only its last value, so the batch holds one write per key.
/// A key and its still-encoded value.
pub type RawEntry = (Vec<u8>, Vec<u8>);

pub struct Tx<'a> {
    store: &'a dyn Store,
    /// Some(value) = put, None = delete.
    writes: BTreeMap<(Tree, Vec<u8>), Option<Vec<u8>>>,
}

impl fmt::Debug for Tx<'_> {
    // Values may hold members' words: show only how much is buffered.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tx")
            .field("writes", &self.writes.len())
            .finish_non_exhaustive()
    }
}

impl<'a> Tx<'a> {
    /// Starts an empty overlay over `store`.
    pub fn new(store: &'a dyn Store) -> Self {
        Tx {
            store,
            writes: BTreeMap::new(),
        }
    }

    /// The store underneath, for reads that must ignore the buffered writes.
    pub fn store(&self) -> &'a dyn Store {
        self.store
    }

    /// Reads and decodes a value, seeing this overlay's own puts and deletes first.
    pub fn get<T: DeserializeOwned>(
        &self,
        tree: Tree,
        key: &[u8],
    ) -> Result<Option<T>, StoreError> {
        self.get_raw(tree, key)?
            .map(|raw| decode(tree, &raw))
            .transpose()
    }

    /// Reads a raw value, seeing this overlay's own puts and deletes first.
    pub fn get_raw(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        // The map is keyed by an owned Vec: a borrowed lookup would need a custom Borrow.
        match self.writes.get(&(tree, key.to_vec())) {
            Some(buffered) => Ok(buffered.clone()),
            None => self.store.get(tree, key),
        }
    }

    /// Encodes and buffers a value; fails only if the value cannot be encoded.
    pub fn put<T: Serialize>(
        &mut self,
        tree: Tree,
        key: Vec<u8>,
        value: &T,
    ) -> Result<(), StoreError> {
        let raw = encode(tree, value)?;
        self.writes.insert((tree, key), Some(raw));
        Ok(())
    }

    /// Buffers an already encoded value (marks whose value is not serde data).
    pub fn put_raw(&mut self, tree: Tree, key: Vec<u8>, value: Vec<u8>) {
        self.writes.insert((tree, key), Some(value));
    }

    /// Buffers the deletion of a key (a no-op for the store if it was absent).
    pub fn delete(&mut self, tree: Tree, key: Vec<u8>) {
        self.writes.insert((tree, key), None);
    }

    /// Every value under `prefix`, in key order: the store's entries with this overlay's
    /// puts added or overriding them and its deletes removed.
    pub fn scan<T: DeserializeOwned>(
        &self,
        tree: Tree,
        prefix: &[u8],
    ) -> Result<Vec<(Vec<u8>, T)>, StoreError> {
        self.scan_raw(tree, prefix)?
            .into_iter()
            .map(|(k, raw)| Ok((k, decode(tree, &raw)?)))
            .collect()
    }

    /// Every key and raw value under `prefix`, this overlay's writes included, in key
    /// order: for values a caller decodes itself (runs of an older shape).
    pub fn scan_raw(&self, tree: Tree, prefix: &[u8]) -> Result<Vec<RawEntry>, StoreError> {
        let mut merged: BTreeMap<Vec<u8>, Vec<u8>> =
            self.store.scan_prefix(tree, prefix)?.into_iter().collect();
        let start = (tree, prefix.to_vec());
        let own = self
            .writes
            .range((Bound::Included(&start), Bound::Unbounded))
            .take_while(|((t, k), _)| *t == tree && k.starts_with(prefix));
        for ((_, k), value) in own {
            match value {
                Some(v) => {
                    merged.insert(k.clone(), v.clone());
                }
                None => {
                    merged.remove(k);
                }
            }
        }
        Ok(merged.into_iter().collect())
    }

    /// True when something is buffered, so that a read-only event skips the apply.
    pub fn is_dirty(&self) -> bool {
        !self.writes.is_empty()
    }

    /// The buffered writes, one per key, ready for [`Store::apply`].
    pub fn into_batch(self) -> Batch {
        Batch {
            writes: self
                .writes
                .into_iter()
                .map(|((tree, key), value)| Write { tree, key, value })
                .collect(),
        }
    }

    /// Forgets every buffered write: a refused event must change nothing, yet the engine
    /// still records its handled mark through the same overlay.
    pub fn discard(&mut self) {
        self.writes.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemoryStore;

    #[test]
    fn a_discarded_overlay_is_clean_and_reads_the_store_again() {
        let store = MemoryStore::new();
        let mut tx = Tx::new(&store);
        tx.put(Tree::Runs, b"a".to_vec(), &1u32).expect("encode");
        assert!(tx.is_dirty());
        tx.discard();
        assert!(!tx.is_dirty());
        assert_eq!(tx.get::<u32>(Tree::Runs, b"a").expect("read"), None);
        assert!(tx.into_batch().is_empty());
    }

    #[test]
    fn the_batch_keeps_one_write_per_key_the_last() {
        let store = MemoryStore::new();
        let mut tx = Tx::new(&store);
        tx.put_raw(Tree::Runs, b"k".to_vec(), b"1".to_vec());
        tx.delete(Tree::Runs, b"k".to_vec());
        tx.put_raw(Tree::Runs, b"k".to_vec(), b"2".to_vec());
        let batch = tx.into_batch();
        assert_eq!(
            batch.writes,
            vec![Write {
                tree: Tree::Runs,
                key: b"k".to_vec(),
                value: Some(b"2".to_vec()),
            }]
        );
    }
}
