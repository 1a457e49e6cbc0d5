//! Events of work and outflow: wishes, mediation, volunteering, outflow and
//! aftercare, sanctions and letters. Kept in tables of their own.

use serde::{Deserialize, Serialize};
use strum::{IntoStaticStr, VariantNames};
use time::Date;

use super::GONE;
use crate::{
    ids::{
        CareOrganisationId, EmployerId, LetterId, MediationId, PlacementId, SanctionId, VacancyId,
    },
    reintegration::{
        outflow::{OutflowKind, OutflowReason},
        sanction::{LegalBasis, SanctionDecision},
        work::{MatchReason, MediationResult, MediationStep, WorkWishes},
    },
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, IntoStaticStr, VariantNames)]
#[serde(tag = "type", rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum WorkEvent {
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
    /// A letter was produced from a template and kept as sent at once (how
    /// letters were made before drafts; kept so older histories replay).
    LetterProduced {
        letter_id: LetterId,
        template_key: String,
        title: String,
        body: String,
    },
    /// A letter was composed from a template, filled from the file: a draft.
    LetterDrafted {
        letter_id: LetterId,
        template_key: String,
        title: String,
        body: String,
    },
    /// A draft's text was changed.
    LetterDraftEdited {
        letter_id: LetterId,
        title: String,
        body: String,
    },
    /// A draft was thrown away unsent.
    LetterDraftDiscarded {
        letter_id: LetterId,
    },
    /// A draft was sent: its kenmerk, date and the address in its head.
    LetterSent {
        letter_id: LetterId,
        reference: String,
        sent_on: Date,
        address: Vec<String>,
    },
}

impl WorkEvent {
    pub(super) fn anonymise(&mut self) {
        match self {
            WorkEvent::WorkWishesRecorded { wishes } => wishes.remarks.clear(),
            WorkEvent::MediationStarted { .. } => {}
            WorkEvent::MediationStepRecorded { note, .. }
            | WorkEvent::MediationEnded { note, .. }
            | WorkEvent::OutflowRegistered { note, .. }
            | WorkEvent::AftercareCheckedIn { note, .. } => note.clear(),
            WorkEvent::VolunteerPlacementStarted { description, .. } => *description = GONE.into(),
            WorkEvent::VolunteerPlacementEnded { reason, .. }
            | WorkEvent::SanctionDecided { reason, .. } => *reason = GONE.into(),
            WorkEvent::SanctionConsidered {
                behaviour,
                consideration,
                ..
            } => {
                *behaviour = GONE.into();
                *consideration = GONE.into();
            }
            WorkEvent::LetterProduced { body, .. }
            | WorkEvent::LetterDrafted { body, .. }
            | WorkEvent::LetterDraftEdited { body, .. } => *body = GONE.into(),
            WorkEvent::LetterDraftDiscarded { .. } => {}
            WorkEvent::LetterSent { address, .. } => address.clear(),
        }
    }
}
