//! The scheduler through `Engine::tick` / `Engine::next_due`: the weekly digest exactly once
//! per week (also after downtime), at the same local time across daylight-saving changes,
//! role term reminders, and `!récolte`.

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::*;
use tuteur::engine::{Action, Dest};
use tuteur::model::{RunId, RunKind, UserId};
use tuteur::registers::{self, Register, RoleRecord};
use tuteur::store::{Store, Tx};

const THREE: [&str; 3] = ["alice", "bob", "carol"];

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
        .single()
        .expect("date")
}

/// The digests (thread roots of an `H` id) the bot posted since the script began.
fn digests(s: &Script) -> Vec<RunId> {
    s.log
        .iter()
        .filter_map(|o| match &o.action {
            Action::Post {
                root_of: Some(id), ..
            } if id.kind == RunKind::Digest => Some(*id),
            _ => None,
        })
        .collect()
}

#[test]
fn the_digest_is_posted_once_a_week_with_its_details_in_a_thread() {
    let mut s = Script::new(&THREE);
    // Monday 23 November, 10:00 in Paris: this week's slot (09:00) has passed.
    s.tick();
    s.say(
        "bob",
        "!retour Notre conseil coopératif #éducation\nCe qu'on en retient.",
    );
    s.say("alice", "!météo");
    s.say("alice", "!annuler M1");
    s.say("alice", "!défi Tenir un conseil | dans 3 semaines");
    s.say("alice", "!point F1 salle réservée");
    // Monday 30 November 09:00 in Paris is 08:00 UTC.
    s.advance("6j").advance("22h").expect_no("digest-summary");
    s.advance("59m").expect_no("digest-summary");
    s.advance("1m")
        .expect("digest-summary")
        .expect("digest-details");
    let summary = s.msg("digest-summary");
    assert_eq!(num_arg(&summary, "retours"), 1);
    assert_eq!(num_arg(&summary, "defis"), 1);
    assert_eq!(num_arg(&summary, "checkins"), 1);
    assert_eq!(
        text_arg(&s.msg("digest-title"), "title"),
        "Notre conseil coopératif"
    );
    let root = s.out("digest-summary");
    assert_eq!(root.dest, Dest::Room);
    assert!(root.mentions().is_empty(), "a digest pings nobody");
    let h1 = RunId::new(RunKind::Digest, 1);
    assert_eq!(s.out("digest-details").dest, Dest::Thread(h1));
    for step in ["1m", "1h", "3j", "3j"] {
        s.advance(step).expect_no("digest-summary");
    }
    assert_eq!(digests(&s), vec![h1]);
    s.say(
        "carol",
        "!retour Une deuxième semaine\nCe qu'on en retient.",
    );
    s.advance("23h");
    assert_eq!(digests(&s).len(), 2, "the next week's digest");
    assert_eq!(num_arg(&s.msg("digest-summary"), "retours"), 1);
}

#[test]
fn a_quiet_week_posts_no_digest() {
    let mut s = Script::new(&THREE);
    s.tick();
    s.advance("7j").advance("7j");
    assert!(digests(&s).is_empty());
}

#[test]
fn after_ten_days_of_downtime_one_catch_up_digest() {
    let mut s = Script::new(&THREE);
    s.tick();
    s.say("bob", "!retour Avant la panne\nCe qu'on en retient.");
    // Saturday 28 November, then the bot is down until Tuesday 8 December: the slots of
    // 30 November and 7 December were both missed.
    s.advance("5j");
    s.say(
        "carol",
        "!retour Juste avant la panne\nCe qu'on en retient.",
    );
    s.advance("10j").expect("digest-summary");
    assert_eq!(digests(&s).len(), 1, "one catch-up, not two");
    assert_eq!(num_arg(&s.msg("digest-summary"), "retours"), 2);
    for _ in 0..5 {
        s.advance("1h");
    }
    assert_eq!(digests(&s).len(), 1);
    // The bot is back on schedule: the next digest is next Monday's.
    assert_eq!(s.next_due(), Some(utc(2026, 12, 14, 8, 0)));
}

#[test]
fn a_restart_between_two_slots_posts_nothing_twice() {
    let mut s = Script::new(&THREE);
    s.tick();
    s.say("bob", "!retour Un retour\nCe qu'on en retient.");
    s.advance("7j");
    assert_eq!(digests(&s).len(), 1);
    // A second engine over the same store (a restart) sees the mark.
    let engine = tuteur::engine::Engine::new(
        tuteur::rituals::load::Rituals::builtin(),
        tuteur::engine::EngineConfig::default(),
    );
    let out = engine
        .tick(&s.store, &s.clock, &s.garden, &s.roster)
        .expect("tick");
    assert!(ids(&out).iter().all(|i| i != "digest-summary"));
}

/// Runs a week with one retour, and returns the instants at which digests were posted.
fn weekly_digest_times(s: &mut Script, mondays: &[DateTime<Utc>]) -> Vec<DateTime<Utc>> {
    let mut posted = Vec::new();
    for monday in mondays {
        s.say("bob", "!retour Une semaine de plus\nCe qu'on en retient.");
        // One minute before the expected instant: nothing.
        s.at(*monday - Duration::minutes(1));
        assert!(
            !s.ids().contains(&"digest-summary".to_owned()),
            "early at {monday}"
        );
        s.at(*monday);
        if s.ids().contains(&"digest-summary".to_owned()) {
            posted.push(*monday);
        }
    }
    posted
}

#[test]
fn the_monday_nine_o_clock_digest_stays_at_nine_across_the_march_change() {
    let mut s = Script::new(&THREE);
    s.at(utc(2027, 3, 15, 12, 0));
    // 09:00 in Paris: UTC+1 on 22 March, UTC+2 on 29 March and 5 April.
    let mondays = [
        utc(2027, 3, 22, 8, 0),
        utc(2027, 3, 29, 7, 0),
        utc(2027, 4, 5, 7, 0),
    ];
    assert_eq!(weekly_digest_times(&mut s, &mondays), mondays);
    assert_eq!(s.next_due(), Some(utc(2027, 4, 12, 7, 0)));
}

#[test]
fn the_monday_nine_o_clock_digest_stays_at_nine_across_the_october_change() {
    let mut s = Script::new(&THREE);
    s.at(utc(2027, 10, 18, 12, 0));
    // UTC+2 on 25 October, UTC+1 on 1 and 8 November.
    let mondays = [
        utc(2027, 10, 25, 7, 0),
        utc(2027, 11, 1, 8, 0),
        utc(2027, 11, 8, 8, 0),
    ];
    assert_eq!(weekly_digest_times(&mut s, &mondays), mondays);
}

#[test]
fn the_slot_is_a_garden_setting() {
    let mut s = Script::new(&THREE);
    s.say("alice", "!jardin récolte vendredi 17:30")
        .expect("setting-recolte");
    s.tick();
    s.say("bob", "!retour Un retour\nCe qu'on en retient.");
    // Friday 27 November 17:30 in Paris is 16:30 UTC.
    s.at(utc(2026, 11, 27, 16, 29)).expect_no("digest-summary");
    s.at(utc(2026, 11, 27, 16, 30)).expect("digest-summary");
}

#[test]
fn recolte_posts_the_week_so_far_and_the_scheduled_digest_still_comes() {
    let mut s = Script::new(&THREE);
    s.tick();
    s.say("alice", "!récolte").expect("digest-empty");
    s.say("bob", "!retour Un retour\nCe qu'on en retient.");
    let before = s.state();
    s.say("bob", "!récolte").expect("not-allowed");
    assert_eq!(before, s.state());
    s.say("alice", "!digest")
        .expect("digest-summary")
        .expect("digest-details");
    assert_eq!(num_arg(&s.msg("digest-summary"), "retours"), 1);
    s.advance("7j").expect("digest-summary");
    assert_eq!(digests(&s).len(), 2);
}

fn elect(s: &Script, n: u32, role: &str, holder: &str, start: DateTime<Utc>, days: i64) {
    let record = RoleRecord {
        id: RunId::new(RunKind::Election, n),
        role: role.to_owned(),
        mission: None,
        holder: (UserId::new(holder), holder.to_owned()),
        start,
        end: Some(start + Duration::days(days)),
    };
    let mut tx = Tx::new(&s.store);
    registers::put(&mut tx, &s.garden, Register::Roles, record.id, &record).expect("put");
    s.store.apply(&tx.into_batch()).expect("apply");
}

#[test]
fn the_garden_is_reminded_two_weeks_before_a_term_ends() {
    let mut s = Script::new(&THREE);
    let now = tuteur::clock::Clock::now(&s.clock);
    elect(&s, 1, "secrétaire", "carol", now, 30);
    s.tick();
    assert!(s.next_due() <= Some(now + Duration::days(16)));
    s.advance("15j").expect_no("role-term-reminder");
    s.advance("1j").expect("role-term-reminder");
    assert_eq!(mentions(&s.out("role-term-reminder")), vec!["carol"]);
    assert_eq!(text_arg(&s.msg("role-term-reminder"), "ended"), "no");
    s.advance("1j").advance("20j");
    assert_eq!(s.count("role-term-reminder"), 1);

    // Re-elected for 20 days, then the bot is down past the end: one reminder, late.
    let now = tuteur::clock::Clock::now(&s.clock);
    elect(&s, 2, "secrétaire", "bob", now, 20);
    s.advance("30j").expect("role-term-reminder");
    assert_eq!(text_arg(&s.msg("role-term-reminder"), "ended"), "yes");
    s.advance("1j");
    assert_eq!(s.count("role-term-reminder"), 2);
}

#[test]
fn next_due_sees_deadlines_and_check_ins() {
    let mut s = Script::new(&THREE);
    s.tick();
    assert_eq!(s.next_due(), Some(utc(2026, 11, 30, 8, 0)), "the digest");
    s.say("alice", "!défi Tenir un conseil | 2026-11-25");
    // The défi's deadline (25 November, 18:00 in Paris) comes before the next check-in.
    assert_eq!(s.next_due(), Some(utc(2026, 11, 25, 17, 0)));
    s.at(utc(2026, 11, 25, 17, 0)).expect("defi-deadline");
    assert_eq!(s.next_due(), Some(utc(2026, 11, 30, 8, 0)));
    s.say("alice", "!décision --délai 2h Essayer tuteur");
    assert_eq!(
        s.next_due(),
        Some(utc(2026, 11, 25, 19, 0)),
        "a ritual step's deadline"
    );
}
