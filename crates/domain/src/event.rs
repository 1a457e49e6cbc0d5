//! The append-only history of a client, and the state it folds into.
//!
//! Storage keeps a projection of [`ClientState`] in step with the events in
//! the same transaction; `zicht check` replays the events and compares.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::{
    bsn::Bsn,
    client::{BenefitStatus, Owner, Phase},
    contact::ContactKind,
    handover_note::HandoverNote,
    ids::{
        CareOrganisationId, CareReferralId, CatalogueItemId, EmployeeId, EmployerId, GoalId,
        HandoverId, InterventionId, LetterId, MediationId, PlacementId, ProviderId, SanctionId,
        TeamId, VacancyId,
    },
    reintegration::{
        care::{ArrivalConfirmation, CareKind},
        diagnosis::{DiagnosisSource, Instrument, LadderRung, ZrmScore, ZrmVersion},
        outflow::{OutflowKind, OutflowReason},
        sanction::{LegalBasis, SanctionDecision},
        trajectory::{GoalTarget, InterventionOutcome, Reasoning},
        work::{MatchReason, MediationResult, MediationStep, WorkWishes},
    },
    skills::SkillSet,
};

/// Something that happened to a client. Never changed once stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientEvent {
    Created {
        /// `None` once the file has been anonymised after its retention term.
        bsn: Option<Bsn>,
        name: String,
        birth_date: Option<Date>,
        particulars: String,
        phase: Phase,
        owner: Owner,
    },
    HandoverOffered {
        handover_id: HandoverId,
        from: Owner,
        to_team: TeamId,
        to_employee: Option<EmployeeId>,
        note: HandoverNote,
    },
    HandoverAccepted {
        handover_id: HandoverId,
        new_owner: Owner,
    },
    HandoverReturned {
        handover_id: HandoverId,
        reason: String,
    },
    HandoverWithdrawn {
        handover_id: HandoverId,
    },
    /// The sending team saw that its handover came back and keeps the
    /// client, for the reason given; the return is no longer signalled.
    HandoverReturnSeen {
        handover_id: HandoverId,
        reason: String,
    },
    AssessmentRecorded {
        assessed_on: Date,
        skills: SkillSet,
        remarks: String,
    },
    ContactRecorded {
        date: Date,
        kind: ContactKind,
        with_whom: String,
        summary: String,
        next_contact_on: Option<Date>,
    },
    PhaseChanged {
        from: Phase,
        to: Phase,
    },
    BenefitStatusChanged {
        from: BenefitStatus,
        to: BenefitStatus,
    },
    Closed {
        reason: String,
    },
    /// The retention term passed: personal data was removed from the file
    /// and its history.
    Anonymised,
    DiagnosisNoted {
        source: DiagnosisSource,
        noted_on: Date,
        text: String,
    },
    LadderMeasured {
        measured_on: Date,
        rung: LadderRung,
        remarks: String,
    },
    ZrmAssessed {
        assessed_on: Date,
        version: ZrmVersion,
        scores: Vec<ZrmScore>,
        remarks: String,
    },
    /// *Comply or explain*: why a required instrument was not used in a phase.
    InstrumentExplained {
        phase: Phase,
        instrument: Instrument,
        reason: String,
    },
    GoalSet {
        goal_id: GoalId,
        target: GoalTarget,
        description: String,
    },
    /// An intervention chosen for the trajectplan; with a provider, this is
    /// the referral that lets the provider see the client.
    InterventionPlanned {
        intervention_id: InterventionId,
        catalogue_item_id: CatalogueItemId,
        /// The catalogue item's name when chosen, so the history reads on its own.
        name: String,
        provider_id: Option<ProviderId>,
        goal_id: Option<GoalId>,
        reasoning: Reasoning,
        starts_on: Date,
        planned_end_on: Date,
    },
    InterventionEnded {
        intervention_id: InterventionId,
        ended_on: Date,
        outcome: InterventionOutcome,
        result: String,
    },
    /// A progress report submitted by the provider's user.
    ProgressReported {
        intervention_id: InterventionId,
        provider_id: ProviderId,
        reported_on: Date,
        summary: String,
    },
    /// An oversight conversation between caseworker and provider.
    OversightRecorded {
        provider_id: ProviderId,
        held_on: Date,
        summary: String,
    },
    CareReferred {
        referral_id: CareReferralId,
        care_organisation_id: CareOrganisationId,
        organisation_name: String,
        kind: CareKind,
        referred_on: Date,
        note: String,
    },
    CareArrived {
        referral_id: CareReferralId,
        arrived_on: Date,
        confirmation: ArrivalConfirmation,
        note: String,
    },
    CareEnded {
        referral_id: CareReferralId,
        ended_on: Date,
        reason: String,
    },
    WorkWishesRecorded {
        wishes: WorkWishes,
    },
    /// A suggested match accepted: the client is proposed for the vacancy.
    MediationStarted {
        mediation_id: MediationId,
        vacancy_id: VacancyId,
        employer_id: EmployerId,
        employer_name: String,
        vacancy_title: String,
        /// Why the match was suggested, as it was when accepted.
        reasons: Vec<MatchReason>,
    },
    MediationStepRecorded {
        mediation_id: MediationId,
        step: MediationStep,
        on: Date,
        note: String,
    },
    MediationEnded {
        mediation_id: MediationId,
        result: MediationResult,
        on: Date,
        note: String,
    },
    VolunteerPlacementStarted {
        placement_id: PlacementId,
        organisation_id: CareOrganisationId,
        organisation_name: String,
        starts_on: Date,
        hours_per_week: Option<u32>,
        description: String,
    },
    VolunteerPlacementEnded {
        placement_id: PlacementId,
        ends_on: Date,
        reason: String,
    },
    /// Outflow to work, full or partial; aftercare runs until the date given.
    OutflowRegistered {
        kind: OutflowKind,
        reason: OutflowReason,
        on: Date,
        employer: String,
        hours_per_week: Option<u32>,
        note: String,
        aftercare_until: Date,
    },
    AftercareCheckedIn {
        on: Date,
        note: String,
    },
    /// Behaviour, legal basis and the consideration of the effect on
    /// re-integration, before any decision.
    SanctionConsidered {
        sanction_id: SanctionId,
        on: Date,
        behaviour: String,
        legal_basis: LegalBasis,
        consideration: String,
    },
    SanctionDecided {
        sanction_id: SanctionId,
        on: Date,
        decision: SanctionDecision,
        reason: String,
    },
    /// A letter was produced from a template; its text as sent.
    LetterProduced {
        letter_id: LetterId,
        template_key: String,
        title: String,
        body: String,
    },
}

impl ClientEvent {
    /// Stable name stored beside the payload, for queries and the timeline.
    pub fn kind(&self) -> &'static str {
        match self {
            ClientEvent::Created { .. } => "created",
            ClientEvent::HandoverOffered { .. } => "handover_offered",
            ClientEvent::HandoverAccepted { .. } => "handover_accepted",
            ClientEvent::HandoverReturned { .. } => "handover_returned",
            ClientEvent::HandoverWithdrawn { .. } => "handover_withdrawn",
            ClientEvent::HandoverReturnSeen { .. } => "handover_return_seen",
            ClientEvent::AssessmentRecorded { .. } => "assessment_recorded",
            ClientEvent::ContactRecorded { .. } => "contact_recorded",
            ClientEvent::PhaseChanged { .. } => "phase_changed",
            ClientEvent::BenefitStatusChanged { .. } => "benefit_status_changed",
            ClientEvent::Closed { .. } => "closed",
            ClientEvent::Anonymised => "anonymised",
            ClientEvent::DiagnosisNoted { .. } => "diagnosis_noted",
            ClientEvent::LadderMeasured { .. } => "ladder_measured",
            ClientEvent::ZrmAssessed { .. } => "zrm_assessed",
            ClientEvent::InstrumentExplained { .. } => "instrument_explained",
            ClientEvent::GoalSet { .. } => "goal_set",
            ClientEvent::InterventionPlanned { .. } => "intervention_planned",
            ClientEvent::InterventionEnded { .. } => "intervention_ended",
            ClientEvent::ProgressReported { .. } => "progress_reported",
            ClientEvent::OversightRecorded { .. } => "oversight_recorded",
            ClientEvent::CareReferred { .. } => "care_referred",
            ClientEvent::CareArrived { .. } => "care_arrived",
            ClientEvent::CareEnded { .. } => "care_ended",
            ClientEvent::WorkWishesRecorded { .. } => "work_wishes_recorded",
            ClientEvent::MediationStarted { .. } => "mediation_started",
            ClientEvent::MediationStepRecorded { .. } => "mediation_step_recorded",
            ClientEvent::MediationEnded { .. } => "mediation_ended",
            ClientEvent::VolunteerPlacementStarted { .. } => "volunteer_placement_started",
            ClientEvent::VolunteerPlacementEnded { .. } => "volunteer_placement_ended",
            ClientEvent::OutflowRegistered { .. } => "outflow_registered",
            ClientEvent::AftercareCheckedIn { .. } => "aftercare_checked_in",
            ClientEvent::SanctionConsidered { .. } => "sanction_considered",
            ClientEvent::SanctionDecided { .. } => "sanction_decided",
            ClientEvent::LetterProduced { .. } => "letter_produced",
        }
    }

    /// Whether this belongs to the re-integration process (diagnosis,
    /// trajectplan, providers, care), kept in tables of its own.
    pub fn is_process(&self) -> bool {
        matches!(
            self,
            ClientEvent::DiagnosisNoted { .. }
                | ClientEvent::LadderMeasured { .. }
                | ClientEvent::ZrmAssessed { .. }
                | ClientEvent::InstrumentExplained { .. }
                | ClientEvent::GoalSet { .. }
                | ClientEvent::InterventionPlanned { .. }
                | ClientEvent::InterventionEnded { .. }
                | ClientEvent::ProgressReported { .. }
                | ClientEvent::OversightRecorded { .. }
                | ClientEvent::CareReferred { .. }
                | ClientEvent::CareArrived { .. }
                | ClientEvent::CareEnded { .. }
                | ClientEvent::WorkWishesRecorded { .. }
                | ClientEvent::MediationStarted { .. }
                | ClientEvent::MediationStepRecorded { .. }
                | ClientEvent::MediationEnded { .. }
                | ClientEvent::VolunteerPlacementStarted { .. }
                | ClientEvent::VolunteerPlacementEnded { .. }
                | ClientEvent::OutflowRegistered { .. }
                | ClientEvent::AftercareCheckedIn { .. }
                | ClientEvent::SanctionConsidered { .. }
                | ClientEvent::SanctionDecided { .. }
                | ClientEvent::LetterProduced { .. }
        )
    }

    /// Dutch label for the timeline.
    pub fn label_nl(&self) -> &'static str {
        match self {
            ClientEvent::Created { .. } => "Ingeschreven",
            ClientEvent::HandoverOffered { .. } => "Overdracht aangeboden",
            ClientEvent::HandoverAccepted { .. } => "Overdracht geaccepteerd",
            ClientEvent::HandoverReturned { .. } => "Overdracht teruggestuurd",
            ClientEvent::HandoverWithdrawn { .. } => "Overdracht ingetrokken",
            ClientEvent::HandoverReturnSeen { .. } => "Teruggestuurde overdracht gezien",
            ClientEvent::AssessmentRecorded { .. } => "Klantinzetformulier ingevuld",
            ClientEvent::ContactRecorded { .. } => "Contact vastgelegd",
            ClientEvent::PhaseChanged { .. } => "Fase gewijzigd",
            ClientEvent::BenefitStatusChanged { .. } => "Uitkeringsstatus gewijzigd",
            ClientEvent::Closed { .. } => "Afgesloten",
            ClientEvent::Anonymised => "Geanonimiseerd na bewaartermijn",
            ClientEvent::DiagnosisNoted { .. } => "Diagnose aangevuld",
            ClientEvent::LadderMeasured { .. } => "Participatieladder gemeten",
            ClientEvent::ZrmAssessed { .. } => "Zelfredzaamheid-Matrix gescoord",
            ClientEvent::InstrumentExplained { .. } => "Instrument niet gebruikt, uitgelegd",
            ClientEvent::GoalSet { .. } => "Doel in trajectplan",
            ClientEvent::InterventionPlanned { .. } => "Interventie ingezet",
            ClientEvent::InterventionEnded { .. } => "Interventie afgerond",
            ClientEvent::ProgressReported { .. } => "Voortgangsrapportage aanbieder",
            ClientEvent::OversightRecorded { .. } => "Regiegesprek met aanbieder",
            ClientEvent::CareReferred { .. } => "Verwezen naar zorg of vrijwilligerswerk",
            ClientEvent::CareArrived { .. } => "Aangekomen bij verwijzing",
            ClientEvent::CareEnded { .. } => "Verwijzing beëindigd",
            ClientEvent::WorkWishesRecorded { .. } => "Wensen voor werk vastgelegd",
            ClientEvent::MediationStarted { .. } => "Voorgedragen voor vacature",
            ClientEvent::MediationStepRecorded { .. } => "Stap in bemiddeling",
            ClientEvent::MediationEnded { .. } => "Bemiddeling afgerond",
            ClientEvent::VolunteerPlacementStarted { .. } => "Vrijwilligerswerk gestart",
            ClientEvent::VolunteerPlacementEnded { .. } => "Vrijwilligerswerk beëindigd",
            ClientEvent::OutflowRegistered { .. } => "Uitstroom naar werk",
            ClientEvent::AftercareCheckedIn { .. } => "Nazorgcontact",
            ClientEvent::SanctionConsidered { .. } => "Maatregel overwogen",
            ClientEvent::SanctionDecided { .. } => "Besluit over maatregel",
            ClientEvent::LetterProduced { .. } => "Brief opgesteld",
        }
    }

    /// The same event without personal data: names, numbers and free text go;
    /// dates, phases, owners and skills stay, so the history still adds up.
    pub fn anonymised(&self) -> ClientEvent {
        const GONE: &str = "[verwijderd]";
        let mut e = self.clone();
        match &mut e {
            ClientEvent::Created {
                bsn,
                name,
                birth_date,
                particulars,
                ..
            } => {
                *bsn = None;
                *name = GONE.into();
                *birth_date = None;
                particulars.clear();
            }
            ClientEvent::HandoverOffered { note, .. } => {
                note.reason = GONE.into();
                note.work_done = GONE.into();
                note.particulars.clear();
                note.agreements = GONE.into();
            }
            ClientEvent::HandoverReturned { reason, .. }
            | ClientEvent::HandoverReturnSeen { reason, .. }
            | ClientEvent::Closed { reason } => *reason = GONE.into(),
            ClientEvent::AssessmentRecorded { remarks, .. }
            | ClientEvent::LadderMeasured { remarks, .. }
            | ClientEvent::ZrmAssessed { remarks, .. } => remarks.clear(),
            ClientEvent::DiagnosisNoted { text, .. } => *text = GONE.into(),
            ClientEvent::InstrumentExplained { reason, .. }
            | ClientEvent::CareEnded { reason, .. } => *reason = GONE.into(),
            ClientEvent::GoalSet { description, .. } => *description = GONE.into(),
            ClientEvent::InterventionPlanned { reasoning, .. } => {
                reasoning.why_this = GONE.into();
                reasoning.why_client = GONE.into();
                reasoning.expected = GONE.into();
            }
            ClientEvent::InterventionEnded { result, .. } => *result = GONE.into(),
            ClientEvent::ProgressReported { summary, .. }
            | ClientEvent::OversightRecorded { summary, .. } => *summary = GONE.into(),
            ClientEvent::CareReferred { note, .. } | ClientEvent::CareArrived { note, .. } => {
                *note = GONE.into()
            }
            ClientEvent::WorkWishesRecorded { wishes } => wishes.remarks.clear(),
            ClientEvent::MediationStarted { .. } => {}
            ClientEvent::MediationStepRecorded { note, .. }
            | ClientEvent::MediationEnded { note, .. }
            | ClientEvent::OutflowRegistered { note, .. }
            | ClientEvent::AftercareCheckedIn { note, .. } => note.clear(),
            ClientEvent::VolunteerPlacementStarted { description, .. } => {
                *description = GONE.into()
            }
            ClientEvent::VolunteerPlacementEnded { reason, .. }
            | ClientEvent::SanctionDecided { reason, .. } => *reason = GONE.into(),
            ClientEvent::SanctionConsidered {
                behaviour,
                consideration,
                ..
            } => {
                *behaviour = GONE.into();
                *consideration = GONE.into();
            }
            ClientEvent::LetterProduced { body, .. } => *body = GONE.into(),
            ClientEvent::ContactRecorded {
                with_whom, summary, ..
            } => {
                *with_whom = GONE.into();
                summary.clear();
            }
            ClientEvent::HandoverAccepted { .. }
            | ClientEvent::HandoverWithdrawn { .. }
            | ClientEvent::PhaseChanged { .. }
            | ClientEvent::BenefitStatusChanged { .. }
            | ClientEvent::Anonymised => {}
        }
        e
    }
}

/// A handover waiting for the receiving team's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingHandover {
    pub id: HandoverId,
    pub from: Owner,
    pub to_team: TeamId,
    pub to_employee: Option<EmployeeId>,
}

/// A handover the receiving team sent back that the sending team has not
/// acted on yet: signalled until the client is offered again or the sender
/// marks the return seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnedHandover {
    pub id: HandoverId,
    /// The team that sent it back.
    pub by_team: TeamId,
    pub reason: String,
}

/// What the history of one client adds up to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientState {
    pub open: bool,
    pub owner: Owner,
    pub phase: Phase,
    pub benefit_status: BenefitStatus,
    pub pending: Option<PendingHandover>,
    /// The last handover, when it came back and the sender has not acted on it.
    pub returned: Option<ReturnedHandover>,
    pub last_contact: Option<Date>,
    /// The assessment with the latest date (the later recorded on a tie).
    pub latest_skills: Option<(Date, SkillSet)>,
}

impl ClientState {
    /// The state right after registration.
    pub fn new(phase: Phase, owner: Owner) -> Self {
        ClientState {
            open: true,
            owner,
            phase,
            benefit_status: BenefitStatus::Unknown,
            pending: None,
            returned: None,
            last_contact: None,
            latest_skills: None,
        }
    }

    /// Folds a whole history; `None` when it does not start with `Created`.
    pub fn replay<'a>(events: impl IntoIterator<Item = &'a ClientEvent>) -> Option<ClientState> {
        let mut events = events.into_iter();
        let mut state = match events.next()? {
            ClientEvent::Created { phase, owner, .. } => ClientState::new(*phase, *owner),
            _ => return None,
        };
        for e in events {
            state.apply(e);
        }
        Some(state)
    }

    /// Applies one event that the rules in [`crate::handover`] allowed.
    pub fn apply(&mut self, event: &ClientEvent) {
        match event {
            ClientEvent::Created { phase, owner, .. } => *self = ClientState::new(*phase, *owner),
            ClientEvent::HandoverOffered {
                handover_id,
                from,
                to_team,
                to_employee,
                ..
            } => {
                self.pending = Some(PendingHandover {
                    id: *handover_id,
                    from: *from,
                    to_team: *to_team,
                    to_employee: *to_employee,
                });
                // Offering again is acting on an earlier return.
                self.returned = None;
            }
            ClientEvent::HandoverAccepted { new_owner, .. } => {
                self.owner = *new_owner;
                self.pending = None;
            }
            ClientEvent::HandoverReturned {
                handover_id,
                reason,
            } => {
                self.returned = self.pending.take().map(|p| ReturnedHandover {
                    id: *handover_id,
                    by_team: p.to_team,
                    reason: reason.clone(),
                });
            }
            ClientEvent::HandoverWithdrawn { .. } => {
                self.pending = None;
            }
            ClientEvent::HandoverReturnSeen { .. } => self.returned = None,
            ClientEvent::AssessmentRecorded {
                skills,
                assessed_on,
                ..
            } => {
                if self.latest_skills.is_none_or(|(d, _)| *assessed_on >= d) {
                    self.latest_skills = Some((*assessed_on, *skills));
                }
            }
            ClientEvent::ContactRecorded { date, .. } => {
                // Contacts may be recorded late; the latest date wins.
                self.last_contact = Some(self.last_contact.map_or(*date, |d| d.max(*date)));
            }
            ClientEvent::PhaseChanged { to, .. } => self.phase = *to,
            ClientEvent::BenefitStatusChanged { to, .. } => self.benefit_status = *to,
            ClientEvent::Closed { .. } => {
                self.open = false;
                self.pending = None;
                // A closed file is on nobody's caseload: nothing to signal.
                self.returned = None;
            }
            ClientEvent::Anonymised => {}
            // The re-integration process has its own tables; the register's
            // state (owner, phase, contact, skills) does not change.
            ClientEvent::DiagnosisNoted { .. }
            | ClientEvent::LadderMeasured { .. }
            | ClientEvent::ZrmAssessed { .. }
            | ClientEvent::InstrumentExplained { .. }
            | ClientEvent::GoalSet { .. }
            | ClientEvent::InterventionPlanned { .. }
            | ClientEvent::InterventionEnded { .. }
            | ClientEvent::ProgressReported { .. }
            | ClientEvent::OversightRecorded { .. }
            | ClientEvent::CareReferred { .. }
            | ClientEvent::CareArrived { .. }
            | ClientEvent::CareEnded { .. }
            | ClientEvent::WorkWishesRecorded { .. }
            | ClientEvent::MediationStarted { .. }
            | ClientEvent::MediationStepRecorded { .. }
            | ClientEvent::MediationEnded { .. }
            | ClientEvent::VolunteerPlacementStarted { .. }
            | ClientEvent::VolunteerPlacementEnded { .. }
            | ClientEvent::OutflowRegistered { .. }
            | ClientEvent::AftercareCheckedIn { .. }
            | ClientEvent::SanctionConsidered { .. }
            | ClientEvent::SanctionDecided { .. }
            | ClientEvent::LetterProduced { .. } => {}
        }
    }
}
