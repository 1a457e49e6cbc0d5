//! Sign-in, sessions, throttling, CSRF and escaping, on a running server.

#![allow(clippy::unwrap_used)]

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
