//! Roster import and reconciliation against the register.

use std::collections::HashMap;

use sha2::{Digest, Sha256};
use sqlx::{QueryBuilder, Row};

use super::BackendStore;
use super::{Db, DbConnection, DbPool};
use time::Date;
use zicht_domain::{
    calendar,
    client::{BenefitStatus, NewClient, Owner, Phase},
    event::{ClientEvent, RegisterEvent},
    organisation::OrganisationSettings,
    roster::{
        benefit_status, decide, parse_roster, reconcile as reconcile_rows, GuardReason,
        OpenClientFacts, ParsedRoster, Reconciliation, RosterDecision, RosterImpact,
        RosterRunStatus,
    },
    Bsn, ClientId, DomainError, EmployeeId, OrganisationId, RosterRunId, TeamId,
};

use super::{commands, history, queries};
use crate::OrganisationStore;
use crate::{
    ClientRef, Ctx, Ghost, HandoverFilter, NamedRef, Result, RosterOptions, RosterOutcome,
    RosterPreview, RosterReport, RosterRunSummary, StoreError,
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

/// The open clients of an organisation as reconciliation needs them.
async fn open_clients(conn: &mut DbConnection, org: OrganisationId) -> Result<Vec<OpenClient>> {
    let open_rows = sqlx::query(
        "SELECT c.id, c.bsn, c.name, c.last_contact_on, c.registered_at, c.benefit_status, c.version,
                t.name AS team_name, e.name AS employee_name
         FROM clients c JOIN teams t ON t.id = c.owner_team_id JOIN employees e ON e.id = c.owner_employee_id
         WHERE c.organisation_id = $1 AND c.status = 'open'",
    )
    .bind(org.0)
    .fetch_all(&mut *conn)
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
    Ok(open)
}

/// Valid rows of the organisation's last applied run other than `except`.
async fn previous_rows(
    conn: &mut DbConnection,
    org: OrganisationId,
    except: Option<i64>,
) -> Result<Option<u64>> {
    let rows: Option<i64> = sqlx::query_scalar(
        "SELECT rows_accepted FROM roster_runs
         WHERE organisation_id = $1 AND status = 'applied' AND id <> $2
         ORDER BY id DESC LIMIT 1",
    )
    .bind(org.0)
    .bind(except.unwrap_or(0))
    .fetch_optional(&mut *conn)
    .await?;
    Ok(rows.map(|n| n.max(0) as u64))
}

/// A parsed roster held against the register: what it finds, what it would
/// change, and what the guard says about it.
struct Assessment {
    found: Reconciliation,
    /// Each open client's coming benefit status, in the order of `open`.
    statuses: Vec<BenefitStatus>,
    impact: RosterImpact,
    decision: RosterDecision,
}

fn assess(
    parsed: &ParsedRoster,
    open: &[OpenClient],
    today: Date,
    settings: &OrganisationSettings,
    previous_rows: Option<u64>,
) -> Assessment {
    let facts: Vec<OpenClientFacts> = open.iter().map(|c| c.facts.clone()).collect();
    let found = reconcile_rows(&parsed.rows, &facts, today, settings.no_contact_weeks);
    // A BSN listed twice: its first row decides the status.
    let mut roster_by_bsn = HashMap::with_capacity(parsed.rows.len());
    for row in &parsed.rows {
        roster_by_bsn.entry(row.bsn).or_insert(row);
    }
    let statuses: Vec<BenefitStatus> = open
        .iter()
        .map(|c| benefit_status(roster_by_bsn.get(&c.facts.bsn).copied(), today))
        .collect();
    let impact = RosterImpact::new(
        parsed.rows.len(),
        parsed.rejected.len(),
        open.iter()
            .zip(&statuses)
            .map(|(c, to)| (c.benefit_status, *to)),
        previous_rows,
    );
    let decision = decide(&impact, settings.roster_confirm_share);
    Assessment {
        found,
        statuses,
        impact,
        decision,
    }
}

/// The handovers over their term, counted with every stored run. Read
/// before a transaction starts: SQLite's writer pool has one connection.
async fn overdue_handovers(
    pool: &DbPool,
    org: OrganisationId,
    today: Date,
    settings: &OrganisationSettings,
) -> Result<Vec<crate::HandoverView>> {
    queries::handovers(
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
    .await
}

/// The figures of a run as stored in `roster_runs`.
struct RunFigures<'a> {
    parsed: &'a ParsedRoster,
    assessment: &'a Assessment,
    overdue: usize,
    status: RosterRunStatus,
    confirmed_by: Option<EmployeeId>,
}

impl RunFigures<'_> {
    fn reasons(&self) -> String {
        self.assessment
            .decision
            .reasons()
            .iter()
            .map(|r| r.code())
            .collect::<Vec<_>>()
            .join(",")
    }
}

async fn insert_run(
    conn: &mut DbConnection,
    ctx: &Ctx,
    file_name: &str,
    sha: &str,
    f: &RunFigures<'_>,
) -> Result<i64> {
    let (found, impact) = (&f.assessment.found, &f.assessment.impact);
    Ok(sqlx::query_scalar::<_, i64>(
        "INSERT INTO roster_runs (organisation_id, imported_at, imported_by, file_name, file_sha256, rows_total,
             rows_accepted, rows_rejected, ghosts, ghosts_registered, benefit_ended, not_in_roster, no_contact,
             overdue_handovers, status, reasons, open_clients, status_changes, previous_rows, confirmed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
         RETURNING id",
    )
    .bind(ctx.organisation_id.0)
    .bind(ctx.at)
    .bind(ctx.actor.employee_id.0)
    .bind(file_name)
    .bind(sha)
    .bind((f.parsed.rows.len() + f.parsed.rejected.len()) as i64)
    .bind(f.parsed.rows.len() as i64)
    .bind(f.parsed.rejected.len() as i64)
    .bind(found.ghosts.len() as i64)
    .bind(found.benefit_ended.len() as i64)
    .bind(found.not_in_roster.len() as i64)
    .bind(found.no_contact.len() as i64)
    .bind(f.overdue as i64)
    .bind(f.status.as_str())
    .bind(f.reasons())
    .bind(impact.open_clients as i64)
    .bind(impact.status_changes as i64)
    .bind(impact.previous_rows.map(|n| n as i64))
    .bind(f.confirmed_by.map(|e| e.0))
    .fetch_one(&mut *conn)
    .await?)
}

/// Rewrites the figures of a confirmed run, worked out anew at confirmation.
async fn update_run(conn: &mut DbConnection, run_id: i64, f: &RunFigures<'_>) -> Result<()> {
    let (found, impact) = (&f.assessment.found, &f.assessment.impact);
    sqlx::query(
        "UPDATE roster_runs SET rows_total = $1, rows_accepted = $2, rows_rejected = $3, ghosts = $4,
             benefit_ended = $5, not_in_roster = $6, no_contact = $7, overdue_handovers = $8, status = $9,
             reasons = $10, open_clients = $11, status_changes = $12, previous_rows = $13, confirmed_by = $14
         WHERE id = $15",
    )
    .bind((f.parsed.rows.len() + f.parsed.rejected.len()) as i64)
    .bind(f.parsed.rows.len() as i64)
    .bind(f.parsed.rejected.len() as i64)
    .bind(found.ghosts.len() as i64)
    .bind(found.benefit_ended.len() as i64)
    .bind(found.not_in_roster.len() as i64)
    .bind(found.no_contact.len() as i64)
    .bind(f.overdue as i64)
    .bind(f.status.as_str())
    .bind(f.reasons())
    .bind(impact.open_clients as i64)
    .bind(impact.status_changes as i64)
    .bind(impact.previous_rows.map(|n| n as i64))
    .bind(f.confirmed_by.map(|e| e.0))
    .bind(run_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Runs awaiting confirmation other than `except` lapse, and their kept
/// files go: only the latest upload can be confirmed.
async fn lapse_awaiting(conn: &mut DbConnection, org: OrganisationId, except: i64) -> Result<()> {
    sqlx::query(
        "DELETE FROM roster_pending_files WHERE run_id IN
           (SELECT id FROM roster_runs WHERE organisation_id = $1 AND status = 'awaiting_confirmation' AND id <> $2)",
    )
    .bind(org.0)
    .bind(except)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE roster_runs SET status = 'lapsed'
         WHERE organisation_id = $1 AND status = 'awaiting_confirmation' AND id <> $2",
    )
    .bind(org.0)
    .bind(except)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn import(
    pool: &DbPool,
    ctx: &Ctx,
    settings: &OrganisationSettings,
    file_name: &str,
    bytes: &[u8],
    options: RosterOptions,
) -> Result<RosterOutcome> {
    let org = ctx.organisation_id;
    let today = ctx.today();
    let parsed = parse_roster(bytes)?;
    if options.dry_run {
        // Reads only; the transaction keeps the reads consistent and is
        // rolled back when dropped.
        let mut tx = pool.begin().await?;
        let open = open_clients(&mut tx, org).await?;
        let previous = previous_rows(&mut tx, org, None).await?;
        let a = assess(&parsed, &open, today, settings, previous);
        drop(tx);
        return Ok(RosterOutcome::Preview(RosterPreview {
            decision: a.decision.as_str(),
            reasons: a.decision.reasons(),
            impact: a.impact,
            confirm_share: settings.roster_confirm_share,
            ghosts: a.found.ghosts.len() as i64,
            benefit_ended: a.found.benefit_ended.len() as i64,
            not_in_roster: a.found.not_in_roster.len() as i64,
            no_contact: a.found.no_contact.len() as i64,
            rejected: parsed.rejected,
        }));
    }
    let sha = format!("{:x}", Sha256::digest(bytes));
    let overdue = overdue_handovers(pool, org, today, settings).await?;

    let mut tx = pool.begin().await?;
    let open = open_clients(&mut tx, org).await?;
    let previous = previous_rows(&mut tx, org, None).await?;
    let assessment = assess(&parsed, &open, today, settings, previous);
    let status = assessment.decision.run_status(options.confirmed);
    let figures = RunFigures {
        parsed: &parsed,
        assessment: &assessment,
        overdue: overdue.len(),
        status,
        // Confirmed up front (API, CLI): the importer confirmed it.
        confirmed_by: (status == RosterRunStatus::Applied
            && assessment.decision != RosterDecision::Apply)
            .then_some(ctx.actor.employee_id),
    };
    let run_id = insert_run(&mut tx, ctx, file_name, &sha, &figures).await?;
    match status {
        RosterRunStatus::Applied => {}
        RosterRunStatus::AwaitingConfirmation => {
            lapse_awaiting(&mut tx, org, run_id).await?;
            if options.keep_for_confirmation {
                sqlx::query(
                    "INSERT INTO roster_pending_files (run_id, register_ghosts, content) VALUES ($1, $2, $3)",
                )
                .bind(run_id)
                .bind(options.register_ghosts)
                .bind(bytes)
                .execute(&mut *tx)
                .await?;
            }
        }
        RosterRunStatus::Refused | RosterRunStatus::Lapsed => {}
    }
    if status != RosterRunStatus::Applied {
        tx.commit().await?;
        let impact = assessment.impact;
        return Ok(RosterOutcome::NotApplied {
            run: run(pool, org, run_id).await?,
            impact,
            confirm_share: settings.roster_confirm_share,
            rejected: parsed.rejected,
        });
    }
    let report = apply(
        pool,
        tx,
        ctx,
        run_id,
        &parsed,
        &open,
        assessment,
        overdue,
        options.register_ghosts,
    )
    .await?;
    Ok(RosterOutcome::Applied(report))
}

/// Applies a run awaiting confirmation from its kept file.
pub(crate) async fn confirm(
    pool: &DbPool,
    ctx: &Ctx,
    settings: &OrganisationSettings,
    run_id: RosterRunId,
) -> Result<RosterOutcome> {
    let org = ctx.organisation_id;
    let today = ctx.today();
    let overdue = overdue_handovers(pool, org, today, settings).await?;
    let mut tx = pool.begin().await?;
    // Claiming the run first: of two confirmations at once, one applies it.
    let claimed = sqlx::query(
        "UPDATE roster_runs SET status = 'applied'
         WHERE organisation_id = $1 AND id = $2 AND status = 'awaiting_confirmation'
           AND id IN (SELECT run_id FROM roster_pending_files)",
    )
    .bind(org.0)
    .bind(run_id.0)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed != 1 {
        drop(tx);
        // Not this organisation's run, or not (any longer) confirmable.
        run(pool, org, run_id.0).await?;
        return Err(DomainError::conflict("roster_run_not_awaiting").into());
    }
    let kept =
        sqlx::query("SELECT register_ghosts, content FROM roster_pending_files WHERE run_id = $1")
            .bind(run_id.0)
            .fetch_one(&mut *tx)
            .await?;
    let register_ghosts: bool = kept.try_get("register_ghosts")?;
    let bytes: Vec<u8> = kept.try_get("content")?;
    sqlx::query("DELETE FROM roster_pending_files WHERE run_id = $1")
        .bind(run_id.0)
        .execute(&mut *tx)
        .await?;

    let parsed = parse_roster(&bytes)?;
    let open = open_clients(&mut tx, org).await?;
    let previous = previous_rows(&mut tx, org, Some(run_id.0)).await?;
    let assessment = assess(&parsed, &open, today, settings, previous);
    let status = assessment.decision.run_status(true);
    let figures = RunFigures {
        parsed: &parsed,
        assessment: &assessment,
        overdue: overdue.len(),
        status,
        confirmed_by: Some(ctx.actor.employee_id),
    };
    update_run(&mut tx, run_id.0, &figures).await?;
    if status != RosterRunStatus::Applied {
        // The file is the same, so it still has valid rows; kept for safety.
        tx.commit().await?;
        return Ok(RosterOutcome::NotApplied {
            run: run(pool, org, run_id.0).await?,
            impact: assessment.impact,
            confirm_share: settings.roster_confirm_share,
            rejected: parsed.rejected,
        });
    }
    let report = apply(
        pool,
        tx,
        ctx,
        run_id.0,
        &parsed,
        &open,
        assessment,
        overdue,
        register_ghosts,
    )
    .await?;
    Ok(RosterOutcome::Applied(report))
}

/// Makes the register follow a run that is stored as applied: the benefits
/// mirror, each open client's benefit status and the ghosts; then commits
/// and reports.
#[allow(clippy::too_many_arguments)]
async fn apply(
    pool: &DbPool,
    mut tx: sqlx::Transaction<'_, Db>,
    ctx: &Ctx,
    run_id: i64,
    parsed: &ParsedRoster,
    open: &[OpenClient],
    assessment: Assessment,
    overdue: Vec<crate::HandoverView>,
    register_ghosts: bool,
) -> Result<RosterReport> {
    let org = ctx.organisation_id;
    lapse_awaiting(&mut tx, org, run_id).await?;
    let Assessment {
        found, statuses, ..
    } = assessment;

    // The benefits table mirrors the latest roster: upsert what is in it,
    // drop what is no longer there. Importing the same file twice changes nothing.
    // A BSN listed twice: the status follows its first row, the mirror its last.
    let mut last_row = HashMap::with_capacity(parsed.rows.len());
    for row in &parsed.rows {
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
    for (client, new_status) in open.iter().zip(statuses) {
        if new_status != client.benefit_status {
            let event = ClientEvent::Register(RegisterEvent::BenefitStatusChanged {
                from: client.benefit_status,
                to: new_status,
            });
            history::append(&mut tx, ctx, client.facts.client_id, client.version, &event).await?;
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
    Ok(RosterReport {
        run: run(pool, org, run_id).await?,
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
        rejected: parsed.rejected.clone(),
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
            zicht_domain::text::dmy(ghost.benefit_start)
        ),
        phase: Phase::Intake,
    };
    let id = commands::insert_client(conn, ctx, client, owner).await?;
    let event = ClientEvent::Register(RegisterEvent::BenefitStatusChanged {
        from: BenefitStatus::Unknown,
        to: BenefitStatus::Active,
    });
    history::append(conn, ctx, id, 1, &event).await?;
    Ok(id)
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
           AND e.role IN ('klantmanager', 'teamleider')
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

/// One run of the organisation; not found in another's.
async fn run(pool: &DbPool, org: OrganisationId, id: i64) -> Result<RosterRunSummary> {
    runs(pool, org, Some(RosterRunId(id)))
        .await?
        .into_iter()
        .next()
        .ok_or(StoreError::NotFound("roster run"))
}

pub(crate) async fn runs(
    pool: &DbPool,
    org: OrganisationId,
    only: Option<RosterRunId>,
) -> Result<Vec<RosterRunSummary>> {
    let rows = sqlx::query(
        "SELECT r.*, e.name AS imported_by_name, c.name AS confirmed_by_name,
                (SELECT min(p.id) FROM roster_runs p
                  WHERE p.organisation_id = r.organisation_id AND p.file_sha256 = r.file_sha256 AND p.id < r.id
                    AND p.status = 'applied')
                  AS same_file_as,
                (SELECT count(*) FROM roster_pending_files f WHERE f.run_id = r.id) AS kept
         FROM roster_runs r JOIN employees e ON e.id = r.imported_by
         LEFT JOIN employees c ON c.id = r.confirmed_by
         WHERE r.organisation_id = $1 AND ($2 IS NULL OR r.id = $2)
         ORDER BY r.id DESC",
    )
    .bind(org.0)
    .bind(only.map(|r| r.0))
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let status: String = r.try_get("status")?;
            let reasons: String = r.try_get("reasons")?;
            let status = RosterRunStatus::parse(&status)
                .ok_or_else(|| StoreError::Corrupt(format!("roster run status {status}")))?;
            let kept: i64 = r.try_get("kept")?;
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
                status,
                reasons: reasons
                    .split(',')
                    .filter(|c| !c.is_empty())
                    .map(|c| {
                        GuardReason::parse(c)
                            .ok_or_else(|| StoreError::Corrupt(format!("roster run reason {c}")))
                    })
                    .collect::<Result<_>>()?,
                open_clients: r.try_get("open_clients")?,
                status_changes: r.try_get("status_changes")?,
                previous_rows: r.try_get("previous_rows")?,
                confirmed_by: match r.try_get::<Option<i64>, _>("confirmed_by")? {
                    Some(id) => Some(NamedRef {
                        id: EmployeeId(id),
                        name: r.try_get("confirmed_by_name")?,
                    }),
                    None => None,
                },
                confirmable: status == RosterRunStatus::AwaitingConfirmation && kept > 0,
            })
        })
        .collect()
}

#[async_trait::async_trait]
impl crate::RosterStore for BackendStore {
    async fn import_roster(
        &self,
        ctx: &Ctx,
        file_name: &str,
        bytes: &[u8],
        options: RosterOptions,
    ) -> Result<RosterOutcome> {
        let settings = self.organisation(ctx.organisation_id).await?.settings;
        // A dry run only reads.
        let pool = if options.dry_run {
            &self.reader
        } else {
            &self.writer
        };
        import(pool, ctx, &settings, file_name, bytes, options).await
    }

    async fn confirm_roster_run(&self, ctx: &Ctx, run: RosterRunId) -> Result<RosterOutcome> {
        let settings = self.organisation(ctx.organisation_id).await?.settings;
        confirm(&self.writer, ctx, &settings, run).await
    }

    /// Lets a run awaiting confirmation lapse.
    async fn cancel_roster_run(&self, ctx: &Ctx, run_id: RosterRunId) -> Result<()> {
        let pool = &self.writer;
        let org = ctx.organisation_id;
        let mut tx = pool.begin().await?;
        let n = sqlx::query(
            "UPDATE roster_runs SET status = 'lapsed'
             WHERE organisation_id = $1 AND id = $2 AND status = 'awaiting_confirmation'",
        )
        .bind(org.0)
        .bind(run_id.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            drop(tx);
            run(pool, org, run_id.0).await?;
            return Err(DomainError::conflict("roster_run_not_awaiting").into());
        }
        sqlx::query("DELETE FROM roster_pending_files WHERE run_id = $1")
            .bind(run_id.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn roster_runs(&self, org: OrganisationId) -> Result<Vec<RosterRunSummary>> {
        runs(&self.reader, org, None).await
    }

    async fn roster_run(
        &self,
        org: OrganisationId,
        run: RosterRunId,
    ) -> Result<(RosterRunSummary, Vec<Ghost>)> {
        let summary = runs(&self.reader, org, Some(run))
            .await?
            .into_iter()
            .next()
            .ok_or(StoreError::NotFound("roster run"))?;
        let mut conn = self.reader.acquire().await?;
        Ok((summary, run_ghosts(&mut conn, run).await?))
    }

    /// Registers the ghosts of an earlier run that are still ghosts: not yet
    /// registered, and no open client with their BSN has appeared since.
    async fn register_run_ghosts(&self, ctx: &Ctx, run: RosterRunId) -> Result<usize> {
        let pool = &self.writer;
        let org = ctx.organisation_id;
        let mut tx = pool.begin().await?;
        let status: Option<String> = sqlx::query_scalar(
            "SELECT status FROM roster_runs WHERE organisation_id = $1 AND id = $2",
        )
        .bind(org.0)
        .bind(run.0)
        .fetch_optional(&mut *tx)
        .await?;
        // Only an applied run has ghosts: the register followed it.
        if status.ok_or(StoreError::NotFound("roster run"))? != RosterRunStatus::Applied.as_str() {
            return Err(DomainError::conflict("roster_run_not_applied").into());
        }
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
            sqlx::query(
                "UPDATE roster_ghosts SET registered_as = $1 WHERE run_id = $2 AND bsn = $3",
            )
            .bind(id.0)
            .bind(run.0)
            .bind(&ghost.bsn)
            .execute(&mut *tx)
            .await?;
            registered += 1;
        }
        sqlx::query(
            "UPDATE roster_runs SET ghosts_registered = ghosts_registered + $1 WHERE id = $2",
        )
        .bind(registered as i64)
        .bind(run.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(registered)
    }
}
