//! What a transport hands the engine (`Incoming`) and what the engine asks it to do
//! (`Outgoing`). Both are plain data: the engine never performs I/O itself.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::model::{GardenId, Lang, RunId, Text, UserId};

/// Where a message was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Place {
    /// The garden room's main timeline.
    Main,
    /// The thread of a run (rooted at its announcement).
    Thread(RunId),
    /// A direct message to the bot.
    Direct,
}

/// The message a reaction, edit or redaction points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// The transport's id of the target event.
    pub event_id: String,
    /// When the target is one of the bot's messages: the `out_ref` it was sent with.
    pub bot_ref: Option<String>,
    /// Who wrote the target (None when unknown).
    pub author: Option<UserId>,
    /// The target's text, when the transport knows it (for the harvest).
    pub body: Option<String>,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InKind {
    /// A text message (plain body, and the HTML body when the client sent one).
    Text {
        /// Plain text.
        body: String,
        /// HTML, used to read mention pills.
        html: Option<String>,
    },
    /// A reaction (annotation) with `key` on `target`.
    Reaction {
        /// The emoji.
        key: String,
        /// What was reacted to.
        target: Target,
    },
    /// A replacement of an earlier message's text.
    Edit {
        /// The event being replaced.
        target_event: String,
        /// Its new text.
        body: String,
    },
    /// A redaction of an earlier event.
    Redaction {
        /// The event redacted.
        target_event: String,
    },
    /// The sender left the garden (left the room, or was removed): no step waits for them.
    Left,
}

/// One input event, already attributed to a garden by the transport.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incoming {
    /// The garden the event belongs to.
    pub garden: GardenId,
    /// The transport's event id: the key of the handled-event mark.
    pub event_id: String,
    /// Who sent it.
    pub sender: UserId,
    /// Their display name.
    pub sender_name: String,
    /// When it was sent.
    pub at: DateTime<Utc>,
    /// Where.
    pub place: Place,
    /// What.
    pub kind: InKind,
}

/// A joined member of a garden, as the transport sees it now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Their id.
    pub id: UserId,
    /// Their display name.
    pub name: String,
    /// When they joined the garden (None: long ago / unknown).
    pub joined_at: Option<DateTime<Utc>>,
    /// True when the transport grants facilitation (power level ≥ the configured level).
    pub facilitator: bool,
}

/// The garden's joined members at the moment of handling, minus the bot.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    /// Members in the room's order.
    pub members: Vec<Member>,
    /// The room's own name, when it has one: the garden's name outside it until
    /// `!jardin nom` gives another.
    #[serde(default)]
    pub room_name: Option<String>,
}

impl Roster {
    /// The member with this id.
    pub fn get(&self, id: &UserId) -> Option<&Member> {
        self.members.iter().find(|m| &m.id == id)
    }

    /// True when `id` is a joined member.
    pub fn contains(&self, id: &UserId) -> bool {
        self.get(id).is_some()
    }

    /// The display name of `id`, or its local part when it is not (or no longer) a member.
    pub fn name_of(&self, id: &UserId) -> String {
        self.get(id)
            .map(|m| m.name.clone())
            .unwrap_or_else(|| id.localpart().to_owned())
    }
}

/// Where the bot writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Dest {
    /// The main timeline.
    Room,
    /// The thread of a run.
    Thread(RunId),
    /// A direct message to one member.
    Direct(UserId),
    /// The commons room ("Grand Jardin") shared by every garden, when the transport has one
    /// configured; a transport without one drops it. Only produced for gardens that share
    /// (never for organisation gardens), so a transport needs no check of its own.
    Commons,
}

/// What the bot does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Action {
    /// Post a notice.
    Post {
        /// The text.
        text: Text,
        /// The people the message means to notify (`m.mentions`); never the whole room.
        mentions: Vec<UserId>,
        /// When set, this message is the announcement whose thread holds this run.
        root_of: Option<RunId>,
        /// When set, the message replies to this event (harvest questions).
        reply_to: Option<String>,
    },
    /// React to a member's event (the quiet acknowledgement of an answer).
    React {
        /// The event reacted to.
        target_event: String,
        /// The emoji.
        key: String,
    },
    /// React to one of the bot's own earlier messages (the ✅ / ✋ a member can tap).
    ReactOwn {
        /// The `out_ref` of the bot's message.
        target_ref: String,
        /// The emoji.
        key: String,
    },
    /// Replace the text of one of the bot's earlier messages (a prompt's live tally).
    Edit {
        /// The `out_ref` of the message to edit.
        target_ref: String,
        /// Its new text.
        text: Text,
        /// The people the original message mentioned: the replacement keeps them (and
        /// notifies nobody again).
        #[serde(default)]
        mentions: Vec<UserId>,
    },
}

/// One thing for the transport to do, with everything needed to render it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outgoing {
    /// The garden it belongs to.
    pub garden: GardenId,
    /// A garden-unique, replay-stable reference (the Matrix transaction id is built from it).
    pub out_ref: String,
    /// The garden's language when it was produced.
    pub lang: Lang,
    /// The garden's timezone, to render dates.
    pub tz: Tz,
    /// Where.
    pub dest: Dest,
    /// What.
    pub action: Action,
}

impl Outgoing {
    /// The text of a post or edit, for tests and renderers.
    pub fn text(&self) -> Option<&Text> {
        match &self.action {
            Action::Post { text, .. } | Action::Edit { text, .. } => Some(text),
            Action::React { .. } | Action::ReactOwn { .. } => None,
        }
    }

    /// The mentions of a post (empty otherwise).
    pub fn mentions(&self) -> &[UserId] {
        match &self.action {
            Action::Post { mentions, .. } => mentions,
            _ => &[],
        }
    }
}
