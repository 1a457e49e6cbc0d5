//! Storage of one feature; see the crate documentation for the contract.

use async_trait::async_trait;
use time::Date;
use zicht_domain::{
    intervision::NewIntervision, ClientId, EmployeeId, FollowUpId, IntervisionId, OrganisationId,
    TeamId,
};

use crate::{
    AttendanceRow, Ctx, FollowUp, IntervisionRecord, IntervisionSummary, Result, StoredConsultation,
};

/// Intervision sessions and case consultations: append-only, one row per
/// session with its participants, cases and follow-ups; a follow-up is
/// marked done by an event, its state kept in step.
#[async_trait]
pub trait IntervisionStore: Send + Sync {
    /// Stores a checked session, recorded by `ctx`'s actor.
    async fn record_intervision(&self, ctx: &Ctx, s: &NewIntervision) -> Result<IntervisionId>;
    /// The sessions of `team` and those `participant` took part in, latest first.
    async fn intervisions(
        &self,
        org: OrganisationId,
        team: TeamId,
        participant: EmployeeId,
    ) -> Result<Vec<IntervisionSummary>>;
    /// One session of the organisation.
    async fn intervision(
        &self,
        org: OrganisationId,
        id: IntervisionId,
    ) -> Result<IntervisionRecord>;
    /// One follow-up of the organisation.
    async fn follow_up(&self, org: OrganisationId, id: FollowUpId) -> Result<FollowUp>;
    /// Marks a follow-up done by `ctx`'s actor: an event and the follow-up's
    /// state in one transaction; a conflict when it is done already.
    async fn finish_follow_up(&self, ctx: &Ctx, id: FollowUpId) -> Result<()>;
    /// `owner`'s open follow-ups, earliest due first.
    async fn open_follow_ups(
        &self,
        org: OrganisationId,
        owner: EmployeeId,
    ) -> Result<Vec<FollowUp>>;
    /// The cases about `client`, latest session first.
    async fn client_consultations(
        &self,
        org: OrganisationId,
        client: ClientId,
    ) -> Result<Vec<StoredConsultation>>;
    /// Every participant of every session held from `from` to `to`.
    async fn intervision_attendance(
        &self,
        org: OrganisationId,
        from: Date,
        to: Date,
    ) -> Result<Vec<AttendanceRow>>;
}
