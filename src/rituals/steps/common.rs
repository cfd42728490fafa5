//! What several step kinds share: the person a step designates, late joiners, refusals
//! that name the step in members' words.

use crate::engine::ctx::{Ctx, Stop};
use crate::model::{Msg, UserId, Words};
use crate::rituals::definition::{StepDef, Who};
use crate::rituals::run::{Run, Told};
use crate::rituals::voice::base_msg;

/// The person a step's `who` (or `last`) names.
pub fn person(run: &Run, who: Option<Who>) -> Option<UserId> {
    match who {
        Some(Who::Proposer) => run.proposer().cloned(),
        Some(Who::Nominee) => run.nominee().cloned(),
        None => None,
    }
}

/// The person a step designates (`who`).
pub fn designated(step: &StepDef, run: &Run) -> Option<UserId> {
    person(run, step.who.as_ref().map(|w| *w.get_ref()))
}

/// A member who joined after the start takes part.
pub fn join_late(ctx: &Ctx<'_>, run: &mut Run, who: &UserId) {
    if !run.participants.contains(who) && ctx.roster.contains(who) {
        run.participants.push(who.clone());
        run.names.insert(who.clone(), ctx.name(who));
    }
}

/// The member-facing name of the run's current step: the step's `label` (a Fluent id or
/// its own text), or the generic name of its kind.
pub fn label(step: &StepDef) -> Words {
    match &step.label {
        Some(l) => l.get_ref().words(),
        None => Words::Id(format!("step-{}", step.kind().name())),
    }
}

/// "Not now": the run is at a step that does not take this; `hint` says what it takes.
pub fn not_now(step: &StepDef, run: &Run, hint: Msg) -> Stop {
    let mut text =
        crate::model::Text::one(base_msg(run, "step-not-now").words("step", &label(step)));
    text.push(hint);
    Stop::Refuse(crate::engine::ctx::Refusal(text))
}

/// `!<command>` is for facilitators.
pub fn facilitators_only(ctx: &Ctx<'_>, command: crate::command::CommandName) -> Stop {
    Msg::new("not-allowed")
        .text("command", command.local(ctx.garden.settings.lang))
        .into()
}

/// Says `hint` to `who` once per step and objection round, for a plain message the step
/// does not take: returns true when it was said now.
pub fn hint_once(
    ctx: &mut Ctx<'_>,
    step: &StepDef,
    run: &mut Run,
    who: &UserId,
    hint: Msg,
) -> bool {
    let what = Told::Hint {
        step: run.step,
        round: run.consent.rounds,
    };
    if !run.tell_once(what, who) {
        return false;
    }
    let mut text = crate::model::Text::one(
        base_msg(run, "step-hint")
            .user("who", who, &run.name(who))
            .words("step", &label(step)),
    );
    text.push(hint);
    crate::rituals::voice::say(ctx, run, text, Vec::new());
    true
}
