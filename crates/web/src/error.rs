//! The web layer's one error type, mapped once to HTTP responses.
//!
//! Every error becomes a JSON body `{code, message, errors}` with a stable
//! code and a message in the user's language. Page routes turn the same
//! response into an HTML page in [`crate::pages::render_error_page`].

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use serde::Serialize;
use zicht_domain::{DomainError, ErrorKind};
use zicht_storage::StoreError;

use crate::i18n::{current_lang, Lang, Tr};

#[derive(Debug)]
pub enum WebError {
    Store(StoreError),
    /// The request names no known employee to act as.
    NoActor,
    NotFound,
    /// The request itself could not be read. The text is for the server's
    /// debug log only: parser details mean nothing to a user.
    BadRequest(String),
    /// A field of the request could not be read (text where a number
    /// belongs, a negative count, an unknown choice): named, never quoted.
    Unreadable {
        field: Option<String>,
        code: &'static str,
    },
    /// The body is over the limit for its route (see [`crate::limits`]).
    TooLarge,
}

impl WebError {
    /// A failure inside that well-formed data cannot cause: logged, never shown.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        WebError::Store(StoreError::Corrupt(detail.to_string()))
    }

    /// A field that does not have the right form.
    pub fn unreadable(field: &str) -> Self {
        WebError::Unreadable {
            field: Some(field.to_string()),
            code: "value_invalid",
        }
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        WebError::Store(e)
    }
}

impl From<DomainError> for WebError {
    fn from(e: DomainError) -> Self {
        WebError::Store(StoreError::Rule(e))
    }
}

impl From<Vec<DomainError>> for WebError {
    fn from(e: Vec<DomainError>) -> Self {
        WebError::Store(StoreError::Invalid(e))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldError {
    pub field: Option<String>,
    pub code: &'static str,
    pub message: &'static str,
}

/// The JSON body of every error response; also left in the response's
/// extensions so page routes can render it as HTML.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorBody {
    pub code: &'static str,
    pub message: String,
    pub errors: Vec<FieldError>,
}

fn field_errors(errors: &[DomainError], lang: Lang) -> Vec<FieldError> {
    errors
        .iter()
        .map(|e| FieldError {
            field: e.field.map(str::to_string),
            code: e.code,
            message: Tr::new(lang).message(e.code),
        })
        .collect()
}

impl WebError {
    pub fn status_and_body(&self, lang: Lang) -> (StatusCode, ErrorBody) {
        let text = |code| Tr::new(lang).message(code).to_string();
        match self {
            WebError::Store(StoreError::Rule(e)) => {
                let status = match e.kind {
                    ErrorKind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
                    ErrorKind::Conflict => StatusCode::CONFLICT,
                    ErrorKind::Forbidden => StatusCode::FORBIDDEN,
                    ErrorKind::Throttled => StatusCode::TOO_MANY_REQUESTS,
                };
                (
                    status,
                    ErrorBody {
                        code: e.code,
                        message: text(e.code),
                        errors: field_errors(std::slice::from_ref(e), lang),
                    },
                )
            }
            WebError::Store(StoreError::Invalid(errors)) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorBody {
                    code: "invalid_input",
                    message: text("invalid_input"),
                    errors: field_errors(errors, lang),
                },
            ),
            WebError::Store(StoreError::NotFound(_)) | WebError::NotFound => (
                StatusCode::NOT_FOUND,
                ErrorBody {
                    code: "not_found",
                    message: text("not_found"),
                    errors: vec![],
                },
            ),
            WebError::NoActor => (
                StatusCode::UNAUTHORIZED,
                ErrorBody {
                    code: "actor_required",
                    message: text("actor_required"),
                    errors: vec![],
                },
            ),
            WebError::BadRequest(detail) => {
                tracing::debug!(%detail, "unreadable request");
                (
                    StatusCode::BAD_REQUEST,
                    ErrorBody {
                        code: "bad_request",
                        message: text("bad_request"),
                        errors: vec![],
                    },
                )
            }
            WebError::Unreadable { field, code } => (
                StatusCode::BAD_REQUEST,
                ErrorBody {
                    code: "bad_request",
                    message: text("bad_request"),
                    errors: vec![FieldError {
                        field: field.clone(),
                        code,
                        message: Tr::new(lang).message(code),
                    }],
                },
            ),
            WebError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorBody {
                    code: "too_large",
                    message: text("too_large"),
                    errors: vec![],
                },
            ),
            WebError::Store(
                e @ (StoreError::Database(_)
                | StoreError::Corrupt(_)
                | StoreError::UnknownDatabaseUrl
                | StoreError::LogKeyMissing
                | StoreError::LogKeyMismatch),
            ) => {
                // Details go to the log, never to the user.
                tracing::error!(error = %e, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorBody {
                        code: "internal",
                        message: text("internal"),
                        errors: vec![],
                    },
                )
            }
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, body) = self.status_and_body(current_lang());
        let mut response = (status, Json(body.clone())).into_response();
        response.extensions_mut().insert(body);
        response
    }
}

pub type WebResult<T> = Result<T, WebError>;
