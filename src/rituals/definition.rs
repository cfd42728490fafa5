//! A ritual as data: the shape of `rituals/*.toml`. Loading, validation and `rituals check`
//! live in `load.rs`; walking a run through these steps lives in `interpreter.rs`.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::model::{OwnText, RunKind, Words};

/// Which family a ritual belongs to: decides its short-id letter and its register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// Météo rounds (`M`).
    Meteo,
    /// Consent decisions (`D`).
    Decision,
    /// Elections without candidates (`E`).
    Election,
    /// Any other ritual (`C`).
    Custom,
}

impl Family {
    /// The run kind (and so the id letter) of runs of this family.
    pub fn run_kind(self) -> RunKind {
        match self {
            Family::Meteo => RunKind::Meteo,
            Family::Decision => RunKind::Decision,
            Family::Election => RunKind::Election,
            Family::Custom => RunKind::Custom,
        }
    }
}

/// The step kinds a ritual file may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StepKind {
    /// The bot posts a text and moves on.
    Announce,
    /// Each participant speaks once, in an order; may `!passe`.
    Round,
    /// Free contributions until `!suivant` or the deadline.
    Open,
    /// One designated person answers (`!amender`, `!retirer`, or `!suivant` to keep).
    Answer,
    /// Each participant consents or objects with a reason.
    Consent,
    /// Private nominations collected by direct message.
    Nominate,
    /// Post what was collected.
    Reveal,
    /// A facilitator names a person (`!propose @x`).
    Propose,
    /// Write the outcome to a register and close the run.
    Record,
}

impl StepKind {
    /// The lowercase name, as written in ritual files and in `step-<name>` Fluent ids.
    pub fn name(self) -> &'static str {
        match self {
            StepKind::Announce => "announce",
            StepKind::Round => "round",
            StepKind::Open => "open",
            StepKind::Answer => "answer",
            StepKind::Consent => "consent",
            StepKind::Nominate => "nominate",
            StepKind::Reveal => "reveal",
            StepKind::Propose => "propose",
            StepKind::Record => "record",
        }
    }
}

/// A person a step refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Who {
    /// The run's proposer (porteur·se).
    Proposer,
    /// The person proposed for election.
    Nominee,
}

/// Special treatment a round or record gives to what was said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Summary {
    /// Météo: each member's weather and the count per weather; content not stored.
    Weather,
    /// List who spoke and who passed.
    Speakers,
}

/// One step of a ritual.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepDef {
    /// The step's name, unique in the ritual; `on_objection` and `next` refer to it.
    pub id: Spanned<String>,
    /// What kind of step.
    pub kind: Spanned<StepKind>,
    /// The message posted when the step opens: a Fluent id, or the ritual's own text.
    pub message: Spanned<TextDef>,
    /// The step's name as members know it (« amendement », « clarification »), used in
    /// `!où` and when an input does not fit; default: the generic name of its kind.
    #[serde(default)]
    pub label: Option<Spanned<TextDef>>,
    /// The message posted once when the deadline is reached (default: `step-reminder`).
    #[serde(default)]
    pub reminder: Option<Spanned<TextDef>>,
    /// How long the step stays open: `30m`, `24h`, `3j`/`3d`.
    #[serde(default)]
    pub deadline: Option<Spanned<String>>,
    /// round: shuffle the speaking order with the run's seed.
    #[serde(default)]
    pub shuffle: bool,
    /// round: a member who joined in the last two weeks never goes first.
    #[serde(default)]
    pub newcomers_not_first: bool,
    /// round: speak only in the announced order; out-of-turn words and passes are refused
    /// (gardens that meet live; asynchronous gardens leave it off and accept any order).
    #[serde(default)]
    pub strict_order: bool,
    /// round: `!nomine @y` moves one's ballot to someone already nominated (report de voix).
    #[serde(default)]
    pub revote: bool,
    /// answer: who answers; open: who alone may answer questions.
    #[serde(default)]
    pub who: Option<Spanned<Who>>,
    /// consent: who is asked last.
    #[serde(default)]
    pub last: Option<Spanned<Who>>,
    /// consent: the step to go back to when an objection was raised.
    #[serde(default)]
    pub on_objection: Option<Spanned<String>>,
    /// answer: after an objection, objectors are asked first how to lift it.
    #[serde(default)]
    pub ask_objectors: bool,
    /// Any step: the step to go to next instead of the following one.
    #[serde(default)]
    pub next: Option<Spanned<String>>,
    /// round or record: how what was said is summed up.
    #[serde(default)]
    pub summary: Option<Spanned<Summary>>,
    /// open: remind gently, once, whoever else than `who` gives an opinion (no `?`).
    #[serde(default)]
    pub questions_only: bool,
}

/// A whole ritual file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RitualDef {
    /// The name used with `!rituel <nom>`; unique among loaded rituals.
    pub name: Spanned<String>,
    /// Other names accepted by `!rituel` (e.g. the English name).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The family (id letter, register).
    pub family: Spanned<Family>,
    /// The ritual's title, shown in every message of its runs, `!où`, registers and the
    /// digest: a Fluent id, or the ritual's own text.
    pub title: Spanned<TextDef>,
    /// The steps, in order.
    pub steps: Vec<StepDef>,
}

impl RitualDef {
    /// The name runs refer to (`Run::ritual`), without the span kept for diagnostics.
    pub fn name(&self) -> &str {
        self.name.get_ref()
    }

    /// The family, without its span: what the engine matches on.
    pub fn family(&self) -> Family {
        *self.family.get_ref()
    }

    /// Where the step named `id` sits in the list: `next` and `on_objection` are names in the
    /// file but positions in a run.
    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id.get_ref() == id)
    }
}

/// A text a ritual names: `message = "fluent-id"` (the built-ins' messages in `locales/`),
/// or its own words per language, `message = { fr = "…", en = "…" }` (also written
/// `message.fr = "…"` on its own line, or as a `"""` block over several lines).
#[derive(Debug, Clone, PartialEq)]
pub enum TextDef {
    /// A Fluent message id.
    Id(String),
    /// The ritual's own text, with where each language's text sits in the file.
    Own {
        /// French.
        fr: Option<Spanned<String>>,
        /// English.
        en: Option<Spanned<String>>,
    },
}

impl TextDef {
    /// The words to put in a message.
    pub fn words(&self) -> Words {
        match self {
            TextDef::Id(id) => Words::Id(id.clone()),
            TextDef::Own { fr, en } => Words::Own(OwnText {
                fr: fr.as_ref().map(|t| t.get_ref().clone()),
                en: en.as_ref().map(|t| t.get_ref().clone()),
            }),
        }
    }

    /// The Fluent id, when the text is one.
    pub fn id(&self) -> Option<&str> {
        match self {
            TextDef::Id(id) => Some(id),
            TextDef::Own { .. } => None,
        }
    }
}

impl<'de> Deserialize<'de> for TextDef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = TextDef;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a message id or a table of texts per language ({ fr = \"…\", en = \"…\" })",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<TextDef, E> {
                Ok(TextDef::Id(v.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<TextDef, A::Error> {
                let (mut fr, mut en) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "fr" => fr = Some(map.next_value::<Spanned<String>>()?),
                        "en" => en = Some(map.next_value::<Spanned<String>>()?),
                        other => {
                            return Err(serde::de::Error::custom(format!(
                                "unknown language `{other}`: write `fr` or `en`"
                            )));
                        }
                    }
                }
                Ok(TextDef::Own { fr, en })
            }
        }
        d.deserialize_any(Visit)
    }
}

impl RitualDef {
    /// The title's words.
    pub fn title_words(&self) -> Words {
        self.title.get_ref().words()
    }
}

impl StepDef {
    /// The words of the message posted when the step opens.
    pub fn message_words(&self) -> Words {
        self.message.get_ref().words()
    }

    /// The step's name, without its span.
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }

    /// The step kind, without its span: what the interpreter matches on.
    pub fn kind(&self) -> StepKind {
        *self.kind.get_ref()
    }

    /// The step's own deadline as a duration. `None` when it has none; a loaded ritual has
    /// been validated, so its deadlines always parse.
    pub fn deadline(&self) -> Option<chrono::Duration> {
        self.deadline
            .as_ref()
            .and_then(|d| parse_duration(d.get_ref()))
    }
}

/// The longest deadline a step may have: a year. Anything longer is a typo, and keeping it
/// bounded keeps date arithmetic far from overflow.
const MAX_DEADLINE_MINUTES: i64 = 365 * 24 * 60;

/// Parses a step deadline or a `--délai` with the commands' reader ([`crate::duration`]):
/// `30m`, `24h`, `3j`, `2 semaines`.
///
/// `None` for anything else, for zero and for more than 365 days: a deadline that never comes
/// or comes at once is always a mistake.
pub fn parse_duration(s: &str) -> Option<chrono::Duration> {
    let minutes = crate::duration::minutes(s)?;
    (minutes <= MAX_DEADLINE_MINUTES).then(|| chrono::Duration::minutes(minutes))
}
