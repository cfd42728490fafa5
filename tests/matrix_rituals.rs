//! The rituals in real Matrix rooms: the real `tuteur` binary against a local Synapse,
//! members played by matrix-sdk clients (see tests/matrix_support). Each test has its own
//! users, rooms and bot store, so they run in parallel.

mod matrix_support;

use matrix_support::*;

/// The announcement rooting a run's thread: the bot's message in the main timeline
/// whose body contains `text`.
async fn root(
    member: &Member,
    bot: &Bot,
    room: &matrix_sdk::ruma::OwnedRoomId,
    text: &str,
) -> Seen {
    member
        .wait_for(room, &format!("the announcement {text:?}"), |s| {
            s.sender() == bot.id.as_str()
                && s.kind() == "m.room.message"
                && s.thread_root().is_none()
                && s.body().contains(text)
        })
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn meteo_round_in_a_thread_mentions_the_next_speaker() {
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let bob = Member::new(&env, "bob").await;
    let carol = Member::new(&env, "carol").await;
    let mut bot = Bot::new(&env).await;
    bot.start(&["@alice-*:localhost"]);
    let room = garden(&alice, &[&bob, &carol], &bot, false).await;

    alice.say(&room, "!météo").await;
    let announce = root(&alice, &bot, &room, "Météo M1").await;
    // It asks the first speaker to act: a message that notifies them.
    assert_eq!(announce.content()["msgtype"], "m.text");
    assert!(
        announce.html().contains("https://matrix.to/#/"),
        "{}",
        announce.html()
    );
    let first = announce.mentions();
    assert_eq!(
        first.len(),
        1,
        "only the first speaker is mentioned: {first:?}"
    );
    let members = [&alice, &bob, &carol];
    let mut next = first[0].clone();
    let mut spoken = Vec::new();
    for turn in 0..3 {
        let speaker = members
            .iter()
            .find(|m| m.id.as_str() == next)
            .expect("the mentioned speaker is a member");
        assert!(!spoken.contains(&next), "{next} asked twice");
        spoken.push(next.clone());
        if turn == 0 {
            // The first speaker corrects their words while the round is open.
            let said = speaker.say_in(&room, announce.id(), "🌧 fatigué").await;
            speaker.edit(&room, &said, "☀️ en forme").await;
        } else {
            speaker.say_in(&room, announce.id(), "☀️ en forme").await;
        }
        if turn < 2 {
            let prompt = alice
                .wait_nth(&room, &bot.id, "c'est à toi", turn + 1)
                .await;
            assert_eq!(
                prompt.thread_root(),
                Some(announce.id()),
                "in the run's thread"
            );
            let m = prompt.mentions();
            assert_eq!(m.len(), 1, "one mention: {m:?}");
            next = m[0].clone();
        }
    }
    let summary = alice.wait_text(&room, &bot.id, "Météo M1 terminée").await;
    assert_eq!(summary.thread_root(), Some(announce.id()));
    let count = alice.wait_text(&room, &bot.id, "☀️ × 3").await;
    assert!(
        !count.body().contains("🌧"),
        "the edit replaced the words: {}",
        count.body()
    );
    // The thread's fallback points at an event of the thread, for clients without threads.
    let reply = &summary.content()["m.relates_to"]["m.in_reply_to"]["event_id"];
    assert!(reply.is_string(), "{:?}", summary.content());
    bot.assert_alive();
}

/// Waits for the bot's message #n containing `text` (as seen by `m`) and returns it.
async fn nth(
    m: &Member,
    bot: &Bot,
    room: &matrix_sdk::ruma::OwnedRoomId,
    text: &str,
    n: usize,
) -> Seen {
    m.wait_nth(room, &bot.id, text, n).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consent_decision_with_an_objection_an_amendment_and_adoption() {
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
    let announce = root(&alice, &bot, &room, "Décision D1").await;
    assert!(
        announce
            .html()
            .contains(&format!("https://matrix.to/#/{}", bob.id)),
        "the proposer is a pill: {}",
        announce.html()
    );
    let t = announce.id().to_owned();
    nth(&alice, &bot, &room, "Clarification (D1)", 1).await;
    alice.say_in(&room, &t, "!suivant").await;
    let reactions = nth(&alice, &bot, &room, "Réactions (D1)", 1).await;
    assert_eq!(reactions.thread_root(), Some(t.as_str()));
    for m in [&alice, &bob, &carol] {
        m.say_in(&room, &t, "ça me va").await;
    }
    nth(&alice, &bot, &room, "Amendement (D1)", 1).await;
    bob.say_in(&room, &t, "!suivant").await;
    let prompt = nth(&alice, &bot, &room, "Objections (D1, tour 1)", 1).await;
    // A reaction on the prompt is an answer.
    alice.react(&room, prompt.id(), "✅").await;
    let tally = nth(&alice, &bot, &room, "Réponses : ✅ alice", 1).await;
    assert_eq!(tally.replaces(), Some(prompt.id()), "the prompt is edited");
    carol
        .say_in(&room, &t, "!objection La salle est trop loin le mardi")
        .await;
    nth(&alice, &bot, &room, "✋ carol", 1).await;
    bob.say_in(&room, &t, "!consens").await;
    let lift = nth(&alice, &bot, &room, "Levée des objections (D1)", 1).await;
    assert_eq!(lift.mentions(), vec![carol.id.to_string()]);
    carol.say_in(&room, &t, "Le mardi soir en visio ?").await;
    let turn = nth(&alice, &bot, &room, "à toi d'amender", 1).await;
    assert_eq!(turn.mentions(), vec![bob.id.to_string()]);
    bob.say_in(&room, &t, "!amender On se réunit le mardi soir en visio")
        .await;
    nth(&alice, &bot, &room, "Nouvelle version (v2)", 1).await;
    nth(&alice, &bot, &room, "Objections (D1, tour 2)", 1).await;
    for m in [&alice, &bob, &carol] {
        m.say_in(&room, &t, "!consens").await;
    }
    let adopted = nth(&alice, &bot, &room, "Décision D1 adoptée", 1).await;
    assert_eq!(adopted.thread_root(), Some(t.as_str()));
    nth(
        &alice,
        &bot,
        &room,
        "Texte : « On se réunit le mardi soir en visio »",
        1,
    )
    .await;

    carol.say(&room, "!décisions").await;
    let register = nth(&carol, &bot, &room, "Registre des décisions", 1).await;
    assert!(
        register
            .body()
            .contains("On se réunit le mardi soir en visio"),
        "the register shows the amended text: {}",
        register.body()
    );
    assert!(
        register.thread_root().is_none(),
        "answered in the main timeline"
    );
    assert_no_duplicates(&alice, &bot, &room);
    bot.assert_alive();
}

/// No bot message appears twice (same body in the same place, or the same outbox mark).
fn assert_no_duplicates(m: &Member, bot: &Bot, room: &matrix_sdk::ruma::OwnedRoomId) {
    let msgs = bot_messages(m, bot, room);
    let mut marks = std::collections::HashSet::new();
    for s in &msgs {
        let mark = s.content()["fr.tuteur.outbox"].to_string();
        assert!(
            marks.insert(mark.clone()),
            "bot message sent twice: {mark} {}",
            s.body()
        );
    }
    let mut ids = std::collections::HashSet::new();
    for s in &msgs {
        assert!(
            ids.insert(s.id().to_owned()),
            "event seen twice: {}",
            s.id()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_non_facilitator_cannot_start_a_decision_until_given_power() {
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let bob = Member::new(&env, "bob").await;
    let mut bot = Bot::new(&env).await;
    bot.start(&["@alice-*:localhost"]);
    let room = garden(&alice, &[&bob], &bot, false).await;

    let command = bob.say(&room, "!décision On plante des tomates").await;
    let refusal = nth(&bob, &bot, &room, "Seul·e·s les facilitateur·rice·s", 1).await;
    assert!(refusal.mentions().is_empty(), "a refusal notifies nobody");
    assert_eq!(
        refusal.reply_to(),
        Some(command.as_str()),
        "it answers the command"
    );
    // Power levels are read when acting: at 50, bob facilitates.
    alice.set_power(&room, &bob.id, 50).await;
    bob.wait_for(&room, "bob's new power level", |s| {
        s.kind() == "m.room.power_levels" && s.content()["users"][bob.id.as_str()] == 50
    })
    .await;
    bob.say(&room, "!décision On plante des tomates").await;
    root(&bob, &bot, &room, "Décision D1").await;
    let refusals = bot_messages(&bob, &bot, &room)
        .iter()
        .filter(|s| s.body().contains("Seul·e·s les facilitateur·rice·s"))
        .count();
    assert_eq!(refusals, 1);
    bot.assert_alive();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn html_and_room_mentions_in_a_members_text_are_escaped_and_ping_nobody() {
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let bob = Member::new(&env, "bob").await;
    let mut bot = Bot::new(&env).await;
    bot.start(&["@alice-*:localhost"]);
    let room = garden(&alice, &[&bob], &bot, false).await;

    let text = "<b>gras</b> <img src=x onerror=alert(1)> & @room réunion";
    // A modern client says whom it mentions: nobody here.
    alice
        .send(
            &room,
            serde_json::json!({"msgtype": "m.text", "body": format!("!décision {text}"),
                               "m.mentions": {}}),
        )
        .await;
    let announce = root(&alice, &bot, &room, "Décision D1").await;
    assert!(
        announce.body().contains(text),
        "the body keeps the text as written: {}",
        announce.body()
    );
    let html = announce.html();
    assert!(!html.contains("<b>gras"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(
        html.contains("&lt;b&gt;gras&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt; &amp; @room"),
        "{html}"
    );
    let mentions = &announce.content()["m.mentions"];
    assert!(mentions.is_object(), "m.mentions is always present");
    assert!(mentions.get("room").is_none(), "never @room: {mentions}");
    assert!(!announce.mentions().contains(&bob.id.to_string()));
    // Nobody was notified with a highlight by the bot.
    let token = bob.client.access_token().expect("token");
    let url = format!(
        "{}/_matrix/client/v3/notifications?only=highlight",
        env.homeserver
    );
    let body = reqwest::Client::new()
        .get(&url)
        .bearer_auth(token)
        .send()
        .await
        .expect("notifications")
        .text()
        .await
        .expect("notifications body");
    let json: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(json["notifications"], serde_json::json!([]), "{body}");
    bot.assert_alive();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn election_with_ballots_by_direct_message_and_the_role_register() {
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let bob = Member::new(&env, "bob").await;
    let carol = Member::new(&env, "carol").await;
    let mut bot = Bot::new(&env).await;
    bot.start(&["@alice-*:localhost"]);
    let room = garden(&alice, &[&bob, &carol], &bot, false).await;

    alice.say(&room, "!élection secrétaire pour 6 mois").await;
    let announce = root(&alice, &bot, &room, "Élection E1").await;
    let t = announce.id().to_owned();
    nth(&alice, &bot, &room, "Nominations (E1)", 1).await;
    let members = [&alice, &bob, &carol];
    // Each member gets a direct message from the bot, in a room of its own.
    let mut dms = Vec::new();
    for m in members {
        let ask = m
            .wait_for_anywhere("the ballot request", |s| {
                s.sender() == bot.id.as_str() && s.body().contains("qui proposes-tu")
            })
            .await;
        assert_ne!(ask.room, room.as_str(), "asked in private");
        assert_eq!(ask.mentions(), vec![m.id.to_string()]);
        dms.push(matrix_sdk::ruma::OwnedRoomId::try_from(ask.room.as_str()).expect("room id"));
    }
    let votes = [
        (&alice, &carol, "elle écoute bien"),
        (&bob, &carol, "elle est organisée"),
        (&carol, &bob, "il a du temps"),
    ];
    for (i, (voter, nominee, why)) in votes.iter().enumerate() {
        // Three ways of naming someone: an MXID, a display name, a mention pill.
        let content = match i {
            0 => serde_json::json!({"msgtype": "m.text",
                                    "body": format!("!nomine {} {why}", nominee.id)}),
            1 => serde_json::json!({"msgtype": "m.text", "body": format!("!nomine carol {why}")}),
            _ => serde_json::json!({"msgtype": "m.text",
                // The link text alone names nobody: only the pill says who.
                "body": format!("!nomine B. {why}"),
                "format": "org.matrix.custom.html",
                "formatted_body": format!(
                    "!nomine <a href=\"https://matrix.to/#/{}\">B.</a> {why}", nominee.id)}),
        };
        voter.send(&dms[i], content).await;
        voter.wait_text(&dms[i], &bot.id, "C'est noté").await;
        if i < 2 {
            // Nothing of the ballots shows in the garden before the reveal.
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            for s in bot_messages(&alice, &bot, &room) {
                assert!(
                    !s.body().contains("je propose"),
                    "ballot leaked: {}",
                    s.body()
                );
                assert!(!s.body().contains(why), "ballot leaked: {}", s.body());
            }
        }
    }
    let reveal = nth(&alice, &bot, &room, "Révélation (E1)", 1).await;
    assert_eq!(reveal.thread_root(), Some(t.as_str()));
    assert!(
        reveal.body().contains("elle écoute bien"),
        "{}",
        reveal.body()
    );
    assert_eq!(
        reveal.body().matches("je propose").count(),
        3,
        "{}",
        reveal.body()
    );

    nth(&alice, &bot, &room, "Raisons (E1)", 1).await;
    for m in members {
        m.say_in(&room, &t, "parce que").await;
    }
    nth(&alice, &bot, &room, "Report de voix (E1)", 1).await;
    for m in members {
        m.say_in(&room, &t, "!passe").await;
    }
    nth(&alice, &bot, &room, "Proposition (E1)", 1).await;
    alice
        .say_in(&room, &t, &format!("!propose {}", carol.id))
        .await;
    nth(&alice, &bot, &room, "Objections (E1)", 1).await;
    alice.say_in(&room, &t, "!consens").await;
    bob.say_in(&room, &t, "!consens").await;
    let last = nth(&alice, &bot, &room, "tout le monde s'est exprimé", 1).await;
    assert_eq!(
        last.mentions(),
        vec![carol.id.to_string()],
        "the nominee is asked last"
    );
    carol.say_in(&room, &t, "!consens").await;
    nth(&alice, &bot, &room, "est élu·e au rôle « secrétaire »", 1).await;

    bob.say(&room, "!rôles").await;
    let roles = nth(&bob, &bot, &room, "secrétaire :", 1).await;
    assert!(roles.body().contains("carol"), "{}", roles.body());
    assert!(
        roles.body().contains("jusqu'au"),
        "a 6-month term: {}",
        roles.body()
    );
    bot.assert_alive();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redacted_contribution_is_forgotten() {
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let bob = Member::new(&env, "bob").await;
    let mut bot = Bot::new(&env).await;
    bot.start(&["@alice-*:localhost"]);
    let room = garden(&alice, &[&bob], &bot, false).await;

    alice.say(&room, "!météo").await;
    let announce = root(&alice, &bot, &room, "Météo M1").await;
    let t = announce.id().to_owned();
    let said = alice.say_in(&room, &t, "⛈ orage").await;
    alice.redact(&room, &said).await;
    bob.say_in(&room, &t, "☀️ soleil").await;
    // Alice's words are forgotten: the round waits for her again.
    alice.say(&room, "!où").await;
    let status = alice.wait_text(&room, &bot.id, "on attend").await;
    assert!(
        status.body().contains("alice"),
        "waiting for alice: {}",
        status.body()
    );
    assert!(
        !bot_messages(&alice, &bot, &room)
            .iter()
            .any(|s| s.body().contains("terminée")),
        "the round did not close"
    );
    alice.say_in(&room, &t, "🌤 mieux").await;
    let summary = alice.wait_text(&room, &bot.id, "Météo M1 terminée").await;
    assert!(!summary.body().contains("⛈"), "{}", summary.body());
    assert!(summary.body().contains("🌤"), "{}", summary.body());
    bot.assert_alive();
}
