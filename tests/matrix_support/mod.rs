//! Harness of the Matrix end-to-end tests: a real Synapse (started by scripts/synapse.sh,
//! found through `.synapse/env`), matrix-sdk clients playing the members, and the real
//! `tuteur` binary as the bot.
//!
//! Each test registers its own users (the bot included) with random names, so tests run
//! in parallel against one homeserver without seeing each other's rooms. If the
//! homeserver is not there, tests fail loudly: they are never skipped.

#![allow(dead_code)]

pub mod proxy;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use matrix_sdk::Client;
use matrix_sdk::config::SyncSettings;
use matrix_sdk::ruma::UInt;
use matrix_sdk::ruma::api::client::filter::FilterDefinition;
use matrix_sdk::ruma::api::client::room::create_room::v3::{Request as CreateRoom, RoomPreset};
use matrix_sdk::ruma::api::client::sync::sync_events::v3::Filter;
use matrix_sdk::ruma::events::InitialStateEvent;
use matrix_sdk::ruma::events::room::encryption::RoomEncryptionEventContent;
use matrix_sdk::ruma::{OwnedEventId, OwnedRoomId, OwnedUserId};
use serde_json::{Value, json};

/// The passphrase every test bot encrypts its Matrix stores with.
pub const STORE_PASSPHRASE: &str = "test store passphrase";

/// How long a test waits for something it expects.
pub const WAIT: Duration = Duration::from_secs(45);

/// The homeserver of the tests, from the environment `scripts/test.sh` exports.
#[derive(Clone, Debug)]
pub struct Env {
    /// `http://127.0.0.1:8448`.
    pub homeserver: String,
    /// Shared secret of the admin registration API.
    pub secret: String,
}

fn var(name: &str) -> String {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => v,
        _ => panic!(
            "{name} is not set: the Matrix tests need a local Synapse. Run \
             `bash scripts/synapse.sh install && bash scripts/synapse.sh start && \
             . .synapse/env` first (scripts/test.sh does it for you)."
        ),
    }
}

impl Env {
    /// Reads the environment and checks the homeserver answers; panics otherwise.
    pub async fn get() -> Env {
        let env = Env {
            homeserver: var("TUTEUR_TEST_HOMESERVER"),
            secret: var("TUTEUR_TEST_REGISTRATION_SECRET"),
        };
        let url = format!("{}/_matrix/client/versions", env.homeserver);
        let ok = reqwest::Client::new()
            .get(&url)
            .timeout(Duration::from_secs(5))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success());
        assert!(
            ok,
            "the test homeserver does not answer at {url}: start it with scripts/synapse.sh"
        );
        env
    }

    /// Registers a new user `<prefix>-<random>` and returns its id and password.
    pub async fn register(&self, prefix: &str) -> (OwnedUserId, String) {
        let local = format!("{prefix}-{:08x}", rand::random::<u32>());
        let password = format!("pw-{:016x}", rand::random::<u64>());
        let url = format!("{}/_synapse/admin/v1/register", self.homeserver);
        let http = reqwest::Client::new();
        let nonce: Value = serde_json::from_str(
            &http
                .get(&url)
                .send()
                .await
                .expect("nonce request")
                .text()
                .await
                .expect("nonce body"),
        )
        .expect("nonce json");
        let nonce = nonce["nonce"].as_str().expect("nonce").to_owned();
        let mut data = Vec::new();
        for (i, part) in [nonce.as_str(), &local, &password, "notadmin"]
            .iter()
            .enumerate()
        {
            if i > 0 {
                data.push(0);
            }
            data.extend_from_slice(part.as_bytes());
        }
        let mac = hex(&hmac_sha1(self.secret.as_bytes(), &data));
        let body = json!({"nonce": nonce, "username": local, "password": password,
                          "admin": false, "mac": mac});
        let r = http
            .post(&url)
            .header("Content-Type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .expect("register request");
        let status = r.status();
        let text = r.text().await.unwrap_or_default();
        assert!(
            status.is_success(),
            "registering {local}: HTTP {status} {text}"
        );
        let id = OwnedUserId::try_from(format!("@{local}:localhost")).expect("user id");
        (id, password)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-1, for the HMAC of Synapse's admin registration API (the only place it is used).
fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
    ];
    let mut msg = data.to_vec();
    let bits = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bits.to_be_bytes());
    for chunk in msg.chunks(64) {
        let mut w = [0u32; 80];
        for (i, word) in chunk.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
                20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 20];
    for (i, x) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&x.to_be_bytes());
    }
    out
}

fn hmac_sha1(key: &[u8], data: &[u8]) -> [u8; 20] {
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..20].copy_from_slice(&sha1(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
    inner.extend_from_slice(data);
    let mut outer: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
    outer.extend_from_slice(&sha1(&inner));
    sha1(&outer)
}

#[test]
fn hmac_sha1_matches_rfc_2202() {
    assert_eq!(
        hex(&hmac_sha1(&[0x0b; 20], b"Hi There")),
        "b617318655057264e28bc0b6fb378c8ef146be00"
    );
    assert_eq!(
        hex(&hmac_sha1(b"Jefe", b"what do ya want for nothing?")),
        "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
    );
}

/// One event a member saw.
#[derive(Clone, Debug)]
pub struct Seen {
    /// The room.
    pub room: String,
    /// The whole event (decrypted when it was encrypted).
    pub json: Value,
    /// True when the member could not decrypt it.
    pub utd: bool,
    /// True when it was encrypted (and decrypted).
    pub encrypted: bool,
    /// When this member's sync delivered it.
    pub at: Instant,
    /// The member's push rules (evaluated by their client, after decryption) say it
    /// notifies them.
    pub notifies: bool,
    /// The push rules say it highlights (a mention of them).
    pub highlights: bool,
}

impl Seen {
    /// Its event id.
    pub fn id(&self) -> &str {
        self.json["event_id"].as_str().unwrap_or_default()
    }

    /// Its sender.
    pub fn sender(&self) -> &str {
        self.json["sender"].as_str().unwrap_or_default()
    }

    /// Its type.
    pub fn kind(&self) -> &str {
        self.json["type"].as_str().unwrap_or_default()
    }

    /// The content.
    pub fn content(&self) -> &Value {
        &self.json["content"]
    }

    /// The plain body.
    pub fn body(&self) -> &str {
        self.content()["body"].as_str().unwrap_or_default()
    }

    /// The HTML body.
    pub fn html(&self) -> &str {
        self.content()["formatted_body"]
            .as_str()
            .unwrap_or_default()
    }

    /// The thread root, when in a thread.
    pub fn thread_root(&self) -> Option<&str> {
        let r = &self.content()["m.relates_to"];
        (r["rel_type"] == "m.thread")
            .then(|| r["event_id"].as_str())
            .flatten()
    }

    /// The event this one replies to (`m.in_reply_to`), in or out of a thread.
    pub fn reply_to(&self) -> Option<&str> {
        self.content()["m.relates_to"]["m.in_reply_to"]["event_id"].as_str()
    }

    /// The event this one replaces, when it is an edit.
    pub fn replaces(&self) -> Option<&str> {
        let r = &self.content()["m.relates_to"];
        (r["rel_type"] == "m.replace")
            .then(|| r["event_id"].as_str())
            .flatten()
    }

    /// The users listed in `m.mentions`.
    pub fn mentions(&self) -> Vec<String> {
        self.content()["m.mentions"]["user_ids"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A member: a logged-in matrix-sdk client syncing in the background, accepting every
/// invite, and keeping every timeline event it sees.
pub struct Member {
    /// The client.
    pub client: Client,
    /// Its user id.
    pub id: OwnedUserId,
    seen: Arc<Mutex<Vec<Seen>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Member {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Member {
    /// Registers a new user named `<name>-<random>` with display name `name` and starts
    /// its sync.
    pub async fn new(env: &Env, name: &str) -> Member {
        let (id, password) = env.register(name).await;
        let client = Client::builder()
            .homeserver_url(&env.homeserver)
            .build()
            .await
            .expect("member client");
        client
            .matrix_auth()
            .login_username(id.as_str(), &password)
            .initial_device_display_name("test member")
            .send()
            .await
            .expect("member login");
        client
            .account()
            .set_display_name(Some(name))
            .await
            .expect("display name");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let task = tokio::spawn(sync_forever(client.clone(), Arc::clone(&seen)));
        Member {
            client,
            id,
            seen,
            task,
        }
    }

    /// Everything seen in `room` so far.
    pub fn seen(&self, room: &OwnedRoomId) -> Vec<Seen> {
        self.seen
            .lock()
            .expect("seen")
            .iter()
            .filter(|s| s.room == room.as_str())
            .cloned()
            .collect()
    }

    /// The events of `room` the homeserver counts as notifications for this member (its
    /// `/notifications` list), with whether each highlights.
    pub async fn notifications(&self, room: &OwnedRoomId) -> Vec<(String, bool)> {
        let token = self.client.access_token().expect("logged in");
        let url = format!(
            "{}/_matrix/client/v3/notifications?limit=200",
            self.client.homeserver().as_str().trim_end_matches('/')
        );
        let bytes = reqwest::Client::new()
            .get(&url)
            .bearer_auth(token)
            .timeout(Duration::from_secs(10))
            .send()
            .await
            .expect("notifications")
            .bytes()
            .await
            .expect("notifications body");
        let body: Value = serde_json::from_slice(&bytes).expect("notifications json");
        body["notifications"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter(|n| n["room_id"] == room.as_str())
                    .map(|n| {
                        let highlight = n["actions"].as_array().is_some_and(|acts| {
                            acts.iter()
                                .any(|x| x["set_tweak"] == "highlight" && x["value"] != false)
                        });
                        (
                            n["event"]["event_id"]
                                .as_str()
                                .unwrap_or_default()
                                .to_owned(),
                            highlight,
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Everything seen in every room.
    pub fn seen_all(&self) -> Vec<Seen> {
        self.seen.lock().expect("seen").clone()
    }

    /// Waits until an event of `room` matches, and returns it; panics after [`WAIT`]
    /// with what was seen.
    pub async fn wait_for(
        &self,
        room: &OwnedRoomId,
        what: &str,
        pred: impl Fn(&Seen) -> bool,
    ) -> Seen {
        self.wait_for_long(room, WAIT, what, pred).await
    }

    /// [`Member::wait_for`] with another patience.
    pub async fn wait_for_long(
        &self,
        room: &OwnedRoomId,
        patience: Duration,
        what: &str,
        pred: impl Fn(&Seen) -> bool,
    ) -> Seen {
        let deadline = Instant::now() + patience;
        loop {
            if let Some(s) = self.seen(room).into_iter().find(|s| pred(s)) {
                return s;
            }
            if Instant::now() > deadline {
                let shown: Vec<String> = self
                    .seen(room)
                    .iter()
                    .filter(|s| s.kind() == "m.room.message")
                    .map(|s| format!("{}: {}", s.sender(), s.body()))
                    .collect();
                panic!(
                    "{} waited {patience:?} for: {what}\nmessages seen in {room}:\n{}",
                    self.id,
                    shown.join("\n")
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until an event of any room matches, and returns it.
    pub async fn wait_for_anywhere(&self, what: &str, pred: impl Fn(&Seen) -> bool) -> Seen {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(s) = self.seen_all().into_iter().find(|s| pred(s)) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "{} waited {WAIT:?} for: {what}",
                self.id
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits for a message of `from` in `room` whose body contains `text`.
    pub async fn wait_text(&self, room: &OwnedRoomId, from: &OwnedUserId, text: &str) -> Seen {
        self.wait_for(room, &format!("{from} saying {text:?}"), |s| {
            s.sender() == from.as_str() && s.kind() == "m.room.message" && s.body().contains(text)
        })
        .await
    }

    /// Waits for the `n`-th message (from 1) of `from` in `room` whose body contains
    /// `text`.
    pub async fn wait_nth(
        &self,
        room: &OwnedRoomId,
        from: &OwnedUserId,
        text: &str,
        n: usize,
    ) -> Seen {
        let matching = |s: &Seen| {
            s.sender() == from.as_str() && s.kind() == "m.room.message" && s.body().contains(text)
        };
        self.wait_for(
            room,
            &format!("message #{n} of {from} saying {text:?}"),
            |_| self.seen(room).iter().filter(|s| matching(s)).count() >= n,
        )
        .await;
        self.seen(room)
            .into_iter()
            .filter(|s| matching(s))
            .nth(n - 1)
            .expect("counted above")
    }

    /// Creates a room, invites `others` and returns its id (encrypted when asked).
    pub async fn create_room(&self, others: &[&OwnedUserId], encrypted: bool) -> OwnedRoomId {
        let mut request = CreateRoom::new();
        request.invite = others.iter().map(|u| (*u).clone()).collect();
        request.preset = Some(RoomPreset::PrivateChat);
        request.name = Some("Jardin test".to_owned());
        if encrypted {
            request.initial_state = vec![
                InitialStateEvent::with_empty_state_key(
                    RoomEncryptionEventContent::with_recommended_defaults(),
                )
                .to_raw_any(),
            ];
        }
        let room = self.client.create_room(request).await.expect("create room");
        room.room_id().to_owned()
    }

    /// Sends a text message (with `content` extra keys, e.g. a thread relation).
    pub async fn send(&self, room: &OwnedRoomId, content: Value) -> OwnedEventId {
        let room = self.joined(room).await;
        room.send_raw("m.room.message", content)
            .await
            .expect("send")
            .response
            .event_id
    }

    /// Says `body` in the main timeline.
    pub async fn say(&self, room: &OwnedRoomId, body: &str) -> OwnedEventId {
        self.send(room, json!({"msgtype": "m.text", "body": body}))
            .await
    }

    /// Says `body` in the thread rooted at `root`.
    pub async fn say_in(&self, room: &OwnedRoomId, root: &str, body: &str) -> OwnedEventId {
        self.send(
            room,
            json!({"msgtype": "m.text", "body": body,
                   "m.relates_to": {"rel_type": "m.thread", "event_id": root,
                                    "is_falling_back": true,
                                    "m.in_reply_to": {"event_id": root}}}),
        )
        .await
    }

    /// Replaces the text of one of the member's messages (`m.replace`).
    pub async fn edit(
        &self,
        room: &OwnedRoomId,
        target: &OwnedEventId,
        body: &str,
    ) -> OwnedEventId {
        self.send(
            room,
            json!({"msgtype": "m.text", "body": format!("* {body}"),
                   "m.new_content": {"msgtype": "m.text", "body": body},
                   "m.relates_to": {"rel_type": "m.replace", "event_id": target}}),
        )
        .await
    }

    /// Redacts one of the member's events.
    pub async fn redact(&self, room: &OwnedRoomId, target: &OwnedEventId) {
        let room = self.joined(room).await;
        room.redact(target, None, None).await.expect("redact");
    }

    /// Reacts to an event.
    pub async fn react(&self, room: &OwnedRoomId, target: &str, key: &str) -> OwnedEventId {
        let room = self.joined(room).await;
        room.send_raw(
            "m.reaction",
            json!({"m.relates_to": {"rel_type": "m.annotation", "event_id": target, "key": key}}),
        )
        .await
        .expect("react")
        .response
        .event_id
    }

    /// Waits until the member's client knows it joined `room`.
    pub async fn joined(&self, room: &OwnedRoomId) -> matrix_sdk::Room {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(r) = self.client.get_room(room)
                && r.state() == matrix_sdk::RoomState::Joined
            {
                return r;
            }
            assert!(Instant::now() < deadline, "{} never joined {room}", self.id);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Sets a user's power level in `room`.
    pub async fn set_power(&self, room: &OwnedRoomId, user: &OwnedUserId, level: i64) {
        let room = self.joined(room).await;
        room.update_power_levels(vec![(user, matrix_sdk::ruma::Int::new_saturating(level))])
            .await
            .expect("power levels");
    }
}

async fn sync_forever(client: Client, seen: Arc<Mutex<Vec<Seen>>>) {
    loop {
        // Synapse's default timeline of 10 events would leave a gap in a burst (a member
        // would then miss messages that are there): ask for as many as the bot does.
        let mut def = FilterDefinition::default();
        def.room.timeline.limit = Some(UInt::from(100u32));
        let settings = SyncSettings::new()
            .timeout(Duration::from_secs(10))
            .filter(Filter::FilterDefinition(def));
        match client.sync_once(settings).await {
            Ok(response) => {
                for room_id in response.rooms.invited.keys() {
                    let c = client.clone();
                    let room_id = room_id.clone();
                    tokio::spawn(async move {
                        for _ in 0..5 {
                            if c.join_room_by_id(&room_id).await.is_ok() {
                                break;
                            }
                            tokio::time::sleep(Duration::from_millis(300)).await;
                        }
                    });
                }
                let at = Instant::now();
                let mut seen = seen.lock().expect("seen");
                for (room_id, update) in &response.rooms.joined {
                    for ev in &update.timeline.events {
                        if let Ok(json) = ev.raw().deserialize_as_unchecked::<Value>() {
                            let actions = ev.push_actions().unwrap_or_default();
                            seen.push(Seen {
                                room: room_id.to_string(),
                                json,
                                utd: ev.kind.is_utd(),
                                encrypted: ev.encryption_info().is_some(),
                                at,
                                notifies: actions.iter().any(|a| a.should_notify()),
                                highlights: actions.iter().any(|a| a.is_highlight()),
                            });
                        }
                    }
                }
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}

/// The bot: the real `tuteur` binary, run as a child process with its own store and
/// its own freshly registered user.
pub struct Bot {
    /// Its user id.
    pub id: OwnedUserId,
    password: String,
    env: Env,
    dir: tempfile::TempDir,
    child: Option<Child>,
    starts: u32,
    /// Extra lines appended to the `[bot]` section (a `[commons]` section may follow).
    pub extra: String,
    /// Extra environment variables of the bot process (e.g. a webhook token).
    pub vars: Vec<(String, String)>,
    /// Where the bot reaches the homeserver, when not directly (a [`proxy::Proxy`]).
    pub homeserver: Option<String>,
}

impl Bot {
    /// Registers a bot user and prepares its store (not started yet).
    pub async fn new(env: &Env) -> Bot {
        let (id, password) = env.register("tuteur").await;
        Bot {
            id,
            password,
            env: env.clone(),
            dir: tempfile::tempdir().expect("bot folder"),
            child: None,
            starts: 0,
            extra: String::new(),
            vars: Vec::new(),
            homeserver: None,
        }
    }

    /// The bot's store folder.
    pub fn store(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    fn log(&self, n: u32) -> PathBuf {
        self.dir.path().join(format!("bot-{n}.log"))
    }

    /// Starts the bot process, allowing invites from `allowed` (globs).
    pub fn start(&mut self, allowed: &[&str]) {
        let config = self.dir.path().join("tuteur.toml");
        let allowed: Vec<String> = allowed.iter().map(|a| format!("{a:?}")).collect();
        let text = format!(
            "[matrix]\nhomeserver = {:?}\nuser = {:?}\npassword_env = \"TUTEUR_TEST_BOT_PASSWORD\"\n\
             device_name = \"tuteur test\"\n\
             [bot]\nstore = {:?}\nallowed_inviters = [{}]\nfacilitator_power_level = 50\n\
             store_passphrase_env = \"TUTEUR_TEST_STORE_PASSPHRASE\"\n{}\n",
            self.homeserver.as_ref().unwrap_or(&self.env.homeserver),
            self.id.as_str(),
            self.store().display().to_string(),
            allowed.join(", "),
            self.extra,
        );
        std::fs::write(&config, text).expect("bot config");
        self.starts += 1;
        let log = std::fs::File::create(self.log(self.starts)).expect("bot log");
        let child = Command::new(env!("CARGO_BIN_EXE_tuteur"))
            .arg("run")
            .arg("--config")
            .arg(&config)
            .env("TUTEUR_TEST_BOT_PASSWORD", &self.password)
            // Every test bot encrypts its Matrix stores at rest, as operators are told to.
            .env("TUTEUR_TEST_STORE_PASSPHRASE", STORE_PASSPHRASE)
            // The deployed filter, and the bot's own debug lines for failure messages.
            .env(
                "TUTEUR_LOG",
                format!("{},tuteur=debug", tuteur::matrix::RUN_LOG),
            )
            .envs(self.vars.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start tuteur");
        self.child = Some(child);
    }

    /// SIGKILL, no goodbye.
    pub fn kill9(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// SIGTERM and wait; returns the exit code.
    pub fn stop(&mut self) -> Option<i32> {
        let mut c = self.child.take()?;
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(c.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(Some(status)) = c.try_wait() {
                return status.code();
            }
            if Instant::now() > deadline {
                let _ = c.kill();
                let _ = c.wait();
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Every log the bot wrote, for failure messages.
    pub fn logs(&self) -> String {
        (1..=self.starts)
            .map(|n| std::fs::read_to_string(self.log(n)).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n----- restart -----\n")
    }

    /// Asserts the bot process is still running (it did not crash).
    pub fn assert_alive(&mut self) {
        if let Some(c) = &mut self.child
            && let Ok(Some(status)) = c.try_wait()
        {
            panic!("the bot exited ({status}); its log:\n{}", self.logs());
        }
    }

    /// The bot process's id, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// The folder of the bot's files.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The bot account's password.
    pub fn password(&self) -> &str {
        &self.password
    }
}

/// A homeserver of a test's own (a second Synapse through `scripts/synapse.sh`, on a free
/// port, with its data in a temporary folder), for tests that stop it: the shared one
/// must stay up for the tests running beside them.
pub struct OwnHomeserver {
    dir: tempfile::TempDir,
    port: u16,
}

impl OwnHomeserver {
    /// Starts a fresh Synapse and returns it once it answers.
    pub fn start() -> OwnHomeserver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let hs = OwnHomeserver {
            dir: tempfile::tempdir().expect("synapse folder"),
            port,
        };
        hs.run("start");
        hs
    }

    fn run(&self, command: &str) {
        let out = Command::new("bash")
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/synapse.sh"))
            .arg(command)
            .env("SYNAPSE_PORT", self.port.to_string())
            .env("SYNAPSE_DATA", self.dir.path().join("synapse"))
            .output()
            .expect("synapse.sh runs");
        assert!(
            out.status.success(),
            "synapse.sh {command} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Stops it (SIGTERM, as an operator's restart would).
    pub fn stop(&self) {
        self.run("stop");
    }

    /// Starts it again on the same data; returns once it answers.
    pub fn restart(&self) {
        self.run("start");
    }

    /// The environment of tests against it.
    pub fn env(&self) -> Env {
        let secret =
            std::fs::read_to_string(self.dir.path().join("synapse/registration_shared_secret"))
                .expect("registration secret");
        Env {
            homeserver: format!("http://127.0.0.1:{}", self.port),
            secret: secret.trim().to_owned(),
        }
    }
}

impl Drop for OwnHomeserver {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/synapse.sh"))
            .arg("stop")
            .env("SYNAPSE_PORT", self.port.to_string())
            .env("SYNAPSE_DATA", self.dir.path().join("synapse"))
            .output();
    }
}

/// A free port of the loopback, for a bot's `[metrics] listen`.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

impl Drop for Bot {
    fn drop(&mut self) {
        if std::thread::panicking() || std::env::var_os("TUTEUR_TEST_SHOW_LOGS").is_some() {
            eprintln!("----- bot log -----\n{}", self.logs());
        }
        self.kill9();
    }
}

/// A garden: `owner` creates the room (power 100), invites the bot and the others, who
/// join; returns once the bot's join is seen.
pub async fn garden(owner: &Member, others: &[&Member], bot: &Bot, encrypted: bool) -> OwnedRoomId {
    let mut invite: Vec<&OwnedUserId> = others.iter().map(|m| &m.id).collect();
    invite.push(&bot.id);
    let room = owner.create_room(&invite, encrypted).await;
    for m in others {
        m.joined(&room).await;
    }
    owner
        .wait_for(&room, "the bot to join", |s| {
            s.kind() == "m.room.member"
                && s.json["state_key"] == bot.id.as_str()
                && s.content()["membership"] == "join"
        })
        .await;
    for m in others {
        m.wait_for(&room, "the bot's join", |s| {
            s.kind() == "m.room.member"
                && s.json["state_key"] == bot.id.as_str()
                && s.content()["membership"] == "join"
        })
        .await;
    }
    room
}

/// The bot's first message (not an edit, not a reaction) in `room` containing `text`,
/// as `m` sees it.
pub async fn says(m: &Member, bot: &Bot, room: &OwnedRoomId, text: &str) -> Seen {
    m.wait_for(room, &format!("the bot saying {text:?}"), |s| {
        s.sender() == bot.id.as_str()
            && s.kind() == "m.room.message"
            && s.replaces().is_none()
            && s.body().contains(text)
    })
    .await
}

/// The bot's messages in a room, in order.
pub fn bot_messages(member: &Member, bot: &Bot, room: &OwnedRoomId) -> Vec<Seen> {
    member
        .seen(room)
        .into_iter()
        .filter(|s| s.sender() == bot.id.as_str() && s.kind() == "m.room.message")
        .collect()
}
