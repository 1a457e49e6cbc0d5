//! The JSON API of intervision and case consultation: list the sessions the
//! caller may read, read one, record one, mark a follow-up done, and the
//! counts per quarter for the effectenkaart. The acts decide who may and
//! log every client a session names.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use serde::Deserialize;
use zicht_acts::intervision::{IntervisionCounts, IntervisionInput, IntervisionView};
use zicht_domain::{FollowUpId, IntervisionId};
use zicht_storage::IntervisionSummary;

use crate::{
    actor::Acting,
    extract::{path_id, ApiJson, ApiQuery, Created},
    AppState, WebResult,
};

/// `GET /api/intervision`: the sessions of the caller's team and those the
/// caller took part in, latest first.
pub async fn api_list(
    State(state): State<AppState>,
    acting: Acting,
) -> WebResult<Json<Vec<IntervisionSummary>>> {
    Ok(Json(state.acts.intervisions(&acting).await?))
}

/// `POST /api/intervision`: records a session of the caller's team.
pub async fn api_create(
    State(state): State<AppState>,
    acting: Acting,
    ApiJson(body): ApiJson<IntervisionInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let id = state.acts.record_intervision(&acting, &body).await?;
    Ok((StatusCode::CREATED, Json(Created { id: id.0 })))
}

/// `GET /api/intervision/{id}`: one session, clients named only to who may
/// read them.
pub async fn api_get(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Json<IntervisionView>> {
    let id = IntervisionId(path_id(&raw)?);
    Ok(Json(state.acts.intervision(&acting, id).await?))
}

/// `POST /api/intervision/follow-ups/{id}/done`: marks a follow-up done.
pub async fn api_finish(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<StatusCode> {
    let id = FollowUpId(path_id(&raw)?);
    state.acts.finish_follow_up(&acting, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PeriodQuery {
    from: String,
    to: String,
}

/// `GET /api/intervision/counts?from=&to=`: sessions per team and
/// attendance per caseworker, per quarter.
pub async fn api_counts(
    State(state): State<AppState>,
    acting: Acting,
    ApiQuery(q): ApiQuery<PeriodQuery>,
) -> WebResult<Json<IntervisionCounts>> {
    let (from, to) = zicht_acts::intervision::counts_period(&q.from, &q.to, acting.today())?;
    Ok(Json(
        state.acts.intervision_counts(&acting, from, to).await?,
    ))
}
