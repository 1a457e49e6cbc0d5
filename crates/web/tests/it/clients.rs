//! Clients, contacts, the klantinzetformulier and the klantkaart through the
//! API and the pages, on a running server.

#![allow(clippy::unwrap_used)]

use crate::common::{TestApp, VALID_BSNS};
use serde_json::{json, Value};

#[tokio::test]
async fn invalid_bsn_is_refused_in_dutch_next_to_its_field_and_nothing_saved() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let r = app
        .post(
            ine,
            "/api/clients",
            json!({"bsn": "123456789", "name": "", "birth_date": "31-02-1990"}),
        )
        .await;
    assert_eq!(r.status(), 422);
    let err: Value = r.json().await.unwrap();
    assert_eq!(err["code"], "invalid_input");
    let errors = err["errors"].as_array().unwrap();
    assert_eq!(errors[0]["field"], "bsn");
    assert_eq!(errors[0]["code"], "bsn_elfproef");
    assert!(errors[0]["message"].as_str().unwrap().contains("elfproef"));
    assert_eq!(errors[1]["field"], "name");
    assert_eq!(errors[2]["field"], "birth_date");
    let list = app.get_json(ine, "/api/clients?include_closed=true").await;
    assert_eq!(list.as_array().unwrap().len(), 0);

    // English on request.
    let r = app
        .request(ine, reqwest::Method::POST, "/api/clients")
        .await
        .header("accept-language", "en-GB,en;q=0.9")
        .json(&json!({"bsn": "12345678a", "name": "X", "birth_date": "01-01-1990"}))
        .send()
        .await
        .unwrap();
    let err: Value = r.json().await.unwrap();
    assert_eq!(
        err["errors"][0]["message"],
        "A BSN consists of digits only."
    );
}

#[tokio::test]
async fn one_open_client_per_bsn() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    app.register(ine, VALID_BSNS[0], "Fleur Visser").await;
    let r = app
        .post(
            ine,
            "/api/clients",
            json!({"bsn": "111.222.333", "name": "F. Visser", "birth_date": "1980-01-01"}),
        )
        .await;
    assert_eq!(r.status(), 409);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "client_exists");
}

#[tokio::test]
async fn requests_without_a_known_actor_are_refused() {
    let app = TestApp::spawn().await;
    let r = app
        .http
        .get(format!("{}/api/clients", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "actor_required");
    let r = app
        .http
        .get(format!("{}/api/clients", app.base))
        .header("cookie", "zicht_session=00112233")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401, "an unknown session is no session");
    // Pages send the person to the sign-in page instead.
    let no_redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = no_redirect
        .get(format!("{}/klanten/1", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/inloggen");
}

#[tokio::test]
async fn contacts_assessments_phase_and_closing_show_on_the_klantkaart() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    let client = app.register(ine, VALID_BSNS[1], "Gerrit Jansen").await;
    let path = format!("/api/clients/{client}");

    // A contact in the future is refused; a valid one is recorded.
    let r = app
        .post(
            ine,
            &format!("{path}/contacts"),
            json!({"date": "01-01-2999", "kind": "gesprek", "with_whom": "klant"}),
        )
        .await;
    assert_eq!(r.status(), 422);
    let r = app
        .post(ine, &format!("{path}/contacts"), json!({"date": "2026-01-05", "kind": "telefoon", "with_whom": "klant", "next_contact_on": "2026-02-01"}))
        .await;
    assert_eq!(r.status(), 201);
    // A colleague in the team may read the file but not change it.
    let late = json!({"date": "2025-12-01", "kind": "huisbezoek", "with_whom": "klant en partner"});
    assert_eq!(app.get(ivo, &path).await.status(), 200);
    let r = app
        .post(ivo, &format!("{path}/contacts"), late.clone())
        .await;
    assert_eq!(r.status(), 403);
    // Recorded late, an older contact does not move "last contact" back.
    let r = app.post(ine, &format!("{path}/contacts"), late).await;
    assert_eq!(r.status(), 201);

    let r = app
        .post(
            ine,
            &format!("{path}/assessments"),
            json!({"assessed_on": "2026-01-05", "on_time": true, "commitment": true}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let r = app
        .post(ine, &format!("{path}/assessments"), json!({"assessed_on": "2026-02-05", "on_time": true, "commitment": true, "accepts_direction": true, "says_in_time": true}))
        .await;
    assert_eq!(r.status(), 201);

    let card = app.get_json(ine, &path).await;
    assert_eq!(card["last_contact"]["date"], "2026-01-05");
    assert_eq!(card["last_contact"]["kind"], "telefoon");
    assert_eq!(card["next_contact_on"], "2026-02-01");
    assert_eq!(card["latest_assessment"]["assessed_on"], "2026-02-05");
    assert_eq!(card["previous_assessment"]["assessed_on"], "2026-01-05");
    assert_eq!(card["skills_trend"], "improved");
    assert_eq!(card["ready_for_mediation"], false);
    assert_eq!(
        card["latest_assessment"]["missing"],
        json!(["dresses_for_work"])
    );

    let r = app
        .post(ine, &format!("{path}/assessments"), json!({"on_time": true, "commitment": true, "accepts_direction": true, "says_in_time": true, "dresses_for_work": true}))
        .await;
    assert_eq!(r.status(), 201);
    let card = app.get_json(ine, &path).await;
    assert_eq!(card["ready_for_mediation"], true);
    let list = app
        .get_json(ine, &format!("/api/clients?owner={}", ine.0))
        .await;
    assert_eq!(list[0]["ready_for_mediation"], true);

    // Phase: a change from another team is refused, from the owner accepted.
    let r = app
        .post(
            app.werk_staff[0],
            &format!("{path}/phase"),
            json!({"phase": "diagnose"}),
        )
        .await;
    assert_eq!(r.status(), 403);
    let r = app
        .post(
            ine,
            &format!("{path}/phase"),
            json!({"phase": "bemiddeling"}),
        )
        .await;
    assert_eq!(r.status(), 204);

    // Closing needs a reason, and no handover may be pending.
    let r = app
        .post(ine, &format!("{path}/close"), json!({"reason": ""}))
        .await;
    assert_eq!(r.status(), 422);
    let handover = app.offer(ine, client, app.werk).await;
    let r = app
        .post(ine, &format!("{path}/close"), json!({"reason": "Verhuisd"}))
        .await;
    assert_eq!(r.status(), 409);
    app.post(
        ine,
        &format!("/api/handovers/{handover}/withdraw"),
        json!({}),
    )
    .await;
    let r = app
        .post(
            ine,
            &format!("{path}/close"),
            json!({"reason": "Verhuisd naar Groningen"}),
        )
        .await;
    assert_eq!(r.status(), 204);
    let card = app.get_json(ine, &path).await;
    assert_eq!(card["open"], false);
    assert_eq!(card["closed_reason"], "Verhuisd naar Groningen");
    let r = app
        .post(
            ine,
            &format!("{path}/contacts"),
            json!({"kind": "gesprek", "with_whom": "klant"}),
        )
        .await;
    assert_eq!(r.status(), 409, "a closed client takes no new contacts");

    let kinds: Vec<String> = card["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().into())
        .collect();
    assert_eq!(
        kinds,
        [
            "closed",
            "handover_withdrawn",
            "handover_offered",
            "phase_changed",
            "assessment_recorded",
            "assessment_recorded",
            "assessment_recorded",
            "contact_recorded",
            "contact_recorded",
            "created"
        ]
    );
    app.assert_healthy().await;
}

#[tokio::test]
async fn klantkaart_page_renders_and_escapes() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let r = app
        .post(ine, "/api/clients", json!({"bsn": VALID_BSNS[2], "name": "<script>alert(1)</script> Hanna", "birth_date": "1990-05-05", "particulars": "Mantelzorger"}))
        .await;
    let client = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let r = app.get(ine, &format!("/klanten/{client}")).await;

    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("default-src 'self'"));
    let html = r.text().await.unwrap();
    assert!(html.contains("Klantkaart"));
    assert!(
        html.contains("&lt;script&gt;") || html.contains("&#60;script&#62;"),
        "names are escaped"
    );
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("Mantelzorger"));
    assert!(html.contains("Nog niet beoordeeld"));

    let r = app.get(ine, "/klanten/999999").await;
    assert_eq!(r.status(), 404);
    let body = r.text().await.unwrap();
    assert!(body.contains("Niet gevonden"), "{body}");
}

#[tokio::test]
async fn caseload_page_lists_own_clients_and_the_search_page_finds_by_bsn() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    app.register(ine, VALID_BSNS[0], "Ine's klant").await;
    app.register(ivo, VALID_BSNS[1], "Ivo's klant").await;
    let mine = app.get(ine, "/").await.text().await.unwrap();
    assert!(
        mine.contains("Ine&#39;s klant") || mine.contains("Ine&#x27;s klant"),
        "{mine}"
    );
    assert!(!mine.contains("Ivo"));
    // The caseload's search form posts to the search page: no term in the address.
    assert!(mine.contains(r#"action="/zoeken""#), "{mine}");
    let r = app.post_form(ine, "/zoeken", &[("q", "123456782")]).await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("Ivo"));
}

/// A client is registered into the registering employee's own team; putting
/// a client with another team is a handover, which that team accepts.
#[tokio::test]
async fn registering_into_another_team_is_refused() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    let wim = app.werk_staff[0];
    let body = |owner: zicht_domain::EmployeeId| {
        json!({"bsn": VALID_BSNS[0], "name": "Anna de Vries", "birth_date": "01-02-1980",
               "owner_employee_id": owner.0})
    };
    let r = app.post(ine, "/api/clients", body(wim)).await;
    assert_eq!(r.status(), 422);
    let err: Value = r.json().await.unwrap();
    assert_eq!(err["errors"][0]["field"], "owner_employee_id");
    assert_eq!(err["errors"][0]["code"], "owner_other_team");
    assert!(err["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("overdracht"));
    let werk = app.get_json(wim, "/api/clients").await;
    assert_eq!(werk, json!([]), "nothing registered");

    // A colleague in the own team is fine.
    let r = app.post(ine, "/api/clients", body(ivo)).await;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let card = app.get_json(ine, &format!("/api/clients/{id}")).await;
    assert_eq!(card["owner_employee"]["id"], ivo.0);
    app.assert_healthy().await;
}
