//! Employees' POPs, reviews and trainings, each a new row, never changed.

use sqlx::Row;
use time::Date;
use zicht_domain::{
    development::{NewReview, NewTraining},
    EmployeeId, OrganisationId, PopActionId, PopGoalId, TeamId, TrainingId,
};

use super::{rows::named, BackendStore};
use crate::{
    Ctx, Development, DevelopmentFacts, PopAction, PopGoal, PopReview, Result, StoreError, Training,
};

#[async_trait::async_trait]
impl crate::DevelopmentStore for BackendStore {
    async fn add_pop_goal(
        &self,
        ctx: &Ctx,
        employee: EmployeeId,
        description: &str,
    ) -> Result<PopGoalId> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO pop_goals (organisation_id, employee_id, description, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(ctx.organisation_id.0)
        .bind(employee.0)
        .bind(description)
        .bind(ctx.actor.employee_id.0)
        .bind(ctx.at)
        .fetch_one(&self.writer)
        .await?;
        Ok(PopGoalId(id))
    }

    async fn add_pop_action(
        &self,
        ctx: &Ctx,
        employee: EmployeeId,
        goal: PopGoalId,
        description: &str,
        due_on: Date,
    ) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        let ours: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM pop_goals WHERE organisation_id = $1 AND employee_id = $2 AND id = $3",
        )
        .bind(ctx.organisation_id.0)
        .bind(employee.0)
        .bind(goal.0)
        .fetch_optional(&mut *tx)
        .await?;
        if ours.is_none() {
            return Err(StoreError::NotFound("pop_goal"));
        }
        sqlx::query(
            "INSERT INTO pop_actions (organisation_id, employee_id, goal_id, description, due_on, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(ctx.organisation_id.0)
        .bind(employee.0)
        .bind(goal.0)
        .bind(description)
        .bind(due_on)
        .bind(ctx.actor.employee_id.0)
        .bind(ctx.at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn record_pop_review(
        &self,
        ctx: &Ctx,
        employee: EmployeeId,
        r: &NewReview,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO pop_reviews (organisation_id, employee_id, reviewed_on, notes, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(ctx.organisation_id.0)
        .bind(employee.0)
        .bind(r.reviewed_on)
        .bind(&r.notes)
        .bind(ctx.actor.employee_id.0)
        .bind(ctx.at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn record_training(
        &self,
        ctx: &Ctx,
        employee: EmployeeId,
        t: &NewTraining,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO trainings (organisation_id, employee_id, course, completed_on, hours, certificate, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(ctx.organisation_id.0)
        .bind(employee.0)
        .bind(&t.course)
        .bind(t.completed_on)
        .bind(i64::from(t.hours))
        .bind(t.certificate)
        .bind(ctx.actor.employee_id.0)
        .bind(ctx.at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn development(&self, org: OrganisationId, employee: EmployeeId) -> Result<Development> {
        let mut goals = sqlx::query(
            "SELECT g.id, g.description, g.recorded_by, e.name AS recorded_by_name, g.recorded_at
             FROM pop_goals g JOIN employees e ON e.id = g.recorded_by
             WHERE g.organisation_id = $1 AND g.employee_id = $2 ORDER BY g.id",
        )
        .bind(org.0)
        .bind(employee.0)
        .fetch_all(&self.reader)
        .await?
        .iter()
        .map(|r| {
            Ok(PopGoal {
                id: PopGoalId(r.try_get("id")?),
                description: r.try_get("description")?,
                recorded_by: named(r, "recorded_by", "recorded_by_name", EmployeeId)?,
                recorded_at: r.try_get("recorded_at")?,
                actions: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
        for r in sqlx::query(
            "SELECT id, goal_id, description, due_on FROM pop_actions
             WHERE organisation_id = $1 AND employee_id = $2 ORDER BY due_on, id",
        )
        .bind(org.0)
        .bind(employee.0)
        .fetch_all(&self.reader)
        .await?
        {
            let goal: i64 = r.try_get("goal_id")?;
            if let Some(g) = goals.iter_mut().find(|g| g.id.0 == goal) {
                g.actions.push(PopAction {
                    id: PopActionId(r.try_get("id")?),
                    description: r.try_get("description")?,
                    due_on: r.try_get("due_on")?,
                });
            }
        }
        let reviews = sqlx::query(
            "SELECT r.reviewed_on, r.notes, r.recorded_by, e.name AS recorded_by_name
             FROM pop_reviews r JOIN employees e ON e.id = r.recorded_by
             WHERE r.organisation_id = $1 AND r.employee_id = $2
             ORDER BY r.reviewed_on DESC, r.id DESC",
        )
        .bind(org.0)
        .bind(employee.0)
        .fetch_all(&self.reader)
        .await?
        .iter()
        .map(|r| {
            Ok(PopReview {
                reviewed_on: r.try_get("reviewed_on")?,
                notes: r.try_get("notes")?,
                recorded_by: named(r, "recorded_by", "recorded_by_name", EmployeeId)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let trainings = sqlx::query(
            "SELECT id, course, completed_on, hours, certificate FROM trainings
             WHERE organisation_id = $1 AND employee_id = $2
             ORDER BY completed_on DESC, id DESC",
        )
        .bind(org.0)
        .bind(employee.0)
        .fetch_all(&self.reader)
        .await?
        .iter()
        .map(|r| {
            Ok(Training {
                id: TrainingId(r.try_get("id")?),
                course: r.try_get("course")?,
                completed_on: r.try_get("completed_on")?,
                hours: r.try_get("hours")?,
                certificate: r.try_get("certificate")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        Ok(Development {
            goals,
            reviews,
            trainings,
        })
    }

    async fn development_facts(
        &self,
        org: OrganisationId,
        since: Date,
    ) -> Result<Vec<DevelopmentFacts>> {
        sqlx::query(
            "SELECT e.id, e.team_id, e.hours_per_week,
                    (SELECT max(r.reviewed_on) FROM pop_reviews r WHERE r.employee_id = e.id) AS last_review_on,
                    (SELECT CAST(coalesce(sum(t.hours), 0) AS BIGINT) FROM trainings t
                      WHERE t.employee_id = e.id AND t.completed_on >= $2) AS training_hours
             FROM employees e WHERE e.organisation_id = $1 ORDER BY e.id",
        )
        .bind(org.0)
        .bind(since)
        .fetch_all(&self.reader)
        .await?
        .iter()
        .map(|r| {
            Ok(DevelopmentFacts {
                employee: EmployeeId(r.try_get("id")?),
                team: TeamId(r.try_get("team_id")?),
                hours_per_week: r.try_get::<i64, _>("hours_per_week")?,
                last_review_on: r.try_get("last_review_on")?,
                training_hours: r.try_get("training_hours")?,
            })
        })
        .collect()
    }
}
