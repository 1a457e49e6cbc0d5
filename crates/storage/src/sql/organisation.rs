//! The organisation, its teams and employees.

use sqlx::Row;
use zicht_domain::{
    access::Role,
    organisation::{Employee, Organisation, OrganisationSettings, Team, TeamKind},
    EmployeeId, OrganisationId, TeamId,
};

use super::{logbook, BackendStore, DbRow};
use crate::{LogKey, Result, StoreError};

/// An update meant for one row: none changed means it does not exist.
pub(crate) fn exactly_one(rows: u64, what: &'static str) -> Result<()> {
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
            reassessment_weeks: row.try_get::<i64, _>("reassessment_weeks")? as u32,
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

#[async_trait::async_trait]
impl crate::OrganisationStore for BackendStore {
    async fn create_organisation(
        &self,
        name: &str,
        settings: &OrganisationSettings,
    ) -> Result<OrganisationId> {
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO organisations (name, handover_overdue_working_days, no_contact_weeks, retention_years,
                 caseload_ceiling, return_window_months, care_arrival_days, aftercare_months,
                 roster_confirm_share, reassessment_weeks)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
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
        .bind(settings.reassessment_weeks as i64)
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
                 aftercare_months = $7, roster_confirm_share = $8, reassessment_weeks = $9
             WHERE id = $10",
        )
        .bind(settings.handover_overdue_working_days as i64)
        .bind(settings.no_contact_weeks as i64)
        .bind(settings.retention_years as i64)
        .bind(settings.caseload_ceiling as i64)
        .bind(settings.return_window_months as i64)
        .bind(settings.care_arrival_days as i64)
        .bind(settings.aftercare_months as i64)
        .bind(settings.roster_confirm_share as i64)
        .bind(settings.reassessment_weeks as i64)
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
}
