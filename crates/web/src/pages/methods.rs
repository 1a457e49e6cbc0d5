//! The library of methods and protocols: the list of modules, the form for
//! a new one, and the page of one module with its versions, where the team
//! comments on a concept, the owner changes it and a team lead makes it
//! definitive.

use askama::Template;
use axum::{
    extract::{Path, State},
    response::{Html, Response},
    Form,
};
use zicht_acts::methods::{CommentInput, ModuleInput, VersionInput};
use zicht_domain::{
    method::{
        may_make_definitive, may_write, MethodInstrument, MethodKind, MethodModuleId,
        MethodVersionId,
    },
    organisation::Employee,
    text::dmy,
    ErrorKind,
};
use zicht_storage::{CatalogueItem, StoreError};

#[allow(unused_imports)]
use super::filters;
use super::{
    path_id, render, render_invalid,
    saved::{see_other, Saved},
    Errors, Layout,
};
use crate::{actor::Acting, methods::ModuleView, AppState, WebError, WebResult};

#[derive(Template)]
#[template(path = "methods.html")]
struct ListPage {
    l: Layout,
    modules: Vec<ModuleView>,
}

pub async fn list(State(state): State<AppState>, acting: Acting) -> WebResult<Html<String>> {
    let modules = state.acts.method_library(&acting).await?;
    render(&ListPage {
        l: Layout::new(&state, &acting, "methods.title").await?,
        modules: modules.into_iter().map(ModuleView::from).collect(),
    })
}

#[derive(Template)]
#[template(path = "method_form.html")]
struct NewPage {
    l: Layout,
    owners: Vec<Employee>,
    items: Vec<CatalogueItem>,
    input: ModuleInput,
    errors: Errors,
}

impl NewPage {
    fn kinds(&self) -> [MethodKind; 2] {
        MethodKind::ALL
    }
    fn instruments(&self) -> [MethodInstrument; 3] {
        MethodInstrument::ALL
    }
    fn owner_is(&self, e: &zicht_domain::EmployeeId) -> bool {
        self.input.owner_id == Some(e.0)
    }
    fn item_chosen(&self, i: &zicht_domain::CatalogueItemId) -> bool {
        self.input.catalogue_item_ids.contains(&i.0)
    }
    fn instrument_chosen(&self, i: &MethodInstrument) -> bool {
        self.input.instruments.iter().any(|c| c == i.as_str())
    }
}

async fn new_page(
    state: &AppState,
    acting: &Acting,
    input: ModuleInput,
    errors: Errors,
) -> WebResult<NewPage> {
    let org = acting.organisation_id;
    let owners = state
        .store
        .employees(org)
        .await?
        .into_iter()
        .filter(|e| e.role.works_with_clients())
        .collect();
    let items = state
        .store
        .catalogue(org)
        .await?
        .into_iter()
        .filter(|i| i.active)
        .collect();
    Ok(NewPage {
        l: Layout::new(state, acting, "methods.new").await?,
        owners,
        items,
        input,
        errors,
    })
}

pub async fn new_form(State(state): State<AppState>, acting: Acting) -> WebResult<Html<String>> {
    let input = ModuleInput {
        kind: MethodKind::Protocol.as_str().into(),
        owner_id: Some(acting.employee.id.0),
        effective_on: dmy(acting.today()),
        ..Default::default()
    };
    render(&new_page(&state, &acting, input, Errors::default()).await?)
}

/// Reads the new-module form: repeated `catalogue_item_id` and `instrument`.
fn read_module_form(fields: &[(String, String)]) -> ModuleInput {
    let mut input = ModuleInput::default();
    for (k, v) in fields {
        match k.as_str() {
            "kind" => input.kind.clone_from(v),
            "title" => input.title.clone_from(v),
            "owner_id" => input.owner_id = v.trim().parse().ok(),
            "catalogue_item_id" => {
                if let Ok(id) = v.trim().parse() {
                    input.catalogue_item_ids.push(id);
                }
            }
            "instrument" => input.instruments.push(v.clone()),
            "effective_on" => input.effective_on.clone_from(v),
            "body" => input.body.clone_from(v),
            _ => {}
        }
    }
    input
}

pub async fn new_submit(
    State(state): State<AppState>,
    acting: Acting,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let input = read_module_form(&fields);
    match state.acts.create_method_module(&acting, &input).await {
        Ok((id, _)) => Ok(see_other(
            &format!("/methodieken/{id}"),
            Saved::MethodModule,
        )),
        Err(e) => {
            let errors = Errors::from_web(e)?;
            render_invalid(&new_page(&state, &acting, input, errors).await?)
        }
    }
}

/// Which form on the module page came back with errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failed {
    None,
    Edit,
    Draft,
    Comment,
}

#[derive(Template)]
#[template(path = "method_module.html")]
struct ModulePage {
    l: Layout,
    m: ModuleView,
    /// May the reader write the text (owner or team lead)?
    may_write: bool,
    /// May the reader make a version definitive (a team lead)?
    may_decide: bool,
    failed: Failed,
    /// What was typed in the form that failed.
    effective_on: String,
    body: String,
    errors: Errors,
    /// The text a new version starts from.
    new_body: String,
    new_effective_on: String,
}

impl ModulePage {
    /// The error on `field` of `form`, when that form failed.
    fn err(&self, form: &str, field: &str) -> Option<&'static str> {
        let failed = match self.failed {
            Failed::Edit => "edit",
            Failed::Draft => "draft",
            Failed::Comment => "comment",
            Failed::None => return None,
        };
        (failed == form).then(|| self.errors.get(field)).flatten()
    }
    fn general(&self, form: &str) -> Option<String> {
        let failed = match self.failed {
            Failed::Edit => "edit",
            Failed::Draft => "draft",
            Failed::Comment => "comment",
            Failed::None => return None,
        };
        (failed == form)
            .then(|| self.errors.general.clone())
            .flatten()
    }
    /// The value of a field of the concept's edit form.
    fn edit_value<'a>(&'a self, field: &str, stored: &'a str) -> &'a str {
        if self.failed == Failed::Edit && !self.body.is_empty() {
            if field == "body" {
                &self.body
            } else {
                &self.effective_on
            }
        } else {
            stored
        }
    }
    fn has_concept(&self) -> bool {
        self.m
            .versions
            .iter()
            .any(|v| v.v.status == zicht_domain::method::VersionStatus::Concept)
    }
    fn history_key(&self, kind: &str) -> String {
        format!("history.{kind}")
    }
    fn version_number(&self, id: &Option<MethodVersionId>) -> String {
        id.and_then(|id| self.m.versions.iter().find(|v| v.v.id == id))
            .map(|v| v.v.number.to_string())
            .unwrap_or_default()
    }
}

struct Typed {
    failed: Failed,
    effective_on: String,
    body: String,
    errors: Errors,
}

impl Typed {
    fn none() -> Typed {
        Typed {
            failed: Failed::None,
            effective_on: String::new(),
            body: String::new(),
            errors: Errors::default(),
        }
    }
}

async fn module_page(
    state: &AppState,
    acting: &Acting,
    id: MethodModuleId,
    typed: Typed,
) -> WebResult<ModulePage> {
    let m = state.acts.method_module(acting, id).await?;
    let viewer = acting.viewer();
    let may_write = may_write(&viewer, m.owner.id);
    let base = m
        .in_force()
        .or_else(|| m.versions.first())
        .map(|v| v.body.clone())
        .unwrap_or_default();
    let (new_body, new_effective_on) = if typed.failed == Failed::Draft {
        (typed.body.clone(), typed.effective_on.clone())
    } else {
        (base, dmy(acting.today()))
    };
    let title = m.title.clone();
    let mut l = Layout::new(state, acting, "methods.title").await?;
    l.title = format!("{title} — {}", l.title);
    Ok(ModulePage {
        l,
        m: m.into(),
        may_write,
        may_decide: may_make_definitive(&viewer),
        failed: typed.failed,
        effective_on: typed.effective_on,
        body: typed.body,
        errors: typed.errors,
        new_body,
        new_effective_on,
    })
}

pub async fn module(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Html<String>> {
    let id = MethodModuleId(path_id(&raw)?);
    render(&module_page(&state, &acting, id, Typed::none()).await?)
}

/// After a failed form on the module page: the page again with its errors
/// when the input was wrong (422); a refusal or a conflict is an error page
/// of its own (403, 409) that says what was refused, and nothing changed.
async fn failed(
    state: &AppState,
    acting: &Acting,
    module: MethodModuleId,
    e: StoreError,
    failed: Failed,
    effective_on: String,
    body: String,
) -> WebResult<Response> {
    let invalid = match &e {
        StoreError::Invalid(_) => true,
        StoreError::Rule(d) => d.kind == ErrorKind::Invalid,
        _ => false,
    };
    if !invalid {
        return Err(WebError::from(e));
    }
    let errors = Errors::from_web(e)?;
    let typed = Typed {
        failed,
        effective_on,
        body,
        errors,
    };
    render_invalid(&module_page(state, acting, module, typed).await?)
}

pub async fn draft_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    body: axum::body::Bytes,
) -> WebResult<Response> {
    let module = MethodModuleId(path_id(&raw)?);
    // The module first: an unknown one is not found, whatever the body.
    state.acts.method_module(&acting, module).await?;
    let input: VersionInput =
        serde_urlencoded::from_bytes(&body).map_err(|e| WebError::BadRequest(e.to_string()))?;
    match state
        .acts
        .draft_method_version(&acting, module, None, &input)
        .await
    {
        Ok(v) => Ok(see_other(
            &format!("/methodieken/{module}#versie-{v}"),
            Saved::MethodVersion,
        )),
        Err(e) => {
            failed(
                &state,
                &acting,
                module,
                e,
                Failed::Draft,
                input.effective_on,
                input.body,
            )
            .await
        }
    }
}

pub async fn edit_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(input): Form<VersionInput>,
) -> WebResult<Response> {
    let version = MethodVersionId(path_id(&raw)?);
    let module = state.acts.method_version_module(&acting, version).await?;
    match state
        .acts
        .edit_method_version(&acting, version, &input)
        .await
    {
        Ok(()) => Ok(see_other(
            &format!("/methodieken/{module}#versie-{version}"),
            Saved::MethodVersion,
        )),
        Err(e) => {
            failed(
                &state,
                &acting,
                module,
                e,
                Failed::Edit,
                input.effective_on,
                input.body,
            )
            .await
        }
    }
}

pub async fn comment_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(input): Form<CommentInput>,
) -> WebResult<Response> {
    let version = MethodVersionId(path_id(&raw)?);
    let module = state.acts.method_version_module(&acting, version).await?;
    match state
        .acts
        .comment_method_version(&acting, version, &input)
        .await
    {
        Ok(_) => Ok(see_other(
            &format!("/methodieken/{module}#reacties-{version}"),
            Saved::MethodComment,
        )),
        Err(e) => {
            failed(
                &state,
                &acting,
                module,
                e,
                Failed::Comment,
                String::new(),
                input.body,
            )
            .await
        }
    }
}

pub async fn definitive_submit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Response> {
    let version = MethodVersionId(path_id(&raw)?);
    let module = state.acts.method_version_module(&acting, version).await?;
    match state
        .acts
        .make_method_version_definitive(&acting, version)
        .await
    {
        Ok(()) => Ok(see_other(
            &format!("/methodieken/{module}#versie-{version}"),
            Saved::MethodDefinitive,
        )),
        Err(e) => {
            failed(
                &state,
                &acting,
                module,
                e,
                Failed::Edit,
                String::new(),
                String::new(),
            )
            .await
        }
    }
}
