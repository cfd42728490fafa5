//! The shell's input grammar, pure so it can be property-tested:
//! `alice> text`, `alice [D1]> text`, `alice (dm)> text`, `alice> +✅`, `bob> +🌱 #12`,
//! `/avance 3j`, `/advance 2h`, `/départ bob`, `# comment`; and the commands of a session at
//! a terminal, which a script may use too: `/je bob`, `/fil D1`, `/salon`, `/dm`, `/aide`,
//! `/rituel ajouter FICHIER` (what they change is kept by [`super::session::Session`]).

use crate::command::{Span, parse_span};
use crate::model::RunId;

/// Where a member writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Where {
    /// The main timeline.
    Main,
    /// A run's thread.
    Thread(RunId),
    /// A direct message to the bot.
    Direct,
}

/// One input line, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// Blank or `#` comment: nothing to do.
    Skip,
    /// Move the clock forward.
    Advance(Span),
    /// A member leaves the garden (`/départ bob`, `/leave bob`).
    Leave(String),
    /// A member writes text.
    Say {
        /// Who.
        who: String,
        /// Where.
        place: Where,
        /// What.
        text: String,
    },
    /// A member reacts, to a numbered message or to the bot's latest one in that place.
    React {
        /// Who.
        who: String,
        /// Where.
        place: Where,
        /// The emoji.
        key: String,
        /// The transcript number, when given.
        target: Option<u64>,
    },
    /// `/je bob` (`/me bob`): who says the lines written without `name>`.
    Speaker(String),
    /// `/fil D1` (`/thread D1`), `/salon` (`/room`), `/dm`: where the lines written without
    /// `name>` go; with a text after it, that one message goes there instead.
    Go {
        /// The place.
        place: Where,
        /// The message written on the same line, if any.
        text: Option<String>,
    },
    /// `/aide` (`/help`): the shell's own commands.
    Help,
    /// `/rituel ajouter FICHIER` (`/ritual add FILE`): the file, sent to the bot as the
    /// current speaker's `!rituel ajouter`.
    AddRitual(String),
    /// A line that fits no form; the value says which part was wrong.
    Bad(BadLine),
}

/// Why a line was not understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadLine {
    /// No `name>` at the start.
    NoSpeaker,
    /// `[X]` is not a run id.
    BadThread,
    /// `/avance` without a readable duration.
    BadAdvance,
    /// An unknown `/command`.
    UnknownSlash,
    /// `/je` without a member's name.
    NoName,
    /// `/rituel` without `ajouter FICHIER`.
    BadRitual,
}

/// Reads one line of shell input.
pub fn parse_line(raw: &str) -> Line {
    let line = raw.trim();
    if line.is_empty() || line.starts_with('#') {
        return Line::Skip;
    }
    if let Some(rest) = line.strip_prefix('/') {
        let (cmd, arg) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let cmd = crate::text::fold(cmd);
        if cmd == "avance" || cmd == "advance" {
            return match parse_span(arg.trim()) {
                Some(span) => Line::Advance(span),
                None => Line::Bad(BadLine::BadAdvance),
            };
        }
        if matches!(cmd.as_str(), "depart" | "leave") {
            let who = arg.trim().trim_start_matches('@');
            return if who.is_empty() || who.contains(char::is_whitespace) {
                Line::Bad(BadLine::UnknownSlash)
            } else {
                Line::Leave(who.to_owned())
            };
        }
        return match cmd.as_str() {
            "je" | "me" => match name(arg.trim()) {
                Some(who) => Line::Speaker(who.to_owned()),
                None => Line::Bad(BadLine::NoName),
            },
            "fil" | "thread" => {
                let arg = arg.trim();
                let (id, text) = arg.split_once(char::is_whitespace).unwrap_or((arg, ""));
                match id.parse::<RunId>() {
                    Ok(id) => go(Where::Thread(id), text),
                    Err(()) => Line::Bad(BadLine::BadThread),
                }
            }
            "salon" | "room" => go(Where::Main, arg),
            "dm" => go(Where::Direct, arg),
            "aide" | "help" => Line::Help,
            "rituel" | "ritual" => {
                let (sub, path) = arg
                    .trim()
                    .split_once(char::is_whitespace)
                    .unwrap_or((arg.trim(), ""));
                let path = unquote(path.trim());
                if matches!(crate::text::fold(sub).as_str(), "ajouter" | "add") && !path.is_empty()
                {
                    Line::AddRitual(path.to_owned())
                } else {
                    Line::Bad(BadLine::BadRitual)
                }
            }
            _ => Line::Bad(BadLine::UnknownSlash),
        };
    }
    let Some((head, text)) = line.split_once('>') else {
        return Line::Bad(BadLine::NoSpeaker);
    };
    let head = head.trim();
    let (who, place) = match head.split_once(char::is_whitespace) {
        None => (head, Where::Main),
        Some((who, tag)) => {
            let tag = tag.trim();
            let place = if let Some(inner) = tag.strip_prefix('[').and_then(|t| t.strip_suffix(']'))
            {
                match inner.trim().parse::<RunId>() {
                    Ok(id) => Where::Thread(id),
                    Err(()) => return Line::Bad(BadLine::BadThread),
                }
            } else if crate::text::fold(tag) == "(dm)" {
                Where::Direct
            } else {
                return Line::Bad(BadLine::NoSpeaker);
            };
            (who, place)
        }
    };
    let Some(who) = name(who) else {
        return Line::Bad(BadLine::NoSpeaker);
    };
    said(who, place, text)
}

/// A member's name as a line writes it (`bob`, `@bob`), if it is one.
fn name(word: &str) -> Option<&str> {
    let who = word.trim_start_matches('@');
    (!who.is_empty()
        && who
            .chars()
            .all(|c| c.is_alphanumeric() || "-_.".contains(c)))
    .then_some(who)
}

/// `/fil D1`, `/salon`, `/dm`, with or without a message after the command.
fn go(place: Where, text: &str) -> Line {
    let text = text.trim();
    Line::Go {
        place,
        text: (!text.is_empty()).then(|| text.to_owned()),
    }
}

/// A path as typed, without the quotes around it if any.
fn unquote(path: &str) -> &str {
    ['"', '\'']
        .iter()
        .find_map(|q| path.strip_prefix(*q).and_then(|p| p.strip_suffix(*q)))
        .unwrap_or(path)
}

/// What `who` writes in `place`: a reaction (`+✅`, `+🌱 #12`) or a text.
pub fn said(who: &str, place: Where, text: &str) -> Line {
    let text = text.trim();
    if let Some(reaction) = text.strip_prefix('+') {
        let mut parts = reaction.split_whitespace();
        if let Some(key) = parts.next() {
            let target = parts
                .next()
                .and_then(|t| t.strip_prefix('#'))
                .and_then(|n| n.parse().ok());
            if parts.next().is_none() && !key.chars().any(|c| c.is_ascii_alphanumeric()) {
                return Line::React {
                    who: who.to_owned(),
                    place,
                    key: key.to_owned(),
                    target,
                };
            }
        }
    }
    Line::Say {
        who: who.to_owned(),
        place,
        text: text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RunKind;

    #[test]
    fn forms() {
        assert_eq!(parse_line("  # a comment"), Line::Skip);
        assert_eq!(parse_line(""), Line::Skip);
        assert_eq!(
            parse_line("alice> !météo"),
            Line::Say {
                who: "alice".into(),
                place: Where::Main,
                text: "!météo".into()
            }
        );
        assert_eq!(
            parse_line("bob [D1]> ☀️ bien"),
            Line::Say {
                who: "bob".into(),
                place: Where::Thread(RunId::new(RunKind::Decision, 1)),
                text: "☀️ bien".into()
            }
        );
        assert_eq!(
            parse_line("carol (dm)> !nomine @bob"),
            Line::Say {
                who: "carol".into(),
                place: Where::Direct,
                text: "!nomine @bob".into()
            }
        );
        assert_eq!(
            parse_line("bob> +🌱 #12"),
            Line::React {
                who: "bob".into(),
                place: Where::Main,
                key: "🌱".into(),
                target: Some(12)
            }
        );
        assert_eq!(
            parse_line("alice [D1]> +✅"),
            Line::React {
                who: "alice".into(),
                place: Where::Thread(RunId::new(RunKind::Decision, 1)),
                key: "✅".into(),
                target: None
            }
        );
        assert!(matches!(parse_line("/avance 3j"), Line::Advance(s) if s.minutes == 3 * 24 * 60));
        assert!(matches!(parse_line("/advance 2h"), Line::Advance(s) if s.minutes == 120));
        assert_eq!(parse_line("/avance demain"), Line::Bad(BadLine::BadAdvance));
        assert_eq!(parse_line("/dance"), Line::Bad(BadLine::UnknownSlash));
        assert_eq!(parse_line("hello there"), Line::Bad(BadLine::NoSpeaker));
        assert_eq!(parse_line("bob [X9]> hi"), Line::Bad(BadLine::BadThread));
        // A `+` followed by words is text, not a reaction.
        assert!(matches!(parse_line("bob> +1 for that"), Line::Say { .. }));
    }
}
