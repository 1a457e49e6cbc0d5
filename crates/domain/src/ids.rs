//! Typed identifiers, so a team id can never be passed where a client id is meant.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// A tenant: one municipality's social service and its partners.
    OrganisationId
);
id_type!(
    /// A team or department that can own clients.
    TeamId
);
id_type!(
    /// An employee (caseworker, team lead, ...).
    EmployeeId
);
id_type!(
    /// A client (person on welfare) in the register.
    ClientId
);
id_type!(
    /// One handover offer, from offer to its settlement.
    HandoverId
);
id_type!(
    /// One roster import and reconciliation run.
    RosterRunId
);
id_type!(
    /// A result agreement (resultaatafspraak) of a team or caseworker.
    AgreementId
);
