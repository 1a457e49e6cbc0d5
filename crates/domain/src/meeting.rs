//! The overdrachtsoverleg as a meeting: a team records when it met, who
//! attended and, per handover discussed, the decision taken there. The
//! record notes decisions; accepting or returning a handover stays the
//! handover's own act, so the record never holds a handover's state.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::{
    access::Viewer,
    calendar,
    code::code_enum,
    error::DomainError,
    ids::{EmployeeId, HandoverId, TeamId},
    text,
};

/// Taking part in a team's overdrachtsoverleg (its agenda's decisions and
/// its meeting records): the team's caseworkers and its team lead.
pub fn may_attend(v: &Viewer, team: TeamId) -> bool {
    v.role.works_with_clients() && v.team == team
}

code_enum! {
    /// A section of the agenda; the code is what the filter puts in the
    /// address.
    pub enum AgendaSection {
        /// Offered to the team, within the term.
        Incoming => "inkomend",
        /// Offered by the team, within the term.
        Outgoing => "uitgaand",
        /// Waiting past the organisation's term, either way.
        Overdue => "te_laat",
        /// Sent back to the team lately.
        Returned => "teruggestuurd",
    }
    parse: trimmed
}

/// How long a returned handover stays on the agenda, in days.
pub const RETURNED_DAYS: i64 = 28;

/// The last day an offer made on `offered_on` is answered in time, with a
/// term of `term` working days (see [`crate::handover::is_overdue`]).
pub fn due_on(offered_on: Date, term: u32) -> Date {
    let mut d = offered_on;
    for _ in 0..400 {
        let Some(next) = d.next_day() else { break };
        if calendar::working_days_between(offered_on, next) > i64::from(term) {
            break;
        }
        d = next;
    }
    d
}

/// One recorded overdrachtsoverleg.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MeetingId(pub i64);

impl std::fmt::Display for MeetingId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

code_enum! {
    /// What the meeting decided on one handover.
    pub enum MeetingOutcome {
        /// The receiving team takes the client (the accept itself is the
        /// handover's act).
        Accepted => "accepted",
        /// Sent back, with the reason in the note.
        Returned => "returned",
        /// Discussed again at a later meeting.
        Postponed => "postponed",
        /// Something else, said in the note.
        Other => "other",
    }
    parse: invalid("decisions", "meeting_outcome_invalid")
}

impl MeetingOutcome {
    /// Whether the decision needs a note: a return says why, "other" says what.
    pub fn needs_note(self) -> bool {
        matches!(self, MeetingOutcome::Returned | MeetingOutcome::Other)
    }
}

/// The longest note on one decision: a line on the agenda, not a file.
pub const NOTE_MAX: usize = 500;

/// A decision on one handover, as typed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionInput {
    pub handover: HandoverId,
    pub outcome: String,
    pub note: String,
}

/// A decision taken at a meeting on one handover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingDecision {
    pub handover: HandoverId,
    pub outcome: MeetingOutcome,
    pub note: String,
}

/// A meeting as it may be stored: held on a day not after today, attended
/// by at least one member of the team, decisions only on the team's own
/// handovers (offered by or to it), one per handover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMeeting {
    pub team: TeamId,
    pub held_on: Date,
    pub attendees: Vec<EmployeeId>,
    pub decisions: Vec<MeetingDecision>,
}

/// What the rules need to know of the team: its members and the handovers
/// offered by or to it.
#[derive(Debug, Clone, Copy)]
pub struct TeamFacts<'a> {
    pub team: TeamId,
    pub members: &'a [EmployeeId],
    pub handovers: &'a [HandoverId],
}

impl NewMeeting {
    /// Checks a meeting as typed in; every error at once, each with its field
    /// (`held_on`, `attendees`, `decisions`).
    pub fn parse(
        facts: TeamFacts<'_>,
        held_on: &str,
        attendees: &[EmployeeId],
        decisions: &[DecisionInput],
        today: Date,
    ) -> Result<NewMeeting, Vec<DomainError>> {
        let mut errors = Vec::new();
        let held_on = held_on_date(held_on, "meeting_date_required", today)
            .map_err(|e| errors.push(e))
            .ok();
        let (people, people_error) = gathered(
            attendees,
            facts.members,
            "attendees",
            ["meeting_attendee_required", "meeting_attendee_not_member"],
        );
        errors.extend(people_error);

        let mut kept: Vec<MeetingDecision> = Vec::new();
        let mut decision_error: Option<DomainError> = None;
        for d in decisions {
            let checked = check_decision(facts, d, &kept);
            match checked {
                Ok(decision) => kept.push(decision),
                Err(e) => {
                    decision_error.get_or_insert(e);
                }
            }
        }
        errors.extend(decision_error);

        match (held_on, errors.is_empty()) {
            (Some(held_on), true) => Ok(NewMeeting {
                team: facts.team,
                held_on,
                attendees: people,
                decisions: kept,
            }),
            _ => Err(errors),
        }
    }
}

/// The day a gathering (an overleg, an intervision session) was held: given,
/// a date, not after `today`; empty gives `required`.
pub(crate) fn held_on_date(
    raw: &str,
    required: &'static str,
    today: Date,
) -> Result<Date, DomainError> {
    if raw.trim().is_empty() {
        return Err(DomainError::invalid("held_on", required));
    }
    let d = text::parse_date("held_on", raw)?;
    if d > today {
        return Err(DomainError::invalid("held_on", "date_future"));
    }
    Ok(d)
}

/// Who took part, each once in the order given, with the error on `field`:
/// `codes[0]` when nobody is named, `codes[1]` when someone is not among
/// `allowed`.
pub(crate) fn gathered(
    given: &[EmployeeId],
    allowed: &[EmployeeId],
    field: &'static str,
    codes: [&'static str; 2],
) -> (Vec<EmployeeId>, Option<DomainError>) {
    let mut people: Vec<EmployeeId> = Vec::new();
    for p in given {
        if !people.contains(p) {
            people.push(*p);
        }
    }
    let error = if people.is_empty() {
        Some(DomainError::invalid(field, codes[0]))
    } else if people.iter().any(|p| !allowed.contains(p)) {
        Some(DomainError::invalid(field, codes[1]))
    } else {
        None
    };
    (people, error)
}

fn check_decision(
    facts: TeamFacts<'_>,
    d: &DecisionInput,
    before: &[MeetingDecision],
) -> Result<MeetingDecision, DomainError> {
    if !facts.handovers.contains(&d.handover) {
        return Err(DomainError::invalid(
            "decisions",
            "meeting_handover_not_of_team",
        ));
    }
    if before.iter().any(|b| b.handover == d.handover) {
        return Err(DomainError::invalid("decisions", "meeting_handover_twice"));
    }
    let outcome = MeetingOutcome::parse(&d.outcome)?;
    let note = text::optional("decisions", &d.note, NOTE_MAX)
        .map_err(|_| DomainError::invalid("decisions", "meeting_note_too_long"))?;
    if outcome.needs_note() && note.is_empty() {
        return Err(DomainError::invalid("decisions", "meeting_note_required"));
    }
    Ok(MeetingDecision {
        handover: d.handover,
        outcome,
        note,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 12 - 04);
    const MEMBERS: [EmployeeId; 2] = [EmployeeId(1), EmployeeId(2)];
    const HANDOVERS: [HandoverId; 2] = [HandoverId(10), HandoverId(11)];

    fn facts() -> TeamFacts<'static> {
        TeamFacts {
            team: TeamId(7),
            members: &MEMBERS,
            handovers: &HANDOVERS,
        }
    }

    fn decision(h: i64, outcome: &str, note: &str) -> DecisionInput {
        DecisionInput {
            handover: HandoverId(h),
            outcome: outcome.into(),
            note: note.into(),
        }
    }

    fn codes(r: Result<NewMeeting, Vec<DomainError>>) -> Vec<(&'static str, &'static str)> {
        r.unwrap_err()
            .into_iter()
            .map(|e| (e.field.unwrap_or(""), e.code))
            .collect()
    }

    #[test]
    fn a_meeting_of_today_with_members_and_decisions_on_its_handovers() {
        let m = NewMeeting::parse(
            facts(),
            "04-12-2026",
            &[EmployeeId(1), EmployeeId(2), EmployeeId(1)],
            &[
                decision(10, "accepted", ""),
                decision(11, "returned", "Hoort bij team Werk"),
            ],
            TODAY,
        )
        .unwrap();
        assert_eq!(m.held_on, TODAY);
        assert_eq!(m.team, TeamId(7));
        assert_eq!(m.attendees, vec![EmployeeId(1), EmployeeId(2)]);
        assert_eq!(m.decisions.len(), 2);
        assert_eq!(m.decisions[1].outcome, MeetingOutcome::Returned);
        assert_eq!(m.decisions[1].note, "Hoort bij team Werk");
    }

    #[test]
    fn a_meeting_without_decisions_is_a_meeting_too() {
        let m = NewMeeting::parse(facts(), "2026-11-30", &[EmployeeId(2)], &[], TODAY).unwrap();
        assert!(m.decisions.is_empty());
    }

    #[test]
    fn the_date_is_required_valid_and_not_after_today() {
        for (raw, code) in [
            ("", "meeting_date_required"),
            ("31-02-2026", "date_invalid"),
            ("05-12-2026", "date_future"),
        ] {
            assert_eq!(
                codes(NewMeeting::parse(
                    facts(),
                    raw,
                    &[EmployeeId(1)],
                    &[],
                    TODAY
                )),
                vec![("held_on", code)],
                "{raw}"
            );
        }
    }

    #[test]
    fn at_least_one_attendee_and_only_members_of_the_team() {
        assert_eq!(
            codes(NewMeeting::parse(facts(), "04-12-2026", &[], &[], TODAY)),
            vec![("attendees", "meeting_attendee_required")]
        );
        assert_eq!(
            codes(NewMeeting::parse(
                facts(),
                "04-12-2026",
                &[EmployeeId(1), EmployeeId(99)],
                &[],
                TODAY
            )),
            vec![("attendees", "meeting_attendee_not_member")]
        );
    }

    #[test]
    fn decisions_only_on_the_teams_handovers_once_each_with_a_note_where_needed() {
        for (d, code) in [
            (
                vec![decision(12, "accepted", "")],
                "meeting_handover_not_of_team",
            ),
            (
                vec![decision(10, "accepted", ""), decision(10, "postponed", "")],
                "meeting_handover_twice",
            ),
            (vec![decision(10, "maybe", "")], "meeting_outcome_invalid"),
            (
                vec![decision(10, "returned", "  ")],
                "meeting_note_required",
            ),
            (vec![decision(10, "other", "")], "meeting_note_required"),
            (
                vec![decision(10, "postponed", &"x".repeat(NOTE_MAX + 1))],
                "meeting_note_too_long",
            ),
        ] {
            assert_eq!(
                codes(NewMeeting::parse(
                    facts(),
                    "04-12-2026",
                    &[EmployeeId(1)],
                    &d,
                    TODAY
                )),
                vec![("decisions", code)],
                "{d:?}"
            );
        }
    }

    #[test]
    fn due_is_the_last_day_before_overdue() {
        // Friday 4 December 2026, a term of 5 working days.
        let offered = date!(2026 - 12 - 04);
        let due = due_on(offered, 5);
        assert!(!crate::handover::is_overdue(offered, due, 5));
        assert!(crate::handover::is_overdue(
            offered,
            due.next_day().unwrap(),
            5
        ));
    }

    #[test]
    fn only_the_teams_own_people_take_part() {
        use crate::access::Role;
        let v = |role, team| Viewer {
            role,
            employee: EmployeeId(1),
            team: TeamId(team),
        };
        assert!(may_attend(&v(Role::Klantmanager, 7), TeamId(7)));
        assert!(may_attend(&v(Role::Teamleider, 7), TeamId(7)));
        assert!(!may_attend(&v(Role::Teamleider, 8), TeamId(7)));
        assert!(!may_attend(&v(Role::Management, 7), TeamId(7)));
    }

    #[test]
    fn every_error_at_once() {
        let e = codes(NewMeeting::parse(
            facts(),
            "morgen",
            &[],
            &[decision(99, "accepted", "")],
            TODAY,
        ));
        assert_eq!(
            e,
            vec![
                ("held_on", "date_invalid"),
                ("attendees", "meeting_attendee_required"),
                ("decisions", "meeting_handover_not_of_team"),
            ]
        );
    }
}
