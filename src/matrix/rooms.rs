//! Joining and leaving: the bot joins a room only when its inviter matches
//! `bot.allowed_inviters` (otherwise it rejects the invite and logs it) or when it is the
//! configured commons room, and ends a garden's running rituals when it is kicked or
//! banned.

use std::sync::Arc;
use std::time::Duration;

use matrix_sdk::Room;
use matrix_sdk::ruma::OwnedRoomId;
use matrix_sdk::ruma::api::client::sync::sync_events::v3::InvitedRoom;
use serde_json::Value;

use super::backoff;
use super::meta::{self, RoomKind};
use super::{Bot, MatrixError, lock};
use crate::config::inviter_allowed;
use crate::model::GardenId;
use crate::store::{Store, Tree, Tx};

/// How many times a join is tried.
const JOIN_ATTEMPTS: u32 = 5;

/// Who invited the bot, and whether the invite says it is a direct chat.
fn invite_of(me: &str, invite: &InvitedRoom) -> Option<(String, bool)> {
    invite.invite_state.events.iter().find_map(|raw| {
        let json: Value = raw.deserialize_as_unchecked().ok()?;
        if json.get("type")?.as_str()? != "m.room.member"
            || json.get("state_key")?.as_str()? != me
            || json.get("content")?.get("membership")?.as_str()? != "invite"
        {
            return None;
        }
        let direct = json
            .get("content")
            .and_then(|c| c.get("is_direct"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        Some((json.get("sender")?.as_str()?.to_owned(), direct))
    })
}

/// Handles an invite seen in the sync: join (in the background, with retries) when the
/// inviter is allowed, reject otherwise.
pub fn on_invite(
    bot: &Arc<Bot>,
    room_id: &OwnedRoomId,
    invite: &InvitedRoom,
) -> Result<(), MatrixError> {
    let Some(room) = bot.client.get_room(room_id) else {
        return Ok(());
    };
    let (inviter, direct) = invite_of(bot.me.as_str(), invite).unwrap_or_default();
    decide(bot, room, inviter, direct)
}

/// At start: invites the SDK knows of but that no sync will show again (a crash between
/// the sync and the join).
pub async fn pending_invites(bot: &Arc<Bot>) -> Result<(), MatrixError> {
    for room in bot.client.invited_rooms() {
        let inviter = match room.invite_details().await {
            Ok(d) => d
                .inviter
                .map(|m| m.user_id().to_string())
                .unwrap_or_default(),
            Err(_) => String::new(),
        };
        let direct = room.is_direct().await.unwrap_or(false);
        decide(bot, room, inviter, direct)?;
    }
    Ok(())
}

fn decide(bot: &Arc<Bot>, room: Room, inviter: String, direct: bool) -> Result<(), MatrixError> {
    let room_id = room.room_id().to_string();
    if !lock(&bot.joining).insert(room_id.clone()) {
        return Ok(());
    }
    // The operator named the commons room in the configuration: whoever keeps it may
    // invite the bot there.
    let commons = super::commons::is_commons(bot, room.room_id());
    if !commons && !inviter_allowed(&bot.settings.allowed_inviters, &inviter) {
        tracing::warn!(room = %room_id, %inviter, "invite rejected: the inviter is not in bot.allowed_inviters");
        let bot = Arc::clone(bot);
        tokio::spawn(async move {
            if let Err(e) = room.leave().await {
                tracing::warn!(room = %room_id, error = %e, "could not reject the invite");
            }
            lock(&bot.joining).remove(&room_id);
        });
        return Ok(());
    }
    if commons {
        tracing::info!(room = %room_id, %inviter, "invite to the commons room accepted");
    } else {
        let store: &dyn Store = bot.store.as_ref();
        let kind = if direct {
            RoomKind::Direct {
                user: inviter.clone(),
                garden: None,
            }
        } else {
            RoomKind::Garden
        };
        let mut tx = Tx::new(store);
        tx.put(Tree::Meta, meta::room_kind(&room_id), &kind)?;
        store.apply(&tx.into_batch())?;
        tracing::info!(room = %room_id, %inviter, direct, "invite accepted");
    }
    let bot = Arc::clone(bot);
    tokio::spawn(async move {
        use backon::Retryable;
        let joined = (|| room.join())
            .retry(
                backoff::policy(Duration::from_secs(1), Duration::from_secs(60))
                    .with_max_times(JOIN_ATTEMPTS as usize - 1),
            )
            .notify(|e, wait| {
                tracing::warn!(room = %room_id, error = %e, ?wait, "join failed; retrying");
            })
            .await;
        if let Err(e) = joined {
            tracing::warn!(room = %room_id, error = %e, "join failed; giving up");
        }
        lock(&bot.joining).remove(&room_id);
    });
    Ok(())
}

/// The bot is no longer in a room (kicked, banned, or it left): the garden's running
/// rituals end, recorded as cancelled; the garden's memory stays.
pub fn on_left(bot: &Bot, room_id: &OwnedRoomId) -> Result<(), MatrixError> {
    let store: &dyn Store = bot.store.as_ref();
    let kind = meta::get::<RoomKind>(store, &meta::room_kind(room_id.as_str()))?;
    if matches!(kind, Some(RoomKind::Direct { .. })) || super::commons::is_commons(bot, room_id) {
        return Ok(());
    }
    let garden = GardenId::new(room_id.as_str());
    let ended = bot.engine.end_garden(store, &bot.clock, &garden)?;
    if ended > 0 {
        tracing::warn!(%garden, ended, "removed from the garden: its running rituals were cancelled");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use matrix_sdk::ruma::serde::Raw;

    fn invite(events: &[Value]) -> InvitedRoom {
        let mut room = InvitedRoom::new();
        room.invite_state.events = events
            .iter()
            .map(|e| Raw::from_json_string(e.to_string()).expect("raw"))
            .collect();
        room
    }

    #[test]
    fn the_inviter_and_the_direct_flag_are_read_from_the_invite_state() {
        let me = "@bot:x";
        let name = serde_json::json!({"type": "m.room.name", "state_key": "", "sender": "@a:x",
                                      "content": {"name": "Jardin"}});
        let inv = serde_json::json!({"type": "m.room.member", "state_key": me, "sender": "@alice:x",
                                     "content": {"membership": "invite", "is_direct": true}});
        assert_eq!(
            invite_of(me, &invite(&[name.clone(), inv])),
            Some(("@alice:x".to_owned(), true))
        );
        let other = serde_json::json!({"type": "m.room.member", "state_key": "@bob:x",
                                       "sender": "@alice:x", "content": {"membership": "invite"}});
        assert_eq!(invite_of(me, &invite(&[name, other])), None);
    }
}
