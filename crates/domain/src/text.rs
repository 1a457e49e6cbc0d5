//! Validation of free text and dates as people type them.

use time::{macros::format_description, Date};

use crate::error::DomainError;

/// Cleans `input` (see [`clean`]); errors when nothing is left
/// (`required_code`) or it is longer than `max` characters.
pub fn required(
    field: &'static str,
    input: &str,
    required_code: &'static str,
    max: usize,
) -> Result<String, DomainError> {
    let t = clean(input);
    if t.is_empty() {
        return Err(DomainError::invalid(field, required_code));
    }
    limit(field, t, max)
}

/// Cleans `input` (see [`clean`]) and checks its length; empty is allowed.
pub fn optional(field: &'static str, input: &str, max: usize) -> Result<String, DomainError> {
    limit(field, clean(input), max)
}

/// Drops control characters other than newlines and tabs, which have no
/// place in a file, and then trims. In that order: a name of only control
/// characters is empty, and one that starts with them has no leading space.
fn clean(input: &str) -> String {
    let kept: String = input
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect();
    kept.trim().to_owned()
}

fn limit(field: &'static str, t: String, max: usize) -> Result<String, DomainError> {
    if t.chars().count() > max {
        let code = if max <= 200 {
            "name_too_long"
        } else {
            "text_too_long"
        };
        return Err(DomainError::invalid(field, code));
    }
    Ok(t)
}

/// Short free text such as names.
pub const SHORT: usize = 200;
/// Longer notes.
pub const LONG: usize = 4000;

/// Parses a date written `jjjj-mm-dd` or `dd-mm-jjjj` (also with `/` or `.`).
pub fn parse_date(field: &'static str, input: &str) -> Result<Date, DomainError> {
    let s = input.trim().replace(['/', '.'], "-");
    let iso = format_description!("[year]-[month]-[day]");
    let dutch = format_description!("[day]-[month]-[year]");
    let padded = pad_dutch(&s);
    Date::parse(&s, &iso)
        .or_else(|_| Date::parse(&padded, &dutch))
        .ok()
        // The parser takes signed years too (`-9999-01-01`): nobody's date
        // here, and out of range for PostgreSQL's `date`.
        .filter(|d| d.year() >= 1)
        .ok_or_else(|| DomainError::invalid(field, "date_invalid"))
}

/// `dd-mm-jjjj`, as Dutch users write dates.
pub fn dmy(d: Date) -> String {
    format!("{:02}-{:02}-{}", d.day(), u8::from(d.month()), d.year())
}

/// `1-2-2024` → `01-02-2024`: the time crate wants two-digit days and months.
fn pad_dutch(s: &str) -> String {
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() == 3 && parts[2].len() == 4 {
        format!("{:0>2}-{:0>2}-{}", parts[0], parts[1], parts[2])
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates_in_both_orders() {
        assert_eq!(
            parse_date("d", "2024-03-07").unwrap(),
            date!(2024 - 03 - 07)
        );
        assert_eq!(
            parse_date("d", "07-03-2024").unwrap(),
            date!(2024 - 03 - 07)
        );
        assert_eq!(parse_date("d", "7-3-2024").unwrap(), date!(2024 - 03 - 07));
        assert_eq!(
            parse_date("d", "07/03/2024").unwrap(),
            date!(2024 - 03 - 07)
        );
        assert_eq!(
            parse_date("d", " 2024-03-07 ").unwrap(),
            date!(2024 - 03 - 07)
        );
        // The ends of the calendar the API and the databases share.
        assert_eq!(
            parse_date("d", "0001-01-01").unwrap(),
            date!(0001 - 01 - 01)
        );
        assert_eq!(
            parse_date("d", "31-12-9999").unwrap(),
            date!(9999 - 12 - 31)
        );
    }

    #[test]
    fn impossible_dates_are_rejected() {
        for bad in [
            "2024-02-30",
            "31-04-2024",
            "2024-13-01",
            "gisteren",
            "",
            "03-07-24",
            "-0001-01-01",
            "-9999-12-31",
            "0000-06-01",
            "01-01-0000",
            "99999-01-01",
        ] {
            assert_eq!(
                parse_date("d", bad).unwrap_err().code,
                "date_invalid",
                "{bad}"
            );
        }
    }

    #[test]
    fn text_rules() {
        assert_eq!(
            required("n", "  Jan ", "name_required", SHORT).unwrap(),
            "Jan"
        );
        assert_eq!(
            required("n", "  ", "name_required", SHORT)
                .unwrap_err()
                .code,
            "name_required"
        );
        assert_eq!(
            required("n", &"x".repeat(201), "name_required", SHORT)
                .unwrap_err()
                .code,
            "name_too_long"
        );
        assert_eq!(optional("n", "a\u{7}b\nc", LONG).unwrap(), "ab\nc");
    }

    /// Found by fuzzing the roster: control characters used to be dropped
    /// after the emptiness check and the trim.
    #[test]
    fn control_characters_go_before_the_checks() {
        assert_eq!(
            required("n", "\u{1}\u{0}", "name_required", SHORT)
                .unwrap_err()
                .code,
            "name_required"
        );
        assert_eq!(
            required("n", "\u{f}\u{0} Jan \u{7f}", "name_required", SHORT).unwrap(),
            "Jan"
        );
        assert_eq!(optional("n", "\u{1b} \n", LONG).unwrap(), "");
    }
}
