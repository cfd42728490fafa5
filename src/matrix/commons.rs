//! The commons in Matrix: the commons room ("Grand Jardin") that harvested
//! retours are cross-posted to, and the task that delivers the commons queue to the export
//! folder and the webhook.
//!
//! The commons room is not a garden: the bot posts there and answers nothing there.

use std::sync::Arc;
use std::time::Duration;

use matrix_sdk::ruma::{OwnedRoomId, RoomAliasId, RoomId, RoomOrAliasId};
use matrix_sdk::{Room, RoomState};

use super::shutdown::Shutdown;
use super::{Bot, lock};
use crate::clock::Clock;
use crate::config::CommonsConfig;
use crate::harvest::webhook::{self, CommonsSinks, WebhookConfig};

/// The longest sleep of the delivery task: a queue item added by a batch wakes it
/// earlier, and this bounds a missed wake-up.
const DELIVERY_POLL: Duration = Duration::from_secs(60);

/// The sinks of the commons queue, from the `[commons]` settings (already checked).
pub fn sinks(config: &CommonsConfig) -> CommonsSinks {
    CommonsSinks {
        export_dir: config.export_dir.clone(),
        webhook: config.webhook.as_deref().and_then(|url| {
            let url = reqwest::Url::parse(url).ok()?;
            Some(WebhookConfig {
                url,
                token: config.webhook_token.as_ref().map(|t| t.expose().to_owned()),
            })
        }),
    }
}

/// The commons room's id, resolving an alias once (None: none configured, or the alias
/// cannot be resolved now; it is tried again next time).
pub async fn room_id(bot: &Bot) -> Option<OwnedRoomId> {
    if let Some(id) = lock(&bot.commons_room).clone() {
        return Some(id);
    }
    let configured = bot.commons.room.as_deref()?;
    let id = if let Ok(id) = RoomId::parse(configured) {
        id
    } else {
        let alias = RoomAliasId::parse(configured).ok()?;
        match bot.client.resolve_room_alias(&alias).await {
            Ok(r) => r.room_id,
            Err(e) => {
                tracing::warn!(alias = %alias, error = %e, "cannot resolve the commons room alias");
                return None;
            }
        }
    };
    *lock(&bot.commons_room) = Some(id.clone());
    Some(id)
}

/// True when `room` is the commons room (known once resolved).
pub fn is_commons(bot: &Bot, room: &RoomId) -> bool {
    lock(&bot.commons_room).as_deref() == Some(room)
}

/// The commons room, joined (the bot joins it itself when it may: a public room, or an
/// invite it has not accepted yet).
pub async fn room(bot: &Bot) -> Option<Room> {
    let id = room_id(bot).await?;
    if let Some(room) = bot.client.get_room(&id)
        && room.state() == RoomState::Joined
    {
        return Some(room);
    }
    let target: &RoomOrAliasId = match bot.commons.room.as_deref() {
        Some(c) if c.starts_with('#') => <&RoomOrAliasId>::try_from(c).ok()?,
        _ => <&RoomOrAliasId>::from(&*id),
    };
    match bot.client.join_room_by_id_or_alias(target, &[]).await {
        Ok(room) => Some(room),
        Err(e) => {
            tracing::warn!(room = %id, error = %e, "cannot join the commons room; retour not cross-posted");
            None
        }
    }
}

/// Delivers the commons queue (export folder, webhook) until a stop: at start, whenever
/// a batch queued something (`wake`), and when a retry falls due. Failures stay queued
/// with their backoff (see [`webhook::deliver_due`]).
pub async fn deliver(bot: Arc<Bot>, stop: Shutdown, wake: Arc<tokio::sync::Notify>) {
    let sinks = sinks(&bot.commons);
    let http = match reqwest::Client::builder()
        .timeout(webhook::POST_TIMEOUT)
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "cannot build the webhook client; commons not delivered");
            return;
        }
    };
    while !stop.requested() {
        let now = bot.clock.now();
        match webhook::deliver_due_beside(bot.store.as_ref(), &http, &sinks, now, &bot.writing)
            .await
        {
            Ok(r) if r != webhook::DeliveryReport::default() => {
                tracing::info!(
                    delivered = r.delivered,
                    failed = r.failed,
                    dropped = r.dropped,
                    "commons delivery"
                );
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "commons delivery"),
        }
        let wait = match webhook::next_delivery(bot.store.as_ref()) {
            Ok(Some(at)) => (at - bot.clock.now())
                .to_std()
                .unwrap_or(Duration::ZERO)
                .clamp(Duration::from_millis(200), DELIVERY_POLL),
            _ => DELIVERY_POLL,
        };
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = wake.notified() => {}
            () = stop.wait() => break,
        }
    }
}
