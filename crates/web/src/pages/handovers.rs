//! The team inbox of incoming handovers and the overdrachtsoverleg agenda,
//! with accept, return and withdraw decided from the page.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    response::{Html, Response},
    Form,
};
use serde::Deserialize;
use zicht_domain::text::dmy;
use zicht_domain::{
    handover::HandoverStatus,
    organisation::{Employee, Team},
    HandoverId, TeamId,
};
use zicht_storage::{HandoverFilter, HandoverView};

use super::{
    path_id, render,
    saved::{see_other, Saved},
    Errors, Layout,
};
use crate::{actor::Acting, AppState, WebError, WebResult};
use zicht_acts::handovers::Decision;

pub struct Item {
    pub h: HandoverView,
    pub incoming: bool,
    pub offered_on: String,
    /// Caseworkers of the receiving team, for the accept form.
    pub candidates: Vec<Employee>,
    pub default_employee: i64,
}

#[derive(Template)]
#[template(path = "handovers.html")]
struct HandoversPage {
    l: Layout,
    meeting: bool,
    team_id: i64,
    team_name: String,
    teams: Vec<Team>,
    items: Vec<Item>,
    back: String,
    /// Errors of a decision that failed, with the handover they belong to.
    failed: Option<(i64, Errors)>,
    reason_value: String,
    /// The organisation's term in working days, and how many wait past it.
    term: u32,
    overdue_count: usize,
}

impl HandoversPage {
    fn error_for(&self, id: &HandoverId, field: &str) -> Option<&'static str> {
        self.failed
            .as_ref()
            .filter(|(h, _)| *h == id.0)
            .and_then(|(_, e)| e.get(field))
    }
    /// The error summary at the top of the page, for a decision that
    /// failed on a handover further down: `(link target, message)`, the
    /// field's own id where there is a field, else the handover's title;
    /// no link when the handover is no longer on the page.
    fn summary(&self) -> Vec<(Option<String>, &str)> {
        let Some((h, errors)) = &self.failed else {
            return Vec::new();
        };
        let shown = self.failed_client().is_some();
        let mut out: Vec<(Option<String>, &str)> = errors
            .fields()
            .iter()
            .map(|(field, message)| {
                let target = match *field {
                    "reason" => format!("return-{h}"),
                    "employee_id" => format!("accept-{h}"),
                    _ => format!("h{h}-title"),
                };
                (shown.then_some(target), *message)
            })
            .collect();
        if let Some(g) = &errors.general {
            out.push((shown.then(|| format!("h{h}-title")), g.as_str()));
        }
        out
    }

    /// The name of the client whose handover the failed decision was on.
    fn failed_client(&self) -> Option<&str> {
        let (h, _) = self.failed.as_ref()?;
        self.items
            .iter()
            .find(|i| i.h.id.0 == *h)
            .map(|i| i.h.client.name.as_str())
    }

    fn general_for(&self, id: &HandoverId) -> Option<&str> {
        self.failed
            .as_ref()
            .filter(|(h, _)| *h == id.0)
            .and_then(|(_, e)| e.general.as_deref())
    }
}

async fn build(
    state: &AppState,
    acting: &Acting,
    meeting: bool,
    team: TeamId,
    failed: Option<(i64, Errors)>,
    reason_value: String,
) -> WebResult<HandoversPage> {
    let org = acting.organisation_id;
    let teams = state.store.teams(org).await?;
    let team_name = teams
        .iter()
        .find(|t| t.id == team)
        .ok_or(WebError::NotFound)?
        .name
        .clone();
    let filter = if meeting {
        HandoverFilter {
            team: Some(team),
            status: Some(HandoverStatus::Pending),
            ..Default::default()
        }
    } else {
        HandoverFilter {
            to_team: Some(team),
            status: Some(HandoverStatus::Pending),
            ..Default::default()
        }
    };
    // Who can take a client over: never a provider's user or management.
    let employees: Vec<_> = state
        .store
        .employees(org)
        .await?
        .into_iter()
        .filter(|e| e.role.works_with_clients())
        .collect();
    let handovers = state.acts.handovers(acting, &filter).await?;
    let term = state
        .store
        .organisation(org)
        .await?
        .settings
        .handover_overdue_working_days;
    let overdue_count = handovers.iter().filter(|h| h.overdue).count();
    let items = handovers
        .into_iter()
        .map(|h| {
            let candidates: Vec<Employee> = employees
                .iter()
                .filter(|e| e.team_id == h.to_team.id)
                .cloned()
                .collect();
            // The caseworker named in the offer, else me if I am in the team.
            let default_employee = h
                .to_employee
                .as_ref()
                .map(|e| e.id.0)
                .or_else(|| {
                    candidates
                        .iter()
                        .find(|e| e.id == acting.employee.id)
                        .map(|e| e.id.0)
                })
                .unwrap_or(0);
            Item {
                incoming: h.to_team.id == team,
                offered_on: dmy(zicht_domain::calendar::dutch_date(h.offered_at)),
                candidates,
                default_employee,
                h,
            }
        })
        .collect();
    let back = if meeting {
        format!("/team/overleg?team={}", team.0)
    } else {
        "/team/inbox".to_string()
    };
    Ok(HandoversPage {
        l: Layout::new(
            state,
            acting,
            if meeting {
                "meeting.title"
            } else {
                "inbox.title"
            },
        )
        .await?,
        meeting,
        team_id: team.0,
        team_name,
        teams,
        items,
        back,
        failed,
        reason_value,
        term,
        overdue_count,
    })
}

pub async fn inbox(State(state): State<AppState>, acting: Acting) -> WebResult<Html<String>> {
    let team = acting.employee.team_id;
    render(&build(&state, &acting, false, team, None, String::new()).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MeetingQuery {
    team: Option<i64>,
}

pub async fn meeting(
    State(state): State<AppState>,
    acting: Acting,
    Query(q): Query<MeetingQuery>,
) -> WebResult<Html<String>> {
    let team = q.team.map(TeamId).unwrap_or(acting.employee.team_id);
    render(&build(&state, &acting, true, team, None, String::new()).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecisionForm {
    employee_id: String,
    reason: String,
    /// The page to return to: the inbox or the meeting of a team.
    terug: String,
}

/// Where to go after a decision; only our own two pages are allowed.
fn back_target(terug: &str) -> (bool, Option<TeamId>, String) {
    if let Some(rest) = terug.strip_prefix("/team/overleg") {
        let team = rest
            .strip_prefix("?team=")
            .and_then(|t| t.parse().ok())
            .map(TeamId);
        let url = team.map_or("/team/overleg".to_string(), |t| {
            format!("/team/overleg?team={}", t.0)
        });
        (true, team, url)
    } else {
        (false, None, "/team/inbox".to_string())
    }
}

/// Takes the decision, then back to the page it was taken on; a refusal is
/// shown there beside the handover.
async fn decide(
    state: &AppState,
    acting: &Acting,
    id: HandoverId,
    form: &DecisionForm,
    decision: Decision<'_>,
) -> WebResult<Response> {
    let (meeting, team, url) = back_target(&form.terug);
    let saved = match decision {
        Decision::Accept(_) => Saved::HandoverAccepted,
        Decision::Return(_) => Saved::HandoverReturned,
        Decision::Withdraw => Saved::HandoverWithdrawn,
    };
    match state.acts.decide_handover(acting, id, decision).await {
        Ok(_) => Ok(see_other(&url, saved)),
        Err(e) => {
            let errors = Errors::from_web(e)?;
            let team = team.unwrap_or(acting.employee.team_id);
            let page = build(
                state,
                acting,
                meeting,
                team,
                Some((id.0, errors)),
                form.reason.clone(),
            )
            .await?;
            super::render_invalid(&page)
        }
    }
}

pub async fn accept(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<DecisionForm>,
) -> WebResult<Response> {
    let id = HandoverId(path_id(&raw)?);
    let employee = form
        .employee_id
        .trim()
        .parse()
        .ok()
        .map(zicht_domain::EmployeeId);
    decide(&state, &acting, id, &form, Decision::Accept(employee)).await
}

pub async fn return_handover(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<DecisionForm>,
) -> WebResult<Response> {
    let id = HandoverId(path_id(&raw)?);
    decide(&state, &acting, id, &form, Decision::Return(&form.reason)).await
}

pub async fn withdraw(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Form(form): Form<DecisionForm>,
) -> WebResult<Response> {
    let id = HandoverId(path_id(&raw)?);
    decide(&state, &acting, id, &form, Decision::Withdraw).await
}
