//! Défis du faire ensemble: creation with deadlines in the garden's timezone,
//! joining and leaving, check-ins, weekly check-in requests, the deadline and `fini`, and
//! refusals that change nothing.

mod common;

use chrono::{TimeZone, Utc};
use common::*;
use tuteur::engine::{Action, Dest};
use tuteur::model::{RunId, RunKind};
use tuteur::registers::{DefiStatus, defis};
use tuteur::store::Tx;

const THREE: [&str; 3] = ["alice", "bob", "carol"];

fn f1() -> RunId {
    RunId::new(RunKind::Defi, 1)
}

fn defi(s: &Script) -> tuteur::registers::DefiRecord {
    defis::load(&Tx::new(&s.store), &s.garden, f1())
        .expect("store")
        .expect("F1 exists")
}

#[test]
fn a_defi_is_created_joined_and_checked_in() {
    let mut s = Script::new(&THREE);
    s.say("bob", "!défi Tenir un conseil coopératif | 2026-12-15")
        .expect("defi-created");
    let created = s.out("defi-created");
    assert!(matches!(
        created.action,
        Action::Post { root_of: Some(id), .. } if id == f1()
    ));
    // 15 December at 18:00 in Paris is 17:00 UTC.
    let deadline = Utc
        .with_ymd_and_hms(2026, 12, 15, 17, 0, 0)
        .single()
        .expect("date");
    assert_eq!(defi(&s).deadline, deadline);
    assert_eq!(defi(&s).participants.len(), 1, "the creator takes part");

    s.say("carol", "!défi rejoindre F1").expect("defi-joined");
    assert_eq!(num_arg(&s.msg("defi-joined"), "count"), 2);
    s.say_in("carol", "F1", "!point F1 J'ai réservé la salle")
        .expect("checkin-recorded");
    assert_eq!(s.last[0].dest, Dest::Thread(f1()));
    s.say("alice", "!challenge join F1").expect("defi-joined");
    s.say("alice", "!challenge leave F1").expect("defi-left");
    s.say("bob", "!défis")
        .expect("defis-header")
        .expect("defis-checkin");
    assert_eq!(defi(&s).checkins.len(), 1);
    assert_eq!(defi(&s).checkins[0].text, "J'ai réservé la salle");
}

#[test]
fn deadlines_in_words_and_day_month() {
    let mut s = Script::new(&THREE);
    s.say("alice", "!défi Un | dans 3 semaines")
        .expect("defi-created");
    s.say("alice", "!challenge Two | in 3 weeks")
        .expect("defi-created");
    s.say("alice", "!défi Trois | 15/12").expect("defi-created");
    let tx = Tx::new(&s.store);
    let at = |n| {
        defis::load(&tx, &s.garden, RunId::new(RunKind::Defi, n))
            .expect("store")
            .expect("défi")
            .deadline
    };
    let in_three_weeks = Utc
        .with_ymd_and_hms(2026, 12, 14, 17, 0, 0)
        .single()
        .expect("date");
    assert_eq!(at(1), in_three_weeks);
    assert_eq!(at(2), in_three_weeks);
    assert_eq!(
        at(3),
        Utc.with_ymd_and_hms(2026, 12, 15, 17, 0, 0)
            .single()
            .expect("date")
    );
}

#[test]
fn bad_defis_and_checkins_are_refused_and_change_nothing() {
    let mut s = Script::new(&THREE);
    s.say("alice", "!défi Tenir un conseil | dans 2 semaines");
    let before = s.state();
    s.say("bob", "!défi | 15/12").expect("usage-error");
    s.say("bob", "!défi Sans échéance").expect("usage-error");
    s.say("bob", "!défi Trop tard | 2020-01-01")
        .expect("defi-deadline-past");
    s.say("bob", "!défi Illisible | un de ces jours")
        .expect("defi-deadline-unreadable");
    s.say("bob", "!point F1 je n'y suis pas")
        .expect("checkin-not-participant");
    s.say("bob", "!point F9 inconnu").expect("run-unknown");
    s.say("bob", "!point D1 pas un défi").expect("usage-error");
    s.say("bob", "!défi quitter F1")
        .expect("defi-not-participant");
    s.say("alice", "!défi rejoindre F1")
        .expect("defi-already-joined");
    s.say("bob", "!défi fini F1")
        .expect("defi-done-not-allowed");
    assert_eq!(before, s.state(), "refusals change nothing");

    // A finished défi takes no more check-ins nor participants.
    s.say("alice", "!défi fini F1")
        .expect("defi-done")
        .expect("defi-ask-retour");
    let before = s.state();
    s.say("alice", "!point F1 encore un mot")
        .expect("defi-finished");
    s.say("bob", "!défi rejoindre F1").expect("defi-finished");
    assert_eq!(before, s.state());
}

#[test]
fn check_ins_are_requested_weekly_mentioning_each_participant() {
    let mut s = Script::new(&THREE);
    s.say("alice", "!défi Tenir un conseil | dans 5 semaines");
    s.say("bob", "!défi rejoindre F1");
    // Thursday 10:00 in Paris (the default slot) is 09:00 UTC, three days later.
    s.advance("2j").expect_no("checkin-request");
    s.advance("23h").expect_no("checkin-request");
    s.advance("1h").expect("checkin-request");
    let request = s.out("checkin-request");
    assert_eq!(request.dest, Dest::Thread(f1()));
    assert_eq!(mentions(&request), vec!["alice", "bob"]);
    s.advance("1h").expect_no("checkin-request");
    s.say("bob", "!point F1 ça avance");
    s.advance("6j").expect_no("checkin-request");
    s.advance("23h");
    assert_eq!(s.count("checkin-request"), 2, "one request per week");
    // Three weeks of downtime: one request, not three.
    s.advance("21j");
    assert_eq!(s.count("checkin-request"), 3);
}

#[test]
fn the_slot_is_a_garden_setting() {
    let mut s = Script::new(&THREE);
    s.say("bob", "!jardin points mardi 18:00")
        .expect("not-allowed");
    s.say("alice", "!jardin points mardi 18:00")
        .expect("setting-points");
    s.say("alice", "!jardin points jamais")
        .expect("setting-invalid");
    // Tuesday 24 November, 10:00 in Paris: the slot is 18:00 today, too soon for a new défi.
    s.advance("1j");
    s.say("alice", "!défi Tenir un conseil | dans 5 semaines");
    s.advance("8h").expect_no("checkin-request");
    // Tuesday 1 December, 18:00 in Paris (17:00 UTC).
    s.advance("6j").expect_no("checkin-request");
    s.advance("23h").expect_no("checkin-request");
    s.advance("1h").expect("checkin-request");
}

#[test]
fn at_the_deadline_participants_are_asked_for_a_retour() {
    let mut s = Script::new(&THREE);
    s.say("alice", "!défi Tenir un conseil | 2026-11-30");
    s.say("carol", "!défi rejoindre F1");
    s.say("carol", "!point F1 premier essai");
    // 30 November 18:00 in Paris: 7 days and 8 hours after the start.
    s.advance("7j").expect_no("defi-deadline");
    s.advance("8h")
        .expect("defi-deadline")
        .expect("defi-ask-retour");
    let end = s.out("defi-deadline");
    assert_eq!(end.dest, Dest::Thread(f1()));
    assert_eq!(mentions(&end), vec!["alice", "carol"]);
    assert_eq!(defi(&s).status, DefiStatus::Expired);
    s.advance("1h").expect_no("defi-deadline");
    assert_eq!(s.count("defi-deadline"), 1);
    // The défi is in the next digest, marked as over.
    s.advance("7j")
        .expect("digest-summary")
        .expect("digest-defi");
    assert_eq!(text_arg(&s.msg("digest-defi"), "state"), "expired");
    s.say("alice", "!défis").expect("defis-empty");
}
