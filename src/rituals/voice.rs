//! How a run speaks: the arguments every message of a run receives, where its messages go
//! (the first roots the thread), and its deterministic random draws.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::run::{Run, Subject};
use crate::engine::ctx::Ctx;
use crate::model::{Msg, Text, UserId, Words};
use crate::rituals::definition::{Family, StepDef};

/// The arguments every message of a run receives (unused ones are ignored by Fluent):
/// `id`, `kind` (for agreement: `decision` is feminine in French), `title`, `text` (the
/// proposal, the role, or the free text), `has_text` (`yes` or `no`, to choose words when
/// a ritual was started without text), `round`, `participants`, `proposer`, `nominee`,
/// `mission`, `deadline`, `term_unit` and `term` (the term in words).
pub fn base_msg(run: &Run, id: &str) -> Msg {
    with_base(run, Msg::new(id))
}

/// The message a step posts when it opens (its file's Fluent id or own text), with the
/// run's arguments: what every kind starts its message from. A text of the file's own is
/// named `ritual/step` in logs and tests, which stays put when its wording changes.
pub fn step_msg(run: &Run, step: &StepDef) -> Msg {
    let mut msg = Msg::of(&step.message_words());
    if msg.own.is_some() {
        msg.id = format!("{}/{}", run.ritual, step.id);
    }
    with_base(run, msg)
}

/// A message from a ritual's words (a step's reminder...), with the run's arguments.
pub fn words_msg(run: &Run, words: &Words) -> Msg {
    with_base(run, Msg::of(words))
}

/// The argument names [`base_msg`] gives for runs of `family`, besides `deadline` (only
/// while the step has one): what a ritual's text may use in any step.
pub fn base_args(family: Family) -> &'static [&'static str] {
    match family {
        Family::Meteo | Family::Custom => &COMMON_ARGS,
        Family::Decision => &[
            "id",
            "kind",
            "title",
            "text",
            "has_text",
            "round",
            "participants",
            "proposer",
        ],
        Family::Election => &[
            "id",
            "kind",
            "title",
            "text",
            "has_text",
            "round",
            "participants",
            "nominee",
            "mission",
            "has_mission",
            "term_unit",
            "term",
        ],
    }
}

/// What every run's messages get.
const COMMON_ARGS: [&str; 7] = [
    "id",
    "kind",
    "title",
    "text",
    "has_text",
    "round",
    "participants",
];

fn with_base(run: &Run, m: Msg) -> Msg {
    let mut m = m
        .text("id", run.id.to_string())
        .text("kind", run_kind_slug(run))
        .words("title", &run.title_words())
        .text("text", run.subject_text())
        .text(
            "has_text",
            if run.subject_text().trim().is_empty() {
                "no"
            } else {
                "yes"
            },
        )
        .num("round", i64::from(run.consent.rounds))
        .num("participants", run.awaited().len() as i64);
    match &run.subject {
        Subject::Proposal(p) => {
            m = m.user("proposer", &p.proposer, &run.name(&p.proposer));
        }
        Subject::Role(r) => {
            if let Some(n) = &r.nominee {
                m = m.user("nominee", n, &run.name(n));
            }
            m = m
                .text("mission", r.mission.clone().unwrap_or_default())
                .text(
                    "has_mission",
                    if r.mission.is_some() { "yes" } else { "no" },
                );
            let (unit, n) = term_parts(r.term_minutes);
            m = m
                .text("term_unit", unit)
                .nested("term", Msg::new("span").text("unit", unit).num("n", n));
        }
        Subject::Meteo | Subject::Free(_) => {}
    }
    if let Some(d) = run.deadline {
        m = m.time("deadline", d);
    }
    m
}

/// The run's kind as a selector key: `meteo`, `decision`, `election`, `custom`.
pub fn run_kind_slug(run: &Run) -> &'static str {
    match run.subject {
        Subject::Meteo => "meteo",
        Subject::Proposal(_) => "decision",
        Subject::Role(_) => "election",
        Subject::Free(_) => "custom",
    }
}

/// A span as a Fluent selector key and a count: `("months", 6)`, `("none", 0)`.
pub fn term_parts(minutes: Option<i64>) -> (&'static str, i64) {
    const DAY: i64 = 24 * 60;
    match minutes {
        None => ("none", 0),
        Some(m) if m > 0 && m % (365 * DAY) == 0 => ("years", m / (365 * DAY)),
        Some(m) if m > 0 && m % (30 * DAY) == 0 => ("months", m / (30 * DAY)),
        Some(m) if m > 0 && m % (7 * DAY) == 0 => ("weeks", m / (7 * DAY)),
        Some(m) if m > 0 && m % DAY == 0 => ("days", m / DAY),
        Some(m) if m >= 60 => ("hours", m / 60),
        Some(m) => ("minutes", m.max(1)),
    }
}

/// Posts a message of the run where it belongs: the first one roots the thread. Returns
/// its `out_ref`. `mentions` are the people asked to act by this message, and only them.
pub fn say(ctx: &mut Ctx<'_>, run: &mut Run, text: Text, mentions: Vec<UserId>) -> String {
    if run.rooted {
        ctx.post_thread(run.id, text, mentions)
    } else {
        run.rooted = true;
        ctx.post_root(run.id, text, mentions)
    }
}

/// A deterministic random source for one run and one purpose.
pub fn rng(run: &Run, salt: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(run.seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}
