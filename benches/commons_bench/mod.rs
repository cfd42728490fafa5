//! The commons' search, measured: `gardens` × `per_garden` synthetic retours written to a
//! sled store (one garden in ten an organisation garden), the index rebuilt from it as at
//! start, then `queries` searches (words, facets, both), each timed alone.

use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tuteur::clock::FakeClock;
use tuteur::commons::index::Index;
use tuteur::commons::query::{Request, parse};
use tuteur::engine::commons::fill;
use tuteur::engine::{
    Engine, EngineConfig, GardenState, GardenType, InKind, Incoming, Member, Place, Roster,
};
use tuteur::model::{GardenId, Lang, RunId, RunKind, UserId};
use tuteur::registers::retours::{self, RetourSource};
use tuteur::registers::{LICENCE_NAME, RetourRecord};
use tuteur::rituals::load::Rituals;
use tuteur::store::{SledStore, Store, Tree, Tx};

const WORDS: &[&str] = &[
    "consentement",
    "gouvernance",
    "partagée",
    "cercle",
    "rôle",
    "élection",
    "réunion",
    "équipe",
    "soins",
    "service",
    "conseil",
    "élèves",
    "classe",
    "mairie",
    "budget",
    "participatif",
    "habitants",
    "quartier",
    "ferme",
    "récolte",
    "atelier",
    "artisan",
    "coopérative",
    "salariés",
    "bénévoles",
    "association",
    "décision",
    "objection",
    "proposition",
    "facilitation",
    "météo",
    "tour",
    "parole",
    "écoute",
    "silence",
    "confiance",
    "tension",
    "conflit",
    "médiation",
    "feedback",
    "formation",
    "outil",
    "fiche",
    "déroulé",
    "animation",
    "jeu",
    "rituel",
    "accueil",
    "inclusion",
    "clôture",
    "sociocratie",
    "holacratie",
    "autonomie",
    "responsabilité",
    "mandat",
    "délégation",
    "transparence",
    "salaire",
    "argent",
    "temps",
    "énergie",
    "engagement",
    "fatigue",
    "joie",
    "célébration",
    "erreur",
    "apprentissage",
    "expérimentation",
    "cadre",
];

const TAGS: &[&str] = &[
    "hôpital",
    "éducation",
    "municipalité",
    "tiers-lieu",
    "écolieu",
    "agriculture",
    "artisanat",
    "grande-entreprise",
    "fiche",
    "partage",
    "déroulé",
    "jeu",
    "association",
    "pme",
    "collectif",
    "ong",
    "coopérative",
    "collectivité",
    "gouvernance",
    "sociocratie",
];

const QUERIES: &[&str] = &[
    "consentement",
    "consentement équipe soins",
    "#hôpital",
    "objection #éducation",
    "budget participatif #municipalité",
    "médiation conflit",
    "#fiche #association",
    "élection sans candidat rôle",
    "silence écoute #tiers-lieu",
    "facilitation atelier #jeu",
    "gouvernance partagée",
    "salaire transparence #pme",
    "consent hospital",
    "feedback",
    "célébration joie #collectif",
    "autonomie mandat délégation #coopérative",
];

fn sentence(rng: &mut StdRng, n: usize) -> String {
    (0..n)
        .map(|_| WORDS[rng.random_range(0..WORDS.len())])
        .collect::<Vec<_>>()
        .join(" ")
}

fn populate(store: &SledStore, gardens: usize, per_garden: u32) -> Vec<GardenId> {
    let mut rng = StdRng::seed_from_u64(17);
    let base = Utc
        .with_ymd_and_hms(2026, 6, 1, 8, 0, 0)
        .single()
        .expect("date");
    let mut ids = Vec::with_capacity(gardens);
    for g in 0..gardens {
        let id = GardenId::new(format!("!commons{g}:bench"));
        let mut state = GardenState::new(id.clone(), Lang::Fr, chrono_tz::Europe::Paris);
        if g % 10 == 9 {
            state.settings.kind = GardenType::Organisation;
        }
        state.settings.name = Some(format!("Jardin {g}"));
        let mut tx = Tx::new(store);
        for n in 1..=per_garden {
            let tags: Vec<String> = (0..3)
                .map(|_| TAGS[rng.random_range(0..TAGS.len())].to_owned())
                .collect();
            let title = sentence(&mut rng, 6);
            let mut text = format!("{title} #{}\n{}", tags.join(" #"), sentence(&mut rng, 60));
            if n % 5 == 0 {
                text.push_str(&format!(
                    "\nRessource : https://wiki.example.org/fiche-{}",
                    rng.random_range(0..200)
                ));
            }
            let mut r = RetourRecord {
                id: RunId::new(RunKind::Retour, n),
                garden: id.clone(),
                author: Some(UserId::new(format!("@m{}:bench", n % 30))),
                author_name: format!("Membre {}", n % 30),
                anonymous: false,
                title,
                text,
                tags,
                at: base + Duration::minutes(i64::from(n) * 37 + g as i64),
                source_event: None,
                source: RetourSource::Command,
                licence: LICENCE_NAME.into(),
                shared: state.settings.shares(),
                facets: Vec::new(),
                resource: None,
                improvement: None,
            };
            fill(&mut r, &state);
            retours::save(&mut tx, &r).expect("save");
        }
        state.counters.insert(RunKind::Retour, per_garden);
        tx.put(Tree::Gardens, id.as_str().as_bytes().to_vec(), &state)
            .expect("garden");
        store.apply(&tx.into_batch()).expect("apply");
        ids.push(id);
    }
    store.flush().expect("flush");
    ids
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// A plain scan: every retour read from the store and matched word by word, per query.
fn plain_scan(store: &dyn Store, gardens: &[GardenId], words: &[String]) -> usize {
    let tx = Tx::new(store);
    let mut found = 0;
    for g in gardens {
        for r in retours::all(&tx, g).expect("scan") {
            let text = tuteur::text::fold(&r.text);
            if words.iter().any(|w| text.contains(w.as_str())) {
                found += 1;
            }
        }
    }
    found
}

/// Builds, measures and prints.
pub fn run(gardens: usize, per_garden: u32, queries: usize) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let store = SledStore::open(dir.path()).expect("sled store");
    let started = Instant::now();
    let ids = populate(&store, gardens, per_garden);
    let total = gardens * per_garden as usize;
    println!(
        "commons: {total} retours across {gardens} gardens written in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let engine = Engine::new(Rituals::builtin(), EngineConfig::default());
    let started = Instant::now();
    let indexed = engine.open_commons(&store).expect("rebuild");
    println!(
        "commons index rebuilt at start from the store: {indexed} retours in {:.2} s — target < 5 s",
        started.elapsed().as_secs_f64()
    );

    let parsed: Vec<_> = QUERIES
        .iter()
        .map(|q| match parse(q) {
            Ok(Request::Search { query, .. }) => query,
            other => panic!("{q}: {other:?}"),
        })
        .collect();
    let mut times = Vec::with_capacity(queries);
    let mut hits = 0;
    for i in 0..queries {
        let q = &parsed[i % parsed.len()];
        let viewer = &ids[i % ids.len()];
        let t = Instant::now();
        let (h, n) = engine
            .commons()
            .read(&store, |ix: &Index| ix.search(viewer, q, 5))
            .expect("search");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        if n > 0 && !h.is_empty() {
            hits += 1;
        }
    }
    times.sort_by(f64::total_cmp);
    println!(
        "commons search (index): {queries} queries over {indexed} retours, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({hits} with hits) — target p99 < 20 ms",
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times.last().copied().unwrap_or(0.0)
    );

    // The whole `!communs` as a member types it: parse, search, read the hits from the
    // store, root the results and their thread.
    let clock = FakeClock::new(
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
            .single()
            .expect("date"),
    );
    let roster = Roster {
        members: vec![Member {
            id: UserId::new("@alice:bench"),
            name: "alice".into(),
            joined_at: None,
            facilitator: true,
        }],
        room_name: None,
    };
    let mut times = Vec::new();
    let handled = queries.min(500);
    for i in 0..handled {
        let inc = Incoming {
            garden: ids[i % ids.len()].clone(),
            event_id: format!("$search{i}"),
            sender: UserId::new("@alice:bench"),
            sender_name: "alice".into(),
            at: tuteur::clock::Clock::now(&clock),
            place: Place::Main,
            kind: InKind::Text {
                body: format!("!communs {}", QUERIES[i % QUERIES.len()]),
                html: None,
            },
        };
        let t = Instant::now();
        engine
            .handle(&store, &clock, &inc, &roster)
            .expect("handle");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "!communs handled by the engine (search, store reads, thread): {handled} events, p50 {:.2} ms, p99 {:.2} ms",
        percentile(&times, 0.5),
        percentile(&times, 0.99)
    );

    // For comparison: a plain scan of the store per query.
    let scans = 5;
    let started = Instant::now();
    let mut found = 0;
    for q in parsed.iter().take(scans) {
        found += plain_scan(&store, &ids, &q.words);
    }
    println!(
        "plain scan of the store (no index), for comparison: {:.0} ms per query ({found} matches over {scans} queries)",
        started.elapsed().as_secs_f64() * 1000.0 / scans as f64
    );
}
