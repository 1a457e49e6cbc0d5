//! Work and what follows it over HTTP: inputs shared by the JSON API and the
//! pages, and the one function per act that both call.

use serde::Deserialize;
use zicht_domain::{reintegration::letters::LetterTemplate, ClientId, EmployerId, VacancyId};

use crate::{access::viewer, actor::Acting, i18n::Tr, AppState, WebError, WebResult};
use zicht_acts::work::{
    CheckInInput, DecisionInput, EmployerContactInput, EmployerInput, MediationEndInput,
    MediationStepInput, OutflowInput, PlacementEndInput, PlacementInput, ProposalInput,
    SanctionInput, TemplateInput, VacancyInput, VacancyStatusInput, VacancyView, Window,
    WishesInput,
};

// --- API handlers (below) ---------------------------------------------------------------------

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use serde::Serialize as SerializeOut;
use time::{Date, Duration};
use zicht_domain::{effects::Scope, reintegration::letters::PLACEHOLDERS, LetterId};
use zicht_storage::{EmployerContactCount, EmployerDetail, Letter};

use crate::{
    extract::{path_id, Created},
    extract::{ApiJson, ApiQuery},
};

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
    Ok(created(s.acts.create_employer(&a, i).await?.0))
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
    s.acts
        .record_employer_contact(&a, EmployerId(path_id(&e)?), i)
        .await?;
    Ok(StatusCode::CREATED)
}

pub async fn api_create_vacancy(
    State(s): State<AppState>,
    a: Acting,
    Path(e): One,
    ApiJson(i): ApiJson<VacancyInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    Ok(created(
        s.acts
            .create_vacancy(&a, EmployerId(path_id(&e)?), i)
            .await?
            .0,
    ))
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
) -> WebResult<Json<serde_json::Value>> {
    let window = |_| Window {
        offset: q.offset.unwrap_or(0) as usize,
        limit: q.limit.map_or(usize::MAX, |l| l as usize),
    };
    let view = s
        .acts
        .vacancy_view(&a, VacancyId(path_id(&v)?), window)
        .await?;
    Ok(Json(with_reason_texts(&view, Tr::current())?))
}

/// The vacancy as JSON, each suggestion with its reasons also in words
/// (`reason_texts`): the acts give codes only, and the API has always sent
/// the words.
fn with_reason_texts(view: &VacancyView, tr: Tr) -> WebResult<serde_json::Value> {
    let mut json = serde_json::to_value(view).map_err(WebError::internal)?;
    if let Some(out) = json["suggestions"].as_array_mut() {
        for (s, out) in view.suggestions.iter().zip(out) {
            let texts: Vec<String> = s.reasons.iter().map(|r| tr.match_reason(r)).collect();
            out["reason_texts"] = texts.into();
        }
    }
    Ok(json)
}

pub async fn api_propose(
    State(s): State<AppState>,
    a: Acting,
    Path(v): One,
    ApiJson(i): ApiJson<ProposalInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    Ok(created(
        s.acts.propose(&a, VacancyId(path_id(&v)?), i).await?.0,
    ))
}

pub async fn api_vacancy_status(
    State(s): State<AppState>,
    a: Acting,
    Path(v): One,
    ApiJson(i): ApiJson<VacancyStatusInput>,
) -> WebResult<StatusCode> {
    s.acts
        .set_vacancy_status(&a, VacancyId(path_id(&v)?), i)
        .await?;
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
    s.acts.record_wishes(&a, ClientId(path_id(&c)?), i).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn api_mediation_step(
    State(s): State<AppState>,
    a: Acting,
    Path((c, m)): Two,
    ApiJson(i): ApiJson<MediationStepInput>,
) -> WebResult<StatusCode> {
    s.acts
        .mediation_step(&a, ClientId(path_id(&c)?), path_id(&m)?, i)
        .await?;
    Ok(StatusCode::CREATED)
}

pub async fn api_end_mediation(
    State(s): State<AppState>,
    a: Acting,
    Path((c, m)): Two,
    ApiJson(i): ApiJson<MediationEndInput>,
) -> WebResult<StatusCode> {
    s.acts
        .end_mediation(&a, ClientId(path_id(&c)?), path_id(&m)?, i)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn api_volunteering(
    State(s): State<AppState>,
    a: Acting,
    Path(c): One,
    ApiJson(i): ApiJson<PlacementInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    Ok(created(
        s.acts
            .start_volunteering(&a, ClientId(path_id(&c)?), i)
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
    s.acts
        .end_volunteering(&a, ClientId(path_id(&c)?), path_id(&p)?, i)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn api_outflow(
    State(s): State<AppState>,
    a: Acting,
    Path(c): One,
    ApiJson(i): ApiJson<OutflowInput>,
) -> WebResult<StatusCode> {
    s.acts
        .register_outflow(&a, ClientId(path_id(&c)?), i)
        .await?;
    Ok(StatusCode::CREATED)
}

pub async fn api_check_in(
    State(s): State<AppState>,
    a: Acting,
    Path(c): One,
    ApiJson(i): ApiJson<CheckInInput>,
) -> WebResult<StatusCode> {
    s.acts.check_in(&a, ClientId(path_id(&c)?), i).await?;
    Ok(StatusCode::CREATED)
}

pub async fn api_sanction(
    State(s): State<AppState>,
    a: Acting,
    Path(c): One,
    ApiJson(i): ApiJson<SanctionInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    Ok(created(
        s.acts
            .consider_sanction(&a, ClientId(path_id(&c)?), i)
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
    s.acts
        .decide_sanction(&a, ClientId(path_id(&c)?), path_id(&x)?, i)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

// --- letters --------------------------------------------------------------------------------

async fn load_letter(s: &AppState, a: &Acting, c: &str, l: &str) -> WebResult<Letter> {
    let (client, letter) = (ClientId(path_id(c)?), LetterId(path_id(l)?));
    Ok(s.acts.letter(a, client, letter).await?)
}

pub async fn api_get_letter(
    State(s): State<AppState>,
    a: Acting,
    Path((c, l)): Two,
) -> WebResult<Json<Letter>> {
    Ok(Json(load_letter(&s, &a, &c, &l).await?))
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
            .map(|name| Placeholder {
                name,
                description: Tr::current().placeholder(name),
            })
            .collect(),
    }))
}

pub async fn api_save_template(
    State(s): State<AppState>,
    a: Acting,
    Path(key): One,
    ApiJson(i): ApiJson<TemplateInput>,
) -> WebResult<StatusCode> {
    s.acts.save_template(&a, &key, i).await?;
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
