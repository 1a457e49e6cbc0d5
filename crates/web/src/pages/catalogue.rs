//! Beheer: the catalogue of interventions (in-house modules and products
//! bought from providers), providers with their contracts, the organisations
//! clients are referred to for care or volunteer work, and which phases
//! require which instrument (comply or explain).

use std::collections::BTreeMap;

use askama::Template;
use axum::{
    extract::{Path, State},
    response::{Html, Response},
    Form,
};
use zicht_domain::{
    client::Phase,
    reintegration::{care::CareKind, diagnosis::Instrument, trajectory::CatalogueKind},
};

use super::{
    filters, path_id, render, render_invalid,
    saved::{see_other, Saved},
    Errors, Layout,
};
use crate::{actor::Acting, AppState, WebResult};
use zicht_acts::process::{
    CareOrganisationInput, CatalogueItemInput, CatalogueView, ContractInput, NameInput,
    RequirementInput,
};

/// One cell of the requirement grid: field name, instrument, ticked.
type Cell = (String, &'static str, bool);

#[derive(Template)]
#[template(path = "catalogue.html")]
struct CataloguePage {
    l: Layout,
    v: CatalogueView,
    kinds: Vec<(&'static str, &'static str)>,
    care_kinds: Vec<(&'static str, &'static str)>,
    /// Rows of the requirement grid: phase, its label, and per instrument
    /// (field name, label, ticked).
    grid: Vec<(&'static str, Vec<Cell>)>,
    /// Which form failed and its errors.
    failed: &'static str,
    errors: Errors,
    provider: NameInput,
    item: CatalogueItemInput,
    care: CareOrganisationInput,
}

impl CataloguePage {
    fn err(&self, form: &str, field: &str) -> Option<&'static str> {
        (self.failed == form)
            .then(|| self.errors.get(field))
            .flatten()
    }
    fn general(&self, form: &str) -> Option<String> {
        (self.failed == form)
            .then(|| self.errors.general.clone())
            .flatten()
    }
    fn failed_here(&self, form: &str) -> bool {
        self.failed == form && self.errors.any()
    }
}

#[derive(Default)]
struct Failed {
    form: &'static str,
    errors: Errors,
    provider: NameInput,
    item: CatalogueItemInput,
    care: CareOrganisationInput,
}

async fn page(state: &AppState, acting: &Acting, f: Failed) -> WebResult<CataloguePage> {
    let v = state.acts.catalogue_view(acting).await?;
    let l = Layout::new(state, acting, "catalogue.title").await?;
    let tr = l.tr;
    let grid = Phase::ALL
        .iter()
        .map(|p| {
            let cells = Instrument::ALL
                .iter()
                .map(|i| {
                    let ticked = v
                        .instrument_requirements
                        .iter()
                        .any(|r| r.phase == *p && r.instrument == *i);
                    (
                        format!("{}__{}", p.as_str(), i.as_str()),
                        tr.label(i),
                        ticked,
                    )
                })
                .collect();
            (tr.label(p), cells)
        })
        .collect();
    Ok(CataloguePage {
        l,
        v,
        kinds: CatalogueKind::ALL
            .iter()
            .map(|k| (k.as_str(), tr.label(k)))
            .collect(),
        care_kinds: CareKind::ALL
            .iter()
            .map(|k| (k.as_str(), tr.label(k)))
            .collect(),
        grid,
        failed: f.form,
        errors: f.errors,
        provider: f.provider,
        item: f.item,
        care: f.care,
    })
}

/// Back to the section of the catalogue a form saved, confirming it.
fn back(anchor: &str, saved: Saved) -> Response {
    see_other(&format!("/beheer/catalogus#{anchor}"), saved)
}

pub async fn show(State(state): State<AppState>, acting: Acting) -> WebResult<Html<String>> {
    render(&page(&state, &acting, Failed::default()).await?)
}

pub async fn provider_submit(
    State(state): State<AppState>,
    acting: Acting,
    Form(form): Form<NameInput>,
) -> WebResult<Response> {
    match state.acts.create_provider(&acting, form.clone()).await {
        Ok(_) => Ok(back("aanbieders", Saved::Provider)),
        Err(e) => {
            let f = Failed {
                form: "provider",
                errors: Errors::from_web(e)?,
                provider: form,
                ..Default::default()
            };
            render_invalid(&page(&state, &acting, f).await?)
        }
    }
}

pub async fn contract_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<ContractInput>,
) -> WebResult<Response> {
    let provider = path_id(&raw)?;
    match state.acts.create_contract(&acting, provider, form).await {
        Ok(_) => Ok(back(&format!("aanbieder-{provider}"), Saved::Contract)),
        Err(e) => {
            let f = Failed {
                form: "contract",
                errors: Errors::from_web(e)?,
                ..Default::default()
            };
            render_invalid(&page(&state, &acting, f).await?)
        }
    }
}

pub async fn item_submit(
    State(state): State<AppState>,
    acting: Acting,
    Form(form): Form<CatalogueItemInput>,
) -> WebResult<Response> {
    match state
        .acts
        .create_catalogue_item(&acting, form.clone())
        .await
    {
        Ok(_) => Ok(back("catalogus", Saved::CatalogueItem)),
        Err(e) => {
            let f = Failed {
                form: "item",
                errors: Errors::from_web(e)?,
                item: form,
                ..Default::default()
            };
            render_invalid(&page(&state, &acting, f).await?)
        }
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ActiveForm {
    active: String,
}

pub async fn item_active(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<ActiveForm>,
) -> WebResult<Response> {
    state
        .acts
        .set_item_active(&acting, path_id(&raw)?, form.active == "true")
        .await?;
    Ok(back("catalogus", Saved::CatalogueItemActive))
}

pub async fn care_submit(
    State(state): State<AppState>,
    acting: Acting,
    Form(form): Form<CareOrganisationInput>,
) -> WebResult<Response> {
    match state
        .acts
        .create_care_organisation(&acting, form.clone())
        .await
    {
        Ok(_) => Ok(back("zorg", Saved::CareOrganisation)),
        Err(e) => {
            let f = Failed {
                form: "care",
                errors: Errors::from_web(e)?,
                care: form,
                ..Default::default()
            };
            render_invalid(&page(&state, &acting, f).await?)
        }
    }
}

/// The grid sends one ticked checkbox per `<phase>__<instrument>`.
pub async fn requirements_submit(
    State(state): State<AppState>,
    acting: Acting,
    Form(fields): Form<BTreeMap<String, String>>,
) -> WebResult<Response> {
    let reqs: Vec<RequirementInput> = fields
        .keys()
        .filter_map(|k| k.split_once("__"))
        .map(|(phase, instrument)| RequirementInput {
            phase: phase.to_string(),
            instrument: instrument.to_string(),
        })
        .collect();
    match state.acts.set_requirements(&acting, &reqs).await {
        Ok(()) => Ok(back("instrumenten", Saved::Requirements)),
        Err(e) => {
            let f = Failed {
                form: "requirements",
                errors: Errors::from_web(e)?,
                ..Default::default()
            };
            render_invalid(&page(&state, &acting, f).await?)
        }
    }
}
