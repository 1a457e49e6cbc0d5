//! HTTP layer of Zicht: the JSON API with its OpenAPI document, and the
//! server-rendered pages. Handlers are thin: they parse input into domain
//! types, call the [`Store`], and render the result.

pub mod access;
pub mod actor;
pub mod api;
pub mod auth;
pub mod charts;
pub mod effects;
pub mod error;
pub mod export;
pub mod form_token;
pub mod letter_pdf;
pub mod logbook;
pub mod oidc;
pub mod pages;
pub mod process;
pub mod report;
pub mod safe_csv;
pub mod work;

use std::{net::SocketAddr, sync::Arc};

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, Method},
    middleware::{self, Next},
    response::IntoResponse,
    response::Response,
    Router,
};
use time::OffsetDateTime;
use tokio::net::TcpListener;
use tower_http::{
    limit::RequestBodyLimitLayer, set_header::SetResponseHeaderLayer, trace::TraceLayer,
};
use zicht_domain::messages::Lang;
use zicht_storage::Store;

pub use error::{WebError, WebResult};

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub auth: auth::AuthSettings,
    /// Single sign-on, when the municipality has configured it.
    pub oidc: Option<oidc::Oidc>,
    /// Writes the processing log in batches.
    pub log: logbook::LogWriter,
    /// Client histories in memory, for the effectenkaart.
    pub histories: effects::HistoryCache,
    clock: Arc<dyn Fn() -> OffsetDateTime + Send + Sync>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>) -> Self {
        AppState {
            log: logbook::LogWriter::new(store.clone()),
            histories: effects::HistoryCache::default(),
            store,
            auth: auth::AuthSettings::default(),
            oidc: None,
            clock: Arc::new(OffsetDateTime::now_utc),
        }
    }

    /// A state with another clock, for tests of expiry and overdue handovers.
    pub fn with_clock(
        mut self,
        clock: impl Fn() -> OffsetDateTime + Send + Sync + 'static,
    ) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    pub fn with_auth(mut self, auth: auth::AuthSettings) -> Self {
        self.auth = auth;
        self
    }

    pub fn with_oidc(mut self, settings: oidc::OidcSettings) -> Self {
        self.oidc = Some(oidc::Oidc::new(settings));
        self
    }

    pub fn now(&self) -> OffsetDateTime {
        (self.clock)()
    }
}

/// Rosters of a large municipality run to tens of megabytes.
const BODY_LIMIT: usize = 64 * 1024 * 1024;

/// Builds the whole application.
pub fn app(state: AppState) -> Router {
    Router::new()
        .nest("/api", api::router(state.clone()))
        .merge(pages::router(state.clone()))
        .layer(middleware::from_fn_with_state(state.clone(), csrf))
        // Before `csrf`: a multipart form's `csrf` field as the header it reads.
        .layer(middleware::from_fn(form_token::from_multipart))
        .layer(middleware::from_fn(language))
        .layer(middleware::from_fn(logbook::trace))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            // Client files must not linger in shared or browser caches.
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        ))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        // Spans carry the method and path only: query strings can hold a BSN.
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request| {
            tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
        }))
        .with_state(state)
}

/// Picks the language: the `lang` cookie set by the switch on every page;
/// for the API also `Accept-Language`. Pages are Dutch unless switched, as a
/// browser's language says little about the language of the office.
async fn language(request: Request, next: Next) -> Response {
    let headers = request.headers();
    let from_header = || {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(|v| Lang::from_tag(v.split(',').next().unwrap_or("")))
    };
    let lang = actor::cookie(headers, "lang")
        .map(|v| Lang::from_tag(&v))
        .or_else(|| {
            if request.uri().path().starts_with("/api/") {
                from_header()
            } else {
                None
            }
        })
        .unwrap_or_default();
    error::REQUEST_LANG.scope(lang, next.run(request)).await
}

/// Refuses state-changing requests of a signed-in session that do not carry
/// its CSRF token (header `X-CSRF-Token`, form field or query `csrf`).
async fn csrf(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    if matches!(method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    // Without a session the handler refuses anyway; sign-in has none yet.
    let Some(token) = actor::cookie(request.headers(), auth::SESSION_COOKIE) else {
        return next.run(request).await;
    };
    let acting = match actor::resolve(&state, &token).await {
        Ok(a) => a,
        Err(_) => return next.run(request).await,
    };
    let from_header = request
        .headers()
        .get(auth::CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let from_query = request
        .uri()
        .query()
        .and_then(|q| form_value(q, auth::CSRF_FIELD));
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let (mut request, from_body) = if from_header.is_none() && from_query.is_none() && is_form {
        let (parts, body) = request.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, 1024 * 1024).await else {
            return WebError::BadRequest("body".into()).into_response();
        };
        let found = std::str::from_utf8(&bytes)
            .ok()
            .and_then(|b| form_value(b, auth::CSRF_FIELD));
        (Request::from_parts(parts, Body::from(bytes)), found)
    } else {
        (request, None)
    };
    let presented = from_header.or(from_query).or(from_body).unwrap_or_default();
    if !auth::tokens_equal(&presented, &acting.csrf_token) {
        return WebError::from(zicht_domain::DomainError::forbidden("csrf_invalid"))
            .into_response();
    }
    request.extensions_mut().insert(acting);
    next.run(request).await
}

/// One value of an `application/x-www-form-urlencoded` string; tokens are
/// hexadecimal, so no decoding is needed.
fn form_value(encoded: &str, key: &str) -> Option<String> {
    encoded
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.to_string())
}

/// Serves until `shutdown` resolves; pass a listener bound to port 0 in tests.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let addr: Option<SocketAddr> = listener.local_addr().ok();
    tracing::info!(?addr, "zicht listening");
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
