//! The Grand Jardin digest: once a week, in the commons room, what the network harvested —
//! the new shared retours per context and per garden, and the resources they used, most
//! used first. Like the garden digests it is exactly-once: a "last done" mark in the
//! `schedule` tree is written in the same batch as the post, and after downtime only the
//! latest missed week is posted, covering everything since the mark. A quiet week posts
//! nothing (the mark still moves).
//!
//! Only retours that may leave their garden are counted (see `commons.rs`): an
//! organisation garden never appears.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use super::commons::label_of;
use super::commons_index::CommonsIndex;
use super::engine_config::EngineConfig;
use super::io::{Action, Dest, Outgoing};
use super::schedule::{Slot, previous_slot, slot_at_or_before, weekly_due};
use crate::garden::GardenState;
use crate::model::{GardenId, Msg, Text};
use crate::store::{Store, StoreError, Tree, Tx, key};

/// Monday 10:00 in the bot's timezone: after the gardens' own digests (09:00 by default).
pub const SLOT: Slot = (0, 10, 0);

/// Resources listed.
const TOP_RESOURCES: usize = 5;

/// The mark's key: no garden id starts with a NUL byte.
fn mark_key() -> Vec<u8> {
    b"\0grand-jardin".to_vec()
}

fn mark(store: &dyn Store) -> Result<Option<DateTime<Utc>>, StoreError> {
    Tx::new(store).get(Tree::Schedule, &mark_key())
}

/// When the next Grand Jardin digest is due (maybe in the past: then tick now).
pub fn next_due(
    store: &dyn Store,
    config: &EngineConfig,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, StoreError> {
    Ok(weekly_due(config.tz, SLOT, mark(store)?, now))
}

/// Posts the digest when due; `room` is the garden id the transport sends commons posts
/// under (the commons room's own id in Matrix). The caller flushes the store.
pub fn tick(
    store: &dyn Store,
    commons: &CommonsIndex,
    config: &EngineConfig,
    now: DateTime<Utc>,
    room: &GardenId,
) -> Result<Vec<Outgoing>, StoreError> {
    let last = mark(store)?;
    if weekly_due(config.tz, SLOT, last, now) > now {
        return Ok(Vec::new());
    }
    let to = slot_at_or_before(config.tz, SLOT, now);
    let from = last
        .filter(|m| *m < to)
        .unwrap_or_else(|| previous_slot(config.tz, SLOT, to));
    let text = commons.read(store, |ix| {
        let week = ix.public_between(from, to);
        if week.is_empty() {
            return None;
        }
        let all = ix.resource_counts();
        Some((
            week,
            all.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        ))
    })?;
    let mut tx = Tx::new(store);
    let mut out = Vec::new();
    if let Some((week, all_uses)) = text {
        let text = render(&tx, config, from, to, &week, &all_uses)?;
        let o = Outgoing {
            garden: room.clone(),
            // Stable across a replay of the same tick: the slot it covers.
            out_ref: format!("grand-jardin-{}", to.timestamp()),
            lang: config.lang,
            tz: config.tz,
            dest: Dest::Commons,
            action: Action::Post {
                text,
                mentions: Vec::new(),
                root_of: None,
                reply_to: None,
            },
        };
        if config.outbox {
            let k = key(&[o.garden.as_str().as_bytes(), o.out_ref.as_bytes()]);
            tx.put(Tree::Outbox, k, &o)?;
        }
        out.push(o);
    }
    tx.put(Tree::Schedule, mark_key(), &Some(to))?;
    store.apply(&tx.into_batch())?;
    Ok(out)
}

fn render(
    tx: &Tx<'_>,
    config: &EngineConfig,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    week: &[crate::commons::index::Harvested],
    all_uses: &HashMap<String, usize>,
) -> Result<Text, StoreError> {
    let lang = config.lang;
    let mut contexts: BTreeMap<String, usize> = BTreeMap::new();
    let mut gardens: BTreeMap<GardenId, usize> = BTreeMap::new();
    let mut resources: BTreeMap<String, usize> = BTreeMap::new();
    let mut without_context = 0;
    for h in week {
        let ctx: Vec<&String> = h
            .facets
            .iter()
            .filter(|k| k.starts_with("contexte:"))
            .collect();
        if ctx.is_empty() {
            without_context += 1;
        }
        for k in ctx {
            *contexts.entry(label_of(k, lang)).or_default() += 1;
        }
        *gardens.entry(h.garden.clone()).or_default() += 1;
        if let Some(r) = &h.resource {
            *resources.entry(r.clone()).or_default() += 1;
        }
    }
    let mut t = Text::one(
        Msg::new("grand-jardin-summary")
            .time("from", from)
            .time("to", to)
            .num("count", week.len() as i64)
            .num("gardens", gardens.len() as i64),
    );
    t.push(Msg::new("grand-jardin-contexts"));
    let mut by_count: Vec<(String, usize)> = contexts.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (label, n) in by_count {
        t.push(
            Msg::new("grand-jardin-line")
                .text("name", label)
                .num("count", n as i64),
        );
    }
    if without_context > 0 {
        t.push(Msg::new("grand-jardin-no-context").num("count", without_context));
    }
    t.push(Msg::new("grand-jardin-gardens"));
    let mut named: Vec<(String, usize)> = Vec::new();
    for (g, n) in gardens {
        let state: Option<GardenState> = tx.get(Tree::Gardens, g.as_str().as_bytes())?;
        named.push((state.map_or_else(|| g.to_string(), |s| s.display_name()), n));
    }
    named.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (name, n) in named {
        t.push(
            Msg::new("grand-jardin-line")
                .text("name", name)
                .num("count", n as i64),
        );
    }
    if !resources.is_empty() {
        t.push(Msg::new("grand-jardin-resources"));
        let mut top: Vec<(String, usize, usize)> = resources
            .into_iter()
            .map(|(url, week)| {
                let all = all_uses.get(&url).copied().unwrap_or(week);
                (url, week, all)
            })
            .collect();
        top.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0)));
        for (url, week, all) in top.into_iter().take(TOP_RESOURCES) {
            t.push(
                Msg::new("grand-jardin-resource")
                    .text("url", url)
                    .num("week", week as i64)
                    .num("all", all as i64),
            );
        }
    }
    Ok(t)
}
