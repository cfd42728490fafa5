//! `tuteur run`: the engine in real Matrix rooms (matrix-sdk 0.18, SQLite state and crypto
//! stores, end-to-end encryption). Only this module drives matrix-sdk; elsewhere only ruma's
//! identifiers and text helpers are used, through `matrix_sdk::ruma`.
//!
//! The flow of one sync batch (see `sync_loop.rs`):
//! 1. `sync_once` from the token kept in sled (not the SDK's, which it saves before any
//!    handler ran);
//! 2. each room's timeline, in order, is mapped to engine inputs and handled; the engine
//!    writes its state, the handled-event marks and every outgoing message (the outbox)
//!    into sled's overlay;
//! 3. one sled flush makes all of it durable together with the new sync token;
//! 4. only then are the messages sent, in order per garden, gardens concurrently.
//!
//! A crash anywhere replays from the last durable token: handled marks make the replay
//! harmless and the outbox resends with the same transaction ids, so members see every
//! answer once.

mod attachment;
mod backoff;
mod commons;
mod decrypt;
mod incoming;
mod login;
mod mapping;
mod meta;
mod observe;
mod outbox;
mod refusals;
mod rooms;
mod roster;
mod sdk_token;
mod send;
mod shutdown;
mod split;
mod sync_loop;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use matrix_sdk::Client;
use matrix_sdk::ruma::{OwnedRoomId, OwnedUserId};

use crate::clock::SystemClock;
use crate::config::{BotConfig, CommonsConfig, Config, ConfigError, MatrixConfig};
use crate::engine::{Engine, EngineConfig, EngineError};
use crate::metrics::{ListenError, Metrics};
use crate::rituals::load::Rituals;
use crate::store::{SledStore, Store, StoreError, Tree, Tx};
use crate::store_dir::OpenError;

pub use login::{LoginError, Verified, open_sdk_store, verify as verify_account};
pub use outbox::SENDS_AT_ONCE;

/// The default log filter of `tuteur run`: the bot's own news, the SDK's warnings, and
/// none of its per-request or crypto chatter. With the SDK's `info` spans on, each sync's
/// handling was a few tenths of a millisecond slower (`scripts/bench-latency`).
pub const RUN_LOG: &str =
    "info,matrix_sdk=warn,matrix_sdk::http_client=off,matrix_sdk_crypto=error,matrix_sdk_base=warn";

/// Why `tuteur run` stopped.
#[derive(Debug, thiserror::Error)]
pub enum MatrixError {
    /// Logging in failed.
    #[error(transparent)]
    Login(Box<LoginError>),
    /// The store failed.
    #[error("store")]
    Store(#[from] StoreError),
    /// The engine failed (a store failure inside it).
    #[error("engine")]
    Engine(#[from] EngineError),
    /// The homeserver no longer accepts the access token.
    #[error(
        "the homeserver rejected the access token (M_UNKNOWN_TOKEN). With \
         matrix.password_env, start tuteur again: it logs in again with the same device; with \
         matrix.access_token_env, give a new token of the same device. If the device itself \
         was deleted (a logout), delete <bot.store>/matrix so the bot starts as a new device"
    )]
    UnknownToken,
    /// Syncing failed too many times in a row.
    #[error("syncing failed {0} times in a row; last error: {1}")]
    SyncFailing(u32, String),
    /// The store could not be opened (in use, another schema version).
    #[error(transparent)]
    Open(#[from] OpenError),
    /// A setting turned out unusable at start (the rituals folder).
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The metrics endpoint could not listen.
    #[error(transparent)]
    Metrics(#[from] ListenError),
    /// A folder could not be created.
    #[error("setting bot.store: cannot create {path}")]
    StoreDir {
        /// The folder.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
}

impl From<LoginError> for MatrixError {
    fn from(e: LoginError) -> Self {
        MatrixError::Login(Box::new(e))
    }
}

/// Short-lived shared maps behind a mutex; a panic while holding one leaves them usable.
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Everything the transport's tasks share.
pub(crate) struct Bot {
    /// The logged-in client.
    pub client: Client,
    /// The garden memory (engine data and the transport's `meta` entries).
    pub store: Arc<SledStore>,
    /// The ritual engine.
    pub engine: Engine,
    /// The bot's own user id.
    pub me: OwnedUserId,
    /// `[bot]` settings.
    pub settings: BotConfig,
    /// `[matrix]` settings.
    pub matrix: MatrixConfig,
    /// Real time.
    pub clock: SystemClock,
    /// The latest event seen in each thread, by root event id: the reply fallback of the
    /// bot's thread messages (after a restart the root stands in until one is seen).
    pub threads: Mutex<HashMap<String, String>>,
    /// Recent events' senders and bodies, for edits and reactions.
    pub recent: Mutex<incoming::Recent>,
    /// Each garden's next due time: a batch ticks only the gardens due.
    pub due: Mutex<crate::engine::due::DueIndex>,
    /// Gardens' rosters, read again only after their state changed.
    pub rosters: roster::Rosters,
    /// The send queue and its per-garden senders.
    pub outbox: outbox::Outbox,
    /// Rooms whose invite is being handled, so an invite seen twice is joined once.
    pub joining: Mutex<std::collections::HashSet<String>>,
    /// Set when a task meets a fatal error (a dead access token): the loop stops.
    pub fatal: tokio::sync::watch::Sender<bool>,
    /// `[commons]` settings.
    pub commons: CommonsConfig,
    /// The commons room's id, once resolved.
    pub commons_room: Mutex<Option<OwnedRoomId>>,
    /// Held by the sync loop while it handles a batch, and by the commons deliverer while
    /// it writes what it delivered: the two never interleave their writes.
    pub writing: tokio::sync::Mutex<()>,
    /// Wakes the commons deliverer after a batch.
    pub commons_wake: Arc<tokio::sync::Notify>,
    /// Counters and the last sync, for `/health` and `/metrics`.
    pub metrics: Arc<Metrics>,
}

/// Whether a store entry belongs to the Matrix device that wrote it and is left out of
/// `tuteur restore`: the sync position and the undecryptable events kept for that device
/// (a restored bot is a new device that could decrypt none of them).
pub fn left_out_of_restore(tree: Tree, key: &[u8]) -> bool {
    tree == Tree::Meta
        && (key == meta::sync_token().as_slice() || key.starts_with(&meta::utd_prefix()))
}

/// Runs the bot until SIGTERM/SIGINT (exit 0) or a fatal error.
pub async fn run(config: Config) -> Result<(), MatrixError> {
    let store_dir = config.bot.store.clone();
    std::fs::create_dir_all(&store_dir).map_err(|source| MatrixError::StoreDir {
        path: store_dir.clone(),
        source,
    })?;
    let store = Arc::new(crate::store_dir::open_store_with_cache(
        &store_dir,
        true,
        config.bot.store_cache_mib * 1024 * 1024,
    )?);
    if store.was_recovered() {
        tracing::info!(path = %store_dir.display(), "store reopened");
    }
    let mut rituals = Rituals::builtin();
    if let Some(dir) = &config.bot.rituals
        && let Err(diags) = rituals.load_dir(dir)
    {
        let list: Vec<String> = diags.iter().map(ToString::to_string).collect();
        return Err(ConfigError::Invalid {
            setting: "bot.rituals".into(),
            problem: format!("{}: {}", dir.display(), list.join("; ")),
        }
        .into());
    }
    let stop = shutdown::Shutdown::install();
    let sync_token: Option<String> = meta::get(store.as_ref(), &meta::sync_token())?;
    let Some(client) = login::connect_retrying(
        &config.matrix,
        &store_dir.join("matrix"),
        sync_token.as_deref(),
        &stop,
    )
    .await?
    else {
        tracing::info!("stopped before the homeserver answered");
        return Ok(());
    };
    let Some(me) = client.user_id().map(ToOwned::to_owned) else {
        return Err(LoginError::Refused {
            setting: "matrix.user",
            problem: "no user id after login".into(),
        }
        .into());
    };
    login::set_display_name(&client, &config.matrix.display_name).await;
    let seed = engine_seed(&store)?;
    let engine = Engine::new(
        rituals,
        EngineConfig {
            prefix: config.bot.prefix.clone(),
            lang: config.bot.language,
            tz: config.bot.timezone,
            seed,
            outbox: true,
            max_active_runs: config.bot.max_active_runs,
        },
    );
    let started = std::time::Instant::now();
    let indexed = engine.open_commons(store.as_ref())?;
    tracing::info!(
        retours = indexed,
        ms = started.elapsed().as_millis() as u64,
        "commons index rebuilt"
    );
    let (fatal, _) = tokio::sync::watch::channel(false);
    let bot = Arc::new(Bot {
        client,
        store,
        engine,
        me,
        settings: config.bot.clone(),
        matrix: config.matrix.clone(),
        clock: SystemClock,
        threads: Mutex::new(HashMap::new()),
        recent: Mutex::new(incoming::Recent::default()),
        due: Mutex::new(crate::engine::due::DueIndex::default()),
        rosters: roster::Rosters::default(),
        outbox: outbox::Outbox::default(),
        joining: Mutex::new(Default::default()),
        fatal,
        commons: config.commons.clone(),
        commons_room: Mutex::new(None),
        writing: tokio::sync::Mutex::new(()),
        commons_wake: Arc::new(tokio::sync::Notify::new()),
        metrics: Arc::new(Metrics::new()),
    });
    let endpoint = match config.metrics.listen {
        Some(addr) => Some(
            crate::metrics::serve(addr, Arc::clone(&bot.metrics), observe::sampler(&bot)).await?,
        ),
        None => None,
    };
    let control = match crate::control::serve(&store_dir, observe::backup_fn(&bot)) {
        Ok(task) => Some(task),
        Err(e) => {
            tracing::warn!(error = %e, "no control socket: tuteur backup cannot ask this bot");
            None
        }
    };
    // Known before the first batch, so that the commons room is never taken for a garden.
    commons::room_id(&bot).await;
    let deliverer = tokio::spawn(commons::deliver(
        Arc::clone(&bot),
        stop.clone(),
        Arc::clone(&bot.commons_wake),
    ));
    let result = sync_loop::run(&bot, &stop).await;
    deliverer.abort();
    for task in [endpoint, control].into_iter().flatten() {
        task.abort();
    }
    std::fs::remove_file(crate::control::socket_path(&store_dir)).ok();
    bot.outbox.stop(&bot).await;
    bot.store.flush()?;
    tracing::info!("stopped");
    result
}

/// The engine's seed: drawn once and kept, so a replayed event shuffles as it did.
fn engine_seed(store: &SledStore) -> Result<u64, StoreError> {
    if let Some(seed) = meta::get::<u64>(store, &meta::seed())? {
        return Ok(seed);
    }
    let seed: u64 = rand::random();
    let mut tx = Tx::new(store);
    tx.put(Tree::Meta, meta::seed(), &seed)?;
    store.apply(&tx.into_batch())?;
    store.flush()?;
    Ok(seed)
}
