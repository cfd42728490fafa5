//! From one incoming event to the handler that acts on it: parse, check who may, find the
//! run, call the step. Handlers return `Err(Stop::Refuse)` for a user's mistake, and the
//! engine then keeps nothing of the event's changes.

use super::ctx::{Ctx, Flow};
use super::io::{Dest, InKind, Incoming, Place, Target};
use super::{defis, digests, harvest, people, privacy, settings, views};
use crate::command::{ArgError, Command, CommandName, Parsed, parse};
use crate::model::{Msg, RunId, Text, UserId};
use crate::rituals::definition::{Family, RitualDef, StepKind};
use crate::rituals::interpreter::{self, StartParams, designated, kind_of, step_of};
use crate::rituals::run::{Run, RunStatus, StepState};
use crate::rituals::steps::{answer, consent, nominate, record, round};

/// Handles one event.
pub fn incoming(ctx: &mut Ctx<'_>, prefix: &str, inc: &Incoming) -> Flow {
    let member = ctx.roster.contains(&inc.sender);
    match &inc.kind {
        InKind::Text { body, html } => match parse(body, html.as_deref(), prefix) {
            Parsed::Text if member => contribution(ctx, inc, body),
            Parsed::Text => Ok(()),
            _ if !member => Err(Msg::new("not-member").into()),
            Parsed::Command(cmd) => command(ctx, inc, cmd),
            Parsed::Invalid { name, error } => Err(usage_error(name, &error)),
            Parsed::Unknown { word, suggestion } => {
                let lang = ctx.garden.settings.lang;
                let hint =
                    suggestion.map_or("none".to_owned(), |s| format!("{prefix}{}", s.local(lang)));
                Err(Msg::new("unknown-command")
                    .text("word", word)
                    .text("suggestion", hint)
                    .into())
            }
        },
        InKind::Reaction { key, target } if member => reaction(ctx, inc, key, target),
        InKind::Edit { target_event, body } if member => {
            if privacy::contribution(ctx, target_event, Some(body))? {
                return Ok(());
            }
            edit(ctx, target_event, Some(body))
        }
        InKind::Redaction { target_event } => {
            if privacy::contribution(ctx, target_event, None)? {
                return Ok(());
            }
            edit(ctx, target_event, None)
        }
        _ => Ok(()),
    }
}

/// The answer to bad arguments: what is wrong, then the command's usage.
pub(super) fn usage_error(name: CommandName, error: &ArgError) -> super::ctx::Stop {
    let (kind, arg) = match error {
        ArgError::Missing(a) => ("missing", *a),
        ArgError::Invalid(a) => ("invalid", *a),
    };
    let mut t = Text::one(
        Msg::new("usage-error")
            .text("problem", kind)
            .label("arg", format!("arg-{arg}")),
    );
    t.push(Msg::new("usage-line").label("usage", name.usage_id()));
    super::ctx::Stop::Refuse(super::ctx::Refusal(t))
}

/// Posts an answer where the event came from.
pub fn reply(ctx: &mut Ctx<'_>, inc: &Incoming, text: Text) {
    let dest = place_dest(ctx, inc);
    ctx.post(dest, text, Vec::new());
}

/// Where to answer an event: its thread, the room, or the sender's direct messages.
pub fn place_dest(ctx: &Ctx<'_>, inc: &Incoming) -> Dest {
    match &inc.place {
        Place::Main => Dest::Room,
        Place::Thread(id)
            if ctx.garden.active.contains(id)
                || ctx
                    .garden
                    .counters
                    .get(&id.kind)
                    .is_some_and(|n| *n >= id.n) =>
        {
            Dest::Thread(*id)
        }
        Place::Thread(_) => Dest::Room,
        Place::Direct => Dest::Direct(inc.sender.clone()),
    }
}

/// A plain message: in a run's thread, a contribution to its current step.
fn contribution(ctx: &mut Ctx<'_>, inc: &Incoming, body: &str) -> Flow {
    let Place::Thread(id) = inc.place else {
        return Ok(());
    };
    let Some(mut run) = ctx.load_run(id)? else {
        return Ok(());
    };
    if !run.is_active() {
        return Ok(());
    }
    let rituals = ctx.rituals;
    let Some(def) = rituals.find(&run.ritual) else {
        return Ok(());
    };
    let Some(step) = step_of(def, &run) else {
        return Ok(());
    };
    match *step.kind.get_ref() {
        StepKind::Round => round::take_turn(
            ctx,
            def,
            &mut run,
            &inc.sender,
            Some(body.to_owned()),
            Some(inc.event_id.clone()),
        )?,
        StepKind::Open | StepKind::Answer => {
            answer::on_text(ctx, step, &mut run, &inc.sender, body)?
        }
        _ => return Ok(()),
    }
    ctx.save_run(run)?;
    Ok(())
}

/// Finds the run a command applies to: the one named, the thread's, or the only candidate.
fn find_run<'r>(
    ctx: &Ctx<'r>,
    inc: &Incoming,
    explicit: Option<RunId>,
    cmd: CommandName,
    fits: impl Fn(&RitualDef, &Run) -> bool,
) -> Flow<(Run, &'r RitualDef)> {
    let rituals = ctx.rituals;
    let named = explicit.or(match inc.place {
        Place::Thread(id) => Some(id),
        _ => None,
    });
    let with_def = |run: Run| -> Flow<(Run, &'r RitualDef)> {
        let def = rituals
            .find(&run.ritual)
            .ok_or_else(|| Msg::new("run-ritual-missing").text("id", run.id.to_string()))?;
        Ok((run, def))
    };
    if let Some(id) = named {
        let run = ctx
            .load_run(id)?
            .ok_or_else(|| Msg::new("run-unknown").text("id", id.to_string()))?;
        if !run.is_active() {
            return Err(Msg::new("run-finished").text("id", id.to_string()).into());
        }
        let (run, def) = with_def(run)?;
        if !fits(def, &run) {
            return Err(not_now(ctx, &run, def, cmd));
        }
        return Ok((run, def));
    }
    let active = ctx.active_runs()?;
    if active.is_empty() {
        return Err(Msg::new("run-none").into());
    }
    let mut fitting = Vec::new();
    let mut any = None;
    for run in active {
        let Some(def) = rituals.find(&run.ritual) else {
            continue;
        };
        if fits(def, &run) {
            fitting.push((run, def));
        } else {
            any.get_or_insert((run, def));
        }
    }
    match fitting.len() {
        1 => Ok(fitting.remove(0)),
        0 => match any {
            Some((run, def)) => Err(not_now(ctx, &run, def, cmd)),
            None => Err(Msg::new("run-none").into()),
        },
        _ => {
            let ids: Vec<String> = fitting.iter().map(|(r, _)| r.id.to_string()).collect();
            let lang = ctx.garden.settings.lang;
            Err(Msg::new("run-which")
                .text("ids", ids.join(", "))
                .text("example", format!("!{} {}", cmd.local(lang), ids[0]))
                .into())
        }
    }
}

/// "Not now": the run exists but its current step does not take this command.
fn not_now(_ctx: &Ctx<'_>, run: &Run, def: &RitualDef, cmd: CommandName) -> super::ctx::Stop {
    let step = kind_of(def, run).map_or("record", step_slug);
    Msg::new("command-not-now")
        .text("id", run.id.to_string())
        .text("command", cmd.slug())
        .label("step", format!("step-{step}"))
        .into()
}

/// The Fluent suffix naming a step kind (`step-round`).
pub fn step_slug(k: StepKind) -> &'static str {
    k.name()
}

fn at(kind: StepKind) -> impl Fn(&RitualDef, &Run) -> bool {
    move |def, run| kind_of(def, run) == Some(kind)
}

fn command(ctx: &mut Ctx<'_>, inc: &Incoming, cmd: Command) -> Flow {
    let sender = inc.sender.clone();
    let name = cmd.name();
    if name.facilitator_only() && name != CommandName::Next && !ctx.is_facilitator(&sender) {
        return Err(Msg::new("not-allowed")
            .text("command", name.local(ctx.garden.settings.lang))
            .into());
    }
    let rituals = ctx.rituals;
    match cmd {
        Command::Help(topic) => {
            let text = views::help(ctx, &sender, topic);
            reply(ctx, inc, text);
            Ok(())
        }
        Command::Meteo => {
            let def = family(rituals, Family::Meteo)?;
            interpreter::start(ctx, def, &sender, StartParams::default()).map(|_| ())
        }
        Command::Decision {
            proposer,
            text,
            delay,
            silence_consent,
        } => {
            let proposer = match proposer {
                Some(r) => people::resolve(ctx, &r)?,
                None => sender.clone(),
            };
            let def = family(rituals, Family::Decision)?;
            let p = StartParams {
                proposer: Some(proposer),
                text: Some(text),
                delay: delay.map(|d| d.duration()),
                silence_consent,
                term: None,
            };
            interpreter::start(ctx, def, &sender, p).map(|_| ())
        }
        Command::Election { role, term } => {
            let def = family(rituals, Family::Election)?;
            let p = StartParams {
                text: Some(role),
                term: term.map(|t| t.duration()),
                ..StartParams::default()
            };
            interpreter::start(ctx, def, &sender, p).map(|_| ())
        }
        Command::Ritual { name, text } => {
            let Some(def) = rituals.find(&name) else {
                return Err(Msg::new("ritual-unknown")
                    .text("name", name)
                    .text("names", rituals.names().join(", "))
                    .into());
            };
            let p = super::ritual_args::params(ctx, def, text, &sender)?;
            interpreter::start(ctx, def, &sender, p).map(|_| ())
        }
        Command::Next(id) => {
            let (mut run, def) = find_run(ctx, inc, id, name, |_, _| true)?;
            let step = step_of(def, &run);
            let answering = step.is_some_and(|s| {
                *s.kind.get_ref() == StepKind::Answer
                    && designated(s, &run).as_ref() == Some(&sender)
            });
            if !ctx.is_facilitator(&sender) && !answering {
                return Err(Msg::new("not-allowed")
                    .text("command", name.local(ctx.garden.settings.lang))
                    .into());
            }
            interpreter::close(ctx, def, &mut run)?;
            ctx.save_run(run)?;
            Ok(())
        }
        Command::Pass(id) => {
            let (mut run, def) = find_run(ctx, inc, id, name, at(StepKind::Round))?;
            round::take_turn(
                ctx,
                def,
                &mut run,
                &sender,
                None,
                Some(inc.event_id.clone()),
            )?;
            ctx.save_run(run)?;
            Ok(())
        }
        Command::Consent(id) => consent_answer(ctx, inc, id, None),
        Command::Objection { run, reason } => {
            consent_answer(ctx, inc, run, Some((reason, Some(inc.event_id.clone()))))
        }
        Command::Amend { run, text } => {
            let (mut run, def) = find_run(ctx, inc, run, name, at(StepKind::Answer))?;
            let Some(step) = step_of(def, &run) else {
                return Ok(());
            };
            answer::amend(ctx, def, step, &mut run, &sender, text)?;
            ctx.save_run(run)?;
            Ok(())
        }
        Command::Withdraw(id) => {
            let (mut run, _) = find_run(ctx, inc, id, name, |_, r| r.proposer.is_some())?;
            answer::withdraw(ctx, &mut run, &sender)?;
            ctx.save_run(run)?;
            Ok(())
        }
        Command::Nominate { run, who, reason } => {
            let nominee = people::resolve(ctx, &who)?;
            let fits = |def: &RitualDef, r: &Run| match step_of(def, r) {
                Some(s) => {
                    *s.kind.get_ref() == StepKind::Nominate
                        || (*s.kind.get_ref() == StepKind::Round && s.revote)
                }
                None => false,
            };
            let (mut run, def) = find_run(ctx, inc, run, name, fits)?;
            if kind_of(def, &run) == Some(StepKind::Nominate) {
                if matches!(inc.place, Place::Thread(_) | Place::Main) {
                    return Err(Msg::new("ballot-by-dm")
                        .text("id", run.id.to_string())
                        .into());
                }
                nominate::ballot(ctx, def, &mut run, &sender, &nominee, reason)?;
            } else {
                round::revote(ctx, def, &mut run, &sender, &nominee, reason)?;
            }
            ctx.save_run(run)?;
            Ok(())
        }
        Command::Propose { run, who } => {
            let person = people::resolve(ctx, &who)?;
            let (mut run, def) = find_run(ctx, inc, run, name, at(StepKind::Propose))?;
            nominate::propose(ctx, def, &mut run, &person)?;
            ctx.save_run(run)?;
            Ok(())
        }
        Command::Cancel(id) => {
            let (mut run, _) = find_run(ctx, inc, id, name, |_, _| true)?;
            run.status = RunStatus::Cancelled;
            run.state = StepState::Idle;
            record::cancelled(ctx, &run)?;
            let msg = interpreter::base_msg(&run, "run-cancelled").user(
                "who",
                &sender,
                &ctx.name(&sender),
            );
            interpreter::say(ctx, &mut run, msg.into(), Vec::new());
            ctx.save_run(run)?;
            Ok(())
        }
        Command::Status(page) => {
            let text = views::status(ctx, page)?;
            reply(ctx, inc, text);
            Ok(())
        }
        Command::Decisions(page) => {
            let text = views::decisions(ctx, page)?;
            reply(ctx, inc, text);
            Ok(())
        }
        Command::Roles(page) => {
            let text = views::roles(ctx, page)?;
            reply(ctx, inc, text);
            Ok(())
        }
        Command::Constitution(None) => {
            let text = views::constitution(ctx);
            reply(ctx, inc, text);
            Ok(())
        }
        Command::Constitution(Some((field, value))) => {
            if !ctx.is_facilitator(&sender) {
                return Err(Msg::new("not-allowed")
                    .text("command", name.local(ctx.garden.settings.lang))
                    .into());
            }
            settings::constitution(ctx, field, value)?;
            let text = views::constitution(ctx);
            reply(ctx, inc, text);
            Ok(())
        }
        Command::Jardin(setting) => {
            let text = settings::jardin(ctx, setting)?;
            reply(ctx, inc, text);
            Ok(())
        }
        Command::Defi(action) => defis::command(ctx, inc, action),
        Command::Checkin { defi, text } => defis::checkin(ctx, inc, defi, text),
        Command::Defis(page) => {
            let text = defis::list(ctx, page)?;
            reply(ctx, inc, text);
            Ok(())
        }
        Command::Retour(text) => harvest::command(ctx, inc, &text),
        Command::Retours => {
            let text = harvest::list(ctx)?;
            reply(ctx, inc, text);
            Ok(())
        }
        Command::Recolte => digests::command(ctx, inc),
        Command::OublieMoi => privacy::forget_me(ctx, inc),
    }
}

fn family(rituals: &crate::rituals::load::Rituals, f: Family) -> Flow<&RitualDef> {
    rituals.by_family(f).ok_or_else(|| {
        Msg::new("ritual-unknown")
            .text("name", format!("{f:?}"))
            .into()
    })
}

fn consent_answer(
    ctx: &mut Ctx<'_>,
    inc: &Incoming,
    id: Option<RunId>,
    objection: Option<(String, Option<String>)>,
) -> Flow {
    let name = if objection.is_some() {
        CommandName::Objection
    } else {
        CommandName::Consent
    };
    let (mut run, def) = find_run(ctx, inc, id, name, at(StepKind::Consent))?;
    let Some(step) = step_of(def, &run) else {
        return Ok(());
    };
    consent::answer(ctx, def, step, &mut run, &inc.sender, objection)?;
    ctx.save_run(run)?;
    Ok(())
}

/// 🌱 on any message (harvest question), ✅ / 🕶 / ❌ on a harvest question, ✅ / ✋ on a
/// consent prompt.
fn reaction(ctx: &mut Ctx<'_>, inc: &Incoming, key: &str, target: &Target) -> Flow {
    let key = key.trim_end_matches('\u{fe0f}');
    if key == harvest::SEED {
        return harvest::seed(ctx, inc, target);
    }
    let Some(bot_ref) = &target.bot_ref else {
        return Ok(());
    };
    if harvest::answer(ctx, inc, key, bot_ref)? {
        return Ok(());
    }
    let rituals = ctx.rituals;
    for mut run in ctx.active_runs()? {
        let StepState::Consent { prompt_ref, .. } = &run.state else {
            continue;
        };
        if prompt_ref.as_ref() != Some(bot_ref) {
            continue;
        }
        let Some(def) = rituals.find(&run.ritual) else {
            return Ok(());
        };
        let Some(step) = step_of(def, &run) else {
            return Ok(());
        };
        match key.trim_end_matches('\u{fe0f}') {
            "✅" | "✔" | "👍" => consent::answer(ctx, def, step, &mut run, &inc.sender, None)?,
            "✋" | "🤚" | "👎" => consent::ask_reason(ctx, &mut run, &inc.sender),
            _ => return Ok(()),
        }
        ctx.save_run(run)?;
        return Ok(());
    }
    Ok(())
}

/// An edit replaces a contribution while its step is open; a redaction (None) forgets it.
fn edit(ctx: &mut Ctx<'_>, target_event: &str, body: Option<&String>) -> Flow {
    for mut run in ctx.active_runs()? {
        let changed = match &mut run.state {
            StepState::Round { turns, .. } => {
                let hit = turns
                    .iter()
                    .position(|t| t.event_id.as_deref() == Some(target_event));
                match (hit, body) {
                    (Some(i), Some(b)) if turns[i].text.is_some() => {
                        turns[i].text = Some(b.clone());
                        true
                    }
                    (Some(i), None) => {
                        turns.remove(i);
                        true
                    }
                    _ => false,
                }
            }
            StepState::Consent { answers, .. } => {
                let hit = answers.iter().find_map(|(who, a)| match a {
                    crate::rituals::run::ConsentAnswer::Objection { event_id, .. }
                        if event_id.as_deref() == Some(target_event) =>
                    {
                        Some(who.clone())
                    }
                    _ => None,
                });
                match hit {
                    Some(who) => {
                        let prefix = ctx.prefix;
                        forget_or_replace_objection(&mut run, &who, target_event, body, prefix);
                        true
                    }
                    None => false,
                }
            }
            _ => false,
        };
        if changed {
            ctx.save_run(run)?;
            return Ok(());
        }
    }
    Ok(())
}

fn forget_or_replace_objection(
    run: &mut Run,
    who: &UserId,
    event: &str,
    body: Option<&String>,
    prefix: &str,
) {
    let round = run.consent_rounds;
    let StepState::Consent { answers, .. } = &mut run.state else {
        return;
    };
    // An edited objection keeps its reason only if the new text still carries one.
    let reason = body.and_then(|b| match parse(b, None, prefix) {
        Parsed::Command(Command::Objection { reason, .. }) => Some(reason),
        _ => None,
    });
    match reason {
        Some(r) => {
            answers.insert(
                who.clone(),
                crate::rituals::run::ConsentAnswer::Objection {
                    reason: r.clone(),
                    event_id: Some(event.to_owned()),
                },
            );
            for o in run
                .objections
                .iter_mut()
                .filter(|o| o.round == round && &o.by == who)
            {
                o.reason = r.clone();
            }
        }
        None => {
            answers.remove(who);
            run.objections
                .retain(|o| !(o.round == round && &o.by == who));
        }
    }
}
