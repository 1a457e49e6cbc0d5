//! The JSON API under `/api`, described by `openapi.yaml`.

use axum::{
    body::Bytes,
    extract::{FromRequest, Path, Request, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post, put},
    Json, Router,
};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use zicht_domain::{
    client::{NewClient, Owner},
    contact::NewContact,
    handover::{HandoverNote, HandoverStatus},
    organisation::{Employee, Team},
    skills::SkillSet,
    text, ClientId, DomainError, EmployeeId, HandoverId, TeamId,
};
use zicht_storage::{
    ClientCard, ClientFilter, ClientSummary, HandoverFilter, HandoverView, RosterOptions,
    RosterOutcome, RosterReport, RosterRunSummary,
};

use std::net::SocketAddr;

use axum::extract::ConnectInfo;

use crate::{
    actor::Acting,
    auth, logbook,
    process::{self, Created},
    report, work, AppState, WebError, WebResult,
};

pub const OPENAPI_YAML: &str = include_str!("../openapi.yaml");

pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/openapi.yaml", get(openapi))
        .route("/session", post(create_session).delete(end_session))
        .route("/me", get(me))
        .route("/teams", get(teams))
        .route("/employees", get(employees))
        .route("/clients", get(list_clients).post(register_client))
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
        .route("/clients/{id}/letters", post(work::api_letter))
        .route("/clients/{id}/letters/{letter}", get(work::api_get_letter))
        .route(
            "/clients/{id}/letters/{letter}/pdf",
            get(work::api_letter_pdf),
        )
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
        .route("/roster", post(reconcile_roster))
        .route("/roster/runs", get(roster_runs))
        .route("/effects", get(effects))
        .route("/effects/clients", get(effects_clients))
        .route(
            "/result-agreements",
            get(result_agreements).post(create_result_agreement),
        )
        .route(
            "/result-agreements/{id}/withdraw",
            post(withdraw_result_agreement),
        )
        .route_layer(axum::middleware::from_fn_with_state(
            state,
            crate::access::authorize,
        ))
        .fallback(|| async { WebError::NotFound })
}

/// A JSON body read into `T`; what cannot be read is named by its field,
/// in the request's language, without the parser's own words.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| {
                let v = v.trim();
                v == "application/json" || (v.starts_with("application/") && v.ends_with("+json"))
            });
        if !is_json {
            return Err(WebError::Unreadable {
                field: None,
                code: "json_expected",
            });
        }
        let body = Bytes::from_request(req, state)
            .await
            .map_err(|e| match e.status() {
                StatusCode::PAYLOAD_TOO_LARGE => WebError::TooLarge,
                _ => WebError::BadRequest(e.body_text()),
            })?;
        read_json(&body).map(ApiJson)
    }
}

/// Reads a JSON document, naming the field that could not be read.
pub fn read_json<T: DeserializeOwned>(body: &[u8]) -> WebResult<T> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| (unreadable_field(&e.path().to_string()), e.into_inner()))
        .and_then(|v| de.end().map(|()| v).map_err(|e| (None, e)));
    value.map_err(|(field, inner)| {
        tracing::debug!(error = %inner, "unreadable JSON");
        if inner.is_syntax() || inner.is_eof() {
            WebError::Unreadable {
                field: None,
                code: "json_invalid",
            }
        } else {
            WebError::Unreadable {
                field,
                code: "value_invalid",
            }
        }
    })
}

/// The path `serde_path_to_error` gives, or none for the document itself.
fn unreadable_field(path: &str) -> Option<String> {
    (!path.is_empty() && path != ".").then(|| path.to_string())
}

/// A query string read into `T`, its errors named like [`ApiJson`]'s.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> axum::extract::FromRequestParts<S> for ApiQuery<T> {
    type Rejection = WebError;
    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(ApiQuery)
            .map_err(|e| {
                tracing::debug!(error = %e, "unreadable query");
                WebError::Unreadable {
                    field: unreadable_field(&e.path().to_string()),
                    code: "value_invalid",
                }
            })
    }
}

/// A path id that is not a number is simply not found.
fn id(raw: &str) -> WebResult<i64> {
    raw.parse().map_err(|_| WebError::NotFound)
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
        employee: acting.employee,
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
        // Control characters never match a name or BSN (and NUL is no text
        // to PostgreSQL).
        search: query
            .q
            .map(|q| q.chars().filter(|c| !c.is_control()).collect()),
        include_closed: query.include_closed,
        limit: query.limit.map(|l| l.min(10_000)),
        // Narrow in the query so a limit counts visible clients; the policy decides.
        visible_to_team: Some(acting.employee.team_id),
    };
    let clients = state
        .store
        .clients(acting.organisation_id, &filter, acting.today())
        .await?;
    let clients = crate::access::readable_clients(&acting, clients);
    logbook::record(
        &state,
        &acting,
        "klanten_lijst_lezen",
        clients.iter().map(|c| c.bsn.as_str()),
    )
    .await?;
    Ok(Json(clients))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewClientInput {
    pub bsn: String,
    pub name: String,
    pub birth_date: String,
    pub particulars: String,
    pub phase: Option<String>,
    /// Defaults to the acting employee.
    pub owner_employee_id: Option<i64>,
}

async fn register_client(
    State(state): State<AppState>,
    acting: Acting,
    ApiJson(input): ApiJson<NewClientInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let id = register(&state, &acting, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id: id.0 })))
}

/// Registers a client owned by the chosen caseworker (default: the actor).
pub async fn register(
    state: &AppState,
    acting: &Acting,
    input: NewClientInput,
) -> WebResult<ClientId> {
    let client = NewClient::parse(
        &input.bsn,
        &input.name,
        &input.birth_date,
        &input.particulars,
        input.phase.as_deref(),
        acting.today(),
    )?;
    let owner_id = input
        .owner_employee_id
        .map(EmployeeId)
        .unwrap_or(acting.employee.id);
    let (org, owner) = state.store.employee(owner_id).await.map_err(|_| {
        WebError::from(DomainError::invalid(
            "owner_employee_id",
            "employee_unknown",
        ))
    })?;
    if org != acting.organisation_id || !owner.role.works_with_clients() {
        return Err(DomainError::invalid("owner_employee_id", "employee_unknown").into());
    }
    if !zicht_domain::access::may_register_with(&crate::access::viewer(acting), owner.team_id) {
        return Err(DomainError::invalid("owner_employee_id", "owner_other_team").into());
    }
    let bsn = client.bsn.as_string();
    let owner = Owner {
        team_id: owner.team_id,
        employee_id: owner.id,
    };
    let id = state
        .store
        .register_client(&acting.ctx, client, owner)
        .await?;
    logbook::record(state, acting, "klant_inschrijven", [bsn.as_str()]).await?;
    Ok(id)
}

async fn client_card(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Json<ClientCard>> {
    Ok(Json(
        state
            .store
            .client_card(acting.organisation_id, ClientId(id(&raw)?), acting.today())
            .await?,
    ))
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
    let client = ClientId(id(&raw)?);
    let today = acting.today();
    let day = |s: &str, field: &'static str, default: time::Date| {
        if s.trim().is_empty() {
            Ok(default)
        } else {
            text::parse_date(field, s)
        }
    };
    let from = day(&q.from, "from", today - time::Duration::days(30))?;
    let to = day(&q.to, "to", today)?;
    let bsn = state
        .store
        .client_bsn(acting.organisation_id, client)
        .await?;
    let log = state
        .store
        .processing_log_for(
            acting.organisation_id,
            &bsn,
            from.midnight().assume_utc(),
            zicht_domain::calendar::period_end(to),
        )
        .await?;
    Ok(Json(log))
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct HandoverInput {
    pub to_team_id: Option<i64>,
    pub to_employee_id: Option<i64>,
    pub reason: String,
    pub work_done: String,
    pub particulars: String,
    pub agreements: String,
}

async fn offer_handover(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    ApiJson(input): ApiJson<HandoverInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let id = offer(&state, &acting, ClientId(id(&raw)?), input).await?;
    Ok((StatusCode::CREATED, Json(Created { id: id.0 })))
}

pub async fn offer(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    input: HandoverInput,
) -> WebResult<HandoverId> {
    let mut errors = Vec::new();
    if input.to_team_id.is_none() {
        errors.push(DomainError::invalid("to_team_id", "team_required"));
    }
    let note = HandoverNote::parse(
        &input.reason,
        &input.work_done,
        &input.particulars,
        &input.agreements,
    )
    .map_err(|e| errors.extend(e))
    .ok();
    let (Some(to_team), Some(note), true) = (input.to_team_id, note, errors.is_empty()) else {
        return Err(errors.into());
    };
    Ok(state
        .store
        .offer_handover(
            &acting.ctx,
            client,
            TeamId(to_team),
            input.to_employee_id.map(EmployeeId),
            note,
        )
        .await?)
}

/// The sender saw its handover come back and keeps the client; why, in `reason`.
async fn see_returned_handover(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    ApiJson(input): ApiJson<ReasonInput>,
) -> WebResult<StatusCode> {
    state
        .store
        .see_returned_handover(&acting.ctx, ClientId(id(&raw)?), &input.reason)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AcceptInput {
    /// The caseworker who takes the client; defaults to the one named in the
    /// offer, else the accepting employee.
    pub employee_id: Option<i64>,
}

async fn accept_handover(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    body: Bytes,
) -> WebResult<Json<HandoverView>> {
    let input: AcceptInput = optional_json(&body)?;
    let id = HandoverId(id(&raw)?);
    accept(&state, &acting, id, input.employee_id).await?;
    Ok(Json(
        state
            .store
            .handover(acting.organisation_id, id, acting.today())
            .await?,
    ))
}

pub async fn accept(
    state: &AppState,
    acting: &Acting,
    id: HandoverId,
    employee: Option<i64>,
) -> WebResult<()> {
    let caseworker = match employee {
        Some(e) => EmployeeId(e),
        None => state
            .store
            .handover(acting.organisation_id, id, acting.today())
            .await?
            .to_employee
            .map_or(acting.employee.id, |e| e.id),
    };
    Ok(state
        .store
        .accept_handover(&acting.ctx, id, caseworker)
        .await?)
}

/// Accepts an empty body as the default input.
fn optional_json<T: DeserializeOwned + Default>(body: &Bytes) -> WebResult<T> {
    if body.iter().all(u8::is_ascii_whitespace) || body.trim_ascii() == b"null" {
        return Ok(T::default());
    }
    read_json(body)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReasonInput {
    pub reason: String,
}

async fn return_handover(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    ApiJson(input): ApiJson<ReasonInput>,
) -> WebResult<Json<HandoverView>> {
    let id = HandoverId(id(&raw)?);
    state
        .store
        .return_handover(&acting.ctx, id, &input.reason)
        .await?;
    Ok(Json(
        state
            .store
            .handover(acting.organisation_id, id, acting.today())
            .await?,
    ))
}

async fn withdraw_handover(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Json<HandoverView>> {
    let id = HandoverId(id(&raw)?);
    state.store.withdraw_handover(&acting.ctx, id).await?;
    Ok(Json(
        state
            .store
            .handover(acting.organisation_id, id, acting.today())
            .await?,
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
    let handovers = state
        .store
        .handovers(acting.organisation_id, &filter, acting.today())
        .await?;
    let handovers = crate::access::readable_handovers(&acting, handovers);
    logbook::record(
        &state,
        &acting,
        "overdrachten_lijst_lezen",
        handovers.iter().map(|h| h.client_bsn.as_str()),
    )
    .await?;
    Ok(Json(handovers))
}

async fn get_handover(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Json<HandoverView>> {
    Ok(Json(
        state
            .store
            .handover(
                acting.organisation_id,
                HandoverId(id(&raw)?),
                acting.today(),
            )
            .await?,
    ))
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ContactInput {
    pub date: String,
    pub kind: String,
    pub with_whom: String,
    pub summary: String,
    pub next_contact_on: String,
}

async fn record_contact(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    ApiJson(input): ApiJson<ContactInput>,
) -> WebResult<StatusCode> {
    contact(&state, &acting, ClientId(id(&raw)?), input).await?;
    Ok(StatusCode::CREATED)
}

pub async fn contact(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    i: ContactInput,
) -> WebResult<()> {
    let c = NewContact::parse(
        &i.date,
        &i.kind,
        &i.with_whom,
        &i.summary,
        &i.next_contact_on,
        acting.today(),
    )?;
    Ok(state.store.record_contact(&acting.ctx, client, c).await?)
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct AssessmentInput {
    pub assessed_on: String,
    pub on_time: bool,
    pub commitment: bool,
    pub accepts_direction: bool,
    pub says_in_time: bool,
    pub dresses_for_work: bool,
    pub remarks: String,
}

async fn record_assessment(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    ApiJson(input): ApiJson<AssessmentInput>,
) -> WebResult<StatusCode> {
    assessment(&state, &acting, ClientId(id(&raw)?), input).await?;
    Ok(StatusCode::CREATED)
}

pub async fn assessment(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    i: AssessmentInput,
) -> WebResult<()> {
    let on = if i.assessed_on.trim().is_empty() {
        acting.today()
    } else {
        text::parse_date("assessed_on", &i.assessed_on)?
    };
    let skills = SkillSet {
        on_time: i.on_time,
        commitment: i.commitment,
        accepts_direction: i.accepts_direction,
        says_in_time: i.says_in_time,
        dresses_for_work: i.dresses_for_work,
    };
    Ok(state
        .store
        .record_assessment(&acting.ctx, client, on, skills, &i.remarks)
        .await?)
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
    process::change_phase(
        &state,
        &acting,
        ClientId(id(&raw)?),
        &input.phase,
        &input.explanation,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn close_client(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    ApiJson(input): ApiJson<ReasonInput>,
) -> WebResult<StatusCode> {
    state
        .store
        .close_client(&acting.ctx, ClientId(id(&raw)?), &input.reason)
        .await?;
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
    let name: String = name.chars().filter(|c| !c.is_control()).collect();
    let options = RosterOptions {
        register_ghosts: q.register_ghosts,
        dry_run: q.dry_run,
        confirmed: q.confirm,
        keep_for_confirmation: false,
    };
    let report: RosterReport = match state
        .store
        .import_roster(&acting.ctx, &name, &body, options)
        .await?
    {
        RosterOutcome::Applied(report) => report,
        other => return Ok(report::not_applied_response(other, q.format.as_deref())),
    };
    logbook::record(
        &state,
        &acting,
        "uitkeringsbestand_afstemmen",
        report::subjects(&report),
    )
    .await?;
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
    Ok(Json(state.store.roster_runs(acting.organisation_id).await?))
}

// --- effectenkaart ------------------------------------------------------------

use crate::{
    effects::AgreementForm,
    effects::{Report, Staff},
    pages::effects::{parse_query, EffectsQuery},
};
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
    Ok(Json(
        crate::pages::effects::readable_figure_clients(&state, &acting, &ids).await?,
    ))
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
    let id = AgreementId(crate::pages::path_id(&id)?);
    crate::effects::withdraw_agreement(&state, &acting, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
