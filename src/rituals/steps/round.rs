//! `round`: each participant speaks once, in an order, and may pass. Out-of-turn speech is
//! accepted (asynchronous gardens); the order then goes on with whoever has not spoken.

use chrono::Duration;
use rand::seq::SliceRandom;

use crate::engine::ctx::{Ctx, Flow};
use crate::model::{Msg, UserId};
use crate::rituals::definition::{RitualDef, StepDef};
use crate::rituals::interpreter::{base_msg, close as close_step, rng, say};
use crate::rituals::run::{Run, StepState, Turn};

/// How recently a member must have joined to count as a newcomer (SPEC §3.1).
const NEWCOMER: i64 = 14;

/// Opens the round: computes the order, posts it and mentions the first speaker.
pub fn enter(ctx: &mut Ctx<'_>, _def: &RitualDef, step: &StepDef, run: &mut Run) -> Flow<bool> {
    let voters: Vec<UserId> = run
        .participants
        .iter()
        .filter(|p| run.ballots.contains_key(*p))
        .cloned()
        .collect();
    let mut order = if voters.is_empty() {
        run.participants.clone()
    } else {
        voters
    };
    if step.shuffle {
        let salt = (run.step as u64 + 1) * 1000 + u64::from(run.consent_rounds);
        order.shuffle(&mut rng(run, salt));
    }
    if step.newcomers_not_first {
        let since = ctx.now - Duration::days(NEWCOMER);
        let is_newcomer = |u: &UserId| {
            ctx.roster
                .get(u)
                .and_then(|m| m.joined_at)
                .is_some_and(|j| j > since)
        };
        if let Some(pos) = order.iter().position(|u| !is_newcomer(u)) {
            let first = order.remove(pos);
            order.insert(0, first);
        }
    }
    let first = order.first().cloned();
    let mut msg = base_msg(run, step.message.get_ref()).users("order", run.named(&order));
    if let Some(f) = &first {
        msg = msg.user("first", f, &run.name(f));
    }
    say(ctx, run, msg.into(), first.iter().cloned().collect());
    let empty = order.is_empty();
    run.state = StepState::Round {
        order,
        turns: Vec::new(),
        announced: first,
    };
    Ok(empty)
}

/// A participant speaks (or, with `passed`, passes).
pub fn take_turn(
    ctx: &mut Ctx<'_>,
    def: &RitualDef,
    run: &mut Run,
    who: &UserId,
    text: Option<String>,
    event_id: Option<String>,
) -> Flow {
    join_late(ctx, run, who);
    if def.steps.get(run.step).is_some_and(|s| s.strict_order) {
        in_turn(run, who)?;
    }
    let StepState::Round { order, turns, .. } = &mut run.state else {
        return Ok(());
    };
    if turns.iter().any(|t| &t.who == who) {
        if text.is_none() {
            return Err(Msg::new("round-already-spoken")
                .text("id", run.id.to_string())
                .into());
        }
        // Listeners do not comment in a round: later words are left alone, not recorded.
        return Ok(());
    }
    if !order.contains(who) {
        order.push(who.clone());
    }
    let passed = text.is_none();
    turns.push(Turn {
        who: who.clone(),
        text,
        passed,
        silent: false,
        event_id,
    });
    if passed {
        let msg = base_msg(run, "round-passed").user("who", who, &run.name(who));
        say(ctx, run, msg.into(), Vec::new());
    }
    after_turn(ctx, def, run)
}

/// Refuses out-of-turn words in a strict-order round: the next speaker is the first of the
/// order who has not spoken (a late joiner queues at the end).
fn in_turn(run: &Run, who: &UserId) -> Flow {
    let StepState::Round { order, turns, .. } = &run.state else {
        return Ok(());
    };
    let spoke = |u: &UserId| turns.iter().any(|t| &t.who == u);
    if spoke(who) {
        return Ok(());
    }
    match order.iter().find(|u| !spoke(u)) {
        Some(next) if next != who => Err(Msg::new("round-not-your-turn")
            .text("id", run.id.to_string())
            .user("next", next, &run.name(next))
            .into()),
        _ => Ok(()),
    }
}

/// Moves a ballot during a report-de-voix round (`!nomine @y` to someone already named).
pub fn revote(
    ctx: &mut Ctx<'_>,
    def: &RitualDef,
    run: &mut Run,
    who: &UserId,
    nominee: &UserId,
    reason: Option<String>,
) -> Flow {
    let named: Vec<UserId> = run.ballots.values().map(|b| b.nominee.clone()).collect();
    if !named.contains(nominee) {
        return Err(Msg::new("revote-not-named")
            .user("who", nominee, &ctx.name(nominee))
            .users("named", run.named(&dedup(named)))
            .into());
    }
    let Some(ballot) = run.ballots.get_mut(who) else {
        return Err(Msg::new("revote-no-ballot")
            .text("id", run.id.to_string())
            .into());
    };
    if let StepState::Round { turns, .. } = &run.state
        && turns.iter().any(|t| &t.who == who)
    {
        return Err(Msg::new("round-already-spoken")
            .text("id", run.id.to_string())
            .into());
    }
    if &ballot.nominee != nominee {
        ballot.moved_from = Some(ballot.nominee.clone());
        ballot.nominee = nominee.clone();
    }
    ballot.reason = reason.clone().or(ballot.reason.take());
    let msg = base_msg(run, "revote-moved")
        .user("who", who, &run.name(who))
        .user("nominee", nominee, &run.name(nominee));
    say(ctx, run, msg.into(), Vec::new());
    take_turn(ctx, def, run, who, Some(reason.unwrap_or_default()), None)
}

fn dedup(mut v: Vec<UserId>) -> Vec<UserId> {
    let mut seen = Vec::new();
    v.retain(|u| {
        if seen.contains(u) {
            false
        } else {
            seen.push(u.clone());
            true
        }
    });
    v
}

/// A member who joined after the start takes part (SPEC §3).
pub fn join_late(ctx: &Ctx<'_>, run: &mut Run, who: &UserId) {
    if !run.participants.contains(who) && ctx.roster.contains(who) {
        run.participants.push(who.clone());
        run.names.insert(who.clone(), ctx.name(who));
    }
}

fn after_turn(ctx: &mut Ctx<'_>, def: &RitualDef, run: &mut Run) -> Flow {
    let StepState::Round {
        order,
        turns,
        announced,
    } = &mut run.state
    else {
        return Ok(());
    };
    let next = order
        .iter()
        .find(|u| !turns.iter().any(|t| &t.who == *u))
        .cloned();
    match next {
        None => close_step(ctx, def, run),
        Some(next) if announced.as_ref() != Some(&next) => {
            *announced = Some(next.clone());
            let msg = base_msg(run, "round-next").user("next", &next, &run.name(&next));
            say(ctx, run, msg.into(), vec![next]);
            Ok(())
        }
        Some(_) => Ok(()),
    }
}

/// Closes the round: whoever did not speak is marked silent; the turns are kept on the run
/// for the record step.
pub fn close(ctx: &mut Ctx<'_>, run: &mut Run) {
    let StepState::Round { order, turns, .. } = &mut run.state else {
        return;
    };
    let silent: Vec<UserId> = order
        .iter()
        .filter(|u| !turns.iter().any(|t| &t.who == *u))
        .cloned()
        .collect();
    for who in &silent {
        turns.push(Turn {
            who: who.clone(),
            text: None,
            passed: false,
            silent: true,
            event_id: None,
        });
    }
    run.last_round = std::mem::take(turns);
    if !silent.is_empty() {
        let msg = base_msg(run, "round-closed-silent")
            .users("silent", run.named(&silent))
            .num("count", silent.len() as i64);
        say(ctx, run, msg.into(), Vec::new());
    }
}
