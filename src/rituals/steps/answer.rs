//! `open` (free contributions, e.g. clarification questions) and `answer` (one designated
//! person answers: the proposer amends, withdraws, or keeps the text).

use crate::engine::ctx::{Ctx, Flow};
use crate::model::{Msg, UserId};
use crate::rituals::definition::{RitualDef, StepDef, StepKind};
use crate::rituals::interpreter::{base_msg, designated, go, say};
use crate::rituals::run::{Run, RunStatus, StepState, Version};

/// Opens an `open` or `answer` step.
pub fn enter(ctx: &mut Ctx<'_>, step: &StepDef, run: &mut Run) -> Flow<bool> {
    let who = designated(step, run);
    let mut msg = base_msg(run, step.message.get_ref());
    let mut mentions: Vec<UserId> = who.iter().cloned().collect();
    let mut text: crate::model::Text;
    if step.ask_objectors {
        let round = run.consent_rounds;
        let objections: Vec<_> = run
            .objections
            .iter()
            .filter(|o| o.round == round)
            .cloned()
            .collect();
        let objectors: Vec<UserId> = objections.iter().map(|o| o.by.clone()).collect();
        msg = msg.users("objectors", run.named(&objectors));
        text = msg.into();
        for o in &objections {
            text.push(
                Msg::new("objection-line")
                    .user("who", &o.by, &run.name(&o.by))
                    .text("reason", o.reason.clone()),
            );
        }
        // The objectors are asked first how to lift their objection (SPEC §3.2 step 6).
        mentions = objectors;
    } else {
        text = msg.into();
    }
    say(ctx, run, text, mentions);
    run.state = match step.kind.get_ref() {
        StepKind::Open => StepState::Open {
            reminded: Vec::new(),
            count: 0,
        },
        _ => StepState::Answer,
    };
    // An answer step with nobody to answer has nothing to wait for.
    Ok(*step.kind.get_ref() == StepKind::Answer && who.is_none())
}

/// A plain message in the thread during an `open` or `answer` step.
pub fn on_text(ctx: &mut Ctx<'_>, step: &StepDef, run: &mut Run, who: &UserId, text: &str) -> Flow {
    let designated = designated(step, run);
    if step.ask_objectors {
        let round = run.consent_rounds;
        let mut touched = false;
        for o in run
            .objections
            .iter_mut()
            .filter(|o| o.round == round && &o.by == who)
        {
            o.lift_proposals.push(text.to_owned());
            touched = true;
        }
        let all_proposed = run
            .objections
            .iter()
            .filter(|o| o.round == round)
            .all(|o| !o.lift_proposals.is_empty());
        if touched
            && all_proposed
            && let Some(p) = designated.clone()
        {
            let msg = base_msg(run, "lift-proposer-turn");
            say(ctx, run, msg.into(), vec![p]);
        }
        return Ok(());
    }
    let StepState::Open { reminded, count } = &mut run.state else {
        return Ok(());
    };
    *count += 1;
    let is_question = text.contains('?');
    if step.questions_only
        && designated.as_ref() != Some(who)
        && !is_question
        && !reminded.contains(who)
    {
        reminded.push(who.clone());
        let msg = base_msg(run, "open-questions-only").user("who", who, &run.name(who));
        say(ctx, run, msg.into(), vec![who.clone()]);
    }
    Ok(())
}

/// `!amender <texte>`: a new version of the proposal, then the next step.
pub fn amend(
    ctx: &mut Ctx<'_>,
    def: &RitualDef,
    step: &StepDef,
    run: &mut Run,
    who: &UserId,
    text: String,
) -> Flow {
    if designated(step, run).as_ref() != Some(who) {
        return Err(not_proposer(run));
    }
    run.versions.push(Version {
        text: text.clone(),
        at: ctx.now,
        after_round: run.consent_rounds,
    });
    let version = run.versions.len();
    let round = run.consent_rounds;
    for o in run.objections.iter_mut().filter(|o| o.round == round) {
        o.answered_by_version.get_or_insert(version);
    }
    run.text = Some(text);
    let msg = base_msg(run, "amended").num("version", version as i64);
    say(ctx, run, msg.into(), Vec::new());
    go(ctx, def, run, None)
}

/// `!retirer`: the proposer withdraws the proposal; the run ends and is recorded.
pub fn withdraw(ctx: &mut Ctx<'_>, run: &mut Run, who: &UserId) -> Flow {
    if run.proposer.as_ref() != Some(who) {
        return Err(not_proposer(run));
    }
    run.status = RunStatus::Withdrawn;
    super::record::decision(ctx, run, crate::registers::DecisionOutcome::Withdrawn)?;
    let msg = base_msg(run, "withdrawn");
    say(ctx, run, msg.into(), Vec::new());
    Ok(())
}

fn not_proposer(run: &Run) -> crate::engine::ctx::Stop {
    let mut m = Msg::new("amend-not-proposer").text("id", run.id.to_string());
    if let Some(p) = &run.proposer {
        m = m.user("proposer", p, &run.name(p));
    }
    m.into()
}
