//! Single sign-on end to end against a small OpenID provider started by the
//! test: discovery, authorization with PKCE, token exchange, ID token signed
//! with RS256 and checked against the provider's JWKS.

#![allow(clippy::unwrap_used)]

use std::sync::{Arc, Mutex};

use crate::common::TestApp;
use axum::{
    extract::{Query, State},
    response::{IntoResponse, Redirect},
    routing::{get, post},
    Form, Json, Router,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// A key made for this test only; it protects nothing.
const KEY_PEM: &str = include_str!("../test-only-oidc-provider-key.pem");
const MODULUS: &str = "rZC-F0IcM6JyjaA4b6WWOfrX93WodlC7djitTBVEDKJBP5WEkkfhRx2cxOZHFGY7T0b7OWHkuVQWAOvvZSVokOzAsjmVs3BwPWBwCSz46eTdZVB-NYwSU18kZYALTUjNvoY3FWOwvyv8SX7pR9uteUVW6VtkRacfWlhxRQ-m4viu5W373d-RXgRgWF4FaIJ1RcCR_K6zPbIBA2XPjYV1p4euCmOrV265FmVW5gGOGafzorczU6NxS2gFrhVP4kX-ngP1yOkXdo2zU7Ji32TmhAvvVo2q-c2Rb_2OuLFAcqZ1w5Ql3R6kfWq89U8ls1FqBcGfnbohv3hbZIwJER8X1w";

#[derive(Default)]
struct Provider {
    base: String,
    /// code -> (challenge, nonce, client_id)
    codes: HashMap<String, (String, String, String)>,
    /// The e-mail address the next person signs in with.
    email: String,
    /// Sign tokens with a wrong nonce, to see them refused.
    tamper_nonce: bool,
}

type Shared = Arc<Mutex<Provider>>;

async fn discovery(State(p): State<Shared>) -> Json<Value> {
    let base = p.lock().unwrap().base.clone();
    Json(json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/authorize"),
        "token_endpoint": format!("{base}/token"),
        "jwks_uri": format!("{base}/jwks"),
    }))
}

async fn authorize(
    State(p): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
) -> impl IntoResponse {
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["code_challenge_method"], "S256");
    assert!(q["scope"].contains("openid"));
    let code = format!("code-{}", q["state"].len() + p.lock().unwrap().codes.len());
    p.lock().unwrap().codes.insert(
        code.clone(),
        (
            q["code_challenge"].clone(),
            q["nonce"].clone(),
            q["client_id"].clone(),
        ),
    );
    Redirect::to(&format!(
        "{}?code={code}&state={}",
        q["redirect_uri"], q["state"]
    ))
}

async fn token(
    State(p): State<Shared>,
    Form(f): Form<HashMap<String, String>>,
) -> impl IntoResponse {
    let mut p = p.lock().unwrap();
    let Some((challenge, nonce, client)) = p.codes.remove(&f["code"]) else {
        return (
            axum::http::StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid_grant"})),
        )
            .into_response();
    };
    // PKCE: the verifier must hash to the challenge sent at the start.
    if URL_SAFE_NO_PAD.encode(Sha256::digest(f["code_verifier"].as_bytes())) != challenge {
        return (
            axum::http::StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid_grant"})),
        )
            .into_response();
    }
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let claims = json!({
        "iss": p.base, "aud": client, "sub": "medewerker-1", "email": p.email,
        "nonce": if p.tamper_nonce { "other".to_string() } else { nonce },
        "iat": now, "exp": now + 300,
    });
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("k1".into());
    let id_token = encode(
        &header,
        &claims,
        &EncodingKey::from_rsa_pem(KEY_PEM.as_bytes()).unwrap(),
    )
    .unwrap();
    Json(json!({"access_token": "x", "token_type": "Bearer", "id_token": id_token})).into_response()
}

async fn jwks() -> Json<Value> {
    Json(
        json!({"keys": [{"kty": "RSA", "kid": "k1", "alg": "RS256", "use": "sig", "n": MODULUS, "e": "AQAB"}]}),
    )
}

async fn start_provider() -> Shared {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let shared: Shared = Arc::new(Mutex::new(Provider {
        base: format!("http://{}", listener.local_addr().unwrap()),
        ..Default::default()
    }));
    let app = Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/authorize", get(authorize))
        .route("/token", post(token))
        .route("/jwks", get(jwks))
        .with_state(shared.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    shared
}

/// Follows the browser's way through sign-in; returns the final response.
async fn walk(app: &TestApp) -> reqwest::Response {
    let start = app
        .http
        .get(format!("{}/inloggen/oidc", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), 303);
    let bound = start.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let to_provider = start.headers()["location"].to_str().unwrap().to_string();
    let back = app.http.get(&to_provider).send().await.unwrap();
    assert!(back.status().is_redirection());
    let callback = back.headers()["location"].to_str().unwrap().to_string();
    app.http
        .get(&callback)
        .header("cookie", bound)
        .send()
        .await
        .unwrap()
}

fn settings(provider: &Shared) -> zicht_web::oidc::OidcSettings {
    zicht_web::oidc::OidcSettings {
        issuer: provider.lock().unwrap().base.clone(),
        client_id: "zicht".into(),
        client_secret: Some("geheim".into()),
        redirect_url: None,
    }
}

#[tokio::test]
async fn signs_in_through_the_municipality_identity_provider() {
    let provider = start_provider().await;
    let s = settings(&provider);
    let app = TestApp::spawn_with(move |state| state.with_oidc(s)).await;
    let wim = app.werk_staff[0];
    let email = { app.store.employee(wim).await.unwrap().1.email };
    provider.lock().unwrap().email = email.to_uppercase();

    let page = app
        .http
        .get(format!("{}/inloggen", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("/inloggen/oidc"),
        "the sign-in page offers single sign-on"
    );

    let done = walk(&app).await;
    assert_eq!(done.status(), 303);
    assert_eq!(done.headers()["location"], "/");
    let session = done
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("zicht_session="))
        .expect("a session");
    let me: Value = app
        .http
        .get(format!("{}/api/me", app.base))
        .header("cookie", session.split(';').next().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["employee"]["id"], wim.0);
}

#[tokio::test]
async fn refuses_wrong_nonce_unknown_people_and_forged_answers() {
    let provider = start_provider().await;
    let s = settings(&provider);
    let app = TestApp::spawn_with(move |state| state.with_oidc(s)).await;
    let email = { app.store.employee(app.werk_staff[0]).await.unwrap().1.email };

    provider.lock().unwrap().email = email.clone();
    provider.lock().unwrap().tamper_nonce = true;
    let r = walk(&app).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("niet gelukt"));

    provider.lock().unwrap().tamper_nonce = false;
    provider.lock().unwrap().email = "onbekend@elders.example".into();
    let r = walk(&app).await;
    assert_eq!(r.status(), 422);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("geen medewerker met dit e-mailadres"));

    // An answer that did not start in this browser is refused.
    let r = app
        .http
        .get(format!("{}/inloggen/oidc/terug?code=x&state=y", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
}
