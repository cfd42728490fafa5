//! The harvest of retours d'expérience: `!retour`, the 🌱 question and its
//! author's ✅, `!retours`, and what a harvested retour sets off — the commons post and the
//! commons queue, written in the same batch as the retour itself.
//!
//! Nothing is harvested without its author's consent: `!retour` is the author's own act;
//! a 🌱 only asks, and only the author's reaction on the question harvests.

use super::ctx::reply;
use super::ctx::{Ctx, Flow};
use super::io::{Action, Dest, Incoming, Target};
use crate::harvest::commons_queue;
use crate::harvest::digest::hashtags;
use crate::model::{Msg, RunKind, Text, UserId};
use crate::registers::retours::{self, Draft, HarvestAsk, RetourSource};
use crate::registers::{LICENCE_NAME, RetourRecord};

/// Retours listed by `!retours` (the latest ones).
const SHOWN: u32 = 10;

/// Longest excerpt of a message quoted in a 🌱 question.
const MAX_QUOTE: usize = 140;

/// The reaction that proposes a message for the harvest.
pub const SEED: &str = "🌱";

/// `!retour <texte>`.
pub fn command(ctx: &mut Ctx<'_>, inc: &Incoming, text: &str) -> Flow {
    let draft = Draft::parse(text, true).ok_or_else(|| Msg::new("retour-empty"))?;
    let name = ctx.name(&inc.sender);
    let r = harvest(
        ctx,
        &inc.sender,
        &name,
        draft,
        Some(inc.event_id.clone()),
        RetourSource::Command,
    )?;
    reply(ctx, inc, recorded(ctx, &r));
    Ok(())
}

/// Stores a retour, and when the garden shares, posts it to the commons room and queues it
/// for the export folder and the webhook, all in the current event's batch.
pub(super) fn harvest(
    ctx: &mut Ctx<'_>,
    author: &UserId,
    author_name: &str,
    draft: Draft,
    source_event: Option<String>,
    source: RetourSource,
) -> Flow<RetourRecord> {
    let id = ctx.garden.next_id(RunKind::Retour);
    let shared = ctx.garden.settings.shares();
    let mut r = RetourRecord {
        id,
        garden: ctx.garden.id.clone(),
        author: Some(author.clone()),
        author_name: author_name.to_owned(),
        anonymous: draft.anonymous,
        title: draft.title,
        text: draft.text,
        tags: draft.tags,
        at: ctx.now,
        source_event,
        source,
        licence: LICENCE_NAME.to_owned(),
        shared,
        facets: Vec::new(),
        resource: None,
        improvement: None,
    };
    super::commons::fill(&mut r, &ctx.garden);
    retours::save(&mut ctx.tx, &r)?;
    if shared {
        commons_queue::enqueue(&mut ctx.tx, &ctx.garden.id, id, ctx.now)?;
        let text = commons_post(ctx, &r);
        ctx.post(Dest::Commons, text, Vec::new());
    }
    Ok(r)
}

/// The commons room's copy: the garden's name, the retour, its attribution.
fn commons_post(ctx: &Ctx<'_>, r: &RetourRecord) -> Text {
    let mut t = Text::one(
        Msg::new("commons-retour")
            .text("garden", ctx.garden.display_name())
            .text("id", r.id.to_string())
            .text("title", r.title.clone())
            .text("credit", r.credit()),
    );
    // The text carries its #tags already: no separate keyword line.
    t.push(Msg::new("commons-text").text("text", r.text.clone()));
    t.push(Msg::new("commons-licence").text("credit", r.credit()));
    t
}

/// The confirmation in the garden.
pub(super) fn recorded(ctx: &Ctx<'_>, r: &RetourRecord) -> Text {
    Text::one(
        Msg::new("retour-recorded")
            .text("id", r.id.to_string())
            .text("title", r.title.clone())
            .text("credit", r.credit())
            .text("tags", hashtags(&r.tags))
            .num("tag_count", r.tags.len() as i64)
            .text("shared", if r.shared { "yes" } else { "no" })
            .text("garden", ctx.garden.display_name()),
    )
}

/// A 🌱 on a message: ask its author, in a reply to it, whether to harvest it.
pub fn seed(ctx: &mut Ctx<'_>, inc: &Incoming, target: &Target) -> Flow {
    if target.bot_ref.is_some() {
        return Err(Msg::new("harvest-bot-message").into());
    }
    let (Some(author), Some(body)) = (&target.author, &target.body) else {
        return Err(Msg::new("harvest-unknown-message").into());
    };
    if !ctx.roster.contains(author) {
        return Err(Msg::new("harvest-not-member")
            .text("who", author.as_str())
            .into());
    }
    if let Some(r) = retours::by_event(&ctx.tx, &ctx.garden.id, &target.event_id)? {
        return Err(Msg::new("harvest-already-done")
            .text("id", r.id.to_string())
            .into());
    }
    if retours::ask_for_event(&ctx.tx, &ctx.garden.id, &target.event_id)?.is_some() {
        return Err(Msg::new("harvest-already-asked").into());
    }
    if Draft::parse(body, false).is_none() {
        return Err(Msg::new("retour-empty").into());
    }
    let quote: String = {
        let one_line = body.split_whitespace().collect::<Vec<_>>().join(" ");
        if one_line.chars().count() > MAX_QUOTE {
            let mut q: String = one_line.chars().take(MAX_QUOTE - 1).collect();
            q.push('…');
            q
        } else {
            one_line
        }
    };
    let text = Text::one(
        Msg::new("harvest-ask")
            .user("author", author, &ctx.name(author))
            .user("asker", &inc.sender, &ctx.name(&inc.sender))
            .text("quote", quote),
    );
    // In the room (not a thread), so that the author's reaction is easy to give.
    let out_ref = ctx.push(
        Dest::Room,
        Action::Post {
            text,
            mentions: vec![author.clone()],
            root_of: None,
            reply_to: Some(target.event_id.clone()),
        },
    );
    let ask = HarvestAsk {
        event_id: target.event_id.clone(),
        author: author.clone(),
        body: body.clone(),
        asked_by: inc.sender.clone(),
        at: ctx.now,
    };
    retours::put_ask(&mut ctx.tx, &ctx.garden.id, &out_ref, &ask)?;
    // The author's three answers, ready to tap: harvest, harvest as "anonyme", decline.
    for key in ["✅", "🕶", "❌"] {
        ctx.react_own(Dest::Room, &out_ref, key);
    }
    Ok(())
}

/// A reaction on one of the bot's messages that may be a 🌱 question. Returns false when
/// `bot_ref` asks no harvest question (the reaction is for something else).
pub fn answer(ctx: &mut Ctx<'_>, inc: &Incoming, key: &str, bot_ref: &str) -> Flow<bool> {
    let Some(ask) = retours::ask(&ctx.tx, &ctx.garden.id, bot_ref)? else {
        return Ok(false);
    };
    let anonymous = match key {
        "✅" | "✔" | "👍" => false,
        "🕶" | "🥸" | "🎭" => true,
        "❌" | "✖" | "👎" => {
            if inc.sender != ask.author {
                return Err(author_only(ctx, &ask));
            }
            retours::delete_ask(&mut ctx.tx, &ctx.garden.id, bot_ref, &ask);
            let msg = Msg::new("harvest-declined").user("who", &ask.author, &ctx.name(&ask.author));
            ctx.post(Dest::Room, msg.into(), Vec::new());
            return Ok(true);
        }
        _ => return Ok(true),
    };
    if inc.sender != ask.author {
        return Err(author_only(ctx, &ask));
    }
    let Some(mut draft) = Draft::parse(&ask.body, false) else {
        return Err(Msg::new("retour-empty").into());
    };
    draft.anonymous = anonymous;
    retours::delete_ask(&mut ctx.tx, &ctx.garden.id, bot_ref, &ask);
    let name = ctx.name(&ask.author);
    let r = harvest(
        ctx,
        &ask.author,
        &name,
        draft,
        Some(ask.event_id.clone()),
        RetourSource::Seed {
            asked_by: ask.asked_by.clone(),
        },
    )?;
    let text = recorded(ctx, &r);
    ctx.post(Dest::Room, text, Vec::new());
    Ok(true)
}

fn author_only(ctx: &Ctx<'_>, ask: &HarvestAsk) -> super::ctx::Stop {
    Msg::new("harvest-author-only")
        .user("author", &ask.author, &ctx.name(&ask.author))
        .into()
}

/// `!retours`: the latest retours of the garden, newest first. Read by id from the
/// counter, so that a garden with thousands of retours answers as fast as a new one.
pub fn list(ctx: &Ctx<'_>) -> Flow<Text> {
    let last = ctx
        .garden
        .counters
        .get(&RunKind::Retour)
        .copied()
        .unwrap_or(0);
    let mut shown = Vec::new();
    // Bounded: at most SHOWN * 4 reads, so a long run of forgotten retours cannot stall.
    let mut n = last;
    while n > 0 && shown.len() < SHOWN as usize && last - n < SHOWN * 4 {
        if let Some(r) = retours::load(&ctx.tx, &ctx.garden.id, n)? {
            shown.push(r);
        }
        n -= 1;
    }
    if shown.is_empty() {
        return Ok(Text::one(Msg::new("retours-empty")));
    }
    let mut t = Text::one(
        Msg::new("retours-header")
            .num("count", shown.len() as i64)
            .num("total", i64::from(last)),
    );
    for r in &shown {
        t.push(
            Msg::new("retours-line")
                .text("id", r.id.to_string())
                .text("title", super::paging::excerpt(&r.title))
                .text("credit", r.credit())
                .time("at", r.at)
                .text("tags", hashtags(&r.tags))
                .num("tag_count", r.tags.len() as i64),
        );
    }
    Ok(t)
}
