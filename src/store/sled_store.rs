//! The sled store: the only file of tuteur that names sled, so that redb or SQLite could
//! replace it behind [`Store`] without touching the engine.
//!
//! # Layout
//!
//! Every logical [`Tree`] lives in ONE sled tree, its keys prefixed by a byte naming the
//! logical tree ([`tree_byte`]). One sled tree makes a commit a `sled::Batch`, which sled
//! applies atomically (recovered whole or not at all after a crash) without the bookkeeping
//! of a multi-tree transaction: that bookkeeping was a third of the commit's cost. Stores
//! written with one sled tree per logical tree (before this layout) are moved over when
//! opened.
//!
//! # Group commit
//!
//! sled 0.34 rolls its I/O buffer twice for every transaction or batch (`pin_log`), so one
//! transaction per event costs ~20 µs and the flush after 100 of them ~5 ms (measured on
//! the 2-core dev box: ~70 µs per event, store alone), far below the engine's goal of
//! 50 000 events/s. Committing the same 100 events in one batch costs ~1 ms, plus
//! ~0.4 ms for the flush itself. So [`Store::apply`] puts the writes of one event into an
//! in-memory overlay (atomically, visible to every reader at once) and [`Store::flush`]
//! commits the whole overlay in ONE atomic sled batch, then flushes. The durability
//! contract is sled's own: what is applied is durable only after `flush`; a crash loses
//! whole flush batches, never part of an event, and the handled marks make the replay
//! harmless (nothing is acknowledged before the flush).
//!
//! # Handled marks
//!
//! Every event writes a handled mark, and asks first whether it exists: almost always it
//! does not. The marks of one commit are written as one sled value (a group, see
//! [`super::mark_groups`]) rather than one new sled key each, and an index in memory
//! ([`MarkIndex`], filled by one scan at open) says which group holds each mark, so a miss
//! is answered without sled and a hit reads one group. The answer is always sled's own.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

use tracing::{error, info};

use super::mark_groups::{self, MarkIndex, Place};
use super::{Batch, Entry, SCHEMA_VERSION, SCHEMA_VERSION_KEY, Store, StoreError, Tree};

/// One migration step: rewrites a store of version `from` into version `from + 1`
/// (every value must get the new schema byte, since [`super::decode`] accepts only the
/// current one). Each step should do its rewrite in one transaction.
type Migration = fn(&SledStore) -> Result<(), StoreError>;

/// The migrations, by the version they start from. None exist yet: schema 1 is the first.
/// `SledStore::open` runs `from..SCHEMA_VERSION` in order and refuses a store for which a
/// step is missing.
const MIGRATIONS: &[(u8, Migration)] = &[];

/// Without a flush, pending writes are committed by the first apply this long after the
/// oldest of them: sled's own background flush (every 500 ms) then makes them durable, so a
/// caller that never flushes (the shell) risks about what it would with plain sled.
const COMMIT_AFTER: Duration = Duration::from_millis(500);

/// Pending writes (distinct keys) above which the next apply commits them, to bound memory.
const COMMIT_ABOVE: usize = 2_000;

/// Writes applied but not yet committed to sled, per tree (indexed by [`Tree::index`]);
/// `None` is a delete. A key written again keeps only its last value.
#[derive(Default)]
struct Pending {
    trees: [Writes; Tree::ALL.len()],
    /// Distinct keys pending, all trees together.
    len: usize,
    /// When the oldest pending write was applied.
    since: Option<Instant>,
    /// Where every handled mark in sled is, kept across commits.
    marks: MarkIndex,
}

/// A pending mark's new place, and whether it was taken out of the place the index gave
/// (so that the old place was its own, not another mark's with the same hash).
type Placed<'a> = (&'a [u8], Place, bool);

/// The marks of a group being rewritten.
type OwnedMarks = Vec<(Vec<u8>, Vec<u8>)>;

/// One tree's writes, key to value (`None` is a delete).
type Writes = BTreeMap<Vec<u8>, Option<Vec<u8>>>;

impl Pending {
    fn put(&mut self, tree: Tree, key: &[u8], value: Option<&[u8]>) {
        if self.trees[tree.index()]
            .insert(key.to_vec(), value.map(<[u8]>::to_vec))
            .is_none()
        {
            self.len += 1;
        }
        self.since.get_or_insert_with(Instant::now);
    }
}

/// The garden memory on disk: one sled `Db`, one sled tree per [`Tree`], and the overlay
/// of writes applied since the last commit (see the module notes on group commit).
///
/// Only one `SledStore` may be open on a folder at a time (sled locks it).
pub struct SledStore {
    db: sled::Db,
    /// Every logical tree, keys prefixed by [`tree_byte`].
    data: sled::Tree,
    /// Readers hold it across their sled read, a commit holds it for writing while it moves
    /// the overlay into sled: a reader never sees a key both nowhere and twice.
    pending: RwLock<Pending>,
    commit_after: Duration,
    commit_above: usize,
    path: PathBuf,
}

impl fmt::Debug for SledStore {
    // sled's own `Debug` prints every entry: only say where the store is.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SledStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl SledStore {
    /// Opens (or creates) the store in `dir` and checks its schema version.
    ///
    /// A fresh store gets [`SCHEMA_VERSION`]; an older one is migrated; a store written by
    /// a newer tuteur is refused with [`StoreError::Version`] rather than misread. A store
    /// holding data but no version is treated as version 0, which no migration knows:
    /// it is refused too.
    pub fn open(dir: &Path) -> Result<SledStore, StoreError> {
        Self::open_with_cache(dir, DEFAULT_CACHE_BYTES)
    }

    /// [`SledStore::open`] with a page cache of `cache_bytes` (`bot.store_cache_mib`).
    pub fn open_with_cache(dir: &Path, cache_bytes: u64) -> Result<SledStore, StoreError> {
        let db = open_db(dir, cache_bytes)?;
        let data = db.open_tree(DATA_TREE)?;
        let store = SledStore {
            db,
            data,
            pending: RwLock::default(),
            commit_after: COMMIT_AFTER,
            commit_above: COMMIT_ABOVE,
            path: dir.to_owned(),
        };
        info!(
            path = %dir.display(),
            recovered = store.db.was_recovered(),
            "sled store opened"
        );
        store.adopt_legacy_trees()?;
        store.check_version()?;
        store.load_marks()?;
        Ok(store)
    }

    /// True when the store existed before this process opened it. sled 0.34 only
    /// guarantees what was flushed: the caller should then check its own invariants.
    pub fn was_recovered(&self) -> bool {
        self.db.was_recovered()
    }

    /// The bytes sled uses on disk (for `tuteur status` and the benches).
    pub fn size_on_disk(&self) -> Result<u64, StoreError> {
        Ok(self.db.size_on_disk()?)
    }

    /// Moves a store written with one sled tree per logical tree into the one-tree layout,
    /// in one atomic batch, then drops the old trees. Only a store whose schema version is
    /// this binary's is moved: any other is left untouched for `check_version` to refuse,
    /// as it would have been before.
    fn adopt_legacy_trees(&self) -> Result<(), StoreError> {
        let names = self.db.tree_names();
        let legacy: Vec<(Tree, sled::Tree)> = Tree::ALL
            .into_iter()
            .filter(|t| names.iter().any(|n| n.as_ref() == t.name().as_bytes()))
            .map(|t| Ok((t, self.db.open_tree(t.name())?)))
            .collect::<Result<_, sled::Error>>()?;
        if legacy.iter().all(|(_, t)| t.is_empty()) {
            for (tree, _) in &legacy {
                self.db.drop_tree(tree.name())?;
            }
            return Ok(());
        }
        if !self.data.is_empty() {
            error!(path = %self.path.display(), "store holds both layouts; refusing to mix them");
            return Err(version_error(0));
        }
        let version = legacy
            .iter()
            .find(|(t, _)| *t == Tree::Meta)
            .and_then(|(_, meta)| meta.get(SCHEMA_VERSION_KEY).ok().flatten());
        if version.as_deref() != Some(&[SCHEMA_VERSION][..]) {
            // Leave it as it is, and let the version check say why it cannot be opened.
            let found = match version.as_deref() {
                Some([v]) => *v,
                _ => 0,
            };
            return Err(version_error(found));
        }
        let mut batch = sled::Batch::default();
        for (tree, old) in &legacy {
            for kv in old.iter() {
                let (k, v) = kv?;
                batch.insert(prefixed(*tree, &k), v);
            }
        }
        self.data.apply_batch(batch)?;
        self.db.flush()?;
        for (tree, _) in &legacy {
            self.db.drop_tree(tree.name())?;
        }
        self.db.flush()?;
        info!(path = %self.path.display(), "store moved to the one-tree layout");
        Ok(())
    }

    /// Fills the mark index with every handled mark on disk.
    fn load_marks(&self) -> Result<(), StoreError> {
        let mut pending = self.pending_write();
        for kv in self.data.scan_prefix([tree_byte(Tree::Handled)]) {
            let (k, _) = kv?;
            pending.marks.note(&k[1..], Place::Single, false);
        }
        let mut groups = 0usize;
        for kv in self.data.scan_prefix([mark_groups::GROUP_BYTE]) {
            let (k, v) = kv?;
            let place = Place::Group(mark_groups::group_number(&k)?);
            for (key, _) in mark_groups::decode(&v)? {
                pending.marks.note(key, place, false);
            }
            groups += 1;
        }
        info!(marks = pending.marks.len(), groups, "handled marks loaded");
        Ok(())
    }

    /// The mark `key` as sled holds it, wherever the index says it may be.
    fn stored_mark(&self, index: &MarkIndex, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        let in_group = |n: u64| -> Result<Option<Vec<u8>>, StoreError> {
            match self.data.get(mark_groups::group_key(n))? {
                Some(raw) => mark_groups::find(&raw, key),
                None => Ok(None),
            }
        };
        let single = || -> Result<Option<Vec<u8>>, StoreError> {
            Ok(self
                .data
                .get(prefixed(Tree::Handled, key))?
                .map(|v| v.to_vec()))
        };
        match index.place(key) {
            None => Ok(None),
            Some(Place::Single) => single(),
            Some(Place::Group(n)) => in_group(n),
            Some(Place::Anywhere) => {
                if let Some(v) = single()? {
                    return Ok(Some(v));
                }
                for (_, raw) in self.groups()? {
                    if let Some(v) = mark_groups::find(&raw, key)? {
                        return Ok(Some(v));
                    }
                }
                Ok(None)
            }
        }
    }

    /// Every group in sled, by number.
    fn groups(&self) -> Result<Vec<(u64, sled::IVec)>, StoreError> {
        self.data
            .scan_prefix([mark_groups::GROUP_BYTE])
            .map(|kv| {
                let (k, v) = kv?;
                Ok((mark_groups::group_number(&k)?, v))
            })
            .collect()
    }

    /// Every handled mark in sled whose key starts with `prefix`, in key order.
    fn stored_marks(&self, prefix: &[u8]) -> Result<Vec<Entry>, StoreError> {
        let mut all = BTreeMap::new();
        for kv in self.data.scan_prefix(prefixed(Tree::Handled, prefix)) {
            let (k, v) = kv?;
            all.insert(k[1..].to_vec(), v.to_vec());
        }
        for (_, raw) in self.groups()? {
            for (k, v) in mark_groups::decode(&raw)? {
                if k.starts_with(prefix) {
                    all.insert(k.to_vec(), v.to_vec());
                }
            }
        }
        Ok(all.into_iter().collect())
    }

    /// Adds the pending handled marks to `batch` as one new group, and takes every mark
    /// written again or deleted out of where sled held it, so that each mark stays in one
    /// place. Returns where each written mark goes, for the index once the batch is in.
    fn group_marks<'a>(
        &self,
        batch: &mut sled::Batch,
        index: &MarkIndex,
        writes: &'a Writes,
    ) -> Result<Vec<Placed<'a>>, StoreError> {
        let new = index.next_group();
        // Old groups that lose a mark: their marks, and whether one was taken out.
        let mut touched: BTreeMap<u64, (OwnedMarks, bool)> = BTreeMap::new();
        let mut take_out = |n: u64, key: &[u8]| -> Result<bool, StoreError> {
            let (marks, changed) = match touched.entry(n) {
                std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::btree_map::Entry::Vacant(e) => {
                    let marks = match self.data.get(mark_groups::group_key(n))? {
                        Some(raw) => mark_groups::decode(&raw)?
                            .into_iter()
                            .map(|(k, v)| (k.to_vec(), v.to_vec()))
                            .collect(),
                        None => Vec::new(),
                    };
                    e.insert((marks, false))
                }
            };
            let before = marks.len();
            marks.retain(|(k, _)| k != key);
            let taken = marks.len() != before;
            *changed |= taken;
            Ok(taken)
        };
        let mut placed = Vec::with_capacity(writes.len());
        for (key, value) in writes {
            let moved = match index.place(key) {
                None => false,
                Some(Place::Group(n)) => take_out(n, key)?,
                Some(place) => {
                    // Under its own key (Single), or anywhere: look there and in every group.
                    let single = prefixed(Tree::Handled, key);
                    let mut moved = self.data.contains_key(&single)?;
                    if moved {
                        batch.remove(single);
                    }
                    if place == Place::Anywhere {
                        for (n, _) in self.groups()? {
                            moved |= take_out(n, key)?;
                        }
                    }
                    moved
                }
            };
            if value.is_some() {
                placed.push((key.as_slice(), Place::Group(new), moved));
            }
        }
        for (n, (marks, changed)) in touched {
            if !changed {
                continue;
            } else if marks.is_empty() {
                batch.remove(&mark_groups::group_key(n));
            } else {
                let raw =
                    mark_groups::encode(marks.iter().map(|(k, v)| (k.as_slice(), v.as_slice())));
                batch.insert(&mark_groups::group_key(n), raw);
            }
        }
        if !placed.is_empty() {
            let raw = mark_groups::encode(
                writes
                    .iter()
                    .filter_map(|(k, v)| v.as_deref().map(|v| (k.as_slice(), v))),
            );
            batch.insert(&mark_groups::group_key(new), raw);
        }
        Ok(placed)
    }

    // The overlay is only changed after a commit succeeded or by infallible inserts, so a
    // panic elsewhere while holding the lock leaves it consistent: poisoning is ignored.
    fn pending_read(&self) -> RwLockReadGuard<'_, Pending> {
        self.pending.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn pending_write(&self) -> RwLockWriteGuard<'_, Pending> {
        self.pending.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// Moves every pending write into sled in one atomic batch. On failure the overlay is
    /// kept (readers still see it) and the next flush tries again.
    fn commit(&self, pending: &mut Pending) -> Result<(), StoreError> {
        if pending.len == 0 {
            return Ok(());
        }
        let Pending { trees, marks, .. } = pending;
        let mut batch = sled::Batch::default();
        let placed = self.group_marks(&mut batch, marks, &trees[Tree::Handled.index()])?;
        for tree in Tree::ALL.into_iter().filter(|t| *t != Tree::Handled) {
            for (key, value) in &trees[tree.index()] {
                let k = prefixed(tree, key);
                match value {
                    Some(v) => batch.insert(k, v.as_slice()),
                    None => batch.remove(k),
                }
            }
        }
        self.data.apply_batch(batch)?;
        for (key, place, moved) in placed {
            marks.note(key, place, moved);
        }
        *trees = Default::default();
        pending.len = 0;
        pending.since = None;
        Ok(())
    }

    fn check_version(&self) -> Result<(), StoreError> {
        let found = match self.data.get(prefixed(Tree::Meta, SCHEMA_VERSION_KEY))? {
            Some(raw) => match raw.as_ref() {
                [v] => *v,
                _ => 0,
            },
            None if self.data.is_empty() => {
                self.write_version()?;
                info!(version = SCHEMA_VERSION, "new sled store");
                return Ok(());
            }
            None => 0,
        };
        if found == SCHEMA_VERSION {
            Ok(())
        } else if found > SCHEMA_VERSION {
            error!(
                path = %self.path.display(),
                found,
                known = SCHEMA_VERSION,
                "the store was written by a newer tuteur; refusing to open it"
            );
            Err(version_error(found))
        } else {
            self.migrate(found)
        }
    }

    /// Brings a store of version `from` up to [`SCHEMA_VERSION`], step by step, then
    /// records the new version and flushes, so that a crash mid-way reruns the missing
    /// steps only (each step records nothing itself: steps must be idempotent).
    fn migrate(&self, from: u8) -> Result<(), StoreError> {
        for version in from..SCHEMA_VERSION {
            let Some((_, step)) = MIGRATIONS.iter().find(|(v, _)| *v == version) else {
                error!(
                    path = %self.path.display(),
                    found = from,
                    known = SCHEMA_VERSION,
                    "no migration from this store version; refusing to open it"
                );
                return Err(version_error(from));
            };
            info!(from = version, to = version + 1, "migrating the store");
            step(self)?;
        }
        self.write_version()
    }

    fn write_version(&self) -> Result<(), StoreError> {
        self.data
            .insert(prefixed(Tree::Meta, SCHEMA_VERSION_KEY), &[SCHEMA_VERSION])?;
        self.db.flush()?;
        Ok(())
    }
}

/// sled's page cache unless the configuration says otherwise: sled's own default (1 GiB)
/// would let a long-running bot keep most of its history in memory; the bot reads recent
/// state, and 64 MiB holds that for thousands of gardens.
pub const DEFAULT_CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// How long `open` waits for another holder of the folder's lock to let go.
const LOCK_WAIT: Duration = Duration::from_secs(2);

/// Opens the sled folder, waiting a little for its lock: sled's background flusher thread
/// holds the `Db` for a moment after the last handle is dropped, so a store closed and
/// reopened at once (a restart, a test) would otherwise fail now and then.
fn open_db(dir: &Path, cache_bytes: u64) -> Result<sled::Db, StoreError> {
    let started = Instant::now();
    loop {
        match sled::Config::new()
            .path(dir)
            .cache_capacity(cache_bytes)
            .open()
        {
            Err(sled::Error::Io(e))
                if e.to_string().starts_with("could not acquire lock")
                    && started.elapsed() < LOCK_WAIT =>
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            other => return Ok(other?),
        }
    }
}

/// The sled tree holding every logical tree.
const DATA_TREE: &str = "tuteur";

/// The byte that prefixes a logical tree's keys. Written on disk: never change one.
pub(crate) fn tree_byte(tree: Tree) -> u8 {
    match tree {
        Tree::Gardens => b'g',
        Tree::Runs => b'r',
        Tree::Registers => b'R',
        Tree::Handled => b'h',
        Tree::Schedule => b's',
        Tree::Outbox => b'o',
        Tree::Meta => b'm',
        Tree::Commons => b'c',
    }
}

/// A logical tree's key as sled stores it.
fn prefixed(tree: Tree, key: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(key.len() + 1);
    k.push(tree_byte(tree));
    k.extend_from_slice(key);
    k
}

fn version_error(found: u8) -> StoreError {
    StoreError::Version {
        tree: Tree::Meta.name(),
        found,
        known: SCHEMA_VERSION,
    }
}

impl Store for SledStore {
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        // The pending lock is held across the sled read so that a commit cannot move the
        // key from the overlay to sled in between.
        let pending = self.pending_read();
        if let Some(buffered) = pending.trees[tree.index()].get(key) {
            return Ok(buffered.clone());
        }
        if tree == Tree::Handled {
            return self.stored_mark(&pending.marks, key);
        }
        Ok(self.data.get(prefixed(tree, key))?.map(|v| v.to_vec()))
    }

    fn scan_prefix(&self, tree: Tree, prefix: &[u8]) -> Result<Vec<Entry>, StoreError> {
        let pending = self.pending_read();
        if tree == Tree::Handled {
            let stored = self.stored_marks(prefix)?;
            return Ok(merge(stored, &pending.trees[tree.index()], prefix));
        }
        let stored = self
            .data
            .scan_prefix(prefixed(tree, prefix))
            .map(|kv| {
                let (k, v) = kv?;
                Ok((k[1..].to_vec(), v.to_vec()))
            })
            .collect::<Result<Vec<Entry>, StoreError>>()?;
        Ok(merge(stored, &pending.trees[tree.index()], prefix))
    }

    fn apply(&self, batch: &Batch) -> Result<(), StoreError> {
        if batch.is_empty() {
            return Ok(());
        }
        let mut pending = self.pending_write();
        // Commit what is due before taking the new batch in: if that commit fails, the
        // event fails without leaving any of its writes behind.
        let due = pending.len >= self.commit_above
            || pending
                .since
                .is_some_and(|t| t.elapsed() >= self.commit_after);
        if due {
            self.commit(&mut pending)?;
        }
        for w in &batch.writes {
            pending.put(w.tree, &w.key, w.value.as_deref());
        }
        Ok(())
    }

    fn flush(&self) -> Result<(), StoreError> {
        self.commit(&mut self.pending_write())?;
        self.db.flush()?;
        Ok(())
    }
}

/// Merges what sled holds under `prefix` (key-ordered) with the pending writes; on equal
/// keys the pending write wins.
fn merge(stored: Vec<Entry>, pending: &Writes, prefix: &[u8]) -> Vec<Entry> {
    let mut own = pending
        .range::<[u8], _>((Bound::Included(prefix), Bound::Unbounded))
        .take_while(|(k, _)| k.starts_with(prefix))
        .peekable();
    if own.peek().is_none() {
        return stored;
    }
    let mut out = Vec::with_capacity(stored.len());
    for (k, v) in stored {
        while let Some((own_key, own_value)) = own.next_if(|(own_key, _)| **own_key < k) {
            if let Some(own_value) = own_value {
                out.push((own_key.clone(), own_value.clone()));
            }
        }
        match own.next_if(|(own_key, _)| **own_key == k) {
            Some((_, Some(own_value))) => out.push((k, own_value.clone())),
            Some((_, None)) => {}
            None => out.push((k, v)),
        }
    }
    out.extend(own.filter_map(|(k, v)| v.as_ref().map(|v| (k.clone(), v.clone()))));
    out
}

impl Drop for SledStore {
    /// Commits and flushes once more, so that a store dropped on a clean shutdown
    /// (SIGTERM: stop input, flush, drop) loses nothing even if the last flush was missed.
    fn drop(&mut self) {
        if let Err(e) = self.flush() {
            error!(path = %self.path.display(), error = %e, "sled commit on close failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Write;

    /// A batch of one write: put `value`, or delete the key when None.
    fn write(tree: Tree, key: &[u8], value: Option<&[u8]>) -> Batch {
        Batch {
            writes: vec![Write {
                tree,
                key: key.to_vec(),
                value: value.map(<[u8]>::to_vec),
            }],
        }
    }

    fn put(tree: Tree, key: &[u8], value: &[u8]) -> Batch {
        write(tree, key, Some(value))
    }

    fn delete(tree: Tree, key: &[u8]) -> Batch {
        write(tree, key, None)
    }

    fn in_sled(store: &SledStore, tree: Tree, key: &[u8]) -> bool {
        if tree == Tree::Handled {
            return store
                .stored_mark(&store.pending_read().marks, key)
                .expect("sled read")
                .is_some();
        }
        store
            .data
            .get(prefixed(tree, key))
            .expect("sled read")
            .is_some()
    }

    /// How many mark groups sled holds.
    fn group_count(store: &SledStore) -> usize {
        store.groups().expect("groups").len()
    }

    #[test]
    fn tree_bytes_are_distinct() {
        let mut bytes: Vec<u8> = Tree::ALL.into_iter().map(tree_byte).collect();
        bytes.push(mark_groups::GROUP_BYTE);
        bytes.sort_unstable();
        bytes.dedup();
        assert_eq!(bytes.len(), Tree::ALL.len() + 1);
    }

    #[test]
    fn applied_writes_reach_sled_at_the_flush_in_one_commit() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let store = SledStore::open(dir.path()).expect("open");
        store.apply(&put(Tree::Runs, b"a", b"1")).expect("apply");
        store.apply(&put(Tree::Handled, b"h", b"")).expect("apply");
        assert_eq!(
            store.get(Tree::Runs, b"a").expect("get"),
            Some(b"1".to_vec())
        );
        assert!(!in_sled(&store, Tree::Runs, b"a"), "still pending");
        store.flush().expect("flush");
        assert!(in_sled(&store, Tree::Runs, b"a") && in_sled(&store, Tree::Handled, b"h"));
        assert_eq!(store.pending_read().len, 0);
    }

    #[test]
    fn handled_marks_are_found_pending_committed_and_after_reopening() {
        let dir = tempfile::tempdir().expect("temporary folder");
        {
            let store = SledStore::open(dir.path()).expect("open");
            store
                .apply(&put(Tree::Handled, b"$old", b"t"))
                .expect("apply");
            store.flush().expect("flush");
        }
        let store = SledStore::open(dir.path()).expect("reopen");
        let mark = |k: &[u8]| store.get(Tree::Handled, k).expect("get");
        assert_eq!(mark(b"$old"), Some(b"t".to_vec()), "loaded at open");
        assert_eq!(mark(b"$new"), None);
        store
            .apply(&put(Tree::Handled, b"$new", b"u"))
            .expect("apply");
        assert_eq!(mark(b"$new"), Some(b"u".to_vec()), "pending");
        store.flush().expect("flush");
        assert_eq!(mark(b"$new"), Some(b"u".to_vec()), "committed");
        store
            .data
            .insert(prefixed(Tree::Handled, b"$raw"), b"v".as_slice())
            .expect("raw insert");
        drop(store);
        let store = SledStore::open(dir.path()).expect("reopen");
        assert_eq!(
            store.get(Tree::Handled, b"$raw").expect("get"),
            Some(b"v".to_vec()),
            "a mark the filter never saw written is loaded at the next open"
        );
    }

    #[test]
    fn the_marks_of_one_commit_are_one_sled_value_and_each_mark_stays_in_one_place() {
        let dir = tempfile::tempdir().expect("temporary folder");
        {
            let store = SledStore::open(dir.path()).expect("open");
            for k in [b"!g\0$a", b"!g\0$b", b"!h\0$c"] {
                store.apply(&put(Tree::Handled, k, b"1")).expect("apply");
            }
            store.flush().expect("flush");
            assert_eq!(group_count(&store), 1, "three marks, one group");
            assert_eq!(
                store.data.scan_prefix([tree_byte(Tree::Handled)]).count(),
                0,
                "no sled key per mark"
            );
            // Written again: moves to the new group; deleted: leaves its group.
            store
                .apply(&put(Tree::Handled, b"!g\0$a", b"2"))
                .expect("apply");
            store
                .apply(&delete(Tree::Handled, b"!g\0$b"))
                .expect("apply");
            store
                .apply(&put(Tree::Handled, b"!g\0$d", b"1"))
                .expect("apply");
            store.flush().expect("flush");
            assert_eq!(group_count(&store), 2);
            // Emptying the first group removes it.
            store
                .apply(&delete(Tree::Handled, b"!h\0$c"))
                .expect("apply");
            store.flush().expect("flush");
            assert_eq!(group_count(&store), 1, "the first group emptied and gone");
            // A legacy mark (one sled key), written again, moves into a group.
            store
                .data
                .insert(prefixed(Tree::Handled, b"!g\0$old"), b"0".as_slice())
                .expect("raw insert");
        }
        let store = SledStore::open(dir.path()).expect("reopen");
        let mark = |k: &[u8]| store.get(Tree::Handled, k).expect("get");
        assert_eq!(mark(b"!g\0$a"), Some(b"2".to_vec()));
        assert_eq!(mark(b"!g\0$b"), None);
        assert_eq!(mark(b"!h\0$c"), None);
        assert_eq!(mark(b"!g\0$d"), Some(b"1".to_vec()));
        assert_eq!(mark(b"!g\0$old"), Some(b"0".to_vec()));
        store
            .apply(&put(Tree::Handled, b"!g\0$old", b"3"))
            .expect("apply");
        store
            .apply(&put(Tree::Handled, b"!g\0$e", b"1"))
            .expect("apply");
        assert_eq!(
            store.scan_prefix(Tree::Handled, b"!g\0").expect("scan"),
            vec![
                (b"!g\0$a".to_vec(), b"2".to_vec()),
                (b"!g\0$d".to_vec(), b"1".to_vec()),
                (b"!g\0$e".to_vec(), b"1".to_vec()),
                (b"!g\0$old".to_vec(), b"3".to_vec()),
            ],
            "sled's groups, its legacy keys and the overlay, merged in key order"
        );
        store.flush().expect("flush");
        assert!(
            !store
                .data
                .contains_key(prefixed(Tree::Handled, b"!g\0$old"))
                .expect("read")
        );
        assert_eq!(mark(b"!g\0$old"), Some(b"3".to_vec()));
    }

    #[test]
    fn a_mark_whose_hash_another_shares_is_looked_for_everywhere() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let store = SledStore::open(dir.path()).expect("open");
        store
            .apply(&put(Tree::Handled, b"$a", b"1"))
            .expect("apply");
        store.flush().expect("flush");
        store
            .apply(&put(Tree::Handled, b"$b", b"1"))
            .expect("apply");
        store.flush().expect("flush");
        // What a second key with $a's hash in another group would leave in the index.
        store
            .pending_write()
            .marks
            .note(b"$a", Place::Group(99), false);
        assert_eq!(
            store.pending_read().marks.place(b"$a"),
            Some(Place::Anywhere)
        );
        let mark = |k: &[u8]| store.get(Tree::Handled, k).expect("get");
        store.flush().expect("flush");
        assert_eq!(mark(b"$a"), Some(b"1".to_vec()), "found in its group");
        store
            .apply(&put(Tree::Handled, b"$a", b"2"))
            .expect("apply");
        store.flush().expect("flush");
        assert_eq!(mark(b"$a"), Some(b"2".to_vec()));
        assert_eq!(
            group_count(&store),
            2,
            "taken out of its first group, which emptied"
        );
    }

    #[test]
    fn a_large_or_old_overlay_is_committed_by_the_next_apply() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let mut store = SledStore::open(dir.path()).expect("open");
        store.commit_above = 3;
        for k in [b"1", b"2", b"3"] {
            store.apply(&put(Tree::Outbox, k, b"v")).expect("apply");
        }
        assert!(!in_sled(&store, Tree::Outbox, b"1"));
        store.apply(&put(Tree::Outbox, b"4", b"v")).expect("apply");
        assert!(
            in_sled(&store, Tree::Outbox, b"3"),
            "the first three were committed"
        );
        assert!(!in_sled(&store, Tree::Outbox, b"4"), "the new batch waits");

        store.commit_above = usize::MAX;
        store.commit_after = Duration::ZERO;
        store.apply(&put(Tree::Outbox, b"5", b"v")).expect("apply");
        assert!(in_sled(&store, Tree::Outbox, b"4"));
    }
}
