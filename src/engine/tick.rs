//! What a tick does: build the scheduler's [`Snapshot`] of a garden, ask it what is due,
//! and do each item, with the marks that make it exactly-once written in the same batch.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::ctx::{Ctx, Stop};
use super::schedule::{self, Due, Marks, Snapshot};
use super::{defis, digests};
use crate::model::{Msg, RunId};
use crate::registers::{self, Register, RoleRecord};
use crate::rituals::interpreter;
use crate::rituals::run::Run;
use crate::store::StoreError;

/// Most interpreter passes per run and tick: each pass reminds or closes a step, and a
/// closed step opens a deadline in the future, so a few passes always suffice.
const MAX_RUN_PASSES: usize = 8;

/// The scheduler's view of a garden, and its active runs (reused by the tick).
pub fn snapshot(ctx: &Ctx<'_>) -> Result<(Snapshot, Vec<Run>), StoreError> {
    let marks: Marks = schedule::load_marks(&ctx.tx, &ctx.garden.id)?;
    let runs = ctx.active_runs()?;
    let run_times = runs
        .iter()
        .map(|r| (r.id, if r.reminded { r.close_at } else { r.deadline }))
        .collect();
    let mut defis_due = Vec::new();
    let mut has_participants = false;
    for id in &ctx.garden.defis {
        if let Some(d) = crate::registers::defis::load(&ctx.tx, &ctx.garden.id, *id)?
            && d.is_active()
        {
            has_participants |= !d.participants.is_empty();
            defis_due.push((d.id, d.deadline));
        }
    }
    let s = &ctx.garden.settings;
    Ok((
        Snapshot {
            tz: s.tz,
            digest_slot: s.digest,
            checkin_slot: s.checkin,
            marks,
            runs: run_times,
            defis: defis_due,
            has_participants,
            terms: current_terms(ctx)?,
            drafts: super::guided_retour::expiries(ctx)?,
        },
        runs,
    ))
}

/// The current holder's term of each role: the latest election of each role name.
fn current_terms(ctx: &Ctx<'_>) -> Result<Vec<schedule::Term>, StoreError> {
    let roles: Vec<RoleRecord> = registers::list(&ctx.tx, &ctx.garden.id, Register::Roles)?;
    let mut latest: BTreeMap<String, &RoleRecord> = BTreeMap::new();
    for r in &roles {
        latest.insert(crate::text::fold(&r.role), r);
    }
    Ok(latest
        .values()
        .filter_map(|r| {
            r.end
                .map(|end| (r.id, end, schedule::term_reminder_at(r.start, end)))
        })
        .collect())
}

/// Does everything due at `ctx.now`.
pub fn run(ctx: &mut Ctx<'_>) -> Result<(), StoreError> {
    let (snap, runs) = snapshot(ctx)?;
    let mut marks = snap.marks.clone();
    let mut runs: BTreeMap<RunId, Run> = runs.into_iter().map(|r| (r.id, r)).collect();
    for item in schedule::due(&snap, ctx.now) {
        match item {
            Due::StepDeadline(id) => {
                if let Some(run) = runs.remove(&id) {
                    step_deadline(ctx, run)?;
                }
            }
            Due::DefiDeadline(id) => keep_store_errors(defis::expire(ctx, id))?,
            Due::Checkins { slot } => {
                keep_store_errors(defis::request_checkins(ctx, slot))?;
                marks.checkin = Some(slot);
            }
            Due::TermReminder { election, end } => {
                term_reminder(ctx, election, end)?;
                marks.term_reminders.push(election);
            }
            Due::Drafts => super::guided_retour::expire(ctx)?,
            Due::Digest { from, to } => {
                keep_store_errors(digests::post(ctx, from, to, false).map(|_| ()))?;
                marks.digest = Some(to);
            }
        }
    }
    // Forget reminders of terms that are no longer current (a new election replaced them).
    let current: Vec<RunId> = snap.terms.iter().map(|(id, _, _)| *id).collect();
    marks.term_reminders.retain(|id| current.contains(id));
    if marks != snap.marks {
        schedule::save_marks(&mut ctx.tx, &ctx.garden.id, &marks)?;
    }
    Ok(())
}

/// A refusal cannot happen in a tick (no user input); only store errors stop it.
fn keep_store_errors(r: Result<(), Stop>) -> Result<(), StoreError> {
    match r {
        Ok(()) | Err(Stop::Refuse(_)) => Ok(()),
        Err(Stop::Store(e)) => Err(e),
    }
}

fn step_deadline(ctx: &mut Ctx<'_>, mut run: Run) -> Result<(), StoreError> {
    let Some(def) = ctx.rituals.find(&run.ritual) else {
        return Ok(());
    };
    let mut changed = false;
    for _ in 0..MAX_RUN_PASSES {
        match interpreter::tick(ctx, def, &mut run) {
            Ok(true) => changed = true,
            Ok(false) | Err(Stop::Refuse(_)) => break,
            Err(Stop::Store(e)) => return Err(e),
        }
        if !run.is_active() {
            break;
        }
    }
    if changed {
        ctx.save_run(run)?;
    }
    Ok(())
}

fn term_reminder(ctx: &mut Ctx<'_>, election: RunId, end: DateTime<Utc>) -> Result<(), StoreError> {
    let Some(r) = registers::get::<RoleRecord>(&ctx.tx, &ctx.garden.id, Register::Roles, election)?
    else {
        return Ok(());
    };
    let msg = Msg::new("role-term-reminder")
        .text("id", election.to_string())
        .text("role", r.role.clone())
        .user("holder", &r.holder.0, &r.holder.1)
        .time("end", end)
        .text("ended", if end <= ctx.now { "yes" } else { "no" });
    let (unit, n) = time_left(end - ctx.now);
    let msg = msg.nested("left", Msg::new("span").text("unit", unit).num("n", n));
    ctx.post(super::io::Dest::Room, msg.into(), vec![r.holder.0.clone()]);
    Ok(())
}

/// The time left before a moment, rounded to what people say: whole weeks, else days,
/// else hours (at least one).
fn time_left(left: chrono::Duration) -> (&'static str, i64) {
    let hours = (left.num_minutes() + 30) / 60;
    let days = (hours + 12) / 24;
    if days >= 7 && days % 7 == 0 {
        ("weeks", days / 7)
    } else if days >= 1 {
        ("days", days)
    } else {
        ("hours", hours.max(1))
    }
}
