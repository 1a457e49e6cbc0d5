//! Periods and scopes the effectenkaart is computed over.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month};

use crate::{
    client::Owner,
    error::DomainError,
    ids::{EmployeeId, TeamId},
};

/// Whose work a figure is about. A client counts for the scope that owned
/// them at the moment that matters for the figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Scope {
    Organisation,
    Team(TeamId),
    Caseworker(EmployeeId),
}

impl Scope {
    pub fn contains(self, owner: Owner) -> bool {
        match self {
            Scope::Organisation => true,
            Scope::Team(t) => owner.team_id == t,
            Scope::Caseworker(e) => owner.employee_id == e,
        }
    }

    /// `organisation`, `team:3` or `caseworker:17`, as in links.
    pub fn key(self) -> String {
        match self {
            Scope::Organisation => "organisation".into(),
            Scope::Team(t) => format!("team:{t}"),
            Scope::Caseworker(e) => format!("caseworker:{e}"),
        }
    }

    /// Reads [`Scope::key`]; whether the team or caseworker exists is the
    /// caller's to check.
    pub fn parse(s: &str) -> Result<Scope, DomainError> {
        let bad = || DomainError::invalid("scope", "scope_invalid");
        let s = s.trim();
        if s.is_empty() || s == "organisation" {
            return Ok(Scope::Organisation);
        }
        let (kind, id) = s.split_once(':').ok_or_else(bad)?;
        let id: i64 = id.trim().parse().map_err(|_| bad())?;
        match kind {
            "team" => Ok(Scope::Team(TeamId(id))),
            "caseworker" => Ok(Scope::Caseworker(EmployeeId(id))),
            _ => Err(bad()),
        }
    }
}

/// Whole days `from..=to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

impl Period {
    /// A period of one day up to five years, within years 1900–2200 (so
    /// every date arithmetic on it stays inside the calendar).
    pub fn new(from: Date, to: Date) -> Result<Period, DomainError> {
        if to < from {
            return Err(DomainError::invalid("to", "period_reversed"));
        }
        if from.year() < 1900 || to.year() > 2200 {
            return Err(DomainError::invalid("from", "period_out_of_range"));
        }
        if (to - from).whole_days() > 5 * 366 {
            return Err(DomainError::invalid("to", "period_too_long"));
        }
        Ok(Period { from, to })
    }

    /// The calendar quarter that contains `day`.
    pub fn quarter_of(day: Date) -> Period {
        let first_month = (u8::from(day.month()) - 1) / 3 * 3 + 1;
        let from = month_start(day.year(), first_month);
        let to = month_start(day.year(), first_month + 2);
        Period {
            from,
            to: last_of_month(to),
        }
    }

    /// The period of the same length that ends the day before this one starts.
    pub fn previous(self) -> Period {
        let days = (self.to - self.from).whole_days();
        let to = self.from - Duration::days(1);
        Period {
            from: to - Duration::days(days),
            to,
        }
    }

    pub fn days(self) -> i64 {
        (self.to - self.from).whole_days() + 1
    }

    pub fn contains(self, day: Date) -> bool {
        self.from <= day && day <= self.to
    }

    /// Calendar months ending with the one that contains `to`, oldest first,
    /// for trend lines.
    pub fn months_up_to(to: Date, count: u32) -> Vec<Period> {
        let mut out = Vec::with_capacity(count as usize);
        let (mut year, mut month) = (to.year(), u8::from(to.month()));
        for _ in 0..count {
            let from = month_start(year, month);
            out.push(Period {
                from,
                to: last_of_month(from),
            });
            if month == 1 {
                year -= 1;
                month = 12;
            } else {
                month -= 1;
            }
        }
        out.reverse();
        out
    }

    /// Weeks Monday–Sunday whose Sunday lies in the period; a period without
    /// a Sunday is one week of its own.
    pub fn weeks(self) -> Vec<(Date, Date)> {
        let mut sunday = self.from;
        while sunday.weekday() != time::Weekday::Sunday {
            sunday += Duration::days(1);
        }
        let mut out = Vec::new();
        while sunday <= self.to {
            out.push((sunday - Duration::days(6), sunday));
            sunday += Duration::days(7);
        }
        if out.is_empty() {
            out.push((self.from, self.to));
        }
        out
    }
}

fn month_start(year: i32, month: u8) -> Date {
    let month = Month::try_from(month).unwrap_or(Month::January);
    Date::from_calendar_date(year, month, 1).unwrap_or(Date::MIN)
}

fn last_of_month(first: Date) -> Date {
    let len = first.month().length(first.year());
    first.replace_day(len).unwrap_or(first)
}

/// Adds calendar months, keeping the day where the month allows (31 Jan + 1
/// month is 28 or 29 Feb).
pub fn add_months(day: Date, months: u32) -> Date {
    let total = day.year() * 12 + i32::from(u8::from(day.month())) - 1 + months as i32;
    let (year, month) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u8);
    let first = month_start(year, month);
    let len = first.month().length(year);
    first.replace_day(day.day().min(len)).unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn previous_period_has_the_same_length_and_touches() {
        let q = Period::new(date!(2026 - 07 - 01), date!(2026 - 09 - 30)).unwrap();
        let p = q.previous();
        assert_eq!(p.to, date!(2026 - 06 - 30));
        assert_eq!(p.days(), q.days());
        assert_eq!(p.from, date!(2026 - 03 - 31));
    }

    #[test]
    fn quarters_and_months() {
        let q = Period::quarter_of(date!(2026 - 11 - 23));
        assert_eq!(
            (q.from, q.to),
            (date!(2026 - 10 - 01), date!(2026 - 12 - 31))
        );
        let m = Period::months_up_to(date!(2026 - 02 - 10), 3);
        assert_eq!(m[0].from, date!(2025 - 12 - 01));
        assert_eq!(m[2].to, date!(2026 - 02 - 28));
        assert_eq!(add_months(date!(2026 - 01 - 31), 1), date!(2026 - 02 - 28));
        assert_eq!(add_months(date!(2026 - 11 - 15), 12), date!(2027 - 11 - 15));
    }

    #[test]
    fn weeks_are_counted_by_their_sunday() {
        // 2026-11-01 is a Sunday: the week 26 Oct–1 Nov counts for November.
        let p = Period::new(date!(2026 - 11 - 01), date!(2026 - 11 - 30)).unwrap();
        let w = p.weeks();
        assert_eq!(w.len(), 5);
        assert_eq!(w[0], (date!(2026 - 10 - 26), date!(2026 - 11 - 01)));
        let short = Period::new(date!(2026 - 11 - 02), date!(2026 - 11 - 04)).unwrap();
        assert_eq!(
            short.weeks(),
            vec![(date!(2026 - 11 - 02), date!(2026 - 11 - 04))]
        );
    }

    #[test]
    fn bad_periods_are_refused() {
        let e = Period::new(date!(2026 - 02 - 01), date!(2026 - 01 - 01)).unwrap_err();
        assert_eq!(e.code, "period_reversed");
        let e = Period::new(date!(2010 - 01 - 01), date!(2026 - 01 - 01)).unwrap_err();
        assert_eq!(e.code, "period_too_long");
        let e = Period::new(date!(1000 - 01 - 01), date!(1001 - 01 - 01)).unwrap_err();
        assert_eq!(e.code, "period_out_of_range");
        assert_eq!(Scope::parse("team:3").unwrap(), Scope::Team(TeamId(3)));
        assert_eq!(Scope::parse("").unwrap(), Scope::Organisation);
        assert!(Scope::parse("team:x").is_err());
        assert!(Scope::parse("planet:3").is_err());
    }
}
