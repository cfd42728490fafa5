//! One bot for many gardens, against the local Synapse: the real `tuteur` binary in N
//! garden rooms beside another in 4, in the same run. Prints the CPU each answer costs
//! (the bot process's user + system time over a series of commands, per command), the
//! resident memory at rest after a restart (and extrapolated to 10,000 gardens), and the
//! time from a restart to the first answer. Then a catch-up: the bot stopped, a member
//! posts chatter and then commands across up to 200 of the rooms, one sender per room;
//! the bot restarted answers them all. Prints Synapse's time to accept the chatter (a
//! plain client at the same concurrency as the bot's senders, one per room and at most
//! the bot's `SENDS_AT_ONCE` at once, sending as many messages of the same shape as the
//! bot's answers: notices that reply), the bot's time from its restart to its last
//! answer, the ratio, answers missing and doubled, and the resident memory after the
//! burst, at once and a minute later, against the resting level: all of it, and its
//! anonymous part (what the allocator holds, without the program's code mapped from its
//! file).
//!
//! Run: `scripts/bench-scale` (or `cargo bench --bench scale` with `.synapse/env`
//! sourced). `TUTEUR_BENCH_GARDENS` sets N (default 1000), `TUTEUR_BENCH_COMMANDS` the
//! commands per bot (default 30), `TUTEUR_BENCH_CATCHUP` the commands of the catch-up
//! (default 2000), `TUTEUR_BENCH_STORE_CACHE_MIB` both bots' `bot.store_cache_mib` (when
//! unset, their default). `cargo test --all-targets` runs it with 6 gardens, 3 commands and a
//! catch-up of 12, as a smoke test.

#[path = "../tests/matrix_support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use matrix_sdk::ruma::OwnedRoomId;
use serde_json::{Value, json};
use support::{Bot, Env, Member};

/// Rooms created at once.
const CREATE_AT_ONCE: usize = 10;

/// The most rooms the catch-up posts in.
const CATCHUP_ROOMS: usize = 200;

/// How long the bot may take to answer a whole catch-up.
const CATCHUP_PATIENCE: Duration = Duration::from_secs(1800);

/// How long the bot may take to join every room.
const JOIN_PATIENCE: Duration = Duration::from_secs(900);

fn var(name: &str, full: bool, default: usize, smoke: usize) -> usize {
    if !full {
        return smoke;
    }
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// User + system CPU time of a process so far.
fn cpu(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("/proc stat");
    // Fields after the command name (which may hold spaces) start at `) `.
    let rest = &stat[stat.rfind(')').expect("stat") + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 =
        fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime");
    // USER_HZ is 100 on every Linux architecture the bot is built for.
    Duration::from_millis(ticks * 10)
}

/// Resident memory of a process, in MiB: all of it, and its anonymous part (the heap,
/// stacks: what the allocator holds). The rest is mapped from files, mostly the program's
/// own code, whose pages stay resident once a burst has run through them.
#[derive(Clone, Copy)]
struct Memory {
    rss: f64,
    anon: f64,
}

fn memory(pid: u32) -> Memory {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    let field = |name: &str| -> f64 {
        let kib: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{name} in /proc status"));
        kib / 1024.0
    };
    Memory {
        rss: field("VmRSS:"),
        anon: field("RssAnon:"),
    }
}

/// `n` garden rooms of `owner` with `bot` invited, returned once the bot joined them all.
async fn gardens(owner: &Member, bot: &Bot, n: usize) -> Vec<OwnedRoomId> {
    let mut rooms = Vec::with_capacity(n);
    let invite = [&bot.id];
    while rooms.len() < n {
        let batch = CREATE_AT_ONCE.min(n - rooms.len());
        let made =
            futures_util::future::join_all((0..batch).map(|_| owner.create_room(&invite, false)))
                .await;
        rooms.extend(made);
    }
    let deadline = Instant::now() + JOIN_PATIENCE;
    loop {
        let joined = owner
            .seen_all()
            .iter()
            .filter(|s| {
                s.kind() == "m.room.member"
                    && s.json["state_key"] == bot.id.as_str()
                    && s.content()["membership"] == "join"
            })
            .count();
        if joined >= n {
            return rooms;
        }
        assert!(
            Instant::now() < deadline,
            "the bot joined {joined} of {n} rooms in {JOIN_PATIENCE:?}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// Sends `!où` in `room` and waits for the bot's answer to it.
async fn ask(member: &Member, bot: &Bot, room: &OwnedRoomId) -> Duration {
    let sent = Instant::now();
    let id = member.say(room, "!où").await;
    member
        .wait_for(room, "the bot's answer", |s| {
            s.sender() == bot.id.as_str() && s.reply_to() == Some(id.as_str())
        })
        .await;
    sent.elapsed()
}

/// CPU per answer over `k` commands in `room`.
async fn cpu_per_answer(member: &Member, bot: &Bot, room: &OwnedRoomId, k: usize) -> Duration {
    let pid = bot.pid().expect("running");
    // Let the bot settle (its first syncs after joining) before counting.
    ask(member, bot, room).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = cpu(pid);
    for _ in 0..k {
        ask(member, bot, room).await;
    }
    (cpu(pid) - before) / k as u32
}

/// Restarts the bot; returns the time to its first answer and its memory at rest.
async fn restart(
    member: &Member,
    bot: &mut Bot,
    room: &OwnedRoomId,
    rest: Duration,
) -> (Duration, Memory) {
    bot.stop();
    bot.start(&["@alice-*:localhost"]);
    let first = ask(member, bot, room).await;
    tokio::time::sleep(rest).await;
    (first, memory(bot.pid().expect("running")))
}

/// Posts `per_room` messages in each room, their content made by `content` from their
/// number and the event the room's previous one got, one sender per room (each waits for
/// the homeserver's answer before its next), all rooms at once but at most `at_once`
/// messages on their way; returns the event ids and the time the homeserver took to
/// accept them all.
async fn post_all(
    member: &Member,
    rooms: &[OwnedRoomId],
    per_room: usize,
    at_once: usize,
    content: impl Fn(usize, Option<&str>) -> Value,
) -> (Vec<String>, Duration) {
    let started = Instant::now();
    let content = &content;
    let slots = &tokio::sync::Semaphore::new(at_once);
    let senders = rooms.iter().enumerate().map(|(r, room)| async move {
        let mut ids: Vec<String> = Vec::with_capacity(per_room);
        for i in 0..per_room {
            let c = content(r * per_room + i, ids.last().map(String::as_str));
            let _slot = slots.acquire().await.expect("never closed");
            ids.push(member.send(room, c).await.to_string());
        }
        ids
    });
    let ids = futures_util::future::join_all(senders).await.concat();
    (ids, started.elapsed())
}

/// A message shaped like the bot's answer to `!où`: a notice that replies, with its HTML
/// body, its empty mentions and a mark of the same size as the bot's outbox mark, so
/// that Synapse's time to accept them is the floor of the bot's.
fn answer_shaped(i: usize, previous: Option<&str>) -> Value {
    let mut c = json!({
        "msgtype": "m.notice",
        "body": "Aucun rituel en cours.",
        "format": "org.matrix.custom.html",
        "formatted_body": "Aucun rituel en cours.",
        "m.mentions": {},
        "fr.tuteur.bench": { "garden": "!bench:localhost", "ref": format!("out-{i:08}") },
    });
    if let Some(p) = previous {
        c["m.relates_to"] = json!({"m.in_reply_to": {"event_id": p}});
    }
    c
}

/// What a catch-up measured.
struct CatchUp {
    commands: usize,
    rooms: usize,
    plain: Duration,
    bot: Duration,
    missing: usize,
    doubled: usize,
    mem_after: Memory,
    mem_minute: Memory,
}

/// The bot stopped; chatter then `!où` commands posted across `rooms`; the bot restarted
/// until every command has its answer (or [`CATCHUP_PATIENCE`]).
async fn catch_up(
    member: &Member,
    bot: &mut Bot,
    rooms: &[OwnedRoomId],
    commands: usize,
    settle: Duration,
    later: Duration,
) -> CatchUp {
    let per_room = commands.div_ceil(rooms.len());
    bot.stop();
    // At the bot's concurrency: one sender per garden, at most SENDS_AT_ONCE at once.
    let at_once = tuteur::matrix::SENDS_AT_ONCE;
    let (_, plain) = post_all(member, rooms, per_room, at_once, answer_shaped).await;
    let (ids, _) = post_all(
        member,
        rooms,
        per_room,
        rooms.len(),
        |_, _| json!({"msgtype": "m.text", "body": "!où"}),
    )
    .await;
    let wanted: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
    let started = Instant::now();
    bot.start(&["@alice-*:localhost"]);
    let deadline = started + CATCHUP_PATIENCE;
    let answers = loop {
        let answers: Vec<String> = member
            .seen_all()
            .iter()
            .filter(|s| s.sender() == bot.id.as_str())
            .filter_map(|s| {
                s.reply_to()
                    .filter(|r| wanted.contains(r))
                    .map(str::to_owned)
            })
            .collect();
        let answered: std::collections::HashSet<&str> =
            answers.iter().map(String::as_str).collect();
        if answered.len() == wanted.len() || Instant::now() > deadline {
            break answers;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let bot_time = started.elapsed();
    let answered: std::collections::HashSet<&str> = answers.iter().map(String::as_str).collect();
    // Late doubles would come within a few seconds.
    tokio::time::sleep(settle).await;
    let pid = bot.pid().expect("running");
    let mem_after = memory(pid);
    tokio::time::sleep(later).await;
    let mem_minute = memory(pid);
    let all: usize = member
        .seen_all()
        .iter()
        .filter(|s| s.sender() == bot.id.as_str())
        .filter(|s| s.reply_to().is_some_and(|r| wanted.contains(r)))
        .count();
    CatchUp {
        commands: ids.len(),
        rooms: rooms.len(),
        plain,
        bot: bot_time,
        missing: wanted.len() - answered.len(),
        doubled: all - answered.len(),
        mem_after,
        mem_minute,
    }
}

#[tokio::main]
async fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let n = var("TUTEUR_BENCH_GARDENS", full, 1000, 6);
    let k = var("TUTEUR_BENCH_COMMANDS", full, 30, 3);
    let burst = var("TUTEUR_BENCH_CATCHUP", full, 2000, 12);
    let few = 4.min(n);
    let env = Env::get().await;
    let alice = Member::new(&env, "alice").await;
    let mut big = Bot::new(&env).await;
    let mut small = Bot::new(&env).await;
    if let Ok(mib) = std::env::var("TUTEUR_BENCH_STORE_CACHE_MIB") {
        big.extra = format!("store_cache_mib = {mib}\n");
        small.extra.clone_from(&big.extra);
    }
    big.start(&["@alice-*:localhost"]);
    small.start(&["@alice-*:localhost"]);
    let made = Instant::now();
    let big_rooms = gardens(&alice, &big, n).await;
    println!("{n} gardens made and joined in {:.0?}", made.elapsed());
    let small_rooms = gardens(&alice, &small, few).await;

    // Same run, alternating, so both see the same machine.
    let mut big_cpu = Vec::new();
    let mut small_cpu = Vec::new();
    for _ in 0..2 {
        big_cpu.push(cpu_per_answer(&alice, &big, &big_rooms[0], k.div_ceil(2)).await);
        small_cpu.push(cpu_per_answer(&alice, &small, &small_rooms[0], k.div_ceil(2)).await);
    }
    let mean = |v: &[Duration]| v.iter().sum::<Duration>() / v.len() as u32;
    let (big_cpu, small_cpu) = (mean(&big_cpu), mean(&small_cpu));
    let rest = Duration::from_secs(if full { 10 } else { 1 });
    let (big_start, big_mem) = restart(&alice, &mut big, &big_rooms[0], rest).await;
    let (small_start, small_mem) = restart(&alice, &mut small, &small_rooms[0], rest).await;
    let settle = Duration::from_secs(if full { 5 } else { 1 });
    let later = Duration::from_secs(if full { 60 } else { 1 });
    let burst_rooms = &big_rooms[..CATCHUP_ROOMS.min(n)];
    let c = catch_up(&alice, &mut big, burst_rooms, burst, settle, later).await;
    big.assert_alive();
    small.assert_alive();
    let (big_rss, small_rss) = (big_mem.rss, small_mem.rss);
    let per_room = (big_rss - small_rss) / (n - few).max(1) as f64;
    let at_10k = small_rss + per_room * (10_000 - few) as f64;
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!(
        "one bot in {n} gardens beside one in {few}, same run ({build} build, {k} commands each)"
    );
    println!(
        "  CPU per answer (!où)   {n}: {:6.2} ms   {few}: {:6.2} ms   ratio {:.2}",
        big_cpu.as_secs_f64() * 1e3,
        small_cpu.as_secs_f64() * 1e3,
        big_cpu.as_secs_f64() / small_cpu.as_secs_f64().max(1e-9)
    );
    println!(
        "  RSS at rest after a restart   {n}: {big_rss:6.1} MiB   {few}: {small_rss:6.1} MiB   \
         ({:.1} KiB per garden; 10,000 gardens: {at_10k:.0} MiB); anonymous {:.1} / {:.1} MiB",
        per_room * 1024.0,
        big_mem.anon,
        small_mem.anon
    );
    println!(
        "  restart to first answer   {n}: {:.0?}   {few}: {:.0?}",
        big_start, small_start
    );
    println!(
        "  catch-up of {} commands over {} rooms: Synapse took {:.1?} to accept as many \
         plain sends, the bot {:.1?} from its restart to its last answer (ratio {:.2}); \
         {} missing, {} doubled",
        c.commands,
        c.rooms,
        c.plain,
        c.bot,
        c.bot.as_secs_f64() / c.plain.as_secs_f64().max(1e-9),
        c.missing,
        c.doubled
    );
    println!(
        "  RSS after the catch-up: {:.1} MiB, {later:?} later {:.1} MiB ({:+.0}% of the \
         {big_rss:.1} MiB at rest); anonymous {:.1} MiB at rest, {:.1} MiB then, {:.1} MiB \
         {later:?} later",
        c.mem_after.rss,
        c.mem_minute.rss,
        (c.mem_minute.rss / big_rss - 1.0) * 100.0,
        big_mem.anon,
        c.mem_after.anon,
        c.mem_minute.anon
    );
    assert_eq!(
        (c.missing, c.doubled),
        (0, 0),
        "every command answered once"
    );
}
