//! Handovers through the API on a running server: the two-sided act, its
//! refusals, and races that must leave exactly one winner.

#![allow(clippy::unwrap_used)]

use crate::common::{TestApp, VALID_BSNS};
use serde_json::{json, Value};

#[tokio::test]
async fn offer_and_accept_moves_ownership_only_on_acceptance() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let [wim, wendy] = app.werk_staff;
    let client = app.register(ine, VALID_BSNS[0], "Anna de Vries").await;
    let handover = app.offer(ine, client, app.werk).await;

    // Until acceptance the sender still owns the client.
    let card = app.get_json(ine, &format!("/api/clients/{client}")).await;
    assert_eq!(card["owner_team"]["id"], app.intake.0);
    assert_eq!(card["pending_handover"]["id"], handover);

    // A second offer is refused with a clear message.
    let mut body = TestApp::note();
    body["to_team_id"] = json!(app.participatie.0);
    let r = app
        .post(ine, &format!("/api/clients/{client}/handovers"), body)
        .await;
    assert_eq!(r.status(), 409);
    let err: Value = r.json().await.unwrap();
    assert_eq!(err["code"], "handover_pending");
    assert!(err["message"]
        .as_str()
        .unwrap()
        .contains("al een overdracht open"));

    // Only the receiving team may accept.
    let r = app
        .post(
            app.participatie_staff[0],
            &format!("/api/handovers/{handover}/accept"),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 403);

    let r = app
        .post(
            wim,
            &format!("/api/handovers/{handover}/accept"),
            json!({"employee_id": wendy.0}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let card = app.get_json(wim, &format!("/api/clients/{client}")).await;
    assert_eq!(card["owner_team"]["id"], app.werk.0);
    assert_eq!(card["owner_employee"]["id"], wendy.0);
    assert!(card["pending_handover"].is_null());
    let kinds: Vec<_> = card["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds, ["handover_accepted", "handover_offered", "created"]);
    assert_eq!(card["timeline"][0]["actor"]["id"], wim.0);
    app.assert_healthy().await;
}

#[tokio::test]
async fn return_needs_a_reason_and_leaves_owner_in_place() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let client = app.register(ine, VALID_BSNS[1], "Bram Bakker").await;
    let handover = app.offer(ine, client, app.participatie).await;
    let piet = app.participatie_staff[0];

    let r = app
        .post(
            piet,
            &format!("/api/handovers/{handover}/return"),
            json!({"reason": "  "}),
        )
        .await;
    assert_eq!(r.status(), 422);
    let err: Value = r.json().await.unwrap();
    assert_eq!(err["errors"][0]["field"], "reason");
    assert_eq!(err["errors"][0]["code"], "return_reason_required");
    // Nothing changed.
    let h = app
        .get_json(ine, &format!("/api/handovers/{handover}"))
        .await;
    assert_eq!(h["status"], "pending");

    let r = app
        .post(
            piet,
            &format!("/api/handovers/{handover}/return"),
            json!({"reason": "Eerst schuldhulp nodig"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let h: Value = r.json().await.unwrap();
    assert_eq!(h["status"], "returned");
    assert_eq!(h["return_reason"], "Eerst schuldhulp nodig");
    let card = app.get_json(ine, &format!("/api/clients/{client}")).await;
    assert_eq!(card["owner_employee"]["id"], ine.0);

    // After a return a new offer is possible again; the sender may withdraw it.
    let again = app.offer(ine, client, app.werk).await;
    let r = app
        .post(
            app.werk_staff[0],
            &format!("/api/handovers/{again}/withdraw"),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 403, "only the sending team may withdraw");
    let r = app
        .post(ine, &format!("/api/handovers/{again}/withdraw"), json!({}))
        .await;
    assert_eq!(r.status(), 200);
    app.assert_healthy().await;
}

#[tokio::test]
async fn accept_names_offered_caseworker_by_default_and_validates_choice() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let [wim, wendy] = app.werk_staff;
    let client = app.register(ine, VALID_BSNS[2], "Chantal Cornelisse").await;
    let mut body = TestApp::note();
    body["to_team_id"] = json!(app.werk.0);
    body["to_employee_id"] = json!(wendy.0);
    let r = app
        .post(ine, &format!("/api/clients/{client}/handovers"), body)
        .await;
    let handover = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    // Choosing a caseworker from another team is refused.
    let r = app
        .post(
            wim,
            &format!("/api/handovers/{handover}/accept"),
            json!({"employee_id": app.participatie_staff[0].0}),
        )
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        r.json::<Value>().await.unwrap()["code"],
        "employee_not_in_team"
    );

    let r = app
        .post(
            wim,
            &format!("/api/handovers/{handover}/accept"),
            Value::Null,
        )
        .await;
    assert_eq!(r.status(), 200);
    let card = app.get_json(wim, &format!("/api/clients/{client}")).await;
    assert_eq!(card["owner_employee"]["id"], wendy.0);
}

#[tokio::test]
async fn missing_fields_are_all_reported_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let client = app.register(ine, VALID_BSNS[3], "Dirk Dekker").await;
    let r = app
        .post(
            ine,
            &format!("/api/clients/{client}/handovers"),
            json!({"reason": "x"}),
        )
        .await;
    assert_eq!(r.status(), 422);
    let err: Value = r.json().await.unwrap();
    let fields: Vec<_> = err["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["to_team_id", "work_done", "agreements"]);
    let list = app.get_json(ine, "/api/handovers").await;
    assert_eq!(list.as_array().unwrap().len(), 0);
}

/// 64 simultaneous requests fight over one handover: accepts by every
/// receiving caseworker and withdrawals by the sender. Exactly one wins; the
/// others get 409; the database stays consistent.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_accepts_and_withdrawals_have_exactly_one_winner() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    let [wim, wendy] = app.werk_staff;
    for round in 0..3 {
        let bsn = zicht_domain::Bsn::from_prefix(20_000_000 + round).map(|b| b.as_string());
        let bsn = match bsn {
            Some(b) => b,
            None => continue,
        };
        let client = app.register(ine, &bsn, &format!("Race {round}")).await;
        let handover = app.offer(ine, client, app.werk).await;
        let mut tasks = Vec::new();
        for i in 0..64 {
            let (actor, path, body) = match i % 4 {
                0 => (wim, "accept", json!({"employee_id": wim.0})),
                1 => (wendy, "accept", json!({"employee_id": wendy.0})),
                2 => (ine, "withdraw", json!({})),
                _ => (ivo, "withdraw", json!({})),
            };
            let request = app
                .request(
                    actor,
                    reqwest::Method::POST,
                    &format!("/api/handovers/{handover}/{path}"),
                )
                .await;
            tasks.push(tokio::spawn(async move {
                let r = request.json(&body).send().await.expect("request");
                let status = r.status().as_u16();
                let body: Value = r.json().await.unwrap_or(Value::Null);
                (path, actor, status, body)
            }));
        }
        let mut winners = Vec::new();
        for t in tasks {
            let (path, actor, status, body) = t.await.expect("task");
            match status {
                200 => winners.push((path, actor)),
                409 => assert_eq!(body["code"], "handover_not_pending", "{body}"),
                other => panic!("unexpected status {other}: {body}"),
            }
        }
        assert_eq!(winners.len(), 1, "round {round}: winners {winners:?}");
        let (path, actor) = winners[0];
        // After an accept the client is Werk's; after a withdrawal still Intake's.
        let reader = if path == "accept" { actor } else { ine };
        let card = app
            .get_json(reader, &format!("/api/clients/{client}"))
            .await;
        if path == "accept" {
            assert_eq!(card["owner_employee"]["id"], actor.0);
        } else {
            assert_eq!(card["owner_employee"]["id"], ine.0);
        }
        assert!(card["pending_handover"].is_null());
        let events = card["timeline"].as_array().unwrap().len();
        assert_eq!(events, 3, "created, offered and exactly one settlement");
    }
    app.assert_healthy().await;
}

/// 64 simultaneous offers of the same client to different teams: one pending
/// handover at most.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_offers_leave_one_pending_handover() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    // A team lead may hand over the team's clients too.
    {
        app.store
            .set_role(ivo, zicht_domain::access::Role::Teamleider)
            .await
            .unwrap();
    }
    let client = app.register(ine, VALID_BSNS[0], "Eva Evers").await;
    let mut tasks = Vec::new();
    for i in 0..64 {
        let to_team = if i % 2 == 0 {
            app.werk
        } else {
            app.participatie
        };
        let actor = if i % 3 == 0 { ivo } else { ine };
        let mut body = TestApp::note();
        body["to_team_id"] = json!(to_team.0);
        let request = app
            .request(
                actor,
                reqwest::Method::POST,
                &format!("/api/clients/{client}/handovers"),
            )
            .await;
        tasks.push(tokio::spawn(async move {
            request
                .json(&body)
                .send()
                .await
                .expect("request")
                .status()
                .as_u16()
        }));
    }
    let mut created = 0;
    for t in tasks {
        match t.await.expect("task") {
            201 => created += 1,
            409 => {}
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(created, 1);
    let pending = app.get_json(ine, "/api/handovers?status=pending").await;
    assert_eq!(pending.as_array().unwrap().len(), 1);
    app.assert_healthy().await;
}

/// A handover waiting longer than the organisation's term is overdue; the
/// term is configurable.
#[tokio::test]
async fn overdue_after_configured_working_days() {
    use time::{Duration, OffsetDateTime};
    use zicht_domain::{handover::Actor, organisation::OrganisationSettings};
    use zicht_storage::Ctx;

    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let client = app.register(ine, VALID_BSNS[1], "Frits Frans").await;
    // Offered 14 calendar days ago: exactly 10 working days.
    let ctx = Ctx {
        organisation_id: app.org,
        actor: Actor {
            employee_id: ine,
            team_id: app.intake,
        },
        at: OffsetDateTime::now_utc() - Duration::days(14),
    };
    let note = zicht_domain::handover::HandoverNote::parse("r", "w", "", "a").unwrap();
    app.store
        .offer_handover(&ctx, zicht_domain::ClientId(client), app.werk, None, note)
        .await
        .unwrap();

    let overdue = app.get_json(ine, "/api/handovers?overdue=true").await;
    assert_eq!(overdue.as_array().unwrap().len(), 1);
    assert_eq!(overdue[0]["working_days_waiting"], 10);
    assert_eq!(overdue[0]["overdue"], true);
    let incoming = app
        .get_json(
            ine,
            &format!("/api/handovers?team={}&direction=incoming", app.werk.0),
        )
        .await;
    assert_eq!(incoming.as_array().unwrap().len(), 1);
    let outgoing = app
        .get_json(
            ine,
            &format!("/api/handovers?team={}&direction=incoming", app.intake.0),
        )
        .await;
    assert_eq!(outgoing.as_array().unwrap().len(), 0);

    app.store
        .update_settings(app.org, &OrganisationSettings::new(10, 13).unwrap())
        .await
        .unwrap();
    let overdue = app.get_json(ine, "/api/handovers?overdue=true").await;
    assert_eq!(
        overdue.as_array().unwrap().len(),
        0,
        "10 days waiting is not more than 10"
    );
    let list = app.get_json(ine, "/api/clients").await;
    assert_eq!(list[0]["handover_overdue"], false);
    app.store
        .update_settings(app.org, &OrganisationSettings::new(9, 13).unwrap())
        .await
        .unwrap();
    let list = app.get_json(ine, "/api/clients").await;
    assert_eq!(list[0]["handover_overdue"], true);
}

/// The flag on a caseload row (the signal filter names it too).
const RETURNED_FLAG: &str = "<span class=\"flag\">overdracht teruggestuurd</span>";

/// The handover signals of one client in a JSON document (a list row or
/// the klantkaart).
fn signals(doc: &Value) -> Vec<Value> {
    doc["handover_signals"].as_array().unwrap().clone()
}

/// The row of `client` in the caller's client list.
async fn row(app: &TestApp, who: zicht_domain::EmployeeId, client: i64) -> Value {
    let list = app.get_json(who, "/api/clients").await;
    list.as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == client)
        .cloned()
        .unwrap_or_else(|| panic!("client {client} not in the list"))
}

async fn page(app: &TestApp, who: zicht_domain::EmployeeId, path: &str) -> String {
    let r = app.get(who, path).await;
    assert_eq!(r.status(), 200, "GET {path}");
    r.text().await.unwrap()
}

/// Leak 9: a handover sent back must not vanish for its sender. The return
/// is signalled with who, when and why on the sender's list row and
/// klantkaart until the sender offers the client again.
#[tokio::test]
async fn a_returned_handover_is_signalled_to_the_sender_until_offered_again() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let piet = app.participatie_staff[0];
    let client = app.register(ine, VALID_BSNS[0], "Greet Gerritsen").await;
    let handover = app.offer(ine, client, app.participatie).await;
    assert!(signals(&row(&app, ine, client).await).is_empty());
    let r = app
        .post(
            piet,
            &format!("/api/handovers/{handover}/return"),
            json!({"reason": "Eerst schuldhulp, dan pas activering"}),
        )
        .await;
    assert_eq!(r.status(), 200);

    for doc in [
        row(&app, ine, client).await,
        app.get_json(ine, &format!("/api/clients/{client}")).await,
    ] {
        let s = signals(&doc);
        assert_eq!(s.len(), 1, "{doc}");
        assert_eq!(s[0]["kind"], "returned");
        assert_eq!(s[0]["handover_id"], handover);
        assert_eq!(s[0]["reason"], "Eerst schuldhulp, dan pas activering");
        assert_eq!(s[0]["returned_by"]["id"], piet.0);
        assert_eq!(s[0]["returned_by"]["name"], "Piet Participatie");
        assert_eq!(s[0]["returned_by_team"]["id"], app.participatie.0);
        assert_eq!(s[0]["returned_by_team"]["name"], "Participatie");
        assert!(s[0]["returned_at"].as_str().unwrap().contains('T'));
    }
    // The caseload and the klantkaart say it in words, with the reason.
    let caseload = page(&app, ine, "/").await;
    assert!(caseload.contains(RETURNED_FLAG), "{caseload}");
    assert!(caseload.contains("Participatie (Piet Participatie)"));
    assert!(caseload.contains("Eerst schuldhulp, dan pas activering"));
    let card = page(&app, ine, &format!("/klanten/{client}")).await;
    assert!(card.contains("id=\"returned-signal\""));
    assert!(card.contains("Eerst schuldhulp, dan pas activering"));
    assert!(card.contains(&format!("/klanten/{client}/overdracht/gezien")));
    // The receiving team answered; the client is not on its list.
    let theirs = app.get_json(piet, "/api/clients").await;
    assert!(theirs.as_array().unwrap().iter().all(|c| c["id"] != client));

    // Offering the client again acts on the return.
    app.offer(ine, client, app.werk).await;
    assert!(signals(&row(&app, ine, client).await).is_empty());
    let card = app.get_json(ine, &format!("/api/clients/{client}")).await;
    assert!(signals(&card).is_empty());
    assert_eq!(card["timeline"][0]["kind"], "handover_offered");
    assert!(!page(&app, ine, "/").await.contains(RETURNED_FLAG));
    app.assert_healthy().await;
}

/// Marking a return seen, with a short reason why the client stays, ends
/// the signal and is an event in the history; without a reason nothing
/// changes and the field says why, in the user's language.
#[tokio::test]
async fn marking_a_return_seen_needs_a_reason_and_ends_the_signal() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    let wim = app.werk_staff[0];
    let client = app.register(ine, VALID_BSNS[1], "Hans Hendriks").await;
    let handover = app.offer(ine, client, app.werk).await;
    let seen = format!("/api/clients/{client}/returned-handover/seen");

    // Nothing came back yet: nothing to see.
    let r = app.post(ine, &seen, json!({"reason": "blijft"})).await;
    assert_eq!(r.status(), 409);
    assert_eq!(
        r.json::<Value>().await.unwrap()["code"],
        "no_returned_handover"
    );

    let r = app
        .post(
            wim,
            &format!("/api/handovers/{handover}/return"),
            json!({"reason": "Taalniveau te laag voor bemiddeling"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let before = app.get_json(ine, &format!("/api/clients/{client}")).await;
    let events = before["timeline"].as_array().unwrap().len();

    // An empty reason is refused next to the field, and changes nothing.
    let r = app.post(ine, &seen, json!({"reason": "  \n "})).await;
    assert_eq!(r.status(), 422);
    let err: Value = r.json().await.unwrap();
    assert_eq!(err["errors"][0]["field"], "reason");
    assert_eq!(err["errors"][0]["code"], "returned_seen_reason_required");
    assert!(err["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("waarom de klant bij uw team blijft"));
    let r = app
        .request(ine, reqwest::Method::POST, &seen)
        .await
        .header("accept-language", "en")
        .json(&json!({"reason": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let err: Value = r.json().await.unwrap();
    assert!(err["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("why the client stays with your team"));
    // The form on the klantkaart refuses it the same way.
    let (_, csrf) = app.session(ine).await;
    let r = app
        .request(
            ine,
            reqwest::Method::POST,
            &format!("/klanten/{client}/overdracht/gezien"),
        )
        .await
        .form(&[("csrf", csrf.as_str()), ("reason", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("id=\"seen-reason-error\""), "{html}");
    assert!(html.contains("Geef kort aan waarom de klant bij uw team blijft."));
    let after = app.get_json(ine, &format!("/api/clients/{client}")).await;
    assert_eq!(after["timeline"].as_array().unwrap().len(), events);
    assert_eq!(signals(&after).len(), 1);

    // Only the owning team acts on it.
    let r = app.post(wim, &seen, json!({"reason": "blijft"})).await;
    assert_eq!(r.status(), 403);

    // The owner's team lead marks it seen, with why the client stays.
    app.store
        .set_role(ivo, zicht_domain::access::Role::Teamleider)
        .await
        .unwrap();
    let r = app
        .post(
            ivo,
            &seen,
            json!({"reason": "Blijft bij intake tot het taaltraject start"}),
        )
        .await;
    assert_eq!(r.status(), 204);
    for doc in [
        row(&app, ine, client).await,
        app.get_json(ine, &format!("/api/clients/{client}")).await,
    ] {
        assert!(signals(&doc).is_empty(), "{doc}");
    }
    let card = app.get_json(ine, &format!("/api/clients/{client}")).await;
    let latest = &card["timeline"][0];
    assert_eq!(latest["kind"], "handover_return_seen");
    assert_eq!(latest["actor"]["id"], ivo.0);
    assert_eq!(latest["event"]["handover_id"], handover);
    assert_eq!(
        latest["event"]["reason"],
        "Blijft bij intake tot het taaltraject start"
    );
    assert_eq!(card["owner_employee"]["id"], ine.0);
    let html = page(&app, ine, &format!("/klanten/{client}")).await;
    assert!(html.contains("Teruggestuurde overdracht gezien"));
    assert!(!html.contains("id=\"returned-signal\""));

    // Seen once is enough.
    let r = app.post(ine, &seen, json!({"reason": "nog eens"})).await;
    assert_eq!(r.status(), 409);
    assert_eq!(
        r.json::<Value>().await.unwrap()["code"],
        "no_returned_handover"
    );
    app.assert_healthy().await;
}

/// An offer that waits past the organisation's term is signalled to both
/// sides: the sender's row and klantkaart, the receiving team's list,
/// klantkaart, inbox and start page.
#[tokio::test]
async fn an_overdue_offer_is_signalled_to_both_sides() {
    use std::sync::{Arc, Mutex};
    use time::{Duration, OffsetDateTime};

    let now = Arc::new(Mutex::new(OffsetDateTime::now_utc()));
    let clock = now.clone();
    let app = TestApp::spawn_with(move |s| s.with_clock(move || *clock.lock().unwrap())).await;
    let advance = |d: Duration| {
        *now.lock().unwrap() += d;
        // Sessions do not last that long: sign in again.
        app.forget_sessions();
    };
    let [ine, _] = app.intake_staff;
    let [wim, _] = app.werk_staff;
    let client = app.register(ine, VALID_BSNS[2], "Ilse IJzer").await;
    let handover = app.offer(ine, client, app.werk).await;

    // A week later: five working days, the default term, not past it.
    advance(Duration::days(7));
    for who in [ine, wim] {
        assert!(signals(&row(&app, who, client).await).is_empty());
    }

    // Two weeks after the offer: ten working days.
    advance(Duration::days(7));
    for who in [ine, wim] {
        for doc in [
            row(&app, who, client).await,
            app.get_json(who, &format!("/api/clients/{client}")).await,
        ] {
            let s = signals(&doc);
            assert_eq!(s.len(), 1, "{doc}");
            assert_eq!(s[0]["kind"], "overdue");
            assert_eq!(s[0]["handover_id"], handover);
            assert_eq!(s[0]["from_team"]["name"], "Intake");
            assert_eq!(s[0]["to_team"]["name"], "Werk");
            assert_eq!(s[0]["working_days_waiting"], 10);
            assert_eq!(s[0]["term_working_days"], 5);
        }
        assert_eq!(row(&app, who, client).await["handover_overdue"], true);
    }
    // The sender is told whom it waits for; the receiver that it must answer.
    let sender = page(&app, ine, &format!("/klanten/{client}")).await;
    assert!(sender.contains("id=\"overdue-signal\""));
    assert!(sender.contains("wacht op antwoord van Werk"));
    assert!(page(&app, ine, "/")
        .await
        .contains("<span class=\"flag\">overdracht te laat</span>"));
    let receiver = page(&app, wim, &format!("/klanten/{client}")).await;
    assert!(receiver.contains("wacht op antwoord van uw team"));
    let start = page(&app, wim, "/").await;
    assert!(start.contains("id=\"incoming-overdue\""), "{start}");
    let inbox = page(&app, wim, "/team/inbox").await;
    assert!(inbox.contains("id=\"overdue-count\""));
    assert!(inbox.contains("(termijn 5)"));

    // Answered, the signal is gone for both.
    let r = app
        .post(
            wim,
            &format!("/api/handovers/{handover}/accept"),
            json!({"employee_id": wim.0}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let card = app.get_json(wim, &format!("/api/clients/{client}")).await;
    assert!(signals(&card).is_empty());
    assert!(signals(&row(&app, wim, client).await).is_empty());
    let theirs = app.get_json(ine, "/api/clients").await;
    assert!(theirs.as_array().unwrap().iter().all(|c| c["id"] != client));
    assert!(!page(&app, wim, "/")
        .await
        .contains("id=\"incoming-overdue\""));
    app.assert_healthy().await;
}

/// A handover's note is read by who may read the client, and by the team a
/// pending offer is addressed to; nothing after it is settled unless that
/// team now owns the client.
#[tokio::test]
async fn handover_notes_only_for_who_may_read_the_client() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let [wim, _] = app.werk_staff;
    let piet = app.participatie_staff[0];
    let accepted_client = app.register(ine, VALID_BSNS[0], "Anna de Vries").await;
    let returned_client = app.register(ine, VALID_BSNS[1], "Bram Bakker").await;
    let pending_client = app.register(ine, VALID_BSNS[2], "Cor Claassen").await;
    let accepted = app.offer(ine, accepted_client, app.werk).await;
    let returned = app.offer(ine, returned_client, app.werk).await;
    let pending = app.offer(ine, pending_client, app.werk).await;
    let r = app
        .post(wim, &format!("/api/handovers/{accepted}/accept"), json!({}))
        .await;
    assert_eq!(r.status(), 200);
    let r = app
        .post(
            wim,
            &format!("/api/handovers/{returned}/return"),
            json!({"reason": "Eerst schuldhulp"}),
        )
        .await;
    assert_eq!(r.status(), 200);

    let status = |who, id| {
        let app = &app;
        async move {
            app.get(who, &format!("/api/handovers/{id}"))
                .await
                .status()
                .as_u16()
        }
    };
    // Intake gave Anna away: neither the client nor the old note.
    assert_eq!(
        app.get(ine, &format!("/api/clients/{accepted_client}"))
            .await
            .status(),
        403
    );
    assert_eq!(status(ine, accepted).await, 403);
    assert_eq!(status(wim, accepted).await, 200);
    // Werk returned Bram: the note stays with Intake, who owns him again.
    assert_eq!(status(wim, returned).await, 403);
    assert_eq!(status(ine, returned).await, 200);
    // A pending offer: both sides, and no third team.
    assert_eq!(status(wim, pending).await, 200);
    assert_eq!(status(ine, pending).await, 200);
    assert_eq!(status(piet, pending).await, 403);

    let listed = |who| {
        let app = &app;
        async move {
            let list = app.get_json(who, "/api/handovers").await;
            let mut ids: Vec<i64> = list
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["id"].as_i64().unwrap())
                .collect();
            ids.sort();
            ids
        }
    };
    assert_eq!(listed(ine).await, [returned, pending]);
    assert_eq!(listed(wim).await, [accepted, pending]);
    assert!(listed(piet).await.is_empty());
    app.assert_healthy().await;
}
