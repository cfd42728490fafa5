//! Guided retours: `!retour <titre>` alone opens a short thread (`B3`) that asks its
//! author, one question at a time, what the context was, what was tried, what happened,
//! what they take away and which resource they used (then what they would improve in it);
//! each question can be answered, skipped (`passer` / `skip`) or the whole stopped
//! (`stop`). The retour is then shown back, and harvested only on the author's `oui` /
//! `yes` (or ✅ on that message; `anonyme` / 🕶 to be credited anonymously).
//!
//! A draft belongs to its author alone: nobody else's message in its thread counts. A
//! draft left unfinished is kept for its author for the garden's `!jardin brouillons`
//! time (a week by default), then forgotten; `!oublie-moi` forgets it at once, and a
//! redacted answer is taken out of it. Nothing of a draft leaves the garden.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::commons::load_hits;
use super::ctx::{Ctx, Flow, Refusal, Stop};
use super::harvest;
use super::io::{Dest, Incoming};
use crate::command::{Command, Parsed};
use crate::commons::resource;
use crate::i18n;
use crate::model::{Msg, RunId, RunKind, Text, UserId};
use crate::registers::retours::{Draft, RetourSource};
use crate::store::{StoreError, Tree, key};
use crate::text::fold;

/// How long an abandoned draft is kept when the garden set nothing.
pub const DEFAULT_KEEP: Duration = Duration::days(7);

/// Fiches listed when a name names several.
const FICHES_SHOWN: usize = 5;

/// Longest answer kept, in characters.
const MAX_ANSWER: usize = 2_000;

/// One question of the thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// In what context (and `#tags`).
    Context,
    /// What was tried.
    Tried,
    /// What happened.
    Happened,
    /// What the author takes away.
    Learnt,
    /// The resource used (a web address).
    Resource,
    /// What the author would improve in that resource.
    Improvement,
    /// Shown back, waiting for the author's confirmation.
    Confirm,
}

impl Step {
    fn slug(self) -> &'static str {
        match self {
            Step::Context => "context",
            Step::Tried => "tried",
            Step::Happened => "happened",
            Step::Learnt => "learnt",
            Step::Resource => "resource",
            Step::Improvement => "improvement",
            Step::Confirm => "confirm",
        }
    }
}

/// One answer, with the message it came from (a redaction takes it out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The question answered.
    pub step: Step,
    /// The answer.
    pub text: String,
    /// The message.
    pub event_id: String,
}

/// A guided retour being written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuidedDraft {
    /// Its thread's id (`B3`).
    pub id: RunId,
    /// Its author, the only one who may answer.
    pub author: UserId,
    /// `!retour anonyme <titre>`.
    pub anonymous: bool,
    /// The title line as typed (its `#tags` count).
    pub title: String,
    /// The question asked now.
    pub step: Step,
    /// The answers so far, in order.
    pub answers: Vec<Answer>,
    /// When it was opened.
    pub opened: DateTime<Utc>,
    /// The author's last answer (the keeping time counts from it).
    pub touched: DateTime<Utc>,
    /// The bot message showing it back (a ✅ there confirms).
    pub confirm_ref: Option<String>,
}

fn draft_key(garden: &crate::model::GardenId, id: RunId) -> Vec<u8> {
    key(&[garden.as_str().as_bytes(), b"guided", &id.n.to_be_bytes()])
}

fn load(ctx: &Ctx<'_>, id: RunId) -> Result<Option<GuidedDraft>, StoreError> {
    ctx.tx.get(Tree::Registers, &draft_key(&ctx.garden.id, id))
}

fn save(ctx: &mut Ctx<'_>, d: &GuidedDraft) -> Result<(), StoreError> {
    let k = draft_key(&ctx.garden.id, d.id);
    ctx.tx.put(Tree::Registers, k, d)
}

fn delete(ctx: &mut Ctx<'_>, id: RunId) {
    let k = draft_key(&ctx.garden.id, id);
    ctx.tx.delete(Tree::Registers, k);
    ctx.garden.drafts.retain(|d| *d != id);
}

/// How long this garden keeps an abandoned draft.
pub fn keep(ctx: &Ctx<'_>) -> Duration {
    ctx.garden
        .settings
        .drafts_kept_minutes
        .map_or(DEFAULT_KEEP, Duration::minutes)
}

/// True when `text` is a title alone: one line, nothing else to harvest.
pub fn is_title_only(text: &str) -> bool {
    text.trim().lines().filter(|l| !l.trim().is_empty()).count() == 1
}

/// The open drafts of the garden.
fn drafts(ctx: &Ctx<'_>) -> Result<Vec<GuidedDraft>, StoreError> {
    let mut out = Vec::new();
    for id in ctx.garden.drafts.clone() {
        if let Some(d) = load(ctx, id)? {
            out.push(d);
        }
    }
    Ok(out)
}

/// `!retour <titre>` alone: opens the thread and asks the first question.
pub fn open(ctx: &mut Ctx<'_>, inc: &Incoming, text: &str) -> Flow {
    let draft = Draft::parse(text, true).ok_or_else(|| Msg::new("retour-empty"))?;
    if let Some(d) = drafts(ctx)?.into_iter().find(|d| d.author == inc.sender) {
        return Err(Msg::new("guided-already-open")
            .text("id", d.id.to_string())
            .into());
    }
    let id = ctx.garden.next_id(RunKind::Draft);
    ctx.garden.drafts.push(id);
    let title = if draft.anonymous {
        text.trim()
            .split_once(char::is_whitespace)
            .map_or("", |(_, t)| t)
            .trim()
            .to_owned()
    } else {
        text.trim().to_owned()
    };
    let d = GuidedDraft {
        id,
        author: inc.sender.clone(),
        anonymous: draft.anonymous,
        title,
        step: Step::Context,
        answers: Vec::new(),
        opened: ctx.now,
        touched: ctx.now,
        confirm_ref: None,
    };
    let keep = keep(ctx);
    let mut t = Text::one(
        Msg::new("guided-open")
            .text("id", id.to_string())
            .text("title", draft.title)
            .user("author", &inc.sender, &ctx.name(&inc.sender))
            .num("days", keep.num_days().max(1)),
    );
    t.push(question(ctx, Step::Context));
    ctx.post_root(id, t, vec![inc.sender.clone()]);
    save(ctx, &d)?;
    Ok(())
}

fn question(ctx: &Ctx<'_>, step: Step) -> Msg {
    let mut m = Msg::new(format!("guided-ask-{}", step.slug()));
    if step == Step::Context {
        let context = ctx
            .garden
            .settings
            .context
            .as_deref()
            .map(|k| super::commons::label_of(k, ctx.garden.settings.lang));
        m = m
            .text("default", context.clone().unwrap_or_default())
            .text("has_default", if context.is_some() { "yes" } else { "no" });
    }
    m
}

/// What the author's words mean in the thread.
enum Intent {
    Skip,
    Stop,
    Erase,
    Yes { anonymous: bool },
    No,
    Answer(String),
}

fn intent(body: &str) -> Intent {
    let t = body.trim();
    let word = fold(t.trim_start_matches('!').trim_end_matches(['.', '!']));
    match word.as_str() {
        "passer" | "passe" | "suivant" | "skip" | "pass" | "next" | "-" => Intent::Skip,
        "stop" | "arreter" | "arrete" | "pause" | "plus tard" | "later" => Intent::Stop,
        "effacer" | "supprimer" | "annuler" | "erase" | "delete" | "cancel" => Intent::Erase,
        "oui" | "yes" | "ok" | "✅" | "valider" | "confirmer" | "confirm" => {
            Intent::Yes { anonymous: false }
        }
        "anonyme" | "anonymous" | "anon" | "🕶" => Intent::Yes { anonymous: true },
        "non" | "no" => Intent::No,
        _ => Intent::Answer(t.to_owned()),
    }
}

/// Whether a message in a draft's thread is for the draft: plain text, `!passe`,
/// `!suivant`, `!annuler`, and unknown words such as `!stop`; other commands keep their
/// usual meaning there.
pub fn takes(parsed: &Parsed) -> bool {
    matches!(
        parsed,
        Parsed::Text
            | Parsed::Unknown { .. }
            | Parsed::Command(Command::Pass(_) | Command::Next(_) | Command::Cancel(_))
    )
}

/// A message in a draft's thread (`id` is a `B` id).
pub fn on_thread(ctx: &mut Ctx<'_>, inc: &Incoming, id: RunId, body: &str) -> Flow {
    let Some(mut d) = load(ctx, id)? else {
        return Err(Msg::new("guided-unknown").text("id", id.to_string()).into());
    };
    if inc.sender != d.author {
        return Err(Msg::new("guided-author-only")
            .text("id", id.to_string())
            .user("author", &d.author, &ctx.name(&d.author))
            .into());
    }
    d.touched = ctx.now;
    match intent(body) {
        Intent::Stop | Intent::No => {
            let until = ctx.now + keep(ctx);
            save(ctx, &d)?;
            let msg = Msg::new("guided-stopped")
                .text("id", id.to_string())
                .time("until", until);
            ctx.post_thread(id, msg.into(), Vec::new());
            Ok(())
        }
        Intent::Erase => {
            delete(ctx, id);
            let msg = Msg::new("guided-erased").text("id", id.to_string());
            ctx.post_thread(id, msg.into(), Vec::new());
            Ok(())
        }
        Intent::Yes { anonymous } if d.step == Step::Confirm => {
            d.anonymous |= anonymous;
            confirm(ctx, d)
        }
        Intent::Skip if d.step != Step::Confirm => advance(ctx, d, None),
        Intent::Answer(text) if d.step != Step::Confirm => {
            let text = truncate(&text, MAX_ANSWER);
            let text = match d.step {
                Step::Resource => match resource::normalize(&text) {
                    Some(url) => url,
                    None => fiche_address(ctx, &text)?,
                },
                _ => text,
            };
            advance(ctx, d, Some((text, inc.event_id.clone())))
        }
        // At the confirmation, anything else is not a yes: say what is expected.
        _ if d.step == Step::Confirm => Err(Msg::new("guided-confirm-expected")
            .text("id", id.to_string())
            .into()),
        // `oui` while a question is open is an answer like any other.
        _ => advance(
            ctx,
            d,
            Some((truncate(body.trim(), MAX_ANSWER), inc.event_id.clone())),
        ),
    }
}

/// The address of the fiche of the commons that `name` names (see
/// [`crate::commons::index::Index::fiches_named`]); when none or several do, what to
/// answer instead.
fn fiche_address(ctx: &Ctx<'_>, name: &str) -> Flow<String> {
    let viewer = ctx.garden.id.clone();
    let hits = ctx
        .commons
        .read(ctx.tx.store(), |ix| ix.fiches_named(&viewer, name))?;
    let found = load_hits(ctx, &hits)?;
    let value = truncate(name, 60);
    match found.as_slice() {
        [] => Err(Msg::new("guided-resource-unknown")
            .text("value", value)
            .into()),
        [one] => Ok(one.record.resource.clone().unwrap_or_default()),
        several => {
            let mut text = Text::one(
                Msg::new("guided-resource-several")
                    .text("value", value)
                    .num("count", several.len() as i64),
            );
            for f in several.iter().take(FICHES_SHOWN) {
                text.push(
                    Msg::new("guided-resource-fiche")
                        .text("title", f.record.title.clone())
                        .text("garden", f.garden_name.clone())
                        .text("url", f.record.resource.clone().unwrap_or_default()),
                );
            }
            Err(Stop::Refuse(Refusal(text)))
        }
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() > max {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    } else {
        s.to_owned()
    }
}

fn next_step(d: &GuidedDraft) -> Step {
    match d.step {
        Step::Context => Step::Tried,
        Step::Tried => Step::Happened,
        Step::Happened => Step::Learnt,
        Step::Learnt => Step::Resource,
        Step::Resource if d.answers.iter().any(|a| a.step == Step::Resource) => Step::Improvement,
        Step::Resource | Step::Improvement | Step::Confirm => Step::Confirm,
    }
}

fn advance(ctx: &mut Ctx<'_>, mut d: GuidedDraft, answer: Option<(String, String)>) -> Flow {
    if let Some((text, event_id)) = answer {
        d.answers.retain(|a| a.step != d.step);
        d.answers.push(Answer {
            step: d.step,
            text,
            event_id,
        });
    }
    d.step = next_step(&d);
    if d.step == Step::Confirm {
        let mut t = Text::one(Msg::new("guided-preview").text("id", d.id.to_string()));
        t.push(Msg::new("guided-preview-text").text("text", compose(ctx, &d)));
        t.push(Msg::new("guided-confirm").text("id", d.id.to_string()));
        let author = d.author.clone();
        let r = ctx.post_thread(d.id, t, vec![author]);
        d.confirm_ref = Some(r);
    } else {
        let q = question(ctx, d.step);
        let author = d.author.clone();
        ctx.post_thread(d.id, q.into(), vec![author]);
    }
    save(ctx, &d)?;
    Ok(())
}

/// The retour's text: the title line, then each answer under its heading, in the
/// garden's language (the `Ressource :` line is what the commons reads back).
fn compose(ctx: &Ctx<'_>, d: &GuidedDraft) -> String {
    let (lang, tz) = (ctx.garden.settings.lang, ctx.garden.settings.tz);
    let mut out = d.title.clone();
    for step in [
        Step::Context,
        Step::Tried,
        Step::Happened,
        Step::Learnt,
        Step::Resource,
        Step::Improvement,
    ] {
        if let Some(a) = d.answers.iter().find(|a| a.step == step) {
            let line =
                Msg::new(format!("guided-part-{}", step.slug())).text("text", a.text.clone());
            out.push('\n');
            out.push_str(&i18n::tr(lang, tz, &line));
        }
    }
    out
}

fn confirm(ctx: &mut Ctx<'_>, d: GuidedDraft) -> Flow {
    let text = compose(ctx, &d);
    let Some(mut draft) = Draft::parse(&text, false) else {
        return Err(Msg::new("retour-empty").into());
    };
    draft.anonymous = d.anonymous;
    delete(ctx, d.id);
    let name = ctx.name(&d.author);
    let r = harvest::harvest(ctx, &d.author, &name, draft, None, RetourSource::Command)?;
    let done = harvest::recorded(ctx, &r);
    ctx.post_thread(d.id, done, Vec::new());
    Ok(())
}

/// A reaction on the bot's message `bot_ref`: ✅ / 🕶 on a draft's preview confirms it.
/// Returns false when `bot_ref` shows no draft.
pub fn reaction(ctx: &mut Ctx<'_>, inc: &Incoming, key: &str, bot_ref: &str) -> Flow<bool> {
    let Some(d) = drafts(ctx)?
        .into_iter()
        .find(|d| d.confirm_ref.as_deref() == Some(bot_ref))
    else {
        return Ok(false);
    };
    let anonymous = match key {
        "✅" | "✔" | "👍" => false,
        "🕶" | "🥸" | "🎭" => true,
        _ => return Ok(true),
    };
    if inc.sender != d.author {
        return Err(Msg::new("guided-author-only")
            .text("id", d.id.to_string())
            .user("author", &d.author, &ctx.name(&d.author))
            .into());
    }
    let mut d = d;
    d.anonymous |= anonymous;
    confirm(ctx, d).map(|()| true)
}

/// `!oublie-moi`: forgets the member's drafts; returns how many.
pub fn forget(ctx: &mut Ctx<'_>, who: &UserId) -> Result<usize, StoreError> {
    let mine: Vec<RunId> = drafts(ctx)?
        .into_iter()
        .filter(|d| &d.author == who)
        .map(|d| d.id)
        .collect();
    for id in &mine {
        delete(ctx, *id);
    }
    Ok(mine.len())
}

/// A redacted message: the answer it gave is taken out of its draft. True when one was.
pub fn redacted(ctx: &mut Ctx<'_>, event_id: &str) -> Result<bool, StoreError> {
    for mut d in drafts(ctx)? {
        let before = d.answers.len();
        d.answers.retain(|a| a.event_id != event_id);
        if d.answers.len() != before {
            save(ctx, &d)?;
            return Ok(true);
        }
    }
    Ok(false)
}

/// The moments the garden's drafts expire, for the scheduler.
pub fn expiries(ctx: &Ctx<'_>) -> Result<Vec<DateTime<Utc>>, StoreError> {
    let keep = keep(ctx);
    Ok(drafts(ctx)?.iter().map(|d| d.touched + keep).collect())
}

/// Forgets the drafts whose keeping time is over, telling their author in the thread.
pub fn expire(ctx: &mut Ctx<'_>) -> Result<(), StoreError> {
    let keep = keep(ctx);
    for d in drafts(ctx)? {
        if d.touched + keep <= ctx.now {
            delete(ctx, d.id);
            let msg = Msg::new("guided-expired")
                .text("id", d.id.to_string())
                .user("author", &d.author, &ctx.name(&d.author));
            ctx.post(Dest::Thread(d.id), msg.into(), Vec::new());
        }
    }
    // Ids of drafts whose record is gone (never written, or erased elsewhere).
    let live: Vec<RunId> = ctx.garden.drafts.clone();
    for id in live {
        if load(ctx, id)?.is_none() {
            ctx.garden.drafts.retain(|d| *d != id);
        }
    }
    Ok(())
}
