//! Every route of the router for every role: the expected answer is written
//! here, independently of the rule table, and a route missing from either
//! fails the test. Cross-tenant access is tried on every client route.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use crate::common::{password_hash, TestApp, VALID_BSNS};
use reqwest::Method;
use serde_json::json;
use zicht_domain::{
    access::Role,
    client::{NewClient, Owner},
    handover::Actor,
    organisation::{OrganisationSettings, TeamKind},
    EmployeeId,
};
use zicht_storage::Ctx;

/// An access refusal, as opposed to a rule of the domain saying no.
async fn refused(r: reqwest::Response) -> (u16, bool) {
    let status = r.status().as_u16();
    let body = r.text().await.unwrap_or_default();
    (
        status,
        status == 403
            && (body.contains("geen toegang tot deze gegevens") || body.contains("alleen totalen")),
    )
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Who {
    Owner,     // klantmanager who owns the test client
    Colleague, // team lead of the owning team
    Receiving, // klantmanager of the team a handover goes to
    OtherTeam, // klantmanager of a team with no part in it
    Management,
    Beheer,
    Aanbieder,
    SwBedrijf,
}

const EVERYONE: [Who; 8] = [
    Who::Owner,
    Who::Colleague,
    Who::Receiving,
    Who::OtherTeam,
    Who::Management,
    Who::Beheer,
    Who::Aanbieder,
    Who::SwBedrijf,
];

/// Who may use each route, as the issue describes the roles.
fn expected(method: &str, path: &str, who: Who) -> Option<bool> {
    use Who::*;
    let casework = matches!(who, Owner | Colleague | Receiving | OtherTeam);
    let staff = casework || matches!(who, Management | Beheer);
    Some(match (method, path) {
        ("GET", "/api/openapi.yaml") | ("POST", "/api/session") => true,
        ("GET", "/inloggen")
        | ("POST", "/inloggen")
        | ("GET", "/inloggen/oidc")
        | ("GET", "/inloggen/oidc/terug")
        | ("GET", "/taal/{lang}")
        | ("GET", "/static/zicht.css")
        | ("GET", "/static/zicht.js") => true,
        ("DELETE", "/api/session") | ("GET", "/api/me") | ("POST", "/uitloggen") => true,
        ("GET", "/api/teams") | ("GET", "/api/employees") => staff,
        ("GET", "/api/clients") | ("POST", "/api/clients") | ("GET", "/api/handovers") => casework,
        ("POST", "/api/roster") | ("GET", "/api/roster/runs") => casework,
        // Everyone with a start page lands there; the SW-bedrijf has none yet.
        ("GET", "/") => who != SwBedrijf,
        ("POST", "/api/search") | ("GET", "/zoeken") | ("POST", "/zoeken") => casework,
        ("GET", "/api/today") | ("GET", "/vandaag") => casework,
        ("GET", "/team/inbox") | ("GET", "/team/overleg") => casework,
        // Meeting records: the caller's own team (the test's id names no meeting).
        ("GET", "/team/overleg/verslag")
        | ("POST", "/team/overleg/verslag")
        | ("GET", "/team/overleg/verslagen/{id}")
        | ("GET", "/api/meetings")
        | ("POST", "/api/meetings")
        | ("GET", "/api/meetings/{id}") => casework,
        // Intervision: the caller's own team and sessions they took part in
        // (the test's id names no session or follow-up).
        ("GET", "/api/intervision")
        | ("POST", "/api/intervision")
        | ("GET", "/api/intervision/{id}")
        | ("POST", "/api/intervision/follow-ups/{id}/done")
        | ("GET", "/intervisie")
        | ("GET", "/intervisie/nieuw")
        | ("POST", "/intervisie/nieuw")
        | ("GET", "/intervisie/{id}")
        | ("POST", "/intervisie/afspraken/{id}/afgerond") => casework,
        // Counts of staff per quarter, for the effectenkaart.
        ("GET", "/api/intervision/counts") => casework || who == Management,
        // Development: staff reach the act, which refuses all but the
        // employee and their team lead (the test's id names no employee);
        // the totals are for team leads and management.
        (_, p)
            if p.starts_with("/api/development/{employee}") || p.starts_with("/ontwikkeling") =>
        {
            staff
        }
        ("GET", "/api/development/aggregates") => matches!(who, Colleague | Management),
        // The library of methods and protocols: casework (the acts decide
        // who writes and who makes definitive; the test's ids name nothing).
        (_, p)
            if p.starts_with("/methodieken")
                || p.starts_with("/api/methods")
                || p.starts_with("/api/method-versions") =>
        {
            casework
        }
        // The handover's own page: who may read it. By the time it is tried
        // (after `/api/handovers/{id}/withdraw`, in path order) the owner
        // has withdrawn the offer, so the receiving team sees it no more.
        ("GET", "/overdrachten/{id}") => matches!(who, Owner | Colleague),
        // The catalogue is read by all staff and kept by leads and beheer.
        ("GET", "/api/catalogue") => staff,
        // What works for whom: aggregates of groups of ten or more, for staff.
        ("GET", "/api/what-works") | ("GET", "/wat-werkt") | ("GET", "/wat-werkt/{format}") => {
            staff
        }
        ("POST", "/api/providers")
        | ("POST", "/api/providers/{id}/contracts")
        | ("POST", "/api/catalogue-items")
        | ("POST", "/api/catalogue-items/{id}/active")
        | ("POST", "/api/care-organisations")
        | ("PUT", "/api/instrument-requirements") => matches!(who, Colleague | Beheer),
        (_, p) if p.starts_with("/beheer/") => matches!(who, Colleague | Beheer),
        // A provider's own list; the test client is referred to nobody.
        ("GET", "/api/provider/clients") | ("GET", "/aanbieder") => who == Aanbieder,
        (_, p)
            if p.starts_with("/api/provider/clients/{id}")
                || p.starts_with("/aanbieder/klanten/{id}") =>
        {
            false
        }
        ("GET", "/api/effects/instruments") => casework || who == Management,
        ("GET", "/api/effects/employer-contacts") => casework || who == Management,
        // The employer register and vacancies belong to casework.
        (_, p)
            if p.starts_with("/api/employers")
                || p.starts_with("/api/vacancies")
                || p.starts_with("/werkgevers")
                || p.starts_with("/vacatures/") =>
        {
            casework
        }
        ("GET", "/api/letter-templates") => staff,
        ("GET", "/api/letter-drafts") => casework,
        ("PUT", "/api/letter-templates/{key}") => matches!(who, Colleague | Beheer),
        ("GET", "/afstemming") | ("POST", "/afstemming") | ("GET", "/afstemming/{run}") => casework,
        ("POST", "/afstemming/{run}/spookklanten")
        | ("POST", "/afstemming/{run}/bevestigen")
        | ("POST", "/afstemming/{run}/annuleren") => casework,
        // The effectenkaart: aggregates for casework and management; the
        // clients behind a figure for casework only.
        ("GET", "/effectenkaart/klanten") | ("GET", "/api/effects/clients") => casework,
        ("GET", "/effectenkaart")
        | ("GET", "/effectenkaart/{format}")
        | ("POST", "/effectenkaart/afspraken")
        | ("POST", "/effectenkaart/afspraken/{id}/intrekken")
        | ("GET", "/api/effects")
        | ("GET", "/api/effects/learning")
        | ("GET", "/api/result-agreements")
        | ("POST", "/api/result-agreements")
        | ("POST", "/api/result-agreements/{id}/withdraw") => casework || who == Management,
        // The test client is the owner's, in the colleague's team, with no handover.
        ("GET", "/api/clients/{id}") | ("GET", "/klanten/{id}") => matches!(who, Owner | Colleague),
        // Who looked at a file: the team lead of the owning team only.
        ("GET", "/api/clients/{id}/processing-log") => matches!(who, Colleague),
        (_, p) if p.starts_with("/api/clients/{id}/") || p.starts_with("/klanten/{id}/") => {
            matches!(who, Owner | Colleague)
        }
        // The test handover goes from the owner's team to the receiving team.
        (_, p) if p.starts_with("/api/handovers/{id}") || p.starts_with("/overdrachten/{id}/") => {
            matches!(who, Owner | Colleague | Receiving)
        }
        _ => return None,
    })
}

#[tokio::test]
async fn every_route_for_every_role() {
    let app = TestApp::spawn().await;
    let store = &app.store;
    let [ine, ivo] = app.intake_staff;
    let [wim, wendy] = app.werk_staff;
    let [piet, pam] = app.participatie_staff;
    store.set_role(ivo, Role::Teamleider).await.unwrap();
    store.set_role(wendy, Role::Management).await.unwrap();
    store.set_role(piet, Role::FunctioneelBeheer).await.unwrap();
    store.set_role(pam, Role::Aanbieder).await.unwrap();
    let ctx = Ctx {
        organisation_id: app.org,
        actor: Actor {
            employee_id: ivo,
            team_id: app.intake,
        },
        at: time::OffsetDateTime::now_utc(),
    };
    let provider = store.create_provider(&ctx, "Aanbieder BV").await.unwrap();
    store
        .set_employee_provider(app.org, pam, Some(provider))
        .await
        .unwrap();
    let sw_team = store
        .create_team(app.org, "SW", TeamKind::SwBedrijf)
        .await
        .unwrap();
    let sw = store
        .create_employee(app.org, sw_team, "Sam SW", "sam@test.example", 32)
        .await
        .unwrap();
    store.set_password_hash(sw, password_hash()).await.unwrap();
    store.set_role(sw, Role::SwBedrijf).await.unwrap();
    // Someone in a team that takes no part: a caseworker of the SW team.
    let other = store
        .create_employee(app.org, sw_team, "Olga Ander", "olga@test.example", 32)
        .await
        .unwrap();
    store
        .set_password_hash(other, password_hash())
        .await
        .unwrap();
    let people: Vec<(Who, EmployeeId)> = vec![
        (Who::Owner, ine),
        (Who::Colleague, ivo),
        (Who::Receiving, wim),
        (Who::OtherTeam, other),
        (Who::Management, wendy),
        (Who::Beheer, piet),
        (Who::Aanbieder, pam),
        (Who::SwBedrijf, sw),
    ];

    for who in EVERYONE {
        assert!(people.iter().any(|(w, _)| *w == who), "{who:?} has nobody");
    }
    let client = app.register(ine, VALID_BSNS[0], "Toegang Test").await;
    let moving = app.register(ine, VALID_BSNS[1], "Overdracht Test").await;
    let handover = app.offer(ine, moving, app.werk).await;
    // A roster naming both clients: applied without confirmation.
    let roster = format!(
        "bsn;naam;ingangsdatum\n{};Toegang Test;01-01-2024\n{};Overdracht Test;01-01-2024\n",
        VALID_BSNS[0], VALID_BSNS[1]
    );
    let run = app.post_raw(ine, "/api/roster", roster.into_bytes()).await;
    assert_eq!(run.status(), 200);
    let run: serde_json::Value = run.json().await.unwrap();
    let run_id = run["run"]["id"].as_i64().unwrap();

    let mut routes = app.routes().await;
    // Methods are read from the router: a route with two has both.
    for (m, p) in [
        ("GET", "/api/clients"),
        ("POST", "/api/clients"),
        ("POST", "/inloggen"),
    ] {
        assert!(
            routes.contains(&(m.to_string(), p.to_string())),
            "{m} {p} not found"
        );
    }
    assert!(routes.len() > 30, "found {} routes", routes.len());
    let unique: BTreeSet<_> = routes.iter().cloned().collect();
    assert_eq!(unique.len(), routes.len());
    // Signing out last, so the other requests keep their session.
    routes.sort_by_key(|(m, p)| {
        (
            p == "/uitloggen" || (m == "DELETE" && p == "/api/session"),
            p.clone(),
        )
    });

    let mut checked = 0;
    for (method, path) in &routes {
        let m = Method::from_bytes(method.as_bytes()).unwrap();
        assert!(
            zicht_web::access::rule_for(&m, path).is_some(),
            "{method} {path} has no access rule"
        );
        for (who, id) in &people {
            let allow = expected(method, path, *who)
                .unwrap_or_else(|| panic!("no expectation for {method} {path}"));
            let concrete = path
                .replace(
                    "{id}",
                    &if path.starts_with("/api/handovers") || path.starts_with("/overdrachten") {
                        handover.to_string()
                    } else {
                        client.to_string()
                    },
                )
                .replace("{run}", &run_id.to_string())
                .replace("{lang}", "nl")
                // Ids of things that do not exist: access comes first.
                .replace("{intervention}", "999999")
                .replace("{referral}", "999999")
                .replace("{employer}", "999999")
                .replace("{employee}", "999999")
                .replace("{goal}", "999999")
                .replace("{vacancy}", "999999")
                .replace("{mediation}", "999999")
                .replace("{placement}", "999999")
                .replace("{sanction}", "999999")
                .replace("{letter}", "999999")
                .replace("{version}", "999999")
                .replace("{key}", "felicitatie_werk");
            let mut req = app.request(*id, m.clone(), &concrete).await;
            // Bodies that fail validation, so allowed requests change nothing.
            req = if path.starts_with("/api") {
                req.json(&json!({"employee_id": 999_999, "reason": "", "phase": "onbekend"}))
            } else {
                let (_, csrf) = app.session(*id).await;
                req.form(&[
                    ("csrf", csrf.as_str()),
                    ("employee_id", "999999"),
                    ("phase", "onbekend"),
                ])
            };
            let (status, denied) = refused(req.send().await.unwrap()).await;
            if allow {
                assert!(
                    !denied && status != 401,
                    "{who:?} should reach {method} {path}, got {status}"
                );
            } else {
                assert!(
                    denied,
                    "{who:?} must be refused {method} {path}, got {status}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 250);
}

/// Two organisations in one database: nothing of one is reachable from the other.
#[tokio::test]
async fn other_organisations_are_invisible_on_every_client_route() {
    let app = TestApp::spawn().await;
    let store = &app.store;
    let ine = app.intake_staff[0];
    let mine = app.register(ine, VALID_BSNS[0], "Eigen Klant").await;

    let other_org = store
        .create_organisation("Buurgemeente", &OrganisationSettings::default())
        .await
        .unwrap();
    let team = store
        .create_team(other_org, "Intake", TeamKind::Intake)
        .await
        .unwrap();
    let stranger = store
        .create_employee(other_org, team, "Buur Man", "buur@test.example", 36)
        .await
        .unwrap();
    store
        .set_password_hash(stranger, password_hash())
        .await
        .unwrap();
    let ctx = Ctx {
        organisation_id: other_org,
        actor: Actor {
            employee_id: stranger,
            team_id: team,
        },
        at: time::OffsetDateTime::now_utc(),
    };
    let theirs = NewClient::parse(
        VALID_BSNS[0],
        "Andermans Klant",
        "1980-01-01",
        "",
        None,
        ctx.today(),
    )
    .unwrap();
    let theirs = store
        .register_client(
            &ctx,
            theirs,
            Owner {
                team_id: team,
                employee_id: stranger,
            },
        )
        .await
        .unwrap();
    let their_werk = store
        .create_team(other_org, "Werk", TeamKind::Werk)
        .await
        .unwrap();
    let note = zicht_domain::handover::HandoverNote::parse("r", "w", "", "a").unwrap();
    let their_handover = store
        .offer_handover(&ctx, theirs, their_werk, None, note)
        .await
        .unwrap();

    let routes = app.routes().await;
    let scoped: Vec<_> = routes.iter().filter(|(_, p)| p.contains("{id}")).collect();
    assert!(scoped.len() >= 20);
    for (me, target_client, target_handover) in
        [(ine, theirs.0, their_handover.0), (stranger, mine, 0)]
    {
        for (method, path) in &scoped {
            let id = if path.starts_with("/api/handovers") || path.starts_with("/overdrachten") {
                if target_handover == 0 {
                    continue;
                }
                target_handover
            } else {
                target_client
            };
            let concrete = path.replace("{id}", &id.to_string());
            let m = Method::from_bytes(method.as_bytes()).unwrap();
            let (_, csrf) = app.session(me).await;
            let r = app
                .request(me, m, &concrete)
                .await
                .json(&json!({"kind": "gesprek", "with_whom": "x", "reason": "x", "phase": "diagnose", "csrf": csrf}))
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            assert!(
                status == 404 || status == 403,
                "{method} {concrete} across organisations gave {status}"
            );
        }
    }
    // Lists and searches never show the other organisation's client.
    let list = app
        .get_json(ine, &format!("/api/clients?q={}", VALID_BSNS[0]))
        .await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], mine);
    let html = app
        .post_form(ine, "/zoeken", &[("q", VALID_BSNS[0])])
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("Andermans Klant"));
    // And its state is untouched.
    let card = store
        .client_card(other_org, theirs, ctx.today())
        .await
        .unwrap();
    assert_eq!(card.timeline.len(), 2);
}
