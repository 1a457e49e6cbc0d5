//! Storage of one feature; see the crate documentation for the contract.

use async_trait::async_trait;
use time::OffsetDateTime;
use zicht_domain::{
    access::Role,
    organisation::{Employee, Organisation, OrganisationSettings, Team, TeamKind},
    EmployeeId, OrganisationId, TeamId,
};

use crate::{Credentials, Result, SessionRecord};

/// The organisation, its teams and employees: reference data every act reads.
#[async_trait]
pub trait OrganisationStore: Send + Sync {
    async fn create_organisation(
        &self,
        name: &str,
        settings: &OrganisationSettings,
    ) -> Result<OrganisationId>;
    async fn organisation(&self, id: OrganisationId) -> Result<Organisation>;
    async fn organisations(&self) -> Result<Vec<Organisation>>;
    async fn update_settings(
        &self,
        id: OrganisationId,
        settings: &OrganisationSettings,
    ) -> Result<()>;
    async fn create_team(&self, org: OrganisationId, name: &str, kind: TeamKind) -> Result<TeamId>;
    async fn teams(&self, org: OrganisationId) -> Result<Vec<Team>>;
    async fn create_employee(
        &self,
        org: OrganisationId,
        team: TeamId,
        name: &str,
        email: &str,
        hours_per_week: u32,
    ) -> Result<EmployeeId>;
    async fn employees(&self, org: OrganisationId) -> Result<Vec<Employee>>;
    /// Resolves an employee across organisations, to establish who acts.
    async fn employee(&self, id: EmployeeId) -> Result<(OrganisationId, Employee)>;
}

/// Accounts, sessions and sign-in throttling.
#[async_trait]
pub trait IdentityStore: Send + Sync {
    async fn set_role(&self, employee: EmployeeId, role: Role) -> Result<()>;
    /// Sets the password hash and ends every session of the account.
    async fn set_password_hash(&self, employee: EmployeeId, hash: &str) -> Result<()>;
    /// The account behind an e-mail address (case-insensitive), for sign-in.
    async fn credentials(&self, email: &str) -> Result<Option<Credentials>>;
    async fn create_session(&self, session: &SessionRecord) -> Result<()>;
    async fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>>;
    async fn touch_session(&self, token_hash: &str, at: OffsetDateTime) -> Result<()>;
    async fn delete_session(&self, token_hash: &str) -> Result<()>;
    async fn record_login_failure(&self, key: &str, at: OffsetDateTime) -> Result<()>;
    async fn login_failures_since(&self, key: &str, since: OffsetDateTime) -> Result<i64>;
    async fn clear_login_failures(&self, key: &str) -> Result<()>;
}
