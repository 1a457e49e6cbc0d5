//! Sign-in with personal accounts: Argon2id password hashes, server-side
//! sessions behind an HttpOnly cookie, idle and absolute expiry, throttling
//! of failed attempts per account and per address, and CSRF tokens.

use std::net::IpAddr;

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use time::Duration;
use zicht_domain::DomainError;
use zicht_storage::{Credentials, SessionRecord};

use crate::{
    security::{self, Event},
    AppState, WebError, WebResult,
};

pub const SESSION_COOKIE: &str = "zicht_session";
pub const CSRF_HEADER: &str = "x-csrf-token";
pub const CSRF_FIELD: &str = "csrf";

/// How long sessions live and how sign-in is throttled.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    /// A session unused this long ends.
    pub idle_timeout: Duration,
    /// A session ends this long after sign-in, however busy.
    pub absolute_timeout: Duration,
    /// Mark cookies `Secure`; on when Zicht is served over TLS.
    pub secure_cookies: bool,
    /// Failed attempts allowed per account, and per address, within `window`.
    pub max_failures_per_account: i64,
    pub max_failures_per_address: i64,
    pub window: Duration,
}

impl Default for AuthSettings {
    fn default() -> Self {
        AuthSettings {
            idle_timeout: Duration::minutes(30),
            absolute_timeout: Duration::hours(10),
            secure_cookies: false,
            max_failures_per_account: 5,
            max_failures_per_address: 20,
            window: Duration::minutes(15),
        }
    }
}

/// Hashes a password with Argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Passwords shorter than this are refused when set.
pub const MIN_PASSWORD_LENGTH: usize = 12;

pub fn check_new_password(password: &str) -> Result<(), DomainError> {
    if password.chars().count() < MIN_PASSWORD_LENGTH {
        return Err(DomainError::invalid("password", "password_too_short"));
    }
    Ok(())
}

pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn token_hash(token: &str) -> String {
    format!("{:x}", Sha256::digest(token.as_bytes()))
}

pub fn tokens_equal(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// A fresh session: the cookie value and the CSRF token to put in forms.
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
    pub credentials: Credentials,
}

/// A hash to verify against when the account does not exist, so an unknown
/// address takes as long as a wrong password and reveals nothing.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("no such account, no such password").unwrap_or_default())
}

/// Checks the password, counting failures per account and per address.
pub async fn sign_in(
    state: &AppState,
    email: &str,
    password: &str,
    address: Option<IpAddr>,
) -> WebResult<NewSession> {
    // No address has control characters, and PostgreSQL refuses NUL in text.
    let email: String = email.chars().filter(|c| !c.is_control()).collect();
    let email = email.as_str();
    let now = state.now();
    let settings = &state.auth;
    let since = now - settings.window;
    let account_key = format!("account:{}", email.trim().to_lowercase());
    let address_key = address.map(|a| format!("address:{a}"));
    let store = &state.store;
    let credentials = store.credentials(email).await?;
    // Named in security events only when it is an account.
    let known: Option<String> = credentials.as_ref().map(|c| c.employee.email.clone());
    let throttled = store.login_failures_since(&account_key, since).await?
        >= settings.max_failures_per_account
        || match &address_key {
            Some(key) => {
                store.login_failures_since(key, since).await? >= settings.max_failures_per_address
            }
            None => false,
        };
    if throttled {
        security::sign_in(Event::SignInThrottled, known.as_deref(), address);
        return Err(DomainError::throttled("too_many_attempts").into());
    }
    let verified = match &credentials {
        Some(Credentials {
            password_hash: Some(hash),
            ..
        }) => {
            let (password, hash) = (password.to_string(), hash.clone());
            tokio::task::spawn_blocking(move || verify_password(&password, &hash))
                .await
                .unwrap_or(false)
        }
        _ => {
            let password = password.to_string();
            let _ =
                tokio::task::spawn_blocking(move || verify_password(&password, dummy_hash())).await;
            false
        }
    };
    let credentials = match (verified, credentials) {
        (true, Some(c)) => c,
        _ => {
            store.record_login_failure(&account_key, now).await?;
            if let Some(key) = &address_key {
                store.record_login_failure(key, now).await?;
            }
            security::sign_in(Event::SignInFailed, known.as_deref(), address);
            return Err(DomainError::invalid("password", "sign_in_failed").into());
        }
    };
    store.clear_login_failures(&account_key).await?;
    start_session(state, credentials).await
}

/// Opens a session for an employee whose identity has been established.
pub async fn start_session(state: &AppState, credentials: Credentials) -> WebResult<NewSession> {
    let now = state.now();
    let store = &state.store;
    let token = random_token();
    let csrf_token = random_token();
    store
        .create_session(&SessionRecord {
            token_hash: token_hash(&token),
            employee_id: credentials.employee.id,
            csrf_token: csrf_token.clone(),
            created_at: now,
            last_seen_at: now,
        })
        .await?;
    Ok(NewSession {
        token,
        csrf_token,
        credentials,
    })
}

/// Looks up a live session for a cookie value; ends it when expired.
pub async fn live_session(state: &AppState, token: &str) -> WebResult<SessionRecord> {
    let hash = token_hash(token);
    let session = state.store.session(&hash).await?.ok_or(WebError::NoActor)?;
    let now = state.now();
    let settings = &state.auth;
    if now - session.last_seen_at > settings.idle_timeout
        || now - session.created_at > settings.absolute_timeout
    {
        state.store.delete_session(&hash).await?;
        return Err(WebError::NoActor);
    }
    // Writing on every request would serialise reads behind the writer.
    if now - session.last_seen_at > Duration::minutes(1) {
        state.store.touch_session(&hash, now).await?;
    }
    Ok(session)
}

/// Ends the session a request presents, if any: signing in again, on the
/// page or the API, must not leave the previous session alive.
pub async fn end_presented_session(
    state: &AppState,
    headers: &axum::http::HeaderMap,
) -> WebResult<()> {
    if let Some(token) = cookie(headers, SESSION_COOKIE) {
        state.store.delete_session(&token_hash(&token)).await?;
    }
    Ok(())
}

/// Ends the session behind the request's cookie; returns the `Set-Cookie`
/// value that clears it in the browser.
pub async fn sign_out(state: &AppState, headers: &axum::http::HeaderMap) -> WebResult<String> {
    end_presented_session(state, headers).await?;
    Ok(session_cookie(state, None))
}

/// The `Set-Cookie` value for a session token (or its removal when `None`).
pub fn session_cookie(state: &AppState, token: Option<&str>) -> String {
    let secure = if state.auth.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    match token {
        Some(t) => format!(
            "{SESSION_COOKIE}={t}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            state.auth.absolute_timeout.whole_seconds()
        ),
        None => format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    }
}

/// Reads one cookie value from the request headers.
pub fn cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = hash_password("correct horse battery").unwrap();
        let b = hash_password("correct horse battery").unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "salted");
        assert!(verify_password("correct horse battery", &a));
        assert!(!verify_password("correct horse batterY", &a));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn tokens_are_random_and_compared_in_constant_time() {
        let t = random_token();
        assert_eq!(t.len(), 64);
        assert_ne!(t, random_token());
        assert!(tokens_equal(&t, &t.clone()));
        assert!(!tokens_equal(&t, &random_token()));
        assert!(!tokens_equal(&t, "short"));
    }

    #[test]
    fn short_passwords_refused() {
        assert_eq!(
            check_new_password("kort").unwrap_err().code,
            "password_too_short"
        );
        assert!(check_new_password("lang genoeg wachtwoord").is_ok());
    }
}
