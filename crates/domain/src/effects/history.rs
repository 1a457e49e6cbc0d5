//! A client's history reduced to what the indicators count: when they were
//! registered and closed, who owned them from when, phases, assessments,
//! contacts and handovers. Built by folding the stored events in order.

use std::hash::{DefaultHasher, Hash, Hasher};

use time::{Date, OffsetDateTime};

use crate::{
    calendar::dutch_date,
    client::{Owner, Phase},
    event::ProcessEvent,
    event::{ClientEvent, HandoverEvent, RegisterEvent, WorkEvent},
    ids::{CatalogueItemId, ClientId, HandoverId, InterventionId, ProviderId, TeamId},
    reintegration::trajectory::InterventionOutcome,
    skills::SkillSet,
};

/// How a handover ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settlement {
    Accepted,
    Returned,
    Withdrawn,
}

/// One handover from offer to settlement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverRecord {
    pub id: HandoverId,
    pub from: Owner,
    pub to_team: TeamId,
    pub offered_at: OffsetDateTime,
    /// The Dutch date of `offered_at`, worked out once.
    pub offered_on: Date,
    pub settled: Option<(Settlement, OffsetDateTime)>,
    /// The Dutch date of the settlement.
    pub settled_on: Option<Date>,
}

/// One intervention of the trajectplan, from planned to ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterventionRecord {
    pub id: InterventionId,
    pub item: CatalogueItemId,
    pub provider: Option<ProviderId>,
    pub starts_on: Date,
    pub ended: Option<(Date, InterventionOutcome)>,
}

/// The facts of one client that the effectenkaart counts. Dates are Dutch
/// calendar dates; every list is in the order things happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientHistory {
    pub client: ClientId,
    pub registered: Date,
    /// A hash of the BSN, to see a person come back under a new file
    /// without keeping the number itself; `None` once anonymised.
    pub person: Option<u64>,
    /// Owner from a date on; the first entry is the registration.
    pub owners: Vec<(Date, Owner)>,
    /// Phase from a date on; the first entry is the registration.
    pub phases: Vec<(Date, Phase)>,
    pub closed: Option<Date>,
    /// Assessments by the date they are about; on one date in recording order.
    pub assessments: Vec<(Date, SkillSet)>,
    /// Contact dates, sorted (contacts may be recorded late).
    pub contacts: Vec<Date>,
    pub handovers: Vec<HandoverRecord>,
    /// Partial outflows (part-time work next to a reduced benefit) by date.
    pub partial_outflows: Vec<Date>,
    /// Start dates of volunteer placements.
    pub volunteer_starts: Vec<Date>,
    /// Dates sanctions were imposed (waived ones are not counted).
    pub sanctions: Vec<Date>,
    /// Kept for the age at the start of an intervention; `None` once
    /// anonymised.
    pub birth_date: Option<Date>,
    /// Interventions in the order they were planned.
    pub interventions: Vec<InterventionRecord>,
    /// Participatieladder rungs by the date measured.
    pub ladder: Vec<(Date, u8)>,
    /// ZRM assessments by date, as the lowest domain score of each.
    pub zrm_lowest: Vec<(Date, u8)>,
    /// Outflows (full or partial) to paid work or an own business, by date.
    pub work_steps: Vec<Date>,
    /// Number of events folded in, to notice a gap when following the feed.
    pub events: u32,
}

/// Hashes a BSN so returning people can be matched in memory.
pub fn person_key(bsn: &str) -> u64 {
    let mut h = DefaultHasher::new();
    bsn.hash(&mut h);
    h.finish()
}

impl ClientHistory {
    /// Starts a history from its `Created` event; `None` for any other event.
    pub fn start(client: ClientId, at: OffsetDateTime, event: &ClientEvent) -> Option<Self> {
        let ClientEvent::Register(RegisterEvent::Created {
            bsn,
            phase,
            owner,
            birth_date,
            ..
        }) = event
        else {
            return None;
        };
        let day = dutch_date(at);
        Some(ClientHistory {
            client,
            registered: day,
            person: bsn.as_ref().map(|b| person_key(&b.as_string())),
            owners: vec![(day, *owner)],
            phases: vec![(day, *phase)],
            closed: None,
            assessments: Vec::new(),
            contacts: Vec::new(),
            handovers: Vec::new(),
            partial_outflows: Vec::new(),
            volunteer_starts: Vec::new(),
            sanctions: Vec::new(),
            birth_date: *birth_date,
            interventions: Vec::new(),
            ladder: Vec::new(),
            zrm_lowest: Vec::new(),
            work_steps: Vec::new(),
            events: 1,
        })
    }

    /// Folds the next event of this client.
    pub fn apply(&mut self, at: OffsetDateTime, event: &ClientEvent) {
        let day = dutch_date(at);
        self.events += 1;
        match event {
            ClientEvent::Register(e) => self.apply_register(day, e),
            ClientEvent::Handover(e) => self.apply_handover(at, day, e),
            ClientEvent::Work(e) => self.apply_work(e),
            ClientEvent::Process(e) => self.apply_process(e),
        }
    }

    fn apply_register(&mut self, day: Date, event: &RegisterEvent) {
        match event {
            RegisterEvent::Anonymised => self.birth_date = None,
            RegisterEvent::Created { .. }
            | RegisterEvent::ContactDetailsChanged { .. }
            | RegisterEvent::BenefitStatusChanged { .. } => {}
            RegisterEvent::AssessmentRecorded {
                assessed_on,
                skills,
                ..
            } => {
                // Sorted by date; on a tie the later recorded comes last.
                let i = self.assessments.partition_point(|(d, _)| d <= assessed_on);
                self.assessments.insert(i, (*assessed_on, *skills));
            }
            RegisterEvent::ContactRecorded { date, .. } => {
                let i = self.contacts.partition_point(|d| d <= date);
                self.contacts.insert(i, *date);
            }
            RegisterEvent::PhaseChanged { to, .. } => self.phases.push((day, *to)),
            RegisterEvent::Closed { .. } => self.closed = Some(day),
        }
    }

    fn apply_handover(&mut self, at: OffsetDateTime, day: Date, event: &HandoverEvent) {
        match event {
            HandoverEvent::Offered {
                handover_id,
                from,
                to_team,
                ..
            } => self.handovers.push(HandoverRecord {
                id: *handover_id,
                from: *from,
                to_team: *to_team,
                offered_at: at,
                offered_on: day,
                settled: None,
                settled_on: None,
            }),
            HandoverEvent::Accepted {
                handover_id,
                new_owner,
            } => {
                self.settle(*handover_id, Settlement::Accepted, at);
                self.owners.push((day, *new_owner));
            }
            HandoverEvent::Returned { handover_id, .. } => {
                self.settle(*handover_id, Settlement::Returned, at)
            }
            HandoverEvent::Withdrawn { handover_id } => {
                self.settle(*handover_id, Settlement::Withdrawn, at)
            }
            // Seeing a return settles nothing: the handover was settled by it.
            HandoverEvent::ReturnSeen { .. } => {}
        }
    }

    fn apply_work(&mut self, event: &WorkEvent) {
        use crate::reintegration::{
            outflow::{OutflowKind, OutflowReason},
            sanction::SanctionDecision,
        };
        match event {
            WorkEvent::OutflowRegistered {
                kind, on, reason, ..
            } => {
                if *kind == OutflowKind::Partial {
                    self.partial_outflows.push(*on);
                }
                if matches!(reason, OutflowReason::PaidWork | OutflowReason::OwnBusiness) {
                    let i = self.work_steps.partition_point(|d| d <= on);
                    self.work_steps.insert(i, *on);
                }
            }
            WorkEvent::VolunteerPlacementStarted { starts_on, .. } => {
                self.volunteer_starts.push(*starts_on)
            }
            WorkEvent::SanctionDecided {
                on,
                decision: SanctionDecision::Imposed { .. },
                ..
            } => self.sanctions.push(*on),
            // Full outflow is counted by its phase change to uitgestroomd;
            // the rest of work is not (yet) part of these figures.
            _ => {}
        }
    }

    /// What the learning figures need of the process: interventions, the
    /// ladder and the ZRM, each kept in date order.
    fn apply_process(&mut self, event: &ProcessEvent) {
        match event {
            ProcessEvent::InterventionPlanned {
                intervention_id,
                catalogue_item_id,
                provider_id,
                starts_on,
                ..
            } => self.interventions.push(InterventionRecord {
                id: *intervention_id,
                item: *catalogue_item_id,
                provider: *provider_id,
                starts_on: *starts_on,
                ended: None,
            }),
            ProcessEvent::InterventionEnded {
                intervention_id,
                ended_on,
                outcome,
                ..
            } => {
                if let Some(i) = self
                    .interventions
                    .iter_mut()
                    .find(|i| i.id == *intervention_id)
                {
                    i.ended = Some((*ended_on, *outcome));
                }
            }
            ProcessEvent::LadderMeasured {
                measured_on, rung, ..
            } => {
                let i = self.ladder.partition_point(|(d, _)| d <= measured_on);
                self.ladder.insert(i, (*measured_on, rung.number()));
            }
            ProcessEvent::ZrmAssessed {
                assessed_on,
                scores,
                ..
            } => {
                if let Some(lowest) = scores.iter().map(|s| s.score).min() {
                    let i = self.zrm_lowest.partition_point(|(d, _)| d <= assessed_on);
                    self.zrm_lowest.insert(i, (*assessed_on, lowest));
                }
            }
            _ => {}
        }
    }

    fn settle(&mut self, id: HandoverId, how: Settlement, at: OffsetDateTime) {
        if let Some(h) = self.handovers.iter_mut().rev().find(|h| h.id == id) {
            h.settled = Some((how, at));
            h.settled_on = Some(dutch_date(at));
        }
    }

    /// Whether the file was open at the end of `day`.
    pub fn open_on(&self, day: Date) -> bool {
        self.registered <= day && self.closed.is_none_or(|c| c > day)
    }

    /// The owner at the end of `day` (the registration owner before it).
    pub fn owner_on(&self, day: Date) -> Owner {
        let i = self.owners.partition_point(|(d, _)| *d <= day);
        self.owners[i.saturating_sub(1)].1
    }

    /// The phase at the end of `day`.
    pub fn phase_on(&self, day: Date) -> Phase {
        let i = self.phases.partition_point(|(d, _)| *d <= day);
        self.phases[i.saturating_sub(1)].1
    }

    /// The assessment that counted at the end of `day`: the latest date,
    /// the later recorded on a tie (as on the klantkaart).
    pub fn assessment_on(&self, day: Date) -> Option<(Date, SkillSet)> {
        let i = self.assessments.partition_point(|(d, _)| *d <= day);
        i.checked_sub(1).map(|i| self.assessments[i])
    }

    /// The assessment that counted before `day` began.
    pub fn assessment_before(&self, day: Date) -> Option<(Date, SkillSet)> {
        let i = self.assessments.partition_point(|(d, _)| *d < day);
        i.checked_sub(1).map(|i| self.assessments[i])
    }

    /// Whether any contact is dated within `from..=to`.
    pub fn contacted_between(&self, from: Date, to: Date) -> bool {
        let i = self.contacts.partition_point(|d| *d < from);
        self.contacts.get(i).is_some_and(|d| *d <= to)
    }

    /// Days on which the client flowed out: phase changed to *uitgestroomd*.
    pub fn outflows(&self) -> impl Iterator<Item = Date> + '_ {
        self.phases
            .windows(2)
            .filter(|w| w[1].1 == Phase::Uitgestroomd && w[0].1 != Phase::Uitgestroomd)
            .map(|w| w[1].0)
    }

    /// Whether the client went back from *uitgestroomd* to an earlier phase
    /// within `after..=until`.
    pub fn reopened_between(&self, after: Date, until: Date) -> bool {
        self.phases.windows(2).any(|w| {
            w[0].1 == Phase::Uitgestroomd
                && w[1].1 != Phase::Uitgestroomd
                && w[1].0 >= after
                && w[1].0 <= until
        })
    }
}
