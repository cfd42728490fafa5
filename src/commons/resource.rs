//! The resource a retour used (schema.org `isBasedOn`): a web address, normalised so that
//! two retours naming the same page find each other, and the improvement the author
//! suggests for it.
//!
//! In a one-message `!retour` they are lines of their own — `Ressource : <url>` /
//! `Resource: <url>` and `Amélioration : …` / `Improvement: …` — the same lines a guided
//! retour writes, so both kinds read alike.

use std::sync::LazyLock;

use regex::Regex;

/// Longest address kept, in bytes.
pub const MAX_URL: usize = 500;

/// Longest improvement kept, in characters.
const MAX_IMPROVEMENT: usize = 500;

static RESOURCE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^[\s>*_-]*(?:ressource|resource|🔗)\s*:?\s*(\S+)").expect("valid regex")
});

static IMPROVEMENT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?im)^[\s>*_-]*(?:am[ée]lioration(?:s)?(?: sugg[ée]r[ée]e?s?)?|improvements?(?: suggested)?)\s*:\s*(.+)$",
    )
    .expect("valid regex")
});

/// A web address in its comparison form: `http` or `https` only, with a host; scheme and
/// host lowercased, the fragment and a trailing `/` dropped. None for anything else.
pub fn normalize(text: &str) -> Option<String> {
    let text = text
        .trim()
        .trim_matches(['<', '>', '(', ')', '"', '\'', ',', '.', ';']);
    if text.is_empty() || text.len() > MAX_URL {
        return None;
    }
    let mut url = reqwest::Url::parse(text).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return None;
    }
    url.set_fragment(None);
    let mut s = url.to_string();
    if url.query().is_none() && s.ends_with('/') {
        s.pop();
    }
    Some(s)
}

/// The resource named on a `Ressource :` line of a retour's text, when it is a web address.
pub fn resource_of(text: &str) -> Option<String> {
    RESOURCE_LINE
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .find_map(|m| normalize(m.as_str()))
}

/// The improvement suggested on an `Amélioration :` line.
pub fn improvement_of(text: &str) -> Option<String> {
    let m = IMPROVEMENT_LINE.captures(text)?.get(1)?;
    let s = m.as_str().trim();
    if s.is_empty() {
        return None;
    }
    Some(if s.chars().count() > MAX_IMPROVEMENT {
        let mut t: String = s.chars().take(MAX_IMPROVEMENT - 1).collect();
        t.push('…');
        t
    } else {
        s.to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_normalise() {
        assert_eq!(
            normalize("HTTPS://Example.ORG/fiches/consentement/#etape-2").as_deref(),
            Some("https://example.org/fiches/consentement")
        );
        assert_eq!(
            normalize("<https://example.org>").as_deref(),
            Some("https://example.org")
        );
        assert_eq!(normalize("ftp://example.org/x"), None);
        assert_eq!(normalize("la fiche du jardin"), None);
        assert_eq!(normalize("https://"), None);
        assert_eq!(
            normalize(&format!("https://x.org/{}", "a".repeat(600))),
            None
        );
    }

    #[test]
    fn lines_of_a_retour() {
        let text = "Titre\nRessource : https://wiki.example.org/Fiche_Consentement\n\
                    Amélioration suggérée : un exemple en milieu hospitalier";
        assert_eq!(
            resource_of(text).as_deref(),
            Some("https://wiki.example.org/Fiche_Consentement")
        );
        assert_eq!(
            improvement_of(text).as_deref(),
            Some("un exemple en milieu hospitalier")
        );
        assert_eq!(
            resource_of("Resource: https://a.org/b\nImprovement: shorter").as_deref(),
            Some("https://a.org/b")
        );
        assert_eq!(resource_of("Ressource : la fiche verte"), None);
        assert_eq!(resource_of("voir https://a.org/b"), None);
    }
}
