//! Rituals as gardens practise them, read as members read them (French and English): silence
//! is never consent, the secretary's record is whole, the levée goes in its order, the météo
//! keeps each member's weather, the nominee is asked last, no word is dropped in silence,
//! and the wording has no slips. Every message is also rendered in both languages by the
//! harness, which fails on any Fluent error or unresolved placeholder.

mod common;

use common::*;
use tuteur::model::Lang;

fn garden(lang: Lang) -> Script {
    let members = ["alice", "bob", "carol", "dominique"];
    Script::with(&members, &members[..1], lang, 0)
}

/// A decision carried by bob, up to its first objection round.
fn to_objections(s: &mut Script) {
    s.say("alice", "!décision pour @bob : On se réunit le mardi");
    s.say_in("alice", "D1", "!suivant");
    for who in ["alice", "bob", "carol", "dominique"] {
        s.say_in(who, "D1", "ça me va");
    }
    s.say_in("bob", "D1", "!suivant")
        .expect("decision-objections");
}

#[test]
fn next_on_an_objection_round_names_who_has_not_answered_and_adopts_nothing() {
    for lang in [Lang::Fr, Lang::En] {
        let mut s = garden(lang);
        to_objections(&mut s);
        s.say_in("alice", "D1", "!consens");
        let before = s.state();
        s.say_in("alice", "D1", "!suivant")
            .expect("consent-next-waiting")
            .expect_no("decision-adopted");
        match lang {
            Lang::Fr => s
                .reads("On attend encore la réponse de bob, carol et dominique")
                .reads("le silence ne vaut pas consentement")
                .reads("!absent @personne"),
            Lang::En => s
                .reads("Still waiting for bob, carol and dominique to answer")
                .reads("silence is not consent")
                .reads("!away @person"),
        };
        assert_eq!(before, s.state(), "a refused !suivant changes nothing");
    }
}

#[test]
fn an_absentee_is_no_longer_awaited_and_recorded_apart_from_consents() {
    let mut s = garden(Lang::Fr);
    to_objections(&mut s);
    s.say_in("alice", "D1", "!consens");
    s.say_in("bob", "D1", "!consens");
    s.say_in("carol", "D1", "!consens");
    s.say("alice", "!absent @dominique D1")
        .expect("absent-noted")
        .reads("dominique est noté·e absent·e pour D1 : on ne l'attend plus.")
        .expect("consent-closed-clear")
        .reads("3 consentements, aucune objection. Absent·e : dominique.")
        .expect("decision-adopted")
        .reads("Ont consenti : alice, bob et carol")
        .reads("Absent·e : dominique");
    s.say("bob", "!absent @carol D1").expect("not-allowed");
}

#[test]
fn under_silence_consent_silence_after_the_reminder_counts_and_the_record_says_so() {
    let mut s = garden(Lang::Fr);
    s.say(
        "alice",
        "!décision pour @bob : On se réunit le mardi --délai 1h --silence-consent",
    );
    s.say_in("alice", "D1", "!suivant");
    for who in ["alice", "bob", "carol", "dominique"] {
        s.say_in(who, "D1", "ok");
    }
    s.say_in("bob", "D1", "!suivant")
        .expect("decision-objections");
    s.say_in("alice", "D1", "!consens");
    s.say_in("alice", "D1", "!suivant")
        .expect("consent-next-waiting")
        .reads("Après le rappel de l'échéance, le silence comptera comme absence d'objection.");
    s.advance("1h")
        .expect("step-reminder")
        .reads("le silence comptera comme absence d'objection");
    s.advance("15m")
        .expect("consent-closed-clear")
        .reads("Silence valant consentement : bob, carol et dominique.")
        .expect("decision-adopted")
        .reads("Silence valant consentement : bob, carol et dominique");
}

#[test]
fn without_silence_consent_the_deadline_reminds_but_never_closes() {
    let mut s = garden(Lang::En);
    s.say("alice", "!décision pour @bob : Tuesdays --délai 1h");
    s.say_in("alice", "D1", "!suivant");
    s.advance("1h").advance("1h");
    s.say_in("alice", "D1", "!suivant")
        .expect("decision-objections");
    s.advance("1h")
        .expect("step-reminder")
        .reads("Silence is not consent");
    s.advance("3j").expect_no("consent-closed-clear");
    s.say("alice", "!où")
        .reads("waiting for: alice, bob, carol and dominique");
}

#[test]
fn a_decision_with_no_consent_at_all_is_never_adopted() {
    let mut s = Script::new(&["alice", "bob"]);
    s.say("alice", "!décision pour @bob : Acheter un vélo");
    s.say_in("alice", "D1", "!suivant");
    s.say_in("alice", "D1", "ok");
    s.say_in("bob", "D1", "ok");
    s.say_in("bob", "D1", "!suivant");
    s.say("alice", "!absent @bob D1");
    s.say("alice", "!absent @alice D1")
        .expect("decision-no-consent")
        .expect_no("decision-adopted")
        .reads("Une décision sans aucun consentement n'est pas adoptée");
    s.say("alice", "!décisions")
        .reads("non adoptée, faute de consentement");
}

#[test]
fn the_record_is_whole_from_the_first_version_with_objections_lifts_and_rounds() {
    let mut s = garden(Lang::Fr);
    to_objections(&mut s);
    s.say_in("alice", "D1", "!consens");
    s.say_in("carol", "D1", "!objection Le mardi je travaille");
    s.say_in("dominique", "D1", "!consens");
    s.say_in("bob", "D1", "!consens").expect("decision-lift");
    s.say_in("carol", "D1", "Et le mardi soir ?")
        .expect("lift-proposer-turn");
    s.say_in("bob", "D1", "!amender On se réunit le mardi soir");
    s.say_in("alice", "D1", "!consens");
    s.say_in("carol", "D1", "!objection Le soir je garde mes enfants");
    s.say_in("dominique", "D1", "!consens");
    s.say_in("bob", "D1", "!consens");
    s.say_in("carol", "D1", "En visio alors ?");
    s.say_in("bob", "D1", "!amender Le mardi soir en visio");
    for who in ["alice", "bob", "carol", "dominique"] {
        s.say_in(who, "D1", "!consens");
    }
    s.expect("decision-adopted")
        .reads("Porteur·se : bob")
        .reads_no("{$")
        .reads("3 tours d'objections ; 3 versions.")
        .reads("Version 1 (proposition initiale) : « On se réunit le mardi »")
        .reads("Version 2 (après le tour 1) : « On se réunit le mardi soir »")
        .reads("Version 3 (après le tour 2) : « Le mardi soir en visio »")
        .reads("Objection de carol (tour 1) : « Le mardi je travaille » — traitée par la version 2")
        .reads("piste proposée par carol pour la lever : « Et le mardi soir ? »")
        .reads("Objection de carol (tour 2)")
        .reads("Ont consenti : alice, bob, carol et dominique");
    s.say("dominique", "!décisions D1")
        .expect("decision-detail")
        .reads("Version 1 (proposition initiale)")
        .reads("traitée par la version 3");
}

#[test]
fn the_levee_hears_each_objector_before_the_proposer_amends_and_a_slip_is_mended() {
    let mut s = garden(Lang::Fr);
    to_objections(&mut s);
    s.say_in("alice", "D1", "!objection Trop tôt");
    s.say_in("carol", "D1", "!objection Le mardi je travaille");
    s.say_in("dominique", "D1", "!consens");
    s.say_in("bob", "D1", "!consens").expect("decision-lift");
    assert_eq!(mentions(&s.out("decision-lift")), vec!["alice", "carol"]);
    let before = s.state();
    s.say_in("bob", "D1", "!amender trop tôt ?")
        .expect("lift-wait-objectors")
        .reads("alice et carol n'ont pas encore proposé");
    assert_eq!(before, s.state(), "an early amendment changes nothing");
    s.say_in("alice", "D1", "Plus tard dans la journée ?")
        .expect("lift-noted")
        .reads("Piste d'alice notée.");
    s.say_in("bob", "D1", "!amender encore trop tôt")
        .reads("carol n'a pas encore proposé comment lever son objection : on l'écoute d'abord.");
    s.say_in("alice", "D1", "!suivant")
        .expect("lift-proposer-turn");
    assert_eq!(mentions(&s.out("lift-proposer-turn")), vec!["bob"]);
    s.say_in("bob", "D1", "!amender Le mardi à 18h")
        .expect("amended")
        .expect("decision-objections");
    // A slip, mended before anyone answered: same version, same round.
    s.say_in("bob", "D1", "!amender Le mardi à 19h")
        .expect("amend-mended")
        .reads("Version 2 de D1 corrigée")
        .reads("« Le mardi à 19h »");
    s.say_in("alice", "D1", "!consens");
    s.say_in("bob", "D1", "!amender Le mardi à 20h")
        .expect("amend-during-objections");
    for who in ["bob", "carol", "dominique"] {
        s.say_in(who, "D1", "!consens");
    }
    s.expect("decision-adopted")
        .reads("2 tours d'objections ; 2 versions.")
        .reads("Texte : « Le mardi à 19h »");
}

#[test]
fn the_meteo_summary_keeps_each_members_weather_and_who_passed_or_was_silent() {
    for lang in [Lang::Fr, Lang::En] {
        let mut s = garden(lang);
        s.say("alice", "!météo");
        s.say_in("alice", "M1", "plutôt 🌧 aujourd'hui");
        s.say_in("carol", "M1", "Je suis très fatiguée");
        s.say_in("dominique", "M1", "!passe");
        s.say_in("carol", "M1", "courage alice")
            .expect("round-no-comments");
        s.say_in("carol", "M1", "et encore un commentaire")
            .expect_no("round-no-comments");
        s.say_in("alice", "M1", "!suivant").expect("meteo-summary");
        let text = s.read();
        assert!(
            text.contains("alice : 🌧") || text.contains("alice: 🌧"),
            "{text}"
        );
        assert!(
            text.contains("carol : Je suis très fatiguée")
                || text.contains("carol: Je suis très fatiguée"),
            "{text}"
        );
        assert!(text.contains("🌧\u{FE0F} × 1"), "{text}");
        assert!(
            !text.contains("Je × 1") && !text.contains("plutôt"),
            "{text}"
        );
        match lang {
            Lang::Fr => {
                assert!(text.contains("A passé son tour : dominique"), "{text}");
                assert!(text.contains("N'a pas répondu : bob"), "{text}");
            }
            Lang::En => {
                assert!(text.contains("Passed: dominique"), "{text}");
                assert!(text.contains("No answer: bob"), "{text}");
            }
        }
        s.say_in("bob", "M1", "☀️ désolé du retard")
            .expect("run-over-text");
    }
}

#[test]
fn the_nominee_is_asked_last_and_an_early_answer_is_kept_aside() {
    let mut s = garden(Lang::Fr);
    s.say(
        "alice",
        "!élection secrétaire pour 1 an : tenir le registre",
    )
    .reads("rôle « secrétaire », pour un an. Mission : tenir le registre.");
    assert!(s.read().contains("tenir le registre"));
    for who in ["alice", "bob", "carol", "dominique"] {
        s.dm(who, "!nomine @dominique");
    }
    for who in ["alice", "bob", "carol", "dominique"] {
        s.say_in(who, "E1", "elle est précise");
    }
    for who in ["alice", "bob", "carol", "dominique"] {
        s.say_in(who, "E1", "!passe");
    }
    s.say("alice", "!propose @dominique")
        .expect("election-objections");
    s.say_in("dominique", "E1", "!consens")
        .expect("consent-early-last")
        .expect_no("consent-tally");
    for who in ["alice", "bob"] {
        s.say_in(who, "E1", "!consens");
    }
    s.say_in("carol", "E1", "!consens")
        .expect("consent-ask-last")
        .reads("dominique, tout le monde s'est exprimé")
        .reads("Ta réponse donnée plus tôt a été mise de côté");
    assert_eq!(mentions(&s.out("consent-ask-last")), vec!["dominique"]);
    s.say_in("dominique", "E1", "!consens")
        .expect("election-elected");
    s.say("bob", "!rôles")
        .reads("secrétaire (tenir le registre) : dominique");
}

#[test]
fn an_election_term_that_cannot_be_read_is_refused_with_examples_and_changes_nothing() {
    let mut s = garden(Lang::Fr);
    let before = s.state();
    for line in [
        "!élection secrétaire pour 6 moi",
        "!élection secrétaire pour toujours",
    ] {
        s.say("alice", line)
            .expect("usage-error")
            .reads("Je n'arrive pas à lire la durée du mandat (par exemple « pour 6 mois »");
    }
    assert_eq!(before, s.state());
    let mut s = garden(Lang::En);
    s.say("alice", "!election secretary for 6 monts")
        .reads("I can't read the term (for example “for 6 months”");
    s.say(
        "alice",
        "!election secretary for 6 months: keep the register",
    )
    .reads("role “secretary”, for 6 months. Mission: keep the register.");
}

#[test]
fn an_expired_term_is_shown_as_ended_and_a_short_term_is_reminded_with_the_time_left() {
    let mut s = Script::new(&["alice", "bob"]);
    s.say("alice", "!élection secrétaire pour 1 semaine");
    s.dm("alice", "!nomine @bob");
    s.dm("bob", "!nomine @bob");
    for _ in 0..2 {
        s.say_in("alice", "E1", "!passe");
        s.say_in("bob", "E1", "!passe");
    }
    s.say("alice", "!propose @bob");
    s.say_in("alice", "E1", "!consens");
    s.say_in("bob", "E1", "!consens")
        .expect("election-elected")
        .expect_no("role-term-reminder");
    s.advance("4j")
        .expect("role-term-reminder")
        .reads("dans 3 jours")
        .reads_no("deux semaines");
    s.advance("4j");
    s.say("alice", "!rôles").reads("mandat terminé le");
}

#[test]
fn no_word_is_dropped_in_silence() {
    let mut s = garden(Lang::Fr);
    // A ballot sent when no election runs.
    s.dm("bob", "!nomine @carol")
        .reads("Aucune élection n'attend ta proposition.");
    // A command for a step that is not there, in members' words.
    s.say("alice", "!décision pour @bob : On se réunit le mardi");
    s.say_in("carol", "D1", "!consens")
        .expect("step-not-now")
        .reads("D1 en est à l'étape « clarification ».")
        .reads_no("réponse attendue")
        .reads_no("échanges libres");
    // The reason given as a plain message after "an objection needs its reason".
    s.say_in("alice", "D1", "!suivant");
    for who in ["alice", "bob", "carol", "dominique"] {
        s.say_in(who, "D1", "ok");
    }
    s.say_in("bob", "D1", "!suivant");
    s.say_in("carol", "D1", "!objection")
        .expect("objection-reason-needed");
    s.say_in("carol", "D1", "Le mardi je travaille")
        .expect("consent-tally")
        .reads("✋ carol");
    // A ✅ on a bot message that is not the prompt.
    let other = s.log.iter().find(|o| {
        o.text()
            .is_some_and(|t| t.ids().contains(&"decision-presentation"))
    });
    let other = other.expect("the announcement").out_ref.clone();
    s.react("dominique", "✅", &other).expect("react-on-prompt");
    // Words in the thread of a cancelled run, and of an unknown one.
    s.say("alice", "!annuler D1")
        .reads("D1 a été annulée par alice");
    s.say_in("bob", "D1", "dommage")
        .reads("bob, D1 est annulée : ce message n'y est pas pris en compte.");
    s.say_in("bob", "D1", "vraiment dommage")
        .expect_no("run-over-text");
    s.say_in("bob", "D7", "allô ?")
        .reads("Je ne connais pas D7");
    s.say_in("bob", "D1", "!consens").reads("D1 est annulée.");
}

#[test]
fn a_member_who_left_is_no_longer_awaited_and_told_nothing() {
    let mut s = garden(Lang::Fr);
    to_objections(&mut s);
    for who in ["alice", "bob", "carol"] {
        s.say_in(who, "D1", "!consens");
    }
    s.roster.members.retain(|m| m.id.as_str() != "dominique");
    s.send_left("dominique")
        .expect("decision-adopted")
        .expect_no("absent-noted");
    assert!(s.last.iter().all(|o| mentions(o).is_empty()));
}

#[test]
fn wording_has_no_slips() {
    let mut s = garden(Lang::Fr);
    to_objections(&mut s);
    s.say_in("alice", "D1", "!objection Trop tôt")
        .reads("✋ alice");
    for who in ["bob", "carol", "dominique"] {
        s.say_in(who, "D1", "!consens");
    }
    s.expect("decision-lift");
    s.say_in("alice", "D1", "Plus tard ?")
        .reads("Piste d'alice notée.");
    s.say("alice", "!annuler D1")
        .reads("D1 a été annulée par alice");
    s.say("alice", "!météo");
    s.say("alice", "!annuler M1").reads("M1 a été annulée");
    s.say("alice", "!rituel clôture");
    s.say_in("alice", "C1", "!suivant")
        .expect("cloture/fin")
        .reads_no("Merci à");
    s.say("alice", "!jardin récolte jamais")
        .reads("ne convient pas pour le moment de la récolte")
        .reads_no("recolte :");
    s.say("alice", "!oublie-moi");
    let text = s.read();
    assert!(!text.contains("j'ai effacé de ce jardin aucune"), "{text}");
    for line in s.log.iter().filter_map(|o| o.text()) {
        for lang in [Lang::Fr, Lang::En] {
            let body = tuteur::i18n::render(lang, chrono_tz::Europe::Paris, line).body;
            assert!(!body.contains("(s)"), "{body}");
        }
    }
}
