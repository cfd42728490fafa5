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

/// A reaction key as the bot compares it: variation selectors (U+FE0E, U+FE0F) and skin
/// tone modifiers (U+1F3FB–U+1F3FF) removed, so ✋🏽 is ✋ and ✔️ is ✔.
pub fn fold_reaction(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(*c, '\u{FE0E}' | '\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{fold, fold_reaction};

    #[test]
    fn reactions_fold_skin_tones_and_variation_selectors() {
        assert_eq!(fold_reaction("✋🏽"), "✋");
        assert_eq!(fold_reaction("👍🏼"), "👍");
        assert_eq!(fold_reaction("✔️"), "✔");
        assert_eq!(fold_reaction("✅"), "✅");
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("MÉTÉO"), "meteo");
        assert_eq!(fold("Décision"), "decision");
        assert_eq!(fold("oublie-moi"), "oublie-moi");
        assert_eq!(fold("Où"), "ou");
    }
}
