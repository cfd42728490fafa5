//! What happens when a run's steps keep moving on without waiting for anyone (the
//! interpreter's transition guard): the run stops, the room is told in its thread, and the
//! garden's history records it as interrupted.
//!
//! `tuteur rituals check` refuses files whose steps can loop that way (see `loops.rs`), so
//! this is the last line of defence: the messages of the loop are dropped (keeping the
//! announcement that roots the run's thread) rather than posted dozens of times.

use super::run::{Run, RunStatus};
use super::state::StepState;
use super::voice::{base_msg, say};
use crate::engine::ctx::{Ctx, Flow};
use crate::rituals::steps::record;

/// Where a run's messages stood when the interpreter started moving it.
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    out: usize,
    rooted: bool,
}

impl Mark {
    /// Notes the messages produced so far and whether the run's thread exists.
    pub fn take(ctx: &Ctx<'_>, run: &Run) -> Mark {
        Mark {
            out: ctx.out.len(),
            rooted: run.rooted,
        }
    }
}

/// Stops `run`, whose steps looped since `before`: drops the loop's messages, tells the
/// room, records the run as interrupted.
pub fn stop(ctx: &mut Ctx<'_>, run: &mut Run, before: Mark) -> Flow {
    tracing::error!(
        run = %run.id,
        ritual = %run.ritual,
        "ritual steps looped without waiting for anyone; run interrupted"
    );
    // The first message of a new run roots its thread: keep it so the notice has a place.
    let keep = if before.rooted {
        before.out
    } else {
        before.out + 1
    };
    ctx.out.truncate(keep);
    run.status = RunStatus::Interrupted;
    run.state = StepState::Idle;
    record::ended(ctx, run)?;
    let msg = base_msg(run, "run-interrupted");
    say(ctx, run, msg.into(), Vec::new());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::io::{Member, Roster};
    use crate::garden::GardenState;
    use crate::model::{GardenId, Lang, RunId, RunKind, UserId};
    use crate::registers::{self, HistoryRecord, Register};
    use crate::rituals::definition::RitualDef;
    use crate::rituals::interpreter::{StartParams, start};
    use crate::rituals::load::Rituals;
    use crate::store::{MemoryStore, Tx};

    /// Two announcements sending the run back and forth: `rituals check` refuses this file,
    /// so it is deserialized here without the checks, as a file that slipped through.
    const LOOPING: &str = r#"
name = "boucle"
family = "custom"
title = "ritual-closing-title"
[[steps]]
id = "a"
kind = "announce"
message = "closing-announce"
[[steps]]
id = "b"
kind = "announce"
message = "closing-announce"
next = "a"
[[steps]]
id = "fin"
kind = "record"
message = "closing-done"
"#;

    #[test]
    fn a_looping_run_is_stopped_said_in_its_thread_and_recorded_as_interrupted() {
        let def: RitualDef = toml::from_str(LOOPING).expect("the file deserializes");
        assert_eq!(crate::rituals::loops::find(&def), vec![vec![0, 1]]);
        let store = MemoryStore::new();
        let alice = UserId::new("@alice:x");
        let roster = Roster {
            members: vec![Member {
                id: alice.clone(),
                name: "Alice".into(),
                joined_at: None,
                facilitator: true,
            }],
            room_name: None,
        };
        let rituals = Rituals::builtin();
        let garden = GardenId::new("!g:x");
        let commons = crate::engine::commons_index::CommonsIndex::new();
        let mut ctx = Ctx {
            commons: &commons,
            tx: Tx::new(&store),
            garden: GardenState::new(garden.clone(), Lang::Fr, chrono_tz::Europe::Paris),
            roster: &roster,
            rituals: &rituals,
            now: chrono::DateTime::from_timestamp(1_800_000_000, 0).expect("a date"),
            seed: 0,
            prefix: "!",
            max_active_runs: 8,
            ref_base: "$e".into(),
            out: Vec::new(),
        };
        let id = start(&mut ctx, &def, &alice, StartParams::default()).expect("started");
        assert_eq!(id, RunId::new(RunKind::Custom, 1));
        // The announcement that roots the thread, then the notice: not 64 announcements.
        let ids: Vec<&str> = ctx
            .out
            .iter()
            .flat_map(|o| o.text().into_iter().flat_map(|t| t.ids()))
            .collect();
        assert_eq!(ids, ["closing-announce", "run-interrupted"]);
        assert_eq!(
            ctx.out[1].dest,
            crate::engine::io::Dest::Thread(id),
            "said in the run's thread"
        );
        for lang in [Lang::Fr, Lang::En] {
            let text = ctx.out[1].text().expect("text");
            let body = crate::i18n::render(lang, chrono_tz::Europe::Paris, text).body;
            assert!(body.contains("C1") && !body.contains("{$"), "{body}");
        }
        assert!(ctx.garden.active.is_empty(), "no longer running");
        let record: Option<HistoryRecord> =
            registers::get(&ctx.tx, &garden, Register::History, id).expect("read");
        let record = record.expect("a history record");
        assert!(record.interrupted && !record.cancelled);
    }
}
