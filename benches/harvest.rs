//! Building the weekly digest over the sled store: for one garden holding 10,000 retours
//! (target < 10 ms), and for 1,000 gardens (target < 1 s in all), printed. Then the
//! commons: the search index rebuilt at start from 100,000 retours across 1,000 gardens
//! (target < 5 s), `!communs` searches over it, p50 and p99 per query (target p99 < 20 ms),
//! and, for comparison, a plain scan of the store per query.
//!
//! Run: `cargo bench --bench harvest`. Without `--bench` (as `cargo test --benches` runs
//! it) the sizes are cut down so that the pass stays short.

use std::time::Instant;

use chrono::{DateTime, Duration, TimeZone, Utc};
use tuteur::clock::FakeClock;
use tuteur::engine::{Engine, EngineConfig, GardenState, Member, Roster};
use tuteur::harvest::digest::collect;
use tuteur::i18n;
use tuteur::model::{GardenId, Lang, RunId, RunKind, UserId};
use tuteur::registers::retours::{self, RetourSource};
use tuteur::registers::{LICENCE_NAME, RetourRecord};
use tuteur::rituals::load::Rituals;
use tuteur::store::{SledStore, Store, Tree, Tx};

mod commons_bench;

/// Monday 30 November 2026, 09:00 in Paris: a digest slot.
fn slot() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 8, 0, 0)
        .single()
        .expect("date")
}

/// Writes a garden with `count` retours spread over the `weeks` weeks before the slot.
fn garden(store: &dyn Store, id: &GardenId, count: u32, weeks: i64) {
    let mut g = GardenState::new(id.clone(), Lang::Fr, chrono_tz::Europe::Paris);
    let span = Duration::weeks(weeks).num_seconds();
    let mut tx = Tx::new(store);
    for n in 1..=count {
        let ago = span * i64::from(n) / i64::from(count.max(1));
        let r = RetourRecord {
            id: RunId::new(RunKind::Retour, n),
            garden: id.clone(),
            author: Some(UserId::new(format!("@member{}:bench", n % 40))),
            author_name: format!("Membre {}", n % 40),
            anonymous: n % 7 == 0,
            title: format!("Retour numéro {n} sur la gouvernance partagée"),
            text: "Ce que nous avons appris en pratiquant la gestion par consentement. ".repeat(8),
            tags: vec!["partage".into(), "education".into()],
            at: slot() - Duration::seconds(ago),
            source_event: Some(format!("$ev{n}")),
            source: RetourSource::Command,
            licence: LICENCE_NAME.into(),
            shared: true,
            facets: Vec::new(),
            resource: None,
            improvement: None,
        };
        retours::save(&mut tx, &r).expect("save");
        if tx.is_dirty() && n % 500 == 0 {
            store
                .apply(&std::mem::replace(&mut tx, Tx::new(store)).into_batch())
                .expect("apply");
        }
    }
    g.counters.insert(RunKind::Retour, count);
    tx.put(Tree::Gardens, id.as_str().as_bytes().to_vec(), &g)
        .expect("garden");
    store.apply(&tx.into_batch()).expect("apply");
}

/// Builds one digest of the week before the slot, rendered as the bot would post it.
fn build(store: &dyn Store, id: &GardenId) -> usize {
    let tx = Tx::new(store);
    let g: GardenState = tx
        .get(Tree::Gardens, id.as_str().as_bytes())
        .expect("read")
        .expect("garden");
    let d = collect(&tx, &g, slot() - Duration::weeks(1), slot()).expect("digest");
    let h = RunId::new(RunKind::Digest, 1);
    let tz = g.settings.tz;
    let body = i18n::render(g.settings.lang, tz, &d.summary(h)).body
        + i18n::render(g.settings.lang, tz, &d.details(h))
            .body
            .as_str();
    body.len() + d.retours.len()
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (big, gardens, per_garden) = if full {
        (10_000, 1_000, 50)
    } else {
        (1_000, 50, 10)
    };
    let dir = tempfile::tempdir().expect("temporary folder");
    let store = SledStore::open(dir.path()).expect("sled store");

    // One garden holding `big` retours over two years (about 100 a week).
    let one = GardenId::new("!big:bench");
    garden(&store, &one, big, 104);
    store.flush().expect("flush");
    build(&store, &one); // warm the caches
    let runs = 20;
    let started = Instant::now();
    let mut found = 0;
    for _ in 0..runs {
        found = build(&store, &one);
    }
    let per = started.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
    println!(
        "digest of one garden holding {big} retours: {per:.2} ms per digest (built and rendered; {found} bytes+retours) — target < 10 ms"
    );

    // The same garden when all its retours fall in the digest's week (worst case).
    let worst = GardenId::new("!worst:bench");
    garden(&store, &worst, big, 1);
    store.flush().expect("flush");
    let started = Instant::now();
    build(&store, &worst);
    println!(
        "digest of one garden whose {big} retours all fall in one week: {:.1} ms (worst case)",
        started.elapsed().as_secs_f64() * 1000.0
    );

    // Many gardens: each digest built and rendered, then the same through Engine::tick at
    // the slot (scheduler, digest, marks, one batch per garden).
    let ids: Vec<GardenId> = (0..gardens)
        .map(|g| GardenId::new(format!("!garden{g}:bench")))
        .collect();
    for id in &ids {
        garden(&store, id, per_garden, 8);
    }
    store.flush().expect("flush");
    let started = Instant::now();
    for id in &ids {
        build(&store, id);
    }
    println!(
        "digests of {gardens} gardens ({per_garden} retours each): {:.0} ms in all — target < 1 s",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let engine = Engine::new(Rituals::builtin(), EngineConfig::default());
    let clock = FakeClock::new(slot() + Duration::minutes(1));
    let roster = Roster {
        members: vec![Member {
            id: UserId::new("@alice:bench"),
            name: "alice".into(),
            joined_at: None,
            facilitator: true,
        }],
        room_name: None,
    };
    let started = Instant::now();
    let mut posted = 0;
    for id in &ids {
        posted += engine
            .tick(&store, &clock, id, &roster)
            .expect("tick")
            .len();
    }
    store.flush().expect("flush");
    println!(
        "Engine::tick at the slot for {gardens} gardens: {:.0} ms in all, {posted} messages (digest + thread)",
        started.elapsed().as_secs_f64() * 1000.0
    );
    drop(store);

    if full {
        commons_bench::run(1_000, 100, 2_000);
    } else {
        commons_bench::run(50, 20, 100);
    }
}
