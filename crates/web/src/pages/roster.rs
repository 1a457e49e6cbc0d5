//! Reconciliation with the benefits roster: upload, see ghosts and the other
//! lists, register ghosts with intake in one action; earlier runs with counts.

use askama::Template;
use axum::{
    extract::{Multipart, Path, State},
    response::{Html, IntoResponse, Redirect, Response},
};
use zicht_domain::RosterRunId;
use zicht_storage::{ClientRef, Ghost, RosterReport, RosterRunSummary};

use super::{dmy, dmy_hm, path_id, render, render_invalid, Errors, Layout};
use crate::{actor::Acting, AppState, WebError, WebResult};

#[derive(Template)]
#[template(path = "roster.html")]
struct RosterPage {
    l: Layout,
    runs: Vec<RosterRunSummary>,
    report: Option<RosterReport>,
    /// A stored run shown on its own page (no per-client lists kept).
    run: Option<(RosterRunSummary, Vec<Ghost>)>,
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
        zicht_domain::messages::text(code, self.l.tr.lang)
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
}

async fn page_with(
    state: &AppState,
    acting: &Acting,
    report: Option<RosterReport>,
    run: Option<(RosterRunSummary, Vec<Ghost>)>,
    errors: Errors,
) -> WebResult<RosterPage> {
    Ok(RosterPage {
        l: Layout::new(state, acting, "roster.title").await?,
        runs: state.store.roster_runs(acting.organisation_id).await?,
        report,
        run,
        errors,
    })
}

pub async fn page(State(state): State<AppState>, acting: Acting) -> WebResult<Html<String>> {
    render(&page_with(&state, &acting, None, None, Errors::default()).await?)
}

pub async fn upload(
    State(state): State<AppState>,
    acting: Acting,
    mut multipart: Multipart,
) -> WebResult<Response> {
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut register = false;
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
            _ => {}
        }
    }
    let Some((name, bytes)) = file else {
        let errors = Errors::single("bestand", super::Tr::current().t("roster.file_required"));
        return render_invalid(&page_with(&state, &acting, None, None, errors).await?);
    };
    match state
        .store
        .reconcile_roster(&acting.ctx, &name, &bytes, register)
        .await
    {
        Ok(report) => {
            crate::logbook::record(
                &state,
                &acting,
                "uitkeringsbestand_afstemmen",
                crate::report::subjects(&report),
            )
            .await?;
            render(&page_with(&state, &acting, Some(report), None, Errors::default()).await?)
                .map(IntoResponse::into_response)
        }
        Err(e) => render_invalid(
            &page_with(&state, &acting, None, None, Errors::from_web(e.into())?).await?,
        ),
    }
}

pub async fn run(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Html<String>> {
    let run = state
        .store
        .roster_run(acting.organisation_id, RosterRunId(path_id(&raw)?))
        .await?;
    crate::logbook::record(
        &state,
        &acting,
        "spookklanten_lezen",
        run.1.iter().map(|g| g.bsn.as_str()),
    )
    .await?;
    render(&page_with(&state, &acting, None, Some(run), Errors::default()).await?)
}

pub async fn register_ghosts(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Response> {
    let run = RosterRunId(path_id(&raw)?);
    state.store.register_run_ghosts(&acting.ctx, run).await?;
    let (_, ghosts) = state.store.roster_run(acting.organisation_id, run).await?;
    let registered = ghosts
        .iter()
        .filter(|g| g.registered_as.is_some())
        .map(|g| g.bsn.as_str());
    crate::logbook::record(&state, &acting, "spookklanten_inschrijven", registered).await?;
    Ok(Redirect::to(&format!("/afstemming/{}", run.0)).into_response())
}
