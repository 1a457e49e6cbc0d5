//! `handovers`: `--writers` concurrent tasks, each on its own client, offer
//! the client from its owning team to another team and accept it there as a
//! member of the receiving team, over and over, until `--handovers`
//! handovers are committed. Then `store.check()` must find nothing.

use std::{
    collections::BTreeMap,
    sync::{
        atomic::{AtomicBool, AtomicU64, Ordering},
        Arc,
    },
    time::Instant,
};

use rand::{rngs::SmallRng, seq::SliceRandom, Rng, SeedableRng};
use time::OffsetDateTime;
use zicht_domain::{
    handover::{Actor, HandoverNote, HandoverStatus},
    ClientId, EmployeeId, OrganisationId, TeamId,
};
use zicht_storage::{Ctx, HandoverFilter, Store};

use crate::{
    fixture,
    stats::{Errors, Row, Samples, Throughput},
    Bench,
};

const SECTION: &str = "handovers";

/// Errors after which the writers give up, so a broken database does not
/// keep the benchmark spinning.
const MAX_ERRORS: u64 = 1000;

struct Shared {
    store: Arc<dyn Store>,
    org: OrganisationId,
    /// Teams with at least one caseworker, and those caseworkers.
    members: BTreeMap<TeamId, Vec<EmployeeId>>,
    note: HandoverNote,
    target: u64,
    /// Handovers a writer has set out to do (returned on failure).
    claimed: AtomicU64,
    errors: AtomicU64,
    abort: AtomicBool,
}

#[derive(Default)]
struct Outcome {
    offers: Samples,
    accepts: Samples,
    errors: Errors,
}

pub async fn run(b: &mut Bench) -> anyhow::Result<()> {
    let mut members: BTreeMap<TeamId, Vec<EmployeeId>> = BTreeMap::new();
    for e in &b.fixture.caseworkers {
        members.entry(e.team_id).or_default().push(e.id);
    }
    if members.len() < 2 {
        b.note(
            SECTION,
            "fewer than two teams with caseworkers; nothing measured",
        );
        return Ok(());
    }
    let mut eligible: Vec<_> = b
        .fixture
        .clients
        .iter()
        .filter(|c| c.open && !c.pending)
        .copied()
        .collect();
    eligible.shuffle(&mut b.rng);
    let writers = b.args.writers.max(1).min(eligible.len());
    if writers == 0 {
        b.note(
            SECTION,
            "no open client without a pending handover; nothing measured",
        );
        return Ok(());
    }
    if writers < b.args.writers {
        b.note(
            SECTION,
            format!(
                "only {writers} open clients without a pending handover: {writers} writers instead of {}",
                b.args.writers
            ),
        );
    }
    let note = HandoverNote::parse(
        "Klaar voor de volgende stap in het traject",
        "Intake, diagnose en maandelijkse gesprekken",
        "",
        "Eerste afspraak met de nieuwe klantmanager binnen twee weken",
    )
    .map_err(|e| anyhow::anyhow!("handover note: {e:?}"))?;
    let shared = Arc::new(Shared {
        store: b.store.clone(),
        org: b.fixture.org,
        members,
        note,
        target: b.args.handovers,
        claimed: AtomicU64::new(0),
        errors: AtomicU64::new(0),
        abort: AtomicBool::new(false),
    });
    eprintln!(
        "zicht-bench: handovers: {} handovers by {writers} writers",
        b.args.handovers
    );
    let start = Instant::now();
    let tasks: Vec<_> = eligible[..writers]
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let rng =
                SmallRng::seed_from_u64(b.args.seed.wrapping_mul(7919).wrapping_add(i as u64));
            tokio::spawn(writer(
                shared.clone(),
                c.id,
                (c.owner_team, c.owner_employee),
                rng,
            ))
        })
        .collect();
    let mut all = Outcome::default();
    for t in tasks {
        match t.await {
            Ok(o) => {
                all.offers.extend(o.offers);
                all.accepts.extend(o.accepts);
                all.errors.merge(o.errors);
            }
            Err(e) => all.errors.add(format!("writer task failed: {e}")),
        }
    }
    let elapsed = start.elapsed();
    let secs = elapsed.as_secs_f64().max(1e-9);
    let handovers = all.accepts.len() as u64;
    let writes = (all.offers.len() + all.accepts.len()) as u64;
    b.push(Row::latencies(
        SECTION,
        format!("store.offer_handover, {writers} writers"),
        &all.offers,
        elapsed,
        "offers/s",
        0,
    ));
    b.push(Row::latencies(
        SECTION,
        format!("store.accept_handover, {writers} writers"),
        &all.accepts,
        elapsed,
        "accepts/s",
        0,
    ));
    b.push(Row {
        section: SECTION,
        measure: "handovers committed (offer+accept)".into(),
        n: handovers,
        median_us: None,
        p99_us: None,
        throughput: Some(Throughput {
            per_second: handovers as f64 / secs,
            unit: "handovers/s".into(),
        }),
        errors: all.errors.count,
    });
    b.push(Row {
        section: SECTION,
        measure: "writes committed (offers + accepts)".into(),
        n: writes,
        median_us: None,
        p99_us: None,
        throughput: Some(Throughput {
            per_second: writes as f64 / secs,
            unit: "writes/s".into(),
        }),
        errors: all.errors.count,
    });
    b.errors(SECTION, "offer/accept", &all.errors);
    b.note(
        SECTION,
        format!(
            "{handovers} of {} handovers committed in {:.2} s ({} offers, {} accepts)",
            b.args.handovers,
            elapsed.as_secs_f64(),
            all.offers.len(),
            all.accepts.len()
        ),
    );
    if handovers < b.args.handovers {
        b.note(
            SECTION,
            format!(
                "stopped short: {} handovers missing",
                b.args.handovers - handovers
            ),
        );
    }

    eprintln!("zicht-bench: handovers: store.check()");
    let t = Instant::now();
    let checked = b.store.check().await;
    let took = t.elapsed();
    let (violations, detail) = match checked {
        Ok(v) => {
            let detail = v
                .iter()
                .take(10)
                .map(|v| format!("{}: {}", v.rule, v.detail))
                .collect::<Vec<_>>();
            (v.len() as u64, detail)
        }
        Err(e) => (1, vec![format!("check failed: {e}")]),
    };
    b.push(Row {
        section: SECTION,
        measure: format!("store.check() afterwards: {violations} violations"),
        n: 1,
        median_us: Some(took.as_secs_f64() * 1e6),
        p99_us: None,
        throughput: None,
        errors: violations,
    });
    b.check = Some(crate::CheckResult {
        violations,
        seconds: took.as_secs_f64(),
        first: detail.clone(),
    });
    for d in detail {
        b.note(SECTION, format!("violation {d}"));
    }
    Ok(())
}

async fn writer(
    shared: Arc<Shared>,
    client: ClientId,
    mut owner: (TeamId, EmployeeId),
    mut rng: SmallRng,
) -> Outcome {
    let mut out = Outcome::default();
    let store = shared.store.as_ref();
    loop {
        if shared.abort.load(Ordering::Relaxed) {
            break;
        }
        if shared.claimed.fetch_add(1, Ordering::SeqCst) >= shared.target {
            shared.claimed.fetch_sub(1, Ordering::SeqCst);
            break;
        }
        let targets: Vec<_> = shared
            .members
            .keys()
            .filter(|t| **t != owner.0)
            .copied()
            .collect();
        let to_team = targets[rng.gen_range(0..targets.len())];
        let staff = &shared.members[&to_team];
        let taker = staff[rng.gen_range(0..staff.len())];

        let offer_ctx = ctx(shared.org, owner.1, owner.0);
        let t = Instant::now();
        let offered = store
            .offer_handover(&offer_ctx, client, to_team, None, shared.note.clone())
            .await;
        let failure = match offered {
            Ok(id) => {
                out.offers.push(t.elapsed());
                let accept_ctx = ctx(shared.org, taker, to_team);
                let t = Instant::now();
                match store.accept_handover(&accept_ctx, id, taker).await {
                    Ok(()) => {
                        out.accepts.push(t.elapsed());
                        owner = (to_team, taker);
                        None
                    }
                    Err(e) => Some(format!("accept_handover: {e}")),
                }
            }
            Err(e) => Some(format!("offer_handover: {e}")),
        };
        if let Some(failure) = failure {
            out.errors.add(failure);
            shared.claimed.fetch_sub(1, Ordering::SeqCst);
            if shared.errors.fetch_add(1, Ordering::SeqCst) + 1 >= MAX_ERRORS {
                shared.abort.store(true, Ordering::Relaxed);
            }
            // Find out where the client stands and clear a half-done handover.
            match recover(&shared, client).await {
                Ok(o) => owner = o,
                Err(e) => {
                    out.errors.add(format!("recovering client {client}: {e}"));
                    break;
                }
            }
        }
    }
    out
}

fn ctx(org: OrganisationId, employee: EmployeeId, team: TeamId) -> Ctx {
    Ctx {
        organisation_id: org,
        actor: Actor {
            employee_id: employee,
            team_id: team,
        },
        at: OffsetDateTime::now_utc(),
    }
}

/// The client's owner after a failure, with any pending handover withdrawn.
async fn recover(shared: &Shared, client: ClientId) -> anyhow::Result<(TeamId, EmployeeId)> {
    let store = shared.store.as_ref();
    let scope = store.client_scope(shared.org, client).await?;
    if scope.pending_to_team.is_some() {
        let filter = HandoverFilter {
            client: Some(client),
            status: Some(HandoverStatus::Pending),
            ..Default::default()
        };
        for h in store
            .handovers(shared.org, &filter, fixture::today())
            .await?
        {
            let by = ctx(shared.org, scope.owner_employee, scope.owner_team);
            store.withdraw_handover(&by, h.id).await?;
        }
    }
    Ok((scope.owner_team, scope.owner_employee))
}
