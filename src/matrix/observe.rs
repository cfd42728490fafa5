//! What the operator's tools read of a running bot: the depths `/metrics` shows (read from
//! the store at each scrape) and the archive `tuteur backup` asks for over the control
//! socket.

use std::sync::Arc;

use super::Bot;
use super::meta::{self, QueueEntry, RoomKind};
use crate::archive::Archive;
use crate::control::BackupFn;
use crate::engine::GardenState;
use crate::metrics::{Sample, Sampler};
use crate::store::{Store, StoreError, Tree, decode};

/// Reads the depths of `/metrics` from the bot's store.
pub fn sampler(bot: &Arc<Bot>) -> Sampler {
    let bot = Arc::clone(bot);
    Arc::new(move || match sample(&bot) {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(error = %e, "metrics: reading the store failed");
            Sample::default()
        }
    })
}

fn sample(bot: &Bot) -> Result<Sample, StoreError> {
    let store: &dyn Store = bot.store.as_ref();
    let now_ms = chrono::Utc::now().timestamp_millis();
    let queue = store.scan_prefix(Tree::Meta, &meta::queue_prefix())?;
    let oldest = queue
        .iter()
        .filter_map(|(_, raw)| decode::<QueueEntry>(Tree::Meta, raw).ok())
        .map(|q| q.queued_ms)
        .filter(|ms| *ms > 0)
        .min();
    let gardens = bot
        .client
        .joined_rooms()
        .iter()
        .filter(|room| {
            matches!(
                meta::get::<RoomKind>(store, &meta::room_kind(room.room_id().as_str())),
                Ok(Some(RoomKind::Garden))
            )
        })
        .count();
    let runs: usize = store
        .scan_prefix(Tree::Gardens, &[])?
        .iter()
        .filter_map(|(_, raw)| decode::<GardenState>(Tree::Gardens, raw).ok())
        .map(|g| g.active.len())
        .sum();
    Ok(Sample {
        outbox_depth: queue.len() as i64,
        outbox_oldest_seconds: oldest.map_or(0.0, |ms| (now_ms - ms).max(0) as f64 / 1000.0),
        commons_queue: store.scan_prefix(Tree::Commons, &[])?.len() as i64,
        undecryptable: store.scan_prefix(Tree::Meta, &meta::utd_prefix())?.len() as i64,
        gardens: gardens as i64,
        runs_in_progress: runs as i64,
    })
}

/// Makes the archive of the store between two batches (holding the lock the sync loop
/// holds while it handles one), so that it is consistent.
pub fn backup_fn(bot: &Arc<Bot>) -> BackupFn {
    let bot = Arc::clone(bot);
    Arc::new(move || {
        let bot = Arc::clone(&bot);
        Box::pin(async move {
            let _writing = bot.writing.lock().await;
            let store: &dyn Store = bot.store.as_ref();
            Archive::of(store)
                .map(|a| a.to_bytes())
                .map_err(|e| e.to_string())
        })
    })
}
