//! Moments in stored records, written as chrono writes them (RFC 3339, `Z`, 0/3/6/9 digits
//! of fraction) but without going through `fmt`: a run holds two and is written at every
//! event, and chrono's `collect_str` was 5% of an event's cost. Read back by chrono itself.
//!
//! Use on a `DateTime<Utc>` field: `#[serde(serialize_with = "crate::store::stamp::write")]`.

use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::Serializer;

/// Writes `t` as chrono's own `Serialize` would.
pub fn write<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    let mut buf = [0u8; 30];
    match format(t, &mut buf) {
        Some(n) => {
            s.serialize_str(std::str::from_utf8(&buf[..n]).map_err(serde::ser::Error::custom)?)
        }
        // Years beyond 0..=9999 and leap seconds: chrono knows how.
        None => serde::Serialize::serialize(t, s),
    }
}

fn format(t: &DateTime<Utc>, buf: &mut [u8; 30]) -> Option<usize> {
    let year = u32::try_from(t.year()).ok().filter(|y| *y <= 9999)?;
    let nanos = t.nanosecond();
    if nanos >= 1_000_000_000 {
        return None;
    }
    let mut n = 0;
    push_digits(buf, &mut n, year, 4);
    for (sep, value) in [
        (b'-', t.month()),
        (b'-', t.day()),
        (b'T', t.hour()),
        (b':', t.minute()),
        (b':', t.second()),
    ] {
        buf[n] = sep;
        n += 1;
        push_digits(buf, &mut n, value, 2);
    }
    if nanos != 0 {
        buf[n] = b'.';
        n += 1;
        if nanos.is_multiple_of(1_000_000) {
            push_digits(buf, &mut n, nanos / 1_000_000, 3);
        } else if nanos.is_multiple_of(1_000) {
            push_digits(buf, &mut n, nanos / 1_000, 6);
        } else {
            push_digits(buf, &mut n, nanos, 9);
        }
    }
    buf[n] = b'Z';
    Some(n + 1)
}

/// Writes the last `width` decimal digits of `value` at `buf[*n..]`, zero-padded.
fn push_digits(buf: &mut [u8], n: &mut usize, value: u32, width: u32) {
    for i in (0..width).rev() {
        buf[*n] = b'0' + (value / 10u32.pow(i) % 10) as u8;
        *n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    #[derive(serde::Serialize)]
    struct Fast(#[serde(serialize_with = "write")] DateTime<Utc>);

    fn both(t: DateTime<Utc>) -> (String, String) {
        (
            serde_json::to_string(&Fast(t)).expect("fast"),
            serde_json::to_string(&t).expect("chrono"),
        )
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, sec: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, sec)
            .single()
            .expect("date")
    }

    #[test]
    fn edges_are_written_as_chrono_writes_them() {
        for t in [
            utc(2026, 11, 23, 9, 0, 0),
            utc(0, 1, 1, 0, 0, 0),
            utc(9999, 12, 31, 23, 59, 59),
            utc(10000, 1, 1, 0, 0, 0),
            utc(-1, 1, 1, 0, 0, 0),
            chrono::NaiveDate::from_ymd_opt(2016, 12, 31)
                .and_then(|d| d.and_hms_nano_opt(23, 59, 59, 1_500_000_000))
                .expect("leap second")
                .and_utc(),
        ] {
            let (fast, chrono) = both(t);
            assert_eq!(fast, chrono);
        }
    }

    proptest! {
        #[test]
        fn any_moment_is_written_as_chrono_writes_it(
            secs in -62_000_000_000i64..253_402_300_799,
            nanos in prop_oneof![Just(0u32), (0u32..1000).prop_map(|m| m * 1_000_000),
                                 (0u32..1_000_000).prop_map(|u| u * 1000), 0u32..1_000_000_000],
        ) {
            let t = DateTime::from_timestamp(secs, nanos).expect("in range");
            let (fast, chrono) = both(t);
            prop_assert_eq!(fast, chrono);
        }
    }
}
