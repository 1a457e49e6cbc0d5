//! Storage of one feature; see the crate documentation for the contract.

use async_trait::async_trait;
use time::Date;
use zicht_domain::{
    development::{NewReview, NewTraining},
    EmployeeId, OrganisationId, PopGoalId,
};

use crate::{Ctx, Development, DevelopmentFacts, Result};

/// Employees' POPs, reviews and trainings: append-only.
#[async_trait]
pub trait DevelopmentStore: Send + Sync {
    /// Adds a goal to `employee`'s POP.
    async fn add_pop_goal(
        &self,
        ctx: &Ctx,
        employee: EmployeeId,
        description: &str,
    ) -> Result<PopGoalId>;
    /// Adds an action to one of `employee`'s goals (not found when the goal
    /// is not theirs).
    async fn add_pop_action(
        &self,
        ctx: &Ctx,
        employee: EmployeeId,
        goal: PopGoalId,
        description: &str,
        due_on: Date,
    ) -> Result<()>;
    /// Records a review of `employee`'s POP.
    async fn record_pop_review(&self, ctx: &Ctx, employee: EmployeeId, r: &NewReview)
        -> Result<()>;
    /// Records a training `employee` followed.
    async fn record_training(&self, ctx: &Ctx, employee: EmployeeId, t: &NewTraining)
        -> Result<()>;
    /// `employee`'s POP, reviews and trainings.
    async fn development(&self, org: OrganisationId, employee: EmployeeId) -> Result<Development>;
    /// Per employee of the organisation: team, hours, latest review, and
    /// training hours completed from `since` on.
    async fn development_facts(
        &self,
        org: OrganisationId,
        since: Date,
    ) -> Result<Vec<DevelopmentFacts>>;
}
