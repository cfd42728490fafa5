//! From one incoming event to what acts on it: parse, check who may, find the run, hand
//! the run's current step a [`StepInput`]. Dispatch knows no step kind: the interpreter
//! and the kinds answer. Handlers return `Err(Stop::Refuse)` for a user's mistake, and the
//! engine then keeps nothing of the event's changes.

use super::ctx::{Ctx, Flow, Stop};
use super::io::{InKind, Incoming, Place, Target};
use super::{
    commons, defis, digests, garden_rituals, guided_retour, harvest, people, privacy, settings,
    views,
};
use crate::command::{ArgError, Command, CommandName, Parsed, parse};
use crate::model::{Msg, RunId, Text, UserId};
use crate::rituals::definition::{Family, RitualDef};
use crate::rituals::input::{InputKind, StepInput};
use crate::rituals::interpreter::{self, RoleSpec, StartParams};
use crate::rituals::run::Run;
use crate::rituals::steps::Actor;
use crate::text::fold_reaction;

/// Handles one event.
pub fn incoming(ctx: &mut Ctx<'_>, prefix: &str, inc: &Incoming) -> Flow {
    let member = ctx.roster.contains(&inc.sender);
    if let (Place::Thread(id), InKind::Text { body, html }) = (&inc.place, &inc.kind)
        && id.kind == crate::model::RunKind::Draft
        && member
        && guided_retour::takes(&parse(body, html.as_deref(), prefix))
    {
        return guided_retour::on_thread(ctx, inc, *id, body);
    }
    match &inc.kind {
        InKind::Text { body, html } => match parse(body, html.as_deref(), prefix) {
            Parsed::Text if member => contribution(ctx, inc, body),
            Parsed::Text => Ok(()),
            _ if !member => Err(Msg::new("not-member").into()),
            Parsed::Command(cmd) => command(ctx, inc, cmd),
            Parsed::Invalid { name, error } => Err(usage_error(name, &error)),
            // Other bots share the prefix: a word far from every command is theirs.
            Parsed::Unknown {
                word,
                suggestion: None,
            } => {
                tracing::debug!(%word, "unknown command far from every command; ignored");
                Ok(())
            }
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
            to_every_run(
                ctx,
                inc,
                StepInput::Edit {
                    event: target_event.clone(),
                    body: body.clone(),
                },
            )
        }
        InKind::Redaction { target_event } => {
            if privacy::contribution(ctx, target_event, None)? {
                return Ok(());
            }
            to_every_run(
                ctx,
                inc,
                StepInput::Redaction {
                    event: target_event.clone(),
                },
            )
        }
        InKind::Left => to_every_run(ctx, inc, StepInput::Left(inc.sender.clone())),
        InKind::Reaction { .. } | InKind::Edit { .. } => Ok(()),
    }
}

/// The answer to bad arguments: what is wrong, then the command's usage.
fn usage_error(name: CommandName, error: &ArgError) -> Stop {
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
    Stop::Refuse(super::ctx::Refusal(t))
}

fn actor<'a>(ctx: &Ctx<'_>, who: &'a UserId) -> Actor<'a> {
    Actor {
        id: who,
        facilitator: ctx.is_facilitator(who),
    }
}

/// Loads a run's definition, or says the run's ritual is no longer loaded.
fn definition<'r>(ctx: &Ctx<'r>, run: &Run) -> Flow<&'r RitualDef> {
    let rituals = ctx.rituals;
    rituals.find(&run.ritual).ok_or_else(|| {
        Msg::new("run-ritual-missing")
            .text("id", run.id.to_string())
            .into()
    })
}

/// Hands an input to a run and saves it.
fn apply(ctx: &mut Ctx<'_>, inc: &Incoming, mut run: Run, input: StepInput) -> Flow {
    let def = definition(ctx, &run)?;
    let sender = inc.sender.clone();
    let who = actor(ctx, &sender);
    interpreter::input(ctx, def, &mut run, who, input)?;
    ctx.save_run(run)?;
    Ok(())
}

/// A plain message: in a run's thread, a contribution to its current step.
fn contribution(ctx: &mut Ctx<'_>, inc: &Incoming, body: &str) -> Flow {
    let Place::Thread(id) = inc.place else {
        return Ok(());
    };
    let Some(run) = ctx.load_run(id)? else {
        return Err(Msg::new("run-unknown").text("id", id.to_string()).into());
    };
    let input = StepInput::Text {
        body: body.to_owned(),
        event: inc.event_id.clone(),
    };
    apply(ctx, inc, run, input)
}

/// An input that names no run (an edit, a redaction, someone leaving): every active run
/// whose current step takes it gets it; only runs that changed are saved.
fn to_every_run(ctx: &mut Ctx<'_>, inc: &Incoming, input: StepInput) -> Flow {
    let sender = inc.sender.clone();
    for run in ctx.active_runs()? {
        let def = definition(ctx, &run)?;
        if !interpreter::accepts(def, &run, &sender, input.kind()) {
            continue;
        }
        let mut changed = run.clone();
        let who = actor(ctx, &sender);
        interpreter::input(ctx, def, &mut changed, who, input.clone())?;
        if changed != run {
            ctx.save_run(changed)?;
        }
    }
    Ok(())
}

/// Finds the run a command applies to: the one named, the thread's, or the only active
/// one whose current step takes it; refuses with the member's words otherwise.
fn find_run(
    ctx: &Ctx<'_>,
    inc: &Incoming,
    explicit: Option<RunId>,
    cmd: CommandName,
    kind: InputKind,
) -> Flow<Run> {
    let named = explicit.or(match inc.place {
        Place::Thread(id) => Some(id),
        _ => None,
    });
    if let Some(id) = named {
        return ctx
            .load_run(id)?
            .ok_or_else(|| Msg::new("run-unknown").text("id", id.to_string()).into());
    }
    let active = ctx.active_runs()?;
    let mut fitting = Vec::new();
    let mut others = Vec::new();
    for run in active {
        let def = definition(ctx, &run)?;
        if interpreter::accepts(def, &run, &inc.sender, kind) {
            fitting.push(run);
        } else {
            others.push(run);
        }
    }
    match fitting.len() {
        1 => Ok(fitting.remove(0)),
        0 => Err(nothing_fits(ctx, kind, others)),
        _ => {
            let ids: Vec<String> = fitting.iter().map(|r| r.id.to_string()).collect();
            let lang = ctx.garden.settings.lang;
            Err(Msg::new("run-which")
                .text("ids", ids.join(", "))
                .text("example", format!("!{} {}", cmd.local(lang), ids[0]))
                .into())
        }
    }
}

/// No active run takes this command now: say what the running ones are at, or that none
/// of the right family runs ("aucune élection n'attend ta proposition").
fn nothing_fits(ctx: &Ctx<'_>, kind: InputKind, others: Vec<Run>) -> Stop {
    let family = match kind {
        InputKind::Nominate | InputKind::Propose => Some("election"),
        InputKind::Amend | InputKind::Withdraw => Some("decision"),
        InputKind::Consent | InputKind::Object => Some("consent"),
        _ => None,
    };
    let related = others.iter().find(|r| match family {
        Some("election") => r.role().is_some(),
        Some("decision") => r.proposal().is_some(),
        _ => true,
    });
    match (related, family) {
        (Some(run), _) => match definition(ctx, run) {
            Ok(def) => interpreter::not_here(def, run),
            Err(e) => e,
        },
        (None, Some(f)) => Msg::new("run-none-for").text("family", f).into(),
        (None, None) => Msg::new("run-none").into(),
    }
}

/// A command that acts on a run.
fn run_command(
    ctx: &mut Ctx<'_>,
    inc: &Incoming,
    explicit: Option<RunId>,
    cmd: CommandName,
    input: StepInput,
) -> Flow {
    let run = find_run(ctx, inc, explicit, cmd, input.kind())?;
    apply(ctx, inc, run, input)
}

fn not_allowed(ctx: &Ctx<'_>, name: CommandName) -> Stop {
    Msg::new("not-allowed")
        .text("command", name.local(ctx.garden.settings.lang))
        .into()
}

fn command(ctx: &mut Ctx<'_>, inc: &Incoming, cmd: Command) -> Flow {
    let sender = inc.sender.clone();
    let name = cmd.name();
    // `!suivant` is also the designated person's (the proposer keeps the text): its step
    // decides.
    if name.facilitator_only() && name != CommandName::Next && !ctx.is_facilitator(&sender) {
        return Err(not_allowed(ctx, name));
    }
    let event = inc.event_id.clone();
    match cmd {
        Command::Help(topic) => {
            let text = views::help(ctx, &sender, topic);
            ctx.reply(inc, text);
            Ok(())
        }
        Command::Meteo => {
            let def = family(ctx, Family::Meteo)?;
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
            let def = family(ctx, Family::Decision)?;
            let p = StartParams {
                proposer: Some(proposer),
                text: Some(text),
                delay: delay.map(|d| d.duration()),
                silence_consent,
                role: None,
            };
            interpreter::start(ctx, def, &sender, p).map(|_| ())
        }
        Command::Election {
            role,
            term,
            mission,
        } => {
            let def = family(ctx, Family::Election)?;
            let p = StartParams {
                role: Some(RoleSpec {
                    name: role,
                    term: term.map(|t| t.duration()),
                    mission,
                }),
                ..StartParams::default()
            };
            interpreter::start(ctx, def, &sender, p).map(|_| ())
        }
        Command::Ritual { name: ritual, text } => match garden_rituals::sub(&ritual) {
            Some(sub) => garden_rituals::command(ctx, inc, sub, text),
            None => ritual_command(ctx, inc, &ritual, text),
        },
        Command::Next(id) => run_command(ctx, inc, id, name, StepInput::Next),
        Command::Pass(id) => run_command(ctx, inc, id, name, StepInput::Pass { event }),
        Command::Consent(id) => run_command(ctx, inc, id, name, StepInput::Consent { event }),
        Command::Objection { run, reason } => {
            run_command(ctx, inc, run, name, StepInput::Object { reason, event })
        }
        Command::Amend { run, text } => run_command(ctx, inc, run, name, StepInput::Amend(text)),
        Command::Withdraw(id) => run_command(ctx, inc, id, name, StepInput::Withdraw),
        Command::Nominate { run, who, reason } => {
            let nominee = people::resolve(ctx, &who)?;
            let input = StepInput::Nominate {
                who: nominee,
                reason,
                direct: inc.place == Place::Direct,
            };
            run_command(ctx, inc, run, name, input)
        }
        Command::Propose { run, who } => {
            let person = people::resolve(ctx, &who)?;
            run_command(ctx, inc, run, name, StepInput::Propose(person))
        }
        Command::Absent { run, who } => {
            let person = resolve_participant(ctx, &who)?;
            run_command(ctx, inc, run, name, StepInput::Absent(person))
        }
        Command::Cancel(id) => {
            let mut run = find_run(ctx, inc, id, name, InputKind::Next)?;
            if !run.is_active() {
                let def = definition(ctx, &run)?;
                return Err(interpreter::not_here(def, &run));
            }
            interpreter::cancel(ctx, &mut run, &sender)?;
            ctx.save_run(run)?;
            Ok(())
        }
        Command::Status(page) => {
            let text = views::status(ctx, page)?;
            ctx.reply(inc, text);
            Ok(())
        }
        Command::Decisions { page, id: None } => {
            let text = views::decisions(ctx, page)?;
            ctx.reply(inc, text);
            Ok(())
        }
        Command::Decisions { id: Some(id), .. } => {
            let text = views::decision(ctx, id)?;
            ctx.reply(inc, text);
            Ok(())
        }
        Command::Roles(page) => {
            let text = views::roles(ctx, page)?;
            ctx.reply(inc, text);
            Ok(())
        }
        Command::Constitution(None) => {
            let text = views::constitution(ctx);
            ctx.reply(inc, text);
            Ok(())
        }
        Command::Constitution(Some((field, value))) => {
            if !ctx.is_facilitator(&sender) {
                return Err(not_allowed(ctx, name));
            }
            settings::constitution(ctx, field, value)?;
            let text = views::constitution(ctx);
            ctx.reply(inc, text);
            Ok(())
        }
        Command::Jardin(setting) => {
            let text = settings::jardin(ctx, setting)?;
            ctx.reply(inc, text);
            Ok(())
        }
        Command::Defi(action) => defis::command(ctx, inc, action),
        Command::Checkin { defi, text } => defis::checkin(ctx, inc, defi, text),
        Command::Defis(page) => {
            let text = defis::list(ctx, page)?;
            ctx.reply(inc, text);
            Ok(())
        }
        Command::Retour(text) if guided_retour::is_title_only(&text) => {
            guided_retour::open(ctx, inc, &text)
        }
        Command::Retour(text) => harvest::command(ctx, inc, &text),
        Command::Communs(args) => commons::command(ctx, inc, &args),
        Command::Retours => {
            let text = harvest::list(ctx)?;
            ctx.reply(inc, text);
            Ok(())
        }
        Command::Recolte => digests::command(ctx, inc),
        Command::OublieMoi => privacy::forget_me(ctx, inc),
    }
}

/// A participant named in `!absent`: a member now, or someone who took part and left.
fn resolve_participant(ctx: &Ctx<'_>, who: &crate::command::UserRef) -> Flow<UserId> {
    people::resolve(ctx, who).map_err(Stop::from)
}

/// `!rituel <nom> [texte]`: a built-in family that needs an argument reads it as its own
/// command does (`!rituel décision <proposition>` is `!décision <proposition>`).
fn ritual_command(ctx: &mut Ctx<'_>, inc: &Incoming, name: &str, text: Option<String>) -> Flow {
    let rituals = ctx.rituals;
    let Some(def) = rituals.find(name) else {
        return Err(Msg::new("ritual-unknown")
            .text("name", name.to_owned())
            .text("names", rituals.names().join(", "))
            .into());
    };
    let as_command = match def.family() {
        Family::Decision => Some(CommandName::Decision),
        Family::Election => Some(CommandName::Election),
        Family::Meteo | Family::Custom => None,
    };
    if let Some(cmd) = as_command {
        let lang = ctx.garden.settings.lang;
        let line = format!(
            "{}{} {}",
            ctx.prefix,
            cmd.local(lang),
            text.unwrap_or_default()
        );
        return match parse(&line, None, ctx.prefix) {
            Parsed::Command(c) => command(ctx, inc, c),
            Parsed::Invalid { name, error } => Err(usage_error(name, &error)),
            Parsed::Text | Parsed::Unknown { .. } => Err(usage_error(
                cmd,
                &ArgError::Missing(if cmd == CommandName::Decision {
                    "proposition"
                } else {
                    "role"
                }),
            )),
        };
    }
    let sender = inc.sender.clone();
    let p = StartParams {
        text,
        ..StartParams::default()
    };
    interpreter::start(ctx, def, &sender, p).map(|_| ())
}

fn family<'r>(ctx: &Ctx<'r>, f: Family) -> Flow<&'r RitualDef> {
    let rituals = ctx.rituals;
    rituals.by_family(f).ok_or_else(|| {
        Msg::new("ritual-unknown")
            .text("name", format!("{f:?}"))
            .text("names", rituals.names().join(", "))
            .into()
    })
}

/// 🌱 on any message (harvest question), ✅ / 🕶 / ❌ on a harvest question, ✅ / ✋ on a
/// bot message of a run (the objection round's prompt).
fn reaction(ctx: &mut Ctx<'_>, inc: &Incoming, key: &str, target: &Target) -> Flow {
    let key = fold_reaction(key);
    if key == harvest::SEED {
        return harvest::seed(ctx, inc, target);
    }
    let Some(bot_ref) = &target.bot_ref else {
        return Ok(());
    };
    if harvest::answer(ctx, inc, &key, bot_ref)?
        || guided_retour::reaction(ctx, inc, &key, bot_ref)?
    {
        return Ok(());
    }
    let input = StepInput::React {
        key,
        target_ref: bot_ref.clone(),
        event: inc.event_id.clone(),
    };
    // The run whose prompt it is, else the only run that takes reactions now.
    let sender = inc.sender.clone();
    let mut takers = Vec::new();
    for run in ctx.active_runs()? {
        let def = definition(ctx, &run)?;
        if run.state.prompt() == Some(bot_ref.as_str()) {
            return apply(ctx, inc, run, input);
        }
        if interpreter::accepts(def, &run, &sender, InputKind::React) {
            takers.push(run);
        }
    }
    match takers.len() {
        1 => apply(ctx, inc, takers.remove(0), input),
        _ => Ok(()),
    }
}
