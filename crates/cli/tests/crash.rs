//! Crash test: no acknowledged write is ever lost.
//!
//! The real `zicht serve` runs on a fresh demo database while concurrent
//! clients offer, accept, return and withdraw handovers and record contacts
//! through the JSON API. The server is killed with SIGKILL at random moments
//! and restarted on the same database, and the storm goes on against the new
//! process. Every request answered with 2xx is an acknowledged write and is
//! written down; afterwards each one must be found with its outcome, and
//! `zicht check` must find every invariant intact.
//!
//! `ZICHT_CRASH_KILLS` sets the number of kills (default 20) and
//! `ZICHT_CRASH_SEED` replays a run's random choices (the seed is printed).

#![allow(clippy::unwrap_used)]

use std::{
    collections::{BTreeMap, BTreeSet, HashMap},
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

use rand::{rngs::SmallRng, seq::SliceRandom, Rng, SeedableRng};
use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_zicht");
/// Set for every demo account by `serve --demo` (see `DEMO_PASSWORD`).
const DEMO_PASSWORD: &str = "zicht-demo-2026";
/// A demo caseworker (`demo.rs`: Marieke Dijkstra, team Intake); any
/// demo account can list the others.
const DEMO_EMAIL: &str = "marieke.dijkstra@westerkwartier-zuid.example";
/// Concurrent clients; each signs in as every team lead.
const WORKERS: usize = 8;
/// Demo clients per worker. Workers never share a client, so each knows
/// what state its clients should be in.
const CLIENTS_PER_WORKER: usize = 6;

/// The database the test runs on: a new, empty one (SQLite, or PostgreSQL
/// with `ZICHT_TEST_BACKEND=postgres`; then the server process dies and the
/// database server stays, as in production).
async fn fresh_database_url(dir: &Path) -> String {
    zicht_storage::testing::fresh_database_url(dir).await
}

// --- the server ----------------------------------------------------------------

/// One `zicht serve` process; killed with SIGKILL when dropped.
struct Server {
    child: Child,
}

impl Server {
    /// Starts the server and waits until it listens. `first` is the start on
    /// the empty database, which loads the demo; every later start is given
    /// `--demo` too and must leave the existing data alone.
    async fn start(db: &str, addr: &str, roster: &Path, first: bool) -> Server {
        let mut child = Command::new(BIN)
            .args(["--database", db, "serve", "--demo", "--addr", addr])
            .arg("--demo-roster")
            .arg(roster)
            // The demo makes the log key on its first start and uses it
            // again after every kill; beside the roster on both backends.
            .env("ZICHT_LOG_KEY_FILE", roster.with_file_name("zicht-log.key"))
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start zicht");
        let stderr = child.stderr.take().unwrap();
        let lines = Arc::new(Mutex::new(Vec::<String>::new()));
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let seen = lines.clone();
        std::thread::spawn(move || {
            // Keep reading until the process dies, so its stderr never fills up.
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.contains("draait op ") {
                    let _ = tx.send(());
                }
                seen.lock().unwrap().push(line);
            }
        });
        let limit = Duration::from_secs(if first { 300 } else { 30 });
        let announced = tokio::time::timeout(limit, rx.recv()).await;
        let output = lines.lock().unwrap().join("\n");
        let mut server = Server { child };
        if !matches!(announced, Ok(Some(()))) {
            let status = server.child.try_wait().ok().flatten();
            panic!("the server did not come up (exit status {status:?}); its stderr:\n{output}");
        }
        assert_eq!(
            output.contains("niet opnieuw geladen"),
            !first,
            "the demo is loaded exactly once; stderr:\n{output}"
        );
        server
    }

    /// SIGKILL, then reap the process.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_address() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().to_string()
}

// --- HTTP ------------------------------------------------------------------------

/// A signed-in API session with its own cookie jar and connections.
#[derive(Clone)]
struct Session {
    http: reqwest::Client,
    csrf: String,
    base: String,
}

/// What became of one request.
#[derive(Debug)]
enum Outcome {
    /// Answered with 2xx: the write is acknowledged.
    Ack(Value),
    /// Answered with another status and the error code from the body.
    Refused(u16, String),
    /// No connection: the server is down and the request never left.
    NotSent,
    /// Sent, but no (complete) answer: the server died mid-request. It may
    /// or may not have been applied.
    InDoubt,
}

impl Session {
    async fn sign_in(base: &str, email: &str) -> Session {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        let answer = http
            .post(format!("{base}/api/session"))
            .json(&json!({"email": email, "password": DEMO_PASSWORD}))
            .send()
            .await
            .unwrap();
        assert!(answer.status().is_success(), "sign-in as {email}");
        let me: Value = answer.json().await.unwrap();
        Session {
            http,
            csrf: me["csrf_token"].as_str().unwrap().to_string(),
            base: base.to_string(),
        }
    }

    async fn get(&self, path: &str) -> Outcome {
        outcome(self.http.get(format!("{}{path}", self.base)).send().await).await
    }

    async fn post(&self, path: &str, body: Value) -> Outcome {
        let request = self
            .http
            .post(format!("{}{path}", self.base))
            .header("x-csrf-token", &self.csrf)
            .json(&body);
        outcome(request.send().await).await
    }

    /// A read that must succeed; retried while the server is away.
    async fn read(&self, path: &str) -> Value {
        for _ in 0..100 {
            match self.get(path).await {
                Outcome::Ack(v) => return v,
                Outcome::Refused(status, code) => panic!("GET {path}: {status} {code}"),
                Outcome::NotSent | Outcome::InDoubt => {
                    tokio::time::sleep(Duration::from_millis(50)).await
                }
            }
        }
        panic!("GET {path}: no answer");
    }
}

async fn outcome(sent: reqwest::Result<reqwest::Response>) -> Outcome {
    let response = match sent {
        Ok(r) => r,
        Err(e) if e.is_connect() => return Outcome::NotSent,
        Err(_) => return Outcome::InDoubt,
    };
    let status = response.status();
    // Handlers answer only after their transaction commits, so a 2xx status
    // line means the write is done; a body cut off by the kill leaves us
    // without the details, which is as good as no answer.
    let Ok(bytes) = response.bytes().await else {
        return Outcome::InDoubt;
    };
    let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    if status.is_success() {
        Outcome::Ack(body)
    } else {
        let code = body["code"].as_str().unwrap_or_default().to_string();
        Outcome::Refused(status.as_u16(), code)
    }
}

// --- what was acknowledged ----------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Decision {
    Accepted,
    Returned,
    Withdrawn,
}

impl Decision {
    fn status(self) -> &'static str {
        match self {
            Decision::Accepted => "accepted",
            Decision::Returned => "returned",
            Decision::Withdrawn => "withdrawn",
        }
    }
    fn path(self) -> &'static str {
        match self {
            Decision::Accepted => "accept",
            Decision::Returned => "return",
            Decision::Withdrawn => "withdraw",
        }
    }
}

#[derive(Debug)]
struct OfferAck {
    handover: i64,
    client: i64,
    from_team: i64,
    to_team: i64,
    marker: String,
}

#[derive(Debug)]
struct DecisionAck {
    handover: i64,
    decision: Decision,
    /// The return reason, for a return.
    marker: String,
}

/// Everything one worker did, by outcome.
#[derive(Default)]
struct Ledger {
    offers: Vec<OfferAck>,
    decisions: Vec<DecisionAck>,
    /// (client, marker in the summary)
    contacts: Vec<(i64, String)>,
    /// Sent but unanswered, so perhaps applied: offers and contacts by
    /// marker, decisions by handover.
    doubtful_offers: Vec<String>,
    doubtful_contacts: Vec<(i64, String)>,
    doubtful_decisions: Vec<(i64, Decision)>,
    not_sent: usize,
    /// Answers other than 2xx, by status and code.
    refused: BTreeMap<String, usize>,
}

impl Ledger {
    fn acknowledged(&self) -> usize {
        self.offers.len() + self.decisions.len() + self.contacts.len()
    }
    fn in_doubt(&self) -> usize {
        self.doubtful_offers.len() + self.doubtful_contacts.len() + self.doubtful_decisions.len()
    }
}

// --- the storm -------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
struct Pending {
    handover: i64,
    from_team: i64,
    to_team: i64,
}

/// What a worker believes about one of its clients.
struct Tracked {
    id: i64,
    owner_team: i64,
    pending: Option<Pending>,
    /// A request about it went unanswered: read it back before going on.
    unsure: bool,
}

struct Worker {
    n: usize,
    seed: u64,
    rng: SmallRng,
    /// One session per team, signed in as its lead.
    leads: BTreeMap<i64, Session>,
    /// Employee ids per team.
    staff: BTreeMap<i64, Vec<i64>>,
    clients: Vec<Tracked>,
    ledger: Ledger,
    markers: u64,
}

impl Worker {
    fn marker(&mut self, what: &str) -> String {
        self.markers += 1;
        format!("crash-{:x}-w{}-{}-{what}", self.seed, self.n, self.markers)
    }

    fn other_team(&mut self, team: i64) -> i64 {
        let others: Vec<i64> = self.leads.keys().copied().filter(|&t| t != team).collect();
        *others.choose(&mut self.rng).unwrap()
    }

    fn maybe_employee(&mut self, team: i64) -> Value {
        if self.rng.gen_bool(0.5) {
            json!(self.staff[&team].choose(&mut self.rng).copied())
        } else {
            Value::Null
        }
    }

    async fn run(mut self, stop: Arc<AtomicBool>) -> Ledger {
        while !stop.load(Ordering::Relaxed) {
            let c = self.rng.gen_range(0..self.clients.len());
            if self.clients[c].unsure {
                self.resync(c).await;
                continue;
            }
            let roll = self.rng.gen_range(0..100);
            match self.clients[c].pending {
                None if roll < 65 => self.offer(c).await,
                None => self.contact(c).await,
                Some(p) if roll < 30 => self.decide(c, p, Decision::Accepted).await,
                Some(p) if roll < 55 => self.decide(c, p, Decision::Returned).await,
                Some(p) if roll < 75 => self.decide(c, p, Decision::Withdrawn).await,
                Some(p) if roll < 90 => self.race(c, p).await,
                Some(_) => self.contact(c).await,
            }
        }
        self.ledger
    }

    /// Notes a failed request; true when the client's state is now unknown.
    async fn failed(&mut self, outcome: &Outcome, what: &str) -> bool {
        match outcome {
            Outcome::Ack(_) => false,
            Outcome::NotSent => {
                self.ledger.not_sent += 1;
                // The server is restarting; give it a moment.
                tokio::time::sleep(Duration::from_millis(20)).await;
                false
            }
            Outcome::InDoubt => true,
            Outcome::Refused(status, code) => {
                *self
                    .ledger
                    .refused
                    .entry(format!("{what}: {status} {code}"))
                    .or_default() += 1;
                // Our picture of the client was wrong; read it back.
                true
            }
        }
    }

    async fn offer(&mut self, c: usize) {
        let (client, from_team) = (self.clients[c].id, self.clients[c].owner_team);
        let to_team = self.other_team(from_team);
        let to_employee = self.maybe_employee(to_team);
        let marker = self.marker("offer");
        let body = json!({
            "to_team_id": to_team,
            "to_employee_id": to_employee,
            "reason": marker,
            "work_done": "Intake gedaan, cv bijgewerkt.",
            "agreements": "Eerste gesprek binnen twee weken.",
        });
        let outcome = self.leads[&from_team]
            .post(&format!("/api/clients/{client}/handovers"), body)
            .await;
        if let Outcome::Ack(created) = &outcome {
            let handover = created["id"].as_i64().unwrap();
            self.ledger.offers.push(OfferAck {
                handover,
                client,
                from_team,
                to_team,
                marker,
            });
            self.clients[c].pending = Some(Pending {
                handover,
                from_team,
                to_team,
            });
        } else {
            if matches!(outcome, Outcome::InDoubt) {
                self.ledger.doubtful_offers.push(marker);
            }
            self.clients[c].unsure |= self.failed(&outcome, "offer").await;
        }
    }

    /// Sends a decision; returns the outcome and, for a return, its reason.
    async fn send_decision(&mut self, p: Pending, decision: Decision) -> (Outcome, String) {
        let mut marker = String::new();
        let (team, body) = match decision {
            Decision::Accepted => (
                p.to_team,
                json!({"employee_id": self.maybe_employee(p.to_team)}),
            ),
            Decision::Returned => {
                marker = self.marker("return");
                (p.to_team, json!({"reason": marker}))
            }
            Decision::Withdrawn => (p.from_team, json!({})),
        };
        let path = format!("/api/handovers/{}/{}", p.handover, decision.path());
        (self.leads[&team].post(&path, body).await, marker)
    }

    /// Applies an acknowledged decision to the ledger and the picture.
    fn decided(&mut self, c: usize, p: Pending, decision: Decision, marker: String) {
        self.ledger.decisions.push(DecisionAck {
            handover: p.handover,
            decision,
            marker,
        });
        let tracked = &mut self.clients[c];
        tracked.pending = None;
        if decision == Decision::Accepted {
            tracked.owner_team = p.to_team;
        }
    }

    async fn decide(&mut self, c: usize, p: Pending, decision: Decision) {
        let (outcome, marker) = self.send_decision(p, decision).await;
        if let Outcome::Ack(view) = &outcome {
            assert_eq!(view["status"], decision.status(), "{view}");
            self.decided(c, p, decision, marker);
        } else {
            if matches!(outcome, Outcome::InDoubt) {
                self.ledger.doubtful_decisions.push((p.handover, decision));
            }
            self.clients[c].unsure |= self.failed(&outcome, decision.path()).await;
        }
    }

    /// The receiving team accepts while the sending team withdraws, at
    /// once: at most one of them may be acknowledged.
    async fn race(&mut self, c: usize, p: Pending) {
        let (accept, withdraw) = (
            format!("/api/handovers/{}/accept", p.handover),
            format!("/api/handovers/{}/withdraw", p.handover),
        );
        let (accepted, withdrawn) = tokio::join!(
            self.leads[&p.to_team].post(&accept, json!({})),
            self.leads[&p.from_team].post(&withdraw, json!({})),
        );
        let mut winners = 0;
        for (outcome, decision) in [
            (accepted, Decision::Accepted),
            (withdrawn, Decision::Withdrawn),
        ] {
            match outcome {
                Outcome::Ack(_) => {
                    winners += 1;
                    self.decided(c, p, decision, String::new());
                }
                // The loser of a fair race.
                Outcome::Refused(409, code) if code == "handover_not_pending" => {}
                other => {
                    if matches!(other, Outcome::InDoubt) {
                        self.ledger.doubtful_decisions.push((p.handover, decision));
                    }
                    self.clients[c].unsure |= self.failed(&other, "race").await;
                }
            }
        }
        // Both acknowledged is caught by the verification; re-read to go on.
        if winners != 1 {
            self.clients[c].unsure = true;
        }
    }

    async fn contact(&mut self, c: usize) {
        let (client, team) = (self.clients[c].id, self.clients[c].owner_team);
        let marker = self.marker("contact");
        let body = json!({
            "kind": "telefoon",
            "with_whom": "klant",
            "summary": format!("Gebeld over de voortgang ({marker})"),
        });
        let outcome = self.leads[&team]
            .post(&format!("/api/clients/{client}/contacts"), body)
            .await;
        match outcome {
            Outcome::Ack(_) => self.ledger.contacts.push((client, marker)),
            Outcome::InDoubt => {
                self.ledger.doubtful_contacts.push((client, marker));
                self.clients[c].unsure = true;
            }
            other => self.clients[c].unsure |= self.failed(&other, "contact").await,
        }
    }

    /// Reads the client back: who owns it now, and what is pending.
    async fn resync(&mut self, c: usize) {
        let id = self.clients[c].id;
        let mut teams: Vec<i64> = self.leads.keys().copied().collect();
        // The team we last knew as owner is the likeliest reader.
        teams.sort_by_key(|&t| t != self.clients[c].owner_team);
        for team in teams {
            match self.leads[&team].get(&format!("/api/clients/{id}")).await {
                Outcome::Ack(card) => {
                    let tracked = &mut self.clients[c];
                    tracked.owner_team = card["owner_team"]["id"].as_i64().unwrap();
                    tracked.pending = pending_of(&card);
                    tracked.unsure = false;
                    return;
                }
                // Not this team's client (any more).
                Outcome::Refused(403, _) => {}
                other => {
                    self.failed(&other, "read").await;
                    return;
                }
            }
        }
        panic!("no team lead may read client {id}");
    }
}

fn pending_of(card: &Value) -> Option<Pending> {
    let h = &card["pending_handover"];
    h["id"].as_i64().map(|handover| Pending {
        handover,
        from_team: h["from_team"]["id"].as_i64().unwrap(),
        to_team: h["to_team"]["id"].as_i64().unwrap(),
    })
}

// --- the test ------------------------------------------------------------------------

fn env_number(name: &str) -> Option<u64> {
    let raw = std::env::var(name).ok()?;
    let raw = raw.trim();
    let parsed = match raw.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => raw.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name}={raw} is not a number")))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_sigkill() {
    let started = Instant::now();
    let kills = env_number("ZICHT_CRASH_KILLS").unwrap_or(20);
    let seed = env_number("ZICHT_CRASH_SEED").unwrap_or_else(rand::random);
    println!("crash test: seed {seed:#x} (replay with ZICHT_CRASH_SEED={seed:#x}), {kills} kills");
    let mut rng = SmallRng::seed_from_u64(seed);

    let dir = tempfile::tempdir().unwrap();
    let db = fresh_database_url(dir.path()).await;
    let roster: PathBuf = dir.path().join("roster.csv");
    let addr = free_address();
    let base = format!("http://{addr}");
    let mut server = Server::start(&db, &addr, &roster, true).await;
    let loaded = started.elapsed();

    // Learn the organisation from any demo account.
    let first = Session::sign_in(&base, DEMO_EMAIL).await;
    let employees = first.read("/api/employees").await;
    let mut staff: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    let mut lead_emails: BTreeMap<i64, String> = BTreeMap::new();
    for e in employees.as_array().unwrap() {
        let team = e["team_id"].as_i64().unwrap();
        staff
            .entry(team)
            .or_default()
            .push(e["id"].as_i64().unwrap());
        if e["role"] == "teamleider" {
            lead_emails.insert(team, e["email"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(lead_emails.len(), staff.len(), "every team has a lead");

    // Open clients with nothing pending, shared out so no two workers meet.
    let mut clients = Vec::new();
    for email in lead_emails.values() {
        let lead = Session::sign_in(&base, email).await;
        for c in lead
            .read("/api/clients?limit=10000")
            .await
            .as_array()
            .unwrap()
        {
            if c["open"] == true && c["pending_handover"].is_null() {
                clients.push((
                    c["id"].as_i64().unwrap(),
                    c["owner_team"]["id"].as_i64().unwrap(),
                ));
            }
        }
    }
    clients.sort_unstable();
    clients.dedup();
    clients.shuffle(&mut rng);
    assert!(clients.len() >= WORKERS * CLIENTS_PER_WORKER);

    let stop = Arc::new(AtomicBool::new(false));
    let mut workers = Vec::new();
    for n in 0..WORKERS {
        let mut leads = BTreeMap::new();
        for (&team, email) in &lead_emails {
            leads.insert(team, Session::sign_in(&base, email).await);
        }
        let mine = &clients[n * CLIENTS_PER_WORKER..(n + 1) * CLIENTS_PER_WORKER];
        let worker = Worker {
            n,
            seed,
            rng: SmallRng::seed_from_u64(seed.wrapping_add(n as u64 + 1)),
            leads,
            staff: staff.clone(),
            clients: mine
                .iter()
                .map(|&(id, owner_team)| Tracked {
                    id,
                    owner_team,
                    pending: None,
                    unsure: false,
                })
                .collect(),
            ledger: Ledger::default(),
            markers: 0,
        };
        workers.push(tokio::spawn(worker.run(stop.clone())));
    }
    let readers = sign_in_leads(&base, &lead_emails).await;

    // Kill at random moments: mostly after a burst of work, sometimes right
    // after the start, while connections pour back in.
    let storm = Instant::now();
    for _ in 0..kills {
        let delay = if rng.gen_bool(0.2) {
            rng.gen_range(0..100)
        } else {
            rng.gen_range(200..1200)
        };
        tokio::time::sleep(Duration::from_millis(delay)).await;
        server.kill();
        server = Server::start(&db, &addr, &roster, false).await;
    }
    stop.store(true, Ordering::Relaxed);
    let mut ledger = Ledger::default();
    for w in workers {
        let l = w.await.unwrap();
        ledger.offers.extend(l.offers);
        ledger.decisions.extend(l.decisions);
        ledger.contacts.extend(l.contacts);
        ledger.doubtful_offers.extend(l.doubtful_offers);
        ledger.doubtful_contacts.extend(l.doubtful_contacts);
        ledger.doubtful_decisions.extend(l.doubtful_decisions);
        ledger.not_sent += l.not_sent;
        for (k, v) in l.refused {
            *ledger.refused.entry(k).or_default() += v;
        }
    }
    let storm = storm.elapsed();
    // The last writes of the storm went to a process that was not killed;
    // kill it too, so every acknowledged write has been through a crash.
    server.kill();
    let server = Server::start(&db, &addr, &roster, false).await;

    let verified = verify(&readers, &ledger).await;
    server.kill();

    let check = Command::new(BIN)
        .args(["--database", &db, "check"])
        .env("ZICHT_LOG_KEY_FILE", roster.with_file_name("zicht-log.key"))
        .output()
        .unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "zicht check after the storm (seed {seed:#x}):\n{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );

    println!(
        "crash test: {kills} kills in {:.1} s of storm (+1 after it); {} acknowledged writes \
         ({} offers, {} decisions, {} contacts), {verified} verified; {} in doubt \
         (died mid-request), {} not sent (server down); demo loaded in {:.1} s, total {:.1} s",
        storm.as_secs_f64(),
        ledger.acknowledged(),
        ledger.offers.len(),
        ledger.decisions.len(),
        ledger.contacts.len(),
        ledger.in_doubt(),
        ledger.not_sent,
        loaded.as_secs_f64(),
        started.elapsed().as_secs_f64(),
    );
    for (what, n) in &ledger.refused {
        println!("crash test: refused {n}× {what}");
    }
    // Sessions are writes too: a signed-in client turned away after a
    // restart lost its acknowledged sign-in.
    assert!(
        !ledger.refused.keys().any(|k| k.contains(": 401")),
        "sessions lost (seed {seed:#x}): {:?}",
        ledger.refused
    );
}

/// One session per team lead, for reading back.
async fn sign_in_leads(base: &str, leads: &BTreeMap<i64, String>) -> BTreeMap<i64, Session> {
    let mut sessions = BTreeMap::new();
    for (&team, email) in leads {
        sessions.insert(team, Session::sign_in(base, email).await);
    }
    sessions
}

/// Reads back every acknowledged write; returns how many were checked.
/// Also reports how many unanswered requests were applied after all.
async fn verify(leads: &BTreeMap<i64, Session>, ledger: &Ledger) -> usize {
    // A handover is read by who may read its client: the lead of the team
    // that owns the client now sees every handover of that client.
    let mut handovers: HashMap<i64, Value> = HashMap::new();
    let clients: BTreeSet<i64> = ledger.offers.iter().map(|o| o.client).collect();
    for lead in leads.values() {
        for client in &clients {
            for h in lead
                .read(&format!("/api/handovers?client={client}"))
                .await
                .as_array()
                .unwrap()
            {
                handovers.insert(h["id"].as_i64().unwrap(), h.clone());
            }
        }
    }
    let mut lost = Vec::new();

    let mut decided: BTreeMap<i64, Vec<&DecisionAck>> = BTreeMap::new();
    for d in &ledger.decisions {
        decided.entry(d.handover).or_default().push(d);
    }
    let mut tried: BTreeMap<i64, BTreeSet<Decision>> = BTreeMap::new();
    for &(h, d) in &ledger.doubtful_decisions {
        tried.entry(h).or_default().insert(d);
    }
    for o in &ledger.offers {
        let Some(h) = handovers.get(&o.handover) else {
            lost.push(format!(
                "handover {} offered for client {} is gone",
                o.handover, o.client
            ));
            continue;
        };
        if h["client"]["id"] != o.client
            || h["from_team"]["id"] != o.from_team
            || h["to_team"]["id"] != o.to_team
            || h["note"]["reason"] != o.marker.as_str()
        {
            lost.push(format!(
                "handover {} is not the one offered ({o:?}): {h}",
                o.handover
            ));
        }
        // Undecided (as far as acknowledged): pending, or decided by a
        // request that got no answer.
        if !decided.contains_key(&o.handover) {
            let status = h["status"].as_str().unwrap_or_default();
            let doubtful = tried.get(&o.handover);
            if status != "pending"
                && !doubtful.is_some_and(|t| t.iter().any(|d| d.status() == status))
            {
                lost.push(format!(
                    "handover {} is {status}, but nothing decided it: {h}",
                    o.handover
                ));
            }
        }
    }
    for (id, acks) in &decided {
        if acks.len() > 1 {
            lost.push(format!("handover {id} was decided twice: {acks:?}"));
        }
        let Some(h) = handovers.get(id) else {
            lost.push(format!("decided handover {id} is gone"));
            continue;
        };
        let d = acks[0];
        if h["status"] != d.decision.status() {
            lost.push(format!(
                "handover {id} was {} but is now {}",
                d.decision.status(),
                h["status"]
            ));
        }
        if d.decision == Decision::Returned && h["return_reason"] != d.marker.as_str() {
            lost.push(format!("handover {id}: return reason lost: {h}"));
        }
    }

    // Contacts: each client's timeline holds its summaries.
    let mut per_client: BTreeMap<i64, Vec<&str>> = BTreeMap::new();
    for (client, marker) in &ledger.contacts {
        per_client.entry(*client).or_default().push(marker);
    }
    let mut cards: HashMap<i64, String> = HashMap::new();
    let doubtful_clients = ledger.doubtful_contacts.iter().map(|(c, _)| *c);
    for client in per_client.keys().copied().chain(doubtful_clients) {
        if cards.contains_key(&client) {
            continue;
        }
        let mut card = None;
        for lead in leads.values() {
            if let Outcome::Ack(c) = lead.get(&format!("/api/clients/{client}")).await {
                card = Some(c.to_string());
                break;
            }
        }
        cards.insert(
            client,
            card.unwrap_or_else(|| panic!("client {client} unreadable")),
        );
    }
    for (client, markers) in &per_client {
        for m in markers {
            if !cards[client].contains(m) {
                lost.push(format!("contact {m} on client {client} is gone"));
            }
        }
    }

    // A decision is final, so a handover in the state an unanswered request
    // asked for got there by that request.
    let applied = ledger
        .doubtful_contacts
        .iter()
        .filter(|(c, m)| cards[c].contains(m.as_str()))
        .count()
        + ledger
            .doubtful_offers
            .iter()
            .filter(|m| {
                handovers
                    .values()
                    .any(|h| h["note"]["reason"] == m.as_str())
            })
            .count()
        + tried
            .iter()
            .filter(|(id, ds)| {
                ds.iter()
                    .any(|d| handovers.get(id).is_some_and(|h| h["status"] == d.status()))
            })
            .count();
    println!(
        "crash test: of {} requests in doubt, {applied} were applied after all",
        ledger.in_doubt()
    );
    assert!(
        lost.is_empty(),
        "acknowledged writes lost:\n{}",
        lost.join("\n")
    );
    ledger.acknowledged()
}
