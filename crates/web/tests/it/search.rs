//! One search over the whole organisation: by BSN (elfproef) or a part of
//! the name without case or diacritics; a client the searcher may not read
//! shows name, team and caseworker only; every person shown is logged.

#![allow(clippy::unwrap_used)]

use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};
use zicht_domain::access::Role;

use crate::common::{TestApp, VALID_BSNS};

async fn search(app: &TestApp, who: zicht_domain::EmployeeId, q: &str) -> Value {
    let r = app.post(who, "/api/search", json!({ "q": q })).await;
    assert_eq!(r.status(), 200, "search {q}");
    r.json().await.unwrap()
}

#[tokio::test]
async fn finds_anyone_by_name_without_diacritics_and_shows_others_only_to_route_a_call() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let [wim, _] = app.werk_staff;
    let yilmaz = app.register(ine, VALID_BSNS[0], "Ayşe Yılmaz").await;
    app.register(ine, VALID_BSNS[1], "Mehmet Öztürk").await;
    app.register(wim, VALID_BSNS[2], "Łukasz Wójcik").await;
    let start = OffsetDateTime::now_utc() - Duration::minutes(1);

    let found = search(&app, ine, "yilmaz").await;
    assert_eq!(found["more"], false);
    let hits = found["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{found}");
    assert_eq!(hits[0]["name"], "Ayşe Yılmaz");
    assert_eq!(hits[0]["id"], yilmaz);
    assert_eq!(hits[0]["phase"], "intake");
    assert_eq!(
        search(&app, ine, "ÖZTURK").await["hits"][0]["name"],
        "Mehmet Öztürk"
    );

    // Another team's client: name, team and caseworker, no file.
    let other = search(&app, ine, "wojcik").await;
    let hit = &other["hits"][0];
    assert_eq!(hit["name"], "Łukasz Wójcik");
    assert_eq!(hit["owner_team"]["id"], app.werk.0);
    assert_eq!(hit["owner_employee"]["id"], wim.0);
    assert!(hit["id"].is_null() && hit["phase"].is_null(), "{other}");
    let page = app
        .post_form(ine, "/zoeken", &[("q", "wojcik")])
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Łukasz Wójcik"), "{page}");
    assert!(
        !page.contains("/klanten/"),
        "no link to a file she may not read"
    );
    let page = app
        .post_form(ine, "/zoeken", &[("q", "yilmaz")])
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("/klanten/{yilmaz}")), "{page}");

    // By BSN, with the elfproef's message for a wrong one.
    let by_bsn = search(&app, ine, VALID_BSNS[2]).await;
    assert_eq!(by_bsn["hits"][0]["name"], "Łukasz Wójcik");
    let r = app
        .post(ine, "/api/search", json!({"q": "111222334"}))
        .await;
    assert_eq!(r.status(), 422);
    let err: Value = r.json().await.unwrap();
    assert_eq!(err["code"], "bsn_elfproef");
    assert_eq!(err["errors"][0]["field"], "q");
    let r = app.post(ine, "/api/search", json!({"q": "a"})).await;
    assert_eq!(r.status(), 422);
    let r = app.post_form(ine, "/zoeken", &[("q", "111222334")]).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("elfproef"));

    // Every person shown is in the processing log, once per search shown in.
    let until = OffsetDateTime::now_utc() + Duration::minutes(1);
    let searched = |bsn: &'static str| {
        let app = &app;
        async move {
            app.store
                .processing_log_for(app.org, bsn, start, until)
                .await
                .unwrap()
                .into_iter()
                .filter(|l| l.operation == "klant_zoeken")
                .count()
        }
    };
    assert_eq!(searched(VALID_BSNS[0]).await, 2, "API and page");
    assert_eq!(searched(VALID_BSNS[1]).await, 1);
    assert_eq!(
        searched(VALID_BSNS[2]).await,
        3,
        "twice by name, once by BSN"
    );
    app.assert_healthy().await;
}

#[tokio::test]
async fn only_casework_searches() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let [_, wendy] = app.werk_staff;
    app.register(ine, VALID_BSNS[0], "Ayşe Yılmaz").await;
    app.store.set_role(wendy, Role::Management).await.unwrap();
    let r = app.post(wendy, "/api/search", json!({"q": "yilmaz"})).await;
    assert_eq!(r.status(), 403);
    assert_eq!(app.get(wendy, "/zoeken").await.status(), 403);
    let r = app.post_form(wendy, "/zoeken", &[("q", "yilmaz")]).await;
    assert_eq!(r.status(), 403);
    assert!(!r.text().await.unwrap().contains("Yılmaz"));
}
