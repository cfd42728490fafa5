//! The engine's index of the commons: every garden's retours, built from the store (the
//! source of truth) at start and kept in step with each batch the engine applies.

use std::sync::{PoisonError, RwLock};

use crate::commons::index::Index;
use crate::garden::GardenState;
use crate::harvest::export::exportable;
use crate::registers::retours;
use crate::store::{Batch, Store, StoreError, Tree, Tx, decode};

/// The engine's index of the commons, built from the store on first use (or at start,
/// [`CommonsIndex::open`]) and kept in step with every batch the engine applies.
#[derive(Debug, Default)]
pub struct CommonsIndex {
    index: RwLock<Option<Index>>,
}

/// Every retour of the store, each visible to others when it may leave its garden.
pub fn rebuild(store: &dyn Store) -> Result<Index, StoreError> {
    let tx = Tx::new(store);
    let mut index = Index::new();
    for (_, raw) in store.scan_prefix(Tree::Gardens, &[])? {
        let g: GardenState = decode(Tree::Gardens, &raw)?;
        for r in retours::all(&tx, &g.id)? {
            index.upsert(&r, exportable(&g, &r));
        }
    }
    Ok(index)
}

impl CommonsIndex {
    /// An index not built yet.
    pub fn new() -> Self {
        CommonsIndex::default()
    }

    /// (Re)builds the index from the store; returns how many retours it holds.
    pub fn open(&self, store: &dyn Store) -> Result<usize, StoreError> {
        let index = rebuild(store)?;
        let n = index.len();
        *self.index.write().unwrap_or_else(PoisonError::into_inner) = Some(index);
        Ok(n)
    }

    /// Reads the index, building it first when needed.
    pub fn read<R>(&self, store: &dyn Store, f: impl FnOnce(&Index) -> R) -> Result<R, StoreError> {
        {
            let guard = self.index.read().unwrap_or_else(PoisonError::into_inner);
            if let Some(index) = guard.as_ref() {
                return Ok(f(index));
            }
        }
        self.open(store)?;
        let guard = self.index.read().unwrap_or_else(PoisonError::into_inner);
        Ok(f(guard.as_ref().unwrap_or(&Index::new())))
    }

    /// Follows a batch the engine just applied for `garden` (`before` it was handled):
    /// retours written or deleted, and all of the garden's when its sharing changed.
    /// An index not built yet is left alone: building it will read the store.
    pub fn follow(
        &self,
        store: &dyn Store,
        batch: &Batch,
        before: &GardenState,
        garden: &GardenState,
    ) -> Result<(), StoreError> {
        let resharing = before.settings.shares() != garden.settings.shares();
        let touched: Vec<u32> = batch
            .writes
            .iter()
            .filter(|w| w.tree == Tree::Registers)
            .filter_map(|w| retours::record_of_key(&w.key))
            .filter(|(g, _)| *g == garden.id)
            .map(|(_, n)| n)
            .collect();
        if touched.is_empty() && !resharing {
            return Ok(());
        }
        let mut guard = self.index.write().unwrap_or_else(PoisonError::into_inner);
        let Some(index) = guard.as_mut() else {
            return Ok(());
        };
        let tx = Tx::new(store);
        if resharing {
            index.remove_garden(&garden.id);
            for r in retours::all(&tx, &garden.id)? {
                index.upsert(&r, exportable(garden, &r));
            }
            return Ok(());
        }
        for n in touched {
            match retours::load(&tx, &garden.id, n)? {
                Some(r) => index.upsert(&r, exportable(garden, &r)),
                None => index.remove(&garden.id, n),
            }
        }
        Ok(())
    }
}
