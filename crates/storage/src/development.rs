//! Read models of employees' professional development.

use serde::Serialize;
use time::{Date, OffsetDateTime};
use zicht_domain::{EmployeeId, PopActionId, PopGoalId, TeamId, TrainingId};

use crate::NamedRef;

/// A goal of a POP with its actions, earliest due first.
#[derive(Debug, Clone, Serialize)]
pub struct PopGoal {
    pub id: PopGoalId,
    pub description: String,
    pub recorded_by: NamedRef<EmployeeId>,
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
    pub actions: Vec<PopAction>,
}

/// An action towards a goal, with the date it is planned for.
#[derive(Debug, Clone, Serialize)]
pub struct PopAction {
    pub id: PopActionId,
    pub description: String,
    pub due_on: Date,
}

/// A review of the POP with the team lead.
#[derive(Debug, Clone, Serialize)]
pub struct PopReview {
    pub reviewed_on: Date,
    pub notes: String,
    pub recorded_by: NamedRef<EmployeeId>,
}

/// A training followed.
#[derive(Debug, Clone, Serialize)]
pub struct Training {
    pub id: TrainingId,
    pub course: String,
    pub completed_on: Date,
    pub hours: i64,
    pub certificate: bool,
}

/// An employee's POP, reviews (latest first) and trainings (latest first).
#[derive(Debug, Clone, Serialize)]
pub struct Development {
    pub goals: Vec<PopGoal>,
    pub reviews: Vec<PopReview>,
    pub trainings: Vec<Training>,
}

/// Per employee what the aggregates count: their latest review and their
/// training hours since a day.
#[derive(Debug, Clone)]
pub struct DevelopmentFacts {
    pub employee: EmployeeId,
    pub team: TeamId,
    pub hours_per_week: i64,
    pub last_review_on: Option<Date>,
    pub training_hours: i64,
}
