//! The send queue: every outgoing message waits in sled until the homeserver returned its
//! event id.
//!
//! The engine writes each [`Outgoing`] into the `outbox` tree in the same batch as the
//! event that caused it; the transport adds a queue entry (order, time queued) in `meta`.
//! Both are flushed before anything is sent. One sender task per garden sends in queue
//! order (gardens concurrently) with a transaction id derived from the `out_ref`, so a
//! resend after a crash is recognised by the homeserver. Synapse forgets transaction ids
//! after 30–60 minutes: for older entries the sender first looks for the bot's own event
//! carrying the entry's mark in the room.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use matrix_sdk::room::MessagesOptions;
use matrix_sdk::ruma::api::client::room::create_room::v3::{Request as CreateRoom, RoomPreset};
use matrix_sdk::ruma::events::InitialStateEvent;
use matrix_sdk::ruma::events::room::encryption::RoomEncryptionEventContent;
use matrix_sdk::ruma::{OwnedRoomId, RoomId, UInt};
use matrix_sdk::{Room, RoomState};
use tokio::sync::mpsc;
use tokio_util::task::TaskTracker;

use super::meta::{self, OutboxMark, PartsDone, QueueEntry, RoomKind};
use super::send::{self, Relation, SendError};
use super::{Bot, lock, refusals, split};
use crate::clock::Clock;
use crate::engine::{Action, Dest, Outgoing};
use crate::i18n::Rendered;
use crate::model::{GardenId, UserId};
use crate::store::{Store, StoreError, Tree, Tx, decode, key};

/// Entries queued longer ago than this may be forgotten by the homeserver's transaction
/// id cache: look for them in the room before sending again.
const TXN_MEMORY_MS: i64 = 25 * 60 * 1000;

/// How far back (pages of 100 events) the bot looks for its own old message.
const SEARCH_PAGES: usize = 5;

/// How long a stop waits for messages being sent.
const STOP_GRACE: Duration = Duration::from_secs(10);

/// How long a garden's sender waits for its next message before it ends: after a burst
/// across many gardens, their tasks (each sized for a whole send) are given back.
const SENDER_IDLE: Duration = Duration::from_secs(30);

/// Messages on their way to the homeserver at once, all gardens together. Each send in
/// flight holds a connection with its buffers and the SDK's send future (about 60 KB),
/// and what a burst leaves in the allocator's pages stays resident after it. Measured in
/// a bot with 1,000 gardens (`scripts/bench-scale`: a catch-up of 2,000 commands over 200
/// rooms, against a plain client sending at the same concurrency): 32 at once took 1.16
/// times the plain client's time, and the memory a minute later was 19% above rest; 16
/// at once, 1.24 times and 15%; 128 at once, about the time of a plain client sending to
/// all 200 rooms at once, and 28–36% above rest (200 gardens).
pub const SENDS_AT_ONCE: usize = 32;

/// The permits of [`SENDS_AT_ONCE`].
struct SendSlots(tokio::sync::Semaphore);

impl Default for SendSlots {
    fn default() -> Self {
        SendSlots(tokio::sync::Semaphore::new(SENDS_AT_ONCE))
    }
}

/// One queued message.
#[derive(Debug, Clone)]
pub struct Item {
    /// Its place in the queue.
    pub seq: u64,
    /// What to send.
    pub entry: QueueEntry,
    /// Held until its sender is done with it (see [`Sending`]).
    in_hand: Option<mpsc::Sender<()>>,
}

impl Item {
    fn new(seq: u64, entry: QueueEntry) -> Item {
        Item {
            seq,
            entry,
            in_hand: None,
        }
    }
}

/// The messages of one [`Outbox::dispatch`] on their way: each holds a sender of this
/// channel until its garden's sender is done with it (sent, found sent, or kept for
/// later), so the channel closes when the last one is.
pub struct Sending(mpsc::Receiver<()>);

impl Sending {
    /// Waits until every message is done with, or `max`.
    pub async fn done_within(mut self, max: Duration) {
        let _ = tokio::time::timeout(max, self.0.recv()).await;
    }
}

/// The queue's in-memory side: the next sequence number and the sender tasks.
#[derive(Default)]
pub struct Outbox {
    next_seq: AtomicU64,
    seq_loaded: AtomicBool,
    stopping: AtomicBool,
    /// Set by the first sweep: later sweeps leave entries refused for good alone.
    swept: AtomicBool,
    /// Entries handed to a sender and not finished: a sweep does not queue them twice.
    in_flight: std::sync::Mutex<HashSet<(GardenId, String)>>,
    senders: std::sync::Mutex<HashMap<GardenId, mpsc::UnboundedSender<Item>>>,
    /// The sender tasks, for [`Outbox::stop`]. A tracker rather than their join handles:
    /// a finished task's memory is given back at once, not when the handle is dropped.
    tasks: TaskTracker,
    slots: SendSlots,
}

/// The outbox key of an entry (the engine's layout).
fn outbox_key(garden: &GardenId, out_ref: &str) -> Vec<u8> {
    key(&[garden.as_str().as_bytes(), out_ref.as_bytes()])
}

impl Outbox {
    /// Adds queue entries for messages the engine just wrote to the outbox (applied to
    /// the store's overlay: durable with the batch's flush). Returns the items to dispatch
    /// once the flush is done.
    pub fn stage(
        &self,
        store: &dyn Store,
        outs: &[Outgoing],
        now_ms: i64,
    ) -> Result<Vec<Item>, StoreError> {
        if outs.is_empty() {
            return Ok(Vec::new());
        }
        self.load_seq(store)?;
        let mut tx = Tx::new(store);
        let mut items = Vec::with_capacity(outs.len());
        for o in outs {
            let seq = self.next_seq.fetch_add(1, Ordering::SeqCst);
            let entry = QueueEntry {
                garden: o.garden.clone(),
                out_ref: o.out_ref.clone(),
                queued_ms: now_ms,
            };
            tx.put(Tree::Meta, meta::queue(seq), &entry)?;
            items.push(Item::new(seq, entry));
        }
        store.apply(&tx.into_batch())?;
        Ok(items)
    }

    /// Writes an outgoing message of the transport itself (not the engine's) into the
    /// outbox and the queue, in the same apply.
    pub fn stage_own(
        &self,
        store: &dyn Store,
        o: &Outgoing,
        now_ms: i64,
    ) -> Result<Vec<Item>, StoreError> {
        let mut tx = Tx::new(store);
        tx.put(Tree::Outbox, outbox_key(&o.garden, &o.out_ref), o)?;
        store.apply(&tx.into_batch())?;
        self.stage(store, std::slice::from_ref(o), now_ms)
    }

    fn load_seq(&self, store: &dyn Store) -> Result<(), StoreError> {
        if self.seq_loaded.load(Ordering::SeqCst) {
            return Ok(());
        }
        let last = store
            .scan_prefix(Tree::Meta, &meta::queue_prefix())?
            .last()
            .and_then(|(k, _)| k.get(k.len().saturating_sub(8)..))
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map_or(0, |b| u64::from_be_bytes(b) + 1);
        self.next_seq.fetch_max(last, Ordering::SeqCst);
        self.seq_loaded.store(true, Ordering::SeqCst);
        Ok(())
    }

    /// Hands items to their garden's sender (starting it if needed). Call only after the
    /// flush that made them durable.
    pub fn dispatch(&self, bot: &Arc<Bot>, items: Vec<Item>) -> Sending {
        let (in_hand, sending) = mpsc::channel(1);
        if self.stopping.load(Ordering::SeqCst) {
            return Sending(sending);
        }
        for mut item in items {
            item.in_hand = Some(in_hand.clone());
            let id = (item.entry.garden.clone(), item.entry.out_ref.clone());
            if !lock(&self.in_flight).insert(id) {
                continue;
            }
            let garden = item.entry.garden.clone();
            let mut senders = lock(&self.senders);
            let tx = senders.entry(garden.clone()).or_insert_with(|| {
                let (tx, rx) = mpsc::unbounded_channel();
                self.tasks
                    .spawn(run_sender(Arc::clone(bot), garden.clone(), rx));
                tx
            });
            if let Err(e) = tx.send(item) {
                let item = e.0;
                lock(&self.in_flight).remove(&(item.entry.garden, item.entry.out_ref));
            }
        }
        Sending(sending)
    }

    /// Queues every entry waiting in sled that no sender holds: at start (the replay after
    /// a crash) and now and then (entries whose sends were given up for a while). Outbox
    /// entries without a queue entry (their queue write was lost in a crash) are queued
    /// too, as old ones.
    pub fn sweep(&self, bot: &Arc<Bot>) -> Result<(), StoreError> {
        let store: &dyn Store = bot.store.as_ref();
        self.load_seq(store)?;
        // Refused entries are tried again once per start (their cause may be fixed).
        let first = !self.swept.swap(true, Ordering::SeqCst);
        let mut items = Vec::new();
        let mut known = HashSet::new();
        for (k, raw) in store.scan_prefix(Tree::Meta, &meta::queue_prefix())? {
            let Some(seq) = k
                .get(k.len().saturating_sub(8)..)
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
                .map(u64::from_be_bytes)
            else {
                continue;
            };
            match decode::<QueueEntry>(Tree::Meta, &raw) {
                Ok(entry) => {
                    known.insert(outbox_key(&entry.garden, &entry.out_ref));
                    if first || !refusals::is_refused(store, &entry.garden, &entry.out_ref)? {
                        items.push(Item::new(seq, entry));
                    }
                }
                Err(e) => tracing::error!(error = %e, "unreadable queue entry; dropped"),
            }
        }
        let mut orphans = Vec::new();
        for (k, raw) in store.scan_prefix(Tree::Outbox, &[])? {
            if known.contains(&k) {
                continue;
            }
            match decode::<Outgoing>(Tree::Outbox, &raw) {
                Ok(o) => orphans.push(o),
                Err(e) => tracing::error!(error = %e, "unreadable outbox entry; left in place"),
            }
        }
        if !orphans.is_empty() {
            tracing::warn!(
                count = orphans.len(),
                "outbox entries without queue entry: queued as old"
            );
            items.extend(self.stage(store, &orphans, 0)?);
            store.flush()?;
        }
        self.dispatch(bot, items);
        Ok(())
    }

    /// Stops the senders: each finishes the message in hand (up to a grace period); what
    /// is left stays in sled for the next start.
    pub async fn stop(&self, _bot: &Arc<Bot>) {
        self.stopping.store(true, Ordering::SeqCst);
        lock(&self.senders).clear();
        self.tasks.close();
        // A send still in hand past the grace period is dropped with the runtime.
        let _ = tokio::time::timeout(STOP_GRACE, self.tasks.wait()).await;
    }

    fn done(&self, item: &Item) {
        lock(&self.in_flight).remove(&(item.entry.garden.clone(), item.entry.out_ref.clone()));
    }
}

async fn run_sender(bot: Arc<Bot>, garden: GardenId, mut rx: mpsc::UnboundedReceiver<Item>) {
    loop {
        let item = match tokio::time::timeout(SENDER_IDLE, rx.recv()).await {
            Ok(Some(item)) => item,
            Ok(None) => break,
            Err(_) => {
                // `dispatch` hands items over under this lock: once the sender is out of
                // the map with nothing waiting, no item can be left in its channel.
                let mut senders = lock(&bot.outbox.senders);
                if rx.is_empty() {
                    senders.remove(&garden);
                    break;
                }
                continue;
            }
        };
        if bot.outbox.stopping.load(Ordering::SeqCst) {
            break;
        }
        // Never closed: a permit always comes.
        let Ok(_slot) = bot.outbox.slots.0.acquire().await else {
            break;
        };
        match deliver(&bot, &item).await {
            Ok(()) => {}
            Err(DeliverError::UnknownToken) => {
                tracing::error!("the access token was rejected while sending");
                let _ = bot.fatal.send(true);
            }
            Err(DeliverError::Store(e)) => {
                tracing::error!(%garden, error = %e, "store failure while sending; kept for later");
            }
        }
        bot.outbox.done(&item);
    }
}

#[derive(Debug, thiserror::Error)]
enum DeliverError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("unknown token")]
    UnknownToken,
}

/// Sends one queued entry, or finds that it was sent, or gives it up; entries that fail
/// for a while stay in sled for a later sweep.
async fn deliver(bot: &Arc<Bot>, item: &Item) -> Result<(), DeliverError> {
    let store: &dyn Store = bot.store.as_ref();
    let QueueEntry {
        garden, out_ref, ..
    } = &item.entry;
    let okey = outbox_key(garden, out_ref);
    let forget = |store: &dyn Store| -> Result<(), StoreError> {
        let mut tx = Tx::new(store);
        tx.delete(Tree::Outbox, okey.clone());
        tx.delete(Tree::Meta, meta::queue(item.seq));
        store.apply(&tx.into_batch())
    };
    let Some(raw) = store.get(Tree::Outbox, &okey)? else {
        forget(store)?;
        return Ok(());
    };
    let o: Outgoing = match decode(Tree::Outbox, &raw) {
        Ok(o) => o,
        Err(e) => {
            tracing::error!(%garden, %out_ref, error = %e, "unreadable outbox entry; dropped");
            forget(store)?;
            return Ok(());
        }
    };
    let is_post = matches!(o.action, Action::Post { .. });
    if !is_post && meta::get::<String>(store, &meta::sent(garden, out_ref))?.is_some() {
        // Sent before a crash, and seen since in the sync (posts check each part).
        forget(store)?;
        return Ok(());
    }
    let target = match destination(bot, &o).await? {
        Where::Send(target) => target,
        Where::Never => {
            forget(store)?;
            return Ok(());
        }
        Where::Later => {
            tracing::warn!(%garden, %out_ref, "destination not reachable yet; kept for later");
            return Ok(());
        }
    };
    let Target { room, rel, thread } = target;
    let mark = OutboxMark {
        garden: garden.clone(),
        out_ref: out_ref.clone(),
        root_of: match &o.action {
            Action::Post { root_of, .. } => *root_of,
            _ => None,
        },
        thread,
    };
    if let Action::Post { text, mentions, .. } = &o.action {
        let post = Post {
            item,
            o: &o,
            room: &room,
            rel: &rel,
            mark: &mark,
            mentions,
        };
        return post.send(bot, &text.lines).await;
    }
    let now_ms = bot.clock.now().timestamp_millis();
    if now_ms - item.entry.queued_ms > TXN_MEMORY_MS
        && let Some(event_id) = find_own(bot, &room, &mark).await
    {
        tracing::info!(%garden, %out_ref, "old outbox entry found already sent");
        record(bot, &room, &event_id, &mark, &okey, item.seq)?;
        return Ok(());
    }
    let (event_type, content) = match &o.action {
        // Sent in parts above.
        Action::Post { .. } => return Ok(()),
        Action::Edit {
            target_ref,
            text,
            mentions,
        } => {
            let rendered = crate::i18n::render(o.lang, o.tz, text);
            let rel = match meta::get::<String>(store, &meta::sent(garden, target_ref))? {
                Some(ev) => Relation::Replace(ev),
                // The message to edit never reached the room: post the new text instead.
                None => rel.clone(),
            };
            let size = |r: &Rendered| content_size(&send::notice(r, mentions, &rel, &mark));
            let rendered = split::fit_one(o.lang, o.tz, rendered, split::CONTENT_BUDGET, &size);
            (
                "m.room.message",
                send::notice(&rendered, mentions, &rel, &mark),
            )
        }
        Action::React { target_event, key } => {
            ("m.reaction", send::reaction(target_event, key, &mark))
        }
        Action::ReactOwn { target_ref, key } => {
            match meta::get::<String>(store, &meta::sent(garden, target_ref))? {
                Some(event) => ("m.reaction", send::reaction(&event, key, &mark)),
                // The message reacted to goes out first; once it never will (refused and
                // kept aside), the reaction has nothing to go on.
                None if store
                    .get(Tree::Outbox, &outbox_key(garden, target_ref))?
                    .is_some() =>
                {
                    return Ok(());
                }
                None => {
                    forget(store)?;
                    return Ok(());
                }
            }
        }
    };
    let txn = send::transaction_id(garden, out_ref);
    let started = std::time::Instant::now();
    match send::send_with_retry(&room, event_type, &content, &txn).await {
        Ok(event_id) => {
            let send_ms = started.elapsed().as_millis() as u64;
            tracing::debug!(%garden, %out_ref, %event_id, send_ms, "sent");
            bot.metrics.answer_sent();
            if let Relation::Thread { root, .. } = &rel {
                lock(&bot.threads).insert(root.clone(), event_id.to_string());
            }
            record(bot, &room, event_id.as_str(), &mark, &okey, item.seq)?;
            Ok(())
        }
        Err(SendError::UnknownToken) => {
            bot.metrics.send_failed("unknown_token");
            Err(DeliverError::UnknownToken)
        }
        Err(e @ (SendError::Refused(_) | SendError::TooLarge(_))) => {
            bot.metrics
                .send_failed(if matches!(e, SendError::TooLarge(_)) {
                    "too_large"
                } else {
                    "refused"
                });
            keep_refused(bot, &o, &e.to_string())?;
            Ok(())
        }
        Err(e @ SendError::Exhausted { .. }) => {
            bot.metrics.send_failed("exhausted");
            tracing::warn!(%garden, %out_ref, error = %e, "message not sent yet; kept for later");
            Ok(())
        }
    }
}

fn record(
    bot: &Bot,
    room: &Room,
    event_id: &str,
    mark: &OutboxMark,
    okey: &[u8],
    seq: u64,
) -> Result<(), StoreError> {
    let store: &dyn Store = bot.store.as_ref();
    let mut tx = Tx::new(store);
    meta::record_sent(&mut tx, room.room_id().as_str(), event_id, mark)?;
    refusals::delivered(&mut tx, &mark.garden, &mark.out_ref)?;
    tx.delete(Tree::Outbox, okey.to_vec());
    tx.delete(Tree::Meta, meta::queue(seq));
    store.apply(&tx.into_batch())
}

/// The size of an event content as sent.
fn content_size(content: &serde_json::Value) -> usize {
    serde_json::to_vec(content).map_or(usize::MAX, |v| v.len())
}

/// Keeps an entry the homeserver refused for good: logged, counted, the room told once.
fn keep_refused(bot: &Arc<Bot>, o: &Outgoing, reason: &str) -> Result<(), StoreError> {
    let store: &dyn Store = bot.store.as_ref();
    let now_ms = bot.clock.now().timestamp_millis();
    let kept = refusals::keep(store, o, reason, now_ms)?;
    tracing::error!(
        garden = %o.garden,
        out_ref = %o.out_ref,
        reason,
        refused_total = kept.total,
        "message refused by the homeserver; kept in the outbox"
    );
    if let Some(notice) = kept.notice {
        let items = bot.outbox.stage_own(store, &notice, now_ms)?;
        store.flush()?;
        bot.outbox.dispatch(bot, items);
    }
    Ok(())
}

/// A post on its way, sent as one message or, when too large for one event, in parts
/// ([`split`]), each with its own transaction id and outbox mark (`<out_ref>~<n>` after the
/// first). How far it got is written after each part, so a restart goes on from there.
struct Post<'a> {
    item: &'a Item,
    o: &'a Outgoing,
    room: &'a Room,
    rel: &'a Relation,
    mark: &'a OutboxMark,
    mentions: &'a [UserId],
}

impl Post<'_> {
    /// The mark of part `n` (1-based): the first is the message's own.
    fn mark(&self, n: usize) -> OutboxMark {
        if n == 1 {
            return self.mark.clone();
        }
        OutboxMark {
            out_ref: format!("{}~{n}", self.mark.out_ref),
            root_of: None,
            ..self.mark.clone()
        }
    }

    async fn send(&self, bot: &Arc<Bot>, lines: &[crate::model::Msg]) -> Result<(), DeliverError> {
        let store: &dyn Store = bot.store.as_ref();
        let garden = &self.o.garden;
        let parts_key = meta::parts(garden, &self.o.out_ref);
        let mut done = meta::get::<PartsDone>(store, &parts_key)?.unwrap_or(PartsDone {
            lines: 0,
            parts: 0,
            budget: split::CONTENT_BUDGET,
        });
        let old = bot.clock.now().timestamp_millis() - self.item.entry.queued_ms > TXN_MEMORY_MS;
        // Each pass sends a part or halves the budget: bounded by both.
        for _ in 0..lines.len() + 16 {
            if done.lines >= lines.len() {
                break;
            }
            let n = done.parts + 1;
            let mark = self.mark(n);
            let size =
                |r: &Rendered| content_size(&send::notice(r, self.mentions, self.rel, &mark));
            let Some(piece) = split::pieces(
                self.o.lang,
                self.o.tz,
                &lines[done.lines..],
                n,
                done.budget,
                &size,
            )
            .into_iter()
            .next() else {
                break;
            };
            let next = PartsDone {
                lines: done.lines + piece.lines,
                parts: n,
                budget: done.budget,
            };
            let seen = match meta::get::<String>(store, &meta::sent(garden, &mark.out_ref))? {
                // Sent before a crash, and seen since in the sync.
                Some(event_id) => Some(event_id),
                None if old => find_own(bot, self.room, &mark).await,
                None => None,
            };
            if let Some(event_id) = seen {
                self.part_sent(store, &event_id, &mark, &next)?;
                done = next;
                continue;
            }
            let content = send::notice(&piece.rendered, self.mentions, self.rel, &mark);
            let txn = send::transaction_id(garden, &mark.out_ref);
            let started = std::time::Instant::now();
            match send::send_with_retry(self.room, "m.room.message", &content, &txn).await {
                Ok(event_id) => {
                    let send_ms = started.elapsed().as_millis() as u64;
                    tracing::debug!(%garden, out_ref = %mark.out_ref, %event_id, send_ms, "sent");
                    bot.metrics.answer_sent();
                    if let Relation::Thread { root, .. } = self.rel {
                        lock(&bot.threads).insert(root.clone(), event_id.to_string());
                    }
                    self.part_sent(store, event_id.as_str(), &mark, &next)?;
                    done = next;
                }
                Err(SendError::TooLarge(e)) if done.budget / 2 >= split::MIN_BUDGET => {
                    tracing::warn!(%garden, out_ref = %mark.out_ref, error = %e, budget = done.budget, "message too large for the homeserver; cutting it smaller");
                    done.budget /= 2;
                    let mut tx = Tx::new(store);
                    tx.put(Tree::Meta, parts_key.clone(), &done)?;
                    store.apply(&tx.into_batch())?;
                }
                Err(SendError::UnknownToken) => {
                    bot.metrics.send_failed("unknown_token");
                    return Err(DeliverError::UnknownToken);
                }
                Err(e @ (SendError::Refused(_) | SendError::TooLarge(_))) => {
                    bot.metrics
                        .send_failed(if matches!(e, SendError::TooLarge(_)) {
                            "too_large"
                        } else {
                            "refused"
                        });
                    keep_refused(bot, self.o, &e.to_string())?;
                    return Ok(());
                }
                Err(e @ SendError::Exhausted { .. }) => {
                    bot.metrics.send_failed("exhausted");
                    tracing::warn!(%garden, out_ref = %mark.out_ref, error = %e, "message not sent yet; kept for later");
                    return Ok(());
                }
            }
        }
        if done.lines < lines.len() {
            tracing::error!(%garden, out_ref = %self.o.out_ref, "message could not be cut to fit; kept for later");
            return Ok(());
        }
        let mut tx = Tx::new(store);
        refusals::delivered(&mut tx, garden, &self.o.out_ref)?;
        tx.delete(Tree::Outbox, outbox_key(garden, &self.o.out_ref));
        tx.delete(Tree::Meta, meta::queue(self.item.seq));
        tx.delete(Tree::Meta, parts_key);
        store.apply(&tx.into_batch())?;
        Ok(())
    }

    /// Records one part as sent and how far the post got, in one write.
    fn part_sent(
        &self,
        store: &dyn Store,
        event_id: &str,
        mark: &OutboxMark,
        done: &PartsDone,
    ) -> Result<(), StoreError> {
        let mut tx = Tx::new(store);
        meta::record_sent(&mut tx, self.room.room_id().as_str(), event_id, mark)?;
        tx.put(
            Tree::Meta,
            meta::parts(&self.o.garden, &self.o.out_ref),
            done,
        )?;
        store.apply(&tx.into_batch())
    }
}

/// Where an outgoing message goes.
struct Target {
    room: Room,
    rel: Relation,
    thread: Option<crate::model::RunId>,
}

/// Whether and where a message can be sent now.
enum Where {
    Send(Target),
    /// It can never be sent (the garden room is gone, an invalid user id, no commons room
    /// configured): dropped.
    Never,
    /// Not now (the commons room cannot be joined yet): kept, tried again by the sweep.
    Later,
}

/// The room and relation of a message.
async fn destination(bot: &Bot, o: &Outgoing) -> Result<Where, StoreError> {
    let store: &dyn Store = bot.store.as_ref();
    let reply_to = match &o.action {
        Action::Post { reply_to, .. } => reply_to.clone(),
        _ => None,
    };
    let Ok(garden_room_id) = RoomId::parse(o.garden.as_str()) else {
        tracing::error!(garden = %o.garden, "garden is not a room id; message dropped");
        return Ok(Where::Never);
    };
    let Some(garden_room) = bot.client.get_room(&garden_room_id) else {
        tracing::warn!(garden = %o.garden, "garden room unknown; message dropped");
        return Ok(Where::Never);
    };
    let plain = |reply_to: Option<String>| reply_to.map_or(Relation::None, Relation::Reply);
    Ok(Where::Send(match &o.dest {
        Dest::Room => Target {
            room: garden_room,
            rel: plain(reply_to),
            thread: None,
        },
        Dest::Thread(run) => match meta::get::<String>(store, &meta::run_root(&o.garden, *run))? {
            Some(root) => {
                let latest = lock(&bot.threads)
                    .get(&root)
                    .cloned()
                    .unwrap_or_else(|| root.clone());
                Target {
                    room: garden_room,
                    rel: Relation::Thread {
                        root,
                        latest,
                        reply_to,
                    },
                    thread: Some(*run),
                }
            }
            None => {
                tracing::warn!(garden = %o.garden, %run, "thread root unknown; posting in the room");
                Target {
                    room: garden_room,
                    rel: plain(reply_to),
                    thread: None,
                }
            }
        },
        Dest::Commons if bot.commons.room.is_none() => return Ok(Where::Never),
        Dest::Commons => match super::commons::room(bot).await {
            Some(room) => Target {
                room,
                rel: Relation::None,
                thread: None,
            },
            None => return Ok(Where::Later),
        },
        Dest::Direct(user) => match direct_room(bot, &o.garden, &garden_room, user.as_str()).await?
        {
            Some(room) => Target {
                room,
                rel: plain(reply_to),
                thread: None,
            },
            None => return Ok(Where::Never),
        },
    }))
}

/// The direct-message room the bot keeps with `user` for this garden, opened when
/// missing (or when the member left it). Its encryption follows the garden's room.
async fn direct_room(
    bot: &Bot,
    garden: &GardenId,
    garden_room: &Room,
    user: &str,
) -> Result<Option<Room>, StoreError> {
    let store: &dyn Store = bot.store.as_ref();
    let Ok(user_id) = matrix_sdk::ruma::UserId::parse(user) else {
        tracing::error!(user, "not a user id; direct message dropped");
        return Ok(None);
    };
    if let Some(room_id) = meta::get::<String>(store, &meta::dm_room(garden, user))?
        && let Ok(room_id) = OwnedRoomId::try_from(room_id)
        && let Some(room) = bot.client.get_room(&room_id)
        && room.state() == RoomState::Joined
    {
        use matrix_sdk::ruma::events::room::member::MembershipState as M;
        let still_there = match room.get_member_no_sync(&user_id).await {
            Ok(Some(m)) => matches!(m.membership(), M::Join | M::Invite),
            _ => false,
        };
        if still_there {
            return Ok(Some(room));
        }
    }
    let mut request = CreateRoom::new();
    request.invite = vec![user_id.clone()];
    request.is_direct = true;
    request.preset = Some(RoomPreset::TrustedPrivateChat);
    let name = garden_room
        .cached_display_name()
        .map(|n| n.to_string())
        .unwrap_or_else(|| garden.to_string());
    request.name = Some(format!("tuteur · {name}"));
    if garden_room.encryption_state().is_encrypted() {
        request.initial_state = vec![
            InitialStateEvent::with_empty_state_key(
                RoomEncryptionEventContent::with_recommended_defaults(),
            )
            .to_raw_any(),
        ];
    }
    use backon::Retryable;
    let created = (|| bot.client.create_room(request.clone()))
        .retry(
            super::backoff::policy(Duration::from_millis(500), Duration::from_secs(10))
                .with_max_times(3),
        )
        .when(|e| !matches!(send::classify(e), send::Failure::Permanent))
        .notify(|e, wait| {
            tracing::warn!(%garden, error = %e, ?wait, "could not open a direct-message room; retrying");
        })
        .await;
    match created {
        Ok(room) => {
            let mut tx = Tx::new(store);
            tx.put(
                Tree::Meta,
                meta::dm_room(garden, user),
                &room.room_id().to_string(),
            )?;
            tx.put(
                Tree::Meta,
                meta::room_kind(room.room_id().as_str()),
                &RoomKind::Direct {
                    user: user.to_owned(),
                    garden: Some(garden.clone()),
                },
            )?;
            store.apply(&tx.into_batch())?;
            tracing::info!(%garden, room = %room.room_id(), "opened a direct-message room");
            Ok(Some(room))
        }
        Err(e) => {
            tracing::warn!(%garden, error = %e, "could not open a direct-message room");
            Ok(None)
        }
    }
}

/// Looks back in the room for the bot's own event carrying `mark`.
async fn find_own(bot: &Bot, room: &Room, mark: &OutboxMark) -> Option<String> {
    let mut from: Option<String> = None;
    for _ in 0..SEARCH_PAGES {
        let mut opts = MessagesOptions::backward().from(from.as_deref());
        opts.limit = UInt::from(100u32);
        let page = match room.messages(opts).await {
            Ok(p) => p,
            Err(e) => {
                tracing::warn!(error = %e, "could not read the room's history");
                return None;
            }
        };
        for ev in &page.chunk {
            let Ok(json) = ev.raw().deserialize_as_unchecked::<serde_json::Value>() else {
                continue;
            };
            if let Some(p) = super::mapping::parse(&json)
                && p.sender == bot.me.as_str()
                && p.mark
                    .as_ref()
                    .is_some_and(|m| m.garden == mark.garden && m.out_ref == mark.out_ref)
            {
                return Some(p.event_id);
            }
        }
        match page.end {
            Some(end) if !page.chunk.is_empty() => from = Some(end),
            _ => break,
        }
    }
    None
}
