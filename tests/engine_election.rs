//! Elections without candidates: ballots by direct message kept secret until
//! the reveal, reasons, vote changes, tally and tie-breaks, nominee asked last, objection
//! loop, role register.

mod common;

use common::*;
use tuteur::engine::Dest;
use tuteur::model::Lang;

const FOUR: [&str; 4] = ["alice", "bob", "carol", "dominique"];

fn ballots(s: &mut Script, votes: &[(&str, &str)]) {
    for (voter, nominee) in votes {
        s.dm(voter, &format!("!nomine @{nominee}"));
    }
}

/// Skips reasons and vote changes with the facilitator's `!suivant`.
fn to_proposal(s: &mut Script, id: &str) {
    s.expect("election-reasons");
    s.say_in("alice", id, "!suivant").expect("election-changes");
    s.say_in("alice", id, "!suivant")
        .expect("election-proposal");
}

#[test]
fn a_whole_election() {
    let mut s = Script::new(&FOUR);
    s.say("alice", "!élection secrétaire pour 6 mois")
        .expect("election-announce")
        .expect("election-nominations");
    assert_eq!(text_arg(&s.msg("election-announce"), "term_unit"), "months");
    let dms: Vec<_> = s
        .last
        .iter()
        .filter(|o| matches!(o.dest, Dest::Direct(_)))
        .collect();
    assert_eq!(dms.len(), 4, "one ballot request per member");

    s.dm("bob", "!nomine @carol elle écoute bien")
        .expect("ballot-recorded");
    assert!(s.last.iter().all(|o| o.dest == Dest::Direct("bob".into())));
    s.dm("carol", "!nomine carol").expect("ballot-recorded");
    s.dm("alice", "!nomine @bob");
    // Nothing of the ballots has reached the room or the thread before the reveal.
    for o in &s.log {
        if !matches!(o.dest, Dest::Direct(_)) {
            assert!(!ids(std::slice::from_ref(o)).contains(&"ballot-line".to_owned()));
        }
    }
    s.dm("dominique", "!nomine @carol")
        .expect("election-reveal")
        .expect("ballot-line-reason")
        .expect("election-reasons");
    assert_eq!(
        ids(&s.last)
            .iter()
            .filter(|i| i.starts_with("ballot-line"))
            .count(),
        4
    );

    let order = users_arg(&s.msg("election-reasons"), "order");
    for who in &order {
        s.say_in(who, "E1", "parce que");
    }
    s.expect("election-changes");
    let order = users_arg(&s.msg("election-changes"), "order");
    for who in &order {
        if *who == "alice" {
            s.say_in("alice", "E1", "!nomine @carol finalement")
                .expect("revote-moved");
        } else {
            s.say_in(who, "E1", "!passe");
        }
    }
    s.expect("election-proposal").expect("tally-line");
    let suggestion = s.msg("suggestion-line");
    assert_eq!(user_arg(&suggestion, "who"), "carol");
    assert_eq!(text_arg(&suggestion, "why"), "most");

    s.say_in("bob", "E1", "!propose @carol")
        .expect("not-allowed");
    s.say_in("alice", "E1", "!propose @carol")
        .expect("proposed")
        .expect("election-objections");
    let prompt = s.out("election-objections");
    assert!(
        !mentions(&prompt).contains(&"carol".to_owned()),
        "the nominee is asked last"
    );
    s.say_in("alice", "E1", "!consens").expect("consent-tally");
    s.say_in("bob", "E1", "!consens");
    s.say_in("dominique", "E1", "!consens")
        .expect("consent-ask-last");
    assert_eq!(mentions(&s.out("consent-ask-last")), vec!["carol"]);
    s.say_in("carol", "E1", "!consens")
        .expect("election-elected");
}

#[test]
fn nominee_last_then_elected_and_registered() {
    let mut s = Script::new(&FOUR);
    s.say("alice", "!élection secrétaire pour 1 an");
    ballots(
        &mut s,
        &[
            ("alice", "carol"),
            ("bob", "carol"),
            ("carol", "bob"),
            ("dominique", "carol"),
        ],
    );
    to_proposal(&mut s, "E1");
    s.say_in("alice", "E1", "!propose carol");
    for who in ["alice", "bob"] {
        s.say_in(who, "E1", "!consens")
            .expect_no("consent-ask-last");
    }
    s.say_in("dominique", "E1", "!consens")
        .expect("consent-ask-last");
    s.say_in("carol", "E1", "!consens")
        .expect("election-elected")
        .expect("role-term-end");
    s.say("bob", "!rôles").expect("roles-line");
    let line = s.msg("roles-line");
    assert_eq!(user_arg(&line, "holder"), "carol");
    assert_eq!(text_arg(&line, "role"), "secrétaire");
    assert_eq!(text_arg(&line, "term"), "until");
}

#[test]
fn an_objection_loops_back_to_the_proposal() {
    let mut s = Script::new(&FOUR);
    s.say("alice", "!élection trésorier·e");
    ballots(
        &mut s,
        &[
            ("alice", "bob"),
            ("bob", "bob"),
            ("carol", "dominique"),
            ("dominique", "bob"),
        ],
    );
    to_proposal(&mut s, "E1");
    s.say_in("alice", "E1", "!propose @bob");
    s.say_in("carol", "E1", "!objection bob part six mois à l'étranger");
    s.say_in("alice", "E1", "!consens");
    s.say_in("dominique", "E1", "!consens");
    s.say_in("bob", "E1", "!consens")
        .expect("consent-closed-objections")
        .expect("election-proposal");
    s.say_in("alice", "E1", "!propose @dominique")
        .expect("election-objections");
    for who in ["alice", "bob", "carol", "dominique"] {
        s.say_in(who, "E1", "!consens");
    }
    s.expect("election-elected");
    assert_eq!(user_arg(&s.msg("election-elected"), "nominee"), "dominique");
}

#[test]
fn ballot_refusals_change_nothing() {
    let mut s = Script::new(&FOUR);
    s.say("alice", "!élection facilitation");
    s.dm("bob", "!nomine @carol");
    let before = s.state();
    s.dm("bob", "!nomine @alice").expect("ballot-already");
    s.dm("carol", "!nomine @zoé").expect("person-not-member");
    s.dm("carol", "!nomine").expect("usage-error");
    s.say_in("carol", "E1", "!nomine @bob")
        .expect("ballot-by-dm");
    assert_eq!(before, s.state());
}

#[test]
fn tie_broken_by_the_only_self_nomination() {
    let mut s = Script::new(&FOUR);
    s.say("alice", "!élection animation");
    ballots(
        &mut s,
        &[
            ("alice", "alice"),
            ("bob", "alice"),
            ("carol", "bob"),
            ("dominique", "bob"),
        ],
    );
    to_proposal(&mut s, "E1");
    let m = s.msg("suggestion-line");
    assert_eq!(
        (user_arg(&m, "who").as_str(), text_arg(&m, "why").as_str()),
        ("alice", "self")
    );
}

#[test]
fn tie_broken_by_the_current_holder() {
    let mut s = Script::new(&FOUR);
    s.say("alice", "!élection secrétaire");
    ballots(
        &mut s,
        &[
            ("alice", "dominique"),
            ("bob", "dominique"),
            ("carol", "bob"),
            ("dominique", "bob"),
        ],
    );
    to_proposal(&mut s, "E1");
    s.say_in("alice", "E1", "!propose @dominique");
    for who in FOUR {
        s.say_in(who, "E1", "!consens");
    }
    s.expect("election-elected");
    s.say("alice", "!élection Secrétaire");
    ballots(
        &mut s,
        &[
            ("alice", "dominique"),
            ("bob", "carol"),
            ("carol", "dominique"),
            ("dominique", "carol"),
        ],
    );
    to_proposal(&mut s, "E2");
    let m = s.msg("suggestion-line");
    assert_eq!(
        (user_arg(&m, "who").as_str(), text_arg(&m, "why").as_str()),
        ("dominique", "holder")
    );
}

#[test]
fn tie_broken_by_a_seeded_draw_stated_as_such() {
    let mut picks = std::collections::BTreeSet::new();
    for seed in 0..16 {
        let mut s = Script::with(&FOUR, &["alice"], Lang::Fr, seed);
        s.say("alice", "!élection cuisine");
        ballots(
            &mut s,
            &[
                ("alice", "bob"),
                ("bob", "carol"),
                ("carol", "dominique"),
                ("dominique", "alice"),
            ],
        );
        to_proposal(&mut s, "E1");
        let m = s.msg("suggestion-line");
        assert_eq!(text_arg(&m, "why"), "draw");
        picks.insert(user_arg(&m, "who"));
    }
    assert!(picks.len() > 1, "the draw depends on the seed");
}

#[test]
fn a_vote_moves_only_to_someone_already_named() {
    let mut s = Script::new(&FOUR);
    s.say("alice", "!élection secrétaire");
    ballots(
        &mut s,
        &[
            ("alice", "bob"),
            ("bob", "carol"),
            ("carol", "bob"),
            ("dominique", "bob"),
        ],
    );
    s.say_in("alice", "E1", "!suivant")
        .expect("election-changes");
    let before = s.state();
    s.say_in("carol", "E1", "!nomine @dominique")
        .expect("revote-not-named");
    assert_eq!(before, s.state());
}
