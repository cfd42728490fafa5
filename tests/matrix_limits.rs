//! The bot under pressure, against a local Synapse with the real `tuteur` binary (see
//! tests/matrix_support): a kill between matrix-sdk's saving of its sync token and tuteur's
//! flush loses nothing, and a member's flood of météos runs one and refuses the rest.
//!
//! The two tests take turns (`QUIET`): the first needs a homeserver where nothing else
//! happens between two syncs, or its window would close by itself.

mod matrix_support;

use std::path::Path;
use std::time::Duration;

use matrix_sdk::SqliteStateStore;
use matrix_sdk::store::{StateStore, StateStoreDataKey, StateStoreDataValue};
use matrix_support::*;
use serde_json::Value;
use tuteur::store::{SledStore, Store, Tree, decode, key};

/// Held by each test of this file: one at a time on the homeserver.
static QUIET: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The sync token tuteur flushed to sled (the bot must be stopped).
fn sled_token(store: &Path) -> String {
    let sled = SledStore::open(store).expect("open the bot's sled store");
    let raw = sled
        .get(Tree::Meta, &key(&[b"matrix", b"sync_token"]))
        .expect("read sled")
        .expect("a sync token in sled");
    decode::<String>(Tree::Meta, &raw).expect("a token")
}

/// What the SDK's state store holds as its sync token.
async fn sdk_token(sdk: &SqliteStateStore) -> Option<String> {
    sdk.get_kv_data(StateStoreDataKey::SyncToken)
        .await
        .expect("read the SDK's store")
        .and_then(|v| v.into_sync_token())
}

/// Puts the bot's stores where a SIGKILL inside `sync_once` leaves them: the SDK has saved
/// the token of the batch that carries the latest messages, tuteur has not flushed it (its
/// sled token is the older one). Returns (sled's token, the SDK's new one).
async fn as_killed_after_the_sdk_saved(env: &Env, bot: &Bot) -> (String, String) {
    let sled = sled_token(&bot.store());
    let sdk = SqliteStateStore::open(bot.store().join("matrix/sdk"), Some(STORE_PASSPHRASE))
        .await
        .expect("open the bot's SDK store");
    // Even a clean stop may leave the SDK ahead (a stop drops a `sync_once` in flight,
    // maybe after its save): the test sets the SDK's token itself.
    assert!(sdk_token(&sdk).await.is_some(), "the SDK keeps a token");
    // The batch the bot would have been handling: a sync from sled's token with its token.
    let session: Value = serde_json::from_str(
        &std::fs::read_to_string(bot.store().join("matrix/session.json")).expect("session"),
    )
    .expect("session json");
    let access = session["access_token"].as_str().expect("access token");
    // Synapse's tokens are URL-safe (letters, digits, `_`, `~`).
    let url = format!(
        "{}/_matrix/client/v3/sync?since={sled}&timeout=0",
        env.homeserver
    );
    let text = reqwest::Client::new()
        .get(&url)
        .bearer_auth(access)
        .send()
        .await
        .expect("sync")
        .text()
        .await
        .expect("sync body");
    let response: Value = serde_json::from_str(&text).expect("sync json");
    let head = response["next_batch"]
        .as_str()
        .expect("next_batch")
        .to_owned();
    assert_ne!(head, sled, "the batch holds the new message");
    sdk.set_kv_data(
        StateStoreDataKey::SyncToken,
        StateStoreDataValue::SyncToken(head.clone()),
    )
    .await
    .expect("write the SDK's token");
    assert_eq!(sdk_token(&sdk).await.as_deref(), Some(head.as_str()));
    (sled, head)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kill_after_the_sdk_saved_its_token_loses_no_message_and_posts_nothing_twice() {
    let _quiet = QUIET.lock().await;
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let mut bot = Bot::new(&env).await;
    let allowed = ["@alice-*:localhost"];
    bot.start(&allowed);
    let room = garden(&alice, &[], &bot, false).await;
    alice.say(&room, "!aide").await;
    alice.wait_text(&room, &bot.id, "Commandes").await;
    assert_eq!(bot.stop(), Some(0));

    // Sent while the bot is down; then the stores as the kill leaves them.
    alice
        .say(
            &room,
            "!retour Le paillage garde l'humidité\nTout l'été sans arroser.",
        )
        .await;
    let (sled, head) = as_killed_after_the_sdk_saved(&env, &bot).await;
    bot.start(&allowed);

    let recorded = alice.wait_text(&room, &bot.id, "Retour R1 récolté").await;
    assert!(
        recorded.body().contains("Le paillage garde l'humidité"),
        "{}",
        recorded.body()
    );
    alice.say(&room, "!retours").await;
    let list = alice
        .wait_text(&room, &bot.id, "Le paillage garde l'humidité")
        .await;
    assert!(!list.body().contains("Aucun retour"), "{}", list.body());
    // Let a late duplicate arrive before judging.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let msgs = bot_messages(&alice, &bot, &room);
    let recorded = msgs
        .iter()
        .filter(|s| s.body().contains("Retour R1 récolté"))
        .count();
    assert_eq!(recorded, 1, "the retour is answered once");
    let mut marks = std::collections::HashSet::new();
    for s in &msgs {
        let mark = s.content()["fr.tuteur.outbox"].to_string();
        assert!(
            marks.insert(mark.clone()),
            "sent twice: {mark}: {}",
            s.body()
        );
    }
    let logs = bot.logs();
    assert!(
        logs.contains("replaying it from sled's sync token") && logs.contains(&sled),
        "the replay is logged with sled's token {sled} (the SDK had {head})"
    );
    bot.assert_alive();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_starting_thirty_meteos_gets_one_and_the_rest_refused() {
    let _quiet = QUIET.lock().await;
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let bob = Member::new(&env, "bob").await;
    let mut bot = Bot::new(&env).await;
    bot.start(&["@alice-*:localhost"]);
    // Alice made the room (a facilitator); Bob is a plain member.
    let room = garden(&alice, &[&bob], &bot, false).await;

    for _ in 0..30 {
        bob.say(&room, "!météo").await;
    }
    let refusal = "Une météo est déjà en cours (M1)";
    bob.wait_for(&room, "29 refusals", |_| {
        bot_messages(&bob, &bot, &room)
            .iter()
            .filter(|s| s.body().contains(refusal))
            .count()
            >= 29
    })
    .await;
    bob.say(&room, "!où").await;
    let status = bob.wait_text(&room, &bot.id, "Un rituel en cours").await;
    assert!(status.body().contains("M1"), "{}", status.body());
    tokio::time::sleep(Duration::from_millis(500)).await;

    let msgs = bot_messages(&bob, &bot, &room);
    let opened = msgs
        .iter()
        .filter(|s| s.body().contains("☀️ Météo"))
        .map(|s| s.body().to_owned())
        .collect::<Vec<_>>();
    assert_eq!(opened.len(), 1, "{opened:?}");
    assert!(opened[0].contains("Météo M1"), "{}", opened[0]);
    let refused: Vec<_> = msgs.iter().filter(|s| s.body().contains(refusal)).collect();
    assert_eq!(refused.len(), 29);
    for r in &refused {
        // The refusal names the running run and answers the command as a reply.
        assert!(r.body().contains("• M1"), "{}", r.body());
        assert!(r.mentions().is_empty(), "{:?}", r.mentions());
        assert!(r.reply_to().is_some(), "{}", r.json);
    }
    bot.assert_alive();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_too_large_for_one_event_is_shortened_and_delivered_not_dropped() {
    let _quiet = QUIET.lock().await;
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let mut bot = Bot::new(&env).await;
    bot.start(&["@alice-*:localhost"]);
    let room = garden(&alice, &[], &bot, false).await;

    // A proposal of 60,000 characters: the member's event fits, the bot's announcement,
    // which repeats it in its body and its HTML, would not (413 M_TOO_LARGE).
    let proposal = format!("Début de la proposition {}", "& <compost> ".repeat(5_000));
    alice.say(&room, &format!("!décision {proposal}")).await;
    let announce = alice.wait_text(&room, &bot.id, "Décision D1").await;
    assert!(
        announce.body().contains("Début de la proposition")
            && announce.body().contains("Raccourci"),
        "{}",
        &announce.body()[announce.body().len().saturating_sub(300)..]
    );
    let size = serde_json::to_vec(announce.content()).expect("json").len();
    assert!(size < 65_536, "{size} bytes");
    // Its thread goes on: the announcement was recorded as the run's thread root.
    let clarification = alice.wait_text(&room, &bot.id, "Clarification (D1)").await;
    assert_eq!(clarification.thread_root(), Some(announce.id()));
    assert!(
        !bot.logs().contains("refused by the homeserver"),
        "nothing was refused"
    );
    bot.assert_alive();
}
