//! `http`: the real server on loopback, in this process, under a load
//! generator of `--concurrency` keep-alive connections for `--seconds` per
//! route: the klantkaart as JSON, then as HTML.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use rand::{rngs::SmallRng, Rng, SeedableRng};
use tokio::net::TcpListener;

use crate::{
    fixture::{self, ClientInfo, TeamSessions},
    stats::{Errors, Row, Samples},
    Bench,
};

const SECTION: &str = "http";

pub async fn run(b: &mut Bench) -> anyhow::Result<()> {
    let mut pool = b.fixture.open_clients();
    if pool.is_empty() {
        pool.clone_from(&b.fixture.clients);
    }
    if pool.is_empty() {
        b.note(SECTION, "no clients in the database; nothing measured");
        return Ok(());
    }
    let pool = Arc::new(pool);
    let sessions: TeamSessions = Arc::new(b.users.sign_in(&b.app).await?);

    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(zicht_web::serve(listener, b.state.clone(), async move {
        let _ = stopped.await;
    }));

    let concurrency = b.args.concurrency.max(1);
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .redirect(reqwest::redirect::Policy::none())
        .tcp_nodelay(true)
        .timeout(Duration::from_secs(60))
        .build()?;
    let seconds = b.args.seconds;
    for (measure, pattern) in [
        ("GET /api/clients/{id} (loopback)", "/api/clients/"),
        ("GET /klanten/{id} (loopback, HTML)", "/klanten/"),
    ] {
        eprintln!("zicht-bench: http: {measure}, {concurrency} connections, {seconds} s");
        let deadline = Instant::now() + Duration::from_secs_f64(seconds);
        let start = Instant::now();
        let workers: Vec<_> = (0..concurrency)
            .map(|i| {
                tokio::spawn(worker(
                    http.clone(),
                    format!("{base}{pattern}"),
                    pool.clone(),
                    sessions.clone(),
                    deadline,
                    b.args.seed.wrapping_mul(1000).wrapping_add(i as u64),
                ))
            })
            .collect();
        let mut samples = Samples::default();
        let mut errors = Errors::default();
        for w in workers {
            match w.await {
                Ok((s, e)) => {
                    samples.extend(s);
                    errors.merge(e);
                }
                Err(e) => errors.add(format!("load task failed: {e}")),
            }
        }
        let elapsed = start.elapsed();
        b.push(Row::latencies(
            SECTION,
            format!("{measure}, {concurrency} conns"),
            &samples,
            elapsed,
            "req/s",
            errors.count,
        ));
        b.errors(SECTION, measure, &errors);
    }
    drop(http);
    let _ = stop.send(());
    match tokio::time::timeout(Duration::from_secs(30), server).await {
        Ok(Ok(Ok(()))) => {}
        Ok(Ok(Err(e))) => b.note(SECTION, format!("server ended with an error: {e}")),
        Ok(Err(e)) => b.note(SECTION, format!("server task failed: {e}")),
        Err(_) => b.note(SECTION, "server did not shut down within 30 s"),
    }
    fixture::end_sessions(b.store.as_ref(), sessions.values()).await?;
    Ok(())
}

/// One connection's worth of load: random readable clients until the deadline.
async fn worker(
    http: reqwest::Client,
    prefix: String,
    pool: Arc<Vec<ClientInfo>>,
    sessions: TeamSessions,
    deadline: Instant,
    seed: u64,
) -> (Samples, Errors) {
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut samples = Samples::default();
    let mut errors = Errors::default();
    while Instant::now() < deadline {
        let c = pool[rng.gen_range(0..pool.len())];
        let Some(session) = sessions.get(&c.owner_team) else {
            errors.add(format!("no session for team {}", c.owner_team));
            continue;
        };
        let t = Instant::now();
        let result = http
            .get(format!("{prefix}{}", c.id))
            .header(reqwest::header::COOKIE, &session.cookie)
            .send()
            .await;
        match result {
            Ok(response) => {
                let status = response.status();
                match response.bytes().await {
                    Ok(_) if status.is_success() => samples.push(t.elapsed()),
                    Ok(_) => errors.add(format!("HTTP {status}")),
                    Err(e) => errors.add(format!("reading body: {e}")),
                }
            }
            Err(e) => errors.add(format!("request: {e}")),
        }
    }
    (samples, errors)
}
