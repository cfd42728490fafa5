//! End-to-end latency against the local Synapse: from a member's command to the bot's
//! answer, for tuteur (the real binary, doing its real work: parsing, the engine, a
//! durable sled flush, the outbox) and, side by side in the same run, for a minimal
//! matrix-sdk echo bot written the way the SDK's examples write bots
//! (`add_event_handler` + `Client::sync`).
//!
//! Run: `scripts/bench-latency` (or `cargo bench --bench latency` with `.synapse/env`
//! sourced). `TUTEUR_BENCH_COMMANDS` sets the number of commands per bot (default 30).
//! `cargo test --all-targets` runs it too, with 5 commands, as a smoke test.
//!
//! Rhythm: a member answers quickly, as in a round of a ritual: the next command goes
//! `PAUSE` after the previous answer, to the same bot, in chunks of `CHUNK` commands that
//! alternate between the two bots (so both share the machine's ups and downs). The echo
//! bot's `Client::sync` sleeps 1 s whenever two syncs end less than a second apart (its
//! own answer comes back in the next sync at once), which is what a member answering
//! within that second waits for; tuteur drives `sync_once` itself and never sleeps.

#[path = "../tests/matrix_support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use matrix_sdk::config::SyncSettings;
use matrix_sdk::ruma::OwnedRoomId;
use matrix_sdk::ruma::events::room::member::StrippedRoomMemberEvent;
use matrix_sdk::ruma::events::room::message::{
    MessageType, OriginalSyncRoomMessageEvent, RoomMessageEventContent,
};
use matrix_sdk::{Client, Room};
use support::{Bot, Env, Member};

const PAUSE: Duration = Duration::from_millis(300);

/// Commands in a row to one bot before switching to the other.
const CHUNK: usize = 5;

/// The echo bot, in its own thread and runtime: ~30 lines of idiomatic matrix-sdk.
fn echo_bot(homeserver: String, user: String, password: String) {
    let rt = tokio::runtime::Runtime::new().expect("echo runtime");
    rt.block_on(async move {
        let client = Client::builder()
            .homeserver_url(homeserver)
            .build()
            .await
            .expect("echo client");
        client
            .matrix_auth()
            .login_username(&user, &password)
            .send()
            .await
            .expect("echo login");
        client.add_event_handler(
            |ev: StrippedRoomMemberEvent, room: Room, c: Client| async move {
                if Some(ev.state_key.as_ref()) == c.user_id() {
                    let _ = room.join().await;
                }
            },
        );
        let first = client
            .sync_once(SyncSettings::default())
            .await
            .expect("echo first sync");
        client.add_event_handler(|ev: OriginalSyncRoomMessageEvent, room: Room| async move {
            let MessageType::Text(text) = ev.content.msgtype else {
                return;
            };
            if let Some(rest) = text.body.strip_prefix("!echo ") {
                let reply = RoomMessageEventContent::notice_plain(format!("echo: {rest}"));
                let _ = room.send(reply).await;
            }
        });
        let settings = SyncSettings::default().token(first.next_batch);
        let _ = client.sync(settings).await;
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

#[tokio::main]
async fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let n: usize = if full {
        std::env::var("TUTEUR_BENCH_COMMANDS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(30)
    } else {
        5
    };
    let env = Env::get().await;
    let member = Member::new(&env, "alice").await;
    let mut tuteur = Bot::new(&env).await;
    tuteur.start(&["@alice-*:localhost"]);
    let (echo_id, echo_password) = env.register("echo").await;
    let hs = env.homeserver.clone();
    let echo_user = echo_id.to_string();
    std::thread::spawn(move || echo_bot(hs, echo_user, echo_password));

    let t_room = support::garden(&member, &[], &tuteur, false).await;
    let e_room = member.create_room(&[&echo_id], false).await;
    member
        .wait_for(&e_room, "the echo bot to join", |s| {
            s.kind() == "m.room.member"
                && s.json["state_key"] == echo_id.as_str()
                && s.content()["membership"] == "join"
        })
        .await;

    // Warm-up, not measured: first sends set up both sides' caches.
    for i in 0..2 {
        let tok = format!("warm-{i}-{:x}", rand::random::<u32>());
        round_trip(
            &member,
            &t_room,
            &tuteur.id,
            &format!("!constitution raison {tok}"),
            &tok,
        )
        .await;
        round_trip(&member, &e_room, &echo_id, &format!("!echo {tok}"), &tok).await;
    }
    let mut t_lat = Vec::with_capacity(n);
    let mut e_lat = Vec::with_capacity(n);
    let mut i = 0;
    while t_lat.len() < n {
        let chunk = CHUNK.min(n - t_lat.len());
        for _ in 0..chunk {
            i += 1;
            let tok = format!("bench-{i}-{:x}", rand::random::<u32>());
            tokio::time::sleep(PAUSE).await;
            let cmd = format!("!constitution raison {tok}");
            t_lat.push(round_trip(&member, &t_room, &tuteur.id, &cmd, &tok).await);
        }
        for _ in 0..chunk {
            i += 1;
            let tok = format!("bench-{i}-{:x}", rand::random::<u32>());
            tokio::time::sleep(PAUSE).await;
            e_lat.push(round_trip(&member, &e_room, &echo_id, &format!("!echo {tok}"), &tok).await);
        }
    }
    tuteur.assert_alive();
    t_lat.sort();
    e_lat.sort();
    let (t50, t95) = (percentile(&t_lat, 0.5), percentile(&t_lat, 0.95));
    let (e50, e95) = (percentile(&e_lat, 0.5), percentile(&e_lat, 0.95));
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!(
        "latency from a member's command to the bot's answer ({n} commands each, {build} build, \
         next command {PAUSE:?} after an answer, {CHUNK} in a row per bot)"
    );
    println!(
        "  tuteur    p50 {:7.1} ms   p95 {:7.1} ms   (!constitution raison <token>: engine + sled flush + outbox)",
        ms(t50),
        ms(t95)
    );
    println!(
        "  echo bot  p50 {:7.1} ms   p95 {:7.1} ms   (matrix-sdk add_event_handler + Client::sync)",
        ms(e50),
        ms(e95)
    );
    println!(
        "  ratio tuteur/echo  p50 {:.2}   p95 {:.2}",
        ms(t50) / ms(e50),
        ms(t95) / ms(e95)
    );
}
