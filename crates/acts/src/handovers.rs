//! Handovers between teams: offer, accept, return, withdraw, the sender
//! seeing a returned one, and reading them. A handover's note is read by who
//! may read the client, and by the team a pending offer is addressed to.

use serde::Deserialize;
use zicht_domain::{
    access::{may_read_handover, may_take_part_in_handover},
    handover::{HandoverNote, HandoverStatus},
    ClientId, DomainError, EmployeeId, HandoverId, TeamId,
};
use zicht_storage::{HandoverFilter, HandoverView};

use crate::{
    door::{casework, forbidden, Kind},
    Acts, Caller, Need,
};
use zicht_storage::LogStatus;

/// An offer of a client to another team, as typed in.
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default)]
pub struct HandoverInput {
    pub to_team_id: Option<i64>,
    pub to_employee_id: Option<i64>,
    pub reason: String,
    pub work_done: String,
    pub particulars: String,
    pub agreements: String,
}

/// What an act needs of a handover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandoverNeed {
    /// To read it and its note.
    Read,
    /// To decide on it.
    Decide,
}

/// A decision on a pending handover, taken by one of its sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision<'a> {
    /// The receiving team takes the client, with this caseworker (default:
    /// the one named in the offer, else the accepting employee).
    Accept(Option<EmployeeId>),
    /// The receiving team sends it back, saying why.
    Return(&'a str),
    /// The sending team takes its offer back.
    Withdraw,
}

impl Decision<'_> {
    fn operation(self) -> &'static str {
        match self {
            Decision::Accept(_) => "overdracht_accepteren",
            Decision::Return(_) => "overdracht_terugsturen",
            Decision::Withdraw => "overdracht_intrekken",
        }
    }
}

impl Acts {
    /// Offers client `id` to another team.
    pub async fn offer_handover(
        &self,
        who: &Caller,
        id: ClientId,
        input: HandoverInput,
    ) -> crate::Result<HandoverId> {
        self.on_file(who, id, Need::Change, "overdracht_aanbieden", async {
            let mut errors = Vec::new();
            if input.to_team_id.is_none() {
                errors.push(DomainError::invalid("to_team_id", "team_required"));
            }
            let note = HandoverNote::parse(
                &input.reason,
                &input.work_done,
                &input.particulars,
                &input.agreements,
            )
            .map_err(|e| errors.extend(e))
            .ok();
            let (Some(to_team), Some(note), true) = (input.to_team_id, note, errors.is_empty())
            else {
                return Err(errors.into());
            };
            self.store
                .offer_handover(
                    &who.ctx,
                    id,
                    TeamId(to_team),
                    input.to_employee_id.map(EmployeeId),
                    note,
                )
                .await
        })
        .await
    }

    /// The sender saw its handover come back and keeps the client; why, in
    /// `reason`.
    pub async fn see_returned_handover(
        &self,
        who: &Caller,
        id: ClientId,
        reason: &str,
    ) -> crate::Result<()> {
        let seen = self.store.see_returned_handover(&who.ctx, id, reason);
        let op = "teruggestuurde_overdracht_gezien";
        self.on_file(who, id, Need::Change, op, seen).await
    }

    /// Opens handover `id` for `operation`: to read its note (who may read
    /// the client, or the team a pending offer is addressed to) or to decide
    /// on it (its two teams). A refusal is logged as for a client's file.
    pub async fn open_handover(
        &self,
        who: &Caller,
        id: HandoverId,
        need: HandoverNeed,
        operation: &str,
    ) -> crate::Result<HandoverView> {
        casework(who, operation)?;
        let h = self
            .store
            .handover(who.organisation_id, id, who.today())
            .await?;
        let allowed = match need {
            HandoverNeed::Read => may_read(who, &h),
            HandoverNeed::Decide => {
                may_take_part_in_handover(&who.viewer(), h.from_team.id, h.to_team.id)
            }
        };
        if !allowed {
            self.refuse(who, operation, &h.client_bsn).await;
            return Err(forbidden());
        }
        Ok(h)
    }

    /// One handover with its note.
    pub async fn handover(&self, who: &Caller, id: HandoverId) -> crate::Result<HandoverView> {
        const OP: &str = "overdracht_lezen";
        let h = self.open_handover(who, id, HandoverNeed::Read, OP).await?;
        let bsn = h.client_bsn.clone();
        self.logged(who, OP, &bsn, Ok(h), Kind::Read).await
    }

    /// The handovers `filter` finds that `who` may read; one record per
    /// person shown.
    pub async fn handovers(
        &self,
        who: &Caller,
        filter: &HandoverFilter,
    ) -> crate::Result<Vec<HandoverView>> {
        self.handovers_as(who, filter, "overdrachten_lijst_lezen")
            .await
    }

    /// [`Acts::handovers`] for a page that shows them under its own
    /// operation (Vandaag).
    pub(crate) async fn handovers_as(
        &self,
        who: &Caller,
        filter: &HandoverFilter,
        operation: &str,
    ) -> crate::Result<Vec<HandoverView>> {
        casework(who, operation)?;
        let handovers: Vec<HandoverView> = self
            .store
            .handovers(who.organisation_id, filter, who.today())
            .await?
            .into_iter()
            .filter(|h| may_read(who, h))
            .collect();
        self.record(
            who,
            operation,
            LogStatus::Ok,
            handovers.iter().map(|h| h.client_bsn.as_str()),
        )
        .await?;
        Ok(handovers)
    }

    /// Decides a pending handover; only its two teams may, and the handover
    /// rules say which side takes which decision. Returns it as it is now.
    pub async fn decide_handover(
        &self,
        who: &Caller,
        id: HandoverId,
        decision: Decision<'_>,
    ) -> crate::Result<HandoverView> {
        let op = decision.operation();
        let h = self
            .open_handover(who, id, HandoverNeed::Decide, op)
            .await?;
        let done = match decision {
            Decision::Accept(caseworker) => {
                let caseworker = caseworker
                    .or(h.to_employee.as_ref().map(|e| e.id))
                    .unwrap_or(who.employee.id);
                self.store.accept_handover(&who.ctx, id, caseworker).await
            }
            Decision::Return(reason) => self.store.return_handover(&who.ctx, id, reason).await,
            Decision::Withdraw => self.store.withdraw_handover(&who.ctx, id).await,
        };
        self.logged(who, op, &h.client_bsn, done, Kind::Change)
            .await?;
        self.store
            .handover(who.organisation_id, id, who.today())
            .await
    }
}

/// Whether `who` may read a handover and its note.
pub fn may_read(who: &Caller, h: &HandoverView) -> bool {
    may_read_handover(
        &who.viewer(),
        &h.client_scope,
        h.to_team.id,
        h.status == HandoverStatus::Pending,
    )
}
