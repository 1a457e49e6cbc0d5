//! Storage of one feature; see the crate documentation for the contract.

use async_trait::async_trait;
use time::Date;
use zicht_domain::{
    access::ClientScope,
    client::{NewClient, Owner, Phase},
    contact::NewContact,
    handover::HandoverNote,
    skills::NewAssessment,
    ClientId, EmployeeId, HandoverId, OrganisationId, TeamId,
};

use crate::{
    ClientCard, ClientFilter, ClientSummary, Ctx, HandoverFilter, HandoverView, ImportedClient,
    Result,
};

/// Changes to a client in the register: registration, handovers, contacts, the
/// five skills, phase and closing. Each loads the state, lets the domain decide
/// and appends the event in one transaction.
#[async_trait]
pub trait ClientCommands: Send + Sync {
    async fn register_client(&self, ctx: &Ctx, client: NewClient, owner: Owner)
        -> Result<ClientId>;
    async fn offer_handover(
        &self,
        ctx: &Ctx,
        client: ClientId,
        to_team: TeamId,
        to_employee: Option<EmployeeId>,
        note: HandoverNote,
    ) -> Result<HandoverId>;
    async fn accept_handover(
        &self,
        ctx: &Ctx,
        handover: HandoverId,
        caseworker: EmployeeId,
    ) -> Result<()>;
    async fn return_handover(&self, ctx: &Ctx, handover: HandoverId, reason: &str) -> Result<()>;
    async fn withdraw_handover(&self, ctx: &Ctx, handover: HandoverId) -> Result<()>;
    /// The sending team saw its handover come back and keeps the client, for
    /// `reason`; the return is no longer signalled.
    async fn see_returned_handover(&self, ctx: &Ctx, client: ClientId, reason: &str) -> Result<()>;
    async fn record_contact(&self, ctx: &Ctx, client: ClientId, contact: NewContact) -> Result<()>;
    /// Replaces the client's address, postcode, place, phone and e-mail.
    async fn change_contact_details(
        &self,
        ctx: &Ctx,
        client: ClientId,
        details: zicht_domain::contact_details::ContactDetails,
    ) -> Result<()>;
    async fn record_assessment(
        &self,
        ctx: &Ctx,
        client: ClientId,
        assessment: NewAssessment,
    ) -> Result<()>;
    /// Changes the phase; an instrument the phase being left requires must
    /// have been used in it, or explained (see [`ClientCommands::change_phase_explained`]).
    async fn change_phase(&self, ctx: &Ctx, client: ClientId, phase: Phase) -> Result<()> {
        self.change_phase_explained(ctx, client, phase, "").await
    }
    /// Changes the phase under *comply or explain*: `explanation` says why a
    /// required instrument that was not used was skipped, and is recorded
    /// for each such instrument.
    async fn change_phase_explained(
        &self,
        ctx: &Ctx,
        client: ClientId,
        phase: Phase,
        explanation: &str,
    ) -> Result<()>;
    async fn close_client(&self, ctx: &Ctx, client: ClientId, reason: &str) -> Result<()>;
    /// Imports whole client histories in one transaction (from a previous
    /// system, or generated); current state is derived from the events.
    async fn import_histories(
        &self,
        org: OrganisationId,
        clients: &[ImportedClient],
    ) -> Result<Vec<ClientId>>;
}

/// Reads of the register: the klantkaart, caseload lists and handovers.
#[async_trait]
pub trait ClientReads: Send + Sync {
    /// Who owns a client and where a pending handover goes, for access checks.
    async fn client_scope(&self, org: OrganisationId, client: ClientId) -> Result<ClientScope>;
    /// A client's BSN, for the processing log.
    async fn client_bsn(&self, org: OrganisationId, client: ClientId) -> Result<String>;
    async fn client_card(
        &self,
        org: OrganisationId,
        client: ClientId,
        today: Date,
    ) -> Result<ClientCard>;
    async fn clients(
        &self,
        org: OrganisationId,
        filter: &ClientFilter,
        today: Date,
    ) -> Result<Vec<ClientSummary>>;
    async fn handovers(
        &self,
        org: OrganisationId,
        filter: &HandoverFilter,
        today: Date,
    ) -> Result<Vec<HandoverView>>;
    async fn handover(
        &self,
        org: OrganisationId,
        id: HandoverId,
        today: Date,
    ) -> Result<HandoverView>;
}
