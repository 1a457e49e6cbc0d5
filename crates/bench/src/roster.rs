//! `roster`: reconciling each `--roster` file with the register, twice (the
//! second time the same file again). Only the store call is timed; the file
//! is read first.

use std::time::Instant;

use zicht_domain::organisation::TeamKind;

use crate::{
    machine,
    stats::{Row, Throughput},
    Bench,
};

const SECTION: &str = "roster";

pub async fn run(b: &mut Bench) -> anyhow::Result<()> {
    if b.args.roster.is_empty() {
        b.note(SECTION, "no --roster files given; nothing measured");
        return Ok(());
    }
    // Imported by the bench team lead of an intake team, else of any team.
    let team = b
        .fixture
        .teams
        .iter()
        .find(|t| t.kind == TeamKind::Intake)
        .or(b.fixture.teams.first())
        .map(|t| t.id);
    let Some(team) = team else {
        b.note(SECTION, "the organisation has no teams; nothing measured");
        return Ok(());
    };
    for path in b.args.roster.clone() {
        let bytes = std::fs::read(&path)
            .map_err(|e| anyhow::anyhow!("reading roster {}: {e}", path.display()))?;
        let name = path
            .file_name()
            .map_or_else(|| "roster.csv".into(), |n| n.to_string_lossy().into_owned());
        for run in 1..=2 {
            let Some(ctx) = b.users.ctx(b.fixture.org, team) else {
                anyhow::bail!("no bench account for team {team}");
            };
            eprintln!(
                "zicht-bench: roster: {name} ({:.1} MiB), run {run}",
                bytes.len() as f64 / (1024.0 * 1024.0)
            );
            let t = Instant::now();
            let result = b.store.reconcile_roster(&ctx, &name, &bytes, false).await;
            let elapsed = t.elapsed();
            let label = if run == 1 {
                format!("reconcile_roster {name}, 1st run")
            } else {
                format!("reconcile_roster {name}, 2nd run (same file)")
            };
            match result {
                Ok(report) => {
                    let r = &report.run;
                    let rows = u64::try_from(r.rows_total).unwrap_or(0);
                    b.push(Row {
                        section: SECTION,
                        measure: label,
                        n: rows,
                        median_us: Some(elapsed.as_secs_f64() * 1e6),
                        p99_us: None,
                        throughput: Some(Throughput {
                            per_second: rows as f64 / elapsed.as_secs_f64().max(1e-9),
                            unit: "rows/s".into(),
                        }),
                        errors: 0,
                    });
                    b.note(
                        SECTION,
                        format!(
                            "{name} run {run}: {} rows ({} accepted, {} rejected), {} ghosts, {} benefit ended, {} not in roster, {} without contact, {} overdue handovers{}; {:.2} s; RSS after {}",
                            r.rows_total,
                            r.rows_accepted,
                            r.rows_rejected,
                            r.ghosts,
                            r.benefit_ended,
                            r.not_in_roster,
                            r.no_contact,
                            r.overdue_handovers,
                            r.same_file_as
                                .map(|id| format!(", same file as run {id}"))
                                .unwrap_or_default(),
                            elapsed.as_secs_f64(),
                            machine::rss_kib().0.map_or_else(|| "?".into(), machine::mib),
                        ),
                    );
                }
                Err(e) => {
                    b.push(Row {
                        section: SECTION,
                        measure: label,
                        n: 0,
                        median_us: Some(elapsed.as_secs_f64() * 1e6),
                        p99_us: None,
                        throughput: None,
                        errors: 1,
                    });
                    b.note(SECTION, format!("{name} run {run} failed: {e}"));
                }
            }
        }
    }
    Ok(())
}
