//! The rituals in real Matrix rooms: the real `tuteur` binary against a local Synapse,
//! members played by matrix-sdk clients (see tests/matrix_support). Each test has its own
//! users, rooms and bot store, so they run in parallel.

mod matrix_support;

use matrix_support::*;

/// The announcement rooting a run's thread: the bot's message in the main timeline
/// whose body contains `text`.
async fn root(member: &Member, bot: &Bot, room: &matrix_sdk::ruma::OwnedRoomId, text: &str) -> Seen {
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
    assert_eq!(announce.content()["msgtype"], "m.notice");
    assert!(announce.html().contains("https://matrix.to/#/"), "{}", announce.html());
    let first = announce.mentions();
    assert_eq!(first.len(), 1, "only the first speaker is mentioned: {first:?}");
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
        speaker.say_in(&room, announce.id(), "☀️ en forme").await;
        if turn < 2 {
            let prompt = alice.wait_nth(&room, &bot.id, "c'est à toi", turn + 1).await;
            assert_eq!(prompt.thread_root(), Some(announce.id()), "in the run's thread");
            let m = prompt.mentions();
            assert_eq!(m.len(), 1, "one mention: {m:?}");
            next = m[0].clone();
        }
    }
    let summary = alice.wait_text(&room, &bot.id, "Météo M1 terminée").await;
    assert_eq!(summary.thread_root(), Some(announce.id()));
    alice.wait_text(&room, &bot.id, "☀️ × 3").await;
    // The thread's fallback points at an event of the thread, for clients without threads.
    let reply = &summary.content()["m.relates_to"]["m.in_reply_to"]["event_id"];
    assert!(reply.is_string(), "{:?}", summary.content());
    bot.assert_alive();
}
