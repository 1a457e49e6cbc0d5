//! Accounts, sessions and sign-in throttling.

use sqlx::Row;
use zicht_domain::{access::Role, EmployeeId, OrganisationId};

use super::organisation::{employee_from_row, exactly_one};
use super::BackendStore;
use crate::{Credentials, Result, SessionRecord};

#[async_trait::async_trait]
impl crate::IdentityStore for BackendStore {
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
}
