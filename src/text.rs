//! Text folding shared by command parsing and name matching.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lowercases and strips accents, so `!MÉTÉO`, `!météo` and `!meteo` compare equal.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("MÉTÉO"), "meteo");
        assert_eq!(fold("Décision"), "decision");
        assert_eq!(fold("oublie-moi"), "oublie-moi");
        assert_eq!(fold("Où"), "ou");
    }
}
