//! Access control at the door of every route: every route has a rule, and a
//! request whose route has none is refused (deny by default). A route about
//! a particular client, handover or referred client is gated by the act's
//! own gate in `zicht_acts` (the same decision the act takes, on the pure
//! policy of `zicht_domain::access`), before its body is read.

use axum::{
    extract::{MatchedPath, OriginalUri, Request, State},
    http::Method,
    middleware::Next,
    response::{IntoResponse, Response},
};
use zicht_acts::{handovers::HandoverNeed, Need};
use zicht_domain::{
    access::{Role, Viewer},
    ClientId, DomainError, HandoverId,
};

use crate::{
    actor::{self, Acting},
    auth, AppState, WebError,
};

/// What a route requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Open to anyone: sign-in, the stylesheet, the API description.
    Public,
    /// Any signed-in employee.
    SignedIn,
    /// Signed in with one of these roles.
    Roles(&'static [Role]),
    /// Casework behind an act of `zicht_acts`, which decides who may and
    /// logs it, for API, page and command line alike. The middleware lets a
    /// request through only when the act's own gate would (checked before
    /// the request body is read, so a refused request is never parsed); it
    /// writes no record of its own.
    Act,
    /// An act on the client named by `{id}`: the gate is [`zicht_acts::Acts::open`].
    ActOnClient(Need),
    /// An act on the handover named by `{id}`: the gate is
    /// [`zicht_acts::Acts::open_handover`].
    ActOnHandover(HandoverNeed),
    /// A provider's act on the client named by `{id}`: the gate is
    /// [`zicht_acts::Acts::open_as_provider`].
    ActAsProvider,
}

impl Rule {
    /// What the rule says from the role alone: `Some(allowed)` for the
    /// rules that look at nothing else, `None` for those that also need the
    /// client, handover or referral the request names.
    pub fn admits_role(self, role: Role) -> Option<bool> {
        match self {
            Rule::Public | Rule::SignedIn => Some(true),
            Rule::Roles(roles) => Some(roles.contains(&role)),
            // The acts' lists and uploads: roles that work with client files
            // (each act narrows what it shows to the caller's team).
            Rule::Act => Some(role.works_with_clients()),
            Rule::ActOnClient(_) | Rule::ActOnHandover(_) | Rule::ActAsProvider => None,
        }
    }
}

/// Whether a page may offer `role` a link to the route `pattern` (GET):
/// only when the rule table lets the role in on its role alone, so a menu
/// or a figure never links to a page that answers 403. Routes about one
/// client or handover are decided per request and answer `false`.
pub fn may_link(role: Role, pattern: &str) -> bool {
    rule_for(&Method::GET, pattern).and_then(|r| r.admits_role(role)) == Some(true)
}

/// Roles that work with client files.
pub const CASEWORK: &[Role] = &[Role::Klantmanager, Role::Teamleider];
/// Roles that see the effectenkaart (management: aggregates only).
pub const EFFECTS: &[Role] = &[Role::Klantmanager, Role::Teamleider, Role::Management];
/// Roles that maintain the catalogue, providers and instrument rules.
pub const MAINTAIN: &[Role] = &[Role::FunctioneelBeheer, Role::Teamleider];
/// Team leads and management: aggregates of staff development.
pub const LEADS: &[Role] = &[Role::Teamleider, Role::Management];
/// A provider's users.
pub const PROVIDER: &[Role] = &[Role::Aanbieder];
/// Everyone employed by the organisation itself (not providers).
pub const STAFF: &[Role] = &[
    Role::Klantmanager,
    Role::Teamleider,
    Role::Management,
    Role::FunctioneelBeheer,
];

/// The rule for a route, by method and route pattern; `None` means no rule,
/// which denies.
pub fn rule_for(method: &Method, path: &str) -> Option<Rule> {
    use Rule::*;
    let m = method.as_str();
    Some(match (m, path) {
        ("GET", "/api/openapi.yaml") => Public,
        ("POST", "/api/session") => Public,
        ("DELETE", "/api/session") => SignedIn,
        ("GET", "/api/me") => SignedIn,
        ("GET", "/api/teams") | ("GET", "/api/employees") => Roles(STAFF),
        ("GET", "/api/clients")
        | ("POST", "/api/clients")
        | ("POST", "/api/search")
        | ("GET", "/api/today")
        | ("GET", "/api/handovers")
        | ("POST", "/api/roster")
        | ("GET", "/api/roster/runs") => Act,
        ("GET", "/api/clients/{id}") => ActOnClient(Need::Read),
        ("GET", "/api/clients/{id}/processing-log") => ActOnClient(Need::Log),
        ("POST", "/api/clients/{id}/handovers")
        | ("POST", "/api/clients/{id}/returned-handover/seen")
        | ("POST", "/api/clients/{id}/contacts")
        | ("POST", "/api/clients/{id}/assessments")
        | ("POST", "/api/clients/{id}/phase")
        | ("POST", "/api/clients/{id}/close") => ActOnClient(Need::Change),
        ("GET", "/api/handovers/{id}") => ActOnHandover(HandoverNeed::Read),
        ("POST", "/api/handovers/{id}/accept")
        | ("POST", "/api/handovers/{id}/return")
        | ("POST", "/api/handovers/{id}/withdraw") => ActOnHandover(HandoverNeed::Decide),
        ("POST", "/api/clients/{id}/diagnosis-notes")
        | ("POST", "/api/clients/{id}/ladder")
        | ("POST", "/api/clients/{id}/zrm")
        | ("POST", "/api/clients/{id}/goals")
        | ("POST", "/api/clients/{id}/interventions")
        | ("POST", "/api/clients/{id}/interventions/{intervention}/end")
        | ("POST", "/api/clients/{id}/oversight")
        | ("POST", "/api/clients/{id}/care-referrals")
        | ("POST", "/api/clients/{id}/care-referrals/{referral}/arrival")
        | ("POST", "/api/clients/{id}/care-referrals/{referral}/end") => ActOnClient(Need::Change),
        ("GET", "/api/catalogue") => Roles(STAFF),
        // Aggregates of groups of at least ten: the organisation's own staff.
        ("GET", "/api/what-works") | ("GET", "/wat-werkt") | ("GET", "/wat-werkt/{format}") => {
            Roles(STAFF)
        }
        ("GET", "/api/clients/{id}/comparable") => ActOnClient(Need::Read),
        ("POST", "/api/providers")
        | ("POST", "/api/providers/{id}/contracts")
        | ("POST", "/api/catalogue-items")
        | ("POST", "/api/catalogue-items/{id}/active")
        | ("POST", "/api/care-organisations")
        | ("PUT", "/api/instrument-requirements") => Roles(MAINTAIN),
        ("GET", "/api/provider/clients") => Roles(PROVIDER),
        ("GET", "/api/provider/clients/{id}")
        | ("POST", "/api/provider/clients/{id}/progress-reports") => ActAsProvider,
        ("GET", "/api/effects/instruments") => Roles(EFFECTS),
        // Work: the employer register and vacancies are shared by casework;
        // proposing a client checks the right to change that client.
        ("GET", "/api/employers")
        | ("POST", "/api/employers")
        | ("GET", "/api/employers/{employer}")
        | ("POST", "/api/employers/{employer}/contacts")
        | ("POST", "/api/employers/{employer}/vacancies")
        | ("GET", "/api/vacancies/{vacancy}")
        | ("POST", "/api/vacancies/{vacancy}/proposals")
        | ("POST", "/api/vacancies/{vacancy}/status") => Roles(CASEWORK),
        ("POST", "/api/clients/{id}/work-wishes")
        | ("POST", "/api/clients/{id}/mediations/{mediation}/steps")
        | ("POST", "/api/clients/{id}/mediations/{mediation}/end")
        | ("POST", "/api/clients/{id}/volunteering")
        | ("POST", "/api/clients/{id}/volunteering/{placement}/end")
        | ("POST", "/api/clients/{id}/outflow")
        | ("POST", "/api/clients/{id}/aftercare-check-ins")
        | ("POST", "/api/clients/{id}/sanctions")
        | ("POST", "/api/clients/{id}/sanctions/{sanction}/decision")
        | ("POST", "/api/clients/{id}/letters")
        | ("PUT", "/api/clients/{id}/letters/{letter}")
        | ("DELETE", "/api/clients/{id}/letters/{letter}")
        | ("POST", "/api/clients/{id}/letters/{letter}/send")
        | ("PUT", "/api/clients/{id}/contact-details") => ActOnClient(Need::Change),
        ("GET", "/api/clients/{id}/letters/{letter}")
        | ("GET", "/api/clients/{id}/letters/{letter}/pdf") => ActOnClient(Need::Read),
        ("GET", "/api/letter-templates") => Roles(STAFF),
        ("GET", "/api/letter-drafts") => Roles(CASEWORK),
        ("PUT", "/api/letter-templates/{key}") => Roles(MAINTAIN),
        ("GET", "/api/effects/employer-contacts") => Roles(EFFECTS),

        ("GET", "/inloggen") | ("POST", "/inloggen") => Public,
        ("GET", "/inloggen/oidc") | ("GET", "/inloggen/oidc/terug") => Public,
        ("GET", "/taal/{lang}") | ("GET", "/static/zicht.css") | ("GET", "/static/zicht.js") => {
            Public
        }
        ("POST", "/uitloggen") => SignedIn,
        // Each role lands on its own start page (see `caseload::page`).
        ("GET", "/") => SignedIn,
        // The search page; the search itself is the act's to allow.
        ("GET", "/zoeken") => Roles(CASEWORK),
        ("GET", "/vandaag") => Roles(CASEWORK),
        ("POST", "/zoeken") => Act,
        ("GET", "/klanten/{id}/trajectplan")
        | ("GET", "/klanten/{id}/trajectplan/klantversie")
        | ("GET", "/klanten/{id}/verwijzingen")
        | ("GET", "/klanten/{id}/diagnose") => ActOnClient(Need::Read),
        ("POST", "/klanten/{id}/diagnose/notitie")
        | ("POST", "/klanten/{id}/diagnose/ladder")
        | ("POST", "/klanten/{id}/diagnose/zrm")
        | ("POST", "/klanten/{id}/trajectplan/doel")
        | ("POST", "/klanten/{id}/trajectplan/interventie")
        | ("POST", "/klanten/{id}/trajectplan/interventie/{intervention}/afronden")
        | ("POST", "/klanten/{id}/trajectplan/regiegesprek")
        | ("POST", "/klanten/{id}/verwijzingen")
        | ("POST", "/klanten/{id}/verwijzingen/{referral}/aangekomen")
        | ("POST", "/klanten/{id}/verwijzingen/{referral}/beeindigd") => ActOnClient(Need::Change),
        ("GET", "/werkgevers")
        | ("POST", "/werkgevers")
        | ("GET", "/werkgevers/{employer}")
        | ("POST", "/werkgevers/{employer}/contacten")
        | ("POST", "/werkgevers/{employer}/vacatures")
        | ("GET", "/vacatures/{vacancy}")
        | ("POST", "/vacatures/{vacancy}/voordragen")
        | ("POST", "/vacatures/{vacancy}/status") => Roles(CASEWORK),
        ("GET", "/klanten/{id}/werk")
        | ("GET", "/klanten/{id}/maatregelen")
        | ("GET", "/klanten/{id}/brieven")
        | ("GET", "/klanten/{id}/brieven/{letter}")
        | ("GET", "/klanten/{id}/brieven/{letter}/pdf") => ActOnClient(Need::Read),
        ("POST", "/klanten/{id}/werk/wensen")
        | ("POST", "/klanten/{id}/werk/bemiddeling/{mediation}/stap")
        | ("POST", "/klanten/{id}/werk/bemiddeling/{mediation}/afronden")
        | ("POST", "/klanten/{id}/werk/vrijwilligerswerk")
        | ("POST", "/klanten/{id}/werk/vrijwilligerswerk/{placement}/einde")
        | ("POST", "/klanten/{id}/werk/uitstroom")
        | ("POST", "/klanten/{id}/werk/nazorg")
        | ("POST", "/klanten/{id}/maatregelen")
        | ("POST", "/klanten/{id}/maatregelen/{sanction}/besluit")
        | ("POST", "/klanten/{id}/brieven")
        | ("POST", "/klanten/{id}/brieven/{letter}")
        | ("POST", "/klanten/{id}/brieven/{letter}/versturen")
        | ("POST", "/klanten/{id}/brieven/{letter}/verwijderen")
        | ("GET", "/klanten/{id}/contactgegevens")
        | ("POST", "/klanten/{id}/contactgegevens") => ActOnClient(Need::Change),
        ("GET", "/beheer/brieven") | ("POST", "/beheer/brieven/{key}") => Roles(MAINTAIN),
        ("GET", "/aanbieder") => Roles(PROVIDER),
        ("GET", "/aanbieder/klanten/{id}") | ("POST", "/aanbieder/klanten/{id}/voortgang") => {
            ActAsProvider
        }
        ("GET", "/beheer/catalogus")
        | ("POST", "/beheer/aanbieders")
        | ("POST", "/beheer/aanbieders/{id}/contracten")
        | ("POST", "/beheer/catalogus")
        | ("POST", "/beheer/catalogus/{id}/actief")
        | ("POST", "/beheer/zorgorganisaties")
        | ("POST", "/beheer/instrumenten") => Roles(MAINTAIN),
        ("GET", "/klanten/{id}") => ActOnClient(Need::Read),
        ("GET", "/klanten/{id}/contact")
        | ("POST", "/klanten/{id}/contact")
        | ("GET", "/klanten/{id}/klantinzet")
        | ("POST", "/klanten/{id}/klantinzet")
        | ("GET", "/klanten/{id}/overdracht")
        | ("POST", "/klanten/{id}/overdracht")
        | ("POST", "/klanten/{id}/overdracht/gezien")
        | ("POST", "/klanten/{id}/fase")
        | ("POST", "/klanten/{id}/afsluiten") => ActOnClient(Need::Change),
        ("GET", "/overdrachten/{id}") => ActOnHandover(HandoverNeed::Read),
        // The overdrachtsoverleg's records: the act admits the team's own
        // caseworkers and team lead only.
        ("GET", "/team/overleg/verslag")
        | ("POST", "/team/overleg/verslag")
        | ("GET", "/team/overleg/verslagen/{id}")
        | ("GET", "/api/meetings")
        | ("POST", "/api/meetings")
        | ("GET", "/api/meetings/{id}") => Act,
        // Intervision: the act admits the team's own caseworkers and team
        // lead, and whoever took part in a session.
        ("GET", "/api/intervision")
        | ("POST", "/api/intervision")
        | ("GET", "/api/intervision/{id}")
        | ("POST", "/api/intervision/follow-ups/{id}/done")
        | ("GET", "/intervisie")
        | ("GET", "/intervisie/nieuw")
        | ("POST", "/intervisie/nieuw")
        | ("GET", "/intervisie/{id}")
        | ("POST", "/intervisie/afspraken/{id}/afgerond") => Act,
        // Counts of staff, for the effectenkaart (the act narrows the scope).
        ("GET", "/api/intervision/counts") => Roles(EFFECTS),
        // Professional development: the act admits the employee and their
        // team lead; the aggregates are for management and team leads.
        ("GET", "/api/development/{employee}")
        | ("POST", "/api/development/{employee}/goals")
        | ("POST", "/api/development/{employee}/goals/{goal}/actions")
        | ("POST", "/api/development/{employee}/reviews")
        | ("POST", "/api/development/{employee}/trainings")
        | ("GET", "/ontwikkeling")
        | ("GET", "/ontwikkeling/{employee}")
        | ("POST", "/ontwikkeling/{employee}/doelen")
        | ("POST", "/ontwikkeling/{employee}/doelen/{goal}/acties")
        | ("POST", "/ontwikkeling/{employee}/gesprekken")
        | ("POST", "/ontwikkeling/{employee}/trainingen") => Roles(STAFF),
        ("GET", "/api/development/aggregates") => Roles(LEADS),
        // The library of methods and protocols: casework reads and takes
        // part; the acts decide who writes (owner or team lead) and who
        // makes a version definitive (a team lead).
        ("GET", "/methodieken")
        | ("GET", "/methodieken/nieuw")
        | ("POST", "/methodieken/nieuw")
        | ("GET", "/methodieken/{id}")
        | ("POST", "/methodieken/{id}/versies")
        | ("POST", "/methodieken/versies/{version}/wijzigen")
        | ("POST", "/methodieken/versies/{version}/reacties")
        | ("POST", "/methodieken/versies/{version}/definitief")
        | ("GET", "/api/methods")
        | ("POST", "/api/methods")
        | ("GET", "/api/methods/{id}")
        | ("POST", "/api/methods/{id}/versions")
        | ("PUT", "/api/method-versions/{id}")
        | ("POST", "/api/method-versions/{id}/comments")
        | ("POST", "/api/method-versions/{id}/definitive") => Act,
        ("POST", "/overdrachten/{id}/accepteren")
        | ("POST", "/overdrachten/{id}/terugsturen")
        | ("POST", "/overdrachten/{id}/intrekken") => ActOnHandover(HandoverNeed::Decide),
        ("GET", "/team/inbox")
        | ("GET", "/team/overleg")
        | ("GET", "/afstemming")
        | ("POST", "/afstemming")
        | ("GET", "/afstemming/{run}")
        | ("POST", "/afstemming/{run}/spookklanten")
        | ("POST", "/afstemming/{run}/bevestigen")
        | ("POST", "/afstemming/{run}/annuleren") => Act,
        // Which scope and which clients behind a figure: checked in the handlers.
        ("GET", "/effectenkaart")
        | ("GET", "/effectenkaart/klanten")
        | ("GET", "/effectenkaart/{format}")
        | ("POST", "/effectenkaart/afspraken")
        | ("POST", "/effectenkaart/afspraken/{id}/intrekken")
        | ("GET", "/api/effects")
        | ("GET", "/api/effects/learning")
        | ("GET", "/api/effects/clients")
        | ("GET", "/api/result-agreements")
        | ("POST", "/api/result-agreements")
        | ("POST", "/api/result-agreements/{id}/withdraw") => Roles(EFFECTS),
        _ => return None,
    })
}

pub fn viewer(acting: &Acting) -> Viewer {
    acting.viewer()
}

/// The value of `{id}` in the actual path, found at the pattern's position.
fn path_id(pattern: &str, path: &str) -> Option<i64> {
    let at = pattern.split('/').position(|s| s == "{id}")?;
    path.split('/').nth(at)?.parse().ok()
}

/// The middleware that applies [`rule_for`] to every routed request.
pub async fn authorize(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    // Nested routers see the path without their prefix; the pattern has it.
    let path = request.extensions().get::<OriginalUri>().map_or_else(
        || request.uri().path().to_string(),
        |u| u.path().to_string(),
    );
    let pattern = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_default();
    let Some(rule) = rule_for(request.method(), &pattern) else {
        tracing::warn!(route = %pattern, "route without an access rule refused");
        return forbidden();
    };
    if rule == Rule::Public {
        return next.run(request).await;
    }
    let acting = match request.extensions().get::<Acting>().cloned() {
        Some(a) => a,
        None => {
            let Some(token) = auth::cookie(request.headers(), auth::SESSION_COOKIE) else {
                return WebError::NoActor.into_response();
            };
            match actor::resolve(&state, &token).await {
                Ok(a) => a,
                Err(e) => return e.into_response(),
            }
        }
    };
    let v = acting.viewer();
    let operation = crate::logbook::operation_name(request.method().as_str(), &pattern);
    let allowed = match rule {
        Rule::Public | Rule::SignedIn | Rule::Act | Rule::Roles(_) => {
            Ok(rule.admits_role(v.role) == Some(true))
        }
        Rule::ActOnClient(need) => match path_id(&pattern, &path) {
            None => Err(WebError::NotFound),
            Some(id) => match state
                .acts
                .open(&acting, ClientId(id), need, &operation)
                .await
            {
                Ok(_) => Ok(true),
                Err(e) => return WebError::from(e).into_response(),
            },
        },
        Rule::ActOnHandover(need) => match path_id(&pattern, &path) {
            None => Err(WebError::NotFound),
            Some(id) => match state
                .acts
                .open_handover(&acting, HandoverId(id), need, &operation)
                .await
            {
                Ok(_) => Ok(true),
                Err(e) => return WebError::from(e).into_response(),
            },
        },
        Rule::ActAsProvider => match path_id(&pattern, &path) {
            None => Err(WebError::NotFound),
            Some(id) => match state
                .acts
                .open_as_provider(&acting, ClientId(id), &operation)
                .await
            {
                Ok(_) => Ok(true),
                Err(e) => return WebError::from(e).into_response(),
            },
        },
    };
    match allowed {
        Ok(true) => {
            request.extensions_mut().insert(acting.clone());
            next.run(request).await
        }
        Ok(false) => {
            crate::security::refused(
                crate::security::Event::AccessDenied,
                Some(acting.employee.id.0),
                request.method().as_str(),
                &pattern,
            );
            forbidden()
        }
        Err(e) => e.into_response(),
    }
}

fn forbidden() -> Response {
    WebError::from(DomainError::forbidden("forbidden")).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_read_at_the_pattern_position() {
        assert_eq!(
            path_id("/api/clients/{id}/contacts", "/api/clients/42/contacts"),
            Some(42)
        );
        assert_eq!(path_id("/klanten/{id}", "/klanten/abc"), None);
        assert_eq!(path_id("/afstemming/{run}", "/afstemming/3"), None);
    }

    #[test]
    fn links_follow_the_rule_table() {
        // Management sees aggregates: the effectenkaart, not the reconciliation.
        assert!(may_link(Role::Management, "/effectenkaart"));
        assert!(!may_link(Role::Management, "/afstemming/{run}"));
        assert!(may_link(Role::Klantmanager, "/afstemming/{run}"));
        // The catalogue is kept by team leads and functional administration.
        assert!(!may_link(Role::Klantmanager, "/beheer/catalogus"));
        assert!(may_link(Role::Teamleider, "/beheer/catalogus"));
        assert!(may_link(Role::Aanbieder, "/aanbieder"));
        assert!(!may_link(Role::Aanbieder, "/team/inbox"));
        // A client's page depends on the client, never on the role alone.
        assert!(!may_link(Role::Klantmanager, "/klanten/{id}"));
        assert!(!may_link(Role::Klantmanager, "/no/such/route"));
    }

    #[test]
    fn unknown_routes_have_no_rule() {
        assert_eq!(rule_for(&Method::GET, "/api/secret"), None);
        assert_eq!(rule_for(&Method::DELETE, "/api/clients/{id}"), None);
    }
}
