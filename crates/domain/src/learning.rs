//! What works for whom (seed 002: "wat voor wie werkt en wanneer"): the
//! outcomes of the organisation's own interventions, per intervention and
//! per client group at the start. Each share comes with its count and a
//! Wilson interval; a group smaller than the minimum shows nothing, so no
//! person can be recognised in a figure. These are observations of what
//! followed, not proof of what caused it.

use std::collections::BTreeMap;

use serde::Serialize;
use time::Date;

use crate::{
    client::Phase, code::code_enum, effects::ClientHistory,
    reintegration::trajectory::InterventionOutcome, CatalogueItemId, ClientId, ProviderId, TeamId,
};

/// How long a step to paid work must last to count as durable.
pub const DURABLE_MONTHS: u32 = 6;

code_enum! {
    /// Self-reliance at the start, by the lowest domain score of the last
    /// ZRM before it: one acute domain says more than the average.
    #[derive(PartialOrd, Ord)]
    pub enum ZrmBand {
        Acute => "acute",
        NotSelfReliant => "not_self_reliant",
        Limited => "limited",
        SelfReliant => "self_reliant",
    }
    parse: exact
}

impl ZrmBand {
    pub fn of(lowest: u8) -> ZrmBand {
        match lowest {
            0..=1 => ZrmBand::Acute,
            2 => ZrmBand::NotSelfReliant,
            3 => ZrmBand::Limited,
            _ => ZrmBand::SelfReliant,
        }
    }
}

code_enum! {
    /// Age at the start of the intervention.
    #[derive(PartialOrd, Ord)]
    pub enum AgeBand {
        Under27 => "under_27",
        From27To44 => "27_44",
        From45To54 => "45_54",
        From55 => "55_plus",
    }
    parse: exact
}

impl AgeBand {
    pub fn of(age: u32) -> AgeBand {
        match age {
            0..=26 => AgeBand::Under27,
            27..=44 => AgeBand::From27To44,
            45..=54 => AgeBand::From45To54,
            _ => AgeBand::From55,
        }
    }
}

code_enum! {
    /// Time on benefit at the start of the intervention.
    #[derive(PartialOrd, Ord)]
    pub enum BenefitTime {
        UnderOneYear => "under_1y",
        OneToThreeYears => "1_3y",
        OverThreeYears => "over_3y",
    }
    parse: exact
}

impl BenefitTime {
    pub fn of(months: u32) -> BenefitTime {
        match months {
            0..=11 => BenefitTime::UnderOneYear,
            12..=35 => BenefitTime::OneToThreeYears,
            _ => BenefitTime::OverThreeYears,
        }
    }
}

/// A group of clients by what was known at the start of the intervention.
/// Every client is in [`Group::Everyone`] and in one group of each
/// dimension known for them, so one client counts in several groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "by", content = "value", rename_all = "snake_case")]
pub enum Group {
    Everyone,
    LadderRung(u8),
    Zrm(ZrmBand),
    Age(AgeBand),
    BenefitTime(BenefitTime),
    Team(TeamId),
    Phase(Phase),
}

code_enum! {
    /// One way of grouping clients, as the page compares them.
    pub enum Dimension {
        Everyone => "everyone",
        Rung => "rung",
        Zrm => "zrm",
        Age => "age",
        BenefitTime => "benefit_time",
        Team => "team",
        Phase => "phase",
    }
    parse: exact
}

impl Group {
    pub fn dimension(self) -> Dimension {
        match self {
            Group::Everyone => Dimension::Everyone,
            Group::LadderRung(_) => Dimension::Rung,
            Group::Zrm(_) => Dimension::Zrm,
            Group::Age(_) => Dimension::Age,
            Group::BenefitTime(_) => Dimension::BenefitTime,
            Group::Team(_) => Dimension::Team,
            Group::Phase(_) => Dimension::Phase,
        }
    }
}

/// Which intervention: a catalogue item, in-house or by one provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct InterventionKey {
    pub item: CatalogueItemId,
    pub provider: Option<ProviderId>,
}

/// One ended intervention of one client, with what followed.
#[derive(Debug, Clone)]
pub struct Observation {
    pub client: ClientId,
    pub intervention: InterventionKey,
    pub outcome: InterventionOutcome,
    // What was known at the start.
    pub ladder_rung: Option<u8>,
    /// The lowest domain score of the last ZRM before the start.
    pub zrm_lowest: Option<u8>,
    pub age: Option<u32>,
    pub benefit_months: Option<u32>,
    pub team: TeamId,
    pub phase: Phase,
    /// Rungs risen on the Participatieladder from the start to the latest
    /// measurement after the end, when both were measured.
    pub ladder_rise: Option<i32>,
    /// Skills gained from the last assessment before the start to the first
    /// after the end, when both were made.
    pub skills_gain: Option<i32>,
    /// Whole months followed after the end (until today or closing).
    pub months_followed: u32,
    /// Months after the end until the first step to paid work or volunteer
    /// work, if there was one.
    pub work_after_months: Option<u32>,
    /// For a step to paid work: whether it lasted [`DURABLE_MONTHS`]
    /// without going back to an earlier phase; `None` without such a step
    /// or when it is too recent to tell.
    pub durable: Option<bool>,
}

impl Observation {
    pub fn groups(&self) -> Vec<Group> {
        let mut g = vec![Group::Everyone];
        g.extend(self.ladder_rung.map(Group::LadderRung));
        g.extend(self.zrm_lowest.map(|z| Group::Zrm(ZrmBand::of(z))));
        g.extend(self.age.map(|a| Group::Age(AgeBand::of(a))));
        g.extend(
            self.benefit_months
                .map(|m| Group::BenefitTime(BenefitTime::of(m))),
        );
        g.push(Group::Team(self.team));
        g.push(Group::Phase(self.phase));
        g
    }

    /// A step to work within `months` after the end, or `None` when the
    /// client was not followed that long and nothing happened yet.
    fn work_within(&self, months: u32) -> Option<bool> {
        match self.work_after_months {
            Some(m) if m <= months => Some(true),
            _ if self.months_followed >= months => Some(false),
            _ => None,
        }
    }
}

/// A share of a group: how many of how many, and its 95% Wilson interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Share {
    pub count: u32,
    pub of: u32,
    pub low: f64,
    pub high: f64,
}

impl Share {
    pub fn value(&self) -> f64 {
        f64::from(self.count) / f64::from(self.of)
    }
}

/// The 95% Wilson score interval of `count` of `of` (`of` > 0): unlike the
/// plain ± interval it stays within 0–1 and is honest for small groups.
pub fn wilson(count: u32, of: u32) -> (f64, f64) {
    const Z: f64 = 1.959_963_984_540_054;
    let n = f64::from(of);
    let p = f64::from(count) / n;
    let z2 = Z * Z;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = Z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// A mean over the clients where it was measured.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Mean {
    pub mean: f64,
    pub of: u32,
}

/// The outcomes of one intervention for one group. A figure whose own
/// denominator is below the minimum is `None`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcomes {
    pub intervention: InterventionKey,
    pub group: Group,
    pub clients: u32,
    pub achieved: Share,
    pub partly: Share,
    pub not_achieved: Share,
    pub stopped: Share,
    pub ladder_rise: Option<Mean>,
    pub skills_gain: Option<Mean>,
    pub work_within_6_months: Option<Share>,
    pub work_within_12_months: Option<Share>,
    /// Of those who stepped to paid work, long enough ago to tell: lasted.
    pub durable_work: Option<Share>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatWorks {
    /// Per intervention, then per group; only groups of at least `minimum`.
    pub rows: Vec<Outcomes>,
    /// Intervention × group combinations left out as too small.
    pub suppressed: usize,
    pub minimum: u32,
}

/// The figures from `observations`, showing no group smaller than `minimum`.
pub fn what_works(observations: &[Observation], minimum: u32) -> WhatWorks {
    let minimum = minimum.max(1);
    let mut cells: BTreeMap<(InterventionKey, Group), Vec<&Observation>> = BTreeMap::new();
    for o in observations {
        for g in o.groups() {
            cells.entry((o.intervention, g)).or_default().push(o);
        }
    }
    let mut suppressed = 0;
    let mut rows = Vec::new();
    for ((intervention, group), obs) in cells {
        let n = obs.len() as u32;
        if n < minimum {
            suppressed += 1;
            continue;
        }
        let share_of = |count: usize, of: u32| {
            let count = count as u32;
            let (low, high) = wilson(count, of);
            Share {
                count,
                of,
                low,
                high,
            }
        };
        let outcome = |kind| share_of(obs.iter().filter(|o| o.outcome == kind).count(), n);
        let mean = |values: Vec<i32>| {
            let of = values.len() as u32;
            (of >= minimum).then(|| Mean {
                mean: f64::from(values.iter().sum::<i32>()) / f64::from(of),
                of,
            })
        };
        let work = |months| {
            let seen: Vec<bool> = obs.iter().filter_map(|o| o.work_within(months)).collect();
            let of = seen.len() as u32;
            (of >= minimum).then(|| share_of(seen.iter().filter(|w| **w).count(), of))
        };
        rows.push(Outcomes {
            intervention,
            group,
            clients: n,
            achieved: outcome(InterventionOutcome::Achieved),
            partly: outcome(InterventionOutcome::PartlyAchieved),
            not_achieved: outcome(InterventionOutcome::NotAchieved),
            stopped: outcome(InterventionOutcome::Stopped),
            ladder_rise: mean(obs.iter().filter_map(|o| o.ladder_rise).collect()),
            skills_gain: mean(obs.iter().filter_map(|o| o.skills_gain).collect()),
            work_within_6_months: work(6),
            work_within_12_months: work(12),
            durable_work: {
                let seen: Vec<bool> = obs.iter().filter_map(|o| o.durable).collect();
                let of = seen.len() as u32;
                (of >= minimum).then(|| share_of(seen.iter().filter(|d| **d).count(), of))
            },
        });
    }
    WhatWorks {
        rows,
        suppressed,
        minimum,
    }
}

impl WhatWorks {
    /// What happened to clients like one in `groups` with each
    /// intervention: per intervention the first group of `groups` that is
    /// shown, so the most alike comes first when `groups` is ordered so.
    pub fn comparable(&self, groups: &[Group]) -> Vec<&Outcomes> {
        let mut out: Vec<&Outcomes> = Vec::new();
        for g in groups {
            for r in self.rows.iter().filter(|r| r.group == *g) {
                if !out.iter().any(|o| o.intervention == r.intervention) {
                    out.push(r);
                }
            }
        }
        out.sort_by_key(|o| o.intervention);
        out
    }
}

/// The order in which a client's groups are most alike: the ladder and
/// self-reliance say most about the distance to work.
pub const LIKENESS: [Dimension; 7] = [
    Dimension::Rung,
    Dimension::Zrm,
    Dimension::Age,
    Dimension::BenefitTime,
    Dimension::Phase,
    Dimension::Team,
    Dimension::Everyone,
];

/// Whole months from `from` to `to` (0 when `to` is earlier).
pub fn whole_months(from: Date, to: Date) -> u32 {
    let months = (to.year() - from.year()) * 12 + i32::from(u8::from(to.month()))
        - i32::from(u8::from(from.month()))
        - i32::from(to.day() < from.day());
    months.max(0) as u32
}

/// The observations in the organisation's histories: every ended
/// intervention, with what was known at its start and what followed, up to
/// `today` or the file's closing.
pub fn observations(histories: &[ClientHistory], today: Date) -> Vec<Observation> {
    let mut out = Vec::new();
    for h in histories {
        for r in &h.interventions {
            let Some((end, outcome)) = r.ended else {
                continue;
            };
            out.push(observe(
                h,
                r.item,
                r.provider,
                r.starts_on,
                end,
                outcome,
                today,
            ));
        }
    }
    out
}

/// The client's groups if an intervention started `on` that day: what the
/// trajectplan compares a client with.
pub fn groups_on(h: &ClientHistory, on: Date) -> Vec<Group> {
    let mut g = observe(
        h,
        CatalogueItemId(0),
        None,
        on,
        on,
        InterventionOutcome::Stopped,
        on,
    )
    .groups();
    g.sort_by_key(|g| LIKENESS.iter().position(|d| *d == g.dimension()));
    g
}

fn last_on_or_before<T: Copy>(list: &[(Date, T)], day: Date) -> Option<T> {
    let i = list.partition_point(|(d, _)| *d <= day);
    i.checked_sub(1).map(|i| list[i].1)
}

fn observe(
    h: &ClientHistory,
    item: CatalogueItemId,
    provider: Option<ProviderId>,
    start: Date,
    end: Date,
    outcome: InterventionOutcome,
    today: Date,
) -> Observation {
    let until = h.closed.map_or(today, |c| c.min(today));
    let ladder_rung = last_on_or_before(&h.ladder, start);
    let ladder_rise = ladder_rung.and_then(|at_start| {
        h.ladder
            .iter()
            .rev()
            .find(|(d, _)| *d >= end && *d <= until)
            .map(|(_, r)| i32::from(*r) - i32::from(at_start))
    });
    let skills_before = h.assessment_on(start).map(|(_, s)| s.count() as i32);
    let skills_gain = skills_before.and_then(|before| {
        h.assessments
            .iter()
            .find(|(d, _)| *d >= end)
            .map(|(_, s)| s.count() as i32 - before)
    });
    // A step during the intervention counts as right after its end.
    let first_step = h
        .work_steps
        .iter()
        .chain(&h.volunteer_starts)
        .filter(|d| **d >= start && **d <= until)
        .min()
        .copied();
    let durable = h
        .work_steps
        .iter()
        .find(|d| **d >= start && **d <= until)
        .and_then(|step| {
            let lasted = whole_months(*step, until) >= DURABLE_MONTHS;
            let back = h.phases.windows(2).any(|w| {
                matches!(w[0].1, Phase::Nazorg | Phase::Uitgestroomd)
                    && !matches!(w[1].1, Phase::Nazorg | Phase::Uitgestroomd)
                    && w[1].0 > *step
                    && whole_months(*step, w[1].0) < DURABLE_MONTHS
            });
            if back {
                Some(false)
            } else {
                lasted.then_some(true)
            }
        });
    Observation {
        client: h.client,
        intervention: InterventionKey { item, provider },
        outcome,
        ladder_rung,
        zrm_lowest: last_on_or_before(&h.zrm_lowest, start),
        age: h.birth_date.map(|b| whole_months(b, start) / 12),
        benefit_months: Some(whole_months(h.registered, start)),
        team: h.owner_on(start).team_id,
        phase: h.phase_on(start),
        ladder_rise,
        skills_gain,
        months_followed: whole_months(end, until),
        work_after_months: first_step.map(|d| whole_months(end, d)),
        durable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use InterventionOutcome::*;

    const TEAM: TeamId = TeamId(1);
    const A: InterventionKey = InterventionKey {
        item: CatalogueItemId(1),
        provider: None,
    };
    const B: InterventionKey = InterventionKey {
        item: CatalogueItemId(2),
        provider: Some(ProviderId(7)),
    };

    #[allow(clippy::too_many_arguments)]
    fn obs(
        client: i64,
        intervention: InterventionKey,
        outcome: InterventionOutcome,
        rung: u8,
        age: u32,
        rise: Option<i32>,
        followed: u32,
        work_after: Option<u32>,
    ) -> Observation {
        Observation {
            client: ClientId(client),
            intervention,
            outcome,
            ladder_rung: Some(rung),
            zrm_lowest: None,
            age: Some(age),
            benefit_months: None,
            team: TEAM,
            phase: Phase::Activering,
            ladder_rise: rise,
            skills_gain: None,
            months_followed: followed,
            work_after_months: work_after,
            durable: None,
        }
    }

    /// Four clients followed A, two followed B; the minimum group is 3.
    ///
    /// | client | interv. | outcome  | rung | age | rise | followed | work after |
    /// |--------|---------|----------|------|-----|------|----------|------------|
    /// | 1      | A       | achieved | 2    | 30  | +1   | 13 m     | 4 m        |
    /// | 2      | A       | achieved | 2    | 50  | +2   | 13 m     | –          |
    /// | 3      | A       | not      | 3    | 35  | 0    | 13 m     | 8 m        |
    /// | 4      | A       | stopped  | 2    | 40  | –    | 5 m      | –          |
    /// | 5, 6   | B       | achieved | 2    | 30  | –    | 13 m     | –          |
    fn set() -> Vec<Observation> {
        vec![
            obs(1, A, Achieved, 2, 30, Some(1), 13, Some(4)),
            obs(2, A, Achieved, 2, 50, Some(2), 13, None),
            obs(3, A, NotAchieved, 3, 35, Some(0), 13, Some(8)),
            obs(4, A, Stopped, 2, 40, None, 5, None),
            obs(5, B, Achieved, 2, 30, None, 13, None),
            obs(6, B, Achieved, 2, 30, None, 13, None),
        ]
    }

    fn row(w: &WhatWorks, i: InterventionKey, g: Group) -> Option<&Outcomes> {
        w.rows.iter().find(|r| r.intervention == i && r.group == g)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 5e-4
    }

    #[test]
    fn figures_per_intervention_and_group_worked_out_by_hand() {
        let w = what_works(&set(), 3);

        // A, everyone: 4 clients; 2 achieved = 50%, Wilson 15.0%–85.0%:
        // z² = 3.8415, centre (0.5 + 3.8415/8)/(1 + 3.8415/4) = 0.5, half
        // 1.96·√(0.25/4 + 3.8415/64)/1.9604 = 0.3500.
        let all = row(&w, A, Group::Everyone).expect("A for everyone");
        assert_eq!(all.clients, 4);
        assert_eq!((all.achieved.count, all.achieved.of), (2, 4));
        assert!(close(all.achieved.low, 0.1500) && close(all.achieved.high, 0.8500));
        assert_eq!(
            (all.partly.count, all.not_achieved.count, all.stopped.count),
            (0, 1, 1)
        );
        // Ladder rise measured for 1, 2 and 3: (1 + 2 + 0) / 3 = 1.0.
        assert_eq!(all.ladder_rise, Some(Mean { mean: 1.0, of: 3 }));
        // Work within 6 months, of the 3 followed that long: only client 1.
        let six = all.work_within_6_months.unwrap();
        assert_eq!((six.count, six.of), (1, 3));
        // Within 12 months: clients 1 (4 m) and 3 (8 m) of 1, 2, 3; 2/3 =
        // 66.7%, Wilson 20.8%–93.9%.
        let twelve = all.work_within_12_months.unwrap();
        assert_eq!((twelve.count, twelve.of), (2, 3));
        assert!(close(twelve.low, 0.2077) && close(twelve.high, 0.9385));

        // A, rung 2: clients 1, 2, 4; 2 achieved. Only 1 and 2 were
        // followed 6 months and had the ladder measured again: 2 < 3, so
        // those figures are not shown.
        let rung2 = row(&w, A, Group::LadderRung(2)).unwrap();
        assert_eq!((rung2.clients, rung2.achieved.count), (3, 2));
        assert_eq!(rung2.work_within_6_months, None);
        assert_eq!(rung2.ladder_rise, None);

        // Client 1 counts in two groups of A besides everyone: rung 2 (above)
        // and age 27–44, with clients 3 and 4: 1 achieved, 1 not, 1 stopped.
        let age = row(&w, A, Group::Age(AgeBand::From27To44)).unwrap();
        assert_eq!(age.clients, 3);
        assert_eq!(
            (
                age.achieved.count,
                age.not_achieved.count,
                age.stopped.count
            ),
            (1, 1, 1)
        );

        // Too small, so suppressed: A for rung 3 (client 3 alone), A for
        // 45–54 (client 2 alone), and every group of B (two clients).
        assert!(row(&w, A, Group::LadderRung(3)).is_none());
        assert!(row(&w, A, Group::Age(AgeBand::From45To54)).is_none());
        assert!(w.rows.iter().all(|r| r.intervention != B));
        // B: everyone, rung 2, age 27–44, team, phase = 5 cells; A: rung 3,
        // 45–54 = 2 cells.
        assert_eq!(w.suppressed, 7);
        // Shown for A: everyone, rung 2, 27–44, team, phase.
        assert_eq!(w.rows.len(), 5);
    }

    #[test]
    fn wilson_stays_within_bounds() {
        let (low, high) = wilson(0, 5);
        assert_eq!(low, 0.0);
        assert!(high > 0.4 && high < 0.45, "{high}");
        let (low, high) = wilson(5, 5);
        assert!(low > 0.55 && low < 0.6, "{low}");
        assert_eq!(high, 1.0);
    }

    fn skills(n: usize) -> crate::skills::SkillSet {
        crate::skills::SkillSet {
            on_time: n > 0,
            commitment: n > 1,
            accepts_direction: n > 2,
            says_in_time: n > 3,
            dresses_for_work: n > 4,
        }
    }

    /// One client's history, read by hand: registered 1 March 2023 in
    /// activering, born 10 June 1990; rung 2 and ZRM lowest 2 before an
    /// intervention from 1 February 2024 to 1 May 2024 (achieved), two
    /// skills before and four after, rung 4 in September 2024, part-time
    /// work from 15 June 2024 and back in activering on 1 October 2024.
    #[test]
    fn an_observation_is_read_from_the_history() {
        use crate::{
            client::Owner,
            effects::history::{ClientHistory, InterventionRecord},
            EmployeeId, InterventionId,
        };
        use time::macros::date;
        let owner = Owner {
            team_id: TEAM,
            employee_id: EmployeeId(3),
        };
        let h = ClientHistory {
            client: ClientId(9),
            registered: date!(2023 - 03 - 01),
            person: None,
            owners: vec![(date!(2023 - 03 - 01), owner)],
            phases: vec![
                (date!(2023 - 03 - 01), Phase::Activering),
                (date!(2024 - 06 - 15), Phase::Nazorg),
                (date!(2024 - 10 - 01), Phase::Activering),
            ],
            closed: None,
            assessments: vec![
                (date!(2024 - 01 - 10), skills(2)),
                (date!(2024 - 05 - 20), skills(4)),
            ],
            contacts: vec![],
            handovers: vec![],
            partial_outflows: vec![date!(2024 - 06 - 15)],
            volunteer_starts: vec![],
            sanctions: vec![],
            birth_date: Some(date!(1990 - 06 - 10)),
            interventions: vec![InterventionRecord {
                id: InterventionId(1),
                item: CatalogueItemId(1),
                provider: None,
                starts_on: date!(2024 - 02 - 01),
                ended: Some((date!(2024 - 05 - 01), Achieved)),
            }],
            ladder: vec![(date!(2024 - 01 - 15), 2), (date!(2024 - 09 - 01), 4)],
            zrm_lowest: vec![(date!(2024 - 01 - 20), 2)],
            work_steps: vec![date!(2024 - 06 - 15)],
            events: 0,
        };
        let o = &observations(std::slice::from_ref(&h), date!(2025 - 03 - 01))[0];
        assert_eq!(o.outcome, Achieved);
        assert_eq!((o.ladder_rung, o.ladder_rise), (Some(2), Some(2)));
        assert_eq!((o.zrm_lowest, o.skills_gain), (Some(2), Some(2)));
        // 33 on 1 February 2024 (birthday in June); 11 months registered.
        assert_eq!((o.age, o.benefit_months), (Some(33), Some(11)));
        assert_eq!((o.team, o.phase), (TEAM, Phase::Activering));
        // 1 May 2024 to 1 March 2025: 10 months; work 1 month after the end.
        assert_eq!((o.months_followed, o.work_after_months), (10, Some(1)));
        // Back in activering after 3 months: not durable.
        assert_eq!(o.durable, Some(false));
        assert_eq!(
            o.groups(),
            vec![
                Group::Everyone,
                Group::LadderRung(2),
                Group::Zrm(ZrmBand::NotSelfReliant),
                Group::Age(AgeBand::From27To44),
                Group::BenefitTime(BenefitTime::UnderOneYear),
                Group::Team(TEAM),
                Group::Phase(Phase::Activering),
            ]
        );
    }
}
