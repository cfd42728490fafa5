//! One run of a ritual: a plain serde value stored whole, so that resuming after a restart
//! is just loading it. What every run has is here; what only one family needs lives in its
//! [`Subject`]; what the current step keeps lives in its [`StepState`].

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::state::{StepState, Turn};
use crate::model::{RunId, UserId};
use crate::registers::{ObjectionRecord, Version};

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
    /// Stopped by the engine: its steps looped without waiting for anyone.
    Interrupted,
}

/// What a run is about, by family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Subject {
    /// A météo: nothing beyond its rounds.
    Meteo,
    /// A custom ritual, with the text it was started with.
    Free(Option<String>),
    /// A consent decision.
    Proposal(Proposal),
    /// An election without candidates.
    Role(Role),
}

/// A proposal and its versions (the current text is the last one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    /// The proposer (porteur·se).
    pub proposer: UserId,
    /// Every version, the first proposal included.
    pub versions: Vec<Version>,
}

impl Proposal {
    /// The current text.
    pub fn text(&self) -> &str {
        self.versions.last().map_or("", |v| v.text.as_str())
    }
}

/// An election ballot: not secret in the end, hidden until the reveal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    /// Whom the voter proposes now.
    pub nominee: UserId,
    /// Why.
    pub reason: Option<String>,
    /// Whom they first proposed, when they moved their vote (report de voix).
    pub moved_from: Option<UserId>,
}

/// The role an election fills.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    /// The role's name.
    pub name: String,
    /// What the role is for.
    pub mission: Option<String>,
    /// The term in minutes.
    pub term_minutes: Option<i64>,
    /// Ballots by voter.
    pub ballots: BTreeMap<UserId, Ballot>,
    /// The person proposed by the facilitator.
    pub nominee: Option<UserId>,
    /// The suggested person and how (`most`, `self`, `holder`, `draw`).
    pub suggestion: Option<(UserId, String)>,
}

/// How fast a run moves: the `--délai` of every waiting step, and silence-consent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pace {
    /// Deadline applied to every step that waits for people, in minutes.
    pub delay_minutes: Option<i64>,
    /// After the reminder, silence counts as no objection.
    pub silence_consent: bool,
}

/// What the objection rounds of a run have gathered (the secretary's notes).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentLog {
    /// Objection rounds opened.
    pub rounds: u32,
    /// Every objection raised, in order.
    pub objections: Vec<ObjectionRecord>,
    /// Who consented in the last closed round.
    pub consents: Vec<UserId>,
    /// Who stayed silent in the last closed round.
    pub silent: Vec<UserId>,
}

/// Something the bot tells a member at most once per run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Told {
    /// A round is listened to without comments.
    NoComments,
    /// Only questions, answered by the proposer.
    QuestionsOnly,
    /// The run is over: words in its thread are not taken.
    Over,
    /// What this step takes (said once per step and objection round).
    Hint {
        /// The step's index.
        step: usize,
        /// The objection round when it was said.
        round: u32,
    },
}

/// Everything about one run of a ritual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    /// Short id (`D3`).
    pub id: RunId,
    /// The ritual's name (its definition).
    pub ritual: String,
    /// The ritual's title message id (empty when the ritual writes its own title).
    pub title: String,
    /// The ritual's own title, when its file writes it (kept with the run, so it shows
    /// the same even after the ritual changes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_title: Option<crate::model::OwnText>,
    /// Who launched it.
    pub started_by: UserId,
    /// When.
    pub started_at: DateTime<Utc>,
    /// The garden's joined members at the start, plus any who joined in later.
    pub participants: Vec<UserId>,
    /// Display names seen, to write records after people leave.
    pub names: BTreeMap<UserId, String>,
    /// Participants a facilitator recorded as absent (`!absent`): no longer awaited.
    #[serde(default)]
    pub absent: Vec<UserId>,
    /// Participants who left the garden: no longer awaited.
    #[serde(default)]
    pub gone: Vec<UserId>,
    /// Overall status.
    pub status: RunStatus,
    /// Index of the current step in the definition.
    pub step: usize,
    /// When the current step opened.
    pub step_opened: DateTime<Utc>,
    /// The current step's deadline.
    #[serde(default)]
    pub deadline: Option<DateTime<Utc>>,
    /// True once the deadline reminder was posted.
    #[serde(default)]
    pub reminded: bool,
    /// When the step closes after the reminder.
    #[serde(default)]
    pub close_at: Option<DateTime<Utc>>,
    /// The current step's state.
    pub state: StepState,
    /// True once the announcement (thread root) was posted.
    pub rooted: bool,
    /// Seed of this run's random draws.
    pub seed: u64,
    /// Deadlines and silence-consent.
    #[serde(default)]
    pub pace: Pace,
    /// What the run is about.
    pub subject: Subject,
    /// The objection rounds so far.
    #[serde(default)]
    pub consent: ConsentLog,
    /// The turns of the last closed round (records and summaries use them).
    #[serde(default)]
    pub last_round: Vec<Turn>,
    /// What each member was already told once.
    #[serde(default)]
    pub told: Vec<(Told, UserId)>,
}

impl Run {
    /// The title's words: the ritual's own title, or its message id.
    pub fn title_words(&self) -> crate::model::Words {
        match &self.own_title {
            Some(t) => crate::model::Words::Own(t.clone()),
            None => crate::model::Words::Id(self.title.clone()),
        }
    }

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

    /// The participants still awaited: neither absent nor gone.
    pub fn awaited(&self) -> Vec<UserId> {
        self.participants
            .iter()
            .filter(|p| self.is_awaited(p))
            .cloned()
            .collect()
    }

    /// True unless `who` was recorded absent or left.
    pub fn is_awaited(&self, who: &UserId) -> bool {
        !self.absent.contains(who) && !self.gone.contains(who)
    }

    /// The proposal of a decision.
    pub fn proposal(&self) -> Option<&Proposal> {
        match &self.subject {
            Subject::Proposal(p) => Some(p),
            _ => None,
        }
    }

    /// The role of an election.
    pub fn role(&self) -> Option<&Role> {
        match &self.subject {
            Subject::Role(r) => Some(r),
            _ => None,
        }
    }

    /// The role of an election, to change it.
    pub fn role_mut(&mut self) -> Option<&mut Role> {
        match &mut self.subject {
            Subject::Role(r) => Some(r),
            _ => None,
        }
    }

    /// The proposer of a decision.
    pub fn proposer(&self) -> Option<&UserId> {
        self.proposal().map(|p| &p.proposer)
    }

    /// The person proposed in an election.
    pub fn nominee(&self) -> Option<&UserId> {
        self.role().and_then(|r| r.nominee.as_ref())
    }

    /// What the run is about, as one line: the proposal, the role, or the free text.
    pub fn subject_text(&self) -> String {
        match &self.subject {
            Subject::Meteo => String::new(),
            Subject::Free(t) => t.clone().unwrap_or_default(),
            Subject::Proposal(p) => p.text().to_owned(),
            Subject::Role(r) => r.name.clone(),
        }
    }

    /// Marks `what` as told to `who`; false when it was already.
    pub fn tell_once(&mut self, what: Told, who: &UserId) -> bool {
        if self.told.iter().any(|(w, u)| *w == what && u == who) {
            return false;
        }
        self.told.push((what, who.clone()));
        true
    }
}
