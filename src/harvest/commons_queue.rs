//! The durable queue of commons deliveries: one item per harvested
//! retour and per sink (the export folder, the webhook), written in the same batch as the
//! harvest itself, removed only once delivered, and retried with capped exponential
//! backoff when a delivery fails — never dropped.
//!
//! An item names the retour, not its content: the deliverer reads the record when it
//! sends, so a retour anonymised by `!oublie-moi` or forgotten after a redaction in the
//! meantime goes out anonymised, or not at all.
//!
//! Keys in the `commons` tree: garden id, `R` and the retour's number (big endian), sink.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{GardenId, RunId};
use crate::store::{Store, StoreError, Tree, Tx, decode, key};

/// First retry delay after a failure.
pub const BACKOFF_BASE: Duration = Duration::minutes(1);

/// Longest delay between two tries.
pub const BACKOFF_CAP: Duration = Duration::hours(6);

/// Where a retour goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sink {
    /// The export folder: Markdown file + JSON-LD index.
    Folder,
    /// The webhook: a JSON POST.
    Webhook,
}

impl Sink {
    /// Both sinks, in delivery order.
    pub const ALL: [Sink; 2] = [Sink::Folder, Sink::Webhook];

    fn tag(self) -> &'static [u8] {
        match self {
            Sink::Folder => b"folder",
            Sink::Webhook => b"webhook",
        }
    }
}

/// One pending delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    /// The garden of the retour.
    pub garden: GardenId,
    /// The retour.
    pub retour: RunId,
    /// Where it goes.
    pub sink: Sink,
    /// When it was queued.
    pub queued_at: DateTime<Utc>,
    /// Failed tries so far.
    pub attempts: u32,
    /// Not before this moment.
    pub next_at: DateTime<Utc>,
    /// What the last failure said (for `tracing` and operators).
    pub last_error: Option<String>,
}

impl QueueItem {
    /// The item's key in the `commons` tree.
    pub fn key(&self) -> Vec<u8> {
        item_key(&self.garden, self.retour, self.sink)
    }

    /// Records a failed try: the next one waits twice as long as the last, up to the cap.
    pub fn failed(&mut self, now: DateTime<Utc>, error: String) {
        self.attempts = self.attempts.saturating_add(1);
        self.next_at = now + backoff(self.attempts);
        self.last_error = Some(error);
    }
}

/// The delay after `attempts` failures: 1 min, 2, 4 ... capped at [`BACKOFF_CAP`].
pub fn backoff(attempts: u32) -> Duration {
    let factor = 1i64 << attempts.saturating_sub(1).min(20);
    (BACKOFF_BASE * factor as i32).min(BACKOFF_CAP)
}

fn item_key(garden: &GardenId, retour: RunId, sink: Sink) -> Vec<u8> {
    let mut id = vec![retour.kind.letter() as u8];
    id.extend_from_slice(&retour.n.to_be_bytes());
    key(&[garden.as_str().as_bytes(), &id, sink.tag()])
}

/// Queues a retour for every sink, in the caller's batch (the harvest's own).
pub fn enqueue(
    tx: &mut Tx<'_>,
    garden: &GardenId,
    retour: RunId,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    for sink in Sink::ALL {
        enqueue_one(tx, garden, retour, sink, now)?;
    }
    Ok(())
}

/// Queues one delivery (again): a retour re-exported after `!oublie-moi` or deleted after a
/// redaction gets its folder entry rewritten or removed.
pub fn enqueue_one(
    tx: &mut Tx<'_>,
    garden: &GardenId,
    retour: RunId,
    sink: Sink,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let item = QueueItem {
        garden: garden.clone(),
        retour,
        sink,
        queued_at: now,
        attempts: 0,
        next_at: now,
        last_error: None,
    };
    tx.put(Tree::Commons, item.key(), &item)
}

/// Drops the pending delivery of a retour to one sink (a forgotten retour must not be
/// POSTed any more).
pub fn cancel(tx: &mut Tx<'_>, garden: &GardenId, retour: RunId, sink: Sink) {
    tx.delete(Tree::Commons, item_key(garden, retour, sink));
}

/// Every pending item, in key order (garden, retour, sink).
pub fn pending(store: &dyn Store) -> Result<Vec<QueueItem>, StoreError> {
    store
        .scan_prefix(Tree::Commons, &[])?
        .into_iter()
        .map(|(_, v)| decode(Tree::Commons, &v))
        .collect()
}

/// The items due at `now`, at most `limit`, oldest first.
pub fn due(
    store: &dyn Store,
    now: DateTime<Utc>,
    limit: usize,
) -> Result<Vec<QueueItem>, StoreError> {
    let mut items: Vec<QueueItem> = pending(store)?
        .into_iter()
        .filter(|i| i.next_at <= now)
        .collect();
    items.sort_by_key(|i| (i.next_at, i.queued_at));
    items.truncate(limit);
    Ok(items)
}

/// When the next pending item is due (to sleep until then).
pub fn next_at(store: &dyn Store) -> Result<Option<DateTime<Utc>>, StoreError> {
    Ok(pending(store)?.iter().map(|i| i.next_at).min())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_then_caps() {
        assert_eq!(backoff(1), Duration::minutes(1));
        assert_eq!(backoff(2), Duration::minutes(2));
        assert_eq!(backoff(4), Duration::minutes(8));
        assert_eq!(backoff(9), Duration::hours(4) + Duration::minutes(16));
        assert_eq!(backoff(10), BACKOFF_CAP);
        assert_eq!(backoff(u32::MAX), BACKOFF_CAP);
    }
}
