//! Storage of one feature; see the crate documentation for the contract.

use async_trait::async_trait;
use zicht_domain::{
    meeting::{MeetingId, NewMeeting},
    HandoverId, OrganisationId, TeamId,
};

use crate::{Ctx, MeetingRecord, MeetingSummary, Result};

/// Recorded overdrachtsoverleggen: append-only, one row per meeting with
/// its attendees and decisions.
#[async_trait]
pub trait MeetingStore: Send + Sync {
    /// The handovers offered by or to `team`, which a meeting of the team
    /// may decide on.
    async fn team_handover_ids(&self, org: OrganisationId, team: TeamId)
        -> Result<Vec<HandoverId>>;
    /// Stores a checked meeting, recorded by `ctx`'s actor.
    async fn record_meeting(&self, ctx: &Ctx, meeting: &NewMeeting) -> Result<MeetingId>;
    /// A team's meetings, latest first.
    async fn meetings(&self, org: OrganisationId, team: TeamId) -> Result<Vec<MeetingSummary>>;
    /// One meeting of the organisation.
    async fn meeting(&self, org: OrganisationId, id: MeetingId) -> Result<MeetingRecord>;
}
