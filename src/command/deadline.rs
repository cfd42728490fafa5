//! Reading a défi's deadline: `2026-12-15`, `15/12`, `15/12/2026`,
//! `dans 3 semaines`, `in 3 weeks`, `10 jours`, `demain`, in the garden's timezone.
//!
//! Choices made here, and why:
//! - A deadline is a day: it falls at [`DEADLINE_HOUR`] local time that day, a decent hour
//!   to ask participants for their retour (midnight would ping people asleep).
//! - `15/12` without a year is its next occurrence (in December, `15/01` means January
//!   next year): people plan forward. A full date in the past is refused.
//! - Months in `dans 2 mois` are calendar months (15 March → 15 May), not 30 days: the
//!   result is a date people recognise.
//! - A span in hours or minutes (`dans 48h`) is exact: it is not rounded to a day.

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::parse::parse_span;
use crate::text::fold;

/// The local hour at which a deadline given as a day falls.
pub const DEADLINE_HOUR: u32 = 18;

/// Longest deadline text worth reading: anything longer is not a date.
const MAX_LEN: usize = 60;

/// Why a deadline was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineError {
    /// Not a date or span this parser knows.
    #[error("unreadable deadline")]
    Unreadable,
    /// A date that is already past.
    #[error("deadline in the past")]
    Past,
}

/// Reads a deadline relative to `now`, in timezone `tz`. The result is always after `now`.
pub fn parse_deadline(
    input: &str,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<DateTime<Utc>, DeadlineError> {
    let raw = input.trim();
    if raw.is_empty() || raw.len() > MAX_LEN {
        return Err(DeadlineError::Unreadable);
    }
    let folded = fold(raw);
    let text = strip_lead(folded.trim());
    let today = now.with_timezone(&tz).date_naive();
    let at = if let Some(date) = absolute_date(text, today)? {
        at_deadline_hour(date, tz)?
    } else if matches!(text, "demain" | "tomorrow") {
        at_deadline_hour(today + Days::new(1), tz)?
    } else {
        relative(text, now, today, tz)?
    };
    if at <= now {
        return Err(DeadlineError::Past);
    }
    Ok(at)
}

/// Drops the little words people put before a date: `le 15/12`, `avant le`, `dans`, `in`.
fn strip_lead(s: &str) -> &str {
    const LEADS: [&str; 9] = [
        "avant le ",
        "pour le ",
        "jusqu'au ",
        "le ",
        "dans ",
        "d'ici ",
        "before ",
        "on ",
        "in ",
    ];
    let mut s = s;
    // Bounded: each pass removes one lead word, and there are few of them.
    for _ in 0..3 {
        match LEADS.iter().find_map(|l| s.strip_prefix(l)) {
            Some(rest) => s = rest.trim_start(),
            None => break,
        }
    }
    s
}

/// `2026-12-15`, `15/12/2026`, `15/12/26` or `15/12` (next occurrence); Ok(None) when the
/// text is not shaped like a date at all.
fn absolute_date(s: &str, today: NaiveDate) -> Result<Option<NaiveDate>, DeadlineError> {
    if !s
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'-' || b == b'/' || b == b'.')
    {
        return Ok(None);
    }
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let num = |p: &str| -> Result<u32, DeadlineError> {
        if p.is_empty() || p.len() > 4 {
            return Err(DeadlineError::Unreadable);
        }
        p.parse().map_err(|_| DeadlineError::Unreadable)
    };
    let date = match parts.as_slice() {
        [y, m, d] if y.len() == 4 => NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?),
        [d, m, y] => {
            let y = num(y)?;
            let y = if y < 100 { 2000 + y } else { y };
            NaiveDate::from_ymd_opt(y as i32, num(m)?, num(d)?)
        }
        [d, m] => {
            let (d, m) = (num(d)?, num(m)?);
            let this_year = NaiveDate::from_ymd_opt(today.year(), m, d);
            match this_year {
                Some(date) if date >= today => Some(date),
                Some(_) => NaiveDate::from_ymd_opt(today.year() + 1, m, d),
                // 29/02 in a common year: the next year that has it is too far to guess.
                None => None,
            }
        }
        _ => return Err(DeadlineError::Unreadable),
    };
    date.map(Some).ok_or(DeadlineError::Unreadable)
}

/// `3 semaines`, `2 mois`, `10 jours`, `48h`: from now.
fn relative(
    s: &str,
    now: DateTime<Utc>,
    today: NaiveDate,
    tz: Tz,
) -> Result<DateTime<Utc>, DeadlineError> {
    let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (n, unit) = if digits > 0 {
        (s[..digits].parse::<u32>().ok(), s[digits..].trim())
    } else {
        match s.split_once(' ') {
            Some(("un" | "une" | "a" | "an" | "one", unit)) => (Some(1), unit.trim()),
            _ => (None, ""),
        }
    };
    if let Some(n) = n {
        match unit {
            "mois" | "month" | "months" => {
                let date = today
                    .checked_add_months(Months::new(n))
                    .ok_or(DeadlineError::Unreadable)?;
                return at_deadline_hour(date, tz);
            }
            "an" | "ans" | "annee" | "annees" | "year" | "years" => {
                let date = today
                    .checked_add_months(Months::new(n.saturating_mul(12)))
                    .ok_or(DeadlineError::Unreadable)?;
                return at_deadline_hour(date, tz);
            }
            _ => {}
        }
    }
    let span = parse_span(s).ok_or(DeadlineError::Unreadable)?;
    const DAY: i64 = 24 * 60;
    // Hours and minutes are exact; days and weeks name a day.
    let in_days = !unit.starts_with(['h', 'm']);
    if span.minutes % DAY == 0 && in_days {
        let days = u64::try_from(span.minutes / DAY).map_err(|_| DeadlineError::Unreadable)?;
        let date = today
            .checked_add_days(Days::new(days))
            .ok_or(DeadlineError::Unreadable)?;
        at_deadline_hour(date, tz)
    } else {
        Ok(now + span.duration())
    }
}

/// `date` at [`DEADLINE_HOUR`] local time (the hour exists on every day in every zone
/// chrono-tz knows; an ambiguous one takes the earlier instant).
fn at_deadline_hour(date: NaiveDate, tz: Tz) -> Result<DateTime<Utc>, DeadlineError> {
    let time = NaiveTime::from_hms_opt(DEADLINE_HOUR, 0, 0).ok_or(DeadlineError::Unreadable)?;
    tz.from_local_datetime(&date.and_time(time))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or(DeadlineError::Unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Paris;

    fn now() -> DateTime<Utc> {
        // Monday 23 November 2026, 10:00 in Paris.
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
            .single()
            .expect("date")
    }

    fn local(s: &str) -> String {
        parse_deadline(s, now(), Paris)
            .map(|t| t.with_timezone(&Paris).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_else(|e| format!("{e:?}"))
    }

    #[test]
    fn forms() {
        assert_eq!(local("2026-12-15"), "2026-12-15 18:00");
        assert_eq!(local("15/12"), "2026-12-15 18:00");
        assert_eq!(local("le 15/12/2026"), "2026-12-15 18:00");
        assert_eq!(local("15/01"), "2027-01-15 18:00");
        assert_eq!(local("dans 3 semaines"), "2026-12-14 18:00");
        assert_eq!(local("in 3 weeks"), "2026-12-14 18:00");
        assert_eq!(local("10 jours"), "2026-12-03 18:00");
        assert_eq!(local("dans 2 mois"), "2027-01-23 18:00");
        assert_eq!(local("un mois"), "2026-12-23 18:00");
        assert_eq!(local("Demain"), "2026-11-24 18:00");
        assert_eq!(local("dans 48h"), "2026-11-25 10:00");
        assert_eq!(local("23/11"), "2026-11-23 18:00");
    }

    #[test]
    fn refusals() {
        assert_eq!(local("2026-01-01"), "Past");
        assert_eq!(local("01/01/2026"), "Past");
        assert_eq!(local("bientôt"), "Unreadable");
        assert_eq!(local("31/02"), "Unreadable");
        assert_eq!(local("2026-13-01"), "Unreadable");
        assert_eq!(local(""), "Unreadable");
        assert_eq!(local("dans 0 jours"), "Unreadable");
        assert_eq!(local(&"9".repeat(200)), "Unreadable");
    }
}
