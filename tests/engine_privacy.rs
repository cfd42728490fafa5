//! Privacy: `!oublie-moi` erases a member's météo entries, ballots, check-ins and
//! unharvested retours and anonymises their harvested ones; a redacted contribution is
//! forgotten; an edited one takes its new text.

mod common;

use common::*;
use tuteur::engine::ctx::run_key;
use tuteur::harvest::commons_queue::{self, Sink};
use tuteur::harvest::export;
use tuteur::model::{RunId, RunKind, UserId};
use tuteur::registers::{self, MeteoRecord, Register, defis, retours};
use tuteur::rituals::run::Run;
use tuteur::store::{Tree, Tx};

const THREE: [&str; 3] = ["alice", "bob", "carol"];

fn run(s: &Script, kind: RunKind, n: u32) -> Run {
    Tx::new(&s.store)
        .get(Tree::Runs, &run_key(&s.garden, RunId::new(kind, n)))
        .expect("store")
        .expect("run")
}

#[test]
fn forget_me_erases_and_anonymises() {
    let mut s = Script::new(&THREE);
    let bob = UserId::new("bob");
    s.say("alice", "!jardin météo-mémoire oui");
    // A météo kept in memory, with bob's words.
    s.say("alice", "!météo");
    for who in THREE {
        s.say_in(who, "M1", "☀️ en forme");
    }
    // A ballot of bob in an election under way.
    s.say("alice", "!élection secrétaire pour 6 mois");
    s.dm("bob", "!nomine @carol elle écoute");
    // A défi with bob's check-in.
    s.say("alice", "!défi Tenir un conseil | dans 3 semaines");
    s.say("bob", "!défi rejoindre F1");
    s.say("bob", "!point F1 j'ai réservé la salle");
    // A harvested retour of bob's, and a 🌱 question about another of his messages.
    s.say("bob", "!retour Mon retour #partage\nCe que j'ai appris.");
    s.say("bob", "Une autre idée");
    let other = s.last_event();
    s.react_to_member("carol", "🌱", &other, "bob", "Une autre idée");
    let ask = s.out("harvest-ask").out_ref;
    let weather = |s: &Script| -> usize {
        registers::list::<MeteoRecord>(&Tx::new(&s.store), &s.garden, Register::Meteo)
            .expect("register")
            .iter()
            .map(|m| {
                m.entries
                    .iter()
                    .filter(|(u, _)| u.as_str() == "bob")
                    .count()
            })
            .sum()
    };
    assert_eq!(weather(&s), 1);
    assert!(
        run(&s, RunKind::Election, 1)
            .role()
            .expect("election")
            .ballots
            .contains_key(&bob)
    );
    // What the deliverer already did: the queue is empty before the forget-me.
    for item in commons_queue::pending(&s.store).expect("queue") {
        let mut tx = Tx::new(&s.store);
        tx.delete(Tree::Commons, item.key());
        tuteur::store::Store::apply(&s.store, &tx.into_batch()).expect("apply");
    }

    s.say("bob", "!oublie-moi").expect("forget-me-done");
    let done = s.msg("forget-me-done");
    assert_eq!(
        num_arg(&done, "meteo"),
        2,
        "the register entry and the run's turn"
    );
    assert_eq!(num_arg(&done, "ballots"), 1);
    assert_eq!(num_arg(&done, "checkins"), 1);
    assert_eq!(num_arg(&done, "asks"), 1);
    assert_eq!(num_arg(&done, "anonymised"), 1);

    assert_eq!(weather(&s), 0);
    let meteo = run(&s, RunKind::Meteo, 1);
    assert!(
        meteo
            .last_round
            .iter()
            .all(|t| t.who != bob || t.text.is_none())
    );
    assert!(
        !run(&s, RunKind::Election, 1)
            .role()
            .expect("election")
            .ballots
            .contains_key(&bob)
    );
    let d = defis::load(&Tx::new(&s.store), &s.garden, RunId::new(RunKind::Defi, 1))
        .expect("store")
        .expect("F1");
    assert!(!d.has(&bob) && d.checkins.is_empty());
    let r = retours::load(&Tx::new(&s.store), &s.garden, 1)
        .expect("store")
        .expect("R1 is kept");
    assert_eq!(r.credit(), "anonyme");
    assert_eq!(r.author, None);
    assert_eq!(r.text, "Mon retour #partage\nCe que j'ai appris.");
    // The export folder's copy is rewritten; every later export says "anonyme".
    let queued = commons_queue::pending(&s.store).expect("queue");
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].sink, Sink::Folder);
    let exported = export::collect(&s.store, None).expect("collect");
    assert_eq!(
        export::jsonld_index(&exported)["@graph"][0]["author"]["name"],
        "anonyme"
    );
    assert!(!export::markdown(&exported[0]).contains("bob"));
    // The 🌱 question is gone: bob's ✅ harvests nothing any more.
    s.react("bob", "✅", &ask).expect_no("retour-recorded");
}

#[test]
fn a_redacted_contribution_is_forgotten() {
    let mut s = Script::new(&THREE);
    s.say("alice", "!défi Tenir un conseil | dans 3 semaines");
    s.say("bob", "!défi rejoindre F1");
    s.say("bob", "!point F1 première version");
    let checkin = s.last_event();
    s.edit("bob", &checkin, "!point F1 version corrigée");
    let load = |s: &Script| {
        defis::load(&Tx::new(&s.store), &s.garden, RunId::new(RunKind::Defi, 1))
            .expect("store")
            .expect("F1")
    };
    assert_eq!(load(&s).checkins[0].text, "version corrigée");
    s.redact("bob", &checkin);
    assert!(load(&s).checkins.is_empty());

    s.say("bob", "!retour Mon retour\nDétails.");
    let ev = s.last_event();
    s.edit("bob", &ev, "!retour Mon retour corrigé #fiche\nDétails.");
    let r = retours::load(&Tx::new(&s.store), &s.garden, 1)
        .expect("store")
        .expect("R1");
    assert_eq!(
        (r.title.as_str(), r.tags.clone()),
        ("Mon retour corrigé", vec!["fiche".to_owned()])
    );
    s.redact("bob", &ev);
    assert!(
        retours::load(&Tx::new(&s.store), &s.garden, 1)
            .expect("store")
            .is_none()
    );
    assert!(
        retours::all(&Tx::new(&s.store), &s.garden)
            .expect("store")
            .is_empty()
    );
    // The webhook will not POST it; the folder entry stays queued to remove its file.
    let queued = commons_queue::pending(&s.store).expect("queue");
    assert_eq!(
        queued.iter().map(|i| i.sink).collect::<Vec<_>>(),
        vec![Sink::Folder]
    );
    assert!(export::collect(&s.store, None).expect("collect").is_empty());
}
