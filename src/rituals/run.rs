//! The state of one ritual run: a plain serde value stored whole, so that resuming after a
//! restart is just loading it.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{RunId, UserId};

/// Where a run stands overall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RunStatus {
    /// Steps remain.
    Active,
    /// Reached its record step.
    Done,
    /// Cancelled by a facilitator.
    Cancelled,
    /// Withdrawn by its proposer.
    Withdrawn,
}

/// One participant's turn in a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turn {
    /// Who.
    pub who: UserId,
    /// What they said (None when they passed or did not answer).
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub text: Option<String>,
    /// True when they passed with `!passe`.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub passed: bool,
    /// True when the deadline closed the step before they spoke.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub silent: bool,
    /// The event that carried it, so an edit or redaction can find it.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub event_id: Option<String>,
}

/// One answer in a consent round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsentAnswer {
    /// No objection.
    Consent,
    /// A reasoned objection.
    Objection {
        /// Why.
        reason: String,
        /// The event that carried it.
        event_id: Option<String>,
    },
    /// Did not answer before the step closed (counts as consent under silence-consent).
    Silent,
}

/// The state of the current step, by kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepState {
    /// A step with no inputs (announce, reveal, record) or not yet entered.
    Idle,
    /// A round: the speaking order and the turns taken so far.
    Round {
        /// Who speaks, in order.
        order: Vec<UserId>,
        /// Turns taken, in the order they were taken.
        turns: Vec<Turn>,
        /// Whose turn was last announced (so we mention each next speaker once).
        announced: Option<UserId>,
    },
    /// Free contributions (clarification).
    Open {
        /// People already reminded that only questions are asked here.
        reminded: Vec<UserId>,
        /// Number of contributions.
        count: u32,
    },
    /// One person answers.
    Answer,
    /// A consent round.
    Consent {
        /// Who is asked, in order (the nominee last in elections).
        order: Vec<UserId>,
        /// Answers so far.
        answers: BTreeMap<UserId, ConsentAnswer>,
        /// The bot's prompt, so ✅ / ✋ reactions on it count.
        prompt_ref: Option<String>,
        /// True once the person asked last was asked.
        last_asked: bool,
    },
    /// Nominations by direct message.
    Nominate,
    /// Waiting for a facilitator's `!propose`.
    Propose,
}

/// An election ballot (SPEC §3.3): not secret in the end, hidden until the reveal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    /// Whom the voter proposes now.
    pub nominee: UserId,
    /// Why.
    pub reason: Option<String>,
    /// Whom they first proposed, when they moved their vote (report de voix).
    pub moved_from: Option<UserId>,
}

/// One version of a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    /// The text.
    pub text: String,
    /// When it was written.
    pub at: DateTime<Utc>,
    /// The objection round after which it was written (0: before any).
    pub after_round: u32,
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
    /// What the objector proposed to lift it.
    pub lift_proposals: Vec<String>,
    /// How it was treated: the version number that answered it (1-based), if any.
    pub answered_by_version: Option<usize>,
}

/// Everything about one run of a ritual.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    /// Short id (`D3`).
    pub id: RunId,
    /// The ritual's name (its definition).
    pub ritual: String,
    /// The ritual's title message id.
    pub title: String,
    /// Who launched it.
    pub started_by: UserId,
    /// When.
    pub started_at: DateTime<Utc>,
    /// The garden's joined members at the start, plus any who joined in later.
    pub participants: Vec<UserId>,
    /// Display names seen, to write records after people leave.
    pub names: BTreeMap<UserId, String>,
    /// Overall status.
    pub status: RunStatus,
    /// Index of the current step in the definition.
    pub step: usize,
    /// When the current step opened.
    pub step_opened: DateTime<Utc>,
    /// The current step's deadline.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub deadline: Option<DateTime<Utc>>,
    /// True once the deadline reminder was posted.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub reminded: bool,
    /// When the step closes after the reminder.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub close_at: Option<DateTime<Utc>>,
    /// The current step's state.
    pub state: StepState,
    /// True once the announcement (thread root) was posted.
    pub rooted: bool,
    /// Seed of this run's random draws.
    pub seed: u64,
    /// The proposer (porteur·se) of a decision.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub proposer: Option<UserId>,
    /// The run's subject: the proposal's current text, the role's name, or free text.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub text: Option<String>,
    /// Every version of a proposal, first one included.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub versions: Vec<Version>,
    /// Every objection raised.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub objections: Vec<ObjectionRecord>,
    /// Objection (consent) rounds held.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub consent_rounds: u32,
    /// Deadline applied to every step (`--délai`).
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub delay_minutes: Option<i64>,
    /// After the reminder, silence counts as no objection.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub silence_consent: bool,
    /// People who stayed silent in the last consent round.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub silent: Vec<UserId>,
    /// An election's term in minutes.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub term_minutes: Option<i64>,
    /// Election ballots by voter.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub ballots: BTreeMap<UserId, Ballot>,
    /// The person proposed by the facilitator.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub nominee: Option<UserId>,
    /// How the suggestion was reached (`most`, `self`, `holder`, `draw`).
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub suggestion: Option<(UserId, String)>,
    /// Météo entries `(who, weather word)` kept until the summary.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub weather: Vec<(UserId, String)>,
    /// Turns of the finished rounds (custom rituals' records use the last one).
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub last_round: Vec<Turn>,
}

impl Run {
    /// The display name of a participant as last seen.
    pub fn name(&self, id: &UserId) -> String {
        self.names
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.localpart().to_owned())
    }

    /// `(id, name)` pairs for a list of people.
    pub fn named(&self, ids: &[UserId]) -> Vec<(UserId, String)> {
        ids.iter().map(|i| (i.clone(), self.name(i))).collect()
    }

    /// True while the run has steps left.
    pub fn is_active(&self) -> bool {
        self.status == RunStatus::Active
    }
}
