//! The `zicht` binary end to end: `serve --demo` answers with a klantkaart,
//! `import-roster` reports ghosts, `check` passes on a healthy database and
//! fails on one broken by hand.

#![allow(clippy::unwrap_used)]

use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
    time::Duration,
};

use serde_json::Value;
use zicht_storage::testing;

const BIN: &str = env!("CARGO_BIN_EXE_zicht");

struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn demo_serves_klantkaart_and_roster_reconciles_and_check_guards_invariants() {
    let dir = tempfile::tempdir().unwrap();
    let db = testing::fresh_database_url(dir.path()).await;
    let roster = dir.path().join("roster.csv");
    // Made by the demo's first start; every later command needs it.
    let key = dir.path().join("zicht-log.key");

    let mut child = Command::new(BIN)
        .env("ZICHT_LOG_KEY_FILE", &key)
        .args([
            "--database",
            &db,
            "serve",
            "--demo",
            "--addr",
            "127.0.0.1:0",
            "--demo-roster",
        ])
        .arg(&roster)
        .env("RUST_LOG", "warn")
        .stderr(Stdio::piped())
        .spawn()
        .expect("start zicht");
    let stderr = child.stderr.take().unwrap();
    let server = Server(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // The lines of the accounts table, printed before the address.
        let mut printed = Vec::new();
        let mut table = false;
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(url) = line.split("draait op ").nth(1) {
                let url = url.trim().trim_end_matches('/').to_string();
                let _ = tx.send((url, std::mem::take(&mut printed)));
            } else if line.starts_with("Demo-accounts") {
                table = true;
            } else if table && line.starts_with("  ") {
                printed.push(line);
            } else {
                table = false;
            }
        }
    });
    let (base, printed) = rx
        .recv_timeout(Duration::from_secs(300))
        .expect("server announced its address");
    every_printed_account_signs_in(&base, &db, &printed).await;

    // Sign in as a demo caseworker with the demo password.
    let email = {
        let store = zicht_storage::open(&db).await.unwrap();
        let org = store.organisations().await.unwrap()[0].id;
        store.employees(org).await.unwrap()[0].email.clone()
    };
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let me: Value = http
        .post(format!("{base}/api/session"))
        .json(&serde_json::json!({"email": email, "password": "zicht-demo-2026"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(me["csrf_token"].as_str().is_some(), "{me}");
    let get = |path: String| {
        let http = http.clone();
        async move { http.get(path).send().await.unwrap() }
    };
    let clients: Value = get(format!("{base}/api/clients?limit=5"))
        .await
        .json()
        .await
        .unwrap();
    let id = clients[0]["id"].as_i64().expect("a demo client");
    let card: Value = get(format!("{base}/api/clients/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(card["id"], id);
    assert!(card["owner_employee"]["name"].as_str().is_some());
    let page = get(format!("{base}/klanten/{id}")).await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Klantkaart"));
    // Handovers are listed for the teams on either side; the demo's overdue
    // ones are counted by the demo's own test.
    let handovers = get(format!("{base}/api/handovers?overdue=true")).await;
    assert_eq!(handovers.status(), 200);
    drop(server);

    let out = Command::new(BIN)
        .env("ZICHT_LOG_KEY_FILE", &key)
        .args(["--database", &db, "import-roster"])
        .arg(&roster)
        .args(["--as", "1"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("Spookklanten (uitkering, geen dossier)"),
        "{table}"
    );

    let out = Command::new(BIN)
        .env("ZICHT_LOG_KEY_FILE", &key)
        .args([
            "--database",
            &db,
            "import-roster",
            "--format",
            "json",
            "--register-ghosts",
            "--as",
            "1",
        ])
        .arg(&roster)
        .output()
        .unwrap();
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ghosts = report["run"]["ghosts"].as_i64().unwrap();
    assert!(ghosts > 0);
    assert_eq!(report["run"]["ghosts_registered"].as_i64().unwrap(), ghosts);

    // The imports are in the processing log of a ghost.
    let ghost_bsn = report["ghosts"][0]["bsn"].as_str().unwrap().to_string();
    let log = Command::new(BIN)
        .env("ZICHT_LOG_KEY_FILE", &key)
        .args(["--database", &db, "processing-log", "--bsn", &ghost_bsn])
        .output()
        .unwrap();
    let log = String::from_utf8(log.stdout).unwrap();
    assert!(log.contains("uitkeringsbestand_afstemmen"), "{log}");
    assert!(log.contains("2 verwerking(en)"), "{log}");

    let check = Command::new(BIN)
        .env("ZICHT_LOG_KEY_FILE", &key)
        .args(["--database", &db, "check"])
        .output()
        .unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );

    // Move a client to another caseworker behind the system's back.
    let store = zicht_storage::open(&db).await.unwrap();
    sqlx_update(store.as_ref(), &db).await;
    let check = Command::new(BIN)
        .env("ZICHT_LOG_KEY_FILE", &key)
        .args(["--database", &db, "check"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stdout).contains("history_matches_state"));
}

/// Signs in with every account `serve --demo` printed (the demo password),
/// opens its start page, and checks that the accounts cover every role with
/// pages as printed: a caseworker and a team lead of each team,
/// management, functional administration, a provider's user, and a coach of
/// the SW-bedrijf (a caseworker in a team of that kind).
async fn every_printed_account_signs_in(base: &str, db: &str, printed: &[String]) {
    let store = zicht_storage::open(db).await.unwrap();
    let org = store.organisations().await.unwrap()[0].id;
    let teams = store.teams(org).await.unwrap();
    assert!(printed.len() > 1, "an accounts table: {printed:?}");
    // (role, team id, has a provider) of each account, as the server says.
    let mut seen: Vec<(String, i64, bool)> = Vec::new();
    for line in &printed[1..] {
        let email = line.split_whitespace().last().unwrap();
        assert!(email.contains('@'), "{line}");
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let me = http
            .post(format!("{base}/api/session"))
            .json(&serde_json::json!({"email": email, "password": "zicht-demo-2026"}))
            .send()
            .await
            .unwrap();
        assert_eq!(me.status(), 200, "sign in as {email}");
        let me: Value = me.json().await.unwrap();
        let employee = &me["employee"];
        let role = employee["role"].as_str().unwrap().to_string();
        let team = employee["team_id"].as_i64().unwrap();
        // The role printed is the role the account has.
        let said = line.trim_start();
        let expected = match role.as_str() {
            "klantmanager" if said.starts_with("SW-bedrijf-coach") => "SW-bedrijf-coach",
            "functioneel_beheer" => "functioneel beheer",
            "aanbieder" => "trajectaanbieder",
            other => other,
        };
        assert!(said.starts_with(expected), "{role}: {line}");
        // Its start page opens (`/` takes each role to its own).
        let start = http.get(format!("{base}/")).send().await.unwrap();
        assert_eq!(start.status(), 200, "the start page of {email} ({role})");
        seen.push((role, team, !employee["provider_id"].is_null()));
    }
    let has = |role: &str, team: Option<i64>| {
        seen.iter()
            .any(|(r, t, _)| r == role && team.is_none_or(|team| *t == team))
    };
    for team in &teams {
        assert!(
            has("klantmanager", Some(team.id.0)),
            "a caseworker of {}",
            team.name
        );
        assert!(
            has("teamleider", Some(team.id.0)),
            "a team lead of {}",
            team.name
        );
    }
    let sw = teams
        .iter()
        .find(|t| t.kind == zicht_domain::organisation::TeamKind::SwBedrijf)
        .expect("a team of kind SW-bedrijf");
    assert!(
        has("klantmanager", Some(sw.id.0)),
        "a coach of the SW-bedrijf"
    );
    assert!(has("management", None));
    assert!(has("functioneel_beheer", None));
    assert!(seen
        .iter()
        .any(|(r, _, provider)| r == "aanbieder" && *provider));
    assert_eq!(
        printed.len() - 1,
        store.employees(org).await.unwrap().len(),
        "every account printed"
    );
}

async fn sqlx_update(store: &dyn zicht_storage::Store, db: &str) {
    let org = store.organisations().await.unwrap()[0].id;
    let employees = store.employees(org).await.unwrap();
    let clients = store
        .clients(
            org,
            &zicht_storage::ClientFilter {
                limit: Some(1),
                ..Default::default()
            },
            time::OffsetDateTime::now_utc().date(),
        )
        .await
        .unwrap();
    let client = &clients[0];
    let other = employees
        .iter()
        .find(|e| e.team_id == client.owner_team.id && e.id != client.owner_employee.id)
        .expect("a colleague in the same team");
    sqlx::query("UPDATE clients SET owner_employee_id = $1 WHERE id = $2")
        .bind(other.id.0)
        .bind(client.id.0)
        .execute(&testing::raw_pool(db).await)
        .await
        .unwrap();
}

#[test]
fn unknown_actor_and_missing_file_give_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let db = rt.block_on(testing::fresh_database_url(dir.path()));
    let out = Command::new(BIN)
        .env("ZICHT_LOG_KEY", testing::TEST_LOG_KEY_HEX)
        .args([
            "--database",
            &db,
            "import-roster",
            "/nonexistent.csv",
            "--as",
            "1",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent.csv"));
    // Without the log key an import does not even start.
    let out = Command::new(BIN)
        .env_remove("ZICHT_LOG_KEY")
        .env_remove("ZICHT_LOG_KEY_FILE")
        .args(["--database", &db, "import-roster", "/nonexistent.csv"])
        .args(["--as", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("sleutel van het verwerkingenlog nodig"));
    let check = Command::new(BIN)
        .env("ZICHT_LOG_KEY", testing::TEST_LOG_KEY_HEX)
        .args(["--database", &db, "check"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0), "an empty database is healthy");
}

#[test]
fn configure_validates_and_stores_settings() {
    let dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let db = rt.block_on(testing::fresh_database_url(dir.path()));
    rt.block_on(async {
        let store = zicht_storage::open(&db).await.unwrap();
        store
            .create_organisation("Gemeente", &Default::default())
            .await
            .unwrap();
    });
    let out = Command::new(BIN)
        .args([
            "--database",
            &db,
            "configure",
            "--handover-overdue-days",
            "0",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 tot en met 60 werkdagen"));
    let out = Command::new(BIN)
        .args([
            "--database",
            &db,
            "configure",
            "--handover-overdue-days",
            "8",
            "--no-contact-weeks",
            "6",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let org = rt.block_on(async {
        zicht_storage::open(&db)
            .await
            .unwrap()
            .organisations()
            .await
            .unwrap()
            .remove(0)
    });
    assert_eq!(org.settings.handover_overdue_working_days, 8);
    assert_eq!(org.settings.no_contact_weeks, 6);
    assert_eq!(org.settings.caseload_ceiling, 150);
    assert_eq!(org.settings.return_window_months, 12);

    for (flag, value, message) in [
        ("--caseload-ceiling", "0", "1 tot en met 1000 klanten"),
        ("--caseload-ceiling", "1001", "1 tot en met 1000 klanten"),
        ("--return-window-months", "18", "6, 12 of 24 maanden"),
        ("--care-arrival-days", "0", "1 tot en met 365 dagen"),
        ("--care-arrival-days", "366", "1 tot en met 365 dagen"),
        ("--aftercare-months", "25", "1 tot en met 24 maanden"),
    ] {
        let out = Command::new(BIN)
            .args(["--database", &db, "configure", flag, value])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{flag} {value}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(message),
            "{flag} {value}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = Command::new(BIN)
        .args([
            "--database",
            &db,
            "configure",
            "--caseload-ceiling",
            "90",
            "--return-window-months",
            "24",
            "--care-arrival-days",
            "21",
            "--aftercare-months",
            "12",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let org = rt.block_on(async {
        zicht_storage::open(&db)
            .await
            .unwrap()
            .organisations()
            .await
            .unwrap()
            .remove(0)
    });
    assert_eq!(org.settings.caseload_ceiling, 90);
    assert_eq!(org.settings.return_window_months, 24);
    assert_eq!(org.settings.care_arrival_days, 21);
    assert_eq!(org.settings.aftercare_months, 12);
    // The flags left out keep what was set before.
    assert_eq!(org.settings.handover_overdue_working_days, 8);
    assert_eq!(org.settings.no_contact_weeks, 6);
}

#[test]
fn generate_writes_a_consistent_organisation_and_a_roster_with_ghosts() {
    let dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let db = rt.block_on(testing::fresh_database_url(dir.path()));
    let roster = dir.path().join("roster.csv");
    let out = Command::new(BIN)
        .args([
            "--database",
            &db,
            "generate",
            "--clients",
            "1500",
            "--teams",
            "6",
        ])
        .args(["--ghost-share", "0.1", "--quiet", "--roster"])
        .arg(&roster)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let check = Command::new(BIN)
        .args(["--database", &db, "check"])
        .output()
        .unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );

    rt.block_on(async {
        let store = zicht_storage::open(&db).await.unwrap();
        let org = store.organisations().await.unwrap()[0].id;
        let employees = store.employees(org).await.unwrap();
        assert_eq!(employees.len(), 15, "one caseworker per 105 clients");
        let all = store
            .clients(
                org,
                &zicht_storage::ClientFilter {
                    include_closed: true,
                    limit: Some(10_000),
                    ..Default::default()
                },
                time::OffsetDateTime::now_utc().date(),
            )
            .await
            .unwrap();
        assert_eq!(all.len(), 1500);
        // Reconciling the generated roster finds exactly the ghosts it holds.
        let bytes = std::fs::read(&roster).unwrap();
        let rows = String::from_utf8_lossy(&bytes).lines().count() - 1;
        let open = all.iter().filter(|c| c.open).count();
        let ctx = zicht_storage::Ctx {
            organisation_id: org,
            actor: zicht_domain::handover::Actor {
                employee_id: employees[0].id,
                team_id: employees[0].team_id,
            },
            at: time::OffsetDateTime::now_utc(),
        };
        let report = store
            .reconcile_roster(&ctx, "roster.csv", &bytes, false)
            .await
            .unwrap();
        assert_eq!(report.run.rows_accepted as usize, rows);
        assert_eq!(report.ghosts.len(), rows - open);
        assert!(report.ghosts.len() as f64 >= rows as f64 * 0.1 - 1.0);
        assert!(report.not_in_roster.is_empty());
    });
}

/// `import-roster` is guarded: `--dry-run` reports and writes nothing; a file
/// that would change too much waits for `--confirm` (exit code 1 until
/// then, nothing changed); a file without a valid row is refused.
#[test]
fn import_roster_dry_run_and_confirm() {
    use zicht_domain::{client::BenefitStatus, roster::RosterRunStatus};

    let dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let db = rt.block_on(testing::fresh_database_url(dir.path()));
    let roster = dir.path().join("roster.csv");
    let out = Command::new(BIN)
        .args([
            "--database",
            &db,
            "generate",
            "--clients",
            "80",
            "--seed",
            "7",
        ])
        .args(["--quiet", "--roster"])
        .arg(&roster)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Every other row: half the open clients drop out of the roster.
    let text = std::fs::read_to_string(&roster).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let mut half = format!("{header}\n");
    for line in lines.step_by(2) {
        half.push_str(line);
        half.push('\n');
    }
    let half_path = dir.path().join("half.csv");
    std::fs::write(&half_path, half).unwrap();
    let bad_path = dir.path().join("fout.csv");
    std::fs::write(&bad_path, format!("{header}\n123456789;Fout;01-01-2024;\n")).unwrap();

    let (org, email) = rt.block_on(async {
        let store = testing::open(&db).await;
        let org = store.organisations().await.unwrap()[0].id;
        (org, store.employees(org).await.unwrap()[0].email.clone())
    });
    // (open clients not in the roster, statuses of the runs, newest first)
    let state = || {
        rt.block_on(async {
            let store = testing::open(&db).await;
            let clients = store
                .clients(
                    org,
                    &zicht_storage::ClientFilter {
                        limit: Some(10_000),
                        ..Default::default()
                    },
                    time::OffsetDateTime::now_utc().date(),
                )
                .await
                .unwrap();
            let absent = clients
                .iter()
                .filter(|c| c.benefit_status == BenefitStatus::NotInRoster)
                .count();
            let runs: Vec<RosterRunStatus> = store
                .roster_runs(org)
                .await
                .unwrap()
                .into_iter()
                .map(|r| r.status)
                .collect();
            (absent, runs)
        })
    };
    let import = |file: &std::path::Path, extra: &[&str]| {
        Command::new(BIN)
            .env("ZICHT_LOG_KEY", testing::TEST_LOG_KEY_HEX)
            .args(["--database", &db, "import-roster", "--as", &email])
            .args(extra)
            .arg(file)
            .output()
            .unwrap()
    };

    let out = import(&half_path, &["--dry-run", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let preview: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(preview["decision"], "confirmation_required");
    let changes = preview["impact"]["status_changes"].as_u64().unwrap();
    let open = preview["impact"]["open_clients"].as_u64().unwrap();
    assert!(changes * 100 > open * 40, "{changes} of {open}");
    let out = import(&half_path, &["--dry-run"]);
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("Proefafstemming"), "{table}");
    assert!(table.contains("vraagt om bevestiging"), "{table}");
    assert_eq!(state(), (0, vec![]), "a dry run writes nothing");

    let out = import(&half_path, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--confirm"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("wacht op bevestiging"));
    assert_eq!(state(), (0, vec![RosterRunStatus::AwaitingConfirmation]));

    let out = import(&bad_path, &["--confirm"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("geweigerd"));
    assert_eq!(
        state(),
        (
            0,
            vec![
                RosterRunStatus::Refused,
                RosterRunStatus::AwaitingConfirmation
            ]
        )
    );

    let out = import(&half_path, &["--confirm", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["run"]["status"], "applied");
    assert_eq!(report["run"]["status_changes"].as_u64(), Some(changes));
    assert_eq!(
        state(),
        (
            changes as usize,
            vec![
                RosterRunStatus::Applied,
                RosterRunStatus::Refused,
                RosterRunStatus::Lapsed
            ]
        )
    );

    // A dry run cannot also confirm or register.
    let out = import(&half_path, &["--dry-run", "--confirm"]);
    assert_eq!(out.status.code(), Some(2));

    // The share is the organisation's setting.
    let configure = |value: &str| {
        Command::new(BIN)
            .args([
                "--database",
                &db,
                "configure",
                "--roster-confirm-share",
                value,
            ])
            .output()
            .unwrap()
    };
    let out = configure("0");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 tot en met 100 procent"));
    let out = configure("100");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("boven 100%"));
    // At 100% the full roster (every client back) applies unconfirmed.
    let out = import(&roster, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(state().0, 0);
}

// --- the processing log's key and anchors -------------------------------------

/// `zicht` with the database and, when given, the log key file; the key is
/// otherwise taken from nowhere.
fn zicht(db: &str, key: Option<&std::path::Path>) -> Command {
    let mut c = Command::new(BIN);
    c.env_remove("ZICHT_LOG_KEY")
        .env_remove("ZICHT_LOG_KEY_FILE")
        .env("RUST_LOG", "warn")
        .args(["--database", db]);
    if let Some(key) = key {
        c.arg("--log-key-file").arg(key);
    }
    c
}

/// A database with `n` processing-log records written with the test key,
/// and that key in a file.
async fn logged(dir: &std::path::Path, n: usize) -> (String, std::path::PathBuf) {
    use zicht_domain::organisation::TeamKind;
    let db = testing::fresh_database_url(dir).await;
    let key = dir.join("zicht-log.key");
    std::fs::write(&key, format!("{}\n", testing::TEST_LOG_KEY_HEX)).unwrap();
    let store = testing::open(&db).await;
    let org = store
        .create_organisation("Gemeente", &Default::default())
        .await
        .unwrap();
    let team = store
        .create_team(org, "Intake", TeamKind::Intake)
        .await
        .unwrap();
    let ine = store
        .create_employee(org, team, "Ine", "ine@x.example", 36)
        .await
        .unwrap();
    let now = time::OffsetDateTime::now_utc();
    let records: Vec<_> = (0..n)
        .map(|i| zicht_storage::ProcessingRecord {
            trace_id: format!("{:032x}", i + 1),
            span_id: format!("{:016x}", i + 1),
            parent_span_id: None,
            operation: "klantkaart_lezen".into(),
            started_at: now,
            ended_at: now,
            status: zicht_storage::LogStatus::Ok,
            actor: ine,
            processing_activity: "zicht:test".into(),
            subject_bsn: "123456782".into(),
        })
        .collect();
    for batch in records.chunks(64) {
        store.log_processing(org, batch).await.unwrap();
    }
    (db, key)
}

fn ids(rt: &tokio::runtime::Runtime, db: &str) -> Vec<i64> {
    rt.block_on(async {
        sqlx::query_scalar("SELECT id FROM processing_log ORDER BY id")
            .fetch_all(&testing::raw_pool(db).await)
            .await
            .unwrap()
    })
}

fn exec(rt: &tokio::runtime::Runtime, db: &str, sql: &str) {
    rt.block_on(async {
        sqlx::query(sql)
            .execute(&testing::raw_pool(db).await)
            .await
            .unwrap();
    });
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

#[test]
fn check_finds_a_rewritten_or_cut_log_with_its_key_and_an_anchor() {
    let rt = tokio::runtime::Runtime::new().unwrap();

    // Untouched: passes with the key; without it, check says why it cannot.
    let dir = tempfile::tempdir().unwrap();
    let (db, key) = rt.block_on(logged(dir.path(), 250));
    let out = zicht(&db, None)
        .args(["processing-log", "--anchor"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let anchor_line = text(&out.stdout);
    let anchor: serde_json::Value = serde_json::from_str(anchor_line.trim()).unwrap();
    assert_eq!(anchor["format"], "zicht-processing-log-anchor/1");
    assert_eq!(anchor["seq"].as_i64(), ids(&rt, &db).last().copied());
    assert_eq!(anchor["mac"].as_str().unwrap().len(), 64);
    let anchors = dir.path().join("anchors.jsonl");
    std::fs::write(&anchors, &anchor_line).unwrap();
    let check = |key: Option<&std::path::Path>, anchored: bool| {
        let mut c = zicht(&db, key);
        c.arg("check");
        if anchored {
            c.arg("--anchor").arg(&anchors);
        }
        c.output().unwrap()
    };
    let out = check(Some(&key), true);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let out = check(None, true);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("processing_log_unverified"));
    assert!(
        text(&out.stderr).contains("zonder de sleutel van het verwerkingenlog"),
        "{}",
        text(&out.stderr)
    );
    let out = zicht(&db, None)
        .env("ZICHT_LOG_KEY", "5a".repeat(32))
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("past niet bij deze database"));

    // (b) The newest hundred records removed: the chain left is whole, the
    // anchor taken before tells.
    exec(
        &rt,
        &db,
        &testing::drop_guard_sql("processing_log", "delete"),
    );
    let all = ids(&rt, &db);
    exec(
        &rt,
        &db,
        &format!(
            "DELETE FROM processing_log WHERE id > {}",
            all[all.len() - 101]
        ),
    );
    assert_eq!(check(Some(&key), false).status.code(), Some(0));
    let out = check(Some(&key), true);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("processing_log_anchor: record"),
        "{}",
        text(&out.stdout)
    );

    // (a) A record changed and the chain made again after it, without the key.
    let dir = tempfile::tempdir().unwrap();
    let (db, key) = rt.block_on(logged(dir.path(), 120));
    let all = ids(&rt, &db);
    exec(
        &rt,
        &db,
        &testing::drop_guard_sql("processing_log", "update"),
    );
    exec(
        &rt,
        &db,
        &format!(
            "UPDATE processing_log SET actor_employee_id = 99 WHERE id = {}",
            all[30]
        ),
    );
    let wrong = zicht_storage::LogKey::from_hex(&"5a".repeat(32)).unwrap();
    for how in [
        testing::Rechain::PlainSha256,
        testing::Rechain::Hmac(&wrong),
    ] {
        rt.block_on(testing::rechain(&db, all[30], how));
        let out = zicht(&db, Some(&key)).arg("check").output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{how:?}");
        assert!(
            text(&out.stdout).contains(&format!("processing_log_chain: record {}", all[30])),
            "{how:?}: {}",
            text(&out.stdout)
        );
    }

    // (c) A range removed and the rest chained again.
    let dir = tempfile::tempdir().unwrap();
    let (db, key) = rt.block_on(logged(dir.path(), 120));
    let all = ids(&rt, &db);
    exec(
        &rt,
        &db,
        &testing::drop_guard_sql("processing_log", "delete"),
    );
    exec(
        &rt,
        &db,
        &format!(
            "DELETE FROM processing_log WHERE id BETWEEN {} AND {}",
            all[20], all[59]
        ),
    );
    rt.block_on(testing::rechain(
        &db,
        all[60],
        testing::Rechain::PlainSha256,
    ));
    let out = zicht(&db, Some(&key)).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains(&format!("processing_log_chain: record {}", all[60])));
}

#[test]
fn serve_needs_the_log_key_and_the_demo_makes_one_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    // A file next to the SQLite database is the demo's default, on either backend.
    let db = format!("sqlite://{}", dir.path().join("zicht.db").display());

    let out = zicht(&db, None)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("zicht serve heeft de sleutel van het verwerkingenlog nodig")
            && err.contains("--log-key-file")
            && err.contains("ZICHT_LOG_KEY"),
        "{err}"
    );
    let out = zicht(&db, None)
        .env("ZICHT_LOG_KEY", "geen sleutel")
        .args(["serve", "--addr", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("64 hexadecimal digits"));

    // Data already there, so the demo is not loaded: quick to start.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        zicht_storage::open(&db)
            .await
            .unwrap()
            .create_organisation("Gemeente", &Default::default())
            .await
            .unwrap();
    });
    let key = dir.path().join("zicht-log.key");
    let start = || {
        let mut child = zicht(&db, None)
            .args(["serve", "--demo", "--addr", "127.0.0.1:0"])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let server = Server(child);
        let mut seen = Vec::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let up = line.contains("draait op ");
            seen.push(line);
            if up {
                break;
            }
        }
        drop(server);
        seen.join("\n")
    };
    let first = start();
    assert!(first.contains("zicht-log.key (nieuw gemaakt"), "{first}");
    let made = std::fs::read_to_string(&key).unwrap();
    assert_eq!(made.trim().len(), 64);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let second = start();
    assert!(second.contains("zicht-log.key (bestaand)"), "{second}");
    assert!(second.contains("draait op"), "{second}");
    assert_eq!(std::fs::read_to_string(&key).unwrap(), made, "kept");
    let out = zicht(&db, Some(&key)).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}
