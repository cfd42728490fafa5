//! Privacy: `!oublie-moi`, and edits or redactions of contributions kept outside
//! ritual runs (défi check-ins, retours, 🌱 questions).
//!
//! What `!oublie-moi` does in the garden where it is typed:
//! - erases the member's météo entries (in runs, and in the météo register when the garden
//!   keeps météo memory), their election ballots, their défi check-ins and participations,
//!   and every 🌱 question about their messages that they had not answered yet (their
//!   unharvested retours);
//! - anonymises their harvested retours: the text stays (it was given to the commons under
//!   CC BY-SA), the name goes, so every later export, digest and webhook POST says
//!   "anonyme"; shared ones are queued to rewrite their export-folder file.

use super::ctx::reply;
use super::ctx::{Ctx, Flow};
use super::io::Incoming;
use crate::command::{Command, Parsed, parse};
use crate::harvest::commons_queue::{self, Sink};
use crate::model::{Msg, RunKind, UserId};
use crate::registers::retours::{self, Draft};
use crate::registers::{self, MeteoRecord, Register, defis};
use crate::rituals::state::{StepState, Turn};

/// What `!oublie-moi` erased, for its confirmation.
#[derive(Debug, Default)]
struct Erased {
    meteo: usize,
    ballots: usize,
    checkins: usize,
    asks: usize,
    anonymised: usize,
}

/// `!oublie-moi`.
pub fn forget_me(ctx: &mut Ctx<'_>, inc: &Incoming) -> Flow {
    let who = inc.sender.clone();
    let mut erased = Erased::default();
    runs(ctx, &who, &mut erased)?;
    meteo_register(ctx, &who, &mut erased)?;
    for mut d in defis::all(&ctx.tx, &ctx.garden.id)? {
        let before = (d.checkins.len(), d.participants.len());
        d.checkins.retain(|c| c.who != who);
        d.participants.retain(|(u, _)| *u != who);
        if (d.checkins.len(), d.participants.len()) != before {
            erased.checkins += before.0 - d.checkins.len();
            defis::save(&mut ctx.tx, &ctx.garden.id, &d)?;
        }
    }
    for (out_ref, ask) in retours::asks(&ctx.tx, &ctx.garden.id)? {
        if ask.author == who || ask.asked_by == who {
            retours::delete_ask(&mut ctx.tx, &ctx.garden.id, &out_ref, &ask);
            erased.asks += 1;
        }
    }
    erased.asks += super::guided_retour::forget(ctx, &who)?;
    for mut r in retours::all(&ctx.tx, &ctx.garden.id)? {
        if r.author.as_ref() != Some(&who) {
            continue;
        }
        r.anonymise();
        retours::update(&mut ctx.tx, &r)?;
        if r.shared && ctx.garden.settings.shares() {
            commons_queue::enqueue_one(&mut ctx.tx, &ctx.garden.id, r.id, Sink::Folder, ctx.now)?;
        }
        erased.anonymised += 1;
    }
    let msg = Msg::new("forget-me-done")
        .user("who", &who, &ctx.name(&who))
        .num("meteo", erased.meteo as i64)
        .num("ballots", erased.ballots as i64)
        .num("checkins", erased.checkins as i64)
        .num("asks", erased.asks as i64)
        .num("anonymised", erased.anonymised as i64);
    reply(ctx, inc, msg.into());
    Ok(())
}

/// Every run of the garden, finished ones included: their stored state still holds what
/// was said.
fn runs(ctx: &mut Ctx<'_>, who: &UserId, erased: &mut Erased) -> Flow {
    for mut run in ctx.all_runs()? {
        let mut changed = false;
        if run
            .role_mut()
            .is_some_and(|r| r.ballots.remove(who).is_some())
        {
            erased.ballots += 1;
            changed = true;
        }
        let is_meteo = run.id.kind == RunKind::Meteo;
        let mut turns: Vec<&mut Turn> = run.last_round.iter_mut().collect();
        if let StepState::Round(current) = &mut run.state {
            turns.extend(current.turns.iter_mut());
        }
        for t in turns {
            if &t.who == who && t.text.is_some() {
                t.text = None;
                changed = true;
                if is_meteo {
                    erased.meteo += 1;
                }
            }
        }
        if changed {
            ctx.save_run(run)?;
        }
    }
    Ok(())
}

fn meteo_register(ctx: &mut Ctx<'_>, who: &UserId, erased: &mut Erased) -> Flow {
    let garden = ctx.garden.id.clone();
    let records: Vec<MeteoRecord> = registers::list(&ctx.tx, &garden, Register::Meteo)?;
    for mut m in records {
        let before = m.entries.len();
        m.entries.retain(|(u, _)| u != who);
        if m.entries.len() != before {
            erased.meteo += before - m.entries.len();
            registers::put(&mut ctx.tx, &garden, Register::Meteo, m.id, &m)?;
        }
    }
    Ok(())
}

/// An edit (`Some(new text)`) or a redaction (`None`) of a message that may be a défi
/// check-in, a retour's source, or the subject of a 🌱 question. A redacted contribution is
/// forgotten; an edited one takes its new text. Returns true when something changed.
pub fn contribution(ctx: &mut Ctx<'_>, target_event: &str, body: Option<&str>) -> Flow<bool> {
    let mut changed = body.is_none() && super::guided_retour::redacted(ctx, target_event)?;
    for id in defi_ids(ctx) {
        let Some(mut d) = defis::load(&ctx.tx, &ctx.garden.id, id)? else {
            continue;
        };
        let Some(i) = d
            .checkins
            .iter()
            .position(|c| c.event_id.as_deref() == Some(target_event))
        else {
            continue;
        };
        match body.map(|b| parse(b, None, ctx.prefix)) {
            None => {
                d.checkins.remove(i);
            }
            Some(Parsed::Command(Command::Checkin { text, .. })) => d.checkins[i].text = text,
            // The edit no longer reads as a check-in: keep the last good one.
            Some(_) => continue,
        }
        defis::save(&mut ctx.tx, &ctx.garden.id, &d)?;
        changed = true;
    }
    if let Some(mut r) = retours::by_event(&ctx.tx, &ctx.garden.id, target_event)? {
        match body {
            None => {
                retours::delete(&mut ctx.tx, &r);
                commons_queue::cancel(&mut ctx.tx, &ctx.garden.id, r.id, Sink::Webhook);
                if r.shared && ctx.garden.settings.shares() {
                    // The deliverer finds it gone and removes its file from the folder.
                    commons_queue::enqueue_one(
                        &mut ctx.tx,
                        &ctx.garden.id,
                        r.id,
                        Sink::Folder,
                        ctx.now,
                    )?;
                } else {
                    commons_queue::cancel(&mut ctx.tx, &ctx.garden.id, r.id, Sink::Folder);
                }
                changed = true;
            }
            Some(b) => {
                let text = match parse(b, None, ctx.prefix) {
                    Parsed::Command(Command::Retour(t)) => Some((t, true)),
                    Parsed::Text => Some((b.to_owned(), false)),
                    _ => None,
                };
                if let Some(draft) = text.and_then(|(t, opt)| Draft::parse(&t, opt)) {
                    r.title = draft.title;
                    r.text = draft.text;
                    r.tags = draft.tags;
                    super::commons::fill(&mut r, &ctx.garden);
                    retours::update(&mut ctx.tx, &r)?;
                    changed = true;
                }
            }
        }
    }
    if let Some(out_ref) = retours::ask_for_event(&ctx.tx, &ctx.garden.id, target_event)?
        && let Some(mut ask) = retours::ask(&ctx.tx, &ctx.garden.id, &out_ref)?
    {
        match body {
            None => retours::delete_ask(&mut ctx.tx, &ctx.garden.id, &out_ref, &ask),
            Some(b) => {
                ask.body = b.to_owned();
                retours::put_ask(&mut ctx.tx, &ctx.garden.id, &out_ref, &ask)?;
            }
        }
        changed = true;
    }
    Ok(changed)
}

/// Every défi id of the garden (check-ins of ended défis can be redacted too).
fn defi_ids(ctx: &Ctx<'_>) -> Vec<crate::model::RunId> {
    let last = ctx
        .garden
        .counters
        .get(&RunKind::Defi)
        .copied()
        .unwrap_or(0);
    (1..=last)
        .map(|n| crate::model::RunId::new(RunKind::Defi, n))
        .collect()
}
