//! The commons' search index: every retour of every garden the bot serves, analysed once
//! (folded, French and English Snowball stems) and held in memory.
//!
//! The store stays the source of truth: the index is rebuilt from it at start and follows
//! each batch the engine applies (a retour harvested, anonymised by `!oublie-moi`, deleted
//! after a redaction; a garden that stops sharing), so nothing forgotten can be found.
//!
//! Each retour has a slot; what a search reads lives in columns by slot (its garden, whether
//! it is public, its date) and in lists of slots by term and by concept, so that a query
//! adds up scores in one dense array and then walks the columns in order: a scan of
//! per-retour values spread over the heap was memory-bound (~20 ms for 100,000 retours). A
//! retour removed or replaced leaves an empty slot; the slots are renumbered when half of
//! them are empty.
//!
//! Why not a search library: measured with `cargo bench --bench harvest` (100,000 retours
//! across 1,000 gardens) this answers well under the 20 ms target, with no extra dependency
//! tree to compile on small machines; see `docs/commons.md`.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::char::is_combining_mark;

use super::vocab::scheme;
use crate::model::GardenId;
use crate::registers::RetourRecord;
use crate::text::fold;

static FRENCH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::French));
static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Words too common to tell retours apart (folded), French and English.
const STOP_WORDS: &[&str] = &[
    "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "et", "eux", "il",
    "je", "la", "le", "les", "leur", "lui", "ma", "mais", "me", "meme", "mes", "moi", "mon", "ne",
    "nos", "notre", "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa", "se",
    "ses", "son", "sur", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre",
    "vous", "est", "sont", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "in",
    "is", "it", "of", "on", "or", "that", "the", "this", "to", "was", "we", "what", "with",
];

/// The words of a text in their comparison form: folded, split at anything that is not a
/// letter or a digit, without one-letter words and stop words.
pub fn words(text: &str) -> Vec<String> {
    pieces(text).flat_map(piece_words).collect()
}

/// The text cut where no word can continue (a combining accent belongs to its letter), so
/// that each piece can be folded alone: a text's pieces repeat, and folding was most of a
/// rebuild's time.
fn pieces(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || is_combining_mark(c)))
        .filter(|p| !p.is_empty())
}

/// The words of one piece ([`pieces`]).
fn piece_words(piece: &str) -> Vec<String> {
    fold(piece)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().nth(1).is_some() && !STOP_WORDS.contains(w))
        .map(str::to_owned)
        .collect()
}

/// A word's French and English stems (one when they agree).
fn stems(word: &str) -> Vec<String> {
    let fr = FRENCH.stem(word).into_owned();
    let en = ENGLISH.stem(word).into_owned();
    if fr == en { vec![fr] } else { vec![fr, en] }
}

/// One retour as the index holds it.
#[derive(Debug, Clone)]
struct Doc {
    garden: GardenId,
    n: u32,
    /// Visible to every garden (shared, and its garden still shares).
    public: bool,
    at: DateTime<Utc>,
    /// Indexes into the scheme's concepts, broader ones included, sorted.
    facets: Vec<u16>,
    /// Its own concepts' keys, without the broader ones.
    keys: Vec<String>,
    /// Term ids of its text, tags and facet labels, sorted, unique.
    terms: Vec<u32>,
    /// Term ids of its title, sorted, unique.
    title: Vec<u32>,
    resource: Option<String>,
}

/// What a search asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Words, in their comparison form ([`words`]).
    pub words: Vec<String>,
    /// Facet filters: each inner list is one `#tag` (any of its concepts); all must hold.
    pub facets: Vec<Vec<usize>>,
}

/// One retour found.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Its garden.
    pub garden: GardenId,
    /// Its number (`R<n>`).
    pub n: u32,
    /// How well it matches (higher is better; 0 for a facet-only search).
    pub score: f32,
    /// When it was harvested.
    pub at: DateTime<Utc>,
}

/// A public retour of a period, for the Grand Jardin digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Harvested {
    /// Its garden.
    pub garden: GardenId,
    /// Its number.
    pub n: u32,
    /// Its concepts' keys (without broader ones).
    pub facets: Vec<String>,
    /// The resource it used.
    pub resource: Option<String>,
}

/// The in-memory index (see the module's note).
#[derive(Debug, Default)]
pub struct Index {
    /// By slot; None once removed.
    docs: Vec<Option<Doc>>,
    /// Slots holding a retour.
    live: usize,
    position: HashMap<(GardenId, u32), u32>,
    gardens: Vec<GardenId>,
    garden_number: HashMap<GardenId, u32>,
    /// By slot: its garden's number, [`EMPTY`] once removed.
    owner: Vec<u32>,
    /// By slot: visible to every garden.
    public: Vec<bool>,
    /// By slot: when it was harvested.
    at: Vec<DateTime<Utc>>,
    dictionary: HashMap<String, u32>,
    /// Retours holding each term, by term id.
    frequency: Vec<u32>,
    /// The slots whose text holds each term, ascending, by term id (empty slots included).
    postings: Vec<Vec<u32>>,
    /// The slots whose title holds each term, by term id.
    title_postings: Vec<Vec<u32>>,
    /// The slots of each concept (broader ones included), by concept index.
    concept_postings: Vec<Vec<u32>>,
    /// The term ids of each piece of text met ([`pieces`]), so that a piece is folded and
    /// stemmed once: texts share most of their words.
    piece_terms: HashMap<String, Vec<u32>>,
    /// The term ids of each concept's labels and synonyms, by concept index.
    concept_terms: HashMap<u16, Vec<u32>>,
}

/// The keys of the kinds of resource start with it.
const RESOURCE_KIND: &str = "ressource:";

/// The kind of resource that is a retour itself, not a resource others use.
const SHARED_EXPERIENCE: &str = "ressource:partage-experience";

/// The owner of an empty slot.
const EMPTY: u32 = u32::MAX;

/// The ranking of a hit: score first, then the newest.
struct Ranked(f32, DateTime<Utc>, u32);

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    // Reversed, so that the heap's top is the worst of those kept.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .0
            .total_cmp(&self.0)
            .then(other.1.cmp(&self.1))
            .then(self.2.cmp(&other.2))
    }
}

/// A set of slots, one bit each.
struct Slots(Vec<u64>);

impl Slots {
    fn new(len: usize) -> Self {
        Slots(vec![0; len.div_ceil(64)])
    }
    fn insert(&mut self, i: u32) {
        self.0[(i / 64) as usize] |= 1 << (i % 64);
    }
    fn contains(&self, i: usize) -> bool {
        self.0[i / 64] & (1 << (i % 64)) != 0
    }
    fn intersect(&mut self, other: &Slots) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a &= b;
        }
    }
}

impl Index {
    /// An empty index.
    pub fn new() -> Self {
        Index::default()
    }

    /// How many retours it holds.
    pub fn len(&self) -> usize {
        self.live
    }

    /// True when it holds none.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    fn term(&mut self, s: String) -> u32 {
        if let Some(&id) = self.dictionary.get(&s) {
            return id;
        }
        let id = self.frequency.len() as u32;
        self.frequency.push(0);
        self.postings.push(Vec::new());
        self.title_postings.push(Vec::new());
        self.dictionary.insert(s, id);
        id
    }

    fn terms_of(&mut self, text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        for piece in pieces(text) {
            if let Some(ids) = self.piece_terms.get(piece) {
                out.extend_from_slice(ids);
                continue;
            }
            let mut ids: Vec<u32> = piece_words(piece)
                .iter()
                .flat_map(|w| stems(w))
                .map(|s| self.term(s))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            out.extend_from_slice(&ids);
            self.piece_terms.insert(piece.to_owned(), ids);
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    fn concept_terms(&mut self, i: u16) -> Vec<u32> {
        if let Some(t) = self.concept_terms.get(&i) {
            return t.clone();
        }
        let c = &scheme().concepts[usize::from(i)];
        let text = format!("{} {} {}", c.label_fr, c.label_en, c.synonyms.join(" "));
        let t = self.terms_of(&text);
        self.concept_terms.insert(i, t.clone());
        t
    }

    fn garden_number(&mut self, garden: &GardenId) -> u32 {
        if let Some(&g) = self.garden_number.get(garden) {
            return g;
        }
        let g = self.gardens.len() as u32;
        self.gardens.push(garden.clone());
        self.garden_number.insert(garden.clone(), g);
        g
    }

    /// Adds a retour, or replaces it. `public` says whether other gardens may find it.
    pub fn upsert(&mut self, r: &RetourRecord, public: bool) {
        self.remove(&r.garden, r.id.n);
        let s = scheme();
        let keys = if r.facets.is_empty() {
            s.facets_of(&r.tags)
        } else {
            r.facets.clone()
        };
        let mut facets: Vec<u16> = Vec::new();
        for c in keys.iter().filter_map(|k| s.by_key(k)) {
            for up in s.with_broader(c) {
                if let Some(i) = s.index_of(up) {
                    facets.push(i as u16);
                }
            }
        }
        facets.sort_unstable();
        facets.dedup();
        let body = format!("{} {} {}", r.title, r.text, r.tags.join(" "));
        let mut terms = self.terms_of(&body);
        for &i in &facets {
            terms.extend(self.concept_terms(i));
        }
        terms.sort_unstable();
        terms.dedup();
        let title = self.terms_of(&r.title);
        for &t in &terms {
            self.frequency[t as usize] += 1;
        }
        self.place(Doc {
            garden: r.garden.clone(),
            n: r.id.n,
            public,
            at: r.at,
            facets,
            keys,
            terms,
            title,
            resource: r.resource.clone(),
        });
    }

    /// Gives an analysed retour the next slot.
    fn place(&mut self, doc: Doc) {
        let slot = self.docs.len() as u32;
        for &t in &doc.terms {
            self.postings[t as usize].push(slot);
        }
        for &t in &doc.title {
            self.title_postings[t as usize].push(slot);
        }
        for &c in &doc.facets {
            let c = usize::from(c);
            if self.concept_postings.len() <= c {
                self.concept_postings.resize_with(c + 1, Vec::new);
            }
            self.concept_postings[c].push(slot);
        }
        let owner = self.garden_number(&doc.garden);
        self.owner.push(owner);
        self.public.push(doc.public);
        self.at.push(doc.at);
        self.position.insert((doc.garden.clone(), doc.n), slot);
        self.docs.push(Some(doc));
        self.live += 1;
    }

    /// Drops a retour (absent: nothing to do).
    pub fn remove(&mut self, garden: &GardenId, n: u32) {
        let Some(slot) = self.position.remove(&(garden.clone(), n)) else {
            return;
        };
        let slot = slot as usize;
        let Some(doc) = self.docs[slot].take() else {
            return;
        };
        for t in doc.terms {
            self.frequency[t as usize] = self.frequency[t as usize].saturating_sub(1);
        }
        self.owner[slot] = EMPTY;
        self.live -= 1;
        if self.docs.len() >= 1024 && self.live < self.docs.len() / 2 {
            self.renumber();
        }
    }

    /// Gives the retours held consecutive slots again, dropping the empty ones.
    fn renumber(&mut self) {
        let docs: Vec<Doc> = std::mem::take(&mut self.docs)
            .into_iter()
            .flatten()
            .collect();
        for list in self
            .postings
            .iter_mut()
            .chain(&mut self.title_postings)
            .chain(&mut self.concept_postings)
        {
            list.clear();
        }
        self.owner.clear();
        self.public.clear();
        self.at.clear();
        self.live = 0;
        for doc in docs {
            self.place(doc);
        }
    }

    fn live_docs(&self) -> impl Iterator<Item = &Doc> {
        self.docs.iter().flatten()
    }

    /// Drops every retour of a garden; returns how many.
    pub fn remove_garden(&mut self, garden: &GardenId) -> usize {
        let ns: Vec<u32> = self
            .live_docs()
            .filter(|d| &d.garden == garden)
            .map(|d| d.n)
            .collect();
        for n in &ns {
            self.remove(garden, *n);
        }
        ns.len()
    }

    fn visible(d: &Doc, viewer: &GardenId) -> bool {
        d.public || &d.garden == viewer
    }

    /// The slots holding every facet group of `q` (any concept of each group), or None
    /// when it asks for none.
    fn with_facets(&self, q: &Query) -> Option<Slots> {
        let mut all: Option<Slots> = None;
        for any in &q.facets {
            let mut group = Slots::new(self.docs.len());
            for &c in any {
                for &slot in self.concept_postings.get(c).map_or(&[][..], Vec::as_slice) {
                    group.insert(slot);
                }
            }
            match &mut all {
                Some(all) => all.intersect(&group),
                None => all = Some(group),
            }
        }
        all
    }

    /// The best `limit` retours for `q` that `viewer`'s garden may see (the shared ones of
    /// every garden, and its own), with how many match in all. Words rank by rarity
    /// (inverse document frequency), a word of the title counts half again; facets only
    /// filter. Without words, the newest matching retours come first.
    pub fn search(&self, viewer: &GardenId, q: &Query, limit: usize) -> (Vec<Hit>, usize) {
        let total_docs = self.live.max(1) as f32;
        let words: Vec<(Vec<u32>, f32)> = q
            .words
            .iter()
            .map(|w| {
                let ids: Vec<u32> = stems(w)
                    .iter()
                    .filter_map(|s| self.dictionary.get(s).copied())
                    .collect();
                let df = ids
                    .iter()
                    .map(|&t| self.frequency[t as usize])
                    .max()
                    .unwrap_or(0)
                    .max(1) as f32;
                (ids, (1.0 + total_docs / df).ln())
            })
            .collect();
        if !q.words.is_empty() && words.iter().all(|(ids, _)| ids.is_empty()) {
            return (Vec::new(), 0);
        }
        let slots = self.docs.len();
        // A word counts once per retour even when both of its stems are there: `seen`
        // holds, by slot, the last word (and title word) that scored it.
        let mut score = vec![0f32; if words.is_empty() { 0 } else { slots }];
        let mut seen = vec![(0u32, 0u32); score.len()];
        for (w, (ids, idf)) in words.iter().enumerate() {
            let mark = w as u32 + 1;
            for &t in ids {
                for &slot in &self.postings[t as usize] {
                    let (body, _) = &mut seen[slot as usize];
                    if *body != mark {
                        *body = mark;
                        score[slot as usize] += idf;
                    }
                }
                for &slot in &self.title_postings[t as usize] {
                    let (_, title) = &mut seen[slot as usize];
                    if *title != mark {
                        *title = mark;
                        score[slot as usize] += idf / 2.0;
                    }
                }
            }
        }
        let facets = self.with_facets(q);
        let viewer = self.garden_number.get(viewer).copied().unwrap_or(EMPTY);
        let mut heap: BinaryHeap<Ranked> = BinaryHeap::with_capacity(limit + 1);
        let mut total = 0;
        for slot in 0..slots {
            let s = score.get(slot).copied().unwrap_or(0.0);
            if !words.is_empty() && s == 0.0 {
                continue;
            }
            let owner = self.owner[slot];
            if owner == EMPTY || !(self.public[slot] || owner == viewer) {
                continue;
            }
            if facets.as_ref().is_some_and(|f| !f.contains(slot)) {
                continue;
            }
            total += 1;
            let ranked = Ranked(s, self.at[slot], slot as u32);
            // The heap's top is the worst kept: a hit below it is not worth a push.
            if heap.len() == limit && heap.peek().is_some_and(|worst| ranked >= *worst) {
                continue;
            }
            heap.push(ranked);
            if heap.len() > limit {
                heap.pop();
            }
        }
        let mut ranked = heap.into_vec();
        ranked.sort();
        let hits = ranked
            .into_iter()
            .filter_map(|Ranked(score, at, slot)| {
                let d = self.docs[slot as usize].as_ref()?;
                Some(Hit {
                    garden: d.garden.clone(),
                    n: d.n,
                    score,
                    at,
                })
            })
            .collect();
        (hits, total)
    }

    /// The retours `viewer` may see that used the resource `url` (normalised), newest
    /// first.
    pub fn uses(&self, viewer: &GardenId, url: &str) -> Vec<Hit> {
        let mut out: Vec<Hit> = self
            .live_docs()
            .filter(|d| d.resource.as_deref() == Some(url) && Self::visible(d, viewer))
            .map(|d| Hit {
                garden: d.garden.clone(),
                n: d.n,
                score: 0.0,
                at: d.at,
            })
            .collect();
        out.sort_by(|a, b| b.at.cmp(&a.at).then(a.garden.cmp(&b.garden)));
        out
    }

    /// The resources of the fiches `viewer` may see that `name` names: retours of a kind of
    /// resource other than a shared experience (a fiche, a déroulé, a game…) that give the
    /// resource's address, whose title holds every word of `name` (words naming a kind of
    /// resource, like "fiche", may be left out). One hit per address, the newest retour.
    pub fn fiches_named(&self, viewer: &GardenId, name: &str) -> Vec<Hit> {
        let s = scheme();
        let kind_words: Vec<u32> = s
            .concepts
            .iter()
            .filter(|c| c.key().starts_with(RESOURCE_KIND))
            .filter_map(|c| s.index_of(c))
            .filter_map(|i| self.concept_terms.get(&(i as u16)))
            .flatten()
            .copied()
            .collect();
        let wanted: Vec<Vec<u32>> = words(name)
            .iter()
            .map(|w| {
                stems(w)
                    .iter()
                    .filter_map(|s| self.dictionary.get(s).copied())
                    .collect::<Vec<u32>>()
            })
            .filter(|ids| !ids.iter().any(|t| kind_words.contains(t)))
            .collect();
        if wanted.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<&Doc> = self
            .live_docs()
            .filter(|d| d.resource.is_some() && Self::visible(d, viewer))
            .filter(|d| {
                d.keys
                    .iter()
                    .any(|k| k.starts_with(RESOURCE_KIND) && k != SHARED_EXPERIENCE)
            })
            .filter(|d| {
                wanted
                    .iter()
                    .all(|ids| ids.iter().any(|t| d.title.binary_search(t).is_ok()))
            })
            .collect();
        found.sort_by(|a, b| b.at.cmp(&a.at).then(a.garden.cmp(&b.garden)));
        let mut seen: Vec<&str> = Vec::new();
        found
            .into_iter()
            .filter(|d| {
                let url = d.resource.as_deref().unwrap_or_default();
                let new = !seen.contains(&url);
                seen.push(url);
                new
            })
            .map(|d| Hit {
                garden: d.garden.clone(),
                n: d.n,
                score: 0.0,
                at: d.at,
            })
            .collect()
    }

    /// How many public retours used each resource, all time.
    pub fn resource_counts(&self) -> HashMap<&str, usize> {
        let mut out: HashMap<&str, usize> = HashMap::new();
        for d in self.live_docs().filter(|d| d.public) {
            if let Some(r) = &d.resource {
                *out.entry(r.as_str()).or_default() += 1;
            }
        }
        out
    }

    /// The public retours harvested in `[from, to)`, oldest first.
    pub fn public_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Harvested> {
        let mut found: Vec<&Doc> = self
            .live_docs()
            .filter(|d| d.public && d.at >= from && d.at < to)
            .collect();
        found.sort_by(|a, b| {
            a.at.cmp(&b.at)
                .then(a.garden.cmp(&b.garden))
                .then(a.n.cmp(&b.n))
        });
        found
            .into_iter()
            .map(|d| Harvested {
                garden: d.garden.clone(),
                n: d.n,
                facets: d.keys.clone(),
                resource: d.resource.clone(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use proptest::prelude::*;

    use super::*;
    use crate::commons::query::{Request, parse};
    use crate::model::{RunId, RunKind, UserId};
    use crate::registers::LICENCE_NAME;
    use crate::registers::retours::RetourSource;

    fn retour(garden: &str, n: u32, title: &str, text: &str, tags: &[&str]) -> RetourRecord {
        RetourRecord {
            id: RunId::new(RunKind::Retour, n),
            garden: GardenId::new(garden),
            author: Some(UserId::new("@alice:test")),
            author_name: "alice".into(),
            anonymous: false,
            title: title.into(),
            text: text.into(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            at: Utc
                .with_ymd_and_hms(2026, 11, 1, 9, 0, 0)
                .single()
                .expect("date")
                + chrono::Duration::minutes(i64::from(n)),
            source_event: None,
            source: RetourSource::Command,
            licence: LICENCE_NAME.into(),
            shared: true,
            facets: Vec::new(),
            resource: None,
            improvement: None,
        }
    }

    fn query(text: &str) -> Query {
        match parse(text) {
            Ok(Request::Search { query, .. }) => query,
            other => panic!("{text}: {other:?}"),
        }
    }

    fn found(ix: &Index, viewer: &str, q: &str) -> (Vec<(String, u32)>, usize) {
        let (hits, total) = ix.search(&GardenId::new(viewer), &query(q), 10);
        let hits = hits
            .into_iter()
            .map(|h| (h.garden.as_str().to_owned(), h.n))
            .collect();
        (hits, total)
    }

    #[test]
    fn words_fold_accents_whether_composed_or_not_and_drop_short_and_stop_words() {
        assert_eq!(words("L’Équipe de soins"), vec!["equipe", "soins"]);
        // "é" written as "e" and a combining acute accent stays one word.
        assert_eq!(
            words("e\u{301}quipe tiers-lieu"),
            vec!["equipe", "tiers", "lieu"]
        );
    }

    #[test]
    fn a_search_ranks_by_words_and_filters_by_facets_and_visibility() {
        let mut ix = Index::new();
        ix.upsert(
            &retour(
                "!a:t",
                1,
                "Consentement à l'hôpital",
                "Le service a décidé.",
                &["hôpital"],
            ),
            true,
        );
        ix.upsert(
            &retour(
                "!b:t",
                1,
                "Réunion",
                "Nous avons essayé le consentement.",
                &["éducation"],
            ),
            true,
        );
        ix.upsert(
            &retour("!c:t", 1, "Consentement privé", "Entre nous.", &[]),
            false,
        );
        // The title counts half again: the hospital's retour comes first.
        assert_eq!(
            found(&ix, "!z:t", "consentements"),
            (vec![("!a:t".into(), 1), ("!b:t".into(), 1)], 2)
        );
        assert_eq!(
            found(&ix, "!z:t", "consentement #éducation").0,
            vec![("!b:t".into(), 1)]
        );
        assert_eq!(found(&ix, "!z:t", "#hopital").0, vec![("!a:t".into(), 1)]);
        // A garden's own retours that do not leave it are found in it only.
        assert_eq!(found(&ix, "!c:t", "privé").0, vec![("!c:t".into(), 1)]);
        assert_eq!(found(&ix, "!z:t", "privé"), (vec![], 0));
    }

    #[test]
    fn removed_and_replaced_retours_are_no_longer_found_even_after_renumbering() {
        let mut ix = Index::new();
        for n in 1..=3000 {
            ix.upsert(&retour("!a:t", n, "Cercle", "atelier", &[]), true);
        }
        ix.upsert(&retour("!a:t", 7, "Médiation", "conflit", &[]), true);
        assert_eq!(ix.len(), 3000);
        assert_eq!(found(&ix, "!a:t", "atelier").1, 2999);
        assert_eq!(found(&ix, "!a:t", "médiation").0, vec![("!a:t".into(), 7)]);
        for n in 1..=2000 {
            ix.remove(&GardenId::new("!a:t"), n);
        }
        assert_eq!(ix.len(), 1000);
        // 3,001 slots were taken (one retour replaced); they were renumbered once half
        // were empty.
        assert!(ix.docs.len() < 2000, "{} slots", ix.docs.len());
        assert_eq!(found(&ix, "!a:t", "médiation"), (vec![], 0));
        let (hits, total) = found(&ix, "!a:t", "atelier");
        assert_eq!(total, 1000);
        assert_eq!(hits[0], ("!a:t".into(), 3000), "the newest first");
        assert_eq!(ix.remove_garden(&GardenId::new("!a:t")), 1000);
        assert!(ix.is_empty());
        assert_eq!(found(&ix, "!a:t", "atelier"), (vec![], 0));
    }

    const WORDS: &[&str] = &["cercle", "rôle", "élection", "conflit", "écoute", "fiche"];
    const TAGS: &[&str] = &["hôpital", "éducation", "association", "jeu", "libre"];
    const GARDENS: &[&str] = &["!a:t", "!b:t", "!c:t"];

    fn random_retour() -> impl Strategy<Value = (usize, u32, Vec<usize>, Vec<usize>, bool)> {
        (
            0..GARDENS.len(),
            1u32..40,
            prop::collection::vec(0..WORDS.len(), 1..6),
            prop::collection::vec(0..TAGS.len(), 0..3),
            any::<bool>(),
        )
    }

    proptest! {
        /// Whatever was added, replaced and removed, a search finds what an index built
        /// afresh from the retours left finds.
        #[test]
        fn an_index_that_lived_answers_like_one_built_afresh(
            ops in prop::collection::vec((random_retour(), any::<bool>()), 1..300),
        ) {
            let mut lived = Index::new();
            let mut left: std::collections::BTreeMap<(usize, u32), (RetourRecord, bool)> =
                Default::default();
            for ((g, n, words, tags, public), remove) in ops {
                if remove {
                    lived.remove(&GardenId::new(GARDENS[g]), n);
                    left.remove(&(g, n));
                } else {
                    let text: Vec<&str> = words.iter().map(|&w| WORDS[w]).collect();
                    let tags: Vec<&str> = tags.iter().map(|&t| TAGS[t]).collect();
                    let r = retour(GARDENS[g], n, WORDS[words[0]], &text.join(" "), &tags);
                    lived.upsert(&r, public);
                    left.insert((g, n), (r, public));
                }
            }
            let mut fresh = Index::new();
            for (r, public) in left.values() {
                fresh.upsert(r, *public);
            }
            prop_assert_eq!(lived.len(), fresh.len());
            for q in ["cercle", "rôle écoute", "#hôpital", "fiche #éducation #association", "conflit élection"] {
                for viewer in GARDENS {
                    let (a, b) = (found(&lived, viewer, q), found(&fresh, viewer, q));
                    prop_assert_eq!(a.1, b.1, "{} seen from {}", q, viewer);
                    let set = |v: Vec<(String, u32)>| v.into_iter().collect::<std::collections::BTreeSet<_>>();
                    if a.1 <= 10 {
                        prop_assert_eq!(set(a.0), set(b.0), "{} seen from {}", q, viewer);
                    }
                }
            }
        }
    }
}
