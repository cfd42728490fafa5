//! The commons' shared vocabulary: a SKOS concept scheme shipped as data
//! (`vocab/communs.jsonld`, embedded in the binary) with three facets — the context, the
//! kind of resource, the kind of structure — and French and English labels and synonyms.
//!
//! A retour's `#tags` are matched to concepts after folding: case and accents, plurals
//! (`hôpitaux` → `hôpital`, `tiers-lieux` → `tiers-lieu`), word joiners (`-`, `_`, `·`,
//! spaces), in either language; a tag that names no concept stays a free keyword. A tag may
//! name concepts of two facets (`#collectivité` is a context and a kind of structure): it
//! then gives both, never two concepts of one facet (a test checks the scheme for that).

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::model::Lang;
use crate::text::fold;

/// The scheme as shipped, JSON-LD text (also written beside the export index).
pub const SCHEME_JSONLD: &str = include_str!("../../vocab/communs.jsonld");

/// The file name of the scheme beside the JSON-LD index of an export.
pub const SCHEME_FILE: &str = "communs.jsonld";

/// The three facets of the scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Facet {
    /// Where it happened: a hospital, a municipality, a school…
    Context,
    /// What kind of resource it is or used: a sheet, a facilitation plan…
    Resource,
    /// Who did it: a collective, an association, an SME…
    Structure,
}

impl Facet {
    /// Every facet, in display order.
    pub const ALL: [Facet; 3] = [Facet::Context, Facet::Resource, Facet::Structure];

    /// The notation of the facet's top concept in the scheme.
    pub fn notation(self) -> &'static str {
        match self {
            Facet::Context => "contexte",
            Facet::Resource => "ressource",
            Facet::Structure => "structure",
        }
    }

    /// The Fluent id naming the facet.
    pub fn label_id(self) -> &'static str {
        match self {
            Facet::Context => "commons-facet-context",
            Facet::Resource => "commons-facet-resource",
            Facet::Structure => "commons-facet-structure",
        }
    }
}

/// One concept of a facet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concept {
    /// Its IRI in the scheme (`urn:tuteur:communs:contexte:hopital`).
    pub iri: String,
    /// Its notation, unique within its facet (`hopital`).
    pub notation: String,
    /// Its facet.
    pub facet: Facet,
    /// French preferred label.
    pub label_fr: String,
    /// English preferred label.
    pub label_en: String,
    /// Synonyms, both languages.
    pub synonyms: Vec<String>,
    /// The broader concept inside the same facet (a staffed association is an
    /// association), as an index into [`Scheme::concepts`].
    pub broader: Option<usize>,
}

impl Concept {
    /// The preferred label in a language.
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.label_fr,
            Lang::En => &self.label_en,
        }
    }

    /// The stable key stored in retours: `contexte:hopital`.
    pub fn key(&self) -> String {
        format!("{}:{}", self.facet.notation(), self.notation)
    }
}

/// The scheme, read once from [`SCHEME_JSONLD`].
#[derive(Debug)]
pub struct Scheme {
    /// The scheme's IRI (`inDefinedTermSet` of exported terms).
    pub iri: String,
    /// Every concept below the three facets.
    pub concepts: Vec<Concept>,
    by_label: HashMap<String, Vec<usize>>,
    by_key: HashMap<String, usize>,
}

/// Why the shipped scheme cannot be read (a broken file fails the tests, not a room).
#[derive(Debug, thiserror::Error)]
pub enum SchemeError {
    /// Not the JSON expected.
    #[error("vocab/communs.jsonld: {0}")]
    Json(#[from] serde_json::Error),
    /// A concept is not under a known facet, or its broader concept is missing.
    #[error("vocab/communs.jsonld: concept {0}: {1}")]
    Concept(String, &'static str),
}

#[derive(Deserialize)]
struct Document {
    #[serde(rename = "@graph")]
    graph: Vec<Node>,
}

#[derive(Deserialize)]
struct Node {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    notation: Option<String>,
    #[serde(default, rename = "prefLabel")]
    pref_label: HashMap<String, String>,
    #[serde(default, rename = "altLabel")]
    alt_label: HashMap<String, Vec<String>>,
    #[serde(default)]
    broader: Option<String>,
}

static SCHEME: LazyLock<Scheme> =
    LazyLock::new(|| Scheme::parse(SCHEME_JSONLD).expect("the shipped scheme is valid (tested)"));

/// The shipped scheme.
pub fn scheme() -> &'static Scheme {
    &SCHEME
}

impl Scheme {
    /// Reads a scheme in the shape of `vocab/communs.jsonld`.
    pub fn parse(text: &str) -> Result<Scheme, SchemeError> {
        let doc: Document = serde_json::from_str(text)?;
        let mut iri = String::new();
        let mut facets: HashMap<String, Facet> = HashMap::new();
        for n in &doc.graph {
            if n.kind == "skos:ConceptScheme" {
                iri.clone_from(&n.id);
            }
            if let Some(f) = Facet::ALL
                .into_iter()
                .find(|f| n.notation.as_deref() == Some(f.notation()) && n.broader.is_none())
            {
                facets.insert(n.id.clone(), f);
            }
        }
        let nodes: Vec<&Node> = doc
            .graph
            .iter()
            .filter(|n| n.kind == "skos:Concept" && !facets.contains_key(&n.id))
            .collect();
        let position: HashMap<&str, usize> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect();
        let mut concepts = Vec::with_capacity(nodes.len());
        for n in &nodes {
            let bad = |why| SchemeError::Concept(n.id.clone(), why);
            // Bounded by the number of concepts: a cycle is reported, not followed forever.
            let mut up = n.broader.as_deref();
            let mut facet = None;
            for _ in 0..=nodes.len() {
                match up {
                    Some(b) if facets.contains_key(b) => {
                        facet = facets.get(b).copied();
                        break;
                    }
                    Some(b) => up = position.get(b).and_then(|&i| nodes[i].broader.as_deref()),
                    None => break,
                }
            }
            let facet = facet.ok_or_else(|| bad("not under one of the three facets"))?;
            let broader = match n.broader.as_deref() {
                Some(b) if !facets.contains_key(b) => Some(
                    *position
                        .get(b)
                        .ok_or_else(|| bad("unknown broader concept"))?,
                ),
                _ => None,
            };
            let label = |lang: &str| n.pref_label.get(lang).cloned().unwrap_or_default();
            concepts.push(Concept {
                iri: n.id.clone(),
                notation: n.notation.clone().ok_or_else(|| bad("no notation"))?,
                facet,
                label_fr: label("fr"),
                label_en: label("en"),
                synonyms: n.alt_label.values().flatten().cloned().collect(),
                broader,
            });
        }
        let mut by_label: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_key = HashMap::new();
        for (i, c) in concepts.iter().enumerate() {
            by_key.insert(c.key(), i);
            let names = [&c.notation, &c.label_fr, &c.label_en]
                .into_iter()
                .chain(c.synonyms.iter());
            for name in names {
                for k in tag_keys(name) {
                    let entry = by_label.entry(k).or_default();
                    if !entry.contains(&i) {
                        entry.push(i);
                    }
                }
            }
        }
        Ok(Scheme {
            iri,
            concepts,
            by_label,
            by_key,
        })
    }

    /// The concepts a tag names (none for a free keyword), at most one per facet.
    pub fn match_tag(&self, tag: &str) -> Vec<&Concept> {
        let mut hits: Vec<usize> = Vec::new();
        for key in tag_keys(tag) {
            for &i in self.by_label.get(&key).into_iter().flatten() {
                if !hits.contains(&i) {
                    hits.push(i);
                }
            }
        }
        hits.sort_unstable();
        hits.into_iter().map(|i| &self.concepts[i]).collect()
    }

    /// The position of a concept in [`Scheme::concepts`].
    pub fn index_of(&self, c: &Concept) -> Option<usize> {
        self.by_key.get(&c.key()).copied()
    }

    /// The concept stored under `contexte:hopital`.
    pub fn by_key(&self, key: &str) -> Option<&Concept> {
        self.by_key.get(key).map(|&i| &self.concepts[i])
    }

    /// The concept and every broader one, up to its facet (bounded by the scheme's size).
    pub fn with_broader<'s>(&'s self, c: &'s Concept) -> Vec<&'s Concept> {
        let mut out = vec![c];
        let mut up = c.broader;
        while let Some(i) = up {
            if out.len() > self.concepts.len() {
                break;
            }
            out.push(&self.concepts[i]);
            up = self.concepts[i].broader;
        }
        out
    }

    /// The facets of a set of tags, as concept keys in scheme order, deduplicated.
    pub fn facets_of(&self, tags: &[String]) -> Vec<String> {
        let mut hits: Vec<usize> = Vec::new();
        for t in tags {
            for c in self.match_tag(t) {
                if let Some(i) = self.concepts.iter().position(|x| x.iri == c.iri)
                    && !hits.contains(&i)
                {
                    hits.push(i);
                }
            }
        }
        hits.sort_unstable();
        hits.into_iter().map(|i| self.concepts[i].key()).collect()
    }

    /// The tags that name no concept: the free keywords.
    pub fn free_keywords<'t>(&self, tags: &'t [String]) -> Vec<&'t str> {
        tags.iter()
            .filter(|t| self.match_tag(t).is_empty())
            .map(String::as_str)
            .collect()
    }
}

/// A tag or a label in its comparison forms: folded (case, accents), inclusive-writing
/// dots and apostrophes dropped, words split at `-`, `_` and spaces, made singular, then
/// joined. Two forms, since a compound's plural may sit on every word
/// (`associations-employeuses`) or on the last one only, and people glue words together
/// (`#TiersLieu`): every word singular (`tiers-lieux` → `tierlieu`), and the last only
/// (`tierslieu`). `#Hôpitaux` → `hopital`, `artisan·ne·s` → `artisanne`.
pub fn tag_keys(s: &str) -> [String; 2] {
    let folded = fold(s.trim().trim_start_matches('#'));
    let words: Vec<String> = folded
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let mut every = String::with_capacity(folded.len());
    let mut last = String::with_capacity(folded.len());
    for (i, w) in words.iter().enumerate() {
        every.push_str(&singular(w));
        if i + 1 == words.len() {
            last.push_str(&singular(w));
        } else {
            last.push_str(w);
        }
    }
    [every, last]
}

/// French and English plurals, the regular ones: `-aux` → `-al`, then a final `s` or `x`.
/// Short words are left alone (`pme`, `ong`, `bus`).
fn singular(w: &str) -> String {
    let n = w.chars().count();
    if n > 4
        && let Some(stem) = w.strip_suffix("aux")
    {
        return format!("{stem}al");
    }
    if n > 3
        && let Some(stem) = w.strip_suffix(['s', 'x'])
    {
        return stem.to_owned();
    }
    w.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_scheme_reads_and_every_concept_has_both_labels() {
        let s = Scheme::parse(SCHEME_JSONLD).expect("valid scheme");
        assert_eq!(s.iri, "urn:tuteur:communs");
        assert!(s.concepts.len() >= 20, "{} concepts", s.concepts.len());
        for f in Facet::ALL {
            assert!(s.concepts.iter().filter(|c| c.facet == f).count() >= 5);
        }
        for c in &s.concepts {
            assert!(
                !c.label_fr.trim().is_empty(),
                "{} has no French label",
                c.iri
            );
            assert!(
                !c.label_en.trim().is_empty(),
                "{} has no English label",
                c.iri
            );
            assert!(c.iri.starts_with(&s.iri), "{} outside the scheme", c.iri);
        }
    }

    #[test]
    fn no_label_names_two_concepts_of_one_facet() {
        let s = scheme();
        for (key, hits) in &s.by_label {
            for f in Facet::ALL {
                let n = hits.iter().filter(|&&i| s.concepts[i].facet == f).count();
                assert!(n <= 1, "{key:?} names {n} concepts of {f:?}");
            }
        }
    }

    #[test]
    fn tags_fold_accents_case_plurals_synonyms_and_languages() {
        let s = scheme();
        let keys = |t: &str| -> Vec<String> { s.match_tag(t).iter().map(|c| c.key()).collect() };
        for t in [
            "#hopital",
            "#hôpitaux",
            "#Hospital",
            "HOSPITALS",
            "#clinique",
            "#santé",
        ] {
            assert_eq!(keys(t), vec!["contexte:hopital"], "{t}");
        }
        for t in ["#tiers-lieux", "#tiers_lieu", "#TiersLieu", "third-places"] {
            assert_eq!(keys(t), vec!["contexte:tiers-lieu"], "{t}");
        }
        assert_eq!(keys("#écolieux"), vec!["contexte:ecolieu"]);
        assert_eq!(keys("#Fiches"), vec!["ressource:fiche"]);
        assert_eq!(keys("#ONGs"), vec!["structure:ong"]);
        assert_eq!(keys("#artisan·ne·s"), vec!["contexte:artisanat"]);
        assert_eq!(
            keys("#associations-employeuses"),
            vec!["structure:association-employeuse"]
        );
        assert_eq!(
            keys("#déroulé-d-animation"),
            vec!["ressource:deroule-animation"]
        );
        assert_eq!(keys("#déroulé"), vec!["ressource:deroule-animation"]);
        let mut both = keys("#collectivités");
        both.sort();
        assert_eq!(
            both,
            vec!["contexte:municipalite", "structure:collectivite"]
        );
        assert!(keys("#gouvernance").is_empty(), "a free keyword");
        assert!(keys("#contexte").is_empty(), "facets are not tags");
        let tags: Vec<String> = ["hôpitaux", "gouvernance", "fiche"]
            .map(String::from)
            .into();
        assert_eq!(
            s.facets_of(&tags),
            vec!["contexte:hopital", "ressource:fiche"]
        );
        assert_eq!(s.free_keywords(&tags), vec!["gouvernance"]);
    }

    #[test]
    fn narrower_concepts_reach_their_broader_one() {
        let s = scheme();
        let c = s
            .by_key("structure:association-employeuse")
            .expect("concept");
        let up: Vec<String> = s.with_broader(c).iter().map(|c| c.key()).collect();
        assert_eq!(
            up,
            vec!["structure:association-employeuse", "structure:association"]
        );
    }
}
