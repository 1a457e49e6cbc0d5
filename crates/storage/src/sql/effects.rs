//! What the effectenkaart reads and keeps: the event feed, result
//! agreements, and how the latest roster run's ghosts were resolved.

use std::collections::HashSet;

use sqlx::Row;

use super::BackendStore;
use super::DbRow;
use time::OffsetDateTime;
use zicht_domain::{
    effects::agreements::{AgreementKind, AgreementScope, NewResultAgreement, ResultAgreement},
    event::ClientEvent,
    AgreementId, ClientId, DomainError, EmployeeId, OrganisationId, RosterRunId, TeamId,
};

use crate::{Ctx, FeedEvent, FeedPage, GhostResolution, Result, StoreError};

fn agreement_from_row(r: &DbRow) -> Result<ResultAgreement> {
    let id: i64 = r.try_get("id")?;
    let kind: String = r.try_get("kind")?;
    let team: Option<i64> = r.try_get("team_id")?;
    let employee: Option<i64> = r.try_get("employee_id")?;
    let scope = match (team, employee) {
        (Some(t), None) => AgreementScope::Team(TeamId(t)),
        (None, Some(e)) => AgreementScope::Caseworker(EmployeeId(e)),
        _ => return Err(StoreError::Corrupt(format!("scope of agreement {id}"))),
    };
    Ok(ResultAgreement {
        id: AgreementId(id),
        scope,
        kind: AgreementKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("agreement kind {kind}")))?,
        from: r.try_get("period_from")?,
        to: r.try_get("period_to")?,
        target: u32::try_from(r.try_get::<i64, _>("target")?)
            .map_err(|_| StoreError::Corrupt(format!("target of agreement {id}")))?,
        created_by: EmployeeId(r.try_get("created_by")?),
        created_at: r.try_get("created_at")?,
    })
}

#[async_trait::async_trait]
impl crate::EffectsStore for BackendStore {
    /// A page of the feed and whether it is settled: no event with a lower id
    /// than the last one returned can still appear (see [`crate::FeedPage`]).
    async fn event_feed(&self, org: OrganisationId, after_id: i64, limit: i64) -> Result<FeedPage> {
        let pool = &self.reader;
        // One snapshot for the question and the rows.
        let mut tx = pool.begin().await?;
        let settled = super::dialect::feed_settled(&mut tx).await?;
        let rows = sqlx::query(
            "SELECT id, client_id, seq, occurred_at, payload FROM client_events
             WHERE organisation_id = $1 AND id > $2
             ORDER BY id
             LIMIT $3",
        )
        .bind(org.0)
        .bind(after_id)
        .bind(limit.max(0))
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let events = rows
            .iter()
            .map(|r| {
                let id: i64 = r.try_get("id")?;
                let payload: String = r.try_get("payload")?;
                let event: ClientEvent = serde_json::from_str(&payload)
                    .map_err(|e| StoreError::Corrupt(format!("event {id}: {e}")))?;
                Ok(FeedEvent {
                    id,
                    client_id: ClientId(r.try_get("client_id")?),
                    seq: r.try_get("seq")?,
                    occurred_at: r.try_get("occurred_at")?,
                    event,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(FeedPage { events, settled })
    }

    async fn create_result_agreement(
        &self,
        ctx: &Ctx,
        a: &NewResultAgreement,
    ) -> Result<AgreementId> {
        let pool = &self.writer;
        let org = ctx.organisation_id;
        let (team, employee) = match a.scope {
            AgreementScope::Team(t) => (Some(t.0), None),
            AgreementScope::Caseworker(e) => (None, Some(e.0)),
        };
        let mut tx = pool.begin().await?;
        // The composite foreign keys refuse another organisation's team or
        // caseworker too; asking first gives the user a message instead.
        let ours: Option<i64> = match a.scope {
            AgreementScope::Team(t) => {
                sqlx::query_scalar("SELECT id FROM teams WHERE organisation_id = $1 AND id = $2")
                    .bind(org.0)
                    .bind(t.0)
                    .fetch_optional(&mut *tx)
                    .await?
            }
            AgreementScope::Caseworker(e) => {
                sqlx::query_scalar(
                    "SELECT id FROM employees WHERE organisation_id = $1 AND id = $2",
                )
                .bind(org.0)
                .bind(e.0)
                .fetch_optional(&mut *tx)
                .await?
            }
        };
        if ours.is_none() {
            return Err(DomainError::invalid("scope", "agreement_scope_invalid").into());
        }
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO result_agreements (organisation_id, team_id, employee_id, kind, period_from,
                 period_to, target, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(org.0)
        .bind(team)
        .bind(employee)
        .bind(a.kind.as_str())
        .bind(a.from)
        .bind(a.to)
        .bind(i64::from(a.target))
        .bind(ctx.actor.employee_id.0)
        .bind(ctx.at)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(AgreementId(id))
    }

    async fn result_agreements(&self, org: OrganisationId) -> Result<Vec<ResultAgreement>> {
        let pool = &self.reader;
        sqlx::query(
            "SELECT id, team_id, employee_id, kind, period_from, period_to, target, created_by, created_at
             FROM result_agreements
             WHERE organisation_id = $1 AND withdrawn_at IS NULL
             ORDER BY period_from DESC, id",
        )
        .bind(org.0)
        .fetch_all(pool)
        .await?
        .iter()
        .map(agreement_from_row)
        .collect()
    }

    async fn withdraw_result_agreement(&self, ctx: &Ctx, id: AgreementId) -> Result<()> {
        let pool = &self.writer;
        let n = sqlx::query(
            "UPDATE result_agreements SET withdrawn_by = $1, withdrawn_at = $2
             WHERE organisation_id = $3 AND id = $4 AND withdrawn_at IS NULL",
        )
        .bind(ctx.actor.employee_id.0)
        .bind(ctx.at)
        .bind(ctx.organisation_id.0)
        .bind(id.0)
        .execute(pool)
        .await?
        .rows_affected();
        if n == 1 {
            Ok(())
        } else {
            Err(StoreError::NotFound("result agreement"))
        }
    }

    async fn latest_ghost_resolution(
        &self,
        org: OrganisationId,
    ) -> Result<Option<GhostResolution>> {
        let pool = &self.reader;
        let Some(run) = sqlx::query(
            "SELECT id, imported_at FROM roster_runs
             WHERE organisation_id = $1 AND status = 'applied' ORDER BY id DESC LIMIT 1",
        )
        .bind(org.0)
        .fetch_optional(pool)
        .await?
        else {
            return Ok(None);
        };
        let run_id: i64 = run.try_get("id")?;
        let imported_at: OffsetDateTime = run.try_get("imported_at")?;
        // Each ghost with, unless the run or a later one registered it, every
        // client of the organisation with its BSN. The moments are compared
        // here rather than in SQL, where SQLite would compare their text.
        let rows = sqlx::query(
            "SELECT g.bsn, g.registered_as, c.registered_at
             FROM roster_ghosts g
             LEFT JOIN clients c
               ON g.registered_as IS NULL AND c.organisation_id = $1 AND c.bsn = g.bsn
             WHERE g.run_id = $2",
        )
        .bind(org.0)
        .bind(run_id)
        .fetch_all(pool)
        .await?;
        let mut ghosts = HashSet::new();
        let mut resolved = HashSet::new();
        for r in &rows {
            let bsn: String = r.try_get("bsn")?;
            let registered_as: Option<i64> = r.try_get("registered_as")?;
            let registered_at: Option<OffsetDateTime> = r.try_get("registered_at")?;
            if registered_as.is_some() || registered_at.is_some_and(|at| at >= imported_at) {
                resolved.insert(bsn.clone());
            }
            ghosts.insert(bsn);
        }
        Ok(Some(GhostResolution {
            run_id: RosterRunId(run_id),
            imported_at,
            ghosts: ghosts.len() as i64,
            resolved: resolved.len() as i64,
        }))
    }
}
