//! The engine's entry points: one event in, messages out, its writes applied as one batch.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};

use super::commons_index::CommonsIndex;
use super::ctx::{Ctx, Refusal, Stop};
pub use super::engine_config::EngineConfig;
use super::handled::{self, handled_key};
use super::io::{Incoming, Outgoing, Roster};
use super::{digests, dispatch, schedule, tick};
use crate::clock::Clock;
use crate::garden::GardenState;
use crate::harvest::digest::Digest;
use crate::model::{GardenId, Msg};
use crate::rituals::load::Rituals;
use crate::store::{Store, StoreError, Tree, Tx, key};

/// An internal failure (a user's mistake is never an error: it gets an answer).
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The ritual engine for any number of gardens. Synchronous and deterministic.
pub struct Engine {
    rituals: Rituals,
    config: EngineConfig,
    /// The commons' search index, following the store.
    commons: CommonsIndex,
    /// Each garden's rituals layered over the loaded ones, for the versions its state
    /// lists: built once per change, not parsed at every event.
    gardens_rituals: Mutex<HashMap<GardenId, LayeredRituals>>,
}

/// The versions of a garden's own rituals (name, version) and the set built from them.
type LayeredRituals = (Vec<(String, u32)>, Arc<Rituals>);

/// Keeps a garden's own ritual set alive while a [`Ctx`] borrows it.
type Hold = OnceCell<Arc<Rituals>>;

impl Engine {
    /// An engine over these rituals.
    pub fn new(rituals: Rituals, config: EngineConfig) -> Self {
        Engine {
            rituals,
            config,
            commons: CommonsIndex::new(),
            gardens_rituals: Mutex::new(HashMap::new()),
        }
    }

    /// Builds the commons' search index from the store (at start; otherwise it is built
    /// on first use). Returns how many retours it holds.
    pub fn open_commons(&self, store: &dyn Store) -> Result<usize, EngineError> {
        Ok(self.commons.open(store)?)
    }

    /// The commons' search index.
    pub fn commons(&self) -> &CommonsIndex {
        &self.commons
    }

    /// The loaded rituals.
    pub fn rituals(&self) -> &Rituals {
        &self.rituals
    }

    /// The configuration.
    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    /// A garden's state, or a new one with the engine's defaults.
    pub fn garden(&self, store: &dyn Store, id: &GardenId) -> Result<GardenState, StoreError> {
        Ok(Tx::new(store)
            .get(Tree::Gardens, id.as_str().as_bytes())?
            .unwrap_or_else(|| GardenState::new(id.clone(), self.config.lang, self.config.tz)))
    }

    /// Handles one event exactly once: a second delivery of the same event id does nothing.
    /// All writes (state, registers, handled mark, outbox) are applied in one batch; the
    /// caller flushes the store before acknowledging the event to its source.
    pub fn handle(
        &self,
        store: &dyn Store,
        clock: &dyn Clock,
        inc: &Incoming,
        roster: &Roster,
    ) -> Result<Vec<Outgoing>, EngineError> {
        let mark = handled_key(&inc.garden, &inc.event_id);
        if store.get(Tree::Handled, &mark)?.is_some() {
            return Ok(Vec::new());
        }
        let now = clock.now();
        let hold = Hold::new();
        let mut ctx = self.ctx(store, &inc.garden, roster, now, inc.event_id.clone(), &hold)?;
        let before = ctx.garden.clone();
        ctx.garden.note_room_name(roster.room_name.as_ref());
        match dispatch::incoming(&mut ctx, &self.config.prefix, inc) {
            Ok(()) => {}
            Err(Stop::Refuse(Refusal(text))) => {
                // A refusal changes nothing: drop every buffered write and message.
                ctx.tx.discard();
                ctx.out.clear();
                ctx.garden = before.clone();
                ctx.reply(inc, text);
            }
            Err(Stop::Store(e)) => return Err(e.into()),
        }
        ctx.tx
            .put_raw(Tree::Handled, mark, handled::stamp(now.timestamp_millis()));
        self.commit(store, ctx, &before)
    }

    /// Does whatever is due in this garden: run
    /// step deadlines (reminder, then closing), défi deadlines, weekly check-in requests,
    /// role term reminders and the weekly digest, as computed by the scheduler
    /// ([`super::schedule`]) from the "last done" marks. Idempotent: the marks written in
    /// the same batch make a second tick at the same moment do nothing, and after downtime
    /// each missed item is done once.
    pub fn tick(
        &self,
        store: &dyn Store,
        clock: &dyn Clock,
        garden: &GardenId,
        roster: &Roster,
    ) -> Result<Vec<Outgoing>, EngineError> {
        let now = clock.now();
        let base = format!("tick-{}", now.timestamp_millis());
        let hold = Hold::new();
        let mut ctx = self.ctx(store, garden, roster, now, base, &hold)?;
        let before = ctx.garden.clone();
        ctx.garden.note_room_name(roster.room_name.as_ref());
        tick::run(&mut ctx)?;
        self.commit(store, ctx, &before)
    }

    /// The earliest moment a tick has something to do in this garden (it may be in the
    /// past: then tick at once). Reads only.
    pub fn next_due(
        &self,
        store: &dyn Store,
        clock: &dyn Clock,
        garden: &GardenId,
    ) -> Result<Option<DateTime<Utc>>, EngineError> {
        let roster = Roster::default();
        let now = clock.now();
        let hold = Hold::new();
        let ctx = self.ctx(store, garden, &roster, now, String::new(), &hold)?;
        let (snap, _) = tick::snapshot(&ctx)?;
        Ok(schedule::next_due(&snap, now))
    }

    /// Posts the Grand Jardin digest in the commons room when its weekly slot has come
    /// (exactly once per week, see `grand_jardin.rs`). `room` is the garden id the
    /// transport sends commons posts under. The caller flushes the store.
    pub fn tick_commons(
        &self,
        store: &dyn Store,
        clock: &dyn Clock,
        room: &GardenId,
    ) -> Result<Vec<Outgoing>, EngineError> {
        Ok(super::grand_jardin::tick(
            store,
            &self.commons,
            &self.config,
            clock.now(),
            room,
        )?)
    }

    /// When the next Grand Jardin digest is due.
    pub fn next_commons_due(
        &self,
        store: &dyn Store,
        clock: &dyn Clock,
    ) -> Result<DateTime<Utc>, EngineError> {
        Ok(super::grand_jardin::next_due(
            store,
            &self.config,
            clock.now(),
        )?)
    }

    /// The digest of the current week so far, without posting or writing anything
    /// (`tuteur digest`), with the garden it belongs to.
    pub fn current_digest(
        &self,
        store: &dyn Store,
        clock: &dyn Clock,
        garden: &GardenId,
    ) -> Result<(Digest, GardenState), EngineError> {
        let roster = Roster::default();
        let hold = Hold::new();
        let ctx = self.ctx(store, garden, &roster, clock.now(), String::new(), &hold)?;
        match digests::current(&ctx) {
            Ok(d) => Ok((d, ctx.garden.clone())),
            Err(Stop::Store(e)) => Err(e.into()),
            // Reading a digest refuses nothing.
            Err(Stop::Refuse(_)) => Ok((
                crate::harvest::digest::collect(&ctx.tx, &ctx.garden, ctx.now, ctx.now)?,
                ctx.garden.clone(),
            )),
        }
    }

    pub(super) fn ctx<'a>(
        &'a self,
        store: &'a dyn Store,
        garden: &GardenId,
        roster: &'a Roster,
        now: DateTime<Utc>,
        ref_base: String,
        hold: &'a Hold,
    ) -> Result<Ctx<'a>, StoreError> {
        let tx = Tx::new(store);
        let garden = self.garden(store, garden)?;
        let rituals = match self.garden_rituals(&tx, &garden)? {
            Some(own) => hold.get_or_init(|| own).as_ref(),
            None => &self.rituals,
        };
        Ok(Ctx {
            tx,
            garden,
            roster,
            rituals,
            commons: &self.commons,
            now,
            seed: self.config.seed,
            prefix: &self.config.prefix,
            max_active_runs: self.config.max_active_runs,
            ref_base,
            out: Vec::new(),
        })
    }

    /// The rituals of a garden that has its own: the loaded ones and its own after them
    /// (`None` for a garden without any, which uses the loaded ones as they are).
    fn garden_rituals(
        &self,
        tx: &Tx<'_>,
        garden: &GardenState,
    ) -> Result<Option<Arc<Rituals>>, StoreError> {
        if garden.rituals.is_empty() {
            return Ok(None);
        }
        let mut cache = self
            .gardens_rituals
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some((versions, set)) = cache.get(&garden.id)
            && *versions == garden.rituals
        {
            return Ok(Some(set.clone()));
        }
        let own = super::garden_rituals::load_defs(tx, garden)?;
        let set = Arc::new(self.rituals.with_garden(own));
        cache.insert(garden.id.clone(), (garden.rituals.clone(), set.clone()));
        Ok(Some(set))
    }

    pub(super) fn commit(
        &self,
        store: &dyn Store,
        mut ctx: Ctx<'_>,
        before: &GardenState,
    ) -> Result<Vec<Outgoing>, EngineError> {
        if ctx.garden != *before {
            let k = ctx.garden.id.as_str().as_bytes().to_vec();
            ctx.tx.put(Tree::Gardens, k, &ctx.garden)?;
        }
        if self.config.outbox {
            for o in &ctx.out {
                let k = key(&[o.garden.as_str().as_bytes(), o.out_ref.as_bytes()]);
                ctx.tx.put(Tree::Outbox, k, o)?;
            }
        }
        if ctx.tx.is_dirty() {
            let batch = ctx.tx.into_batch();
            store.apply(&batch)?;
            self.commons.follow(store, &batch, before, &ctx.garden)?;
        }
        Ok(ctx.out)
    }
}

/// A short apology for the room when handling failed inside (never a user's mistake).
pub fn apology() -> Msg {
    Msg::new("internal-error")
}
