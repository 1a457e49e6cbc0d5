//! Organisations (tenants), their teams and employees.

use serde::{Deserialize, Serialize};

use crate::{
    access::Role,
    code::code_enum,
    error::DomainError,
    ids::{EmployeeId, OrganisationId, ProviderId, TeamId},
};

code_enum! {
    /// What a team does in the re-integration process.
    pub enum TeamKind {
        Intake => "intake",
        Werk => "werk",
        Participatie => "participatie",
        SwBedrijf => "sw_bedrijf",
        Inkomen => "inkomen",
    }
    parse: exact
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
    /// Clients per 40-hour week above which a caseworker's caseload is
    /// flagged.
    pub caseload_ceiling: u32,
    /// A client who returns to benefit within this many months after
    /// outflow counts as not durably out (6, 12 or 24).
    pub return_window_months: u32,
    /// Days a care referral may wait for the client to arrive before it is flagged.
    #[serde(default = "default_care_arrival_days")]
    pub care_arrival_days: u32,
    /// Months of aftercare (nazorg) after outflow.
    #[serde(default = "default_aftercare_months")]
    pub aftercare_months: u32,
    /// A roster run that would change the benefit status of more than this
    /// share of the open clients (in percent) waits for confirmation.
    #[serde(default = "default_roster_confirm_share")]
    pub roster_confirm_share: u32,
    /// Weeks after which a five-skills assessment is due again.
    #[serde(default = "default_reassessment_weeks")]
    pub reassessment_weeks: u32,
}

fn default_reassessment_weeks() -> u32 {
    26
}

fn default_roster_confirm_share() -> u32 {
    crate::roster::DEFAULT_CONFIRM_SHARE_PERCENT
}

fn default_aftercare_months() -> u32 {
    6
}

fn default_care_arrival_days() -> u32 {
    14
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
            ..Self::default()
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

    /// Sets the caseload ceiling, 1 to 1000 clients per 40-hour week.
    pub fn with_caseload_ceiling(mut self, clients: u32) -> Result<Self, DomainError> {
        if !(1..=1000).contains(&clients) {
            return Err(DomainError::invalid(
                "caseload_ceiling",
                "setting_caseload_ceiling_range",
            ));
        }
        self.caseload_ceiling = clients;
        Ok(self)
    }

    /// Sets the return window: 6, 12 or 24 months.
    pub fn with_care_arrival_days(mut self, days: u32) -> Result<Self, DomainError> {
        if !(1..=365).contains(&days) {
            return Err(DomainError::invalid(
                "care_arrival_days",
                "setting_care_arrival_days_range",
            ));
        }
        self.care_arrival_days = days;
        Ok(self)
    }

    /// Sets the share of open clients (1 to 100 percent) a roster run may
    /// change without confirmation; 100 asks only when the file shrank.
    pub fn with_roster_confirm_share(mut self, percent: u32) -> Result<Self, DomainError> {
        if !(1..=100).contains(&percent) {
            return Err(DomainError::invalid(
                "roster_confirm_share",
                "setting_roster_confirm_share_range",
            ));
        }
        self.roster_confirm_share = percent;
        Ok(self)
    }

    pub fn with_aftercare_months(mut self, months: u32) -> Result<Self, DomainError> {
        if !(1..=24).contains(&months) {
            return Err(DomainError::invalid(
                "aftercare_months",
                "setting_aftercare_months_range",
            ));
        }
        self.aftercare_months = months;
        Ok(self)
    }

    /// Sets the re-assessment term of the five skills, 4 to 104 weeks.
    pub fn with_reassessment_weeks(mut self, weeks: u32) -> Result<Self, DomainError> {
        if !(4..=104).contains(&weeks) {
            return Err(DomainError::invalid(
                "reassessment_weeks",
                "setting_reassessment_weeks_range",
            ));
        }
        self.reassessment_weeks = weeks;
        Ok(self)
    }

    pub fn with_return_window_months(mut self, months: u32) -> Result<Self, DomainError> {
        if ![6, 12, 24].contains(&months) {
            return Err(DomainError::invalid(
                "return_window_months",
                "setting_return_window",
            ));
        }
        self.return_window_months = months;
        Ok(self)
    }
}

impl Default for OrganisationSettings {
    fn default() -> Self {
        Self {
            handover_overdue_working_days: 5,
            no_contact_weeks: 13,
            retention_years: 10,
            caseload_ceiling: 150,
            return_window_months: 12,
            care_arrival_days: default_care_arrival_days(),
            aftercare_months: default_aftercare_months(),
            roster_confirm_share: default_roster_confirm_share(),
            reassessment_weeks: default_reassessment_weeks(),
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
    /// For a provider's user (role `aanbieder`): the provider they work for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_id: Option<ProviderId>,
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

    #[test]
    fn new_settings_start_from_the_defaults() {
        let s = OrganisationSettings::new(8, 6).unwrap();
        assert_eq!(s.retention_years, 10);
        assert_eq!(s.caseload_ceiling, 150);
        assert_eq!(s.return_window_months, 12);
        let d = OrganisationSettings::default();
        assert_eq!((d.caseload_ceiling, d.return_window_months), (150, 12));
    }

    #[test]
    fn caseload_ceiling_bounds() {
        let s = OrganisationSettings::default();
        for ok in [1, 150, 1000] {
            assert_eq!(
                s.clone()
                    .with_caseload_ceiling(ok)
                    .unwrap()
                    .caseload_ceiling,
                ok
            );
        }
        for bad in [0, 1001, u32::MAX] {
            let e = s.clone().with_caseload_ceiling(bad).unwrap_err();
            assert_eq!(e.code, "setting_caseload_ceiling_range");
            assert_eq!(e.field, Some("caseload_ceiling"));
        }
    }

    #[test]
    fn roster_confirm_share_is_1_to_100_percent_default_10() {
        let s = OrganisationSettings::default();
        assert_eq!(s.roster_confirm_share, 10);
        for ok in [1, 10, 50, 100] {
            assert_eq!(
                s.clone()
                    .with_roster_confirm_share(ok)
                    .unwrap()
                    .roster_confirm_share,
                ok
            );
        }
        for bad in [0, 101, u32::MAX] {
            let e = s.clone().with_roster_confirm_share(bad).unwrap_err();
            assert_eq!(e.code, "setting_roster_confirm_share_range");
            assert_eq!(e.field, Some("roster_confirm_share"));
        }
        // Settings stored before the guard existed read as the default.
        let old: OrganisationSettings = serde_json::from_str(
            r#"{"handover_overdue_working_days":5,"no_contact_weeks":13,"retention_years":10,
                "caseload_ceiling":150,"return_window_months":12}"#,
        )
        .unwrap();
        assert_eq!(old.roster_confirm_share, 10);
    }

    #[test]
    fn return_window_is_6_12_or_24_months() {
        let s = OrganisationSettings::default();
        for ok in [6, 12, 24] {
            assert_eq!(
                s.clone()
                    .with_return_window_months(ok)
                    .unwrap()
                    .return_window_months,
                ok
            );
        }
        for bad in [0, 1, 5, 7, 11, 13, 18, 23, 25, 36] {
            let e = s.clone().with_return_window_months(bad).unwrap_err();
            assert_eq!(e.code, "setting_return_window");
            assert_eq!(e.field, Some("return_window_months"));
        }
    }
}
