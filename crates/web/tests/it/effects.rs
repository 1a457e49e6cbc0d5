//! The effectenkaart on a running server and a real database: figures that
//! follow each act at once, drill-down limited by role, result agreements
//! with their realisation, exports, and bad input.

#![allow(clippy::unwrap_used)]

use crate::common::{TestApp, VALID_BSNS};
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};
use zicht_domain::access::Role;

fn figure<'a>(report: &'a Value, key: &str) -> &'a Value {
    report["current"]["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["indicator"] == key)
        .unwrap_or_else(|| panic!("no figure {key}"))
}

fn share(report: &Value, key: &str) -> (u64, u64) {
    let v = &figure(report, key)["value"];
    assert_eq!(v["type"], "share", "{key}: {v}");
    (v["count"].as_u64().unwrap(), v["of"].as_u64().unwrap())
}

fn today() -> time::Date {
    zicht_domain::calendar::dutch_date(OffsetDateTime::now_utc())
}

async fn assess(app: &TestApp, by: zicht_domain::EmployeeId, client: i64, skills: Value) {
    let mut body = json!({"assessed_on": today().to_string(), "remarks": ""});
    for s in skills.as_array().unwrap() {
        body[s.as_str().unwrap()] = json!(true);
    }
    let r = app
        .post(by, &format!("/api/clients/{client}/assessments"), body)
        .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
}

#[tokio::test]
async fn figures_follow_the_history_and_drill_down_follows_the_role() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let [wim, wendy] = app.werk_staff;
    let [piet, pam] = app.participatie_staff;
    app.store.set_role(wendy, Role::Teamleider).await.unwrap();
    app.store.set_role(pam, Role::Management).await.unwrap();

    let c1 = app.register(wim, VALID_BSNS[0], "Anna de Vries").await;
    let c2 = app.register(wim, VALID_BSNS[1], "Bram Bakker").await;
    let c3 = app.register(ine, VALID_BSNS[2], "Cor Claassen").await;
    assess(
        &app,
        wim,
        c1,
        json!([
            "on_time",
            "commitment",
            "accepts_direction",
            "says_in_time",
            "dresses_for_work"
        ]),
    )
    .await;
    assess(&app, wim, c2, json!(["on_time", "commitment"])).await;
    let handover = app.offer(ine, c3, app.werk).await;
    let r = app
        .post(wim, &format!("/api/handovers/{handover}/accept"), json!({}))
        .await;
    assert_eq!(r.status(), 200);

    let from = today() - Duration::days(30);
    let q = format!("scope=team:{}&from={from}&to={}", app.werk.0, today());
    let report = app.get_json(wim, &format!("/api/effects?{q}")).await;
    // Team Werk on the end date: 1 and 2 assessed, 3 arrived by handover and never assessed.
    assert_eq!(share(&report, "never_assessed"), (1, 3));
    assert_eq!(share(&report, "ready_for_mediation"), (1, 2));
    assert_eq!(share(&report, "skill_on_time"), (2, 2));
    assert_eq!(share(&report, "skill_dresses_for_work"), (1, 2));
    assert_eq!(figure(&report, "handovers_offered")["value"]["count"], 1);
    assert_eq!(figure(&report, "handover_days_to_accept")["value"]["of"], 1);
    assert_eq!(share(&report, "handovers_overdue"), (0, 1));
    // Intake's own figures no longer hold client 3.
    let intake = app
        .get_json(
            ine,
            &format!(
                "/api/effects?scope=team:{}&from={from}&to={}",
                app.intake.0,
                today()
            ),
        )
        .await;
    assert_eq!(share(&intake, "never_assessed"), (0, 0));

    // Live: a new assessment shows at once.
    assess(
        &app,
        wim,
        c2,
        json!([
            "on_time",
            "commitment",
            "accepts_direction",
            "says_in_time",
            "dresses_for_work"
        ]),
    )
    .await;
    let report = app.get_json(wim, &format!("/api/effects?{q}")).await;
    assert_eq!(share(&report, "ready_for_mediation"), (2, 2));

    // Drill-down: the clients behind the figure, for the team that may read them.
    let list = app
        .get_json(
            wim,
            &format!("/api/effects/clients?indicator=ready_for_mediation&{q}"),
        )
        .await;
    let ids: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&c1) && ids.contains(&c2));
    // A caseworker of another team sees the organisation's totals, but not Werk's clients.
    let org_q = format!("scope=organisation&from={from}&to={}", today());
    let list = app
        .get_json(
            piet,
            &format!("/api/effects/clients?indicator=ready_for_mediation&{org_q}"),
        )
        .await;
    assert_eq!(list, json!([]));
    // ... nor Werk's team figures.
    let r = app.get(piet, &format!("/api/effects?{q}")).await;
    assert_eq!(r.status(), 403);
    // Management: aggregates of any scope, never clients.
    let r = app.get(pam, &format!("/api/effects?{q}")).await;
    assert_eq!(r.status(), 200);
    let r = app
        .get(
            pam,
            &format!("/api/effects/clients?indicator=ready_for_mediation&{q}"),
        )
        .await;
    assert_eq!(r.status(), 403);
    let err: Value = r.json().await.unwrap();
    assert_eq!(err["code"], "aggregates_only");

    // The page shows the figure with a link down to its clients.
    let page = app.get(wim, &format!("/effectenkaart?{q}")).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Klaar voor bemiddeling"));
    assert!(html.contains("100,0% (2 van 2)"), "{html}");
    assert!(html.contains("/effectenkaart/klanten?indicator=ready_for_mediation"));
    assert!(html.contains("<svg"));
    // The same page in English, through the language switch's cookie.
    let (cookie, _) = app.session(wim).await;
    let english = app
        .http
        .get(format!("{}/effectenkaart?{q}", app.base))
        .header("cookie", format!("{cookie}; lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(english.contains("Ready for mediation"), "{english}");
    assert!(english.contains("100.0% (2 of 2)"));
    let page = app
        .get(
            wim,
            &format!("/effectenkaart/klanten?indicator=ready_for_mediation&{q}"),
        )
        .await;
    let html = page.text().await.unwrap();
    assert!(html.contains("Anna de Vries") && html.contains("Bram Bakker"));
    assert!(!html.contains("Cor Claassen"));

    // Exports of the same figures.
    let csv = app
        .get(wim, &format!("/effectenkaart/export.csv?table=cijfers&{q}"))
        .await;
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = csv.text().await.unwrap();
    assert!(text.contains("Klaar voor bemiddeling;100,0%;2;2"), "{text}");
    let xlsx = app
        .get(wim, &format!("/effectenkaart/export.xlsx?{q}"))
        .await;
    assert_eq!(xlsx.status(), 200);
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));
}

#[tokio::test]
async fn result_agreements_are_realised_from_the_history() {
    let app = TestApp::spawn().await;
    let [wim, wendy] = app.werk_staff;
    app.store.set_role(wendy, Role::Teamleider).await.unwrap();
    let c1 = app.register(wim, VALID_BSNS[0], "Anna de Vries").await;
    let c2 = app.register(wim, VALID_BSNS[1], "Bram Bakker").await;
    for c in [c1, c2] {
        let r = app
            .post(
                wim,
                &format!("/api/clients/{c}/phase"),
                json!({"phase": "activering"}),
            )
            .await;
        assert_eq!(r.status(), 204, "{}", r.text().await.unwrap());
    }
    let from = today() - Duration::days(10);
    let to = today() + Duration::days(20);
    let body = json!({"who": format!("team:{}", app.werk.0), "kind": "in_trajectory",
        "from": from.to_string(), "to": to.to_string(), "target": 3});

    // A caseworker may not make agreements; nothing is stored.
    let r = app.post(wim, "/api/result-agreements", body.clone()).await;
    assert_eq!(r.status(), 403);
    assert_eq!(app.get_json(wim, "/api/result-agreements").await, json!([]));
    // Bad input: a clear message per field, nothing stored.
    let mut bad = body.clone();
    bad["target"] = json!(0);
    bad["to"] = json!("31-02-2026");
    let r = app.post(wendy, "/api/result-agreements", bad).await;
    assert_eq!(r.status(), 422);
    let err: Value = r.json().await.unwrap();
    let fields: Vec<&str> = err["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"to"), "{err}");
    assert_eq!(app.get_json(wim, "/api/result-agreements").await, json!([]));
    // Another team's lead may not make one for Werk.
    let r = app
        .post(
            app.participatie_staff[0],
            "/api/result-agreements",
            body.clone(),
        )
        .await;
    assert_eq!(r.status(), 403);

    let r = app.post(wendy, "/api/result-agreements", body).await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    let q = format!("scope=team:{}&from={from}&to={to}", app.werk.0);
    let report = app.get_json(wendy, &format!("/api/effects?{q}")).await;
    let a = &report["agreements"][0];
    assert_eq!(a["agreement"]["id"], id);
    assert_eq!(a["realised"], 2.0);
    assert_eq!(a["met"], false);
    // One more client in a trajectory realises it, without anyone typing a number.
    let c3 = app.register(wim, VALID_BSNS[2], "Cor Claassen").await;
    app.post(
        wim,
        &format!("/api/clients/{c3}/phase"),
        json!({"phase": "bemiddeling"}),
    )
    .await;
    let report = app.get_json(wendy, &format!("/api/effects?{q}")).await;
    assert_eq!(report["agreements"][0]["realised"], 3.0);
    assert_eq!(report["agreements"][0]["met"], true);

    // Caseload counted per 40 hours (test staff work 36 hours).
    let wim_row = report["caseloads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["employee"] == wim.0)
        .unwrap()
        .clone();
    assert_eq!(wim_row["clients"], 3);
    assert!((wim_row["per_40_hours"].as_f64().unwrap() - 3.0 * 40.0 / 36.0).abs() < 1e-9);

    let r = app
        .post(
            wim,
            &format!("/api/result-agreements/{id}/withdraw"),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 403);
    let r = app
        .post(
            wendy,
            &format!("/api/result-agreements/{id}/withdraw"),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 204);
    assert_eq!(app.get_json(wim, "/api/result-agreements").await, json!([]));
}

#[tokio::test]
async fn bad_periods_and_scopes_get_a_message_and_no_figures() {
    let app = TestApp::spawn().await;
    let [wim, _] = app.werk_staff;
    for (query, field) in [
        ("from=2026-12-01&to=2026-01-01", "to"),
        ("from=2010-01-01&to=2026-01-01", "to"),
        ("from=morgen&to=2026-01-01", "from"),
        ("scope=team:abc", "scope"),
    ] {
        let r = app.get(wim, &format!("/api/effects?{query}")).await;
        assert_eq!(r.status(), 422, "{query}");
        let err: Value = r.json().await.unwrap();
        assert_eq!(err["errors"][0]["field"], field, "{query}: {err}");
        let page = app.get(wim, &format!("/effectenkaart?{query}")).await;
        assert_eq!(page.status(), 422, "{query}");
        let html = page.text().await.unwrap();
        assert!(!html.contains("id=\"kaart\""), "{query}");
    }
    // A team that does not exist, and an indicator that does not.
    let r = app.get(wim, "/api/effects?scope=team:99999").await;
    assert_eq!(r.status(), 422);
    let r = app
        .get(wim, "/api/effects/clients?indicator=happiness")
        .await;
    assert_eq!(r.status(), 422);
    let err: Value = r.json().await.unwrap();
    assert!(err["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("effectenkaart"));
}
