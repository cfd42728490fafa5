//! When the bot is removed from a garden (kicked, banned, or the room left): its running
//! rituals end as cancelled, recorded like a facilitator's `!annuler`, and the garden's
//! state and registers are kept for a later return.

use super::engine_core::{Engine, EngineError};
use super::io::Roster;
use crate::clock::Clock;
use crate::engine::ctx::Stop;
use crate::model::GardenId;
use crate::rituals::run::RunStatus;
use crate::rituals::state::StepState;
use crate::rituals::steps::record;
use crate::store::Store;

impl Engine {
    /// Cancels every running ritual of `garden` and records them as cancelled; returns
    /// how many were running. Nothing is posted (the bot can no longer write there), so
    /// no outbox entry is written either.
    pub fn end_garden(
        &self,
        store: &dyn Store,
        clock: &dyn Clock,
        garden: &GardenId,
    ) -> Result<usize, EngineError> {
        let roster = Roster::default();
        let now = clock.now();
        let hold = std::cell::OnceCell::new();
        let mut ctx = self.ctx(
            store,
            garden,
            &roster,
            now,
            format!("end-{}", now.timestamp_millis()),
            &hold,
        )?;
        let before = ctx.garden.clone();
        let runs = ctx.active_runs()?;
        for mut run in runs.iter().cloned() {
            run.status = RunStatus::Cancelled;
            run.state = StepState::Idle;
            match record::ended(&mut ctx, &run) {
                Ok(()) | Err(Stop::Refuse(_)) => {}
                Err(Stop::Store(e)) => return Err(e.into()),
            }
            ctx.save_run(run)?;
        }
        ctx.out.clear();
        self.commit(store, ctx, &before)?;
        Ok(runs.len())
    }
}
