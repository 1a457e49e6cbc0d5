//! The two-sided handover and the other acts on a client, as pure decisions:
//! each takes the current [`ClientState`] and says which event may happen.
//!
//! Until the receiving team accepts, the sending side keeps the client.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::{
    calendar,
    client::{Owner, Phase},
    error::DomainError,
    event::{ClientEvent, ClientState},
    ids::{EmployeeId, HandoverId, TeamId},
    text,
};

/// The employee doing something, with the team they belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub employee_id: EmployeeId,
    pub team_id: TeamId,
}

/// An employee picked as a new owner, with the team they belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub employee_id: EmployeeId,
    pub team_id: TeamId,
}

/// The structured note that travels with a handover, instead of a post-it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverNote {
    /// Why the client moves to the other team.
    pub reason: String,
    /// What has been done with the client so far.
    pub work_done: String,
    /// What is particular about this client.
    pub particulars: String,
    /// What has been agreed with the client.
    pub agreements: String,
}

impl HandoverNote {
    pub fn parse(
        reason: &str,
        work_done: &str,
        particulars: &str,
        agreements: &str,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let mut take =
            |r: Result<String, DomainError>| r.map_err(|e| errors.push(e)).unwrap_or_default();
        let note = HandoverNote {
            reason: take(text::required(
                "reason",
                reason,
                "handover_reason_required",
                text::LONG,
            )),
            work_done: take(text::required(
                "work_done",
                work_done,
                "handover_done_required",
                text::LONG,
            )),
            particulars: take(text::optional("particulars", particulars, text::LONG)),
            agreements: take(text::required(
                "agreements",
                agreements,
                "handover_agreements_required",
                text::LONG,
            )),
        };
        if errors.is_empty() {
            Ok(note)
        } else {
            Err(errors)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandoverStatus {
    Pending,
    Accepted,
    Returned,
    Withdrawn,
}

impl HandoverStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            HandoverStatus::Pending => "pending",
            HandoverStatus::Accepted => "accepted",
            HandoverStatus::Returned => "returned",
            HandoverStatus::Withdrawn => "withdrawn",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Pending,
            Self::Accepted,
            Self::Returned,
            Self::Withdrawn,
        ]
        .into_iter()
        .find(|h| h.as_str() == s)
    }
    pub fn label_nl(self) -> &'static str {
        match self {
            HandoverStatus::Pending => "openstaand",
            HandoverStatus::Accepted => "geaccepteerd",
            HandoverStatus::Returned => "teruggestuurd",
            HandoverStatus::Withdrawn => "ingetrokken",
        }
    }
}

/// A handover offered on `offered_on` is overdue once more than
/// `limit` working days have passed without an answer.
pub fn is_overdue(offered_on: Date, today: Date, limit: u32) -> bool {
    calendar::working_days_between(offered_on, today) > i64::from(limit)
}

impl ClientState {
    fn require_open(&self) -> Result<(), DomainError> {
        if self.open {
            Ok(())
        } else {
            Err(DomainError::conflict("client_closed"))
        }
    }

    fn pending_with(&self, id: HandoverId) -> Result<&crate::event::PendingHandover, DomainError> {
        self.pending
            .as_ref()
            .filter(|p| p.id == id)
            .ok_or(DomainError::conflict("handover_not_pending"))
    }

    /// The owning team offers the client to another team.
    pub fn offer_handover(
        &self,
        id: HandoverId,
        actor: Actor,
        to_team: TeamId,
        to_employee: Option<Member>,
        note: HandoverNote,
    ) -> Result<ClientEvent, DomainError> {
        self.require_open()?;
        if actor.team_id != self.owner.team_id {
            return Err(DomainError::forbidden("not_owner_team"));
        }
        if self.pending.is_some() {
            return Err(DomainError::conflict("handover_pending"));
        }
        if to_team == self.owner.team_id {
            return Err(DomainError::invalid("to_team", "handover_same_team"));
        }
        if let Some(m) = to_employee {
            if m.team_id != to_team {
                return Err(DomainError::invalid("to_employee", "employee_not_in_team"));
            }
        }
        Ok(ClientEvent::HandoverOffered {
            handover_id: id,
            from: self.owner,
            to_team,
            to_employee: to_employee.map(|m| m.employee_id),
            note,
        })
    }

    /// The receiving team accepts and names the caseworker who takes over.
    pub fn accept_handover(
        &self,
        id: HandoverId,
        actor: Actor,
        new_caseworker: Member,
    ) -> Result<ClientEvent, DomainError> {
        self.require_open()?;
        let pending = self.pending_with(id)?;
        if actor.team_id != pending.to_team {
            return Err(DomainError::forbidden("not_receiving_team"));
        }
        if new_caseworker.team_id != pending.to_team {
            return Err(DomainError::invalid("employee_id", "employee_not_in_team"));
        }
        Ok(ClientEvent::HandoverAccepted {
            handover_id: id,
            new_owner: Owner {
                team_id: pending.to_team,
                employee_id: new_caseworker.employee_id,
            },
        })
    }

    /// The receiving team sends the handover back; a reason is mandatory.
    pub fn return_handover(
        &self,
        id: HandoverId,
        actor: Actor,
        reason: &str,
    ) -> Result<ClientEvent, DomainError> {
        self.require_open()?;
        let pending = self.pending_with(id)?;
        if actor.team_id != pending.to_team {
            return Err(DomainError::forbidden("not_receiving_team"));
        }
        let reason = text::required("reason", reason, "return_reason_required", text::LONG)?;
        Ok(ClientEvent::HandoverReturned {
            handover_id: id,
            reason,
        })
    }

    /// The sending team takes its offer back.
    pub fn withdraw_handover(
        &self,
        id: HandoverId,
        actor: Actor,
    ) -> Result<ClientEvent, DomainError> {
        self.require_open()?;
        let pending = self.pending_with(id)?;
        if actor.team_id != pending.from.team_id {
            return Err(DomainError::forbidden("not_sending_team"));
        }
        Ok(ClientEvent::HandoverWithdrawn { handover_id: id })
    }

    /// Moves the client to another phase; only the owning team may.
    pub fn change_phase(&self, actor: Actor, to: Phase) -> Result<ClientEvent, DomainError> {
        self.require_open()?;
        if actor.team_id != self.owner.team_id {
            return Err(DomainError::forbidden("not_owner_team"));
        }
        if to == self.phase {
            return Err(DomainError::invalid("phase", "phase_unchanged"));
        }
        Ok(ClientEvent::PhaseChanged {
            from: self.phase,
            to,
        })
    }

    /// Closes the file; a reason is mandatory and no handover may be pending,
    /// so a client cannot disappear halfway through a handover.
    pub fn close(&self, actor: Actor, reason: &str) -> Result<ClientEvent, DomainError> {
        self.require_open()?;
        if actor.team_id != self.owner.team_id {
            return Err(DomainError::forbidden("not_owner_team"));
        }
        let reason = crate::client::parse_close_reason(reason)?;
        if self.pending.is_some() {
            return Err(DomainError::conflict("handover_pending_on_close"));
        }
        Ok(ClientEvent::Closed { reason })
    }

    /// Contacts and assessments may be recorded by anyone who works with an
    /// open client; access rules per role come with the identity issue.
    pub fn may_record(&self) -> Result<(), DomainError> {
        self.require_open()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Phase;
    use proptest::prelude::*;

    fn note() -> HandoverNote {
        HandoverNote::parse("naar werk", "intake gedaan", "", "start maandag").unwrap()
    }

    const TEAMS: i64 = 3;
    const PER_TEAM: i64 = 2;

    fn member(e: i64) -> Member {
        Member {
            employee_id: EmployeeId(e),
            team_id: TeamId(e / PER_TEAM),
        }
    }
    fn actor(e: i64) -> Actor {
        Actor {
            employee_id: EmployeeId(e),
            team_id: TeamId(e / PER_TEAM),
        }
    }

    #[test]
    fn note_requires_reason_done_and_agreements() {
        let errs = HandoverNote::parse(" ", "", "bijzonder", "").unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.unwrap()).collect();
        assert_eq!(fields, vec!["reason", "work_done", "agreements"]);
    }

    #[test]
    fn sender_keeps_client_until_accepted() {
        let mut s = ClientState::new(
            Phase::Intake,
            Owner {
                team_id: TeamId(0),
                employee_id: EmployeeId(0),
            },
        );
        let offer = s
            .offer_handover(HandoverId(1), actor(0), TeamId(1), None, note())
            .unwrap();
        s.apply(&offer);
        assert_eq!(s.owner.team_id, TeamId(0));
        assert_eq!(
            s.offer_handover(HandoverId(2), actor(1), TeamId(2), None, note())
                .unwrap_err()
                .code,
            "handover_pending"
        );
        assert_eq!(
            s.accept_handover(HandoverId(1), actor(4), member(4))
                .unwrap_err()
                .code,
            "not_receiving_team"
        );
        assert_eq!(
            s.accept_handover(HandoverId(1), actor(2), member(4))
                .unwrap_err()
                .code,
            "employee_not_in_team"
        );
        assert_eq!(
            s.withdraw_handover(HandoverId(1), actor(2))
                .unwrap_err()
                .code,
            "not_sending_team"
        );
        assert_eq!(
            s.close(actor(0), "weg").unwrap_err().code,
            "handover_pending_on_close"
        );
        let accepted = s
            .accept_handover(HandoverId(1), actor(2), member(3))
            .unwrap();
        s.apply(&accepted);
        assert_eq!(
            s.owner,
            Owner {
                team_id: TeamId(1),
                employee_id: EmployeeId(3)
            }
        );
        assert_eq!(
            s.accept_handover(HandoverId(1), actor(2), member(3))
                .unwrap_err()
                .code,
            "handover_not_pending"
        );
    }

    #[test]
    fn return_needs_reason_and_keeps_owner() {
        let mut s = ClientState::new(
            Phase::Intake,
            Owner {
                team_id: TeamId(0),
                employee_id: EmployeeId(1),
            },
        );
        s.apply(
            &s.offer_handover(HandoverId(7), actor(1), TeamId(2), Some(member(5)), note())
                .unwrap(),
        );
        assert_eq!(
            s.return_handover(HandoverId(7), actor(4), "  ")
                .unwrap_err()
                .code,
            "return_reason_required"
        );
        s.apply(
            &s.return_handover(HandoverId(7), actor(4), "hoort bij participatie")
                .unwrap(),
        );
        assert_eq!(s.pending, None);
        assert_eq!(s.owner.employee_id, EmployeeId(1));
    }

    #[test]
    fn cannot_offer_to_own_team_or_named_outsider() {
        let s = ClientState::new(
            Phase::Intake,
            Owner {
                team_id: TeamId(0),
                employee_id: EmployeeId(0),
            },
        );
        assert_eq!(
            s.offer_handover(HandoverId(1), actor(0), TeamId(0), None, note())
                .unwrap_err()
                .code,
            "handover_same_team"
        );
        assert_eq!(
            s.offer_handover(HandoverId(1), actor(0), TeamId(1), Some(member(4)), note())
                .unwrap_err()
                .code,
            "employee_not_in_team"
        );
        assert_eq!(
            s.offer_handover(HandoverId(1), actor(3), TeamId(2), None, note())
                .unwrap_err()
                .code,
            "not_owner_team"
        );
    }

    #[test]
    fn overdue_after_limit_working_days() {
        use time::macros::date;
        // Offered Monday 16 Nov 2026; five working days later is Monday 23 Nov.
        assert!(!is_overdue(date!(2026 - 11 - 16), date!(2026 - 11 - 23), 5));
        assert!(is_overdue(date!(2026 - 11 - 16), date!(2026 - 11 - 24), 5));
    }

    #[derive(Debug, Clone)]
    enum Op {
        Offer {
            by: i64,
            to_team: i64,
            named: Option<i64>,
        },
        Accept {
            by: i64,
            caseworker: i64,
        },
        Return {
            by: i64,
        },
        Withdraw {
            by: i64,
        },
        Close {
            by: i64,
        },
        Phase {
            by: i64,
        },
    }

    fn op() -> impl Strategy<Value = Op> {
        let e = 0..TEAMS * PER_TEAM;
        prop_oneof![
            (
                e.clone(),
                0..TEAMS,
                proptest::option::of(0..TEAMS * PER_TEAM)
            )
                .prop_map(|(by, to_team, named)| Op::Offer { by, to_team, named }),
            (e.clone(), e.clone()).prop_map(|(by, caseworker)| Op::Accept { by, caseworker }),
            e.clone().prop_map(|by| Op::Return { by }),
            e.clone().prop_map(|by| Op::Withdraw { by }),
            e.clone().prop_map(|by| Op::Close { by }),
            e.prop_map(|by| Op::Phase { by }),
        ]
    }

    proptest! {
        /// Whatever sequence of acts people attempt, an open client always has
        /// exactly one owner whose caseworker belongs to the owning team, the
        /// owner changes only by an accepted handover, and at most one handover
        /// is pending.
        #[test]
        fn ownership_invariant_holds(ops in proptest::collection::vec(op(), 1..60)) {
            let mut s = ClientState::new(Phase::Intake, Owner { team_id: TeamId(0), employee_id: EmployeeId(0) });
            let mut history = vec![ClientEvent::Created {
                bsn: Some(crate::Bsn::parse("123456782").unwrap()),
                name: "Test".into(),
                birth_date: Some(time::macros::date!(1990 - 01 - 01)),
                particulars: String::new(),
                phase: Phase::Intake,
                owner: s.owner,
            }];
            let mut next_id = 1;
            for op in ops {
                let before = s.clone();
                let pending_id = s.pending.as_ref().map(|p| p.id).unwrap_or(HandoverId(0));
                let result = match op {
                    Op::Offer { by, to_team, named } => {
                        next_id += 1;
                        s.offer_handover(HandoverId(next_id), actor(by), TeamId(to_team), named.map(member), note())
                    }
                    Op::Accept { by, caseworker } => s.accept_handover(pending_id, actor(by), member(caseworker)),
                    Op::Return { by } => s.return_handover(pending_id, actor(by), "past niet"),
                    Op::Withdraw { by } => s.withdraw_handover(pending_id, actor(by)),
                    Op::Close { by } => s.close(actor(by), "verhuisd"),
                    Op::Phase { by } => s.change_phase(actor(by), if s.phase == Phase::Intake { Phase::Diagnose } else { Phase::Intake }),
                };
                if let Ok(event) = result {
                    s.apply(&event);
                    history.push(event.clone());
                    if !matches!(event, ClientEvent::HandoverAccepted { .. }) {
                        prop_assert_eq!(s.owner, before.owner, "owner changed without acceptance");
                    } else {
                        prop_assert_eq!(Some(s.owner.team_id), before.pending.as_ref().map(|p| p.to_team));
                    }
                } else {
                    prop_assert_eq!(&s, &before, "a refused act changed the state");
                }
                if s.open {
                    prop_assert_eq!(s.owner.team_id, TeamId(s.owner.employee_id.0 / PER_TEAM));
                    if let Some(p) = &s.pending {
                        prop_assert_eq!(p.from, s.owner);
                        prop_assert_ne!(p.to_team, s.owner.team_id);
                    }
                } else {
                    prop_assert!(s.pending.is_none());
                }
                // The stored history always replays to the live state.
                let replayed = ClientState::replay(&history);
                prop_assert_eq!(replayed.as_ref(), Some(&s));
            }
        }
    }
}
