//! The store folder of an operator's command or of `tuteur run`: opening it, with the
//! failures an operator meets said plainly (a folder in use by a running bot, a store of
//! another schema version, no store at all).

use std::path::{Path, PathBuf};

use crate::store::{SledStore, StoreError};

/// Why the garden memory could not be opened; each message names the setting or path.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// Another process (a running `tuteur run`) holds sled's lock.
    #[error(
        "setting bot.store: the store at {0} is in use by another tuteur (a running `tuteur \
         run`?): stop it first; `tuteur backup` asks a running bot for its copy"
    )]
    Locked(PathBuf),
    /// The store was written by a newer tuteur, or is too old to migrate.
    #[error(
        "setting bot.store: the store at {path} has schema version {found} and this tuteur \
         knows {known}: run the tuteur that wrote it, or restore a backup made for this one"
    )]
    Version {
        /// The folder.
        path: PathBuf,
        /// The version found.
        found: u8,
        /// The version this binary writes.
        known: u8,
    },
    /// The folder holds no store (commands that only read never create one).
    #[error("setting bot.store: no store at {0}")]
    Missing(PathBuf),
    /// Anything else sled or the file system said.
    #[error("setting bot.store: cannot open the store at {path}")]
    Store {
        /// The folder.
        path: PathBuf,
        /// What failed.
        #[source]
        source: StoreError,
    },
}

/// Opens (creating it when `create`) the sled store in `dir`: migrations run, a newer
/// store is refused, a store locked by a running bot is reported as such.
pub fn open_store(dir: &Path, create: bool) -> Result<SledStore, OpenError> {
    open_store_with_cache(dir, create, crate::store::DEFAULT_CACHE_BYTES)
}

/// [`open_store`] with a page cache of `cache_bytes` (the running bot's setting).
pub fn open_store_with_cache(
    dir: &Path,
    create: bool,
    cache_bytes: u64,
) -> Result<SledStore, OpenError> {
    if !create && !dir.join("conf").is_file() && !dir.join("db").exists() {
        return Err(OpenError::Missing(dir.to_owned()));
    }
    SledStore::open_with_cache(dir, cache_bytes).map_err(|source| match source {
        StoreError::Sled(sled::Error::Io(ref e)) if e.to_string().contains("acquire lock") => {
            OpenError::Locked(dir.to_owned())
        }
        StoreError::Version { found, known, .. } => OpenError::Version {
            path: dir.to_owned(),
            found,
            known,
        },
        source => OpenError::Store {
            path: dir.to_owned(),
            source,
        },
    })
}
