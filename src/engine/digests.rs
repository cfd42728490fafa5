//! Posting the weekly digest: the short message in the room roots a thread
//! (`H3`) holding the details. The scheduler posts it on the garden's slot; `!récolte`
//! posts the current week's so far; `tuteur digest` renders it without posting.

use chrono::{DateTime, Utc};

use super::ctx::reply;
use super::ctx::{Ctx, Flow};
use super::io::Incoming;
use super::schedule;
use crate::harvest::digest::{Digest, collect};
use crate::model::{Msg, RunKind, Text};

/// Posts the digest of `[from, to)`. An empty period posts nothing unless `always`
/// (the automatic digest stays silent in a quiet week). Returns whether it posted.
pub fn post(ctx: &mut Ctx<'_>, from: DateTime<Utc>, to: DateTime<Utc>, always: bool) -> Flow<bool> {
    let digest = collect(&ctx.tx, &ctx.garden, from, to)?;
    if digest.is_empty() && !always {
        return Ok(false);
    }
    let id = ctx.garden.next_id(RunKind::Digest);
    ctx.post_root(id, digest.summary(id), Vec::new());
    ctx.post_thread(id, digest.details(id), Vec::new());
    Ok(true)
}

/// The period the next automatic digest will cover, up to `now`: from the last digest's
/// slot (or the latest slot, for a garden that never had one) to now.
pub fn current_period(ctx: &Ctx<'_>) -> Flow<(DateTime<Utc>, DateTime<Utc>)> {
    let marks = schedule::load_marks(&ctx.tx, &ctx.garden.id)?;
    let s = &ctx.garden.settings;
    let latest = schedule::slot_at_or_before(s.tz, s.digest, ctx.now);
    let from = marks.digest.filter(|m| *m <= ctx.now).unwrap_or(latest);
    // Periods exclude their end: what happened at this very instant is part of "so far".
    Ok((from, ctx.now + chrono::Duration::milliseconds(1)))
}

/// The digest of the current week so far, without posting it (`tuteur digest`).
pub fn current(ctx: &Ctx<'_>) -> Flow<Digest> {
    let (from, to) = current_period(ctx)?;
    Ok(collect(&ctx.tx, &ctx.garden, from, to)?)
}

/// `!récolte`: posts the current week's digest now. The automatic one still comes on its
/// slot: this is a look at the week so far, not the week's digest.
pub fn command(ctx: &mut Ctx<'_>, inc: &Incoming) -> Flow {
    let (from, to) = current_period(ctx)?;
    let digest = collect(&ctx.tx, &ctx.garden, from, to)?;
    if digest.is_empty() {
        let msg = Msg::new("digest-empty").time("from", from);
        reply(ctx, inc, Text::one(msg));
        return Ok(());
    }
    post(ctx, from, to, true).map(|_| ())
}
