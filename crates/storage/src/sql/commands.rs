//! Commands on a client's register, handovers, contacts and assessments:
//! load state, let the domain decide, append the event through `history`, in
//! one transaction on the writer.

use super::{
    dialect,
    errors::ONE_OPEN_CLIENT_PER_BSN,
    history::{append, load_state},
    DbConnection, DbPool,
};
use super::{phase::phase_change_events, BackendStore};
use zicht_domain::{
    client::{NewClient, Owner, Phase},
    contact::NewContact,
    event::{ClientEvent, ClientState, RegisterEvent},
    handover::{HandoverNote, Member},
    search::fold,
    skills::NewAssessment,
    ClientId, DomainError, EmployeeId, HandoverId, OrganisationId, TeamId,
};

use crate::{Ctx, ImportedClient, Result, StoreError};

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
             owner_team_id, owner_employee_id, registered_at, version, name_key)
         VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9, 0 + 1, $10) RETURNING id",
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
    .bind(fold(&client.name))
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| ONE_OPEN_CLIENT_PER_BSN.refused(e))?;
    let event = ClientEvent::Register(RegisterEvent::Created {
        bsn: Some(client.bsn),
        name: client.name,
        birth_date: client.birth_date,
        particulars: client.particulars,
        phase: client.phase,
        owner,
    });
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

#[async_trait::async_trait]
impl crate::ClientCommands for BackendStore {
    async fn register_client(
        &self,
        ctx: &Ctx,
        client: NewClient,
        owner: Owner,
    ) -> Result<ClientId> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        let id = insert_client(&mut tx, ctx, client, owner).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn offer_handover(
        &self,
        ctx: &Ctx,
        client: ClientId,
        to_team: TeamId,
        to_employee: Option<EmployeeId>,
        note: HandoverNote,
    ) -> Result<HandoverId> {
        let pool = &self.writer;
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

    async fn accept_handover(
        &self,
        ctx: &Ctx,
        handover: HandoverId,
        caseworker: EmployeeId,
    ) -> Result<()> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        let client = client_of_handover(&mut tx, ctx.organisation_id, handover).await?;
        let chosen = member(&mut tx, ctx.organisation_id, caseworker, "employee_id").await?;
        let (state, version) = load_state(&mut tx, ctx.organisation_id, client).await?;
        let event = state.accept_handover(handover, ctx.actor, chosen)?;
        append(&mut tx, ctx, client, version, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn return_handover(&self, ctx: &Ctx, handover: HandoverId, reason: &str) -> Result<()> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        let client = client_of_handover(&mut tx, ctx.organisation_id, handover).await?;
        let (state, version) = load_state(&mut tx, ctx.organisation_id, client).await?;
        let event = state.return_handover(handover, ctx.actor, reason)?;
        append(&mut tx, ctx, client, version, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn withdraw_handover(&self, ctx: &Ctx, handover: HandoverId) -> Result<()> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        let client = client_of_handover(&mut tx, ctx.organisation_id, handover).await?;
        let (state, version) = load_state(&mut tx, ctx.organisation_id, client).await?;
        let event = state.withdraw_handover(handover, ctx.actor)?;
        append(&mut tx, ctx, client, version, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn see_returned_handover(&self, ctx: &Ctx, client: ClientId, reason: &str) -> Result<()> {
        let pool = &self.writer;
        decide_and_append(pool, ctx, client, |state| {
            Ok(state.see_returned_handover(ctx.actor, reason)?)
        })
        .await
    }

    async fn record_contact(&self, ctx: &Ctx, client: ClientId, c: NewContact) -> Result<()> {
        let pool = &self.writer;
        decide_and_append(pool, ctx, client, |state| {
            state.may_record()?;
            Ok(ClientEvent::Register(RegisterEvent::ContactRecorded {
                date: c.date,
                kind: c.kind,
                with_whom: c.with_whom,
                summary: c.summary,
                next_contact_on: c.next_contact_on,
            }))
        })
        .await
    }

    async fn change_contact_details(
        &self,
        ctx: &Ctx,
        client: ClientId,
        details: zicht_domain::contact_details::ContactDetails,
    ) -> Result<()> {
        let pool = &self.writer;
        decide_and_append(pool, ctx, client, |state| {
            state.may_record()?;
            Ok(ClientEvent::Register(
                RegisterEvent::ContactDetailsChanged { details },
            ))
        })
        .await
    }

    async fn record_assessment(&self, ctx: &Ctx, client: ClientId, a: NewAssessment) -> Result<()> {
        let pool = &self.writer;
        decide_and_append(pool, ctx, client, |state| {
            state.may_record()?;
            Ok(ClientEvent::Register(RegisterEvent::AssessmentRecorded {
                assessed_on: a.assessed_on,
                skills: a.skills,
                remarks: a.remarks,
            }))
        })
        .await
    }

    async fn change_phase_explained(
        &self,
        ctx: &Ctx,
        client: ClientId,
        phase: Phase,
        explanation: &str,
    ) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        let (state, version) = load_state(&mut tx, ctx.organisation_id, client).await?;
        let events = phase_change_events(&mut tx, ctx, client, &state, phase, explanation).await?;
        for (i, e) in events.iter().enumerate() {
            append(&mut tx, ctx, client, version + i as i64, e).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn close_client(&self, ctx: &Ctx, client: ClientId, reason: &str) -> Result<()> {
        let pool = &self.writer;
        decide_and_append(pool, ctx, client, |state| {
            Ok(state.close(ctx.actor, reason)?)
        })
        .await
    }

    async fn import_histories(
        &self,
        org: OrganisationId,
        clients: &[ImportedClient],
    ) -> Result<Vec<ClientId>> {
        super::bulk::import(&self.writer, org, clients).await
    }
}
