//! The optional `[metrics] listen` endpoint: `/health` for a service manager or a load
//! balancer, `/metrics` in the Prometheus text format (written by `prometheus-client`).
//!
//! Counters are bumped where things happen (an event handled, an answer sent, a send
//! given up); the depths (outbox, commons queue, undecryptable events, gardens, runs in
//! progress) are read from the store when scraped, by the [`Sampler`] the transport gives,
//! so they can never drift from what the store holds.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// `/health` answers 200 while the last successful sync is at most this old: a sync
/// long-polls for 30 s at most, so two missed ones mean the bot is not in touch.
pub const HEALTHY_WITHIN: Duration = Duration::from_secs(90);

/// The depths read from the store at each scrape.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sample {
    /// Messages waiting in the outbox.
    pub outbox_depth: i64,
    /// Age of the oldest of them, in seconds (0 when none).
    pub outbox_oldest_seconds: f64,
    /// Retours waiting for the commons sinks.
    pub commons_queue: i64,
    /// Encrypted events waiting for their room key.
    pub undecryptable: i64,
    /// Gardens the bot is in.
    pub gardens: i64,
    /// Ritual runs in progress, all gardens together.
    pub runs_in_progress: i64,
}

/// Reads a [`Sample`] (from the store) when `/metrics` is scraped.
pub type Sampler = Arc<dyn Fn() -> Sample + Send + Sync>;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct KindLabel {
    kind: String,
}

/// The bot's metrics; cheap to bump from any task.
pub struct Metrics {
    registry: Registry,
    events: Counter,
    answers: Counter,
    send_failures: Family<KindLabel, Counter>,
    event_lag: Histogram,
    last_sync_ms: AtomicI64,
    last_sync_age: Gauge<f64, AtomicU64>,
    outbox_depth: Gauge,
    outbox_oldest: Gauge<f64, AtomicU64>,
    commons_queue: Gauge,
    undecryptable: Gauge,
    gardens: Gauge,
    runs: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    /// Every metric, registered under the `tuteur_` prefix.
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("tuteur");
        let m = Metrics {
            registry: Registry::default(),
            events: Counter::default(),
            answers: Counter::default(),
            send_failures: Family::default(),
            event_lag: Histogram::new([0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0]),
            last_sync_ms: AtomicI64::new(0),
            last_sync_age: Gauge::default(),
            outbox_depth: Gauge::default(),
            outbox_oldest: Gauge::default(),
            commons_queue: Gauge::default(),
            undecryptable: Gauge::default(),
            gardens: Gauge::default(),
            runs: Gauge::default(),
        };
        registry.register(
            "events_handled",
            "Room events handed to the engine",
            m.events.clone(),
        );
        registry.register(
            "answers_sent",
            "Messages and reactions the homeserver accepted",
            m.answers.clone(),
        );
        registry.register(
            "send_failures",
            "Sends that failed, by kind (refused: dropped; exhausted: kept for later)",
            m.send_failures.clone(),
        );
        registry.register(
            "event_lag_seconds",
            "Time from an event's origin_server_ts to its handling (the sync lag)",
            m.event_lag.clone(),
        );
        registry.register(
            "last_sync_age_seconds",
            "Seconds since the last successful sync",
            m.last_sync_age.clone(),
        );
        registry.register(
            "outbox_depth",
            "Messages waiting to be sent",
            m.outbox_depth.clone(),
        );
        registry.register(
            "outbox_oldest_age_seconds",
            "Age of the oldest message waiting to be sent",
            m.outbox_oldest.clone(),
        );
        registry.register(
            "commons_queue_depth",
            "Retours waiting for the commons folder or webhook",
            m.commons_queue.clone(),
        );
        registry.register(
            "undecryptable_events",
            "Encrypted events waiting for their room key",
            m.undecryptable.clone(),
        );
        registry.register("gardens", "Gardens the bot is in", m.gardens.clone());
        registry.register(
            "runs_in_progress",
            "Ritual runs in progress",
            m.runs.clone(),
        );
        Metrics { registry, ..m }
    }

    /// One event handed to the engine, sent at `origin_ms` (its `origin_server_ts`).
    pub fn event_handled(&self, origin_ms: Option<i64>, now_ms: i64) {
        self.events.inc();
        if let Some(at) = origin_ms {
            self.event_lag
                .observe((now_ms.saturating_sub(at)).max(0) as f64 / 1000.0);
        }
    }

    /// One message or reaction accepted by the homeserver.
    pub fn answer_sent(&self) {
        self.answers.inc();
    }

    /// A send that failed (`refused`, `exhausted`, `unknown_token`).
    pub fn send_failed(&self, kind: &str) {
        self.send_failures
            .get_or_create(&KindLabel {
                kind: kind.to_owned(),
            })
            .inc();
    }

    /// A sync succeeded at `now_ms`.
    pub fn synced(&self, now_ms: i64) {
        self.last_sync_ms.store(now_ms, Ordering::Relaxed);
    }

    /// Seconds since the last successful sync (None before the first).
    pub fn last_sync_age(&self, now_ms: i64) -> Option<f64> {
        let at = self.last_sync_ms.load(Ordering::Relaxed);
        (at > 0).then(|| now_ms.saturating_sub(at).max(0) as f64 / 1000.0)
    }

    /// The text exposition, with the depths of `sample`.
    pub fn encode(&self, sample: &Sample, now_ms: i64) -> String {
        self.last_sync_age
            .set(self.last_sync_age(now_ms).unwrap_or(-1.0));
        self.outbox_depth.set(sample.outbox_depth);
        self.outbox_oldest.set(sample.outbox_oldest_seconds);
        self.commons_queue.set(sample.commons_queue);
        self.undecryptable.set(sample.undecryptable);
        self.gardens.set(sample.gardens);
        self.runs.set(sample.runs_in_progress);
        let mut out = String::new();
        if let Err(e) = prometheus_client::encoding::text::encode(&mut out, &self.registry) {
            tracing::error!(error = %e, "encoding the metrics failed");
        }
        out
    }

    /// `/health`: the status and its one-line body.
    pub fn health(&self, now_ms: i64) -> (StatusCode, String) {
        match self.last_sync_age(now_ms) {
            Some(age) if age <= HEALTHY_WITHIN.as_secs_f64() => {
                (StatusCode::OK, format!("ok: last sync {age:.0} s ago\n"))
            }
            Some(age) => (
                StatusCode::SERVICE_UNAVAILABLE,
                format!("stale: last sync {age:.0} s ago\n"),
            ),
            None => (
                StatusCode::SERVICE_UNAVAILABLE,
                "starting: no sync yet\n".to_owned(),
            ),
        }
    }
}

/// Why the endpoint could not start.
#[derive(Debug, thiserror::Error)]
#[error("setting metrics.listen: cannot listen on {addr}")]
pub struct ListenError {
    /// The address.
    pub addr: SocketAddr,
    /// What the system said.
    #[source]
    pub source: std::io::Error,
}

/// Binds `addr` and serves `/health` and `/metrics` until the returned task is aborted.
pub async fn serve(
    addr: SocketAddr,
    metrics: Arc<Metrics>,
    sample: Sampler,
) -> Result<tokio::task::JoinHandle<()>, ListenError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ListenError { addr, source })?;
    tracing::info!(%addr, "serving /health and /metrics");
    Ok(tokio::spawn(async move {
        // Ends when the task is aborted at shutdown.
        loop {
            let stream = match listener.accept().await {
                Ok((stream, _)) => stream,
                Err(e) => {
                    tracing::warn!(error = %e, "metrics: accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            };
            let (metrics, sample) = (Arc::clone(&metrics), Arc::clone(&sample));
            let service = hyper::service::service_fn(move |req: Request<hyper::body::Incoming>| {
                let (metrics, sample) = (Arc::clone(&metrics), Arc::clone(&sample));
                async move { Ok::<_, Infallible>(answer(&req, &metrics, &sample).await) }
            });
            tokio::spawn(async move {
                let conn = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service);
                // A scraper that stalls cannot hold a task for ever.
                if let Ok(Err(e)) = tokio::time::timeout(Duration::from_secs(30), conn).await {
                    tracing::debug!(error = %e, "metrics: connection failed");
                }
            });
        }
    }))
}

async fn answer(
    req: &Request<hyper::body::Incoming>,
    metrics: &Metrics,
    sample: &Sampler,
) -> Response<Full<Bytes>> {
    let now_ms = chrono::Utc::now().timestamp_millis();
    let (status, content_type, body) = match req.uri().path() {
        "/health" => {
            let (status, body) = metrics.health(now_ms);
            (status, "text/plain; charset=utf-8", body)
        }
        "/metrics" => {
            let sample = sample.clone();
            // The store is read on a blocking thread: a scrape never stalls the runtime.
            let s = tokio::task::spawn_blocking(move || sample())
                .await
                .unwrap_or_default();
            (
                StatusCode::OK,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
                metrics.encode(&s, now_ms),
            )
        }
        _ => (
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            "not found: /health or /metrics\n".to_owned(),
        ),
    };
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    if let Ok(v) = hyper::header::HeaderValue::from_str(content_type) {
        response
            .headers_mut()
            .insert(hyper::header::CONTENT_TYPE, v);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exposition_holds_every_metric_and_health_follows_the_last_sync() {
        let m = Metrics::new();
        m.event_handled(Some(1_000), 1_500);
        m.answer_sent();
        m.send_failed("refused");
        let sample = Sample {
            outbox_depth: 3,
            outbox_oldest_seconds: 2.5,
            commons_queue: 1,
            undecryptable: 0,
            gardens: 2,
            runs_in_progress: 1,
        };
        let text = m.encode(&sample, 10_000);
        for line in [
            "tuteur_events_handled_total 1",
            "tuteur_answers_sent_total 1",
            "tuteur_send_failures_total{kind=\"refused\"} 1",
            "tuteur_outbox_depth 3",
            "tuteur_outbox_oldest_age_seconds 2.5",
            "tuteur_commons_queue_depth 1",
            "tuteur_gardens 2",
            "tuteur_runs_in_progress 1",
            "tuteur_event_lag_seconds_count 1",
        ] {
            assert!(text.contains(line), "{line} missing in\n{text}");
        }
        assert_eq!(m.health(10_000).0, StatusCode::SERVICE_UNAVAILABLE);
        m.synced(10_000);
        assert_eq!(m.health(20_000).0, StatusCode::OK);
        assert_eq!(m.health(200_000).0, StatusCode::SERVICE_UNAVAILABLE);
    }
}
