//! The engine's own settings, shared by every garden (per-garden settings live in the
//! store).

use chrono_tz::Tz;

use crate::model::Lang;

/// Engine-wide settings; per-garden settings live in the store.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// Command prefix (`!`).
    pub prefix: String,
    /// Language of a new garden.
    pub lang: Lang,
    /// Timezone of a new garden.
    pub tz: Tz,
    /// Seed of random orders and draws.
    pub seed: u64,
    /// Write every outgoing message to the outbox in the event's transaction (Matrix), so
    /// that a crash between commit and send cannot lose it.
    pub outbox: bool,
    /// The most runs a garden may have going at once (`[bot] max_active_runs`).
    pub max_active_runs: usize,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            prefix: "!".to_owned(),
            lang: Lang::Fr,
            tz: chrono_tz::Europe::Paris,
            seed: 0,
            outbox: false,
            max_active_runs: super::limits::DEFAULT_MAX_ACTIVE_RUNS,
        }
    }
}
