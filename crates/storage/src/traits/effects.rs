//! Storage of one feature; see the crate documentation for the contract.

use async_trait::async_trait;
use zicht_domain::{
    effects::agreements::{NewResultAgreement, ResultAgreement},
    AgreementId, OrganisationId,
};

use crate::{Ctx, FeedPage, GhostResolution, Result};

/// The effectenkaart: the event feed it folds and the result agreements.
#[async_trait]
pub trait EffectsStore: Send + Sync {
    /// The organisation's events with an id above `after_id`, in id order,
    /// at most `limit`: for keeping indicators live without re-reading the
    /// whole history.
    async fn event_feed(&self, org: OrganisationId, after_id: i64, limit: i64) -> Result<FeedPage>;
    /// Stores a result agreement; a team or caseworker of another
    /// organisation is refused (`agreement_scope_invalid`).
    async fn create_result_agreement(
        &self,
        ctx: &Ctx,
        agreement: &NewResultAgreement,
    ) -> Result<AgreementId>;
    /// The organisation's agreements that are not withdrawn, latest period first.
    async fn result_agreements(&self, org: OrganisationId) -> Result<Vec<ResultAgreement>>;
    /// Withdraws an agreement; one of another organisation or already
    /// withdrawn is not found.
    async fn withdraw_result_agreement(&self, ctx: &Ctx, id: AgreementId) -> Result<()>;
    /// The latest applied roster run's ghosts and how many are resolved
    /// since; `None` when the organisation has no applied run.
    async fn latest_ghost_resolution(&self, org: OrganisationId)
        -> Result<Option<GhostResolution>>;
}
