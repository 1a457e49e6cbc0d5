//! Storage of one feature; see the crate documentation for the contract.

use async_trait::async_trait;
use zicht_domain::{OrganisationId, RosterRunId};

use crate::{
    Ctx, Ghost, Result, RosterOptions, RosterOutcome, RosterReport, RosterRunSummary, StoreError,
};

/// Reconciling the register with the benefit roster.
#[async_trait]
pub trait RosterStore: Send + Sync {
    /// Imports a roster from the benefits administration and reconciles it
    /// with the register, guarded: its impact is worked out first, and a
    /// file without a valid row is refused, one that would change too much
    /// waits for confirmation (see [`zicht_domain::roster::decide`]); either
    /// is stored as a run and changes nothing else. A dry run writes
    /// nothing. With `register_ghosts`, ghosts become clients of an intake
    /// team in the same transaction.
    async fn import_roster(
        &self,
        ctx: &Ctx,
        file_name: &str,
        bytes: &[u8],
        options: RosterOptions,
    ) -> Result<RosterOutcome>;
    /// Applies a run awaiting confirmation from the file kept with it
    /// (`roster_run_not_awaiting` when there is none), its impact worked
    /// out anew; the run becomes applied.
    async fn confirm_roster_run(&self, ctx: &Ctx, run: RosterRunId) -> Result<RosterOutcome>;
    /// Lets a run awaiting confirmation lapse and drops its kept file.
    async fn cancel_roster_run(&self, ctx: &Ctx, run: RosterRunId) -> Result<()>;
    /// Imports and applies a roster whose impact the caller has accepted
    /// beforehand (the demo, the generator, benchmarks, tests): the guard's
    /// confirmation is given, its refusal (no valid row) is an error.
    async fn reconcile_roster(
        &self,
        ctx: &Ctx,
        file_name: &str,
        bytes: &[u8],
        register_ghosts: bool,
    ) -> Result<RosterReport> {
        let options = RosterOptions {
            register_ghosts,
            confirmed: true,
            ..RosterOptions::default()
        };
        match self.import_roster(ctx, file_name, bytes, options).await? {
            RosterOutcome::Applied(report) => Ok(report),
            RosterOutcome::NotApplied { run, .. } => Err(zicht_domain::DomainError::invalid(
                "file",
                run.reasons
                    .first()
                    .map_or("roster_no_valid_rows", |r| r.code()),
            )
            .into()),
            RosterOutcome::Preview(_) => Err(StoreError::Corrupt(
                "a roster import answered with a preview it was not asked for".into(),
            )),
        }
    }
    async fn roster_runs(&self, org: OrganisationId) -> Result<Vec<RosterRunSummary>>;
    /// One earlier run with the ghosts it found.
    async fn roster_run(
        &self,
        org: OrganisationId,
        run: RosterRunId,
    ) -> Result<(RosterRunSummary, Vec<Ghost>)>;
    /// Registers the ghosts of an earlier run that are still ghosts; returns how many.
    async fn register_run_ghosts(&self, ctx: &Ctx, run: RosterRunId) -> Result<usize>;
}
