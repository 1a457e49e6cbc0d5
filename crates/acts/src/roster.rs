//! Reconciling the register with the benefit roster: upload (with its guard
//! against a wrong file), confirm or cancel a run waiting for confirmation,
//! the runs and their ghosts, and registering the ghosts. One act for the
//! API, the page and the command line alike.

use zicht_domain::{roster::RosterRunStatus, RosterRunId};
use zicht_storage::{Ghost, RosterOptions, RosterOutcome, RosterReport, RosterRunSummary};

use crate::{door::casework, Acts, Caller};
use zicht_storage::LogStatus;

/// Everyone whose data an applied run's report shows, once each.
pub fn subjects(r: &RosterReport) -> Vec<&str> {
    let mut out: Vec<&str> = r.ghosts.iter().map(|g| g.bsn.as_str()).collect();
    for list in [&r.benefit_ended, &r.not_in_roster, &r.no_contact] {
        out.extend(list.iter().map(|c| c.bsn.as_str()));
    }
    out.extend(r.overdue_handovers.iter().map(|h| h.client_bsn.as_str()));
    out.sort_unstable();
    out.dedup();
    out
}

const RECONCILE: &str = "uitkeringsbestand_afstemmen";

impl Acts {
    /// Reconciles the register with a roster file. A run the guard stops,
    /// or a dry run, changes nothing and shows no person; an applied run's
    /// report is logged for everyone it shows.
    pub async fn reconcile_roster(
        &self,
        who: &Caller,
        file_name: &str,
        bytes: &[u8],
        options: RosterOptions,
    ) -> crate::Result<RosterOutcome> {
        casework(who, RECONCILE)?;
        let name: String = file_name.chars().filter(|c| !c.is_control()).collect();
        let outcome = self
            .store
            .import_roster(&who.ctx, &name, bytes, options)
            .await?;
        self.log_applied(who, &outcome).await?;
        Ok(outcome)
    }

    /// Applies a run that waited for confirmation, from the file kept with it.
    pub async fn confirm_roster_run(
        &self,
        who: &Caller,
        run: RosterRunId,
    ) -> crate::Result<RosterOutcome> {
        casework(who, RECONCILE)?;
        let outcome = self.store.confirm_roster_run(&who.ctx, run).await?;
        self.log_applied(who, &outcome).await?;
        Ok(outcome)
    }

    /// Lets a run awaiting confirmation lapse; nothing changes.
    pub async fn cancel_roster_run(&self, who: &Caller, run: RosterRunId) -> crate::Result<()> {
        casework(who, RECONCILE)?;
        self.store.cancel_roster_run(&who.ctx, run).await
    }

    async fn log_applied(&self, who: &Caller, outcome: &RosterOutcome) -> crate::Result<()> {
        if let RosterOutcome::Applied(report) = outcome {
            self.record(who, RECONCILE, LogStatus::Ok, subjects(report))
                .await?;
        }
        Ok(())
    }

    /// The runs so far, newest first: counts only, no person.
    pub async fn roster_runs(&self, who: &Caller) -> crate::Result<Vec<RosterRunSummary>> {
        casework(who, "afstemmingen_lezen")?;
        self.store.roster_runs(who.organisation_id).await
    }

    /// One run with its ghosts (people on the roster, not in the register),
    /// logged as read. A run that was not applied shows counts only.
    pub async fn roster_run(
        &self,
        who: &Caller,
        run: RosterRunId,
    ) -> crate::Result<(RosterRunSummary, Vec<Ghost>)> {
        const OP: &str = "spookklanten_lezen";
        casework(who, OP)?;
        let (summary, mut ghosts) = self.store.roster_run(who.organisation_id, run).await?;
        if summary.status != RosterRunStatus::Applied {
            ghosts.clear();
        }
        self.record(
            who,
            OP,
            LogStatus::Ok,
            ghosts.iter().map(|g| g.bsn.as_str()),
        )
        .await?;
        Ok((summary, ghosts))
    }

    /// Registers the ghosts of an applied run as clients of the intake team.
    pub async fn register_run_ghosts(
        &self,
        who: &Caller,
        run: RosterRunId,
    ) -> crate::Result<usize> {
        const OP: &str = "spookklanten_inschrijven";
        casework(who, OP)?;
        let count = self.store.register_run_ghosts(&who.ctx, run).await?;
        let (_, ghosts) = self.store.roster_run(who.organisation_id, run).await?;
        let registered = ghosts
            .iter()
            .filter(|g| g.registered_as.is_some())
            .map(|g| g.bsn.as_str());
        self.record(who, OP, LogStatus::Ok, registered).await?;
        Ok(count)
    }
}
