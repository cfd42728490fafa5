//! `tuteur shell`: the same engine and store over the terminal. It is both the
//! embedded default for trying rituals and the harness of scenario tests: it reads standard
//! input line by line until its end and flushes the store after every line, so a scenario
//! can stop and a later run on the same store goes on where it stopped.

mod line;
mod transcript;

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};

pub use line::{BadLine, Line, Where, parse_line};
use transcript::{Kept, Transcript};

use crate::clock::Clock;
use crate::engine::{
    Action, Dest, Engine, EngineConfig, InKind, Incoming, Member, Outgoing, Place, Roster, Target,
};
use crate::i18n;
use crate::model::{GardenId, Lang, Msg, Text, UserId};
use crate::rituals::load::Rituals;
use crate::store::{SledStore, Store, StoreError};

/// What `tuteur shell` was given.
#[derive(Debug, Clone)]
pub struct ShellOptions {
    /// Store folder.
    pub store: PathBuf,
    /// Garden name.
    pub garden: String,
    /// Joined members.
    pub members: Vec<String>,
    /// Facilitators (default: the first member).
    pub facilitators: Vec<String>,
    /// Language of a new garden.
    pub lang: Lang,
    /// Seed of random orders.
    pub seed: u64,
    /// Extra rituals folder.
    pub rituals: Option<PathBuf>,
}

/// The shell's clock: the system clock plus the offset `/avance` added, kept in the store.
struct ShellClock {
    offset: Duration,
}

impl Clock for ShellClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.offset
    }
}

/// The clock of a garden's shell sessions: the system clock plus what `/avance` added, so
/// that `tuteur digest` and `tuteur export` on a shell store see the shell's own "now".
pub fn shell_clock(store: &dyn Store, garden: &GardenId) -> Result<impl Clock, StoreError> {
    let t = Transcript::load(store, garden)?;
    Ok(ShellClock {
        offset: Duration::minutes(t.offset_minutes),
    })
}

/// Runs the shell over standard input and output.
pub fn run(opts: ShellOptions) -> anyhow::Result<()> {
    let store = SledStore::open(&opts.store)
        .with_context(|| format!("opening the store at {}", opts.store.display()))?;
    let mut rituals = Rituals::builtin();
    if let Some(dir) = &opts.rituals
        && let Err(diags) = rituals.load_dir(dir)
    {
        for d in diags {
            eprintln!("{d}");
        }
        anyhow::bail!("the rituals in {} have errors", dir.display());
    }
    let engine = Engine::new(
        rituals,
        EngineConfig {
            lang: opts.lang,
            seed: opts.seed,
            ..EngineConfig::default()
        },
    );
    engine.open_commons(&store)?;
    let stdin = std::io::stdin();
    let interactive = stdin.is_terminal();
    let mut out = std::io::stdout().lock();
    let mut shell = Shell::new(&engine, &store, &opts)?;
    if interactive {
        let welcome = shell.tr(Msg::new("shell-welcome").text("members", opts.members.join(", ")));
        writeln!(out, "{welcome}")?;
    }
    // Piped input: an indented line continues the message before it (a multi-line
    // `!retour`), so a message is handled once the next line shows it is complete.
    let mut pending: Option<String> = None;
    for line in stdin.lock().lines() {
        let line = line.context("reading standard input")?;
        if interactive {
            shell.line(&line, &mut out)?;
        } else if let Some(p) = pending.as_mut().filter(|_| line.starts_with([' ', '\t'])) {
            p.push('\n');
            p.push_str(line.trim_start());
        } else if let Some(p) = pending.replace(line) {
            shell.line(&p, &mut out)?;
        }
        out.flush()?;
    }
    if let Some(p) = pending {
        shell.line(&p, &mut out)?;
    }
    store.flush()?;
    Ok(())
}

/// One shell session over a store.
pub struct Shell<'a> {
    engine: &'a Engine,
    store: &'a dyn Store,
    garden: GardenId,
    roster: Roster,
    transcript: Transcript,
}

impl<'a> Shell<'a> {
    /// Opens a session: restores the transcript numbering and the clock offset.
    pub fn new(
        engine: &'a Engine,
        store: &'a dyn Store,
        opts: &ShellOptions,
    ) -> anyhow::Result<Self> {
        let facilitators: Vec<&String> = if opts.facilitators.is_empty() {
            opts.members.iter().take(1).collect()
        } else {
            opts.facilitators.iter().collect()
        };
        let roster = Roster {
            members: opts
                .members
                .iter()
                .map(|m| Member {
                    id: UserId::new(m.clone()),
                    name: m.clone(),
                    joined_at: None,
                    facilitator: facilitators.contains(&m),
                })
                .collect(),
            room_name: None,
        };
        let garden = GardenId::new(opts.garden.clone());
        let transcript = Transcript::load(store, &garden)?;
        Ok(Shell {
            engine,
            store,
            garden,
            roster,
            transcript,
        })
    }

    fn clock(&self) -> ShellClock {
        ShellClock {
            offset: Duration::minutes(self.transcript.offset_minutes),
        }
    }

    fn lang(&self) -> Lang {
        self.engine
            .garden(self.store, &self.garden)
            .map(|g| g.settings.lang)
            .unwrap_or(self.engine.config().lang)
    }

    fn tr(&self, msg: Msg) -> String {
        let tz = self.engine.config().tz;
        i18n::tr(self.lang(), tz, &msg)
    }

    /// Handles one input line and writes the transcript lines it produces.
    pub fn line(&mut self, raw: &str, out: &mut dyn Write) -> anyhow::Result<()> {
        match parse_line(raw) {
            Line::Skip => {}
            Line::Bad(why) => {
                let id = match why {
                    BadLine::NoSpeaker => "shell-bad-line",
                    BadLine::BadThread => "shell-bad-thread",
                    BadLine::BadAdvance => "shell-bad-advance",
                    BadLine::UnknownSlash => "shell-unknown-slash",
                };
                writeln!(out, "! {}", self.tr(Msg::new(id).text("line", raw.trim())))?;
            }
            Line::Advance(span) => {
                self.transcript.offset_minutes += span.minutes;
                self.transcript.save_clock(self.store, &self.garden)?;
                let now = self.clock().now();
                let tz = self.engine.garden(self.store, &self.garden)?.settings.tz;
                let text = i18n::tr(
                    self.lang(),
                    tz,
                    &Msg::new("shell-advanced").time("now", now),
                );
                writeln!(out, "-- {text}")?;
            }
            Line::Leave(who) => {
                if let Some(who) = self.member(&who, raw, out)? {
                    self.roster.members.retain(|m| m.id != who);
                    let n = self.transcript.next(self.store, &self.garden)?;
                    let text = self.tr(Msg::new("shell-left").user("who", &who, who.as_str()));
                    writeln!(out, "-- {text}")?;
                    let inc = self.incoming(format!("shell-{n}"), &who, Where::Main, InKind::Left);
                    self.deliver(&inc, out)?;
                }
            }
            Line::Say { who, place, text } => {
                if let Some(who) = self.member(&who, raw, out)? {
                    let n = self.transcript.next(self.store, &self.garden)?;
                    echo(out, n, who.as_str(), place, &text)?;
                    let event_id = format!("shell-{n}");
                    self.transcript.keep(
                        self.store,
                        &self.garden,
                        n,
                        &Kept {
                            event_id: event_id.clone(),
                            bot_ref: None,
                            author: Some(who.clone()),
                            body: Some(text.clone()),
                            place: place_key(place, None),
                        },
                    )?;
                    let inc = self.incoming(
                        event_id,
                        &who,
                        place,
                        InKind::Text {
                            body: text,
                            html: None,
                        },
                    );
                    self.deliver(&inc, out)?;
                }
            }
            Line::React {
                who,
                place,
                key,
                target,
            } => {
                if let Some(who) = self.member(&who, raw, out)? {
                    let target_n = match target {
                        Some(n) => Some(n),
                        None => {
                            let at = place_key(place, Some(&who));
                            self.transcript.last_bot(self.store, &self.garden, &at)?
                        }
                    };
                    let n = self.transcript.next(self.store, &self.garden)?;
                    let shown = target_n
                        .map(|t| format!("+{key} #{t}"))
                        .unwrap_or(format!("+{key}"));
                    echo(out, n, who.as_str(), place, &shown)?;
                    let kept = match target_n {
                        Some(t) => self.transcript.get(self.store, &self.garden, t)?,
                        None => None,
                    };
                    if let Some(kept) = kept {
                        let target = Target {
                            event_id: kept.event_id,
                            bot_ref: kept.bot_ref,
                            author: kept.author,
                            body: kept.body,
                        };
                        let inc = self.incoming(
                            format!("shell-{n}"),
                            &who,
                            place,
                            InKind::Reaction { key, target },
                        );
                        self.deliver(&inc, out)?;
                    }
                }
            }
        }
        let clock = self.clock();
        let mut outs = self
            .engine
            .tick(self.store, &clock, &self.garden, &self.roster)?;
        // The shell's commons room is its own transcript: the Grand Jardin digest too.
        outs.extend(self.engine.tick_commons(self.store, &clock, &self.garden)?);
        self.print(&outs, out)?;
        self.store.flush()?;
        Ok(())
    }

    fn member(&self, who: &str, raw: &str, out: &mut dyn Write) -> anyhow::Result<Option<UserId>> {
        let id = UserId::new(who);
        if self.roster.contains(&id) {
            return Ok(Some(id));
        }
        let members: Vec<String> = self.roster.members.iter().map(|m| m.name.clone()).collect();
        let msg = Msg::new("shell-unknown-member")
            .text("who", who)
            .text("members", members.join(", "))
            .text("line", raw.trim());
        writeln!(out, "! {}", self.tr(msg))?;
        Ok(None)
    }

    fn incoming(&self, event_id: String, who: &UserId, place: Where, kind: InKind) -> Incoming {
        Incoming {
            garden: self.garden.clone(),
            event_id,
            sender: who.clone(),
            sender_name: who.as_str().to_owned(),
            at: self.clock().now(),
            place: match place {
                Where::Main => Place::Main,
                Where::Thread(id) => Place::Thread(id),
                Where::Direct => Place::Direct,
            },
            kind,
        }
    }

    fn deliver(&mut self, inc: &Incoming, out: &mut dyn Write) -> anyhow::Result<()> {
        let clock = self.clock();
        let outs = self.engine.handle(self.store, &clock, inc, &self.roster)?;
        self.print(&outs, out)
    }

    fn print(&mut self, outs: &[Outgoing], out: &mut dyn Write) -> anyhow::Result<()> {
        for o in outs {
            let n = self.transcript.next(self.store, &self.garden)?;
            let (place, dm) = match &o.dest {
                // The shell has no commons room: its posts are shown, marked as such.
                Dest::Room | Dest::Commons => (Where::Main, None),
                Dest::Thread(id) => (Where::Thread(*id), None),
                Dest::Direct(u) => (Where::Direct, Some(u.clone())),
            };
            let prefix = match (&place, &dm) {
                _ if o.dest == Dest::Commons => format!("#{n} tuteur (communs)> "),
                (Where::Thread(id), _) => format!("#{n} tuteur [{id}]> "),
                (Where::Direct, Some(u)) => format!("#{n} tuteur (dm {u})> "),
                _ => format!("#{n} tuteur> "),
            };
            // Reactions and edits point at the message they concern by its number, and
            // never become the latest message a `+✅` answers.
            let number = |r: &str| -> anyhow::Result<String> {
                Ok(
                    match self.transcript.number_of(self.store, &self.garden, r)? {
                        Some(n) => format!("#{n}"),
                        None => "#?".to_owned(),
                    },
                )
            };
            let (body, latest) = match &o.action {
                Action::Post { text, .. } => (render(o, text), true),
                Action::React { target_event, key } => {
                    let on = target_event
                        .strip_prefix("shell-")
                        .map_or_else(|| "#?".to_owned(), |n| format!("#{n}"));
                    (format!("+{key} {on}"), false)
                }
                Action::ReactOwn { target_ref, key } => {
                    (format!("+{key} {}", number(target_ref)?), false)
                }
                Action::Edit {
                    target_ref, text, ..
                } => (
                    format!("✎ {} {}", number(target_ref)?, render(o, text)),
                    false,
                ),
            };
            write_block(out, &prefix, &body)?;
            self.transcript.keep(
                self.store,
                &self.garden,
                n,
                &Kept {
                    event_id: format!("bot-{}", o.out_ref),
                    bot_ref: latest.then(|| o.out_ref.clone()),
                    author: None,
                    body: None,
                    // A commons post is never "the bot's latest message" of the room, so
                    // that `+✅` keeps answering the garden's own questions.
                    place: if o.dest == Dest::Commons {
                        "commons".to_owned()
                    } else {
                        place_key(place, dm.as_ref())
                    },
                },
            )?;
        }
        Ok(())
    }
}

fn render(o: &Outgoing, text: &Text) -> String {
    i18n::render(o.lang, o.tz, text).body
}

fn echo(out: &mut dyn Write, n: u64, who: &str, place: Where, text: &str) -> std::io::Result<()> {
    let prefix = match place {
        Where::Main => format!("#{n} {who}> "),
        Where::Thread(id) => format!("#{n} {who} [{id}]> "),
        Where::Direct => format!("#{n} {who} (dm)> "),
    };
    write_block(out, &prefix, text)
}

/// Writes a possibly multi-line text; continuation lines are indented.
fn write_block(out: &mut dyn Write, prefix: &str, body: &str) -> std::io::Result<()> {
    let mut lines = body.lines();
    writeln!(out, "{prefix}{}", lines.next().unwrap_or(""))?;
    for l in lines {
        writeln!(out, "    {l}")?;
    }
    Ok(())
}

/// A key naming a place, to find "the bot's latest message there" (DMs per member).
fn place_key(place: Where, dm: Option<&UserId>) -> String {
    match (place, dm) {
        (Where::Main, _) => "main".to_owned(),
        (Where::Thread(id), _) => format!("thread-{id}"),
        (Where::Direct, Some(u)) => format!("dm-{u}"),
        (Where::Direct, None) => "dm".to_owned(),
    }
}
