//! Caseloads per caseworker, compared per 40-hour week (seed 000 compares
//! caseloads on that basis: 105 on average at a social service, 31 at an
//! SW-bedrijf, up to 299 where caseworkers also handle benefits).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::{
    access::Role,
    ids::{EmployeeId, TeamId},
    organisation::Employee,
};

use super::{history::ClientHistory, period::Scope};

/// One caseworker's caseload on a day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseloadRow {
    pub employee: EmployeeId,
    pub team: TeamId,
    pub name: String,
    pub hours_per_week: u32,
    /// Open clients the caseworker owns.
    pub clients: u32,
    /// `clients` scaled to a 40-hour week.
    pub per_40_hours: f64,
    /// Whether `per_40_hours` exceeds the organisation's ceiling.
    pub over_ceiling: bool,
}

/// The caseloads on `day` of the caseworkers in `scope`: everyone with the
/// caseworker or team-lead role, and anyone else who owns clients.
pub fn caseloads(
    histories: &[ClientHistory],
    employees: &[Employee],
    scope: Scope,
    day: Date,
    ceiling: u32,
) -> Vec<CaseloadRow> {
    let mut counts: HashMap<EmployeeId, u32> = HashMap::new();
    for h in histories {
        if h.open_on(day) {
            *counts.entry(h.owner_on(day).employee_id).or_default() += 1;
        }
    }
    let mut rows: Vec<CaseloadRow> = employees
        .iter()
        .filter(|e| match scope {
            Scope::Organisation => true,
            Scope::Team(t) => e.team_id == t,
            Scope::Caseworker(id) => e.id == id,
        })
        .filter_map(|e| {
            let clients = counts.get(&e.id).copied().unwrap_or(0);
            let works_cases = matches!(e.role, Role::Klantmanager | Role::Teamleider);
            (works_cases || clients > 0).then(|| {
                let per_40_hours = f64::from(clients) * 40.0 / f64::from(e.hours_per_week.max(1));
                CaseloadRow {
                    employee: e.id,
                    team: e.team_id,
                    name: e.name.clone(),
                    hours_per_week: e.hours_per_week,
                    clients,
                    per_40_hours,
                    over_ceiling: per_40_hours > f64::from(ceiling),
                }
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        b.per_40_hours
            .total_cmp(&a.per_40_hours)
            .then_with(|| a.name.cmp(&b.name))
    });
    rows
}
