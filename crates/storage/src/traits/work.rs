//! Storage of one feature; see the crate documentation for the contract.

use async_trait::async_trait;
use time::Date;
use zicht_domain::{
    reintegration::{
        letters::LetterTemplate,
        outflow::NewOutflow,
        sanction::{Decision, NewSanction},
        work::{
            DatedNote, MediationResult, MediationStep, NewEmployer, NewEmployerContact, NewVacancy,
            NewVolunteerPlacement, VacancyStatus, VolunteerEnd, WorkWishes,
        },
    },
    CareOrganisationId, ClientId, EmployerId, LetterId, MediationId, OrganisationId, PlacementId,
    SanctionId, VacancyId,
};

use crate::{
    Ctx, Employer, EmployerContactCount, EmployerDetail, Letter, Result, SuggestedClient,
    VacancyDetail,
};

/// Work: employers, vacancies and matching, and on a client mediation,
/// volunteering, outflow, aftercare, sanctions and letters.
#[async_trait]
pub trait WorkStore: Send + Sync {
    async fn create_employer(&self, ctx: &Ctx, employer: NewEmployer) -> Result<EmployerId>;
    /// The register by name, with contacts in the last four weeks up to `today`.
    async fn employers(&self, org: OrganisationId, today: Date) -> Result<Vec<Employer>>;
    async fn employer(
        &self,
        org: OrganisationId,
        id: EmployerId,
        today: Date,
    ) -> Result<EmployerDetail>;
    /// Logs a contact with an employer by the acting caseworker.
    async fn record_employer_contact(
        &self,
        ctx: &Ctx,
        employer: EmployerId,
        contact: NewEmployerContact,
    ) -> Result<()>;
    /// Employer contacts per caseworker and team dated within `from..=to`.
    async fn employer_contact_counts(
        &self,
        org: OrganisationId,
        from: Date,
        to: Date,
    ) -> Result<Vec<EmployerContactCount>>;
    async fn create_vacancy(
        &self,
        ctx: &Ctx,
        employer: EmployerId,
        vacancy: NewVacancy,
    ) -> Result<VacancyId>;
    async fn set_vacancy_status(
        &self,
        org: OrganisationId,
        vacancy: VacancyId,
        status: VacancyStatus,
    ) -> Result<()>;
    async fn vacancy(&self, org: OrganisationId, id: VacancyId) -> Result<VacancyDetail>;
    /// Open clients ready for mediation whose wishes fit the vacancy, with
    /// the reasons; empty for a vacancy no longer open.
    async fn suggestions(
        &self,
        org: OrganisationId,
        vacancy: VacancyId,
    ) -> Result<Vec<SuggestedClient>>;
    async fn record_work_wishes(
        &self,
        ctx: &Ctx,
        client: ClientId,
        wishes: WorkWishes,
    ) -> Result<()>;
    /// Proposes the client for the vacancy: only when the matching suggests them now.
    async fn start_mediation(
        &self,
        ctx: &Ctx,
        client: ClientId,
        vacancy: VacancyId,
    ) -> Result<MediationId>;
    async fn record_mediation_step(
        &self,
        ctx: &Ctx,
        client: ClientId,
        mediation: MediationId,
        step: MediationStep,
        note: DatedNote,
    ) -> Result<()>;
    async fn end_mediation(
        &self,
        ctx: &Ctx,
        client: ClientId,
        mediation: MediationId,
        result: MediationResult,
        note: DatedNote,
    ) -> Result<()>;
    async fn start_volunteering(
        &self,
        ctx: &Ctx,
        client: ClientId,
        organisation: CareOrganisationId,
        placement: NewVolunteerPlacement,
    ) -> Result<PlacementId>;
    async fn end_volunteering(
        &self,
        ctx: &Ctx,
        client: ClientId,
        placement: PlacementId,
        end: VolunteerEnd,
    ) -> Result<()>;
    /// Full outflow moves the file to *uitgestroomd*, partial to *nazorg*;
    /// both start aftercare for the organisation's term.
    async fn register_outflow(
        &self,
        ctx: &Ctx,
        client: ClientId,
        outflow: NewOutflow,
        explanation: &str,
    ) -> Result<()>;
    async fn check_in_aftercare(
        &self,
        ctx: &Ctx,
        client: ClientId,
        check_in: DatedNote,
    ) -> Result<()>;
    async fn consider_sanction(
        &self,
        ctx: &Ctx,
        client: ClientId,
        sanction: NewSanction,
    ) -> Result<SanctionId>;
    #[allow(clippy::too_many_arguments)]
    async fn decide_sanction(
        &self,
        ctx: &Ctx,
        client: ClientId,
        sanction: SanctionId,
        decision: Decision,
    ) -> Result<()>;
    /// Every template: the organisation's wording, or the default.
    async fn letter_templates(&self, org: OrganisationId) -> Result<Vec<LetterTemplate>>;
    async fn save_letter_template(&self, ctx: &Ctx, template: &LetterTemplate) -> Result<()>;
    /// One letter of a client's file, draft or sent.
    async fn letter(
        &self,
        org: OrganisationId,
        client: ClientId,
        letter: LetterId,
    ) -> Result<Letter>;
}
