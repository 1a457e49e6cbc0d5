//! Read models: what the storage layer hands to the web layer and the CLI.

use serde::Serialize;
use time::{Date, OffsetDateTime};
use zicht_domain::{
    access::ClientScope,
    client::{BenefitStatus, Phase},
    contact::ContactKind,
    handover::{HandoverNote, HandoverStatus},
    roster::{GuardReason, RosterImpact, RosterRejection, RosterRunStatus},
    skills::{Skill, SkillSet, Trend},
    ClientId, EmployeeId, HandoverId, RosterRunId, TeamId,
};

#[derive(Debug, Clone, Serialize)]
pub struct NamedRef<Id> {
    pub id: Id,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub assessed_on: Date,
    pub skills: SkillSet,
    pub remarks: String,
    pub assessor: NamedRef<EmployeeId>,
    pub ready_for_mediation: bool,
    pub missing: Vec<Skill>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Contact {
    pub date: Date,
    pub kind: ContactKind,
    pub with_whom: String,
    pub summary: String,
    pub next_contact_on: Option<Date>,
    pub recorded_by: NamedRef<EmployeeId>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    pub seq: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub kind: String,
    pub actor: NamedRef<EmployeeId>,
    pub event: serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct HandoverView {
    pub id: HandoverId,
    pub client: NamedRef<ClientId>,
    /// For the processing log; not shown.
    #[serde(skip)]
    pub client_bsn: String,
    /// Who may read the client now, which decides who may read the note.
    #[serde(skip)]
    pub client_scope: ClientScope,
    pub from_team: NamedRef<TeamId>,
    pub from_employee: NamedRef<EmployeeId>,
    pub to_team: NamedRef<TeamId>,
    pub to_employee: Option<NamedRef<EmployeeId>>,
    pub note: HandoverNote,
    pub status: HandoverStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub offered_at: OffsetDateTime,
    pub offered_by: NamedRef<EmployeeId>,
    pub working_days_waiting: i64,
    pub overdue: bool,
    #[serde(with = "time::serde::rfc3339::option")]
    pub settled_at: Option<OffsetDateTime>,
    pub settled_by: Option<NamedRef<EmployeeId>>,
    pub return_reason: Option<String>,
}

/// A handover signal (see [`zicht_domain::handover::HandoverSignal`]) with
/// the names and moments people need to act on it.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HandoverSignalView {
    /// Sent back by the receiving team; for the sender until it offers the
    /// client again or marks the return seen.
    Returned {
        handover_id: HandoverId,
        /// The team that sent it back, and who.
        returned_by_team: NamedRef<TeamId>,
        returned_by: NamedRef<EmployeeId>,
        #[serde(with = "time::serde::rfc3339")]
        returned_at: OffsetDateTime,
        reason: String,
    },
    /// Waiting for an answer longer than the organisation's term; for both
    /// sides.
    Overdue {
        handover_id: HandoverId,
        from_team: NamedRef<TeamId>,
        to_team: NamedRef<TeamId>,
        offered_on: Date,
        working_days_waiting: i64,
        term_working_days: u32,
    },
}

/// The klantkaart: everything about a client at one glance.
#[derive(Debug, Clone, Serialize)]
pub struct ClientCard {
    pub id: ClientId,
    pub bsn: String,
    pub name: String,
    pub birth_date: Option<Date>,
    pub particulars: String,
    /// Address, postcode, place, phone and e-mail, each empty when unknown.
    pub contact: zicht_domain::contact_details::ContactDetails,
    pub phase: Phase,
    pub open: bool,
    pub closed_reason: Option<String>,
    pub benefit_status: BenefitStatus,
    pub owner_team: NamedRef<TeamId>,
    pub owner_employee: NamedRef<EmployeeId>,
    #[serde(with = "time::serde::rfc3339")]
    pub registered_at: OffsetDateTime,
    pub latest_assessment: Option<Assessment>,
    pub previous_assessment: Option<Assessment>,
    pub skills_trend: Option<Trend>,
    pub ready_for_mediation: bool,
    pub pending_handover: Option<HandoverView>,
    /// What a side must act on: a return not yet acted on, an overdue offer.
    pub handover_signals: Vec<HandoverSignalView>,
    pub last_contact: Option<Contact>,
    pub next_contact_on: Option<Date>,
    pub no_contact_flag: bool,
    pub diagnosis: crate::Diagnosis,
    pub trajectory: crate::Trajectory,
    /// Newest first.
    pub care_referrals: Vec<crate::CareReferral>,
    /// A care referral waits longer for arrival than the organisation allows.
    pub care_not_arrived_flag: bool,
    pub work: crate::Work,
    pub timeline: Vec<TimelineEntry>,
}

#[derive(Debug, Clone, Default)]
pub struct ClientFilter {
    pub owner_employee: Option<EmployeeId>,
    pub owner_team: Option<TeamId>,
    /// A BSN exactly, or a part of the name without case or diacritics.
    pub search: Option<zicht_domain::search::SearchTerm>,
    pub include_closed: bool,
    pub limit: Option<u32>,
    /// Only clients this team owns or is offered in a pending handover.
    pub visible_to_team: Option<TeamId>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClientSummary {
    pub id: ClientId,
    pub bsn: String,
    pub name: String,
    pub phase: Phase,
    pub open: bool,
    pub owner_team: NamedRef<TeamId>,
    pub owner_employee: NamedRef<EmployeeId>,
    pub benefit_status: BenefitStatus,
    pub ready_for_mediation: bool,
    pub last_contact_on: Option<Date>,
    pub next_contact_on: Option<Date>,
    /// The day of the latest five-skills assessment.
    pub last_assessed_on: Option<Date>,
    pub no_contact_flag: bool,
    pub pending_handover: Option<HandoverId>,
    pub pending_to_team: Option<TeamId>,
    pub handover_overdue: bool,
    /// What a side must act on: a return not yet acted on, an overdue offer.
    pub handover_signals: Vec<HandoverSignalView>,
    /// A care referral waits longer for arrival than the organisation allows.
    pub care_not_arrived: bool,
    /// In aftercare with a check-in due.
    pub aftercare_check_in_due: bool,
}

#[derive(Debug, Clone, Default)]
pub struct HandoverFilter {
    /// Handovers offered to this team.
    pub to_team: Option<TeamId>,
    /// Handovers offered by this team.
    pub from_team: Option<TeamId>,
    /// Either direction for this team.
    pub team: Option<TeamId>,
    pub client: Option<ClientId>,
    pub status: Option<HandoverStatus>,
    pub overdue_only: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Ghost {
    pub line: usize,
    pub bsn: String,
    pub name: String,
    pub benefit_start: Date,
    pub benefit_end: Option<Date>,
    /// Set when the run registered this ghost as a client.
    pub registered_as: Option<ClientId>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClientRef {
    pub id: ClientId,
    pub bsn: String,
    pub name: String,
    pub owner_team: String,
    pub owner_employee: String,
    pub last_contact_on: Option<Date>,
    pub benefit_end: Option<Date>,
}

/// One roster import and what it revealed.
#[derive(Debug, Clone, Serialize)]
pub struct RosterReport {
    pub run: RosterRunSummary,
    pub ghosts: Vec<Ghost>,
    pub benefit_ended: Vec<ClientRef>,
    pub not_in_roster: Vec<ClientRef>,
    pub no_contact: Vec<ClientRef>,
    pub overdue_handovers: Vec<HandoverView>,
    pub rejected: Vec<RosterRejection>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RosterRunSummary {
    pub id: RosterRunId,
    #[serde(with = "time::serde::rfc3339")]
    pub imported_at: OffsetDateTime,
    pub imported_by: NamedRef<EmployeeId>,
    pub file_name: String,
    pub file_sha256: String,
    /// An earlier run with exactly the same file, if any.
    pub same_file_as: Option<RosterRunId>,
    pub rows_total: i64,
    pub rows_accepted: i64,
    pub rows_rejected: i64,
    pub ghosts: i64,
    pub ghosts_registered: i64,
    pub benefit_ended: i64,
    pub not_in_roster: i64,
    pub no_contact: i64,
    pub overdue_handovers: i64,
    /// Applied, refused, awaiting confirmation or lapsed.
    pub status: RosterRunStatus,
    /// Why it was refused or needed confirmation (also kept when it was
    /// applied after confirmation).
    pub reasons: Vec<GuardReason>,
    /// The impact as the guard saw it; `None` for runs from before the guard.
    pub open_clients: Option<i64>,
    pub status_changes: Option<i64>,
    /// Valid rows of the applied run before this one.
    pub previous_rows: Option<i64>,
    /// Who confirmed it, when it needed confirmation.
    pub confirmed_by: Option<NamedRef<EmployeeId>>,
    /// Whether the file is kept for confirming on the page.
    pub confirmable: bool,
}

/// How a roster import is to be run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RosterOptions {
    /// Register the ghosts as clients of an intake team.
    pub register_ghosts: bool,
    /// Work out the impact only; write nothing.
    pub dry_run: bool,
    /// Apply even when the guard asks for confirmation (never when it
    /// refuses).
    pub confirmed: bool,
    /// When the run waits for confirmation, keep the file so it can be
    /// confirmed by run id (the page); otherwise it is re-submitted (API, CLI).
    pub keep_for_confirmation: bool,
}

/// What became of a roster import.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum RosterOutcome {
    /// Applied: the register follows the roster.
    Applied(RosterReport),
    /// Refused or awaiting confirmation: stored as a run, nothing else changed.
    NotApplied {
        run: RosterRunSummary,
        impact: RosterImpact,
        /// The organisation's share (percent) the guard weighed it against.
        confirm_share: u32,
        rejected: Vec<RosterRejection>,
    },
    /// A dry run: what applying would do; nothing written.
    Preview(RosterPreview),
}

/// The answer of a dry run.
#[derive(Debug, Clone, Serialize)]
pub struct RosterPreview {
    /// `apply`, `confirmation_required` or `refused`: what applying it
    /// without confirmation would do.
    pub decision: &'static str,
    pub reasons: Vec<GuardReason>,
    pub impact: RosterImpact,
    /// The organisation's share (percent) the guard weighed it against.
    pub confirm_share: u32,
    /// Ghosts, ended benefits, not in roster, no contact: counts only.
    pub ghosts: i64,
    pub benefit_ended: i64,
    pub not_in_roster: i64,
    pub no_contact: i64,
    pub rejected: Vec<RosterRejection>,
}

/// A broken invariant found by [`crate::Store::check`].
#[derive(Debug, Clone, Serialize)]
pub struct Violation {
    pub rule: &'static str,
    pub detail: String,
}

/// An account as sign-in needs it.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub organisation_id: zicht_domain::OrganisationId,
    pub employee: zicht_domain::organisation::Employee,
    /// Argon2id PHC string; `None` when no password was ever set.
    pub password_hash: Option<String>,
}

/// A signed-in session. Only the hash of its token is stored.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub token_hash: String,
    pub employee_id: EmployeeId,
    pub csrf_token: String,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
}

/// What came of a logged action: done, failed, or refused to the person
/// who attempted it (a security event too, BIO 12.4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogStatus {
    Ok,
    Error,
    Denied,
}

impl LogStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LogStatus::Ok => "ok",
            LogStatus::Error => "error",
            LogStatus::Denied => "denied",
        }
    }

    /// `Ok` for a success, `Error` for anything else.
    pub fn of(ok: bool) -> Self {
        if ok {
            LogStatus::Ok
        } else {
            LogStatus::Error
        }
    }
}

/// One entry of the Logboek Dataverwerkingen (Logius standard): one action
/// on the personal data of one data subject.
#[derive(Debug, Clone, Serialize)]
pub struct ProcessingRecord {
    pub trace_id: String,
    pub span_id: String,
    pub parent_span_id: Option<String>,
    /// What was done, e.g. `klantkaart_lezen`.
    pub operation: String,
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub ended_at: OffsetDateTime,
    pub status: LogStatus,
    pub actor: EmployeeId,
    /// The register entry of the processing activity.
    pub processing_activity: String,
    /// The BSN as given; stored only pseudonymised.
    #[serde(skip)]
    pub subject_bsn: String,
}

/// A stored log entry, as the log answers questions about a data subject.
#[derive(Debug, Clone, Serialize)]
pub struct LoggedProcessing {
    pub id: i64,
    pub trace_id: String,
    pub span_id: String,
    pub operation: String,
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub ended_at: OffsetDateTime,
    pub status: String,
    pub actor: NamedRef<EmployeeId>,
    pub processing_activity: String,
    pub subject_id: String,
    pub subject_id_type: String,
}

/// One event of an imported history: what happened, who did it, when.
#[derive(Debug, Clone)]
pub struct ImportedEvent {
    pub event: zicht_domain::event::ClientEvent,
    pub actor: EmployeeId,
    pub at: OffsetDateTime,
}

/// A client's whole history, starting with `Created`. Handovers are
/// numbered by the caller (1, 2, … within the client); the store gives them
/// real ids.
#[derive(Debug, Clone, Default)]
pub struct ImportedClient {
    pub events: Vec<ImportedEvent>,
}

/// A page of [`crate::Store::event_feed`].
#[derive(Debug, Clone)]
pub struct FeedPage {
    pub events: Vec<FeedEvent>,
    /// No event with an id below the last one here can still become
    /// visible: true on SQLite (one writer, rows appear in id order); false
    /// on PostgreSQL, where ids are taken at insert but shown at commit, so
    /// a transaction still running can show a lower id later.
    pub settled: bool,
}

/// One event of an organisation's history as the event feed hands it out,
/// in the order events were appended.
#[derive(Debug, Clone, Serialize)]
pub struct FeedEvent {
    /// The event's row id; the feed continues after it.
    pub id: i64,
    pub client_id: ClientId,
    /// The event's number within its client's history, from 1.
    pub seq: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub occurred_at: OffsetDateTime,
    pub event: zicht_domain::event::ClientEvent,
}

/// How many of the ghosts of the latest roster run are resolved since: for
/// the effectenkaart.
#[derive(Debug, Clone, Serialize)]
pub struct GhostResolution {
    pub run_id: RosterRunId,
    #[serde(with = "time::serde::rfc3339")]
    pub imported_at: OffsetDateTime,
    /// Ghosts the run found.
    pub ghosts: i64,
    /// Of those, registered by the run or later, or registered by hand as a
    /// client at or after the run's import.
    pub resolved: i64,
}
