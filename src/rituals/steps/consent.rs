//! `consent`: the objection round. Each participant consents (`!consens`, ✅) or objects
//! with a reason (`!objection <raison>`; ✋ or a bare `!objection` asks for the reason,
//! and the objector's next message in the thread is taken as it). Silence is never
//! consent by default: the round closes when everyone awaited has answered; a
//! facilitator's `!suivant` before that names who has not answered and suggests
//! `!absent`. Under `--silence-consent`, once the deadline's reminder was posted, silence
//! counts as no objection. The person asked last (the nominee) is asked after all the
//! others; an early answer of theirs is kept aside until then. Until someone answers a
//! round, the proposer may mend the version just made (a slip is not a round).

use super::common::{facilitators_only, hint_once, join_late, person};
use super::{Actor, Behaviour};
use crate::command::CommandName;
use crate::engine::ctx::{Ctx, Flow};
use crate::engine::io::Dest;
use crate::model::{Msg, Text, UserId};
use crate::registers::ObjectionRecord;
use crate::rituals::definition::{RitualDef, StepDef};
use crate::rituals::input::{After, Closer, InputKind, StepInput};
use crate::rituals::run::{Run, Subject};
use crate::rituals::state::{ConsentAnswer, ConsentState, StepState};
use crate::rituals::voice::{base_msg, say, step_msg};

/// The `consent` kind.
pub struct Consent;

/// Reaction keys that consent, and those that raise a hand, skin tones already folded.
const CONSENT_KEYS: [&str; 3] = ["✅", "✔", "👍"];
const OBJECT_KEYS: [&str; 3] = ["✋", "🤚", "👎"];

fn state(run: &Run) -> Option<&ConsentState> {
    match &run.state {
        StepState::Consent(s) => Some(s),
        _ => None,
    }
}

fn state_mut(run: &mut Run) -> Option<&mut ConsentState> {
    match &mut run.state {
        StepState::Consent(s) => Some(s),
        _ => None,
    }
}

fn last_person(step: &StepDef, run: &Run) -> Option<UserId> {
    person(run, step.last.as_ref().map(|w| *w.get_ref()))
}

impl Behaviour for Consent {
    fn enter(&self, ctx: &mut Ctx<'_>, _: &RitualDef, step: &StepDef, run: &mut Run) -> Flow<bool> {
        run.consent.rounds += 1;
        let mut order = run.awaited();
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
        let msg = step_msg(run, step).users("order", run.named(&order));
        let prompt = say(ctx, run, msg.into(), asked);
        // Members answer with a tap: the bot puts the two answers under its prompt.
        for key in ["✅", "✋"] {
            ctx.react_own(Dest::Thread(run.id), &prompt, key);
        }
        run.state = StepState::Consent(ConsentState {
            order,
            prompt_ref: Some(prompt),
            ..ConsentState::default()
        });
        Ok(false)
    }

    fn accepts(&self, _: &StepDef, _: &Run, _: &UserId, input: InputKind) -> bool {
        matches!(
            input,
            InputKind::Consent
                | InputKind::Object
                | InputKind::Text
                | InputKind::Amend
                | InputKind::React
                | InputKind::Next
                | InputKind::Edit
                | InputKind::Redaction
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
        let who = actor.id;
        match input {
            StepInput::Consent { event } => answer(
                ctx,
                step,
                run,
                who,
                ConsentAnswer::Consent {
                    event_id: Some(event.clone()),
                },
                Some(&event),
            ),
            StepInput::Object {
                reason: Some(reason),
                event,
            } => answer(
                ctx,
                step,
                run,
                who,
                ConsentAnswer::Objection {
                    reason,
                    event_id: Some(event.clone()),
                },
                Some(&event),
            ),
            StepInput::Object { reason: None, .. } => {
                ask_reason(ctx, run, who);
                Ok(After::Stay)
            }
            StepInput::Text { body, event } => {
                if state(run).is_some_and(|s| s.reason_pending.contains(who)) {
                    return answer(
                        ctx,
                        step,
                        run,
                        who,
                        ConsentAnswer::Objection {
                            reason: body,
                            event_id: Some(event.clone()),
                        },
                        Some(&event),
                    );
                }
                hint_once(ctx, step, run, who, self.hint(step, run));
                Ok(After::Stay)
            }
            StepInput::React {
                key,
                target_ref,
                event,
            } => {
                let on_prompt =
                    state(run).and_then(|s| s.prompt_ref.as_deref()) == Some(target_ref.as_str());
                let consents = CONSENT_KEYS.contains(&key.as_str());
                let objects = OBJECT_KEYS.contains(&key.as_str());
                match (on_prompt, consents, objects) {
                    // A tap is its own acknowledgement: nothing to react to.
                    (true, true, _) => answer(
                        ctx,
                        step,
                        run,
                        who,
                        ConsentAnswer::Consent {
                            event_id: Some(event),
                        },
                        None,
                    ),
                    (true, _, true) => {
                        ask_reason(ctx, run, who);
                        Ok(After::Stay)
                    }
                    // A 👍 elsewhere may just be applause; a ✅ or ✋ means to answer.
                    (false, _, _) if key == "✅" || key == "✋" => {
                        Err(base_msg(run, "react-on-prompt").into())
                    }
                    _ => Ok(After::Stay),
                }
            }
            StepInput::Amend(text) => mend(ctx, run, who, text),
            StepInput::Next if !actor.facilitator => Err(facilitators_only(ctx, CommandName::Next)),
            StepInput::Next => {
                let waiting = self.waiting_for(ctx, step, run);
                if waiting.is_empty() || (run.pace.silence_consent && run.reminded) {
                    return Ok(After::Close(Closer::Next));
                }
                Err(base_msg(run, "consent-next-waiting")
                    .users("waiting", run.named(&waiting))
                    .num("count", waiting.len() as i64)
                    .text(
                        "silence",
                        if run.pace.silence_consent {
                            "later"
                        } else {
                            "never"
                        },
                    )
                    .into())
            }
            StepInput::Edit { event, body } => {
                if edit(ctx, run, &event, Some(body)) {
                    tally(ctx, step, run);
                }
                Ok(After::Stay)
            }
            StepInput::Redaction { event } => {
                if edit(ctx, run, &event, None) {
                    tally(ctx, step, run);
                }
                Ok(After::Stay)
            }
            _ => Ok(After::Stay),
        }
    }

    fn settle(&self, ctx: &mut Ctx<'_>, step: &StepDef, run: &mut Run) -> Flow<After> {
        after_answer(ctx, step, run)
    }

    fn close(
        &self,
        ctx: &mut Ctx<'_>,
        step: &StepDef,
        run: &mut Run,
        _: Closer,
    ) -> Flow<Option<String>> {
        let awaited = run.awaited();
        let silence_consent = run.pace.silence_consent;
        let Some(s) = state_mut(run) else {
            return Ok(None);
        };
        // An early answer kept aside counts once the round closes without it being given again.
        if let Some(early) = s.early.take()
            && let Some(l) = s.order.last().cloned()
        {
            s.answers.entry(l).or_insert(early);
        }
        let silent: Vec<UserId> = s
            .order
            .iter()
            .filter(|u| !s.answers.contains_key(*u) && awaited.contains(u))
            .cloned()
            .collect();
        let consents: Vec<UserId> = s
            .answers
            .iter()
            .filter(|(_, a)| matches!(a, ConsentAnswer::Consent { .. }))
            .map(|(u, _)| u.clone())
            .collect();
        let objectors: Vec<UserId> = s
            .answers
            .iter()
            .filter(|(_, a)| matches!(a, ConsentAnswer::Objection { .. }))
            .map(|(u, _)| u.clone())
            .collect();
        run.consent.consents = consents.clone();
        run.consent.silent = silent.clone();
        let absent: Vec<UserId> = run
            .absent
            .iter()
            .filter(|a| run.participants.contains(a))
            .cloned()
            .collect();
        let id = if objectors.is_empty() {
            "consent-closed-clear"
        } else {
            "consent-closed-objections"
        };
        let msg = base_msg(run, id)
            .num("consents", consents.len() as i64)
            .num("objections", objectors.len() as i64)
            .num("silent", silent.len() as i64)
            .users("silent_names", run.named(&silent))
            .num("absent", absent.len() as i64)
            .users("absent_names", run.named(&absent))
            .text("silence", if silence_consent { "consent" } else { "none" });
        say(ctx, run, msg.into(), Vec::new());
        if objectors.is_empty() {
            Ok(None)
        } else {
            Ok(step.on_objection.as_ref().map(|s| s.get_ref().clone()))
        }
    }

    fn waiting_for(&self, _: &Ctx<'_>, _: &StepDef, run: &Run) -> Vec<UserId> {
        state(run).map_or_else(Vec::new, |s| {
            s.order
                .iter()
                .filter(|u| !s.answers.contains_key(*u) && run.is_awaited(u))
                .cloned()
                .collect()
        })
    }

    fn hint(&self, _: &StepDef, run: &Run) -> Msg {
        base_msg(run, "hint-consent")
    }

    fn placeholders(&self, _: crate::rituals::definition::Family) -> &'static [&'static str] {
        &["order"]
    }

    fn waits(&self) -> bool {
        true
    }
}

/// Records one answer (or keeps the last person's early one aside), then closes the round
/// or asks the last person when it is their turn.
fn answer(
    ctx: &mut Ctx<'_>,
    step: &StepDef,
    run: &mut Run,
    who: &UserId,
    given: ConsentAnswer,
    ack: Option<&str>,
) -> Flow<After> {
    join_late(ctx, run, who);
    let last = last_person(step, run);
    let round = run.consent.rounds;
    let awaited = run.awaited();
    let Some(s) = state_mut(run) else {
        return Ok(After::Stay);
    };
    if !s.order.contains(who) {
        let at = if last.is_some() {
            s.order.len().saturating_sub(1)
        } else {
            s.order.len()
        };
        s.order.insert(at, who.clone());
    }
    s.reason_pending.retain(|u| u != who);
    let others_done = s
        .order
        .iter()
        .filter(|u| Some(*u) != last.as_ref() && awaited.contains(u))
        .all(|u| s.answers.contains_key(u));
    if last.as_ref() == Some(who) && !s.last_asked && !others_done {
        s.early = Some(given);
        let msg = base_msg(run, "consent-early-last").user("who", who, &run.name(who));
        say(ctx, run, msg.into(), Vec::new());
        return Ok(After::Stay);
    }
    let previous = s.answers.insert(who.clone(), given.clone());
    if matches!(previous, Some(ConsentAnswer::Objection { .. })) {
        run.consent
            .objections
            .retain(|o| !(o.round == round && &o.by == who));
    }
    let key = match &given {
        ConsentAnswer::Objection { reason, .. } => {
            run.consent.objections.push(ObjectionRecord {
                by: who.clone(),
                reason: reason.clone(),
                round,
                lifts: Vec::new(),
                answered_by_version: None,
            });
            "✋"
        }
        ConsentAnswer::Consent { .. } => "✅",
    };
    // A quiet acknowledgement: a reaction on the member's message and the prompt's tally,
    // not a new line in the thread.
    if let Some(event) = ack {
        ctx.react(Dest::Thread(run.id), event, key);
    }
    let after = after_answer(ctx, step, run)?;
    // The round's result follows at once when it closes: no tally to show then.
    if after == After::Stay {
        tally(ctx, step, run);
    }
    Ok(after)
}

/// Closes the round when everyone awaited answered; asks the last person when only they
/// are left.
fn after_answer(ctx: &mut Ctx<'_>, step: &StepDef, run: &mut Run) -> Flow<After> {
    let last = last_person(step, run);
    let awaited = run.awaited();
    let Some(s) = state_mut(run) else {
        return Ok(After::Stay);
    };
    let missing: Vec<UserId> = s
        .order
        .iter()
        .filter(|u| !s.answers.contains_key(*u) && awaited.contains(u))
        .cloned()
        .collect();
    if missing.is_empty() {
        return Ok(After::Close(Closer::Everyone));
    }
    if let Some(l) = last
        && missing == [l.clone()]
        && !s.last_asked
    {
        s.last_asked = true;
        let early = s.early.is_some();
        let msg = base_msg(run, "consent-ask-last")
            .user("who", &l, &run.name(&l))
            .text("early", if early { "yes" } else { "no" });
        say(ctx, run, msg.into(), vec![l]);
    }
    Ok(After::Stay)
}

/// ✋ on the prompt or `!objection` alone: an objection needs its reason, so the bot asks
/// for it and takes the objector's next message as it.
fn ask_reason(ctx: &mut Ctx<'_>, run: &mut Run, who: &UserId) {
    if let Some(s) = state_mut(run)
        && !s.reason_pending.contains(who)
    {
        s.reason_pending.push(who.clone());
    }
    let msg = base_msg(run, "objection-reason-needed").user("who", who, &run.name(who));
    say(ctx, run, msg.into(), vec![who.clone()]);
}

/// The proposer's `!amender` during an objection round: until someone answers, it mends
/// the version made just before this round; afterwards it waits for the levée.
fn mend(ctx: &mut Ctx<'_>, run: &mut Run, who: &UserId, text: String) -> Flow<After> {
    if run.proposer() != Some(who) {
        return Err(super::answer::not_author(run));
    }
    let answered = state(run).is_some_and(|s| !s.answers.is_empty() || s.early.is_some());
    let round = run.consent.rounds;
    let fresh = run
        .proposal()
        .and_then(|p| p.versions.last().map(|v| (p.versions.len(), v.after_round)))
        .filter(|(n, after)| *n > 1 && *after + 1 == round);
    let (Some((version, _)), false) = (fresh, answered) else {
        return Err(base_msg(run, "amend-during-objections")
            .text("answered", if answered { "yes" } else { "no" })
            .into());
    };
    if let Subject::Proposal(p) = &mut run.subject
        && let Some(v) = p.versions.last_mut()
    {
        v.text = text;
        v.at = ctx.now;
    }
    let msg = base_msg(run, "amend-mended").num("version", version as i64);
    say(ctx, run, msg.into(), Vec::new());
    Ok(After::Stay)
}

/// An edit of an objection keeps it only if the new text still carries a reason; a
/// redaction (None) withdraws the answer. Returns true when an answer changed.
fn edit(ctx: &mut Ctx<'_>, run: &mut Run, event: &str, body: Option<String>) -> bool {
    let round = run.consent.rounds;
    let prefix = ctx.prefix;
    let Some(s) = state_mut(run) else {
        return false;
    };
    if s.early.as_ref().and_then(|a| a.event_id()) == Some(event) {
        s.early = None;
        return true;
    }
    let Some(who) = s
        .answers
        .iter()
        .find(|(_, a)| a.event_id() == Some(event))
        .map(|(u, _)| u.clone())
    else {
        return false;
    };
    let reason = body
        .as_deref()
        .and_then(|b| match crate::command::parse(b, None, prefix) {
            crate::command::Parsed::Command(crate::command::Command::Objection {
                reason: Some(r),
                ..
            }) => Some(r),
            _ => None,
        });
    let was_objection = matches!(s.answers.get(&who), Some(ConsentAnswer::Objection { .. }));
    match (reason, body.is_some(), was_objection) {
        (Some(r), _, true) => {
            s.answers.insert(
                who.clone(),
                ConsentAnswer::Objection {
                    reason: r.clone(),
                    event_id: Some(event.to_owned()),
                },
            );
            for o in run
                .consent
                .objections
                .iter_mut()
                .filter(|o| o.round == round && o.by == who)
            {
                o.reason = r.clone();
            }
        }
        // An edited `!consens` stays a consent.
        (_, true, false) => return false,
        _ => {
            s.answers.remove(&who);
            run.consent
                .objections
                .retain(|o| !(o.round == round && o.by == who));
            let msg = base_msg(run, "answer-withdrawn").user("who", &who, &run.name(&who));
            say(ctx, run, msg.into(), Vec::new());
        }
    }
    true
}

/// The objection round's prompt as first posted, with who consented, who objected and
/// whom we wait for: the prompt is edited as answers come.
fn tally(ctx: &mut Ctx<'_>, step: &StepDef, run: &Run) {
    let Some(s) = state(run) else {
        return;
    };
    let Some(prompt) = s.prompt_ref.clone() else {
        return;
    };
    let last = last_person(step, run);
    let by = |consent: bool| -> Vec<UserId> {
        s.answers
            .iter()
            .filter(|(_, a)| matches!(a, ConsentAnswer::Consent { .. }) == consent)
            .map(|(u, _)| u.clone())
            .collect()
    };
    let (consents, objectors) = (by(true), by(false));
    let waiting: Vec<UserId> = s
        .order
        .iter()
        .filter(|u| !s.answers.contains_key(*u) && run.is_awaited(u))
        .cloned()
        .collect();
    let asked: Vec<UserId> = s
        .order
        .iter()
        .filter(|u| Some(*u) != last.as_ref())
        .cloned()
        .collect();
    let mut text: Text = step_msg(run, step)
        .users("order", run.named(&s.order))
        .into();
    text.push(
        Msg::new("consent-tally")
            .users("consents", run.named(&consents))
            .num("consent_count", consents.len() as i64)
            .users("objectors", run.named(&objectors))
            .num("objection_count", objectors.len() as i64)
            .users("waiting", run.named(&waiting))
            .num("waiting_count", waiting.len() as i64),
    );
    ctx.edit(Dest::Thread(run.id), &prompt, text, asked);
}
