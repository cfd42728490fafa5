//! The backup archive of the garden memory: every entry of every tree, as the store holds
//! them (raw keys and encoded values), with the schema version they were written under.
//!
//! One MessagePack document: a header (format, archive version, schema version, the
//! tuteur that wrote it, when) and the entries tree by tree. Decoding reads the whole
//! document and checks the entry count, so a truncated or damaged file is refused before
//! anything is restored. The Matrix stores are not in it on purpose (see
//! `docs/operate.md`): an old crypto store put back breaks encryption.

use serde::{Deserialize, Serialize};

use crate::store::{Batch, SCHEMA_VERSION, Store, StoreError, Tree, Write, dump};

/// The first field of every archive.
const FORMAT: &str = "tuteur-backup";

/// The archive layout written here.
const ARCHIVE_VERSION: u32 = 1;

/// Why an archive cannot be read or restored.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// Not a tuteur backup, or damaged.
    #[error("not a tuteur backup, or a damaged one ({0})")]
    Unreadable(String),
    /// Written by a newer tuteur.
    #[error(
        "the backup holds a store of schema version {found}; this tuteur knows {known}: \
         restore it with the tuteur that made it"
    )]
    Newer {
        /// The schema version in the archive.
        found: u8,
        /// The version this binary writes.
        known: u8,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One tree's entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct TreeEntries {
    name: String,
    entries: Vec<(Vec<u8>, Vec<u8>)>,
}

/// A whole archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Archive {
    format: String,
    version: u32,
    /// The store's schema version when the archive was made.
    pub schema: u8,
    /// The tuteur version that made it.
    pub made_by: String,
    /// When (RFC 3339, UTC).
    pub made_at: String,
    /// Entries in all.
    pub count: u64,
    trees: Vec<TreeEntries>,
}

impl Archive {
    /// Everything `store` holds, now.
    pub fn of(store: &dyn Store) -> Result<Archive, StoreError> {
        let mut trees: Vec<TreeEntries> = Tree::ALL
            .iter()
            .map(|t| TreeEntries {
                name: t.name().to_owned(),
                entries: Vec::new(),
            })
            .collect();
        let mut count = 0u64;
        for (tree, key, value) in dump(store, &[])? {
            trees[tree.index()].entries.push((key, value));
            count += 1;
        }
        Ok(Archive {
            format: FORMAT.to_owned(),
            version: ARCHIVE_VERSION,
            schema: SCHEMA_VERSION,
            made_by: env!("CARGO_PKG_VERSION").to_owned(),
            made_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            count,
            trees,
        })
    }

    /// The archive as bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        rmp_serde::to_vec_named(self).unwrap_or_default()
    }

    /// Reads and checks an archive.
    pub fn from_bytes(bytes: &[u8]) -> Result<Archive, ArchiveError> {
        let a: Archive =
            rmp_serde::from_slice(bytes).map_err(|e| ArchiveError::Unreadable(e.to_string()))?;
        if a.format != FORMAT || a.version != ARCHIVE_VERSION {
            return Err(ArchiveError::Unreadable(format!(
                "format {:?} version {}",
                a.format, a.version
            )));
        }
        let counted: usize = a.trees.iter().map(|t| t.entries.len()).sum();
        if counted as u64 != a.count {
            return Err(ArchiveError::Unreadable(format!(
                "{counted} entries instead of {}",
                a.count
            )));
        }
        if a.schema > SCHEMA_VERSION {
            return Err(ArchiveError::Newer {
                found: a.schema,
                known: SCHEMA_VERSION,
            });
        }
        Ok(a)
    }

    /// How many entries `tree` holds in the archive.
    pub fn entries_in(&self, tree: Tree) -> usize {
        self.trees
            .iter()
            .find(|t| t.name == tree.name())
            .map_or(0, |t| t.entries.len())
    }

    /// Writes every entry into `store` (meant to be empty) except those `skip` names, in
    /// one batch, and flushes.
    pub fn restore_into(
        &self,
        store: &dyn Store,
        skip: &dyn Fn(Tree, &[u8]) -> bool,
    ) -> Result<u64, ArchiveError> {
        let mut batch = Batch::default();
        for t in &self.trees {
            let tree = Tree::ALL
                .into_iter()
                .find(|x| x.name() == t.name)
                .ok_or_else(|| ArchiveError::Unreadable(format!("unknown tree {:?}", t.name)))?;
            for (key, value) in &t.entries {
                if !skip(tree, key) {
                    batch.writes.push(Write {
                        tree,
                        key: key.clone(),
                        value: Some(value.clone()),
                    });
                }
            }
        }
        let n = batch.writes.len() as u64;
        store.apply(&batch)?;
        store.flush()?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemoryStore;

    fn put(store: &dyn Store, tree: Tree, k: &[u8], v: &[u8]) {
        store
            .apply(&Batch {
                writes: vec![Write {
                    tree,
                    key: k.to_vec(),
                    value: Some(v.to_vec()),
                }],
            })
            .expect("apply");
    }

    #[test]
    fn an_archive_round_trips_and_a_damaged_one_is_refused() {
        let store = MemoryStore::default();
        put(&store, Tree::Gardens, b"g1", b"state");
        put(&store, Tree::Runs, b"g1\0D1", b"run");
        put(&store, Tree::Meta, b"skip-me", b"x");
        let bytes = Archive::of(&store).expect("archive").to_bytes();
        let a = Archive::from_bytes(&bytes).expect("read back");
        let all = dump(&store, &[]).expect("dump");
        assert_eq!(a.count, all.len() as u64);
        assert_eq!(a.entries_in(Tree::Runs), 1);

        let fresh = MemoryStore::default();
        let skip = |t: Tree, k: &[u8]| t == Tree::Meta && k == b"skip-me";
        let n = a.restore_into(&fresh, &skip).expect("restore");
        assert_eq!(n, all.len() as u64 - 1);
        let kept: Vec<_> = all.into_iter().filter(|(t, k, _)| !skip(*t, k)).collect();
        let restored = dump(&fresh, &[]).expect("dump");
        for entry in &kept {
            assert!(restored.contains(entry), "{entry:?} restored");
        }

        let cut = &bytes[..bytes.len() - 3];
        assert!(matches!(
            Archive::from_bytes(cut),
            Err(ArchiveError::Unreadable(_))
        ));
        assert!(matches!(
            Archive::from_bytes(b"hello"),
            Err(ArchiveError::Unreadable(_))
        ));
    }
}
