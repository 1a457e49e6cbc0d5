//! Intervision and case consultation: a session with a case about a client
//! and a follow-up; the client shown only to who may read it (session and
//! timeline, API and page), the follow-up on its owner's Vandaag, and the
//! counts per quarter.

use serde_json::{json, Value};
use time::OffsetDateTime;
use zicht_domain::{access::Role, EmployeeId};

use crate::common::{
    json::{created, days_ago, dmy, expect, field_codes, pairs, today},
    TestApp, VALID_BSNS,
};

async fn operations_for(app: &TestApp, bsn: &str, actor: EmployeeId) -> Vec<String> {
    let start = OffsetDateTime::now_utc() - time::Duration::hours(1);
    app.store
        .processing_log_for(app.org, bsn, start, OffsetDateTime::now_utc())
        .await
        .unwrap()
        .into_iter()
        .filter(|l| l.actor.id == actor)
        .map(|l| l.operation)
        .collect()
}

/// Intake's session a week ago, with Wim of Werk taking part: one case
/// about Intake's client Anna, one follow-up for Wim due yesterday.
/// Returns (session, client, follow-up).
async fn session(app: &TestApp) -> (i64, i64, i64) {
    let [ine, _] = app.intake_staff;
    let [wim, _] = app.werk_staff;
    let anna = app.register(ine, VALID_BSNS[0], "Anna Casus").await;
    let id = created(
        app.post(
            ine,
            "/api/intervision",
            json!({
                "held_on": dmy(days_ago(7)),
                "method": "case_consultation",
                "participants": [ine.0, wim.0],
                "cases": [
                    {"question": "Hoe krijgen we contact?", "advice": "Huisbezoek met de wijkcoach", "client_id": anna},
                    {"question": "Algemene vraag over schulden", "advice": "Schuldhulp eerder inschakelen"}
                ],
                "follow_ups": [
                    {"owner_id": wim.0, "description": "Werkgever bellen over proefplaatsing", "due_on": dmy(days_ago(1))}
                ]
            }),
        )
        .await,
        "record session",
    )
    .await;
    let s = app.get_json(ine, &format!("/api/intervision/{id}")).await;
    let follow_up = s["follow_ups"][0]["id"].as_i64().unwrap();
    (id, anna, follow_up)
}

#[tokio::test]
async fn a_linked_client_is_shown_only_to_who_may_read_it() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    let [wim, _] = app.werk_staff;
    let [piet, _] = app.participatie_staff;
    app.store.set_role(ivo, Role::Teamleider).await.unwrap();
    let (id, anna, _) = session(&app).await;

    // The team reads the client and the advice.
    for who in [ine, ivo] {
        let s = app.get_json(who, &format!("/api/intervision/{id}")).await;
        assert_eq!(s["method"], "case_consultation");
        assert_eq!(s["participants"].as_array().unwrap().len(), 2);
        assert_eq!(s["cases"][0]["client"]["name"], "Anna Casus");
        assert_eq!(s["cases"][0]["client_hidden"], false);
        assert_eq!(s["cases"][1]["client"], Value::Null);
        assert_eq!(s["cases"][1]["client_hidden"], false);
        let html = app
            .get(who, &format!("/intervisie/{id}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("Anna Casus"), "{html}");
        assert!(html.contains("Huisbezoek met de wijkcoach"));
    }
    // A participant of another team reads the session, not the client.
    let s = app.get_json(wim, &format!("/api/intervision/{id}")).await;
    assert_eq!(s["cases"][0]["client"], Value::Null);
    assert_eq!(s["cases"][0]["client_hidden"], true);
    assert!(!s.to_string().contains("Anna Casus"));
    let html = app
        .get(wim, &format!("/intervisie/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("Anna Casus"), "{html}");
    assert!(html.contains("een klant (niet in uw dossiers)"));
    // Someone who neither belongs to the team nor took part: refused.
    for path in [
        format!("/api/intervision/{id}"),
        format!("/intervisie/{id}"),
    ] {
        assert_eq!(app.get(piet, &path).await.status(), 403, "{path}");
    }
    // Lists: the team's sessions and those one took part in.
    assert_eq!(
        app.get_json(wim, "/api/intervision")
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert!(app
        .get_json(piet, "/api/intervision")
        .await
        .as_array()
        .unwrap()
        .is_empty());
    let html = app.get(ine, "/intervisie").await.text().await.unwrap();
    assert!(html.contains(&format!("/intervisie/{id}")), "{html}");

    // The client's timeline shows where the case was discussed.
    let card = app.get_json(ine, &format!("/api/clients/{anna}")).await;
    let entry = card["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "case_consulted")
        .expect("case_consulted on the timeline")
        .clone();
    assert_eq!(entry["event"]["advice"], "Huisbezoek met de wijkcoach");
    assert_eq!(entry["event"]["session_id"], id);
    let html = app
        .get(ine, &format!("/klanten/{anna}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Besproken in casuïstiekoverleg"), "{html}");
    assert!(html.contains("Huisbezoek met de wijkcoach"));
    // Who may not read the client sees no timeline at all.
    assert_eq!(
        app.get(wim, &format!("/api/clients/{anna}")).await.status(),
        403
    );
    assert_eq!(
        app.get(wim, &format!("/klanten/{anna}")).await.status(),
        403
    );

    // Every client shown is logged; the hidden one is not.
    let ops = operations_for(&app, VALID_BSNS[0], ine).await;
    assert!(
        ops.contains(&"intervisie_vastleggen".to_string()),
        "{ops:?}"
    );
    assert!(ops.contains(&"intervisie_lezen".to_string()), "{ops:?}");
    let ops = operations_for(&app, VALID_BSNS[0], wim).await;
    assert!(!ops.contains(&"intervisie_lezen".to_string()), "{ops:?}");

    // A client one may not read cannot be linked.
    let r = app
        .post(
            wim,
            "/api/intervision",
            json!({
                "held_on": dmy(today()),
                "method": "incident_method",
                "participants": [wim.0],
                "cases": [{"question": "v", "advice": "a", "client_id": anna}]
            }),
        )
        .await;
    let err = expect(r, 422, "link unreadable client").await;
    assert_eq!(
        field_codes(&err),
        pairs(&[("cases", "intervision_client_not_readable")])
    );
    app.assert_healthy().await;
}

#[tokio::test]
async fn a_follow_up_lands_on_its_owners_vandaag_until_done() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let [wim, _] = app.werk_staff;
    let [piet, _] = app.participatie_staff;
    let (id, _, follow_up) = session(&app).await;

    let today_json = app.get_json(wim, "/api/today").await;
    let list = today_json["follow_ups"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(
        list[0]["description"],
        "Werkgever bellen over proefplaatsing"
    );
    assert_eq!(list[0]["overdue"], true);
    assert_eq!(list[0]["session_id"], id);
    let html = app.get(wim, "/vandaag").await.text().await.unwrap();
    assert!(html.contains("Afspraken uit intervisie"), "{html}");
    assert!(html.contains("Werkgever bellen over proefplaatsing"));
    // Not on anyone else's.
    let other = app.get_json(ine, "/api/today").await;
    assert!(other["follow_ups"].as_array().unwrap().is_empty());

    // Someone outside the session may not finish it; the owner may, once.
    let done = format!("/api/intervision/follow-ups/{follow_up}/done");
    assert_eq!(app.post(piet, &done, json!({})).await.status(), 403);
    assert_eq!(app.post(wim, &done, json!({})).await.status(), 204);
    let again = expect(app.post(wim, &done, json!({})).await, 409, "twice").await;
    assert_eq!(again["code"], "intervision_follow_up_done");
    let today_json = app.get_json(wim, "/api/today").await;
    assert!(today_json["follow_ups"].as_array().unwrap().is_empty());
    let s = app.get_json(ine, &format!("/api/intervision/{id}")).await;
    assert_eq!(s["follow_ups"][0]["done_by"]["id"], wim.0);
    assert_eq!(s["follow_ups"][0]["overdue"], false);
    app.assert_healthy().await;
}

#[tokio::test]
async fn a_session_recorded_through_the_pages() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    let anna = app.register(ine, VALID_BSNS[1], "Bea Formulier").await;
    let form = app.get(ine, "/intervisie/nieuw").await;
    assert_eq!(form.status(), 200);
    let html = form.text().await.unwrap();
    assert!(html.contains("Bea Formulier"));
    // Missing method and a half-filled case come back with their errors.
    let r = app
        .post_form(
            ine,
            "/intervisie/nieuw",
            &[
                ("held_on", &dmy(today())),
                ("participant", &ine.0.to_string()),
                ("question_1", "Alleen een vraag"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("Kies een methode."), "{html}");
    assert!(html.contains("Alleen een vraag"));

    let r = app
        .post_form(
            ine,
            "/intervisie/nieuw",
            &[
                ("held_on", &dmy(today())),
                ("method", "incident_method"),
                ("participant", &ine.0.to_string()),
                ("participant", &ivo.0.to_string()),
                ("question_1", "Wat werkt bij Bea?"),
                ("advice_1", "Kleine stappen"),
                ("client_1", &anna.to_string()),
                ("owner_1", &ivo.0.to_string()),
                ("description_1", "Casus terugkoppelen"),
                ("due_1", &dmy(today() + time::Duration::days(7))),
            ],
        )
        .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    let to = r.headers()["location"].to_str().unwrap().to_string();
    let html = app.get(ine, &to).await.text().await.unwrap();
    assert!(html.contains("Kleine stappen"), "{html}");
    assert!(html.contains("Bea Formulier"));
    assert!(html.contains("Casus terugkoppelen"));
    let html = app.get(ivo, "/vandaag").await.text().await.unwrap();
    assert!(html.contains("Casus terugkoppelen"), "{html}");
    app.assert_healthy().await;
}

#[tokio::test]
async fn counts_per_team_and_caseworker_per_quarter() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    let [wim, wendy] = app.werk_staff;
    let [_, pam] = app.participatie_staff;
    app.store.set_role(ivo, Role::Teamleider).await.unwrap();
    app.store.set_role(wendy, Role::Management).await.unwrap();
    app.store.set_role(pam, Role::Aanbieder).await.unwrap();
    session(&app).await;
    created(
        app.post(
            ivo,
            "/api/intervision",
            json!({"held_on": dmy(today()), "method": "socratic_dialogue", "participants": [ine.0, ivo.0]}),
        )
        .await,
        "second session",
    )
    .await;
    let quarter = zicht_domain::intervision::quarter(today());
    let same_quarter = zicht_domain::intervision::quarter(days_ago(7)) == quarter;

    let all = app.get_json(wendy, "/api/intervision/counts").await;
    let intake: i64 = all["teams"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["team"]["id"] == app.intake.0)
        .map(|t| t["sessions"].as_i64().unwrap())
        .sum();
    assert_eq!(intake, 2);
    let attended = |v: &Value, e: EmployeeId| -> i64 {
        v["caseworkers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["employee"]["id"] == e.0)
            .map(|c| c["sessions_attended"].as_i64().unwrap())
            .sum()
    };
    assert_eq!(attended(&all, ine), 2);
    assert_eq!(attended(&all, wim), 1);
    if same_quarter {
        assert_eq!(all["teams"][0]["quarter"], quarter);
    }
    // A caseworker sees their own team and themself only.
    let mine = app.get_json(wim, "/api/intervision/counts").await;
    assert!(mine["teams"].as_array().unwrap().is_empty());
    assert_eq!(mine["caseworkers"].as_array().unwrap().len(), 1);
    assert_eq!(attended(&mine, wim), 1);
    // A team lead: the team and its people.
    let lead = app.get_json(ivo, "/api/intervision/counts").await;
    assert_eq!(attended(&lead, ine), 2);
    assert_eq!(attended(&lead, wim), 0);
    // A period before both sessions counts nothing; reversed is refused.
    let past = app
        .get_json(
            wendy,
            &format!(
                "/api/intervision/counts?from={}&to={}",
                dmy(days_ago(60)),
                dmy(days_ago(30))
            ),
        )
        .await;
    assert!(past["teams"].as_array().unwrap().is_empty());
    let r = app
        .get(
            wendy,
            &format!(
                "/api/intervision/counts?from={}&to={}",
                dmy(today()),
                dmy(days_ago(1))
            ),
        )
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(app.get(pam, "/api/intervision/counts").await.status(), 403);
    app.assert_healthy().await;
}
