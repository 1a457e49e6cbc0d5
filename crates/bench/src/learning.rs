//! `learning`: "wat werkt voor wie", worked out live from the histories kept
//! in memory (loaded once, as for the effectenkaart), `--effects-rounds`
//! times each: the figures for everyone and by rung; what followed for
//! comparable clients of random open clients (the trajectplan's list); and
//! `GET /api/what-works?by=rung` and the page `GET /wat-werkt?by=rung`
//! in-process, as a team lead.

use std::time::Instant;

use rand::seq::SliceRandom;
use zicht_domain::learning::Dimension;
use zicht_web::{
    i18n::{Lang, Tr},
    learning::{comparable, figures, Selection},
};

use crate::{
    fixture,
    stats::{Errors, Row, Samples},
    Bench,
};

const SECTION: &str = "learning";

pub async fn run(b: &mut Bench) -> anyhow::Result<()> {
    let org = b.fixture.org;
    let today = fixture::today();
    let rounds = b.args.effects_rounds.max(1);
    let tr = Tr::new(Lang::Nl);

    let t = Instant::now();
    let everyone = Selection {
        by: Dimension::Everyone,
        item: None,
    };
    let first = figures(&b.state, org, everyone, today, tr)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    b.note(
        SECTION,
        format!(
            "first call (histories loaded unless the effects section ran): {:.2} s; {} ended interventions, {} rows for everyone, {} combinations left out",
            t.elapsed().as_secs_f64(),
            first.observations,
            first.rows.len(),
            first.suppressed
        ),
    );
    if first.observations == 0 {
        b.note(
            SECTION,
            "no ended interventions: generate with --trajectories",
        );
    }

    for (label, by) in [
        ("everyone", Dimension::Everyone),
        ("by rung", Dimension::Rung),
    ] {
        let mut samples = Samples::with_capacity(rounds);
        let mut errors = Errors::default();
        for _ in 0..rounds {
            let t = Instant::now();
            match figures(&b.state, org, Selection { by, item: None }, today, tr).await {
                Ok(_) => samples.push(t.elapsed()),
                Err(e) => errors.add(format!("{e:?}")),
            }
        }
        let measure = format!("all figures, {label} (catch-up + compute)");
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

    let open = b.fixture.open_clients();
    let mut samples = Samples::with_capacity(rounds);
    let mut errors = Errors::default();
    for _ in 0..rounds {
        let Some(c) = open.choose(&mut b.rng).copied() else {
            break;
        };
        let t = Instant::now();
        match comparable(&b.state, org, c.id, today, tr).await {
            Ok(_) => samples.push(t.elapsed()),
            Err(e) => errors.add(format!("{e:?}")),
        }
    }
    let measure = "comparable clients of one client (the trajectplan's list)";
    b.push(Row::latencies(
        SECTION,
        measure,
        &samples,
        samples.total(),
        "op/s",
        errors.count,
    ));
    b.errors(SECTION, measure, &errors);

    let leads = b.users.sign_in(&b.app).await?;
    let Some(session) = leads.values().next().cloned() else {
        b.note(SECTION, "no team lead to sign in as; HTTP not measured");
        return Ok(());
    };
    for path in ["/api/what-works?by=rung", "/wat-werkt?by=rung"] {
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
