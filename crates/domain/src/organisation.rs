//! Organisations (tenants), their teams and employees.

use serde::{Deserialize, Serialize};

use crate::{
    access::Role,
    error::DomainError,
    ids::{EmployeeId, OrganisationId, TeamId},
};

/// What a team does in the re-integration process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamKind {
    Intake,
    Werk,
    Participatie,
    SwBedrijf,
    Inkomen,
}

impl TeamKind {
    pub const ALL: [TeamKind; 5] = [
        TeamKind::Intake,
        TeamKind::Werk,
        TeamKind::Participatie,
        TeamKind::SwBedrijf,
        TeamKind::Inkomen,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            TeamKind::Intake => "intake",
            TeamKind::Werk => "werk",
            TeamKind::Participatie => "participatie",
            TeamKind::SwBedrijf => "sw_bedrijf",
            TeamKind::Inkomen => "inkomen",
        }
    }
    pub fn parse(s: &str) -> Option<TeamKind> {
        TeamKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Settings an organisation can change.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrganisationSettings {
    /// A pending handover older than this many working days is overdue.
    pub handover_overdue_working_days: u32,
    /// An open client without contact for more than this many weeks is flagged.
    pub no_contact_weeks: u32,
    /// Closed files are anonymised this many years after closing (the
    /// municipalities' selection list keeps re-integration files 10 years).
    pub retention_years: u32,
}

impl OrganisationSettings {
    /// Validates settings as an administrator enters them.
    pub fn new(
        handover_overdue_working_days: u32,
        no_contact_weeks: u32,
    ) -> Result<Self, DomainError> {
        if !(1..=60).contains(&handover_overdue_working_days) {
            return Err(DomainError::invalid(
                "handover_overdue_working_days",
                "setting_overdue_days_range",
            ));
        }
        if !(1..=104).contains(&no_contact_weeks) {
            return Err(DomainError::invalid(
                "no_contact_weeks",
                "setting_no_contact_weeks_range",
            ));
        }
        Ok(Self {
            handover_overdue_working_days,
            no_contact_weeks,
            retention_years: 10,
        })
    }

    /// Sets the retention term, 1 to 100 years.
    pub fn with_retention_years(mut self, years: u32) -> Result<Self, DomainError> {
        if !(1..=100).contains(&years) {
            return Err(DomainError::invalid(
                "retention_years",
                "setting_retention_range",
            ));
        }
        self.retention_years = years;
        Ok(self)
    }
}

impl Default for OrganisationSettings {
    fn default() -> Self {
        Self {
            handover_overdue_working_days: 5,
            no_contact_weeks: 13,
            retention_years: 10,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Organisation {
    pub id: OrganisationId,
    pub name: String,
    pub settings: OrganisationSettings,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Team {
    pub id: TeamId,
    pub name: String,
    pub kind: TeamKind,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Employee {
    pub id: EmployeeId,
    pub team_id: TeamId,
    pub name: String,
    pub email: String,
    /// Contract hours per week, for comparing caseloads per 40-hour week.
    pub hours_per_week: u32,
    pub role: Role,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_bounds() {
        assert!(OrganisationSettings::new(5, 13).is_ok());
        assert_eq!(
            OrganisationSettings::new(0, 13).unwrap_err().code,
            "setting_overdue_days_range"
        );
        assert_eq!(
            OrganisationSettings::new(61, 13).unwrap_err().code,
            "setting_overdue_days_range"
        );
        assert_eq!(
            OrganisationSettings::new(5, 0).unwrap_err().code,
            "setting_no_contact_weeks_range"
        );
        assert_eq!(
            OrganisationSettings::new(5, 105).unwrap_err().code,
            "setting_no_contact_weeks_range"
        );
    }
}
