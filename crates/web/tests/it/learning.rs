//! What works for whom, on a running server: figures drawn from interventions
//! planned and ended through the API, a group below the minimum left out,
//! the trajectplan's comparable clients, the export, and no processing-log
//! record for the aggregates.

#![allow(clippy::unwrap_used)]

use crate::common::json::*;
use crate::common::TestApp;
use serde_json::{json, Value};
use zicht_domain::{access::Role, Bsn};

fn bsn(n: u32) -> String {
    (n..)
        .find_map(Bsn::from_prefix)
        .map(|b| b.as_string())
        .unwrap()
}

fn close(a: &Value, b: f64) -> bool {
    (a.as_f64().unwrap() - b).abs() < 1e-3
}

async fn measure(app: &TestApp, by: zicht_domain::EmployeeId, client: i64, days: i64, rung: u8) {
    expect(
        app.post(
            by,
            &format!("/api/clients/{client}/ladder"),
            json!({"measured_on": days_ago(days).to_string(), "rung": rung.to_string(), "remarks": ""}),
        )
        .await,
        201,
        "ladder",
    )
    .await;
}

/// Runs one intervention of `item` for `client`, from 260 to 200 days ago.
async fn run(app: &TestApp, by: zicht_domain::EmployeeId, client: i64, item: i64, outcome: &str) {
    let id = created(
        app.post(
            by,
            &format!("/api/clients/{client}/interventions"),
            json!({
                "catalogue_item_id": item.to_string(),
                "why_this": "Werkritme opbouwen",
                "why_client": "Komt vaak te laat",
                "expected": "Komt op tijd",
                "starts_on": days_ago(260).to_string(),
                "planned_end_on": days_ago(200).to_string(),
            }),
        )
        .await,
        "plan",
    )
    .await;
    let r = app
        .post(
            by,
            &format!("/api/clients/{client}/interventions/{id}/end"),
            json!({"ended_on": days_ago(200).to_string(), "outcome": outcome, "result": "Afgerond"}),
        )
        .await;
    assert!(r.status().is_success(), "end: {}", r.status());
}

fn rows(v: &Value, item: i64) -> Vec<&Value> {
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["intervention"]["item"] == item)
        .collect()
}

#[tokio::test]
async fn figures_come_from_the_histories_and_small_groups_are_left_out() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    app.store.set_role(ivo, Role::Teamleider).await.unwrap();
    let item = |name: &'static str| {
        let app = &app;
        async move {
            created(
                app.post(
                    ivo,
                    "/api/catalogue-items",
                    json!({"name": name, "kind": "in_house", "description": ""}),
                )
                .await,
                name,
            )
            .await
        }
    };
    let a = item("Werkfit-training").await;
    let b = item("Taalcoaching").await;

    // Twelve clients followed A: eleven on rung 2, one on rung 3. Six
    // reached the goal (and rose a rung), three partly, two not, one stopped.
    let outcomes = [
        "achieved",
        "achieved",
        "achieved",
        "achieved",
        "achieved",
        "achieved",
        "partly_achieved",
        "partly_achieved",
        "partly_achieved",
        "not_achieved",
        "not_achieved",
        "stopped",
    ];
    let mut clients = Vec::new();
    for (i, outcome) in outcomes.iter().enumerate() {
        let c = app
            .register(
                ine,
                &bsn(10_000_000 + i as u32 * 1000),
                &format!("Klant {i}"),
            )
            .await;
        let rung = if i == 11 { 3 } else { 2 };
        measure(&app, ine, c, 270, rung).await;
        run(&app, ine, c, a, outcome).await;
        let rise = u8::from(*outcome == "achieved");
        measure(&app, ine, c, 150, rung + rise).await;
        clients.push(c);
    }
    // Three followed B: too few to show anything of B.
    for c in &clients[..3] {
        run(&app, ine, *c, b, "achieved").await;
    }

    let before = app
        .get_json(ivo, &format!("/api/clients/{}/processing-log", clients[9]))
        .await;
    let everyone = app.get_json(ine, "/api/what-works").await;
    assert_eq!(everyone["minimum"], 10);
    assert_eq!(everyone["observations"], 15);
    let all = rows(&everyone, a);
    assert_eq!(all.len(), 1, "{everyone}");
    let r = all[0];
    assert_eq!(r["group"]["by"], "everyone");
    assert_eq!(r["clients"], 12);
    assert_eq!(
        (
            r["achieved"]["count"].as_u64(),
            r["achieved"]["of"].as_u64()
        ),
        (Some(6), Some(12))
    );
    // Wilson for 6 of 12: centre 0.5, half 1.96·√(0.25/12 + 3.8415/576)/1.3201 = 0.2462.
    assert!(
        close(&r["achieved"]["low"], 0.2538) && close(&r["achieved"]["high"], 0.7462),
        "{r}"
    );
    assert_eq!(r["partly"]["count"], 3);
    assert_eq!(r["not_achieved"]["count"], 2);
    assert_eq!(r["stopped"]["count"], 1);
    // The ladder was measured again for all twelve: six rose one rung.
    assert_eq!(r["ladder_rise"]["of"], 12);
    assert!(close(&r["ladder_rise"]["mean"], 0.5));
    // Followed 200 days: six months, not twelve; nobody stepped to work.
    assert_eq!(r["work_within_6_months"]["count"], 0);
    assert_eq!(r["work_within_6_months"]["of"], 12);
    assert!(r["work_within_12_months"].is_null());
    assert!(rows(&everyone, b).is_empty(), "B has three clients");
    assert!(everyone["suppressed"].as_u64().unwrap() > 0);

    // By rung: rung 2 (eleven clients) shown; rung 3 (one client) not.
    let by_rung = app.get_json(ine, "/api/what-works?by=rung").await;
    let rung = rows(&by_rung, a);
    assert_eq!(rung.len(), 1, "{by_rung}");
    assert_eq!(rung[0]["group"], json!({"by": "ladder_rung", "value": 2}));
    assert_eq!(rung[0]["clients"], 11);
    assert_eq!(rung[0]["achieved"]["count"], 6);

    // Bad input: a clear message, nothing else.
    let r = app.get(ine, "/api/what-works?by=shoe_size").await;
    let err = expect(r, 422, "bad grouping").await;
    assert_eq!(field_codes(&err), pairs(&[("by", "what_works_by_invalid")]));

    // The aggregates read no person: the client's log did not grow.
    let after = app
        .get_json(ivo, &format!("/api/clients/{}/processing-log", clients[9]))
        .await;
    assert_eq!(
        after.as_array().unwrap().len(),
        before.as_array().unwrap().len() + 1,
        "only the team lead's own reading of the log was added"
    );

    // Client 9 is still on rung 2: compared with the rung-2 group of A.
    let mine = app
        .get_json(ine, &format!("/api/clients/{}/comparable", clients[9]))
        .await;
    let mine = mine.as_array().unwrap();
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!(mine[0]["group"], json!({"by": "ladder_rung", "value": 2}));
    assert_eq!(mine[0]["clients"], 11);
    // That is a read of the client, logged once.
    let logged = app
        .get_json(ivo, &format!("/api/clients/{}/processing-log", clients[9]))
        .await;
    assert_eq!(
        logged.as_array().unwrap().len(),
        after.as_array().unwrap().len() + 2
    );
    // Another team may not compare someone else's client.
    let [wim, _] = app.werk_staff;
    let r = app
        .get(wim, &format!("/api/clients/{}/comparable", clients[9]))
        .await;
    assert_eq!(r.status(), 403);

    // The trajectplan shows the line for A where the intervention is chosen.
    let html = app
        .get(ine, &format!("/klanten/{}/trajectplan", clients[9]))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Voor klanten zoals deze (trede 2): doel bereikt 55% (n = 11)"),
        "{html}"
    );
    // The page and its export.
    let page = app
        .get(ine, "/wat-werkt?by=rung")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("trede 2") && !page.contains("trede 3"));
    assert!(page.contains("Waarnemingen, geen bewijs."));
    let csv = app
        .get(ine, "/wat-werkt/export.csv?by=rung")
        .await
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(
        lines[1].starts_with("Werkfit-training;eigen aanbod;trede 2;11;54,5%"),
        "{csv}"
    );

    // The effectenkaart's section "leren": one of the two items has enough
    // outcomes; a team lead sees the team's POPs, a caseworker does not.
    let lead = app
        .get_json(ivo, "/api/effects/learning?scope=organisation")
        .await;
    assert_eq!(
        lead["coverage"],
        json!({"items": 2, "items_with_enough": 1, "observations": 15})
    );
    assert_eq!(lead["sessions_held"], 0);
    assert_eq!(lead["library"]["in_force"], 0);
    assert!(lead["pops_reviewed"].is_array(), "{lead}");
    let own = app
        .get_json(ine, "/api/effects/learning?scope=organisation")
        .await;
    assert!(own["pops_reviewed"].is_null() && own["training_hours_per_fte"].is_null());
    let html = app
        .get(ivo, "/effectenkaart?scope=organisation")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Interventies met genoeg uitkomsten"));
    assert!(
        html.contains("1 van 2 (15 afgeronde interventies)"),
        "{html}"
    );
    assert!(html.contains("cijfer-leren-pop"), "{html}");
}
