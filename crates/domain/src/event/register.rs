//! Events of the register: a client's file, contacts, the five skills,
//! phase, benefit status, closing and anonymising.

use serde::{Deserialize, Serialize};
use strum::{IntoStaticStr, VariantNames};
use time::Date;

use super::GONE;
use crate::{
    bsn::Bsn,
    client::{BenefitStatus, Owner, Phase},
    contact::ContactKind,
    contact_details::ContactDetails,
    skills::SkillSet,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, IntoStaticStr, VariantNames)]
#[serde(tag = "type", rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum RegisterEvent {
    Created {
        /// `None` once the file has been anonymised after its retention term.
        bsn: Option<Bsn>,
        name: String,
        birth_date: Option<Date>,
        particulars: String,
        phase: Phase,
        owner: Owner,
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
    /// The client's address, postcode, place, phone or e-mail changed; the
    /// details as they are now.
    ContactDetailsChanged {
        details: ContactDetails,
    },
    /// The retention term passed: personal data was removed from the file
    /// and its history.
    Anonymised,
}

impl RegisterEvent {
    pub(super) fn anonymise(&mut self) {
        match self {
            RegisterEvent::Created {
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
            RegisterEvent::Closed { reason } => *reason = GONE.into(),
            RegisterEvent::ContactDetailsChanged { details } => {
                *details = ContactDetails::default();
            }
            RegisterEvent::AssessmentRecorded { remarks, .. } => remarks.clear(),
            RegisterEvent::ContactRecorded {
                with_whom, summary, ..
            } => {
                *with_whom = GONE.into();
                summary.clear();
            }
            RegisterEvent::PhaseChanged { .. }
            | RegisterEvent::BenefitStatusChanged { .. }
            | RegisterEvent::Anonymised => {}
        }
    }
}
