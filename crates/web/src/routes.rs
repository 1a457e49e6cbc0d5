//! A router that keeps the list of the route patterns it serves, so the
//! access test can try every route the application really has (and its rule
//! table cannot silently miss one).

use axum::{routing::MethodRouter, Router};

use crate::AppState;

/// Routes being registered, with their patterns.
pub struct Routes {
    router: Router<AppState>,
    patterns: Vec<&'static str>,
}

impl Routes {
    pub fn new() -> Self {
        Routes {
            router: Router::new(),
            patterns: Vec::new(),
        }
    }

    /// Like [`Router::route`], remembering the pattern.
    pub fn route(mut self, path: &'static str, methods: MethodRouter<AppState>) -> Self {
        self.patterns.push(path);
        self.router = self.router.route(path, methods);
        self
    }

    /// The router with `finish` applied to it (the access rules, fallback).
    pub fn finish(self, finish: impl FnOnce(Router<AppState>) -> Router<AppState>) -> Finished {
        Finished {
            bare: self.router.clone(),
            router: finish(self.router),
            patterns: self.patterns,
        }
    }
}

/// A router ready to serve, with what is needed to list its routes.
pub struct Finished {
    pub router: Router<AppState>,
    patterns: Vec<&'static str>,
    /// The same routes without the access rules, only to ask which methods
    /// each serves (never served).
    bare: Router<AppState>,
}

/// `(method, pattern)` of every route in `routers`, each pattern with its
/// prefix: the patterns as registered, the methods as the router answers
/// them (405 with `Allow` for a method a route does not have).
pub async fn table(state: AppState, routers: Vec<(&str, Finished)>) -> Vec<(String, String)> {
    use tower::ServiceExt;
    let mut out = Vec::new();
    for (prefix, finished) in routers {
        let bare = finished.bare.with_state(state.clone());
        for pattern in finished.patterns {
            // Any value will do for a path parameter: the method router
            // answers before any handler looks at it.
            let concrete: Vec<&str> = pattern
                .split('/')
                .map(|s| if s.starts_with('{') { "1" } else { s })
                .collect();
            let request = axum::http::Request::builder()
                .method(axum::http::Method::OPTIONS)
                .uri(concrete.join("/"))
                .body(axum::body::Body::empty())
                .unwrap_or_default();
            let Ok(response) = bare.clone().oneshot(request).await;
            let allow = response
                .headers()
                .get(axum::http::header::ALLOW)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string();
            for method in allow.split(',').map(str::trim) {
                // HEAD comes with every GET.
                if !method.is_empty() && method != "HEAD" {
                    out.push((method.to_string(), format!("{prefix}{pattern}")));
                }
            }
        }
    }
    out
}

impl Default for Routes {
    fn default() -> Self {
        Routes::new()
    }
}
