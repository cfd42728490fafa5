//! Reading a météo answer: the weather emoji found anywhere in it, else a known weather
//! word (soleil, pluie, fog…), else nothing; and the answer shortened to a few words for
//! the summary when it names no weather.

use crate::text::fold;

/// Most words of an answer shown in the summary when it has no weather emoji.
const SHORT_WORDS: usize = 6;

/// Weather emoji as they should show (with the emoji variation selector where the
/// character alone shows as text), and the words that mean the same weather (folded:
/// lowercase, no accents), French and English.
const WEATHERS: &[(&str, &[&str])] = &[
    (
        "☀\u{FE0F}",
        &[
            "soleil",
            "ensoleille",
            "ensoleillee",
            "radieux",
            "radieuse",
            "sun",
            "sunny",
            "sunshine",
        ],
    ),
    ("🌞", &[]),
    ("🌤\u{FE0F}", &["eclaircie", "eclaircies", "bright"]),
    ("⛅", &["mitige", "mitigee", "variable", "partly"]),
    ("🌥\u{FE0F}", &[]),
    (
        "☁\u{FE0F}",
        &[
            "nuage",
            "nuages",
            "nuageux",
            "nuageuse",
            "couvert",
            "gris",
            "grisaille",
            "cloud",
            "clouds",
            "cloudy",
            "overcast",
            "grey",
            "gray",
        ],
    ),
    ("🌦\u{FE0F}", &["giboulee", "giboulees"]),
    (
        "🌧\u{FE0F}",
        &[
            "pluie",
            "pluies",
            "pluvieux",
            "pluvieuse",
            "averse",
            "averses",
            "crachin",
            "rain",
            "rainy",
            "showers",
            "drizzle",
        ],
    ),
    (
        "⛈\u{FE0F}",
        &[
            "orage",
            "orages",
            "orageux",
            "orageuse",
            "tempete",
            "storm",
            "stormy",
            "thunder",
            "thunderstorm",
        ],
    ),
    ("🌩\u{FE0F}", &["eclair", "eclairs", "lightning"]),
    (
        "🌫\u{FE0F}",
        &[
            "brouillard",
            "brume",
            "brumeux",
            "brumeuse",
            "fog",
            "foggy",
            "mist",
            "misty",
            "haze",
        ],
    ),
    (
        "❄\u{FE0F}",
        &[
            "neige", "neigeux", "gel", "givre", "snow", "snowy", "frost", "freezing",
        ],
    ),
    ("🌨\u{FE0F}", &[]),
    ("🌬\u{FE0F}", &["vent", "venteux", "wind", "windy"]),
    ("🌪\u{FE0F}", &["tornade", "tornado"]),
    ("🌈", &["arc-en-ciel", "rainbow"]),
    ("☔", &[]),
];

/// What an answer says of the weather.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The weather it names (an emoji), if any: what is counted.
    pub weather: Option<String>,
    /// What the summary shows for this member: the emoji as written, else the answer
    /// shortened to a few words.
    pub shown: String,
}

/// Reads one answer.
pub fn read(answer: &str) -> Reading {
    if let Some((emoji, written)) = find_emoji(answer) {
        return Reading {
            weather: Some(emoji.to_owned()),
            shown: written,
        };
    }
    let folded = fold(answer);
    let word = folded
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .find_map(|w| {
            WEATHERS
                .iter()
                .find(|(_, words)| words.contains(&w))
                .map(|(e, _)| *e)
        });
    Reading {
        weather: word.map(str::to_owned),
        shown: shorten(answer),
    }
}

/// The first weather emoji in `text`: how it is counted (the table's form) and as the
/// member wrote it.
fn find_emoji(text: &str) -> Option<(&'static str, String)> {
    for (i, _) in text.char_indices() {
        let rest = &text[i..];
        for (emoji, _) in WEATHERS {
            let base = emoji.trim_end_matches('\u{FE0F}');
            if let Some(after) = rest.strip_prefix(base) {
                let mut written = base.to_owned();
                if after.starts_with('\u{FE0F}') {
                    written.push('\u{FE0F}');
                }
                return Some((emoji, written));
            }
        }
    }
    None
}

/// The answer cut to its first few words, with "…" when something was cut.
pub fn shorten(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut s = words
        .iter()
        .take(SHORT_WORDS)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let mut cut = words.len() > SHORT_WORDS;
    if s.chars().count() > 60 {
        s = s.chars().take(60).collect();
        cut = true;
    }
    if cut {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_emoji_anywhere_is_the_weather() {
        let r = read("plutôt 🌧 aujourd'hui");
        assert_eq!(r.weather.as_deref(), Some("🌧\u{FE0F}"));
        assert_eq!(r.shown, "🌧");
        let r = read("☀️ en forme");
        assert_eq!(r.weather.as_deref(), Some("☀\u{FE0F}"));
        assert_eq!(r.shown, "☀\u{FE0F}");
        let r = read("☀ sans sélecteur");
        assert_eq!(r.weather.as_deref(), Some("☀\u{FE0F}"));
    }

    #[test]
    fn a_known_word_counts_and_the_answer_is_shown_short() {
        let r = read("Pluie fine ce matin");
        assert_eq!(r.weather.as_deref(), Some("🌧\u{FE0F}"));
        assert_eq!(r.shown, "Pluie fine ce matin");
        let r = read("rather sunny today");
        assert_eq!(r.weather.as_deref(), Some("☀\u{FE0F}"));
    }

    #[test]
    fn an_answer_without_weather_is_not_counted() {
        let r = read("Je suis très fatiguée après cette longue semaine de travail");
        assert_eq!(r.weather, None);
        assert_eq!(r.shown, "Je suis très fatiguée après cette…");
    }
}
