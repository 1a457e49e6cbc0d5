//! Commands on a client: load state, let the domain decide, append the event
//! and update the current-state tables, in one transaction on the writer.

use sqlx::Row;

use super::{dialect, DbConnection, DbPool, DbRow};
use time::Date;
use zicht_domain::{
    client::{BenefitStatus, NewClient, Owner, Phase},
    contact::NewContact,
    event::{ClientEvent, ClientState, PendingHandover, ReturnedHandover},
    handover::{HandoverNote, Member},
    skills::SkillSet,
    ClientId, DomainError, EmployeeId, HandoverId, OrganisationId, TeamId,
};

use crate::{Ctx, Result, StoreError};

/// Maps constraint failures that a race can cause to the rule they protect,
/// so the loser of a race gets the same answer as a late-comer.
pub(crate) fn constraint_to_rule(err: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &err {
        // PostgreSQL names the index; SQLite names the columns in its message.
        let violates = |index: &str, columns: &str| {
            db.constraint() == Some(index) || db.message().contains(columns)
        };
        if violates("handovers_one_pending", "handovers.client_id") {
            return DomainError::conflict("handover_pending").into();
        }
        if violates(
            "clients_one_open_per_bsn",
            "clients.organisation_id, clients.bsn",
        ) {
            return DomainError::conflict("client_exists").into();
        }
    }
    StoreError::Database(err)
}

/// Looks up an employee of `org` who can own clients, with their team: a
/// provider's user or a manager never becomes a client's caseworker.
pub(crate) async fn member(
    conn: &mut DbConnection,
    org: OrganisationId,
    employee: EmployeeId,
    field: &'static str,
) -> Result<Member> {
    let team: Option<i64> =
        sqlx::query_scalar("SELECT team_id FROM employees WHERE organisation_id = $1 AND id = $2 AND role IN ('klantmanager', 'teamleider')")
            .bind(org.0)
            .bind(employee.0)
            .fetch_optional(&mut *conn)
            .await?;
    team.map(|t| Member {
        employee_id: employee,
        team_id: TeamId(t),
    })
    .ok_or_else(|| DomainError::invalid(field, "employee_unknown").into())
}

async fn team_exists(conn: &mut DbConnection, org: OrganisationId, team: TeamId) -> Result<()> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM teams WHERE organisation_id = $1 AND id = $2")
            .bind(org.0)
            .bind(team.0)
            .fetch_optional(&mut *conn)
            .await?;
    found
        .map(|_| ())
        .ok_or_else(|| DomainError::invalid("to_team", "team_unknown").into())
}

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

/// A returned handover as the projection holds it, from a `handovers` row.
pub(crate) fn returned_from_row(r: &DbRow) -> Result<ReturnedHandover> {
    Ok(ReturnedHandover {
        id: HandoverId(r.try_get("id")?),
        by_team: TeamId(r.try_get("to_team_id")?),
        reason: r
            .try_get::<Option<String>, _>("return_reason")?
            .unwrap_or_default(),
    })
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

/// A pending handover as the projection holds it, from a `handovers` row.
pub(crate) fn pending_from_row(r: &DbRow) -> Result<PendingHandover> {
    Ok(PendingHandover {
        id: HandoverId(r.try_get("id")?),
        from: Owner {
            team_id: TeamId(r.try_get("from_team_id")?),
            employee_id: EmployeeId(r.try_get("from_employee_id")?),
        },
        to_team: TeamId(r.try_get("to_team_id")?),
        to_employee: r
            .try_get::<Option<i64>, _>("to_employee_id")?
            .map(EmployeeId),
    })
}

pub(crate) fn skills_from_row(r: &DbRow) -> Result<SkillSet> {
    Ok(SkillSet {
        on_time: r.try_get("on_time")?,
        commitment: r.try_get("commitment")?,
        accepts_direction: r.try_get("accepts_direction")?,
        says_in_time: r.try_get("says_in_time")?,
        dresses_for_work: r.try_get("dresses_for_work")?,
    })
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
    .map_err(constraint_to_rule)?;

    match event {
        ClientEvent::Created { .. } | ClientEvent::Anonymised => {}
        ClientEvent::HandoverOffered {
            handover_id,
            from,
            to_team,
            to_employee,
            note,
        } => {
            sqlx::query(
                "INSERT INTO handovers (id, organisation_id, client_id, from_team_id, from_employee_id, to_team_id,
                     to_employee_id, reason, work_done, particulars, agreements, status, offered_by, offered_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', $12, $13)",
            )
            .bind(handover_id.0)
            .bind(org)
            .bind(client.0)
            .bind(from.team_id.0)
            .bind(from.employee_id.0)
            .bind(to_team.0)
            .bind(to_employee.map(|e| e.0))
            .bind(&note.reason)
            .bind(&note.work_done)
            .bind(&note.particulars)
            .bind(&note.agreements)
            .bind(ctx.actor.employee_id.0)
            .bind(ctx.at)
            .execute(&mut *conn)
            .await
            .map_err(constraint_to_rule)?;
            // Offering again acts on an earlier return.
            set_returned(conn, client, None).await?;
        }
        ClientEvent::HandoverAccepted {
            handover_id,
            new_owner,
        } => {
            settle(
                conn,
                ctx,
                *handover_id,
                "accepted",
                None,
                Some(new_owner.employee_id),
            )
            .await?;
            sqlx::query(
                "UPDATE clients SET owner_team_id = $1, owner_employee_id = $2 WHERE id = $3",
            )
            .bind(new_owner.team_id.0)
            .bind(new_owner.employee_id.0)
            .bind(client.0)
            .execute(&mut *conn)
            .await?;
        }
        ClientEvent::HandoverReturned {
            handover_id,
            reason,
        } => {
            settle(conn, ctx, *handover_id, "returned", Some(reason), None).await?;
            set_returned(conn, client, Some(*handover_id)).await?;
        }
        ClientEvent::HandoverWithdrawn { handover_id } => {
            settle(conn, ctx, *handover_id, "withdrawn", None, None).await?;
        }
        ClientEvent::HandoverReturnSeen { .. } => set_returned(conn, client, None).await?,
        ClientEvent::AssessmentRecorded {
            assessed_on,
            skills,
            remarks,
        } => {
            sqlx::query(
                "INSERT INTO assessments (organisation_id, client_id, assessed_on, on_time, commitment,
                     accepts_direction, says_in_time, dresses_for_work, remarks, assessor_id, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(org)
            .bind(client.0)
            .bind(assessed_on)
            .bind(skills.on_time)
            .bind(skills.commitment)
            .bind(skills.accepts_direction)
            .bind(skills.says_in_time)
            .bind(skills.dresses_for_work)
            .bind(remarks)
            .bind(ctx.actor.employee_id.0)
            .bind(ctx.at)
            .execute(&mut *conn)
            .await?;
        }
        ClientEvent::ContactRecorded {
            date,
            kind,
            with_whom,
            summary,
            next_contact_on,
        } => {
            sqlx::query(
                "INSERT INTO contacts (organisation_id, client_id, contact_on, kind, with_whom, summary,
                     next_contact_on, recorded_by, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(org)
            .bind(client.0)
            .bind(date)
            .bind(kind.as_str())
            .bind(with_whom)
            .bind(summary)
            .bind(next_contact_on)
            .bind(ctx.actor.employee_id.0)
            .bind(ctx.at)
            .execute(&mut *conn)
            .await?;
            // A contact recorded late must not move "last contact" backwards;
            // the next appointment comes from the most recent contact.
            sqlx::query(
                "UPDATE clients SET
                    next_contact_on = CASE WHEN last_contact_on IS NULL OR $1 >= last_contact_on THEN $2 ELSE next_contact_on END,
                    last_contact_on = CASE WHEN last_contact_on IS NULL OR $1 > last_contact_on THEN $1 ELSE last_contact_on END
                 WHERE id = $3",
            )
            .bind(date)
            .bind(next_contact_on)
            .bind(client.0)
            .execute(&mut *conn)
            .await?;
        }
        ClientEvent::PhaseChanged { to, .. } => {
            sqlx::query("UPDATE clients SET phase = $1 WHERE id = $2")
                .bind(to.as_str())
                .bind(client.0)
                .execute(&mut *conn)
                .await?;
        }
        ClientEvent::BenefitStatusChanged { to, .. } => {
            sqlx::query("UPDATE clients SET benefit_status = $1 WHERE id = $2")
                .bind(to.as_str())
                .bind(client.0)
                .execute(&mut *conn)
                .await?;
        }
        ClientEvent::DiagnosisNoted { .. }
        | ClientEvent::LadderMeasured { .. }
        | ClientEvent::ZrmAssessed { .. }
        | ClientEvent::InstrumentExplained { .. }
        | ClientEvent::GoalSet { .. }
        | ClientEvent::InterventionPlanned { .. }
        | ClientEvent::InterventionEnded { .. }
        | ClientEvent::ProgressReported { .. }
        | ClientEvent::OversightRecorded { .. }
        | ClientEvent::CareReferred { .. }
        | ClientEvent::CareArrived { .. }
        | ClientEvent::CareEnded { .. } => {
            super::process::project(conn, ctx, client, event).await?
        }
        ClientEvent::WorkWishesRecorded { .. }
        | ClientEvent::MediationStarted { .. }
        | ClientEvent::MediationStepRecorded { .. }
        | ClientEvent::MediationEnded { .. }
        | ClientEvent::VolunteerPlacementStarted { .. }
        | ClientEvent::VolunteerPlacementEnded { .. }
        | ClientEvent::OutflowRegistered { .. }
        | ClientEvent::AftercareCheckedIn { .. }
        | ClientEvent::SanctionConsidered { .. }
        | ClientEvent::SanctionDecided { .. }
        | ClientEvent::LetterProduced { .. } => {
            super::work::project(conn, ctx, client, event).await?
        }
        ClientEvent::Closed { reason } => {
            sqlx::query("UPDATE clients SET status = 'closed', closed_reason = $1, closed_at = $2, returned_handover_id = NULL WHERE id = $3")
                .bind(reason)
                .bind(ctx.at)
                .bind(client.0)
                .execute(&mut *conn)
                .await?;
        }
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
        return Err(DomainError::conflict("handover_not_pending").into());
    }
    Ok(())
}

/// The handover that came back and waits for the sender to act, if any.
async fn set_returned(
    conn: &mut DbConnection,
    client: ClientId,
    handover: Option<HandoverId>,
) -> Result<()> {
    sqlx::query("UPDATE clients SET returned_handover_id = $1 WHERE id = $2")
        .bind(handover.map(|h| h.0))
        .bind(client.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn settle(
    conn: &mut DbConnection,
    ctx: &Ctx,
    handover: HandoverId,
    status: &str,
    return_reason: Option<&String>,
    accepted: Option<EmployeeId>,
) -> Result<()> {
    let n = sqlx::query(
        "UPDATE handovers SET status = $1, settled_by = $2, settled_at = $3, return_reason = $4, accepted_employee_id = $5
         WHERE id = $6 AND organisation_id = $7 AND status = 'pending'",
    )
    .bind(status)
    .bind(ctx.actor.employee_id.0)
    .bind(ctx.at)
    .bind(return_reason)
    .bind(accepted.map(|e| e.0))
    .bind(handover.0)
    .bind(ctx.organisation_id.0)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if n == 1 {
        Ok(())
    } else {
        Err(DomainError::conflict("handover_not_pending").into())
    }
}

/// Runs one decision on one client inside a write transaction.
async fn decide_and_append<F>(pool: &DbPool, ctx: &Ctx, client: ClientId, decide: F) -> Result<()>
where
    F: FnOnce(&ClientState) -> Result<ClientEvent>,
{
    let mut tx = pool.begin().await?;
    let (state, version) = load_state(&mut tx, ctx.organisation_id, client).await?;
    let event = decide(&state)?;
    append(&mut tx, ctx, client, version, &event).await?;
    tx.commit().await?;
    Ok(())
}

async fn client_of_handover(
    conn: &mut DbConnection,
    org: OrganisationId,
    handover: HandoverId,
) -> Result<ClientId> {
    let client: Option<i64> = sqlx::query_scalar(
        "SELECT client_id FROM handovers WHERE organisation_id = $1 AND id = $2",
    )
    .bind(org.0)
    .bind(handover.0)
    .fetch_optional(&mut *conn)
    .await?;
    client.map(ClientId).ok_or(StoreError::NotFound("handover"))
}

pub(crate) async fn insert_client(
    conn: &mut DbConnection,
    ctx: &Ctx,
    client: NewClient,
    owner: Owner,
) -> Result<ClientId> {
    let m = member(
        conn,
        ctx.organisation_id,
        owner.employee_id,
        "owner_employee",
    )
    .await?;
    if m.team_id != owner.team_id {
        return Err(DomainError::invalid("owner_employee", "employee_not_in_team").into());
    }
    let id = sqlx::query_scalar::<_, i64>(
        "INSERT INTO clients (organisation_id, bsn, name, birth_date, particulars, phase, status,
             owner_team_id, owner_employee_id, registered_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9, 0 + 1) RETURNING id",
    )
    .bind(ctx.organisation_id.0)
    .bind(client.bsn.as_string())
    .bind(&client.name)
    .bind(client.birth_date)
    .bind(&client.particulars)
    .bind(client.phase.as_str())
    .bind(owner.team_id.0)
    .bind(owner.employee_id.0)
    .bind(ctx.at)
    .fetch_one(&mut *conn)
    .await
    .map_err(constraint_to_rule)?;
    let event = ClientEvent::Created {
        bsn: Some(client.bsn),
        name: client.name,
        birth_date: client.birth_date,
        particulars: client.particulars,
        phase: client.phase,
        owner,
    };
    let payload = serde_json::to_string(&event).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    sqlx::query(
        "INSERT INTO client_events (organisation_id, client_id, seq, kind, payload, actor_employee_id, occurred_at)
         VALUES ($1, $2, 1, 'created', $3, $4, $5)",
    )
    .bind(ctx.organisation_id.0)
    .bind(id)
    .bind(payload)
    .bind(ctx.actor.employee_id.0)
    .bind(ctx.at)
    .execute(&mut *conn)
    .await?;
    Ok(ClientId(id))
}

pub(crate) async fn register_client(
    pool: &DbPool,
    ctx: &Ctx,
    client: NewClient,
    owner: Owner,
) -> Result<ClientId> {
    let mut tx = pool.begin().await?;
    let id = insert_client(&mut tx, ctx, client, owner).await?;
    tx.commit().await?;
    Ok(id)
}

pub(crate) async fn offer_handover(
    pool: &DbPool,
    ctx: &Ctx,
    client: ClientId,
    to_team: TeamId,
    to_employee: Option<EmployeeId>,
    note: HandoverNote,
) -> Result<HandoverId> {
    let mut tx = pool.begin().await?;
    team_exists(&mut tx, ctx.organisation_id, to_team).await?;
    let named = match to_employee {
        Some(e) => Some(member(&mut tx, ctx.organisation_id, e, "to_employee").await?),
        None => None,
    };
    let (state, version) = load_state(&mut tx, ctx.organisation_id, client).await?;
    let id: i64 = sqlx::query_scalar(dialect::NEXT_HANDOVER_ID)
        .fetch_one(&mut *tx)
        .await?;
    let event = state.offer_handover(HandoverId(id), ctx.actor, to_team, named, note)?;
    append(&mut tx, ctx, client, version, &event).await?;
    tx.commit().await?;
    Ok(HandoverId(id))
}

pub(crate) async fn accept_handover(
    pool: &DbPool,
    ctx: &Ctx,
    handover: HandoverId,
    caseworker: EmployeeId,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    let client = client_of_handover(&mut tx, ctx.organisation_id, handover).await?;
    let chosen = member(&mut tx, ctx.organisation_id, caseworker, "employee_id").await?;
    let (state, version) = load_state(&mut tx, ctx.organisation_id, client).await?;
    let event = state.accept_handover(handover, ctx.actor, chosen)?;
    append(&mut tx, ctx, client, version, &event).await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn return_handover(
    pool: &DbPool,
    ctx: &Ctx,
    handover: HandoverId,
    reason: &str,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    let client = client_of_handover(&mut tx, ctx.organisation_id, handover).await?;
    let (state, version) = load_state(&mut tx, ctx.organisation_id, client).await?;
    let event = state.return_handover(handover, ctx.actor, reason)?;
    append(&mut tx, ctx, client, version, &event).await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn withdraw_handover(
    pool: &DbPool,
    ctx: &Ctx,
    handover: HandoverId,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    let client = client_of_handover(&mut tx, ctx.organisation_id, handover).await?;
    let (state, version) = load_state(&mut tx, ctx.organisation_id, client).await?;
    let event = state.withdraw_handover(handover, ctx.actor)?;
    append(&mut tx, ctx, client, version, &event).await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn record_contact(
    pool: &DbPool,
    ctx: &Ctx,
    client: ClientId,
    c: NewContact,
) -> Result<()> {
    decide_and_append(pool, ctx, client, |state| {
        state.may_record()?;
        Ok(ClientEvent::ContactRecorded {
            date: c.date,
            kind: c.kind,
            with_whom: c.with_whom,
            summary: c.summary,
            next_contact_on: c.next_contact_on,
        })
    })
    .await
}

pub(crate) async fn record_assessment(
    pool: &DbPool,
    ctx: &Ctx,
    client: ClientId,
    assessed_on: Date,
    skills: SkillSet,
    remarks: &str,
) -> Result<()> {
    if assessed_on > ctx.today() {
        return Err(DomainError::invalid("assessed_on", "date_future").into());
    }
    let remarks = zicht_domain::text::optional("remarks", remarks, zicht_domain::text::LONG)?;
    decide_and_append(pool, ctx, client, |state| {
        state.may_record()?;
        Ok(ClientEvent::AssessmentRecorded {
            assessed_on,
            skills,
            remarks,
        })
    })
    .await
}

pub(crate) async fn see_returned_handover(
    pool: &DbPool,
    ctx: &Ctx,
    client: ClientId,
    reason: &str,
) -> Result<()> {
    decide_and_append(pool, ctx, client, |state| {
        Ok(state.see_returned_handover(ctx.actor, reason)?)
    })
    .await
}

pub(crate) async fn close_client(
    pool: &DbPool,
    ctx: &Ctx,
    client: ClientId,
    reason: &str,
) -> Result<()> {
    decide_and_append(pool, ctx, client, |state| {
        Ok(state.close(ctx.actor, reason)?)
    })
    .await
}
