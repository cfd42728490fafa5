//! The commons from the engine's side: the index that follows the store, `!communs`
//! searches and resource look-ups, and what a harvested retour takes from the shared
//! vocabulary (its facets, the garden's default context, the resource it used).
//!
//! Who sees what: a garden's search covers the retours that may leave their garden (shared
//! when harvested, by a garden that still shares: see `harvest::export::exportable`) and
//! its own retours. An organisation garden's retours are therefore found only from inside
//! it, and a look-up by address from elsewhere answers as if they did not exist.

use std::collections::BTreeMap;

use super::ctx::reply;
use super::ctx::{Ctx, Flow};
use super::io::{Incoming, Place};
use crate::commons::index::{Hit, Query};
use crate::commons::query::{self, MAX_SEARCH, QueryError, Request};
use crate::commons::resource;
use crate::commons::vocab::{Facet, scheme};
use crate::garden::GardenState;
use crate::model::{GardenId, Lang, Msg, RunKind, Text};
use crate::registers::{RetourRecord, retours};
use crate::store::{StoreError, Tree};

/// Retours shown per search.
const SHOWN: usize = 5;

/// Longest excerpt of a retour's text in a search's thread, in characters.
const EXCERPT: usize = 400;

/// Fills what a retour takes from the commons' vocabulary and its own lines: the facets
/// its tags name (plus the garden's default context when it names none), the resource it
/// used and the improvement suggested.
pub fn fill(r: &mut RetourRecord, garden: &GardenState) {
    let s = scheme();
    let mut facets = s.facets_of(&r.tags);
    if let Some(default) = &garden.settings.context
        && !facets
            .iter()
            .filter_map(|k| s.by_key(k))
            .any(|c| c.facet == Facet::Context)
        && s.by_key(default).is_some()
    {
        facets.insert(0, default.clone());
    }
    r.facets = facets;
    r.resource = resource::resource_of(&r.text);
    r.improvement = r
        .resource
        .as_ref()
        .and_then(|_| resource::improvement_of(&r.text));
}

/// The labels of a retour's concepts of one facet (or of all), in a language.
pub fn labels(r: &RetourRecord, facet: Option<Facet>, lang: Lang) -> Vec<String> {
    let s = scheme();
    r.facets
        .iter()
        .filter_map(|k| s.by_key(k))
        .filter(|c| facet.is_none_or(|f| c.facet == f))
        .map(|c| c.label(lang).to_owned())
        .collect()
}

/// `!jardin contexte #éducation`: the concept key of a context tag, `Some(None)` for
/// `aucun` / `none` (clears), None when the value names no context.
pub fn context_setting(value: &str) -> Option<Option<String>> {
    let v = value.trim();
    if matches!(
        crate::text::fold(v).as_str(),
        "aucun" | "aucune" | "none" | "-" | "non" | "no"
    ) {
        return Some(None);
    }
    scheme()
        .match_tag(v)
        .into_iter()
        .find(|c| c.facet == Facet::Context)
        .map(|c| Some(c.key()))
}

/// The label of a concept key in a language (the key itself if the scheme lost it).
pub fn label_of(key: &str, lang: Lang) -> String {
    scheme()
        .by_key(key)
        .map_or_else(|| key.to_owned(), |c| c.label(lang).to_owned())
}

/// Every facet with its concepts' tags, one message line each.
fn facet_lines(lang: Lang) -> Vec<Msg> {
    let s = scheme();
    Facet::ALL
        .into_iter()
        .map(|f| {
            let tags: Vec<String> = s
                .concepts
                .iter()
                .filter(|c| c.facet == f)
                .map(|c| format!("#{}", c.label(lang).replace(' ', "-")))
                .collect();
            Msg::new("commons-facet-line")
                .label("facet", f.label_id())
                .text("tags", tags.join(" "))
        })
        .collect()
}

/// The refusal of a bad `!communs`.
fn refusal(e: QueryError, lang: Lang) -> Text {
    let mut t = match e {
        QueryError::Empty => Text::one(Msg::new("commons-search-empty")),
        QueryError::TooLong(n) => Text::one(
            Msg::new("commons-search-too-long")
                .num("length", n as i64)
                .num("max", MAX_SEARCH as i64),
        ),
        QueryError::UnknownFacet(tag) => {
            Text::one(Msg::new("commons-facet-unknown").text("tag", tag))
        }
        QueryError::MissingUrl => return Text::one(Msg::new("commons-resource-missing")),
        QueryError::NotUrl(v) => {
            return Text::one(Msg::new("commons-resource-not-url").text("value", v));
        }
    };
    for line in facet_lines(lang) {
        t.push(line);
    }
    t
}

/// `!communs <mots et #facettes>` / `!communs ressource <url>`.
pub fn command(ctx: &mut Ctx<'_>, inc: &Incoming, args: &str) -> Flow {
    let lang = ctx.garden.settings.lang;
    match query::parse(args) {
        Err(e) => Err(super::ctx::Stop::Refuse(super::ctx::Refusal(refusal(
            e, lang,
        )))),
        Ok(Request::Search { query, facets }) => search(ctx, inc, &query, &facets),
        Ok(Request::Resource(url)) => uses(ctx, inc, &url),
    }
}

/// A found retour with its garden's name, read from the store (the source of truth).
pub(super) struct Found {
    pub(super) record: RetourRecord,
    pub(super) garden_name: String,
}

/// The records of `hits` (those still in the store), with their gardens' names.
pub(super) fn load_hits(ctx: &Ctx<'_>, hits: &[Hit]) -> Result<Vec<Found>, StoreError> {
    let mut names: BTreeMap<GardenId, String> = BTreeMap::new();
    let mut out = Vec::with_capacity(hits.len());
    for h in hits {
        let Some(record) = retours::load(&ctx.tx, &h.garden, h.n)? else {
            continue;
        };
        let garden_name = match names.get(&h.garden) {
            Some(n) => n.clone(),
            None => {
                let g: Option<GardenState> =
                    ctx.tx.get(Tree::Gardens, h.garden.as_str().as_bytes())?;
                let n = g.map_or_else(|| h.garden.to_string(), |g| g.display_name());
                names.insert(h.garden.clone(), n.clone());
                n
            }
        };
        out.push(Found {
            record,
            garden_name,
        });
    }
    Ok(out)
}

fn excerpt(text: &str) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > EXCERPT {
        let mut t: String = one.chars().take(EXCERPT - 1).collect();
        t.push('…');
        t
    } else {
        one
    }
}

fn hit_line(id: &str, rank: usize, f: &Found, lang: Lang) -> Msg {
    let r = &f.record;
    let contexts = labels(r, Some(Facet::Context), lang);
    Msg::new(id)
        .num("rank", rank as i64)
        .text("id", r.id.to_string())
        .text("title", r.title.clone())
        .text("garden", f.garden_name.clone())
        .text("credit", r.credit())
        .time("at", r.at)
        .text("contexts", contexts.join(", "))
        .num("context_count", contexts.len() as i64)
}

fn search(ctx: &mut Ctx<'_>, inc: &Incoming, q: &Query, facets: &[String]) -> Flow {
    let lang = ctx.garden.settings.lang;
    let viewer = ctx.garden.id.clone();
    let (hits, total) = ctx
        .commons
        .read(ctx.tx.store(), |ix| ix.search(&viewer, q, SHOWN))?;
    let found = load_hits(ctx, &hits)?;
    let filters: Vec<String> = facets.iter().map(|k| label_of(k, lang)).collect();
    let asked = q.words.join(" ");
    if found.is_empty() {
        let msg = Msg::new("commons-search-none")
            .text("has_words", if asked.is_empty() { "no" } else { "yes" })
            .text("words", asked)
            .text("facets", filters.join(", "))
            .num("facet_count", filters.len() as i64);
        reply(ctx, inc, msg.into());
        return Ok(());
    }
    let mut summary = Text::one(
        Msg::new("commons-search-header")
            .num("count", found.len() as i64)
            .num("total", total as i64)
            .text("has_words", if asked.is_empty() { "no" } else { "yes" })
            .text("words", asked)
            .text("facets", filters.join(", "))
            .num("facet_count", filters.len() as i64),
    );
    for (i, f) in found.iter().enumerate() {
        summary.push(hit_line("commons-hit", i + 1, f, lang));
    }
    let mut details = Text::default();
    for (i, f) in found.iter().enumerate() {
        let r = &f.record;
        details.push(hit_line("commons-detail-title", i + 1, f, lang));
        let all = labels(r, None, lang);
        if !all.is_empty() {
            details.push(Msg::new("commons-detail-facets").text("facets", all.join(", ")));
        }
        details.push(Msg::new("commons-detail-text").text("text", excerpt(&r.text)));
        if let Some(url) = &r.resource {
            details.push(Msg::new("commons-detail-resource").text("url", url.clone()));
        }
        details.push(Msg::new("commons-licence").text("credit", r.credit()));
    }
    if inc.place == Place::Direct {
        summary.lines.extend(details.lines);
        reply(ctx, inc, summary);
        return Ok(());
    }
    let id = ctx.garden.next_id(RunKind::Search);
    summary.push(Msg::new("commons-search-thread").text("id", id.to_string()));
    ctx.post_root(id, summary, Vec::new());
    ctx.post_thread(id, details, Vec::new());
    Ok(())
}

fn uses(ctx: &mut Ctx<'_>, inc: &Incoming, url: &str) -> Flow {
    let lang = ctx.garden.settings.lang;
    let viewer = ctx.garden.id.clone();
    let hits = ctx
        .commons
        .read(ctx.tx.store(), |ix| ix.uses(&viewer, url))?;
    let found = load_hits(ctx, &hits)?;
    if found.is_empty() {
        let msg = Msg::new("commons-resource-none").text("url", url.to_owned());
        reply(ctx, inc, msg.into());
        return Ok(());
    }
    let mut contexts: BTreeMap<String, usize> = BTreeMap::new();
    let mut improvements = 0;
    for f in &found {
        for c in labels(&f.record, Some(Facet::Context), lang) {
            *contexts.entry(c).or_default() += 1;
        }
        improvements += usize::from(f.record.improvement.is_some());
    }
    let contexts: Vec<String> = contexts
        .into_iter()
        .map(|(c, n)| format!("{c} ({n})"))
        .collect();
    let mut t = Text::one(
        Msg::new("commons-resource-header")
            .text("url", url.to_owned())
            .num("count", found.len() as i64)
            .text("contexts", contexts.join(", "))
            .num("context_count", contexts.len() as i64)
            .num("improvements", improvements as i64),
    );
    for (i, f) in found.iter().take(SHOWN * 2).enumerate() {
        t.push(hit_line("commons-hit", i + 1, f, lang));
        if let Some(imp) = &f.record.improvement {
            t.push(Msg::new("commons-resource-improvement").text("text", imp.clone()));
        }
    }
    reply(ctx, inc, t);
    Ok(())
}
