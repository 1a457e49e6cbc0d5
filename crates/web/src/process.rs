//! The re-integration process over HTTP: inputs shared by the JSON API and
//! the pages, the one function per act that both call, and the API handlers.
//! Handlers only parse, call the store, and answer.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use serde::{Deserialize, Serialize};
use zicht_acts::process::{
    ArrivalInput, CareOrganisationInput, CareReferralInput, CatalogueItemInput, CatalogueView,
    ContractInput, DiagnosisNoteInput, GoalInput, InterventionEndInput, InterventionInput,
    LadderInput, NameInput, OversightInput, ProgressInput, ReferralEndInput, RequirementInput,
    ZrmInput,
};
use zicht_domain::ClientId;
use zicht_storage::{InstrumentUse, ProviderClientSummary, ProviderClientView};

use crate::{
    actor::Acting,
    extract::{path_id, Created},
    extract::{ApiJson, ApiQuery},
    AppState, WebResult,
};

// --- API handlers ------------------------------------------------------------------------

type Client = Path<String>;
type ClientAnd = Path<(String, String)>;

pub async fn api_diagnosis_note(
    State(s): State<AppState>,
    a: Acting,
    Path(c): Client,
    ApiJson(i): ApiJson<DiagnosisNoteInput>,
) -> WebResult<StatusCode> {
    s.acts.note_diagnosis(&a, ClientId(path_id(&c)?), i).await?;
    Ok(StatusCode::CREATED)
}

pub async fn api_ladder(
    State(s): State<AppState>,
    a: Acting,
    Path(c): Client,
    ApiJson(i): ApiJson<LadderInput>,
) -> WebResult<StatusCode> {
    s.acts.measure_ladder(&a, ClientId(path_id(&c)?), i).await?;
    Ok(StatusCode::CREATED)
}

pub async fn api_zrm(
    State(s): State<AppState>,
    a: Acting,
    Path(c): Client,
    ApiJson(i): ApiJson<ZrmInput>,
) -> WebResult<StatusCode> {
    s.acts.assess_zrm(&a, ClientId(path_id(&c)?), i).await?;
    Ok(StatusCode::CREATED)
}

pub async fn api_goal(
    State(s): State<AppState>,
    a: Acting,
    Path(c): Client,
    ApiJson(i): ApiJson<GoalInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let id = s.acts.set_goal(&a, ClientId(path_id(&c)?), i).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

pub async fn api_intervention(
    State(s): State<AppState>,
    a: Acting,
    Path(c): Client,
    ApiJson(i): ApiJson<InterventionInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let id = s
        .acts
        .plan_intervention(&a, ClientId(path_id(&c)?), i)
        .await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

pub async fn api_end_intervention(
    State(s): State<AppState>,
    a: Acting,
    Path((c, i2)): ClientAnd,
    ApiJson(i): ApiJson<InterventionEndInput>,
) -> WebResult<StatusCode> {
    s.acts
        .end_intervention(&a, ClientId(path_id(&c)?), path_id(&i2)?, i)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn api_oversight(
    State(s): State<AppState>,
    a: Acting,
    Path(c): Client,
    ApiJson(i): ApiJson<OversightInput>,
) -> WebResult<StatusCode> {
    s.acts
        .record_oversight(&a, ClientId(path_id(&c)?), i)
        .await?;
    Ok(StatusCode::CREATED)
}

pub async fn api_care_referral(
    State(s): State<AppState>,
    a: Acting,
    Path(c): Client,
    ApiJson(i): ApiJson<CareReferralInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let id = s.acts.refer_to_care(&a, ClientId(path_id(&c)?), i).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

pub async fn api_arrival(
    State(s): State<AppState>,
    a: Acting,
    Path((c, r)): ClientAnd,
    ApiJson(i): ApiJson<ArrivalInput>,
) -> WebResult<StatusCode> {
    s.acts
        .confirm_arrival(&a, ClientId(path_id(&c)?), path_id(&r)?, i)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn api_end_referral(
    State(s): State<AppState>,
    a: Acting,
    Path((c, r)): ClientAnd,
    ApiJson(i): ApiJson<ReferralEndInput>,
) -> WebResult<StatusCode> {
    s.acts
        .end_care_referral(&a, ClientId(path_id(&c)?), path_id(&r)?, i)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn api_catalogue(State(s): State<AppState>, a: Acting) -> WebResult<Json<CatalogueView>> {
    Ok(Json(s.acts.catalogue_view(&a).await?))
}

pub async fn api_create_provider(
    State(s): State<AppState>,
    a: Acting,
    ApiJson(i): ApiJson<NameInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let id = s.acts.create_provider(&a, i).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

pub async fn api_create_contract(
    State(s): State<AppState>,
    a: Acting,
    Path(p): Path<String>,
    ApiJson(i): ApiJson<ContractInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let id = s.acts.create_contract(&a, path_id(&p)?, i).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

pub async fn api_create_item(
    State(s): State<AppState>,
    a: Acting,
    ApiJson(i): ApiJson<CatalogueItemInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let id = s.acts.create_catalogue_item(&a, i).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ActiveInput {
    pub active: bool,
}

pub async fn api_item_active(
    State(s): State<AppState>,
    a: Acting,
    Path(item): Path<String>,
    ApiJson(i): ApiJson<ActiveInput>,
) -> WebResult<StatusCode> {
    s.acts
        .set_item_active(&a, path_id(&item)?, i.active)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn api_create_care_organisation(
    State(s): State<AppState>,
    a: Acting,
    ApiJson(i): ApiJson<CareOrganisationInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let id = s.acts.create_care_organisation(&a, i).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

pub async fn api_requirements(
    State(s): State<AppState>,
    a: Acting,
    ApiJson(i): ApiJson<Vec<RequirementInput>>,
) -> WebResult<StatusCode> {
    s.acts.set_requirements(&a, &i).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn api_provider_clients(
    State(s): State<AppState>,
    a: Acting,
) -> WebResult<Json<Vec<ProviderClientSummary>>> {
    Ok(Json(s.acts.provider_clients(&a).await?))
}

pub async fn api_provider_client(
    State(s): State<AppState>,
    a: Acting,
    Path(c): Client,
) -> WebResult<Json<ProviderClientView>> {
    Ok(Json(
        s.acts.provider_client(&a, ClientId(path_id(&c)?)).await?,
    ))
}

pub async fn api_progress_report(
    State(s): State<AppState>,
    a: Acting,
    Path(c): Client,
    ApiJson(i): ApiJson<ProgressInput>,
) -> WebResult<StatusCode> {
    s.acts
        .report_progress(&a, ClientId(path_id(&c)?), i)
        .await?;
    Ok(StatusCode::CREATED)
}

#[derive(Serialize)]
pub struct InstrumentUseView {
    pub from: time::Date,
    pub to: time::Date,
    pub instruments: Vec<InstrumentUse>,
}

/// Comply or explain on the effectenkaart: instruments used and explained.
pub async fn api_instrument_use(
    State(s): State<AppState>,
    a: Acting,
    ApiQuery(q): ApiQuery<crate::effects::EffectsQuery>,
) -> WebResult<Json<InstrumentUseView>> {
    let (_, period) = crate::effects::parse_query(&q, &a)?;
    let (from, to) = (period.from, period.to);
    Ok(Json(InstrumentUseView {
        from,
        to,
        instruments: s.store.instrument_use(a.organisation_id, from, to).await?,
    }))
}
