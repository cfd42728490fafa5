//! Building the Matrix client and logging in, reusing the same device across restarts.
//!
//! The SDK's SQLite state and crypto stores live in `<store>/matrix/sdk`, beside
//! `<store>/matrix/session.json` (user id, device id and, with a password, the access
//! token; mode 0600). They belong together: a device id reused with a fresh crypto store
//! breaks encryption, so a store without its session file is discarded before a new login.

use std::path::{Path, PathBuf};
use std::time::Duration;

use matrix_sdk::authentication::matrix::MatrixSession;
use matrix_sdk::config::RequestConfig;
use matrix_sdk::ruma::{OwnedDeviceId, OwnedUserId};
use matrix_sdk::{Client, SessionMeta, SessionTokens};
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

impl From<matrix_sdk::ClientBuildError> for LoginError {
    fn from(e: matrix_sdk::ClientBuildError) -> Self {
        LoginError::Build(Box::new(e))
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
}

/// The request limits of every call: the SDK's default may retry one request for
/// 15 minutes; the bot prefers to fail fast and retry in its own loops.
pub fn request_config() -> RequestConfig {
    RequestConfig::new()
        .timeout(Duration::from_secs(30))
        .retry_limit(2)
        .max_retry_time(Duration::from_secs(60))
}

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
    if saved.is_none() && sdk_dir.exists() {
        tracing::warn!(path = %sdk_dir.display(), "Matrix store without a saved session: discarding it before logging in as a new device");
        std::fs::remove_dir_all(&sdk_dir).map_err(io(&sdk_dir))?;
    }
    let client = Client::builder()
        .homeserver_url(&cfg.homeserver)
        .sqlite_store(&sdk_dir, None)
        .request_config(request_config())
        .build()
        .await?;
    super::sdk_token::align(&client, sync_token)
        .await
        .map_err(matrix_sdk::Error::from)?;
    let want = matrix_sdk::ruma::UserId::parse(&cfg.user).map_err(|e| LoginError::Refused {
        setting: "matrix.user",
        problem: e.to_string(),
    })?;

    match &cfg.credentials {
        Credentials::AccessToken(token) => {
            let Some((user, device)) = whoami(&cfg.homeserver, token).await? else {
                return Err(LoginError::Refused {
                    setting: "matrix.access_token_env",
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
                    setting: "matrix.access_token_env",
                    problem: "this access token has no device (an appservice token?)".into(),
                });
            };
            if let Some(s) = &saved
                && s.device_id != device
            {
                return Err(LoginError::Refused {
                    setting: "matrix.access_token_env",
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
                Some(t) => whoami(&cfg.homeserver, &Secret::new(t.clone()))
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
                    login
                        .send()
                        .await
                        .map_err(|e| refused_login(&e, &cfg.homeserver))?;
                    let Some(session) = auth.session() else {
                        return Err(LoginError::Refused {
                            setting: "matrix.password_env",
                            problem: "the login gave no session".into(),
                        });
                    };
                    save(
                        &session_file,
                        &SavedSession {
                            user_id: session.meta.user_id.clone(),
                            device_id: session.meta.device_id.clone(),
                            access_token: Some(session.tokens.access_token.clone()),
                        },
                    )?;
                    tracing::info!(device = %session.meta.device_id, "logged in");
                }
            }
        }
    }
    Ok(client)
}

fn refused_login(e: &matrix_sdk::Error, homeserver: &str) -> LoginError {
    if e.as_client_api_error().is_some() {
        LoginError::Refused {
            setting: "matrix.password_env",
            problem: format!("the homeserver refused the login: {e}"),
        }
    } else {
        LoginError::Unreachable {
            url: homeserver.to_owned(),
            problem: e.to_string(),
        }
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

/// Who an access token belongs to; None when the homeserver does not know it.
async fn whoami(
    homeserver: &str,
    token: &Secret,
) -> Result<Option<(OwnedUserId, Option<OwnedDeviceId>)>, LoginError> {
    #[derive(Deserialize)]
    struct WhoAmI {
        user_id: OwnedUserId,
        device_id: Option<OwnedDeviceId>,
    }
    let url = format!("{homeserver}/_matrix/client/v3/account/whoami");
    let unreachable = |problem: String| LoginError::Unreachable {
        url: homeserver.to_owned(),
        problem,
    };
    let response = matrix_sdk::reqwest::Client::new()
        .get(&url)
        .bearer_auth(token.expose())
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .map_err(|e| unreachable(e.to_string()))?;
    let status = response.status();
    let body = response
        .text()
        .await
        .map_err(|e| unreachable(e.to_string()))?;
    if status.as_u16() == 401 || body.contains("M_UNKNOWN_TOKEN") {
        return Ok(None);
    }
    if !status.is_success() {
        return Err(unreachable(format!("whoami answered HTTP {status}")));
    }
    let who: WhoAmI =
        serde_json::from_str(&body).map_err(|e| unreachable(format!("whoami: {e}")))?;
    Ok(Some((who.user_id, who.device_id)))
}

fn save(path: &Path, session: &SavedSession) -> Result<(), LoginError> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let text = serde_json::to_string(session).map_err(|e| LoginError::Io {
        path: path.to_owned(),
        source: std::io::Error::other(e),
    })?;
    let tmp = path.with_extension("json.tmp");
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)
        .map_err(io(&tmp))?;
    file.write_all(text.as_bytes()).map_err(io(&tmp))?;
    file.sync_all().map_err(io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io(path))?;
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
