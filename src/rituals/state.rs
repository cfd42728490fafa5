//! What each step kind keeps while it is open: one type per kind, gathered in
//! [`StepState`]. Plain data, stored with the run; the behaviour lives in `steps/`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::UserId;

/// The state of the run's current step, by kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepState {
    /// A step that waits for nobody (announce, reveal, record), or none entered yet.
    Idle,
    /// A round of speakers.
    Round(RoundState),
    /// Free contributions (clarification).
    Open(OpenState),
    /// One designated person answers (amendment, levée des objections).
    Answer(AnswerState),
    /// An objection round.
    Consent(ConsentState),
    /// Ballots by direct message.
    Nominate,
    /// Waiting for a facilitator's `!propose`.
    Propose,
}

impl StepState {
    /// The bot message whose reactions answer this step (the objection round's prompt).
    pub fn prompt(&self) -> Option<&str> {
        match self {
            StepState::Consent(s) => s.prompt_ref.as_deref(),
            StepState::Idle
            | StepState::Round(_)
            | StepState::Open(_)
            | StepState::Answer(_)
            | StepState::Nominate
            | StepState::Propose => None,
        }
    }
}

/// One participant's turn in a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turn {
    /// Who.
    pub who: UserId,
    /// What they said (None when they passed or did not answer).
    #[serde(default)]
    pub text: Option<String>,
    /// How the turn ended.
    pub how: TurnKind,
    /// The event that carried it, so an edit or redaction can find it.
    #[serde(default)]
    pub event_id: Option<String>,
}

/// How a turn was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TurnKind {
    /// They spoke.
    Spoke,
    /// They passed with `!passe`.
    Passed,
    /// The step closed before they spoke.
    Silent,
    /// A facilitator recorded them absent.
    Absent,
}

impl Turn {
    /// True when they spoke.
    pub fn spoke(&self) -> bool {
        self.how == TurnKind::Spoke
    }
}

/// A round: the speaking order and the turns taken so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundState {
    /// Who speaks, in order.
    pub order: Vec<UserId>,
    /// Turns taken, in the order they were taken.
    pub turns: Vec<Turn>,
    /// Whose turn was last announced (so each next speaker is mentioned once).
    #[serde(default)]
    pub announced: Option<UserId>,
    /// The bot's message that opened the round, edited as turns are taken.
    #[serde(default)]
    pub prompt_ref: Option<String>,
}

impl RoundState {
    /// True when `who` has taken their turn.
    pub fn has_spoken(&self, who: &UserId) -> bool {
        self.turns.iter().any(|t| &t.who == who)
    }
}

/// Free contributions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenState {
    /// Contributions so far.
    pub count: u32,
}

/// Where an answer step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnswerPhase {
    /// Levée des objections: the objectors say first how their objection could be lifted.
    Objectors,
    /// The designated person answers.
    Author,
}

/// One person answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerState {
    /// Whose turn it is.
    pub phase: AnswerPhase,
}

/// One answer in an objection round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsentAnswer {
    /// No objection.
    Consent {
        /// The command or reaction that carried it (a redacted reaction withdraws it).
        event_id: Option<String>,
    },
    /// A reasoned objection.
    Objection {
        /// Why.
        reason: String,
        /// The event that carried it.
        event_id: Option<String>,
    },
}

impl ConsentAnswer {
    /// The event that carried the answer.
    pub fn event_id(&self) -> Option<&str> {
        match self {
            ConsentAnswer::Consent { event_id } | ConsentAnswer::Objection { event_id, .. } => {
                event_id.as_deref()
            }
        }
    }
}

/// An objection round.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentState {
    /// Who is asked, in order (the person asked last at the end).
    pub order: Vec<UserId>,
    /// Answers so far.
    pub answers: BTreeMap<UserId, ConsentAnswer>,
    /// The bot's prompt, so ✅ / ✋ reactions on it count.
    #[serde(default)]
    pub prompt_ref: Option<String>,
    /// True once the person asked last was asked.
    #[serde(default)]
    pub last_asked: bool,
    /// The early answer of the person asked last, kept aside until the others answered.
    #[serde(default)]
    pub early: Option<ConsentAnswer>,
    /// People who raised a hand (✋) or objected without a reason: their next message in
    /// the thread is taken as the reason.
    #[serde(default)]
    pub reason_pending: Vec<UserId>,
}
