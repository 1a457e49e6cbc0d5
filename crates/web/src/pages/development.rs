//! Professional development: the start page (one's own POP; a team lead the
//! team's people and the team's totals; management the totals per team) and
//! an employee's page with their POP, reviews, trainings and intervision
//! attendance, each with its form. The acts decide who may and log reads by
//! anyone but the employee.

use askama::Template;
use axum::{
    extract::{Path, State},
    response::{Html, Response},
    Form,
};
use zicht_acts::development::{
    ActionInput, DevelopmentView, GoalInput, ReviewInput, TeamDevelopment, TrainingInput,
};
use zicht_domain::{access::Role, organisation::Employee, text::dmy, EmployeeId, PopGoalId};

use super::{
    path_id, render, render_invalid,
    saved::{see_other, Saved},
    Errors, Layout,
};
use crate::{actor::Acting, AppState, WebResult};

#[derive(Template)]
#[template(path = "development_index.html")]
struct IndexPage {
    l: Layout,
    me: i64,
    team: Vec<Employee>,
    totals: Vec<TeamDevelopment>,
}

pub async fn index(State(state): State<AppState>, acting: Acting) -> WebResult<Html<String>> {
    let role = acting.employee.role;
    let team = if role == Role::Teamleider {
        state
            .store
            .employees(acting.organisation_id)
            .await?
            .into_iter()
            .filter(|e| e.team_id == acting.employee.team_id && e.id != acting.employee.id)
            .collect()
    } else {
        Vec::new()
    };
    let totals = if matches!(role, Role::Teamleider | Role::Management) {
        state.acts.development_aggregates(&acting).await?
    } else {
        Vec::new()
    };
    render(&IndexPage {
        l: Layout::new(&state, &acting, "development.title").await?,
        me: acting.employee.id.0,
        team,
        totals,
    })
}

#[derive(Template)]
#[template(path = "development.html")]
struct EmployeePage {
    l: Layout,
    d: DevelopmentView,
    errors: Errors,
    /// What the failed form held, by field name.
    typed: Vec<(String, String)>,
    /// Which form failed: `goal`, `action`, `review`, `training`.
    failed: String,
    today: String,
}

impl EmployeePage {
    fn v(&self, name: &str) -> &str {
        self.typed
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }
    fn is(&self, form: &str) -> bool {
        self.failed == form
    }
}

async fn employee_page(
    state: &AppState,
    acting: &Acting,
    id: EmployeeId,
    errors: Errors,
    typed: Vec<(String, String)>,
    failed: &str,
) -> WebResult<EmployeePage> {
    let d = state.acts.development(acting, id).await?;
    Ok(EmployeePage {
        l: Layout::new(state, acting, "development.employee_title").await?,
        d,
        errors,
        typed,
        failed: failed.to_string(),
        today: dmy(acting.today()),
    })
}

pub async fn employee(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Html<String>> {
    let id = EmployeeId(path_id(&raw)?);
    render(&employee_page(&state, &acting, id, Errors::default(), Vec::new(), "").await?)
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// After a form: back to the page with the confirmation, or the page again
/// with the errors and what was typed.
async fn done(
    state: &AppState,
    acting: &Acting,
    id: EmployeeId,
    result: zicht_acts::Result<()>,
    fields: Vec<(String, String)>,
    form: &str,
) -> WebResult<Response> {
    match result {
        Ok(()) => Ok(see_other(
            &format!("/ontwikkeling/{}", id.0),
            Saved::Development,
        )),
        Err(e) => {
            let errors = Errors::from_web(e)?;
            render_invalid(&employee_page(state, acting, id, errors, fields, form).await?)
        }
    }
}

pub async fn goal(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let id = EmployeeId(path_id(&raw)?);
    let input = GoalInput {
        description: field(&fields, "description").to_string(),
    };
    let r = state
        .acts
        .add_pop_goal(&acting, id, &input)
        .await
        .map(|_| ());
    done(&state, &acting, id, r, fields, "goal").await
}

pub async fn action(
    State(state): State<AppState>,
    acting: Acting,
    Path((raw, goal)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let id = EmployeeId(path_id(&raw)?);
    let goal = PopGoalId(path_id(&goal)?);
    let input = ActionInput {
        description: field(&fields, "description").to_string(),
        due_on: field(&fields, "due_on").to_string(),
    };
    let r = state.acts.add_pop_action(&acting, id, goal, &input).await;
    let form = format!("action_{}", goal.0);
    done(&state, &acting, id, r, fields, &form).await
}

pub async fn review(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let id = EmployeeId(path_id(&raw)?);
    let input = ReviewInput {
        reviewed_on: field(&fields, "reviewed_on").to_string(),
        notes: field(&fields, "notes").to_string(),
    };
    let r = state.acts.record_pop_review(&acting, id, &input).await;
    done(&state, &acting, id, r, fields, "review").await
}

pub async fn training(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let id = EmployeeId(path_id(&raw)?);
    let input = TrainingInput {
        course: field(&fields, "course").to_string(),
        completed_on: field(&fields, "completed_on").to_string(),
        hours: field(&fields, "hours").to_string(),
        certificate: field(&fields, "certificate") == "1",
    };
    let r = state.acts.record_training(&acting, id, &input).await;
    done(&state, &acting, id, r, fields, "training").await
}
