//! Retry policies and the homeserver probe.
//!
//! Every retry uses backon's exponential backoff with jitter, so that retries spread out
//! (no thundering herd after a homeserver restart) and never wait longer than their cap.
//! A long wait is cut short by [`Probe`]: a cheap unauthenticated
//! `GET /_matrix/client/versions` every few seconds, so the bot is back within seconds of
//! the homeserver's return however long the outage lasted, without sending it the heavier
//! sync requests meanwhile.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder};
use rand::Rng;

/// The longest time between two probes of a homeserver that does not answer.
pub const PROBE_EVERY: Duration = Duration::from_secs(5);

/// The longest wait for one probe's answer.
const PROBE_TIMEOUT: Duration = Duration::from_secs(3);

/// Delays from `first` (doubling) up to `cap`. backon adds up to 100% jitter to each
/// delay, so the delay before jitter stops at half the cap.
pub fn policy(first: Duration, cap: Duration) -> ExponentialBuilder {
    ExponentialBuilder::new()
        .with_min_delay(first.min(cap / 2))
        .with_max_delay(cap / 2)
        .with_factor(2.0)
        .with_jitter()
}

/// The delays of a loop that never gives up by itself (syncing, start-up): build a new one
/// after a success.
pub fn endless(first: Duration, cap: Duration) -> ExponentialBackoff {
    policy(first, cap).without_max_times().build()
}

/// Asks a homeserver whether it answers again.
#[derive(Clone, Debug)]
pub struct Probe {
    http: reqwest::Client,
    url: String,
}

impl Probe {
    /// A probe of the homeserver at `base` (`https://matrix.example.org`).
    pub fn new(base: &str) -> Probe {
        Probe {
            http: reqwest::Client::builder()
                .timeout(PROBE_TIMEOUT)
                .build()
                .unwrap_or_default(),
            url: format!("{}/_matrix/client/versions", base.trim_end_matches('/')),
        }
    }

    /// True when the homeserver answers `/versions` with a success.
    pub async fn answers(&self) -> bool {
        self.http
            .get(&self.url)
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
    }

    /// Waits `delay`, or less: a long wait probes the homeserver every [`PROBE_EVERY`]
    /// (jittered) and ends as soon as it answers. True when a probe ended it early.
    pub async fn wait(&self, delay: Duration) -> bool {
        let end = tokio::time::Instant::now() + delay;
        // Bounded: each pass sleeps at least a second until `end`.
        loop {
            let left = end.saturating_duration_since(tokio::time::Instant::now());
            if left <= PROBE_EVERY {
                tokio::time::sleep(left).await;
                return false;
            }
            let step = rand::rng()
                .random_range(PROBE_EVERY.as_millis() as u64 / 2..=PROBE_EVERY.as_millis() as u64);
            tokio::time::sleep(Duration::from_millis(step)).await;
            if self.answers().await {
                return true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_then_stay_under_the_cap() {
        let d: Vec<Duration> = endless(Duration::from_millis(100), Duration::from_secs(2))
            .take(12)
            .collect();
        assert!(d[0] >= Duration::from_millis(100) && d[0] <= Duration::from_millis(200));
        assert!(d[3] >= Duration::from_millis(800), "{d:?}");
        assert!(d.iter().all(|x| *x <= Duration::from_secs(2)), "{d:?}");
        assert!(d[11] >= Duration::from_secs(1), "{d:?}");
    }

    #[tokio::test]
    async fn a_probe_of_nothing_waits_the_whole_delay() {
        // Nothing listens on port 9 of the loopback.
        let probe = Probe::new("http://127.0.0.1:9");
        assert!(!probe.answers().await);
        let start = std::time::Instant::now();
        assert!(!probe.wait(Duration::from_millis(300)).await);
        assert!(start.elapsed() >= Duration::from_millis(300));
    }
}
