//! The domain's one error type: a rule was broken or input was invalid.
//!
//! Every error carries a stable `code` (used by the API and the tests) and,
//! for input errors, the `field` it belongs to so a form can show the message
//! next to it. The words users read for a code, in Dutch and English, are
//! the web layer's (`zicht_web::i18n`).

use std::fmt;

/// What kind of rule an error breaks; the web layer maps each kind to a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input itself is wrong (422).
    Invalid,
    /// The input is fine but the current state forbids the act (409).
    Conflict,
    /// The actor may not do this (403).
    Forbidden,
    /// Too many attempts; try again later (429).
    Throttled,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainError {
    pub kind: ErrorKind,
    pub code: &'static str,
    pub field: Option<&'static str>,
}

impl DomainError {
    pub fn invalid(field: &'static str, code: &'static str) -> Self {
        Self {
            kind: ErrorKind::Invalid,
            code,
            field: Some(field),
        }
    }
    pub fn conflict(code: &'static str) -> Self {
        Self {
            kind: ErrorKind::Conflict,
            code,
            field: None,
        }
    }
    pub fn throttled(code: &'static str) -> Self {
        Self {
            kind: ErrorKind::Throttled,
            code,
            field: None,
        }
    }
    pub fn forbidden(code: &'static str) -> Self {
        Self {
            kind: ErrorKind::Forbidden,
            code,
            field: None,
        }
    }
}

impl fmt::Display for DomainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

impl std::error::Error for DomainError {}
