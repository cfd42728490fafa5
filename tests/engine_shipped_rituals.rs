//! Every ritual shipped in `rituals/` run from its start to its end by four members, in a
//! French garden and in a garden switched to English (`!jardin langue en`): each step's
//! message appears, read as members read it with its placeholders filled, and the run ends
//! recorded in its register. The débrief's answers are then offered to the harvest with a
//! 🌱, as its closing message says. A shipped file without a scenario here fails the test.

mod common;

use std::path::PathBuf;

use common::*;
use tuteur::model::Lang;
use tuteur::registers::{
    self, DecisionOutcome, DecisionRecord, HistoryRecord, MeteoRecord, Register, RoleRecord,
};
use tuteur::rituals::definition::RitualDef;
use tuteur::rituals::load::parse_file;
use tuteur::store::Tx;

const FOUR: [&str; 4] = ["alice", "bob", "carol", "dominique"];

/// Every file of `rituals/`, parsed, in file-name order.
fn shipped() -> Vec<(String, RitualDef)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("rituals");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("rituals folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let file = path.display().to_string();
            let source = std::fs::read_to_string(&path).expect("ritual file");
            let def = parse_file(&file, &source)
                .unwrap_or_else(|d| panic!("{file} does not load: {d:?}"));
            (file, def)
        })
        .collect()
}

/// A garden of four, alice facilitating, in `lang` (set from the room for English).
fn garden(lang: Lang) -> Script {
    let mut s = Script::new(&FOUR);
    if lang == Lang::En {
        s.say("alice", "!jardin langue en")
            .expect("setting-langue")
            .reads("English");
    }
    s
}

/// Everything the bot said since the script began, as members read it.
fn read_log(s: &Script) -> String {
    s.log
        .iter()
        .filter_map(|o| o.text().map(|t| tuteur::i18n::render(o.lang, o.tz, t).body))
        .collect::<Vec<_>>()
        .join("\n---\n")
}

fn assert_said(s: &Script, words: &str) {
    let text = read_log(s);
    assert!(text.contains(words), "expected {words:?} in:\n{text}");
}

/// The message id each step of `def` posts when it opens: its Fluent id, or `ritual/step`
/// for a text of the file's own.
fn step_ids(def: &RitualDef) -> Vec<String> {
    def.steps
        .iter()
        .map(|step| match step.message.get_ref().id() {
            Some(id) => id.to_owned(),
            None => format!("{}/{}", def.name(), step.id()),
        })
        .collect()
}

/// Everyone in the order the round's message (`id`) announced says `words` (or passes).
fn round(s: &mut Script, run: &str, id: &str, mut words: impl FnMut(&str) -> String) {
    let order = users_arg(&s.msg(id), "order");
    assert_eq!(order.len(), FOUR.len(), "{id}: everyone is in the order");
    for who in order {
        let said = words(&who);
        s.say_in(&who, run, &said);
    }
}

fn meteo(s: &mut Script, lang: Lang) {
    s.say("alice", "!météo").expect("meteo-open");
    round(s, "M1", "meteo-open", |who| match who {
        "bob" => "!passe".into(),
        "carol" => "🌧 fatiguée".into(),
        _ => "☀️ en forme".into(),
    });
    s.expect("meteo-summary");
    let held = registers::list::<MeteoRecord>(&Tx::new(&s.store), &s.garden, Register::Meteo)
        .expect("register");
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].speakers, 3);
    match lang {
        Lang::Fr => assert_said(s, "Météo M1 terminée"),
        Lang::En => assert_said(s, "Weather M1"),
    }
    assert_said(s, "☀️ × 2");
}

fn decision(s: &mut Script, lang: Lang) {
    s.say("alice", "!décision pour @bob : On se réunit le mardi")
        .expect("decision-presentation")
        .expect("decision-clarification");
    s.say_in("carol", "D1", "Pourquoi le mardi ?");
    s.say_in("bob", "D1", "La salle est libre.");
    s.say_in("alice", "D1", "!suivant")
        .expect("decision-reactions");
    round(s, "D1", "decision-reactions", |_| "ça me va".into());
    s.expect("decision-amendment");
    s.say_in("bob", "D1", "!suivant")
        .expect("decision-objections");
    s.say_in("alice", "D1", "!consens");
    s.say_in("carol", "D1", "!objection La salle est trop loin");
    s.say_in("dominique", "D1", "!consens");
    s.say_in("bob", "D1", "!consens").expect("decision-lift");
    s.say_in("carol", "D1", "Le mardi soir en visio ?")
        .expect("lift-proposer-turn");
    s.say_in("bob", "D1", "!amender On se réunit le mardi soir en visio")
        .expect("decision-objections");
    for who in FOUR {
        s.say_in(who, "D1", "!consens");
    }
    s.expect("decision-adopted");
    let kept =
        registers::list::<DecisionRecord>(&Tx::new(&s.store), &s.garden, Register::Decisions)
            .expect("register");
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].outcome, DecisionOutcome::Adopted);
    assert_eq!(kept[0].text, "On se réunit le mardi soir en visio");
    assert_eq!(kept[0].rounds, 2);
    assert_said(s, "On se réunit le mardi soir en visio");
    match lang {
        Lang::Fr => assert_said(s, "La salle est trop loin"),
        Lang::En => assert_said(s, "La salle est trop loin"),
    }
}

fn election(s: &mut Script, _lang: Lang) {
    s.say(
        "alice",
        "!élection secrétaire pour 6 mois : tenir les comptes rendus",
    )
    .expect("election-announce")
    .expect("election-nominations");
    for (voter, nominee) in [
        ("alice", "carol"),
        ("bob", "carol"),
        ("carol", "bob"),
        ("dominique", "carol"),
    ] {
        s.dm(voter, &format!("!nomine @{nominee} parce que"));
    }
    s.expect("election-reveal").expect("election-reasons");
    round(s, "E1", "election-reasons", |_| "elle écoute bien".into());
    s.expect("election-changes");
    round(s, "E1", "election-changes", |_| "!passe".into());
    s.expect("election-proposal");
    s.say_in("alice", "E1", "!propose @carol")
        .expect("election-objections");
    for who in ["alice", "bob", "dominique", "carol"] {
        s.say_in(who, "E1", "!consens");
    }
    s.expect("election-elected");
    let roles = registers::list::<RoleRecord>(&Tx::new(&s.store), &s.garden, Register::Roles)
        .expect("register");
    assert_eq!(roles.len(), 1);
    assert_eq!(roles[0].role, "secrétaire");
    assert_eq!(roles[0].holder.0.as_str(), "carol");
    assert_said(s, "tenir les comptes rendus");
}

/// The history record of the garden's only run of a custom ritual.
fn history(s: &Script, ritual: &str, speakers: usize) {
    let kept = registers::list::<HistoryRecord>(&Tx::new(&s.store), &s.garden, Register::History)
        .expect("register");
    assert_eq!(kept.len(), 1, "one run recorded");
    assert_eq!(kept[0].ritual, ritual);
    assert!(!kept[0].cancelled && !kept[0].interrupted);
    assert_eq!(kept[0].speakers.len(), speakers);
}

fn closing(s: &mut Script, lang: Lang) {
    s.say("alice", "!rituel clôture Merci pour la séance")
        .expect("cloture/annonce")
        .expect("cloture/tour");
    // A strict order: each speaks in turn.
    round(s, "C1", "cloture/tour", |who| match who {
        "dominique" => "!passe".into(),
        _ => "léger".into(),
    });
    s.expect("cloture/fin");
    history(s, "cloture", 3);
    match lang {
        Lang::Fr => {
            assert_said(
                s,
                "🌙 Tour de clôture C1 : en un mot ou une phrase, comment repars-tu ? Merci pour la séance",
            );
            assert_said(s, ", à toi (!passe pour passer).");
            s.reads("🙏 Tour de clôture C1 terminé. Merci à ");
        }
        Lang::En => {
            assert_said(
                s,
                "🌙 Closing round C1: in a word or a sentence, how do you leave? Merci pour la séance",
            );
            assert_said(s, ", your turn (!pass to pass).");
            s.reads("🙏 Closing round C1 is over. Thank you ");
        }
    }
}

fn inclusion(s: &mut Script, lang: Lang) {
    s.say(
        "alice",
        "!rituel inclusion Qu'est-ce qui t'a surpris cette semaine ?",
    )
    .expect("inclusion/question")
    .expect("inclusion/tour");
    round(s, "C1", "inclusion/tour", |who| match who {
        "bob" => "!passe".into(),
        _ => "Le soleil.".into(),
    });
    s.expect("inclusion/fin");
    history(s, "inclusion", 3);
    match lang {
        Lang::Fr => {
            assert_said(
                s,
                "🌀 Tour d'inclusion C1. Question du jour : Qu'est-ce qui t'a surpris cette semaine ?",
            );
            assert_said(s, "Chacun·e répond à son tour");
            s.reads("🌿 Tour d'inclusion C1 terminé : 3 voix (")
                .reads("). Bienvenue à toutes et tous !");
        }
        Lang::En => {
            assert_said(
                s,
                "🌀 Check-in round C1. Question of the day: Qu'est-ce qui t'a surpris cette semaine ?",
            );
            s.reads("🌿 Check-in round C1 is over: 3 voices (")
                .reads("). Welcome, everyone!");
        }
    }
}

fn debrief(s: &mut Script, lang: Lang) {
    s.say("alice", "!rituel débrief L'atelier de samedi")
        .expect("debrief/intro")
        .expect("debrief/marche");
    round(s, "C1", "debrief/marche", |_| "Les binômes.".into());
    s.expect("debrief/ameliorer");
    round(s, "C1", "debrief/ameliorer", |_| "Le temps.".into());
    s.expect("debrief/emporte");
    let mut bob_answer = None;
    let order = users_arg(&s.msg("debrief/emporte"), "order");
    for who in &order {
        if who == "carol" {
            s.say_in(who, "C1", "!passe");
        } else {
            s.say_in(
                who,
                "C1",
                &format!("{who} emporte l'écoute sans commentaire"),
            );
        }
        if who == "bob" {
            bob_answer = Some(s.last_event());
        }
    }
    s.expect("debrief/fin");
    history(s, "debrief", 3);
    match lang {
        Lang::Fr => {
            assert_said(
                s,
                "🔎 Débrief C1 : L'atelier de samedi. Trois tours, chacun·e à son tour et sans commentaire",
            );
            assert_said(s, "1/3 — Ce qui a marché ? Ordre : ");
            assert_said(s, "2/3 — Ce qui est à améliorer ? Ordre : ");
            assert_said(s, "3/3 — Ce que j'emporte ? Ordre : ");
            s.reads("🙏 Débrief C1 terminé, merci à ").reads(
                "Pour offrir un apprentissage à la récolte du réseau, réagis 🌱 à ta réponse",
            );
        }
        Lang::En => {
            assert_said(
                s,
                "🔎 Debrief C1: L'atelier de samedi. Three rounds, each in turn and without comments",
            );
            assert_said(s, "1/3 — What worked? Order: ");
            assert_said(s, "3/3 — What I take away? Order: ");
            s.reads("🙏 Debrief C1 is over, thank you ")
                .reads("To offer a learning to the network's harvest, react 🌱 to your answer");
        }
    }
    // As the closing message says: a 🌱 on one's answer asks whether to share it, and the
    // author's ✅ harvests it.
    let event = bob_answer.expect("bob answered");
    let body = "bob emporte l'écoute sans commentaire";
    s.react_to_member("bob", "🌱", &event, "bob", body)
        .expect("harvest-ask");
    let ask = s.out("harvest-ask");
    s.react("bob", "✅", &ask.out_ref).expect("retour-recorded");
    s.say("carol", "!retours")
        .reads("bob emporte l'écoute sans commentaire");
}

fn codev(s: &mut Script, lang: Lang) {
    s.say("alice", "!rituel codev Mon équipe ne se parle plus")
        .expect("codev/accueil")
        .expect("codev/expose");
    s.say_in(
        "bob",
        "C1",
        "Depuis la réorganisation, chacun travaille seul.",
    );
    s.say_in("alice", "C1", "!suivant").expect("codev/question");
    s.say_in("bob", "C1", "Comment recréer des moments communs ?");
    s.say_in("alice", "C1", "!suivant")
        .expect("codev/clarification");
    s.say_in("carol", "C1", "Depuis quand ?");
    // An opinion in a questions-only step is gently reminded, without a proposer to name.
    s.say_in("dominique", "C1", "Moi je ferais un café.")
        .expect("open-questions-only");
    match lang {
        Lang::Fr => s.reads(
            "dominique, à cette étape on pose seulement des questions (avec un « ? ») : \
             les avis viendront plus tard 🙂",
        ),
        Lang::En => s.reads(
            "dominique, at this step we only ask questions (with a “?”): opinions come later 🙂",
        ),
    };
    s.say_in("alice", "C1", "!suivant")
        .expect("codev/hypotheses");
    round(s, "C1", "codev/hypotheses", |who| match who {
        "bob" => "!passe".into(),
        _ => "Un café du lundi.".into(),
    });
    s.expect("codev/retient");
    s.say_in("bob", "C1", "J'essaie le café du lundi.");
    s.say_in("alice", "C1", "!suivant").expect("codev/fin");
    history(s, "codev", 3);
    match lang {
        Lang::Fr => {
            assert_said(
                s,
                "🤝 Co-développement C1 : Mon équipe ne se parle plus\nCinq temps",
            );
            assert_said(s, "1/5 — Exposé");
            assert_said(s, "4/5 — Hypothèses et conseils, chacun·e à son tour");
            s.reads("🌱 Co-développement C1 terminé : 3 pistes, de ")
                .reads("Une piste à offrir à la récolte ? Réagis 🌱 à son message.");
        }
        Lang::En => {
            assert_said(
                s,
                "🤝 Co-development C1: Mon équipe ne se parle plus\nFive times",
            );
            assert_said(s, "1/5 — Account");
            s.reads("🌱 Co-development C1 is over: 3 leads, from ")
                .reads("A lead to offer to the harvest? React 🌱 to its message.");
        }
    }
}

#[test]
fn every_shipped_ritual_runs_to_its_end_in_french_and_in_english() {
    let all = shipped();
    let names: Vec<&str> = all.iter().map(|(_, d)| d.name()).collect();
    assert_eq!(
        names,
        [
            "cloture",
            "codev",
            "decision",
            "debrief",
            "election",
            "inclusion",
            "meteo"
        ]
    );
    for (file, def) in &all {
        for lang in [Lang::Fr, Lang::En] {
            let mut s = garden(lang);
            let scenario: fn(&mut Script, Lang) = match def.name() {
                "meteo" => meteo,
                "decision" => decision,
                "election" => election,
                "cloture" => closing,
                "inclusion" => inclusion,
                "debrief" => debrief,
                "codev" => codev,
                other => panic!("{file}: no end-to-end scenario for the shipped ritual {other}"),
            };
            scenario(&mut s, lang);
            for id in step_ids(def) {
                assert!(
                    s.count(&id) > 0,
                    "{file} in {}: the message {id} of a step never appeared",
                    lang.tag()
                );
            }
            let text = read_log(&s);
            assert!(
                !text.contains("{$") && !text.contains("{ $"),
                "{file}: a placeholder left unfilled:\n{text}"
            );
            // Nothing left running.
            s.say("alice", "!où").expect("status-none");
        }
    }
}
