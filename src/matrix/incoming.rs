//! From a room's timeline events to engine inputs: which garden, which place (main
//! timeline, a run's thread, a direct message), who, and what.
//!
//! The bot ignores its own events (but learns from the outbox mark they carry which
//! event is which of its messages) and every `m.notice`, so two bots never loop.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::sync::Arc;

use chrono::DateTime;
use matrix_sdk::Room;
use matrix_sdk::ruma::{OwnedEventId, OwnedRoomId};
use serde_json::Value;

use super::attachment;
use super::mapping::{Event, Rel};
use super::meta::{self, BotEvent, RoomKind, RootOf};
use super::{Bot, MatrixError, lock};
use crate::clock::Clock;
use crate::engine::garden_rituals;
use crate::engine::{InKind, Incoming, Outgoing, Place, Roster, Target};
use crate::model::{GardenId, UserId};
use crate::store::{Store, Tree, Tx};

/// How many recent events' senders and bodies are remembered.
const RECENT: usize = 2_000;

/// Senders and bodies of recent events, by event id: an edit must come from the author
/// of what it edits, and a reaction's target says who wrote it (for the harvest).
#[derive(Default)]
pub struct Recent {
    order: VecDeque<String>,
    events: HashMap<String, (String, Option<String>)>,
}

impl Recent {
    fn remember(&mut self, event_id: &str, sender: &str, body: Option<&str>) {
        if self.events.contains_key(event_id) {
            return;
        }
        if self.order.len() >= RECENT
            && let Some(old) = self.order.pop_front()
        {
            self.events.remove(&old);
        }
        self.order.push_back(event_id.to_owned());
        self.events.insert(
            event_id.to_owned(),
            (sender.to_owned(), body.map(str::to_owned)),
        );
    }

    fn get(&self, event_id: &str) -> Option<(String, Option<String>)> {
        self.events.get(event_id).cloned()
    }
}

/// The work of one sync batch: the messages produced and the gardens touched.
///
/// Rooms of a batch are handled concurrently on the sync loop's task (interleaved at
/// their awaits, never in parallel), so the batch is shared by reference; its cells are
/// never borrowed across an await.
#[derive(Default)]
pub struct BatchCtx {
    /// Messages the engine produced, in the order it produced them.
    outs: RefCell<Vec<Outgoing>>,
    /// Messages of the transport itself, already in the outbox and queue.
    staged: RefCell<Vec<super::outbox::Item>>,
    /// The gardens whose state the batch may have changed: their due times are read again.
    touched: RefCell<BTreeSet<GardenId>>,
}

impl BatchCtx {
    /// The roster of a garden: its power levels and members are those of the batch's end,
    /// as the SDK has applied it (a batch that changed them made the bot forget the
    /// roster it kept, see [`super::roster::Rosters`]).
    pub async fn roster(&self, bot: &Bot, garden: &GardenId) -> Arc<Roster> {
        if let Some(r) = bot.rosters.get(garden) {
            return r;
        }
        match OwnedRoomId::try_from(garden.as_str())
            .ok()
            .and_then(|id| bot.client.get_room(&id))
        {
            Some(room) => {
                match super::roster::roster(&room, &bot.me, bot.settings.facilitator_power_level)
                    .await
                {
                    Ok(r) => {
                        let r = Arc::new(r);
                        bot.rosters.keep(garden, Arc::clone(&r));
                        r
                    }
                    Err(e) => {
                        tracing::warn!(%garden, error = %e, "could not read the members");
                        Arc::default()
                    }
                }
            }
            None => Arc::default(),
        }
    }

    /// Notes that `garden` had an event or a tick in this batch.
    pub fn touch(&self, garden: &GardenId) {
        self.touched.borrow_mut().insert(garden.clone());
    }

    /// The gardens touched so far, emptied.
    pub fn take_touched(&self) -> BTreeSet<GardenId> {
        std::mem::take(&mut self.touched.borrow_mut())
    }

    /// Adds messages the engine produced.
    pub fn push_outs(&self, outs: Vec<Outgoing>) {
        self.outs.borrow_mut().extend(outs);
    }

    /// Adds queue items of the transport's own messages.
    pub fn push_staged(&self, items: Vec<super::outbox::Item>) {
        self.staged.borrow_mut().extend(items);
    }

    /// The engine's messages and the transport's queue items.
    pub fn into_parts(self) -> (Vec<Outgoing>, Vec<super::outbox::Item>) {
        (self.outs.into_inner(), self.staged.into_inner())
    }
}

/// What a room is: from the transport's records, else from the SDK (a DM for the
/// `m.direct` account data), recorded the first time.
pub async fn room_kind(bot: &Bot, room: &Room) -> Result<RoomKind, MatrixError> {
    if super::commons::is_commons(bot, room.room_id()) {
        return Ok(RoomKind::Commons);
    }
    let store: &dyn Store = bot.store.as_ref();
    let k = meta::room_kind(room.room_id().as_str());
    if let Some(kind) = meta::get::<RoomKind>(store, &k)? {
        return Ok(kind);
    }
    let kind = if room.is_direct().await.unwrap_or(false) {
        let user = room
            .direct_targets()
            .into_iter()
            .find_map(|t| t.as_user_id().map(|u| u.to_string()))
            .unwrap_or_default();
        RoomKind::Direct { user, garden: None }
    } else {
        RoomKind::Garden
    };
    let mut tx = Tx::new(store);
    tx.put(Tree::Meta, k, &kind)?;
    store.apply(&tx.into_batch())?;
    Ok(kind)
}

/// Handles one decrypted (or plain) event of `room`, in timeline order.
pub async fn handle(
    bot: &Arc<Bot>,
    batch: &BatchCtx,
    room: &Room,
    kind: &RoomKind,
    json: &Value,
) -> Result<(), MatrixError> {
    let Some(p) = super::mapping::parse(json) else {
        return Ok(());
    };
    let room_id = room.room_id().as_str();
    let store: &dyn Store = bot.store.as_ref();
    if let Event::Message { body, rel, .. } = &p.event {
        lock(&bot.recent).remember(&p.event_id, &p.sender, Some(body));
        if let Rel::Thread(root) = rel {
            lock(&bot.threads).insert(root.clone(), p.event_id.clone());
        }
    } else {
        lock(&bot.recent).remember(&p.event_id, &p.sender, None);
    }
    if p.sender == bot.me.as_str() {
        if let Some(mark) = &p.mark {
            let mut tx = Tx::new(store);
            meta::record_sent(&mut tx, room_id, &p.event_id, mark)?;
            store.apply(&tx.into_batch())?;
            if let (Some(run), Event::Notice) = (mark.thread, &p.event)
                && let Some(root) = meta::get::<String>(store, &meta::run_root(&mark.garden, run))?
            {
                lock(&bot.threads).insert(root, p.event_id.clone());
            }
        }
        return Ok(());
    }
    let what = match &p.event {
        // A member who leaves (or is removed) is no longer awaited by any step.
        Event::Member {
            user, membership, ..
        } if matches!(membership.as_str(), "leave" | "ban")
            && user != bot.me.as_str()
            && matches!(kind, RoomKind::Garden) =>
        {
            What::Left { user: user.clone() }
        }
        Event::Notice | Event::Other | Event::Member { .. } => return Ok(()),
        Event::Message { body, html, rel } => {
            let prefix = &bot.engine.config().prefix;
            match rel {
                // `!rituel ajouter` in reply to a ritual file: the file is the message's.
                Rel::Reply(to) if garden_rituals::wants_file(body, prefix) => {
                    let file = match attachment::replied_file(room, to).await {
                        Some((name, content)) => {
                            attachment::command_with_file(bot, body, &name, &content).await
                        }
                        None => None,
                    };
                    What::Text {
                        body: file.unwrap_or_else(|| body.clone()),
                        html: None,
                        rel: Rel::None,
                    }
                }
                _ => What::Text {
                    body: body.clone(),
                    html: html.clone(),
                    rel: rel.clone(),
                },
            }
        }
        // A file is read only when its caption asks to add it as a ritual.
        Event::File {
            name,
            caption: Some(caption),
            content,
            rel,
        } if garden_rituals::wants_file(caption, &bot.engine.config().prefix) => What::Text {
            body: attachment::command_with_file(bot, caption, name, content)
                .await
                .unwrap_or_else(|| caption.clone()),
            html: None,
            rel: rel.clone(),
        },
        Event::File { .. } => return Ok(()),
        Event::Edit { target, body } => {
            // Only the author may replace their words (Synapse does not check it).
            match author(bot, room, target).await {
                Some((a, _)) if a == p.sender => What::Edit {
                    target: target.clone(),
                    body: body.clone(),
                },
                _ => return Ok(()),
            }
        }
        Event::Reaction { target, key } => What::Reaction {
            target: target.clone(),
            key: key.clone(),
        },
        Event::Redaction { target } => What::Redaction {
            target: target.clone(),
        },
    };
    let sender = match &what {
        What::Left { user } => UserId::new(user.clone()),
        _ => UserId::new(p.sender.clone()),
    };
    let gardens = match kind {
        RoomKind::Garden => vec![GardenId::new(room_id)],
        RoomKind::Direct { garden, .. } => dm_gardens(bot, batch, garden.as_ref(), &sender).await?,
        RoomKind::Commons => return Ok(()),
    };
    for garden in gardens {
        let roster = batch.roster(bot, &garden).await;
        let direct = matches!(kind, RoomKind::Direct { .. });
        if let RoomKind::Direct { garden: None, .. } = kind {
            // Answer a member in the direct room they wrote from, not in a new one.
            let k = meta::dm_room(&garden, sender.as_str());
            if meta::get::<String>(store, &k)?.as_deref() != Some(room_id) {
                let mut tx = Tx::new(store);
                tx.put(Tree::Meta, k, &room_id.to_owned())?;
                store.apply(&tx.into_batch())?;
            }
        }
        let (place, kind_in) = match &what {
            What::Text { body, html, rel } => {
                let place = if direct {
                    Place::Direct
                } else {
                    thread_place(store, room_id, &garden, rel)?
                };
                (
                    place,
                    InKind::Text {
                        body: body.clone(),
                        html: html.clone(),
                    },
                )
            }
            What::Edit { target, body } => (
                if direct { Place::Direct } else { Place::Main },
                InKind::Edit {
                    target_event: target.clone(),
                    body: body.clone(),
                },
            ),
            What::Redaction { target } => (
                if direct { Place::Direct } else { Place::Main },
                InKind::Redaction {
                    target_event: target.clone(),
                },
            ),
            What::Left { .. } => (Place::Main, InKind::Left),
            What::Reaction { target, key } => {
                let bot_event = meta::get::<BotEvent>(store, &meta::bot_event(target))?
                    .filter(|b| b.garden == garden);
                let place = match (&bot_event, direct) {
                    (_, true) => Place::Direct,
                    (
                        Some(BotEvent {
                            thread: Some(run), ..
                        }),
                        false,
                    ) => Place::Thread(*run),
                    _ => Place::Main,
                };
                let (author, body) = match &bot_event {
                    Some(_) => (Some(UserId::new(bot.me.as_str())), None),
                    None => match author(bot, room, target).await {
                        Some((a, b)) => (Some(UserId::new(a)), b),
                        None => (None, None),
                    },
                };
                (
                    place,
                    InKind::Reaction {
                        key: key.clone(),
                        target: Target {
                            event_id: target.clone(),
                            bot_ref: bot_event.map(|b| b.out_ref),
                            author,
                            body,
                        },
                    },
                )
            }
        };
        let inc = Incoming {
            garden: garden.clone(),
            event_id: p.event_id.clone(),
            sender: sender.clone(),
            sender_name: roster.name_of(&sender),
            at: DateTime::from_timestamp_millis(p.ts).unwrap_or_else(|| bot.clock.now()),
            place,
            kind: kind_in,
        };
        tracing::debug!(%garden, event = %p.event_id, body = ?inc.kind, "event");
        let outs = bot.engine.handle(store, &bot.clock, &inc, &roster)?;
        batch.touch(&garden);
        batch.push_outs(outs);
    }
    Ok(())
}

enum What {
    Left {
        user: String,
    },
    Text {
        body: String,
        html: Option<String>,
        rel: Rel,
    },
    Edit {
        target: String,
        body: String,
    },
    Reaction {
        target: String,
        key: String,
    },
    Redaction {
        target: String,
    },
}

/// A message in a thread whose root is a run's announcement is in that run's thread;
/// anything else is in the main timeline.
fn thread_place(
    store: &dyn Store,
    room: &str,
    garden: &GardenId,
    rel: &Rel,
) -> Result<Place, MatrixError> {
    let target = match rel {
        Rel::None => return Ok(Place::Main),
        Rel::Thread(root) => root,
        // Clients without threads reply instead: a reply to any of a run's messages (its
        // announcement, a prompt, a summary) is written in that run's thread.
        Rel::Reply(to) => {
            if let Some(BotEvent {
                garden: g,
                thread: Some(run),
                ..
            }) = meta::get::<BotEvent>(store, &meta::bot_event(to))?
                && &g == garden
            {
                return Ok(Place::Thread(run));
            }
            to
        }
    };
    Ok(
        match meta::get::<RootOf>(store, &meta::thread_root(room, target))? {
            Some(r) if &r.garden == garden => Place::Thread(r.run),
            _ => Place::Main,
        },
    )
}

/// The gardens a direct message counts for (only where its sender is a joined
/// member). A room the bot opened for a garden belongs to it; a room the member opened
/// goes to their gardens with a running ritual, else to the first of their gardens.
async fn dm_gardens(
    bot: &Bot,
    batch: &BatchCtx,
    bound: Option<&GardenId>,
    sender: &UserId,
) -> Result<Vec<GardenId>, MatrixError> {
    if let Some(g) = bound {
        let roster = batch.roster(bot, g).await;
        return Ok(if roster.contains(sender) {
            vec![g.clone()]
        } else {
            Vec::new()
        });
    }
    let mut candidates = Vec::new();
    for room in bot.client.joined_rooms() {
        if room_kind(bot, &room).await? != RoomKind::Garden {
            continue;
        }
        let g = GardenId::new(room.room_id().as_str());
        if batch.roster(bot, &g).await.contains(sender) {
            candidates.push(g);
        }
    }
    candidates.sort();
    let store: &dyn Store = bot.store.as_ref();
    let mut active = Vec::new();
    for g in &candidates {
        if !bot.engine.garden(store, g)?.active.is_empty() {
            active.push(g.clone());
        }
    }
    Ok(if active.is_empty() {
        candidates.into_iter().take(1).collect()
    } else {
        active
    })
}

/// The sender and body of an event: from memory, else fetched from the homeserver.
async fn author(bot: &Bot, room: &Room, event_id: &str) -> Option<(String, Option<String>)> {
    if let Some(found) = lock(&bot.recent).get(event_id) {
        return Some(found);
    }
    let id = OwnedEventId::try_from(event_id).ok()?;
    let fetched = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        room.load_or_fetch_event(&id, None),
    )
    .await
    .ok()?
    .ok()?;
    let json: Value = fetched.raw().deserialize_as_unchecked().ok()?;
    let p = super::mapping::parse(&json)?;
    let body = match p.event {
        Event::Message { body, .. } => Some(body),
        _ => None,
    };
    lock(&bot.recent).remember(event_id, &p.sender, body.as_deref());
    Some((p.sender, body))
}
