//! The team inbox of incoming handovers and the page of one handover, with
//! accept, return and withdraw decided from either; the overdrachtsoverleg's
//! agenda links to the handover's page (`super::meetings`).

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    response::{Html, Response},
    Form,
};
use serde::Deserialize;
use zicht_domain::text::dmy;
use zicht_domain::{handover::HandoverStatus, organisation::Employee, HandoverId, TeamId};
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
    /// Offered to the reader's team: theirs to accept or return.
    pub incoming: bool,
    /// Offered by the reader's team: theirs to withdraw.
    pub outgoing: bool,
    pub pending: bool,
    pub offered_on: String,
    /// Caseworkers of the receiving team, for the accept form.
    pub candidates: Vec<Employee>,
    pub default_employee: i64,
}

impl Item {
    /// Handover `h` as someone of `team` sees it; `casework` are the
    /// employees who can take a client over (never a provider's user or
    /// management).
    fn of(
        h: HandoverView,
        team: TeamId,
        casework: &[Employee],
        me: zicht_domain::EmployeeId,
    ) -> Item {
        let candidates: Vec<Employee> = casework
            .iter()
            .filter(|e| e.team_id == h.to_team.id)
            .cloned()
            .collect();
        // The caseworker named in the offer, else me if I am in the team.
        let default_employee = h
            .to_employee
            .as_ref()
            .map(|e| e.id.0)
            .or_else(|| candidates.iter().find(|e| e.id == me).map(|e| e.id.0))
            .unwrap_or(0);
        Item {
            incoming: h.to_team.id == team,
            outgoing: h.from_team.id == team,
            pending: h.status == HandoverStatus::Pending,
            offered_on: dmy(zicht_domain::calendar::dutch_date(h.offered_at)),
            candidates,
            default_employee,
            h,
        }
    }
}

#[derive(Template)]
#[template(path = "handovers.html")]
struct HandoversPage {
    l: Layout,
    team_name: String,
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
    let filter = HandoverFilter {
        to_team: Some(team),
        status: Some(HandoverStatus::Pending),
        ..Default::default()
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
        .map(|h| Item::of(h, team, &employees, acting.employee.id))
        .collect();
    let back = "/team/inbox".to_string();
    Ok(HandoversPage {
        l: Layout::new(state, acting, "inbox.title").await?,
        team_name,
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
    render(&build(&state, &acting, team, None, String::new()).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecisionForm {
    employee_id: String,
    reason: String,
    /// The page to return to: the inbox or the meeting of a team.
    terug: String,
}

/// Where to go after a decision; only our own pages are allowed. The
/// agenda has no forms of its own: a decision taken on a handover's page
/// goes back to the agenda, and a refused one shows on that page again.
enum Back {
    Inbox,
    Agenda(String),
}

fn back_target(terug: &str) -> Back {
    if let Some(rest) = terug.strip_prefix("/team/overleg") {
        let team = rest
            .strip_prefix("?team=")
            .and_then(|t| t.parse::<i64>().ok());
        Back::Agenda(team.map_or("/team/overleg".to_string(), |t| {
            format!("/team/overleg?team={t}")
        }))
    } else {
        Back::Inbox
    }
}

/// Takes the decision, then back to the page it was taken from; a refusal
/// is shown beside the handover (in the inbox, or on its own page).
async fn decide(
    state: &AppState,
    acting: &Acting,
    id: HandoverId,
    form: &DecisionForm,
    decision: Decision<'_>,
) -> WebResult<Response> {
    let back = back_target(&form.terug);
    let saved = match decision {
        Decision::Accept(_) => Saved::HandoverAccepted,
        Decision::Return(_) => Saved::HandoverReturned,
        Decision::Withdraw => Saved::HandoverWithdrawn,
    };
    match state.acts.decide_handover(acting, id, decision).await {
        Ok(_) => Ok(see_other(
            match &back {
                Back::Inbox => "/team/inbox",
                Back::Agenda(url) => url,
            },
            saved,
        )),
        Err(e) => {
            let errors = Errors::from_web(e)?;
            match back {
                Back::Inbox => {
                    let team = acting.employee.team_id;
                    let page = build(
                        state,
                        acting,
                        team,
                        Some((id.0, errors)),
                        form.reason.clone(),
                    )
                    .await?;
                    super::render_invalid(&page)
                }
                Back::Agenda(url) => {
                    let page =
                        handover_page(state, acting, id, url, errors, form.reason.clone()).await?;
                    super::render_invalid(&page)
                }
            }
        }
    }
}

/// One handover on its own page, with the decisions its side may take: the
/// agenda of the overdrachtsoverleg links here.
#[derive(Template)]
#[template(path = "handover_page.html")]
struct HandoverPage {
    l: Layout,
    i: Item,
    /// The agenda to go back to.
    back: String,
    errors: Errors,
    reason_value: String,
    term: u32,
}

async fn handover_page(
    state: &AppState,
    acting: &Acting,
    id: HandoverId,
    back: String,
    errors: Errors,
    reason_value: String,
) -> WebResult<HandoverPage> {
    let org = acting.organisation_id;
    let h = state.acts.handover(acting, id).await?;
    let term = state
        .store
        .organisation(org)
        .await?
        .settings
        .handover_overdue_working_days;
    let casework: Vec<Employee> = state
        .store
        .employees(org)
        .await?
        .into_iter()
        .filter(|e| e.role.works_with_clients())
        .collect();
    let item = Item::of(h, acting.employee.team_id, &casework, acting.employee.id);
    Ok(HandoverPage {
        l: Layout::new(state, acting, "handover_page.title").await?,
        i: item,
        back,
        errors,
        reason_value,
        term,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct HandoverQuery {
    /// The agenda the page was opened from (`team` of `/team/overleg`);
    /// anything but a number is ignored.
    team: String,
}

pub async fn page(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Query(q): Query<HandoverQuery>,
) -> WebResult<Html<String>> {
    let id = HandoverId(path_id(&raw)?);
    let back = q
        .team
        .trim()
        .parse::<i64>()
        .map_or("/team/overleg".to_string(), |t| {
            format!("/team/overleg?team={t}")
        });
    render(&handover_page(&state, &acting, id, back, Errors::default(), String::new()).await?)
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
