//! Changing the garden: `!jardin <réglage> <valeur>` and editing the constitution.

use super::ctx::{Ctx, Flow};
use super::people;
use crate::command::{ConstitutionField, GardenSetting, UserRef};
use crate::garden::GardenType;
use crate::model::{Lang, Msg, Text, UserId};
use crate::text::fold;

/// Longest garden name, in characters (it is shown in every commons post).
const MAX_NAME: usize = 80;

/// Applies a setting and returns the confirmation (in the garden's new language).
pub fn jardin(ctx: &mut Ctx<'_>, setting: GardenSetting) -> Flow<Text> {
    let s = &mut ctx.garden.settings;
    let done = match setting {
        GardenSetting::Langue(v) => {
            s.lang = Lang::parse(&v).ok_or_else(|| invalid("langue", &v))?;
            Msg::new("setting-langue")
        }
        GardenSetting::Fuseau(v) => {
            s.tz = v.trim().parse().map_err(|_| invalid("fuseau", &v))?;
            Msg::new("setting-fuseau").text("value", s.tz.name())
        }
        GardenSetting::Recolte(v) => {
            s.digest = parse_slot(&v).ok_or_else(|| invalid("recolte", &v))?;
            let (d, h, m) = s.digest;
            Msg::new("setting-recolte")
                .label("dayname", format!("weekday-{d}"))
                .text("time", format!("{h:02}:{m:02}"))
        }
        GardenSetting::Points(v) => {
            s.checkin = parse_slot(&v).ok_or_else(|| invalid("points", &v))?;
            let (d, h, m) = s.checkin;
            Msg::new("setting-points")
                .label("dayname", format!("weekday-{d}"))
                .text("time", format!("{h:02}:{m:02}"))
        }
        GardenSetting::Nom(v) => {
            let name = v.split_whitespace().collect::<Vec<_>>().join(" ");
            if name.chars().count() > MAX_NAME {
                return Err(invalid("nom", &v).into());
            }
            s.name = Some(name.clone());
            Msg::new("setting-nom").text("value", name)
        }
        GardenSetting::Type(v) => {
            s.kind = GardenType::parse(&v).ok_or_else(|| invalid("type", &v))?;
            Msg::new("setting-type")
                .label("value", s.kind.label())
                .text("shares", yes_no(s.shares()))
        }
        GardenSetting::Communs(v) => {
            let on = parse_bool(&v).ok_or_else(|| invalid("communs", &v))?;
            s.commons = Some(on);
            Msg::new("setting-communs").text("shares", yes_no(s.shares()))
        }
        GardenSetting::Contexte(v) => {
            s.context =
                super::commons::context_setting(&v).ok_or_else(|| invalid("contexte", &v))?;
            match &s.context {
                Some(k) => Msg::new("setting-contexte")
                    .text("value", super::commons::label_of(k, s.lang))
                    .text("set", "yes"),
                None => Msg::new("setting-contexte")
                    .text("value", "")
                    .text("set", "no"),
            }
        }
        GardenSetting::Brouillons(v) => {
            let span = crate::command::parse_span(&v).ok_or_else(|| invalid("brouillons", &v))?;
            s.drafts_kept_minutes = Some(span.minutes);
            Msg::new("setting-brouillons").text("value", v.trim().to_owned())
        }
        GardenSetting::MeteoMemoire(v) => {
            s.meteo_memory = parse_bool(&v).ok_or_else(|| invalid("meteo-memoire", &v))?;
            Msg::new("setting-meteo-memoire").text("on", yes_no(s.meteo_memory))
        }
        GardenSetting::Facilitateur { who, remove } => {
            let id = people::resolve(ctx, &who)?;
            let name = ctx.name(&id);
            let list = &mut ctx.garden.settings.facilitators;
            list.retain(|f| f != &id);
            if !remove {
                list.push(id.clone());
            }
            Msg::new("setting-facilitateur")
                .user("who", &id, &name)
                .text("removed", yes_no(remove))
        }
    };
    Ok(Text::one(done))
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn invalid(setting: &str, value: &str) -> Msg {
    Msg::new("setting-invalid")
        .label("setting", format!("setting-name-{setting}"))
        .text("value", value.to_owned())
        .label("expected", format!("setting-expected-{setting}"))
}

fn parse_bool(v: &str) -> Option<bool> {
    match fold(v.trim()).as_str() {
        "oui" | "yes" | "on" | "vrai" | "true" | "1" => Some(true),
        "non" | "no" | "off" | "faux" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// `lundi 09:00`, `monday 9h30`, `mardi 18h` → (weekday from Monday = 0, hour, minute).
pub fn parse_slot(v: &str) -> Option<(u8, u8, u8)> {
    let mut parts = v.split_whitespace();
    let day = weekday(parts.next()?)?;
    let time = fold(parts.next().unwrap_or("09:00"));
    if parts.next().is_some() {
        return None;
    }
    let (h, m) = match time.split_once([':', 'h']) {
        Some((h, m)) => (h, if m.is_empty() { "0" } else { m }),
        None => (time.as_str(), "0"),
    };
    let h: u8 = h.parse().ok()?;
    let m: u8 = m.parse().ok()?;
    (h < 24 && m < 60).then_some((day, h, m))
}

fn weekday(s: &str) -> Option<u8> {
    const DAYS: [[&str; 4]; 7] = [
        ["lundi", "lun", "monday", "mon"],
        ["mardi", "mar", "tuesday", "tue"],
        ["mercredi", "mer", "wednesday", "wed"],
        ["jeudi", "jeu", "thursday", "thu"],
        ["vendredi", "ven", "friday", "fri"],
        ["samedi", "sam", "saturday", "sat"],
        ["dimanche", "dim", "sunday", "sun"],
    ];
    let f = fold(s);
    DAYS.iter()
        .position(|names| names.contains(&f.as_str()))
        .map(|i| i as u8)
}

/// Edits one field of the constitution; the noyau needs at least two members.
pub fn constitution(ctx: &mut Ctx<'_>, field: ConstitutionField, value: String) -> Flow {
    let c = &mut ctx.garden.constitution;
    match field {
        ConstitutionField::Raison => c.raison = Some(value),
        ConstitutionField::Entrees => c.entrees = Some(value),
        ConstitutionField::Sorties => c.sorties = Some(value),
        ConstitutionField::Economie => c.economie = Some(value),
        ConstitutionField::Noyau => {
            let mut members: Vec<UserId> = Vec::new();
            for token in value
                .split([',', ' ', '\n'])
                .filter(|t| !t.trim().is_empty())
            {
                let token = token.trim();
                let r = if token.starts_with('@') && token.contains(':') {
                    UserRef::Id(token.to_owned())
                } else {
                    UserRef::Name(token.trim_start_matches('@').to_owned())
                };
                let id = people::resolve(ctx, &r)?;
                if !members.contains(&id) {
                    members.push(id);
                }
            }
            if members.len() < 2 {
                return Err(Msg::new("noyau-too-small")
                    .num("count", members.len() as i64)
                    .into());
            }
            ctx.garden.constitution.noyau = members;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_slot;

    #[test]
    fn slots() {
        assert_eq!(parse_slot("lundi 09:00"), Some((0, 9, 0)));
        assert_eq!(parse_slot("Friday 18h30"), Some((4, 18, 30)));
        assert_eq!(parse_slot("mardi 18h"), Some((1, 18, 0)));
        assert_eq!(parse_slot("dimanche"), Some((6, 9, 0)));
        assert_eq!(parse_slot("lundi 25:00"), None);
        assert_eq!(parse_slot("someday 09:00"), None);
    }
}
