//! The JSON API of the library of methods and protocols: list and read
//! modules, create one, start a new version, change a concept, comment on
//! it, make it definitive. The acts decide who may; a version's markdown is
//! sent as typed (`body`) and as safe HTML (`body_html`).

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use zicht_acts::methods::{CommentInput, ModuleInput, VersionInput};
use zicht_domain::{
    method::{MethodInstrument, MethodKind, MethodModuleId, MethodVersionId},
    CatalogueItemId, EmployeeId,
};
use zicht_storage::{MethodHistoryEntry, MethodModule, MethodVersion, NamedRef};

use crate::{
    actor::Acting,
    extract::{path_id, ApiJson, Created},
    markdown::to_safe_html,
    AppState, WebResult,
};

/// A module as the API and the pages show it: each version's text also as
/// safe HTML.
#[derive(Debug, Clone, Serialize)]
pub struct ModuleView {
    pub id: MethodModuleId,
    pub kind: MethodKind,
    pub title: String,
    pub owner: NamedRef<EmployeeId>,
    pub catalogue_items: Vec<NamedRef<CatalogueItemId>>,
    pub instruments: Vec<MethodInstrument>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub versions: Vec<VersionView>,
    pub history: Vec<MethodHistoryEntry>,
}

/// A version with its text rendered.
#[derive(Debug, Clone, Serialize)]
pub struct VersionView {
    #[serde(flatten)]
    pub v: MethodVersion,
    pub body_html: String,
}

impl From<MethodModule> for ModuleView {
    fn from(m: MethodModule) -> Self {
        ModuleView {
            id: m.id,
            kind: m.kind,
            title: m.title,
            owner: m.owner,
            catalogue_items: m.catalogue_items,
            instruments: m.instruments,
            created_at: m.created_at,
            versions: m
                .versions
                .into_iter()
                .map(|v| VersionView {
                    body_html: to_safe_html(&v.body),
                    v,
                })
                .collect(),
            history: m.history,
        }
    }
}

/// `GET /api/methods`: every module with its versions, by title.
pub async fn api_list(
    State(state): State<AppState>,
    acting: Acting,
) -> WebResult<Json<Vec<ModuleView>>> {
    let modules = state.acts.method_library(&acting).await?;
    Ok(Json(modules.into_iter().map(ModuleView::from).collect()))
}

/// `POST /api/methods`: a new module with its first version, a concept.
pub async fn api_create(
    State(state): State<AppState>,
    acting: Acting,
    ApiJson(body): ApiJson<ModuleInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let (id, _) = state.acts.create_method_module(&acting, &body).await?;
    Ok((StatusCode::CREATED, Json(Created { id: id.0 })))
}

/// `GET /api/methods/{id}`: one module with versions, comments and history.
pub async fn api_get(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Json<ModuleView>> {
    let id = MethodModuleId(path_id(&raw)?);
    Ok(Json(state.acts.method_module(&acting, id).await?.into()))
}

/// A new version, as the API takes it.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewVersionBody {
    /// The version it starts from; the latest definitive one when absent.
    based_on_version_id: Option<i64>,
    effective_on: String,
    body: String,
}

/// `POST /api/methods/{id}/versions`: starts a new concept.
pub async fn api_draft(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<NewVersionBody>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let module = MethodModuleId(path_id(&raw)?);
    let input = VersionInput {
        effective_on: body.effective_on,
        body: body.body,
    };
    let id = state
        .acts
        .draft_method_version(
            &acting,
            module,
            body.based_on_version_id.map(MethodVersionId),
            &input,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(Created { id: id.0 })))
}

/// `PUT /api/method-versions/{id}`: changes a concept; a definitive version
/// is refused (409) and stays as it was.
pub async fn api_edit(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<VersionInput>,
) -> WebResult<StatusCode> {
    let id = MethodVersionId(path_id(&raw)?);
    state.acts.edit_method_version(&acting, id, &body).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/method-versions/{id}/comments`: a comment on a concept.
pub async fn api_comment(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<CommentInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let id = MethodVersionId(path_id(&raw)?);
    let c = state
        .acts
        .comment_method_version(&acting, id, &body)
        .await?;
    Ok((StatusCode::CREATED, Json(Created { id: c.0 })))
}

/// `POST /api/method-versions/{id}/definitive`: a team lead makes a concept
/// definitive; anyone else is refused (403).
pub async fn api_definitive(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<StatusCode> {
    let id = MethodVersionId(path_id(&raw)?);
    state
        .acts
        .make_method_version_definitive(&acting, id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
