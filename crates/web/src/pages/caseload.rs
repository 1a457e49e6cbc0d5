//! Mijn caseload: the signed-in caseworker's clients, sortable and
//! filterable. Finding a client elsewhere in the organisation is the search
//! page's (`search.rs`), which keeps the term out of the address.

use askama::Template;
use axum::{
    extract::{Query, State},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use zicht_domain::text::dmy;
use zicht_domain::{
    client::{BenefitStatus, Phase},
    DomainError,
};
use zicht_storage::{ClientFilter, ClientSummary, HandoverFilter, HandoverSignalView};

use super::{
    paging::Paging,
    render,
    signals::{self, OverdueNote, ReturnedNote},
    Layout,
};
use crate::{actor::Acting, AppState, WebResult};

pub struct Row {
    pub id: i64,
    pub name: String,
    pub bsn: String,
    pub phase: &'static str,
    pub ready: bool,
    pub last_contact: String,
    pub flags: Vec<&'static str>,
    /// Who sent a handover back, when and why, until the sender acts.
    pub returned: Option<ReturnedNote>,
    pub overdue: Option<OverdueNote>,
}

fn flags(c: &ClientSummary) -> Vec<&'static str> {
    let mut f = Vec::new();
    if c.no_contact_flag {
        f.push("flag.no_contact");
    }
    if c.handover_signals
        .iter()
        .any(|s| matches!(s, HandoverSignalView::Returned { .. }))
    {
        f.push("flag.handover_returned");
    }
    if c.handover_overdue {
        f.push("flag.handover_overdue");
    } else if c.pending_handover.is_some() {
        f.push("flag.handover_pending");
    }
    if c.benefit_status == BenefitStatus::Ended {
        f.push("flag.benefit_ended");
    }
    if c.care_not_arrived {
        f.push("flag.care_not_arrived");
    }
    if c.aftercare_check_in_due {
        f.push("flag.check_in_due");
    }
    f
}

pub struct SortLink {
    pub label_key: &'static str,
    pub href: String,
    /// `ascending`, `descending` or `none`, for `aria-sort`.
    pub aria: &'static str,
}

#[derive(Template)]
#[template(path = "caseload.html")]
struct CaseloadPage {
    l: Layout,
    phases: Vec<(&'static str, &'static str, bool)>,
    signals: Vec<(&'static str, bool)>,
    columns: Vec<SortLink>,
    rows: Vec<Row>,
    /// Handovers offered to my team that wait past the term for our answer.
    incoming_overdue: usize,
    paging: Paging,
    /// The query of this view without the page, for the pager's links.
    view_query: String,
}

/// Rows per page: a caseload of 60 is 2 pages, one screen each.
const ROWS_PER_PAGE: usize = 50;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CaseloadQuery {
    /// naam, fase, klaar, contact
    sort: String,
    /// op (ascending) or af (descending)
    dir: String,
    phase: String,
    signal: String,
    /// Which page, from 1; anything else shows the first.
    pagina: String,
}

const SIGNALS: [&str; 8] = [
    "flag.no_contact",
    "flag.handover_returned",
    "flag.handover_pending",
    "flag.handover_overdue",
    "flag.benefit_ended",
    "flag.care_not_arrived",
    "flag.check_in_due",
    "flag.ready",
];

pub async fn page(
    State(state): State<AppState>,
    acting: Acting,
    Query(q): Query<CaseloadQuery>,
) -> WebResult<Response> {
    // Roles without a caseload are taken to their own start page.
    if !acting.employee.role.works_with_clients() {
        return match super::start_page(acting.employee.role) {
            Some(start) => Ok(Redirect::to(start).into_response()),
            None => Err(DomainError::forbidden("forbidden").into()),
        };
    }
    let filter = ClientFilter {
        owner_employee: Some(acting.employee.id),
        limit: Some(5000),
        ..Default::default()
    };
    // Only the clients shown are logged as read.
    let phase = Phase::parse(&q.phase).ok();
    let signal = SIGNALS
        .contains(&q.signal.as_str())
        .then_some(q.signal.as_str());
    let shown = |c: &ClientSummary| {
        phase.is_none_or(|p| c.phase == p)
            && signal.is_none_or(|s| match s {
                "flag.ready" => c.ready_for_mediation,
                "flag.handover_pending" => c.pending_handover.is_some(),
                s => flags(c).contains(&s),
            })
    };
    let descending = q.dir == "af";
    let order = |clients: &mut Vec<ClientSummary>| {
        match q.sort.as_str() {
            "fase" => clients.sort_by_key(|c| Phase::ALL.iter().position(|p| *p == c.phase)),
            "klaar" => clients.sort_by_key(|c| c.ready_for_mediation),
            // Never contacted sorts first: those need attention most.
            "contact" => clients.sort_by_key(|c| c.last_contact_on),
            _ => {}
        }
        if descending {
            clients.reverse();
        }
    };
    let mut paging = Paging::of(&q.pagina, 0, ROWS_PER_PAGE);
    let (clients, _) = state
        .acts
        .clients_window(&acting, &filter, shown, order, |total| {
            paging = Paging::of(&q.pagina, total, ROWS_PER_PAGE);
            paging.window()
        })
        .await?;

    let sort_key = if q.sort.is_empty() {
        "naam"
    } else {
        q.sort.as_str()
    };
    let columns = [
        ("naam", "col.name"),
        ("fase", "col.phase"),
        ("klaar", "col.ready"),
        ("contact", "col.last_contact"),
    ]
    .into_iter()
    .map(|(key, label_key)| {
        let active = key == sort_key;
        let next_dir = if active && !descending { "af" } else { "op" };
        SortLink {
            label_key,
            href: format!(
                "/?sort={key}&dir={next_dir}&phase={}&signal={}",
                urlencode(&q.phase),
                urlencode(&q.signal),
            ),
            aria: match (active, descending) {
                (false, _) => "none",
                (true, false) => "ascending",
                (true, true) => "descending",
            },
        }
    })
    .collect();

    let l = Layout::new(&state, &acting, "caseload.title").await?;
    let tr = l.tr;
    let team = acting.employee.team_id;
    // The receiving side's signal: offers to my team waiting past the term.
    let incoming_overdue = state
        .store
        .handovers(
            acting.organisation_id,
            &HandoverFilter {
                to_team: Some(team),
                overdue_only: true,
                ..Default::default()
            },
            acting.today(),
        )
        .await?
        .len();
    let rows = clients
        .iter()
        .map(|c| {
            let (returned, overdue) = signals::notes(&c.handover_signals, team);
            Row {
                id: c.id.0,
                name: c.name.clone(),
                bsn: c.bsn.clone(),
                phase: tr.label(c.phase),
                ready: c.ready_for_mediation,
                last_contact: c.last_contact_on.map(dmy).unwrap_or_default(),
                flags: flags(c),
                returned,
                overdue,
            }
        })
        .collect();
    Ok(render(&CaseloadPage {
        l,
        phases: Phase::ALL
            .iter()
            .map(|p| (p.as_str(), tr.label(p), p.as_str() == q.phase))
            .collect(),
        signals: SIGNALS.iter().map(|s| (*s, *s == q.signal)).collect(),
        columns,
        rows,
        incoming_overdue,
        paging,
        view_query: format!(
            "sort={}&dir={}&phase={}&signal={}",
            urlencode(&q.sort),
            urlencode(&q.dir),
            urlencode(&q.phase),
            urlencode(&q.signal)
        ),
    })?
    .into_response())
}

/// Percent-encodes a query value (letters, digits and `-_.~` stay).
fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
