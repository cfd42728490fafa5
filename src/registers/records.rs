//! The records themselves.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{RunId, UserId};
use crate::rituals::run::{ObjectionRecord, Version};

/// How a decision ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecisionOutcome {
    /// Adopted by consent.
    Adopted,
    /// Withdrawn by its proposer.
    Withdrawn,
    /// Cancelled by a facilitator.
    Cancelled,
}

/// One entry of the decision register: the secretary's record (SPEC §3.2 step 7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRecord {
    /// The run.
    pub id: RunId,
    /// How it ended.
    pub outcome: DecisionOutcome,
    /// The final text.
    pub text: String,
    /// Every version, first to last.
    pub versions: Vec<Version>,
    /// The proposer and their name.
    pub proposer: (UserId, String),
    /// When it ended.
    pub at: DateTime<Utc>,
    /// Participants and their names.
    pub participants: Vec<(UserId, String)>,
    /// Every objection, its reason and treatment.
    pub objections: Vec<ObjectionRecord>,
    /// Objection rounds held.
    pub rounds: u32,
    /// Who stayed silent in the last round (silence-consent).
    #[serde(default)]
    pub silent: Vec<(UserId, String)>,
}

/// One entry of the role register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleRecord {
    /// The election.
    pub id: RunId,
    /// The role's name.
    pub role: String,
    /// Who holds it, and their name.
    pub holder: (UserId, String),
    /// Start of the term.
    pub start: DateTime<Utc>,
    /// End of the term, when one was given.
    pub end: Option<DateTime<Utc>>,
}

/// That a météo round happened; its content only if the garden keeps météo memory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeteoRecord {
    /// The run.
    pub id: RunId,
    /// When it closed.
    pub at: DateTime<Utc>,
    /// How many members spoke.
    pub speakers: u32,
    /// Each member's weather, only with `météo-mémoire` on.
    #[serde(default)]
    pub entries: Vec<(UserId, String)>,
}

/// A finished or cancelled run that has no register of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRecord {
    /// The run.
    pub id: RunId,
    /// The ritual's name.
    pub ritual: String,
    /// When it ended.
    pub at: DateTime<Utc>,
    /// True when cancelled.
    pub cancelled: bool,
    /// True when the interpreter stopped it: its steps looped without waiting for anyone.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub interrupted: bool,
    /// Who spoke (or passed) in its last round.
    pub speakers: Vec<(UserId, String)>,
}
