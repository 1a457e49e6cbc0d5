//! Intervision and case consultation: the list of sessions, the form that
//! records one (a few cases and follow-ups, no JavaScript needed), the page
//! of one session, and marking a follow-up done. The acts decide who may
//! and log every client shown.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    response::{Html, Response},
    Form,
};
use zicht_acts::intervision::{CaseBody, FollowUpBody, IntervisionInput, IntervisionView};
use zicht_domain::{
    intervision::IntervisionMethod, organisation::Employee, text::dmy, FollowUpId, IntervisionId,
};
use zicht_storage::{ClientFilter, ClientSummary, IntervisionSummary};

use super::{
    path_id, render, render_invalid,
    saved::{see_other, Saved},
    Errors, Layout,
};
use crate::{actor::Acting, AppState, WebResult};

/// How many cases and follow-ups the form offers at once.
pub const SLOTS: usize = 3;

#[derive(Template)]
#[template(path = "intervision_list.html")]
struct ListPage {
    l: Layout,
    sessions: Vec<IntervisionSummary>,
}

pub async fn list(State(state): State<AppState>, acting: Acting) -> WebResult<Html<String>> {
    let sessions = state.acts.intervisions(&acting).await?;
    render(&ListPage {
        l: Layout::new(&state, &acting, "intervision.title").await?,
        sessions,
    })
}

/// One case slot of the form, as typed.
#[derive(Default, Clone)]
pub struct CaseSlot {
    pub n: usize,
    pub question: String,
    pub advice: String,
    pub client: i64,
}

/// One follow-up slot of the form, as typed.
#[derive(Default, Clone)]
pub struct FollowUpSlot {
    pub n: usize,
    pub owner: i64,
    pub description: String,
    pub due_on: String,
}

#[derive(Template)]
#[template(path = "intervision_form.html")]
struct FormPage {
    l: Layout,
    team_name: String,
    colleagues: Vec<Employee>,
    clients: Vec<ClientSummary>,
    held_on: String,
    method: String,
    participants: Vec<i64>,
    cases: Vec<CaseSlot>,
    follow_ups: Vec<FollowUpSlot>,
    errors: Errors,
}

impl FormPage {
    fn methods(&self) -> [IntervisionMethod; 5] {
        IntervisionMethod::ALL
    }
    fn took_part(&self, id: &zicht_domain::EmployeeId) -> bool {
        self.participants.contains(&id.0)
    }
}

/// What the form holds, as typed.
struct Typed {
    held_on: String,
    method: String,
    participants: Vec<i64>,
    cases: Vec<CaseSlot>,
    follow_ups: Vec<FollowUpSlot>,
}

async fn form_page(
    state: &AppState,
    acting: &Acting,
    typed: Typed,
    errors: Errors,
) -> WebResult<FormPage> {
    let org = acting.organisation_id;
    let team = acting.employee.team_id;
    let team_name = state
        .store
        .teams(org)
        .await?
        .into_iter()
        .find(|t| t.id == team)
        .map(|t| t.name)
        .unwrap_or_default();
    // Casework staff of the organisation, the own team first.
    let mut colleagues: Vec<Employee> = state
        .store
        .employees(org)
        .await?
        .into_iter()
        .filter(|e| e.role.works_with_clients())
        .collect();
    colleagues.sort_by(|a, b| (a.team_id != team, &a.name).cmp(&(b.team_id != team, &b.name)));
    // The team's open clients, to link a case to (each one shown is logged).
    let filter = ClientFilter {
        owner_team: Some(team),
        limit: Some(1000),
        ..Default::default()
    };
    let mut clients = state.acts.clients(acting, &filter, |_| true).await?;
    clients.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(FormPage {
        l: Layout::new(state, acting, "intervision.new_title").await?,
        team_name,
        colleagues,
        clients,
        held_on: typed.held_on,
        method: typed.method,
        participants: typed.participants,
        cases: typed.cases,
        follow_ups: typed.follow_ups,
        errors,
    })
}

fn empty_slots() -> (Vec<CaseSlot>, Vec<FollowUpSlot>) {
    (
        (1..=SLOTS)
            .map(|n| CaseSlot {
                n,
                ..Default::default()
            })
            .collect(),
        (1..=SLOTS)
            .map(|n| FollowUpSlot {
                n,
                ..Default::default()
            })
            .collect(),
    )
}

pub async fn new_form(State(state): State<AppState>, acting: Acting) -> WebResult<Html<String>> {
    let (cases, follow_ups) = empty_slots();
    let typed = Typed {
        held_on: dmy(acting.today()),
        method: String::new(),
        participants: vec![acting.employee.id.0],
        cases,
        follow_ups,
    };
    render(&form_page(&state, &acting, typed, Errors::default()).await?)
}

/// Reads the form: `held_on`, `method`, `participant` once per person
/// ticked, and per slot `n` the fields `question_n`, `advice_n`,
/// `client_n`, `owner_n`, `description_n` and `due_n`.
fn read_form(fields: &[(String, String)]) -> Typed {
    let (mut cases, mut follow_ups) = empty_slots();
    let mut t = Typed {
        held_on: String::new(),
        method: String::new(),
        participants: Vec::new(),
        cases: Vec::new(),
        follow_ups: Vec::new(),
    };
    let slot = |k: &str, prefix: &str| -> Option<usize> {
        k.strip_prefix(prefix)
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| (1..=SLOTS).contains(n))
            .map(|n| n - 1)
    };
    for (k, v) in fields {
        match k.as_str() {
            "held_on" => t.held_on.clone_from(v),
            "method" => t.method.clone_from(v),
            "participant" => {
                if let Ok(id) = v.trim().parse() {
                    t.participants.push(id);
                }
            }
            k => {
                if let Some(i) = slot(k, "question_") {
                    cases[i].question.clone_from(v);
                } else if let Some(i) = slot(k, "advice_") {
                    cases[i].advice.clone_from(v);
                } else if let Some(i) = slot(k, "client_") {
                    cases[i].client = v.trim().parse().unwrap_or(0);
                } else if let Some(i) = slot(k, "owner_") {
                    follow_ups[i].owner = v.trim().parse().unwrap_or(0);
                } else if let Some(i) = slot(k, "description_") {
                    follow_ups[i].description.clone_from(v);
                } else if let Some(i) = slot(k, "due_") {
                    follow_ups[i].due_on.clone_from(v);
                }
            }
        }
    }
    t.cases = cases;
    t.follow_ups = follow_ups;
    t
}

pub async fn submit(
    State(state): State<AppState>,
    acting: Acting,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let typed = read_form(&fields);
    // An empty slot is no case or follow-up; a half-filled one asks for the rest.
    let input = IntervisionInput {
        held_on: typed.held_on.clone(),
        method: typed.method.clone(),
        participants: typed.participants.clone(),
        cases: typed
            .cases
            .iter()
            .filter(|c| {
                !c.question.trim().is_empty() || !c.advice.trim().is_empty() || c.client > 0
            })
            .map(|c| CaseBody {
                question: c.question.clone(),
                advice: c.advice.clone(),
                client_id: (c.client > 0).then_some(c.client),
            })
            .collect(),
        follow_ups: typed
            .follow_ups
            .iter()
            .filter(|f| {
                !f.description.trim().is_empty() || !f.due_on.trim().is_empty() || f.owner > 0
            })
            .map(|f| FollowUpBody {
                owner_id: f.owner,
                description: f.description.clone(),
                due_on: f.due_on.clone(),
            })
            .collect(),
    };
    match state.acts.record_intervision(&acting, &input).await {
        Ok(id) => Ok(see_other(
            &format!("/intervisie/{id}"),
            Saved::IntervisionRecorded,
        )),
        Err(e) => {
            let errors = Errors::from_web(e)?;
            let page = form_page(&state, &acting, typed, errors).await?;
            render_invalid(&page)
        }
    }
}

#[derive(Template)]
#[template(path = "intervision_record.html")]
struct RecordPage {
    l: Layout,
    s: IntervisionView,
    recorded_at: String,
}

pub async fn record(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Html<String>> {
    let id = IntervisionId(path_id(&raw)?);
    let s = state.acts.intervision(&acting, id).await?;
    render(&RecordPage {
        l: Layout::new(&state, &acting, "intervision.record_title").await?,
        recorded_at: super::dmy_hm(zicht_domain::calendar::dutch_time(s.recorded_at)),
        s,
    })
}

/// Where to go back to after marking a follow-up done.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct Back {
    terug: String,
}

/// Marks a follow-up done, then back to its session, or to "Vandaag" with
/// `?terug=vandaag`. The form carries nothing but its CSRF token.
pub async fn finish(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
    Query(back): Query<Back>,
) -> WebResult<Response> {
    let id = FollowUpId(path_id(&raw)?);
    let session = state.acts.finish_follow_up(&acting, id).await?;
    let to = if back.terug == "vandaag" {
        "/vandaag".to_string()
    } else {
        format!("/intervisie/{session}")
    };
    Ok(see_other(&to, Saved::FollowUpDone))
}
