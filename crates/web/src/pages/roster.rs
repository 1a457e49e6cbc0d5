//! Reconciliation with the benefits roster: upload, see ghosts and the other
//! lists, register ghosts with intake in one action; earlier runs with counts.
//!
//! A run is guarded (see [`zicht_domain::roster::decide`]): a file without a
//! valid row is refused, and one that would change too much is kept on the
//! server and shown with its counts until someone confirms it here
//! (`/afstemming/{run}/bevestigen`) or lets it lapse. "Voorbeeld bekijken"
//! is a dry run that changes nothing.

use askama::Template;
use axum::{
    extract::{Multipart, Path, State},
    response::{Html, IntoResponse, Response},
};
use zicht_domain::text::dmy;
use zicht_domain::{
    roster::{GuardReason, RosterImpact, RosterRejection, RosterRunStatus},
    RosterRunId,
};
use zicht_storage::{
    ClientRef, Ghost, RosterOptions, RosterOutcome, RosterPreview, RosterReport, RosterRunSummary,
};

use super::{
    dmy_hm, path_id, render, render_invalid,
    saved::{see_other, Saved},
    Errors, Layout,
};
use crate::{actor::Acting, AppState, WebError, WebResult};

/// What the guard says about a run that changed nothing, or a preview.
struct Guard {
    /// `preview`, `refused`, `awaiting` or `lapsed`.
    state: &'static str,
    /// For a preview: `apply`, `confirmation_required` or `refused`.
    decision: &'static str,
    run: Option<RosterRunSummary>,
    file_name: String,
    rows_valid: i64,
    rows_rejected: i64,
    previous_rows: Option<i64>,
    open_clients: Option<i64>,
    status_changes: Option<i64>,
    /// Where the changes go; known when the impact was just worked out.
    breakdown: Option<RosterImpact>,
    confirm_share: u32,
    reasons: Vec<GuardReason>,
    /// Findings of a preview, by text key: ghosts, ended, not in roster,
    /// no contact.
    findings: Vec<(&'static str, i64)>,
    rejected: Vec<RosterRejection>,
}

impl Guard {
    fn from_impact(
        state: &'static str,
        file_name: &str,
        impact: &RosterImpact,
        confirm_share: u32,
    ) -> Guard {
        Guard {
            state,
            decision: "",
            run: None,
            file_name: file_name.to_string(),
            rows_valid: impact.rows_valid as i64,
            rows_rejected: impact.rows_rejected as i64,
            previous_rows: impact.previous_rows.map(|n| n as i64),
            open_clients: Some(impact.open_clients as i64),
            status_changes: Some(impact.status_changes as i64),
            breakdown: Some(*impact),
            confirm_share,
            reasons: Vec::new(),
            findings: Vec::new(),
            rejected: Vec::new(),
        }
    }

    fn not_applied(
        run: RosterRunSummary,
        impact: &RosterImpact,
        confirm_share: u32,
        rejected: Vec<RosterRejection>,
    ) -> Guard {
        let mut g = Guard::from_impact(state_of(run.status), &run.file_name, impact, confirm_share);
        g.reasons = run.reasons.clone();
        g.rejected = rejected;
        g.run = Some(run);
        g
    }

    fn preview(file_name: &str, p: RosterPreview) -> Guard {
        let mut g = Guard::from_impact("preview", file_name, &p.impact, p.confirm_share);
        g.decision = p.decision;
        g.reasons = p.reasons;
        g.findings = vec![
            ("roster.ghosts", p.ghosts),
            ("roster.ended", p.benefit_ended),
            ("roster.not_in", p.not_in_roster),
            ("roster.no_contact", p.no_contact),
        ];
        g.rejected = p.rejected;
        g
    }

    /// A stored run that was not applied, as its summary keeps it.
    fn stored(run: RosterRunSummary, confirm_share: u32) -> Guard {
        Guard {
            state: state_of(run.status),
            decision: "",
            file_name: run.file_name.clone(),
            rows_valid: run.rows_accepted,
            rows_rejected: run.rows_rejected,
            previous_rows: run.previous_rows,
            open_clients: run.open_clients,
            status_changes: run.status_changes,
            breakdown: None,
            confirm_share,
            reasons: run.reasons.clone(),
            findings: Vec::new(),
            rejected: Vec::new(),
            run: Some(run),
        }
    }

    fn confirmable(&self) -> Option<RosterRunId> {
        self.run.as_ref().filter(|r| r.confirmable).map(|r| r.id)
    }

    /// `12 (3%)`: the changes and their share of the open clients.
    fn changes(&self) -> String {
        match (self.status_changes, self.open_clients) {
            (Some(n), Some(open)) if open > 0 => format!("{n} ({}%)", n * 100 / open),
            (Some(n), _) => n.to_string(),
            _ => "—".into(),
        }
    }
}

fn state_of(status: RosterRunStatus) -> &'static str {
    match status {
        RosterRunStatus::Refused => "refused",
        RosterRunStatus::AwaitingConfirmation => "awaiting",
        RosterRunStatus::Lapsed => "lapsed",
        RosterRunStatus::Applied => "applied",
    }
}

#[derive(Template)]
#[template(path = "roster.html")]
struct RosterPage {
    l: Layout,
    runs: Vec<RosterRunSummary>,
    report: Option<RosterReport>,
    /// A stored run shown on its own page (no per-client lists kept).
    run: Option<(RosterRunSummary, Vec<Ghost>)>,
    guard: Option<Guard>,
    confirm_share: u32,
    errors: Errors,
}

impl RosterPage {
    fn when(&self, r: &RosterRunSummary) -> String {
        dmy_hm(r.imported_at)
    }
    fn date(&self, d: &Option<time::Date>) -> String {
        d.map(dmy).unwrap_or_default()
    }
    fn day(&self, d: &time::Date) -> String {
        dmy(*d)
    }
    fn message(&self, code: &str) -> &'static str {
        self.l.tr.message(code)
    }
    fn lists<'a>(&self, r: &'a RosterReport) -> Vec<(&'static str, &'a Vec<ClientRef>)> {
        vec![
            ("roster.ended", &r.benefit_ended),
            ("roster.not_in", &r.not_in_roster),
            ("roster.no_contact", &r.no_contact),
        ]
    }
    fn unregistered(&self, ghosts: &[Ghost]) -> usize {
        ghosts.iter().filter(|g| g.registered_as.is_none()).count()
    }
    /// The run's status with its reasons, short, for the list of runs.
    fn status(&self, r: &RosterRunSummary) -> String {
        let status = self.l.tr.label(r.status);
        if r.reasons.is_empty() {
            return status.to_string();
        }
        let reasons: Vec<&str> = r.reasons.iter().map(|x| self.l.tr.label(x)).collect();
        format!("{status}: {}", reasons.join("; "))
    }
    fn guard_intro(&self) -> String {
        self.l
            .tr
            .t("roster.guard_intro")
            .replace("{share}", &self.confirm_share.to_string())
    }
}

async fn page_with(
    state: &AppState,
    acting: &Acting,
    report: Option<RosterReport>,
    run: Option<(RosterRunSummary, Vec<Ghost>)>,
    guard: Option<Guard>,
    errors: Errors,
) -> WebResult<RosterPage> {
    let confirm_share = state
        .store
        .organisation(acting.organisation_id)
        .await?
        .settings
        .roster_confirm_share;
    Ok(RosterPage {
        l: Layout::new(state, acting, "roster.title").await?,
        runs: state.acts.roster_runs(acting).await?,
        report,
        run,
        guard,
        confirm_share,
        errors,
    })
}

pub async fn page(State(state): State<AppState>, acting: Acting) -> WebResult<Html<String>> {
    render(&page_with(&state, &acting, None, None, None, Errors::default()).await?)
}

/// Shows an applied run's report (the act logged whose data it shows).
async fn applied(state: &AppState, acting: &Acting, report: RosterReport) -> WebResult<Response> {
    render(&page_with(state, acting, Some(report), None, None, Errors::default()).await?)
        .map(IntoResponse::into_response)
}

/// Shows whatever a run came to. A refused file is answered 422, like a
/// form that was not accepted; the rest 200. The counts and rejections
/// shown hold no personal data (rejected values are masked).
async fn outcome(
    state: &AppState,
    acting: &Acting,
    file_name: &str,
    outcome: RosterOutcome,
) -> WebResult<Response> {
    let guard = match outcome {
        RosterOutcome::Applied(report) => return applied(state, acting, report).await,
        RosterOutcome::Preview(p) => Guard::preview(file_name, p),
        RosterOutcome::NotApplied {
            run,
            impact,
            confirm_share,
            rejected,
        } => Guard::not_applied(run, &impact, confirm_share, rejected),
    };
    let refused = guard.state == "refused";
    let page = page_with(state, acting, None, None, Some(guard), Errors::default()).await?;
    if refused {
        render_invalid(&page)
    } else {
        render(&page).map(IntoResponse::into_response)
    }
}

/// The upload form (multipart): `csrf` (checked before the handler by the
/// CSRF middleware), `bestand`, optional `spookklanten_inschrijven`,
/// and `actie`: `voorbeeld` for a dry run, anything else to reconcile.
pub async fn upload(
    State(state): State<AppState>,
    acting: Acting,
    mut multipart: Multipart,
) -> WebResult<Response> {
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut register = false;
    let mut dry_run = false;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| WebError::BadRequest(e.body_text()))?
    {
        match field.name() {
            Some("bestand") => {
                let name: String = field
                    .file_name()
                    .unwrap_or("upload.csv")
                    .chars()
                    .filter(|c| !c.is_control())
                    .collect();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| WebError::BadRequest(e.body_text()))?;
                if !bytes.is_empty() {
                    file = Some((name, bytes.to_vec()));
                }
            }
            Some("spookklanten_inschrijven") => register = true,
            Some("actie") => {
                dry_run = field
                    .text()
                    .await
                    .map_err(|e| WebError::BadRequest(e.body_text()))?
                    == "voorbeeld"
            }
            _ => {}
        }
    }
    let Some((name, bytes)) = file else {
        let errors = Errors::single("bestand", super::Tr::current().t("roster.file_required"));
        return render_invalid(&page_with(&state, &acting, None, None, None, errors).await?);
    };
    let options = RosterOptions {
        register_ghosts: register,
        dry_run,
        confirmed: false,
        keep_for_confirmation: true,
    };
    match state
        .acts
        .reconcile_roster(&acting, &name, &bytes, options)
        .await
    {
        Ok(o) => outcome(&state, &acting, &name, o).await,
        Err(e) => render_invalid(
            &page_with(&state, &acting, None, None, None, Errors::from_web(e)?).await?,
        ),
    }
}

/// Applies a run awaiting confirmation from the file kept with it.
pub async fn confirm(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Response> {
    let run = RosterRunId(path_id(&raw)?);
    let o = state.acts.confirm_roster_run(&acting, run).await?;
    let name = match &o {
        RosterOutcome::Applied(r) => r.run.file_name.clone(),
        _ => String::new(),
    };
    outcome(&state, &acting, &name, o).await
}

/// Lets a run awaiting confirmation lapse; nothing changes.
pub async fn cancel(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Response> {
    let run = RosterRunId(path_id(&raw)?);
    state.acts.cancel_roster_run(&acting, run).await?;
    Ok(see_other(
        &format!("/afstemming/{}", run.0),
        Saved::RosterCancelled,
    ))
}

pub async fn run(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Response> {
    let (summary, ghosts) = state
        .acts
        .roster_run(&acting, RosterRunId(path_id(&raw)?))
        .await?;
    if summary.status != RosterRunStatus::Applied {
        // Nothing of it reached the register; its counts hold no personal data.
        let mut page = page_with(&state, &acting, None, None, None, Errors::default()).await?;
        page.guard = Some(Guard::stored(summary, page.confirm_share));
        return render(&page).map(IntoResponse::into_response);
    }
    let page = page_with(
        &state,
        &acting,
        None,
        Some((summary, ghosts)),
        None,
        Errors::default(),
    )
    .await?;
    render(&page).map(IntoResponse::into_response)
}

pub async fn register_ghosts(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Response> {
    let run = RosterRunId(path_id(&raw)?);
    state.acts.register_run_ghosts(&acting, run).await?;
    Ok(see_other(
        &format!("/afstemming/{}", run.0),
        Saved::GhostsRegistered,
    ))
}
