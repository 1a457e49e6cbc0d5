//! `caseload`: every caseworker's caseload, `--caseload-rounds` times over:
//! the store query as "Mijn caseload" makes it, the JSON list route with an
//! owner filter, and the "Mijn caseload" page as the caseworker.

use std::time::Instant;

use zicht_storage::ClientFilter;

use crate::{
    fixture,
    stats::{Errors, Row, Samples},
    Bench,
};

const SECTION: &str = "caseload";

/// The page's own limit on a caseload.
const LIMIT: u32 = 5000;

pub async fn run(b: &mut Bench) -> anyhow::Result<()> {
    let all = &b.fixture.caseworkers;
    let step = all
        .len()
        .div_ceil(b.args.caseload_caseworkers.max(1))
        .max(1);
    let caseworkers: Vec<_> = all.iter().step_by(step).cloned().collect();
    if caseworkers.is_empty() {
        b.note(
            SECTION,
            "no caseworkers in the organisation; nothing measured",
        );
        return Ok(());
    }
    let rounds = b.args.caseload_rounds.max(1);
    let org = b.fixture.org;
    let today = fixture::today();

    let mut samples = Samples::with_capacity(caseworkers.len() * rounds);
    let mut errors = Errors::default();
    let mut sizes = Vec::with_capacity(caseworkers.len());
    for round in 0..rounds {
        for e in &caseworkers {
            let filter = ClientFilter {
                owner_employee: Some(e.id),
                limit: Some(LIMIT),
                ..Default::default()
            };
            let t = Instant::now();
            match b.store.clients(org, &filter, today).await {
                Ok(list) => {
                    samples.push(t.elapsed());
                    if round == 0 {
                        sizes.push(list.len());
                    }
                }
                Err(err) => errors.add(err.to_string()),
            }
        }
    }
    b.push(Row::latencies(
        SECTION,
        "store.clients(owner = caseworker)",
        &samples,
        samples.total(),
        "op/s",
        errors.count,
    ));
    b.errors(SECTION, "store.clients", &errors);
    sizes.sort_unstable();
    if let (Some(min), Some(max)) = (sizes.first(), sizes.last()) {
        b.note(
            SECTION,
            format!(
                "{} caseworkers × {rounds} rounds; open clients per caseload: median {}, min {min}, max {max}",
                caseworkers.len(),
                sizes[(sizes.len() - 1) / 2]
            ),
        );
    }

    // The JSON list with an owner filter, as the team lead of that team.
    let leads = b.users.sign_in(&b.app).await?;
    let mut samples = Samples::with_capacity(caseworkers.len() * rounds);
    let mut errors = Errors::default();
    for _ in 0..rounds {
        for e in &caseworkers {
            let Some(session) = leads.get(&e.team_id) else {
                errors.add(format!("no session for team {}", e.team_id));
                continue;
            };
            let path = format!("/api/clients?owner={}&limit={LIMIT}", e.id);
            fixture::timed_get(&b.app, &path, session, &mut samples, &mut errors).await;
        }
    }
    let measure = "GET /api/clients?owner={id} (in-process)";
    b.push(Row::latencies(
        SECTION,
        measure,
        &samples,
        samples.total(),
        "req/s",
        errors.count,
    ));
    b.errors(SECTION, measure, &errors);
    fixture::end_sessions(b.store.as_ref(), leads.values()).await?;

    // "Mijn caseload" shows the signed-in caseworker's own clients, so it
    // runs as each caseworker (sessions opened as single sign-on does).
    let mut own = Vec::with_capacity(caseworkers.len());
    for e in &caseworkers {
        own.push(fixture::session_for(&b.state, b.store.as_ref(), e).await?);
    }
    let mut samples = Samples::with_capacity(caseworkers.len() * rounds);
    let mut errors = Errors::default();
    for _ in 0..rounds {
        for session in &own {
            fixture::timed_get(&b.app, "/", session, &mut samples, &mut errors).await;
        }
    }
    let measure = "GET / (Mijn caseload, in-process, HTML)";
    b.push(Row::latencies(
        SECTION,
        measure,
        &samples,
        samples.total(),
        "req/s",
        errors.count,
    ));
    b.errors(SECTION, measure, &errors);
    fixture::end_sessions(b.store.as_ref(), own.iter()).await?;
    Ok(())
}
