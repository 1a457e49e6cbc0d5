//! Working days, for deciding when a handover is overdue.

use time::{Date, Duration, Weekday};

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

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

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
}
