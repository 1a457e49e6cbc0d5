//! The indicators of the effectenkaart. Each figure keeps the clients behind
//! it, so a figure and its drill-down list can never disagree.
//!
//! Two kinds of figure:
//! - *stand* figures describe the caseload at the end of the period: clients
//!   open on that day and owned by the scope on that day;
//! - *flow* figures count what happened in the period, for the scope that
//!   owned the client (or sent the handover) when it happened.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::{client::Phase, code::code_enum, handover::is_overdue, ids::ClientId, skills::Skill};

use super::{
    history::{ClientHistory, Settlement},
    period::{add_months, Period, Scope},
};

code_enum! {
    /// Every figure on the effectenkaart.
    pub enum Indicator {
        NeverAssessed => "never_assessed",
        SkillOnTime => "skill_on_time",
        SkillCommitment => "skill_commitment",
        SkillAcceptsDirection => "skill_accepts_direction",
        SkillSaysInTime => "skill_says_in_time",
        SkillDressesForWork => "skill_dresses_for_work",
        ReadyForMediation => "ready_for_mediation",
        SkillsImproved => "skills_improved",
        SkillsDeclined => "skills_declined",
        HandoversOffered => "handovers_offered",
        HandoverDaysToAccept => "handover_days_to_accept",
        HandoversReturned => "handovers_returned",
        HandoversOverdue => "handovers_overdue",
        ContactedWeekly => "contacted_weekly",
        InTrajectory => "in_trajectory",
        Outflow => "outflow",
        OutflowLeadTime => "outflow_lead_time",
        ReturnedToBenefit => "returned_to_benefit",
        PartialOutflow => "partial_outflow",
        StartedVolunteering => "started_volunteering",
        Sanctioned => "sanctioned",
    }
    parse: trimmed
}

/// The sections of the effectenkaart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Skills,
    Handovers,
    Contacts,
    Outcomes,
}

impl Indicator {
    pub fn section(self) -> Section {
        use Indicator::*;
        match self {
            NeverAssessed
            | SkillOnTime
            | SkillCommitment
            | SkillAcceptsDirection
            | SkillSaysInTime
            | SkillDressesForWork
            | ReadyForMediation
            | SkillsImproved
            | SkillsDeclined => Section::Skills,
            HandoversOffered | HandoverDaysToAccept | HandoversReturned | HandoversOverdue => {
                Section::Handovers
            }
            ContactedWeekly => Section::Contacts,
            InTrajectory | Outflow | OutflowLeadTime | ReturnedToBenefit | PartialOutflow
            | StartedVolunteering | Sanctioned => Section::Outcomes,
        }
    }

    /// The skill a per-skill figure is about.
    pub fn skill(self) -> Option<Skill> {
        match self {
            Indicator::SkillOnTime => Some(Skill::OnTime),
            Indicator::SkillCommitment => Some(Skill::Commitment),
            Indicator::SkillAcceptsDirection => Some(Skill::AcceptsDirection),
            Indicator::SkillSaysInTime => Some(Skill::SaysInTime),
            Indicator::SkillDressesForWork => Some(Skill::DressesForWork),
            _ => None,
        }
    }

    /// Whether a higher value is better (for the comparison arrows);
    /// `None` where neither is (a plain count of handovers).
    pub fn higher_is_better(self) -> Option<bool> {
        use Indicator::*;
        match self {
            NeverAssessed | SkillsDeclined | HandoverDaysToAccept | HandoversReturned
            | HandoversOverdue | OutflowLeadTime | ReturnedToBenefit => Some(false),
            // A sanction is neither good nor bad in itself: it is weighed.
            HandoversOffered | Sanctioned => None,
            _ => Some(true),
        }
    }
}

const SKILL_FIGURES: [(Indicator, Skill); 5] = [
    (Indicator::SkillOnTime, Skill::OnTime),
    (Indicator::SkillCommitment, Skill::Commitment),
    (Indicator::SkillAcceptsDirection, Skill::AcceptsDirection),
    (Indicator::SkillSaysInTime, Skill::SaysInTime),
    (Indicator::SkillDressesForWork, Skill::DressesForWork),
];

/// What a figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Value {
    /// `count` of `of` clients (or handovers).
    Share {
        count: u32,
        of: u32,
    },
    Count {
        count: u32,
    },
    /// The median number of days over `of` cases; `None` without cases.
    Days {
        median: Option<f64>,
        of: u32,
    },
}

impl Value {
    /// The number the figure shows: a share 0..=1, a count or days.
    pub fn number(self) -> Option<f64> {
        match self {
            Value::Share { count, of } => (of > 0).then(|| f64::from(count) / f64::from(of)),
            Value::Count { count } => Some(f64::from(count)),
            Value::Days { median, .. } => median,
        }
    }
}

/// One figure with the clients behind it (sorted, each once).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub indicator: Indicator,
    pub value: Value,
    #[serde(skip)]
    pub clients: Vec<ClientId>,
}

/// The settings the figures depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// A handover unanswered for more than this many working days is overdue.
    pub overdue_working_days: u32,
    /// Returning within this many months after outflow is not durable.
    pub return_window_months: u32,
}

/// The effectenkaart of one scope over one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Effects {
    pub scope: Scope,
    pub period: Period,
    pub figures: Vec<Figure>,
    /// Share of the caseload contacted, week by week (week ends on Sunday).
    pub weekly_contact: Vec<(Date, Value)>,
}

impl Effects {
    pub fn figure(&self, indicator: Indicator) -> &Figure {
        // `compute` fills every indicator, in `Indicator::ALL` order.
        &self.figures[Indicator::ALL
            .iter()
            .position(|i| *i == indicator)
            .unwrap_or(0)]
    }
}

#[derive(Default)]
struct Tally {
    count: u32,
    of: u32,
    clients: Vec<ClientId>,
}

impl Tally {
    fn add(&mut self, client: ClientId, counts: bool) {
        self.of += 1;
        if counts {
            self.count += 1;
            self.clients.push(client);
        }
    }
    fn share(self, indicator: Indicator) -> Figure {
        figure(
            indicator,
            Value::Share {
                count: self.count,
                of: self.of,
            },
            self.clients,
        )
    }
}

fn figure(indicator: Indicator, value: Value, mut clients: Vec<ClientId>) -> Figure {
    clients.sort_unstable();
    clients.dedup();
    Figure {
        indicator,
        value,
        clients,
    }
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

fn days_between(a: OffsetDateTime, b: OffsetDateTime) -> f64 {
    (b - a).as_seconds_f64() / 86_400.0
}

/// Calls `f(week, contacted)` for each of `weeks` (sorted, Monday–Sunday)
/// on whose Sunday the client was open and owned by `scope`. Walks weeks,
/// owners and contacts together instead of searching each per week: this
/// loop runs for every client and every week of every figure and trend.
fn weeks_in_caseload(
    h: &ClientHistory,
    scope: Scope,
    weeks: &[(Date, Date)],
    mut f: impl FnMut(usize, bool),
) {
    let (Some(first), Some(last)) = (weeks.first(), weeks.last()) else {
        return;
    };
    if h.registered > last.1 || h.closed.is_some_and(|c| c <= first.1) {
        return;
    }
    let mut owner = h
        .owners
        .partition_point(|(d, _)| *d <= first.1)
        .saturating_sub(1);
    let mut contact = h.contacts.partition_point(|d| *d < first.0);
    for (w, (monday, sunday)) in weeks.iter().enumerate() {
        while owner + 1 < h.owners.len() && h.owners[owner + 1].0 <= *sunday {
            owner += 1;
        }
        while contact < h.contacts.len() && h.contacts[contact] < *monday {
            contact += 1;
        }
        if h.open_on(*sunday) && scope.contains(h.owners[owner].1) {
            f(w, h.contacts.get(contact).is_some_and(|d| d <= sunday));
        }
    }
}

/// Computes every figure for `scope` over `period`, as known on `today`
/// (pending handovers are judged against today; nothing after today exists).
pub fn compute(
    histories: &[ClientHistory],
    scope: Scope,
    period: Period,
    rules: Rules,
    today: Date,
) -> Effects {
    let Period { from, to } = period;
    let weeks = period.weeks();

    let mut never = Tally::default();
    let mut skills: [Tally; 5] = Default::default();
    let mut ready = Tally::default();
    let mut improved = Tally::default();
    let mut declined = Tally::default();
    let mut trajectory = Tally::default();
    let mut contacted = Tally::default();
    let mut weekly = vec![(0u32, 0u32); weeks.len()];

    let mut offered = Vec::new();
    let mut accept_days = Vec::new();
    let mut accepted_clients = Vec::new();
    let mut returned = Tally::default();
    let mut overdue = Tally::default();

    let mut outflow = Vec::new();
    let mut lead_days = Vec::new();
    let mut outflows: Vec<(&ClientHistory, Date)> = Vec::new();
    let mut partial = Vec::new();
    let mut volunteering = Vec::new();
    let mut sanctioned = Tally::default();

    for h in histories {
        // A file that was not open at any moment of the period counts nowhere.
        if h.registered > to || h.closed.is_some_and(|c| c < from) {
            continue;
        }

        // Stand at the end of the period.
        if h.open_on(to) && scope.contains(h.owner_on(to)) {
            let latest = h.assessment_on(to);
            never.add(h.client, latest.is_none());
            if let Some((on, set)) = latest {
                for (i, (_, skill)) in SKILL_FIGURES.iter().enumerate() {
                    skills[i].add(h.client, set.has(*skill));
                }
                ready.add(h.client, set.ready_for_mediation());
                if on >= from {
                    if let Some((_, before)) = h.assessment_before(from) {
                        let (now, was) = (set.count(), before.count());
                        improved.add(h.client, now > was);
                        declined.add(h.client, now < was);
                    }
                }
            }
            trajectory.add(
                h.client,
                matches!(h.phase_on(to), Phase::Activering | Phase::Bemiddeling),
            );
            // Share of the caseload at the end with a sanction imposed in the period.
            sanctioned.add(h.client, h.sanctions.iter().any(|d| period.contains(*d)));
        }
        for day in &h.partial_outflows {
            if period.contains(*day) && scope.contains(h.owner_on(*day)) {
                partial.push(h.client);
            }
        }
        for day in &h.volunteer_starts {
            if period.contains(*day) && scope.contains(h.owner_on(*day)) {
                volunteering.push(h.client);
            }
        }

        // Weekly contact: every week the client was in the scope's caseload.
        let mut in_weeks = 0;
        let mut every_week = true;
        weeks_in_caseload(h, scope, &weeks, |w, was_contacted| {
            in_weeks += 1;
            weekly[w].1 += 1;
            if was_contacted {
                weekly[w].0 += 1;
            } else {
                every_week = false;
            }
        });
        if in_weeks > 0 {
            contacted.add(h.client, every_week);
        }

        // Handovers offered in the period by (or to) the scope.
        for ho in &h.handovers {
            let offered_on = ho.offered_on;
            let takes_part = match scope {
                Scope::Organisation => true,
                Scope::Team(t) => ho.from.team_id == t || ho.to_team == t,
                Scope::Caseworker(_) => scope.contains(ho.from),
            };
            if !period.contains(offered_on) || !takes_part {
                continue;
            }
            offered.push(h.client);
            let answered_on = ho.settled_on.unwrap_or(today);
            overdue.add(
                h.client,
                is_overdue(offered_on, answered_on, rules.overdue_working_days),
            );
            returned.add(
                h.client,
                matches!(ho.settled, Some((Settlement::Returned, _))),
            );
            if let Some((Settlement::Accepted, at)) = ho.settled {
                accept_days.push(days_between(ho.offered_at, at));
                accepted_clients.push(h.client);
            }
        }

        // Outflow in the period, counted for the owner on that day.
        for day in h.outflows() {
            if period.contains(day) && scope.contains(h.owner_on(day)) {
                outflow.push(h.client);
                lead_days.push((day - h.registered).whole_days() as f64);
                outflows.push((h, day));
            }
        }
    }

    // Return within the window: back from uitgestroomd on the same file, or
    // the same person registered again under a new file.
    let mut back = Tally::default();
    if !outflows.is_empty() {
        let mut registrations: HashMap<u64, Vec<(Date, ClientId)>> = HashMap::new();
        for h in histories {
            if let Some(p) = h.person {
                registrations
                    .entry(p)
                    .or_default()
                    .push((h.registered, h.client));
            }
        }
        for (h, day) in &outflows {
            let until = add_months(*day, rules.return_window_months);
            let again = h.reopened_between(*day, until)
                || h.person.is_some_and(|p| {
                    registrations[&p]
                        .iter()
                        .any(|(d, c)| *c != h.client && *d > *day && *d <= until)
                });
            back.add(h.client, again);
        }
    }

    let offered_count = offered.len() as u32;
    let accepted_count = accept_days.len() as u32;
    let lead_count = lead_days.len() as u32;
    let outflow_count = outflow.len() as u32;
    let [s0, s1, s2, s3, s4] = skills;
    let figures = vec![
        never.share(Indicator::NeverAssessed),
        s0.share(Indicator::SkillOnTime),
        s1.share(Indicator::SkillCommitment),
        s2.share(Indicator::SkillAcceptsDirection),
        s3.share(Indicator::SkillSaysInTime),
        s4.share(Indicator::SkillDressesForWork),
        ready.share(Indicator::ReadyForMediation),
        improved.share(Indicator::SkillsImproved),
        declined.share(Indicator::SkillsDeclined),
        figure(
            Indicator::HandoversOffered,
            Value::Count {
                count: offered_count,
            },
            offered,
        ),
        figure(
            Indicator::HandoverDaysToAccept,
            Value::Days {
                median: median(accept_days),
                of: accepted_count,
            },
            accepted_clients,
        ),
        returned.share(Indicator::HandoversReturned),
        overdue.share(Indicator::HandoversOverdue),
        contacted.share(Indicator::ContactedWeekly),
        trajectory.share(Indicator::InTrajectory),
        figure(
            Indicator::Outflow,
            Value::Count {
                count: outflow_count,
            },
            outflow.clone(),
        ),
        figure(
            Indicator::OutflowLeadTime,
            Value::Days {
                median: median(lead_days),
                of: lead_count,
            },
            outflow,
        ),
        back.share(Indicator::ReturnedToBenefit),
        {
            partial.sort_unstable();
            partial.dedup();
            figure(
                Indicator::PartialOutflow,
                Value::Count {
                    count: partial.len() as u32,
                },
                partial,
            )
        },
        {
            volunteering.sort_unstable();
            volunteering.dedup();
            figure(
                Indicator::StartedVolunteering,
                Value::Count {
                    count: volunteering.len() as u32,
                },
                volunteering,
            )
        },
        sanctioned.share(Indicator::Sanctioned),
    ];
    Effects {
        scope,
        period,
        figures,
        weekly_contact: weeks
            .iter()
            .zip(weekly)
            .map(|((_, sunday), (count, of))| (*sunday, Value::Share { count, of }))
            .collect(),
    }
}

/// One month of the trend lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthPoint {
    pub month: Period,
    /// As [`Indicator::ReadyForMediation`] for the month.
    pub ready_for_mediation: Value,
    /// As [`Indicator::ContactedWeekly`] for the month.
    pub contacted_weekly: Value,
    /// As [`Indicator::Outflow`] for the month.
    pub outflow: u32,
    /// As [`Indicator::HandoversOffered`] for the month.
    pub handovers_offered: u32,
}

/// The trend figures of consecutive `months` in one pass over the clients:
/// the same numbers [`compute`] gives for each month on its own (a test
/// holds them to that), without computing every other figure twelve times.
pub fn trend(histories: &[ClientHistory], scope: Scope, months: &[Period]) -> Vec<MonthPoint> {
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return Vec::new();
    };
    let span = Period {
        from: first.from,
        to: last.to,
    };
    // Every week of every month, with the month it counts for.
    let mut weeks = Vec::new();
    let mut week_month = Vec::new();
    for (m, month) in months.iter().enumerate() {
        for w in month.weeks() {
            weeks.push(w);
            week_month.push(m);
        }
    }
    let month_of = |day: Date| months.iter().position(|m| m.contains(day));
    let n = months.len();
    let mut ready = vec![(0u32, 0u32); n];
    let mut contacted = vec![(0u32, 0u32); n];
    let mut outflow = vec![0u32; n];
    let mut offered = vec![0u32; n];
    // Per client and month: weeks in the caseload, and whether every one had contact.
    let mut seen = vec![(false, true); n];
    for h in histories {
        if h.registered > span.to || h.closed.is_some_and(|c| c < span.from) {
            continue;
        }
        for (m, month) in months.iter().enumerate() {
            if h.open_on(month.to) && scope.contains(h.owner_on(month.to)) {
                if let Some((_, set)) = h.assessment_on(month.to) {
                    ready[m].1 += 1;
                    if set.ready_for_mediation() {
                        ready[m].0 += 1;
                    }
                }
            }
        }
        seen.iter_mut().for_each(|s| *s = (false, true));
        weeks_in_caseload(h, scope, &weeks, |w, was_contacted| {
            let s = &mut seen[week_month[w]];
            s.0 = true;
            s.1 &= was_contacted;
        });
        for (m, (in_caseload, every_week)) in seen.iter().enumerate() {
            if *in_caseload {
                contacted[m].1 += 1;
                if *every_week {
                    contacted[m].0 += 1;
                }
            }
        }
        for ho in &h.handovers {
            let takes_part = match scope {
                Scope::Organisation => true,
                Scope::Team(t) => ho.from.team_id == t || ho.to_team == t,
                Scope::Caseworker(_) => scope.contains(ho.from),
            };
            if takes_part {
                if let Some(m) = month_of(ho.offered_on) {
                    offered[m] += 1;
                }
            }
        }
        for day in h.outflows() {
            if let Some(m) = month_of(day) {
                if scope.contains(h.owner_on(day)) {
                    outflow[m] += 1;
                }
            }
        }
    }
    months
        .iter()
        .enumerate()
        .map(|(m, month)| MonthPoint {
            month: *month,
            ready_for_mediation: Value::Share {
                count: ready[m].0,
                of: ready[m].1,
            },
            contacted_weekly: Value::Share {
                count: contacted[m].0,
                of: contacted[m].1,
            },
            outflow: outflow[m],
            handovers_offered: offered[m],
        })
        .collect()
}
