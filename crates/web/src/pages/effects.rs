//! De effectenkaart: figures with their definitions and comparison, charts,
//! caseloads and result agreements; each figure links down to its clients.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Form,
};
use zicht_domain::text::dmy;
use zicht_domain::{
    access::{may_manage_agreement, may_see_clients_behind_figures, may_view_effects},
    effects::{AgreementKind, Indicator, Period, Scope, Section, Value},
    AgreementId, DomainError,
};
use zicht_storage::ClientSummary;

use super::{
    path_id, render,
    saved::{see_other, Saved},
    Errors, Layout,
};
use crate::{
    access::viewer,
    actor::Acting,
    charts,
    effects::{self as service, parse_query, AgreementForm, EffectsQuery, Report, Staff},
    export::{self, Cell, Table},
    i18n::{Lang, Tr},
    AppState, WebError, WebResult,
};

fn query_string(scope: Scope, period: Period) -> String {
    format!(
        "scope={}&from={}&to={}",
        scope.key(),
        period.from,
        period.to
    )
}

/// Shows a share, count or median the Dutch or English way.
pub fn format_value(v: Value, lang: Lang) -> String {
    let comma = |s: String| super::learning::comma(s, lang);
    let tr = Tr::new(lang);
    let of = tr.t("effects.value_of");
    match v {
        Value::Share { of: 0, .. } => "—".into(),
        Value::Share { count, of: n } => format!(
            "{} ({count} {of} {n})",
            comma(format!("{:.1}%", f64::from(count) * 100.0 / f64::from(n)))
        ),
        Value::Count { count } => count.to_string(),
        Value::Days { median: None, .. } => "—".into(),
        Value::Days {
            median: Some(m),
            of: n,
        } => {
            let days = tr.t("effects.days");
            format!("{} {days} (n = {n})", comma(format!("{m:.1}")))
        }
    }
}

pub struct FigureRow {
    pub key: &'static str,
    pub label: &'static str,
    pub definition: &'static str,
    pub current: String,
    pub previous: String,
    pub change: &'static str,
    pub drill: Option<String>,
    pub clients: usize,
}

pub struct SectionView {
    pub id: &'static str,
    pub title: &'static str,
    pub rows: Vec<FigureRow>,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct CaseloadView {
    pub name: String,
    pub hours: u32,
    pub clients: u32,
    pub per_40: String,
    pub over: bool,
}

pub struct AgreementView {
    pub id: i64,
    pub who: String,
    pub kind: &'static str,
    pub period: String,
    pub target: String,
    pub realised: String,
    pub progress: u32,
    pub met: bool,
    pub may_withdraw: bool,
    pub drill: Option<String>,
}

#[derive(Template)]
#[template(path = "effects.html")]
struct EffectsPage {
    l: Layout,
    errors: Errors,
    scopes: Vec<Choice>,
    from: String,
    to: String,
    report: Option<ReportView>,
    agreement_scopes: Vec<Choice>,
    agreement_kinds: Vec<Choice>,
}

struct ReportView {
    title: String,
    period: String,
    previous: String,
    query: String,
    skills_chart: String,
    trend_chart: String,
    sections: Vec<SectionView>,
    ghosts: Option<GhostsView>,
    caseload_day: String,
    ceiling: u32,
    caseloads: Vec<CaseloadView>,
    agreements: Vec<AgreementView>,
    /// Comply or explain: per instrument, clients measured, measurements and
    /// explanations in the period (the whole organisation).
    instruments: Vec<(&'static str, i64, i64, i64)>,
    /// Employer contacts of the scope: in the period, and in the four weeks
    /// up to today with that range.
    employer_contacts: (i64, i64, String),
    /// The section "leren": (id, label, value, definition) per figure.
    learning: Vec<(&'static str, &'static str, String, &'static str)>,
}

/// The section "leren" in words: each figure the viewer may see.
fn learning_rows(
    l: &crate::learning::LearningSection,
    tr: Tr,
) -> Vec<(&'static str, &'static str, String, &'static str)> {
    let mut rows = vec![(
        "leren-uitkomsten",
        tr.t("effects.learning.outcomes"),
        format!(
            "{} {} {} ({} {})",
            l.coverage.items_with_enough,
            tr.t("effects.value_of"),
            l.coverage.items,
            l.coverage.observations,
            tr.t("effects.learning.ended")
        ),
        tr.t("effects.learning.outcomes_def"),
    )];
    if let Some(n) = l.sessions_held {
        rows.push((
            "leren-intervisie",
            tr.t("effects.learning.sessions"),
            n.to_string(),
            tr.t("effects.learning.sessions_def"),
        ));
    }
    if let Some(n) = l.sessions_attended {
        rows.push((
            "leren-intervisie-bijgewoond",
            tr.t("effects.learning.attended"),
            n.to_string(),
            tr.t("effects.learning.attended_def"),
        ));
    }
    if let Some(lib) = l.library {
        let age = lib
            .median_age_days
            .map(|d| {
                tr.fill(
                    "effects.learning.protocol_age",
                    &[
                        ("median", &d.to_string()),
                        ("oldest", &lib.oldest_age_days.unwrap_or(d).to_string()),
                    ],
                )
            })
            .unwrap_or_default();
        rows.push((
            "leren-protocollen",
            tr.t("effects.learning.protocols"),
            format!(
                "{} {}, {} {} {age}",
                lib.in_force,
                tr.t("effects.learning.in_force"),
                lib.in_concept,
                tr.t("effects.learning.in_concept")
            )
            .trim_end()
            .to_string(),
            tr.t("effects.learning.protocols_def"),
        ));
    }
    if let Some((reviewed, of)) = l.pops_reviewed {
        rows.push((
            "leren-pop",
            tr.t("effects.learning.pops"),
            format!("{reviewed} {} {of}", tr.t("effects.value_of")),
            tr.t("effects.learning.pops_def"),
        ));
    }
    if let Some(h) = l.training_hours_per_fte {
        rows.push((
            "leren-training",
            tr.t("effects.learning.training"),
            super::learning::comma(format!("{h:.1}"), tr.lang),
            tr.t("effects.learning.training_def"),
        ));
    }
    rows
}

/// The latest reconciliation's ghosts, linked to the run only for roles
/// that may open it (management sees the number, not the people).
struct GhostsView {
    link: Option<String>,
    day: String,
    ghosts: i64,
    resolved: i64,
}

fn section_key(s: Section) -> (&'static str, &'static str) {
    match s {
        Section::Skills => ("vaardigheden", "effects.section.skills"),
        Section::Handovers => ("overdrachten", "effects.section.handovers"),
        Section::Contacts => ("contacten", "effects.section.contacts"),
        Section::Outcomes => ("uitkomsten", "effects.section.outcomes"),
    }
}

fn change(i: Indicator, now: Value, before: Value) -> &'static str {
    match (now.number(), before.number(), i.higher_is_better()) {
        (Some(a), Some(b), _) if (a - b).abs() < 1e-9 => "effects.same",
        (Some(a), Some(b), Some(higher)) => {
            if (a > b) == higher {
                "effects.better"
            } else {
                "effects.worse"
            }
        }
        (Some(a), Some(b), None) => {
            if a > b {
                "effects.more"
            } else {
                "effects.fewer"
            }
        }
        _ => "",
    }
}

fn view(report: &Report, acting: &Acting, staff: &Staff) -> ReportView {
    let l = Tr::current();
    let lang = l.lang;
    let query = query_string(report.scope, report.current.period);
    let drill = may_see_clients_behind_figures(&viewer(acting));
    let mut sections: Vec<SectionView> = Vec::new();
    for (i, f) in Indicator::ALL.iter().zip(&report.current.figures) {
        let (id, title) = section_key(i.section());
        if sections.last().is_none_or(|s| s.id != id) {
            sections.push(SectionView {
                id,
                title: l.t(title),
                rows: Vec::new(),
            });
        }
        let before = report.previous.figure(*i).value;
        let def = format!("def.{}", i.as_str());
        if let Some(s) = sections.last_mut() {
            s.rows.push(FigureRow {
                key: i.as_str(),
                label: l.label(i),
                definition: l.t_owned(&def),
                current: format_value(f.value, lang),
                previous: format_value(before, lang),
                change: change(*i, f.value, before),
                drill: (drill && !f.clients.is_empty())
                    .then(|| format!("/effectenkaart/klanten?indicator={}&{query}", i.as_str())),
                clients: f.clients.len(),
            });
        }
    }
    let skill_bars: Vec<charts::Bar> = Indicator::ALL
        .iter()
        .filter(|i| i.skill().is_some() || **i == Indicator::ReadyForMediation)
        .map(|i| charts::Bar {
            label: l.label(i).to_string(),
            value: report.current.figure(*i).value.number().unwrap_or(0.0),
            previous: report.previous.figure(*i).value.number(),
        })
        .collect();
    let period_text = |p: Period| format!("{} – {}", dmy(p.from), dmy(p.to));
    let months: Vec<String> = report
        .trend
        .iter()
        .map(|t| {
            format!(
                "{:02}-{}",
                u8::from(t.month.from.month()),
                t.month.from.year()
            )
        })
        .collect();
    let trend_chart = charts::line_chart(
        l.t("effects.trend_title"),
        l.t("effects.trend_desc"),
        &months,
        &[
            charts::Series {
                label: l.label(Indicator::ReadyForMediation).to_string(),
                points: report.trend.iter().map(|t| t.ready_for_mediation).collect(),
                dashed: false,
            },
            charts::Series {
                label: l.label(Indicator::ContactedWeekly).to_string(),
                points: report.trend.iter().map(|t| t.contacted_weekly).collect(),
                dashed: true,
            },
        ],
        true,
    );
    let v = viewer(acting);
    ReportView {
        title: report.scope_name.clone(),
        period: period_text(report.current.period),
        previous: period_text(report.previous.period),
        query: query.clone(),
        skills_chart: charts::bar_chart(
            l.t("effects.skills_chart_title"),
            l.t("effects.skills_chart_desc"),
            &skill_bars,
            l.t("effects.this_period"),
            l.t("effects.previous_period"),
        ),
        trend_chart,
        sections,
        ghosts: report.ghosts.as_ref().map(|g| GhostsView {
            link: crate::access::may_link(acting.employee.role, "/afstemming/{run}")
                .then(|| format!("/afstemming/{}", g.run_id.0)),
            day: dmy(g.imported_at.date()),
            ghosts: g.ghosts,
            resolved: g.resolved,
        }),
        caseload_day: dmy(report.caseload_day),
        ceiling: report.caseload_ceiling,
        caseloads: report
            .caseloads
            .iter()
            // A caseworker sees their own caseload, not colleagues'.
            .filter(|r| {
                acting.employee.role != zicht_domain::access::Role::Klantmanager
                    || r.employee == acting.employee.id
            })
            .map(|r| CaseloadView {
                name: r.name.clone(),
                hours: r.hours_per_week,
                clients: r.clients,
                per_40: format_value(
                    Value::Days {
                        median: Some(r.per_40_hours),
                        of: 0,
                    },
                    lang,
                )
                .split(' ')
                .next()
                .unwrap_or_default()
                .to_string(),
                over: r.over_ceiling,
            })
            .collect(),
        agreements: report
            .agreements
            .iter()
            .map(|r| {
                let a = &r.agreement;
                let scope: Scope = a.scope.into();
                let team = staff.team_of(scope).unwrap_or(acting.employee.team_id);
                let realised = match r.realised {
                    None => "—".to_string(),
                    Some(x) if a.kind.is_maximum() => format_value(
                        Value::Days {
                            median: Some(x),
                            of: 0,
                        },
                        lang,
                    )
                    .replace(" (n = 0)", ""),
                    Some(x) => format!("{x:.0}"),
                };
                let period = Period {
                    from: a.from,
                    to: a.to.min(acting.today()).max(a.from),
                };
                AgreementView {
                    id: a.id.0,
                    who: staff.name(scope, "").unwrap_or_default(),
                    kind: l.label(a.kind),
                    period: period_text(Period {
                        from: a.from,
                        to: a.to,
                    }),
                    target: format!(
                        "{} {}",
                        if a.kind.is_maximum() {
                            l.t("agreement.at_most")
                        } else {
                            l.t("agreement.at_least")
                        },
                        a.target
                    ),
                    realised,
                    progress: r
                        .progress
                        .map_or(0, |p| (p * 100.0).clamp(0.0, 100.0) as u32),
                    met: r.met,
                    may_withdraw: may_manage_agreement(&v, team),
                    drill: drill.then(|| {
                        format!(
                            "/effectenkaart/klanten?indicator={}&{}",
                            r.indicator.as_str(),
                            query_string(scope, period)
                        )
                    }),
                }
            })
            .collect(),
        instruments: Vec::new(),
        employer_contacts: (0, 0, String::new()),
        learning: Vec::new(),
    }
}

fn scope_choices(acting: &Acting, staff: &Staff, selected: Option<Scope>) -> Vec<Choice> {
    let v = viewer(acting);
    let l = Tr::current();
    let mut out = vec![Choice {
        value: Scope::Organisation.key(),
        label: l.t("effects.scope.organisation").to_string(),
        selected: selected == Some(Scope::Organisation),
    }];
    for t in &staff.teams {
        let s = Scope::Team(t.id);
        if may_view_effects(&v, s, Some(t.id)) {
            out.push(Choice {
                value: s.key(),
                label: format!("{}: {}", l.t("card.team"), t.name),
                selected: selected == Some(s),
            });
        }
    }
    for e in &staff.employees {
        let s = Scope::Caseworker(e.id);
        if may_view_effects(&v, s, Some(e.team_id)) && e.role.works_with_clients() {
            out.push(Choice {
                value: s.key(),
                label: format!("{}: {}", l.t("card.caseworker"), e.name),
                selected: selected == Some(s),
            });
        }
    }
    out
}

fn agreement_scopes(acting: &Acting, staff: &Staff) -> Vec<Choice> {
    let v = viewer(acting);
    let l = Tr::current();
    let mut out = Vec::new();
    for t in &staff.teams {
        if may_manage_agreement(&v, t.id) {
            out.push(Choice {
                value: Scope::Team(t.id).key(),
                label: format!("{}: {}", l.t("card.team"), t.name),
                selected: false,
            });
        }
    }
    for e in &staff.employees {
        if may_manage_agreement(&v, e.team_id) && e.role.works_with_clients() {
            out.push(Choice {
                value: Scope::Caseworker(e.id).key(),
                label: format!("{}: {}", l.t("card.caseworker"), e.name),
                selected: false,
            });
        }
    }
    out
}

async fn build_page(
    state: &AppState,
    acting: &Acting,
    q: &EffectsQuery,
    mut errors: Errors,
) -> WebResult<EffectsPage> {
    let staff = Staff::load(state, acting.organisation_id).await?;
    let l = Layout::new(state, acting, "effects.title").await?;
    let tr = l.tr;
    let parsed = parse_query(q, acting);
    let mut report = None;
    let mut selected = None;
    match parsed {
        Ok((scope, period)) => {
            selected = Some(scope);
            match staff.check(&viewer(acting), scope) {
                Ok(()) => {
                    let r = service::report(
                        state,
                        acting.organisation_id,
                        &staff,
                        scope,
                        period,
                        acting.today(),
                    )
                    .await?;
                    let mut v = view(&r, acting, &staff);
                    v.instruments = state
                        .store
                        .instrument_use(acting.organisation_id, period.from, period.to)
                        .await?
                        .into_iter()
                        .map(|u| {
                            (
                                tr.label(u.instrument),
                                u.clients_measured,
                                u.measurements,
                                u.explained,
                            )
                        })
                        .collect();
                    let org = acting.organisation_id;
                    let in_period = state
                        .store
                        .employer_contact_counts(org, period.from, period.to)
                        .await?;
                    let (from, to) = crate::work::last_four_weeks(acting.today());
                    let recent = state.store.employer_contact_counts(org, from, to).await?;
                    v.employer_contacts = (
                        crate::work::contacts_in_scope(&in_period, scope),
                        crate::work::contacts_in_scope(&recent, scope),
                        format!("{} – {}", dmy(from), dmy(to)),
                    );
                    let learning = crate::learning::section(
                        state,
                        acting,
                        scope,
                        staff.team_of(scope),
                        period,
                    )
                    .await?;
                    v.learning = learning_rows(&learning, tr);
                    report = Some(v);
                }
                Err(e) => {
                    let more = Errors::from_web(e)?;
                    errors.general = errors
                        .general
                        .or(more.general)
                        .or_else(|| Some(tr.message("scope_invalid").into()));
                }
            }
        }
        Err(list) => {
            let more = Errors::from_web(WebError::from(list))?;
            errors = more;
        }
    }
    let quarter = Period::quarter_of(acting.today());
    Ok(EffectsPage {
        scopes: scope_choices(acting, &staff, selected),
        // Dates are typed as dd-mm-jjjj everywhere; ISO from a link is read too.
        from: if q.from.is_empty() {
            dmy(quarter.from)
        } else {
            q.from.clone()
        },
        to: if q.to.is_empty() {
            dmy(quarter.to)
        } else {
            q.to.clone()
        },
        report,
        agreement_scopes: agreement_scopes(acting, &staff),
        agreement_kinds: AgreementKind::ALL
            .iter()
            .map(|k| Choice {
                value: k.as_str().into(),
                label: tr.label(k).into(),
                selected: false,
            })
            .collect(),
        l,
        errors,
    })
}

pub async fn page(
    State(state): State<AppState>,
    acting: Acting,
    Query(q): Query<EffectsQuery>,
) -> WebResult<Response> {
    let page = build_page(&state, &acting, &q, Errors::default()).await?;
    let status = if page.errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, render(&page)?).into_response())
}

#[derive(Template)]
#[template(path = "effects_clients.html")]
struct ClientsPage {
    l: Layout,
    label: &'static str,
    definition: &'static str,
    scope_name: String,
    period: String,
    back: String,
    clients: Vec<ClientSummary>,
    hidden: usize,
}

impl ClientsPage {
    fn phase(&self, c: &ClientSummary) -> &'static str {
        self.l.tr.label(c.phase)
    }
}

/// The clients behind one figure, as far as the viewer may read them.
pub async fn clients(
    State(state): State<AppState>,
    acting: Acting,
    Query(q): Query<EffectsQuery>,
) -> WebResult<Response> {
    if !may_see_clients_behind_figures(&viewer(&acting)) {
        return Err(DomainError::forbidden("aggregates_only").into());
    }
    let (scope, period) = parse_query(&q, &acting).map_err(WebError::from)?;
    let indicator = Indicator::parse(&q.indicator)
        .ok_or_else(|| DomainError::invalid("indicator", "indicator_unknown"))?;
    let staff = Staff::load(&state, acting.organisation_id).await?;
    staff.check(&viewer(&acting), scope)?;
    let ids = service::clients_behind(
        &state,
        acting.organisation_id,
        scope,
        period,
        indicator,
        acting.today(),
    )
    .await?;
    let clients = state.acts.figure_clients(&acting, &ids).await?;
    let hidden = ids.len() - clients.len();
    let organisation = state.store.organisation(acting.organisation_id).await?;
    let l = Layout::new(&state, &acting, "effects.clients_title").await?;
    let tr = l.tr;
    let page = ClientsPage {
        label: tr.label(indicator),
        definition: tr.t_owned(&format!("def.{}", indicator.as_str())),
        scope_name: staff.name(scope, &organisation.name).unwrap_or_default(),
        period: format!("{} – {}", dmy(period.from), dmy(period.to)),
        back: format!("/effectenkaart?{}", query_string(scope, period)),
        clients,
        hidden,
        l,
    };
    Ok(render(&page)?.into_response())
}

/// The tables of the effectenkaart, for CSV and XLSX.
pub fn tables(report: &Report, lang: Lang, acting: &Acting, staff: &Staff) -> Vec<Table> {
    let tr = Tr::new(lang);
    let cell = |v: Value| match v {
        Value::Share { of: 0, .. } | Value::Days { median: None, .. } => Cell::Empty,
        Value::Share { count, of } => Cell::Percent(f64::from(count) / f64::from(of)),
        Value::Count { count } => Cell::Int(i64::from(count)),
        Value::Days {
            median: Some(m), ..
        } => Cell::Number(m),
    };
    let basis = |v: Value| match v {
        Value::Share { count, of } => (Cell::Int(count.into()), Cell::Int(of.into())),
        Value::Count { count } => (Cell::Int(count.into()), Cell::Empty),
        Value::Days { of, .. } => (Cell::Empty, Cell::Int(of.into())),
    };
    let figures = Table {
        name: tr.t("effects.table.figures").into(),
        headers: [
            "col.figure",
            "col.value",
            "col.count",
            "col.of",
            "col.previous",
            "col.definition",
        ]
        .iter()
        .map(|k| tr.t(k).to_string())
        .collect(),
        rows: Indicator::ALL
            .iter()
            .map(|i| {
                let now = report.current.figure(*i).value;
                let (count, of) = basis(now);
                vec![
                    Cell::Text(tr.label(i).into()),
                    cell(now),
                    count,
                    of,
                    cell(report.previous.figure(*i).value),
                    Cell::Text(tr.t_owned(&format!("def.{}", i.as_str())).into()),
                ]
            })
            .collect(),
    };
    let caseloads = Table {
        name: tr.t("effects.table.caseloads").into(),
        headers: [
            "col.caseworker",
            "col.hours",
            "col.clients",
            "col.per_40",
            "col.over",
        ]
        .iter()
        .map(|k| tr.t(k).to_string())
        .collect(),
        rows: report
            .caseloads
            .iter()
            .filter(|r| {
                acting.employee.role != zicht_domain::access::Role::Klantmanager
                    || r.employee == acting.employee.id
            })
            .map(|r| {
                vec![
                    Cell::Text(r.name.clone()),
                    Cell::Int(r.hours_per_week.into()),
                    Cell::Int(r.clients.into()),
                    Cell::Number(r.per_40_hours),
                    Cell::Text(
                        if r.over_ceiling {
                            tr.t("yes")
                        } else {
                            tr.t("no")
                        }
                        .into(),
                    ),
                ]
            })
            .collect(),
    };
    let agreements = Table {
        name: tr.t("effects.table.agreements").into(),
        headers: [
            "col.who",
            "col.kind",
            "col.from",
            "col.to",
            "col.target",
            "col.realised",
            "col.met",
        ]
        .iter()
        .map(|k| tr.t(k).to_string())
        .collect(),
        rows: report
            .agreements
            .iter()
            .map(|r| {
                let a = &r.agreement;
                vec![
                    Cell::Text(staff.name(a.scope.into(), "").unwrap_or_default()),
                    Cell::Text(tr.label(a.kind).into()),
                    Cell::Text(dmy(a.from)),
                    Cell::Text(dmy(a.to)),
                    Cell::Int(a.target.into()),
                    r.realised.map_or(Cell::Empty, Cell::Number),
                    Cell::Text(if r.met { tr.t("yes") } else { tr.t("no") }.into()),
                ]
            })
            .collect(),
    };
    vec![figures, caseloads, agreements]
}

/// `/effectenkaart/export.csv?table=…` and `/effectenkaart/export.xlsx`.
pub async fn export(
    State(state): State<AppState>,
    acting: Acting,
    Path(format): Path<String>,
    Query(q): Query<EffectsQuery>,
) -> WebResult<Response> {
    let (scope, period) = parse_query(&q, &acting).map_err(WebError::from)?;
    let staff = Staff::load(&state, acting.organisation_id).await?;
    staff.check(&viewer(&acting), scope)?;
    let report = service::report(
        &state,
        acting.organisation_id,
        &staff,
        scope,
        period,
        acting.today(),
    )
    .await?;
    let lang = crate::i18n::current_lang();
    let tables = tables(&report, lang, &acting, &staff);
    let stem = format!(
        "effectenkaart-{}-{}-{}",
        scope.key().replace(':', "-"),
        period.from,
        period.to
    );
    let (bytes, content_type, name) = match format.as_str() {
        "export.xlsx" => (
            export::xlsx(&tables).map_err(|e| WebError::BadRequest(e.to_string()))?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            format!("{stem}.xlsx"),
        ),
        "export.csv" => {
            let index = match q.table.as_str() {
                "" | "cijfers" | "figures" => 0,
                "caseloads" => 1,
                "afspraken" | "agreements" => 2,
                _ => return Err(WebError::NotFound),
            };
            let table = &tables[index];
            (
                export::csv(table).map_err(|e| WebError::BadRequest(e.to_string()))?,
                "text/csv; charset=utf-8",
                format!(
                    "{stem}-{}.csv",
                    ["cijfers", "caseloads", "afspraken"][index]
                ),
            )
        }
        _ => return Err(WebError::NotFound),
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

pub async fn create_agreement(
    State(state): State<AppState>,
    acting: Acting,
    Query(q): Query<EffectsQuery>,
    Form(f): Form<AgreementForm>,
) -> WebResult<Response> {
    match service::make_agreement(&state, &acting, &f).await {
        Ok(_) => Ok(back_to_agreements(&q, &acting, Saved::Agreement)),
        Err(e) => {
            let errors = Errors::from_web(e)?;
            let page = build_page(&state, &acting, &q, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}

pub async fn withdraw_agreement(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    Query(q): Query<EffectsQuery>,
) -> WebResult<Response> {
    service::withdraw_agreement(&state, &acting, AgreementId(path_id(&id)?)).await?;
    Ok(back_to_agreements(&q, &acting, Saved::AgreementWithdrawn))
}

/// Back to the agreements on the page the form was on; only parsed values
/// go into the address.
fn back_to_agreements(q: &EffectsQuery, acting: &Acting, saved: Saved) -> Response {
    let target = match parse_query(q, acting) {
        Ok((scope, period)) => format!("/effectenkaart?{}#afspraken", query_string(scope, period)),
        Err(_) => "/effectenkaart#afspraken".into(),
    };
    see_other(&target, saved)
}
