//! The garden memory. All persistence goes through the `Store` trait so that the engine
//! never sees sled (which could be swapped for redb or SQLite without touching it).
//!
//! The engine reads through a [`Tx`] that buffers its writes; the writes of one incoming
//! event (state, registers, the handled-event mark) are applied with [`Store::apply`] in
//! one transaction, and a batch of events ends with one [`Store::flush`].

mod mark_groups;
mod memory;
mod sled_store;
mod tx;

pub use memory::MemoryStore;
pub use sled_store::{DEFAULT_CACHE_BYTES, SledStore};
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
        source: Box<dyn std::error::Error + Send + Sync>,
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

/// The byte after the schema byte that says the body is MessagePack. Bodies written before
/// it (JSON) start with an ASCII character; 0xC1 is neither valid UTF-8 nor a MessagePack
/// type, so the two can never be mistaken for each other and old stores need no migration.
const MSGPACK: u8 = 0xC1;

/// Encodes a value as stored: one schema-version byte, the [`MSGPACK`] byte, then the value
/// as MessagePack with named fields. Named fields keep records able to evolve as they could
/// in JSON (`#[serde(default)]` fields added later); writing it takes about 60% of
/// JSON's time (callgrind, engine bench), since strings are copied, not escaped.
pub fn encode<T: Serialize>(tree: Tree, value: &T) -> Result<Vec<u8>, StoreError> {
    let mut buf = vec![SCHEMA_VERSION, MSGPACK];
    let mut ser = rmp_serde::Serializer::new(&mut buf)
        .with_struct_map()
        .with_human_readable();
    value
        .serialize(&mut ser)
        .map_err(|e| codec_error(tree, e))?;
    Ok(buf)
}

/// Decodes a stored value, checking its schema byte; reads MessagePack and the JSON that
/// stores written before it hold.
pub fn decode<T: DeserializeOwned>(tree: Tree, raw: &[u8]) -> Result<T, StoreError> {
    let (&version, body) = raw.split_first().unwrap_or((&0, &[]));
    if version != SCHEMA_VERSION {
        return Err(StoreError::Version {
            tree: tree.name(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    match body.split_first() {
        Some((&MSGPACK, packed)) => {
            let mut de = rmp_serde::Deserializer::from_read_ref(packed).with_human_readable();
            T::deserialize(&mut de).map_err(|e| codec_error(tree, e))
        }
        _ => serde_json::from_slice(body).map_err(|e| codec_error(tree, e)),
    }
}

fn codec_error(tree: Tree, e: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    StoreError::Codec {
        tree: tree.name(),
        source: Box::new(e),
    }
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

    /// A record as an older tuteur wrote it, and as a newer one reads it (a field added
    /// with a default), in the shapes stored records use: options, maps, enums, dates.
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Older {
        title: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        names: std::collections::BTreeMap<String, String>,
        state: Shape,
        at: chrono::DateTime<chrono::Utc>,
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    enum Shape {
        Idle,
        Round { order: Vec<String> },
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Newer {
        title: String,
        note: Option<String>,
        names: std::collections::BTreeMap<String, String>,
        state: Shape,
        at: chrono::DateTime<chrono::Utc>,
        #[serde(default)]
        added_later: u32,
    }

    fn older() -> Older {
        Older {
            title: "Météo \"du\" lundi ☀️".to_owned(),
            note: None,
            names: [("@a:x".to_owned(), "Alice".to_owned())].into(),
            state: Shape::Round {
                order: vec!["@a:x".to_owned()],
            },
            at: "2026-11-23T09:00:00.250Z".parse().expect("date"),
        }
    }

    #[test]
    fn values_written_as_json_by_earlier_versions_still_decode() {
        let mut raw = vec![SCHEMA_VERSION];
        raw.extend(serde_json::to_vec(&older()).expect("json"));
        assert_eq!(
            decode::<Older>(Tree::Runs, &raw).expect("json read"),
            older()
        );
        let newer: Newer = decode(Tree::Runs, &raw).expect("json read, newer shape");
        assert_eq!((newer.added_later, newer.title), (0, older().title));
    }

    #[test]
    fn values_are_written_compact_and_read_back_by_a_newer_shape() {
        let raw = encode(Tree::Runs, &older()).expect("encode");
        assert_eq!(raw[..2], [SCHEMA_VERSION, MSGPACK]);
        assert_eq!(decode::<Older>(Tree::Runs, &raw).expect("read"), older());
        let newer: Newer = decode(Tree::Runs, &raw).expect("read as newer");
        assert_eq!(newer.added_later, 0);
        assert_eq!(newer.state, older().state);
        assert_eq!(newer.at, older().at);
        let json_len = serde_json::to_vec(&older()).expect("json").len();
        assert!(raw.len() < json_len, "{} >= {json_len}", raw.len());
    }
}
