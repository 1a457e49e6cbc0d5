//! Roles and what each may do. Deny by default: a role may do only what a
//! rule here grants.

use crate::code::code_enum;
use crate::ids::{EmployeeId, TeamId};

code_enum! {
    /// What an employee's work needs, and so what they may see and do.
    pub enum Role {
        /// Caseworker: full access to own clients, read access to the team's.
        Klantmanager => "klantmanager",
        /// Team lead: full access to the team's clients.
        Teamleider => "teamleider",
        /// Management and quality: aggregates only, no personal data.
        Management => "management",
        /// Functional administration: users, teams, configuration; no client files.
        FunctioneelBeheer => "functioneel_beheer",
        /// External provider: only clients referred to their organisation.
        Aanbieder => "aanbieder",
        /// Sheltered-work company staff: only clients referred to them.
        SwBedrijf => "sw_bedrijf",
    }
    parse: exact
}

/// Who is looking: role, person and team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    pub role: Role,
    pub employee: EmployeeId,
    pub team: TeamId,
}

/// What access to a client depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientScope {
    pub owner_team: TeamId,
    pub owner_employee: EmployeeId,
    /// The team a pending handover offers the client to, if any.
    pub pending_to_team: Option<TeamId>,
}

impl Role {
    /// Roles that work with client files at all.
    pub fn works_with_clients(self) -> bool {
        matches!(self, Role::Klantmanager | Role::Teamleider)
    }
}

/// Reading a client file: the owning team, or the team a pending handover
/// is offered to (so it can decide). Providers and the SW-bedrijf see only
/// clients referred to them, which arrive with referrals.
pub fn may_read_client(v: &Viewer, c: &ClientScope) -> bool {
    v.role.works_with_clients() && (c.owner_team == v.team || c.pending_to_team == Some(v.team))
}

/// Registering a client with a caseworker: only into one's own team (a
/// caseworker or team lead alike); another team gets a client by a handover,
/// which it accepts.
pub fn may_register_with(v: &Viewer, owner_team: TeamId) -> bool {
    v.role.works_with_clients() && owner_team == v.team
}

/// Changing a client file: a caseworker their own clients, a team lead the
/// team's clients.
pub fn may_change_client(v: &Viewer, c: &ClientScope) -> bool {
    match v.role {
        Role::Klantmanager => c.owner_employee == v.employee,
        Role::Teamleider => c.owner_team == v.team,
        _ => false,
    }
}

/// A provider's user reading a client: only while an intervention with their
/// provider is under way (the referral), and only through the provider view.
/// `referred_to` lists the providers with an open intervention for the client.
pub fn may_read_as_provider(
    v: &Viewer,
    provider: Option<crate::ProviderId>,
    referred_to: &[crate::ProviderId],
) -> bool {
    v.role == Role::Aanbieder && provider.is_some_and(|p| referred_to.contains(&p))
}

/// Maintaining the organisation's catalogue, providers, care organisations
/// and which instruments a phase requires.
pub fn may_maintain_catalogue(v: &Viewer) -> bool {
    matches!(v.role, Role::FunctioneelBeheer | Role::Teamleider)
}

/// Seeing who processed a client's data (to answer the person's request):
/// the team lead of the owning team.
pub fn may_read_processing_log(v: &Viewer, c: &ClientScope) -> bool {
    v.role == Role::Teamleider && c.owner_team == v.team
}

/// Reading a handover and its note (reason, work done, particulars,
/// agreements): whoever may read the client now, and the team a *pending*
/// offer is addressed to, which must decide on it. Once the handover is
/// settled, a team that returned it or gave the client away sees it no more.
pub fn may_read_handover(v: &Viewer, client: &ClientScope, to_team: TeamId, pending: bool) -> bool {
    may_read_client(v, client) || (v.role.works_with_clients() && pending && to_team == v.team)
}

/// Deciding a handover (accept, return, withdraw): the teams on either side
/// of it; the handover rules then say which side may do what.
pub fn may_take_part_in_handover(v: &Viewer, from_team: TeamId, to_team: TeamId) -> bool {
    v.role.works_with_clients() && (v.team == from_team || v.team == to_team)
}

/// Seeing the effectenkaart of a scope (aggregates): management all of it;
/// team leads and caseworkers the organisation, their own team, and a team
/// lead also each caseworker of the team, a caseworker only themself.
/// `caseworker_team` is the team of the caseworker a scope names.
pub fn may_view_effects(
    v: &Viewer,
    scope: crate::effects::Scope,
    caseworker_team: Option<TeamId>,
) -> bool {
    use crate::effects::Scope;
    match (v.role, scope) {
        (Role::Management, _) => true,
        (Role::Klantmanager | Role::Teamleider, Scope::Organisation) => true,
        (Role::Klantmanager | Role::Teamleider, Scope::Team(t)) => t == v.team,
        (Role::Teamleider, Scope::Caseworker(_)) => caseworker_team == Some(v.team),
        (Role::Klantmanager, Scope::Caseworker(e)) => e == v.employee,
        _ => false,
    }
}

/// Following a figure down to the clients behind it: only roles that work
/// with client files (management sees aggregates only); which clients show
/// is then up to [`may_read_client`].
pub fn may_see_clients_behind_figures(v: &Viewer) -> bool {
    v.role.works_with_clients()
}

/// Making or withdrawing a result agreement: management for anyone, a team
/// lead for their team and its caseworkers.
pub fn may_manage_agreement(v: &Viewer, scope_team: TeamId) -> bool {
    match v.role {
        Role::Management => true,
        Role::Teamleider => scope_team == v.team,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(role: Role, employee: i64, team: i64) -> Viewer {
        Viewer {
            role,
            employee: EmployeeId(employee),
            team: TeamId(team),
        }
    }

    const CLIENT: ClientScope = ClientScope {
        owner_team: TeamId(1),
        owner_employee: EmployeeId(10),
        pending_to_team: Some(TeamId(2)),
    };

    #[test]
    fn clients_are_registered_into_the_own_team_only() {
        assert!(may_register_with(
            &viewer(Role::Klantmanager, 10, 1),
            TeamId(1)
        ));
        assert!(may_register_with(
            &viewer(Role::Teamleider, 12, 1),
            TeamId(1)
        ));
        assert!(!may_register_with(
            &viewer(Role::Klantmanager, 10, 1),
            TeamId(2)
        ));
        assert!(!may_register_with(
            &viewer(Role::Teamleider, 12, 1),
            TeamId(2)
        ));
        assert!(!may_register_with(
            &viewer(Role::Management, 13, 1),
            TeamId(1)
        ));
    }

    #[test]
    fn handover_notes_follow_the_client_and_a_pending_offer() {
        let intake = viewer(Role::Klantmanager, 11, 1);
        let werk = viewer(Role::Klantmanager, 20, 2);
        let other = viewer(Role::Klantmanager, 30, 3);
        // Pending from team 1 to team 2: both sides read it, a third team not.
        assert!(may_read_handover(&intake, &CLIENT, TeamId(2), true));
        assert!(may_read_handover(&werk, &CLIENT, TeamId(2), true));
        assert!(!may_read_handover(&other, &CLIENT, TeamId(2), true));
        // Accepted: team 2 owns the client; team 1 no longer reads the note.
        let accepted = ClientScope {
            owner_team: TeamId(2),
            owner_employee: EmployeeId(20),
            pending_to_team: None,
        };
        assert!(!may_read_handover(&intake, &accepted, TeamId(2), false));
        assert!(may_read_handover(&werk, &accepted, TeamId(2), false));
        // Returned: back with team 1; the team that returned it sees it no more.
        let returned = ClientScope {
            pending_to_team: None,
            ..CLIENT
        };
        assert!(may_read_handover(&intake, &returned, TeamId(2), false));
        assert!(!may_read_handover(&werk, &returned, TeamId(2), false));
        // Roles without client files never.
        let management = viewer(Role::Management, 40, 2);
        assert!(!may_read_handover(&management, &CLIENT, TeamId(2), true));
    }

    #[test]
    fn caseworker_changes_own_reads_team_and_incoming() {
        assert!(may_change_client(
            &viewer(Role::Klantmanager, 10, 1),
            &CLIENT
        ));
        assert!(!may_change_client(
            &viewer(Role::Klantmanager, 11, 1),
            &CLIENT
        ));
        assert!(may_read_client(&viewer(Role::Klantmanager, 11, 1), &CLIENT));
        assert!(may_read_client(&viewer(Role::Klantmanager, 20, 2), &CLIENT));
        assert!(!may_read_client(
            &viewer(Role::Klantmanager, 30, 3),
            &CLIENT
        ));
        let settled = ClientScope {
            pending_to_team: None,
            ..CLIENT
        };
        assert!(!may_read_client(
            &viewer(Role::Klantmanager, 20, 2),
            &settled
        ));
    }

    #[test]
    fn only_the_team_lead_reads_a_clients_processing_log() {
        assert!(may_read_processing_log(
            &viewer(Role::Teamleider, 12, 1),
            &CLIENT
        ));
        assert!(!may_read_processing_log(
            &viewer(Role::Teamleider, 22, 2),
            &CLIENT
        ));
        assert!(!may_read_processing_log(
            &viewer(Role::Klantmanager, 10, 1),
            &CLIENT
        ));
    }

    #[test]
    fn team_lead_changes_team_clients() {
        assert!(may_change_client(&viewer(Role::Teamleider, 12, 1), &CLIENT));
        assert!(!may_change_client(
            &viewer(Role::Teamleider, 22, 2),
            &CLIENT
        ));
    }

    #[test]
    fn other_roles_see_no_client_files() {
        for role in [
            Role::Management,
            Role::FunctioneelBeheer,
            Role::Aanbieder,
            Role::SwBedrijf,
        ] {
            let v = viewer(role, 10, 1);
            assert!(!may_read_client(&v, &CLIENT), "{role:?}");
            assert!(!may_change_client(&v, &CLIENT), "{role:?}");
            assert!(
                !may_take_part_in_handover(&v, TeamId(1), TeamId(2)),
                "{role:?}"
            );
        }
    }

    #[test]
    fn a_provider_reads_only_clients_referred_to_it() {
        use crate::ProviderId;
        let p = viewer(Role::Aanbieder, 50, 9);
        assert!(may_read_as_provider(
            &p,
            Some(ProviderId(3)),
            &[ProviderId(3)]
        ));
        assert!(!may_read_as_provider(
            &p,
            Some(ProviderId(3)),
            &[ProviderId(4)]
        ));
        assert!(!may_read_as_provider(&p, None, &[ProviderId(3)]));
        assert!(!may_read_as_provider(&p, Some(ProviderId(3)), &[]));
        // A caseworker is no provider, whatever the referral says.
        let k = viewer(Role::Klantmanager, 10, 1);
        assert!(!may_read_as_provider(
            &k,
            Some(ProviderId(3)),
            &[ProviderId(3)]
        ));
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
