//! The overdrachtsoverleg as a meeting: the agenda, recording a meeting,
//! listing and reading it, who may, and what is written to the processing
//! log.

use serde_json::{json, Value};
use time::OffsetDateTime;
use zicht_domain::{access::Role, EmployeeId};

use crate::common::{TestApp, VALID_BSNS};

/// Today as the API takes it.
fn today() -> String {
    let d = zicht_domain::calendar::dutch_date(OffsetDateTime::now_utc());
    zicht_domain::text::dmy(d)
}

/// Two handovers around team Intake: one it offered to Werk, one Werk
/// offered to it. Returns (client out, handover out, client in, handover in).
async fn two_handovers(app: &TestApp) -> (i64, i64, i64, i64) {
    let [ine, _] = app.intake_staff;
    let [wim, _] = app.werk_staff;
    let out = app.register(ine, VALID_BSNS[0], "Anna Uitgaand").await;
    let h_out = app.offer(ine, out, app.werk).await;
    let inc = app.register(wim, VALID_BSNS[1], "Bram Binnenkomend").await;
    let h_in = app.offer(wim, inc, app.intake).await;
    (out, h_out, inc, h_in)
}

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

#[tokio::test]
async fn a_team_records_a_meeting_lists_it_and_reads_it_back() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    app.store.set_role(ivo, Role::Teamleider).await.unwrap();
    let (_, h_out, _, h_in) = two_handovers(&app).await;

    let r = app
        .post(
            ivo,
            "/api/meetings",
            json!({
                "held_on": today(),
                "attendees": [ine.0, ivo.0],
                "decisions": [
                    {"handover_id": h_out, "outcome": "postponed", "note": ""},
                    {"handover_id": h_in, "outcome": "returned", "note": "Eerst schuldhulp"}
                ]
            }),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    let list = app.get_json(ine, "/api/meetings").await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["attendee_count"], 2);
    assert_eq!(list[0]["decision_count"], 2);
    assert_eq!(list[0]["recorded_by"]["id"], ivo.0);

    let m = app.get_json(ine, &format!("/api/meetings/{id}")).await;
    assert_eq!(m["team"]["name"], "Intake");
    assert_eq!(m["attendees"].as_array().unwrap().len(), 2);
    let decisions = m["decisions"].as_array().unwrap();
    assert_eq!(decisions.len(), 2);
    let returned = decisions.iter().find(|d| d["handover_id"] == h_in).unwrap();
    assert_eq!(returned["outcome"], "returned");
    assert_eq!(returned["client"]["name"], "Bram Binnenkomend");
    assert_eq!(returned["note"], "Eerst schuldhulp");
    // The record notes the decision; the handover itself is still pending.
    let h = app.get_json(ine, &format!("/api/handovers/{h_in}")).await;
    assert_eq!(h["status"], "pending");

    // One processing-log record per client shown, for the reader.
    for bsn in [VALID_BSNS[0], VALID_BSNS[1]] {
        let ops = operations_for(&app, bsn, ine).await;
        assert_eq!(
            ops.iter()
                .filter(|o| *o == "overdrachtsoverleg_lezen")
                .count(),
            1,
            "{bsn}: {ops:?}"
        );
        let ops = operations_for(&app, bsn, ivo).await;
        assert!(ops.contains(&"overdrachtsoverleg_vastleggen".to_string()));
    }

    // The pages: the agenda lists it under "Eerdere overleggen", the
    // meeting has its own page.
    let html = app.get(ine, "/team/overleg").await.text().await.unwrap();
    assert!(html.contains("Eerdere overleggen"), "{html}");
    assert!(html.contains(&format!("/team/overleg/verslagen/{id}")));
    let r = app.get(ine, &format!("/team/overleg/verslagen/{id}")).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("Bram Binnenkomend"));
    assert!(html.contains("Eerst schuldhulp"));
    assert!(html.contains("Ivo Intake"));
    app.assert_healthy().await;
}

#[tokio::test]
async fn another_team_is_refused_and_an_unknown_meeting_is_not_found() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let [wim, wendy] = app.werk_staff;
    app.store.set_role(wendy, Role::Teamleider).await.unwrap();
    let (_, h_out, _, _) = two_handovers(&app).await;
    let r = app
        .post(
            ine,
            "/api/meetings",
            json!({"held_on": today(), "attendees": [ine.0],
                   "decisions": [{"handover_id": h_out, "outcome": "accepted"}]}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    // Werk took part in the handover, but not in Intake's meeting.
    for who in [wim, wendy] {
        let r = app.get(who, &format!("/api/meetings/{id}")).await;
        assert_eq!(r.status(), 403);
        let r = app.get(who, &format!("/team/overleg/verslagen/{id}")).await;
        assert_eq!(r.status(), 403);
        let r = app
            .get(who, &format!("/api/meetings?team={}", app.intake.0))
            .await;
        assert_eq!(r.status(), 403);
        let r = app
            .post(
                who,
                "/api/meetings",
                json!({"team_id": app.intake.0, "held_on": today(), "attendees": [ine.0]}),
            )
            .await;
        assert_eq!(r.status(), 403);
    }
    // Werk's own list is empty, and nothing was added to Intake's.
    assert_eq!(app.get_json(wim, "/api/meetings").await, json!([]));
    assert_eq!(
        app.get_json(ine, "/api/meetings")
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // No client was shown to the refused readers.
    assert!(!operations_for(&app, VALID_BSNS[0], wim)
        .await
        .contains(&"overdrachtsoverleg_lezen".to_string()));
    // A meeting that does not exist (or is another organisation's): 404.
    let r = app.get(ine, "/api/meetings/999999").await;
    assert_eq!(r.status(), 404);
    app.assert_healthy().await;
}

#[tokio::test]
async fn a_client_the_reader_may_not_read_shows_as_a_client_of_its_team() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let [wim, _] = app.werk_staff;
    let (_, h_out, _, _) = two_handovers(&app).await;
    let r = app
        .post(
            ine,
            "/api/meetings",
            json!({"held_on": today(), "attendees": [ine.0],
                   "decisions": [{"handover_id": h_out, "outcome": "accepted", "note": "Past bij Werk"}]}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    // Werk accepts: the client is Werk's now, out of Intake's sight.
    let r = app
        .post(wim, &format!("/api/handovers/{h_out}/accept"), json!({}))
        .await;
    assert_eq!(r.status(), 200);

    let m = app.get_json(ine, &format!("/api/meetings/{id}")).await;
    let d = &m["decisions"][0];
    assert_eq!(d["client"], Value::Null);
    assert_eq!(d["note"], Value::Null);
    assert_eq!(d["client_team"]["name"], "Werk");
    let html = app
        .get(ine, &format!("/team/overleg/verslagen/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("klant van team Werk"), "{html}");
    assert!(!html.contains("Anna Uitgaand"));
    assert!(!html.contains("Past bij Werk"));
    // Not shown, so not logged as read.
    assert!(!operations_for(&app, VALID_BSNS[0], ine)
        .await
        .contains(&"overdrachtsoverleg_lezen".to_string()));
    app.assert_healthy().await;
}

#[tokio::test]
async fn bad_input_gets_a_message_per_field_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let [wim, _] = app.werk_staff;
    let [piet, _] = app.participatie_staff;
    two_handovers(&app).await;
    // A handover Intake has no part in.
    let other = app.register(wim, VALID_BSNS[2], "Cor Elders").await;
    let h_other = app.offer(wim, other, app.participatie).await;

    let r = app
        .post(
            ine,
            "/api/meetings",
            json!({"held_on": "01-01-2999", "attendees": [],
                   "decisions": [{"handover_id": h_other, "outcome": "accepted"}]}),
        )
        .await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    let fields: Vec<(&str, &str)> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            ("held_on", "date_future"),
            ("attendees", "meeting_attendee_required"),
            ("decisions", "meeting_handover_not_of_team"),
        ]
    );
    // Someone of another team is no attendee of ours.
    let r = app
        .post(
            ine,
            "/api/meetings",
            json!({"held_on": today(), "attendees": [ine.0, piet.0]}),
        )
        .await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "meeting_attendee_not_member");

    // The page form: the error next to its field, the input kept.
    let r = app
        .post_form(
            ine,
            "/team/overleg/verslag",
            &[("held_on", "morgen"), ("attendee", &ine.0.to_string())],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("Vul een geldige datum in"), "{html}");
    assert!(html.contains("value=\"morgen\""));
    assert!(html.contains("aria-invalid=\"true\""));

    assert_eq!(app.get_json(ine, "/api/meetings").await, json!([]));
    app.assert_healthy().await;
}

#[tokio::test]
async fn the_page_form_records_a_meeting_and_confirms_it() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    let (_, h_out, _, h_in) = two_handovers(&app).await;
    let form = app.get(ine, "/team/overleg/verslag").await;
    assert_eq!(form.status(), 200);
    let html = form.text().await.unwrap();
    assert!(html.contains(&format!("name=\"outcome_{h_out}\"")));
    assert!(html.contains(&format!("name=\"outcome_{h_in}\"")));

    let r = app
        .post_form(
            ine,
            "/team/overleg/verslag",
            &[
                ("held_on", &today()),
                ("attendee", &ine.0.to_string()),
                ("attendee", &ivo.0.to_string()),
                (&format!("outcome_{h_out}"), "postponed"),
                (&format!("note_{h_out}"), ""),
                (&format!("outcome_{h_in}"), ""),
                (&format!("note_{h_in}"), ""),
            ],
        )
        .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/team/overleg/verslagen/"));
    let list = app.get_json(ivo, "/api/meetings").await;
    assert_eq!(list[0]["attendee_count"], 2);
    assert_eq!(list[0]["decision_count"], 1, "not discussed is no decision");
    app.assert_healthy().await;
}

#[tokio::test]
async fn the_agenda_has_sections_filters_and_a_print_view() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let (_, h_out, _, h_in) = two_handovers(&app).await;

    let html = app.get(ine, "/team/overleg").await.text().await.unwrap();
    assert!(html.contains("id=\"agenda-inkomend\""));
    assert!(html.contains("id=\"agenda-uitgaand\""));
    // No accept or return form on the agenda: one link per handover.
    assert!(!html.contains("/accepteren"));
    assert!(html.contains(&format!("/overdrachten/{h_in}?team=")));

    let html = app
        .get(ine, "/team/overleg?sectie=inkomend")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Bram Binnenkomend"));
    assert!(!html.contains("Anna Uitgaand"));
    let html = app
        .get(ine, "/team/overleg?te_laat=1")
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("Bram Binnenkomend") && !html.contains("Anna Uitgaand"));

    let print = app
        .get(ine, "/team/overleg?afdruk=1")
        .await
        .text()
        .await
        .unwrap();
    assert!(print.contains("print-a4"));
    assert!(print.contains("Anna Uitgaand") && print.contains("Bram Binnenkomend"));
    assert!(!print.contains("<nav"), "no menu on paper");

    // The handover's own page carries the decisions, and they still work.
    let page = app
        .get(ine, &format!("/overdrachten/{h_in}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("/overdrachten/{h_in}/accepteren")));
    let page = app
        .get(ine, &format!("/overdrachten/{h_out}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("/overdrachten/{h_out}/intrekken")));
    let r = app
        .post_form(
            ine,
            &format!("/overdrachten/{h_in}/terugsturen"),
            &[("reason", " "), ("terug", "/team/overleg")],
        )
        .await;
    assert_eq!(
        r.status(),
        422,
        "an empty reason shows on the handover's page"
    );
    let html = r.text().await.unwrap();
    assert!(html.contains(&format!("id=\"return-{h_in}-error\"")));
    let r = app
        .post_form(
            ine,
            &format!("/overdrachten/{h_in}/terugsturen"),
            &[("reason", "Eerst schuldhulp"), ("terug", "/team/overleg")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/team/overleg");
    app.assert_healthy().await;
}

#[tokio::test]
async fn another_organisations_meeting_is_not_found() {
    use zicht_domain::organisation::{OrganisationSettings, TeamKind};
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let r = app
        .post(
            ine,
            "/api/meetings",
            json!({"held_on": today(), "attendees": [ine.0]}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    let other = app
        .store
        .create_organisation("Buurgemeente", &OrganisationSettings::default())
        .await
        .unwrap();
    let team = app
        .store
        .create_team(other, "Intake", TeamKind::Intake)
        .await
        .unwrap();
    let stranger = app
        .store
        .create_employee(other, team, "Buur Man", "buur@test.example", 36)
        .await
        .unwrap();
    app.store
        .set_password_hash(stranger, crate::common::password_hash())
        .await
        .unwrap();
    let r = app.get(stranger, &format!("/api/meetings/{id}")).await;
    assert_eq!(r.status(), 404);
    let r = app
        .get(stranger, &format!("/team/overleg/verslagen/{id}"))
        .await;
    assert_eq!(r.status(), 404);
    assert_eq!(app.get_json(stranger, "/api/meetings").await, json!([]));
    app.assert_healthy().await;
}

/// A page as `who` sees it in English (the language switch's cookie).
async fn english(app: &TestApp, who: EmployeeId, path: &str) -> String {
    let (cookie, _) = app.session(who).await;
    let r = app
        .http
        .get(format!("{}{path}", app.base))
        .header("cookie", format!("{cookie}; lang=en"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "GET {path} (en)");
    r.text().await.unwrap()
}

#[tokio::test]
async fn the_meeting_pages_speak_english_too() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let (_, h_out, _, _) = two_handovers(&app).await;
    let r = app
        .post(
            ine,
            "/api/meetings",
            json!({"held_on": today(), "attendees": [ine.0],
                   "decisions": [{"handover_id": h_out, "outcome": "postponed"}]}),
        )
        .await;
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let agenda = english(&app, ine, "/team/overleg").await;
    for t in [
        "Handover meeting",
        "Incoming",
        "Outgoing",
        "Earlier meetings",
        "Record a meeting",
        "Print version",
    ] {
        assert!(agenda.contains(t), "{t:?} missing");
    }
    // (The clients' names hold "Binnenkomend" and "Uitgaand".)
    for t in [
        "Eerdere overleggen",
        "Afdrukversie",
        "Overleg vastleggen",
        "Onderdeel",
    ] {
        assert!(!agenda.contains(t), "{t:?} shown");
    }
    let form = english(&app, ine, "/team/overleg/verslag").await;
    assert!(form.contains("Date of the meeting") && form.contains("Not discussed"));
    assert!(!form.contains("Niet besproken"));
    let record = english(&app, ine, &format!("/team/overleg/verslagen/{id}")).await;
    assert!(record.contains("postponed") && record.contains("Attended"));
    assert!(!record.contains("uitgesteld"));
    let print = english(&app, ine, "/team/overleg?afdruk=1").await;
    assert!(print.contains("Printed on"));
    let handover = english(&app, ine, &format!("/overdrachten/{h_out}")).await;
    assert!(handover.contains("Back to the handover meeting"));
}
