//! `reveal`: every ballot at once ("Moi X, je propose Y"), then the run moves on.

use super::Behaviour;
use crate::engine::ctx::{Ctx, Flow};
use crate::model::{Msg, Text, UserId};
use crate::rituals::definition::{RitualDef, StepDef};
use crate::rituals::input::{After, Closer, InputKind, StepInput};
use crate::rituals::run::Run;
use crate::rituals::state::StepState;
use crate::rituals::voice::{base_msg, say, step_msg};

/// The `reveal` kind.
pub struct Reveal;

impl Behaviour for Reveal {
    fn enter(&self, ctx: &mut Ctx<'_>, _: &RitualDef, step: &StepDef, run: &mut Run) -> Flow<bool> {
        let ballots = run.role().map(|r| r.ballots.clone()).unwrap_or_default();
        let mut text: Text = step_msg(run, step)
            .num("count", ballots.len() as i64)
            .into();
        for (voter, b) in &ballots {
            let line = match &b.reason {
                Some(r) => Msg::new("ballot-line-reason").text("reason", r.clone()),
                None => Msg::new("ballot-line"),
            };
            text.push(line.user("voter", voter, &run.name(voter)).user(
                "nominee",
                &b.nominee,
                &run.name(&b.nominee),
            ));
        }
        say(ctx, run, text, Vec::new());
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
        &["count"]
    }

    fn waits(&self) -> bool {
        false
    }
}
