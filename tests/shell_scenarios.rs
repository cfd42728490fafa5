//! Scenario tests of `tuteur shell`: scripts piped into the built binary, as a newcomer or a
//! scenario author would use it.

mod shell_support;

use shell_support::{line_with, shell};

#[test]
fn a_meteo_round_in_french() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = shell(
        dir.path(),
        &[],
        "# une météo à quatre\n\
         alice> !météo\n\
         alice [M1]> ☀️ en forme\n\
         bob [M1]> 🌧 fatigué\n\
         carol [M1]> ☀️ contente\n\
         dominique [M1]> !passe\n",
    );
    assert!(out.starts_with("#1 alice> !météo\n"), "{out}");
    assert!(line_with(&out, "#2 tuteur> ").contains("Météo M1"));
    assert!(line_with(&out, "tuteur [M1]> ").starts_with('#'));
    line_with(&out, "Météo M1 terminée");
    line_with(&out, "☀️ × 2");
    line_with(&out, "dominique [M1]> !passe");
    line_with(&out, "tuteur [M1]> +👌 #");
}

#[test]
fn a_consent_decision_stopped_midway_continues_in_a_second_process() {
    let dir = tempfile::tempdir().expect("tempdir");
    let first = shell(
        dir.path(),
        &["--members", "alice,bob,carol"],
        "alice> !décision pour @bob : On se réunit le mardi\n\
         carol [D1]> Pourquoi le mardi ?\n\
         bob [D1]> La salle est libre ce jour-là\n\
         alice [D1]> !suivant\n\
         alice [D1]> ça me va\n",
    );
    line_with(&first, "Décision D1");
    line_with(&first, "Réactions (D1)");
    let last_number: u64 = first
        .lines()
        .filter_map(|l| l.strip_prefix('#'))
        .filter_map(|l| l.split_whitespace().next()?.parse().ok())
        .max()
        .expect("numbered lines");

    let second = shell(
        dir.path(),
        &["--members", "alice,bob,carol"],
        "alice> !où\n\
         bob [D1]> pareil\n\
         carol [D1]> ok pour moi\n\
         bob [D1]> !suivant\n\
         alice [D1]> !consens\n\
         carol [D1]> !objection Le mardi je travaille\n\
         bob [D1]> !consens\n\
         carol [D1]> Et le mardi soir ?\n\
         bob [D1]> !amender On se réunit le mardi soir\n\
         alice [D1]> +✅\n\
         bob [D1]> !consens\n\
         carol [D1]> !consens\n\
         carol> !décisions\n",
    );
    let first_number: u64 = second
        .lines()
        .next()
        .and_then(|l| l.strip_prefix('#'))
        .and_then(|l| l.split_whitespace().next()?.parse().ok())
        .expect("numbered");
    assert_eq!(
        first_number,
        last_number + 1,
        "numbering continues:\n{second}"
    );
    line_with(&second, "étape : réactions");
    line_with(&second, "✋ carol");
    line_with(&second, "Nouvelle version (v2)");
    line_with(&second, "Réponses : ✅ alice");
    line_with(&second, "Décision D1 adoptée");
    let register = line_with(&second, "adoptée — «");
    assert!(
        register.contains("mardi soir") && register.contains("adoptée"),
        "{register}"
    );
}

#[test]
fn an_election_with_ballots_in_direct_messages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = shell(
        dir.path(),
        &["--members", "alice,bob,carol"],
        "alice> !élection secrétaire pour 6 mois\n\
         bob (dm)> !nomine @carol elle écoute\n\
         carol (dm)> !nomine carol\n\
         alice (dm)> !nomine @bob\n",
    );
    line_with(&out, "Élection E1");
    line_with(&out, "tuteur (dm bob)> Bonjour bob");
    let confirm = line_with(&out, "tuteur (dm bob)> C'est noté");
    assert!(confirm.contains("carol"));
    let reveal = out.find("Révélation").expect("reveal");
    let bob_ballot = out
        .find("Moi bob, je propose carol")
        .expect("bob's ballot shown");
    assert!(bob_ballot > reveal, "ballots appear only with the reveal");
}

#[test]
fn in_english() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = shell(
        dir.path(),
        &["--lang", "en", "--members", "alice,bob"],
        "alice> !weather\nbob> !proposal Let's meet on Tuesday\nbob> !wether\n",
    );
    line_with(&out, "Weather M1: how is your inner weather?");
    line_with(&out, "Only facilitators can use !proposal");
    line_with(&out, "Did you mean !weather?");
}

#[test]
fn advancing_the_clock_reaches_deadlines_and_survives_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let first = shell(
        dir.path(),
        &["--members", "alice,bob"],
        "alice> !rituel cloture\n/avance 20h\n",
    );
    assert!(!first.contains("Rappel"), "{first}");
    let second = shell(
        dir.path(),
        &["--members", "alice,bob"],
        "/avance 4h\n/avance 6h\n",
    );
    line_with(&second, "Rappel (C1)");
    line_with(&second, "Tour de clôture C1 terminé");
}

#[test]
fn bad_lines_get_a_clear_answer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = shell(
        dir.path(),
        &[],
        "bonjour\nzoé> !météo\n/avance bientôt\nalice [X1]> coucou\nalice> !aide\n",
    );
    line_with(&out, "! Ligne incomprise");
    line_with(&out, "« zoé » n'est pas membre");
    line_with(&out, "Durée illisible");
    line_with(&out, "Fil inconnu");
    line_with(&out, "Commandes que tu peux utiliser");
}

/// No line the shell prints may carry a Fluent placeholder left unresolved.
fn clean(out: &str) {
    assert!(!out.contains("{$") && !out.contains("{ $"), "{out}");
}

#[test]
fn a_consent_decision_with_an_objection_loop_an_absentee_and_a_slip_mended() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = shell(
        dir.path(),
        &[],
        "alice> !décision pour @bob : On se réunit le mardi\n\
         alice [D1]> !suivant\n\
         alice [D1]> ok\n\
         bob [D1]> ok\n\
         carol [D1]> ok\n\
         dominique [D1]> !passe\n\
         bob [D1]> !suivant\n\
         alice [D1]> !consens\n\
         carol [D1]> !objection\n\
         carol [D1]> Le mardi je travaille\n\
         bob [D1]> !consens\n\
         alice [D1]> !suivant\n\
         alice [D1]> !absent @dominique\n\
         bob [D1]> !amender trop tôt\n\
         carol [D1]> Et le mardi soir ?\n\
         bob [D1]> !amender On se réunit le mardi soir\n\
         bob [D1]> !amender On se réunit le mardi à 19h\n\
         alice [D1]> !consens\n\
         bob [D1]> !consens\n\
         carol [D1]> !consens\n",
    );
    clean(&out);
    line_with(&out, "On attend encore la réponse de dominique");
    line_with(&out, "dominique est noté·e absent·e pour D1");
    line_with(
        &out,
        "carol n'a pas encore proposé comment lever son objection",
    );
    line_with(&out, "Version 2 de D1 corrigée");
    line_with(&out, "Décision D1 adoptée par consentement");
    line_with(
        &out,
        "Version 1 (proposition initiale) : « On se réunit le mardi »",
    );
    line_with(
        &out,
        "Version 2 (après le tour 1) : « On se réunit le mardi à 19h »",
    );
    line_with(
        &out,
        "Objection de carol (tour 1) : « Le mardi je travaille » — traitée par la version 2",
    );
    line_with(&out, "Absent·e : dominique");
    assert_eq!(out.matches("> ✋ Objections (D1, tour").count(), 2, "{out}");
}

#[test]
fn an_election_with_a_mission_an_unreadable_term_and_the_nominee_asked_last() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = shell(
        dir.path(),
        &["--members", "alice,bob,carol"],
        "alice> !élection trésorier·e pour 6 moi\n\
         alice> !élection trésorier·e pour 6 mois : tenir les comptes\n\
         alice (dm)> !nomine @carol\n\
         bob (dm)> !nomine @carol\n\
         carol (dm)> !nomine @bob\n\
         alice [E1]> elle est rigoureuse\n\
         bob [E1]> pareil\n\
         carol [E1]> bob connaît les chiffres\n\
         alice [E1]> !passe\n\
         bob [E1]> !passe\n\
         carol [E1]> !passe\n\
         alice> !propose @carol\n\
         carol [E1]> !consens\n\
         alice [E1]> !consens\n\
         bob [E1]> !consens\n\
         carol [E1]> !consens\n\
         alice> !rôles\n",
    );
    clean(&out);
    line_with(&out, "Je n'arrive pas à lire la durée du mandat");
    line_with(
        &out,
        "rôle « trésorier·e », pour 6 mois. Mission : tenir les comptes.",
    );
    line_with(
        &out,
        "(dm bob)> Bonjour bob ! Pour l'élection E1 (rôle « trésorier·e » : tenir les comptes)",
    );
    line_with(&out, "carol, ta réponse est mise de côté");
    line_with(&out, "carol, tout le monde s'est exprimé");
    line_with(&out, "carol est élu·e au rôle « trésorier·e »");
    line_with(&out, "trésorier·e (tenir les comptes) : carol depuis");
}

#[test]
fn a_meteo_whose_summary_keeps_each_members_weather() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = shell(
        dir.path(),
        &["--lang", "en"],
        "alice> !weather\n\
         alice [M1]> rather 🌧 today\n\
         bob [M1]> I am very tired this week\n\
         carol [M1]> sunny!\n\
         alice [M1]> !next\n",
    );
    clean(&out);
    line_with(&out, "• alice: 🌧");
    line_with(&out, "• bob: I am very tired this week");
    line_with(&out, "• carol: sunny!");
    line_with(&out, "🌧\u{FE0F} × 1");
    line_with(&out, "☀\u{FE0F} × 1");
    line_with(&out, "No answer: dominique");
    assert!(!out.contains("I × 1"), "{out}");
}
