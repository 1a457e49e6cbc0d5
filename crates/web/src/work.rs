//! Work and what follows it over HTTP: inputs shared by the JSON API and the
//! pages, and the one function per act that both call.

use serde::{Deserialize, Serialize};
use zicht_domain::{
    access::{may_change_client, may_maintain_catalogue},
    reintegration::{
        letters::LetterTemplate,
        outflow::NewOutflow,
        sanction::NewSanction,
        work::{
            MediationResult, MediationStep, NewEmployer, NewEmployerContact, NewVacancy,
            NewVolunteerPlacement, VacancyStatus, WorkWishes,
        },
    },
    CareOrganisationId, ClientId, DomainError, EmployerId, MediationId, PlacementId, SanctionId,
    VacancyId,
};

use crate::{access::viewer, actor::Acting, logbook, AppState, WebResult};

pub(crate) use crate::extract::text_or_number;

/// A list that a form sends as repeated fields and JSON as an array.
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Raw::deserialize(d)? {
        Raw::One(s) => vec![s],
        Raw::Many(v) => v,
    })
}

fn parse_id(raw: &str, field: &'static str, code: &'static str) -> WebResult<i64> {
    raw.trim()
        .parse()
        .map_err(|_| DomainError::invalid(field, code).into())
}

// --- inputs ---------------------------------------------------------------------------

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct EmployerInput {
    pub name: String,
    pub sector: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct EmployerContactInput {
    pub on: String,
    pub kind: String,
    pub outcome: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct VacancyInput {
    pub title: String,
    pub sector: String,
    #[serde(deserialize_with = "text_or_number")]
    pub hours_per_week: String,
    pub requirements: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct VacancyStatusInput {
    pub status: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct ProposalInput {
    #[serde(deserialize_with = "text_or_number")]
    pub client_id: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct WishesInput {
    #[serde(deserialize_with = "one_or_many")]
    pub sectors: Vec<String>,
    #[serde(deserialize_with = "text_or_number")]
    pub min_hours: String,
    #[serde(deserialize_with = "text_or_number")]
    pub max_hours: String,
    pub remarks: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct MediationStepInput {
    pub step: String,
    pub on: String,
    pub note: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct MediationEndInput {
    pub result: String,
    pub on: String,
    pub note: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct PlacementInput {
    #[serde(deserialize_with = "text_or_number")]
    pub organisation_id: String,
    pub starts_on: String,
    #[serde(deserialize_with = "text_or_number")]
    pub hours_per_week: String,
    pub description: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct PlacementEndInput {
    pub ends_on: String,
    pub reason: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct OutflowInput {
    /// `full` or `partial`.
    pub kind: String,
    pub reason: String,
    pub on: String,
    pub employer: String,
    #[serde(deserialize_with = "text_or_number")]
    pub hours_per_week: String,
    pub note: String,
    /// Comply or explain, when the phase being left requires an instrument.
    pub explanation: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct CheckInInput {
    pub on: String,
    pub note: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct SanctionInput {
    pub on: String,
    pub behaviour: String,
    pub legal_basis: String,
    pub consideration: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct DecisionInput {
    pub on: String,
    /// `imposed` or `waived`.
    pub decision: String,
    #[serde(deserialize_with = "text_or_number")]
    pub percent: String,
    #[serde(deserialize_with = "text_or_number")]
    pub months: String,
    pub reason: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct LetterInput {
    pub template: String,
}

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct TemplateInput {
    pub title: String,
    pub body: String,
}

// --- acts ---------------------------------------------------------------------------------

pub async fn create_employer(
    state: &AppState,
    acting: &Acting,
    i: EmployerInput,
) -> WebResult<EmployerId> {
    let e = NewEmployer::parse(
        &i.name,
        &i.sector,
        &i.contact_name,
        &i.contact_email,
        &i.contact_phone,
    )?;
    Ok(state.store.create_employer(&acting.ctx, e).await?)
}

pub async fn record_employer_contact(
    state: &AppState,
    acting: &Acting,
    employer: EmployerId,
    i: EmployerContactInput,
) -> WebResult<()> {
    let c = NewEmployerContact::parse(&i.on, &i.kind, &i.outcome, acting.today())?;
    Ok(state
        .store
        .record_employer_contact(&acting.ctx, employer, c)
        .await?)
}

pub async fn create_vacancy(
    state: &AppState,
    acting: &Acting,
    employer: EmployerId,
    i: VacancyInput,
) -> WebResult<VacancyId> {
    let v = NewVacancy::parse(&i.title, &i.sector, &i.hours_per_week, &i.requirements)?;
    Ok(state.store.create_vacancy(&acting.ctx, employer, v).await?)
}

pub async fn set_vacancy_status(
    state: &AppState,
    acting: &Acting,
    vacancy: VacancyId,
    i: VacancyStatusInput,
) -> WebResult<()> {
    let status = VacancyStatus::parse(&i.status)?;
    Ok(state
        .store
        .set_vacancy_status(acting.organisation_id, vacancy, status)
        .await?)
}

/// Accepts a suggested match for a client. The route is about the vacancy,
/// so the right to change the client is checked here, and the look at the
/// file is logged here.
pub async fn propose(
    state: &AppState,
    acting: &Acting,
    vacancy: VacancyId,
    i: ProposalInput,
) -> WebResult<MediationId> {
    let client = ClientId(parse_id(&i.client_id, "client_id", "match_not_suggested")?);
    let scope = state
        .store
        .client_scope(acting.organisation_id, client)
        .await
        .map_err(|_| DomainError::invalid("client_id", "match_not_suggested"))?;
    if !may_change_client(&viewer(acting), &scope) {
        return Err(DomainError::forbidden("forbidden").into());
    }
    let bsn = state
        .store
        .client_bsn(acting.organisation_id, client)
        .await?;
    let id = state
        .store
        .start_mediation(&acting.ctx, client, vacancy)
        .await?;
    logbook::record(state, acting, "klant_voordragen", [bsn.as_str()]).await?;
    Ok(id)
}

pub async fn record_wishes(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    i: WishesInput,
) -> WebResult<()> {
    let w = WorkWishes::parse(&i.sectors, &i.min_hours, &i.max_hours, &i.remarks)?;
    Ok(state
        .store
        .record_work_wishes(&acting.ctx, client, w)
        .await?)
}

pub async fn mediation_step(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    mediation: i64,
    i: MediationStepInput,
) -> WebResult<()> {
    let step = MediationStep::parse(&i.step)?;
    Ok(state
        .store
        .record_mediation_step(
            &acting.ctx,
            client,
            MediationId(mediation),
            step,
            &i.on,
            &i.note,
        )
        .await?)
}

pub async fn end_mediation(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    mediation: i64,
    i: MediationEndInput,
) -> WebResult<()> {
    let result = MediationResult::parse(&i.result)?;
    Ok(state
        .store
        .end_mediation(
            &acting.ctx,
            client,
            MediationId(mediation),
            result,
            &i.on,
            &i.note,
        )
        .await?)
}

pub async fn start_volunteering(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    i: PlacementInput,
) -> WebResult<PlacementId> {
    let org = parse_id(
        &i.organisation_id,
        "organisation_id",
        "volunteer_organisation_required",
    );
    let p = NewVolunteerPlacement::parse(&i.starts_on, &i.hours_per_week, &i.description);
    match (org, p) {
        (Ok(o), Ok(p)) => Ok(state
            .store
            .start_volunteering(&acting.ctx, client, CareOrganisationId(o), p)
            .await?),
        (o, p) => {
            let mut errors = Vec::new();
            if o.is_err() {
                errors.push(DomainError::invalid(
                    "organisation_id",
                    "volunteer_organisation_required",
                ));
            }
            if let Err(e) = p {
                errors.extend(e);
            }
            Err(errors.into())
        }
    }
}

pub async fn end_volunteering(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    placement: i64,
    i: PlacementEndInput,
) -> WebResult<()> {
    Ok(state
        .store
        .end_volunteering(
            &acting.ctx,
            client,
            PlacementId(placement),
            &i.ends_on,
            &i.reason,
        )
        .await?)
}

pub async fn register_outflow(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    i: OutflowInput,
) -> WebResult<()> {
    let o = NewOutflow::parse(
        &i.kind,
        &i.reason,
        &i.on,
        &i.employer,
        &i.hours_per_week,
        &i.note,
        acting.today(),
    )?;
    Ok(state
        .store
        .register_outflow(&acting.ctx, client, o, &i.explanation)
        .await?)
}

pub async fn check_in(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    i: CheckInInput,
) -> WebResult<()> {
    Ok(state
        .store
        .check_in_aftercare(&acting.ctx, client, &i.on, &i.note)
        .await?)
}

pub async fn consider_sanction(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    i: SanctionInput,
) -> WebResult<SanctionId> {
    let s = NewSanction::parse(
        &i.on,
        &i.behaviour,
        &i.legal_basis,
        &i.consideration,
        acting.today(),
    )?;
    Ok(state
        .store
        .consider_sanction(&acting.ctx, client, s)
        .await?)
}

pub async fn decide_sanction(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    sanction: i64,
    i: DecisionInput,
) -> WebResult<()> {
    Ok(state
        .store
        .decide_sanction(
            &acting.ctx,
            client,
            SanctionId(sanction),
            &i.on,
            &i.decision,
            &i.percent,
            &i.months,
            &i.reason,
        )
        .await?)
}

pub async fn produce_letter(
    state: &AppState,
    acting: &Acting,
    client: ClientId,
    i: LetterInput,
) -> WebResult<zicht_domain::LetterId> {
    Ok(state
        .store
        .produce_letter(&acting.ctx, client, i.template.trim())
        .await?)
}

pub async fn save_template(
    state: &AppState,
    acting: &Acting,
    key: &str,
    i: TemplateInput,
) -> WebResult<()> {
    if !may_maintain_catalogue(&viewer(acting)) {
        return Err(DomainError::forbidden("forbidden").into());
    }
    let t = LetterTemplate {
        key: key.to_string(),
        title: i.title,
        body: i.body,
    };
    Ok(state.store.save_letter_template(&acting.ctx, &t).await?)
}

// --- API handlers (below) ---------------------------------------------------------------------

use axum::{
    extract::{Path, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::Serialize as SerializeOut;
use time::{Date, Duration};
use zicht_domain::{
    access::may_read_client, effects::Scope, reintegration::letters::PLACEHOLDERS, LetterId,
};
use zicht_storage::{
    EmployerContactCount, EmployerDetail, Letter, Proposal, SuggestedClient, Vacancy,
};

use crate::{
    extract::Created,
    extract::{ApiJson, ApiQuery},
    WebError,
};

/// A path id that is not a number is simply not found.
fn path_id(raw: &str) -> WebResult<i64> {
    raw.parse().map_err(|_| WebError::NotFound)
}

type One = Path<String>;
type Two = Path<(String, String)>;

fn created(id: i64) -> (StatusCode, Json<Created>) {
    (StatusCode::CREATED, Json(Created { id }))
}

// --- employers and vacancies ----------------------------------------------------------

pub async fn api_employers(
    State(s): State<AppState>,
    a: Acting,
) -> WebResult<Json<Vec<zicht_storage::Employer>>> {
    Ok(Json(s.store.employers(a.organisation_id, a.today()).await?))
}

pub async fn api_create_employer(
    State(s): State<AppState>,
    a: Acting,
    ApiJson(i): ApiJson<EmployerInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    Ok(created(create_employer(&s, &a, i).await?.0))
}

pub async fn api_employer(
    State(s): State<AppState>,
    a: Acting,
    Path(e): One,
) -> WebResult<Json<EmployerDetail>> {
    Ok(Json(
        s.store
            .employer(a.organisation_id, EmployerId(path_id(&e)?), a.today())
            .await?,
    ))
}

pub async fn api_employer_contact(
    State(s): State<AppState>,
    a: Acting,
    Path(e): One,
    ApiJson(i): ApiJson<EmployerContactInput>,
) -> WebResult<StatusCode> {
    record_employer_contact(&s, &a, EmployerId(path_id(&e)?), i).await?;
    Ok(StatusCode::CREATED)
}

pub async fn api_create_vacancy(
    State(s): State<AppState>,
    a: Acting,
    Path(e): One,
    ApiJson(i): ApiJson<VacancyInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    Ok(created(
        create_vacancy(&s, &a, EmployerId(path_id(&e)?), i).await?.0,
    ))
}

/// A vacancy with its proposals and the clients the matching suggests, as
/// far as the viewer may read those clients.
#[derive(SerializeOut)]
pub struct VacancyView {
    pub vacancy: Vacancy,
    pub proposals: Vec<Proposal>,
    /// One window of the readable suggestions, best fits first.
    pub suggestions: Vec<SuggestedClient>,
    /// How many readable suggestions there are in all.
    pub suggestions_total: usize,
    /// For each of `suggestions`: may the viewer propose that client?
    #[serde(skip)]
    pub may_propose: Vec<bool>,
    /// Suggested clients the viewer may not read (of other teams), for the
    /// page to say they exist.
    #[serde(skip)]
    pub suggestions_hidden: usize,
}

/// Which of a vacancy's readable suggestions to show: from `offset`, at
/// most `limit`.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub offset: usize,
    pub limit: usize,
}

impl Window {
    pub const ALL: Window = Window {
        offset: 0,
        limit: usize::MAX,
    };
}

/// The vacancy, its proposals and one window of its suggestions, each
/// narrowed to the clients the viewer may read; the look at the clients
/// returned (and only those) is logged.
pub async fn vacancy_view(
    state: &AppState,
    acting: &Acting,
    vacancy: VacancyId,
    window: impl FnOnce(usize) -> Window,
) -> WebResult<VacancyView> {
    let org = acting.organisation_id;
    let detail = state.store.vacancy(org, vacancy).await?;
    let suggested = state.store.suggestions(org, vacancy).await?;
    let v = viewer(acting);
    let mut proposals = Vec::new();
    let mut subjects = Vec::new();
    for p in detail.proposals {
        let scope = state.store.client_scope(org, p.client.id).await?;
        if may_read_client(&v, &scope) {
            subjects.push(p.client.id);
            proposals.push(p);
        }
    }
    let suggested_total = suggested.len();
    let mut readable = Vec::new();
    for s in suggested {
        let scope = s.scope();
        if may_read_client(&v, &scope) {
            readable.push((s, may_change_client(&v, &scope)));
        }
    }
    let suggestions_total = readable.len();
    let w = window(suggestions_total);
    let (suggestions, may_propose): (Vec<_>, Vec<_>) =
        readable.into_iter().skip(w.offset).take(w.limit).unzip();
    subjects.extend(suggestions.iter().map(|s| s.client.id));
    subjects.sort_by_key(|c| c.0);
    subjects.dedup();
    let mut bsns = Vec::with_capacity(subjects.len());
    for c in subjects {
        bsns.push(state.store.client_bsn(org, c).await?);
    }
    logbook::record(
        state,
        acting,
        "vacature_matchen",
        bsns.iter().map(String::as_str),
    )
    .await?;
    Ok(VacancyView {
        vacancy: detail.vacancy,
        proposals,
        suggestions,
        suggestions_total,
        may_propose,
        suggestions_hidden: suggested_total - suggestions_total,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct VacancyQuery {
    offset: Option<u32>,
    limit: Option<u32>,
}

pub async fn api_vacancy(
    State(s): State<AppState>,
    a: Acting,
    Path(v): One,
    ApiQuery(q): ApiQuery<VacancyQuery>,
) -> WebResult<Json<VacancyView>> {
    let window = |_| Window {
        offset: q.offset.unwrap_or(0) as usize,
        limit: q.limit.map_or(usize::MAX, |l| l as usize),
    };
    Ok(Json(
        vacancy_view(&s, &a, VacancyId(path_id(&v)?), window).await?,
    ))
}

pub async fn api_propose(
    State(s): State<AppState>,
    a: Acting,
    Path(v): One,
    ApiJson(i): ApiJson<ProposalInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    Ok(created(
        propose(&s, &a, VacancyId(path_id(&v)?), i).await?.0,
    ))
}

pub async fn api_vacancy_status(
    State(s): State<AppState>,
    a: Acting,
    Path(v): One,
    ApiJson(i): ApiJson<VacancyStatusInput>,
) -> WebResult<StatusCode> {
    set_vacancy_status(&s, &a, VacancyId(path_id(&v)?), i).await?;
    Ok(StatusCode::NO_CONTENT)
}

// --- on a client --------------------------------------------------------------------------

/// The wishes replace the ones recorded before: 204, nothing new to point at.
pub async fn api_work_wishes(
    State(s): State<AppState>,
    a: Acting,
    Path(c): One,
    ApiJson(i): ApiJson<WishesInput>,
) -> WebResult<StatusCode> {
    record_wishes(&s, &a, ClientId(path_id(&c)?), i).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn api_mediation_step(
    State(s): State<AppState>,
    a: Acting,
    Path((c, m)): Two,
    ApiJson(i): ApiJson<MediationStepInput>,
) -> WebResult<StatusCode> {
    mediation_step(&s, &a, ClientId(path_id(&c)?), path_id(&m)?, i).await?;
    Ok(StatusCode::CREATED)
}

pub async fn api_end_mediation(
    State(s): State<AppState>,
    a: Acting,
    Path((c, m)): Two,
    ApiJson(i): ApiJson<MediationEndInput>,
) -> WebResult<StatusCode> {
    end_mediation(&s, &a, ClientId(path_id(&c)?), path_id(&m)?, i).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn api_volunteering(
    State(s): State<AppState>,
    a: Acting,
    Path(c): One,
    ApiJson(i): ApiJson<PlacementInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    Ok(created(
        start_volunteering(&s, &a, ClientId(path_id(&c)?), i)
            .await?
            .0,
    ))
}

pub async fn api_end_volunteering(
    State(s): State<AppState>,
    a: Acting,
    Path((c, p)): Two,
    ApiJson(i): ApiJson<PlacementEndInput>,
) -> WebResult<StatusCode> {
    end_volunteering(&s, &a, ClientId(path_id(&c)?), path_id(&p)?, i).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn api_outflow(
    State(s): State<AppState>,
    a: Acting,
    Path(c): One,
    ApiJson(i): ApiJson<OutflowInput>,
) -> WebResult<StatusCode> {
    register_outflow(&s, &a, ClientId(path_id(&c)?), i).await?;
    Ok(StatusCode::CREATED)
}

pub async fn api_check_in(
    State(s): State<AppState>,
    a: Acting,
    Path(c): One,
    ApiJson(i): ApiJson<CheckInInput>,
) -> WebResult<StatusCode> {
    check_in(&s, &a, ClientId(path_id(&c)?), i).await?;
    Ok(StatusCode::CREATED)
}

pub async fn api_sanction(
    State(s): State<AppState>,
    a: Acting,
    Path(c): One,
    ApiJson(i): ApiJson<SanctionInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    Ok(created(
        consider_sanction(&s, &a, ClientId(path_id(&c)?), i)
            .await?
            .0,
    ))
}

pub async fn api_decision(
    State(s): State<AppState>,
    a: Acting,
    Path((c, x)): Two,
    ApiJson(i): ApiJson<DecisionInput>,
) -> WebResult<StatusCode> {
    decide_sanction(&s, &a, ClientId(path_id(&c)?), path_id(&x)?, i).await?;
    Ok(StatusCode::NO_CONTENT)
}

// --- letters --------------------------------------------------------------------------------

pub async fn api_letter(
    State(s): State<AppState>,
    a: Acting,
    Path(c): One,
    ApiJson(i): ApiJson<LetterInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    Ok(created(
        produce_letter(&s, &a, ClientId(path_id(&c)?), i).await?.0,
    ))
}

async fn load_letter(s: &AppState, a: &Acting, c: &str, l: &str) -> WebResult<Letter> {
    Ok(s.store
        .letter(
            a.organisation_id,
            ClientId(path_id(c)?),
            LetterId(path_id(l)?),
        )
        .await?)
}

pub async fn api_get_letter(
    State(s): State<AppState>,
    a: Acting,
    Path((c, l)): Two,
) -> WebResult<Json<Letter>> {
    Ok(Json(load_letter(&s, &a, &c, &l).await?))
}

/// The letter as a PDF with the organisation's name above it, to print or send.
pub async fn letter_pdf_response(s: &AppState, a: &Acting, letter: &Letter) -> WebResult<Response> {
    let organisation = s.store.organisation(a.organisation_id).await?;
    let bytes = crate::letter_pdf::render(&organisation.name, &letter.title, &letter.body);
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    // The key is lower-case ASCII with underscores, so the name needs no quoting.
    let key: String = letter
        .template_key
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "inline; filename=\"brief-{}-{}.pdf\"",
        letter.id.0, key
    )) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

pub async fn api_letter_pdf(
    State(s): State<AppState>,
    a: Acting,
    Path((c, l)): Two,
) -> WebResult<Response> {
    let letter = load_letter(&s, &a, &c, &l).await?;
    letter_pdf_response(&s, &a, &letter).await
}

#[derive(SerializeOut)]
pub struct Placeholder {
    pub name: &'static str,
    pub description: &'static str,
}

#[derive(SerializeOut)]
pub struct TemplatesView {
    pub templates: Vec<LetterTemplate>,
    pub placeholders: Vec<Placeholder>,
}

pub async fn api_letter_templates(
    State(s): State<AppState>,
    a: Acting,
) -> WebResult<Json<TemplatesView>> {
    Ok(Json(TemplatesView {
        templates: s.store.letter_templates(a.organisation_id).await?,
        placeholders: PLACEHOLDERS
            .iter()
            .map(|(name, description)| Placeholder { name, description })
            .collect(),
    }))
}

pub async fn api_save_template(
    State(s): State<AppState>,
    a: Acting,
    Path(key): One,
    ApiJson(i): ApiJson<TemplateInput>,
) -> WebResult<StatusCode> {
    save_template(&s, &a, &key, i).await?;
    Ok(StatusCode::NO_CONTENT)
}

// --- effectenkaart: employer contacts ---------------------------------------------------

/// Employer contacts of a scope: `Organisation` all, a team the contacts its
/// members recorded while in it, a caseworker their own.
pub fn contacts_in_scope(rows: &[EmployerContactCount], scope: Scope) -> i64 {
    rows.iter()
        .filter(|r| match scope {
            Scope::Organisation => true,
            Scope::Team(t) => r.team == t,
            Scope::Caseworker(e) => r.employee == e,
        })
        .map(|r| r.contacts)
        .sum()
}

/// The four weeks up to and including `today` (28 days), as the employer
/// register counts them.
pub fn last_four_weeks(today: Date) -> (Date, Date) {
    (today - Duration::days(27), today)
}

#[derive(SerializeOut)]
pub struct RecentContacts {
    pub from: Date,
    pub to: Date,
    pub contacts: i64,
}

#[derive(SerializeOut)]
pub struct EmployerContactsView {
    pub from: Date,
    pub to: Date,
    pub contacts_in_period: i64,
    /// The indicator "employer contacts in the last four weeks", up to today.
    pub last_four_weeks: RecentContacts,
}

pub async fn employer_contacts_view(
    state: &AppState,
    acting: &Acting,
    q: &crate::effects::EffectsQuery,
) -> WebResult<EmployerContactsView> {
    let (scope, period) = crate::effects::parse_query(q, acting)?;
    let staff = crate::effects::Staff::load(state, acting.organisation_id).await?;
    staff.check(&viewer(acting), scope)?;
    let org = acting.organisation_id;
    let in_period = state
        .store
        .employer_contact_counts(org, period.from, period.to)
        .await?;
    let (from, to) = last_four_weeks(acting.today());
    let recent = state.store.employer_contact_counts(org, from, to).await?;
    Ok(EmployerContactsView {
        from: period.from,
        to: period.to,
        contacts_in_period: contacts_in_scope(&in_period, scope),
        last_four_weeks: RecentContacts {
            from,
            to,
            contacts: contacts_in_scope(&recent, scope),
        },
    })
}

pub async fn api_employer_contacts(
    State(s): State<AppState>,
    a: Acting,
    ApiQuery(q): ApiQuery<crate::effects::EffectsQuery>,
) -> WebResult<Json<EmployerContactsView>> {
    Ok(Json(employer_contacts_view(&s, &a, &q).await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;
    use zicht_domain::{EmployeeId, TeamId};

    #[test]
    fn contacts_are_summed_for_the_scope() {
        let row = |employee, team, contacts| EmployerContactCount {
            employee: EmployeeId(employee),
            team: TeamId(team),
            contacts,
        };
        // Employee 2 moved from team 10 to team 20 and recorded contacts in both.
        let rows = [row(1, 10, 3), row(2, 10, 2), row(2, 20, 4), row(3, 20, 1)];
        assert_eq!(contacts_in_scope(&rows, Scope::Organisation), 10);
        assert_eq!(contacts_in_scope(&rows, Scope::Team(TeamId(10))), 5);
        assert_eq!(contacts_in_scope(&rows, Scope::Team(TeamId(20))), 5);
        assert_eq!(contacts_in_scope(&rows, Scope::Team(TeamId(30))), 0);
        assert_eq!(
            contacts_in_scope(&rows, Scope::Caseworker(EmployeeId(2))),
            6
        );
        assert_eq!(contacts_in_scope(&[], Scope::Organisation), 0);
    }

    #[test]
    fn four_weeks_are_28_days_up_to_today() {
        assert_eq!(
            last_four_weeks(date!(2026 - 03 - 28)),
            (date!(2026 - 03 - 01), date!(2026 - 03 - 28))
        );
    }
}
