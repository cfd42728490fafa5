//! Consent decisions: the whole path with an objection, its lifting and an
//! amendment; withdrawal; cancel; silence-consent; refusals that change nothing.

mod common;

use common::*;

fn to_reactions(s: &mut Script) -> Vec<String> {
    s.say("alice", "!décision pour @bob : On se réunit le mardi")
        .expect("decision-presentation")
        .expect("decision-clarification");
    s.say_in("alice", "D1", "!suivant")
        .expect("decision-reactions");
    users_arg(&s.msg("decision-reactions"), "order")
}

fn to_objections(s: &mut Script) {
    let order = to_reactions(s);
    for who in &order {
        s.say_in(who, "D1", "ça me va");
    }
    s.expect("decision-amendment");
    s.say_in("bob", "D1", "!suivant")
        .expect("answer-kept")
        .expect("decision-objections");
}

#[test]
fn clarification_reminds_gently_who_gives_an_opinion_once() {
    let mut s = Script::new(&["alice", "bob", "carol"]);
    s.say("alice", "!décision pour @bob : On se réunit le mardi");
    s.say_in("carol", "D1", "Je trouve que c'est une mauvaise idée")
        .expect("open-questions-only");
    // A gentle reminder asks nobody to act: it notifies nobody.
    assert!(mentions(&s.out("open-questions-only")).is_empty());
    s.say_in("carol", "D1", "Encore un avis")
        .expect_no("open-questions-only");
    s.say_in("dominique", "D1", "hors jardin");
    assert!(s.last.is_empty(), "non-members are not answered in threads");
    s.say_in("alice", "D1", "Pourquoi le mardi ?")
        .expect_no("open-questions-only");
    s.say_in("bob", "D1", "Parce que la salle est libre")
        .expect_no("open-questions-only");
}

#[test]
fn objection_lifted_by_an_amendment_then_adopted_and_recorded() {
    let mut s = Script::new(&["alice", "bob", "carol"]);
    to_objections(&mut s);
    let prompt = s.out("decision-objections");
    assert_eq!(num_arg(&s.msg("decision-objections"), "round"), 1);
    s.react("alice", "✅", &prompt.out_ref)
        .expect("consent-tally");
    s.say_in("carol", "D1", "!objection La salle est trop loin le mardi")
        .expect("consent-tally");
    s.say_in("bob", "D1", "!consens")
        .expect("consent-closed-objections")
        .expect("decision-lift")
        .expect("objection-line");
    assert_eq!(mentions(&s.out("decision-lift")), vec!["carol"]);
    s.say_in("carol", "D1", "Le mardi soir en visio ?")
        .expect("lift-proposer-turn");
    assert_eq!(mentions(&s.out("lift-proposer-turn")), vec!["bob"]);
    s.say_in("bob", "D1", "!amender On se réunit le mardi soir en visio")
        .expect("amended")
        .expect("decision-objections");
    assert_eq!(num_arg(&s.msg("decision-objections"), "round"), 2);
    s.say_in("alice", "D1", "!consens");
    s.say_in("bob", "D1", "!consent");
    s.say_in("carol", "D1", "!consens")
        .expect("consent-closed-clear")
        .expect("decision-adopted")
        .expect("record-objection")
        .expect("celebration");
    assert_eq!(
        text_arg(&s.msg("record-text"), "text"),
        "On se réunit le mardi soir en visio"
    );
    assert_eq!(num_arg(&s.msg("record-rounds"), "rounds"), 2);
    assert_eq!(num_arg(&s.msg("record-objection"), "version"), 2);
    s.expect("record-lift");
    s.say("carol", "!décisions").expect("decisions-line");
    let line = s.msg("decisions-line");
    assert_eq!(text_arg(&line, "outcome"), "adopted");
    assert_eq!(
        text_arg(&line, "text"),
        "On se réunit le mardi soir en visio"
    );
    assert_eq!(num_arg(&line, "versions"), 2);
}

#[test]
fn a_hand_reaction_asks_for_the_reason_and_takes_the_next_message_as_it() {
    let mut s = Script::new(&["alice", "bob", "carol"]);
    to_objections(&mut s);
    let prompt = s.out("decision-objections").out_ref;
    s.react("carol", "✋🏽", &prompt)
        .expect("objection-reason-needed");
    assert_eq!(mentions(&s.out("objection-reason-needed")), vec!["carol"]);
    s.say_in("carol", "D1", "La salle est trop loin le mardi")
        .expect("consent-tally");
    s.say_in("alice", "D1", "!consens");
    s.say_in("bob", "D1", "!consens")
        .expect("consent-closed-objections")
        .expect("objection-line");
    assert_eq!(
        text_arg(&s.msg("objection-line"), "reason"),
        "La salle est trop loin le mardi"
    );
}

#[test]
fn refusals_change_nothing() {
    let mut s = Script::new(&["alice", "bob", "carol"]);
    to_objections(&mut s);
    let before = s.state();
    s.say_in("carol", "D1", "!amender autre chose")
        .expect("amend-not-proposer");
    s.say_in("bob", "D1", "!amender autre chose")
        .expect("amend-during-objections");
    s.say("carol", "!suivant D1").expect("not-allowed");
    s.say("alice", "!suivant D9").expect("run-unknown");
    s.say("bob", "!décision autre").expect("not-allowed");
    s.say("alice", "!décision").expect("usage-error");
    s.say("alice", "!meto").expect("unknown-command");
    assert_eq!(text_arg(&s.msg("unknown-command"), "suggestion"), "!météo");
    assert_eq!(before, s.state());
}

#[test]
fn only_the_proposer_amends() {
    let mut s = Script::new(&["alice", "bob", "carol"]);
    let order = to_reactions(&mut s);
    for who in &order {
        s.say_in(who, "D1", "ok");
    }
    let before = s.state();
    s.say_in("carol", "D1", "!amender Mon texte")
        .expect("amend-not-proposer");
    assert_eq!(before, s.state());
    s.say_in("carol", "D1", "!suivant").expect("not-allowed");
    s.say_in("bob", "D1", "!amender On se réunit le jeudi")
        .expect("amended");
    s.expect("decision-objections");
}

#[test]
fn withdrawal_ends_and_records_the_decision() {
    let mut s = Script::new(&["alice", "bob", "carol"]);
    to_reactions(&mut s);
    s.say_in("bob", "D1", "!retirer").expect("withdrawn");
    s.say("alice", "!où").expect("status-none");
    s.say("alice", "!décisions");
    assert_eq!(text_arg(&s.msg("decisions-line"), "outcome"), "withdrawn");
}

#[test]
fn a_facilitator_cancels_and_it_is_recorded() {
    let mut s = Script::new(&["alice", "bob", "carol"]);
    to_reactions(&mut s);
    s.say("carol", "!annuler D1").expect("not-allowed");
    s.say("alice", "!annuler").expect("run-cancelled");
    s.say_in("carol", "D1", "!passe").expect("run-finished");
    s.say("alice", "!décisions");
    assert_eq!(text_arg(&s.msg("decisions-line"), "outcome"), "cancelled");
}

#[test]
fn silence_consent_after_the_reminder() {
    let mut s = Script::new(&["alice", "bob", "carol"]);
    s.say(
        "alice",
        "!décision Budget de 200 € pour le goûter --délai 48h --silence-consent",
    );
    s.say_in("alice", "D1", "!suivant")
        .expect("decision-reactions");
    s.say_in("alice", "D1", "!suivant")
        .expect("decision-amendment");
    s.say_in("alice", "D1", "!suivant")
        .expect("decision-objections");
    s.say_in("alice", "D1", "!consens");
    s.advance("47h").expect_no("step-reminder");
    s.advance("1h").expect("step-reminder");
    assert_eq!(
        users_arg(&s.msg("step-reminder"), "waiting"),
        vec!["bob", "carol"]
    );
    s.advance("12h")
        .expect("consent-closed-clear")
        .expect("decision-adopted")
        .expect("record-silent");
    assert_eq!(
        users_arg(&s.msg("record-silent"), "who"),
        vec!["bob", "carol"]
    );
}

#[test]
fn without_silence_consent_the_objection_round_waits_after_the_reminder() {
    let mut s = Script::new(&["alice", "bob", "carol"]);
    s.say("alice", "!décision Budget --délai 24h");
    for _ in 0..3 {
        s.say_in("alice", "D1", "!suivant");
    }
    s.expect("decision-objections");
    s.advance("24h").expect("step-reminder");
    assert_eq!(text_arg(&s.msg("step-reminder"), "then"), "wait");
    s.advance("3j").expect_no("decision-adopted");
    s.say("alice", "!où").expect("status-line");
}

#[test]
fn a_second_delivery_of_the_same_event_does_nothing() {
    let mut s = Script::new(&["alice", "bob", "carol"]);
    to_objections(&mut s);
    s.say_in("carol", "D1", "!consens").expect("consent-tally");
    let event = s.last_event();
    let before = s.state();
    let inc = tuteur::engine::Incoming {
        garden: s.garden.clone(),
        event_id: event,
        sender: tuteur::model::UserId::new("carol"),
        sender_name: "carol".into(),
        at: common::start_time(),
        place: tuteur::engine::Place::Thread("D1".parse().expect("id")),
        kind: tuteur::engine::InKind::Text {
            body: "!consens".into(),
            html: None,
        },
    };
    s.deliver(&inc);
    assert!(s.last.is_empty());
    assert_eq!(before, s.state());
}

#[test]
fn an_edit_replaces_and_a_redaction_forgets_an_objection() {
    let mut s = Script::new(&["alice", "bob", "carol"]);
    to_objections(&mut s);
    s.say_in("carol", "D1", "!objection trop cher");
    let ev = s.last_event();
    s.edit("carol", &ev, "!objection trop cher pour nous");
    s.say("alice", "!où");
    s.redact("carol", &ev);
    s.say("alice", "!où");
    let waiting = users_arg(&s.msg("status-line"), "waiting");
    assert!(
        waiting.contains(&"carol".to_owned()),
        "carol must answer again: {waiting:?}"
    );
}
