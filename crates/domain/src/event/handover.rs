//! Events of a handover between teams. Stored with the `handover_` prefix
//! they had before events were grouped.

use serde::{Deserialize, Serialize};
use strum::{IntoStaticStr, VariantNames};

use super::GONE;
use crate::{
    client::Owner,
    handover_note::HandoverNote,
    ids::{EmployeeId, HandoverId, TeamId},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, IntoStaticStr, VariantNames)]
#[serde(tag = "type")]
pub enum HandoverEvent {
    #[serde(rename = "handover_offered")]
    #[strum(serialize = "handover_offered")]
    Offered {
        handover_id: HandoverId,
        from: Owner,
        to_team: TeamId,
        to_employee: Option<EmployeeId>,
        note: HandoverNote,
    },
    #[serde(rename = "handover_accepted")]
    #[strum(serialize = "handover_accepted")]
    Accepted {
        handover_id: HandoverId,
        new_owner: Owner,
    },
    #[serde(rename = "handover_returned")]
    #[strum(serialize = "handover_returned")]
    Returned {
        handover_id: HandoverId,
        reason: String,
    },
    #[serde(rename = "handover_withdrawn")]
    #[strum(serialize = "handover_withdrawn")]
    Withdrawn { handover_id: HandoverId },
    /// The sending team saw that its handover came back and keeps the
    /// client, for the reason given; the return is no longer signalled.
    #[serde(rename = "handover_return_seen")]
    #[strum(serialize = "handover_return_seen")]
    ReturnSeen {
        handover_id: HandoverId,
        reason: String,
    },
}

impl HandoverEvent {
    /// The handover this event is about.
    pub fn handover_id(&self) -> HandoverId {
        match self {
            HandoverEvent::Offered { handover_id, .. }
            | HandoverEvent::Accepted { handover_id, .. }
            | HandoverEvent::Returned { handover_id, .. }
            | HandoverEvent::Withdrawn { handover_id }
            | HandoverEvent::ReturnSeen { handover_id, .. } => *handover_id,
        }
    }

    /// The same, to renumber a history imported in bulk.
    pub fn handover_id_mut(&mut self) -> &mut HandoverId {
        match self {
            HandoverEvent::Offered { handover_id, .. }
            | HandoverEvent::Accepted { handover_id, .. }
            | HandoverEvent::Returned { handover_id, .. }
            | HandoverEvent::Withdrawn { handover_id }
            | HandoverEvent::ReturnSeen { handover_id, .. } => handover_id,
        }
    }

    pub(super) fn anonymise(&mut self) {
        match self {
            HandoverEvent::Offered { note, .. } => {
                note.reason = GONE.into();
                note.work_done = GONE.into();
                note.particulars.clear();
                note.agreements = GONE.into();
            }
            HandoverEvent::Returned { reason, .. } | HandoverEvent::ReturnSeen { reason, .. } => {
                *reason = GONE.into()
            }
            HandoverEvent::Accepted { .. } | HandoverEvent::Withdrawn { .. } => {}
        }
    }
}
