//! Importing whole histories at once: clients with years of events, from a
//! previous system or generated for benchmarks. The current-state rows are
//! derived from the events by the same rules `commands::append` keeps them
//! with, so `zicht check` holds afterwards; everything goes in one
//! transaction, many rows per statement.

use std::collections::HashMap;

use sqlx::QueryBuilder;
use time::{Date, OffsetDateTime};
use zicht_domain::{
    event::{ClientEvent, ClientState, HandoverEvent, RegisterEvent},
    ClientId, DomainError, EmployeeId, HandoverId, OrganisationId,
};

use super::{
    dialect,
    errors::{ONE_OPEN_CLIENT_PER_BSN, ONE_PENDING_HANDOVER},
    Db, DbConnection, DbPool,
};
use crate::{ImportedClient, Result, StoreError};

/// Rows per statement; the widest table (handovers) binds 17 values a row,
/// which keeps every statement under both backends' parameter limits.
const ROWS_PER_STATEMENT: usize = 1000;

struct ClientRow {
    id: i64,
    bsn: String,
    name: String,
    birth_date: Option<Date>,
    particulars: String,
    state: ClientState,
    closed: Option<(String, OffsetDateTime)>,
    next_contact_on: Option<Date>,
    registered_at: OffsetDateTime,
    version: i64,
}

struct EventRow {
    client: i64,
    seq: i64,
    kind: &'static str,
    payload: String,
    actor: EmployeeId,
    at: OffsetDateTime,
}

struct HandoverRow {
    id: i64,
    client: i64,
    event: ClientEvent,
    offered_by: EmployeeId,
    offered_at: OffsetDateTime,
    status: &'static str,
    settled: Option<(EmployeeId, OffsetDateTime)>,
    return_reason: Option<String>,
    accepted: Option<EmployeeId>,
}

/// The ids the caller numbered its handovers with are its own (1, 2, … per
/// client); each gets a real id here.
fn renumber(event: &mut ClientEvent, ids: &HashMap<i64, HandoverId>) -> Result<()> {
    let ClientEvent::Handover(handover) = event else {
        return Ok(());
    };
    let id = handover.handover_id_mut();
    *id = *ids
        .get(&id.0)
        .ok_or(DomainError::invalid("history", "history_unknown_handover"))?;
    Ok(())
}

pub(crate) async fn import(
    pool: &DbPool,
    org: OrganisationId,
    clients: &[ImportedClient],
) -> Result<Vec<ClientId>> {
    let offered = clients
        .iter()
        .flat_map(|c| &c.events)
        .filter(|e| {
            matches!(
                e.event,
                ClientEvent::Handover(HandoverEvent::Offered { .. })
            )
        })
        .count();
    let mut tx = pool.begin().await?;
    let client_ids = dialect::reserve_ids(&mut tx, "clients", clients.len()).await?;
    let mut handover_ids = dialect::reserve_ids(&mut tx, "handovers", offered)
        .await?
        .into_iter();

    let mut client_rows = Vec::with_capacity(clients.len());
    let mut events = Vec::new();
    let mut handovers: Vec<HandoverRow> = Vec::new();
    let mut contacts = Vec::new();
    let mut assessments = Vec::new();
    for (imported, &id) in clients.iter().zip(&client_ids) {
        let Some(first) = imported.events.first() else {
            return Err(DomainError::invalid("history", "history_without_created").into());
        };
        let ClientEvent::Register(RegisterEvent::Created {
            bsn: Some(bsn),
            name,
            birth_date,
            particulars,
            phase,
            owner,
        }) = &first.event
        else {
            return Err(DomainError::invalid("history", "history_without_created").into());
        };
        let mut row = ClientRow {
            id,
            bsn: bsn.as_string(),
            name: name.clone(),
            birth_date: *birth_date,
            particulars: particulars.clone(),
            state: ClientState::new(*phase, *owner),
            closed: None,
            next_contact_on: None,
            registered_at: first.at,
            version: 0,
        };
        let mut local_ids = HashMap::new();
        let mut by_local: HashMap<HandoverId, usize> = HashMap::new();
        for (i, e) in imported.events.iter().enumerate() {
            if i > 0
                && matches!(
                    e.event,
                    ClientEvent::Register(RegisterEvent::Created { .. })
                )
            {
                return Err(DomainError::invalid("history", "history_without_created").into());
            }
            // Their tables are written by the commands only; an import that
            // carried them would leave the projections behind the history.
            if e.event.is_process() {
                return Err(DomainError::invalid("history", "history_unsupported_event").into());
            }
            let mut event = e.event.clone();
            if let ClientEvent::Handover(HandoverEvent::Offered { handover_id, .. }) = &event {
                let real =
                    HandoverId(handover_ids.next().ok_or_else(|| {
                        StoreError::Corrupt("fewer handover ids than offers".into())
                    })?);
                local_ids.insert(handover_id.0, real);
            }
            renumber(&mut event, &local_ids)?;
            match &event {
                ClientEvent::Handover(HandoverEvent::Offered { handover_id, .. }) => {
                    by_local.insert(*handover_id, handovers.len());
                    handovers.push(HandoverRow {
                        id: handover_id.0,
                        client: id,
                        event: event.clone(),
                        offered_by: e.actor,
                        offered_at: e.at,
                        status: "pending",
                        settled: None,
                        return_reason: None,
                        accepted: None,
                    });
                }
                ClientEvent::Handover(HandoverEvent::Accepted {
                    handover_id,
                    new_owner,
                }) => {
                    let h = settle(&mut handovers, &by_local, *handover_id, e.actor, e.at)?;
                    h.status = "accepted";
                    h.accepted = Some(new_owner.employee_id);
                }
                ClientEvent::Handover(HandoverEvent::Returned {
                    handover_id,
                    reason,
                }) => {
                    let h = settle(&mut handovers, &by_local, *handover_id, e.actor, e.at)?;
                    h.status = "returned";
                    h.return_reason = Some(reason.clone());
                }
                ClientEvent::Handover(HandoverEvent::Withdrawn { handover_id }) => {
                    settle(&mut handovers, &by_local, *handover_id, e.actor, e.at)?.status =
                        "withdrawn";
                }
                ClientEvent::Register(RegisterEvent::ContactRecorded {
                    date,
                    next_contact_on,
                    ..
                }) => {
                    // As in `commands::append`: the next appointment comes from
                    // the most recent contact.
                    if row.state.last_contact.is_none_or(|last| *date >= last) {
                        row.next_contact_on = *next_contact_on;
                    }
                    contacts.push((id, event.clone(), e.actor, e.at));
                }
                ClientEvent::Register(RegisterEvent::AssessmentRecorded { .. }) => {
                    assessments.push((id, event.clone(), e.actor, e.at));
                }
                ClientEvent::Register(RegisterEvent::Closed { reason }) => {
                    row.closed = Some((reason.clone(), e.at))
                }
                _ => {}
            }
            row.state.apply(&event);
            row.version += 1;
            events.push(EventRow {
                client: id,
                seq: row.version,
                kind: event.kind(),
                payload: serde_json::to_string(&event)
                    .map_err(|err| StoreError::Corrupt(err.to_string()))?,
                actor: e.actor,
                at: e.at,
            });
        }
        client_rows.push(row);
    }

    insert_clients(&mut tx, org, &client_rows).await?;
    insert_events(&mut tx, org, &events).await?;
    insert_handovers(&mut tx, org, &handovers).await?;
    insert_contacts(&mut tx, org, &contacts).await?;
    insert_assessments(&mut tx, org, &assessments).await?;
    tx.commit().await?;
    Ok(client_ids.into_iter().map(ClientId).collect())
}

fn settle<'a>(
    handovers: &'a mut [HandoverRow],
    by_id: &HashMap<HandoverId, usize>,
    id: HandoverId,
    actor: EmployeeId,
    at: OffsetDateTime,
) -> Result<&'a mut HandoverRow> {
    let h = by_id
        .get(&id)
        .and_then(|&i| handovers.get_mut(i))
        .filter(|h| h.settled.is_none())
        .ok_or(DomainError::invalid("history", "history_unknown_handover"))?;
    h.settled = Some((actor, at));
    Ok(h)
}

async fn insert_clients(
    conn: &mut DbConnection,
    org: OrganisationId,
    rows: &[ClientRow],
) -> Result<()> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut q: QueryBuilder<Db> = QueryBuilder::new(
            "INSERT INTO clients (id, organisation_id, bsn, name, birth_date, particulars, phase, benefit_status,
                 status, closed_reason, closed_at, owner_team_id, owner_employee_id, last_contact_on,
                 next_contact_on, registered_at, version, returned_handover_id, name_key) ",
        );
        q.push_values(chunk, |mut b, r| {
            b.push_bind(r.id)
                .push_bind(org.0)
                .push_bind(&r.bsn)
                .push_bind(&r.name)
                .push_bind(r.birth_date)
                .push_bind(&r.particulars)
                .push_bind(r.state.phase.as_str())
                .push_bind(r.state.benefit_status.as_str())
                .push_bind(if r.state.open { "open" } else { "closed" })
                .push_bind(r.closed.as_ref().map(|c| c.0.clone()))
                .push_bind(r.closed.as_ref().map(|c| c.1))
                .push_bind(r.state.owner.team_id.0)
                .push_bind(r.state.owner.employee_id.0)
                .push_bind(r.state.last_contact)
                .push_bind(r.next_contact_on)
                .push_bind(r.registered_at)
                .push_bind(r.version)
                .push_bind(r.state.returned.as_ref().map(|h| h.id.0))
                .push_bind(zicht_domain::search::fold(&r.name));
        });
        q.build()
            .execute(&mut *conn)
            .await
            .map_err(|e| ONE_OPEN_CLIENT_PER_BSN.refused(e))?;
    }
    Ok(())
}

async fn insert_events(
    conn: &mut DbConnection,
    org: OrganisationId,
    rows: &[EventRow],
) -> Result<()> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut q: QueryBuilder<Db> = QueryBuilder::new(
            "INSERT INTO client_events (organisation_id, client_id, seq, kind, payload, actor_employee_id, occurred_at) ",
        );
        q.push_values(chunk, |mut b, r| {
            b.push_bind(org.0)
                .push_bind(r.client)
                .push_bind(r.seq)
                .push_bind(r.kind)
                .push_bind(&r.payload)
                .push_bind(r.actor.0)
                .push_bind(r.at);
        });
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}

async fn insert_handovers(
    conn: &mut DbConnection,
    org: OrganisationId,
    rows: &[HandoverRow],
) -> Result<()> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut q: QueryBuilder<Db> = QueryBuilder::new(
            "INSERT INTO handovers (id, organisation_id, client_id, from_team_id, from_employee_id, to_team_id,
                 to_employee_id, reason, work_done, particulars, agreements, status, offered_by, offered_at,
                 settled_by, settled_at, return_reason, accepted_employee_id) ",
        );
        let mut bad = false;
        q.push_values(chunk, |mut b, r| {
            let ClientEvent::Handover(HandoverEvent::Offered {
                from,
                to_team,
                to_employee,
                note,
                ..
            }) = &r.event
            else {
                bad = true;
                return;
            };
            b.push_bind(r.id)
                .push_bind(org.0)
                .push_bind(r.client)
                .push_bind(from.team_id.0)
                .push_bind(from.employee_id.0)
                .push_bind(to_team.0)
                .push_bind(to_employee.map(|e| e.0))
                .push_bind(note.reason.clone())
                .push_bind(note.work_done.clone())
                .push_bind(note.particulars.clone())
                .push_bind(note.agreements.clone())
                .push_bind(r.status)
                .push_bind(r.offered_by.0)
                .push_bind(r.offered_at)
                .push_bind(r.settled.map(|s| s.0 .0))
                .push_bind(r.settled.map(|s| s.1))
                .push_bind(r.return_reason.clone())
                .push_bind(r.accepted.map(|e| e.0));
        });
        if bad {
            return Err(StoreError::Corrupt("handover row without its offer".into()));
        }
        q.build()
            .execute(&mut *conn)
            .await
            .map_err(|e| ONE_PENDING_HANDOVER.refused(e))?;
    }
    Ok(())
}

type Recorded = (i64, ClientEvent, EmployeeId, OffsetDateTime);

async fn insert_contacts(
    conn: &mut DbConnection,
    org: OrganisationId,
    rows: &[Recorded],
) -> Result<()> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut q: QueryBuilder<Db> = QueryBuilder::new(
            "INSERT INTO contacts (organisation_id, client_id, contact_on, kind, with_whom, summary,
                 next_contact_on, recorded_by, recorded_at) ",
        );
        q.push_values(chunk, |mut b, (client, event, actor, at)| {
            if let ClientEvent::Register(RegisterEvent::ContactRecorded {
                date,
                kind,
                with_whom,
                summary,
                next_contact_on,
            }) = event
            {
                b.push_bind(org.0)
                    .push_bind(*client)
                    .push_bind(*date)
                    .push_bind(kind.as_str())
                    .push_bind(with_whom.clone())
                    .push_bind(summary.clone())
                    .push_bind(*next_contact_on)
                    .push_bind(actor.0)
                    .push_bind(*at);
            }
        });
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}

async fn insert_assessments(
    conn: &mut DbConnection,
    org: OrganisationId,
    rows: &[Recorded],
) -> Result<()> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut q: QueryBuilder<Db> = QueryBuilder::new(
            "INSERT INTO assessments (organisation_id, client_id, assessed_on, on_time, commitment,
                 accepts_direction, says_in_time, dresses_for_work, remarks, assessor_id, recorded_at) ",
        );
        q.push_values(chunk, |mut b, (client, event, actor, at)| {
            if let ClientEvent::Register(RegisterEvent::AssessmentRecorded {
                assessed_on,
                skills,
                remarks,
            }) = event
            {
                b.push_bind(org.0)
                    .push_bind(*client)
                    .push_bind(*assessed_on)
                    .push_bind(skills.on_time)
                    .push_bind(skills.commitment)
                    .push_bind(skills.accepts_direction)
                    .push_bind(skills.says_in_time)
                    .push_bind(skills.dresses_for_work)
                    .push_bind(remarks.clone())
                    .push_bind(actor.0)
                    .push_bind(*at);
            }
        });
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}
