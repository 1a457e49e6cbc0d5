//! Storage of one feature; see the crate documentation for the contract.

use async_trait::async_trait;
use time::OffsetDateTime;
use zicht_domain::{ClientId, OrganisationId};

use crate::{Ctx, LogAnchor, LoggedProcessing, ProcessingRecord, Result, Violation};

/// The Logboek Dataverwerkingen: appending, reading per person, anchors.
#[async_trait]
pub trait LogbookStore: Send + Sync {
    /// Appends records to the processing log, chained with the log key
    /// ([`StoreError::LogKeyMissing`] when the store was opened without one).
    async fn log_processing(&self, org: OrganisationId, records: &[ProcessingRecord])
        -> Result<()>;
    /// Who processed this person's data between two moments (needs the log key).
    async fn processing_log_for(
        &self,
        org: OrganisationId,
        bsn: &str,
        from: OffsetDateTime,
        to: OffsetDateTime,
    ) -> Result<Vec<LoggedProcessing>>;
    /// The head of the processing log, to keep outside the database.
    async fn processing_log_anchor(&self, at: OffsetDateTime) -> Result<LogAnchor>;
    /// Anchors taken before against the log as it is now: a record removed
    /// (other than by pruning) or rewritten since is a violation.
    async fn check_processing_log_anchors(&self, anchors: &[LogAnchor]) -> Result<Vec<Violation>>;
}

/// The retention term: anonymising closed files, pruning the log.
#[async_trait]
pub trait RetentionStore: Send + Sync {
    /// Anonymises the organisation's files closed longer ago than its
    /// retention term; returns which.
    async fn anonymise_closed_clients(&self, ctx: &Ctx) -> Result<Vec<ClientId>>;
    /// Removes processing-log records that started before `before`, signing
    /// where the chain now starts with the log key.
    async fn prune_processing_log(
        &self,
        before: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<u64>;
}

/// Invariants over the whole database, for `zicht check`.
#[async_trait]
pub trait IntegrityStore: Send + Sync {
    /// Whether the database holds no organisation yet (for `--demo`).
    async fn is_empty(&self) -> Result<bool>;
    /// Verifies every invariant over the whole database, all organisations;
    /// the processing log's chain only with the log key (without it, one
    /// violation says it could not be verified).
    async fn check(&self) -> Result<Vec<Violation>>;
}
