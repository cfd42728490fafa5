//! Reading `!communs <mots et #facettes>` and `!communs ressource <url>`: words to rank by,
//! `#facets` to filter by (each must name a concept of the scheme), and the bad inputs
//! refused with a clear answer — an empty search, one too long, an unknown facet, a
//! resource that is not a web address.

use super::index::{Query, words};
use super::resource;
use super::vocab::scheme;
use crate::text::fold;

/// Longest search read, in characters: beyond, it is not a search but a paste.
pub const MAX_SEARCH: usize = 300;

/// Most words and facets used from one search.
const MAX_TERMS: usize = 12;

/// What `!communs` asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Search the commons.
    Search {
        /// The query.
        query: Query,
        /// The facets as the concepts' keys (to show what was filtered on).
        facets: Vec<String>,
    },
    /// The uses of a resource, by its normalised address.
    Resource(String),
}

/// Why a `!communs` is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    /// Nothing to search for.
    Empty,
    /// Longer than [`MAX_SEARCH`] characters (how many).
    TooLong(usize),
    /// A `#tag` that names no concept (as typed, shortened).
    UnknownFacet(String),
    /// `ressource` without an address.
    MissingUrl,
    /// `ressource` with something that is not a web address (shortened).
    NotUrl(String),
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 40 {
        let mut t: String = s.chars().take(39).collect();
        t.push('…');
        t
    } else {
        s.to_owned()
    }
}

/// Reads the arguments of `!communs`.
pub fn parse(args: &str) -> Result<Request, QueryError> {
    let args = args.trim();
    let count = args.chars().take(MAX_SEARCH + 1).count();
    if count > MAX_SEARCH {
        return Err(QueryError::TooLong(args.chars().count()));
    }
    if args.is_empty() {
        return Err(QueryError::Empty);
    }
    let (first, rest) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
    if matches!(
        fold(first).as_str(),
        "ressource" | "resource" | "ressources" | "resources" | "usages" | "uses"
    ) {
        let url = rest.trim();
        if url.is_empty() {
            return Err(QueryError::MissingUrl);
        }
        return resource::normalize(url)
            .map(Request::Resource)
            .ok_or_else(|| QueryError::NotUrl(shorten(url)));
    }
    let s = scheme();
    let mut query = Query::default();
    let mut keys = Vec::new();
    let mut text = String::new();
    for token in args.split_whitespace().take(MAX_TERMS) {
        if let Some(tag) = token.strip_prefix('#') {
            let tag = tag.trim_end_matches([',', ';', '.', '!', '?']);
            if tag.is_empty() {
                continue;
            }
            let concepts = s.match_tag(tag);
            if concepts.is_empty() {
                return Err(QueryError::UnknownFacet(shorten(token)));
            }
            let mut any = Vec::new();
            for c in concepts {
                if let Some(i) = s.concepts.iter().position(|x| x.iri == c.iri) {
                    any.push(i);
                }
                keys.push(c.key());
            }
            query.facets.push(any);
        } else {
            text.push_str(token);
            text.push(' ');
        }
    }
    query.words = words(&text);
    query.words.dedup();
    if query.words.is_empty() && query.facets.is_empty() {
        return Err(QueryError::Empty);
    }
    Ok(Request::Search {
        query,
        facets: keys,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_facets() {
        let Ok(Request::Search { query, facets }) = parse("consentement en équipe #hôpitaux")
        else {
            panic!("a search");
        };
        assert_eq!(query.words, vec!["consentement", "equipe"]);
        assert_eq!(facets, vec!["contexte:hopital"]);
        assert_eq!(query.facets.len(), 1);
        assert!(matches!(
            parse("#Hospital #fiche"),
            Ok(Request::Search { .. })
        ));
    }

    #[test]
    fn bad_searches() {
        assert_eq!(parse("   "), Err(QueryError::Empty));
        assert_eq!(parse("le la les"), Err(QueryError::Empty));
        assert_eq!(
            parse("consentement #licorne"),
            Err(QueryError::UnknownFacet("#licorne".into()))
        );
        let long = "mot ".repeat(2560);
        assert_eq!(
            parse(&long),
            Err(QueryError::TooLong(long.trim().chars().count()))
        );
        assert_eq!(parse("ressource"), Err(QueryError::MissingUrl));
        assert_eq!(
            parse("ressource la fiche verte"),
            Err(QueryError::NotUrl("la fiche verte".into()))
        );
        assert_eq!(
            parse("resource https://Example.org/fiche#x"),
            Ok(Request::Resource("https://example.org/fiche".into()))
        );
    }
}
