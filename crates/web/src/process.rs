//! The re-integration process over HTTP: inputs shared by the JSON API and
//! the pages, the one function per act that both call, and the API handlers.
//! Handlers only parse, call the store, and answer.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use serde::{Deserialize, Serialize};
use zicht_domain::{
    access::may_maintain_catalogue,
    client::Phase,
    reintegration::{
        care::{CareKind, NewCareReferral},
        diagnosis::{Instrument, NewDiagnosisNote, NewLadderMeasurement, NewZrmAssessment},
        trajectory::{CatalogueKind, DatedReport, NewGoal, NewIntervention},
    },
    text, CareOrganisationId, CareReferralId, CatalogueItemId, ClientId, ContractId, DomainError,
    InterventionId, ProviderId,
};
use zicht_storage::{
    CareOrganisation, CatalogueItem, InstrumentRequirement, InstrumentUse, NewCatalogueItem,
    NewContract, Provider, ProviderClientSummary, ProviderClientView,
};

use crate::{
    access::viewer,
    actor::Acting,
    extract::{text_or_number, Created},
    extract::{ApiJson, ApiQuery},
    AppState, WebError, WebResult,
};

fn id(raw: &str) -> WebResult<i64> {
    raw.parse().map_err(|_| WebError::NotFound)
}

/// The provider a provider's user works for; others have none.
pub fn provider_of(acting: &Acting) -> WebResult<ProviderId> {
    acting
        .employee
        .provider_id
        .ok_or_else(|| DomainError::forbidden("forbidden").into())
}

// --- inputs ---------------------------------------------------------------------

/// ZRM scores by domain, each as [`text_or_number`].
fn scores_text_or_number<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<std::collections::BTreeMap<String, String>, D::Error> {
    #[derive(Deserialize)]
    struct Score(#[serde(deserialize_with = "text_or_number")] String);
    Ok(std::collections::BTreeMap::<String, Score>::deserialize(d)?
        .into_iter()
        .map(|(k, Score(v))| (k, v))
        .collect())
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct DiagnosisNoteInput {
    pub source: String,
    pub noted_on: String,
    pub text: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct LadderInput {
    pub measured_on: String,
    /// 1 to 6; a string so that forms and JSON read alike.
    #[serde(deserialize_with = "text_or_number")]
    pub rung: String,
    pub remarks: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ZrmInput {
    pub assessed_on: String,
    pub version: String,
    /// Domain key to score ("" or absent: not scored).
    #[serde(deserialize_with = "scores_text_or_number")]
    pub scores: std::collections::BTreeMap<String, String>,
    pub remarks: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct GoalInput {
    /// `skill:<skill>` or `rung:<1-6>`.
    pub target: String,
    pub description: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct InterventionInput {
    #[serde(deserialize_with = "text_or_number")]
    pub catalogue_item_id: String,
    #[serde(deserialize_with = "text_or_number")]
    pub goal_id: String,
    pub why_this: String,
    pub why_client: String,
    pub expected: String,
    pub starts_on: String,
    pub planned_end_on: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct InterventionEndInput {
    pub ended_on: String,
    pub outcome: String,
    pub result: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ReportInput {
    pub on: String,
    pub summary: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ProgressInput {
    #[serde(deserialize_with = "text_or_number")]
    pub intervention_id: String,
    pub on: String,
    pub summary: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct OversightInput {
    #[serde(deserialize_with = "text_or_number")]
    pub provider_id: String,
    pub on: String,
    pub summary: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CareReferralInput {
    #[serde(deserialize_with = "text_or_number")]
    pub care_organisation_id: String,
    pub referred_on: String,
    pub note: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ArrivalInput {
    pub arrived_on: String,
    pub confirmation: String,
    pub note: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ReferralEndInput {
    pub ended_on: String,
    pub reason: String,
}

/// A numeric id typed into a form or sent as a string; `field` names it in errors.
fn parse_id(raw: &str, field: &'static str, code: &'static str) -> WebResult<i64> {
    raw.trim()
        .parse()
        .map_err(|_| DomainError::invalid(field, code).into())
}

// --- acts, shared by API and pages -------------------------------------------------

pub async fn note_diagnosis(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    i: DiagnosisNoteInput,
) -> WebResult<()> {
    let n = NewDiagnosisNote::parse(&i.source, &i.noted_on, &i.text, acting.today())?;
    Ok(state.store.note_diagnosis(&acting.ctx, client, n).await?)
}

pub async fn measure_ladder(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    i: LadderInput,
) -> WebResult<()> {
    let m = NewLadderMeasurement::parse(&i.measured_on, &i.rung, &i.remarks, acting.today())?;
    Ok(state.store.measure_ladder(&acting.ctx, client, m).await?)
}

pub async fn assess_zrm(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    i: ZrmInput,
) -> WebResult<()> {
    let scores: Vec<(String, String)> = i.scores.into_iter().collect();
    let a = NewZrmAssessment::parse(
        &i.assessed_on,
        &i.version,
        &scores,
        &i.remarks,
        acting.today(),
    )?;
    Ok(state.store.assess_zrm(&acting.ctx, client, a).await?)
}

pub async fn change_phase(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    phase: &str,
    explanation: &str,
) -> WebResult<()> {
    let phase = Phase::parse(phase)?;
    Ok(state
        .store
        .change_phase_explained(&acting.ctx, client, phase, explanation)
        .await?)
}

pub async fn set_goal(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    i: GoalInput,
) -> WebResult<i64> {
    let g = NewGoal::parse(&i.target, &i.description)?;
    Ok(state.store.set_goal(&acting.ctx, client, g).await?.0)
}

pub async fn plan_intervention(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    i: InterventionInput,
) -> WebResult<i64> {
    let n = NewIntervention::parse(
        &i.catalogue_item_id,
        &i.goal_id,
        &i.why_this,
        &i.why_client,
        &i.expected,
        &i.starts_on,
        &i.planned_end_on,
    )?;
    Ok(state
        .store
        .plan_intervention(&acting.ctx, client, n)
        .await?
        .0)
}

pub async fn end_intervention(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    intervention: i64,
    i: InterventionEndInput,
) -> WebResult<()> {
    Ok(state
        .store
        .end_intervention(
            &acting.ctx,
            client,
            InterventionId(intervention),
            &i.ended_on,
            &i.outcome,
            &i.result,
        )
        .await?)
}

pub async fn record_oversight(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    i: OversightInput,
) -> WebResult<()> {
    let provider = parse_id(&i.provider_id, "provider_id", "provider_unknown");
    let report = DatedReport::parse(&i.on, &i.summary, acting.today());
    match (provider, report) {
        (Ok(p), Ok(r)) => Ok(state
            .store
            .record_oversight(&acting.ctx, client, ProviderId(p), r)
            .await?),
        (p, r) => {
            let mut errors = Vec::new();
            if p.is_err() {
                errors.push(DomainError::invalid("provider_id", "provider_unknown"));
            }
            if let Err(e) = r {
                errors.extend(e);
            }
            Err(errors.into())
        }
    }
}

pub async fn report_progress(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    i: ProgressInput,
) -> WebResult<()> {
    let provider = provider_of(acting)?;
    let intervention = parse_id(
        &i.intervention_id,
        "intervention_id",
        "intervention_unknown",
    )?;
    let report = DatedReport::parse(&i.on, &i.summary, acting.today())?;
    Ok(state
        .store
        .report_progress(
            &acting.ctx,
            provider,
            client,
            InterventionId(intervention),
            report,
        )
        .await?)
}

pub async fn refer_to_care(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    i: CareReferralInput,
) -> WebResult<i64> {
    let org = parse_id(
        &i.care_organisation_id,
        "care_organisation_id",
        "care_organisation_unknown",
    );
    let referral = NewCareReferral::parse(&i.referred_on, &i.note, acting.today());
    match (org, referral) {
        (Ok(o), Ok(r)) => Ok(state
            .store
            .refer_to_care(&acting.ctx, client, CareOrganisationId(o), r)
            .await?
            .0),
        (o, r) => {
            let mut errors = Vec::new();
            if o.is_err() {
                errors.push(DomainError::invalid(
                    "care_organisation_id",
                    "care_organisation_unknown",
                ));
            }
            if let Err(e) = r {
                errors.extend(e);
            }
            Err(errors.into())
        }
    }
}

pub async fn confirm_arrival(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    referral: i64,
    i: ArrivalInput,
) -> WebResult<()> {
    Ok(state
        .store
        .confirm_arrival(
            &acting.ctx,
            client,
            CareReferralId(referral),
            &i.arrived_on,
            &i.confirmation,
            &i.note,
        )
        .await?)
}

pub async fn end_care_referral(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    referral: i64,
    i: ReferralEndInput,
) -> WebResult<()> {
    Ok(state
        .store
        .end_care_referral(
            &acting.ctx,
            client,
            CareReferralId(referral),
            &i.ended_on,
            &i.reason,
        )
        .await?)
}

// --- the catalogue -------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct NameInput {
    pub name: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ContractInput {
    pub reference: String,
    pub starts_on: String,
    pub ends_on: String,
    pub description: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CatalogueItemInput {
    pub name: String,
    /// `in_house` or `bought`.
    pub kind: String,
    #[serde(deserialize_with = "text_or_number")]
    pub provider_id: String,
    #[serde(deserialize_with = "text_or_number")]
    pub contract_id: String,
    pub description: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CareOrganisationInput {
    pub name: String,
    /// `care`, `support` or `volunteering`.
    pub kind: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct RequirementInput {
    pub phase: String,
    pub instrument: String,
}

fn may_maintain(acting: &Acting) -> WebResult<()> {
    if may_maintain_catalogue(&viewer(acting)) {
        Ok(())
    } else {
        Err(DomainError::forbidden("forbidden").into())
    }
}

pub async fn create_provider(state: &AppState, acting: &Acting, i: NameInput) -> WebResult<i64> {
    may_maintain(acting)?;
    Ok(state.store.create_provider(&acting.ctx, &i.name).await?.0)
}

pub async fn create_contract(
    state: &AppState,
    acting: &Acting,
    provider: i64,
    i: ContractInput,
) -> WebResult<i64> {
    may_maintain(acting)?;
    let mut errors = Vec::new();
    let starts_on = text::parse_date("starts_on", &i.starts_on)
        .map_err(|e| errors.push(e))
        .ok();
    let ends_on = if i.ends_on.trim().is_empty() {
        Some(None)
    } else {
        text::parse_date("ends_on", &i.ends_on)
            .map(Some)
            .map_err(|e| errors.push(e))
            .ok()
    };
    let (Some(starts_on), Some(ends_on)) = (starts_on, ends_on) else {
        return Err(errors.into());
    };
    let c = NewContract {
        provider_id: ProviderId(provider),
        reference: i.reference,
        starts_on,
        ends_on,
        description: i.description,
    };
    Ok(state
        .store
        .create_contract(acting.organisation_id, &c)
        .await?
        .0)
}

pub async fn create_catalogue_item(
    state: &AppState,
    acting: &Acting,
    i: CatalogueItemInput,
) -> WebResult<i64> {
    may_maintain(acting)?;
    let kind = CatalogueKind::parse(i.kind.trim())
        .ok_or(DomainError::invalid("kind", "catalogue_kind_invalid"))?;
    let optional_id = |raw: &str, field, code| -> WebResult<Option<i64>> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            parse_id(raw, field, code).map(Some)
        }
    };
    let provider_id =
        optional_id(&i.provider_id, "provider_id", "provider_unknown")?.map(ProviderId);
    let contract_id =
        optional_id(&i.contract_id, "contract_id", "contract_reference_required")?.map(ContractId);
    let item = NewCatalogueItem {
        name: i.name,
        kind,
        provider_id,
        contract_id,
        description: i.description,
    };
    Ok(state
        .store
        .create_catalogue_item(acting.organisation_id, &item)
        .await?
        .0)
}

pub async fn set_item_active(
    state: &AppState,
    acting: &Acting,
    item: i64,
    active: bool,
) -> WebResult<()> {
    may_maintain(acting)?;
    Ok(state
        .store
        .set_catalogue_item_active(acting.organisation_id, CatalogueItemId(item), active)
        .await?)
}

pub async fn create_care_organisation(
    state: &AppState,
    acting: &Acting,
    i: CareOrganisationInput,
) -> WebResult<i64> {
    may_maintain(acting)?;
    let kind = CareKind::parse(&i.kind)?;
    Ok(state
        .store
        .create_care_organisation(acting.organisation_id, &i.name, kind)
        .await?
        .0)
}

pub async fn set_requirements(
    state: &AppState,
    acting: &Acting,
    input: &[RequirementInput],
) -> WebResult<()> {
    may_maintain(acting)?;
    let mut reqs = Vec::new();
    for r in input {
        reqs.push(InstrumentRequirement {
            phase: Phase::parse(&r.phase)?,
            instrument: Instrument::parse(&r.instrument)?,
        });
    }
    Ok(state
        .store
        .set_instrument_requirements(acting.organisation_id, &reqs)
        .await?)
}

// --- API handlers ------------------------------------------------------------------------

type Client = Path<String>;
type ClientAnd = Path<(String, String)>;

pub async fn api_diagnosis_note(
    State(s): State<AppState>,
    a: Acting,
    Path(c): Client,
    ApiJson(i): ApiJson<DiagnosisNoteInput>,
) -> WebResult<StatusCode> {
    note_diagnosis(&s, &a, ClientId(id(&c)?), i).await?;
    Ok(StatusCode::CREATED)
}

pub async fn api_ladder(
    State(s): State<AppState>,
    a: Acting,
    Path(c): Client,
    ApiJson(i): ApiJson<LadderInput>,
) -> WebResult<StatusCode> {
    measure_ladder(&s, &a, ClientId(id(&c)?), i).await?;
    Ok(StatusCode::CREATED)
}

pub async fn api_zrm(
    State(s): State<AppState>,
    a: Acting,
    Path(c): Client,
    ApiJson(i): ApiJson<ZrmInput>,
) -> WebResult<StatusCode> {
    assess_zrm(&s, &a, ClientId(id(&c)?), i).await?;
    Ok(StatusCode::CREATED)
}

pub async fn api_goal(
    State(s): State<AppState>,
    a: Acting,
    Path(c): Client,
    ApiJson(i): ApiJson<GoalInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let id = set_goal(&s, &a, ClientId(id(&c)?), i).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

pub async fn api_intervention(
    State(s): State<AppState>,
    a: Acting,
    Path(c): Client,
    ApiJson(i): ApiJson<InterventionInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let id = plan_intervention(&s, &a, ClientId(id(&c)?), i).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

pub async fn api_end_intervention(
    State(s): State<AppState>,
    a: Acting,
    Path((c, i2)): ClientAnd,
    ApiJson(i): ApiJson<InterventionEndInput>,
) -> WebResult<StatusCode> {
    end_intervention(&s, &a, ClientId(id(&c)?), id(&i2)?, i).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn api_oversight(
    State(s): State<AppState>,
    a: Acting,
    Path(c): Client,
    ApiJson(i): ApiJson<OversightInput>,
) -> WebResult<StatusCode> {
    record_oversight(&s, &a, ClientId(id(&c)?), i).await?;
    Ok(StatusCode::CREATED)
}

pub async fn api_care_referral(
    State(s): State<AppState>,
    a: Acting,
    Path(c): Client,
    ApiJson(i): ApiJson<CareReferralInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let id = refer_to_care(&s, &a, ClientId(id(&c)?), i).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

pub async fn api_arrival(
    State(s): State<AppState>,
    a: Acting,
    Path((c, r)): ClientAnd,
    ApiJson(i): ApiJson<ArrivalInput>,
) -> WebResult<StatusCode> {
    confirm_arrival(&s, &a, ClientId(id(&c)?), id(&r)?, i).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn api_end_referral(
    State(s): State<AppState>,
    a: Acting,
    Path((c, r)): ClientAnd,
    ApiJson(i): ApiJson<ReferralEndInput>,
) -> WebResult<StatusCode> {
    end_care_referral(&s, &a, ClientId(id(&c)?), id(&r)?, i).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The organisation's catalogue with everything plans and referrals choose from.
#[derive(Serialize)]
pub struct CatalogueView {
    pub items: Vec<CatalogueItem>,
    pub providers: Vec<Provider>,
    pub care_organisations: Vec<CareOrganisation>,
    pub instrument_requirements: Vec<InstrumentRequirement>,
}

pub async fn catalogue_view(state: &AppState, acting: &Acting) -> WebResult<CatalogueView> {
    let org = acting.organisation_id;
    Ok(CatalogueView {
        items: state.store.catalogue(org).await?,
        providers: state.store.providers(org).await?,
        care_organisations: state.store.care_organisations(org).await?,
        instrument_requirements: state.store.instrument_requirements(org).await?,
    })
}

pub async fn api_catalogue(State(s): State<AppState>, a: Acting) -> WebResult<Json<CatalogueView>> {
    Ok(Json(catalogue_view(&s, &a).await?))
}

pub async fn api_create_provider(
    State(s): State<AppState>,
    a: Acting,
    ApiJson(i): ApiJson<NameInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let id = create_provider(&s, &a, i).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

pub async fn api_create_contract(
    State(s): State<AppState>,
    a: Acting,
    Path(p): Path<String>,
    ApiJson(i): ApiJson<ContractInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let id = create_contract(&s, &a, id(&p)?, i).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

pub async fn api_create_item(
    State(s): State<AppState>,
    a: Acting,
    ApiJson(i): ApiJson<CatalogueItemInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let id = create_catalogue_item(&s, &a, i).await?;
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
    set_item_active(&s, &a, id(&item)?, i.active).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn api_create_care_organisation(
    State(s): State<AppState>,
    a: Acting,
    ApiJson(i): ApiJson<CareOrganisationInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let id = create_care_organisation(&s, &a, i).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

pub async fn api_requirements(
    State(s): State<AppState>,
    a: Acting,
    ApiJson(i): ApiJson<Vec<RequirementInput>>,
) -> WebResult<StatusCode> {
    set_requirements(&s, &a, &i).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn api_provider_clients(
    State(s): State<AppState>,
    a: Acting,
) -> WebResult<Json<Vec<ProviderClientSummary>>> {
    Ok(Json(provider_clients(&s, &a).await?))
}

/// The clients referred to the acting user's provider, each read logged.
pub async fn provider_clients(
    state: &AppState,
    acting: &Acting,
) -> WebResult<Vec<ProviderClientSummary>> {
    let provider = provider_of(acting)?;
    let clients = state
        .store
        .provider_clients(acting.organisation_id, provider)
        .await?;
    crate::logbook::record(
        state,
        acting,
        "aanbieder_klanten_lezen",
        clients.iter().map(|c| c.bsn.as_str()),
    )
    .await?;
    Ok(clients)
}

pub async fn api_provider_client(
    State(s): State<AppState>,
    a: Acting,
    Path(c): Client,
) -> WebResult<Json<ProviderClientView>> {
    let p = provider_of(&a)?;
    Ok(Json(
        s.store
            .provider_client(a.organisation_id, p, ClientId(id(&c)?), a.today())
            .await?,
    ))
}

pub async fn api_progress_report(
    State(s): State<AppState>,
    a: Acting,
    Path(c): Client,
    ApiJson(i): ApiJson<ProgressInput>,
) -> WebResult<StatusCode> {
    report_progress(&s, &a, ClientId(id(&c)?), i).await?;
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
