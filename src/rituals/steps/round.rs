//! `round`: each participant speaks once, in an order, and may pass. Out-of-turn words are
//! accepted (asynchronous gardens) unless the step is `strict_order`; the order then goes
//! on with whoever has not spoken. A round is listened to without comments: a second
//! message from someone who spoke gets one gentle reminder per run, and is not recorded.
//! With `revote`, `!nomine @y` moves one's ballot (report de voix).

use chrono::Duration;
use rand::seq::SliceRandom;

use super::common::{facilitators_only, join_late};
use super::{Actor, Behaviour};
use crate::command::CommandName;
use crate::engine::ctx::{Ctx, Flow};
use crate::engine::io::Dest;
use crate::model::{Msg, Text, UserId};
use crate::rituals::definition::{RitualDef, StepDef};
use crate::rituals::input::{After, Closer, InputKind, StepInput};
use crate::rituals::run::{Run, Told};
use crate::rituals::state::{RoundState, StepState, Turn, TurnKind};
use crate::rituals::voice::{base_msg, rng, say, step_msg};

/// How recently a member must have joined to count as a newcomer (two weeks).
const NEWCOMER_DAYS: i64 = 14;

/// The `round` kind.
pub struct Round;

fn state(run: &Run) -> Option<&RoundState> {
    match &run.state {
        StepState::Round(s) => Some(s),
        _ => None,
    }
}

fn state_mut(run: &mut Run) -> Option<&mut RoundState> {
    match &mut run.state {
        StepState::Round(s) => Some(s),
        _ => None,
    }
}

impl Behaviour for Round {
    fn enter(&self, ctx: &mut Ctx<'_>, _: &RitualDef, step: &StepDef, run: &mut Run) -> Flow<bool> {
        // In an election the rounds after the reveal are the voters'.
        let voters: Vec<UserId> = run
            .awaited()
            .into_iter()
            .filter(|p| run.role().is_some_and(|r| r.ballots.contains_key(p)))
            .collect();
        let mut order = if voters.is_empty() {
            run.awaited()
        } else {
            voters
        };
        if step.shuffle {
            let salt = (run.step as u64 + 1) * 1000 + u64::from(run.consent.rounds);
            order.shuffle(&mut rng(run, salt));
        }
        if step.newcomers_not_first {
            let since = ctx.now - Duration::days(NEWCOMER_DAYS);
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
        let mut msg = step_msg(run, step).users("order", run.named(&order));
        if let Some(f) = &first {
            msg = msg.user("first", f, &run.name(f));
        }
        let prompt = say(ctx, run, msg.into(), first.iter().cloned().collect());
        let empty = order.is_empty();
        run.state = StepState::Round(RoundState {
            order,
            turns: Vec::new(),
            announced: first,
            prompt_ref: Some(prompt),
        });
        Ok(empty)
    }

    fn accepts(&self, step: &StepDef, _: &Run, _: &UserId, input: InputKind) -> bool {
        match input {
            InputKind::Text
            | InputKind::Pass
            | InputKind::Next
            | InputKind::Edit
            | InputKind::Redaction => true,
            InputKind::Nominate => step.revote,
            _ => false,
        }
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
        match input {
            StepInput::Text { body, event } => {
                join_late(ctx, run, who);
                if state(run).is_some_and(|s| s.has_spoken(who)) {
                    if run.tell_once(Told::NoComments, who) {
                        let msg =
                            base_msg(run, "round-no-comments").user("who", who, &run.name(who));
                        say(ctx, run, msg.into(), Vec::new());
                    }
                    return Ok(After::Stay);
                }
                take_turn(run, step, who, Some(body), TurnKind::Spoke, event.clone())?;
                acknowledge(ctx, step, run, &event, "🙏")
            }
            StepInput::Pass { event } => {
                join_late(ctx, run, who);
                if state(run).is_some_and(|s| s.has_spoken(who)) {
                    return Err(base_msg(run, "round-already-spoken").into());
                }
                take_turn(run, step, who, None, TurnKind::Passed, event.clone())?;
                acknowledge(ctx, step, run, &event, "👌")
            }
            StepInput::Nominate {
                who: nominee,
                reason,
                ..
            } => {
                revote(ctx, run, step, who, &nominee, reason)?;
                after_turn(ctx, run)
            }
            StepInput::Next if actor.facilitator => Ok(After::Close(Closer::Next)),
            StepInput::Next => Err(facilitators_only(ctx, CommandName::Next)),
            StepInput::Edit { event, body } => {
                if let Some(t) = state_mut(run).and_then(|s| {
                    s.turns
                        .iter_mut()
                        .find(|t| t.event_id.as_deref() == Some(event.as_str()) && t.spoke())
                }) {
                    t.text = Some(body);
                }
                Ok(After::Stay)
            }
            StepInput::Redaction { event } => {
                if let Some(s) = state_mut(run) {
                    s.turns
                        .retain(|t| t.event_id.as_deref() != Some(event.as_str()));
                }
                Ok(After::Stay)
            }
            _ => Ok(After::Stay),
        }
    }

    fn settle(&self, ctx: &mut Ctx<'_>, _: &StepDef, run: &mut Run) -> Flow<After> {
        after_turn(ctx, run)
    }

    fn close(
        &self,
        ctx: &mut Ctx<'_>,
        _: &StepDef,
        run: &mut Run,
        by: Closer,
    ) -> Flow<Option<String>> {
        let awaited: Vec<UserId> = run.awaited();
        let absent = run.absent.clone();
        let Some(s) = state_mut(run) else {
            return Ok(None);
        };
        let mut silent = Vec::new();
        for who in s.order.clone() {
            if s.has_spoken(&who) {
                continue;
            }
            let how = if absent.contains(&who) {
                TurnKind::Absent
            } else if awaited.contains(&who) {
                silent.push(who.clone());
                TurnKind::Silent
            } else {
                // Left the garden: nothing to say about them.
                continue;
            };
            s.turns.push(Turn {
                who,
                text: None,
                how,
                event_id: None,
            });
        }
        run.last_round = std::mem::take(&mut s.turns);
        if !silent.is_empty() && by != Closer::Everyone {
            let msg = base_msg(run, "round-closed-silent")
                .users("silent", run.named(&silent))
                .num("count", silent.len() as i64);
            say(ctx, run, msg.into(), Vec::new());
        }
        Ok(None)
    }

    fn waiting_for(&self, _: &Ctx<'_>, _: &StepDef, run: &Run) -> Vec<UserId> {
        state(run).map_or_else(Vec::new, |s| {
            s.order
                .iter()
                .filter(|u| !s.has_spoken(u) && run.is_awaited(u))
                .cloned()
                .collect()
        })
    }

    fn hint(&self, step: &StepDef, run: &Run) -> Msg {
        base_msg(run, "hint-round").text("revote", if step.revote { "yes" } else { "no" })
    }

    fn placeholders(&self, _: crate::rituals::definition::Family) -> &'static [&'static str] {
        &["order", "first"]
    }

    fn waits(&self) -> bool {
        true
    }
}

/// Records a turn; in a strict-order round only the next speaker may take it.
fn take_turn(
    run: &mut Run,
    step: &StepDef,
    who: &UserId,
    text: Option<String>,
    how: TurnKind,
    event: String,
) -> Flow {
    if step.strict_order {
        in_turn(run, who)?;
    }
    let Some(s) = state_mut(run) else {
        return Ok(());
    };
    if !s.order.contains(who) {
        s.order.push(who.clone());
    }
    s.turns.push(Turn {
        who: who.clone(),
        text,
        how,
        event_id: Some(event),
    });
    Ok(())
}

/// Refuses out-of-turn words in a strict-order round: the next speaker is the first of the
/// order who has not spoken (a late joiner queues at the end).
fn in_turn(run: &Run, who: &UserId) -> Flow {
    let Some(s) = state(run) else {
        return Ok(());
    };
    match s
        .order
        .iter()
        .find(|u| !s.has_spoken(u) && run.is_awaited(u))
    {
        Some(next) if next != who => Err(base_msg(run, "round-not-your-turn")
            .user("next", next, &run.name(next))
            .into()),
        _ => Ok(()),
    }
}

/// Mentions the next speaker once, or closes the round when nobody is left.
fn after_turn(ctx: &mut Ctx<'_>, run: &mut Run) -> Flow<After> {
    let next = state(run).and_then(|s| {
        s.order
            .iter()
            .find(|u| !s.has_spoken(u) && run.is_awaited(u))
            .cloned()
    });
    let Some(next) = next else {
        return Ok(After::Close(Closer::Everyone));
    };
    let already = state(run).is_some_and(|s| s.announced.as_ref() == Some(&next));
    if !already {
        if let Some(s) = state_mut(run) {
            s.announced = Some(next.clone());
        }
        let msg = base_msg(run, "round-next").user("next", &next, &run.name(&next));
        say(ctx, run, msg.into(), vec![next]);
    }
    Ok(After::Stay)
}

/// Moves a ballot during a report-de-voix round (`!nomine @y` to someone already named).
fn revote(
    ctx: &mut Ctx<'_>,
    run: &mut Run,
    step: &StepDef,
    who: &UserId,
    nominee: &UserId,
    reason: Option<String>,
) -> Flow {
    let named: Vec<UserId> = dedup(
        run.role()
            .map(|r| r.ballots.values().map(|b| b.nominee.clone()).collect())
            .unwrap_or_default(),
    );
    if !named.contains(nominee) {
        return Err(Msg::new("revote-not-named")
            .user("who", nominee, &ctx.name(nominee))
            .users("named", run.named(&named))
            .into());
    }
    if state(run).is_some_and(|s| s.has_spoken(who)) {
        return Err(base_msg(run, "round-already-spoken").into());
    }
    let Some(ballot) = run.role_mut().and_then(|r| r.ballots.get_mut(who)) else {
        return Err(base_msg(run, "revote-no-ballot").into());
    };
    if &ballot.nominee != nominee {
        ballot.moved_from = Some(ballot.nominee.clone());
        ballot.nominee = nominee.clone();
    }
    ballot.reason = reason.clone().or(ballot.reason.take());
    let msg = base_msg(run, "revote-moved")
        .user("who", who, &run.name(who))
        .user("nominee", nominee, &run.name(nominee));
    say(ctx, run, msg.into(), Vec::new());
    take_turn(
        run,
        step,
        who,
        Some(reason.unwrap_or_default()),
        TurnKind::Spoke,
        String::new(),
    )
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

/// A turn taken: a reaction on the member's message, and the round's prompt edited to show
/// who spoke, who passed and whom we wait for (instead of a new line in the thread).
fn acknowledge(
    ctx: &mut Ctx<'_>,
    step: &StepDef,
    run: &mut Run,
    event: &str,
    key: &str,
) -> Flow<After> {
    ctx.react(Dest::Thread(run.id), event, key);
    if state(run).and_then(|s| s.prompt_ref.as_ref()).is_some() {
        // The round's end follows at once when everyone spoke: no tally to show then.
        let after = after_turn(ctx, run)?;
        if after == After::Stay {
            tally(ctx, step, run);
        }
        return Ok(after);
    }
    after_turn(ctx, run)
}

fn tally(ctx: &mut Ctx<'_>, step: &StepDef, run: &Run) {
    let Some(s) = state(run) else {
        return;
    };
    let Some(prompt) = s.prompt_ref.clone() else {
        return;
    };
    let of = |how: TurnKind| -> Vec<UserId> {
        s.turns
            .iter()
            .filter(|t| t.how == how)
            .map(|t| t.who.clone())
            .collect()
    };
    let (spoke, passed) = (of(TurnKind::Spoke), of(TurnKind::Passed));
    let waiting: Vec<UserId> = s
        .order
        .iter()
        .filter(|u| !s.has_spoken(u) && run.is_awaited(u))
        .cloned()
        .collect();
    let first = s.order.first();
    let mut msg = step_msg(run, step).users("order", run.named(&s.order));
    if let Some(f) = first {
        msg = msg.user("first", f, &run.name(f));
    }
    let mut text: Text = msg.into();
    text.push(
        Msg::new("round-tally")
            .users("spoke", run.named(&spoke))
            .num("spoke_count", spoke.len() as i64)
            .users("passed", run.named(&passed))
            .num("passed_count", passed.len() as i64)
            .users("waiting", run.named(&waiting))
            .num("waiting_count", waiting.len() as i64),
    );
    let mentions: Vec<UserId> = first.cloned().into_iter().collect();
    ctx.edit(Dest::Thread(run.id), &prompt, text, mentions);
}
