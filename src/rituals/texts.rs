//! Checking the words of a ritual: every message id exists in every locale, every text of
//! its own is valid Fluent in each language it is written in (and a language left out is
//! said), and every placeholder a text or a reused message uses is one the step's kind
//! gives (`steps::Behaviour::placeholders`, `voice::base_args`). A reused built-in message
//! that needs `{ $proposer }` in a ritual without a proposer would show `{$proposer}` in a
//! room: it is refused here.

use std::collections::BTreeSet;
use std::ops::Range;

use toml::Spanned;

use super::definition::{Family, RitualDef, StepDef, TextDef};
use super::diagnostic::Severity;
use super::steps::behaviour;
use super::voice::base_args;
use crate::model::{Lang, Msg};
use crate::own_text::{self, MAX_TEXT_BYTES};

/// Every locale a ritual's message ids must exist in: a gap would show the raw id in a room.
const LOCALES: [Lang; 2] = [Lang::Fr, Lang::En];

/// People among the arguments: a text may use `{ $x_elision }` for them (`d'alice`).
const PEOPLE: [&str; 3] = ["proposer", "nominee", "first"];

/// What a text of a ritual is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The title, or a step's label: shown inside other messages, without arguments.
    Label,
    /// A step's message.
    Message,
    /// A step's deadline reminder.
    Reminder,
}

/// One problem with a text: where, how serious, what.
pub type Found = (Range<usize>, Severity, Msg);

/// Every problem with the words of `def`.
pub fn check(def: &RitualDef) -> Vec<Found> {
    let family = def.family();
    let mut found = Vec::new();
    text(&def.title, "title", Role::Label, family, None, &mut found);
    for step in &def.steps {
        text(
            &step.message,
            "message",
            Role::Message,
            family,
            Some(step),
            &mut found,
        );
        if let Some(l) = &step.label {
            text(l, "label", Role::Label, family, Some(step), &mut found);
        }
        if let Some(r) = &step.reminder {
            text(
                r,
                "reminder",
                Role::Reminder,
                family,
                Some(step),
                &mut found,
            );
        }
    }
    found
}

/// The placeholders a text in this role may use.
fn provided(role: Role, family: Family, step: Option<&StepDef>) -> BTreeSet<&'static str> {
    let mut args: BTreeSet<&'static str> = BTreeSet::new();
    if role == Role::Label {
        return args;
    }
    args.extend(base_args(family));
    if let Some(step) = step {
        match role {
            Role::Message => {
                args.extend(behaviour(step.kind()).placeholders(family));
                if step.deadline.is_some() {
                    args.insert("deadline");
                }
            }
            Role::Reminder => args.extend(["waiting", "count", "then", "deadline"]),
            Role::Label => {}
        }
    }
    args
}

/// Whether `name` is given to a text that receives `args`.
fn is_given(name: &str, args: &BTreeSet<&str>) -> bool {
    args.contains(name)
        || name
            .strip_suffix("_elision")
            .is_some_and(|p| PEOPLE.contains(&p) && args.contains(p))
}

/// The given placeholders as a member reads them in the diagnostic.
fn shown(args: &BTreeSet<&str>) -> String {
    if args.is_empty() {
        return "none".to_owned();
    }
    args.iter()
        .map(|a| format!("${a}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn text(
    t: &Spanned<TextDef>,
    key: &str,
    role: Role,
    family: Family,
    step: Option<&StepDef>,
    found: &mut Vec<Found>,
) {
    let args = provided(role, family, step);
    let kind = step.map_or("ritual", |s| s.kind().name());
    match t.get_ref() {
        TextDef::Id(id) => {
            if id.trim().is_empty() {
                found.push((
                    t.span(),
                    Severity::Error,
                    Msg::new("rituals-text-empty-id").text("key", key),
                ));
                return;
            }
            let missing: Vec<&str> = LOCALES
                .iter()
                .filter(|l| !crate::i18n::has_message(**l, id))
                .map(|l| l.tag())
                .collect();
            if !missing.is_empty() {
                found.push((
                    t.span(),
                    Severity::Error,
                    Msg::new("rituals-id-missing")
                        .text("key", key)
                        .text("id", id.clone())
                        .text("langs", missing.join(", "))
                        .num("lang_count", missing.len() as i64),
                ));
                return;
            }
            let mut used = BTreeSet::new();
            for lang in LOCALES {
                used.extend(crate::i18n::variables(lang, id).unwrap_or_default());
            }
            for name in used.iter().filter(|n| !is_given(n, &args)) {
                found.push((
                    t.span(),
                    Severity::Error,
                    Msg::new("rituals-id-placeholder")
                        .text("key", key)
                        .text("id", id.clone())
                        .text("name", name.clone())
                        .text("kind", kind)
                        .text("given", shown(&args)),
                ));
            }
        }
        TextDef::Own { fr, en } => {
            let langs = [(Lang::Fr, fr), (Lang::En, en)];
            if langs.iter().all(|(_, t)| t.is_none()) {
                found.push((
                    t.span(),
                    Severity::Error,
                    Msg::new("rituals-text-no-lang").text("key", key),
                ));
                return;
            }
            for (lang, written) in langs {
                let Some(written) = written else {
                    let other = if lang == Lang::Fr { "en" } else { "fr" };
                    found.push((
                        t.span(),
                        Severity::Warning,
                        Msg::new("rituals-text-lang-missing")
                            .text("key", key)
                            .text("lang", lang.tag())
                            .text("other", other),
                    ));
                    continue;
                };
                own(written, key, lang, kind, &args, found);
            }
        }
    }
}

fn own(
    written: &Spanned<String>,
    key: &str,
    lang: Lang,
    kind: &str,
    args: &BTreeSet<&str>,
    found: &mut Vec<Found>,
) {
    let span = written.span();
    let source = written.get_ref();
    let at = |m: Msg| {
        (
            span.clone(),
            Severity::Error,
            m.text("key", key).text("lang", lang.tag()),
        )
    };
    if source.trim().is_empty() {
        found.push(at(Msg::new("rituals-text-empty")));
        return;
    }
    if source.len() > MAX_TEXT_BYTES {
        found.push(at(Msg::new("rituals-text-too-long")
            .num("size", source.len() as i64)
            .num("max", MAX_TEXT_BYTES as i64)));
        return;
    }
    let reading = own_text::read(source);
    for (line, detail) in reading.errors {
        found.push(at(Msg::new("rituals-text-syntax")
            .num("line", line as i64)
            .text("detail", detail)));
    }
    for r in reading.references {
        found.push(at(Msg::new("rituals-text-reference").text("name", r)));
    }
    for name in reading.variables.iter().filter(|n| !is_given(n, args)) {
        found.push(at(Msg::new("rituals-text-placeholder")
            .text("name", name.clone())
            .text("kind", kind)
            .text("given", shown(args))));
    }
}
