//! `matching`: the clients suggested for a vacancy. Every view of a vacancy
//! scores every open client of the organisation against it (the latest
//! klantinzetformulier, the wishes, earlier proposals), so this grows with
//! the organisation, not with the caseload. Measured in the store, and in
//! process for the JSON route (one window of 20) and the page, as the team
//! lead of each team in turn (who reads only the team's clients).

use std::time::Instant;

use anyhow::Context;
use zicht_domain::{
    reintegration::work::{NewEmployer, NewVacancy},
    VacancyId,
};

use crate::{
    fixture,
    stats::{Errors, Samples},
    Bench,
};

const SECTION: &str = "matching";
const EMPLOYER: &str = "Zicht-bench werkgever";

pub async fn run(b: &mut Bench) -> anyhow::Result<()> {
    let org = b.fixture.org;
    let Some(team) = b.fixture.teams.first().map(|t| t.id) else {
        b.note(SECTION, "no teams in the database; nothing measured");
        return Ok(());
    };
    let vacancy = vacancy(b, team).await?;
    let rounds = b.args.matching_rounds.max(1);

    let mut store = Samples::with_capacity(rounds);
    let mut errors = Errors::default();
    let mut suggested = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        match b.store.suggestions(org, vacancy).await {
            Ok(s) => {
                store.push(t.elapsed());
                suggested = s.len();
            }
            Err(e) => errors.add(e.to_string()),
        }
    }
    b.record(SECTION, "store.suggestions", &store, "op/s", &errors);
    b.note(
        SECTION,
        format!(
            "one vacancy (retail, 24 hours) against {} open clients: {suggested} suggested (generated clients have no wishes, so every ready client fits); {rounds} rounds",
            b.fixture.open_clients().len()
        ),
    );

    let sessions = b.users.sign_in(&b.app).await?;
    let teams: Vec<_> = b.fixture.teams.iter().map(|t| t.id).collect();
    for (measure, path) in [
        (
            "GET /api/vacancies/{id}?limit=20 (in-process)",
            format!("/api/vacancies/{}?limit=20", vacancy.0),
        ),
        (
            "GET /vacatures/{id} (in-process, HTML)",
            format!("/vacatures/{}", vacancy.0),
        ),
    ] {
        let mut samples = Samples::with_capacity(rounds);
        let mut errors = Errors::default();
        for round in 0..rounds {
            let team = teams[round % teams.len()];
            let Some(session) = sessions.get(&team) else {
                errors.add(format!("no session for team {team}"));
                continue;
            };
            fixture::timed_get(&b.app, &path, session, &mut samples, &mut errors).await;
        }
        b.record(SECTION, measure, &samples, "req/s", &errors);
    }
    fixture::end_sessions(b.store.as_ref(), sessions.values()).await?;
    Ok(())
}

/// The benchmark's own open vacancy, made on the first run and found again
/// on the next, so repeated runs measure the same thing.
async fn vacancy(b: &Bench, team: zicht_domain::TeamId) -> anyhow::Result<VacancyId> {
    let org = b.fixture.org;
    let today = fixture::today();
    let ctx = b
        .users
        .ctx(org, team)
        .context("no bench account for the first team")?;
    let existing = b.store.employers(org, today).await?;
    let employer = match existing.iter().find(|e| e.name == EMPLOYER) {
        Some(e) => e.id,
        None => {
            let new = NewEmployer::parse(EMPLOYER, "retail", "", "", "")
                .map_err(|e| anyhow::anyhow!("bench employer: {e:?}"))?;
            b.store.create_employer(&ctx, new).await?
        }
    };
    let detail = b.store.employer(org, employer, today).await?;
    if let Some(v) = detail
        .vacancies
        .iter()
        .find(|v| v.status == zicht_domain::reintegration::work::VacancyStatus::Open)
    {
        return Ok(v.id);
    }
    let new = NewVacancy::parse("Vakkenvuller", "retail", "24", "")
        .map_err(|e| anyhow::anyhow!("bench vacancy: {e:?}"))?;
    Ok(b.store.create_vacancy(&ctx, employer, new).await?)
}
