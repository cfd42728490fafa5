//! The commons deliverer: takes the due items of the commons queue,
//! writes the export folder and POSTs each retour as JSON-LD to the webhook, and keeps
//! every failure for a later retry with capped backoff ([`super::commons_queue`]).
//!
//! It is transport-agnostic: the Matrix runtime calls [`deliver_due`] when
//! [`next_delivery`] says so (and after each batch of events), with its own
//! `reqwest::Client`. Every call is bounded: at most [`MAX_PER_CALL`] items, each POST with a
//! [`POST_TIMEOUT`]. Delivery is at-least-once: an item is removed only after its POST
//! succeeded, so a crash in between re-sends it.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use reqwest::Url;
use reqwest::header::CONTENT_TYPE;
use tracing::{info, warn};

use super::commons_queue::{self, QueueItem, Sink};
use super::export::{self, ExportItem};
use super::folder;
use crate::garden::GardenState;
use crate::model::{GardenId, RunId};
use crate::registers::retours;
use crate::store::{Store, StoreError, Tree, Tx};

/// Most items handled by one call, so that one call never runs for long.
pub const MAX_PER_CALL: usize = 100;

/// Longest wait for one POST.
pub const POST_TIMEOUT: StdDuration = StdDuration::from_secs(30);

/// A setting of the commons is wrong; the message names it, for the config loader to stop
/// at start-up with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The webhook URL cannot be read.
    #[error("{setting}: {value:?} is not a URL ({reason})")]
    BadUrl {
        /// The setting's name (`commons.webhook`).
        setting: String,
        /// What was given.
        value: String,
        /// Why it was refused.
        reason: String,
    },
    /// The webhook URL is not http or https.
    #[error("{setting}: the webhook URL must start with http:// or https:// (got {scheme}://)")]
    BadScheme {
        /// The setting's name.
        setting: String,
        /// The scheme found.
        scheme: String,
    },
    /// The environment variable meant to hold the token is unset or empty.
    #[error("{setting}: the environment variable {var} is not set")]
    MissingToken {
        /// The setting's name (`commons.webhook_token_env`).
        setting: String,
        /// The variable.
        var: String,
    },
}

/// Checks a webhook URL: readable, `http` or `https`, with a host. `setting` names the
/// setting in the error (e.g. `commons.webhook`).
pub fn validate_webhook_url(setting: &str, raw: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(raw.trim()).map_err(|e| ConfigError::BadUrl {
        setting: setting.to_owned(),
        value: raw.to_owned(),
        reason: e.to_string(),
    })?;
    match url.scheme() {
        "http" | "https" if url.host().is_some() => Ok(url),
        "http" | "https" => Err(ConfigError::BadUrl {
            setting: setting.to_owned(),
            value: raw.to_owned(),
            reason: "no host".to_owned(),
        }),
        other => Err(ConfigError::BadScheme {
            setting: setting.to_owned(),
            scheme: other.to_owned(),
        }),
    }
}

/// Where the webhook is and how to authenticate. The token is never shown by `Debug`.
#[derive(Clone)]
pub struct WebhookConfig {
    /// The URL POSTed to.
    pub url: Url,
    /// The bearer token, if any.
    pub token: Option<String>,
}

impl fmt::Debug for WebhookConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookConfig")
            .field("url", &self.url.as_str())
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl WebhookConfig {
    /// Builds the webhook settings from the configuration's values: the URL (checked with
    /// [`validate_webhook_url`]) and, when given, the name of the environment variable
    /// holding the bearer token (secrets only come from the environment).
    pub fn from_settings(
        url_setting: &str,
        url: &str,
        token_setting: &str,
        token_env: Option<&str>,
    ) -> Result<WebhookConfig, ConfigError> {
        let url = validate_webhook_url(url_setting, url)?;
        let token = match token_env {
            None => None,
            Some(var) => match std::env::var(var) {
                Ok(t) if !t.trim().is_empty() => Some(t.trim().to_owned()),
                _ => {
                    return Err(ConfigError::MissingToken {
                        setting: token_setting.to_owned(),
                        var: var.to_owned(),
                    });
                }
            },
        };
        Ok(WebhookConfig { url, token })
    }
}

/// The configured commons sinks; either may be absent. (The commons room is the
/// transport's business: the engine addresses it with `Dest::Commons`.)
#[derive(Debug, Clone, Default)]
pub struct CommonsSinks {
    /// The export folder.
    pub export_dir: Option<PathBuf>,
    /// The webhook.
    pub webhook: Option<WebhookConfig>,
}

/// What one call did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    /// Items delivered (file written or removed, POST accepted).
    pub delivered: usize,
    /// Items that failed and wait for a retry.
    pub failed: usize,
    /// Items dropped because their sink is not configured, or their retour may no longer
    /// leave its garden (forgotten, or the garden stopped sharing).
    pub dropped: usize,
}

/// A failure of the deliverer itself (a failed delivery is not one: it is retried).
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What became of one item.
enum Outcome {
    Done,
    Dropped,
    Failed(String),
}

/// Delivers the items due at `now`, at most [`MAX_PER_CALL`]: folder items first (one
/// index rewrite for all of them), then webhook POSTs. Failures are kept with their next
/// try's time; the store is flushed at the end when anything changed.
pub async fn deliver_due(
    store: &dyn Store,
    http: &reqwest::Client,
    sinks: &CommonsSinks,
    now: DateTime<Utc>,
) -> Result<DeliveryReport, DeliveryError> {
    deliver_due_beside(store, http, sinks, now, &tokio::sync::Mutex::new(())).await
}

/// [`deliver_due`] while another task writes the same store: `writers` is the lock that
/// task holds while it handles events, taken here only to write the outcomes. An item
/// queued again meanwhile (a retour anonymised by `!oublie-moi` while its old text was
/// being POSTed) is left for the next call, never deleted with the old one.
pub async fn deliver_due_beside(
    store: &dyn Store,
    http: &reqwest::Client,
    sinks: &CommonsSinks,
    now: DateTime<Utc>,
    writers: &tokio::sync::Mutex<()>,
) -> Result<DeliveryReport, DeliveryError> {
    let items = commons_queue::due(store, now, MAX_PER_CALL)?;
    if items.is_empty() {
        return Ok(DeliveryReport::default());
    }
    let mut results: Vec<(QueueItem, Outcome)> = Vec::with_capacity(items.len());
    let (folder_items, webhook_items): (Vec<QueueItem>, Vec<QueueItem>) =
        items.into_iter().partition(|i| i.sink == Sink::Folder);
    results.extend(deliver_folder(store, sinks, folder_items)?);
    for item in webhook_items {
        let outcome = deliver_webhook(store, http, sinks, &item).await?;
        results.push((item, outcome));
    }
    let mut report = DeliveryReport::default();
    let _writing = writers.lock().await;
    let mut tx = Tx::new(store);
    for (mut item, outcome) in results {
        if tx.get::<QueueItem>(Tree::Commons, &item.key())?.as_ref() != Some(&item) {
            continue;
        }
        match outcome {
            Outcome::Done => {
                report.delivered += 1;
                tx.delete(Tree::Commons, item.key());
            }
            Outcome::Dropped => {
                report.dropped += 1;
                tx.delete(Tree::Commons, item.key());
            }
            Outcome::Failed(e) => {
                report.failed += 1;
                warn!(garden = %item.garden, retour = %item.retour, sink = ?item.sink,
                    attempts = item.attempts + 1, error = %e, "commons delivery failed; will retry");
                item.failed(now, e);
                tx.put(Tree::Commons, item.key(), &item)?;
            }
        }
    }
    if tx.is_dirty() {
        store.apply(&tx.into_batch())?;
        store.flush()?;
    }
    Ok(report)
}

/// When the next queued delivery is due (None: nothing queued).
pub fn next_delivery(store: &dyn Store) -> Result<Option<DateTime<Utc>>, StoreError> {
    commons_queue::next_at(store)
}

/// The export item of a queued retour, when it may still leave its garden.
fn exportable_item(
    store: &dyn Store,
    garden: &GardenId,
    retour: RunId,
) -> Result<Option<ExportItem>, StoreError> {
    let tx = Tx::new(store);
    let Some(g) = tx.get::<GardenState>(Tree::Gardens, garden.as_str().as_bytes())? else {
        return Ok(None);
    };
    let Some(r) = retours::load(&tx, garden, retour.n)? else {
        return Ok(None);
    };
    Ok(export::exportable(&g, &r).then(|| export::item(&g, r)))
}

fn deliver_folder(
    store: &dyn Store,
    sinks: &CommonsSinks,
    items: Vec<QueueItem>,
) -> Result<Vec<(QueueItem, Outcome)>, StoreError> {
    let Some(dir) = &sinks.export_dir else {
        return Ok(items.into_iter().map(|i| (i, Outcome::Dropped)).collect());
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let outcome = match exportable_item(store, &item.garden, item.retour)? {
            Some(e) => match folder::write_markdown_one(dir, &e) {
                Ok(path) => {
                    info!(path = %path.display(), "retour written to the commons folder");
                    Outcome::Done
                }
                Err(e) => Outcome::Failed(e.to_string()),
            },
            // Forgotten, or the garden stopped sharing: its file goes too.
            None => match folder::remove(dir, &export::file_name_of(&item.garden, item.retour)) {
                Ok(()) => Outcome::Done,
                Err(e) => Outcome::Failed(e.to_string()),
            },
        };
        out.push((item, outcome));
    }
    if !out.is_empty() {
        // The index lists every exportable retour: rewritten once for all these items.
        let all = export::collect(store, None)?;
        if let Err(e) = folder::write_index(dir, &all) {
            for (_, outcome) in &mut out {
                if matches!(outcome, Outcome::Done) {
                    *outcome = Outcome::Failed(e.to_string());
                }
            }
        }
    }
    Ok(out)
}

async fn deliver_webhook(
    store: &dyn Store,
    http: &reqwest::Client,
    sinks: &CommonsSinks,
    item: &QueueItem,
) -> Result<Outcome, StoreError> {
    let Some(hook) = &sinks.webhook else {
        return Ok(Outcome::Dropped);
    };
    let Some(e) = exportable_item(store, &item.garden, item.retour)? else {
        return Ok(Outcome::Dropped);
    };
    let body = serde_json::to_vec(&export::jsonld_document(&e)).unwrap_or_default();
    let mut req = http
        .post(hook.url.clone())
        .header(CONTENT_TYPE, "application/json")
        .timeout(POST_TIMEOUT)
        .body(body);
    if let Some(token) = &hook.token {
        req = req.bearer_auth(token);
    }
    Ok(match req.send().await {
        Ok(resp) if resp.status().is_success() => {
            info!(garden = %item.garden, retour = %item.retour, "retour POSTed to the webhook");
            Outcome::Done
        }
        Ok(resp) => Outcome::Failed(format!("HTTP {}", resp.status())),
        Err(e) => Outcome::Failed(e.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert!(validate_webhook_url("commons.webhook", "https://wiki.example.org/api").is_ok());
        assert!(validate_webhook_url("commons.webhook", "http://127.0.0.1:8080/x").is_ok());
        let e = validate_webhook_url("commons.webhook", "ftp://example.org/x").expect_err("ftp");
        assert!(e.to_string().starts_with("commons.webhook: "), "{e}");
        assert!(e.to_string().contains("http:// or https://"), "{e}");
        let e = validate_webhook_url("commons.webhook", "pas une url").expect_err("text");
        assert!(e.to_string().contains("commons.webhook"), "{e}");
        assert!(validate_webhook_url("commons.webhook", "file:///etc/passwd").is_err());
    }

    #[test]
    fn the_token_is_not_shown() {
        let c = WebhookConfig {
            url: Url::parse("https://x.org").expect("url"),
            token: Some("s3cret".into()),
        };
        assert!(!format!("{c:?}").contains("s3cret"));
    }
}
