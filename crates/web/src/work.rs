//! Work and what follows it over HTTP: inputs shared by the JSON API and the
//! pages, and the one function per act that both call.

use serde::Deserialize;
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

/// A value a form sends as text and JSON may send as a number.
pub(crate) fn text_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Number(i64),
    }
    Ok(match Raw::deserialize(d)? {
        Raw::Text(s) => s,
        Raw::Number(n) => n.to_string(),
    })
}

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

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct EmployerInput {
    pub name: String,
    pub sector: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct EmployerContactInput {
    pub on: String,
    pub kind: String,
    pub outcome: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct VacancyInput {
    pub title: String,
    pub sector: String,
    #[serde(deserialize_with = "text_or_number")]
    pub hours_per_week: String,
    pub requirements: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct VacancyStatusInput {
    pub status: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ProposalInput {
    #[serde(deserialize_with = "text_or_number")]
    pub client_id: String,
}

#[derive(Deserialize, Default, Clone)]
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

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct MediationStepInput {
    pub step: String,
    pub on: String,
    pub note: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct MediationEndInput {
    pub result: String,
    pub on: String,
    pub note: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct PlacementInput {
    #[serde(deserialize_with = "text_or_number")]
    pub organisation_id: String,
    pub starts_on: String,
    #[serde(deserialize_with = "text_or_number")]
    pub hours_per_week: String,
    pub description: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct PlacementEndInput {
    pub ends_on: String,
    pub reason: String,
}

#[derive(Deserialize, Default, Clone)]
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

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CheckInInput {
    pub on: String,
    pub note: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SanctionInput {
    pub on: String,
    pub behaviour: String,
    pub legal_basis: String,
    pub consideration: String,
}

#[derive(Deserialize, Default, Clone)]
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

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct LetterInput {
    pub template: String,
}

#[derive(Deserialize, Default, Clone)]
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
