//! Events of the re-integration process: diagnosis, trajectplan, providers
//! and care. Kept in tables of their own; the register's state does not
//! change with them.

use serde::{Deserialize, Serialize};
use strum::{IntoStaticStr, VariantNames};
use time::Date;

use super::GONE;
use crate::{
    client::Phase,
    ids::{
        CareOrganisationId, CareReferralId, CatalogueItemId, GoalId, InterventionId, ProviderId,
    },
    reintegration::{
        care::{ArrivalConfirmation, CareKind},
        diagnosis::{DiagnosisSource, Instrument, LadderRung, ZrmScore, ZrmVersion},
        trajectory::{GoalTarget, InterventionOutcome, Reasoning},
    },
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, IntoStaticStr, VariantNames)]
#[serde(tag = "type", rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ProcessEvent {
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
        /// The protocol version followed, if any (absent in older events).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        protocol_version_id: Option<crate::method::MethodVersionId>,
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
}

impl ProcessEvent {
    pub(super) fn anonymise(&mut self) {
        match self {
            ProcessEvent::LadderMeasured { remarks, .. }
            | ProcessEvent::ZrmAssessed { remarks, .. } => remarks.clear(),
            ProcessEvent::DiagnosisNoted { text, .. } => *text = GONE.into(),
            ProcessEvent::InstrumentExplained { reason, .. }
            | ProcessEvent::CareEnded { reason, .. } => *reason = GONE.into(),
            ProcessEvent::GoalSet { description, .. } => *description = GONE.into(),
            ProcessEvent::InterventionPlanned { reasoning, .. } => {
                reasoning.why_this = GONE.into();
                reasoning.why_client = GONE.into();
                reasoning.expected = GONE.into();
            }
            ProcessEvent::InterventionEnded { result, .. } => *result = GONE.into(),
            ProcessEvent::ProgressReported { summary, .. }
            | ProcessEvent::OversightRecorded { summary, .. } => *summary = GONE.into(),
            ProcessEvent::CareReferred { note, .. } | ProcessEvent::CareArrived { note, .. } => {
                *note = GONE.into()
            }
        }
    }
}
