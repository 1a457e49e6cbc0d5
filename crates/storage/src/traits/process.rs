//! Storage of one feature; see the crate documentation for the contract.

use async_trait::async_trait;
use time::Date;
use zicht_domain::{
    reintegration::{
        care::{Arrival, CareKind, NewCareReferral, ReferralEnd},
        diagnosis::{NewDiagnosisNote, NewLadderMeasurement, NewZrmAssessment},
        trajectory::{DatedReport, InterventionEnd, NewGoal, NewIntervention},
    },
    CareOrganisationId, CareReferralId, CatalogueItemId, ClientId, ContractId, EmployeeId, GoalId,
    InterventionId, OrganisationId, ProviderId,
};

use crate::{
    CareOrganisation, CatalogueItem, Ctx, InstrumentRequirement, InstrumentUse, NewCatalogueItem,
    NewContract, Provider, ProviderClientSummary, ProviderClientView, Result,
};

/// The re-integration process: the organisation's catalogue, and diagnosis,
/// trajectplan, providers and care on a client.
#[async_trait]
pub trait ProcessStore: Send + Sync {
    async fn create_provider(&self, ctx: &Ctx, name: &str) -> Result<ProviderId>;
    /// Providers with their contracts and user accounts, by name.
    async fn providers(&self, org: OrganisationId) -> Result<Vec<Provider>>;
    async fn create_contract(
        &self,
        org: OrganisationId,
        contract: &NewContract,
    ) -> Result<ContractId>;
    /// Makes an employee account a provider's user (or no longer one).
    async fn set_employee_provider(
        &self,
        org: OrganisationId,
        employee: EmployeeId,
        provider: Option<ProviderId>,
    ) -> Result<()>;
    async fn create_catalogue_item(
        &self,
        org: OrganisationId,
        item: &NewCatalogueItem,
    ) -> Result<CatalogueItemId>;
    /// The whole catalogue, inactive items included, by name.
    async fn catalogue(&self, org: OrganisationId) -> Result<Vec<CatalogueItem>>;
    /// An inactive item can no longer be chosen; plans that chose it keep it.
    async fn set_catalogue_item_active(
        &self,
        org: OrganisationId,
        item: CatalogueItemId,
        active: bool,
    ) -> Result<()>;
    async fn create_care_organisation(
        &self,
        org: OrganisationId,
        name: &str,
        kind: CareKind,
    ) -> Result<CareOrganisationId>;
    async fn care_organisations(&self, org: OrganisationId) -> Result<Vec<CareOrganisation>>;
    /// Replaces which instruments each phase requires.
    async fn set_instrument_requirements(
        &self,
        org: OrganisationId,
        requirements: &[InstrumentRequirement],
    ) -> Result<()>;
    async fn instrument_requirements(
        &self,
        org: OrganisationId,
    ) -> Result<Vec<InstrumentRequirement>>;
    async fn note_diagnosis(
        &self,
        ctx: &Ctx,
        client: ClientId,
        note: NewDiagnosisNote,
    ) -> Result<()>;
    async fn measure_ladder(
        &self,
        ctx: &Ctx,
        client: ClientId,
        m: NewLadderMeasurement,
    ) -> Result<()>;
    async fn assess_zrm(&self, ctx: &Ctx, client: ClientId, a: NewZrmAssessment) -> Result<()>;
    async fn set_goal(&self, ctx: &Ctx, client: ClientId, goal: NewGoal) -> Result<GoalId>;
    /// Chooses an active catalogue item for the plan; one bought from a
    /// provider refers the client to that provider until it ends.
    async fn plan_intervention(
        &self,
        ctx: &Ctx,
        client: ClientId,
        intervention: NewIntervention,
    ) -> Result<InterventionId>;
    /// Ends an intervention with its result; raw input, as the end date is
    /// checked against the intervention's start.
    async fn end_intervention(
        &self,
        ctx: &Ctx,
        client: ClientId,
        intervention: InterventionId,
        end: InterventionEnd,
    ) -> Result<()>;
    /// A progress report by a provider's user, on an intervention of that
    /// provider that is under way.
    async fn report_progress(
        &self,
        ctx: &Ctx,
        provider: ProviderId,
        client: ClientId,
        intervention: InterventionId,
        report: DatedReport,
    ) -> Result<()>;
    async fn record_oversight(
        &self,
        ctx: &Ctx,
        client: ClientId,
        provider: ProviderId,
        conversation: DatedReport,
    ) -> Result<()>;
    async fn refer_to_care(
        &self,
        ctx: &Ctx,
        client: ClientId,
        organisation: CareOrganisationId,
        referral: NewCareReferral,
    ) -> Result<CareReferralId>;
    async fn confirm_arrival(
        &self,
        ctx: &Ctx,
        client: ClientId,
        referral: CareReferralId,
        arrival: Arrival,
    ) -> Result<()>;
    async fn end_care_referral(
        &self,
        ctx: &Ctx,
        client: ClientId,
        referral: CareReferralId,
        end: ReferralEnd,
    ) -> Result<()>;
    /// Providers with an intervention under way for the client.
    async fn referred_providers(
        &self,
        org: OrganisationId,
        client: ClientId,
    ) -> Result<Vec<ProviderId>>;
    /// Open clients with an intervention of this provider under way.
    async fn provider_clients(
        &self,
        org: OrganisationId,
        provider: ProviderId,
    ) -> Result<Vec<ProviderClientSummary>>;
    /// What the provider may see of one referred client; not found otherwise.
    async fn provider_client(
        &self,
        org: OrganisationId,
        provider: ProviderId,
        client: ClientId,
        today: Date,
    ) -> Result<ProviderClientView>;
    /// Instruments used and explained in a period, for the effectenkaart.
    async fn instrument_use(
        &self,
        org: OrganisationId,
        from: Date,
        to: Date,
    ) -> Result<Vec<InstrumentUse>>;
}
