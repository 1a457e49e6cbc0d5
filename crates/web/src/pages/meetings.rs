//! The overdrachtsoverleg as a meeting: a compact agenda (sections, filters
//! as GET parameters without personal data, a print view), the form that
//! records a meeting, and the page of one recorded meeting.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    response::{Html, Response},
    Form,
};
use serde::Deserialize;
use zicht_acts::meetings::{
    AgendaFilter, AgendaItem, MeetingDecisionInput, MeetingInput, MeetingView,
};
use zicht_domain::{
    meeting::{AgendaSection, MeetingId, MeetingOutcome},
    organisation::{Employee, Team},
    text::dmy,
    EmployeeId, TeamId,
};
use zicht_storage::MeetingSummary;

use super::{
    path_id, render, render_invalid,
    saved::{see_other, Saved},
    Errors, Layout,
};
use crate::{actor::Acting, AppState, WebError, WebResult};

/// The longest a reason gets on an agenda line.
const SHORT_REASON: usize = 80;

/// The agenda's filters, as the address carries them: codes and ids only.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AgendaQuery {
    team: Option<String>,
    sectie: String,
    te_laat: String,
    klantmanager: String,
    afdruk: String,
}

/// One section of the agenda with its lines.
pub struct Section {
    pub section: AgendaSection,
    pub items: Vec<AgendaItem>,
}

#[derive(Template)]
#[template(path = "meeting_agenda.html")]
struct AgendaPage {
    l: Layout,
    team_id: i64,
    team_name: String,
    teams: Vec<Team>,
    caseworkers: Vec<Employee>,
    sections: Vec<Section>,
    section: String,
    overdue_only: bool,
    caseworker: i64,
    /// The address of this view, for the print link.
    print_url: String,
    overdue_count: usize,
    term: u32,
    /// Whether the reader takes part in this team's meeting (records it,
    /// sees its earlier meetings).
    member: bool,
    meetings: Vec<MeetingSummary>,
    shown: usize,
}

#[derive(Template)]
#[template(path = "meeting_print.html")]
struct PrintPage {
    l: Layout,
    team_name: String,
    sections: Vec<Section>,
    today: String,
    term: u32,
    shown: usize,
}

impl AgendaPage {
    fn all_sections(&self) -> [AgendaSection; 4] {
        AgendaSection::ALL
    }
}

/// The date as Dutch users write it.
pub(crate) fn d(date: &time::Date) -> String {
    dmy(*date)
}

/// A reason cut to one agenda line.
pub(crate) fn short(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() > SHORT_REASON || text.lines().count() > 1 {
        let cut: String = line.chars().take(SHORT_REASON).collect();
        format!("{}…", cut.trim_end())
    } else {
        line.to_string()
    }
}

fn sections(items: Vec<AgendaItem>) -> Vec<Section> {
    AgendaSection::ALL
        .iter()
        .map(|s| Section {
            section: *s,
            items: items.iter().filter(|i| i.section == *s).cloned().collect(),
        })
        .collect()
}

pub async fn agenda(
    State(state): State<AppState>,
    acting: Acting,
    Query(q): Query<AgendaQuery>,
) -> WebResult<Response> {
    use axum::response::IntoResponse;
    let org = acting.organisation_id;
    let team = q
        .team
        .as_deref()
        .and_then(|t| t.trim().parse().ok())
        .map_or(acting.employee.team_id, TeamId);
    let teams = state.store.teams(org).await?;
    let team_name = teams
        .iter()
        .find(|t| t.id == team)
        .ok_or(WebError::NotFound)?
        .name
        .clone();
    let section = AgendaSection::parse(&q.sectie);
    let overdue_only = q.te_laat == "1";
    let caseworker = q.klantmanager.trim().parse::<i64>().ok().map(EmployeeId);
    let filter = AgendaFilter {
        section,
        overdue_only,
        caseworker,
    };
    let agenda = state.acts.meeting_agenda(&acting, team, filter).await?;
    let shown = agenda.items.len();
    let overdue_count = agenda
        .items
        .iter()
        .filter(|i| i.section == AgendaSection::Overdue)
        .count();
    let sections = sections(agenda.items);
    if q.afdruk == "1" {
        let page = PrintPage {
            l: Layout::new(&state, &acting, "meeting.print_title").await?,
            team_name,
            sections,
            today: dmy(acting.today()),
            term: agenda.term,
            shown,
        };
        return Ok(render(&page)?.into_response());
    }
    let member = zicht_domain::meeting::may_attend(&acting.viewer(), team);
    let meetings = if member {
        state.acts.meetings(&acting, team).await?
    } else {
        Vec::new()
    };
    let caseworkers: Vec<Employee> = state
        .store
        .employees(org)
        .await?
        .into_iter()
        .filter(|e| e.team_id == team && e.role.works_with_clients())
        .collect();
    let mut params = vec![format!("team={}", team.0)];
    if let Some(s) = section {
        params.push(format!("sectie={}", s.as_str()));
    }
    if overdue_only {
        params.push("te_laat=1".into());
    }
    if let Some(c) = caseworker {
        params.push(format!("klantmanager={}", c.0));
    }
    params.push("afdruk=1".into());
    let page = AgendaPage {
        l: Layout::new(&state, &acting, "meeting.title").await?,
        team_id: team.0,
        team_name,
        teams,
        caseworkers,
        sections,
        section: section.map(|s| s.as_str().to_string()).unwrap_or_default(),
        overdue_only,
        caseworker: caseworker.map_or(0, |c| c.0),
        print_url: format!("/team/overleg?{}", params.join("&")),
        overdue_count,
        term: agenda.term,
        member,
        meetings,
        shown,
    };
    Ok(render(&page)?.into_response())
}

/// The form that records a meeting of the reader's own team.
#[derive(Template)]
#[template(path = "meeting_form.html")]
struct RecordForm {
    l: Layout,
    team_name: String,
    members: Vec<Employee>,
    items: Vec<AgendaItem>,
    held_on: String,
    attendees: Vec<i64>,
    /// `(handover id, outcome code, note)` as typed.
    decisions: Vec<(i64, String, String)>,
    errors: Errors,
}

impl RecordForm {
    fn outcomes(&self) -> [MeetingOutcome; 4] {
        MeetingOutcome::ALL
    }
    fn attended(&self, id: &EmployeeId) -> bool {
        self.attendees.contains(&id.0)
    }
    fn chosen(&self, h: &zicht_domain::HandoverId) -> &str {
        self.decisions
            .iter()
            .find(|(i, _, _)| *i == h.0)
            .map_or("", |(_, o, _)| o.as_str())
    }
    fn note(&self, h: &zicht_domain::HandoverId) -> &str {
        self.decisions
            .iter()
            .find(|(i, _, _)| *i == h.0)
            .map_or("", |(_, _, n)| n.as_str())
    }
}

async fn record_form(
    state: &AppState,
    acting: &Acting,
    held_on: String,
    attendees: Vec<i64>,
    decisions: Vec<(i64, String, String)>,
    errors: Errors,
) -> WebResult<RecordForm> {
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
    let members: Vec<Employee> = state
        .store
        .employees(org)
        .await?
        .into_iter()
        .filter(|e| e.team_id == team && e.role.works_with_clients())
        .collect();
    let items = state
        .acts
        .meeting_agenda(acting, team, AgendaFilter::default())
        .await?
        .items;
    Ok(RecordForm {
        l: Layout::new(state, acting, "meeting_record.new_title").await?,
        team_name,
        members,
        items,
        held_on,
        attendees,
        decisions,
        errors,
    })
}

pub async fn new_record(State(state): State<AppState>, acting: Acting) -> WebResult<Html<String>> {
    let today = dmy(acting.today());
    render(
        &record_form(
            &state,
            &acting,
            today,
            Vec::new(),
            Vec::new(),
            Errors::default(),
        )
        .await?,
    )
}

/// Reads the form: `held_on`, `attendee` once per person ticked, and per
/// handover `outcome_<id>` (empty: not discussed) with `note_<id>`.
fn read_form(fields: &[(String, String)]) -> (String, Vec<i64>, Vec<(i64, String, String)>) {
    let mut held_on = String::new();
    let mut attendees = Vec::new();
    let mut decisions: Vec<(i64, String, String)> = Vec::new();
    for (k, v) in fields {
        if k == "held_on" {
            held_on.clone_from(v);
        } else if k == "attendee" {
            if let Ok(id) = v.trim().parse() {
                attendees.push(id);
            }
        } else if let Some(id) = k.strip_prefix("outcome_").and_then(|i| i.parse().ok()) {
            match decisions.iter_mut().find(|(i, _, _)| *i == id) {
                Some(d) => d.1.clone_from(v),
                None => decisions.push((id, v.clone(), String::new())),
            }
        } else if let Some(id) = k.strip_prefix("note_").and_then(|i| i.parse().ok()) {
            match decisions.iter_mut().find(|(i, _, _)| *i == id) {
                Some(d) => d.2.clone_from(v),
                None => decisions.push((id, String::new(), v.clone())),
            }
        }
    }
    (held_on, attendees, decisions)
}

pub async fn submit_record(
    State(state): State<AppState>,
    acting: Acting,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let (held_on, attendees, decisions) = read_form(&fields);
    let input = MeetingInput {
        held_on: held_on.clone(),
        attendees: attendees.clone(),
        // A handover not discussed has no outcome; a note alone is kept
        // on the form, and asks for an outcome.
        decisions: decisions
            .iter()
            .filter(|(_, o, n)| !o.trim().is_empty() || !n.trim().is_empty())
            .map(|(h, o, n)| MeetingDecisionInput {
                handover_id: *h,
                outcome: o.clone(),
                note: n.clone(),
            })
            .collect(),
    };
    let team = acting.employee.team_id;
    match state.acts.record_meeting(&acting, team, &input).await {
        Ok(id) => Ok(see_other(
            &format!("/team/overleg/verslagen/{id}"),
            Saved::MeetingRecorded,
        )),
        Err(e) => {
            let errors = Errors::from_web(e)?;
            let page = record_form(&state, &acting, held_on, attendees, decisions, errors).await?;
            render_invalid(&page)
        }
    }
}

#[derive(Template)]
#[template(path = "meeting_record.html")]
struct RecordPage {
    l: Layout,
    m: MeetingView,
    recorded_at: String,
}

pub async fn record(
    State(state): State<AppState>,
    acting: Acting,
    Path(raw): Path<String>,
) -> WebResult<Html<String>> {
    let id = MeetingId(path_id(&raw)?);
    let m = state.acts.meeting(&acting, id).await?;
    render(&RecordPage {
        l: Layout::new(&state, &acting, "meeting_record.title").await?,
        recorded_at: super::dmy_hm(zicht_domain::calendar::dutch_time(m.recorded_at)),
        m,
    })
}
