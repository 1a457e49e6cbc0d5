//! The JSON API under `/api`, described by `openapi.yaml`.

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post, put},
    Json,
};
use serde::{Deserialize, Serialize};
use zicht_domain::{
    handover::HandoverStatus,
    organisation::{Employee, Team},
    search::SearchTerm,
    ClientId, DomainError, EmployeeId, HandoverId, TeamId,
};
use zicht_storage::{
    ClientCard, ClientFilter, ClientSummary, HandoverFilter, HandoverView, RosterOptions,
    RosterOutcome, RosterReport, RosterRunSummary,
};

use std::net::SocketAddr;

use axum::extract::ConnectInfo;

use zicht_acts::{
    clients::{AssessmentInput, ContactInput, NewClientInput, SearchResult},
    handovers::{Decision, HandoverInput},
};

use crate::{
    actor::Acting,
    auth,
    extract::{optional_json, path_id, ApiJson, ApiQuery, Created},
    i18n::Tr,
    letters, process, report, work, AppState, WebError, WebResult,
};

pub const OPENAPI_YAML: &str = include_str!("../openapi.yaml");

/// The routes, ready to serve and to be listed.
pub fn router(state: AppState) -> crate::routes::Finished {
    crate::routes::Routes::new()
        .route("/openapi.yaml", get(openapi))
        .route("/session", post(create_session).delete(end_session))
        .route("/me", get(me))
        .route("/teams", get(teams))
        .route("/employees", get(employees))
        .route("/clients", get(list_clients).post(register_client))
        .route("/search", post(search_clients))
        .route("/today", get(today))
        .route("/clients/{id}", get(client_card))
        .route("/clients/{id}/handovers", post(offer_handover))
        .route(
            "/clients/{id}/returned-handover/seen",
            post(see_returned_handover),
        )
        .route("/clients/{id}/processing-log", get(processing_log))
        .route("/clients/{id}/contacts", post(record_contact))
        .route("/clients/{id}/assessments", post(record_assessment))
        .route("/clients/{id}/phase", post(change_phase))
        .route("/clients/{id}/close", post(close_client))
        .route(
            "/clients/{id}/diagnosis-notes",
            post(process::api_diagnosis_note),
        )
        .route("/clients/{id}/ladder", post(process::api_ladder))
        .route("/clients/{id}/zrm", post(process::api_zrm))
        .route("/clients/{id}/goals", post(process::api_goal))
        .route(
            "/clients/{id}/interventions",
            post(process::api_intervention),
        )
        .route(
            "/clients/{id}/interventions/{intervention}/end",
            post(process::api_end_intervention),
        )
        .route("/clients/{id}/oversight", post(process::api_oversight))
        .route(
            "/clients/{id}/care-referrals",
            post(process::api_care_referral),
        )
        .route(
            "/clients/{id}/care-referrals/{referral}/arrival",
            post(process::api_arrival),
        )
        .route(
            "/clients/{id}/care-referrals/{referral}/end",
            post(process::api_end_referral),
        )
        .route("/catalogue", get(process::api_catalogue))
        .route("/what-works", get(what_works))
        .route("/clients/{id}/comparable", get(comparable))
        .route("/providers", post(process::api_create_provider))
        .route(
            "/providers/{id}/contracts",
            post(process::api_create_contract),
        )
        .route("/catalogue-items", post(process::api_create_item))
        .route(
            "/catalogue-items/{id}/active",
            post(process::api_item_active),
        )
        .route(
            "/care-organisations",
            post(process::api_create_care_organisation),
        )
        .route("/instrument-requirements", put(process::api_requirements))
        .route("/provider/clients", get(process::api_provider_clients))
        .route("/provider/clients/{id}", get(process::api_provider_client))
        .route(
            "/provider/clients/{id}/progress-reports",
            post(process::api_progress_report),
        )
        .route("/effects/instruments", get(process::api_instrument_use))
        .route(
            "/employers",
            get(work::api_employers).post(work::api_create_employer),
        )
        .route("/employers/{employer}", get(work::api_employer))
        .route(
            "/employers/{employer}/contacts",
            post(work::api_employer_contact),
        )
        .route(
            "/employers/{employer}/vacancies",
            post(work::api_create_vacancy),
        )
        .route("/vacancies/{vacancy}", get(work::api_vacancy))
        .route("/vacancies/{vacancy}/proposals", post(work::api_propose))
        .route(
            "/vacancies/{vacancy}/status",
            post(work::api_vacancy_status),
        )
        .route("/clients/{id}/work-wishes", post(work::api_work_wishes))
        .route(
            "/clients/{id}/mediations/{mediation}/steps",
            post(work::api_mediation_step),
        )
        .route(
            "/clients/{id}/mediations/{mediation}/end",
            post(work::api_end_mediation),
        )
        .route("/clients/{id}/volunteering", post(work::api_volunteering))
        .route(
            "/clients/{id}/volunteering/{placement}/end",
            post(work::api_end_volunteering),
        )
        .route("/clients/{id}/outflow", post(work::api_outflow))
        .route(
            "/clients/{id}/aftercare-check-ins",
            post(work::api_check_in),
        )
        .route("/clients/{id}/sanctions", post(work::api_sanction))
        .route(
            "/clients/{id}/sanctions/{sanction}/decision",
            post(work::api_decision),
        )
        .route("/clients/{id}/letters", post(letters::api_draft_letter))
        .route(
            "/clients/{id}/letters/{letter}",
            get(work::api_get_letter)
                .put(letters::api_edit_letter)
                .delete(letters::api_discard_letter),
        )
        .route(
            "/clients/{id}/letters/{letter}/pdf",
            get(letters::api_letter_pdf),
        )
        .route(
            "/clients/{id}/letters/{letter}/send",
            post(letters::api_send_letter),
        )
        .route(
            "/clients/{id}/contact-details",
            put(letters::api_contact_details),
        )
        .route("/letter-drafts", get(letters::api_letter_drafts))
        .route("/letter-templates", get(work::api_letter_templates))
        .route("/letter-templates/{key}", put(work::api_save_template))
        .route(
            "/effects/employer-contacts",
            get(work::api_employer_contacts),
        )
        .route("/handovers", get(list_handovers))
        .route("/handovers/{id}", get(get_handover))
        .route("/handovers/{id}/accept", post(accept_handover))
        .route("/handovers/{id}/return", post(return_handover))
        .route("/handovers/{id}/withdraw", post(withdraw_handover))
        .route(
            "/meetings",
            get(crate::meetings::api_list).post(crate::meetings::api_create),
        )
        .route("/meetings/{id}", get(crate::meetings::api_get))
        .route(
            "/intervision",
            get(crate::intervision::api_list).post(crate::intervision::api_create),
        )
        .route("/intervision/counts", get(crate::intervision::api_counts))
        .route(
            "/development/aggregates",
            get(crate::development::api_aggregates),
        )
        .route("/development/{employee}", get(crate::development::api_get))
        .route(
            "/development/{employee}/goals",
            post(crate::development::api_goal),
        )
        .route(
            "/development/{employee}/goals/{goal}/actions",
            post(crate::development::api_action),
        )
        .route(
            "/development/{employee}/reviews",
            post(crate::development::api_review),
        )
        .route(
            "/development/{employee}/trainings",
            post(crate::development::api_training),
        )
        .route("/intervision/{id}", get(crate::intervision::api_get))
        .route(
            "/intervision/follow-ups/{id}/done",
            post(crate::intervision::api_finish),
        )
        .route(
            "/methods",
            get(crate::methods::api_list).post(crate::methods::api_create),
        )
        .route("/methods/{id}", get(crate::methods::api_get))
        .route("/methods/{id}/versions", post(crate::methods::api_draft))
        .route("/method-versions/{id}", put(crate::methods::api_edit))
        .route(
            "/method-versions/{id}/comments",
            post(crate::methods::api_comment),
        )
        .route(
            "/method-versions/{id}/definitive",
            post(crate::methods::api_definitive),
        )
        .route("/roster", post(reconcile_roster))
        .route("/roster/runs", get(roster_runs))
        .route("/effects", get(effects))
        .route("/effects/clients", get(effects_clients))
        .route("/effects/learning", get(effects_learning))
        .route(
            "/result-agreements",
            get(result_agreements).post(create_result_agreement),
        )
        .route(
            "/result-agreements/{id}/withdraw",
            post(withdraw_result_agreement),
        )
        .finish(|router| {
            router
                .route_layer(axum::middleware::from_fn_with_state(
                    state,
                    crate::access::authorize,
                ))
                .fallback(|| async { WebError::NotFound })
        })
}

async fn openapi() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/yaml; charset=utf-8")],
        OPENAPI_YAML,
    )
}

#[derive(Serialize)]
struct Me {
    employee: Employee,
    organisation_id: i64,
    /// Send this in the `X-CSRF-Token` header with every change.
    csrf_token: String,
}

async fn me(acting: Acting) -> Json<Me> {
    Json(Me {
        organisation_id: acting.organisation_id.0,
        employee: acting.employee.clone(),
        csrf_token: acting.csrf_token,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SignIn {
    email: String,
    password: String,
}

/// Signs in; the session travels in an HttpOnly cookie.
async fn create_session(
    State(state): State<AppState>,
    ConnectInfo(address): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    ApiJson(input): ApiJson<SignIn>,
) -> WebResult<Response> {
    let session = auth::sign_in(&state, &input.email, &input.password, Some(address.ip())).await?;
    auth::end_presented_session(&state, &headers).await?;
    let me = Me {
        organisation_id: session.credentials.organisation_id.0,
        employee: session.credentials.employee,
        csrf_token: session.csrf_token,
    };
    let cookie = auth::session_cookie(&state, Some(&session.token));
    Ok(([(header::SET_COOKIE, cookie)], Json(me)).into_response())
}

/// Signs out: the session ends on the server, the cookie is cleared.
async fn end_session(
    State(state): State<AppState>,
    _acting: Acting,
    headers: axum::http::HeaderMap,
) -> WebResult<Response> {
    let cookie = auth::sign_out(&state, &headers).await?;
    Ok(([(header::SET_COOKIE, cookie)], StatusCode::NO_CONTENT).into_response())
}

async fn teams(State(state): State<AppState>, acting: Acting) -> WebResult<Json<Vec<Team>>> {
    Ok(Json(state.store.teams(acting.organisation_id).await?))
}

async fn employees(
    State(state): State<AppState>,
    acting: Acting,
) -> WebResult<Json<Vec<Employee>>> {
    Ok(Json(state.store.employees(acting.organisation_id).await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ClientQuery {
    owner: Option<i64>,
    team: Option<i64>,
    q: Option<String>,
    include_closed: bool,
    limit: Option<u32>,
}

async fn list_clients(
    State(state): State<AppState>,
    acting: Acting,
    ApiQuery(query): ApiQuery<ClientQuery>,
) -> WebResult<Json<Vec<ClientSummary>>> {
    let filter = ClientFilter {
        owner_employee: query.owner.map(EmployeeId),
        owner_team: query.team.map(TeamId),
        // Control characters are dropped by the parse (NUL is no text to
        // PostgreSQL); an empty term searches nothing.
        search: query
            .q
            .as_deref()
            .filter(|q| !q.trim().is_empty())
            .map(SearchTerm::parse)
            .transpose()?,
        include_closed: query.include_closed,
        limit: query.limit.map(|l| l.min(10_000)),
        // Narrow in the query so a limit counts visible clients; the policy decides.
        visible_to_team: Some(acting.employee.team_id),
    };
    Ok(Json(state.acts.clients(&acting, &filter, |_| true).await?))
}

// Defaults, so a refused caller is refused before an empty body is judged.
#[derive(Deserialize, Default)]
#[serde(default)]
struct SearchInput {
    q: String,
}

async fn search_clients(
    State(state): State<AppState>,
    acting: Acting,
    ApiJson(input): ApiJson<SearchInput>,
) -> WebResult<Json<SearchResult>> {
    Ok(Json(state.acts.search(&acting, &input.q).await?))
}

async fn today(
    State(state): State<AppState>,
    acting: Acting,
) -> WebResult<Json<zicht_acts::today::Today>> {
    Ok(Json(state.acts.today(&acting).await?))
}

async fn register_client(
    State(state): State<AppState>,
    acting: Acting,
    ApiJson(input): ApiJson<NewClientInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let id = state.acts.register(&acting, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id: id.0 })))
}

async fn client_card(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Json<serde_json::Value>> {
    let id = ClientId(path_id(&raw)?);
    let card = state.acts.card(&acting, id).await?;
    Ok(Json(with_zrm_names(&card, Tr::current())?))
}

/// The card as JSON, each ZRM score with its domain's name (`label`) beside
/// the key: the store knows codes only, and the API has always sent the name.
fn with_zrm_names(card: &ClientCard, tr: Tr) -> WebResult<serde_json::Value> {
    let mut json = serde_json::to_value(card).map_err(WebError::internal)?;
    let entries = json
        .pointer_mut("/diagnosis/zrm")
        .and_then(serde_json::Value::as_array_mut);
    for entry in entries.into_iter().flatten() {
        let scores = entry
            .get_mut("scores")
            .and_then(serde_json::Value::as_array_mut);
        for score in scores.into_iter().flatten() {
            let name = score
                .get("domain")
                .and_then(serde_json::Value::as_str)
                .map(|d| tr.zrm_domain(d));
            if let Some(name) = name {
                score["label"] = name.into();
            }
        }
    }
    Ok(json)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PeriodQuery {
    from: String,
    to: String,
}

/// Who looked at or changed this person's file in a period (default: the
/// last 30 days), to answer the person's own request.
async fn processing_log(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    ApiQuery(q): ApiQuery<PeriodQuery>,
) -> WebResult<Json<Vec<zicht_storage::LoggedProcessing>>> {
    let client = ClientId(path_id(&raw)?);
    let (from, to) = zicht_acts::clients::period(&q.from, &q.to, acting.today())?;
    Ok(Json(
        state.acts.processing_log(&acting, client, from, to).await?,
    ))
}

async fn offer_handover(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    ApiJson(input): ApiJson<HandoverInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let client = ClientId(path_id(&raw)?);
    let id = state.acts.offer_handover(&acting, client, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id: id.0 })))
}

/// The sender saw its handover come back and keeps the client; why, in `reason`.
async fn see_returned_handover(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    ApiJson(input): ApiJson<ReasonInput>,
) -> WebResult<StatusCode> {
    let client = ClientId(path_id(&raw)?);
    state
        .acts
        .see_returned_handover(&acting, client, &input.reason)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AcceptInput {
    /// The caseworker who takes the client; defaults to the one named in the
    /// offer, else the accepting employee.
    employee_id: Option<i64>,
}

async fn accept_handover(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    body: Bytes,
) -> WebResult<Json<HandoverView>> {
    let input: AcceptInput = optional_json(&body)?;
    let id = HandoverId(path_id(&raw)?);
    let decision = Decision::Accept(input.employee_id.map(EmployeeId));
    Ok(Json(
        state.acts.decide_handover(&acting, id, decision).await?,
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReasonInput {
    reason: String,
}

async fn return_handover(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    ApiJson(input): ApiJson<ReasonInput>,
) -> WebResult<Json<HandoverView>> {
    let id = HandoverId(path_id(&raw)?);
    let decision = Decision::Return(&input.reason);
    Ok(Json(
        state.acts.decide_handover(&acting, id, decision).await?,
    ))
}

async fn withdraw_handover(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Json<HandoverView>> {
    let id = HandoverId(path_id(&raw)?);
    let decision = Decision::Withdraw;
    Ok(Json(
        state.acts.decide_handover(&acting, id, decision).await?,
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct HandoverQuery {
    team: Option<i64>,
    /// `incoming`, `outgoing` or both when absent (needs `team`).
    direction: Option<String>,
    client: Option<i64>,
    status: Option<String>,
    overdue: bool,
}

async fn list_handovers(
    State(state): State<AppState>,
    acting: Acting,
    ApiQuery(q): ApiQuery<HandoverQuery>,
) -> WebResult<Json<Vec<HandoverView>>> {
    let team = q.team.map(TeamId);
    let mut filter = HandoverFilter {
        client: q.client.map(ClientId),
        overdue_only: q.overdue,
        ..Default::default()
    };
    match q.direction.as_deref() {
        Some("incoming") => filter.to_team = team,
        Some("outgoing") => filter.from_team = team,
        None | Some("") | Some("both") => filter.team = team,
        Some(_) => return Err(WebError::unreadable("direction")),
    }
    if let Some(s) = q.status.as_deref().filter(|s| !s.is_empty()) {
        filter.status =
            Some(HandoverStatus::parse(s).ok_or_else(|| WebError::unreadable("status"))?);
    }
    Ok(Json(state.acts.handovers(&acting, &filter).await?))
}

async fn get_handover(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Json<HandoverView>> {
    let id = HandoverId(path_id(&raw)?);
    Ok(Json(state.acts.handover(&acting, id).await?))
}

async fn record_contact(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    ApiJson(input): ApiJson<ContactInput>,
) -> WebResult<StatusCode> {
    let client = ClientId(path_id(&raw)?);
    state.acts.contact(&acting, client, input).await?;
    Ok(StatusCode::CREATED)
}

async fn record_assessment(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    ApiJson(input): ApiJson<AssessmentInput>,
) -> WebResult<StatusCode> {
    let client = ClientId(path_id(&raw)?);
    state.acts.assessment(&acting, client, input).await?;
    Ok(StatusCode::CREATED)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PhaseInput {
    phase: String,
    /// Why an instrument the phase being left requires was not used.
    explanation: String,
}

async fn change_phase(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    ApiJson(input): ApiJson<PhaseInput>,
) -> WebResult<StatusCode> {
    let client = ClientId(path_id(&raw)?);
    state
        .acts
        .change_phase(&acting, client, &input.phase, &input.explanation)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn close_client(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    ApiJson(input): ApiJson<ReasonInput>,
) -> WebResult<StatusCode> {
    let client = ClientId(path_id(&raw)?);
    state.acts.close(&acting, client, &input.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RosterQuery {
    register_ghosts: bool,
    format: Option<String>,
    file_name: Option<String>,
    /// Apply even when the guard asks for confirmation (409 without).
    confirm: bool,
    /// Report the impact only; write nothing.
    dry_run: bool,
}

/// The roster file is the raw request body (CSV). A run the guard stops is
/// answered by [`report::not_applied_response`].
async fn reconcile_roster(
    State(state): State<AppState>,
    acting: Acting,
    ApiQuery(q): ApiQuery<RosterQuery>,
    body: Bytes,
) -> WebResult<Response> {
    let name = q.file_name.unwrap_or_else(|| "upload.csv".into());
    let options = RosterOptions {
        register_ghosts: q.register_ghosts,
        dry_run: q.dry_run,
        confirmed: q.confirm,
        keep_for_confirmation: false,
    };
    let report: RosterReport = match state
        .acts
        .reconcile_roster(&acting, &name, &body, options)
        .await?
    {
        RosterOutcome::Applied(report) => report,
        other => return Ok(report::not_applied_response(other, q.format.as_deref())),
    };
    Ok(match q.format.as_deref() {
        Some("csv") => (
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
            report::csv(&report),
        )
            .into_response(),
        Some("text") => (
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            report::table(&report),
        )
            .into_response(),
        _ => Json(report).into_response(),
    })
}

async fn roster_runs(
    State(state): State<AppState>,
    acting: Acting,
) -> WebResult<Json<Vec<RosterRunSummary>>> {
    Ok(Json(state.acts.roster_runs(&acting).await?))
}

// --- effectenkaart ------------------------------------------------------------

use crate::effects::{parse_query, AgreementForm, EffectsQuery, Report, Staff};
use zicht_domain::{
    access::may_see_clients_behind_figures,
    effects::{Indicator, ResultAgreement},
    AgreementId,
};

/// The effectenkaart of a scope and period, with caseloads and agreements.
async fn effects(
    State(state): State<AppState>,
    acting: Acting,
    ApiQuery(q): ApiQuery<EffectsQuery>,
) -> WebResult<Json<Report>> {
    let (scope, period) = parse_query(&q, &acting)?;
    let staff = Staff::load(&state, acting.organisation_id).await?;
    staff.check(&crate::access::viewer(&acting), scope)?;
    let mut report = crate::effects::report(
        &state,
        acting.organisation_id,
        &staff,
        scope,
        period,
        acting.today(),
    )
    .await?;
    if acting.employee.role == zicht_domain::access::Role::Klantmanager {
        // A caseworker sees their own caseload, not colleagues'.
        report
            .caseloads
            .retain(|r| r.employee == acting.employee.id);
    }
    Ok(Json(report))
}

/// The effectenkaart's section "leren" for a scope and period.
async fn effects_learning(
    State(state): State<AppState>,
    acting: Acting,
    ApiQuery(q): ApiQuery<EffectsQuery>,
) -> WebResult<Json<crate::learning::LearningSection>> {
    let (scope, period) = parse_query(&q, &acting)?;
    let staff = Staff::load(&state, acting.organisation_id).await?;
    staff.check(&crate::access::viewer(&acting), scope)?;
    let section =
        crate::learning::section(&state, &acting, scope, staff.team_of(scope), period).await?;
    Ok(Json(section))
}

/// The clients behind one figure that the caller may read.
async fn effects_clients(
    State(state): State<AppState>,
    acting: Acting,
    ApiQuery(q): ApiQuery<EffectsQuery>,
) -> WebResult<Json<Vec<ClientSummary>>> {
    if !may_see_clients_behind_figures(&crate::access::viewer(&acting)) {
        return Err(DomainError::forbidden("aggregates_only").into());
    }
    let (scope, period) = parse_query(&q, &acting)?;
    let indicator = Indicator::parse(&q.indicator).ok_or_else(|| {
        WebError::from(vec![DomainError::invalid("indicator", "indicator_unknown")])
    })?;
    let staff = Staff::load(&state, acting.organisation_id).await?;
    staff.check(&crate::access::viewer(&acting), scope)?;
    let ids = crate::effects::clients_behind(
        &state,
        acting.organisation_id,
        scope,
        period,
        indicator,
        acting.today(),
    )
    .await?;
    Ok(Json(state.acts.figure_clients(&acting, &ids).await?))
}

async fn result_agreements(
    State(state): State<AppState>,
    acting: Acting,
) -> WebResult<Json<Vec<ResultAgreement>>> {
    Ok(Json(
        state
            .store
            .result_agreements(acting.organisation_id)
            .await?,
    ))
}

/// A new agreement: `who` is `team:{id}` or `caseworker:{id}`.
#[derive(Deserialize)]
struct NewAgreementBody {
    who: String,
    kind: String,
    from: String,
    to: String,
    target: u32,
}

async fn create_result_agreement(
    State(state): State<AppState>,
    acting: Acting,
    ApiJson(b): ApiJson<NewAgreementBody>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let f = AgreementForm {
        who: b.who,
        kind: b.kind,
        from: b.from,
        to: b.to,
        target: b.target.to_string(),
    };
    let id = crate::effects::make_agreement(&state, &acting, &f).await?;
    Ok((StatusCode::CREATED, Json(Created { id: id.0 })))
}

async fn withdraw_result_agreement(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
) -> WebResult<StatusCode> {
    let id = AgreementId(path_id(&id)?);
    crate::effects::withdraw_agreement(&state, &acting, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

// --- what works for whom ------------------------------------------------------

/// The outcomes of the organisation's interventions for one grouping.
async fn what_works(
    State(state): State<AppState>,
    acting: Acting,
    ApiQuery(q): ApiQuery<crate::learning::WhatWorksQuery>,
) -> WebResult<Json<crate::learning::Figures>> {
    let sel = crate::learning::Selection::parse(&q)?;
    let f = crate::learning::figures(
        &state,
        acting.organisation_id,
        sel,
        acting.today(),
        Tr::current(),
    )
    .await?;
    Ok(Json(f))
}

/// What followed for clients like this one, per intervention; reading the
/// client's groups is a read of the client, logged by the act.
async fn comparable(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Json<Vec<crate::learning::Row>>> {
    let id = ClientId(path_id(&raw)?);
    state
        .acts
        .view(&acting, id, zicht_acts::clients::FileView::Trajectory)
        .await?;
    let rows = crate::learning::comparable(
        &state,
        acting.organisation_id,
        id,
        acting.today(),
        Tr::current(),
    )
    .await?;
    Ok(Json(rows))
}
