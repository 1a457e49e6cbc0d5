//! Single sign-on with the municipality's own identity provider: OpenID
//! Connect, authorization code flow with PKCE. The provider vouches for an
//! e-mail address; Zicht signs in the employee with that address (accounts
//! are not created on the fly, so roles stay with functional administration).

use std::{
    collections::HashMap,
    fmt,
    sync::{Arc, Mutex},
};

use axum::{
    extract::{Query, State},
    http::{header, HeaderMap, HeaderValue},
    response::{IntoResponse, Redirect, Response},
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use rand::RngCore;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};
use zicht_domain::DomainError;

use crate::{auth, AppState, WebError, WebResult};

const STATE_COOKIE: &str = "zicht_oidc";
/// An authorization request not completed within this time is void.
const PENDING_FOR: Duration = Duration::minutes(10);

/// How to reach the identity provider.
#[derive(Clone)]
pub struct OidcSettings {
    /// The issuer URL; `/.well-known/openid-configuration` is read from it.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    /// Where the provider sends the browser back; by default derived from
    /// the request's `Host` as `http://<host>/inloggen/oidc/terug`.
    pub redirect_url: Option<String>,
}

impl fmt::Debug for OidcSettings {
    // The client secret never reaches a log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OidcSettings")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "[redacted]"),
            )
            .field("redirect_url", &self.redirect_url)
            .finish()
    }
}

struct Pending {
    verifier: String,
    nonce: String,
    redirect_url: String,
    created: OffsetDateTime,
}

/// Sign-in with OpenID Connect: settings and the requests under way.
#[derive(Clone)]
pub struct Oidc {
    pub settings: OidcSettings,
    pending: Arc<Mutex<HashMap<String, Pending>>>,
    http: reqwest::Client,
}

impl Oidc {
    pub fn new(settings: OidcSettings) -> Self {
        Oidc {
            settings,
            pending: Arc::default(),
            http: reqwest::Client::new(),
        }
    }
}

#[derive(Deserialize)]
struct Discovery {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
}

#[derive(Deserialize)]
struct Jwks {
    keys: Vec<Jwk>,
}

#[derive(Deserialize)]
struct Jwk {
    kid: Option<String>,
    kty: String,
    n: Option<String>,
    e: Option<String>,
}

#[derive(Deserialize)]
struct TokenResponse {
    id_token: String,
}

#[derive(Deserialize)]
struct Claims {
    email: Option<String>,
    nonce: Option<String>,
}

fn random() -> String {
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    URL_SAFE_NO_PAD.encode(b)
}

fn failed() -> WebError {
    DomainError::invalid("password", "oidc_failed").into()
}

async fn discover(oidc: &Oidc) -> WebResult<Discovery> {
    let url = format!(
        "{}/.well-known/openid-configuration",
        oidc.settings.issuer.trim_end_matches('/')
    );
    let d: Discovery = oidc
        .http
        .get(url)
        .send()
        .await
        .map_err(|_| failed())?
        .json()
        .await
        .map_err(|_| failed())?;
    if d.issuer.trim_end_matches('/') != oidc.settings.issuer.trim_end_matches('/') {
        return Err(failed());
    }
    Ok(d)
}

/// Sends the browser to the identity provider.
pub async fn start(State(state): State<AppState>, headers: HeaderMap) -> WebResult<Response> {
    let oidc = state.oidc.as_ref().ok_or(WebError::NotFound)?;
    let discovery = discover(oidc).await?;
    let redirect_url = oidc.settings.redirect_url.clone().unwrap_or_else(|| {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        format!("http://{host}/inloggen/oidc/terug")
    });
    let verifier = random();
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    let state_token = random();
    let nonce = random();
    let location = reqwest::Url::parse_with_params(
        &discovery.authorization_endpoint,
        &[
            ("response_type", "code"),
            ("client_id", oidc.settings.client_id.as_str()),
            ("redirect_uri", redirect_url.as_str()),
            ("scope", "openid email"),
            ("state", state_token.as_str()),
            ("nonce", nonce.as_str()),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
        ],
    )
    .map_err(|_| failed())?;
    {
        let mut pending = oidc.pending.lock().map_err(|_| failed())?;
        let now = state.now();
        pending.retain(|_, p| now - p.created < PENDING_FOR);
        pending.insert(
            state_token.clone(),
            Pending {
                verifier,
                nonce,
                redirect_url,
                created: now,
            },
        );
    }
    let mut response = Redirect::to(location.as_str()).into_response();
    // Binds the answer to this browser, against forged sign-in links.
    let cookie = format!(
        "{STATE_COOKIE}={state_token}; Path=/inloggen/oidc; HttpOnly; SameSite=Lax; Max-Age=600"
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CallbackQuery {
    code: String,
    state: String,
}

/// The provider's answer: exchange the code, verify the ID token, sign in.
pub async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<CallbackQuery>,
) -> WebResult<Response> {
    let oidc = state.oidc.as_ref().ok_or(WebError::NotFound)?;
    let bound = crate::auth::cookie(&headers, STATE_COOKIE).unwrap_or_default();
    if q.state.is_empty() || !auth::tokens_equal(&bound, &q.state) {
        return Err(failed());
    }
    let pending = oidc
        .pending
        .lock()
        .map_err(|_| failed())?
        .remove(&q.state)
        .ok_or_else(failed)?;
    if state.now() - pending.created >= PENDING_FOR {
        return Err(failed());
    }
    let discovery = discover(oidc).await?;
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", q.code.as_str()),
        ("redirect_uri", pending.redirect_url.as_str()),
        ("client_id", oidc.settings.client_id.as_str()),
        ("code_verifier", pending.verifier.as_str()),
    ];
    if let Some(secret) = &oidc.settings.client_secret {
        form.push(("client_secret", secret.as_str()));
    }
    let token: TokenResponse = oidc
        .http
        .post(&discovery.token_endpoint)
        .form(&form)
        .send()
        .await
        .map_err(|_| failed())?
        .error_for_status()
        .map_err(|_| failed())?
        .json()
        .await
        .map_err(|_| failed())?;
    let kid = decode_header(&token.id_token).map_err(|_| failed())?.kid;
    let jwks: Jwks = oidc
        .http
        .get(&discovery.jwks_uri)
        .send()
        .await
        .map_err(|_| failed())?
        .json()
        .await
        .map_err(|_| failed())?;
    let key = jwks
        .keys
        .iter()
        .filter(|k| k.kty == "RSA")
        .find(|k| kid.is_none() || k.kid == kid)
        .ok_or_else(failed)?;
    let key = DecodingKey::from_rsa_components(
        key.n.as_deref().unwrap_or(""),
        key.e.as_deref().unwrap_or(""),
    )
    .map_err(|_| failed())?;
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_issuer(&[discovery.issuer.as_str()]);
    validation.set_audience(&[oidc.settings.client_id.as_str()]);
    let claims = decode::<Claims>(&token.id_token, &key, &validation)
        .map_err(|_| failed())?
        .claims;
    if claims.nonce.as_deref() != Some(pending.nonce.as_str()) {
        return Err(failed());
    }
    let email = claims.email.ok_or_else(failed)?;
    let credentials =
        state.store.credentials(&email).await?.ok_or_else(|| {
            WebError::from(DomainError::invalid("password", "oidc_unknown_account"))
        })?;
    let session = auth::start_session(&state, credentials).await?;
    let mut response = Redirect::to("/").into_response();
    if let Ok(v) = HeaderValue::from_str(&auth::session_cookie(&state, Some(&session.token))) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    if let Ok(v) =
        HeaderValue::from_str(&format!("{STATE_COOKIE}=; Path=/inloggen/oidc; Max-Age=0"))
    {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}
