//! The shape of a ritual file, read from its raw TOML tree before serde sees it: every
//! unknown key, unknown step kind, family or language, missing key and wrong type at once,
//! each at its position with the keys that exist (serde would stop at the first one).

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::model::Msg;

/// Top-level keys of a ritual file.
pub const RITUAL_KEYS: [&str; 5] = ["name", "aliases", "family", "title", "steps"];
/// Keys every ritual has.
const RITUAL_REQUIRED: [&str; 4] = ["name", "family", "title", "steps"];
/// Keys of a `[[steps]]` table.
pub const STEP_KEYS: [&str; 17] = [
    "id",
    "kind",
    "message",
    "label",
    "reminder",
    "deadline",
    "shuffle",
    "newcomers_not_first",
    "strict_order",
    "revote",
    "who",
    "last",
    "on_objection",
    "ask_objectors",
    "next",
    "summary",
    "questions_only",
];
/// Keys every step has.
const STEP_REQUIRED: [&str; 3] = ["id", "kind", "message"];
/// Keys holding words: a message id, or a table of texts per language.
const TEXT_KEYS: [&str; 4] = ["title", "message", "label", "reminder"];
/// Keys holding `true` or `false`.
const BOOL_KEYS: [&str; 6] = [
    "shuffle",
    "newcomers_not_first",
    "strict_order",
    "revote",
    "ask_objectors",
    "questions_only",
];
/// Keys holding a plain string.
const STRING_KEYS: [&str; 4] = ["name", "id", "deadline", "next"];
/// The languages a text may be written in.
const LANGS: [&str; 2] = ["fr", "en"];

/// Keys holding one word of a closed list, with the list.
const CHOICES: [(&str, &[&str]); 5] = [
    (
        "kind",
        &[
            "announce", "round", "open", "answer", "consent", "nominate", "reveal", "propose",
            "record",
        ],
    ),
    ("family", &["meteo", "decision", "election", "custom"]),
    ("who", &["proposer", "nominee"]),
    ("last", &["proposer", "nominee"]),
    ("summary", &["weather", "speakers"]),
];

/// Every problem of shape in `doc`, each with the span it is about.
pub fn problems(doc: &Spanned<DeTable<'_>>) -> Vec<(Range<usize>, Msg)> {
    let mut found = Vec::new();
    let top = doc.get_ref();
    table(top, &RITUAL_KEYS, "rituals-unknown-key", &mut found);
    for key in RITUAL_REQUIRED {
        if !top.contains_key(key) {
            found.push((
                0..0,
                Msg::new("rituals-missing-key")
                    .text("key", key)
                    .text("where", "ritual"),
            ));
        }
    }
    for (k, v) in top.iter() {
        value(k.get_ref(), v, &mut found);
    }
    if let Some(steps) = top.get("steps") {
        match steps.get_ref() {
            DeValue::Array(list) => {
                for (i, step) in list.iter().enumerate() {
                    match step.get_ref() {
                        DeValue::Table(t) => step_table(i, step.span(), t, &mut found),
                        _ => found.push((step.span(), Msg::new("rituals-step-not-table"))),
                    }
                }
            }
            _ => found.push((steps.span(), Msg::new("rituals-step-not-table"))),
        }
    }
    if let Some(aliases) = top.get("aliases") {
        let ok = match aliases.get_ref() {
            DeValue::Array(list) => list
                .iter()
                .all(|a| matches!(a.get_ref(), DeValue::String(_))),
            _ => false,
        };
        if !ok {
            found.push((aliases.span(), Msg::new("rituals-aliases-type")));
        }
    }
    found.sort_by_key(|(span, _)| span.start);
    found
}

/// The problems a file may have and still be read further once the entry at fault is left
/// out: an unknown key, or an optional option of the wrong type or value.
pub const SKIPPABLE: [&str; 6] = [
    "rituals-aliases-type",
    "rituals-unknown-key",
    "rituals-unknown-step-key",
    "rituals-bool-type",
    "rituals-string-type",
    "rituals-unknown-choice",
];

/// Keys a ritual or a step may leave out: when one is wrong, it can be left out to read on.
const OPTIONAL: [&str; 13] = [
    "aliases",
    "deadline",
    "shuffle",
    "newcomers_not_first",
    "strict_order",
    "revote",
    "who",
    "last",
    "on_objection",
    "ask_objectors",
    "next",
    "summary",
    "questions_only",
];

/// Where each entry at fault sits with its value (`shufle = true`, `shuffle = "oui"`): an
/// unknown key with a plain value (not a table or a list), or an optional key whose value
/// is of the wrong type or not one of its words. Blanking those leaves a file whose other
/// problems can still be read, at the same lines and columns; each of them is one problem
/// of [`problems`], one of [`SKIPPABLE`].
pub fn skippable_entries(doc: &Spanned<DeTable<'_>>) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let top = doc.get_ref();
    entries(top, &RITUAL_KEYS, &mut found);
    if let Some(steps) = top.get("steps")
        && let DeValue::Array(list) = steps.get_ref()
    {
        for step in list {
            if let DeValue::Table(t) = step.get_ref() {
                entries(t, &STEP_KEYS, &mut found);
            }
        }
    }
    found
}

fn entries(t: &DeTable<'_>, known: &[&str], found: &mut Vec<Range<usize>>) {
    for (k, v) in t.iter() {
        let key = k.get_ref().as_ref();
        let plain = matches!(
            v.get_ref(),
            DeValue::String(_)
                | DeValue::Integer(_)
                | DeValue::Float(_)
                | DeValue::Boolean(_)
                | DeValue::Datetime(_)
        );
        let skip = if !known.contains(&key) {
            plain
        } else if OPTIONAL.contains(&key) {
            let mut one = Vec::new();
            value(key, v, &mut one);
            // `aliases` is checked apart from the other values.
            let bad_aliases = key == "aliases"
                && !matches!(v.get_ref(), DeValue::Array(list)
                    if list.iter().all(|a| matches!(a.get_ref(), DeValue::String(_))));
            !one.is_empty() || bad_aliases
        } else {
            false
        };
        if skip {
            found.push(k.span().start..v.span().end);
        }
    }
}

fn step_table(
    index: usize,
    span: Range<usize>,
    t: &DeTable<'_>,
    found: &mut Vec<(Range<usize>, Msg)>,
) {
    table(t, &STEP_KEYS, "rituals-unknown-step-key", found);
    for key in STEP_REQUIRED {
        if !t.contains_key(key) {
            found.push((
                span.clone(),
                Msg::new("rituals-missing-key")
                    .text("key", key)
                    .text("where", "step")
                    .num("step", index as i64 + 1),
            ));
        }
    }
    for (k, v) in t.iter() {
        value(k.get_ref(), v, found);
    }
}

/// Unknown keys of a table, with the nearest known one.
fn table(t: &DeTable<'_>, known: &[&str], id: &str, found: &mut Vec<(Range<usize>, Msg)>) {
    for (k, _) in t.iter() {
        let key = k.get_ref().as_ref();
        if !known.contains(&key) {
            found.push((
                k.span(),
                Msg::new(id)
                    .text("key", key)
                    .text("suggestion", nearest(key, known).unwrap_or("none"))
                    .text("known", known.join(", ")),
            ));
        }
    }
}

/// The type and the value of one known key.
fn value(key: &str, v: &Spanned<DeValue<'_>>, found: &mut Vec<(Range<usize>, Msg)>) {
    let span = v.span();
    if TEXT_KEYS.contains(&key) {
        match v.get_ref() {
            DeValue::String(_) => {}
            DeValue::Table(langs) => {
                for (lang, text) in langs.iter() {
                    if !LANGS.contains(&lang.get_ref().as_ref()) {
                        found.push((
                            lang.span(),
                            Msg::new("rituals-unknown-lang")
                                .text("key", key)
                                .text("lang", lang.get_ref().as_ref()),
                        ));
                    } else if !matches!(text.get_ref(), DeValue::String(_)) {
                        found.push((text.span(), Msg::new("rituals-text-type").text("key", key)));
                    }
                }
            }
            _ => found.push((span, Msg::new("rituals-text-type").text("key", key))),
        }
    } else if BOOL_KEYS.contains(&key) {
        if !matches!(v.get_ref(), DeValue::Boolean(_)) {
            found.push((span, Msg::new("rituals-bool-type").text("key", key)));
        }
    } else if let Some((_, choices)) = CHOICES.iter().find(|(k, _)| *k == key) {
        match v.get_ref() {
            DeValue::String(s) if choices.contains(&s.as_ref()) => {}
            DeValue::String(s) => found.push((
                span,
                Msg::new("rituals-unknown-choice")
                    .text("key", key)
                    .text("value", s.as_ref())
                    .text("suggestion", nearest(s, choices).unwrap_or("none"))
                    .text("known", choices.join(", ")),
            )),
            _ => found.push((
                span,
                Msg::new("rituals-unknown-choice")
                    .text("key", key)
                    .text("value", "?")
                    .text("suggestion", "none")
                    .text("known", choices.join(", ")),
            )),
        }
    } else if (STRING_KEYS.contains(&key) || key == "on_objection")
        && !matches!(v.get_ref(), DeValue::String(_))
    {
        found.push((span, Msg::new("rituals-string-type").text("key", key)));
    }
}

/// The known word closest to a mistyped one, when it is close enough to be meant.
fn nearest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(word, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(src: &str) -> Vec<String> {
        let doc = DeTable::parse(src).expect("toml");
        problems(&doc).into_iter().map(|(_, m)| m.id).collect()
    }

    #[test]
    fn every_problem_at_once() {
        let src = r#"
name = "x"
famly = "custom"
title = { fr = "X", de = "X" }
[[steps]]
id = "a"
kind = "rond"
mesage = "m"
shuffle = "yes"
"#;
        assert_eq!(
            ids(src),
            [
                // A missing key is said at the top of the file.
                "rituals-missing-key",
                "rituals-unknown-key",
                "rituals-unknown-lang",
                "rituals-missing-key",
                "rituals-unknown-choice",
                "rituals-unknown-step-key",
                "rituals-bool-type",
            ]
        );
        assert_eq!(nearest("mesage", &STEP_KEYS), Some("message"));
        assert_eq!(nearest("zzzzzz", &STEP_KEYS), None);
    }
}
