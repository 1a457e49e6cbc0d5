//! Intervision and case consultation (casuïstiekoverleg): a team records a
//! session (date, method, who took part), the cases brought in (a question,
//! the advice, optionally the client it was about) and the follow-ups agreed
//! (an owner, what, by when). A follow-up is marked done later; nothing else
//! of a session changes.

use serde::Serialize;
use time::{Date, Month};

use crate::{
    access::Viewer,
    code::code_enum,
    error::DomainError,
    ids::{ClientId, EmployeeId, TeamId},
    meeting::{gathered, held_on_date},
    text,
};

code_enum! {
    /// How the session worked.
    pub enum IntervisionMethod {
        /// The incident method: one situation, questions round, advice round.
        Incident => "incident_method",
        /// The Socratic dialogue.
        Socratic => "socratic_dialogue",
        /// Peer consultation (collegiale consultatie).
        PeerConsultation => "peer_consultation",
        /// Case consultation (casuïstiekoverleg).
        CaseConsultation => "case_consultation",
        /// Something else.
        Other => "other",
    }
    parse: invalid("method", "intervision_method_invalid")
}

/// The longest question or advice of one case.
pub const CASE_TEXT_MAX: usize = 2000;
/// The longest description of a follow-up.
pub const FOLLOW_UP_MAX: usize = 500;

/// Recording a session of `team`: its own caseworkers and team lead.
pub fn may_record(v: &Viewer, team: TeamId) -> bool {
    v.role.works_with_clients() && v.team == team
}

/// Reading a session: the team's caseworkers and team lead, and whoever took
/// part (intervision groups may cross teams). A case's client is then shown
/// only under [`crate::access::may_read_client`].
pub fn may_read_session(v: &Viewer, team: TeamId, participants: &[EmployeeId]) -> bool {
    v.role.works_with_clients() && (v.team == team || participants.contains(&v.employee))
}

/// Marking a follow-up done: its owner, or a caseworker or team lead of the
/// session's team.
pub fn may_finish_follow_up(v: &Viewer, owner: EmployeeId, team: TeamId) -> bool {
    v.role.works_with_clients() && (v.employee == owner || v.team == team)
}

/// The quarter a day falls in, as `2026-Q4`.
pub fn quarter(d: Date) -> String {
    let q = match d.month() {
        Month::January | Month::February | Month::March => 1,
        Month::April | Month::May | Month::June => 2,
        Month::July | Month::August | Month::September => 3,
        _ => 4,
    };
    format!("{}-Q{q}", d.year())
}

/// A case as typed in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseInput {
    pub question: String,
    pub advice: String,
    pub client: Option<ClientId>,
}

/// A follow-up as typed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpInput {
    pub owner: EmployeeId,
    pub description: String,
    pub due_on: String,
}

/// A case as it may be stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewCase {
    pub question: String,
    pub advice: String,
    pub client: Option<ClientId>,
}

/// A follow-up as it may be stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewFollowUp {
    pub owner: EmployeeId,
    pub description: String,
    pub due_on: Date,
}

/// What the rules need to know: the session's team, the employees who may
/// take part (casework staff of the organisation), and the clients the
/// recorder may read (only those may be linked to a case).
#[derive(Debug, Clone, Copy)]
pub struct SessionFacts<'a> {
    pub team: TeamId,
    pub colleagues: &'a [EmployeeId],
    pub readable_clients: &'a [ClientId],
}

/// A session as it may be stored: held not after today, a known method, at
/// least one participant (casework staff), each case with a question and an
/// advice and a client only the recorder may read, each follow-up owned by a
/// participant with a description and a due date not before the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewIntervision {
    pub team: TeamId,
    pub held_on: Date,
    pub method: IntervisionMethod,
    pub participants: Vec<EmployeeId>,
    pub cases: Vec<NewCase>,
    pub follow_ups: Vec<NewFollowUp>,
}

impl NewIntervision {
    /// Checks a session as typed in; every error at once, each with its
    /// field (`held_on`, `method`, `participants`, `cases`, `follow_ups`).
    pub fn parse(
        facts: SessionFacts<'_>,
        held_on: &str,
        method: &str,
        participants: &[EmployeeId],
        cases: &[CaseInput],
        follow_ups: &[FollowUpInput],
        today: Date,
    ) -> Result<NewIntervision, Vec<DomainError>> {
        let mut errors = Vec::new();
        let held_on = held_on_date(held_on, "intervision_date_required", today)
            .map_err(|e| errors.push(e))
            .ok();
        let method = IntervisionMethod::parse(method)
            .map_err(|e| errors.push(e))
            .ok();
        let (people, people_error) = gathered(
            participants,
            facts.colleagues,
            "participants",
            [
                "intervision_participant_required",
                "intervision_participant_unknown",
            ],
        );
        errors.extend(people_error);

        let mut kept_cases = Vec::new();
        let mut case_error = None;
        for c in cases {
            match check_case(facts, c) {
                Ok(c) => kept_cases.push(c),
                Err(e) => {
                    case_error.get_or_insert(e);
                }
            }
        }
        errors.extend(case_error);

        let mut kept_follow_ups = Vec::new();
        let mut follow_up_error = None;
        for f in follow_ups {
            match check_follow_up(f, &people, held_on) {
                Ok(f) => kept_follow_ups.push(f),
                Err(e) => {
                    follow_up_error.get_or_insert(e);
                }
            }
        }
        errors.extend(follow_up_error);

        match (held_on, method, errors.is_empty()) {
            (Some(held_on), Some(method), true) => Ok(NewIntervision {
                team: facts.team,
                held_on,
                method,
                participants: people,
                cases: kept_cases,
                follow_ups: kept_follow_ups,
            }),
            _ => Err(errors),
        }
    }
}

fn check_case(facts: SessionFacts<'_>, c: &CaseInput) -> Result<NewCase, DomainError> {
    let question = text::required(
        "cases",
        &c.question,
        "intervision_question_required",
        CASE_TEXT_MAX,
    )
    .map_err(|e| too_long(e, "cases"))?;
    let advice = text::required(
        "cases",
        &c.advice,
        "intervision_advice_required",
        CASE_TEXT_MAX,
    )
    .map_err(|e| too_long(e, "cases"))?;
    if let Some(client) = c.client {
        if !facts.readable_clients.contains(&client) {
            return Err(DomainError::invalid(
                "cases",
                "intervision_client_not_readable",
            ));
        }
    }
    Ok(NewCase {
        question,
        advice,
        client: c.client,
    })
}

fn check_follow_up(
    f: &FollowUpInput,
    participants: &[EmployeeId],
    held_on: Option<Date>,
) -> Result<NewFollowUp, DomainError> {
    if !participants.contains(&f.owner) {
        return Err(DomainError::invalid(
            "follow_ups",
            "intervision_owner_not_participant",
        ));
    }
    let description = text::required(
        "follow_ups",
        &f.description,
        "intervision_follow_up_required",
        FOLLOW_UP_MAX,
    )
    .map_err(|e| too_long(e, "follow_ups"))?;
    if f.due_on.trim().is_empty() {
        return Err(DomainError::invalid(
            "follow_ups",
            "intervision_due_required",
        ));
    }
    let due_on = text::parse_date("follow_ups", &f.due_on)?;
    if held_on.is_some_and(|h| due_on < h) {
        return Err(DomainError::invalid(
            "follow_ups",
            "intervision_due_before_session",
        ));
    }
    Ok(NewFollowUp {
        owner: f.owner,
        description,
        due_on,
    })
}

/// One code for a text too long in a list of cases or follow-ups.
fn too_long(e: DomainError, field: &'static str) -> DomainError {
    if e.code == "name_too_long" || e.code == "text_too_long" {
        DomainError::invalid(field, "intervision_text_too_long")
    } else {
        e
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::access::Role;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 12 - 04);
    const COLLEAGUES: [EmployeeId; 3] = [EmployeeId(1), EmployeeId(2), EmployeeId(3)];
    const CLIENTS: [ClientId; 1] = [ClientId(50)];

    fn facts() -> SessionFacts<'static> {
        SessionFacts {
            team: TeamId(7),
            colleagues: &COLLEAGUES,
            readable_clients: &CLIENTS,
        }
    }

    fn case(q: &str, a: &str, client: Option<i64>) -> CaseInput {
        CaseInput {
            question: q.into(),
            advice: a.into(),
            client: client.map(ClientId),
        }
    }

    fn follow_up(owner: i64, d: &str, due: &str) -> FollowUpInput {
        FollowUpInput {
            owner: EmployeeId(owner),
            description: d.into(),
            due_on: due.into(),
        }
    }

    fn codes(r: Result<NewIntervision, Vec<DomainError>>) -> Vec<(&'static str, &'static str)> {
        r.unwrap_err()
            .into_iter()
            .map(|e| (e.field.unwrap_or(""), e.code))
            .collect()
    }

    #[test]
    fn a_session_with_a_case_and_a_follow_up() {
        let s = NewIntervision::parse(
            facts(),
            "04-12-2026",
            "case_consultation",
            &[EmployeeId(1), EmployeeId(3), EmployeeId(1)],
            &[case("Hoe verder?", "Huisbezoek", Some(50))],
            &[follow_up(3, "Bel de klant", "11-12-2026")],
            TODAY,
        )
        .unwrap();
        assert_eq!(s.method, IntervisionMethod::CaseConsultation);
        assert_eq!(s.participants, vec![EmployeeId(1), EmployeeId(3)]);
        assert_eq!(s.cases[0].client, Some(ClientId(50)));
        assert_eq!(s.follow_ups[0].due_on, date!(2026 - 12 - 11));
    }

    #[test]
    fn every_error_at_once() {
        let e = codes(NewIntervision::parse(
            facts(),
            "05-12-2026",
            "gezellig",
            &[],
            &[case("", "advies", None)],
            &[follow_up(1, "x", "01-12-2026")],
            TODAY,
        ));
        assert_eq!(
            e,
            vec![
                ("held_on", "date_future"),
                ("method", "intervision_method_invalid"),
                ("participants", "intervision_participant_required"),
                ("cases", "intervision_question_required"),
                ("follow_ups", "intervision_owner_not_participant"),
            ]
        );
    }

    #[test]
    fn cases_and_follow_ups_are_checked() {
        let run = |cases: &[CaseInput], fus: &[FollowUpInput]| {
            codes(NewIntervision::parse(
                facts(),
                "04-12-2026",
                "incident_method",
                &[EmployeeId(1), EmployeeId(99)],
                cases,
                fus,
                TODAY,
            ))
        };
        assert_eq!(
            run(&[case("v", "", None)], &[]),
            vec![
                ("participants", "intervision_participant_unknown"),
                ("cases", "intervision_advice_required")
            ]
        );
        assert_eq!(
            run(
                &[case("v", "a", Some(51))],
                &[follow_up(1, "x", "03-12-2026")]
            ),
            vec![
                ("participants", "intervision_participant_unknown"),
                ("cases", "intervision_client_not_readable"),
                ("follow_ups", "intervision_due_before_session"),
            ]
        );
        assert_eq!(
            run(
                &[case(&"x".repeat(CASE_TEXT_MAX + 1), "a", None)],
                &[follow_up(1, "x", "")]
            ),
            vec![
                ("participants", "intervision_participant_unknown"),
                ("cases", "intervision_text_too_long"),
                ("follow_ups", "intervision_due_required"),
            ]
        );
    }

    #[test]
    fn who_records_reads_and_finishes() {
        let v = |role, employee, team| Viewer {
            role,
            employee: EmployeeId(employee),
            team: TeamId(team),
        };
        assert!(may_record(&v(Role::Klantmanager, 1, 7), TeamId(7)));
        assert!(!may_record(&v(Role::Klantmanager, 1, 8), TeamId(7)));
        assert!(!may_record(&v(Role::Management, 1, 7), TeamId(7)));
        let took_part = [EmployeeId(5)];
        assert!(may_read_session(
            &v(Role::Klantmanager, 5, 8),
            TeamId(7),
            &took_part
        ));
        assert!(!may_read_session(
            &v(Role::Klantmanager, 6, 8),
            TeamId(7),
            &took_part
        ));
        assert!(may_read_session(
            &v(Role::Teamleider, 6, 7),
            TeamId(7),
            &took_part
        ));
        assert!(!may_read_session(
            &v(Role::Management, 5, 8),
            TeamId(7),
            &took_part
        ));
        assert!(may_finish_follow_up(
            &v(Role::Klantmanager, 5, 8),
            EmployeeId(5),
            TeamId(7)
        ));
        assert!(!may_finish_follow_up(
            &v(Role::Klantmanager, 6, 8),
            EmployeeId(5),
            TeamId(7)
        ));
    }

    #[test]
    fn quarters() {
        assert_eq!(quarter(date!(2026 - 03 - 31)), "2026-Q1");
        assert_eq!(quarter(date!(2026 - 04 - 01)), "2026-Q2");
        assert_eq!(quarter(date!(2026 - 12 - 04)), "2026-Q4");
    }
}
