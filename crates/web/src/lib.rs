//! HTTP layer of Zicht: the JSON API with its OpenAPI document, and the
//! server-rendered pages. Handlers are thin: they parse the request into an
//! act's input, call the act ([`zicht_acts`]), and render the result.

pub mod access;
pub mod actor;
pub mod api;
pub mod auth;
pub mod charts;
pub mod development;
pub mod effects;
pub mod error;
pub mod export;
pub mod extract;
pub mod i18n;
pub mod intervision;
pub mod learning;
pub mod letter_pdf;
pub mod letters;
pub mod logbook;
pub mod markdown;
pub mod meetings;
pub mod methods;
pub mod oidc;
pub mod pages;
pub mod process;
pub mod report;
pub mod routes;
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
use i18n::Lang;
use time::OffsetDateTime;
use tokio::net::TcpListener;
use tower_http::{set_header::SetResponseHeaderLayer, trace::TraceLayer};
use zicht_storage::Store;

pub use error::{WebError, WebResult};
pub use zicht_acts::security;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub auth: auth::AuthSettings,
    /// Single sign-on, when the municipality has configured it.
    pub oidc: Option<oidc::Oidc>,
    /// The acts: the one door to a person's data, with the processing log.
    pub acts: zicht_acts::Acts,
    /// Client histories in memory, for the effectenkaart.
    pub histories: effects::HistoryCache,
    clock: Arc<dyn Fn() -> OffsetDateTime + Send + Sync>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>) -> Self {
        AppState {
            acts: zicht_acts::Acts::new(store.clone()),
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

/// `(method, pattern)` of every route the application serves (API ones
/// with `/api`), asked of its routers; for the access and OpenAPI tests.
pub async fn route_table(state: AppState) -> Vec<(String, String)> {
    let routers = vec![
        ("/api", api::router(state.clone())),
        ("", pages::router(state.clone())),
    ];
    routes::table(state, routers).await
}

/// Builds the whole application.
pub fn app(state: AppState) -> Router {
    Router::new()
        .nest("/api", api::router(state.clone()).router)
        .merge(pages::router(state.clone()).router)
        .layer(middleware::from_fn_with_state(state.clone(), csrf))
        .layer(middleware::from_fn(body_limit))
        // Our own limit above decides; extractors must not stop earlier.
        .layer(axum::extract::DefaultBodyLimit::max(limits::ROSTER))
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
        // Spans carry the method and the path with its ids blanked: query
        // strings can hold a BSN, and ids say whose file was opened.
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request| {
            tracing::info_span!("request", method = %request.method(), route = %route_pattern(request.uri().path()))
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
    let lang = auth::cookie(headers, "lang")
        .map(|v| Lang::from_tag(&v))
        .or_else(|| {
            if request.uri().path().starts_with("/api/") {
                from_header()
            } else {
                None
            }
        })
        .unwrap_or_default();
    i18n::REQUEST_LANG.scope(lang, next.run(request)).await
}

/// Whether a request comes from a page of Zicht itself. Browsers send
/// `Origin` with every POST (and `Referer` otherwise); a request naming
/// another site is refused. Non-browser clients send neither and rely on the
/// token alone.
fn same_origin(headers: &axum::http::HeaderMap) -> bool {
    let host = headers
        .get("x-forwarded-host")
        .or_else(|| headers.get(header::HOST))
        .and_then(|v| v.to_str().ok());
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    match (source, host) {
        (None, _) => true,
        (Some(source), Some(host)) => source
            .split_once("://")
            .map(|(_, rest)| rest.split('/').next().unwrap_or(""))
            .is_some_and(|authority| authority.eq_ignore_ascii_case(host)),
        // `Origin: null` (a sandboxed or file page) or no host to compare.
        (Some(_), None) => false,
    }
}

/// Refuses state-changing requests from another site, and those of a
/// signed-in session that do not carry its CSRF token: in the header
/// `X-CSRF-Token` or the form field `csrf` (urlencoded or multipart). Never
/// in the address: a token in a URL lands in history and logs.
async fn csrf(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    if matches!(method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    let route = request.uri().path().to_string();
    if !same_origin(request.headers()) {
        security::refused(security::Event::CsrfRejected, None, method.as_str(), &route);
        return WebError::from(zicht_domain::DomainError::forbidden("csrf_invalid"))
            .into_response();
    }
    // Without a session the handler refuses anyway; sign-in has its own token.
    let Some(token) = auth::cookie(request.headers(), auth::SESSION_COOKIE) else {
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
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let (mut request, from_body) = match &from_header {
        Some(_) => (request, None),
        None if content_type.starts_with("application/x-www-form-urlencoded")
            || content_type.starts_with("multipart/form-data") =>
        {
            let (parts, body) = request.into_parts();
            let Ok(bytes) = axum::body::to_bytes(body, limits::for_path(parts.uri.path())).await
            else {
                return WebError::TooLarge.into_response();
            };
            let found = if content_type.starts_with("multipart/") {
                multipart_value(&content_type, bytes.clone(), auth::CSRF_FIELD).await
            } else {
                std::str::from_utf8(&bytes)
                    .ok()
                    .and_then(|b| form_value(b, auth::CSRF_FIELD))
            };
            (Request::from_parts(parts, Body::from(bytes)), found)
        }
        None => (request, None),
    };
    let presented = from_header.or(from_body).unwrap_or_default();
    if !auth::tokens_equal(&presented, &acting.csrf_token) {
        security::refused(
            security::Event::CsrfRejected,
            Some(acting.employee.id.0),
            method.as_str(),
            &route_pattern(&route),
        );
        return WebError::from(zicht_domain::DomainError::forbidden("csrf_invalid"))
            .into_response();
    }
    request.extensions_mut().insert(acting);
    next.run(request).await
}

/// The path with its numbers replaced, for a log line without ids.
fn route_pattern(path: &str) -> String {
    path.split('/')
        .map(|s| {
            if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                "{id}"
            } else {
                s
            }
        })
        .collect::<Vec<_>>()
        .join("/")
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

/// One text field of a `multipart/form-data` body.
async fn multipart_value(content_type: &str, body: axum::body::Bytes, key: &str) -> Option<String> {
    use axum::extract::FromRequest;
    let request = Request::builder()
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .ok()?;
    let mut form = axum::extract::Multipart::from_request(request, &())
        .await
        .ok()?;
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some(key) {
            return field.text().await.ok();
        }
    }
    None
}

/// How large a request body may be: rosters of a large municipality run to
/// tens of megabytes; everything else is a form or a small JSON document.
pub mod limits {
    /// A roster upload (`POST /api/roster`, `POST /afstemming`).
    pub const ROSTER: usize = 64 * 1024 * 1024;
    /// Any other request.
    pub const OTHER: usize = 1024 * 1024;

    pub fn for_path(path: &str) -> usize {
        if path == "/api/roster" || path == "/afstemming" {
            ROSTER
        } else {
            OTHER
        }
    }
}

/// Refuses a body over its limit before anything reads it, with the usual
/// error (JSON for the API, the error page for pages) and headers; a body
/// without a length is cut off at the limit as it streams.
async fn body_limit(request: Request, next: Next) -> Response {
    let limit = limits::for_path(request.uri().path());
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return too_large(request.uri().path());
    }
    let path = request.uri().path().to_string();
    let (parts, body) = request.into_parts();
    let body = Body::new(http_body_util::Limited::new(body, limit));
    let response = next.run(Request::from_parts(parts, body)).await;
    if response.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE
        && response.extensions().get::<error::ErrorBody>().is_none()
    {
        return too_large(&path);
    }
    response
}

fn too_large(path: &str) -> Response {
    let response = WebError::TooLarge.into_response();
    if path.starts_with("/api/") {
        response
    } else {
        pages::error_page(response)
    }
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
