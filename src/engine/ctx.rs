//! The working set of one handled event: the buffered store writes, the garden's state,
//! the roster, "now", and the messages produced so far.

use chrono::{DateTime, Utc};

use super::commons_index::CommonsIndex;
use super::io::{Action, Dest, Incoming, Outgoing, Place, Roster};
use crate::garden::GardenState;
use crate::model::{Msg, RunId, Text, UserId};
use crate::rituals::load::Rituals;
use crate::rituals::run::Run;
use crate::store::{StoreError, Tree, Tx, key};

/// A user's mistake or a "not now": answered with a localised message, nothing changed.
#[derive(Debug)]
pub struct Refusal(pub Text);

impl From<Msg> for Refusal {
    fn from(m: Msg) -> Self {
        Refusal(Text::one(m))
    }
}

/// Why handling stopped early.
#[derive(Debug)]
pub enum Stop {
    /// Answer the sender, keep nothing of this event's changes.
    Refuse(Refusal),
    /// The store failed.
    Store(StoreError),
}

impl From<StoreError> for Stop {
    fn from(e: StoreError) -> Self {
        Stop::Store(e)
    }
}

impl From<Refusal> for Stop {
    fn from(r: Refusal) -> Self {
        Stop::Refuse(r)
    }
}

impl From<Msg> for Stop {
    fn from(m: Msg) -> Self {
        Stop::Refuse(m.into())
    }
}

/// The result type of handlers.
pub type Flow<T = ()> = Result<T, Stop>;

/// Everything a handler may read or change while handling one event.
pub struct Ctx<'a> {
    /// Buffered writes.
    pub tx: Tx<'a>,
    /// The garden.
    pub garden: GardenState,
    /// The joined members now.
    pub roster: &'a Roster,
    /// The loaded rituals.
    pub rituals: &'a Rituals,
    /// The commons' search index (every garden's retours).
    pub commons: &'a CommonsIndex,
    /// The current time.
    pub now: DateTime<Utc>,
    /// The engine's seed (random orders and draws).
    pub seed: u64,
    /// The command prefix.
    pub prefix: &'a str,
    /// The most active runs a garden may have ([`super::limits`]).
    pub max_active_runs: usize,
    /// Prefix for the `out_ref` of every message produced.
    pub ref_base: String,
    /// Messages produced so far.
    pub out: Vec<Outgoing>,
}

impl<'a> Ctx<'a> {
    /// Queues a post and returns its `out_ref`.
    pub fn post(&mut self, dest: Dest, text: Text, mentions: Vec<UserId>) -> String {
        self.push(
            dest,
            Action::Post {
                text,
                mentions,
                root_of: None,
                reply_to: None,
            },
        )
    }

    /// Queues the announcement that roots a run's thread.
    pub fn post_root(&mut self, run: RunId, text: Text, mentions: Vec<UserId>) -> String {
        self.push(
            Dest::Room,
            Action::Post {
                text,
                mentions,
                root_of: Some(run),
                reply_to: None,
            },
        )
    }

    /// Queues a post in a run's thread.
    pub fn post_thread(&mut self, run: RunId, text: Text, mentions: Vec<UserId>) -> String {
        self.post(Dest::Thread(run), text, mentions)
    }

    /// Reacts to a member's event (where it was written).
    pub fn react(&mut self, dest: Dest, event: &str, key: &str) {
        self.push(
            dest,
            Action::React {
                target_event: event.to_owned(),
                key: key.to_owned(),
            },
        );
    }

    /// Reacts to one of the bot's own messages of this event, so members can tap it.
    pub fn react_own(&mut self, dest: Dest, out_ref: &str, key: &str) {
        self.push(
            dest,
            Action::ReactOwn {
                target_ref: out_ref.to_owned(),
                key: key.to_owned(),
            },
        );
    }

    /// Replaces the text of one of the bot's messages.
    pub fn edit(&mut self, dest: Dest, out_ref: &str, text: Text, mentions: Vec<UserId>) {
        self.push(
            dest,
            Action::Edit {
                target_ref: out_ref.to_owned(),
                text,
                mentions,
            },
        );
    }

    /// Queues any action.
    pub fn push(&mut self, dest: Dest, action: Action) -> String {
        let out_ref = format!("{}.{}", self.ref_base, self.out.len());
        self.out.push(Outgoing {
            garden: self.garden.id.clone(),
            out_ref: out_ref.clone(),
            lang: self.garden.settings.lang,
            tz: self.garden.settings.tz,
            dest,
            action,
        });
        out_ref
    }

    /// True when `user` may use facilitator commands: named by the garden, or granted by
    /// the transport (power level) at this moment.
    pub fn is_facilitator(&self, user: &UserId) -> bool {
        self.garden.settings.facilitators.contains(user)
            || self.roster.get(user).is_some_and(|m| m.facilitator)
    }

    /// Up to `n` facilitators among the joined members (whom a step waiting for a
    /// facilitator's `!suivant` or `!propose` waits for).
    pub fn facilitators(&self, n: usize) -> Vec<UserId> {
        self.roster
            .members
            .iter()
            .filter(|m| self.is_facilitator(&m.id))
            .map(|m| m.id.clone())
            .take(n)
            .collect()
    }

    /// Answers an event where it came from, as a reply to it (so that, in a busy room,
    /// members see what the answer answers). It asks nobody to act: it notifies nobody.
    pub fn reply(&mut self, inc: &Incoming, text: Text) {
        let dest = self.place_dest(inc);
        let reply_to = match inc.kind {
            super::io::InKind::Text { .. } => Some(inc.event_id.clone()),
            _ => None,
        };
        self.push(
            dest,
            Action::Post {
                text,
                mentions: Vec::new(),
                root_of: None,
                reply_to,
            },
        );
    }

    /// Where to answer an event: its run's thread, the room, or the sender's direct
    /// messages.
    pub fn place_dest(&self, inc: &Incoming) -> Dest {
        match &inc.place {
            Place::Main => Dest::Room,
            Place::Thread(id)
                if self.garden.active.contains(id)
                    || self
                        .garden
                        .counters
                        .get(&id.kind)
                        .is_some_and(|n| *n >= id.n) =>
            {
                Dest::Thread(*id)
            }
            Place::Thread(_) => Dest::Room,
            Place::Direct => Dest::Direct(inc.sender.clone()),
        }
    }

    /// The display name of a member (or their local part).
    pub fn name(&self, user: &UserId) -> String {
        self.roster.name_of(user)
    }

    /// `(id, name)` pairs.
    pub fn named(&self, ids: &[UserId]) -> Vec<(UserId, String)> {
        ids.iter().map(|i| (i.clone(), self.name(i))).collect()
    }

    /// Loads a run of this garden.
    pub fn load_run(&self, id: RunId) -> Result<Option<Run>, StoreError> {
        self.tx
            .get_raw(Tree::Runs, &run_key(&self.garden.id, id))?
            .map(|raw| crate::rituals::legacy::decode_run(&raw))
            .transpose()
    }

    /// Every run of the garden, finished ones included.
    pub fn all_runs(&self) -> Result<Vec<Run>, StoreError> {
        let mut prefix = key(&[self.garden.id.as_str().as_bytes()]);
        prefix.push(0);
        self.tx
            .scan_raw(Tree::Runs, &prefix)?
            .into_iter()
            .map(|(_, raw)| crate::rituals::legacy::decode_run(&raw))
            .collect()
    }

    /// Saves a run (and drops it from the active list once it is over).
    pub fn save_run(&mut self, run: Run) -> Result<(), StoreError> {
        if !run.is_active() {
            self.garden.active.retain(|a| *a != run.id);
        }
        let k = run_key(&self.garden.id, run.id);
        self.tx.put(Tree::Runs, k, &run)
    }

    /// Every active run, in start order.
    pub fn active_runs(&self) -> Result<Vec<Run>, StoreError> {
        let mut runs = Vec::new();
        for id in &self.garden.active {
            if let Some(r) = self.load_run(*id)? {
                runs.push(r);
            }
        }
        Ok(runs)
    }
}

/// The key of a run: garden, kind letter, big-endian number.
pub fn run_key(garden: &crate::model::GardenId, id: RunId) -> Vec<u8> {
    let mut tail = vec![id.kind.letter() as u8];
    tail.extend_from_slice(&id.n.to_be_bytes());
    key(&[garden.as_str().as_bytes(), &tail])
}

/// Posts an answer where the event came from (free-function form of [`Ctx::reply`]).
pub fn reply(ctx: &mut Ctx<'_>, inc: &Incoming, text: Text) {
    ctx.reply(inc, text);
}
