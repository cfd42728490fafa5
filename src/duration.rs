//! One reader of spans of time, for commands (`--délai 2 semaines`, `pour 6 mois`) and for
//! ritual files (`deadline = "24h"`), so that what a facilitator types and what a ritual
//! author writes mean the same.

use crate::text::fold;

/// Longest span text worth reading (`10 semaines`): anything longer is not a span.
const MAX_SPAN_TEXT: usize = 40;

/// Longest span accepted, in minutes (ten years): beyond, it is a typo, not a plan.
const MAX_SPAN_MINUTES: i64 = 10 * 365 * 24 * 60;

/// Reads a span of time in minutes: `48h`, `3j`, `2 semaines`, `6 months`, `un an`,
/// `1h30`, case and accents ignored.
///
/// Months count 30 days and years 365: spans set deadlines and terms, where a calendar-exact
/// month would only surprise. Zero and more than ten years are refused as typos.
pub fn minutes(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() || s.len() > MAX_SPAN_TEXT {
        return None;
    }
    let folded = fold(s);
    let f = folded.trim_end_matches('.');
    let digits = f.find(|c: char| !c.is_ascii_digit()).unwrap_or(f.len());
    let (n, unit) = if digits > 0 {
        if digits > 9 {
            return None;
        }
        (f[..digits].parse::<i64>().ok()?, f[digits..].trim_start())
    } else {
        let (word, rest) = f.split_once(char::is_whitespace)?;
        if !matches!(word, "un" | "une" | "a" | "an" | "one") {
            return None;
        }
        (1, rest.trim_start())
    };
    // `1h30`: hours then minutes.
    let (unit, extra) = match unit.find(|c: char| c.is_ascii_digit()) {
        Some(i) => {
            let (u, m) = unit.split_at(i);
            if !matches!(u, "h" | "H") || m.len() > 2 || !m.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let m: i64 = m.parse().ok()?;
            if m > 59 {
                return None;
            }
            (u, m)
        }
        None => (unit, 0),
    };
    let per = unit_minutes(unit)?;
    let minutes = n.checked_mul(per)?.checked_add(extra)?;
    if minutes <= 0 || minutes > MAX_SPAN_MINUTES {
        return None;
    }
    Some(minutes)
}

/// Minutes in one of a (folded) unit word, French or English.
fn unit_minutes(unit: &str) -> Option<i64> {
    const DAY: i64 = 24 * 60;
    Some(match unit {
        "m" | "mn" | "min" | "mins" | "minute" | "minutes" => 1,
        "h" | "hr" | "hrs" | "heure" | "heures" | "hour" | "hours" => 60,
        "j" | "jr" | "jrs" | "jour" | "jours" | "d" | "day" | "days" => DAY,
        "sem" | "sems" | "semaine" | "semaines" | "w" | "wk" | "wks" | "week" | "weeks" => 7 * DAY,
        "mois" | "month" | "months" => 30 * DAY,
        "an" | "ans" | "annee" | "annees" | "y" | "yr" | "yrs" | "year" | "years" => 365 * DAY,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::minutes;

    #[test]
    fn forms_of_both_worlds() {
        assert_eq!(minutes("30m"), Some(30));
        assert_eq!(minutes("24h"), Some(24 * 60));
        assert_eq!(minutes("3j"), minutes("3 jours"));
        assert_eq!(minutes("2 semaines"), Some(14 * 24 * 60));
        assert_eq!(minutes("2 Semaines"), minutes("2 weeks"));
        assert_eq!(minutes("1h30"), Some(90));
        assert_eq!(minutes("un an"), Some(365 * 24 * 60));
        for bad in ["", "0h", "-3h", "3", "1.5h", "bientôt", "11 ans", "1h60"] {
            assert_eq!(minutes(bad), None, "{bad:?}");
        }
    }
}
