//! What the Matrix transport keeps in sled's `meta` tree, beside the engine's data: the
//! sync position, which Matrix event carries which bot message, thread roots, rooms'
//! kinds, direct-message rooms, the send queue and undecryptable events.
//!
//! Every key starts with `matrix` and a NUL, so none collides with the schema byte or
//! the shell's keys. Values go through [`crate::store::encode`] like the engine's.

use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::model::{GardenId, RunId};
use crate::store::{Store, StoreError, Tree, Tx, key};

const P: &[u8] = b"matrix";

/// The sync token of the last batch whose effects are flushed.
pub fn sync_token() -> Vec<u8> {
    key(&[P, b"sync_token"])
}

/// The seed of the engine's random orders, drawn once, so that a replayed event draws the
/// same order as the first time.
pub fn seed() -> Vec<u8> {
    key(&[P, b"seed"])
}

/// A bot event, by its Matrix event id.
pub fn bot_event(event_id: &str) -> Vec<u8> {
    key(&[P, b"ev", event_id.as_bytes()])
}

/// The Matrix event id of a bot message, by garden and `out_ref`.
pub fn sent(garden: &GardenId, out_ref: &str) -> Vec<u8> {
    key(&[P, b"ref", garden.as_str().as_bytes(), out_ref.as_bytes()])
}

/// The run whose thread a root event starts, by room and event.
pub fn thread_root(room: &str, event_id: &str) -> Vec<u8> {
    key(&[P, b"root", room.as_bytes(), event_id.as_bytes()])
}

/// The root event of a run's thread.
pub fn run_root(garden: &GardenId, run: RunId) -> Vec<u8> {
    key(&[
        P,
        b"run",
        garden.as_str().as_bytes(),
        run.to_string().as_bytes(),
    ])
}

/// What kind of room a room is for the bot.
pub fn room_kind(room: &str) -> Vec<u8> {
    key(&[P, b"room", room.as_bytes()])
}

/// The direct-message room the bot opened with a member for a garden.
pub fn dm_room(garden: &GardenId, user: &str) -> Vec<u8> {
    key(&[P, b"dm", garden.as_str().as_bytes(), user.as_bytes()])
}

/// The prefix of the send queue's entries.
pub fn queue_prefix() -> Vec<u8> {
    let mut k = key(&[P, b"q"]);
    k.push(0);
    k
}

/// One entry of the send queue, ordered by `seq`.
pub fn queue(seq: u64) -> Vec<u8> {
    key(&[P, b"q", &seq.to_be_bytes()])
}

/// The prefix of the undecryptable events waiting for their keys.
pub fn utd_prefix() -> Vec<u8> {
    let mut k = key(&[P, b"utd"]);
    k.push(0);
    k
}

/// An undecryptable event waiting for its keys.
pub fn utd(room: &str, event_id: &str) -> Vec<u8> {
    key(&[P, b"utd", room.as_bytes(), event_id.as_bytes()])
}

/// How far a long message split into parts got (see `split.rs`), by garden and `out_ref`.
pub fn parts(garden: &GardenId, out_ref: &str) -> Vec<u8> {
    key(&[P, b"part", garden.as_str().as_bytes(), out_ref.as_bytes()])
}

/// An outbox entry the homeserver refused for good, kept with its reason.
pub fn refused(garden: &GardenId, out_ref: &str) -> Vec<u8> {
    key(&[
        P,
        b"refused",
        garden.as_str().as_bytes(),
        out_ref.as_bytes(),
    ])
}

/// Set once a garden's room was told that an answer could not be delivered; cleared by
/// the next delivery there.
pub fn refusal_told(garden: &GardenId) -> Vec<u8> {
    key(&[P, b"told", garden.as_str().as_bytes()])
}

/// How many refusals the bot met since its store was made.
pub fn refusal_count() -> Vec<u8> {
    key(&[P, b"refused_count"])
}

/// A message the bot sent, as recorded from the send's answer or from its own event seen
/// in the sync (the content carries the same facts, see [`OutboxMark`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotEvent {
    /// The garden it belongs to.
    pub garden: GardenId,
    /// Its `out_ref`.
    pub out_ref: String,
    /// The run whose thread it is in, if any.
    pub thread: Option<RunId>,
}

/// The garden and run a thread root belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RootOf {
    /// The garden.
    pub garden: GardenId,
    /// The run.
    pub run: RunId,
}

/// What a room is to the bot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoomKind {
    /// A garden: the room's id is the garden's id.
    Garden,
    /// A direct-message room with one member.
    Direct {
        /// The member.
        user: String,
        /// The garden it was opened for (None: the member opened it).
        garden: Option<GardenId>,
    },
    /// The commons room: the bot posts harvested retours there and answers nothing.
    Commons,
}

/// One entry of the send queue: an outbox entry to send, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueEntry {
    /// The garden of the outbox entry.
    pub garden: GardenId,
    /// Its `out_ref`.
    pub out_ref: String,
    /// When it was queued (ms since the epoch; 0 when unknown), to know whether the
    /// homeserver still remembers its transaction id.
    pub queued_ms: i64,
}

/// How far a message sent in parts got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartsDone {
    /// Lines of the answer already sent.
    pub lines: usize,
    /// Parts already sent.
    pub parts: usize,
    /// The content budget the remaining parts are cut with (halved after a 413).
    pub budget: usize,
}

/// Why an outbox entry was refused for good.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refused {
    /// What the homeserver said.
    pub reason: String,
    /// When (ms since the epoch).
    pub at_ms: i64,
}

/// An undecryptable event kept until its keys arrive or it is given up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingUtd {
    /// The raw event, as JSON.
    pub raw: String,
    /// Its sender.
    pub sender: String,
    /// When the bot first saw it (ms since the epoch).
    pub first_seen_ms: i64,
}

/// The custom content key that carries a bot message's outbox identity, so the bot can
/// recognise its own messages in the sync and find old ones after a long crash.
pub const OUTBOX_KEY: &str = "fr.tuteur.outbox";

/// The value under [`OUTBOX_KEY`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMark {
    /// The garden.
    pub garden: GardenId,
    /// The `out_ref`.
    #[serde(rename = "ref")]
    pub out_ref: String,
    /// When the message is the announcement that roots a run's thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_of: Option<RunId>,
    /// When the message is posted in a run's thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<RunId>,
}

/// Reads one typed value of the meta tree.
pub fn get<T: DeserializeOwned>(store: &dyn Store, k: &[u8]) -> Result<Option<T>, StoreError> {
    Tx::new(store).get(Tree::Meta, k)
}

/// The writes that record a sent (or seen) bot message: event ↔ ref, and the thread
/// root's run when it is an announcement.
pub fn record_sent(
    tx: &mut Tx<'_>,
    room: &str,
    event_id: &str,
    mark: &OutboxMark,
) -> Result<(), StoreError> {
    tx.put(
        Tree::Meta,
        bot_event(event_id),
        &BotEvent {
            garden: mark.garden.clone(),
            out_ref: mark.out_ref.clone(),
            thread: mark.thread,
        },
    )?;
    tx.put(Tree::Meta, sent(&mark.garden, &mark.out_ref), &event_id)?;
    if let Some(run) = mark.root_of {
        tx.put(
            Tree::Meta,
            thread_root(room, event_id),
            &RootOf {
                garden: mark.garden.clone(),
                run,
            },
        )?;
        tx.put(Tree::Meta, run_root(&mark.garden, run), &event_id)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_keys_sort_in_sequence_order_under_their_prefix() {
        let keys: Vec<Vec<u8>> = [0u64, 1, 255, 256, 70_000]
            .iter()
            .map(|s| queue(*s))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        assert!(keys.iter().all(|k| k.starts_with(&queue_prefix())));
        assert!(!sync_token().starts_with(&queue_prefix()));
        assert!(utd("!r:x", "$e").starts_with(&utd_prefix()));
    }
}
