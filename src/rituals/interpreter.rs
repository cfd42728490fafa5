//! Walks a run through its ritual's steps: starting it, handing a member's input to the
//! current step's kind, closing steps and entering the next ones, deadlines. What each kind
//! does lives in `steps/`; this module never looks at a kind's own state.

use chrono::Duration;

use super::definition::{Family, RitualDef, StepDef};
use super::input::{After, Closer, InputKind, StepInput};
use super::run::{ConsentLog, Pace, Proposal, Role, Run, RunStatus, Subject, Told};
use super::state::StepState;
use super::steps::common::{label, not_now};
use super::steps::{Actor, Behaviour, behaviour, record};
use super::voice::{base_msg, say};
use crate::engine::ctx::{Ctx, Flow};
use crate::model::{Msg, RunId, UserId};
use crate::registers::Version;

/// How many step transitions one input may cause at most: a ritual whose steps loop
/// without waiting for anyone is stopped (and said so) instead of spinning.
const MAX_TRANSITIONS: usize = 64;

/// What a facilitator gave when starting a run.
#[derive(Debug, Clone, Default)]
pub struct StartParams {
    /// The proposer of a decision.
    pub proposer: Option<UserId>,
    /// The proposal, or a custom ritual's free text.
    pub text: Option<String>,
    /// The role of an election.
    pub role: Option<RoleSpec>,
    /// A deadline for every step.
    pub delay: Option<Duration>,
    /// Silence counts as consent after the reminder.
    pub silence_consent: bool,
}

/// An election's role as given in `!élection <rôle> [pour <durée>] [: <mission>]`.
#[derive(Debug, Clone, Default)]
pub struct RoleSpec {
    /// The role's name.
    pub name: String,
    /// Its term.
    pub term: Option<Duration>,
    /// Its mission.
    pub mission: Option<String>,
}

/// The step definition a run is at.
pub fn step_of<'d>(def: &'d RitualDef, run: &Run) -> Option<&'d StepDef> {
    def.steps.get(run.step)
}

/// The behaviour of the run's current step.
fn current<'d>(def: &'d RitualDef, run: &Run) -> Option<(&'d StepDef, &'static dyn Behaviour)> {
    step_of(def, run).map(|s| (s, behaviour(s.kind())))
}

/// Starts a run of `def`: numbers it, posts its announcement and enters its first step.
pub fn start(ctx: &mut Ctx<'_>, def: &RitualDef, starter: &UserId, p: StartParams) -> Flow<RunId> {
    crate::engine::limits::may_start(ctx, def, starter)?;
    let subject = match def.family() {
        Family::Meteo => Subject::Meteo,
        Family::Custom => Subject::Free(p.text.clone()),
        Family::Decision => Subject::Proposal(Proposal {
            proposer: p.proposer.clone().unwrap_or_else(|| starter.clone()),
            versions: vec![Version {
                text: p.text.clone().unwrap_or_default(),
                at: ctx.now,
                after_round: 0,
            }],
        }),
        Family::Election => {
            let spec = p.role.clone().unwrap_or_default();
            Subject::Role(Role {
                name: spec.name,
                mission: spec.mission,
                term_minutes: spec.term.map(|d| d.num_minutes()),
                ballots: Default::default(),
                nominee: None,
                suggestion: None,
            })
        }
    };
    let id = ctx.garden.next_id(def.family().run_kind());
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
        ritual: def.name().to_owned(),
        title: def.title.get_ref().id().unwrap_or_default().to_owned(),
        own_title: match def.title_words() {
            crate::model::Words::Own(t) => Some(t),
            crate::model::Words::Id(_) => None,
        },
        started_by: starter.clone(),
        started_at: ctx.now,
        participants,
        names,
        absent: Vec::new(),
        gone: Vec::new(),
        status: RunStatus::Active,
        step: 0,
        step_opened: ctx.now,
        deadline: None,
        reminded: false,
        close_at: None,
        state: StepState::Idle,
        rooted: false,
        seed,
        pace: Pace {
            delay_minutes: p.delay.map(|d| d.num_minutes()),
            silence_consent: p.silence_consent,
        },
        subject,
        consent: ConsentLog::default(),
        last_round: Vec::new(),
        told: Vec::new(),
    };
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

/// Whether the run's current step takes this kind of input from `who` now.
pub fn accepts(def: &RitualDef, run: &Run, who: &UserId, kind: InputKind) -> bool {
    if !run.is_active() {
        return false;
    }
    match kind {
        InputKind::Absent | InputKind::Left => true,
        InputKind::Withdraw => run.proposal().is_some(),
        _ => current(def, run).is_some_and(|(s, b)| b.accepts(s, run, who, kind)),
    }
}

/// What members can do at the run's current step, as a refusal naming the step.
pub fn not_here(def: &RitualDef, run: &Run) -> crate::engine::ctx::Stop {
    match current(def, run) {
        Some((step, b)) => not_now(step, run, b.hint(step, run)),
        None => base_msg(run, "run-finished").into(),
    }
}

/// One member's input to a run: the run's current step answers it (or refuses it in the
/// member's words), then the run moves on as the step says. The caller saves the run.
pub fn input(
    ctx: &mut Ctx<'_>,
    def: &RitualDef,
    run: &mut Run,
    actor: Actor<'_>,
    input: StepInput,
) -> Flow {
    if !run.is_active() {
        return over(ctx, run, actor.id, &input);
    }
    let after = match input {
        StepInput::Absent(who) => absent(ctx, def, run, who)?,
        StepInput::Left(who) => {
            if !run.participants.contains(&who) || run.gone.contains(&who) {
                return Ok(());
            }
            run.gone.push(who);
            settle(ctx, def, run)?
        }
        StepInput::Withdraw => return withdraw(ctx, run, actor.id),
        other => {
            let Some((step, b)) = current(def, run) else {
                return Ok(());
            };
            if !b.accepts(step, run, actor.id, other.kind()) {
                return Err(not_now(step, run, b.hint(step, run)));
            }
            b.input(ctx, def, step, run, actor, other)?
        }
    };
    follow(ctx, def, run, after)
}

/// Words in the thread of a run that is over are not taken: said once per member. A
/// command on it is refused.
fn over(ctx: &mut Ctx<'_>, run: &mut Run, who: &UserId, input: &StepInput) -> Flow {
    let status = match run.status {
        RunStatus::Cancelled => "cancelled",
        RunStatus::Withdrawn => "withdrawn",
        RunStatus::Interrupted => "interrupted",
        RunStatus::Active | RunStatus::Done => "done",
    };
    match input {
        StepInput::Text { .. } => {
            if run.tell_once(Told::Over, who) {
                let msg = base_msg(run, "run-over-text")
                    .user("who", who, &run.name(who))
                    .text("status", status);
                say(ctx, run, msg.into(), Vec::new());
            }
            Ok(())
        }
        StepInput::Edit { .. } | StepInput::Redaction { .. } | StepInput::Left(_) => Ok(()),
        _ => Err(base_msg(run, "run-finished").text("status", status).into()),
    }
}

/// `!absent @x`: x is recorded absent for this run and no longer awaited.
fn absent(ctx: &mut Ctx<'_>, def: &RitualDef, run: &mut Run, who: UserId) -> Flow<After> {
    if !run.participants.contains(&who) {
        return Err(base_msg(run, "absent-not-participant")
            .user("who", &who, &ctx.name(&who))
            .into());
    }
    if run.absent.contains(&who) {
        return Err(base_msg(run, "absent-already")
            .user("who", &who, &run.name(&who))
            .into());
    }
    run.absent.push(who.clone());
    let msg = base_msg(run, "absent-noted").user("who", &who, &run.name(&who));
    say(ctx, run, msg.into(), Vec::new());
    settle(ctx, def, run)
}

fn settle(ctx: &mut Ctx<'_>, def: &RitualDef, run: &mut Run) -> Flow<After> {
    match current(def, run) {
        Some((step, b)) => b.settle(ctx, step, run),
        None => Ok(After::Stay),
    }
}

/// `!retirer`: the proposer withdraws the proposal; the run ends and is recorded.
fn withdraw(ctx: &mut Ctx<'_>, run: &mut Run, who: &UserId) -> Flow {
    if run.proposer() != Some(who) {
        return Err(super::steps::answer::not_author(run));
    }
    run.status = RunStatus::Withdrawn;
    run.state = StepState::Idle;
    record::decision(ctx, run, crate::registers::DecisionOutcome::Withdrawn)?;
    let msg = base_msg(run, "withdrawn");
    say(ctx, run, msg.into(), Vec::new());
    Ok(())
}

/// `!annuler`: the run ends as cancelled and is recorded.
pub fn cancel(ctx: &mut Ctx<'_>, run: &mut Run, by: &UserId) -> Flow {
    run.status = RunStatus::Cancelled;
    run.state = StepState::Idle;
    record::ended(ctx, run)?;
    let msg = base_msg(run, "run-cancelled").user("who", by, &ctx.name(by));
    say(ctx, run, msg.into(), Vec::new());
    Ok(())
}

fn follow(ctx: &mut Ctx<'_>, def: &RitualDef, run: &mut Run, after: After) -> Flow {
    match after {
        After::Stay | After::End => Ok(()),
        After::Close(by) => close(ctx, def, run, by),
        After::Go(target) => go(ctx, def, run, target.as_deref()),
    }
}

/// Closes the current step and goes on to the one it names, or the next.
pub fn close(ctx: &mut Ctx<'_>, def: &RitualDef, run: &mut Run, by: Closer) -> Flow {
    let Some((step, b)) = current(def, run) else {
        return Ok(());
    };
    let target = b.close(ctx, step, run, by)?;
    go(ctx, def, run, target.as_deref())
}

/// The index after `current`: an explicit target, the step's `next`, or the following one.
fn next_index(def: &RitualDef, current: usize, target: Option<&str>) -> usize {
    let named = target.or_else(|| {
        def.steps
            .get(current)
            .and_then(|s| s.next.as_ref().map(|n| n.get_ref().as_str()))
    });
    named
        .and_then(|name| def.step_index(name))
        .unwrap_or(current + 1)
}

fn go(ctx: &mut Ctx<'_>, def: &RitualDef, run: &mut Run, target: Option<&str>) -> Flow {
    run.step = next_index(def, run.step, target);
    enter(ctx, def, run)
}

/// Enters the run's current step, and keeps going through steps that wait for nobody.
pub fn enter(ctx: &mut Ctx<'_>, def: &RitualDef, run: &mut Run) -> Flow {
    let before = super::interrupt::Mark::take(ctx, run);
    for _ in 0..MAX_TRANSITIONS {
        let Some((step, b)) = current(def, run) else {
            run.status = RunStatus::Done;
            run.state = StepState::Idle;
            return Ok(());
        };
        run.step_opened = ctx.now;
        run.reminded = false;
        run.close_at = None;
        run.deadline = deadline(step, b, run).map(|d| ctx.now + d);
        let moves_on = b.enter(ctx, def, step, run)?;
        if !run.is_active() || !moves_on {
            return Ok(());
        }
        run.step = next_index(def, run.step, None);
    }
    super::interrupt::stop(ctx, run, before)
}

/// The deadline of a step: its own, or the run's `--délai` for steps that wait for people.
fn deadline(step: &StepDef, b: &dyn Behaviour, run: &Run) -> Option<Duration> {
    step.deadline().or_else(|| {
        b.waits()
            .then_some(run.pace.delay_minutes)
            .flatten()
            .map(Duration::minutes)
    })
}

/// Who the current step is waiting for (for `!où` and reminders).
pub fn waiting_for(ctx: &Ctx<'_>, def: &RitualDef, run: &Run) -> Vec<UserId> {
    current(def, run).map_or_else(Vec::new, |(s, b)| b.waiting_for(ctx, s, run))
}

/// The member-facing name of the run's current step.
pub fn step_label(def: &RitualDef, run: &Run) -> crate::model::Words {
    step_of(def, run).map_or_else(|| crate::model::Words::Id("step-record".to_owned()), label)
}

/// Deadlines: the reminder once, then closing after a grace period (a quarter of the
/// step's time, at least ten minutes). An objection round without silence-consent is
/// never closed by time: silence is not consent. Returns true when something happened.
pub fn tick(ctx: &mut Ctx<'_>, def: &RitualDef, run: &mut Run) -> Flow<bool> {
    let Some(deadline) = run.deadline else {
        return Ok(false);
    };
    let Some((step, b)) = current(def, run) else {
        return Ok(false);
    };
    if !run.reminded {
        if ctx.now < deadline {
            return Ok(false);
        }
        run.reminded = true;
        let waiting = b.waiting_for(ctx, step, run);
        let reminder = step.reminder.as_ref().map_or_else(
            || crate::model::Words::Id("step-reminder".to_owned()),
            |r| r.get_ref().words(),
        );
        let waits_for_consent =
            step.kind() == super::definition::StepKind::Consent && !run.pace.silence_consent;
        let msg = super::voice::words_msg(run, &reminder)
            .users("waiting", run.named(&waiting))
            .num("count", waiting.len() as i64)
            .text(
                "then",
                if waits_for_consent {
                    "wait"
                } else if step.kind() == super::definition::StepKind::Consent {
                    "silence"
                } else {
                    "close"
                },
            );
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
            close(ctx, def, run, Closer::Deadline)?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// The message saying a run is unknown or over, for commands that name it.
pub fn finished(run: &Run) -> Msg {
    base_msg(run, "run-finished")
}
