//! What a member can do to a run's current step, as one value: the engine finds the run
//! and the member, the step kind answers (or says why not now).

use crate::model::UserId;

/// One member's input to the current step of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepInput {
    /// A plain message in the run's thread.
    Text {
        /// What they wrote.
        body: String,
        /// The event, so an edit or redaction can find it.
        event: String,
    },
    /// `!passe`.
    Pass {
        /// The command's event.
        event: String,
    },
    /// `!consens`, or ✅ on the prompt.
    Consent {
        /// The command's or reaction's event (a redacted reaction withdraws the answer).
        event: String,
    },
    /// `!objection <raison>`, or ✋ on the prompt (no reason yet).
    Object {
        /// The reason, when given.
        reason: Option<String>,
        /// The event.
        event: String,
    },
    /// `!amender <texte>`.
    Amend(String),
    /// `!retirer`.
    Withdraw,
    /// `!nomine @x [raison]`.
    Nominate {
        /// The person named.
        who: UserId,
        /// Why.
        reason: Option<String>,
        /// True when sent in a direct message to the bot.
        direct: bool,
    },
    /// `!propose @x`.
    Propose(UserId),
    /// `!suivant`.
    Next,
    /// `!absent @x`: x is no longer awaited in this run.
    Absent(UserId),
    /// An edit of an earlier message.
    Edit {
        /// The event edited.
        event: String,
        /// Its new text.
        body: String,
    },
    /// A redaction of an earlier message or reaction.
    Redaction {
        /// The event redacted.
        event: String,
    },
    /// A reaction on one of the bot's messages.
    React {
        /// The emoji, skin tones and variation selectors folded away.
        key: String,
        /// The `out_ref` of the bot message reacted to.
        target_ref: String,
        /// The reaction's own event (redacting it withdraws the answer it gave).
        event: String,
    },
    /// A participant left the garden (said by nobody: the transport saw it).
    Left(UserId),
}

impl StepInput {
    /// The kind of input without its data, to find the run a command fits.
    pub fn kind(&self) -> InputKind {
        match self {
            StepInput::Text { .. } => InputKind::Text,
            StepInput::Pass { .. } => InputKind::Pass,
            StepInput::Consent { .. } => InputKind::Consent,
            StepInput::Object { .. } => InputKind::Object,
            StepInput::Amend(_) => InputKind::Amend,
            StepInput::Withdraw => InputKind::Withdraw,
            StepInput::Nominate { .. } => InputKind::Nominate,
            StepInput::Propose(_) => InputKind::Propose,
            StepInput::Next => InputKind::Next,
            StepInput::Absent(_) => InputKind::Absent,
            StepInput::Edit { .. } => InputKind::Edit,
            StepInput::Redaction { .. } => InputKind::Redaction,
            StepInput::React { .. } => InputKind::React,
            StepInput::Left(_) => InputKind::Left,
        }
    }
}

/// The kinds of [`StepInput`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A plain message.
    Text,
    /// `!passe`.
    Pass,
    /// `!consens`.
    Consent,
    /// `!objection`.
    Object,
    /// `!amender`.
    Amend,
    /// `!retirer`.
    Withdraw,
    /// `!nomine`.
    Nominate,
    /// `!propose`.
    Propose,
    /// `!suivant`.
    Next,
    /// `!absent`.
    Absent,
    /// An edit.
    Edit,
    /// A redaction.
    Redaction,
    /// A reaction on a bot message.
    React,
    /// Someone left.
    Left,
}

/// What a step does after an input it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum After {
    /// The step stays open.
    Stay,
    /// The step is complete: close it (its kind's `close`) and go on.
    Close(Closer),
    /// Leave the step for this one (or the natural next one) without closing words.
    Go(Option<String>),
    /// The run ended (withdrawn): nothing more.
    End,
}

/// Why a step closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closer {
    /// Everyone awaited has answered.
    Everyone,
    /// A facilitator's (or the designated person's) `!suivant`.
    Next,
    /// The deadline's grace period ended.
    Deadline,
}
