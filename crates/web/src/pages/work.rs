//! Pages for work and what follows it: the employer register with contacts
//! and vacancies, a vacancy with the clients suggested for it and why; per
//! client the work page (wishes, mediation, volunteer work, outflow and
//! aftercare), sanctions, and letters with their templates.
//! A form that fails comes back with its own errors and input, status 422.

use std::collections::BTreeMap;

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    response::{Html, Response},
    Form,
};
use serde::{Deserialize, Serialize};
use zicht_domain::text::dmy;
use zicht_domain::{
    reintegration::{
        letters::{LetterTemplate, PLACEHOLDERS},
        outflow::OutflowReason,
        sanction::LegalBasis,
        work::{EmployerContactKind, MediationResult, MediationStep, Sector, VacancyStatus},
    },
    ClientId, EmployerId, VacancyId,
};
use zicht_storage::{CareOrganisation, ClientCard, Employer, EmployerDetail};

use super::{
    filters,
    paging::Paging,
    path_id, render, render_invalid,
    saved::{see_other, Saved},
    Errors, Layout,
};
use crate::{
    actor::Acting,
    i18n::{Label, Tr},
    AppState, WebResult,
};
use zicht_acts::clients::FileView;
use zicht_acts::letters::LetterInput;
use zicht_acts::work::{
    CheckInInput, DecisionInput, EmployerContactInput, EmployerInput, MediationEndInput,
    MediationStepInput, OutflowInput, PlacementEndInput, PlacementInput, ProposalInput,
    SanctionInput, TemplateInput, VacancyInput, VacancyStatusInput, VacancyView, WishesInput,
};

/// The form that failed on a page with several, what was typed into it,
/// and its errors; empty when the page is shown fresh.
#[derive(Default)]
pub struct Failed {
    form: String,
    values: BTreeMap<String, String>,
    errors: Errors,
}

impl Failed {
    fn of<T: Serialize>(form: impl Into<String>, input: &T, errors: Errors) -> Failed {
        let values = match serde_json::to_value(input) {
            Ok(serde_json::Value::Object(m)) => m
                .into_iter()
                .map(|(k, v)| {
                    let text = match v {
                        serde_json::Value::String(s) => s,
                        serde_json::Value::Array(a) => a
                            .iter()
                            .filter_map(|x| x.as_str())
                            .collect::<Vec<_>>()
                            .join(","),
                        other => other.to_string(),
                    };
                    (k, text)
                })
                .collect(),
            _ => BTreeMap::new(),
        };
        Failed {
            form: form.into(),
            values,
            errors,
        }
    }
    /// What was typed into `field` of `form`, if that form failed.
    pub fn v(&self, form: &str, field: &str) -> String {
        if self.form == form {
            self.values.get(field).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    }
    pub fn err(&self, form: &str, field: &str) -> Option<&'static str> {
        (self.form == form)
            .then(|| self.errors.get(field))
            .flatten()
    }
    pub fn general(&self, form: &str) -> Option<String> {
        (self.form == form)
            .then(|| self.errors.general.clone())
            .flatten()
    }
    pub fn any(&self, form: &str) -> bool {
        self.form == form && self.errors.any()
    }
}

/// Options of a `<select>` or radio buttons: each code with its name.
fn options<T: Label>(all: &[T]) -> Vec<(&'static str, &'static str)> {
    let tr = Tr::current();
    all.iter().map(|x| (x.code(), tr.label(x))).collect()
}

fn sectors() -> Vec<(&'static str, &'static str)> {
    options(&Sector::ALL)
}

// --- employers -----------------------------------------------------------------------

#[derive(Template)]
#[template(path = "employers.html")]
struct EmployersPage {
    l: Layout,
    employers: Vec<Employer>,
    sectors: Vec<(&'static str, &'static str)>,
    f: Failed,
}

async fn employers_page(state: &AppState, acting: &Acting, f: Failed) -> WebResult<EmployersPage> {
    Ok(EmployersPage {
        l: Layout::new(state, acting, "employers.title").await?,
        employers: state
            .store
            .employers(acting.organisation_id, acting.today())
            .await?,
        sectors: sectors(),
        f,
    })
}

pub async fn employers(State(state): State<AppState>, acting: Acting) -> WebResult<Html<String>> {
    render(&employers_page(&state, &acting, Failed::default()).await?)
}

pub async fn employer_submit(
    State(state): State<AppState>,
    acting: Acting,
    Form(form): Form<EmployerInput>,
) -> WebResult<Response> {
    match state.acts.create_employer(&acting, form.clone()).await {
        Ok(id) => Ok(see_other(&format!("/werkgevers/{}", id.0), Saved::Employer)),
        Err(e) => {
            let f = Failed::of("employer", &form, Errors::from_web(e)?);
            render_invalid(&employers_page(&state, &acting, f).await?)
        }
    }
}

#[derive(Template)]
#[template(path = "employer.html")]
struct EmployerPage {
    l: Layout,
    e: EmployerDetail,
    kinds: Vec<(&'static str, &'static str)>,
    sectors: Vec<(&'static str, &'static str)>,
    today: String,
    f: Failed,
}

async fn employer_page(
    state: &AppState,
    acting: &Acting,
    id: EmployerId,
    f: Failed,
) -> WebResult<EmployerPage> {
    Ok(EmployerPage {
        l: Layout::new(state, acting, "employers.title").await?,
        e: state
            .store
            .employer(acting.organisation_id, id, acting.today())
            .await?,
        kinds: options(&EmployerContactKind::ALL),
        sectors: sectors(),
        today: dmy(acting.today()),
        f,
    })
}

pub async fn employer(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Html<String>> {
    let id = EmployerId(path_id(&raw)?);
    render(&employer_page(&state, &acting, id, Failed::default()).await?)
}

pub async fn employer_contact_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<EmployerContactInput>,
) -> WebResult<Response> {
    let id = EmployerId(path_id(&raw)?);
    match state
        .acts
        .record_employer_contact(&acting, id, form.clone())
        .await
    {
        Ok(()) => Ok(see_other(
            &format!("/werkgevers/{}#contacten", id.0),
            Saved::EmployerContact,
        )),
        Err(e) => {
            let f = Failed::of("contact", &form, Errors::from_web(e)?);
            render_invalid(&employer_page(&state, &acting, id, f).await?)
        }
    }
}

pub async fn vacancy_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<VacancyInput>,
) -> WebResult<Response> {
    let id = EmployerId(path_id(&raw)?);
    match state.acts.create_vacancy(&acting, id, form.clone()).await {
        Ok(v) => Ok(see_other(&format!("/vacatures/{}", v.0), Saved::Vacancy)),
        Err(e) => {
            let f = Failed::of("vacancy", &form, Errors::from_web(e)?);
            render_invalid(&employer_page(&state, &acting, id, f).await?)
        }
    }
}

// --- a vacancy and its matches ---------------------------------------------------------

/// How many suggested clients a vacancy page shows at once. A busy
/// organisation has hundreds of ready clients who fit an ordinary job; one
/// page of them is readable, and only the files shown are logged as read.
const SUGGESTIONS_PER_PAGE: usize = 20;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct VacancyQuery {
    /// Which page of suggestions, from 1; anything else shows the first.
    pagina: String,
}

#[derive(Template)]
#[template(path = "vacancy.html")]
struct VacancyPage {
    l: Layout,
    /// The vacancy, its proposals and this page of the suggestions the
    /// viewer may read.
    v: VacancyView,
    paging: Paging,
    statuses: Vec<(&'static str, &'static str)>,
    f: Failed,
}

async fn vacancy_page(
    state: &AppState,
    acting: &Acting,
    id: VacancyId,
    page: &str,
    f: Failed,
) -> WebResult<VacancyPage> {
    // The page asked for is kept within the pages there turn out to be.
    let mut paging = Paging::of(page, 0, SUGGESTIONS_PER_PAGE);
    let v = state
        .acts
        .vacancy_view(acting, id, |total| {
            paging = Paging::of(page, total, SUGGESTIONS_PER_PAGE);
            paging.window()
        })
        .await?;
    Ok(VacancyPage {
        l: Layout::new(state, acting, "vacancy.title").await?,
        paging,
        statuses: options(&VacancyStatus::ALL),
        v,
        f,
    })
}

pub async fn vacancy(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Query(q): Query<VacancyQuery>,
) -> WebResult<Html<String>> {
    let id = VacancyId(path_id(&raw)?);
    render(&vacancy_page(&state, &acting, id, &q.pagina, Failed::default()).await?)
}

pub async fn propose(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<ProposalInput>,
) -> WebResult<Response> {
    let id = VacancyId(path_id(&raw)?);
    match state.acts.propose(&acting, id, form.clone()).await {
        Ok(_) => {
            let client = form.client_id.trim();
            Ok(see_other(
                &format!("/klanten/{client}/werk#bemiddeling"),
                Saved::Proposed,
            ))
        }
        // Not allowed to change that client: an access refusal, not a form error.
        Err(zicht_storage::StoreError::Rule(d)) if d.kind == zicht_domain::ErrorKind::Forbidden => {
            Err(d.into())
        }
        Err(e) => {
            let f = Failed::of("propose", &form, Errors::from_web(e)?);
            render_invalid(&vacancy_page(&state, &acting, id, "1", f).await?)
        }
    }
}

pub async fn vacancy_status(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<VacancyStatusInput>,
) -> WebResult<Response> {
    let id = VacancyId(path_id(&raw)?);
    match state
        .acts
        .set_vacancy_status(&acting, id, form.clone())
        .await
    {
        Ok(()) => Ok(see_other(
            &format!("/vacatures/{}", id.0),
            Saved::VacancyStatus,
        )),
        Err(e) => {
            let f = Failed::of("status", &form, Errors::from_web(e)?);
            render_invalid(&vacancy_page(&state, &acting, id, "1", f).await?)
        }
    }
}

// --- a client's work -------------------------------------------------------------------

#[derive(Template)]
#[template(path = "client_work.html")]
struct WorkPage {
    l: Layout,
    c: ClientCard,
    may_change: bool,
    sectors: Vec<(&'static str, &'static str)>,
    steps: Vec<(&'static str, &'static str)>,
    results: Vec<(&'static str, &'static str)>,
    reasons: Vec<(&'static str, &'static str)>,
    volunteering: Vec<CareOrganisation>,
    aftercare_months: u32,
    f: Failed,
}

impl WorkPage {
    fn wished(&self, sector: &str) -> bool {
        if self.f.form == "wishes" {
            return self
                .f
                .v("wishes", "sectors")
                .split(',')
                .any(|s| s == sector);
        }
        self.c
            .work
            .wishes
            .as_ref()
            .is_some_and(|w| w.sectors.iter().any(|s| s.as_str() == sector))
    }
    fn wish_hours(&self, field: &str) -> String {
        if self.f.form == "wishes" {
            return self.f.v("wishes", field);
        }
        let w = self.c.work.wishes.as_ref();
        let h = if field == "min_hours" {
            w.and_then(|w| w.min_hours)
        } else {
            w.and_then(|w| w.max_hours)
        };
        h.map(|h| h.to_string()).unwrap_or_default()
    }
    /// The error of a form that belongs to one row (`step-3`, `end-3`).
    fn row_err(
        &self,
        prefix: &str,
        id: impl std::fmt::Display,
        field: &str,
    ) -> Option<&'static str> {
        self.f.err(&format!("{prefix}-{id}"), field)
    }
    fn row_v(&self, prefix: &str, id: impl std::fmt::Display, field: &str) -> String {
        self.f.v(&format!("{prefix}-{id}"), field)
    }
    fn row_general(&self, prefix: &str, id: impl std::fmt::Display) -> Option<String> {
        self.f.general(&format!("{prefix}-{id}"))
    }
    /// Whether the form of this row failed (to keep its `<details>` open).
    fn row_failed(&self, prefix: &str, id: impl std::fmt::Display) -> bool {
        self.f.form == format!("{prefix}-{id}")
    }
    fn sector_names(&self) -> String {
        match &self.c.work.wishes {
            Some(w) if !w.sectors.is_empty() => w
                .sectors
                .iter()
                .map(|s| self.l.tr.label(s))
                .collect::<Vec<_>>()
                .join(", "),
            _ => String::new(),
        }
    }
}

async fn work_page(
    state: &AppState,
    acting: &Acting,
    id: ClientId,
    f: Failed,
) -> WebResult<WorkPage> {
    let viewed = state.acts.view(acting, id, FileView::Work).await?;
    let c = viewed.card;
    let may_change = viewed.may_change;
    let settings = state
        .store
        .organisation(acting.organisation_id)
        .await?
        .settings;
    Ok(WorkPage {
        l: Layout::new(state, acting, "work.title").await?,
        may_change,
        sectors: sectors(),
        steps: options(&MediationStep::ALL),
        results: options(&MediationResult::ALL),
        reasons: options(&OutflowReason::ALL),
        volunteering: state
            .store
            .care_organisations(acting.organisation_id)
            .await?
            .into_iter()
            .filter(|o| o.kind == zicht_domain::reintegration::care::CareKind::Volunteering)
            .collect(),
        aftercare_months: settings.aftercare_months,
        c,
        f,
    })
}

pub async fn client_work(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Html<String>> {
    let id = ClientId(path_id(&raw)?);
    render(&work_page(&state, &acting, id, Failed::default()).await?)
}

fn back_to(id: ClientId, page: &str, anchor: &str, saved: Saved) -> Response {
    see_other(&format!("/klanten/{}/{page}#{anchor}", id.0), saved)
}

/// Checkboxes send `sectors` once per ticked sector, which only a list of
/// pairs can hold.
pub async fn wishes_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let input = WishesInput {
        sectors: pairs
            .iter()
            .filter(|(k, _)| k == "sectors")
            .map(|(_, v)| v.clone())
            .collect(),
        min_hours: get("min_hours"),
        max_hours: get("max_hours"),
        remarks: get("remarks"),
    };
    match state.acts.record_wishes(&acting, id, input.clone()).await {
        Ok(()) => Ok(back_to(id, "werk", "wensen", Saved::Wishes)),
        Err(e) => {
            let f = Failed::of("wishes", &input, Errors::from_web(e)?);
            render_invalid(&work_page(&state, &acting, id, f).await?)
        }
    }
}

pub async fn mediation_step_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path((raw, m)): Path<(String, String)>,
    Form(form): Form<MediationStepInput>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    let m = path_id(&m)?;
    match state
        .acts
        .mediation_step(&acting, id, m, form.clone())
        .await
    {
        Ok(()) => Ok(back_to(
            id,
            "werk",
            &format!("bemiddeling-{m}"),
            Saved::MediationStep,
        )),
        Err(e) => {
            let f = Failed::of(format!("step-{m}"), &form, Errors::from_web(e)?);
            render_invalid(&work_page(&state, &acting, id, f).await?)
        }
    }
}

pub async fn mediation_end_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path((raw, m)): Path<(String, String)>,
    Form(form): Form<MediationEndInput>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    let m = path_id(&m)?;
    match state.acts.end_mediation(&acting, id, m, form.clone()).await {
        Ok(()) => Ok(back_to(
            id,
            "werk",
            &format!("bemiddeling-{m}"),
            Saved::MediationEnded,
        )),
        Err(e) => {
            let f = Failed::of(format!("end-{m}"), &form, Errors::from_web(e)?);
            render_invalid(&work_page(&state, &acting, id, f).await?)
        }
    }
}

pub async fn placement_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<PlacementInput>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    match state
        .acts
        .start_volunteering(&acting, id, form.clone())
        .await
    {
        Ok(_) => Ok(back_to(id, "werk", "vrijwilligerswerk", Saved::Placement)),
        Err(e) => {
            let f = Failed::of("placement", &form, Errors::from_web(e)?);
            render_invalid(&work_page(&state, &acting, id, f).await?)
        }
    }
}

pub async fn placement_end_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path((raw, p)): Path<(String, String)>,
    Form(form): Form<PlacementEndInput>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    let p = path_id(&p)?;
    match state
        .acts
        .end_volunteering(&acting, id, p, form.clone())
        .await
    {
        Ok(()) => Ok(back_to(
            id,
            "werk",
            "vrijwilligerswerk",
            Saved::PlacementEnded,
        )),
        Err(e) => {
            let f = Failed::of(format!("placement-end-{p}"), &form, Errors::from_web(e)?);
            render_invalid(&work_page(&state, &acting, id, f).await?)
        }
    }
}

pub async fn outflow_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<OutflowInput>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    match state.acts.register_outflow(&acting, id, form.clone()).await {
        Ok(()) => Ok(back_to(id, "werk", "uitstroom", Saved::Outflow)),
        Err(e) => {
            let f = Failed::of("outflow", &form, Errors::from_web(e)?);
            render_invalid(&work_page(&state, &acting, id, f).await?)
        }
    }
}

pub async fn check_in_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<CheckInInput>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    match state.acts.check_in(&acting, id, form.clone()).await {
        Ok(()) => Ok(back_to(id, "werk", "nazorg", Saved::CheckIn)),
        Err(e) => {
            let f = Failed::of("check_in", &form, Errors::from_web(e)?);
            render_invalid(&work_page(&state, &acting, id, f).await?)
        }
    }
}

// --- sanctions ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "sanctions.html")]
struct SanctionsPage {
    l: Layout,
    c: ClientCard,
    may_change: bool,
    bases: Vec<(&'static str, &'static str)>,
    f: Failed,
}

impl SanctionsPage {
    fn row_key(id: &zicht_domain::SanctionId) -> String {
        format!("decision-{id}")
    }
    fn row_err(&self, id: &zicht_domain::SanctionId, field: &str) -> Option<&'static str> {
        self.f.err(&Self::row_key(id), field)
    }
    fn row_v(&self, id: &zicht_domain::SanctionId, field: &str) -> String {
        self.f.v(&Self::row_key(id), field)
    }
    fn row_general(&self, id: &zicht_domain::SanctionId) -> Option<String> {
        self.f.general(&Self::row_key(id))
    }
}

async fn sanctions_page(
    state: &AppState,
    acting: &Acting,
    id: ClientId,
    f: Failed,
) -> WebResult<SanctionsPage> {
    let viewed = state.acts.view(acting, id, FileView::Sanctions).await?;
    let c = viewed.card;
    Ok(SanctionsPage {
        l: Layout::new(state, acting, "sanctions.title").await?,
        may_change: viewed.may_change,
        bases: options(&LegalBasis::ALL),
        c,
        f,
    })
}

pub async fn sanctions(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Html<String>> {
    let id = ClientId(path_id(&raw)?);
    render(&sanctions_page(&state, &acting, id, Failed::default()).await?)
}

pub async fn sanction_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<SanctionInput>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    match state
        .acts
        .consider_sanction(&acting, id, form.clone())
        .await
    {
        Ok(s) => Ok(back_to(
            id,
            "maatregelen",
            &format!("maatregel-{}", s.0),
            Saved::Sanction,
        )),
        Err(e) => {
            let f = Failed::of("sanction", &form, Errors::from_web(e)?);
            render_invalid(&sanctions_page(&state, &acting, id, f).await?)
        }
    }
}

pub async fn decision_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path((raw, s)): Path<(String, String)>,
    Form(form): Form<DecisionInput>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    let s = path_id(&s)?;
    match state
        .acts
        .decide_sanction(&acting, id, s, form.clone())
        .await
    {
        Ok(()) => Ok(back_to(
            id,
            "maatregelen",
            &format!("maatregel-{s}"),
            Saved::SanctionDecision,
        )),
        Err(e) => {
            let f = Failed::of(format!("decision-{s}"), &form, Errors::from_web(e)?);
            render_invalid(&sanctions_page(&state, &acting, id, f).await?)
        }
    }
}

// --- letters -----------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "letters.html")]
struct LettersPage {
    l: Layout,
    c: ClientCard,
    may_change: bool,
    templates: Vec<LetterTemplate>,
    f: Failed,
}

async fn letters_page(
    state: &AppState,
    acting: &Acting,
    id: ClientId,
    f: Failed,
) -> WebResult<LettersPage> {
    let viewed = state.acts.view(acting, id, FileView::Letters).await?;
    let c = viewed.card;
    Ok(LettersPage {
        l: Layout::new(state, acting, "letters.title").await?,
        may_change: viewed.may_change,
        templates: state.store.letter_templates(acting.organisation_id).await?,
        c,
        f,
    })
}

pub async fn letters(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Html<String>> {
    let id = ClientId(path_id(&raw)?);
    render(&letters_page(&state, &acting, id, Failed::default()).await?)
}

pub async fn letter_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<LetterInput>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    match state.acts.draft_letter(&acting, id, form.clone()).await {
        Ok(letter) => Ok(see_other(
            &format!("/klanten/{}/brieven/{}", id.0, letter.0),
            Saved::Letter,
        )),
        Err(e) => {
            let f = Failed::of("letter", &form, Errors::from_web(e)?);
            render_invalid(&letters_page(&state, &acting, id, f).await?)
        }
    }
}

#[derive(Template)]
#[template(path = "letter_templates.html")]
struct TemplatesPage {
    l: Layout,
    templates: Vec<LetterTemplate>,
    /// Each placeholder with what it is filled with.
    placeholders: Vec<(&'static str, &'static str)>,
    f: Failed,
}

async fn templates_page(state: &AppState, acting: &Acting, f: Failed) -> WebResult<TemplatesPage> {
    Ok(TemplatesPage {
        l: Layout::new(state, acting, "templates.title").await?,
        templates: state.store.letter_templates(acting.organisation_id).await?,
        placeholders: PLACEHOLDERS
            .iter()
            .map(|p| (*p, Tr::current().placeholder(p)))
            .collect(),
        f,
    })
}

impl TemplatesPage {
    fn title_of(&self, t: &LetterTemplate) -> String {
        if self.f.form == t.key {
            self.f.v(&t.key, "title")
        } else {
            t.title.clone()
        }
    }
    fn body_of(&self, t: &LetterTemplate) -> String {
        if self.f.form == t.key {
            self.f.v(&t.key, "body")
        } else {
            t.body.clone()
        }
    }
}

pub async fn templates(State(state): State<AppState>, acting: Acting) -> WebResult<Html<String>> {
    render(&templates_page(&state, &acting, Failed::default()).await?)
}

pub async fn template_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(key): Path<String>,
    Form(form): Form<TemplateInput>,
) -> WebResult<Response> {
    match state.acts.save_template(&acting, &key, form.clone()).await {
        Ok(()) => Ok(see_other(
            &format!("/beheer/brieven#sjabloon-{key}"),
            Saved::LetterTemplate,
        )),
        Err(e) => {
            let f = Failed::of(key, &form, Errors::from_web(e)?);
            render_invalid(&templates_page(&state, &acting, f).await?)
        }
    }
}
