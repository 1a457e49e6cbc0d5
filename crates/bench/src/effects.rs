//! `effects`: the effectenkaart, computed live from the event history.
//!
//! First the one-off load of every client's history into memory (what the
//! first request after a start pays), then, `--effects-rounds` times each:
//! the pure computation of all figures for the organisation over this
//! quarter; the whole report (figures, previous quarter, twelve monthly
//! trend points, caseloads, agreements; with its store round trips) for the
//! organisation and for every team; and `GET /api/effects` and the page
//! `GET /effectenkaart` for the organisation, in-process, as a team lead.

use std::time::Instant;

use zicht_domain::effects::{compute, Period, Scope};

use crate::{
    fixture,
    stats::{Errors, Row, Samples},
    Bench,
};

const SECTION: &str = "effects";

pub async fn run(b: &mut Bench) -> anyhow::Result<()> {
    let org = b.fixture.org;
    let today = fixture::today();
    let quarter = Period::quarter_of(today);
    let rounds = b.args.effects_rounds.max(1);

    let t = Instant::now();
    let (clients, events) = b
        .state
        .histories
        .with(b.store.as_ref(), org, |h| {
            (
                h.clients.len(),
                h.clients.iter().map(|c| u64::from(c.events)).sum::<u64>(),
            )
        })
        .await?;
    let load = t.elapsed();
    b.note(
        SECTION,
        format!(
            "histories loaded from the event feed once: {clients} clients, {events} events in {:.2} s",
            load.as_secs_f64()
        ),
    );

    let settings = b.store.organisation(org).await?.settings;
    let rules = zicht_web::effects::rules(&settings);
    let mut samples = Samples::with_capacity(rounds);
    for _ in 0..rounds {
        let t = Instant::now();
        b.state
            .histories
            .with(b.store.as_ref(), org, |h| {
                compute(&h.clients, Scope::Organisation, quarter, rules, today)
            })
            .await?;
        samples.push(t.elapsed());
    }
    b.push(Row::latencies(
        SECTION,
        "all figures, organisation, this quarter (catch-up + compute)",
        &samples,
        samples.total(),
        "op/s",
        0,
    ));

    let staff = zicht_web::effects::Staff::load(&b.state, org)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let mut scopes = vec![Scope::Organisation];
    scopes.extend(b.fixture.teams.iter().map(|t| Scope::Team(t.id)));
    for (label, list) in [("organisation", &scopes[..1]), ("each team", &scopes[1..])] {
        let mut samples = Samples::with_capacity(rounds * list.len());
        let mut errors = Errors::default();
        for _ in 0..rounds {
            for scope in list {
                let t = Instant::now();
                match zicht_web::effects::report(&b.state, org, &staff, *scope, quarter, today)
                    .await
                {
                    Ok(_) => samples.push(t.elapsed()),
                    Err(e) => errors.add(format!("{e:?}")),
                }
            }
        }
        let measure = format!("whole report incl. 12-month trend, {label}");
        b.push(Row::latencies(
            SECTION,
            measure.clone(),
            &samples,
            samples.total(),
            "op/s",
            errors.count,
        ));
        b.errors(SECTION, &measure, &errors);
    }

    let leads = b.users.sign_in(&b.app).await?;
    let Some(session) = leads.values().next().cloned() else {
        b.note(SECTION, "no team lead to sign in as; HTTP not measured");
        return Ok(());
    };
    for path in [
        "/api/effects?scope=organisation",
        "/effectenkaart?scope=organisation",
    ] {
        let mut samples = Samples::with_capacity(rounds);
        let mut errors = Errors::default();
        for _ in 0..rounds {
            fixture::timed_get(&b.app, path, &session, &mut samples, &mut errors).await;
        }
        let measure = format!("GET {path} (in-process)");
        b.push(Row::latencies(
            SECTION,
            measure.clone(),
            &samples,
            samples.total(),
            "req/s",
            errors.count,
        ));
        b.errors(SECTION, &measure, &errors);
    }
    fixture::end_sessions(b.store.as_ref(), leads.values()).await?;
    Ok(())
}
