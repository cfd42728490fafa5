//! The scheduler: what is due in a garden, and when the next thing will be (time is a
//! parameter). Pure: it reads a [`Snapshot`] of the garden and "now",
//! and never the wall clock, so the shell's `/avance`, the tests' fake clock and the Matrix
//! transport's timer all drive the same logic through `Engine::tick` / `Engine::next_due`.
//!
//! What it covers, and how each stays exactly-once:
//! - weekly **digests** and défi **check-in** requests, on weekly local-time slots: the
//!   [`Marks`] keep the last slot handled; when several slots were missed (downtime), only
//!   the latest is handled, once, covering everything since the mark;
//! - **défi deadlines**: the défi's own status says whether it already ended;
//! - ritual **step deadlines**: the run's own state says whether the reminder was posted;
//! - **role term reminders** two weeks before a term ends: the marks list the elections
//!   already reminded.
//!
//! Slots are local times (`lundi 09:00` in `Europe/Paris`) turned into instants week by
//! week, so a Monday 09:00 digest stays at 09:00 local time across daylight-saving changes.
//! A slot in a spring-forward gap (02:30 on the last Sunday of March) moves to the first
//! valid minute after it; an ambiguous one (autumn) takes the earlier instant.

use chrono::{
    DateTime, Datelike, Days, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::model::{GardenId, RunId};
use crate::store::{StoreError, Tree, Tx};

/// How long before a term ends the garden is reminded: two weeks, or half the term when
/// the term is shorter than four weeks (a reminder just after the election is noise).
pub const TERM_REMINDER: Duration = Duration::days(14);

/// A current role term: the election that filled the role, the term's end, and when the
/// garden is reminded of it.
pub type Term = (RunId, DateTime<Utc>, DateTime<Utc>);

/// When the garden is reminded of a term from `start` to `end`.
pub fn term_reminder_at(start: DateTime<Utc>, end: DateTime<Utc>) -> DateTime<Utc> {
    end - TERM_REMINDER.min((end - start) / 2)
}

/// A défi created less than this before a check-in slot is not asked yet.
const CHECKIN_GRACE: Duration = Duration::days(1);

/// A weekly slot: (weekday from Monday = 0, hour, minute), local time.
pub type Slot = (u8, u8, u8);

/// The "last done" marks of one garden, one value in the `schedule` tree.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marks {
    /// The slot (instant) of the last digest handled: the end of the period it covered.
    #[serde(default)]
    pub digest: Option<DateTime<Utc>>,
    /// The last check-in slot handled.
    #[serde(default)]
    pub checkin: Option<DateTime<Utc>>,
    /// Elections whose term reminder was posted.
    #[serde(default)]
    pub term_reminders: Vec<RunId>,
}

fn marks_key(garden: &GardenId) -> Vec<u8> {
    garden.as_str().as_bytes().to_vec()
}

/// Loads a garden's marks (none yet: all empty).
pub fn load_marks(tx: &Tx<'_>, garden: &GardenId) -> Result<Marks, StoreError> {
    Ok(tx
        .get(Tree::Schedule, &marks_key(garden))?
        .unwrap_or_default())
}

/// Saves a garden's marks, in the same batch as what they mark as done.
pub fn save_marks(tx: &mut Tx<'_>, garden: &GardenId, marks: &Marks) -> Result<(), StoreError> {
    tx.put(Tree::Schedule, marks_key(garden), marks)
}

/// What the scheduler needs to know about a garden.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The garden's timezone.
    pub tz: Tz,
    /// The digest slot.
    pub digest_slot: Slot,
    /// The check-in slot.
    pub checkin_slot: Slot,
    /// The marks.
    pub marks: Marks,
    /// Active runs and the moment their current step next needs a tick (None: no deadline).
    pub runs: Vec<(RunId, Option<DateTime<Utc>>)>,
    /// Active défis and their deadlines.
    pub defis: Vec<(RunId, DateTime<Utc>)>,
    /// True when some active défi has participants (otherwise check-ins have nobody to
    /// ask, and only the mark moves).
    pub has_participants: bool,
    /// Current role terms: the election that filled the role, the term's end, and when to
    /// remind the garden of it.
    pub terms: Vec<Term>,
    /// When each guided retour left unfinished expires.
    pub drafts: Vec<DateTime<Utc>>,
}

/// One thing to do now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    /// A run's step deadline (reminder, then closing).
    StepDeadline(RunId),
    /// A défi reached its deadline.
    DefiDeadline(RunId),
    /// Ask the participants of active défis for news; `slot` is the slot handled.
    Checkins {
        /// The slot (the latest one not after now).
        slot: DateTime<Utc>,
    },
    /// Remind the garden that a term ends soon.
    TermReminder {
        /// The election that filled the role.
        election: RunId,
        /// When the term ends.
        end: DateTime<Utc>,
    },
    /// Forget the guided retours whose keeping time is over.
    Drafts,
    /// Post the digest of `[from, to)`; `to` is the slot handled.
    Digest {
        /// Start of the period (the previous digest's slot).
        from: DateTime<Utc>,
        /// End of the period.
        to: DateTime<Utc>,
    },
}

/// Everything due at `now`, in the order it should be done: deadlines first, so that what
/// they change (a défi that ended) is in the digest posted by the same tick.
pub fn due(s: &Snapshot, now: DateTime<Utc>) -> Vec<Due> {
    let mut out = Vec::new();
    for (id, at) in &s.runs {
        if at.is_some_and(|at| at <= now) {
            out.push(Due::StepDeadline(*id));
        }
    }
    for (id, deadline) in &s.defis {
        if *deadline <= now {
            out.push(Due::DefiDeadline(*id));
        }
    }
    if weekly_due(s.tz, s.checkin_slot, s.marks.checkin, now) <= now {
        out.push(Due::Checkins {
            slot: slot_at_or_before(s.tz, s.checkin_slot, now),
        });
    }
    for (election, end, remind) in &s.terms {
        if *remind <= now && !s.marks.term_reminders.contains(election) {
            out.push(Due::TermReminder {
                election: *election,
                end: *end,
            });
        }
    }
    if s.drafts.iter().any(|at| *at <= now) {
        out.push(Due::Drafts);
    }
    if weekly_due(s.tz, s.digest_slot, s.marks.digest, now) <= now {
        let to = slot_at_or_before(s.tz, s.digest_slot, now);
        let from = s
            .marks
            .digest
            .filter(|m| *m < to)
            .unwrap_or_else(|| previous_slot(s.tz, s.digest_slot, to));
        out.push(Due::Digest { from, to });
    }
    out
}

/// The earliest moment something is due (it may be in the past: then tick now).
///
/// Check-ins with no défi to ask are not worth waking for: their mark catches up with the
/// next tick that happens anyway.
pub fn next_due(s: &Snapshot, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let runs = s.runs.iter().filter_map(|(_, at)| *at);
    let defis = s.defis.iter().map(|(_, d)| *d);
    let terms = s
        .terms
        .iter()
        .filter(|(e, _, _)| !s.marks.term_reminders.contains(e))
        .map(|(_, _, remind)| *remind);
    let checkin = s
        .has_participants
        .then(|| weekly_due(s.tz, s.checkin_slot, s.marks.checkin, now));
    let digest = weekly_due(s.tz, s.digest_slot, s.marks.digest, now);
    let drafts = s.drafts.iter().copied();
    runs.chain(defis)
        .chain(drafts)
        .chain(terms)
        .chain(checkin)
        .chain(std::iter::once(digest))
        .min()
}

/// When a weekly job is next due: the first slot after its mark, or, never done, the
/// latest slot up to now (so a new garden's first tick sets its mark at once).
pub fn weekly_due(
    tz: Tz,
    slot: Slot,
    mark: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    match mark {
        Some(m) => slot_after(tz, slot, m),
        None => slot_at_or_before(tz, slot, now),
    }
}

/// Whether a défi created at `created` is asked for news at check-in slot `slot`.
pub fn asks_checkin(created: DateTime<Utc>, slot: DateTime<Utc>) -> bool {
    created + CHECKIN_GRACE <= slot
}

/// The latest occurrence of `slot` at or before `t`.
pub fn slot_at_or_before(tz: Tz, slot: Slot, t: DateTime<Utc>) -> DateTime<Utc> {
    let local = t.with_timezone(&tz).date_naive();
    let back =
        (i64::from(local.weekday().num_days_from_monday()) - i64::from(slot.0 % 7)).rem_euclid(7);
    let day = local - Days::new(back as u64);
    let candidate = at_local(tz, day, slot);
    if candidate <= t {
        candidate
    } else {
        at_local(tz, day - Days::new(7), slot)
    }
}

/// The earliest occurrence of `slot` strictly after `t`.
pub fn slot_after(tz: Tz, slot: Slot, t: DateTime<Utc>) -> DateTime<Utc> {
    let prev = slot_at_or_before(tz, slot, t);
    let day = local_day_of_slot(tz, prev, slot);
    at_local(tz, day + Days::new(7), slot)
}

/// The occurrence of `slot` one week before the occurrence `at`.
pub fn previous_slot(tz: Tz, slot: Slot, at: DateTime<Utc>) -> DateTime<Utc> {
    let day = local_day_of_slot(tz, at, slot);
    at_local(tz, day - Days::new(7), slot)
}

/// The local date an occurrence belongs to (a gap may have pushed its time past midnight).
fn local_day_of_slot(tz: Tz, at: DateTime<Utc>, slot: Slot) -> NaiveDate {
    let mut day = at.with_timezone(&tz).date_naive();
    // A slot shifted over midnight by a gap belongs to the day before: at most one step.
    if day.weekday().num_days_from_monday() != u32::from(slot.0 % 7) {
        day = day.pred_opt().unwrap_or(day);
    }
    day
}

/// `day` at the slot's local time, as an instant. In a gap, the first valid minute after.
fn at_local(tz: Tz, day: NaiveDate, slot: Slot) -> DateTime<Utc> {
    let time = NaiveTime::from_hms_opt(u32::from(slot.1.min(23)), u32::from(slot.2.min(59)), 0)
        .unwrap_or(NaiveTime::MIN);
    let naive = NaiveDateTime::new(day, time);
    // Bounded: gaps last at most a few hours; three hours of minutes covers every zone.
    for minutes in 0..=180 {
        if let Some(t) = tz
            .from_local_datetime(&(naive + Duration::minutes(minutes)))
            .earliest()
        {
            return t.with_timezone(&Utc);
        }
    }
    // Unreachable for real zones; reading the local time as UTC keeps the scheduler going.
    Utc.from_utc_datetime(&naive)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Paris;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .expect("date")
    }

    const MONDAY_9: Slot = (0, 9, 0);

    #[test]
    fn monday_nine_stays_local_across_dst() {
        // CET (UTC+1) before 28 March 2027, CEST (UTC+2) after.
        assert_eq!(
            slot_at_or_before(Paris, MONDAY_9, utc(2027, 3, 25, 12, 0)),
            utc(2027, 3, 22, 8, 0)
        );
        assert_eq!(
            slot_after(Paris, MONDAY_9, utc(2027, 3, 22, 8, 0)),
            utc(2027, 3, 29, 7, 0)
        );
        assert_eq!(
            previous_slot(Paris, MONDAY_9, utc(2027, 3, 29, 7, 0)),
            utc(2027, 3, 22, 8, 0)
        );
        // Back to CET after 31 October 2027.
        assert_eq!(
            slot_after(Paris, MONDAY_9, utc(2027, 10, 25, 7, 0)),
            utc(2027, 11, 1, 8, 0)
        );
        assert_eq!(
            slot_at_or_before(Paris, MONDAY_9, utc(2027, 11, 1, 7, 59)),
            utc(2027, 10, 25, 7, 0)
        );
    }

    #[test]
    fn gap_and_fold() {
        // Sunday 28 March 2027 02:30 does not exist in Paris: 03:00 CEST instead.
        let slot = (6, 2, 30);
        assert_eq!(
            slot_at_or_before(Paris, slot, utc(2027, 3, 28, 12, 0)),
            utc(2027, 3, 28, 1, 0)
        );
        assert_eq!(
            slot_after(Paris, slot, utc(2027, 3, 28, 1, 0)),
            utc(2027, 4, 4, 0, 30)
        );
        // Sunday 31 October 2027 02:30 happens twice: the first one (CEST).
        assert_eq!(
            slot_at_or_before(Paris, slot, utc(2027, 10, 31, 12, 0)),
            utc(2027, 10, 31, 0, 30)
        );
    }

    fn snapshot(marks: Marks) -> Snapshot {
        Snapshot {
            tz: Paris,
            digest_slot: MONDAY_9,
            checkin_slot: (3, 10, 0),
            marks,
            runs: Vec::new(),
            defis: Vec::new(),
            has_participants: false,
            terms: Vec::new(),
            drafts: Vec::new(),
        }
    }

    #[test]
    fn one_catch_up_after_downtime() {
        let mark = utc(2026, 11, 23, 8, 0);
        let s = snapshot(Marks {
            digest: Some(mark),
            checkin: Some(utc(2026, 11, 26, 9, 0)),
            term_reminders: Vec::new(),
        });
        // Ten days later, two Mondays have passed: one digest covering both weeks.
        let now = utc(2026, 12, 8, 12, 0);
        let digests: Vec<Due> = due(&s, now)
            .into_iter()
            .filter(|d| matches!(d, Due::Digest { .. }))
            .collect();
        assert_eq!(
            digests,
            vec![Due::Digest {
                from: mark,
                to: utc(2026, 12, 7, 8, 0)
            }]
        );
        assert_eq!(next_due(&s, now), Some(utc(2026, 11, 30, 8, 0)));
    }

    #[test]
    fn a_new_garden_is_due_at_once_then_weekly() {
        let now = utc(2026, 11, 25, 12, 0);
        let s = snapshot(Marks::default());
        assert!(due(&s, now).contains(&Due::Digest {
            from: utc(2026, 11, 16, 8, 0),
            to: utc(2026, 11, 23, 8, 0)
        }));
        let s = snapshot(Marks {
            digest: Some(utc(2026, 11, 23, 8, 0)),
            checkin: Some(utc(2026, 11, 19, 9, 0)),
            term_reminders: Vec::new(),
        });
        assert_eq!(due(&s, now), Vec::new());
        assert_eq!(next_due(&s, now), Some(utc(2026, 11, 30, 8, 0)));
    }

    #[test]
    fn term_reminders_once() {
        let end = utc(2027, 5, 1, 10, 0);
        let mut s = snapshot(Marks {
            digest: Some(utc(2027, 4, 12, 7, 0)),
            checkin: Some(utc(2027, 4, 15, 8, 0)),
            term_reminders: Vec::new(),
        });
        let e1 = RunId::new(crate::model::RunKind::Election, 1);
        s.terms.push((e1, end, end - TERM_REMINDER));
        assert_eq!(
            next_due(&s, utc(2027, 4, 13, 0, 0)),
            Some(end - TERM_REMINDER)
        );
        assert!(due(&s, end - TERM_REMINDER).contains(&Due::TermReminder { election: e1, end }));
        s.marks.term_reminders.push(e1);
        assert!(
            !due(&s, end)
                .iter()
                .any(|d| matches!(d, Due::TermReminder { .. }))
        );
    }

    #[test]
    fn a_short_term_is_reminded_at_its_half() {
        let start = utc(2027, 4, 1, 10, 0);
        assert_eq!(
            term_reminder_at(start, start + Duration::days(7)),
            start + Duration::hours(84)
        );
        assert_eq!(
            term_reminder_at(start, start + Duration::days(180)),
            start + Duration::days(166)
        );
    }
}
