//! `card`: the klantkaart server-side, one request at a time: the store
//! query, its JSON serialisation, and the whole handler stack in-process for
//! the JSON route and the HTML page.

use std::time::Instant;

use rand::Rng;

use crate::{
    fixture::{self, ClientInfo},
    stats::{Errors, Row, Samples},
    Bench,
};

const SECTION: &str = "card";

pub async fn run(b: &mut Bench) -> anyhow::Result<()> {
    let mut pool = b.fixture.open_clients();
    if pool.is_empty() {
        pool.clone_from(&b.fixture.clients);
    }
    if pool.is_empty() {
        b.note(SECTION, "no clients in the database; nothing measured");
        return Ok(());
    }
    let picks: Vec<ClientInfo> = (0..b.args.samples)
        .map(|_| pool[b.rng.gen_range(0..pool.len())])
        .collect();
    let org = b.fixture.org;
    let today = fixture::today();

    // The store's query, then serde_json on what it returned.
    let mut query = Samples::with_capacity(picks.len());
    let mut json = Samples::with_capacity(picks.len());
    let (mut query_errors, mut json_errors) = (Errors::default(), Errors::default());
    let (mut bytes, mut timeline) = (0usize, 0usize);
    for c in &picks {
        let t = Instant::now();
        match b.store.client_card(org, c.id, today).await {
            Ok(card) => {
                query.push(t.elapsed());
                let t = Instant::now();
                match serde_json::to_vec(&card) {
                    Ok(v) => {
                        json.push(t.elapsed());
                        bytes += v.len();
                        timeline += card.timeline.len();
                    }
                    Err(e) => json_errors.add(e.to_string()),
                }
            }
            Err(e) => query_errors.add(e.to_string()),
        }
    }
    b.push(Row::latencies(
        SECTION,
        "store.client_card",
        &query,
        query.total(),
        "op/s",
        query_errors.count,
    ));
    b.errors(SECTION, "store.client_card", &query_errors);
    b.push(Row::latencies(
        SECTION,
        "serde_json::to_vec(ClientCard)",
        &json,
        json.total(),
        "op/s",
        json_errors.count,
    ));
    b.errors(SECTION, "serde_json", &json_errors);
    if !json.is_empty() {
        b.note(
            SECTION,
            format!(
                "{} sampled clients ({} distinct open clients to draw from); mean klantkaart {} bytes of JSON, {:.1} timeline entries",
                picks.len(),
                pool.len(),
                bytes / json.len(),
                timeline as f64 / json.len() as f64
            ),
        );
    }

    // The whole stack in-process: routing, session, access rule, handler,
    // processing log, rendering; signed in as the team lead of the owning team.
    let sessions = b.users.sign_in(&b.app).await?;
    for (measure, pattern) in [
        ("GET /api/clients/{id} (in-process)", "/api/clients/"),
        ("GET /klanten/{id} (in-process, HTML)", "/klanten/"),
    ] {
        let mut samples = Samples::with_capacity(picks.len());
        let mut errors = Errors::default();
        for c in &picks {
            let Some(session) = sessions.get(&c.owner_team) else {
                errors.add(format!("no session for team {}", c.owner_team));
                continue;
            };
            let path = format!("{pattern}{}", c.id);
            fixture::timed_get(&b.app, &path, session, &mut samples, &mut errors).await;
        }
        b.record(SECTION, measure, &samples, "req/s", &errors);
    }
    fixture::end_sessions(b.store.as_ref(), sessions.values()).await?;
    Ok(())
}
