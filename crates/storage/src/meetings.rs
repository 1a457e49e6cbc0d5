//! Read models of recorded overdrachtsoverleggen (handover meetings).

use serde::Serialize;
use time::{Date, OffsetDateTime};
use zicht_domain::{
    meeting::{MeetingId, MeetingOutcome},
    EmployeeId, HandoverId, TeamId,
};

use crate::NamedRef;

/// A meeting in the list of a team's earlier meetings.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingSummary {
    pub id: MeetingId,
    pub team: NamedRef<TeamId>,
    pub held_on: Date,
    pub recorded_by: NamedRef<EmployeeId>,
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
    pub attendee_count: i64,
    pub decision_count: i64,
}

/// One meeting as stored: who attended and the decisions, each naming its
/// handover only (who the client is, is for the act to say to whom).
#[derive(Debug, Clone)]
pub struct MeetingRecord {
    pub id: MeetingId,
    pub team: NamedRef<TeamId>,
    pub held_on: Date,
    pub recorded_by: NamedRef<EmployeeId>,
    pub recorded_at: OffsetDateTime,
    pub attendees: Vec<NamedRef<EmployeeId>>,
    pub decisions: Vec<StoredDecision>,
}

/// A decision as stored.
#[derive(Debug, Clone)]
pub struct StoredDecision {
    pub handover: HandoverId,
    pub outcome: MeetingOutcome,
    pub note: String,
}
