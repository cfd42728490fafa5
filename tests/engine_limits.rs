//! Bounds on runs and listings (engine, fake clock): one météo at a time, a garden-wide
//! maximum, plain members' starts rate-limited, `!où` and the registers in pages, and
//! `!rituel` on a family that needs an argument asking for it. Every message is rendered
//! in French and English and must resolve every argument.

mod common;

use common::*;
use tuteur::engine::{Engine, EngineConfig, Outgoing};
use tuteur::i18n;
use tuteur::model::{Lang, Text};
use tuteur::rituals::load::Rituals;

/// Both renderings of a text, checked: every id known in both locales, no argument left.
fn rendered(text: &Text) -> [String; 2] {
    [Lang::Fr, Lang::En].map(|lang| {
        let problems = i18n::problems(lang, chrono_tz::Europe::Paris, text);
        assert!(problems.is_empty(), "{lang:?}: {problems:?}");
        i18n::render(lang, chrono_tz::Europe::Paris, text).body
    })
}

/// Every message of the script rendered and checked.
fn all_rendered(outs: &[Outgoing]) {
    for o in outs {
        if let Some(t) = o.text() {
            rendered(t);
        }
    }
}

/// The French body of the last answer.
fn last_fr(s: &Script) -> String {
    let [fr, _] = rendered(s.last.last().and_then(Outgoing::text).expect("an answer"));
    fr
}

fn with_max(members: &[&str], facilitators: &[&str], max: usize) -> Script {
    let mut s = Script::with(members, facilitators, Lang::Fr, 0);
    s.engine = Engine::new(
        Rituals::builtin(),
        EngineConfig {
            max_active_runs: max,
            ..EngineConfig::default()
        },
    );
    s
}

#[test]
fn a_second_meteo_waits_for_the_first_and_the_refusal_lists_it() {
    let mut s = Script::new(&["alice", "bob"]);
    s.say("bob", "!météo").expect("meteo-open");
    for who in ["bob", "alice"] {
        s.say(who, "!météo")
            .expect("limit-meteo-running")
            .expect("limit-run-line")
            .expect_no("meteo-open");
        let m = s.msg("limit-meteo-running");
        assert_eq!(text_arg(&m, "id"), "M1");
        let [fr, en] = rendered(s.last[0].text().expect("text"));
        assert!(fr.contains("Une météo est déjà en cours (M1)"), "{fr}");
        assert!(fr.contains("• M1 Météo — étape : tour de météo"), "{fr}");
        assert!(en.contains("• M1 Weather"), "{en}");
        // A refusal answers the command as a reply and notifies nobody.
        assert!(mentions(&s.last[0]).is_empty());
        assert!(matches!(
            &s.last[0].action,
            tuteur::engine::Action::Post {
                reply_to: Some(_),
                ..
            }
        ));
    }
    // Once it is over, a new one starts.
    s.say_in("bob", "M1", "☀️ bien")
        .say_in("alice", "M1", "🌧 fatiguée");
    s.expect("meteo-summary");
    s.say("bob", "!météo").expect("meteo-open");
    assert_eq!(text_arg(&s.msg("meteo-open"), "id"), "M2");
    all_rendered(&s.log);
}

#[test]
fn a_garden_runs_at_most_its_maximum_and_names_the_running_ones() {
    let mut s = Script::new(&["alice", "bob"]);
    for i in 1..=8 {
        s.say("alice", &format!("!décision Proposition {i}"))
            .expect("decision-presentation");
    }
    s.say("alice", "!rituel clôture")
        .expect("limit-too-many")
        .expect_no("cloture/annonce");
    let m = s.msg("limit-too-many");
    assert_eq!((num_arg(&m, "count"), num_arg(&m, "max")), (8, 8));
    assert_eq!(s.ids().iter().filter(|i| *i == "limit-run-line").count(), 8);
    let fr = last_fr(&s);
    assert!(fr.contains("8 rituels sont déjà en cours"), "{fr}");
    assert!(fr.contains("• D8 Décision par consentement"), "{fr}");
    assert!(fr.contains("!annuler <id>"), "{fr}");
    // Cancelling one makes room.
    s.say("alice", "!annuler D3").expect("run-cancelled");
    s.say("alice", "!rituel clôture").expect("cloture/annonce");

    // The maximum comes from the configuration.
    let mut s = with_max(&["alice", "bob"], &["alice"], 2);
    s.say("alice", "!météo").expect("meteo-open");
    s.say("alice", "!rituel clôture").expect("cloture/annonce");
    s.say("alice", "!décision Un composteur")
        .expect("limit-too-many");
    assert_eq!(num_arg(&s.msg("limit-too-many"), "max"), 2);
    let en = rendered(s.last[0].text().expect("text"))[1].clone();
    assert!(en.contains("2 rituals are already running"), "{en}");
    assert!(en.contains("the most is 2"), "{en}");
    all_rendered(&s.log);
}

/// A météo Bob starts and everyone answers at once.
fn quick_meteo(s: &mut Script, n: u32) {
    s.say("bob", "!météo").expect("meteo-open");
    let id = format!("M{n}");
    s.say_in("alice", &id, "☀️").say_in("bob", &id, "⛅");
    s.expect("meteo-summary");
}

#[test]
fn a_plain_member_starts_three_runs_an_hour_facilitators_any_number() {
    let mut s = Script::new(&["alice", "bob"]);
    for n in 1..=3 {
        quick_meteo(&mut s, n);
        s.advance("10m");
    }
    s.say("bob", "!météo")
        .expect("limit-member-rate")
        .expect_no("meteo-open");
    let m = s.msg("limit-member-rate");
    assert_eq!(num_arg(&m, "count"), 3);
    let fr = last_fr(&s);
    // The first of the three started at 09:00 (Paris 10:00): free again an hour later.
    assert!(
        fr.contains("tu pourras en lancer un autre le lundi 23 novembre 2026 à 11:00"),
        "{fr}"
    );
    assert!(
        fr.contains("Tu as déjà lancé 3 rituels dans la dernière heure"),
        "{fr}"
    );
    // A facilitator is not counted.
    s.say("alice", "!météo").expect("meteo-open");
    s.say_in("alice", "M4", "☀️").say_in("bob", "M4", "⛅");
    // An hour after the first start, Bob may again.
    s.at(common::start_time() + chrono::Duration::minutes(61));
    s.say("bob", "!météo").expect("meteo-open");
    all_rendered(&s.log);
}

#[test]
fn status_comes_in_pages_of_ten_and_names_ten_people_at_most() {
    let members: Vec<String> = (0..15).map(|i| format!("m{i:02}")).collect();
    let members: Vec<&str> = members.iter().map(String::as_str).collect();
    let mut s = with_max(&members, &members[..1], 100);
    for i in 1..=25 {
        s.say("m00", &format!("!décision Proposition {i}"));
    }
    s.say("m01", "!où")
        .expect("status-header")
        .expect("page-footer");
    assert_eq!(num_arg(&s.msg("status-header"), "count"), 25);
    assert_eq!(s.ids().iter().filter(|i| *i == "status-line").count(), 10);
    let fr = last_fr(&s);
    assert!(fr.contains("Page 1 sur 3 : !où 2 pour la suite."), "{fr}");
    s.say("m01", "!où 3").expect("page-last");
    assert_eq!(s.ids().iter().filter(|i| *i == "status-line").count(), 5);
    assert!(last_fr(&s).contains("• D25"));
    s.say("m01", "!où 4").expect("page-empty");
    assert!(last_fr(&s).contains("Il n'y a que 3 pages : !où 3 montre la dernière."));

    // A round waiting for fifteen people names ten of them.
    s.say("m00", "!annuler D1");
    let mut s2 = with_max(&members, &members[..1], 100);
    s2.say("m00", "!météo");
    s2.say("m01", "!où").expect("status-line");
    let [fr, en] = rendered(s2.last[0].text().expect("text"));
    assert!(fr.contains("et 5 autres personnes"), "{fr}");
    assert!(en.contains("and 5 more people"), "{en}");
    all_rendered(&s.log);
    all_rendered(&s2.log);
}

#[test]
fn the_decision_register_comes_in_pages_and_long_texts_are_cut() {
    let mut s = Script::new(&["alice", "bob"]);
    for i in 1..=12 {
        let text = if i == 1 {
            "long ".repeat(400)
        } else {
            format!("Proposition {i}")
        };
        s.say("alice", &format!("!décision {text}"));
        s.say("alice", &format!("!annuler D{i}"))
            .expect("run-cancelled");
    }
    s.say("bob", "!décisions")
        .expect("decisions-header")
        .expect("page-footer");
    assert_eq!(
        s.ids().iter().filter(|i| *i == "decisions-line").count(),
        10
    );
    let first = text_arg(&s.msg("decisions-line"), "text");
    assert!(first.chars().count() <= tuteur::engine::paging::EXCERPT + 1);
    assert!(
        first.starts_with("long long") && first.ends_with("long…"),
        "{first}"
    );
    assert!(last_fr(&s).contains("!décisions 2 pour la suite"));
    s.say("bob", "!décisions 2").expect("page-last");
    assert_eq!(s.ids().iter().filter(|i| *i == "decisions-line").count(), 2);
    all_rendered(&s.log);
}

#[test]
fn ritual_on_a_family_that_needs_an_argument_asks_for_it_like_its_command() {
    let mut s = Script::new(&["alice", "bob"]);
    for (ritual, command) in [
        ("!rituel décision", "!décision"),
        ("!rituel decision", "!décision"),
        ("!rituel élection", "!élection"),
    ] {
        s.say("alice", command).expect("usage-error");
        let want = s.last.clone();
        s.say("alice", ritual).expect("usage-error");
        assert_eq!(
            s.last[0].text(),
            want[0].text(),
            "{ritual} answers as {command}"
        );
        assert!(last_fr(&s).contains("Il manque"), "{}", last_fr(&s));
    }
    s.say("alice", "!rituel décision pour @bob : Jardiner le samedi")
        .expect("decision-presentation");
    let [fr, _] = rendered(s.out("decision-presentation").text().expect("text"));
    assert!(fr.contains("portée par bob"), "{fr}");
    assert!(fr.contains("« Jardiner le samedi »"), "{fr}");
    s.say("alice", "!rituel élection Trésorerie")
        .expect("election-announce");
    let [fr, _] = rendered(s.out("election-announce").text().expect("text"));
    assert!(fr.contains("rôle « Trésorerie »"), "{fr}");
    all_rendered(&s.log);
}

#[test]
fn help_and_full_listing_pages_stay_far_below_one_matrix_event() {
    let members: Vec<String> = (0..40)
        .map(|i| format!("@membre-{i:02}:localhost"))
        .collect();
    let members: Vec<&str> = members.iter().map(String::as_str).collect();
    let mut s = with_max(&members, &members[..1], 100);
    let long = "très longue proposition ".repeat(2_000);
    for _ in 0..30 {
        s.say(members[0], &format!("!décision {long}"));
    }
    for command in [
        "!aide",
        "!où",
        "!où 3",
        "!décisions",
        "!rôles",
        "!défis",
        "!retours",
    ] {
        s.say(members[0], command);
        for lang in [Lang::Fr, Lang::En] {
            let text = s.last[0].text().expect("an answer");
            let r = i18n::render(lang, chrono_tz::Europe::Paris, text);
            let size = r.body.len() + r.html.len();
            assert!(size < 16 * 1024, "{command} in {lang:?}: {size} bytes");
        }
    }
    all_rendered(&s.log);
}
