//! Throughput of the engine over the sled store: messages per second on one core, with one
//! transaction per event and one flush per batch of 100 events, as a transport does.
//!
//! Run: `taskset -c 0 cargo bench --bench engine` (one core for every thread, sled's
//! flusher included; set `TUTEUR_BENCH_EVENTS` to change the count, `TUTEUR_BENCH_REPEAT`
//! the passes per scenario, 5 by default, whose medians it prints). Besides the wall-clock
//! rate it prints the rate per second of CPU time of the thread handling the events (from
//! `/proc/thread-self/schedstat`), which a busy machine disturbs much less.

use std::time::Instant;

use chrono::{TimeZone, Utc};
use tuteur::clock::FakeClock;
use tuteur::engine::{Engine, EngineConfig, InKind, Incoming, Member, Place, Roster};
use tuteur::model::{GardenId, RunId, RunKind, UserId};
use tuteur::rituals::load::Rituals;
use tuteur::store::{SledStore, Store};

/// The allocator of the `tuteur` binary, so that the figures are the binary's.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

const BATCH: usize = 100;
const MEMBERS: [&str; 4] = ["alice", "bob", "carol", "dominique"];

fn roster() -> Roster {
    Roster {
        members: MEMBERS
            .iter()
            .map(|m| Member {
                id: UserId::new(*m),
                name: (*m).to_owned(),
                joined_at: None,
                facilitator: *m == "alice",
            })
            .collect(),
        room_name: None,
    }
}

/// The i-th event of a garden's life: a météo round started every fifth event and answered
/// by its four members, so every event goes through parsing, the run's state and the store.
fn event(garden: &GardenId, i: usize, seq: u64) -> Incoming {
    let round = (i / 5) as u32 + 1;
    let (sender, place, body) = match i % 5 {
        0 => ("alice", Place::Main, "!météo".to_owned()),
        k => (
            MEMBERS[k - 1],
            Place::Thread(RunId::new(RunKind::Meteo, round)),
            "☀️ une belle journée".to_owned(),
        ),
    };
    Incoming {
        garden: garden.clone(),
        event_id: format!("$bench{seq}"),
        sender: UserId::new(sender),
        sender_name: sender.to_owned(),
        at: Utc::now(),
        place,
        kind: InKind::Text { body, html: None },
    }
}

/// One pass: `total` events over `gardens` gardens on a fresh store. Returns the events
/// per second of wall clock and, where Linux tells it, per CPU-second of this thread.
fn run(label: &str, total: usize, gardens: usize) -> (f64, Option<f64>) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let store = SledStore::open(dir.path()).expect("sled store");
    let engine = Engine::new(Rituals::builtin(), EngineConfig::default());
    let clock = FakeClock::new(
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
            .single()
            .expect("date"),
    );
    let roster = roster();
    let ids: Vec<GardenId> = (0..gardens)
        .map(|g| GardenId::new(format!("!garden{g}:bench")))
        .collect();
    let mut produced = 0usize;
    let cpu_started = thread_cpu_ns();
    let started = Instant::now();
    for seq in 0..total {
        let garden = &ids[seq % gardens];
        let i = seq / gardens;
        let out = engine
            .handle(&store, &clock, &event(garden, i, seq as u64), &roster)
            .expect("handled");
        produced += out.len();
        if (seq + 1) % BATCH == 0 {
            store.flush().expect("flushed");
        }
    }
    store.flush().expect("flushed");
    let secs = started.elapsed().as_secs_f64();
    let wall = total as f64 / secs;
    let cpu = match (cpu_started, thread_cpu_ns()) {
        (Some(a), Some(b)) if b > a => Some(total as f64 / ((b - a) as f64 / 1e9)),
        _ => None,
    };
    let cpu_text = cpu
        .map(|c| format!("; {c:.0} events per CPU-second of the engine thread"))
        .unwrap_or_default();
    println!(
        "{label}: {total} events in {secs:.2} s = {wall:.0} events/s{cpu_text} ({produced} bot \
         messages, flush every {BATCH})"
    );
    (wall, cpu)
}

/// Runs a scenario `repeat` times and prints the medians: a shared machine makes single
/// passes vary by a quarter either way.
fn scenario(label: &str, total: usize, gardens: usize, repeat: usize) {
    let passes: Vec<(f64, Option<f64>)> = (0..repeat).map(|_| run(label, total, gardens)).collect();
    if repeat < 2 {
        return;
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let wall: Vec<f64> = passes.iter().map(|p| p.0).collect();
    let (low, high) = (
        wall.iter().copied().fold(f64::INFINITY, f64::min),
        wall.iter().copied().fold(0.0, f64::max),
    );
    let cpu: Vec<f64> = passes.iter().filter_map(|p| p.1).collect();
    let cpu_text = if cpu.len() == passes.len() {
        format!(", {:.0} per CPU-second", median(cpu))
    } else {
        String::new()
    };
    println!(
        "{label}, median of {repeat}: {:.0} events/s (from {low:.0} to {high:.0}){cpu_text}",
        median(wall)
    );
}

/// Nanoseconds the calling thread has spent on a CPU (Linux), None elsewhere.
fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

fn main() {
    let total: usize = std::env::var("TUTEUR_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let repeat: usize = std::env::var("TUTEUR_BENCH_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
        .clamp(1, 50);
    // `cargo test --benches` runs this too: keep that pass short.
    let (total, repeat) = if std::env::args().any(|a| a == "--bench") {
        (total, repeat)
    } else {
        (total.min(2_000), 1)
    };
    scenario("one garden", total, 1, repeat);
    scenario("100 gardens", total, 100, repeat);
}
