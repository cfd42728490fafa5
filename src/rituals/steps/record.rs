//! `record`: writes the outcome to the garden's register and posts the secretary's record.

use std::collections::BTreeMap;

use crate::engine::ctx::{Ctx, Flow};
use crate::model::{Msg, Text, UserId};
use crate::registers::{
    self, DecisionOutcome, DecisionRecord, HistoryRecord, MeteoRecord, Register, RoleRecord,
};
use crate::rituals::definition::{Family, RitualDef, StepDef, Summary};
use crate::rituals::interpreter::{base_msg, say};
use crate::rituals::run::Run;

/// Records a finished run in its family's register and posts the record.
pub fn record(ctx: &mut Ctx<'_>, def: &RitualDef, step: &StepDef, run: &mut Run) -> Flow {
    let summary = step.summary.as_ref().map(|s| *s.get_ref());
    let mut text: Text = base_msg(run, step.message.get_ref())
        .users("speakers", speakers(run))
        .into();
    match def.family.get_ref() {
        Family::Decision => {
            let record = decision(ctx, run, DecisionOutcome::Adopted)?;
            decision_lines(&mut text, &record);
            text.push(Msg::new("celebration"));
        }
        Family::Election => {
            if let Some(holder) = run.nominee.clone() {
                let end = run
                    .term_minutes
                    .map(|m| ctx.now + chrono::Duration::minutes(m));
                let record = RoleRecord {
                    id: run.id,
                    role: run.text.clone().unwrap_or_default(),
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
            }
        }
        Family::Meteo => {
            let entries = weather(run);
            let keep = ctx.garden.settings.meteo_memory;
            let record = MeteoRecord {
                id: run.id,
                at: ctx.now,
                speakers: entries.len() as u32,
                entries: if keep { entries.clone() } else { Vec::new() },
            };
            registers::put(
                &mut ctx.tx,
                &ctx.garden.id,
                Register::Meteo,
                run.id,
                &record,
            )?;
        }
        Family::Custom => {
            let record = HistoryRecord {
                id: run.id,
                ritual: run.ritual.clone(),
                at: ctx.now,
                cancelled: false,
                interrupted: false,
                speakers: speakers(run),
            };
            registers::put(
                &mut ctx.tx,
                &ctx.garden.id,
                Register::History,
                run.id,
                &record,
            )?;
        }
    }
    if summary == Some(Summary::Weather) {
        weather_lines(&mut text, run);
    }
    // A météo is confidential: once summed up, what was said is not kept on the run.
    if *def.family.get_ref() == Family::Meteo && !ctx.garden.settings.meteo_memory {
        for t in &mut run.last_round {
            t.text = None;
        }
        run.weather.clear();
    }
    say(ctx, run, text, Vec::new());
    Ok(())
}

/// Who spoke in the last round (not those who passed or stayed silent).
fn speakers(run: &Run) -> Vec<(UserId, String)> {
    run.last_round
        .iter()
        .filter(|t| !t.passed && !t.silent)
        .map(|t| (t.who.clone(), run.name(&t.who)))
        .collect()
}

/// Each speaker's weather: the first word or emoji they gave.
fn weather(run: &Run) -> Vec<(UserId, String)> {
    run.last_round
        .iter()
        .filter_map(|t| {
            let w = t.text.as_deref()?.split_whitespace().next()?;
            let w: String = w.chars().take(40).collect();
            Some((
                t.who.clone(),
                w.trim_end_matches([',', '.', ':', ';']).to_owned(),
            ))
        })
        .collect()
}

fn weather_lines(text: &mut Text, run: &Run) {
    let entries = weather(run);
    for (who, w) in &entries {
        text.push(
            Msg::new("weather-line")
                .user("who", who, &run.name(who))
                .text("weather", w.clone()),
        );
    }
    // Counted case- and accent-insensitively, shown as first written.
    let mut counts: BTreeMap<String, (String, i64)> = BTreeMap::new();
    for (_, w) in &entries {
        counts
            .entry(crate::text::fold(w))
            .or_insert((w.clone(), 0))
            .1 += 1;
    }
    for (w, n) in counts.into_values() {
        text.push(Msg::new("weather-count").text("weather", w).num("count", n));
    }
    let passed: Vec<(UserId, String)> = run
        .last_round
        .iter()
        .filter(|t| t.passed || t.silent)
        .map(|t| (t.who.clone(), run.name(&t.who)))
        .collect();
    if !passed.is_empty() {
        let n = passed.len() as i64;
        text.push(
            Msg::new("weather-passed")
                .users("who", passed)
                .num("count", n),
        );
    }
}

/// Writes a decision to the register (adopted, withdrawn or cancelled).
pub fn decision(ctx: &mut Ctx<'_>, run: &Run, outcome: DecisionOutcome) -> Flow<DecisionRecord> {
    let proposer = run
        .proposer
        .clone()
        .unwrap_or_else(|| run.started_by.clone());
    let record = DecisionRecord {
        id: run.id,
        outcome,
        text: run.text.clone().unwrap_or_default(),
        versions: run.versions.clone(),
        proposer: (proposer.clone(), run.name(&proposer)),
        at: ctx.now,
        participants: run.named(&run.participants),
        objections: run.objections.clone(),
        rounds: run.consent_rounds,
        silent: run.named(&run.silent),
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

/// The secretary's record of a decision, one line per fact.
pub fn decision_lines(text: &mut Text, r: &DecisionRecord) {
    text.push(Msg::new("record-text").text("text", r.text.clone()));
    text.push(Msg::new("record-proposer").user("who", &r.proposer.0, &r.proposer.1));
    text.push(Msg::new("record-participants").users("who", r.participants.clone()));
    text.push(
        Msg::new("record-rounds")
            .num("rounds", i64::from(r.rounds))
            .num("versions", r.versions.len() as i64),
    );
    for (i, v) in r.versions.iter().enumerate().skip(1) {
        text.push(
            Msg::new("record-version")
                .num("n", i as i64 + 1)
                .text("text", v.text.clone()),
        );
    }
    for o in &r.objections {
        let name = r
            .participants
            .iter()
            .find(|(id, _)| *id == o.by)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| o.by.localpart().to_owned());
        text.push(
            Msg::new("record-objection")
                .user("who", &o.by, &name)
                .text("reason", o.reason.clone())
                .num("round", i64::from(o.round))
                .num("version", o.answered_by_version.map_or(0, |v| v as i64)),
        );
        if !o.lift_proposals.is_empty() {
            text.push(
                Msg::new("record-lift")
                    .user("who", &o.by, &name)
                    .text("lift", o.lift_proposals.join(" / ")),
            );
        }
    }
    if !r.silent.is_empty() {
        text.push(Msg::new("record-silent").users("who", r.silent.clone()));
    }
}

/// Records a cancelled run: decisions in their register, others in the history.
pub fn cancelled(ctx: &mut Ctx<'_>, run: &Run) -> Flow {
    if run.id.kind == crate::model::RunKind::Decision {
        decision(ctx, run, DecisionOutcome::Cancelled)?;
    } else {
        let record = HistoryRecord {
            id: run.id,
            ritual: run.ritual.clone(),
            at: ctx.now,
            cancelled: true,
            interrupted: false,
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
