//! Persistence for Zicht. The [`Store`] trait takes and returns domain types;
//! each backend implements it, so web handlers and the CLI never see SQL.
//!
//! Every change to a client goes through one command method that loads the
//! client's current state, asks the domain whether the act is allowed, appends
//! the resulting event and updates the current-state tables, all in one
//! transaction.

// `sql/` is compiled once per backend on purpose: one set of statements,
// each backend's own types (see `sqlite.rs`).
#![allow(clippy::duplicate_mod)]

pub mod error;
pub mod logchain;
pub mod model;
pub mod postgres;
pub mod process;
pub mod sqlite;
// Only in tests: the `testing` feature is enabled by the dev-dependencies of
// the crates whose tests use it, never by a build of the binaries.
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod work;

use async_trait::async_trait;
use time::{Date, OffsetDateTime};
use zicht_domain::{
    access::{ClientScope, Role},
    client::{NewClient, Owner, Phase},
    contact::NewContact,
    effects::agreements::{NewResultAgreement, ResultAgreement},
    handover::{Actor, HandoverNote},
    organisation::{Employee, Organisation, OrganisationSettings, Team, TeamKind},
    reintegration::{
        care::{CareKind, NewCareReferral},
        diagnosis::{NewDiagnosisNote, NewLadderMeasurement, NewZrmAssessment},
        letters::LetterTemplate,
        outflow::NewOutflow,
        sanction::NewSanction,
        trajectory::{DatedReport, NewGoal, NewIntervention},
        work::{
            MediationResult, MediationStep, NewEmployer, NewEmployerContact, NewVacancy,
            NewVolunteerPlacement, VacancyStatus, WorkWishes,
        },
    },
    skills::SkillSet,
    AgreementId, CareOrganisationId, CareReferralId, CatalogueItemId, ClientId, ContractId,
    EmployeeId, EmployerId, GoalId, HandoverId, InterventionId, LetterId, MediationId,
    OrganisationId, PlacementId, ProviderId, RosterRunId, SanctionId, TeamId, VacancyId,
};

pub use error::StoreError;
pub use logchain::{LogAnchor, LogKey, LogKeyError};
pub use model::*;
pub use process::*;
pub use sqlite::ANONYMOUS_BSN;
pub use work::*;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Who does something, for which organisation, and when.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    pub organisation_id: OrganisationId,
    pub actor: Actor,
    pub at: OffsetDateTime,
}

impl Ctx {
    /// Today in the Netherlands, which is what "today" means to users.
    pub fn today(&self) -> Date {
        zicht_domain::calendar::dutch_time(self.at).date()
    }
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    // --- organisation ---------------------------------------------------
    async fn create_organisation(
        &self,
        name: &str,
        settings: &OrganisationSettings,
    ) -> Result<OrganisationId>;
    async fn organisation(&self, id: OrganisationId) -> Result<Organisation>;
    async fn organisations(&self) -> Result<Vec<Organisation>>;
    async fn update_settings(
        &self,
        id: OrganisationId,
        settings: &OrganisationSettings,
    ) -> Result<()>;
    async fn create_team(&self, org: OrganisationId, name: &str, kind: TeamKind) -> Result<TeamId>;
    async fn teams(&self, org: OrganisationId) -> Result<Vec<Team>>;
    async fn create_employee(
        &self,
        org: OrganisationId,
        team: TeamId,
        name: &str,
        email: &str,
        hours_per_week: u32,
    ) -> Result<EmployeeId>;
    async fn employees(&self, org: OrganisationId) -> Result<Vec<Employee>>;
    /// Resolves an employee across organisations, to establish who acts.
    async fn employee(&self, id: EmployeeId) -> Result<(OrganisationId, Employee)>;

    // --- identity -----------------------------------------------------------
    async fn set_role(&self, employee: EmployeeId, role: Role) -> Result<()>;
    /// Sets the password hash and ends every session of the account.
    async fn set_password_hash(&self, employee: EmployeeId, hash: &str) -> Result<()>;
    /// The account behind an e-mail address (case-insensitive), for sign-in.
    async fn credentials(&self, email: &str) -> Result<Option<Credentials>>;
    async fn create_session(&self, session: &SessionRecord) -> Result<()>;
    async fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>>;
    async fn touch_session(&self, token_hash: &str, at: OffsetDateTime) -> Result<()>;
    async fn delete_session(&self, token_hash: &str) -> Result<()>;
    async fn record_login_failure(&self, key: &str, at: OffsetDateTime) -> Result<()>;
    async fn login_failures_since(&self, key: &str, since: OffsetDateTime) -> Result<i64>;
    async fn clear_login_failures(&self, key: &str) -> Result<()>;

    // --- commands on a client -------------------------------------------
    async fn register_client(&self, ctx: &Ctx, client: NewClient, owner: Owner)
        -> Result<ClientId>;
    async fn offer_handover(
        &self,
        ctx: &Ctx,
        client: ClientId,
        to_team: TeamId,
        to_employee: Option<EmployeeId>,
        note: HandoverNote,
    ) -> Result<HandoverId>;
    async fn accept_handover(
        &self,
        ctx: &Ctx,
        handover: HandoverId,
        caseworker: EmployeeId,
    ) -> Result<()>;
    async fn return_handover(&self, ctx: &Ctx, handover: HandoverId, reason: &str) -> Result<()>;
    async fn withdraw_handover(&self, ctx: &Ctx, handover: HandoverId) -> Result<()>;
    /// The sending team saw its handover come back and keeps the client, for
    /// `reason`; the return is no longer signalled.
    async fn see_returned_handover(&self, ctx: &Ctx, client: ClientId, reason: &str) -> Result<()>;
    async fn record_contact(&self, ctx: &Ctx, client: ClientId, contact: NewContact) -> Result<()>;
    async fn record_assessment(
        &self,
        ctx: &Ctx,
        client: ClientId,
        assessed_on: Date,
        skills: SkillSet,
        remarks: &str,
    ) -> Result<()>;
    /// Changes the phase; an instrument the phase being left requires must
    /// have been used in it, or explained (see [`Store::change_phase_explained`]).
    async fn change_phase(&self, ctx: &Ctx, client: ClientId, phase: Phase) -> Result<()> {
        self.change_phase_explained(ctx, client, phase, "").await
    }
    /// Changes the phase under *comply or explain*: `explanation` says why a
    /// required instrument that was not used was skipped, and is recorded
    /// for each such instrument.
    async fn change_phase_explained(
        &self,
        ctx: &Ctx,
        client: ClientId,
        phase: Phase,
        explanation: &str,
    ) -> Result<()>;
    async fn close_client(&self, ctx: &Ctx, client: ClientId, reason: &str) -> Result<()>;
    /// Imports whole client histories in one transaction (from a previous
    /// system, or generated); current state is derived from the events.
    async fn import_histories(
        &self,
        org: OrganisationId,
        clients: &[ImportedClient],
    ) -> Result<Vec<ClientId>>;

    // --- reads ------------------------------------------------------------
    /// Who owns a client and where a pending handover goes, for access checks.
    async fn client_scope(&self, org: OrganisationId, client: ClientId) -> Result<ClientScope>;
    /// A client's BSN, for the processing log.
    async fn client_bsn(&self, org: OrganisationId, client: ClientId) -> Result<String>;
    async fn client_card(
        &self,
        org: OrganisationId,
        client: ClientId,
        today: Date,
    ) -> Result<ClientCard>;
    async fn clients(
        &self,
        org: OrganisationId,
        filter: &ClientFilter,
        today: Date,
    ) -> Result<Vec<ClientSummary>>;
    async fn handovers(
        &self,
        org: OrganisationId,
        filter: &HandoverFilter,
        today: Date,
    ) -> Result<Vec<HandoverView>>;
    async fn handover(
        &self,
        org: OrganisationId,
        id: HandoverId,
        today: Date,
    ) -> Result<HandoverView>;

    // --- roster -----------------------------------------------------------
    /// Imports a roster from the benefits administration and reconciles it
    /// with the register, guarded: its impact is worked out first, and a
    /// file without a valid row is refused, one that would change too much
    /// waits for confirmation (see [`zicht_domain::roster::decide`]); either
    /// is stored as a run and changes nothing else. A dry run writes
    /// nothing. With `register_ghosts`, ghosts become clients of an intake
    /// team in the same transaction.
    async fn import_roster(
        &self,
        ctx: &Ctx,
        file_name: &str,
        bytes: &[u8],
        options: RosterOptions,
    ) -> Result<RosterOutcome>;
    /// Applies a run awaiting confirmation from the file kept with it
    /// (`roster_run_not_awaiting` when there is none), its impact worked
    /// out anew; the run becomes applied.
    async fn confirm_roster_run(&self, ctx: &Ctx, run: RosterRunId) -> Result<RosterOutcome>;
    /// Lets a run awaiting confirmation lapse and drops its kept file.
    async fn cancel_roster_run(&self, ctx: &Ctx, run: RosterRunId) -> Result<()>;
    /// Imports and applies a roster whose impact the caller has accepted
    /// beforehand (the demo, the generator, benchmarks, tests): the guard's
    /// confirmation is given, its refusal (no valid row) is an error.
    async fn reconcile_roster(
        &self,
        ctx: &Ctx,
        file_name: &str,
        bytes: &[u8],
        register_ghosts: bool,
    ) -> Result<RosterReport> {
        let options = RosterOptions {
            register_ghosts,
            confirmed: true,
            ..RosterOptions::default()
        };
        match self.import_roster(ctx, file_name, bytes, options).await? {
            RosterOutcome::Applied(report) => Ok(report),
            RosterOutcome::NotApplied { run, .. } => Err(zicht_domain::DomainError::invalid(
                "file",
                run.reasons
                    .first()
                    .map_or("roster_no_valid_rows", |r| r.code()),
            )
            .into()),
            RosterOutcome::Preview(_) => Err(StoreError::Corrupt(
                "a roster import answered with a preview it was not asked for".into(),
            )),
        }
    }
    async fn roster_runs(&self, org: OrganisationId) -> Result<Vec<RosterRunSummary>>;
    /// One earlier run with the ghosts it found.
    async fn roster_run(
        &self,
        org: OrganisationId,
        run: RosterRunId,
    ) -> Result<(RosterRunSummary, Vec<Ghost>)>;
    /// Registers the ghosts of an earlier run that are still ghosts; returns how many.
    async fn register_run_ghosts(&self, ctx: &Ctx, run: RosterRunId) -> Result<usize>;

    // --- effectenkaart ------------------------------------------------------
    /// The organisation's events with an id above `after_id`, in id order,
    /// at most `limit`: for keeping indicators live without re-reading the
    /// whole history.
    async fn event_feed(&self, org: OrganisationId, after_id: i64, limit: i64) -> Result<FeedPage>;
    /// Stores a result agreement; a team or caseworker of another
    /// organisation is refused (`agreement_scope_invalid`).
    async fn create_result_agreement(
        &self,
        ctx: &Ctx,
        agreement: &NewResultAgreement,
    ) -> Result<AgreementId>;
    /// The organisation's agreements that are not withdrawn, latest period first.
    async fn result_agreements(&self, org: OrganisationId) -> Result<Vec<ResultAgreement>>;
    /// Withdraws an agreement; one of another organisation or already
    /// withdrawn is not found.
    async fn withdraw_result_agreement(&self, ctx: &Ctx, id: AgreementId) -> Result<()>;
    /// The latest applied roster run's ghosts and how many are resolved
    /// since; `None` when the organisation has no applied run.
    async fn latest_ghost_resolution(&self, org: OrganisationId)
        -> Result<Option<GhostResolution>>;

    // --- the re-integration process: the organisation's catalogue ---------------
    async fn create_provider(&self, ctx: &Ctx, name: &str) -> Result<ProviderId>;
    /// Providers with their contracts and user accounts, by name.
    async fn providers(&self, org: OrganisationId) -> Result<Vec<Provider>>;
    async fn create_contract(
        &self,
        org: OrganisationId,
        contract: &NewContract,
    ) -> Result<ContractId>;
    /// Makes an employee account a provider's user (or no longer one).
    async fn set_employee_provider(
        &self,
        org: OrganisationId,
        employee: EmployeeId,
        provider: Option<ProviderId>,
    ) -> Result<()>;
    async fn create_catalogue_item(
        &self,
        org: OrganisationId,
        item: &NewCatalogueItem,
    ) -> Result<CatalogueItemId>;
    /// The whole catalogue, inactive items included, by name.
    async fn catalogue(&self, org: OrganisationId) -> Result<Vec<CatalogueItem>>;
    /// An inactive item can no longer be chosen; plans that chose it keep it.
    async fn set_catalogue_item_active(
        &self,
        org: OrganisationId,
        item: CatalogueItemId,
        active: bool,
    ) -> Result<()>;
    async fn create_care_organisation(
        &self,
        org: OrganisationId,
        name: &str,
        kind: CareKind,
    ) -> Result<CareOrganisationId>;
    async fn care_organisations(&self, org: OrganisationId) -> Result<Vec<CareOrganisation>>;
    /// Replaces which instruments each phase requires.
    async fn set_instrument_requirements(
        &self,
        org: OrganisationId,
        requirements: &[InstrumentRequirement],
    ) -> Result<()>;
    async fn instrument_requirements(
        &self,
        org: OrganisationId,
    ) -> Result<Vec<InstrumentRequirement>>;

    // --- the re-integration process: commands on a client ---------------------------
    async fn note_diagnosis(
        &self,
        ctx: &Ctx,
        client: ClientId,
        note: NewDiagnosisNote,
    ) -> Result<()>;
    async fn measure_ladder(
        &self,
        ctx: &Ctx,
        client: ClientId,
        m: NewLadderMeasurement,
    ) -> Result<()>;
    async fn assess_zrm(&self, ctx: &Ctx, client: ClientId, a: NewZrmAssessment) -> Result<()>;
    async fn set_goal(&self, ctx: &Ctx, client: ClientId, goal: NewGoal) -> Result<GoalId>;
    /// Chooses an active catalogue item for the plan; one bought from a
    /// provider refers the client to that provider until it ends.
    async fn plan_intervention(
        &self,
        ctx: &Ctx,
        client: ClientId,
        intervention: NewIntervention,
    ) -> Result<InterventionId>;
    /// Ends an intervention with its result; raw input, as the end date is
    /// checked against the intervention's start.
    async fn end_intervention(
        &self,
        ctx: &Ctx,
        client: ClientId,
        intervention: InterventionId,
        ended_on: &str,
        outcome: &str,
        result: &str,
    ) -> Result<()>;
    /// A progress report by a provider's user, on an intervention of that
    /// provider that is under way.
    async fn report_progress(
        &self,
        ctx: &Ctx,
        provider: ProviderId,
        client: ClientId,
        intervention: InterventionId,
        report: DatedReport,
    ) -> Result<()>;
    async fn record_oversight(
        &self,
        ctx: &Ctx,
        client: ClientId,
        provider: ProviderId,
        conversation: DatedReport,
    ) -> Result<()>;
    async fn refer_to_care(
        &self,
        ctx: &Ctx,
        client: ClientId,
        organisation: CareOrganisationId,
        referral: NewCareReferral,
    ) -> Result<CareReferralId>;
    async fn confirm_arrival(
        &self,
        ctx: &Ctx,
        client: ClientId,
        referral: CareReferralId,
        arrived_on: &str,
        confirmation: &str,
        note: &str,
    ) -> Result<()>;
    async fn end_care_referral(
        &self,
        ctx: &Ctx,
        client: ClientId,
        referral: CareReferralId,
        ended_on: &str,
        reason: &str,
    ) -> Result<()>;

    // --- the re-integration process: reads -------------------------------------------
    /// Providers with an intervention under way for the client.
    async fn referred_providers(
        &self,
        org: OrganisationId,
        client: ClientId,
    ) -> Result<Vec<ProviderId>>;
    /// Open clients with an intervention of this provider under way.
    async fn provider_clients(
        &self,
        org: OrganisationId,
        provider: ProviderId,
    ) -> Result<Vec<ProviderClientSummary>>;
    /// What the provider may see of one referred client; not found otherwise.
    async fn provider_client(
        &self,
        org: OrganisationId,
        provider: ProviderId,
        client: ClientId,
        today: Date,
    ) -> Result<ProviderClientView>;
    /// Instruments used and explained in a period, for the effectenkaart.
    async fn instrument_use(
        &self,
        org: OrganisationId,
        from: Date,
        to: Date,
    ) -> Result<Vec<InstrumentUse>>;

    // --- work: employers, vacancies, matching -------------------------------------
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

    // --- work: commands on a client ------------------------------------------------
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
        on: &str,
        note: &str,
    ) -> Result<()>;
    async fn end_mediation(
        &self,
        ctx: &Ctx,
        client: ClientId,
        mediation: MediationId,
        result: MediationResult,
        on: &str,
        note: &str,
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
        ends_on: &str,
        reason: &str,
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
        on: &str,
        note: &str,
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
        on: &str,
        decision: &str,
        percent: &str,
        months: &str,
        reason: &str,
    ) -> Result<()>;

    // --- letters ----------------------------------------------------------------------
    /// Every template: the organisation's wording, or the default.
    async fn letter_templates(&self, org: OrganisationId) -> Result<Vec<LetterTemplate>>;
    async fn save_letter_template(&self, ctx: &Ctx, template: &LetterTemplate) -> Result<()>;
    /// Fills a template from the client's file and keeps the letter.
    async fn produce_letter(
        &self,
        ctx: &Ctx,
        client: ClientId,
        template_key: &str,
    ) -> Result<LetterId>;
    async fn letter(
        &self,
        org: OrganisationId,
        client: ClientId,
        letter: LetterId,
    ) -> Result<Letter>;

    // --- Logboek Dataverwerkingen ---------------------------------------------
    /// Appends records to the processing log, chained with the log key
    /// ([`StoreError::LogKeyMissing`] when the store was opened without one).
    async fn log_processing(&self, org: OrganisationId, records: &[ProcessingRecord])
        -> Result<()>;
    /// Who processed this person's data between two moments (needs the log key).
    async fn processing_log_for(
        &self,
        org: OrganisationId,
        bsn: &str,
        from: OffsetDateTime,
        to: OffsetDateTime,
    ) -> Result<Vec<LoggedProcessing>>;

    // --- retention --------------------------------------------------------------
    /// Anonymises the organisation's files closed longer ago than its
    /// retention term; returns which.
    async fn anonymise_closed_clients(&self, ctx: &Ctx) -> Result<Vec<ClientId>>;
    /// Removes processing-log records that started before `before`, signing
    /// where the chain now starts with the log key.
    async fn prune_processing_log(
        &self,
        before: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<u64>;

    // --- integrity --------------------------------------------------------
    /// Whether the database holds no organisation yet (for `--demo`).
    async fn is_empty(&self) -> Result<bool>;
    /// Verifies every invariant over the whole database, all organisations;
    /// the processing log's chain only with the log key (without it, one
    /// violation says it could not be verified).
    async fn check(&self) -> Result<Vec<Violation>>;
    /// The head of the processing log, to keep outside the database.
    async fn processing_log_anchor(&self, at: OffsetDateTime) -> Result<LogAnchor>;
    /// Anchors taken before against the log as it is now: a record removed
    /// (other than by pruning) or rewritten since is a violation.
    async fn check_processing_log_anchors(&self, anchors: &[LogAnchor]) -> Result<Vec<Violation>>;
}

/// Opens the database at `url`: `sqlite:…` for the embedded default,
/// `postgres://…` (or `postgresql://…`) for PostgreSQL; without the
/// processing log's key, so the log can be neither written nor verified.
pub async fn open(url: &str) -> Result<std::sync::Arc<dyn Store>> {
    open_with_log_key(url, None).await
}

/// Like [`open`], with the processing log's key: refused with
/// [`StoreError::LogKeyMismatch`] when the log was sealed with another key;
/// the first time a key is given, the log is sealed with it.
pub async fn open_with_log_key(
    url: &str,
    key: Option<LogKey>,
) -> Result<std::sync::Arc<dyn Store>> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let store = postgres::PostgresStore::open(url).await?;
        Ok(std::sync::Arc::new(match key {
            Some(k) => store.with_log_key(k).await?,
            None => store,
        }))
    } else if url.starts_with("sqlite:") {
        let store = sqlite::SqliteStore::open(url).await?;
        Ok(std::sync::Arc::new(match key {
            Some(k) => store.with_log_key(k).await?,
            None => store,
        }))
    } else {
        Err(StoreError::UnknownDatabaseUrl)
    }
}
