//! Building the Matrix client and logging in, reusing the same device across restarts.
//!
//! The SDK's SQLite state and crypto stores live in `<store>/matrix/sdk`, beside
//! `<store>/matrix/session.json` (user id, device id and, with a password, the access
//! token; mode 0600). They belong together: a device id reused with a fresh crypto store
//! breaks encryption, so a store without its session file is discarded before a new login.
//! With `bot.store_passphrase_*` the SDK encrypts both stores at rest; the session file
//! records whether they were made with one, so that adding or dropping the passphrase
//! later is refused with what to do instead of failing deep in the SDK.

use std::path::{Path, PathBuf};
use std::time::Duration;

use matrix_sdk::authentication::matrix::MatrixSession;
use matrix_sdk::config::RequestConfig;
use matrix_sdk::ruma::api::error::ErrorKind;
use matrix_sdk::ruma::{OwnedDeviceId, OwnedUserId};
use matrix_sdk::{Client, SessionMeta, SessionTokens, SqliteStoreConfig};
use serde::{Deserialize, Serialize};

use crate::config::{Credentials, MatrixConfig, Secret};

/// Why the bot could not log in. Each message says which setting or file to look at.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// The client could not be built (bad homeserver URL, unusable store).
    #[error("setting matrix.homeserver / bot.store: cannot build the Matrix client")]
    Build(#[source] Box<matrix_sdk::ClientBuildError>),
    /// A file of the store could not be read or written.
    #[error("{path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The homeserver refused the credentials, or they do not fit the store.
    #[error("setting {setting}: {problem}")]
    Refused {
        /// The setting at fault.
        setting: &'static str,
        /// What happened.
        problem: String,
    },
    /// The homeserver could not be reached.
    #[error("setting matrix.homeserver: cannot reach {url}: {problem}")]
    Unreachable {
        /// The homeserver.
        url: String,
        /// What failed.
        problem: String,
    },
    /// The SDK failed.
    #[error(transparent)]
    Sdk(Box<matrix_sdk::Error>),
}

impl LoginError {
    /// True when trying again later may work (the homeserver is unreachable or failing);
    /// false for what the operator must fix (credentials, settings, files).
    pub fn is_transient(&self) -> bool {
        match self {
            LoginError::Unreachable { .. } => true,
            LoginError::Sdk(e) => !matches!(
                super::send::classify(e),
                super::send::Failure::Permanent | super::send::Failure::UnknownToken
            ),
            LoginError::Build(_) | LoginError::Io { .. } | LoginError::Refused { .. } => false,
        }
    }
}

/// A client build failure: discovery that found no homeserver is an outage to wait out; a
/// store that does not open (a wrong passphrase) or a bad URL is the operator's to fix.
fn build_error(e: matrix_sdk::ClientBuildError, cfg: &MatrixConfig) -> LoginError {
    use matrix_sdk::ClientBuildError as B;
    match e {
        B::AutoDiscovery(_) | B::Http(_) => LoginError::Unreachable {
            url: cfg.homeserver.clone(),
            problem: e.to_string(),
        },
        B::SqliteStore(_) => LoginError::Refused {
            setting: "bot.store_passphrase_env",
            problem: format!(
                "the Matrix store does not open ({e}): with a passphrase, is it the one the \
                 store was made with?"
            ),
        },
        e => LoginError::Build(Box::new(e)),
    }
}

impl From<matrix_sdk::Error> for LoginError {
    fn from(e: matrix_sdk::Error) -> Self {
        LoginError::Sdk(Box::new(e))
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> LoginError + '_ {
    move |source| LoginError::Io {
        path: path.to_owned(),
        source,
    }
}

/// What is kept of a login between runs.
#[derive(Serialize, Deserialize)]
struct SavedSession {
    user_id: OwnedUserId,
    device_id: OwnedDeviceId,
    /// Only with a password: with an access token, the token stays in the environment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    access_token: Option<String>,
    /// Whether the SDK's stores were made with a passphrase (false in files written before
    /// stores could be encrypted).
    #[serde(default)]
    store_encrypted: bool,
}

/// The SDK's SQLite stores (state, crypto, event cache) with SQLite's low-memory settings:
/// one connection per core, 500 kB of page cache each, instead of four connections per
/// core with 2 MB each. The bot reads little from them (its own memory is sled), and the
/// default caches grow with the number of rooms.
fn sdk_store(dir: &Path, cfg: &MatrixConfig) -> SqliteStoreConfig {
    SqliteStoreConfig::with_low_memory_config(dir)
        .passphrase(cfg.store_passphrase.as_ref().map(Secret::expose))
}

/// The request limits of every call: the SDK's default may retry one request for
/// 15 minutes; the bot prefers to fail fast and retry in its own loops.
fn request_config() -> RequestConfig {
    RequestConfig::new()
        .timeout(Duration::from_secs(30))
        .retry_limit(2)
        .max_retry_time(Duration::from_secs(60))
}

/// The HTTP client under the SDK's: its own settings (user agent, TLS 1.2 at least, a
/// 30 s cap per request unless the request says otherwise), but only a few idle
/// connections are kept once a burst of sends is over, and not for long. Each connection
/// holds its buffers and tasks; after a catch-up across hundreds of gardens, the SDK's
/// default pool would keep hundreds of them open for 90 s.
fn http_client() -> Result<reqwest::Client, LoginError> {
    reqwest::Client::builder()
        .user_agent(concat!("tuteur/", env!("CARGO_PKG_VERSION")))
        .min_tls_version(reqwest::tls::Version::TLS_1_2)
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(IDLE_CONNECTIONS)
        .pool_idle_timeout(IDLE_FOR)
        .build()
        .map_err(|e| {
            LoginError::Build(Box::new(matrix_sdk::ClientBuildError::Http(
                matrix_sdk::HttpError::Reqwest(e),
            )))
        })
}

/// Idle connections to the homeserver kept for the next requests (see [`http_client`]),
/// and for how long.
const IDLE_CONNECTIONS: usize = 8;
const IDLE_FOR: Duration = Duration::from_secs(10);

/// Builds the client over `<dir>/sdk`, restores the saved session or logs in, and saves
/// the session. `dir` is `<store>/matrix`; `sync_token` is the one kept in sled, which the
/// SDK's own copy is set to before the session is activated (see [`super::sdk_token`]).
pub async fn connect(
    cfg: &MatrixConfig,
    dir: &Path,
    sync_token: Option<&str>,
) -> Result<Client, LoginError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let session_file = dir.join("session.json");
    let sdk_dir = dir.join("sdk");
    let saved: Option<SavedSession> = match std::fs::read_to_string(&session_file) {
        Ok(text) => Some(serde_json::from_str(&text).map_err(|e| LoginError::Io {
            path: session_file.clone(),
            source: std::io::Error::other(e),
        })?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(&session_file)(e)),
    };
    let encrypted = cfg.store_passphrase.is_some();
    if let Some(s) = &saved
        && s.store_encrypted != encrypted
    {
        return Err(LoginError::Refused {
            setting: "bot.store_passphrase_env",
            problem: if encrypted {
                format!(
                    "the Matrix store at {} was made without a passphrase; to encrypt it, stop \
                     the bot, delete that folder (the bot then logs in as a new device) and \
                     start again",
                    dir.display()
                )
            } else {
                format!(
                    "the Matrix store at {} was made with a passphrase: give it again \
                     (bot.store_passphrase_env or bot.store_passphrase_file)",
                    dir.display()
                )
            },
        });
    }
    if saved.is_none() && sdk_dir.exists() {
        tracing::warn!(path = %sdk_dir.display(), "Matrix store without a saved session: discarding it before logging in as a new device");
        std::fs::remove_dir_all(&sdk_dir).map_err(io(&sdk_dir))?;
    }
    let client = Client::builder()
        .server_name_or_homeserver_url(&cfg.homeserver)
        .sqlite_store_with_config_and_cache_path(sdk_store(&sdk_dir, cfg), None::<&Path>)
        .request_config(request_config())
        .http_client(http_client()?)
        .build()
        .await
        .map_err(|e| build_error(e, cfg))?;
    super::sdk_token::align(&client, sync_token)
        .await
        .map_err(|e| LoginError::from(matrix_sdk::Error::from(e)))?;
    let want = matrix_sdk::ruma::UserId::parse(&cfg.user).map_err(|e| LoginError::Refused {
        setting: "matrix.user",
        problem: e.to_string(),
    })?;

    match &cfg.credentials {
        Credentials::AccessToken(token) => {
            let Some((user, device)) = whoami(&client, &want, token.expose()).await? else {
                return Err(LoginError::Refused {
                    setting: cfg.credentials_setting,
                    problem: "the homeserver does not know this access token (M_UNKNOWN_TOKEN)"
                        .into(),
                });
            };
            if user != want {
                return Err(LoginError::Refused {
                    setting: "matrix.user",
                    problem: format!("the access token belongs to {user}, not {want}"),
                });
            }
            let Some(device) = device else {
                return Err(LoginError::Refused {
                    setting: cfg.credentials_setting,
                    problem: "this access token has no device (an appservice token?)".into(),
                });
            };
            if let Some(s) = &saved
                && s.device_id != device
            {
                return Err(LoginError::Refused {
                    setting: cfg.credentials_setting,
                    problem: format!(
                        "the token is for device {device} but the store at {} was made for \
                         device {}; use a token of that device, or delete that folder",
                        dir.display(),
                        s.device_id
                    ),
                });
            }
            restore(&client, &user, &device, token.expose()).await?;
            save(
                &session_file,
                &SavedSession {
                    user_id: user,
                    device_id: device,
                    access_token: None,
                    store_encrypted: encrypted,
                },
            )?;
        }
        Credentials::Password(password) => {
            let reuse = match &saved {
                Some(s) if s.user_id != want => {
                    return Err(LoginError::Refused {
                        setting: "matrix.user",
                        problem: format!(
                            "the store at {} belongs to {}; use another bot.store",
                            dir.display(),
                            s.user_id
                        ),
                    });
                }
                Some(s) => Some(s),
                None => None,
            };
            let token_ok = match reuse.and_then(|s| s.access_token.clone()) {
                Some(t) => whoami(&client, &want, &t)
                    .await?
                    .is_some_and(|(u, d)| {
                        u == want && reuse.is_some_and(|s| Some(&s.device_id) == d.as_ref())
                    })
                    .then_some(t),
                None => None,
            };
            match (reuse, token_ok) {
                (Some(s), Some(token)) => {
                    restore(&client, &s.user_id, &s.device_id, &token).await?;
                }
                (reuse, _) => {
                    let auth = client.matrix_auth();
                    let mut login = auth
                        .login_username(want.as_str(), password.expose())
                        .initial_device_display_name(&cfg.device_name);
                    if let Some(s) = reuse {
                        // Same device as before: its keys are in the crypto store.
                        login = login.device_id(s.device_id.as_str());
                    }
                    login.send().await.map_err(|e| refused_login(&e, cfg))?;
                    let Some(session) = auth.session() else {
                        return Err(LoginError::Refused {
                            setting: cfg.credentials_setting,
                            problem: "the login gave no session".into(),
                        });
                    };
                    save(
                        &session_file,
                        &SavedSession {
                            user_id: session.meta.user_id.clone(),
                            device_id: session.meta.device_id.clone(),
                            access_token: Some(session.tokens.access_token.clone()),
                            store_encrypted: encrypted,
                        },
                    )?;
                    tracing::info!(device = %session.meta.device_id, "logged in");
                }
            }
        }
    }
    Ok(client)
}

fn refused_login(e: &matrix_sdk::Error, cfg: &MatrixConfig) -> LoginError {
    match e.as_client_api_error() {
        Some(api) if !api.status_code.is_server_error() => LoginError::Refused {
            setting: cfg.credentials_setting,
            problem: format!("the homeserver refused the login: {e}"),
        },
        _ => LoginError::Unreachable {
            url: cfg.homeserver.clone(),
            problem: e.to_string(),
        },
    }
}

async fn restore(
    client: &Client,
    user: &OwnedUserId,
    device: &OwnedDeviceId,
    token: &str,
) -> Result<(), LoginError> {
    client
        .restore_session(MatrixSession {
            meta: SessionMeta {
                user_id: user.clone(),
                device_id: device.clone(),
            },
            tokens: SessionTokens {
                access_token: token.to_owned(),
                refresh_token: None,
            },
        })
        .await?;
    tracing::info!(%device, "session restored");
    Ok(())
}

/// Who an access token belongs to (the SDK's `whoami`, on a client of its own without a
/// store, so that nothing is written for a device not known yet); None when the homeserver
/// does not know the token. `user` is who the token is expected to belong to.
pub async fn whoami(
    client: &Client,
    user: &OwnedUserId,
    token: &str,
) -> Result<Option<(OwnedUserId, Option<OwnedDeviceId>)>, LoginError> {
    let homeserver = client.homeserver().to_string();
    let unreachable = |problem: String| LoginError::Unreachable {
        url: homeserver.trim_end_matches('/').to_owned(),
        problem,
    };
    let probe = Client::builder()
        .homeserver_url(client.homeserver())
        .request_config(request_config())
        .http_client(http_client()?)
        .build()
        .await
        .map_err(|e| unreachable(e.to_string()))?;
    probe
        .restore_session(MatrixSession {
            meta: SessionMeta {
                user_id: user.clone(),
                device_id: "TUTEURWHOAMI".into(),
            },
            tokens: SessionTokens {
                access_token: token.to_owned(),
                refresh_token: None,
            },
        })
        .await?;
    match probe.whoami().await {
        Ok(who) => Ok(Some((who.user_id, who.device_id))),
        Err(e)
            if e.client_api_error_kind()
                .is_some_and(|k| matches!(k, ErrorKind::UnknownToken(_))) =>
        {
            Ok(None)
        }
        Err(e) if e.as_client_api_error().is_some() => Err(unreachable(format!("whoami: {e}"))),
        Err(e) => Err(unreachable(e.to_string())),
    }
}

/// Writes the session file atomically (temporary file, fsync, rename), mode 0600.
fn save(path: &Path, session: &SavedSession) -> Result<(), LoginError> {
    use std::io::Write;
    let text = serde_json::to_string(session).map_err(|e| LoginError::Io {
        path: path.to_owned(),
        source: std::io::Error::other(e),
    })?;
    let dir = path.parent().unwrap_or(Path::new("."));
    // tempfile creates the file with mode 0600.
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(io(dir))?;
    file.write_all(text.as_bytes()).map_err(io(file.path()))?;
    file.as_file().sync_all().map_err(io(path))?;
    file.persist(path).map_err(|e| io(path)(e.error))?;
    Ok(())
}

/// Sets the bot's display name when it differs (each change is a member event in every
/// room, so it is not rewritten at every start).
pub async fn set_display_name(client: &Client, name: &str) {
    let account = client.account();
    match account.get_display_name().await {
        Ok(Some(current)) if current == name => {}
        _ => {
            if let Err(e) = account.set_display_name(Some(name)).await {
                tracing::warn!(error = %e, "could not set the display name");
            }
        }
    }
}

/// Cross-signs the bot's device when a recovery key is configured (it unlocks the
/// cross-signing keys and key backup kept in secret storage), or, with a password and no
/// cross-signing identity yet, bootstraps one. Failures are logged, never fatal: the bot
/// works without cross-signing.
pub async fn cross_sign(client: &Client, cfg: &MatrixConfig) {
    use matrix_sdk::ruma::api::client::uiaa;
    let encryption = client.encryption();
    if let Some(key) = &cfg.recovery_key {
        match encryption.recovery().recover(key.expose()).await {
            Ok(()) => {
                tracing::info!("recovered secrets with the recovery key: device cross-signed")
            }
            Err(e) => {
                tracing::warn!(error = %e, "setting matrix.recovery_key_env: recovery failed")
            }
        }
        return;
    }
    let Credentials::Password(password) = &cfg.credentials else {
        return;
    };
    let auth = client.user_id().map(|u| {
        uiaa::AuthData::Password(uiaa::Password::new(
            u.to_owned().into(),
            password.expose().to_owned(),
        ))
    });
    match encryption.bootstrap_cross_signing_if_needed(auth).await {
        Ok(()) => tracing::info!("cross-signing ready"),
        Err(e) => tracing::warn!(error = %e, "could not bootstrap cross-signing"),
    }
}

/// What `tuteur check` learnt about the bot's account.
#[derive(Debug, Clone)]
pub struct Verified {
    /// The homeserver's URL after discovery (`.well-known`).
    pub homeserver: String,
    /// The Matrix versions the homeserver supports.
    pub versions: Vec<String>,
    /// The bot's user id.
    pub user: OwnedUserId,
    /// The device the credentials belong to (None: a password checked with a throw-away
    /// login, logged out again).
    pub device: Option<OwnedDeviceId>,
}

/// Checks the homeserver and the credentials without touching the bot's stores: the
/// saved session's token (or the configured access token) through `whoami`, else a
/// password login on a throw-away device that is logged out at once. `dir` is
/// `<store>/matrix`.
pub async fn verify(cfg: &MatrixConfig, dir: &Path) -> Result<Verified, LoginError> {
    let client = Client::builder()
        .server_name_or_homeserver_url(&cfg.homeserver)
        .request_config(request_config())
        .http_client(http_client()?)
        .build()
        .await
        .map_err(|e| build_error(e, cfg))?;
    let homeserver = client.homeserver().to_string();
    let versions = match client.fetch_server_versions(None).await {
        Ok(v) => v.versions,
        Err(e) => {
            return Err(LoginError::Unreachable {
                url: cfg.homeserver.clone(),
                problem: e.to_string(),
            });
        }
    };
    let want = matrix_sdk::ruma::UserId::parse(&cfg.user).map_err(|e| LoginError::Refused {
        setting: "matrix.user",
        problem: e.to_string(),
    })?;
    let saved: Option<SavedSession> = std::fs::read_to_string(dir.join("session.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    let token = match (&cfg.credentials, &saved) {
        (Credentials::AccessToken(t), _) => Some(t.expose().to_owned()),
        (Credentials::Password(_), Some(s)) => s.access_token.clone(),
        (Credentials::Password(_), None) => None,
    };
    if let Some(token) = token {
        match whoami(&client, &want, &token).await? {
            Some((user, device)) if user == want => {
                return Ok(Verified {
                    homeserver,
                    versions,
                    user,
                    device,
                });
            }
            Some((user, _)) => {
                return Err(LoginError::Refused {
                    setting: "matrix.user",
                    problem: format!("the access token belongs to {user}, not {want}"),
                });
            }
            None if matches!(cfg.credentials, Credentials::AccessToken(_)) => {
                return Err(LoginError::Refused {
                    setting: cfg.credentials_setting,
                    problem: "the homeserver does not know this access token".into(),
                });
            }
            // A saved token that expired: the password is tried below, as `run` would.
            None => {}
        }
    }
    let Credentials::Password(password) = &cfg.credentials else {
        unreachable!("an access token was checked above");
    };
    let auth = client.matrix_auth();
    auth.login_username(want.as_str(), password.expose())
        .initial_device_display_name("tuteur check")
        .send()
        .await
        .map_err(|e| refused_login(&e, cfg))?;
    let device = client.device_id().map(ToOwned::to_owned);
    if let Err(e) = auth.logout().await {
        tracing::warn!(error = %e, "could not log the check's device out");
    }
    Ok(Verified {
        homeserver,
        versions,
        user: want,
        device,
    })
}

/// Opens the SDK's stores under `dir` (`<store>/matrix`) with the configured passphrase,
/// as `run` would, without logging in: None when there is none yet.
pub async fn open_sdk_store(cfg: &MatrixConfig, dir: &Path) -> Result<Option<()>, LoginError> {
    let sdk_dir = dir.join("sdk");
    if !sdk_dir.exists() {
        return Ok(None);
    }
    let saved: Option<SavedSession> = std::fs::read_to_string(dir.join("session.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    if let Some(s) = &saved
        && s.store_encrypted != cfg.store_passphrase.is_some()
    {
        return Err(LoginError::Refused {
            setting: "bot.store_passphrase_env",
            problem: if s.store_encrypted {
                "the Matrix store was made with a passphrase: give it again".into()
            } else {
                "the Matrix store was made without a passphrase: delete <bot.store>/matrix to \
                 encrypt a new one (the bot then starts as a new device)"
                    .into()
            },
        });
    }
    Client::builder()
        .homeserver_url(&cfg.homeserver)
        .sqlite_store_with_config_and_cache_path(sdk_store(&sdk_dir, cfg), None::<&Path>)
        .build()
        .await
        .map_err(|e| build_error(e, cfg))?;
    Ok(Some(()))
}

/// Attempts at logging in before giving up (with the 30 s cap: about a day).
const MAX_START_ATTEMPTS: u32 = 4_000;

/// [`connect`], tried again with capped, jittered backoff (and the homeserver probed
/// between long waits) while the homeserver cannot be reached, each attempt logged;
/// configuration and credential errors end it at once. None when a stop was asked for
/// meanwhile.
pub async fn connect_retrying(
    cfg: &MatrixConfig,
    dir: &Path,
    sync_token: Option<&str>,
    stop: &super::shutdown::Shutdown,
) -> Result<Option<Client>, LoginError> {
    let probe = super::backoff::Probe::new(&cfg.homeserver);
    let mut delays = super::backoff::endless(Duration::from_secs(1), Duration::from_secs(30));
    let mut attempt = 1;
    loop {
        match connect(cfg, dir, sync_token).await {
            Ok(client) => return Ok(Some(client)),
            Err(e) if e.is_transient() && attempt < MAX_START_ATTEMPTS => {
                let wait = delays.next().unwrap_or(Duration::from_secs(30));
                tracing::warn!(attempt, error = %e, ?wait, "cannot log in yet; trying again");
                tokio::select! {
                    _ = probe.wait(wait) => {}
                    () = stop.wait() => return Ok(None),
                }
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}
