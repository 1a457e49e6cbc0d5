//! `zicht-bench`: measures an existing Zicht database, in one process.
//!
//! Prepare a database with `zicht generate` (one organisation with teams,
//! caseworkers and clients with years of history, and optionally rosters),
//! then measure it:
//!
//! ```text
//! cargo build --release -p zicht -p zicht-bench
//! target/release/zicht --database sqlite:///tmp/b.db generate --clients 10000 --roster /tmp/roster.csv
//! export ZICHT_LOG_KEY=$(openssl rand -hex 32)
//! target/release/zicht-bench --database sqlite:///tmp/b.db --roster /tmp/roster.csv --json /tmp/b.json
//!
//! # PostgreSQL (throwaway server on loopback):
//! eval "$(bash scripts/postgres.sh)"
//! psql "$ZICHT_TEST_POSTGRES_URL" -c 'CREATE DATABASE bench_x'
//! target/release/zicht --database postgres://zicht@127.0.0.1:55432/bench_x generate --clients 10000
//! target/release/zicht-bench --database postgres://zicht@127.0.0.1:55432/bench_x
//! ```
//!
//! Options (defaults in brackets):
//!
//! * `--database <URL>`: `sqlite://…` or `postgres://…` (also `ZICHT_DATABASE_URL`).
//! * `--roster <csv>`: a roster file for the `roster` section; may repeat.
//! * `--seconds <s>` [10]: duration of each load run of the `http` section.
//! * `--concurrency <n>` [32]: connections of the `http` load generator.
//! * `--writers <n>` [64]: concurrent writers of the `handovers` section.
//! * `--handovers <n>` [20000]: handovers the writers commit together.
//! * `--only <section>`: run only these sections (may repeat): `card`,
//!   `http`, `caseload`, `effects`, `learning`, `matching`, `roster`, `handovers`.
//!   Default: all, in that order.
//! * `--json <file>`: also write the results as JSON.
//! * `--samples <n>` [2000]: random clients for the `card` section.
//! * `--caseload-rounds <n>` [3]: passes over the caseworkers in `caseload`.
//! * `--caseload-caseworkers <n>` [300]: at most this many caseworkers there,
//!   spread evenly over all of them.
//! * `--effects-rounds <n>` [20]: repetitions of each measure in `effects`
//!   and `learning`.
//! * `--matching-rounds <n>` [20]: repetitions of each measure in `matching`.
//! * `--organisation <id>`: which organisation, when the database holds several.
//! * `--seed <n>` [1]: seed for the random picks, so runs are comparable.
//! * `--log-key-file <file>` (or the key itself in `ZICHT_LOG_KEY`): the
//!   processing log's key, as for `zicht`; required, since the benchmark
//!   writes the log.
//!
//! Sections:
//!
//! * `card`: the klantkaart one request at a time over `--samples` random
//!   open clients: `store.client_card`, serde_json of its result, and the
//!   whole handler stack in-process (`tower::ServiceExt::oneshot` on
//!   `zicht_web::app`) for `GET /api/clients/{id}` and the page `GET /klanten/{id}`.
//! * `http`: `zicht_web::serve` on 127.0.0.1:0 in this process and a load
//!   generator of `--concurrency` keep-alive connections (reqwest) for
//!   `--seconds` each against the JSON and the HTML klantkaart of random
//!   clients. Latencies of 2xx answers; anything else is counted as an error.
//!   Server and load generator share this machine's cores.
//! * `caseload`: each caseworker's caseload (`store.clients` with an owner
//!   filter, as "Mijn caseload" asks it), `GET /api/clients?owner=` and the
//!   page `GET /` as that caseworker, all in-process.
//! * `effects`: the effectenkaart (see `effects.rs`): loading the histories
//!   once, computing all figures, the whole report per organisation and per
//!   team, and `GET /api/effects` and `GET /effectenkaart` in-process.
//! * `matching`: the clients suggested for one open vacancy the benchmark
//!   adds (see `matching.rs`): `store.suggestions`, `GET
//!   /api/vacancies/{id}?limit=20` and the page `GET /vacatures/{id}`,
//!   in-process, as each team's team lead in turn.
//! * `roster`: `store.reconcile_roster` on each `--roster` file, twice (the
//!   second run is the same file again); only the call is timed.
//! * `handovers`: `--writers` tasks, each on its own open client, offer the
//!   client to another team and accept it there, until `--handovers` are
//!   committed; then `store.check()`, whose violations must be 0.
//!
//! Read requests are signed in as team leads the benchmark adds, one per team
//! (`org<o>-team<t>@zicht-bench.invalid`, a fresh random password every run,
//! signed in through `POST /api/session`); a team lead may read every client
//! of the team. "Mijn caseload" runs as the caseworker, with a session opened
//! the way single sign-on opens one. Every session is ended afterwards. The
//! benchmark writes to the database: sessions, the processing log of every
//! read, roster runs, the handovers, and an employer with a vacancy;
//! measure a copy you can throw away.
//!
//! Latencies are taken with `std::time::Instant` around each operation;
//! median and p99 are nearest-rank percentiles of the sorted samples.
//! Sequential measures give throughput as operations per second of their
//! summed latencies. Resident memory (VmRSS) is read from /proc/self/status
//! after each section, with the peak (VmHWM) at the end. The exit code is 1
//! when any operation failed or `check` found a violation.

mod card;
mod caseload;
mod effects;
mod fixture;
mod handovers;
mod http;
mod learning;
mod machine;
mod matching;
mod roster;
mod stats;

use std::{path::PathBuf, process::ExitCode, sync::Arc, time::Instant};

use anyhow::Context;
use clap::{Parser, ValueEnum};
use rand::{rngs::SmallRng, SeedableRng};
use serde::Serialize;
use time::OffsetDateTime;
use tracing_subscriber::EnvFilter;
use zicht_storage::Store;

use crate::{
    fixture::{BenchUsers, Fixture},
    machine::Machine,
    stats::{Errors, Row, Samples},
};

#[derive(Parser, Debug, Clone)]
#[command(
    name = "zicht-bench",
    version,
    about = "Measures an existing Zicht database (prepared by `zicht generate`)"
)]
pub struct Args {
    /// Database to measure: `sqlite://path/to/file.db` or `postgres://…`.
    #[arg(long, env = "ZICHT_DATABASE_URL")]
    database: String,
    /// Roster file (CSV) for the roster section; may be given more than once.
    #[arg(long)]
    roster: Vec<PathBuf>,
    /// Seconds of load per route in the http section.
    #[arg(long, default_value_t = 10.0)]
    seconds: f64,
    /// Connections of the http load generator.
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// Concurrent writers in the handovers section.
    #[arg(long, default_value_t = 64)]
    writers: usize,
    /// Handovers (offer + accept) to commit in the handovers section.
    #[arg(long, default_value_t = 20_000)]
    handovers: u64,
    /// Run only these sections (may be given more than once).
    #[arg(long, value_enum)]
    only: Vec<Section>,
    /// Also write the results to this file as JSON.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Random clients whose klantkaart the card section reads.
    #[arg(long, default_value_t = 2000)]
    samples: usize,
    /// Passes over all caseworkers in the caseload section.
    #[arg(long, default_value_t = 3)]
    caseload_rounds: usize,
    /// At most this many caseworkers in the caseload section, spread evenly
    /// over all of them (a national organisation has thousands).
    #[arg(long, default_value_t = 300)]
    caseload_caseworkers: usize,
    /// Rounds of each measure in the effects section.
    #[arg(long, default_value_t = 20)]
    effects_rounds: usize,
    /// Rounds of each measure in the matching section.
    #[arg(long, default_value_t = 20)]
    matching_rounds: usize,
    /// Organisation to measure when the database holds more than one.
    #[arg(long)]
    organisation: Option<i64>,
    /// Seed for the random choices.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// File with the processing log's key (64 hexadecimal digits), as for
    /// `zicht`; or the key itself in `ZICHT_LOG_KEY`.
    #[arg(long, env = "ZICHT_LOG_KEY_FILE", value_name = "PATH")]
    log_key_file: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Card,
    Http,
    Caseload,
    Roster,
    Handovers,
    Effects,
    Learning,
    Matching,
}

impl Section {
    const ALL: [Section; 8] = [
        Section::Card,
        Section::Http,
        Section::Caseload,
        Section::Effects,
        Section::Learning,
        Section::Matching,
        Section::Roster,
        Section::Handovers,
    ];

    fn name(self) -> &'static str {
        match self {
            Section::Card => "card",
            Section::Http => "http",
            Section::Caseload => "caseload",
            Section::Roster => "roster",
            Section::Handovers => "handovers",
            Section::Effects => "effects",
            Section::Learning => "learning",
            Section::Matching => "matching",
        }
    }
}

/// What every section works with, and where results go.
pub struct Bench {
    pub args: Args,
    pub store: Arc<dyn Store>,
    pub state: zicht_web::AppState,
    pub app: axum::Router,
    pub fixture: Fixture,
    pub users: BenchUsers,
    pub rng: SmallRng,
    rows: Vec<Row>,
    notes: Vec<Note>,
    check: Option<CheckResult>,
}

impl Bench {
    pub fn push(&mut self, row: Row) {
        self.rows.push(row);
    }

    pub fn note(&mut self, section: &'static str, text: impl Into<String>) {
        self.notes.push(Note {
            section,
            text: text.into(),
        });
    }

    /// A row of latencies (throughput over their sum) and what failed.
    pub fn record(
        &mut self,
        section: &'static str,
        measure: &str,
        samples: &Samples,
        unit: &str,
        errors: &Errors,
    ) {
        self.push(Row::latencies(
            section,
            measure,
            samples,
            samples.total(),
            unit,
            errors.count,
        ));
        self.errors(section, measure, errors);
    }

    /// Notes what failed in a measure, if anything did.
    pub fn errors(&mut self, section: &'static str, measure: &str, errors: &Errors) {
        if let Some(d) = errors.describe() {
            self.note(section, format!("errors in {measure}: {d}"));
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Note {
    section: &'static str,
    text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    violations: u64,
    seconds: f64,
    /// The first few, if any.
    first: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
struct Memory {
    after: &'static str,
    rss_kib: Option<u64>,
    /// How long the section took, set-up and sign-in included.
    section_seconds: Option<f64>,
}

#[derive(Debug, Serialize)]
struct Report {
    zicht_bench_version: &'static str,
    #[serde(with = "time::serde::rfc3339")]
    started_at: OffsetDateTime,
    machine: Machine,
    database_scheme: String,
    organisation_id: i64,
    teams: usize,
    caseworkers: usize,
    clients: usize,
    open_clients: usize,
    sections: Vec<Section>,
    seconds: f64,
    concurrency: usize,
    writers: usize,
    handovers: u64,
    samples: usize,
    caseload_rounds: usize,
    seed: u64,
    rows: Vec<Row>,
    notes: Vec<Note>,
    memory: Vec<Memory>,
    peak_rss_kib: Option<u64>,
    check: Option<CheckResult>,
    errors: u64,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn,sqlx=error")),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("zicht-bench: starting the runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(args)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("zicht-bench: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// `sqlite` or `postgres`: the URL's scheme only, so no password is printed.
fn scheme(url: &str) -> String {
    url.split(':').next().unwrap_or_default().to_string()
}

async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started_at = OffsetDateTime::now_utc();
    let machine = Machine::probe();
    let sections: Vec<Section> = Section::ALL
        .into_iter()
        .filter(|s| args.only.is_empty() || args.only.contains(s))
        .collect();
    // The benchmark writes the processing log of every read it makes.
    let key = zicht_storage::LogKey::from_sources(
        args.log_key_file.as_deref(),
        std::env::var("ZICHT_LOG_KEY").ok().as_deref(),
    )?
    .context("the benchmark writes the processing log: give its key with --log-key-file or ZICHT_LOG_KEY")?;
    let store = zicht_storage::open_with_log_key(&args.database, Some(key))
        .await
        .with_context(|| format!("opening the {} database", scheme(&args.database)))?;

    eprintln!("zicht-bench: reading the organisation…");
    let t = Instant::now();
    let fixture = Fixture::load(store.as_ref(), args.organisation).await?;
    eprintln!(
        "zicht-bench: {} teams, {} caseworkers, {} clients ({} open) in {:.1} s",
        fixture.teams.len(),
        fixture.caseworkers.len(),
        fixture.clients.len(),
        fixture.open_clients().len(),
        t.elapsed().as_secs_f64()
    );
    let users = BenchUsers::ensure(store.as_ref(), &fixture).await?;
    let state = zicht_web::AppState::new(store.clone());
    let app = zicht_web::app(state.clone());
    let mut bench = Bench {
        rng: SmallRng::seed_from_u64(args.seed),
        args: args.clone(),
        store,
        state,
        app,
        fixture,
        users,
        rows: Vec::new(),
        notes: Vec::new(),
        check: None,
    };

    let mut memory = vec![Memory {
        after: "start",
        rss_kib: machine::rss_kib().0,
        section_seconds: None,
    }];
    for section in &sections {
        eprintln!("zicht-bench: == {}", section.name());
        let t = Instant::now();
        match section {
            Section::Card => card::run(&mut bench).await,
            Section::Http => http::run(&mut bench).await,
            Section::Caseload => caseload::run(&mut bench).await,
            Section::Effects => effects::run(&mut bench).await,
            Section::Learning => learning::run(&mut bench).await,
            Section::Matching => matching::run(&mut bench).await,
            Section::Roster => roster::run(&mut bench).await,
            Section::Handovers => handovers::run(&mut bench).await,
        }
        .with_context(|| format!("section {}", section.name()))?;
        let took = t.elapsed().as_secs_f64();
        eprintln!("zicht-bench: {} done in {took:.1} s", section.name());
        memory.push(Memory {
            after: section.name(),
            rss_kib: machine::rss_kib().0,
            section_seconds: Some(took),
        });
    }
    let peak_rss_kib = machine::rss_kib().1;

    let errors: u64 = bench.rows.iter().map(|r| r.errors).sum();
    let report = Report {
        zicht_bench_version: env!("CARGO_PKG_VERSION"),
        started_at,
        machine,
        database_scheme: scheme(&args.database),
        organisation_id: bench.fixture.org.0,
        teams: bench.fixture.teams.len(),
        caseworkers: bench.fixture.caseworkers.len(),
        clients: bench.fixture.clients.len(),
        open_clients: bench.fixture.open_clients().len(),
        sections,
        seconds: args.seconds,
        concurrency: args.concurrency,
        writers: args.writers,
        handovers: args.handovers,
        samples: args.samples,
        caseload_rounds: args.caseload_rounds,
        seed: args.seed,
        rows: bench.rows,
        notes: bench.notes,
        memory,
        peak_rss_kib,
        check: bench.check,
        errors,
    };
    print!("{}", markdown(&report));
    if let Some(path) = &args.json {
        let json = serde_json::to_vec_pretty(&report)?;
        std::fs::write(path, json).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("zicht-bench: results written to {}", path.display());
    }
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn markdown(r: &Report) -> String {
    let mut out = String::new();
    out.push_str("## zicht-bench\n\n");
    out.push_str(&format!("- machine: {}\n", r.machine.describe()));
    out.push_str(&format!(
        "- database: {}; organisation {}: {} clients ({} open), {} caseworkers, {} teams\n",
        r.database_scheme, r.organisation_id, r.clients, r.open_clients, r.caseworkers, r.teams
    ));
    out.push_str(&format!(
        "- run: {}, zicht-bench {}; --seconds {} --concurrency {} --writers {} --handovers {} --samples {} --caseload-rounds {} --seed {}\n\n",
        r.started_at
            .replace_nanosecond(0)
            .unwrap_or(r.started_at)
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        r.zicht_bench_version,
        r.seconds,
        r.concurrency,
        r.writers,
        r.handovers,
        r.samples,
        r.caseload_rounds,
        r.seed
    ));
    out.push_str(&stats::markdown(&r.rows));
    out.push('\n');
    out.push_str("| after section | RSS (VmRSS) | section took |\n|---|---:|---:|\n");
    for m in &r.memory {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            m.after,
            m.rss_kib.map_or_else(|| "?".into(), machine::mib),
            m.section_seconds
                .map_or_else(|| "–".into(), |s| format!("{s:.1} s"))
        ));
    }
    out.push_str(&format!(
        "| peak (VmHWM) | {} | |\n",
        r.peak_rss_kib.map_or_else(|| "?".into(), machine::mib)
    ));
    if !r.notes.is_empty() {
        out.push('\n');
        for n in &r.notes {
            out.push_str(&format!("- {}: {}\n", n.section, n.text));
        }
    }
    out.push_str(&format!("\nerrors: {}\n", r.errors));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_hides_the_rest_of_the_url() {
        assert_eq!(scheme("postgres://zicht:geheim@host/db"), "postgres");
        assert_eq!(scheme("sqlite:///tmp/b.db"), "sqlite");
    }

    #[test]
    fn arguments_parse() {
        let a = Args::try_parse_from([
            "zicht-bench",
            "--database",
            "sqlite:///tmp/x.db",
            "--only",
            "card",
            "--only",
            "http",
            "--roster",
            "a.csv",
            "--roster",
            "b.csv",
            "--seconds",
            "0.5",
        ])
        .map_err(|e| e.to_string());
        let a = a.as_ref().map_err(String::as_str);
        assert!(a.is_ok(), "{a:?}");
        if let Ok(a) = a {
            assert_eq!(a.only, vec![Section::Card, Section::Http]);
            assert_eq!(a.roster.len(), 2);
            assert_eq!(a.concurrency, 32);
            assert_eq!(a.handovers, 20_000);
        }
    }
}
