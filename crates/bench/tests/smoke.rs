//! The benchmark runs end to end on a tiny organisation (SQLite, or
//! PostgreSQL with `ZICHT_TEST_BACKEND=postgres`): every section, no errors,
//! a table and a JSON file. Asserts nothing about speed.

#![allow(clippy::unwrap_used)]

use std::{fmt::Write as _, process::Command};

use time::OffsetDateTime;
use zicht_domain::{
    client::{NewClient, Owner},
    handover::Actor,
    organisation::{OrganisationSettings, TeamKind},
    Bsn,
};
use zicht_storage::{testing, Ctx};

/// Valid BSNs (eleven test), the first `n` from 100000000 upwards.
fn bsns(n: usize) -> Vec<String> {
    (100_000_000u32..)
        .map(|i| i.to_string())
        .filter(|s| Bsn::parse(s).is_ok())
        .take(n)
        .collect()
}

/// A tiny organisation: three teams of two, six clients each; returns the
/// database URL and a roster of the open clients plus a ghost.
async fn organisation(dir: &std::path::Path) -> (String, String) {
    let url = testing::fresh_database_url(dir).await;
    let store = zicht_storage::open(&url).await.unwrap();
    let org = store
        .create_organisation("Benchgemeente", &OrganisationSettings::default())
        .await
        .unwrap();
    let now = OffsetDateTime::now_utc();
    let today = zicht_domain::calendar::dutch_date(now);
    let numbers = bsns(37);
    let mut roster = String::from("bsn;naam;ingangsdatum;einddatum\n");
    let mut n = 0;
    for (t, kind) in [TeamKind::Intake, TeamKind::Werk, TeamKind::Participatie]
        .into_iter()
        .enumerate()
    {
        let team = store
            .create_team(org, &format!("Team {t}"), kind)
            .await
            .unwrap();
        for e in 0..2 {
            let employee = store
                .create_employee(
                    org,
                    team,
                    &format!("Klantmanager {t}{e}"),
                    &format!("km{t}{e}@bench.example"),
                    36,
                )
                .await
                .unwrap();
            let ctx = Ctx {
                organisation_id: org,
                actor: Actor {
                    employee_id: employee,
                    team_id: team,
                },
                at: now,
            };
            for _ in 0..6 {
                let name = format!("Klant {n}");
                let client =
                    NewClient::parse(&numbers[n], &name, "01-02-1980", "", None, today).unwrap();
                let owner = Owner {
                    team_id: team,
                    employee_id: employee,
                };
                store.register_client(&ctx, client, owner).await.unwrap();
                writeln!(roster, "{};{name};01-01-2024;", numbers[n]).unwrap();
                n += 1;
            }
        }
    }
    writeln!(roster, "{};Spook Klant;01-01-2024;", numbers[n]).unwrap();
    (url, roster)
}

#[test]
fn every_section_runs_without_errors() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (url, roster) = runtime.block_on(organisation(dir.path()));
    drop(runtime);
    let roster_path = dir.path().join("roster.csv");
    std::fs::write(&roster_path, roster).unwrap();
    let json_path = dir.path().join("result.json");

    let output = Command::new(env!("CARGO_BIN_EXE_zicht-bench"))
        .env("ZICHT_LOG_KEY", testing::TEST_LOG_KEY_HEX)
        .args(["--database", &url, "--roster"])
        .arg(&roster_path)
        .args([
            "--seconds",
            "0.3",
            "--concurrency",
            "4",
            "--writers",
            "5",
            "--handovers",
            "30",
            "--samples",
            "40",
            "--caseload-rounds",
            "1",
            "--effects-rounds",
            "2",
            "--json",
        ])
        .arg(&json_path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "zicht-bench failed ({:?})\n{stdout}\n{stderr}",
        output.status
    );
    assert!(stdout.contains("| section | measure | n | median | p99 | throughput | errors |"));
    assert!(stdout.contains("36 clients (36 open), 6 caseworkers, 3 teams"));

    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    assert_eq!(report["errors"], 0, "{stdout}");
    assert_eq!(report["check"]["violations"], 0);
    let rows = report["rows"].as_array().unwrap();
    for section in [
        "card",
        "http",
        "caseload",
        "effects",
        "learning",
        "matching",
        "roster",
        "handovers",
    ] {
        assert!(
            rows.iter()
                .any(|r| r["section"] == section && r["n"].as_u64() > Some(0)),
            "no measurements for {section}:\n{stdout}"
        );
    }
    let committed = rows
        .iter()
        .find(|r| r["measure"] == "handovers committed (offer+accept)")
        .unwrap();
    assert_eq!(committed["n"], 30);
    let runs: Vec<_> = rows.iter().filter(|r| r["section"] == "roster").collect();
    assert_eq!(runs.len(), 2, "the roster runs twice");
    assert!(runs.iter().all(|r| r["n"] == 37));
    assert_eq!(report["memory"].as_array().unwrap().len(), 9);
    assert!(report["peak_rss_kib"].as_u64() > Some(0));
}
