//! Reading Matrix timeline events: raw JSON in, a small [`Event`] out, holding only what
//! the engine can use. Pure functions over `serde_json::Value`, so every case (threads,
//! replies, edits, reactions, redactions, memberships, the bot's own messages) is tested
//! without a homeserver.
//!
//! JSON is read directly rather than through ruma's typed events because the bot needs a
//! few fields, must accept whatever clients send (a malformed event is ignored, never a
//! panic), and reads its own custom content key.

use matrix_sdk::ruma::events::room::message::sanitize::remove_plain_reply_fallback;
use serde_json::Value;

use super::meta::{OUTBOX_KEY, OutboxMark};

/// What a message relates to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rel {
    /// Nothing: a plain message in the main timeline.
    None,
    /// In the thread rooted at this event.
    Thread(String),
    /// A reply (rich reply) to this event, outside threads.
    Reply(String),
}

/// One timeline event, as far as the bot cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A text message (`m.text` or `m.emote`).
    Message {
        /// Plain body (reply fallback removed).
        body: String,
        /// HTML body, when the client sent one.
        html: Option<String>,
        /// Thread or reply.
        rel: Rel,
    },
    /// An `m.file` attachment: a garden's ritual file, with `!rituel ajouter` as its
    /// caption or in a reply to it.
    File {
        /// Its file name.
        name: String,
        /// The caption, when the client sent one (Matrix 1.10: a `body` besides `filename`).
        caption: Option<String>,
        /// The whole content, as JSON, for the download (plain or encrypted source).
        content: String,
        /// Thread or reply.
        rel: Rel,
    },
    /// An `m.notice`: bots talk in notices, and the bot never answers one (no bot loops).
    Notice,
    /// An `m.replace` edit of an earlier message.
    Edit {
        /// The event edited.
        target: String,
        /// Its new plain body.
        body: String,
    },
    /// An `m.annotation` reaction.
    Reaction {
        /// The event reacted to.
        target: String,
        /// The emoji.
        key: String,
    },
    /// A redaction.
    Redaction {
        /// The event redacted.
        target: String,
    },
    /// A membership change.
    Member {
        /// Whose membership.
        user: String,
        /// The new membership (`join`, `leave`, `ban`...).
        membership: String,
        /// True when this is a join (the previous membership was not `join`), not a
        /// profile change.
        joined_now: bool,
    },
    /// Anything else (state, calls, polls...).
    Other,
}

/// The envelope every timeline event has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// Its id.
    pub event_id: String,
    /// Who sent it.
    pub sender: String,
    /// The origin server timestamp (ms).
    pub ts: i64,
    /// The bot's outbox mark, when the content carries one.
    pub mark: Option<OutboxMark>,
    /// What it is.
    pub event: Event,
}

/// Reads one event; None when it lacks an id, a sender or a type.
pub fn parse(json: &Value) -> Option<Parsed> {
    let event_id = json.get("event_id")?.as_str()?.to_owned();
    let sender = json.get("sender")?.as_str()?.to_owned();
    let kind = json.get("type")?.as_str()?;
    let ts = json
        .get("origin_server_ts")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let empty = Value::Object(Default::default());
    let content = json.get("content").unwrap_or(&empty);
    let mark = content
        .get(OUTBOX_KEY)
        .and_then(|m| serde_json::from_value(m.clone()).ok());
    let event = match kind {
        "m.room.message" => message(content),
        "m.reaction" => reaction(content),
        "m.room.redaction" => json
            .get("redacts")
            .or_else(|| content.get("redacts"))
            .and_then(Value::as_str)
            .map_or(Event::Other, |t| Event::Redaction {
                target: t.to_owned(),
            }),
        "m.room.member" => member(json, content),
        _ => Event::Other,
    };
    Some(Parsed {
        event_id,
        sender,
        ts,
        mark,
        event,
    })
}

fn message(content: &Value) -> Event {
    let msgtype = content.get("msgtype").and_then(Value::as_str);
    let relates = content.get("m.relates_to");
    let rel_type = relates
        .and_then(|r| r.get("rel_type"))
        .and_then(Value::as_str);
    if rel_type == Some("m.replace") {
        let target = relates
            .and_then(|r| r.get("event_id"))
            .and_then(Value::as_str);
        let body = content
            .get("m.new_content")
            .and_then(|n| n.get("body"))
            .and_then(Value::as_str);
        return match (target, body) {
            (Some(t), Some(b)) => Event::Edit {
                target: t.to_owned(),
                body: b.to_owned(),
            },
            _ => Event::Other,
        };
    }
    let Some(body) = content.get("body").and_then(Value::as_str) else {
        return Event::Other;
    };
    let reply_to = relates
        .and_then(|r| r.get("m.in_reply_to"))
        .and_then(|r| r.get("event_id"))
        .and_then(Value::as_str);
    let rel = match rel_type {
        Some("m.thread") => relates
            .and_then(|r| r.get("event_id"))
            .and_then(Value::as_str)
            .map_or(Rel::None, |root| Rel::Thread(root.to_owned())),
        _ => reply_to.map_or(Rel::None, |r| Rel::Reply(r.to_owned())),
    };
    match msgtype {
        Some("m.notice") => return Event::Notice,
        Some("m.text" | "m.emote") => {}
        Some("m.file") => return file(content, body, rel),
        _ => return Event::Other,
    }
    let html = (content.get("format").and_then(Value::as_str) == Some("org.matrix.custom.html"))
        .then(|| content.get("formatted_body").and_then(Value::as_str))
        .flatten()
        .map(str::to_owned);
    let body = if matches!(rel, Rel::Reply(_)) {
        remove_plain_reply_fallback(body)
    } else {
        body
    };
    Event::Message {
        body: body.to_owned(),
        html,
        rel,
    }
}

fn file(content: &Value, body: &str, rel: Rel) -> Event {
    let filename = content
        .get("filename")
        .and_then(Value::as_str)
        .filter(|f| !f.is_empty());
    let (name, caption) = match filename {
        Some(f) if f != body => (f, Some(remove_plain_reply_fallback(body).to_owned())),
        _ => (body, None),
    };
    Event::File {
        name: name.to_owned(),
        caption,
        content: content.to_string(),
        rel,
    }
}

fn reaction(content: &Value) -> Event {
    let Some(r) = content.get("m.relates_to") else {
        return Event::Other;
    };
    if r.get("rel_type").and_then(Value::as_str) != Some("m.annotation") {
        return Event::Other;
    }
    match (
        r.get("event_id").and_then(Value::as_str),
        r.get("key").and_then(Value::as_str),
    ) {
        (Some(t), Some(k)) => Event::Reaction {
            target: t.to_owned(),
            key: k.to_owned(),
        },
        _ => Event::Other,
    }
}

fn member(json: &Value, content: &Value) -> Event {
    let Some(user) = json.get("state_key").and_then(Value::as_str) else {
        return Event::Other;
    };
    let Some(membership) = content.get("membership").and_then(Value::as_str) else {
        return Event::Other;
    };
    let prev = json
        .get("unsigned")
        .and_then(|u| u.get("prev_content"))
        .and_then(|p| p.get("membership"))
        .and_then(Value::as_str);
    Event::Member {
        user: user.to_owned(),
        membership: membership.to_owned(),
        joined_now: membership == "join" && prev != Some("join"),
    }
}

/// The position just after the bot's latest real join in a timeline: the bot ignores
/// what came before it joined (by position, as the timeline orders events, not by
/// timestamp). Zero when the join is not in the timeline.
pub fn after_own_join(events: &[Option<Parsed>], me: &str) -> usize {
    events
        .iter()
        .rposition(|e| {
            matches!(e, Some(Parsed { event: Event::Member { user, joined_now: true, .. }, .. })
                if user == me)
        })
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{GardenId, RunId, RunKind};
    use serde_json::json;

    fn ev(kind: &str, content: Value) -> Value {
        json!({"event_id": "$e", "sender": "@alice:x", "type": kind,
               "origin_server_ts": 5, "content": content})
    }

    #[test]
    fn text_in_a_thread_with_html() {
        let p = parse(&ev(
            "m.room.message",
            json!({"msgtype": "m.text", "body": "☀️ ok", "format": "org.matrix.custom.html",
                   "formatted_body": "<b>☀️</b> ok",
                   "m.relates_to": {"rel_type": "m.thread", "event_id": "$root",
                                    "is_falling_back": true,
                                    "m.in_reply_to": {"event_id": "$last"}}}),
        ))
        .expect("parsed");
        assert_eq!(
            p.event,
            Event::Message {
                body: "☀️ ok".into(),
                html: Some("<b>☀️</b> ok".into()),
                rel: Rel::Thread("$root".into()),
            }
        );
        assert_eq!((p.ts, p.sender.as_str()), (5, "@alice:x"));
    }

    #[test]
    fn a_reply_loses_its_fallback() {
        let p = parse(&ev(
            "m.room.message",
            json!({"msgtype": "m.text", "body": "> <@bob:x> hi\n> there\n\n!passe",
                   "m.relates_to": {"m.in_reply_to": {"event_id": "$q"}}}),
        ))
        .expect("parsed");
        assert_eq!(
            p.event,
            Event::Message {
                body: "!passe".into(),
                html: None,
                rel: Rel::Reply("$q".into())
            }
        );
    }

    #[test]
    fn a_file_with_a_caption_and_one_without() {
        let content = json!({"msgtype": "m.file", "body": "!rituel ajouter",
                             "filename": "accueil.toml", "url": "mxc://x/abc"});
        let p = parse(&ev("m.room.message", content.clone())).expect("parsed");
        assert_eq!(
            p.event,
            Event::File {
                name: "accueil.toml".into(),
                caption: Some("!rituel ajouter".into()),
                content: content.to_string(),
                rel: Rel::None,
            }
        );
        let bare = json!({"msgtype": "m.file", "body": "accueil.toml", "url": "mxc://x/abc"});
        let p = parse(&ev("m.room.message", bare)).expect("parsed");
        assert!(
            matches!(&p.event, Event::File { name, caption: None, .. } if name == "accueil.toml"),
            "{:?}",
            p.event
        );
    }

    #[test]
    fn notices_edits_reactions_redactions() {
        let notice = ev(
            "m.room.message",
            json!({"msgtype": "m.notice", "body": "!météo"}),
        );
        assert_eq!(parse(&notice).expect("parsed").event, Event::Notice);
        let edit = ev(
            "m.room.message",
            json!({"msgtype": "m.text", "body": "* new",
                   "m.new_content": {"msgtype": "m.text", "body": "new"},
                   "m.relates_to": {"rel_type": "m.replace", "event_id": "$old"}}),
        );
        assert_eq!(
            parse(&edit).expect("parsed").event,
            Event::Edit {
                target: "$old".into(),
                body: "new".into()
            }
        );
        let react = ev(
            "m.reaction",
            json!({"m.relates_to": {"rel_type": "m.annotation", "event_id": "$p", "key": "✅"}}),
        );
        assert_eq!(
            parse(&react).expect("parsed").event,
            Event::Reaction {
                target: "$p".into(),
                key: "✅".into()
            }
        );
        let mut red = ev("m.room.redaction", json!({"redacts": "$gone"}));
        assert_eq!(
            parse(&red).expect("parsed").event,
            Event::Redaction {
                target: "$gone".into()
            }
        );
        red["content"] = json!({});
        red["redacts"] = json!("$old-style");
        assert_eq!(
            parse(&red).expect("parsed").event,
            Event::Redaction {
                target: "$old-style".into()
            }
        );
    }

    #[test]
    fn malformed_events_are_ignored_not_fatal() {
        assert_eq!(parse(&json!({"type": "m.room.message"})), None);
        let p = parse(&ev("m.room.message", json!({"msgtype": "m.text"}))).expect("envelope");
        assert_eq!(p.event, Event::Other);
        let p = parse(&ev("m.reaction", json!({"m.relates_to": 3}))).expect("envelope");
        assert_eq!(p.event, Event::Other);
    }

    #[test]
    fn the_outbox_mark_is_read_back() {
        let p = parse(&ev(
            "m.room.message",
            json!({"msgtype": "m.notice", "body": "x",
                   "fr.tuteur.outbox": {"garden": "!g:x", "ref": "$e.0", "root_of": {"kind": "Decision", "n": 1}}}),
        ))
        .expect("parsed");
        assert_eq!(
            p.mark,
            Some(OutboxMark {
                garden: GardenId::new("!g:x"),
                out_ref: "$e.0".into(),
                root_of: Some(RunId::new(RunKind::Decision, 1)),
                thread: None,
            })
        );
    }

    #[test]
    fn events_before_the_bots_join_are_skipped_profile_changes_are_not_joins() {
        let member = |user: &str, prev: Option<&str>| {
            let mut e = json!({"event_id": "$m", "sender": user, "type": "m.room.member",
                               "state_key": user, "content": {"membership": "join"}});
            if let Some(p) = prev {
                e["unsigned"] = json!({"prev_content": {"membership": p}});
            }
            parse(&e)
        };
        let text = || {
            parse(&ev(
                "m.room.message",
                json!({"msgtype": "m.text", "body": "hi"}),
            ))
        };
        let timeline = vec![text(), member("@bot:x", Some("invite")), text()];
        assert_eq!(after_own_join(&timeline, "@bot:x"), 2);
        let timeline = vec![text(), member("@bot:x", Some("join")), text()];
        assert_eq!(
            after_own_join(&timeline, "@bot:x"),
            0,
            "a display name change"
        );
        let timeline = vec![text(), member("@alice:x", None), text()];
        assert_eq!(after_own_join(&timeline, "@bot:x"), 0);
    }
}
