//! The `Store` implementation shared by the SQL backends. This file and its
//! siblings in `sql/` are compiled once per backend (see `sqlite.rs` and
//! `postgres.rs`), against that backend's `Db`, `DbPool`, `DbRow` and
//! `dialect`, so both run the same statements wherever SQL allows.

use async_trait::async_trait;
use sqlx::Row;
use time::Date;
use zicht_domain::{
    access::{ClientScope, Role},
    client::{NewClient, Owner, Phase},
    contact::NewContact,
    effects::agreements::{NewResultAgreement, ResultAgreement},
    handover::HandoverNote,
    organisation::{Employee, Organisation, OrganisationSettings, Team, TeamKind},
    reintegration::{
        care::{CareKind, NewCareReferral},
        diagnosis::{NewDiagnosisNote, NewLadderMeasurement, NewZrmAssessment},
        letters::LetterTemplate,
        outflow::NewOutflow,
        sanction::NewSanction,
        trajectory::{DatedReport, NewGoal, NewIntervention},
        work::{
            MediationResult, MediationStep, NewEmployer, NewEmployerContact, NewVacancy,
            NewVolunteerPlacement, VacancyStatus, WorkWishes,
        },
    },
    skills::SkillSet,
    AgreementId, CareOrganisationId, CareReferralId, CatalogueItemId, ClientId, ContractId,
    EmployeeId, EmployerId, GoalId, HandoverId, InterventionId, LetterId, MediationId,
    OrganisationId, PlacementId, ProviderId, RosterRunId, SanctionId, TeamId, VacancyId,
};

use super::{
    bulk, check, commands, effects, logbook, process, queries, retention, roster, work,
    BackendStore, DbRow,
};
use crate::{
    CareOrganisation, CatalogueItem, ClientCard, ClientFilter, ClientSummary, Credentials, Ctx,
    Employer, EmployerContactCount, EmployerDetail, FeedPage, Ghost, GhostResolution,
    HandoverFilter, HandoverView, ImportedClient, InstrumentRequirement, InstrumentUse, Letter,
    LogAnchor, LogKey, LoggedProcessing, NewCatalogueItem, NewContract, ProcessingRecord, Provider,
    ProviderClientSummary, ProviderClientView, Result, RosterOptions, RosterOutcome,
    RosterRunSummary, SessionRecord, Store, StoreError, SuggestedClient, VacancyDetail, Violation,
};

/// An update meant for one row: none changed means it does not exist.
fn exactly_one(rows: u64, what: &'static str) -> Result<()> {
    if rows == 1 {
        Ok(())
    } else {
        Err(StoreError::NotFound(what))
    }
}

pub(crate) fn team_from_row(row: &DbRow) -> Result<Team> {
    let kind: String = row.try_get("kind")?;
    Ok(Team {
        id: TeamId(row.try_get("id")?),
        name: row.try_get("name")?,
        kind: TeamKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("team kind {kind}")))?,
    })
}

pub(crate) fn employee_from_row(row: &DbRow) -> Result<Employee> {
    let role: String = row.try_get("role")?;
    Ok(Employee {
        role: Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("role {role}")))?,
        id: EmployeeId(row.try_get("id")?),
        team_id: TeamId(row.try_get("team_id")?),
        name: row.try_get("name")?,
        email: row.try_get("email")?,
        hours_per_week: row.try_get::<i64, _>("hours_per_week")? as u32,
        provider_id: row
            .try_get::<Option<i64>, _>("provider_id")?
            .map(zicht_domain::ProviderId),
    })
}

fn organisation_from_row(row: &DbRow) -> Result<Organisation> {
    Ok(Organisation {
        id: OrganisationId(row.try_get("id")?),
        name: row.try_get("name")?,
        settings: OrganisationSettings {
            handover_overdue_working_days: row.try_get::<i64, _>("handover_overdue_working_days")?
                as u32,
            no_contact_weeks: row.try_get::<i64, _>("no_contact_weeks")? as u32,
            retention_years: row.try_get::<i64, _>("retention_years")? as u32,
            caseload_ceiling: row.try_get::<i64, _>("caseload_ceiling")? as u32,
            return_window_months: row.try_get::<i64, _>("return_window_months")? as u32,
            care_arrival_days: row.try_get::<i64, _>("care_arrival_days")? as u32,
            aftercare_months: row.try_get::<i64, _>("aftercare_months")? as u32,
            roster_confirm_share: row.try_get::<i64, _>("roster_confirm_share")? as u32,
        },
    })
}

impl BackendStore {
    /// Gives the store the processing log's key: refused when the log was
    /// sealed with another; the first time, the log is sealed with it.
    pub async fn with_log_key(mut self, key: LogKey) -> Result<Self> {
        logbook::seal(&self.writer, &key, time::OffsetDateTime::now_utc()).await?;
        self.log_key = Some(key);
        Ok(self)
    }
}

#[async_trait]
impl Store for BackendStore {
    async fn create_organisation(
        &self,
        name: &str,
        settings: &OrganisationSettings,
    ) -> Result<OrganisationId> {
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO organisations (name, handover_overdue_working_days, no_contact_weeks, retention_years,
                 caseload_ceiling, return_window_months, care_arrival_days, aftercare_months,
                 roster_confirm_share)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(name)
        .bind(settings.handover_overdue_working_days as i64)
        .bind(settings.no_contact_weeks as i64)
        .bind(settings.retention_years as i64)
        .bind(settings.caseload_ceiling as i64)
        .bind(settings.return_window_months as i64)
        .bind(settings.care_arrival_days as i64)
        .bind(settings.aftercare_months as i64)
        .bind(settings.roster_confirm_share as i64)
        .fetch_one(&self.writer)
        .await?
        ;
        Ok(OrganisationId(id))
    }

    async fn organisation(&self, id: OrganisationId) -> Result<Organisation> {
        let row = sqlx::query("SELECT * FROM organisations WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound("organisation"))?;
        organisation_from_row(&row)
    }

    async fn organisations(&self) -> Result<Vec<Organisation>> {
        sqlx::query("SELECT * FROM organisations ORDER BY id")
            .fetch_all(&self.reader)
            .await?
            .iter()
            .map(organisation_from_row)
            .collect()
    }

    async fn update_settings(
        &self,
        id: OrganisationId,
        settings: &OrganisationSettings,
    ) -> Result<()> {
        let n = sqlx::query(
            "UPDATE organisations SET handover_overdue_working_days = $1, no_contact_weeks = $2, retention_years = $3,
                 caseload_ceiling = $4, return_window_months = $5, care_arrival_days = $6,
                 aftercare_months = $7, roster_confirm_share = $8
             WHERE id = $9",
        )
        .bind(settings.handover_overdue_working_days as i64)
        .bind(settings.no_contact_weeks as i64)
        .bind(settings.retention_years as i64)
        .bind(settings.caseload_ceiling as i64)
        .bind(settings.return_window_months as i64)
        .bind(settings.care_arrival_days as i64)
        .bind(settings.aftercare_months as i64)
        .bind(settings.roster_confirm_share as i64)
        .bind(id.0)
        .execute(&self.writer)
        .await?
        .rows_affected();
        exactly_one(n, "organisation")
    }

    async fn create_team(&self, org: OrganisationId, name: &str, kind: TeamKind) -> Result<TeamId> {
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO teams (organisation_id, name, kind) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(org.0)
        .bind(name)
        .bind(kind.as_str())
        .fetch_one(&self.writer)
        .await?;
        Ok(TeamId(id))
    }

    async fn teams(&self, org: OrganisationId) -> Result<Vec<Team>> {
        sqlx::query("SELECT id, name, kind FROM teams WHERE organisation_id = $1 ORDER BY name")
            .bind(org.0)
            .fetch_all(&self.reader)
            .await?
            .iter()
            .map(team_from_row)
            .collect()
    }

    async fn create_employee(
        &self,
        org: OrganisationId,
        team: TeamId,
        name: &str,
        email: &str,
        hours_per_week: u32,
    ) -> Result<EmployeeId> {
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO employees (organisation_id, team_id, name, email, hours_per_week) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(org.0)
        .bind(team.0)
        .bind(name)
        .bind(email)
        .bind(hours_per_week as i64)
        .fetch_one(&self.writer)
        .await?
        ;
        Ok(EmployeeId(id))
    }

    async fn employees(&self, org: OrganisationId) -> Result<Vec<Employee>> {
        sqlx::query(
            "SELECT id, team_id, name, email, hours_per_week, role, provider_id FROM employees WHERE organisation_id = $1 ORDER BY name",
        )
        .bind(org.0)
        .fetch_all(&self.reader)
        .await?
        .iter()
        .map(employee_from_row)
        .collect()
    }

    async fn employee(&self, id: EmployeeId) -> Result<(OrganisationId, Employee)> {
        let row = sqlx::query(
            "SELECT id, organisation_id, team_id, name, email, hours_per_week, role, provider_id FROM employees WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(&self.reader)
        .await?
        .ok_or(StoreError::NotFound("employee"))?;
        Ok((
            OrganisationId(row.try_get("organisation_id")?),
            employee_from_row(&row)?,
        ))
    }

    async fn set_role(&self, employee: EmployeeId, role: Role) -> Result<()> {
        let n = sqlx::query("UPDATE employees SET role = $1 WHERE id = $2")
            .bind(role.as_str())
            .bind(employee.0)
            .execute(&self.writer)
            .await?
            .rows_affected();
        exactly_one(n, "employee")
    }

    async fn set_password_hash(&self, employee: EmployeeId, hash: &str) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        let n = sqlx::query("UPDATE employees SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(employee.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        exactly_one(n, "employee")?;
        // Whoever knew the old password is signed out with it.
        sqlx::query("DELETE FROM sessions WHERE employee_id = $1")
            .bind(employee.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn credentials(&self, email: &str) -> Result<Option<Credentials>> {
        let row = sqlx::query(
            "SELECT id, organisation_id, team_id, name, email, hours_per_week, role, provider_id, password_hash
             FROM employees WHERE lower(email) = lower($1)",
        )
        .bind(email.trim())
        .fetch_optional(&self.reader)
        .await?;
        row.map(|r| {
            Ok(Credentials {
                organisation_id: OrganisationId(r.try_get("organisation_id")?),
                employee: employee_from_row(&r)?,
                password_hash: r.try_get("password_hash")?,
            })
        })
        .transpose()
    }

    async fn create_session(&self, s: &SessionRecord) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, employee_id, csrf_token, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&s.token_hash)
        .bind(s.employee_id.0)
        .bind(&s.csrf_token)
        .bind(s.created_at)
        .bind(s.last_seen_at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>> {
        let row = sqlx::query("SELECT * FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&self.reader)
            .await?;
        row.map(|r| {
            Ok(SessionRecord {
                token_hash: r.try_get("token_hash")?,
                employee_id: EmployeeId(r.try_get("employee_id")?),
                csrf_token: r.try_get("csrf_token")?,
                created_at: r.try_get("created_at")?,
                last_seen_at: r.try_get("last_seen_at")?,
            })
        })
        .transpose()
    }

    async fn touch_session(&self, token_hash: &str, at: time::OffsetDateTime) -> Result<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(at)
            .bind(token_hash)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn record_login_failure(&self, key: &str, at: time::OffsetDateTime) -> Result<()> {
        sqlx::query("INSERT INTO login_failures (key, at) VALUES ($1, $2)")
            .bind(key)
            .bind(at)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn login_failures_since(&self, key: &str, since: time::OffsetDateTime) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT count(*) FROM login_failures WHERE key = $1 AND at >= $2")
                .bind(key)
                .bind(since)
                .fetch_one(&self.reader)
                .await?,
        )
    }

    async fn clear_login_failures(&self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE key = $1")
            .bind(key)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn register_client(
        &self,
        ctx: &Ctx,
        client: NewClient,
        owner: Owner,
    ) -> Result<ClientId> {
        commands::register_client(&self.writer, ctx, client, owner).await
    }

    async fn offer_handover(
        &self,
        ctx: &Ctx,
        client: ClientId,
        to_team: TeamId,
        to_employee: Option<EmployeeId>,
        note: HandoverNote,
    ) -> Result<HandoverId> {
        commands::offer_handover(&self.writer, ctx, client, to_team, to_employee, note).await
    }

    async fn accept_handover(
        &self,
        ctx: &Ctx,
        handover: HandoverId,
        caseworker: EmployeeId,
    ) -> Result<()> {
        commands::accept_handover(&self.writer, ctx, handover, caseworker).await
    }

    async fn return_handover(&self, ctx: &Ctx, handover: HandoverId, reason: &str) -> Result<()> {
        commands::return_handover(&self.writer, ctx, handover, reason).await
    }

    async fn withdraw_handover(&self, ctx: &Ctx, handover: HandoverId) -> Result<()> {
        commands::withdraw_handover(&self.writer, ctx, handover).await
    }

    async fn see_returned_handover(&self, ctx: &Ctx, client: ClientId, reason: &str) -> Result<()> {
        commands::see_returned_handover(&self.writer, ctx, client, reason).await
    }

    async fn record_contact(&self, ctx: &Ctx, client: ClientId, contact: NewContact) -> Result<()> {
        commands::record_contact(&self.writer, ctx, client, contact).await
    }

    async fn record_assessment(
        &self,
        ctx: &Ctx,
        client: ClientId,
        assessed_on: Date,
        skills: SkillSet,
        remarks: &str,
    ) -> Result<()> {
        commands::record_assessment(&self.writer, ctx, client, assessed_on, skills, remarks).await
    }

    async fn change_phase_explained(
        &self,
        ctx: &Ctx,
        client: ClientId,
        phase: Phase,
        explanation: &str,
    ) -> Result<()> {
        process::change_phase(&self.writer, ctx, client, phase, explanation).await
    }

    async fn create_provider(&self, ctx: &Ctx, name: &str) -> Result<ProviderId> {
        process::create_provider(&self.writer, ctx.organisation_id, name, ctx.at).await
    }
    async fn providers(&self, org: OrganisationId) -> Result<Vec<Provider>> {
        process::providers(&self.reader, org).await
    }
    async fn create_contract(
        &self,
        org: OrganisationId,
        contract: &NewContract,
    ) -> Result<ContractId> {
        process::create_contract(&self.writer, org, contract).await
    }
    async fn set_employee_provider(
        &self,
        org: OrganisationId,
        employee: EmployeeId,
        provider: Option<ProviderId>,
    ) -> Result<()> {
        process::set_employee_provider(&self.writer, org, employee, provider).await
    }
    async fn create_catalogue_item(
        &self,
        org: OrganisationId,
        item: &NewCatalogueItem,
    ) -> Result<CatalogueItemId> {
        process::create_catalogue_item(&self.writer, org, item).await
    }
    async fn catalogue(&self, org: OrganisationId) -> Result<Vec<CatalogueItem>> {
        process::catalogue(&self.reader, org).await
    }
    async fn set_catalogue_item_active(
        &self,
        org: OrganisationId,
        item: CatalogueItemId,
        active: bool,
    ) -> Result<()> {
        process::set_catalogue_item_active(&self.writer, org, item, active).await
    }
    async fn create_care_organisation(
        &self,
        org: OrganisationId,
        name: &str,
        kind: CareKind,
    ) -> Result<CareOrganisationId> {
        process::create_care_organisation(&self.writer, org, name, kind).await
    }
    async fn care_organisations(&self, org: OrganisationId) -> Result<Vec<CareOrganisation>> {
        process::care_organisations(&self.reader, org).await
    }
    async fn set_instrument_requirements(
        &self,
        org: OrganisationId,
        requirements: &[InstrumentRequirement],
    ) -> Result<()> {
        process::set_instrument_requirements(&self.writer, org, requirements).await
    }
    async fn instrument_requirements(
        &self,
        org: OrganisationId,
    ) -> Result<Vec<InstrumentRequirement>> {
        process::instrument_requirements(&self.reader, org).await
    }
    async fn note_diagnosis(
        &self,
        ctx: &Ctx,
        client: ClientId,
        note: NewDiagnosisNote,
    ) -> Result<()> {
        process::note_diagnosis(&self.writer, ctx, client, note).await
    }
    async fn measure_ladder(
        &self,
        ctx: &Ctx,
        client: ClientId,
        m: NewLadderMeasurement,
    ) -> Result<()> {
        process::measure_ladder(&self.writer, ctx, client, m).await
    }
    async fn assess_zrm(&self, ctx: &Ctx, client: ClientId, a: NewZrmAssessment) -> Result<()> {
        process::assess_zrm(&self.writer, ctx, client, a).await
    }
    async fn set_goal(&self, ctx: &Ctx, client: ClientId, goal: NewGoal) -> Result<GoalId> {
        process::set_goal(&self.writer, ctx, client, goal).await
    }
    async fn plan_intervention(
        &self,
        ctx: &Ctx,
        client: ClientId,
        intervention: NewIntervention,
    ) -> Result<InterventionId> {
        process::plan_intervention(&self.writer, ctx, client, intervention).await
    }
    async fn end_intervention(
        &self,
        ctx: &Ctx,
        client: ClientId,
        intervention: InterventionId,
        ended_on: &str,
        outcome: &str,
        result: &str,
    ) -> Result<()> {
        process::end_intervention(
            &self.writer,
            ctx,
            client,
            intervention,
            ended_on,
            outcome,
            result,
        )
        .await
    }
    async fn report_progress(
        &self,
        ctx: &Ctx,
        provider: ProviderId,
        client: ClientId,
        intervention: InterventionId,
        report: DatedReport,
    ) -> Result<()> {
        process::report_progress(&self.writer, ctx, provider, client, intervention, report).await
    }
    async fn record_oversight(
        &self,
        ctx: &Ctx,
        client: ClientId,
        provider: ProviderId,
        conversation: DatedReport,
    ) -> Result<()> {
        process::record_oversight(&self.writer, ctx, client, provider, conversation).await
    }
    async fn refer_to_care(
        &self,
        ctx: &Ctx,
        client: ClientId,
        organisation: CareOrganisationId,
        referral: NewCareReferral,
    ) -> Result<CareReferralId> {
        process::refer_to_care(&self.writer, ctx, client, organisation, referral).await
    }
    async fn confirm_arrival(
        &self,
        ctx: &Ctx,
        client: ClientId,
        referral: CareReferralId,
        arrived_on: &str,
        confirmation: &str,
        note: &str,
    ) -> Result<()> {
        process::confirm_arrival(
            &self.writer,
            ctx,
            client,
            referral,
            arrived_on,
            confirmation,
            note,
        )
        .await
    }
    async fn end_care_referral(
        &self,
        ctx: &Ctx,
        client: ClientId,
        referral: CareReferralId,
        ended_on: &str,
        reason: &str,
    ) -> Result<()> {
        process::end_care_referral(&self.writer, ctx, client, referral, ended_on, reason).await
    }
    async fn referred_providers(
        &self,
        org: OrganisationId,
        client: ClientId,
    ) -> Result<Vec<ProviderId>> {
        process::referred_providers(&self.reader, org, client).await
    }
    async fn provider_clients(
        &self,
        org: OrganisationId,
        provider: ProviderId,
    ) -> Result<Vec<ProviderClientSummary>> {
        process::provider_clients(&self.reader, org, provider).await
    }
    async fn provider_client(
        &self,
        org: OrganisationId,
        provider: ProviderId,
        client: ClientId,
        today: Date,
    ) -> Result<ProviderClientView> {
        process::provider_client(&self.reader, org, provider, client, today).await
    }
    async fn create_employer(&self, ctx: &Ctx, employer: NewEmployer) -> Result<EmployerId> {
        work::create_employer(&self.writer, ctx, employer).await
    }
    async fn employers(&self, org: OrganisationId, today: Date) -> Result<Vec<Employer>> {
        work::employers(&self.reader, org, today).await
    }
    async fn employer(
        &self,
        org: OrganisationId,
        id: EmployerId,
        today: Date,
    ) -> Result<EmployerDetail> {
        work::employer(&self.reader, org, id, today).await
    }
    async fn record_employer_contact(
        &self,
        ctx: &Ctx,
        employer: EmployerId,
        contact: NewEmployerContact,
    ) -> Result<()> {
        work::record_employer_contact(&self.writer, ctx, employer, contact).await
    }
    async fn employer_contact_counts(
        &self,
        org: OrganisationId,
        from: Date,
        to: Date,
    ) -> Result<Vec<EmployerContactCount>> {
        work::employer_contact_counts(&self.reader, org, from, to).await
    }
    async fn create_vacancy(
        &self,
        ctx: &Ctx,
        employer: EmployerId,
        vacancy: NewVacancy,
    ) -> Result<VacancyId> {
        work::create_vacancy(&self.writer, ctx, employer, vacancy).await
    }
    async fn set_vacancy_status(
        &self,
        org: OrganisationId,
        vacancy: VacancyId,
        status: VacancyStatus,
    ) -> Result<()> {
        work::set_vacancy_status(&self.writer, org, vacancy, status).await
    }
    async fn vacancy(&self, org: OrganisationId, id: VacancyId) -> Result<VacancyDetail> {
        work::vacancy(&self.reader, org, id).await
    }
    async fn suggestions(
        &self,
        org: OrganisationId,
        vacancy: VacancyId,
    ) -> Result<Vec<SuggestedClient>> {
        work::suggestions(&self.reader, org, vacancy).await
    }
    async fn record_work_wishes(
        &self,
        ctx: &Ctx,
        client: ClientId,
        wishes: WorkWishes,
    ) -> Result<()> {
        work::record_work_wishes(&self.writer, ctx, client, wishes).await
    }
    async fn start_mediation(
        &self,
        ctx: &Ctx,
        client: ClientId,
        vacancy: VacancyId,
    ) -> Result<MediationId> {
        work::start_mediation(&self.writer, ctx, client, vacancy).await
    }
    async fn record_mediation_step(
        &self,
        ctx: &Ctx,
        client: ClientId,
        mediation: MediationId,
        step: MediationStep,
        on: &str,
        note: &str,
    ) -> Result<()> {
        work::record_mediation_step(&self.writer, ctx, client, mediation, step, on, note).await
    }
    async fn end_mediation(
        &self,
        ctx: &Ctx,
        client: ClientId,
        mediation: MediationId,
        result: MediationResult,
        on: &str,
        note: &str,
    ) -> Result<()> {
        work::end_mediation(&self.writer, ctx, client, mediation, result, on, note).await
    }
    async fn start_volunteering(
        &self,
        ctx: &Ctx,
        client: ClientId,
        organisation: CareOrganisationId,
        placement: NewVolunteerPlacement,
    ) -> Result<PlacementId> {
        work::start_volunteering(&self.writer, ctx, client, organisation, placement).await
    }
    async fn end_volunteering(
        &self,
        ctx: &Ctx,
        client: ClientId,
        placement: PlacementId,
        ends_on: &str,
        reason: &str,
    ) -> Result<()> {
        work::end_volunteering(&self.writer, ctx, client, placement, ends_on, reason).await
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
        work::register_outflow(&self.writer, ctx, client, outflow, explanation, months).await
    }
    async fn check_in_aftercare(
        &self,
        ctx: &Ctx,
        client: ClientId,
        on: &str,
        note: &str,
    ) -> Result<()> {
        work::check_in_aftercare(&self.writer, ctx, client, on, note).await
    }
    async fn consider_sanction(
        &self,
        ctx: &Ctx,
        client: ClientId,
        sanction: NewSanction,
    ) -> Result<SanctionId> {
        work::consider_sanction(&self.writer, ctx, client, sanction).await
    }
    async fn decide_sanction(
        &self,
        ctx: &Ctx,
        client: ClientId,
        sanction: SanctionId,
        on: &str,
        decision: &str,
        percent: &str,
        months: &str,
        reason: &str,
    ) -> Result<()> {
        work::decide_sanction(
            &self.writer,
            ctx,
            client,
            sanction,
            on,
            decision,
            percent,
            months,
            reason,
        )
        .await
    }
    async fn letter_templates(&self, org: OrganisationId) -> Result<Vec<LetterTemplate>> {
        work::letter_templates(&self.reader, org).await
    }
    async fn save_letter_template(&self, ctx: &Ctx, template: &LetterTemplate) -> Result<()> {
        work::save_letter_template(&self.writer, ctx, template).await
    }
    async fn produce_letter(
        &self,
        ctx: &Ctx,
        client: ClientId,
        template_key: &str,
    ) -> Result<LetterId> {
        // Templates are read on the writer, so a template saved a moment ago is used.
        work::produce_letter(&self.writer, ctx, client, template_key).await
    }
    async fn letter(
        &self,
        org: OrganisationId,
        client: ClientId,
        letter: LetterId,
    ) -> Result<Letter> {
        work::letter(&self.reader, org, client, letter).await
    }
    async fn instrument_use(
        &self,
        org: OrganisationId,
        from: Date,
        to: Date,
    ) -> Result<Vec<InstrumentUse>> {
        process::instrument_use(&self.reader, org, from, to).await
    }

    async fn close_client(&self, ctx: &Ctx, client: ClientId, reason: &str) -> Result<()> {
        commands::close_client(&self.writer, ctx, client, reason).await
    }

    async fn import_histories(
        &self,
        org: OrganisationId,
        clients: &[ImportedClient],
    ) -> Result<Vec<ClientId>> {
        bulk::import(&self.writer, org, clients).await
    }

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
        queries::client_card(&self.reader, org, client, today, &settings).await
    }

    async fn clients(
        &self,
        org: OrganisationId,
        filter: &ClientFilter,
        today: Date,
    ) -> Result<Vec<ClientSummary>> {
        let settings = self.organisation(org).await?.settings;
        queries::clients(&self.reader, org, filter, today, &settings).await
    }

    async fn handovers(
        &self,
        org: OrganisationId,
        filter: &HandoverFilter,
        today: Date,
    ) -> Result<Vec<HandoverView>> {
        let settings = self.organisation(org).await?.settings;
        queries::handovers(&self.reader, org, filter, None, today, &settings).await
    }

    async fn handover(
        &self,
        org: OrganisationId,
        id: HandoverId,
        today: Date,
    ) -> Result<HandoverView> {
        let settings = self.organisation(org).await?.settings;
        queries::handovers(
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
        roster::import(pool, ctx, &settings, file_name, bytes, options).await
    }

    async fn confirm_roster_run(&self, ctx: &Ctx, run: RosterRunId) -> Result<RosterOutcome> {
        let settings = self.organisation(ctx.organisation_id).await?.settings;
        roster::confirm(&self.writer, ctx, &settings, run).await
    }

    async fn cancel_roster_run(&self, ctx: &Ctx, run: RosterRunId) -> Result<()> {
        roster::cancel(&self.writer, ctx, run).await
    }

    async fn roster_runs(&self, org: OrganisationId) -> Result<Vec<RosterRunSummary>> {
        roster::runs(&self.reader, org, None).await
    }

    async fn roster_run(
        &self,
        org: OrganisationId,
        run: RosterRunId,
    ) -> Result<(RosterRunSummary, Vec<Ghost>)> {
        let summary = roster::runs(&self.reader, org, Some(run))
            .await?
            .into_iter()
            .next()
            .ok_or(StoreError::NotFound("roster run"))?;
        let mut conn = self.reader.acquire().await?;
        Ok((summary, roster::run_ghosts(&mut conn, run).await?))
    }

    async fn register_run_ghosts(&self, ctx: &Ctx, run: RosterRunId) -> Result<usize> {
        roster::register_run_ghosts(&self.writer, ctx, run).await
    }

    async fn event_feed(&self, org: OrganisationId, after_id: i64, limit: i64) -> Result<FeedPage> {
        effects::event_feed(&self.reader, org, after_id, limit).await
    }

    async fn create_result_agreement(
        &self,
        ctx: &Ctx,
        agreement: &NewResultAgreement,
    ) -> Result<AgreementId> {
        effects::create_agreement(&self.writer, ctx, agreement).await
    }

    async fn result_agreements(&self, org: OrganisationId) -> Result<Vec<ResultAgreement>> {
        effects::agreements(&self.reader, org).await
    }

    async fn withdraw_result_agreement(&self, ctx: &Ctx, id: AgreementId) -> Result<()> {
        effects::withdraw_agreement(&self.writer, ctx, id).await
    }

    async fn latest_ghost_resolution(
        &self,
        org: OrganisationId,
    ) -> Result<Option<GhostResolution>> {
        effects::latest_ghost_resolution(&self.reader, org).await
    }

    async fn log_processing(
        &self,
        org: OrganisationId,
        records: &[ProcessingRecord],
    ) -> Result<()> {
        logbook::append(&self.writer, self.log_key.as_ref(), org, records).await
    }

    async fn processing_log_for(
        &self,
        org: OrganisationId,
        bsn: &str,
        from: time::OffsetDateTime,
        to: time::OffsetDateTime,
    ) -> Result<Vec<LoggedProcessing>> {
        logbook::for_subject(&self.reader, self.log_key.as_ref(), org, bsn, from, to).await
    }

    async fn anonymise_closed_clients(&self, ctx: &Ctx) -> Result<Vec<ClientId>> {
        retention::anonymise_closed(&self.writer, ctx).await
    }

    async fn prune_processing_log(
        &self,
        before: time::OffsetDateTime,
        now: time::OffsetDateTime,
    ) -> Result<u64> {
        retention::prune_log(&self.writer, self.log_key.as_ref(), before, now).await
    }

    async fn processing_log_anchor(&self, at: time::OffsetDateTime) -> Result<LogAnchor> {
        logbook::anchor(&self.reader, at).await
    }

    async fn check_processing_log_anchors(&self, anchors: &[LogAnchor]) -> Result<Vec<Violation>> {
        logbook::check_anchors(&self.reader, anchors).await
    }

    async fn is_empty(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM organisations")
            .fetch_one(&self.reader)
            .await?;
        Ok(n == 0)
    }

    async fn check(&self) -> Result<Vec<Violation>> {
        check::check(&self.reader, self.log_key.as_ref()).await
    }
}
