//! Work and what follows it in SQL: the employer register with contacts and
//! vacancies; matching (candidates loaded here, the choice made by the
//! domain); and per client wishes, mediation, volunteer placements, outflow
//! with aftercare, sanctions and letters, each an event with its projection.

use std::collections::HashMap;

use sqlx::Row;
use time::{Date, Duration};
use zicht_domain::{
    client::Phase,
    event::{ClientEvent, RegisterEvent, WorkEvent},
    reintegration::{
        letters::{self, LetterTemplate},
        outflow::{aftercare, Durability, NewOutflow, OutflowKind, OutflowReason},
        sanction::{Decision, LegalBasis, NewSanction, SanctionDecision},
        work::{
            suggest, Candidate, DatedNote, EmployerContactKind, MediationResult, MediationStep,
            NewEmployer, NewEmployerContact, NewVacancy, NewVolunteerPlacement, Sector, VacancyFit,
            VacancyStatus, VolunteerEnd, WorkWishes,
        },
    },
    CareOrganisationId, ClientId, DomainError, EmployeeId, EmployerId, LetterId, MediationId,
    OrganisationId, PlacementId, SanctionId, TeamId, VacancyId,
};

use super::BackendStore;
use super::{
    errors::name_taken,
    history::{append, load_state, open_version, ClosedOnce},
    phase::phase_change_events,
    rows::{corrupt, named, next_id, skills_from_row},
    DbConnection, DbPool, DbRow,
};
use crate::OrganisationStore;
use crate::{
    CheckIn, Ctx, Employer, EmployerContact, EmployerContactCount, EmployerDetail, Letter,
    Mediation, MediationStepView, Outflow, Proposal, Result, SanctionView, StoreError,
    SuggestedClient, Vacancy, VacancyDetail, VolunteerPlacement, Work,
};

fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn sector(raw: &str) -> Result<Sector> {
    Sector::parse(raw).map_err(|_| corrupt("sector", raw))
}

// --- employers -------------------------------------------------------------------

fn employer_from_row(r: &DbRow) -> Result<Employer> {
    let s: String = r.try_get("sector")?;
    Ok(Employer {
        id: EmployerId(r.try_get("id")?),
        name: r.try_get("name")?,
        sector: sector(&s)?,
        contact_name: r.try_get("contact_name")?,
        contact_email: r.try_get("contact_email")?,
        contact_phone: r.try_get("contact_phone")?,
        contacts_last_four_weeks: r.try_get("recent_contacts")?,
        open_vacancies: r.try_get("open_vacancies")?,
    })
}

const EMPLOYER_SELECT: &str = "SELECT e.*,
        (SELECT count(*) FROM employer_contacts k WHERE k.employer_id = e.id AND k.contacted_on > $2) AS recent_contacts,
        (SELECT count(*) FROM vacancies v WHERE v.employer_id = e.id AND v.status = 'open') AS open_vacancies
     FROM employers e WHERE e.organisation_id = $1";

fn vacancy_from_row(r: &DbRow) -> Result<Vacancy> {
    let s: String = r.try_get("sector")?;
    let status: String = r.try_get("status")?;
    Ok(Vacancy {
        id: VacancyId(r.try_get("id")?),
        employer: named(r, "employer_id", "employer_name", EmployerId)?,
        title: r.try_get("title")?,
        sector: sector(&s)?,
        hours_per_week: r.try_get::<i64, _>("hours_per_week")? as u32,
        requirements: r.try_get("requirements")?,
        status: VacancyStatus::parse(&status).map_err(|_| corrupt("vacancy status", &status))?,
        created_at: r.try_get("created_at")?,
    })
}

const VACANCY_SELECT: &str =
    "SELECT v.*, e.name AS employer_name FROM vacancies v JOIN employers e ON e.id = v.employer_id";

async fn employer_exists(
    conn: &mut DbConnection,
    org: OrganisationId,
    id: EmployerId,
) -> Result<String> {
    let name: Option<String> =
        sqlx::query_scalar("SELECT name FROM employers WHERE organisation_id = $1 AND id = $2")
            .bind(org.0)
            .bind(id.0)
            .fetch_optional(&mut *conn)
            .await?;
    name.ok_or(StoreError::NotFound("employer"))
}

async fn vacancy_on(
    conn: &mut DbConnection,
    org: OrganisationId,
    id: VacancyId,
) -> Result<Vacancy> {
    sqlx::query(&format!(
        "{VACANCY_SELECT} WHERE v.organisation_id = $1 AND v.id = $2"
    ))
    .bind(org.0)
    .bind(id.0)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound("vacancy"))
    .and_then(|r| vacancy_from_row(&r))
}

fn result_of(status: &str) -> Result<Option<MediationResult>> {
    match status {
        "open" => Ok(None),
        s => MediationResult::parse(s)
            .map(Some)
            .map_err(|_| corrupt("mediation status", s)),
    }
}

/// Open clients ready for mediation with their wishes, and whether they
/// were proposed for this vacancy already; `only` narrows to one client.
/// A client who flowed out in full (*uitgestroomd*) is off benefit and not
/// matched; one in part-time work (*nazorg*) still is, for more hours.
async fn candidates(
    conn: &mut DbConnection,
    org: OrganisationId,
    vacancy: VacancyId,
    only: Option<ClientId>,
) -> Result<Vec<(Candidate, DbRow)>> {
    // The latest assessment per client, with all five ticked; the domain
    // checks again, so this filter only saves work.
    let rows = sqlx::query(
        "SELECT c.id, c.name, c.owner_team_id, t.name AS team_name, c.owner_employee_id, e.name AS employee_name,
                a.assessed_on, a.on_time, a.commitment, a.accepts_direction, a.says_in_time, a.dresses_for_work,
                w.sectors, w.min_hours, w.max_hours, w.remarks,
                (SELECT count(*) FROM mediations m WHERE m.client_id = c.id AND m.vacancy_id = $2) AS proposed,
                h.to_team_id AS pending_to_team_id
         FROM clients c
         JOIN teams t ON t.id = c.owner_team_id
         JOIN employees e ON e.id = c.owner_employee_id
         LEFT JOIN handovers h ON h.client_id = c.id AND h.status = 'pending'
         JOIN assessments a ON a.id = (SELECT a2.id FROM assessments a2 WHERE a2.client_id = c.id
                                        ORDER BY a2.assessed_on DESC, a2.id DESC LIMIT 1)
         LEFT JOIN work_wishes w ON w.client_id = c.id
         WHERE c.organisation_id = $1 AND c.status = 'open' AND c.phase <> 'uitgestroomd'
           AND a.on_time AND a.commitment AND a.accepts_direction AND a.says_in_time AND a.dresses_for_work
           AND ($3 IS NULL OR c.id = $3)
         ORDER BY c.name, c.id",
    )
    .bind(org.0)
    .bind(vacancy.0)
    .bind(only.map(|c| c.0))
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| -> Result<(Candidate, DbRow)> {
            let wishes = match r.try_get::<Option<String>, _>("sectors")? {
                Some(s) => Some(WorkWishes {
                    sectors: s
                        .split(',')
                        .filter(|x| !x.is_empty())
                        .map(sector)
                        .collect::<Result<_>>()?,
                    min_hours: r.try_get::<Option<i64>, _>("min_hours")?.map(|h| h as u32),
                    max_hours: r.try_get::<Option<i64>, _>("max_hours")?.map(|h| h as u32),
                    remarks: r.try_get("remarks")?,
                }),
                None => None,
            };
            let candidate = Candidate {
                client: ClientId(r.try_get("id")?),
                skills: Some((r.try_get("assessed_on")?, skills_from_row(&r)?)),
                wishes,
                already_proposed: r.try_get::<i64, _>("proposed")? > 0,
            };
            Ok((candidate, r))
        })
        .collect()
}

// --- commands on a client ------------------------------------------------------------

/// Appends events built from the client's current state in one transaction.
async fn append_all(
    conn: &mut DbConnection,
    ctx: &Ctx,
    client: ClientId,
    version: i64,
    events: &[ClientEvent],
) -> Result<()> {
    for (i, e) in events.iter().enumerate() {
        append(conn, ctx, client, version + i as i64, e).await?;
    }
    Ok(())
}

async fn mediation_open(
    conn: &mut DbConnection,
    client: ClientId,
    mediation: MediationId,
) -> Result<()> {
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM mediations WHERE client_id = $1 AND id = $2")
            .bind(client.0)
            .bind(mediation.0)
            .fetch_optional(&mut *conn)
            .await?;
    match status.as_deref() {
        None => Err(StoreError::NotFound("mediation")),
        Some("open") => Ok(()),
        Some(_) => Err(DomainError::conflict("mediation_ended").into()),
    }
}

/// A dated note on a mediation still under way, as the event `event` makes
/// of the checked date and note.
async fn append_to_open_mediation(
    pool: &DbPool,
    ctx: &Ctx,
    client: ClientId,
    mediation: MediationId,
    note: DatedNote,
    event: impl FnOnce(Date, String) -> ClientEvent,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    let version = open_version(&mut tx, ctx, client).await?;
    mediation_open(&mut tx, client, mediation).await?;
    append(&mut tx, ctx, client, version, &event(note.on, note.note)).await?;
    tx.commit().await?;
    Ok(())
}

/// Registers outflow and moves the file on: full outflow to *uitgestroomd*,
/// partial to *nazorg* (the client stays open); the phase change follows
/// the organisation's comply-or-explain rule like any other.
pub(crate) async fn register_outflow(
    pool: &DbPool,
    ctx: &Ctx,
    client: ClientId,
    o: NewOutflow,
    explanation: &str,
    aftercare_months: u32,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    let (state, version) = load_state(&mut tx, ctx.organisation_id, client).await?;
    state.may_record()?;
    let mut events = vec![ClientEvent::Work(WorkEvent::OutflowRegistered {
        kind: o.kind,
        reason: o.reason,
        on: o.on,
        employer: o.employer,
        hours_per_week: o.hours_per_week,
        note: o.note,
        aftercare_until: zicht_domain::reintegration::outflow::add_months(o.on, aftercare_months),
    })];
    let to = match o.kind {
        OutflowKind::Full => Phase::Uitgestroomd,
        OutflowKind::Partial => Phase::Nazorg,
    };
    if state.phase != to {
        events.extend(phase_change_events(&mut tx, ctx, client, &state, to, explanation).await?);
    }
    append_all(&mut tx, ctx, client, version, &events).await?;
    tx.commit().await?;
    Ok(())
}

// --- letters ----------------------------------------------------------------------------

/// The organisation's templates: its own wording where it has one, the
/// shipped default otherwise.
pub(crate) async fn letter_templates(
    pool: &DbPool,
    org: OrganisationId,
) -> Result<Vec<LetterTemplate>> {
    let own: Vec<LetterTemplate> =
        sqlx::query("SELECT key, title, body FROM letter_templates WHERE organisation_id = $1")
            .bind(org.0)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| -> Result<LetterTemplate> {
                Ok(LetterTemplate {
                    key: r.try_get("key")?,
                    title: r.try_get("title")?,
                    body: r.try_get("body")?,
                })
            })
            .collect::<Result<_>>()?;
    Ok(letters::defaults()
        .into_iter()
        .map(|d| own.iter().find(|o| o.key == d.key).cloned().unwrap_or(d))
        .collect())
}

pub(crate) fn letter_from_row(r: &DbRow) -> Result<Letter> {
    Ok(Letter {
        id: LetterId(r.try_get("id")?),
        template_key: r.try_get("template_key")?,
        title: r.try_get("title")?,
        body: r.try_get("body")?,
        produced_by: named(r, "produced_by", "by_name", EmployeeId)?,
        produced_at: r.try_get("produced_at")?,
        status: r.try_get("status")?,
        reference: r.try_get("reference")?,
        sent_on: r.try_get("sent_on")?,
        address: r
            .try_get::<String, _>("address")?
            .lines()
            .map(str::to_string)
            .collect(),
    })
}

// --- the klantkaart ----------------------------------------------------------------------

pub(crate) async fn work(
    pool: &DbPool,
    client: ClientId,
    today: Date,
    return_window_months: u32,
) -> Result<Work> {
    let wishes = sqlx::query("SELECT * FROM work_wishes WHERE client_id = $1")
        .bind(client.0)
        .fetch_optional(pool)
        .await?
        .map(|r| -> Result<WorkWishes> {
            let s: String = r.try_get("sectors")?;
            Ok(WorkWishes {
                sectors: s
                    .split(',')
                    .filter(|x| !x.is_empty())
                    .map(sector)
                    .collect::<Result<_>>()?,
                min_hours: r.try_get::<Option<i64>, _>("min_hours")?.map(|h| h as u32),
                max_hours: r.try_get::<Option<i64>, _>("max_hours")?.map(|h| h as u32),
                remarks: r.try_get("remarks")?,
            })
        })
        .transpose()?;

    let steps = sqlx::query(
        "SELECT s.*, e.name AS by_name FROM mediation_steps s JOIN employees e ON e.id = s.recorded_by
         WHERE s.client_id = $1 ORDER BY s.step_on, s.id",
    )
    .bind(client.0)
    .fetch_all(pool)
    .await?;
    let mut mediations = Vec::new();
    for r in sqlx::query(
        "SELECT m.*, v.title AS vacancy_title, e.name AS employer_name FROM mediations m
         JOIN vacancies v ON v.id = m.vacancy_id JOIN employers e ON e.id = m.employer_id
         WHERE m.client_id = $1 ORDER BY m.id DESC",
    )
    .bind(client.0)
    .fetch_all(pool)
    .await?
    {
        let id: i64 = r.try_get("id")?;
        let status: String = r.try_get("status")?;
        let reasons: String = r.try_get("reasons")?;
        let mut own = Vec::new();
        for s in steps
            .iter()
            .filter(|s| s.try_get::<i64, _>("mediation_id").ok() == Some(id))
        {
            let step: String = s.try_get("step")?;
            own.push(MediationStepView {
                step: MediationStep::parse(&step).map_err(|_| corrupt("mediation step", &step))?,
                on: s.try_get("step_on")?,
                note: s.try_get("note")?,
                recorded_by: named(s, "recorded_by", "by_name", EmployeeId)?,
            });
        }
        mediations.push(Mediation {
            id: MediationId(id),
            vacancy_id: VacancyId(r.try_get("vacancy_id")?),
            vacancy_title: r.try_get("vacancy_title")?,
            employer: named(&r, "employer_id", "employer_name", EmployerId)?,
            reasons: from_json(&reasons)?,
            result: result_of(&status)?,
            ended_on: r.try_get("ended_on")?,
            end_note: r.try_get("end_note")?,
            steps: own,
            started_at: r.try_get("recorded_at")?,
        });
    }

    let placements = sqlx::query(
        "SELECT p.*, o.name AS organisation_name FROM volunteer_placements p JOIN care_organisations o ON o.id = p.care_organisation_id
         WHERE p.client_id = $1 ORDER BY p.starts_on DESC, p.id DESC",
    )
    .bind(client.0)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| -> Result<VolunteerPlacement> {
        Ok(VolunteerPlacement {
            id: PlacementId(r.try_get("id")?),
            organisation: named(r, "care_organisation_id", "organisation_name", CareOrganisationId)?,
            starts_on: r.try_get("starts_on")?,
            hours_per_week: r.try_get::<Option<i64>, _>("hours_per_week")?.map(|h| h as u32),
            description: r.try_get("description")?,
            ends_on: r.try_get("ends_on")?,
            end_reason: r.try_get("end_reason")?,
        })
    })
    .collect::<Result<Vec<_>>>()?;

    let check_ins = sqlx::query(
        "SELECT k.*, e.name AS by_name FROM aftercare_check_ins k JOIN employees e ON e.id = k.recorded_by
         WHERE k.client_id = $1 ORDER BY k.checked_on DESC, k.id DESC",
    )
    .bind(client.0)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| -> Result<CheckIn> {
        Ok(CheckIn {
            on: r.try_get("checked_on")?,
            note: r.try_get("note")?,
            recorded_by: named(r, "recorded_by", "by_name", EmployeeId)?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let returned_on = return_to_benefit(pool, client).await?;
    let mut outflows = Vec::new();
    for r in
        sqlx::query("SELECT * FROM outflows WHERE client_id = $1 ORDER BY outflow_on DESC, id DESC")
            .bind(client.0)
            .fetch_all(pool)
            .await?
    {
        let kind: String = r.try_get("kind")?;
        let reason: String = r.try_get("reason")?;
        let on: Date = r.try_get("outflow_on")?;
        let done = check_ins.iter().filter(|c| c.on >= on).count();
        outflows.push(Outflow {
            kind: OutflowKind::parse(&kind).map_err(|_| corrupt("outflow kind", &kind))?,
            reason: OutflowReason::parse(&reason)
                .map_err(|_| corrupt("outflow reason", &reason))?,
            on,
            employer: r.try_get("employer")?,
            hours_per_week: r
                .try_get::<Option<i64>, _>("hours_per_week")?
                .map(|h| h as u32),
            note: r.try_get("note")?,
            aftercare: aftercare(on, r.try_get("aftercare_until")?, done, today),
            durability: Durability::of(
                on,
                return_window_months,
                returned_on.filter(|d| *d >= on),
                today,
            ),
        });
    }

    let sanctions = sqlx::query(
        "SELECT * FROM sanctions WHERE client_id = $1 ORDER BY considered_on DESC, id DESC",
    )
    .bind(client.0)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| -> Result<SanctionView> {
        let basis: String = r.try_get("legal_basis")?;
        let decision = match r.try_get::<Option<String>, _>("decision")?.as_deref() {
            Some("imposed") => Some(SanctionDecision::Imposed {
                percent: r.try_get::<Option<i64>, _>("percent")?.unwrap_or(0) as u8,
                months: r.try_get::<Option<i64>, _>("months")?.unwrap_or(0) as u8,
            }),
            Some("waived") => Some(SanctionDecision::Waived),
            Some(other) => return Err(corrupt("decision", other)),
            None => None,
        };
        Ok(SanctionView {
            id: SanctionId(r.try_get("id")?),
            considered_on: r.try_get("considered_on")?,
            behaviour: r.try_get("behaviour")?,
            legal_basis: LegalBasis::parse(&basis).map_err(|_| corrupt("legal basis", &basis))?,
            consideration: r.try_get("consideration")?,
            decided_on: r.try_get("decided_on")?,
            decision,
            decision_reason: r.try_get("decision_reason")?,
        })
    })
    .collect::<Result<Vec<_>>>()?;

    let letters = sqlx::query(
        "SELECT l.id, l.template_key, l.title, '' AS body, l.produced_by, l.produced_at, e.name AS by_name,
             l.status, l.reference, l.sent_on, '' AS address
         FROM letters l JOIN employees e ON e.id = l.produced_by
         WHERE l.client_id = $1 AND l.status <> 'discarded' ORDER BY l.id DESC",
    )
    .bind(client.0)
    .fetch_all(pool)
    .await?
    .iter()
    .map(letter_from_row)
    .collect::<Result<Vec<_>>>()?;

    Ok(Work {
        wishes,
        mediations,
        placements,
        outflows,
        check_ins,
        sanctions,
        letters,
    })
}

/// The first day the file went back from *uitgestroomd* or *nazorg* to an
/// earlier phase after its latest outflow: a return to benefit.
async fn return_to_benefit(pool: &DbPool, client: ClientId) -> Result<Option<Date>> {
    let rows = sqlx::query("SELECT payload, occurred_at FROM client_events WHERE client_id = $1 AND kind = 'phase_changed' ORDER BY seq")
        .bind(client.0)
        .fetch_all(pool)
        .await?;
    let mut back = None;
    for r in rows {
        let payload: String = r.try_get("payload")?;
        if let ClientEvent::Register(RegisterEvent::PhaseChanged { from, to }) =
            from_json::<ClientEvent>(&payload)?
        {
            let after = matches!(from, Phase::Uitgestroomd | Phase::Nazorg);
            let earlier = !matches!(to, Phase::Uitgestroomd | Phase::Nazorg);
            if after && earlier {
                back = Some(zicht_domain::calendar::dutch_date(
                    r.try_get("occurred_at")?,
                ));
            }
        }
    }
    Ok(back)
}

#[async_trait::async_trait]
impl crate::WorkStore for BackendStore {
    async fn create_employer(&self, ctx: &Ctx, e: NewEmployer) -> Result<EmployerId> {
        let pool = &self.writer;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO employers (organisation_id, name, sector, contact_name, contact_email, contact_phone, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(ctx.organisation_id.0)
        .bind(&e.name)
        .bind(e.sector.as_str())
        .bind(&e.contact_name)
        .bind(&e.contact_email)
        .bind(&e.contact_phone)
        .bind(ctx.at)
        .fetch_one(pool)
        .await
        .map_err(|err| name_taken(err, "name"))?;
        Ok(EmployerId(id))
    }

    async fn employers(&self, org: OrganisationId, today: Date) -> Result<Vec<Employer>> {
        let pool = &self.reader;
        sqlx::query(&format!("{EMPLOYER_SELECT} ORDER BY e.name"))
            .bind(org.0)
            .bind(today - Duration::weeks(4))
            .fetch_all(pool)
            .await?
            .iter()
            .map(employer_from_row)
            .collect()
    }

    async fn employer(
        &self,
        org: OrganisationId,
        id: EmployerId,
        today: Date,
    ) -> Result<EmployerDetail> {
        let pool = &self.reader;
        let employer = sqlx::query(&format!("{EMPLOYER_SELECT} AND e.id = $3"))
            .bind(org.0)
            .bind(today - Duration::weeks(4))
            .bind(id.0)
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound("employer"))
            .and_then(|r| employer_from_row(&r))?;
        let contacts = sqlx::query(
            "SELECT k.*, e.name AS employer_name, m.name AS caseworker_name FROM employer_contacts k
             JOIN employers e ON e.id = k.employer_id JOIN employees m ON m.id = k.employee_id
             WHERE k.employer_id = $1 ORDER BY k.contacted_on DESC, k.id DESC",
        )
        .bind(id.0)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| -> Result<EmployerContact> {
            let kind: String = r.try_get("kind")?;
            Ok(EmployerContact {
                employer: named(r, "employer_id", "employer_name", EmployerId)?,
                on: r.try_get("contacted_on")?,
                kind: EmployerContactKind::parse(&kind).map_err(|_| corrupt("contact kind", &kind))?,
                outcome: r.try_get("outcome")?,
                caseworker: named(r, "employee_id", "caseworker_name", EmployeeId)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let vacancies = sqlx::query(&format!(
            "{VACANCY_SELECT} WHERE v.employer_id = $1 ORDER BY v.status, v.id DESC"
        ))
        .bind(id.0)
        .fetch_all(pool)
        .await?
        .iter()
        .map(vacancy_from_row)
        .collect::<Result<Vec<_>>>()?;
        Ok(EmployerDetail {
            employer,
            contacts,
            vacancies,
        })
    }

    async fn record_employer_contact(
        &self,
        ctx: &Ctx,
        employer: EmployerId,
        c: NewEmployerContact,
    ) -> Result<()> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        employer_exists(&mut tx, ctx.organisation_id, employer).await?;
        sqlx::query(
            "INSERT INTO employer_contacts (organisation_id, employer_id, contacted_on, kind, outcome, employee_id, team_id, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(ctx.organisation_id.0)
        .bind(employer.0)
        .bind(c.on)
        .bind(c.kind.as_str())
        .bind(&c.outcome)
        .bind(ctx.actor.employee_id.0)
        .bind(ctx.actor.team_id.0)
        .bind(ctx.at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn employer_contact_counts(
        &self,
        org: OrganisationId,
        from: Date,
        to: Date,
    ) -> Result<Vec<EmployerContactCount>> {
        let pool = &self.reader;
        sqlx::query(
            "SELECT employee_id, team_id, count(*) AS n FROM employer_contacts
             WHERE organisation_id = $1 AND contacted_on >= $2 AND contacted_on <= $3
             GROUP BY employee_id, team_id ORDER BY employee_id, team_id",
        )
        .bind(org.0)
        .bind(from)
        .bind(to)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| -> Result<EmployerContactCount> {
            Ok(EmployerContactCount {
                employee: EmployeeId(r.try_get("employee_id")?),
                team: TeamId(r.try_get("team_id")?),
                contacts: r.try_get("n")?,
            })
        })
        .collect()
    }

    async fn create_vacancy(
        &self,
        ctx: &Ctx,
        employer: EmployerId,
        v: NewVacancy,
    ) -> Result<VacancyId> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        employer_exists(&mut tx, ctx.organisation_id, employer).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO vacancies (organisation_id, employer_id, title, sector, hours_per_week, requirements, status, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8) RETURNING id",
        )
        .bind(ctx.organisation_id.0)
        .bind(employer.0)
        .bind(&v.title)
        .bind(v.sector.as_str())
        .bind(v.hours_per_week as i64)
        .bind(&v.requirements)
        .bind(ctx.actor.employee_id.0)
        .bind(ctx.at)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(VacancyId(id))
    }

    async fn set_vacancy_status(
        &self,
        org: OrganisationId,
        vacancy: VacancyId,
        status: VacancyStatus,
    ) -> Result<()> {
        let pool = &self.writer;
        let n =
            sqlx::query("UPDATE vacancies SET status = $1 WHERE organisation_id = $2 AND id = $3")
                .bind(status.as_str())
                .bind(org.0)
                .bind(vacancy.0)
                .execute(pool)
                .await?
                .rows_affected();
        if n == 1 {
            Ok(())
        } else {
            Err(StoreError::NotFound("vacancy"))
        }
    }

    async fn vacancy(&self, org: OrganisationId, id: VacancyId) -> Result<VacancyDetail> {
        let pool = &self.reader;
        let mut conn = pool.acquire().await?;
        let vacancy = vacancy_on(&mut conn, org, id).await?;
        let proposals = sqlx::query(
            "SELECT m.id, m.client_id, m.status, c.name AS client_name, c.owner_team_id FROM mediations m
             JOIN clients c ON c.id = m.client_id WHERE m.vacancy_id = $1 ORDER BY m.id",
        )
        .bind(id.0)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| -> Result<Proposal> {
            let status: String = r.try_get("status")?;
            Ok(Proposal {
                mediation_id: MediationId(r.try_get("id")?),
                client: named(r, "client_id", "client_name", ClientId)?,
                owner_team: TeamId(r.try_get("owner_team_id")?),
                status: result_of(&status)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        Ok(VacancyDetail { vacancy, proposals })
    }

    async fn suggestions(
        &self,
        org: OrganisationId,
        vacancy: VacancyId,
    ) -> Result<Vec<SuggestedClient>> {
        let pool = &self.reader;
        let mut conn = pool.acquire().await?;
        let v = vacancy_on(&mut conn, org, vacancy).await?;
        if v.status != VacancyStatus::Open {
            return Ok(Vec::new());
        }
        let loaded = candidates(&mut conn, org, vacancy, None).await?;
        let fit = VacancyFit {
            sector: v.sector,
            hours_per_week: v.hours_per_week,
        };
        let list: Vec<Candidate> = loaded.iter().map(|(c, _)| c.clone()).collect();
        // Thousands of ready clients in a large organisation: find rows by id.
        let rows: HashMap<ClientId, &DbRow> = loaded.iter().map(|(c, r)| (c.client, r)).collect();
        suggest(fit, &list)
            .into_iter()
            .map(|s| {
                let Some(r) = rows.get(&s.client) else {
                    return Err(StoreError::Corrupt("suggested client not loaded".into()));
                };
                Ok(SuggestedClient {
                    client: named(r, "id", "name", ClientId)?,
                    owner_team: named(r, "owner_team_id", "team_name", TeamId)?,
                    owner_employee: named(r, "owner_employee_id", "employee_name", EmployeeId)?,
                    pending_to_team: r
                        .try_get::<Option<i64>, _>("pending_to_team_id")?
                        .map(TeamId),
                    reasons: s.reasons,
                })
            })
            .collect()
    }

    async fn record_work_wishes(
        &self,
        ctx: &Ctx,
        client: ClientId,
        wishes: WorkWishes,
    ) -> Result<()> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        let version = open_version(&mut tx, ctx, client).await?;
        append(
            &mut tx,
            ctx,
            client,
            version,
            &ClientEvent::Work(WorkEvent::WorkWishesRecorded { wishes }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Accepts a suggested match: only a client the matching suggests for this
    /// open vacancy now, with the reasons it gives.
    async fn start_mediation(
        &self,
        ctx: &Ctx,
        client: ClientId,
        vacancy: VacancyId,
    ) -> Result<MediationId> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        let version = open_version(&mut tx, ctx, client).await?;
        let v = vacancy_on(&mut tx, ctx.organisation_id, vacancy).await?;
        if v.status != VacancyStatus::Open {
            return Err(DomainError::conflict("vacancy_not_open").into());
        }
        let loaded = candidates(&mut tx, ctx.organisation_id, vacancy, Some(client)).await?;
        let list: Vec<Candidate> = loaded.into_iter().map(|(c, _)| c).collect();
        let fit = VacancyFit {
            sector: v.sector,
            hours_per_week: v.hours_per_week,
        };
        let Some(s) = suggest(fit, &list).into_iter().next() else {
            return Err(DomainError::conflict("match_not_suggested").into());
        };
        let id = MediationId(next_id(&mut tx, "mediations").await?);
        let event = ClientEvent::Work(WorkEvent::MediationStarted {
            mediation_id: id,
            vacancy_id: vacancy,
            employer_id: v.employer.id,
            employer_name: v.employer.name,
            vacancy_title: v.title,
            reasons: s.reasons,
        });
        append(&mut tx, ctx, client, version, &event).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn record_mediation_step(
        &self,
        ctx: &Ctx,
        client: ClientId,
        mediation: MediationId,
        step: MediationStep,
        note: DatedNote,
    ) -> Result<()> {
        let pool = &self.writer;
        append_to_open_mediation(pool, ctx, client, mediation, note, |on, note| {
            ClientEvent::Work(WorkEvent::MediationStepRecorded {
                mediation_id: mediation,
                step,
                on,
                note,
            })
        })
        .await
    }

    async fn end_mediation(
        &self,
        ctx: &Ctx,
        client: ClientId,
        mediation: MediationId,
        result: MediationResult,
        note: DatedNote,
    ) -> Result<()> {
        let pool = &self.writer;
        append_to_open_mediation(pool, ctx, client, mediation, note, |on, note| {
            ClientEvent::Work(WorkEvent::MediationEnded {
                mediation_id: mediation,
                result,
                on,
                note,
            })
        })
        .await
    }

    async fn start_volunteering(
        &self,
        ctx: &Ctx,
        client: ClientId,
        organisation: CareOrganisationId,
        p: NewVolunteerPlacement,
    ) -> Result<PlacementId> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        let version = open_version(&mut tx, ctx, client).await?;
        let found: Option<String> = sqlx::query_scalar(
            "SELECT name FROM care_organisations WHERE organisation_id = $1 AND id = $2 AND kind = 'volunteering'",
        )
        .bind(ctx.organisation_id.0)
        .bind(organisation.0)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(name) = found else {
            return Err(
                DomainError::invalid("organisation_id", "volunteer_organisation_required").into(),
            );
        };
        let id = PlacementId(next_id(&mut tx, "volunteer_placements").await?);
        let event = ClientEvent::Work(WorkEvent::VolunteerPlacementStarted {
            placement_id: id,
            organisation_id: organisation,
            organisation_name: name,
            starts_on: p.starts_on,
            hours_per_week: p.hours_per_week,
            description: p.description,
        });
        append(&mut tx, ctx, client, version, &event).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn end_volunteering(
        &self,
        ctx: &Ctx,
        client: ClientId,
        placement: PlacementId,
        end: VolunteerEnd,
    ) -> Result<()> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        let version = open_version(&mut tx, ctx, client).await?;
        let starts_on = ClosedOnce {
            table: "volunteer_placements",
            since: "starts_on",
            closed: "ends_on",
            not_found: "placement",
            already: "placement_ended",
        }
        .open_since(&mut tx, client, placement.0)
        .await?;
        end.after_start(starts_on)?;
        let event = ClientEvent::Work(WorkEvent::VolunteerPlacementEnded {
            placement_id: placement,
            ends_on: end.ends_on,
            reason: end.reason,
        });
        append(&mut tx, ctx, client, version, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn register_outflow(
        &self,
        ctx: &Ctx,
        client: ClientId,
        outflow: NewOutflow,
        explanation: &str,
    ) -> Result<()> {
        let months = self
            .organisation(ctx.organisation_id)
            .await?
            .settings
            .aftercare_months;
        register_outflow(&self.writer, ctx, client, outflow, explanation, months).await
    }

    async fn check_in_aftercare(
        &self,
        ctx: &Ctx,
        client: ClientId,
        check_in: DatedNote,
    ) -> Result<()> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        let version = open_version(&mut tx, ctx, client).await?;
        let running: Option<Date> =
            sqlx::query_scalar("SELECT max(aftercare_until) FROM outflows WHERE client_id = $1")
                .bind(client.0)
                .fetch_one(&mut *tx)
                .await?;
        if running.is_none() {
            return Err(DomainError::conflict("no_aftercare").into());
        }
        append(
            &mut tx,
            ctx,
            client,
            version,
            &ClientEvent::Work(WorkEvent::AftercareCheckedIn {
                on: check_in.on,
                note: check_in.note,
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn consider_sanction(
        &self,
        ctx: &Ctx,
        client: ClientId,
        s: NewSanction,
    ) -> Result<SanctionId> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        let version = open_version(&mut tx, ctx, client).await?;
        let id = SanctionId(next_id(&mut tx, "sanctions").await?);
        let event = ClientEvent::Work(WorkEvent::SanctionConsidered {
            sanction_id: id,
            on: s.on,
            behaviour: s.behaviour,
            legal_basis: s.legal_basis,
            consideration: s.consideration,
        });
        append(&mut tx, ctx, client, version, &event).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn decide_sanction(
        &self,
        ctx: &Ctx,
        client: ClientId,
        sanction: SanctionId,
        d: Decision,
    ) -> Result<()> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        let version = open_version(&mut tx, ctx, client).await?;
        let considered_on = ClosedOnce {
            table: "sanctions",
            since: "considered_on",
            closed: "decided_on",
            not_found: "sanction",
            already: "sanction_decided",
        }
        .open_since(&mut tx, client, sanction.0)
        .await?;
        d.after_consideration(considered_on)?;
        let event = ClientEvent::Work(WorkEvent::SanctionDecided {
            sanction_id: sanction,
            on: d.on,
            decision: d.decision,
            reason: d.reason,
        });
        append(&mut tx, ctx, client, version, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn letter_templates(&self, org: OrganisationId) -> Result<Vec<LetterTemplate>> {
        letter_templates(&self.reader, org).await
    }

    async fn save_letter_template(&self, ctx: &Ctx, t: &LetterTemplate) -> Result<()> {
        let pool = &self.writer;
        if !letters::defaults().iter().any(|d| d.key == t.key) {
            return Err(StoreError::NotFound("letter template"));
        }
        let checked = letters::parse_template(&t.key, &t.title, &t.body)?;
        let mut tx = pool.begin().await?;
        sqlx::query("DELETE FROM letter_templates WHERE organisation_id = $1 AND key = $2")
            .bind(ctx.organisation_id.0)
            .bind(&t.key)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO letter_templates (organisation_id, key, title, body, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(ctx.organisation_id.0)
        .bind(&checked.key)
        .bind(&checked.title)
        .bind(&checked.body)
        .bind(ctx.actor.employee_id.0)
        .bind(ctx.at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn letter(
        &self,
        org: OrganisationId,
        client: ClientId,
        letter: LetterId,
    ) -> Result<Letter> {
        let pool = &self.reader;
        sqlx::query(
            "SELECT l.*, e.name AS by_name FROM letters l JOIN employees e ON e.id = l.produced_by
             WHERE l.organisation_id = $1 AND l.client_id = $2 AND l.id = $3",
        )
        .bind(org.0)
        .bind(client.0)
        .bind(letter.0)
        .fetch_optional(pool)
        .await?
        .ok_or(StoreError::NotFound("letter"))
        .and_then(|r| letter_from_row(&r))
    }
}
