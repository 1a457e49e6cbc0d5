//! Storage of one feature; see the crate documentation for the contract.

use async_trait::async_trait;
use time::Date;
use zicht_domain::{
    method::{MethodCommentId, MethodModuleId, MethodVersionId, NewModule, VersionText},
    OrganisationId,
};

use crate::{Ctx, MethodModule, MethodVersionFacts, Result};

/// The library of methods and protocols. Every change appends a row to the
/// library's history and keeps the current state in step, in one
/// transaction; the domain's rules are asked inside it.
#[async_trait]
pub trait MethodStore: Send + Sync {
    /// Stores a new module with its first version, a concept.
    async fn create_method_module(
        &self,
        ctx: &Ctx,
        module: &NewModule,
    ) -> Result<(MethodModuleId, MethodVersionId)>;
    /// Every module of the organisation with its versions, by title; where
    /// each version stands is said for `today`.
    async fn method_modules(&self, org: OrganisationId, today: Date) -> Result<Vec<MethodModule>>;
    /// One module with its versions, their comments and its history.
    async fn method_module(
        &self,
        org: OrganisationId,
        id: MethodModuleId,
        today: Date,
    ) -> Result<MethodModule>;
    /// The module, owner and status of one version of the organisation.
    async fn method_version_facts(
        &self,
        org: OrganisationId,
        id: MethodVersionId,
    ) -> Result<MethodVersionFacts>;
    /// Starts a new concept of `module`, based on `based_on` when given
    /// (a version of the same module); refused while a concept is open.
    async fn draft_method_version(
        &self,
        ctx: &Ctx,
        module: MethodModuleId,
        based_on: Option<MethodVersionId>,
        text: &VersionText,
    ) -> Result<MethodVersionId>;
    /// Changes a concept's text; a definitive version is refused unchanged.
    async fn edit_method_version(
        &self,
        ctx: &Ctx,
        version: MethodVersionId,
        text: &VersionText,
    ) -> Result<()>;
    /// A comment on a concept.
    async fn comment_method_version(
        &self,
        ctx: &Ctx,
        version: MethodVersionId,
        body: &str,
    ) -> Result<MethodCommentId>;
    /// Makes a concept definitive (who may, the act decides).
    async fn make_method_version_definitive(
        &self,
        ctx: &Ctx,
        version: MethodVersionId,
    ) -> Result<()>;
}
