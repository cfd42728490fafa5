//! The election's own steps: `nominate` (ballots by direct message, hidden until the
//! reveal), `reveal`, and `propose` (tally, suggestion with tie-breaks, `!propose @x`).

use rand::seq::IndexedRandom;

use crate::engine::ctx::{Ctx, Flow};
use crate::engine::io::Dest;
use crate::model::{Msg, Text, UserId};
use crate::registers::{self, Register, RoleRecord};
use crate::rituals::definition::{RitualDef, StepDef};
use crate::rituals::interpreter::{base_msg, close as close_step, go, rng, say};
use crate::rituals::run::{Ballot, Run, StepState};

/// Opens nominations: a note in the thread, and a direct message to each participant.
pub fn enter(ctx: &mut Ctx<'_>, step: &StepDef, run: &mut Run) -> Flow<bool> {
    let msg = base_msg(run, step.message.get_ref());
    say(ctx, run, msg.into(), Vec::new());
    for p in run.participants.clone() {
        let msg = base_msg(run, "ballot-request").user("who", &p, &run.name(&p));
        ctx.post(Dest::Direct(p.clone()), msg.into(), vec![p]);
    }
    run.state = StepState::Nominate;
    Ok(run.participants.is_empty())
}

/// A ballot: exactly one name, no abstention, oneself allowed; one per voter before the
/// reveal. The confirmation goes back in private; nothing shows in the room.
pub fn ballot(
    ctx: &mut Ctx<'_>,
    def: &RitualDef,
    run: &mut Run,
    voter: &UserId,
    nominee: &UserId,
    reason: Option<String>,
) -> Flow {
    if run.ballots.contains_key(voter) {
        return Err(Msg::new("ballot-already")
            .text("id", run.id.to_string())
            .into());
    }
    super::round::join_late(ctx, run, voter);
    run.names.insert(nominee.clone(), ctx.name(nominee));
    run.ballots.insert(
        voter.clone(),
        Ballot {
            nominee: nominee.clone(),
            reason,
            moved_from: None,
        },
    );
    let msg = base_msg(run, "ballot-recorded")
        .user("nominee", nominee, &run.name(nominee))
        .num("received", run.ballots.len() as i64)
        .num("total", run.participants.len() as i64);
    ctx.post(Dest::Direct(voter.clone()), msg.into(), Vec::new());
    if run.participants.iter().all(|p| run.ballots.contains_key(p)) {
        close_step(ctx, def, run)?;
    }
    Ok(())
}

/// Closes nominations; who did not vote is said in the thread.
pub fn close(ctx: &mut Ctx<'_>, run: &mut Run) {
    let missing: Vec<UserId> = run
        .participants
        .iter()
        .filter(|p| !run.ballots.contains_key(*p))
        .cloned()
        .collect();
    if !missing.is_empty() {
        let msg = base_msg(run, "ballots-missing")
            .users("silent", run.named(&missing))
            .num("count", missing.len() as i64);
        say(ctx, run, msg.into(), Vec::new());
    }
}

/// Posts every ballot at once ("Moi X, je propose Y").
pub fn reveal(ctx: &mut Ctx<'_>, step: &StepDef, run: &mut Run) -> Flow<bool> {
    let mut text: Text = base_msg(run, step.message.get_ref())
        .num("count", run.ballots.len() as i64)
        .into();
    for (voter, b) in &run.ballots {
        let line = match &b.reason {
            Some(r) => Msg::new("ballot-line-reason").text("reason", r.clone()),
            None => Msg::new("ballot-line"),
        };
        text.push(line.user("voter", voter, &run.name(voter)).user(
            "nominee",
            &b.nominee,
            &run.name(&b.nominee),
        ));
    }
    say(ctx, run, text, Vec::new());
    run.state = StepState::Idle;
    Ok(true)
}

/// The tally, most named first; ties in name order for stable output.
pub fn tally(run: &Run) -> Vec<(UserId, usize)> {
    let mut counts: Vec<(UserId, usize)> = Vec::new();
    for b in run.ballots.values() {
        match counts.iter_mut().find(|(u, _)| *u == b.nominee) {
            Some((_, n)) => *n += 1,
            None => counts.push((b.nominee.clone(), 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
}

/// The suggested person and why: the most named; among ties the only one who named
/// themselves, else the current holder of the role, else a random draw (SPEC §3.3 step 5).
pub fn suggest(ctx: &Ctx<'_>, run: &Run) -> Flow<Option<(UserId, &'static str)>> {
    let counts = tally(run);
    let Some(top) = counts.first().map(|c| c.1) else {
        return Ok(None);
    };
    let tied: Vec<UserId> = counts
        .iter()
        .filter(|c| c.1 == top)
        .map(|c| c.0.clone())
        .collect();
    if tied.len() == 1 {
        return Ok(Some((tied[0].clone(), "most")));
    }
    let selfnamed: Vec<&UserId> = tied
        .iter()
        .filter(|u| run.ballots.get(*u).is_some_and(|b| &b.nominee == *u))
        .collect();
    if selfnamed.len() == 1 {
        return Ok(Some((selfnamed[0].clone(), "self")));
    }
    let role = crate::text::fold(run.text.as_deref().unwrap_or_default());
    let holders: Vec<RoleRecord> = registers::list(&ctx.tx, &ctx.garden.id, Register::Roles)?;
    if let Some(h) = holders
        .iter()
        .rev()
        .find(|r| crate::text::fold(&r.role) == role)
        .map(|r| r.holder.0.clone())
        .filter(|h| tied.contains(h))
    {
        return Ok(Some((h, "holder")));
    }
    let salt = 7_000 + u64::from(run.consent_rounds);
    Ok(tied
        .choose(&mut rng(run, salt))
        .map(|u| (u.clone(), "draw")))
}

/// Opens the proposal step: the tally and the suggestion, then waits for `!propose`.
pub fn enter_propose(ctx: &mut Ctx<'_>, step: &StepDef, run: &mut Run) -> Flow<bool> {
    let suggestion = suggest(ctx, run)?;
    run.suggestion = suggestion
        .as_ref()
        .map(|(u, why)| (u.clone(), (*why).to_owned()));
    let mut text: Text = base_msg(run, step.message.get_ref()).into();
    for (who, n) in tally(run) {
        text.push(
            Msg::new("tally-line")
                .user("who", &who, &run.name(&who))
                .num("count", n as i64),
        );
    }
    if let Some((who, why)) = &suggestion {
        text.push(
            Msg::new("suggestion-line")
                .user("who", who, &run.name(who))
                .text("why", *why),
        );
    }
    let starter = run.started_by.clone();
    say(ctx, run, text, vec![starter]);
    run.state = StepState::Propose;
    Ok(false)
}

/// `!propose @x`: the facilitator proposes a person; the objection round follows.
pub fn propose(ctx: &mut Ctx<'_>, def: &RitualDef, run: &mut Run, who: &UserId) -> Flow {
    run.names.insert(who.clone(), ctx.name(who));
    run.nominee = Some(who.clone());
    let msg = base_msg(run, "proposed");
    say(ctx, run, msg.into(), Vec::new());
    go(ctx, def, run, None)
}
