//! An HTTP proxy between the bot and Synapse that can hold the bot's message sends, so
//! that a test kills the bot at a known point: after the batch that made a message was
//! flushed (nothing is sent before), while its send is on the wire.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// What becomes of the bot's message sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sends {
    /// Everything goes through.
    Pass,
    /// A send never reaches the homeserver and is never answered.
    Hold,
    /// A send reaches the homeserver, which keeps the message; its answer never reaches
    /// the bot, nor does any sync after it.
    Swallow,
}

/// A held or swallowed connection is given up after this (a dead bot's never returns).
const HOLD_AT_MOST: Duration = Duration::from_secs(300);

struct State {
    upstream: String,
    mode: Mutex<Sends>,
    /// Paths of the sends held or swallowed so far.
    stopped: Mutex<Vec<String>>,
    /// Whether a send was swallowed since the mode was last set.
    swallowed: AtomicBool,
    /// Every request forwarded, as "METHOD path", for failure messages.
    requests: Mutex<Vec<String>>,
    client: reqwest::Client,
}

/// The proxy, listening on a free port of the loopback.
pub struct Proxy {
    /// What the bot's `homeserver` setting points to.
    pub url: String,
    state: Arc<State>,
    task: JoinHandle<()>,
}

impl Proxy {
    /// Starts a proxy to `upstream` (`http://127.0.0.1:port`), letting everything through.
    pub async fn start(upstream: &str) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("proxy port");
        let url = format!("http://{}", listener.local_addr().expect("proxy address"));
        let state = Arc::new(State {
            upstream: upstream.trim_end_matches('/').to_owned(),
            mode: Mutex::new(Sends::Pass),
            stopped: Mutex::new(Vec::new()),
            requests: Mutex::new(Vec::new()),
            swallowed: AtomicBool::new(false),
            client: reqwest::Client::new(),
        });
        let shared = Arc::clone(&state);
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let state = Arc::clone(&shared);
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req| {
                        let state = Arc::clone(&state);
                        async move { forward(&state, req).await }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Proxy { url, state, task }
    }

    /// Sets what becomes of the sends from now on.
    pub fn sends(&self, mode: Sends) {
        *self.state.mode.lock().expect("proxy mode") = mode;
        self.state.swallowed.store(false, Ordering::SeqCst);
    }

    /// Waits until `n` sends in all were held or swallowed; panics after `patience`.
    pub async fn wait_stopped(&self, n: usize, patience: Duration) {
        let deadline = Instant::now() + patience;
        while self.state.stopped.lock().expect("proxy log").len() < n {
            assert!(
                Instant::now() < deadline,
                "the bot sent no message through the proxy within {patience:?}; it asked:\n{}",
                self.state.requests.lock().expect("proxy log").join("\n")
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// How many requests forwarded so far were `GET` on a path ending with `path_end`.
    pub fn gets(&self, path_end: &str) -> usize {
        self.state
            .requests
            .lock()
            .expect("proxy log")
            .iter()
            .filter(|r| r.starts_with("GET ") && r.ends_with(path_end))
            .count()
    }

    /// How many sends were held or swallowed.
    pub fn stopped(&self) -> usize {
        self.state.stopped.lock().expect("proxy log").len()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

type Answer = Response<Full<Bytes>>;

fn answer(status: StatusCode, body: Bytes) -> Answer {
    let mut r = Response::new(Full::new(body));
    *r.status_mut() = status;
    r
}

async fn forward(state: &State, req: Request<Incoming>) -> Result<Answer, hyper::Error> {
    let is_send =
        req.method() == hyper::Method::PUT && req.uri().path().contains("/send/m.room.message/");
    let mode = *state.mode.lock().expect("proxy mode");
    let path = req.uri().path().to_owned();
    state
        .requests
        .lock()
        .expect("proxy log")
        .push(format!("{} {path}", req.method()));
    // The homeserver's discovery document names the homeserver's own address: a client
    // that read it would go round the proxy.
    if path.starts_with("/.well-known/") {
        return Ok(answer(StatusCode::NOT_FOUND, Bytes::new()));
    }
    if is_send && mode == Sends::Hold {
        state.stopped.lock().expect("proxy log").push(path);
        tokio::time::sleep(HOLD_AT_MOST).await;
        return Ok(answer(StatusCode::GATEWAY_TIMEOUT, Bytes::new()));
    }
    let (parts, body) = req.into_parts();
    let body = body.collect().await?.to_bytes();
    let target = format!(
        "{}{}",
        state.upstream,
        parts.uri.path_and_query().map_or("/", |p| p.as_str())
    );
    let mut request = state.client.request(parts.method, target).body(body);
    for (name, value) in &parts.headers {
        if !hop_by_hop(name) && name != hyper::header::HOST {
            request = request.header(name, value);
        }
    }
    let Ok(response) = request.send().await else {
        return Ok(answer(StatusCode::BAD_GATEWAY, Bytes::new()));
    };
    let status = response.status();
    let headers = response.headers().clone();
    let Ok(mut bytes) = response.bytes().await else {
        return Ok(answer(StatusCode::BAD_GATEWAY, Bytes::new()));
    };
    // A login's answer names the homeserver's own address too (`well_known`), and
    // matrix-sdk follows it.
    if path.ends_with("/login")
        && let Ok(mut json) = serde_json::from_slice::<serde_json::Value>(&bytes)
        && let Some(fields) = json.as_object_mut()
        && fields.remove("well_known").is_some()
    {
        bytes = Bytes::from(serde_json::to_vec(&json).expect("json"));
    }
    // Once a send was swallowed, the bot's syncs are too: it must not learn of its
    // message from its own sync before it is killed.
    let swallowing = *state.mode.lock().expect("proxy mode") == Sends::Swallow;
    let swallow = if is_send && mode == Sends::Swallow {
        state.stopped.lock().expect("proxy log").push(path.clone());
        state.swallowed.store(true, Ordering::SeqCst);
        true
    } else {
        swallowing && path.ends_with("/sync") && state.swallowed.load(Ordering::SeqCst)
    };
    if swallow {
        tokio::time::sleep(HOLD_AT_MOST).await;
        return Ok(answer(StatusCode::GATEWAY_TIMEOUT, Bytes::new()));
    }
    let mut out = answer(status, bytes);
    for (name, value) in &headers {
        if !hop_by_hop(name) {
            out.headers_mut().append(name, value.clone());
        }
    }
    Ok(out)
}

/// Headers of one connection, not of the request: each side sets its own (the bodies
/// are forwarded whole, so their lengths are recomputed).
fn hop_by_hop(name: &hyper::header::HeaderName) -> bool {
    use hyper::header::{CONNECTION, CONTENT_LENGTH, TRANSFER_ENCODING};
    name == CONNECTION
        || name == TRANSFER_ENCODING
        || name == CONTENT_LENGTH
        || name == "keep-alive"
}
