//! `propose`: the tally of the ballots and a suggestion (the most named; among ties the
//! only one who named themselves, else the current holder of the role, else a random
//! draw, said as such), then a facilitator's `!propose @x`.

use rand::seq::IndexedRandom;

use super::common::facilitators_only;
use super::{Actor, Behaviour};
use crate::command::CommandName;
use crate::engine::ctx::{Ctx, Flow};
use crate::model::{Msg, Text, UserId};
use crate::registers::{self, Register, RoleRecord};
use crate::rituals::definition::{RitualDef, StepDef};
use crate::rituals::input::{After, Closer, InputKind, StepInput};
use crate::rituals::run::Run;
use crate::rituals::state::StepState;
use crate::rituals::voice::{base_msg, rng, say, step_msg};

/// The `propose` kind.
pub struct Propose;

impl Behaviour for Propose {
    fn enter(&self, ctx: &mut Ctx<'_>, _: &RitualDef, step: &StepDef, run: &mut Run) -> Flow<bool> {
        let suggestion = suggest(ctx, run)?;
        if let Some(role) = run.role_mut() {
            role.suggestion = suggestion
                .as_ref()
                .map(|(u, why)| (u.clone(), (*why).to_owned()));
        }
        let mut text: Text = step_msg(run, step).into();
        for (who, n) in tally(run) {
            text.push(
                Msg::new("tally-line")
                    .user("who", &who, &run.name(&who))
                    .num("count", n as i64),
            );
        }
        if let Some((who, why)) = &suggestion {
            text.push(
                Msg::new("suggestion-line")
                    .user("who", who, &run.name(who))
                    .text("why", *why),
            );
        }
        let starter = run.started_by.clone();
        say(ctx, run, text, vec![starter]);
        run.state = StepState::Propose;
        Ok(false)
    }

    fn accepts(&self, _: &StepDef, _: &Run, _: &UserId, input: InputKind) -> bool {
        matches!(input, InputKind::Propose | InputKind::Next)
    }

    fn input(
        &self,
        ctx: &mut Ctx<'_>,
        _: &RitualDef,
        _: &StepDef,
        run: &mut Run,
        actor: Actor<'_>,
        input: StepInput,
    ) -> Flow<After> {
        match input {
            StepInput::Propose(_) if !actor.facilitator => {
                Err(facilitators_only(ctx, CommandName::Propose))
            }
            StepInput::Propose(person) => {
                if !ctx.roster.contains(&person) && !run.participants.contains(&person) {
                    return Err(Msg::new("person-not-member")
                        .text("who", person.localpart())
                        .into());
                }
                run.names.insert(person.clone(), ctx.name(&person));
                if let Some(role) = run.role_mut() {
                    role.nominee = Some(person);
                }
                let msg = base_msg(run, "proposed");
                say(ctx, run, msg.into(), Vec::new());
                Ok(After::Go(None))
            }
            StepInput::Next => Err(base_msg(run, "propose-needed").into()),
            _ => Ok(After::Stay),
        }
    }

    fn settle(&self, _: &mut Ctx<'_>, _: &StepDef, _: &mut Run) -> Flow<After> {
        Ok(After::Stay)
    }

    fn close(&self, _: &mut Ctx<'_>, _: &StepDef, _: &mut Run, _: Closer) -> Flow<Option<String>> {
        Ok(None)
    }

    fn waiting_for(&self, ctx: &Ctx<'_>, _: &StepDef, _: &Run) -> Vec<UserId> {
        ctx.facilitators(3)
    }

    fn hint(&self, _: &StepDef, run: &Run) -> Msg {
        base_msg(run, "hint-propose")
    }

    fn placeholders(&self, _: crate::rituals::definition::Family) -> &'static [&'static str] {
        &[]
    }

    fn waits(&self) -> bool {
        // Only a facilitator can name the person: a deadline would leave nobody proposed.
        false
    }
}

/// The tally, most named first; ties in name order for stable output.
pub fn tally(run: &Run) -> Vec<(UserId, usize)> {
    let mut counts: Vec<(UserId, usize)> = Vec::new();
    for b in run.role().map(|r| r.ballots.values()).into_iter().flatten() {
        match counts.iter_mut().find(|(u, _)| *u == b.nominee) {
            Some((_, n)) => *n += 1,
            None => counts.push((b.nominee.clone(), 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
}

/// The suggested person and why.
fn suggest(ctx: &Ctx<'_>, run: &Run) -> Flow<Option<(UserId, &'static str)>> {
    let counts = tally(run);
    let Some(top) = counts.first().map(|c| c.1) else {
        return Ok(None);
    };
    let tied: Vec<UserId> = counts
        .iter()
        .filter(|c| c.1 == top)
        .map(|c| c.0.clone())
        .collect();
    if tied.len() == 1 {
        return Ok(Some((tied[0].clone(), "most")));
    }
    let ballots = run.role().map(|r| &r.ballots);
    let selfnamed: Vec<&UserId> = tied
        .iter()
        .filter(|u| {
            ballots
                .and_then(|b| b.get(*u))
                .is_some_and(|b| &b.nominee == *u)
        })
        .collect();
    if selfnamed.len() == 1 {
        return Ok(Some((selfnamed[0].clone(), "self")));
    }
    let role = crate::text::fold(&run.subject_text());
    let holders: Vec<RoleRecord> = registers::list(&ctx.tx, &ctx.garden.id, Register::Roles)?;
    if let Some(h) = holders
        .iter()
        .rev()
        .find(|r| crate::text::fold(&r.role) == role)
        .map(|r| r.holder.0.clone())
        .filter(|h| tied.contains(h))
    {
        return Ok(Some((h, "holder")));
    }
    let salt = 7_000 + u64::from(run.consent.rounds);
    Ok(tied
        .choose(&mut rng(run, salt))
        .map(|u| (u.clone(), "draw")))
}
