//! "Wat werkt voor wie": the outcomes of the organisation's interventions per
//! client group, with counts and intervals, a plain warning that they are
//! observations, and CSV/XLSX exports of the same table.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use zicht_domain::{
    learning::{Dimension, Mean, Share},
    text::dmy,
};

use super::{render, Errors, Layout};
use crate::{
    actor::Acting,
    export::{self, Cell, Table},
    i18n::{Lang, Tr},
    learning::{self as service, Figures, Row, Selection, WhatWorksQuery},
    AppState, WebError, WebResult,
};

/// A number written out with a decimal comma in Dutch.
pub fn comma(s: String, lang: Lang) -> String {
    match lang {
        Lang::Nl => s.replace('.', ","),
        Lang::En => s,
    }
}

/// "34%" the Dutch or English way.
pub fn percent(x: f64, lang: Lang) -> String {
    comma(format!("{:.0}%", x * 100.0), lang)
}

fn decimal(x: f64, lang: Lang) -> String {
    comma(format!("{x:+.1}"), lang)
}

/// The trajectplan's line for one intervention: "Werkfit-training: Voor
/// klanten zoals deze (trede 2): doel bereikt 34% (n = 58)".
pub fn comparable_line(r: &Row, tr: Tr) -> String {
    let o = &r.outcomes;
    let item = match &r.provider_name {
        Some(p) => format!("{} ({p})", r.item_name),
        None => r.item_name.clone(),
    };
    let line = tr.fill(
        "learning.comparable_line",
        &[
            ("group", &r.group_label),
            ("pct", &percent(o.achieved.value(), tr.lang)),
            ("n", &o.clients.to_string()),
        ],
    );
    format!("{item}: {line}")
}

/// A share as shown in a cell: the percentage, its interval and its count.
pub struct ShareView {
    pub percent: String,
    pub interval: String,
    pub count: String,
}

impl ShareView {
    pub fn of(s: &Share, lang: Lang) -> ShareView {
        ShareView {
            percent: percent(s.value(), lang),
            interval: format!("{}–{}", percent(s.low, lang), percent(s.high, lang)),
            count: format!("{}/{}", s.count, s.of),
        }
    }
}

/// One line of the table.
pub struct RowView {
    pub item: String,
    pub group: String,
    pub clients: u32,
    pub achieved: ShareView,
    pub partly: ShareView,
    pub not_achieved: ShareView,
    pub stopped: ShareView,
    pub ladder_rise: Option<String>,
    pub skills_gain: Option<String>,
    pub work_6: Option<ShareView>,
    pub work_12: Option<ShareView>,
    pub durable: Option<ShareView>,
}

fn mean(m: &Option<Mean>, lang: Lang) -> Option<String> {
    m.map(|m| format!("{} (n = {})", decimal(m.mean, lang), m.of))
}

fn item_label(r: &Row, tr: Tr) -> String {
    match &r.provider_name {
        Some(p) => format!("{} ({p})", r.item_name),
        None => format!("{} ({})", r.item_name, tr.t("learning.in_house")),
    }
}

impl RowView {
    pub fn of(r: &Row, tr: Tr) -> RowView {
        let lang = tr.lang;
        let o = &r.outcomes;
        RowView {
            item: item_label(r, tr),
            group: r.group_label.clone(),
            clients: o.clients,
            achieved: ShareView::of(&o.achieved, lang),
            partly: ShareView::of(&o.partly, lang),
            not_achieved: ShareView::of(&o.not_achieved, lang),
            stopped: ShareView::of(&o.stopped, lang),
            ladder_rise: mean(&o.ladder_rise, lang),
            skills_gain: mean(&o.skills_gain, lang),
            work_6: o.work_within_6_months.map(|s| ShareView::of(&s, lang)),
            work_12: o.work_within_12_months.map(|s| ShareView::of(&s, lang)),
            durable: o.durable_work.map(|s| ShareView::of(&s, lang)),
        }
    }
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "what_works.html")]
struct WhatWorksPage {
    l: Layout,
    dimensions: Vec<Choice>,
    items: Vec<Choice>,
    errors: Errors,
    figures: Option<FiguresView>,
}

/// The figures as the page words them.
struct FiguresView {
    rows: Vec<RowView>,
    query: String,
    drawn: String,
    suppressed: String,
    none: String,
}

async fn build(state: &AppState, acting: &Acting, q: &WhatWorksQuery) -> WebResult<WhatWorksPage> {
    let l = Layout::new(state, acting, "learning.title").await?;
    let tr = l.tr;
    let sel = Selection::parse(q);
    let catalogue = state.store.catalogue(acting.organisation_id).await?;
    let chosen = sel.as_ref().ok().copied();
    let dimensions = Dimension::ALL
        .iter()
        .map(|d| Choice {
            value: d.as_str().into(),
            label: tr.label(*d).into(),
            selected: chosen.is_some_and(|s| s.by == *d),
        })
        .collect();
    let mut items = vec![Choice {
        value: String::new(),
        label: tr.t("learning.all_items").into(),
        selected: chosen.is_some_and(|s| s.item.is_none()),
    }];
    items.extend(catalogue.iter().map(|i| Choice {
        value: i.id.0.to_string(),
        label: i.name.clone(),
        selected: chosen.is_some_and(|s| s.item == Some(i.id)),
    }));
    let (figures, errors) = match sel {
        Ok(sel) => {
            let f =
                service::figures(state, acting.organisation_id, sel, acting.today(), tr).await?;
            let min = f.minimum.to_string();
            let view = FiguresView {
                rows: f.rows.iter().map(|r| RowView::of(r, tr)).collect(),
                query: sel.query_string(),
                drawn: tr.fill(
                    "learning.drawn_from",
                    &[("n", &f.observations.to_string()), ("date", &dmy(f.as_of))],
                ),
                suppressed: tr.fill(
                    "learning.suppressed",
                    &[("n", &f.suppressed.to_string()), ("min", &min)],
                ),
                none: tr.fill("learning.none", &[("min", &min)]),
            };
            (Some(view), Errors::default())
        }
        Err(e) => (None, Errors::from_web(WebError::from(e))?),
    };
    Ok(WhatWorksPage {
        l,
        dimensions,
        items,
        errors,
        figures,
    })
}

/// `GET /wat-werkt`.
pub async fn page(
    State(state): State<AppState>,
    acting: Acting,
    Query(q): Query<WhatWorksQuery>,
) -> WebResult<Response> {
    let page = build(&state, &acting, &q).await?;
    let status = if page.errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, render(&page)?).into_response())
}

/// The figures as one table, for CSV and XLSX.
pub fn table(f: &Figures, tr: Tr) -> Table {
    let share = |s: &Share| Cell::Percent(s.value());
    let opt_share = |s: &Option<Share>| s.as_ref().map_or(Cell::Empty, share);
    let opt_int = |s: &Option<Share>| s.as_ref().map_or(Cell::Empty, |s| Cell::Int(s.of.into()));
    let opt_mean = |m: &Option<Mean>| m.map_or(Cell::Empty, |m| Cell::Number(m.mean));
    Table {
        name: tr.t("learning.title").into(),
        headers: [
            "learning.col.intervention",
            "learning.col.provider",
            "learning.col.group",
            "learning.col.clients",
            "learning.col.achieved",
            "learning.col.achieved_low",
            "learning.col.achieved_high",
            "learning.col.partly",
            "learning.col.not_achieved",
            "learning.col.stopped",
            "learning.col.ladder_rise",
            "learning.col.skills_gain",
            "learning.col.work_6",
            "learning.col.work_6_n",
            "learning.col.work_12",
            "learning.col.work_12_n",
            "learning.col.durable",
            "learning.col.durable_n",
        ]
        .iter()
        .map(|k| tr.t(k).to_string())
        .collect(),
        rows: f
            .rows
            .iter()
            .map(|r| {
                let o = &r.outcomes;
                vec![
                    Cell::Text(r.item_name.clone()),
                    Cell::Text(
                        r.provider_name
                            .clone()
                            .unwrap_or_else(|| tr.t("learning.in_house").into()),
                    ),
                    Cell::Text(r.group_label.clone()),
                    Cell::Int(o.clients.into()),
                    share(&o.achieved),
                    Cell::Percent(o.achieved.low),
                    Cell::Percent(o.achieved.high),
                    share(&o.partly),
                    share(&o.not_achieved),
                    share(&o.stopped),
                    opt_mean(&o.ladder_rise),
                    opt_mean(&o.skills_gain),
                    opt_share(&o.work_within_6_months),
                    opt_int(&o.work_within_6_months),
                    opt_share(&o.work_within_12_months),
                    opt_int(&o.work_within_12_months),
                    opt_share(&o.durable_work),
                    opt_int(&o.durable_work),
                ]
            })
            .collect(),
    }
}

/// `/wat-werkt/export.csv` and `/wat-werkt/export.xlsx`.
pub async fn export(
    State(state): State<AppState>,
    acting: Acting,
    Path(format): Path<String>,
    Query(q): Query<WhatWorksQuery>,
) -> WebResult<Response> {
    let sel = Selection::parse(&q).map_err(WebError::from)?;
    let tr = Tr::current();
    let f = service::figures(&state, acting.organisation_id, sel, acting.today(), tr).await?;
    let t = table(&f, tr);
    let stem = format!("wat-werkt-{}-{}", sel.by.as_str(), f.as_of);
    let (bytes, content_type, name) = match format.as_str() {
        "export.xlsx" => (
            export::xlsx(std::slice::from_ref(&t))
                .map_err(|e| WebError::BadRequest(e.to_string()))?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            format!("{stem}.xlsx"),
        ),
        "export.csv" => (
            export::csv(&t).map_err(|e| WebError::BadRequest(e.to_string()))?,
            "text/csv; charset=utf-8",
            format!("{stem}.csv"),
        ),
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
