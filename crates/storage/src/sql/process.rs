//! The re-integration process in SQL: the organisation's catalogue,
//! providers and care organisations; commands that append a client's
//! diagnosis, trajectplan, provider and care events; the projections those
//! events keep in step; and the reads for the klantkaart and the provider view.

use sqlx::Row;
use time::{Date, OffsetDateTime};
use zicht_domain::{
    client::Phase,
    event::{ClientEvent, ProcessEvent},
    reintegration::{
        care::{
            arrival_deadline, Arrival, ArrivalConfirmation, CareKind, NewCareReferral, ReferralEnd,
            ReferralState, ReferralStatus,
        },
        diagnosis::{
            DiagnosisSource, Instrument, LadderProgress, LadderRung, NewDiagnosisNote,
            NewLadderMeasurement, NewZrmAssessment, ZrmVersion,
        },
        trajectory::{
            CatalogueKind, DatedReport, GoalTarget, InterventionEnd, InterventionOutcome, NewGoal,
            NewIntervention, Reasoning,
        },
    },
    skills::Skill,
    CareOrganisationId, CareReferralId, CatalogueItemId, ClientId, ContractId, DomainError,
    EmployeeId, GoalId, InterventionId, OrganisationId, ProviderId,
};

use super::BackendStore;
use super::{
    errors::name_taken,
    history::{append, open_version, ClosedOnce},
    phase::{instruments_since_phase_entered, requirements_on},
    rows::{corrupt, named, next_id},
    DbConnection, DbPool, DbRow,
};
use crate::{
    CareOrganisation, CareReferral, CatalogueItem, Contract, Ctx, Diagnosis, DiagnosisNote, Goal,
    InstrumentExplanation, InstrumentRequirement, InstrumentUse, Intervention, LadderEntry,
    NamedRef, NewCatalogueItem, NewContract, OversightConversation, ProgressReport, Provider,
    ProviderClientSummary, ProviderClientView, Result, StoreError, Trajectory, ZrmEntry,
    ZrmScoreView,
};

// --- the organisation's catalogue --------------------------------------------

pub(crate) async fn create_provider(
    pool: &DbPool,
    org: OrganisationId,
    name: &str,
    at: OffsetDateTime,
) -> Result<ProviderId> {
    let name = zicht_domain::text::required(
        "name",
        name,
        "provider_name_required",
        zicht_domain::text::SHORT,
    )?;
    let id: i64 = sqlx::query_scalar("INSERT INTO providers (organisation_id, name, created_at) VALUES ($1, $2, $3) RETURNING id")
        .bind(org.0)
        .bind(&name)
        .bind(at)
        .fetch_one(pool)
        .await
        .map_err(|e| name_taken(e, "name"))?;
    Ok(ProviderId(id))
}

async fn provider_exists(
    conn: &mut DbConnection,
    org: OrganisationId,
    provider: ProviderId,
) -> Result<String> {
    let name: Option<String> =
        sqlx::query_scalar("SELECT name FROM providers WHERE organisation_id = $1 AND id = $2")
            .bind(org.0)
            .bind(provider.0)
            .fetch_optional(&mut *conn)
            .await?;
    name.ok_or_else(|| DomainError::invalid("provider_id", "provider_unknown").into())
}

fn catalogue_item_from_row(r: &DbRow) -> Result<CatalogueItem> {
    let kind: String = r.try_get("kind")?;
    let provider = match r.try_get::<Option<i64>, _>("provider_id")? {
        Some(p) => Some(NamedRef {
            id: ProviderId(p),
            name: r
                .try_get::<Option<String>, _>("provider_name")?
                .unwrap_or_default(),
        }),
        None => None,
    };
    Ok(CatalogueItem {
        id: CatalogueItemId(r.try_get("id")?),
        name: r.try_get("name")?,
        kind: CatalogueKind::parse(&kind).ok_or_else(|| corrupt("catalogue kind", &kind))?,
        provider,
        contract_id: r.try_get::<Option<i64>, _>("contract_id")?.map(ContractId),
        description: r.try_get("description")?,
        active: r.try_get("active")?,
    })
}

// --- commands on a client -----------------------------------------------------

/// Appends one event the caller built after checking the client is open.
async fn append_one<F>(pool: &DbPool, ctx: &Ctx, client: ClientId, build: F) -> Result<()>
where
    F: FnOnce() -> ClientEvent,
{
    let mut tx = pool.begin().await?;
    let version = open_version(&mut tx, ctx, client).await?;
    append(&mut tx, ctx, client, version, &build()).await?;
    tx.commit().await?;
    Ok(())
}

async fn referral_state(
    conn: &mut DbConnection,
    client: ClientId,
    referral: CareReferralId,
) -> Result<ReferralState> {
    let r = sqlx::query("SELECT status, referred_on, arrived_on FROM care_referrals WHERE client_id = $1 AND id = $2")
        .bind(client.0)
        .bind(referral.0)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound("referral"))?;
    let status: String = r.try_get("status")?;
    Ok(ReferralState {
        status: ReferralStatus::parse(&status)
            .ok_or_else(|| corrupt("referral status", &status))?,
        referred_on: r.try_get("referred_on")?,
        arrived_on: r.try_get("arrived_on")?,
    })
}

fn target_from_columns(kind: &str, value: &str) -> Result<GoalTarget> {
    let bad = || corrupt("goal target", &format!("{kind}:{value}"));
    match kind {
        "skill" => Skill::ALL
            .into_iter()
            .find(|s| s.as_str() == value)
            .map(GoalTarget::Skill)
            .ok_or_else(bad),
        "rung" => LadderRung::parse(value)
            .map(GoalTarget::Rung)
            .map_err(|_| bad()),
        _ => Err(bad()),
    }
}

// --- reads ------------------------------------------------------------------------

pub(crate) async fn diagnosis(
    pool: &DbPool,
    org: OrganisationId,
    client: ClientId,
    phase: Phase,
) -> Result<Diagnosis> {
    let notes = sqlx::query(
        "SELECT d.*, e.name AS by_name FROM diagnosis_notes d JOIN employees e ON e.id = d.recorded_by
         WHERE d.client_id = $1 ORDER BY d.noted_on DESC, d.id DESC",
    )
    .bind(client.0)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| -> Result<DiagnosisNote> {
        let source: String = r.try_get("source")?;
        Ok(DiagnosisNote {
            source: DiagnosisSource::parse(&source).map_err(|_| corrupt("source", &source))?,
            noted_on: r.try_get("noted_on")?,
            text: r.try_get("text")?,
            recorded_by: named(r, "recorded_by", "by_name", EmployeeId)?,
        })
    })
    .collect::<Result<Vec<_>>>()?;

    let ladder = sqlx::query(
        "SELECT l.*, e.name AS by_name FROM ladder_measurements l JOIN employees e ON e.id = l.recorded_by
         WHERE l.client_id = $1 ORDER BY l.measured_on DESC, l.id DESC",
    )
    .bind(client.0)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| -> Result<LadderEntry> {
        let rung: i64 = r.try_get("rung")?;
        Ok(LadderEntry {
            measured_on: r.try_get("measured_on")?,
            rung: LadderRung::new(rung as u8).map_err(|_| corrupt("rung", &rung.to_string()))?,
            remarks: r.try_get("remarks")?,
            recorded_by: named(r, "recorded_by", "by_name", EmployeeId)?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    // Oldest recorded first, as the progress rule expects.
    let in_order: Vec<(Date, LadderRung)> = ladder
        .iter()
        .rev()
        .map(|l| (l.measured_on, l.rung))
        .collect();

    let zrm_rows = sqlx::query(
        "SELECT z.*, e.name AS by_name FROM zrm_assessments z JOIN employees e ON e.id = z.recorded_by
         WHERE z.client_id = $1 ORDER BY z.assessed_on DESC, z.id DESC",
    )
    .bind(client.0)
    .fetch_all(pool)
    .await?;
    let score_rows = sqlx::query(
        "SELECT s.assessment_id, s.domain, s.score FROM zrm_scores s JOIN zrm_assessments z ON z.id = s.assessment_id
         WHERE z.client_id = $1",
    )
    .bind(client.0)
    .fetch_all(pool)
    .await?;
    let mut zrm = Vec::new();
    for r in &zrm_rows {
        let id: i64 = r.try_get("id")?;
        let v: String = r.try_get("version")?;
        let version = ZrmVersion::parse(&v).map_err(|_| corrupt("zrm version", &v))?;
        let mut scores = Vec::new();
        for s in score_rows
            .iter()
            .filter(|s| s.try_get::<i64, _>("assessment_id").ok() == Some(id))
        {
            let domain: String = s.try_get("domain")?;
            scores.push(ZrmScoreView {
                score: s.try_get::<i64, _>("score")? as u8,
                domain,
            });
        }
        scores.sort_by_key(|s| version.domains().iter().position(|k| *k == s.domain));
        zrm.push(ZrmEntry {
            assessed_on: r.try_get("assessed_on")?,
            version,
            scores,
            remarks: r.try_get("remarks")?,
            recorded_by: named(r, "recorded_by", "by_name", EmployeeId)?,
        });
    }

    let explanations = sqlx::query(
        "SELECT x.*, e.name AS by_name FROM instrument_explanations x JOIN employees e ON e.id = x.recorded_by
         WHERE x.client_id = $1 ORDER BY x.recorded_at DESC, x.id DESC",
    )
    .bind(client.0)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| -> Result<InstrumentExplanation> {
        let phase: String = r.try_get("phase")?;
        let instrument: String = r.try_get("instrument")?;
        Ok(InstrumentExplanation {
            phase: Phase::parse(&phase).map_err(|_| corrupt("phase", &phase))?,
            instrument: Instrument::parse(&instrument).map_err(|_| corrupt("instrument", &instrument))?,
            reason: r.try_get("reason")?,
            recorded_by: named(r, "recorded_by", "by_name", EmployeeId)?,
            recorded_at: r.try_get("recorded_at")?,
        })
    })
    .collect::<Result<Vec<_>>>()?;

    let mut conn = pool.acquire().await?;
    // Only what is still open: an instrument used or explained in this phase
    // no longer asks for attention.
    let (used, explained) = instruments_since_phase_entered(&mut conn, client, phase).await?;
    let required_now = requirements_on(&mut conn, org, Some(phase))
        .await?
        .into_iter()
        .map(|r| r.instrument)
        .filter(|i| !used.contains(i) && !explained.contains(i))
        .collect();
    Ok(Diagnosis {
        notes,
        ladder_progress: LadderProgress::of(&in_order),
        ladder,
        zrm,
        explanations,
        required_now,
    })
}

fn goal_from_row(r: &DbRow) -> Result<Goal> {
    let kind: String = r.try_get("target_kind")?;
    let value: String = r.try_get("target")?;
    Ok(Goal {
        id: GoalId(r.try_get("id")?),
        target: target_from_columns(&kind, &value)?,
        description: r.try_get("description")?,
        recorded_at: r.try_get("recorded_at")?,
    })
}

fn intervention_from_row(r: &DbRow, today: Date) -> Result<Intervention> {
    let outcome = match r.try_get::<Option<String>, _>("outcome")? {
        Some(o) => Some(InterventionOutcome::parse(&o).map_err(|_| corrupt("outcome", &o))?),
        None => None,
    };
    let provider = match r.try_get::<Option<i64>, _>("provider_id")? {
        Some(p) => Some(NamedRef {
            id: ProviderId(p),
            name: r
                .try_get::<Option<String>, _>("provider_name")?
                .unwrap_or_default(),
        }),
        None => None,
    };
    let ended_on: Option<Date> = r.try_get("ended_on")?;
    let planned_end_on: Date = r.try_get("planned_end_on")?;
    Ok(Intervention {
        id: InterventionId(r.try_get("id")?),
        catalogue_item_id: CatalogueItemId(r.try_get("catalogue_item_id")?),
        name: r.try_get("name")?,
        provider,
        goal_id: r.try_get::<Option<i64>, _>("goal_id")?.map(GoalId),
        reasoning: Reasoning {
            why_this: r.try_get("why_this")?,
            why_client: r.try_get("why_client")?,
            expected: r.try_get("expected")?,
        },
        starts_on: r.try_get("starts_on")?,
        planned_end_on,
        ended_on,
        outcome,
        result: r.try_get("result")?,
        overdue: ended_on.is_none() && planned_end_on < today,
        progress_reports: Vec::new(),
        protocol: protocol_from_row(r)?,
    })
}

/// The protocol version an intervention followed, from the columns
/// `protocol_version_id`, `protocol_module_id`, `protocol_title` and
/// `protocol_number` (absent from other queries: no protocol then).
fn protocol_from_row(r: &DbRow) -> Result<Option<crate::ProtocolRef>> {
    let (Ok(Some(version)), Ok(Some(module))) = (
        r.try_get::<Option<i64>, _>("protocol_version_id"),
        r.try_get::<Option<i64>, _>("protocol_module_id"),
    ) else {
        return Ok(None);
    };
    Ok(Some(crate::ProtocolRef {
        version_id: zicht_domain::method::MethodVersionId(version),
        module_id: zicht_domain::method::MethodModuleId(module),
        title: r.try_get("protocol_title")?,
        number: r.try_get("protocol_number")?,
    }))
}

async fn interventions_of(
    pool: &DbPool,
    client: ClientId,
    provider: Option<ProviderId>,
    today: Date,
) -> Result<Vec<Intervention>> {
    let mut out = sqlx::query(
        "SELECT i.*, p.name AS provider_name,
                mv.module_id AS protocol_module_id, mv.number AS protocol_number, mm.title AS protocol_title
         FROM interventions i LEFT JOIN providers p ON p.id = i.provider_id
         LEFT JOIN method_versions mv ON mv.id = i.protocol_version_id
         LEFT JOIN method_modules mm ON mm.id = mv.module_id
         WHERE i.client_id = $1 AND ($2 IS NULL OR i.provider_id = $2) ORDER BY i.starts_on, i.id",
    )
    .bind(client.0)
    .bind(provider.map(|p| p.0))
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| intervention_from_row(r, today))
    .collect::<Result<Vec<_>>>()?;
    for r in sqlx::query(
        "SELECT r.*, p.name AS provider_name, e.name AS by_name FROM progress_reports r
         JOIN providers p ON p.id = r.provider_id JOIN employees e ON e.id = r.reported_by
         WHERE r.client_id = $1 ORDER BY r.reported_on, r.id",
    )
    .bind(client.0)
    .fetch_all(pool)
    .await?
    {
        let report = ProgressReport {
            intervention_id: InterventionId(r.try_get("intervention_id")?),
            provider: named(&r, "provider_id", "provider_name", ProviderId)?,
            reported_on: r.try_get("reported_on")?,
            summary: r.try_get("summary")?,
            reported_by: named(&r, "reported_by", "by_name", EmployeeId)?,
        };
        if let Some(i) = out.iter_mut().find(|i| i.id == report.intervention_id) {
            i.progress_reports.push(report);
        }
    }
    Ok(out)
}

pub(crate) async fn trajectory(pool: &DbPool, client: ClientId, today: Date) -> Result<Trajectory> {
    let goals = sqlx::query("SELECT * FROM goals WHERE client_id = $1 ORDER BY id")
        .bind(client.0)
        .fetch_all(pool)
        .await?
        .iter()
        .map(goal_from_row)
        .collect::<Result<Vec<_>>>()?;
    let interventions = interventions_of(pool, client, None, today).await?;
    let oversight = sqlx::query(
        "SELECT o.*, p.name AS provider_name, e.name AS by_name FROM oversight_conversations o
         JOIN providers p ON p.id = o.provider_id JOIN employees e ON e.id = o.recorded_by
         WHERE o.client_id = $1 ORDER BY o.held_on DESC, o.id DESC",
    )
    .bind(client.0)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| -> Result<OversightConversation> {
        Ok(OversightConversation {
            provider: named(r, "provider_id", "provider_name", ProviderId)?,
            held_on: r.try_get("held_on")?,
            summary: r.try_get("summary")?,
            recorded_by: named(r, "recorded_by", "by_name", EmployeeId)?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    Ok(Trajectory {
        goals,
        interventions,
        oversight,
    })
}

pub(crate) async fn care_referrals(
    pool: &DbPool,
    client: ClientId,
    today: Date,
    arrival_days: u32,
) -> Result<Vec<CareReferral>> {
    sqlx::query(
        "SELECT r.*, o.name AS organisation_name, o.kind FROM care_referrals r JOIN care_organisations o ON o.id = r.care_organisation_id
         WHERE r.client_id = $1 ORDER BY r.referred_on DESC, r.id DESC",
    )
    .bind(client.0)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| -> Result<CareReferral> {
        let status: String = r.try_get("status")?;
        let kind: String = r.try_get("kind")?;
        let status = ReferralStatus::parse(&status).ok_or_else(|| corrupt("referral status", &status))?;
        let referred_on: Date = r.try_get("referred_on")?;
        let arrived_on: Option<Date> = r.try_get("arrived_on")?;
        let confirmation = match r.try_get::<Option<String>, _>("confirmation")? {
            Some(c) => Some(ArrivalConfirmation::parse(&c).map_err(|_| corrupt("confirmation", &c))?),
            None => None,
        };
        let rule = ReferralState {
            status,
            referred_on,
            arrived_on,
        };
        Ok(CareReferral {
            id: CareReferralId(r.try_get("id")?),
            organisation: named(r, "care_organisation_id", "organisation_name", CareOrganisationId)?,
            kind: CareKind::parse(&kind).map_err(|_| corrupt("care kind", &kind))?,
            referred_on,
            note: r.try_get("note")?,
            status,
            arrived_on,
            confirmation,
            arrival_note: r.try_get("arrival_note")?,
            ended_on: r.try_get("ended_on")?,
            end_reason: r.try_get("end_reason")?,
            arrival_deadline: arrival_deadline(referred_on, arrival_days),
            not_arrived_flag: rule.not_arrived_in_time(today, arrival_days),
        })
    })
    .collect()
}

/// Providers with an intervention under way for the client: who may see it.
/// A closed file is referred to nobody, as in [`provider_clients`].
pub(crate) async fn referred_providers(
    pool: &DbPool,
    org: OrganisationId,
    client: ClientId,
) -> Result<Vec<ProviderId>> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT DISTINCT i.provider_id FROM interventions i JOIN clients c ON c.id = i.client_id
         WHERE i.organisation_id = $1 AND i.client_id = $2 AND i.provider_id IS NOT NULL AND i.ended_on IS NULL
           AND c.status = 'open'",
    )
    .bind(org.0)
    .bind(client.0)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(ProviderId)
    .collect())
}

#[async_trait::async_trait]
impl crate::ProcessStore for BackendStore {
    async fn create_provider(&self, ctx: &Ctx, name: &str) -> Result<ProviderId> {
        create_provider(&self.writer, ctx.organisation_id, name, ctx.at).await
    }

    async fn providers(&self, org: OrganisationId) -> Result<Vec<Provider>> {
        let pool = &self.reader;
        let mut out: Vec<Provider> =
            sqlx::query("SELECT id, name FROM providers WHERE organisation_id = $1 ORDER BY name")
                .bind(org.0)
                .fetch_all(pool)
                .await?
                .iter()
                .map(|r| -> Result<Provider> {
                    Ok(Provider {
                        id: ProviderId(r.try_get("id")?),
                        name: r.try_get("name")?,
                        contracts: Vec::new(),
                        users: Vec::new(),
                    })
                })
                .collect::<Result<_>>()?;
        for r in sqlx::query(
            "SELECT * FROM provider_contracts WHERE organisation_id = $1 ORDER BY starts_on, id",
        )
        .bind(org.0)
        .fetch_all(pool)
        .await?
        {
            let c = Contract {
                id: ContractId(r.try_get("id")?),
                provider_id: ProviderId(r.try_get("provider_id")?),
                reference: r.try_get("reference")?,
                starts_on: r.try_get("starts_on")?,
                ends_on: r.try_get("ends_on")?,
                description: r.try_get("description")?,
            };
            if let Some(p) = out.iter_mut().find(|p| p.id == c.provider_id) {
                p.contracts.push(c);
            }
        }
        for r in sqlx::query("SELECT id, name, provider_id FROM employees WHERE organisation_id = $1 AND provider_id IS NOT NULL ORDER BY name")
            .bind(org.0)
            .fetch_all(pool)
            .await?
        {
            let p = ProviderId(r.try_get("provider_id")?);
            if let Some(p) = out.iter_mut().find(|x| x.id == p) {
                p.users.push(named(&r, "id", "name", EmployeeId)?);
            }
        }
        Ok(out)
    }

    async fn create_contract(&self, org: OrganisationId, c: &NewContract) -> Result<ContractId> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        provider_exists(&mut tx, org, c.provider_id).await?;
        let reference = zicht_domain::text::required(
            "reference",
            &c.reference,
            "contract_reference_required",
            zicht_domain::text::SHORT,
        )?;
        let description =
            zicht_domain::text::optional("description", &c.description, zicht_domain::text::LONG)?;
        if c.ends_on.is_some_and(|e| e < c.starts_on) {
            return Err(DomainError::invalid("ends_on", "ended_before_start").into());
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO provider_contracts (organisation_id, provider_id, reference, starts_on, ends_on, description)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(org.0)
        .bind(c.provider_id.0)
        .bind(reference)
        .bind(c.starts_on)
        .bind(c.ends_on)
        .bind(description)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(ContractId(id))
    }

    async fn set_employee_provider(
        &self,
        org: OrganisationId,
        employee: EmployeeId,
        provider: Option<ProviderId>,
    ) -> Result<()> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        if let Some(p) = provider {
            provider_exists(&mut tx, org, p).await?;
        }
        let n = sqlx::query(
            "UPDATE employees SET provider_id = $1 WHERE organisation_id = $2 AND id = $3",
        )
        .bind(provider.map(|p| p.0))
        .bind(org.0)
        .bind(employee.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            return Err(StoreError::NotFound("employee"));
        }
        tx.commit().await?;
        Ok(())
    }

    async fn create_catalogue_item(
        &self,
        org: OrganisationId,
        item: &NewCatalogueItem,
    ) -> Result<CatalogueItemId> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        let name = zicht_domain::text::required(
            "name",
            &item.name,
            "catalogue_name_required",
            zicht_domain::text::SHORT,
        )?;
        let description = zicht_domain::text::optional(
            "description",
            &item.description,
            zicht_domain::text::LONG,
        )?;
        match (item.kind, item.provider_id) {
            (CatalogueKind::Bought, None) => {
                return Err(
                    DomainError::invalid("provider_id", "catalogue_provider_required").into(),
                )
            }
            (CatalogueKind::InHouse, Some(_)) => {
                return Err(
                    DomainError::invalid("provider_id", "catalogue_provider_in_house").into(),
                )
            }
            (_, Some(p)) => {
                provider_exists(&mut tx, org, p).await?;
            }
            _ => {}
        }
        if let Some(contract) = item.contract_id {
            let of: Option<i64> = sqlx::query_scalar(
                "SELECT provider_id FROM provider_contracts WHERE organisation_id = $1 AND id = $2",
            )
            .bind(org.0)
            .bind(contract.0)
            .fetch_optional(&mut *tx)
            .await?;
            if of.is_none() || of != item.provider_id.map(|p| p.0) {
                return Err(
                    DomainError::invalid("contract_id", "contract_reference_required").into(),
                );
            }
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO catalogue_items (organisation_id, name, kind, provider_id, contract_id, description, active)
             VALUES ($1, $2, $3, $4, $5, $6, TRUE) RETURNING id",
        )
        .bind(org.0)
        .bind(name)
        .bind(item.kind.as_str())
        .bind(item.provider_id.map(|p| p.0))
        .bind(item.contract_id.map(|c| c.0))
        .bind(description)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| name_taken(e, "name"))?;
        tx.commit().await?;
        Ok(CatalogueItemId(id))
    }

    async fn catalogue(&self, org: OrganisationId) -> Result<Vec<CatalogueItem>> {
        let pool = &self.reader;
        sqlx::query(
            "SELECT c.*, p.name AS provider_name FROM catalogue_items c LEFT JOIN providers p ON p.id = c.provider_id
             WHERE c.organisation_id = $1 ORDER BY c.name",
        )
        .bind(org.0)
        .fetch_all(pool)
        .await?
        .iter()
        .map(catalogue_item_from_row)
        .collect()
    }

    async fn set_catalogue_item_active(
        &self,
        org: OrganisationId,
        item: CatalogueItemId,
        active: bool,
    ) -> Result<()> {
        let pool = &self.writer;
        let n = sqlx::query(
            "UPDATE catalogue_items SET active = $1 WHERE organisation_id = $2 AND id = $3",
        )
        .bind(active)
        .bind(org.0)
        .bind(item.0)
        .execute(pool)
        .await?
        .rows_affected();
        if n == 1 {
            Ok(())
        } else {
            Err(StoreError::NotFound("catalogue item"))
        }
    }

    async fn create_care_organisation(
        &self,
        org: OrganisationId,
        name: &str,
        kind: CareKind,
    ) -> Result<CareOrganisationId> {
        let pool = &self.writer;
        let name = zicht_domain::text::required(
            "name",
            name,
            "care_organisation_name_required",
            zicht_domain::text::SHORT,
        )?;
        let id: i64 = sqlx::query_scalar("INSERT INTO care_organisations (organisation_id, name, kind) VALUES ($1, $2, $3) RETURNING id")
            .bind(org.0)
            .bind(name)
            .bind(kind.as_str())
            .fetch_one(pool)
            .await
            .map_err(|e| name_taken(e, "name"))?;
        Ok(CareOrganisationId(id))
    }

    async fn care_organisations(&self, org: OrganisationId) -> Result<Vec<CareOrganisation>> {
        let pool = &self.reader;
        sqlx::query(
            "SELECT id, name, kind FROM care_organisations WHERE organisation_id = $1 ORDER BY name",
        )
        .bind(org.0)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| -> Result<CareOrganisation> {
            let kind: String = r.try_get("kind")?;
            Ok(CareOrganisation {
                id: CareOrganisationId(r.try_get("id")?),
                name: r.try_get("name")?,
                kind: CareKind::parse(&kind).map_err(|_| corrupt("care kind", &kind))?,
            })
        })
        .collect()
    }

    async fn set_instrument_requirements(
        &self,
        org: OrganisationId,
        reqs: &[InstrumentRequirement],
    ) -> Result<()> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        sqlx::query("DELETE FROM instrument_requirements WHERE organisation_id = $1")
            .bind(org.0)
            .execute(&mut *tx)
            .await?;
        let mut seen = Vec::new();
        for r in reqs {
            if seen.contains(r) {
                continue;
            }
            seen.push(*r);
            sqlx::query("INSERT INTO instrument_requirements (organisation_id, phase, instrument) VALUES ($1, $2, $3)")
                .bind(org.0)
                .bind(r.phase.as_str())
                .bind(r.instrument.as_str())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn instrument_requirements(
        &self,
        org: OrganisationId,
    ) -> Result<Vec<InstrumentRequirement>> {
        let pool = &self.reader;
        let mut conn = pool.acquire().await?;
        requirements_on(&mut conn, org, None).await
    }

    async fn note_diagnosis(&self, ctx: &Ctx, client: ClientId, n: NewDiagnosisNote) -> Result<()> {
        let pool = &self.writer;
        append_one(pool, ctx, client, || {
            ClientEvent::Process(ProcessEvent::DiagnosisNoted {
                source: n.source,
                noted_on: n.noted_on,
                text: n.text,
            })
        })
        .await
    }

    async fn measure_ladder(
        &self,
        ctx: &Ctx,
        client: ClientId,
        m: NewLadderMeasurement,
    ) -> Result<()> {
        let pool = &self.writer;
        append_one(pool, ctx, client, || {
            ClientEvent::Process(ProcessEvent::LadderMeasured {
                measured_on: m.measured_on,
                rung: m.rung,
                remarks: m.remarks,
            })
        })
        .await
    }

    async fn assess_zrm(&self, ctx: &Ctx, client: ClientId, a: NewZrmAssessment) -> Result<()> {
        let pool = &self.writer;
        append_one(pool, ctx, client, || {
            ClientEvent::Process(ProcessEvent::ZrmAssessed {
                assessed_on: a.assessed_on,
                version: a.version,
                scores: a.scores,
                remarks: a.remarks,
            })
        })
        .await
    }

    async fn set_goal(&self, ctx: &Ctx, client: ClientId, g: NewGoal) -> Result<GoalId> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        let version = open_version(&mut tx, ctx, client).await?;
        let id = GoalId(next_id(&mut tx, "goals").await?);
        let event = ClientEvent::Process(ProcessEvent::GoalSet {
            goal_id: id,
            target: g.target,
            description: g.description,
        });
        append(&mut tx, ctx, client, version, &event).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn plan_intervention(
        &self,
        ctx: &Ctx,
        client: ClientId,
        i: NewIntervention,
    ) -> Result<InterventionId> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        let version = open_version(&mut tx, ctx, client).await?;
        let item = sqlx::query(
            "SELECT c.*, p.name AS provider_name FROM catalogue_items c LEFT JOIN providers p ON p.id = c.provider_id
             WHERE c.organisation_id = $1 AND c.id = $2 AND c.active",
        )
        .bind(ctx.organisation_id.0)
        .bind(i.catalogue_item.0)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| catalogue_item_from_row(&r))
        .transpose()?
        .ok_or(DomainError::invalid("catalogue_item_id", "catalogue_item_unknown"))?;
        if let Some(goal) = i.goal {
            let found: Option<i64> =
                sqlx::query_scalar("SELECT id FROM goals WHERE client_id = $1 AND id = $2")
                    .bind(client.0)
                    .bind(goal.0)
                    .fetch_optional(&mut *tx)
                    .await?;
            if found.is_none() {
                return Err(DomainError::invalid("goal_id", "goal_unknown").into());
            }
        }
        if let Some(v) = i.protocol_version {
            // A protocol version of this organisation, made definitive.
            let status: Option<String> = sqlx::query_scalar(
                "SELECT status FROM method_versions WHERE organisation_id = $1 AND id = $2",
            )
            .bind(ctx.organisation_id.0)
            .bind(v.0)
            .fetch_optional(&mut *tx)
            .await?;
            match status.as_deref() {
                None => {
                    return Err(DomainError::invalid(
                        "protocol_version_id",
                        "protocol_version_unknown",
                    )
                    .into())
                }
                Some("definitive") => {}
                Some(_) => {
                    return Err(DomainError::invalid(
                        "protocol_version_id",
                        "protocol_version_not_definitive",
                    )
                    .into())
                }
            }
        }
        let id = InterventionId(next_id(&mut tx, "interventions").await?);
        let event = ClientEvent::Process(ProcessEvent::InterventionPlanned {
            intervention_id: id,
            catalogue_item_id: item.id,
            name: item.name,
            provider_id: item.provider.map(|p| p.id),
            goal_id: i.goal,
            reasoning: i.reasoning,
            starts_on: i.starts_on,
            planned_end_on: i.planned_end_on,
            protocol_version_id: i.protocol_version,
        });
        append(&mut tx, ctx, client, version, &event).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn end_intervention(
        &self,
        ctx: &Ctx,
        client: ClientId,
        intervention: InterventionId,
        end: InterventionEnd,
    ) -> Result<()> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        let version = open_version(&mut tx, ctx, client).await?;
        let starts_on = ClosedOnce {
            table: "interventions",
            since: "starts_on",
            closed: "ended_on",
            not_found: "intervention",
            already: "intervention_ended",
        }
        .open_since(&mut tx, client, intervention.0)
        .await?;
        end.after_start(starts_on)?;
        let event = ClientEvent::Process(ProcessEvent::InterventionEnded {
            intervention_id: intervention,
            ended_on: end.ended_on,
            outcome: end.outcome,
            result: end.result,
        });
        append(&mut tx, ctx, client, version, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A provider's progress report: only on an intervention of that provider
    /// that is still under way.
    async fn report_progress(
        &self,
        ctx: &Ctx,
        provider: ProviderId,
        client: ClientId,
        intervention: InterventionId,
        report: DatedReport,
    ) -> Result<()> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        let version = open_version(&mut tx, ctx, client).await?;
        let open: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM interventions WHERE client_id = $1 AND id = $2 AND provider_id = $3 AND ended_on IS NULL",
        )
        .bind(client.0)
        .bind(intervention.0)
        .bind(provider.0)
        .fetch_optional(&mut *tx)
        .await?;
        if open.is_none() {
            return Err(DomainError::conflict("provider_not_referred").into());
        }
        let event = ClientEvent::Process(ProcessEvent::ProgressReported {
            intervention_id: intervention,
            provider_id: provider,
            reported_on: report.on,
            summary: report.summary,
        });
        append(&mut tx, ctx, client, version, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn record_oversight(
        &self,
        ctx: &Ctx,
        client: ClientId,
        provider: ProviderId,
        report: DatedReport,
    ) -> Result<()> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        let version = open_version(&mut tx, ctx, client).await?;
        provider_exists(&mut tx, ctx.organisation_id, provider).await?;
        let event = ClientEvent::Process(ProcessEvent::OversightRecorded {
            provider_id: provider,
            held_on: report.on,
            summary: report.summary,
        });
        append(&mut tx, ctx, client, version, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn refer_to_care(
        &self,
        ctx: &Ctx,
        client: ClientId,
        organisation: CareOrganisationId,
        r: NewCareReferral,
    ) -> Result<CareReferralId> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        let version = open_version(&mut tx, ctx, client).await?;
        let found = sqlx::query(
            "SELECT name, kind FROM care_organisations WHERE organisation_id = $1 AND id = $2",
        )
        .bind(ctx.organisation_id.0)
        .bind(organisation.0)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(DomainError::invalid(
            "care_organisation_id",
            "care_organisation_unknown",
        ))?;
        let kind: String = found.try_get("kind")?;
        let id = CareReferralId(next_id(&mut tx, "care_referrals").await?);
        let event = ClientEvent::Process(ProcessEvent::CareReferred {
            referral_id: id,
            care_organisation_id: organisation,
            organisation_name: found.try_get("name")?,
            kind: CareKind::parse(&kind).map_err(|_| corrupt("care kind", &kind))?,
            referred_on: r.referred_on,
            note: r.note,
        });
        append(&mut tx, ctx, client, version, &event).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn confirm_arrival(
        &self,
        ctx: &Ctx,
        client: ClientId,
        referral: CareReferralId,
        a: Arrival,
    ) -> Result<()> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        let version = open_version(&mut tx, ctx, client).await?;
        referral_state(&mut tx, client, referral)
            .await?
            .arrive(&a)?;
        let event = ClientEvent::Process(ProcessEvent::CareArrived {
            referral_id: referral,
            arrived_on: a.arrived_on,
            confirmation: a.confirmation,
            note: a.note,
        });
        append(&mut tx, ctx, client, version, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn end_care_referral(
        &self,
        ctx: &Ctx,
        client: ClientId,
        referral: CareReferralId,
        end: ReferralEnd,
    ) -> Result<()> {
        let pool = &self.writer;
        let mut tx = pool.begin().await?;
        let version = open_version(&mut tx, ctx, client).await?;
        referral_state(&mut tx, client, referral).await?.end(&end)?;
        let event = ClientEvent::Process(ProcessEvent::CareEnded {
            referral_id: referral,
            ended_on: end.ended_on,
            reason: end.reason,
        });
        append(&mut tx, ctx, client, version, &event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn referred_providers(
        &self,
        org: OrganisationId,
        client: ClientId,
    ) -> Result<Vec<ProviderId>> {
        referred_providers(&self.reader, org, client).await
    }

    async fn provider_clients(
        &self,
        org: OrganisationId,
        provider: ProviderId,
    ) -> Result<Vec<ProviderClientSummary>> {
        let pool = &self.reader;
        let rows = sqlx::query(
            "SELECT c.id, c.bsn, c.name, c.owner_employee_id, e.name AS caseworker_name, i.name AS intervention,
                    (SELECT max(r.reported_on) FROM progress_reports r WHERE r.client_id = c.id AND r.provider_id = $2) AS last_report_on
             FROM interventions i JOIN clients c ON c.id = i.client_id JOIN employees e ON e.id = c.owner_employee_id
             WHERE i.organisation_id = $1 AND i.provider_id = $2 AND i.ended_on IS NULL AND c.status = 'open'
             ORDER BY c.name, c.id, i.id",
        )
        .bind(org.0)
        .bind(provider.0)
        .fetch_all(pool)
        .await?;
        let mut out: Vec<ProviderClientSummary> = Vec::new();
        for r in rows {
            let id = ClientId(r.try_get("id")?);
            let intervention: String = r.try_get("intervention")?;
            match out.last_mut() {
                Some(last) if last.id == id => last.interventions.push(intervention),
                _ => out.push(ProviderClientSummary {
                    id,
                    bsn: r.try_get("bsn")?,
                    name: r.try_get("name")?,
                    caseworker: named(&r, "owner_employee_id", "caseworker_name", EmployeeId)?,
                    interventions: vec![intervention],
                    last_report_on: r.try_get("last_report_on")?,
                }),
            }
        }
        Ok(out)
    }

    async fn provider_client(
        &self,
        org: OrganisationId,
        provider: ProviderId,
        client: ClientId,
        today: Date,
    ) -> Result<ProviderClientView> {
        let pool = &self.reader;
        if !referred_providers(pool, org, client)
            .await?
            .contains(&provider)
        {
            return Err(StoreError::NotFound("client"));
        }
        let row = sqlx::query(
            "SELECT c.id, c.name, c.owner_employee_id, e.name AS caseworker_name, e.email AS caseworker_email
             FROM clients c JOIN employees e ON e.id = c.owner_employee_id WHERE c.organisation_id = $1 AND c.id = $2",
        )
        .bind(org.0)
        .bind(client.0)
        .fetch_optional(pool)
        .await?
        .ok_or(StoreError::NotFound("client"))?;
        let interventions = interventions_of(pool, client, Some(provider), today).await?;
        let goal_ids: Vec<GoalId> = interventions.iter().filter_map(|i| i.goal_id).collect();
        let goals = sqlx::query("SELECT * FROM goals WHERE client_id = $1 ORDER BY id")
            .bind(client.0)
            .fetch_all(pool)
            .await?
            .iter()
            .map(goal_from_row)
            .filter(|g| g.as_ref().map_or(true, |g| goal_ids.contains(&g.id)))
            .collect::<Result<Vec<_>>>()?;
        Ok(ProviderClientView {
            id: client,
            name: row.try_get("name")?,
            caseworker: named(&row, "owner_employee_id", "caseworker_name", EmployeeId)?,
            caseworker_email: row.try_get("caseworker_email")?,
            interventions,
            goals,
        })
    }

    /// Comply or explain over a period, per instrument.
    async fn instrument_use(
        &self,
        org: OrganisationId,
        from: Date,
        to: Date,
    ) -> Result<Vec<InstrumentUse>> {
        let pool = &self.reader;
        let mut out = Vec::new();
        for instrument in Instrument::ALL {
            let (table, date) = match instrument {
                Instrument::Participatieladder => ("ladder_measurements", "measured_on"),
                Instrument::Zrm => ("zrm_assessments", "assessed_on"),
            };
            let row = sqlx::query(&format!(
                "SELECT count(*) AS n, count(DISTINCT client_id) AS clients FROM {table}
                 WHERE organisation_id = $1 AND {date} >= $2 AND {date} <= $3"
            ))
            .bind(org.0)
            .bind(from)
            .bind(to)
            .fetch_one(pool)
            .await?;
            let explained: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM instrument_explanations WHERE organisation_id = $1 AND instrument = $2
                 AND recorded_at >= $3 AND recorded_at < $4",
            )
            .bind(org.0)
            .bind(instrument.as_str())
            .bind(from.midnight().assume_utc())
            .bind(zicht_domain::calendar::period_end(to))
            .fetch_one(pool)
            .await?;
            out.push(InstrumentUse {
                instrument,
                clients_measured: row.try_get("clients")?,
                measurements: row.try_get("n")?,
                explained,
            });
        }
        Ok(out)
    }
}
