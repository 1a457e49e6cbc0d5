//! Zoeken: one search over the organisation's open clients, by BSN or by a
//! part of the name. The term is posted, never put in the address; a client
//! the searcher may not read shows name, team and caseworker only, enough to
//! route a phone call.

use askama::Template;
use axum::{
    extract::{Form, State},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use zicht_acts::clients::{SearchHit, SEARCH_LIMIT};

use super::{render, render_invalid, Errors, Layout};
use crate::{actor::Acting, AppState, WebResult};

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    l: Layout,
    q: String,
    searched: bool,
    hits: Vec<SearchHit>,
    more: bool,
    limit: usize,
    errors: Errors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SearchForm {
    q: String,
}

async fn search_page(state: &AppState, acting: &Acting, q: String) -> WebResult<SearchPage> {
    Ok(SearchPage {
        l: Layout::new(state, acting, "search.title").await?,
        q,
        searched: false,
        hits: Vec::new(),
        more: false,
        limit: SEARCH_LIMIT,
        errors: Errors::default(),
    })
}

pub async fn page(State(state): State<AppState>, acting: Acting) -> WebResult<Response> {
    Ok(render(&search_page(&state, &acting, String::new()).await?)?.into_response())
}

pub async fn submit(
    State(state): State<AppState>,
    acting: Acting,
    Form(form): Form<SearchForm>,
) -> WebResult<Response> {
    let result = state.acts.search(&acting, &form.q).await;
    let mut p = search_page(&state, &acting, form.q).await?;
    match result {
        Ok(r) => {
            p.searched = true;
            p.hits = r.hits;
            p.more = r.more;
            Ok(render(&p)?.into_response())
        }
        Err(e) => {
            p.errors = Errors::from_web(e)?;
            render_invalid(&p)
        }
    }
}
