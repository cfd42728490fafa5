//! The harvest of retours d'expérience: `!retour` with its title, tags and
//! `anonyme` option, the 🌱 question answered only by the author's ✅, `!retours`, and the
//! commons (post, durable queue) for gardens that share — never for organisation gardens.

mod common;

use common::*;
use tuteur::engine::{Action, Dest};
use tuteur::harvest::commons_queue::{self, Sink};
use tuteur::harvest::export;
use tuteur::registers::retours::{self, RetourSource};
use tuteur::registers::{LICENCE_NAME, RetourRecord};
use tuteur::store::Tx;

const THREE: [&str; 3] = ["alice", "bob", "carol"];

fn retour(s: &Script, n: u32) -> RetourRecord {
    retours::load(&Tx::new(&s.store), &s.garden, n)
        .expect("store")
        .unwrap_or_else(|| panic!("R{n} exists"))
}

#[test]
fn a_retour_is_stored_with_its_attribution_and_shared() {
    let mut s = Script::new(&THREE);
    s.say("alice", "!jardin nom Jardin de Lyon")
        .expect("setting-nom");
    s.say(
        "bob",
        "!retour Notre premier conseil coopératif #éducation #Fiche\nOn a tenté la gestion par consentement en classe.",
    )
    .expect("retour-recorded");
    let r = retour(&s, 1);
    assert_eq!(r.title, "Notre premier conseil coopératif");
    assert_eq!(r.tags, vec!["éducation", "fiche"]);
    assert_eq!(r.credit(), "bob");
    assert_eq!(r.licence, LICENCE_NAME);
    assert!(r.shared && r.source == RetourSource::Command);
    assert_eq!(text_arg(&s.msg("retour-recorded"), "shared"), "yes");

    // (a) the commons room gets it with the garden's name.
    let post = s.out("commons-retour");
    assert_eq!(post.dest, Dest::Commons);
    assert_eq!(
        text_arg(&s.msg("commons-retour"), "garden"),
        "Jardin de Lyon"
    );
    // (b), (c): queued durably, in the same batch.
    let queued = commons_queue::pending(&s.store).expect("queue");
    let sinks: Vec<Sink> = queued.iter().map(|i| i.sink).collect();
    assert_eq!(sinks, vec![Sink::Folder, Sink::Webhook]);

    s.say(
        "carol",
        "!retour anonyme Ce que j'ai appris\nÉcouter d'abord.",
    )
    .expect("retour-recorded");
    assert_eq!(retour(&s, 2).credit(), "anonyme");
    assert_eq!(text_arg(&s.msg("commons-retour"), "credit"), "anonyme");

    s.say("alice", "!retours").expect("retours-header");
    let lines: Vec<String> = s
        .last
        .iter()
        .filter_map(|o| o.text())
        .flat_map(|t| t.lines.iter())
        .filter(|m| m.id == "retours-line")
        .map(|m| text_arg(m, "id"))
        .collect();
    assert_eq!(lines, vec!["R2", "R1"], "newest first");
}

#[test]
fn an_empty_retour_is_refused() {
    let mut s = Script::new(&THREE);
    let before = s.state();
    s.say("bob", "!retour").expect("usage-error");
    s.say("bob", "!retour    ").expect("usage-error");
    s.say("bob", "!retour anonyme").expect("retour-empty");
    s.say("bob", "!retours").expect("retours-empty");
    assert_eq!(before, s.state());
}

#[test]
fn organisation_gardens_share_nothing() {
    let mut s = Script::new(&THREE);
    s.say("alice", "!jardin type organisation")
        .expect("setting-type");
    s.say("bob", "!retour Notre rétro d'équipe\nInterne.")
        .expect("retour-recorded");
    assert_eq!(text_arg(&s.msg("retour-recorded"), "shared"), "no");
    assert!(s.log.iter().all(|o| o.dest != Dest::Commons));
    assert!(commons_queue::pending(&s.store).expect("queue").is_empty());
    assert!(!retour(&s, 1).shared);
    assert!(export::collect(&s.store, None).expect("collect").is_empty());
    // A local garden that says no to the commons keeps its retours too.
    let mut s = Script::new(&THREE);
    s.say("alice", "!jardin communs non")
        .expect("setting-communs");
    s.say("bob", "!retour Gardé ici\nCe qu'on en retient.");
    assert!(s.log.iter().all(|o| o.dest != Dest::Commons));
    assert!(commons_queue::pending(&s.store).expect("queue").is_empty());
}

#[test]
fn a_seed_asks_the_author_and_only_their_check_harvests() {
    let mut s = Script::new(&THREE);
    let body = "Hier j'ai animé ma première météo #partage\nLe silence m'a surpris.";
    s.say("bob", body);
    let bob_msg = s.last_event();
    s.react_to_member("carol", "🌱", &bob_msg, "bob", body)
        .expect("harvest-ask");
    let ask = s.out("harvest-ask");
    assert_eq!(
        ask.dest,
        Dest::Room,
        "in the main timeline, easy to react to"
    );
    assert_eq!(mentions(&ask), vec!["bob"]);
    assert!(matches!(
        &ask.action,
        Action::Post { reply_to: Some(ev), .. } if *ev == bob_msg
    ));
    assert_eq!(user_arg(&s.msg("harvest-ask"), "author"), "bob");

    let before = s.state();
    s.react("carol", "✅", &ask.out_ref)
        .expect("harvest-author-only");
    s.react_to_member("alice", "🌱", &bob_msg, "bob", body)
        .expect("harvest-already-asked");
    assert_eq!(
        before,
        s.state(),
        "nothing harvested without the author's consent"
    );

    s.react("bob", "✅", &ask.out_ref).expect("retour-recorded");
    let r = retour(&s, 1);
    assert_eq!(r.title, "Hier j'ai animé ma première météo");
    assert_eq!(r.tags, vec!["partage"]);
    assert_eq!(r.credit(), "bob");
    assert_eq!(r.source_event.as_deref(), Some(bob_msg.as_str()));
    assert!(
        matches!(r.source, RetourSource::Seed { ref asked_by } if asked_by.as_str() == "carol")
    );
    s.react("bob", "✅", &ask.out_ref)
        .expect_no("retour-recorded");
    s.react_to_member("carol", "🌱", &bob_msg, "bob", body)
        .expect("harvest-already-done");
}

#[test]
fn the_author_may_sign_anonymously_or_decline() {
    let mut s = Script::new(&THREE);
    s.say("bob", "Un essai de cercle restauratif");
    let first = s.last_event();
    s.say("carol", "Une idée de carol");
    let second = s.last_event();
    s.react_to_member(
        "alice",
        "🌱",
        &first,
        "bob",
        "Un essai de cercle restauratif",
    );
    let ask1 = s.out("harvest-ask").out_ref;
    s.react_to_member("alice", "🌱", &second, "carol", "Une idée de carol");
    let ask2 = s.out("harvest-ask").out_ref;
    s.react("bob", "🕶️", &ask1).expect("retour-recorded");
    assert_eq!(retour(&s, 1).credit(), "anonyme");
    s.react("carol", "❌", &ask2).expect("harvest-declined");
    let before = s.state();
    s.react("carol", "✅", &ask2).expect_no("retour-recorded");
    assert_eq!(before, s.state());
}

#[test]
fn seeds_on_the_bot_or_on_unknown_messages_are_refused() {
    let mut s = Script::new(&THREE);
    s.say("alice", "!aide");
    let bot_ref = s.last[0].out_ref.clone();
    let before = s.state();
    s.react("bob", "🌱", &bot_ref).expect("harvest-bot-message");
    s.react_to_member("bob", "🌱", "$unknown", "mallory", "hello")
        .expect("harvest-not-member");
    assert_eq!(before, s.state());
}

#[test]
fn the_commons_know_a_garden_by_its_room_name_until_it_is_given_one() {
    let mut s = Script::new(&THREE);
    s.roster.room_name = Some("Les Semeurs".to_owned());
    s.say(
        "bob",
        "!retour Un conseil qui a tenu #gouvernance\nCe qu'on en retient.",
    )
    .expect("retour-recorded");
    assert_eq!(text_arg(&s.msg("commons-retour"), "garden"), "Les Semeurs");

    s.say("alice", "!jardin nom Jardin de Lyon")
        .expect("setting-nom");
    s.roster.room_name = Some("Salon renommé".to_owned());
    s.say("carol", "!retour Une météo en visio\nCe qu'on en retient.")
        .expect("retour-recorded");
    assert_eq!(
        text_arg(&s.msg("commons-retour"), "garden"),
        "Jardin de Lyon",
        "the name given with !jardin nom wins over the room's"
    );
}
