//! What happens when a run's steps keep moving on without waiting for anyone (the
//! interpreter's transition guard): the run stops, the room is told in its thread, and the
//! garden's history records it as interrupted.
//!
//! `tuteur rituals check` refuses files whose steps can loop that way (see `loops.rs`), so
//! this is the last line of defence: the messages of the loop are dropped (keeping the
//! announcement that roots the run's thread) rather than posted dozens of times.

use super::interpreter::{base_msg, say};
use super::run::{Run, RunStatus, StepState};
use crate::engine::ctx::{Ctx, Flow};
use crate::registers::{self, DecisionOutcome, HistoryRecord, Register};
use crate::rituals::steps::record;

/// Where a run's messages stood when the interpreter started moving it.
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    out: usize,
    rooted: bool,
}

impl Mark {
    /// Notes the messages produced so far and whether the run's thread exists.
    pub fn take(ctx: &Ctx<'_>, run: &Run) -> Mark {
        Mark {
            out: ctx.out.len(),
            rooted: run.rooted,
        }
    }
}

/// Stops `run`, whose steps looped since `before`: drops the loop's messages, tells the
/// room, records the run as interrupted.
pub fn stop(ctx: &mut Ctx<'_>, run: &mut Run, before: Mark) -> Flow {
    tracing::error!(
        run = %run.id,
        ritual = %run.ritual,
        "ritual steps looped without waiting for anyone; run interrupted"
    );
    // The first message of a new run roots its thread: keep it so the notice has a place.
    let keep = if before.rooted {
        before.out
    } else {
        before.out + 1
    };
    ctx.out.truncate(keep);
    run.status = RunStatus::Cancelled;
    run.state = StepState::Idle;
    if run.id.kind == crate::model::RunKind::Decision {
        record::decision(ctx, run, DecisionOutcome::Cancelled)?;
    }
    let history = HistoryRecord {
        id: run.id,
        ritual: run.ritual.clone(),
        at: ctx.now,
        cancelled: true,
        interrupted: true,
        speakers: Vec::new(),
    };
    registers::put(
        &mut ctx.tx,
        &ctx.garden.id,
        Register::History,
        run.id,
        &history,
    )?;
    let msg = base_msg(run, "run-interrupted");
    say(ctx, run, msg.into(), Vec::new());
    Ok(())
}
