//! The sync loop: `sync_once` driven by the token kept in sled, one batch at a time.
//!
//! matrix-sdk saves its own sync token before any event handler runs, so handlers alone
//! would lose a crashed batch. Here the token in sled moves only after the batch's effects
//! are flushed (same flush), and nothing is sent before that flush: a crash replays the
//! batch, and the handled marks make the replay harmless. Not `Client::sync`, which also
//! sleeps a second between syncs.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use matrix_sdk::config::{SyncSettings, SyncToken};
use matrix_sdk::deserialized_responses::TimelineEvent;
use matrix_sdk::room::MessagesOptions;
use matrix_sdk::ruma::api::client::filter::{
    Filter as EventFilter, FilterDefinition, RoomEventFilter,
};
use matrix_sdk::ruma::api::client::sync::sync_events::v3::Filter;
use matrix_sdk::ruma::{OwnedRoomId, UInt};
use matrix_sdk::{Room, RoomState};
use serde_json::Value;

use super::backoff::{self, Probe};
use super::incoming::{self, BatchCtx};
use super::mapping::{self, Event, Parsed};
use super::meta::{self, RoomKind};
use super::send::{Failure, classify};
use super::shutdown::Shutdown;
use super::{Bot, MatrixError, decrypt, lock, login, rooms, roster};
use crate::clock::Clock;
use crate::engine::handled::{self, MARK_RETENTION};
use crate::model::GardenId;
use crate::store::{Store, Tree, Tx};

/// The longest long-poll (shorter when a ritual deadline is closer).
const LONG_POLL: Duration = Duration::from_secs(30);

/// Failed syncs in a row before giving up (with the 30 s cap: about a day); the exit
/// code says "try again later" (75), so a service manager restarts the bot.
const MAX_SYNC_FAILURES: u32 = 4_000;

/// The first and the longest wait between failed syncs. A homeserver that cannot be
/// reached is also probed during the wait (see [`super::backoff::Probe`]).
const SYNC_RETRY: (Duration, Duration) = (Duration::from_secs(1), Duration::from_secs(30));

/// Pages of history read back when a room's timeline comes back `limited`.
const MAX_BACKFILL_PAGES: usize = 20;

/// Rooms of a batch handled at once.
const ROOMS_AT_ONCE: usize = 16;

/// How long the loop waits for a batch's answers to be sent before its next long-poll.
const SENDS_BEFORE_POLL: Duration = Duration::from_secs(1);

/// How often entries left in the outbox (sends given up for a while) are tried again.
const SWEEP_EVERY: Duration = Duration::from_secs(120);

/// How often handled marks past their retention are deleted.
const PRUNE_EVERY: Duration = Duration::from_secs(6 * 3600);

/// Events per room per sync: the server's default of 10 truncates catch-ups. And only
/// what the bot reads: no typing notices, read receipts, presence or per-room account
/// data. Members' clients send those all day in every garden; each would end a long-poll
/// and be stored by the SDK, for nothing. (The global account data stays: `m.direct`
/// tells direct chats.)
fn filter() -> Filter {
    let mut def = FilterDefinition::default();
    def.room.timeline.limit = Some(UInt::from(100u32));
    def.room.ephemeral = RoomEventFilter::ignore_all();
    def.room.account_data = RoomEventFilter::ignore_all();
    def.presence = EventFilter::ignore_all();
    Filter::FilterDefinition(def)
}

/// Syncs until a stop is asked for or a fatal error.
pub async fn run(bot: &Arc<Bot>, stop: &Shutdown) -> Result<(), MatrixError> {
    let store: &dyn Store = bot.store.as_ref();
    let mut token: Option<String> = meta::get(store, &meta::sync_token())?;
    let mut delays = backoff::endless(SYNC_RETRY.0, SYNC_RETRY.1);
    let mut failures: u32 = 0;
    let probe = Probe::new(bot.client.homeserver().as_str());
    let mut first = true;
    let mut swept = Instant::now();
    let mut pruned: Option<Instant> = None;
    let mut fatal = bot.fatal.subscribe();
    loop {
        if stop.requested() || *fatal.borrow() {
            break;
        }
        // The first sync after a start answers at once, whatever is waiting.
        let timeout = if first {
            Duration::ZERO
        } else {
            until_due(bot)?
        };
        let settings = SyncSettings::new()
            .filter(filter())
            .timeout(timeout)
            .token(match &token {
                Some(t) => SyncToken::Specific(t.clone()),
                None => SyncToken::NoToken,
            });
        let result = tokio::select! {
            r = bot.client.sync_once(settings) => r,
            () = stop.wait() => break,
            _ = fatal.changed() => continue,
        };
        let response = match result {
            Ok(r) => r,
            Err(e) => {
                if matches!(classify(&e), Failure::UnknownToken) {
                    return Err(MatrixError::UnknownToken);
                }
                failures += 1;
                if failures >= MAX_SYNC_FAILURES {
                    return Err(MatrixError::SyncFailing(failures, e.to_string()));
                }
                let delay = delays.next().unwrap_or(SYNC_RETRY.1);
                let wait = match classify(&e) {
                    Failure::RetryAfter(d) => d.max(delay),
                    _ => delay,
                };
                // A homeserver that answers with an error is not probed: its `/versions`
                // would answer and end every wait.
                let unreachable = e.as_client_api_error().is_none();
                tracing::warn!(error = %e, failures, ?wait, unreachable, "sync failed; retrying");
                tokio::select! {
                    _ = async {
                        if unreachable {
                            probe.wait(wait).await
                        } else {
                            tokio::time::sleep(wait).await;
                            false
                        }
                    } => {}
                    () = stop.wait() => break,
                }
                continue;
            }
        };
        bot.metrics.synced(bot.clock.now().timestamp_millis());
        // Back after failures: what the outbox gave up on meanwhile is sent at once.
        let recovered = failures > 0;
        if recovered {
            tracing::info!(failures, "syncing again");
            failures = 0;
            delays = backoff::endless(SYNC_RETRY.0, SYNC_RETRY.1);
        }
        let writing = bot.writing.lock().await;
        let synced = Instant::now();
        let batch = BatchCtx::default();
        match &token {
            None => {
                // The very first start: what was said before the bot existed is not
                // answered; invites waiting are.
                tracing::info!("first start: skipping the backlog");
                for (room_id, invite) in &response.rooms.invited {
                    rooms::on_invite(bot, room_id, invite)?;
                }
            }
            Some(since) => process(bot, &batch, &response, since).await?,
        }
        decrypt::retry(bot, &batch).await?;
        if first {
            index_all(bot).await?;
        }
        reindex(bot, batch.take_touched())?;
        ticks(bot, &batch).await?;

        let now_ms = bot.clock.now().timestamp_millis();
        let ticked = batch.take_touched();
        let (outs, staged) = batch.into_parts();
        let mut items = bot.outbox.stage(store, &outs, now_ms)?;
        items.extend(staged);
        let mut tx = Tx::new(store);
        tx.put(Tree::Meta, meta::sync_token(), &response.next_batch)?;
        store.apply(&tx.into_batch())?;
        let handled = synced.elapsed();
        store.flush()?;
        reindex(bot, ticked)?;
        drop(writing);
        bot.commons_wake.notify_one();
        token = Some(response.next_batch);
        if !items.is_empty() {
            tracing::debug!(
                outgoing = items.len(),
                handle_ms = handled.as_millis() as u64,
                flush_ms = (synced.elapsed() - handled).as_millis() as u64,
                "batch done"
            );
        }

        if first {
            first = false;
            rooms::pending_invites(bot).await?;
            bot.outbox.sweep(bot)?;
            swept = Instant::now();
            let b = Arc::clone(bot);
            tokio::spawn(async move { login::cross_sign(&b.client, &b.matrix).await });
        } else if recovered || swept.elapsed() >= SWEEP_EVERY {
            bot.outbox.sweep(bot)?;
            swept = Instant::now();
        }
        let sending = bot.outbox.dispatch(bot, items);
        // The answers go out before the next long-poll: a poll arriving during a send
        // delays it, at the homeserver (one more request to handle at once) and in the
        // SDK's stores.
        tokio::select! {
            () = sending.done_within(SENDS_BEFORE_POLL) => {}
            () = stop.wait() => {}
        }
        // After the first batch of this start (never before: a crashed batch replays
        // first, and its marks must still be there), then now and then.
        if pruned.is_none_or(|at| at.elapsed() >= PRUNE_EVERY) {
            forget_old_marks(bot).await?;
            pruned = Some(Instant::now());
        }
    }
    if *fatal.borrow() {
        return Err(MatrixError::UnknownToken);
    }
    Ok(())
}

/// One batch: invites, rooms left, then each joined room's timeline in order.
async fn process(
    bot: &Arc<Bot>,
    batch: &BatchCtx,
    response: &matrix_sdk::sync::SyncResponse,
    since: &str,
) -> Result<(), MatrixError> {
    for (room_id, invite) in &response.rooms.invited {
        rooms::on_invite(bot, room_id, invite)?;
    }
    for room_id in response.rooms.left.keys() {
        rooms::on_left(bot, room_id)?;
        let garden = GardenId::new(room_id.as_str());
        bot.rosters.forget(&garden);
        batch.touch(&garden);
    }
    // Before any room is handled: a direct message may read any garden's roster.
    for (room_id, update) in &response.rooms.joined {
        if roster::changes_state(update) {
            bot.rosters.forget(&GardenId::new(room_id.as_str()));
        }
    }
    // Rooms concurrently (a few at a time: each holds its events' JSON while it is
    // handled), each room's events in order.
    let rooms = response.rooms.joined.iter().map(|(room_id, update)| async move {
        let Some(room) = bot.client.get_room(room_id) else {
            return Ok(());
        };
        let mut events: Vec<TimelineEvent> = Vec::new();
        if update.timeline.limited
            && let Some(prev_batch) = &update.timeline.prev_batch
        {
            events = backfill(bot, &room, prev_batch, since).await;
            if !events.is_empty() {
                tracing::info!(room = %room_id, count = events.len(), "timeline was limited: read back the gap");
            }
        }
        events.extend(update.timeline.events.iter().cloned());
        timeline(bot, batch, &room, &events).await
    });
    let mut handled = futures_util::stream::iter(rooms).buffer_unordered(ROOMS_AT_ONCE);
    while let Some(result) = handled.next().await {
        result?;
    }
    Ok(())
}

/// A room's events in order, from the bot's latest join on.
async fn timeline(
    bot: &Arc<Bot>,
    batch: &BatchCtx,
    room: &Room,
    events: &[TimelineEvent],
) -> Result<(), MatrixError> {
    let jsons: Vec<(bool, Option<Value>)> = events
        .iter()
        .map(|e| {
            (
                e.kind.is_utd(),
                e.raw().deserialize_as_unchecked::<Value>().ok(),
            )
        })
        .collect();
    let parsed: Vec<Option<Parsed>> = jsons
        .iter()
        .map(|(_, j)| j.as_ref().and_then(mapping::parse))
        .collect();
    let start = mapping::after_own_join(&parsed, bot.me.as_str());
    let kind = incoming::room_kind(bot, room).await?;
    if kind == RoomKind::Garden {
        batch.touch(&GardenId::new(room.room_id().as_str()));
    }
    for (utd, json) in jsons.iter().skip(start) {
        let Some(json) = json else {
            continue;
        };
        if *utd {
            decrypt::keep(bot, room.room_id().as_str(), json)?;
        } else {
            incoming::handle(bot, batch, room, &kind, json).await?;
            bot.metrics.event_handled(
                json.get("origin_server_ts").and_then(Value::as_i64),
                bot.clock.now().timestamp_millis(),
            );
        }
    }
    Ok(())
}

/// The events between the previous sync and a `limited` timeline, oldest first: pages
/// back from `prev_batch` to the previous token, stopping at the bot's own join.
async fn backfill(bot: &Bot, room: &Room, prev_batch: &str, since: &str) -> Vec<TimelineEvent> {
    let mut collected = Vec::new();
    let mut from = prev_batch.to_owned();
    for _ in 0..MAX_BACKFILL_PAGES {
        let mut opts = MessagesOptions::backward().from(Some(from.as_str()));
        opts.to = Some(since.to_owned());
        opts.limit = UInt::from(100u32);
        let page = match room.messages(opts).await {
            Ok(p) => p,
            Err(e) => {
                tracing::warn!(room = %room.room_id(), error = %e, "could not read back a limited timeline");
                break;
            }
        };
        let mut joined_here = false;
        for ev in &page.chunk {
            let is_join = ev
                .raw()
                .deserialize_as_unchecked::<Value>()
                .ok()
                .and_then(|j| mapping::parse(&j))
                .is_some_and(|p| {
                    matches!(p.event, Event::Member { ref user, joined_now: true, .. } if user == bot.me.as_str())
                });
            collected.push(ev.clone());
            if is_join {
                joined_here = true;
                break;
            }
        }
        match page.end {
            Some(end) if !joined_here && !page.chunk.is_empty() => from = end,
            _ => break,
        }
    }
    collected.reverse();
    collected
}

/// The gardens: joined rooms that are not direct-message rooms.
async fn gardens(bot: &Bot) -> Result<Vec<GardenId>, MatrixError> {
    let mut out = Vec::new();
    for room in bot.client.joined_rooms() {
        if incoming::room_kind(bot, &room).await? == RoomKind::Garden {
            out.push(GardenId::new(room.room_id().as_str()));
        }
    }
    Ok(out)
}

/// Reads every garden's next due time: once, at start.
async fn index_all(bot: &Bot) -> Result<(), MatrixError> {
    let store: &dyn Store = bot.store.as_ref();
    for g in gardens(bot).await? {
        let due = bot.engine.next_due(store, &bot.clock, &g)?;
        lock(&bot.due).set(&g, due);
    }
    Ok(())
}

/// Reads again the due times of the gardens the batch touched (a garden the bot left
/// has none).
fn reindex(bot: &Bot, touched: BTreeSet<GardenId>) -> Result<(), MatrixError> {
    let store: &dyn Store = bot.store.as_ref();
    for g in touched {
        let joined = OwnedRoomId::try_from(g.as_str())
            .ok()
            .and_then(|id| bot.client.get_room(&id))
            .is_some_and(|r| r.state() == RoomState::Joined);
        let due = if joined {
            bot.engine.next_due(store, &bot.clock, &g)?
        } else {
            None
        };
        lock(&bot.due).set(&g, due);
    }
    Ok(())
}

/// Moves every garden whose deadline has come.
async fn ticks(bot: &Bot, batch: &BatchCtx) -> Result<(), MatrixError> {
    let store: &dyn Store = bot.store.as_ref();
    let due = lock(&bot.due).due(bot.clock.now());
    for g in due {
        let roster = batch.roster(bot, &g).await;
        batch.push_outs(bot.engine.tick(store, &bot.clock, &g, &roster)?);
        batch.touch(&g);
    }
    // The Grand Jardin digest, sent under the commons room's own id.
    if let Some(room) = super::commons::room_id(bot).await {
        let room = GardenId::new(room.as_str());
        batch.push_outs(bot.engine.tick_commons(store, &bot.clock, &room)?);
    }
    Ok(())
}

/// Deletes the handled marks past [`MARK_RETENTION`] (see [`crate::engine::handled`]).
async fn forget_old_marks(bot: &Bot) -> Result<(), MatrixError> {
    let _writing = bot.writing.lock().await;
    let store: &dyn Store = bot.store.as_ref();
    let before = bot.clock.now().timestamp_millis() - MARK_RETENTION.as_millis() as i64;
    let forgotten = handled::forget_before(store, before)?;
    if forgotten > 0 {
        store.flush()?;
        tracing::info!(forgotten, "handled marks past their retention deleted");
    }
    Ok(())
}

/// How long the next long-poll may last: until the earliest deadline, at most
/// [`LONG_POLL`].
fn until_due(bot: &Bot) -> Result<Duration, MatrixError> {
    let store: &dyn Store = bot.store.as_ref();
    let now = bot.clock.now();
    let mut wait = LONG_POLL;
    if let Some(due) = lock(&bot.due).first() {
        wait = wait.min((due - now).to_std().unwrap_or(Duration::ZERO));
    }
    if bot.commons.room.is_some() {
        let left = (bot.engine.next_commons_due(store, &bot.clock)? - now).to_std();
        wait = wait.min(left.unwrap_or(Duration::ZERO));
    }
    // A deadline the engine could not move yet must not spin the loop.
    Ok(wait.max(Duration::from_secs(1)))
}
