//! The two-sided handover and the other acts on a client, as pure decisions:
//! each takes the current [`ClientState`] and says which event may happen.
//!
//! Until the receiving team accepts, the sending side keeps the client.

use serde::{Deserialize, Serialize};
use time::Date;

pub use crate::handover_note::HandoverNote;
use crate::{
    calendar,
    client::{Owner, Phase},
    code::code_enum,
    error::DomainError,
    event::{
        ClientEvent, ClientState, HandoverEvent, PendingHandover, RegisterEvent, ReturnedHandover,
    },
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

code_enum! {
    pub enum HandoverStatus {
        Pending => "pending",
        Accepted => "accepted",
        Returned => "returned",
        Withdrawn => "withdrawn",
    }
    parse: exact
}

/// A handover offered on `offered_on` is overdue once more than
/// `limit` working days have passed without an answer.
pub fn is_overdue(offered_on: Date, today: Date, limit: u32) -> bool {
    calendar::working_days_between(offered_on, today) > i64::from(limit)
}

/// Something about a client's handovers that a side must act on, shown on
/// the caseload, the klantkaart and the inbox until it is dealt with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HandoverSignal {
    /// The receiving team sent the handover back: the client is with the
    /// sender again, who has neither offered it anew nor marked it seen.
    /// For the sending (owning) team.
    Returned {
        handover_id: HandoverId,
        /// The team that sent it back.
        by_team: TeamId,
        reason: String,
    },
    /// The offer has waited longer than the organisation's term for an
    /// answer. For both sides: the sender to chase it, the receiver to answer.
    Overdue {
        handover_id: HandoverId,
        from_team: TeamId,
        to_team: TeamId,
        offered_on: Date,
        working_days_waiting: i64,
        /// The organisation's term in working days.
        term: u32,
    },
}

/// Which handover signals a client has: a return the sender has not acted
/// on, and a pending offer (offered on the date given) past the term of
/// `overdue_term` working days. At most one of each; a client with a
/// pending offer has no unacted return, as offering again acts on it.
pub fn signals(
    returned: Option<&ReturnedHandover>,
    pending: Option<(&PendingHandover, Date)>,
    today: Date,
    overdue_term: u32,
) -> Vec<HandoverSignal> {
    let mut out = Vec::new();
    if let Some(r) = returned {
        out.push(HandoverSignal::Returned {
            handover_id: r.id,
            by_team: r.by_team,
            reason: r.reason.clone(),
        });
    }
    if let Some((p, offered_on)) = pending {
        if is_overdue(offered_on, today, overdue_term) {
            out.push(HandoverSignal::Overdue {
                handover_id: p.id,
                from_team: p.from.team_id,
                to_team: p.to_team,
                offered_on,
                working_days_waiting: calendar::working_days_between(offered_on, today),
                term: overdue_term,
            });
        }
    }
    out
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
        Ok(ClientEvent::Handover(HandoverEvent::Offered {
            handover_id: id,
            from: self.owner,
            to_team,
            to_employee: to_employee.map(|m| m.employee_id),
            note,
        }))
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
        Ok(ClientEvent::Handover(HandoverEvent::Accepted {
            handover_id: id,
            new_owner: Owner {
                team_id: pending.to_team,
                employee_id: new_caseworker.employee_id,
            },
        }))
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
        Ok(ClientEvent::Handover(HandoverEvent::Returned {
            handover_id: id,
            reason,
        }))
    }

    /// The handover signals of this client; `offered_on` is the date its
    /// pending handover was offered (the history keeps it beside the event).
    pub fn handover_signals(
        &self,
        offered_on: Option<Date>,
        today: Date,
        overdue_term: u32,
    ) -> Vec<HandoverSignal> {
        signals(
            self.returned.as_ref(),
            self.pending.as_ref().zip(offered_on),
            today,
            overdue_term,
        )
    }

    /// The sending team saw its handover come back and keeps the client, for
    /// a reason it gives; offering the client again is the other way to act.
    pub fn see_returned_handover(
        &self,
        actor: Actor,
        reason: &str,
    ) -> Result<ClientEvent, DomainError> {
        self.require_open()?;
        if actor.team_id != self.owner.team_id {
            return Err(DomainError::forbidden("not_owner_team"));
        }
        let returned = self
            .returned
            .as_ref()
            .ok_or(DomainError::conflict("no_returned_handover"))?;
        let reason = text::required(
            "reason",
            reason,
            "returned_seen_reason_required",
            text::LONG,
        )?;
        Ok(ClientEvent::Handover(HandoverEvent::ReturnSeen {
            handover_id: returned.id,
            reason,
        }))
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
        Ok(ClientEvent::Handover(HandoverEvent::Withdrawn {
            handover_id: id,
        }))
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
        Ok(ClientEvent::Register(RegisterEvent::PhaseChanged {
            from: self.phase,
            to,
        }))
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
        Ok(ClientEvent::Register(RegisterEvent::Closed { reason }))
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

    fn returned_client() -> ClientState {
        let mut s = ClientState::new(
            Phase::Intake,
            Owner {
                team_id: TeamId(0),
                employee_id: EmployeeId(1),
            },
        );
        s.apply(
            &s.offer_handover(HandoverId(7), actor(1), TeamId(2), None, note())
                .unwrap(),
        );
        s.apply(
            &s.return_handover(HandoverId(7), actor(4), "eerst schuldhulp")
                .unwrap(),
        );
        s
    }

    #[test]
    fn a_return_is_signalled_to_the_sender_until_offered_again() {
        use time::macros::date;
        let today = date!(2026 - 11 - 20);
        let mut s = returned_client();
        assert_eq!(
            s.handover_signals(None, today, 5),
            vec![HandoverSignal::Returned {
                handover_id: HandoverId(7),
                by_team: TeamId(2),
                reason: "eerst schuldhulp".into(),
            }]
        );
        // A new offer acts on the return: the signal is gone.
        s.apply(
            &s.offer_handover(HandoverId(8), actor(1), TeamId(1), None, note())
                .unwrap(),
        );
        assert_eq!(s.returned, None);
        assert_eq!(s.handover_signals(Some(today), today, 5), vec![]);
        // Accepted this time: nothing comes back.
        s.apply(
            &s.accept_handover(HandoverId(8), actor(2), member(3))
                .unwrap(),
        );
        assert_eq!(s.handover_signals(None, today, 5), vec![]);
    }

    #[test]
    fn seeing_a_return_needs_the_owner_team_and_a_reason() {
        let mut s = returned_client();
        let before = s.clone();
        assert_eq!(
            s.see_returned_handover(actor(1), " \n ").unwrap_err().code,
            "returned_seen_reason_required"
        );
        assert_eq!(
            s.see_returned_handover(actor(4), "blijft")
                .unwrap_err()
                .code,
            "not_owner_team"
        );
        assert_eq!(s, before);
        let seen = s
            .see_returned_handover(actor(0), "  klant blijft bij intake ")
            .unwrap();
        assert_eq!(
            seen,
            ClientEvent::Handover(HandoverEvent::ReturnSeen {
                handover_id: HandoverId(7),
                reason: "klant blijft bij intake".into(),
            })
        );
        s.apply(&seen);
        assert_eq!(s.returned, None);
        assert_eq!(s.owner.employee_id, EmployeeId(1));
        // Seen once is seen: a second time there is nothing to see.
        assert_eq!(
            s.see_returned_handover(actor(1), "nog eens")
                .unwrap_err()
                .code,
            "no_returned_handover"
        );
    }

    #[test]
    fn closing_the_file_ends_the_signal() {
        let mut s = returned_client();
        s.apply(&s.close(actor(1), "verhuisd").unwrap());
        assert_eq!(s.returned, None);
        assert_eq!(
            s.see_returned_handover(actor(1), "x").unwrap_err().code,
            "client_closed"
        );
    }

    #[test]
    fn an_overdue_offer_is_signalled_to_both_sides_once_past_the_term() {
        use time::macros::date;
        let mut s = ClientState::new(
            Phase::Intake,
            Owner {
                team_id: TeamId(0),
                employee_id: EmployeeId(0),
            },
        );
        s.apply(
            &s.offer_handover(HandoverId(3), actor(0), TeamId(1), None, note())
                .unwrap(),
        );
        // Offered Monday 16 Nov 2026, term five working days.
        let offered = date!(2026 - 11 - 16);
        assert_eq!(
            s.handover_signals(Some(offered), date!(2026 - 11 - 23), 5),
            vec![]
        );
        let overdue = HandoverSignal::Overdue {
            handover_id: HandoverId(3),
            from_team: TeamId(0),
            to_team: TeamId(1),
            offered_on: offered,
            working_days_waiting: 6,
            term: 5,
        };
        assert_eq!(
            s.handover_signals(Some(offered), date!(2026 - 11 - 24), 5),
            vec![overdue]
        );
        // Answered, it is no longer overdue for anyone.
        s.apply(&s.withdraw_handover(HandoverId(3), actor(1)).unwrap());
        assert_eq!(
            s.handover_signals(Some(offered), date!(2026 - 11 - 24), 5),
            vec![]
        );
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
        SeeReturn {
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
            e.clone().prop_map(|by| Op::Phase { by }),
            e.prop_map(|by| Op::SeeReturn { by }),
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
            let mut history = vec![ClientEvent::Register(RegisterEvent::Created {
                bsn: Some(crate::Bsn::parse("123456782").unwrap()),
                name: "Test".into(),
                birth_date: Some(time::macros::date!(1990 - 01 - 01)),
                particulars: String::new(),
                phase: Phase::Intake,
                owner: s.owner,
            })];
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
                    Op::SeeReturn { by } => s.see_returned_handover(actor(by), "blijft hier"),
                };
                if let Ok(event) = result {
                    s.apply(&event);
                    history.push(event.clone());
                    if !matches!(event, ClientEvent::Handover(HandoverEvent::Accepted { .. })) {
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
                // A return is signalled only while nothing else happened to
                // the handovers of an open client since it came back.
                if let Some(r) = &s.returned {
                    prop_assert!(s.open && s.pending.is_none());
                    let last = history.iter().rev().find(|e| matches!(e,
                        ClientEvent::Handover(HandoverEvent::Offered { .. }) | ClientEvent::Handover(HandoverEvent::Accepted { .. })
                        | ClientEvent::Handover(HandoverEvent::Returned { .. }) | ClientEvent::Handover(HandoverEvent::Withdrawn { .. })
                        | ClientEvent::Handover(HandoverEvent::ReturnSeen { .. })));
                    let came_back = matches!(last, Some(ClientEvent::Handover(HandoverEvent::Returned { handover_id, .. })) if *handover_id == r.id);
                    prop_assert!(came_back);
                    prop_assert_ne!(r.by_team, s.owner.team_id);
                }
                // The stored history always replays to the live state.
                let replayed = ClientState::replay(&history);
                prop_assert_eq!(replayed.as_ref(), Some(&s));
            }
        }
    }
}
