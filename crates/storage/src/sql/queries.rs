//! Reads for the klantkaart, client lists and handover lists.

use sqlx::{QueryBuilder, Row};

use super::BackendStore;
use super::{Db, DbPool, DbRow};
use time::{Date, Duration, OffsetDateTime};
use zicht_domain::{
    access::ClientScope,
    calendar,
    client::Owner,
    client::{BenefitStatus, Phase},
    contact::ContactKind,
    event::{PendingHandover, ReturnedHandover},
    handover::{is_overdue, HandoverNote, HandoverSignal, HandoverStatus},
    organisation::OrganisationSettings,
    reintegration::care::{ReferralState, ReferralStatus},
    search::SearchTerm,
    skills::Trend,
    ClientId, EmployeeId, HandoverId, OrganisationId, TeamId,
};

use super::rows::{corrupt, named, skills_from_row};
use crate::OrganisationStore;
use crate::{
    Assessment, ClientCard, ClientFilter, ClientSummary, Contact, HandoverFilter,
    HandoverSignalView, HandoverView, NamedRef, Result, StoreError, TimelineEntry,
};

/// A client is flagged when nobody has seen them for more than the configured
/// number of weeks; a client never seen counts from registration.
pub(crate) fn no_contact(
    last: Option<Date>,
    registered: Date,
    today: Date,
    settings: &OrganisationSettings,
) -> bool {
    let since = last.unwrap_or(registered);
    today - since > Duration::weeks(i64::from(settings.no_contact_weeks))
}

/// The columns [`handover_signals`] reads, for a query on `clients c` with
/// [`SIGNAL_JOINS`]: the pending handover (`h`) and the returned one the
/// sender has not acted on (`rh`).
const SIGNAL_COLUMNS: &str = "
    h.id AS handover_id, h.offered_at AS handover_offered_at,
    h.from_team_id AS handover_from_team, hf.name AS handover_from_team_name,
    h.from_employee_id AS handover_from_employee,
    h.to_team_id AS handover_to_team, ht.name AS handover_to_team_name,
    h.to_employee_id AS handover_to_employee,
    rh.id AS returned_id, rh.to_team_id AS returned_by_team, rt.name AS returned_by_team_name,
    rh.return_reason AS returned_reason, rh.settled_by AS returned_by, rb.name AS returned_by_name,
    rh.settled_at AS returned_at";

const SIGNAL_JOINS: &str = "
    LEFT JOIN handovers h ON h.client_id = c.id AND h.status = 'pending'
    LEFT JOIN teams hf ON hf.id = h.from_team_id
    LEFT JOIN teams ht ON ht.id = h.to_team_id
    LEFT JOIN handovers rh ON rh.id = c.returned_handover_id
    LEFT JOIN teams rt ON rt.id = rh.to_team_id
    LEFT JOIN employees rb ON rb.id = rh.settled_by";

/// The handover signals of the client in `row`: which ones is the domain's
/// decision; the names and moments come from the row.
fn handover_signals(
    row: &DbRow,
    today: Date,
    settings: &OrganisationSettings,
) -> Result<Vec<HandoverSignalView>> {
    let pending = match row.try_get::<Option<i64>, _>("handover_id")? {
        Some(id) => {
            let offered_at: OffsetDateTime = row.try_get("handover_offered_at")?;
            Some((
                PendingHandover {
                    id: HandoverId(id),
                    from: Owner {
                        team_id: TeamId(row.try_get("handover_from_team")?),
                        employee_id: EmployeeId(row.try_get("handover_from_employee")?),
                    },
                    to_team: TeamId(row.try_get("handover_to_team")?),
                    to_employee: row
                        .try_get::<Option<i64>, _>("handover_to_employee")?
                        .map(EmployeeId),
                },
                calendar::dutch_date(offered_at),
            ))
        }
        None => None,
    };
    let returned = match row.try_get::<Option<i64>, _>("returned_id")? {
        Some(id) => Some(ReturnedHandover {
            id: HandoverId(id),
            by_team: TeamId(row.try_get("returned_by_team")?),
            reason: row
                .try_get::<Option<String>, _>("returned_reason")?
                .unwrap_or_default(),
        }),
        None => None,
    };
    let signals = zicht_domain::handover::signals(
        returned.as_ref(),
        pending.as_ref().map(|(p, on)| (p, *on)),
        today,
        settings.handover_overdue_working_days,
    );
    signals
        .into_iter()
        .map(|s| {
            Ok(match s {
                HandoverSignal::Returned {
                    handover_id,
                    by_team,
                    reason,
                } => HandoverSignalView::Returned {
                    handover_id,
                    returned_by_team: NamedRef {
                        id: by_team,
                        name: row.try_get("returned_by_team_name")?,
                    },
                    returned_by: named(row, "returned_by", "returned_by_name", EmployeeId)?,
                    returned_at: row.try_get("returned_at")?,
                    reason,
                },
                HandoverSignal::Overdue {
                    handover_id,
                    from_team,
                    to_team,
                    offered_on,
                    working_days_waiting,
                    term,
                } => HandoverSignalView::Overdue {
                    handover_id,
                    from_team: NamedRef {
                        id: from_team,
                        name: row.try_get("handover_from_team_name")?,
                    },
                    to_team: NamedRef {
                        id: to_team,
                        name: row.try_get("handover_to_team_name")?,
                    },
                    offered_on,
                    working_days_waiting,
                    term_working_days: term,
                },
            })
        })
        .collect()
}

const HANDOVER_SELECT: &str = "
    SELECT h.id, h.client_id, c.name AS client_name, c.bsn AS client_bsn,
           h.from_team_id, ft.name AS from_team_name, h.from_employee_id, fe.name AS from_employee_name,
           h.to_team_id, tt.name AS to_team_name, h.to_employee_id, te.name AS to_employee_name,
           h.reason, h.work_done, h.particulars, h.agreements, h.status,
           h.offered_at, h.offered_by, ob.name AS offered_by_name,
           h.settled_at, h.settled_by, sb.name AS settled_by_name, h.return_reason,
           c.owner_team_id AS client_owner_team_id, c.owner_employee_id AS client_owner_employee_id,
           (SELECT p.to_team_id FROM handovers p
             WHERE p.client_id = h.client_id AND p.status = 'pending') AS client_pending_to_team_id
    FROM handovers h
    JOIN clients c ON c.id = h.client_id
    JOIN teams ft ON ft.id = h.from_team_id
    JOIN employees fe ON fe.id = h.from_employee_id
    JOIN teams tt ON tt.id = h.to_team_id
    LEFT JOIN employees te ON te.id = h.to_employee_id
    JOIN employees ob ON ob.id = h.offered_by
    LEFT JOIN employees sb ON sb.id = h.settled_by
    WHERE h.organisation_id = ";

fn handover_from_row(
    row: &DbRow,
    today: Date,
    settings: &OrganisationSettings,
) -> Result<HandoverView> {
    let status: String = row.try_get("status")?;
    let status =
        HandoverStatus::parse(&status).ok_or_else(|| corrupt("handover status", &status))?;
    let offered_at: OffsetDateTime = row.try_get("offered_at")?;
    let settled_at: Option<OffsetDateTime> = row.try_get("settled_at")?;
    let until = settled_at.map_or(today, calendar::dutch_date);
    let waiting = calendar::working_days_between(calendar::dutch_date(offered_at), until);
    Ok(HandoverView {
        id: HandoverId(row.try_get("id")?),
        client: named(row, "client_id", "client_name", ClientId)?,
        client_bsn: row.try_get("client_bsn")?,
        client_scope: ClientScope {
            owner_team: TeamId(row.try_get("client_owner_team_id")?),
            owner_employee: EmployeeId(row.try_get("client_owner_employee_id")?),
            pending_to_team: row
                .try_get::<Option<i64>, _>("client_pending_to_team_id")?
                .map(TeamId),
        },
        from_team: named(row, "from_team_id", "from_team_name", TeamId)?,
        from_employee: named(row, "from_employee_id", "from_employee_name", EmployeeId)?,
        to_team: named(row, "to_team_id", "to_team_name", TeamId)?,
        to_employee: match row.try_get::<Option<i64>, _>("to_employee_id")? {
            Some(id) => Some(NamedRef {
                id: EmployeeId(id),
                name: row.try_get("to_employee_name")?,
            }),
            None => None,
        },
        note: HandoverNote {
            reason: row.try_get("reason")?,
            work_done: row.try_get("work_done")?,
            particulars: row.try_get("particulars")?,
            agreements: row.try_get("agreements")?,
        },
        status,
        offered_at,
        offered_by: named(row, "offered_by", "offered_by_name", EmployeeId)?,
        working_days_waiting: waiting,
        overdue: status == HandoverStatus::Pending
            && is_overdue(
                calendar::dutch_date(offered_at),
                today,
                settings.handover_overdue_working_days,
            ),
        settled_at,
        settled_by: match row.try_get::<Option<i64>, _>("settled_by")? {
            Some(id) => Some(NamedRef {
                id: EmployeeId(id),
                name: row.try_get("settled_by_name")?,
            }),
            None => None,
        },
        return_reason: row.try_get("return_reason")?,
    })
}

pub(crate) async fn handovers(
    pool: &DbPool,
    org: OrganisationId,
    filter: &HandoverFilter,
    only: Option<HandoverId>,
    today: Date,
    settings: &OrganisationSettings,
) -> Result<Vec<HandoverView>> {
    let mut q: QueryBuilder<Db> = QueryBuilder::new(HANDOVER_SELECT);
    q.push_bind(org.0);
    if let Some(id) = only {
        q.push(" AND h.id = ").push_bind(id.0);
    }
    if let Some(t) = filter.to_team {
        q.push(" AND h.to_team_id = ").push_bind(t.0);
    }
    if let Some(t) = filter.from_team {
        q.push(" AND h.from_team_id = ").push_bind(t.0);
    }
    if let Some(t) = filter.team {
        q.push(" AND (h.to_team_id = ").push_bind(t.0);
        q.push(" OR h.from_team_id = ").push_bind(t.0).push(")");
    }
    if let Some(c) = filter.client {
        q.push(" AND h.client_id = ").push_bind(c.0);
    }
    if let Some(s) = filter.status {
        q.push(" AND h.status = ").push_bind(s.as_str());
    }
    if filter.overdue_only {
        q.push(" AND h.status = 'pending'");
    }
    // Oldest first: the agenda of the handover meeting is ordered by age.
    q.push(" ORDER BY h.offered_at, h.id");
    let rows = q.build().fetch_all(pool).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let h = handover_from_row(row, today, settings)?;
        if !filter.overdue_only || h.overdue {
            out.push(h);
        }
    }
    Ok(out)
}

fn assessment_from_row(row: &DbRow) -> Result<Assessment> {
    let skills = skills_from_row(row)?;
    Ok(Assessment {
        assessed_on: row.try_get("assessed_on")?,
        skills,
        remarks: row.try_get("remarks")?,
        assessor: named(row, "assessor_id", "assessor_name", EmployeeId)?,
        ready_for_mediation: skills.ready_for_mediation(),
        missing: skills.missing(),
    })
}

pub(crate) async fn client_card(
    pool: &DbPool,
    org: OrganisationId,
    client: ClientId,
    today: Date,
    settings: &OrganisationSettings,
) -> Result<ClientCard> {
    let row = sqlx::query(&format!(
        "SELECT c.*, t.name AS team_name, e.name AS employee_name, {SIGNAL_COLUMNS}
         FROM clients c JOIN teams t ON t.id = c.owner_team_id JOIN employees e ON e.id = c.owner_employee_id
         {SIGNAL_JOINS}
         WHERE c.organisation_id = $1 AND c.id = $2"
    ))
    .bind(org.0)
    .bind(client.0)
    .fetch_optional(pool)
    .await?
    .ok_or(StoreError::NotFound("client"))?;

    let assessments = sqlx::query(
        "SELECT a.*, e.name AS assessor_name FROM assessments a JOIN employees e ON e.id = a.assessor_id
         WHERE a.client_id = $1 ORDER BY a.assessed_on DESC, a.id DESC LIMIT 2",
    )
    .bind(client.0)
    .fetch_all(pool)
    .await?
    .iter()
    .map(assessment_from_row)
    .collect::<Result<Vec<_>>>()?;
    let mut assessments = assessments.into_iter();
    let latest = assessments.next();
    let previous = assessments.next();
    let trend = latest
        .as_ref()
        .map(|l| Trend::between(previous.as_ref().map(|p| &p.skills), &l.skills));

    let last_contact = sqlx::query(
        "SELECT k.*, e.name AS recorded_by_name FROM contacts k JOIN employees e ON e.id = k.recorded_by
         WHERE k.client_id = $1 ORDER BY k.contact_on DESC, k.id DESC LIMIT 1",
    )
    .bind(client.0)
    .fetch_optional(pool)
    .await?
    .map(|r| -> Result<Contact> {
        let kind: String = r.try_get("kind")?;
        Ok(Contact {
            date: r.try_get("contact_on")?,
            kind: ContactKind::parse(&kind).map_err(|_| corrupt("contact kind", &kind))?,
            with_whom: r.try_get("with_whom")?,
            summary: r.try_get("summary")?,
            next_contact_on: r.try_get("next_contact_on")?,
            recorded_by: named(&r, "recorded_by", "recorded_by_name", EmployeeId)?,
        })
    })
    .transpose()?;

    let pending = handovers(
        pool,
        org,
        &HandoverFilter {
            client: Some(client),
            status: Some(HandoverStatus::Pending),
            ..Default::default()
        },
        None,
        today,
        settings,
    )
    .await?
    .into_iter()
    .next();

    let timeline = sqlx::query(
        "SELECT ev.seq, ev.occurred_at, ev.kind, ev.payload, ev.actor_employee_id, e.name AS actor_name
         FROM client_events ev JOIN employees e ON e.id = ev.actor_employee_id
         WHERE ev.client_id = $1 ORDER BY ev.seq DESC",
    )
    .bind(client.0)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| -> Result<TimelineEntry> {
        let payload: String = r.try_get("payload")?;
        Ok(TimelineEntry {
            seq: r.try_get("seq")?,
            at: r.try_get("occurred_at")?,
            kind: r.try_get("kind")?,
            actor: named(r, "actor_employee_id", "actor_name", EmployeeId)?,
            event: serde_json::from_str(&payload).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        })
    })
    .collect::<Result<Vec<_>>>()?;

    let phase: String = row.try_get("phase")?;
    let benefit: String = row.try_get("benefit_status")?;
    let registered_at: OffsetDateTime = row.try_get("registered_at")?;
    let last_contact_on: Option<Date> = row.try_get("last_contact_on")?;
    let open = row.try_get::<String, _>("status")? == "open";
    let phase = Phase::parse(&phase).map_err(|_| corrupt("phase", &phase))?;
    let diagnosis = super::process::diagnosis(pool, org, client, phase).await?;
    let trajectory = super::process::trajectory(pool, client, today).await?;
    let care_referrals =
        super::process::care_referrals(pool, client, today, settings.care_arrival_days).await?;
    let work = super::work::work(pool, client, today, settings.return_window_months).await?;
    Ok(ClientCard {
        work,
        care_not_arrived_flag: open && care_referrals.iter().any(|r| r.not_arrived_flag),
        diagnosis,
        trajectory,
        care_referrals,
        id: client,
        bsn: row.try_get("bsn")?,
        name: row.try_get("name")?,
        birth_date: row.try_get("birth_date")?,
        particulars: row.try_get("particulars")?,
        contact: zicht_domain::contact_details::ContactDetails {
            address: row.try_get("address")?,
            postcode: row.try_get("postcode")?,
            place: row.try_get("place")?,
            phone: row.try_get("phone")?,
            email: row.try_get("email")?,
        },
        phase,
        open,
        closed_reason: row.try_get("closed_reason")?,
        benefit_status: BenefitStatus::parse(&benefit)
            .ok_or_else(|| corrupt("benefit status", &benefit))?,
        owner_team: named(&row, "owner_team_id", "team_name", TeamId)?,
        owner_employee: named(&row, "owner_employee_id", "employee_name", EmployeeId)?,
        registered_at,
        ready_for_mediation: latest.as_ref().is_some_and(|a| a.ready_for_mediation),
        latest_assessment: latest,
        previous_assessment: previous,
        skills_trend: trend,
        pending_handover: pending,
        handover_signals: handover_signals(&row, today, settings)?,
        last_contact,
        next_contact_on: row.try_get("next_contact_on")?,
        no_contact_flag: open
            && no_contact(
                last_contact_on,
                calendar::dutch_date(registered_at),
                today,
                settings,
            ),
        timeline,
    })
}

pub(crate) async fn clients(
    pool: &DbPool,
    org: OrganisationId,
    filter: &ClientFilter,
    today: Date,
    settings: &OrganisationSettings,
) -> Result<Vec<ClientSummary>> {
    let mut q: QueryBuilder<Db> = QueryBuilder::new(format!(
        "SELECT c.id, c.bsn, c.name, c.phase, c.status, c.benefit_status, c.owner_team_id, t.name AS team_name,
                c.owner_employee_id, e.name AS employee_name, c.last_contact_on, c.next_contact_on, c.registered_at,
                (SELECT a.on_time AND a.commitment AND a.accepts_direction AND a.says_in_time AND a.dresses_for_work
                   FROM assessments a WHERE a.client_id = c.id
                   ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1) AS ready,
                (SELECT max(a.assessed_on) FROM assessments a WHERE a.client_id = c.id) AS last_assessed_on,
                (SELECT min(r.referred_on) FROM care_referrals r
                   WHERE r.client_id = c.id AND r.status = 'referred') AS oldest_waiting_referral,
                (SELECT max(o.outflow_on) FROM outflows o WHERE o.client_id = c.id) AS last_outflow_on,
                (SELECT o.aftercare_until FROM outflows o WHERE o.client_id = c.id
                   ORDER BY o.outflow_on DESC, o.id DESC LIMIT 1) AS aftercare_until,
                (SELECT count(*) FROM aftercare_check_ins k WHERE k.client_id = c.id
                   AND k.checked_on >= (SELECT max(o2.outflow_on) FROM outflows o2 WHERE o2.client_id = c.id)) AS check_ins,
                {SIGNAL_COLUMNS}
         FROM clients c
         JOIN teams t ON t.id = c.owner_team_id
         JOIN employees e ON e.id = c.owner_employee_id
         {SIGNAL_JOINS}
         WHERE c.organisation_id = "
    ));
    q.push_bind(org.0);
    if !filter.include_closed {
        q.push(" AND c.status = 'open'");
    }
    if let Some(e) = filter.owner_employee {
        q.push(" AND c.owner_employee_id = ").push_bind(e.0);
    }
    if let Some(t) = filter.visible_to_team {
        q.push(" AND (c.owner_team_id = ").push_bind(t.0);
        q.push(" OR h.to_team_id = ").push_bind(t.0).push(")");
    }
    if let Some(t) = filter.owner_team {
        q.push(" AND c.owner_team_id = ").push_bind(t.0);
    }
    match &filter.search {
        None => {}
        Some(SearchTerm::Bsn(bsn)) => {
            q.push(" AND c.bsn = ").push_bind(bsn.as_string());
        }
        Some(SearchTerm::Name(key)) => {
            let escaped = key
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            q.push(" AND c.name_key LIKE ")
                .push_bind(format!("%{escaped}%"))
                .push(" ESCAPE '\\'");
        }
    }
    q.push(" ORDER BY c.name, c.id LIMIT ")
        .push_bind(i64::from(filter.limit.unwrap_or(1000)));
    let rows = q.build().fetch_all(pool).await?;
    rows.iter()
        .map(|row| {
            let phase: String = row.try_get("phase")?;
            let benefit: String = row.try_get("benefit_status")?;
            let registered_at: OffsetDateTime = row.try_get("registered_at")?;
            let last: Option<Date> = row.try_get("last_contact_on")?;
            let open = row.try_get::<String, _>("status")? == "open";
            let handover_signals = handover_signals(row, today, settings)?;
            Ok(ClientSummary {
                id: ClientId(row.try_get("id")?),
                bsn: row.try_get("bsn")?,
                name: row.try_get("name")?,
                phase: Phase::parse(&phase).map_err(|_| corrupt("phase", &phase))?,
                open,
                owner_team: named(row, "owner_team_id", "team_name", TeamId)?,
                owner_employee: named(row, "owner_employee_id", "employee_name", EmployeeId)?,
                benefit_status: BenefitStatus::parse(&benefit)
                    .ok_or_else(|| corrupt("benefit status", &benefit))?,
                ready_for_mediation: row.try_get::<Option<bool>, _>("ready")? == Some(true),
                last_contact_on: last,
                next_contact_on: row.try_get("next_contact_on")?,
                last_assessed_on: row.try_get("last_assessed_on")?,
                no_contact_flag: open
                    && no_contact(last, calendar::dutch_date(registered_at), today, settings),
                pending_handover: row
                    .try_get::<Option<i64>, _>("handover_id")?
                    .map(HandoverId),
                pending_to_team: row
                    .try_get::<Option<i64>, _>("handover_to_team")?
                    .map(TeamId),
                handover_overdue: handover_signals
                    .iter()
                    .any(|s| matches!(s, HandoverSignalView::Overdue { .. })),
                handover_signals,
                aftercare_check_in_due: open
                    && row
                        .try_get::<Option<Date>, _>("last_outflow_on")?
                        .zip(row.try_get::<Option<Date>, _>("aftercare_until")?)
                        .is_some_and(|(on, until)| {
                            zicht_domain::reintegration::outflow::aftercare(
                                on,
                                until,
                                row.try_get::<i64, _>("check_ins").unwrap_or(0) as usize,
                                today,
                            )
                            .check_in_due
                        }),
                care_not_arrived: open
                    && row
                        .try_get::<Option<Date>, _>("oldest_waiting_referral")?
                        .is_some_and(|referred_on| {
                            ReferralState {
                                status: ReferralStatus::Referred,
                                referred_on,
                                arrived_on: None,
                            }
                            .not_arrived_in_time(today, settings.care_arrival_days)
                        }),
            })
        })
        .collect()
}

#[async_trait::async_trait]
impl crate::ClientReads for BackendStore {
    async fn client_scope(&self, org: OrganisationId, client: ClientId) -> Result<ClientScope> {
        let row = sqlx::query(
            "SELECT c.owner_team_id, c.owner_employee_id, h.to_team_id
             FROM clients c LEFT JOIN handovers h ON h.client_id = c.id AND h.status = 'pending'
             WHERE c.organisation_id = $1 AND c.id = $2",
        )
        .bind(org.0)
        .bind(client.0)
        .fetch_optional(&self.reader)
        .await?
        .ok_or(StoreError::NotFound("client"))?;
        Ok(ClientScope {
            owner_team: TeamId(row.try_get("owner_team_id")?),
            owner_employee: EmployeeId(row.try_get("owner_employee_id")?),
            pending_to_team: row.try_get::<Option<i64>, _>("to_team_id")?.map(TeamId),
        })
    }

    async fn client_bsn(&self, org: OrganisationId, client: ClientId) -> Result<String> {
        sqlx::query_scalar("SELECT bsn FROM clients WHERE organisation_id = $1 AND id = $2")
            .bind(org.0)
            .bind(client.0)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound("client"))
    }

    async fn client_card(
        &self,
        org: OrganisationId,
        client: ClientId,
        today: Date,
    ) -> Result<ClientCard> {
        let settings = self.organisation(org).await?.settings;
        client_card(&self.reader, org, client, today, &settings).await
    }

    async fn clients(
        &self,
        org: OrganisationId,
        filter: &ClientFilter,
        today: Date,
    ) -> Result<Vec<ClientSummary>> {
        let settings = self.organisation(org).await?.settings;
        clients(&self.reader, org, filter, today, &settings).await
    }

    async fn handovers(
        &self,
        org: OrganisationId,
        filter: &HandoverFilter,
        today: Date,
    ) -> Result<Vec<HandoverView>> {
        let settings = self.organisation(org).await?.settings;
        handovers(&self.reader, org, filter, None, today, &settings).await
    }

    async fn handover(
        &self,
        org: OrganisationId,
        id: HandoverId,
        today: Date,
    ) -> Result<HandoverView> {
        let settings = self.organisation(org).await?.settings;
        handovers(
            &self.reader,
            org,
            &HandoverFilter::default(),
            Some(id),
            today,
            &settings,
        )
        .await?
        .into_iter()
        .next()
        .ok_or(StoreError::NotFound("handover"))
    }
}

/// Fills the search key of clients stored before it existed (see migration
/// `name_key`); a no-op once every name has its key.
pub(crate) async fn fill_name_keys(pool: &DbPool) -> Result<()> {
    let rows = sqlx::query(
        "SELECT id, name FROM clients WHERE name_key = '' AND name <> '' AND name <> '[verwijderd]'",
    )
    .fetch_all(pool)
    .await?;
    if rows.is_empty() {
        return Ok(());
    }
    let mut tx = pool.begin().await?;
    for r in &rows {
        sqlx::query("UPDATE clients SET name_key = $1 WHERE id = $2")
            .bind(zicht_domain::search::fold(&r.try_get::<String, _>("name")?))
            .bind(r.try_get::<i64, _>("id")?)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
