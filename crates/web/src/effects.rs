//! The effectenkaart service: client histories folded from the event
//! history and kept in memory per organisation, brought up to date from the
//! event feed on every use, so every figure is live without re-reading
//! years of history per request.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex as SyncMutex},
};

use tokio::sync::Mutex;
use zicht_domain::{effects::ClientHistory, ClientId, OrganisationId};
use zicht_storage::{FeedEvent, Store, StoreError};

/// Events read per round trip while catching up.
const PAGE: i64 = 20_000;

/// PostgreSQL hands out ids when a transaction inserts but shows the rows
/// when it commits, so an event with a lower id can appear after a higher
/// one was read. A command's event carries the moment its request began
/// and commits within milliseconds; so once an event more than this old
/// has been read, every lower id is committed or never will be. Reads
/// start again from there and skip what they already folded. (SQLite needs
/// no look-back: its one writer shows rows in id order.) A bulk import
/// (`zicht generate`) is one long transaction: run it with the server
/// stopped, or restart the server after it.
const COMMIT_HORIZON: time::Duration = time::Duration::seconds(60);

/// Histories of one organisation.
#[derive(Default)]
pub struct Histories {
    pub clients: Vec<ClientHistory>,
    index: HashMap<ClientId, usize>,
    /// Every event with an id up to this one has been folded in, and no
    /// other event with a lower id can still appear.
    settled_id: i64,
}

impl Histories {
    /// One client's history, if the organisation has it.
    pub fn client(&self, id: ClientId) -> Option<&ClientHistory> {
        self.index.get(&id).map(|i| &self.clients[*i])
    }

    /// Folds one event; `false` when it does not follow what is known (an
    /// event missing in between), which calls for a full reload.
    fn fold(&mut self, e: &FeedEvent) -> bool {
        match self.index.get(&e.client_id) {
            Some(&i) => {
                let h = &mut self.clients[i];
                let next = i64::from(h.events) + 1;
                if e.seq < next {
                    true // read before, inside the lag window
                } else if e.seq == next {
                    h.apply(e.occurred_at, &e.event);
                    true
                } else {
                    false
                }
            }
            None => match ClientHistory::start(e.client_id, e.occurred_at, &e.event) {
                Some(h) if e.seq == 1 => {
                    self.index.insert(e.client_id, self.clients.len());
                    self.clients.push(h);
                    true
                }
                _ => false,
            },
        }
    }

    async fn catch_up(&mut self, store: &dyn Store, org: OrganisationId) -> Result<(), StoreError> {
        let horizon = time::OffsetDateTime::now_utc() - COMMIT_HORIZON;
        let mut after = self.settled_id;
        let mut settled = after;
        let mut reloaded = false;
        loop {
            let feed = store.event_feed(org, after, PAGE).await?;
            let page = feed.events;
            let mut restart = false;
            for e in &page {
                if !self.fold(e) {
                    if reloaded {
                        // The stored history itself has a gap: `zicht check`
                        // reports it; the figures go on without the event.
                        tracing::error!(client = %e.client_id, seq = e.seq, "event out of sequence in the history");
                        continue;
                    }
                    tracing::warn!(client = %e.client_id, seq = e.seq, "histories out of step; reloading");
                    *self = Histories::default();
                    (reloaded, restart) = (true, true);
                    break;
                }
            }
            if restart {
                (after, settled) = (0, 0);
                continue;
            }
            let Some(last) = page.last() else { break };
            after = last.id;
            settled = if feed.settled {
                last.id
            } else {
                page.iter()
                    .filter(|e| e.occurred_at < horizon)
                    .map(|e| e.id)
                    .fold(settled, i64::max)
            };
            if (page.len() as i64) < PAGE {
                break;
            }
        }
        self.settled_id = self.settled_id.max(settled);
        Ok(())
    }
}

/// The histories of every organisation that has been looked at.
#[derive(Clone, Default)]
pub struct HistoryCache {
    orgs: Arc<SyncMutex<HashMap<OrganisationId, Arc<Mutex<Histories>>>>>,
}

impl HistoryCache {
    /// Runs `f` over the organisation's histories, brought up to date first.
    pub async fn with<R>(
        &self,
        store: &dyn Store,
        org: OrganisationId,
        f: impl FnOnce(&Histories) -> R,
    ) -> Result<R, StoreError> {
        let entry = {
            let mut orgs = self.orgs.lock().unwrap_or_else(|e| e.into_inner());
            orgs.entry(org).or_default().clone()
        };
        let mut histories = entry.lock().await;
        histories.catch_up(store, org).await?;
        Ok(f(&histories))
    }
}

// --- the report ---------------------------------------------------------------

use serde::Serialize;
use time::Date;
use zicht_domain::{
    access::{may_view_effects, Viewer},
    effects::{
        caseloads, compute, indicators, realise, AgreementScope, CaseloadRow, Effects, Indicator,
        Period, Realisation, Rules, Scope,
    },
    organisation::{Employee, Team},
    DomainError,
};
use zicht_storage::GhostResolution;

use crate::{access::viewer, actor::Acting, AppState, WebError, WebResult};
use serde::Deserialize;
use zicht_domain::{
    access::may_manage_agreement,
    effects::{AgreementKind, NewResultAgreement},
    text::parse_date,
    AgreementId,
};

/// Months shown in the trend lines.
pub const TREND_MONTHS: u32 = 12;

/// One month of the trend lines.
#[derive(Debug, Clone, Serialize)]
pub struct TrendPoint {
    pub month: Period,
    pub ready_for_mediation: Option<f64>,
    pub contacted_weekly: Option<f64>,
    pub outflow: u32,
    pub handovers_offered: u32,
}

/// Everything the effectenkaart shows for one scope and period.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub scope: Scope,
    pub scope_name: String,
    pub current: Effects,
    pub previous: Effects,
    pub trend: Vec<TrendPoint>,
    /// The day the caseloads are counted on: the period's end, or today.
    pub caseload_day: Date,
    pub caseload_ceiling: u32,
    pub caseloads: Vec<CaseloadRow>,
    pub agreements: Vec<Realisation>,
    /// The latest reconciliation; organisation-wide, as ghosts have no team.
    pub ghosts: Option<GhostResolution>,
    pub return_window_months: u32,
}

/// The organisation's teams and employees, to name and check scopes.
pub struct Staff {
    pub teams: Vec<Team>,
    pub employees: Vec<Employee>,
}

impl Staff {
    pub async fn load(state: &AppState, org: OrganisationId) -> WebResult<Staff> {
        Ok(Staff {
            teams: state.store.teams(org).await?,
            employees: state.store.employees(org).await?,
        })
    }

    pub fn team_of(&self, scope: Scope) -> Option<zicht_domain::TeamId> {
        match scope {
            Scope::Organisation => None,
            Scope::Team(t) => Some(t),
            Scope::Caseworker(e) => self.employees.iter().find(|x| x.id == e).map(|x| x.team_id),
        }
    }

    /// The scope's name, or `None` when it names nothing of this organisation.
    pub fn name(&self, scope: Scope, organisation: &str) -> Option<String> {
        match scope {
            Scope::Organisation => Some(organisation.to_string()),
            Scope::Team(t) => self
                .teams
                .iter()
                .find(|x| x.id == t)
                .map(|x| x.name.clone()),
            Scope::Caseworker(e) => self
                .employees
                .iter()
                .find(|x| x.id == e)
                .map(|x| x.name.clone()),
        }
    }

    /// Checks that the scope exists and the viewer may see it.
    pub fn check(&self, viewer: &Viewer, scope: Scope) -> WebResult<()> {
        if self.name(scope, "").is_none() {
            return Err(DomainError::invalid("scope", "scope_invalid").into());
        }
        if !may_view_effects(viewer, scope, self.team_of(scope)) {
            return Err(DomainError::forbidden("forbidden").into());
        }
        Ok(())
    }

    /// Whether an agreement's team or caseworker lies within `scope`.
    pub fn agreement_within(&self, a: AgreementScope, scope: Scope) -> bool {
        match (scope, a) {
            (Scope::Organisation, _) => true,
            (Scope::Team(t), AgreementScope::Team(x)) => t == x,
            (Scope::Team(t), AgreementScope::Caseworker(e)) => {
                self.team_of(Scope::Caseworker(e)) == Some(t)
            }
            (Scope::Caseworker(e), AgreementScope::Caseworker(x)) => e == x,
            (Scope::Caseworker(_), AgreementScope::Team(_)) => false,
        }
    }
}

/// The settings the figures follow.
pub fn rules(settings: &zicht_domain::organisation::OrganisationSettings) -> Rules {
    Rules {
        overdue_working_days: settings.handover_overdue_working_days,
        return_window_months: settings.return_window_months,
    }
}

/// Computes the whole effectenkaart of an already checked scope.
pub async fn report(
    state: &AppState,
    org: OrganisationId,
    staff: &Staff,
    scope: Scope,
    period: Period,
    today: Date,
) -> WebResult<Report> {
    let organisation = state.store.organisation(org).await?;
    let settings = organisation.settings.clone();
    let rules = rules(&settings);
    let agreements: Vec<_> = state
        .store
        .result_agreements(org)
        .await?
        .into_iter()
        .filter(|a| staff.agreement_within(a.scope, scope))
        .collect();
    let ghosts = state.store.latest_ghost_resolution(org).await?;
    let caseload_day = period.to.min(today);
    let scope_name = staff.name(scope, &organisation.name).unwrap_or_default();
    let months = Period::months_up_to(period.to, TREND_MONTHS);
    let report = state
        .histories
        .with(state.store.as_ref(), org, |h| {
            // Spread over the cores: this runs for every page view.
            let previous_period = period.previous();
            let (current, previous, trend) = std::thread::scope(|s| {
                let previous =
                    s.spawn(|| compute(&h.clients, scope, previous_period, rules, today));
                let trend = s.spawn(|| indicators::trend(&h.clients, scope, &months));
                let current = compute(&h.clients, scope, period, rules, today);
                // A panic in a helper thread is recomputed here, not passed on.
                let previous = previous
                    .join()
                    .unwrap_or_else(|_| compute(&h.clients, scope, previous_period, rules, today));
                let trend = trend
                    .join()
                    .unwrap_or_else(|_| indicators::trend(&h.clients, scope, &months));
                (current, previous, trend)
            });
            let trend = trend
                .into_iter()
                .map(|m| TrendPoint {
                    month: m.month,
                    ready_for_mediation: m.ready_for_mediation.number(),
                    contacted_weekly: m.contacted_weekly.number(),
                    outflow: m.outflow,
                    handovers_offered: m.handovers_offered,
                })
                .collect();
            Report {
                scope,
                scope_name,
                caseloads: caseloads(
                    &h.clients,
                    &staff.employees,
                    scope,
                    caseload_day,
                    settings.caseload_ceiling,
                ),
                agreements: realise(&agreements, &h.clients, rules, today),
                current,
                previous,
                trend,
                caseload_day,
                caseload_ceiling: settings.caseload_ceiling,
                ghosts,
                return_window_months: settings.return_window_months,
            }
        })
        .await?;
    Ok(report)
}

/// The clients behind one figure of the current period.
pub async fn clients_behind(
    state: &AppState,
    org: OrganisationId,
    scope: Scope,
    period: Period,
    indicator: Indicator,
    today: Date,
) -> WebResult<Vec<ClientId>> {
    let settings = state.store.organisation(org).await?.settings;
    let rules = rules(&settings);
    Ok(state
        .histories
        .with(state.store.as_ref(), org, |h| {
            let e = compute(&h.clients, scope, period, rules, today);
            e.figure(indicator).clients.clone()
        })
        .await?)
}

// --- result agreements ------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AgreementForm {
    pub who: String,
    pub kind: String,
    pub from: String,
    pub to: String,
    pub target: String,
}

/// Validates an agreement form (page and API); also checks the viewer may
/// make it.
fn parse_agreement(
    acting: &Acting,
    staff: &Staff,
    f: &AgreementForm,
) -> WebResult<NewResultAgreement> {
    let mut errors = Vec::new();
    let scope = match Scope::parse(&f.who) {
        Ok(Scope::Team(t)) => Some(AgreementScope::Team(t)),
        Ok(Scope::Caseworker(e)) => Some(AgreementScope::Caseworker(e)),
        _ => {
            errors.push(DomainError::invalid("who", "agreement_scope_invalid"));
            None
        }
    };
    let kind = AgreementKind::parse(&f.kind);
    if kind.is_none() {
        errors.push(DomainError::invalid("kind", "agreement_kind_invalid"));
    }
    let from = parse_date("from", &f.from).map_err(|e| errors.push(e)).ok();
    let to = parse_date("to", &f.to).map_err(|e| errors.push(e)).ok();
    let target = f.target.trim().parse::<u32>().ok();
    if target.is_none() {
        errors.push(DomainError::invalid("target", "agreement_target_range"));
    }
    let (Some(scope), Some(kind), Some(from), Some(to), Some(target)) =
        (scope, kind, from, to, target)
    else {
        return Err(errors.into());
    };
    let agreement = NewResultAgreement::new(scope, kind, from, to, target)
        .map_err(|e| WebError::from(vec![e]))?;
    Period::new(from, to).map_err(|e| WebError::from(vec![e]))?;
    let team = staff.team_of(scope.into()).ok_or_else(|| {
        WebError::from(vec![DomainError::invalid("who", "agreement_scope_invalid")])
    })?;
    if !may_manage_agreement(&viewer(acting), team) {
        return Err(DomainError::forbidden("forbidden").into());
    }
    Ok(agreement)
}

/// Records a result agreement from a form (page or API).
pub async fn make_agreement(
    state: &AppState,
    acting: &Acting,
    form: &AgreementForm,
) -> WebResult<AgreementId> {
    let staff = Staff::load(state, acting.organisation_id).await?;
    let agreement = parse_agreement(acting, &staff, form)?;
    Ok(state
        .store
        .create_result_agreement(&acting.ctx, &agreement)
        .await?)
}

/// Withdraws an agreement, if the viewer may manage its team.
pub async fn withdraw_agreement(
    state: &AppState,
    acting: &Acting,
    id: AgreementId,
) -> WebResult<()> {
    let staff = Staff::load(state, acting.organisation_id).await?;
    let agreement = state
        .store
        .result_agreements(acting.organisation_id)
        .await?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or(WebError::NotFound)?;
    let team = staff
        .team_of(agreement.scope.into())
        .ok_or(WebError::NotFound)?;
    if !may_manage_agreement(&viewer(acting), team) {
        return Err(DomainError::forbidden("forbidden").into());
    }
    Ok(state
        .store
        .withdraw_result_agreement(&acting.ctx, id)
        .await?)
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;
    use zicht_domain::{
        client::{Owner, Phase},
        event::{ClientEvent, RegisterEvent},
        EmployeeId, TeamId,
    };

    use super::*;

    fn event(id: i64, client: i64, seq: i64, e: ClientEvent) -> FeedEvent {
        FeedEvent {
            id,
            client_id: ClientId(client),
            seq,
            occurred_at: datetime!(2026-11-02 10:00 UTC),
            event: e,
        }
    }

    fn created() -> ClientEvent {
        ClientEvent::Register(RegisterEvent::Created {
            bsn: None,
            name: "Klant".into(),
            birth_date: None,
            particulars: String::new(),
            phase: Phase::Intake,
            owner: Owner {
                team_id: TeamId(1),
                employee_id: EmployeeId(1),
            },
        })
    }

    fn phase(to: Phase) -> ClientEvent {
        ClientEvent::Register(RegisterEvent::PhaseChanged {
            from: Phase::Intake,
            to,
        })
    }

    #[test]
    fn events_read_again_are_folded_once_and_a_gap_is_noticed() {
        let mut h = Histories::default();
        assert!(h.fold(&event(1, 7, 1, created())));
        assert!(h.fold(&event(2, 7, 2, phase(Phase::Diagnose))));
        // Read again inside the look-back window: skipped, not applied twice.
        assert!(h.fold(&event(2, 7, 2, phase(Phase::Diagnose))));
        assert_eq!(h.clients[0].phases.len(), 2);
        assert_eq!(h.clients[0].events, 2);
        // Seq 4 without 3: out of step, which makes the cache reload.
        assert!(!h.fold(&event(9, 7, 4, phase(Phase::Activering))));
        // A client whose first event seen is not its registration.
        assert!(!h.fold(&event(10, 8, 2, phase(Phase::Activering))));
        assert!(h.fold(&event(11, 9, 1, created())));
        assert_eq!(h.clients.len(), 2);
    }
}

/// The query every effectenkaart page and export takes.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct EffectsQuery {
    pub scope: String,
    pub from: String,
    pub to: String,
    pub indicator: String,
    pub table: String,
}

/// Reads scope and period; defaults: the viewer's own scope, this quarter.
pub fn parse_query(q: &EffectsQuery, acting: &Acting) -> Result<(Scope, Period), Vec<DomainError>> {
    let mut errors = Vec::new();
    let scope = if q.scope.trim().is_empty() {
        Ok(default_scope(acting))
    } else {
        Scope::parse(&q.scope)
    }
    .map_err(|e| errors.push(e))
    .ok();
    let quarter = Period::quarter_of(acting.today());
    let day = |field, raw: &str, default: time::Date| {
        if raw.trim().is_empty() {
            Ok(default)
        } else {
            zicht_domain::text::parse_date(field, raw)
        }
    };
    let from = day("from", &q.from, quarter.from)
        .map_err(|e| errors.push(e))
        .ok();
    let to = day("to", &q.to, quarter.to)
        .map_err(|e| errors.push(e))
        .ok();
    let period = match (from, to) {
        (Some(f), Some(t)) => Period::new(f, t).map_err(|e| errors.push(e)).ok(),
        _ => None,
    };
    match (scope, period) {
        (Some(s), Some(p)) if errors.is_empty() => Ok((s, p)),
        _ => Err(errors),
    }
}

fn default_scope(acting: &Acting) -> Scope {
    match acting.employee.role {
        zicht_domain::access::Role::Klantmanager => Scope::Caseworker(acting.employee.id),
        zicht_domain::access::Role::Teamleider => Scope::Team(acting.employee.team_id),
        _ => Scope::Organisation,
    }
}
