//! Read-only answers: `!aide`, `!où`, the registers and the constitution.

use std::collections::BTreeMap;

use super::ctx::{Ctx, Flow};
use super::paging;
use crate::command::CommandName;
use crate::model::RunId;
use crate::model::{Msg, Text, UserId};
use crate::registers::{self, DecisionOutcome, DecisionRecord, Register, RoleRecord};
use crate::rituals::interpreter::{step_label, waiting_for};
use crate::rituals::steps::record::decision_lines;

/// The commands this member may use, or one command's usage.
pub fn help(ctx: &Ctx<'_>, who: &UserId, topic: Option<CommandName>) -> Text {
    if let Some(c) = topic {
        let mut t = Text::one(Msg::new("usage-line").label("usage", c.usage_id()));
        t.push(Msg::new(format!("help-{}", c.slug())));
        if c.facilitator_only() {
            t.push(Msg::new("help-facilitator-only"));
        }
        return t;
    }
    let facilitator = ctx.is_facilitator(who);
    let mut t = Text::one(Msg::new("help-header").num("facilitator", i64::from(facilitator)));
    for c in CommandName::ALL {
        if c.facilitator_only() && !facilitator {
            continue;
        }
        t.push(
            Msg::new("help-line")
                .label("usage", c.usage_id())
                .label("help", format!("help-{}", c.slug())),
        );
    }
    t.push(Msg::new("help-footer"));
    t
}

/// Running rituals, their step and whom we are waiting for; page `page` of them.
pub fn status(ctx: &Ctx<'_>, page: u32) -> Flow<Text> {
    let active = &ctx.garden.active;
    if active.is_empty() {
        return Ok(Text::one(Msg::new("status-none")));
    }
    let lang = ctx.garden.settings.lang;
    let page = paging::page(active.len(), page, CommandName::Status, lang)?;
    let mut t = Text::one(Msg::new("status-header").num("count", active.len() as i64));
    for id in &active[page.range.clone()] {
        let Some(run) = ctx.load_run(*id)? else {
            continue;
        };
        let Some(def) = ctx.rituals.find(&run.ritual) else {
            continue;
        };
        let waiting = waiting_for(ctx, def, &run);
        let (named, more) = paging::named_first(run.named(&waiting));
        let mut m = Msg::new("status-line")
            .text("id", run.id.to_string())
            .words("title", &run.title_words())
            .words("step", &step_label(def, &run))
            .users("waiting", named)
            .num("count", waiting.len() as i64)
            .num("more", more as i64);
        if let Some(d) = run.deadline {
            m = m.time("deadline", d);
        }
        t.push(m);
    }
    t.lines.extend(page.footer(CommandName::Status, lang));
    Ok(t)
}

/// The decision register, page `page` of it.
pub fn decisions(ctx: &Ctx<'_>, page: u32) -> Flow<Text> {
    let list: Vec<DecisionRecord> = registers::list(&ctx.tx, &ctx.garden.id, Register::Decisions)?;
    if list.is_empty() {
        return Ok(Text::one(Msg::new("decisions-empty")));
    }
    let lang = ctx.garden.settings.lang;
    let page = paging::page(list.len(), page, CommandName::Decisions, lang)?;
    let mut t = Text::one(Msg::new("decisions-header").num("count", list.len() as i64));
    for d in &list[page.range.clone()] {
        let outcome = match d.outcome {
            DecisionOutcome::Adopted => "adopted",
            DecisionOutcome::Withdrawn => "withdrawn",
            DecisionOutcome::Cancelled => "cancelled",
            DecisionOutcome::NoConsent => "no-consent",
        };
        t.push(
            Msg::new("decisions-line")
                .text("id", d.id.to_string())
                .text("outcome", outcome)
                .time("at", d.at)
                .text("text", paging::excerpt(&d.text))
                .user("proposer", &d.proposer.0, &d.proposer.1)
                .num("rounds", i64::from(d.rounds))
                .num("objections", d.objections.len() as i64)
                .num("versions", d.versions.len() as i64),
        );
    }
    t.lines.extend(page.footer(CommandName::Decisions, lang));
    t.push(Msg::new("decisions-footer"));
    Ok(t)
}
/// One decision's whole record, as the secretary posted it (`!décisions D3`).
pub fn decision(ctx: &Ctx<'_>, id: RunId) -> Flow<Text> {
    let Some(d): Option<DecisionRecord> =
        registers::get(&ctx.tx, &ctx.garden.id, Register::Decisions, id)?
    else {
        return Err(Msg::new("decision-unknown")
            .text("id", id.to_string())
            .into());
    };
    let outcome = match d.outcome {
        DecisionOutcome::Adopted => "adopted",
        DecisionOutcome::Withdrawn => "withdrawn",
        DecisionOutcome::Cancelled => "cancelled",
        DecisionOutcome::NoConsent => "no-consent",
    };
    let mut t = Text::one(
        Msg::new("decision-detail")
            .text("id", d.id.to_string())
            .text("outcome", outcome)
            .time("at", d.at),
    );
    decision_lines(&mut t, &d);
    Ok(t)
}

/// The role register: the latest holder of each role, page `page` of them; a term that
/// ended is shown as ended.
pub fn roles(ctx: &Ctx<'_>, page: u32) -> Flow<Text> {
    let list: Vec<RoleRecord> = registers::list(&ctx.tx, &ctx.garden.id, Register::Roles)?;
    let mut latest: BTreeMap<String, &RoleRecord> = BTreeMap::new();
    for r in &list {
        latest.insert(crate::text::fold(&r.role), r);
    }
    if latest.is_empty() {
        return Ok(Text::one(Msg::new("roles-empty")));
    }
    let lang = ctx.garden.settings.lang;
    let page = paging::page(latest.len(), page, CommandName::Roles, lang)?;
    let mut t = Text::one(Msg::new("roles-header").num("count", latest.len() as i64));
    let shown = page.range.len();
    for r in latest.values().skip(page.range.start).take(shown) {
        let mut m = Msg::new("roles-line")
            .text("id", r.id.to_string())
            .text("role", paging::excerpt(&r.role))
            .user("holder", &r.holder.0, &r.holder.1)
            .time("start", r.start)
            .text("mission", r.mission.clone().unwrap_or_default())
            .text(
                "has_mission",
                if r.mission.is_some() { "yes" } else { "no" },
            );
        m = match r.end {
            Some(end) if end <= ctx.now => m.time("end", end).text("term", "ended"),
            Some(end) => m.time("end", end).text("term", "until"),
            None => m.text("term", "open"),
        };
        t.push(m);
    }
    t.lines.extend(page.footer(CommandName::Roles, lang));
    Ok(t)
}

/// The garden's constitution, field by field.
pub fn constitution(ctx: &Ctx<'_>) -> Text {
    let c = &ctx.garden.constitution;
    let mut t = Text::one(Msg::new("constitution-header"));
    let fields = [
        ("constitution-raison", &c.raison),
        ("constitution-entrees", &c.entrees),
        ("constitution-sorties", &c.sorties),
        ("constitution-economie", &c.economie),
    ];
    for (id, value) in fields {
        t.push(field(id, value.clone()));
    }
    let noyau = ctx.named(&c.noyau);
    t.push(
        Msg::new("constitution-noyau")
            .users("who", noyau)
            .num("count", c.noyau.len() as i64),
    );
    t
}

fn field(id: &str, value: Option<String>) -> Msg {
    match value {
        Some(v) => Msg::new(id).text("value", v).text("set", "yes"),
        None => Msg::new(id).text("value", "").text("set", "no"),
    }
}
