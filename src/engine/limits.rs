//! How many runs a garden may have: the policy checked before any run starts.
//!
//! A garden is a small group; more than a handful of rituals at once is a flood, not a
//! practice, and every active run costs each later event of the garden a little. So:
//! - at most one running météo per garden (a second one would split the answers);
//! - at most [`EngineConfig::max_active_runs`](super::EngineConfig) runs in all
//!   (default [`DEFAULT_MAX_ACTIVE_RUNS`]);
//! - a member who is not a facilitator starts at most [`MEMBER_STARTS`] runs in any
//!   [`MEMBER_WINDOW`] (facilitators steer the garden and are not counted).
//!
//! Refusals list the running runs, so the member sees what to finish first. Everything is
//! computed from the garden's state and its runs' start times (the engine's clock at each
//! event), so it is deterministic and needs no state of its own.

use chrono::{DateTime, Duration, Utc};

use super::ctx::{Ctx, Flow, Refusal};
use crate::model::{Msg, RunId, RunKind, Text, UserId};
use crate::rituals::definition::{Family, RitualDef};
use crate::rituals::run::Run;
use crate::rituals::steps::common::label;

/// Active runs a garden may have when the configuration says nothing.
pub const DEFAULT_MAX_ACTIVE_RUNS: usize = 8;

/// The most runs one member who is not a facilitator starts within [`MEMBER_WINDOW`].
pub const MEMBER_STARTS: usize = 3;

/// The window of [`MEMBER_STARTS`].
pub const MEMBER_WINDOW: Duration = Duration::hours(1);

/// Running runs named in a refusal; the others are counted.
const LISTED: usize = 10;

/// How far back, per kind, the starts of a member are looked for (bounds the reads).
const LOOKBACK: u32 = 32;

/// The run kinds a ritual start numbers (défis, retours and digests are not runs).
const RUN_KINDS: [RunKind; 4] = [
    RunKind::Meteo,
    RunKind::Decision,
    RunKind::Election,
    RunKind::Custom,
];

/// Refuses a start of `def` by `starter` that would go past the garden's bounds.
pub fn may_start(ctx: &Ctx<'_>, def: &RitualDef, starter: &UserId) -> Flow {
    let active = &ctx.garden.active;
    if def.family() == Family::Meteo
        && let Some(meteo) = active.iter().find(|id| id.kind == RunKind::Meteo)
    {
        let msg = Msg::new("limit-meteo-running").text("id", meteo.to_string());
        return Err(refusal(ctx, msg)?.into());
    }
    if active.len() >= ctx.max_active_runs {
        let msg = Msg::new("limit-too-many")
            .num("count", active.len() as i64)
            .num("max", ctx.max_active_runs as i64);
        return Err(refusal(ctx, msg)?.into());
    }
    if !ctx.is_facilitator(starter) {
        let starts = recent_starts(ctx, starter)?;
        if starts.len() >= MEMBER_STARTS {
            // The window frees up when the oldest counted start leaves it.
            let oldest = starts[starts.len() - MEMBER_STARTS];
            let msg = Msg::new("limit-member-rate")
                .num("count", starts.len() as i64)
                .num("hours", MEMBER_WINDOW.num_hours())
                .time("at", oldest + MEMBER_WINDOW);
            return Err(refusal(ctx, msg)?.into());
        }
    }
    Ok(())
}

/// The refusal: its reason, then the running runs (at most [`LISTED`] named).
fn refusal(ctx: &Ctx<'_>, reason: Msg) -> Flow<Refusal> {
    let mut t = Text::one(reason);
    let active = &ctx.garden.active;
    for id in active.iter().take(LISTED) {
        t.push(run_line(ctx, *id)?);
    }
    if active.len() > LISTED {
        t.push(Msg::new("limit-runs-more").num("count", (active.len() - LISTED) as i64));
    }
    let lang = ctx.garden.settings.lang;
    t.push(
        Msg::new("limit-runs-hint")
            .text("cancel", crate::command::CommandName::Cancel.local(lang))
            .text("status", crate::command::CommandName::Status.local(lang)),
    );
    Ok(Refusal(t))
}

/// One running run, as a refusal names it.
fn run_line(ctx: &Ctx<'_>, id: RunId) -> Flow<Msg> {
    let run: Option<Run> = ctx.load_run(id)?;
    let mut m = Msg::new("limit-run-line").text("id", id.to_string());
    m = match &run {
        Some(run) => {
            let step = ctx
                .rituals
                .find(&run.ritual)
                .and_then(|def| def.steps.get(run.step))
                .map_or_else(|| crate::model::Words::Id("step-record".to_owned()), label);
            m.words("title", &run.title_words()).words("step", &step)
        }
        None => m
            .label("title", "limit-run-unknown")
            .label("step", "step-record"),
    };
    Ok(m)
}

/// When `who` started the runs of this garden still inside [`MEMBER_WINDOW`], oldest first.
fn recent_starts(ctx: &Ctx<'_>, who: &UserId) -> Flow<Vec<DateTime<Utc>>> {
    let since = ctx.now - MEMBER_WINDOW;
    let mut starts = Vec::new();
    for kind in RUN_KINDS {
        let last = ctx.garden.counters.get(&kind).copied().unwrap_or(0);
        let first = last.saturating_sub(LOOKBACK).max(1);
        for n in (first..=last).rev() {
            let Some(run) = ctx.load_run(RunId::new(kind, n))? else {
                continue;
            };
            // Numbers grow with time: an older start ends the walk for this kind.
            if run.started_at <= since {
                break;
            }
            if &run.started_by == who {
                starts.push(run.started_at);
            }
        }
    }
    starts.sort();
    Ok(starts)
}
