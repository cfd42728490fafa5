//! The commons the network can search (issue 17): facets from the shipped vocabulary,
//! `!communs` across gardens (never an organisation garden's retours elsewhere), the
//! uses of a resource, guided retours, the Grand Jardin digest, and the index following
//! the store (rebuilt at start; redactions and `!oublie-moi` reach it). Every message is
//! rendered in French and English and must come out whole.

mod common;

use chrono::{Duration, TimeZone, Utc};
use common::*;
use tuteur::engine::{Dest, Engine, EngineConfig, Outgoing};
use tuteur::i18n;
use tuteur::model::{GardenId, Lang, RunId, RunKind};
use tuteur::registers::RetourRecord;
use tuteur::registers::retours;
use tuteur::rituals::load::Rituals;
use tuteur::store::Tx;

const THREE: [&str; 3] = ["alice", "bob", "carol"];

/// Renders every message the bot produced in both languages: no Fluent gap, no
/// unresolved argument.
fn all_render(outs: &[Outgoing]) {
    for o in outs {
        let Some(text) = o.text() else { continue };
        for lang in [Lang::Fr, Lang::En] {
            for m in &text.lines {
                assert!(
                    i18n::has_message(lang, &m.id),
                    "{} missing in {}",
                    m.id,
                    lang.tag()
                );
            }
            let r = i18n::render(lang, o.tz, text);
            assert!(
                !r.body.contains("{$") && !r.body.contains("{ $"),
                "unresolved argument in {}: {}",
                lang.tag(),
                r.body
            );
        }
    }
}

fn rendered(o: &Outgoing, lang: Lang) -> String {
    i18n::render(lang, o.tz, o.text().expect("a text")).body
}

fn garden(s: &mut Script, id: &str) {
    s.garden = GardenId::new(id);
}

fn record(s: &Script, g: &str, n: u32) -> RetourRecord {
    retours::load(&Tx::new(&s.store), &GardenId::new(g), n)
        .expect("store")
        .unwrap_or_else(|| panic!("{g} R{n} exists"))
}

/// Three gardens: Lyon (local, shares), Clinique (organisation), Nantes (local).
fn network() -> Script {
    let mut s = Script::new(&THREE);
    garden(&mut s, "lyon");
    s.say("alice", "!jardin nom Jardin de Lyon");
    s.say(
        "bob",
        "!retour Consentement en équipe de soins #hôpitaux #fiche\n\
         On a testé la gestion par consentement dans le service.\n\
         Ressource : https://wiki.example.org/Fiche_Consentement/\n\
         Amélioration suggérée : un exemple de planning partagé",
    )
    .expect("retour-recorded");
    garden(&mut s, "clinique");
    s.say("alice", "!jardin type organisation")
        .expect("setting-type");
    s.say(
        "carol",
        "!retour Consentement secret de la direction #hôpital\n\
         Notre consentement interne, à ne pas diffuser.\n\
         Ressource : https://intranet.example.org/secret",
    )
    .expect("retour-recorded");
    garden(&mut s, "nantes");
    s.say("alice", "!jardin nom Jardin de Nantes");
    s
}

#[test]
fn tags_become_facets_and_a_garden_gives_its_default_context() {
    let mut s = Script::new(&THREE);
    s.say("alice", "!jardin contexte #Écoles")
        .expect("setting-contexte");
    assert!(rendered(&s.out("setting-contexte"), Lang::Fr).contains("éducation"));
    s.say(
        "bob",
        "!retour Conseil d'élèves #Fiches #gouvernance\nOn a essayé.",
    )
    .expect("retour-recorded");
    let r = record(&s, "jardin", 1);
    assert_eq!(r.facets, vec!["contexte:education", "ressource:fiche"]);
    assert_eq!(r.tags, vec!["fiches", "gouvernance"], "free keywords stay");
    // A retour naming its own context keeps it, without the garden's.
    s.say(
        "bob",
        "!retour À la clinique #HOSPITALS #tiers_lieux\nUn autre essai.",
    );
    assert_eq!(
        record(&s, "jardin", 2).facets,
        vec!["contexte:hopital", "contexte:tiers-lieu"]
    );
    let before = s.state();
    s.say("alice", "!jardin contexte #licorne")
        .expect("setting-invalid");
    assert_eq!(before, s.state(), "a refusal changes nothing");
    s.say("alice", "!jardin contexte aucun")
        .expect("setting-contexte");
    s.say("bob", "!retour Sans contexte\nRien.");
    assert!(record(&s, "jardin", 3).facets.is_empty());
    all_render(&s.log);

    let mut s = Script::with(&THREE, &["alice"], Lang::En, 0);
    s.say("alice", "!garden context #university")
        .expect("setting-contexte");
    assert!(rendered(&s.out("setting-contexte"), Lang::En).contains("education"));
    s.say("bob", "!share Student council #Associations\nWe tried.")
        .expect("retour-recorded");
    assert_eq!(
        record(&s, "jardin", 1).facets,
        vec!["contexte:education", "structure:association"]
    );
    all_render(&s.log);
}

#[test]
fn a_search_finds_the_shared_retours_never_an_organisation_gardens_elsewhere() {
    let mut s = network();
    s.say("bob", "!communs consentement")
        .expect("commons-search-header");
    let header = s.msg("commons-search-header");
    assert_eq!(
        num_arg(&header, "total"),
        1,
        "only Lyon's is visible from Nantes"
    );
    let hit = s.msg("commons-hit");
    assert_eq!(text_arg(&hit, "garden"), "Jardin de Lyon");
    assert_eq!(text_arg(&hit, "credit"), "bob");
    assert_eq!(text_arg(&hit, "contexts"), "hôpital");
    let root = s.out("commons-search-header");
    assert_eq!(root.dest, Dest::Room);
    let details = s.out("commons-detail-title");
    assert_eq!(details.dest, Dest::Thread(RunId::new(RunKind::Search, 1)));
    let body = rendered(&details, Lang::Fr);
    assert!(
        body.contains("https://wiki.example.org/Fiche_Consentement"),
        "{body}"
    );
    assert!(!body.contains("secret"), "{body}");
    for o in &s.last {
        for lang in [Lang::Fr, Lang::En] {
            assert!(!rendered(o, lang).contains("secret"));
        }
    }
    // English words and facets find the French retour (stems, synonyms, languages).
    s.say("bob", "!commons consent #hospital #sheet")
        .expect("commons-search-header");
    assert_eq!(num_arg(&s.msg("commons-search-header"), "total"), 1);
    s.say("bob", "!communs #structure-inconnue")
        .expect("commons-facet-unknown");
    s.say("bob", "!communs consentement #écolieu")
        .expect("commons-search-none");

    // Inside the organisation garden, its own retours are found too.
    garden(&mut s, "clinique");
    s.say("carol", "!communs consentement")
        .expect("commons-search-header");
    assert_eq!(num_arg(&s.msg("commons-search-header"), "total"), 2);
    all_render(&s.log);
}

#[test]
fn bad_searches_get_clear_answers_and_change_nothing() {
    let mut s = network();
    let before = s.state();
    s.say("bob", "!communs").expect("commons-search-empty");
    s.say("bob", "!communs   le la les")
        .expect("commons-search-empty");
    let long = format!("!communs {}", "consentement ".repeat(800));
    assert!(long.len() > 10 * 1024);
    s.say("bob", &long).expect("commons-search-too-long");
    assert_eq!(num_arg(&s.msg("commons-search-too-long"), "max"), 300);
    s.say("bob", "!communs consentement #licorne")
        .expect("commons-facet-unknown")
        .expect("commons-facet-line");
    s.say("bob", "!communs ressource")
        .expect("commons-resource-missing");
    s.say("bob", "!communs ressource la fiche verte")
        .expect("commons-resource-not-url");
    s.say("bob", "!communs ressource ftp://example.org/x")
        .expect("commons-resource-not-url");
    assert_eq!(before, s.state());
    all_render(&s.log);

    let mut s = Script::with(&THREE, &["alice"], Lang::En, 0);
    s.say("bob", "!commons").expect("commons-search-empty");
    assert!(rendered(&s.last[0], Lang::En).contains("Kind of resource"));
    s.say("bob", "!commons resource not a link")
        .expect("commons-resource-not-url");
    all_render(&s.log);
}

#[test]
fn a_resource_lists_its_uses_and_improvements_but_not_an_organisations() {
    let mut s = network();
    s.say(
        "carol",
        "!communs ressource HTTPS://wiki.example.org/Fiche_Consentement#etape",
    )
    .expect("commons-resource-header")
    .expect("commons-resource-improvement");
    let h = s.msg("commons-resource-header");
    assert_eq!(num_arg(&h, "count"), 1);
    assert_eq!(text_arg(&h, "contexts"), "hôpital (1)");
    assert_eq!(
        text_arg(&s.msg("commons-resource-improvement"), "text"),
        "un exemple de planning partagé"
    );
    // The organisation garden's resource, asked for from elsewhere: as if unknown.
    s.say(
        "carol",
        "!communs ressource https://intranet.example.org/secret",
    )
    .expect("commons-resource-none");
    let unknown = rendered(&s.last[0], Lang::Fr);
    s.say("carol", "!communs ressource https://nowhere.example.org/x")
        .expect("commons-resource-none");
    assert_eq!(
        unknown.replace("intranet.example.org/secret", "X"),
        rendered(&s.last[0], Lang::Fr).replace("nowhere.example.org/x", "X"),
        "the same answer as for an address nobody used"
    );
    garden(&mut s, "clinique");
    s.say(
        "carol",
        "!communs ressource https://intranet.example.org/secret",
    )
    .expect("commons-resource-header");
    all_render(&s.log);
}

#[test]
fn the_index_follows_redactions_forget_me_sharing_and_is_rebuilt_at_start() {
    let mut s = network();
    garden(&mut s, "lyon");
    s.say(
        "carol",
        "!retour Une météo en visio #éducation\nLe silence à distance.",
    );
    let carol_retour = s.last_event();
    garden(&mut s, "nantes");
    s.say("bob", "!communs météo visio")
        .expect("commons-search-header");
    // A redacted retour is gone from the store and from every search.
    garden(&mut s, "lyon");
    s.redact("carol", &carol_retour);
    garden(&mut s, "nantes");
    s.say("bob", "!communs météo visio")
        .expect("commons-search-none");
    // `!oublie-moi` in Lyon: the retour stays, signed "anonyme".
    garden(&mut s, "lyon");
    s.say("bob", "!oublie-moi").expect("forget-me-done");
    garden(&mut s, "nantes");
    s.say("carol", "!communs consentement")
        .expect("commons-hit");
    assert_eq!(text_arg(&s.msg("commons-hit"), "credit"), "anonyme");
    // A fresh engine over the same store (a restart) finds the same.
    s.engine = Engine::new(Rituals::builtin(), EngineConfig::default());
    assert_eq!(s.engine.open_commons(&s.store).expect("rebuild"), 2);
    s.say("carol", "!communs consentement")
        .expect("commons-hit");
    // Lyon stops sharing: its retours leave the other gardens' searches.
    garden(&mut s, "lyon");
    s.say("alice", "!jardin communs non")
        .expect("setting-communs");
    garden(&mut s, "nantes");
    s.say("carol", "!communs consentement")
        .expect("commons-search-none");
    all_render(&s.log);
}

#[test]
fn a_guided_retour_asks_one_question_at_a_time_and_harvests_on_confirmation() {
    let mut s = Script::new(&THREE);
    s.say("bob", "!retour Notre premier conseil coopératif #éducation")
        .expect("guided-open")
        .expect("guided-ask-context");
    let open = s.out("guided-open");
    let b1 = RunId::new(RunKind::Draft, 1);
    assert_eq!(mentions(&open), vec!["bob"], "the author is asked to act");
    assert!(matches!(
        open.action,
        tuteur::engine::Action::Post { root_of: Some(id), .. } if id == b1
    ));
    s.say_in("bob", "B1", "Une classe de CM2 #association")
        .expect("guided-ask-tried");
    assert_eq!(s.out("guided-ask-tried").dest, Dest::Thread(b1));
    s.say_in("carol", "B1", "Je réponds à sa place")
        .expect("guided-author-only");
    s.say_in("bob", "B1", "passer")
        .expect("guided-ask-happened");
    s.say_in("bob", "B1", "Les élèves ont tenu le conseil seuls.")
        .expect("guided-ask-learnt");
    s.say_in("bob", "B1", "Laisser du silence.")
        .expect("guided-ask-resource");
    s.say_in("bob", "B1", "la fiche verte")
        .expect("guided-resource-unknown");
    s.say_in("bob", "B1", "https://wiki.example.org/Conseil")
        .expect("guided-ask-improvement");
    s.say_in("bob", "B1", "Un modèle d'ordre du jour")
        .expect("guided-preview")
        .expect("guided-confirm");
    let preview = rendered(&s.out("guided-preview"), Lang::Fr);
    assert!(
        preview.contains("Contexte : Une classe de CM2"),
        "{preview}"
    );
    assert!(
        !preview.contains("Ce qui a été tenté"),
        "a skipped question"
    );
    s.say("bob", "!retours").expect("retours-empty");
    s.say_in("bob", "B1", "peut-être")
        .expect("guided-confirm-expected");
    s.say_in("bob", "B1", "oui").expect("retour-recorded");
    let r = record(&s, "jardin", 1);
    assert_eq!(r.title, "Notre premier conseil coopératif");
    assert_eq!(r.credit(), "bob");
    assert_eq!(
        r.resource.as_deref(),
        Some("https://wiki.example.org/Conseil")
    );
    assert_eq!(r.improvement.as_deref(), Some("Un modèle d'ordre du jour"));
    assert_eq!(
        r.facets,
        vec!["contexte:education", "structure:association"]
    );
    assert!(s.log.iter().any(|o| o.dest == Dest::Commons));
    s.say_in("bob", "B1", "oui").expect("guided-unknown");
    all_render(&s.log);

    // English, anonymous by reaction on the preview, skipping the resource.
    let mut s = Script::with(&THREE, &["alice"], Lang::En, 0);
    s.say("carol", "!share What our first council taught us")
        .expect("guided-open");
    for answer in ["A school", "skip", "It worked", "Silence helps", "skip"] {
        s.say_in("carol", "B1", answer);
    }
    s.expect("guided-preview");
    assert!(rendered(&s.out("guided-preview"), Lang::En).contains("What happened: It worked"));
    let preview_ref = s.out("guided-confirm").out_ref;
    s.react("bob", "✅", &preview_ref)
        .expect("guided-author-only");
    s.react("carol", "🕶", &preview_ref)
        .expect("retour-recorded");
    assert_eq!(record(&s, "jardin", 1).credit(), "anonyme");
    all_render(&s.log);
}

#[test]
fn an_abandoned_guided_retour_is_kept_for_its_author_then_expires() {
    let mut s = Script::new(&THREE);
    s.say("alice", "!jardin brouillons 2j")
        .expect("setting-brouillons");
    s.say("bob", "!retour Un essai à finir")
        .expect("guided-open");
    s.say("bob", "!retour Un autre")
        .expect("guided-already-open");
    s.say_in("bob", "B1", "Un tiers-lieu #tiers-lieu")
        .expect("guided-ask-tried");
    s.say_in("bob", "B1", "stop").expect("guided-stopped");
    s.advance("1j");
    s.say_in("bob", "B1", "On a tenté un forum ouvert")
        .expect("guided-ask-happened");
    s.advance("3j").expect("guided-expired");
    s.say_in("bob", "B1", "Et alors ?").expect("guided-unknown");
    s.say("bob", "!retours").expect("retours-empty");
    assert!(
        retours::all(&Tx::new(&s.store), &s.garden)
            .expect("store")
            .is_empty()
    );
    // `!oublie-moi` forgets a draft at once; `effacer` too.
    s.say("carol", "!retour Brouillon de Carol")
        .expect("guided-open");
    s.say("carol", "!oublie-moi").expect("forget-me-done");
    s.say_in("carol", "B2", "Une réponse")
        .expect("guided-unknown");
    s.say("bob", "!retour Encore un").expect("guided-open");
    s.say_in("bob", "B3", "effacer").expect("guided-erased");
    assert!(
        retours::all(&Tx::new(&s.store), &s.garden)
            .expect("store")
            .is_empty()
    );
    all_render(&s.log);
}

#[test]
fn the_grand_jardin_digest_comes_once_a_week_in_the_commons_room() {
    let mut s = network();
    garden(&mut s, "nantes");
    s.say(
        "carol",
        "!retour Budget participatif en mairie #municipalités\nOn a voté.\n\
         Ressource : https://wiki.example.org/Fiche_Consentement",
    );
    let room = GardenId::new("!commons:example.org");
    // Monday 23 November 09:00 UTC is 10:00 in Paris: the slot.
    let next = s
        .engine
        .next_commons_due(&s.store, &s.clock)
        .expect("next due");
    assert!(
        next <= tuteur::clock::Clock::now(&s.clock),
        "a first tick sets the mark at once"
    );
    let first = s
        .engine
        .tick_commons(&s.store, &s.clock, &room)
        .expect("tick");
    assert!(
        first.is_empty(),
        "the retours are after that slot: a quiet week"
    );
    let monday = Utc
        .with_ymd_and_hms(2026, 11, 30, 9, 0, 0)
        .single()
        .expect("date");
    assert_eq!(
        s.engine.next_commons_due(&s.store, &s.clock).expect("due"),
        monday
    );
    s.clock.set(monday + Duration::minutes(5));
    let outs = s
        .engine
        .tick_commons(&s.store, &s.clock, &room)
        .expect("tick");
    assert_eq!(outs.len(), 1);
    assert_eq!(outs[0].dest, Dest::Commons);
    assert_eq!(outs[0].garden, room);
    let text = outs[0].text().expect("text");
    let summary = &text.lines[0];
    assert_eq!(summary.id, "grand-jardin-summary");
    assert_eq!(
        num_arg(summary, "count"),
        2,
        "Lyon and Nantes, not the clinic"
    );
    assert_eq!(num_arg(summary, "gardens"), 2);
    let body = rendered(&outs[0], Lang::Fr);
    assert!(
        body.contains("hôpital : 1") && body.contains("municipalité : 1"),
        "{body}"
    );
    assert!(body.contains("Jardin de Lyon : 1"), "{body}");
    assert!(
        body.contains("https://wiki.example.org/Fiche_Consentement — 2 usages en tout"),
        "{body}"
    );
    assert!(
        !body.contains("secret") && !body.contains("clinique"),
        "{body}"
    );
    all_render(&outs);
    // Exactly once: the same moment again, then a restart (a fresh engine).
    assert!(
        s.engine
            .tick_commons(&s.store, &s.clock, &room)
            .expect("tick")
            .is_empty()
    );
    s.engine = Engine::new(Rituals::builtin(), EngineConfig::default());
    assert!(
        s.engine
            .tick_commons(&s.store, &s.clock, &room)
            .expect("tick")
            .is_empty()
    );
    // After three weeks of downtime with a new retour: one digest, covering it.
    garden(&mut s, "lyon");
    s.say("bob", "!retour Pendant la panne\nUn retour.");
    s.clock
        .set(monday + Duration::weeks(3) + Duration::hours(2));
    let outs = s
        .engine
        .tick_commons(&s.store, &s.clock, &room)
        .expect("tick");
    assert_eq!(outs.len(), 1);
    assert_eq!(num_arg(&outs[0].text().expect("text").lines[0], "count"), 1);
    assert!(
        s.engine
            .tick_commons(&s.store, &s.clock, &room)
            .expect("tick")
            .is_empty()
    );
}

#[test]
fn a_guided_retour_names_a_fiche_of_the_commons_by_its_title() {
    let mut s = network();
    // An organisation garden's fiche is never known elsewhere.
    garden(&mut s, "clinique");
    s.say(
        "carol",
        "!retour Planning partagé de l'équipe #fiche\n\
         Ressource : https://intranet.example.org/planning",
    )
    .expect("retour-recorded");
    garden(&mut s, "nantes");
    s.say("bob", "!retour Un conseil de quartier")
        .expect("guided-open");
    for _ in 0..4 {
        s.say_in("bob", "B1", "passer");
    }
    s.expect("guided-ask-resource")
        .reads("le nom d'une fiche des communs");
    s.say_in("bob", "B1", "le planning partagé")
        .expect("guided-resource-unknown")
        .reads("« le planning partagé » n'est ni une adresse web ni le nom d'une fiche")
        .reads_no("intranet");
    // Lyon's fiche, by words of its title, accents and the word "fiche" aside.
    s.say_in("bob", "B1", "la fiche consentement en equipe")
        .expect("guided-ask-improvement");
    s.say_in("bob", "B1", "passer")
        .expect("guided-preview")
        .reads("Ressource : https://wiki.example.org/Fiche_Consentement");
    s.say_in("bob", "B1", "oui").expect("retour-recorded");
    assert_eq!(
        record(&s, "nantes", 1).resource.as_deref(),
        Some("https://wiki.example.org/Fiche_Consentement")
    );

    // Two fiches answer to the same words: both are listed, with their addresses, and
    // the author answers with one of them.
    garden(&mut s, "lyon");
    s.say(
        "bob",
        "!retour Consentement en équipe d'accueil #déroulé\n\
         Ressource : https://wiki.example.org/Deroule_Accueil",
    )
    .expect("retour-recorded");
    garden(&mut s, "nantes");
    s.say("carol", "!retour Deuxième conseil")
        .expect("guided-open");
    for _ in 0..4 {
        s.say_in("carol", "B2", "skip");
    }
    s.say_in("carol", "B2", "consentement équipe")
        .expect("guided-resource-several")
        .reads("2 fiches des communs répondent à « consentement équipe »")
        .reads("« Consentement en équipe d'accueil » (Jardin de Lyon) : https://wiki.example.org/Deroule_Accueil")
        .reads("https://wiki.example.org/Fiche_Consentement");
    s.say_in("carol", "B2", "https://wiki.example.org/Deroule_Accueil")
        .expect("guided-ask-improvement");
    all_render(&s.log);
}
