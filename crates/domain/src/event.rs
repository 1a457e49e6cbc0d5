//! The append-only history of a client, and the state it folds into.
//!
//! Storage keeps a projection of [`ClientState`] in step with the events in
//! the same transaction; `zicht check` replays the events and compares.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::{
    bsn::Bsn,
    client::{BenefitStatus, Owner, Phase},
    contact::ContactKind,
    handover::HandoverNote,
    ids::{EmployeeId, HandoverId, TeamId},
    skills::SkillSet,
};

/// Something that happened to a client. Never changed once stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientEvent {
    Created {
        /// `None` once the file has been anonymised after its retention term.
        bsn: Option<Bsn>,
        name: String,
        birth_date: Option<Date>,
        particulars: String,
        phase: Phase,
        owner: Owner,
    },
    HandoverOffered {
        handover_id: HandoverId,
        from: Owner,
        to_team: TeamId,
        to_employee: Option<EmployeeId>,
        note: HandoverNote,
    },
    HandoverAccepted {
        handover_id: HandoverId,
        new_owner: Owner,
    },
    HandoverReturned {
        handover_id: HandoverId,
        reason: String,
    },
    HandoverWithdrawn {
        handover_id: HandoverId,
    },
    AssessmentRecorded {
        assessed_on: Date,
        skills: SkillSet,
        remarks: String,
    },
    ContactRecorded {
        date: Date,
        kind: ContactKind,
        with_whom: String,
        summary: String,
        next_contact_on: Option<Date>,
    },
    PhaseChanged {
        from: Phase,
        to: Phase,
    },
    BenefitStatusChanged {
        from: BenefitStatus,
        to: BenefitStatus,
    },
    Closed {
        reason: String,
    },
    /// The retention term passed: personal data was removed from the file
    /// and its history.
    Anonymised,
}

impl ClientEvent {
    /// Stable name stored beside the payload, for queries and the timeline.
    pub fn kind(&self) -> &'static str {
        match self {
            ClientEvent::Created { .. } => "created",
            ClientEvent::HandoverOffered { .. } => "handover_offered",
            ClientEvent::HandoverAccepted { .. } => "handover_accepted",
            ClientEvent::HandoverReturned { .. } => "handover_returned",
            ClientEvent::HandoverWithdrawn { .. } => "handover_withdrawn",
            ClientEvent::AssessmentRecorded { .. } => "assessment_recorded",
            ClientEvent::ContactRecorded { .. } => "contact_recorded",
            ClientEvent::PhaseChanged { .. } => "phase_changed",
            ClientEvent::BenefitStatusChanged { .. } => "benefit_status_changed",
            ClientEvent::Closed { .. } => "closed",
            ClientEvent::Anonymised => "anonymised",
        }
    }

    /// Dutch label for the timeline.
    pub fn label_nl(&self) -> &'static str {
        match self {
            ClientEvent::Created { .. } => "Ingeschreven",
            ClientEvent::HandoverOffered { .. } => "Overdracht aangeboden",
            ClientEvent::HandoverAccepted { .. } => "Overdracht geaccepteerd",
            ClientEvent::HandoverReturned { .. } => "Overdracht teruggestuurd",
            ClientEvent::HandoverWithdrawn { .. } => "Overdracht ingetrokken",
            ClientEvent::AssessmentRecorded { .. } => "Klantinzetformulier ingevuld",
            ClientEvent::ContactRecorded { .. } => "Contact vastgelegd",
            ClientEvent::PhaseChanged { .. } => "Fase gewijzigd",
            ClientEvent::BenefitStatusChanged { .. } => "Uitkeringsstatus gewijzigd",
            ClientEvent::Closed { .. } => "Afgesloten",
            ClientEvent::Anonymised => "Geanonimiseerd na bewaartermijn",
        }
    }

    /// The same event without personal data: names, numbers and free text go;
    /// dates, phases, owners and skills stay, so the history still adds up.
    pub fn anonymised(&self) -> ClientEvent {
        const GONE: &str = "[verwijderd]";
        let mut e = self.clone();
        match &mut e {
            ClientEvent::Created {
                bsn,
                name,
                birth_date,
                particulars,
                ..
            } => {
                *bsn = None;
                *name = GONE.into();
                *birth_date = None;
                particulars.clear();
            }
            ClientEvent::HandoverOffered { note, .. } => {
                note.reason = GONE.into();
                note.work_done = GONE.into();
                note.particulars.clear();
                note.agreements = GONE.into();
            }
            ClientEvent::HandoverReturned { reason, .. } | ClientEvent::Closed { reason } => {
                *reason = GONE.into()
            }
            ClientEvent::AssessmentRecorded { remarks, .. } => remarks.clear(),
            ClientEvent::ContactRecorded {
                with_whom, summary, ..
            } => {
                *with_whom = GONE.into();
                summary.clear();
            }
            ClientEvent::HandoverAccepted { .. }
            | ClientEvent::HandoverWithdrawn { .. }
            | ClientEvent::PhaseChanged { .. }
            | ClientEvent::BenefitStatusChanged { .. }
            | ClientEvent::Anonymised => {}
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

/// What the history of one client adds up to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientState {
    pub open: bool,
    pub owner: Owner,
    pub phase: Phase,
    pub benefit_status: BenefitStatus,
    pub pending: Option<PendingHandover>,
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
            last_contact: None,
            latest_skills: None,
        }
    }

    /// Folds a whole history; `None` when it does not start with `Created`.
    pub fn replay<'a>(events: impl IntoIterator<Item = &'a ClientEvent>) -> Option<ClientState> {
        let mut events = events.into_iter();
        let mut state = match events.next()? {
            ClientEvent::Created { phase, owner, .. } => ClientState::new(*phase, *owner),
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
            ClientEvent::Created { phase, owner, .. } => *self = ClientState::new(*phase, *owner),
            ClientEvent::HandoverOffered {
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
            }
            ClientEvent::HandoverAccepted { new_owner, .. } => {
                self.owner = *new_owner;
                self.pending = None;
            }
            ClientEvent::HandoverReturned { .. } | ClientEvent::HandoverWithdrawn { .. } => {
                self.pending = None;
            }
            ClientEvent::AssessmentRecorded {
                skills,
                assessed_on,
                ..
            } => {
                if self.latest_skills.is_none_or(|(d, _)| *assessed_on >= d) {
                    self.latest_skills = Some((*assessed_on, *skills));
                }
            }
            ClientEvent::ContactRecorded { date, .. } => {
                // Contacts may be recorded late; the latest date wins.
                self.last_contact = Some(self.last_contact.map_or(*date, |d| d.max(*date)));
            }
            ClientEvent::PhaseChanged { to, .. } => self.phase = *to,
            ClientEvent::BenefitStatusChanged { to, .. } => self.benefit_status = *to,
            ClientEvent::Closed { .. } => {
                self.open = false;
                self.pending = None;
            }
            ClientEvent::Anonymised => {}
        }
    }
}
