//! Roles and what each may do. Deny by default: a role may do only what a
//! rule here grants.

use serde::{Deserialize, Serialize};

/// What an employee's work needs, and so what they may see and do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Caseworker: full access to own clients, read access to the team's.
    Klantmanager,
    /// Team lead: full access to the team's clients.
    Teamleider,
    /// Management and quality: aggregates only, no personal data.
    Management,
    /// Functional administration: users, teams, configuration; no client files.
    FunctioneelBeheer,
    /// External provider: only clients referred to their organisation.
    Aanbieder,
    /// Sheltered-work company staff: only clients referred to them.
    SwBedrijf,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Klantmanager,
        Role::Teamleider,
        Role::Management,
        Role::FunctioneelBeheer,
        Role::Aanbieder,
        Role::SwBedrijf,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Klantmanager => "klantmanager",
            Role::Teamleider => "teamleider",
            Role::Management => "management",
            Role::FunctioneelBeheer => "functioneel_beheer",
            Role::Aanbieder => "aanbieder",
            Role::SwBedrijf => "sw_bedrijf",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            Role::Klantmanager => "Klantmanager",
            Role::Teamleider => "Teamleider",
            Role::Management => "Management en kwaliteit",
            Role::FunctioneelBeheer => "Functioneel beheer",
            Role::Aanbieder => "Trajectaanbieder",
            Role::SwBedrijf => "SW-bedrijf",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
