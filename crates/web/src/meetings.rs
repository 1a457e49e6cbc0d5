//! The JSON API of the overdrachtsoverleg's meeting records: list a team's
//! meetings, read one, record one. The acts decide who may (the team's own
//! caseworkers and team lead) and log every client a record names.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use serde::Deserialize;
use zicht_acts::meetings::{MeetingDecisionInput, MeetingInput, MeetingView};
use zicht_domain::{meeting::MeetingId, TeamId};
use zicht_storage::MeetingSummary;

use crate::{
    actor::Acting,
    extract::{path_id, ApiJson, ApiQuery, Created},
    AppState, WebResult,
};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TeamQuery {
    /// The team; the caller's own when absent.
    team: Option<i64>,
}

/// `GET /api/meetings?team=`: the team's meetings, latest first.
pub async fn api_list(
    State(state): State<AppState>,
    acting: Acting,
    ApiQuery(q): ApiQuery<TeamQuery>,
) -> WebResult<Json<Vec<MeetingSummary>>> {
    let team = q.team.map_or(acting.employee.team_id, TeamId);
    Ok(Json(state.acts.meetings(&acting, team).await?))
}

/// A meeting to record, as the API takes it.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewMeetingBody {
    /// The team that met; the caller's own when absent.
    team_id: Option<i64>,
    held_on: String,
    attendees: Vec<i64>,
    decisions: Vec<MeetingDecisionInput>,
}

/// `POST /api/meetings`: records a meeting of the caller's team.
pub async fn api_create(
    State(state): State<AppState>,
    acting: Acting,
    ApiJson(body): ApiJson<NewMeetingBody>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let team = body.team_id.map_or(acting.employee.team_id, TeamId);
    let input = MeetingInput {
        held_on: body.held_on,
        attendees: body.attendees,
        decisions: body.decisions,
    };
    let id = state.acts.record_meeting(&acting, team, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id: id.0 })))
}

/// `GET /api/meetings/{id}`: one meeting, clients named only to who may
/// read them.
pub async fn api_get(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Json<MeetingView>> {
    let id = MeetingId(path_id(&raw)?);
    Ok(Json(state.acts.meeting(&acting, id).await?))
}
