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
id_type!(
    /// A provider (trajectaanbieder): an external organisation services are bought from.
    ProviderId
);
id_type!(
    /// A contract with a provider.
    ContractId
);
id_type!(
    /// An intervention in the organisation's catalogue (in-house module or bought product).
    CatalogueItemId
);
id_type!(
    /// A goal in a client's trajectplan.
    GoalId
);
id_type!(
    /// One intervention in a client's trajectplan, from choice to result.
    InterventionId
);
id_type!(
    /// An organisation for care, social support or volunteer work that clients are referred to.
    CareOrganisationId
);
id_type!(
    /// One referral of a client to care, support or volunteer work.
    CareReferralId
);
id_type!(
    /// An employer in the organisation's register.
    EmployerId
);
id_type!(
    /// A vacancy of an employer.
    VacancyId
);
id_type!(
    /// Mediating one client to one vacancy, from proposal to result.
    MediationId
);
id_type!(
    /// A client's volunteer placement.
    PlacementId
);
id_type!(
    /// A sanction (maatregel), from consideration to decision.
    SanctionId
);
id_type!(
    /// A letter produced for a client.
    LetterId
);
id_type!(
    /// One recorded intervision session or case consultation.
    IntervisionId
);
id_type!(
    /// A follow-up agreed at an intervision session.
    FollowUpId
);
id_type!(
    /// A goal of an employee's personal development plan (POP).
    PopGoalId
);
id_type!(
    /// An action towards a POP goal.
    PopActionId
);
id_type!(
    /// A training an employee followed.
    TrainingId
);
