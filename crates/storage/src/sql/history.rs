//! A client's append-only history: loading the current state and its
//! version, appending the next event and bringing the current-state tables in
//! step with it. Every command module appends through here; each feature's
//! events are projected by its own module (`register_projection`,
//! `handover_projection`, `process_projection`, `work_projection`), so this one
//! imports none of the commands or reads.

use sqlx::Row;
use time::Date;
use zicht_domain::{
    client::{BenefitStatus, Owner, Phase},
    event::{ClientEvent, ClientState, ReturnedHandover},
    skills::SkillSet,
    ClientId, DomainError, EmployeeId, OrganisationId, TeamId,
};

use super::{
    dialect, handover_projection, process_projection, register_projection,
    rows::{pending_from_row, returned_from_row, skills_from_row},
    work_projection, DbConnection,
};
use crate::{Ctx, Result, StoreError};

/// The client's current state as the projection holds it, and its version.
pub(crate) async fn load_state(
    conn: &mut DbConnection,
    org: OrganisationId,
    client: ClientId,
) -> Result<(ClientState, i64)> {
    // Locks the client's row where the backend has row locks, so concurrent
    // acts on one client queue up and each decides on the state before it.
    let row = sqlx::query(&format!(
        "SELECT status, owner_team_id, owner_employee_id, phase, benefit_status, last_contact_on,
                returned_handover_id, version
         FROM clients WHERE organisation_id = $1 AND id = $2{}",
        dialect::LOCK_ROW
    ))
    .bind(org.0)
    .bind(client.0)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound("client"))?;
    let phase: String = row.try_get("phase")?;
    let benefit: String = row.try_get("benefit_status")?;
    let pending = sqlx::query(
        "SELECT id, from_team_id, from_employee_id, to_team_id, to_employee_id
         FROM handovers WHERE client_id = $1 AND status = 'pending'",
    )
    .bind(client.0)
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| pending_from_row(&r))
    .transpose()?;
    let latest_skills = sqlx::query(
        "SELECT assessed_on, on_time, commitment, accepts_direction, says_in_time, dresses_for_work
         FROM assessments WHERE client_id = $1 ORDER BY assessed_on DESC, id DESC LIMIT 1",
    )
    .bind(client.0)
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| -> Result<(Date, SkillSet)> { Ok((r.try_get("assessed_on")?, skills_from_row(&r)?)) })
    .transpose()?;
    let returned = match row.try_get::<Option<i64>, _>("returned_handover_id")? {
        Some(id) => Some(returned_handover(conn, id).await?),
        None => None,
    };
    let state = ClientState {
        open: row.try_get::<String, _>("status")? == "open",
        owner: Owner {
            team_id: TeamId(row.try_get("owner_team_id")?),
            employee_id: EmployeeId(row.try_get("owner_employee_id")?),
        },
        phase: Phase::parse(&phase).map_err(|_| StoreError::Corrupt(format!("phase {phase}")))?,
        benefit_status: BenefitStatus::parse(&benefit)
            .ok_or_else(|| StoreError::Corrupt(format!("benefit status {benefit}")))?,
        pending,
        returned,
        last_contact: row.try_get("last_contact_on")?,
        latest_skills,
    };
    Ok((state, row.try_get("version")?))
}

/// The returned handover a client's `returned_handover_id` names.
async fn returned_handover(conn: &mut DbConnection, id: i64) -> Result<ReturnedHandover> {
    let r = sqlx::query(
        "SELECT id, to_team_id, return_reason FROM handovers WHERE id = $1 AND status = 'returned'",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| StoreError::Corrupt(format!("returned handover {id}")))?;
    returned_from_row(&r)
}

/// The history's version of a client whose file must be open for the act,
/// read as [`load_state`] reads it (and so locked where rows are locked).
pub(crate) async fn open_version(
    conn: &mut DbConnection,
    ctx: &Ctx,
    client: ClientId,
) -> Result<i64> {
    let (state, version) = load_state(conn, ctx.organisation_id, client).await?;
    state.may_record()?;
    Ok(version)
}

/// A record of a client that is closed once: an intervention ended, a
/// volunteer placement ended, a sanction decided.
pub(crate) struct ClosedOnce {
    pub table: &'static str,
    /// The date it began; what its closing date may not precede.
    pub since: &'static str,
    /// The closing date, empty while it is still open.
    pub closed: &'static str,
    pub not_found: &'static str,
    /// The conflict when it was closed already.
    pub already: &'static str,
}

impl ClosedOnce {
    /// The date the client's record `id` began, when it is still open.
    pub(crate) async fn open_since(
        &self,
        conn: &mut DbConnection,
        client: ClientId,
        id: i64,
    ) -> Result<Date> {
        // Table and column names are this type's constants, never input.
        let sql = format!(
            "SELECT {}, {} FROM {} WHERE client_id = $1 AND id = $2",
            self.since, self.closed, self.table
        );
        let row = sqlx::query(&sql)
            .bind(client.0)
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(StoreError::NotFound(self.not_found))?;
        if row.try_get::<Option<Date>, _>(self.closed)?.is_some() {
            return Err(DomainError::conflict(self.already).into());
        }
        Ok(row.try_get(self.since)?)
    }
}

/// Appends `event` as the client's next event and brings the current-state
/// tables in step with it. Must run inside the caller's transaction.
pub(crate) async fn append(
    conn: &mut DbConnection,
    ctx: &Ctx,
    client: ClientId,
    version: i64,
    event: &ClientEvent,
) -> Result<()> {
    let org = ctx.organisation_id.0;
    let payload = serde_json::to_string(event).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    sqlx::query(
        "INSERT INTO client_events (organisation_id, client_id, seq, kind, payload, actor_employee_id, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(org)
    .bind(client.0)
    .bind(version + 1)
    .bind(event.kind())
    .bind(payload)
    .bind(ctx.actor.employee_id.0)
    .bind(ctx.at)
    .execute(&mut *conn)
    .await
    ?;

    match event {
        ClientEvent::Register(e) => register_projection::project(conn, ctx, client, e).await?,
        ClientEvent::Handover(e) => handover_projection::project(conn, ctx, client, e).await?,
        ClientEvent::Process(e) => process_projection::project(conn, ctx, client, e).await?,
        ClientEvent::Work(e) => work_projection::project(conn, ctx, client, e).await?,
    }

    // Optimistic check: if anything else bumped the version since we read
    // the state, this write loses.
    let bumped =
        sqlx::query("UPDATE clients SET version = version + 1 WHERE id = $1 AND version = $2")
            .bind(client.0)
            .bind(version)
            .execute(&mut *conn)
            .await?
            .rows_affected();
    if bumped != 1 {
        // A handover's own check (`settle`) runs first, so on a handover
        // this means its offer was settled meanwhile.
        let code = match event {
            ClientEvent::Handover(_) => "handover_not_pending",
            _ => "client_changed",
        };
        return Err(DomainError::conflict(code).into());
    }
    Ok(())
}
