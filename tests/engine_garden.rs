//! Help, permissions, settings, constitution and registers.

mod common;

use common::*;
use tuteur::model::{Arg, Lang};

fn labels(s: &Script, id: &str, arg: &str) -> Vec<String> {
    s.last
        .iter()
        .filter_map(|o| o.text())
        .flat_map(|t| t.lines.iter())
        .filter(|m| m.id == id)
        .filter_map(|m| match m.arg(arg) {
            Some(Arg::Label(l)) => Some(l.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn help_lists_what_this_member_may_use() {
    let mut s = Script::new(&["alice", "bob"]);
    s.say("bob", "!aide").expect("help-header");
    let member = labels(&s, "help-line", "usage");
    assert!(member.contains(&"usage-meteo".to_owned()));
    assert!(!member.contains(&"usage-decision".to_owned()));
    s.say("alice", "!help");
    let facilitator = labels(&s, "help-line", "usage");
    assert!(facilitator.contains(&"usage-decision".to_owned()));
    assert!(facilitator.len() > member.len());
    s.say("bob", "!aide décision")
        .expect("usage-line")
        .expect("help-facilitator-only");
}

#[test]
fn constitution_is_seen_by_all_and_edited_by_facilitators() {
    let mut s = Script::new(&["alice", "bob", "carol"]);
    s.say("bob", "!constitution").expect("constitution-header");
    let before = s.state();
    s.say("bob", "!constitution raison Apprendre ensemble")
        .expect("not-allowed");
    s.say("alice", "!constitution noyau @bob")
        .expect("noyau-too-small");
    s.say("alice", "!constitution noyau @bob @zoé")
        .expect("person-not-member");
    assert_eq!(before, s.state());
    s.say(
        "alice",
        "!constitution raison Apprendre la gouvernance partagée en la pratiquant",
    )
    .expect("constitution-raison");
    assert_eq!(text_arg(&s.msg("constitution-raison"), "set"), "yes");
    s.say("alice", "!constitution noyau bob, carol");
    assert_eq!(
        users_arg(&s.msg("constitution-noyau"), "who"),
        vec!["bob", "carol"]
    );
}

#[test]
fn settings_change_the_garden_and_bad_values_are_refused() {
    let mut s = Script::new(&["alice", "bob"]);
    let before = s.state();
    s.say("bob", "!jardin langue en").expect("not-allowed");
    s.say("alice", "!jardin fuseau Mars/Olympus")
        .expect("setting-invalid");
    s.say("alice", "!jardin récolte jamais")
        .expect("setting-invalid");
    s.say("alice", "!jardin type coopérative")
        .expect("setting-invalid");
    s.say("alice", "!jardin couleur vert").expect("usage-error");
    assert_eq!(before, s.state());
    s.say("alice", "!jardin type organisation")
        .expect("setting-type");
    assert_eq!(text_arg(&s.msg("setting-type"), "shares"), "no");
    s.say("alice", "!jardin récolte vendredi 17h30")
        .expect("setting-recolte");
    s.say("alice", "!jardin facilitateur @bob")
        .expect("setting-facilitateur");
    s.say("bob", "!décision Essayer tuteur")
        .expect("decision-presentation");
    s.say("alice", "!jardin langue en").expect("setting-langue");
    assert_eq!(s.last[0].lang, Lang::En);
    s.say("bob", "!weather");
    assert_eq!(s.last[0].lang, Lang::En);
}

#[test]
fn non_members_take_no_part() {
    let mut s = Script::new(&["alice", "bob"]);
    let before = s.state();
    s.say("mallory", "!météo").expect("not-member");
    s.dm("mallory", "!nomine @bob").expect("not-member");
    assert_eq!(before, s.state());
}

#[test]
fn several_runs_ask_which_one() {
    let mut s = Script::new(&["alice", "bob"]);
    // Two rounds at once (a garden runs one météo at a time: the other is a closing round).
    s.say("alice", "!météo");
    s.say("alice", "!rituel clôture");
    s.say("bob", "!passe").expect("run-which");
    let ids = text_arg(&s.msg("run-which"), "ids");
    assert!(ids.contains("M1") && ids.contains("C1"), "{ids}");
    s.say("bob", "!passe M1").expect("round-tally");
    s.say("alice", "!où").expect("status-header");
    assert_eq!(num_arg(&s.msg("status-header"), "count"), 2);
}
