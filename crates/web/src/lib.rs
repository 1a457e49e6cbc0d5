//! HTTP layer of Zicht: the JSON API with its OpenAPI document, and the
//! server-rendered pages. Handlers are thin: they parse input into domain
//! types, call the [`Store`], and render the result.

pub mod actor;
pub mod api;
pub mod error;
pub mod pages;
pub mod report;

use std::{net::SocketAddr, sync::Arc};

use axum::{
    extract::Request,
    http::{header, HeaderValue},
    middleware::{self, Next},
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
    clock: Arc<dyn Fn() -> OffsetDateTime + Send + Sync>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>) -> Self {
        AppState {
            store,
            clock: Arc::new(OffsetDateTime::now_utc),
        }
    }

    /// A state whose "now" is fixed, for tests about overdue handovers.
    pub fn with_clock(
        store: Arc<dyn Store>,
        clock: impl Fn() -> OffsetDateTime + Send + Sync + 'static,
    ) -> Self {
        AppState {
            store,
            clock: Arc::new(clock),
        }
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
        .nest("/api", api::router())
        .merge(pages::router())
        .layer(middleware::from_fn(language))
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
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TraceLayer::new_for_http())
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

/// Serves until `shutdown` resolves; pass a listener bound to port 0 in tests.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let addr: Option<SocketAddr> = listener.local_addr().ok();
    tracing::info!(?addr, "zicht listening");
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
}
