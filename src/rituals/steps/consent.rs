//! `consent`: each participant consents or objects with a reason. An objection is major and
//! argued, so it needs a reason; on objection the run loops back to a named step.

use std::collections::BTreeMap;

use crate::engine::ctx::{Ctx, Flow};
use crate::model::{Msg, UserId};
use crate::rituals::definition::{RitualDef, StepDef, Who};
use crate::rituals::interpreter::{base_msg, close as close_step, say};
use crate::rituals::run::{ConsentAnswer, ObjectionRecord, Run, StepState};

/// The person asked last, if the step says so (the nominee in elections).
fn last_person(step: &StepDef, run: &Run) -> Option<UserId> {
    match step.last.as_ref().map(|w| *w.get_ref()) {
        Some(Who::Nominee) => run.nominee.clone(),
        Some(Who::Proposer) => run.proposer.clone(),
        None => None,
    }
}

/// Opens an objection round.
pub fn enter(ctx: &mut Ctx<'_>, step: &StepDef, run: &mut Run) -> Flow<bool> {
    run.consent_rounds += 1;
    let mut order = run.participants.clone();
    let last = last_person(step, run);
    if let Some(l) = &last {
        order.retain(|u| u != l);
        order.push(l.clone());
    }
    let asked: Vec<UserId> = order
        .iter()
        .filter(|u| Some(*u) != last.as_ref())
        .cloned()
        .collect();
    let msg = base_msg(run, step.message.get_ref()).users("order", run.named(&order));
    let empty = order.is_empty();
    let prompt = say(ctx, run, msg.into(), asked);
    run.state = StepState::Consent {
        order,
        answers: BTreeMap::new(),
        prompt_ref: Some(prompt),
        last_asked: false,
    };
    Ok(empty)
}

/// `!consens`, `!objection <raison>`, or a ✅ reaction on the prompt.
pub fn answer(
    ctx: &mut Ctx<'_>,
    def: &RitualDef,
    step: &StepDef,
    run: &mut Run,
    who: &UserId,
    objection: Option<(String, Option<String>)>,
) -> Flow {
    super::round::join_late(ctx, run, who);
    let last = last_person(step, run);
    let round = run.consent_rounds;
    let StepState::Consent { order, answers, .. } = &mut run.state else {
        return Ok(());
    };
    if !order.contains(who) {
        let at = if last.is_some() {
            order.len().saturating_sub(1)
        } else {
            order.len()
        };
        order.insert(at, who.clone());
    }
    let previous = answers.insert(
        who.clone(),
        match &objection {
            Some((reason, event_id)) => ConsentAnswer::Objection {
                reason: reason.clone(),
                event_id: event_id.clone(),
            },
            None => ConsentAnswer::Consent,
        },
    );
    let answered = answers.len();
    let total = order.len();
    if matches!(previous, Some(ConsentAnswer::Objection { .. })) {
        run.objections
            .retain(|o| !(o.round == round && &o.by == who));
    }
    let id = match &objection {
        Some((reason, _)) => {
            run.objections.push(ObjectionRecord {
                by: who.clone(),
                reason: reason.clone(),
                round,
                lift_proposals: Vec::new(),
                answered_by_version: None,
            });
            "objection-noted"
        }
        None => "consent-noted",
    };
    let msg = base_msg(run, id)
        .user("who", who, &run.name(who))
        .num("answered", answered as i64)
        .num("total", total as i64);
    say(ctx, run, msg.into(), Vec::new());
    after_answer(ctx, def, run, last)
}

fn after_answer(ctx: &mut Ctx<'_>, def: &RitualDef, run: &mut Run, last: Option<UserId>) -> Flow {
    let StepState::Consent {
        order,
        answers,
        last_asked,
        ..
    } = &mut run.state
    else {
        return Ok(());
    };
    if answers.len() >= order.len() {
        return close_step(ctx, def, run);
    }
    if let Some(l) = last {
        let others_done = order
            .iter()
            .filter(|u| **u != l)
            .all(|u| answers.contains_key(u));
        if others_done && !*last_asked && !answers.contains_key(&l) {
            *last_asked = true;
            let msg = base_msg(run, "consent-ask-last").user("who", &l, &run.name(&l));
            say(ctx, run, msg.into(), vec![l]);
        }
    }
    Ok(())
}

/// A ✋ on the prompt: an objection needs its reason, so the bot asks for it.
pub fn ask_reason(ctx: &mut Ctx<'_>, run: &mut Run, who: &UserId) {
    let msg = base_msg(run, "objection-reason-needed").user("who", who, &run.name(who));
    say(ctx, run, msg.into(), vec![who.clone()]);
}

/// Closes the round; returns the step to loop to when there was an objection.
pub fn close(ctx: &mut Ctx<'_>, step: &StepDef, run: &mut Run) -> Option<String> {
    let StepState::Consent { order, answers, .. } = &mut run.state else {
        return None;
    };
    let silent: Vec<UserId> = order
        .iter()
        .filter(|u| !answers.contains_key(*u))
        .cloned()
        .collect();
    for s in &silent {
        answers.insert(s.clone(), ConsentAnswer::Silent);
    }
    let objectors: Vec<UserId> = answers
        .iter()
        .filter(|(_, a)| matches!(a, ConsentAnswer::Objection { .. }))
        .map(|(u, _)| u.clone())
        .collect();
    let consents = answers
        .values()
        .filter(|a| matches!(a, ConsentAnswer::Consent))
        .count();
    run.silent = silent.clone();
    let id = if objectors.is_empty() {
        "consent-closed-clear"
    } else {
        "consent-closed-objections"
    };
    let msg = base_msg(run, id)
        .num("consents", consents as i64)
        .num("objections", objectors.len() as i64)
        .num("silent", silent.len() as i64)
        .users("silent_names", run.named(&silent))
        .text(
            "silence",
            if run.silence_consent {
                "consent"
            } else {
                "none"
            },
        );
    say(ctx, run, Msg::into(msg), Vec::new());
    if objectors.is_empty() {
        None
    } else {
        step.on_objection.as_ref().map(|s| s.get_ref().clone())
    }
}
