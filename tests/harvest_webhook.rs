//! The commons deliverer against a real HTTP server on 127.0.0.1: the webhook receives each
//! shared retour as JSON-LD with the bearer token, a failed POST (HTTP 500) is kept and
//! retried after its backoff, the export folder gets the Markdown file and the index, and
//! nothing of an organisation garden is ever sent.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::thread;

use chrono::Duration;
use common::*;
use tuteur::clock::Clock;
use tuteur::harvest::commons_queue::{self, Sink};
use tuteur::harvest::folder::INDEX_FILE;
use tuteur::harvest::webhook::{CommonsSinks, DeliveryReport, WebhookConfig, deliver_due};

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    request_line: String,
    authorization: Option<String>,
    body: serde_json::Value,
}

/// A tiny HTTP/1.1 server answering each request with the next status of `statuses` (the
/// last one repeats). Returns its URL and what it received.
fn server(statuses: Vec<u16>) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!(
        "http://{}/api/retours",
        listener.local_addr().expect("addr")
    );
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    thread::spawn(move || {
        // Bounded: the test makes a handful of requests.
        for (i, stream) in listener.incoming().take(20).enumerate() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut request_line = String::new();
            reader.read_line(&mut request_line).expect("request line");
            let mut length = 0usize;
            let mut authorization = None;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).expect("header");
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                let (name, value) = line.split_once(':').unwrap_or((line, ""));
                match name.to_ascii_lowercase().as_str() {
                    "content-length" => length = value.trim().parse().unwrap_or(0),
                    "authorization" => authorization = Some(value.trim().to_owned()),
                    _ => {}
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).expect("body");
            log.lock().expect("lock").push(Seen {
                request_line: request_line.trim_end().to_owned(),
                authorization,
                body: serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
            });
            let status = statuses.get(i).or(statuses.last()).copied().unwrap_or(200);
            let reply =
                format!("HTTP/1.1 {status} X\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok");
            let _ = stream.write_all(reply.as_bytes());
        }
    });
    (url, seen)
}

fn sinks(url: &str, dir: &std::path::Path) -> CommonsSinks {
    CommonsSinks {
        export_dir: Some(dir.to_owned()),
        webhook: Some(WebhookConfig {
            url: url.parse().expect("url"),
            token: Some("jeton-secret".to_owned()),
        }),
    }
}

#[tokio::test]
async fn a_failed_post_is_retried_after_its_backoff_then_delivered() {
    let (url, seen) = server(vec![500, 200]);
    let dir = tempfile::tempdir().expect("tempdir");
    let sinks = sinks(&url, dir.path());
    let http = client();

    let mut s = Script::new(&["alice", "bob"]);
    s.say("alice", "!jardin nom Jardin de Lyon");
    s.say(
        "bob",
        "!retour Notre conseil coopératif #éducation\nCe qu'on a appris.",
    );
    let now = s.clock.now();

    let report = deliver_due(&s.store, &http, &sinks, now)
        .await
        .expect("deliver");
    assert_eq!(
        report,
        DeliveryReport {
            delivered: 1,
            failed: 1,
            dropped: 0
        },
        "the folder is written, the POST failed"
    );
    let left = commons_queue::pending(&s.store).expect("queue");
    assert_eq!(left.len(), 1, "the failure is kept");
    assert_eq!(left[0].sink, Sink::Webhook);
    assert_eq!(left[0].attempts, 1);
    assert_eq!(left[0].next_at, now + Duration::minutes(1));
    assert_eq!(
        left[0].last_error.as_deref(),
        Some("HTTP 500 Internal Server Error")
    );

    // Before the backoff: nothing is tried.
    let report = deliver_due(&s.store, &http, &sinks, now + Duration::seconds(30))
        .await
        .expect("deliver");
    assert_eq!(report, DeliveryReport::default());
    // After it: delivered, and the queue is empty.
    let report = deliver_due(&s.store, &http, &sinks, now + Duration::minutes(1))
        .await
        .expect("deliver");
    assert_eq!(report.delivered, 1);
    assert!(commons_queue::pending(&s.store).expect("queue").is_empty());

    let seen = seen.lock().expect("lock").clone();
    assert_eq!(seen.len(), 2, "one failed POST, one retry");
    for req in &seen {
        assert_eq!(req.request_line, "POST /api/retours HTTP/1.1");
        assert_eq!(req.authorization.as_deref(), Some("Bearer jeton-secret"));
        assert_eq!(req.body["@type"], "CreativeWork");
        assert_eq!(req.body["name"], "Notre conseil coopératif");
        assert_eq!(req.body["author"]["name"], "bob");
        assert_eq!(
            req.body["license"],
            "https://creativecommons.org/licenses/by-sa/4.0/"
        );
        assert_eq!(req.body["isPartOf"]["name"], "Jardin de Lyon");
        assert_eq!(req.body["keywords"][0], "éducation");
    }

    let md = std::fs::read_to_string(dir.path().join("jardin-R1.md")).expect("markdown");
    assert!(
        md.starts_with("---\n") && md.contains("author: bob\n"),
        "{md}"
    );
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join(INDEX_FILE)).expect("index"))
            .expect("JSON-LD parses");
    assert_eq!(index["@graph"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn nothing_of_an_organisation_garden_is_sent() {
    let (url, seen) = server(vec![200]);
    let dir = tempfile::tempdir().expect("tempdir");
    let sinks = sinks(&url, dir.path());
    let http = client();

    let mut s = Script::new(&["alice", "bob"]);
    s.say("alice", "!jardin type organisation");
    s.say("bob", "!retour Interne\nNe sort pas.");
    let report = deliver_due(&s.store, &http, &sinks, s.clock.now())
        .await
        .expect("deliver");
    assert_eq!(report, DeliveryReport::default());

    // A garden that shared, then turned to organisation: its queued retour stays home.
    let mut s = Script::new(&["alice", "bob"]);
    s.say("bob", "!retour Partagé trop tôt\nCe qu'on en retient.");
    s.say("alice", "!jardin type organisation");
    let report = deliver_due(&s.store, &http, &sinks, s.clock.now())
        .await
        .expect("deliver");
    assert_eq!(report.dropped, 1, "the webhook item is dropped");
    assert!(seen.lock().expect("lock").is_empty(), "no POST ever");
    assert!(!dir.path().join("jardin-R1.md").exists());
    assert!(commons_queue::pending(&s.store).expect("queue").is_empty());
}

#[test]
fn webhook_urls_are_checked_naming_the_setting() {
    let err = WebhookConfig::from_settings(
        "commons.webhook",
        "ftp://wiki.example.org/api",
        "commons.webhook_token_env",
        None,
    )
    .expect_err("ftp is refused");
    assert_eq!(
        err.to_string(),
        "commons.webhook: the webhook URL must start with http:// or https:// (got ftp://)"
    );
    let err = WebhookConfig::from_settings(
        "commons.webhook",
        "https://wiki.example.org/api",
        "commons.webhook_token_env",
        Some("TUTEUR_TEST_TOKEN_THAT_IS_NOT_SET"),
    )
    .expect_err("missing token");
    assert!(
        err.to_string()
            .contains("TUTEUR_TEST_TOKEN_THAT_IS_NOT_SET")
    );
}

/// A client that ignores proxy settings of the environment: the server is local.
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("HTTP client")
}
