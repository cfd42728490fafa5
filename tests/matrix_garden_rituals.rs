//! A garden's own ritual, added from its room: the real `tuteur` binary against a local
//! Synapse, members played by matrix-sdk clients. A facilitator attaches the file (in an
//! encrypted room, so the bot downloads and decrypts it) with `!rituel ajouter` as its
//! caption, or answers a file with the command; the garden runs it in its own words; a
//! member who is not a facilitator cannot add one; another garden neither sees nor runs
//! it; after a restart it is still there.

mod matrix_support;

use matrix_sdk::attachment::AttachmentConfig;
use matrix_sdk::ruma::events::room::message::TextMessageEventContent;
use matrix_sdk::ruma::{OwnedEventId, OwnedRoomId};
use matrix_support::*;
use serde_json::json;

const WELCOME: &str = r#"# A welcome round, in the garden's own words.
name = "accueil"
family = "custom"
title.fr = "Tour d'accueil"
title.en = "Welcome round"

[[steps]]
id = "annonce"
kind = "announce"
message.fr = "🌼 Tour d'accueil { $id } : comment arrives-tu ? { $text }"
message.en = "🌼 Welcome round { $id }: how are you arriving? { $text }"

[[steps]]
id = "tour"
kind = "round"
message.fr = "Ordre : { $order }. { $first }, à toi."
message.en = "Order: { $order }. { $first }, your turn."
deadline = "30m"

[[steps]]
id = "fin"
kind = "record"
message.fr = "🙏 Tour d'accueil { $id } terminé, merci { $speakers }."
message.en = "🙏 Welcome round { $id } is over, thank you { $speakers }."
summary = "speakers"
"#;

/// The bot's answer to the event `to` (answers to commands are replies).
async fn answer(m: &Member, bot: &Bot, room: &OwnedRoomId, to: &OwnedEventId) -> Seen {
    m.wait_for(room, &format!("the bot's answer to {to}"), |s| {
        s.sender() == bot.id.as_str() && s.reply_to() == Some(to.as_str())
    })
    .await
}

/// The bodies of the bot's messages in `room`.
fn bot_bodies(m: &Member, bot: &Bot, room: &OwnedRoomId) -> Vec<String> {
    bot_messages(m, bot, room)
        .iter()
        .map(|s| s.body().to_owned())
        .collect()
}

/// Uploads `source` as the file `name`, with `caption` when given.
async fn attach(m: &Member, room: &OwnedRoomId, name: &str, source: &str, caption: Option<&str>) {
    let joined = m.joined(room).await;
    let config = AttachmentConfig::new().caption(caption.map(TextMessageEventContent::plain));
    joined
        .send_attachment(name, &mime::TEXT_PLAIN, source.as_bytes().to_vec(), config)
        .await
        .expect("send the file");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_facilitator_adds_a_ritual_from_the_room_and_only_their_garden_has_it() {
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let bob = Member::new(&env, "bob").await;
    let dominique = Member::new(&env, "dominique").await;
    let eve = Member::new(&env, "eve").await;
    let mut bot = Bot::new(&env).await;
    bot.start(&["@alice-*:localhost", "@dominique-*:localhost"]);
    let ours = garden(&alice, &[&bob], &bot, true).await;
    let theirs = garden(&dominique, &[&eve], &bot, false).await;

    // A member who is not a facilitator cannot add a ritual, even pasted in a code block.
    let asked = bob
        .say(&ours, &format!("!rituel ajouter\n```toml\n{WELCOME}```"))
        .await;
    let refused = answer(&bob, &bot, &ours, &asked).await;
    assert!(
        refused.body().contains("facilita"),
        "bob is told why: {}",
        refused.body()
    );

    // The facilitator attaches the file with the command as its caption.
    attach(
        &alice,
        &ours,
        "accueil.toml",
        WELCOME,
        Some("!rituel ajouter"),
    )
    .await;
    let added = says(&alice, &bot, &ours, "est gardé pour ce jardin").await;
    assert!(
        added.body().contains("Tour d'accueil") && added.body().contains("!rituel accueil"),
        "{}",
        added.body()
    );

    // It runs in its own words, placeholders filled.
    alice.say(&ours, "!rituel accueil").await;
    let announce = says(&alice, &bot, &ours, "comment arrives-tu ?").await;
    assert!(
        announce.body().starts_with("🌼 Tour d'accueil C") && !announce.body().contains('$'),
        "{}",
        announce.body()
    );
    let order = says(&alice, &bot, &ours, "Ordre :").await;
    assert!(
        order.body().contains("alice") && order.body().contains("bob"),
        "{}",
        order.body()
    );

    alice.say_in(&ours, announce.id(), "détendue").await;
    bob.say_in(&ours, announce.id(), "curieux").await;
    let done = says(&alice, &bot, &ours, "terminé, merci").await;
    assert!(done.body().contains("bob"), "{}", done.body());

    // The other garden neither sees it nor runs it.
    let asked = dominique.say(&theirs, "!rituel liste").await;
    let list = answer(&dominique, &bot, &theirs, &asked).await;
    assert!(
        list.body().contains("pas encore de rituel") && !list.body().contains("accueil"),
        "{}",
        list.body()
    );
    let asked = dominique.say(&theirs, "!rituel accueil").await;
    let unknown = answer(&dominique, &bot, &theirs, &asked).await;
    assert!(unknown.body().contains("accueil"), "{}", unknown.body());
    assert!(
        bot_bodies(&dominique, &bot, &theirs)
            .iter()
            .all(|b| !b.contains("comment arrives-tu")),
        "{:?}",
        bot_bodies(&dominique, &bot, &theirs)
    );

    // After a restart the garden still has it, and a reply to a file adds a new version.
    assert_eq!(bot.stop(), Some(0), "{}", bot.logs());
    bot.start(&["@alice-*:localhost", "@dominique-*:localhost"]);
    let asked = alice.say(&ours, "!rituel liste").await;
    let list = answer(&alice, &bot, &ours, &asked).await;
    assert!(
        list.body().contains("accueil") && list.body().contains("version 1"),
        "{}",
        list.body()
    );
    let changed = WELCOME.replace("comment arrives-tu ?", "quelle est ta météo d'arrivée ?");
    attach(&bob, &ours, "accueil.toml", &changed, None).await;
    let file = bob
        .wait_for(&ours, "bob's file", |s| {
            s.sender() == bob.id.as_str() && s.content()["msgtype"] == "m.file"
        })
        .await;
    alice
        .send(
            &ours,
            json!({"msgtype": "m.text", "body": "!rituel ajouter",
                   "m.relates_to": {"m.in_reply_to": {"event_id": file.id()}}}),
        )
        .await;
    let v2 = says(&alice, &bot, &ours, "version 2").await;
    assert!(v2.body().contains("Tour d'accueil"), "{}", v2.body());
    alice.say(&ours, "!rituel accueil").await;
    says(&alice, &bot, &ours, "quelle est ta météo d'arrivée ?").await;
    bot.assert_alive();
}
