//! `open`: free contributions (clarification questions) until a facilitator's `!suivant`
//! or the deadline. With `questions_only`, the bot reminds gently, once per member, that
//! only questions are asked and only the designated person answers.

use super::common::{designated, facilitators_only};
use super::{Actor, Behaviour};
use crate::command::CommandName;
use crate::engine::ctx::{Ctx, Flow};
use crate::model::{Msg, UserId};
use crate::rituals::definition::{RitualDef, StepDef};
use crate::rituals::input::{After, Closer, InputKind, StepInput};
use crate::rituals::run::{Run, Told};
use crate::rituals::state::{OpenState, StepState};
use crate::rituals::voice::{base_msg, say, step_msg};

/// The `open` kind.
pub struct Open;

impl Behaviour for Open {
    fn enter(&self, ctx: &mut Ctx<'_>, _: &RitualDef, step: &StepDef, run: &mut Run) -> Flow<bool> {
        let msg = step_msg(run, step);
        say(ctx, run, msg.into(), Vec::new());
        run.state = StepState::Open(OpenState::default());
        Ok(false)
    }

    fn accepts(&self, _: &StepDef, _: &Run, _: &UserId, input: InputKind) -> bool {
        matches!(input, InputKind::Text | InputKind::Next)
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
        match input {
            StepInput::Text { body, .. } => {
                if let StepState::Open(s) = &mut run.state {
                    s.count += 1;
                }
                let answerer = designated(step, run);
                let opinion = !body.contains('?');
                if step.questions_only
                    && answerer.as_ref() != Some(actor.id)
                    && opinion
                    && run.tell_once(Told::QuestionsOnly, actor.id)
                {
                    let msg = base_msg(run, "open-questions-only").user(
                        "who",
                        actor.id,
                        &run.name(actor.id),
                    );
                    say(ctx, run, msg.into(), Vec::new());
                }
                Ok(After::Stay)
            }
            StepInput::Next if actor.facilitator => Ok(After::Close(Closer::Next)),
            StepInput::Next => Err(facilitators_only(ctx, CommandName::Next)),
            _ => Ok(After::Stay),
        }
    }

    fn settle(&self, _: &mut Ctx<'_>, _: &StepDef, _: &mut Run) -> Flow<After> {
        Ok(After::Stay)
    }

    fn close(&self, _: &mut Ctx<'_>, _: &StepDef, _: &mut Run, _: Closer) -> Flow<Option<String>> {
        Ok(None)
    }

    fn waiting_for(&self, ctx: &Ctx<'_>, _: &StepDef, _: &Run) -> Vec<UserId> {
        ctx.facilitators(3)
    }

    fn hint(&self, step: &StepDef, run: &Run) -> Msg {
        let mut m = base_msg(run, "hint-open");
        if let Some(p) = designated(step, run) {
            m = m.user("answerer", &p, &run.name(&p));
        }
        m.text("questions", if step.questions_only { "yes" } else { "no" })
    }

    fn placeholders(&self, _: crate::rituals::definition::Family) -> &'static [&'static str] {
        &[]
    }

    fn waits(&self) -> bool {
        true
    }
}
