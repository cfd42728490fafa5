//! Events the bot cannot decrypt yet. Room keys often arrive a moment after the message
//! (to-device messages travel separately), so an undecryptable event is kept in sled and
//! tried again after each sync; after [`GIVE_UP_AFTER_MS`] it is given up and its sender is
//! told once, in the room, that the bot could not read it.

use std::sync::Arc;

use matrix_sdk::Room;
use matrix_sdk::ruma::OwnedRoomId;
use matrix_sdk::ruma::events::room::encrypted::OriginalSyncRoomEncryptedEvent;
use matrix_sdk::ruma::serde::Raw;
use serde_json::Value;

use super::incoming::{self, BatchCtx};
use super::meta::{self, PendingUtd, RoomKind};
use super::{Bot, MatrixError};
use crate::clock::Clock;
use crate::engine::{Action, Dest, Outgoing};
use crate::model::{GardenId, Msg, Text, UserId};
use crate::store::{Store, Tree, Tx, decode};

/// How long an event may stay undecryptable before its sender is told.
const GIVE_UP_AFTER_MS: i64 = 60_000;

/// Most undecryptable events tried per sync.
const MAX_PER_PASS: usize = 200;

/// Keeps an undecryptable event for later.
pub fn keep(bot: &Bot, room: &str, json: &Value) -> Result<(), MatrixError> {
    let (Some(event_id), Some(sender)) = (
        json.get("event_id").and_then(Value::as_str),
        json.get("sender").and_then(Value::as_str),
    ) else {
        return Ok(());
    };
    if sender == bot.me.as_str() {
        return Ok(());
    }
    let store: &dyn Store = bot.store.as_ref();
    let k = meta::utd(room, event_id);
    if store.get(Tree::Meta, &k)?.is_some() {
        return Ok(());
    }
    tracing::info!(
        room,
        event = event_id,
        "cannot decrypt an event yet; will retry"
    );
    let mut tx = Tx::new(store);
    tx.put(
        Tree::Meta,
        k,
        &PendingUtd {
            raw: json.to_string(),
            sender: sender.to_owned(),
            first_seen_ms: bot.clock.now().timestamp_millis(),
        },
    )?;
    store.apply(&tx.into_batch())?;
    Ok(())
}

/// Tries every kept event again; handles those that decrypt now, gives up the old ones.
pub async fn retry(bot: &Arc<Bot>, batch: &BatchCtx) -> Result<(), MatrixError> {
    let store: &dyn Store = bot.store.as_ref();
    let pending = store.scan_prefix(Tree::Meta, &meta::utd_prefix())?;
    let now = bot.clock.now().timestamp_millis();
    for (k, raw) in pending.into_iter().take(MAX_PER_PASS) {
        let Ok(utd) = decode::<PendingUtd>(Tree::Meta, &raw) else {
            forget(store, &k)?;
            continue;
        };
        let room_id = room_of(&k);
        let Some(room) = room_id
            .and_then(|r| OwnedRoomId::try_from(r).ok())
            .and_then(|r| bot.client.get_room(&r))
        else {
            forget(store, &k)?;
            continue;
        };
        let Ok(event) = Raw::<OriginalSyncRoomEncryptedEvent>::from_json_string(utd.raw.clone())
        else {
            forget(store, &k)?;
            continue;
        };
        match room.decrypt_event(&event, None).await {
            Ok(decrypted) if !decrypted.kind.is_utd() => {
                forget(store, &k)?;
                tracing::info!(room = %room.room_id(), "decrypted a kept event");
                if let Ok(json) = decrypted.raw().deserialize_as_unchecked::<Value>() {
                    let kind = incoming::room_kind(bot, &room).await?;
                    incoming::handle(bot, batch, &room, &kind, &json).await?;
                }
            }
            _ if now - utd.first_seen_ms > GIVE_UP_AFTER_MS => {
                forget(store, &k)?;
                tell_sender(bot, batch, &room, &event, &utd).await?;
            }
            _ => {}
        }
    }
    Ok(())
}

fn forget(store: &dyn Store, k: &[u8]) -> Result<(), MatrixError> {
    let mut tx = Tx::new(store);
    tx.delete(Tree::Meta, k.to_vec());
    store.apply(&tx.into_batch())?;
    Ok(())
}

/// The room id inside a `utd` key (`matrix\0utd\0<room>\0<event>`).
fn room_of(k: &[u8]) -> Option<String> {
    let rest = k.strip_prefix(meta::utd_prefix().as_slice())?;
    let end = rest.iter().position(|b| *b == 0)?;
    String::from_utf8(rest[..end].to_vec()).ok()
}

/// Tells the sender once that the bot could not read their message.
async fn tell_sender(
    bot: &Arc<Bot>,
    batch: &BatchCtx,
    room: &Room,
    event: &Raw<OriginalSyncRoomEncryptedEvent>,
    utd: &PendingUtd,
) -> Result<(), MatrixError> {
    let store: &dyn Store = bot.store.as_ref();
    let event_id = event
        .get_field::<String>("event_id")
        .ok()
        .flatten()
        .unwrap_or_default();
    tracing::warn!(room = %room.room_id(), event = %event_id, sender = %utd.sender, "event still undecryptable; telling its sender");
    let sender = UserId::new(utd.sender.clone());
    let (garden, dest, reply_to) = match incoming::room_kind(bot, room).await? {
        RoomKind::Garden => (
            GardenId::new(room.room_id().as_str()),
            Dest::Room,
            Some(event_id.clone()),
        ),
        RoomKind::Direct {
            garden: Some(g), ..
        } => (g, Dest::Direct(sender.clone()), None),
        RoomKind::Direct { garden: None, .. } | RoomKind::Commons => return Ok(()),
    };
    let state = bot.engine.garden(store, &garden)?;
    let roster = batch.roster(bot, &garden).await;
    let o = Outgoing {
        garden: garden.clone(),
        out_ref: format!("utd-{event_id}"),
        lang: state.settings.lang,
        tz: state.settings.tz,
        dest,
        action: Action::Post {
            text: Text::one(Msg::new("matrix-undecryptable").user(
                "who",
                &sender,
                &roster.name_of(&sender),
            )),
            mentions: vec![sender],
            root_of: None,
            reply_to,
        },
    };
    let items = bot
        .outbox
        .stage_own(store, &o, bot.clock.now().timestamp_millis())?;
    batch.push_staged(items);
    Ok(())
}
