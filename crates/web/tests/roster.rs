//! Roster reconciliation through the API: exact counts on awkward files,
//! idempotent re-import, and registering ghosts.

#![allow(clippy::unwrap_used)]

mod common;

use common::{TestApp, VALID_BSNS};
use serde_json::Value;
use time::{Duration, OffsetDateTime};
use zicht_domain::{client::NewClient, client::Owner, handover::Actor, Bsn};
use zicht_storage::Ctx;

fn bsn(n: u32) -> String {
    (n..)
        .find_map(Bsn::from_prefix)
        .map(|b| b.as_string())
        .unwrap()
}

/// Clients: A (in roster, active), B (in roster, ended), C (not in roster),
/// D (registered 100 days ago, never contacted, in roster).
async fn scenario(app: &TestApp) -> [i64; 4] {
    let [ine, _] = app.intake_staff;
    let a = app.register(ine, VALID_BSNS[0], "Anna Aarts").await;
    let b = app.register(ine, VALID_BSNS[1], "Bart Bos").await;
    let c = app.register(ine, VALID_BSNS[2], "Cor Claassen").await;
    let ctx = Ctx {
        organisation_id: app.org,
        actor: Actor {
            employee_id: ine,
            team_id: app.intake,
        },
        at: OffsetDateTime::now_utc() - Duration::days(100),
    };
    let d = NewClient::parse(
        VALID_BSNS[3],
        "Dina Dijkstra",
        "1970-01-01",
        "",
        None,
        ctx.today(),
    )
    .unwrap();
    let d = app
        .store
        .register_client(
            &ctx,
            d,
            Owner {
                team_id: app.intake,
                employee_id: ine,
            },
        )
        .await
        .unwrap();
    [a, b, c, d.0]
}

fn awkward_file() -> Vec<u8> {
    let g1 = bsn(30_000_000);
    let g2 = bsn(30_000_100);
    let gone = bsn(30_000_200);
    let bad = "123456789";
    let text = format!(
        "\u{feff}BSN;Naam;IngangsDatum;EindDatum\n\
         {a};Anna Aarts;01-01-2024;\n\
         {b};Bart Bos;2023-03-01;01-01-2025\n\
         {d},\"Dijkstra, D.\",2022-06-01,\n\
         \n\
         {g1};Gijs Geest;15-08-2024;\n\
         {g2},Greet Geest,2024-09-01,31-12-2099\n\
         {gone};Gert Weg;01-01-2020;01-02-2021\n\
         {bad};Foute Elfproef;01-01-2024;\n\
         {g1x};;01-01-2024;\n\
         {g1y};Datum Fout;31-02-2024;\n\
         {a};Anna Dubbel;01-01-2024;\n",
        a = VALID_BSNS[0],
        b = VALID_BSNS[1],
        d = VALID_BSNS[3],
        g1x = bsn(30_000_300),
        g1y = bsn(30_000_400),
    );
    text.into_bytes()
}

#[tokio::test]
async fn awkward_file_gives_exact_counts_and_reimport_creates_nothing_twice() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let [a, b, c, d] = scenario(&app).await;
    let file = awkward_file();

    let r = app
        .post_raw(ine, "/api/roster?file_name=juni.csv", file.clone())
        .await;
    assert_eq!(r.status(), 200);
    let report: Value = r.json().await.unwrap();
    let run = &report["run"];
    assert_eq!(run["rows_total"], 10);
    assert_eq!(run["rows_accepted"], 6);
    assert_eq!(run["rows_rejected"], 4);
    assert_eq!(run["ghosts"], 2);
    assert_eq!(run["benefit_ended"], 1);
    assert_eq!(run["not_in_roster"], 1);
    assert_eq!(run["no_contact"], 1);
    assert_eq!(run["ghosts_registered"], 0);
    assert!(run["same_file_as"].is_null());
    let ghost_lines: Vec<_> = report["ghosts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["line"].as_i64().unwrap())
        .collect();
    assert_eq!(ghost_lines, [6, 7]);
    assert_eq!(report["benefit_ended"][0]["id"], b);
    assert_eq!(report["not_in_roster"][0]["id"], c);
    assert_eq!(report["no_contact"][0]["id"], d);
    let rejected: Vec<_> = report["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_i64().unwrap(),
                e["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        rejected,
        [
            (9, "bsn_elfproef".to_string()),
            (10, "name_required".to_string()),
            (11, "date_invalid".to_string()),
            (12, "roster_duplicate".to_string())
        ]
    );

    // Benefit statuses follow the roster, each change an event.
    let card = |id: i64| {
        let path = format!("/api/clients/{id}");
        let app = &app;
        async move { app.get_json(ine, &path).await }
    };
    assert_eq!(card(a).await["benefit_status"], "active");
    assert_eq!(card(b).await["benefit_status"], "ended");
    assert_eq!(card(c).await["benefit_status"], "not_in_roster");
    let events_before = card(a).await["timeline"].as_array().unwrap().len();

    // The same file again: same findings, marked as identical, nothing new.
    let r = app
        .post_raw(ine, "/api/roster?file_name=juni-nogmaals.csv", file)
        .await;
    let again: Value = r.json().await.unwrap();
    assert_eq!(again["run"]["ghosts"], 2);
    assert_eq!(again["run"]["same_file_as"], run["id"]);
    assert_eq!(
        card(a).await["timeline"].as_array().unwrap().len(),
        events_before
    );
    let runs = app.get_json(ine, "/api/roster/runs").await;
    assert_eq!(runs.as_array().unwrap().len(), 2);
    let clients = app.get_json(ine, "/api/clients").await;
    assert_eq!(clients.as_array().unwrap().len(), 4);
    app.assert_healthy().await;
}

#[tokio::test]
async fn registering_ghosts_gives_them_an_intake_owner_once() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    scenario(&app).await;
    let r = app
        .post_raw(ivo, "/api/roster?register_ghosts=true", awkward_file())
        .await;
    let report: Value = r.json().await.unwrap();
    assert_eq!(report["run"]["ghosts"], 2);
    assert_eq!(report["run"]["ghosts_registered"], 2);
    for g in report["ghosts"].as_array().unwrap() {
        let id = g["registered_as"].as_i64().expect("registered");
        let card = app.get_json(ine, &format!("/api/clients/{id}")).await;
        assert_eq!(card["owner_team"]["id"], app.intake.0);
        assert_eq!(card["phase"], "intake");
        assert_eq!(card["benefit_status"], "active");
        assert_eq!(card["bsn"], g["bsn"]);
        assert!(card["birth_date"].is_null());
        assert_eq!(
            card["timeline"].as_array().unwrap().last().unwrap()["actor"]["id"],
            ivo.0
        );
    }
    // Ine had four clients, Ivo none: both ghosts go to Ivo, the least loaded.
    let ivo_list = app
        .get_json(ivo, &format!("/api/clients?owner={}", ivo.0))
        .await;
    assert_eq!(ivo_list.as_array().unwrap().len(), 2);

    // Registered ghosts are no longer ghosts.
    let r = app
        .post_raw(ivo, "/api/roster?register_ghosts=true", awkward_file())
        .await;
    let again: Value = r.json().await.unwrap();
    assert_eq!(again["run"]["ghosts"], 0);
    assert_eq!(again["run"]["ghosts_registered"], 0);
    let all = app.get_json(ine, "/api/clients").await;
    assert_eq!(all.as_array().unwrap().len(), 6);
    app.assert_healthy().await;
}

#[tokio::test]
async fn report_as_csv_and_text_and_bad_files_refused() {
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    scenario(&app).await;
    let r = app
        .post_raw(ine, "/api/roster?format=csv", awkward_file())
        .await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = r.text().await.unwrap();
    let lines: Vec<_> = csv.lines().collect();
    assert!(lines[0].starts_with("lijst,regel,klant,bsn"));
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("spookklant,"))
            .count(),
        2
    );
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("afgekeurd,")).count(),
        4
    );

    let r = app
        .post_raw(ine, "/api/roster?format=text", awkward_file())
        .await;
    let text = r.text().await.unwrap();
    assert!(text.contains("Spookklanten (uitkering, geen dossier)"));

    let r = app
        .post_raw(ine, "/api/roster", b"naam;datum\nX;01-01-2024\n".to_vec())
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "roster_header");
    let r = app
        .post_raw(ine, "/api/roster", vec![0xff, 0xfe, 0x00])
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "roster_encoding");
    let runs = app.get_json(ine, "/api/roster/runs").await;
    assert_eq!(
        runs.as_array().unwrap().len(),
        2,
        "refused files leave no run"
    );
}
