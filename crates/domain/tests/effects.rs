//! The effectenkaart on a hand-built municipality whose answers are worked
//! out below, client by client. Period: the third quarter of 2026
//! (1 July – 30 September); "today" is 23 November 2026.
//!
//! Team 1 (werk): caseworkers A (40 h) and B (20 h). Team 2 (participatie):
//! caseworker C (36 h).
//!
//! | client | story |
//! |---|---|
//! | 1 | A since 10 Jan; skills 2 on 1 Mar, all five on 1 Aug; contact every week of Q3 |
//! | 2 | B since 1 Feb; contact on 15 Jul only; offered to team 2 on Mon 3 Aug, accepted by C on Wed 5 Aug (exactly 2 days) |
//! | 3 | C since 20 Jun; activering 1 Jul; 4 skills on 10 Jul; contact every week; uitgestroomd 15 Sep; closed 1 Oct |
//! | 4 | A since 1 Mar; activering 1 Apr; 3 skills 1 May, 2 skills 10 Sep; offered to team 2 on 6 Jul, returned 8 Jul; offered again 1 Sep, still pending |
//! | 5 | registered 5 Oct, after the period: counts nowhere |
//! | 6 | the person of client 3, registered again on 1 Nov (team 2) |
//! | 7 | closed 15 Jun, before the period: counts nowhere |
//! | 8 | A, registered on the last day, 30 Sep: in the stand, no week in the caseload |
//! | 9 | A since 1 Jan, closed on the last day, 30 Sep: not in the stand, 13 weeks without contact |

#![allow(clippy::unwrap_used)]

use time::{macros::date, Date, Duration, OffsetDateTime, Time};
use zicht_domain::{
    access::Role,
    client::{Owner, Phase},
    contact::ContactKind,
    effects::{
        caseloads, compute,
        history::ClientHistory,
        indicators::{Indicator as I, Value},
        realise, AgreementKind, AgreementScope, Effects, Period, ResultAgreement, Rules, Scope,
    },
    event::{ClientEvent, HandoverEvent, RegisterEvent, WorkEvent},
    handover::HandoverNote,
    organisation::Employee,
    skills::{Skill, SkillSet},
    AgreementId, Bsn, ClientId, EmployeeId, HandoverId, TeamId,
};

const T1: TeamId = TeamId(1);
const T2: TeamId = TeamId(2);
const A: Owner = Owner {
    team_id: T1,
    employee_id: EmployeeId(1),
};
const B: Owner = Owner {
    team_id: T1,
    employee_id: EmployeeId(2),
};
const C: Owner = Owner {
    team_id: T2,
    employee_id: EmployeeId(3),
};
const TODAY: Date = date!(2026 - 11 - 23);
const RULES: Rules = Rules {
    overdue_working_days: 5,
    return_window_months: 12,
};

fn q3() -> Period {
    Period::new(date!(2026 - 07 - 01), date!(2026 - 09 - 30)).unwrap()
}

/// Noon UTC: the same calendar day in the Netherlands.
fn at(d: Date) -> OffsetDateTime {
    d.with_time(Time::from_hms(12, 0, 0).unwrap()).assume_utc()
}

struct Builder(ClientHistory);

impl Builder {
    fn new(id: i64, bsn: &str, on: Date, owner: Owner) -> Builder {
        let created = ClientEvent::Register(RegisterEvent::Created {
            bsn: Some(Bsn::parse(bsn).unwrap()),
            name: format!("Klant {id}"),
            birth_date: None,
            particulars: String::new(),
            phase: Phase::Intake,
            owner,
        });
        Builder(ClientHistory::start(ClientId(id), at(on), &created).unwrap())
    }
    fn on(mut self, d: Date, e: ClientEvent) -> Builder {
        self.0.apply(at(d), &e);
        self
    }
    fn skills(self, d: Date, skills: &[Skill]) -> Builder {
        self.on(
            d,
            ClientEvent::Register(RegisterEvent::AssessmentRecorded {
                assessed_on: d,
                skills: SkillSet::from_skills(skills),
                remarks: String::new(),
            }),
        )
    }
    fn contact(self, d: Date) -> Builder {
        self.on(
            d,
            ClientEvent::Register(RegisterEvent::ContactRecorded {
                date: d,
                kind: ContactKind::Gesprek,
                with_whom: "klant".into(),
                summary: String::new(),
                next_contact_on: None,
            }),
        )
    }
    fn weekly_contact_in_q3(mut self) -> Builder {
        // Wednesday of each of the 13 weeks whose Sunday falls in Q3.
        let mut d = date!(2026 - 07 - 01);
        while d <= date!(2026 - 09 - 30) {
            self = self.contact(d);
            d += Duration::days(7);
        }
        self
    }
    fn phase(self, d: Date, from: Phase, to: Phase) -> Builder {
        self.on(
            d,
            ClientEvent::Register(RegisterEvent::PhaseChanged { from, to }),
        )
    }
    fn offer(self, d: Date, id: i64, from: Owner, to_team: TeamId) -> Builder {
        self.on(
            d,
            ClientEvent::Handover(HandoverEvent::Offered {
                handover_id: HandoverId(id),
                from,
                to_team,
                to_employee: None,
                note: HandoverNote {
                    reason: "r".into(),
                    work_done: "w".into(),
                    particulars: String::new(),
                    agreements: "a".into(),
                },
            }),
        )
    }
    fn close(self, d: Date) -> Builder {
        self.on(
            d,
            ClientEvent::Register(RegisterEvent::Closed {
                reason: "klaar".into(),
            }),
        )
    }
}

use Skill::*;

fn municipality() -> Vec<ClientHistory> {
    vec![
        Builder::new(1, "111222333", date!(2026 - 01 - 10), A)
            .skills(date!(2026 - 03 - 01), &[OnTime, Commitment])
            .skills(date!(2026 - 08 - 01), &Skill::ALL)
            .weekly_contact_in_q3()
            .0,
        Builder::new(2, "123456782", date!(2026 - 02 - 01), B)
            .contact(date!(2026 - 07 - 15))
            .offer(date!(2026 - 08 - 03), 21, B, T2)
            .on(
                date!(2026 - 08 - 05),
                ClientEvent::Handover(HandoverEvent::Accepted {
                    handover_id: HandoverId(21),
                    new_owner: C,
                }),
            )
            .0,
        Builder::new(3, "232262536", date!(2026 - 06 - 20), C)
            .phase(date!(2026 - 07 - 01), Phase::Intake, Phase::Activering)
            .skills(
                date!(2026 - 07 - 10),
                &[OnTime, Commitment, AcceptsDirection, SaysInTime],
            )
            .weekly_contact_in_q3()
            .phase(
                date!(2026 - 09 - 15),
                Phase::Activering,
                Phase::Uitgestroomd,
            )
            .close(date!(2026 - 10 - 01))
            .0,
        Builder::new(4, "192837461", date!(2026 - 03 - 01), A)
            .phase(date!(2026 - 04 - 01), Phase::Intake, Phase::Activering)
            .skills(
                date!(2026 - 05 - 01),
                &[OnTime, Commitment, AcceptsDirection],
            )
            .offer(date!(2026 - 07 - 06), 41, A, T2)
            .on(
                date!(2026 - 07 - 08),
                ClientEvent::Handover(HandoverEvent::Returned {
                    handover_id: HandoverId(41),
                    reason: "past niet".into(),
                }),
            )
            .offer(date!(2026 - 09 - 01), 42, A, T2)
            .skills(date!(2026 - 09 - 10), &[OnTime, Commitment])
            .0,
        Builder::new(5, "100000009", date!(2026 - 10 - 05), A).0,
        Builder::new(6, "232262536", date!(2026 - 11 - 01), C).0,
        Builder::new(7, "100000010", date!(2026 - 01 - 05), B)
            .close(date!(2026 - 06 - 15))
            .0,
        Builder::new(8, "100000022", date!(2026 - 09 - 30), A).0,
        Builder::new(9, "100000034", date!(2026 - 01 - 01), A)
            .close(date!(2026 - 09 - 30))
            .0,
    ]
}

fn effects(scope: Scope) -> Effects {
    compute(&municipality(), scope, q3(), RULES, TODAY)
}

fn share(e: &Effects, i: I) -> (u32, u32) {
    match e.figure(i).value {
        Value::Share { count, of } => (count, of),
        v => panic!("{i:?} is not a share: {v:?}"),
    }
}

fn clients(e: &Effects, i: I) -> Vec<i64> {
    e.figure(i).clients.iter().map(|c| c.0).collect()
}

#[test]
fn team_1_stand_skills_and_movement() {
    let e = effects(Scope::Team(T1));
    // Stand on 30 Sep: 1, 4 and 8 (2 left for team 2 in August; 9 closed that day).
    assert_eq!(share(&e, I::NeverAssessed), (1, 3));
    assert_eq!(clients(&e, I::NeverAssessed), vec![8]);
    assert_eq!(share(&e, I::SkillOnTime), (2, 2));
    assert_eq!(share(&e, I::SkillCommitment), (2, 2));
    assert_eq!(share(&e, I::SkillAcceptsDirection), (1, 2));
    assert_eq!(share(&e, I::SkillSaysInTime), (1, 2));
    assert_eq!(share(&e, I::SkillDressesForWork), (1, 2));
    assert_eq!(share(&e, I::ReadyForMediation), (1, 2));
    assert_eq!(clients(&e, I::ReadyForMediation), vec![1]);
    // 1 went from 2 to 5 skills, 4 from 3 to 2.
    assert_eq!(share(&e, I::SkillsImproved), (1, 2));
    assert_eq!(clients(&e, I::SkillsImproved), vec![1]);
    assert_eq!(share(&e, I::SkillsDeclined), (1, 2));
    assert_eq!(clients(&e, I::SkillsDeclined), vec![4]);
    assert_eq!(share(&e, I::InTrajectory), (1, 3));
}

#[test]
fn team_1_handovers_and_weekly_contact() {
    let e = effects(Scope::Team(T1));
    // 2 (accepted after 2 days), 4 in July (returned), 4 in September (pending since 1 Sep).
    assert_eq!(
        e.figure(I::HandoversOffered).value,
        Value::Count { count: 3 }
    );
    assert_eq!(clients(&e, I::HandoversOffered), vec![2, 4]);
    assert_eq!(
        e.figure(I::HandoverDaysToAccept).value,
        Value::Days {
            median: Some(2.0),
            of: 1
        }
    );
    assert_eq!(share(&e, I::HandoversReturned), (1, 3));
    assert_eq!(share(&e, I::HandoversOverdue), (1, 3));
    // In team 1's caseload for at least one week: 1 (every week), 2 (5
    // weeks, one contact), 4 and 9 (13 weeks, none). 8 arrived on the last day.
    assert_eq!(share(&e, I::ContactedWeekly), (1, 4));
    assert_eq!(clients(&e, I::ContactedWeekly), vec![1]);
    assert_eq!(e.weekly_contact.len(), 13);
    assert_eq!(
        e.weekly_contact[0],
        (date!(2026 - 07 - 05), Value::Share { count: 1, of: 4 })
    );
    // The week of 13–19 July: 1 and 2 contacted.
    assert_eq!(
        e.weekly_contact[2],
        (date!(2026 - 07 - 19), Value::Share { count: 2, of: 4 })
    );
    // From the week ending 9 August, 2 belongs to team 2.
    assert_eq!(e.weekly_contact[5].1, Value::Share { count: 1, of: 3 });
    assert_eq!(e.figure(I::Outflow).value, Value::Count { count: 0 });
    assert_eq!(share(&e, I::ReturnedToBenefit), (0, 0));
}

#[test]
fn team_2_counts_the_client_that_arrived_mid_period() {
    let e = effects(Scope::Team(T2));
    assert_eq!(share(&e, I::NeverAssessed), (1, 2));
    assert_eq!(clients(&e, I::NeverAssessed), vec![2]);
    assert_eq!(share(&e, I::SkillDressesForWork), (0, 1));
    assert_eq!(share(&e, I::ReadyForMediation), (0, 1));
    // 3 has no assessment before the period: nothing to compare.
    assert_eq!(share(&e, I::SkillsImproved), (0, 0));
    // 2 in team 2 for 8 weeks without contact; 3 every week.
    assert_eq!(share(&e, I::ContactedWeekly), (1, 2));
    // Team 2 receives all three handovers.
    assert_eq!(
        e.figure(I::HandoversOffered).value,
        Value::Count { count: 3 }
    );
    assert_eq!(e.figure(I::Outflow).value, Value::Count { count: 1 });
    assert_eq!(clients(&e, I::Outflow), vec![3]);
    // 20 Jun to 15 Sep.
    assert_eq!(
        e.figure(I::OutflowLeadTime).value,
        Value::Days {
            median: Some(87.0),
            of: 1
        }
    );
    // The same person came back under file 6 on 1 Nov, within 12 months.
    assert_eq!(share(&e, I::ReturnedToBenefit), (1, 1));
    assert_eq!(share(&e, I::InTrajectory), (0, 2));
}

#[test]
fn caseworkers_and_organisation() {
    let a = effects(Scope::Caseworker(A.employee_id));
    assert_eq!(share(&a, I::NeverAssessed), (1, 3));
    // A sent both handovers of 4; none accepted.
    assert_eq!(
        a.figure(I::HandoversOffered).value,
        Value::Count { count: 2 }
    );
    assert_eq!(
        a.figure(I::HandoverDaysToAccept).value,
        Value::Days {
            median: None,
            of: 0
        }
    );
    assert_eq!(share(&a, I::HandoversOverdue), (1, 2));
    let b = effects(Scope::Caseworker(B.employee_id));
    assert_eq!(share(&b, I::NeverAssessed), (0, 0));
    assert_eq!(share(&b, I::ContactedWeekly), (0, 1));
    assert_eq!(
        b.figure(I::HandoversOffered).value,
        Value::Count { count: 1 }
    );

    let org = effects(Scope::Organisation);
    assert_eq!(share(&org, I::NeverAssessed), (2, 5));
    assert_eq!(clients(&org, I::NeverAssessed), vec![2, 8]);
    assert_eq!(share(&org, I::ReadyForMediation), (1, 3));
    assert_eq!(share(&org, I::ContactedWeekly), (2, 5));
    assert_eq!(clients(&org, I::ContactedWeekly), vec![1, 3]);
    assert_eq!(
        org.figure(I::HandoversOffered).value,
        Value::Count { count: 3 }
    );
}

#[test]
fn previous_period_and_period_edges() {
    let h = municipality();
    let q2 = q3().previous();
    let e = compute(&h, Scope::Team(T1), q2, RULES, TODAY);
    // Stand on 30 Jun: 1, 2, 4 and 9 (7 closed on 15 Jun); 2 and 9 never assessed.
    assert_eq!(share(&e, I::NeverAssessed), (2, 4));
    assert_eq!(
        e.figure(I::HandoversOffered).value,
        Value::Count { count: 0 }
    );
    // A one-day period on the day 8 was registered and 9 was closed.
    let last_day = Period::new(date!(2026 - 09 - 30), date!(2026 - 09 - 30)).unwrap();
    let e = compute(&h, Scope::Organisation, last_day, RULES, TODAY);
    assert_eq!(clients(&e, I::NeverAssessed), vec![2, 8]);
    // An assessment on the first day of a period counts as in the period.
    let from_aug = Period::new(date!(2026 - 08 - 01), date!(2026 - 08 - 31)).unwrap();
    let e = compute(&h, Scope::Team(T1), from_aug, RULES, TODAY);
    assert_eq!(clients(&e, I::SkillsImproved), vec![1]);
    // The outflow on 15 Sep lies outside a period that ends on 14 Sep.
    let to_14 = Period::new(date!(2026 - 09 - 01), date!(2026 - 09 - 14)).unwrap();
    let e = compute(&h, Scope::Team(T2), to_14, RULES, TODAY);
    assert_eq!(e.figure(I::Outflow).value, Value::Count { count: 0 });
}

#[test]
fn a_return_outside_the_window_is_durable() {
    let rules = Rules {
        return_window_months: 6,
        ..RULES
    };
    let mut h = municipality();
    // Move the second registration of the person to 16 Mar 2027: 6 months
    // after 15 Sep 2026 is 15 Mar 2027.
    h[5] = Builder::new(6, "232262536", date!(2027 - 03 - 16), C).0;
    let e = compute(&h, Scope::Team(T2), q3(), rules, date!(2027 - 04 - 01));
    assert_eq!(share(&e, I::ReturnedToBenefit), (0, 1));
    h[5] = Builder::new(6, "232262536", date!(2027 - 03 - 15), C).0;
    let e = compute(&h, Scope::Team(T2), q3(), rules, date!(2027 - 04 - 01));
    assert_eq!(share(&e, I::ReturnedToBenefit), (1, 1));
}

#[test]
fn caseloads_per_40_hours() {
    let employees = vec![
        employee(1, T1, "A", 40),
        employee(2, T1, "B", 20),
        employee(3, T2, "C", 36),
    ];
    let rows = caseloads(
        &municipality(),
        &employees,
        Scope::Organisation,
        date!(2026 - 09 - 30),
        2,
    );
    let by_name: Vec<(&str, u32, bool)> = rows
        .iter()
        .map(|r| (r.name.as_str(), r.clients, r.over_ceiling))
        .collect();
    // A: 1, 4, 8 → 3 per 40 h. C: 2, 3 → 2 × 40/36 = 2.22. B: none.
    assert_eq!(
        by_name,
        vec![("A", 3, true), ("C", 2, true), ("B", 0, false)]
    );
    assert!((rows[1].per_40_hours - 80.0 / 36.0).abs() < 1e-9);
    let team = caseloads(
        &municipality(),
        &employees,
        Scope::Team(T2),
        date!(2026 - 09 - 30),
        3,
    );
    assert_eq!(team.len(), 1);
    assert!(!team[0].over_ceiling);
}

#[test]
fn agreements_are_realised_from_the_history() {
    let agreement = |id, scope, kind, target| ResultAgreement {
        id: AgreementId(id),
        scope,
        kind,
        from: date!(2026 - 07 - 01),
        to: date!(2026 - 09 - 30),
        target,
        created_by: EmployeeId(1),
        created_at: at(date!(2026 - 06 - 20)),
    };
    let r = realise(
        &[
            agreement(1, AgreementScope::Team(T2), AgreementKind::Outflow, 1),
            agreement(
                2,
                AgreementScope::Caseworker(C.employee_id),
                AgreementKind::LeadTimeDays,
                60,
            ),
            agreement(3, AgreementScope::Team(T1), AgreementKind::InTrajectory, 2),
            agreement(
                4,
                AgreementScope::Team(T1),
                AgreementKind::PositiveDevelopment,
                1,
            ),
        ],
        &municipality(),
        RULES,
        TODAY,
    );
    assert_eq!((r[0].realised, r[0].met), (Some(1.0), true));
    assert_eq!(r[0].progress, Some(1.0));
    // 87 days against at most 60.
    assert_eq!((r[1].realised, r[1].met), (Some(87.0), false));
    assert!((r[1].progress.unwrap() - 60.0 / 87.0).abs() < 1e-9);
    assert_eq!((r[2].realised, r[2].met), (Some(1.0), false));
    assert_eq!((r[3].realised, r[3].met), (Some(1.0), true));
}

fn employee(id: i64, team: TeamId, name: &str, hours: u32) -> Employee {
    Employee {
        id: EmployeeId(id),
        team_id: team,
        name: name.into(),
        email: format!("{name}@example.nl"),
        hours_per_week: hours,
        role: Role::Klantmanager,
        provider_id: None,
    }
}

#[test]
fn the_trend_gives_what_each_month_gives_on_its_own() {
    use zicht_domain::effects::indicators::trend;
    let h = municipality();
    let months = Period::months_up_to(date!(2026 - 11 - 30), 12);
    for scope in [
        Scope::Organisation,
        Scope::Team(T1),
        Scope::Team(T2),
        Scope::Caseworker(A.employee_id),
        Scope::Caseworker(B.employee_id),
    ] {
        let points = trend(&h, scope, &months);
        assert_eq!(points.len(), 12);
        for p in &points {
            let e = compute(&h, scope, p.month, RULES, TODAY);
            assert_eq!(p.ready_for_mediation, e.figure(I::ReadyForMediation).value);
            assert_eq!(p.contacted_weekly, e.figure(I::ContactedWeekly).value);
            assert_eq!(
                Value::Count { count: p.outflow },
                e.figure(I::Outflow).value
            );
            assert_eq!(
                Value::Count {
                    count: p.handovers_offered
                },
                e.figure(I::HandoversOffered).value
            );
        }
    }
    // September: team 2's outflow; August: the handover of client 2.
    let t2 = trend(&h, Scope::Team(T2), &months);
    assert_eq!(t2[9].month.from, date!(2026 - 09 - 01));
    assert_eq!(t2[9].outflow, 1);
    assert_eq!(t2[8].handovers_offered, 1);
}

/// Part-time work, volunteer work and sanctions, counted for whoever owned
/// the file on the day: client 21 (A) starts part-time on 10 Aug and a
/// sanction is imposed on 1 Sep; client 22 (C) starts volunteering on 15 Jul,
/// gets a sanction waived on 2 Sep, and started part-time before the period;
/// client 23 (A) has a sanction imposed after the period.
#[test]
fn partial_outflow_volunteering_and_sanctions() {
    use zicht_domain::reintegration::{
        outflow::{OutflowKind, OutflowReason},
        sanction::SanctionDecision,
    };
    use zicht_domain::{CareOrganisationId, PlacementId, SanctionId};
    let outflow = |d: Date, kind| {
        ClientEvent::Work(WorkEvent::OutflowRegistered {
            kind,
            reason: OutflowReason::PaidWork,
            on: d,
            employer: String::new(),
            hours_per_week: Some(16),
            note: String::new(),
            aftercare_until: d + Duration::days(180),
        })
    };
    let decided = |d: Date, decision| {
        ClientEvent::Work(WorkEvent::SanctionDecided {
            sanction_id: SanctionId(1),
            on: d,
            decision,
            reason: "r".into(),
        })
    };
    let imposed = SanctionDecision::Imposed {
        percent: 10,
        months: 1,
    };
    let histories = vec![
        Builder::new(21, "111222333", date!(2026 - 01 - 10), A)
            .on(
                date!(2026 - 08 - 10),
                outflow(date!(2026 - 08 - 10), OutflowKind::Partial),
            )
            .on(
                date!(2026 - 09 - 01),
                decided(date!(2026 - 09 - 01), imposed),
            )
            .0,
        Builder::new(22, "123456782", date!(2026 - 01 - 10), C)
            .on(
                date!(2026 - 06 - 01),
                outflow(date!(2026 - 06 - 01), OutflowKind::Partial),
            )
            .on(
                date!(2026 - 07 - 15),
                ClientEvent::Work(WorkEvent::VolunteerPlacementStarted {
                    placement_id: PlacementId(1),
                    organisation_id: CareOrganisationId(1),
                    organisation_name: "Kringloop".into(),
                    starts_on: date!(2026 - 07 - 15),
                    hours_per_week: Some(8),
                    description: "d".into(),
                }),
            )
            .on(
                date!(2026 - 09 - 02),
                decided(date!(2026 - 09 - 02), SanctionDecision::Waived),
            )
            .0,
        Builder::new(23, "012345672", date!(2026 - 01 - 10), A)
            .on(
                date!(2026 - 10 - 02),
                decided(date!(2026 - 10 - 02), imposed),
            )
            .0,
    ];
    let e = compute(&histories, Scope::Organisation, q3(), RULES, TODAY);
    let count = |i: I| match e.figure(i).value {
        Value::Count { count } => count,
        other => panic!("{other:?}"),
    };
    assert_eq!(count(I::PartialOutflow), 1);
    assert_eq!(e.figure(I::PartialOutflow).clients, vec![ClientId(21)]);
    assert_eq!(count(I::StartedVolunteering), 1);
    assert_eq!(e.figure(I::StartedVolunteering).clients, vec![ClientId(22)]);
    // Of the three in the caseload on 30 Sep, one had a sanction imposed in Q3.
    assert_eq!(
        e.figure(I::Sanctioned).value,
        Value::Share { count: 1, of: 3 }
    );
    // Team 2 (C): the volunteer start is theirs, the part-time start is not.
    let t2 = compute(&histories, Scope::Team(T2), q3(), RULES, TODAY);
    assert_eq!(
        t2.figure(I::StartedVolunteering).clients,
        vec![ClientId(22)]
    );
    assert!(t2.figure(I::PartialOutflow).clients.is_empty());
    assert_eq!(
        t2.figure(I::Sanctioned).value,
        Value::Share { count: 0, of: 1 }
    );
}
