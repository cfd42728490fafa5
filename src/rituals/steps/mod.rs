//! One module per step kind. Each kind answers the same questions ([`StepKind`]'s
//! behaviour): what entering the step does, which inputs it takes now, what an input does,
//! how it closes, whom it waits for and what members can do meanwhile. [`behaviour`] is the
//! one place that maps a kind to its module: adding a kind is a compiler-guided change in
//! this folder.

use crate::engine::ctx::{Ctx, Flow};
use crate::model::{Msg, UserId};
use crate::rituals::definition::{RitualDef, StepDef, StepKind};
use crate::rituals::input::{After, Closer, InputKind, StepInput};
use crate::rituals::run::Run;

pub mod announce;
pub mod answer;
pub mod common;
pub mod consent;
pub mod nominate;
pub mod open;
pub mod propose;
pub mod record;
pub mod reveal;
pub mod round;

/// Who gives an input, and whether they may steer the ritual.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    /// Their id.
    pub id: &'a UserId,
    /// True when they are a facilitator of the garden now.
    pub facilitator: bool,
}

/// What a step kind does. Every method is required, so a new kind answers every question.
pub trait Behaviour: Sync {
    /// Opens the step (posting its message, setting its state). Returns true when it
    /// waits for nobody and the run moves on at once.
    fn enter(
        &self,
        ctx: &mut Ctx<'_>,
        def: &RitualDef,
        step: &StepDef,
        run: &mut Run,
    ) -> Flow<bool>;

    /// Whether the step takes this kind of input from `who` now: how the engine finds the
    /// run a command in the main timeline applies to.
    fn accepts(&self, step: &StepDef, run: &Run, who: &UserId, input: InputKind) -> bool;

    /// Takes an input the step accepts, or refuses it in the member's words.
    fn input(
        &self,
        ctx: &mut Ctx<'_>,
        def: &RitualDef,
        step: &StepDef,
        run: &mut Run,
        actor: Actor<'_>,
        input: StepInput,
    ) -> Flow<After>;

    /// After someone stopped being awaited (absent, gone): the step may now be complete.
    fn settle(&self, ctx: &mut Ctx<'_>, step: &StepDef, run: &mut Run) -> Flow<After>;

    /// Closes the step; returns the id of the step to go to instead of the next one.
    fn close(
        &self,
        ctx: &mut Ctx<'_>,
        step: &StepDef,
        run: &mut Run,
        by: Closer,
    ) -> Flow<Option<String>>;

    /// Who the step waits for, in order.
    fn waiting_for(&self, ctx: &Ctx<'_>, step: &StepDef, run: &Run) -> Vec<UserId>;

    /// What members can do at this step, said when an input does not fit.
    fn hint(&self, step: &StepDef, run: &Run) -> Msg;

    /// The arguments this kind adds to its step's own message, beyond those every run's
    /// messages get (`voice::base_args`): the placeholders a ritual's text for this step may
    /// use, checked when the ritual is loaded. A kind that adds an argument says it here.
    fn placeholders(&self, family: crate::rituals::definition::Family) -> &'static [&'static str];

    /// Whether the step waits for people, so that a run's `--délai` applies to it.
    fn waits(&self) -> bool;
}

/// The behaviour of a step kind.
pub fn behaviour(kind: StepKind) -> &'static dyn Behaviour {
    match kind {
        StepKind::Announce => &announce::Announce,
        StepKind::Round => &round::Round,
        StepKind::Open => &open::Open,
        StepKind::Answer => &answer::Answer,
        StepKind::Consent => &consent::Consent,
        StepKind::Nominate => &nominate::Nominate,
        StepKind::Reveal => &reveal::Reveal,
        StepKind::Propose => &propose::Propose,
        StepKind::Record => &record::Record,
    }
}
