//! The in-memory store: what the engine tests and the transcript tests run on, so it must
//! behave exactly like sled (the conformance suite checks both).

use std::collections::BTreeMap;
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use super::{Batch, Entry, SCHEMA_VERSION, SCHEMA_VERSION_KEY, Store, StoreError, Tree};

type Map = BTreeMap<Vec<u8>, Vec<u8>>;

/// A store kept in memory, lost when dropped.
///
/// One lock guards every tree, so [`Store::apply`] is atomic across trees as a sled
/// transaction is: a reader sees all of a batch or none of it.
#[derive(Debug)]
pub struct MemoryStore {
    trees: RwLock<[Map; Tree::ALL.len()]>,
}

impl MemoryStore {
    /// An empty store that already carries `meta/schema_version`, as a freshly opened
    /// [`super::SledStore`] does, so that dumps of both look the same.
    pub fn new() -> Self {
        let mut trees: [Map; Tree::ALL.len()] = Default::default();
        trees[Tree::Meta.index()].insert(SCHEMA_VERSION_KEY.to_vec(), vec![SCHEMA_VERSION]);
        MemoryStore {
            trees: RwLock::new(trees),
        }
    }

    // A panic while holding the lock cannot leave a half-applied batch (apply does no
    // fallible work under the write lock), so a poisoned lock is still consistent.
    fn read(&self) -> RwLockReadGuard<'_, [Map; Tree::ALL.len()]> {
        self.trees.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, [Map; Tree::ALL.len()]> {
        self.trees.write().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for MemoryStore {
    fn default() -> Self {
        MemoryStore::new()
    }
}

impl Store for MemoryStore {
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.read()[tree.index()].get(key).cloned())
    }

    fn scan_prefix(&self, tree: Tree, prefix: &[u8]) -> Result<Vec<Entry>, StoreError> {
        let trees = self.read();
        Ok(trees[tree.index()]
            .range::<[u8], _>((
                std::ops::Bound::Included(prefix),
                std::ops::Bound::Unbounded,
            ))
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect())
    }

    fn apply(&self, batch: &Batch) -> Result<(), StoreError> {
        if batch.is_empty() {
            return Ok(());
        }
        let mut trees = self.write();
        for w in &batch.writes {
            let map = &mut trees[w.tree.index()];
            match &w.value {
                Some(v) => {
                    map.insert(w.key.clone(), v.clone());
                }
                None => {
                    map.remove(&w.key);
                }
            }
        }
        Ok(())
    }

    fn flush(&self) -> Result<(), StoreError> {
        Ok(())
    }
}
