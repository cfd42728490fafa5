//! Météo rounds and a custom ritual's round with a deadline.

mod common;

use chrono::Duration;
use common::*;
use tuteur::engine::{Action, Dest};
use tuteur::model::{Lang, RunId, RunKind};

fn order_of(s: &Script) -> Vec<String> {
    users_arg(&s.msg("meteo-open"), "order")
}

#[test]
fn a_whole_round_in_order_mentions_each_next_speaker_and_sums_up() {
    let mut s = Script::new(&["alice", "bob", "carol", "dominique"]);
    s.say("bob", "!météo").expect("meteo-open");
    let open = s.out("meteo-open");
    assert!(matches!(
        open.action,
        Action::Post { root_of: Some(id), .. } if id == RunId::new(RunKind::Meteo, 1)
    ));
    let order = order_of(&s);
    assert_eq!(order.len(), 4);
    assert_eq!(mentions(&open), vec![order[0].clone()]);
    for (i, who) in order.iter().enumerate() {
        s.say_in(who, "M1", "☀️ plutôt bien aujourd'hui");
        if i + 1 < order.len() {
            let next = s.out("round-next");
            assert_eq!(mentions(&next), vec![order[i + 1].clone()]);
            assert_eq!(dest(&next), Dest::Thread(RunId::new(RunKind::Meteo, 1)));
        }
    }
    s.expect("meteo-summary").expect("weather-line");
    assert_eq!(num_arg(&s.msg("weather-count"), "count"), 4);
    // A météo is confidential: nothing that was said stays in the store.
    for (_, _, v) in s.state() {
        assert!(!String::from_utf8_lossy(&v).contains("plutôt bien"));
    }
    s.say("alice", "!où").expect("status-none");
}

#[test]
fn out_of_turn_is_accepted_and_the_order_goes_on_with_who_has_not_spoken() {
    let mut s = Script::new(&["alice", "bob", "carol", "dominique"]);
    s.say("alice", "!meteo");
    let order = order_of(&s);
    s.say_in(&order[2], "M1", "🌧 fatigué·e");
    s.expect_no("round-next");
    s.say_in(&order[0], "M1", "⛅");
    assert_eq!(mentions(&s.out("round-next")), vec![order[1].clone()]);
    s.say_in(&order[1], "M1", "☀️");
    assert_eq!(mentions(&s.out("round-next")), vec![order[3].clone()]);
    s.say_in(&order[3], "M1", "!passe").expect("meteo-summary");
    assert_eq!(
        users_arg(&s.msg("weather-passed"), "who"),
        vec![order[3].clone()]
    );
}

#[test]
fn passing_twice_is_refused_and_changes_nothing() {
    let mut s = Script::new(&["alice", "bob"]);
    s.say("alice", "!météo");
    let order = order_of(&s);
    s.say_in(&order[0], "M1", "☀️");
    let before = s.state();
    s.say_in(&order[0], "M1", "!passe")
        .expect("round-already-spoken");
    assert_eq!(before, s.state());
}

#[test]
fn the_order_is_seeded_and_a_newcomer_never_goes_first() {
    let members = ["alice", "bob", "carol", "dominique", "eve"];
    let mut firsts = std::collections::BTreeSet::new();
    for seed in 0..40 {
        let mut s = Script::with(&members, &["alice"], Lang::Fr, seed);
        let now = tuteur::clock::Clock::now(&s.clock);
        s.roster.members[4].joined_at = Some(now - Duration::days(3));
        s.say("alice", "!météo");
        let order = order_of(&s);
        assert_ne!(order[0], "eve", "seed {seed}: a newcomer opened the round");
        firsts.insert(order[0].clone());
        // The same seed gives the same order.
        let mut again = Script::with(&members, &["alice"], Lang::Fr, seed);
        again.roster.members[4].joined_at = Some(now - Duration::days(3));
        again.say("alice", "!météo");
        assert_eq!(order, order_of(&again));
    }
    assert!(firsts.len() > 1, "the order is shuffled");
}

#[test]
fn a_custom_ritual_reminds_at_its_deadline_then_moves_on() {
    let mut s = Script::new(&["alice", "bob", "carol"]);
    s.say("bob", "!rituel cloture").expect("not-allowed");
    s.say("alice", "!rituel CLÔTURE merci pour ce cercle")
        .expect("cloture/annonce")
        .expect("cloture/tour");
    let order = users_arg(&s.msg("cloture/tour"), "order");
    s.say_in(&order[0], "C1", "léger");
    s.advance("23h").expect_no("step-reminder");
    s.advance("1h").expect("step-reminder");
    let waiting = users_arg(&s.msg("step-reminder"), "waiting");
    assert_eq!(waiting.len(), 2);
    assert_eq!(mentions(&s.last[0]).len(), 2);
    s.advance("1h").expect_no("cloture/fin");
    s.advance("5h")
        .expect("step-deadline-passed")
        .expect("round-closed-silent")
        .expect("cloture/fin");
    assert_eq!(
        users_arg(&s.msg("cloture/fin"), "speakers"),
        vec![order[0].clone()]
    );
    s.advance("3j");
    assert!(s.last.is_empty(), "a closed run never reminds again");
}

#[test]
fn an_unknown_ritual_is_refused_with_the_list() {
    let mut s = Script::new(&["alice", "bob"]);
    let before = s.state();
    s.say("alice", "!rituel inconnu").expect("ritual-unknown");
    assert!(text_arg(&s.msg("ritual-unknown"), "names").contains("cloture"));
    assert_eq!(before, s.state());
}

#[test]
fn a_strict_order_round_refuses_words_out_of_turn_and_changes_nothing() {
    let mut s = Script::new(&["alice", "bob", "carol"]);
    s.say("alice", "!rituel cloture").expect("cloture/tour");
    let order = users_arg(&s.msg("cloture/tour"), "order");
    let before = s.state();
    s.say_in(&order[1], "C1", "je pars content·e")
        .expect("round-not-your-turn");
    assert_eq!(user_arg(&s.msg("round-not-your-turn"), "next"), order[0]);
    assert!(mentions(&s.last[0]).is_empty(), "a refusal notifies nobody");
    s.say_in(&order[2], "C1", "!passe")
        .expect("round-not-your-turn");
    assert_eq!(before, s.state(), "a refusal changes nothing");
    s.say_in(&order[0], "C1", "léger").expect("round-next");
    assert_eq!(user_arg(&s.msg("round-next"), "next"), order[1]);
    s.say_in(&order[1], "C1", "serein")
        .expect_no("round-not-your-turn");
    s.say_in(&order[2], "C1", "!passe").expect("cloture/fin");
    assert_eq!(
        users_arg(&s.msg("cloture/fin"), "speakers"),
        vec![order[0].clone(), order[1].clone()]
    );
}
