//! The garden memory. All persistence goes through the `Store` trait so that the engine
//! never sees sled (which could be swapped for redb or SQLite without touching it).
//!
//! The engine reads through a [`Tx`] that buffers its writes; the writes of one incoming
//! event (state, registers, the handled-event mark) are applied with [`Store::apply`] in
//! one transaction, and a batch of events ends with one [`Store::flush`].

mod decoded;
mod memory;
mod sled_store;
mod tx;

pub use decoded::DecodedCache;
pub use memory::MemoryStore;
pub use sled_store::SledStore;
pub use tx::Tx;

use serde::{Serialize, de::DeserializeOwned};

/// The current schema version, written under `meta/schema_version`.
pub const SCHEMA_VERSION: u8 = 1;

/// The key, in [`Tree::Meta`], of the store's schema version: one raw byte (not
/// [`encode`]d, so that a future binary can read it whatever the value format becomes).
/// Other meta keys start with a prefix part (`shell`, a garden id) and a NUL, so never
/// collide with it.
pub const SCHEMA_VERSION_KEY: &[u8] = b"schema_version";

/// The trees (key spaces) of the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tree {
    /// Garden settings, constitution and counters.
    Gardens,
    /// Ritual runs, one value per run.
    Runs,
    /// Registers: decisions, roles, météo history, custom records.
    Registers,
    /// Handled-event marks, keyed by garden and event id.
    Handled,
    /// Scheduler "last done" marks.
    Schedule,
    /// Messages waiting to be sent.
    Outbox,
    /// Store metadata (schema version, shell clock offset).
    Meta,
    /// The commons delivery queue: harvested retours waiting to be written to the export
    /// folder or POSTed to the webhook (kept until delivered, retried with backoff).
    Commons,
}

impl Tree {
    /// Every tree.
    pub const ALL: [Tree; 8] = [
        Tree::Gardens,
        Tree::Runs,
        Tree::Registers,
        Tree::Handled,
        Tree::Schedule,
        Tree::Outbox,
        Tree::Meta,
        Tree::Commons,
    ];

    /// The position of this tree in [`Tree::ALL`], so that stores can keep one slot per
    /// tree in a plain array instead of a map.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The sled tree name.
    pub fn name(self) -> &'static str {
        match self {
            Tree::Gardens => "gardens",
            Tree::Runs => "runs",
            Tree::Registers => "registers",
            Tree::Handled => "handled",
            Tree::Schedule => "schedule",
            Tree::Outbox => "outbox",
            Tree::Meta => "meta",
            Tree::Commons => "commons",
        }
    }
}

/// A storage failure (never a user's mistake).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// sled failed.
    #[error("sled: {0}")]
    Sled(#[from] sled::Error),
    /// A value could not be encoded or decoded.
    #[error("value encoding in tree {tree}: {source}")]
    Codec {
        /// Which tree.
        tree: &'static str,
        /// What serde said.
        #[source]
        source: serde_json::Error,
    },
    /// A value carries a schema version this binary does not know.
    #[error("value in tree {tree} has schema version {found}, this tuteur knows {known}")]
    Version {
        /// Which tree.
        tree: &'static str,
        /// The version byte found.
        found: u8,
        /// The version this binary writes.
        known: u8,
    },
}

/// A raw key and its raw (encoded) value, as scans return them.
pub type Entry = (Vec<u8>, Vec<u8>);

/// One entry of a [`dump`]: the tree, the key and the raw value.
pub type DumpEntry = (Tree, Vec<u8>, Vec<u8>);

/// One write: put a value (Some) or delete the key (None).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    /// Which tree.
    pub tree: Tree,
    /// The key.
    pub key: Vec<u8>,
    /// The raw (already encoded) value, or None to delete.
    pub value: Option<Vec<u8>>,
}

/// The writes of one incoming event, applied atomically.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Batch {
    /// In order; a later write of the same key wins.
    pub writes: Vec<Write>,
}

impl Batch {
    /// True when there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.writes.is_empty()
    }
}

/// Raw key-value access with atomic batches. Implemented by sled and by memory; both pass
/// the same conformance suite (`tests/store_conformance.rs`).
pub trait Store: Send + Sync {
    /// Reads one raw value.
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError>;

    /// Every (key, raw value) whose key starts with `prefix`, in key order.
    fn scan_prefix(&self, tree: Tree, prefix: &[u8]) -> Result<Vec<Entry>, StoreError>;

    /// Applies all writes of `batch` atomically (one multi-tree transaction for sled).
    fn apply(&self, batch: &Batch) -> Result<(), StoreError>;

    /// Makes everything applied so far durable.
    fn flush(&self) -> Result<(), StoreError>;
}

/// Encodes a value as stored: one schema-version byte, then JSON.
pub fn encode<T: Serialize>(tree: Tree, value: &T) -> Result<Vec<u8>, StoreError> {
    thread_local! {
        /// Reused across calls: a value written into a fresh Vec would be reallocated about
        /// ten times as it grows (runs take a few hundred bytes); the copy out is exact-sized.
        static SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    SCRATCH.with(|scratch| {
        let mut buf = scratch.borrow_mut();
        buf.clear();
        buf.push(SCHEMA_VERSION);
        serde_json::to_writer(&mut *buf, value).map_err(|source| StoreError::Codec {
            tree: tree.name(),
            source,
        })?;
        let out = buf.to_vec();
        // A huge value once must not pin its buffer for the thread's life.
        if buf.capacity() > 64 * 1024 {
            *buf = Vec::new();
        }
        Ok(out)
    })
}

/// Decodes a stored value, checking its schema byte.
pub fn decode<T: DeserializeOwned>(tree: Tree, raw: &[u8]) -> Result<T, StoreError> {
    let (&version, body) = raw.split_first().unwrap_or((&0, &[]));
    if version != SCHEMA_VERSION {
        return Err(StoreError::Version {
            tree: tree.name(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    serde_json::from_slice(body).map_err(|source| StoreError::Codec {
        tree: tree.name(),
        source,
    })
}

/// Every entry of every tree not in `except`, tree by tree in [`Tree::ALL`] order and in
/// key order within a tree: tests compare two dumps to assert that refusing an event left
/// the store unchanged.
pub fn dump(store: &dyn Store, except: &[Tree]) -> Result<Vec<DumpEntry>, StoreError> {
    let mut out = Vec::new();
    for tree in Tree::ALL.into_iter().filter(|t| !except.contains(t)) {
        out.extend(
            store
                .scan_prefix(tree, &[])?
                .into_iter()
                .map(|(k, v)| (tree, k, v)),
        );
    }
    Ok(out)
}

/// Builds a key from parts separated by `0x00` (parts never contain NUL: ids are text).
pub fn key(parts: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push(0);
        }
        out.extend_from_slice(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_is_the_position_in_all() {
        for (i, tree) in Tree::ALL.into_iter().enumerate() {
            assert_eq!(tree.index(), i, "{tree:?}");
        }
    }

    #[test]
    fn key_parts_are_joined_by_nul() {
        assert_eq!(
            key(&[b"!g:x", b"run", &7u64.to_be_bytes()]),
            b"!g:x\0run\0\0\0\0\0\0\0\0\x07"
        );
        assert_eq!(key(&[]), Vec::<u8>::new());
    }

    #[test]
    fn an_empty_value_is_refused_as_version_zero() {
        let err = decode::<u32>(Tree::Runs, &[]).expect_err("empty value");
        assert!(matches!(err, StoreError::Version { found: 0, .. }), "{err}");
    }
}
