//! A garden's own rituals, added from its room: `!rituel ajouter` (the file attached, or in
//! a code block), `!rituel liste`, `!rituel voir <nom>`, `!rituel retirer <nom>`, and
//! `!rituel historique` (the runs of rituals without a register of their own).
//!
//! Each version of a garden's ritual is one value in the registers, keyed by garden, name
//! and version, so nothing is overwritten: removing writes a version without a file, and
//! adding again writes the next version. The garden's state lists the version in use of
//! each ([`GardenState::rituals`]); the engine layers those over the bot's rituals for
//! this garden only (`Engine::ctx`), so another garden never sees them. A garden's ritual
//! takes no name the bot's rituals use, and is checked exactly as a folder's file is.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ctx::{Ctx, Flow, Refusal, Stop};
use super::io::{InKind, Incoming};
use crate::garden::GardenState;
use crate::model::{Msg, OwnText, RunId, Text, Words};
use crate::registers::{self, HistoryRecord, Register};
use crate::rituals::definition::RitualDef;
use crate::rituals::load::{self, Diagnostic, Origin};
use crate::store::{StoreError, Tree, Tx, key};
use crate::text::fold;

/// The most rituals of its own a garden keeps: each is read at every start.
pub const MAX_OWN: usize = 20;

/// The most problems listed in one answer: the rest are counted.
const MAX_LISTED: usize = 15;

/// The most runs `!rituel historique` lists (the latest).
const MAX_HISTORY: usize = 10;

/// One version of a garden's ritual, as kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredRitual {
    /// The ritual's name.
    pub name: String,
    /// Its version, from 1.
    pub version: u32,
    /// When it was added (or removed).
    pub at: DateTime<Utc>,
    /// The file; `None` for the version that removed it.
    #[serde(default)]
    pub source: Option<String>,
}

/// What `!rituel` does besides starting a ritual.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sub {
    /// `!rituel ajouter`.
    Add,
    /// `!rituel liste`.
    List,
    /// `!rituel voir <nom>`.
    Show,
    /// `!rituel retirer <nom>`.
    Remove,
    /// `!rituel historique`.
    History,
}

/// The subcommand `word` names (French or English, any case), if it is one.
pub fn sub(word: &str) -> Option<Sub> {
    match fold(word).as_str() {
        "ajouter" | "add" => Some(Sub::Add),
        "liste" | "list" => Some(Sub::List),
        "voir" | "show" => Some(Sub::Show),
        "retirer" | "remove" => Some(Sub::Remove),
        "historique" | "history" => Some(Sub::History),
        _ => None,
    }
}

fn version_key(garden: &GardenState, name: &str, version: u32) -> Vec<u8> {
    key(&[
        garden.id.as_str().as_bytes(),
        b"rituals",
        name.as_bytes(),
        &version.to_be_bytes(),
    ])
}

fn versions_prefix(garden: &GardenState, name: &str) -> Vec<u8> {
    let mut k = key(&[garden.id.as_str().as_bytes(), b"rituals", name.as_bytes()]);
    k.push(0);
    k
}

/// A garden's ritual parsed, with the file it was read from.
pub type LoadedRitual = (Arc<RitualDef>, Arc<str>);

/// The garden's rituals in use, parsed, with their files: what the engine layers over the
/// bot's for this garden. A kept version that no longer reads (a newer bot refusing an old
/// file) is left out with a log line, never a panic.
pub fn load_defs(tx: &Tx<'_>, garden: &GardenState) -> Result<Vec<LoadedRitual>, StoreError> {
    let mut defs = Vec::with_capacity(garden.rituals.len());
    for (name, version) in &garden.rituals {
        let kept: Option<StoredRitual> =
            tx.get(Tree::Registers, &version_key(garden, name, *version))?;
        let Some(source) = kept.and_then(|k| k.source) else {
            continue;
        };
        match load::parse_file(name, &source) {
            Ok(def) => defs.push((Arc::new(def), Arc::from(source.as_str()))),
            Err(diags) => {
                let first = diags.first().map(ToString::to_string).unwrap_or_default();
                tracing::warn!(garden = %garden.id, ritual = %name, %first, "a garden's ritual no longer reads");
            }
        }
    }
    Ok(defs)
}

/// `!rituel <sub> [arg]`, for facilitators (the dispatcher checked).
pub fn command(ctx: &mut Ctx<'_>, inc: &Incoming, sub: Sub, arg: Option<String>) -> Flow {
    let text = match sub {
        Sub::Add => add(ctx, inc)?,
        Sub::List => list(ctx)?,
        Sub::Show => show(ctx, &name_arg(arg)?)?,
        Sub::Remove => remove(ctx, &name_arg(arg)?)?,
        Sub::History => history(ctx)?,
    };
    ctx.reply(inc, text);
    Ok(())
}

fn name_arg(arg: Option<String>) -> Flow<String> {
    arg.and_then(|a| a.split_whitespace().next().map(str::to_lowercase))
        .ok_or_else(|| {
            Msg::new("usage-line")
                .label("usage", crate::command::CommandName::Ritual.usage_id())
                .into()
        })
}

/// True when `body` is `!rituel ajouter` with no file written in it: the transport then
/// fetches the file attached to it (its caption) or the one it replies to.
pub fn wants_file(body: &str, prefix: &str) -> bool {
    let is_add = match crate::command::parse(body, None, prefix) {
        crate::command::Parsed::Command(crate::command::Command::Ritual { name, .. }) => {
            sub(&name) == Some(Sub::Add)
        }
        _ => false,
    };
    is_add && file_of(body).is_none()
}

/// `!rituel ajouter` with an attached file's name and text, as [`file_of`] reads it.
pub fn with_file(command: &str, name: &str, source: &str) -> String {
    format!("{} {name}\n```toml\n{source}\n```", command.trim())
}

/// The ritual file of `!rituel ajouter`: a fenced code block of the message, else the lines
/// after the command; and the file name written after the command, if any (an attachment's).
pub fn file_of(body: &str) -> Option<(Option<String>, String)> {
    let (first, rest) = body.split_once('\n').unwrap_or((body, ""));
    let label = first
        .split_whitespace()
        .skip(2)
        .find(|w| w.ends_with(".toml") && !w.contains("```"))
        .map(str::to_owned);
    let source = if let Some(open) = body.find("```") {
        let after = &body[open + 3..];
        // The fence's own line may name a language (```toml).
        let inner = after.split_once('\n').map_or("", |(_, b)| b);
        inner
            .find("```")
            .map_or(inner, |close| &inner[..close])
            .to_owned()
    } else {
        rest.to_owned()
    };
    (!source.trim().is_empty()).then_some((label, source))
}

/// Lines saying each problem (the first [`MAX_LISTED`]).
fn problem_lines(text: &mut Text, diags: &[Diagnostic]) {
    for d in diags.iter().take(MAX_LISTED) {
        text.push(Msg::new("garden-ritual-line").nested("problem", d.as_msg()));
    }
    if diags.len() > MAX_LISTED {
        text.push(Msg::new("digest-more").num("count", (diags.len() - MAX_LISTED) as i64));
    }
}

fn refused(diags: &[Diagnostic]) -> Stop {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let mut text = Text::one(Msg::new("garden-ritual-refused").num("count", errors as i64));
    problem_lines(&mut text, diags);
    Stop::Refuse(Refusal(text))
}

/// The run of `name` still going, if any: a ritual is not changed under a run.
fn running(ctx: &Ctx<'_>, name: &str) -> Flow<Option<RunId>> {
    Ok(ctx
        .active_runs()?
        .into_iter()
        .find(|r| r.ritual == name)
        .map(|r| r.id))
}

fn add(ctx: &mut Ctx<'_>, inc: &Incoming) -> Flow<Text> {
    let InKind::Text { body, .. } = &inc.kind else {
        return Err(Msg::new("garden-ritual-no-file").into());
    };
    let Some((label, source)) = file_of(body) else {
        return Err(Msg::new("garden-ritual-no-file").into());
    };
    let file = label.unwrap_or_else(|| "rituel.toml".to_owned());
    let (def, diags) = ctx.rituals.check_str(&file, &source, Origin::Garden);
    let Some(def) = def else {
        return Err(refused(&diags));
    };
    let name = def.name().to_owned();
    let known = ctx.garden.rituals.iter().any(|(n, _)| *n == name);
    if !known && ctx.garden.rituals.len() >= MAX_OWN {
        return Err(Msg::new("garden-ritual-too-many")
            .num("max", MAX_OWN as i64)
            .into());
    }
    if let Some(id) = running(ctx, &name)? {
        return Err(busy(id, &name));
    }
    let version = next_version(ctx, &name)?;
    let kept = StoredRitual {
        name: name.clone(),
        version,
        at: ctx.now,
        source: Some(source),
    };
    let k = version_key(&ctx.garden, &name, version);
    ctx.tx.put(Tree::Registers, k, &kept)?;
    match ctx.garden.rituals.iter_mut().find(|(n, _)| *n == name) {
        Some(entry) => entry.1 = version,
        None => ctx.garden.rituals.push((name.clone(), version)),
    }
    let mut text = Text::one(
        Msg::new("garden-ritual-added")
            .words("title", &def.title_words())
            .num("version", i64::from(version))
            .text("name", name),
    );
    let warnings: Vec<Diagnostic> = diags.into_iter().filter(|d| !d.is_error()).collect();
    if !warnings.is_empty() {
        text.push(Msg::new("garden-ritual-warnings").num("count", warnings.len() as i64));
        problem_lines(&mut text, &warnings);
    }
    Ok(text)
}

fn busy(id: RunId, name: &str) -> Stop {
    Msg::new("garden-ritual-busy")
        .text("id", id.to_string())
        .text("name", name.to_owned())
        .into()
}

/// Every kept version of `name`, oldest first.
fn versions(ctx: &Ctx<'_>, name: &str) -> Flow<Vec<StoredRitual>> {
    Ok(ctx
        .tx
        .scan::<StoredRitual>(Tree::Registers, &versions_prefix(&ctx.garden, name))?
        .into_iter()
        .map(|(_, v)| v)
        .collect())
}

fn next_version(ctx: &Ctx<'_>, name: &str) -> Flow<u32> {
    Ok(versions(ctx, name)?
        .iter()
        .map(|v| v.version)
        .max()
        .unwrap_or(0)
        + 1)
}

fn own_names(ctx: &Ctx<'_>) -> String {
    if ctx.garden.rituals.is_empty() {
        return "—".to_owned();
    }
    ctx.garden
        .rituals
        .iter()
        .map(|(n, _)| n.clone())
        .collect::<Vec<_>>()
        .join(", ")
}

fn list(ctx: &Ctx<'_>) -> Flow<Text> {
    let mut text = Text::one(
        Msg::new("garden-ritual-list-header").num("count", ctx.garden.rituals.len() as i64),
    );
    for (name, version) in &ctx.garden.rituals {
        let kept: Option<StoredRitual> = ctx
            .tx
            .get(Tree::Registers, &version_key(&ctx.garden, name, *version))?;
        let title = ctx
            .rituals
            .find(name)
            .map_or_else(|| plain(name), RitualDef::title_words);
        let mut line = Msg::new("garden-ritual-list-line")
            .text("name", name.clone())
            .words("title", &title)
            .num("version", i64::from(*version));
        if let Some(k) = kept {
            line = line.time("at", k.at);
        }
        text.push(line);
    }
    let bots: Vec<String> = ctx
        .rituals
        .names()
        .into_iter()
        .filter(|n| ctx.rituals.origin(n) != Some(Origin::Garden))
        .collect();
    text.push(Msg::new("garden-ritual-list-footer").text("names", bots.join(", ")));
    Ok(text)
}

/// A name shown as a title when a ritual has none at hand.
fn plain(name: &str) -> Words {
    Words::Own(OwnText {
        fr: Some(name.to_owned()),
        en: Some(name.to_owned()),
    })
}

fn show(ctx: &Ctx<'_>, name: &str) -> Flow<Text> {
    let Some(def) = ctx.rituals.find(name) else {
        return Err(unknown(ctx, name));
    };
    let name = def.name().to_owned();
    let source = ctx.rituals.source(&name).unwrap_or_default().to_owned();
    let own = ctx.garden.rituals.iter().find(|(n, _)| *n == name);
    let mut head = Msg::new("garden-ritual-shown")
        .words("title", &def.title_words())
        .text("name", name.clone())
        .num("version", own.map_or(0, |(_, v)| i64::from(*v)));
    if let Some((_, v)) = own
        && let Some(k) = ctx
            .tx
            .get::<StoredRitual>(Tree::Registers, &version_key(&ctx.garden, &name, *v))?
    {
        head = head.time("at", k.at);
    }
    let mut text = Text::one(head);
    text.push(
        Msg::new("garden-ritual-source")
            .text("source", format!("```toml\n{}\n```", source.trim_end())),
    );
    Ok(text)
}

fn unknown(ctx: &Ctx<'_>, name: &str) -> Stop {
    Msg::new("garden-ritual-unknown")
        .text("name", name.to_owned())
        .text("names", own_names(ctx))
        .into()
}

fn remove(ctx: &mut Ctx<'_>, name: &str) -> Flow<Text> {
    let wanted = ctx.rituals.find(name).map(|d| d.name().to_owned());
    let Some(name) = wanted.filter(|n| ctx.garden.rituals.iter().any(|(own, _)| own == n)) else {
        return Err(match ctx.rituals.find(name) {
            Some(def) => Msg::new("garden-ritual-not-own")
                .text("name", def.name().to_owned())
                .into(),
            None => unknown(ctx, name),
        });
    };
    if let Some(id) = running(ctx, &name)? {
        return Err(busy(id, &name));
    }
    let version = next_version(ctx, &name)?;
    let gone = StoredRitual {
        name: name.clone(),
        version,
        at: ctx.now,
        source: None,
    };
    let k = version_key(&ctx.garden, &name, version);
    ctx.tx.put(Tree::Registers, k, &gone)?;
    ctx.garden.rituals.retain(|(n, _)| *n != name);
    let kept = i64::from(version - 1);
    Ok(Text::one(
        Msg::new("garden-ritual-removed")
            .text("name", name)
            .num("count", kept),
    ))
}

fn history(ctx: &Ctx<'_>) -> Flow<Text> {
    let all: Vec<HistoryRecord> = registers::list(&ctx.tx, &ctx.garden.id, Register::History)?;
    let mut text =
        Text::one(Msg::new("garden-ritual-history-header").num("count", all.len() as i64));
    let skip = all.len().saturating_sub(MAX_HISTORY);
    for r in &all[skip..] {
        let state = if r.interrupted {
            "interrupted"
        } else if r.cancelled {
            "cancelled"
        } else {
            "done"
        };
        let title = r.title.clone().unwrap_or_else(|| plain(&r.ritual));
        text.push(
            Msg::new("garden-ritual-history-line")
                .text("id", r.id.to_string())
                .words("title", &title)
                .time("at", r.at)
                .text("state", state)
                .users("speakers", r.speakers.clone())
                .num("count", r.speakers.len() as i64),
        );
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_comes_from_a_code_block_or_the_lines_after_the_command() {
        let (label, src) =
            file_of("!rituel ajouter debrief.toml\n```toml\nname = \"x\"\n```\nmerci")
                .expect("file");
        assert_eq!(label.as_deref(), Some("debrief.toml"));
        assert_eq!(src, "name = \"x\"\n");
        let (label, src) = file_of("!rituel ajouter\nname = \"x\"\ntitle = \"t\"").expect("file");
        assert_eq!(label, None);
        assert_eq!(src, "name = \"x\"\ntitle = \"t\"");
        assert!(file_of("!rituel ajouter").is_none());
        assert!(file_of("!rituel ajouter\n```\n```").is_none());
        assert_eq!(sub("AJOUTER"), Some(Sub::Add));
        assert_eq!(sub("remove"), Some(Sub::Remove));
        assert_eq!(sub("cloture"), None);
    }
}
