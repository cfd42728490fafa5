//! The command grammar, through the public parser only.
//!
//! Tables pair what a person types with what the engine must receive, in French and in
//! English; property tests check that no message, however odd, can make the parser panic.

use proptest::prelude::*;
use tuteur::command::*;
use tuteur::model::{RunId, RunKind};

fn p(body: &str) -> Parsed {
    parse(body, None, "!")
}

fn cmd(c: Command) -> Parsed {
    Parsed::Command(c)
}

fn missing(name: CommandName, arg: &'static str) -> Parsed {
    Parsed::Invalid {
        name,
        error: ArgError::Missing(arg),
    }
}

fn invalid(name: CommandName, arg: &'static str) -> Parsed {
    Parsed::Invalid {
        name,
        error: ArgError::Invalid(arg),
    }
}

fn unknown(word: &str, suggestion: Option<CommandName>) -> Parsed {
    Parsed::Unknown {
        word: word.to_owned(),
        suggestion,
    }
}

fn id(kind: RunKind, n: u32) -> RunId {
    RunId::new(kind, n)
}

fn d(n: u32) -> RunId {
    id(RunKind::Decision, n)
}

fn f(n: u32) -> RunId {
    id(RunKind::Defi, n)
}

fn name(s: &str) -> UserRef {
    UserRef::Name(s.to_owned())
}

fn mxid(s: &str) -> UserRef {
    UserRef::Id(s.to_owned())
}

fn span(minutes: i64) -> Option<Span> {
    Some(Span { minutes })
}

const H: i64 = 60;
const DAY: i64 = 24 * H;

fn check(cases: &[(&str, Parsed)]) {
    let mut failures = Vec::new();
    for (input, expected) in cases {
        let got = p(input);
        if &got != expected {
            failures.push(format!(
                "  {input:?}\n    expected {expected:?}\n    got      {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn not_commands() {
    check(&[
        ("", Parsed::Text),
        ("bonjour", Parsed::Text),
        ("!", Parsed::Text),
        ("!!!", Parsed::Text),
        ("! hello", Parsed::Text),
        ("!   ", Parsed::Text),
        ("!?", Parsed::Text),
        ("!:)", Parsed::Text),
        ("!1", Parsed::Text),
        ("Super !", Parsed::Text),
        ("il a dit !météo", Parsed::Text),
        ("?météo", Parsed::Text),
    ]);
}

#[test]
fn names_ignore_case_accents_and_language() {
    use Command::*;
    check(&[
        ("!météo", cmd(Meteo)),
        ("!meteo", cmd(Meteo)),
        ("!METEO", cmd(Meteo)),
        ("!MÉTÉO", cmd(Meteo)),
        ("!Météo", cmd(Meteo)),
        ("!weather", cmd(Meteo)),
        ("!WEATHER", cmd(Meteo)),
        ("!me\u{301}te\u{301}o", cmd(Meteo)),
        ("   !météo", cmd(Meteo)),
        ("\n\t!météo", cmd(Meteo)),
        ("!météo ?", cmd(Meteo)),
        ("!météo? s'il vous plaît", cmd(Meteo)),
        ("!météo!", cmd(Meteo)),
        ("!météo 🌤", cmd(Meteo)),
        ("!où", cmd(Status(1))),
        ("!ou", cmd(Status(1))),
        ("!OÙ", cmd(Status(1))),
        ("!status", cmd(Status(1))),
        ("!défis", cmd(Defis(1))),
        ("!defis", cmd(Defis(1))),
        ("!challenges", cmd(Defis(1))),
        ("!récolte", cmd(Recolte)),
        ("!recolte", cmd(Recolte)),
        ("!digest", cmd(Recolte)),
        ("!décisions", cmd(Decisions { page: 1, id: None })),
        ("!decisions 2", cmd(Decisions { page: 2, id: None })),
        (
            "!décisions D2",
            cmd(Decisions {
                page: 1,
                id: Some(d(2)),
            }),
        ),
        ("!rôles", cmd(Roles(1))),
        ("!roles", cmd(Roles(1))),
        ("!retours", cmd(Retours)),
        ("!shares", cmd(Retours)),
        ("!oublie-moi", cmd(OublieMoi)),
        ("!oubliemoi", cmd(OublieMoi)),
        ("!OUBLIE-MOI", cmd(OublieMoi)),
        ("!forget-me", cmd(OublieMoi)),
        ("!forgetme", cmd(OublieMoi)),
        ("!météo avec du texte en plus", cmd(Meteo)),
        ("!défis en cours", cmd(Defis(1))),
        ("!où 2", cmd(Status(2))),
        ("!status 12", cmd(Status(12))),
        ("!où 0", cmd(Status(1))),
        ("!décisions 3", cmd(Decisions { page: 3, id: None })),
        ("!rôles 2", cmd(Roles(2))),
        ("!challenges 4", cmd(Defis(4))),
    ]);
}

#[test]
fn other_prefixes() {
    assert_eq!(parse("?météo", None, "?"), cmd(Command::Meteo));
    assert_eq!(parse("!météo", None, "?"), Parsed::Text);
    assert_eq!(
        parse("tuteur: météo", None, "tuteur: "),
        cmd(Command::Meteo)
    );
    assert_eq!(parse("tuteur:", None, "tuteur: "), Parsed::Text);
    assert_eq!(parse("🌱🌱passe", None, "🌱🌱"), cmd(Command::Pass(None)));
    assert_eq!(parse("🌱", None, "🌱🌱"), Parsed::Text);
    // Without a prefix, only known words are commands: chatter stays chatter.
    assert_eq!(parse("météo", None, ""), cmd(Command::Meteo));
    assert_eq!(parse("bonjour tout le monde", None, ""), Parsed::Text);
}

#[test]
fn help() {
    use CommandName as N;
    check(&[
        ("!aide", cmd(Command::Help(None))),
        ("!help", cmd(Command::Help(None))),
        ("!aide décision", cmd(Command::Help(Some(N::Decision)))),
        ("!aide !décision", cmd(Command::Help(Some(N::Decision)))),
        ("!help proposal", cmd(Command::Help(Some(N::Decision)))),
        ("!aide OÙ", cmd(Command::Help(Some(N::Status)))),
        ("!aide oubliemoi", cmd(Command::Help(Some(N::OublieMoi)))),
        ("!aide n'importe quoi", cmd(Command::Help(None))),
    ]);
}

#[test]
fn command_names_resolve() {
    for name in CommandName::ALL {
        for word in [name.french(), name.english()] {
            assert_eq!(command_by_name(word), Some(name), "{word}");
            assert_eq!(command_by_name(&format!("!{word}")), Some(name), "!{word}");
            assert_eq!(
                command_by_name(&word.to_uppercase()),
                Some(name),
                "{word} uppercased"
            );
            assert_eq!(suggest(word), Some(name), "{word} suggests itself");
        }
        assert_eq!(
            command_by_name(name.slug()),
            Some(name),
            "slug {}",
            name.slug()
        );
    }
    assert_eq!(command_by_name(""), None);
    assert_eq!(command_by_name("!"), None);
    assert_eq!(command_by_name("xyzzy"), None);
}

#[test]
fn unknown_words_get_a_suggestion_when_close() {
    use CommandName as N;
    check(&[
        ("!meto", unknown("meto", Some(N::Meteo))),
        ("!mété", unknown("mété", Some(N::Meteo))),
        ("!wether", unknown("wether", Some(N::Meteo))),
        ("!decison", unknown("decison", Some(N::Decision))),
        ("!décison Budget", unknown("décison", Some(N::Decision))),
        (
            "!objetcion trop cher",
            unknown("objetcion", Some(N::Objection)),
        ),
        ("!sivant", unknown("sivant", Some(N::Next))),
        ("!elections", unknown("elections", Some(N::Election))),
        ("!xyzzyq", unknown("xyzzyq", None)),
        ("!bonjour", unknown("bonjour", None)),
        ("!a", unknown("a", None)),
        ("!g1:x", unknown("g1:x", None)),
        ("!Meto", unknown("Meto", Some(N::Meteo))),
    ]);
    let long = format!("!{}", "z".repeat(100));
    assert_eq!(p(&long), unknown(&"z".repeat(40), None));
    let long = format!("!{}", "é".repeat(100));
    assert_eq!(p(&long), unknown(&"é".repeat(40), None));
    assert_eq!(suggest("meto"), Some(N::Meteo));
    assert_eq!(suggest("u"), None);
    assert_eq!(suggest(""), None);
}

#[test]
fn decision() {
    let dec = |proposer: Option<UserRef>, text: &str, delay: Option<Span>, silence: bool| {
        cmd(Command::Decision {
            proposer,
            text: text.to_owned(),
            delay,
            silence_consent: silence,
        })
    };
    let n = CommandName::Decision;
    check(&[
        (
            "!décision Essayer tuteur",
            dec(None, "Essayer tuteur", None, false),
        ),
        (
            "!DECISION Essayer tuteur",
            dec(None, "Essayer tuteur", None, false),
        ),
        ("!proposal Try tuteur", dec(None, "Try tuteur", None, false)),
        (
            "!décision pour @bob : On se réunit le mardi",
            dec(Some(name("bob")), "On se réunit le mardi", None, false),
        ),
        (
            "!décision pour @bob: On se réunit",
            dec(Some(name("bob")), "On se réunit", None, false),
        ),
        (
            "!décision Pour bob\u{a0}: On se réunit",
            dec(Some(name("bob")), "On se réunit", None, false),
        ),
        (
            "!proposal for @bob: Meet on Tuesdays",
            dec(Some(name("bob")), "Meet on Tuesdays", None, false),
        ),
        (
            "!décision pour @alice:example.org : Budget",
            dec(Some(mxid("@alice:example.org")), "Budget", None, false),
        ),
        (
            "!décision pour le goûter on achète des fruits",
            dec(None, "pour le goûter on achète des fruits", None, false),
        ),
        (
            "!décision Budget --délai 24h",
            dec(None, "Budget", span(24 * H), false),
        ),
        (
            "!décision Budget de 200 € pour le goûter --délai 48h --silence-consent",
            dec(None, "Budget de 200 € pour le goûter", span(48 * H), true),
        ),
        (
            "!décision --silence-consent --delai 3j Budget commun",
            dec(None, "Budget commun", span(3 * DAY), true),
        ),
        (
            "!décision Budget --DÉLAI 2 jours pour tout le monde",
            dec(None, "Budget pour tout le monde", span(2 * DAY), false),
        ),
        (
            "!décision Budget --délai=1sem",
            dec(None, "Budget", span(7 * DAY), false),
        ),
        (
            "!décision Budget —délai 48h —silence",
            dec(None, "Budget", span(48 * H), true),
        ),
        (
            "!proposal for @bob: Budget --delay 2 weeks --silence-consentement",
            dec(Some(name("bob")), "Budget", span(14 * DAY), true),
        ),
        (
            "!décision pour @bob : Ligne 1\nLigne 2\n\n  Ligne 4  \n",
            dec(
                Some(name("bob")),
                "Ligne 1\nLigne 2\n\n  Ligne 4",
                None,
                false,
            ),
        ),
        (
            "!décision Budget --délai 48h\nDeuxième ligne",
            dec(None, "Budget \nDeuxième ligne", span(48 * H), false),
        ),
        (
            "!décision Budget --autre-option",
            dec(None, "Budget --autre-option", None, false),
        ),
        ("!décision", missing(n, "proposition")),
        ("!proposal   ", missing(n, "proposition")),
        ("!décision --délai 48h", missing(n, "proposition")),
        ("!décision pour @bob :", missing(n, "proposition")),
        ("!décision Budget --délai", invalid(n, "delai")),
        ("!décision Budget --délai demain", invalid(n, "delai")),
        ("!décision Budget --délai 0h", invalid(n, "delai")),
        ("!décision Budget --délai=", invalid(n, "delai")),
    ]);
}

#[test]
fn election() {
    let el = |role: &str, term: Option<Span>| {
        cmd(Command::Election {
            role: role.to_owned(),
            term,
            mission: None,
        })
    };
    let with = |role: &str, term: Option<Span>, mission: &str| {
        cmd(Command::Election {
            role: role.to_owned(),
            term,
            mission: Some(mission.to_owned()),
        })
    };
    check(&[
        ("!élection secrétaire", el("secrétaire", None)),
        ("!ELECTION Secrétaire", el("Secrétaire", None)),
        ("!élection trésorier·e", el("trésorier·e", None)),
        (
            "!élection secrétaire pour 6 mois",
            el("secrétaire", span(180 * DAY)),
        ),
        (
            "!élection secrétaire pour 1 an",
            el("secrétaire", span(365 * DAY)),
        ),
        (
            "!élection secrétaire pour un an",
            el("secrétaire", span(365 * DAY)),
        ),
        (
            "!election secretary for 6 months",
            el("secretary", span(180 * DAY)),
        ),
        (
            "!election secretary for a year",
            el("secretary", span(365 * DAY)),
        ),
        (
            "!élection responsable pour la com pour 3 mois",
            el("responsable pour la com", span(90 * DAY)),
        ),
        (
            "!élection responsable pour la com",
            el("responsable pour la com", None),
        ),
        (
            "!élection pour 6 mois",
            missing(CommandName::Election, "role"),
        ),
        ("!élection", missing(CommandName::Election, "role")),
        (
            "!élection secrétaire pour 6 mois : tenir le registre",
            with("secrétaire", span(180 * DAY), "tenir le registre"),
        ),
        (
            "!élection secrétaire : tenir le registre",
            with("secrétaire", None, "tenir le registre"),
        ),
        (
            "!election secretary for 1 year: keep the register",
            with("secretary", span(365 * DAY), "keep the register"),
        ),
        (
            "!élection secrétaire pour 6 moi",
            invalid(CommandName::Election, "duree"),
        ),
        (
            "!élection secrétaire pour toujours",
            invalid(CommandName::Election, "duree"),
        ),
        (
            "!élection secrétaire pour 6 moi : tenir le registre",
            invalid(CommandName::Election, "duree"),
        ),
    ]);
}

#[test]
fn ritual() {
    let r = |name: &str, text: Option<&str>| {
        cmd(Command::Ritual {
            name: name.to_owned(),
            text: text.map(str::to_owned),
        })
    };
    check(&[
        ("!rituel cloture", r("cloture", None)),
        (
            "!rituel CLÔTURE merci pour ce cercle",
            r("clôture", Some("merci pour ce cercle")),
        ),
        (
            "!ritual closing  thanks\nall ",
            r("closing", Some("thanks\nall")),
        ),
        ("!rituel", missing(CommandName::Ritual, "nom")),
    ]);
}

#[test]
fn run_commands() {
    use Command::*;
    let m2 = id(RunKind::Meteo, 2);
    check(&[
        ("!suivant", cmd(Next(None))),
        ("!next", cmd(Next(None))),
        ("!suivant D1", cmd(Next(Some(d(1))))),
        ("!suivant d1", cmd(Next(Some(d(1))))),
        ("!suivant #D3", cmd(Next(Some(d(3))))),
        ("!next D12.", cmd(Next(Some(d(12))))),
        ("!suivant maintenant", invalid(CommandName::Next, "id")),
        ("!suivant D0", invalid(CommandName::Next, "id")),
        ("!annuler", cmd(Cancel(None))),
        ("!cancel E2", cmd(Cancel(Some(id(RunKind::Election, 2))))),
        ("!annuler D1 on arrête", cmd(Cancel(Some(d(1))))),
        ("!annuler tout", invalid(CommandName::Cancel, "id")),
        ("!passe", cmd(Pass(None))),
        ("!pass", cmd(Pass(None))),
        ("!passe M2", cmd(Pass(Some(m2)))),
        ("!passe je n'ai rien à dire", cmd(Pass(None))),
        ("!consens", cmd(Consent(None))),
        ("!consent D2", cmd(Consent(Some(d(2))))),
        ("!consens, c'est bon pour moi", cmd(Consent(None))),
        ("!retirer", cmd(Withdraw(None))),
        ("!withdraw D4", cmd(Withdraw(Some(d(4))))),
    ]);
}

#[test]
fn objection_and_amend() {
    let obj = |run: Option<RunId>, reason: &str| {
        cmd(Command::Objection {
            run,
            reason: Some(reason.to_owned()),
        })
    };
    let bare = |run: Option<RunId>| cmd(Command::Objection { run, reason: None });
    let am = |run: Option<RunId>, text: &str| {
        cmd(Command::Amend {
            run,
            text: text.to_owned(),
        })
    };
    check(&[
        ("!objection trop cher", obj(None, "trop cher")),
        ("!object too expensive", obj(None, "too expensive")),
        ("!objection D3 trop cher", obj(Some(d(3)), "trop cher")),
        ("!objection #d3 trop\ncher", obj(Some(d(3)), "trop\ncher")),
        ("!objection", bare(None)),
        ("!objection D3", bare(Some(d(3)))),
        (
            "!amender On se réunit le jeudi",
            am(None, "On se réunit le jeudi"),
        ),
        ("!amend D1 Thursdays", am(Some(d(1)), "Thursdays")),
        ("!amender", missing(CommandName::Amend, "texte")),
        ("!amender D1  ", missing(CommandName::Amend, "texte")),
    ]);
}

#[test]
fn nominate_and_propose() {
    let nom = |run: Option<RunId>, who: UserRef, reason: Option<&str>| {
        cmd(Command::Nominate {
            run,
            who,
            reason: reason.map(str::to_owned),
        })
    };
    let prop = |run: Option<RunId>, who: UserRef| cmd(Command::Propose { run, who });
    let e1 = Some(id(RunKind::Election, 1));
    check(&[
        ("!nomine @carol", nom(None, name("carol"), None)),
        ("!nomine carol", nom(None, name("carol"), None)),
        (
            "!nomine @carol elle écoute bien",
            nom(None, name("carol"), Some("elle écoute bien")),
        ),
        (
            "!nomine @carol, elle écoute bien",
            nom(None, name("carol"), Some("elle écoute bien")),
        ),
        ("!nominate E1 @bob", nom(e1, name("bob"), None)),
        (
            "!nomine @bob:example.org parce que",
            nom(None, mxid("@bob:example.org"), Some("parce que")),
        ),
        ("!nomine", missing(CommandName::Nominate, "personne")),
        ("!nomine E1", missing(CommandName::Nominate, "personne")),
        ("!nomine @", missing(CommandName::Nominate, "personne")),
        ("!propose @bob", prop(None, name("bob"))),
        ("!propose carol", prop(None, name("carol"))),
        ("!PROPOSE E1 @zoé", prop(e1, name("zoé"))),
        ("!propose", missing(CommandName::Propose, "personne")),
    ]);
}

#[test]
fn defi() {
    use DefiAction::*;
    let create = |t: &str, dl: &str| {
        cmd(Command::Defi(Create {
            title: t.to_owned(),
            deadline: dl.to_owned(),
        }))
    };
    let n = CommandName::Defi;
    check(&[
        (
            "!défi Tenir une réunion en consentement | 30 juin",
            create("Tenir une réunion en consentement", "30 juin"),
        ),
        ("!defi Titre|demain", create("Titre", "demain")),
        (
            "!challenge Hold a meeting | June 30",
            create("Hold a meeting", "June 30"),
        ),
        (
            "!défi fini le ménage | vendredi",
            create("fini le ménage", "vendredi"),
        ),
        ("!défi a | b | c", create("a", "b | c")),
        ("!défi rejoindre F1", cmd(Command::Defi(Join(f(1))))),
        ("!challenge join f2", cmd(Command::Defi(Join(f(2))))),
        ("!défi quitter F1", cmd(Command::Defi(Leave(f(1))))),
        ("!challenge leave F1", cmd(Command::Defi(Leave(f(1))))),
        ("!défi fini F3", cmd(Command::Defi(Done(f(3))))),
        ("!défi terminé F3", cmd(Command::Defi(Done(f(3))))),
        ("!challenge done F3", cmd(Command::Defi(Done(f(3))))),
        ("!défi", missing(n, "titre")),
        ("!défi | demain", missing(n, "titre")),
        ("!défi Titre", missing(n, "echeance")),
        ("!défi Titre |  ", missing(n, "echeance")),
        ("!défi rejoindre", missing(n, "id")),
        ("!défi rejoindre moi", invalid(n, "id")),
        ("!défi fini D1", invalid(n, "id")),
    ]);
}

#[test]
fn checkin_and_retour() {
    let n = CommandName::Checkin;
    check(&[
        (
            "!point F1 On a fixé la date",
            cmd(Command::Checkin {
                defi: f(1),
                text: "On a fixé la date".to_owned(),
            }),
        ),
        (
            "!checkin f1 done",
            cmd(Command::Checkin {
                defi: f(1),
                text: "done".to_owned(),
            }),
        ),
        ("!point", missing(n, "id")),
        ("!point demain ça avance", invalid(n, "id")),
        ("!point D1 texte", invalid(n, "id")),
        ("!point F1", missing(n, "texte")),
        (
            "!retour Titre\n\nCorps du retour #éducation",
            cmd(Command::Retour(
                "Titre\n\nCorps du retour #éducation".to_owned(),
            )),
        ),
        (
            "!retour\nTitre sur sa ligne\nsuite",
            cmd(Command::Retour("Titre sur sa ligne\nsuite".to_owned())),
        ),
        (
            "!share What we learnt",
            cmd(Command::Retour("What we learnt".to_owned())),
        ),
        ("!retour", missing(CommandName::Retour, "texte")),
        ("!retour  \n ", missing(CommandName::Retour, "texte")),
    ]);
}

#[test]
fn constitution() {
    use ConstitutionField::*;
    let c = |field: ConstitutionField, text: &str| {
        cmd(Command::Constitution(Some((field, text.to_owned()))))
    };
    let n = CommandName::Constitution;
    check(&[
        ("!constitution", cmd(Command::Constitution(None))),
        (
            "!constitution raison Apprendre ensemble",
            c(Raison, "Apprendre ensemble"),
        ),
        (
            "!constitution raison-d-etre Apprendre",
            c(Raison, "Apprendre"),
        ),
        (
            "!constitution purpose Learn together",
            c(Raison, "Learn together"),
        ),
        (
            "!constitution entrées Sur invitation",
            c(Entrees, "Sur invitation"),
        ),
        (
            "!constitution entries By invitation",
            c(Entrees, "By invitation"),
        ),
        ("!constitution sorties Libres", c(Sorties, "Libres")),
        ("!constitution exits Free", c(Sorties, "Free")),
        (
            "!constitution économie Prix libre",
            c(Economie, "Prix libre"),
        ),
        ("!constitution modèle Prix libre", c(Economie, "Prix libre")),
        (
            "!constitution economy Pay what you can",
            c(Economie, "Pay what you can"),
        ),
        ("!constitution noyau @bob @zoé", c(Noyau, "@bob @zoé")),
        ("!constitution core bob, carol", c(Noyau, "bob, carol")),
        ("!constitution couleur vert", invalid(n, "champ")),
        ("!constitution raison", missing(n, "texte")),
    ]);
}

#[test]
fn jardin() {
    use GardenSetting::*;
    let j = |s: GardenSetting| cmd(Command::Jardin(s));
    let n = CommandName::Jardin;
    let fac = |who: UserRef, remove: bool| j(Facilitateur { who, remove });
    check(&[
        ("!jardin langue en", j(Langue("en".to_owned()))),
        ("!garden language fr", j(Langue("fr".to_owned()))),
        (
            "!jardin fuseau Mars/Olympus",
            j(Fuseau("Mars/Olympus".to_owned())),
        ),
        (
            "!garden timezone Europe/Paris",
            j(Fuseau("Europe/Paris".to_owned())),
        ),
        (
            "!jardin récolte vendredi 17h30",
            j(Recolte("vendredi 17h30".to_owned())),
        ),
        (
            "!garden digest monday 09:00",
            j(Recolte("monday 09:00".to_owned())),
        ),
        (
            "!jardin type organisation",
            j(Type("organisation".to_owned())),
        ),
        ("!jardin communs non", j(Communs("non".to_owned()))),
        ("!garden commons yes", j(Communs("yes".to_owned()))),
        (
            "!jardin météo-mémoire oui",
            j(MeteoMemoire("oui".to_owned())),
        ),
        (
            "!garden weather-memory on",
            j(MeteoMemoire("on".to_owned())),
        ),
        ("!jardin facilitateur @bob", fac(name("bob"), false)),
        ("!garden facilitator @bob", fac(name("bob"), false)),
        ("!jardin facilitateur -@bob", fac(name("bob"), true)),
        ("!jardin facilitateur retirer @bob", fac(name("bob"), true)),
        ("!garden facilitator remove bob", fac(name("bob"), true)),
        (
            "!jardin facilitateur @bob:example.org",
            fac(mxid("@bob:example.org"), false),
        ),
        ("!jardin", missing(n, "reglage")),
        ("!jardin couleur vert", invalid(n, "reglage")),
        ("!jardin langue", missing(n, "valeur")),
        ("!jardin facilitateur", missing(n, "valeur")),
        ("!jardin facilitateur retirer", missing(n, "personne")),
    ]);
}

#[test]
fn mention_pills_in_html() {
    let pill = r#"<a href="https://matrix.to/#/@carol:example.org">Carol</a>"#;
    let html = format!("!nomine {pill} elle écoute bien");
    assert_eq!(
        parse("!nomine Carol elle écoute bien", Some(&html), "!"),
        cmd(Command::Nominate {
            run: None,
            who: mxid("@carol:example.org"),
            reason: Some("elle écoute bien".to_owned()),
        })
    );
    // Percent-encoded, with `via`, single quotes, other attributes.
    let html = "!propose <a class='pill' href='https://matrix.to/#/%40bob%3Aexample.org?via=example.org'>Bob</a>";
    assert_eq!(
        parse("!propose Bob", Some(html), "!"),
        cmd(Command::Propose {
            run: None,
            who: mxid("@bob:example.org"),
        })
    );
    // A proposal for someone, with paragraphs, line breaks and entities.
    let html = "<p>!décision pour <a href=\"https://matrix.to/#/@alice:example.org\">Alice</a> : \
                Budget &amp; goûter &lt;200&gt; &quot;ok&quot; l&#39;an&#x27;</p><p>Ligne 2<br/>Ligne 3<br>Fin</p>";
    assert_eq!(
        parse("ignored", Some(html), "!"),
        cmd(Command::Decision {
            proposer: Some(mxid("@alice:example.org")),
            text: "Budget & goûter <200> \"ok\" l'an'\nLigne 2\nLigne 3\nFin".to_owned(),
            delay: None,
            silence_consent: false,
        })
    );
    // HTML without a user pill is ignored: the body is what was typed.
    assert_eq!(
        parse("!météo", Some("<b>!objection</b> forte"), "!"),
        cmd(Command::Meteo)
    );
    // A reply's quoted part is not the message.
    let html = "<mx-reply><blockquote><a href=\"https://matrix.to/#/!room:x/$ev\">In reply to</a> \
                <a href=\"https://matrix.to/#/@alice:x\">@alice:x</a><br>!météo</blockquote></mx-reply>\
                !consens";
    assert_eq!(
        parse("> <@alice:x> !météo\n\n!consens", Some(html), "!"),
        cmd(Command::Consent(None))
    );
    // A room link is not a person.
    let html = "!constitution noyau <a href=\"https://matrix.to/#/#jardin:x\">#jardin</a> \
                <a href=\"https://matrix.to/#/@bob:x\">Bob</a>";
    assert_eq!(
        parse("", Some(html), "!"),
        cmd(Command::Constitution(Some((
            ConstitutionField::Noyau,
            "#jardin @bob:x".to_owned()
        ))))
    );
    // `matrix:` URIs are pills too.
    let html = "!jardin facilitateur <a href=\"matrix:u/dom:x?action=chat\">Dom</a>";
    assert_eq!(
        parse("", Some(html), "!"),
        cmd(Command::Jardin(GardenSetting::Facilitateur {
            who: mxid("@dom:x"),
            remove: false,
        }))
    );
    // Plain text with a pill that is not a command.
    let html = "Merci <a href=\"https://matrix.to/#/@bob:x\">Bob</a> !";
    assert_eq!(parse("Merci Bob !", Some(html), "!"), Parsed::Text);
}

#[test]
fn reply_fallback_in_body() {
    assert_eq!(
        p("> <@alice:x> quelle météo ?\n> suite\n\n!passe"),
        cmd(Command::Pass(None))
    );
    assert_eq!(p("> <@alice:x> !météo"), Parsed::Text);
}

#[test]
fn spans() {
    let cases: &[(&str, Option<i64>)] = &[
        ("30m", Some(30)),
        ("30 min", Some(30)),
        ("10 minutes", Some(10)),
        ("48h", Some(48 * H)),
        ("48 h", Some(48 * H)),
        ("2 heures", Some(2 * H)),
        ("2 HEURES", Some(2 * H)),
        ("1h30", Some(90)),
        ("3j", Some(3 * DAY)),
        ("3d", Some(3 * DAY)),
        ("90 jours", Some(90 * DAY)),
        ("90 days", Some(90 * DAY)),
        ("2sem", Some(14 * DAY)),
        ("2 semaines", Some(14 * DAY)),
        ("2 weeks", Some(14 * DAY)),
        ("6 mois", Some(180 * DAY)),
        ("6 months", Some(180 * DAY)),
        ("1 an", Some(365 * DAY)),
        ("2 ans", Some(730 * DAY)),
        ("1 année", Some(365 * DAY)),
        ("1 year", Some(365 * DAY)),
        ("un an", Some(365 * DAY)),
        ("une semaine", Some(7 * DAY)),
        ("a week", Some(7 * DAY)),
        ("  3J  ", Some(3 * DAY)),
        ("10 ans", Some(3650 * DAY)),
        ("11 ans", None),
        ("122 mois", None),
        ("121 mois", Some(121 * 30 * DAY)),
        ("0h", None),
        ("0 jours", None),
        ("", None),
        ("h", None),
        ("48", None),
        ("demain", None),
        ("bientôt", None),
        ("3 lunes", None),
        ("-3j", None),
        ("1h60", None),
        ("99999999999999999999h", None),
        ("an", None),
        ("2 jours de plus", None),
    ];
    for (input, minutes) in cases {
        assert_eq!(
            parse_span(input).map(|s| s.minutes),
            *minutes,
            "parse_span({input:?})"
        );
    }
}

#[test]
fn big_inputs_stay_fast() {
    let start = std::time::Instant::now();
    let spaces = format!("!décision {}", "a ".repeat(32 * 1024));
    assert!(matches!(
        p(&spaces),
        Parsed::Command(Command::Decision { .. })
    ));
    let flags = format!("!décision x {}", "--silence ".repeat(6 * 1024));
    assert!(matches!(
        p(&flags),
        Parsed::Command(Command::Decision { .. })
    ));
    let pours = format!("!élection x {}", "pour ".repeat(12 * 1024));
    assert!(matches!(
        p(&pours),
        Parsed::Command(Command::Election { .. })
    ));
    let word = format!("!{}", "é".repeat(32 * 1024));
    assert!(matches!(p(&word), Parsed::Unknown { .. }));
    let html = format!(
        "!nomine {}",
        "<a href=\"https://matrix.to/#/@b:x\">B</a>".repeat(1500)
    );
    assert!(matches!(
        parse("", Some(&html), "!"),
        Parsed::Command(Command::Nominate { .. })
    ));
    let tags = "<a href=\"https://matrix.to/#/@b:x\"".repeat(1500);
    let _ = parse("", Some(&tags), "!");
    assert!(
        start.elapsed() < std::time::Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
}

/// Every command word in both languages, for generated commands.
fn command_words() -> Vec<&'static str> {
    CommandName::ALL
        .iter()
        .flat_map(|n| [n.french(), n.english()])
        .collect()
}

/// Random upper/lower case for each letter of `word`.
fn recase(word: &str, mask: &[bool]) -> String {
    word.chars()
        .zip(mask.iter().cycle())
        .map(|(c, up)| {
            if *up {
                c.to_uppercase().collect::<String>()
            } else {
                c.to_lowercase().collect::<String>()
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_on_any_text(body in any::<String>(), html in proptest::option::of(any::<String>())) {
        let _ = parse(&body, html.as_deref(), "!");
        let _ = parse(&body, None, "");
        let _ = parse(&body, None, "tuteur:");
        let _ = parse_span(&body);
        let _ = command_by_name(&body);
        let _ = suggest(&body);
    }

    #[test]
    fn never_panics_after_a_prefix(
        prefix in prop::sample::select(vec!["!", "?", "!!", "tuteur ", "🌱", ""]),
        word in prop::sample::select(command_words()),
        rest in "[ \\t\\n@#:|,.\\-—a-zA-Z0-9éèàù<>&;/%=\u{a0}\u{301}]{0,60}",
    ) {
        let _ = parse(&format!("{prefix}{word}{rest}"), None, prefix);
        let _ = parse(&format!("{prefix}{rest}"), None, prefix);
        let _ = parse(prefix, None, prefix);
        let html = format!("{prefix}{word} <a href=\"https://matrix.to/#/@x:y\">X</a>{rest}");
        let _ = parse("", Some(&html), prefix);
    }

    #[test]
    fn never_panics_on_html_like_text(
        html in "(<a href=\"https://matrix.to/#/[@%0-9A-Fa-z:?=]{0,12}\">|</a>|<br/?>|</p>|&[a-z#0-9]{0,6};|!nomine |[ a-z@:<>&;\"']){0,40}",
    ) {
        let _ = parse("", Some(&html), "!");
    }

    #[test]
    fn stable_under_case_changes_of_the_command_word(
        word in prop::sample::select(command_words()),
        mask in prop::collection::vec(any::<bool>(), 1..8),
        rest in "( [a-zA-Zé@:|#0-9]{1,8}){0,4}",
    ) {
        let lower = parse(&format!("!{word}{rest}"), None, "!");
        let cased = parse(&format!("!{}{rest}", recase(word, &mask)), None, "!");
        prop_assert!(!matches!(lower, Parsed::Text | Parsed::Unknown { .. }), "{lower:?}");
        prop_assert_eq!(lower, cased);
    }
}

#[test]
fn never_panics_on_64_kib() {
    let chunks = [
        "!",
        "é",
        " ",
        "\n",
        "@",
        ":",
        "|",
        "--délai",
        "pour",
        "<a href=\"",
        "&amp;",
        "\u{301}",
        "🌱",
        "\0",
        "F1",
    ];
    for (i, chunk) in chunks.iter().enumerate() {
        let mut s = String::from("!");
        s.push_str(chunks[(i + 3) % chunks.len()]);
        while s.len() < 64 * 1024 {
            s.push_str(chunk);
        }
        for prefix in ["!", "", "!!", "é"] {
            let _ = parse(&s, Some(&s), prefix);
            let _ = parse(&s, None, prefix);
        }
        let _ = parse_span(&s);
        let _ = command_by_name(&s);
        let _ = suggest(&s);
    }
    let all_words: String = command_words()
        .iter()
        .map(|w| format!("!{w} "))
        .collect::<String>()
        .repeat(200);
    for word in command_words() {
        let _ = parse(&format!("!{word} {all_words}"), None, "!");
    }
}
