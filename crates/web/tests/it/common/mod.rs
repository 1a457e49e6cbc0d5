//! A real server on a real database, one per test, with a small organisation:
//! SQLite by default, PostgreSQL with `ZICHT_TEST_BACKEND=postgres`.

#![allow(clippy::unwrap_used)]
#![allow(dead_code)]

pub mod json;

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, OnceLock},
};

use reqwest::{Client, Response};
use serde_json::{json, Value};
use tempfile::TempDir;
use zicht_domain::{
    organisation::{OrganisationSettings, TeamKind},
    EmployeeId, OrganisationId, TeamId,
};
use zicht_storage::{testing, Store};

pub struct TestApp {
    pub base: String,
    pub http: Client,
    pub store: Arc<dyn Store>,
    pub org: OrganisationId,
    pub intake: TeamId,
    pub werk: TeamId,
    pub participatie: TeamId,
    /// Two caseworkers per team.
    pub intake_staff: [EmployeeId; 2],
    pub werk_staff: [EmployeeId; 2],
    pub participatie_staff: [EmployeeId; 2],
    pub database_url: String,
    /// Session cookie and CSRF token per signed-in employee.
    sessions: Mutex<HashMap<EmployeeId, (String, String)>>,
    _dir: TempDir,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

pub const PASSWORD: &str = "een lang test-wachtwoord";

/// Hashing is slow on purpose; one hash serves every test account.
pub fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| zicht_web::auth::hash_password(PASSWORD).expect("hash"))
}

pub const VALID_BSNS: [&str; 4] = ["111222333", "123456782", "012345672", "100000009"];

impl TestApp {
    /// `(method, pattern)` of every route the application serves, asked of
    /// its routers.
    pub async fn routes(&self) -> Vec<(String, String)> {
        zicht_web::route_table(zicht_web::AppState::new(self.store.clone())).await
    }

    pub async fn spawn() -> TestApp {
        Self::spawn_with(|state| state).await
    }

    /// Like [`TestApp::spawn`], with changes to the server's state (clock, settings).
    pub async fn spawn_with(
        configure: impl FnOnce(zicht_web::AppState) -> zicht_web::AppState,
    ) -> TestApp {
        let dir = tempfile::tempdir().expect("tempdir");
        let database_url = testing::fresh_database_url(dir.path()).await;
        // The processing log is chained with the fixed test key.
        let store = testing::open(&database_url).await;
        let org = store
            .create_organisation("Testgemeente", &OrganisationSettings::default())
            .await
            .expect("org");
        let intake = store
            .create_team(org, "Intake", TeamKind::Intake)
            .await
            .expect("team");
        let werk = store
            .create_team(org, "Werk", TeamKind::Werk)
            .await
            .expect("team");
        let participatie = store
            .create_team(org, "Participatie", TeamKind::Participatie)
            .await
            .expect("team");
        let mut staff = Vec::new();
        for (team, names) in [
            (intake, ["Ine Intake", "Ivo Intake"]),
            (werk, ["Wim Werk", "Wendy Werk"]),
            (participatie, ["Piet Participatie", "Pam Participatie"]),
        ] {
            for name in names {
                let email = format!("{}@test.example", name.to_lowercase().replace(' ', "."));
                let id = store
                    .create_employee(org, team, name, &email, 36)
                    .await
                    .expect("employee");
                store
                    .set_password_hash(id, password_hash())
                    .await
                    .expect("password");
                staff.push(id);
            }
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let state = configure(zicht_web::AppState::new(store.clone()));
        tokio::spawn(async move {
            let _ = zicht_web::serve(listener, state, async move {
                let _ = rx.await;
            })
            .await;
        });
        TestApp {
            base,
            http: Client::builder()
                .pool_max_idle_per_host(64)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            store,
            org,
            intake,
            werk,
            participatie,
            intake_staff: [staff[0], staff[1]],
            werk_staff: [staff[2], staff[3]],
            participatie_staff: [staff[4], staff[5]],
            database_url,
            sessions: Mutex::new(HashMap::new()),
            _dir: dir,
            shutdown: Some(tx),
        }
    }

    /// Signs `who` in through the API once and keeps the session.
    pub async fn session(&self, who: EmployeeId) -> (String, String) {
        if let Some(s) = self.sessions.lock().expect("lock").get(&who) {
            return s.clone();
        }
        let (_, employee) = self.store.employee(who).await.expect("employee");
        let r = self
            .http
            .post(format!("{}/api/session", self.base))
            .json(&serde_json::json!({"email": employee.email, "password": PASSWORD}))
            .send()
            .await
            .expect("sign in");
        assert_eq!(
            r.status(),
            200,
            "sign in as {}: {:?}",
            employee.email,
            r.text().await
        );
        let cookie = r
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .expect("session cookie")
            .to_string();
        let csrf = r.json::<Value>().await.expect("json")["csrf_token"]
            .as_str()
            .expect("csrf")
            .to_string();
        self.sessions
            .lock()
            .expect("lock")
            .insert(who, (cookie.clone(), csrf.clone()));
        (cookie, csrf)
    }

    /// Forgets every session, so the next request signs in again (after
    /// moving a test clock past the sessions' expiry).
    pub fn forget_sessions(&self) {
        self.sessions.lock().expect("lock").clear();
    }

    /// A request builder signed in as `who`, with the CSRF header.
    pub async fn request(
        &self,
        who: EmployeeId,
        method: reqwest::Method,
        path: &str,
    ) -> reqwest::RequestBuilder {
        let (cookie, csrf) = self.session(who).await;
        self.http
            .request(method, format!("{}{}", self.base, path))
            .header("cookie", cookie)
            .header("x-csrf-token", csrf)
    }

    pub async fn post(&self, actor: EmployeeId, path: &str, body: Value) -> Response {
        self.request(actor, reqwest::Method::POST, path)
            .await
            .json(&body)
            .send()
            .await
            .expect("request")
    }

    pub async fn post_raw(&self, actor: EmployeeId, path: &str, body: Vec<u8>) -> Response {
        self.request(actor, reqwest::Method::POST, path)
            .await
            .header("content-type", "text/csv")
            .body(body)
            .send()
            .await
            .expect("request")
    }

    /// A page form posted as the browser posts it.
    pub async fn post_form(
        &self,
        actor: EmployeeId,
        path: &str,
        form: &[(&str, &str)],
    ) -> Response {
        self.request(actor, reqwest::Method::POST, path)
            .await
            .form(form)
            .send()
            .await
            .expect("request")
    }

    pub async fn get(&self, actor: EmployeeId, path: &str) -> Response {
        self.request(actor, reqwest::Method::GET, path)
            .await
            .send()
            .await
            .expect("request")
    }

    pub async fn get_json(&self, actor: EmployeeId, path: &str) -> Value {
        let r = self.get(actor, path).await;
        assert_eq!(r.status(), 200, "GET {path}");
        r.json().await.expect("json")
    }

    /// Registers a client owned by `owner` and returns its id.
    pub async fn register(&self, owner: EmployeeId, bsn: &str, name: &str) -> i64 {
        let r = self
            .post(
                owner,
                "/api/clients",
                json!({"bsn": bsn, "name": name, "birth_date": "01-02-1980"}),
            )
            .await;
        assert_eq!(
            r.status(),
            201,
            "register {bsn}: {}",
            r.text().await.unwrap_or_default()
        );
        r.json::<Value>().await.expect("json")["id"]
            .as_i64()
            .expect("id")
    }

    pub fn note() -> Value {
        json!({"reason": "Klaar voor werk", "work_done": "Intake en diagnose", "particulars": "", "agreements": "Start maandag"})
    }

    /// Offers `client` from `by` to `to_team`; returns the handover id.
    pub async fn offer(&self, by: EmployeeId, client: i64, to_team: TeamId) -> i64 {
        let mut body = Self::note();
        body["to_team_id"] = json!(to_team.0);
        let r = self
            .post(by, &format!("/api/clients/{client}/handovers"), body)
            .await;
        assert_eq!(
            r.status(),
            201,
            "offer: {}",
            r.text().await.unwrap_or_default()
        );
        r.json::<Value>().await.expect("json")["id"]
            .as_i64()
            .expect("id")
    }

    pub async fn assert_healthy(&self) {
        let violations = self.store.check().await.expect("check");
        assert!(violations.is_empty(), "invariants broken: {violations:?}");
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
