//! The weekly digest: what a garden harvested and lived in a period, gathered
//! from its registers ([`collect`]) and turned into the short room message and the details
//! posted in its thread ([`Digest::summary`], [`Digest::details`]).
//!
//! Gathering reads through the store trait only; rendering is pure. Météo rounds are
//! counted, never shown: a météo is confidential.

use chrono::{DateTime, Utc};

use crate::garden::GardenState;
use crate::model::{Msg, RunId, Text, UserId};
use crate::registers::{
    self, DecisionOutcome, DecisionRecord, DefiRecord, DefiStatus, MeteoRecord, Register,
    RoleRecord, defis, retours,
};
use crate::store::{StoreError, Tx};

/// Longest check-in excerpt shown in a digest, in characters.
const MAX_EXCERPT: usize = 200;

/// Most retour titles listed in the short message (the thread has them all).
const MAX_TITLES: usize = 10;

/// A retour as the digest shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetourLine {
    /// Its id.
    pub id: RunId,
    /// Its title.
    pub title: String,
    /// Its credited author ("anonyme" when asked).
    pub credit: String,
    /// Its keywords.
    pub tags: Vec<String>,
}

/// A défi as the digest shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefiLine {
    /// Its id.
    pub id: RunId,
    /// Its title.
    pub title: String,
    /// Its deadline.
    pub deadline: DateTime<Utc>,
    /// How it stands at the end of the period: `new`, `active`, `done` or `expired`.
    pub state: &'static str,
    /// Participants.
    pub participants: Vec<(UserId, String)>,
    /// The check-ins of the period: who and an excerpt.
    pub checkins: Vec<(UserId, String, String)>,
}

/// Everything a digest says about one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    /// Start of the period (included).
    pub from: DateTime<Utc>,
    /// End of the period (excluded).
    pub to: DateTime<Utc>,
    /// Retours harvested.
    pub retours: Vec<RetourLine>,
    /// Défis created, active, or ended in the period.
    pub defis: Vec<DefiLine>,
    /// Decisions adopted: id and text.
    pub decisions: Vec<(RunId, String)>,
    /// Roles filled: id, role, holder.
    pub roles: Vec<(RunId, String, (UserId, String))>,
    /// Météo rounds held.
    pub meteo_rounds: usize,
}

/// Gathers the digest of `[from, to)` for a garden. The retours come from the day index,
/// so the cost follows the period's activity, not the garden's whole history.
pub fn collect(
    tx: &Tx<'_>,
    garden: &GardenState,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Digest, StoreError> {
    let id = &garden.id;
    let in_period = |at: DateTime<Utc>| at >= from && at < to;
    let retours = retours::between(tx, id, from, to)?
        .into_iter()
        .map(|r| RetourLine {
            id: r.id,
            title: r.title.clone(),
            credit: r.credit().to_owned(),
            tags: r.tags.clone(),
        })
        .collect();
    let defis = defis::all(tx, id)?
        .into_iter()
        .filter_map(|d| defi_line(d, from, to))
        .collect();
    let decisions = registers::list::<DecisionRecord>(tx, id, Register::Decisions)?
        .into_iter()
        .filter(|d| d.outcome == DecisionOutcome::Adopted && in_period(d.at))
        .map(|d| (d.id, d.text))
        .collect();
    let roles = registers::list::<RoleRecord>(tx, id, Register::Roles)?
        .into_iter()
        .filter(|r| in_period(r.start))
        .map(|r| (r.id, r.role, r.holder))
        .collect();
    let meteo_rounds = registers::list::<MeteoRecord>(tx, id, Register::Meteo)?
        .iter()
        .filter(|m| in_period(m.at))
        .count();
    Ok(Digest {
        from,
        to,
        retours,
        defis,
        decisions,
        roles,
        meteo_rounds,
    })
}

/// A défi belongs to the digest when it was alive during the period.
fn defi_line(d: DefiRecord, from: DateTime<Utc>, to: DateTime<Utc>) -> Option<DefiLine> {
    if d.created_at >= to || d.ended_at.is_some_and(|e| e < from) {
        return None;
    }
    let ended_in = d.ended_at.filter(|e| *e < to);
    let state = match (ended_in, d.status) {
        (Some(_), DefiStatus::Done) => "done",
        (Some(_), _) => "expired",
        (None, _) if d.created_at >= from => "new",
        (None, _) => "active",
    };
    let checkins = d
        .checkins_between(from, to)
        .map(|c| (c.who.clone(), c.name.clone(), excerpt(&c.text)))
        .collect();
    Some(DefiLine {
        id: d.id,
        title: d.title,
        deadline: d.deadline,
        state,
        participants: d.participants,
        checkins,
    })
}

fn excerpt(s: &str) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= MAX_EXCERPT {
        one_line
    } else {
        let mut t: String = one_line.chars().take(MAX_EXCERPT - 1).collect();
        t.push('…');
        t
    }
}

impl Digest {
    /// True when nothing happened: the automatic digest then stays silent.
    pub fn is_empty(&self) -> bool {
        self.retours.is_empty()
            && self.defis.is_empty()
            && self.decisions.is_empty()
            && self.roles.is_empty()
            && self.meteo_rounds == 0
    }

    /// Check-ins of the period, all défis together.
    pub fn checkin_count(&self) -> usize {
        self.defis.iter().map(|d| d.checkins.len()).sum()
    }

    /// The short message posted in the room: counts and retour titles.
    pub fn summary(&self, id: RunId) -> Text {
        let mut t = Text::one(
            Msg::new("digest-summary")
                .text("id", id.to_string())
                .time("from", self.from)
                .time("to", self.to)
                .num("retours", self.retours.len() as i64)
                .num("defis", self.defis.len() as i64)
                .num("checkins", self.checkin_count() as i64)
                .num("decisions", self.decisions.len() as i64)
                .num("roles", self.roles.len() as i64)
                .num("meteos", self.meteo_rounds as i64),
        );
        for r in self.retours.iter().take(MAX_TITLES) {
            t.push(
                Msg::new("digest-title")
                    .text("id", r.id.to_string())
                    .text("title", r.title.clone()),
            );
        }
        if self.retours.len() > MAX_TITLES {
            t.push(Msg::new("digest-more").num("count", (self.retours.len() - MAX_TITLES) as i64));
        }
        t.push(Msg::new("digest-thread").text("id", id.to_string()));
        t
    }

    /// The details, posted in the digest's thread.
    pub fn details(&self, id: RunId) -> Text {
        let mut t = Text::one(Msg::new("digest-details").text("id", id.to_string()));
        if !self.retours.is_empty() {
            t.push(Msg::new("digest-retours").num("count", self.retours.len() as i64));
            for r in &self.retours {
                t.push(
                    Msg::new("digest-retour")
                        .text("id", r.id.to_string())
                        .text("title", r.title.clone())
                        .text("credit", r.credit.clone())
                        .text("tags", hashtags(&r.tags))
                        .num("tag_count", r.tags.len() as i64),
                );
            }
        }
        if !self.defis.is_empty() {
            t.push(Msg::new("digest-defis").num("count", self.defis.len() as i64));
            for d in &self.defis {
                t.push(
                    Msg::new("digest-defi")
                        .text("id", d.id.to_string())
                        .text("title", d.title.clone())
                        .text("state", d.state)
                        .time("deadline", d.deadline)
                        .num("participants", d.participants.len() as i64)
                        .num("checkins", d.checkins.len() as i64),
                );
                for (_, name, text) in &d.checkins {
                    t.push(
                        Msg::new("digest-checkin")
                            .text("who", name.clone())
                            .text("text", text.clone()),
                    );
                }
            }
        }
        if !self.decisions.is_empty() {
            t.push(Msg::new("digest-decisions").num("count", self.decisions.len() as i64));
            for (id, text) in &self.decisions {
                t.push(
                    Msg::new("digest-decision")
                        .text("id", id.to_string())
                        .text("text", excerpt(text)),
                );
            }
        }
        if !self.roles.is_empty() {
            t.push(Msg::new("digest-roles").num("count", self.roles.len() as i64));
            for (id, role, (_, holder)) in &self.roles {
                // Names as text, not mentions: a digest must not ping everyone it lists.
                t.push(
                    Msg::new("digest-role")
                        .text("id", id.to_string())
                        .text("role", role.clone())
                        .text("holder", holder.clone()),
                );
            }
        }
        t.push(Msg::new("digest-meteos").num("count", self.meteo_rounds as i64));
        t
    }
}

/// `#a #b`, as keywords are shown.
pub fn hashtags(tags: &[String]) -> String {
    tags.iter()
        .map(|t| format!("#{t}"))
        .collect::<Vec<_>>()
        .join(" ")
}
