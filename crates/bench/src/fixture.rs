//! What the benchmark finds in the database before it measures anything, the
//! accounts it signs in with, and requests to the application in-process.

use std::{
    collections::{BTreeMap, HashMap},
    net::SocketAddr,
    sync::Arc,
};

use anyhow::{anyhow, bail, Context};
use axum::{
    body::{Body, Bytes},
    extract::ConnectInfo,
    http::{header, Request, StatusCode},
    Router,
};
use rand::{distributions::Alphanumeric, Rng};
use time::OffsetDateTime;
use tower::ServiceExt;
use zicht_domain::{
    access::Role,
    handover::Actor,
    organisation::{Employee, Team},
    ClientId, EmployeeId, OrganisationId, TeamId,
};
use zicht_storage::{ClientFilter, Ctx, Store};

/// Accounts the benchmark adds (one team lead per team) live at this domain,
/// so they are easy to tell from the organisation's own staff.
pub const BENCH_DOMAIN: &str = "zicht-bench.invalid";

#[derive(Debug, Clone, Copy)]
pub struct ClientInfo {
    pub id: ClientId,
    pub owner_team: TeamId,
    pub owner_employee: EmployeeId,
    pub open: bool,
    pub pending: bool,
}

/// The organisation as the benchmark finds it.
pub struct Fixture {
    pub org: OrganisationId,
    pub teams: Vec<Team>,
    /// Employees who work with client files, without the benchmark's accounts.
    pub caseworkers: Vec<Employee>,
    /// Every client, found through the caseloads of `caseworkers`.
    pub clients: Vec<ClientInfo>,
}

pub fn is_bench_account(e: &Employee) -> bool {
    e.email.ends_with(&format!("@{BENCH_DOMAIN}"))
}

pub fn today() -> time::Date {
    zicht_domain::calendar::dutch_date(OffsetDateTime::now_utc())
}

impl Fixture {
    pub async fn load(store: &dyn Store, organisation: Option<i64>) -> anyhow::Result<Fixture> {
        let orgs = store.organisations().await?;
        let org = match organisation {
            Some(id) => orgs
                .iter()
                .find(|o| o.id.0 == id)
                .ok_or_else(|| anyhow!("no organisation {id} in this database"))?,
            None => match orgs.as_slice() {
                [] => bail!("the database holds no organisation; prepare it with `zicht generate`"),
                [one] => one,
                [first, ..] => {
                    eprintln!(
                        "zicht-bench: {} organisations; measuring {} ({}); pick another with --organisation",
                        orgs.len(),
                        first.id,
                        first.name
                    );
                    first
                }
            },
        };
        let teams = store.teams(org.id).await?;
        let caseworkers: Vec<Employee> = store
            .employees(org.id)
            .await?
            .into_iter()
            .filter(|e| e.role.works_with_clients() && !is_bench_account(e))
            .collect();
        let today = today();
        let mut clients = Vec::new();
        for e in &caseworkers {
            let filter = ClientFilter {
                owner_employee: Some(e.id),
                include_closed: true,
                limit: Some(u32::MAX),
                ..Default::default()
            };
            for c in store.clients(org.id, &filter, today).await? {
                clients.push(ClientInfo {
                    id: c.id,
                    owner_team: c.owner_team.id,
                    owner_employee: c.owner_employee.id,
                    open: c.open,
                    pending: c.pending_handover.is_some(),
                });
            }
        }
        Ok(Fixture {
            org: org.id,
            teams,
            caseworkers,
            clients,
        })
    }

    pub fn open_clients(&self) -> Vec<ClientInfo> {
        self.clients.iter().filter(|c| c.open).copied().collect()
    }
}

/// A signed-in session: the cookie to send, the CSRF token, and the token
/// itself so the session can be ended afterwards.
#[derive(Debug, Clone)]
pub struct Session {
    pub cookie: String,
    pub token: String,
}

/// One team lead per team, added by the benchmark, with a fresh random
/// password each run (never printed). Team leads may read every client of
/// their team.
pub struct BenchUsers {
    pub by_team: BTreeMap<TeamId, Employee>,
    password: String,
}

impl BenchUsers {
    pub async fn ensure(store: &dyn Store, fixture: &Fixture) -> anyhow::Result<BenchUsers> {
        let password: String = rand::thread_rng()
            .sample_iter(&Alphanumeric)
            .take(32)
            .map(char::from)
            .collect();
        let hash = zicht_web::auth::hash_password(&password)
            .map_err(|e| anyhow!("hashing the bench password: {e}"))?;
        let mut by_team = BTreeMap::new();
        for team in &fixture.teams {
            let email = format!("org{}-team{}@{BENCH_DOMAIN}", fixture.org, team.id);
            let id = match store.credentials(&email).await? {
                Some(c) => c.employee.id,
                None => {
                    store
                        .create_employee(
                            fixture.org,
                            team.id,
                            &format!("Zicht-bench ({})", team.name),
                            &email,
                            36,
                        )
                        .await?
                }
            };
            store.set_role(id, Role::Teamleider).await?;
            store.set_password_hash(id, &hash).await?;
            let (_, employee) = store.employee(id).await?;
            if employee.team_id != team.id {
                bail!("bench account {email} is not in team {}", team.id);
            }
            by_team.insert(team.id, employee);
        }
        Ok(BenchUsers { by_team, password })
    }

    /// Signs every bench account in through `POST /api/session`.
    pub async fn sign_in(&self, app: &Router) -> anyhow::Result<HashMap<TeamId, Session>> {
        let mut sessions = HashMap::new();
        for (team, employee) in &self.by_team {
            sessions.insert(*team, sign_in(app, &employee.email, &self.password).await?);
        }
        Ok(sessions)
    }

    /// A context acting as the bench team lead of `team`.
    pub fn ctx(&self, org: OrganisationId, team: TeamId) -> Option<Ctx> {
        let e = self.by_team.get(&team)?;
        Some(Ctx {
            organisation_id: org,
            actor: Actor {
                employee_id: e.id,
                team_id: e.team_id,
            },
            at: OffsetDateTime::now_utc(),
        })
    }
}

/// Signs in with e-mail and password through the API, in-process.
pub async fn sign_in(app: &Router, email: &str, password: &str) -> anyhow::Result<Session> {
    let body = serde_json::json!({"email": email, "password": password}).to_string();
    let request = Request::post("/api/session")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))?;
    let response = send(app, request).await;
    let status = response.status();
    let cookie = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find(|v| v.starts_with(&format!("{}=", zicht_web::auth::SESSION_COOKIE)))
        .map(str::to_string);
    let body = axum::body::to_bytes(response.into_body(), usize::MAX).await?;
    let Some(cookie) = cookie.filter(|_| status == StatusCode::OK) else {
        bail!(
            "sign-in as {email} failed: {status} {}",
            String::from_utf8_lossy(&body)
        );
    };
    let token = cookie
        .split_once('=')
        .map(|(_, t)| t.to_string())
        .context("session cookie without a value")?;
    Ok(Session { cookie, token })
}

/// Opens a session for an existing employee without a password, the way
/// single sign-on does once the identity is established.
pub async fn session_for(
    state: &zicht_web::AppState,
    store: &dyn Store,
    employee: &Employee,
) -> anyhow::Result<Session> {
    let credentials = store
        .credentials(&employee.email)
        .await?
        .ok_or_else(|| anyhow!("no account behind {}", employee.email))?;
    let session = zicht_web::auth::start_session(state, credentials)
        .await
        .map_err(|e| anyhow!("opening a session for {}: {e:?}", employee.email))?;
    Ok(Session {
        cookie: format!("{}={}", zicht_web::auth::SESSION_COOKIE, session.token),
        token: session.token,
    })
}

/// Ends sessions the benchmark opened.
pub async fn end_sessions<'a>(
    store: &dyn Store,
    sessions: impl IntoIterator<Item = &'a Session>,
) -> anyhow::Result<()> {
    for s in sessions {
        store
            .delete_session(&zicht_web::auth::token_hash(&s.token))
            .await?;
    }
    Ok(())
}

/// Where in-process requests say they come from.
fn loopback() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// One request through the whole router and its middleware, in-process.
pub async fn send(app: &Router, mut request: Request<Body>) -> axum::response::Response {
    request.extensions_mut().insert(ConnectInfo(loopback()));
    match app.clone().oneshot(request).await {
        Ok(r) => r,
        Err(never) => match never {},
    }
}

/// A signed-in GET, in-process; returns the status and the whole body.
pub async fn get(
    app: &Router,
    path: &str,
    session: &Session,
) -> anyhow::Result<(StatusCode, Bytes)> {
    let request = Request::get(path)
        .header(header::COOKIE, &session.cookie)
        .body(Body::empty())?;
    let response = send(app, request).await;
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX).await?;
    Ok((status, body))
}

/// Sessions per team, shared by the load generators.
pub type TeamSessions = Arc<HashMap<TeamId, Session>>;

/// `GET path` in-process as `session`: its latency when it succeeds, what
/// went wrong when not.
pub async fn timed_get(
    app: &Router,
    path: &str,
    session: &Session,
    samples: &mut crate::stats::Samples,
    errors: &mut crate::stats::Errors,
) {
    let t = std::time::Instant::now();
    match get(app, path, session).await {
        Ok((status, _)) if status.is_success() => samples.push(t.elapsed()),
        Ok((status, body)) => errors.add(format!(
            "HTTP {status}: {}",
            String::from_utf8_lossy(&body[..body.len().min(120)])
        )),
        Err(e) => errors.add(e.to_string()),
    }
}
