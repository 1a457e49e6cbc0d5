//! Handovers through the API on a running server: the two-sided act, its
//! refusals, and races that must leave exactly one winner.

#![allow(clippy::unwrap_used)]

mod common;

use common::{TestApp, VALID_BSNS};
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
