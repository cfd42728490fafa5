//! The bot reaches the person it asks, and hears members however their client replies:
//! the real `tuteur` binary against a local Synapse, members played by matrix-sdk clients.
//!
//! Who is notified is read two ways: each member's client evaluates its push rules on the
//! (decrypted) event, as Element does, and, in plain rooms, the homeserver's own
//! `/notifications` list. A prompt that asks someone to act highlights exactly them; every
//! other bot message is a notice that notifies nobody. (In a room of three or more, the
//! default push rules make every `m.text` a plain, silent notification for everyone: only
//! the highlight tells a mention.)

mod matrix_support;

use matrix_sdk::ruma::{OwnedEventId, OwnedRoomId};
use matrix_support::*;
use serde_json::json;

/// Asserts that `event` highlights exactly the `asked` members, for their clients and (in
/// a plain room) for the homeserver.
async fn asks(
    everyone: &[&Member],
    room: &OwnedRoomId,
    event: &Seen,
    asked: &[&Member],
    encrypted: bool,
) {
    for m in everyone {
        let seen = m
            .wait_for(room, "the prompt", |s| s.id() == event.id())
            .await;
        let want = asked.iter().any(|a| a.id == m.id);
        assert_eq!(
            seen.highlights,
            want,
            "{} highlighted by {:?}? {want} expected",
            m.id,
            event.body()
        );
        if !encrypted {
            let server = m.notifications(room).await;
            let highlighted = server.iter().any(|(id, h)| id == event.id() && *h);
            assert_eq!(
                highlighted,
                want,
                "{}'s /notifications for {:?}: {server:?}",
                m.id,
                event.body()
            );
        }
    }
}

/// Asserts that `event` notifies nobody at all (a notice).
async fn quiet(everyone: &[&Member], room: &OwnedRoomId, event: &Seen, encrypted: bool) {
    assert_eq!(event.content()["msgtype"], "m.notice", "{}", event.body());
    for m in everyone {
        let seen = m
            .wait_for(room, "the notice", |s| s.id() == event.id())
            .await;
        assert!(!seen.notifies, "{} notified by {:?}", m.id, event.body());
        if !encrypted {
            let server = m.notifications(room).await;
            assert!(
                server.iter().all(|(id, _)| id != event.id()),
                "{} has {:?} in /notifications",
                m.id,
                event.body()
            );
        }
    }
}

fn by<'a>(members: &[&'a Member], id: &str) -> &'a Member {
    members
        .iter()
        .find(|m| m.id.as_str() == id)
        .copied()
        .expect("a member")
}

async fn each_prompt_notifies_exactly_the_person_it_asks(encrypted: bool) {
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let bob = Member::new(&env, "bob").await;
    let carol = Member::new(&env, "carol").await;
    let mut bot = Bot::new(&env).await;
    bot.start(&["@alice-*:localhost"]);
    let room = garden(&alice, &[&bob, &carol], &bot, encrypted).await;
    let all = [&alice, &bob, &carol];

    // The météo: its announcement asks the first speaker; each turn asks the next.
    alice.say(&room, "!météo").await;
    let announce = says(&alice, &bot, &room, "Météo M1").await;
    let first = by(&all, &announce.mentions()[0]);
    asks(&all, &room, &announce, &[first], encrypted).await;
    first.say_in(&room, announce.id(), "☀️ en forme").await;
    let next = says(&alice, &bot, &room, "c'est à toi").await;
    let second = by(&all, &next.mentions()[0]);
    assert_ne!(second.id, first.id);
    asks(&all, &room, &next, &[second], encrypted).await;
    alice.say_in(&room, announce.id(), "!suivant").await;
    let summary = says(&alice, &bot, &room, "Météo M1 terminée").await;
    quiet(&all, &room, &summary, encrypted).await;

    // A decision: the objection round asks everyone; the levée asks the objector, then the
    // proposer.
    alice
        .say(
            &room,
            &format!("!décision pour {} : On se réunit le mardi", bob.id),
        )
        .await;
    let presentation = says(&alice, &bot, &room, "Décision D1").await;
    quiet(&all, &room, &presentation, encrypted).await;
    let t = presentation.id().to_owned();
    alice.say_in(&room, &t, "!suivant").await;
    says(&alice, &bot, &room, "Réactions (D1)").await;
    alice.say_in(&room, &t, "!suivant").await;
    let amendment = says(&alice, &bot, &room, "Amendement (D1)").await;
    asks(&all, &room, &amendment, &[&bob], encrypted).await;
    bob.say_in(&room, &t, "!suivant").await;
    let prompt = says(&alice, &bot, &room, "Objections (D1, tour 1)").await;
    asks(&all, &room, &prompt, &all, encrypted).await;
    carol
        .say_in(&room, &t, "!objection Le mardi je travaille")
        .await;
    alice.say_in(&room, &t, "!consens").await;
    bob.say_in(&room, &t, "!consens").await;
    let lift = says(&alice, &bot, &room, "Levée des objections (D1)").await;
    asks(&all, &room, &lift, &[&carol], encrypted).await;
    carol.say_in(&room, &t, "Et le mardi soir ?").await;
    let turn = says(&alice, &bot, &room, "à toi d'amender").await;
    asks(&all, &room, &turn, &[&bob], encrypted).await;

    // The 🌱 question asks the author only.
    let idea = bob
        .say(&room, "Une idée à garder : tourner les rôles")
        .await;
    carol.react(&room, idea.as_str(), "🌱").await;
    let ask = says(&alice, &bot, &room, "Une idée à garder").await;
    asks(&all, &room, &ask, &[&bob], encrypted).await;
    bot.assert_alive();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_prompt_notifies_exactly_the_person_it_asks_in_a_plain_room() {
    each_prompt_notifies_exactly_the_person_it_asks(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_prompt_notifies_exactly_the_person_it_asks_in_an_encrypted_room() {
    each_prompt_notifies_exactly_the_person_it_asks(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ballots_the_nominee_asked_last_and_a_deadline_reminder_notify_who_they_ask() {
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let bob = Member::new(&env, "bob").await;
    let carol = Member::new(&env, "carol").await;
    let mut bot = Bot::new(&env).await;
    bot.start(&["@alice-*:localhost"]);
    let room = garden(&alice, &[&bob, &carol], &bot, false).await;
    let all = [&alice, &bob, &carol];

    alice
        .say(&room, "!élection secrétaire : tenir le registre")
        .await;
    let announce = says(&alice, &bot, &room, "Élection E1").await;
    quiet(&all, &room, &announce, false).await;
    // Each ballot request, in the member's own direct room with the bot, highlights them.
    for m in all {
        let request = m
            .wait_for_anywhere("the ballot request", |s| {
                s.sender() == bot.id.as_str() && s.body().contains("qui proposes-tu")
            })
            .await;
        assert!(request.highlights, "{}: {}", m.id, request.body());
        let dm: OwnedRoomId = request.room.parse().expect("room id");
        // The homeserver notified them too: of the request itself when the room already
        // existed, else of the bot's invitation to the room it just opened (the request
        // went out before they joined, so it is not theirs to be notified of).
        let server = m.notifications(&dm).await;
        assert!(
            server
                .iter()
                .any(|(id, h)| (id == request.id() && *h) || id != request.id()),
            "{} was not notified in {dm}: {server:?}",
            m.id
        );
        m.say(&dm, &format!("!nomine {}", carol.id)).await;
    }
    let t = announce.id().to_owned();
    says(&alice, &bot, &room, "Raisons (E1)").await;
    for m in all {
        m.say_in(&room, &t, "elle écrit bien").await;
    }
    says(&alice, &bot, &room, "Report de voix (E1)").await;
    for m in all {
        m.say_in(&room, &t, "!passe").await;
    }
    let proposal = says(&alice, &bot, &room, "Proposition (E1)").await;
    asks(&all, &room, &proposal, &[&alice], false).await;
    alice.say(&room, &format!("!propose {}", carol.id)).await;
    let objections = says(&alice, &bot, &room, "Objections (E1)").await;
    asks(&all, &room, &objections, &[&alice, &bob], false).await;
    alice.say_in(&room, &t, "!consens").await;
    bob.say_in(&room, &t, "!consens").await;
    let last = says(&alice, &bot, &room, "tout le monde s'est exprimé").await;
    asks(&all, &room, &last, &[&carol], false).await;
    carol.say_in(&room, &t, "!consens").await;
    says(&alice, &bot, &room, "est élu·e au rôle").await;

    // A reminder at the deadline asks whom the step waits for.
    alice
        .say(
            &room,
            &format!("!décision pour {} : Acheter un vélo --délai 1m", bob.id),
        )
        .await;
    says(&alice, &bot, &room, "Clarification (D1)").await;
    let reminder = alice
        .wait_for_long(
            &room,
            std::time::Duration::from_secs(100),
            "the deadline's reminder",
            |s| s.sender() == bot.id.as_str() && s.body().contains("Rappel (D1)"),
        )
        .await;
    assert!(!reminder.mentions().is_empty(), "{}", reminder.body());
    let waited: Vec<&Member> = reminder.mentions().iter().map(|id| by(&all, id)).collect();
    asks(&all, &room, &reminder, &waited, false).await;

    bot.assert_alive();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_outside_threads_count_and_answers_are_replies() {
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let bob = Member::new(&env, "bob").await;
    let mut bot = Bot::new(&env).await;
    bot.start(&["@alice-*:localhost"]);
    let room = garden(&alice, &[&bob], &bot, false).await;

    // Another bot's command, far from every one of ours, is left alone.
    alice.say(&room, "!ping").await;
    let help = alice.say(&room, "!aide").await;
    let answer = says(&alice, &bot, &room, "Commandes que tu peux utiliser").await;
    assert_eq!(
        answer.reply_to(),
        Some(help.as_str()),
        "the answer replies to !aide"
    );
    assert!(answer.mentions().is_empty());
    assert!(
        bot_messages(&alice, &bot, &room)
            .iter()
            .all(|s| !s.body().contains("ping")),
        "nothing answered !ping"
    );

    alice.say(&room, "!météo").await;
    let announce = says(&alice, &bot, &room, "Météo M1").await;
    // A plain reply to the announcement, as a client without threads sends it.
    for m in [&alice, &bob] {
        let reply = m
            .send(
                &room,
                json!({"msgtype": "m.text", "body": "☀️ en forme",
                       "m.relates_to": {"m.in_reply_to": {"event_id": announce.id()}}}),
            )
            .await;
        alice
            .wait_for(&room, "the bot's acknowledgement", |s| {
                s.sender() == bot.id.as_str()
                    && s.kind() == "m.reaction"
                    && s.content()["m.relates_to"]["event_id"] == reply.as_str()
            })
            .await;
    }
    let summary = says(&alice, &bot, &room, "Météo M1 terminée").await;
    assert_eq!(summary.thread_root(), Some(announce.id()));
    assert!(summary.body().contains("bob : ☀"), "{}", summary.body());
    bot.assert_alive();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reactions_answer_an_objection_round_and_a_removed_one_withdraws() {
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let bob = Member::new(&env, "bob").await;
    let carol = Member::new(&env, "carol").await;
    let mut bot = Bot::new(&env).await;
    bot.start(&["@alice-*:localhost"]);
    let room = garden(&alice, &[&bob, &carol], &bot, false).await;

    alice
        .say(
            &room,
            &format!("!décision pour {} : On se réunit le mardi", bob.id),
        )
        .await;
    let t = says(&alice, &bot, &room, "Décision D1")
        .await
        .id()
        .to_owned();
    alice.say_in(&room, &t, "!suivant").await;
    alice.say_in(&room, &t, "!suivant").await;
    bob.say_in(&room, &t, "!suivant").await;
    let prompt = says(&alice, &bot, &room, "Objections (D1, tour 1)").await;
    // The bot puts ✅ and ✋ under its prompt, so a tap answers.
    for key in ["✅", "✋"] {
        alice
            .wait_for(&room, "the bot's own reaction", |s| {
                s.sender() == bot.id.as_str()
                    && s.kind() == "m.reaction"
                    && s.content()["m.relates_to"]["event_id"] == prompt.id()
                    && s.content()["m.relates_to"]["key"] == key
            })
            .await;
    }
    let tap: OwnedEventId = alice.react(&room, prompt.id(), "✅").await;
    let tally = alice
        .wait_for(&room, "the tally", |s| {
            s.replaces() == Some(prompt.id()) && s.body().contains("✅ alice")
        })
        .await;
    assert!(tally.mentions().is_empty(), "an edit notifies nobody again");
    // A hand with a skin tone is a hand: the bot asks for the reason.
    carol.react(&room, prompt.id(), "✋🏽").await;
    let asked = says(&alice, &bot, &room, "une objection a besoin de sa raison").await;
    assert_eq!(asked.mentions(), vec![carol.id.to_string()]);
    // Removing one's ✅ withdraws the consent, and the thread says so.
    alice.redact(&room, &tap).await;
    let withdrawn = says(&alice, &bot, &room, "retire sa réponse").await;
    assert_eq!(withdrawn.thread_root(), Some(t.as_str()));
    alice
        .wait_for(&room, "the tally without alice", |s| {
            s.replaces() == Some(prompt.id()) && s.body().contains("aucun consentement")
        })
        .await;
    bot.assert_alive();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_objection_round_of_six_adds_one_prompt_reactions_and_the_result() {
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let mut others = Vec::new();
    for name in ["bob", "carol", "dominique", "eve", "fanny"] {
        others.push(Member::new(&env, name).await);
    }
    let mut bot = Bot::new(&env).await;
    bot.start(&["@alice-*:localhost"]);
    let refs: Vec<&Member> = others.iter().collect();
    let room = garden(&alice, &refs, &bot, false).await;
    let mut all: Vec<&Member> = vec![&alice];
    all.extend(refs.iter().copied());

    alice.say(&room, "!décision Acheter un vélo").await;
    let t = says(&alice, &bot, &room, "Décision D1")
        .await
        .id()
        .to_owned();
    alice.say_in(&room, &t, "!suivant").await;
    says(&alice, &bot, &room, "Réactions (D1)").await;
    alice.say_in(&room, &t, "!suivant").await;
    says(&alice, &bot, &room, "Amendement (D1)").await;
    alice.say_in(&room, &t, "!suivant").await;
    let prompt = says(&alice, &bot, &room, "Objections (D1, tour 1)").await;
    let before = bot_messages(&alice, &bot, &room).len();
    for m in &all {
        m.say_in(&room, &t, "!consens").await;
    }
    let result = says(&alice, &bot, &room, "Décision D1 adoptée").await;
    assert_eq!(result.thread_root(), Some(t.as_str()));
    let during: Vec<Seen> = bot_messages(&alice, &bot, &room)
        .into_iter()
        .skip(before)
        .collect();
    let new_lines: Vec<&Seen> = during.iter().filter(|s| s.replaces().is_none()).collect();
    let edits = during
        .iter()
        .filter(|s| s.replaces() == Some(prompt.id()))
        .count();
    let reactions = alice
        .seen(&room)
        .iter()
        .filter(|s| s.sender() == bot.id.as_str() && s.kind() == "m.reaction")
        .filter(|s| s.content()["m.relates_to"]["key"] == "✅")
        .count();
    println!(
        "objection round of 6: {} new bot messages in the thread, {edits} edits of the prompt, {reactions} ✅ reactions",
        new_lines.len()
    );
    // The round's close and the record: nothing per answer.
    assert_eq!(
        new_lines.len(),
        2,
        "{:?}",
        new_lines.iter().map(|s| s.body()).collect::<Vec<_>>()
    );
    assert_eq!(
        edits, 5,
        "the prompt is edited as answers come (not after the last)"
    );
    // Six acknowledgements, plus the bot's own ✅ under its prompt.
    assert_eq!(reactions, 7);
    bot.assert_alive();
}
