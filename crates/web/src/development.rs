//! The JSON API of professional development: an employee's POP, reviews,
//! trainings and intervision attendance, and the aggregates per team. The
//! acts decide who may (the employee, their team lead; management
//! aggregates only) and log reads by anyone else.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use zicht_acts::development::{
    ActionInput, DevelopmentView, GoalInput, ReviewInput, TeamDevelopment, TrainingInput,
};
use zicht_domain::{EmployeeId, PopGoalId};

use crate::{
    actor::Acting,
    extract::{path_id, ApiJson, Created},
    AppState, WebResult,
};

/// `GET /api/development/{employee}`.
pub async fn api_get(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Json<DevelopmentView>> {
    let id = EmployeeId(path_id(&raw)?);
    Ok(Json(state.acts.development(&acting, id).await?))
}

/// `POST /api/development/{employee}/goals`.
pub async fn api_goal(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<GoalInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let id = EmployeeId(path_id(&raw)?);
    let goal = state.acts.add_pop_goal(&acting, id, &body).await?;
    Ok((StatusCode::CREATED, Json(Created { id: goal.0 })))
}

/// `POST /api/development/{employee}/goals/{goal}/actions`.
pub async fn api_action(
    State(state): State<AppState>,
    acting: Acting,
    Path((raw, goal)): Path<(String, String)>,
    ApiJson(body): ApiJson<ActionInput>,
) -> WebResult<StatusCode> {
    let id = EmployeeId(path_id(&raw)?);
    let goal = PopGoalId(path_id(&goal)?);
    state.acts.add_pop_action(&acting, id, goal, &body).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/development/{employee}/reviews`.
pub async fn api_review(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<ReviewInput>,
) -> WebResult<StatusCode> {
    let id = EmployeeId(path_id(&raw)?);
    state.acts.record_pop_review(&acting, id, &body).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/development/{employee}/trainings`.
pub async fn api_training(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<TrainingInput>,
) -> WebResult<StatusCode> {
    let id = EmployeeId(path_id(&raw)?);
    state.acts.record_training(&acting, id, &body).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/development/aggregates`: per team, for the effectenkaart.
pub async fn api_aggregates(
    State(state): State<AppState>,
    acting: Acting,
) -> WebResult<Json<Vec<TeamDevelopment>>> {
    Ok(Json(state.acts.development_aggregates(&acting).await?))
}
