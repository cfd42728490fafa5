//! `record`: writes the outcome to the garden's register, posts the secretary's record,
//! and ends the run.

use std::collections::BTreeMap;

use super::Behaviour;
use crate::engine::ctx::{Ctx, Flow};
use crate::model::{Msg, Text, UserId};
use crate::registers::{
    self, Answers, DecisionOutcome, DecisionRecord, HistoryRecord, MeteoRecord, Register,
    RoleRecord,
};
use crate::rituals::definition::{RitualDef, StepDef, Summary};
use crate::rituals::input::{After, Closer, InputKind, StepInput};
use crate::rituals::run::{Run, RunStatus, Subject};
use crate::rituals::state::{StepState, TurnKind};
use crate::rituals::voice::{base_msg, say, step_msg};
use crate::rituals::weather;

/// The `record` kind.
pub struct Record;

impl Behaviour for Record {
    fn enter(&self, ctx: &mut Ctx<'_>, _: &RitualDef, step: &StepDef, run: &mut Run) -> Flow<bool> {
        let text = match &run.subject {
            Subject::Proposal(_) => decision_closing(ctx, step, run)?,
            Subject::Role(_) => election_closing(ctx, step, run)?,
            Subject::Meteo => meteo_closing(ctx, step, run)?,
            Subject::Free(_) => custom_closing(ctx, step, run)?,
        };
        say(ctx, run, text, Vec::new());
        run.status = RunStatus::Done;
        run.state = StepState::Idle;
        Ok(false)
    }

    fn accepts(&self, _: &StepDef, _: &Run, _: &UserId, _: InputKind) -> bool {
        false
    }

    fn input(
        &self,
        _: &mut Ctx<'_>,
        _: &RitualDef,
        _: &StepDef,
        _: &mut Run,
        _: super::Actor<'_>,
        _: StepInput,
    ) -> Flow<After> {
        Ok(After::Stay)
    }

    fn settle(&self, _: &mut Ctx<'_>, _: &StepDef, _: &mut Run) -> Flow<After> {
        Ok(After::Stay)
    }

    fn close(&self, _: &mut Ctx<'_>, _: &StepDef, _: &mut Run, _: Closer) -> Flow<Option<String>> {
        Ok(None)
    }

    fn waiting_for(&self, _: &Ctx<'_>, _: &StepDef, _: &Run) -> Vec<UserId> {
        Vec::new()
    }

    fn hint(&self, _: &StepDef, run: &Run) -> Msg {
        base_msg(run, "hint-none")
    }

    fn placeholders(&self, family: crate::rituals::definition::Family) -> &'static [&'static str] {
        // Only a custom ritual's record names who spoke.
        match family {
            crate::rituals::definition::Family::Custom => &["speakers", "count"],
            _ => &[],
        }
    }

    fn waits(&self) -> bool {
        false
    }
}

/// Who spoke in the last round (not those who passed, stayed silent or were absent).
fn speakers(run: &Run) -> Vec<(UserId, String)> {
    run.last_round
        .iter()
        .filter(|t| t.spoke())
        .map(|t| (t.who.clone(), run.name(&t.who)))
        .collect()
}

fn decision_closing(ctx: &mut Ctx<'_>, step: &StepDef, run: &Run) -> Flow<Text> {
    let adopted = !run.consent.consents.is_empty();
    let outcome = if adopted {
        DecisionOutcome::Adopted
    } else {
        DecisionOutcome::NoConsent
    };
    let record = decision(ctx, run, outcome)?;
    let mut text: Text = if adopted {
        step_msg(run, step)
    } else {
        base_msg(run, "decision-no-consent")
    }
    .into();
    decision_lines(&mut text, &record);
    if adopted {
        text.push(Msg::new("celebration"));
    }
    Ok(text)
}

fn election_closing(ctx: &mut Ctx<'_>, step: &StepDef, run: &Run) -> Flow<Text> {
    let mut text: Text = step_msg(run, step).into();
    let Some(role) = run.role() else {
        return Ok(text);
    };
    let Some(holder) = role.nominee.clone() else {
        return Ok(text);
    };
    let end = role
        .term_minutes
        .map(|m| ctx.now + chrono::Duration::minutes(m));
    let record = RoleRecord {
        id: run.id,
        role: role.name.clone(),
        mission: role.mission.clone(),
        holder: (holder.clone(), run.name(&holder)),
        start: ctx.now,
        end,
    };
    registers::put(
        &mut ctx.tx,
        &ctx.garden.id,
        Register::Roles,
        run.id,
        &record,
    )?;
    if let Some(end) = end {
        text.push(Msg::new("role-term-end").time("end", end));
    }
    text.push(Msg::new("celebration"));
    Ok(text)
}

fn meteo_closing(ctx: &mut Ctx<'_>, step: &StepDef, run: &mut Run) -> Flow<Text> {
    let keep = ctx.garden.settings.meteo_memory;
    let entries: Vec<(UserId, String)> = run
        .last_round
        .iter()
        .filter(|t| t.spoke())
        .filter_map(|t| Some((t.who.clone(), weather::read(t.text.as_deref()?).shown)))
        .collect();
    let record = MeteoRecord {
        id: run.id,
        at: ctx.now,
        speakers: speakers(run).len() as u32,
        entries: if keep { entries } else { Vec::new() },
    };
    registers::put(
        &mut ctx.tx,
        &ctx.garden.id,
        Register::Meteo,
        run.id,
        &record,
    )?;
    let mut text: Text = step_msg(run, step).into();
    if step.summary.as_ref().map(|s| *s.get_ref()) == Some(Summary::Weather) {
        weather_lines(&mut text, run);
    }
    // A météo is confidential: once summed up, what was said is not kept on the run.
    if !keep {
        for t in &mut run.last_round {
            t.text = None;
        }
    }
    Ok(text)
}

fn custom_closing(ctx: &mut Ctx<'_>, step: &StepDef, run: &Run) -> Flow<Text> {
    let speakers = speakers(run);
    let record = HistoryRecord {
        id: run.id,
        ritual: run.ritual.clone(),
        title: Some(run.title_words()),
        at: ctx.now,
        cancelled: false,
        interrupted: false,
        speakers: speakers.clone(),
    };
    registers::put(
        &mut ctx.tx,
        &ctx.garden.id,
        Register::History,
        run.id,
        &record,
    )?;
    let n = speakers.len() as i64;
    let mut text: Text = step_msg(run, step)
        .users("speakers", speakers)
        .num("count", n)
        .into();
    if step.summary.as_ref().map(|s| *s.get_ref()) == Some(Summary::Weather) {
        weather_lines(&mut text, run);
    }
    Ok(text)
}

/// Each member's weather, the count per weather, then who passed and who did not answer.
fn weather_lines(text: &mut Text, run: &Run) {
    let mut counts: BTreeMap<String, i64> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for t in run.last_round.iter().filter(|t| t.spoke()) {
        let Some(said) = t.text.as_deref() else {
            continue;
        };
        let reading = weather::read(said);
        text.push(
            Msg::new("weather-line")
                .user("who", &t.who, &run.name(&t.who))
                .text("weather", reading.shown),
        );
        if let Some(w) = reading.weather {
            if !counts.contains_key(&w) {
                order.push(w.clone());
            }
            *counts.entry(w).or_insert(0) += 1;
        }
    }
    for w in order {
        let n = counts[&w];
        text.push(Msg::new("weather-count").text("weather", w).num("count", n));
    }
    for (how, id) in [
        (TurnKind::Passed, "weather-passed"),
        (TurnKind::Silent, "weather-silent"),
        (TurnKind::Absent, "weather-absent"),
    ] {
        let who: Vec<(UserId, String)> = run
            .last_round
            .iter()
            .filter(|t| t.how == how)
            .map(|t| (t.who.clone(), run.name(&t.who)))
            .collect();
        if !who.is_empty() {
            let n = who.len() as i64;
            text.push(Msg::new(id).users("who", who).num("count", n));
        }
    }
}

/// Writes a decision to the register (adopted, withdrawn, cancelled, without consent).
pub fn decision(ctx: &mut Ctx<'_>, run: &Run, outcome: DecisionOutcome) -> Flow<DecisionRecord> {
    let (proposer, versions) = match run.proposal() {
        Some(p) => (p.proposer.clone(), p.versions.clone()),
        None => (run.started_by.clone(), Vec::new()),
    };
    let absent: Vec<UserId> = run
        .absent
        .iter()
        .filter(|a| run.participants.contains(a))
        .cloned()
        .collect();
    let record = DecisionRecord {
        id: run.id,
        outcome,
        text: run.subject_text(),
        versions,
        proposer: (proposer.clone(), run.name(&proposer)),
        at: ctx.now,
        participants: run.named(&run.participants),
        objections: run.consent.objections.clone(),
        rounds: run.consent.rounds,
        answers: Answers {
            consents: run.named(&run.consent.consents),
            absent: run.named(&absent),
            silent: run.named(&run.consent.silent),
        },
        silence_consent: run.pace.silence_consent,
    };
    registers::put(
        &mut ctx.tx,
        &ctx.garden.id,
        Register::Decisions,
        run.id,
        &record,
    )?;
    Ok(record)
}

/// The secretary's record of a decision, one line per fact: text, proposer, participants,
/// rounds, every version from the first, every objection with its reason, who proposed
/// what to lift it and which version answered it, consents, absentees and silences.
pub fn decision_lines(text: &mut Text, r: &DecisionRecord) {
    let name = |id: &UserId| {
        r.participants
            .iter()
            .find(|(u, _)| u == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| id.localpart().to_owned())
    };
    text.push(Msg::new("record-text").text("text", r.text.clone()));
    text.push(Msg::new("record-proposer").user("who", &r.proposer.0, &r.proposer.1));
    text.push(Msg::new("record-participants").users("who", r.participants.clone()));
    text.push(
        Msg::new("record-rounds")
            .num("rounds", i64::from(r.rounds))
            .num("versions", r.versions.len() as i64),
    );
    if r.versions.len() > 1 {
        for (i, v) in r.versions.iter().enumerate() {
            text.push(
                Msg::new("record-version")
                    .num("n", i as i64 + 1)
                    .num("after", i64::from(v.after_round))
                    .text("text", v.text.clone()),
            );
        }
    }
    for o in &r.objections {
        text.push(
            Msg::new("record-objection")
                .user("who", &o.by, &name(&o.by))
                .text("reason", o.reason.clone())
                .num("round", i64::from(o.round))
                .num("version", o.answered_by_version.map_or(0, |v| v as i64)),
        );
        for l in &o.lifts {
            text.push(
                Msg::new("record-lift")
                    .user("who", &l.by, &name(&l.by))
                    .text("lift", l.text.clone()),
            );
        }
    }
    let a = &r.answers;
    if !a.consents.is_empty() {
        text.push(
            Msg::new("record-consents")
                .users("who", a.consents.clone())
                .num("count", a.consents.len() as i64),
        );
    }
    if !a.absent.is_empty() {
        text.push(
            Msg::new("record-absent")
                .users("who", a.absent.clone())
                .num("count", a.absent.len() as i64),
        );
    }
    if !a.silent.is_empty() {
        text.push(
            Msg::new("record-silent")
                .users("who", a.silent.clone())
                .num("count", a.silent.len() as i64)
                .text(
                    "silence",
                    if r.silence_consent { "consent" } else { "none" },
                ),
        );
    }
}

/// Records a cancelled or interrupted run: decisions in their register, others in the
/// history.
pub fn ended(ctx: &mut Ctx<'_>, run: &Run) -> Flow {
    let interrupted = run.status == RunStatus::Interrupted;
    if matches!(run.subject, Subject::Proposal(_)) && !interrupted {
        decision(ctx, run, DecisionOutcome::Cancelled)?;
    } else {
        let record = HistoryRecord {
            id: run.id,
            ritual: run.ritual.clone(),
            title: Some(run.title_words()),
            at: ctx.now,
            cancelled: !interrupted,
            interrupted,
            speakers: Vec::new(),
        };
        registers::put(
            &mut ctx.tx,
            &ctx.garden.id,
            Register::History,
            run.id,
            &record,
        )?;
    }
    Ok(())
}
