//! Défis du faire ensemble: one record per défi, holding its participants and
//! check-ins. A garden has few défis and each a few check-ins a week, so a record is small
//! enough to be read and written whole.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Register, get, list, put};
use crate::model::{GardenId, RunId, UserId};
use crate::store::{StoreError, Tx};

/// Where a défi stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DefiStatus {
    /// Running: members may join, leave and check in.
    Active,
    /// Marked done with `!défi fini`.
    Done,
    /// Its deadline passed.
    Expired,
}

/// One check-in (`!point F1 <texte>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkin {
    /// Who.
    pub who: UserId,
    /// Their display name then.
    pub name: String,
    /// When.
    pub at: DateTime<Utc>,
    /// What they said.
    pub text: String,
    /// The event that carried it, so an edit or a redaction can find it.
    pub event_id: Option<String>,
}

/// A défi and everything said about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefiRecord {
    /// Short id (`F1`).
    pub id: RunId,
    /// What the garden sets out to do.
    pub title: String,
    /// When it is due.
    pub deadline: DateTime<Utc>,
    /// Who created it, and their name.
    pub created_by: (UserId, String),
    /// When.
    pub created_at: DateTime<Utc>,
    /// Who takes part, with their names, in joining order.
    pub participants: Vec<(UserId, String)>,
    /// Where it stands.
    pub status: DefiStatus,
    /// When it was marked done or expired.
    pub ended_at: Option<DateTime<Utc>>,
    /// Every check-in, oldest first.
    pub checkins: Vec<Checkin>,
}

impl DefiRecord {
    /// True when `who` takes part.
    pub fn has(&self, who: &UserId) -> bool {
        self.participants.iter().any(|(id, _)| id == who)
    }

    /// True while members may join and check in.
    pub fn is_active(&self) -> bool {
        self.status == DefiStatus::Active
    }

    /// The participants' ids.
    pub fn participant_ids(&self) -> Vec<UserId> {
        self.participants.iter().map(|(id, _)| id.clone()).collect()
    }

    /// The check-ins written in `[from, to)`.
    pub fn checkins_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> impl Iterator<Item = &Checkin> {
        self.checkins
            .iter()
            .filter(move |c| c.at >= from && c.at < to)
    }
}

/// Loads défi `id` of a garden.
pub fn load(tx: &Tx<'_>, garden: &GardenId, id: RunId) -> Result<Option<DefiRecord>, StoreError> {
    get(tx, garden, Register::Defis, id)
}

/// Saves a défi.
pub fn save(tx: &mut Tx<'_>, garden: &GardenId, defi: &DefiRecord) -> Result<(), StoreError> {
    put(tx, garden, Register::Defis, defi.id, defi)
}

/// Every défi of a garden, in number order.
pub fn all(tx: &Tx<'_>, garden: &GardenId) -> Result<Vec<DefiRecord>, StoreError> {
    list(tx, garden, Register::Defis)
}
