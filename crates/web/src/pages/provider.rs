//! The provider's own view: the clients referred to their organisation, and
//! for each only what the work needs (who, which intervention towards which
//! goal, who the caseworker is) with a form for progress reports.

use askama::Template;
use axum::{
    extract::{Path, State},
    response::{Html, Response},
    Form,
};
use zicht_domain::text::dmy;
use zicht_domain::ClientId;
use zicht_storage::{ProviderClientSummary, ProviderClientView};

use super::{
    filters, path_id, render, render_invalid,
    saved::{see_other, Saved},
    Errors, Layout,
};
use crate::{actor::Acting, AppState, WebResult};
use zicht_acts::{process::ProgressInput, provider::provider_of};

#[derive(Template)]
#[template(path = "provider_clients.html")]
struct ListPage {
    l: Layout,
    provider: String,
    clients: Vec<ProviderClientSummary>,
}

async fn provider_name(state: &AppState, acting: &Acting) -> WebResult<String> {
    let id = provider_of(acting)?;
    Ok(state
        .store
        .providers(acting.organisation_id)
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .map(|p| p.name)
        .unwrap_or_default())
}

pub async fn clients(State(state): State<AppState>, acting: Acting) -> WebResult<Html<String>> {
    let clients = state.acts.provider_clients(&acting).await?;
    render(&ListPage {
        l: Layout::new(&state, &acting, "provider.title").await?,
        provider: provider_name(&state, &acting).await?,
        clients,
    })
}

#[derive(Template)]
#[template(path = "provider_client.html")]
struct ClientPage {
    l: Layout,
    c: ProviderClientView,
    form: ProgressInput,
    errors: Errors,
}

impl ClientPage {
    fn goal_of(&self, goal: &Option<zicht_domain::GoalId>) -> String {
        goal.and_then(|g| self.c.goals.iter().find(|x| x.id == g))
            .map(|g| g.description.clone())
            .unwrap_or_default()
    }
}

async fn client_page(
    state: &AppState,
    acting: &Acting,
    id: ClientId,
    mut form: ProgressInput,
    errors: Errors,
) -> WebResult<ClientPage> {
    let c = state.acts.provider_client(acting, id).await?;
    if form.on.is_empty() {
        form.on = dmy(acting.today());
    }
    if form.intervention_id.is_empty() {
        if let Some(i) = c.interventions.iter().find(|i| i.ended_on.is_none()) {
            form.intervention_id = i.id.0.to_string();
        }
    }
    Ok(ClientPage {
        l: Layout::new(state, acting, "provider.client_title").await?,
        c,
        form,
        errors,
    })
}

pub async fn client(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Html<String>> {
    let id = ClientId(path_id(&raw)?);
    render(
        &client_page(
            &state,
            &acting,
            id,
            ProgressInput::default(),
            Errors::default(),
        )
        .await?,
    )
}

pub async fn report(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<ProgressInput>,
) -> WebResult<Response> {
    let id = ClientId(path_id(&raw)?);
    match state.acts.report_progress(&acting, id, form.clone()).await {
        Ok(()) => Ok(see_other(
            &format!("/aanbieder/klanten/{}#rapportages", id.0),
            Saved::ProgressReport,
        )),
        Err(e) => {
            let errors = Errors::from_web(e)?;
            render_invalid(&client_page(&state, &acting, id, form, errors).await?)
        }
    }
}
