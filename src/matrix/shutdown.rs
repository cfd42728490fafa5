//! SIGTERM and SIGINT: stop syncing, finish the batch in hand, flush, exit 0.

use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::watch;

/// Tells the loops that a stop was asked for.
#[derive(Clone)]
pub struct Shutdown {
    rx: watch::Receiver<bool>,
}

impl Shutdown {
    /// Listens for SIGTERM and SIGINT from now on.
    pub fn install() -> Shutdown {
        let (tx, rx) = watch::channel(false);
        tokio::spawn(async move {
            let term = signal(SignalKind::terminate());
            let int = signal(SignalKind::interrupt());
            match (term, int) {
                (Ok(mut term), Ok(mut int)) => {
                    tokio::select! {
                        _ = term.recv() => tracing::info!("SIGTERM: stopping"),
                        _ = int.recv() => tracing::info!("SIGINT: stopping"),
                    }
                }
                (Err(e), _) | (_, Err(e)) => {
                    tracing::error!(error = %e, "cannot listen for signals; stop with SIGKILL");
                    std::future::pending::<()>().await;
                }
            }
            let _ = tx.send(true);
        });
        Shutdown { rx }
    }

    /// True once a stop was asked for.
    pub fn requested(&self) -> bool {
        *self.rx.borrow()
    }

    /// Resolves when a stop is asked for.
    pub async fn wait(&self) {
        let mut rx = self.rx.clone();
        // An error means the signal task ended without a stop: wait forever then.
        if rx.wait_for(|stop| *stop).await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}
