//! Intervision sessions: a session, its participants, cases and follow-ups,
//! written together and never changed; a follow-up is marked done by an
//! event with its state kept in step.

use sqlx::Row;
use time::{Date, OffsetDateTime};
use zicht_domain::{
    intervision::{IntervisionMethod, NewIntervision},
    ClientId, DomainError, EmployeeId, FollowUpId, IntervisionId, OrganisationId, TeamId,
};

use super::{rows::corrupt, rows::named, BackendStore, DbRow};
use crate::{
    AttendanceRow, Ctx, FollowUp, IntervisionRecord, IntervisionSummary, NamedRef, Result,
    StoreError, StoredCase, StoredConsultation,
};

const SUMMARY_SELECT: &str = "
    SELECT s.id, s.team_id, t.name AS team_name, s.held_on, s.method, s.recorded_by,
           e.name AS recorded_by_name, s.recorded_at,
           (SELECT count(*) FROM intervision_participants p WHERE p.session_id = s.id) AS participant_count,
           (SELECT count(*) FROM intervision_cases c WHERE c.session_id = s.id) AS case_count,
           (SELECT count(*) FROM intervision_follow_ups f WHERE f.session_id = s.id) AS follow_up_count
    FROM intervision_sessions s
    JOIN teams t ON t.id = s.team_id
    JOIN employees e ON e.id = s.recorded_by
    WHERE s.organisation_id = $1";

const FOLLOW_UP_SELECT: &str = "
    SELECT f.id, f.session_id, s.team_id, t.name AS team_name, s.held_on, f.owner_id,
           o.name AS owner_name, f.description, f.due_on, f.done_at, f.done_by,
           d.name AS done_by_name
    FROM intervision_follow_ups f
    JOIN intervision_sessions s ON s.id = f.session_id
    JOIN teams t ON t.id = s.team_id
    JOIN employees o ON o.id = f.owner_id
    LEFT JOIN employees d ON d.id = f.done_by
    WHERE f.organisation_id = $1";

fn method(row: &DbRow) -> Result<IntervisionMethod> {
    let code: String = row.try_get("method")?;
    IntervisionMethod::from_code(&code).ok_or_else(|| corrupt("intervision method", &code))
}

fn summary_from_row(row: &DbRow) -> Result<IntervisionSummary> {
    Ok(IntervisionSummary {
        id: IntervisionId(row.try_get("id")?),
        team: named(row, "team_id", "team_name", TeamId)?,
        held_on: row.try_get("held_on")?,
        method: method(row)?,
        recorded_by: named(row, "recorded_by", "recorded_by_name", EmployeeId)?,
        recorded_at: row.try_get("recorded_at")?,
        participant_count: row.try_get("participant_count")?,
        case_count: row.try_get("case_count")?,
        follow_up_count: row.try_get("follow_up_count")?,
    })
}

fn follow_up_from_row(row: &DbRow) -> Result<FollowUp> {
    let done_by: Option<i64> = row.try_get("done_by")?;
    Ok(FollowUp {
        id: FollowUpId(row.try_get("id")?),
        session_id: IntervisionId(row.try_get("session_id")?),
        team: named(row, "team_id", "team_name", TeamId)?,
        held_on: row.try_get("held_on")?,
        owner: named(row, "owner_id", "owner_name", EmployeeId)?,
        description: row.try_get("description")?,
        due_on: row.try_get("due_on")?,
        done_at: row.try_get::<Option<OffsetDateTime>, _>("done_at")?,
        done_by: match done_by {
            Some(id) => Some(NamedRef {
                id: EmployeeId(id),
                name: row
                    .try_get::<Option<String>, _>("done_by_name")?
                    .unwrap_or_default(),
            }),
            None => None,
        },
    })
}

#[async_trait::async_trait]
impl crate::IntervisionStore for BackendStore {
    async fn record_intervision(&self, ctx: &Ctx, s: &NewIntervision) -> Result<IntervisionId> {
        let org = ctx.organisation_id.0;
        let mut tx = self.writer.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO intervision_sessions (organisation_id, team_id, held_on, method, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(org)
        .bind(s.team.0)
        .bind(s.held_on)
        .bind(s.method.as_str())
        .bind(ctx.actor.employee_id.0)
        .bind(ctx.at)
        .fetch_one(&mut *tx)
        .await?;
        for p in &s.participants {
            sqlx::query(
                "INSERT INTO intervision_participants (session_id, organisation_id, employee_id)
                 VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(org)
            .bind(p.0)
            .execute(&mut *tx)
            .await?;
        }
        for (position, c) in (1_i64..).zip(&s.cases) {
            sqlx::query(
                "INSERT INTO intervision_cases (session_id, organisation_id, position, question, advice, client_id)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(org)
            .bind(position)
            .bind(&c.question)
            .bind(&c.advice)
            .bind(c.client.map(|c| c.0))
            .execute(&mut *tx)
            .await?;
        }
        for f in &s.follow_ups {
            sqlx::query(
                "INSERT INTO intervision_follow_ups (session_id, organisation_id, owner_id, description, due_on)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(org)
            .bind(f.owner.0)
            .bind(&f.description)
            .bind(f.due_on)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(IntervisionId(id))
    }

    async fn intervisions(
        &self,
        org: OrganisationId,
        team: TeamId,
        participant: EmployeeId,
    ) -> Result<Vec<IntervisionSummary>> {
        sqlx::query(&format!(
            "{SUMMARY_SELECT} AND (s.team_id = $2 OR EXISTS (SELECT 1 FROM intervision_participants p
                 WHERE p.session_id = s.id AND p.employee_id = $3))
             ORDER BY s.held_on DESC, s.id DESC"
        ))
        .bind(org.0)
        .bind(team.0)
        .bind(participant.0)
        .fetch_all(&self.reader)
        .await?
        .iter()
        .map(summary_from_row)
        .collect()
    }

    async fn intervision(
        &self,
        org: OrganisationId,
        id: IntervisionId,
    ) -> Result<IntervisionRecord> {
        let row = sqlx::query(&format!("{SUMMARY_SELECT} AND s.id = $2"))
            .bind(org.0)
            .bind(id.0)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound("intervision"))?;
        let summary = summary_from_row(&row)?;
        let participants = sqlx::query(
            "SELECT e.id, e.name FROM intervision_participants p
             JOIN employees e ON e.id = p.employee_id
             WHERE p.session_id = $1 ORDER BY e.name, e.id",
        )
        .bind(id.0)
        .fetch_all(&self.reader)
        .await?
        .iter()
        .map(|r| named(r, "id", "name", EmployeeId))
        .collect::<Result<Vec<_>>>()?;
        let cases = sqlx::query(
            "SELECT c.position, c.question, c.advice, c.client_id, k.name AS client_name
             FROM intervision_cases c LEFT JOIN clients k ON k.id = c.client_id
             WHERE c.session_id = $1 ORDER BY c.position",
        )
        .bind(id.0)
        .fetch_all(&self.reader)
        .await?
        .iter()
        .map(|r| {
            let client: Option<i64> = r.try_get("client_id")?;
            Ok(StoredCase {
                position: r.try_get("position")?,
                question: r.try_get("question")?,
                advice: r.try_get("advice")?,
                client: match client {
                    Some(c) => Some(NamedRef {
                        id: ClientId(c),
                        name: r
                            .try_get::<Option<String>, _>("client_name")?
                            .unwrap_or_default(),
                    }),
                    None => None,
                },
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let follow_ups = sqlx::query(&format!(
            "{FOLLOW_UP_SELECT} AND f.session_id = $2 ORDER BY f.due_on, f.id"
        ))
        .bind(org.0)
        .bind(id.0)
        .fetch_all(&self.reader)
        .await?
        .iter()
        .map(follow_up_from_row)
        .collect::<Result<Vec<_>>>()?;
        Ok(IntervisionRecord {
            summary,
            participants,
            cases,
            follow_ups,
        })
    }

    async fn follow_up(&self, org: OrganisationId, id: FollowUpId) -> Result<FollowUp> {
        let row = sqlx::query(&format!("{FOLLOW_UP_SELECT} AND f.id = $2"))
            .bind(org.0)
            .bind(id.0)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound("follow_up"))?;
        follow_up_from_row(&row)
    }

    async fn finish_follow_up(&self, ctx: &Ctx, id: FollowUpId) -> Result<()> {
        let org = ctx.organisation_id.0;
        let mut tx = self.writer.begin().await?;
        let open: Option<Option<OffsetDateTime>> = sqlx::query_scalar(&format!(
            "SELECT done_at FROM intervision_follow_ups WHERE organisation_id = $1 AND id = $2{}",
            super::dialect::LOCK_ROW
        ))
        .bind(org)
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await?;
        match open {
            None => return Err(StoreError::NotFound("follow_up")),
            Some(Some(_)) => {
                return Err(DomainError::conflict("intervision_follow_up_done").into());
            }
            Some(None) => {}
        }
        sqlx::query(
            "INSERT INTO intervision_follow_up_events (follow_up_id, organisation_id, kind, actor_employee_id, occurred_at)
             VALUES ($1, $2, 'done', $3, $4)",
        )
        .bind(id.0)
        .bind(org)
        .bind(ctx.actor.employee_id.0)
        .bind(ctx.at)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE intervision_follow_ups SET done_at = $3, done_by = $4
             WHERE organisation_id = $1 AND id = $2",
        )
        .bind(org)
        .bind(id.0)
        .bind(ctx.at)
        .bind(ctx.actor.employee_id.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn open_follow_ups(
        &self,
        org: OrganisationId,
        owner: EmployeeId,
    ) -> Result<Vec<FollowUp>> {
        sqlx::query(&format!(
            "{FOLLOW_UP_SELECT} AND f.owner_id = $2 AND f.done_at IS NULL ORDER BY f.due_on, f.id"
        ))
        .bind(org.0)
        .bind(owner.0)
        .fetch_all(&self.reader)
        .await?
        .iter()
        .map(follow_up_from_row)
        .collect()
    }

    async fn client_consultations(
        &self,
        org: OrganisationId,
        client: ClientId,
    ) -> Result<Vec<StoredConsultation>> {
        sqlx::query(
            "SELECT s.id, s.team_id, t.name AS team_name, s.held_on, s.method, s.recorded_by,
                    e.name AS recorded_by_name, s.recorded_at, c.question, c.advice
             FROM intervision_cases c
             JOIN intervision_sessions s ON s.id = c.session_id
             JOIN teams t ON t.id = s.team_id
             JOIN employees e ON e.id = s.recorded_by
             WHERE c.organisation_id = $1 AND c.client_id = $2
             ORDER BY s.held_on DESC, s.id DESC, c.position",
        )
        .bind(org.0)
        .bind(client.0)
        .fetch_all(&self.reader)
        .await?
        .iter()
        .map(|r| {
            Ok(StoredConsultation {
                session_id: IntervisionId(r.try_get("id")?),
                team: named(r, "team_id", "team_name", TeamId)?,
                held_on: r.try_get("held_on")?,
                method: method(r)?,
                recorded_by: named(r, "recorded_by", "recorded_by_name", EmployeeId)?,
                recorded_at: r.try_get("recorded_at")?,
                question: r.try_get("question")?,
                advice: r.try_get("advice")?,
            })
        })
        .collect()
    }

    async fn intervision_attendance(
        &self,
        org: OrganisationId,
        from: Date,
        to: Date,
    ) -> Result<Vec<AttendanceRow>> {
        sqlx::query(
            "SELECT s.id, s.team_id, t.name AS team_name, s.held_on, e.id AS employee_id,
                    e.name AS employee_name, e.team_id AS employee_team_id
             FROM intervision_sessions s
             JOIN teams t ON t.id = s.team_id
             JOIN intervision_participants p ON p.session_id = s.id
             JOIN employees e ON e.id = p.employee_id
             WHERE s.organisation_id = $1 AND s.held_on >= $2 AND s.held_on <= $3
             ORDER BY s.held_on, s.id, e.name, e.id",
        )
        .bind(org.0)
        .bind(from)
        .bind(to)
        .fetch_all(&self.reader)
        .await?
        .iter()
        .map(|r| {
            Ok(AttendanceRow {
                session_id: IntervisionId(r.try_get("id")?),
                team: named(r, "team_id", "team_name", TeamId)?,
                held_on: r.try_get("held_on")?,
                participant: named(r, "employee_id", "employee_name", EmployeeId)?,
                participant_team: TeamId(r.try_get("employee_team_id")?),
            })
        })
        .collect()
    }
}
