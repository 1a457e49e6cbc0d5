//! Recorded overdrachtsoverleggen: a meeting, its attendees and its
//! decisions, written together and never changed.

use sqlx::Row;
use zicht_domain::{
    meeting::{MeetingId, MeetingOutcome, NewMeeting},
    EmployeeId, HandoverId, OrganisationId, TeamId,
};

use super::{rows::corrupt, rows::named, BackendStore, DbRow};
use crate::{Ctx, MeetingRecord, MeetingSummary, Result, StoreError};

const SUMMARY_SELECT: &str = "
    SELECT m.id, m.team_id, t.name AS team_name, m.held_on, m.recorded_by,
           e.name AS recorded_by_name, m.recorded_at,
           (SELECT count(*) FROM handover_meeting_attendees a WHERE a.meeting_id = m.id) AS attendee_count,
           (SELECT count(*) FROM handover_meeting_decisions d WHERE d.meeting_id = m.id) AS decision_count
    FROM handover_meetings m
    JOIN teams t ON t.id = m.team_id
    JOIN employees e ON e.id = m.recorded_by
    WHERE m.organisation_id = $1";

fn summary_from_row(row: &DbRow) -> Result<MeetingSummary> {
    Ok(MeetingSummary {
        id: MeetingId(row.try_get("id")?),
        team: named(row, "team_id", "team_name", TeamId)?,
        held_on: row.try_get("held_on")?,
        recorded_by: named(row, "recorded_by", "recorded_by_name", EmployeeId)?,
        recorded_at: row.try_get("recorded_at")?,
        attendee_count: row.try_get("attendee_count")?,
        decision_count: row.try_get("decision_count")?,
    })
}

#[async_trait::async_trait]
impl crate::MeetingStore for BackendStore {
    async fn team_handover_ids(
        &self,
        org: OrganisationId,
        team: TeamId,
    ) -> Result<Vec<HandoverId>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM handovers
             WHERE organisation_id = $1 AND (from_team_id = $2 OR to_team_id = $2)
             ORDER BY id",
        )
        .bind(org.0)
        .bind(team.0)
        .fetch_all(&self.reader)
        .await?;
        Ok(ids.into_iter().map(HandoverId).collect())
    }

    async fn record_meeting(&self, ctx: &Ctx, m: &NewMeeting) -> Result<MeetingId> {
        let org = ctx.organisation_id.0;
        let mut tx = self.writer.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO handover_meetings (organisation_id, team_id, held_on, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(org)
        .bind(m.team.0)
        .bind(m.held_on)
        .bind(ctx.actor.employee_id.0)
        .bind(ctx.at)
        .fetch_one(&mut *tx)
        .await?;
        for a in &m.attendees {
            sqlx::query(
                "INSERT INTO handover_meeting_attendees (meeting_id, organisation_id, team_id, employee_id)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(org)
            .bind(m.team.0)
            .bind(a.0)
            .execute(&mut *tx)
            .await?;
        }
        for d in &m.decisions {
            // The handover must be the team's, in this organisation.
            let ours: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM handovers
                 WHERE organisation_id = $1 AND id = $2 AND (from_team_id = $3 OR to_team_id = $3)",
            )
            .bind(org)
            .bind(d.handover.0)
            .bind(m.team.0)
            .fetch_optional(&mut *tx)
            .await?;
            if ours.is_none() {
                return Err(zicht_domain::DomainError::invalid(
                    "decisions",
                    "meeting_handover_not_of_team",
                )
                .into());
            }
            sqlx::query(
                "INSERT INTO handover_meeting_decisions (meeting_id, organisation_id, handover_id, outcome, note)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(org)
            .bind(d.handover.0)
            .bind(d.outcome.as_str())
            .bind(&d.note)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(MeetingId(id))
    }

    async fn meetings(&self, org: OrganisationId, team: TeamId) -> Result<Vec<MeetingSummary>> {
        sqlx::query(&format!(
            "{SUMMARY_SELECT} AND m.team_id = $2 ORDER BY m.held_on DESC, m.id DESC"
        ))
        .bind(org.0)
        .bind(team.0)
        .fetch_all(&self.reader)
        .await?
        .iter()
        .map(summary_from_row)
        .collect()
    }

    async fn meeting(&self, org: OrganisationId, id: MeetingId) -> Result<MeetingRecord> {
        let row = sqlx::query(&format!("{SUMMARY_SELECT} AND m.id = $2"))
            .bind(org.0)
            .bind(id.0)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound("meeting"))?;
        let s = summary_from_row(&row)?;
        let attendees = sqlx::query(
            "SELECT e.id, e.name FROM handover_meeting_attendees a
             JOIN employees e ON e.id = a.employee_id
             WHERE a.meeting_id = $1 ORDER BY e.name, e.id",
        )
        .bind(id.0)
        .fetch_all(&self.reader)
        .await?
        .iter()
        .map(|r| named(r, "id", "name", EmployeeId))
        .collect::<Result<Vec<_>>>()?;
        let decisions = sqlx::query(
            "SELECT handover_id, outcome, note FROM handover_meeting_decisions
             WHERE meeting_id = $1 ORDER BY handover_id",
        )
        .bind(id.0)
        .fetch_all(&self.reader)
        .await?
        .iter()
        .map(|r| {
            let outcome: String = r.try_get("outcome")?;
            Ok(crate::StoredDecision {
                handover: HandoverId(r.try_get("handover_id")?),
                outcome: MeetingOutcome::from_code(&outcome)
                    .ok_or_else(|| corrupt("meeting outcome", &outcome))?,
                note: r.try_get("note")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        Ok(MeetingRecord {
            id: s.id,
            team: s.team,
            held_on: s.held_on,
            recorded_by: s.recorded_by,
            recorded_at: s.recorded_at,
            attendees,
            decisions,
        })
    }
}
