//! Vandaag: what needs a caseworker (a team lead: the team) today, with the
//! reason for each, the inbox of the team, the count in the menu, and one
//! processing-log record per person shown.

#![allow(clippy::unwrap_used)]

use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};
use zicht_domain::{access::Role, calendar};

use crate::common::{TestApp, VALID_BSNS};

fn day(days_ago: i64) -> String {
    (calendar::dutch_date(OffsetDateTime::now_utc()) - Duration::days(days_ago)).to_string()
}

fn reasons_of(today: &Value, client: i64) -> Vec<String> {
    today["clients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["client"]["id"] == client)
        .map(|c| {
            c["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn lists_what_needs_action_with_its_reason_and_logs_who_is_shown() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    let [wim, _] = app.werk_staff;
    let start = OffsetDateTime::now_utc() - Duration::minutes(1);

    let calm = app.register(ine, VALID_BSNS[0], "Anna Rustig").await;
    let missed = app.register(ine, VALID_BSNS[1], "Bram Gemist").await;
    let returned = app.register(ine, VALID_BSNS[2], "Cem Terug").await;
    let stale = app.register(ine, VALID_BSNS[3], "Dirk Oud").await;

    // An appointment five days ago, after a contact ten days ago.
    let r = app
        .post(
            ine,
            &format!("/api/clients/{missed}/contacts"),
            json!({"date": day(10), "kind": "telefoon", "with_whom": "klant", "next_contact_on": day(5)}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    // A five-skills assessment 30 weeks old: past the default term of 26.
    let r = app
        .post(
            ine,
            &format!("/api/clients/{stale}/assessments"),
            json!({"assessed_on": day(210), "on_time": true}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    // A letter left in draft for the calm client: on Vandaag as a letter,
    // not as a reason on the client.
    let r = app
        .post(
            ine,
            &format!("/api/clients/{calm}/letters"),
            json!({"template": "uitnodiging_gesprek"}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let draft: Value = r.json().await.unwrap();
    // Offered to Werk: Werk's inbox shows it, Intake's owner has nothing yet.
    let handover = app.offer(ine, returned, app.werk).await;
    let werk = app.get_json(wim, "/api/today").await;
    assert_eq!(werk["scope"], "mine");
    assert_eq!(werk["inbox"].as_array().unwrap().len(), 1, "{werk}");
    assert_eq!(werk["inbox"][0]["id"], handover);
    assert!(werk["clients"].as_array().unwrap().is_empty());
    // One click from Vandaag to the handover's own page, where it is decided.
    let werk_page = app.get(wim, "/vandaag").await.text().await.unwrap();
    assert!(werk_page.contains(&format!(r#"href="/overdrachten/{handover}""#)));

    let r = app
        .post(
            wim,
            &format!("/api/handovers/{handover}/return"),
            json!({"reason": "Eerst schuldhulp nodig"}),
        )
        .await;
    assert_eq!(r.status(), 200);

    let today = app.get_json(ine, "/api/today").await;
    assert_eq!(today["scope"], "mine");
    assert!(reasons_of(&today, calm).is_empty(), "{today}");
    assert_eq!(reasons_of(&today, missed), ["appointment_past"]);
    assert_eq!(reasons_of(&today, returned), ["handover_returned"]);
    assert_eq!(reasons_of(&today, stale), ["reassessment_due"]);
    // Most urgent first.
    let order: Vec<i64> = today["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["client"]["id"].as_i64().unwrap())
        .collect();
    assert_eq!(order, [returned, missed, stale]);
    assert!(today["inbox"].as_array().unwrap().is_empty());
    assert_eq!(today["letters"].as_array().unwrap().len(), 1, "{today}");
    assert_eq!(today["letters"][0]["client_id"], calm);
    assert_eq!(today["letters"][0]["letter_id"], draft["id"]);

    // The page: reasons in words, the returned one with its reason, a link
    // to act on each, and the count in the menu.
    let page = app.get(ine, "/vandaag").await.text().await.unwrap();
    assert!(page.contains("Overdracht teruggestuurd"), "{page}");
    assert!(page.contains("Eerst schuldhulp nodig"));
    assert!(page.contains(&format!("/klanten/{missed}/contact")));
    assert!(page.contains(&format!("/klanten/{stale}/klantinzet")));
    assert!(page.contains("Brieven in concept (1)"));
    assert!(page.contains(&format!("/klanten/{calm}/brieven/{}", draft["id"])));
    assert!(
        page.contains(r#"<span class="count">4<"#),
        "three clients and a letter in the menu"
    );
    // The count shows on every page, and Werk's inbox is empty again.
    let caseload = app.get(ine, "/").await.text().await.unwrap();
    assert!(caseload.contains(r#"<span class="count">4<"#));
    let werk_page = app.get(wim, "/vandaag").await.text().await.unwrap();
    assert!(
        werk_page.contains("Niets vraagt vandaag om actie."),
        "{werk_page}"
    );

    // A colleague's Vandaag holds none of Ine's clients; the team lead's
    // holds the team's, with who owns each.
    let ivo_today = app.get_json(ivo, "/api/today").await;
    assert!(ivo_today["clients"].as_array().unwrap().is_empty());
    app.store.set_role(ivo, Role::Teamleider).await.unwrap();
    let lead = app.get_json(ivo, "/api/today").await;
    assert_eq!(lead["scope"], "team");
    assert_eq!(lead["clients"].as_array().unwrap().len(), 3);
    let lead_page = app.get(ivo, "/vandaag").await.text().await.unwrap();
    assert!(lead_page.contains("Ine Intake"));

    // One record per person shown, per reading; none for who was not shown.
    let until = OffsetDateTime::now_utc() + Duration::minutes(1);
    let read = |bsn: &'static str| {
        let app = &app;
        async move {
            app.store
                .processing_log_for(app.org, bsn, start, until)
                .await
                .unwrap()
                .into_iter()
                .filter(|l| l.operation == "vandaag_lezen")
                .count()
        }
    };
    // The calm client only as the addressee of Ine's draft, on her API and
    // page reads (a colleague's or the lead's Vandaag lists their own drafts).
    assert_eq!(read(VALID_BSNS[0]).await, 2);
    // Ine's API and page, the lead's API and page.
    assert_eq!(read(VALID_BSNS[1]).await, 4);
    // Also twice in Werk's inbox (API and page), before it was returned.
    assert_eq!(read(VALID_BSNS[2]).await, 6);
    app.assert_healthy().await;

    // The menu reuses its count for a while, but the caller's own change
    // shows at once: a contact today takes the missed appointment off.
    let before = app.get(ine, "/").await.text().await.unwrap();
    assert!(before.contains(r#"<span class="count">4<"#), "{before}");
    let r = app
        .post(
            ine,
            &format!("/api/clients/{missed}/contacts"),
            json!({"date": day(0), "kind": "telefoon", "with_whom": "klant", "summary": "Gebeld"}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let caseload = app.get(ine, "/").await.text().await.unwrap();
    assert!(
        caseload.contains(r#"<span class="count">3<"#),
        "the missed appointment is off the count"
    );
}

#[tokio::test]
async fn casework_starts_on_vandaag_and_other_roles_have_none() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let [_, wendy] = app.werk_staff;

    // Signing in through the page lands on Vandaag.
    let form = app
        .http
        .get(format!("{}/inloggen", app.base))
        .send()
        .await
        .unwrap();
    let cookie = form
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("zicht_signin="))
        .map(|v| v.split(';').next().unwrap().to_string())
        .expect("a pre-session token");
    let token = cookie.split_once('=').unwrap().1.to_string();
    let r = app
        .http
        .post(format!("{}/inloggen", app.base))
        .header("cookie", &cookie)
        .form(&[
            ("email", "ine.intake@test.example"),
            ("password", crate::common::PASSWORD),
            ("signin_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/vandaag");
    // The caseload stays at `/`.
    let caseload = app.get(ine, "/").await;
    assert_eq!(caseload.status(), 200);
    assert!(caseload
        .text()
        .await
        .unwrap()
        .contains(r#"href="/vandaag""#));

    app.store.set_role(wendy, Role::Management).await.unwrap();
    assert_eq!(app.get(wendy, "/api/today").await.status(), 403);
    assert_eq!(app.get(wendy, "/vandaag").await.status(), 403);
    let effects = app.get(wendy, "/effectenkaart").await.text().await.unwrap();
    assert!(
        !effects.contains(r#"href="/vandaag""#),
        "no Vandaag in management's menu"
    );
}
