//! Sign-in, sessions, throttling, CSRF and escaping, on a running server.

#![allow(clippy::unwrap_used)]

#[path = "it/common/mod.rs"]
mod common;

use std::sync::{Arc, Mutex};

use common::{TestApp, PASSWORD, VALID_BSNS};
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

async fn sign_in(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.http
        .post(format!("{}/api/session", app.base))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

async fn email(app: &TestApp, who: zicht_domain::EmployeeId) -> String {
    app.store.employee(who).await.unwrap().1.email
}

#[tokio::test]
async fn wrong_password_and_unknown_account_get_the_same_answer() {
    let app = TestApp::spawn().await;
    let ine = email(&app, app.intake_staff[0]).await;
    let wrong = sign_in(&app, &ine, "niet het wachtwoord").await;
    assert_eq!(wrong.status(), 422);
    let wrong: Value = wrong.json().await.unwrap();
    let unknown: Value = sign_in(&app, "niemand@test.example", PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(wrong["code"], "sign_in_failed");
    assert_eq!(wrong, unknown);
    let ok = sign_in(&app, &ine.to_uppercase(), PASSWORD).await;
    assert_eq!(ok.status(), 200, "e-mail addresses are case-insensitive");
    let cookie = ok.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("zicht_session="));
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Lax"));
    assert!(!cookie.contains("Secure"), "plain HTTP in tests");
}

#[tokio::test]
async fn secure_cookies_when_configured() {
    let app = TestApp::spawn_with(|s| {
        s.with_auth(zicht_web::auth::AuthSettings {
            secure_cookies: true,
            ..Default::default()
        })
    })
    .await;
    let ine = email(&app, app.intake_staff[0]).await;
    let ok = sign_in(&app, &ine, PASSWORD).await;
    assert!(ok.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("; Secure"));
}

#[tokio::test]
async fn brute_force_is_throttled_per_account_and_per_address() {
    let app = TestApp::spawn().await;
    let ine = email(&app, app.intake_staff[0]).await;
    for _ in 0..5 {
        assert_eq!(sign_in(&app, &ine, "raden").await.status(), 422);
    }
    // Even the right password is refused now.
    let r = sign_in(&app, &ine, PASSWORD).await;
    assert_eq!(r.status(), 429);
    assert_eq!(
        r.json::<Value>().await.unwrap()["code"],
        "too_many_attempts"
    );
    // Other accounts still work from this address...
    let wim = email(&app, app.werk_staff[0]).await;
    assert_eq!(sign_in(&app, &wim, PASSWORD).await.status(), 200);
    // ...until the address itself has failed 20 times.
    for i in 0..15 {
        let r = sign_in(&app, &format!("gok{i}@test.example"), "raden").await;
        assert_eq!(r.status(), 422);
    }
    let pam = email(&app, app.participatie_staff[1]).await;
    assert_eq!(sign_in(&app, &pam, PASSWORD).await.status(), 429);
}

#[tokio::test]
async fn changes_without_the_csrf_token_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    let ine = app.intake_staff[0];
    let (cookie, csrf) = app.session(ine).await;
    let body = json!({"bsn": VALID_BSNS[0], "name": "Zonder Token", "birth_date": "1980-01-01"});
    for token in [None, Some("0".repeat(64))] {
        let mut req = app
            .http
            .post(format!("{}/api/clients", app.base))
            .header("cookie", &cookie)
            .json(&body);
        if let Some(t) = &token {
            req = req.header("x-csrf-token", t);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), 403);
        assert_eq!(r.json::<Value>().await.unwrap()["code"], "csrf_invalid");
    }
    // A page form without the hidden field is refused too.
    let r = app
        .http
        .post(format!("{}/klanten/1/contact", app.base))
        .header("cookie", &cookie)
        .form(&[("kind", "gesprek"), ("with_whom", "klant")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let clients = app.get_json(ine, "/api/clients").await;
    assert_eq!(clients.as_array().unwrap().len(), 0);
    // With the token in the form it goes through.
    let client = app.register(ine, VALID_BSNS[0], "Met Token").await;
    let r = app
        .http
        .post(format!("{}/klanten/{client}/contact", app.base))
        .header("cookie", &cookie)
        .form(&[
            ("kind", "gesprek"),
            ("with_whom", "klant"),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert!(
        r.status().is_success() || r.status().is_redirection(),
        "{}",
        r.status()
    );
    let card = app.get_json(ine, &format!("/api/clients/{client}")).await;
    assert_eq!(card["last_contact"]["with_whom"], "klant");
}

#[tokio::test]
async fn sessions_expire_when_idle_or_too_old_and_end_at_sign_out() {
    let now = Arc::new(Mutex::new(OffsetDateTime::now_utc()));
    let clock = now.clone();
    let app = TestApp::spawn_with(move |s| s.with_clock(move || *clock.lock().unwrap())).await;
    let ine = app.intake_staff[0];
    let advance = |d: Duration| {
        let mut t = now.lock().unwrap();
        *t += d;
    };
    assert_eq!(app.get(ine, "/api/me").await.status(), 200);
    // Active every 20 minutes: never idle for 30, but 10 hours is the end.
    for _ in 0..29 {
        advance(Duration::minutes(20));
        assert_eq!(app.get(ine, "/api/me").await.status(), 200);
    }
    // 9 h 40 min after sign-in; 21 more minutes passes the 10 hours.
    advance(Duration::minutes(21));
    assert_eq!(
        app.get(ine, "/api/me").await.status(),
        401,
        "absolute expiry after 10 hours"
    );

    // Idle for more than 30 minutes ends a fresh session too.
    let wim = app.werk_staff[0];
    assert_eq!(app.get(wim, "/api/me").await.status(), 200);
    advance(Duration::minutes(31));
    assert_eq!(app.get(wim, "/api/me").await.status(), 401, "idle expiry");

    // Signing out ends the session on the server, not only in the browser.
    let pam = app.participatie_staff[1];
    let (cookie, csrf) = app.session(pam).await;
    let r = app
        .http
        .delete(format!("{}/api/session", app.base))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let r = app
        .http
        .get(format!("{}/api/me", app.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

/// Script in every free-text field comes back as text, never as markup.
#[tokio::test]
async fn free_text_is_rendered_harmlessly_everywhere() {
    let app = TestApp::spawn().await;
    let ine = app.intake_staff[0];
    let wim = app.werk_staff[0];
    let xss = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    let r = app
        .post(ine, "/api/clients", json!({"bsn": VALID_BSNS[1], "name": xss, "birth_date": "1980-01-01", "particulars": xss}))
        .await;
    let client = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.post(
        ine,
        &format!("/api/clients/{client}/contacts"),
        json!({"kind": "gesprek", "with_whom": xss, "summary": xss}),
    )
    .await;
    app.post(
        ine,
        &format!("/api/clients/{client}/assessments"),
        json!({"remarks": xss}),
    )
    .await;
    let offer = app
        .post(
            ine,
            &format!("/api/clients/{client}/handovers"),
            json!({"to_team_id": app.werk.0, "reason": xss, "work_done": xss, "particulars": xss, "agreements": xss}),
        )
        .await;
    assert_eq!(offer.status(), 201);
    for (who, path) in [
        (ine, format!("/klanten/{client}")),
        (ine, "/".to_string()),
        (ine, format!("/?q={}", VALID_BSNS[1])),
        (wim, "/team/inbox".to_string()),
        (wim, format!("/team/overleg?team={}", app.werk.0)),
        (ine, format!("/klanten/{client}/contact")),
        (ine, format!("/klanten/{client}/klantinzet")),
    ] {
        let html = app.get(who, &path).await.text().await.unwrap();
        assert!(!html.contains("<script>alert"), "{path} renders script");
        assert!(!html.contains("<img src=x"), "{path} renders markup");
        assert!(
            !html.contains("<script"),
            "{path} has a script element at all"
        );
    }
    let handover = offer.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.post(
        wim,
        &format!("/api/handovers/{handover}/return"),
        json!({"reason": xss}),
    )
    .await;
    let html = app
        .get(ine, &format!("/klanten/{client}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("<script") && !html.contains("<img src=x"));
}

#[tokio::test]
async fn security_headers_on_every_page() {
    let app = TestApp::spawn().await;
    let ine = app.intake_staff[0];
    for r in [
        app.http
            .get(format!("{}/inloggen", app.base))
            .send()
            .await
            .unwrap(),
        app.get(ine, "/").await,
        app.get(ine, "/api/clients").await,
    ] {
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("default-src 'self'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["cache-control"], "no-store");
        assert_eq!(h["referrer-policy"], "same-origin");
    }
    // Bodies beyond the limit are refused before anything reads them.
    let big = vec![b'x'; 65 * 1024 * 1024];
    let r = app.post_raw(ine, "/api/roster", big).await;
    assert_eq!(r.status(), 413);
}

/// Tokens travel only in a header or a form field: one in the address lands
/// in history and logs. A request from another site is refused outright.
#[tokio::test]
async fn csrf_tokens_in_the_address_or_from_another_site_are_refused() {
    let app = TestApp::spawn().await;
    let ine = app.intake_staff[0];
    let (cookie, csrf) = app.session(ine).await;
    let body = json!({"bsn": VALID_BSNS[0], "name": "Via Adres", "birth_date": "1980-01-01"});
    let r = app
        .http
        .post(format!("{}/api/clients?csrf={csrf}", app.base))
        .header("cookie", &cookie)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "csrf_invalid");
    let r = app
        .request(ine, reqwest::Method::POST, "/api/clients")
        .await
        .header("origin", "https://kwaadwillend.example")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "a foreign origin, even with the token");
    let clients = app.get_json(ine, "/api/clients").await;
    assert_eq!(clients, json!([]), "nothing registered");
    // The same site is fine.
    let host = app.base.trim_start_matches("http://").to_string();
    let r = app
        .request(ine, reqwest::Method::POST, "/api/clients")
        .await
        .header("origin", format!("http://{host}"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
}

/// The sign-in form carries a pre-session token that only this site can have
/// set, so a foreign page cannot sign a browser in to an account it chose.
#[tokio::test]
async fn the_sign_in_form_refuses_a_login_from_elsewhere() {
    let app = TestApp::spawn().await;
    let ine = email(&app, app.intake_staff[0]).await;
    // A foreign page posts straight to the form: no token, no session.
    let r = app
        .http
        .post(format!("{}/inloggen", app.base))
        .form(&[("email", ine.as_str()), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let cookies: Vec<_> = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    assert!(
        cookies.iter().all(|c| !c.starts_with("zicht_session=")),
        "{cookies:?}"
    );
    assert!(r.text().await.unwrap().contains("Laad de pagina opnieuw"));

    // Through the page itself it works.
    let form = app
        .http
        .get(format!("{}/inloggen", app.base))
        .send()
        .await
        .unwrap();
    let cookie = form.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.contains("SameSite=Strict") && cookie.contains("HttpOnly"));
    let cookie = cookie.split(';').next().unwrap().to_string();
    let html = form.text().await.unwrap();
    let token = html
        .split("name=\"signin_token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    let post = |token: String, cookie: String| {
        let app = &app;
        let ine = ine.clone();
        async move {
            app.http
                .post(format!("{}/inloggen", app.base))
                .header("cookie", cookie)
                .form(&[
                    ("email", ine.as_str()),
                    ("password", PASSWORD),
                    ("signin_token", token.as_str()),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    // A token of another browser does not fit this one's cookie.
    let r = post("f".repeat(64), cookie.clone()).await;
    assert_eq!(r.status(), 403);
    let r = post(token, cookie).await;
    assert_eq!(r.status(), 303);
    assert!(r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .starts_with("zicht_session="));
}

async fn me_status(app: &TestApp, cookie: &str) -> u16 {
    app.http
        .get(format!("{}/api/me", app.base))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

fn session_of(r: &reqwest::Response) -> String {
    r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

/// Signing in again ends the session the browser had; a new password ends
/// every session of the account.
#[tokio::test]
async fn signing_in_again_or_a_new_password_ends_old_sessions() {
    let app = TestApp::spawn().await;
    let ine = email(&app, app.intake_staff[0]).await;
    let r = sign_in(&app, &ine, PASSWORD).await;
    let first = session_of(&r);
    let csrf = r.json::<Value>().await.unwrap()["csrf_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(me_status(&app, &first).await, 200);
    // Over a live session a sign-in is a change like any other: it needs the token.
    let again = app
        .http
        .post(format!("{}/api/session", app.base))
        .header("cookie", &first)
        .header("x-csrf-token", csrf)
        .json(&json!({"email": ine, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 200);
    let second = session_of(&again);
    assert_eq!(me_status(&app, &first).await, 401, "the old session ended");
    assert_eq!(me_status(&app, &second).await, 200);
    let elsewhere = session_of(&sign_in(&app, &ine, PASSWORD).await);
    assert_eq!(me_status(&app, &elsewhere).await, 200);

    let hash = zicht_web::auth::hash_password("een nieuw lang wachtwoord").unwrap();
    app.store
        .set_password_hash(app.intake_staff[0], &hash)
        .await
        .unwrap();
    assert_eq!(me_status(&app, &second).await, 401);
    assert_eq!(me_status(&app, &elsewhere).await, 401);
}

/// Over the limit: the usual JSON error (or error page) with the usual
/// headers; the roster's own, larger limit is real.
#[tokio::test]
async fn bodies_over_their_limit_get_the_usual_error_with_headers() {
    let app = TestApp::spawn().await;
    let ine = app.intake_staff[0];
    let big_json = format!("{{\"name\": \"{}\"}}", "x".repeat(2 * 1024 * 1024));
    let r = app
        .request(ine, reqwest::Method::POST, "/api/clients")
        .await
        .header("content-type", "application/json")
        .body(big_json)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert_eq!(r.headers()["x-frame-options"], "DENY");
    assert_eq!(r.headers()["cache-control"], "no-store");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "too_large");
    assert!(body["message"].as_str().unwrap().contains("64 MiB"));

    // A roster of 3 MiB is read (and refused for its content, not its size).
    let mut roster = b"bsn;naam;ingangsdatum\n".to_vec();
    while roster.len() < 3 * 1024 * 1024 {
        roster.extend_from_slice(b"123456789;Onzin Rij;2020-01-01\n");
    }
    let r = app.post_raw(ine, "/api/roster", roster).await;
    assert_ne!(r.status(), 413);
    assert!(r.status().as_u16() < 500);

    // Pages get the error page.
    let (cookie, csrf) = app.session(ine).await;
    let r = app
        .http
        .post(format!("{}/klanten/1/contact", app.base))
        .header("cookie", cookie)
        .header("x-csrf-token", csrf)
        .form(&[("summary", "x".repeat(2 * 1024 * 1024))])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
}

/// What cannot be read is named by its field in the user's language, without
/// the parser's own words.
#[tokio::test]
async fn unreadable_input_names_the_field_not_the_parser() {
    let app = TestApp::spawn().await;
    let ine = app.intake_staff[0];
    let client = app.register(ine, VALID_BSNS[0], "Anna de Vries").await;
    for (path, body, field) in [
        (
            "/api/result-agreements".to_string(),
            json!({"who": "team:1", "kind": "paid_work", "from": "2026-01-01", "to": "2026-12-31", "target": -1}),
            Some("target"),
        ),
        (
            format!("/api/clients/{client}/assessments"),
            json!({"on_time": "ja"}),
            Some("on_time"),
        ),
        (
            format!("/api/clients/{client}/zrm"),
            json!({"measured_on": "2026-01-01", "scores": {"financien": {"x": 1}}}),
            None,
        ),
    ] {
        let r = app
            .request(ine, reqwest::Method::POST, &path)
            .await
            .header("accept-language", "en")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{path}");
        let text = r.text().await.unwrap();
        for internal in ["u32", "line 1", "column", "untagged", "Raw", "invalid type"] {
            assert!(!text.contains(internal), "{path}: {text}");
        }
        let err: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(err["code"], "bad_request");
        assert_eq!(
            err["message"],
            "The request could not be read; nothing was saved."
        );
        if let Some(field) = field {
            assert_eq!(err["errors"][0]["field"], field, "{text}");
            assert_eq!(err["errors"][0]["code"], "value_invalid");
        }
    }
    let r = app
        .request(ine, reqwest::Method::POST, "/api/clients")
        .await
        .header("content-type", "application/json")
        .body("{\"bsn\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json::<Value>().await.unwrap()["errors"][0]["code"],
        "json_invalid"
    );
    let r = app.get(ine, "/api/clients?limit=-5").await;
    assert_eq!(r.status(), 400);
    let err: Value = r.json().await.unwrap();
    assert_eq!(err["errors"][0]["field"], "limit");
}

/// Everything the server logs in this test binary, for the security events.
fn captured_log() -> Arc<Mutex<Vec<u8>>> {
    static LOG: std::sync::OnceLock<Arc<Mutex<Vec<u8>>>> = std::sync::OnceLock::new();
    LOG.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_max_level(tracing::Level::INFO)
            .with_writer(move || Capture(writer.clone()))
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        buffer
    })
    .clone()
}

struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// BIO 12.4.1: refused reads of a file, failed and throttled sign-ins and
/// forged forms are security events, each a structured line.
#[tokio::test]
async fn security_events_are_logged() {
    let log = captured_log();
    let app = TestApp::spawn().await;
    let [ine, _] = app.intake_staff;
    let wim = app.werk_staff[0];
    let ine_email = email(&app, ine).await;
    let client = app.register(ine, VALID_BSNS[3], "Dossier Klant").await;

    for _ in 0..5 {
        sign_in(&app, &ine_email, "fout wachtwoord").await;
    }
    assert_eq!(sign_in(&app, &ine_email, PASSWORD).await.status(), 429);
    assert_eq!(
        sign_in(&app, "mijn-wachtwoord-hier@nergens.example", "x")
            .await
            .status(),
        422
    );
    assert_eq!(
        app.get(wim, &format!("/api/clients/{client}"))
            .await
            .status(),
        403
    );
    let (cookie, _) = app.session(wim).await;
    let r = app
        .http
        .post(format!("{}/api/clients", app.base))
        .header("cookie", cookie)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    let text = String::from_utf8(log.lock().unwrap().clone()).unwrap();
    let events: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("zicht::security"))
        .collect();
    let has = |needles: &[&str]| events.iter().any(|l| needles.iter().all(|n| l.contains(n)));
    assert!(
        has(&["event=\"sign_in_failed\"", &ine_email, "address=127.0.0.1"]),
        "{events:#?}"
    );
    assert!(
        has(&["event=\"sign_in_throttled\"", &ine_email]),
        "{events:#?}"
    );
    // An unknown account is not named: it may be a password typed wrongly.
    assert!(has(&["event=\"sign_in_failed\"", "onbekend account"]));
    assert!(!text.contains("mijn-wachtwoord-hier"));
    let wim_id = format!("employee={}", wim.0);
    assert!(
        // Named by the act that was refused, never by a path with an id.
        has(&["event=\"access_denied\"", &wim_id, "act=klantkaart_lezen"]),
        "{events:#?}"
    );
    assert!(
        has(&["event=\"csrf_rejected\"", &wim_id, "/api/clients"]),
        "{events:#?}"
    );
    // Never a path with an id, a name or a BSN.
    assert!(!text.contains(&format!("/api/clients/{client}")));
    assert!(!text.contains(VALID_BSNS[3]) && !text.contains("Dossier Klant"));
}
