//! Reading requests: JSON bodies and query strings whose errors name the
//! field, in the user's language and without the parser's words, and path ids.

use axum::{
    body::Bytes,
    extract::{FromRequest, Request},
    http::{header, StatusCode},
};
use serde::{de::DeserializeOwned, Serialize};

use crate::{WebError, WebResult};

/// A JSON body read into `T`; what cannot be read is named by its field,
/// in the request's language, without the parser's own words.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| {
                let v = v.trim();
                v == "application/json" || (v.starts_with("application/") && v.ends_with("+json"))
            });
        if !is_json {
            return Err(WebError::Unreadable {
                field: None,
                code: "json_expected",
            });
        }
        let body = Bytes::from_request(req, state)
            .await
            .map_err(|e| match e.status() {
                StatusCode::PAYLOAD_TOO_LARGE => WebError::TooLarge,
                _ => WebError::BadRequest(e.body_text()),
            })?;
        read_json(&body).map(ApiJson)
    }
}

/// Reads a JSON document, naming the field that could not be read.
pub fn read_json<T: DeserializeOwned>(body: &[u8]) -> WebResult<T> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| (unreadable_field(&e.path().to_string()), e.into_inner()))
        .and_then(|v| de.end().map(|()| v).map_err(|e| (None, e)));
    value.map_err(|(field, inner)| {
        tracing::debug!(error = %inner, "unreadable JSON");
        if inner.is_syntax() || inner.is_eof() {
            WebError::Unreadable {
                field: None,
                code: "json_invalid",
            }
        } else {
            WebError::Unreadable {
                field,
                code: "value_invalid",
            }
        }
    })
}

/// The path `serde_path_to_error` gives, or none for the document itself.
fn unreadable_field(path: &str) -> Option<String> {
    (!path.is_empty() && path != ".").then(|| path.to_string())
}

/// A query string read into `T`, its errors named like [`ApiJson`]'s.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> axum::extract::FromRequestParts<S> for ApiQuery<T> {
    type Rejection = WebError;
    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(ApiQuery)
            .map_err(|e| {
                tracing::debug!(error = %e, "unreadable query");
                WebError::Unreadable {
                    field: unreadable_field(&e.path().to_string()),
                    code: "value_invalid",
                }
            })
    }
}

/// A path id that is not a number is simply not found.
pub fn path_id(raw: &str) -> WebResult<i64> {
    raw.parse().map_err(|_| WebError::NotFound)
}

/// The id of what a request created.
#[derive(Serialize)]
pub struct Created {
    pub id: i64,
}

/// Accepts an empty body as the default input.
pub fn optional_json<T: DeserializeOwned + Default>(body: &[u8]) -> WebResult<T> {
    if body.iter().all(u8::is_ascii_whitespace) || body.trim_ascii() == b"null" {
        return Ok(T::default());
    }
    read_json(body)
}

pub use zicht_acts::input::text_or_number;
