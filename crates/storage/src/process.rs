//! Read models and inputs of the re-integration process: the catalogue,
//! providers and care organisations of an organisation, and per client the
//! diagnosis, trajectplan and care referrals that the klantkaart shows.

use serde::Serialize;
use time::{Date, OffsetDateTime};
use zicht_domain::{
    client::Phase,
    reintegration::{
        care::{ArrivalConfirmation, CareKind, ReferralStatus},
        diagnosis::{DiagnosisSource, Instrument, LadderProgress, LadderRung, ZrmVersion},
        trajectory::{CatalogueKind, GoalTarget, InterventionOutcome, Reasoning},
    },
    CareOrganisationId, CareReferralId, CatalogueItemId, ClientId, ContractId, EmployeeId, GoalId,
    InterventionId, ProviderId,
};

use crate::NamedRef;

#[derive(Debug, Clone, Serialize)]
pub struct Contract {
    pub id: ContractId,
    pub provider_id: ProviderId,
    pub reference: String,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct NewContract {
    pub provider_id: ProviderId,
    pub reference: String,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Provider {
    pub id: ProviderId,
    pub name: String,
    pub contracts: Vec<Contract>,
    /// The provider's own accounts.
    pub users: Vec<NamedRef<EmployeeId>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CatalogueItem {
    pub id: CatalogueItemId,
    pub name: String,
    pub kind: CatalogueKind,
    pub provider: Option<NamedRef<ProviderId>>,
    pub contract_id: Option<ContractId>,
    pub description: String,
    pub active: bool,
}

#[derive(Debug, Clone)]
pub struct NewCatalogueItem {
    pub name: String,
    pub kind: CatalogueKind,
    pub provider_id: Option<ProviderId>,
    pub contract_id: Option<ContractId>,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CareOrganisation {
    pub id: CareOrganisationId,
    pub name: String,
    pub kind: CareKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct InstrumentRequirement {
    pub phase: Phase,
    pub instrument: Instrument,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiagnosisNote {
    pub source: DiagnosisSource,
    pub noted_on: Date,
    pub text: String,
    pub recorded_by: NamedRef<EmployeeId>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LadderEntry {
    pub measured_on: Date,
    pub rung: LadderRung,
    pub remarks: String,
    pub recorded_by: NamedRef<EmployeeId>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ZrmScoreView {
    pub domain: String,
    pub score: u8,
}

#[derive(Debug, Clone, Serialize)]
pub struct ZrmEntry {
    pub assessed_on: Date,
    pub version: ZrmVersion,
    pub scores: Vec<ZrmScoreView>,
    pub remarks: String,
    pub recorded_by: NamedRef<EmployeeId>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InstrumentExplanation {
    pub phase: Phase,
    pub instrument: Instrument,
    pub reason: String,
    pub recorded_by: NamedRef<EmployeeId>,
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Diagnosis {
    /// Newest first.
    pub notes: Vec<DiagnosisNote>,
    /// Newest first.
    pub ladder: Vec<LadderEntry>,
    /// The latest rung and the *trede-stijging*.
    pub ladder_progress: Option<LadderProgress>,
    /// Newest first.
    pub zrm: Vec<ZrmEntry>,
    pub explanations: Vec<InstrumentExplanation>,
    /// Instruments the client's current phase requires that were neither
    /// used nor explained since the client entered it.
    pub required_now: Vec<Instrument>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Goal {
    pub id: GoalId,
    pub target: GoalTarget,
    pub description: String,
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgressReport {
    pub intervention_id: InterventionId,
    pub provider: NamedRef<ProviderId>,
    pub reported_on: Date,
    pub summary: String,
    pub reported_by: NamedRef<EmployeeId>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Intervention {
    pub id: InterventionId,
    pub catalogue_item_id: CatalogueItemId,
    pub name: String,
    pub provider: Option<NamedRef<ProviderId>>,
    pub goal_id: Option<GoalId>,
    pub reasoning: Reasoning,
    pub starts_on: Date,
    pub planned_end_on: Date,
    pub ended_on: Option<Date>,
    pub outcome: Option<InterventionOutcome>,
    pub result: Option<String>,
    /// Under way past its planned end.
    pub overdue: bool,
    /// Oldest first.
    pub progress_reports: Vec<ProgressReport>,
    /// The protocol version the intervention follows, if one was recorded.
    pub protocol: Option<crate::ProtocolRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OversightConversation {
    pub provider: NamedRef<ProviderId>,
    pub held_on: Date,
    pub summary: String,
    pub recorded_by: NamedRef<EmployeeId>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Trajectory {
    pub goals: Vec<Goal>,
    /// By start date.
    pub interventions: Vec<Intervention>,
    /// Newest first.
    pub oversight: Vec<OversightConversation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CareReferral {
    pub id: CareReferralId,
    pub organisation: NamedRef<CareOrganisationId>,
    pub kind: CareKind,
    pub referred_on: Date,
    pub note: String,
    pub status: ReferralStatus,
    pub arrived_on: Option<Date>,
    pub confirmation: Option<ArrivalConfirmation>,
    pub arrival_note: Option<String>,
    pub ended_on: Option<Date>,
    pub end_reason: Option<String>,
    /// The last day the client may take to arrive before the referral is flagged.
    pub arrival_deadline: Date,
    /// Referred longer ago than the organisation allows, and not arrived.
    pub not_arrived_flag: bool,
}

/// What a provider's user sees of a client referred to them: who the client
/// is, who their caseworker is, and the interventions with this provider.
/// No BSN, no file, no history.
#[derive(Debug, Clone, Serialize)]
pub struct ProviderClientView {
    pub id: ClientId,
    pub name: String,
    pub caseworker: NamedRef<EmployeeId>,
    pub caseworker_email: String,
    pub interventions: Vec<Intervention>,
    /// The goals those interventions serve.
    pub goals: Vec<Goal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProviderClientSummary {
    pub id: ClientId,
    /// For the processing log; not shown.
    #[serde(skip)]
    pub bsn: String,
    pub name: String,
    pub caseworker: NamedRef<EmployeeId>,
    /// Names of the interventions under way with this provider.
    pub interventions: Vec<String>,
    pub last_report_on: Option<Date>,
}

/// Comply or explain, counted over a period: how often a required
/// instrument was used and how often its absence was explained.
#[derive(Debug, Clone, Serialize)]
pub struct InstrumentUse {
    pub instrument: Instrument,
    /// Clients with at least one measurement in the period.
    pub clients_measured: i64,
    pub measurements: i64,
    /// Explanations given in the period.
    pub explained: i64,
}
