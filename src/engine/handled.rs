//! Handled-event marks: what makes a second delivery of an event do nothing, and how long
//! they are kept.
//!
//! A Matrix sync delivers an event again only when the batch that carried it was not
//! finished: the sync position moves in the same flush as the batch's effects, so a crash
//! replays that batch, and a timeline read back after a `limited` sync stops at the last
//! position. Once the bot has flushed a batch after its start, no event handled before that
//! position can come again through a sync. A mark is therefore only needed for a while;
//! [`MARK_RETENTION`] keeps it far longer than that (a bot that crashed, stayed down for a
//! long weekend and replays its last batch still finds it: pruning waits for the first
//! batch of each start, see the sync loop).

use std::time::Duration;

use crate::model::GardenId;
use crate::store::{Store, StoreError, Tree, Tx, key};

/// How long a mark is kept after its event was handled.
pub const MARK_RETENTION: Duration = Duration::from_secs(7 * 24 * 3600);

/// Marks deleted per store batch, so that pruning a long history never builds one huge
/// write.
const DELETE_CHUNK: usize = 1_000;

/// The key of an event's handled mark.
pub fn handled_key(garden: &GardenId, event_id: &str) -> Vec<u8> {
    key(&[garden.as_str().as_bytes(), event_id.as_bytes()])
}

/// The value of a mark: when its event was handled (milliseconds, big-endian).
pub(super) fn stamp(now_ms: i64) -> Vec<u8> {
    now_ms.to_be_bytes().to_vec()
}

/// Deletes the marks of events handled before `before_ms` (and marks whose time cannot
/// be read, written by versions that stamped nothing): the caller flushes. Returns how
/// many were deleted.
pub fn forget_before(store: &dyn Store, before_ms: i64) -> Result<usize, StoreError> {
    let old: Vec<Vec<u8>> = store
        .scan_prefix(Tree::Handled, &[])?
        .into_iter()
        .filter(|(_, v)| {
            <[u8; 8]>::try_from(v.as_slice()).map_or(true, |b| i64::from_be_bytes(b) < before_ms)
        })
        .map(|(k, _)| k)
        .collect();
    for chunk in old.chunks(DELETE_CHUNK) {
        let mut tx = Tx::new(store);
        for k in chunk {
            tx.delete(Tree::Handled, k.clone());
        }
        store.apply(&tx.into_batch())?;
    }
    Ok(old.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemoryStore;

    fn mark(store: &dyn Store, event: &str, at_ms: i64) {
        let mut tx = Tx::new(store);
        let g = GardenId::new("!g:example.org");
        tx.put_raw(Tree::Handled, handled_key(&g, event), stamp(at_ms));
        store.apply(&tx.into_batch()).expect("apply");
    }

    #[test]
    fn only_marks_older_than_the_cutoff_or_unstamped_are_forgotten() {
        let store = MemoryStore::default();
        mark(&store, "$old", 1_000);
        mark(&store, "$edge", 5_000);
        mark(&store, "$new", 9_000);
        let mut tx = Tx::new(&store);
        tx.put_raw(
            Tree::Handled,
            handled_key(&GardenId::new("!g:example.org"), "$legacy"),
            vec![1],
        );
        store.apply(&tx.into_batch()).expect("apply");
        assert_eq!(forget_before(&store, 5_000).expect("prune"), 2);
        let left: Vec<String> = store
            .scan_prefix(Tree::Handled, &[])
            .expect("scan")
            .into_iter()
            .map(|(k, _)| String::from_utf8_lossy(&k).into_owned())
            .collect();
        assert_eq!(left.len(), 2);
        assert!(left.iter().any(|k| k.ends_with("$edge")));
        assert!(left.iter().any(|k| k.ends_with("$new")));
    }

    #[test]
    fn marks_pruned_from_sled_stay_pruned_after_a_reopen_and_recent_ones_stay() {
        use crate::store::SledStore;
        let dir = tempfile::tempdir().expect("temporary folder");
        {
            let store = SledStore::open(dir.path()).expect("open");
            // Three commits, as three batches of the sync loop would write them.
            for (n, at) in [1_000, 2_000, 9_000].into_iter().enumerate() {
                for i in 0..50 {
                    mark(&store, &format!("$e{n}-{i}"), at);
                }
                store.flush().expect("flush");
            }
            assert_eq!(forget_before(&store, 5_000).expect("prune"), 100);
            store.flush().expect("flush");
        }
        let store = SledStore::open(dir.path()).expect("reopen");
        let left = store.scan_prefix(Tree::Handled, &[]).expect("scan");
        assert_eq!(left.len(), 50);
        assert!(
            left.iter()
                .all(|(k, _)| String::from_utf8_lossy(k).contains("$e2-"))
        );
    }
}
