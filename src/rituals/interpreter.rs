//! Walks a run through its ritual's steps: entering a step (posting its message, setting its
//! state and deadline), closing it, and choosing the next one. What each step kind does with
//! an input lives in `steps/`.

use chrono::Duration;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::definition::{Family, RitualDef, StepDef, StepKind, Who};
use super::run::{Run, RunStatus, StepState};
use super::steps;
use crate::engine::ctx::{Ctx, Flow};
use crate::model::{Msg, RunId, Text, UserId};

/// How many step transitions one input may cause at most (announce → round → ... loops are
/// bounded by this, so a malformed ritual can never spin).
const MAX_TRANSITIONS: usize = 64;

/// What a facilitator gave when starting a run.
#[derive(Debug, Clone, Default)]
pub struct StartParams {
    /// The proposer of a decision.
    pub proposer: Option<UserId>,
    /// The proposal, the role, or free text.
    pub text: Option<String>,
    /// A deadline for every step.
    pub delay: Option<Duration>,
    /// Silence counts as consent after the reminder.
    pub silence_consent: bool,
    /// An election's term.
    pub term: Option<Duration>,
}

/// The step definition a run is at.
pub fn step_of<'d>(def: &'d RitualDef, run: &Run) -> Option<&'d StepDef> {
    def.steps.get(run.step)
}

/// The kind of the step a run is at.
pub fn kind_of(def: &RitualDef, run: &Run) -> Option<StepKind> {
    step_of(def, run).map(|s| *s.kind.get_ref())
}

/// A deterministic random source for one run and one purpose.
pub fn rng(run: &Run, salt: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(run.seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// Starts a run of `def`: numbers it, posts its announcement and enters its first step.
pub fn start(ctx: &mut Ctx<'_>, def: &RitualDef, starter: &UserId, p: StartParams) -> Flow<RunId> {
    crate::engine::limits::may_start(ctx, def, starter)?;
    let id = ctx.garden.next_id(def.family.get_ref().run_kind());
    let participants: Vec<UserId> = ctx.roster.members.iter().map(|m| m.id.clone()).collect();
    let names = ctx
        .roster
        .members
        .iter()
        .map(|m| (m.id.clone(), m.name.clone()))
        .collect();
    let seed = ctx.seed ^ run_salt(ctx.garden.id.as_str(), id);
    let mut run = Run {
        id,
        ritual: def.name.get_ref().clone(),
        title: def.title.get_ref().clone(),
        started_by: starter.clone(),
        started_at: ctx.now,
        participants,
        names,
        status: RunStatus::Active,
        step: 0,
        step_opened: ctx.now,
        deadline: None,
        reminded: false,
        close_at: None,
        state: StepState::Idle,
        rooted: false,
        seed,
        proposer: p.proposer,
        text: p.text.clone(),
        versions: Vec::new(),
        objections: Vec::new(),
        consent_rounds: 0,
        delay_minutes: p.delay.map(|d| d.num_minutes()),
        silence_consent: p.silence_consent,
        silent: Vec::new(),
        term_minutes: p.term.map(|d| d.num_minutes()),
        ballots: Default::default(),
        nominee: None,
        suggestion: None,
        weather: Vec::new(),
        last_round: Vec::new(),
    };
    if *def.family.get_ref() == Family::Decision
        && let Some(text) = &p.text
    {
        run.versions.push(super::run::Version {
            text: text.clone(),
            at: ctx.now,
            after_round: 0,
        });
    }
    ctx.garden.active.push(id);
    enter(ctx, def, &mut run)?;
    ctx.save_run(run)?;
    Ok(id)
}

fn run_salt(garden: &str, id: RunId) -> u64 {
    // FNV-1a: stable across Rust versions, unlike `DefaultHasher`.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in garden.bytes().chain(id.to_string().bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// The arguments every step message receives (unused ones are ignored by Fluent).
pub fn base_msg(run: &Run, id: &str) -> Msg {
    let mut m = Msg::new(id)
        .text("id", run.id.to_string())
        .label("title", run.title.clone())
        .text("text", run.text.clone().unwrap_or_default())
        .num("round", i64::from(run.consent_rounds))
        .num("participants", run.participants.len() as i64);
    if let Some(p) = &run.proposer {
        m = m.user("proposer", p, &run.name(p));
    }
    if let Some(n) = &run.nominee {
        m = m.user("nominee", n, &run.name(n));
    }
    if let Some(d) = run.deadline {
        m = m.time("deadline", d);
    }
    let (unit, n) = term_parts(run.term_minutes);
    m.text("term_unit", unit).num("term_n", n)
}

/// A term as a Fluent selector key and a count: `("months", 6)`, `("none", 0)`.
fn term_parts(minutes: Option<i64>) -> (&'static str, i64) {
    const DAY: i64 = 24 * 60;
    match minutes {
        None => ("none", 0),
        Some(m) if m % (365 * DAY) == 0 => ("years", m / (365 * DAY)),
        Some(m) if m % (30 * DAY) == 0 => ("months", m / (30 * DAY)),
        Some(m) if m % (7 * DAY) == 0 => ("weeks", m / (7 * DAY)),
        Some(m) if m % DAY == 0 => ("days", m / DAY),
        Some(m) => ("hours", (m / 60).max(1)),
    }
}

/// Posts a message of the run where it belongs: the first one roots the thread.
pub fn say(ctx: &mut Ctx<'_>, run: &mut Run, text: Text, mentions: Vec<UserId>) -> String {
    if run.rooted {
        ctx.post_thread(run.id, text, mentions)
    } else {
        run.rooted = true;
        ctx.post_root(run.id, text, mentions)
    }
}

/// Enters the run's current step, and keeps going through steps that need no input.
pub fn enter(ctx: &mut Ctx<'_>, def: &RitualDef, run: &mut Run) -> Flow {
    let before = super::interrupt::Mark::take(ctx, run);
    for _ in 0..MAX_TRANSITIONS {
        let Some(step) = def.steps.get(run.step) else {
            run.status = RunStatus::Done;
            return Ok(());
        };
        run.step_opened = ctx.now;
        run.reminded = false;
        run.close_at = None;
        run.deadline = step_deadline(step, run).map(|d| ctx.now + d);
        let kind = *step.kind.get_ref();
        let moves_on = match kind {
            StepKind::Announce => {
                let msg = base_msg(run, step.message.get_ref());
                say(ctx, run, msg.into(), Vec::new());
                run.state = StepState::Idle;
                true
            }
            StepKind::Round => steps::round::enter(ctx, def, step, run)?,
            StepKind::Open | StepKind::Answer => steps::answer::enter(ctx, step, run)?,
            StepKind::Consent => steps::consent::enter(ctx, step, run)?,
            StepKind::Nominate => steps::nominate::enter(ctx, step, run)?,
            StepKind::Reveal => steps::nominate::reveal(ctx, step, run)?,
            StepKind::Propose => steps::nominate::enter_propose(ctx, step, run)?,
            StepKind::Record => {
                steps::record::record(ctx, def, step, run)?;
                run.status = RunStatus::Done;
                run.state = StepState::Idle;
                return Ok(());
            }
        };
        if !moves_on {
            return Ok(());
        }
        run.step = next_index(def, run.step, None);
    }
    super::interrupt::stop(ctx, run, before)
}

/// The deadline of a step: its own, or the run's `--délai` for steps that wait for people.
fn step_deadline(step: &StepDef, run: &Run) -> Option<Duration> {
    if let Some(d) = step.deadline.as_ref() {
        return super::load::parse_duration(d.get_ref());
    }
    match step.kind.get_ref() {
        StepKind::Announce | StepKind::Reveal | StepKind::Record => None,
        _ => run.delay_minutes.map(Duration::minutes),
    }
}

/// The index after `current`: an explicit target, the step's `next`, or the following one.
pub fn next_index(def: &RitualDef, current: usize, target: Option<&str>) -> usize {
    let named = target.or_else(|| {
        def.steps
            .get(current)
            .and_then(|s| s.next.as_ref().map(|n| n.get_ref().as_str()))
    });
    named
        .and_then(|name| def.steps.iter().position(|s| s.id.get_ref() == name))
        .unwrap_or(current + 1)
}

/// Leaves the current step for `target` (or the natural next one) and enters it.
pub fn go(ctx: &mut Ctx<'_>, def: &RitualDef, run: &mut Run, target: Option<&str>) -> Flow {
    run.step = next_index(def, run.step, target);
    enter(ctx, def, run)
}

/// Closes the current step: `!suivant`, everyone answered, or the deadline's grace ended.
pub fn close(ctx: &mut Ctx<'_>, def: &RitualDef, run: &mut Run) -> Flow {
    let Some(step) = step_of(def, run) else {
        return Ok(());
    };
    match *step.kind.get_ref() {
        StepKind::Round => {
            steps::round::close(ctx, run);
            go(ctx, def, run, None)
        }
        StepKind::Consent => {
            let target = steps::consent::close(ctx, step, run);
            go(ctx, def, run, target.as_deref())
        }
        StepKind::Nominate => {
            steps::nominate::close(ctx, run);
            go(ctx, def, run, None)
        }
        StepKind::Answer => {
            let msg = base_msg(run, "answer-kept");
            say(ctx, run, msg.into(), Vec::new());
            go(ctx, def, run, None)
        }
        StepKind::Propose => Err(Msg::new("propose-needed")
            .text("id", run.id.to_string())
            .into()),
        _ => go(ctx, def, run, None),
    }
}

/// Who the current step is waiting for (for `!où` and reminders).
pub fn waiting_for(ctx: &Ctx<'_>, def: &RitualDef, run: &Run) -> Vec<UserId> {
    let Some(step) = step_of(def, run) else {
        return Vec::new();
    };
    match (&run.state, *step.kind.get_ref()) {
        (StepState::Round { order, turns, .. }, _) => order
            .iter()
            .filter(|u| !turns.iter().any(|t| &t.who == *u))
            .cloned()
            .collect(),
        (StepState::Consent { order, answers, .. }, _) => order
            .iter()
            .filter(|u| !answers.contains_key(*u))
            .cloned()
            .collect(),
        (_, StepKind::Nominate) => run
            .participants
            .iter()
            .filter(|u| !run.ballots.contains_key(*u))
            .cloned()
            .collect(),
        (_, StepKind::Answer) => designated(step, run).into_iter().collect(),
        (_, StepKind::Open) | (_, StepKind::Propose) => {
            let mut f: Vec<UserId> = ctx
                .roster
                .members
                .iter()
                .filter(|m| ctx.is_facilitator(&m.id))
                .map(|m| m.id.clone())
                .collect();
            f.truncate(3);
            f
        }
        _ => Vec::new(),
    }
}

/// The person a step designates (`who`).
pub fn designated(step: &StepDef, run: &Run) -> Option<UserId> {
    match step.who.as_ref().map(|w| *w.get_ref()) {
        Some(Who::Proposer) => run.proposer.clone(),
        Some(Who::Nominee) => run.nominee.clone(),
        None => None,
    }
}

/// Deadlines: the reminder once, then closing after a grace period (a quarter of the step's
/// time, at least ten minutes). Returns true when something happened.
pub fn tick(ctx: &mut Ctx<'_>, def: &RitualDef, run: &mut Run) -> Flow<bool> {
    let Some(deadline) = run.deadline else {
        return Ok(false);
    };
    if !run.reminded {
        if ctx.now < deadline {
            return Ok(false);
        }
        run.reminded = true;
        let waiting = waiting_for(ctx, def, run);
        let step = step_of(def, run);
        let reminder = step
            .and_then(|s| s.reminder.as_ref().map(|r| r.get_ref().clone()))
            .unwrap_or_else(|| "step-reminder".to_owned());
        let kind = step.map(|s| *s.kind.get_ref());
        let waits_for_consent = kind == Some(StepKind::Consent) && !run.silence_consent;
        let msg = base_msg(run, &reminder)
            .users("waiting", ctx.named(&waiting))
            .num("count", waiting.len() as i64)
            .text("then", if waits_for_consent { "wait" } else { "close" });
        say(ctx, run, msg.into(), waiting);
        if !waits_for_consent {
            let span = deadline - run.step_opened;
            let grace = (span / 4).max(Duration::minutes(10));
            run.close_at = Some(ctx.now + grace);
        }
        return Ok(true);
    }
    match run.close_at {
        Some(at) if ctx.now >= at => {
            let msg = base_msg(run, "step-deadline-passed");
            say(ctx, run, msg.into(), Vec::new());
            close(ctx, def, run)?;
            Ok(true)
        }
        _ => Ok(false),
    }
}
