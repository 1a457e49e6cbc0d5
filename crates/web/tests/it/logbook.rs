//! The Logboek Dataverwerkingen: every read and change of a client file is
//! logged with its trace context, pseudonymised, queryable per person, and
//! tamper-evident.

#![allow(clippy::unwrap_used)]

use crate::common::{TestApp, VALID_BSNS};
use serde_json::json;
use time::{Duration, OffsetDateTime};

const TRACE: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT: &str = "00f067aa0ba902b7";

#[tokio::test]
async fn reads_and_changes_are_logged_per_subject_with_trace_context() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    let wim = app.werk_staff[0];
    let start = OffsetDateTime::now_utc() - Duration::seconds(1);
    let client = app.register(ine, VALID_BSNS[0], "Logboek Klant").await;
    app.register(ine, VALID_BSNS[1], "Andere Klant").await;

    let r = app
        .request(ivo, reqwest::Method::GET, &format!("/api/clients/{client}"))
        .await
        .header("traceparent", format!("00-{TRACE}-{PARENT}-01"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    app.post(
        ine,
        &format!("/api/clients/{client}/contacts"),
        json!({"kind": "gesprek", "with_whom": "klant"}),
    )
    .await;
    // A refused look showed nothing, but the attempt is on record.
    assert_eq!(
        app.get(wim, &format!("/api/clients/{client}"))
            .await
            .status(),
        403
    );
    // A list shows two people: one record each.
    app.get_json(ine, "/api/clients").await;

    let log = app
        .store
        .processing_log_for(app.org, VALID_BSNS[0], start, OffsetDateTime::now_utc())
        .await
        .unwrap();
    let summary: Vec<(String, i64)> = log
        .iter()
        .map(|l| (l.operation.clone(), l.actor.id.0))
        .collect();
    assert_eq!(
        summary,
        [
            ("klant_inschrijven".to_string(), ine.0),
            ("klantkaart_lezen".to_string(), ivo.0),
            ("contact_vastleggen".to_string(), ine.0),
            ("klantkaart_lezen_geweigerd".to_string(), wim.0),
            ("klanten_lijst_lezen".to_string(), ine.0),
        ]
    );
    assert_eq!(log[3].status, "denied", "refused");
    assert_eq!(log[2].status, "ok");
    let read = &log[1];
    assert_eq!(read.trace_id, TRACE, "the caller's trace is kept");
    assert_eq!(read.span_id.len(), 16);
    assert_ne!(read.span_id, PARENT);
    assert_eq!(read.status, "ok");
    assert_eq!(read.subject_id_type, "BSN");
    assert_eq!(read.subject_id.len(), 64);
    assert!(!read.subject_id.contains(VALID_BSNS[0]), "pseudonymised");
    assert!(read.ended_at >= read.started_at);
    assert_eq!(
        read.processing_activity,
        zicht_web::logbook::PROCESSING_ACTIVITY
    );
    let other = app
        .store
        .processing_log_for(app.org, VALID_BSNS[1], start, OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert_eq!(other.len(), 2, "registered and listed");
    assert_ne!(other[0].subject_id, read.subject_id);

    // Between dates: nothing before the test started.
    let before = app
        .store
        .processing_log_for(app.org, VALID_BSNS[0], start - Duration::days(30), start)
        .await
        .unwrap();
    assert!(before.is_empty());

    // No BSN is stored anywhere in the log.
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT trace_id || span_id || operation || subject_id || processing_activity FROM processing_log",
    )
    .fetch_all(&zicht_storage::testing::raw_pool(&app.database_url).await)
    .await
    .unwrap();
    assert!(rows
        .iter()
        .all(|r| !r.contains(VALID_BSNS[0]) && !r.contains(VALID_BSNS[1])));
    assert!(app.store.check().await.unwrap().is_empty());
}

#[tokio::test]
async fn an_edited_or_removed_log_record_is_detected() {
    let app = TestApp::spawn().await;
    let ine = app.intake_staff[0];
    let client = app.register(ine, VALID_BSNS[2], "Integriteit").await;
    for _ in 0..3 {
        app.get_json(ine, &format!("/api/clients/{client}")).await;
    }
    assert!(app.store.check().await.unwrap().is_empty());
    let pool = &zicht_storage::testing::raw_pool(&app.database_url).await;
    // The log refuses changes outright...
    let refused = sqlx::query("UPDATE processing_log SET actor_employee_id = 2 WHERE id = 2")
        .execute(pool)
        .await;
    assert!(refused.unwrap_err().to_string().contains("append-only"));
    // ...and someone who removes that guard is still found out.
    sqlx::query(&zicht_storage::testing::drop_guard_sql(
        "processing_log",
        "update",
    ))
    .execute(pool)
    .await
    .unwrap();
    sqlx::query("UPDATE processing_log SET actor_employee_id = 2 WHERE id = 2")
        .execute(pool)
        .await
        .unwrap();
    let v = app.store.check().await.unwrap();
    assert!(
        v.iter()
            .any(|v| v.rule == "processing_log_chain" && v.detail == "record 2"),
        "{v:?}"
    );
    sqlx::query("UPDATE processing_log SET actor_employee_id = $1 WHERE id = 2")
        .bind(ine.0)
        .execute(pool)
        .await
        .unwrap();
    assert!(app.store.check().await.unwrap().is_empty(), "restored");
    sqlx::query(&zicht_storage::testing::drop_guard_sql(
        "processing_log",
        "delete",
    ))
    .execute(pool)
    .await
    .unwrap();
    sqlx::query("DELETE FROM processing_log WHERE id = 2")
        .execute(pool)
        .await
        .unwrap();
    let v = app.store.check().await.unwrap();
    assert!(
        v.iter()
            .any(|v| v.rule == "processing_log_chain" && v.detail == "record 3"),
        "{v:?}"
    );
}

#[tokio::test]
async fn the_team_lead_can_answer_who_looked_at_a_file() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    app.store
        .set_role(ivo, zicht_domain::access::Role::Teamleider)
        .await
        .unwrap();
    let client = app.register(ine, VALID_BSNS[3], "Inzage Verzoek").await;
    app.get_json(ine, &format!("/api/clients/{client}")).await;
    let path = format!("/api/clients/{client}/processing-log");
    // The caseworker herself may not; her team lead may.
    assert_eq!(app.get(ine, &path).await.status(), 403);
    let log = app.get_json(ivo, &path).await;
    let ops: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["operation"].as_str().unwrap())
        .collect();
    // Her refused attempt is on record too.
    assert_eq!(
        ops,
        [
            "klant_inschrijven",
            "klantkaart_lezen",
            "verwerkingenlog_lezen_geweigerd"
        ]
    );
    assert_eq!(log[2]["status"], "denied");
    assert_eq!(log[1]["actor"]["id"], ine.0);
    // Looking at the log is itself a processing of the person's data.
    let again = app.get_json(ivo, &path).await;
    assert_eq!(
        again.as_array().unwrap().last().unwrap()["operation"],
        "verwerkingenlog_lezen"
    );
    // A period before the file existed is empty; a bad date is refused.
    let empty = app
        .get_json(ivo, &format!("{path}?from=2001-01-01&to=2001-12-31"))
        .await;
    assert!(empty.as_array().unwrap().is_empty());
    assert_eq!(
        app.get(ivo, &format!("{path}?from=gisteren"))
            .await
            .status(),
        422
    );
}
