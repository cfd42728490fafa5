//! A transcript-test harness over the engine: a fake clock, a seeded RNG, an in-memory
//! store, and assertions on message ids and arguments (not on rendered text).
#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use tuteur::clock::FakeClock;
use tuteur::command::parse_span;
use tuteur::engine::{
    Action, Dest, Engine, EngineConfig, InKind, Incoming, Member, Outgoing, Place, Roster, Target,
};
use tuteur::model::{Arg, GardenId, Lang, Msg, RunId, UserId};
use tuteur::rituals::load::Rituals;
use tuteur::store::{MemoryStore, Store, Tree, dump};

/// A scripted garden.
pub struct Script {
    pub engine: Engine,
    pub store: MemoryStore,
    pub clock: FakeClock,
    pub roster: Roster,
    pub garden: GardenId,
    n: u64,
    /// Everything the bot produced, in order.
    pub log: Vec<Outgoing>,
    /// What the last input produced.
    pub last: Vec<Outgoing>,
}

/// Renders every message in French and in English, as members would read it, and fails on
/// any Fluent error, missing translation or unresolved placeholder.
pub fn assert_readable(out: &[Outgoing]) {
    for o in out {
        let Some(text) = o.text() else { continue };
        for lang in [Lang::Fr, Lang::En] {
            let problems = tuteur::i18n::problems(lang, o.tz, text);
            assert!(
                problems.is_empty(),
                "message {:?} does not render cleanly in {}: {problems:?}\n{}",
                text.ids(),
                lang.tag(),
                tuteur::i18n::render(lang, o.tz, text).body
            );
        }
    }
}

/// Monday 2026-11-23 09:00 UTC.
pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
        .single()
        .expect("valid date")
}

impl Script {
    /// A French garden with these members; the first is facilitator.
    pub fn new(members: &[&str]) -> Self {
        Self::with(members, &members[..1], Lang::Fr, 0)
    }

    /// Full control.
    pub fn with(members: &[&str], facilitators: &[&str], lang: Lang, seed: u64) -> Self {
        let engine = Engine::new(
            Rituals::builtin(),
            EngineConfig {
                lang,
                seed,
                ..EngineConfig::default()
            },
        );
        let roster = Roster {
            members: members
                .iter()
                .map(|m| Member {
                    id: UserId::new(*m),
                    name: m.to_string(),
                    joined_at: None,
                    facilitator: facilitators.contains(m),
                })
                .collect(),
            room_name: None,
        };
        Script {
            engine,
            store: MemoryStore::new(),
            clock: FakeClock::new(start_time()),
            roster,
            garden: GardenId::new("jardin"),
            n: 0,
            log: Vec::new(),
            last: Vec::new(),
        }
    }

    fn send(&mut self, who: &str, place: Place, kind: InKind) -> &mut Self {
        self.n += 1;
        let inc = Incoming {
            garden: self.garden.clone(),
            event_id: format!("$ev{}", self.n),
            sender: UserId::new(who),
            sender_name: who.to_owned(),
            at: tuteur::clock::Clock::now(&self.clock),
            place,
            kind,
        };
        self.deliver(&inc)
    }

    /// Delivers an event as a transport would (also to test duplicates).
    pub fn deliver(&mut self, inc: &Incoming) -> &mut Self {
        let out = self
            .engine
            .handle(&self.store, &self.clock, inc, &self.roster)
            .expect("engine handles the event");
        assert_readable(&out);
        self.log.extend(out.iter().cloned());
        self.last = out;
        self
    }

    /// The last event id used.
    pub fn last_event(&self) -> String {
        format!("$ev{}", self.n)
    }

    /// `who` writes in the main timeline.
    pub fn say(&mut self, who: &str, text: &str) -> &mut Self {
        self.send(who, Place::Main, text_kind(text))
    }

    /// `who` writes in the thread of `run` (`"D1"`).
    pub fn say_in(&mut self, who: &str, run: &str, text: &str) -> &mut Self {
        let id: RunId = run.parse().expect("run id");
        self.send(who, Place::Thread(id), text_kind(text))
    }

    /// `who` writes to the bot in private.
    pub fn dm(&mut self, who: &str, text: &str) -> &mut Self {
        self.send(who, Place::Direct, text_kind(text))
    }

    /// `who` reacts with `key` to the bot message with this out_ref.
    pub fn react(&mut self, who: &str, key: &str, out_ref: &str) -> &mut Self {
        let target = Target {
            event_id: format!("bot-{out_ref}"),
            bot_ref: Some(out_ref.to_owned()),
            author: None,
            body: None,
        };
        self.send(
            who,
            Place::Main,
            InKind::Reaction {
                key: key.to_owned(),
                target,
            },
        )
    }

    /// `who` edits their earlier event.
    pub fn edit(&mut self, who: &str, event: &str, body: &str) -> &mut Self {
        self.send(
            who,
            Place::Main,
            InKind::Edit {
                target_event: event.to_owned(),
                body: body.to_owned(),
            },
        )
    }

    /// `who` left the garden (the transport saw their membership end).
    pub fn send_left(&mut self, who: &str) -> &mut Self {
        self.send(who, Place::Main, InKind::Left)
    }

    /// `who` redacts their earlier event.
    pub fn redact(&mut self, who: &str, event: &str) -> &mut Self {
        self.send(
            who,
            Place::Main,
            InKind::Redaction {
                target_event: event.to_owned(),
            },
        )
    }

    /// Moves the fake clock and lets deadlines act.
    pub fn advance(&mut self, span: &str) -> &mut Self {
        let span = parse_span(span).expect("a span");
        self.clock.advance(span.duration());
        let out = self
            .engine
            .tick(&self.store, &self.clock, &self.garden, &self.roster)
            .expect("tick");
        assert_readable(&out);
        self.log.extend(out.iter().cloned());
        self.last = out;
        self
    }

    /// Sets the fake clock to `at` (never backwards) and lets the scheduler act.
    pub fn at(&mut self, at: DateTime<Utc>) -> &mut Self {
        self.clock.set(at);
        self.tick()
    }

    /// Lets the scheduler act at the current time.
    pub fn tick(&mut self) -> &mut Self {
        let out = self
            .engine
            .tick(&self.store, &self.clock, &self.garden, &self.roster)
            .expect("tick");
        assert_readable(&out);
        self.log.extend(out.iter().cloned());
        self.last = out;
        self
    }

    /// When the engine says the next tick is due.
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        self.engine
            .next_due(&self.store, &self.clock, &self.garden)
            .expect("next_due")
    }

    /// `who` reacts with `key` to a member's message (`event_id`, written by `author`).
    pub fn react_to_member(
        &mut self,
        who: &str,
        key: &str,
        event_id: &str,
        author: &str,
        body: &str,
    ) -> &mut Self {
        let target = Target {
            event_id: event_id.to_owned(),
            bot_ref: None,
            author: Some(UserId::new(author)),
            body: Some(body.to_owned()),
        };
        self.send(
            who,
            Place::Main,
            InKind::Reaction {
                key: key.to_owned(),
                target,
            },
        )
    }

    /// How many lines with this id the bot produced since the script began.
    pub fn count(&self, id: &str) -> usize {
        ids(&self.log).iter().filter(|i| *i == id).count()
    }

    /// Every message id the last input produced, line by line.
    pub fn ids(&self) -> Vec<String> {
        ids(&self.last)
    }

    /// Asserts the last input produced a line with this id; returns it.
    pub fn expect(&mut self, id: &str) -> &mut Self {
        assert!(
            self.ids().iter().any(|i| i == id),
            "expected {id:?}, got {:?}",
            self.ids()
        );
        self
    }

    /// Asserts the last input produced no line with this id.
    pub fn expect_no(&mut self, id: &str) -> &mut Self {
        assert!(
            !self.ids().iter().any(|i| i == id),
            "did not expect {id:?}, got {:?}",
            self.ids()
        );
        self
    }

    /// The first line with this id produced by the last input.
    pub fn msg(&self, id: &str) -> Msg {
        find(&self.last, id).unwrap_or_else(|| panic!("no {id:?} in {:?}", self.ids()))
    }

    /// The outgoing that carries a line with this id, among the last input's.
    pub fn out(&self, id: &str) -> Outgoing {
        self.last
            .iter()
            .find(|o| o.text().is_some_and(|t| t.lines.iter().any(|m| m.id == id)))
            .cloned()
            .unwrap_or_else(|| panic!("no {id:?} in {:?}", self.ids()))
    }

    /// What the last input made the bot say, rendered in the garden's language as members
    /// read it (one message per block).
    pub fn read(&self) -> String {
        self.last
            .iter()
            .filter_map(|o| o.text().map(|t| tuteur::i18n::render(o.lang, o.tz, t).body))
            .collect::<Vec<_>>()
            .join("\n---\n")
    }

    /// Asserts that what the bot just said contains `words`, as members read it.
    pub fn reads(&mut self, words: &str) -> &mut Self {
        let text = self.read();
        assert!(text.contains(words), "expected {words:?} in:\n{text}");
        self
    }

    /// Asserts that what the bot just said does not contain `words`.
    pub fn reads_no(&mut self, words: &str) -> &mut Self {
        let text = self.read();
        assert!(
            !text.contains(words),
            "did not expect {words:?} in:\n{text}"
        );
        self
    }

    /// Everything in the store but the handled marks and the outbox.
    pub fn state(&self) -> Vec<(Tree, Vec<u8>, Vec<u8>)> {
        dump(&self.store as &dyn Store, &[Tree::Handled, Tree::Outbox]).expect("dump")
    }
}

fn text_kind(text: &str) -> InKind {
    InKind::Text {
        body: text.to_owned(),
        html: None,
    }
}

/// The ids of every line of these messages.
pub fn ids(outs: &[Outgoing]) -> Vec<String> {
    outs.iter()
        .filter_map(|o| o.text())
        .flat_map(|t| t.lines.iter().map(|m| m.id.clone()))
        .collect()
}

/// The first line with this id.
pub fn find(outs: &[Outgoing], id: &str) -> Option<Msg> {
    outs.iter()
        .filter_map(|o| o.text())
        .flat_map(|t| t.lines.iter())
        .find(|m| m.id == id)
        .cloned()
}

/// A text argument's value.
pub fn text_arg(m: &Msg, name: &str) -> String {
    match m.arg(name) {
        Some(Arg::Text(s)) => s.clone(),
        other => panic!("{name} is not a text argument of {}: {other:?}", m.id),
    }
}

/// A number argument's value.
pub fn num_arg(m: &Msg, name: &str) -> i64 {
    match m.arg(name) {
        Some(Arg::Num(n)) => *n,
        other => panic!("{name} is not a number argument of {}: {other:?}", m.id),
    }
}

/// A person argument's id.
pub fn user_arg(m: &Msg, name: &str) -> String {
    match m.arg(name) {
        Some(Arg::User { id, .. }) => id.as_str().to_owned(),
        other => panic!("{name} is not a person argument of {}: {other:?}", m.id),
    }
}

/// A list-of-people argument's ids.
pub fn users_arg(m: &Msg, name: &str) -> Vec<String> {
    match m.arg(name) {
        Some(Arg::Users(v)) => v.iter().map(|(id, _)| id.as_str().to_owned()).collect(),
        other => panic!("{name} is not a people argument of {}: {other:?}", m.id),
    }
}

/// Where a message went.
pub fn dest(o: &Outgoing) -> Dest {
    o.dest.clone()
}

/// The mentions of a post.
pub fn mentions(o: &Outgoing) -> Vec<String> {
    match &o.action {
        Action::Post { mentions, .. } => mentions.iter().map(|u| u.as_str().to_owned()).collect(),
        _ => Vec::new(),
    }
}
