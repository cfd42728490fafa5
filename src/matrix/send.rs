//! Turning an engine [`Outgoing`] into Matrix event content, and sending it.
//!
//! Content is built as JSON from our own rendered templates ([`crate::i18n::render`]
//! escapes every user fragment and turns people into matrix.to pills): never through
//! ruma's `*_markdown` constructors, which would pass raw HTML in a user's text through.
//! `m.mentions` is always present and lists only the people the engine means, never the
//! room, so a member's `@room` repeated by the bot pings nobody.

use std::time::Duration;

use matrix_sdk::Room;
use matrix_sdk::ruma::api::error::{ErrorKind, RetryAfter};
use matrix_sdk::ruma::{OwnedEventId, OwnedTransactionId};
use serde_json::{Value, json};

use super::meta::{OUTBOX_KEY, OutboxMark};
use crate::i18n::Rendered;
use crate::model::{GardenId, UserId};

/// How many times one send is tried before it is left in the outbox for later.
const SEND_ATTEMPTS: u32 = 6;

/// The longest wait honoured from a server's `retry_after_ms`.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Where a message sits relative to others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Relation {
    /// The main timeline (or a direct-message room).
    None,
    /// In a thread; `latest` is the thread's latest event (the reply fallback for
    /// clients without threads), `reply_to` a real reply inside the thread.
    Thread {
        /// The thread root.
        root: String,
        /// The thread's latest known event.
        latest: String,
        /// An event this message answers, if any.
        reply_to: Option<String>,
    },
    /// A rich reply in the main timeline.
    Reply(String),
    /// A replacement (edit) of one of the bot's messages.
    Replace(String),
}

/// Why a send did not get an event id.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The homeserver refused it for good (not allowed, bad request): retrying cannot help.
    #[error("refused by the homeserver: {0}")]
    Refused(String),
    /// The homeserver refused it as too large for one event (413 `M_TOO_LARGE`).
    #[error("too large for the homeserver: {0}")]
    TooLarge(String),
    /// Still failing after every attempt (network, server errors): kept for later.
    #[error("gave up after {attempts} attempts: {last}")]
    Exhausted {
        /// How many attempts were made.
        attempts: u32,
        /// The last error.
        last: String,
    },
    /// The access token is no longer valid.
    #[error("the access token was rejected (M_UNKNOWN_TOKEN)")]
    UnknownToken,
}

/// The transaction id of an outbox entry: stable across restarts, so that a replayed
/// send is recognised by the homeserver as the same one.
pub fn transaction_id(garden: &GardenId, out_ref: &str) -> OwnedTransactionId {
    let data = format!("{}\0{}", garden.as_str(), out_ref);
    format!(
        "tuteur-{:016x}{:016x}",
        fnv1a(0xcbf2_9ce4_8422_2325, &data),
        fnv1a(0x8422_2325_cbf2_9ce4, &data)
    )
    .into()
}

fn fnv1a(seed: u64, data: &str) -> u64 {
    // FNV-1a: stable across Rust versions, unlike `DefaultHasher`.
    let mut h = seed;
    for b in data.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// The `m.mentions` object: only valid user ids, each once.
fn mentions(users: &[UserId]) -> Value {
    let mut ids: Vec<&str> = users
        .iter()
        .map(UserId::as_str)
        .filter(|u| matrix_sdk::ruma::UserId::parse(*u).is_ok())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        json!({})
    } else {
        json!({ "user_ids": ids })
    }
}

/// The content of a bot message. A message that asks people to act mentions them and is
/// `m.text`, so that their client notifies them (servers' default push rules suppress
/// `m.notice`, mentions included); every other bot message is an `m.notice` that mentions
/// nobody. An edit keeps its original's kind and mentions in `m.new_content`, and mentions
/// nobody anew.
pub fn notice(text: &Rendered, people: &[UserId], rel: &Relation, mark: &OutboxMark) -> Value {
    let msgtype = if people.is_empty() {
        "m.notice"
    } else {
        "m.text"
    };
    let mut content = json!({
        "msgtype": msgtype,
        "body": text.body,
        "format": "org.matrix.custom.html",
        "formatted_body": text.html,
        "m.mentions": mentions(people),
    });
    match rel {
        Relation::None => {}
        Relation::Thread {
            root,
            latest,
            reply_to,
        } => {
            content["m.relates_to"] = match reply_to {
                Some(r) => json!({"rel_type": "m.thread", "event_id": root,
                                  "is_falling_back": false, "m.in_reply_to": {"event_id": r}}),
                None => json!({"rel_type": "m.thread", "event_id": root,
                               "is_falling_back": true, "m.in_reply_to": {"event_id": latest}}),
            };
        }
        Relation::Reply(to) => {
            content["m.relates_to"] = json!({"m.in_reply_to": {"event_id": to}});
        }
        Relation::Replace(target) => {
            let new_content = content.clone();
            content["body"] = json!(format!("* {}", text.body));
            content["formatted_body"] = json!(format!("* {}", text.html));
            content["m.new_content"] = new_content;
            // Mentions of an edit notify only people not mentioned before: none.
            content["m.mentions"] = json!({});
            content["m.relates_to"] = json!({"rel_type": "m.replace", "event_id": target});
        }
    }
    add_mark(&mut content, mark);
    content
}

/// The content of a reaction.
pub fn reaction(target: &str, key: &str, mark: &OutboxMark) -> Value {
    let mut content = json!({
        "m.relates_to": {"rel_type": "m.annotation", "event_id": target, "key": key},
    });
    add_mark(&mut content, mark);
    content
}

fn add_mark(content: &mut Value, mark: &OutboxMark) {
    if let (Value::Object(map), Ok(v)) = (content, serde_json::to_value(mark)) {
        map.insert(OUTBOX_KEY.to_owned(), v);
    }
}

/// What kind of failure an SDK error is.
pub enum Failure {
    /// Wait this long, then retry (HTTP 429 with `retry_after_ms`).
    RetryAfter(Duration),
    /// Retry with backoff (network, timeouts, server errors, 429 without a delay).
    Transient,
    /// Do not retry.
    Permanent,
    /// The access token is dead: stop the bot.
    UnknownToken,
}

/// Classifies an SDK error for retrying.
pub fn classify(e: &matrix_sdk::Error) -> Failure {
    if let Some(kind) = e.client_api_error_kind() {
        match kind {
            ErrorKind::UnknownToken(_) => return Failure::UnknownToken,
            ErrorKind::LimitExceeded(data) => {
                return match data.retry_after {
                    Some(RetryAfter::Delay(d)) => Failure::RetryAfter(d.min(MAX_RETRY_AFTER)),
                    Some(RetryAfter::DateTime(at)) => Failure::RetryAfter(
                        at.duration_since(std::time::SystemTime::now())
                            .unwrap_or_default()
                            .min(MAX_RETRY_AFTER),
                    ),
                    None => Failure::Transient,
                };
            }
            _ => {}
        }
    }
    if let Some(api) = e.as_client_api_error() {
        return if api.status_code.is_server_error() || api.status_code.as_u16() == 429 {
            Failure::Transient
        } else {
            Failure::Permanent
        };
    }
    match e {
        matrix_sdk::Error::Http(_) => Failure::Transient,
        _ => Failure::Transient,
    }
}

/// True for a refusal of an event too large (`413 M_TOO_LARGE`).
fn too_large(e: &matrix_sdk::Error) -> bool {
    matches!(e.client_api_error_kind(), Some(ErrorKind::TooLarge))
        || e.as_client_api_error()
            .is_some_and(|api| api.status_code.as_u16() == 413)
}

/// Sends one event with its stable transaction id, retrying network errors and 429s
/// (honouring `retry_after_ms`) with capped backoff, a bounded number of times.
pub async fn send_with_retry(
    room: &Room,
    event_type: &str,
    content: &Value,
    txn: &OwnedTransactionId,
) -> Result<OwnedEventId, SendError> {
    use backon::Retryable;
    let send = || async {
        room.send_raw(event_type, content)
            .with_transaction_id(txn)
            .await
    };
    let retryable =
        |e: &matrix_sdk::Error| matches!(classify(e), Failure::Transient | Failure::RetryAfter(_));
    let result = send
        .retry(
            super::backoff::policy(Duration::from_millis(500), Duration::from_secs(30))
                .with_max_times(SEND_ATTEMPTS as usize - 1),
        )
        .when(retryable)
        .adjust(|e, delay| match (classify(e), delay) {
            // Out of attempts stays out; otherwise the server's own delay wins.
            (Failure::RetryAfter(d), Some(_)) => Some(d),
            (_, delay) => delay,
        })
        .notify(|e, wait| {
            tracing::warn!(room = %room.room_id(), error = %e, ?wait, "send failed; retrying");
        })
        .await;
    match result {
        Ok(sent) => Ok(sent.response.event_id),
        Err(e) => Err(match classify(&e) {
            Failure::UnknownToken => SendError::UnknownToken,
            Failure::Permanent if too_large(&e) => SendError::TooLarge(e.to_string()),
            Failure::Permanent => SendError::Refused(e.to_string()),
            Failure::Transient | Failure::RetryAfter(_) => SendError::Exhausted {
                attempts: SEND_ATTEMPTS,
                last: e.to_string(),
            },
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Msg, Text};
    use chrono_tz::Europe::Paris;

    fn mark() -> OutboxMark {
        OutboxMark {
            garden: GardenId::new("!g:x"),
            out_ref: "$e.0".into(),
            root_of: None,
            thread: None,
        }
    }

    fn rendered(text: &str) -> Rendered {
        let t = Text::one(
            Msg::new("objection-line")
                .user("who", &UserId::new("@eve:localhost"), "Eve <3")
                .text("reason", text),
        );
        crate::i18n::render(crate::model::Lang::Fr, Paris, &t)
    }

    #[test]
    fn user_html_and_room_pings_are_escaped_and_never_mention_the_room() {
        let r = rendered("<script>alert(1)</script> @room");
        let c = notice(
            &r,
            &[UserId::new("@eve:localhost")],
            &Relation::None,
            &mark(),
        );
        let html = c["formatted_body"].as_str().expect("html");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(
            html.contains("<a href=\"https://matrix.to/#/@eve:localhost\">Eve &lt;3</a>"),
            "{html}"
        );
        assert_eq!(c["m.mentions"], json!({"user_ids": ["@eve:localhost"]}));
        assert!(c["m.mentions"].get("room").is_none());
        // It mentions Eve: it asks her to act, so it is a message her client notifies.
        assert_eq!(c["msgtype"], "m.text");
        assert_eq!(c[OUTBOX_KEY]["ref"], "$e.0");
        assert_eq!(
            notice(&r, &[], &Relation::None, &mark())["msgtype"],
            "m.notice"
        );
    }

    #[test]
    fn mentions_are_always_present_and_only_valid_ids() {
        let r = rendered("x");
        let c = notice(
            &r,
            &[UserId::new("bob"), UserId::new("@a:x"), UserId::new("@a:x")],
            &Relation::None,
            &mark(),
        );
        assert_eq!(c["m.mentions"], json!({"user_ids": ["@a:x"]}));
        let c = notice(&r, &[], &Relation::None, &mark());
        assert_eq!(c["m.mentions"], json!({}));
    }

    #[test]
    fn thread_relations_carry_the_reply_fallback() {
        let r = rendered("x");
        let rel = Relation::Thread {
            root: "$root".into(),
            latest: "$last".into(),
            reply_to: None,
        };
        let c = notice(&r, &[], &rel, &mark());
        assert_eq!(
            c["m.relates_to"],
            json!({"rel_type": "m.thread", "event_id": "$root", "is_falling_back": true,
                   "m.in_reply_to": {"event_id": "$last"}})
        );
        let c = notice(&r, &[], &Relation::Replace("$old".into()), &mark());
        assert_eq!(c["m.relates_to"]["rel_type"], "m.replace");
        assert_eq!(c["m.new_content"]["body"], r.body.as_str());
        assert!(c["body"].as_str().expect("body").starts_with("* "));
    }

    #[test]
    fn transaction_ids_are_stable_and_distinct() {
        let g = GardenId::new("!g:x");
        assert_eq!(transaction_id(&g, "a.0"), transaction_id(&g, "a.0"));
        assert_ne!(transaction_id(&g, "a.0"), transaction_id(&g, "a.1"));
        assert_ne!(
            transaction_id(&g, "a.0"),
            transaction_id(&GardenId::new("!h:x"), "a.0")
        );
    }
}
