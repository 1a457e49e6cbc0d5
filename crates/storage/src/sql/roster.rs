//! Roster import and reconciliation against the register.

use std::collections::HashMap;

use sha2::{Digest, Sha256};
use sqlx::{QueryBuilder, Row};

use super::{Db, DbConnection, DbPool};
use time::Date;
use zicht_domain::{
    calendar,
    client::{BenefitStatus, NewClient, Owner, Phase},
    event::ClientEvent,
    organisation::OrganisationSettings,
    roster::{parse_roster, reconcile as reconcile_rows, OpenClientFacts},
    Bsn, ClientId, DomainError, EmployeeId, OrganisationId, RosterRunId, TeamId,
};

use super::{commands, queries};
use crate::{
    ClientRef, Ctx, Ghost, HandoverFilter, NamedRef, Result, RosterReport, RosterRunSummary,
    StoreError,
};

/// Rows per multi-row insert: at six or seven parameters a row this stays
/// well under both backends' limits.
const BENEFITS_PER_STATEMENT: usize = 1000;

struct OpenClient {
    facts: OpenClientFacts,
    name: String,
    team: String,
    employee: String,
    benefit_status: BenefitStatus,
    version: i64,
}

impl OpenClient {
    fn to_ref(&self, benefit_end: Option<Date>) -> ClientRef {
        ClientRef {
            id: self.facts.client_id,
            bsn: self.facts.bsn.as_string(),
            name: self.name.clone(),
            owner_team: self.team.clone(),
            owner_employee: self.employee.clone(),
            last_contact_on: self.facts.last_contact,
            benefit_end,
        }
    }
}

pub(crate) async fn reconcile(
    pool: &DbPool,
    ctx: &Ctx,
    settings: &OrganisationSettings,
    file_name: &str,
    bytes: &[u8],
    register_ghosts: bool,
) -> Result<RosterReport> {
    let org = ctx.organisation_id;
    let today = ctx.today();
    let parsed = parse_roster(bytes)?;
    let sha = format!("{:x}", Sha256::digest(bytes));
    let overdue = queries::handovers(
        pool,
        org,
        &HandoverFilter {
            overdue_only: true,
            ..Default::default()
        },
        None,
        today,
        settings,
    )
    .await?;

    let mut tx = pool.begin().await?;
    let open_rows = sqlx::query(
        "SELECT c.id, c.bsn, c.name, c.last_contact_on, c.registered_at, c.benefit_status, c.version,
                t.name AS team_name, e.name AS employee_name
         FROM clients c JOIN teams t ON t.id = c.owner_team_id JOIN employees e ON e.id = c.owner_employee_id
         WHERE c.organisation_id = $1 AND c.status = 'open'",
    )
    .bind(org.0)
    .fetch_all(&mut *tx)
    .await?;
    let mut open = Vec::with_capacity(open_rows.len());
    for r in &open_rows {
        let bsn: String = r.try_get("bsn")?;
        let registered: time::OffsetDateTime = r.try_get("registered_at")?;
        let status: String = r.try_get("benefit_status")?;
        open.push(OpenClient {
            facts: OpenClientFacts {
                client_id: ClientId(r.try_get("id")?),
                bsn: Bsn::parse(&bsn).map_err(|_| {
                    StoreError::Corrupt(format!(
                        "stored BSN of client {}",
                        r.try_get::<i64, _>("id").unwrap_or(0)
                    ))
                })?,
                last_contact: r.try_get("last_contact_on")?,
                registered_on: calendar::dutch_date(registered),
            },
            name: r.try_get("name")?,
            team: r.try_get("team_name")?,
            employee: r.try_get("employee_name")?,
            benefit_status: BenefitStatus::parse(&status)
                .ok_or_else(|| StoreError::Corrupt(format!("benefit status {status}")))?,
            version: r.try_get("version")?,
        });
    }
    let facts: Vec<OpenClientFacts> = open.iter().map(|c| c.facts.clone()).collect();
    let found = reconcile_rows(&parsed.rows, &facts, today, settings.no_contact_weeks);

    let run_id = sqlx::query_scalar::<_, i64>(
        "INSERT INTO roster_runs (organisation_id, imported_at, imported_by, file_name, file_sha256, rows_total,
             rows_accepted, rows_rejected, ghosts, ghosts_registered, benefit_ended, not_in_roster, no_contact,
             overdue_handovers)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11, $12, $13) RETURNING id",
    )
    .bind(org.0)
    .bind(ctx.at)
    .bind(ctx.actor.employee_id.0)
    .bind(file_name)
    .bind(&sha)
    .bind((parsed.rows.len() + parsed.rejected.len()) as i64)
    .bind(parsed.rows.len() as i64)
    .bind(parsed.rejected.len() as i64)
    .bind(found.ghosts.len() as i64)
    .bind(found.benefit_ended.len() as i64)
    .bind(found.not_in_roster.len() as i64)
    .bind(found.no_contact.len() as i64)
    .bind(overdue.len() as i64)
    .fetch_one(&mut *tx)
    .await?
    ;

    // The benefits table mirrors the latest roster: upsert what is in it,
    // drop what is no longer there. Importing the same file twice changes nothing.
    let mut roster_by_bsn = HashMap::with_capacity(parsed.rows.len());
    // A BSN listed twice: the status follows its first row, the mirror its last.
    let mut last_row = HashMap::with_capacity(parsed.rows.len());
    for row in &parsed.rows {
        roster_by_bsn.entry(row.bsn).or_insert(row);
        last_row.insert(row.bsn, row);
    }
    let mut unique: Vec<_> = last_row.into_values().collect();
    unique.sort_by_key(|r| r.line);
    // Many rows per statement: a national roster has hundreds of thousands.
    for chunk in unique.chunks(BENEFITS_PER_STATEMENT) {
        let mut q: QueryBuilder<Db> = QueryBuilder::new(
            "INSERT INTO benefits (organisation_id, bsn, name, benefit_start, benefit_end, run_id) ",
        );
        q.push_values(chunk, |mut b, row| {
            b.push_bind(org.0)
                .push_bind(row.bsn.as_string())
                .push_bind(&row.name)
                .push_bind(row.benefit_start)
                .push_bind(row.benefit_end)
                .push_bind(run_id);
        });
        q.push(
            " ON CONFLICT (organisation_id, bsn) DO UPDATE SET
                name = excluded.name, benefit_start = excluded.benefit_start,
                benefit_end = excluded.benefit_end, run_id = excluded.run_id",
        );
        q.build().execute(&mut *tx).await?;
    }
    sqlx::query("DELETE FROM benefits WHERE organisation_id = $1 AND run_id <> $2")
        .bind(org.0)
        .bind(run_id)
        .execute(&mut *tx)
        .await?;

    // Each open client's benefit status follows the roster; a change is an event.
    for client in &open {
        let new_status = match roster_by_bsn.get(&client.facts.bsn) {
            None => BenefitStatus::NotInRoster,
            Some(r) if r.benefit_end.is_some_and(|e| e < today) => BenefitStatus::Ended,
            Some(_) => BenefitStatus::Active,
        };
        if new_status != client.benefit_status {
            let event = ClientEvent::BenefitStatusChanged {
                from: client.benefit_status,
                to: new_status,
            };
            commands::append(&mut tx, ctx, client.facts.client_id, client.version, &event).await?;
        }
    }

    let mut ghosts: Vec<Ghost> = found
        .ghosts
        .iter()
        .map(|g| Ghost {
            line: g.line,
            bsn: g.bsn.as_string(),
            name: g.name.clone(),
            benefit_start: g.benefit_start,
            benefit_end: g.benefit_end,
            registered_as: None,
        })
        .collect();

    if register_ghosts && !ghosts.is_empty() {
        let mut intake = intake_caseworkers(&mut tx, org).await?;
        for ghost in ghosts.iter_mut() {
            ghost.registered_as = Some(register_ghost(&mut tx, ctx, &mut intake, ghost).await?);
        }
        sqlx::query("UPDATE roster_runs SET ghosts_registered = $1 WHERE id = $2")
            .bind(ghosts.len() as i64)
            .bind(run_id)
            .execute(&mut *tx)
            .await?;
    }
    for chunk in ghosts.chunks(BENEFITS_PER_STATEMENT) {
        let mut q: QueryBuilder<Db> = QueryBuilder::new(
            "INSERT INTO roster_ghosts (run_id, line, bsn, name, benefit_start, benefit_end, registered_as) ",
        );
        q.push_values(chunk, |mut b, g| {
            b.push_bind(run_id)
                .push_bind(g.line as i64)
                .push_bind(&g.bsn)
                .push_bind(&g.name)
                .push_bind(g.benefit_start)
                .push_bind(g.benefit_end)
                .push_bind(g.registered_as.map(|c| c.0));
        });
        q.build().execute(&mut *tx).await?;
    }
    tx.commit().await?;

    let by_id: HashMap<ClientId, &OpenClient> =
        open.iter().map(|c| (c.facts.client_id, c)).collect();
    let refs = |ids: &[ClientId]| {
        ids.iter()
            .filter_map(|id| by_id.get(id))
            .map(|c| c.to_ref(None))
            .collect()
    };
    let run = runs(pool, org, Some(RosterRunId(run_id)))
        .await?
        .into_iter()
        .next()
        .ok_or(StoreError::NotFound("roster run"))?;
    Ok(RosterReport {
        run,
        ghosts,
        benefit_ended: found
            .benefit_ended
            .iter()
            .filter_map(|b| {
                by_id
                    .get(&b.client_id)
                    .map(|c| c.to_ref(Some(b.benefit_end)))
            })
            .collect(),
        not_in_roster: refs(&found.not_in_roster),
        no_contact: refs(&found.no_contact),
        overdue_handovers: overdue,
        rejected: parsed.rejected,
    })
}

/// Registers one ghost as a client of the least-loaded intake caseworker,
/// with the benefit the roster shows.
async fn register_ghost(
    conn: &mut DbConnection,
    ctx: &Ctx,
    intake: &mut [(TeamId, EmployeeId, i64)],
    ghost: &Ghost,
) -> Result<ClientId> {
    let slot = intake
        .iter_mut()
        .min_by_key(|(_, _, load)| *load)
        .ok_or(DomainError::conflict("no_intake_team"))?;
    slot.2 += 1;
    let owner = Owner {
        team_id: slot.0,
        employee_id: slot.1,
    };
    let bsn = Bsn::parse(&ghost.bsn)?;
    let client = NewClient {
        bsn,
        name: ghost.name.clone(),
        birth_date: None,
        particulars: format!(
            "Ingeschreven na afstemming met het uitkeringsbestand: uitkering sinds {}, maar geen dossier.",
            crate::format_dmy(ghost.benefit_start)
        ),
        phase: Phase::Intake,
    };
    let id = commands::insert_client(conn, ctx, client, owner).await?;
    let event = ClientEvent::BenefitStatusChanged {
        from: BenefitStatus::Unknown,
        to: BenefitStatus::Active,
    };
    commands::append(conn, ctx, id, 1, &event).await?;
    Ok(id)
}

/// Registers the ghosts of an earlier run that are still ghosts: not yet
/// registered, and no open client with their BSN has appeared since.
pub(crate) async fn register_run_ghosts(
    pool: &DbPool,
    ctx: &Ctx,
    run: RosterRunId,
) -> Result<usize> {
    let org = ctx.organisation_id;
    let mut tx = pool.begin().await?;
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT id FROM roster_runs WHERE organisation_id = $1 AND id = $2")
            .bind(org.0)
            .bind(run.0)
            .fetch_optional(&mut *tx)
            .await?;
    exists.ok_or(StoreError::NotFound("roster run"))?;
    let ghosts = run_ghosts(&mut tx, run).await?;
    let mut intake = intake_caseworkers(&mut tx, org).await?;
    let mut registered = 0;
    for ghost in ghosts.iter().filter(|g| g.registered_as.is_none()) {
        let open: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM clients WHERE organisation_id = $1 AND bsn = $2 AND status = 'open'",
        )
        .bind(org.0)
        .bind(&ghost.bsn)
        .fetch_optional(&mut *tx)
        .await?;
        if open.is_some() {
            continue;
        }
        let id = register_ghost(&mut tx, ctx, &mut intake, ghost).await?;
        sqlx::query("UPDATE roster_ghosts SET registered_as = $1 WHERE run_id = $2 AND bsn = $3")
            .bind(id.0)
            .bind(run.0)
            .bind(&ghost.bsn)
            .execute(&mut *tx)
            .await?;
        registered += 1;
    }
    sqlx::query("UPDATE roster_runs SET ghosts_registered = ghosts_registered + $1 WHERE id = $2")
        .bind(registered as i64)
        .bind(run.0)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(registered)
}

pub(crate) async fn run_ghosts(conn: &mut DbConnection, run: RosterRunId) -> Result<Vec<Ghost>> {
    let rows = sqlx::query("SELECT * FROM roster_ghosts WHERE run_id = $1 ORDER BY line")
        .bind(run.0)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Ghost {
                line: r.try_get::<i64, _>("line")? as usize,
                bsn: r.try_get("bsn")?,
                name: r.try_get("name")?,
                benefit_start: r.try_get("benefit_start")?,
                benefit_end: r.try_get("benefit_end")?,
                registered_as: r.try_get::<Option<i64>, _>("registered_as")?.map(ClientId),
            })
        })
        .collect()
}

/// Caseworkers of the organisation's intake teams with their open caseload.
async fn intake_caseworkers(
    conn: &mut DbConnection,
    org: OrganisationId,
) -> Result<Vec<(TeamId, EmployeeId, i64)>> {
    let rows = sqlx::query(
        "SELECT e.team_id, e.id,
                (SELECT count(*) FROM clients c WHERE c.owner_employee_id = e.id AND c.status = 'open') AS load
         FROM employees e JOIN teams t ON t.id = e.team_id
         WHERE e.organisation_id = $1 AND t.kind = 'intake'
         ORDER BY e.id",
    )
    .bind(org.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                TeamId(r.try_get("team_id")?),
                EmployeeId(r.try_get("id")?),
                r.try_get("load")?,
            ))
        })
        .collect()
}

pub(crate) async fn runs(
    pool: &DbPool,
    org: OrganisationId,
    only: Option<RosterRunId>,
) -> Result<Vec<RosterRunSummary>> {
    let rows = sqlx::query(
        "SELECT r.*, e.name AS imported_by_name,
                (SELECT min(p.id) FROM roster_runs p
                  WHERE p.organisation_id = r.organisation_id AND p.file_sha256 = r.file_sha256 AND p.id < r.id)
                  AS same_file_as
         FROM roster_runs r JOIN employees e ON e.id = r.imported_by
         WHERE r.organisation_id = $1 AND ($2 IS NULL OR r.id = $2)
         ORDER BY r.id DESC",
    )
    .bind(org.0)
    .bind(only.map(|r| r.0))
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(RosterRunSummary {
                id: RosterRunId(r.try_get("id")?),
                imported_at: r.try_get("imported_at")?,
                imported_by: NamedRef {
                    id: EmployeeId(r.try_get("imported_by")?),
                    name: r.try_get("imported_by_name")?,
                },
                file_name: r.try_get("file_name")?,
                file_sha256: r.try_get("file_sha256")?,
                same_file_as: r
                    .try_get::<Option<i64>, _>("same_file_as")?
                    .map(RosterRunId),
                rows_total: r.try_get("rows_total")?,
                rows_accepted: r.try_get("rows_accepted")?,
                rows_rejected: r.try_get("rows_rejected")?,
                ghosts: r.try_get("ghosts")?,
                ghosts_registered: r.try_get("ghosts_registered")?,
                benefit_ended: r.try_get("benefit_ended")?,
                not_in_roster: r.try_get("not_in_roster")?,
                no_contact: r.try_get("no_contact")?,
                overdue_handovers: r.try_get("overdue_handovers")?,
            })
        })
        .collect()
}
