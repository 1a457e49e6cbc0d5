//! Vandaag: the start page of casework. What needs the caseworker today (a
//! team lead: the team), each thing with its reason and one link to act on
//! it; the act decides what is listed and logs who is shown.

use askama::Template;
use axum::{extract::State, response::Response};
use zicht_acts::today::{Scope, Today};
use zicht_domain::text::dmy;
use zicht_domain::today::Reason;

use super::{render, signals, Layout};
use crate::{actor::Acting, AppState, WebResult};

/// One reason on a client's row, in words, with where to act on it.
pub struct Line {
    pub reason: Reason,
    /// The particulars: who sent it back and why, since when, which date.
    pub detail: String,
    pub href: String,
    /// The text key of the link.
    pub act: &'static str,
}

pub struct ClientRow {
    pub id: i64,
    pub name: String,
    pub caseworker: String,
    pub lines: Vec<Line>,
}

pub struct LetterRow {
    pub client_id: i64,
    pub client: String,
    pub letter_id: i64,
    pub title: String,
    pub drafted_on: String,
}

pub struct InboxRow {
    pub id: i64,
    pub client: String,
    pub from_team: String,
    pub offered_on: String,
    pub days: i64,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "today.html")]
struct TodayPage {
    l: Layout,
    team: bool,
    clients: Vec<ClientRow>,
    inbox: Vec<InboxRow>,
    letters: Vec<LetterRow>,
    follow_ups: Vec<zicht_acts::intervision::FollowUpView>,
    term: u32,
}

/// Where a reason is acted on, and the link's text key.
fn act(reason: Reason, id: i64) -> (String, &'static str) {
    match reason {
        Reason::HandoverReturned | Reason::HandoverOverdue => {
            (format!("/klanten/{id}#overdracht"), "today.act.handover")
        }
        Reason::CareNotArrived => (format!("/klanten/{id}/verwijzingen"), "today.act.referral"),
        Reason::CheckInDue => (format!("/klanten/{id}/werk#nazorg"), "today.act.check_in"),
        Reason::AppointmentPast | Reason::NoContact => {
            (format!("/klanten/{id}/contact"), "today.act.contact")
        }
        Reason::ReassessmentDue => (format!("/klanten/{id}/klantinzet"), "today.act.skills"),
    }
}

fn page_of(l: Layout, today: Today, term: u32, viewer: zicht_domain::TeamId) -> TodayPage {
    let tr = l.tr;
    let clients = today
        .clients
        .into_iter()
        .map(|t| {
            let c = &t.client;
            let (returned, overdue) = signals::notes(&c.handover_signals, viewer);
            let lines = t
                .reasons
                .iter()
                .map(|&reason| {
                    let detail = match reason {
                        Reason::HandoverReturned => returned
                            .as_ref()
                            .map(|n| {
                                format!(
                                    "{} {} ({}), {}: {}",
                                    tr.t("signal.returned_by"),
                                    n.team,
                                    n.by,
                                    n.at,
                                    n.short_reason
                                )
                            })
                            .unwrap_or_default(),
                        Reason::HandoverOverdue => overdue
                            .as_ref()
                            .map(|o| {
                                format!(
                                    "{} {}: {} {}, {} {}",
                                    tr.t("signal.awaits"),
                                    o.to_team,
                                    o.days,
                                    tr.t("signal.working_days"),
                                    tr.t("signal.term"),
                                    o.term
                                )
                            })
                            .unwrap_or_default(),
                        Reason::AppointmentPast => c
                            .next_contact_on
                            .map(|d| format!("{} {}", tr.t("today.appointment_on"), dmy(d)))
                            .unwrap_or_default(),
                        Reason::NoContact => match c.last_contact_on {
                            Some(d) => format!("{} {}", tr.t("today.last_contact"), dmy(d)),
                            None => tr.t("today.never_contacted").to_string(),
                        },
                        Reason::ReassessmentDue => c
                            .last_assessed_on
                            .map(|d| format!("{} {}", tr.t("today.assessed_on"), dmy(d)))
                            .unwrap_or_default(),
                        Reason::CareNotArrived | Reason::CheckInDue => String::new(),
                    };
                    let (href, act) = act(reason, c.id.0);
                    Line {
                        reason,
                        detail,
                        href,
                        act,
                    }
                })
                .collect();
            ClientRow {
                id: c.id.0,
                name: c.name.clone(),
                caseworker: c.owner_employee.name.clone(),
                lines,
            }
        })
        .collect();
    let inbox = today
        .inbox
        .into_iter()
        .map(|h| InboxRow {
            id: h.id.0,
            client: h.client.name,
            from_team: h.from_team.name,
            offered_on: dmy(zicht_domain::calendar::dutch_date(h.offered_at)),
            days: h.working_days_waiting,
            overdue: h.overdue,
        })
        .collect();
    let letters = today
        .letters
        .into_iter()
        .map(|d| LetterRow {
            client_id: d.client_id.0,
            client: d.client_name,
            letter_id: d.letter_id.0,
            title: d.title,
            drafted_on: dmy(zicht_domain::calendar::dutch_date(d.created_at)),
        })
        .collect();
    TodayPage {
        l,
        team: today.scope == Scope::Team,
        clients,
        inbox,
        letters,
        follow_ups: today.follow_ups,
        term,
    }
}

pub async fn page(State(state): State<AppState>, acting: Acting) -> WebResult<Response> {
    use axum::response::IntoResponse;
    let today = state.acts.today(&acting).await?;
    let term = state
        .store
        .organisation(acting.organisation_id)
        .await?
        .settings
        .handover_overdue_working_days;
    let l = Layout::new(&state, &acting, "today.title").await?;
    Ok(render(&page_of(l, today, term, acting.employee.team_id))?.into_response())
}
