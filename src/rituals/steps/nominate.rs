//! `nominate`: ballots by direct message, hidden until the reveal. The bot writes to each
//! participant; each answers `!nomine @x [raison]` there: exactly one name, no
//! abstention, naming oneself allowed.

use super::common::{facilitators_only, hint_once, join_late};
use super::{Actor, Behaviour};
use crate::command::CommandName;
use crate::engine::ctx::{Ctx, Flow};
use crate::engine::io::Dest;
use crate::model::{Msg, UserId};
use crate::rituals::definition::{RitualDef, StepDef};
use crate::rituals::input::{After, Closer, InputKind, StepInput};
use crate::rituals::run::{Ballot, Run};
use crate::rituals::state::StepState;
use crate::rituals::voice::{base_msg, say, step_msg};

/// The `nominate` kind.
pub struct Nominate;

fn has_ballot(run: &Run, who: &UserId) -> bool {
    run.role().is_some_and(|r| r.ballots.contains_key(who))
}

fn missing(run: &Run) -> Vec<UserId> {
    run.awaited()
        .into_iter()
        .filter(|p| !has_ballot(run, p))
        .collect()
}

impl Behaviour for Nominate {
    fn enter(&self, ctx: &mut Ctx<'_>, _: &RitualDef, step: &StepDef, run: &mut Run) -> Flow<bool> {
        let msg = step_msg(run, step);
        say(ctx, run, msg.into(), Vec::new());
        let voters = run.awaited();
        for p in &voters {
            let msg = base_msg(run, "ballot-request").user("who", p, &run.name(p));
            ctx.post(Dest::Direct(p.clone()), msg.into(), vec![p.clone()]);
        }
        run.state = StepState::Nominate;
        Ok(voters.is_empty())
    }

    fn accepts(&self, _: &StepDef, _: &Run, _: &UserId, input: InputKind) -> bool {
        matches!(
            input,
            InputKind::Nominate | InputKind::Next | InputKind::Text
        )
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
        let voter = actor.id;
        match input {
            StepInput::Nominate { direct: false, .. } => Err(base_msg(run, "ballot-by-dm").into()),
            StepInput::Nominate {
                who: nominee,
                reason,
                ..
            } => {
                if has_ballot(run, voter) {
                    return Err(base_msg(run, "ballot-already").into());
                }
                join_late(ctx, run, voter);
                run.names.insert(nominee.clone(), ctx.name(&nominee));
                if let Some(role) = run.role_mut() {
                    role.ballots.insert(
                        voter.clone(),
                        Ballot {
                            nominee: nominee.clone(),
                            reason,
                            moved_from: None,
                        },
                    );
                }
                let received = run.role().map_or(0, |r| r.ballots.len());
                let msg = base_msg(run, "ballot-recorded")
                    .user("nominee", &nominee, &run.name(&nominee))
                    .num("received", received as i64)
                    .num("total", run.awaited().len() as i64);
                ctx.post(Dest::Direct(voter.clone()), msg.into(), Vec::new());
                self.settle(ctx, step, run)
            }
            StepInput::Next if actor.facilitator => Ok(After::Close(Closer::Next)),
            StepInput::Next => Err(facilitators_only(ctx, CommandName::Next)),
            StepInput::Text { .. } => {
                hint_once(ctx, step, run, voter, self.hint(step, run));
                Ok(After::Stay)
            }
            _ => Ok(After::Stay),
        }
    }

    fn settle(&self, _: &mut Ctx<'_>, _: &StepDef, run: &mut Run) -> Flow<After> {
        Ok(if missing(run).is_empty() {
            After::Close(Closer::Everyone)
        } else {
            After::Stay
        })
    }

    fn close(
        &self,
        ctx: &mut Ctx<'_>,
        _: &StepDef,
        run: &mut Run,
        _: Closer,
    ) -> Flow<Option<String>> {
        let missing = missing(run);
        if !missing.is_empty() {
            let msg = base_msg(run, "ballots-missing")
                .users("silent", run.named(&missing))
                .num("count", missing.len() as i64);
            say(ctx, run, msg.into(), Vec::new());
        }
        Ok(None)
    }

    fn waiting_for(&self, _: &Ctx<'_>, _: &StepDef, run: &Run) -> Vec<UserId> {
        missing(run)
    }

    fn hint(&self, _: &StepDef, run: &Run) -> Msg {
        base_msg(run, "ballot-by-dm")
    }

    fn placeholders(&self, _: crate::rituals::definition::Family) -> &'static [&'static str] {
        &[]
    }

    fn waits(&self) -> bool {
        true
    }
}
