//! Server-rendered pages. Work without JavaScript; Dutch by default.

use askama::Template;
use axum::{
    extract::{Path, Query, Request, State},
    http::{header, HeaderValue, StatusCode},
    middleware::{self, Next},
    response::{Html, IntoResponse, Redirect, Response},
    routing::get,
    Form, Router,
};
use serde::Deserialize;
use time::{macros::format_description, Date, OffsetDateTime};
use zicht_domain::{event::ClientEvent, skills::Skill, ClientId};
use zicht_storage::{ClientCard, ClientFilter, ClientSummary};

use crate::{
    actor::{Acting, ACTOR_COOKIE},
    error::ErrorBody,
    AppState, WebError, WebResult,
};

const STYLESHEET: &str = include_str!("../static/zicht.css");

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(caseload))
        .route("/medewerker", get(choose_actor).post(set_actor))
        .route("/klanten/{id}", get(client_card))
        .route("/static/zicht.css", get(stylesheet))
        .fallback(|| async { WebError::NotFound })
        .layer(middleware::from_fn(render_error_page))
}

fn render<T: Template>(t: &T) -> WebResult<Html<String>> {
    t.render()
        .map(Html)
        .map_err(|e| WebError::Store(zicht_storage::StoreError::Corrupt(format!("template: {e}"))))
}

pub fn dmy(d: Date) -> String {
    d.format(format_description!("[day]-[month]-[year]"))
        .unwrap_or_default()
}

fn dmy_hm(t: OffsetDateTime) -> String {
    t.format(format_description!("[day]-[month]-[year] [hour]:[minute]"))
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    title: String,
    body: ErrorBody,
}

/// Turns the JSON error of any page route into an HTML page; a request without
/// an employee goes to the page where one is chosen.
async fn render_error_page(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let Some(body) = response.extensions().get::<ErrorBody>().cloned() else {
        return response;
    };
    if body.code == "actor_required" {
        return Redirect::to("/medewerker").into_response();
    }
    let status = response.status();
    let page = ErrorPage {
        title: status.canonical_reason().unwrap_or("Fout").to_string(),
        body,
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "Er ging iets mis.").into_response(),
    }
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
}

struct EmployeeOption {
    id: i64,
    label: String,
}

#[derive(Template)]
#[template(path = "choose_actor.html")]
struct ChooseActorPage {
    options: Vec<EmployeeOption>,
}

async fn choose_actor(State(state): State<AppState>) -> WebResult<Html<String>> {
    let mut options = Vec::new();
    for org in state.store.organisations().await? {
        let teams = state.store.teams(org.id).await?;
        for e in state.store.employees(org.id).await? {
            let team = teams
                .iter()
                .find(|t| t.id == e.team_id)
                .map_or("", |t| t.name.as_str());
            options.push(EmployeeOption {
                id: e.id.0,
                label: format!("{} — {} ({})", e.name, team, org.name),
            });
        }
    }
    render(&ChooseActorPage { options })
}

#[derive(Deserialize)]
struct ActorForm {
    employee_id: i64,
}

async fn set_actor(
    State(state): State<AppState>,
    Form(form): Form<ActorForm>,
) -> WebResult<Response> {
    let (_, employee) = state
        .store
        .employee(zicht_domain::EmployeeId(form.employee_id))
        .await?;
    let cookie = format!(
        "{ACTOR_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax",
        employee.id
    );
    let mut response = Redirect::to("/").into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}

struct CaseloadRow {
    id: i64,
    name: String,
    bsn: String,
    phase: &'static str,
    ready: bool,
    last_contact: String,
    flags: Vec<&'static str>,
}

impl From<&ClientSummary> for CaseloadRow {
    fn from(c: &ClientSummary) -> Self {
        let mut flags = Vec::new();
        if c.no_contact_flag {
            flags.push("geen contact");
        }
        if c.handover_overdue {
            flags.push("overdracht te laat");
        } else if c.pending_handover.is_some() {
            flags.push("overdracht open");
        }
        if c.benefit_status == zicht_domain::client::BenefitStatus::Ended {
            flags.push("uitkering beëindigd");
        }
        CaseloadRow {
            id: c.id.0,
            name: c.name.clone(),
            bsn: c.bsn.clone(),
            phase: c.phase.label_nl(),
            ready: c.ready_for_mediation,
            last_contact: c.last_contact_on.map(dmy).unwrap_or_else(|| "nooit".into()),
            flags,
        }
    }
}

#[derive(Template)]
#[template(path = "caseload.html")]
struct CaseloadPage {
    me: String,
    query: String,
    searching: bool,
    rows: Vec<CaseloadRow>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CaseloadQuery {
    q: String,
}

async fn caseload(
    State(state): State<AppState>,
    acting: Acting,
    Query(q): Query<CaseloadQuery>,
) -> WebResult<Html<String>> {
    let searching = !q.q.trim().is_empty();
    // A search looks through the whole organisation; otherwise my own caseload.
    let filter = if searching {
        ClientFilter {
            search: Some(q.q.clone()),
            limit: Some(200),
            ..Default::default()
        }
    } else {
        ClientFilter {
            owner_employee: Some(acting.employee.id),
            ..Default::default()
        }
    };
    let clients = state
        .store
        .clients(acting.organisation_id, &filter, acting.today())
        .await?;
    render(&CaseloadPage {
        me: acting.employee.name.clone(),
        query: q.q,
        searching,
        rows: clients.iter().map(CaseloadRow::from).collect(),
    })
}

struct SkillRow {
    label: &'static str,
    latest: Option<bool>,
    previous: Option<bool>,
}

struct TimelineRow {
    at: String,
    label: &'static str,
    actor: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "client_card.html")]
struct ClientCardPage {
    c: ClientCard,
    birth_date: String,
    skills: Vec<SkillRow>,
    assessed_on: String,
    previous_on: String,
    trend: String,
    missing: Vec<&'static str>,
    last_contact: String,
    next_contact: String,
    handover: String,
    handover_overdue: bool,
    timeline: Vec<TimelineRow>,
}

fn describe(event: &ClientEvent) -> String {
    match event {
        ClientEvent::Created { phase, .. } => format!("fase {}", phase.label_nl()),
        ClientEvent::HandoverOffered { note, .. } => format!("reden: {}", note.reason),
        ClientEvent::HandoverAccepted { .. } | ClientEvent::HandoverWithdrawn { .. } => {
            String::new()
        }
        ClientEvent::HandoverReturned { reason, .. } => format!("reden: {reason}"),
        ClientEvent::AssessmentRecorded { skills, .. } => {
            format!("{} van 5 basisvaardigheden", skills.count())
        }
        ClientEvent::ContactRecorded {
            kind,
            with_whom,
            date,
            ..
        } => {
            format!("{} met {} op {}", kind.label_nl(), with_whom, dmy(*date))
        }
        ClientEvent::PhaseChanged { from, to } => {
            format!("{} → {}", from.label_nl(), to.label_nl())
        }
        ClientEvent::BenefitStatusChanged { from, to } => {
            format!("{} → {}", from.label_nl(), to.label_nl())
        }
        ClientEvent::Closed { reason } => format!("reden: {reason}"),
    }
}

async fn client_card(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Html<String>> {
    let id: i64 = raw.parse().map_err(|_| WebError::NotFound)?;
    let c = state
        .store
        .client_card(acting.organisation_id, ClientId(id), acting.today())
        .await?;
    let skills = Skill::ALL
        .iter()
        .map(|s| SkillRow {
            label: s.label_nl(),
            latest: c.latest_assessment.as_ref().map(|a| a.skills.has(*s)),
            previous: c.previous_assessment.as_ref().map(|a| a.skills.has(*s)),
        })
        .collect();
    let timeline = c
        .timeline
        .iter()
        .map(|t| {
            let event: Option<ClientEvent> = serde_json::from_value(t.event.clone()).ok();
            TimelineRow {
                at: dmy_hm(t.at),
                label: event.as_ref().map_or("Gebeurtenis", |e| e.label_nl()),
                actor: t.actor.name.clone(),
                detail: event.as_ref().map(describe).unwrap_or_default(),
            }
        })
        .collect();
    let page = ClientCardPage {
        birth_date: c.birth_date.map(dmy).unwrap_or_else(|| "onbekend".into()),
        skills,
        assessed_on: c
            .latest_assessment
            .as_ref()
            .map(|a| dmy(a.assessed_on))
            .unwrap_or_default(),
        previous_on: c
            .previous_assessment
            .as_ref()
            .map(|a| dmy(a.assessed_on))
            .unwrap_or_default(),
        trend: c
            .skills_trend
            .map(|t| t.label_nl().to_string())
            .unwrap_or_default(),
        missing: c
            .latest_assessment
            .as_ref()
            .map(|a| a.missing.iter().map(|s| s.label_nl()).collect())
            .unwrap_or_default(),
        last_contact: c
            .last_contact
            .as_ref()
            .map(|k| {
                format!(
                    "{} — {} met {}",
                    dmy(k.date),
                    k.kind.label_nl(),
                    k.with_whom
                )
            })
            .unwrap_or_else(|| "nog geen contact".into()),
        next_contact: c
            .next_contact_on
            .map(dmy)
            .unwrap_or_else(|| "niet gepland".into()),
        handover: c
            .pending_handover
            .as_ref()
            .map(|h| {
                format!(
                    "Aangeboden aan {} op {} ({} werkdagen): {}",
                    h.to_team.name,
                    dmy(h.offered_at.date()),
                    h.working_days_waiting,
                    h.note.reason
                )
            })
            .unwrap_or_default(),
        handover_overdue: c.pending_handover.as_ref().is_some_and(|h| h.overdue),
        timeline,
        c,
    };
    render(&page)
}
