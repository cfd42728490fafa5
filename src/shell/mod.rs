//! `tuteur shell`: the same engine and store over the terminal. It is both the
//! embedded default for trying rituals and the harness of scenario tests: it reads standard
//! input line by line until its end and flushes the store after every line, so a scenario
//! can stop and a later run on the same store goes on where it stopped. At a terminal it
//! reads through a line editor with history (`editor.rs`), with a prompt naming who speaks
//! and where (`session.rs`).

mod editor;
mod line;
mod session;
mod transcript;

use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};

pub use line::{BadLine, Line, Where, parse_line};
pub use session::{Indented, Joiner, Session, entry_messages};
use transcript::{Kept, Transcript};

use crate::clock::Clock;
use crate::engine::{
    Action, Dest, Engine, EngineConfig, InKind, Incoming, Member, Outgoing, Place, Roster, Target,
};
use crate::i18n;
use crate::model::{GardenId, Lang, Msg, Text, UserId};
use crate::rituals::load::{MAX_FILE_BYTES, Rituals};
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
        for line in crate::rituals::diagnostic::render_all(&diags, opts.lang) {
            eprintln!("{line}");
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
    let mut shell = Shell::new(&engine, &store, &opts, interactive)?;
    if interactive {
        editor::run(&mut shell, &opts.members)?;
    } else {
        // Piped input: an indented line continues the message before it (a multi-line
        // `!retour`), so a message is handled once the next line shows it is complete.
        let mut out = std::io::stdout().lock();
        let mut joiner = Joiner::new(false);
        for line in stdin.lock().lines() {
            let line = line.context("reading standard input")?;
            if let Some(message) = joiner.push(&line) {
                shell.line(&message, &mut out)?;
            }
            out.flush()?;
        }
        if let Some(message) = joiner.finish() {
            shell.line(&message, &mut out)?;
        }
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
    session: Session,
}

impl<'a> Shell<'a> {
    /// Opens a session: restores the transcript numbering and the clock offset. At a
    /// terminal (`interactive`), a line without `name>` is said by the first member.
    pub fn new(
        engine: &'a Engine,
        store: &'a dyn Store,
        opts: &ShellOptions,
        interactive: bool,
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
        let session = Session::new(opts.members.first().map(String::as_str), interactive);
        Ok(Shell {
            engine,
            store,
            garden,
            roster,
            transcript,
            session,
        })
    }

    /// The editor's prompt: who speaks, and where (`alice> `, `alice [D1]> `).
    pub fn prompt(&self) -> String {
        let (place, id) = match self.session.place() {
            Where::Main => ("main", String::new()),
            Where::Thread(id) => ("thread", id.to_string()),
            Where::Direct => ("dm", String::new()),
        };
        self.tr(Msg::new("shell-prompt")
            .text("who", self.session.speaker().unwrap_or_default())
            .text("place", place)
            .text("id", id))
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
        let roster = &self.roster;
        let line = self
            .session
            .read(raw, &|who| roster.contains(&UserId::new(who)));
        match line {
            Line::Skip => {}
            Line::Help => {
                writeln!(out, "{}", self.tr(Msg::new("shell-help")))?;
            }
            Line::Speaker(who) => {
                if let Some(who) = self.member(&who, raw, out)? {
                    let text = self.tr(Msg::new("shell-speaker").text("who", who.as_str()));
                    writeln!(out, "-- {text}")?;
                }
            }
            Line::Go { place, .. } => {
                let text = self.tr(place_msg(place));
                writeln!(out, "-- {text}")?;
            }
            Line::AddRitual(path) => self.add_ritual(&path, raw, out)?,
            Line::Bad(why) => {
                let id = match why {
                    BadLine::NoSpeaker => "shell-bad-line",
                    BadLine::BadThread => "shell-bad-thread",
                    BadLine::BadAdvance => "shell-bad-advance",
                    BadLine::UnknownSlash => "shell-unknown-slash",
                    BadLine::NoName => "shell-bad-speaker",
                    BadLine::BadRitual => "shell-bad-ritual",
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
                    self.say(&who, place, text, None, out)?;
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

    /// `who` writes `text` in `place`; the transcript shows `shown` instead when given.
    fn say(
        &mut self,
        who: &UserId,
        place: Where,
        text: String,
        shown: Option<&str>,
        out: &mut dyn Write,
    ) -> anyhow::Result<()> {
        let n = self.transcript.next(self.store, &self.garden)?;
        echo(out, n, who.as_str(), place, shown.unwrap_or(&text))?;
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
            who,
            place,
            InKind::Text {
                body: text,
                html: None,
            },
        );
        self.deliver(&inc, out)
    }

    /// `/rituel ajouter FICHIER`: the file, sent by the current speaker in the current place
    /// as `!rituel ajouter` with the file in a code block, as a facilitator would write it in
    /// the room; the engine checks it and answers. A file that cannot be read is answered
    /// here.
    fn add_ritual(&mut self, path: &str, raw: &str, out: &mut dyn Write) -> anyhow::Result<()> {
        let Some(speaker) = self.session.speaker().map(str::to_owned) else {
            let text = self.tr(Msg::new("shell-bad-line").text("line", raw.trim()));
            writeln!(out, "! {text}")?;
            return Ok(());
        };
        let Some(who) = self.member(&speaker, raw, out)? else {
            return Ok(());
        };
        let source = match read_ritual_file(Path::new(path)) {
            Ok(source) => source,
            Err(why) => {
                writeln!(out, "! {}", self.tr(why.text("path", path)))?;
                return Ok(());
            }
        };
        let file = Path::new(path)
            .file_name()
            .map_or_else(|| path.to_owned(), |f| f.to_string_lossy().into_owned());
        let command = match self.lang() {
            Lang::Fr => "!rituel ajouter",
            Lang::En => "!ritual add",
        };
        let body = format!("{command} {file}\n```toml\n{}\n```", source.trim_end());
        let attached = Msg::new("shell-attached")
            .text("file", file.clone())
            .num("lines", source.lines().count() as i64);
        let shown = format!("{command} {file}\n{}", self.tr(attached));
        self.say(&who, self.session.place(), body, Some(&shown), out)
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

/// The largest file `/rituel ajouter` reads: far above what the engine accepts, so that it
/// is the engine that says a file is too big and by how much, without the shell reading
/// any file whole.
const MAX_READ_BYTES: u64 = 32 * MAX_FILE_BYTES as u64;

/// A ritual file's text, or why it cannot be read (a `shell-ritual-file` message lacking its
/// `path`).
fn read_ritual_file(path: &Path) -> Result<String, Msg> {
    let why = |reason: &str| Msg::new("shell-ritual-file").text("reason", reason.to_owned());
    let io = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => why("missing"),
        std::io::ErrorKind::PermissionDenied => why("denied"),
        std::io::ErrorKind::IsADirectory => why("folder"),
        std::io::ErrorKind::InvalidData => why("not-text"),
        _ => why("other").text("error", e.to_string()),
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(why("folder"));
    }
    if meta.len() > MAX_READ_BYTES {
        return Err(why("too-big")
            .num("size", meta.len() as i64)
            .num("max", MAX_FILE_BYTES as i64));
    }
    let mut source = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_READ_BYTES).read_to_string(&mut source))
        .map_err(io)?;
    Ok(source)
}

/// What `/fil`, `/salon` and `/dm` answer: where the lines go now.
fn place_msg(place: Where) -> Msg {
    match place {
        Where::Main => Msg::new("shell-place").text("place", "main"),
        Where::Thread(id) => Msg::new("shell-place")
            .text("place", "thread")
            .text("id", id.to_string()),
        Where::Direct => Msg::new("shell-place").text("place", "dm"),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemoryStore;

    fn engine() -> Engine {
        Engine::new(Rituals::builtin(), EngineConfig::default())
    }

    fn options() -> ShellOptions {
        ShellOptions {
            store: PathBuf::new(),
            garden: "jardin".to_owned(),
            members: ["alice", "bob", "carol"].map(str::to_owned).to_vec(),
            facilitators: Vec::new(),
            lang: Lang::Fr,
            seed: 0,
            rituals: None,
        }
    }

    /// What the shell prints for these lines, one message each.
    fn run(shell: &mut Shell<'_>, lines: &[&str]) -> String {
        let mut out = Vec::new();
        for line in lines {
            shell.line(line, &mut out).expect("line handled");
        }
        String::from_utf8(out).expect("utf-8")
    }

    /// The shipped check-in round under another name: a garden's ritual may not take a
    /// name of the bot's.
    fn welcome_round() -> String {
        let shipped = include_str!("../../rituals/inclusion.toml");
        let renamed = shipped
            .lines()
            .filter(|l| !l.starts_with("aliases"))
            .map(|l| {
                if l.starts_with("name =") {
                    "name = \"accueil\""
                } else {
                    l
                }
            })
            .collect::<Vec<_>>();
        renamed.join("\n")
    }

    #[test]
    fn a_ritual_file_added_from_the_shell_is_kept_and_runs() {
        let (engine, store) = (engine(), MemoryStore::new());
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("accueil.toml");
        std::fs::write(&path, welcome_round()).expect("file written");
        let mut shell = Shell::new(&engine, &store, &options(), true).expect("shell");
        let add = format!("/rituel ajouter {}", path.display());
        let out = run(&mut shell, &[&add, "!rituel accueil Quoi de neuf ?"]);
        assert!(
            out.starts_with("#1 alice> !rituel ajouter accueil.toml\n    📎 accueil.toml ("),
            "{out}"
        );
        assert!(!out.contains("[thread]"), "{out}");
        assert!(
            out.contains("Le rituel « Tour d'inclusion » est gardé pour ce jardin (version 1)"),
            "{out}"
        );
        assert!(out.contains("Question du jour : Quoi de neuf ?"), "{out}");
    }

    #[test]
    fn a_ritual_file_with_mistakes_is_answered_with_its_problems() {
        let (engine, store) = (engine(), MemoryStore::new());
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("faux.toml");
        std::fs::write(
            &path,
            "name = \"faux\"\n\n[[steps]]\nid = \"a\"\nkind = \"danse\"\n",
        )
        .expect("file written");
        let mut shell = Shell::new(&engine, &store, &options(), true).expect("shell");
        let out = run(
            &mut shell,
            &[
                &format!("/rituel ajouter {}", path.display()),
                "!rituel liste",
            ],
        );
        assert!(out.contains("Le rituel n'est pas gardé"), "{out}");
        assert!(out.contains("4 problèmes"), "{out}");
        assert!(
            out.contains("ligne 5, colonne 8 : erreur : « kind = \"danse\" » est inconnu"),
            "{out}"
        );
        assert!(!out.contains("gardé pour ce jardin"), "{out}");
    }

    #[test]
    fn a_missing_ritual_file_is_answered_by_the_shell() {
        let (engine, store) = (engine(), MemoryStore::new());
        let dir = tempfile::tempdir().expect("tempdir");
        let mut shell = Shell::new(&engine, &store, &options(), true).expect("shell");
        let missing = dir.path().join("absent.toml");
        let out = run(
            &mut shell,
            &[
                &format!("/rituel ajouter {}", missing.display()),
                &format!("/ritual add {}", dir.path().display()),
            ],
        );
        assert!(
            out.contains("! Impossible de lire « ") && out.contains("ce fichier n'existe pas"),
            "{out}"
        );
        assert!(out.contains("c'est un dossier"), "{out}");
        assert!(!out.contains("#1"), "nothing was sent to the bot: {out}");
    }

    #[test]
    fn the_prompt_follows_the_speaker_and_the_place() {
        let (engine, store) = (engine(), MemoryStore::new());
        let mut shell = Shell::new(&engine, &store, &options(), true).expect("shell");
        assert_eq!(shell.prompt(), "alice> ");
        let out = run(&mut shell, &["/je bob", "/fil D1"]);
        assert!(out.contains("-- C'est bob qui parle."), "{out}");
        assert!(
            out.contains("-- Les lignes vont dans le fil de D1"),
            "{out}"
        );
        assert_eq!(shell.prompt(), "bob [D1]> ");
        run(&mut shell, &["/dm"]);
        assert_eq!(shell.prompt(), "bob (dm)> ");
        let out = run(&mut shell, &["/je zoé", "/danse", "/aide"]);
        assert!(out.contains("« zoé » n'est pas membre"), "{out}");
        assert!(
            out.contains("Commande du shell inconnue : « /danse »"),
            "{out}"
        );
        assert!(out.contains("/fil D1 (/thread)"), "{out}");
        assert_eq!(shell.prompt(), "bob (dm)> ");
    }
}
