//! Retours d'expérience: the harvested reports, their indexes, and the 🌱
//! questions waiting for their author's ✅.
//!
//! Keys, all in the `registers` tree under the garden's id:
//! - `retours/R<n>`: the record, so `!retours` and lookups by id are point reads;
//! - `retours-day/<day><n>`: an empty-valued index by UTC day (days since 1970, big
//!   endian), so "the retours of this week" is a handful of small prefix scans instead of a
//!   scan of every retour the garden ever had (a garden may hold thousands);
//! - `retours-event/<event id>`: the message a retour came from, so that an edit or a
//!   redaction of that message finds it;
//! - `harvest-ask/<out_ref>` and `harvest-event/<event id>`: a pending 🌱 question, by the
//!   bot message that asks it (reactions point at it) and by the message it is about.

use std::sync::LazyLock;

use chrono::{DateTime, Duration, Utc};
use regex::Regex;
use serde::{Deserialize, Serialize};

use super::{Register, get, list, put};
use crate::model::{GardenId, RunId, RunKind, UserId};
use crate::store::{StoreError, Tree, Tx, key};

/// The licence of every retour.
pub const LICENCE_NAME: &str = "CC BY-SA 4.0";

/// The licence's canonical URL, as exported in JSON-LD.
pub const LICENCE_URL: &str = "https://creativecommons.org/licenses/by-sa/4.0/";

/// The name credited when the author asked not to be named, or was forgotten.
pub const ANONYMOUS: &str = "anonyme";

/// Longest title kept, in characters.
const MAX_TITLE: usize = 120;

/// Most keywords kept per retour.
const MAX_TAGS: usize = 20;

/// Longest keyword kept, in characters.
const MAX_TAG: usize = 40;

/// Beyond this many days, "retours between" scans the whole register rather than day by day.
const MAX_DAY_SCANS: i64 = 62;

/// How a retour reached the harvest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RetourSource {
    /// Written with `!retour`.
    Command,
    /// A message someone marked with 🌱, confirmed by its author.
    Seed {
        /// Who proposed it.
        asked_by: UserId,
    },
}

/// One harvested retour d'expérience.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetourRecord {
    /// Short id (`R17`).
    pub id: RunId,
    /// The garden it was harvested in.
    pub garden: GardenId,
    /// The author; None once they used `!oublie-moi` (then it is credited as anonymous).
    pub author: Option<UserId>,
    /// The author's display name at harvest time (emptied with `author`).
    pub author_name: String,
    /// The author asked to be credited as "anonyme".
    pub anonymous: bool,
    /// The first line.
    pub title: String,
    /// The whole text.
    pub text: String,
    /// Keywords from `#tags`, lowercased, without `#`.
    pub tags: Vec<String>,
    /// When it was harvested.
    pub at: DateTime<Utc>,
    /// The message it came from.
    pub source_event: Option<String>,
    /// `!retour` or 🌱.
    pub source: RetourSource,
    /// The licence (always [`LICENCE_NAME`]; stored so that the record says it itself).
    pub licence: String,
    /// True when the garden shared to the commons at harvest time: only those retours ever
    /// leave the garden (and only while the garden still shares).
    pub shared: bool,
    /// Concepts of the commons' vocabulary its tags name, as keys (`contexte:hopital`),
    /// with the garden's default context when it named none (see `crate::commons::vocab`).
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub facets: Vec<String>,
    /// The resource it used, a normalised web address (schema.org `isBasedOn`).
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub resource: Option<String>,
    /// The improvement its author suggests for that resource.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub improvement: Option<String>,
}

impl RetourRecord {
    /// The name credited in the attribution: the author's, or "anonyme".
    pub fn credit(&self) -> &str {
        if self.anonymous || self.author.is_none() || self.author_name.trim().is_empty() {
            ANONYMOUS
        } else {
            &self.author_name
        }
    }

    /// Forgets who wrote it, keeping the text (a published retour).
    pub fn anonymise(&mut self) {
        self.author = None;
        self.author_name.clear();
        self.anonymous = true;
    }
}

/// A 🌱 question waiting for its author's ✅.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HarvestAsk {
    /// The message to harvest.
    pub event_id: String,
    /// Its author.
    pub author: UserId,
    /// Its text.
    pub body: String,
    /// Who reacted 🌱.
    pub asked_by: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// What `!retour` or a 🌱 message says, split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The author asked for "anonyme".
    pub anonymous: bool,
    /// The first line, without its tags.
    pub title: String,
    /// The whole text (option word removed).
    pub text: String,
    /// Keywords.
    pub tags: Vec<String>,
}

static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"#([\p{L}\p{N}_][\p{L}\p{N}_-]*)").expect("valid regex"));

impl Draft {
    /// Reads a retour's text. A leading `anonyme` / `anonymous` / `--anonyme` asks to be
    /// credited anonymously (only as the first word, so that a report can still talk about
    /// anonymity). None when nothing is left to harvest.
    pub fn parse(text: &str, allow_option: bool) -> Option<Draft> {
        let trimmed = text.trim();
        let (anonymous, body) = match trimmed.split_once(char::is_whitespace) {
            Some((first, rest)) if allow_option && is_anonymous_word(first) => (true, rest.trim()),
            None if allow_option && is_anonymous_word(trimmed) => (true, ""),
            _ => (false, trimmed),
        };
        if body.is_empty() {
            return None;
        }
        let first_line = body.lines().find(|l| !l.trim().is_empty()).unwrap_or(body);
        let without_tags = TAG.replace_all(first_line, "");
        let words: Vec<&str> = without_tags.split_whitespace().collect();
        let title = if words.is_empty() {
            first_line.trim().to_owned()
        } else {
            words.join(" ")
        };
        Some(Draft {
            anonymous,
            title: truncate(&title, MAX_TITLE),
            text: body.to_owned(),
            tags: tags(body),
        })
    }
}

fn is_anonymous_word(w: &str) -> bool {
    let w = crate::text::fold(w.trim_start_matches(['-', '—', '–']));
    matches!(w.as_str(), "anonyme" | "anonymous" | "anon")
}

/// The `#tags` of a text, lowercased, deduplicated, without purely numeric ones (`#12` is
/// a reference, not a keyword).
pub fn tags(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in TAG.captures_iter(text) {
        let Some(t) = c.get(1) else { continue };
        let t = t.as_str().trim_end_matches(['-', '_']);
        if t.is_empty() || t.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let t = truncate(&t.to_lowercase(), MAX_TAG);
        if !out.contains(&t) {
            out.push(t);
        }
        if out.len() >= MAX_TAGS {
            break;
        }
    }
    out
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

fn garden_part(garden: &GardenId) -> &[u8] {
    garden.as_str().as_bytes()
}

/// Days since 1970-01-01 (UTC), the bucket of the day index.
fn day_of(at: DateTime<Utc>) -> u32 {
    u32::try_from(at.timestamp().div_euclid(86_400)).unwrap_or(0)
}

/// The garden, the index's tag and the day; the retour's number follows the day directly.
fn day_prefix(garden: &GardenId, day: u32) -> Vec<u8> {
    key(&[garden_part(garden), b"retours-day", &day.to_be_bytes()])
}

fn day_key(garden: &GardenId, at: DateTime<Utc>, n: u32) -> Vec<u8> {
    let mut k = day_prefix(garden, day_of(at));
    k.extend_from_slice(&n.to_be_bytes());
    k
}

fn event_key(garden: &GardenId, event_id: &str) -> Vec<u8> {
    key(&[garden_part(garden), b"retours-event", event_id.as_bytes()])
}

fn ask_key(garden: &GardenId, out_ref: &str) -> Vec<u8> {
    key(&[garden_part(garden), b"harvest-ask", out_ref.as_bytes()])
}

fn ask_event_key(garden: &GardenId, event_id: &str) -> Vec<u8> {
    key(&[garden_part(garden), b"harvest-event", event_id.as_bytes()])
}

/// The garden and number of a retour's record key (None for any other key): how the
/// commons index finds, in a batch, the retours it must follow.
pub fn record_of_key(k: &[u8]) -> Option<(GardenId, u32)> {
    const MIDDLE: &[u8] = b"\0retours\0";
    let split = k.len().checked_sub(5)?;
    let (head, tail) = k.split_at(split);
    if tail[0] != b'R' || !head.ends_with(MIDDLE) {
        return None;
    }
    let garden = std::str::from_utf8(&head[..head.len() - MIDDLE.len()]).ok()?;
    let n = u32::from_be_bytes(tail[1..].try_into().ok()?);
    Some((GardenId::new(garden), n))
}

/// Saves a retour with its indexes.
pub fn save(tx: &mut Tx<'_>, r: &RetourRecord) -> Result<(), StoreError> {
    put(tx, &r.garden, Register::Retours, r.id, r)?;
    tx.put(Tree::Registers, day_key(&r.garden, r.at, r.id.n), &r.id.n)?;
    if let Some(ev) = &r.source_event {
        tx.put(Tree::Registers, event_key(&r.garden, ev), &r.id.n)?;
    }
    Ok(())
}

/// Updates a retour whose indexed fields (date, source) did not change.
pub fn update(tx: &mut Tx<'_>, r: &RetourRecord) -> Result<(), StoreError> {
    put(tx, &r.garden, Register::Retours, r.id, r)
}

/// Deletes a retour and its indexes.
pub fn delete(tx: &mut Tx<'_>, r: &RetourRecord) {
    super::delete(tx, &r.garden, Register::Retours, r.id);
    tx.delete(Tree::Registers, day_key(&r.garden, r.at, r.id.n));
    if let Some(ev) = &r.source_event {
        tx.delete(Tree::Registers, event_key(&r.garden, ev));
    }
}

/// Retour number `n` of a garden.
pub fn load(tx: &Tx<'_>, garden: &GardenId, n: u32) -> Result<Option<RetourRecord>, StoreError> {
    get(
        tx,
        garden,
        Register::Retours,
        RunId::new(RunKind::Retour, n),
    )
}

/// Every retour of a garden, in number order (for exports and `!oublie-moi`).
pub fn all(tx: &Tx<'_>, garden: &GardenId) -> Result<Vec<RetourRecord>, StoreError> {
    list(tx, garden, Register::Retours)
}

/// The retours harvested in `[from, to)`, oldest first: one prefix scan per day of the
/// period plus one read per retour found.
pub fn between(
    tx: &Tx<'_>,
    garden: &GardenId,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<RetourRecord>, StoreError> {
    if to <= from {
        return Ok(Vec::new());
    }
    if to - from > Duration::days(MAX_DAY_SCANS) {
        let mut all = all(tx, garden)?;
        all.retain(|r| r.at >= from && r.at < to);
        all.sort_by_key(|r| (r.at, r.id.n));
        return Ok(all);
    }
    let (first, last) = (day_of(from), day_of(to - Duration::nanoseconds(1)));
    let mut out = Vec::new();
    // Bounded by MAX_DAY_SCANS + 1 days (checked above).
    for day in first..=last {
        let prefix = day_prefix(garden, day);
        for (_, n) in tx.scan::<u32>(Tree::Registers, &prefix)? {
            if let Some(r) = load(tx, garden, n)?
                && r.at >= from
                && r.at < to
            {
                out.push(r);
            }
        }
    }
    out.sort_by_key(|r| (r.at, r.id.n));
    Ok(out)
}

/// The retour harvested from message `event_id`, if any.
pub fn by_event(
    tx: &Tx<'_>,
    garden: &GardenId,
    event_id: &str,
) -> Result<Option<RetourRecord>, StoreError> {
    match tx.get::<u32>(Tree::Registers, &event_key(garden, event_id))? {
        Some(n) => load(tx, garden, n),
        None => Ok(None),
    }
}

/// Records a pending 🌱 question, asked by the bot message `out_ref`.
pub fn put_ask(
    tx: &mut Tx<'_>,
    garden: &GardenId,
    out_ref: &str,
    ask: &HarvestAsk,
) -> Result<(), StoreError> {
    tx.put(Tree::Registers, ask_key(garden, out_ref), ask)?;
    tx.put(
        Tree::Registers,
        ask_event_key(garden, &ask.event_id),
        &out_ref.to_owned(),
    )
}

/// The pending question asked by bot message `out_ref`.
pub fn ask(
    tx: &Tx<'_>,
    garden: &GardenId,
    out_ref: &str,
) -> Result<Option<HarvestAsk>, StoreError> {
    tx.get(Tree::Registers, &ask_key(garden, out_ref))
}

/// The `out_ref` of the pending question about message `event_id`.
pub fn ask_for_event(
    tx: &Tx<'_>,
    garden: &GardenId,
    event_id: &str,
) -> Result<Option<String>, StoreError> {
    tx.get(Tree::Registers, &ask_event_key(garden, event_id))
}

/// Forgets a pending question.
pub fn delete_ask(tx: &mut Tx<'_>, garden: &GardenId, out_ref: &str, ask: &HarvestAsk) {
    tx.delete(Tree::Registers, ask_key(garden, out_ref));
    tx.delete(Tree::Registers, ask_event_key(garden, &ask.event_id));
}

/// Every pending question of a garden, with its `out_ref`.
pub fn asks(tx: &Tx<'_>, garden: &GardenId) -> Result<Vec<(String, HarvestAsk)>, StoreError> {
    let mut prefix = key(&[garden_part(garden), b"harvest-ask"]);
    prefix.push(0);
    Ok(tx
        .scan::<HarvestAsk>(Tree::Registers, &prefix)?
        .into_iter()
        .map(|(k, a)| {
            let out_ref = String::from_utf8_lossy(&k[prefix.len()..]).into_owned();
            (out_ref, a)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_keys_are_told_apart_from_index_keys() {
        let g = GardenId::new("!a:b");
        let rk = super::super::record_key(&g, Register::Retours, RunId::new(RunKind::Retour, 7));
        assert_eq!(record_of_key(&rk), Some((g.clone(), 7)));
        let at = chrono::Utc::now();
        assert_eq!(record_of_key(&day_key(&g, at, 7)), None);
        assert_eq!(record_of_key(&event_key(&g, "$e")), None);
        assert_eq!(record_of_key(b"R"), None);
    }

    #[test]
    fn drafts() {
        let d = Draft::parse("Notre premier conseil #éducation #Fiche\nOn a tenté…", true)
            .expect("draft");
        assert!(!d.anonymous);
        assert_eq!(d.title, "Notre premier conseil");
        assert_eq!(d.tags, vec!["éducation", "fiche"]);
        let d = Draft::parse("anonyme Un retour #hôpital #12 #hôpital", true).expect("draft");
        assert!(d.anonymous);
        assert_eq!(d.text, "Un retour #hôpital #12 #hôpital");
        assert_eq!(d.tags, vec!["hôpital"]);
        assert_eq!(Draft::parse("anonyme", true), None);
        assert_eq!(Draft::parse("  ", true), None);
        assert_eq!(
            Draft::parse("#seulement", true).map(|d| d.title),
            Some("#seulement".into())
        );
        let d = Draft::parse("anonyme", false).expect("the word itself");
        assert!(!d.anonymous);
    }
}
