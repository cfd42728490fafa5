//! Command parsing: one message's text in, a [`Parsed`] out.
//!
//! Pure and total: any input, however odd or long, gives an answer in time linear in its
//! length, because every message of a room goes through here and a panic or a slow path
//! would let anyone stall the bot. Only what the text alone tells is checked here; whether a
//! person is a member or a run exists needs the garden's state and is the engine's job.
//!
//! Choices made here, and why:
//! - Command words are compared after [`fold`] and with `-`, `_` and apostrophes removed, so
//!   `!MÉTÉO`, `!meteo`, `!oubliemoi` and `!forget_me` all work: people type on phones.
//! - The prefix must be followed at once by a letter: `!!!`, `! hello` or `!:)` are chatter,
//!   not unknown commands to correct.
//! - With an HTML body holding a mention pill, the HTML is read instead of the plain body,
//!   because only the pill names the person without ambiguity.
//! - A person is one token: a display name with spaces can be given with a mention pill.

use std::sync::LazyLock;

use matrix_sdk::ruma::events::room::message::sanitize::remove_plain_reply_fallback;
use regex::{Captures, Regex};
use unicode_normalization::char::is_combining_mark;

use super::{
    ArgError, Command, CommandName, ConstitutionField, DefiAction, GardenSetting, Parsed, Span,
    UserRef,
};
use crate::model::{RunId, RunKind};
use crate::text::fold;

/// Longest command word kept in [`Parsed::Unknown`]: the word is echoed back to the room.
const MAX_WORD: usize = 40;

/// Characters stripped around a person or a run id (`@bob,`, `D3.`, `(carol)`).
const PUNCT: &[char] = &[
    ',', ';', ':', '.', '!', '?', '…', ')', '(', '[', ']', '{', '}', '«', '»', '"', '“', '”', '\'',
    '’',
];

/// Reads one message: `body` is the plain text, `html` the `formatted_body` when there is
/// one, `prefix` the garden's command prefix (usually `!`).
///
/// The HTML is read only when it holds a mention pill of a user; otherwise the plain body is
/// what the person typed. With an empty prefix only known command words are commands, so
/// that ordinary chatter is never answered with "unknown command".
pub fn parse(body: &str, html: Option<&str>, prefix: &str) -> Parsed {
    let from_html = html.and_then(html_with_pills);
    let text = match &from_html {
        Some(t) => t.as_str(),
        None => remove_plain_reply_fallback(body),
    };
    parse_text(text, prefix)
}

/// Reads a span of time (`48h`, `3j`, `2 semaines`, `6 months`, `un an`, `1h30`): the same
/// reader as ritual files' deadlines ([`crate::duration`]).
pub fn parse_span(s: &str) -> Option<Span> {
    crate::duration::minutes(s).map(|minutes| Span { minutes })
}

/// The command a word names, French or English, with or without its prefix
/// (`décision`, `!PROPOSAL`, `oubliemoi`), so `!aide <commande>` accepts what people type.
pub fn command_by_name(word: &str) -> Option<CommandName> {
    let word = word
        .trim()
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_end_matches(|c: char| !c.is_alphanumeric() && !is_combining_mark(c));
    if word.is_empty() || too_long(word) {
        return None;
    }
    lookup(&key(word))
}

/// The command nearest to a mistyped word (`meto` → météo), when it is close enough to be
/// what the person meant: at most two edits, and fewer than half the word's letters, so
/// that short or unrelated words get no far-fetched guess.
pub fn suggest(word: &str) -> Option<CommandName> {
    if too_long(word) {
        return None;
    }
    let w = key(word);
    let len = w.chars().count();
    if len == 0 {
        return None;
    }
    let (distance, name) = NAMES
        .iter()
        .map(|(k, name)| (strsim::damerau_levenshtein(&w, k), *name))
        .min_by_key(|(d, _)| *d)?;
    (distance <= 2 && distance * 2 < len).then_some(name)
}

/// Every accepted command word as a [`key`], French first, in `!aide` order.
static NAMES: LazyLock<Vec<(String, CommandName)>> = LazyLock::new(|| {
    let mut names = Vec::with_capacity(2 * CommandName::ALL.len());
    for name in CommandName::ALL {
        names.push((key(name.french()), name));
    }
    for name in CommandName::ALL {
        names.push((key(name.english()), name));
    }
    names
});

fn lookup(key: &str) -> Option<CommandName> {
    NAMES.iter().find(|(k, _)| k == key).map(|(_, n)| *n)
}

/// A word's comparison form: folded, without the joiners people add or drop.
fn key(word: &str) -> String {
    fold(word)
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | '\'' | '’' | '.' | '·'))
        .collect()
}

/// True when `s` has more than [`MAX_WORD`] characters (without counting them all).
fn too_long(s: &str) -> bool {
    s.chars().nth(MAX_WORD).is_some()
}

fn parse_text(text: &str, prefix: &str) -> Parsed {
    let prefix = prefix.trim_start();
    let text = text.trim_start();
    let after = if prefix.is_empty() {
        text
    } else {
        match text.strip_prefix(prefix) {
            Some(rest) => rest,
            None => return Parsed::Text,
        }
    };
    let Some((word, rest)) = command_word(after) else {
        return Parsed::Text;
    };
    let name = if too_long(word) {
        None
    } else {
        lookup(&key(word))
    };
    match name {
        Some(name) => match arguments(name, rest) {
            Ok(cmd) => Parsed::Command(cmd),
            Err(error) => Parsed::Invalid { name, error },
        },
        None if prefix.is_empty() => Parsed::Text,
        None => Parsed::Unknown {
            word: word.chars().take(MAX_WORD).collect(),
            suggestion: suggest(word),
        },
    }
}

/// Splits the command word from its arguments. The word starts with a letter; punctuation
/// glued after it (`!météo?`, `!aide:`) is dropped, other glued text stays in the word.
fn command_word(after: &str) -> Option<(&str, &str)> {
    if !after.chars().next()?.is_alphabetic() {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || is_combining_mark(c) || c == '-' || c == '_';
    let word_end = after
        .char_indices()
        .find(|(_, c)| !is_word(*c))
        .map_or(after.len(), |(i, _)| i);
    let token_end = after[word_end..]
        .find(char::is_whitespace)
        .map_or(after.len(), |i| word_end + i);
    let glued = &after[word_end..token_end];
    let word_end = if glued.chars().any(char::is_alphanumeric) {
        token_end
    } else {
        word_end
    };
    Some((&after[..word_end], &after[token_end..]))
}

fn arguments(name: CommandName, rest: &str) -> Result<Command, ArgError> {
    use CommandName as N;
    Ok(match name {
        N::Help => Command::Help(next_token(rest).and_then(|(t, _)| command_by_name(t))),
        N::Meteo => Command::Meteo,
        N::Status => Command::Status(page(rest)),
        N::Defis => Command::Defis(page(rest)),
        N::Recolte => Command::Recolte,
        N::Decisions => match next_token(rest).and_then(|(t, _)| run_id(t)) {
            Some(id) => Command::Decisions {
                page: 1,
                id: Some(id),
            },
            None => Command::Decisions {
                page: page(rest),
                id: None,
            },
        },
        N::Roles => Command::Roles(page(rest)),
        N::Retours => Command::Retours,
        N::OublieMoi => Command::OublieMoi,
        N::Communs => Command::Communs(rest.trim().to_owned()),
        N::Decision => decision(rest)?,
        N::Election => election(rest)?,
        N::Ritual => {
            let (name, text) = next_token(rest).ok_or(ArgError::Missing("nom"))?;
            Command::Ritual {
                name: name.to_lowercase(),
                text: non_empty(text),
            }
        }
        N::Next => Command::Next(strict_run(rest)?),
        N::Cancel => Command::Cancel(strict_run(rest)?),
        N::Pass => Command::Pass(take_run(rest).0),
        N::Consent => Command::Consent(take_run(rest).0),
        N::Withdraw => Command::Withdraw(take_run(rest).0),
        N::Objection => {
            let (run, rest) = take_run(rest);
            Command::Objection {
                run,
                reason: non_empty(rest),
            }
        }
        N::Amend => {
            let (run, rest) = take_run(rest);
            let text = non_empty(rest).ok_or(ArgError::Missing("texte"))?;
            Command::Amend { run, text }
        }
        N::Nominate => {
            let (run, rest) = take_run(rest);
            let (who, reason) = next_token(rest)
                .and_then(|(t, r)| Some((person(t)?, r)))
                .ok_or(ArgError::Missing("personne"))?;
            Command::Nominate {
                run,
                who,
                reason: non_empty(reason),
            }
        }
        N::Absent => {
            let (run, rest) = take_run(rest);
            let (who, rest) = next_token(rest)
                .and_then(|(t, r)| Some((person(t)?, r)))
                .ok_or(ArgError::Missing("personne"))?;
            let run = match run {
                Some(r) => Some(r),
                None => strict_run(rest)?,
            };
            Command::Absent { run, who }
        }
        N::Propose => {
            let (run, rest) = take_run(rest);
            let who = next_token(rest)
                .and_then(|(t, _)| person(t))
                .ok_or(ArgError::Missing("personne"))?;
            Command::Propose { run, who }
        }
        N::Defi => Command::Defi(defi(rest)?),
        N::Checkin => {
            let (tok, text) = next_token(rest).ok_or(ArgError::Missing("id"))?;
            let defi = defi_id(tok).ok_or(ArgError::Invalid("id"))?;
            let text = non_empty(text).ok_or(ArgError::Missing("texte"))?;
            Command::Checkin { defi, text }
        }
        N::Retour => Command::Retour(non_empty(rest).ok_or(ArgError::Missing("texte"))?),
        N::Constitution => constitution(rest)?,
        N::Jardin => Command::Jardin(jardin(rest)?),
    })
}

/// `!décision [pour @x :] <proposition> [--délai 48h] [--silence-consent]`.
fn decision(rest: &str) -> Result<Command, ArgError> {
    let toks: Vec<(usize, usize)> = tokens(rest).collect();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut delay = None;
    let mut silence_consent = false;
    let mut i = 0;
    while i < toks.len() {
        let (start, end) = toks[i];
        match flag(&rest[start..end]) {
            Some((Flag::Delay, Some(value))) => {
                delay = Some(parse_span(value).ok_or(ArgError::Invalid("delai"))?);
                cuts.push((start, end));
            }
            Some((Flag::Delay, None)) => {
                // `48h`, or `2 jours` over two tokens.
                let one = toks.get(i + 1).map(|&(a, b)| (b, parse_span(&rest[a..b])));
                let two = toks
                    .get(i + 1)
                    .zip(toks.get(i + 2))
                    .map(|(&(a, _), &(_, b))| (b, parse_span(&rest[a..b])));
                let (cut_end, span, used) = match (one, two) {
                    (Some((b, Some(span))), _) => (b, span, 1),
                    (_, Some((b, Some(span)))) => (b, span, 2),
                    _ => return Err(ArgError::Invalid("delai")),
                };
                delay = Some(span);
                cuts.push((start, cut_end));
                i += used;
            }
            Some((Flag::Silence, _)) => {
                silence_consent = true;
                cuts.push((start, end));
            }
            None => {}
        }
        i += 1;
    }
    let text = without(rest, &cuts);
    let (proposer, text) = match proposer_prefix(&text) {
        Some((who, after)) => (Some(who), after),
        None => (None, text.as_str()),
    };
    let text = non_empty(text).ok_or(ArgError::Missing("proposition"))?;
    Ok(Command::Decision {
        proposer,
        text,
        delay,
        silence_consent,
    })
}

enum Flag {
    Delay,
    Silence,
}

/// A `--flag` or `--flag=value` token of `!décision`; phones often turn `--` into a dash.
fn flag(tok: &str) -> Option<(Flag, Option<&str>)> {
    let body = tok
        .strip_prefix("--")
        .or_else(|| tok.strip_prefix('—'))
        .or_else(|| tok.strip_prefix('–'))?;
    let (name, value) = match body.split_once('=') {
        Some((n, v)) => (n, Some(v)),
        None => (body, None),
    };
    if too_long(name) {
        return None;
    }
    match key(name).as_str() {
        "delai" | "delay" => Some((Flag::Delay, value)),
        "silenceconsent" | "silenceconsentement" | "silence" if value.is_none() => {
            Some((Flag::Silence, None))
        }
        _ => None,
    }
}

/// `s` without the byte ranges `cuts` (sorted, disjoint), each with the spaces after it, so
/// that removing a flag in the middle of a line leaves one space, and newlines stay.
fn without(s: &str, cuts: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(s.len());
    let mut from = 0;
    for &(start, end) in cuts {
        out.push_str(&s[from..start]);
        let spaces = s[end..]
            .find(|c: char| !c.is_whitespace() || c == '\n' || c == '\r')
            .unwrap_or(s.len() - end);
        from = end + spaces;
    }
    out.push_str(&s[from..]);
    out
}

/// `pour @x :` / `for @x:` at the start of a proposal: the colon is required, so that
/// "pour le goûter, on achète..." stays a proposal.
fn proposer_prefix(text: &str) -> Option<(UserRef, &str)> {
    let (word, rest) = next_token(text)?;
    if word.len() > 4 || !matches!(fold(word).as_str(), "pour" | "for") {
        return None;
    }
    let (who, rest) = next_token(rest)?;
    let (who, rest) = match who.strip_suffix(':') {
        Some(who) => (who, rest),
        None => match next_token(rest)? {
            (":", rest) => (who, rest),
            _ => return None,
        },
    };
    Some((person(who)?, rest))
}

/// `!élection <rôle> [pour <durée>] [: <mission>]`. The mission follows the first colon.
/// The last `pour`/`for` followed by a number (or a word such as `toujours`) starts the
/// term, which must then be readable: `pour 6 moi` is refused, not folded into the role's
/// name; `pour la communication` stays part of the name.
fn election(rest: &str) -> Result<Command, ArgError> {
    let (head, mission) = match rest.split_once(':') {
        Some((h, m)) => (h.trim(), non_empty(m)),
        None => (rest.trim(), None),
    };
    let last_pour = tokens(head)
        .filter(|&(a, b)| b - a <= 4 && matches!(fold(&head[a..b]).as_str(), "pour" | "for"))
        .last();
    let (role, term) = match last_pour {
        Some((a, b)) if looks_like_span(&head[b..]) => {
            let span = parse_span(&head[b..]).ok_or(ArgError::Invalid("duree"))?;
            (&head[..a], Some(span))
        }
        _ => (head, None),
    };
    let role = non_empty(role).ok_or(ArgError::Missing("role"))?;
    Ok(Command::Election {
        role,
        term,
        mission,
    })
}

/// Whether the words after `pour` are meant as a duration: a number, a number word, or a
/// word people use for an unlimited term.
fn looks_like_span(after: &str) -> bool {
    let Some((first, _)) = next_token(after) else {
        return false;
    };
    first.starts_with(|c: char| c.is_ascii_digit())
        || matches!(
            fold(first).as_str(),
            "un" | "une"
                | "deux"
                | "trois"
                | "quatre"
                | "six"
                | "douze"
                | "a"
                | "an"
                | "one"
                | "two"
                | "three"
                | "four"
                | "twelve"
                | "toujours"
                | "always"
                | "ever"
                | "life"
                | "vie"
                | "longtemps"
                | "indefiniment"
        )
}

/// `!défi <titre> | <échéance>` or `!défi rejoindre|quitter|fini F1`.
fn defi(rest: &str) -> Result<DefiAction, ArgError> {
    let (first, after) = next_token(rest).ok_or(ArgError::Missing("titre"))?;
    if !rest.contains('|') && first.len() <= 24 {
        let action: Option<fn(RunId) -> DefiAction> = match key(first).as_str() {
            "rejoindre" | "join" => Some(DefiAction::Join),
            "quitter" | "leave" => Some(DefiAction::Leave),
            "fini" | "finie" | "done" | "termine" | "terminee" | "finish" => Some(DefiAction::Done),
            _ => None,
        };
        if let Some(action) = action {
            let (tok, _) = next_token(after).ok_or(ArgError::Missing("id"))?;
            return defi_id(tok).map(action).ok_or(ArgError::Invalid("id"));
        }
    }
    let (title, deadline) = rest.split_once('|').unwrap_or((rest, ""));
    let title = non_empty(title).ok_or(ArgError::Missing("titre"))?;
    let deadline = non_empty(deadline).ok_or(ArgError::Missing("echeance"))?;
    Ok(DefiAction::Create { title, deadline })
}

/// A défi's id: only `F` ids name défis, so `!point D3` is a clear mistake to report here.
fn defi_id(tok: &str) -> Option<RunId> {
    run_id(tok).filter(|id| id.kind == RunKind::Defi)
}

/// `!constitution [champ texte]`.
fn constitution(rest: &str) -> Result<Command, ArgError> {
    let Some((field, text)) = next_token(rest) else {
        return Ok(Command::Constitution(None));
    };
    let field = if too_long(field) {
        None
    } else {
        match key(field.trim_end_matches(':')).as_str() {
            "raison" | "raisondetre" | "purpose" => Some(ConstitutionField::Raison),
            "entrees" | "entree" | "entries" | "entry" => Some(ConstitutionField::Entrees),
            "sorties" | "sortie" | "exits" | "exit" => Some(ConstitutionField::Sorties),
            "economie" | "modele" | "modeleeconomique" | "economy" => {
                Some(ConstitutionField::Economie)
            }
            "noyau" | "core" => Some(ConstitutionField::Noyau),
            _ => None,
        }
    };
    let field = field.ok_or(ArgError::Invalid("champ"))?;
    let text = non_empty(text).ok_or(ArgError::Missing("texte"))?;
    Ok(Command::Constitution(Some((field, text))))
}

/// `!jardin <réglage> <valeur>`: values are kept as typed; the engine checks them, since
/// it is the one that knows the timezones and the garden types.
fn jardin(rest: &str) -> Result<GardenSetting, ArgError> {
    let (setting, value) = next_token(rest).ok_or(ArgError::Missing("reglage"))?;
    let make: fn(String) -> GardenSetting = if too_long(setting) {
        return Err(ArgError::Invalid("reglage"));
    } else {
        match key(setting.trim_end_matches(':')).as_str() {
            "langue" | "language" | "lang" => GardenSetting::Langue,
            "fuseau" | "fuseauhoraire" | "timezone" | "tz" => GardenSetting::Fuseau,
            "recolte" | "digest" => GardenSetting::Recolte,
            "type" => GardenSetting::Type,
            "communs" | "commun" | "commons" => GardenSetting::Communs,
            "meteomemoire" | "weathermemory" => GardenSetting::MeteoMemoire,
            "points" | "point" | "checkin" | "checkins" => GardenSetting::Points,
            "nom" | "name" => GardenSetting::Nom,
            "contexte" | "context" => GardenSetting::Contexte,
            "brouillons" | "brouillon" | "drafts" | "draft" => GardenSetting::Brouillons,
            "facilitateur" | "facilitatrice" | "facilitateurrice" | "facilitator" => {
                return facilitator(value);
            }
            _ => return Err(ArgError::Invalid("reglage")),
        }
    };
    Ok(make(non_empty(value).ok_or(ArgError::Missing("valeur"))?))
}

/// `facilitateur @x` adds; `facilitateur -@x` or `facilitateur retirer @x` removes.
fn facilitator(value: &str) -> Result<GardenSetting, ArgError> {
    let (tok, rest) = next_token(value).ok_or(ArgError::Missing("valeur"))?;
    let verb = if tok.len() <= 24 {
        key(tok)
    } else {
        String::new()
    };
    let (remove, tok) = match verb.as_str() {
        "retirer" | "remove" | "enlever" | "supprimer" => (true, None),
        "ajouter" | "add" => (false, None),
        _ => match tok.strip_prefix('-') {
            Some("") => (true, None),
            Some(t) => (true, Some(t)),
            None => (false, Some(tok.strip_prefix('+').unwrap_or(tok))),
        },
    };
    let tok = match tok {
        Some(t) if !t.is_empty() => t,
        _ => next_token(rest).ok_or(ArgError::Missing("personne"))?.0,
    };
    let who = person(tok).ok_or(ArgError::Missing("personne"))?;
    Ok(GardenSetting::Facilitateur { who, remove })
}

/// A person token: `@alice:example.org` is an MXID, `@bob` or `bob` a name.
fn person(tok: &str) -> Option<UserRef> {
    let tok = tok.trim_matches(PUNCT);
    if tok.starts_with('@') && tok.contains(':') {
        return Some(UserRef::Id(tok.to_owned()));
    }
    let name = tok.trim_start_matches('@').trim_matches(PUNCT);
    (!name.is_empty()).then(|| UserRef::Name(name.to_owned()))
}

fn run_id(tok: &str) -> Option<RunId> {
    tok.trim_matches(PUNCT).parse().ok()
}

/// An optional leading run id; without one, `s` is returned whole.
fn take_run(s: &str) -> (Option<RunId>, &str) {
    match next_token(s) {
        Some((tok, rest)) => match run_id(tok) {
            Some(id) => (Some(id), rest),
            None => (None, s),
        },
        None => (None, s),
    }
}

/// An optional run id that must be one when present (`!suivant D3`, `!annuler E2`).
fn strict_run(s: &str) -> Result<Option<RunId>, ArgError> {
    match next_token(s) {
        Some((tok, _)) => run_id(tok).map(Some).ok_or(ArgError::Invalid("id")),
        None => Ok(None),
    }
}

/// The first whitespace-separated token of `s` and what follows it (untrimmed).
/// The page a listing asks for: a leading positive number, else the first page (other
/// words after a listing command are chatter, as they always were).
fn page(rest: &str) -> u32 {
    next_token(rest)
        .and_then(|(t, _)| t.parse::<u32>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(1)
}

fn next_token(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start();
    if s.is_empty() {
        return None;
    }
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    Some((&s[..end], &s[end..]))
}

/// Byte ranges of the whitespace-separated tokens of `s`.
fn tokens(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        let rest = &s[pos..];
        let start = pos + rest.find(|c: char| !c.is_whitespace())?;
        let end = s[start..]
            .find(char::is_whitespace)
            .map_or(s.len(), |i| start + i);
        pos = end;
        Some((start, end))
    })
}

/// `s` trimmed, or `None` when nothing is left; inner newlines are kept.
fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid regex")
}

static USER_LINK: LazyLock<Regex> = LazyLock::new(|| {
    regex(r#"(?i)href\s*=\s*["']?\s*(?:https?://matrix\.to/#/(?:@|%40)|matrix:u/)"#)
});
static MX_REPLY: LazyLock<Regex> = LazyLock::new(|| regex(r"(?is)<mx-reply\b.*?</mx-reply\s*>"));
static LINK: LazyLock<Regex> = LazyLock::new(|| regex(r"(?is)<a\b([^>]*)>(.*?)</a\s*>"));
static HREF: LazyLock<Regex> =
    LazyLock::new(|| regex(r#"(?is)\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#));
static LINE_BREAK: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)<br\s*/?\s*>|</(?:p|div|li|h[1-6]|blockquote|pre|tr)\s*>"));
static TAG: LazyLock<Regex> = LazyLock::new(|| regex(r"<[^>]*>"));
static ENTITY: LazyLock<Regex> =
    LazyLock::new(|| regex(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});"));

/// The HTML body as plain text with each user pill replaced by its MXID, or `None` when it
/// holds no user pill (the plain body then says the same, more faithfully).
fn html_with_pills(html: &str) -> Option<String> {
    let html = MX_REPLY.replace_all(html, "");
    if !USER_LINK.is_match(&html) {
        return None;
    }
    let text = LINK.replace_all(&html, |c: &Captures<'_>| {
        let attrs = c.get(1).map_or("", |m| m.as_str());
        let inner = c.get(2).map_or("", |m| m.as_str());
        HREF.captures(attrs)
            .and_then(|h| h.get(1).or(h.get(2)).or(h.get(3)))
            .and_then(|href| mxid_from_href(href.as_str()))
            .unwrap_or_else(|| inner.to_owned())
    });
    let text = LINE_BREAK.replace_all(&text, "\n");
    let text = TAG.replace_all(&text, "");
    Some(decode_entities(&text))
}

/// The MXID a pill links to: `https://matrix.to/#/@alice:example.org?via=...` (maybe
/// percent-encoded) or `matrix:u/alice:example.org`, read by ruma.
fn mxid_from_href(href: &str) -> Option<String> {
    use matrix_sdk::ruma::matrix_uri::MatrixId;
    use matrix_sdk::ruma::{MatrixToUri, MatrixUri};
    let href = href.trim();
    let id = if href.starts_with("matrix:") {
        MatrixUri::parse(href).ok()?.id().clone()
    } else if let Some(rest) = href.strip_prefix("http://matrix.to/") {
        // Some clients still write the old http link.
        MatrixToUri::parse(&format!("https://matrix.to/{rest}"))
            .ok()?
            .id()
            .clone()
    } else {
        MatrixToUri::parse(href).ok()?.id().clone()
    };
    match id {
        MatrixId::User(user) => Some(user.to_string()),
        _ => None,
    }
}

/// Decodes HTML entities in one pass, so `&amp;lt;` stays the text `&lt;`.
fn decode_entities(s: &str) -> String {
    ENTITY
        .replace_all(s, |c: &Captures<'_>| {
            let name = c.get(1).map_or("", |m| m.as_str());
            let ch = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .map(|h| u32::from_str_radix(h, 16))
                    .or_else(|| name.strip_prefix('#').map(str::parse::<u32>))
                    .and_then(Result::ok)
                    .and_then(char::from_u32)
                    .filter(|c| *c != '\0'),
            };
            ch.map_or_else(|| c[0].to_owned(), String::from)
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_cuts() {
        let s = " a  bc\nd ";
        let t: Vec<&str> = tokens(s).map(|(a, b)| &s[a..b]).collect();
        assert_eq!(t, ["a", "bc", "d"]);
        assert_eq!(without("x --f 1 y", &[(2, 7)]), "x y");
        assert_eq!(without("x --f\ny", &[(2, 5)]), "x \ny");
    }

    #[test]
    fn entities_decode_once() {
        assert_eq!(
            decode_entities("&amp;lt; &#39;&#x27;&nbsp;&zz;"),
            "&lt; ''\u{a0}&zz;"
        );
        assert_eq!(decode_entities("&#0; &#x110000;"), "&#0; &#x110000;");
    }

    #[test]
    fn hrefs() {
        assert_eq!(
            mxid_from_href("https://matrix.to/#/%40a%3Ab.c?via=b.c").as_deref(),
            Some("@a:b.c")
        );
        assert_eq!(
            mxid_from_href("matrix:u/a:b.c?action=chat").as_deref(),
            Some("@a:b.c")
        );
        assert_eq!(mxid_from_href("https://matrix.to/#/#room:b.c"), None);
        assert_eq!(mxid_from_href("https://matrix.to/#/é%"), None);
    }

    #[test]
    fn reply_fallback() {
        assert_eq!(
            remove_plain_reply_fallback("> <@a:b> hi\n> there\n\n!consens"),
            "!consens"
        );
        assert_eq!(
            remove_plain_reply_fallback("> quote\n\n!x"),
            "> quote\n\n!x"
        );
    }
}
