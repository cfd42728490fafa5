//! Capped exponential backoff with jitter, for the sync loop and for sends: retries
//! spread out (no thundering herd after a homeserver restart) and never wait longer
//! than the cap.

use std::time::Duration;

use rand::Rng;

/// Delays `base`, `2·base`, `4·base`... up to `cap`, each with up to 25% random jitter.
#[derive(Debug, Clone)]
pub struct Backoff {
    base: Duration,
    cap: Duration,
    failures: u32,
}

impl Backoff {
    /// A backoff starting at `base` and never above `cap`.
    pub fn new(base: Duration, cap: Duration) -> Self {
        Backoff {
            base,
            cap,
            failures: 0,
        }
    }

    /// How many failures in a row so far.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// Records a failure and returns how long to wait before the next try.
    pub fn next_delay(&mut self) -> Duration {
        let exp = self.failures.min(20);
        self.failures = self.failures.saturating_add(1);
        let raw = self.base.saturating_mul(1u32 << exp).min(self.cap);
        let jitter_ms = (raw.as_millis() / 4) as u64;
        let jitter = if jitter_ms == 0 {
            0
        } else {
            rand::rng().random_range(0..=jitter_ms)
        };
        // Jitter is taken off, not added, so the cap holds.
        raw.saturating_sub(Duration::from_millis(jitter))
    }

    /// Forgets past failures after a success.
    pub fn reset(&mut self) {
        self.failures = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_then_stays_under_the_cap_and_resets() {
        let mut b = Backoff::new(Duration::from_millis(100), Duration::from_secs(2));
        let d: Vec<Duration> = (0..8).map(|_| b.next_delay()).collect();
        assert!(d[0] <= Duration::from_millis(100) && d[0] >= Duration::from_millis(75));
        assert!(d[3] <= Duration::from_millis(800) && d[3] >= Duration::from_millis(600));
        assert!(d.iter().all(|x| *x <= Duration::from_secs(2)));
        assert!(d[7] >= Duration::from_millis(1500));
        assert_eq!(b.failures(), 8);
        b.reset();
        assert!(b.next_delay() <= Duration::from_millis(100));
    }
}
