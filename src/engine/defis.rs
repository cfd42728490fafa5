//! Défis du faire ensemble: `!défi`, `!point`, `!défis`, and what the scheduler
//! does with them (weekly check-in requests, deadlines). Each défi's announcement roots a
//! thread (`F1`), where its check-in requests and its end are posted.

use chrono::{DateTime, Utc};

use super::ctx::reply;
use super::ctx::{Ctx, Flow};
use super::io::{Dest, Incoming};
use super::paging;
use super::schedule;
use crate::command::{CommandName, DeadlineError, DefiAction, parse_deadline};
use crate::model::{Msg, RunId, RunKind, Text, UserId};
use crate::registers::{Checkin, DefiRecord, DefiStatus, defis};

/// Longest défi title, in characters.
const MAX_TITLE: usize = 200;

/// Check-ins shown per défi by `!défis`.
const SHOWN_CHECKINS: usize = 2;

/// `!défi ...`.
pub fn command(ctx: &mut Ctx<'_>, inc: &Incoming, action: DefiAction) -> Flow {
    match action {
        DefiAction::Create { title, deadline } => create(ctx, inc, &title, &deadline),
        DefiAction::Join(id) => join(ctx, inc, id),
        DefiAction::Leave(id) => leave(ctx, inc, id),
        DefiAction::Done(id) => done(ctx, inc, id),
    }
}

fn create(ctx: &mut Ctx<'_>, inc: &Incoming, title: &str, deadline: &str) -> Flow {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.chars().count() > MAX_TITLE {
        return Err(Msg::new("defi-title-too-long")
            .num("max", MAX_TITLE as i64)
            .into());
    }
    let tz = ctx.garden.settings.tz;
    let deadline = parse_deadline(deadline, ctx.now, tz).map_err(|e| {
        let id = match e {
            DeadlineError::Unreadable => "defi-deadline-unreadable",
            DeadlineError::Past => "defi-deadline-past",
        };
        Msg::new(id).text("value", deadline.to_owned())
    })?;
    let id = ctx.garden.next_id(RunKind::Defi);
    let creator = (inc.sender.clone(), ctx.name(&inc.sender));
    let record = DefiRecord {
        id,
        title: title.clone(),
        deadline,
        created_by: creator.clone(),
        created_at: ctx.now,
        participants: vec![creator.clone()],
        status: DefiStatus::Active,
        ended_at: None,
        checkins: Vec::new(),
    };
    defis::save(&mut ctx.tx, &ctx.garden.id, &record)?;
    ctx.garden.defis.push(id);
    let (d, h, m) = ctx.garden.settings.checkin;
    let text = Text::one(
        Msg::new("defi-created")
            .text("id", id.to_string())
            .text("title", title)
            .time("deadline", deadline)
            .user("who", &creator.0, &creator.1)
            .label("dayname", format!("weekday-{d}"))
            .text("time", format!("{h:02}:{m:02}")),
    );
    ctx.post_root(id, text, Vec::new());
    Ok(())
}

/// Loads a défi named in a command, or refuses with "unknown".
fn load(ctx: &Ctx<'_>, id: RunId) -> Flow<DefiRecord> {
    defis::load(&ctx.tx, &ctx.garden.id, id)?
        .ok_or_else(|| Msg::new("run-unknown").text("id", id.to_string()).into())
}

fn finished(d: &DefiRecord) -> super::ctx::Stop {
    Msg::new("defi-finished")
        .text("id", d.id.to_string())
        .text("title", d.title.clone())
        .into()
}

fn join(ctx: &mut Ctx<'_>, inc: &Incoming, id: RunId) -> Flow {
    let mut d = load(ctx, id)?;
    if !d.is_active() {
        return Err(finished(&d));
    }
    if d.has(&inc.sender) {
        return Err(Msg::new("defi-already-joined")
            .text("id", id.to_string())
            .into());
    }
    let name = ctx.name(&inc.sender);
    d.participants.push((inc.sender.clone(), name.clone()));
    defis::save(&mut ctx.tx, &ctx.garden.id, &d)?;
    let text = Msg::new("defi-joined")
        .text("id", id.to_string())
        .text("title", d.title.clone())
        .user("who", &inc.sender, &name)
        .num("count", d.participants.len() as i64);
    reply(ctx, inc, text.into());
    Ok(())
}

fn leave(ctx: &mut Ctx<'_>, inc: &Incoming, id: RunId) -> Flow {
    let mut d = load(ctx, id)?;
    if !d.is_active() {
        return Err(finished(&d));
    }
    if !d.has(&inc.sender) {
        return Err(Msg::new("defi-not-participant")
            .text("id", id.to_string())
            .into());
    }
    d.participants.retain(|(u, _)| *u != inc.sender);
    defis::save(&mut ctx.tx, &ctx.garden.id, &d)?;
    let text = Msg::new("defi-left")
        .text("id", id.to_string())
        .user("who", &inc.sender, &ctx.name(&inc.sender))
        .num("count", d.participants.len() as i64);
    reply(ctx, inc, text.into());
    Ok(())
}

/// `!défi fini F1`: by a participant, its creator or a facilitator.
fn done(ctx: &mut Ctx<'_>, inc: &Incoming, id: RunId) -> Flow {
    let mut d = load(ctx, id)?;
    if !d.is_active() {
        return Err(finished(&d));
    }
    if !d.has(&inc.sender) && d.created_by.0 != inc.sender && !ctx.is_facilitator(&inc.sender) {
        return Err(Msg::new("defi-done-not-allowed")
            .text("id", id.to_string())
            .into());
    }
    end(ctx, &mut d, DefiStatus::Done, Some(&inc.sender))
}

/// Ends a défi (done or expired) and asks its participants for a retour d'expérience.
fn end(ctx: &mut Ctx<'_>, d: &mut DefiRecord, status: DefiStatus, by: Option<&UserId>) -> Flow {
    d.status = status;
    // An expired défi ended at its deadline, even when the tick comes later (downtime).
    d.ended_at = Some(match status {
        DefiStatus::Expired => d.deadline.min(ctx.now),
        _ => ctx.now,
    });
    defis::save(&mut ctx.tx, &ctx.garden.id, d)?;
    ctx.garden.defis.retain(|f| *f != d.id);
    let mut head = Msg::new(match status {
        DefiStatus::Done => "defi-done",
        _ => "defi-deadline",
    })
    .text("id", d.id.to_string())
    .text("title", d.title.clone())
    .num("checkins", d.checkins.len() as i64);
    if let Some(by) = by {
        head = head.user("who", by, &ctx.name(by));
    }
    let mut text = Text::one(head);
    let people = d.participant_ids();
    if !people.is_empty() {
        text.push(
            Msg::new("defi-ask-retour")
                .users("who", d.participants.clone())
                .num("count", people.len() as i64)
                .text("id", d.id.to_string()),
        );
    }
    ctx.post(Dest::Thread(d.id), text, people);
    Ok(())
}

/// The scheduler's "défi deadline reached".
pub fn expire(ctx: &mut Ctx<'_>, id: RunId) -> Flow {
    let Some(mut d) = defis::load(&ctx.tx, &ctx.garden.id, id)? else {
        ctx.garden.defis.retain(|f| *f != id);
        return Ok(());
    };
    if !d.is_active() {
        ctx.garden.defis.retain(|f| *f != id);
        return Ok(());
    }
    end(ctx, &mut d, DefiStatus::Expired, None)
}

/// The scheduler's weekly check-in requests: one message per active défi with
/// participants, in its thread, mentioning each of them.
pub fn request_checkins(ctx: &mut Ctx<'_>, slot: DateTime<Utc>) -> Flow {
    for id in ctx.garden.defis.clone() {
        let Some(d) = defis::load(&ctx.tx, &ctx.garden.id, id)? else {
            continue;
        };
        if !d.is_active()
            || d.participants.is_empty()
            || !schedule::asks_checkin(d.created_at, slot)
        {
            continue;
        }
        let last = d.checkins.last().map(|c| c.at);
        let mut msg = Msg::new("checkin-request")
            .text("id", id.to_string())
            .text("title", d.title.clone())
            .users("who", d.participants.clone())
            .time("deadline", d.deadline)
            .num("count", d.checkins.len() as i64);
        if let Some(at) = last {
            msg = msg.time("last", at);
        }
        ctx.post(Dest::Thread(id), msg.into(), d.participant_ids());
    }
    Ok(())
}

/// `!point F1 <texte>`: a participant's news of an active défi.
pub fn checkin(ctx: &mut Ctx<'_>, inc: &Incoming, id: RunId, text: String) -> Flow {
    let mut d = load(ctx, id)?;
    if !d.is_active() {
        return Err(finished(&d));
    }
    if !d.has(&inc.sender) {
        return Err(Msg::new("checkin-not-participant")
            .text("id", id.to_string())
            .into());
    }
    let name = ctx.name(&inc.sender);
    d.checkins.push(Checkin {
        who: inc.sender.clone(),
        name: name.clone(),
        at: ctx.now,
        text,
        event_id: Some(inc.event_id.clone()),
    });
    defis::save(&mut ctx.tx, &ctx.garden.id, &d)?;
    let count = d.checkins.iter().filter(|c| c.who == inc.sender).count();
    let msg = Msg::new("checkin-recorded")
        .text("id", id.to_string())
        .user("who", &inc.sender, &name)
        .num("count", count as i64);
    reply(ctx, inc, msg.into());
    Ok(())
}

/// `!défis`: the active défis with their latest check-ins.
pub fn list(ctx: &Ctx<'_>, page: u32) -> Flow<Text> {
    let mut active = Vec::new();
    for id in &ctx.garden.defis {
        if let Some(d) = defis::load(&ctx.tx, &ctx.garden.id, *id)?
            && d.is_active()
        {
            active.push(d);
        }
    }
    if active.is_empty() {
        return Ok(Text::one(Msg::new("defis-empty")));
    }
    let lang = ctx.garden.settings.lang;
    let page = paging::page(active.len(), page, CommandName::Defis, lang)?;
    let mut t = Text::one(Msg::new("defis-header").num("count", active.len() as i64));
    for d in &active[page.range.clone()] {
        t.push(
            Msg::new("defis-line")
                .text("id", d.id.to_string())
                .text("title", paging::excerpt(&d.title))
                .time("deadline", d.deadline)
                .text(
                    "participants",
                    d.participants
                        .iter()
                        .map(|(_, n)| n.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                )
                .num("count", d.participants.len() as i64),
        );
        let skip = d.checkins.len().saturating_sub(SHOWN_CHECKINS);
        for c in d.checkins.iter().skip(skip) {
            t.push(
                Msg::new("defis-checkin")
                    .text("who", c.name.clone())
                    .time("at", c.at)
                    .text("text", paging::excerpt(&c.text)),
            );
        }
    }
    t.lines.extend(page.footer(CommandName::Defis, lang));
    Ok(t)
}
