//! Professional development of employees: a personal development plan (POP)
//! with goals and dated actions, reviews of it with the team lead, and the
//! trainings an employee followed (temporary staff too: anyone with an
//! account). An employee sees their own; their team lead the team's;
//! management only aggregates.

use time::Date;

use crate::{
    access::{Role, Viewer},
    error::DomainError,
    ids::{EmployeeId, TeamId},
    text,
};

/// The longest goal, action or course name.
pub const LINE_MAX: usize = 500;
/// The longest review notes.
pub const NOTES_MAX: usize = 4000;
/// The most hours one training record may have.
pub const HOURS_MAX: u32 = 1000;

/// Reading an employee's POP, trainings and attendance: the employee
/// themself and the team lead of their team. Management sees aggregates
/// only ([`may_view_aggregates`]).
pub fn may_read(v: &Viewer, employee: EmployeeId, team: TeamId) -> bool {
    v.employee == employee || (v.role == Role::Teamleider && v.team == team)
}

/// Adding goals, actions and trainings: the same people as reading.
pub fn may_add(v: &Viewer, employee: EmployeeId, team: TeamId) -> bool {
    may_read(v, employee, team)
}

/// Recording a review of the POP: the team lead of the employee's team, not
/// of their own POP.
pub fn may_review(v: &Viewer, employee: EmployeeId, team: TeamId) -> bool {
    v.role == Role::Teamleider && v.team == team && v.employee != employee
}

/// The aggregates per team: management every team, a team lead their own.
pub fn may_view_aggregates(v: &Viewer, team: TeamId) -> bool {
    match v.role {
        Role::Management => true,
        Role::Teamleider => v.team == team,
        _ => false,
    }
}

/// A line of text: a goal, an action or a course.
pub fn line(
    field: &'static str,
    input: &str,
    required: &'static str,
) -> Result<String, DomainError> {
    text::required(field, input, required, LINE_MAX)
}

/// A date as typed, required.
pub fn date(field: &'static str, input: &str, required: &'static str) -> Result<Date, DomainError> {
    if input.trim().is_empty() {
        return Err(DomainError::invalid(field, required));
    }
    text::parse_date(field, input)
}

/// A review as it may be stored: held not after today, with notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReview {
    pub reviewed_on: Date,
    pub notes: String,
}

impl NewReview {
    /// Checks a review as typed; every error at once.
    pub fn parse(
        reviewed_on: &str,
        notes: &str,
        today: Date,
    ) -> Result<NewReview, Vec<DomainError>> {
        let on = date("reviewed_on", reviewed_on, "review_date_required").and_then(|d| {
            if d > today {
                Err(DomainError::invalid("reviewed_on", "date_future"))
            } else {
                Ok(d)
            }
        });
        let notes = text::required("notes", notes, "review_notes_required", NOTES_MAX);
        match (on, notes) {
            (Ok(reviewed_on), Ok(notes)) => Ok(NewReview { reviewed_on, notes }),
            (on, notes) => Err(on.err().into_iter().chain(notes.err()).collect()),
        }
    }
}

/// A training as it may be stored: a course, a day not after today, hours
/// from 1 to [`HOURS_MAX`], and whether a certificate was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTraining {
    pub course: String,
    pub completed_on: Date,
    pub hours: u32,
    pub certificate: bool,
}

impl NewTraining {
    /// Checks a training as typed; every error at once.
    pub fn parse(
        course: &str,
        completed_on: &str,
        hours: &str,
        certificate: bool,
        today: Date,
    ) -> Result<NewTraining, Vec<DomainError>> {
        let course = line("course", course, "training_course_required");
        let on = date("completed_on", completed_on, "training_date_required").and_then(|d| {
            if d > today {
                Err(DomainError::invalid("completed_on", "date_future"))
            } else {
                Ok(d)
            }
        });
        let hours = hours
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|h| (1..=HOURS_MAX).contains(h))
            .ok_or(DomainError::invalid("hours", "training_hours_range"));
        match (course, on, hours) {
            (Ok(course), Ok(completed_on), Ok(hours)) => Ok(NewTraining {
                course,
                completed_on,
                hours,
                certificate,
            }),
            (c, o, h) => Err(c.err().into_iter().chain(o.err()).chain(h.err()).collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 12 - 04);

    fn v(role: Role, employee: i64, team: i64) -> Viewer {
        Viewer {
            role,
            employee: EmployeeId(employee),
            team: TeamId(team),
        }
    }

    #[test]
    fn own_team_lead_or_nobody() {
        let (me, team) = (EmployeeId(1), TeamId(7));
        assert!(may_read(&v(Role::Klantmanager, 1, 7), me, team));
        assert!(may_read(&v(Role::FunctioneelBeheer, 1, 7), me, team));
        assert!(may_read(&v(Role::Teamleider, 2, 7), me, team));
        assert!(!may_read(&v(Role::Teamleider, 3, 8), me, team));
        assert!(!may_read(&v(Role::Klantmanager, 4, 7), me, team));
        assert!(!may_read(&v(Role::Management, 5, 7), me, team));
        assert!(may_review(&v(Role::Teamleider, 2, 7), me, team));
        assert!(!may_review(&v(Role::Teamleider, 1, 7), me, team));
        assert!(!may_review(&v(Role::Klantmanager, 1, 7), me, team));
        assert!(may_view_aggregates(&v(Role::Management, 5, 1), team));
        assert!(may_view_aggregates(&v(Role::Teamleider, 2, 7), team));
        assert!(!may_view_aggregates(&v(Role::Teamleider, 3, 8), team));
        assert!(!may_view_aggregates(&v(Role::Klantmanager, 1, 7), team));
    }

    #[test]
    fn reviews_and_trainings_are_checked() {
        assert!(NewReview::parse("04-12-2026", "Goed gesprek", TODAY).is_ok());
        let codes = |e: Vec<DomainError>| e.into_iter().map(|e| e.code).collect::<Vec<_>>();
        assert_eq!(
            codes(NewReview::parse("", " ", TODAY).unwrap_err()),
            ["review_date_required", "review_notes_required"]
        );
        let t = NewTraining::parse(
            "Motiverende gespreksvoering",
            "01-11-2026",
            "16",
            true,
            TODAY,
        )
        .unwrap();
        assert_eq!(t.hours, 16);
        assert_eq!(
            codes(NewTraining::parse("", "05-12-2026", "0", false, TODAY).unwrap_err()),
            [
                "training_course_required",
                "date_future",
                "training_hours_range"
            ]
        );
    }
}
