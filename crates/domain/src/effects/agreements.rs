//! Result agreements (*resultaatafspraken*): a target for a team or a
//! caseworker over a period. Realisation is always computed from the history.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::{
    code::code_enum,
    error::DomainError,
    ids::{AgreementId, EmployeeId, TeamId},
};

code_enum! {
    /// The kinds of agreement municipalities make (seed 000) that the history
    /// can realise today.
    pub enum AgreementKind {
        /// Number of clients flowing out (to paid work or off benefit). At least.
        Outflow => "outflow",
        /// Median days from registration to outflow. At most.
        LeadTimeDays => "lead_time_days",
        /// Number of clients in a trajectory (activering or bemiddeling) at the
        /// end of the period. At least.
        InTrajectory => "in_trajectory",
        /// Number of clients whose five-skills assessment improved. At least.
        PositiveDevelopment => "positive_development",
    }
    parse: trimmed
}

impl AgreementKind {
    /// Whether the target is a ceiling (lead time) rather than a floor.
    pub fn is_maximum(self) -> bool {
        self == AgreementKind::LeadTimeDays
    }
}

/// Whom an agreement is made with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum AgreementScope {
    Team(TeamId),
    Caseworker(EmployeeId),
}

/// A validated agreement as a team lead or management enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewResultAgreement {
    pub scope: AgreementScope,
    pub kind: AgreementKind,
    pub from: Date,
    pub to: Date,
    pub target: u32,
}

impl NewResultAgreement {
    /// Validates an agreement: a period of at most five years that ends after
    /// it starts, and a target of 1 to 100,000.
    pub fn new(
        scope: AgreementScope,
        kind: AgreementKind,
        from: Date,
        to: Date,
        target: u32,
    ) -> Result<Self, DomainError> {
        if to < from {
            return Err(DomainError::invalid("to", "period_reversed"));
        }
        if (to - from).whole_days() > 5 * 366 {
            return Err(DomainError::invalid("to", "period_too_long"));
        }
        if !(1..=100_000).contains(&target) {
            return Err(DomainError::invalid("target", "agreement_target_range"));
        }
        Ok(Self {
            scope,
            kind,
            from,
            to,
            target,
        })
    }
}

/// A stored agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultAgreement {
    pub id: AgreementId,
    pub scope: AgreementScope,
    pub kind: AgreementKind,
    pub from: Date,
    pub to: Date,
    pub target: u32,
    pub created_by: EmployeeId,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}
