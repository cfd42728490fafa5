//! The commons' search index: every retour of every garden the bot serves, analysed once
//! (folded, French and English Snowball stems), held in memory and scanned per query.
//!
//! The store stays the source of truth: the index is rebuilt from it at start and follows
//! each batch the engine applies (a retour harvested, anonymised by `!oublie-moi`, deleted
//! after a redaction; a garden that stops sharing), so nothing forgotten can be found.
//!
//! Why a scan of pre-analysed documents and not a search library: measured with
//! `cargo bench --bench harvest` (100,000 retours across 1,000 gardens) it answers well
//! under the 20 ms target, with no extra dependency tree to compile on small machines; see
//! `docs/commons.md` for the figures.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use rust_stemmers::{Algorithm, Stemmer};

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
    fold(text)
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
    docs: Vec<Doc>,
    position: HashMap<(GardenId, u32), usize>,
    dictionary: HashMap<String, u32>,
    /// Documents holding each term, by term id.
    frequency: Vec<u32>,
    /// The term ids of each word met (its stems), so that a word is stemmed once: texts
    /// share most of their words, and stemming was most of a rebuild's time.
    word_terms: HashMap<String, Vec<u32>>,
    /// The term ids of each concept's labels and synonyms, by concept index.
    concept_terms: HashMap<u16, Vec<u32>>,
}

/// The ranking of a hit: score first, then the newest.
struct Ranked(f32, DateTime<Utc>, usize);

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

impl Index {
    /// An empty index.
    pub fn new() -> Self {
        Index::default()
    }

    /// How many retours it holds.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True when it holds none.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    fn term(&mut self, s: String) -> u32 {
        if let Some(&id) = self.dictionary.get(&s) {
            return id;
        }
        let id = self.frequency.len() as u32;
        self.frequency.push(0);
        self.dictionary.insert(s, id);
        id
    }

    fn terms_of(&mut self, text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        for w in words(text) {
            if let Some(ids) = self.word_terms.get(&w) {
                out.extend_from_slice(ids);
                continue;
            }
            let ids: Vec<u32> = stems(&w).into_iter().map(|s| self.term(s)).collect();
            out.extend_from_slice(&ids);
            self.word_terms.insert(w, ids);
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
        self.position
            .insert((r.garden.clone(), r.id.n), self.docs.len());
        self.docs.push(Doc {
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

    /// Drops a retour (absent: nothing to do).
    pub fn remove(&mut self, garden: &GardenId, n: u32) {
        let Some(i) = self.position.remove(&(garden.clone(), n)) else {
            return;
        };
        let doc = self.docs.swap_remove(i);
        for t in doc.terms {
            self.frequency[t as usize] = self.frequency[t as usize].saturating_sub(1);
        }
        if let Some(moved) = self.docs.get(i) {
            self.position.insert((moved.garden.clone(), moved.n), i);
        }
    }

    /// Drops every retour of a garden; returns how many.
    pub fn remove_garden(&mut self, garden: &GardenId) -> usize {
        let ns: Vec<u32> = self
            .docs
            .iter()
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

    /// The best `limit` retours for `q` that `viewer`'s garden may see (the shared ones of
    /// every garden, and its own), with how many match in all. Words rank by rarity
    /// (inverse document frequency), a word of the title counts half again; facets only
    /// filter. Without words, the newest matching retours come first.
    pub fn search(&self, viewer: &GardenId, q: &Query, limit: usize) -> (Vec<Hit>, usize) {
        let total_docs = self.docs.len().max(1) as f32;
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
        let mut heap: BinaryHeap<Ranked> = BinaryHeap::with_capacity(limit + 1);
        let mut total = 0;
        for (i, d) in self.docs.iter().enumerate() {
            if !Self::visible(d, viewer) {
                continue;
            }
            if !q.facets.iter().all(|any| {
                any.iter()
                    .any(|&c| d.facets.binary_search(&(c as u16)).is_ok())
            }) {
                continue;
            }
            let mut score = 0.0;
            for (ids, idf) in &words {
                if ids.iter().any(|t| d.terms.binary_search(t).is_ok()) {
                    score += idf;
                    if ids.iter().any(|t| d.title.binary_search(t).is_ok()) {
                        score += idf / 2.0;
                    }
                }
            }
            if !words.is_empty() && score == 0.0 {
                continue;
            }
            total += 1;
            heap.push(Ranked(score, d.at, i));
            if heap.len() > limit {
                heap.pop();
            }
        }
        let mut ranked = heap.into_vec();
        ranked.sort();
        let hits = ranked
            .into_iter()
            .map(|Ranked(score, at, i)| Hit {
                garden: self.docs[i].garden.clone(),
                n: self.docs[i].n,
                score,
                at,
            })
            .collect();
        (hits, total)
    }

    /// The retours `viewer` may see that used the resource `url` (normalised), newest
    /// first.
    pub fn uses(&self, viewer: &GardenId, url: &str) -> Vec<Hit> {
        let mut out: Vec<Hit> = self
            .docs
            .iter()
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

    /// How many public retours used each resource, all time.
    pub fn resource_counts(&self) -> HashMap<&str, usize> {
        let mut out: HashMap<&str, usize> = HashMap::new();
        for d in self.docs.iter().filter(|d| d.public) {
            if let Some(r) = &d.resource {
                *out.entry(r.as_str()).or_default() += 1;
            }
        }
        out
    }

    /// The public retours harvested in `[from, to)`, oldest first.
    pub fn public_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Harvested> {
        let mut found: Vec<&Doc> = self
            .docs
            .iter()
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
