//! Exit codes, after BSD's `sysexits.h`, so that a service manager can tell a mistake to
//! fix (78: systemd's `RestartPreventExitStatus=78` stops restarting) from an outage to
//! wait out. `docs/operate.md` lists them.

use crate::config::ConfigError;
use crate::matrix::{LoginError, MatrixError};

use crate::store_dir::OpenError;

/// Everything went well.
pub const OK: u8 = 0;
/// An internal failure (a damaged store, a bug): see the log.
pub const FAILURE: u8 = 1;
/// Ritual files with problems (`tuteur rituals check`), `EX_DATAERR`.
pub const DATA: u8 = 65;
/// The homeserver cannot be reached (`tuteur check`), `EX_UNAVAILABLE`.
pub const UNAVAILABLE: u8 = 69;
/// `tuteur restore` into a store that is not empty, `EX_CANTCREAT`.
pub const CANT_CREATE: u8 = 73;
/// A file or folder cannot be read or written (`--out`, `--from`), `EX_IOERR`.
pub const IO: u8 = 74;
/// Try again later: the store is in use by a running bot, or syncing failed for a day,
/// `EX_TEMPFAIL`.
pub const TEMP: u8 = 75;
/// A configuration or credential error: a setting, a secret, a refused login, a store of
/// another schema, `EX_CONFIG`.
pub const CONFIG: u8 = 78;

/// A failure of an operator command that knows its exit code.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Failure {
    /// The exit code.
    pub code: u8,
    /// The one line shown to the operator (names the setting or path).
    pub message: String,
}

impl Failure {
    /// A failure with this code and line.
    pub fn new(code: u8, message: impl Into<String>) -> Failure {
        Failure {
            code,
            message: message.into(),
        }
    }
}

/// The exit code of an error: the first error of its chain that has one.
pub fn code_of(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if let Some(f) = cause.downcast_ref::<Failure>() {
            return f.code;
        }
        if cause.is::<ConfigError>() {
            return CONFIG;
        }
        if let Some(e) = cause.downcast_ref::<OpenError>() {
            return open_code(e);
        }
        if let Some(e) = cause.downcast_ref::<LoginError>() {
            return login_code(e);
        }
        if let Some(e) = cause.downcast_ref::<MatrixError>() {
            match e {
                MatrixError::Login(e) => return login_code(e),
                MatrixError::UnknownToken => return CONFIG,
                MatrixError::SyncFailing(..) => return TEMP,
                MatrixError::StoreDir { .. } => return IO,
                _ => {}
            }
        }
    }
    FAILURE
}

/// The exit code of a store that does not open.
pub fn open_code(e: &OpenError) -> u8 {
    match e {
        OpenError::Locked(_) => TEMP,
        OpenError::Version { .. } | OpenError::Missing(_) => CONFIG,
        OpenError::Store { .. } => FAILURE,
    }
}

fn login_code(e: &LoginError) -> u8 {
    match e {
        LoginError::Unreachable { .. } => UNAVAILABLE,
        LoginError::Io { .. } => IO,
        LoginError::Refused { .. } | LoginError::Build(_) => CONFIG,
        LoginError::Sdk(_) if e.is_transient() => TEMP,
        LoginError::Sdk(_) => CONFIG,
    }
}
