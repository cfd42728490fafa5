//! A garden's own rituals, from its room: a facilitator adds one with `!rituel ajouter`
//! (the file in a code block), runs it, lists, shows, replaces and removes it; another
//! garden neither sees nor runs it; every bad file is refused with its problem and its line,
//! and nothing is kept; the ritual is still there after a restart. Read as members read it,
//! in French and in English (the harness also renders every message in both languages and
//! fails on any Fluent error or unresolved placeholder).

mod common;

use common::*;
use tuteur::engine::{Engine, EngineConfig, InKind, Incoming, Place};
use tuteur::model::{GardenId, Lang, UserId};
use tuteur::rituals::load::{MAX_FILE_BYTES, Rituals};

const PARTAGE: &str = r#"# A sharing round of the garden's own.
name = "partage"
aliases = ["sharing"]
family = "custom"
title.fr = "Partage"
title.en = "Sharing"

[[steps]]
id = "ouverture"
kind = "announce"
message.fr = "🌻 Partage { $id } : { $text }"
message.en = "🌻 Sharing { $id }: { $text }"

[[steps]]
id = "tour"
kind = "round"
message.fr = "Ordre : { $order }. { $first }, à toi."
message.en = "Order: { $order }. { $first }, your turn."
label.fr = "tour de partage"
label.en = "sharing round"

[[steps]]
id = "fin"
kind = "record"
message.fr = "Partage { $id } terminé : { $count } voix ({ $speakers })."
message.en = "Sharing { $id } is over: { $count } voices ({ $speakers })."
summary = "speakers"
"#;

const MEMBERS: [&str; 3] = ["alice", "bob", "carol"];

fn garden(lang: Lang) -> Script {
    Script::with(&MEMBERS, &MEMBERS[..1], lang, 0)
}

/// `!rituel ajouter` with the file in a ```toml code block, as a facilitator writes it.
fn add(file: &str) -> String {
    format!("!rituel ajouter partage.toml\n```toml\n{file}```")
}

/// Runs `partage` to its end: alice and bob speak, carol passes.
fn run_partage(s: &mut Script, id: &str) {
    s.say("alice", "!rituel partage Ce qui nous a touchés")
        .expect("partage/ouverture")
        .expect("partage/tour");
    s.say_in("alice", id, "La lenteur du groupe.");
    s.say_in("bob", id, "Le silence partagé.");
    s.say_in("carol", id, "!passe").expect("partage/fin");
}

/// How many rituals of its own the garden lists.
fn own_count(s: &mut Script) -> i64 {
    s.say("alice", "!rituel liste");
    num_arg(&s.msg("garden-ritual-list-header"), "count")
}

#[test]
fn a_facilitator_adds_a_ritual_and_runs_it_with_its_own_texts_filled() {
    for lang in [Lang::Fr, Lang::En] {
        let mut s = garden(lang);
        s.say("alice", &add(PARTAGE)).expect("garden-ritual-added");
        match lang {
            Lang::Fr => s.reads(
                "🌱 Le rituel « Partage » est gardé pour ce jardin (version 1) : \
                 lance-le avec !rituel partage.",
            ),
            Lang::En => s.reads(
                "🌱 The ritual « Sharing » is kept for this garden (version 1): \
                 start it with !rituel partage.",
            ),
        };
        s.say("alice", "!rituel sharing Ce qui nous a touchés")
            .expect("partage/ouverture")
            .expect("partage/tour");
        match lang {
            Lang::Fr => s
                .reads("🌻 Partage C1 : Ce qui nous a touchés")
                .reads("Ordre : alice, bob et carol. alice, à toi."),
            Lang::En => s
                .reads("🌻 Sharing C1: Ce qui nous a touchés")
                .reads("Order: alice, bob and carol. alice, your turn."),
        };
        s.say("alice", "!où");
        match lang {
            Lang::Fr => s.reads("tour de partage"),
            Lang::En => s.reads("sharing round"),
        };
        s.say_in("alice", "C1", "La lenteur du groupe.");
        s.say_in("bob", "C1", "Le silence partagé.");
        s.say_in("carol", "C1", "!passe").expect("partage/fin");
        match lang {
            Lang::Fr => s.reads("Partage C1 terminé : 2 voix (alice et bob)."),
            Lang::En => s.reads("Sharing C1 is over: 2 voices (alice and bob)."),
        };
        s.reads_no("{").reads_no("$");
    }
}

#[test]
fn list_show_history_a_new_version_and_removal() {
    let mut s = garden(Lang::Fr);
    assert_eq!(own_count(&mut s), 0);
    s.reads("Ce jardin n'a pas encore de rituel à lui");
    s.say("alice", &add(PARTAGE));
    assert_eq!(own_count(&mut s), 1);
    s.reads("• partage — « Partage », version 1 du lundi 23 novembre 2026 à 10:00")
        .reads(
            "Les rituels du bot : meteo, decision, election, cloture, inclusion, debrief, codev.",
        );

    s.say("alice", "!rituel voir sharing")
        .expect("garden-ritual-shown")
        .reads("« Partage » (partage, version 1 du lundi 23 novembre 2026 à 10:00) : son fichier suit.")
        .reads("```toml\n# A sharing round of the garden's own.\nname = \"partage\"")
        .reads("summary = \"speakers\"\n```");

    run_partage(&mut s, "C1");
    s.say("alice", "!rituel historique")
        .expect("garden-ritual-history-line")
        .reads("Séances des autres rituels (1) :")
        .reads("• C1 « Partage », lundi 23 novembre 2026 à 10:00 — alice et bob ont parlé");

    // A new version replaces the old one: the next run speaks its words.
    s.advance("1h");
    let v2 = PARTAGE.replace("🌻 Partage", "🌼 Partage");
    s.say("alice", &add(&v2))
        .expect("garden-ritual-added")
        .reads("(version 2)");
    assert_eq!(own_count(&mut s), 1, "one ritual, its new version");
    s.reads("• partage — « Partage », version 2 du lundi 23 novembre 2026 à 11:00");
    s.say("alice", "!rituel voir partage")
        .reads("version 2")
        .reads("🌼 Partage");
    s.say("alice", "!rituel partage Encore")
        .reads("🌼 Partage C2 : Encore")
        .reads_no("🌻");
    s.say("alice", "!annuler C2");

    // Removed: no longer listed, shown or run; its versions stay in the garden's memory.
    s.say("alice", "!rituel retirer partage")
        .expect("garden-ritual-removed")
        .reads("Le rituel « partage » est retiré de ce jardin (ses 2 versions restent");
    assert_eq!(own_count(&mut s), 0);
    s.say("alice", "!rituel voir partage")
        .expect("garden-ritual-unknown");
    s.say("alice", "!rituel partage x").expect("ritual-unknown");
    s.say("alice", "!rituel retirer partage")
        .expect("garden-ritual-unknown");
    s.say("alice", "!rituel retirer cloture")
        .expect("garden-ritual-not-own")
        .reads("« cloture » est un rituel fourni par le bot");
    // Added again, it takes the next version (the removal was one).
    s.say("alice", &add(PARTAGE)).reads("(version 4)");
    s.say("alice", "!rituel historique")
        .reads("Séances des autres rituels (2) :")
        .reads("C2 « Partage »")
        .reads("annulée");
}

#[test]
fn a_ritual_is_neither_changed_nor_removed_under_a_running_run() {
    let mut s = garden(Lang::Fr);
    s.say("alice", &add(PARTAGE));
    s.say("alice", "!rituel partage x");
    let before = s.state();
    s.say("alice", &add(&PARTAGE.replace("🌻", "🌼")))
        .expect("garden-ritual-busy")
        .reads("C1 est une séance en cours de « partage »");
    s.say("alice", "!rituel retirer partage")
        .expect("garden-ritual-busy");
    assert_eq!(before, s.state());
}

#[test]
fn another_garden_neither_sees_nor_runs_it_and_may_keep_its_own_of_the_same_name() {
    let mut s = garden(Lang::Fr);
    s.say("alice", &add(PARTAGE)).expect("garden-ritual-added");

    s.garden = GardenId::new("autre-jardin");
    assert_eq!(own_count(&mut s), 0);
    s.reads_no("partage");
    s.say("alice", "!rituel voir partage")
        .expect("garden-ritual-unknown")
        .reads("Ce jardin n'a pas de rituel « partage »")
        .reads_no("name = ");
    let before = s.state();
    s.say("alice", "!rituel partage x")
        .expect("ritual-unknown")
        .reads_no("partage, ");
    s.say("alice", "!rituel sharing x").expect("ritual-unknown");
    s.say("alice", "!rituel retirer partage")
        .expect("garden-ritual-unknown");
    assert_eq!(before, s.state(), "nothing started, nothing removed");

    // Its own ritual of the same name is its own business.
    let theirs = PARTAGE.replace("🌻 Partage", "🍂 Partage d'automne");
    s.say("alice", &add(&theirs))
        .expect("garden-ritual-added")
        .reads("(version 1)");
    s.say("alice", "!rituel partage x")
        .reads("🍂 Partage d'automne C1 : x");

    s.garden = GardenId::new("jardin");
    s.say("alice", "!rituel partage y")
        .reads("🌻 Partage C1 : y")
        .reads_no("🍂");
    s.say("alice", "!rituel voir partage").reads_no("🍂");
}

/// A bad file, what a facilitator reads about it in each language, and the line it is at.
struct Bad {
    what: &'static str,
    file: String,
    fr: String,
    en: String,
}

fn with_tour_line(extra: &str) -> String {
    PARTAGE.replace(
        "label.en = \"sharing round\"",
        &format!("label.en = \"sharing round\"\n{extra}"),
    )
}

fn bad_files() -> Vec<Bad> {
    let big = format!("{PARTAGE}# {}\n", "x".repeat(MAX_FILE_BYTES));
    vec![
        Bad {
            what: "a file over the size limit",
            fr: format!(
                "• erreur : le fichier fait {} octets, 32768 au plus sont acceptés",
                big.len()
            ),
            en: format!(
                "• error: the file has {} bytes, at most 32768 are accepted",
                big.len()
            ),
            file: big,
        },
        Bad {
            what: "invalid TOML",
            file: PARTAGE.replace("family = \"custom\"", "family = custom"),
            fr: "• ligne 4, colonne 10 : erreur : ce n'est pas du TOML valide".into(),
            en: "• line 4, column 10: error: this is not valid TOML".into(),
        },
        Bad {
            what: "an unknown step kind",
            file: PARTAGE.replace("kind = \"round\"", "kind = \"rond\""),
            fr: "• ligne 16, colonne 8 : erreur : « kind = \"rond\" » est inconnu (voulais-tu dire \"round\" ?)".into(),
            en: "• line 16, column 8: error: `kind = \"rond\"` is not known (did you mean \"round\"?)".into(),
        },
        Bad {
            what: "an unknown option",
            file: with_tour_line("shufle = true"),
            fr: "• ligne 21, colonne 1 : erreur : clé d'étape inconnue « shufle » (voulais-tu dire « shuffle » ?)".into(),
            en: "• line 21, column 1: error: unknown step key `shufle` (did you mean `shuffle`?)".into(),
        },
        Bad {
            what: "an option the step kind ignores",
            file: PARTAGE.replace(
                "kind = \"announce\"",
                "kind = \"announce\"\nstrict_order = true",
            ),
            fr: "• ligne 11, colonne 1 : erreur : « strict_order » ne s'applique qu'aux étapes round ; cette étape est « announce »".into(),
            en: "• line 11, column 1: error: `strict_order` only applies to round steps; this step is `announce`".into(),
        },
        Bad {
            what: "a placeholder the step does not give",
            file: PARTAGE.replace("{ $first }, à toi", "{ $proposer }, à toi"),
            fr: "• ligne 17, colonne 14 : erreur : « message.fr » utilise $proposer, qu'une étape « round » ne fournit pas. Elle fournit : $first, $has_text, $id, $kind, $order, $participants, $round, $text, $title.".into(),
            en: "• line 17, column 14: error: `message.fr` uses $proposer, which a `round` step does not give. It gives: $first, $has_text, $id, $kind, $order, $participants, $round, $text, $title.".into(),
        },
        Bad {
            what: "a step cycle with no way out",
            file: with_tour_line("next = \"ouverture\""),
            fr: "• ligne 21, colonne 8 : erreur : les étapes `ouverture` → `tour` → `ouverture` forment une boucle dont la séance ne sort jamais".into(),
            en: "• line 21, column 8: error: steps `ouverture` → `tour` → `ouverture` form a loop a run never leaves".into(),
        },
        Bad {
            what: "a deadline that cannot be read",
            file: with_tour_line("deadline = \"demain\""),
            fr: "• ligne 21, colonne 12 : erreur : le délai « demain » n'est pas une durée".into(),
            en: "• line 21, column 12: error: deadline `demain` is not a duration".into(),
        },
        Bad {
            what: "the name of a built-in",
            file: PARTAGE.replace("name = \"partage\"", "name = \"cloture\""),
            fr: "• ligne 2, colonne 8 : erreur : « cloture » est déjà le nom ou un alias du rituel « cloture », que le bot fournit : choisis un autre nom (un rituel du jardin n'en remplace aucun du bot).".into(),
            en: "• line 2, column 8: error: `cloture` is already the name or an alias of the ritual `cloture`, which the bot provides".into(),
        },
        Bad {
            what: "an alias of a built-in",
            file: PARTAGE.replace("[\"sharing\"]", "[\"sharing\", \"Météo\"]"),
            fr: "• ligne 3, colonne 23 : erreur : « Météo » est déjà le nom ou un alias du rituel « meteo », que le bot fournit".into(),
            en: "• line 3, column 23: error: `Météo` is already the name or an alias of the ritual `meteo`, which the bot provides".into(),
        },
        Bad {
            what: "a word of !rituel",
            file: PARTAGE.replace("[\"sharing\"]", "[\"liste\"]"),
            fr: "• ligne 3, colonne 12 : erreur : « liste » est un mot de !rituel".into(),
            en: "• line 3, column 12: error: `liste` is a word of !rituel".into(),
        },
    ]
}

#[test]
fn every_bad_file_is_refused_with_its_problem_and_its_line_and_nothing_is_kept() {
    for lang in [Lang::Fr, Lang::En] {
        let mut s = garden(lang);
        for bad in bad_files() {
            let before = s.state();
            s.say("alice", &add(&bad.file))
                .expect("garden-ritual-refused")
                .expect_no("garden-ritual-added");
            let (head, line) = match lang {
                Lang::Fr => (
                    "Le rituel n'est pas gardé : un problème à corriger",
                    &bad.fr,
                ),
                Lang::En => ("The ritual was not kept: one problem to fix", &bad.en),
            };
            let text = s.read();
            assert!(
                text.contains(head) && text.contains(line.as_str()),
                "{}: expected {line:?} in:\n{text}",
                bad.what
            );
            assert_eq!(before, s.state(), "{}: nothing kept", bad.what);
            assert_eq!(own_count(&mut s), 0, "{}", bad.what);
            s.say("alice", "!rituel partage x").expect("ritual-unknown");
        }
        // The built-in whose name was asked for is the bot's, untouched.
        s.say("alice", "!rituel cloture").expect("cloture/annonce");
    }
}

#[test]
fn several_problems_are_listed_at_once_in_file_order() {
    let mut s = garden(Lang::Fr);
    let file = with_tour_line("deadline = \"demain\"\nshufle = true\nshuffle = \"oui\"")
        .replace("{ $first }, à toi", "{ $proposer }, à toi")
        .replace("name = \"partage\"", "name = \"cloture\"");
    s.say("alice", &add(&file));
    let text = s.read();
    let expected = [
        "Le rituel n'est pas gardé : 5 problèmes à corriger",
        "• ligne 2, colonne 8 : erreur : « cloture » est déjà le nom",
        "• ligne 17, colonne 14 : erreur : « message.fr » utilise $proposer",
        "• ligne 21, colonne 12 : erreur : le délai « demain »",
        "• ligne 22, colonne 1 : erreur : clé d'étape inconnue « shufle »",
        "• ligne 23, colonne 11 : erreur : « shuffle » vaut true ou false",
    ];
    let mut at = 0;
    for e in expected {
        let found = text[at..]
            .find(e)
            .unwrap_or_else(|| panic!("expected {e:?} after byte {at} in:\n{text}"));
        at += found + e.len();
    }
    // An unknown step kind stops before the meaning is read: the shape's problems only.
    let file =
        with_tour_line("deadline = \"demain\"").replace("kind = \"round\"", "kind = \"rond\"");
    s.say("alice", &add(&file))
        .reads("un problème à corriger")
        .reads("« kind = \"rond\" » est inconnu")
        .reads_no("demain");
    assert_eq!(own_count(&mut s), 0);
}

#[test]
fn a_bad_new_version_leaves_the_kept_one_in_use() {
    let mut s = garden(Lang::Fr);
    s.say("alice", &add(PARTAGE));
    let before = s.state();
    s.say("alice", &add(&with_tour_line("deadline = \"demain\"")))
        .expect("garden-ritual-refused");
    assert_eq!(before, s.state());
    s.say("alice", "!rituel liste").reads("version 1");
    s.say("alice", "!rituel partage x")
        .reads("🌻 Partage C1 : x");
}

#[test]
fn without_a_file_or_from_a_member_nothing_is_added() {
    let mut s = garden(Lang::Fr);
    let before = s.state();
    s.say("alice", "!rituel ajouter")
        .expect("garden-ritual-no-file")
        .reads("écris la commande puis le fichier dans un bloc de code");
    s.say("alice", "!rituel ajouter\n```toml\n```")
        .expect("garden-ritual-no-file");
    s.say("bob", &add(PARTAGE))
        .expect("not-allowed")
        .reads("Seul·e·s les facilitateur·rice·s peuvent utiliser !rituel.");
    assert_eq!(before, s.state());
    assert_eq!(own_count(&mut s), 0);
    // Members may not start it either.
    s.say("alice", &add(PARTAGE));
    s.say("bob", "!rituel partage").expect("not-allowed");
}

#[test]
fn the_file_may_follow_the_command_without_a_code_block() {
    let mut s = garden(Lang::En);
    s.say("alice", &format!("!ritual add\n{PARTAGE}"))
        .expect("garden-ritual-added");
    s.say("alice", "!ritual sharing Today")
        .reads("🌻 Sharing C1: Today");
}

#[test]
fn a_text_missing_in_a_language_is_warned_and_the_other_one_read() {
    let mut s = garden(Lang::Fr);
    // No English text for the announcement: the ritual is kept with a warning, and English
    // gardens read the French text.
    let file = PARTAGE.replace("message.en = \"🌻 Sharing { $id }: { $text }\"\n", "");
    s.say("alice", &add(&file))
        .expect("garden-ritual-added")
        .expect("garden-ritual-warnings")
        .reads("• ligne 11, colonne 1 : attention : « message » n'a pas de texte en en");
    assert_eq!(own_count(&mut s), 1);

    // An English garden reads the French text (delivered here without the harness, which
    // refuses any text missing in a language).
    s.say("alice", "!jardin langue en");
    let inc = Incoming {
        garden: s.garden.clone(),
        event_id: "$start".to_owned(),
        sender: UserId::new("alice"),
        sender_name: "alice".to_owned(),
        at: start_time(),
        place: Place::Main,
        kind: InKind::Text {
            body: "!ritual sharing Today".to_owned(),
            html: None,
        },
    };
    let out = s
        .engine
        .handle(&s.store, &s.clock, &inc, &s.roster)
        .expect("handled");
    let read: Vec<String> = out
        .iter()
        .filter_map(|o| o.text().map(|t| tuteur::i18n::render(o.lang, o.tz, t).body))
        .collect();
    assert!(
        read.iter().any(|t| t == "🌻 Partage C1 : Today"),
        "{read:?}"
    );
    assert!(
        read.iter()
            .any(|t| t == "Order: alice, bob and carol. alice, your turn."),
        "{read:?}"
    );
}

#[test]
fn the_ritual_and_its_run_survive_a_restart() {
    let mut s = garden(Lang::Fr);
    s.say("alice", &add(PARTAGE));
    s.say("alice", "!rituel partage Avant");
    s.say_in("alice", "C1", "Premier mot.");
    // A new engine on the same store, as after the bot restarts.
    s.engine = Engine::new(Rituals::builtin(), EngineConfig::default());
    assert_eq!(own_count(&mut s), 1);
    s.say_in("bob", "C1", "Deuxième mot.");
    s.say_in("carol", "C1", "!passe")
        .expect("partage/fin")
        .reads("Partage C1 terminé : 2 voix (alice et bob).");
    s.say("alice", "!rituel partage Après")
        .reads("🌻 Partage C2 : Après");
}

#[test]
fn a_name_the_bot_takes_later_goes_to_the_bots_ritual_in_every_garden() {
    let mut s = garden(Lang::Fr);
    s.say("alice", &add(PARTAGE)).expect("garden-ritual-added");
    // The operator's folder gains a ritual of the same name; the bot restarts.
    let mut rituals = Rituals::builtin();
    rituals
        .load_str(
            "dossier/partage.toml",
            &PARTAGE.replace("🌻 Partage", "🏵 Partage du réseau"),
        )
        .expect("the folder's file loads");
    s.engine = Engine::new(rituals, EngineConfig::default());
    s.say("alice", "!rituel partage x")
        .reads("🏵 Partage du réseau C1 : x")
        .reads_no("🌻");
    // The garden's own is still kept, not lost: removing it leaves the bot's.
    s.say("alice", "!annuler C1");
    s.say("alice", "!rituel retirer partage")
        .expect("garden-ritual-removed");
    s.garden = GardenId::new("autre-jardin");
    s.say("alice", "!rituel partage y")
        .reads("🏵 Partage du réseau C1 : y");
}
