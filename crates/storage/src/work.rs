//! Read models of work and what follows it: employers with contacts and
//! vacancies, suggestions for a vacancy, and per client the mediations,
//! volunteer placements, outflow with aftercare, sanctions and letters.

use serde::Serialize;
use time::{Date, OffsetDateTime};
use zicht_domain::{
    access::ClientScope,
    reintegration::{
        outflow::{Aftercare, Durability, OutflowKind, OutflowReason},
        sanction::{LegalBasis, SanctionDecision},
        work::{
            EmployerContactKind, MatchReason, MediationResult, MediationStep, Sector,
            VacancyStatus, WorkWishes,
        },
    },
    CareOrganisationId, ClientId, EmployeeId, EmployerId, LetterId, MediationId, PlacementId,
    SanctionId, TeamId, VacancyId,
};

use crate::NamedRef;

#[derive(Debug, Clone, Serialize)]
pub struct Employer {
    pub id: EmployerId,
    pub name: String,
    pub sector: Sector,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    /// Contacts with this employer in the four weeks up to today.
    pub contacts_last_four_weeks: i64,
    pub open_vacancies: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct EmployerContact {
    pub employer: NamedRef<EmployerId>,
    pub on: Date,
    pub kind: EmployerContactKind,
    pub outcome: String,
    pub caseworker: NamedRef<EmployeeId>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Vacancy {
    pub id: VacancyId,
    pub employer: NamedRef<EmployerId>,
    pub title: String,
    pub sector: Sector,
    pub hours_per_week: u32,
    pub requirements: String,
    pub status: VacancyStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize)]
pub struct EmployerDetail {
    pub employer: Employer,
    /// Newest first.
    pub contacts: Vec<EmployerContact>,
    pub vacancies: Vec<Vacancy>,
}

/// A client suggested for a vacancy, with why.
#[derive(Debug, Clone, Serialize)]
pub struct SuggestedClient {
    pub client: NamedRef<ClientId>,
    pub owner_team: NamedRef<TeamId>,
    pub owner_employee: NamedRef<EmployeeId>,
    /// The team a pending handover offers the client to: with the owner,
    /// what decides who may read the client, so no query per suggestion.
    #[serde(skip)]
    pub pending_to_team: Option<TeamId>,
    pub reasons: Vec<MatchReason>,
}

impl SuggestedClient {
    /// What decides who may read and change this client.
    pub fn scope(&self) -> ClientScope {
        ClientScope {
            owner_team: self.owner_team.id,
            owner_employee: self.owner_employee.id,
            pending_to_team: self.pending_to_team,
        }
    }
}

/// A client proposed for a vacancy and where that stands.
#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    pub mediation_id: MediationId,
    pub client: NamedRef<ClientId>,
    pub owner_team: TeamId,
    pub status: Option<MediationResult>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VacancyDetail {
    pub vacancy: Vacancy,
    pub proposals: Vec<Proposal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MediationStepView {
    pub step: MediationStep,
    pub on: Date,
    pub note: String,
    pub recorded_by: NamedRef<EmployeeId>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Mediation {
    pub id: MediationId,
    pub vacancy_id: VacancyId,
    pub vacancy_title: String,
    pub employer: NamedRef<EmployerId>,
    pub reasons: Vec<MatchReason>,
    /// `None` while under way.
    pub result: Option<MediationResult>,
    pub ended_on: Option<Date>,
    pub end_note: Option<String>,
    pub steps: Vec<MediationStepView>,
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize)]
pub struct VolunteerPlacement {
    pub id: PlacementId,
    pub organisation: NamedRef<CareOrganisationId>,
    pub starts_on: Date,
    pub hours_per_week: Option<u32>,
    pub description: String,
    pub ends_on: Option<Date>,
    pub end_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Outflow {
    pub kind: OutflowKind,
    pub reason: OutflowReason,
    pub on: Date,
    pub employer: String,
    pub hours_per_week: Option<u32>,
    pub note: String,
    pub aftercare: Aftercare,
    pub durability: Durability,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckIn {
    pub on: Date,
    pub note: String,
    pub recorded_by: NamedRef<EmployeeId>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SanctionView {
    pub id: SanctionId,
    pub considered_on: Date,
    pub behaviour: String,
    pub legal_basis: LegalBasis,
    pub consideration: String,
    pub decided_on: Option<Date>,
    pub decision: Option<SanctionDecision>,
    pub decision_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Letter {
    pub id: LetterId,
    pub template_key: String,
    pub title: String,
    pub body: String,
    pub produced_by: NamedRef<EmployeeId>,
    #[serde(with = "time::serde::rfc3339")]
    pub produced_at: OffsetDateTime,
    /// `draft`, `sent` or `discarded`.
    pub status: String,
    /// The kenmerk, once sent (letters from before drafts have none).
    pub reference: Option<String>,
    pub sent_on: Option<Date>,
    /// The address in the letter head as sent (name, street, postcode and place).
    pub address: Vec<String>,
}

impl Letter {
    pub fn is_draft(&self) -> bool {
        self.status == "draft"
    }
}

/// A draft letter someone composed and has not sent or discarded yet, for
/// their "Vandaag" list.
#[derive(Debug, Clone, Serialize)]
pub struct DraftLetter {
    pub client_id: ClientId,
    pub client_name: String,
    pub letter_id: LetterId,
    pub title: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// Work and what follows it on the klantkaart.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Work {
    pub wishes: Option<WorkWishes>,
    /// Newest first.
    pub mediations: Vec<Mediation>,
    /// Newest first.
    pub placements: Vec<VolunteerPlacement>,
    /// Newest first; the first one's aftercare is the one running.
    pub outflows: Vec<Outflow>,
    /// Newest first.
    pub check_ins: Vec<CheckIn>,
    /// Newest first.
    pub sanctions: Vec<SanctionView>,
    /// Newest first (without their text; open one to read it).
    pub letters: Vec<Letter>,
}

/// Employer contacts per caseworker in a period, for the effectenkaart.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct EmployerContactCount {
    pub employee: EmployeeId,
    pub team: TeamId,
    pub contacts: i64,
}
