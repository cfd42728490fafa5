//! Running the bot for real, against Synapse: `tuteur check` on good and bad
//! configurations, `/health` and `/metrics` scraped while members talk, and outages — the
//! homeserver stopped for 60 s in the middle of a decision, and the bot started while its
//! homeserver is down. The outage scenarios stop a Synapse of their own (the shared one
//! stays up for the tests running beside them) and run concurrently in one test, so the
//! minute of downtime is spent once.

mod matrix_support;

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use matrix_support::*;

fn check(config: &Path, password: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tuteur"))
        .args(["check", "--config"])
        .arg(config)
        .args(["--lang", "fr"])
        .env("TUTEUR_OPS_PASSWORD", password)
        .output()
        .expect("tuteur check runs")
}

fn shown(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_accepts_a_good_configuration_and_names_a_wrong_password() {
    let env = Env::get().await;
    let (user, password) = env.register("tuteur").await;
    let dir = tempfile::tempdir().expect("dir");
    let config = dir.path().join("tuteur.toml");
    let write = |inviters: &str| {
        std::fs::write(
            &config,
            format!(
                "[matrix]\nhomeserver = {:?}\nuser = {:?}\npassword_env = \"TUTEUR_OPS_PASSWORD\"\n\
                 [bot]\nstore = \"data\"\nallowed_inviters = [{inviters}]\n\
                 store_passphrase_env = \"TUTEUR_OPS_PASSWORD\"\n",
                env.homeserver,
                user.as_str()
            ),
        )
        .expect("config");
    };

    write("\"@*:localhost\"");
    let out = check(&config, &password);
    let said = shown(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("✓ Configuration"), "{said}");
    assert!(
        said.contains(&format!("✓ Serveur {}", env.homeserver)),
        "{said}"
    );
    assert!(said.contains(&format!("✓ Compte {user}")), "{said}");
    assert!(said.contains("Tout est prêt"), "{said}");
    assert!(!said.contains('⚠'), "{said}");
    assert!(!dir.path().join("data").exists(), "check changes nothing");

    let out = check(&config, "not-the-password");
    let said = shown(&out);
    assert_eq!(out.status.code(), Some(78), "{said}");
    assert!(said.contains("✗ matrix.password_env :"), "{said}");
    assert!(said.contains("code de sortie 78"), "{said}");

    write("");
    let out = check(&config, &password);
    let said = shown(&out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a warning does not fail: {said}"
    );
    assert!(
        said.contains("⚠ bot.allowed_inviters est vide : le bot refusera toutes les invitations. Ajoutez par exemple \"@*:localhost\""),
        "{said}"
    );
}

/// The value of an unlabelled metric line `name value`.
fn metric(text: &str, name: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in\n{text}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_metrics_follow_a_burst_of_commands() {
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let mut bot = Bot::new(&env).await;
    let port = free_port();
    bot.extra = format!("[metrics]\nlisten = \"127.0.0.1:{port}\"\n");
    bot.start(&["@alice-*:localhost"]);
    let room = garden(&alice, &[], &bot, false).await;
    let http = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    let health = http
        .get(format!("{base}/health"))
        .send()
        .await
        .expect("health answers");
    assert_eq!(health.status().as_u16(), 200);
    assert!(
        health
            .text()
            .await
            .expect("body")
            .starts_with("ok: last sync")
    );
    let scrape = || async {
        http.get(format!("{base}/metrics"))
            .send()
            .await
            .expect("metrics answer")
            .text()
            .await
            .expect("metrics body")
    };
    let before = scrape().await;
    assert_eq!(metric(&before, "tuteur_gardens"), 1.0, "{before}");
    assert_eq!(metric(&before, "tuteur_outbox_depth"), 0.0, "{before}");

    // A scraper every 20 ms while 20 commands arrive at once.
    let done = Arc::new(AtomicBool::new(false));
    let scraper = {
        let (done, http, base) = (Arc::clone(&done), http.clone(), base.clone());
        tokio::spawn(async move {
            let mut seen = Vec::new();
            for _ in 0..3_000 {
                if done.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(r) = http.get(format!("{base}/metrics")).send().await
                    && let Ok(t) = r.text().await
                {
                    seen.push((
                        metric(&t, "tuteur_events_handled_total"),
                        metric(&t, "tuteur_outbox_depth"),
                    ));
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            seen
        })
    };
    // Each command carries its own number: Synapse gives two identical events sent in
    // the same millisecond on the same parents one event id (ids are content hashes),
    // and keeps one of them.
    let burst = (0..20).map(|i| {
        alice.send(
            &room,
            serde_json::json!({"msgtype": "m.text", "body": "!où", "test.burst.n": i}),
        )
    });
    let ids = futures_util::future::join_all(burst).await;
    let mut distinct = ids.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 20, "20 events were sent: {ids:?}");
    alice
        .wait_nth(&room, &bot.id, "Aucun rituel en cours", 20)
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    done.store(true, Ordering::SeqCst);
    let seen = scraper.await.expect("scraper");
    let after = scrape().await;

    let start = metric(&before, "tuteur_events_handled_total");
    let deepest = seen.iter().map(|(_, d)| *d).fold(0.0, f64::max);
    assert!(
        deepest >= 1.0,
        "the outbox depth rose while the answers went out: {seen:?}"
    );
    assert_eq!(
        metric(&after, "tuteur_outbox_depth"),
        0.0,
        "and fell: {after}"
    );
    assert!(
        metric(&after, "tuteur_events_handled_total") >= start + 20.0,
        "{after}"
    );
    assert!(
        seen.windows(2).all(|w| w[1].0 >= w[0].0),
        "events handled only rise"
    );
    assert!(
        metric(&after, "tuteur_answers_sent_total") >= 20.0,
        "{after}"
    );
    assert!(after.contains("tuteur_event_lag_seconds_bucket"), "{after}");
    // A backup while the bot runs: the bot makes it and sends it over its socket.
    let archive = bot.dir().join("live.backup");
    let out = Command::new(env!("CARGO_BIN_EXE_tuteur"))
        .args(["backup", "--lang", "en", "--store"])
        .arg(bot.store())
        .arg("--out")
        .arg(&archive)
        .output()
        .expect("tuteur backup runs");
    let said = shown(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("made by the running bot"), "{said}");
    assert!(said.contains("one garden"), "{said}");
    let restored = bot.dir().join("restored");
    let out = Command::new(env!("CARGO_BIN_EXE_tuteur"))
        .args(["restore", "--lang", "en", "--store"])
        .arg(&restored)
        .arg("--from")
        .arg(&archive)
        .output()
        .expect("tuteur restore runs");
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out));
    println!(
        "metrics: deepest outbox {deepest}, events handled {} -> {}",
        start,
        metric(&after, "tuteur_events_handled_total")
    );
    bot.assert_alive();
}

/// Blocks this worker (not the others) while `synapse.sh` stops or starts a homeserver.
fn blocking<T>(f: impl FnOnce() -> T) -> T {
    tokio::task::block_in_place(f)
}

/// The homeserver stopped for 60 s during a decision's clarification step: the bot stays
/// up and answers the next command within 10 s of the homeserver's return.
async fn down_for_a_minute_mid_decision() -> Duration {
    let hs = blocking(OwnHomeserver::start);
    let env = hs.env();
    let alice = Member::new(&env, "alice").await;
    let bob = Member::new(&env, "bob").await;
    let mut bot = Bot::new(&env).await;
    bot.start(&["@alice-*:localhost"]);
    let room = garden(&alice, &[&bob], &bot, false).await;
    alice.say(&room, "!décision Un composteur collectif").await;
    let root = alice
        .wait_for(&room, "the announcement", |s| {
            s.sender() == bot.id.as_str()
                && s.body().contains("Décision D1")
                && s.thread_root().is_none()
        })
        .await
        .id()
        .to_owned();
    alice.wait_text(&room, &bot.id, "Clarification (D1)").await;

    blocking(|| hs.stop());
    tokio::time::sleep(Duration::from_secs(60)).await;
    bot.assert_alive();
    blocking(|| hs.restart());
    let back = Instant::now();
    alice.say_in(&room, &root, "!suivant").await;
    let answer = alice
        .wait_for_long(&room, Duration::from_secs(60), "Réactions (D1)", |s| {
            s.sender() == bot.id.as_str() && s.body().contains("Réactions (D1)")
        })
        .await;
    let took = answer.at.saturating_duration_since(back);
    assert!(
        took <= Duration::from_secs(10),
        "answered {took:?} after the homeserver's return"
    );
    // The decision goes on, and nothing was said twice.
    bob.say_in(&room, &root, "Ça me parle").await;
    let reactions = bot_messages(&alice, &bot, &room)
        .iter()
        .filter(|s| s.body().contains("Réactions (D1)"))
        .count();
    assert_eq!(reactions, 1);
    let logs = bot.logs();
    assert!(logs.contains("sync failed; retrying"), "{logs}");
    assert!(logs.contains("syncing again"), "{logs}");
    bot.assert_alive();
    took
}

/// The bot started while its homeserver is down keeps trying (each attempt logged) and
/// answers once the homeserver is up.
async fn started_while_the_homeserver_is_down() -> Duration {
    let hs = blocking(OwnHomeserver::start);
    let env = hs.env();
    let alice = Member::new(&env, "alice").await;
    let mut bot = Bot::new(&env).await;
    blocking(|| hs.stop());
    bot.start(&["@alice-*:localhost"]);
    tokio::time::sleep(Duration::from_secs(20)).await;
    bot.assert_alive();
    let attempts = bot
        .logs()
        .matches("cannot log in yet; trying again")
        .count();
    assert!(attempts >= 2, "each attempt is logged: {}", bot.logs());
    blocking(|| hs.restart());
    let back = Instant::now();
    let room = garden(&alice, &[], &bot, false).await;
    alice.say(&room, "!aide").await;
    let help = alice
        .wait_text(&room, &bot.id, "Commandes que tu peux utiliser")
        .await;
    bot.assert_alive();
    help.at.saturating_duration_since(back)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn outages_are_waited_out_and_the_bot_is_back_within_seconds() {
    let (mid_decision, at_start) = tokio::join!(
        down_for_a_minute_mid_decision(),
        started_while_the_homeserver_is_down()
    );
    println!(
        "outage: answered {mid_decision:?} after a 60 s outage ended; started while down, \
         answered {at_start:?} after the homeserver came up"
    );
    assert!(
        at_start <= Duration::from_secs(30),
        "answered {at_start:?} after the homeserver came up (a room to create and join included)"
    );
}
