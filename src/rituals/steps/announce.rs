//! `announce`: the bot posts the step's message and the run moves on.

use super::Behaviour;
use crate::engine::ctx::{Ctx, Flow};
use crate::model::{Msg, UserId};
use crate::rituals::definition::{RitualDef, StepDef};
use crate::rituals::input::{After, Closer, InputKind, StepInput};
use crate::rituals::run::Run;
use crate::rituals::state::StepState;
use crate::rituals::voice::{base_msg, say, step_msg};

/// The `announce` kind.
pub struct Announce;

impl Behaviour for Announce {
    fn enter(&self, ctx: &mut Ctx<'_>, _: &RitualDef, step: &StepDef, run: &mut Run) -> Flow<bool> {
        let msg = step_msg(run, step);
        say(ctx, run, msg.into(), Vec::new());
        run.state = StepState::Idle;
        Ok(true)
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

    fn placeholders(&self, _: crate::rituals::definition::Family) -> &'static [&'static str] {
        &[]
    }

    fn waits(&self) -> bool {
        false
    }
}
