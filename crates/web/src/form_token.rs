//! The CSRF token of a multipart form (the roster upload), read from the
//! form's `csrf` field and handed to the `csrf` middleware as the
//! `X-CSRF-Token` header.
//!
//! The `csrf` middleware in `lib.rs` takes the token from that header or
//! from an urlencoded body. A file upload is `multipart/form-data`, and its
//! token must not travel in the address (where it would show in the address
//! bar, the history and logs). This layer runs just before the middleware:
//! for a POST of a signed-in session that is multipart and carries no
//! header, it reads the body, takes the `csrf` field (the first field of
//! every such form here) and sets the header; the body goes on unchanged.
//! Nothing is decided here: a missing or wrong token is refused by the
//! middleware as before. Once the middleware reads multipart bodies itself,
//! this layer can go.

use axum::{
    body::Body,
    extract::{FromRequest, Multipart, Request},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{actor, auth, WebError};

/// Longest token field read; tokens are 64 hexadecimal characters.
const TOKEN_MAX: usize = 256;

pub async fn from_multipart(request: Request, next: Next) -> Response {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.starts_with("multipart/form-data"))
        .map(str::to_string);
    let Some(content_type) = content_type else {
        return next.run(request).await;
    };
    if request.method() != Method::POST
        || request.headers().contains_key(auth::CSRF_HEADER)
        || actor::cookie(request.headers(), auth::SESSION_COOKIE).is_none()
    {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    // The body limit layer outside this one bounds what is read.
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) if e.to_string().contains("length limit") => {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response()
        }
        Err(_) => return WebError::BadRequest("body".into()).into_response(),
    };
    if let Some(token) = token_field(&content_type, bytes.clone()).await {
        if let Ok(value) = HeaderValue::from_str(&token) {
            parts.headers.insert(auth::CSRF_HEADER, value);
        }
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// The value of the form's `csrf` field, if it has one that reads.
async fn token_field(content_type: &str, bytes: axum::body::Bytes) -> Option<String> {
    let request = Request::builder()
        .method(Method::POST)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(bytes))
        .ok()?;
    let mut form = Multipart::from_request(request, &()).await.ok()?;
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some(auth::CSRF_FIELD) {
            let value = field.text().await.ok()?;
            return (value.len() <= TOKEN_MAX).then_some(value);
        }
    }
    None
}
