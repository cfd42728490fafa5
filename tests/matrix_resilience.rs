//! The bot as a service: invites, encrypted rooms, restarts, a SIGKILL in the middle of a
//! decision, a long downtime. The real `tuteur` binary against a local Synapse (see
//! tests/matrix_support).

mod matrix_support;

use std::time::Duration;

use matrix_sdk::ruma::OwnedRoomId;
use matrix_support::proxy::{Proxy, Sends};
use matrix_support::*;

fn is_bot_membership(s: &Seen, bot: &Bot, membership: &str) -> bool {
    s.kind() == "m.room.member"
        && s.json["state_key"] == bot.id.as_str()
        && s.content()["membership"] == membership
}

fn device_of(bot: &Bot) -> String {
    let text =
        std::fs::read_to_string(bot.store().join("matrix/session.json")).expect("session file");
    let json: serde_json::Value = serde_json::from_str(&text).expect("session json");
    json["device_id"].as_str().expect("device id").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joins_on_an_allowed_invite_and_rejects_a_disallowed_one() {
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let eve = Member::new(&env, "eve").await;
    let mut bot = Bot::new(&env).await;
    bot.start(&[alice.id.as_str()]);

    let room = garden(&alice, &[], &bot, false).await;
    alice.say(&room, "!aide").await;
    let help = alice
        .wait_text(&room, &bot.id, "Commandes que tu peux utiliser")
        .await;
    assert_eq!(help.content()["msgtype"], "m.notice");

    let other = eve.create_room(&[&bot.id], false).await;
    eve.wait_for(&other, "the bot to reject the invite", |s| {
        is_bot_membership(s, &bot, "leave")
    })
    .await;
    assert!(
        !eve.seen(&other)
            .iter()
            .any(|s| is_bot_membership(s, &bot, "join")),
        "the bot never joined"
    );
    bot.assert_alive();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_encrypted_room_is_answered_and_still_after_a_restart_on_the_same_device() {
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let bob = Member::new(&env, "bob").await;
    let mut bot = Bot::new(&env).await;
    bot.start(&["@alice-*:localhost"]);
    let room = garden(&alice, &[&bob], &bot, true).await;

    alice.say(&room, "!aide").await;
    let help = alice
        .wait_text(&room, &bot.id, "Commandes que tu peux utiliser")
        .await;
    assert!(help.encrypted, "the bot answered encrypted");
    let device = device_of(&bot);

    assert_eq!(bot.stop(), Some(0), "SIGTERM stops the bot cleanly");
    bot.start(&["@alice-*:localhost"]);
    bob.say(&room, "!où").await;
    let status = bob
        .wait_for(&room, "the bot's answer after the restart", |s| {
            s.sender() == bot.id.as_str()
                && s.kind() == "m.room.message"
                && s.encrypted
                && !s.body().contains("Commandes")
        })
        .await;
    assert!(!status.utd);
    assert_eq!(device_of(&bot), device, "same device after a restart");
    assert!(
        !bob.seen(&room)
            .iter()
            .any(|s| s.utd && s.sender() == bot.id.as_str()),
        "every bot message is readable"
    );
    bot.assert_alive();
}

/// The bot's messages in order, as (thread root or "", body) pairs.
fn transcript(m: &Member, bot: &Bot, room: &OwnedRoomId) -> Vec<(String, String)> {
    bot_messages(m, bot, room)
        .iter()
        .map(|s| {
            (
                s.thread_root().unwrap_or_default().to_owned(),
                s.body().to_owned(),
            )
        })
        .collect()
}

fn assert_each_once(m: &Member, bot: &Bot, room: &OwnedRoomId) {
    let msgs = bot_messages(m, bot, room);
    let mut marks = std::collections::HashSet::new();
    for s in &msgs {
        let mark = s.content()["fr.tuteur.outbox"].to_string();
        assert!(
            marks.insert(mark.clone()),
            "bot message sent twice: {mark}: {}",
            s.body()
        );
    }
    let t = transcript(m, bot, room);
    for (i, a) in t.iter().enumerate() {
        for b in &t[i + 1..] {
            // Prompts repeat on purpose (a new round of objections says "tour 2"), never
            // verbatim.
            assert_ne!(a, b, "the same message twice in the same place");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_mid_decision_then_restarted_it_goes_on_without_duplicates_or_losses() {
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let bob = Member::new(&env, "bob").await;
    let carol = Member::new(&env, "carol").await;
    let mut bot = Bot::new(&env).await;
    let allowed = ["@alice-*:localhost"];
    bot.start(&allowed);
    let room = garden(&alice, &[&bob, &carol], &bot, false).await;

    alice
        .say(
            &room,
            &format!("!décision pour {} : Jardiner le samedi", bob.id),
        )
        .await;
    let t = alice
        .wait_for(&room, "the announcement", |s| {
            s.sender() == bot.id.as_str()
                && s.body().contains("Décision D1")
                && s.thread_root().is_none()
        })
        .await
        .id()
        .to_owned();
    alice.wait_text(&room, &bot.id, "Clarification (D1)").await;

    // Killed right after a command that makes two messages.
    alice.say_in(&room, &t, "!suivant").await;
    bot.kill9();
    // Contributions while the bot is down are not lost.
    alice.say_in(&room, &t, "Ça me parle").await;
    bob.say_in(&room, &t, "Oui").await;
    bot.start(&allowed);
    alice.wait_text(&room, &bot.id, "Réactions (D1)").await;

    // Killed again just after the last contribution of the round.
    carol.say_in(&room, &t, "Pourquoi pas").await;
    tokio::time::sleep(Duration::from_millis(150)).await;
    bot.kill9();
    bot.start(&allowed);
    alice.wait_text(&room, &bot.id, "Amendement (D1)").await;
    // Killed between the two messages of one answer: the second is sent after the
    // restart, once (the same transaction id if it had left already).
    bob.say_in(&room, &t, "!suivant").await;
    alice.wait_text(&room, &bot.id, "gardé tel quel").await;
    bot.kill9();
    bot.start(&allowed);
    alice
        .wait_text(&room, &bot.id, "Objections (D1, tour 1)")
        .await;
    for m in [&alice, &bob] {
        m.say_in(&room, &t, "!consens").await;
    }
    bot.kill9();
    carol.say_in(&room, &t, "!consens").await;
    bot.start(&allowed);
    alice.wait_text(&room, &bot.id, "Décision D1 adoptée").await;
    alice.wait_text(&room, &bot.id, "Participant·e·s").await;
    // Let any late duplicate arrive before judging.
    carol.say(&room, "!décisions").await;
    let reg = carol
        .wait_text(&room, &bot.id, "Registre des décisions")
        .await;
    assert!(reg.body().contains("Jardiner le samedi"), "{}", reg.body());
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_each_once(&alice, &bot, &room);
    let amendments = transcript(&alice, &bot, &room)
        .iter()
        .filter(|(_, b)| b.contains("Amendement (D1)"))
        .count();
    assert_eq!(amendments, 1);
    bot.assert_alive();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_downtime_is_caught_up_through_a_limited_timeline() {
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let mut bot = Bot::new(&env).await;
    bot.start(&["@alice-*:localhost"]);
    let room = garden(&alice, &[], &bot, false).await;
    alice.say(&room, "!où").await;
    alice.wait_text(&room, &bot.id, "").await;
    assert_eq!(bot.stop(), Some(0));

    // A command, then more chatter than one sync shows (100 events per room).
    alice.say(&room, "!aide").await;
    for i in 0..110 {
        alice.say(&room, &format!("bavardage {i}")).await;
    }
    alice.say(&room, "!constitution").await;
    bot.start(&["@alice-*:localhost"]);
    alice
        .wait_text(&room, &bot.id, "Commandes que tu peux utiliser")
        .await;
    alice
        .wait_text(&room, &bot.id, "Constitution du jardin")
        .await;
    let helps = bot_messages(&alice, &bot, &room)
        .iter()
        .filter(|s| s.body().contains("Commandes que tu peux utiliser"))
        .count();
    assert_eq!(helps, 1);
    assert!(
        bot.logs().contains("timeline was limited"),
        "the catch-up went through the limited-timeline path"
    );
    bot.assert_alive();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kick_cancels_the_running_rituals_and_keeps_the_memory() {
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let bob = Member::new(&env, "bob").await;
    let mut bot = Bot::new(&env).await;
    bot.start(&["@alice-*:localhost"]);
    let room = garden(&alice, &[&bob], &bot, false).await;
    alice.say(&room, "!décision Un composteur collectif").await;
    alice.wait_text(&room, &bot.id, "Clarification (D1)").await;

    let r = alice.joined(&room).await;
    r.kick_user(&bot.id, Some("test")).await.expect("kick");
    alice
        .wait_for(&room, "the kick", |s| is_bot_membership(s, &bot, "leave"))
        .await;
    // Invited back, the bot finds its memory: D1 cancelled and in the register.
    r.invite_user_by_id(&bot.id).await.expect("invite again");
    let joins = || {
        alice
            .seen(&room)
            .iter()
            .filter(|s| is_bot_membership(s, &bot, "join"))
            .count()
    };
    alice
        .wait_for(&room, "the bot back", |_| joins() >= 2)
        .await;
    alice.say(&room, "!où").await;
    alice
        .wait_text(&room, &bot.id, "Aucun rituel en cours")
        .await;
    alice.say(&room, "!décisions").await;
    let reg = alice
        .wait_text(&room, &bot.id, "Registre des décisions")
        .await;
    assert!(reg.body().contains("annulée"), "{}", reg.body());
    assert!(
        reg.body().contains("Un composteur collectif"),
        "{}",
        reg.body()
    );
    bot.assert_alive();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_undecryptable_message_is_retried_then_its_sender_is_told_once() {
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let mut bot = Bot::new(&env).await;
    bot.start(&["@alice-*:localhost"]);
    let room = garden(&alice, &[], &bot, true).await;
    alice.say(&room, "!aide").await;
    alice.wait_text(&room, &bot.id, "Commandes").await;

    // An encrypted event whose room key never reaches the bot.
    let url = format!(
        "{}/_matrix/client/v3/rooms/{}/send/m.room.encrypted/utd-{}",
        env.homeserver,
        room,
        rand::random::<u32>()
    );
    let content = serde_json::json!({
        "algorithm": "m.megolm.v1.aes-sha2",
        "ciphertext": "AwgAEnB4om2g6gUvW9bNtNMWh1RzScSvCqaP6GxnAYwdCNVVw9PDpNozZHbwpDvSoVyX8sAxkSDDJcKEwNtqrAJWiS4zU3gL8EvdmVXvnWTBqM1J1T0U3AhxrZ4Ym1iK",
        "sender_key": "BwFDe7R3JJRCH/k0uN8RvY+Bp2uDiTzGAgfBS1YqbzM",
        "device_id": "NOSUCHDEVICE",
        "session_id": "N8yLc9Kd+FvbpWjbSFyjmvBY4BErTrBGF4qBKXbmBvs",
    });
    let r = reqwest::Client::new()
        .put(&url)
        .bearer_auth(alice.client.access_token().expect("token"))
        .header("Content-Type", "application/json")
        .body(content.to_string())
        .send()
        .await
        .expect("send");
    assert!(r.status().is_success(), "{:?}", r.text().await);
    let told = alice
        .wait_for_long(
            &room,
            std::time::Duration::from_secs(120),
            "the bot to say it cannot read",
            |s| s.sender() == bot.id.as_str() && s.body().contains("déchiffrer"),
        )
        .await;
    assert_eq!(told.mentions(), vec![alice.id.to_string()]);
    assert!(
        bot.logs().contains("cannot decrypt an event yet"),
        "kept for retries first"
    );
    // Still answered normally afterwards, and told only once.
    alice.say(&room, "!où").await;
    alice.wait_text(&room, &bot.id, "Aucun rituel").await;
    let told = bot_messages(&alice, &bot, &room)
        .iter()
        .filter(|s| s.body().contains("déchiffrer"))
        .count();
    assert_eq!(told, 1);
    bot.assert_alive();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_direct_chat_opened_by_a_member_is_answered_there_and_only_for_members() {
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let dominique = Member::new(&env, "dominique").await;
    let mut bot = Bot::new(&env).await;
    bot.start(&["@alice-*:localhost", "@dominique-*:localhost"]);
    let _garden = garden(&alice, &[], &bot, false).await;

    // create_dm makes an encrypted direct chat, as Element does.
    let dm = alice
        .client
        .create_dm(&bot.id)
        .await
        .expect("dm")
        .room_id()
        .to_owned();
    alice
        .wait_for(&dm, "the bot in the direct chat", |s| {
            is_bot_membership(s, &bot, "join")
        })
        .await;
    alice.say(&dm, "!aide").await;
    let help = alice
        .wait_text(&dm, &bot.id, "Commandes que tu peux utiliser")
        .await;
    assert!(help.encrypted);

    // Dominique is in no garden of the bot: nothing counts for her.
    let other = dominique
        .client
        .create_dm(&bot.id)
        .await
        .expect("dm")
        .room_id()
        .to_owned();
    dominique
        .wait_for(&other, "the bot in her direct chat", |s| {
            is_bot_membership(s, &bot, "join")
        })
        .await;
    dominique.say(&other, "!aide").await;
    alice.say(&dm, "!où").await;
    alice.wait_text(&dm, &bot.id, "Aucun rituel en cours").await;
    assert!(
        bot_messages(&dominique, &bot, &other).is_empty(),
        "a direct message counts only for gardens where its sender is a member"
    );
    bot.assert_alive();
}

/// How many of the bot's messages in `room` contain `text`.
fn count(m: &Member, bot: &Bot, room: &OwnedRoomId, text: &str) -> usize {
    bot_messages(m, bot, room)
        .iter()
        .filter(|s| s.body().contains(text))
        .count()
}

/// Killed at the one moment a batch's answer exists only in the bot's store: after the
/// flush, while its send is on the wire (held by a proxy between the bot and Synapse).
/// First the send never reached the homeserver; then the homeserver kept the message and
/// the bot never heard back. After each restart the answer is in the room exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_between_a_batchs_flush_and_its_sends_nothing_is_lost_or_doubled() {
    let env = Env::get().await;
    let proxy = Proxy::start(&env.homeserver).await;
    let alice = Member::new(&env, "alice").await;
    let mut bot = Bot::new(&env).await;
    bot.homeserver = Some(proxy.url.clone());
    let allowed = ["@alice-*:localhost"];
    bot.start(&allowed);
    let room = garden(&alice, &[], &bot, false).await;
    alice.say(&room, "!décisions").await;
    alice
        .wait_nth(&room, &bot.id, "registre des décisions est vide", 1)
        .await;

    // The send never left: the answer waits in the store and goes after the restart.
    proxy.sends(Sends::Hold);
    alice.say(&room, "!constitution").await;
    proxy.wait_stopped(1, WAIT).await;
    bot.kill9();
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        count(&alice, &bot, &room, "Constitution du jardin"),
        0,
        "the held send reached the room"
    );
    proxy.sends(Sends::Pass);
    bot.start(&allowed);
    alice
        .wait_text(&room, &bot.id, "Constitution du jardin")
        .await;

    // The homeserver has the answer, the bot does not know (its syncs are held too): the
    // restart must not post it again. The bot's first sync after the restart shows it its
    // own message (the outbox mark in it), and a resend would carry the same transaction
    // id, which the homeserver answers with the event it already has.
    proxy.sends(Sends::Swallow);
    alice.say(&room, "!aide").await;
    proxy.wait_stopped(2, WAIT).await;
    alice
        .wait_text(&room, &bot.id, "Commandes que tu peux utiliser")
        .await;
    bot.kill9();
    proxy.sends(Sends::Pass);
    bot.start(&allowed);
    // A garden's messages go out in order: a resend would come before this answer.
    alice.say(&room, "!où").await;
    alice
        .wait_text(&room, &bot.id, "Aucun rituel en cours")
        .await;
    tokio::time::sleep(Duration::from_secs(1)).await;

    assert_eq!(count(&alice, &bot, &room, "Constitution du jardin"), 1);
    assert_eq!(
        count(&alice, &bot, &room, "Commandes que tu peux utiliser"),
        1
    );
    assert_each_once(&alice, &bot, &room);
    assert_eq!(proxy.stopped(), 2, "each stopped send was the one expected");
    bot.assert_alive();
}

/// Members' clients send typing notices and read receipts all day; the bot reads neither,
/// so they do not end its long-poll (each would cost a sync and the SDK's store writes,
/// in every garden). Counted at a proxy between the bot and Synapse: the bot's syncs
/// while a member starts and stops typing and reads, against one per change without its
/// filter. It still hears the next command.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_and_read_receipts_do_not_wake_the_bot() {
    use matrix_sdk::ruma::api::client::receipt::create_receipt::v3::ReceiptType;
    use matrix_sdk::ruma::events::receipt::ReceiptThread;

    const SIGNALS: usize = 6;
    let env = Env::get().await;
    let proxy = Proxy::start(&env.homeserver).await;
    let alice = Member::new(&env, "alice").await;
    let mut bot = Bot::new(&env).await;
    bot.homeserver = Some(proxy.url.clone());
    bot.start(&["@alice-*:localhost"]);
    let room = garden(&alice, &[], &bot, false).await;
    alice.say(&room, "!où").await;
    let answer = alice
        .wait_text(&room, &bot.id, "Aucun rituel en cours")
        .await;
    let answer = matrix_sdk::ruma::OwnedEventId::try_from(answer.id()).expect("an event id");
    // The answer's own echo comes back in the bot's next sync: let it settle.
    tokio::time::sleep(Duration::from_secs(2)).await;

    let joined = alice.joined(&room).await;
    let before = proxy.gets("/sync");
    // Each a change the homeserver tells the room about: typing starts and stops, then
    // a read receipt.
    for i in 0..SIGNALS {
        joined
            .typing_notice(i % 2 == 0)
            .await
            .expect("typing notice");
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    joined
        .send_single_receipt(ReceiptType::Read, ReceiptThread::Unthreaded, answer)
        .await
        .expect("read receipt");
    tokio::time::sleep(Duration::from_millis(400)).await;
    let woken = proxy.gets("/sync") - before;
    assert!(
        woken <= 1,
        "{SIGNALS} typing notices and a read receipt made the bot sync {woken} times"
    );
    alice.say(&room, "!où").await;
    alice
        .wait_nth(&room, &bot.id, "Aucun rituel en cours", 2)
        .await;
    bot.assert_alive();
}
