//! The append-only history of a client, and the state it folds into.
//!
//! Events are grouped by feature, one enum each, so a feature's events, its
//! projection and its rules are listed in one place. The stored JSON is the
//! feature event's own (`{"type": "goal_set", ...}`), as before the grouping.
//!
//! Storage keeps a projection of [`ClientState`] in step with the events in
//! the same transaction; `zicht check` replays the events and compares.

mod handover;
mod process;
mod register;
mod work;

pub use handover::HandoverEvent;
pub use process::ProcessEvent;
pub use register::RegisterEvent;
pub use work::WorkEvent;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::{
    client::{BenefitStatus, Owner, Phase},
    ids::{EmployeeId, HandoverId, TeamId},
    skills::SkillSet,
};

/// What replaces personal free text when a file is anonymised.
const GONE: &str = "[verwijderd]";

/// Something that happened to a client. Never changed once stored.
///
/// Untagged on purpose: each feature's enum carries the `type` tag, so the
/// stored JSON names the event, not its group, and old rows read unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ClientEvent {
    Register(RegisterEvent),
    Handover(HandoverEvent),
    Process(ProcessEvent),
    Work(WorkEvent),
}

impl From<RegisterEvent> for ClientEvent {
    fn from(e: RegisterEvent) -> Self {
        ClientEvent::Register(e)
    }
}

impl From<HandoverEvent> for ClientEvent {
    fn from(e: HandoverEvent) -> Self {
        ClientEvent::Handover(e)
    }
}

impl From<ProcessEvent> for ClientEvent {
    fn from(e: ProcessEvent) -> Self {
        ClientEvent::Process(e)
    }
}

impl From<WorkEvent> for ClientEvent {
    fn from(e: WorkEvent) -> Self {
        ClientEvent::Work(e)
    }
}

impl ClientEvent {
    /// Stable name stored beside the payload, for queries and the timeline;
    /// the same as the payload's `type`.
    pub fn kind(&self) -> &'static str {
        match self {
            ClientEvent::Register(e) => e.into(),
            ClientEvent::Handover(e) => e.into(),
            ClientEvent::Process(e) => e.into(),
            ClientEvent::Work(e) => e.into(),
        }
    }

    /// Every kind of event there is, as [`ClientEvent::kind`] names them.
    pub fn kinds() -> impl Iterator<Item = &'static str> {
        use strum::VariantNames;
        [
            RegisterEvent::VARIANTS,
            HandoverEvent::VARIANTS,
            ProcessEvent::VARIANTS,
            WorkEvent::VARIANTS,
        ]
        .into_iter()
        .flatten()
        .copied()
    }

    /// Whether this belongs to the re-integration process or work, kept in
    /// tables of their own.
    pub fn is_process(&self) -> bool {
        matches!(self, ClientEvent::Process(_) | ClientEvent::Work(_))
    }

    /// The same event without personal data: names, numbers and free text go;
    /// dates, phases, owners and skills stay, so the history still adds up.
    pub fn anonymised(&self) -> ClientEvent {
        let mut e = self.clone();
        match &mut e {
            ClientEvent::Register(e) => e.anonymise(),
            ClientEvent::Handover(e) => e.anonymise(),
            ClientEvent::Process(e) => e.anonymise(),
            ClientEvent::Work(e) => e.anonymise(),
        }
        e
    }
}

/// A handover waiting for the receiving team's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingHandover {
    pub id: HandoverId,
    pub from: Owner,
    pub to_team: TeamId,
    pub to_employee: Option<EmployeeId>,
}

/// A handover the receiving team sent back that the sending team has not
/// acted on yet: signalled until the client is offered again or the sender
/// marks the return seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnedHandover {
    pub id: HandoverId,
    /// The team that sent it back.
    pub by_team: TeamId,
    pub reason: String,
}

/// What the history of one client adds up to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientState {
    pub open: bool,
    pub owner: Owner,
    pub phase: Phase,
    pub benefit_status: BenefitStatus,
    pub pending: Option<PendingHandover>,
    /// The last handover, when it came back and the sender has not acted on it.
    pub returned: Option<ReturnedHandover>,
    pub last_contact: Option<Date>,
    /// The assessment with the latest date (the later recorded on a tie).
    pub latest_skills: Option<(Date, SkillSet)>,
}

impl ClientState {
    /// The state right after registration.
    pub fn new(phase: Phase, owner: Owner) -> Self {
        ClientState {
            open: true,
            owner,
            phase,
            benefit_status: BenefitStatus::Unknown,
            pending: None,
            returned: None,
            last_contact: None,
            latest_skills: None,
        }
    }

    /// Folds a whole history; `None` when it does not start with `Created`.
    pub fn replay<'a>(events: impl IntoIterator<Item = &'a ClientEvent>) -> Option<ClientState> {
        let mut events = events.into_iter();
        let mut state = match events.next()? {
            ClientEvent::Register(RegisterEvent::Created { phase, owner, .. }) => {
                ClientState::new(*phase, *owner)
            }
            _ => return None,
        };
        for e in events {
            state.apply(e);
        }
        Some(state)
    }

    /// Applies one event that the rules in [`crate::handover`] allowed.
    pub fn apply(&mut self, event: &ClientEvent) {
        match event {
            ClientEvent::Register(e) => self.apply_register(e),
            ClientEvent::Handover(e) => self.apply_handover(e),
            // The re-integration process and work have their own tables; the
            // register's state (owner, phase, contact, skills) does not change.
            ClientEvent::Process(_) | ClientEvent::Work(_) => {}
        }
    }

    fn apply_register(&mut self, event: &RegisterEvent) {
        match event {
            RegisterEvent::Created { phase, owner, .. } => *self = ClientState::new(*phase, *owner),
            RegisterEvent::AssessmentRecorded {
                skills,
                assessed_on,
                ..
            } => {
                if self.latest_skills.is_none_or(|(d, _)| *assessed_on >= d) {
                    self.latest_skills = Some((*assessed_on, *skills));
                }
            }
            RegisterEvent::ContactRecorded { date, .. } => {
                // Contacts may be recorded late; the latest date wins.
                self.last_contact = Some(self.last_contact.map_or(*date, |d| d.max(*date)));
            }
            RegisterEvent::PhaseChanged { to, .. } => self.phase = *to,
            RegisterEvent::BenefitStatusChanged { to, .. } => self.benefit_status = *to,
            RegisterEvent::Closed { .. } => {
                self.open = false;
                self.pending = None;
                // A closed file is on nobody's caseload: nothing to signal.
                self.returned = None;
            }
            // Contact details are kept in the clients table, not in the state
            // the rules decide on.
            RegisterEvent::Anonymised | RegisterEvent::ContactDetailsChanged { .. } => {}
        }
    }

    fn apply_handover(&mut self, event: &HandoverEvent) {
        match event {
            HandoverEvent::Offered {
                handover_id,
                from,
                to_team,
                to_employee,
                ..
            } => {
                self.pending = Some(PendingHandover {
                    id: *handover_id,
                    from: *from,
                    to_team: *to_team,
                    to_employee: *to_employee,
                });
                // Offering again is acting on an earlier return.
                self.returned = None;
            }
            HandoverEvent::Accepted { new_owner, .. } => {
                self.owner = *new_owner;
                self.pending = None;
            }
            HandoverEvent::Returned {
                handover_id,
                reason,
            } => {
                self.returned = self.pending.take().map(|p| ReturnedHandover {
                    id: *handover_id,
                    by_team: p.to_team,
                    reason: reason.clone(),
                });
            }
            HandoverEvent::Withdrawn { .. } => self.pending = None,
            HandoverEvent::ReturnSeen { .. } => self.returned = None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{reintegration::diagnosis::ZrmVersion, HandoverId};

    /// Rows stored before events were grouped must read as the same event,
    /// and write back byte for byte.
    #[test]
    fn stored_json_is_unchanged_by_the_grouping() {
        let rows = [
            r#"{"type":"handover_return_seen","handover_id":7,"reason":"blijft"}"#,
            r#"{"type":"phase_changed","from":"intake","to":"diagnose"}"#,
            r#"{"type":"zrm_assessed","assessed_on":"2026-01-02","version":"zrm_13","scores":[],"remarks":""}"#,
            r#"{"type":"aftercare_checked_in","on":"2026-03-04","note":"goed"}"#,
            r#"{"type":"anonymised"}"#,
        ];
        for row in rows {
            let event: ClientEvent = serde_json::from_str(row).expect(row);
            assert_eq!(serde_json::to_string(&event).expect("json"), row);
            let tag = serde_json::from_str::<serde_json::Value>(row).expect("json")["type"].clone();
            assert_eq!(event.kind(), tag, "{row}");
            assert!(ClientEvent::kinds().any(|k| k == event.kind()));
        }
        let seen: ClientEvent = serde_json::from_str(rows[0]).expect("handover event");
        assert_eq!(
            seen,
            ClientEvent::Handover(HandoverEvent::ReturnSeen {
                handover_id: HandoverId(7),
                reason: "blijft".into()
            })
        );
        let zrm: ClientEvent = serde_json::from_str(rows[2]).expect("zrm event");
        assert!(matches!(
            zrm,
            ClientEvent::Process(ProcessEvent::ZrmAssessed {
                version: ZrmVersion::Domains13,
                ..
            })
        ));
    }

    #[test]
    fn every_kind_is_named_once() {
        let kinds: Vec<_> = ClientEvent::kinds().collect();
        let unique: std::collections::BTreeSet<_> = kinds.iter().collect();
        assert_eq!(kinds.len(), unique.len());
        assert_eq!(kinds.len(), 40);
        assert!(kinds.contains(&"letter_sent"));
        assert!(kinds.contains(&"contact_details_changed"));
        assert!(kinds.contains(&"handover_offered"));
        assert!(kinds.contains(&"letter_produced"));
    }

    #[test]
    fn an_unknown_type_is_refused() {
        assert!(serde_json::from_str::<ClientEvent>(r#"{"type":"teleported"}"#).is_err());
    }
}
