//! Outflow (*uitstroom*) to work, full or partial (part-time work next to a
//! reduced benefit), the aftercare (*nazorg*) that follows it with its
//! scheduled check-ins, and whether the outflow proved durable.

use serde::{Deserialize, Serialize};
use time::Date;

use super::diagnosis::past_or_today;
use crate::{code::code_enum, error::DomainError, text};

code_enum! {
    pub enum OutflowKind {
        /// Off benefit: the file moves to *uitgestroomd* and aftercare.
        Full => "full",
        /// Part-time work next to a reduced benefit: the client stays open.
        Partial => "partial",
    }
    parse: invalid("kind", "outflow_kind_invalid")
}

code_enum! {
    pub enum OutflowReason {
        /// Paid work as an employee.
        PaidWork => "paid_work",
        /// Starting a business.
        OwnBusiness => "own_business",
        /// Education with study finance.
        Education => "education",
        Other => "other",
    }
    parse: invalid("reason", "outflow_reason_invalid")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOutflow {
    pub kind: OutflowKind,
    pub reason: OutflowReason,
    pub on: Date,
    /// The employer or school, as far as known.
    pub employer: String,
    pub hours_per_week: Option<u32>,
    pub note: String,
}

impl NewOutflow {
    /// The start of work may lie a little ahead (a contract signed for next
    /// month), but not more than three months.
    pub fn parse(
        kind: &str,
        reason: &str,
        on: &str,
        employer: &str,
        hours_per_week: &str,
        note: &str,
        today: Date,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let kind = OutflowKind::parse(kind).map_err(|e| errors.push(e)).ok();
        let reason = OutflowReason::parse(reason)
            .map_err(|e| errors.push(e))
            .ok();
        let on = if on.trim().is_empty() {
            Some(today)
        } else {
            text::parse_date("on", on)
                .and_then(|d| {
                    if d > add_months(today, 3) {
                        Err(DomainError::invalid("on", "outflow_too_far_ahead"))
                    } else {
                        Ok(d)
                    }
                })
                .map_err(|e| errors.push(e))
                .ok()
        };
        let employer = text::optional("employer", employer, text::SHORT)
            .map_err(|e| errors.push(e))
            .ok();
        let hours = match hours_per_week.trim() {
            "" => Some(None),
            h => match h.parse::<u32>() {
                Ok(n @ 1..=40) => Some(Some(n)),
                _ => {
                    errors.push(DomainError::invalid("hours_per_week", "hours_range"));
                    None
                }
            },
        };
        if kind == Some(OutflowKind::Partial) && hours == Some(None) {
            errors.push(DomainError::invalid(
                "hours_per_week",
                "outflow_partial_hours_required",
            ));
        }
        let note = text::optional("note", note, text::LONG)
            .map_err(|e| errors.push(e))
            .ok();
        match (kind, reason, on, employer, hours, note) {
            (
                Some(kind),
                Some(reason),
                Some(on),
                Some(employer),
                Some(hours_per_week),
                Some(note),
            ) if errors.is_empty() => Ok(Self {
                kind,
                reason,
                on,
                employer,
                hours_per_week,
                note,
            }),
            _ => Err(errors),
        }
    }
}

pub use crate::effects::period::add_months;

/// When aftercare check-ins fall due: a month after outflow, at three
/// months, and at the end of aftercare on `until` (each once, in order).
pub fn check_in_schedule(outflow_on: Date, until: Date) -> Vec<Date> {
    let mut days: Vec<Date> = [add_months(outflow_on, 1), add_months(outflow_on, 3)]
        .into_iter()
        .filter(|d| *d < until)
        .collect();
    days.push(until);
    days
}

/// How long after the end of aftercare a last missed check-in stays on the
/// caseload before it is let go.
pub const CHECK_IN_GRACE_DAYS: i64 = 28;

/// Where aftercare stands on `today`, given the check-ins done since outflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aftercare {
    pub until: Date,
    /// The next check-in, if any is left.
    pub next_check_in: Option<Date>,
    /// The next check-in is due (today or earlier) and not done.
    pub check_in_due: bool,
    pub ended: bool,
}

/// `until` is the end of aftercare as recorded with the outflow, so a later
/// change of the organisation's term does not move it.
pub fn aftercare(outflow_on: Date, until: Date, check_ins_done: usize, today: Date) -> Aftercare {
    let next = check_in_schedule(outflow_on, until)
        .get(check_ins_done)
        .copied();
    let lapsed = today > until + time::Duration::days(CHECK_IN_GRACE_DAYS);
    Aftercare {
        until,
        next_check_in: if lapsed { None } else { next },
        check_in_due: !lapsed && next.is_some_and(|d| d <= today),
        ended: lapsed || (next.is_none() && today > until),
    }
}

code_enum! {
    /// Whether an outflow lasted: a return to benefit (the file reopened, or the
    /// person registered again) within the window makes it not durable; once the
    /// window has passed without one, it is.
    pub enum Durability {
        /// The window is still running.
        Pending => "pending",
        Durable => "durable",
        NotDurable => "not_durable",
    }
}

impl Durability {
    pub fn of(
        outflow_on: Date,
        window_months: u32,
        returned_on: Option<Date>,
        today: Date,
    ) -> Durability {
        let until = add_months(outflow_on, window_months);
        match returned_on {
            Some(r) if r >= outflow_on && r <= until => Durability::NotDurable,
            _ if today > until => Durability::Durable,
            _ => Durability::Pending,
        }
    }
}

/// A check-in during aftercare: unlike other dated notes, it needs its note.
pub fn parse_check_in(
    on: &str,
    note: &str,
    today: Date,
) -> Result<super::work::DatedNote, Vec<DomainError>> {
    let mut errors = Vec::new();
    let on = past_or_today("on", on, today)
        .map_err(|e| errors.push(e))
        .ok();
    let note = text::required("note", note, "check_in_note_required", text::LONG)
        .map_err(|e| errors.push(e))
        .ok();
    match (on, note) {
        (Some(on), Some(note)) if errors.is_empty() => Ok(super::work::DatedNote { on, note }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 23);

    #[test]
    fn months_are_calendar_months() {
        assert_eq!(add_months(date!(2026 - 01 - 31), 1), date!(2026 - 02 - 28));
        assert_eq!(add_months(date!(2026 - 11 - 23), 6), date!(2027 - 05 - 23));
        assert_eq!(add_months(date!(2024 - 02 - 29), 12), date!(2025 - 02 - 28));
    }

    #[test]
    fn check_ins_at_one_three_and_the_end() {
        let d = date!(2026 - 06 - 15);
        let six = add_months(d, 6);
        assert_eq!(
            check_in_schedule(d, six),
            vec![
                date!(2026 - 07 - 15),
                date!(2026 - 09 - 15),
                date!(2026 - 12 - 15)
            ]
        );
        assert_eq!(
            check_in_schedule(d, add_months(d, 1)),
            vec![date!(2026 - 07 - 15)]
        );
        let a = aftercare(d, six, 0, TODAY);
        assert!(a.check_in_due, "a month has passed");
        assert_eq!(a.next_check_in, Some(date!(2026 - 07 - 15)));
        let a = aftercare(d, six, 2, TODAY);
        assert_eq!(
            (a.next_check_in, a.check_in_due, a.ended),
            (Some(date!(2026 - 12 - 15)), false, false)
        );
        let a = aftercare(d, six, 3, date!(2027 - 01 - 01));
        assert!(a.ended && !a.check_in_due);
        // A check-in missed long ago stops being due four weeks after the end.
        let late = aftercare(
            d,
            six,
            1,
            six + time::Duration::days(CHECK_IN_GRACE_DAYS + 1),
        );
        assert!(late.ended && !late.check_in_due && late.next_check_in.is_none());
        let grace = aftercare(d, six, 1, six + time::Duration::days(3));
        assert!(grace.check_in_due && !grace.ended);
    }

    #[test]
    fn durable_only_after_the_window_without_a_return() {
        let out = date!(2026 - 01 - 10);
        assert_eq!(
            Durability::of(out, 6, None, date!(2026 - 05 - 01)),
            Durability::Pending
        );
        assert_eq!(
            Durability::of(out, 6, None, date!(2026 - 07 - 11)),
            Durability::Durable
        );
        assert_eq!(
            Durability::of(out, 6, Some(date!(2026 - 04 - 01)), date!(2026 - 12 - 01)),
            Durability::NotDurable
        );
        // Back after the window: the outflow itself lasted.
        assert_eq!(
            Durability::of(out, 6, Some(date!(2026 - 09 - 01)), date!(2026 - 12 - 01)),
            Durability::Durable
        );
    }

    #[test]
    fn partial_outflow_needs_its_hours() {
        let e =
            NewOutflow::parse("partial", "paid_work", "", "Zorggroep", "", "", TODAY).unwrap_err();
        assert_eq!(e[0].code, "outflow_partial_hours_required");
        let ok =
            NewOutflow::parse("partial", "paid_work", "", "Zorggroep", "16", "", TODAY).unwrap();
        assert_eq!((ok.on, ok.hours_per_week), (TODAY, Some(16)));
        let e =
            NewOutflow::parse("full", "paid_work", "2027-06-01", "", "", "", TODAY).unwrap_err();
        assert_eq!(e[0].code, "outflow_too_far_ahead");
        let e = NewOutflow::parse("half", "luck", "", "", "", "", TODAY).unwrap_err();
        let codes: Vec<_> = e.iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            vec!["outflow_kind_invalid", "outflow_reason_invalid"]
        );
    }
}
