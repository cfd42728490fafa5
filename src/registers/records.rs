//! The records themselves: what a finished run leaves in the garden's registers.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{RunId, UserId};

/// One version of a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    /// The text.
    pub text: String,
    /// When it was written.
    pub at: DateTime<Utc>,
    /// The objection round after which it was written (0: the first proposal).
    pub after_round: u32,
}

/// A way to lift an objection, proposed during the levée des objections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lift {
    /// Who proposed it.
    pub by: UserId,
    /// What they proposed.
    pub text: String,
}

/// An objection and how it was treated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectionRecord {
    /// Who objected.
    pub by: UserId,
    /// The reason.
    pub reason: String,
    /// The objection round (1-based).
    pub round: u32,
    /// What was proposed to lift it.
    #[serde(default)]
    pub lifts: Vec<Lift>,
    /// The version (1-based) that answered it, if any.
    pub answered_by_version: Option<usize>,
}

/// How a decision ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecisionOutcome {
    /// Adopted by consent.
    Adopted,
    /// Withdrawn by its proposer.
    Withdrawn,
    /// Cancelled by a facilitator.
    Cancelled,
    /// An objection round ended with no objection but no consent either: never adopted.
    NoConsent,
}

/// The people of a decision's last objection round, by how they answered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers {
    /// Who consented.
    #[serde(default)]
    pub consents: Vec<(UserId, String)>,
    /// Who was recorded absent by a facilitator.
    #[serde(default)]
    pub absent: Vec<(UserId, String)>,
    /// Who stayed silent (counted as no objection only under silence-consent).
    #[serde(default)]
    pub silent: Vec<(UserId, String)>,
}

/// One entry of the decision register: the secretary's record.
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
    /// How the last objection round was answered.
    #[serde(default)]
    pub answers: Answers,
    /// True when silence counted as no objection (`--silence-consent`).
    #[serde(default)]
    pub silence_consent: bool,
}

/// One entry of the role register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleRecord {
    /// The election.
    pub id: RunId,
    /// The role's name.
    pub role: String,
    /// What the role is for, when the election said it.
    #[serde(default)]
    pub mission: Option<String>,
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

/// A finished, cancelled or interrupted run that has no register of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRecord {
    /// The run.
    pub id: RunId,
    /// The ritual's name.
    pub ritual: String,
    /// The ritual's title when it ran (records written before titles were kept have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<crate::model::Words>,
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
