//! Rituals tried in `tuteur shell`, as a facilitator would before offering one to a garden:
//! a file with its own texts in a folder given with `--rituals` runs with its placeholders
//! filled, in French and in English; the same file with several mistakes gives all its
//! problems at once, at file:line:column (`tuteur rituals check`, and the shell refuses to
//! start); and the shipped rituals that write their own texts run to their end in both
//! languages.

mod shell_support;

use shell_support::{Run, has};

/// The rituals' texts are read for their words, so a placeholder left unfilled must fail;
/// and what `tuteur` says to the operator follows `LANG`, which must not be the locale of
/// the machine running the tests.
const RUN: Run = Run {
    without_lang: true,
    filled: true,
};

const PARTAGE: &str = r#"# A sharing round, with its own texts.
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
deadline = "24h"

[[steps]]
id = "fin"
kind = "record"
message.fr = """
Partage { $id } terminé : { $count ->
    [one] une voix, celle de { $speakers }.
   *[other] { $count } voix ({ $speakers }).
}"""
message.en = """
Sharing { $id } is over: { $count ->
    [one] one voice, { $speakers }'s.
   *[other] { $count } voices ({ $speakers }).
}"""
summary = "speakers"
"#;

fn folder(source: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("partage.toml"), source).expect("ritual written");
    dir
}

const TURNS: &str = "alice> !rituel partage Ce qui nous a touchés\n\
                     alice [C1]> La lenteur du groupe.\n\
                     bob [C1]> Le silence partagé.\n\
                     carol [C1]> !passe\n";

#[test]
fn a_ritual_with_its_own_texts_runs_from_a_folder_with_its_placeholders_filled() {
    let rituals = folder(PARTAGE);
    let dir = rituals.path().to_str().expect("utf-8 path");
    let fr = tempfile::tempdir().expect("tempdir");
    let out = RUN.shell(
        fr.path(),
        &["--rituals", dir, "--members", "alice,bob,carol"],
        TURNS,
    );
    has(&out, "tuteur> 🌻 Partage C1 : Ce qui nous a touchés");
    has(
        &out,
        "tuteur [C1]> Ordre : alice, bob et carol. alice, à toi.",
    );
    has(&out, "Partage C1 terminé : 2 voix (alice et bob).");

    let en = tempfile::tempdir().expect("tempdir");
    let out = RUN.shell(
        en.path(),
        &[
            "--rituals",
            dir,
            "--members",
            "alice,bob,carol",
            "--lang",
            "en",
        ],
        &TURNS.replace("!rituel partage", "!ritual sharing"),
    );
    has(&out, "tuteur> 🌻 Sharing C1: Ce qui nous a touchés");
    has(
        &out,
        "tuteur [C1]> Order: alice, bob and carol. alice, your turn.",
    );
    has(&out, "Sharing C1 is over: 2 voices (alice and bob).");

    // The step's deadline: a reminder, then the round closes with the one who spoke.
    let late = tempfile::tempdir().expect("tempdir");
    let out = RUN.shell(
        late.path(),
        &["--rituals", dir, "--members", "alice,bob"],
        "alice> !rituel partage x\nbob [C1]> Présent.\n/avance 24h\n/avance 6h\n",
    );
    has(&out, "Rappel (C1)");
    has(&out, "Partage C1 terminé : une voix, celle de bob.");
}

/// The same file with four mistakes: a mistyped option, a deadline that cannot be read, a
/// placeholder the record does not give, an alias the bot's météo uses.
fn mistaken() -> String {
    PARTAGE
        .replace("deadline = \"24h\"", "deadline = \"demain\"\nshufle = true")
        .replace("Partage { $id } terminé", "Partage { $nominee } terminé")
        .replace("[\"sharing\"]", "[\"sharing\", \"météo\"]")
}

/// The four problems of [`mistaken`], each at its line and column, in file order.
fn problems(file: &str, lang: &str) -> [String; 4] {
    match lang {
        "fr" => [
            format!(
                "{file}:3:23: erreur : « météo » est déjà le nom ou un alias du rituel « meteo »"
            ),
            format!("{file}:21:12: erreur : le délai « demain » n'est pas une durée"),
            format!(
                "{file}:22:1: erreur : clé d'étape inconnue « shufle » (voulais-tu dire « shuffle » ?)"
            ),
            format!(
                "{file}:27:14: erreur : « message.fr » utilise $nominee, qu'une étape « record » ne fournit pas."
            ),
        ],
        _ => [
            format!(
                "{file}:3:23: error: `météo` is already the name or an alias of the ritual `meteo`"
            ),
            format!("{file}:21:12: error: deadline `demain` is not a duration"),
            format!("{file}:22:1: error: unknown step key `shufle` (did you mean `shuffle`?)"),
            format!(
                "{file}:27:14: error: `message.fr` uses $nominee, which a `record` step does not give."
            ),
        ],
    }
}

fn in_order(out: &str, expected: &[String]) {
    let mut at = 0;
    for e in expected {
        let found = out[at..]
            .find(e.as_str())
            .unwrap_or_else(|| panic!("expected {e:?} after byte {at} in:\n{out}"));
        at += found + e.len();
    }
}

#[test]
fn the_same_file_with_several_mistakes_gives_all_its_problems_at_once() {
    let rituals = folder(&mistaken());
    let dir = rituals.path().to_str().expect("utf-8 path");
    let file = format!("{dir}/partage.toml");
    for lang in ["fr", "en"] {
        let out = RUN.tuteur(&["rituals", "check", "--lang", lang, dir], "");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert_eq!(out.status.code(), Some(65), "{stdout}");
        in_order(&stdout, &problems(&file, lang));
        assert_eq!(
            stdout.lines().count(),
            4,
            "four problems, no more:\n{stdout}"
        );
        assert!(!stdout.contains("\nok"), "{stdout}");
    }
    // The shell does not start on a folder with errors, and says every one of them.
    let store = tempfile::tempdir().expect("tempdir");
    let out = RUN.tuteur(
        &[
            "shell",
            "--store",
            store.path().to_str().expect("utf-8 path"),
            "--rituals",
            dir,
        ],
        TURNS,
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    // Whatever the language it speaks to the operator in: each problem at its place.
    let places = ["3:23", "21:12", "22:1", "27:14"].map(|at| format!("{file}:{at}: "));
    in_order(&stderr, &places);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Partage C1"));
    // Fixed, the folder checks clean.
    let fixed = folder(PARTAGE);
    let out = RUN.tuteur(
        &[
            "rituals",
            "check",
            fixed.path().to_str().expect("utf-8 path"),
        ],
        "",
    );
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "ok");
}

/// The speaking order the last round message of `out` announced (`Ordre : a, b et c.`).
fn order(out: &str, lead: &str, and: &str) -> Vec<String> {
    let line = out
        .lines()
        .rev()
        .find(|l| l.contains(lead))
        .unwrap_or_else(|| panic!("no {lead:?} in:\n{out}"));
    let list = &line[line.find(lead).expect("lead") + lead.len()..];
    let list = &list[..list.find('.').expect("end of the order")];
    list.replace(and, ", ")
        .split(", ")
        .map(|w| w.trim().to_owned())
        .collect()
}

#[test]
fn the_shipped_rituals_with_their_own_texts_run_to_their_end_in_the_shell() {
    for (lang, lead, and) in [("fr", "Ordre : ", " et "), ("en", "Order: ", " and ")] {
        let args = ["--members", "alice,bob,carol", "--lang", lang];

        // Inclusion: any order, one passes.
        let store = tempfile::tempdir().expect("tempdir");
        let out = RUN.shell(
            store.path(),
            &args,
            "alice> !rituel inclusion Qu'est-ce qui t'a surpris ?\n\
             bob [C1]> Le soleil.\n\
             alice [C1]> La pluie.\n\
             carol [C1]> !passe\n",
        );
        match lang {
            "fr" => {
                has(
                    &out,
                    "🌀 Tour d'inclusion C1. Question du jour : Qu'est-ce qui t'a surpris ?",
                );
                has(&out, "🌿 Tour d'inclusion C1 terminé : 2 voix (");
            }
            _ => {
                has(
                    &out,
                    "🌀 Check-in round C1. Question of the day: Qu'est-ce qui t'a surpris ?",
                );
                has(&out, "🌿 Check-in round C1 is over: 2 voices (");
            }
        }

        // Closing round: a strict order, read from the bot's message, then kept to (the
        // store carries the run from one shell to the next).
        let store = tempfile::tempdir().expect("tempdir");
        let first = RUN.shell(store.path(), &args, "alice> !rituel clôture Merci\n");
        let turns: String = order(&first, lead, and)
            .iter()
            .map(|who| format!("{who} [C1]> léger\n"))
            .collect();
        let out = RUN.shell(store.path(), &args, &turns);
        match lang {
            "fr" => {
                has(
                    &first,
                    "🌙 Tour de clôture C1 : en un mot ou une phrase, comment repars-tu ? Merci",
                );
                has(&out, "🙏 Tour de clôture C1 terminé. Merci à ");
            }
            _ => {
                has(
                    &first,
                    "🌙 Closing round C1: in a word or a sentence, how do you leave? Merci",
                );
                has(&out, "🙏 Closing round C1 is over. Thank you ");
            }
        }

        // Débrief: three rounds.
        let store = tempfile::tempdir().expect("tempdir");
        let mut script = String::from("alice> !rituel débrief L'atelier\n");
        for answer in ["Les binômes.", "Le temps.", "L'écoute."] {
            for who in ["alice", "bob", "carol"] {
                script.push_str(&format!("{who} [C1]> {answer}\n"));
            }
        }
        let out = RUN.shell(store.path(), &args, &script);
        match lang {
            "fr" => {
                has(&out, "🔎 Débrief C1 : L'atelier. Trois tours");
                has(&out, "2/3 — Ce qui est à améliorer ? Ordre : ");
                has(&out, "🙏 Débrief C1 terminé, merci à ");
                has(&out, "réagis 🌱 à ta réponse");
            }
            _ => {
                has(&out, "🔎 Debrief C1: L'atelier. Three rounds");
                has(&out, "2/3 — What to improve? Order: ");
                has(&out, "🙏 Debrief C1 is over, thank you ");
                has(&out, "react 🌱 to your answer");
            }
        }

        // Co-développement: bob is the client.
        let store = tempfile::tempdir().expect("tempdir");
        let out = RUN.shell(
            store.path(),
            &args,
            "alice> !rituel codev Mon équipe ne se parle plus\n\
             bob [C1]> Depuis la réorganisation, chacun travaille seul.\n\
             alice [C1]> !suivant\n\
             bob [C1]> Comment recréer des moments communs ?\n\
             alice [C1]> !suivant\n\
             carol [C1]> Depuis quand ?\n\
             alice [C1]> !suivant\n\
             alice [C1]> Un café du lundi.\n\
             carol [C1]> Un déjeuner par mois.\n\
             bob [C1]> !passe\n\
             bob [C1]> J'essaie le café du lundi.\n\
             alice [C1]> !suivant\n",
        );
        match lang {
            "fr" => {
                has(
                    &out,
                    "🤝 Co-développement C1 : Mon équipe ne se parle plus\n    Cinq temps",
                );
                has(&out, "3/5 — Clarification");
                has(&out, "🌱 Co-développement C1 terminé : 2 pistes, de ");
            }
            _ => {
                has(
                    &out,
                    "🤝 Co-development C1: Mon équipe ne se parle plus\n    Five times",
                );
                has(&out, "3/5 — Clarification");
                has(&out, "🌱 Co-development C1 is over: 2 leads, from ");
            }
        }
    }
}
