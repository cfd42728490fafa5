//! End-to-end latency against the local Synapse: from a member's command to the bot's
//! answer, for tuteur (the real binary, doing its real work for `!jardin nom <token>`:
//! parsing, the engine, the garden's settings written, a durable sled flush, the outbox)
//! and, side by side in the same run, for a minimal matrix-sdk echo bot, in a process of
//! its own, that drives `sync_once` itself without ever sleeping, as tuteur does, and
//! answers with messages of the same shape and about the same size (a one-line notice
//! that replies, with HTML and mentions: Synapse indexes the text of unencrypted messages,
//! so a longer answer takes longer to accept); plus the Synapse floor: a member's send
//! until that member sees it in its own sync. Each bot has its own room; each answer is
//! matched to its command by a token. Plain rooms and encrypted rooms.
//!
//! Run: `scripts/bench-latency` (or `cargo bench --bench latency` with `.synapse/env`
//! sourced). `TUTEUR_BENCH_COMMANDS` sets the number of commands per bot and room kind
//! (default 30). `cargo test --all-targets` runs it too, with 3 commands, as a smoke test.
//!
//! Rhythm: a member answers quickly, as in a round of a ritual: the next command goes
//! `PAUSE` after the previous answer, one command to each series in turn, so that all
//! share the machine's ups and downs. tuteur logs with the filter `tuteur run` uses by
//! default ([`tuteur::matrix::RUN_LOG`]), as deployed: a plain `info` would also turn on
//! the SDK's spans, which made each sync's handling a few tenths of a millisecond
//! slower. `TUTEUR_BENCH_LOG` gives it another filter (`info,tuteur=debug` logs each
//! batch's handling and flush times and each send's).
//!
//! The p50 of a few dozen round trips moves by a few percent from run to run (Synapse
//! shares two cores with both bots and the member), so each ratio is printed with a 90%
//! interval: the p50s of the two series resampled with replacement.
//!
//! `TUTEUR_BENCH_SPLIT=1` also prints each bot's own side of an answer, far steadier than
//! the round trip: both bots log the SDK's HTTP requests, and the time from the sync
//! response that brings a command to the start of the answer's send is read from their
//! logs, in two parts cut where the bot's own code first meets the command: the SDK's
//! processing of the sync (the same code in both), then the bot's own work (for tuteur:
//! the engine and the durable flush) and, in an encrypted room, the encryption.

#[path = "../tests/matrix_support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use matrix_sdk::Client;
use matrix_sdk::config::SyncSettings;
use matrix_sdk::ruma::api::client::uiaa;
use matrix_sdk::ruma::{OwnedRoomId, OwnedUserId};
use serde_json::{Value, json};
use support::{Bot, Env, Member};

const PAUSE: Duration = Duration::from_millis(300);

/// Resamplings of the ratio's interval.
const RESAMPLES: usize = 2_000;

/// What the echo bot logs when `TUTEUR_BENCH_SPLIT` asks for the bots' side of each
/// answer: the SDK's HTTP requests, as they leave and as their responses come in, and each
/// command it meets (tuteur's filter says the same in its own names).
const SPLIT_LOG: &str = "warn,matrix_sdk::http_client=debug,echo=debug";

/// In those logs, the line each bot writes when its own code meets a command: the SDK's
/// processing of the sync is over.
const TUTEUR_SEES: &str = "tuteur::matrix::incoming: event";
const ECHO_SEES: &str = "echo: command";

/// The echo bot's syncs before it stops (a bench of 30 commands needs a few hundred).
const ECHO_SYNCS: usize = 100_000;

/// The echo bot, in a process of its own as tuteur is (this bench's binary started again
/// with `--echo-bot`, see [`spawn_echo`]): its own `sync_once` loop, answering
/// `!echo <token>` in the batch it arrives in, joining the rooms it is invited to. Its
/// state and crypto stores are SQLite with a passphrase, as tuteur's: a bot that answers
/// in encrypted rooms after a restart must keep them. It cross-signs its device, as
/// tuteur does, so that members' clients treat the answers of both alike.
fn echo_bot(homeserver: String, user: String, password: String) {
    if let Ok(path) = std::env::var("ECHO_LOG") {
        let file = std::fs::File::create(path).expect("echo log");
        tracing_subscriber::fmt()
            .with_env_filter(SPLIT_LOG)
            .with_writer(std::sync::Mutex::new(file))
            .with_ansi(false)
            .init();
    }
    let rt = tokio::runtime::Runtime::new().expect("echo runtime");
    let dir = tempfile::tempdir().expect("echo store");
    rt.block_on(async move {
        let client = Client::builder()
            .homeserver_url(homeserver)
            .sqlite_store(dir.path(), Some(support::STORE_PASSPHRASE))
            .build()
            .await
            .expect("echo client");
        client
            .matrix_auth()
            .login_username(&user, &password)
            .send()
            .await
            .expect("echo login");
        // Cross-signed, as tuteur is at each start: a member's client checks the chain
        // of signatures of a cross-signed sender's device on each message it decrypts.
        let auth = uiaa::AuthData::Password(uiaa::Password::new(
            client.user_id().expect("logged in").to_owned().into(),
            password,
        ));
        client
            .encryption()
            .bootstrap_cross_signing_if_needed(Some(auth))
            .await
            .expect("echo cross-signing");
        let long_poll = SyncSettings::default().timeout(Duration::from_secs(30));
        let mut token = client
            .sync_once(SyncSettings::default())
            .await
            .expect("echo first sync")
            .next_batch;
        for _ in 0..ECHO_SYNCS {
            let Ok(response) = client
                .sync_once(long_poll.clone().token(token.clone()))
                .await
            else {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            };
            for room_id in response.rooms.invited.keys() {
                let _ = client.join_room_by_id(room_id).await;
            }
            for (room_id, update) in &response.rooms.joined {
                let Some(room) = client.get_room(room_id) else {
                    continue;
                };
                for ev in &update.timeline.events {
                    let Ok(json) = ev.raw().deserialize_as_unchecked::<Value>() else {
                        continue;
                    };
                    let body = json["content"]["body"].as_str().unwrap_or_default();
                    if json["type"] == "m.room.message"
                        && json["sender"] != user.as_str()
                        && let Some(rest) = body.strip_prefix("!echo ")
                    {
                        tracing::debug!(target: "echo", "command");
                        // The shape of tuteur's answers: a notice that replies, with its
                        // HTML body, its mentions and a mark like the outbox's.
                        let text = format!("echo: {rest}");
                        let reply = json!({
                            "msgtype": "m.notice",
                            "body": text,
                            "format": "org.matrix.custom.html",
                            "formatted_body": text,
                            "m.mentions": {},
                            "m.relates_to": {"m.in_reply_to": {"event_id": json["event_id"]}},
                            "fr.tuteur.bench": {"garden": room_id.as_str(), "ref": "out-00000000"},
                        });
                        let _ = room.send_raw("m.room.message", reply).await;
                    }
                }
            }
            token = response.next_batch;
        }
    });
}

/// Sends `command` and waits for the reply of `from` containing `token`.
async fn round_trip(
    member: &Member,
    room: &OwnedRoomId,
    from: &matrix_sdk::ruma::OwnedUserId,
    command: &str,
    token: &str,
) -> Duration {
    let start = Instant::now();
    member.say(room, command).await;
    let reply = member.wait_text(room, from, token).await;
    reply.at.saturating_duration_since(start)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The 5th and 95th percentiles of the ratio of `a`'s p50 to `b`'s, each series
/// resampled with replacement.
fn ratio_interval(a: &[Duration], b: &[Duration]) -> (f64, f64) {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    let mut p50 = |v: &[Duration]| {
        let mut r: Vec<Duration> = (0..v.len())
            .map(|_| v[rng.random_range(0..v.len())])
            .collect();
        r.sort();
        ms(percentile(&r, 0.5))
    };
    let mut ratios: Vec<f64> = (0..RESAMPLES).map(|_| p50(a) / p50(b)).collect();
    ratios.sort_by(f64::total_cmp);
    let at = |p: f64| ratios[((ratios.len() - 1) as f64 * p).round() as usize];
    (at(0.05), at(0.95))
}

/// One series of measures: a bot (or none, for the floor) in one room.
struct Series {
    name: &'static str,
    room: OwnedRoomId,
    /// Who answers; None: the floor, the member's own message seen in its own sync.
    from: Option<OwnedUserId>,
    command: &'static str,
    lat: Vec<Duration>,
}

impl Series {
    async fn measure(&mut self, member: &Member, i: usize) {
        let tok = format!("bench-{i}-{:x}", rand::random::<u32>());
        let text = format!("{}{tok}", self.command);
        let from = self.from.clone().unwrap_or_else(|| member.id.clone());
        self.lat
            .push(round_trip(member, &self.room, &from, &text, &tok).await);
    }
}

/// Starts the echo bot as a child process. It ends when its standard input closes (this
/// process ended, whatever the way).
fn spawn_echo(
    homeserver: &str,
    user: &str,
    password: &str,
    log: Option<&std::path::Path>,
) -> std::process::Child {
    let mut cmd = std::process::Command::new(std::env::current_exe().expect("own path"));
    if let Some(log) = log {
        cmd.env("ECHO_LOG", log);
    }
    cmd.arg("--echo-bot")
        .env("ECHO_HOMESERVER", homeserver)
        .env("ECHO_USER", user)
        .env("ECHO_PASSWORD", password)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("start the echo bot")
}

fn main() {
    if std::env::args().any(|a| a == "--echo-bot") {
        let var = |k: &str| std::env::var(k).expect("echo bot settings");
        std::thread::spawn(|| {
            let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
            std::process::exit(0);
        });
        echo_bot(
            var("ECHO_HOMESERVER"),
            var("ECHO_USER"),
            var("ECHO_PASSWORD"),
        );
        return;
    }
    tokio::runtime::Runtime::new()
        .expect("runtime")
        .block_on(bench());
}

async fn bench() {
    let full = std::env::args().any(|a| a == "--bench");
    let n: usize = if full {
        std::env::var("TUTEUR_BENCH_COMMANDS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(30)
    } else {
        3
    };
    let env = Env::get().await;
    let member = Member::new(&env, "alice").await;
    let mut tuteur = Bot::new(&env).await;
    let split = std::env::var_os("TUTEUR_BENCH_SPLIT").is_some();
    let log = match std::env::var("TUTEUR_BENCH_LOG") {
        Ok(filter) => filter,
        Err(_) if split => tuteur::matrix::RUN_LOG.replace(
            "matrix_sdk::http_client=off",
            "matrix_sdk::http_client=debug,tuteur::matrix::incoming=debug",
        ),
        Err(_) => tuteur::matrix::RUN_LOG.into(),
    };
    tuteur.vars.push(("TUTEUR_LOG".into(), log));
    tuteur.start(&["@alice-*:localhost"]);
    let (echo_id, echo_password) = env.register("echo").await;
    let echo_log = tempfile::NamedTempFile::new().expect("echo log file");
    let mut echo = spawn_echo(
        &env.homeserver,
        echo_id.as_str(),
        &echo_password,
        split.then(|| echo_log.path()),
    );

    let mut series = Vec::new();
    for encrypted in [false, true] {
        let t_room = support::garden(&member, &[], &tuteur, encrypted).await;
        let e_room = member.create_room(&[&echo_id], encrypted).await;
        member
            .wait_for(&e_room, "the echo bot to join", |s| {
                s.kind() == "m.room.member"
                    && s.json["state_key"] == echo_id.as_str()
                    && s.content()["membership"] == "join"
            })
            .await;
        series.push(Series {
            name: if encrypted {
                "tuteur (encrypted)"
            } else {
                "tuteur"
            },
            room: t_room,
            from: Some(tuteur.id.clone()),
            command: "!jardin nom ",
            lat: Vec::new(),
        });
        series.push(Series {
            name: if encrypted {
                "echo bot (encrypted)"
            } else {
                "echo bot"
            },
            room: e_room.clone(),
            from: Some(echo_id.clone()),
            command: "!echo ",
            lat: Vec::new(),
        });
        series.push(Series {
            name: if encrypted {
                "floor (encrypted)"
            } else {
                "floor"
            },
            room: e_room,
            from: None,
            command: "floor ",
            lat: Vec::new(),
        });
    }

    // Warm-up, not measured: first sends set up every side's caches and room keys.
    let mut i = 0;
    for s in &mut series {
        for _ in 0..2 {
            i += 1;
            s.measure(&member, i).await;
        }
        s.lat.clear();
    }
    for _ in 0..n {
        for s in &mut series {
            i += 1;
            tokio::time::sleep(PAUSE).await;
            s.measure(&member, i).await;
        }
    }
    tuteur.assert_alive();
    let _ = echo.kill();
    let _ = echo.wait();
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!(
        "latency from a member's command to the answer ({n} commands each, {build} build, \
         next command {PAUSE:?} after an answer, series in turn)"
    );
    let (plain, encrypted) = (
        ratio_interval(&series[0].lat, &series[1].lat),
        ratio_interval(&series[3].lat, &series[4].lat),
    );
    let mut p50 = Vec::new();
    for s in &mut series {
        s.lat.sort();
        let (a, b) = (percentile(&s.lat, 0.5), percentile(&s.lat, 0.95));
        p50.push(ms(a));
        println!(
            "  {:22} p50 {:7.1} ms   p95 {:7.1} ms",
            s.name,
            ms(a),
            ms(b)
        );
    }
    println!(
        "  ratio tuteur/echo p50: plain {:.2} (90%: {:.2}-{:.2}), encrypted {:.2} \
         (90%: {:.2}-{:.2}) (tuteur: !jardin nom through the engine, a sled flush and the \
         outbox)",
        p50[0] / p50[1],
        plain.0,
        plain.1,
        p50[3] / p50[4],
        encrypted.0,
        encrypted.1
    );
    if split {
        let echo_log = std::fs::read_to_string(echo_log.path()).unwrap_or_default();
        let sides = [
            ("tuteur", bot_side(&tuteur.logs(), TUTEUR_SEES)),
            ("echo bot", bot_side(&echo_log, ECHO_SEES)),
        ];
        println!(
            "  each bot's side of an answer, p50: from the sync response that brings the \
             command to the bot's own code meeting it (the SDK's processing of the sync), then \
             to the start of the answer's send (the bot's own work and the encryption)"
        );
        for (kind, k) in [("plain", 0), ("encrypted", 1)] {
            for (name, side) in &sides {
                println!(
                    "    {:22} {} + {} ({} answers)",
                    format!("{name} ({kind})"),
                    p50_of(side[k].iter().map(|s| s.0)),
                    p50_of(side[k].iter().map(|s| s.1)),
                    side[k].len()
                );
            }
        }
    }
}

/// The bot's side of each answer, from its log ([`SPLIT_LOG`]): from a sync response to
/// the line `sees` that follows it, and from there to the start of the send into a room
/// that follows; plain rooms first, then encrypted ones. Syncs without a command (the echo
/// of the bot's own answer) count for nothing.
fn bot_side(log: &str, sees: &str) -> [Vec<(Duration, Duration)>; 2] {
    let mut sides = [Vec::new(), Vec::new()];
    let mut synced = None;
    let mut seen = None;
    for line in log.lines() {
        let Some(at) = line
            .split_whitespace()
            .next()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        else {
            continue;
        };
        if line.contains("/v3/sync") && line.contains("Got response") {
            synced = Some(at);
            seen = None;
        } else if line.contains(sees) && synced.is_some() && seen.is_none() {
            seen = Some(at);
        } else if line.contains("/send/")
            && line.contains("Sending request")
            && let (Some(from), Some(met)) = (synced.take(), seen.take())
        {
            let k = usize::from(line.contains("/send/m.room.encrypted/"));
            type At = chrono::DateTime<chrono::FixedOffset>;
            let span = |a: At, b: At| (b - a).to_std().unwrap_or_default();
            sides[k].push((span(from, met), span(met, at)));
        }
    }
    sides
}

fn p50_of(v: impl Iterator<Item = Duration>) -> String {
    let mut v: Vec<Duration> = v.collect();
    if v.is_empty() {
        return "   - ".into();
    }
    v.sort();
    format!("{:5.2} ms", ms(percentile(&v, 0.5)))
}
