//! `answer`: one designated person answers — the proposer amends (`!amender`), withdraws
//! (`!retirer`, handled for the whole run) or keeps the text (`!suivant`). With
//! `ask_objectors` (the levée des objections), the objectors of the last round are asked
//! first how their objection could be lifted; the proposer's `!amender` waits until each
//! of them has spoken or a facilitator moves on.

use super::common::{designated, facilitators_only, hint_once};
use super::{Actor, Behaviour};
use crate::command::CommandName;
use crate::engine::ctx::{Ctx, Flow};
use crate::model::{Msg, Text, UserId};
use crate::registers::{Lift, Version};
use crate::rituals::definition::{RitualDef, StepDef};
use crate::rituals::input::{After, Closer, InputKind, StepInput};
use crate::rituals::run::{Run, Subject};
use crate::rituals::state::{AnswerPhase, AnswerState, StepState};
use crate::rituals::voice::{base_msg, say, step_msg};

/// The `answer` kind.
pub struct Answer;

fn phase(run: &Run) -> AnswerPhase {
    match &run.state {
        StepState::Answer(s) => s.phase,
        _ => AnswerPhase::Author,
    }
}

/// The objectors of the current round, and those of them who have not proposed a lift.
fn objectors(run: &Run) -> (Vec<UserId>, Vec<UserId>) {
    let round = run.consent.rounds;
    let mut all = Vec::new();
    let mut pending = Vec::new();
    for o in run.consent.objections.iter().filter(|o| o.round == round) {
        if !all.contains(&o.by) {
            all.push(o.by.clone());
        }
        let spoke = o.lifts.iter().any(|l| l.by == o.by);
        if !spoke && run.is_awaited(&o.by) && !pending.contains(&o.by) {
            pending.push(o.by.clone());
        }
    }
    (all, pending)
}

/// Hands over to the proposer once the objectors have spoken.
fn author_turn(ctx: &mut Ctx<'_>, step: &StepDef, run: &mut Run) {
    run.state = StepState::Answer(AnswerState {
        phase: AnswerPhase::Author,
    });
    let who: Vec<UserId> = designated(step, run).into_iter().collect();
    let msg = base_msg(run, "lift-proposer-turn");
    say(ctx, run, msg.into(), who);
}

impl Behaviour for Answer {
    fn enter(&self, ctx: &mut Ctx<'_>, _: &RitualDef, step: &StepDef, run: &mut Run) -> Flow<bool> {
        let who = designated(step, run);
        let (all, pending) = objectors(run);
        let levee = step.ask_objectors && !all.is_empty();
        let msg = step_msg(run, step)
            .users("objectors", run.named(&all))
            .num("count", all.len() as i64);
        let mut text: Text = msg.into();
        if levee {
            let round = run.consent.rounds;
            for o in run.consent.objections.iter().filter(|o| o.round == round) {
                text.push(
                    Msg::new("objection-line")
                        .user("who", &o.by, &run.name(&o.by))
                        .text("reason", o.reason.clone()),
                );
            }
        }
        let (phase, mentions) = if levee && !pending.is_empty() {
            (AnswerPhase::Objectors, pending)
        } else {
            (AnswerPhase::Author, who.iter().cloned().collect())
        };
        say(ctx, run, text, mentions);
        run.state = StepState::Answer(AnswerState { phase });
        // An answer step with nobody to answer has nothing to wait for.
        Ok(who.is_none())
    }

    fn accepts(&self, _: &StepDef, _: &Run, _: &UserId, input: InputKind) -> bool {
        matches!(input, InputKind::Amend | InputKind::Text | InputKind::Next)
    }

    fn input(
        &self,
        ctx: &mut Ctx<'_>,
        _: &RitualDef,
        step: &StepDef,
        run: &mut Run,
        actor: Actor<'_>,
        input: StepInput,
    ) -> Flow<After> {
        let who = actor.id;
        let author = designated(step, run);
        let is_author = author.as_ref() == Some(who);
        match input {
            StepInput::Amend(_) if !is_author => Err(not_author(run)),
            StepInput::Amend(_) if phase(run) == AnswerPhase::Objectors => {
                Err(wait_for_objectors(run))
            }
            StepInput::Amend(text) => {
                amend(ctx, run, text)?;
                Ok(After::Go(None))
            }
            StepInput::Text { body, .. } if phase(run) == AnswerPhase::Objectors => {
                let (all, _) = objectors(run);
                if !all.contains(who) {
                    hint_once(ctx, step, run, who, self.hint(step, run));
                    return Ok(After::Stay);
                }
                let round = run.consent.rounds;
                for o in run
                    .consent
                    .objections
                    .iter_mut()
                    .filter(|o| o.round == round && &o.by == who)
                {
                    o.lifts.push(Lift {
                        by: who.clone(),
                        text: body.clone(),
                    });
                }
                let msg = base_msg(run, "lift-noted").user("who", who, &run.name(who));
                say(ctx, run, msg.into(), Vec::new());
                if objectors(run).1.is_empty() {
                    author_turn(ctx, step, run);
                }
                Ok(After::Stay)
            }
            StepInput::Text { .. } if is_author => Err(base_msg(run, "answer-how").into()),
            StepInput::Text { .. } => {
                hint_once(ctx, step, run, who, self.hint(step, run));
                Ok(After::Stay)
            }
            StepInput::Next if phase(run) == AnswerPhase::Objectors => {
                if !actor.facilitator {
                    return Err(facilitators_only(ctx, CommandName::Next));
                }
                author_turn(ctx, step, run);
                Ok(After::Stay)
            }
            StepInput::Next if is_author || actor.facilitator => Ok(After::Close(Closer::Next)),
            StepInput::Next => Err(facilitators_only(ctx, CommandName::Next)),
            _ => Ok(After::Stay),
        }
    }

    fn settle(&self, ctx: &mut Ctx<'_>, step: &StepDef, run: &mut Run) -> Flow<After> {
        if phase(run) == AnswerPhase::Objectors && objectors(run).1.is_empty() {
            author_turn(ctx, step, run);
        }
        Ok(After::Stay)
    }

    fn close(
        &self,
        ctx: &mut Ctx<'_>,
        _: &StepDef,
        run: &mut Run,
        _: Closer,
    ) -> Flow<Option<String>> {
        let msg = base_msg(run, "answer-kept");
        say(ctx, run, msg.into(), Vec::new());
        Ok(None)
    }

    fn waiting_for(&self, _: &Ctx<'_>, step: &StepDef, run: &Run) -> Vec<UserId> {
        match phase(run) {
            AnswerPhase::Objectors => objectors(run).1,
            AnswerPhase::Author => designated(step, run).into_iter().collect(),
        }
    }

    fn hint(&self, step: &StepDef, run: &Run) -> Msg {
        match phase(run) {
            AnswerPhase::Objectors => {
                let (all, _) = objectors(run);
                base_msg(run, "hint-lift").users("objectors", run.named(&all))
            }
            AnswerPhase::Author => {
                let mut m = base_msg(run, "hint-answer");
                if let Some(p) = designated(step, run) {
                    m = m.user("answerer", &p, &run.name(&p));
                }
                m
            }
        }
    }

    fn placeholders(&self, _: crate::rituals::definition::Family) -> &'static [&'static str] {
        &["objectors", "count"]
    }

    fn waits(&self) -> bool {
        true
    }
}

/// A new version of the proposal; the objections of the last round are marked answered
/// by it.
pub fn amend(ctx: &mut Ctx<'_>, run: &mut Run, text: String) -> Flow {
    let round = run.consent.rounds;
    let Subject::Proposal(p) = &mut run.subject else {
        return Err(base_msg(run, "amend-nothing").into());
    };
    p.versions.push(Version {
        text,
        at: ctx.now,
        after_round: round,
    });
    let version = p.versions.len();
    for o in run
        .consent
        .objections
        .iter_mut()
        .filter(|o| o.round == round)
    {
        o.answered_by_version.get_or_insert(version);
    }
    let msg = base_msg(run, "amended").num("version", version as i64);
    say(ctx, run, msg.into(), Vec::new());
    Ok(())
}

/// Only the designated person answers here.
pub fn not_author(run: &Run) -> crate::engine::ctx::Stop {
    base_msg(run, "amend-not-proposer").into()
}

fn wait_for_objectors(run: &Run) -> crate::engine::ctx::Stop {
    let (_, pending) = objectors(run);
    base_msg(run, "lift-wait-objectors")
        .users("pending", run.named(&pending))
        .num("count", pending.len() as i64)
        .into()
}
