//! Identifiers and text values shared by every layer: who speaks, which run, what to say.
//!
//! Nothing here knows Matrix or the terminal: user ids are opaque strings (a Matrix MXID or
//! a shell name) and bot text is a list of Fluent message ids with arguments, rendered in the
//! garden's language only at the transport edge.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A member's stable id: an MXID in Matrix, a plain name in the shell.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct UserId(pub String);

impl UserId {
    /// Builds a user id from anything string-like.
    pub fn new(s: impl Into<String>) -> Self {
        UserId(s.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The local part of an MXID (`alice` for `@alice:example.org`), or the whole id.
    pub fn localpart(&self) -> &str {
        let s = self.0.strip_prefix('@').unwrap_or(&self.0);
        s.split(':').next().unwrap_or(s)
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A garden's id: the Matrix room id, or the shell's `--garden` name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct GardenId(pub String);

impl GardenId {
    /// Builds a garden id from anything string-like.
    pub fn new(s: impl Into<String>) -> Self {
        GardenId(s.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for GardenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The kind of a numbered run or record; its letter prefixes the short id (`D3`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RunKind {
    /// `M`: météo round.
    Meteo,
    /// `D`: consent decision.
    Decision,
    /// `E`: election without candidates.
    Election,
    /// `C`: custom ritual.
    Custom,
    /// `F`: défi.
    Defi,
    /// `R`: retour d'expérience.
    Retour,
    /// `H`: weekly harvest digest ("hebdo"); its number roots the digest's thread.
    Digest,
    /// `S`: a search of the commons (`!communs`); its number roots the details' thread.
    Search,
    /// `B`: a guided retour being written ("brouillon"); its number roots its thread.
    Draft,
}

impl RunKind {
    /// Every kind, for counters and parsing.
    pub const ALL: [RunKind; 9] = [
        RunKind::Meteo,
        RunKind::Decision,
        RunKind::Election,
        RunKind::Custom,
        RunKind::Defi,
        RunKind::Retour,
        RunKind::Digest,
        RunKind::Search,
        RunKind::Draft,
    ];

    /// The letter of the short id.
    pub fn letter(self) -> char {
        match self {
            RunKind::Meteo => 'M',
            RunKind::Decision => 'D',
            RunKind::Election => 'E',
            RunKind::Custom => 'C',
            RunKind::Defi => 'F',
            RunKind::Retour => 'R',
            RunKind::Digest => 'H',
            RunKind::Search => 'S',
            RunKind::Draft => 'B',
        }
    }

    /// The kind for a letter, case-insensitive.
    pub fn from_letter(c: char) -> Option<RunKind> {
        RunKind::ALL
            .into_iter()
            .find(|k| k.letter() == c.to_ascii_uppercase())
    }
}

/// A short id such as `D3`: numbered from 1 per garden and per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RunId {
    /// What is numbered.
    pub kind: RunKind,
    /// Its number, from 1.
    pub n: u32,
}

impl RunId {
    /// Builds `kind` number `n`.
    pub fn new(kind: RunKind, n: u32) -> Self {
        RunId { kind, n }
    }
}

impl fmt::Display for RunId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.kind.letter(), self.n)
    }
}

impl FromStr for RunId {
    type Err = ();

    /// Parses `D3`, `d3`, `#D3`; refuses anything else.
    fn from_str(s: &str) -> Result<Self, ()> {
        let s = s.trim().trim_start_matches('#');
        let mut chars = s.chars();
        let kind = chars.next().and_then(RunKind::from_letter).ok_or(())?;
        let digits = chars.as_str();
        if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(());
        }
        let n: u32 = digits.parse().map_err(|_| ())?;
        if n == 0 {
            return Err(());
        }
        Ok(RunId { kind, n })
    }
}

/// A garden's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    /// French, the default.
    #[default]
    Fr,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 tag (`fr`, `en`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Parses `fr`, `français`, `en`, `english`..., case- and accent-insensitive.
    pub fn parse(s: &str) -> Option<Lang> {
        match crate::text::fold(s).as_str() {
            "fr" | "francais" | "french" => Some(Lang::Fr),
            "en" | "anglais" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

/// One argument of a localised message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Arg {
    /// Text typed by a user or an id: escaped in HTML.
    Text(String),
    /// A number (Fluent picks the plural form).
    Num(i64),
    /// A person: display name in the body, a mention pill in HTML.
    User {
        /// Whom.
        id: UserId,
        /// Their display name at the time of writing.
        name: String,
    },
    /// Several people, joined with commas.
    Users(Vec<(UserId, String)>),
    /// A date and time, shown in the garden's timezone.
    Time(chrono::DateTime<chrono::Utc>),
    /// A message id rendered in the same language (a nested label).
    Label(String),
    /// A whole message with its own arguments, rendered as plain text in the same language
    /// (a duration, a count said in words).
    Nested(Box<Msg>),
    /// A label a ritual file writes itself (its title, a step's name), without arguments.
    Own(OwnText),
}

/// A text a ritual file writes itself, per language: Fluent source (a pattern, with the
/// same `{ $id }` placeholders and `{ $n -> … }` selectors as the built-in messages). A
/// language left out falls back to the other one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnText {
    /// French.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fr: Option<String>,
    /// English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl OwnText {
    /// The source written for `lang`, if any.
    pub fn get(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Fr => self.fr.as_deref(),
            Lang::En => self.en.as_deref(),
        }
    }
}

/// Words a ritual names: a built-in Fluent message id, or a text of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Words {
    /// A message id of `locales/`.
    Id(String),
    /// The ritual's own text.
    Own(OwnText),
}

impl Words {
    /// A short name for logs and tests: the id, or the first words of the French text.
    pub fn name(&self) -> String {
        match self {
            Words::Id(id) => id.clone(),
            Words::Own(t) => {
                let text = t.fr.as_deref().or(t.en.as_deref()).unwrap_or_default();
                let short: String = text.chars().take(24).collect();
                format!("«{}»", short.trim())
            }
        }
    }
}

/// A localised message: a Fluent id and its arguments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Msg {
    /// The Fluent message id (for a ritual's own text: a name for logs and tests).
    pub id: String,
    /// Named arguments.
    pub args: Vec<(String, Arg)>,
    /// The ritual's own text, formatted instead of the message `id` when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own: Option<Box<OwnText>>,
}

impl Msg {
    /// A message with no arguments.
    pub fn new(id: impl Into<String>) -> Self {
        Msg {
            id: id.into(),
            args: Vec::new(),
            own: None,
        }
    }

    /// A message from a ritual's words: the message id, or its own text.
    pub fn of(words: &Words) -> Self {
        match words {
            Words::Id(id) => Msg::new(id.clone()),
            Words::Own(text) => Msg {
                id: words.name(),
                args: Vec::new(),
                own: Some(Box::new(text.clone())),
            },
        }
    }

    /// Adds a label argument from a ritual's words (a message id or its own text).
    pub fn words(mut self, name: &str, words: &Words) -> Self {
        let arg = match words {
            Words::Id(id) => Arg::Label(id.clone()),
            Words::Own(text) => Arg::Own(text.clone()),
        };
        self.args.push((name.to_owned(), arg));
        self
    }

    /// Adds a text argument.
    pub fn text(mut self, name: &str, value: impl Into<String>) -> Self {
        self.args.push((name.to_owned(), Arg::Text(value.into())));
        self
    }

    /// Adds a number argument.
    pub fn num(mut self, name: &str, value: i64) -> Self {
        self.args.push((name.to_owned(), Arg::Num(value)));
        self
    }

    /// Adds a person argument.
    pub fn user(mut self, name: &str, id: &UserId, display: &str) -> Self {
        self.args.push((
            name.to_owned(),
            Arg::User {
                id: id.clone(),
                name: display.to_owned(),
            },
        ));
        self
    }

    /// Adds a list-of-people argument.
    pub fn users(mut self, name: &str, people: Vec<(UserId, String)>) -> Self {
        self.args.push((name.to_owned(), Arg::Users(people)));
        self
    }

    /// Adds a date argument.
    pub fn time(mut self, name: &str, at: chrono::DateTime<chrono::Utc>) -> Self {
        self.args.push((name.to_owned(), Arg::Time(at)));
        self
    }

    /// Adds a nested message id, rendered in the same language.
    pub fn label(mut self, name: &str, id: impl Into<String>) -> Self {
        self.args.push((name.to_owned(), Arg::Label(id.into())));
        self
    }

    /// Adds a nested message, rendered with its own arguments in the same language.
    pub fn nested(mut self, name: &str, msg: Msg) -> Self {
        self.args
            .push((name.to_owned(), Arg::Nested(Box::new(msg))));
        self
    }

    /// The argument named `name`, if any (for tests and renderers).
    pub fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| n == name).map(|(_, a)| a)
    }
}

/// A bot message: lines, each a localised message; rendered one per line.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Text {
    /// The lines, in order.
    pub lines: Vec<Msg>,
}

impl Text {
    /// A one-line text.
    pub fn one(msg: Msg) -> Self {
        Text { lines: vec![msg] }
    }

    /// Appends a line.
    pub fn push(&mut self, msg: Msg) {
        self.lines.push(msg);
    }

    /// The ids of the lines, for tests.
    pub fn ids(&self) -> Vec<&str> {
        self.lines.iter().map(|m| m.id.as_str()).collect()
    }
}

impl From<Msg> for Text {
    fn from(msg: Msg) -> Self {
        Text::one(msg)
    }
}

impl From<&str> for UserId {
    fn from(s: &str) -> Self {
        UserId(s.to_owned())
    }
}

/// `skip_serializing_if` helper for stored values: a field holding its default is left out
/// (and read back with `#[serde(default)]`), so that the runs and garden states rewritten at
/// every event stay small and fast to encode and decode.
pub fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}
