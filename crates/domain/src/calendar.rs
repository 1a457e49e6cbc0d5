//! Calendar rules: working days (when a handover is overdue), Dutch local
//! time, and where a period of whole days ends.

use time::{Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, UtcOffset, Weekday};

/// Number of working days (Monday to Friday) after `from` up to and including `to`.
/// A handover offered on Friday and looked at on Monday has waited one working day.
pub fn working_days_between(from: Date, to: Date) -> i64 {
    if to <= from {
        return 0;
    }
    let days = (to - from).whole_days();
    let full_weeks = days / 7;
    let mut count = full_weeks * 5;
    let mut d = from + Duration::days(full_weeks * 7);
    while d < to {
        d += Duration::days(1);
        if !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) {
            count += 1;
        }
    }
    count
}

/// The last Sunday of `month` in `year`.
fn last_sunday(year: i32, month: Month) -> Option<Date> {
    let mut d = Date::from_calendar_date(year, month, month.length(year)).ok()?;
    while d.weekday() != Weekday::Sunday {
        d = d.previous_day()?;
    }
    Some(d)
}

/// Converts a moment to Dutch local time (CET, or CEST from the last Sunday
/// of March to the last Sunday of October, switching at 01:00 UTC as in the
/// whole EU). Users read times and "today" in this zone.
pub fn dutch_time(t: OffsetDateTime) -> OffsetDateTime {
    let utc = t.to_offset(UtcOffset::UTC);
    let year = utc.year();
    let summer = match (
        last_sunday(year, Month::March),
        last_sunday(year, Month::October),
    ) {
        (Some(start), Some(end)) => {
            let start = start.with_hms(1, 0, 0).map(|d| d.assume_utc());
            let end = end.with_hms(1, 0, 0).map(|d| d.assume_utc());
            matches!((start, end), (Ok(s), Ok(e)) if utc >= s && utc < e)
        }
        _ => false,
    };
    let hours = if summer { 2 } else { 1 };
    UtcOffset::from_hms(hours, 0, 0).map_or(utc, |o| utc.to_offset(o))
}

/// The Dutch calendar date of a moment.
pub fn dutch_date(t: OffsetDateTime) -> Date {
    dutch_time(t).date()
}

/// Where a period that includes the whole day `to` ends: the start of the
/// next day (UTC), or the calendar's last moment when `to` is its last day
/// (9999-12-31), which has no next day to add.
pub fn period_end(to: Date) -> OffsetDateTime {
    to.next_day()
        .map_or(PrimitiveDateTime::MAX, Date::midnight)
        .assume_utc()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn dutch_time_follows_summer_time() {
        // Winter: UTC+1.
        assert_eq!(
            dutch_time(datetime!(2026-01-15 23:30 UTC)).date(),
            date!(2026 - 01 - 16)
        );
        assert_eq!(dutch_time(datetime!(2026-01-15 12:00 UTC)).hour(), 13);
        // Summer time starts 29 March 2026 at 01:00 UTC.
        assert_eq!(dutch_time(datetime!(2026-03-29 00:59 UTC)).hour(), 1);
        assert_eq!(dutch_time(datetime!(2026-03-29 01:00 UTC)).hour(), 3);
        // And ends 25 October 2026 at 01:00 UTC.
        assert_eq!(dutch_time(datetime!(2026-10-25 00:59 UTC)).hour(), 2);
        assert_eq!(dutch_time(datetime!(2026-10-25 01:00 UTC)).hour(), 2);
        assert_eq!(
            dutch_time(datetime!(2026-10-25 01:00 UTC))
                .offset()
                .whole_hours(),
            1
        );
    }

    #[test]
    fn weekends_do_not_count() {
        // 2026-11-20 is a Friday.
        assert_eq!(
            working_days_between(date!(2026 - 11 - 20), date!(2026 - 11 - 23)),
            1
        );
        assert_eq!(
            working_days_between(date!(2026 - 11 - 20), date!(2026 - 11 - 22)),
            0
        );
        assert_eq!(
            working_days_between(date!(2026 - 11 - 16), date!(2026 - 11 - 23)),
            5
        );
        assert_eq!(
            working_days_between(date!(2026 - 11 - 16), date!(2026 - 11 - 30)),
            10
        );
        assert_eq!(
            working_days_between(date!(2026 - 11 - 16), date!(2026 - 11 - 16)),
            0
        );
        assert_eq!(
            working_days_between(date!(2026 - 11 - 23), date!(2026 - 11 - 16)),
            0
        );
    }

    #[test]
    fn matches_day_by_day_count() {
        let start = date!(2026 - 01 - 01);
        for offset in 0..60 {
            let to = start + Duration::days(offset);
            let mut slow = 0;
            let mut d = start;
            while d < to {
                d += Duration::days(1);
                if !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) {
                    slow += 1;
                }
            }
            assert_eq!(working_days_between(start, to), slow, "offset {offset}");
        }
    }

    #[test]
    fn period_end_includes_the_last_day_even_at_the_end_of_the_calendar() {
        assert_eq!(
            period_end(date!(2024 - 02 - 28)),
            datetime!(2024-02-29 0:00 UTC)
        );
        assert_eq!(
            period_end(date!(2024 - 12 - 31)),
            datetime!(2025-01-01 0:00 UTC)
        );
        let last = period_end(Date::MAX);
        assert_eq!(last.date(), Date::MAX);
        assert!(last > datetime!(9999-12-31 23:59:59 UTC));
    }
}
