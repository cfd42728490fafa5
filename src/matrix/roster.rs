//! A garden's joined members as the engine sees them: display names, when they joined,
//! and who facilitates, read from the room's state at the moment of acting (rituals last
//! days and power levels change in between).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use matrix_sdk::ruma::events::SyncStateEvent;
use matrix_sdk::ruma::events::room::member::MembershipState;
use matrix_sdk::ruma::events::room::power_levels::UserPowerLevel;
use matrix_sdk::ruma::{Int, UserId};
use matrix_sdk::{Room, RoomMemberships};

use crate::engine::{Member, Roster};
use crate::model::{GardenId, UserId as EngineUserId};

use super::lock;

/// The most rosters kept: past it the cache starts again empty, so a network of many
/// quiet gardens does not keep every member list in memory.
const KEPT: usize = 2_000;

/// Rosters read since their room's state last changed. Reading one from the SDK's store
/// takes several SQLite queries (members, profiles, power levels), and most batches carry
/// messages, not state: a garden's roster is read again only after a batch that changed
/// its state ([`Rosters::forget`]).
#[derive(Default)]
pub struct Rosters {
    kept: Mutex<HashMap<GardenId, Arc<Roster>>>,
}

impl Rosters {
    /// The roster of `garden`, if read since its state last changed.
    pub fn get(&self, garden: &GardenId) -> Option<Arc<Roster>> {
        lock(&self.kept).get(garden).cloned()
    }

    /// Keeps a roster just read.
    pub fn keep(&self, garden: &GardenId, roster: Arc<Roster>) {
        let mut kept = lock(&self.kept);
        if kept.len() >= KEPT {
            kept.clear();
        }
        kept.insert(garden.clone(), roster);
    }

    /// Drops the roster of a garden whose state changed (or that the bot left).
    pub fn forget(&self, garden: &GardenId) {
        lock(&self.kept).remove(garden);
    }
}

/// Whether a room's update changes its state: a state event in its state section or
/// its timeline (a join, a leave, a new display name, power levels, its name).
pub fn changes_state(update: &matrix_sdk::sync::JoinedRoomUpdate) -> bool {
    use matrix_sdk::sync::State;
    let (State::Before(state) | State::After(state)) = &update.state;
    !state.is_empty()
        || update.timeline.events.iter().any(|e| {
            e.raw()
                .get_field::<serde_json::Value>("state_key")
                .ok()
                .flatten()
                .is_some()
        })
}

/// The room's joined members minus the bot, with `facilitator` set for those whose power
/// level reaches `level`.
///
/// Power is compared through ruma's [`UserPowerLevel`], which ranks room-version-12
/// creators above any number, so a room's creator always facilitates.
pub async fn roster(room: &Room, me: &UserId, level: i64) -> Result<Roster, matrix_sdk::Error> {
    let members = room.members(RoomMemberships::JOIN).await?;
    let power = room.power_levels().await.ok();
    let threshold = UserPowerLevel::Int(Int::new_saturating(level));
    let mut out = Vec::with_capacity(members.len());
    for m in members {
        if m.user_id() == me {
            continue;
        }
        let facilitator = match &power {
            Some(p) => p.for_user(m.user_id()) >= threshold,
            None => m.power_level() >= threshold,
        };
        out.push(Member {
            id: EngineUserId::new(m.user_id().as_str()),
            name: m
                .display_name()
                .unwrap_or(m.user_id().localpart())
                .to_owned(),
            joined_at: joined_at(&m),
            facilitator,
        });
    }
    Ok(Roster {
        members: out,
        room_name: room.name(),
    })
}

/// When the member's latest membership event was their join (a later profile change
/// hides the join time: then "long ago", None).
fn joined_at(m: &matrix_sdk::room::RoomMember) -> Option<DateTime<Utc>> {
    let matrix_sdk::deserialized_responses::MemberEvent::Sync(SyncStateEvent::Original(ev)) =
        m.event().as_ref()
    else {
        return None;
    };
    let was_joined = ev
        .unsigned
        .prev_content
        .as_ref()
        .is_some_and(|p| p.membership == MembershipState::Join);
    if was_joined {
        return None;
    }
    DateTime::from_timestamp_millis(ev.origin_server_ts.get().into())
}
