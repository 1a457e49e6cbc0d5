//! What works for whom: the outcomes of the organisation's own
//! interventions per client group, worked out from the client histories the
//! effectenkaart keeps in memory. Aggregates only: nothing of a group smaller
//! than [`MINIMUM_GROUP`] is shown, and no person is read, so the figures
//! write no processing-log record (the trajectplan that shows them for one
//! client is itself a logged read of that client).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use time::Date;
use zicht_domain::{
    learning::{
        groups_on, observations, what_works, Dimension, Group, InterventionKey, Outcomes, WhatWorks,
    },
    CatalogueItemId, ClientId, DomainError, OrganisationId, TeamId,
};

use crate::{i18n::Tr, AppState, WebResult};

/// The fewest clients a figure may be about: fewer, and one person could be
/// recognised in it, and a share would say little anyway.
pub const MINIMUM_GROUP: u32 = 10;

/// `?by=rung&item=3`: the grouping and, optionally, one catalogue item.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct WhatWorksQuery {
    pub by: String,
    pub item: String,
}

/// A checked [`WhatWorksQuery`].
#[derive(Debug, Clone, Copy)]
pub struct Selection {
    pub by: Dimension,
    pub item: Option<CatalogueItemId>,
}

impl Selection {
    pub fn parse(q: &WhatWorksQuery) -> Result<Selection, Vec<DomainError>> {
        let mut errors = Vec::new();
        let by = match q.by.trim() {
            "" => Some(Dimension::Everyone),
            raw => Dimension::parse(raw),
        };
        if by.is_none() {
            errors.push(DomainError::invalid("by", "what_works_by_invalid"));
        }
        let item = match q.item.trim() {
            "" => Some(None),
            raw => raw
                .parse::<i64>()
                .ok()
                .filter(|i| *i > 0)
                .map(|i| Some(CatalogueItemId(i))),
        };
        if item.is_none() {
            errors.push(DomainError::invalid("item", "what_works_item_invalid"));
        }
        match (by, item) {
            (Some(by), Some(item)) => Ok(Selection { by, item }),
            _ => Err(errors),
        }
    }

    pub fn query_string(&self) -> String {
        let mut s = format!("by={}", self.by.as_str());
        if let Some(i) = self.item {
            s.push_str(&format!("&item={}", i.0));
        }
        s
    }
}

/// The names the figures are shown with.
pub struct Names {
    items: HashMap<CatalogueItemId, (String, Option<String>)>,
    teams: HashMap<TeamId, String>,
}

impl Names {
    pub async fn load(state: &AppState, org: OrganisationId) -> WebResult<Names> {
        let items = state
            .store
            .catalogue(org)
            .await?
            .into_iter()
            .map(|i| (i.id, (i.name, i.provider.map(|p| p.name))))
            .collect();
        let teams = state
            .store
            .teams(org)
            .await?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();
        Ok(Names { items, teams })
    }

    pub fn item(&self, key: InterventionKey) -> (String, Option<String>) {
        self.items
            .get(&key.item)
            .cloned()
            .unwrap_or_else(|| (format!("#{}", key.item.0), None))
    }

    /// The group in words: "trede 2", "45–54 jaar", a team's name.
    pub fn group(&self, tr: Tr, g: Group) -> String {
        match g {
            Group::Everyone => tr.t("learning.group.everyone").into(),
            Group::LadderRung(n) => tr.fill("learning.group.rung", &[("n", &n.to_string())]),
            Group::Zrm(b) => tr.label(b).into(),
            Group::Age(b) => tr.label(b).into(),
            Group::BenefitTime(b) => tr.label(b).into(),
            Group::Team(t) => self.teams.get(&t).cloned().unwrap_or_default(),
            Group::Phase(p) => format!("{} {}", tr.t("learning.group.phase"), tr.label(p)),
        }
    }
}

/// One line of the figures, with its names.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub item_name: String,
    pub provider_name: Option<String>,
    pub group_label: String,
    #[serde(flatten)]
    pub outcomes: Outcomes,
}

/// The figures of one selection.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    pub by: Dimension,
    pub item: Option<CatalogueItemId>,
    /// The day the figures were worked out to.
    pub as_of: Date,
    pub minimum: u32,
    /// Intervention × group combinations left out as too small.
    pub suppressed: usize,
    /// Ended interventions the figures are drawn from.
    pub observations: usize,
    pub rows: Vec<Row>,
}

/// Everything the organisation's histories say, before selection.
async fn all(state: &AppState, org: OrganisationId, today: Date) -> WebResult<(WhatWorks, usize)> {
    Ok(state
        .histories
        .with(state.store.as_ref(), org, |h| {
            let obs = observations(&h.clients, today);
            (what_works(&obs, MINIMUM_GROUP), obs.len())
        })
        .await?)
}

/// The figures for one grouping (and optionally one item), named in `tr`'s
/// language.
pub async fn figures(
    state: &AppState,
    org: OrganisationId,
    sel: Selection,
    today: Date,
    tr: Tr,
) -> WebResult<Figures> {
    let names = Names::load(state, org).await?;
    let (works, observations) = all(state, org, today).await?;
    let suppressed = works.suppressed;
    let rows = works
        .rows
        .into_iter()
        .filter(|r| r.group.dimension() == sel.by)
        .filter(|r| sel.item.is_none_or(|i| r.intervention.item == i))
        .map(|outcomes| {
            let (item_name, provider_name) = names.item(outcomes.intervention);
            Row {
                item_name,
                provider_name,
                group_label: names.group(tr, outcomes.group),
                outcomes,
            }
        })
        .collect();
    Ok(Figures {
        by: sel.by,
        item: sel.item,
        as_of: today,
        minimum: MINIMUM_GROUP,
        suppressed,
        observations,
        rows,
    })
}

/// What happened to clients like this one with each intervention: per
/// intervention the most alike group that is large enough. The caller has
/// read the client through an act already.
pub async fn comparable(
    state: &AppState,
    org: OrganisationId,
    client: ClientId,
    today: Date,
    tr: Tr,
) -> WebResult<Vec<Row>> {
    let names = Names::load(state, org).await?;
    let (groups, works) = state
        .histories
        .with(state.store.as_ref(), org, |h| {
            let groups = h
                .client(client)
                .map(|c| groups_on(c, today))
                .unwrap_or_else(|| vec![Group::Everyone]);
            let obs = observations(&h.clients, today);
            (groups, what_works(&obs, MINIMUM_GROUP))
        })
        .await?;
    Ok(works
        .comparable(&groups)
        .into_iter()
        .map(|o| {
            let (item_name, provider_name) = names.item(o.intervention);
            Row {
                item_name,
                provider_name,
                group_label: names.group(tr, o.group),
                outcomes: o.clone(),
            }
        })
        .collect())
}

/// For the effectenkaart: how far the organisation can learn from its own
/// outcomes yet.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Coverage {
    /// Active catalogue items.
    pub items: usize,
    /// Of those, items with outcomes of at least [`MINIMUM_GROUP`] clients.
    pub items_with_enough: usize,
    /// Ended interventions with a recorded outcome.
    pub observations: usize,
}

pub async fn coverage(state: &AppState, org: OrganisationId, today: Date) -> WebResult<Coverage> {
    let active: Vec<CatalogueItemId> = state
        .store
        .catalogue(org)
        .await?
        .into_iter()
        .filter(|i| i.active)
        .map(|i| i.id)
        .collect();
    let (works, observations) = all(state, org, today).await?;
    let items_with_enough = active
        .iter()
        .filter(|i| {
            works
                .rows
                .iter()
                .any(|r| r.group == Group::Everyone && r.intervention.item == **i)
        })
        .count();
    Ok(Coverage {
        items: active.len(),
        items_with_enough,
        observations,
    })
}

/// The effectenkaart's section "leren": how the organisation learns, for
/// one scope and period. Each part is `None` when the viewer may not see
/// it (a caseworker sees no team's POPs) or it does not apply.
#[derive(Debug, Clone, Serialize)]
pub struct LearningSection {
    pub coverage: Coverage,
    /// Intervision sessions held in the period, by the scope's team(s).
    pub sessions_held: Option<i64>,
    /// For a caseworker's scope: sessions they took part in.
    pub sessions_attended: Option<i64>,
    pub library: Option<zicht_acts::methods::LibraryStanding>,
    /// Employees whose POP was reviewed in the last twelve months, of all.
    pub pops_reviewed: Option<(i64, i64)>,
    /// Training hours in the last twelve months per FTE.
    pub training_hours_per_fte: Option<f64>,
}

/// Forbidden parts are left out; other failures are failures.
fn allowed<T>(r: zicht_acts::Result<T>) -> WebResult<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(zicht_storage::StoreError::Rule(e))
            if e.kind == zicht_domain::error::ErrorKind::Forbidden =>
        {
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn section(
    state: &AppState,
    acting: &crate::actor::Acting,
    scope: zicht_domain::effects::Scope,
    team: Option<TeamId>,
    period: zicht_domain::effects::Period,
) -> WebResult<LearningSection> {
    use zicht_domain::effects::Scope;
    let coverage = coverage(state, acting.organisation_id, acting.today()).await?;
    let counts = allowed(
        state
            .acts
            .intervision_counts(acting, period.from, period.to)
            .await,
    )?;
    let (sessions_held, sessions_attended) = match (&counts, scope) {
        (None, _) => (None, None),
        (Some(c), Scope::Caseworker(e)) => (
            None,
            Some(
                c.caseworkers
                    .iter()
                    .filter(|q| q.employee.id == e)
                    .map(|q| q.sessions_attended)
                    .sum(),
            ),
        ),
        (Some(c), _) => (
            Some(
                c.teams
                    .iter()
                    .filter(|q| team.is_none_or(|t| q.team.id == t))
                    .map(|q| q.sessions)
                    .sum(),
            ),
            None,
        ),
    };
    let library = allowed(state.acts.library_standing(acting).await)?;
    let development = allowed(state.acts.development_aggregates(acting).await)?;
    let (pops_reviewed, training_hours_per_fte) = match (&development, scope) {
        (Some(teams), Scope::Organisation | Scope::Team(_)) => {
            let mine: Vec<_> = teams
                .iter()
                .filter(|d| team.is_none_or(|t| d.team.id == t))
                .collect();
            let employees: i64 = mine.iter().map(|d| d.employees).sum();
            let reviewed: i64 = mine.iter().map(|d| d.pops_reviewed).sum();
            let hours: i64 = mine.iter().map(|d| d.training_hours).sum();
            let fte: f64 = mine.iter().map(|d| d.fte).sum();
            (
                (employees > 0).then_some((reviewed, employees)),
                (fte > 0.0).then(|| hours as f64 / fte),
            )
        }
        _ => (None, None),
    };
    Ok(LearningSection {
        coverage,
        sessions_held,
        sessions_attended,
        library,
        pops_reviewed,
        training_hours_per_fte,
    })
}
