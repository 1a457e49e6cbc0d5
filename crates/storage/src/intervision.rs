//! Read models of intervision sessions and case consultations.

use serde::Serialize;
use time::{Date, OffsetDateTime};
use zicht_domain::{
    intervision::IntervisionMethod, ClientId, EmployeeId, FollowUpId, IntervisionId, TeamId,
};

use crate::NamedRef;

/// A session in the list of a team's sessions: counts, no person but staff.
#[derive(Debug, Clone, Serialize)]
pub struct IntervisionSummary {
    pub id: IntervisionId,
    pub team: NamedRef<TeamId>,
    pub held_on: Date,
    pub method: IntervisionMethod,
    pub recorded_by: NamedRef<EmployeeId>,
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
    pub participant_count: i64,
    pub case_count: i64,
    pub follow_up_count: i64,
}

/// One session as stored; a case names its client, which the act shows
/// only to who may read that client.
#[derive(Debug, Clone)]
pub struct IntervisionRecord {
    pub summary: IntervisionSummary,
    pub participants: Vec<NamedRef<EmployeeId>>,
    pub cases: Vec<StoredCase>,
    pub follow_ups: Vec<FollowUp>,
}

/// A case as stored.
#[derive(Debug, Clone)]
pub struct StoredCase {
    pub position: i64,
    pub question: String,
    pub advice: String,
    pub client: Option<NamedRef<ClientId>>,
}

/// A follow-up agreed at a session, with where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct FollowUp {
    pub id: FollowUpId,
    pub session_id: IntervisionId,
    pub team: NamedRef<TeamId>,
    pub held_on: Date,
    pub owner: NamedRef<EmployeeId>,
    pub description: String,
    pub due_on: Date,
    #[serde(with = "time::serde::rfc3339::option")]
    pub done_at: Option<OffsetDateTime>,
    pub done_by: Option<NamedRef<EmployeeId>>,
}

/// A case about one client, for the client's timeline.
#[derive(Debug, Clone)]
pub struct StoredConsultation {
    pub session_id: IntervisionId,
    pub team: NamedRef<TeamId>,
    pub held_on: Date,
    pub method: IntervisionMethod,
    pub recorded_by: NamedRef<EmployeeId>,
    pub recorded_at: OffsetDateTime,
    pub question: String,
    pub advice: String,
}

/// One participant of one session, for the counts per quarter.
#[derive(Debug, Clone)]
pub struct AttendanceRow {
    pub session_id: IntervisionId,
    pub team: NamedRef<TeamId>,
    pub held_on: Date,
    pub participant: NamedRef<EmployeeId>,
    pub participant_team: TeamId,
}
